package org.mpbridge.manager;

import org.mpbridge.ProtocolException;
import org.mpbridge.manager.xml.XmlRpcCodec;
import org.mpbridge.pickle.PickleCodec;

/**
 * A manager's {@code serializer} argument ({@code listener_client} in Lib/multiprocessing/managers.py): how
 * each request and reply is encoded inside a frame. Framing and authentication are the same for both.
 */
public enum Serializer {
    /** {@code 'pickle'} (the default): {@code Connection.send}/{@code recv}. */
    PICKLE("pickle"),
    /** {@code 'xmlrpclib'}: {@code XmlListener}/{@code XmlClient}; only plain values travel (no Token, no exception object). */
    XMLRPCLIB("xmlrpclib");

    private final String pythonName;

    Serializer(String pythonName) {
        this.pythonName = pythonName;
    }

    /** The name CPython uses ({@code 'pickle'} or {@code 'xmlrpclib'}). */
    public String pythonName() {
        return pythonName;
    }

    public byte[] dumps(Object value) throws ProtocolException {
        return this == PICKLE ? PickleCodec.dumps(value) : XmlRpcCodec.dumps(value);
    }

    public Object loads(byte[] message) throws ProtocolException {
        return this == PICKLE ? PickleCodec.loads(message) : XmlRpcCodec.loads(message);
    }

    public static Serializer forPythonName(String name) {
        for (Serializer s : values()) {
            if (s.pythonName.equals(name)) return s;
        }
        throw new IllegalArgumentException("unknown serializer " + name + " (expected pickle or xmlrpclib)");
    }
}
