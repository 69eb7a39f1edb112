package org.mpbridge.cli.seeds;

import org.mpbridge.connection.Connection;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 004 "process communication", {@code consumer(queue)} and {@code consumer(pipe)} in Java (see
 * {@link CommunicationProducer}):
 * <pre>
 * time.sleep(2)             time.sleep(2)
 * print(queue.get())        print(pipe.recv())
 * </pre>
 */
public final class CommunicationConsumer implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        Object channel = ctx.arg(0, Object.class);
        SeedPace.sleep(2);
        Object got = channel instanceof MpQueue queue ? queue.get() : ((Connection) channel).recv();
        System.out.println(SeedPace.str(got));
    }
}
