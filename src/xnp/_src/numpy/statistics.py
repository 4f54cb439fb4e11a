"""NumPy's order statistics and differences: quantile, percentile, median (and nan versions),
average, diff, ediff1d, trapezoid.

Quantiles sort along the reduced axis with the lax sort primitive (NaNs sort last, so a NaN
anywhere in a slice shows in its last element) and interpolate between the two neighbouring
order statistics, NumPy's (alpha, beta) rule for each continuous ``method=``.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import sorting as lax_sorting
from xnp._src.numpy import elementwise, indexing, lax_numpy, reductions, ufuncs, util

ArrayLike = Any

# method -> (alpha, beta) of the continuous sample-quantile family (Hyndman & Fan).
_CONTINUOUS = {
    "linear": (1.0, 1.0),
    "interpolated_inverted_cdf": (0.0, 1.0),
    "hazen": (0.5, 0.5),
    "weibull": (0.0, 0.0),
    "median_unbiased": (1.0 / 3.0, 1.0 / 3.0),
    "normal_unbiased": (3.0 / 8.0, 3.0 / 8.0),
}
_DISCRETE = ("lower", "higher", "nearest", "midpoint")


def _float_dtype(dt: onp.dtype) -> onp.dtype:
    return dt if dtypes.kind(dt) in "fc" else onp.dtype(onp.float64)


def _quantile(name: str, a: ArrayLike, q: Any, axis: Any, method: str, keepdims: bool,
              ignore_nan: bool) -> Any:  # fmt: skip
    a = util.asarray(a, name)
    if dtypes.kind(a.dtype) == "c":
        raise TypeError(f"{name}: a must be an array of real numbers, got dtype {a.dtype}")
    if method not in _CONTINUOUS and method not in _DISCRETE:
        if method in ("inverted_cdf", "averaged_inverted_cdf", "closest_observation"):
            raise NotImplementedError(f"{name}: method={method!r} is not implemented in xnp")
        raise ValueError(f"{name}: '{method}' is not a valid method")
    dt = _float_dtype(a.dtype)
    q = util.asarray(q, name)
    if dtypes.kind(q.dtype) not in "biuf":
        raise TypeError(f"{name}: q must be real, got dtype {q.dtype}")
    if isinstance(q, type(a)) and type(q).__name__ == "ndarray":
        qh = onp.asarray(q)
        if qh.size and (onp.any(qh < 0) or onp.any(qh > 1)):
            raise ValueError(f"{name}: Quantiles must be in the range [0, 1]")
    qf = ufuncs.astype(q, dt) if hasattr(ufuncs, "astype") else q.astype(dt)
    shape = a.shape
    if axis is None:
        x = lax_numpy.ravel(a)
        kept_shape: tuple[int, ...] = ()
        keep_shape = (1,) * a.ndim
    else:
        axes = util.canonical_axes(name, axis, a.ndim)
        rest = [i for i in range(a.ndim) if i not in axes]
        x = lax_numpy.transpose(a, rest + list(axes))
        kept_shape = tuple(shape[i] for i in rest)
        x = lax_numpy.reshape(x, kept_shape + (-1 if x.size else int(onp.prod([shape[i] for i in axes])),))  # noqa: E501
        keep_shape = tuple(1 if i in axes else d for i, d in enumerate(shape))
    x = x.astype(dt)
    n = x.shape[-1]
    if n == 0:
        raise ValueError(f"{name}: cannot compute a quantile of an empty slice (shape {shape})")
    if x.ndim == 0:
        x = lax_numpy.reshape(x, (1,))
    xs = lax_sorting.sort(x, dimension=x.ndim - 1)
    if ignore_nan:
        count = reductions.sum(ufuncs.logical_not(ufuncs.isnan(x)), axis=-1, keepdims=True)
        nf = count.astype(dt)
    else:
        nf = util.asarray(float(n)).astype(dt)
    # Virtual (0-based, fractional) index of each quantile in each slice.
    qe = lax_numpy.reshape(qf, qf.shape + (1,) * (xs.ndim - 1)) if ignore_nan else qf
    if ignore_nan:
        nf = lax_numpy.reshape(nf, (1,) * qf.ndim + nf.shape)
    if method in _CONTINUOUS:
        alpha, beta = _CONTINUOUS[method]
        vi = nf * qe + (alpha + qe * (1 - alpha - beta)) - 1
    else:
        vi = (nf - 1) * qe
    hi_bound = nf - 1
    vi = ufuncs.minimum(ufuncs.maximum(vi, 0.0), ufuncs.maximum(hi_bound, 0.0))
    if method == "lower":
        vi = ufuncs.floor(vi)
    elif method == "higher":
        vi = ufuncs.ceil(vi)
    elif method == "nearest":
        vi = elementwise.round(vi)
    lo = ufuncs.floor(vi)
    frac = vi - lo
    if method == "midpoint":
        frac = lax_numpy.where(ufuncs.equal(ufuncs.ceil(vi), lo), 0.0 * frac, 0.5 + 0.0 * frac)
    hi = ufuncs.minimum(lo + 1, ufuncs.maximum(hi_bound, 0.0))
    lo_i, hi_i = lo.astype(onp.int64), hi.astype(onp.int64)
    if ignore_nan:
        # indices have shape q.shape + kept + (1,) after the reshape above; gather per slice.
        xb = lax_numpy.broadcast_to(xs, qf.shape + xs.shape)
        idx_shape = qf.shape + xs.shape[:-1] + (1,)
        lo_i = lax_numpy.broadcast_to(lo_i, idx_shape)
        hi_i = lax_numpy.broadcast_to(hi_i, idx_shape)
        frac = lax_numpy.broadcast_to(frac, idx_shape)
        vlo = indexing.take_along_axis(xb, lo_i, axis=-1)
        vhi = indexing.take_along_axis(xb, hi_i, axis=-1)
        r = _lerp(vlo, vhi, frac)
        r = lax_numpy.squeeze(r, axis=-1)
        empty = ufuncs.equal(lax_numpy.squeeze(nf, axis=-1), 0.0)
        r = lax_numpy.where(empty, onp.nan, r)
    else:
        vlo = indexing.take(xs, lo_i, axis=-1)
        vhi = indexing.take(xs, hi_i, axis=-1)
        r = _lerp(vlo, vhi, frac)  # shape kept + q.shape
        has_nan = ufuncs.isnan(indexing.take(xs, n - 1, axis=-1))
        has_nan = lax_numpy.reshape(has_nan, has_nan.shape + (1,) * qf.ndim)
        r = lax_numpy.where(has_nan, onp.nan, r)
        k = len(kept_shape)
        r = lax_numpy.moveaxis(r, list(range(k, k + qf.ndim)), list(range(qf.ndim))) if qf.ndim else r  # noqa: E501
    if keepdims:
        r = lax_numpy.reshape(r, qf.shape + keep_shape)
    return r.astype(dt)


def _lerp(a: Any, b: Any, t: Any) -> Any:
    # NumPy's _lerp: a + (b-a)*t, but b - (b-a)*(1-t) when t >= 0.5 (exact at the ends).
    d = b - a
    return lax_numpy.where(t >= 0.5, b - d * (1 - t), a + d * t)


def _check_weights(name: str, weights: Any) -> None:
    if weights is not None:
        raise NotImplementedError(f"{name}: weights= is not implemented in xnp")


def quantile(a: ArrayLike, q: Any, axis: Any = None, out: Any = None, overwrite_input: bool = False,
             method: str = "linear", keepdims: bool = False, *, weights: Any = None,
             interpolation: Any = None) -> Any:  # fmt: skip
    """NumPy's ``quantile`` (q in [0, 1]); continuous methods and lower/higher/nearest/midpoint."""
    _check_weights("quantile", weights)
    return _quantile("quantile", a, q, axis, interpolation or method, keepdims, False)


