"""xnp.scipy.stats' discrete distributions against scipy.stats: pmf/logpmf/cdf/logcdf/sf/logsf on
integer and non-integer grids over and outside the support, times loc (and NaN), for several
shape values and invalid ones, in float64 and float32, eagerly and under jit; ppf/isf exactly;
moments, entropy, support, interval; rvs by a chi-square test against SciPy's pmf; frozen
forms."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as onp
import pytest
import scipy.stats as ss

import xnp
import xnp.scipy.stats as xst

inf, nan = onp.inf, onp.nan
DCASES: dict[str, list[tuple]] = {
    "poisson": [(0.0,), (0.3,), (3.2,), (45.0,)],
    "geom": [(0.05,), (0.3,), (0.9,)],
    "bernoulli": [(0.0,), (0.3,), (1.0,)],
    "randint": [(0, 1), (2, 9), (-5, 40)],
    "dlaplace": [(0.2,), (0.7,), (3.0,)],
    "planck": [(0.1,), (0.6,), (4.0,)],
    "boltzmann": [(0.1, 5), (0.6, 7), (2.0, 30)],
    "zipf": [(1.5,), (2.5,), (6.0,)],
}
DINVALID: dict[str, list[tuple]] = {
    "poisson": [(-1.0,), (nan,)],
    "geom": [(0.0,), (1.5,), (nan,)],
    "bernoulli": [(-0.1,), (1.1,), (nan,)],
    "randint": [(3, 3), (5, 2), (0.5, 3)],
    "dlaplace": [(0.0,), (-1.0,), (nan,)],
    "planck": [(0.0,), (-1.0,), (nan,)],
    "boltzmann": [(0.0, 5), (1.0, 0), (1.0, 2.5)],
    "zipf": [(1.0,), (0.5,), (nan,)],
}
K_METHODS = ["pmf", "logpmf", "cdf", "logcdf", "sf", "logsf"]
# Relative tolerance in float64 / float32 eps; larger entries carry their reason.
_TOL = {"zipf": (400, 64),  # cdf = 1 - zeta(a, k + 1) / zeta(a) cancels for small k
        # k log(mu) - gammaln(k + 1) - mu cancels: eps (k |log mu| + mu) for large mu
        "poisson": (400, 256)}  # fmt: skip
# SciPy computes these tails as 1 - cdf and loses them; xnp's closed forms are checked against
# sums of the pmf instead (test_sf_by_summation), SciPy's to its own accuracy (1e-8, absolute
# in the probability).
DSCIPY_COMPLEMENT = {("dlaplace", "sf"), ("dlaplace", "logsf"), ("boltzmann", "sf"),
                     ("boltzmann", "logsf"), ("zipf", "sf"), ("zipf", "logsf")}  # fmt: skip
_TOL_DEFAULT = (64, 64)


def _grid_q(name: str) -> list[float]:
    # SciPy's zipf quantiles far out run its generic search to exhaustion (k ~ 1e24).
    if name == "zipf":
        return [1e-3, 0.1, 0.5, 0.9, 0.999]
    return [1e-12, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12]


def _kgrid(name: str, shp: tuple) -> onp.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = getattr(ss, name)
        lo, hi = d.support(*shp)
        qs = d.ppf(_grid_q(name), *shp)
    pts = list(qs) + [lo, hi, lo - 1, hi + 1, lo + 0.5, -inf, inf, nan, 0, 1, 2, 2.5, 7, 100]
    pts = onp.array([p for p in pts if onp.isnan(p) or abs(p) < 1e15 or onp.isinf(p)], float)
    return onp.unique(pts)


def _ref(name: str, method: str, k: Any, shp: tuple, loc: Any) -> onp.ndarray:
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return onp.asarray(getattr(getattr(ss, name), method)(k, *shp, loc=loc), float)


def _err(name: str, method: str, shp: tuple, dtype: Any, jit: bool) -> tuple[float, Any]:
    k0 = _kgrid(name, shp)
    worst = (0.0, None)
    finfo = onp.finfo(dtype)
    for loc in (0.0, 2.0, -3.0, nan):
        k = (k0 + (0 if onp.isnan(loc) else loc)).astype(dtype)
        fn = getattr(getattr(xst, name), method)
        sh = tuple(onp.asarray(v, dtype) for v in shp)

        def call(k: Any, loc: Any, *s: Any, fn: Any = fn) -> Any:
            return fn(k, *s, loc=loc)

        got = onp.asarray((xnp.jit(call) if jit else call)(k, onp.asarray(loc, dtype), *sh))
        assert got.dtype == dtype, (name, method, got.dtype)
        want = _ref(name, method, k.astype(float), tuple(float(v) for v in sh), loc)
        got = got.astype(float)
        with onp.errstate(all="ignore"):
            floor = onp.maximum(onp.abs(want), 1.0 if method.startswith("log") else finfo.tiny)
            err = onp.abs(got - want) / floor
            if (name, method) in DSCIPY_COMPLEMENT:
                diff = onp.abs(onp.exp(got) - onp.exp(want)) if method.startswith("log") else (
                    onp.abs(got - want))  # fmt: skip
                err = diff * (finfo.eps / 1e-8)
        same = (got == want) | (onp.isnan(got) & onp.isnan(want))
        if method.startswith("log"):
            same |= (want == -inf) & (got < onp.log(finfo.tiny))
            same |= (got == -inf) & (want < onp.log(finfo.tiny))
        else:
            same |= (onp.abs(want) < finfo.tiny * 2**24) & (onp.abs(got) < finfo.tiny * 2**24)
        err = onp.where(same, 0.0, onp.where(onp.isnan(err), inf, err))
        # pmf = exp(logpmf): its error is about eps |logpmf|.
        if method in ("pmf", "cdf", "sf"):
            with onp.errstate(all="ignore"):
                err = err / onp.fmax(1.0, onp.abs(onp.log(onp.abs(want))) / 4)
        i = int(onp.argmax(err))
        if err[i] > worst[0]:
            worst = (float(err[i]), (float(k[i]), loc, float(got[i]), float(want[i])))
    return worst


@pytest.mark.parametrize("method", K_METHODS)
@pytest.mark.parametrize("name", list(DCASES))
@pytest.mark.parametrize("dtype", [onp.float64, onp.float32], ids=["f64", "f32"])
def test_methods(name: str, method: str, dtype: Any) -> None:
    tol = _TOL.get(name, _TOL_DEFAULT)[0 if dtype == onp.float64 else 1] * onp.finfo(dtype).eps
    for shp in DCASES[name]:
        e, info = _err(name, method, shp, dtype, False)
        assert e <= tol, (name, method, shp, e / onp.finfo(dtype).eps, info)


@pytest.mark.parametrize("name", list(DCASES))
def test_under_jit(name: str) -> None:
    tol = _TOL.get(name, _TOL_DEFAULT)[0] * onp.finfo(float).eps
    for method in ("pmf", "cdf", "sf"):
        e, info = _err(name, method, DCASES[name][-1], onp.float64, True)
        assert e <= tol, (name, method, info)


# (No q equal to a cdf value in rounding: 0.95 is geom(0.05).sf(1), a tie either way rounds.)
_Q = onp.array([0.0, 1e-12, 1e-3, 0.05, 0.3, 0.5, 0.77, 0.93, 0.999, 1 - 1e-9, 1.0, -0.1, 1.2,
                nan])  # fmt: skip


@pytest.mark.parametrize("name", list(DCASES))
@pytest.mark.parametrize("jit", [False, True], ids=["eager", "jit"])
def test_quantiles_exact(name: str, jit: bool) -> None:
    d, s = getattr(xst, name), getattr(ss, name)
    q = _Q if name != "zipf" else _Q[~((_Q > 0.999) & (_Q < 1)) & ~((_Q > 0) & (_Q < 1e-3))]
    for shp in DCASES[name]:
        for m in ("ppf", "isf"):
            fn = getattr(d, m)

            def call(q: Any, loc: Any, *a: Any, fn: Any = fn) -> Any:
                return fn(q, *a, loc=loc)

            if jit:
                call = xnp.jit(call)
            got = onp.asarray(call(q, 2.0, *(onp.asarray(v, float) for v in shp)))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                want = getattr(s, m)(q, *shp, loc=2.0)
            onp.testing.assert_array_equal(got, want, err_msg=f"{name}{shp}.{m}")


@pytest.mark.parametrize("name", list(DCASES))
def test_invalid_shapes_are_nan(name: str) -> None:
    d = getattr(xst, name)
    for shp in DINVALID[name]:
        for m in K_METHODS + ["ppf", "isf"]:
            out = onp.asarray(getattr(d, m)(onp.array([0.0, 1.0, 0.5]), *shp))
            assert onp.isnan(out).all(), (name, m, shp, out)
        for m in ("mean", "var", "entropy"):
            assert onp.isnan(onp.asarray(getattr(d, m)(*shp))).all(), (name, m, shp)


# The entropy of zipf: SciPy sums until its terms fall below a tolerance ("sum did not
# converge" for a near 1, 30% off at a = 1.5); xnp adds the integral of the tail beyond its
# window. test_zipf_entropy checks it against a long sum instead.
_ENTROPY_SKIP = {"zipf"}


@pytest.mark.parametrize("name", list(DCASES))
def test_moments_support_interval(name: str) -> None:
    d, s = getattr(xst, name), getattr(ss, name)
    for shp in DCASES[name]:
        for loc in (0.0, 2.5):
            with warnings.catch_warnings(), onp.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                for m in ("mean", "var", "std", "median"):
                    onp.testing.assert_allclose(onp.asarray(getattr(d, m)(*shp, loc=loc)),
                                                getattr(s, m)(*shp, loc=loc), rtol=1e-12,
                                                err_msg=f"{name}{shp}.{m}")  # fmt: skip
                if name not in _ENTROPY_SKIP:
                    onp.testing.assert_allclose(onp.asarray(d.entropy(*shp, loc=loc)),
                                                s.entropy(*shp, loc=loc), rtol=1e-12,
                                                atol=1e-14,
                                                err_msg=f"{name}{shp}.entropy")  # fmt: skip
                for order in (1, 2, 3):
                    want = s.moment(order, *shp, loc=loc)
                    if not onp.isfinite(want):
                        continue
                    onp.testing.assert_allclose(onp.asarray(d.moment(order, *shp, loc=loc)),
                                                want, rtol=1e-10, atol=1e-10,
                                                err_msg=f"{name}{shp}.moment({order})")  # fmt: skip
                for got, want in zip(d.support(*shp, loc=loc), s.support(*shp, loc=loc),
                                     strict=True):  # fmt: skip
                    onp.testing.assert_array_equal(onp.asarray(got), want)
                for got, want in zip(d.interval(0.9, *shp, loc=loc),
                                     s.interval(0.9, *shp, loc=loc), strict=True):  # fmt: skip
                    onp.testing.assert_array_equal(onp.asarray(got), want)


@pytest.mark.parametrize("name", list(DCASES))
def test_rvs_chisquare_against_scipy_pmf(name: str) -> None:
    d, s = getattr(xst, name), getattr(ss, name)
    shp = DCASES[name][-2]
    n = 4000
    sample = onp.asarray(d.rvs(*shp, loc=1, size=n, key=xnp.random.key(5)))
    assert sample.shape == (n,) and sample.dtype == onp.int64
    lo, hi = (int(max(v, -10**6)) if onp.isfinite(v) else v for v in s.ppf([1e-4, 1 - 1e-4], *shp,
                                                                           loc=1))  # fmt: skip
    ks = onp.arange(lo, hi + 1)
    p = s.pmf(ks, *shp, loc=1)
    keep = p * n >= 5
    ks, p = ks[keep], p[keep]
    counts = onp.array([(sample == k).sum() for k in ks] + [(~onp.isin(sample, ks)).sum()])
    expect = onp.append(p, 1 - p.sum()) * n
    if expect[-1] < 5:
        counts[-2] += counts[-1]
        expect[-2] += expect[-1]
        counts, expect = counts[:-1], expect[:-1]
    pval = ss.chisquare(counts, expect * counts.sum() / expect.sum()).pvalue
    assert pval > 1e-3, (name, pval)
    again = onp.asarray(d.rvs(*shp, 1, n, xnp.random.key(5)))
    onp.testing.assert_array_equal(sample, again)


def test_frozen_and_errors() -> None:
    fz = xst.poisson(3.5, loc=1)
    ref = ss.poisson(3.5, loc=1)
    k = onp.arange(-1, 12)
    for m in K_METHODS:
        onp.testing.assert_allclose(onp.asarray(getattr(fz, m)(k)), getattr(ref, m)(k),
                                    rtol=1e-13)  # fmt: skip
    onp.testing.assert_array_equal(onp.asarray(fz.ppf([0.1, 0.5, 0.9])), ref.ppf([0.1, 0.5, 0.9]))
    assert float(fz.mean()) == 4.5 and float(fz.var()) == 3.5
    assert fz.rvs(size=3, key=xnp.random.key(0)).shape == (3,)
    assert xst.poisson.pmf(onp.arange(3), 1.0).dtype == onp.float64
    assert xst.poisson.pmf(onp.float32(1), onp.float32(2.0)).dtype == onp.float32
    with pytest.raises(TypeError, match="missing required shape parameter 'mu'"):
        xst.poisson.pmf(1)
    with pytest.raises(TypeError, match="pass key="):
        xst.geom.rvs(0.5, size=3)
    v = onp.asarray(xnp.vmap(xst.poisson.cdf)(onp.arange(4.0), onp.array([0.5, 1, 2, 3])))
    onp.testing.assert_allclose(v, ss.poisson.cdf(onp.arange(4), [0.5, 1, 2, 3]), rtol=1e-14)


def test_zipf_entropy() -> None:
    for a in (1.5, 2.5, 6.0):
        k = onp.arange(1, 2_000_001, dtype=float)
        p = k**-a / ss.zipf.pmf(1, a) ** -1
        head = -(p * onp.log(p)).sum()
        # The tail beyond K by the same midpoint integral (its error, O(K^(-a-2)), is far
        # below the tolerance at K = 2e6).
        ell, z = k[-1] + 0.5, 1 / ss.zipf.pmf(1, a)
        p0 = ell ** (1 - a) / (a - 1)
        tail = (a * p0 * (onp.log(ell) + 1 / (a - 1)) + onp.log(z) * p0) / z
        onp.testing.assert_allclose(float(xst.zipf.entropy(a)), head + tail, rtol=1e-9)


@pytest.mark.parametrize("name", ["dlaplace", "boltzmann", "zipf", "geom", "planck", "poisson"])
def test_sf_by_summation(name: str) -> None:
    # sf(k) = sum_{j > k} pmf(j), summed in float64 from SciPy's pmf (accurate far out).
    d, s = getattr(xst, name), getattr(ss, name)
    for shp in DCASES[name]:
        if name == "zipf" and shp[0] < 3:
            continue  # the tail beyond the summed range is not negligible
        ks = onp.array([0.0, 3.0, 9.0, 40.0, 135.0])
        j = onp.arange(0, 200_000)
        for k in ks:
            want = s.pmf(k + 1 + j, *shp).sum()
            if want == 0 or want < 1e-290:
                continue
            got = float(d.sf(k, *shp))
            onp.testing.assert_allclose(got, want, rtol=1e-12, err_msg=f"{name}{shp} sf({k})")
            onp.testing.assert_allclose(float(d.logsf(k, *shp)), onp.log(want), rtol=1e-13,
                                        atol=1e-14)  # fmt: skip
    assert float(xst.geom.ppf(0.5, 1.0)) == 1.0  # SciPy's is 0, outside the support
