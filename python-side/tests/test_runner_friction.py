"""What a new user hit, fixed: pinned interpreters, strict mode with no CPython, the run's facts in matrix.json,
pasteable commands, --last-failed, a short discovery log."""
import json
import os
import shlex
import subprocess
import sys

import pytest

from mpbridge import __version__, interpreters
from mpbridge.interpreters import Skipped
from mpbridge.runner import cli, report

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_runner(args, env=None, cwd=None, timeout=240):
    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "mpbridge.runner", "--progress", "none"] + list(args), env=full,
                          cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_mpbridge_pythons_replaces_discovery(monkeypatch):
    monkeypatch.setenv("MPBRIDGE_PYTHONS", sys.executable)
    found, skipped = interpreters.discover()
    assert [i.path for i in found] == [sys.executable]
    assert skipped == []  # pyenv and PATH were not searched at all


def test_pinned_to_nothing_usable_finds_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("MPBRIDGE_PYTHONS", str(tmp_path / "no-such-python"))
    found, skipped = interpreters.discover()
    assert found == [] and [s.path for s in skipped] == [str(tmp_path / "no-such-python")]


def test_strict_mode_fails_a_run_that_found_no_cpython(tmp_path):
    env = {"MPBRIDGE_PYTHONS": str(tmp_path / "no-such-python")}
    args = ["--scenario", "pipe-login", "--pair", "java->java", "--report", str(tmp_path / "report")]
    lenient = run_runner(args, env=dict(env, MPBRIDGE_STRICT="0"))
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    strict = run_runner(args, env=dict(env, MPBRIDGE_STRICT="1"))
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "strict mode: no CPython 3.8-3.13 was found" in strict.stderr


def test_the_discovery_log_is_summarised():
    skipped = [Skipped("/p/shims/python3.%d" % n, "a pyenv shim (...)") for n in range(8, 14)]
    skipped += [Skipped("/v/3.6/bin/python", "CPython 3.6.15 is outside 3.8-3.13"),
                Skipped("/v/2.7/bin/python", "CPython 2.7.18 is outside 3.8-3.13"),
                Skipped("/usr/bin/python3.11", "CPython 3.11.2: /v/3.11/bin/python already chosen for 3.11"),
                Skipped("/opt/broken/python3.9", "cannot run (exit 1): boom (from PATH)")]
    lines = cli.summarise_skipped(skipped)
    assert lines == ["passed over: outside 3.8-3.13: 2.7.18, 3.6.15; 1 duplicate of a chosen version; 6 pyenv shims on PATH (not run)",
                     "skipped /opt/broken/python3.9: cannot run (exit 1): boom (from PATH)"]


def test_commands_are_shell_pasteable():
    argv = ["/opt/my python/bin/python", "-m", "mpbridge.runner", "--pair", "java->python", "it's"]
    line = report.shell_command(argv)
    assert shlex.split(line) == argv
    assert "'java->python'" in line


def test_matrix_json_says_when_where_and_what_and_links_every_transcript(tmp_path):
    out = run_runner(["--scenario", "pipe-login", "--pair", "java->java", "--report", str(tmp_path)])
    assert out.returncode == 0, out.stdout + out.stderr
    doc = json.loads((tmp_path / "matrix.json").read_text())
    run = doc["run"]
    assert run["mpbridge_version"] == __version__ and run["host"] and run["started"] and run["finished"]
    assert run["commit"] and len(run["commit"].split("+")[0]) == 40
    assert "'java->java'" in run["command"]
    assert any(line.startswith("found ") for line in run["discovery"])
    cell = doc["cells"][0]
    assert cell["status"] == "pass" and (tmp_path / cell["transcript"]).is_file()
    transcript = (tmp_path / cell["transcript"]).read_text()
    export = [l for l in transcript.splitlines() if l.startswith("# every role ran with: export ")]
    assert export and "PYTHONPATH=" in export[0] and "MPBRIDGE_CLI=" in export[0]
    page = (tmp_path / "index.html").read_text()
    assert 'href="%s"' % cell["transcript"] in page and run["commit"] in page


def test_last_failed_reruns_only_the_failed_cells(tmp_path):
    (tmp_path / "matrix.json").write_text(json.dumps({"cells": [
        {"scenario": "pipe-login", "pair": "java->java", "python": None, "status": "fail"},
        {"scenario": "pipe-login", "pair": "python->python", "python": "3.12.1", "status": "pass"}]}))
    assert cli.last_failed(str(tmp_path)) == {"pipe-login/java->java/-"}
    assert cli.last_failed(str(tmp_path / "none")) is None
    out = run_runner(["--scenario", "pipe-login", "--last-failed", "--report", str(tmp_path)])
    assert out.returncode == 0, out.stdout + out.stderr
    assert "--last-failed: 1 cell that failed last time" in out.stdout
    cells = json.loads((tmp_path / "matrix.json").read_text())["cells"]
    assert [(c["pair"], c["status"]) for c in cells] == [("java->java", "pass")]
