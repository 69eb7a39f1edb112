/**
 * mpbridge: Java peers for CPython's {@code multiprocessing} IPC. The exception hierarchy mirrors CPython's:
 * <pre>
 *   CPython                               Java
 *   multiprocessing.ProcessError          {@link org.mpbridge.ProcessException} (an IOException)
 *   multiprocessing.AuthenticationError   {@link org.mpbridge.AuthenticationException}
 *   multiprocessing.BufferTooShort        {@link org.mpbridge.BufferTooShortException}
 *   EOFError (peer closed)                java.io.EOFException
 *   OSError("bad message length"), ...    {@link org.mpbridge.ProtocolException}
 *   an exception raised by the peer       {@link org.mpbridge.PythonException} (type, args, traceback)
 * </pre>
 */
package org.mpbridge;
