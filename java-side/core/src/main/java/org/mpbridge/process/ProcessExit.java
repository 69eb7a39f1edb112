package org.mpbridge.process;

/** Thrown by {@link ProcessContext#exit(int)}: the child's {@code sys.exit(code)}; unwinds finally blocks, then exits. */
public final class ProcessExit extends RuntimeException {
    private final int code;

    public ProcessExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
