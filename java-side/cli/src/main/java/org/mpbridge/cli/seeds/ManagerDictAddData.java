package org.mpbridge.cli.seeds;

import org.mpbridge.manager.DictProxy;
import org.mpbridge.process.JavaTarget;
import org.mpbridge.process.ProcessContext;

/**
 * Seed 004 "multiprocessing.Manager()", {@code add_data(p_dict, key, value)} in Java: {@code JavaProcess(target=
 * "org.mpbridge.cli.seeds.ManagerDictAddData", args=(process_dict, "Darr_en1", 22))} on the seed's own
 * {@code Manager().dict()} proxy:
 * <pre>
 * p_dict[key] = value
 * </pre>
 */
public final class ManagerDictAddData implements JavaTarget {
    @Override
    public void run(ProcessContext ctx) throws Exception {
        DictProxy pDict = ctx.arg(0, DictProxy.class);
        pDict.setItem(ctx.arg(1, Object.class), ctx.arg(2, Object.class));
    }
}
