"""NumPy's tiling and editing functions: tile, repeat, resize, delete, insert, trim_zeros;
and the ``x.repeat`` / ``x.resize`` methods.

Output shapes depend on ``reps``, ``repeats``, ``obj`` and (for ``trim_zeros``) the data, so
those must be static, except ``repeat``'s repeats under jit with ``total_repeat_length=``.
Positions are computed on the host with NumPy and applied with one ``gather``.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.lax import windowed as lax_windowed
from xnp._src.numpy import indexing, lax_numpy, setops, util

ArrayLike = Any


def _static(name: str, what: str, x: Any) -> onp.ndarray:
    value = indexing._concrete_value(x) if not isinstance(x, list | tuple) else onp.asarray(x)
    if value is None:
        raise core.ConcretizationTypeError(
            f"{name}: {what} must be static (it sets the output shape), got a traced "
            f"{x.aval.str_short()} at {core.user_frame()}"
        )
    return onp.asarray(value)


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


def tile(A: ArrayLike, reps: Any) -> Any:  # noqa: N803
    """NumPy's ``tile``: ``A`` repeated ``reps`` times along each axis (static ``reps``)."""
    a = util.asarray(A, "tile")
    reps_t = tuple(operator.index(r) for r in onp.atleast_1d(_static("tile", "reps", reps)))
    if any(r < 0 for r in reps_t):
        raise ValueError(f"tile: negative dimensions are not allowed, got reps={reps_t}")
    nd = max(len(reps_t), a.ndim)
    reps_t = (1,) * (nd - len(reps_t)) + reps_t
    shape = (1,) * (nd - a.ndim) + a.shape
    # (a0, a1, ...) -> (r0, a0, r1, a1, ...) by broadcasting, then merge each pair.
    inter = tuple(d for pair in zip(reps_t, shape, strict=True) for d in pair)
    out = lax_shapes.broadcast_in_dim(lax_shapes.reshape(a, shape), inter,
                                      tuple(range(1, 2 * nd, 2)))  # fmt: skip
    return lax_shapes.reshape(out, tuple(r * s for r, s in zip(reps_t, shape, strict=True)))


def repeat(a: ArrayLike, repeats: ArrayLike, axis: int | None = None, *,
           total_repeat_length: int | None = None) -> Any:  # fmt: skip
    """NumPy's ``repeat``: each element (slice along ``axis``) repeated ``repeats`` times.

    ``repeats`` must be static, or traced together with a static ``total_repeat_length``
    (jax.numpy's extension: the result is cut or padded with the last slice to that length).
    """
    x = util.asarray(a, "repeat")
    if axis is None:
        x, axis = lax_shapes.reshape(x, (x.size,)), 0
    ax = util.canonical_axes("repeat", axis, x.ndim)[0]
    n = x.shape[ax]
    reps = indexing._concrete_value(repeats) if not isinstance(repeats, list | tuple) else (
        onp.asarray(repeats))  # fmt: skip
    if reps is None:
        if total_repeat_length is None:
            raise core.ConcretizationTypeError(
                f"repeat: traced repeats {repeats.aval.str_short()} set the output shape, at "
                f"{core.user_frame()}: pass a static `total_repeat_length=`")  # fmt: skip
        return _repeat_traced(x, repeats, ax, operator.index(total_repeat_length))
    if reps.dtype.kind not in "iub" and reps.size:
        raise TypeError(f"repeat: repeats must be integers, got dtype {reps.dtype}")
    reps = reps.astype(onp.int64)
    if onp.any(reps < 0):
        raise ValueError("negative dimensions are not allowed")
    if reps.ndim > 1 or (reps.ndim == 1 and reps.size not in (1, n)):
        raise ValueError(f"operands could not be broadcast together with shape ({n},) "
                         f"{reps.shape}")  # fmt: skip
    if reps.size == 1:
        r = int(reps.reshape(()))
        expanded = lax_shapes.broadcast_in_dim(
            x, x.shape[: ax + 1] + (r,) + x.shape[ax + 1 :],
            tuple(range(ax + 1)) + tuple(range(ax + 2, x.ndim + 1)))  # fmt: skip
        out = lax_shapes.reshape(expanded, x.shape[:ax] + (n * r,) + x.shape[ax + 1 :])
    else:
        out = indexing.take(x, onp.repeat(onp.arange(n), reps), axis=ax)
    if total_repeat_length is not None:
        out = _fit_length(out, ax, operator.index(total_repeat_length))
    return out


