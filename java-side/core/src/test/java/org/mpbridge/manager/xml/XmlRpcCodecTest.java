package org.mpbridge.manager.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PyTuple;

/** Edge cases of the xmlrpclib payload (byte-exact agreement with CPython is in ManagerFixturesTest). */
class XmlRpcCodecTest {
    private static String dumps(Object v) throws ProtocolException {
        return new String(XmlRpcCodec.dumps(v), StandardCharsets.UTF_8);
    }

    @Test
    void writesWhatCPythonWrites() throws Exception {
        // xmlrpc.client.dumps(((None, 'create', ('Queue', 1, 2.5, True, b'ab', [1], {'a': None}, 'x<&>'), {}),), None, None, None, 1)
        String python = "<params>\n<param>\n<value><array><data>\n<value><nil/></value><value><string>create</string></value>\n"
                + "<value><array><data>\n<value><string>Queue</string></value>\n<value><int>1</int></value>\n"
                + "<value><double>2.5</double></value>\n<value><boolean>1</boolean></value>\n<value><base64>\nYWI=\n</base64></value>\n"
                + "<value><array><data>\n<value><int>1</int></value>\n</data></array></value>\n<value><struct>\n<member>\n"
                + "<name>a</name>\n<value><nil/></value></member>\n</struct></value>\n<value><string>x&lt;&amp;&gt;</string></value>\n"
                + "</data></array></value>\n<value><struct>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n";
        Object request = PyTuple.of(null, "create",
                PyTuple.of("Queue", 1, 2.5, true, "ab".getBytes(StandardCharsets.US_ASCII), List.of(1), nullMap(), "x<&>"), Map.of());
        assertThat(dumps(request)).isEqualTo(python);
        Object back = XmlRpcCodec.loads(python.getBytes(StandardCharsets.UTF_8));
        assertThat(((List<?>) back).get(1)).isEqualTo("create");
    }

    private static Map<Object, Object> nullMap() {
        Map<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", null);
        return m;
    }

    @Test
    void integersBeyond32BitsUseI8() throws Exception {
        assertThat(dumps(1L << 40)).contains("<i8>1099511627776</i8>");
        assertThat(XmlRpcCodec.loads(XmlRpcCodec.dumps(1L << 40))).isEqualTo(1L << 40);
        BigInteger big = BigInteger.TWO.pow(70);
        assertThat(XmlRpcCodec.loads(XmlRpcCodec.dumps(big))).isEqualTo(big);
    }

    @Test
    void longBytesBreakBase64LinesAs76Characters() throws Exception {
        byte[] data = new byte[100];
        Arrays.fill(data, (byte) 'x');
        String xml = dumps(data);
        String[] lines = xml.split("\n");
        assertThat(lines[3]).hasSize(76);
        assertThat((byte[]) XmlRpcCodec.loads(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo(data);
    }

    @Test
    void untypedValuesAreStringsAndWhitespaceIsKept() throws Exception {
        String xml = "<params><param><value>  plain </value></param></params>";
        assertThat(XmlRpcCodec.loads(xml.getBytes(StandardCharsets.UTF_8))).isEqualTo("  plain ");
    }

    @Test
    void refusesWhatXmlrpclibCannotCarry() {
        assertThatThrownBy(() -> XmlRpcCodec.dumps(Set.of(1))).isInstanceOf(ProtocolException.class).hasMessageContaining("set");
        assertThatThrownBy(() -> XmlRpcCodec.dumps(Map.of(1, 2))).hasMessageContaining("key must be string");
        assertThatThrownBy(() -> XmlRpcCodec.loads("<params><param><value><int>x".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> XmlRpcCodec.loads("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><params><param><value>&e;</value></param></params>"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> XmlRpcCodec.loads("<params></params>".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("0 params");
    }
}
