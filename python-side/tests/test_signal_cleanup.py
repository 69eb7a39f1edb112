"""Every creator of a named resource removes it on every exit path: signals at random points, 100 trials each.

The creators that hold names for their lifetime are the shm echo sides the bench times: Python's
``mpbridge.peers.shm_echo`` (``mpbridge.owned``) and Java's ``mpbridge bench --shm P --serve`` (a shutdown hook
plus the resource tracker). Each trial starts one, lets a signal land at a random moment -- before READY (while it
creates), while it serves, just after a client's stop (the order the bench uses), or a second signal inside the
removal itself (``MPBRIDGE_TEST_SLOW_CLEANUP`` widens that window) -- and then requires that none of the segment and
two semaphores is left in /dev/shm. The trials' seed is printed so a failure can be replayed.
"""
import os
import random
import secrets
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import peer_env

pytestmark = pytest.mark.interop
TRIALS = 100
# Java's trials start a JVM each: 100 in `make soak`, fewer in `make test` (MPBRIDGE_SIGNAL_TRIALS_JAVA)
JAVA_TRIALS = int(os.environ.get("MPBRIDGE_SIGNAL_TRIALS_JAVA", "12"))
SEED = int(os.environ.get("MPBRIDGE_SIGNAL_SEED", str(random.randrange(1 << 30))))
KINDS = ("before-ready", "serving", "after-stop", "inside-cleanup", "sigint-serving", "sighup-serving")


def leftovers(prefix):
    return sorted(n for n in os.listdir("/dev/shm") if prefix in n)


# A JVM leaves a signal its parent ignored (nohup, a background job's SIGINT) ignored: Java's Terminator installs no
# handler for it, so the trial would wait forever for a signal that was never going to land (the "rare hang": the
# thread dump showed main in sem_clockwait and no shutdown in progress). The trials reset the three to default.
DEFAULT_SIGNALS = ["env", "--default-signal=HUP,INT,TERM"]


def trial(cmd, prefix, kind, rnd, env, slow_env):
    proc = subprocess.Popen(DEFAULT_SIGNALS + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(env, **(slow_env if kind == "inside-cleanup" else {})))
    try:
        if kind == "before-ready":
            time.sleep(rnd.uniform(0, 0.3))
            proc.send_signal(signal.SIGTERM)
        else:
            line = proc.stdout.readline()
            assert line.startswith("READY "), (line, proc.stderr.read())
            if kind == "after-stop":
                stop_echo(prefix)
                time.sleep(rnd.uniform(0, 0.004))
                sig = signal.SIGTERM
            else:
                time.sleep(rnd.uniform(0, 0.03))
                sig = {"sigint-serving": signal.SIGINT, "sighup-serving": signal.SIGHUP}.get(kind, signal.SIGTERM)
            proc.send_signal(sig)
            if kind == "inside-cleanup":
                time.sleep(rnd.uniform(0.0, 0.04))
                if proc.poll() is None:
                    proc.send_signal(rnd.choice([signal.SIGTERM, signal.SIGINT]))
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            raise AssertionError("%s did not exit within 60 s of its signal (%s); its threads:\n%s"
                                 % (" ".join(cmd), kind, thread_dump(proc.pid)))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return leftovers(prefix)


def thread_dump(pid):
    """jstack of a hung JVM (where there is one), for the failure message."""
    try:
        out = subprocess.run(["jstack", str(pid)], capture_output=True, text=True, timeout=30)
        return out.stdout[-6000:] or out.stderr[-2000:]
    except (OSError, subprocess.SubprocessError) as e:
        return "(no jstack: %r)" % (e,)


def stop_echo(prefix):
    """The client's stop(): length -1 and a post on ping (as the bench does before it ends the echo side)."""
    from mpbridge.peers.shm_echo import ShmEcho
    try:
        c = ShmEcho.attach(prefix)
    except OSError:
        return
    try:
        c.stop()
    finally:
        c.segment.close()


def run_trials(make_cmd, slow_env, workers, trials=TRIALS):
    rnd = random.Random(SEED)
    plans = [(KINDS[i % len(KINDS)], random.Random(rnd.random())) for i in range(trials)]
    env = peer_env()

    def one(plan):
        kind, r = plan
        prefix = "mpbsig" + secrets.token_hex(4)
        return kind, prefix, trial(make_cmd(prefix), prefix, kind, r, env, slow_env)

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, plans))
    leaked = [(kind, prefix, left) for kind, prefix, left in results if left]
    for _, _, left in leaked:
        for n in left:
            try:
                os.unlink(os.path.join("/dev/shm", n))
            except OSError:
                pass
    counts = {k: sum(1 for r in results if r[0] == k) for k in KINDS}
    print("signal cleanup: %d trials (seed %d) %s: %d leaked" % (len(results), SEED, counts, len(leaked)))
    assert not leaked, "seed %d: names left after %d of %d trials: %s" % (SEED, len(leaked), len(results), leaked[:5])


def test_python_shm_echo_removes_its_names_whatever_signal_lands_when():
    run_trials(lambda p: [sys.executable, "-m", "mpbridge.peers.shm_echo", p, "--size", "64"],
               {"MPBRIDGE_TEST_SLOW_CLEANUP": "0.01"}, workers=4)


def test_java_shm_echo_removes_its_names_whatever_signal_lands_when():
    cli = os.environ.get("MPBRIDGE_CLI") or os.path.join(os.path.dirname(__file__), "..", "..", "bin", "mpbridge")
    run_trials(lambda p: [cli, "bench", "--shm", p, "--serve", "--size", "64"], {}, workers=3, trials=JAVA_TRIALS)


def test_sigkill_of_a_java_creator_leaves_nothing_the_tracker_removes_it():
    """SIGKILL cannot be handled: Java's ResourceTracker (a process that outlives its creator, as CPython's
    resource_tracker does) removes the segment and both semaphores once the creator is gone."""
    cli = os.environ.get("MPBRIDGE_CLI") or os.path.join(os.path.dirname(__file__), "..", "..", "bin", "mpbridge")
    took = []
    for _ in range(5):
        prefix = "mpbkill" + secrets.token_hex(4)
        proc = subprocess.Popen([cli, "bench", "--shm", prefix, "--serve", "--size", "64"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=peer_env())
        try:
            line = proc.stdout.readline()
            assert line.startswith("READY "), (line, proc.stderr.read())
            assert len(leftovers(prefix)) == 3, leftovers(prefix)
            proc.kill()
            proc.wait(timeout=30)
            start = time.monotonic()
            while leftovers(prefix) and time.monotonic() - start < 10:
                time.sleep(0.02)
            took.append(time.monotonic() - start)
            assert not leftovers(prefix), "left %.1f s after SIGKILL: %s" % (took[-1], leftovers(prefix))
            assert "removed 3 name(s)" in proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stdout.close()
            proc.stderr.close()
            for n in leftovers(prefix):
                os.unlink(os.path.join("/dev/shm", n))
    print("tracker: names gone %.2f s (max) after SIGKILL, 5/5 trials" % max(took))
