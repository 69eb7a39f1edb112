package org.mpbridge.testkit;

/** How a {@link PythonPeer} and the test talk. */
public enum Transport {
    /** The peer listens on {@code {listen}} = {@code tcp:127.0.0.1:0} and prints {@code READY tcp:HOST:PORT}. */
    TCP,
    /** The peer listens on {@code {listen}} = {@code unix:<temp dir>/peer.sock} and prints {@code READY unix:PATH}. */
    UNIX,
    /**
     * The peer is a child whose stdin/stdout are the connection (the seeds' {@code Pipe()}); no READY line:
     * {@link PythonPeerProcess#connection()} is the test's end.
     */
    STDIO
}
