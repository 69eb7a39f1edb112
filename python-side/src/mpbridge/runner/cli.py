"""``python -m mpbridge.runner [--scenario ID] [--pair PAIR] [--python 3.12] [--shard K/N] [--jobs N] ...``

Runs the cells in parallel (at most the core count by default), prints live progress, the console matrix and
where the report is; exit 0 when no cell failed, 1 when one did, 2 on a usage or scenario-file error.
"""
import argparse
import os
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from mpbridge import interpreters as _interpreters
from mpbridge.runner import execute, model, plan, report
from mpbridge.runner.progress import Progress

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def repo_root():
    env = os.environ.get("MPBRIDGE_REPO")
    if env:
        return os.path.abspath(env)
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".."))


def _split(values):
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def parser():
    ap = argparse.ArgumentParser(prog="python -m mpbridge.runner",
                                 description="Run the scenario matrix: scenario x pair x CPython, both ways.")
    ap.add_argument("--scenario", action="append", metavar="ID", help="only these scenarios (repeat or comma-separate)")
    ap.add_argument("--pair", action="append", metavar="PAIR",
                    help="only these pairs: java->python, python->java, python->python, java->java")
    ap.add_argument("--python", action="append", metavar="VERSION", help="only these CPython versions, e.g. 3.12 or 3.8,3.13")
    ap.add_argument("--shard", metavar="K/N", help="run shard K of N (deterministic, by cell id)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cells at once (default: the core count)")
    ap.add_argument("--scenarios", metavar="DIR", help="scenario files (default: <repo>/scenarios)")
    ap.add_argument("--report", metavar="DIR", help="report directory (default: <repo>/build/report)")
    ap.add_argument("--list", action="store_true", help="print the cells (and why some are skipped), run nothing")
    ap.add_argument("--strict", action="store_true",
                    help="a cell skipped because a Java role is missing fails (also MPBRIDGE_STRICT=1); cells skipped "
                         "for an interpreter that is not installed, or by a scenario's own skip rules, stay skipped")
    ap.add_argument("--keep-temp", action="store_true", help="keep each cell's temporary directory")
    ap.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every scenario's timeout (slow machines)")
    ap.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto")
    ap.add_argument("--runtime", action="append", metavar="RUNTIME",
                    help="where the Python side runs: local (default), container (the image of the cell's CPython, "
                         "make images), or local,container for both")
    return ap


def with_image_only_versions(found, header):
    """The interpreters found, plus (path None) each 3.8-3.13 version that only has an image here: container cells
    need no local interpreter (e.g. images built with --base official on a CI host with one Python)."""
    from mpbridge import images
    if images.engine_problem():
        return found
    have = {i.version for i in found}
    minors = {_interpreters.version_tuple(i.version) for i in found}
    extra = []
    for version in images.image_versions():
        vt = _interpreters.version_tuple(version)
        if version not in have and vt not in minors and _interpreters.SUPPORTED[0] <= vt <= _interpreters.SUPPORTED[1]:
            extra.append(_interpreters.Interpreter(None, version))
            minors.add(vt)
            header.append("python %-8s (image only: %s)" % (version, images.image_name(version)))
    return sorted(found + extra, key=lambda i: _interpreters.version_tuple(i.version))


def container_images(header):
    """A function version -> (image or None, why not) for container cells; notes the engine and images in ``header``."""
    from mpbridge import containers, images
    problem = images.engine_problem()
    header.append("docker: " + (problem or "engine answers"))
    if not problem:
        orphans = containers.remove_orphans()
        if orphans:
            header.append("docker: removed %d container(s) left by runners that were killed" % len(orphans))
    found = {}

    def lookup(version):
        if problem:
            return None, "no Docker engine: " + problem
        if version not in found:
            found[version] = images.find_image(version)
            header.append("image %-8s %s" % (version, found[version] or "missing (make images)"))
        ref = found[version]
        return (ref, "") if ref else (None, "no image %s (run 'make images')" % images.image_name(version))
    return lookup


def discover(scenarios):
    """(interpreters, {legacy version: Interpreter or None}, report lines)."""
    found, skipped = _interpreters.discover()
    lines = ["python %-8s %s" % (i.version, i.path) for i in found]
    lines += ["skipped %s: %s" % (s.path, s.reason) for s in skipped]
    legacy = {}
    for version in sorted({v for s in scenarios for v in s.legacy_pythons}):
        vt = _interpreters.version_tuple(version)
        got, _ = _interpreters.discover(minimum=vt, maximum=vt)
        legacy[version] = got[0] if got else None
        lines.append(("python %-8s %s (legacy, for the seeds' Python %s programs)" % (got[0].version, got[0].path, version))
                     if got else "legacy Python %s: not found; its cells are skipped" % version)
    return found, legacy, lines


