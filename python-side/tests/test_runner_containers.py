"""Container cells (``--runtime container``) and the images behind them, without an engine: the plan, the reports,
the ``docker run`` words and the rootfs recipe. Real container cells run in test_seed_matrix.py."""
import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest

from mpbridge import containers, images
from mpbridge.interpreters import Interpreter
from mpbridge.runner import cli, execute, model, plan, report

from test_runner_plan import FakeJava, PY27, PYTHONS, REPO

ALL = FakeJava(commands=("role", "manager", "queue", "shm", "sem", "counter"))


@pytest.fixture(scope="module")
def scenarios():
    return model.load_all(os.path.join(REPO, "scenarios"))


def with_images(missing=()):
    return lambda version: (None, "no image mpbridge/python:%s (run 'make images')" % version) if version in missing \
        else ("mpbridge/python:%s" % version, "")


def test_container_runtime_twins_every_cell_with_a_python_side(scenarios):
    local = plan.build(scenarios, PYTHONS, {"2.7": PY27}, ALL)
    both = plan.build(scenarios, PYTHONS, {"2.7": PY27}, ALL, runtimes=("local", "container"), images=with_images())
    contained = [c for c in both if c.runtime == "container"]
    assert [c for c in both if c.runtime == "local"] == local
    assert len(contained) == len([c for c in local if c.pair != "java->java"])  # java->java has no Python side
    assert all(c.id.endswith("/container") for c in contained) and len({c.id for c in both}) == len(both)
    ran = [c for c in contained if not c.skip]
    assert ran and all(c.image == "mpbridge/python:%s" % c.python_label for c in ran)
    assert any(c.legacy and c.image == "mpbridge/python:2.7.18" for c in ran)  # the seeds' Python 2 programs too
    no_27 = plan.build(scenarios, PYTHONS, {"2.7": PY27}, ALL, runtimes=("container",), images=with_images(missing=("2.7.18",)))
    legacy = [c for c in no_27 if c.legacy]
    assert legacy and all(c.skip_kind == plan.ENVIRONMENT and "make images" in c.skip for c in legacy)


def test_a_version_without_an_image_is_a_container_skip(scenarios):
    cells = plan.build(scenarios, PYTHONS, {}, ALL, scenario_ids=("pipe-login",), runtimes=("container",),
                       images=with_images(missing=("3.8.18",)))
    skipped = [c for c in cells if c.skip]
    assert {c.python_label for c in skipped} == {"3.8.18"}
    assert all(c.skip_kind == plan.CONTAINER and "make images" in c.skip for c in skipped)
    assert all(c.runtime == "container" for c in cells)


def test_unknown_runtime_is_a_usage_error(scenarios, capsys):
    with pytest.raises(ValueError, match="unknown runtime"):
        plan.build(scenarios, PYTHONS, {}, ALL, runtimes=("vm",))
    assert cli.main(["--runtime", "vm", "--list"]) == cli.EXIT_USAGE


def test_require_docker_fails_container_skips(scenarios):
    cells = plan.build(scenarios, PYTHONS[:1], {}, ALL, scenario_ids=("pipe-login",), runtimes=("container",),
                       images=lambda v: (None, "no Docker engine: nothing answers"))
    outcomes = [execute.run_cell(c, None) for c in cells]
    cli.apply_require_docker(outcomes)
    assert outcomes and all(o.status == "fail" and o.reason.startswith("MPBRIDGE_REQUIRE_DOCKER=1: no Docker engine")
                            for o in outcomes)


def test_reports_carry_the_runtime_and_image(scenarios, tmp_path):
    cells = plan.build(scenarios, PYTHONS[-1:], {}, ALL, scenario_ids=("pipe-login",), pairs=("java->python",),
                       runtimes=("local", "container"), images=with_images())
    outcomes = [execute.Outcome(c, "pass", seconds=1.0) for c in cells]
    report.write_all(str(tmp_path), outcomes)
    doc = json.loads((tmp_path / "matrix.json").read_text())
    assert [(c["runtime"], c.get("image")) for c in doc["cells"]] == [("local", None), ("container", "mpbridge/python:3.13.0")]
    text = report.console(outcomes)
    assert "pipe-login  java->python              ok 1.0" in text and "pipe-login  java->python [container]  ok 1.0" in text
    names = sorted(ET.parse(str(p)).getroot().find("testcase").get("name") for p in (tmp_path / "junit").iterdir())
    assert names == ["java->python py3.13.0", "java->python py3.13.0 in mpbridge/python:3.13.0"]
    assert "java-&gt;python [container]" in (tmp_path / "index.html").read_text()


