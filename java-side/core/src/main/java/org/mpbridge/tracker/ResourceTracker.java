package org.mpbridge.tracker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mpbridge.sem.NamedSemaphore;
import org.mpbridge.shm.SharedMemory;

/**
 * Java's counterpart of CPython's {@code multiprocessing.resource_tracker}: a small process that outlives its
 * creator and removes the shared-memory segments and named semaphores the creator registered but did not
 * unregister -- because it was killed with SIGKILL, crashed, or exited without cleaning up.
 *
 * <p>The creator starts the tracker lazily on its first {@link #register} and keeps a pipe to its stdin. Lines
 * {@code REGISTER shm NAME}, {@code REGISTER sem NAME}, {@code UNREGISTER ...} go down the pipe; when the pipe
 * reaches end of file (the creator is gone, however it died), the tracker unlinks what is still registered,
 * says so on stderr (as CPython's tracker warns about "leaked shared_memory objects") and exits. The tracker
 * ignores SIGINT, SIGTERM and SIGHUP (a Ctrl-C or a group kill meant for its creator), as CPython's does.
 *
 * <p>Tracking is opt-in: {@link SharedMemory#create} and {@link NamedSemaphore#create} stay untracked, because
 * making a name for another process to remove (CPython's {@code track=False}) is a legitimate use. A creator that
 * holds names for its own lifetime registers them right after creating them and unregisters them after unlinking
 * ({@code mpbridge bench --shm P --serve} does). If the tracker cannot be started, registration is a no-op with a
 * warning on stderr: cleanup on normal exit and on SIGTERM (shutdown hooks) does not depend on it.
 */
public final class ResourceTracker {
    /** What a name refers to. */
    public enum Kind {
        SHARED_MEMORY("shm"),
        SEMAPHORE("sem");

        final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        static Kind of(String wire) {
            for (Kind k : values()) if (k.wire.equals(wire)) return k;
            throw new IllegalArgumentException("unknown kind " + wire);
        }
    }

    private static ResourceTracker instance;

    private final Process process;
    private final OutputStream pipe;

    private ResourceTracker(Process process) {
        this.process = process;
        this.pipe = process == null ? null : process.getOutputStream();
    }

    /** This JVM's tracker, started on first use. */
    public static synchronized ResourceTracker get() {
        if (instance == null) instance = new ResourceTracker(start());
        return instance;
    }

    /** Whether a tracker process is running for this JVM. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The tracker's pid, or -1 when none could be started. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Remove {@code name} if this JVM ends without {@link #unregister} of it. */
    public void register(Kind kind, String name) {
        send("REGISTER", kind, name);
    }

    /** {@code name} was removed (or handed over): the tracker forgets it. */
    public void unregister(Kind kind, String name) {
        send("UNREGISTER", kind, name);
    }

    private synchronized void send(String op, Kind kind, String name) {
        if (pipe == null || name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) return;
        try {
            pipe.write((op + " " + kind.wire + " " + name + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException trackerGone) {
            // nothing to do: cleanup on normal exit and SIGTERM does not depend on the tracker
        }
    }

    private static Process start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xshare:auto", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx16m",
                "-cp", System.getProperty("java.class.path"), ResourceTracker.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        // a runner's "kill this cell's descendants" marker would take the tracker down with its creator
        pb.environment().remove("MPBRIDGE_CELL");
        try {
            return pb.start();
        } catch (IOException e) {
            System.err.println("mpbridge: resource tracker not started (" + e.getMessage()
                    + "); names are removed on normal exit and SIGTERM only");
            return null;
        }
    }

    // ---- the tracker process

    /** The tracker: reads registrations until end of file, then removes what is left. */
    public static void main(String[] args) throws IOException {
        ignore("INT");
        ignore("TERM");
        ignore("HUP");
        Set<String> live = new LinkedHashSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ", 3);
                if (f.length != 3) continue;
                String key = f[1] + " " + f[2];
                if (f[0].equals("REGISTER")) live.add(key);
                else if (f[0].equals("UNREGISTER")) live.remove(key);
            }
        } catch (IOException creatorGone) {
            // same as end of file
        }
        List<String> removed = new ArrayList<>();
        for (String key : live) {
            String[] f = key.split(" ", 2);
            try {
                if (Kind.of(f[0]) == Kind.SHARED_MEMORY) SharedMemory.unlink(f[1]);
                else NamedSemaphore.unlink(f[1]);
                removed.add(f[1]);
            } catch (IOException | RuntimeException alreadyGone) {
                // removed by someone else meanwhile
            }
        }
        if (!removed.isEmpty()) {
            System.err.println("mpbridge resource tracker: removed " + removed.size()
                    + " name(s) its creator left behind: " + String.join(", ", removed));
        }
    }

    /** {@code signal(sig, SIG_IGN)} through sun.misc.Signal (jdk.unsupported), by reflection to stay warning-free. */
    private static void ignore(String signal) {
        try {
            Class<?> sig = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object ign = handler.getField("SIG_IGN").get(null);
            sig.getMethod("handle", sig, handler).invoke(null, sig.getConstructor(String.class).newInstance(signal), ign);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // best effort: without it a group signal may end the tracker early
        }
    }
}
