"""Coverage of NumPy's public API: every public callable of ``numpy`` and every public member
of ``numpy.ndarray`` is either present in xnp or listed in a MISSING table with its reason.

The tables live in tests/coverage/numpy.py and tests/coverage/ndarray.py; each exposes
``coverage() -> (have, total)`` for the docs' supported-API page. Run this file with ``-s`` to
print the counts.
"""

import importlib.util
import os

import pytest

import xnp

_HERE = os.path.join(os.path.dirname(__file__), "coverage")


def _load(name):
    # Loaded by path under a private name: a module called ``numpy`` (or a package called
    # ``coverage``) on sys.path would shadow the real ones.
    spec = importlib.util.spec_from_file_location(f"_xnp_coverage_{name}", f"{_HERE}/{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


NP = _load("numpy")
ND = _load("ndarray")


def test_every_numpy_callable_is_present_or_listed():
    absent = [n for n in NP.public_callables() if not hasattr(xnp, n) and n not in NP.MISSING]
    assert not absent, f"numpy callables missing from xnp and from coverage/numpy.py: {absent}"


def test_numpy_missing_table_is_not_stale():
    present = sorted(n for n in NP.MISSING if hasattr(xnp, n))
    assert not present, f"xnp now has these; remove them from coverage/numpy.py: {present}"
    unknown = sorted(set(NP.MISSING) - set(NP.public_callables()))
    assert not unknown, f"not public numpy callables; remove from coverage/numpy.py: {unknown}"


def test_every_ndarray_member_is_present_or_listed():
    absent = [n for n in ND.public_members() if not hasattr(xnp.ndarray, n)]
    absent = [n for n in absent if n not in ND.MISSING]
    assert not absent, f"ndarray members missing from xnp.ndarray and coverage/ndarray.py: {absent}"


def test_ndarray_missing_table_is_not_stale():
    present = sorted(n for n in ND.MISSING if hasattr(xnp.ndarray, n))
    assert not present, f"xnp.ndarray now has these; drop them from coverage/ndarray.py: {present}"
    unknown = sorted(set(ND.MISSING) - set(ND.public_members()))
    assert not unknown, f"not public ndarray members; remove from coverage/ndarray.py: {unknown}"


@pytest.mark.parametrize("table", [NP, ND], ids=["numpy", "ndarray"])
def test_every_missing_entry_has_a_reason(table):
    blank = [n for n, r in table.MISSING.items() if not isinstance(r, str) or not r.strip()]
    assert not blank, f"MISSING entries without a reason: {blank}"


def test_coverage_counts_add_up(capsys):
    have, total = NP.coverage()
    assert have + len(NP.MISSING) == total
    m_have, m_total = ND.coverage()
    assert m_have + len(ND.MISSING) == m_total
    with capsys.disabled():
        print(f"\nxnp covers {have}/{total} numpy callables, {m_have}/{m_total} ndarray members")
