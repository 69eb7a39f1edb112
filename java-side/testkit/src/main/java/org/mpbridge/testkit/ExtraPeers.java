package org.mpbridge.testkit;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The {@link PythonGatewayPeer} and {@link InProcessPythonPeer} fields: found, checked, started, closed by JUnit's store. */
final class ExtraPeers {
    private ExtraPeers() {}

    /** Starts the fields of {@code type} (static ones when {@code target} is null) and remembers them in {@code context}. */
    static void start(ExtensionContext context, Class<?> type, Object target, PythonInterpreter invocationPython) {
        boolean statics = target == null;
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) != statics) continue;
                PythonGatewayPeer gw = f.getAnnotation(PythonGatewayPeer.class);
                InProcessPythonPeer inProcess = f.getAnnotation(InProcessPythonPeer.class);
                if (gw == null && inProcess == null) continue;
                String where = c.getSimpleName() + "." + f.getName();
                if (Modifier.isFinal(f.getModifiers())) throw new ExtensionConfigurationException(where + " must not be final");
                AutoCloseable peer;
                if (gw != null) {
                    OptionalArtifact.PY4J.require(where);
                    if (!f.getType().getName().equals(OptionalArtifact.PY4J.className)) {
                        throw new ExtensionConfigurationException("@PythonGatewayPeer field " + where + " must be of type PythonGateway");
                    }
                    PythonInterpreter python = gw.python().isEmpty() && invocationPython != null ? invocationPython
                            : PythonInterpreters.require(gw.python());
                    peer = Gateways.start(where, gw, python);
                } else {
                    if (f.getType() != InProcessPeer.class) {
                        throw new ExtensionConfigurationException("@InProcessPythonPeer field " + where + " must be of type InProcessPeer");
                    }
                    OptionalArtifact.JEP.require(where);
                    peer = InProcessPeer.start(where, inProcess);
                }
                context.getStore(PeerFields.NAMESPACE).put(peer, peer);  // JUnit closes it with the scope
                try {
                    f.setAccessible(true);
                    f.set(target, peer);
                } catch (IllegalAccessException e) {
                    throw new ExtensionConfigurationException("cannot set " + where, e);
                }
            }
        }
    }

    static void startForInstances(ExtensionContext context, PythonInterpreter invocationPython) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            start(context, instance.getClass(), instance, invocationPython);
        }
    }

    /** The only code that names Py4J's classes: loaded only for a {@link PythonGatewayPeer} field (mpbridge-py4j is optional). */
    private static final class Gateways {
        static AutoCloseable start(String where, PythonGatewayPeer spec, PythonInterpreter python) {
            List<String> path = new ArrayList<>();
            path.add(Repo.pythonSource().toString());
            path.addAll(List.of(spec.pythonPath()));
            try {
                return org.mpbridge.py4j.PythonGateway.start(Path.of(python.path().toString()),
                        Duration.ofSeconds(spec.timeoutSeconds()), path);
            } catch (IOException e) {
                throw new PeerStartException("@PythonGatewayPeer " + where + " on " + python + ": " + e.getMessage(), e);
            }
        }
    }
}
