"""`make bench` keeps working: every transport, every pairing, a few round trips each (no speed is asserted)."""
import os

import pytest

from mpbridge import bench
from mpbridge.pytest_plugin import discovered

pytestmark = pytest.mark.interop
SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "src"))


CASES = [(t, 1 << 20, False) for t in bench.TRANSPORTS] + [(t, 64, True) for t in bench.TRANSPORTS if t != "shm"]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("transport,size,use_pickle", CASES,
                         ids=["%s-%s" % (t, "pickle" if p else "raw") for t, _, p in CASES])
def test_every_pairing_round_trips(transport, size, use_pickle, tmp_path):
    found, _ = discovered()
    if not found:
        pytest.skip("no CPython 3.8-3.13 found")
    env = dict(os.environ, PYTHONPATH=SRC)
    results = bench.measure(transport, size, use_pickle, 20, found[-1].path, env, str(tmp_path), warmup=3)
    assert sorted(results) == sorted(bench.PAIRS)
    for pair, r in results.items():
        assert r["count"] == 20 and r["size"] == size and r["seconds"] > 0, (pair, r)
    assert not [n for n in os.listdir("/dev/shm") if "mpbbench" in n], "a shm echo left its names behind"
