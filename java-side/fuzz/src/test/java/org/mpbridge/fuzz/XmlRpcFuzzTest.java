package org.mpbridge.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.mpbridge.ProtocolException;
import org.mpbridge.manager.xml.XmlRpcCodec;

/** The xmlrpclib serializer's decoder (managers' {@code serializer='xmlrpclib'}): decode or ProtocolException. */
class XmlRpcFuzzTest {
    @FuzzTest
    void loads(byte[] input) {
        Object value;
        try {
            value = XmlRpcCodec.loads(input);
        } catch (ProtocolException expected) {
            return;
        }
        try {
            XmlRpcCodec.loads(XmlRpcCodec.dumps(value));
        } catch (ProtocolException unencodable) {
            // a value xmlrpclib cannot carry back (CPython's dumps raises too)
        }
    }
}
