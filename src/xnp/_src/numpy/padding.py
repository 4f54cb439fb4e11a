"""NumPy's ``pad``, every mode: constant, edge, linear_ramp, maximum, minimum, mean, median,
reflect and symmetric (even and odd), wrap, empty, and a Python function.

Axes are padded one after another, as NumPy does, so corners are filled from the already
padded earlier axes. Pad widths are static; the values (``constant_values``, ``end_values``)
may be traced arrays. Every mode is built from slices, ``rev``, ``concatenate`` and
reductions, so ``pad`` differentiates and batches like them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.api import vmap
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.numpy import (
    elementwise,
    indexing,
    lax_numpy,
    reductions,
    sorting,
    statistics,
    ufuncs,
    util,
)

ArrayLike = Any

_KWARGS = {
    "constant": {"constant_values"}, "edge": set(), "wrap": set(), "empty": set(),
    "linear_ramp": {"end_values"}, "maximum": {"stat_length"}, "minimum": {"stat_length"},
    "mean": {"stat_length"}, "median": {"stat_length"}, "reflect": {"reflect_type"},
    "symmetric": {"reflect_type"},
}  # fmt: skip


def _pairs(name: str, value: Any, ndim: int, what: str) -> list[tuple[Any, Any]]:
    """``value`` broadcast to one (before, after) pair per axis, as NumPy's ``pad`` does."""
    if isinstance(value, core.Tracer) or (hasattr(value, "aval") and what != "pad_width"):
        v = util.asarray(value, name)
        if v.ndim == 0:
            return [(v, v)] * ndim
        v = util.broadcast_to(v, (ndim, 2), name)
        return [(v[i, 0], v[i, 1]) for i in range(ndim)]
    host = onp.asarray(value.__array__() if hasattr(value, "aval") else value)
    try:
        host = onp.broadcast_to(host, (ndim, 2))
    except ValueError:
        raise ValueError(f"{name}: {what} of shape {host.shape} cannot be broadcast to "
                         f"({ndim}, 2)") from None  # fmt: skip
    return [(host[i, 0], host[i, 1]) for i in range(ndim)]


def _widths(pad_width: Any, ndim: int) -> list[tuple[int, int]]:
    if isinstance(pad_width, core.Tracer):
        raise core.ConcretizationTypeError(
            f"pad: pad_width must be static (it sets the output shape), got a traced "
            f"{pad_width.aval.str_short()} at {core.user_frame()}")
    host = onp.asarray(pad_width)
    if host.dtype.kind not in "iu" and host.size:
        if host.dtype.kind == "f" and onp.all(host == onp.round(host)):
            pass
        else:
            raise TypeError("`pad_width` must be of integral type.")
    pairs = [(operator.index(int(b)), operator.index(int(a)))
             for b, a in _pairs("pad", host.astype(onp.int64), ndim, "pad_width")]  # fmt: skip
    if any(b < 0 or a < 0 for b, a in pairs):
        raise ValueError("index can't contain negative values")
    return pairs


def _slice(x: Any, lo: int, hi: int, axis: int) -> Any:
    return lax_slicing.slice_in_dim(x, lo, hi, axis=axis)


def _rev(x: Any, axis: int) -> Any:
    return lax_shapes.rev(x, (axis,))


def _repeat_edge(edge: Any, count: int, axis: int) -> Any:
    shape = list(edge.shape)
    shape[axis] = count
    return util.broadcast_to(edge, tuple(shape))


def _join(before: Any, x: Any, after: Any, axis: int) -> Any:
    parts = [p for p in (before, x, after) if p is not None and p.shape[axis]]
    if not parts:
        return x
    return lax_shapes.concatenate(parts, axis) if len(parts) > 1 else parts[0]


def _as_dtype(v: Any, x: Any) -> Any:
    v = util.asarray(v, "pad")
    return lax_shapes.convert_element_type(v, x.dtype)


def _pad_constant(x: Any, axis: int, b: int, a: int, values: Any) -> Any:
    vb, va = (_as_dtype(v, x) for v in values)
    shape = list(x.shape)
    shape[axis] = b
    before = util.broadcast_to(vb, tuple(shape))
    shape[axis] = a
    after = util.broadcast_to(va, tuple(shape))
    return _join(before, x, after, axis)


def _pad_edge(x: Any, axis: int, b: int, a: int) -> Any:
    n = x.shape[axis]
    before = _repeat_edge(_slice(x, 0, 1, axis), b, axis)
    after = _repeat_edge(_slice(x, n - 1, n, axis), a, axis)
    return _join(before, x, after, axis)


