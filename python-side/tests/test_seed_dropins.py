"""The seeds harness (python -m mpbridge.scenarios.seeds) for the drop-in scenarios of issue 11: deterministic draws
shared by CPython and Java (MPBRIDGE_SEED_RANDOM), its normalisations, and drop-ins whose exact output the scenario
matrix cannot check (the Value seed's balance is racy in the seed itself)."""
import os
import random
import subprocess
import sys

import pytest

from mpbridge.scenarios.seeds.__main__ import normalise

REPO = os.environ.get("MPBRIDGE_REPO") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SRC = os.path.join(REPO, "python-side", "src")
PACE = os.path.join(SRC, "mpbridge", "scenarios", "seeds", "pace")
JAR = os.path.join(REPO, "java-side", "cli", "target", "mpbridge.jar")


def seeds(interpreter, *args, env=(), timeout=150):
    if not os.path.isfile(os.environ.get("MPBRIDGE_JAR", JAR)):
        pytest.fail("the mpbridge jar is missing: run 'make build'")
    run_env = dict(os.environ, PYTHONPATH=SRC, **dict(env))
    out = subprocess.run([interpreter.path, "-m", "mpbridge.scenarios.seeds"] + list(args), capture_output=True,
                         timeout=timeout, env=run_env, cwd=REPO)
    return out.returncode, out.stdout.decode("utf-8").splitlines(), out.stderr.decode("utf-8", "replace")


def race_free_balance(seed):
    """seeds/value_balance.py without lost updates: each worker starts from random.seed(seed)."""
    r = random.Random(seed)
    man = sum(r.randint(1, 1000) for _ in range(30))
    r.seed(seed)
    girl = sum(r.randint(100, 800) for _ in range(30))
    return 5000 + man - girl


def test_normalise_sorts_a_printed_dict_and_masks_a_racy_number():
    assert normalise("{'b': 44, 'a': 22}", sort_dicts=True) == "{'a': 22, 'b': 44}"
    assert normalise("{'b': 44, 'a': 22}") == "{'b': 44, 'a': 22}"
    assert normalise("{not a dict}", sort_dicts=True) == "{not a dict}"
    assert normalise("{1: 'x', 'a': 2}", sort_dicts=True) == "{1: 'x', 'a': 2}"  # keys that do not compare: as is
    assert normalise("每月余额: -123", racy_number="每月余额:") == "每月余额: N"
    assert normalise("其他: 123", racy_number="每月余额:") == "其他: 123"
    assert normalise("\x1b[45m4242 吃 包子1\x1b[0m") == "PID 吃 包子1"
    assert normalise("17摇啊摇", leading_pid=False) == "17摇啊摇"
    assert normalise("Process to read: 4242", pid_after=("Process to write: ", "Process to read: ")) == \
        "Process to read: PID"


@pytest.mark.interop
def test_the_java_workers_of_the_value_seed_draw_cpythons_numbers(interpreter):
    """value_balance_dropin: ValueMan and ValueGirl draw from PyRandom seeded as random.seed(N) and update the seed's
    own Value under its lock; one JVM starts after the other, so no update is lost: the race-free balance, exactly."""
    for seed in (1, 20261202):
        code, lines, err = seeds(interpreter, "value_balance_dropin", env={"MPBRIDGE_SEED_RANDOM": str(seed)})
        assert code == 0, err[-3000:]
        assert lines == ["每月余额: %d" % race_free_balance(seed)], err[-3000:]
    assert race_free_balance(1) != race_free_balance(20261202)


@pytest.mark.interop
def test_seed_random_seeds_every_process_a_forked_child_too(interpreter, tmp_path):
    script = tmp_path / "draws.py"
    script.write_text("import multiprocessing as mp, random\n"
                      "def child():\n    print('child', random.randint(1, 10**9))\n"
                      "if __name__ == '__main__':\n"
                      "    mp.set_start_method('fork')\n"
                      "    print('parent', random.randint(1, 10**9))\n"
                      "    p = mp.Process(target=child); p.start(); p.join()\n")
    env = dict(os.environ, PYTHONPATH=PACE, MPBRIDGE_SEED_RANDOM="7")
    out = subprocess.run([interpreter.path, str(script)], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    first = random.Random(7).randint(1, 10**9)
    assert out.stdout.splitlines() == ["parent %d" % first, "child %d" % first]


@pytest.mark.interop
def test_a_bare_manager_does_not_hold_up_the_exit_of_a_javaprocess_parent(interpreter):
    """Seed 004 keeps `Manager()` unclosed: JavaProcess's exit join must leave the manager's server process to the
    manager's own finalizer (joining it first waited forever)."""
    code, lines, err = seeds(interpreter, "manager_dict_dropin", timeout=120)
    assert code == 0, err[-3000:]
    assert len(lines) == 1 and sorted(eval(lines[0]).items()) == [("Darr_en1", 22), ("Darr_en2", 44)], lines


@pytest.mark.interop
def test_java_parent_of_the_seeds_own_add_data(interpreter):
    """java->python: ManagerDictParent serves the dict from a Java ManagerServer; two CPython children run the seed's
    own add_data on its proxy."""
    code, lines, err = seeds(interpreter, "manager_dict", "--sort-dicts", "--java-parent",
                             "org.mpbridge.cli.seeds.ManagerDictParent", timeout=120)
    assert code == 0, err[-3000:]
    assert lines == ["{'Darr_en1': 22, 'Darr_en2': 44}"], err[-3000:]
