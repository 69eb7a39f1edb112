"""One conformance run: this interpreter, one start method, one target -> a JSON result (stdlib only, 3.8+).

    python -m mpbridge.conformance.run --target java --start-method fork [--classes all|fast|A,B] --json OUT

Prints unittest's usual output on stderr; the JSON holds, per class, passed / failed / errors / skipped /
not_applicable (with the reasons) and every test's outcome.
"""
import argparse
import faulthandler
import json
import os
import platform
import signal
import sys
import time
import unittest

NA_PREFIX = "not applicable: "

#: the manager-type classes the issue names (any other WithManager* class found is run too)
MANAGER_CLASSES = ("WithManagerTestQueue", "WithManagerTestLock", "WithManagerTestSemaphore", "WithManagerTestCondition",
                   "WithManagerTestEvent", "WithManagerTestBarrier", "WithManagerTestContainers", "WithManagerTestMyManager",
                   "WithManagerTestRemoteManager", "WithManagerTestManagerRestart", "WithManagerTestPool",
                   "TestSyncManagerTypes")
CONNECTION_CLASSES = ("WithProcessesTestConnection", "WithProcessesTestListener", "WithProcessesTestListenerClient",
                      "WithProcessesTestPoll", "WithProcessesTestPicklingConnections")
#: the subset `make test` runs on one CPython (about a minute)
FAST_CLASSES = ("WithManagerTestContainers", "WithManagerTestLock", "WithManagerTestEvent", "WithManagerTestMyManager",
                "WithManagerTestRemoteManager", "WithProcessesTestConnection", "WithProcessesTestPoll",
                "WithProcessesTestListenerClient")


def select_classes(globs, spec):
    if spec == "fast":
        names = list(FAST_CLASSES)
    elif spec == "all":
        extra = sorted(n for n in globs if n.startswith("WithManager") and n not in MANAGER_CLASSES)
        names = list(MANAGER_CLASSES) + extra + list(CONNECTION_CLASSES)
    else:
        names = [n.strip() for n in spec.split(",") if n.strip()]
    return [n for n in names if n in globs], [n for n in names if n not in globs]


class RecordingResult(unittest.TextTestResult):
    """Records each test's outcome; a connection test that started no Java process is 'not applicable'."""

    def __init__(self, *args, **kwargs):
        self.target = kwargs.pop("target")
        self.java_counter = kwargs.pop("java_counter")
        self.connection_classes = kwargs.pop("connection_classes")
        self.python_children = kwargs.pop("python_children")
        super().__init__(*args, **kwargs)
        self.records = []
        self._started = {}

    @staticmethod
    def _where(test):
        if isinstance(test, unittest.TestCase):
            return type(test).__name__, test._testMethodName
        # a class or module fixture failure (unittest's _ErrorHolder): "setUpClass (pkg.mod.Class)"
        text = str(test)
        name = text[text.find("(") + 1:text.rfind(")")].rsplit(".", 1)[-1] if "(" in text else text
        return name, text.split(" ", 1)[0]

    def startTest(self, test):
        self._started[id(test)] = (time.monotonic(), self.java_counter[0], len(self.python_children))
        super().startTest(test)

    def _record(self, test, outcome, detail=""):
        cls, name = self._where(test)
        t0, java0, py0 = self._started.get(id(test), (time.monotonic(), self.java_counter[0], len(self.python_children)))
        if (outcome == "passed" and self.target == "java" and cls in self.connection_classes
                and self.java_counter[0] == java0):
            # it passed without any Java process: CPython alone, so it says nothing about the Java side
            from mpbridge.conformance import adapt
            children = self.python_children[py0:]
            outcome, detail = "not_applicable", adapt.child_reason(children) if children else adapt.NO_PEER
        self.records.append({"class": cls, "test": name, "outcome": outcome, "detail": detail,
                             "seconds": round(time.monotonic() - t0, 3)})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, "failed", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, "errors", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if reason.startswith(NA_PREFIX):
            self._record(test, "not_applicable", reason[len(NA_PREFIX):])
        else:
            self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._record(test, "passed", "expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._record(test, "failed", "unexpected success")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "failed" if issubclass(err[0], test.failureException) else "errors"
            self._record(test, kind, "%s: %s" % (subtest, self._exc_info_to_string(err, test)))


OUTCOMES = ("passed", "failed", "errors", "skipped", "not_applicable")


def summarize(records):
    classes = {}
    for r in records:
        c = classes.setdefault(r["class"], dict({k: 0 for k in OUTCOMES}, not_applicable_reasons={}))
        c[r["outcome"]] += 1
        if r["outcome"] == "not_applicable":
            c["not_applicable_reasons"][r["detail"]] = c["not_applicable_reasons"].get(r["detail"], 0) + 1
    return classes


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m mpbridge.conformance.run", description=__doc__.split("\n")[0])
    ap.add_argument("--target", choices=("java", "cpython"), required=True)
    ap.add_argument("--start-method", choices=("fork", "spawn", "forkserver"), default="fork")
    ap.add_argument("--classes", default="all", help="all, fast, or comma-separated installed class names")
    ap.add_argument("--json", metavar="FILE", help="write the result here")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--dump-tracebacks-after", type=float, metavar="SECONDS",
                    help="write every thread's traceback to stderr after SECONDS (a hung run says where)")
    args = ap.parse_args(argv)

    # a SIGTERM from the matrix's timeout still runs atexit (Java processes are stopped)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(128 + signal.SIGTERM))
    if args.dump_tracebacks_after:
        faulthandler.dump_traceback_later(args.dump_tracebacks_after, exit=False)
    os.environ["MPBRIDGE_CONFORMANCE_START"] = args.start_method
    os.environ["MPBRIDGE_CONFORMANCE_TARGET"] = args.target
    from mpbridge.conformance import installed

    globs = vars(installed)
    names, missing = select_classes(globs, args.classes)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(globs[n]) for n in names)
    java_counter, python_children = [0], []
    if args.target == "java":
        from mpbridge.conformance import adapt
        java_counter, python_children = adapt.java_processes, adapt.python_children

    def make_result(stream, descriptions, verbosity):
        return RecordingResult(stream, descriptions, verbosity, target=args.target, java_counter=java_counter,
                               connection_classes=CONNECTION_CLASSES, python_children=python_children)

    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2 if args.verbose else 1, resultclass=make_result)
    t0 = time.monotonic()
    result = runner.run(suite)
    out = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "start_method": args.start_method,
        "target": args.target,
        "classes_requested": args.classes,
        "classes_missing": missing,
        "seconds": round(time.monotonic() - t0, 1),
        "classes": summarize(result.records),
        "tests": result.records,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)
    totals = {k: sum(c[k] for c in out["classes"].values()) for k in OUTCOMES}
    print("conformance %s %s %s: %d passed, %d failed, %d errors, %d skipped, %d not applicable"
          % (out["python"], args.start_method, args.target, totals["passed"], totals["failed"], totals["errors"],
             totals["skipped"], totals["not_applicable"]))
    return 0 if totals["failed"] == 0 and totals["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