def percentile(a: ArrayLike, q: Any, axis: Any = None, out: Any = None,
               overwrite_input: bool = False, method: str = "linear", keepdims: bool = False, *,
               weights: Any = None, interpolation: Any = None) -> Any:  # fmt: skip
    """NumPy's ``percentile`` (q in [0, 100])."""
    _check_weights("percentile", weights)
    q = util.asarray(q, "percentile")
    if type(q).__name__ == "ndarray":
        qh = onp.asarray(q)
        if qh.size and (onp.any(qh < 0) or onp.any(qh > 100)):
            raise ValueError("percentile: Percentiles must be in the range [0, 100]")
    return _quantile("percentile", a, ufuncs.true_divide(q, 100), axis, interpolation or method,
                     keepdims, False)  # fmt: skip


def median(a: ArrayLike, axis: Any = None, out: Any = None, overwrite_input: bool = False,
           keepdims: bool = False) -> Any:  # fmt: skip
    """NumPy's ``median`` (the mean of the two middle values for an even count)."""
    return _quantile("median", a, 0.5, axis, "midpoint", keepdims, False)


def nanquantile(a: ArrayLike, q: Any, axis: Any = None, out: Any = None,
                overwrite_input: bool = False, method: str = "linear", keepdims: bool = False, *,
                weights: Any = None, interpolation: Any = None) -> Any:  # fmt: skip
    """NumPy's ``nanquantile``: NaNs ignored; an all-NaN slice gives NaN."""
    _check_weights("nanquantile", weights)
    return _quantile("nanquantile", a, q, axis, interpolation or method, keepdims, True)


def nanpercentile(a: ArrayLike, q: Any, axis: Any = None, out: Any = None,
                  overwrite_input: bool = False, method: str = "linear", keepdims: bool = False,
                  *, weights: Any = None, interpolation: Any = None) -> Any:  # fmt: skip
    _check_weights("nanpercentile", weights)
    return _quantile("nanpercentile", a, ufuncs.true_divide(util.asarray(q), 100), axis,
                     interpolation or method, keepdims, True)  # fmt: skip


def nanmedian(a: ArrayLike, axis: Any = None, out: Any = None, overwrite_input: bool = False,
              keepdims: bool = False) -> Any:  # fmt: skip
    return _quantile("nanmedian", a, 0.5, axis, "midpoint", keepdims, True)
