package org.mpbridge.manager.xml;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.mpbridge.ProtocolException;
import org.mpbridge.pickle.PyByteArray;
import org.mpbridge.pickle.PyObject;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;

/**
 * The payload of CPython's {@code XmlListener} / {@code XmlClient} (Lib/multiprocessing/connection.py):
 * {@code xmlrpc.client.dumps((obj,), None, None, None, 1).encode('utf-8')} and its inverse. {@link #dumps}
 * writes exactly the text CPython's {@code Marshaller} writes (same newlines, same escapes, same base64
 * line breaks), so a frame from Java and a frame from Python are byte-identical.
 *
 * <p>Type mapping, as XML-RPC allows: None/null {@code <nil/>}, bool {@code <boolean>}, int {@code <int>}
 * (CPython refuses ints beyond 32 bits; Java writes them as {@code <i8>}, which CPython reads), float
 * {@code <double>} (Python's repr), str {@code <string>}, bytes/bytearray {@code <base64>}, tuple/list
 * {@code <array>}, dict with str keys {@code <struct>}, datetime {@code <dateTime.iso8601>}. Decoding gives
 * lists for arrays (a tuple sent by Python comes back as a list), {@code LinkedHashMap} for structs and
 * {@code byte[]} for base64. Sets, non-str keys and objects without a plain state cannot be carried.
 */
public final class XmlRpcCodec {
    private XmlRpcCodec() {}

    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final XMLInputFactory INPUTS = newInputFactory();

    // ---- encoding (Marshaller.dumps)

    /** {@code xmlrpc.client.dumps((value,), None, None, None, 1)}, UTF-8 encoded. */
    public static byte[] dumps(Object value) throws ProtocolException {
        StringBuilder out = new StringBuilder("<params>\n<param>\n");
        new Writer(out).dump(value);
        out.append("</param>\n</params>\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Writer {
        private final StringBuilder out;
        private final IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();

        Writer(StringBuilder out) {
            this.out = out;
        }

        void dump(Object v) throws ProtocolException {
            if (v == null) {
                out.append("<value><nil/></value>");
            } else if (v instanceof Boolean b) {
                out.append("<value><boolean>").append(b ? "1" : "0").append("</boolean></value>\n");
            } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
                out.append("<value><int>").append(((Number) v).intValue()).append("</int></value>\n");
            } else if (v instanceof Long l) {
                dumpInteger(BigInteger.valueOf(l));
            } else if (v instanceof BigInteger big) {
                dumpInteger(big);
            } else if (v instanceof Double || v instanceof Float) {
                out.append("<value><double>").append(PyRepr.floatRepr(((Number) v).doubleValue()))
                        .append("</double></value>\n");
            } else if (v instanceof String s) {
                out.append("<value><string>").append(escape(s)).append("</string></value>\n");
            } else if (v instanceof byte[] b) {
                dumpBytes(b);
            } else if (v instanceof PyByteArray ba) {
                dumpBytes(ba.bytes());
            } else if (v instanceof PyTuple || v instanceof List<?>) {
                dumpArray((Collection<?>) v);
            } else if (v instanceof Object[] array) {
                dumpArray(PyTuple.of(array));
            } else if (v instanceof Map<?, ?> map) {
                dumpStruct(map);
            } else if (v instanceof LocalDateTime dt) {
                out.append("<value><dateTime.iso8601>").append(ISO8601.format(dt)).append("</dateTime.iso8601></value>\n");
            } else if (v instanceof PyObject obj && obj.state() instanceof Map<?, ?> state) {
                // Marshaller.dump_instance: an arbitrary instance travels as the struct of its __dict__
                dumpStruct(state);
            } else if (v instanceof Set<?>) {
                throw new ProtocolException("cannot marshal set objects (xmlrpclib has no set type)");
            } else {
                throw new ProtocolException("cannot marshal " + v.getClass().getName() + " objects with xmlrpclib: " + v);
            }
        }

        private void dumpInteger(BigInteger v) {
            if (v.bitLength() < 32) {
                out.append("<value><int>").append(v).append("</int></value>\n");
            } else if (v.bitLength() < 64) {
                out.append("<value><i8>").append(v).append("</i8></value>\n");
            } else {
                out.append("<value><biginteger>").append(v).append("</biginteger></value>\n");
            }
        }

        private void dumpBytes(byte[] b) {
            // base64.encodebytes: lines of at most 76 characters, each ending in a newline
            out.append("<value><base64>\n");
            String encoded = Base64.getEncoder().encodeToString(b);
            for (int i = 0; i < encoded.length(); i += 76) {
                out.append(encoded, i, Math.min(encoded.length(), i + 76)).append('\n');
            }
            out.append("</base64></value>\n");
        }

        private void dumpArray(Collection<?> items) throws ProtocolException {
            enter(items, "sequences");
            out.append("<value><array><data>\n");
            for (Object x : items) dump(x);
            out.append("</data></array></value>\n");
            open.remove(items);
        }

        private void dumpStruct(Map<?, ?> map) throws ProtocolException {
            enter(map, "dictionaries");
            out.append("<value><struct>\n");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append("<member>\n");
                if (!(e.getKey() instanceof String k)) throw new ProtocolException("dictionary key must be string: " + PyRepr.repr(e.getKey()));
                out.append("<name>").append(escape(k)).append("</name>\n");
                dump(e.getValue());
                out.append("</member>\n");
            }
            out.append("</struct></value>\n");
            open.remove(map);
        }

