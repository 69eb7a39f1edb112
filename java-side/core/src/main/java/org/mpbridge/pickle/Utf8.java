package org.mpbridge.pickle;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 as pickle uses it: CPython's {@code "surrogatepass"} error handler both ways (a lone surrogate is the
 * 3-byte sequence ED A0..BF xx), everything else strict (malformed input is a {@code UnicodeDecodeError}).
 */
final class Utf8 {
    private Utf8() {}

    static String decode(byte[] b, int off, int len) {
        return decode(b, off, len, true);
    }

    /** Strict UTF-8 (no surrogates), as CPython decodes a GLOBAL's module and name. */
    static String decodeStrict(byte[] b, int off, int len) {
        return decode(b, off, len, false);
    }

    private static String decode(byte[] b, int off, int len, boolean surrogatePass) {
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) i++;
        if (i == end) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        char[] out = new char[len];
        int n = 0;
        for (int k = off; k < i; k++) out[n++] = (char) b[k];
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                out[n++] = (char) c;
                i++;
            } else if (c >= 0xc2 && c <= 0xdf) {
                need(b, i, end, 2);
                out[n++] = (char) (((c & 0x1f) << 6) | cont(b, i, 1));
                i += 2;
            } else if (c >= 0xe0 && c <= 0xef) {
                need(b, i, end, 3);
                int c1 = b[i + 1] & 0xff;
                if ((c == 0xe0 && c1 < 0xa0) || (c1 & 0xc0) != 0x80 || (!surrogatePass && c == 0xed && c1 >= 0xa0)) {
                    throw invalid(b, off, i, "invalid continuation byte");
                }
                int cp = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | cont(b, i, 2);
                out[n++] = (char) cp;  // ED A0..BF: a surrogate, passed through (surrogatepass)
                i += 3;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need(b, i, end, 4);
                int c1 = b[i + 1] & 0xff;
                if ((c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f) || (c1 & 0xc0) != 0x80) {
                    throw invalid(b, off, i, "invalid continuation byte");
                }
                int cp = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | (cont(b, i, 2) << 6) | cont(b, i, 3);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                throw invalid(b, off, i, "invalid start byte");
            }
        }
        return new String(out, 0, n);
    }

    private static int cont(byte[] b, int i, int k) {
        int c = b[i + k] & 0xff;
        if ((c & 0xc0) != 0x80) throw invalid(b, 0, i, "invalid continuation byte");
        return c & 0x3f;
    }

    private static void need(byte[] b, int i, int end, int n) {
        for (int k = 1; k < n; k++) {
            if (i + k >= end) throw invalid(b, 0, i, "unexpected end of data");
            if ((b[i + k] & 0xc0) != 0x80) throw invalid(b, 0, i, "invalid continuation byte");
        }
    }

    private static PickleError invalid(byte[] b, int off, int i, String why) {
        return new PickleError("UnicodeDecodeError", String.format("'utf-8' codec can't decode byte 0x%02x: %s", b[i] & 0xff, why));
    }

    /** The UTF-8 (surrogatepass) length of {@code s}. */
    static int encodedLength(String s) {
        int n = s.length();
        int len = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) len += 1;
                else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    len += 2;  // 4 bytes for 2 chars
                    i++;
                } else len += 2;
            }
        }
        return len;
    }

    /** Writes {@code s} at {@code out[pos]}, which has {@link #encodedLength} bytes free; returns the new position. */
    static int encode(String s, byte[] out, int pos) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[pos++] = (byte) c;
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xc0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[pos++] = (byte) (0xf0 | (cp >> 18));
                out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[pos++] = (byte) (0xe0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return pos;
    }
}
