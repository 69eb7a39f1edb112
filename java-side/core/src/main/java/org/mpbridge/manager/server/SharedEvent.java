package org.mpbridge.manager.server;

/** Python's {@code threading.Event} in a Java manager: {@code is_set}, {@code set}, {@code clear}, {@code wait(timeout=None)}. */
public final class SharedEvent extends AbstractReferent {
    private boolean flag;

    public SharedEvent() {
        super(false);
        method(Signature.of("is_set"), a -> isSet());
        method(Signature.of("isSet"), a -> isSet());
        method(Signature.of("set"), a -> {
            set(true);
            return null;
        });
        method(Signature.of("clear"), a -> {
            set(false);
            return null;
        });
        method(Signature.of("wait", "timeout").defaults((Object) null), a -> {
            Py.seconds(a[0], ">"); // Condition.wait compares timeout > 0 first
            return await(Py.timeoutNanos(a[0]));
        });
    }

    private synchronized boolean isSet() {
        return flag;
    }

    private synchronized void set(boolean value) {
        flag = value;
        if (value) notifyAll();
    }

    private synchronized boolean await(long timeoutNanos) {
        return Monitor.await(this, timeoutNanos, () -> flag);
    }

    @Override
    protected String pythonType() {
        return "threading.Event";
    }

    @Override
    public synchronized String repr() {
        return "<threading.Event at 0x" + Integer.toHexString(System.identityHashCode(this)) + ": " + (flag ? "set" : "unset") + ">";
    }

    @Override
    public Object value() throws Unserializable {
        throw new Unserializable("TypeError: cannot pickle '_thread.lock' object");
    }
}
