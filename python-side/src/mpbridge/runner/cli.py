"""``python -m mpbridge.runner [--scenario ID] [--pair PAIR] [--python 3.12] [--shard K/N] [--jobs N] ...``

Runs the cells in parallel (at most the core count by default), prints live progress, the console matrix and
where the report is; exit 0 when no cell failed, 1 when one did, 2 on a usage or scenario-file error.
"""
import argparse
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

from mpbridge import __version__
from mpbridge import interpreters as _interpreters
from mpbridge.runner import execute, model, plan, report
from mpbridge.runner.progress import Progress

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def repo_root():
    """``$MPBRIDGE_REPO`` (a developer override), else the checkout this package runs from, else None (a wheel)."""
    env = os.environ.get("MPBRIDGE_REPO")
    if env:
        return os.path.abspath(env)
    from mpbridge.java import checkout_root
    return checkout_root()


def default_scenarios(repo):
    """The checkout's ``scenarios/``; installed from a wheel: ``./scenarios`` of the current directory."""
    return os.path.join(repo, "scenarios") if repo else os.path.abspath("scenarios")


def default_report(repo):
    return os.path.join(repo, "build", "report") if repo else os.path.abspath(os.path.join("build", "mpbridge-report"))


def _split(values):
    return [v.strip() for item in values or () for v in item.split(",") if v.strip()]


def parser():
    ap = argparse.ArgumentParser(
        prog="python -m mpbridge.runner", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Run the scenario matrix: scenario x pair x CPython, both ways.",
        epilog="interpreters: every CPython 3.8-3.13 found (pyenv versions, python3.X on PATH); MPBRIDGE_PYTHONS=PATH:PATH\n"
               "  replaces that discovery with exactly these interpreters. MPBRIDGE_STRICT=1 is --strict, and also fails\n"
               "  a run that found no CPython at all.\n"
               "example: python -m mpbridge.runner --scenarios ./scenarios --pair 'java->python' --python 3.12\n"
               "exit codes: 0 no cell failed, 1 a cell failed (or strict mode found no CPython),\n"
               "  2 usage or scenario-file error, 130 interrupted (every process the cells started is killed)")
    ap.add_argument("--scenario", action="append", metavar="ID", help="only these scenarios (repeat or comma-separate)")
    ap.add_argument("--pair", action="append", metavar="PAIR",
                    help="only these pairs (quote them: '>' is a shell redirection): 'java->python', 'python->java', "
                         "'python->python', 'java->java'")
    ap.add_argument("--python", action="append", metavar="VERSION", help="only these CPython versions, e.g. 3.12 or 3.8,3.13")
    ap.add_argument("--shard", metavar="K/N", help="run shard K of N (deterministic, by cell id)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cells at once (default: the core count)")
    ap.add_argument("--scenarios", metavar="DIR",
                    help="a directory of scenario files, yours or the repository's (default: <repo>/scenarios in a "
                         "checkout, else ./scenarios)")
    ap.add_argument("--report", metavar="DIR",
                    help="report directory (default: <repo>/build/report in a checkout, else ./build/mpbridge-report)")
    ap.add_argument("--list", action="store_true", help="print the cells (and why some are skipped), run nothing")
    ap.add_argument("--strict", action="store_true",
                    help="a cell skipped because a Java role is missing fails (also MPBRIDGE_STRICT=1); cells skipped "
                         "for an interpreter that is not installed, or by a scenario's own skip rules, stay skipped")
    ap.add_argument("--keep-temp", action="store_true", help="keep each cell's temporary directory")
    ap.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every scenario's timeout (slow machines)")
    ap.add_argument("--last-failed", "--lf", action="store_true",
                    help="run only the cells that failed in the last report (all of them when none failed or there is "
                         "no report yet); the new report covers the cells run")
    ap.add_argument("--progress", choices=("auto", "bar", "lines", "none"), default="auto",
                    help="bar: one line redrawn in place (a terminal); lines: a line per finished cell (CI logs); "
                         "auto (default): bar on a terminal, else lines")
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


def summarise_skipped(skipped):
    """Discovery's passed-over candidates in a few lines: shims and duplicates counted, versions outside the range
    listed by version, anything that failed to run shown whole (that one may matter)."""
    shims = [s for s in skipped if s.reason.startswith("a pyenv shim")]
    outside = sorted({s.reason.split()[1] for s in skipped if " is outside " in s.reason}, key=_interpreters._patch)
    duplicates = [s for s in skipped if "already chosen" in s.reason or s.reason.endswith(" is newer")]
    others = [s for s in skipped if s not in shims and s not in duplicates and " is outside " not in s.reason]
    lines = []
    parts = []
    if outside:
        parts.append("outside 3.8-3.13: %s" % ", ".join(outside))
    if duplicates:
        parts.append("%d duplicate%s of a chosen version" % (len(duplicates), "" if len(duplicates) == 1 else "s"))
    if shims:
        parts.append("%d pyenv shim%s on PATH (not run)" % (len(shims), "" if len(shims) == 1 else "s"))
    if parts:
        lines.append("passed over: " + "; ".join(parts))
    lines += ["skipped %s: %s" % (s.path, s.reason) for s in others]
    return lines


