"""CPython's ``test._test_multiprocessing`` classes, installed here as ``test_multiprocessing_<method>`` installs them.

The start method and the target come from the environment (``MPBRIDGE_CONFORMANCE_START``, ``..._TARGET``), so
that a spawned child importing this module to unpickle ``WithManagerTestQueue._test_put`` gets the same classes.
"""
import os

import test._test_multiprocessing as _tm

START_METHOD = os.environ.get("MPBRIDGE_CONFORMANCE_START", "fork")
TARGET = os.environ.get("MPBRIDGE_CONFORMANCE_TARGET", "cpython")

_tm.install_tests_in_module_dict(globals(), START_METHOD)

if TARGET == "java":
    from mpbridge.conformance import adapt as _adapt

    _adapt.apply(globals())
