"""Running a Python peer in the container of its CPython (``make images``), as a local process would run.

A peer's command becomes ``docker run -i --rm --init --network host --ipc host ... IMAGE <interpreter> ARGS``:

* host network and host IPC, ``/dev/shm`` bound: TCP on 127.0.0.1, managers, shared memory and POSIX named
  semaphores are the host's; nothing crosses a bridge network;
* the host paths a peer needs are bound at the same paths: the repository (read-only: ``python-side/src`` is
  mounted, never baked in), the cell's directory (Unix sockets, FIFOs, mmap files), ``/dev/shm``; so addresses
  and file names mean the same inside and out;
* the container runs as the caller's uid:gid, so files, segments and semaphores it makes are the caller's;
* ``-i`` attaches stdin/stdout: a pipe child's stdin/stdout is the pipe, through the container;
* ``--init`` forwards signals and reaps orphans; each container is labelled with its cell so that a cell's
  cleanup removes every container it started (``remove_labelled``), even one whose client was killed.

A Java child of a containerized Python parent runs beside it in that container on the host's JDK, bound
read-only at its own path (the image carries the libraries the JDK needs; see ``mpbridge.images``).
"""
import functools
import os
import shutil
import subprocess

from mpbridge import images

CELL_LABEL = "org.mpbridge.cell"
RUNNER_LABEL = "org.mpbridge.runner"  # the pid of the runner that made it: remove_orphans() clears dead runners' ones
ENV_PASSED = ("PYTHONPATH", "PYTHONIOENCODING", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONHASHSEED",
              "MPBRIDGE_OUT", "MPBRIDGE_CELL", "MPB_AUTHKEY", "MPBRIDGE_JAR")
JAVA_OPTS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto")


def docker_exe():
    return shutil.which("docker") or "docker"


@functools.lru_cache(maxsize=None)
def jdk_mounts():
    """(JDK home, [directories outside it its symlinks point into]) of the JDK a Java child would use, or (None, [])."""
    home = images.host_jdk()
    if not home:
        return None, []
    home = os.path.realpath(home)
    outside = set()
    for root, dirs, files in os.walk(home):
        for name in dirs + files:
            path = os.path.join(root, name)
            if os.path.islink(path):
                target = os.path.realpath(path)
                if not target.startswith(home + os.sep) and os.path.exists(target) and not target.startswith("/usr/share/doc/"):
                    outside.add(target if os.path.isdir(target) else os.path.dirname(target))
    kept = []
    for d in sorted(outside):
        if not any(d == k or d.startswith(k + os.sep) for k in kept):
            kept.append(d)
    return home, kept


def java_argv(repo, args):
    """``mpbridge ARGS`` as a plain JVM command line (the image has no bash for bin/mpbridge)."""
    home, _ = jdk_mounts()
    if not home:
        raise OSError("no JDK found (JAVA_HOME, java on PATH) for a Java child inside a container")
    jar = os.environ.get("MPBRIDGE_JAR") or os.path.join(repo, "java-side", "cli", "target", "mpbridge.jar")
    extra = os.environ.get("MPBRIDGE_JAVA_OPTS", "").split()
    return [os.path.join(home, "bin", "java")] + list(JAVA_OPTS) + extra + ["-jar", jar] + list(args)


def run_prefix(image, name, cell, binds, workdir, env_names=(), java=False):
    """The ``docker run`` words before the peer's own argv."""
    argv = [docker_exe(), "run", "-i", "--rm", "--init", "--network", "host", "--ipc", "host",
            "--user", "%d:%d" % (os.getuid(), os.getgid()), "--name", name, "--label", "%s=%s" % (CELL_LABEL, cell),
            "--label", "%s=%d" % (RUNNER_LABEL, os.getpid()),
            "-v", "/dev/shm:/dev/shm", "-w", workdir]
    seen = set()
    for host, mode in binds:
        if host and os.path.exists(host) and not any(host == s or host.startswith(s + os.sep) for s in seen):
            seen.add(host)
            argv += ["-v", "%s:%s:%s" % (host, host, mode)]
    if java:
        home, outside = jdk_mounts()
        for d in ([home] if home else []) + outside:
            if d not in seen:
                seen.add(d)
                argv += ["-v", "%s:%s:ro" % (d, d)]
        if home:
            argv += ["-e", "MPBRIDGE_JAVA=" + os.path.join(home, "bin", "java")]  # for mpbridge.JavaProcess inside
    for key in list(ENV_PASSED) + [k for k in env_names if k not in ENV_PASSED]:
        argv += ["-e", key]  # the value comes from the docker client's environment, if set there
    return argv + [image]


def remove_labelled(cell, timeout=30):
    """Removes every container labelled with ``cell`` (running or not); returns their ids."""
    try:
        out = subprocess.run([docker_exe(), "ps", "-aq", "--filter", "label=%s=%s" % (CELL_LABEL, cell)],
                             capture_output=True, text=True, timeout=timeout)
        ids = out.stdout.split()
        if ids:
            subprocess.run([docker_exe(), "rm", "-f"] + ids, capture_output=True, text=True, timeout=timeout)
        return ids
    except (OSError, subprocess.SubprocessError):
        return []


def remove_orphans(timeout=30):
    """Removes the cell containers of runners that are gone (killed before their cleanup); returns their ids."""
    try:
        out = subprocess.run([docker_exe(), "ps", "-a", "--filter", "label=" + RUNNER_LABEL, "--format",
                              '{{.ID}} {{.Label "%s"}}' % RUNNER_LABEL], capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return []
    dead = []
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit() and not _alive(int(parts[1])):
            dead.append(parts[0])
    if dead:
        try:
            subprocess.run([docker_exe(), "rm", "-f"] + dead, capture_output=True, text=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            pass
    return dead


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
