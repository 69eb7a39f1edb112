package org.mpbridge.cli.roles;

import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mpbridge.connection.Address;
import org.mpbridge.py4j.calls.Callback;
import org.mpbridge.py4j.calls.Service;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import py4j.ClientServer;
import py4j.GatewayServer;

/**
 * Scenario {@code py4j-calls}: calls both ways over Py4J. The client calls the server's
 * {@link Service#twiceVia}; the server calls the client's {@link Callback#apply} back. Token: the cell's key.
 */
public final class Py4JCalls {
    private Py4JCalls() {}

    private static String token(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("--authkey-env " + variable + ": the environment variable is not set");
        return v;
    }

    /** The Java server: a Py4J GatewayServer whose entry point is a {@link Service}; a Python client calls it. */
    @Command(name = "py4j-calls-server", mixinStandardHelpOptions = true,
            description = "Prints READY tcp:HOST:PORT and serves Service.twiceVia over Py4J (GatewayServer, auth token) until killed.")
    public static final class Server implements Callable<Integer> {
        @Option(names = "--listen", defaultValue = "tcp:127.0.0.1:0", paramLabel = "ADDR", description = "where the Py4J gateway listens (default ${DEFAULT-VALUE}; port 0: any free port)")
        String listen;

        @Option(names = "--authkey-env", required = true, paramLabel = "NAME", description = "environment variable holding the gateway's auth token")
        String authkeyEnv;

        @Override
        public Integer call() throws Exception {
            Address.Tcp where = (Address.Tcp) Address.parse(listen);
            InetAddress host = InetAddress.getByName(where.host());
            String token = token(authkeyEnv);
            Service service = (callback, n) -> 2 * callback.apply(n);  // the call back into the caller
            GatewayServer server = new GatewayServer.GatewayServerBuilder(service).javaPort(where.port()).javaAddress(host)
                    .authToken(token).callbackClient(GatewayServer.DEFAULT_PYTHON_PORT, host, token).build();
            server.start(true);
            Transcript.ready(new Address.Tcp(where.host(), server.getListeningPort()));
            new CountDownLatch(1).await();  // until the runner ends the cell
            return 0;
        }
    }

    /** The Java client: a Py4J ClientServer calling a Python server's {@link Service} with a Java {@link Callback}. */
    @Command(name = "py4j-calls-client", mixinStandardHelpOptions = true,
            description = "Calls Service.twiceVia(callback, n) for n = 1..COUNT on a Python Py4J server; prints each answer.")
    public static final class Client implements Callable<Integer> {
        @Option(names = "--connect", required = true, paramLabel = "ADDR", description = "the Python side's gateway address")
        String connect;

        @Option(names = "--authkey-env", required = true, paramLabel = "NAME", description = "environment variable holding the gateway's auth token")
        String authkeyEnv;

        @Option(names = "--count", defaultValue = "3", description = "calls to make (default ${DEFAULT-VALUE})")
        int count;

        @Override
        public Integer call() throws Exception {
            Address.Tcp where = (Address.Tcp) Address.parse(connect);
            InetAddress host = InetAddress.getByName(where.host());
            ClientServer cs = new ClientServer.ClientServerBuilder().javaPort(0).javaAddress(host).pythonPort(where.port())
                    .pythonAddress(host).authToken(token(authkeyEnv)).readTimeout(30_000).build();
            try {
                Service service = (Service) cs.getPythonServerEntryPoint(new Class<?>[] {Service.class});
                Callback callback = n -> 10 * n;
                for (int n = 1; n <= count; n++) Transcript.line("twice_via(" + n + ") = " + service.twiceVia(callback, n));
            } finally {
                cs.shutdown();
            }
            return 0;
        }
    }
}
