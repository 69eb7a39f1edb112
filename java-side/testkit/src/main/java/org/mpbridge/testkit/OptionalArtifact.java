package org.mpbridge.testkit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The testkit's optional dependencies: {@code mpbridge-jep} ({@link InProcessPythonPeer}) and {@code mpbridge-py4j}
 * ({@link PythonGatewayPeer}) are {@code <optional>} in its POM, so a user who needs neither does not get Jep or
 * Py4J on the test classpath. A field that needs a missing one fails with a message naming the artifact.
 */
enum OptionalArtifact {
    JEP("org.mpbridge.jep.EmbeddedPython", "mpbridge-jep", "@InProcessPythonPeer"),
    PY4J("org.mpbridge.py4j.PythonGateway", "mpbridge-py4j", "@PythonGatewayPeer");

    final String className;
    final String artifactId;
    final String feature;

    OptionalArtifact(String className, String artifactId, String feature) {
        this.className = className;
        this.artifactId = artifactId;
        this.feature = feature;
    }

    /** Whether the artifact's classes are visible from the testkit's class loader. */
    boolean present() {
        try {
            Class.forName(className, false, OptionalArtifact.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Throws naming the missing artifact (and where {@code where} asked for it) unless it is present. */
    void require(String where) {
        if (!present()) {
            throw new ExtensionConfigurationException(feature + " field " + where + " needs org.mpbridge:" + artifactId
                    + " on the test classpath (" + className + " not found); the testkit declares it optional: add "
                    + "<dependency><groupId>org.mpbridge</groupId><artifactId>" + artifactId + "</artifactId><scope>test</scope></dependency>");
        }
    }
}
