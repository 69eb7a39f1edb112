"""``python -m mpbridge.images build|list|name`` - one Docker image per CPython found (3.8-3.13, and 2.7 for the seeds'
Python 2 programs), for Python peers in containers.

Built offline from the local interpreter (``--base local``, the default): a minimal root file system holding the
interpreter's executable, its standard library (without ``test``, ``idlelib``, ``tkinter``, ``ensurepip``,
``site-packages``), ``libpythonX.Y``, every shared library they and the lib-dynload modules need (``ldd``, the dynamic
loader included), ``/bin/sh`` (a pipe child is started through it), the libraries a host JDK bind-mounted at run time
needs (a Java child of a Python parent runs beside it), and the few ``/etc`` files Python wants (passwd, group,
nsswitch.conf, hosts). Every file sits at its host path, so paths are the same inside and out. The tar is loaded
with ``docker import`` and tagged

    mpbridge/python:3.12.1            what peers run (also mpbridge/python:3.12)
    mpbridge/python:3.12.1-c<hash>    the content hash: a later build with the same hash does nothing

The build is skipped without reading any file when the manifest (path, size, mtime, mode of every file but
bytecode caches, which any run of the interpreter may add) matches the last build's (``build/images/cache.json``).

``python-side`` is not baked in: it is bind-mounted when a container starts. ``--base official`` instead pulls
``python:3.X-slim`` (a registry must be reachable) and tags it ``mpbridge/python:<its version>`` and ``:3.X``; with
``--python 3.8,3.13`` it needs no local interpreter at all (the runner then plans container cells from the images).
"""
import argparse
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

from mpbridge import interpreters as _interpreters

REPOSITORY = "mpbridge/python"
RECIPE = "2"  # bump when the rootfs recipe changes: every image is rebuilt
EXCLUDED_STDLIB = ("test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3/tests", "site-packages",
                   "unittest/test", "distutils/tests", "ctypes/test", "sqlite3/test", "tkinter/test")
CONFIG_DIR = re.compile(r"^config-\d")
ETC_PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
ETC_GROUP = "root:x:0:\nnogroup:x:65534:\n"
ETC_NSSWITCH = "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n"
ETC_HOSTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
HOST_FILES = ("/etc/protocols", "/etc/services")  # socket.getservbyname, getprotobyname


class ImageError(Exception):
    pass


def docker(*args, check=True, capture=True, timeout=300, stdin=None):
    exe = shutil.which("docker")
    if not exe:
        raise ImageError("no docker CLI on PATH; run 'make docker'")
    try:
        out = subprocess.run([exe] + list(args), capture_output=capture, text=True, timeout=timeout, stdin=stdin)
    except subprocess.TimeoutExpired:
        raise ImageError("docker %s did not finish within %d s" % (" ".join(args[:2]), timeout))
    if check and out.returncode != 0:
        raise ImageError("docker %s failed (exit %d): %s" % (" ".join(args[:3]), out.returncode, (out.stderr or "").strip()[:500]))
    return out


