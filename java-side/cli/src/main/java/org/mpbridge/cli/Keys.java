package org.mpbridge.cli;

import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code --authkey-env NAME}: the key is the UTF-8 bytes of that variable, never a key on the command line. */
final class Keys {
    private Keys() {}

    static byte[] fromEnv(String variable, CommandLine.Model.CommandSpec spec) {
        if (variable == null) return null;
        String value = System.getenv(variable);
        if (value == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--authkey-env " + variable + ": the environment variable is not set");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
