"""Complex special values of the elementwise functions (C99 Annex G, which NumPy's loops and
the array API's special-case tables follow): every combination of signed zeros, finite
values, infinities and NaN in the real and imaginary parts, against NumPy, eagerly and
under jit, in complex64 and complex128."""

from __future__ import annotations

import itertools
import warnings

import numpy as onp
import pytest

import xnp

INF, NAN = float("inf"), float("nan")
PARTS = [0.0, -0.0, 0.5, -1.5, 2.0, INF, -INF, NAN]


def _grid(big: float) -> onp.ndarray:
    parts = [*PARTS, big]
    return onp.array([complex(a, b) for a, b in itertools.product(parts, parts)])

FUNCS = ["exp", "log", "log1p", "log2", "log10", "sqrt", "sin", "cos", "tan", "sinh", "cosh",
         "tanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "reciprocal",
         "sign"]  # fmt: skip


def _same(p: float, q: float, rtol: float) -> bool:
    if onp.isnan(p) or onp.isnan(q):
        return bool(onp.isnan(p) and onp.isnan(q))
    if onp.isinf(p) or onp.isinf(q):
        return p == q
    return bool(onp.isclose(p, q, rtol=rtol, atol=0))


def _check(name: str, got: onp.ndarray, want: onp.ndarray, z: onp.ndarray, rtol: float) -> None:
    bad = [(zi, wi, gi) for zi, wi, gi in zip(z, want, got, strict=True)
           if not (_same(wi.real, gi.real, rtol) and _same(wi.imag, gi.imag, rtol))]  # fmt: skip
    assert not bad, f"{name}: {len(bad)} of {z.size} differ (z, NumPy, xnp): {bad[:6]}"


@pytest.mark.parametrize("dtype", [onp.complex64, onp.complex128])
@pytest.mark.parametrize("name", FUNCS)
def test_complex_special_values_match_numpy(name: str, dtype: type) -> None:
    z = _grid(1e30 if dtype == onp.complex64 else 1e300).astype(dtype)
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = getattr(onp, name)(z)
    rtol = 1e-5 if dtype == onp.complex64 else 1e-12
    fn = getattr(xnp, name)
    _check(name, onp.asarray(fn(xnp.asarray(z))), want, z, rtol)
    _check(name + " (jit)", onp.asarray(xnp.jit(fn)(xnp.asarray(z))), want, z, rtol)


# The standard's rows, with the signs it fixes (a zero or infinity whose sign it leaves
# unspecified is compared by magnitude only).
ROWS = [
    ("exp", complex(-INF, INF), (0.0, 0.0)), ("exp", complex(INF, INF), (INF, NAN)),
    ("exp", complex(-INF, NAN), (0.0, 0.0)), ("exp", complex(INF, NAN), (INF, NAN)),
    ("exp", complex(1.0, -0.0), (onp.e, -0.0)),
    # expm1: the standard's table (NumPy computes exp(z) - 1 and gives NaN + NaN j here).
    ("expm1", complex(-INF, INF), (-1.0, 0.0)), ("expm1", complex(INF, INF), (INF, NAN)),
    ("expm1", complex(-INF, NAN), (-1.0, 0.0)), ("expm1", complex(INF, NAN), (INF, NAN)),
    ("expm1", complex(INF, 0.0), (INF, 0.0)), ("expm1", complex(NAN, 0.0), (NAN, 0.0)),
    ("expm1", complex(0.0, 0.0), (0.0, 0.0)),
    ("log", complex(-INF, NAN), (INF, NAN)), ("log", complex(NAN, INF), (INF, NAN)),
    ("log1p", complex(INF, NAN), (INF, NAN)), ("log1p", complex(NAN, -INF), (INF, NAN)),
    ("cosh", complex(0.0, INF), (NAN, 0.0)), ("cosh", complex(0.0, NAN), (NAN, 0.0)),
    ("cosh", complex(INF, INF), (INF, NAN)), ("cosh", complex(INF, NAN), (INF, NAN)),
    ("sinh", complex(INF, INF), (INF, NAN)), ("sinh", complex(INF, NAN), (INF, NAN)),
    ("tanh", complex(0.0, INF), (0.0, NAN)), ("tanh", complex(-0.0, NAN), (-0.0, NAN)),
    ("sqrt", complex(-INF, NAN), (NAN, INF)), ("sqrt", complex(INF, NAN), (INF, NAN)),
    ("sqrt", complex(NAN, INF), (INF, INF)),
    ("arccos", complex(-0.0, NAN), (onp.pi / 2, NAN)),
    ("arccosh", complex(0.0, NAN), (NAN, onp.pi / 2)),
    ("arcsinh", complex(NAN, -0.0), (NAN, -0.0)),
    ("arctanh", complex(0.0, NAN), (0.0, NAN)), ("arctanh", complex(-INF, NAN), (-0.0, NAN)),
    ("arctanh", complex(1.0, NAN), (NAN, NAN)), ("arctanh", complex(NAN, 1.0), (NAN, NAN)),
    ("arctanh", complex(NAN, -INF), (0.0, -onp.pi / 2)),
]  # fmt: skip


@pytest.mark.parametrize("dtype", [onp.complex64, onp.complex128])
@pytest.mark.parametrize("name,z,want", ROWS, ids=[f"{r[0]}({r[1]})" for r in ROWS])
def test_standard_special_case_rows(name: str, z: complex, want: tuple, dtype: type) -> None:
    got = complex(onp.asarray(getattr(xnp, name)(xnp.asarray(onp.array([z], dtype))))[0])
    for g, w in zip((got.real, got.imag), want, strict=True):
        if onp.isnan(w):
            assert onp.isnan(g), (name, z, got)
        else:
            assert onp.isclose(g, w, rtol=1e-6), (name, z, got)
    # Signed zeros the standard fixes: exp(1 - 0j), tanh(-0 + NaN j), arcsinh(NaN - 0j), ...
    if want[1] == 0 and onp.signbit(want[1]):
        assert onp.signbit(got.imag), (name, z, got)
    if want[0] == 0 and onp.signbit(want[0]):
        assert onp.signbit(got.real), (name, z, got)


def test_special_values_keep_gradients_finite() -> None:
    # The corrections are selects: away from the special values nothing changes, derivatives
    # included.
    for name in ("exp", "log", "tanh", "sqrt", "arctanh"):
        f = getattr(xnp, name)
        g = xnp.grad(lambda x, f=f: xnp.real(f(xnp.asarray(x) * (1 + 0.5j))))(0.3)
        eps = 1e-6
        fd = (onp.real(getattr(onp, name)((0.3 + eps) * (1 + 0.5j)))
              - onp.real(getattr(onp, name)((0.3 - eps) * (1 + 0.5j)))) / (2 * eps)  # fmt: skip
        assert onp.isclose(float(g), fd, rtol=1e-5), (name, float(g), fd)
