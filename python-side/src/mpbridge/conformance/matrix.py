"""``make conformance``: every CPython found x start method x target (java, cpython baseline) -> the report.

    python -m mpbridge.conformance [--python 3.12,3.13] [--start-methods fork,spawn] [--targets java,cpython]
                                   [--classes all|fast|A,B] [--report DIR]

Each run is ``python3.X -m mpbridge.conformance.run`` against that interpreter's own test file. Writes
``DIR/conformance.json`` (per run and class: passed / failed / errors / skipped / not_applicable and the reasons),
``DIR/conformance.html``, ``DIR/conformance-junit.xml`` and one log per run under ``DIR/conformance-logs/``; prints
the table. A class with failures is run once more; a test that then passes is counted as passed and reported as
flaky. Exit 1 when a test (either target: a failing baseline makes the comparison moot) failed or errored twice, or a
run did not finish (15 min per run; a hung run's log ends with every thread's traceback).
"""
import argparse
import datetime
import html
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from xml.sax.saxutils import escape, quoteattr

from mpbridge import interpreters
from mpbridge.conformance.run import summarize

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", ".."))
REPO = os.path.abspath(os.path.join(SRC, "..", ".."))
OUTCOMES = ("passed", "failed", "errors", "skipped", "not_applicable")
RUN_TIMEOUT = 900.0  # a cell takes 1-2 min; CPython's own Pool tests can hang under fork on a loaded machine


