package org.mpbridge.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The text form of an authkey as it travels in an environment variable ({@code --authkey-env NAME}), never on a
 * command line. CPython's keys are bytes ({@code current_process().authkey} is 32 random bytes), so three forms
 * are accepted:
 *
 * <pre>
 * hex:6d706272...        raw bytes, hexadecimal (either case)      Python: "hex:" + key.hex()
 * base64:bXBicmlk...     raw bytes, standard base64 with padding   Python: "base64:" + base64.b64encode(key).decode()
 * text:anything          the UTF-8 bytes of what follows "text:"
 * anything else          the UTF-8 bytes of the whole value (a key that itself starts with "hex:", "base64:" or
 *                        "text:" must be written "text:...")
 * </pre>
 */
public final class AuthKeys {
    public static final String HEX = "hex:";
    public static final String BASE64 = "base64:";
    public static final String TEXT = "text:";

    private AuthKeys() {}

    /** The key bytes of one value; {@link IllegalArgumentException} (naming the form, never the key) when malformed. */
    public static byte[] parse(String value) {
        if (value.startsWith(HEX)) {
            String digits = value.substring(HEX.length()).strip();
            try {
                return HexFormat.of().parseHex(digits);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a hex: authkey must be an even number of hexadecimal digits ("
                        + digits.length() + " characters given)");
            }
        }
        if (value.startsWith(BASE64)) {
            String text = value.substring(BASE64.length()).strip();
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a base64: authkey must be standard base64 (RFC 4648, with padding): "
                        + e.getMessage());
            }
        }
        if (value.startsWith(TEXT)) return value.substring(TEXT.length()).getBytes(StandardCharsets.UTF_8);
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The key in environment variable {@code variable}, or null when {@code variable} is null. */
    public static byte[] fromEnv(String variable) {
        if (variable == null) return null;
        String value = System.getenv(variable);
        if (value == null) throw new IllegalArgumentException("environment variable " + variable + " is not set");
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("environment variable " + variable + ": " + e.getMessage(), e);
        }
    }
}
