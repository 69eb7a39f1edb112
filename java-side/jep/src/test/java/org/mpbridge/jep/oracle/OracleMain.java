package org.mpbridge.jep.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * {@code make oracle ORACLE_CASES=N [ORACLE_SEED=S]}: N random values each way through the pickle oracle (the
 * generators of {@link PickleOracleTest}), in batches of 500 per Jep call. Every case runs; each failure
 * is printed with the seed, then shrunk with jqwik's shrinkables (greedy, bounded) and printed again. Case k is
 * the k-th value of each direction and passes when both do: the last line is exactly
 * {@code <passed> passed, <failed> failed} with passed + failed = N; the exit status is 1 on a failure.
 */
public final class OracleMain {
    private static final int BATCH = 500;
    private static final int SHOWN = 10;

    private OracleMain() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "10000");
        long seed = args.length > 1 && !args[1].isBlank() ? Long.parseLong(args[1]) : new Random().nextLong();
        long passed = 0;
        long failed = 0;
        JqwikSession.start();  // jqwik's generators outside a property
        try (Oracle oracle = Oracle.start()) {
            System.out.println("pickle oracle: " + n + " cases each way, CPython " + oracle.pythonVersion() + " in the JVM (Jep), seed " + seed);
            boolean[] j = run("Java -> CPython", PyNodes.values(false), n, seed, oracle::javaToPython);
            boolean[] p = run("CPython -> Java", PickleOracleTest.cases(), n, seed + 1, oracle::pythonToJava);
            for (int k = 0; k < n; k++) {
                if (j[k] && p[k]) passed++;
                else failed++;
            }
        } finally {
            JqwikSession.finish();
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 ? 0 : 1);
    }

    interface Judge<T> {
        List<String> judge(List<T> cases) throws Exception;
    }

    private static <T> boolean[] run(String direction, Arbitrary<T> arbitrary, int n, long seed, Judge<T> judge) throws Exception {
        RandomGenerator<T> gen = arbitrary.generator(1000, true);
        Random random = new Random(seed);
        boolean[] ok = new boolean[n];
        long passed = 0;
        long failed = 0;
        long start = System.nanoTime();
        for (int done = 0; done < n; ) {
            List<Shrinkable<T>> batch = new ArrayList<>();
            for (int i = 0; i < BATCH && done + i < n; i++) batch.add(gen.next(random));
            List<String> results = judge.judge(batch.stream().map(Shrinkable::value).toList());
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i) == null) {
                    ok[done + i] = true;
                    passed++;
                    continue;
                }
                failed++;
                if (failed <= SHOWN) {
                    System.out.println("FAIL " + direction + " (seed " + seed + ", case " + (done + i) + "): " + batch.get(i).value()
                            + "\n  " + results.get(i));
                    Shrinkable<T> small = shrink(batch.get(i), judge);
                    System.out.println("  shrunk to: " + small.value() + "\n  " + judge.judge(List.of(small.value())).get(0));
                }
            }
            done += batch.size();
        }
        System.out.printf("%s: %d passed, %d failed (%.1f s)%n", direction, passed, failed, (System.nanoTime() - start) / 1e9);
        return ok;
    }

    /** Greedy: take the first smaller candidate that still fails, until none does (at most 200 rounds). */
    private static <T> Shrinkable<T> shrink(Shrinkable<T> failing, Judge<T> judge) throws Exception {
        Shrinkable<T> current = failing;
        for (int round = 0; round < 200; round++) {
            List<Shrinkable<T>> candidates = current.shrink().limit(100).toList();
            if (candidates.isEmpty()) break;
            List<String> verdicts = judge.judge(candidates.stream().map(Shrinkable::value).toList());
            Optional<Shrinkable<T>> next = Optional.empty();
            for (int i = 0; i < verdicts.size() && next.isEmpty(); i++) if (verdicts.get(i) != null) next = Optional.of(candidates.get(i));
            if (next.isEmpty()) break;
            current = next.get();
        }
        return current;
    }

}
