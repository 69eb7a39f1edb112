package org.mpbridge.manager.server;

import java.util.List;
import java.util.Map;
import org.mpbridge.PythonException;
import org.mpbridge.manager.PythonErrors;
import org.mpbridge.pickle.PyTuple;

/**
 * One entry of a manager's registry, as {@code BaseManager.register(typeid, callable, proxytype, exposed,
 * method_to_typeid)} stores it on the server side: how to make the object, which method names clients may call
 * ({@code null}: its public methods), and which methods return a new shared object instead of a copy.
 *
 * @param factory makes the referent from the create call's arguments; null for typeids without a create
 *                method (Iterator, AsyncResult), whose objects only come from {@code method_to_typeid}
 * @param exposed the exposed names, or null for {@link Referent#publicMethods()}
 * @param methodToTypeid method name → typeid of the shared object it returns (a {@code #PROXY} reply), or null
 */
public record TypeSpec(Factory factory, List<String> exposed, Map<String, String> methodToTypeid) {

    /** {@code callable(*args, **kwds)} on the server. */
    @FunctionalInterface
    public interface Factory {
        Referent create(PyTuple args, Map<Object, Object> kwargs, ManagerServer server) throws PythonException;
    }

    public TypeSpec {
        exposed = exposed == null ? null : List.copyOf(exposed);
        methodToTypeid = methodToTypeid == null ? null : Map.copyOf(methodToTypeid);
    }

    public static TypeSpec of(Factory factory, List<String> exposed) {
        return new TypeSpec(factory, exposed, null);
    }

    /**
     * {@code register(name, callable=lambda: obj)}: every create returns the same shared object, exposing its
     * public methods (CPython's {@code public_methods(obj)}).
     */
    public static TypeSpec shared(Referent obj) {
        return new TypeSpec((args, kwargs, server) -> {
            if (!args.isEmpty()) {
                throw PythonErrors.builtin("TypeError", "<lambda>() takes 0 positional arguments but " + args.size()
                        + (args.size() == 1 ? " was" : " were") + " given");
            }
            if (!kwargs.isEmpty()) {
                throw PythonErrors.builtin("TypeError", "<lambda>() got an unexpected keyword argument '" + kwargs.keySet().iterator().next() + "'");
            }
            return obj;
        }, null, null);
    }
}
