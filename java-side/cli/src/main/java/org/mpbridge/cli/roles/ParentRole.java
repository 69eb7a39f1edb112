package org.mpbridge.cli.roles;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.mpbridge.connection.ChildProcess;

/** The parent of a seed {@code Pipe()}: starts the child command given after {@code --}, its stdin/stdout the pipe. */
final class ParentRole {
    private ParentRole() {}

    static ChildProcess start(List<String> command) throws IOException {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("no child command: give it after --");
        }
        return ChildProcess.start(command);
    }

    /** Waits for the child's exit; a failing child's stderr is passed on to ours. */
    static int finish(ChildProcess child) throws IOException {
        int code = child.waitFor(Duration.ofSeconds(60));
        if (code != 0) System.err.print(child.stderr());
        return code;
    }
}
