"""The runner with real processes: a failing cell is reported as failed with its transcript, a killed peer or a
hung one leaves nothing behind (processes, socket files, /dev/shm entries), and the command line's outputs."""
import json
import os
import platform
import sys
import textwrap
import time
import xml.etree.ElementTree as ET

import pytest

from mpbridge.interpreters import Interpreter
from mpbridge.runner import cli, execute, model, plan, report

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PYTHON = Interpreter(sys.executable, platform.python_version())

WRONG_COUNT = """
version: 1
id: wrong-count
title: the producer sends 3 items, the scenario expects 4
transport: pipe
timeout: 30
pairs: [python->python]
roles:
  producer:
    side: first
    python: [python, -m, mpbridge.scenarios.pipe_baozi, producer, --count, "3", --delay, "0", --, "{child}"]
    java: [mpbridge, role, pipe-baozi-producer, --count, "3", --delay, "0", --, "{child}"]
    child: consumer
  consumer:
    side: second
    python: [python, -m, mpbridge.scenarios.pipe_baozi, consumer]
    java: [mpbridge, role, pipe-baozi-consumer]
steps: [[producer]]
expect:
  consumer:
    lines: [{repeat: "c1 收到包子:{i}", i: [0, 4]}]
"""

# The server leaves every kind of trace (a /dev/shm entry, a socket file, a grandchild that never ends);
# the second side kills it with SIGKILL, as a crashing peer would die.
SERVER = textwrap.dedent("""
    import os, signal, socket, subprocess, sys
    d, shm = sys.argv[1], sys.argv[2]
    open('/dev/shm/' + shm + '-seg', 'wb').write(b'x')
    s = socket.socket(socket.AF_UNIX)
    s.bind(os.path.join(d, 'peer.sock'))
    s.listen(1)
    g = subprocess.Popen([sys.executable, '-c', 'import signal; signal.pause()'])
    open(os.path.join(d, 'server.pid'), 'w').write(str(os.getpid()))
    sys.stderr.write('grandchild %d\\n' % g.pid)
    sys.stderr.flush()
    print('READY unix:' + os.path.join(d, 'peer.sock'), flush=True)
    signal.pause()
""")
KILLER = "import os, sys; os.kill(int(open(os.path.join(sys.argv[1], 'server.pid')).read()), 9)"

KILLED_PEER = """
version: 1
id: killed-peer
title: the second side kills the first side's server
transport: socket
timeout: 30
pairs: [python->python]
roles:
  server:
    side: first
    service: true
    python: [python, -c, %s, "{dir}", "{shm}"]
    java: [mpbridge, echo, --listen, "tcp:127.0.0.1:0"]
  killer:
    side: second
    python: [python, -c, %s, "{dir}"]
    java: [mpbridge, echo, --stdio]
steps: [[server], [killer]]
expect:
  killer: {lines: []}
""" % (json.dumps(SERVER), json.dumps(KILLER))

HUNG = """
version: 1
id: hung-peer
title: a peer that never ends
transport: pipe
timeout: 2
pairs: [python->python]
roles:
  hang:
    side: first
    python: [python, -c, "import signal; print('started', flush=True); signal.pause()"]
    java: [mpbridge, echo, --stdio]
steps: [[hang]]
expect:
  hang: {lines: [started]}
"""


def scenario(tmp_path, text):
    directory = tmp_path / "scenarios"
    directory.mkdir(exist_ok=True)
    sc_id = model.parse.__module__ and text.split("\nid: ")[1].split("\n")[0]
    (directory / (sc_id + ".yaml")).write_text(text, encoding="utf-8")
    return model.load(str(directory / (sc_id + ".yaml")))


def settings():
    return execute.Settings(repo=REPO, cli=os.path.join(REPO, "bin", "mpbridge"))


def run(tmp_path, text):
    sc = scenario(tmp_path, text)
    return execute.run_cell(plan.Cell(sc, "python->python", PYTHON, PYTHON.version), settings())


