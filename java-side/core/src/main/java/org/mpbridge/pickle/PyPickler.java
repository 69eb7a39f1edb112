package org.mpbridge.pickle;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Pickler;

/**
 * razorvine's {@link Pickler} (protocol 2 stream) for scalars, with mpbridge's own handling of everything
 * whose Python type razorvine would change or alias: {@code byte[]} is written as {@code bytes} (BINBYTES, not
 * a latin-1 bytearray), {@link PyTuple}/{@link PyByteArray}/{@link PyFrozenSet}/{@link PyObject} keep their
 * type, maps keep their order, and the memo is by identity (razorvine's default memo merges equal objects).
 * CPython 3.x loads the result (the unpickler accepts any opcode under any PROTO); Python 2.7 does not read
 * BINBYTES. Not thread-safe.
 */
final class PyPickler extends Pickler {
    static final int MAX_DEPTH = 1000;
    private static final int BATCHSIZE = 1000;

    private final IdentityHashMap<Object, Integer> identityMemo = new IdentityHashMap<>();
    private int depth;

    PyPickler() {
        super(false);
    }

    @Override
    public void dump(Object o, OutputStream stream) throws IOException {
        identityMemo.clear();
        depth = 0;
        super.dump(o, stream);
    }

    @Override
    public void save(Object o) throws PickleException, IOException {
        if (++depth > MAX_DEPTH) {
            throw new PickleException("maximum recursion depth exceeded while pickling (" + MAX_DEPTH + ")");
        }
        try {
            if (o == null || o instanceof String || o instanceof Boolean || o instanceof Integer || o instanceof Long
                    || o instanceof Short || o instanceof Byte || o instanceof Double || o instanceof Float
                    || o instanceof BigInteger || o instanceof Character) {
                super.save(o);
                return;
            }
            Integer memoIndex = identityMemo.get(o);
            if (memoIndex != null) {
                get(memoIndex);
                return;
            }
            saveObject(o);
        } finally {
            depth--;
        }
    }

    private void saveObject(Object o) throws IOException {
        if (o instanceof byte[] b) {
            saveBytes(b);
        } else if (o instanceof PyTuple t) {
            saveTuple(t);
        } else if (o instanceof Object[] array) {
            saveTuple(PyTuple.of(array));
        } else if (o instanceof List<?> list) {
            out.write(Opcodes.EMPTY_LIST);
            memoize(o);
            batch(list, Opcodes.APPENDS, Opcodes.APPEND);
        } else if (o instanceof Map<?, ?> map) {
            out.write(Opcodes.EMPTY_DICT);
            memoize(o);
            saveItems(map);
        } else if (o instanceof PyFrozenSet fs) {
            global("builtins", "frozenset");
            out.write(Opcodes.EMPTY_LIST);
            batch(fs, Opcodes.APPENDS, Opcodes.APPEND);
            out.write(Opcodes.TUPLE1);
            out.write(Opcodes.REDUCE);
            memoize(o);
        } else if (o instanceof Set<?> set) {
            out.write(Opcodes.EMPTY_SET);
            memoize(o);
            batch(set, Opcodes.ADDITEMS, -1);
        } else if (o instanceof PyByteArray ba) {
            global("builtins", "bytearray");
            saveBytes(ba.bytes());
            out.write(Opcodes.TUPLE1);
            out.write(Opcodes.REDUCE);
            memoize(o);
        } else if (o instanceof PyObject obj) {
            saveObject(obj);
        } else if (o instanceof PyGlobal g) {
            global(g.module(), g.name());
        } else if (o instanceof PyComplex c) {
            reduce("builtins", "complex", c.real(), c.imag());
        } else if (o instanceof BigDecimal d) {
            reduce("decimal", "Decimal", d.toString());
        } else if (o instanceof LocalDate d) {
            reduce("datetime", "date", dateState(d));
        } else if (o instanceof LocalTime t) {
            reduce("datetime", "time", timeState(t));
        } else if (o instanceof OffsetTime t) {
            reduce("datetime", "time", timeState(t.toLocalTime()), t.getOffset());
        } else if (o instanceof LocalDateTime dt) {
            reduce("datetime", "datetime", dateTimeState(dt));
        } else if (o instanceof OffsetDateTime dt) {
            reduce("datetime", "datetime", dateTimeState(dt.toLocalDateTime()), dt.getOffset());
        } else if (o instanceof ZoneOffset z) {
            reduce("datetime", "timezone", Duration.ofSeconds(z.getTotalSeconds()));
        } else if (o instanceof Duration d) {
            long micros = d.getNano() / 1000;
            reduce("datetime", "timedelta", Math.floorDiv(d.getSeconds(), 86400), Math.floorMod(d.getSeconds(), 86400), micros);
        } else if (o instanceof Enum<?> e) {
            super.save(e.name());
        } else if (o instanceof Collection<?> c) {
            save(List.copyOf(c));
        } else {
            throw new PickleException("cannot pickle " + o.getClass().getName()
                    + ": convert it to a type in mpbridge's type table (README) or a PyObject");
        }
    }

