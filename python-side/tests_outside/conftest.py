"""Tests that act as an outside user of mpbridge: nothing from this checkout but what `make install` put in the
local Maven repository and the wheel `make dist` built (MPBRIDGE_WHEEL). Run by `make test-outside`."""
import os
import shutil
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# What the developer environment sets and an outside user does not have
DEVELOPER_ONLY = ("MPBRIDGE_REPO", "MPBRIDGE_CLI", "MPBRIDGE_PYTHON", "MPBRIDGE_JAR", "PYTHONPATH", "VIRTUAL_ENV")


def outside_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in DEVELOPER_ONLY}
    env["MPBRIDGE_CACHE"] = str(tmp_path / "cache")   # a fresh cache: the extraction is part of what is proven
    env.update(extra)
    return env


def version():
    with open(os.path.join(REPO, "pom.xml"), encoding="utf-8") as f:
        text = f.read()
    return text.split("<artifactId>mpbridge-parent</artifactId>", 1)[1].split("<version>", 1)[1].split("</version>", 1)[0]


def run(argv, timeout, **kwargs):
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kwargs)
    return out


@pytest.fixture
def one_cpython_on_path(tmp_path):
    """A PATH with one CPython 3.8-3.13 (as python3.X) and the system's tools, and no pyenv: what a user's machine
    with one Python installed looks like."""
    from mpbridge import interpreters
    found, _ = interpreters.discover()
    if not found:
        pytest.fail("no CPython 3.8-3.13 found for the outside-user tests")
    python = found[-1]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    minor = ".".join(python.version.split(".")[:2])
    os.symlink(python.path, str(bin_dir / ("python" + minor)))
    java = shutil.which("java")
    mvn = shutil.which("mvn")
    dirs = [str(bin_dir)] + sorted({os.path.dirname(os.path.realpath(p)) for p in (java, mvn) if p}) + ["/usr/bin", "/bin"]
    return python, os.pathsep.join(dirs)
