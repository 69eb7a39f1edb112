"""Scenario files: the shipped ones parse, and the schema is strict (unknown keys and names are errors)."""
import os

import pytest
import yaml

from mpbridge.runner import model

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SEED_IDS = ["array-shared", "fifo-named-pipe", "manager-counter", "manager-dict", "mmap-msg", "pipe-baozi",
            "pipe-login", "queue-baozi", "queue-bounded", "semaphore-3-of-10", "socket-echo", "value-balance"]
# the seeds as written with one process in Java (mpbridge.JavaProcess): python->java beside the seed itself
DROPIN_IDS = ["array-shared-dropin", "pipe-baozi-dropin", "queue-baozi-dropin", "semaphore-3-of-10-dropin",
              "value-balance-dropin", "pipe-login-dropin", "queue-bounded-dropin", "queue-put-get-dropin",
              "pipe-send-recv-dropin", "queue-write-read-dropin"]
JAVA_PARENT_DROPIN_IDS = ["manager-counter-dropin", "manager-dict-dropin"]  # java->python too: a Java parent

MINIMAL = """
version: 1
id: tiny
title: a tiny scenario
transport: pipe
timeout: 10
params: {count: 3}
roles:
  sender:
    side: first
    python: [python, -m, mpbridge.scenarios.pipe_baozi, producer, --count, "{count}", --delay, "0", --, "{child}"]
    java: [mpbridge, role, pipe-baozi-producer, --count, "{count}", --delay, "0", --, "{child}"]
    child: receiver
  receiver:
    side: second
    python: [python, -m, mpbridge.scenarios.pipe_baozi, consumer]
    java: [mpbridge, role, pipe-baozi-consumer]
steps: [[sender]]
expect:
  receiver:
    lines: [{repeat: "c1 收到包子:{i}", i: [0, "{count}"]}]
"""


def parse(text, name="tiny.yaml"):
    return model.parse(yaml.safe_load(text), name)


def mutate(edit):
    data = yaml.safe_load(MINIMAL)
    edit(data)
    return data


def test_every_seed_is_a_scenario_with_its_exact_id():
    scenarios = model.load_all(os.path.join(REPO, "scenarios"))
    # the seeds, their drop-ins (issue 11) and the scenarios beyond the seeds: calls both ways (issue 10), the ring (12)
    assert sorted(s.id for s in scenarios) == sorted(SEED_IDS + DROPIN_IDS + JAVA_PARENT_DROPIN_IDS
                                                     + ["py4j-calls", "ring-baozi"])
    for s in scenarios:
        assert s.version == model.SCHEMA_VERSION
        if s.id in DROPIN_IDS:
            assert set(s.pairs) == {"python->java", "python->python"} and s.reference, s.id
        elif s.id in JAVA_PARENT_DROPIN_IDS:
            assert set(s.pairs) == {"python->java", "java->python", "python->python"} and s.reference, s.id
        elif s.id == "py4j-calls":
            assert set(s.pairs) == set(model.PAIRS) - {"java->java"}, s.id
        else:
            assert set(s.pairs) == set(model.PAIRS), s.id
        assert s.notes, "%s: document how the seed maps across languages" % s.id


def test_socket_echo_includes_the_seeds_python27_client():
    sc = model.load(os.path.join(REPO, "scenarios", "socket-echo.yaml"))
    assert sc.legacy_pythons == ("2.7",)
    assert any("socket_echo_client_py2.py" in a for a in sc.roles["client"].python27)


def test_minimal_scenario_parses_and_expands():
    sc = parse(MINIMAL)
    assert sc.roles["sender"].child == "receiver"
    lines = model.expand(list(sc.expect["receiver"].lines), dict(sc.params), "t")
    assert lines == ["c1 收到包子:0", "c1 收到包子:1", "c1 收到包子:2"]
    assert model.expand([{"repeat": "{i}", "i": (3, 0, -1), "json": True}], {}) == [3, 2, 1]


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.update(colour="red"), "unknown key 'colour'"),
    (lambda d: d["roles"]["sender"].update(sidee="first"), "tiny.yaml.roles.sender: unknown key 'sidee'"),
    (lambda d: d["expect"]["receiver"].update(line=["x"]), "tiny.yaml.expect.receiver: unknown key 'line'"),
    (lambda d: d["expect"].update(nobody={"lines": []}), "tiny.yaml.expect: unknown key 'nobody'"),
    (lambda d: d.update(skip=[{"python": "3.8", "reason": "r", "why": "x"}]), "unknown key 'why'"),
    (lambda d: d.update(version=2), "schema version 2 is not supported"),
    (lambda d: d.update(id="other"), "must match the file name"),
    (lambda d: d.pop("timeout"), "missing key 'timeout'"),
    (lambda d: d.update(pairs=["java->rust"]), "unknown pair 'java->rust'"),
    (lambda d: d.update(transport="carrier-pigeon"), "transport: expected one of"),
    (lambda d: d["roles"]["sender"].update(side="middle"), "expected one of first, second, harness"),
    (lambda d: d["roles"]["sender"].pop("java"), "missing key 'java'"),
    (lambda d: d["roles"]["sender"].pop("child"), "'{child}' must appear exactly when 'child' is given"),
    (lambda d: d.update(steps=[["sender"], ["nobody"]]), "no role named 'nobody'"),
    (lambda d: d.update(steps=[["sender", "receiver"]]), "is started by its parent"),
    (lambda d: d["roles"].update(extra={"side": "first", "python": ["python"], "java": ["mpbridge"]}), "roles never started: extra"),
    (lambda d: d["roles"]["receiver"].update(python=["python", "{nope}"]), "unknown placeholder {nope}"),
    (lambda d: d["expect"]["receiver"].update(values=[1]), "give 'lines' or 'values', not both"),
    (lambda d: d.update(reference={"python": ["python"]}, pairs=["java->python"]), "list that pair"),
])
def test_schema_errors_name_the_file_and_the_key(edit, message):
    with pytest.raises(model.ScenarioError) as e:
        model.parse(mutate(edit), "tiny.yaml")
    assert message in str(e.value)


def test_not_yaml_is_a_scenario_error(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("version: [1\n")
    with pytest.raises(model.ScenarioError, match="broken.yaml: not valid YAML"):
        model.load(str(path))
