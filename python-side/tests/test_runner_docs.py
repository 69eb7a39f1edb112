"""The README's "Add a scenario" example, run as written: its YAML, its Python script and its Java class
(compiled here against the CLI jar), in all four pairs."""
import json
import os
import re
import shutil
import subprocess

import pytest

from mpbridge import interpreters
from mpbridge.runner import cli, model

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOC = os.path.join(REPO, "README.md")  # its "Add a scenario" section


def blocks():
    text = open(DOC, encoding="utf-8").read()
    return dict(re.findall(r"```\w+ file=(\S+)\n(.*?)```", text, flags=re.S))


def test_the_example_is_short():
    """The issue's promise: a scenario (its YAML and its Python script) in under 20 lines."""
    b = blocks()
    assert len(b["hello-echo.yaml"].strip().splitlines()) + len(b["hello_client.py"].strip().splitlines()) < 20


@pytest.mark.interop
def test_the_documented_scenario_passes_in_every_pair(tmp_path, capsys):
    javac = shutil.which("javac")
    if not javac:
        pytest.skip("no javac on PATH to compile the example's Java role")
    found, _ = interpreters.discover()
    if not found:
        pytest.skip("no CPython 3.8-3.13 found")
    here = tmp_path / "scenarios"
    here.mkdir()
    for name, text in blocks().items():
        (here / name).write_text(text, encoding="utf-8")
    jar = os.path.join(REPO, "java-side", "cli", "target", "mpbridge.jar")
    subprocess.run([javac, "-cp", jar, "-d", str(here / "classes"), str(here / "HelloClient.java")], check=True)
    (here / "HelloClient.java").unlink()
    assert model.load(str(here / "hello-echo.yaml")).id == "hello-echo"
    code = cli.main(["--scenarios", str(here), "--report", str(tmp_path / "report"), "--progress", "none",
                     "--python", found[-1].version])
    doc = json.loads((tmp_path / "report" / "matrix.json").read_text())
    assert code == cli.EXIT_OK, (doc, capsys.readouterr().out)
    assert sorted((c["pair"], c["status"]) for c in doc["cells"]) == [
        ("java->java", "pass"), ("java->python", "pass"), ("python->java", "pass"), ("python->python", "pass")]
