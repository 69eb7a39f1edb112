package org.mpbridge.auth;

/** Which challenge this side delivers. Answering always understands both, as CPython 3.12+ does. */
public enum AuthScheme {
    /** CPython 3.12+: {@code #CHALLENGE#{sha256}} + 40 random bytes; every 2.7–3.13 client answers it. */
    MODERN,
    /** CPython ≤ 3.11: {@code #CHALLENGE#} + 20 random bytes, HMAC-MD5 answer. */
    LEGACY
}