def test_docker_run_words_share_host_network_ipc_shm_and_paths(tmp_path):
    argv = containers.run_prefix("mpbridge/python:3.12.1", "mpb-t-role-1", "t", [(str(tmp_path), "rw"), (str(tmp_path / "x"), "ro")],
                                 str(tmp_path), env_names=["EXTRA"])
    text = " ".join(argv)
    for words in ("run -i --rm --init --network host --ipc host", "-v /dev/shm:/dev/shm", "--label org.mpbridge.cell=t",
                  "--user %d:%d" % (os.getuid(), os.getgid()), "-v %s:%s:rw" % (tmp_path, tmp_path), "-e MPB_AUTHKEY",
                  "-e EXTRA", "-w %s" % tmp_path):
        assert words in text
    assert str(tmp_path / "x") not in text  # missing paths are not bound
    assert argv[-1] == "mpbridge/python:3.12.1"


def test_rootfs_recipe_for_this_interpreter():
    info = images.describe(sys.executable)
    entries, missing = images.rootfs_plan(info)
    assert not missing
    paths = set(entries)
    assert info["executable"] in paths and "/etc/passwd" in paths and "/etc/nsswitch.conf" in paths
    assert any(os.path.basename(p).startswith("ld-linux") for p in paths), "the dynamic loader"
    assert os.path.join(info["stdlib"], "multiprocessing", "connection.py") in paths
    assert not any(p.startswith(os.path.join(info["stdlib"], "test") + os.sep) for p in paths)
    assert not any("/site-packages/" in p for p in paths)
    assert images.manifest_digest(entries) == images.manifest_digest(images.rootfs_plan(info)[0])  # the cache key is stable


def test_a_version_with_only_an_image_runs_in_containers_only(scenarios):
    pythons = PYTHONS + [Interpreter(None, "3.11.7")]  # what cli.with_image_only_versions adds for an image-only version
    cells = plan.build(scenarios, pythons, {}, ALL, scenario_ids=("pipe-login",), pairs=("java->python",),
                       runtimes=("local", "container"), images=with_images())
    by_id = {c.id: c for c in cells}
    assert by_id["pipe-login/java->python/3.11.7"].skip_kind == plan.ENVIRONMENT
    assert "only its image" in by_id["pipe-login/java->python/3.11.7"].skip
    twin = by_id["pipe-login/java->python/3.11.7/container"]
    assert twin.skip is None and twin.image == "mpbridge/python:3.11.7"


def test_make_docker_without_root_or_engine_lists_what_it_tried():
    """bin/docker-engine as a user who can neither reach an engine nor start one: one error, each attempt named."""
    import shutil
    import subprocess
    import tempfile
    script = os.path.join(REPO, "bin", "docker-engine")
    env = dict(os.environ, DOCKER_HOST="tcp://127.0.0.1:9")  # port 9 (discard): nothing answers
    if os.getuid() == 0:  # a copy the unprivileged user can read, wherever the checkout is
        where = tempfile.mkdtemp(prefix="mpb-engine-")
        os.chmod(where, 0o755)
        shutil.copy(script, os.path.join(where, "docker-engine"))
        os.chmod(os.path.join(where, "docker-engine"), 0o755)
        script = os.path.join(where, "docker-engine")
        if not shutil.which("setpriv"):
            pytest.skip("root without setpriv: cannot drop to a user that has no engine")
        argv = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "bash", script]
    else:
        argv = ["bash", script]
    try:
        out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, cwd="/")
    finally:
        if os.getuid() == 0:
            shutil.rmtree(os.path.dirname(script), ignore_errors=True)
    if os.getuid() != 0 and out.returncode == 0:
        pytest.skip("this user can reach an engine at /var/run/docker.sock")
    assert out.returncode == 1, out.stdout + out.stderr
    assert out.stderr.startswith("make docker: no Docker engine available. Tried:")
    assert "DOCKER_HOST=tcp://127.0.0.1:9: no engine answers" in out.stderr
    assert "/var/run/docker.sock" in out.stderr and "not root (uid" in out.stderr
