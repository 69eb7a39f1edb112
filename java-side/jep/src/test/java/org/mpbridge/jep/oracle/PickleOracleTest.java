package org.mpbridge.jep.oracle;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mpbridge.jep.JepRuntime;
import org.mpbridge.jep.JepUnavailableException;

/**
 * The pickle oracle under jqwik: {@value #TRIES} tries x {@value #BATCH} values = 10,000 random values each way per
 * run, one Jep call per try (jqwik's own cost per try is ~2 ms, so one value per try took 4x longer). On a failure
 * jqwik prints its seed (rerun with {@code @Property(seed = "...")}) and shrinks the batch's values (bounded:
 * 10 s); the message lists only the failing cases, with their Python source and pickle bytes.
 * {@code make oracle ORACLE_CASES=N} runs the same generators over N cases each way ({@link OracleMain}).
 */
class PickleOracleTest {
    static final int TRIES = 100;
    static final int BATCH = 100;
    private static Oracle oracle;

    @BeforeContainer
    static void start() throws Exception {
        String why = JepRuntime.whyUnavailable();
        if (why != null) throw new JepUnavailableException(why);  // the virtualenv's CPython is >= 3.10: Jep must be there
        oracle = Oracle.start();
    }

    @AfterContainer
    static void stop() {
        if (oracle != null) oracle.close();
    }

    @Property(tries = TRIES)
    void javaEncodesCPythonDecodes(@ForAll("javaBatches") List<PyNode> batch) throws Exception {
        check(batch, oracle.javaToPython(batch), "Java -> CPython");
    }

    @Property(tries = TRIES)
    void cpythonPicklesJavaDecodes(@ForAll("pythonBatches") List<Oracle.Case> batch) throws Exception {
        check(batch, oracle.pythonToJava(batch), "CPython -> Java");
    }

    @Provide
    Arbitrary<List<PyNode>> javaBatches() {
        return PyNodes.values(false).list().ofSize(BATCH);
    }

    @Provide
    Arbitrary<List<Oracle.Case>> pythonBatches() {
        return cases().list().ofSize(BATCH);
    }

    static Arbitrary<Oracle.Case> cases() {
        return Combinators.combine(PyNodes.values(true), Arbitraries.integers().between(0, 5)).as(Oracle.Case::new);
    }

    private static void check(List<?> batch, List<String> results, String direction) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) != null) failures.add("case " + i + " (" + batch.get(i) + "):\n  " + results.get(i));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(direction + ": " + failures.size() + " of " + batch.size() + " cases failed\n"
                    + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
        }
    }
}
