"""xnp.scipy.stats' distributions with shape parameters against scipy.stats: every method on
grids placed over each support (by SciPy's quantiles, plus the endpoints, points outside,
infinities and NaN) for several shape values and invalid ones, times loc/scale including
invalid scales, in float64 and float32, eagerly and under jit; ppf/cdf round trips; moments,
entropy, support and interval; rvs against SciPy's cdf by a KS test on a fixed key; gradients
of logpdf/cdf in x against central differences; frozen forms."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as onp
import pytest
import scipy.stats as ss

import xnp
import xnp.scipy.stats as xst

inf, nan = onp.inf, onp.nan
# Shape values per distribution (valid ones), then invalid ones (NaN from every method).
CASES: dict[str, list[tuple]] = {
    "lognorm": [(0.5,), (1.0,), (2.5,)],
    "weibull_min": [(0.5,), (1.0,), (2.7,)],
    "weibull_max": [(0.5,), (1.0,), (2.7,)],
    "dweibull": [(0.6,), (1.0,), (2.2,)],
    "exponweib": [(1.0, 1.0), (2.5, 0.7), (0.4, 1.8)],
    "pareto": [(0.7,), (2.0,), (4.5,)],
    "lomax": [(0.7,), (2.0,), (4.5,)],
    "genpareto": [(-0.7,), (-0.2,), (0.0,), (0.3,), (1.5,)],
    "genextreme": [(-0.7,), (-0.2,), (0.0,), (0.3,), (1.5,)],
    "powerlaw": [(0.4,), (1.0,), (3.0,)],
    "triang": [(0.0,), (0.3,), (1.0,)],
    "bradford": [(0.3,), (1.0,), (8.0,)],
    "reciprocal": [(0.5, 3.0), (1e-3, 1.0)],
    "loguniform": [(0.5, 3.0), (2.0, 50.0)],
    "arcsine": [()],
    "anglit": [()],
    "rayleigh": [()],
    "halfnorm": [()],
    "halfcauchy": [()],
    "halflogistic": [()],
    "hypsecant": [()],
    "gompertz": [(0.2,), (1.0,), (3.0,)],
    "levy": [()],
    "gamma": [(0.3,), (1.0,), (4.5,)],
    "erlang": [(1,), (3,)],
    "chi2": [(0.6,), (2.0,), (7.0,)],
    "chi": [(0.6,), (2.0,), (7.0,)],
    "maxwell": [()],
    "nakagami": [(0.5,), (1.3,), (4.0,)],
    "invgamma": [(0.6,), (2.5,), (5.0,)],
    "loggamma": [(0.4,), (1.0,), (3.5,)],
    "dgamma": [(0.5,), (1.0,), (3.0,)],
    "gennorm": [(0.7,), (2.0,), (5.0,)],
    "burr": [(2.0, 0.5), (3.5, 1.0), (10.5, 4.3)],
    "burr12": [(2.0, 0.5), (1.0, 3.0), (10.5, 4.3)],
    "fisk": [(0.8,), (3.0,), (5.5,)],
    "kappa3": [(0.6,), (1.0,), (3.5,)],
    "genlogistic": [(0.3,), (1.0,), (4.0,)],
    "loglaplace": [(0.8,), (2.5,), (5.0,)],
    "exponpow": [(0.6,), (1.0,), (2.5,)],
    "truncexpon": [(0.5,), (2.0,), (10.0,)],
    "truncnorm": [(-1.0, 2.0), (0.5, 3.0), (-inf, -1.0), (2.0, inf), (-3.0, -2.5)],
}
INVALID: dict[str, list[tuple]] = {
    "genpareto": [(nan,), (inf,)],
    "genextreme": [(nan,)],
    "triang": [(-0.1,), (1.2,), (nan,)],
    "reciprocal": [(0.0, 1.0), (2.0, 1.0), (nan, 2.0)],
    "truncnorm": [(1.0, 1.0), (2.0, 1.0), (nan, 1.0)],
}
_DEFAULT_INVALID = [(-1.0,), (0.0,), (nan,)]
X_METHODS = ["pdf", "logpdf", "cdf", "logcdf", "sf", "logsf"]
Q_METHODS = ["ppf", "isf"]
_QS = onp.array([1e-300, 1e-30, 1e-12, 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1 - 1e-6,
                 1 - 1e-12])  # fmt: skip
_LOCSCALE = [(0.0, 1.0), (0.5, 2.0), (-1.0, 0.3)]
_BADLOCSCALE = [(0.0, 0.0), (0.0, -1.0), (nan, 1.0)]


def _invalid(name: str) -> list[tuple]:
    n = len(CASES[name][0])
    if not n:
        return []
    return INVALID.get(name, [tuple(v for _ in range(n)) for (v,) in _DEFAULT_INVALID])


def _std_points(name: str, shp: tuple) -> onp.ndarray:
    s = getattr(ss, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        xs = s.ppf(_QS, *shp)
        lo, hi = s.support(*shp)
    extra = [lo, hi, -inf, inf, nan, -50.0, -2.0, -0.5, 0.0, 0.5, 1.0, 3.0, 40.0, 1e6]
    for e in (lo, hi):
        if onp.isfinite(e):
            extra += [e - 0.1, e + 1e-8 * max(1, abs(e)), e - 1e-8 * max(1, abs(e))]
    pts = onp.concatenate([xs, onp.array(extra, dtype=float)])
    return pts


def grid_x(name: str, shp: tuple) -> list[onp.ndarray]:
    z = _std_points(name, shp)
    rows = []
    for loc, scale in _LOCSCALE + _BADLOCSCALE:
        rows.append(onp.stack([loc + abs(scale if scale else 1) * z, onp.full_like(z, loc),
                               onp.full_like(z, scale)]))  # fmt: skip
    return list(onp.concatenate(rows, axis=1))


def grid_q(name: str, shp: tuple) -> list[onp.ndarray]:
    q = onp.concatenate([[0.0, 1.0, -0.1, 1.1, nan], _QS, 1 - _QS[:6]])
    rows = []
    for loc, scale in _LOCSCALE + _BADLOCSCALE:
        rows.append(onp.stack([q, onp.full_like(q, loc), onp.full_like(q, scale)]))
    return list(onp.concatenate(rows, axis=1))


def _reference(name: str, method: str, args: list[onp.ndarray], shp: tuple) -> onp.ndarray:
    first, loc, scale = (a.astype(onp.float64) for a in args)
    s = getattr(ss, name)
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return onp.asarray(getattr(s, method)(first, *shp, loc=loc, scale=scale), float)


# Where SciPy computes a tail as the complement of the other (or a quantile through one), it
# loses the tail's relative accuracy; xnp computes the tail directly (and test_tail_round_trips
# checks it). There the comparison is absolute, in the probability (relative to max(|value|,
# 1)), or for quantiles in x (relative to max(|x|, |loc|, scale)), with SciPy's own accuracy
# as the tolerance, and a SciPy overflow (inf) against a finite value is accepted.
_LOSES = 1e-8
SCIPY_COMPLEMENT: dict[tuple[str, str], str] = {
    ("bradford", "sf"): "1 - cdf", ("bradford", "logsf"): "log(1 - cdf)",
    ("reciprocal", "sf"): "1 - cdf", ("reciprocal", "logsf"): "log(1 - cdf)",
    ("loguniform", "sf"): "1 - cdf", ("loguniform", "logsf"): "log(1 - cdf)",
    ("arcsine", "sf"): "1 - cdf", ("arcsine", "logsf"): "log(1 - cdf)",
    ("arcsine", "cdf"): "asin(sqrt(x)) near 1", ("arcsine", "logcdf"): "asin(sqrt(x)) near 1",
    ("anglit", "isf"): "ppf(1 - q)", ("triang", "isf"): "ppf(1 - q)",
    ("halfnorm", "ppf"): "ndtri((1 + q) / 2)", ("halfcauchy", "logsf"): "log(1 - cdf)",
    ("burr", "sf"): "1 - cdf", ("burr", "logsf"): "log(1 - cdf)",
    ("burr", "ppf"): "q^(-1/d) - 1", ("fisk", "sf"): "1 - cdf", ("fisk", "logsf"): "log(1 - cdf)",
    ("fisk", "ppf"): "q^(-1/d) - 1", ("burr12", "logcdf"): "log(1 - sf)",
    ("weibull_max", "isf"): "log(1 - q)", ("exponweib", "sf"): "log1p(-exp(-x^c))",
    ("exponweib", "isf"): "log1p(-exp(-x^c))",
    ("pareto", "cdf"): "1 - x^-b", ("pareto", "logcdf"): "log(1 - x^-b)",
    ("triang", "sf"): "1 - cdf", ("triang", "logsf"): "log(1 - cdf)",
    ("triang", "ppf"): "1 - sqrt((1 - c)(1 - q))", ("truncexpon", "sf"): "1 - cdf",
    ("truncexpon", "logsf"): "log(1 - cdf)", ("kappa3", "ppf"): "q^-a - 1",
    ("genlogistic", "ppf"): "q^(-1/c) overflows", ("genlogistic", "isf"): "overflows",
    ("burr12", "isf"): "q^(-1/d) overflows", ("genpareto", "isf"): "overflows",
    ("truncnorm", "isf"): "loses the far tail", ("truncnorm", "cdf"): "cancels near a",
    ("truncnorm", "logcdf"): "cancels near a", ("truncnorm", "sf"): "cancels near b",
    ("truncnorm", "logsf"): "cancels near b",
}  # fmt: skip
# SciPy's density is NaN inside the support where its formula overflows (inf / inf).
SCIPY_NAN_PDF = {"burr", "fisk"}


def _cond(name: str, method: str, shp: tuple, x: onp.ndarray, loc: onp.ndarray,
          scale: onp.ndarray, want: onp.ndarray) -> onp.ndarray:  # fmt: skip
    """The error a float32 evaluation inherits from rounding ``(x - loc) / scale``: about
    eps (|x| + |loc|) / scale times |g'(z) / g(z)| (g the method in standard form)."""
    s = getattr(ss, name)
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        z = (x - loc) / scale
        h = 1e-7 * onp.maximum(onp.abs(z), 1e-3)
        g = getattr(s, method)
        d = (g(z + h, *shp) - g(z - h, *shp)) / (2 * h)
        floor = 1.0 if method.startswith("log") else 0.0
        c = onp.abs(d) * (onp.abs(x) + onp.abs(loc)) / scale / onp.maximum(onp.abs(want), floor)
    return onp.where(onp.isfinite(c), c, 0.0)


