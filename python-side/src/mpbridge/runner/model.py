"""Scenario files: ``scenarios/<id>.yaml``, schema version 1, strict (an unknown key is an error).

A scenario is a conversation between roles. Each role plays the *first* side (it starts / produces / serves),
the *second* side, or the *harness* (checks run by the runner's own Python). A cell of the matrix picks the
language of each side: pair ``java->python`` runs first-side roles in Java and second-side roles in Python.
See docs/scenarios.md for the whole schema with an example.
"""
import json
import os
import re
from dataclasses import dataclass, field

import yaml

SCHEMA_VERSION = 1
PAIRS = ("java->python", "python->java", "python->python", "java->java")
SIDES = ("first", "second", "harness")
TRANSPORTS = ("pipe", "socket", "manager", "shared-memory", "semaphore", "mmap", "fifo")
CHILD = "{child}"
# Placeholders every cell defines: its temporary directory (the roles' working directory), a unique tag, a
# shared-memory name and a semaphore name made from it (swept from /dev/shm whatever happens), the repository
# and the scenario file's directory; {sl_layout}, the ShareableList layout the cell's CPython reads ("v1" for 3.8,
# else "v2"), for a Java side that writes one. Services add {ROLE.address}; params add their names; repeats add {i}.
BUILTINS = ("dir", "tag", "shm", "sem", "repo", "here", "authkey_env", "sl_layout")

_TOP = {"version", "id", "title", "seed", "transport", "timeout", "pairs", "params", "env", "roles", "steps",
        "cleanup", "reference", "expect", "skip", "legacy_pythons", "notes"}
_TOP_REQUIRED = {"version", "id", "title", "transport", "timeout", "roles", "steps", "expect"}
_ROLE = {"side", "python", "python27", "java", "service", "child", "stdin", "requires", "notes"}
_EXPECT = {"lines", "values", "unordered", "exit"}
_SKIP = {"pairs", "python", "reason"}
_REPEAT = {"repeat", "i", "json"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\}")


class ScenarioError(ValueError):
    """A scenario file that does not follow the schema; the message names the file and the key."""


@dataclass(frozen=True)
class Role:
    name: str
    side: str
    python: tuple = None      # argv; "python" as argv[0] is the cell's interpreter
    python27: tuple = None    # argv under Python 2.7 (legacy_pythons)
    java: tuple = None        # argv; "mpbridge" as argv[0] is bin/mpbridge
    service: bool = False     # prints READY <ADDR> and runs until the scenario ends
    child: str = None         # the role started by this one on a pipe (spliced at {child})
    stdin: str = None
    requires: tuple = ()      # mpbridge subcommands a java argv needs (found in the argv when not given)


@dataclass(frozen=True)
class Expect:
    lines: tuple = None
    values: tuple = None
    unordered: bool = False
    exit: int = None


@dataclass(frozen=True)
class SkipRule:
    pairs: tuple
    python: str
    reason: str


@dataclass
class Scenario:
    path: str
    id: str
    title: str
    transport: str
    timeout: float
    roles: dict
    steps: list
    expect: dict
    version: int = SCHEMA_VERSION
    seed: str = ""
    pairs: tuple = PAIRS
    params: dict = field(default_factory=dict)
    env: dict = field(default_factory=dict)
    cleanup: list = field(default_factory=list)
    reference: tuple = None
    skip: list = field(default_factory=list)
    legacy_pythons: tuple = ()
    notes: str = ""

    @property
    def here(self):
        return os.path.dirname(os.path.abspath(self.path))


def _fail(where, message):
    raise ScenarioError("%s: %s" % (where, message))


def _keys(where, mapping, allowed, required=()):
    if not isinstance(mapping, dict):
        _fail(where, "expected a mapping, got %s" % type(mapping).__name__)
    unknown = sorted(set(mapping) - set(allowed))
    if unknown:
        _fail(where, "unknown key%s %s (allowed: %s)" % ("s" if len(unknown) > 1 else "", ", ".join(map(repr, unknown)),
                                                       ", ".join(sorted(allowed))))
    missing = sorted(set(required) - set(mapping))
    if missing:
        _fail(where, "missing key%s %s" % ("s" if len(missing) > 1 else "", ", ".join(map(repr, missing))))


def _repeat(where, item):
    _keys(where, item, _REPEAT, ("repeat", "i"))
    if not isinstance(item["repeat"], str):
        _fail(where + ".repeat", "expected a string template")
    bounds = item["i"]
    if not (isinstance(bounds, list) and len(bounds) in (2, 3)):
        _fail(where + ".i", "expected [START, STOP] or [START, STOP, STEP], as range() takes them")
    return {"repeat": item["repeat"], "i": tuple(bounds), "json": bool(item.get("json", False))}


