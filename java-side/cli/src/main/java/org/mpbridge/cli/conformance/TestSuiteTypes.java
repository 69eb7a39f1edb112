package org.mpbridge.cli.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.manager.server.AbstractReferent;
import org.mpbridge.manager.server.Signature;
import org.mpbridge.manager.server.TypeSpec;
import org.mpbridge.pickle.PyTuple;

/**
 * The callables that {@code test._test_multiprocessing} registers on its {@code MyManager}, in Java:
 * <pre>
 * class FooBar(object):                    MyManager.register('Foo', callable=FooBar)
 *     def f(self): return 'f()'            MyManager.register('Bar', callable=FooBar, exposed=('f', '_h'))
 *     def g(self): raise ValueError        MyManager.register('baz', callable=baz, proxytype=IteratorProxy)
 *     def _h(self): return '_h()'
 * def baz():
 *     for i in range(10): yield i*i
 * </pre>
 * {@code manager serve --register Foo=test:FooBar --register Bar=test:FooBar:f,_h --register baz=test:baz}.
 */
public final class TestSuiteTypes {
    private TestSuiteTypes() {}

    /** The spec for {@code test:NAME[:EXPOSED,...]}, or null when NAME is not one of the test's callables. */
    public static TypeSpec spec(String type) {
        String[] parts = type.split(":", 3);
        if (parts.length < 2 || !parts[0].equals("test")) return null;
        List<String> exposed = parts.length == 3 ? Arrays.asList(parts[2].split(",")) : null;
        return switch (parts[1]) {
            case "FooBar" -> TypeSpec.of((args, kwargs, server) -> new FooBar(), exposed);
            case "baz" -> TypeSpec.of((args, kwargs, server) -> new Squares(10), exposed);
            default -> null;
        };
    }

    /** {@code FooBar}: {@code f()}, {@code g()} raising ValueError, the private {@code _h()}. */
    static final class FooBar extends AbstractReferent {
        FooBar() {
            super(true);
            method(Signature.of("f"), a -> "f()");
            method(Signature.of("g"), a -> {
                throw PythonErrors.builtin("ValueError");
            });
            method(Signature.of("_h"), a -> "_h()");
        }

        @Override
        protected String pythonType() {
            return "test._test_multiprocessing.FooBar";
        }
    }

    /** The generator {@code baz()}: {@code __next__} yields i*i for i in range(n), then StopIteration. */
    static final class Squares extends AbstractReferent {
        private int next;

        Squares(int n) {
            super(true);
            method("__next__", (PyTuple args, Map<Object, Object> kwargs) -> {
                if (next >= n) throw PythonErrors.builtin("StopIteration");
                int i = next++;
                return i * i;
            });
            method(Signature.of("send", "value"), a -> {
                throw PythonErrors.builtin("TypeError", "a Java stand-in generator takes no values");
            });
        }

        @Override
        protected String pythonType() {
            return "generator";
        }
    }
}
