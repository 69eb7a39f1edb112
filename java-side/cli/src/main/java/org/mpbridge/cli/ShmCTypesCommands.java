package org.mpbridge.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.shm.SharedCArray;
import org.mpbridge.shm.SharedCData;
import org.mpbridge.shm.SharedCValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge shm value-create|array-create NAME TYPECODE JSON}: the seeds' {@code Value('i', 5000)} and
 * {@code Array('i', [1, 2, 3, 4, 5])} made by Java: segment NAME holds the ctypes bytes, the lock is the RLock
 * semaphore {@code /NAME.lock} (or {@code --lock}). Both stay until unlinked ({@code shm unlink},
 * {@code sem unlink}). Python attaches with {@code mpbridge.shm.shared_value}/{@code shared_array}.
 */
final class ShmCTypesCommands {
    private ShmCTypesCommands() {}

    abstract static class Base implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "TYPECODE", description = "b B h H i I l L q Q f d") char typecode;
        @Parameters(index = "2", paramLabel = "JSON") String json;
        @Option(names = "--lock", paramLabel = "SEM", description = "lock name (default /NAME.lock)") String lock;

        String lockName() {
            return lock != null ? lock : SharedCData.lockName(name);
        }

        Number number(Object o) {
            if (!(o instanceof Number)) throw new ParameterException(spec.commandLine(), "not a number: " + Json.write(o));
            return (Number) o;
        }
    }

    @Command(name = "value-create", description = "Value(TYPECODE, JSON number) in segment NAME with lock /NAME.lock.")
    static final class ValueCreate extends Base {
        @Override
        public Integer call() throws Exception {
            SharedCValue.create(name, lockName(), typecode, number(ShmCommand.parse(spec, json))).close();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "array-create", description = "Array(TYPECODE, JSON array) in segment NAME with lock /NAME.lock.")
    static final class ArrayCreate extends Base {
        @Override
        public Integer call() throws Exception {
            Object parsed = ShmCommand.parse(spec, json);
            if (!(parsed instanceof List)) throw new ParameterException(spec.commandLine(), "JSON must be an array of numbers");
            List<Number> values = new java.util.ArrayList<>();
            for (Object o : (List<?>) parsed) values.add(number(o));
            SharedCArray.create(name, lockName(), typecode, values).close();
            return Main.EXIT_OK;
        }
    }
}
