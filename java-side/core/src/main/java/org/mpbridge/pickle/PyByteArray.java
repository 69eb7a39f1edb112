package org.mpbridge.pickle;

import java.util.Arrays;

/** Python's {@code bytearray}, kept apart from {@code bytes} (which is a plain {@code byte[]}). Mutable. */
public final class PyByteArray {
    private byte[] bytes;

    public PyByteArray(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    private PyByteArray(byte[] bytes, boolean owned) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes} (no copy: the codec's fresh arrays). */
    static PyByteArray wrap(byte[] bytes) {
        return new PyByteArray(bytes, true);
    }

    /** The live contents. */
    public byte[] bytes() {
        return bytes;
    }

    public void set(byte[] newContents) {
        this.bytes = newContents.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyByteArray b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "bytearray(" + PyRepr.repr(bytes) + ")";
    }
}
