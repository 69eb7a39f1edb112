"""A scaled-down ``make soak`` in every ``make test``: concurrent CPython clients into the Java listener and manager
(CPython's servers alongside, for reference), nothing lost, duplicated, reordered or corrupted."""
import json

import pytest

from mpbridge import soak

pytestmark = pytest.mark.interop


def test_scaled_down_soak_loses_nothing(tmp_path):
    out = tmp_path / "soak.json"
    code = soak.main(["--clients", "20", "--messages", "200", "--calls", "100", "--procs", "4",
                      "--reference-timeout", "120", "--json", str(out)])
    results = json.loads(out.read_text())["results"]
    assert {(r["workload"], r["server"]) for r in results} == {
        ("echo", "java"), ("echo", "python"), ("manager", "java"), ("manager", "python")}
    for r in results:
        if r["server"] == "java":
            assert (r["lost"], r["duplicated"], r["reordered"], r["corrupted"], r["unfinished_clients"]) == (0, 0, 0, 0, 0), r
            assert r["ok"] == r["clients"] * r["per_client"], r
    assert code == 0
