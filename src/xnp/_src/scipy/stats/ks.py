"""SciPy's Kolmogorov-Smirnov tests (``scipy.stats``): ks_1samp, ks_2samp, kstest.

The statistics (and their locations and signs) are computed with the NumPy layer and work
under ``jit``. P-values:

- one-sided one-sample: Smirnov's exact ``P(D+ >= d)`` (Birnbaum and Tingey's sum, in log
  space; under ``jit`` too);
- two-sided one-sample, ``'exact'``: Durbin's matrix method (Marsaglia, Tsang and Wang,
  2003) for ``P(D < d)``, and twice the one-sided value for ``d >= 1/2`` (the two tails are
  then disjoint); eager only, since the matrix size depends on ``d``. SciPy switches to
  approximations beyond ``n = 140`` in places, so large samples agree to about 1e-6;
- ``'asymp'``: Kolmogorov's limit distribution (``xnp.scipy.special.kolmogorov``);
- two-sample ``'exact'``: the probability that a random lattice path leaves the band of
  the observed ``d`` (each first exit summed, in probability space, so small p-values keep
  their accuracy); eager only.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import beta_family
from xnp._src.scipy.stats import (
    _common,
    continuous,
    continuous_gamma,
    continuous_shapes,
    discrete,
)
from xnp._src.scipy.stats.correlation import check_alternative
from xnp._src.typing import ArrayLike

KstestResult = _common.result_class(
    "KstestResult", ("statistic", "pvalue"), ("statistic_location", "statistic_sign")
)


def _fields(r: Any) -> tuple[Any, ...]:
    return (r.statistic, r.pvalue, r.statistic_location, r.statistic_sign)


def smirnov(n: int, d: Any) -> Any:
    """``P(D+_n >= d)``, Smirnov's one-sided statistic of ``n`` points (SciPy's
    ``special.smirnov``): ``d * sum_j C(n, j) (d + j/n)**(j-1) (1 - d - j/n)**(n-j)`` over
    ``j <= n (1 - d)``."""
    d = jnp.asarray(d)
    dt = d.dtype if jnp.issubdtype(d.dtype, jnp.floating) else onp.dtype(onp.float64)
    d = d.astype(dt)[..., None]
    j = jnp.asarray(onp.arange(n + 1, dtype=onp.float64), dt)
    lbinom = jnp.asarray(
        [math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1) for k in range(n + 1)],
        dt,
    )
    with onp.errstate(all="ignore"):
        a = d + j / n
        b = 1 - a
        valid = (j <= n * (1 - d)) & (b >= 0)
        bs = jnp.where(valid, b, 1.0)
        # (n - j) log(b) with 0**0 = 1 at j = n
        lb = jnp.where(j == n, 0.0, (n - j) * jnp.log(bs))
        terms = lbinom + (j - 1) * jnp.log(jnp.where(valid, a, 1.0)) + lb
        terms = jnp.where(valid, terms, -jnp.inf)
        top = jnp.max(terms, axis=-1, keepdims=True)
        s = jnp.sum(jnp.exp(terms - top), axis=-1)
        p = d[..., 0] * jnp.exp(top[..., 0]) * s
    d0 = d[..., 0]
    p = jnp.where(d0 <= 0, 1.0, jnp.where(d0 >= 1, 0.0, p))
    return jnp.where(jnp.isnan(d0), d0, jnp.clip(p, 0.0, 1.0))


def _durbin_cdf(n: int, d: float) -> float:
    """``P(D_n < d)`` of the two-sided statistic by Durbin's matrix (Marsaglia, Tsang and
    Wang 2003), with the matrix power's exponent carried separately."""
    if d <= 0.5 / n:
        return 0.0
    if d >= 1:
        return 1.0
    k = int(n * d) + 1
    m = 2 * k - 1
    h = k - n * d
    i = onp.arange(m)[:, None]
    j = onp.arange(m)[None, :]
    gap = i - j + 1
    hm = onp.where(gap >= 0, 1.0, 0.0)
    powers = h ** onp.arange(1, m + 1)
    hm[:, 0] -= powers
    hm[m - 1, :] -= powers[::-1]
    if 2 * h - 1 > 0:
        hm[m - 1, 0] += (2 * h - 1) ** m
    fact = onp.exp([math.lgamma(g + 1) for g in range(m + 1)])
    hm = onp.where(gap > 0, hm / fact[onp.clip(gap, 0, m)], hm)
    # H ** n by squaring, rescaling by powers of 2 to stay in range
    result, rexp = onp.eye(m), 0
    base, bexp, e = hm, 0, n
    while e:
        if e & 1:
            result, rexp = result @ base, rexp + bexp
            s = onp.max(onp.abs(result))
            if s > 0:
                sh = int(onp.floor(onp.log2(s)))
                result, rexp = result / 2.0**sh, rexp + sh
        e >>= 1
        if e:
            base, bexp = base @ base, 2 * bexp
            s = onp.max(onp.abs(base))
            if s > 0:
                sh = int(onp.floor(onp.log2(s)))
                base, bexp = base / 2.0**sh, bexp + sh
    value = result[k - 1, k - 1]
    # times n! / n**n, in logs
    log_scale = math.lgamma(n + 1) - n * math.log(n) + rexp * math.log(2.0)
    if value <= 0:
        return 0.0
    return float(min(math.exp(math.log(value) + log_scale), 1.0))


