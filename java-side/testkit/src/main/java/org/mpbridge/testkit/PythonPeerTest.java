package org.mpbridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Turns on the {@link PythonPeer} fields of a test class (as Testcontainers' {@code @Testcontainers} does for
 * {@code @Container} fields): peers start before the tests that need them, after a readiness handshake, and
 * stop when JUnit closes their scope; a failing test's message carries the peers' stderr.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PythonPeerExtension.class)
public @interface PythonPeerTest {
    /**
     * With no CPython 3.8-3.13 on the machine: true disables the class (a skip with the reason; a failure when
     * {@code MPBRIDGE_STRICT=1}, as in CI), false lets each peer fail to start, naming what was tried.
     */
    boolean disabledWithoutPython() default false;
}
