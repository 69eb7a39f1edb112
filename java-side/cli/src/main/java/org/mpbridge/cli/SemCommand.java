package org.mpbridge.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.mpbridge.sem.NamedSemaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mpbridge sem ...}: POSIX named semaphores, the objects behind multiprocessing's locks. NAME is as given
 * to {@code sem_open}, e.g. {@code /my-sem} or a spawn-context SemLock's {@code /mp-xxxxxxxx}.
 */
@Command(name = "sem", mixinStandardHelpOptions = true,
        description = "POSIX named semaphores (multiprocessing SemLocks by name).",
        subcommands = {SemCommand.Create.class, SemCommand.Acquire.class, SemCommand.Release.class, SemCommand.Value.class,
                SemCommand.Unlink.class, SemTaskCommand.class})
final class SemCommand extends GroupCommand {

    @Command(name = "create", description = "sem_open(NAME, O_CREAT|O_EXCL, 0600, VALUE); it stays until unlinked.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "VALUE") int value;

        @Override
        public Integer call() throws Exception {
            NamedSemaphore.create(name, value).close();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "acquire", description = "Decrement NAME, waiting up to --timeout seconds (exit 1 on timeout) or without limit.")
    static final class Acquire implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Option(names = "--timeout", paramLabel = "SECONDS", description = "wait at most this long (exit 1 on timeout); default: no limit") Double timeout;

        @Override
        public Integer call() throws Exception {
            try (NamedSemaphore s = NamedSemaphore.open(name)) {
                if (timeout == null) {
                    s.acquire();
                } else if (!s.tryAcquire(Sem.nanos(timeout), TimeUnit.NANOSECONDS)) {
                    System.err.println("mpbridge sem acquire: timed out after " + timeout + "s waiting for " + name);
                    return Main.EXIT_FAILURE;
                }
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "release", description = "sem_post(NAME).")
    static final class Release implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (NamedSemaphore s = NamedSemaphore.open(name)) {
                s.release();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "value", description = "Print the value of NAME (sem_getvalue, at least 0).")
    static final class Value implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (NamedSemaphore s = NamedSemaphore.open(name)) {
                System.out.println(s.value());
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "unlink", description = "sem_unlink(NAME).")
    static final class Unlink implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            NamedSemaphore.unlink(name);
            return Main.EXIT_OK;
        }
    }
}
