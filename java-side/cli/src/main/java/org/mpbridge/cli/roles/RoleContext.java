package org.mpbridge.cli.roles;

import java.util.List;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.Pipes;
import org.mpbridge.pickle.PyRepr;

/** What a {@link Role} gets: its arguments and the runner's conventions (transcript, READY line, stdio pipe). */
public final class RoleContext {
    private final List<String> args;

    public RoleContext(List<String> args) {
        this.args = List.copyOf(args);
    }

    /** The arguments after {@code --} on the {@code mpbridge role --class} command line. */
    public List<String> args() {
        return args;
    }

    /** One transcript line (what the scenario's {@code expect:} is checked against). */
    public void out(String line) {
        Transcript.line(line);
    }

    /** Prints {@code READY <ADDR>}: the runner starts the other side with this address. */
    public void ready(Object address) {
        Transcript.ready(address);
    }

    /** This process's stdin/stdout as a connection (a child on a parent's {@code Pipe()}). */
    public Connection stdio() {
        Transcript.stdoutIsConnection();
        return Pipes.stdio();
    }

    /** The authkey from an environment variable ({@link org.mpbridge.auth.AuthKeys} forms), or null when {@code variable} is null. */
    public byte[] authkey(String variable) {
        return keyFromEnv(variable);
    }

    static byte[] keyFromEnv(String variable) {
        return org.mpbridge.auth.AuthKeys.fromEnv(variable);
    }

    /** Python's {@code str()} of a decoded value: strings as they are, everything else as {@code repr()}. */
    public static String str(Object value) {
        return value instanceof String s ? s : PyRepr.repr(value);
    }
}
