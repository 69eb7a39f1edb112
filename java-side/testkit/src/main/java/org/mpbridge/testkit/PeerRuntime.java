package org.mpbridge.testkit;

/** Where a {@link PythonPeer} runs. */
public enum PeerRuntime {
    /**
     * The {@link EveryPython} invocation's runtime, else {@code $MPBRIDGE_PEER_RUNTIME} ({@code local} or
     * {@code container}), else {@link #LOCAL}.
     */
    DEFAULT,
    /** A local process of the interpreter found on this machine. */
    LOCAL,
    /**
     * A container of that CPython's image ({@code mpbridge/python:3.12.1}, {@code make images}) with host network,
     * host IPC, {@code /dev/shm} and the peer's directory bound: needs {@code org.mpbridge:mpbridge-testkit-containers}
     * on the test class path and a Docker engine (none: the test is skipped with the reason, or fails when
     * {@code MPBRIDGE_REQUIRE_DOCKER=1}).
     */
    CONTAINER;

    /** {@code explicit} unless it is DEFAULT, then {@code inherited} unless DEFAULT or null, then the environment's. */
    static PeerRuntime resolve(PeerRuntime explicit, PeerRuntime inherited) {
        if (explicit != null && explicit != DEFAULT) return explicit;
        if (inherited != null && inherited != DEFAULT) return inherited;
        String env = System.getenv("MPBRIDGE_PEER_RUNTIME");
        if (env == null || env.isBlank() || env.equalsIgnoreCase("local")) return LOCAL;
        if (env.equalsIgnoreCase("container")) return CONTAINER;
        throw new IllegalArgumentException("MPBRIDGE_PEER_RUNTIME must be local or container, not " + env);
    }
}
