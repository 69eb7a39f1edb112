import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PID = re.compile(r"^\d+(?=.)")  # a leading pid ("123 吃", "123执行任务"), not a number alone


def normalise(line):
    return _PID.sub("PID", _ANSI.sub("", line))


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m mpbridge.scenarios.seeds")
    ap.add_argument("name", help="a program in %s, e.g. pipe_baozi or pipe_baozi_dropin" % HERE)
    ap.add_argument("--tag", help="prefix each line with TAG<TAB>")
    args = ap.parse_args(argv)
    script = os.path.join(HERE, args.name + ".py")
    if not os.path.isfile(script):
        ap.error("no seed program %s" % script)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "pace"), os.path.dirname(os.path.dirname(os.path.dirname(HERE)))]
                                        + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("MPBRIDGE_SEED_PACE", "0")
    env["MPBRIDGE_SEED_LINES"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE, env=env)
    try:
        for raw in proc.stdout:
            line = normalise(raw.decode("utf-8", "replace").rstrip("\n"))
            sys.stdout.write(("%s\t%s\n" % (args.tag, line)) if args.tag else line + "\n")
            sys.stdout.flush()
    finally:
        code = proc.wait()
    return code


if __name__ == "__main__":
    sys.exit(main())