def _fit_length(out: Any, ax: int, length: int) -> Any:
    n = out.shape[ax]
    if n >= length:
        return indexing.take(out, onp.arange(length), axis=ax)
    last = onp.minimum(onp.arange(length), max(n - 1, 0))
    return indexing.take(out, last, axis=ax, mode="clip")


def _repeat_traced(x: Any, repeats: Any, ax: int, total: int) -> Any:
    n = x.shape[ax]
    reps = util.broadcast_to(lax_shapes.convert_element_type(repeats, _index_dtype()), (n,))
    ends = lax_windowed.cumsum(reps, 0) if n else reps
    # Output position j reads the slice whose cumulative end is the first one above j.
    idx = setops.searchsorted(ends, lax_shapes.iota(_index_dtype(), total), side="right")
    return indexing.take(x, idx, axis=ax, mode="clip")


def resize(a: ArrayLike, new_shape: Any) -> Any:
    """NumPy's ``resize``: ``a`` flattened, repeated cyclically to fill ``new_shape``."""
    x = util.asarray(a, "resize")
    shape = tuple(operator.index(d) for d in onp.atleast_1d(_static("resize", "new_shape",
                                                                    new_shape)))  # fmt: skip
    if any(d < 0 for d in shape):
        raise ValueError("all elements of `new_shape` must be non-negative")
    total = int(onp.prod(shape, dtype=onp.int64))
    flat = lax_shapes.reshape(x, (x.size,))
    if x.size == 0:
        return lax_utils.full(shape, 0, x.dtype)
    copies = -(-total // x.size)
    out = tile(flat, copies)[:total] if copies else flat[:0]
    return lax_shapes.reshape(out, shape)


def _resize_method(self: Any, *new_shape: Any, refcheck: bool = True) -> None:
    """``x.resize(shape)``: ``x`` rebound to its flattened values cut or zero-padded to
    ``shape`` (DESIGN.md "arrays as values"); returns None like NumPy."""
    if len(new_shape) == 1 and not isinstance(new_shape[0], int | onp.integer):
        new_shape = tuple(new_shape[0]) if new_shape[0] is not None else ()
    shape = tuple(operator.index(d) for d in new_shape)
    if any(d < 0 for d in shape):
        raise ValueError("negative dimensions not allowed")
    indexing.check_mutable(self)
    total = int(onp.prod(shape, dtype=onp.int64))
    flat = lax_shapes.reshape(self, (self.size,))
    if total <= self.size:
        flat = flat[:total]
    else:
        flat = lax_numpy.concatenate([flat, lax_utils.full((total - self.size,), 0, self.dtype)])
    new = lax_shapes.reshape(flat, shape)
    if new.aval.weak_type != self.aval.weak_type:
        new = lax_shapes.convert_element_type(new, self.dtype, self.aval.weak_type)
    _rebind_any(self, new)


def _rebind_any(x: Any, new: Any) -> None:
    """Rebind ``x`` to ``new``, whose shape may differ (``resize`` changes the shape)."""
    if isinstance(x, ndarray):
        if not isinstance(new, ndarray):
            raise indexing._captured_error(x)
        x._buf, x._npy, x.aval = new._buf, new._npy, new.aval
        return
    indexing.rebind(x, new)


def delete(arr: ArrayLike, obj: Any, axis: int | None = None) -> Any:
    """NumPy's ``delete``: ``arr`` without the entries ``obj`` (an int, slice, int array or
    boolean mask, static) along ``axis`` (the flattened array for None)."""
    x = util.asarray(arr, "delete")
    if axis is None:
        x, axis = lax_shapes.reshape(x, (x.size,)), 0
    ax = util.canonical_axes("delete", axis, x.ndim)[0]
    n = x.shape[ax]
    where = obj if isinstance(obj, slice) else _static("delete", "obj", obj)
    if not isinstance(where, slice) and where.size == 0 and where.dtype.kind == "f":
        where = where.astype(onp.int64)
    keep = onp.delete(onp.arange(n), where)  # NumPy's rules and errors for obj
    return indexing.take(x, keep, axis=ax)


def insert(arr: ArrayLike, obj: Any, values: ArrayLike, axis: int | None = None) -> Any:
    """NumPy's ``insert``: ``values`` inserted before the static positions ``obj`` along
    ``axis`` (the flattened array for None), broadcast as NumPy broadcasts them."""
    x = util.asarray(arr, "insert")
    if axis is None:
        x, axis = lax_shapes.reshape(x, (x.size,)), 0
    ax = util.canonical_axes("insert", axis, x.ndim)[0]
    n = x.shape[ax]
    if isinstance(obj, slice):
        idx = onp.arange(*obj.indices(n))
    else:
        idx = _static("insert", "obj", obj)
        if idx.dtype == onp.bool_:
            raise IndexError("insert: boolean obj is not supported, use integer positions")
        if idx.dtype.kind not in "iu":
            if idx.size:
                raise IndexError("arrays used as indices must be of integer (or boolean) type")
            idx = idx.astype(onp.int64)
    v = lax_shapes.convert_element_type(util.asarray(values, "insert"), x.dtype)
    if idx.size == 1:
        index = int(idx.reshape(()))
        if not -n <= index <= n:
            raise IndexError(f"index {index} is out of bounds for axis {ax} with size {n}")
        if index < 0:
            index += n
        if v.ndim < x.ndim:
            v = lax_shapes.reshape(v, (1,) * (x.ndim - v.ndim) + v.shape)
        if idx.ndim == 0:
            v = lax_numpy.moveaxis(v, 0, ax)
        shape = list(x.shape)
        shape[ax] = v.shape[ax] if v.ndim == x.ndim else 1
        v = util.broadcast_to(v, tuple(shape), "insert")
        parts = [x[(slice(None),) * ax + (slice(None, index),)], v,
                 x[(slice(None),) * ax + (slice(index, None),)]]  # fmt: skip
        return lax_numpy.concatenate(parts, axis=ax)
    idx = idx.reshape(-1).astype(onp.int64)
    if idx.size and (idx.min() < -n or idx.max() > n):
        bad = idx[(idx < -n) | (idx > n)][0]
        raise IndexError(f"index {bad} is out of bounds for axis {ax} with size {n}")
    idx = onp.where(idx < 0, idx + n, idx)
    m = idx.size
    order = onp.argsort(idx, kind="stable")
    new_pos = idx.copy()
    new_pos[order] += onp.arange(m)
    source = onp.empty(n + m, onp.int64)
    is_new = onp.zeros(n + m, bool)
    is_new[new_pos] = True
    source[~is_new] = onp.arange(n)
    source[new_pos] = n + onp.arange(m)
    shape = list(x.shape)
    shape[ax] = m
    v = util.broadcast_to(v, tuple(shape), "insert")
    return indexing.take(lax_numpy.concatenate([x, v], axis=ax), source, axis=ax)


def trim_zeros(filt: ArrayLike, trim: str = "fb", axis: Any = None) -> Any:
    """NumPy's ``trim_zeros``: leading ('f') and/or trailing ('b') zeros removed along
    ``axis`` (every axis for None). Data-dependent: the values must be concrete."""
    x = util.asarray(filt, "trim_zeros")
    bad = set(trim.lower()) - {"f", "b"}
    if bad:
        raise ValueError(f"unexpected character(s) in `trim`: {''.join(sorted(bad))!r}")
    host = _static("trim_zeros", "the input (its zeros set the output shape)", x)
    axes = util.canonical_axes("trim_zeros", axis, x.ndim) if x.ndim else ()
    nz = host != 0
    index = [slice(None)] * x.ndim
    for ax in axes:
        others = tuple(d for d in range(x.ndim) if d != ax)
        line = onp.any(nz, axis=others) if others else nz
        hits = onp.flatnonzero(line)
        if hits.size == 0:
            start = stop = 0
        else:
            start = int(hits[0]) if "f" in trim.lower() else 0
            stop = int(hits[-1]) + 1 if "b" in trim.lower() else x.shape[ax]
        index[ax] = slice(start, stop)
    return x[tuple(index)]


def _repeat_method(self: Any, repeats: ArrayLike, axis: int | None = None, *,
                   total_repeat_length: int | None = None) -> Any:  # fmt: skip
    return repeat(self, repeats, axis, total_repeat_length=total_repeat_length)


def _install() -> None:
    for cls in (ndarray, core.Tracer):
        cls.repeat = _repeat_method
        cls.resize = _resize_method


_install()