def engine_problem():
    """None when a Docker engine answers, else why not (for skips and errors)."""
    if not shutil.which("docker"):
        return "no docker CLI on PATH (make docker installs one)"
    try:
        out = subprocess.run(["docker", "version", "--format", "{{.Server.Version}}"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.SubprocessError) as e:
        return "docker version: %s" % e
    if out.returncode != 0:
        return "no Docker engine answers (DOCKER_HOST=%s): %s; run 'make docker'" % (
            os.environ.get("DOCKER_HOST", "unset"), (out.stderr.strip().splitlines() or ["?"])[-1])
    return None


def image_name(version):
    return "%s:%s" % (REPOSITORY, version)


def image_exists(ref):
    return docker("image", "inspect", "--format", "{{.Id}}", ref, check=False).returncode == 0


def image_id(ref):
    out = docker("image", "inspect", "--format", "{{.Id}}", ref, check=False)
    return out.stdout.strip() if out.returncode == 0 else None


def find_image(version):
    """The image for CPython ``version`` ("3.12.1"): the exact tag, else the X.Y tag; None when neither exists."""
    minor = ".".join(version.split(".")[:2])
    for ref in (image_name(version), image_name(minor)):
        if image_exists(ref):
            return ref
    return None


def image_versions():
    """The CPython versions (``X.Y.Z``) that have an ``mpbridge/python:X.Y.Z`` image here, oldest first."""
    out = docker("images", REPOSITORY, "--format", "{{.Tag}}", check=False)
    tags = {t for t in out.stdout.split() if re.match(r"^\d+\.\d+\.\d+$", t)} if out.returncode == 0 else set()
    return sorted(tags, key=lambda v: tuple(int(p) for p in v.split(".")))


# ---- the root file system of one interpreter

_PROBE = r"""
import json, os, sys, sysconfig
v = sys.version_info
print(json.dumps({
    "version": "%d.%d.%d" % v[:3], "executable": os.path.realpath(sys.executable),
    "prefix": getattr(sys, "base_prefix", sys.prefix), "stdlib": sysconfig.get_paths()["stdlib"],
    "platstdlib": sysconfig.get_paths()["platstdlib"],
    "libdir": sysconfig.get_config_var("LIBDIR") or "", "ldlibrary": sysconfig.get_config_var("LDLIBRARY") or "",
    "minor": "%d.%d" % v[:2]}))
"""


def describe(interpreter_path):
    out = subprocess.run([interpreter_path, "-E", "-s", "-c", _PROBE], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise ImageError("%s: cannot describe itself: %s" % (interpreter_path, out.stderr.strip()[:300]))
    return json.loads(out.stdout)


_LDD_LINE = re.compile(r"^\s*(?:(\S+)\s+=>\s+)?(/\S+)\s+\(0x")


def shared_libraries(paths):
    """The shared libraries ``ldd`` resolves for ``paths`` (loader included), and the ones it cannot find."""
    found, missing = set(), set()
    paths = sorted(set(paths))
    for start in range(0, len(paths), 200):  # one ldd for many files: it prints "FILE:" before each one's list
        batch = paths[start:start + 200]
        out = subprocess.run(["ldd"] + batch, capture_output=True, text=True, timeout=120)
        current = batch[0]
        for line in out.stdout.splitlines():
            if not line.startswith(("\t", " ")) and line.endswith(":") and line[:-1] in batch:
                current = line[:-1]
                continue
            if "=> not found" in line:
                missing.add((current, line.split()[0]))
                continue
            m = _LDD_LINE.match(line)
            if m:
                found.add(m.group(2))
    return found, missing


def _elf(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def host_jdk():
    """The JDK home a Java child would run from (JAVA_HOME, else java on PATH), or None."""
    home = os.environ.get("JAVA_HOME")
    if not home:
        java = shutil.which("java")
        if not java:
            return None
        home = os.path.dirname(os.path.dirname(os.path.realpath(java)))
    return home if os.path.isdir(os.path.join(home, "lib")) else None


def _stdlib_excluded(rel):
    parts = rel.replace(os.sep, "/")
    first = parts.split("/", 1)[0]
    if CONFIG_DIR.match(first):
        return True
    return any(parts == e or parts.startswith(e + "/") for e in EXCLUDED_STDLIB)


def rootfs_plan(info, jdk=None):
    """(entries, missing libraries): entries are (path in the image, host path or None, kind) with kind in
    file|dir|symlink|text; ``text`` entries carry their content as the host-path slot."""
    entries = {}

    def add_host_path(path):
        """path, with every symlink on the way (a library's soname link and its target)."""
        parent = os.path.dirname(path)
        if parent and parent != path:
            if parent not in entries:
                add_host_path(parent)
            real_parent = os.path.realpath(parent)
            if real_parent != parent:  # through a symlinked directory (/bin -> usr/bin): the file lives in the target
                path = os.path.join(real_parent, os.path.basename(path))
                if real_parent not in entries:
                    add_host_path(real_parent)
        if path in entries:
            return
        if os.path.islink(path):
            entries[path] = (path, "symlink")
            target = os.path.join(os.path.dirname(path), os.readlink(path))
            add_host_path(os.path.normpath(target))
        elif os.path.isdir(path):
            entries[path] = (path, "dir")
        elif os.path.isfile(path):
            entries[path] = (path, "file")

    add_host_path(info["executable"])
    for stdlib in sorted({info["stdlib"], info["platstdlib"]}):
        add_host_path(stdlib)
        for root, dirs, files in os.walk(stdlib):
            rel_root = os.path.relpath(root, stdlib)
            dirs[:] = sorted(d for d in dirs if not _stdlib_excluded(os.path.normpath(os.path.join(rel_root, d))))
            for name in dirs + sorted(files):
                add_host_path(os.path.join(root, name))
    libdir, ldlibrary = info["libdir"], info["ldlibrary"]
    if libdir and os.path.isdir(libdir):
        for name in sorted(os.listdir(libdir)):
            if name.startswith("libpython") and ".so" in name:
                add_host_path(os.path.join(libdir, name))
    elf = [p for p, (h, kind) in entries.items() if kind == "file" and (p.endswith(".so") or ".so." in p or p == info["executable"]) and _elf(p)]
    sh = os.path.realpath("/bin/sh")
    add_host_path("/bin/sh")
    elf.append(sh)
    if jdk:
        for root, _, files in os.walk(os.path.join(jdk, "lib")):
            elf.extend(os.path.join(root, f) for f in files if f.endswith(".so"))
    libs, missing = shared_libraries(elf)
    for lib in sorted(libs):
        add_host_path(lib)
        add_host_path(os.path.realpath(lib))
    for loader in ("/lib64/ld-linux-x86-64.so.2", "/lib/ld-linux-aarch64.so.1"):
        if os.path.exists(loader):
            add_host_path(loader)
    bindir = os.path.dirname(info["executable"])
    for alias in ("python", "python%s" % info["minor"].split(".")[0]):
        link = os.path.join(bindir, alias)
        if link != info["executable"] and link not in entries:
            entries[link] = (os.path.basename(info["executable"]), "symlink-to")
    for path, text in (("/etc/passwd", ETC_PASSWD), ("/etc/group", ETC_GROUP), ("/etc/nsswitch.conf", ETC_NSSWITCH),
                       ("/etc/hosts", ETC_HOSTS), ("/etc/hostname", "mpbridge\n"), ("/etc/resolv.conf", "")):
        entries[path] = (text, "text")
    for path in HOST_FILES:
        if os.path.isfile(path):
            entries[path] = (path, "file")
    for path in ("/tmp", "/dev", "/proc", "/sys", "/dev/shm", "/etc"):
        entries.setdefault(path, (None, "mkdir"))
    # only libraries the JDK needs may be missing (e.g. libawt's X11); the interpreter's own must all resolve
    python_missing = sorted({lib for who, lib in missing if not (jdk and who.startswith(jdk))})
    return entries, python_missing


def manifest_digest(entries):
    """A cheap digest of what a rootfs would contain (path, kind, size, mtime, mode, link target): the key under
    which the content hash of the last build is remembered."""
    h = hashlib.sha256(("recipe %s\n" % RECIPE).encode())
    for path in sorted(entries):
        if _bytecode(path):
            continue  # written by any run of the interpreter: taken as found, never a reason to rebuild
        source, kind = entries[path]
        if kind in ("file", "dir", "symlink"):
            st = os.lstat(source)
            extra = os.readlink(source) if kind == "symlink" else "%d %d" % (st.st_size, st.st_mtime_ns)
            h.update(("%s %s %o %s\n" % (path, kind, st.st_mode, extra)).encode())
        else:
            h.update(("%s %s %r\n" % (path, kind, source)).encode())
    return h.hexdigest()


def _bytecode(path):
    return "/__pycache__/" in path or path.endswith((".pyc", ".pyo"))


def write_rootfs(entries, out):
    """Writes the rootfs as a tar to the binary file ``out``; returns its sha256 (the content hash)."""
    digest = hashlib.sha256()

    class Hashing(io.RawIOBase):
        def writable(self):
            return True

        def write(self, b):
            digest.update(b)
            out.write(b)
            return len(b)

    with tarfile.open(fileobj=Hashing(), mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(entries):
            source, kind = entries[path]
            arc = path.lstrip("/")
            if kind in ("file", "dir", "symlink"):
                info = tar.gettarinfo(source, arcname=arc)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                if kind == "dir":  # any uid the container runs as (the caller's) must reach the interpreter: /root is 0700
                    info.mode |= 0o555
                elif kind == "file":
                    info.mode |= 0o444 | (0o111 if info.mode & 0o100 else 0)
                if kind == "file":
                    with open(source, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
            elif kind == "symlink-to":
                info = tarfile.TarInfo(arc)
                info.type, info.linkname, info.mode, info.mtime = tarfile.SYMTYPE, source, 0o777, 0
                tar.addfile(info)
            elif kind == "text":
                data = source.encode()
                info = tarfile.TarInfo(arc)
                info.size, info.mode, info.mtime = len(data), 0o644, 0
                tar.addfile(info, io.BytesIO(data))
            elif kind == "mkdir":
                info = tarfile.TarInfo(arc)
                info.type, info.mtime = tarfile.DIRTYPE, 0
                info.mode = 0o1777 if path in ("/tmp", "/dev/shm") else 0o755
                tar.addfile(info)
    return digest.hexdigest()


# ---- building

class Cache(object):
    """build/images/cache.json: manifest digest -> content hash of the tar it gave."""

    def __init__(self, path):
        self.path = path
        try:
            with open(path) as f:
                self.data = json.load(f)
        except (OSError, ValueError):
            self.data = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = value
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.data, f, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


def build_local(interpreter, cache, work, log=print):
    """Builds (or finds cached) the image of one local interpreter; returns (ref, built: bool, seconds)."""
    t0 = time.monotonic()
    info = describe(interpreter.path)
    entries, missing = rootfs_plan(info, host_jdk())
    if missing:
        raise ImageError("CPython %s: ldd cannot resolve %s" % (info["version"], ", ".join(missing)))
    ref = image_name(info["version"])
    key = manifest_digest(entries)
    content = cache.get(key)
    if content:
        hashed = "%s-c%s" % (ref, content[:12])
        if image_exists(hashed) and image_id(hashed) == image_id(ref):
            docker("tag", hashed, image_name(info["minor"]))
            return ref, False, time.monotonic() - t0
    tar_path = os.path.join(work, "rootfs-%s.tar" % info["version"])
    with open(tar_path, "wb") as out:
        content = write_rootfs(entries, out)
    hashed = "%s-c%s" % (ref, content[:12])
    built = False
    if not image_exists(hashed):
        bindir = os.path.dirname(info["executable"])
        changes = ["ENV PATH=%s:/usr/local/bin:/usr/bin:/bin" % bindir, "ENV LANG=C.UTF-8",
                   "ENV MPBRIDGE_IMAGE_CONTENT=sha256:%s" % content, "WORKDIR /tmp",
                   'CMD ["%s"]' % info["executable"]]
        args = ["import"]
        for c in changes:
            args += ["--change", c]
        args += ["--message", "mpbridge: CPython %s from %s (recipe %s)" % (info["version"], info["executable"], RECIPE),
                 tar_path, hashed]
        docker(*args, timeout=600)
        built = True
    docker("tag", hashed, ref)
    docker("tag", hashed, image_name(info["minor"]))
    os.unlink(tar_path)
    prune_older(info["version"], hashed)
    cache.put(key, content)
    return ref, built, time.monotonic() - t0


def prune_older(version, keep):
    """Untags this version's other content tags (``X.Y.Z-c<hash>``), so old rootfs layers do not pile up."""
    tags = docker("images", REPOSITORY, "--format", "{{.Repository}}:{{.Tag}}").stdout.split()
    for tag in tags:
        if tag != keep and tag.startswith("%s-c" % image_name(version)):
            docker("rmi", tag, check=False)


def build_official(minor, log=print):
    """Pulls python:X.Y-slim and tags it mpbridge/python:<its version> and :X.Y."""
    t0 = time.monotonic()
    base = "python:%s-slim" % minor
    docker("pull", "-q", base, timeout=900)
    version = docker("run", "--rm", "--network", "host", base, "python", "-c",
                     "import platform; print(platform.python_version())").stdout.strip()
    for tag in (image_name(version), image_name(minor)):
        docker("tag", base, tag)
    return image_name(version), True, time.monotonic() - t0


def smoke(ref, version):
    """The image runs its interpreter, with the modules peers need."""
    modules = "multiprocessing.connection, mmap, socket, pickle, hmac, hashlib, platform"
    if not version.startswith("2."):
        modules += ", multiprocessing.shared_memory, _posixshmem"
    out = docker("run", "--rm", "--network", "host", "--ipc", "host", ref, "python", "-c",
                 "import %s; print(platform.python_version())" % modules, check=False, timeout=120)
    if out.returncode != 0:
        raise ImageError("%s does not run its interpreter: %s" % (ref, (out.stderr or out.stdout).strip()[-500:]))
    return out.stdout.strip()


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m mpbridge.images", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build (or find cached) one image per CPython found")
    b.add_argument("--python", action="append", metavar="VERSION", help="only these versions (3.12 or 3.8,3.13)")
    b.add_argument("--base", choices=("local", "official"), default=os.environ.get("MPBRIDGE_IMAGE_BASE", "local"),
                   help="local: a rootfs of the local interpreter, offline (default); official: pull python:3.X-slim "
                        "(needs a registry; also MPBRIDGE_IMAGE_BASE=official)")
    b.add_argument("--if-engine", action="store_true",
                   help="no Docker engine: say so and exit 0 (fails anyway when MPBRIDGE_REQUIRE_DOCKER=1)")
    b.add_argument("--cache", default=os.path.join(os.environ.get("MPBRIDGE_REPO", os.getcwd()), "build", "images", "cache.json"))
    sub.add_parser("list", help="the mpbridge/python images")
    n = sub.add_parser("name", help="the image for a version, e.g. 'name 3.12.1' (exit 1: none)")
    n.add_argument("version")
    args = ap.parse_args(argv)

    if args.command == "list":
        print(docker("images", REPOSITORY, "--format", "{{.Repository}}:{{.Tag}}\t{{.ID}}\t{{.Size}}").stdout, end="")
        return 0
    if args.command == "name":
        ref = find_image(args.version)
        if ref:
            print(ref)
        return 0 if ref else 1

    problem = engine_problem()
    if problem:
        if args.if_engine and os.environ.get("MPBRIDGE_REQUIRE_DOCKER") != "1":
            print("== images: skipped, %s" % problem)
            return 0
        print("make images: %s" % problem, file=sys.stderr)
        return 1
    found, skipped = _interpreters.discover()
    spec = ",".join(v.strip() for item in args.python or () for v in item.split(",") if v.strip())
    legacy, _ = _interpreters.discover(minimum=(2, 7), maximum=(2, 7))  # the seeds' Python 2 programs (socket-echo)
    chosen = _interpreters.select(found + legacy, spec)
    if args.base == "official" and spec:  # official images need no local interpreter: the versions asked for
        chosen = [_interpreters.Interpreter(None, v) for v in spec.split(",")]
    if not chosen:
        print("make images: no CPython 3.8-3.13 matches %r; tried:\n%s" % (spec or "any", "\n".join(
            "  %s: %s" % (s.path, s.reason) for s in skipped) or "  (nothing found)"), file=sys.stderr)
        return 1
    cache = Cache(args.cache)
    failures = 0
    t_all = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mpb-images-", dir=os.path.dirname(args.cache) if os.path.isdir(
            os.path.dirname(args.cache)) else None) as work:
        for interp in chosen:
            try:
                if args.base == "official":
                    ref, built, seconds = build_official(".".join(interp.version.split(".")[:2]))
                else:
                    ref, built, seconds = build_local(interp, cache, work)
                if built:
                    smoke(ref, ref.split(":", 1)[1])
                print("== image %-24s %s %.1fs" % (ref, "built" if built else "cached", seconds))
            except (ImageError, OSError, subprocess.SubprocessError) as e:
                failures += 1
                print("make images: CPython %s (%s): %s" % (interp.version, interp.path, e), file=sys.stderr)
    print("== images: %d ready, %d failed, %.1fs" % (len(chosen) - failures, failures, time.monotonic() - t_all))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
