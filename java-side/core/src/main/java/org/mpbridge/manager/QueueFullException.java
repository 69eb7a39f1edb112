package org.mpbridge.manager;

import java.util.List;
import org.mpbridge.PythonException;

/** Python's {@code queue.Full}: a non-blocking or timed {@code put} on a bounded queue found no room. */
public class QueueFullException extends PythonException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(List<Object> args) {
        super(PythonErrors.QUEUE_FULL, args, null);
    }
}