def err_of(name: str, method: str, shp: tuple, dtype: Any, jit: bool) -> tuple[float, Any]:
    grid = (grid_q if method in Q_METHODS else grid_x)(name, shp)
    args = [a.astype(dtype) for a in grid]
    finfo = onp.finfo(dtype)
    fn = getattr(getattr(xst, name), method)
    sh = tuple(onp.asarray(v, dtype) for v in shp)
    if jit:
        got = xnp.jit(lambda x, loc, scale, *s: fn(x, *s, loc=loc, scale=scale))(*args, *sh)
    else:
        got = fn(args[0], *sh, loc=args[1], scale=args[2])
    got = onp.asarray(got)
    assert got.dtype == dtype, (name, method, got.dtype)
    shp64 = tuple(float(v) for v in sh)
    want = _reference(name, method, args, shp64)
    x, loc, scale = (a.astype(onp.float64) for a in args)
    got = got.astype(onp.float64)
    with onp.errstate(all="ignore"):
        if dtype == onp.float32:
            want = want.astype(onp.float32).astype(float)
        diff = onp.abs(got - want)
        floor = onp.maximum(onp.abs(want), finfo.tiny)
        if method.startswith("log"):
            floor = onp.maximum(onp.abs(want), 1.0)  # |log| < 1: the probability's rel. error
        if method in Q_METHODS:
            floor = onp.maximum(floor, onp.abs(loc))  # loc + scale z rounds relative to loc
            # Backward error: the exact quantile of q (1 + eps) is as good an answer; its
            # distance is eps q / pdf (SciPy's own quantiles near q = 1 are no better).
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                dens = getattr(ss, name).pdf(want, *shp64, loc=loc, scale=scale)
            back = onp.where(dens > 0, x / onp.where(dens > 0, dens, 1.0), 0.0)
            floor = onp.maximum(floor, onp.where(onp.isfinite(back), back, 0.0))
        loses = (name, method) in SCIPY_COMPLEMENT
        if loses:
            if method in Q_METHODS:
                floor = onp.maximum(floor, scale)
            elif method.startswith("log"):
                diff, floor = onp.abs(onp.exp(got) - onp.exp(want)), 1.0
            else:
                floor = onp.maximum(floor, 1.0)
        err = diff / floor
        if loses:
            err = err * (finfo.eps / max(_LOSES, float(finfo.eps)))
    same = (got == want) | (onp.isnan(got) & onp.isnan(want))
    if method in Q_METHODS:
        # Both within rounding of 0 (the median of a symmetric standard form).
        same |= (onp.abs(got) <= 4 * finfo.eps * scale) & (onp.abs(want) <= 4 * finfo.eps * scale)
        if (name, method) in SCIPY_COMPLEMENT:
            same |= onp.isinf(want) & onp.isfinite(got)
            same |= (x <= 1e-12) | (x >= 1 - 1e-12)  # SciPy's far tails: the round-trip test
    err = onp.where(same, 0.0, onp.where(onp.isnan(err), inf, err))
    if method in ("pdf", "cdf", "sf"):
        # exp of a log-space value: its error is about eps |log value|.
        with onp.errstate(all="ignore"):
            err = err / onp.fmax(1.0, onp.abs(onp.log(onp.abs(want))) / 4)
        # Values below the smallest normal number (flushed by XLA's CPU code, or by SciPy).
        err[(onp.abs(want) < finfo.tiny * 2**24) & (onp.abs(got) < finfo.tiny * 2**24)] = 0.0
    if method.startswith("log"):
        # One side underflowed to -inf far in a tail (SciPy's logs of underflowed values).
        far = ((want == -inf) & (got < -30)) | ((got == -inf) & (want < onp.log(finfo.tiny)))
        err[far] = 0.0
    if method in ("pdf", "logpdf"):
        # SciPy's density at an infinite x inside the support is sometimes NaN (inf - inf).
        err[onp.isinf(x) & onp.isnan(want)] = 0.0
        if name in SCIPY_NAN_PDF:
            err[onp.isnan(want) & onp.isfinite(got)] = 0.0
    if dtype == onp.float32:
        # Subnormal float32 inputs are flushed to 0 by XLA's CPU code, and so are squares
        # below sqrt(tiny) (chi, maxwell, nakagami, rayleigh compute z^2).
        zz = onp.abs((x - loc) / onp.where(scale > 0, scale, 1.0))
        err[((onp.abs(x) < finfo.tiny) & (x != 0)) | ((zz < 1e-19) & (zz != 0))] = 0.0
        if method in X_METHODS:
            err = err / (1.0 + _cond(name, method, shp64, x, loc, scale, want))
            # Points within rounding of a finite support endpoint may land on either side.
            with warnings.catch_warnings(), onp.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                lo, hi = getattr(ss, name).support(*shp64)
                z = (x - loc) / scale
                tol = 64 * finfo.eps * (onp.abs(x) + onp.abs(loc)) / scale
                near = (onp.abs(z - lo) < tol) | (onp.abs(z - hi) < tol)
            err[near] = 0.0
    err = onp.where(onp.isnan(err), inf, err)
    i = int(onp.argmax(err))
    return float(err[i]), ([float(a[i]) for a in args], float(got[i]), float(want[i]))


