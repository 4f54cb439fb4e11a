"""The incomplete beta family (beta_family.py) beyond its accuracy rows: domain edges against
SciPy, dtypes and broadcasting, jit and vmap, the complement and inverse identities where
SciPy's own value is off, and derivatives in the arguments the rows cannot differentiate."""

from __future__ import annotations

import warnings

import numpy as onp
import pytest
import scipy.special as sp

import xnp
import xnp.scipy.special as xsp

inf, nan = onp.inf, onp.nan


def _close(got, want, rtol: float = 1e-13) -> None:
    onp.testing.assert_allclose(onp.asarray(got), want, rtol=rtol, atol=0, equal_nan=True)


_EDGES = onp.array(
    [(0, 0, 0.5), (0, 1, 0.5), (0, 1, 0), (1, 0, 0.5), (1, 0, 1), (inf, 1, 0.5), (1, inf, 0.5),
     (inf, inf, 0.5), (inf, 1, 1), (1, inf, 0), (2, 3, 0), (2, 3, 1), (0, 0, 0), (-1, 2, 0.5),
     (2, 3, 1.5), (2, 3, -0.5), (nan, 1, 0.5), (1, nan, 0.5), (1, 1, nan), (0, 2, 0)]
)  # fmt: skip


@pytest.mark.parametrize("name", ["betainc", "betaincc", "betaincinv", "betainccinv"])
def test_edges_match_scipy(name: str) -> None:
    a, b, x = _EDGES.T
    _close(getattr(xsp, name)(a, b, x), getattr(sp, name)(a, b, x), rtol=0)


def test_dtypes_and_broadcasting() -> None:
    a = onp.array([[0.5], [2.0]], onp.float32)
    x = onp.linspace(0.1, 0.9, 5).astype(onp.float32)
    out = xsp.betainc(a, 3.0, x)
    assert out.shape == (2, 5) and out.dtype == onp.float32
    assert xsp.betainc(2, 3, onp.array([0, 1])).dtype == onp.float64
    assert xsp.stdtr(onp.float32(3.0), onp.float32(0.5)).dtype == onp.float32
    assert xsp.betaincinv(2.0, 3.0, onp.zeros((0, 3))).shape == (0, 3)
    with pytest.raises(ValueError):
        xsp.betainc(onp.ones(3), 1.0, onp.ones(4))


def test_jit_and_vmap() -> None:
    a = onp.array([0.5, 2.0, 30.0, 1e3])
    b = onp.array([3.0, 0.7, 50.0, 1e4])
    x = onp.array([0.1, 0.95, 0.4, 0.09])
    want = sp.betainc(a, b, x)
    _close(xnp.jit(xsp.betainc)(a, b, x), want)
    _close(xnp.vmap(xsp.betainc)(a, b, x), want)
    y = onp.array([0.3, 1e-20, 0.9, 0.5])
    _close(xnp.jit(xsp.betaincinv)(a, b, y), sp.betaincinv(a, b, y), rtol=1e-12)
    _close(xnp.vmap(xsp.stdtr, in_axes=(None, 0))(3.5, x), sp.stdtr(3.5, x))


# Where SciPy's value is off, the identities decide: the complement, and the closed forms.
def test_complement_at_tiny_parameters() -> None:
    # I_x(a, b) with a tiny is 1 - O(a); its complement must keep its digits.
    a = onp.array([1e-20, 1e-5, 1e-3, 1e-300])
    b = onp.array([50.0, 20.0, 1.0, 5.0])
    x = onp.array([0.01, 0.01, 0.3, 0.1])
    _close(xsp.betaincc(a, b, x), sp.betaincc(a, b, x), rtol=1e-13)
    # I_x(1/2, 1/2) = 2 asin(sqrt(x)) / pi; SciPy's betaincc(0.5, 0.5, 1e-20) returns 1.0
    x = onp.array([1e-20, 1e-10, 0.3])
    want = 2 / onp.pi * onp.arcsin(onp.sqrt(x))
    _close(xsp.betainc(0.5, 0.5, x), want, rtol=1e-14)
    _close(1.0 - onp.asarray(xsp.betaincc(0.5, 0.5, x)), want, rtol=2e-6)
    # stdtr(1, t) = 1/2 + atan(t) / pi
    t = onp.array([1e-10, -1e-5, 3.0, -40.0])
    _close(xsp.stdtr(1.0, t), 0.5 + onp.arctan(t) / onp.pi, rtol=1e-14)


