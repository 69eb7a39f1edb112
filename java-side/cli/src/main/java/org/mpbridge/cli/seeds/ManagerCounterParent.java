package org.mpbridge.cli.seeds;

import java.util.List;
import java.util.Map;
import org.mpbridge.manager.DictProxy;
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.process.PythonProcess;
import org.mpbridge.sem.SemLock;

/**
 * Seed 000/001 "4 共享内存" with its parent in Java and the seed's own {@code work(d, lock)} in 20 CPython children
 * ({@link PythonProcess}, CPython's spawn protocol). The manager is a Java {@link ManagerServer}; the children get a
 * {@code DictProxy} (pickled as {@code RebuildProxy}, the manager's address in its token) and a {@code Lock}
 * (a Java-made SemLock, pickled by name):
 * <pre>
 * lock=Lock()
 * with Manager() as m:
 *     dic=m.dict({'count':20})
 *     p_l=[]
 *     for i in range(20):
 *         p=Process(target=work, args=(dic, lock))
 *         p_l.append(p)
 *         p.start()
 *     for p in p_l:
 *         p.join()
 *     print(dic)
 * </pre>
 */
public final class ManagerCounterParent {
    private ManagerCounterParent() {}

    public static void main(String[] argv) throws Exception {
        SeedParent parent = new SeedParent(argv);
        SemLock lock = SemLock.create(SeedParent.semLockName(), SemLock.SEMAPHORE, 1, 1);
        try (lock;
             ManagerServer server = ManagerServer.builder().authkey(parent.authkey()).start();
             ManagerClient m = ManagerClient.connect(server.address(), parent.authkey())) {
            DictProxy dic = m.dict(Map.of("count", 20));
            try {
                for (int i = 0; i < 20; i++) parent.start("work", List.of(dic.toPickle(), PythonProcess.semLock("Lock", lock)));
                parent.joinAll();
            } finally {
                parent.closeChildren();
            }
            System.out.println(dic.str());
        } finally {
            lock.unlink();
        }
    }
}
