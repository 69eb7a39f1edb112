package org.mpbridge.cli.seeds;

import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "通信管道", {@code app2()} in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.PipeLoginApp2",
 * args=(fd2,))} on the other end of the seed's {@code Pipe()}:
 * <pre>
 * data = fd2.recv()
 * print(data)
 * fd2.send(('Dave','123'))
 * </pre>
 */
public final class PipeLoginApp2 implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        Connection fd2 = ctx.arg(0, Connection.class);
        Object data = fd2.recv();
        System.out.println(SeedPace.str(data));
        fd2.send(PyTuple.of("Dave", "123"));
    }
}
