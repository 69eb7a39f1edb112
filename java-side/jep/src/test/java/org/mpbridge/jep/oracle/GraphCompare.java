package org.mpbridge.jep.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyComplex;
import org.mpbridge.pickle.PyFrozenSet;
import org.mpbridge.pickle.PyGlobal;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyTuple;

/**
 * Is a decoded Java value exactly what Python sent? Types per the README's table (an int is the smallest of
 * Integer/Long/BigInteger that holds it, a dict a LinkedHashMap in order, a set a LinkedHashSet matched
 * member by member), floats bit for bit (any NaN is NaN), and the object graph's shape: a mutable container
 * Python shared is one Java object, distinct ones stay distinct, cycles close where Python's do. Never calls
 * hashCode/equals/toString on containers (cyclic graphs).
 */
public final class GraphCompare {
    /** Stands for "a PyObject of this class" (values only Python makes). */
    public record ObjectOf(String module, String name) {}

    private final IdentityHashMap<Object, Object> forward = new IdentityHashMap<>();
    private final IdentityHashMap<Object, Object> backward = new IdentityHashMap<>();

    private GraphCompare() {}

    /** Null when {@code actual} is {@code expected}, else where and how they differ. */
    public static String difference(Object expected, Object actual) {
        return new GraphCompare().diff(expected, actual, "value");
    }

    private static boolean mutable(Object o) {
        return o instanceof ArrayList || o instanceof LinkedHashMap || (o instanceof LinkedHashSet) || o instanceof PyByteArray;
    }

    private static boolean container(Object o) {
        return mutable(o) || o instanceof PyTuple || o instanceof PyFrozenSet || o instanceof PyObject;
    }