def test_inverse_round_trip() -> None:
    # (the roots stay above 1e-308: y = 1e-60 at a = 0.3 is x = 1e-200)
    grid = [0.3, 1.0, 4.0, 80.0], [0.5, 2.0, 300.0], [1e-60, 1e-8, 0.2, 0.5, 0.8]
    a, b, y = (m.ravel() for m in onp.meshgrid(*grid, indexing="ij"))
    x = onp.asarray(xsp.betaincinv(a, b, y))
    _close(sp.betainc(a, b, x), y, rtol=1e-12)
    xc = onp.asarray(xsp.betainccinv(a, b, y))
    # near 1 the root's own rounding (of 1 - x) dominates: check where x < 1/2, and near 1
    # against SciPy's root
    low = xc < 0.5
    _close(sp.betaincc(a, b, xc)[low], y[low], rtol=1e-12)
    _close(xc[~low], sp.betainccinv(a, b, y)[~low], rtol=1e-13)


def test_scipy_domain_rules_of_the_helpers() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy warns on non-integer k and n
        k = onp.array([-1.5, -1.0, -0.5, 0.0, 2.7, 5.0, 6.0, inf, nan])
        for name in ("bdtr", "bdtrc", "bdtri", "nbdtr", "nbdtrc", "nbdtri"):
            _close(getattr(xsp, name)(k, 5.0, 0.3), getattr(sp, name)(k, 5.0, 0.3), rtol=1e-13)
        _close(xsp.pdtri(k, 0.4), sp.pdtri(k, 0.4), rtol=1e-13)
        _close(xsp.chdtri(onp.array([-1.0, 2.0, inf]), 0.3), sp.chdtri([-1.0, 2.0, inf], 0.3))
        _close(xsp.stdtrit(onp.array([-1.0, 0.0, 2.0]), 1.0), sp.stdtrit([-1.0, 0.0, 2.0], 1.0))


def _central(fn, args: list[float], i: int) -> float:
    h = 1e-6 * abs(args[i])
    lo, hi = list(args), list(args)
    lo[i] -= h
    hi[i] += h
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SciPy's float n (10.0) is "non-integer" to bdtr
        return (float(fn(*hi)) - float(fn(*lo))) / (2 * h)


@pytest.mark.parametrize(
    ("name", "point", "argnum"),
    [("bdtr", (3.0, 10.0, 0.4), 2), ("bdtrc", (3.0, 10.0, 0.4), 2), ("bdtri", (3.0, 10.0, 0.4), 2),
     ("nbdtr", (3.0, 5.0, 0.4), 2), ("nbdtri", (3.0, 5.0, 0.4), 2), ("pdtri", (3.0, 0.4), 1),
     ("betainc", (1.25, 2.0, 0.22), 1), ("betaincc", (0.5, 4.0, 0.01), 1),
     ("betainccinv", (2.0, 1e4, 0.3), 0)],
)  # fmt: skip
def test_grad_in_the_continuous_argument(name: str, point: tuple, argnum: int) -> None:
    # b = 2 is an integer: the fraction's terms vanish there, its derivative does not.
    g = float(xnp.grad(getattr(xsp, name), argnums=argnum)(*point))
    want = _central(getattr(sp, name), list(point), argnum)
    onp.testing.assert_allclose(g, want, rtol=2e-6)


def test_forward_mode_matches_reverse() -> None:
    a, b, x = 2.5, 7.0, 0.3
    _, t = xnp.jvp(xsp.betainc, (a, b, x), (1.0, 0.0, 0.0))
    g = xnp.grad(xsp.betainc, argnums=0)(a, b, x)
    onp.testing.assert_allclose(float(t), float(g), rtol=1e-14)
