package org.mpbridge.cli;

import java.io.PrintWriter;
import org.mpbridge.AuthenticationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/mpbridge}: the peer CLI that scenario runners, acceptance tests and users' scripts drive.
 * Exit codes: 0 done, 2 usage, 3 authentication failed, 1 anything else; one line on stderr names the cause.
 */
@Command(name = "mpbridge", mixinStandardHelpOptions = true, version = "mpbridge 0.1.0",
        description = "Java peer for CPython multiprocessing IPC.",
        subcommands = {EchoCommand.class, BenchCommand.class, RoleCommand.class, ManagerCommand.class, QueueCommand.class,
                ShmCommand.class, SemCommand.class, CounterCommand.class, MmapCommand.class, BatchCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_AUTH = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable cause = ex;
            while (cause.getCause() != null && !(cause instanceof AuthenticationException)) {
                if (cause instanceof java.io.IOException && cause.getMessage() != null) break;
                cause = cause.getCause();
            }
            System.err.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(cause));
            return ex instanceof AuthenticationException || cause instanceof AuthenticationException ? EXIT_AUTH : EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mpbridge: " + ex.getMessage());
            err.flush();
            return EXIT_USAGE;
        });
        return cli.execute(args);
    }

    static String describe(Throwable t) {
        String kind = t instanceof AuthenticationException ? "authentication failed" : t.getClass().getSimpleName();
        return kind + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
    }
}
