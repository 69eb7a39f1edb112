package org.mpbridge.testkit;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The extension behind {@link PythonPeerTest}: static {@link PythonPeer} fields start before all tests of their
 * class, instance fields before each test (for {@link EveryPython} tests, under that invocation's interpreter);
 * every peer is kept in JUnit's store, which closes it when its scope ends; a failing test's message gets the
 * visible peers' stderr.
 */
public final class PythonPeerExtension implements BeforeAllCallback, BeforeEachCallback, TestExecutionExceptionHandler,
        ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean disabledWithout = context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, PythonPeerTest.class))
                .map(PythonPeerTest::disabledWithoutPython).orElse(false);
        if (!disabledWithout || !PythonInterpreters.all().isEmpty()) return ConditionEvaluationResult.enabled("CPython found");
        String why = "no CPython 3.8-3.13 found; " + PythonInterpreters.discover().describeAttempts();
        if ("1".equals(System.getenv("MPBRIDGE_STRICT"))) {
            return ConditionEvaluationResult.enabled("strict mode (MPBRIDGE_STRICT=1): the peers will fail: " + why);
        }
        return ConditionEvaluationResult.disabled(why);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        PeerFields.of(type, false);  // misuse of instance fields is reported before any test runs
        try {
            PeerFields.start(context, type, null, null);
            ExtraPeers.start(context, type, null, null);  // @PythonGatewayPeer, @InProcessPythonPeer
        } catch (TestAbortedException e) {
            // e.g. no Docker engine for a container peer: each test is reported skipped with the reason (a class-level
            // abort shows as no tests at all in surefire's report)
            context.getStore(PeerFields.NAMESPACE).put(ABORTED, e);
        }
    }

    private static final String ABORTED = "aborted";

    @Override
    public void beforeEach(ExtensionContext context) {
        for (var c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            Object aborted = c.get().getStore(PeerFields.NAMESPACE).get(ABORTED);
            if (aborted instanceof TestAbortedException e) throw new TestAbortedException(e.getMessage(), e);
        }
        boolean everyPython = context.getTestMethod().map(m -> m.isAnnotationPresent(EveryPython.class)).orElse(false);
        if (!everyPython) {  // else EveryPythonExtension starts them
            PeerFields.startForInstances(context, null);
            ExtraPeers.startForInstances(context, null);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        List<PythonPeerProcess> peers = PeerFields.visible(context);
        if (peers.isEmpty() || failure instanceof TestAbortedException) throw failure;
        StringBuilder message = new StringBuilder(String.valueOf(failure.getMessage()));
        for (PythonPeerProcess peer : peers) {
            String err = peer.stderr();
            message.append("\n--- python peer ").append(peer.describe()).append(peer.isAlive() ? " (running)" : " (exited)")
                    .append(", stderr").append(err.isEmpty() ? ": (empty)" : ":\n" + err.stripTrailing());
        }
        throw new PythonPeerFailure(message.toString(), failure);
    }
}
