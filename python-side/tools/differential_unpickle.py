"""CPython's side of the differential decoding test (DifferentialDecodeTest, ``make differential``).

Reads inputs from stdin, each a 4-byte big-endian length and that many bytes; for each, prints one JSON line:
``{"ok": true, "v": DESCRIPTION}`` or ``{"ok": false, "e": "ExceptionType"}``, decoding with CPython's own C
unpickler. Globals resolve as mpbridge's Java decoder treats them: the type table's classes (builtins set,
frozenset, bytes, bytearray, list, complex, _codecs.encode, decimal.Decimal, the datetime classes) and the
built-in exceptions are the real ones; every other name is an inert stub class (Java's PyObject), so nothing in
a mutated pickle imports or runs anything. The address space is capped so a lying memo index gives MemoryError,
not the machine's memory. DESCRIPTION is the canonical form org.mpbridge.pickle.Describe produces in Java.
"""
import builtins
import datetime
import decimal
import io
import json
import math
import pickle
import struct
import sys

try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
except Exception:  # not fatal: only a guard
    pass

REAL = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytes"), ("builtins", "bytearray"),
    ("builtins", "list"), ("builtins", "complex"), ("_codecs", "encode"), ("decimal", "Decimal"),
    ("datetime", "date"), ("datetime", "time"), ("datetime", "datetime"), ("datetime", "timedelta"),
    ("datetime", "timezone"),
}
SAFE_MODULES = {"builtins", "__builtin__", "exceptions", "copy_reg", "copyreg", "_codecs", "decimal", "datetime"}
_stubs = {}


def stub(module, name):
    key = (module, name)
    if key not in _stubs:
        def __new__(cls, *args, **kwargs):
            o = datetime.tzinfo.__new__(cls)
            o._args, o._kwargs, o._new, o._list, o._dict, o._state = args, kwargs, True, [], {}, NO_STATE
            return o

        def __init__(self, *args, **kwargs):
            self._new = False

        def __setstate__(self, state):
            self._state = state

        def append(self, x):
            self._list.append(x)

        def __setitem__(self, k, v):
            self._dict[k] = v

        # a tzinfo subclass: Java cannot tell whether an unknown class is one, so it accepts it as a datetime's tzinfo
        _stubs[key] = type(name if name.isidentifier() else "stub", (datetime.tzinfo,), {
            "__new__": __new__, "__init__": __init__, "__setstate__": __setstate__, "append": append,
            "__setitem__": __setitem__, "_qualified": module + "." + name, "_name": name, "__hash__": object.__hash__})
    return _stubs[key]


NO_STATE = object()


class Unpickler(pickle.Unpickler):
    def find_class(self, module, name):
        if module in SAFE_MODULES:
            try:
                obj = super().find_class(module, name)
            except Exception:
                obj = None
            if obj is not None:
                real = (getattr(obj, "__module__", None), getattr(obj, "__qualname__", None))
                if real in REAL or (isinstance(obj, type) and issubclass(obj, BaseException)
                                    and getattr(builtins, obj.__name__, None) is obj):
                    return obj
        return stub(module, name)


def bits(x):
    return "nan" if math.isnan(x) else struct.pack(">d", x).hex()


def describe(o, memo, depth=0):
    if depth > 200:
        return "deep"
    if o is None:
        return "N"
    if o is True or o is False:
        return ["b", o]
    if type(o) is int:
        return ["i", str(o)]
    if type(o) is float:
        return ["f", bits(o)]
    if type(o) is str:
        return ["s", o.encode("utf-16-le", "surrogatepass").hex()]
    if type(o) is bytes:
        return ["y", o.hex()]
    if type(o) is memoryview:
        return ["y", o.tobytes().hex()]
    if type(o) is complex:
        return ["c", bits(o.real), bits(o.imag)]
    if type(o) is decimal.Decimal:
        return ["D", str(o)]
    if type(o) is datetime.timedelta:
        return ["td", o.days, o.seconds, o.microseconds]
    if type(o) is datetime.timezone:
        return ["tz", int(o.utcoffset(None).total_seconds())] if o.tzname(None) == datetime.timezone(o.utcoffset(None)).tzname(None) else ["tz?"]
    if type(o) is datetime.datetime:
        return ["dt", o.year, o.month, o.day, o.hour, o.minute, o.second, o.microsecond, tz(o.tzinfo), o.fold]
    if type(o) is datetime.date:
        return ["date", o.year, o.month, o.day]
    if type(o) is datetime.time:
        return ["time", o.hour, o.minute, o.second, o.microsecond, tz(o.tzinfo), o.fold]
    if isinstance(o, type):
        return ["g", getattr(o, "_qualified", "%s.%s" % (o.__module__, o.__qualname__))]
    if callable(o) and getattr(o, "__qualname__", None) == "encode":
        return ["g", "_codecs.encode"]
    if id(o) in memo:
        return ["r", memo[id(o)][0]]
    memo[id(o)] = (len(memo), o)  # o kept alive so its id is not reused
    d = depth + 1
    if type(o) is bytearray:
        return ["Y", o.hex()]
    if type(o) is tuple:
        return ["t", [describe(x, memo, d) for x in o]]
    if type(o) is list:
        return ["l", [describe(x, memo, d) for x in o]]
    if type(o) is dict:
        return ["d", [[describe(k, memo, d), describe(v, memo, d)] for k, v in o.items()]]
    if type(o) in (set, frozenset):
        return ["S" if type(o) is set else "F", sorted(json.dumps(describe(x, {}, d)) for x in o)]
    if isinstance(o, BaseException):
        return ["o", type(o).__name__, ["t", [describe(x, memo, d) for x in o.args]]]
    if hasattr(o, "_args"):
        state = "nostate" if o._state is NO_STATE else describe(o._state, memo, d)
        return ["o", type(o)._name, ["t", [describe(x, memo, d) for x in o._args]],
                ["l", [describe(x, memo, d) for x in o._list]],
                ["d", [[describe(k, memo, d), describe(v, memo, d)] for k, v in o._dict.items()]], state]
    return ["?", type(o).__name__]


def tz(t):
    if t is None:
        return None
    try:
        off = t.utcoffset(None)
    except Exception:
        return "?"
    return None if off is None else int(off.total_seconds())


class Memory:
    """A peekable, never over-reading stream over bytes: the C unpickler then behaves as pickle.loads on bytes."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        end = len(self.data) if n is None or n < 0 else min(len(self.data), self.pos + n)
        out = self.data[self.pos:end]
        self.pos = end
        return out

    def readinto(self, buf):
        out = self.read(len(buf))
        buf[:len(out)] = out
        return len(out)

    def readline(self):
        nl = self.data.find(b"\n", self.pos)
        return self.read(len(self.data) - self.pos if nl < 0 else nl + 1 - self.pos)

    def peek(self, n=0):
        return self.data[self.pos:]


def main():
    stdin = sys.stdin.buffer
    out = sys.stdout
    while True:
        head = stdin.read(4)
        if len(head) < 4:
            return 0
        n = struct.unpack(">I", head)[0]
        data = stdin.read(n)
        try:
            # a peekable stream that never over-reads: the C unpickler prefetches it, as pickle.loads reads bytes
            v = Unpickler(Memory(data)).load()
            try:
                line = json.dumps({"ok": True, "v": describe(v, {})})
            except RecursionError:
                line = json.dumps({"ok": True, "v": "deep"})
        except BaseException as e:  # noqa: BLE001 - any refusal is the datum
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            line = json.dumps({"ok": False, "e": type(e).__name__})
        out.write(line + "\n")
        out.flush()


if __name__ == "__main__":
    sys.exit(main())
