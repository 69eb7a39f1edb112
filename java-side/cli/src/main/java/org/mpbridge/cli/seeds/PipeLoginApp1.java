package org.mpbridge.cli.seeds;

import org.mpbridge.connection.Connection;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 002 "通信管道", {@code app1()} in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.PipeLoginApp1",
 * args=(fd1,))} on the seed's own {@code Pipe()} end (the global {@code fd1}, passed as the argument):
 * <pre>
 * print("启动app1,请登陆")
 * print("请求app2授权")
 * fd1.send("app1 请求登陆")
 * data = fd1.recv()
 * if  data:
 *     print('登陆成功',data)
 * </pre>
 */
public final class PipeLoginApp1 implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        Connection fd1 = ctx.arg(0, Connection.class);
        System.out.println("启动app1,请登陆");
        System.out.println("请求app2授权");
        fd1.send("app1 请求登陆");
        Object data = fd1.recv();
        if (SeedPace.truthy(data)) System.out.println("登陆成功 " + SeedPace.str(data));
    }
}
