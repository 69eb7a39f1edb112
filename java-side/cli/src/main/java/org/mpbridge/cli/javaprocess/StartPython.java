package org.mpbridge.cli.javaprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpbridge.process.PythonProcess;

/**
 * {@code java -cp mpbridge.jar org.mpbridge.cli.javaprocess.StartPython PYTHON module:function [ARG...]}: a Java
 * parent starting an unmodified Python function through CPython's spawn protocol (integer-looking args as ints);
 * prints {@code exitcode N} after joining. Used by test_javaprocess.py (java->python).
 */
public final class StartPython {
    private StartPython() {}

    public static void main(String[] argv) throws Exception {
        List<Object> args = new ArrayList<>();
        for (int i = 2; i < argv.length; i++) {
            args.add(argv[i].matches("-?\\d{1,9}") ? (Object) Integer.parseInt(argv[i]) : argv[i]);
        }
        String sysPath = System.getenv().getOrDefault("PYTHONPATH", "");
        List<String> path = sysPath.isEmpty() ? List.of() : List.of(sysPath.split(":"));
        try (PythonProcess p = PythonProcess.start(argv[0], argv[1], args, Map.of(), "PythonProcess-1",
                new byte[] {1, 2, 3}, path)) {
            Integer code = p.join(Duration.ofSeconds(60));
            System.out.println("exitcode " + code);
        }
    }
}
