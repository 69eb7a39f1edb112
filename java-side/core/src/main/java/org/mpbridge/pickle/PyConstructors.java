package org.mpbridge.pickle;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What REDUCE / NEWOBJ build. The globals below map to Java types (the README's type table); anything else,
 * and any of these whose arguments a Java type cannot hold exactly (a datetime with {@code fold=1}, a named
 * timezone, {@code Decimal('NaN')}), stays a {@link PyObject} so that it re-encodes unchanged.
 */
final class PyConstructors {
    private PyConstructors() {}

    static Object call(Object callable, PyTuple args, Map<Object, Object> kwargs, boolean newObj) {
        if (!(callable instanceof PyGlobal g)) {
            if (newObj) throw PickleError.unpickling("NEWOBJ class argument isn't a type object");
            throw new PickleError("TypeError", "'" + PyTypes.name(callable) + "' object is not callable");
        }
        if (!newObj && kwargs.isEmpty()) {
            Object known = known(g, args);
            if (known != null) return known;
        }
        return new PyObject(g, args, kwargs, newObj);
    }

    private static Object known(PyGlobal g, PyTuple a) {
        String module = g.module().equals("__builtin__") ? "builtins" : g.module();
        // what CPython refuses at once is refused here too (not kept as a generic object)
        switch (module + "." + g.name()) {
            case "decimal.Decimal":
                if (a.size() == 1 && a.get(0) instanceof String s) {
                    Object d = PyTextNumbers.decimal(s);
                    return d == PyTextNumbers.NOT_A_BIGDECIMAL ? null : d;
                }
                return null;
            case "datetime.timedelta":
                PyDateTimeArgs.check("datetime.timedelta", a);
                return PyDateTimes.timedelta(a);
            case "datetime.date":
            case "datetime.time":
            case "datetime.datetime":
            case "datetime.timezone":
                PyDateTimeArgs.check(module + "." + g.name(), a);
                break;
            case "_codecs.encode":
                if (a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof String enc) return encode(s, enc);
                return null;
            case "builtins.bytearray":
                if (a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof String enc) return PyByteArray.wrap(encode(s, enc));
                if (a.size() > 3) throw new PickleError("TypeError", "bytearray() takes at most 3 arguments (" + a.size() + " given)");
                if (a.size() == 1) bytesSource(a.get(0), "bytearray");
                break;
            case "builtins.set":
            case "builtins.frozenset":
            case "builtins.list":
                if (a.size() > 1) throw new PickleError("TypeError", g.name() + " expected at most 1 argument, got " + a.size());
                if (a.size() == 1) {
                    Object it = a.get(0);
                    if (!isIterable(it)) throw new PickleError("TypeError", "'" + PyTypes.name(it) + "' object is not iterable");
                    if (!g.name().equals("list") && it instanceof Collection<?> c) for (Object x : c) PickleReader.hashable(x);
                }
                break;
            default:
                break;
        }
        try {
            switch (module + "." + g.name()) {
                case "builtins.bytearray":
                    if (a.isEmpty()) return PyByteArray.wrap(new byte[0]);
                    if (a.size() == 1 && a.get(0) instanceof byte[] b) return PyByteArray.wrap(b);  // b is the decoder's own copy
                    return null;
                case "builtins.bytes":
                    return a.isEmpty() ? new byte[0] : null;
                case "builtins.list":
                    // multiprocessing.managers sends dict views as (list, (list(view),))
                    if (a.isEmpty()) return new java.util.ArrayList<>();
                    if (a.size() == 1 && a.get(0) instanceof List<?> l && !(l instanceof PyTuple)) return new java.util.ArrayList<Object>(l);
                    return null;
                case "builtins.set":
                    if (a.isEmpty()) return new LinkedHashSet<>();
                    if (a.size() == 1 && a.get(0) instanceof Collection<?> c) return new LinkedHashSet<Object>(c);
                    return null;
                case "builtins.frozenset":
                    if (a.isEmpty()) return new PyFrozenSet(List.of());
                    if (a.size() == 1 && a.get(0) instanceof Collection<?> c) return new PyFrozenSet(c);
                    return null;
                case "builtins.complex":
                    if (a.size() == 2 && a.get(0) instanceof Number re && a.get(1) instanceof Number im) {
                        return new PyComplex(re.doubleValue(), im.doubleValue());
                    }
                    return null;
                case "datetime.date":
                    return a.size() == 1 ? PyDateTimes.date(state(a.get(0), 4)) : null;
                case "datetime.time":
                    return PyDateTimes.time(state(a.get(0), 6), a.size() > 1 ? a.get(1) : null, a.size());
                case "datetime.datetime":
                    return PyDateTimes.dateTime(state(a.get(0), 10), a.size() > 1 ? a.get(1) : null, a.size());
                case "datetime.timezone":
                    return PyDateTimes.timezone(a);
                default:
                    return null;
            }
        } catch (RuntimeException notExact) {
            return null;
        }
    }

    /** What {@code iter(o)} accepts among decoded values (an unknown class's instance is taken as not iterable). */
    static boolean isIterable(Object o) {
        return o instanceof Collection<?> || o instanceof Map<?, ?> || o instanceof String || o instanceof byte[] || o instanceof PyByteArray;
    }

    /** {@code bytearray(x)} / {@code bytes(x)} with one argument: an int size, a buffer, or an iterable of ints in 0..255. */
    private static void bytesSource(Object x, String fn) {
        if (x instanceof Integer || x instanceof Long || x instanceof BigInteger || x instanceof Boolean) {
            if (x instanceof Number n && (n instanceof BigInteger b ? b.signum() < 0 : n.longValue() < 0)) throw new PickleError("ValueError", "negative count");
            return;
        }
        if (x instanceof byte[] || x instanceof PyByteArray) return;
        if (x instanceof String) throw new PickleError("TypeError", "string argument without an encoding");
        Iterable<?> items = x instanceof Map<?, ?> m ? m.keySet() : x instanceof Collection<?> c ? c : null;
        if (items == null) throw new PickleError("TypeError", "cannot convert '" + PyTypes.name(x) + "' object to " + fn);
        for (Object v : items) {
            if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Boolean)) {
                throw new PickleError("TypeError", "'" + PyTypes.name(v) + "' object cannot be interpreted as an integer");
            }
            long n = v instanceof Boolean b ? (b ? 1 : 0) : v instanceof BigInteger big ? (big.bitLength() < 63 ? big.longValue() : -1) : ((Number) v).longValue();
            if (n < 0 || n > 255) throw new PickleError("ValueError", "byte must be in range(0, 256)");
        }
    }

    /** {@code codecs.lookup}: encodings.normalize_encoding, then the aliases of the codecs the type table uses. */
    private static Charset charset(String pythonName) {
        if (pythonName.indexOf('\0') >= 0) throw new PickleError("ValueError", "embedded null character");
        StringBuilder sb = new StringBuilder();
        boolean gap = false;
        for (char c : pythonName.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') {
                if (gap && sb.length() > 0) sb.append('_');
                sb.append(c);
                gap = false;
            } else {
                gap = true;
            }
        }
        String n = sb.toString();
        switch (n) {
            case "latin", "latin1", "latin_1", "iso8859_1", "iso_8859_1", "8859", "cp819", "l1", "iso_ir_100", "csisolatin1", "ibm819":
                return StandardCharsets.ISO_8859_1;
            case "utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001":
                return StandardCharsets.UTF_8;
            case "ascii", "us_ascii", "646", "us", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6":
                return StandardCharsets.US_ASCII;
            default:
                try {
                    String javaName = n.replace('_', '-');
                    if (!javaName.isEmpty() && Charset.isSupported(javaName)) return Charset.forName(javaName);
                } catch (RuntimeException ignored) {
                    // not a Java charset name either
                }
                throw new PickleError("LookupError", "unknown encoding: " + pythonName);
        }
    }

    /** {@code str.encode(encoding)}, strict: an unknown encoding is a LookupError, an unencodable character a UnicodeEncodeError. */
    private static byte[] encode(String s, String encoding) {
        Charset cs = charset(encoding);
        if (cs == StandardCharsets.UTF_8) {
            for (int i = 0; i < s.length(); i++) {
                if (Character.isSurrogate(s.charAt(i)) && !(Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(++i)))) {
                    throw new PickleError("UnicodeEncodeError", "'utf-8' codec can't encode character: surrogates not allowed");
                }
            }
        }
        try {
            java.nio.ByteBuffer b = cs.newEncoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new PickleError("UnicodeEncodeError", "'" + encoding + "' codec can't encode the string");
        }
    }

    /** The packed state bytes of a datetime object (bytes in Python 3, a latin-1 str from Python 2). */
    private static byte[] state(Object o, int length) {
        byte[] b;
        if (o instanceof byte[] bytes) b = bytes;
        else if (o instanceof String s) b = s.getBytes(StandardCharsets.ISO_8859_1);
        else throw new IllegalArgumentException("not a datetime state");
        if (b.length != length) throw new IllegalArgumentException("datetime state of " + b.length + " bytes");
        return b;
    }

    /** Helpers for the packed {@code datetime} states (Modules/_datetimemodule.c). */
    static final class PyDateTimes {
        private PyDateTimes() {}

        static LocalDate date(byte[] s) {
            return LocalDate.of(u(s, 0) << 8 | u(s, 1), u(s, 2), u(s, 3));
        }

        static Object time(byte[] s, Object tz, int argc) {
            if (argc > 2 || (u(s, 0) & 0x80) != 0) return null; // fold=1 keeps its PyObject form
            LocalTime t = LocalTime.of(u(s, 0), u(s, 1), u(s, 2), micros(s, 3) * 1000);
            if (argc == 1) return t;
            if (tz instanceof ZoneOffset z) return OffsetTime.of(t, z);
            return null;
        }

        static Object dateTime(byte[] s, Object tz, int argc) {
            if (argc > 2 || (u(s, 2) & 0x80) != 0) return null;
            LocalDateTime dt = LocalDateTime.of(u(s, 0) << 8 | u(s, 1), u(s, 2), u(s, 3), u(s, 4), u(s, 5), u(s, 6),
                    micros(s, 7) * 1000);
            if (argc == 1) return dt;
            if (tz instanceof ZoneOffset z) return OffsetDateTime.of(dt, z);
            return null;
        }

        /** {@code timedelta.max.days}: CPython refuses {@code |days| > 999999999} after normalising. */
        static final long MAX_DAYS = 999_999_999L;
        private static final BigInteger US_PER_DAY = BigInteger.valueOf(86_400_000_000L);

        /** {@code timedelta(days, seconds, microseconds)} with int arguments; other arguments stay generic. */
        static Duration timedelta(PyTuple a) {
            if (a.size() != 3) return null;
            BigInteger[] v = new BigInteger[3];
            for (int i = 0; i < 3; i++) {
                Object x = a.get(i);
                if (x instanceof Boolean b) v[i] = b ? BigInteger.ONE : BigInteger.ZERO;
                else if (x instanceof Integer || x instanceof Long) v[i] = BigInteger.valueOf(((Number) x).longValue());
                else if (x instanceof BigInteger big) v[i] = big;
                else return null;
            }
            BigInteger micros = v[0].multiply(US_PER_DAY).add(v[1].multiply(BigInteger.valueOf(1_000_000))).add(v[2]);
            BigInteger[] dr = micros.divideAndRemainder(US_PER_DAY);
            BigInteger days = dr[1].signum() < 0 ? dr[0].subtract(BigInteger.ONE) : dr[0];
            if (days.abs().compareTo(BigInteger.valueOf(MAX_DAYS)) > 0) {
                throw new PickleError("OverflowError", "days=" + days + "; must have magnitude <= " + MAX_DAYS);
            }
            BigInteger million = BigInteger.valueOf(1_000_000);
            BigInteger seconds = micros.divide(million);
            BigInteger rest = micros.subtract(seconds.multiply(million));
            if (rest.signum() < 0) {
                seconds = seconds.subtract(BigInteger.ONE);
                rest = rest.add(million);
            }
            return Duration.ofSeconds(seconds.longValueExact(), rest.longValueExact() * 1000L);
        }

        static ZoneOffset timezone(PyTuple a) {
            if (a.size() != 1 || !(a.get(0) instanceof Duration d)) return null;
            if (d.getNano() != 0) return null;
            return ZoneOffset.ofTotalSeconds(Math.toIntExact(d.getSeconds()));
        }

        private static int u(byte[] s, int i) {
            return s[i] & 0xff;
        }

        private static int micros(byte[] s, int i) {
            return u(s, i) << 16 | u(s, i + 1) << 8 | u(s, i + 2);
        }
    }

    static BigInteger big(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }
}
