package org.mpbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpbridge.Mpbridge;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The CLI's own surface: --version, help with exit codes, every option described, usage errors that name the cause. */
class MainTest {
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void versionIsThePomVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("mpbridge " + Mpbridge.version());
    }

    @Test
    void everyHelpListsTheExitCodes() {
        Run help = run("--help");
        assertThat(help.out()).as(help.err()).contains("Exit codes:", "2   usage error", "3   authentication failed");
        assertThat(run("echo", "--help").out()).contains("Exit codes:");
        assertThat(run("shm", "list-read", "--help").out()).contains("Exit codes:");
    }

    @Test
    void everyOptionIsDescribed() {
        List<String> bare = new ArrayList<>();
        walk(new CommandLine(new Main()), bare);
        assertThat(bare).as("options without a description").isEmpty();
    }

    private static void walk(CommandLine command, List<String> bare) {
        for (OptionSpec o : command.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            if (String.join("", o.description()).isBlank()) bare.add(command.getCommandSpec().qualifiedName() + " " + o.longestName());
        }
        for (ArgSpec ignored : command.getCommandSpec().positionalParameters()) {
            // positionals are named by their label (NAME, PATH, ...) in the synopsis
        }
        command.getSubcommands().values().forEach(c -> walk(c, bare));
    }

    @Test
    void anUnknownRoleIsNamed() {
        Run r = run("role", "no-such-role");
        assertThat(r.code()).isEqualTo(Main.EXIT_USAGE);
        assertThat(r.err()).contains("no role named 'no-such-role'", "pipe-login-app1");
    }
}
