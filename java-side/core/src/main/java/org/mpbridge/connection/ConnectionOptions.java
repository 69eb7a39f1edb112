package org.mpbridge.connection;

import java.time.Duration;
import org.mpbridge.auth.AuthScheme;

/**
 * Tunables of a connection. {@code maxFrameLength} bounds what one received frame may declare (CPython has
 * no bound); memory grows only as bytes really arrive, so a lying header costs nothing either way.
 *
 * @param maxFrameLength largest accepted frame, in bytes (default 8 GiB)
 * @param handshakeTimeout bound on the whole authentication exchange (default 30 s)
 * @param authScheme which challenge this side delivers (default {@link AuthScheme#MODERN}, as CPython 3.12+)
 * @param idleTimeout a {@code recv} without its own timeout closes the connection when no message starts within
 *     this long (null: wait forever, as CPython); the caller gets {@link java.io.InterruptedIOException}
 * @param readTimeout once a frame's first byte came, the rest must come within this long, else the connection is
 *     closed (null: forever, as CPython; a peer that sends half a header is then held forever)
 */
public record ConnectionOptions(long maxFrameLength, Duration handshakeTimeout, AuthScheme authScheme,
                                Duration idleTimeout, Duration readTimeout) {
    public static final long DEFAULT_MAX_FRAME_LENGTH = 8L << 30;

    public ConnectionOptions {
        if (maxFrameLength < 0) throw new IllegalArgumentException("maxFrameLength < 0: " + maxFrameLength);
        for (Duration d : new Duration[] {idleTimeout, readTimeout}) {
            if (d != null && (d.isNegative() || d.isZero())) throw new IllegalArgumentException("timeout must be > 0: " + d);
        }
    }

    public ConnectionOptions(long maxFrameLength, Duration handshakeTimeout, AuthScheme authScheme) {
        this(maxFrameLength, handshakeTimeout, authScheme, null, null);
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(30), AuthScheme.MODERN);
    }

    public ConnectionOptions withMaxFrameLength(long bytes) {
        return new ConnectionOptions(bytes, handshakeTimeout, authScheme, idleTimeout, readTimeout);
    }

    public ConnectionOptions withHandshakeTimeout(Duration timeout) {
        return new ConnectionOptions(maxFrameLength, timeout, authScheme, idleTimeout, readTimeout);
    }

    public ConnectionOptions withAuthScheme(AuthScheme scheme) {
        return new ConnectionOptions(maxFrameLength, handshakeTimeout, scheme, idleTimeout, readTimeout);
    }

    /** See {@code idleTimeout}; null turns it off. */
    public ConnectionOptions withIdleTimeout(Duration timeout) {
        return new ConnectionOptions(maxFrameLength, handshakeTimeout, authScheme, timeout, readTimeout);
    }

    /** See {@code readTimeout}; null turns it off. */
    public ConnectionOptions withReadTimeout(Duration timeout) {
        return new ConnectionOptions(maxFrameLength, handshakeTimeout, authScheme, idleTimeout, timeout);
    }
}
