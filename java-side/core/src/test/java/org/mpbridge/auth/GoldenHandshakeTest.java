package org.mpbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mpbridge.AuthenticationException;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.ConnectionOptions;
import org.mpbridge.testing.Fixtures;
import org.mpbridge.testing.ScriptedTransport;
import org.mpbridge.transport.FragmentingTransport;

/**
 * Replays handshakes captured from each CPython (os.urandom pinned): Java, in either role, produces the
 * exact bytes CPython produced. 3.8-3.11 captures are the legacy MD5 era, 3.12+ the {sha256} era.
 */
class GoldenHandshakeTest {
    private static final long NONE = Long.MAX_VALUE;

    record Capture(String version, byte[] key, byte[] challenge, byte[] reply, byte[] verdict) {}

    static List<Capture> captures() {
        List<Capture> out = new ArrayList<>();
        for (Fixtures.Fixture f : Fixtures.all()) {
            for (JsonNode h : f.root().get("handshakes")) {
                JsonNode m = h.get("messages");
                out.add(new Capture(f.version(), Fixtures.hex(h.get("key").asText()),
                        Fixtures.hex(m.get(0).get("payload").asText()), Fixtures.hex(m.get(1).get("payload").asText()),
                        Fixtures.hex(m.get(2).get("payload").asText())));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> answeringAsAClientSendsCPythonsReply() {
        return captures().stream().map(c -> DynamicTest.dynamicTest("py" + c.version + " key=" + c.key.length + "B", () -> {
            ScriptedChannel ch = new ScriptedChannel(List.of(c.challenge, c.verdict));
            Handshake.answerChallenge(ch, c.key, NONE);
            assertThat(Fixtures.hex(ch.sent.get(0))).isEqualTo(Fixtures.hex(c.reply));
        }));
    }

    @TestFactory
    Stream<DynamicTest> deliveringAsAListenerAcceptsCPythonsReply() {
        return captures().stream().map(c -> DynamicTest.dynamicTest("py" + c.version + " key=" + c.key.length + "B", () -> {
            byte[] payload = Arrays.copyOfRange(c.challenge, Handshake.CHALLENGE.length, c.challenge.length);
            ScriptedChannel ch = new ScriptedChannel(List.of(c.reply));
            Handshake.deliverChallenge(ch, c.key, payload, NONE);
            assertThat(Fixtures.hex(ch.sent.get(0))).isEqualTo(Fixtures.hex(c.challenge));
            assertThat(ch.sent.get(1)).isEqualTo(Handshake.WELCOME);
        }));
    }

    /** The same replays as framed bytes through a transport that hands out one byte per read (both eras). */
    @TestFactory
    Stream<DynamicTest> bothRolesSurviveOneByteReadsOfCPythonsFrames() {
        return captures().stream().map(c -> DynamicTest.dynamicTest("py" + c.version + " key=" + c.key.length + "B", () -> {
            ScriptedTransport toClient = new ScriptedTransport(concat(frame(c.challenge), frame(c.verdict)));
            Connection client = new Connection(FragmentingTransport.oneByteAtATime(toClient), true, true, ConnectionOptions.defaults());
            Handshake.answerChallenge(client, c.key, NONE);
            assertThat(Fixtures.hex(toClient.written())).isEqualTo(Fixtures.hex(frame(c.reply)));

            byte[] payload = Arrays.copyOfRange(c.challenge, Handshake.CHALLENGE.length, c.challenge.length);
            ScriptedTransport toServer = new ScriptedTransport(frame(c.reply));
            Connection server = new Connection(FragmentingTransport.oneByteAtATime(toServer), true, true, ConnectionOptions.defaults());
            Handshake.deliverChallenge(server, c.key, payload, NONE);
            assertThat(Fixtures.hex(toServer.written())).isEqualTo(Fixtures.hex(concat(frame(c.challenge), frame(Handshake.WELCOME))));
        }));
    }

    private static byte[] frame(byte[] payload) {
        byte[] out = new byte[4 + payload.length];
        java.nio.ByteBuffer.wrap(out).putInt(payload.length).put(payload);
        return out;
    }

    @Test
    void erasAreTheOnesTheSpecNames() {
        assertThat(captures().stream().map(Capture::version).distinct()).as("every version's captures, both eras")
                .containsExactlyInAnyOrder(Fixtures.VERSIONS);
        for (Capture c : captures()) {
            int payload = c.challenge.length - Handshake.CHALLENGE.length;
            boolean modern = c.version.equals("3.12") || c.version.equals("3.13");
            assertThat(payload).as("py%s challenge size", c.version).isEqualTo(modern ? 48 : 20);
            assertThat(c.reply.length).as("py%s reply size", c.version).isEqualTo(modern ? 40 : 16);
        }
    }

    @Test
    void aWrongDigestIsRefusedWithFailure() {
        Capture c = captures().get(0);
        byte[] payload = Arrays.copyOfRange(c.challenge, Handshake.CHALLENGE.length, c.challenge.length);
        ScriptedChannel ch = new ScriptedChannel(List.of(c.reply));
        assertThatThrownBy(() -> Handshake.deliverChallenge(ch, "other".getBytes(), payload, NONE))
                .isInstanceOf(AuthenticationException.class).hasMessage("digest received was wrong");
        assertThat(ch.sent.get(1)).isEqualTo(Handshake.FAILURE);
    }

    @Test
    void aRejectedDigestRaisesOnTheClient() {
        Capture c = captures().get(0);
        ScriptedChannel ch = new ScriptedChannel(List.of(c.challenge, Handshake.FAILURE));
        assertThatThrownBy(() -> Handshake.answerChallenge(ch, c.key, NONE))
                .isInstanceOf(AuthenticationException.class).hasMessage("digest sent was rejected");
    }

    @Test
    void modernServerAcceptsEveryAllowedDigestAndLegacyMd5() throws Exception {
        byte[] key = "k".getBytes();
        byte[] payload = ("{sha256}" + "x".repeat(40)).getBytes();
        for (String digest : Handshake.ALLOWED_DIGESTS.keySet()) {
            byte[] mac = Handshake.hmac(digest, key, payload);
            byte[] reply = concat(("{" + digest + "}").getBytes(), mac);
            ScriptedChannel ch = new ScriptedChannel(List.of(reply));
            Handshake.deliverChallenge(ch, key, payload, NONE);
            assertThat(ch.sent.get(1)).as(digest).isEqualTo(Handshake.WELCOME);
        }
        ScriptedChannel legacy = new ScriptedChannel(List.of(Handshake.hmac("md5", key, payload)));
        Handshake.deliverChallenge(legacy, key, payload, NONE);
        assertThat(legacy.sent.get(1)).isEqualTo(Handshake.WELCOME);
    }

    @Test
    void clientRefusesUnsupportedChallenges() {
        for (String bad : new String[] {"{sha512}" + "x".repeat(40), "y".repeat(32), "short"}) {
            ScriptedChannel ch = new ScriptedChannel(List.of(concat(Handshake.CHALLENGE, bad.getBytes())));
            assertThatThrownBy(() -> Handshake.answerChallenge(ch, "k".getBytes(), NONE)).as(bad)
                    .isInstanceOf(AuthenticationException.class);
            assertThat(ch.sent).as("no reply to %s", bad).isEmpty();
        }
        ScriptedChannel notAChallenge = new ScriptedChannel(List.of("data".getBytes()));
        assertThatThrownBy(() -> Handshake.answerChallenge(notAChallenge, "k".getBytes(), NONE))
                .hasMessageContaining("expected challenge");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
