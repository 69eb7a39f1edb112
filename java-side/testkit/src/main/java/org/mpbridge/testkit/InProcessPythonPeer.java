package org.mpbridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link PythonPeer} that runs inside the test's JVM (Jep) instead of as a process: a field of type
 * {@link InProcessPeer}. The same program ({@code {"-m", "module", "{listen}", ...}}) runs in a Python thread of
 * the JVM's embedded CPython and still talks to the test over a real socket (its {@code READY <ADDR>} line gives
 * the address). It starts faster than a process; the CPython is the one Jep embeds (the project virtualenv's,
 * 3.10+), not one chosen per test. Static: one for the class, instance: one per test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InProcessPythonPeer {
    /** {@code {"-m", "module", args...}} or {@code {"path/to/script.py", args...}}; placeholders as for {@link PythonPeer}. */
    String[] value();

    /** TCP or UNIX (a socket: STDIO has no meaning inside the JVM). */
    Transport transport() default Transport.TCP;

    /** When not empty: a fresh random authkey in this environment variable while the peer starts. */
    String authkeyEnv() default "";

    int readyTimeoutSeconds() default 60;
}
