"""The Python half of the pickle oracle: builds each case's value from its source, checks Java's pickles of it,
or pickles it for Java. Runs inside the JVM (Jep); one call handles a whole batch."""
import collections
import datetime
import decimal
import math
import pickle
import traceback
import types

_NAMESPACE = {"collections": collections, "datetime": datetime, "decimal": decimal, "types": types}
_MUTABLE = (list, dict, set, bytearray)


def build(source):
    ns = dict(_NAMESPACE)
    exec(source, ns)
    return ns["value"]


def check_java_pickles(sources, pickles):
    """For each case: None when pickle.loads(Java's bytes) is the value the source makes, else the difference."""
    out = []
    for source, data in zip(sources, pickles):
        try:
            expected = build(source)
            actual = pickle.loads(str(data).encode("latin-1"))
            out.append(_Compare().diff(expected, actual, "value"))
        except Exception:
            out.append("python raised: " + traceback.format_exc(limit=4))
    return out


def pickle_for_java(sources, protocols):
    """Each case's value pickled by CPython at its protocol (bytes), or the error text (str)."""
    out = []
    for source, protocol in zip(sources, protocols):
        try:
            out.append(pickle.dumps(build(source), protocol=int(protocol)))
        except Exception:
            out.append("python raised: " + traceback.format_exc(limit=4))
    return out


class _Compare(object):
    """Same types all the way down, floats by bits (nan is nan, -0.0 is not 0.0), dicts in order, sets by twins,
    and the same sharing: a mutable object seen twice in one graph is one object in the other, cycles included."""

    def __init__(self):
        self.forward = {}
        self.backward = {}
        self.keep = []

    def diff(self, a, b, path):
        if isinstance(a, (list, tuple, dict, set, frozenset, bytearray)):
            seen = self.forward.get(id(a))
            if seen is not None:
                if seen is b:
                    return None
                if isinstance(a, _MUTABLE):
                    return "%s: Java's object here is one seen before; Python's is a different one" % path
            back = self.backward.get(id(b))
            if back is not None and back is not a and isinstance(a, _MUTABLE):
                return "%s: distinct objects were merged into one" % path
            self.forward[id(a)] = b
            self.backward[id(b)] = a
            self.keep.append((a, b))
        if type(a) is not type(b):
            return "%s: type %s expected, got %s (%s)" % (path, type(a).__name__, type(b).__name__, _short(b))
        if isinstance(a, float):
            return None if _same_float(a, b) else "%s: %r expected, got %r" % (path, a, b)
        if isinstance(a, complex):
            ok = _same_float(a.real, b.real) and _same_float(a.imag, b.imag)
            return None if ok else "%s: %r expected, got %r" % (path, a, b)
        if isinstance(a, decimal.Decimal):
            return None if str(a) == str(b) else "%s: %r expected, got %r" % (path, a, b)
        if isinstance(a, (list, tuple)):
            if len(a) != len(b):
                return "%s: length %d expected, got %d" % (path, len(a), len(b))
            for i, (x, y) in enumerate(zip(a, b)):
                d = self.diff(x, y, "%s[%d]" % (path, i))
                if d:
                    return d
            return None
        if isinstance(a, dict):
            if len(a) != len(b):
                return "%s: %d keys expected, got %d" % (path, len(a), len(b))
            for i, ((ka, va), (kb, vb)) in enumerate(zip(a.items(), b.items())):
                d = self.diff(ka, kb, "%s.keys()[%d]" % (path, i)) or self.diff(va, vb, "%s[%s]" % (path, _short(ka)))
                if d:
                    return d
            return None
        if isinstance(a, (set, frozenset)):
            if len(a) != len(b):
                return "%s: %d members expected, got %d" % (path, len(a), len(b))
            unmatched = list(b)
            for x in a:
                twin = next((i for i, y in enumerate(unmatched) if _Compare().diff(x, y, "") is None), None)
                if twin is None:
                    return "%s: member %s has no twin of the same type in %s" % (path, _short(x), _short(b))
                del unmatched[twin]
            return None
        if isinstance(a, BaseException):
            return self.diff(a.args, b.args, path + ".args")
        if isinstance(a, (datetime.datetime, datetime.time)):
            if a != b or a.fold != b.fold or a.tzinfo != b.tzinfo or a.utcoffset() != b.utcoffset():
                return "%s: %r expected, got %r" % (path, a, b)
            return None
        if isinstance(a, type) or callable(a):
            return None if a is b else "%s: %r expected, got %r" % (path, a, b)
        return None if a == b else "%s: %s expected, got %s" % (path, _short(a), _short(b))


def _same_float(x, y):
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return x == y and math.copysign(1.0, x) == math.copysign(1.0, y)


def _short(v):
    try:
        r = repr(v)
    except RecursionError:
        r = "<recursive %s>" % type(v).__name__
    return r if len(r) <= 200 else r[:200] + "..."