def discover(scenarios, details=None):
    """(interpreters, {legacy version: Interpreter or None}, report lines); every candidate with its reason is
    appended to ``details`` (a list) when given."""
    found, skipped = _interpreters.discover()
    lines = ["python %-8s %s" % (i.version, i.path) for i in found]
    if os.environ.get("MPBRIDGE_PYTHONS", "").strip():
        lines.append("interpreters: only MPBRIDGE_PYTHONS (discovery off)")
    lines += summarise_skipped(skipped)
    if details is not None:
        details += ["found   %-8s %s" % (i.version, i.path) for i in found]
        details += ["skipped %s: %s" % (s.path, s.reason) for s in skipped]
    legacy = {}
    for version in sorted({v for s in scenarios for v in s.legacy_pythons}):
        vt = _interpreters.version_tuple(version)
        got, _ = _interpreters.discover(minimum=vt, maximum=vt)
        legacy[version] = got[0] if got else None
        lines.append(("python %-8s %s (legacy, for the seeds' Python %s programs)" % (got[0].version, got[0].path, version))
                     if got else "legacy Python %s: not found; its cells are skipped" % version)
    return found, legacy, lines


def last_failed(directory):
    """The ids (``scenario/pair/python``) of the cells that failed in the report at ``directory``; None without one."""
    try:
        with open(os.path.join(directory, "matrix.json"), encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return None
    return {"%s/%s/%s" % (c["scenario"], c["pair"], c["python"] or "-") for c in doc.get("cells", ()) if c.get("status") == "fail"}


def run_facts(repo, argv):
    """When, where and what: for matrix.json and the HTML report."""
    commit = None
    where = repo or os.getcwd()
    try:
        out = subprocess.run(["git", "-C", where, "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10)
        if out.returncode == 0:
            commit = out.stdout.strip()
            dirty = subprocess.run(["git", "-C", where, "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, timeout=10)
            if dirty.returncode == 0 and dirty.stdout.strip():
                commit += "+dirty"
    except (OSError, subprocess.SubprocessError):
        pass
    return {"started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "commit": commit, "host": socket.gethostname(), "mpbridge_version": __version__,
            "command": report.shell_command(["python", "-m", "mpbridge.runner"] + list(argv))}


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
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    args.argv = argv
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
        scenarios = model.load_all(args.scenarios or default_scenarios(repo))
    except (model.ScenarioError, OSError) as e:
        print("mpbridge.runner: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    details = []
    found, legacy, header = discover(scenarios, details)
    directory = args.report or default_report(repo)
    from mpbridge.java import cli_path, python_path
    try:
        cli = cli_path()
    except FileNotFoundError as e:  # no jar or no Java: the Java cells say so, python->python cells still run
        print("mpbridge.runner: %s" % e, file=sys.stderr)
        cli = os.path.join(repo, "bin", "mpbridge") if repo else "mpbridge"
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
    if args.last_failed:
        wanted = last_failed(directory)
        if wanted:
            cells = [c for c in cells if c.id in wanted]
            header.append("--last-failed: %d cell%s that failed last time" % (len(cells), "" if len(cells) == 1 else "s"))
        else:
            header.append("--last-failed: %s; running every cell" % ("no report at %s" % directory if wanted is None
                                                                      else "nothing failed last time"))
    for line in header:
        print(line)
    if not found:
        print("no usable CPython 3.8-3.13: only java->java cells run (set MPBRIDGE_PYTHONS or install with pyenv)%s"
              % ("; strict mode (MPBRIDGE_STRICT=1) fails this run" if strict else ""))
    if args.list:
        for c in cells:
            print("%-48s %s" % (c.id, ("skip: " + c.skip) if c.skip else "run"))
        return EXIT_OK

    settings = execute.Settings(repo=repo or "", cli=cli, timeout_scale=args.timeout_scale, keep_temp=args.keep_temp,
                                python_path=os.path.join(repo, "python-side", "src") if os.environ.get("MPBRIDGE_REPO") else python_path())
    progress = None if args.progress == "none" else Progress(len(cells), mode=args.progress)
    facts = run_facts(repo, getattr(args, "argv", []))
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
    os.makedirs(directory, exist_ok=True)
    facts["seconds"] = round(seconds, 1)
    facts["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    facts["discovery"] = details
    report.write_all(directory, outcomes, header, seconds, facts)
    print(report.console(outcomes, seconds))
    print("report: %s (matrix.json, junit/, cells/)" % os.path.join(directory, "index.html"))
    if strict and not found:
        print("mpbridge.runner: strict mode: no CPython 3.8-3.13 was found, so no cell talked to Python; "
              "failing the run (%s)" % "; ".join(header[:3] or ["nothing found"]), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_FAILED if any(o.status == "fail" for o in outcomes) else EXIT_OK
