"""A throwaway Maven project outside the repository, offline, depending only on the installed mpbridge artifacts
(through the BOM): a JUnit 5 test gets a live Python peer from the testkit (its helpers come out of the jar, no
checkout), an @EveryPython test is named by version in the JUnit XML, and a small program of the project talks to
an unmodified CPython Listener with an authkey."""
import glob
import hashlib
import os
import re
import textwrap
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, outside_env, run, version

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>uses-mpbridge</artifactId>
  <version>1.0</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.mpbridge</groupId><artifactId>mpbridge-bom</artifactId><version>{version}</version>
        <type>pom</type><scope>import</scope>
      </dependency>
      <dependency>
        <groupId>org.junit</groupId><artifactId>junit-bom</artifactId><version>5.14.4</version>
        <type>pom</type><scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency><groupId>org.mpbridge</groupId><artifactId>mpbridge-core</artifactId></dependency>
    <dependency><groupId>org.mpbridge</groupId><artifactId>mpbridge-testkit</artifactId><scope>test</scope></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version>
        <configuration>
          <statelessTestsetReporter implementation="org.apache.maven.plugin.surefire.extensions.junit5.JUnit5Xml30StatelessReporter">
            <usePhrasedTestCaseMethodName>true</usePhrasedTestCaseMethodName>
          </statelessTestsetReporter>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
"""

PROGRAM = """
package com.example;

import java.util.List;
import org.mpbridge.connection.Address;
import org.mpbridge.connection.Client;
import org.mpbridge.connection.Connection;
import org.mpbridge.pickle.PyTuple;

/** java -cp ... com.example.Talk tcp:HOST:PORT: logs in to a Python Listener (key in $APP_KEY), prints the reply. */
public final class Talk {
    public static Object talk(String address, byte[] key) throws Exception {
        try (Connection c = Client.connect(Address.parse(address), key)) {
            c.send(List.of("login", PyTuple.of("Dave", "123")));
            return c.recv();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println(talk(args[0], System.getenv("APP_KEY").getBytes()));
    }
}
"""

LISTENER = '''
"""An unmodified CPython program: a multiprocessing Listener with an authkey (nothing of mpbridge imported)."""
import os
from multiprocessing.connection import Listener

with Listener(("127.0.0.1", 0), authkey=os.environ["APP_KEY"].encode()) as listener:
    print("READY tcp:127.0.0.1:%d" % listener.address[1], flush=True)
    with listener.accept() as conn:
        kind, (user, password) = conn.recv()
        conn.send({"ok": kind == "login" and user == "Dave", "user": user})
'''

TEST = """
package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpbridge.connection.Connection;
import org.mpbridge.testkit.EveryPython;
import org.mpbridge.testkit.PythonInterpreter;
import org.mpbridge.testkit.PythonPeer;
import org.mpbridge.testkit.PythonPeerProcess;
import org.mpbridge.testkit.PythonPeerTest;
import org.mpbridge.testkit.Transport;

@PythonPeerTest
class WithPythonTest {
    @PythonPeer({"-m", "mpbridge.peers.echo_listener", "{listen}", "--pickle"})
    PythonPeerProcess echo;

    @PythonPeer(value = {"{project}/src/test/python/listener.py"}, authkeyEnv = "APP_KEY")
    PythonPeerProcess app;

    @PythonPeer(value = {"-m", "mpbridge.peers.stdio_echo"}, transport = Transport.STDIO)
    PythonPeerProcess pipe;

    @Test
    void echoes() throws Exception {
        try (Connection c = echo.connect()) {
            c.send(List.of("hello", 42));
            assertEquals(List.of("hello", 42), c.recv());
        }
    }

    @Test
    void ourProgramTalksToAnUnmodifiedListener() throws Exception {
        Object reply = Talk.talk(app.address().toString(), app.authkey());
        assertEquals(Map.of("ok", true, "user", "Dave"), reply);
    }

    @EveryPython
    void overAPipe(PythonInterpreter python) throws Exception {
        assertEquals(python, pipe.interpreter());
        pipe.connection().send("ping " + python.version());
        assertEquals("ping " + python.version(), pipe.connection().recv());
    }
}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text).lstrip())


def installed_is_this_build():
    """The local repository must hold the jars `make install` just built (another `mvn install` of the same SNAPSHOT,
    e.g. from a second checkout on this machine, would otherwise be tested in their place)."""
    repo = os.environ.get("MPBRIDGE_M2") or os.path.join(os.path.expanduser("~"), ".m2", "repository")
    for module in ("core", "testkit"):
        name = "mpbridge-%s-%s.jar" % (module, version())
        built = os.path.join(REPO, "java-side", module, "target", name)
        installed = os.path.join(repo, "org", "mpbridge", "mpbridge-" + module, version(), name)
        with open(built, "rb") as a, open(installed, "rb") as b:
            if hashlib.sha256(a.read()).digest() != hashlib.sha256(b.read()).digest():
                pytest.fail("%s is not the jar this checkout built (%s): another `mvn install` of %s ran since "
                            "`make install`; run `make test-outside` again" % (installed, built, version()))


def test_a_maven_project_of_its_own_gets_a_live_python_peer(tmp_path, one_cpython_on_path):
    installed_is_this_build()
    python, path = one_cpython_on_path
    project = tmp_path / "uses-mpbridge"
    write(str(project / "pom.xml"), POM.replace("{version}", version()))
    write(str(project / "src/main/java/com/example/Talk.java"), PROGRAM)
    write(str(project / "src/test/python/listener.py"), LISTENER)
    write(str(project / "src/test/java/com/example/WithPythonTest.java"), TEST)
    env = outside_env(tmp_path, PATH=path, PYENV_ROOT=str(tmp_path / "no-pyenv"))
    out = run(["mvn", "-o", "-B", "-ntp", "-Dstyle.color=never", "test"], timeout=600, cwd=str(project), env=env)
    log = re.sub(r"\x1b\[[0-9;]*m", "", out.stdout + out.stderr)
    assert out.returncode == 0, log[-6000:]
    counts = re.findall(r"^\[INFO\] Tests run: (\d+), Failures: 0, Errors: 0, Skipped: 0$", log, re.M)
    assert counts and int(counts[-1]) >= 3, log[-3000:]  # 2 tests + @EveryPython once per CPython found
    # the helpers came out of the jar into the fresh cache, not from a checkout
    extracted = glob.glob(str(tmp_path / "cache" / "testkit-python" / (version() + "-*") / "mpbridge" / "peers" / "echo_listener.py"))
    assert len(extracted) == 1, os.listdir(str(tmp_path / "cache"))
    # @EveryPython is named by the interpreter's version in the JUnit XML
    names = []
    for report in glob.glob(str(project / "target" / "surefire-reports" / "TEST-*.xml")):
        names += [case.get("name") for case in ET.parse(report).getroot().iter("testcase")]
    assert any(n.endswith("[CPython %s]" % python.version) for n in names), names
