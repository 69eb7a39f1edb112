"""Cells, filters, skip reasons and shards (no processes: a stand-in for what bin/mpbridge can do)."""
import os

import pytest
import yaml

from mpbridge.interpreters import Interpreter
from mpbridge.runner import model, plan

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PYTHONS = [Interpreter("/py/3.8", "3.8.18"), Interpreter("/py/3.12", "3.12.1"), Interpreter("/py/3.13", "3.13.0")]
PY27 = Interpreter("/py/2.7", "2.7.18")
ALL_ROLES = {"pipe-baozi-producer", "pipe-baozi-consumer", "pipe-login-app1", "pipe-login-app2", "socket-echo-server",
             "socket-echo-client", "mmap-writer", "mmap-reader", "fifo-producer", "fifo-consumer",
             "manager-counter-workers", "manager-dict-workers", "semaphore-tasks", "py4j-calls-server", "py4j-calls-client",
             "ring-baozi-server", "ring-baozi-client"}


class FakeJava(plan.JavaPeer):
    def __init__(self, commands=("role",), roles=ALL_ROLES, broken=None):
        plan.JavaPeer.__init__(self, "/fake/mpbridge")
        self.commands, self.role_names, self.why = set(commands), set(roles), broken

    def broken(self):
        return self.why

    def has_command(self, name):
        return name in self.commands

    def roles(self):
        return self.role_names


@pytest.fixture(scope="module")
def scenarios():
    return model.load_all(os.path.join(REPO, "scenarios"))


def build(scenarios, java=None, legacy=None, **filters):
    return plan.build(scenarios, PYTHONS, {"2.7": PY27} if legacy is None else legacy, java or FakeJava(), **filters)


def test_every_scenario_times_every_pair_and_python_plus_one_java_java_cell(scenarios):
    cells = build(scenarios, FakeJava(commands=("role", "manager", "queue", "shm", "sem", "counter")))
    with_jj = [s for s in scenarios if "java->java" in s.pairs]  # py4j-calls has no java->java pair (a JVM and a CPython)
    python_pairs = sum(len([p for p in s.pairs if p != "java->java"]) for s in scenarios)
    assert len(cells) == python_pairs * len(PYTHONS) + len(with_jj) + 3  # + socket-echo's three 2.7 cells
    assert len({c.id for c in cells}) == len(cells)
    jj = [c for c in cells if c.pair == "java->java"]
    assert len(jj) == len(with_jj) and all(c.python_label is None for c in jj)
    assert sorted(c.id for c in cells if c.legacy) == [
        "socket-echo/java->python/2.7.18", "socket-echo/python->java/2.7.18", "socket-echo/python->python/2.7.18"]
    assert not [c for c in cells if c.skip and c.skip_kind != plan.DECLARED]


def test_filters(scenarios):
    cells = build(scenarios, scenario_ids=["pipe-login"], pairs=["python->java", "java->java"], pythons=["3.12"])
    assert [c.id for c in cells] == ["pipe-login/python->java/3.12.1", "pipe-login/java->java/-"]
    with pytest.raises(ValueError, match="no scenario with id nope"):
        build(scenarios, scenario_ids=["nope"])
    with pytest.raises(ValueError, match="unknown pair"):
        build(scenarios, pairs=["python->rust"])


def test_missing_java_command_is_a_capability_skip_naming_the_command(scenarios):
    cells = build(scenarios, scenario_ids=["semaphore-3-of-10"], pythons=["3.12"])
    by_pair = {c.pair: c for c in cells}
    assert by_pair["python->python"].skip is None  # the reference needs no Java
    for pair in ("java->python", "python->java", "java->java"):
        assert by_pair[pair].skip_kind == plan.CAPABILITY
        assert "java role unavailable: mpbridge has no 'sem' command" in by_pair[pair].skip


def test_missing_builtin_role_and_broken_cli(scenarios):
    cells = build(scenarios, FakeJava(roles=ALL_ROLES - {"pipe-login-app2"}), scenario_ids=["pipe-login"], pythons=["3.13"])
    assert {c.pair: c.skip for c in cells}["java->java"] == \
        "java role unavailable: mpbridge role has no 'pipe-login-app2' (role app2)"
    cells = build(scenarios, FakeJava(broken="/x/mpbridge not found"), scenario_ids=["pipe-login"], pythons=["3.13"])
    assert {c.pair: c.skip for c in cells}["python->java"] == "java peer unavailable: /x/mpbridge not found"


def test_absent_legacy_python_is_an_environment_skip_and_declared_limits_stay_skips(scenarios):
    cells = build(scenarios, legacy={"2.7": None}, scenario_ids=["socket-echo"], pythons=["2.7"])
    assert [(c.pair, c.python_label, c.skip_kind) for c in cells] == [
        ("java->python", "2.7", plan.ENVIRONMENT), ("python->java", "2.7", plan.ENVIRONMENT),
        ("python->python", "2.7", plan.ENVIRONMENT), ("java->java", None, None)]
    assert "Python 2.7 not found" in cells[0].skip
    path = os.path.join(REPO, "scenarios", "array-shared.yaml")
    with open(path) as f:
        data = yaml.safe_load(f)
    data["skip"] = [{"pairs": ["java->python"], "python": "3.8", "reason": "a limit"}]  # a documented limit
    with_limit = model.parse(data, path)
    java = FakeJava(commands=("role", "shm", "sem", "counter"))
    cells = build([with_limit], java, scenario_ids=["array-shared"])
    assert [c.id for c in cells if c.skip] == ["array-shared/java->python/3.8.18"]
    assert cells[0].skip_kind == plan.DECLARED and cells[0].skip == "a limit"


def test_java_needs_finds_subcommands_in_argv_and_shell_text():
    assert plan.java_needs(["mpbridge", "role", "pipe-baozi-producer", "--count", "3"]) == [("role", "pipe-baozi-producer")]
    assert plan.java_needs(["sh", "-c", "mpbridge shm list-create x '[1]' && mpbridge sem create /x 1"]) == [
        ("shm", None), ("sem", None)]
    assert plan.java_needs(["bash", "tasks.sh"], ("sem",)) == [("sem", None)]


def test_shards_partition_the_cells_deterministically(scenarios):
    cells = build(scenarios)
    ids = [c.id for c in cells]
    for n in (1, 2, 3, 7):
        shards = [[c.id for c in plan.shard(cells, k, n)] for k in range(1, n + 1)]
        assert sorted(sum(shards, [])) == sorted(ids)                # every cell in exactly one shard
        assert [[c.id for c in plan.shard(cells, k, n)] for k in range(1, n + 1)] == shards  # the same every time
    # a cell's shard does not depend on the other cells (machines of a CI matrix may find other interpreters)
    fewer = build(scenarios, pythons=["3.12"])
    for k in (1, 2, 3):
        assert {c.id for c in plan.shard(fewer, k, 3)} <= {c.id for c in plan.shard(cells, k, 3)}
    assert max(len(plan.shard(cells, k, 4)) for k in range(1, 5)) < len(cells) / 2


@pytest.mark.parametrize("text", ["0/3", "4/3", "x", "1/0", "2"])
def test_bad_shard_specs(text):
    with pytest.raises(ValueError):
        plan.parse_shard(text)


def test_a_python_filter_that_matches_nothing_is_a_usage_error(scenarios):
    with pytest.raises(ValueError, match=r"--python 3.14 matches no interpreter found \(found: 3.8.18, 3.12.1, 3.13.0\)"):
        build(scenarios, pythons=["3.14"])
    assert build(scenarios, pythons=["2.7"])  # the legacy version the scenarios name is a known one
