"""xnp.scipy.stats against scipy.stats: every method of every distribution on grids of x (or q),
loc and scale including invalid scales, infinities and NaN, in float64 and float32, eagerly
and under jit; ppf/cdf round trips; rvs against SciPy's cdf by a KS test on fixed keys;
gradients of logpdf/cdf in x, loc and scale against central differences; vmap; frozen forms."""

from __future__ import annotations

from typing import Any

import numpy as onp
import pytest
import scipy.stats as ss

import xnp
import xnp.scipy.stats as xst

inf, nan = onp.inf, onp.nan
DISTS = ["norm", "expon", "uniform", "logistic", "cauchy", "laplace", "gumbel_r", "gumbel_l"]
_X = onp.array([-inf, -40.0, -5.0, -1.0, -0.0, 0.0, 0.3, 0.5, 1.0, 2.0, 2.5, 10.0, 40.0, inf, nan])
_Q = onp.array([0.0, 1e-300, 1e-20, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-10, 1.0, -0.1, 1.1, nan])
_LOC = onp.array([0.0, 0.5, -3.0])
_SCALE = onp.array([1.0, 2.0, 1e-3, 0.0, -1.0])
X_METHODS = ["pdf", "logpdf", "cdf", "logcdf", "sf", "logsf"]
Q_METHODS = ["ppf", "isf"]
# Worst relative error allowed in float64 (float32: in float32 eps, against SciPy's float64
# value at the float32 inputs).
_TOL64 = {("norm", "logcdf"): 4e-14, ("norm", "logsf"): 4e-14, ("norm", "pdf"): 4e-14,
          ("laplace", "pdf"): 4e-14, ("expon", "pdf"): 4e-14,
          ("logistic", "pdf"): 4e-14,
          # exp(logpdf) with logpdf near -660: eps |logpdf|
          ("gumbel_r", "pdf"): 2e-13, ("gumbel_l", "pdf"): 2e-13}  # fmt: skip
_ULP32 = 256.0  # exp(logpdf) and the tails of x / scale: about eps |z| |d log f / dz|


def _grid(first: onp.ndarray) -> list[onp.ndarray]:
    return [m.ravel() for m in onp.meshgrid(first, _LOC, _SCALE, indexing="ij")]


def _err(got: Any, want: Any, tiny: float) -> onp.ndarray:
    got, want = onp.asarray(got, onp.float64), onp.asarray(want, onp.float64)
    with onp.errstate(all="ignore"):
        e = onp.abs(got - want) / onp.maximum(onp.abs(want), tiny)
    same = (got == want) | (onp.isnan(got) & onp.isnan(want)) | ((got == 0) & (abs(want) < tiny))
    return onp.where(same, 0.0, onp.where(onp.isnan(e), inf, e))


def _check(name: str, method: str, dtype: Any, jit: bool) -> None:
    grid = _grid(_Q if method in Q_METHODS else _X)
    args = [a.astype(dtype) for a in grid]
    fn = getattr(getattr(xst, name), method)
    got = onp.asarray((xnp.jit(fn) if jit else fn)(*args))
    assert got.dtype == dtype, (name, method, got.dtype)
    with onp.errstate(all="ignore"):
        want = getattr(getattr(ss, name), method)(*(a.astype(onp.float64) for a in args))
        if dtype == onp.float32:
            want = want.astype(onp.float32)
    finfo = onp.finfo(dtype)
    err = _err(got, want, float(finfo.tiny))
    if method.startswith("log"):
        # SciPy's laplace takes the log of an underflowed value (-inf); xnp's stays finite.
        err[(want == -inf) & (got < onp.log(finfo.tiny))] = 0.0
    if name.startswith("gumbel") and method in ("pdf", "logpdf"):
        # SciPy's gumbel density is NaN at x = -inf (gumbel_l: +inf), from inf - inf.
        err[onp.isinf(args[0]) & onp.isnan(want) & (got == (0 if method == "pdf" else -inf))] = 0
    tol = _TOL64.get((name, method), 1e-14) if dtype == onp.float64 else _ULP32 * finfo.eps
    i = int(onp.argmax(err))
    assert err[i] <= tol, (name, method, err[i], [a[i] for a in args], got[i], want[i])


