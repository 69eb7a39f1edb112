"""What a run leaves: the console matrix, ``matrix.json``, one JUnit XML file per cell, ``index.html`` and per-cell
logs under ``cells/``. Everything here reads Outcomes; nothing runs processes."""
import html
import json
import os
import re
import shlex
import shutil
import xml.etree.ElementTree as ET

PAIR_ORDER = ("java->python", "python->java", "python->python", "java->java")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def version_key(label):
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.+]", label))


def pythons_of(outcomes):
    """The Python versions the cells ran (or were to run) on, oldest first."""
    return sorted({o.cell.python_label for o in outcomes if o.cell.python_label}, key=version_key)


def safe_name(cell):
    return re.sub(r"[^A-Za-z0-9.]+", "_", cell.id.replace("->", "-to-")).strip("_")


def shell_command(argv):
    """An argv as one line a POSIX shell runs as is (``'java->python'``, paths with spaces quoted)."""
    return shlex.join(str(a) for a in argv)


def cell_path(o):
    """The cell's transcript, relative to the report directory (skipped cells have none)."""
    return None if o.status == "skip" else "cells/%s/transcript.txt" % safe_name(o.cell)


def _runtime(cell):
    return getattr(cell, "runtime", "local") or "local"


def matrix_doc(outcomes, run=None):
    """``{"run": {started, finished, seconds, commit, host, mpbridge_version, command, discovery},
    "pythons": [...], "cells": [{scenario, pair, python, runtime, [image,] status, seconds, reason, transcript}]}``."""
    cells = []
    for o in outcomes:
        doc = {"scenario": o.cell.scenario.id, "pair": o.cell.pair, "python": o.cell.python_label,
               "runtime": _runtime(o.cell)}
        if doc["runtime"] == "container":
            doc["image"] = getattr(o.cell, "image", None)
        doc.update(status=o.status, seconds=o.seconds, reason=o.reason, transcript=cell_path(o))
        cells.append(doc)
    return {"run": dict(run or {}), "pythons": pythons_of(outcomes), "cells": cells}


def pair_label(cell):
    """The matrix row's pair: ``java->python``, or ``java->python [container]`` for a container cell."""
    return cell.pair + (" [container]" if _runtime(cell) == "container" else "")


def _rows(outcomes):
    """[(scenario id, pair label, {python label or None: outcome})] in scenario, pair, runtime order."""
    table = {}
    for o in outcomes:
        table.setdefault((o.cell.scenario.id, o.cell.pair, _runtime(o.cell)), {})[o.cell.python_label] = o
    order = sorted(table, key=lambda k: (k[0], PAIR_ORDER.index(k[1]) if k[1] in PAIR_ORDER else 9, k[2] != "local"))
    return [(sid, pair + (" [container]" if rt == "container" else ""), table[(sid, pair, rt)]) for sid, pair, rt in order]


def summary(outcomes, seconds=None):
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("pass", "fail", "skip")}
    text = "%d cells: %d passed, %d failed, %d skipped" % (len(outcomes), counts["pass"], counts["fail"], counts["skip"])
    return text + (" in %.0fs" % seconds if seconds is not None else "")


def console(outcomes, seconds=None):
    pythons = pythons_of(outcomes)
    columns = pythons + ["(none)"]
    width = max([9] + [len(p) + 1 for p in pythons])
    sw = max([8] + [len(o.cell.scenario.id) for o in outcomes]) + 2
    pw = max([16] + [len(pair_label(o.cell)) + 2 for o in outcomes])
    lines = ["%-*s%-*s" % (sw, "scenario", pw, "pair") + "".join("%-*s" % (width, c) for c in columns)]
    for sid, pair, by_python in _rows(outcomes):
        cells = []
        for label in pythons + [None]:
            o = by_python.get(label)
            text = "" if o is None else {"pass": "ok %.1f" % o.seconds, "fail": "FAIL", "skip": "skip"}[o.status]
            cells.append("%-*s" % (width, text))
        lines.append(("%-*s%-*s" % (sw, sid, pw, pair) + "".join(cells)).rstrip())
    lines.append("")
    lines.append(summary(outcomes, seconds))
    failed = [o for o in outcomes if o.status == "fail"]
    if failed:
        lines.append("failed:")
        lines.extend("  %s: %s" % (o.cell.id, o.reason) for o in failed)
    reasons = {}
    for o in outcomes:
        if o.status == "skip":
            reasons.setdefault(o.reason, []).append(o.cell.id)
    if reasons:
        lines.append("skipped:")
        for reason, ids in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
            lines.append("  %d x %s%s" % (len(ids), reason, "" if len(ids) > 3 else " (%s)" % ", ".join(ids)))
    return "\n".join(lines)


