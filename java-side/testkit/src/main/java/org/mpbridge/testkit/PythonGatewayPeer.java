package org.mpbridge.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field of type {@link org.mpbridge.py4j.PythonGateway} that the extension fills with a CPython process joined
 * to the test's JVM by Py4J (Java calls Python functions and takes Python objects as Java interfaces); static:
 * one for the class, instance: one per test; closed afterwards. The class needs {@link PythonPeerTest}.
 *
 * <pre>{@code
 * @PythonGatewayPeer(python = "3.12")
 * PythonGateway py;
 * }</pre>
 *
 * <p>{@code python-side/src} is on its {@code PYTHONPATH} (the {@code mpbridge} helpers), with {@link #pythonPath()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface PythonGatewayPeer {
    /** The CPython version; empty: the version of the current {@link EveryPython} invocation, else the newest found. */
    String python() default "";

    /** Bounds the start and every call. */
    int timeoutSeconds() default 60;

    /** More {@code PYTHONPATH} entries (your modules). */
    String[] pythonPath() default {};
}
