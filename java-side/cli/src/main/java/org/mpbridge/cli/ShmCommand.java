package org.mpbridge.cli;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mpbridge.shm.SharedMemory;
import org.mpbridge.shm.ShareableList;
import org.mpbridge.shm.ShareableListDescriptor.Layout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge shm ...}: shared memory blocks and ShareableLists, interchangeable with
 * {@code multiprocessing.shared_memory}. NAME is the name Python shows in {@code .name} (no leading slash).
 * JSON values: numbers (with {@code .}/{@code e}: float), strings, {@code true}/{@code false}, {@code null}, bytes as
 * {@code {"bytes": "<hex>"}}.
 */
@Command(name = "shm", mixinStandardHelpOptions = true,
        description = "Shared memory (multiprocessing.shared_memory): segments, ShareableLists, typed arrays.",
        subcommands = {ShmCommand.Create.class, ShmCommand.Unlink.class, ShmCommand.Info.class, ShmCommand.ListRead.class,
                ShmCommand.ListWrite.class, ShmCommand.ListCreate.class, ShmArrayCommands.Read.class, ShmArrayCommands.Write.class,
                ShmCTypesCommands.ValueCreate.class, ShmCTypesCommands.ArrayCreate.class})
final class ShmCommand extends GroupCommand {

    @Command(name = "create", description = "Create segment NAME of SIZE bytes (zero-filled); it stays until unlinked.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "SIZE") long size;

        @Override
        public Integer call() throws Exception {
            SharedMemory.create(name, size).close();
            return Main.EXIT_OK;
        }
    }

    @Command(name = "unlink", description = "Remove segment NAME (shm_unlink).")
    static final class Unlink implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            SharedMemory.unlink(name);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "info", description = "Print {\"name\": NAME, \"size\": BYTES} of an existing segment.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (SharedMemory shm = SharedMemory.attach(name)) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("name", shm.name());
                out.put("size", shm.size());
                System.out.println(Json.write(out));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list-read", description = "Print ShareableList NAME (either CPython layout) as one JSON array line.")
    static final class ListRead implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;

        @Override
        public Integer call() throws Exception {
            try (ShareableList sl = ShareableList.attach(name)) {
                System.out.println(Json.write(sl.toList()));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list-write", description = "sl[INDEX] = JSON value (the item may change type; str/bytes must fit its slot).")
    static final class ListWrite implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "INDEX") int index;
        @Parameters(index = "2", paramLabel = "JSON") String json;

        @Override
        public Integer call() throws Exception {
            Object value = item(spec, parse(spec, json));
            try (ShareableList sl = ShareableList.attach(name)) {
                sl.set(index, value);
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "list-create", description = "Create ShareableList NAME from a JSON array; it stays until unlinked.")
    static final class ListCreate implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "JSON_ARRAY") String json;
        @Option(names = "--layout", paramLabel = "v1|v2", defaultValue = "v2",
                description = "v2: CPython 3.9+ (offsets table, default); v1: CPython 3.8 (sizes table)")
        String layout;

        @Override
        public Integer call() throws Exception {
            Object parsed = parse(spec, json);
            if (!(parsed instanceof List)) throw new ParameterException(spec.commandLine(), "JSON_ARRAY must be a JSON array, got " + json);
            List<Object> items = new ArrayList<>();
            for (Object o : (List<?>) parsed) items.add(item(spec, o));
            Layout l;
            switch (layout.toLowerCase()) {
                case "v1": l = Layout.V1; break;
                case "v2": l = Layout.V2; break;
                default: throw new ParameterException(spec.commandLine(), "--layout must be v1 (CPython 3.8) or v2 (3.9+), not " + layout);
            }
            ShareableList.create(name, items, l).close();
            return Main.EXIT_OK;
        }
    }

    static Object parse(CommandSpec spec, String json) {
        try {
            return Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A JSON value as a ShareableList item: {@code {"bytes": hex}} becomes byte[]. */
    static Object item(CommandSpec spec, Object v) {
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            if (m.size() == 1 && m.get("bytes") instanceof String) {
                try {
                    return HexFormat.of().parseHex((String) m.get("bytes"));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "bad hex in " + Json.write(v) + ": " + e.getMessage());
                }
            }
            throw new ParameterException(spec.commandLine(), "an object item must be {\"bytes\": \"<hex>\"}, got " + Json.write(v));
        }
        if (v instanceof List) throw new ParameterException(spec.commandLine(), "a ShareableList item cannot be a list: " + Json.write(v));
        return v;
    }
}
