package org.mpbridge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.jep.EmbeddedPython;

/**
 * A Python peer program running in a thread of this JVM's embedded CPython ({@link InProcessPythonPeer}); it
 * talks to the test over a real socket. {@link #close()} raises {@code SystemExit} in its thread (woken from a
 * blocking {@code accept()} by a connection to its address) and closes its interpreter. Connections the test
 * opened should be closed first: a thread blocked in {@code recv} ends when its peer closes.
 */
public final class InProcessPeer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HELPER = resource("inprocess_peer.py");

    private final String name;
    private final List<String> command;
    private final Path dir;
    private final byte[] authkey;
    private final EmbeddedPython python;
    private final Address address;
    private volatile boolean closed;

    private InProcessPeer(String name, List<String> command, Path dir, byte[] authkey, EmbeddedPython python, Address address) {
        this.name = name;
        this.command = command;
        this.dir = dir;
        this.authkey = authkey;
        this.python = python;
        this.address = address;
    }

    /** Starts the program and waits for its {@code READY <ADDR>}; a {@link PeerStartException} with the Python error otherwise. */
    public static InProcessPeer start(String name, InProcessPythonPeer spec) {
        if (spec.transport() == Transport.STDIO) {
            throw new PeerStartException("in-process python peer " + name + ": STDIO is not a transport inside the JVM; use TCP or UNIX", null);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("mpb-inproc-");
        } catch (IOException e) {
            throw new PeerStartException("in-process python peer " + name + ": cannot make a temporary directory: " + e.getMessage(), e);
        }
        byte[] key = spec.authkeyEnv().isEmpty() ? null : HexFormat.of().formatHex(random16()).getBytes(StandardCharsets.UTF_8);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("listen", spec.transport() == Transport.UNIX ? "unix:" + dir.resolve("peer.sock") : "tcp:127.0.0.1:0");
        values.put("dir", dir.toString());
        values.put("authkey_env", spec.authkeyEnv());
        List<String> argv = new ArrayList<>();
        for (String arg : spec.value()) {
            String out = arg;
            for (Map.Entry<String, String> e : values.entrySet()) out = out.replace("{" + e.getKey() + "}", e.getValue());
            argv.add(out);
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (key != null) env.put(spec.authkeyEnv(), new String(key, StandardCharsets.UTF_8));
        EmbeddedPython py = null;
        try {
            py = EmbeddedPython.start();
            py.exec(HELPER);
            py.set("_mpb_argv", argv);
            py.set("_mpb_env", env);
            py.set("_mpb_path", Repo.pythonSource().toString());
            py.exec("_mpb_peer = Peer(_mpb_argv, _mpb_path, _mpb_env)");
            Object problem = py.call("_mpb_peer.start", spec.readyTimeoutSeconds());
            if (problem != null) throw new PeerStartException("in-process python peer " + name + " " + argv + ": " + problem, null);
            Address address = Address.parse((String) py.eval("_mpb_peer.address"));
            return new InProcessPeer(name, List.copyOf(argv), dir, key, py, address);
        } catch (IOException | RuntimeException e) {
            if (py != null) py.close();
            deleteTree(dir);
            if (e instanceof PeerStartException pse) throw pse;
            throw new PeerStartException("in-process python peer " + name + " " + argv + ": " + e.getMessage(), e);
        }
    }

    private static byte[] random16() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The address from the program's {@code READY <ADDR>} line. */
    public Address address() {
        return address;
    }

    public byte[] authkey() {
        return authkey == null ? null : authkey.clone();
    }

    /** A new {@code multiprocessing.connection.Client} connection to the peer, with its authkey. */
    public Connection connect() throws IOException {
        return Client.connect(address, authkey);
    }

    /** What the program printed after its READY line. */
    public String stdout() throws IOException {
        Object lines = python.eval("'\\n'.join(_mpb_peer.lines)");
        return String.valueOf(lines);
    }

    /** The embedded CPython's version. */
    public String pythonVersion() {
        return python.pythonVersion();
    }

    public String describe() {
        return name + " [in-process CPython " + python.pythonVersion() + "]: " + String.join(" ", command);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            python.call("_mpb_peer.stop", 10);
        } catch (IOException | RuntimeException ignored) {
            // the interpreter goes anyway
        } finally {
            python.close();
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static String resource(String file) {
        try (InputStream in = InProcessPeer.class.getResourceAsStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + file, e);
        }
    }

    @Override
    public String toString() {
        return "InProcessPeer(" + describe() + ")";
    }
}
