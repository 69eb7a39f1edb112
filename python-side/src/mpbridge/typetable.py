"""The type table of the round-trip contract (stdlib only, CPython 3.8+).

Every value here, sent by Python, decoded by Java and encoded again, must come back equal and of the same
type, recursively (``same``). ``typed_json`` describes a value for the Java unit tier's golden fixtures.
"""
import datetime
import decimal
import math
from collections import OrderedDict

__all__ = ["values", "same", "typed_json", "describe_difference"]


class _Custom(object):
    """An instance of a class Java has no type for: it travels as a generic object."""


def values():
    """(name, value) pairs covering the whole table, nested containers included."""
    shared = [1, 2]
    utc = datetime.timezone.utc
    table = [
        ("none", None),
        ("true", True),
        ("false", False),
        ("int_small", 1),
        ("int_zero", 0),
        ("int_neg", -1),
        ("int_300", 300),
        ("int_2_31", 2 ** 31),
        ("int_neg_2_63", -2 ** 63),
        ("int_2_64", 2 ** 64),
        ("int_huge", 3 ** 200),
        ("int_huge_neg", -(7 ** 150)),
        ("float", 2.5),
        ("float_neg_zero", -0.0),
        ("float_inf", float("inf")),
        ("float_neg_inf", float("-inf")),
        ("float_nan", float("nan")),
        ("float_tiny", 5e-324),
        ("str_empty", ""),
        ("str_ascii", "hi"),
        ("str_unicode", u"包子 caf\u00e9"),
        ("str_non_bmp", u"\U0001F600 \U0001D11E"),
        ("str_long", "x" * 300),
        ("bytes_empty", b""),
        ("bytes", b"x"),
        ("bytes_binary", bytes(range(256))),
        ("bytes_long", b"y" * 70000),
        ("bytearray_empty", bytearray()),
        ("bytearray", bytearray(b"ab\x00\xff")),
        ("tuple_empty", ()),
        ("tuple_1", (1,)),
        ("tuple_2", ("Dave", "123")),
        ("tuple_3", (1, 2, 3)),
        ("tuple_4", (1, 2, 3, 4)),
        ("list_empty", []),
        ("list", [1, "a", None]),
        ("list_of_none", [None]),  # APPEND (one item), not APPENDS
        ("dict_none_value", {"a": None}),  # SETITEM (one item), not SETITEMS
        ("dict_none_key", {None: None}),
        ("nested_single_nones", [[None], {"k": [None]}, (None,), {None}]),
        ("list_1001", list(range(1001))),
        ("dict_empty", {}),
        ("dict_ordered", {"b": 1, "a": 2, "c": 3}),
        ("dict_tuple_keys", {(1, 2): "x", (3, ("n", 4)): "y"}),
        ("dict_mixed_keys", {1: "int", "1": "str", None: "none", 2.5: "float", b"k": "bytes"}),
        ("set_empty", set()),
        ("set", {1, 2, 3}),
        ("set_of_tuples", {(1, 2), (3, 4)}),
        ("set_mixed", {0.5, "a", (1, "x"), None, 2 ** 70, frozenset([1]), True}),
        ("dict_typed_keys", {True: "bool", 2.0: "float", (0, False): "tuple", frozenset([3]): "frozenset", 10 ** 30: "big"}),
        ("frozenset_empty", frozenset()),
        ("frozenset", frozenset(["a", "b"])),
        ("decimal", decimal.Decimal("1.50")),
        ("decimal_exp", decimal.Decimal("-1.2E+30")),
        ("decimal_nan", decimal.Decimal("NaN")),
        ("decimal_inf", decimal.Decimal("-Infinity")),
        ("decimal_neg_zero", decimal.Decimal("-0.00")),
        ("complex", complex(1.5, -2)),
        ("date", datetime.date(2024, 2, 29)),
        ("time", datetime.time(23, 59, 58, 999999)),
        ("datetime_naive", datetime.datetime(1999, 12, 31, 23, 59, 59, 123456)),
        ("datetime_utc", datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=utc)),
        ("datetime_fold", datetime.datetime(2024, 11, 3, 1, 30, fold=1)),
        ("timedelta", datetime.timedelta(days=3, seconds=4, microseconds=5)),
        ("timedelta_neg", datetime.timedelta(days=-1, seconds=86399)),
        ("nested", {"k": [1, (2, [3, {"x": frozenset([4])}]), b"z", bytearray(b"w")], "t": ((), [()])}),
        ("shared_refs", [shared, shared, (shared,)]),
        ("ordered_dict", OrderedDict([("z", 1), ("a", 2)])),
        ("exception", KeyError("missing")),
        ("custom_object", _custom()),
    ]
    return table