def _argv(where, value):
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        _fail(where, "expected a non-empty list (the command line)")
    out = []
    for n, item in enumerate(value):
        if isinstance(item, dict):
            out.append(_repeat("%s[%d]" % (where, n), item))
        elif isinstance(item, (str, int, float)) and not isinstance(item, bool):
            out.append(str(item))
        else:
            _fail("%s[%d]" % (where, n), "expected a string, a number or {repeat, i}")
    return tuple(out)


def _role(where, name, raw):
    _keys(where, raw, _ROLE, ("side",))
    if raw["side"] not in SIDES:
        _fail(where + ".side", "expected one of %s, got %r" % (", ".join(SIDES), raw["side"]))
    role = Role(name=name, side=raw["side"], python=_argv(where + ".python", raw.get("python")),
                python27=_argv(where + ".python27", raw.get("python27")), java=_argv(where + ".java", raw.get("java")),
                service=bool(raw.get("service", False)), child=raw.get("child"), stdin=raw.get("stdin"),
                requires=tuple(raw.get("requires") or ()))
    if role.python is None:
        _fail(where, "missing key 'python' (every role has a Python program)")
    if role.side != "harness" and role.java is None:
        _fail(where, "missing key 'java' (a %s-side role runs in Java in the pairs that put Java there)" % role.side)
    if role.side == "harness" and (role.java or role.python27):
        _fail(where, "a harness role runs under the runner's own Python only: no 'java' or 'python27'")
    for lang, argv in (("python", role.python), ("python27", role.python27), ("java", role.java)):
        if argv and (CHILD in argv) != bool(role.child):
            _fail("%s.%s" % (where, lang), "'{child}' must appear exactly when 'child' is given")
    return role


def _expect(where, raw):
    _keys(where, raw, _EXPECT)
    lines = raw.get("lines")
    values = raw.get("values")
    if lines is not None and values is not None:
        _fail(where, "give 'lines' or 'values', not both")

    def items(key, seq):
        if not isinstance(seq, list):
            _fail("%s.%s" % (where, key), "expected a list")
        return tuple(_repeat("%s.%s[%d]" % (where, key, n), x) if isinstance(x, dict) and "repeat" in x else x
                     for n, x in enumerate(seq))

    exit_code = raw.get("exit")
    if exit_code is not None and not isinstance(exit_code, int):
        _fail(where + ".exit", "expected an integer")
    return Expect(lines=items("lines", lines) if lines is not None else None,
                  values=items("values", values) if values is not None else None,
                  unordered=bool(raw.get("unordered", False)), exit=exit_code)


def parse(data, path):
    """A Scenario from the YAML document ``data`` read from ``path``; ScenarioError on any schema problem."""
    where = os.path.basename(path)
    _keys(where, data, _TOP, _TOP_REQUIRED)
    if data["version"] != SCHEMA_VERSION:
        _fail(where + ".version", "schema version %r is not supported (this runner reads %d)" % (data["version"], SCHEMA_VERSION))
    stem = os.path.splitext(os.path.basename(path))[0]
    if data["id"] != stem:
        _fail(where + ".id", "id %r must match the file name %r" % (data["id"], stem))
    if data["transport"] not in TRANSPORTS:
        _fail(where + ".transport", "expected one of %s, got %r" % (", ".join(TRANSPORTS), data["transport"]))
    if not isinstance(data["timeout"], (int, float)) or data["timeout"] <= 0:
        _fail(where + ".timeout", "expected a positive number of seconds")
    pairs = tuple(data.get("pairs") or PAIRS)
    for p in pairs:
        if p not in PAIRS:
            _fail(where + ".pairs", "unknown pair %r (pairs: %s)" % (p, ", ".join(PAIRS)))
    for key in ("params", "env"):
        if not isinstance(data.get(key) or {}, dict):
            _fail("%s.%s" % (where, key), "expected a mapping")

    raw_roles = data["roles"]
    _keys(where + ".roles", raw_roles, set(raw_roles))
    roles = {name: _role("%s.roles.%s" % (where, name), name, raw) for name, raw in raw_roles.items()}

    children = {r.child for r in roles.values() if r.child}
    for r in roles.values():
        if r.child and r.child not in roles:
            _fail("%s.roles.%s.child" % (where, r.name), "no role named %r" % r.child)
        if r.child and roles[r.child].side == r.side:
            _fail("%s.roles.%s.child" % (where, r.name), "a child must play the other side")

    def names(key, value):
        if not isinstance(value, list):
            _fail("%s.%s" % (where, key), "expected a list")
        return value

    steps = []
    seen = set()
    for n, step in enumerate(names("steps", data["steps"])):
        step = step if isinstance(step, list) else [step]
        for name in step:
            if name not in roles:
                _fail("%s.steps[%d]" % (where, n), "no role named %r" % name)
            if name in children:
                _fail("%s.steps[%d]" % (where, n), "%r is started by its parent, not by a step" % name)
            if name in seen:
                _fail("%s.steps[%d]" % (where, n), "%r is started twice" % name)
            seen.add(name)
        steps.append(list(step))
    cleanup = list(names("cleanup", data.get("cleanup") or []))
    for name in cleanup:
        if name not in roles or name in seen or name in children:
            _fail(where + ".cleanup", "%r must be a role that no step starts" % name)
    unused = sorted(set(roles) - seen - children - set(cleanup))
    if unused:
        _fail(where + ".steps", "roles never started: %s" % ", ".join(unused))

    expect_raw = data["expect"]
    _keys(where + ".expect", expect_raw, set(roles))
    expect = {name: _expect("%s.expect.%s" % (where, name), raw) for name, raw in expect_raw.items()}

    reference = None
    if data.get("reference") is not None:
        _keys(where + ".reference", data["reference"], {"python"}, {"python"})
        reference = _argv(where + ".reference.python", data["reference"]["python"])
        if "python->python" not in pairs:
            _fail(where + ".reference", "a reference is the python->python run: list that pair")

    skip = []
    for n, rule in enumerate(names("skip", data.get("skip") or [])):
        _keys("%s.skip[%d]" % (where, n), rule, _SKIP, ("reason",))
        for p in rule.get("pairs") or ():
            if p not in PAIRS:
                _fail("%s.skip[%d].pairs" % (where, n), "unknown pair %r" % p)
        skip.append(SkipRule(tuple(rule.get("pairs") or PAIRS), str(rule.get("python") or ""), rule["reason"]))

    scenario = Scenario(path=path, id=data["id"], title=data["title"], transport=data["transport"],
                    timeout=float(data["timeout"]), roles=roles, steps=steps, expect=expect, seed=str(data.get("seed") or ""),
                    pairs=pairs, params=dict(data.get("params") or {}), env=dict(data.get("env") or {}), cleanup=cleanup,
                    reference=reference, skip=skip, legacy_pythons=tuple(str(v) for v in data.get("legacy_pythons") or ()),
                    notes=str(data.get("notes") or ""))
    _check_placeholders(where, scenario)
    return scenario


