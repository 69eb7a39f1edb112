package org.mpbridge.jep;

import org.junit.jupiter.api.Assumptions;

/** Jep tests skip only when Jep cannot exist for the interpreter (CPython below 3.10); MPBRIDGE_STRICT=1 fails instead. */
final class JepAssumptions {
    private JepAssumptions() {}

    static void requireJep() {
        String why = JepRuntime.whyUnavailable();
        if (why == null) return;
        boolean impossible = why.contains("needs CPython >= 3.10");
        if (!impossible || "1".equals(System.getenv("MPBRIDGE_STRICT"))) throw new JepUnavailableException(why);
        Assumptions.abort(why);
    }
}
