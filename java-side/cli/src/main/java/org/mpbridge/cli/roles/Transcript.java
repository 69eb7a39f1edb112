package org.mpbridge.cli.roles;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a role writes what it observed, one line at a time, each flushed at once (UTF-8 whatever the locale):
 * to the file named by {@code $MPBRIDGE_OUT} when set (the runner sets it for a child whose stdout is a pipe),
 * else to stdout, or to stderr once stdout has become a connection ({@link #stdoutIsConnection()}).
 * The {@code READY <ADDR>} handshake line always goes to stdout.
 */
public final class Transcript {
    private static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);
    private static final OutputStream STDERR = new FileOutputStream(FileDescriptor.err);
    private static volatile boolean stdoutIsConnection;

    private Transcript() {}

    /** From now on stdout carries messages: transcript lines go elsewhere. */
    public static void stdoutIsConnection() {
        stdoutIsConnection = true;
    }

    public static synchronized void line(String text) {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        String path = System.getenv("MPBRIDGE_OUT");
        try {
            if (path != null && !path.isEmpty()) {
                try (FileOutputStream f = new FileOutputStream(path, true)) {
                    f.write(bytes);  // one write(2) on an O_APPEND file: lines of several processes never mix
                }
            } else {
                OutputStream target = stdoutIsConnection ? STDERR : STDOUT;
                target.write(bytes);
                target.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the transcript line " + text, e);
        }
    }

    /** The readiness handshake of a listening role: {@code READY <ADDR>} on stdout. */
    public static synchronized void ready(Object address) {
        System.out.println("READY " + address);
        System.out.flush();
    }
}