def run_cells(cells, settings, jobs, progress=None):
    """Outcomes in the order of ``cells``; skipped cells are not run."""
    outcomes = [None] * len(cells)
    todo = []
    for n, cell in enumerate(cells):
        if cell.skip:
            outcomes[n] = execute.run_cell(cell, settings)
            if progress:
                progress.finished(outcomes[n])
        else:
            todo.append(n)

    def one(n):
        if progress:
            progress.started(cells[n])
        return n, execute.run_cell(cells[n], settings)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(one, n) for n in todo]
        try:
            for future in as_completed(futures):
                n, outcome = future.result()
                outcomes[n] = outcome
                if progress:
                    progress.finished(outcome)
        except BaseException:
            for f in futures:
                f.cancel()
            execute.kill_everything()
            raise
    return outcomes


def _interrupted(signum, frame):
    raise KeyboardInterrupt("signal %d" % signum)


def apply_strict(outcomes):
    for o in outcomes:
        if o.status == "skip" and o.cell.skip_kind == plan.CAPABILITY:
            o.status, o.reason = "fail", "strict mode: " + o.reason
            o.problems = [o.reason]


def apply_require_docker(outcomes):
    """MPBRIDGE_REQUIRE_DOCKER=1: a container cell that could not run (no engine, no image) fails."""
    for o in outcomes:
        if o.status == "skip" and o.cell.skip_kind == plan.CONTAINER:
            o.status, o.reason = "fail", "MPBRIDGE_REQUIRE_DOCKER=1: " + o.reason
            o.problems = [o.reason]


def main(argv=None):
    args = parser().parse_args(argv)
    main_thread = threading.current_thread() is threading.main_thread()
    # a cancelled CI job (SIGTERM) is an interrupt too: every cell's processes are killed before the exit
    previous = signal.signal(signal.SIGTERM, _interrupted) if main_thread else None
    try:
        return _main(args)
    except KeyboardInterrupt:
        execute.kill_everything()
        print("\nmpbridge.runner: interrupted; every process the cells started was killed", file=sys.stderr)
        return 130
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _main(args):
    repo = repo_root()
    strict = args.strict or os.environ.get("MPBRIDGE_STRICT") == "1"
    try:
        scenarios = model.load_all(args.scenarios or os.path.join(repo, "scenarios"))
    except (model.ScenarioError, OSError) as e:
        print("mpbridge.runner: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    found, legacy, header = discover(scenarios)
    from mpbridge.java import cli_path
    try:
        cli = cli_path()
    except FileNotFoundError:
        cli = os.path.join(repo, "bin", "mpbridge")
    java = plan.JavaPeer(cli)
    try:
        runtimes = _split(args.runtime) or ["local"]
        lookup = container_images(header) if "container" in runtimes else None
        if lookup:
            found = with_image_only_versions(found, header)
        cells = plan.build(scenarios, found, legacy, java, _split(args.scenario), _split(args.pair), _split(args.python),
                           runtimes, lookup)
        if args.shard:
            k, n = plan.parse_shard(args.shard)
            cells = plan.shard(cells, k, n)
            header.append("shard %d/%d: %d cells" % (k, n, len(cells)))
    except ValueError as e:
        print("mpbridge.runner: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    for line in header:
        print(line)
    if not found:
        print("no usable CPython 3.8-3.13: only java->java cells run (set MPBRIDGE_PYTHONS or install with pyenv)")
    if args.list:
        for c in cells:
            print("%-48s %s" % (c.id, ("skip: " + c.skip) if c.skip else "run"))
        return EXIT_OK

    settings = execute.Settings(repo=repo, cli=cli, timeout_scale=args.timeout_scale, keep_temp=args.keep_temp)
    progress = None if args.progress == "none" else Progress(len(cells), mode=args.progress)
    started = time.monotonic()
    try:
        outcomes = run_cells(cells, settings, args.jobs, progress)
    finally:
        if progress:
            progress.close()
    seconds = time.monotonic() - started
    if strict:
        apply_strict(outcomes)
    if os.environ.get("MPBRIDGE_REQUIRE_DOCKER") == "1":
        apply_require_docker(outcomes)
    directory = args.report or os.path.join(repo, "build", "report")
    os.makedirs(directory, exist_ok=True)
    report.write_all(directory, outcomes, header, seconds)
    print(report.console(outcomes, seconds))
    print("report: %s (matrix.json, junit/, cells/)" % os.path.join(directory, "index.html"))
    return EXIT_FAILED if any(o.status == "fail" for o in outcomes) else EXIT_OK
