"""The pytest side of the test kit: fixtures that give a Python test a running Java peer, and strict mode."""
import pytest

pytest_plugins = ["pytester"]


def test_java_peer_with_a_fresh_authkey(java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0", "--authkey-env", "MPB_KEY"], authkey_env="MPB_KEY")
    assert len(peer.authkey) == 32
    with peer.connect() as conn:
        conn.send(("Dave", "123"))
        assert conn.recv() == ("Dave", "123")


def test_java_child_on_a_pipe_plays_a_scenario_role(java_child):
    conn = java_child(["role", "pipe-login-app2"])
    conn.send("app1 请求登陆")
    assert conn.recv() == ("Dave", "123")


STRICT_SAMPLE = """
import pytest
from mpbridge.pytest_plugin import skip_optional

def test_missing_capability():
    pytest.skip("java role unavailable")

def test_missing_optional_interpreter():
    skip_optional("Python 2.7 not found")

def test_failing_with_a_java_peer(java_peer):
    peer = java_peer(["echo", "--listen", "tcp:127.0.0.1:0"])
    assert peer.address is None
"""


def test_strict_mode_fails_skips_but_not_optional_ones(pytester, monkeypatch):
    monkeypatch.setenv("MPBRIDGE_STRICT", "1")
    pytester.makepyfile(STRICT_SAMPLE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(failed=2, skipped=1)
    result.stdout.fnmatch_lines(["*strict mode (MPBRIDGE_STRICT=1) turns this skip into a failure*java role unavailable*",
                                 "*java peer stderr: echo --listen tcp:127.0.0.1:0*",
                                 "*optional: Python 2.7 not found*"])