        private void enter(Object container, String what) throws ProtocolException {
            if (open.put(container, Boolean.TRUE) != null) throw new ProtocolException("cannot marshal recursive " + what);
        }
    }

    /** {@code xmlrpc.client.escape}: only {@code & < >}. */
    static String escape(String s) {
        if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) return s;
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---- decoding (Unmarshaller, through xmlrpc.client.loads)

    /** {@code xmlrpc.client.loads(data)} with exactly one param, as {@code ConnectionWrapper.recv} expects. */
    public static Object loads(byte[] data) throws ProtocolException {
        List<Object> params;
        try {
            XMLStreamReader r = INPUTS.createXMLStreamReader(new ByteArrayInputStream(data));
            try {
                params = new Reader(r).document();
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new ProtocolException("malformed xmlrpclib message: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the JDK's StAX reader lets some of its own failures out unchecked (e.g. a control character in a
            // DTD: MissingResourceException InvalidCharInDTD, found by XmlRpcFuzzTest); bad input all the same
            throw new ProtocolException("malformed xmlrpclib message: " + e, e);
        }
        if (params.size() != 1) {
            throw new ProtocolException("xmlrpclib message has " + params.size() + " params, expected exactly 1");
        }
        return params.get(0);
    }

    private static final class Reader {
        private final XMLStreamReader r;

        Reader(XMLStreamReader r) {
            this.r = r;
        }

        /** {@code <params><param><value>…</value></param>…</params>} (also inside methodCall/methodResponse). */
        List<Object> document() throws XMLStreamException, ProtocolException {
            List<Object> params = new ArrayList<>();
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "value" -> params.add(value());
                        case "fault" -> throw new ProtocolException("xmlrpclib fault message: not part of multiprocessing's wire");
                        default -> { }
                    }
                }
            }
            return params;
        }

        /** At {@code <value>}: reads through its end tag. */
        private Object value() throws XMLStreamException, ProtocolException {
            StringBuilder text = new StringBuilder();
            Object result = null;
            boolean typed = false;
            while (true) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (typed) throw new ProtocolException("xmlrpclib value with two types");
                    typed = true;
                    result = typed(r.getLocalName());
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
                        || event == XMLStreamConstants.SPACE) {
                    text.append(r.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    // <value>text</value> without a type is a string
                    return typed ? result : text.toString();
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new ProtocolException("xmlrpclib message ends inside a value");
                }
            }
        }

        private Object typed(String type) throws XMLStreamException, ProtocolException {
            switch (type) {
                case "nil":
                    skipToEnd();
                    return null;
                case "boolean": {
                    String t = r.getElementText();
                    if (t.equals("0")) return Boolean.FALSE;
                    if (t.equals("1")) return Boolean.TRUE;
                    throw new ProtocolException("bad boolean value " + t);
                }
                case "int", "i1", "i2", "i4", "i8", "biginteger":
                    return integer(r.getElementText().strip());
                case "double", "float":
                    return decimalDouble(r.getElementText().strip());
                case "bigdecimal":
                    try {
                        return new BigDecimal(r.getElementText().strip());
                    } catch (NumberFormatException e) {
                        throw new ProtocolException("bad bigdecimal", e);
                    }
                case "string":
                    return r.getElementText();
                case "base64":
                    try {
                        return Base64.getMimeDecoder().decode(r.getElementText().strip());
                    } catch (IllegalArgumentException e) {
                        throw new ProtocolException("bad base64: " + e.getMessage(), e);
                    }
                case "dateTime.iso8601": {
                    String t = r.getElementText().strip();
                    try {
                        return LocalDateTime.parse(t, ISO8601);
                    } catch (DateTimeParseException e) {
                        return t;
                    }
                }
                case "array":
                    return array();
                case "struct":
                    return struct();
                default:
                    throw new ProtocolException("unknown xmlrpclib type <" + type + ">");
            }
        }

        private List<Object> array() throws XMLStreamException, ProtocolException {
            List<Object> items = new ArrayList<>();
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (r.getLocalName().equals("value")) {
                        items.add(value());
                    } else {
                        depth++;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new ProtocolException("xmlrpclib message ends inside an array");
                }
            }
            return items;
        }

        private Map<Object, Object> struct() throws XMLStreamException, ProtocolException {
            Map<Object, Object> map = new LinkedHashMap<>();
            String name = null;
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "name" -> name = r.getElementText();
                        case "value" -> {
                            if (name == null) throw new ProtocolException("xmlrpclib struct member without a name");
                            map.put(name, value());
                            name = null;
                        }
                        default -> depth++;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw new ProtocolException("xmlrpclib message ends inside a struct");
                }
            }
            return map;
        }

        private void skipToEnd() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) depth++;
                else if (event == XMLStreamConstants.END_ELEMENT) depth--;
            }
        }
    }

    private static Object integer(String t) throws ProtocolException {
        try {
            BigInteger v = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
            if (v.bitLength() < 32) return v.intValue();
            if (v.bitLength() < 64) return v.longValue();
            return v;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad int value " + t, e);
        }
    }

    private static Double decimalDouble(String t) throws ProtocolException {
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad double value " + t, e);
                }
            }
        }
    }

    private static XMLInputFactory newInputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // no DTDs, no external entities: the peer is not trusted with the parser
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }
}
