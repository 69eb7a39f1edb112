package org.mpbridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts about this build of mpbridge. */
public final class Mpbridge {
    private static final String VERSION = load();

    private Mpbridge() {}

    /** The version of the POMs this jar was built from, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Mpbridge.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("org/mpbridge/version.properties is missing from the mpbridge-core jar");
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isEmpty() || v.startsWith("${")) throw new IllegalStateException("version.properties was not filtered by the build: " + v);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