@pytest.mark.parametrize("method", X_METHODS + Q_METHODS)
@pytest.mark.parametrize("name", DISTS)
def test_methods_float64(name: str, method: str) -> None:
    _check(name, method, onp.float64, jit=False)


@pytest.mark.parametrize("method", X_METHODS + Q_METHODS)
@pytest.mark.parametrize("name", DISTS)
def test_methods_float32(name: str, method: str) -> None:
    _check(name, method, onp.float32, jit=False)


@pytest.mark.parametrize("name", DISTS)
def test_under_jit(name: str) -> None:
    for method in ("logpdf", "cdf", "ppf"):
        _check(name, method, onp.float64, jit=True)


@pytest.mark.parametrize("name", DISTS)
def test_moments_support_interval(name: str) -> None:
    d, s = getattr(xst, name), getattr(ss, name)
    loc, scale = _LOC[:, None], _SCALE[None, :]
    with onp.errstate(all="ignore"):
        for m in ("mean", "var", "std", "median", "entropy"):
            onp.testing.assert_allclose(
                onp.asarray(getattr(d, m)(loc, scale)), getattr(s, m)(loc, scale), rtol=1e-15,
                err_msg=f"{name}.{m}",
            )  # fmt: skip
        for got, want in zip(d.support(loc, scale), s.support(loc, scale), strict=True):
            onp.testing.assert_array_equal(onp.asarray(got), want)
        for got, want in zip(d.interval(0.9, loc, scale), s.interval(0.9, loc, scale),
                             strict=True):  # fmt: skip
            onp.testing.assert_allclose(onp.asarray(got), want, rtol=1e-14, atol=4e-15)
        m, v = d.stats(1.0, 2.0)
        onp.testing.assert_allclose([float(m), float(v)], s.stats(1.0, 2.0), rtol=1e-15)


@pytest.mark.parametrize("name", DISTS)
def test_round_trips(name: str) -> None:
    d = getattr(xst, name)
    q = onp.linspace(0.001, 0.999, 41)
    for loc, scale in ((0.0, 1.0), (1.5, 0.3)):
        x = d.ppf(q, loc, scale)
        # loc + scale z and back lose a few ulp of z where |loc| > |scale z|.
        onp.testing.assert_allclose(onp.asarray(d.cdf(x, loc, scale)), q, rtol=1e-12)
        onp.testing.assert_allclose(onp.asarray(d.sf(d.isf(q, loc, scale), loc, scale)), q,
                                    rtol=1e-12)  # fmt: skip
        xs = onp.asarray(ss.__dict__[name].ppf(q, loc, scale))
        onp.testing.assert_allclose(onp.asarray(d.ppf(d.cdf(xs, loc, scale), loc, scale)), xs,
                                    rtol=1e-12, atol=1e-14)  # fmt: skip


@pytest.mark.parametrize("name", DISTS)
def test_rvs_ks_against_scipy_cdf(name: str) -> None:
    d = getattr(xst, name)
    sample = onp.asarray(d.rvs(1.5, 0.7, size=4000, key=xnp.random.key(7)))
    assert sample.shape == (4000,) and sample.dtype == onp.float64
    p = ss.kstest(sample, getattr(ss, name).cdf, args=(1.5, 0.7)).pvalue
    assert p > 1e-3, (name, p)
    again = onp.asarray(d.rvs(1.5, 0.7, size=4000, random_state=xnp.random.key(7)))
    onp.testing.assert_array_equal(sample, again)


