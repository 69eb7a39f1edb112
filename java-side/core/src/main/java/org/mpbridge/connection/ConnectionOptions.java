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
 */
public record ConnectionOptions(long maxFrameLength, Duration handshakeTimeout, AuthScheme authScheme) {
    public static final long DEFAULT_MAX_FRAME_LENGTH = 8L << 30;

    public ConnectionOptions {
        if (maxFrameLength < 0) throw new IllegalArgumentException("maxFrameLength < 0: " + maxFrameLength);
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(DEFAULT_MAX_FRAME_LENGTH, Duration.ofSeconds(30), AuthScheme.MODERN);
    }

    public ConnectionOptions withMaxFrameLength(long bytes) {
        return new ConnectionOptions(bytes, handshakeTimeout, authScheme);
    }

    public ConnectionOptions withHandshakeTimeout(Duration timeout) {
        return new ConnectionOptions(maxFrameLength, timeout, authScheme);
    }

    public ConnectionOptions withAuthScheme(AuthScheme scheme) {
        return new ConnectionOptions(maxFrameLength, handshakeTimeout, scheme);
    }
}
