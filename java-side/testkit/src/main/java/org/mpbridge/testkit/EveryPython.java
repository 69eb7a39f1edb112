package org.mpbridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test once per CPython 3.8-3.13 found ({@code [CPython 3.12.1]} in the report). Instance
 * {@link PythonPeer} fields without an explicit {@code python} run under that interpreter, and a
 * {@link PythonInterpreter} parameter receives it. No interpreter found: the test fails naming what was tried.
 *
 * <pre>{@code
 * @EveryPython
 * void roundTrip(PythonInterpreter python) throws IOException { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(EveryPythonExtension.class)
public @interface EveryPython {
    /** Only these versions ({@code "3.9,3.12"}); empty: all found. */
    String value() default "";

    /** Where the invocations' instance peers run (those whose own {@code runtime} is DEFAULT). */
    PeerRuntime runtime() default PeerRuntime.DEFAULT;
}
