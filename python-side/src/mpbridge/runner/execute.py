"""One cell: start the roles step by step, wait for READY lines and exits under a hard deadline, then clean
up whatever happened: every process group killed, the cleanup roles run, ``/dev/shm`` swept of the cell's
names, the cell's directory (sockets, FIFOs, test.dat) removed.

Every role runs in its own process group (``start_new_session``), so its children (a pipe child, forked
workers, a manager's server process) die with it. A child started by its parent on a pipe is wrapped so
that its transcript and stderr go to files of its own in the cell's directory.

A container cell (``cell.runtime == "container"``) starts each Python process through ``docker run -i`` in the
cell's image (``mpbridge.containers``): the cell's directory, the repository and ``/dev/shm`` are bound at their
host paths; a pipe child of a Java parent is a ``docker run -i`` whose stdin/stdout are the pipe; a child of a
containerized Python parent runs inside that container (a Java one on the host's JDK, bound read-only). The
cell's containers carry its tag as a label and are removed with its processes.
"""
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

from mpbridge import containers
from mpbridge.runner import checks
from mpbridge.runner.model import CHILD, expand

READY = "READY "
AUTHKEY_ENV = "MPB_AUTHKEY"
CELL_ENV = "MPBRIDGE_CELL"
_SET_FOR_ROLES = ("PYTHONPATH", "MPBRIDGE_CLI", AUTHKEY_ENV, CELL_ENV, "PYTHONIOENCODING", "PYTHONDONTWRITEBYTECODE")


def shareable_list_layout(python_label):
    """The ShareableList layout CPython ``python_label`` reads: "v1" (sizes table) on 3.8, "v2" (offsets) after."""
    return "v1" if python_label and python_label.split(".")[:2] == ["3", "8"] else "v2"
SHM_DIR = "/dev/shm"
CLEANUP_BUDGET = 20.0
_LIVE = set()          # process groups of every running cell, for an interrupted runner (Ctrl-C, CI cancel)
_LIVE_LOCK = threading.Lock()
_LIVE_CONTAINER_CELLS = set()  # tags of running container cells: an interrupted runner removes their containers
_CHILD_WRAPPER = 'MPBRIDGE_OUT="$1"; export MPBRIDGE_OUT; e="$2"; shift 2; exec "$@" 2>>"$e"'


@dataclass
class Settings:
    repo: str
    cli: str
    harness_python: str = sys.executable
    temp_root: str = None        # default: the system's temporary directory (short paths for AF_UNIX)
    timeout_scale: float = 1.0
    keep_temp: bool = False
    python_path: str = None      # on the roles' PYTHONPATH (default: <repo>/python-side/src)


@dataclass
class Outcome:
    cell: object
    status: str                  # pass | fail | skip
    seconds: float = 0.0
    reason: str = ""
    problems: list = field(default_factory=list)
    transcript: list = field(default_factory=list)   # (seconds, role, stream, text)
    stderr: dict = field(default_factory=dict)       # role -> text
    commands: dict = field(default_factory=dict)     # role -> argv
    exits: dict = field(default_factory=dict)        # role -> exit code (None: killed as a service / unknown)
    swept: list = field(default_factory=list)        # /dev/shm entries the runner had to remove
    pgids: list = field(default_factory=list)
    environment: dict = field(default_factory=dict)  # what the runner set in every role's environment (not PATH)
    tmpdir: str = ""


class CellFailed(Exception):
    pass


class _Proc(object):
    def __init__(self, role, language, argv, popen, service, run):
        self.role, self.language, self.argv, self.popen, self.service = role, language, argv, popen, service
        self.pgid = popen.pid
        self.address = None
        self.ready = threading.Event()
        self.lines = []
        self.stderr = []
        self.threads = [threading.Thread(target=self._read_stdout, args=(run,), daemon=True),
                        threading.Thread(target=self._read_stderr, args=(run,), daemon=True)]
        for t in self.threads:
            t.start()

    def _read_stdout(self, run):
        for raw in iter(self.popen.stdout.readline, b""):
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            if self.service and not self.ready.is_set() and text.startswith(READY):
                self.address = text[len(READY):].strip()
                self.ready.set()
                run.note(self.role, "ready", text)
                continue
            self.lines.append(text)
            run.note(self.role, "out", text)

    def _read_stderr(self, run):
        for raw in iter(self.popen.stderr.readline, b""):
            text = raw.decode("utf-8", "replace").rstrip("\r\n")
            self.stderr.append(text)
            run.note(self.role, "err", text)


