package org.mpbridge.jep.oracle;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries over the README's type table with its edge cases: huge ints, nan/±inf/−0.0/subnormals,
 * non-BMP and control text, empty containers, shared and cyclic references, deep nesting, dict keys and set
 * members of every hashable type (kept apart by Python's equality). {@code pythonOnly} adds values only
 * Python makes (OrderedDict, fold=1, Decimal NaN, SimpleNamespace): Java must decode them to a PyObject.
 */
public final class PyNodes {
    private PyNodes() {}

    private static final int MAX_ITEMS = 6;

    // built once, bottom-up (no lazy arbitraries): jqwik then reuses one generator tree for every try
    private static final java.util.Map<String, Arbitrary<PyNode>> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    public static Arbitrary<PyNode> values(boolean pythonOnly) {
        return any(pythonOnly, 3);
    }

    private static Arbitrary<PyNode> any(boolean pythonOnly, int depth) {
        String key = "any" + pythonOnly + depth;
        Arbitrary<PyNode> a = CACHE.get(key);
        if (a == null) {
            a = makeAny(pythonOnly, depth);
            CACHE.put(key, a);
        }
        return a;
    }

    private static Arbitrary<PyNode> makeAny(boolean pythonOnly, int depth) {
        List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends PyNode>>> choices = new ArrayList<>();
        choices.add(net.jqwik.api.Tuple.of(12, scalar(pythonOnly)));
        choices.add(net.jqwik.api.Tuple.of(1, deep(pythonOnly)));
        if (depth > 0) {
            Arbitrary<PyNode> inner = any(pythonOnly, depth - 1);
            choices.add(net.jqwik.api.Tuple.of(2, inner.list().ofMaxSize(MAX_ITEMS).map(PyNode.PyList::new)));
            choices.add(net.jqwik.api.Tuple.of(2, inner.list().ofMaxSize(MAX_ITEMS).map(PyNode.Tuple::new)));
            choices.add(net.jqwik.api.Tuple.of(2, dict(inner)));
            choices.add(net.jqwik.api.Tuple.of(1, hashables(depth - 1).map(PyNode.PySet::new)));
            choices.add(net.jqwik.api.Tuple.of(1, hashables(depth - 1).map(PyNode.FrozenSet::new)));
            Arbitrary<PyNode> mutable = Arbitraries.oneOf(inner.list().ofMaxSize(3).map(PyNode.PyList::new), dict(inner),
                    hashables(0).map(PyNode.PySet::new), bytes().map(PyNode.ByteArray::new));
            choices.add(net.jqwik.api.Tuple.of(1, mutable.map(PyNode.Shared::new)));
            choices.add(net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("list", "dict", "tuple"), inner).as(PyNode.Cycle::new)));
        }
        return Arbitraries.frequencyOf(choices.toArray(net.jqwik.api.Tuple.Tuple2[]::new));
    }

    private static Arbitrary<PyNode> deep(boolean pythonOnly) {
        return Combinators.combine(Arbitraries.of("list", "tuple", "dict"), Arbitraries.integers().between(1, 300),
                scalar(pythonOnly)).as(PyNode.Deep::new);
    }

    /** Key/value pairs, keys kept apart by Python's equality (no flatMap: jqwik shrinks pairs one by one). */
    private static Arbitrary<PyNode> dict(Arbitrary<PyNode> values) {
        return Combinators.combine(hashable(1), values).as(List::of).list().ofMaxSize(MAX_ITEMS).map(pairs -> {
            Set<String> seen = new LinkedHashSet<>();
            List<PyNode> keys = new ArrayList<>();
            List<PyNode> vs = new ArrayList<>();
            for (List<PyNode> kv : pairs) {
                if (!seen.add(kv.get(0).pyKey())) continue;
                keys.add(kv.get(0));
                vs.add(kv.get(1));
            }
            return (PyNode) new PyNode.Dict(keys, vs);
        });
    }

    /** Distinct (by Python's equality) hashable values, nested {@code depth} deep in tuples and frozensets. */
    static Arbitrary<List<PyNode>> hashables(int depth) {
        return hashable(depth).list().ofMaxSize(MAX_ITEMS).map(PyNodes::distinct);
    }

    private static List<PyNode> distinct(List<PyNode> nodes) {
        Set<String> seen = new LinkedHashSet<>();
        List<PyNode> out = new ArrayList<>();
        for (PyNode n : nodes) if (seen.add(n.pyKey())) out.add(n);
        return out;
    }

    private static Arbitrary<PyNode> hashable(int depth) {
        String key = "hashable" + depth;
        Arbitrary<PyNode> a = CACHE.get(key);
        if (a == null) {
            a = makeHashable(depth);
            CACHE.put(key, a);
        }
        return a;
    }

    private static Arbitrary<PyNode> makeHashable(int depth) {
        Arbitrary<PyNode> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new PyNode.None())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(PyNode.Bool::new)),
                net.jqwik.api.Tuple.of(4, ints()),
                net.jqwik.api.Tuple.of(2, floats().filter(d -> !Double.isNaN(d)).map(PyNode.Float::new)),
                net.jqwik.api.Tuple.of(4, text()),
                net.jqwik.api.Tuple.of(2, byteStrings()),
                net.jqwik.api.Tuple.of(1, decimals()),
                net.jqwik.api.Tuple.of(1, complexes(false)),
                net.jqwik.api.Tuple.of(2, temporals()),
                net.jqwik.api.Tuple.of(1, globals()));
        if (depth <= 0) return leaf;
        Arbitrary<PyNode> inner = hashable(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, leaf),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(PyNode.Tuple::new)),
                net.jqwik.api.Tuple.of(1, inner.list().ofMaxSize(4).map(PyNodes::distinct).map(PyNode.FrozenSet::new)));
    }

    private static Arbitrary<PyNode> scalar(boolean pythonOnly) {
        return CACHE.computeIfAbsent("scalar" + pythonOnly, k -> makeScalar(pythonOnly));
    }

    private static Arbitrary<PyNode> makeScalar(boolean pythonOnly) {
        List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends PyNode>>> c = new ArrayList<>(List.of(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new PyNode.None())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(PyNode.Bool::new)),
                net.jqwik.api.Tuple.of(5, ints()),
                net.jqwik.api.Tuple.of(4, floats().map(PyNode.Float::new)),
                net.jqwik.api.Tuple.of(5, text()),
                net.jqwik.api.Tuple.of(2, byteStrings()),
                net.jqwik.api.Tuple.of(1, bytes().map(PyNode.ByteArray::new)),
                net.jqwik.api.Tuple.of(1, decimals()),
                net.jqwik.api.Tuple.of(1, complexes(true)),
                net.jqwik.api.Tuple.of(3, temporals()),
                net.jqwik.api.Tuple.of(1, globals()),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("KeyError", "ValueError", "RuntimeError"), strings())
                        .as(PyNode.Exception::new))));
        if (pythonOnly) c.add(net.jqwik.api.Tuple.of(2, opaque()));
        return Arbitraries.frequencyOf(c.toArray(net.jqwik.api.Tuple.Tuple2[]::new));
    }

    // ---- scalars -------------------------------------------------------------------------------------------

    static Arbitrary<PyNode> ints() {
        BigInteger two = BigInteger.TWO;
        List<BigInteger> edges = new ArrayList<>();
        for (int bits : new int[] {7, 8, 15, 16, 31, 32, 63, 64, 65, 127, 128}) {
            BigInteger p = two.pow(bits);
            edges.addAll(List.of(p, p.subtract(BigInteger.ONE), p.negate(), p.negate().subtract(BigInteger.ONE)));
        }
        edges.addAll(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE.negate()));
        Arbitrary<BigInteger> small = Arbitraries.integers().between(-1000, 1000).map(BigInteger::valueOf);
        Arbitrary<BigInteger> huge = Combinators.combine(Arbitraries.longs().list().ofMinSize(1).ofMaxSize(70), Arbitraries.of(1, -1))
                .as((limbs, sign) -> {
                    BigInteger v = BigInteger.ZERO;
                    for (long l : limbs) v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(l)));
                    return sign < 0 ? v.negate() : v;
                });
        Arbitrary<BigInteger> any = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, small), net.jqwik.api.Tuple.of(2, Arbitraries.of(edges)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(BigInteger::valueOf)), net.jqwik.api.Tuple.of(2, huge));
        return Combinators.combine(any, Arbitraries.of("Integer", "Integer", "Long", "BigInteger", "Short", "Byte")).as(PyNode.Int::new);
    }

    static Arbitrary<Double> floats() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
                        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 0.1, 2.5, 1e16, 1e22,
                        Math.nextDown(1.0), 9007199254740993.0)),
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(Double::longBitsToDouble)));
    }

    static Arbitrary<String> strings() {
        Arbitrary<Integer> cp = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0x20, 0x7e)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of((int) '\\', (int) '\'', (int) '"', 0x7f, 0x80, 0xff, 0x100, 0xfffd, 0xffff, 0x10000, 0x10ffff, 0x1f600)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return cp.list().ofMaxSize(24).map(PyNodes::fromCodePoints);
    }

    static Arbitrary<PyNode> text() {
        Arbitrary<PyNode> lng = Combinators.combine(strings().filter(u -> !u.isEmpty()), Arbitraries.integers().between(10, 9000))
                .as(PyNode.LongStr::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(30, strings().map(PyNode.Str::new)), net.jqwik.api.Tuple.of(1, lng));
    }

    static Arbitrary<PyNode> byteStrings() {
        Arbitrary<PyNode> lng = Combinators.combine(bytes().filter(b -> b.length > 0), Arbitraries.integers().between(10, 9000))
                .as(PyNode.LongBytes::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(30, bytes().map(PyNode.Bytes::new)), net.jqwik.api.Tuple.of(1, lng));
    }

    private static String fromCodePoints(List<Integer> cps) {
        StringBuilder b = new StringBuilder();
        cps.forEach(b::appendCodePoint);
        return b.toString();
    }

    static Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().list().ofMaxSize(40).map(l -> {
            byte[] b = new byte[l.size()];
            for (int i = 0; i < b.length; i++) b[i] = l.get(i);
            return b;
        });
    }

    static Arbitrary<PyNode> decimals() {
        return Combinators.combine(Arbitraries.longs().map(BigInteger::valueOf), Arbitraries.integers().between(-40, 40))
                .as((u, scale) -> new PyNode.Dec(new BigDecimal(u, scale)));
    }

    static Arbitrary<PyNode> complexes(boolean nan) {
        Arbitrary<Double> part = nan ? floats() : floats().filter(d -> !Double.isNaN(d));
        return Combinators.combine(part, part).as(PyNode.Complex::new);
    }

    static Arbitrary<ZoneOffset> offsets() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0, 3600, -18000, 19800, 2700, -43200, 50400, 64800, -64800)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-64800, 64800)))
                .map(ZoneOffset::ofTotalSeconds);
    }

    static Arbitrary<PyNode> temporals() {
        long min = LocalDate.of(1, 1, 1).toEpochDay();
        long max = LocalDate.of(9999, 12, 31).toEpochDay();
        Arbitrary<LocalDate> date = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(min, max).map(LocalDate::ofEpochDay)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(LocalDate.of(1, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(2024, 2, 29),
                        LocalDate.of(1970, 1, 1))));
        Arbitrary<LocalTime> time = Arbitraries.longs().between(0, 86_399_999_999L).map(us -> LocalTime.ofNanoOfDay(us * 1000));
        Arbitrary<ZoneOffset> maybeTz = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, Arbitraries.just(null)),
                net.jqwik.api.Tuple.of(1, offsets()));
        Arbitrary<Duration> delta = Combinators.combine(Arbitraries.longs().between(-86_399_999_913_600L, 86_399_999_999_999L),
                Arbitraries.integers().between(0, 999_999)).as((s, us) -> Duration.ofSeconds(s, us * 1000L));
        return Arbitraries.oneOf(
                date.map(PyNode.Date::new),
                Combinators.combine(time, maybeTz).as(PyNode.Time::new),
                Combinators.combine(date, time, maybeTz).as((d, t, z) -> new PyNode.DateTime(LocalDateTime.of(d, t), z))
                        .filter(PyNodes::inPythonRange),
                delta.map(PyNode.TimeDelta::new),
                offsets().map(PyNode.TimeZone::new));
    }

    /** An aware datetime near year 1 or 9999 cannot be pickled by Python when its UTC time leaves the range. */
    private static boolean inPythonRange(PyNode.DateTime dt) {
        if (dt.offset() == null) return true;
        LocalDateTime utc = dt.v().minusSeconds(dt.offset().getTotalSeconds());
        return utc.getYear() >= 1 && utc.getYear() <= 9999;
    }

    static Arbitrary<PyNode> globals() {
        return Arbitraries.of(new PyNode.Global("collections", "OrderedDict"), new PyNode.Global("builtins", "len"),
                new PyNode.Global("datetime", "date"), new PyNode.Global("decimal", "Decimal"), new PyNode.Global("builtins", "ValueError"));
    }

    static Arbitrary<PyNode> opaque() {
        return Arbitraries.of(
                new PyNode.Opaque("collections", "OrderedDict", "collections.OrderedDict([('z', 1), ('a', [2])])"),
                new PyNode.Opaque("collections", "OrderedDict", "collections.OrderedDict()"),
                new PyNode.Opaque("datetime", "datetime", "datetime.datetime(2024, 11, 3, 1, 30, fold=1)"),
                new PyNode.Opaque("decimal", "Decimal", "decimal.Decimal('NaN')"),
                new PyNode.Opaque("decimal", "Decimal", "decimal.Decimal('-Infinity')"),
                new PyNode.Opaque("decimal", "Decimal", "decimal.Decimal('-0.00')"),
                new PyNode.Opaque("types", "SimpleNamespace", "types.SimpleNamespace(a=1, b=[None])"));
    }
}
