# Run once in each EmbeddedPython (its own globals): values cross as pickles, never through Jep's conversions.
import pickle as _mpb_pickle
import sys as _mpb_sys
import traceback as _mpb_traceback


def _mpb_run(kind, text, payload):
    """b'\\x00' + pickle of the result, or b'\\x01' + pickle of (type name, args, traceback text)."""
    try:
        g = globals()
        if kind == "exec":
            exec(compile(text, "<java>", "exec"), g)
            result = None
        elif kind == "eval":
            result = eval(compile(text, "<java>", "eval"), g)
        elif kind == "call":
            args = _mpb_pickle.loads(payload.encode("latin-1"))
            result = eval(compile(text, "<java>", "eval"), g)(*args)
        elif kind == "set":
            g[text] = _mpb_pickle.loads(payload.encode("latin-1"))
            result = None
        else:
            raise ValueError("unknown request " + kind)
        return b"\x00" + _mpb_pickle.dumps(result, protocol=2)
    except BaseException as e:  # SystemExit too: it must not end the JVM's interpreter
        t = type(e)
        args = list(e.args)
        try:
            _mpb_pickle.dumps(args, protocol=2)
        except Exception:
            args = [repr(a) for a in e.args]
        return b"\x01" + _mpb_pickle.dumps((t.__module__ + "." + t.__qualname__, args, _mpb_traceback.format_exc()), protocol=2)
