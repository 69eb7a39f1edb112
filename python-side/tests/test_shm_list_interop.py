"""ShareableList between Java and every CPython 3.8-3.13 found, both directions, in each interpreter's own layout
(3.8: sizes table, 3.9+: offsets table), with type changes and CPython's quirks."""
import json
import math

import pytest

from shm_support import jv, last_json, minor, names, py  # noqa: F401

pytestmark = pytest.mark.interop

# JSON as the CLI contract has it: bytes as {"bytes": hex}; non-ASCII written with \u escapes (json.dumps)
ITEMS = [1, 2.5, "hi", {"bytes": "78"}, None, True, "\u00e9" * 5, -7, "abcdefgh", {"bytes": "616200"}, -0.0, 1e300]
# what CPython reads back: 5 e-acutes live in an 8-byte slot (sized by characters), trailing NULs are stripped
READ_BACK = [1, 2.5, "hi", {"bytes": "78"}, None, True, "\u00e9" * 4, -7, "abcdefgh", {"bytes": "6162"}, -0.0, 1e300]
FORMAT = "qd8s8sxxxxxx?xxxxxxxx?8sq16s8sdd"
# sl[i] = v, changing types as Python allows; then the expected items and format
WRITES = [(0, "abcdefg"), (1, None), (2, 42), (3, {"bytes": "00ff"}), (4, 3.5), (-1, False), (8, "x"), (7, "\u65e5")]
AFTER = [["abcdefg", None, 42, {"bytes": "00ff"}, 3.5, True, "\u00e9" * 4, "\u65e5", "x", {"bytes": "6162"}, -0.0, False],
         "8sxxxxxx?xq8sdxxxxxxx?8s8s16s8sdxxxxxxx?"]


def same(a, b):
    """JSON item lists equal, -0.0 and NaN compared by bits of meaning."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if isinstance(x, float) and isinstance(y, float):
            if not (x == y and math.copysign(1, x) == math.copysign(1, y)) and not (math.isnan(x) and math.isnan(y)):
                return False
        elif x != y or type(x) is not type(y):
            return False
    return True


def test_python_makes_java_reads_and_writes(interpreter, jv, names):
    seg = names.segment()
    py(interpreter, "shm_peer", "list-create", seg, json.dumps(ITEMS))
    assert same(json.loads(jv("shm", "list-read", seg).stdout), READ_BACK)
    for index, value in WRITES:
        jv("shm", "list-write", seg, index, json.dumps(value))
    seen = last_json(py(interpreter, "shm_peer", "list-read", seg).stdout)
    assert same(seen["items"], AFTER[0])
    assert seen["format"] == AFTER[1]
    too_long = jv("shm", "list-write", seg, 0, json.dumps("longer than eight"), check=False)
    assert too_long.returncode == 1 and "exceeds available storage" in too_long.stderr
    jv("shm", "unlink", seg)


def test_java_makes_python_reads_and_writes(interpreter, jv, names):
    seg = names.segment()
    layout = "v1" if minor(interpreter) == (3, 8) else "v2"
    jv("shm", "list-create", seg, json.dumps(ITEMS), "--layout", layout)
    seen = last_json(py(interpreter, "shm_peer", "list-read", seg).stdout)
    assert same(seen["items"], READ_BACK)
    assert seen["format"] == FORMAT
    for index, value in WRITES:
        py(interpreter, "shm_peer", "list-write", seg, index, json.dumps(value))
    assert same(json.loads(jv("shm", "list-read", seg).stdout), AFTER[0])
    py(interpreter, "shm_peer", "unlink", seg)


def test_the_other_layout_is_unreadable_by_python(interpreter, jv, names):
    """3.8 and 3.9+ layouts are incompatible (CPython itself cannot read the other's); Java reads both."""
    seg = names.segment()
    other = "v2" if minor(interpreter) == (3, 8) else "v1"
    jv("shm", "list-create", seg, json.dumps([1, "two", 3.0]), "--layout", other)
    wrong = py(interpreter, "shm_peer", "list-read", seg, check=False)
    assert wrong.returncode == 1, wrong.stdout
    assert json.loads(jv("shm", "list-read", seg).stdout) == [1, "two", 3.0]
    jv("shm", "unlink", seg)


def test_empty_lists_both_ways(interpreter, jv, names):
    a, b = names.segment(), names.segment()
    py(interpreter, "shm_peer", "list-create", a, "[]")
    assert json.loads(jv("shm", "list-read", a).stdout) == []
    jv("shm", "list-create", b, "[]", "--layout", "v1" if minor(interpreter) == (3, 8) else "v2")
    assert last_json(py(interpreter, "shm_peer", "list-read", b).stdout) == {"items": [], "format": ""}
    assert last_json(jv("shm", "info", b).stdout)["size"] == (8 if minor(interpreter) == (3, 8) else 16)
    jv("shm", "unlink", a)
    jv("shm", "unlink", b)
