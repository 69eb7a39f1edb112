"""The cells of the matrix: scenario x pair x Python, what each needs, and why a cell is skipped.

A cell runs its first-side roles in the language before the arrow and its second-side roles in the one after
it. ``java->java`` involves no Python, so it is one cell per scenario (its ``python`` is null). A scenario's
``legacy_pythons`` (2.7) add cells for the pairs with a Python side, skipped with the reason when no such
interpreter is installed.

Skips come in three kinds: ``environment`` (an optional interpreter is not installed), ``declared`` (the
scenario's own ``skip:`` rules: a documented limit of CPython) and ``capability`` (a Java role this
checkout's ``bin/mpbridge`` does not have). Strict mode (CI) fails capability skips only.

``--runtime container`` gives every cell with a Python side a twin whose Python processes run in the container of
the cell's CPython (``make images``; docs/containers.md); its id ends in ``/container``. A container cell that
cannot run (no engine, no image) is a ``container`` skip, which ``MPBRIDGE_REQUIRE_DOCKER=1`` fails.
"""
import os
import re
import subprocess
import threading
import zlib
from dataclasses import dataclass

from mpbridge.runner.model import PAIRS

ENVIRONMENT, DECLARED, CAPABILITY, CONTAINER = "environment", "declared", "capability", "container"
RUNTIMES = ("local", "container")
_MPBRIDGE_WORDS = re.compile(r"(?:^|[\s;&|(])mpbridge\s+([a-z][a-z0-9-]*)(?:\s+([a-z][a-z0-9-]*))?")


@dataclass
class Cell:
    scenario: object          # model.Scenario
    pair: str
    python: object = None     # interpreters.Interpreter, or None (java->java, or an interpreter not found)
    python_label: str = None  # "3.12.1"; "2.7" for a legacy version not found; None for java->java
    skip: str = None
    skip_kind: str = None
    runtime: str = "local"    # local | container: where the cell's Python processes run
    image: str = None         # the container cells' image, e.g. mpbridge/python:3.12.1

    @property
    def id(self):
        base = "%s/%s/%s" % (self.scenario.id, self.pair, self.python_label or "-")
        return base + "/container" if self.runtime == "container" else base

    @property
    def languages(self):
        """{'first': 'java'|'python', 'second': ..., 'harness': 'python'}."""
        first, second = self.pair.split("->")
        return {"first": first, "second": second, "harness": "python"}

    @property
    def legacy(self):
        return self.python_label is not None and self.python_label.startswith("2.")

    @property
    def uses_reference(self):
        return self.pair == "python->python" and self.scenario.reference is not None and not self.legacy


