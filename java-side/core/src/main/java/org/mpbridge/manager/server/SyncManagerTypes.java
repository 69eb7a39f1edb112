package org.mpbridge.manager.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mpbridge.manager.PythonErrors;

/**
 * {@code SyncManager}'s registry (Lib/multiprocessing/managers.py, unchanged 3.8–3.13) with Java referents:
 * the typeids, their constructor signatures and the {@code exposed} names of their proxy types. {@code Pool}
 * is registered but refused: a Java manager cannot run Python functions.
 */
public final class SyncManagerTypes {
    private SyncManagerTypes() {}

    static final List<String> EVENT = List.of("is_set", "set", "clear", "wait");
    static final List<String> ACQUIRER = List.of("acquire", "release");
    static final List<String> CONDITION = List.of("acquire", "release", "wait", "notify", "notify_all");
    static final List<String> BARRIER = List.of("__getattribute__", "wait", "abort", "reset");
    static final List<String> LIST = List.of("__add__", "__contains__", "__delitem__", "__getitem__", "__len__",
            "__mul__", "__reversed__", "__rmul__", "__setitem__", "append", "count", "extend", "index", "insert", "pop",
            "remove", "reverse", "sort", "__imul__");
    static final List<String> DICT = List.of("__contains__", "__delitem__", "__getitem__", "__iter__", "__len__",
            "__setitem__", "clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values");
    static final List<String> VALUE = List.of("get", "set");
    static final List<String> ARRAY = List.of("__len__", "__getitem__", "__setitem__");
    static final List<String> NAMESPACE = List.of("__getattribute__", "__setattr__", "__delattr__");
    static final List<String> ITERATOR = List.of("__next__", "send", "throw", "close");

    /** typeid → spec, in CPython's registration order. */
    public static Map<String, TypeSpec> registry() {
        Map<String, TypeSpec> r = new LinkedHashMap<>();
        Signature queue = Signature.of("Queue", "maxsize").defaults(0);
        r.put("Queue", TypeSpec.of((a, k, s) -> SharedQueue.of(queue.bind(a, k)[0]), null));
        r.put("JoinableQueue", TypeSpec.of((a, k, s) -> SharedQueue.of(queue.bind(a, k)[0]), null));
        r.put("Event", TypeSpec.of((a, k, s) -> {
            Signature.of("Event").bind(a, k);
            return new SharedEvent();
        }, EVENT));
        r.put("Lock", TypeSpec.of((a, k, s) -> {
            Signature.of("Lock").bind(a, k);
            return new SharedLock();
        }, ACQUIRER));
        r.put("RLock", TypeSpec.of((a, k, s) -> {
            Signature.of("RLock").bind(a, k);
            return new SharedRLock();
        }, ACQUIRER));
        Signature semaphore = Signature.of("Semaphore", "value").defaults(1);
        r.put("Semaphore", TypeSpec.of((a, k, s) -> new SharedSemaphore(Py.integer(semaphore.bind(a, k)[0]), false), ACQUIRER));
        r.put("BoundedSemaphore", TypeSpec.of((a, k, s) -> new SharedSemaphore(Py.integer(semaphore.bind(a, k)[0]), true), ACQUIRER));
        Signature condition = Signature.of("Condition", "lock").defaults((Object) null);
        r.put("Condition", TypeSpec.of((a, k, s) -> SharedCondition.of(condition.bind(a, k)[0], s), CONDITION));
        Signature barrier = Signature.of("Barrier", "parties", "action", "timeout").defaults(null, null);
        r.put("Barrier", TypeSpec.of((a, k, s) -> {
            Object[] b = barrier.bind(a, k);
            return SharedBarrier.of(b[0], b[1], b[2]);
        }, BARRIER));
        r.put("Pool", TypeSpec.of((a, k, s) -> {
            throw PythonErrors.builtin("NotImplementedError", "a Java manager cannot run a multiprocessing.Pool (it would run Python functions)");
        }, List.of("apply", "apply_async", "close", "imap", "imap_unordered", "join", "map", "map_async", "starmap",
                "starmap_async", "terminate")));
        Signature list = Signature.of("list", "iterable").defaults(List.of());
        r.put("list", TypeSpec.of((a, k, s) -> new SharedList(Sequences.iterable(list.bind(a, k)[0])), LIST));
        r.put("dict", new TypeSpec((a, k, s) -> SharedDict.of(a, k), DICT, Map.of("__iter__", "Iterator")));
        Signature value = Signature.of("Value", "typecode", "value", "lock").defaults(true);
        r.put("Value", TypeSpec.of((a, k, s) -> {
            Object[] b = value.bind(a, k);
            return new SharedValue(b[0], b[1]);
        }, VALUE));
        Signature array = Signature.of("Array", "typecode", "sequence", "lock").defaults(true);
        r.put("Array", TypeSpec.of((a, k, s) -> {
            Object[] b = array.bind(a, k);
            return SharedArray.of(b[0], b[1]);
        }, ARRAY));
        r.put("Namespace", TypeSpec.of((a, k, s) -> {
            if (!a.isEmpty()) throw PythonErrors.builtin("TypeError", "Namespace.__init__() takes 1 positional argument but "
                    + (a.size() + 1) + " were given");
            return new SharedNamespace(k);
        }, NAMESPACE));
        r.put("Iterator", new TypeSpec(null, ITERATOR, null));
        r.put("AsyncResult", new TypeSpec(null, null, null));
        return r;
    }
}
