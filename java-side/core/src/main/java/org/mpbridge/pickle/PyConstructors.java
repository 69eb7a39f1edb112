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
                return PyDateTimes.timedelta(a);
            case "builtins.set":
            case "builtins.frozenset":
                if (a.size() == 1 && a.get(0) instanceof Collection<?> c) for (Object x : c) PickleReader.hashable(x);
                break;
            default:
                break;
        }
        try {
            switch (module + "." + g.name()) {
                case "builtins.bytearray":
                    if (a.isEmpty()) return PyByteArray.wrap(new byte[0]);
                    if (a.size() == 1 && a.get(0) instanceof byte[] b) return PyByteArray.wrap(b);  // b is the decoder's own copy
                    if (a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof String enc) {
                        return new PyByteArray(s.getBytes(charset(enc)));
                    }
                    return null;
                case "builtins.bytes":
                    return a.isEmpty() ? new byte[0] : null;
                case "_codecs.encode":
                    if (a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof String enc) {
                        return s.getBytes(charset(enc));
                    }
                    return null;
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

    private static Charset charset(String pythonName) {
        String n = pythonName.toLowerCase().replace('_', '-');
        if (n.equals("latin1") || n.equals("latin-1") || n.equals("iso-8859-1")) return StandardCharsets.ISO_8859_1;
        return Charset.forName(n);
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