# Worst relative error allowed, in eps of the dtype: (float64, float32). Defaults below; a
# larger entry carries the reason.
_TOL_DEFAULT = (64, 64)
_TOL: dict[tuple[str, str], tuple[float, float]] = {
    # isf = exp(-log(q) / b) and alike far out: exp's argument carries eps |log x|.
    ("pareto", "isf"): (160, 64), ("lomax", "isf"): (160, 64), ("burr", "isf"): (160, 64),
    ("kappa3", "isf"): (200, 64), ("genlogistic", "isf"): (160, 64),
    # gammaincc's own accuracy (a few hundred eps for some a).
    ("dgamma", "*"): (200, 64), ("gennorm", "*"): (200, 64),
}  # fmt: skip


def _tol(name: str, method: str, dtype: Any) -> float:
    t = _TOL.get((name, method), _TOL.get((name, "*"), _TOL_DEFAULT))
    return t[0 if dtype == onp.float64 else 1] * float(onp.finfo(dtype).eps)


@pytest.mark.parametrize("method", X_METHODS + Q_METHODS)
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("dtype", [onp.float64, onp.float32], ids=["f64", "f32"])
def test_methods(name: str, method: str, dtype: Any) -> None:
    for shp in CASES[name]:
        e, info = err_of(name, method, shp, dtype, False)
        assert e <= _tol(name, method, dtype), (name, method, shp, e / onp.finfo(dtype).eps,
                                                info)  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_under_jit(name: str) -> None:
    shp = CASES[name][-1]
    for method in ("logpdf", "cdf", "sf", "ppf"):
        e, info = err_of(name, method, shp, onp.float64, True)
        assert e <= _tol(name, method, onp.float64), (name, method, shp, info)


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n][0]])
def test_invalid_shapes_are_nan(name: str) -> None:
    d = getattr(xst, name)
    for shp in _invalid(name):
        for m in X_METHODS + Q_METHODS:
            out = onp.asarray(getattr(d, m)(onp.array([0.2, 0.5, 1.5]), *shp))
            assert onp.isnan(out).all(), (name, m, shp, out)
        for m in ("mean", "var", "entropy", "median"):
            assert onp.isnan(onp.asarray(getattr(d, m)(*shp))).all(), (name, m, shp)


