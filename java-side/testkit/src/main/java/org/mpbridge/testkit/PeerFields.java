package org.mpbridge.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Finding, checking, starting and remembering the {@link PythonPeer} fields of a test class. */
final class PeerFields {
    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PythonPeerExtension.class);
    private static final String PEERS = "peers";

    private PeerFields() {}

    /** The annotated fields of {@code type} and its superclasses, checked: the right type, a command, not final. */
    static List<Field> of(Class<?> type, boolean statics) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                PythonPeer spec = f.getAnnotation(PythonPeer.class);
                if (spec == null || Modifier.isStatic(f.getModifiers()) != statics) continue;
                String where = "@PythonPeer field " + c.getSimpleName() + "." + f.getName();
                if (f.getType() != PythonPeerProcess.class) {
                    throw new ExtensionConfigurationException(where + " must be of type PythonPeerProcess, not " + f.getType().getSimpleName());
                }
                if (Modifier.isFinal(f.getModifiers())) throw new ExtensionConfigurationException(where + " must not be final");
                if (spec.value().length == 0) throw new ExtensionConfigurationException(where + " has no command");
                out.add(f);
            }
        }
        return out;
    }

    /** Starts a peer for each field of {@code target} (null for static fields) and remembers it in {@code context}. */
    static void start(ExtensionContext context, Class<?> type, Object target, PythonInterpreter invocationPython) {
        start(context, type, target, invocationPython, null);
    }

    /** As above; {@code invocationRuntime}: the {@link EveryPython} invocation's runtime (null: none). */
    static void start(ExtensionContext context, Class<?> type, Object target, PythonInterpreter invocationPython,
                      PeerRuntime invocationRuntime) {
        for (Field f : of(type, target == null)) {
            PythonPeer spec = f.getAnnotation(PythonPeer.class);
            PeerRuntime runtime = PeerRuntime.resolve(spec.runtime(), invocationRuntime);
            PythonInterpreter python = spec.python().isEmpty() && invocationPython != null
                    ? invocationPython : interpreter(spec.python(), runtime);
            PythonPeerProcess peer = PythonPeerProcess.start(f.getDeclaringClass().getSimpleName() + "." + f.getName(), spec,
                    python, runtime);
            context.getStore(NAMESPACE).put(peer, peer);  // an AutoCloseable in the store: JUnit closes it with the scope
            remembered(context).add(peer);
            try {
                f.setAccessible(true);
                f.set(target, peer);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("cannot set @PythonPeer field " + f.getName(), e);
            }
        }
    }

    /** The interpreter for {@code spec}: found here, or for a container peer also a version with only an image. */
    private static PythonInterpreter interpreter(String spec, PeerRuntime runtime) {
        if (runtime == PeerRuntime.CONTAINER && PythonInterpreters.select(spec).isEmpty()) {
            List<PythonInterpreter> images = ContainerLauncher.interpreters(spec);
            if (!images.isEmpty()) return images.get(images.size() - 1);
        }
        return PythonInterpreters.require(spec);
    }

    /** Instance peers for every test instance of this test (the outer instances of a @Nested test too). */
    static void startForInstances(ExtensionContext context, PythonInterpreter invocationPython) {
        startForInstances(context, invocationPython, null);
    }

    static void startForInstances(ExtensionContext context, PythonInterpreter invocationPython, PeerRuntime invocationRuntime) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            start(context, instance.getClass(), instance, invocationPython, invocationRuntime);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<PythonPeerProcess> remembered(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(PEERS, k -> new ArrayList<PythonPeerProcess>(), List.class);
    }

    /** The peers a test can see: its own, then those of its enclosing scopes (class, outer classes). */
    static List<PythonPeerProcess> visible(ExtensionContext context) {
        List<PythonPeerProcess> out = new ArrayList<>();
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            Object list = c.get().getStore(NAMESPACE).get(PEERS);
            if (list instanceof List<?> peers) {
                for (Object p : peers) if (p instanceof PythonPeerProcess peer && !out.contains(peer)) out.add(peer);
            }
        }
        return out;
    }
}
