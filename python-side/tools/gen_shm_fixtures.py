"""Golden ShareableList segments from every CPython 3.8-3.13 found, for the Java unit tests.

    python python-side/tools/gen_shm_fixtures.py [--out java-side/core/src/test/resources/fixtures/shm]

Writes ``sharelist-py3.X.txt`` per interpreter. The same file, run as ``--worker`` under each interpreter, builds
the lists (stdlib only, 3.8 syntax). Line format (values: int decimal, float IEEE-754 bits in hex, bool 0/1,
str/bytes ``x`` + hex of the bytes, none ``-``)::

    case NAME
    item TYPE VALUE            the list ShareableList(...) was created from
    created HEX                the whole segment right after creation
    set INDEX TYPE VALUE [error NAME]   sl[INDEX] = VALUE (error: CPython raised NAME, nothing changed)
    after HEX                  the segment after that set
    read TYPE VALUE | read error NAME   list(sl), item by item, at the end
    format FMT                 sl.format at the end
    end
"""
import argparse
import os
import struct
import subprocess
import sys

CASES = [
    ("mixed", [1, 2.5, "hi", b"x", None, True], []),
    ("empty", [], []),
    ("boundaries", ["", "abcdefg", "abcdefgh", b"", b"12345678", -1, 0, 2 ** 63 - 1, -2 ** 63, False, "a" * 100], []),
    # slots by character count: 5 chars -> 8 bytes, the 10-byte UTF-8 is cut to 8
    ("unicode", ["\u00e9" * 5, "na\u00efve", "\u65e5\u672c", "\U0001F600", "\u00e9" * 8], []),
    # 'a' + 4 x e-acute = 5 chars, 9 bytes, cut to 8 -> a split character: reading it fails
    ("split_utf8", ["a" + "\u00e9" * 4, "ok"], []),
    ("nuls", [b"ab\x00\x00", "a\x00", b"\x00", b"\x00x"], []),
    ("floats", [0.0, -0.0, 1e308, 5e-324, float("inf"), float("-inf"), float("nan"), 0.1], []),
    ("mutations", [1, "hello world", b"bytes", None, 2.0, True], [
        (0, "abcdefg"),      # int slot (8) -> str, format 8s
        (1, 42),             # str slot (16) -> int, the tail keeps the old bytes
        (1, "x"),            # back to str: format 16s from the slot size
        (2, None),
        (3, True),
        (4, b"12345678"),    # exactly fills an 8-byte slot, no NUL left
        (5, 3.5),
        (-1, False),         # negative index
        (0, "this is far too long for the slot"),  # ValueError, nothing written
        (3, -7),
        (1, b"\x00\x01"),
    ]),
]


def enc(v):
    if v is None:
        return "none -"
    if isinstance(v, bool):
        return "bool %d" % v
    if isinstance(v, int):
        return "int %d" % v
    if isinstance(v, float):
        return "float %016x" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if isinstance(v, str):
        return "str x" + v.encode("utf-8").hex()
    return "bytes x" + bytes(v).hex()


def worker():
    from multiprocessing import shared_memory
    out = ["python %d.%d.%d" % sys.version_info[:3]]
    for name, items, ops in CASES:
        sl = shared_memory.ShareableList(items)
        try:
            out.append("case " + name)
            out.extend("item " + enc(v) for v in items)
            out.append("created " + bytes(sl.shm.buf).hex())
            for index, value in ops:
                try:
                    sl[index] = value
                    out.append("set %d %s" % (index, enc(value)))
                except Exception as e:
                    out.append("set %d %s error %s" % (index, enc(value), type(e).__name__))
                out.append("after " + bytes(sl.shm.buf).hex())
            for i in range(len(sl)):
                try:
                    out.append("read " + enc(sl[i]))
                except Exception as e:
                    out.append("read error " + type(e).__name__)
            try:
                out.append("format " + sl.format)
            except Exception as e:
                out.append("format error " + type(e).__name__)
            out.append("end")
        finally:
            sl.shm.close()
            sl.shm.unlink()
    print("\n".join(out))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.abspath(os.path.join(here, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(repo, "java-side", "core", "src", "test", "resources", "fixtures", "shm"))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return 0
    sys.path.insert(0, os.path.join(repo, "python-side", "src"))
    from mpbridge import interpreters
    found, _ = interpreters.discover()
    if not found:
        print("no CPython 3.8-3.13 found", file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    for interp in found:
        text = subprocess.run([interp.path, os.path.abspath(__file__), "--worker"], check=True, capture_output=True,
                              text=True, timeout=120).stdout
        minor = ".".join(interp.version.split(".")[:2])
        path = os.path.join(args.out, "sharelist-py%s.txt" % minor)
        with open(path, "w") as f:
            f.write("# ShareableList segments made by CPython %s; regenerate with python-side/tools/gen_shm_fixtures.py\n"
                    % interp.version)
            f.write(text)
        print("wrote %s" % os.path.relpath(path, repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