# Moments or entropies by tanh-sinh quadrature over the quantile (SciPy: quad over x).
_MOMENT_TOL: dict[str, float] = dict.fromkeys(
    ["exponweib", "gompertz", "exponpow", "burr", "burr12", "kappa3"], 1e-8
)
_MOMENT_TOL["levy"] = 1e-10  # SciPy's entropy differs from (1 + 3 gamma + log(16 pi)) / 2
# SciPy's truncnorm entropy is NaN when a clip is infinite (xnp's is finite).
_SCIPY_NAN = {("truncnorm", "entropy")}


@pytest.mark.parametrize("name", list(CASES))
def test_moments_support_interval(name: str) -> None:
    d, s = getattr(xst, name), getattr(ss, name)
    rtol = _MOMENT_TOL.get(name, 1e-12)
    for shp in CASES[name]:
        for loc, scale in _LOCSCALE + _BADLOCSCALE:
            kw = {"loc": loc, "scale": scale}
            with warnings.catch_warnings(), onp.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                for m in ("mean", "var", "std", "median", "entropy"):
                    want = getattr(s, m)(*shp, **kw)
                    got = onp.asarray(getattr(d, m)(*shp, **kw))
                    valid = scale > 0 and not onp.isnan(loc)
                    if (name, m) in _SCIPY_NAN and onp.isnan(want) and valid:
                        assert onp.isfinite(got)
                        continue
                    onp.testing.assert_allclose(got, want, rtol=rtol, atol=1e-14,
                                                err_msg=f"{name}{shp}.{m} {kw}")  # fmt: skip
                finite = all(onp.isfinite(v) for v in s.stats(*shp, **kw))
                for order in (1, 2, 3):
                    want = s.moment(order, *shp, **kw)
                    # (SciPy's moments past a divergent one are not meaningful: pareto's
                    # second moment at b = 0.7 is b / (b - 2) < 0.)
                    if not finite or not onp.isfinite(want) or abs(want) > 1e100:
                        continue
                    got = onp.asarray(d.moment(order, *shp, **kw))
                    msg = f"{name}{shp}.moment({order}) {kw}"
                    # (Third moments without closed forms are quadratures: 1e-7.)
                    mtol = max(rtol, 1e-10 if order < 3 else 1e-7)
                    onp.testing.assert_allclose(got, want, rtol=mtol, atol=1e-12,
                                                err_msg=msg)  # fmt: skip
                for got, want in zip(d.support(*shp, **kw), s.support(*shp, **kw), strict=True):
                    onp.testing.assert_allclose(onp.asarray(got), want, rtol=1e-15)
                for got, want in zip(d.interval(0.9, *shp, **kw), s.interval(0.9, *shp, **kw),
                                     strict=True):  # fmt: skip
                    onp.testing.assert_allclose(onp.asarray(got), want, rtol=1e-11, atol=1e-14)
                m, v = d.stats(*shp, **kw)
                onp.testing.assert_allclose([float(m), float(v)], s.stats(*shp, **kw),
                                            rtol=max(rtol, 1e-13), atol=1e-14)  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_round_trips(name: str) -> None:
    d = getattr(xst, name)
    q = onp.linspace(0.001, 0.999, 41)
    for shp in CASES[name]:
        x = d.ppf(q, *shp)
        onp.testing.assert_allclose(onp.asarray(d.cdf(x, *shp)), q, rtol=1e-10,
                                    err_msg=f"{name}{shp}")  # fmt: skip
        y = d.isf(q, *shp)
        onp.testing.assert_allclose(onp.asarray(d.sf(y, *shp)), q, rtol=1e-10,
                                    err_msg=f"{name}{shp}")  # fmt: skip
        xs = getattr(ss, name).ppf(q, *shp)
        onp.testing.assert_allclose(onp.asarray(d.ppf(d.cdf(xs, *shp), *shp)), xs, rtol=1e-9,
                                    atol=1e-12, err_msg=f"{name}{shp}")  # fmt: skip
        # With loc and scale: x = loc + scale z rounds z relative to loc.
        x = d.ppf(q, *shp, loc=1.5, scale=0.3)
        onp.testing.assert_allclose(onp.asarray(d.cdf(x, *shp, loc=1.5, scale=0.3)), q,
                                    rtol=1e-5, err_msg=f"{name}{shp}")  # fmt: skip


