package org.mpbridge.testkit;

import static org.assertj.core.api.Assertions.assertThat;


/** Each invocation is named by its interpreter, in the IDE and (through surefire's phrased names) in JUnit XML. */
@PythonPeerTest
class EveryPythonNamingTest {
    @EveryPython
    void namedByVersion(PythonInterpreter python, org.junit.jupiter.api.TestInfo info) {
        assertThat(info.getDisplayName()).isEqualTo("[CPython " + python.version() + "]");
    }
}