def _kstwo_sf(n: int, d: Any) -> Any:
    """``P(D_n >= d)`` of the two-sided statistic (SciPy's ``kstwo.sf``), eagerly."""
    value = _common.concrete(d)
    if value is None:
        raise NotImplementedError(
            "the exact two-sided Kolmogorov-Smirnov p-value is eager only; under a "
            "transformation use method='asymp' (or 'approx')"
        )
    value = onp.asarray(value, onp.float64)
    one_sided = onp.asarray(smirnov(n, jnp.asarray(value)))
    out = onp.empty(value.shape)
    for idx in onp.ndindex(*value.shape):
        v = float(value[idx])
        if onp.isnan(v):
            out[idx] = onp.nan
        elif v >= 0.5:
            out[idx] = 2 * one_sided[idx]
        else:
            out[idx] = 1.0 - _durbin_cdf(n, v)
    return jnp.asarray(onp.clip(out, 0.0, 1.0))


def _ks_d(x: Any, cdfvals: Any, sign: int) -> tuple[Any, Any]:
    n = x.shape[-1]
    if sign > 0:
        diff = jnp.asarray(onp.arange(1.0, n + 1) / n, cdfvals.dtype) - cdfvals
    else:
        diff = cdfvals - jnp.asarray(onp.arange(0.0, n) / n, cdfvals.dtype)
    at = jnp.argmax(diff, axis=-1)[..., None]
    return (
        jnp.take_along_axis(diff, at, axis=-1)[..., 0],
        jnp.take_along_axis(x, at, axis=-1)[..., 0],
    )


_METHODS = ("auto", "exact", "asymp", "approx")


def _check_method(name: str, method: str, allowed: tuple[str, ...]) -> None:
    if method not in allowed:
        raise ValueError(f"{name}: method must be one of {allowed}, got {method!r}")


