"""SciPy's binned statistics (``scipy.stats``): binned_statistic, binned_statistic_2d,
binned_statistic_dd.

Samples are binned as SciPy does (``searchsorted`` on each dimension's edges, a point on
the last edge, to SciPy's rounding, counted in the last bin, outliers in the outer bins
that the result drops); ``'mean'``, ``'std'``, ``'count'``, ``'sum'``, ``'min'`` and
``'max'`` are scatter-adds (work under ``jit`` when ``bins`` and ``range`` are given);
``'median'`` and a callable ``statistic`` run eagerly, bin by bin.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.stats import _common
from xnp._src.typing import ArrayLike

BinnedStatisticResult = _common.result_class(
    "BinnedStatisticResult", ("statistic", "bin_edges", "binnumber")
)
BinnedStatistic2dResult = _common.result_class(
    "BinnedStatistic2dResult", ("statistic", "x_edge", "y_edge", "binnumber")
)
BinnedStatisticddResult = _common.result_class(
    "BinnedStatisticddResult", ("statistic", "bin_edges", "binnumber")
)
_BUILTIN = ("mean", "median", "count", "sum", "std", "min", "max")


def _edges(name: str, sample: Any, bins: Any, range_: Any) -> list[Any]:
    n, dims = sample.shape
    if isinstance(bins, int | onp.integer):
        bins = [int(bins)] * dims
    elif len(bins) != dims:
        raise AttributeError(
            f"{name}: The dimension of bins must be equal to the dimension of the sample x."
        )
    edges = []
    for i, b in enumerate(bins):
        if onp.ndim(b) == 0:
            nb = int(b)
            if nb < 1:
                raise ValueError(f"{name}: bins[{i}] = {nb} must be positive")
            if range_ is not None:
                lo, hi = (float(v) for v in range_[i])
                if lo > hi:
                    raise ValueError(f"{name}: In range, start must be <= stop")
                lo, hi = jnp.asarray(lo, sample.dtype), jnp.asarray(hi, sample.dtype)
            elif n:
                lo, hi = jnp.min(sample[:, i]), jnp.max(sample[:, i])
            else:
                lo, hi = jnp.asarray(0.0, sample.dtype), jnp.asarray(1.0, sample.dtype)
            same = lo == hi
            lo, hi = jnp.where(same, lo - 0.5, lo), jnp.where(same, hi + 0.5, hi)
            edges.append(jnp.linspace(lo, hi, nb + 1))
        else:
            e = jnp.asarray(b, sample.dtype)
            value = _common.concrete(e)
            if value is not None and onp.any(onp.diff(value) < 0):
                raise ValueError(f"{name}: bins[{i}] must increase monotonically")
            edges.append(e)
    return edges


def _bin_numbers(sample: Any, edges: list[Any]) -> tuple[Any, tuple[int, ...]]:
    """Per dimension, 0 below the first edge, ``len(edges)`` above the last; a point on the
    last edge counts in the last bin (SciPy's rounding to 6 digits past the finest bin)."""
    idx = []
    for i, e in enumerate(edges):
        x = sample[:, i]
        b = jnp.searchsorted(e, x, side="right")
        ev = _common.concrete(e)
        if ev is not None and ev.size > 1:
            dmin = float(onp.min(onp.diff(ev)))
            if dmin == 0:
                raise ValueError("The smallest edge difference is numerically 0.")
            decimal = int(-math.log10(dmin)) + 6
            on_edge = (x >= e[-1]) & (jnp.round(x, decimal) == jnp.round(e[-1], decimal))
        else:
            on_edge = x == e[-1]
        idx.append(jnp.where(on_edge, b - 1, b))
    shape = tuple(int(e.shape[0]) + 1 for e in edges)
    return idx, shape


def _core(flat: Any, shape: tuple[int, ...]) -> Any:
    """Drop the outlier bins of a ``(V, prod(shape))`` result."""
    full = jnp.reshape(flat, (flat.shape[0], *shape))
    return full[(slice(None), *([slice(1, -1)] * len(shape)))]


def binned_statistic_dd(
    sample: ArrayLike,
    values: ArrayLike,
    statistic: Any = "mean",
    bins: Any = 10,
    range: Any = None,  # noqa: A002 (SciPy's name)
    expand_binnumbers: bool = False,
    binned_statistic_result: Any = None,
) -> Any:
    """``scipy.stats.binned_statistic_dd``: a statistic of ``values`` in each bin of the
    D-dimensional histogram of ``sample`` (``(N, D)`` or D arrays of length N).
    ``binned_statistic_result`` (reusing another result's bins) is not supported."""
    name = "binned_statistic_dd"
    if binned_statistic_result is not None:
        raise NotImplementedError(f"{name}: binned_statistic_result= is not supported")
    if not callable(statistic) and statistic not in _BUILTIN:
        raise ValueError(f"{name}: invalid statistic {statistic!r}")
    s = jnp.asarray(sample)
    if s.ndim == 1:
        s = s[:, None]
    elif isinstance(sample, list | tuple):
        s = jnp.stack([jnp.asarray(v) for v in sample], axis=1)
    s = _common.as_float(s)[0]
    n = s.shape[0]
    v = jnp.asarray(values)
    single = v.ndim == 1
    v = jnp.atleast_2d(v)
    if v.shape[-1] != n:
        raise AttributeError(
            f"{name}: The number of `values` elements must match the length of each "
            "`sample` dimension."
        )
    edges = _edges(name, s, bins, range)
    idx, shape = _bin_numbers(s, edges)
    flat = jnp.ravel_multi_index(tuple(idx), shape, mode="clip") if n else jnp.zeros(0, int)
    size = int(onp.prod(shape))
    vf = _common.as_float(v)[0] if statistic not in ("count",) else v
    res = _reduce(name, statistic, vf, flat, size)
    out = _core(res, shape)
    if single:
        out = out[0]
    if expand_binnumbers and len(shape) > 1:
        binnumber = jnp.stack(idx)
    else:
        binnumber = flat
    return BinnedStatisticddResult(out, edges, binnumber)


def _scatter(size: int, flat: Any, vals: Any, how: str, init: float) -> Any:
    base = jnp.full((vals.shape[0], size), init, vals.dtype)
    rows = jnp.broadcast_to(jnp.arange(vals.shape[0])[:, None], vals.shape)
    at = base.at[rows, jnp.broadcast_to(flat, vals.shape)]
    return getattr(at, how)(vals)


def _reduce(name: str, statistic: Any, v: Any, flat: Any, size: int) -> Any:
    nv = v.shape[0]
    ones = jnp.ones(v.shape, onp.float64)
    count = _scatter(size, flat, ones, "add", 0.0)
    if statistic == "count":
        return jnp.broadcast_to(count, (nv, size))
    nan = jnp.asarray(onp.nan, v.dtype)
    if statistic == "sum":
        return _scatter(size, flat, v, "add", 0.0)
    if statistic in ("mean", "std"):
        with onp.errstate(all="ignore"):
            mean = _scatter(size, flat, v, "add", 0.0) / count.astype(v.dtype)
            if statistic == "mean":
                return jnp.where(count > 0, mean, nan)
            d = v - jnp.take_along_axis(mean, jnp.broadcast_to(flat, v.shape), axis=1)
            var = _scatter(size, flat, d * d, "add", 0.0) / count.astype(v.dtype)
            return jnp.where(count > 0, jnp.sqrt(var), nan)
    if statistic in ("min", "max"):
        init = onp.inf if statistic == "min" else -onp.inf
        r = _scatter(size, flat, v, statistic, init)
        return jnp.where(count > 0, r, nan)
    # median or a callable: eagerly, one bin at a time
    fn: Callable[[Any], Any] = jnp.median if statistic == "median" else statistic
    vv, ff = _common.concrete(v), _common.concrete(flat)
    if vv is None or ff is None:
        raise NotImplementedError(
            f"{name}: statistic={statistic!r} is eager only; under a transformation use one of "
            "'mean', 'std', 'count', 'sum', 'min', 'max'"
        )
    empty = onp.nan
    if callable(statistic):
        with onp.errstate(all="ignore"):
            try:
                empty = float(onp.asarray(statistic(jnp.asarray(onp.array([], vv.dtype)))))
            except (ValueError, IndexError):
                empty = onp.nan
    out = onp.full((nv, size), empty, dtype=onp.result_type(vv.dtype, onp.float64))
    for b in onp.unique(ff):
        sel = ff == b
        for r in range(nv):
            out[r, b] = float(onp.asarray(fn(jnp.asarray(vv[r, sel]))))
    return jnp.asarray(out)


def binned_statistic(
    x: ArrayLike,
    values: ArrayLike,
    statistic: Any = "mean",
    bins: Any = 10,
    range: Any = None,  # noqa: A002 (SciPy's name)
) -> Any:
    """``scipy.stats.binned_statistic``: a statistic of ``values`` in each bin of ``x``
    (``BinnedStatisticResult(statistic, bin_edges, binnumber)``)."""
    if range is not None and onp.ndim(range[0]) == 0:
        range = [range]  # noqa: A001
    b = bins if isinstance(bins, int | onp.integer) else [bins]
    r = binned_statistic_dd([x], values, statistic, b, range)
    return BinnedStatisticResult(r.statistic, r.bin_edges[0], r.binnumber)


def binned_statistic_2d(
    x: ArrayLike,
    y: ArrayLike,
    values: ArrayLike,
    statistic: Any = "mean",
    bins: Any = 10,
    range: Any = None,  # noqa: A002 (SciPy's name)
    expand_binnumbers: bool = False,
) -> Any:
    """``scipy.stats.binned_statistic_2d``: a statistic of ``values`` in each bin of the 2-d
    histogram of ``(x, y)``."""
    nb = bins if isinstance(bins, int | onp.integer) else len(bins)
    if not isinstance(bins, int | onp.integer) and nb != 2:
        bins = [bins, bins]
    r = binned_statistic_dd([x, y], values, statistic, bins, range, expand_binnumbers)
    return BinnedStatistic2dResult(r.statistic, r.bin_edges[0], r.bin_edges[1], r.binnumber)
