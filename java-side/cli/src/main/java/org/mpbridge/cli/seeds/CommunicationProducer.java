package org.mpbridge.cli.seeds;

import org.mpbridge.connection.Connection;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 004 "process communication", {@code producer(queue)} and {@code producer(pipe)} in Java:
 * {@code JavaProcess(target="org.mpbridge.cli.seeds.CommunicationProducer", args=(queue,))} on the seed's own
 * {@code Queue(10)}, or {@code args=(send_pipe,)} on its {@code Pipe()} end:
 * <pre>
 * queue.put("a")            pipe.send("a")
 * time.sleep(2)             time.sleep(2)
 * </pre>
 */
public final class CommunicationProducer implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        Object channel = ctx.arg(0, Object.class);
        if (channel instanceof MpQueue queue) {
            queue.put("a");
        } else {
            ((Connection) channel).send("a");
        }
        SeedPace.sleep(2);
    }
}
