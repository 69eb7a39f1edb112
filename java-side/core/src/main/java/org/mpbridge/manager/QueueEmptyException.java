package org.mpbridge.manager;

import java.util.List;
import org.mpbridge.PythonException;

/** Python's {@code queue.Empty} (pickled as {@code _queue.Empty}): a non-blocking or timed {@code get} found nothing. */
public class QueueEmptyException extends PythonException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(List<Object> args) {
        super(PythonErrors.QUEUE_EMPTY, args, null);
    }
}
