"""A cell's transcripts against its scenario's ``expect:`` (exit codes are checked while it runs)."""
import json

from mpbridge.runner.model import expand


def _show(items, limit=12):
    shown = [repr(x) for x in items[:limit]]
    return "[" + ", ".join(shown) + (", ... %d more" % (len(items) - limit) if len(items) > limit else "") + "]"


def _compare(role, kind, expected, got, unordered):
    if unordered:
        key = lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False)  # noqa: E731
        expected, got = sorted(expected, key=key), sorted(got, key=key)
    if expected == got:
        return None
    for i, (e, g) in enumerate(zip(expected, got)):
        if e != g:
            return "%s: %s differ at #%d: expected %r, got %r (expected %d, got %d in all)" % (
                role, kind, i + 1, e, g, len(expected), len(got))
    if len(got) < len(expected):
        return "%s: %d %s missing after #%d: %s" % (role, len(expected) - len(got), kind, len(got), _show(expected[len(got):]))
    return "%s: %d unexpected %s after #%d: %s" % (role, len(got) - len(expected), kind, len(expected), _show(got[len(expected):]))


def check_role(role, expect, lines, context):
    """Problems (strings) with one role's transcript lines."""
    where = "expect." + role
    if expect.lines is not None:
        problem = _compare(role, "lines", expand(list(expect.lines), context, where), list(lines), expect.unordered)
        return [problem] if problem else []
    if expect.values is not None:
        got = []
        for n, text in enumerate(lines):
            try:
                got.append(json.loads(text))
            except ValueError:
                return ["%s: line #%d is not JSON: %r" % (role, n + 1, text)]
        problem = _compare(role, "values", expand(list(expect.values), context, where), got, expect.unordered)
        return [problem] if problem else []
    return []


def check_cell(observed, cell, context):
    """Problems with every role's transcript; ``context`` holds the cell's placeholders."""
    problems = []
    for role, expect in sorted(cell.scenario.expect.items()):
        problems.extend(check_role(role, expect, observed.get(role, []), context))
    return problems