def transcript_text(outcome):
    return "\n".join("%8.3f %-14s %-5s %s" % (t, role, stream, text) for t, role, stream, text in outcome.transcript)


def _clean(text):
    return _XML_BAD.sub("?", text or "")


def junit_xml(outcome):
    cell = outcome.cell
    suite = ET.Element("testsuite", name="mpbridge.scenarios.%s" % cell.scenario.id, tests="1",
                       failures="1" if outcome.status == "fail" else "0", skipped="1" if outcome.status == "skip" else "0",
                       errors="0", time="%.3f" % outcome.seconds)
    case = ET.SubElement(suite, "testcase", classname="mpbridge.scenarios.%s" % cell.scenario.id,
                         name="%s %s%s" % (cell.pair, ("py" + cell.python_label) if cell.python_label else "(no python)",
                                           " in %s" % (cell.image or "a container") if _runtime(cell) == "container" else ""),
                         time="%.3f" % outcome.seconds)
    if outcome.status == "fail":
        failure = ET.SubElement(case, "failure", message=_clean(outcome.reason), type="ScenarioFailure")
        failure.text = _clean("\n".join(outcome.problems))
    elif outcome.status == "skip":
        ET.SubElement(case, "skipped", message=_clean(outcome.reason))
    if outcome.transcript:
        ET.SubElement(case, "system-out").text = _clean(transcript_text(outcome))
    err = "\n".join("--- %s stderr\n%s" % (role, text) for role, text in sorted(outcome.stderr.items()) if text)
    if err:
        ET.SubElement(case, "system-err").text = _clean(err)
    return ET.tostring(suite, encoding="unicode")


_CSS = """
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:center}
td.name{text-align:left;font-family:monospace}.pass{background:#c8efc8}.fail{background:#f4b6b6;font-weight:bold}
.skip{background:#eee;color:#777}pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;overflow:auto;max-height:30em;font-size:12px}
h2{margin-top:2em}.cell{border-top:2px solid #c33;margin-top:1.5em}a{color:inherit}
"""


def _cell_html(o, anchor):
    e = html.escape
    if o.status == "pass":
        return '<td class="pass" title="%s"><a href="%s">ok %.1fs</a></td>' % (e(o.cell.id), e(cell_path(o)), o.seconds)
    if o.status == "fail":
        return '<td class="fail" title="%s"><a href="#%s">FAIL</a></td>' % (e(o.reason), anchor)
    return '<td class="skip" title="%s">skip</td>' % e(o.reason)


RUN_FIELDS = (("started", "started"), ("commit", "commit"), ("host", "host"), ("mpbridge_version", "mpbridge"),
              ("command", "command"))


