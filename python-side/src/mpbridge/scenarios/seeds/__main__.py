import argparse
import ast
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PID = re.compile(r"^\d+(?=.)")  # a leading pid ("123 吃", "123执行任务"), not a number alone
_NUMBER = re.compile(r"-?\d+")


def normalise(line, sort_dicts=False, racy_number=None, pid_after=(), leading_pid=True):
    line = _ANSI.sub("", line)
    if leading_pid:
        line = _PID.sub("PID", line)
    for prefix in pid_after:
        if line.startswith(prefix):
            line = prefix + _NUMBER.sub("PID", line[len(prefix):], count=1)
    if racy_number is not None and line.startswith(racy_number):
        line = racy_number + _NUMBER.sub("N", line[len(racy_number):], count=1)
    return _sorted_dict(line) if sort_dicts else line


def _sorted_dict(line):
    """A printed dict ("{'b': 2, 'a': 1}") with its keys sorted: the order two racing writers inserted them in."""
    if not (line.startswith("{") and line.endswith("}")):
        return line
    try:
        value = ast.literal_eval(line)
    except (ValueError, SyntaxError):
        return line
    if not isinstance(value, dict):
        return line
    try:
        return repr(dict(sorted(value.items())))
    except TypeError:  # keys that do not compare
        return line


def java_parent_command(java_class, name):
    """The Java parent of a seed's own Python child function: ``java -cp <mpbridge jar> CLASS PYTHON MODULE``, this
    interpreter as the children's CPython and the seed's module (its functions are the children's targets)."""
    from mpbridge.javaprocess import find_jar, find_java
    classpath = [find_jar()] + [p for p in os.environ.get("MPBRIDGE_CLASSPATH", "").split(os.pathsep) if p]
    return [find_java(), "-cp", os.pathsep.join(classpath), java_class, sys.executable, __package__ + "." + name]


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m mpbridge.scenarios.seeds")
    ap.add_argument("name", help="a program in %s, e.g. pipe_baozi or pipe_baozi_dropin" % HERE)
    ap.add_argument("--tag", help="prefix each line with TAG<TAB>")
    ap.add_argument("--sort-dicts", action="store_true", help="print a line that is a dict with its keys sorted")
    ap.add_argument("--pid-after", metavar="PREFIX", action="append", default=[],
                    help="show the number after PREFIX as PID (a pid printed after a text; repeatable)")
    ap.add_argument("--no-leading-pid", action="store_true",
                    help="keep a line's leading number (a value the seed prints, not a pid)")
    ap.add_argument("--racy-number", metavar="PREFIX",
                    help="show the number after PREFIX as N (a total the seed's own workers race on)")
    ap.add_argument("--java-parent", metavar="CLASS",
                    help="run the Java parent CLASS instead, which starts NAME's own functions as Python children")
    args = ap.parse_args(argv)
    script = os.path.join(HERE, args.name + ".py")
    if not os.path.isfile(script):
        ap.error("no seed program %s" % script)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "pace"), os.path.dirname(os.path.dirname(os.path.dirname(HERE)))]
                                        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("MPBRIDGE_SEED_PACE", "0")
    env.setdefault("MPBRIDGE_SEED_RANDOM", "1")
    env["MPBRIDGE_SEED_LINES"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    command = java_parent_command(args.java_parent, args.name) if args.java_parent else [sys.executable, script]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    try:
        for raw in proc.stdout:
            line = normalise(raw.decode("utf-8", "replace").rstrip("\n"), args.sort_dicts, args.racy_number,
                             args.pid_after, not args.no_leading_pid)
            sys.stdout.write(("%s\t%s\n" % (args.tag, line)) if args.tag else line + "\n")
            sys.stdout.flush()
    finally:
        code = proc.wait()
    return code


if __name__ == "__main__":
    sys.exit(main())
