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
 * The pickle oracle under jqwik: 10,000 random values each way per run, one value per try (a Jep call costs
 * about a microsecond: batching would buy nothing here and would cost jqwik its per-value shrinking). On a
 * failure jqwik prints its seed (rerun with {@code @Property(seed = "...")}) and shrinks the value to a small
 * counterexample.
 * {@code make oracle ORACLE_CASES=N} runs the same generators over N cases each way ({@link OracleMain}).
 */
class PickleOracleProperties {
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

    @Property(tries = 10_000)
    void javaEncodesCPythonDecodes(@ForAll("javaValues") PyNode value) throws Exception {
        check(List.of(value), oracle.javaToPython(List.of(value)), "Java -> CPython");
    }

    @Property(tries = 10_000)
    void cpythonPicklesJavaDecodes(@ForAll("pythonCases") Oracle.Case c) throws Exception {
        check(List.of(c), oracle.pythonToJava(List.of(c)), "CPython -> Java");
    }

    @Provide
    Arbitrary<PyNode> javaValues() {
        return PyNodes.values(false);
    }

    @Provide
    Arbitrary<Oracle.Case> pythonCases() {
        return cases();
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
