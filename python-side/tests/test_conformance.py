"""CPython's own test._test_multiprocessing against the Java side: the fast subset, on the virtualenv's CPython.

`make conformance` runs every class on every CPython 3.8-3.13, fork and spawn, beside the CPython baseline; this
keeps the fastest classes (docs/conformance.md) from regressing in `make test`.
"""
import importlib.util
import json
import os
import platform
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO, peer_env

pytestmark = pytest.mark.skipif(importlib.util.find_spec("test._test_multiprocessing") is None,
                                reason="this CPython has no test package (test._test_multiprocessing)")

FAST = ("WithManagerTestContainers", "WithManagerTestLock", "WithManagerTestEvent", "WithManagerTestMyManager",
        "WithManagerTestRemoteManager", "WithProcessesTestConnection", "WithProcessesTestPoll",
        "WithProcessesTestListenerClient")


def test_fast_classes_pass_against_the_java_side(tmp_path):
    out = tmp_path / "run.json"
    proc = subprocess.run([sys.executable, "-m", "mpbridge.conformance.run", "--target", "java", "--start-method", "fork",
                           "--classes", "fast", "--json", str(out)], env=peer_env(), capture_output=True, text=True,
                          timeout=900)
    assert out.exists(), proc.stderr[-4000:]
    result = json.loads(out.read_text())
    bad = [(t["class"], t["test"], t["detail"][-1500:]) for t in result["tests"] if t["outcome"] in ("failed", "errors")]
    assert not bad, bad
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert set(result["classes"]) == set(FAST)
    for name, counts in result["classes"].items():
        assert counts["passed"] > 0, (name, counts)
    # the fixes this suite found, by name: each must have run and passed
    outcome = {(t["class"], t["test"]): t["outcome"] for t in result["tests"]}
    for test in (("WithManagerTestContainers", "test_dict_proxy_nested"), ("WithManagerTestContainers", "test_list_proxy_in_list"),
                 ("WithManagerTestContainers", "test_dict_iter"), ("WithProcessesTestPoll", "test_boundaries"),
                 ("WithProcessesTestConnection", "test_connection"), ("WithManagerTestRemoteManager", "test_remote")):
        assert outcome.get(test) == "passed", (test, outcome.get(test))
    # a test that ran no Java process is counted "not applicable", never as a pass for the Java side
    na = result["classes"]["WithProcessesTestConnection"]["not_applicable_reasons"]
    assert any(reason.startswith("no second process") for reason in na), na


def test_matrix_writes_json_junit_and_html_for_both_targets(tmp_path):
    version = ".".join(platform.python_version_tuple()[:2])
    proc = subprocess.run([sys.executable, "-m", "mpbridge.conformance", "--python", version, "--start-methods", "spawn",
                           "--classes", "WithManagerTestEvent", "--report", str(tmp_path)],
                          env=peer_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "conformance: 4 passed, 0 failed" in proc.stdout, proc.stdout
    doc = json.loads((tmp_path / "conformance.json").read_text())
    assert {(r["target"], r["start_method"]) for r in doc["runs"]} == {("java", "spawn"), ("cpython", "spawn")}
    for r in doc["runs"]:
        assert r["finished"] and r["classes"]["WithManagerTestEvent"]["passed"] == 2, r
    row = doc["table"][0]
    assert row["java"]["passed"] == row["cpython"]["passed"] == 2
    suites = ET.parse(str(tmp_path / "conformance-junit.xml")).getroot().findall("testsuite")
    assert len(suites) == 2 and all(s.get("failures") == "0" and s.get("errors") == "0" for s in suites)
    assert "Java side" in (tmp_path / "conformance.html").read_text()
    assert os.path.isdir(tmp_path / "conformance-logs")


def test_manager_serve_raw_key_options_are_checked():
    """--authkey-env hex: keys and --serializer (what the harness passes) refuse bad values with exit 2 and one line."""
    cli = os.path.join(REPO, "bin", "mpbridge")
    cases = ((["--authkey-env", "MPB_CONF_KEY"], {"MPB_CONF_KEY": "hex:zz"}, "hexadecimal digits"),
             (["--authkey-env", "MPB_CONF_UNSET"], {}, "not set"),
             (["--serializer", "json"], {}, "pickle or xmlrpclib"),
             (["--register", "Foo=test:Nope"], {}, "TYPE must be"))
    for args, extra, message in cases:
        env = peer_env(extra)
        env.pop("MPB_CONF_UNSET", None)
        out = subprocess.run([cli, "manager", "serve"] + args, env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 2 and message in out.stderr, (args, out.returncode, out.stderr)