def _pad_wrap(x: Any, axis: int, b: int, a: int) -> Any:
    n = x.shape[axis]
    idx = onp.mod(onp.arange(-b, n + a), n)
    return indexing.take(x, idx, axis=axis)


def _pad_reflect(x: Any, axis: int, b: int, a: int, symmetric: bool, odd: bool) -> Any:
    n = x.shape[axis]
    if n == 1 and not symmetric:  # NumPy's legacy rule: a singleton axis is edge-padded
        return _pad_edge(x, axis, b, a)
    period = n if symmetric else n - 1
    skip = 0 if symmetric else 1
    cur = x
    left = b
    while left > 0:  # each chunk reflects the current (already extended) edge region
        k = min(left, period)
        chunk = _rev(_slice(cur, skip, skip + k, axis), axis)
        if odd:
            chunk = ufuncs.subtract(ufuncs.multiply(2, _slice(cur, 0, 1, axis)), chunk)
        cur = _join(chunk, cur, None, axis)
        left -= k
    right = a
    while right > 0:
        m = cur.shape[axis]
        k = min(right, period)
        chunk = _rev(_slice(cur, m - skip - k, m - skip, axis), axis)
        if odd:
            chunk = ufuncs.subtract(ufuncs.multiply(2, _slice(cur, m - 1, m, axis)), chunk)
        cur = _join(None, cur, chunk, axis)
        right -= k
    return lax_shapes.convert_element_type(cur, x.dtype, x.aval.weak_type)


def _pad_linear_ramp(x: Any, axis: int, b: int, a: int, end_values: Any) -> Any:
    n = x.shape[axis]
    work = x.dtype if dtypes.kind(x.dtype) in "fc" else dtypes.canonicalize_dtype(onp.float64)
    ramps = []
    for count, edge_at, end, rev in ((b, 0, end_values[0], False), (a, n - 1, end_values[1], True)):
        if count == 0:
            ramps.append(None)
            continue
        edge = _slice(x, edge_at, edge_at + 1, axis)
        end = util.asarray(end, "pad")  # not cast to x's dtype first: NumPy's ramp isn't
        # NumPy's linspace: end + i * ((edge - end) / count), in result_type(x, float)
        delta = ufuncs.subtract(lax_shapes.convert_element_type(edge, work),
                                lax_shapes.convert_element_type(end, work))  # fmt: skip
        step = ufuncs.divide(delta, count)
        shape = [1] * x.ndim
        shape[axis] = count
        i = lax_shapes.convert_element_type(lax_shapes.iota(onp.int64, count), work)
        i = lax_shapes.reshape(i, tuple(shape))
        ramp = ufuncs.add(ufuncs.multiply(i, step), lax_shapes.convert_element_type(end, work))
        if dtypes.kind(x.dtype) in "iu":  # NumPy's integer linspace rounds down, then wraps
            ramp = lax_shapes.convert_element_type(ufuncs.floor(ramp), onp.int64)
        ramp = lax_shapes.convert_element_type(ramp, x.dtype)
        ramps.append(_rev(ramp, axis) if rev else ramp)
    return _join(ramps[0], x, ramps[1], axis)


def _pad_stat(x: Any, axis: int, b: int, a: int, mode: str, lengths: Any) -> Any:
    n = x.shape[axis]
    outs = []
    for count, side, length in ((b, "before", lengths[0]), (a, "after", lengths[1])):
        if count == 0:
            outs.append(None)
            continue
        k = n if length is None else min(operator.index(int(length)), n)
        if k < 0:
            raise ValueError("index can't contain negative values")
        if k == 0 and mode in ("maximum", "minimum"):
            raise ValueError("stat_length of 0 yields no value for padding")
        region = _slice(x, 0, k, axis) if side == "before" else _slice(x, n - k, n, axis)
        if mode == "maximum":
            stat = reductions.max(region, axis=axis, keepdims=True)
        elif mode == "minimum":
            stat = reductions.min(region, axis=axis, keepdims=True)
        elif mode == "mean":
            stat = reductions.mean(region, axis=axis, keepdims=True)
        elif dtypes.kind(x.dtype) == "c":
            stat = _complex_median(region, axis)
        else:
            stat = statistics.median(region, axis=axis, keepdims=True)
        if dtypes.kind(x.dtype) in "iu":
            stat = elementwise.round(stat)
        stat = lax_shapes.convert_element_type(stat, x.dtype)
        outs.append(_repeat_edge(stat, count, axis))
    return _join(outs[0], x, outs[1], axis)


