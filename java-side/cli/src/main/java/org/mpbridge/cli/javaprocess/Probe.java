package org.mpbridge.cli.javaprocess;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.MpArray;
import org.mpbridge.process.MpCondition;
import org.mpbridge.process.MpEvent;
import org.mpbridge.process.MpJoinableQueue;
import org.mpbridge.process.MpQueue;
import org.mpbridge.process.MpSimpleQueue;
import org.mpbridge.process.MpValue;
import org.mpbridge.process.ProcessContext;
import org.mpbridge.sem.SemLock;
import org.mpbridge.shm.SharedMemory;

/**
 * The Java child of python-side/tests/test_javaprocess.py: {@code JavaProcess(target="org.mpbridge.cli.javaprocess.Probe",
 * args=(op, ...))} does one thing per {@code op} with the objects it was given and reports over them.
 */
public final class Probe implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        String op = ctx.arg(0, String.class);
        List<Object> a = ctx.args();
        switch (op) {
            case "echo-pipe" -> {           // (conn): echo until EOF, then the identity
                Connection c = ctx.arg(1, Connection.class);
                while (true) {
                    Object v;
                    try {
                        v = c.recv();
                    } catch (java.io.EOFException e) {
                        break;
                    }
                    if ("identity".equals(v)) {
                        c.send(PyTuple.of(ctx.name(), ctx.parentPid(), ctx.pid(), ctx.authkey(), ctx.daemon(), ctx.kwargs()));
                    } else {
                        c.send(v);
                    }
                }
            }
            case "queue-double" -> {        // (inq, outq): get until None, put v*2, then None
                MpQueue in = ctx.arg(1, MpQueue.class);
                MpQueue out = ctx.arg(2, MpQueue.class);
                while (true) {
                    Object v = in.get(Duration.ofSeconds(60));
                    if (v == null) break;
                    out.put(((Number) v).longValue() * 2);
                }
                out.put(null);
            }
            case "queue-fill" -> {          // (q, n): put 0..n-1 (blocks on a bounded queue), then "done"
                MpQueue q = ctx.arg(1, MpQueue.class);
                int n = ((Number) a.get(2)).intValue();
                for (int i = 0; i < n; i++) q.put(i);
                q.put("done");
            }
            case "simple-queue" -> {        // (inq, outq): get one, put it back as a tuple ('java', v)
                MpSimpleQueue in = ctx.arg(1, MpSimpleQueue.class);
                MpSimpleQueue out = ctx.arg(2, MpSimpleQueue.class);
                out.put(PyTuple.of("java", in.get()));
            }
            case "joinable" -> {            // (q, n): get n items, task_done each
                MpJoinableQueue q = ctx.arg(1, MpJoinableQueue.class);
                int n = ((Number) a.get(2)).intValue();
                for (int i = 0; i < n; i++) {
                    q.get(Duration.ofSeconds(60));
                    q.taskDone();
                }
            }
            case "locks" -> {               // (conn, lock, rlock, sem, bsem): report what each allows
                Connection c = ctx.arg(1, Connection.class);
                SemLock lock = ctx.arg(2, SemLock.class);
                SemLock rlock = ctx.arg(3, SemLock.class);
                SemLock sem = ctx.arg(4, SemLock.class);
                SemLock bsem = ctx.arg(5, SemLock.class);
                boolean lockFree = lock.acquire(false, null);
                boolean rlockTwice = rlock.acquire(false, null) && rlock.acquire(false, null);
                rlock.release();
                rlock.release();
                int semTaken = 0;
                while (sem.acquire(false, null)) semTaken++;
                for (int i = 0; i < semTaken; i++) sem.release();
                String bounded;
                try {
                    bsem.release();
                    bounded = "released past its bound";
                } catch (IllegalStateException e) {
                    bounded = "ValueError";
                }
                if (lockFree) lock.release();
                c.send(PyTuple.of(lockFree, rlockTwice, semTaken, bounded));
                // then hold the lock until the parent says so: the parent sees it taken
                lock.acquire();
                c.send("holding");
                c.recv();
                lock.release();
                c.send("released");
            }
            case "event" -> {               // (ev_in, ev_out): wait for ev_in, set ev_out
                MpEvent in = ctx.arg(1, MpEvent.class);
                MpEvent out = ctx.arg(2, MpEvent.class);
                if (!in.await(Duration.ofSeconds(60))) ctx.exit(3);
                out.set();
            }
            case "condition" -> {           // (cond, value): under cond, set value 1 and notify_all; wait for 2
                MpCondition cond = ctx.arg(1, MpCondition.class);
                MpValue v = ctx.arg(2, MpValue.class);
                cond.acquire();
                try {
                    v.setUnlocked(1);
                    cond.notifyAllWaiters();
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (v.getUnlocked().intValue() != 2 && System.nanoTime() < deadline) {
                        cond.await(Duration.ofSeconds(5));
                    }
                } finally {
                    cond.release();
                }
                if (v.get().intValue() != 2) ctx.exit(4);
            }
            case "value-array" -> {         // (value, array, raw_value, n): value += n under its lock; array[i] *= 10
                MpValue v = ctx.arg(1, MpValue.class);
                MpArray arr = ctx.arg(2, MpArray.class);
                MpValue raw = ctx.arg(3, MpValue.class);
                int n = ((Number) a.get(4)).intValue();
                for (int i = 0; i < n; i++) {
                    try (SemLock.Held held = v.getLock().hold()) {
                        v.setUnlocked(v.getUnlocked().longValue() + 1);
                    }
                }
                for (int i = 0; i < arr.length(); i++) arr.set(i, arr.get(i).doubleValue() * 10);
                raw.set(raw.get().doubleValue() + 0.5);
            }
            case "shm" -> {                 // (shm): bytes[0:5] = b'java!'
                SharedMemory shm = ctx.arg(1, SharedMemory.class);
                shm.putBytes(0, "java!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                shm.close();
            }
            case "manager" -> {             // (dict proxy, list proxy): d['java'] = len(l); l.append('from java')
                org.mpbridge.manager.DictProxy d = ctx.arg(1, org.mpbridge.manager.DictProxy.class);
                org.mpbridge.manager.ListProxy l = ctx.arg(2, org.mpbridge.manager.ListProxy.class);
                d.setItem("java", l.len());
                l.append("from java");
            }
            case "exit" -> ctx.exit(((Number) a.get(1)).intValue());
            case "raise" -> throw new IllegalStateException(String.valueOf(a.get(1)));
            case "wait" -> {                // (conn): say ready, then block until EOF (terminate/kill tests)
                Connection c = ctx.arg(1, Connection.class);
                c.send("ready");
                try {
                    c.recv();
                } catch (java.io.EOFException e) {
                    // parent went away
                }
            }
            default -> throw new IllegalArgumentException("unknown op " + op + " " + Map.of());
        }
    }
}
