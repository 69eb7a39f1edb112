package org.mpbridge.process;

/**
 * The body of a Java child started by Python's {@code mpbridge.JavaProcess(target="com.acme.Consumer", ...)}: the
 * class needs a public no-argument constructor. Returning normally exits 0 (a Python child's {@code run()} returning);
 * an uncaught exception exits 1 with a traceback-like report on stderr; {@link ProcessContext#exit(int)} exits with a
 * code of your choice ({@code sys.exit(n)}).
 */
@FunctionalInterface
public interface JavaTarget {
    void run(ProcessContext ctx) throws Exception;
}
