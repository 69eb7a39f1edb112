package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mpbridge-jep and mpbridge-py4j are optional in the testkit's POM: without them on the classpath (a class loader
 * that hides their packages and Jep's and Py4J's), the extension still handles a class with ordinary fields, and a
 * field that needs one fails with an error naming the missing artifact.
 */
class OptionalArtifactTest {
    static final class NoExtraPeers {
        static String plain;
    }

    static final class WantsInProcessPeer {
        @InProcessPythonPeer({"-c", "pass"})
        static InProcessPeer peer;
    }

    @Test
    void bothArtifactsArePresentInTheTestkitsOwnBuild() {
        assertThat(OptionalArtifact.JEP.present()).isTrue();
        assertThat(OptionalArtifact.PY4J.present()).isTrue();
    }

    @Test
    void withoutJepAndPy4JTheExtensionWorksAndAnInProcessFieldNamesTheMissingArtifact() throws Exception {
        try (URLClassLoader hiding = new Hiding()) {
            Class<?> optional = Class.forName(OptionalArtifact.class.getName(), true, hiding);
            assertThat(optional.getClassLoader()).isSameAs(hiding);
            Method present = optional.getDeclaredMethod("present");
            present.setAccessible(true);
            for (Object artifact : optional.getEnumConstants()) assertThat(present.invoke(artifact)).isEqualTo(false);

            Class<?> extra = Class.forName(ExtraPeers.class.getName(), true, hiding);
            Method start = extra.getDeclaredMethod("start", Class.forName("org.junit.jupiter.api.extension.ExtensionContext", false, hiding), Class.class,
                    Object.class, Class.forName(PythonInterpreter.class.getName(), false, hiding));
            start.setAccessible(true);
            start.invoke(null, null, Class.forName(NoExtraPeers.class.getName(), true, hiding), null, null);  // nothing to do, no error

            Class<?> wants = Class.forName(WantsInProcessPeer.class.getName(), true, hiding);
            assertThatThrownBy(() -> {
                try {
                    start.invoke(null, null, wants, null, null);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).hasMessageContaining("@InProcessPythonPeer field WantsInProcessPeer.peer needs org.mpbridge:mpbridge-jep")
              .hasMessageContaining("<artifactId>mpbridge-jep</artifactId>");
        }
    }

    /** The test classpath, child-first, without mpbridge-jep, mpbridge-py4j, Jep and Py4J. */
    private static final class Hiding extends URLClassLoader {
        private static final String[] HIDDEN = {"org.mpbridge.jep.", "org.mpbridge.py4j.", "jep.", "py4j."};

        Hiding() throws Exception {
            super(classpath(), ClassLoader.getPlatformClassLoader());
        }

        private static URL[] classpath() throws Exception {
            List<URL> urls = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                urls.add(new File(entry).toURI().toURL());
            }
            return urls.toArray(new URL[0]);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            for (String prefix : HIDDEN) {
                if (name.startsWith(prefix)) throw new ClassNotFoundException(name + " (hidden by the test)");
            }
            return super.loadClass(name, resolve);
        }
    }
}
