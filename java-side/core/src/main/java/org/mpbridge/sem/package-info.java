/**
 * POSIX named semaphores shared with CPython: {@link org.mpbridge.sem.NamedSemaphore} (raw {@code sem_open}),
 * {@link org.mpbridge.sem.SemLock} ({@code _multiprocessing.SemLock} semantics), {@link org.mpbridge.sem.Lock},
 * {@link org.mpbridge.sem.BoundedSemaphore}. Python's stdlib-only counterpart is {@code mpbridge.sem}.
 */
package org.mpbridge.sem;
