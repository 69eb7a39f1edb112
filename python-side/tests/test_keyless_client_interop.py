"""A Java client without a key against an unmodified CPython Listener that authenticates: the Java side says that
the peer asked for authentication (exit 3), not that a pickle is malformed; the listener's accept fails."""
import subprocess

import pytest

from conftest import peer_env
from mpbridge.java import cli_path

pytestmark = pytest.mark.interop
KEY = {"MPB_KEY": "secret"}


def test_keyless_java_client_is_told_the_peer_asked_for_authentication(interpreter, python_peer):
    listener = python_peer(interpreter, "roundtrip_listener", ["tcp", "--authkey-env", "MPB_KEY"], env=KEY)
    java = subprocess.run([cli_path(), "echo", "--connect", listener.address_text], env=peer_env(),
                          capture_output=True, text=True, timeout=120)
    code, result, err = listener.finish()
    assert java.returncode == 3, java.stderr
    assert "the peer asked for authentication" in java.stderr and "pickle" not in java.stderr, java.stderr
    assert code != 0, (result, err)  # CPython's accept() fails: the client never answered its challenge
