package org.mpbridge.pickle;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The text forms of numbers in protocol-0 pickles and {@code Decimal} strings, parsed by hand (linear time, no
 * regex) with CPython's own rules: {@code PyLong_FromString} (base 0 and 10, underscores, the 4,300-digit
 * limit of {@code sys.get_int_max_str_digits()}), C {@code strtol} for {@code INT}, {@code PyOS_string_to_double}
 * for {@code FLOAT}, and libmpdec's string syntax for {@code decimal.Decimal}. Each parser returns the value or
 * throws {@link PickleError} with CPython's message.
 */
final class PyTextNumbers {
    private PyTextNumbers() {}

    /** {@code sys.int_info.default_max_str_digits} (CPython 3.11+, and 3.8.14+/3.9.14+/3.10.7+). */
    static final int MAX_STR_DIGITS = 4300;
    /** Bound on hexadecimal/octal/binary digits (CPython has none; BigInteger parsing is quadratic). */
    static final int MAX_POWER_OF_TWO_DIGITS = 1 << 20;

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    /** The bytes of a readline up to the first NUL (a C string), as ASCII-ish chars. */
    private static int cEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] == 0) return i;
        return to;
    }

    /** {@code PyLong_FromString(s, NULL, base)} for base 0 or 10 over {@code b[from, to)}; s ends at a NUL. */
    static Number pyLongFromString(byte[] b, int from, int to, int base) {
        to = cEnd(b, from, to);
        int i = from;
        while (i < to && isSpace(b[i])) i++;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) negative = b[i++] == '-';
        int radix = base;
        boolean leadingZero = false;
        if (base == 0) {
            if (i + 1 < to && b[i] == '0' && (b[i + 1] | 0x20) == 'x') { radix = 16; i += 2; }
            else if (i + 1 < to && b[i] == '0' && (b[i + 1] | 0x20) == 'o') { radix = 8; i += 2; }
            else if (i + 1 < to && b[i] == '0' && (b[i + 1] | 0x20) == 'b') { radix = 2; i += 2; }
            else { radix = 10; leadingZero = i < to && b[i] == '0'; }
            if (radix != 10 && i < to && b[i] == '_') i++;  // 0x_1f
        }
        StringBuilder digits = new StringBuilder(Math.min(to - i, 64));
        boolean lastUnderscore = false;
        boolean nonZero = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c == '_') {
                if (lastUnderscore || digits.length() == 0) throw invalidInt(base);
                lastUnderscore = true;
                continue;
            }
            int d = Character.digit(c, radix);
            if (c >= 0x80 || d < 0) break;
            if (d != 0) nonZero = true;
            digits.append((char) c);
            lastUnderscore = false;
        }
        if (digits.length() == 0 || lastUnderscore) throw invalidInt(base);
        while (i < to && isSpace(b[i])) i++;
        if (i != to) throw invalidInt(base);
        if (leadingZero && nonZero) throw invalidInt(base);  // 010 is not a base-0 literal
        if (radix == 10 && digits.length() > MAX_STR_DIGITS) {
            throw new PickleError("ValueError", "Exceeds the limit (" + MAX_STR_DIGITS + " digits) for integer string conversion: value has "
                    + digits.length() + " digits; use sys.set_int_max_str_digits() to increase the limit");
        }
        if (digits.length() > MAX_POWER_OF_TWO_DIGITS) throw new PickleError("ValueError", "integer literal of " + digits.length() + " digits refused");
        return narrow(new BigInteger((negative ? "-" : "") + digits, radix));
    }

    private static PickleError invalidInt(int base) {
        return new PickleError("ValueError", "invalid literal for int() with base " + base);
    }

    static Number narrow(BigInteger v) {
        int bits = v.bitLength();
        if (bits < 32) return v.intValue();
        if (bits < 64) return v.longValue();
        return v;
    }

    /**
     * {@code load_int}: C {@code strtol(s, &end, 0)} must stop at the newline (or a NUL); else the line is retried
     * as {@code PyLong_FromString(s, NULL, 0)}. {@code "00"}/{@code "01"}-length lines are {@code False}/{@code True}.
     * {@code line} spans the text and its newline.
     */
    static Object loadInt(byte[] b, int from, int to) {
        int len = to - from;
        int i = from;
        while (i < to && isSpace(b[i])) i++;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) negative = b[i++] == '-';
        int radix = 10;
        if (i + 2 < to && b[i] == '0' && (b[i + 1] | 0x20) == 'x' && Character.digit(b[i + 2], 16) >= 0 && b[i + 2] < 0x80) { radix = 16; i += 2; }
        else if (i < to && b[i] == '0') radix = 8;
        int start = i;
        long x = 0;
        boolean overflow = false;
        for (; i < to; i++) {
            int d = b[i] < 0x80 ? Character.digit(b[i], radix) : -1;
            if (d < 0) break;
            if (!overflow) {
                if (x > (Long.MAX_VALUE - d) / radix) overflow = true;
                else x = x * radix + d;
            }
        }
        int end = i == start ? from : i;  // no digits: strtol leaves end at the very start
        boolean clean = end < to && (b[end] == '\n' || b[end] == 0);
        if (overflow || !clean) {
            try {
                return pyLongFromString(b, from, to, 0);
            } catch (PickleError e) {
                if (e.getMessage().contains("Exceeds the limit")) throw e;
                throw new PickleError("ValueError", "could not convert string to int");
            }
        }
        long v = negative ? -x : x;
        if (len == 3 && (v == 0 || v == 1)) return v == 1;
        return narrow(BigInteger.valueOf(v));
    }

    /** {@code load_float}: {@code PyOS_string_to_double} must stop at the newline or a NUL; overflow is an error. */
    static double loadFloat(byte[] b, int from, int to) {
        int i = from;
        int start = i;
        if (i < to && (b[i] == '+' || b[i] == '-')) i++;
        int mantissa = i;
        int digits = 0;
        while (i < to && b[i] >= '0' && b[i] <= '9') { i++; digits++; }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to && b[i] >= '0' && b[i] <= '9') { i++; digits++; }
        }
        String text;
        boolean special = false;
        if (digits == 0) {
            i = mantissa;
            int n = matchInfNan(b, i, to);
            if (n == 0) throw new PickleError("ValueError", "could not convert string to float");
            text = new String(b, start, mantissa - start, java.nio.charset.StandardCharsets.ISO_8859_1)
                    + ((b[i] | 0x20) == 'n' ? "NaN" : "Infinity");
            i += n;
            special = true;
        } else {
            if (i < to && (b[i] | 0x20) == 'e') {
                int e = i + 1;
                if (e < to && (b[e] == '+' || b[e] == '-')) e++;
                int ed = e;
                while (e < to && b[e] >= '0' && b[e] <= '9') e++;
                if (e > ed) i = e;
            }
            text = new String(b, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (!(i < to && (b[i] == '\n' || b[i] == 0))) throw new PickleError("ValueError", "could not convert string to float");
        double d = Double.parseDouble(text);
        if (!special && Double.isInfinite(d)) throw new PickleError("OverflowError", "value too large to convert to float");
        return d;
    }

    private static int matchInfNan(byte[] b, int i, int to) {
        if (matches(b, i, to, "infinity")) return 8;
        if (matches(b, i, to, "inf")) return 3;
        if (matches(b, i, to, "nan")) return 3;
        return 0;
    }

    private static boolean matches(byte[] b, int i, int to, String word) {
        if (to - i < word.length()) return false;
        for (int k = 0; k < word.length(); k++) if ((b[i + k] | 0x20) != word.charAt(k)) return false;
        return true;
    }

    /** Marks a valid Decimal string that no BigDecimal holds exactly (NaN, Infinity, -0, huge): stays generic. */
    static final Object NOT_A_BIGDECIMAL = new Object();

    /**
     * {@code decimal.Decimal(str)}: whitespace stripped, underscores ignored, Unicode digits allowed (as _decimal's
     * numeric_as_ascii); then libmpdec's syntax. Invalid: {@code InvalidOperation}, as CPython raises at once.
     */
    static Object decimal(String s) {
        StringBuilder a = new StringBuilder(s.length());
        for (int k = 0; k < s.length(); ) {
            int ch = s.codePointAt(k);
            k += Character.charCount(ch);
            if (ch == '_') continue;
            if (ch > 0 && ch <= 127) a.append((char) ch);
            else if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) a.append(' ');
            else {
                int d = Character.getType(ch) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(ch, 10) : -1;
                if (d < 0) throw invalidDecimal();
                a.append((char) ('0' + d));
            }
        }
        int i = 0;
        int to = a.length();
        while (i < to && isSpace(a.charAt(i))) i++;
        while (to > i && isSpace(a.charAt(to - 1))) to--;
        if (i < to && (a.charAt(i) == '+' || a.charAt(i) == '-')) i++;
        int body = i;
        String rest = a.substring(i, to).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) return NOT_A_BIGDECIMAL;
        if (rest.startsWith("nan") || rest.startsWith("snan")) {
            String payload = rest.substring(rest.startsWith("nan") ? 3 : 4);
            for (int k = 0; k < payload.length(); k++) if (payload.charAt(k) < '0' || payload.charAt(k) > '9') throw invalidDecimal();
            return NOT_A_BIGDECIMAL;
        }
        int digits = 0;
        while (i < to && isDigit(a.charAt(i))) { i++; digits++; }
        if (i < to && a.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(a.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) throw invalidDecimal();
        int expDigits = 0;
        if (i < to && (a.charAt(i) | 0x20) == 'e') {
            i++;
            if (i < to && (a.charAt(i) == '+' || a.charAt(i) == '-')) i++;
            while (i < to && isDigit(a.charAt(i))) { i++; expDigits++; }
            if (expDigits == 0) throw invalidDecimal();
        }
        if (i != to) throw invalidDecimal();
        if (digits > MAX_STR_DIGITS || expDigits > 9) return NOT_A_BIGDECIMAL;  // valid, but kept as the string it came as
        String text = a.substring(body - (body > 0 && (a.charAt(body - 1) == '-' || a.charAt(body - 1) == '+') ? 1 : 0), to);
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            return NOT_A_BIGDECIMAL;
        }
        if (d.signum() == 0 && text.startsWith("-")) return NOT_A_BIGDECIMAL;  // BigDecimal has no negative zero
        return d;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static PickleError invalidDecimal() {
        return new PickleError("decimal.InvalidOperation", "[<class 'decimal.ConversionSyntax'>]");
    }
}
