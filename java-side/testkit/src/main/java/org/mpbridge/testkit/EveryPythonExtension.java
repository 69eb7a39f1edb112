package org.mpbridge.testkit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** {@link EveryPython}: one invocation per interpreter found, each with its instance peers and its parameter. */
public final class EveryPythonExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(EveryPython.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        String spec = method.getAnnotation(EveryPython.class).value();
        PeerRuntime runtime = method.getAnnotation(EveryPython.class).runtime();
        List<PythonInterpreter> pythons = runtime == PeerRuntime.CONTAINER
                ? ContainerLauncher.interpreters(spec) : PythonInterpreters.select(spec);
        if (pythons.isEmpty()) PythonInterpreters.require(spec);  // throws, naming what discovery tried
        return pythons.stream().map(python -> new Invocation(python, runtime));
    }

    private static final class Invocation implements TestTemplateInvocationContext {
        private final PythonInterpreter python;
        private final PeerRuntime runtime;

        Invocation(PythonInterpreter python, PeerRuntime runtime) {
            this.python = python;
            this.runtime = runtime;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "[CPython " + python.version() + "]" + (runtime == PeerRuntime.CONTAINER ? " in container" : "");
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Peers(python, runtime));
        }
    }

    /** Starts the instance peers under this invocation's interpreter and resolves a PythonInterpreter parameter. */
    private static final class Peers implements BeforeEachCallback, ParameterResolver {
        private final PythonInterpreter python;
        private final PeerRuntime runtime;

        Peers(PythonInterpreter python, PeerRuntime runtime) {
            this.python = python;
            this.runtime = runtime;
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            PeerFields.startForInstances(context, python, runtime);
            ExtraPeers.startForInstances(context, python);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == PythonInterpreter.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return python;
        }
    }
}