def alive(pid):
    """A process that exists and is not a zombie (a container's PID 1 may be slow to reap)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_a_failing_cell_is_reported_failed_with_its_transcript(tmp_path):
    outcome = run(tmp_path, WRONG_COUNT)
    assert outcome.status == "fail"
    assert outcome.reason == "consumer: 1 lines missing after #3: ['c1 收到包子:3']"
    lines = [(role, text) for _, role, stream, text in outcome.transcript if stream == "out"]
    assert ("consumer", "c1 收到包子:2") in lines and ("producer", "进程间通信-管道-主进程") in lines

    report.write_all(str(tmp_path / "report"), [outcome])
    junit = ET.parse(str(tmp_path / "report" / "junit" / ("TEST-%s.xml" % report.safe_name(outcome.cell))))
    failure = junit.find("testcase/failure")
    assert failure is not None and "1 lines missing" in failure.get("message")
    assert "c1 收到包子:2" in junit.find("testcase/system-out").text
    page = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "message transcript" in page and "c1 收到包子:2" in page and "consumer stderr" in page
    doc = json.loads((tmp_path / "report" / "matrix.json").read_text())
    assert doc == {"run": {}, "pythons": [PYTHON.version], "cells": [{
        "scenario": "wrong-count", "pair": "python->python", "python": PYTHON.version, "runtime": "local", "status": "fail",
        "seconds": outcome.seconds, "reason": outcome.reason, "transcript": report.cell_path(outcome)}]}


def test_a_killed_peer_fails_the_cell_and_leaves_nothing_behind(tmp_path):
    outcome = run(tmp_path, KILLED_PEER)
    assert outcome.status == "fail"
    assert "service server (python) exited -9" in outcome.reason
    grandchild = int(outcome.stderr["server"].split("grandchild ")[1].split()[0])
    assert not alive(grandchild), "the server's child outlived the cell"
    assert all(not alive(pgid) for pgid in outcome.pgids)
    assert not os.path.exists(outcome.tmpdir), "the cell's directory (and its socket file) was not removed"
    assert [name for name in outcome.swept if name.endswith("-seg")], outcome.swept
    assert not [n for n in os.listdir("/dev/shm") if any(n == s for s in outcome.swept)]


def test_a_hung_peer_is_killed_at_the_hard_timeout(tmp_path):
    outcome = run(tmp_path, HUNG)
    assert outcome.status == "fail"
    assert outcome.reason == "timeout after 2s; still running: hang (python)"
    assert 2 <= outcome.seconds < 10
    assert [text for _, _, stream, text in outcome.transcript if stream == "out"] == ["started"]
    assert all(not alive(pgid) for pgid in outcome.pgids)


def test_command_line_exit_status_and_matrix_json(tmp_path, capsys):
    scenario(tmp_path, WRONG_COUNT)
    scenario(tmp_path, WRONG_COUNT.replace("id: wrong-count", "id: right-count").replace("i: [0, 4]", "i: [0, 3]"))
    args = ["--scenarios", str(tmp_path / "scenarios"), "--report", str(tmp_path / "out"), "--progress", "lines",
            "--python", PYTHON.version]
    assert cli.main(args) == cli.EXIT_FAILED
    out = capsys.readouterr()
    assert "right-count  python->python  ok" in out.out and "wrong-count  python->python  FAIL" in out.out
    assert "report: %s" % (tmp_path / "out" / "index.html") in out.out
    assert "PASS right-count/python->python/%s" % PYTHON.version in out.err
    doc = json.loads((tmp_path / "out" / "matrix.json").read_text())
    assert set(doc) == {"run", "pythons", "cells"}
    assert {"started", "finished", "seconds", "commit", "host", "mpbridge_version", "command", "discovery"} <= set(doc["run"])
    assert all(set(c) == {"scenario", "pair", "python", "runtime", "status", "seconds", "reason", "transcript"} for c in doc["cells"])
    assert {c["scenario"]: c["status"] for c in doc["cells"]} == {"right-count": "pass", "wrong-count": "fail"}
    assert len(os.listdir(tmp_path / "out" / "junit")) == 2
    assert cli.main(args + ["--scenario", "right-count"]) == cli.EXIT_OK
    (tmp_path / "scenarios" / "right-count.yaml").write_text("version: 1\nid: right-count\ncolour: red\n")
    assert cli.main(args) == cli.EXIT_USAGE
    assert "unknown key 'colour'" in capsys.readouterr().err


LEAKY = """
version: 1
id: leaky
title: the conversation works, but a /dev/shm entry outlives the cleanup roles
transport: shared-memory
timeout: 30
pairs: [python->python]
roles:
  writer:
    side: first
    python: [python, -c, "import sys; open('/dev/shm/' + sys.argv[1], 'wb').write(b'x'); print('wrote')", "{shm}"]
    java: [mpbridge, shm, create, "{shm}", "8"]
steps: [[writer]]
expect:
  writer: {lines: [wrote]}
"""


def test_a_cell_that_leaves_dev_shm_entries_fails_and_they_are_removed(tmp_path):
    outcome = run(tmp_path, LEAKY)
    assert outcome.status == "fail"
    assert outcome.reason.startswith("left in /dev/shm after the cleanup roles"), outcome.reason
    assert outcome.swept and not [n for n in os.listdir("/dev/shm") if n in outcome.swept]


# A grandchild that leaves the process group (setsid), ignores SIGTERM and keeps the role's stdout open.
ESCAPER = textwrap.dedent("""
    import os, signal, subprocess, sys
    code = "import os, signal; os.setsid(); signal.signal(signal.SIGTERM, signal.SIG_IGN); signal.pause()"
    g = subprocess.Popen([sys.executable, '-c', code])
    sys.stderr.write('grandchild %d\\n' % g.pid)
    sys.stderr.flush()
    print('started', flush=True)
    signal.pause()
""")

ESCAPED = """
version: 1
id: escaped
title: a grandchild in a session of its own, deaf to SIGTERM, holding the pipe
transport: pipe
timeout: 3
pairs: [python->python]
roles:
  parent:
    side: first
    python: [python, -c, %s]
    java: [mpbridge, echo, --stdio]
steps: [[parent]]
expect:
  parent: {lines: [started]}
""" % json.dumps(ESCAPER)


def test_the_hard_timeout_holds_against_a_descendant_that_left_the_process_group(tmp_path):
    outcome = run(tmp_path, ESCAPED)
    assert outcome.status == "fail" and outcome.reason.startswith("timeout after 3s"), outcome.reason
    assert outcome.seconds < 20, "the teardown waited on a pipe the escaped grandchild held"
    grandchild = int(outcome.stderr["parent"].split("grandchild ")[1].split()[0])
    for _ in range(100):
        if not alive(grandchild):
            break
        time.sleep(0.05)  # SIGKILL was sent; the kernel may take a moment to reap an orphan
    assert not alive(grandchild), "the escaped grandchild outlived the cell"
