package org.mpbridge.fuzz;

import java.util.Set;

/**
 * Throwables a fuzzing campaign may look past because they are already reported to the codec's owner and their
 * fix is pending: the simple class names in {@code MPBRIDGE_FUZZ_TOLERATE} (comma-separated, e.g.
 * {@code StackOverflowError}; {@code make fuzz FUZZ_TOLERATE=...}). Never set in {@code make test}.
 */
public final class KnownFindings {
    private static final Set<String> TOLERATED = Set.of(System.getenv().getOrDefault("MPBRIDGE_FUZZ_TOLERATE", "").split(","));

    private KnownFindings() {}

    /** Runs {@code body}; a tolerated Throwable ends it quietly, anything else propagates. */
    public static void run(Body body) throws Exception {
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            if (!TOLERATED.contains(e.getClass().getSimpleName())) throw e;
        }
    }

    public interface Body {
        void run() throws Exception;
    }
}
