package org.mpbridge.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mpbridge.AuthenticationException;

/**
 * CPython's challenge/response ({@code deliver_challenge} / {@code answer_challenge} in
 * Lib/multiprocessing/connection.py), both eras: the legacy 20-byte HMAC-MD5 scheme (2.7, ≤3.11) and the
 * 3.12+ scheme with a {@code {digest}} prefix and a 40-byte challenge. A listener delivers then answers; a
 * client answers then delivers.
 */
public final class Handshake {
    private Handshake() {}

    // Names and values as in Lib/multiprocessing/connection.py (3.12).
    public static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    public static final byte[] WELCOME = ascii("#WELCOME#");
    public static final byte[] FAILURE = ascii("#FAILURE#");
    /** Random bytes in a 3.12+ challenge. */
    public static final int MESSAGE_LENGTH = 40;
    /** Random bytes in a legacy challenge. */
    public static final int LEGACY_MESSAGE_LENGTH = 20;
    /** Every handshake read is {@code recv_bytes(256)}. */
    public static final int MAX_HANDSHAKE_MESSAGE = 256;
    public static final String DEFAULT_DIGEST = "sha256";
    /** {@code _ALLOWED_DIGESTS}, with the JCA algorithm of each. */
    public static final Map<String, String> ALLOWED_DIGESTS = Map.of(
            "md5", "HmacMD5",
            "sha256", "HmacSHA256",
            "sha384", "HmacSHA384",
            "sha3_256", "HmacSHA3-256",
            "sha3_384", "HmacSHA3-384");
    /** Raw MD5 replies from legacy peers: 16 bytes, or 20 as CPython also tolerates. */
    private static final int[] LEGACY_DIGEST_LENGTHS = {16, 20};

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The listener's first step: challenge the peer and check its digest. */
    public static void deliverChallenge(MessageChannel c, byte[] authkey, AuthScheme scheme, long deadlineNanos)
            throws IOException {
        byte[] payload;
        if (scheme == AuthScheme.LEGACY) {
            payload = random(LEGACY_MESSAGE_LENGTH);
        } else {
            payload = concat(ascii("{" + DEFAULT_DIGEST + "}"), random(MESSAGE_LENGTH));
        }
        deliverChallenge(c, authkey, payload, deadlineNanos);
    }

    /** As above with a given challenge payload (tests replay CPython's captured bytes with it). */
    public static void deliverChallenge(MessageChannel c, byte[] authkey, byte[] payload, long deadlineNanos)
            throws IOException {
        c.sendBytes(concat(CHALLENGE, payload));
        byte[] response = c.recvBytes(MAX_HANDSHAKE_MESSAGE, deadlineNanos);
        boolean ok;
        try {
            Parsed reply = parse(response, true);
            byte[] expected = hmac(reply.digest, authkey, payload);
            ok = MessageDigest.isEqual(expected, reply.rest);
        } catch (AuthenticationException e) {
            ok = false;
        }
        if (ok) {
            c.sendBytes(WELCOME);
        } else {
            c.sendBytes(FAILURE);
            throw new AuthenticationException("digest received was wrong");
        }
    }

    /** The client's first step: answer the peer's challenge and expect {@code #WELCOME#}. */
    public static void answerChallenge(MessageChannel c, byte[] authkey, long deadlineNanos) throws IOException {
        byte[] message = c.recvBytes(MAX_HANDSHAKE_MESSAGE, deadlineNanos);
        if (!startsWith(message, CHALLENGE)) {
            throw new AuthenticationException("Protocol error, expected challenge: " + preview(message));
        }
        byte[] payload = Arrays.copyOfRange(message, CHALLENGE.length, message.length);
        if (payload.length < LEGACY_MESSAGE_LENGTH) {
            throw new AuthenticationException("challenge too short: " + payload.length + " bytes");
        }
        Parsed challenge = parse(payload, false);
        byte[] mac = hmac(challenge.digest, authkey, payload);
        byte[] reply = challenge.legacy ? mac : concat(ascii("{" + challenge.digest + "}"), mac);
        c.sendBytes(reply);
        byte[] verdict = c.recvBytes(MAX_HANDSHAKE_MESSAGE, deadlineNanos);
        if (!Arrays.equals(verdict, WELCOME)) {
            throw new AuthenticationException("digest sent was rejected");
        }
    }

    /** Listener side: deliver, then answer. */
    public static void serverSide(MessageChannel c, byte[] authkey, AuthScheme scheme, long deadlineNanos) throws IOException {
        deliverChallenge(c, authkey, scheme, deadlineNanos);
        answerChallenge(c, authkey, deadlineNanos);
    }

    /** Client side: answer, then deliver. */
    public static void clientSide(MessageChannel c, byte[] authkey, AuthScheme scheme, long deadlineNanos) throws IOException {
        answerChallenge(c, authkey, deadlineNanos);
        deliverChallenge(c, authkey, scheme, deadlineNanos);
    }

    private record Parsed(String digest, byte[] rest, boolean legacy) {}

    /**
     * {@code _get_digest_name_and_payload}: a 16- or 20-byte message is legacy MD5; otherwise it must start
     * with {@code {name}} (closing brace at index 1..9) and name an allowed digest.
     */
    private static Parsed parse(byte[] message, boolean isResponse) throws AuthenticationException {
        for (int n : LEGACY_DIGEST_LENGTHS) {
            if (message.length == n) return new Parsed("md5", message, true);
        }
        if (message.length > 0 && message[0] == '{') {
            int close = -1;
            for (int i = 1; i < Math.min(message.length, 10); i++) {
                if (message[i] == '}') {
                    close = i;
                    break;
                }
            }
            if (close > 0) {
                String name = new String(message, 1, close - 1, StandardCharsets.US_ASCII);
                if (ALLOWED_DIGESTS.containsKey(name)) {
                    return new Parsed(name, Arrays.copyOfRange(message, close + 1, message.length), false);
                }
            }
        }
        throw new AuthenticationException("unsupported message length, missing digest prefix, or unsupported digest: "
                + (isResponse ? "response " : "challenge ") + preview(message));
    }

    /** HMAC of {@code message} under {@code key}; an empty key is HMAC's all-zero padded key, as in CPython. */
    public static byte[] hmac(String digest, byte[] key, byte[] message) {
        String algorithm = ALLOWED_DIGESTS.get(digest);
        if (algorithm == null) throw new IllegalArgumentException("digest not allowed: " + digest);
        try {
            Mac mac = Mac.getInstance(algorithm);
            // JCA refuses an empty key; HMAC pads keys with zeros to the block size, so {0} is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[] {0} : key, algorithm));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable in this JVM", e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean startsWith(byte[] message, byte[] prefix) {
        return message.length >= prefix.length && Arrays.equals(message, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static String preview(byte[] message) {
        StringBuilder sb = new StringBuilder().append(message.length).append(" bytes ");
        for (int i = 0; i < Math.min(message.length, 16); i++) sb.append(String.format("%02x", message[i]));
        if (message.length > 16) sb.append("…");
        return sb.toString();
    }
}
