package org.mpbridge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The golden bytes made by each CPython ({@code make fixtures}): {@code fixtures/py3.X.json} on the test
 * classpath, one per supported version. They are committed, so every one must be there: a missing file fails the
 * tests rather than quietly narrowing them.
 */
public final class Fixtures {
    private Fixtures() {}

    public static final String[] VERSIONS = {"3.8", "3.9", "3.10", "3.11", "3.12", "3.13"};

    public record Fixture(String version, JsonNode root) {}

    public static List<Fixture> all() {
        List<Fixture> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String v : VERSIONS) {
            try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/py" + v + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("fixtures/py" + v + ".json is missing: regenerate with 'make fixtures' on a"
                            + " machine with CPython " + v + ", or restore it from git");
                }
                out.add(new Fixture(v, mapper.readTree(in)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    public static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
