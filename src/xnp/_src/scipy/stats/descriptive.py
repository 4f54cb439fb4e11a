"""SciPy's descriptive statistics (``scipy.stats``): moments, means, trimmed statistics,
spread, entropies, ranks and the mode, over the NumPy layer.

Each function reduces one axis (moved last, see _common.py); ``nan_policy='omit'`` works
under ``jit`` for the moment-based ones (a mask), and eagerly only for ``iqr``,
``median_abs_deviation`` and ``differential_entropy`` (they need the NaN-free slice). The
moment-based statistics are differentiable through the ordinary ops.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import beta_family, convenience
from xnp._src.scipy.stats import _common
from xnp._src.typing import ArrayLike

DescribeResult = _common.result_class(
    "DescribeResult", ("nobs", "minmax", "mean", "variance", "skewness", "kurtosis")
)
ModeResult = _common.result_class("ModeResult", ("mode", "count"))
_NAN = float("nan")


def _nan_where(cond: Any, x: Any) -> Any:
    return jnp.where(cond, jnp.asarray(_NAN, x.dtype), x)


def _small(name: str, x: Any, minimum: int) -> Any:
    """Warn (as SciPy) when the reduced axis is shorter than ``minimum``; True where the
    kept count is too small."""
    _common.warn_small(name, x.shape[-1], minimum)
    return x.shape[-1] < minimum


# --------------------------------------------------------------------------- moments


def moment(
    a: ArrayLike,
    order: Any = 1,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    *,
    center: ArrayLike | None = None,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.moment``: the ``order``-th central moment (about ``center`` if given)
    along ``axis``; a sequence of orders stacks the results along a new first axis."""
    x, mask = _common.prepare("moment", a, axis, nan_policy)
    orders = onp.asarray(order)
    if orders.dtype.kind not in "iu" and not onp.all(orders == onp.floor(orders)):
        raise ValueError(f"moment: order must be an integral value, got {order!r}")
    # center: a scalar, or an array broadcasting against the reduced shape
    c = None if center is None else jnp.asarray(center, x.dtype)[..., None]
    if x.shape[-1] == 0:
        _common.warn_small("moment", 0, 1)
    n = _common.count(x, mask)
    outs = []
    for k in orders.ravel().tolist():
        k = int(k)
        if k == 0 or (k == 1 and c is None):
            res = jnp.full(x.shape[:-1], 1.0 if k == 0 else 0.0, x.dtype)
            res = _nan_where(jnp.asarray(n) == 0, res)
            if mask is None:
                res = _nan_where(jnp.any(jnp.isnan(x), axis=-1), res)
        else:
            res = _common.central_moment(x, mask, k, c)
        outs.append(_common.keep(res, keepdims, jnp.ndim(a), axis))
    return outs[0] if orders.ndim == 0 else jnp.stack(outs).reshape(orders.shape + outs[0].shape)


def _m2_m3_m4(x: Any, mask: Any) -> tuple[Any, Any, Any, Any, Any]:
    mu = _common.mean(x, mask, keepdims=True)
    d = _common.masked(x - mu, mask)
    d2 = d * d
    m2 = _common.mean(d2, mask)
    m3 = _common.mean(d2 * d, mask)
    m4 = _common.mean(d2 * d2, mask)
    return mu[..., 0], m2, m3, m4, _common.count(x, mask)


