package org.mpbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MpbridgeTest {
    @Test
    void versionIsThePomVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));  // surefire runs in the module directory
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(m.find()).isTrue();
        assertThat(Mpbridge.version()).isEqualTo(m.group(1)).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
