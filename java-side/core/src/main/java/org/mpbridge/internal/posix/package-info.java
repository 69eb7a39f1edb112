/**
 * <b>Internal, not API.</b> The glibc calls behind {@code org.mpbridge.shm} and {@code org.mpbridge.sem}, bound
 * with JNA: direct mapping ({@code static native}) for every fixed-argument function, interface mapping only for
 * the variadic ones ({@code sem_open}, {@code open}), and errno read with {@link com.sun.jna.Native#getLastError()}
 * right after a failed return (never {@code throws LastErrorException}, which fires on stale errno).
 * Linux only; glibc 2.34 or later (every symbol in {@code libc.so.6}).
 */
package org.mpbridge.internal.posix;