def skew(
    a: ArrayLike,
    axis: int | None = 0,
    bias: bool = True,
    nan_policy: str = "propagate",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.skew``: the sample skewness ``m3 / m2**1.5`` (the bias-corrected
    ``G1`` for ``bias=False``, where ``n > 2``); NaN for a constant slice."""
    x, mask = _common.prepare("skew", a, axis, nan_policy)
    _small("skew", x, 1)
    mu, m2, m3, _, n = _m2_m3_m4(x, mask)
    eps = float(onp.finfo(x.dtype).eps)
    with onp.errstate(all="ignore"):
        zero = m2 <= (eps * mu) ** 2
        vals = _nan_where(zero, m3 / m2**1.5)
        if not bias:
            nf = jnp.asarray(n, x.dtype)
            corrected = jnp.sqrt((nf - 1) * nf) / (nf - 2) * m3 / m2**1.5
            vals = jnp.where(~zero & (nf > 2), corrected, vals)
    return _common.keep(vals, keepdims, jnp.ndim(a), axis)


def kurtosis(
    a: ArrayLike,
    axis: int | None = 0,
    fisher: bool = True,
    bias: bool = True,
    nan_policy: str = "propagate",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.kurtosis``: ``m4 / m2**2`` (minus 3 for ``fisher=True``; the
    bias-corrected estimate for ``bias=False``, where ``n > 3``); NaN for a constant slice."""
    x, mask = _common.prepare("kurtosis", a, axis, nan_policy)
    _small("kurtosis", x, 1)
    mu, m2, _, m4, n = _m2_m3_m4(x, mask)
    eps = float(onp.finfo(x.dtype).eps)
    with onp.errstate(all="ignore"):
        zero = m2 <= (eps * mu) ** 2
        vals = _nan_where(zero, m4 / m2**2)
        if not bias:
            nf = jnp.asarray(n, x.dtype)
            corrected = (
                1.0 / (nf - 2) / (nf - 3) * ((nf * nf - 1.0) * m4 / m2**2 - 3 * (nf - 1) ** 2) + 3.0
            )
            vals = jnp.where(~zero & (nf > 3), corrected, vals)
    vals = vals - 3 if fisher else vals
    return _common.keep(vals, keepdims, jnp.ndim(a), axis)


def describe(
    a: ArrayLike,
    axis: int | None = 0,
    ddof: int = 1,
    bias: bool = True,
    nan_policy: str = "propagate",
) -> Any:
    """``scipy.stats.describe``: ``DescribeResult(nobs, minmax, mean, variance, skewness,
    kurtosis)``. ``nobs`` is an int (an array of counts for ``nan_policy='omit'``)."""
    raw = _common.to_last("describe", jnp.asarray(a), axis)
    x, mask = _common.prepare("describe", a, axis, nan_policy)
    if x.shape[-1] == 0:
        raise ValueError("describe: The input must not be empty.")
    mu, m2, m3, m4, n = _m2_m3_m4(x, mask)
    if mask is None:
        lo, hi = jnp.min(raw, axis=-1), jnp.max(raw, axis=-1)
        nobs = n
    else:
        lo = jnp.min(jnp.where(mask, x, jnp.inf), axis=-1)
        hi = jnp.max(jnp.where(mask, x, -jnp.inf), axis=-1)
        nobs = jnp.sum(mask, axis=-1)
    with onp.errstate(all="ignore"):
        variance = m2 * (jnp.asarray(n, x.dtype) / (jnp.asarray(n, x.dtype) - ddof))
    return DescribeResult(
        nobs,
        (lo, hi),
        mu,
        variance,
        skew(a, axis, bias, nan_policy),
        kurtosis(a, axis, True, bias, nan_policy),
    )


def zmap(
    scores: ArrayLike,
    compare: ArrayLike,
    axis: int | None = 0,
    ddof: int = 0,
    nan_policy: str = "propagate",
) -> Any:
    """``scipy.stats.zmap``: ``(scores - mean(compare)) / std(compare, ddof)`` along
    ``axis`` (``axis=None``: over all of ``compare``)."""
    return _zmap("zmap", scores, compare, axis, ddof, nan_policy, False)


def zscore(a: ArrayLike, axis: int | None = 0, ddof: int = 0, nan_policy: str = "propagate") -> Any:
    """``scipy.stats.zscore``: ``(a - mean) / std`` along ``axis``; NaN for a constant
    slice. NaNs stay where they are for ``nan_policy='omit'``."""
    return _zmap("zscore", a, a, axis, ddof, nan_policy, True)


def _zmap(
    name: str,
    scores: Any,
    compare: Any,
    axis: int | None,
    ddof: int,
    nan_policy: str,
    like_zscore: bool,
) -> Any:
    s, c = _common.as_float(scores, compare)
    cx, mask = _common.prepare(name, c, axis, nan_policy)
    _common.contains_nan(name, s, nan_policy)
    mn = _common.mean(cx, mask, keepdims=True)
    with onp.errstate(all="ignore"):
        std = jnp.sqrt(_common.var(cx, mask, ddof))[..., None]
    if axis is None:
        mn, std = mn.reshape(()), std.reshape(())
    else:
        mn = jnp.moveaxis(mn, -1, axis if c.ndim else 0)
        std = jnp.moveaxis(std, -1, axis if c.ndim else 0)
        if c.ndim == 0:
            mn, std = mn.reshape(()), std.reshape(())
    with onp.errstate(all="ignore"):
        z = (s - mn) / std
    if like_zscore:
        eps = float(onp.finfo(z.dtype).eps)
        z = _nan_where(jnp.broadcast_to(std <= jnp.abs(eps * mn), z.shape), z)
    return z


def sem(
    a: ArrayLike,
    axis: int | None = 0,
    ddof: int = 1,
    nan_policy: str = "propagate",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.sem``: the standard error of the mean, ``std(ddof) / sqrt(n)``."""
    x, mask = _common.prepare("sem", a, axis, nan_policy)
    _small("sem", x, 1)
    n = _common.count(x, mask)
    with onp.errstate(all="ignore"):
        res = jnp.sqrt(_common.var(x, mask, ddof)) / jnp.sqrt(jnp.asarray(n, x.dtype))
    return _common.keep(res, keepdims, jnp.ndim(a), axis)


def variation(
    a: ArrayLike,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    ddof: int = 0,
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.variation``: the coefficient of variation ``std(ddof) / mean``."""
    x, mask = _common.prepare("variation", a, axis, nan_policy)
    _small("variation", x, 1)
    with onp.errstate(all="ignore"):
        res = jnp.sqrt(_common.var(x, mask, ddof)) / _common.mean(x, mask)
    return _common.keep(res, keepdims, jnp.ndim(a), axis)


# --------------------------------------------------------------------------- means


def pmean(
    a: ArrayLike,
    p: float,
    *,
    axis: int | None = 0,
    dtype: Any = None,
    weights: ArrayLike | None = None,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.pmean``: the power mean ``(sum w a**p / sum w) ** (1/p)`` (the
    geometric mean at ``p = 0``). Negative values give NaN, as in SciPy (with a warning)."""
    return _pmean("pmean", a, p, axis, dtype, weights, nan_policy, keepdims)


def gmean(
    a: ArrayLike,
    axis: int | None = 0,
    dtype: Any = None,
    weights: ArrayLike | None = None,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.gmean``: the (weighted) geometric mean ``exp(mean(log a))``."""
    return _pmean("gmean", a, 0.0, axis, dtype, weights, nan_policy, keepdims)


def hmean(
    a: ArrayLike,
    axis: int | None = 0,
    dtype: Any = None,
    *,
    weights: ArrayLike | None = None,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.hmean``: the (weighted) harmonic mean ``1 / mean(1 / a)``."""
    return _pmean("hmean", a, -1.0, axis, dtype, weights, nan_policy, keepdims)


def _pmean(
    name: str,
    a: Any,
    p: float,
    axis: int | None,
    dtype: Any,
    weights: Any,
    nan_policy: str,
    keepdims: bool,
) -> Any:
    if not isinstance(p, int | float) or isinstance(p, bool):
        raise ValueError(f"{name}: power mean only defined for exponent of type int or float")
    x = jnp.asarray(a)
    if dtype is not None:
        x = x.astype(dtype)
    x, mask = _common.prepare(name, x, axis, nan_policy)
    _small(name, x, 1)
    w = None
    if weights is not None:
        w = _common.to_last(name, jnp.asarray(weights, x.dtype), axis)
        w = jnp.broadcast_to(w, x.shape)
        if mask is not None:
            mask = mask & ~jnp.isnan(w)
    ww = jnp.ones_like(x) if w is None else w
    ww = _common.masked(ww, mask)
    with onp.errstate(all="ignore"):
        xs = _common.masked(x, mask, 1.0)
        if p == 0:
            core = jnp.sum(ww * jnp.log(xs), axis=-1) / jnp.sum(ww, axis=-1)
            res = jnp.exp(core)
        else:
            res = (jnp.sum(ww * xs**p, axis=-1) / jnp.sum(ww, axis=-1)) ** (1.0 / p)
    res = _nan_where(jnp.any(_common.masked(x < 0, mask, False), axis=-1), res)
    return _common.keep(res, keepdims, jnp.ndim(a), axis)


# --------------------------------------------------------------------------- trimmed


def _limit_mask(name: str, x: Any, limits: Any, inclusive: Any) -> Any:
    """True for elements inside ``limits`` (NaN counts as inside, so it propagates)."""
    keep = jnp.ones(x.shape, bool)
    if limits is None:
        return keep
    lo, hi = limits
    inc_lo, inc_hi = inclusive
    if lo is not None:
        keep = keep & ~((x < lo) if inc_lo else (x <= lo))
    if hi is not None:
        keep = keep & ~((x > hi) if inc_hi else (x >= hi))
    value = _common.concrete(keep)
    if value is not None and value.size and not value.any():
        raise ValueError(f"{name}: No array values within given limits")
    return keep


def _trimmed(name: str, a: Any, limits: Any, inclusive: Any, axis: Any, nan_policy: str) -> Any:
    x, mask = _common.prepare(name, a, axis, nan_policy)
    inside = _limit_mask(name, x, limits, inclusive)
    return x, inside if mask is None else inside & mask


def tmean(
    a: ArrayLike,
    limits: Any = None,
    inclusive: tuple[bool, bool] = (True, True),
    axis: int | None = None,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tmean``: the mean of the values inside ``limits``."""
    x, mask = _trimmed("tmean", a, limits, inclusive, axis, nan_policy)
    return _common.keep(_common.mean(x, mask), keepdims, jnp.ndim(a), axis)


def tvar(
    a: ArrayLike,
    limits: Any = None,
    inclusive: tuple[bool, bool] = (True, True),
    axis: int | None = 0,
    ddof: int = 1,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tvar``: the variance (``ddof=1``) of the values inside ``limits``."""
    x, mask = _trimmed("tvar", a, limits, inclusive, axis, nan_policy)
    return _common.keep(_common.var(x, mask, ddof), keepdims, jnp.ndim(a), axis)


def tstd(
    a: ArrayLike,
    limits: Any = None,
    inclusive: tuple[bool, bool] = (True, True),
    axis: int | None = 0,
    ddof: int = 1,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tstd``: the square root of ``tvar``."""
    v = tvar(a, limits, inclusive, axis, ddof, nan_policy=nan_policy, keepdims=keepdims)
    return jnp.sqrt(v)


def tsem(
    a: ArrayLike,
    limits: Any = None,
    inclusive: tuple[bool, bool] = (True, True),
    axis: int | None = 0,
    ddof: int = 1,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tsem``: the standard error of the mean of the values inside ``limits``."""
    x, mask = _trimmed("tsem", a, limits, inclusive, axis, nan_policy)
    with onp.errstate(all="ignore"):
        res = jnp.sqrt(_common.var(x, mask, ddof) / _common.count(x, mask))
    return _common.keep(res, keepdims, jnp.ndim(a), axis)


def _textreme(
    name: str, a: Any, limit: Any, axis: Any, inclusive: bool, nan_policy: str, keepdims: bool
) -> Any:
    x, mask = _common.prepare(name, a, axis, nan_policy, floating=False)
    if x.shape[-1] == 0:
        _common.warn_small(name, 0, 1)
        dt = _common.float_dtype(x)
        return _common.keep(jnp.full(x.shape[:-1], _NAN, dt), keepdims, jnp.ndim(a), axis)
    low = name == "tmin"
    limits = (limit, None) if low else (None, limit)
    inside = _limit_mask(name, x, None if limit is None else limits, (inclusive, inclusive))
    keep = inside if mask is None else inside & mask
    if jnp.issubdtype(x.dtype, jnp.inexact):
        fill = jnp.inf if low else -jnp.inf
    else:
        info = jnp.iinfo(x.dtype) if x.dtype != bool else None
        fill = (info.max if low else info.min) if info else low
    reduce = jnp.min if low else jnp.max
    res = reduce(jnp.where(keep, x, jnp.asarray(fill, x.dtype)), axis=-1)
    if jnp.issubdtype(x.dtype, jnp.inexact):
        res = _nan_where(~jnp.any(keep, axis=-1), res)
    return _common.keep(res, keepdims, jnp.ndim(a), axis)


def tmin(
    a: ArrayLike,
    lowerlimit: Any = None,
    axis: int | None = 0,
    inclusive: bool = True,
    nan_policy: str = "propagate",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tmin``: the minimum of the values at or above ``lowerlimit`` (integer
    input stays integer)."""
    return _textreme("tmin", a, lowerlimit, axis, inclusive, nan_policy, keepdims)


def tmax(
    a: ArrayLike,
    upperlimit: Any = None,
    axis: int | None = 0,
    inclusive: bool = True,
    nan_policy: str = "propagate",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.tmax``: the maximum of the values at or below ``upperlimit``."""
    return _textreme("tmax", a, upperlimit, axis, inclusive, nan_policy, keepdims)


# --------------------------------------------------------------------------- spread

_IQR_NORMAL = 1.3489795003921634  # 2 sqrt(2) erfinv(1/2): the normal distribution's IQR
_MAD_NORMAL = 0.6744897501960817  # ndtri(3/4)


def iqr(
    x: ArrayLike,
    axis: int | None = None,
    rng: tuple[float, float] = (25, 75),
    scale: Any = 1.0,
    nan_policy: str = "propagate",
    interpolation: str = "linear",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.iqr``: the difference of the ``rng`` percentiles, divided by
    ``scale`` (``'normal'``: the normal distribution's IQR). ``nan_policy='omit'`` goes
    through NumPy's ``nanpercentile`` (works under ``jit``)."""
    _common.check_nan_policy("iqr", nan_policy)
    if len(rng) != 2:
        raise TypeError("iqr: quantile range must be two element sequence")
    if any(math.isnan(r) for r in rng):
        raise ValueError("iqr: range must not contain NaNs")
    if not 0 <= rng[0] <= rng[1] <= 100:
        raise ValueError(f"iqr: Elements of `rng` must be in the range [0, 100], got {rng}")
    if isinstance(scale, str):
        if scale.lower() != "normal":
            raise ValueError(f"iqr: {scale!r} not a valid scale for `iqr`")
        scale = _IQR_NORMAL
    xx, mask = _common.prepare("iqr", x, axis, nan_policy)
    if xx.shape[-1] == 0:
        res = jnp.full(xx.shape[:-1], _NAN, xx.dtype)
    else:
        pct = jnp.nanpercentile if mask is not None else jnp.percentile
        q = onp.array(sorted(rng), onp.float64)
        qs = pct(xx, q, axis=-1, method=interpolation).astype(xx.dtype)
        res = qs[1] - qs[0]
    with onp.errstate(all="ignore"):
        res = res / jnp.asarray(scale, xx.dtype)
    return _common.keep(res, keepdims, jnp.ndim(x), axis)


def median_abs_deviation(
    x: ArrayLike,
    axis: int | None = 0,
    center: Any = None,
    scale: Any = 1.0,
    nan_policy: str = "propagate",
) -> Any:
    """``scipy.stats.median_abs_deviation``: ``median(|x - center(x)|) / scale``
    (``center`` defaults to the median; ``scale='normal'`` divides by ``ndtri(3/4)``)."""
    if isinstance(scale, str):
        if scale.lower() != "normal":
            raise ValueError(f"median_abs_deviation: {scale} is not a valid scale value.")
        scale = _MAD_NORMAL
    xx, mask = _common.prepare("median_abs_deviation", x, axis, nan_policy)
    if xx.shape[-1] == 0:
        _common.warn_small("median_abs_deviation", 0, 1)
        return jnp.full(xx.shape[:-1], _NAN, xx.dtype)
    if mask is not None:
        med = jnp.nanmedian
    else:
        med = jnp.median
    if center is None:
        c = med(xx, axis=-1, keepdims=True)
    else:
        c = jnp.asarray(center(xx, axis=-1, keepdims=True), xx.dtype)
    with onp.errstate(all="ignore"):
        return med(jnp.abs(xx - c), axis=-1).astype(xx.dtype) / jnp.asarray(scale, xx.dtype)


# --------------------------------------------------------------------------- entropies


def entropy(
    pk: ArrayLike,
    qk: ArrayLike | None = None,
    base: float | None = None,
    axis: int = 0,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.entropy``: Shannon entropy of ``pk`` (normalized to sum 1), or the
    Kullback-Leibler divergence ``sum pk log(pk / qk)`` when ``qk`` is given; natural log
    unless ``base``."""
    if base is not None and base <= 0:
        raise ValueError("entropy: `base` must be a positive number or `None`.")
    arrays = _common.as_float(pk) if qk is None else _common.as_float(pk, qk)
    x = _common.to_last("entropy", arrays[0], axis)
    q = None if qk is None else _common.to_last("entropy", arrays[1], axis)
    if q is not None:
        x, q = jnp.broadcast_arrays(x, q)
    mask = None
    for v in (x, q):
        if v is not None and _common.contains_nan("entropy", v, nan_policy) is not False:
            if nan_policy == "omit":
                mask = ~jnp.isnan(v) if mask is None else mask & ~jnp.isnan(v)
    x = _common.masked(x, mask)
    with onp.errstate(all="ignore"):
        x = x / jnp.sum(x, axis=-1, keepdims=True)
        if q is None:
            terms = convenience.entr(x)
        else:
            q = _common.masked(q, mask)
            q = q / jnp.sum(q, axis=-1, keepdims=True)
            terms = -convenience.rel_entr(x, q)
        res = -jnp.sum(terms, axis=-1) if qk is not None else jnp.sum(terms, axis=-1)
        if base is not None:
            res = res / math.log(base)
    return _common.keep(res, keepdims, jnp.ndim(pk), axis)


def _pad_edges(s: Any, m: int) -> Any:
    shape = s.shape[:-1] + (m,)
    return jnp.concatenate(
        [jnp.broadcast_to(s[..., :1], shape), s, jnp.broadcast_to(s[..., -1:], shape)], axis=-1
    )


def _vasicek(s: Any, m: int) -> Any:
    n = s.shape[-1]
    p = _pad_edges(s, m)
    return jnp.mean(jnp.log(n / (2 * m) * (p[..., 2 * m :] - p[..., : -2 * m])), axis=-1)


def _van_es(s: Any, m: int) -> Any:
    n = s.shape[-1]
    term = jnp.sum(jnp.log((n + 1) / m * (s[..., m:] - s[..., :-m])), axis=-1) / (n - m)
    harmonic = float(onp.sum(1.0 / onp.arange(m, n + 1)))
    return term + harmonic + math.log(m) - math.log(n + 1)


def _ebrahimi(s: Any, m: int) -> Any:
    n = s.shape[-1]
    p = _pad_edges(s, m)
    i = onp.arange(1, n + 1, dtype=onp.float64)
    ci = onp.where(i <= m, 1 + (i - 1) / m, 2.0)
    ci = onp.where(i >= n - m + 1, 1 + (n - i) / m, ci)
    diff = p[..., 2 * m :] - p[..., : -2 * m]
    return jnp.mean(jnp.log(n * diff / jnp.asarray(ci * m, s.dtype)), axis=-1)


def _correa(s: Any, m: int) -> Any:
    n = s.shape[-1]
    p = _pad_edges(s, m)
    dj = onp.arange(-m, m + 1)[:, None]
    idx = onp.arange(1, n + 1)[None, :] + dj + m - 1  # (2m+1, n) positions in the padding
    windows = p[..., idx]
    d = windows - jnp.mean(windows, axis=-2, keepdims=True)
    num = jnp.sum(d * jnp.asarray(dj, s.dtype), axis=-2)
    den = n * jnp.sum(d * d, axis=-2)
    return -jnp.mean(jnp.log(num / den), axis=-1)


_DIFF_ENTROPY = {"vasicek": _vasicek, "van es": _van_es, "ebrahimi": _ebrahimi, "correa": _correa}


def differential_entropy(
    values: ArrayLike,
    *,
    window_length: int | None = None,
    base: float | None = None,
    axis: int = 0,
    method: str = "auto",
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.differential_entropy``: the spacing estimates of a continuous
    distribution's entropy from a sample (``'vasicek'``, ``'van es'``, ``'ebrahimi'``,
    ``'correa'``; ``'auto'`` picks van Es up to 10 points, Ebrahimi up to 1000, Vasicek
    beyond). ``nan_policy='omit'`` is eager only."""
    x, mask = _common.prepare("differential_entropy", values, axis, nan_policy)
    method = method.lower()
    if method not in (*_DIFF_ENTROPY, "auto"):
        raise ValueError(f"differential_entropy: `method` must be one of {set(_DIFF_ENTROPY)}")
    if base is not None and base <= 0:
        raise ValueError("differential_entropy: `base` must be a positive number or `None`.")

    def one(s: Any) -> Any:
        n = s.shape[-1]
        m = math.floor(math.sqrt(n) + 0.5) if window_length is None else window_length
        if not 2 <= 2 * m < n:
            raise ValueError(
                f"differential_entropy: Window length ({m}) must be positive and less than "
                f"half the sample size ({n})."
            )
        how = method
        if how == "auto":
            how = "van es" if n <= 10 else "ebrahimi" if n <= 1000 else "vasicek"
        with onp.errstate(all="ignore"):
            res = _DIFF_ENTROPY[how](jnp.sort(s, axis=-1), m)
            if base is not None:
                res = res / math.log(base)
        return res.astype(s.dtype)

    res = one(x) if mask is None else _common.omit_slices(one, [x], 1)
    return _common.keep(res, keepdims, jnp.ndim(values), axis)


# --------------------------------------------------------------------------- ranks, mode


def _runs(s: Any) -> tuple[Any, Any, Any]:
    """For a sorted last axis: each position's run start, run end (inclusive) and whether
    it starts a run. NaNs never equal each other, so each is a run of its own."""
    n = s.shape[-1]
    idx = jnp.broadcast_to(jnp.arange(n), s.shape)
    first = jnp.concatenate([jnp.ones(s.shape[:-1] + (1,), bool), s[..., 1:] != s[..., :-1]], -1)
    last = jnp.concatenate([first[..., 1:], jnp.ones(s.shape[:-1] + (1,), bool)], -1)
    start = jnp.maximum.accumulate(jnp.where(first, idx, 0), axis=-1)
    end = jnp.flip(jnp.minimum.accumulate(jnp.flip(jnp.where(last, idx, n - 1), -1), axis=-1), -1)
    return start, end, first


_RANK_METHODS = ("average", "min", "max", "dense", "ordinal")


def rankdata(
    a: ArrayLike, method: str = "average", *, axis: int | None = None, nan_policy: str = "propagate"
) -> Any:
    """``scipy.stats.rankdata``: ranks from 1, ties by ``method`` (``'average'``,
    ``'min'``, ``'max'``, ``'dense'``, ``'ordinal'``); float64 for ``'average'`` and int64
    otherwise. A NaN makes its slice's ranks NaN (``'propagate'``); ``'omit'`` ranks the
    rest and puts NaN at the NaNs (works under ``jit``)."""
    if method not in _RANK_METHODS:
        raise ValueError(f'rankdata: unknown method "{method}"')
    arr = jnp.asarray(a)
    x = _common.to_last("rankdata", arr, axis)
    found = _common.contains_nan("rankdata", x, nan_policy)
    order = jnp.argsort(x, axis=-1, stable=True)
    s = jnp.take_along_axis(x, order, axis=-1)
    start, end, first = _runs(s)
    if method == "average":
        r = (start + end).astype(onp.float64) / 2 + 1
    elif method == "min":
        r = start + 1
    elif method == "max":
        r = end + 1
    elif method == "dense":
        r = jnp.cumsum(first, axis=-1)
    else:
        r = jnp.broadcast_to(jnp.arange(1, x.shape[-1] + 1), x.shape)
    inv = jnp.argsort(order, axis=-1)
    ranks = jnp.take_along_axis(r.astype(r.dtype), inv, axis=-1)
    if found is not False and jnp.issubdtype(x.dtype, jnp.inexact):
        isnan = jnp.isnan(x)
        ranks = ranks.astype(onp.float64)
        if nan_policy == "omit":
            ranks = _nan_where(isnan, ranks)
        else:
            ranks = _nan_where(jnp.any(isnan, axis=-1, keepdims=True), ranks)
    if axis is None:
        return ranks
    return jnp.moveaxis(ranks, -1, axis) if arr.ndim else ranks


def mode(
    a: ArrayLike, axis: int | None = 0, nan_policy: str = "propagate", keepdims: bool = False
) -> Any:
    """``scipy.stats.mode``: ``ModeResult(mode, count)``, the smallest most frequent value
    along ``axis`` and its count (each NaN counts once on its own; ``'omit'`` skips them;
    an empty slice gives NaN and a count of 0). Works under ``jit``."""
    arr = jnp.asarray(a)
    x = _common.to_last("mode", arr, axis)
    found = _common.contains_nan("mode", x, nan_policy)
    if x.shape[-1] == 0:
        _common.warn_small("mode", 0, 1)
        shape = x.shape[:-1]
        dt = x.dtype if jnp.issubdtype(x.dtype, jnp.inexact) else onp.float64
        m, c = jnp.full(shape, _NAN, dt), jnp.zeros(shape, dt)
    else:
        s = jnp.sort(x, axis=-1)
        start, end, _ = _runs(s)
        counts = end - start + 1
        if nan_policy == "omit" and found is not False:
            counts = jnp.where(jnp.isnan(s), 0, counts)
        best = jnp.argmax(counts, axis=-1)[..., None]
        m = jnp.take_along_axis(s, best, axis=-1)[..., 0]
        c = jnp.take_along_axis(counts, best, axis=-1)[..., 0]
        if nan_policy == "omit" and found is not False:
            none = c == 0
            m = _nan_where(none, m)
    return ModeResult(
        _common.keep(m, keepdims, arr.ndim, axis), _common.keep(c, keepdims, arr.ndim, axis)
    )


# --------------------------------------------------------------------------- quantile

# method -> (alpha, beta) of Hyndman and Fan's continuous sample quantiles
_HF_CONTINUOUS = {
    "interpolated_inverted_cdf": (0.0, 1.0),
    "hazen": (0.5, 0.5),
    "weibull": (0.0, 0.0),
    "linear": (1.0, 1.0),
    "median_unbiased": (1.0 / 3.0, 1.0 / 3.0),
    "normal_unbiased": (3.0 / 8.0, 3.0 / 8.0),
}
_QUANTILE_METHODS = (
    *_HF_CONTINUOUS,
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
    "harrell-davis",
)


def _order_stat(s: Any, k: Any, n: Any) -> Any:
    """The ``k``-th (0-based, clipped to the ``n`` kept values) order statistic of sorted
    ``s``."""
    k = jnp.clip(k, 0, jnp.maximum(n - 1, 0)).astype(onp.int64)
    return jnp.take_along_axis(s, k, axis=-1)


def quantile(
    x: ArrayLike,
    p: ArrayLike,
    *,
    method: str = "linear",
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool | None = None,
    weights: ArrayLike | None = None,
) -> Any:
    """``scipy.stats.quantile``: the ``p``-quantiles of ``x`` along ``axis`` by Hyndman and
    Fan's methods (and Harrell-Davis). ``p`` broadcasts like SciPy's: a scalar reduces the
    axis, a 1-d ``p`` lies along it, a ``p`` of ``x``'s dimension holds each slice's
    probabilities along ``axis``; ``p`` outside [0, 1] or NaN gives NaN. SciPy's
    ``round_*`` methods and ``weights`` are not supported. ``'omit'`` works under ``jit``."""
    if method not in _QUANTILE_METHODS:
        raise ValueError(f"quantile: `method` must be one of {set(_QUANTILE_METHODS)}")
    if weights is not None:
        raise NotImplementedError("quantile: weights= is not supported")
    _common.check_nan_policy("quantile", nan_policy)
    xx = _common.as_float(x)[0]
    pp = jnp.asarray(p, xx.dtype)
    if xx.ndim == 0:
        raise ValueError("quantile: `x` must have at least one dimension")
    nd = xx.ndim
    xl = _common.to_last("quantile", xx, axis)
    ax = -1 if axis is None else axis
    if pp.ndim == 0:
        pl, reduce = jnp.reshape(pp, (1,) * xl.ndim), True
    elif pp.ndim == 1:
        pl, reduce = jnp.reshape(pp, (1,) * (xl.ndim - 1) + pp.shape), False
    elif axis is not None and pp.ndim == nd:
        pl = jnp.moveaxis(pp, axis, -1)
        reduce = pl.shape[-1] == 1
    else:
        raise ValueError(
            "quantile: `p` must be a scalar, 1-d, or have the same number of dimensions as `x`"
        )
    found = _common.contains_nan("quantile", xl, nan_policy)
    if xl.shape[-1] == 0:  # NaN, through an all-NaN slice of length 1
        xl = jnp.full(xl.shape[:-1] + (1,), _NAN, xl.dtype)
    s = jnp.sort(xl, axis=-1)
    lead = onp.broadcast_shapes(s.shape[:-1], pl.shape[:-1])
    s = jnp.broadcast_to(s, lead + s.shape[-1:])
    pl = jnp.broadcast_to(pl, lead + pl.shape[-1:])
    if nan_policy == "omit" and found is not False:
        n = jnp.sum(~jnp.isnan(s), axis=-1, keepdims=True).astype(s.dtype)
    else:
        n = jnp.full(lead + (1,), float(s.shape[-1]), s.dtype)
    with onp.errstate(all="ignore"):
        if method in _HF_CONTINUOUS:
            a, b = _HF_CONTINUOUS[method]
            j = n * pl + a + pl * (1 - a - b) - 1  # the 0-based virtual index
            j = jnp.clip(j, 0, n - 1)
            lo = jnp.floor(j)
            g = j - lo
            below, above = _order_stat(s, lo, n), _order_stat(s, lo + 1, n)
            res = jnp.where(g == 0, below, below + g * (above - below))
        elif method == "inverted_cdf":
            res = _order_stat(s, jnp.ceil(n * pl) - 1, n)
        elif method == "averaged_inverted_cdf":
            np_ = n * pl
            k = jnp.floor(np_)
            exact = (np_ == k) & (k > 0) & (k < n)
            res = jnp.where(
                exact,
                (_order_stat(s, k - 1, n) + _order_stat(s, k, n)) / 2,
                _order_stat(s, jnp.ceil(np_) - 1, n),
            )
        elif method == "closest_observation":
            # HF 3: the nearest order statistic, ties to the even one
            g = n * pl - 0.5
            j = jnp.floor(g)
            gamma = jnp.where((g == j) & (j % 2 == 0), 0.0, 1.0)
            res = _order_stat(s, j + gamma - 1, n)
        else:
            # Harrell-Davis: a weighted mean with Beta(p (n+1), (1-p) (n+1)) weights
            i = jnp.arange(s.shape[-1], dtype=s.dtype)
            a, b = (pl * (n + 1))[..., None], ((1 - pl) * (n + 1))[..., None]
            nn = n[..., None]
            hi = beta_family.betainc(a, b, jnp.clip((i + 1) / nn, 0, 1))
            lo = beta_family.betainc(a, b, jnp.clip(i / nn, 0, 1))
            w = jnp.where(i < nn, hi - lo, 0.0)
            res = jnp.sum(w * jnp.where(i < nn, s[..., None, :], 0.0), axis=-1)
        bad = jnp.isnan(pl) | (pl < 0) | (pl > 1) | (n == 0)
        if nan_policy != "omit" and found is not False:
            bad = bad | jnp.any(jnp.isnan(s), axis=-1, keepdims=True)
        res = _nan_where(bad, res.astype(s.dtype))
    if axis is None:
        return res[..., 0] if (reduce and not keepdims) else res
    if reduce and not keepdims:
        return res[..., 0]
    return jnp.moveaxis(res, -1, ax)
