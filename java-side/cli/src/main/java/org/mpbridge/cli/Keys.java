package org.mpbridge.cli;

import org.mpbridge.auth.AuthKeys;
import picocli.CommandLine;

/**
 * {@code --authkey-env NAME}: the key is read from that variable, never from the command line; the forms
 * ({@code hex:}, {@code base64:}, {@code text:} or plain UTF-8 text) are {@link AuthKeys}'.
 */
final class Keys {
    private Keys() {}

    static byte[] fromEnv(String variable, CommandLine.Model.CommandSpec spec) {
        try {
            return AuthKeys.fromEnv(variable);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--authkey-env " + e.getMessage());
        }
    }
}