def run_one(interp, start_method, target, classes, logdir, tag_suffix=""):
    """Runs one cell; returns its result dict (with ``exit`` and ``log``)."""
    tag = "%s-%s-%s%s" % (interp.version, start_method, target, tag_suffix)
    log = os.path.join(logdir, tag + ".log")
    fd, out_json = tempfile.mkstemp(prefix="mpb-conformance-", suffix=".json")
    os.close(fd)
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("MPBRIDGE_CLI", os.path.join(REPO, "bin", "mpbridge"))
    argv = [interp.path, "-m", "mpbridge.conformance.run", "--target", target, "--start-method", start_method,
            "--classes", classes, "--json", out_json, "-v", "--dump-tracebacks-after", str(int(RUN_TIMEOUT - 60))]
    t0 = time.monotonic()
    with open(log, "wb") as logf:
        proc = subprocess.Popen(argv, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                start_new_session=True)
        try:
            rc = proc.wait(RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                rc = proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                rc = proc.wait()
            rc = "timeout after %.0fs" % RUN_TIMEOUT
        except BaseException:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
            raise
    try:
        with open(out_json) as f:
            result = json.load(f)
    except (OSError, ValueError):
        result = {"python": interp.version, "start_method": start_method, "target": target, "classes": {}, "tests": []}
    finally:
        os.unlink(out_json)
    result.update(exit=rc, log=os.path.relpath(log, os.path.dirname(logdir)), wall_seconds=round(time.monotonic() - t0, 1),
                  python=interp.version)
    result["totals"] = {k: sum(c[k] for c in result["classes"].values()) for k in OUTCOMES}
    result["finished"] = bool(result["classes"]) and rc in (0, 1)
    return result


def retry_failures(interp, start_method, target, result, logdir):
    """Runs the classes with failures once more; a test that passes then stays counted as passed but is marked
    ``flaky`` (with the first attempt's traceback) and listed in ``result["flaky"]``: CPython's own suite has
    load-dependent tests (a Pool worker that does not join in 30 s under fork on a loaded machine)."""
    failing = sorted({t["class"] for t in result["tests"] if t["outcome"] in ("failed", "errors")})
    if not failing or not result["finished"]:
        return result
    again = run_one(interp, start_method, target, ",".join(failing), logdir, tag_suffix="-retry")
    second = {(t["class"], t["test"]): t for t in again["tests"]}
    flaky = []
    for t in result["tests"]:
        if t["outcome"] in ("failed", "errors"):
            t2 = second.get((t["class"], t["test"]))
            if t2 is not None and t2["outcome"] == "passed":
                t.update(outcome="passed", flaky=True, detail="passed on retry; the first attempt:\n" + t["detail"])
                flaky.append("%s.%s" % (t["class"], t["test"]))
    result["classes"] = summarize(result["tests"])
    result["totals"] = {k: sum(c[k] for c in result["classes"].values()) for k in OUTCOMES}
    result["flaky"] = flaky
    result["retry_log"] = again["log"]
    return result


def cell(totals):
    return "%d / %d / %d / %d / %d" % tuple(totals[k] for k in OUTCOMES)


def table(runs):
    """Rows: (version, start method, java totals, cpython totals)."""
    rows = {}
    for r in runs:
        rows.setdefault((r["python"], r["start_method"]), {})[r["target"]] = r
    return [(v, m, d.get("java"), d.get("cpython")) for (v, m), d in sorted(rows.items(), key=lambda kv: (interpreters.version_tuple(kv[0][0]), kv[0][1]))]


def not_applicable(runs):
    """{(class, reason): count per java run} across the runs (the docs' not-applicable list)."""
    reasons = {}
    for r in runs:
        if r["target"] != "java":
            continue
        for cls, c in r["classes"].items():
            for reason, n in c["not_applicable_reasons"].items():
                reasons.setdefault((cls, reason), set()).add(n)
    return {k: sorted(v) for k, v in sorted(reasons.items())}


def problems(runs):
    out = []
    for r in runs:
        if not r["finished"]:
            out.append((r, None, "run did not finish (exit %s); see %s" % (r["exit"], r["log"])))
        for t in r["tests"]:
            if t["outcome"] in ("failed", "errors"):
                out.append((r, t, t["detail"]))
    return out


def write_json(path, runs, started):
    doc = {
        "generated": started,
        "outcomes": list(OUTCOMES),
        "table": [{"python": v, "start_method": m,
                   "java": j["totals"] if j else None, "cpython": c["totals"] if c else None} for v, m, j, c in table(runs)],
        "not_applicable": [{"class": cls, "reason": reason, "count": counts} for (cls, reason), counts in not_applicable(runs).items()],
        "flaky": [{"python": r["python"], "start_method": r["start_method"], "target": r["target"], "test": t}
                  for r in runs for t in r.get("flaky", [])],
        "runs": runs,
    }
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


def write_junit(path, runs):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<testsuites>"]
    for r in runs:
        t = r["totals"]
        name = "conformance.%s.%s.py%s" % (r["target"], r["start_method"], r["python"])
        parts.append('<testsuite name=%s tests="%d" failures="%d" errors="%d" skipped="%d" time="%s">'
                     % (quoteattr(name), sum(t.values()), t["failed"], t["errors"] + (0 if r["finished"] else 1),
                        t["skipped"] + t["not_applicable"], r.get("seconds", 0)))
        if not r["finished"]:
            parts.append('<testcase classname=%s name="run"><error message=%s/></testcase>'
                         % (quoteattr(name), quoteattr("did not finish: exit %s, log %s" % (r["exit"], r["log"]))))
        for test in r["tests"]:
            parts.append('<testcase classname=%s name=%s time="%s">' % (quoteattr(name + "." + test["class"]), quoteattr(test["test"]), test["seconds"]))
            detail = test["detail"] or ""
            if test["outcome"] == "failed":
                parts.append('<failure message=%s>%s</failure>' % (quoteattr(detail.strip().splitlines()[-1] if detail.strip() else "failed"), escape(detail)))
            elif test["outcome"] == "errors":
                parts.append('<error message=%s>%s</error>' % (quoteattr(detail.strip().splitlines()[-1] if detail.strip() else "error"), escape(detail)))
            elif test["outcome"] == "skipped":
                parts.append('<skipped message=%s/>' % quoteattr(detail))
            elif test["outcome"] == "not_applicable":
                parts.append('<skipped message=%s/>' % quoteattr("not applicable: " + detail))
            parts.append("</testcase>")
        parts.append("</testsuite>")
    parts.append("</testsuites>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def write_html(path, runs, started):
    e = html.escape
    out = ["<!doctype html><meta charset='utf-8'><title>mpbridge: CPython's own multiprocessing tests</title>",
           "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
           ".bad{background:#fdd}.ok{background:#dfd}pre{white-space:pre-wrap;font-size:85%}</style>",
           "<h1>CPython's own <code>_test_multiprocessing</code>: Java side vs CPython</h1>",
           "<p>Generated %s. Cells: passed / failed / errors / skipped / not applicable. See docs/conformance.md.</p>" % e(started),
           "<table><tr><th>CPython</th><th>start method</th><th>Java side</th><th>CPython baseline</th></tr>"]
    for v, m, j, c in table(runs):
        def td(r):
            if r is None:
                return "<td>-</td>"
            bad = r["totals"]["failed"] or r["totals"]["errors"] or not r["finished"]
            return "<td class='%s'>%s%s</td>" % ("bad" if bad else "ok", cell(r["totals"]), "" if r["finished"] else " (did not finish)")
        out.append("<tr><td>%s</td><td>%s</td>%s%s</tr>" % (e(v), e(m), td(j), td(c)))
    out.append("</table><h2>Per class</h2>")
    for r in runs:
        out.append("<h3>%s %s %s</h3><table><tr><th>class</th><th>passed</th><th>failed</th><th>errors</th>"
                   "<th>skipped</th><th>not applicable</th></tr>" % (e(r["python"]), e(r["start_method"]), e(r["target"])))
        for cls, c in sorted(r["classes"].items()):
            bad = c["failed"] or c["errors"]
            out.append("<tr class='%s'><td>%s</td>%s</tr>" % ("bad" if bad else "", e(cls), "".join("<td>%d</td>" % c[k] for k in OUTCOMES)))
        out.append("</table>")
    out.append("<h2>Not applicable (Java target)</h2><table><tr><th>class</th><th>reason</th><th>tests per run</th></tr>")
    for (cls, reason), counts in not_applicable(runs).items():
        out.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (e(cls), e(reason), e(", ".join(map(str, counts)))))
    out.append("</table><h2>Flaky (failed, then passed when its class ran again)</h2><ul>")
    for r in runs:
        for t in r.get("flaky", []):
            out.append("<li>%s %s %s: %s</li>" % (e(r["python"]), e(r["start_method"]), e(r["target"]), e(t)))
    out.append("</ul><h2>Failures and errors</h2>")
    found = problems(runs)
    if not found:
        out.append("<p>None.</p>")
    for r, t, detail in found:
        where = "%s %s %s" % (r["python"], r["start_method"], r["target"]) + (" %s.%s" % (t["class"], t["test"]) if t else "")
        out.append("<h3>%s</h3><pre>%s</pre>" % (e(where), e(detail or "")))
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m mpbridge.conformance", description=__doc__.split("\n")[0])
    ap.add_argument("--python", help="comma-separated version prefixes (default: every CPython 3.8-3.13 found)")
    ap.add_argument("--start-methods", default="fork,spawn")
    ap.add_argument("--targets", default="java,cpython")
    ap.add_argument("--classes", default="all")
    ap.add_argument("--report", default=os.path.join(REPO, "build", "report"))
    ap.add_argument("--no-retry", action="store_true", help="do not run a class with failures a second time")
    args = ap.parse_args(argv)

    found, _skipped = interpreters.discover()
    chosen = interpreters.select(found, args.python)
    if not chosen:
        print("conformance: no CPython 3.8-3.13 matches %r (found: %s)" % (args.python, ", ".join(i.version for i in found) or "none"),
              file=sys.stderr)
        return 2
    os.makedirs(args.report, exist_ok=True)
    logdir = os.path.join(args.report, "conformance-logs")
    os.makedirs(logdir, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    runs = []
    for interp in chosen:
        for method in [m.strip() for m in args.start_methods.split(",") if m.strip()]:
            for target in [t.strip() for t in args.targets.split(",") if t.strip()]:
                r = run_one(interp, method, target, args.classes, logdir)
                if not args.no_retry:
                    r = retry_failures(interp, method, target, r, logdir)
                runs.append(r)
                print("%-8s %-6s %-8s %s%s%s  (%.0fs)" % (r["python"], method, target, cell(r["totals"]),
                                                        "" if r["finished"] else "  DID NOT FINISH (exit %s)" % r["exit"],
                                                        "  flaky (passed on retry): " + ", ".join(r["flaky"]) if r.get("flaky") else "",
                                                        r["wall_seconds"]),
                      flush=True)
                write_json(os.path.join(args.report, "conformance.json"), runs, started)
    write_junit(os.path.join(args.report, "conformance-junit.xml"), runs)
    write_html(os.path.join(args.report, "conformance.html"), runs, started)

    print("\nCPython  method  Java side (p/f/e/s/na)   CPython baseline (p/f/e/s/na)")
    for v, m, j, c in table(runs):
        print("%-8s %-7s %-24s %s" % (v, m, cell(j["totals"]) if j else "-", cell(c["totals"]) if c else "-"))
    found_problems = problems(runs)
    for r, t, detail in found_problems:
        print("\n!! %s %s %s %s\n%s" % (r["python"], r["start_method"], r["target"],
                                         "%s.%s" % (t["class"], t["test"]) if t else "", (detail or "").strip()[-1500:]))
    passed = sum(r["totals"]["passed"] for r in runs)
    failed = sum(r["totals"]["failed"] + r["totals"]["errors"] for r in runs) + sum(1 for r in runs if not r["finished"])
    print("report: %s/conformance.{json,html}, conformance-junit.xml" % args.report)
    print("conformance: %d passed, %d failed" % (passed, failed))
    return 0 if not found_problems else 1


if __name__ == "__main__":
    sys.exit(main())
