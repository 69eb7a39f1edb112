package org.mpbridge.process;

import java.util.List;
import java.util.Map;

/**
 * What a Java child of a Python parent receives: the {@code Process}'s {@code args} and {@code kwargs} decoded to
 * mpbridge Java objects (see {@link SpawnObjects}: {@code Connection}, {@link MpQueue}, {@code SemLock},
 * {@link MpCondition}, {@link MpEvent}, plain values as the pickle codec maps them), and the process's identity.
 */
public interface ProcessContext {
    /** {@code Process.args}, each decoded. */
    List<Object> args();

    /** {@code Process.kwargs}, each decoded (keys are Python strings). */
    Map<String, Object> kwargs();

    /** {@code args()[index]} as {@code type}, with a clear error when it is something else. */
    default <T> T arg(int index, Class<T> type) {
        if (index >= args().size()) {
            throw new IllegalArgumentException("the process has " + args().size() + " args, asked for args[" + index + "]");
        }
        Object value = args().get(index);
        if (!type.isInstance(value)) {
            throw new ClassCastException("args[" + index + "] is " + (value == null ? "None" : value.getClass().getName())
                    + ", not " + type.getName());
        }
        return type.cast(value);
    }

    /** {@code Process.name} ({@code JavaProcess-1} unless named). */
    String name();

    /** {@code Process.authkey}: the parent's key (inherited, as a CPython child inherits it). */
    byte[] authkey();

    /** {@code os.getppid()} as the parent recorded it ({@code Process._parent_pid}). */
    long parentPid();

    /** This process's pid. */
    default long pid() {
        return ProcessHandle.current().pid();
    }

    boolean daemon();

    /** {@code sys.exit(code)}: leaves {@link JavaTarget#run} and exits with this code. */
    default void exit(int code) {
        throw new ProcessExit(code);
    }
}
