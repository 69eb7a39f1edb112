package org.mpbridge.manager.server;

import org.mpbridge.PythonException;

/** What {@code threading.Condition} needs of its lock: a Lock or an RLock of the same manager. */
interface LockLike {
    /** Acquires; {@code timeoutNanos} -1 waits forever. */
    boolean acquireLock(boolean blocking, long timeoutNanos) throws PythonException;

    void releaseLock() throws PythonException;

    /** {@code Condition._is_owned()}. */
    boolean isOwned();

    /** {@code _release_save()}: releases fully, returning what {@link #acquireRestore} needs. */
    Object releaseSave() throws PythonException;

    /** {@code _acquire_restore(state)}. */
    void acquireRestore(Object state) throws PythonException;
}
