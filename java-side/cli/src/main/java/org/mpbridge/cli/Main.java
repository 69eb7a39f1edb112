package org.mpbridge.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mpbridge.AuthenticationException;
import org.mpbridge.Mpbridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code bin/mpbridge}: the peer CLI that scenario runners, acceptance tests and users' scripts drive.
 * Exit codes: 0 done, 2 usage, 3 authentication failed, 1 anything else; one line on stderr names the cause.
 */
@Command(name = "mpbridge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Java peer for CPython multiprocessing IPC.",
        subcommands = {EchoCommand.class, BenchCommand.class, RoleCommand.class, ManagerCommand.class, QueueCommand.class,
                ShmCommand.class, SemCommand.class, CounterCommand.class, MmapCommand.class, BatchCommand.class})
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_AUTH = 3;

    /** Shown under "Exit codes:" in every command's --help. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    /** {@code mpbridge --version}: the version of the POMs (the same as {@link Mpbridge#version()}). */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mpbridge " + Mpbridge.version()};
        }
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "done");
        codes.put("1", "failed (one line on stderr names the cause; a timed-out wait too)");
        codes.put("2", "usage error (bad option or argument)");
        codes.put("3", "authentication failed (wrong or missing key)");
        return codes;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        withExitCodes(cli);
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
        try {
            return cli.execute(args);
        } finally {
            cli.getOut().flush();  // usage help is print()ed, not println()ed: nothing flushes it otherwise
            cli.getErr().flush();
        }
    }

    private static void withExitCodes(CommandLine command) {
        command.getCommandSpec().mixinStandardHelpOptions(true);  // every subcommand answers --help
        command.getCommandSpec().usageMessage().exitCodeListHeading("Exit codes:%n").exitCodeList(EXIT_CODES);
        command.getSubcommands().values().forEach(Main::withExitCodes);
    }

    static String describe(Throwable t) {
        String kind = t instanceof AuthenticationException ? "authentication failed" : t.getClass().getSimpleName();
        return kind + ": " + String.valueOf(t.getMessage()).replace('\n', ' ');
    }
}