def _check_placeholders(where, sc):
    known = set(BUILTINS) | set(sc.params) | {"%s.address" % r.name for r in sc.roles.values() if r.service}

    def check(at, items, extra=()):
        for item in items or ():
            if isinstance(item, dict):
                check(at, [item["repeat"]], ("i",))
                check(at, [str(b) for b in item["i"]])
            elif isinstance(item, str) and item != CHILD:
                for name in placeholders(item):
                    if name not in known and name not in extra:
                        _fail(at, "unknown placeholder {%s} (known: %s)" % (name, ", ".join(sorted(known))))

    for r in sc.roles.values():
        for lang in ("python", "python27", "java"):
            check("%s.roles.%s.%s" % (where, r.name, lang), getattr(r, lang))
        check("%s.roles.%s.stdin" % (where, r.name), [r.stdin])
    for name, e in sc.expect.items():
        check("%s.expect.%s" % (where, name), (e.lines or ()) + (e.values or ()))
    check(where + ".env", [str(v) for v in sc.env.values()])
    check(where + ".reference", sc.reference)


def load(path):
    with open(path, encoding="utf-8") as f:
        try:
            data = yaml.safe_load(f)
        except yaml.YAMLError as e:
            raise ScenarioError("%s: not valid YAML: %s" % (os.path.basename(path), e))
    return parse(data, path)


def load_all(directory):
    """Every ``*.yaml`` in ``directory``, sorted by id; the first schema problem raises ScenarioError."""
    paths = sorted(os.path.join(directory, f) for f in os.listdir(directory) if f.endswith((".yaml", ".yml")))
    return [load(p) for p in paths]


def placeholders(text):
    return _PLACEHOLDER.findall(text)


def substitute(text, context, where="template"):
    """``{name}`` and ``{role.address}`` from ``context``; an unknown name is an error naming ``where``."""
    def one(match):
        key = match.group(1)
        if key not in context:
            raise ScenarioError("%s: unknown placeholder {%s} (known: %s)" % (where, key, ", ".join(sorted(context))))
        return str(context[key])
    return _PLACEHOLDER.sub(one, text)


def expand(items, context, where="list"):
    """A list with ``{repeat, i}`` items expanded and placeholders substituted in every string."""
    out = []
    for item in items:
        if isinstance(item, dict):
            bounds = [int(substitute(str(b), context, where)) for b in item["i"]]
            for i in range(*bounds):
                text = substitute(item["repeat"], dict(context, i=i), where)
                if item["json"]:
                    out.append(json.loads(text))
                else:
                    out.append(text)
        elif isinstance(item, str):
            out.append(substitute(item, context, where))
        else:
            out.append(item)
    return out