    private void saveObject(PyObject obj) throws IOException {
        if (obj.isNewObj()) {
            save(obj.callable());
            save(obj.args());
            if (obj.kwargs().isEmpty()) {
                out.write(Opcodes.NEWOBJ);
            } else {
                save(obj.kwargs());
                out.write(Opcodes.NEWOBJ_EX);
            }
        } else {
            if (!obj.kwargs().isEmpty()) throw new PickleException("REDUCE cannot carry keyword arguments: " + obj);
            save(obj.callable());
            save(obj.args());
            out.write(Opcodes.REDUCE);
        }
        memoize(obj);
        if (!obj.listItems().isEmpty()) batch(obj.listItems(), Opcodes.APPENDS, Opcodes.APPEND);
        if (!obj.dictItems().isEmpty()) saveItems(obj.dictItems());
        if (obj.hasState()) {
            save(obj.state());
            out.write(Opcodes.BUILD);
        }
    }

    private void saveBytes(byte[] b) throws IOException {
        if (b.length < 256) {
            out.write(Opcodes.SHORT_BINBYTES);
            out.write(b.length);
        } else {
            out.write(Opcodes.BINBYTES);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        }
        out.write(b);
    }

    private void saveTuple(PyTuple t) throws IOException {
        int n = t.size();
        if (n == 0) {
            out.write(Opcodes.EMPTY_TUPLE);
            return;
        }
        if (n > 3) out.write(Opcodes.MARK);
        for (Object x : t) save(x);
        Integer memoIndex = identityMemo.get(t);
        if (memoIndex != null) {
            // t was pickled while pickling its own items (a list in it holds it): drop these items and refer to that
            // one, as CPython's save_tuple does, so the tuple stays one object (found by the pickle oracle)
            if (n > 3) out.write(Opcodes.POP_MARK);
            else for (int i = 0; i < n; i++) out.write(Opcodes.POP);
            get(memoIndex);
            return;
        }
        out.write(n == 1 ? Opcodes.TUPLE1 : n == 2 ? Opcodes.TUPLE2 : n == 3 ? Opcodes.TUPLE3 : Opcodes.TUPLE);
        memoize(t);
    }

    private void saveItems(Map<?, ?> map) throws IOException {
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            out.write(Opcodes.MARK);
            for (int n = 0; n < BATCHSIZE && it.hasNext(); n++) {
                Map.Entry<?, ?> e = it.next();
                save(e.getKey());
                save(e.getValue());
            }
            out.write(Opcodes.SETITEMS);
        }
    }

    /** Python's {@code _batch_appends}: MARK items APPENDS, in batches of 1000. */
    private void batch(Collection<?> items, short many, int one) throws IOException {
        Iterator<?> it = items.iterator();
        while (it.hasNext()) {
            out.write(Opcodes.MARK);
            for (int n = 0; n < BATCHSIZE && it.hasNext(); n++) save(it.next());
            out.write(many);
        }
    }

    private void reduce(String module, String name, Object... args) throws IOException {
        global(module, name);
        saveTuple(PyTuple.of(args));
        out.write(Opcodes.REDUCE);
    }

    private void global(String module, String name) throws IOException {
        out.write(Opcodes.GLOBAL);
        out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void memoize(Object o) throws IOException {
        int index = identityMemo.size();
        identityMemo.put(o, index);
        memoOp(Opcodes.BINPUT, Opcodes.LONG_BINPUT, index);
    }

    private void get(int index) throws IOException {
        memoOp(Opcodes.BINGET, Opcodes.LONG_BINGET, index);
    }

    /** The one-byte form of a memo opcode up to index 255, the four-byte little-endian form above. */
    private void memoOp(short shortForm, short longForm, int index) throws IOException {
        if (index <= 0xff) {
            out.write(shortForm);
            out.write(index);
        } else {
            out.write(longForm);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array());
        }
    }

    private static byte[] dateState(LocalDate d) {
        return new byte[] {(byte) (d.getYear() >> 8), (byte) d.getYear(), (byte) d.getMonthValue(), (byte) d.getDayOfMonth()};
    }

    private static byte[] timeState(LocalTime t) {
        int us = t.getNano() / 1000;
        return new byte[] {(byte) t.getHour(), (byte) t.getMinute(), (byte) t.getSecond(),
            (byte) (us >> 16), (byte) (us >> 8), (byte) us};
    }

    private static byte[] dateTimeState(LocalDateTime dt) {
        byte[] d = dateState(dt.toLocalDate());
        byte[] t = timeState(dt.toLocalTime());
        byte[] all = new byte[10];
        System.arraycopy(d, 0, all, 0, 4);
        System.arraycopy(t, 0, all, 4, 6);
        return all;
    }
}
