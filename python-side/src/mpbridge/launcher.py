"""The ``mpbridge`` console command a wheel install puts on PATH: runs the CLI jar the wheel carries with the
``java`` of ``$JAVA_HOME`` or PATH (``mpbridge --version``, ``mpbridge echo --listen tcp:127.0.0.1:0`` ...)."""
import os
import sys

from mpbridge.java import JVM_FLAGS, JavaNotFoundError, jar_path, java_executable


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        java = java_executable()
        jar = jar_path()
    except JavaNotFoundError as e:
        print("mpbridge: %s" % e, file=sys.stderr)
        return 127
    except FileNotFoundError as e:
        print("mpbridge: %s" % e, file=sys.stderr)
        return 1
    extra = os.environ.get("MPBRIDGE_JAVA_OPTS", "").split()
    os.execv(java, [java] + JVM_FLAGS + extra + ["-jar", jar] + argv)  # the JVM takes this process's place and signals


if __name__ == "__main__":
    sys.exit(main())
