package org.mpbridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of type {@link PythonPeerProcess} that the extension fills with a running Python program: a static
 * field is one peer for the whole class, an instance field a fresh peer for every test; JUnit stops them
 * afterwards. The class needs {@link PythonPeerTest}.
 *
 * <pre>{@code
 * @PythonPeer(value = {"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"}, python = "3.12")
 * PythonPeerProcess echo;
 * }</pre>
 *
 * <p>The command runs as {@code <python> ARGS...} in a temporary directory of its own, with {@code PYTHONPATH}
 * holding the stdlib-only {@code mpbridge} helpers and peers that ship inside the mpbridge-testkit jar (extracted
 * once per version into {@code ~/.cache/mpbridge}; {@code $MPBRIDGE_REPO} points at a checkout's instead). Only a
 * CPython on the machine is needed. Placeholders: {@code {listen}} (the transport's address to listen on),
 * {@code {dir}} (the peer's temporary directory), {@code {authkey_env}}, {@code {project}} (the test's project
 * directory, Maven's {@code basedir}: {@code "{project}/src/test/python/peer.py"} for a script of your own).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface PythonPeer {
    /** The interpreter's arguments: {@code {"-m", "module", ...}} or {@code {"path/to/script.py", ...}}. */
    String[] value();

    /**
     * The CPython version ({@code "3.12"}, {@code "3.12.1"}); empty: the version of the current
     * {@link EveryPython} invocation, else the newest found.
     */
    String python() default "";

    Transport transport() default Transport.TCP;

    /** Environment variables for the peer, {@code "NAME=VALUE"}. */
    String[] env() default {};

    /**
     * When not empty: a fresh random authkey is put in this environment variable of the peer (say
     * {@code --authkey-env MPB_AUTHKEY} in the command); {@link PythonPeerProcess#authkey()} returns it.
     */
    String authkeyEnv() default "";

    /** How long the peer has to print its {@code READY <ADDR>} line. */
    int readyTimeoutSeconds() default 60;

    /**
     * Where the peer runs: {@link PeerRuntime#CONTAINER} puts it in its CPython's container (same handle, same
     * transports); DEFAULT: the {@link EveryPython} invocation's runtime, else {@code $MPBRIDGE_PEER_RUNTIME}, else local.
     */
    PeerRuntime runtime() default PeerRuntime.DEFAULT;
}