def test_rvs_shapes_generators_errors() -> None:
    loc = onp.array([0.0, 10.0, 20.0])
    out = xst.norm.rvs(loc, 1.0, key=xnp.random.key(0))
    assert out.shape == (3,)
    out = xst.norm.rvs(loc, 1.0, size=(2, 3), key=xnp.random.key(0))
    assert out.shape == (2, 3)
    assert onp.all(onp.abs(onp.asarray(out) - loc) < 10)
    rng = xnp.random.default_rng(0)
    a, b = xst.expon.rvs(size=5, random_state=rng), xst.expon.rvs(size=5, random_state=rng)
    assert not onp.array_equal(onp.asarray(a), onp.asarray(b))
    assert onp.all(onp.asarray(a) >= 0)
    f32 = xst.laplace.rvs(onp.float32(0.0), onp.float32(1.0), size=4, key=xnp.random.key(1))
    assert f32.dtype == onp.float32
    assert onp.isnan(onp.asarray(xst.norm.rvs(0.0, -1.0, size=2, key=xnp.random.key(0)))).all()
    with pytest.raises(TypeError, match="norm.rvs: pass key="):
        xst.norm.rvs(size=3)
    with pytest.raises(ValueError, match=r"size \(2,\) does not broadcast"):
        xst.norm.rvs(loc, size=2, key=xnp.random.key(0))
    with pytest.raises(ValueError, match="moments"):
        xst.norm.stats(moments="mvsk")


def test_frozen() -> None:
    fz = xst.norm(1.0, 2.0)
    x = onp.linspace(-3, 5, 9)
    for m in X_METHODS:
        onp.testing.assert_allclose(onp.asarray(getattr(fz, m)(x)),
                                    getattr(ss.norm(1.0, 2.0), m)(x), rtol=4e-14)  # fmt: skip
    onp.testing.assert_allclose(onp.asarray(fz.ppf([0.1, 0.5])), ss.norm(1.0, 2.0).ppf([0.1, 0.5]))
    assert float(fz.mean()) == 1.0 and float(fz.var()) == 4.0 and float(fz.std()) == 2.0
    assert float(fz.median()) == 1.0
    assert fz.rvs(size=3, key=xnp.random.key(0)).shape == (3,)
    assert "norm(loc=1.0, scale=2.0)" == repr(fz)


def _central(f: Any, args: list[float], i: int) -> float:
    h = 1e-6 * max(abs(args[i]), 1.0)
    hi, lo = list(args), list(args)
    hi[i] += h
    lo[i] -= h
    return (f(*hi) - f(*lo)) / (2 * h)


@pytest.mark.parametrize("method", ["logpdf", "cdf", "logsf", "ppf"])
@pytest.mark.parametrize("name", DISTS)
def test_grad_central_differences(name: str, method: str) -> None:
    fn = getattr(getattr(xst, name), method)
    ref = getattr(getattr(ss, name), method)
    point = [0.3, 0.2, 1.7] if method == "ppf" else [0.9, 0.2, 1.7]
    grads = xnp.grad(fn, argnums=(0, 1, 2))(*point)
    for i in range(3):
        want = _central(lambda *a: float(ref(*a)), point, i)
        onp.testing.assert_allclose(float(grads[i]), want, rtol=1e-6, atol=1e-10,
                                    err_msg=f"{name}.{method} d/darg{i}")  # fmt: skip


@pytest.mark.parametrize("name", DISTS)
def test_vmap_matches_loop(name: str) -> None:
    d = getattr(xst, name)
    x, loc, scale = _grid(_X)
    got = onp.asarray(xnp.vmap(d.logcdf)(x, loc, scale))
    want = onp.array([onp.asarray(d.logcdf(x[i], loc[i], scale[i])) for i in range(8)])
    onp.testing.assert_array_equal(got[:8], want)
    # The batched program may round arctan2 differently in the last bit.
    onp.testing.assert_allclose(got, onp.asarray(d.logcdf(x, loc, scale)), rtol=4e-16, atol=0)


def test_shapes_and_dtypes() -> None:
    assert xst.norm.pdf(onp.zeros((0, 3))).shape == (0, 3)
    assert xst.norm.cdf(1.0).shape == ()
    assert xst.norm.cdf(onp.arange(3)).dtype == onp.float64
    assert xst.expon.logpdf(onp.ones((2, 1)), onp.zeros(4)).shape == (2, 4)
    with pytest.raises(ValueError):
        xst.norm.pdf(onp.ones(3), onp.ones(4))