def _complex_median(region: Any, axis: int) -> Any:
    # NumPy's median of complex numbers: the middle of their (lexicographic) sort order.
    k = region.shape[axis]
    s = sorting.sort(region, axis=axis)
    lo, hi = _slice(s, (k - 1) // 2, (k - 1) // 2 + 1, axis), _slice(s, k // 2, k // 2 + 1, axis)
    return ufuncs.divide(ufuncs.add(lo, hi), 2)


def _pad_function(x: Any, widths: list, fn: Callable, kwargs: dict) -> Any:
    out = _pad_simple(x, widths)
    for axis in range(out.ndim):
        pair = widths[axis]

        def one(vec: Any, pair: tuple = pair, axis: int = axis) -> Any:
            v = ufuncs.add(vec, lax_shapes.convert_element_type(0, vec.dtype))  # a new array
            r = fn(v, pair, axis, kwargs)  # NumPy's functions write into v; they may return it
            return v if r is None else util.asarray(r, "pad")

        moved = lax_numpy.moveaxis(out, axis, -1)
        rows = int(onp.prod(moved.shape[:-1], dtype=onp.int64))
        flat = lax_shapes.reshape(moved, (rows, moved.shape[-1]))
        if flat.shape[0]:
            flat = vmap(one)(flat)
        out = lax_numpy.moveaxis(lax_shapes.reshape(flat, moved.shape), -1, axis)
    return out


def _pad_simple(x: Any, widths: list) -> Any:
    zero = lax_shapes.convert_element_type(util.asarray(0, "pad"), x.dtype)
    return lax_shapes.pad(x, zero, [(b, a, 0) for b, a in widths])


def pad(array: ArrayLike, pad_width: Any, mode: Any = "constant", **kwargs: Any) -> Any:
    """NumPy's ``pad``: ``array`` padded by ``pad_width`` (static ``(before, after)`` per axis,
    broadcast as NumPy broadcasts it) in ``mode``, with NumPy's keywords (``constant_values``,
    ``end_values``, ``stat_length``, ``reflect_type``). ``mode`` may be a function
    ``f(vector, iaxis_pad_width, iaxis, kwargs)``, which writes into ``vector`` (xnp arrays
    support ``vector[:k] = v``) or returns the padded vector; it runs under ``vmap``."""
    x = util.asarray(array, "pad")
    x = lax_numpy._strong(x)
    widths = _widths(pad_width, x.ndim)
    if callable(mode):
        return _pad_function(x, widths, mode, kwargs)
    if mode not in _KWARGS:
        raise ValueError(f"mode {mode!r} is not supported")
    extra = set(kwargs) - _KWARGS[mode]
    if extra:
        raise ValueError(f"unsupported keyword arguments for mode {mode!r}: {extra}")
    if mode in ("constant", "empty"):
        values = kwargs.get("constant_values", 0)
        per_axis = _pairs("pad", values, x.ndim, "constant_values")
        for axis, ((b, a), vals) in enumerate(zip(widths, per_axis, strict=True)):
            if b or a:
                x = _pad_constant(x, axis, b, a, vals)
        return x
    for axis, (b, a) in enumerate(widths):
        if (b or a) and x.shape[axis] == 0:
            raise ValueError(f"can't extend empty axis {axis} using modes other than "
                             "'constant' or 'empty'")  # fmt: skip
    if mode == "linear_ramp":
        ends = _pairs("pad", kwargs.get("end_values", 0), x.ndim, "end_values")
    elif mode in ("maximum", "minimum", "mean", "median"):
        stat = kwargs.get("stat_length")
        lengths = [(None, None)] * x.ndim if stat is None else _pairs(
            "pad", onp.asarray(stat), x.ndim, "stat_length")  # fmt: skip
    elif mode in ("reflect", "symmetric"):
        kind = kwargs.get("reflect_type", "even")  # anything but 'odd' is 'even' (NumPy's)
    for axis, (b, a) in enumerate(widths):
        if not (b or a):
            continue
        if mode == "edge":
            x = _pad_edge(x, axis, b, a)
        elif mode == "wrap":
            x = _pad_wrap(x, axis, b, a)
        elif mode == "linear_ramp":
            x = _pad_linear_ramp(x, axis, b, a, ends[axis])
        elif mode in ("maximum", "minimum", "mean", "median"):
            x = _pad_stat(x, axis, b, a, mode, lengths[axis])
        else:
            x = _pad_reflect(x, axis, b, a, mode == "symmetric", kind == "odd")
    return x
