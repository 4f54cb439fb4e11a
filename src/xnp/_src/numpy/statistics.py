"""NumPy's order statistics: quantile, percentile, median and their nan-ignoring versions.

Every one is one algorithm: move the reduced axes last and flatten them, sort that axis with
the lax sort primitive (NaNs sort last, so a NaN anywhere in a slice shows in its last
element), compute each quantile's fractional "virtual index" by NumPy's rule for ``method=``
(the Hyndman & Fan (alpha, beta) family for the continuous methods), gather the two
neighbouring order statistics and interpolate between them. The nan versions count the
non-NaN elements of each slice and use that count in place of the slice length. ``weights=``
(``inverted_cdf`` only, as in NumPy) sorts the weights with the values and picks the first
value whose cumulative weight fraction reaches ``q``.

Result dtypes are NumPy's: ``lower``/``higher``/``nearest``/``inverted_cdf``/
``closest_observation`` return elements of ``a`` (an integer array stays integer); the
interpolating methods return
``result_type(a, q)``, float64 for integer data and a Python-float ``q``.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import sorting as lax_sorting
from xnp._src.numpy import elementwise, indexing, lax_numpy, reductions, ufuncs, util
from xnp._src.staged import staged
from xnp._src.typing import ArrayLike

# method -> (alpha, beta) of the continuous sample-quantile family (Hyndman & Fan 1996).
_CONTINUOUS = {
    "linear": (1.0, 1.0),
    "interpolated_inverted_cdf": (0.0, 1.0),
    "hazen": (0.5, 0.5),
    "weibull": (0.0, 0.0),
    "median_unbiased": (1.0 / 3.0, 1.0 / 3.0),
    "normal_unbiased": (3.0 / 8.0, 3.0 / 8.0),
}
# These return elements of a, in a's dtype: the linear method's neighbours, and Hyndman &
# Fan's discontinuous methods 1 and 3.
_PICKING = ("lower", "higher", "nearest", "inverted_cdf", "closest_observation")
_HF_DISCRETE = ("inverted_cdf", "averaged_inverted_cdf", "closest_observation")


def _check_q(name: str, q: Any, top: float) -> None:
    value = indexing._concrete_value(q)
    if value is not None and value.size and (onp.any(value < 0) or onp.any(value > top)):
        what = "Percentiles" if top == 100 else "Quantiles"
        raise ValueError(f"{name}: {what} must be in the range [0, {top:g}]")


def _result_dtype(name: str, a: Any, q_in: Any, q: Any, method: str, top: float) -> onp.dtype:
    # NumPy's rules, quirks included: a Python-scalar q is weak; percentile divides q by 100
    # first (so an integer q array becomes float64); an integer q in quantile with the linear
    # method keeps a's dtype.
    if method in _PICKING:
        return a.dtype
    weak = dtypes.is_python_scalar(q_in)
    q_kind = "f" if top != 1 or isinstance(q_in, float) else dtypes.kind(q.dtype)
    if q_kind in "biu" and method == "linear":
        return a.dtype
    if a.dtype == onp.bool_:
        raise TypeError(
            f"{name}: method={method!r} interpolates, which a boolean array "
            "cannot do (use an integer or float array)"
        )
    if weak:
        return dtypes.result_type(a, 0.5)
    q_dtype = q.dtype if dtypes.kind(q.dtype) == "f" else onp.dtype(onp.float64)
    return dtypes.result_type(a.dtype, q_dtype)


def _quantile(
    name: str,
    a: ArrayLike,
    q: Any,
    axis: Any,
    method: str,
    keepdims: bool,
    ignore_nan: bool,
    top: float = 1.0,
    weights: Any = None,
) -> Any:
    a = util.asarray(a, name)
    if name.endswith("median") and a.dtype == onp.bool_:
        a = a.astype(onp.int8)  # NumPy's median of booleans is their float64 mean
    if dtypes.kind(a.dtype) == "c":
        raise TypeError(f"{name}: a must be an array of real numbers, got dtype {a.dtype}")
    if (
        method not in _CONTINUOUS
        and method not in _PICKING
        and method not in ("midpoint", "averaged_inverted_cdf")
    ):
        raise ValueError(f"{name}: {method!r} is not a valid method")
    q_in = q
    q = util.asarray(q, name)
    if dtypes.kind(q.dtype) not in "biuf":
        raise TypeError(f"{name}: q must be real, got dtype {q.dtype}")
    _check_q(name, q, top)
    out_dtype = _result_dtype(name, a, q_in, q, method, top)
    shape = a.shape
    axes = tuple(range(a.ndim)) if axis is None else util.canonical_axes(name, axis, a.ndim)
    n = int(onp.prod([shape[i] for i in axes], dtype=onp.int64))
    if n == 0:
        raise ValueError(
            f"{name}: cannot take a quantile of an empty slice (a has shape {shape}, axis={axis})"
        )
    if weights is not None:
        w = _weights(name, a, weights, axis, axes, method)
        return _weighted_quantile(name, a, q, q_in, w, axes, keepdims, ignore_nan, top, out_dtype)
    return _quantile_staged(a, q, name=name, method=method, axes=axes, keepdims=keepdims,
                            ignore_nan=ignore_nan, top=top, out_dtype=out_dtype,
                            q_scalar=dtypes.is_python_scalar(q_in))  # fmt: skip


def _layout(a: Any, q: Any, axes: tuple, top: float, work: Any) -> tuple:
    """``a`` with the reduced axes last and flattened, and ``q / top`` flat in ``work``."""
    shape = a.shape
    rest = [i for i in range(a.ndim) if i not in axes]
    kept = tuple(shape[i] for i in rest)
    n = int(onp.prod([shape[i] for i in axes], dtype=onp.int64))
    qf = q.astype(work) / top if top != 1 else q.astype(work)
    x = lax_numpy.reshape(lax_numpy.transpose(a, rest + list(axes)), kept + (n,))
    return x, lax_numpy.reshape(qf, (-1,)), kept, n


def _weighted_quantile(name: str, a: Any, q: Any, q_in: Any, w: Any, axes: tuple,
                       keepdims: bool, ignore_nan: bool, top: float,
                       out_dtype: Any) -> Any:  # fmt: skip
    work = out_dtype if dtypes.kind(out_dtype) == "f" else onp.dtype(onp.float64)
    x, qflat, kept, n = _layout(a, q, axes, top, work)
    rest = [i for i in range(a.ndim) if i not in axes]
    w = lax_numpy.reshape(lax_numpy.transpose(w, rest + list(axes)), kept + (n,))
    xs, ws = lax_sorting.sort_key_val(x, w, dimension=x.ndim - 1)
    q_dt = (
        q.dtype
        if dtypes.kind(q.dtype) == "f" and not dtypes.is_python_scalar(q_in)
        else (onp.dtype(onp.float64))
    )
    r = _weighted_inverted_cdf(name, xs, ws, qflat.astype(q_dt), ignore_nan)
    return _finish(r, q, a.shape, axes, kept, keepdims, out_dtype)


def _quantile_core(a: Any, q: Any, *, name: str, method: str, axes: tuple, keepdims: bool,
                   ignore_nan: bool, top: float, out_dtype: Any,
                   q_scalar: bool) -> Any:  # fmt: skip
    """The unweighted quantiles, one program per signature (``q``'s values are operands).
    Products feeding a sum are ``util.rounded`` so that XLA cannot fuse them into one
    multiply-add: the index ``n q - 1.5`` of ``5 * 0.3`` must be NumPy's 0, not -5.6e-17."""
    del name
    shape = a.shape
    work = out_dtype if dtypes.kind(out_dtype) == "f" else onp.dtype(onp.float64)
    x, qflat, kept, n = _layout(a, q, axes, top, work)
    xs = lax_sorting.sort(x, dimension=x.ndim - 1)  # NaNs last

    if ignore_nan and dtypes.kind(a.dtype) == "f":
        count = reductions.sum(ufuncs.logical_not(ufuncs.isnan(xs)), axis=-1, keepdims=True)
        nf = count.astype(work)  # kept + (1,)
    else:
        nf = util.asarray(float(n)).astype(work)
    last = ufuncs.maximum(nf - 1, 0.0)
    if method in _CONTINUOUS:
        alpha, beta = _CONTINUOUS[method]
        vi = util.rounded(nf * qflat) + (alpha + util.rounded(qflat * (1 - alpha - beta))) - 1
    elif method in _HF_DISCRETE:
        # Hyndman & Fan 1-3: the index n*q - 1 (- 1/2 for closest_observation), in float64
        # as NumPy computes it, rounded up unless it is an integer (closest_observation:
        # unless it is an odd integer); averaged_inverted_cdf averages at integers.
        q_dt = q.dtype if dtypes.kind(q.dtype) == "f" and not q_scalar else onp.dtype(onp.float64)
        qd = lax_numpy.reshape(q.astype(q_dt), (-1,))
        qd = qd / top if top != 1 else qd
        raw = util.rounded(nf.astype(q_dt) * qd) - (1.5 if method == "closest_observation" else 1.0)
        j = ufuncs.floor(raw)
        exact = ufuncs.equal(raw, j)
        if method == "closest_observation":
            exact = ufuncs.logical_and(exact, ufuncs.equal(ufuncs.remainder(j, 2.0), 1.0))
        if method == "averaged_inverted_cdf":
            hi_d = ufuncs.minimum(ufuncs.maximum(j + 1, 0.0), last.astype(q_dt))
            lo_d = ufuncs.minimum(ufuncs.maximum(j, 0.0), hi_d)
            vi = lo_d.astype(work)
            half = lax_numpy.where(exact, 0.5, 1.0).astype(work)
        else:
            vi = lax_numpy.where(exact, j, j + 1).astype(work)
    else:
        vi = util.rounded((nf - 1) * qflat)
    vi = ufuncs.minimum(ufuncs.maximum(vi, 0.0), last)
    if method == "lower":
        vi = ufuncs.floor(vi)
    elif method == "higher":
        vi = ufuncs.ceil(vi)
    elif method == "nearest":
        vi = elementwise.round(vi)  # half to even, as NumPy
    lo = ufuncs.floor(vi)
    frac = vi - lo
    if method == "midpoint":
        frac = lax_numpy.where(frac > 0, 0.5, 0.0).astype(work)
    hi = ufuncs.minimum(lo + 1, last)
    if method == "averaged_inverted_cdf":
        hi, frac = hi_d.astype(work), half
    idx_shape = kept + (qflat.shape[0],)
    lo_i = lax_numpy.broadcast_to(lo.astype(onp.int64), idx_shape)
    hi_i = lax_numpy.broadcast_to(hi.astype(onp.int64), idx_shape)
    vlo = indexing.take_along_axis(xs, lo_i, axis=-1)
    if method in _PICKING:
        r = vlo
    else:
        vhi = indexing.take_along_axis(xs, hi_i, axis=-1)
        if dtypes.kind(a.dtype) != "f":  # integers: lerp in float (NumPy's int difference wraps)
            vlo, vhi = vlo.astype(work), vhi.astype(work)
        r = _lerp(vlo, vhi, lax_numpy.broadcast_to(frac, idx_shape), work)
    if dtypes.kind(a.dtype) == "f":
        if ignore_nan:
            bad = ufuncs.equal(nf, 0.0)  # an all-NaN slice gives NaN
        else:
            bad = ufuncs.isnan(xs[..., -1:])  # a NaN anywhere in the slice gives NaN
        r = lax_numpy.where(bad, onp.nan, r)

    return _finish(r, q, shape, axes, kept, keepdims, out_dtype)


_quantile_staged = staged(_quantile_core, name="quantile")


def _finish(
    r: Any, q: Any, shape: tuple, axes: tuple, kept: tuple, keepdims: bool, out_dtype: onp.dtype
) -> Any:
    r = lax_numpy.moveaxis(r, -1, 0)  # (Q,) + kept
    if keepdims:
        keep = tuple(1 if i in axes else d for i, d in enumerate(shape))
        r = lax_numpy.reshape(r, q.shape + keep)
    else:
        r = lax_numpy.reshape(r, q.shape + kept)
    return r.astype(out_dtype)


def _weights(name: str, a: Any, weights: Any, axis: Any, axes: tuple, method: str) -> Any:
    """``weights`` broadcast to ``a``'s shape, checked as NumPy checks them."""
    if method != "inverted_cdf":
        raise ValueError(f"{name}: only method 'inverted_cdf' supports weights. Got: {method}.")
    w = util.asarray(weights, name)
    if w.shape != a.shape:
        if axis is None:
            raise TypeError(
                f"{name}: axis must be specified when shapes of a and weights differ "
                f"(a {a.shape}, weights {w.shape})"
            )
        order = (axis,) if not isinstance(axis, tuple | list) else tuple(axis)
        order = tuple(int(v) % a.ndim for v in order)
        if w.shape != tuple(a.shape[i] for i in order):
            raise ValueError(
                f"{name}: shape of weights must be consistent with shape of a along "
                f"specified axis (weights {w.shape}, a {a.shape}, axis {axis})"
            )
        w = lax_numpy.transpose(w, tuple(int(i) for i in onp.argsort(order)))
        w = lax_numpy.reshape(w, tuple(d if i in order else 1 for i, d in enumerate(a.shape)))
        w = lax_numpy.broadcast_to(w, a.shape)
    value = (
        indexing._concrete_value(w)
        if not isinstance(w, core.Tracer) or (w.to_concrete_value() is not None)
        else None
    )
    if value is not None and onp.any(value < 0):
        raise ValueError(f"{name}: weights must be non-negative.")
    return w


def _weighted_inverted_cdf(name: str, xs: Any, ws: Any, qflat: Any, ignore_nan: bool) -> Any:
    # NumPy's weighted inverted CDF: the first sorted value whose cumulative weight fraction
    # reaches q; values of zero weight before any weight never count (their cdf is 0).
    n = xs.shape[-1]
    nan = ufuncs.isnan(xs) if dtypes.kind(xs.dtype) == "f" else None
    if ignore_nan and nan is not None:
        ws = lax_numpy.where(nan, 0, ws)
    cdf = reductions.cumsum(ws.astype(onp.float64), axis=-1)
    total = cdf[..., -1:]
    value = indexing._concrete_value(total) if not isinstance(total, core.Tracer) else None
    with onp.errstate(all="ignore"):
        unusable = value is not None and bool(onp.isnan(value / value).any())
    if unusable and not ignore_nan:
        raise ValueError(f"{name}: weights included NaN, inf or were all zero.")
    cdf = (cdf / total).astype(qflat.dtype)
    cdf = lax_numpy.where(ufuncs.equal(cdf, 0), -1, cdf).astype(qflat.dtype)
    below = ufuncs.less(cdf[..., None, :], qflat[:, None])  # kept + (Q, n)
    idx = ufuncs.minimum(reductions.sum(below, axis=-1), n - 1)
    r = indexing.take_along_axis(xs, idx, axis=-1)
    if nan is not None:
        bad = ufuncs.equal(total, 0.0) if ignore_nan else nan[..., -1:]
        r = lax_numpy.where(bad, onp.nan, r)
    return r


def _lerp(a: Any, b: Any, t: Any, dtype: onp.dtype) -> Any:
    # NumPy's lerp: a + (b-a)*t, but b - (b-a)*(1-t) when t >= 0.5 (exact at both ends); the
    # difference is taken in the data's dtype, the rest in the result's, as NumPy does.
    d = (b - a).astype(dtype)
    a, b = a.astype(dtype), b.astype(dtype)
    return lax_numpy.where(t >= 0.5, b - util.rounded(d * (1 - t)), a + util.rounded(d * t))


def _method(name: str, method: str, interpolation: Any) -> str:
    return interpolation or method


def quantile(
    a: ArrayLike,
    q: Any,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
    interpolation: Any = None,
) -> Any:
    """NumPy's ``quantile`` (q in [0, 1]): the continuous methods and lower, higher, nearest,
    midpoint. A NaN in a slice makes its quantiles NaN (see :func:`nanquantile`)."""
    m = _method("quantile", method, interpolation)
    return _quantile("quantile", a, q, axis, m, keepdims, False, weights=weights)


def percentile(
    a: ArrayLike,
    q: Any,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
    interpolation: Any = None,
) -> Any:
    """NumPy's ``percentile``: :func:`quantile` with q in [0, 100]."""
    m = _method("percentile", method, interpolation)
    return _quantile("percentile", a, q, axis, m, keepdims, False, top=100.0, weights=weights)


def median(
    a: ArrayLike,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    keepdims: bool = False,
) -> Any:
    """NumPy's ``median``: the middle value, or the mean of the two middle values."""
    return _quantile("median", a, 0.5, axis, "midpoint", keepdims, False)


def nanquantile(
    a: ArrayLike,
    q: Any,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
    interpolation: Any = None,
) -> Any:
    """NumPy's ``nanquantile``: :func:`quantile` ignoring NaNs; an all-NaN slice gives NaN."""
    m = _method("nanquantile", method, interpolation)
    return _quantile("nanquantile", a, q, axis, m, keepdims, True, weights=weights)


def nanpercentile(
    a: ArrayLike,
    q: Any,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
    interpolation: Any = None,
) -> Any:
    """NumPy's ``nanpercentile``: :func:`percentile` ignoring NaNs."""
    m = _method("nanpercentile", method, interpolation)
    return _quantile("nanpercentile", a, q, axis, m, keepdims, True, top=100.0, weights=weights)


def nanmedian(
    a: ArrayLike,
    axis: Any = None,
    out: Any = None,
    overwrite_input: bool = False,
    keepdims: bool = False,
) -> Any:
    """NumPy's ``nanmedian``: :func:`median` ignoring NaNs; an all-NaN slice gives NaN."""
    return _quantile("nanmedian", a, 0.5, axis, "midpoint", keepdims, True)