class JavaPeer(object):
    """What ``bin/mpbridge`` can do, asked once per subcommand (``mpbridge CMD --help``, ``role --list``)."""

    def __init__(self, cli):
        self.cli = cli
        self._lock = threading.Lock()
        self._commands = {}
        self._roles = None
        self._broken = None

    def _run(self, args):
        try:
            out = subprocess.run([self.cli] + args, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as e:
            return 127, "", str(e)
        return out.returncode, out.stdout, out.stderr

    def broken(self):
        """None when the CLI runs, else why not."""
        with self._lock:
            if self._broken is None:
                if not os.path.exists(self.cli):
                    self._broken = "%s not found (run 'make build')" % self.cli
                else:
                    code, _, err = self._run(["--version"])
                    self._broken = "" if code == 0 else "%s --version failed (exit %s): %s" % (
                        self.cli, code, (err.strip().splitlines() or [""])[-1])
            return self._broken or None

    def has_command(self, name):
        with self._lock:
            if name not in self._commands:
                # picocli prints the top-level usage (exit 0) for an unknown command with --help: check the line
                code, out, _ = self._run([name, "--help"])
                self._commands[name] = code == 0 and out.startswith("Usage: mpbridge %s" % name)
            return self._commands[name]

    def roles(self):
        with self._lock:
            if self._roles is None:
                code, out, _ = self._run(["role", "--list"])
                self._roles = set(out.split()) if code == 0 else set()
            return self._roles


def java_needs(argv, declared=()):
    """The mpbridge subcommands (and ``role NAME``s) a Java argv uses: [('sem', None), ('role', 'x'), ...]."""
    needs = [(cmd, None) for cmd in declared]
    text = " ".join(a if isinstance(a, str) else a.get("repeat", "") for a in argv)
    for cmd, sub in _MPBRIDGE_WORDS.findall(text):
        needs.append((cmd, sub if cmd == "role" and sub else None))
    return needs


def missing_java(scenario, side_langs, java):
    """Why a Java role of this cell cannot run, or None."""
    roles = [r for r in scenario.roles.values() if side_langs.get(r.side) == "java"]
    if not roles:
        return None
    broken = java.broken()
    if broken:
        return "java peer unavailable: " + broken
    for role in roles:
        for cmd, sub in java_needs(role.java, role.requires):
            if not java.has_command(cmd):
                return "java role unavailable: mpbridge has no '%s' command (role %s)" % (cmd, role.name)
            if sub and sub not in java.roles():
                return "java role unavailable: mpbridge role has no '%s' (role %s)" % (sub, role.name)
    return None


def _declared_skip(scenario, pair, version):
    for rule in scenario.skip:
        if pair in rule.pairs and (not rule.python or version == rule.python or version.startswith(rule.python + ".")):
            return rule.reason
    return None


def matches(version, specs):
    """``--python 3.12`` style: a version matches a spec that equals it or is a prefix of it."""
    return not specs or any(version == s or version.startswith(s + ".") for s in specs)


def build(scenarios, interpreters, legacy, java, scenario_ids=(), pairs=(), pythons=(), runtimes=("local",), images=None):
    """The cells, in a stable order, each marked with its skip reason when it cannot run.

    ``legacy``: {"2.7": Interpreter or None}; ``java``: a JavaPeer; filters as the command line gives them;
    ``runtimes``: local and/or container; ``images``: a function version -> (image or None, why not) for container cells.
    """
    bad_runtimes = sorted(set(runtimes) - set(RUNTIMES))
    if bad_runtimes or not runtimes:
        raise ValueError("unknown runtime %s (runtimes: local, container)" % (", ".join(bad_runtimes) or "(none)"))
    local = _build(scenarios, interpreters, legacy, java, scenario_ids, pairs, pythons)
    cells = []
    for cell in local:
        if cell.python is not None and cell.python.path is None and not cell.skip:  # a version known by its image only
            cell.skip, cell.skip_kind = ("CPython %s is not installed here (only its image)" % cell.python_label, ENVIRONMENT)
        if "local" in runtimes:
            cells.append(cell)
        if "container" in runtimes and cell.pair != "java->java":  # java->java has no Python side to contain
            cells.append(_in_container(cell, images))
    return cells


def _in_container(cell, images):
    image_only = cell.python is not None and cell.python.path is None and cell.skip_kind == ENVIRONMENT
    skip, kind = (None, None) if image_only else (cell.skip, cell.skip_kind)
    twin = Cell(cell.scenario, cell.pair, cell.python, cell.python_label, skip, kind, runtime="container")
    if twin.skip:
        return twin
    image, why = images(twin.python_label) if images else (None, "no image lookup")
    if image:
        twin.image = image
    else:  # an optional legacy interpreter's image is optional too
        twin.skip, twin.skip_kind = why, ENVIRONMENT if twin.legacy else CONTAINER
    return twin


def _build(scenarios, interpreters, legacy, java, scenario_ids=(), pairs=(), pythons=()):
    cells = []
    unknown = sorted(set(scenario_ids) - {s.id for s in scenarios})
    if unknown:
        raise ValueError("no scenario with id %s (known: %s)" % (", ".join(unknown), ", ".join(s.id for s in scenarios)))
    bad_pairs = sorted(set(pairs) - set(PAIRS))
    if bad_pairs:
        raise ValueError("unknown pair %s (pairs: %s)" % (", ".join(bad_pairs), ", ".join(PAIRS)))
    known = [i.version for i in interpreters] + sorted({v for sc in scenarios for v in sc.legacy_pythons})
    unmatched = [p for p in pythons or () if not any(matches(v, [p]) for v in known)]
    if unmatched:  # a filter that selects no interpreter must not quietly run (and pass) without Python
        raise ValueError("--python %s matches no interpreter found (found: %s)"
                         % (",".join(unmatched), ", ".join(i.version for i in interpreters) or "none"))
    for sc in scenarios:
        if scenario_ids and sc.id not in scenario_ids:
            continue
        for pair in sc.pairs:
            if pairs and pair not in pairs:
                continue
            if pair == "java->java":
                cells.append(Cell(sc, pair))
                continue
            for interp in interpreters:
                if matches(interp.version, pythons):
                    cells.append(Cell(sc, pair, interp, interp.version))
            for version in sc.legacy_pythons:
                if pythons and not matches(version, pythons):
                    continue
                interp = legacy.get(version)
                if interp is None:
                    cells.append(Cell(sc, pair, None, version, "Python %s not found (pyenv versions, python%s on PATH, "
                                                               "MPBRIDGE_PYTHONS)" % (version, version), ENVIRONMENT))
                else:
                    cells.append(Cell(sc, pair, interp, interp.version))
    for cell in cells:
        if cell.skip:
            continue
        label = cell.python_label or ""
        reason = _declared_skip(cell.scenario, cell.pair, label) if label else None
        if reason:
            cell.skip, cell.skip_kind = reason, DECLARED
            continue
        if cell.legacy:
            lacking = [r.name for r in cell.scenario.roles.values()
                       if cell.languages[r.side] == "python" and r.side != "harness" and not r.python27]
            if lacking:
                cell.skip, cell.skip_kind = ("no Python %s program for role %s" % (label, ", ".join(lacking)), DECLARED)
                continue
        if not cell.uses_reference:
            reason = missing_java(cell.scenario, cell.languages, java)
            if reason:
                cell.skip, cell.skip_kind = reason, CAPABILITY
    return cells


def parse_shard(text):
    """``K/N`` (1 <= K <= N) -> (K, N)."""
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise ValueError("--shard expects K/N, e.g. 2/4; got %r" % text)
    if not 1 <= k <= n:
        raise ValueError("--shard %s: K must be between 1 and N" % text)
    return k, n


def shard(cells, k, n):
    """The cells of shard K of N: by a hash of the cell id, so a cell's shard does not depend on which other
    cells exist (machines of a CI matrix may find different interpreters) and every cell is in exactly one."""
    return [c for c in cells if zlib.crc32(c.id.encode("utf-8")) % n == k - 1]