def _custom():
    obj = _Custom()
    obj.name = "Dave"
    obj.items = [1, 2]
    return obj


def same(a, b, path="value"):
    """None when ``a`` and ``b`` are equal with the same types all the way down, else where they differ."""
    if type(a) is not type(b):
        return "%s: type %s != %s" % (path, type(a).__name__, type(b).__name__)
    if isinstance(a, float):
        if math.isnan(a) and math.isnan(b):
            return None
        if a != b or math.copysign(1.0, a) != math.copysign(1.0, b):
            return "%s: %r != %r" % (path, a, b)
        return None
    if isinstance(a, decimal.Decimal):
        return None if str(a) == str(b) else "%s: %r != %r" % (path, a, b)
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return "%s: length %d != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = same(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if isinstance(a, dict):
        if len(a) != len(b):
            return "%s: keys %r != %r" % (path, list(a.keys()), list(b.keys()))
        for i, (ka, kb) in enumerate(zip(a, b)):  # keys in the same order, each of the same type all the way down
            d = same(ka, kb, "%s.keys()[%d]" % (path, i))
            if d:
                return d
            d = same(a[ka], b[kb], "%s[%r]" % (path, ka))
            if d:
                return d
        return None
    if isinstance(a, (set, frozenset)):
        if len(a) != len(b):
            return "%s: size %d != %d" % (path, len(a), len(b))
        unmatched = list(b)
        for x in a:  # each member has a twin of the same type all the way down (1, 1.0 and True are equal)
            twin = next((i for i, y in enumerate(unmatched) if same(x, y) is None), None)
            if twin is None:
                return "%s: member %r has no twin of the same type in %r" % (path, x, b)
            del unmatched[twin]
        return None
    if isinstance(a, BaseException):
        return None if a.args == b.args else "%s: args %r != %r" % (path, a.args, b.args)
    if isinstance(a, _Custom):
        return same(a.__dict__, b.__dict__, path + ".__dict__")
    if isinstance(a, (datetime.datetime, datetime.time)):
        if a != b or a.fold != b.fold or a.tzinfo != b.tzinfo:
            return "%s: %r != %r" % (path, a, b)
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)


describe_difference = same


def typed_json(v):
    """A JSON-able description of a value, with its Python type, for the Java golden tests."""
    if v is None:
        return {"t": "none"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "v": repr(v)}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, bytes):
        return {"t": "bytes", "hex": v.hex()}
    if isinstance(v, bytearray):
        return {"t": "bytearray", "hex": bytes(v).hex()}
    if isinstance(v, tuple):
        return {"t": "tuple", "items": [typed_json(x) for x in v]}
    if isinstance(v, list):
        return {"t": "list", "items": [typed_json(x) for x in v]}
    if isinstance(v, frozenset):
        return {"t": "frozenset", "items": [typed_json(x) for x in v]}
    if isinstance(v, set):
        return {"t": "set", "items": [typed_json(x) for x in v]}
    if isinstance(v, OrderedDict):
        return {"t": "object", "module": "collections", "name": "OrderedDict"}
    if isinstance(v, dict):
        return {"t": "dict", "items": [[typed_json(k), typed_json(x)] for k, x in v.items()]}
    if isinstance(v, decimal.Decimal):
        if not v.is_finite() or (v.is_zero() and v.is_signed()):  # no BigDecimal for these: a generic object
            return {"t": "object", "module": "decimal", "name": "Decimal"}
        return {"t": "decimal", "v": str(v)}
    if isinstance(v, complex):
        return {"t": "complex", "re": repr(v.real), "im": repr(v.imag)}
    if isinstance(v, datetime.datetime):
        if v.fold:
            return {"t": "object", "module": "datetime", "name": "datetime"}
        return {"t": "datetime", "v": v.isoformat()}
    if isinstance(v, datetime.date):
        return {"t": "date", "v": v.isoformat()}
    if isinstance(v, datetime.time):
        return {"t": "time", "v": v.isoformat()}
    if isinstance(v, datetime.timedelta):
        return {"t": "timedelta", "days": v.days, "seconds": v.seconds, "us": v.microseconds}
    cls = type(v)
    return {"t": "object", "module": cls.__module__, "name": cls.__qualname__}
