package org.mpbridge.pickle;

import java.math.BigInteger;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * What CPython's datetime constructors refuse when a pickle calls them (Modules/_datetimemodule.c): the pickle
 * state path ({@code date(b'\x07\xe4\x01\x02')}, taken when the bytes have the right size and a sane month or
 * hour) accepts any state, as CPython does; otherwise the arguments are parsed as ints with range checks, and a
 * tzinfo must be None or a tzinfo. Refusals throw {@link PickleError}; acceptance returns normally.
 */
final class PyDateTimeArgs {
    private PyDateTimeArgs() {}

    static void check(String qualifiedName, PyTuple a) {
        switch (qualifiedName) {
            case "datetime.date" -> {
                if (a.size() == 1 && isState(a.get(0), 4, 2, 0xff)) return;
                ints(a, 3, 3, "date");
                ymd(a);
            }
            case "datetime.time" -> {
                if (a.size() >= 1 && a.size() <= 2 && isState(a.get(0), 6, 0, 0x7f)) {
                    if (a.size() == 2) tzinfo(a.get(1), true);
                    return;
                }
                if (a.size() > 5) throw typeError("time() takes at most 5 positional arguments (" + a.size() + " given)");
                ints(a, 0, Math.min(a.size(), 4), "time");
                hms(a, 0);
                if (a.size() == 5) tzinfo(a.get(4), false);
            }
            case "datetime.datetime" -> {
                if (a.size() >= 1 && a.size() <= 2 && isState(a.get(0), 10, 2, 0x7f)) {
                    if (a.size() == 2) tzinfo(a.get(1), true);
                    return;
                }
                if (a.size() > 8) throw typeError("datetime() takes at most 8 positional arguments (" + a.size() + " given)");
                ints(a, 3, Math.min(a.size(), 7), "datetime");
                ymd(a);
                hms(a, 3);
                if (a.size() == 8) tzinfo(a.get(7), false);
            }
            case "datetime.timedelta" -> {
                if (a.size() > 7) throw typeError("timedelta() takes at most 7 arguments (" + a.size() + " given)");
                for (Object x : a) {
                    if (!(x instanceof Boolean || x instanceof Integer || x instanceof Long || x instanceof BigInteger || x instanceof Double)) {
                        throw typeError("unsupported type for timedelta component: " + PyTypes.name(x));
                    }
                }
            }
            case "datetime.timezone" -> {
                if (a.isEmpty() || a.size() > 2) throw typeError("timezone() takes 1 or 2 arguments");
                if (!(a.get(0) instanceof Duration d)) throw typeError("timezone() argument 1 must be datetime.timedelta, not " + PyTypes.name(a.get(0)));
                if (a.size() == 2 && !(a.get(1) instanceof String)) throw typeError("timezone() argument 2 must be str, not " + PyTypes.name(a.get(1)));
                if (d.abs().compareTo(Duration.ofDays(1)) >= 0) {
                    throw new PickleError("ValueError", "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24).");
                }
            }
            default -> { }
        }
    }

    /** The pickle-state form: bytes (or a latin-1 str from Python 2) of {@code size}, byte {@code at} sane. */
    private static boolean isState(Object o, int size, int at, int mask) {
        int c;
        if (o instanceof byte[] b && b.length == size) c = b[at] & mask;
        else if (o instanceof String s && s.length() == size) c = s.charAt(at) & mask;
        else return false;
        boolean sane = size == 6 ? c < 24 : c >= 1 && c <= 12;
        if (sane && o instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) > 0xff) {
                    throw new PickleError("ValueError", "Failed to encode latin1 string when unpickling a datetime object. "
                            + "pickle.load(data, encoding='latin1') is assumed.");
                }
            }
        }
        return sane;
    }

    private static void ints(PyTuple a, int min, int upto, String fn) {
        if (a.size() < min) throw typeError(fn + "() missing required argument (pos " + (a.size() + 1) + ")");
        for (int i = 0; i < upto; i++) {
            Object x = a.get(i);
            if (!(x instanceof Integer || x instanceof Boolean || (x instanceof Long l && l == (int) (long) l))) {
                if (x instanceof Long || x instanceof BigInteger) throw new PickleError("OverflowError", "signed integer is greater than maximum");
                throw typeError("'" + PyTypes.name(x) + "' object cannot be interpreted as an integer");
            }
        }
    }

    private static int i(PyTuple a, int k) {
        Object x = a.get(k);
        return x instanceof Boolean b ? (b ? 1 : 0) : ((Number) x).intValue();
    }

    private static void ymd(PyTuple a) {
        int y = i(a, 0);
        int m = i(a, 1);
        int d = i(a, 2);
        if (y < 1 || y > 9999) throw new PickleError("ValueError", "year " + y + " is out of range");
        if (m < 1 || m > 12) throw new PickleError("ValueError", "month must be in 1..12");
        if (d < 1 || d > YearMonth.of(y, m).lengthOfMonth()) throw new PickleError("ValueError", "day is out of range for month");
    }

    private static void hms(PyTuple a, int from) {
        int[] max = {23, 59, 59, 999_999};
        String[] what = {"hour must be in 0..23", "minute must be in 0..59", "second must be in 0..59", "microsecond must be in 0..999999"};
        for (int k = 0; k < 4 && from + k < a.size(); k++) {
            int v = i(a, from + k);
            if (v < 0 || v > max[k]) throw new PickleError("ValueError", what[k]);
        }
    }

    /** None or a tzinfo: Java knows {@code timezone} (ZoneOffset); an instance of any other class may be one. */
    private static void tzinfo(Object tz, boolean stateForm) {
        if (tz == null || tz instanceof ZoneOffset || tz instanceof PyObject) return;
        throw typeError(stateForm ? "bad tzinfo state arg" : "tzinfo argument must be None or of a tzinfo subclass, not type " + PyTypes.name(tz));
    }

    private static PickleError typeError(String message) {
        return new PickleError("TypeError", message);
    }
}
