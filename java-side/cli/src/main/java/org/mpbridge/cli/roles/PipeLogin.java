package org.mpbridge.cli.roles;

import java.util.List;
import java.util.concurrent.Callable;
import org.mpbridge.connection.ChildProcess;
import org.mpbridge.connection.Connection;
import org.mpbridge.connection.Pipes;
import org.mpbridge.pickle.PyRepr;
import org.mpbridge.pickle.PyTuple;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Seed 002 "通信管道": duplex request/reply over a {@code Pipe()}; the reply is the tuple {@code ('Dave', '123')}. */
public final class PipeLogin {
    private PipeLogin() {}

    @Command(name = "pipe-login-app1", mixinStandardHelpOptions = true,
            description = "The parent: starts app2 (after --) on a pipe, asks to log in, prints the reply.")
    public static final class App1 implements Callable<Integer> {
        @Parameters(paramLabel = "CHILD", description = "app2's command line")
        List<String> child;

        @Override
        public Integer call() throws Exception {
            try (ChildProcess app2 = ParentRole.start(child)) {
                Connection fd1 = app2.connection();
                Transcript.line("启动app1,请登陆");
                Transcript.line("请求app2授权");
                fd1.send("app1 请求登陆");
                Object data = fd1.recv();
                if (data != null) Transcript.line("登陆成功 " + PyRepr.repr(data));
                fd1.close();
                return ParentRole.finish(app2);
            }
        }
    }

    @Command(name = "pipe-login-app2", mixinStandardHelpOptions = true,
            description = "The child: prints the request, answers with the tuple ('Dave', '123').")
    public static final class App2 implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Transcript.stdoutIsConnection();
            try (Connection fd2 = Pipes.stdio()) {
                Transcript.line(RoleContext.str(fd2.recv()));
                fd2.send(PyTuple.of("Dave", "123"));
            }
            return 0;
        }
    }
}