def ks_1samp(
    x: ArrayLike,
    cdf: Any,
    args: tuple = (),
    alternative: str = "two-sided",
    method: str = "auto",
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.ks_1samp``: the one-sample Kolmogorov-Smirnov test of ``x`` against the
    continuous ``cdf(x, *args)`` (a callable, e.g. ``xnp.scipy.stats.norm.cdf``).
    ``KstestResult(statistic, pvalue, statistic_location, statistic_sign)``."""
    check_alternative("ks_1samp", alternative)
    _check_method("ks_1samp", method, _METHODS)
    xx, mask = _common.prepare("ks_1samp", x, axis, nan_policy)
    nd = jnp.ndim(x)
    if mask is not None:
        res = _common.omit_slices(
            lambda v: _fields(ks_1samp(v, cdf, args, alternative, method)), [xx], 4
        )
        return KstestResult(*(_common.keep(r, keepdims, nd, axis) for r in res))
    n = xx.shape[-1]
    _common.warn_small("ks_1samp", n, 1)
    if n == 0:
        nan = jnp.full(xx.shape[:-1], onp.nan, xx.dtype)
        return KstestResult(*(_common.keep(nan, keepdims, nd, axis) for _ in range(4)))
    s = jnp.sort(xx, axis=-1)
    cdfvals = jnp.asarray(cdf(s, *args)).astype(s.dtype)
    ones = jnp.ones(s.shape[:-1], onp.int8)
    if alternative in ("greater", "less"):
        sign = 1 if alternative == "greater" else -1
        d, loc = _ks_d(s, cdfvals, sign)
        p = smirnov(n, d).astype(s.dtype)
        out = (d, p, loc, ones * sign)
    else:
        dp, lp = _ks_d(s, cdfvals, 1)
        dm, lm = _ks_d(s, cdfvals, -1)
        plus = dp > dm
        d = jnp.where(plus, dp, dm)
        loc = jnp.where(plus, lp, lm)
        sign = jnp.where(plus, ones, -ones)
        if method in ("auto", "exact"):
            p = _kstwo_sf(n, d)
        elif method == "asymp":
            p = beta_family.kolmogorov(d * math.sqrt(n))
        else:
            p = 2 * smirnov(n, d)
        out = (d, jnp.clip(p, 0.0, 1.0).astype(s.dtype), loc, sign)
    anynan = jnp.any(jnp.isnan(s), axis=-1)
    out = (jnp.where(anynan, onp.nan, out[0]), jnp.where(anynan, onp.nan, out[1]), *out[2:])
    return KstestResult(*(_common.keep(r, keepdims, nd, axis) for r in out))


def _band_exit_probability(n1: int, n2: int, h: int, alternative: str) -> float:
    """Probability that a uniformly random monotone lattice path from (0, 0) to (n1, n2)
    reaches a point with ``i n2 - j n1 >= h`` (``'greater'``), ``<= -h`` (``'less'``) or
    either (two-sided): the exact null probability of ``D >= h / (n1 n2)``."""
    q = onp.zeros(n2 + 1)  # the current antidiagonal, indexed by j
    q[0] = 1.0
    total = 0.0
    jj = onp.arange(n2 + 1)
    for s in range(1, n1 + n2 + 1):
        i = s - jj
        valid = (i >= 0) & (i <= n1)
        new = onp.zeros(n2 + 1)
        # from (i-1, j): a step of sample 1, probability (n1 - i + 1) / (remaining)
        prev_i = i - 1
        rem = (n1 - prev_i) + (n2 - jj)
        with onp.errstate(all="ignore"):
            step1 = onp.where((prev_i >= 0) & valid, (n1 - prev_i) / rem, 0.0)
        new += q * step1
        # from (i, j-1): a step of sample 2
        rem2 = (n1 - i[1:]) + (n2 - jj[:-1])
        with onp.errstate(all="ignore"):
            step2 = onp.where(valid[1:] & (i[1:] <= n1), (n2 - jj[:-1]) / rem2, 0.0)
        new[1:] += q[:-1] * step2
        new = onp.where(valid, new, 0.0)
        diff = i * n2 - jj * n1
        if alternative == "greater":
            out = diff >= h
        elif alternative == "less":
            out = -diff >= h
        else:
            out = onp.abs(diff) >= h
        out &= valid
        total += float(onp.sum(new[out]))
        new[out] = 0.0
        q = new
    return min(total, 1.0)


def ks_2samp(
    data1: ArrayLike,
    data2: ArrayLike,
    alternative: str = "two-sided",
    method: str = "auto",
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.ks_2samp``: the two-sample Kolmogorov-Smirnov test. The statistic works
    under ``jit`` (all-pairs comparisons); the p-values are eager (``'exact'``, the default
    up to 10000 points per sample, and ``'asymp'``, whose two-sided form uses the exact
    one-sample distribution of ``round(n1 n2 / (n1 + n2))`` points, as SciPy)."""
    check_alternative("ks_2samp", alternative)
    _check_method("ks_2samp", method, ("auto", "exact", "asymp"))
    a, b = _common.as_float(data1, data2)
    xa, ma = _common.prepare("ks_2samp", a, axis, nan_policy)
    xb, mb = _common.prepare("ks_2samp", b, axis, nan_policy)
    nd = max(jnp.ndim(data1), jnp.ndim(data2))
    lead = onp.broadcast_shapes(xa.shape[:-1], xb.shape[:-1])
    xa = jnp.broadcast_to(xa, lead + xa.shape[-1:])
    xb = jnp.broadcast_to(xb, lead + xb.shape[-1:])
    if ma is not None or mb is not None:
        res = _common.omit_slices(
            lambda u, v: _fields(ks_2samp(u, v, alternative, method)), [xa, xb], 4
        )
        return KstestResult(*(_common.keep(r, keepdims, nd, axis) for r in res))
    n1, n2 = xa.shape[-1], xb.shape[-1]
    if min(n1, n2) == 0:
        _common.warn_small("ks_2samp", 0, 1)
        nan = jnp.full(xa.shape[:-1], onp.nan, xa.dtype)
        return KstestResult(*(_common.keep(nan, keepdims, nd, axis) for _ in range(4)))
    xa, xb = jnp.sort(xa, axis=-1), jnp.sort(xb, axis=-1)  # SciPy's order, for the location
    pooled = jnp.concatenate([xa, xb], axis=-1)
    cdf1 = jnp.sum(xa[..., None, :] <= pooled[..., :, None], axis=-1) / n1
    cdf2 = jnp.sum(xb[..., None, :] <= pooled[..., :, None], axis=-1) / n2
    diffs = (cdf1 - cdf2).astype(pooled.dtype)
    amin = jnp.argmin(diffs, axis=-1)[..., None]
    amax = jnp.argmax(diffs, axis=-1)[..., None]
    min_s = jnp.clip(-jnp.take_along_axis(diffs, amin, -1)[..., 0], 0.0, 1.0)
    max_s = jnp.take_along_axis(diffs, amax, -1)[..., 0]
    loc_min = jnp.take_along_axis(pooled, amin, -1)[..., 0]
    loc_max = jnp.take_along_axis(pooled, amax, -1)[..., 0]
    use_min = (min_s > max_s) if alternative == "two-sided" else alternative == "less"
    use_min = jnp.broadcast_to(jnp.asarray(use_min), min_s.shape)
    d = jnp.where(use_min, min_s, max_s)
    loc = jnp.where(use_min, loc_min, loc_max)
    sign = jnp.where(use_min, -1, 1).astype(onp.int8)
    dv = _common.concrete(d)
    if dv is None:
        raise NotImplementedError("ks_2samp: the p-value is eager only (no jit/vmap)")
    mode = method
    if mode == "auto":
        mode = "exact" if max(n1, n2) <= 10000 else "asymp"
    dv = onp.asarray(dv, onp.float64)
    p = onp.empty(dv.shape)
    big, small = max(n1, n2), min(n1, n2)
    en = big * small / (big + small)
    for idx in onp.ndindex(*dv.shape):
        v = float(dv[idx])
        if onp.isnan(v):
            p[idx] = onp.nan
        elif mode == "exact":
            p[idx] = _band_exit_probability(n1, n2, round(v * n1 * n2), alternative)
        elif alternative == "two-sided":
            p[idx] = float(_kstwo_sf(round(en), jnp.asarray(v)))
        else:
            z = math.sqrt(en) * v
            p[idx] = math.exp(
                -2 * z * z
                - 2 * z * (big + 2 * small) / math.sqrt(big * small * (big + small)) / 3.0
            )
    p = jnp.asarray(onp.clip(p, 0.0, 1.0), pooled.dtype)
    anynan = jnp.any(jnp.isnan(pooled), axis=-1)
    d, p = jnp.where(anynan, onp.nan, d), jnp.where(anynan, onp.nan, p)
    out = (d, p, loc, sign)
    return KstestResult(*(_common.keep(r, keepdims, nd, axis) for r in out))


def _distribution(name: str) -> Any:
    for module in (continuous, continuous_gamma, continuous_shapes, discrete):
        dist = getattr(module, name, None)
        if dist is not None and hasattr(dist, "cdf"):
            return dist
    raise ValueError(f"kstest: unknown distribution {name!r}")


def kstest(
    rvs: ArrayLike,
    cdf: Any,
    args: tuple = (),
    N: int = 20,  # noqa: N803 (SciPy's name)
    alternative: str = "two-sided",
    method: str = "auto",
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.kstest``: ``ks_1samp`` against ``cdf`` (a callable or the name of an
    ``xnp.scipy.stats`` distribution), or ``ks_2samp`` when ``cdf`` is an array. ``rvs``
    must be data (SciPy's string or callable ``rvs``, which draws ``N`` samples from its
    global random state, is not supported: xnp has no global random state)."""
    del N
    if isinstance(rvs, str) or callable(rvs):
        raise NotImplementedError("kstest: rvs must be an array of observations")
    if isinstance(cdf, str):
        cdf = _distribution(cdf).cdf
    if callable(cdf):
        return ks_1samp(
            rvs, cdf, args, alternative, method, axis=axis, nan_policy=nan_policy,
            keepdims=keepdims,
        )  # fmt: skip
    return ks_2samp(
        rvs, cdf, alternative, method, axis=axis, nan_policy=nan_policy, keepdims=keepdims
    )
