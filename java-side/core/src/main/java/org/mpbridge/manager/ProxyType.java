package org.mpbridge.manager;

import java.util.List;
import java.util.Map;

/**
 * Which Java proxy class stands for a Python proxy class. {@code pythonClass} is the name in
 * {@code multiprocessing.managers} a proxy pickles as ({@code RebuildProxy(<class>, token, 'pickle', kwds)});
 * {@code AutoProxy} is a function there, and its pickle carries the exposed names.
 *
 * @param <P> the Java proxy class
 * @param pythonClass the name in {@code multiprocessing.managers}
 * @param javaClass the Java proxy class
 * @param constructor makes the Java proxy
 */
public record ProxyType<P extends Proxy>(String pythonClass, Class<P> javaClass, Constructor<P> constructor) {

    /** Makes the Java proxy object (no I/O: reference counting is the client's job). */
    @FunctionalInterface
    public interface Constructor<P extends Proxy> {
        P make(ManagerClient manager, Token token, List<String> exposed);
    }

    public static final ProxyType<Proxy> AUTO = new ProxyType<>("AutoProxy", Proxy.class, Proxy::new);
    public static final ProxyType<QueueProxy> QUEUE = new ProxyType<>("AutoProxy", QueueProxy.class, QueueProxy::new);
    public static final ProxyType<DictProxy> DICT = new ProxyType<>("DictProxy", DictProxy.class, DictProxy::new);
    public static final ProxyType<ListProxy> LIST = new ProxyType<>("ListProxy", ListProxy.class, ListProxy::new);
    public static final ProxyType<ValueProxy> VALUE = new ProxyType<>("ValueProxy", ValueProxy.class, ValueProxy::new);
    public static final ProxyType<ArrayProxy> ARRAY = new ProxyType<>("ArrayProxy", ArrayProxy.class, ArrayProxy::new);
    public static final ProxyType<NamespaceProxy> NAMESPACE = new ProxyType<>("NamespaceProxy", NamespaceProxy.class, NamespaceProxy::new);
    public static final ProxyType<AcquirerProxy> ACQUIRER = new ProxyType<>("AcquirerProxy", AcquirerProxy.class, AcquirerProxy::new);
    public static final ProxyType<ConditionProxy> CONDITION = new ProxyType<>("ConditionProxy", ConditionProxy.class, ConditionProxy::new);
    public static final ProxyType<EventProxy> EVENT = new ProxyType<>("EventProxy", EventProxy.class, EventProxy::new);
    public static final ProxyType<BarrierProxy> BARRIER = new ProxyType<>("BarrierProxy", BarrierProxy.class, BarrierProxy::new);
    public static final ProxyType<IteratorProxy> ITERATOR = new ProxyType<>("IteratorProxy", IteratorProxy.class, IteratorProxy::new);

    /** {@code SyncManager}'s registry (Lib/multiprocessing/managers.py, unchanged 3.8–3.13), minus Pool. */
    public static final Map<String, ProxyType<?>> SYNC_MANAGER = Map.ofEntries(
            Map.entry("Queue", QUEUE), Map.entry("JoinableQueue", QUEUE),
            Map.entry("Event", EVENT), Map.entry("Lock", ACQUIRER), Map.entry("RLock", ACQUIRER),
            Map.entry("Semaphore", ACQUIRER), Map.entry("BoundedSemaphore", ACQUIRER),
            Map.entry("Condition", CONDITION), Map.entry("Barrier", BARRIER),
            Map.entry("list", LIST), Map.entry("dict", DICT), Map.entry("Value", VALUE),
            Map.entry("Array", ARRAY), Map.entry("Namespace", NAMESPACE),
            Map.entry("Iterator", ITERATOR), Map.entry("AsyncResult", AUTO));

    private static final List<ProxyType<?>> NAMED = List.of(DICT, LIST, VALUE, ARRAY, NAMESPACE, ACQUIRER, CONDITION,
            EVENT, BARRIER, ITERATOR);

    public boolean isAuto() {
        return pythonClass.equals("AutoProxy");
    }

    /** The Python proxy class a Java proxy class stands for ({@code AutoProxy} for any other class). */
    static String pythonClassOf(Class<?> javaClass) {
        for (ProxyType<?> t : NAMED) {
            if (t.javaClass == javaClass) return t.pythonClass;
        }
        return "AutoProxy";
    }

    /** The Java proxy type for a Python proxy class name; null if mpbridge has none. */
    public static ProxyType<?> forPythonClass(String name) {
        if (name.equals("AutoProxy")) return AUTO;
        for (ProxyType<?> t : NAMED) {
            if (t.pythonClass.equals(name)) return t;
        }
        return null;
    }

    @Override
    public String toString() {
        return "ProxyType(" + pythonClass + ")";
    }
}