    private String diff(Object e, Object a, String path) {
        if (e == null) return a == null ? null : path + ": expected None, got " + Show.show(a);
        if (a == null) return path + ": expected " + Show.show(e) + ", got None";
        if (container(e)) {
            Object seen = forward.get(e);
            if (seen != null) {
                if (seen == a) return null;
                if (mutable(e)) return path + ": Python's object here is one seen before; Java's is a different one";
            }
            Object back = backward.get(a);
            if (back != null && back != e && mutable(e)) {
                return path + ": Java's object here is one seen before, Python's is a different one (distinct objects merged)";
            }
            forward.put(e, a);
            backward.put(a, e);
        }
        if (e instanceof ObjectOf o) {
            if (!(a instanceof PyObject p)) return path + ": expected a PyObject " + o + ", got " + Show.type(a);
            String module = builtin(p.callable().module());
            return module.equals(o.module()) && p.callable().name().equals(o.name()) ? null
                    : path + ": expected a PyObject of " + o.module() + "." + o.name() + ", got " + p.callable();
        }
        if (e instanceof Boolean) return a.equals(e) ? null : path + ": expected " + e + ", got " + Show.show(a) + " (" + Show.type(a) + ")";
        if (e instanceof Integer || e instanceof Long || e instanceof BigInteger || e instanceof Short || e instanceof Byte) {
            BigInteger ev = new BigInteger(e.toString());
            Class<?> want = ev.bitLength() < 32 ? Integer.class : ev.bitLength() < 64 ? Long.class : BigInteger.class;
            if (a.getClass() != want) return path + ": expected int " + ev + " as " + want.getSimpleName() + ", got " + Show.type(a) + " " + Show.show(a);
            return new BigInteger(a.toString()).equals(ev) ? null : path + ": expected " + ev + ", got " + a;
        }
        if (e instanceof Double d) {
            if (!(a instanceof Double ad)) return path + ": expected float " + d + ", got " + Show.type(a);
            return Double.doubleToLongBits(d) == Double.doubleToLongBits(ad) ? null : path + ": expected " + d + ", got " + ad;
        }
        if (e instanceof PyComplex c) {
            if (!(a instanceof PyComplex ac)) return path + ": expected complex, got " + Show.type(a);
            return Double.doubleToLongBits(c.real()) == Double.doubleToLongBits(ac.real())
                    && Double.doubleToLongBits(c.imag()) == Double.doubleToLongBits(ac.imag()) ? null : path + ": expected " + c + ", got " + ac;
        }
        if (e instanceof byte[] b) {
            if (!(a instanceof byte[] ab)) return path + ": expected bytes, got " + Show.type(a);
            return java.util.Arrays.equals(b, ab) ? null : path + ": expected " + Show.show(b) + ", got " + Show.show(ab);
        }
        if (e instanceof PyByteArray b) {
            if (!(a instanceof PyByteArray ab)) return path + ": expected bytearray, got " + Show.type(a);
            return java.util.Arrays.equals(b.bytes(), ab.bytes()) ? null : path + ": bytearray contents differ";
        }
        if (e instanceof BigDecimal bd) {
            if (!(a instanceof BigDecimal ad)) return path + ": expected Decimal " + bd + ", got " + Show.type(a);
            return bd.equals(ad) ? null : path + ": expected Decimal('" + bd + "'), got BigDecimal " + ad + " (value or exponent differs)";
        }
        if (e instanceof PyObject eo) {
            if (!(a instanceof PyObject ao)) return path + ": expected a PyObject " + eo.callable() + ", got " + Show.type(a);
            if (!builtin(ao.callable().module()).equals(builtin(eo.callable().module())) || !ao.callable().name().equals(eo.callable().name())) {
                return path + ": expected a PyObject of " + eo.callable() + ", got one of " + ao.callable();
            }
            return diff(eo.args(), ao.args(), path + ".args");
        }
        if (e instanceof PyTuple || e instanceof ArrayList) {
            Class<?> want = e instanceof PyTuple ? PyTuple.class : ArrayList.class;
            if (a.getClass() != want) return path + ": expected " + (want == PyTuple.class ? "tuple" : "list") + ", got " + Show.type(a);
            List<?> el = (List<?>) e;
            List<?> al = (List<?>) a;
            if (el.size() != al.size()) return path + ": length " + el.size() + " expected, got " + al.size();
            for (int i = 0; i < el.size(); i++) {
                String d = diff(el.get(i), al.get(i), path + "[" + i + "]");
                if (d != null) return d;
            }
            return null;
        }
        if (e instanceof Map<?, ?> em) {
            if (a.getClass() != LinkedHashMap.class) return path + ": expected dict (LinkedHashMap), got " + Show.type(a);
            Map<?, ?> am = (Map<?, ?>) a;
            if (em.size() != am.size()) return path + ": " + em.size() + " keys expected, got " + am.size();
            Iterator<? extends Map.Entry<?, ?>> ai = am.entrySet().iterator();
            int i = 0;
            for (Map.Entry<?, ?> x : em.entrySet()) {
                Map.Entry<?, ?> y = ai.next();
                String d = diff(x.getKey(), y.getKey(), path + ".keys()[" + i + "]");
                if (d == null) d = diff(x.getValue(), y.getValue(), path + "[" + Show.show(x.getKey()) + "]");
                if (d != null) return d;
                i++;
            }
            return null;
        }
        if (e instanceof Set<?> es) {
            boolean frozen = e instanceof PyFrozenSet;
            if (frozen ? !(a instanceof PyFrozenSet) : a.getClass() != LinkedHashSet.class) {
                return path + ": expected " + (frozen ? "frozenset" : "set (LinkedHashSet)") + ", got " + Show.type(a);
            }
            List<Object> unmatched = new ArrayList<>((Set<?>) a);
            if (unmatched.size() != es.size()) return path + ": " + es.size() + " members expected, got " + unmatched.size();
            for (Object m : es) {
                int twin = -1;
                for (int i = 0; i < unmatched.size() && twin < 0; i++) {
                    if (new GraphCompare().diff(m, unmatched.get(i), "") == null) twin = i;
                }
                if (twin < 0) return path + ": member " + Show.show(m) + " has no twin of the same type in " + Show.show(a);
                unmatched.remove(twin);
            }
            return null;
        }
        if (e instanceof PyGlobal g) {
            // protocols 0-2 name builtins by their Python 2 modules (fix_imports); CPython maps them back on load
            if (!(a instanceof PyGlobal ag)) return path + ": expected " + g + ", got " + Show.type(a);
            return builtin(ag.module()).equals(builtin(g.module())) && ag.name().equals(g.name()) ? null : path + ": expected " + g + ", got " + ag;
        }
        if (a.getClass() != e.getClass()) return path + ": expected " + Show.type(e) + " " + e + ", got " + Show.type(a) + " " + Show.show(a);
        return e.equals(a) ? null : path + ": expected " + e + ", got " + a;
    }

    private static String builtin(String module) {
        return module.equals("__builtin__") || module.equals("exceptions") ? "builtins" : module;
    }
}