# Far tails, where SciPy's complements lose: sf(isf(q)) == q and cdf(ppf(q)) == q for tiny q,
# unless the quantile reaches the support's end (it rounds onto it) or overflows.
@pytest.mark.parametrize("name", list(CASES))
def test_tail_round_trips(name: str) -> None:
    d = getattr(xst, name)
    q = onp.array([1e-300, 1e-100, 1e-30, 1e-15, 1e-8])
    for shp in CASES[name]:
        lo, hi = (onp.asarray(v) for v in d.support(*shp))
        for inv, fwd, end in (("ppf", "cdf", lo), ("isf", "sf", hi)):
            z = onp.asarray(getattr(d, inv)(q, *shp))
            back = onp.asarray(getattr(d, fwd)(z, *shp))
            # (Quantiles next to a nonzero end of the support hold only eps |end| of it.)
            with onp.errstate(all="ignore"):
                near_end = onp.isfinite(end) & (onp.abs(z - end) < 1e-6 * onp.abs(end))
            ok = onp.isfinite(z) & (z != end) & ~near_end & (onp.abs(z) > 1e-150)
            ok &= onp.abs(z) < 1e290
            onp.testing.assert_allclose(back[ok], q[ok], rtol=1e-9,
                                        err_msg=f"{name}{shp}.{fwd}({inv}(q))")  # fmt: skip


