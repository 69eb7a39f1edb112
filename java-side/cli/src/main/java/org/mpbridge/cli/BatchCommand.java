package org.mpbridge.cli;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code mpbridge batch}: runs one CLI command per stdin line in this JVM, so a driver pays the JVM start once.
 * Each line is a JSON array of arguments ({@code ["shm", "info", "psm_1"]}); each reply is one JSON line
 * {@code {"rc": EXIT, "out": STDOUT, "err": STDERR}} with exactly what the standalone command would have
 * produced. Prints {@code READY batch} first; exits 0 at end of input.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = "Run CLI commands given as JSON arrays, one per stdin line, replying {\"rc\",\"out\",\"err\"} per line.")
final class BatchCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        realOut.println("READY batch");
        realOut.flush();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                try {
                    rc = run(line, e);
                } finally {
                    System.setOut(realOut);
                    System.setErr(realErr);
                }
            }
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("rc", (long) rc);
            reply.put("out", out.toString(StandardCharsets.UTF_8));
            reply.put("err", err.toString(StandardCharsets.UTF_8));
            realOut.println(Json.write(reply));
            realOut.flush();
        }
        return Main.EXIT_OK;
    }

    private static int run(String line, PrintStream err) {
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (IllegalArgumentException e) {
            err.println("mpbridge batch: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (!(parsed instanceof List) || ((List<?>) parsed).stream().anyMatch(a -> !(a instanceof String))) {
            err.println("mpbridge batch: each line must be a JSON array of strings");
            return Main.EXIT_USAGE;
        }
        String[] args = ((List<?>) parsed).toArray(new String[0]);
        if (args.length > 0 && args[0].equals("batch")) {
            err.println("mpbridge batch: batch cannot run batch");
            return Main.EXIT_USAGE;
        }
        return Main.run(args);
    }
}