class _Tail(object):
    """Lines appended to a file by a process the runner did not start itself (a pipe child)."""

    def __init__(self, role, stream, path):
        self.role, self.stream, self.path = role, stream, path
        self.offset = 0
        self.partial = b""
        self.lines = []

    def poll(self, run):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return
        self.offset += len(data)
        data = self.partial + data
        *complete, self.partial = data.split(b"\n")
        for raw in complete:
            text = raw.decode("utf-8", "replace").rstrip("\r")
            self.lines.append(text)
            run.note(self.role, self.stream, text)


class _Run(object):
    def __init__(self, cell, settings):
        self.cell = cell
        self.settings = settings
        self.sc = cell.scenario
        self.t0 = time.monotonic()
        self.deadline = self.t0 + self.sc.timeout * settings.timeout_scale
        self.tmp = tempfile.mkdtemp(prefix="mpb-", dir=settings.temp_root)
        self.tag = secrets.token_hex(4)
        self.lock = threading.Lock()
        self.timeline = []
        self.procs = []
        self.escaped = []  # pids that had left their role's process group, killed by their cell marker
        self.tails = {}
        self.commands = {}
        self.tailing = threading.Event()
        self.container = cell.runtime == "container"
        self.containers_started = 0
        self.java_inside = False
        self.context = dict((k, v) for k, v in self.sc.params.items())
        self.context.update(dir=self.tmp, tag=self.tag, shm="mpb" + self.tag, sem="/mpb" + self.tag,
                            repo=settings.repo, here=self.sc.here, authkey_env=AUTHKEY_ENV,
                            sl_layout=shareable_list_layout(cell.python_label))
        self.env = self._environment()

    # ---- set-up

    def _environment(self):
        env = dict(os.environ)
        env.pop("MPBRIDGE_OUT", None)
        src = self.settings.python_path or os.path.join(self.settings.repo, "python-side", "src")
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env["PATH"] = os.path.dirname(self.settings.cli) + os.pathsep + env.get("PATH", "")
        env["MPBRIDGE_CLI"] = self.settings.cli
        env[AUTHKEY_ENV] = secrets.token_hex(16)
        env[CELL_ENV] = self.tag  # inherited by every descendant, even one that left its process group (setsid)
        env["PYTHONIOENCODING"] = "utf-8"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for key, value in self.sc.env.items():
            env[key] = expand([str(value)], self.context, "%s.env.%s" % (self.sc.id, key))[0]
        return env

    def note(self, role, stream, text):
        with self.lock:
            self.timeline.append((round(time.monotonic() - self.t0, 3), role, stream, text))

    def remaining(self):
        return self.deadline - time.monotonic()

    def argv(self, role, inside=False):
        """The role's command line; ``inside``: it runs inside its parent's container (a pipe child)."""
        language = self.cell.languages[role.side]
        if language == "java":
            base = role.java
        elif self.cell.legacy and role.side != "harness":
            base = role.python27
        else:
            base = role.python
        where = "%s.roles.%s" % (self.sc.id, role.name)
        contained = inside or (self.container and language == "python" and role.side != "harness")
        if self.container and language == "java" and base and base[0] == "python":
            # the Java side is a Python parent of a JVM child (mpbridge.JavaProcess, the -dropin scenarios): its
            # container gets the host's JDK too, where JavaProcess finds it (MPBRIDGE_JAVA)
            self.java_inside = True
        if self.container and language == "python" and self.sc.id.endswith("-dropin"):
            # a -dropin scenario's Python side may be the seed's parent with JavaProcess children (manager drop-ins)
            self.java_inside = True
        argv = []
        for item in base:
            if item == CHILD:
                argv.extend(self._child(self.sc.roles[role.child], contained))
            else:
                argv.extend(expand([item], self.context, where))
        return self._program(argv, role, inside)

    def _program(self, argv, role, inside=False):
        if argv[0] == "python":
            if role.side == "harness" or self.cell.python is None:
                argv[0] = self.settings.harness_python
            elif self.container:
                argv[0] = "python"  # the image's interpreter (on the image's PATH), whatever its base
                if not inside:
                    argv = self._docker(role.name) + argv
            else:
                argv[0] = self.cell.python.path
        elif argv[0] == "mpbridge":
            if inside:  # a Java child of a containerized Python parent: the image has no bash for bin/mpbridge
                argv = containers.java_argv(self.settings.repo, argv[1:])
                self.java_inside = True  # the parent's container (made next) binds the JDK
            else:
                argv[0] = self.settings.cli
        return argv

    def _docker(self, role_name):
        """``docker run -i ... IMAGE`` for one Python process of this cell."""
        self.containers_started += 1
        with _LIVE_LOCK:
            _LIVE_CONTAINER_CELLS.add(self.tag)
        name = "mpb-%s-%s-%d" % (self.tag, re.sub(r"[^A-Za-z0-9_.-]", "-", role_name), self.containers_started)
        binds = [(self.settings.repo, "ro"), (self.sc.here, "ro"), (self.tmp, "rw")]
        java, self.java_inside = self.java_inside, False
        return containers.run_prefix(self.cell.image, name, self.tag, binds, self.tmp, env_names=list(self.sc.env), java=java)

    def _child(self, role, inside=False):
        out = os.path.join(self.tmp, role.name + ".out")
        err = os.path.join(self.tmp, role.name + ".err")
        self.tails[role.name] = [_Tail(role.name, "out", out), _Tail(role.name, "err", err)]
        argv = self.argv(role, inside)
        self.commands[role.name] = argv
        return ["/bin/sh", "-c", _CHILD_WRAPPER, "mpbridge-child", out, err] + argv

    # ---- running

    def start(self, role_name, argv, service=False, stdin=None, language="python"):
        self.commands[role_name] = argv
        try:
            popen = subprocess.Popen(argv, cwd=self.tmp, env=self.env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            raise CellFailed("%s: cannot start %s: %s" % (role_name, argv[0], e))
        with _LIVE_LOCK:
            _LIVE.add(popen.pid)
        proc = _Proc(role_name, language, argv, popen, service, self)
        self.procs.append(proc)
        if stdin:
            try:
                popen.stdin.write(stdin.encode("utf-8"))
                popen.stdin.close()
            except OSError:
                pass
        return proc

    def tail_loop(self):
        while not self.tailing.wait(0.05):
            self.poll_tails()

    def poll_tails(self):
        for tails in list(self.tails.values()):
            for t in tails:
                t.poll(self)

    def await_ready(self, proc):
        while not proc.ready.wait(0.02):
            if proc.popen.poll() is not None:
                proc.ready.wait(0.5)  # the reader may still be handing over the last line
                if proc.ready.is_set():
                    break
                raise CellFailed("%s exited %s before printing READY" % (proc.role, proc.popen.returncode))
            if self.remaining() <= 0:
                raise CellFailed("timeout: %s printed no READY line within %.0fs" % (proc.role, self.sc.timeout))
        self.context[proc.role + ".address"] = proc.address

    def expected_exit(self, role):
        expect = self.sc.expect.get(role)
        return expect.exit if expect is not None and expect.exit is not None else 0

    def await_exit(self, procs):
        services = [p for p in self.procs if p.service]
        while True:
            running = [p for p in procs if p.popen.poll() is None]
            failed = [p for p in procs if p.popen.returncode is not None and p.popen.returncode != self.expected_exit(p.role)]
            if failed:
                p = failed[0]
                p.threads[1].join(1.0)  # let the stderr reader take the last words
                raise CellFailed("%s (%s) exited %s%s" % (p.role, p.language, p.popen.returncode, _last_words(p)))
            dead = [s for s in services if s.popen.poll() is not None]
            if dead:
                raise CellFailed("service %s (%s) exited %s during the conversation" % (dead[0].role, dead[0].language,
                                                                                      dead[0].popen.returncode))
            if not running:
                return
            if self.remaining() <= 0:
                raise CellFailed("timeout after %.0fs; still running: %s" % (
                    self.sc.timeout * self.settings.timeout_scale, ", ".join("%s (%s)" % (p.role, p.language) for p in running)))
            time.sleep(0.02)

    def run_steps(self):
        if self.cell.uses_reference:
            argv = expand(list(self.sc.reference), self.context, self.sc.id + ".reference")
            if argv[0] == "python" and self.container:
                argv = self._docker("reference") + ["python"] + argv[1:]
            elif argv[0] == "python":
                argv[0] = self.cell.python.path
            self.await_exit([self.start("reference", argv)])
            return
        for step in self.sc.steps:
            started = []
            for name in step:
                role = self.sc.roles[name]
                started.append(self.start(name, self.argv(role), role.service, role.stdin, self.cell.languages[role.side]))
            for proc in started:
                if proc.service:
                    self.await_ready(proc)
            self.await_exit([p for p in started if not p.service])

    def run_cleanup(self):
        """The scenario's cleanup roles, each within its own budget; their failures as problems."""
        problems = []
        if self.cell.uses_reference:
            return problems
        for name in self.sc.cleanup:
            role = self.sc.roles[name]
            try:
                argv = self.argv(role)
                proc = self.start(name, argv, language=self.cell.languages[role.side])
            except CellFailed as e:
                problems.append(str(e))
                continue
            try:
                proc.popen.wait(CLEANUP_BUDGET)
            except subprocess.TimeoutExpired:
                problems.append("cleanup %s did not finish within %.0fs" % (name, CLEANUP_BUDGET))
                continue
            if proc.popen.returncode != 0:
                problems.append("cleanup %s (%s) exited %s" % (name, proc.language, proc.popen.returncode))
        return problems

    # ---- tear-down

    def kill_all(self):
        live = [p for p in self.procs if _group_alive(p.pgid)]
        for p in live:
            _signal_group(p.pgid, signal.SIGTERM)
        end = time.monotonic() + 2.0
        while time.monotonic() < end and any(p.popen.poll() is None or _group_alive(p.pgid) for p in live):
            time.sleep(0.02)  # poll() reaps the leader: a zombie still counts as a member of its group
        for p in self.procs:
            _signal_group(p.pgid, signal.SIGKILL)
        self.escaped = kill_marked(self.tag)
        if self.container and self.containers_started:
            containers.remove_labelled(self.tag)  # a container whose docker client was killed still runs
            with _LIVE_LOCK:
                _LIVE_CONTAINER_CELLS.discard(self.tag)
        for p in self.procs:
            try:
                p.popen.wait(5)
            except subprocess.TimeoutExpired:
                pass
            if not _group_alive(p.pgid):
                with _LIVE_LOCK:
                    _LIVE.discard(p.pgid)

    def finish_readers(self):
        for p in self.procs:
            for t in p.threads:
                t.join(5)
            if any(t.is_alive() for t in p.threads):
                continue  # something still holds the pipe: closing it under a blocked reader would block us too
            for stream in (p.popen.stdout, p.popen.stderr):
                try:
                    stream.close()
                except OSError:
                    pass

    def sweep(self):
        """Removes whatever the cell left in /dev/shm under its tag (segments, sem.* semaphores)."""
        removed = []
        try:
            names = os.listdir(SHM_DIR)
        except OSError:
            return removed
        for name in names:
            if ("mpb" + self.tag) in name:
                try:
                    os.unlink(os.path.join(SHM_DIR, name))
                    removed.append(name)
                except OSError:
                    pass
        return removed


def _still_alive(groups, grace=2.0):
    """The groups that still have a live process after ``grace`` seconds (exiting processes get that long)."""
    end = time.monotonic() + grace
    while True:
        left = [g for g in groups if _group_alive(g)]
        if not left or time.monotonic() > end:
            return left
        for g in left:
            _signal_group(g, signal.SIGKILL)
        time.sleep(0.05)


def kill_marked(tag):
    """SIGKILL to every process whose environment carries ``MPBRIDGE_CELL=<tag>``: descendants that left their role's
    process group (setsid, double fork) still inherit it. Returns their pids."""
    marker = ("%s=%s" % (CELL_ENV, tag)).encode()
    killed = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open("/proc/%s/environ" % entry, "rb") as f:
                if marker not in f.read().split(b"\0"):
                    continue
            os.kill(int(entry), signal.SIGKILL)
            killed.append(int(entry))
        except (OSError, ProcessLookupError):
            pass  # gone, or not ours to read
    return killed


def kill_everything():
    """SIGKILL to every process group any cell started and has not yet reaped (the runner is going down)."""
    with _LIVE_LOCK:
        groups = list(_LIVE)
        cells = list(_LIVE_CONTAINER_CELLS)
    for pgid in groups:
        _signal_group(pgid, signal.SIGKILL)
    for tag in cells:  # killing a docker client leaves its container running
        containers.remove_labelled(tag)
    return groups


def _last_words(proc):
    """The last line the process wrote to stderr, for the one-line reason."""
    for line in reversed(proc.stderr[-50:]):
        if line.strip():
            return ": " + line.strip()[:300]
    return ""


def _group_alive(pgid):
    """Whether a process of the group still runs. Zombies do not count: they are dead, waiting for a parent
    (often the container's PID 1) to reap them, and ``killpg(pgid, 0)`` would still find them."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        entries = os.listdir("/proc")
    except OSError:
        return True
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # state, ppid, pgrp
            return True
    return False


def _signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def run_cell(cell, settings):
    """Runs one cell to completion (or its deadline) and returns its Outcome; never raises for a failing peer."""
    if cell.skip:
        return Outcome(cell, "skip", reason=cell.skip)
    run = _Run(cell, settings)
    problems = []
    tailer = threading.Thread(target=run.tail_loop, daemon=True)
    tailer.start()
    try:
        run.run_steps()
    except CellFailed as e:
        problems.append(str(e))
    except Exception as e:  # noqa: BLE001 - a runner bug must still leave nothing behind and fail the cell
        problems.append("runner error: %s: %s" % (type(e).__name__, e))
    finally:
        run.kill_all()
        cleanup_problems = run.run_cleanup()
        run.kill_all()
        run.finish_readers()
        run.tailing.set()
        tailer.join(5)
        run.poll_tails()
        swept = run.sweep()
        left = _still_alive([p.pgid for p in run.procs])
        if not settings.keep_temp:
            shutil.rmtree(run.tmp, ignore_errors=True)
    if not problems:
        problems.extend(checks.check_cell(run_observed(run), cell, run.context))
    if not problems:
        problems.extend(cleanup_problems)
    if not problems and swept:  # the conversation worked, but its cleanup roles left names behind
        problems.append("left in /dev/shm after the cleanup roles (removed by the runner): %s" % ", ".join(swept))
    if left:
        problems.append("process groups still alive after SIGKILL: %s" % left)
    outcome = Outcome(cell, "fail" if problems else "pass", seconds=round(time.monotonic() - run.t0, 2),
                      reason=problems[0] if problems else "", problems=problems, transcript=sorted(run.timeline, key=lambda e: e[0]),
                      commands=run.commands, swept=swept, pgids=[p.pgid for p in run.procs], tmpdir=run.tmp,
                      environment={k: run.env[k] for k in _SET_FOR_ROLES + tuple(run.sc.env) if k in run.env})
    for p in run.procs:
        outcome.stderr[p.role] = "\n".join(p.stderr)
        outcome.exits[p.role] = None if p.service else p.popen.returncode
    for name, (out_tail, err_tail) in run.tails.items():
        outcome.stderr[name] = "\n".join(err_tail.lines)
    return outcome


def run_observed(run):
    """{role: transcript lines} as the checks see them (a reference's ROLE<TAB>TEXT lines split by role)."""
    lines = {}
    for p in run.procs:
        if p.role == "reference":
            for text in p.lines:
                role, sep, rest = text.partition("\t")
                if sep:
                    lines.setdefault(role, []).append(rest)
                else:
                    lines.setdefault("reference", []).append(text)
        else:
            lines[p.role] = list(p.lines)
    for name, (out_tail, _) in run.tails.items():
        lines[name] = list(out_tail.lines)
    return lines