def html_report(outcomes, header_lines=(), seconds=None, run=None):
    e = html.escape
    pythons = pythons_of(outcomes)
    anchors = {id(o): "cell-%d" % n for n, o in enumerate(outcomes)}
    out = ["<!doctype html><html><head><meta charset='utf-8'><title>mpbridge scenario matrix</title><style>%s</style></head><body>" % _CSS,
           "<h1>mpbridge scenario matrix</h1><p>%s</p>" % e(summary(outcomes, seconds))]
    facts = [(label, (run or {}).get(key)) for key, label in RUN_FIELDS]
    if any(v for _, v in facts):
        out.append("<p>%s</p>" % " &middot; ".join("%s: <code>%s</code>" % (e(k), e(str(v))) for k, v in facts if v))
    if header_lines:
        out.append("<pre>%s</pre>" % e("\n".join(header_lines)))
    out.append("<table><tr><th>scenario</th><th>pair</th>%s<th>(no python)</th></tr>" % "".join("<th>%s</th>" % e(p) for p in pythons))
    for sid, pair, by_python in _rows(outcomes):
        tds = []
        for label in pythons + [None]:
            o = by_python.get(label)
            tds.append("<td></td>" if o is None else _cell_html(o, anchors[id(o)]))
        out.append("<tr><td class='name'>%s</td><td class='name'>%s</td>%s</tr>" % (e(sid), e(pair), "".join(tds)))
    out.append("</table>")
    failed = [o for o in outcomes if o.status == "fail"]
    if failed:
        out.append("<h2>Failed cells</h2>")
    for o in failed:
        out.append("<div class='cell' id='%s'><h3>%s</h3><p><b>%s</b></p>" % (anchors[id(o)], e(o.cell.id), e(o.reason)))
        if len(o.problems) > 1:
            out.append("<ul>%s</ul>" % "".join("<li>%s</li>" % e(p) for p in o.problems))
        out.append("<p><a href='%s'>transcript and commands</a></p>" % e(cell_path(o)))
        out.append("<h4>commands</h4><pre>%s</pre>" % e("\n".join("%s: %s" % (r, shell_command(a)) for r, a in o.commands.items())))
        for role, text in sorted(o.stderr.items()):
            out.append("<h4>%s stderr</h4><pre>%s</pre>" % (e(role), e(text or "(empty)")))
        out.append("<h4>message transcript</h4><pre>%s</pre></div>" % e(transcript_text(o) or "(nothing)"))
    skipped = [o for o in outcomes if o.status == "skip"]
    if skipped:
        out.append("<h2>Skipped cells</h2><ul>%s</ul>" % "".join("<li>%s: %s</li>" % (e(o.cell.id), e(o.reason)) for o in skipped))
    out.append("</body></html>")
    return "\n".join(out)


def write_all(directory, outcomes, header_lines=(), seconds=None, run=None):
    """Writes matrix.json, junit/*.xml, index.html and cells/*/ under ``directory`` (old results removed); ``run``:
    when, where and what ran (see ``matrix_doc``)."""
    for sub in ("junit", "cells"):
        shutil.rmtree(os.path.join(directory, sub), ignore_errors=True)
        os.makedirs(os.path.join(directory, sub))
    with open(os.path.join(directory, "matrix.json"), "w", encoding="utf-8") as f:
        json.dump(matrix_doc(outcomes, run), f, indent=1, ensure_ascii=False)
        f.write("\n")
    for o in outcomes:
        name = safe_name(o.cell)
        with open(os.path.join(directory, "junit", "TEST-%s.xml" % name), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + junit_xml(o) + "\n")
        if o.status == "skip":
            continue
        cell_dir = os.path.join(directory, "cells", name)
        os.makedirs(cell_dir)
        with open(os.path.join(cell_dir, "transcript.txt"), "w", encoding="utf-8") as f:
            f.write("%s: %s %s\n" % (o.cell.id, o.status, o.reason))
            if o.environment:
                f.write("# every role ran with: export %s\n" % " ".join(
                    "%s=%s" % (k, shlex.quote(v)) for k, v in sorted(o.environment.items())))
            if getattr(o, "tmpdir", None):
                f.write("# in its working directory: cd %s  (kept with --keep-temp)\n" % shlex.quote(o.tmpdir))
            f.write("".join("%s: %s\n" % (r, shell_command(a)) for r, a in o.commands.items()))
            f.write(transcript_text(o) + "\n")
    with open(os.path.join(directory, "index.html"), "w", encoding="utf-8") as f:
        f.write(html_report(outcomes, header_lines, seconds, run))