@pytest.mark.parametrize("name", list(CASES))
def test_rvs_ks_against_scipy_cdf(name: str) -> None:
    d = getattr(xst, name)
    shp = CASES[name][-1]
    sample = onp.asarray(d.rvs(*shp, loc=1.5, scale=0.7, size=4000, key=xnp.random.key(3)))
    assert sample.shape == (4000,) and sample.dtype == onp.float64
    p = ss.kstest(sample, getattr(ss, name).cdf, args=(*shp, 1.5, 0.7)).pvalue
    assert p > 1e-3, (name, p)
    again = d.rvs(*shp, 1.5, 0.7, 4000, xnp.random.key(3))
    onp.testing.assert_array_equal(sample, onp.asarray(again))
    f32 = d.rvs(*(onp.float32(v) for v in shp), loc=onp.float32(0), size=3, key=xnp.random.key(0))
    assert f32.dtype == onp.float32 and f32.shape == (3,)


def _central(f: Any, x: float) -> float:
    h = 1e-6 * max(abs(x), 1.0)
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("method", ["logpdf", "cdf", "logsf"])
@pytest.mark.parametrize("name", list(CASES))
def test_grad_central_differences(name: str, method: str) -> None:
    fn = getattr(getattr(xst, name), method)
    ref = getattr(getattr(ss, name), method)
    for shp in CASES[name]:
        x = float(getattr(ss, name).ppf(0.37, *shp, loc=0.2, scale=1.7))
        got = float(xnp.grad(lambda v, shp=shp: fn(v, *shp, loc=0.2, scale=1.7))(x))
        want = _central(lambda v, shp=shp: float(ref(v, *shp, loc=0.2, scale=1.7)), x)
        onp.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-10,
                                    err_msg=f"{name}{shp}.{method} at {x}")  # fmt: skip


