package org.mpbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthKeysTest {
    private final byte[] raw = new byte[32];

    {
        new Random(7).nextBytes(raw);
    }

    @Test
    void rawKeysInHexAndBase64() {
        assertThat(AuthKeys.parse("hex:" + HexFormat.of().formatHex(raw))).isEqualTo(raw);
        assertThat(AuthKeys.parse("hex:" + HexFormat.of().withUpperCase().formatHex(raw))).isEqualTo(raw);
        assertThat(AuthKeys.parse("base64:" + Base64.getEncoder().encodeToString(raw))).isEqualTo(raw);
    }

    @Test
    void textKeysAndTheEscape() {
        assertThat(AuthKeys.parse("secret é")).isEqualTo("secret é".getBytes(StandardCharsets.UTF_8));
        assertThat(AuthKeys.parse("text:hex:00")).isEqualTo("hex:00".getBytes(StandardCharsets.US_ASCII));
        assertThat(AuthKeys.parse("text:")).isEmpty();
        assertThat(AuthKeys.parse("")).isEmpty();
    }

    @Test
    void malformedRawKeysNameTheFormNeverTheKey() {
        assertThatThrownBy(() -> AuthKeys.parse("hex:abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hex:").hasMessageNotContaining("abc");
        assertThatThrownBy(() -> AuthKeys.parse("hex:zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthKeys.parse("base64:@@@@")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64").hasMessageNotContaining("@@@@");
    }
}
