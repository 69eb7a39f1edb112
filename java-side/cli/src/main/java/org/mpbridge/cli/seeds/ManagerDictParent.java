package org.mpbridge.cli.seeds;

import java.util.List;
import org.mpbridge.manager.DictProxy;
import org.mpbridge.manager.ManagerClient;
import org.mpbridge.manager.server.ManagerServer;
import org.mpbridge.process.PythonProcess;

/**
 * Seed 004 "multiprocessing.Manager()" with its parent in Java and the seed's own {@code add_data(p_dict, key,
 * value)} in two CPython children ({@link PythonProcess}); the manager is a Java {@link ManagerServer}, the children
 * get its {@code DictProxy} (pickled as {@code RebuildProxy}):
 * <pre>
 * process_dict = Manager().dict()
 * first_process = Process(target=add_data,args=(process_dict,"Darr_en1",22))
 * second_process = Process(target=add_data,args=(process_dict,"Darr_en2",44))
 * first_process.start()
 * second_process.start()
 * first_process.join()
 * second_process.join()
 * print(process_dict)
 * </pre>
 */
public final class ManagerDictParent {
    private ManagerDictParent() {}

    public static void main(String[] argv) throws Exception {
        SeedParent parent = new SeedParent(argv);
        try (ManagerServer server = ManagerServer.builder().authkey(parent.authkey()).start();
             ManagerClient m = ManagerClient.connect(server.address(), parent.authkey())) {
            DictProxy processDict = m.dict();
            try {
                parent.start("add_data", List.of(processDict.toPickle(), "Darr_en1", 22));
                parent.start("add_data", List.of(processDict.toPickle(), "Darr_en2", 44));
                parent.joinAll();
            } finally {
                parent.closeChildren();
            }
            System.out.println(processDict.str());
        }
    }
}