def test_frozen_and_signatures() -> None:
    fz = xst.gamma(2.5, loc=1.0, scale=2.0)
    ref = ss.gamma(2.5, loc=1.0, scale=2.0)
    x = onp.linspace(0, 12, 7)
    for m in X_METHODS:
        onp.testing.assert_allclose(onp.asarray(getattr(fz, m)(x)), getattr(ref, m)(x),
                                    rtol=1e-13)  # fmt: skip
    onp.testing.assert_allclose(onp.asarray(fz.ppf([0.1, 0.5])), ref.ppf([0.1, 0.5]), rtol=1e-13)
    for m in ("mean", "var", "std", "median", "entropy"):
        onp.testing.assert_allclose(float(getattr(fz, m)()), getattr(ref, m)(), rtol=1e-13)
    onp.testing.assert_allclose(float(fz.moment(3)), ref.moment(3), rtol=1e-13)
    assert fz.rvs(size=3, key=xnp.random.key(0)).shape == (3,)
    assert repr(fz) == "gamma(2.5, loc=1.0, scale=2.0)"
    # Shapes by name and positional loc, scale, as SciPy.
    onp.testing.assert_allclose(float(xst.gamma.pdf(1.0, a=2.0)), ss.gamma.pdf(1.0, a=2.0))
    onp.testing.assert_allclose(float(xst.gamma.cdf(1.0, 2.0, 0.5, 2.0)),
                                ss.gamma.cdf(1.0, 2.0, 0.5, 2.0))  # fmt: skip
    with pytest.raises(TypeError, match="missing required shape parameter 'a'"):
        xst.gamma.pdf(1.0)
    with pytest.raises(TypeError, match="unexpected keyword argument 'q'"):
        xst.gamma.pdf(1.0, 2.0, q=1)
    with pytest.raises(TypeError, match="pass key="):
        xst.gamma.rvs(2.0, size=3)
    with pytest.raises(ValueError, match="moments"):
        xst.gamma.stats(2.0, moments="mvsk")


def test_shapes_broadcast_and_vmap() -> None:
    a = onp.array([0.5, 1.0, 3.0])[:, None]
    x = onp.linspace(0.1, 5, 4)
    got = onp.asarray(xst.gamma.logpdf(x, a))
    assert got.shape == (3, 4)
    onp.testing.assert_allclose(got, ss.gamma.logpdf(x, a), rtol=1e-13)
    v = onp.asarray(xnp.vmap(xst.weibull_min.cdf)(x, onp.array([0.5, 1.0, 2.0, 3.0])))
    onp.testing.assert_allclose(v, ss.weibull_min.cdf(x, [0.5, 1.0, 2.0, 3.0]), rtol=1e-14)


def test_no_annotations_leak() -> None:
    assert not hasattr(xst, "annotations")
