package org.mpbridge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.mpbridge.Mpbridge;

/**
 * The stdlib-only {@code mpbridge} Python package that ships inside this jar (under {@value #PREFIX}), extracted once
 * into a per-version cache directory: {@code $MPBRIDGE_CACHE}, else {@code $XDG_CACHE_HOME/mpbridge}, else
 * {@code ~/.cache/mpbridge}; then {@code testkit-python/<version>-<content hash>/mpbridge/...}. The hash keeps two
 * builds of one SNAPSHOT apart; extraction goes to a temporary sibling renamed into place, so concurrent JVMs
 * never see half a copy.
 */
final class BundledPython {
    static final String PREFIX = "org/mpbridge/testkit/python/";
    private static final String MARKER = PREFIX + "mpbridge/__init__.py";
    private static volatile Path extracted;

    private BundledPython() {}

    static synchronized Path directory() {
        if (extracted == null) {
            try {
                extracted = extract(read());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the mpbridge Python helpers from the mpbridge-testkit jar", e);
            }
        }
        return extracted;
    }

    static Path cacheRoot() {
        String env = System.getenv("MPBRIDGE_CACHE");
        if (env != null && !env.isEmpty()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("mpbridge");
    }

    /** Relative path ("mpbridge/peers/echo_listener.py") to content, sorted. */
    private static Map<String, byte[]> read() throws IOException {
        URL marker = BundledPython.class.getClassLoader().getResource(MARKER);
        if (marker == null) throw new IOException(MARKER + " is not on the classpath (a broken mpbridge-testkit jar?)");
        Map<String, byte[]> files = new TreeMap<>();
        URLConnection connection = marker.openConnection();
        if (connection instanceof JarURLConnection jar) {
            connection.setUseCaches(false);
            try (JarFile file = new JarFile(Path.of(jar.getJarFileURL().toURI()).toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.isDirectory() || !e.getName().startsWith(PREFIX)) continue;
                    try (InputStream in = file.getInputStream(e)) {
                        files.put(e.getName().substring(PREFIX.length()), in.readAllBytes());
                    }
                }
            } catch (URISyntaxException e) {
                throw new IOException("cannot open " + marker, e);
            }
        } else {
            Path root;
            try {
                root = Path.of(marker.toURI()).getParent().getParent();  // .../org/mpbridge/testkit/python
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("cannot read " + marker, e);
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                    files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        }
        return files;
    }

    private static Path extract(Map<String, byte[]> files) throws IOException {
        Path target = cacheRoot().resolve("testkit-python").resolve(Mpbridge.version() + "-" + hash(files));
        if (Files.isRegularFile(target.resolve(".complete"))) return target;
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempDirectory(target.getParent(), ".extracting-");
        try {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path out = tmp.resolve(e.getKey()).normalize();
                if (!out.startsWith(tmp)) throw new IOException("bad entry " + e.getKey());
                Files.createDirectories(out.getParent());
                Files.write(out, e.getValue());
            }
            Files.writeString(tmp.resolve(".complete"), Mpbridge.version() + "\n");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException raced) {
                if (!Files.isRegularFile(target.resolve(".complete"))) throw raced;  // another JVM won: use its copy
            }
        } finally {
            deleteTree(tmp);
        }
        return target;
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                d.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue());
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
