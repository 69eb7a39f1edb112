"""The seed matrix inside ``make test``: every scenario in ``scenarios/``, every pair, on one CPython (the newest
found, or ``--python X.Y`` / ``MPBRIDGE_MATRIX_PYTHON``), plus the seeds' Python 2.7 cells. ``make run`` runs the
same cells on every interpreter.

The seeds' ``java->python`` and ``python->java`` cells also run with the Python side in the container of that
CPython (``--runtime container``, ``make images``): skipped when no Docker engine answers, a failure when
``MPBRIDGE_REQUIRE_DOCKER=1`` (CI). ``make run RUN_ARGS="--runtime container"`` runs them all.

All cells run up front, in parallel (the core count), and each is then one test here. A cell skipped because a
Java role is missing is a plain skip (a failure in strict mode: the product lacks it); one skipped because an
optional interpreter is not installed, or by a scenario's own documented limit, stays a skip in strict mode.
"""
import os

import pytest

from mpbridge import interpreters
from mpbridge.java import cli_path
from mpbridge.pytest_plugin import skip_optional
from mpbridge.runner import cli, execute, model, plan, report

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
_CELLS = {}
CONTAINER_PAIRS = ("java->python", "python->java")
# the first test also waits for every cell (each has its own hard timeout): more than pytest-timeout's default
pytestmark = pytest.mark.timeout(1200)


def cells(config):
    if "cells" not in _CELLS:
        scenarios = model.load_all(os.path.join(REPO, "scenarios"))
        found, _ = interpreters.discover()
        spec = config.getoption("mpbridge_python") or os.environ.get("MPBRIDGE_MATRIX_PYTHON")
        chosen = interpreters.select(found, spec)[-1:] if spec else found[-1:]
        _, legacy, _ = cli.discover(scenarios)
        built = plan.build(scenarios, chosen, legacy, plan.JavaPeer(cli_path()), runtimes=("local", "container"),
                           images=cli.container_images([]))
        _CELLS["cells"] = [c for c in built if c.runtime == "local" or (c.pair in CONTAINER_PAIRS and not c.legacy)]
    return _CELLS["cells"]


def pytest_generate_tests(metafunc):
    if "cell" in metafunc.fixturenames:
        found = cells(metafunc.config)
        metafunc.parametrize("cell", found, ids=[c.id for c in found])


@pytest.fixture(scope="module")
def outcomes(request):
    todo = cells(request.config)
    settings = execute.Settings(repo=REPO, cli=cli_path())
    done = cli.run_cells(todo, settings, os.cpu_count() or 1)
    report.write_all(os.path.join(REPO, "build", "report-test"), done)
    return {o.cell.id: o for o in done}


def details(o):
    parts = [o.reason] + ["  " + p for p in o.problems[1:]]
    parts += ["--- %s: %s" % (role, " ".join(argv)) for role, argv in o.commands.items()]
    parts += ["--- %s stderr:\n%s" % (role, text) for role, text in sorted(o.stderr.items()) if text]
    parts.append("--- transcript:\n" + report.transcript_text(o))
    return "\n".join(parts)


@pytest.mark.interop
def test_cell(cell, outcomes):
    o = outcomes[cell.id]
    if o.status == "skip":
        if cell.skip_kind == plan.CAPABILITY:
            pytest.skip(o.reason)
        if cell.skip_kind == plan.CONTAINER:
            assert os.environ.get("MPBRIDGE_REQUIRE_DOCKER") != "1", "MPBRIDGE_REQUIRE_DOCKER=1: " + o.reason
            skip_optional(o.reason)  # no engine or no image: optional unless CI requires Docker
        skip_optional(o.reason)
    assert o.status == "pass", details(o)
