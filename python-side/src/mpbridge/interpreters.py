"""Find the CPython interpreters on this machine (stdlib only, runs on 3.8+).

``MPBRIDGE_PYTHONS`` (paths separated by ``os.pathsep`` or commas), when set, is the whole list: exactly these
interpreters, nothing discovered. Otherwise: the pyenv versions (``$(pyenv root)/versions/*/bin/python``), and
``python2.7`` / ``python3.X`` in every PATH directory. Each candidate is asked for its own
version; every candidate found or skipped is reported with the reason.
"""
import glob
import os
import shutil
import subprocess
import sys
from collections import namedtuple

Interpreter = namedtuple("Interpreter", "path version")  # version: "3.12.1"
Skipped = namedtuple("Skipped", "path reason")

SUPPORTED = ((3, 8), (3, 13))


def _patch(version):
    return tuple(int("".join(ch for ch in p if ch.isdigit()) or 0) for p in version.split("."))


def version_tuple(version):
    return tuple(int(p) for p in version.split(".")[:2])


def _pyenv_root():
    root = os.environ.get("PYENV_ROOT")
    if root and os.path.isdir(root):
        return root
    exe = shutil.which("pyenv")
    if exe:
        try:
            return subprocess.run([exe, "root"], capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    home = os.path.expanduser("~/.pyenv")
    return home if os.path.isdir(home) else None


def candidates():
    """(path, source) pairs, in discovery order, duplicates included."""
    found = []
    env = os.environ.get("MPBRIDGE_PYTHONS", "")
    for part in env.replace(",", os.pathsep).split(os.pathsep):
        if part.strip():
            found.append((part.strip(), "MPBRIDGE_PYTHONS"))
    if found:  # the user pinned the interpreters: exactly these, no discovery
        return found
    root = _pyenv_root()
    if root:
        for path in sorted(glob.glob(os.path.join(root, "versions", "*", "bin", "python"))):
            found.append((path, "pyenv"))
    for directory in os.environ.get("PATH", "").split(os.pathsep):  # every directory: a shim must not hide /usr/bin
        for name in ["python2.7"] + ["python3.%d" % minor for minor in range(6, 20)]:
            exe = os.path.join(directory, name) if directory else None
            if exe and os.path.isfile(exe) and os.access(exe, os.X_OK):
                found.append((exe, SHIM if root and _is_pyenv_shim(exe, root) else "PATH"))
    return found


SHIM = "a pyenv shim on PATH"


def _is_pyenv_shim(path, root):
    return os.path.dirname(os.path.abspath(path)) == os.path.join(os.path.abspath(root), "shims")


def probe(path):
    """The interpreter's version string, or raise OSError with the reason."""
    if not os.path.exists(path):
        raise OSError("does not exist")
    try:
        out = subprocess.run(
            [path, "-c", "import platform; print(platform.python_version()); print(platform.python_implementation())"],
            capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as e:
        raise OSError("cannot run: %s" % e)
    lines = out.stdout.split()
    if out.returncode != 0 or len(lines) < 2:
        first = (out.stderr.strip().splitlines() or [""])[0]
        raise OSError("cannot run (exit %s): %s" % (out.returncode, first[:160]))
    if lines[1].lower() != "cpython":
        raise OSError("not CPython (%s)" % lines[1])
    return lines[0].rstrip("+")


def discover(minimum=SUPPORTED[0], maximum=SUPPORTED[1]):
    """(interpreters, skipped): one interpreter per X.Y version (its newest patch; the first found among equals), in
    version order."""
    by_minor = {}
    skipped = []
    seen = set()
    for path, source in candidates():
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        if source == SHIM:  # it runs whichever version pyenv selects; the versions themselves were searched above
            skipped.append(Skipped(path, "a pyenv shim (pyenv versions are searched directly; MPBRIDGE_PYTHONS pins the list)"))
            continue
        try:
            version = probe(path)
        except OSError as e:
            skipped.append(Skipped(path, "%s (from %s)" % (e, source)))
            continue
        vt = version_tuple(version)
        if not (minimum <= vt <= maximum):
            skipped.append(Skipped(path, "CPython %s is outside %d.%d-%d.%d" % ((version,) + minimum + maximum)))
            continue
        if vt in by_minor:
            kept = by_minor[vt]
            if _patch(version) > _patch(kept.version):  # the newest patch of each X.Y wins
                skipped.append(Skipped(kept.path, "CPython %s: %s (%s) is newer" % (kept.version, path, version)))
                by_minor[vt] = Interpreter(path, version)
            else:
                skipped.append(Skipped(path, "CPython %s: %s already chosen for %d.%d" % ((version, kept.path) + vt)))
            continue
        by_minor[vt] = Interpreter(path, version)
    return [by_minor[k] for k in sorted(by_minor)], skipped


def select(interpreters, spec):
    """Filter by ``--python 3.12`` style specs (comma-separated prefixes of the version)."""
    if not spec:
        return list(interpreters)
    wanted = [s.strip() for s in spec.split(",") if s.strip()]
    return [i for i in interpreters if any(i.version == w or i.version.startswith(w + ".") for w in wanted)]


def main(argv=None):
    interpreters, skipped = discover()
    for i in interpreters:
        print("found   %-8s %s" % (i.version, i.path))
    for s in skipped:
        print("skipped %s: %s" % (s.path, s.reason))
    if not interpreters:
        print("no usable CPython 3.8-3.13: set MPBRIDGE_PYTHONS or install them with pyenv", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
