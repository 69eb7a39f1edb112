package org.mpbridge.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.mpbridge.PythonException;

/**
 * CPython's {@code IteratorProxy}: an iterator living in the manager (e.g. from {@code iter(dict_proxy)}).
 * {@link #next()} calls {@code __next__}; the referent's {@code StopIteration} ends the iteration.
 * I/O failures surface as {@link UncheckedIOException} from the {@link Iterator} methods. {@link #close()} releases
 * the proxy (decref), as for every proxy; the generator method {@code close} is {@code call("close")}.
 */
public class IteratorProxy extends Proxy implements Iterator<Object> {
    private static final Object NONE_YET = new Object();
    private Object lookahead = NONE_YET;
    private boolean exhausted;

    protected IteratorProxy(ManagerClient manager, Token token, List<String> exposed) {
        super(manager, token, exposed);
    }


    /** {@code __next__()}; null-safe: a None item is null. Throws {@link NoSuchElementException} at the end. */
    public Object nextItem() throws IOException {
        try {
            return call("__next__");
        } catch (PythonException e) {
            if (e.pythonType().equals("builtins.StopIteration")) {
                exhausted = true;
                throw new NoSuchElementException("StopIteration");
            }
            throw e;
        }
    }

    @Override
    public boolean hasNext() {
        if (lookahead != NONE_YET) return true;
        if (exhausted) return false;
        try {
            lookahead = nextItem();
            return true;
        } catch (NoSuchElementException end) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Object next() {
        if (!hasNext()) throw new NoSuchElementException();
        Object item = lookahead;
        lookahead = NONE_YET;
        return item;
    }
}
