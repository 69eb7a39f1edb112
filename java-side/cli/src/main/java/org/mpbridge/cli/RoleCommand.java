package org.mpbridge.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.cli.roles.FifoPipe;
import org.mpbridge.cli.roles.ManagerWorkers;
import org.mpbridge.cli.roles.MmapMsg;
import org.mpbridge.cli.roles.Py4JCalls;
import org.mpbridge.cli.roles.PipeBaozi;
import org.mpbridge.cli.roles.PipeLogin;
import org.mpbridge.cli.roles.RingBaozi;
import org.mpbridge.cli.roles.Role;
import org.mpbridge.cli.roles.RoleContext;
import org.mpbridge.cli.roles.SemaphoreTasks;
import org.mpbridge.cli.roles.SocketEcho;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mpbridge role NAME [options]}: the built-in Java side of each scenario in {@code scenarios/*.yaml};
 * {@code mpbridge role --class CLASS [--classpath PATH] [-- ARGS...]}: a user's own {@link Role};
 * {@code mpbridge role --list}: the built-in role names, one per line.
 */
@Command(name = "role", mixinStandardHelpOptions = true,
        description = "Play one side of a scenario: a built-in role, or a user's class implementing org.mpbridge.cli.roles.Role.",
        subcommands = {
            PipeBaozi.Producer.class, PipeBaozi.Consumer.class,
            PipeLogin.App1.class, PipeLogin.App2.class,
            SocketEcho.Server.class, SocketEcho.Client.class,
            MmapMsg.Writer.class, MmapMsg.Reader.class,
            FifoPipe.Producer.class, FifoPipe.Consumer.class,
            ManagerWorkers.Counter.class, ManagerWorkers.Writers.class,
            SemaphoreTasks.class,
            Py4JCalls.Server.class, Py4JCalls.Client.class,
            RingBaozi.Server.class, RingBaozi.Client.class,
        })
final class RoleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--class", paramLabel = "CLASS", description = "a class implementing org.mpbridge.cli.roles.Role")
    String className;

    @Option(names = "--classpath", paramLabel = "PATH", description = "jars and directories (':'-separated) to load CLASS from; default $MPBRIDGE_ROLE_CLASSPATH")
    String classpath;

    @Option(names = "--list", description = "print the built-in role names")
    boolean list;

    @Parameters(paramLabel = "ARGS", description = "arguments for CLASS (after --)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (list) {
            spec.subcommands().keySet().stream().sorted().forEach(System.out::println);
            return Main.EXIT_OK;
        }
        if (className == null && !args.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no role named '" + args.get(0) + "'; the built-in roles: "
                    + String.join(", ", new java.util.TreeSet<>(spec.subcommands().keySet())) + " (or --class CLASS for your own)");
        }
        if (className == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give a role NAME (see --list) or --class CLASS");
        }
        Role role = load(className, classpath != null ? classpath : System.getenv("MPBRIDGE_ROLE_CLASSPATH"));
        return role.run(new RoleContext(args));
    }

    private Role load(String name, String path) throws ReflectiveOperationException, MalformedURLException {
        ClassLoader loader = getClass().getClassLoader();
        if (path != null && !path.isBlank()) {
            List<URL> urls = new ArrayList<>();
            for (String part : path.split(File.pathSeparator)) if (!part.isBlank()) urls.add(new File(part).toURI().toURL());
            loader = new URLClassLoader(urls.toArray(URL[]::new), loader);
        }
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--class " + name + ": not found on the classpath" + (path == null ? " (give --classpath or MPBRIDGE_ROLE_CLASSPATH)" : " " + path));
        }
        if (!Role.class.isAssignableFrom(type)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--class " + name + " does not implement " + Role.class.getName());
        }
        return (Role) type.getDeclaredConstructor().newInstance();
    }
}
