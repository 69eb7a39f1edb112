package org.mpbridge.cli.seeds;

import java.io.EOFException;
import java.util.List;
import org.mpbridge.connection.Connection;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 000/001 "1 管道", the consumer in Java: {@code JavaProcess(target="org.mpbridge.cli.seeds.PipeBaoziConsumer",
 * args=((left, right), 'c1'))}. Line for line the seed's {@code consumer(p, name)}:
 * <pre>
 * left, right = p
 * left.close()
 * while True:
 *     try:
 *         baozi = right.recv()
 *         print('%s 收到包子:%s' % (name, baozi))
 *     except EOFError:
 *         right.close()
 *         break
 * </pre>
 */
public final class PipeBaoziConsumer implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        List<?> p = ctx.arg(0, List.class);
        String name = ctx.arg(1, String.class);
        Connection left = (Connection) p.get(0);
        Connection right = (Connection) p.get(1);
        left.close();
        while (true) {
            try {
                Object baozi = right.recv();
                System.out.println(name + " 收到包子:" + SeedPace.str(baozi));
            } catch (EOFException eof) {
                right.close();
                break;
            }
        }
    }
}
