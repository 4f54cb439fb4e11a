"""NumPy's searching and selection functions: lexsort, partition, argpartition, argwhere,
flatnonzero, nanargmax, nanargmin, compress, extract, choose, select; and the ndarray methods
partition (in place, by rebinding), argpartition, choose, compress, nonzero, take, cumsum,
cumprod.

``partition`` and ``argpartition`` sort fully (one valid partition: NumPy leaves the order
inside each side unspecified). Results whose length depends on the data (argwhere,
flatnonzero, compress, extract) are exact eagerly and take ``size=``/``fill_value=`` under
a transformation, as ``nonzero`` does.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import sorting as lax_sorting
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import indexing, lax_numpy, reductions, sorting, ufuncs, util

ArrayLike = Any


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


# ----------------------------------------------------------------------------- sorting-based


def lexsort(keys: Any, axis: int = -1) -> Any:
    """NumPy's ``lexsort``: the stable permutation (int64) sorting by several keys, the last
    key primary. ``keys`` is a sequence of same-shape arrays or a 2-d array of rows."""
    if isinstance(keys, Sequence) and not isinstance(keys, str):
        ks = [util.asarray(k, "lexsort") for k in keys]
    else:
        k = util.asarray(keys, "lexsort")
        if k.ndim == 0:
            raise TypeError("need sequence of keys with len > 0 in lexsort")
        ks = [k[i] for i in range(k.shape[0])]
    if not ks:
        raise TypeError("need sequence of keys with len > 0 in lexsort")
    shapes = {k.shape for k in ks}
    if len(shapes) != 1:
        raise ValueError("all keys need to be the same shape")
    shape = ks[0].shape
    if len(shape) == 0:
        return lax_utils.full((), 0, _index_dtype())
    ax = util.canonical_axes("lexsort", axis, len(shape))[0]
    idx = lax_shapes.broadcasted_iota(_index_dtype(), shape, ax)
    if shape[ax] == 0:
        return idx
    out = lax_sorting.sort([*reversed(ks), idx], dimension=ax, is_stable=True, num_keys=len(ks))
    return out[-1]


def _check_kth(name: str, kth: Any, n: int) -> None:
    k = onp.atleast_1d(onp.asarray(indexing._concrete_value(kth) if not isinstance(
        kth, int | list | tuple) else kth))  # fmt: skip
    if k.dtype.kind not in "iu":
        raise TypeError(f"{name}: kth must be integers, got {k.dtype}")
    for v in k.tolist():
        if not -n <= v < n:
            raise ValueError(f"kth(={v}) out of bounds ({n})")


def _partition_args(name: str, a: ArrayLike, kth: Any, axis: int | None,
                    kind: str) -> tuple[Any, int]:  # fmt: skip
    """(array, axis) for partition/argpartition (flattened for ``axis=None``), after
    checking ``kth`` and ``kind``."""
    x = util.asarray(a, name)
    if axis is None:
        x, axis = lax_shapes.reshape(x, (x.size,)), 0
    ax = util.canonical_axes(name, axis, x.ndim)[0]
    _check_kth(name, kth, x.shape[ax])
    if kind != "introselect":
        raise ValueError(f"{name}: kind must be 'introselect' (got {kind!r})")
    return x, ax


def partition(a: ArrayLike, kth: Any, axis: int | None = -1, kind: str = "introselect",
              order: Any = None) -> Any:  # fmt: skip
    """NumPy's ``partition``: each ``kth`` element in its sorted place, smaller ones before and
    larger ones after. xnp returns the fully sorted array, which is such a partition."""
    x, ax = _partition_args("partition", a, kth, axis, kind)
    return sorting.sort(x, axis=ax, order=order)


def argpartition(a: ArrayLike, kth: Any, axis: int | None = -1, kind: str = "introselect",
                 order: Any = None) -> Any:  # fmt: skip
    """NumPy's ``argpartition``: indices that partition ``a`` (see ``partition``); xnp
    returns the stable sorting permutation."""
    x, ax = _partition_args("argpartition", a, kth, axis, kind)
    return sorting.argsort(x, axis=ax, order=order)


def _partition_method(self: Any, kth: Any, axis: int = -1, kind: str = "introselect",
                      order: Any = None) -> None:  # fmt: skip
    """``x.partition(kth)``: ``x`` rebound to a partition of itself (fully sorted); None."""
    indexing.check_mutable(self)
    indexing.rebind(self, partition(self, kth, axis, kind, order))


# ----------------------------------------------------------------------------- nonzero family


def argwhere(a: ArrayLike, *, size: int | None = None, fill_value: Any = None) -> Any:
    """NumPy's ``argwhere``: the indices of the non-zero elements, one row each (shape
    (N, a.ndim)). Under a transformation pass ``size=`` (rows padded with ``fill_value``)."""
    x = util.asarray(a, "argwhere")
    if x.ndim == 0:
        rows = argwhere(lax_shapes.reshape(x, (1,)), size=size, fill_value=fill_value)
        return rows[:, :0]
    idx = indexing.nonzero(x, size=size, fill_value=fill_value)
    return lax_numpy.stack(idx, axis=1)


def flatnonzero(a: ArrayLike, *, size: int | None = None, fill_value: Any = None) -> Any:
    """NumPy's ``flatnonzero``: the indices of the non-zero elements of ``ravel(a)``."""
    x = lax_numpy.ravel(util.asarray(a, "flatnonzero"))
    return indexing.nonzero(x, size=size, fill_value=fill_value)[0]


def _nanarg(name: str, a: ArrayLike, axis: Any, out: Any, keepdims: bool) -> Any:
    x = util.asarray(a, name)
    big = name == "nanargmax"
    fn = reductions.argmax if big else reductions.argmin
    if dtypes.kind(x.dtype) not in "fc":
        return fn(x, axis, out, keepdims=keepdims)
    nan = ufuncs.isnan(x)
    fill = -onp.inf if big else onp.inf
    r = fn(lax_numpy.where(nan, fill, x), axis, keepdims=keepdims)
    all_nan = reductions.all(nan, axis=axis, keepdims=keepdims)
    host = indexing._concrete_value(all_nan)
    if host is not None and onp.any(host):
        raise ValueError("All-NaN slice encountered")
    r = lax_numpy.where(all_nan, -1, r)  # traced all-NaN slices give -1 (jax.numpy's rule)
    if out is not None:
        return reductions._out(name, out, r)
    return r


def nanargmax(a: ArrayLike, axis: int | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:  # fmt: skip
    """NumPy's ``nanargmax``: ``argmax`` ignoring NaNs; an all-NaN slice raises ValueError
    (under a transformation its index is -1)."""
    return _nanarg("nanargmax", a, axis, out, keepdims)


def nanargmin(a: ArrayLike, axis: int | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:  # fmt: skip
    """NumPy's ``nanargmin``: ``argmin`` ignoring NaNs; an all-NaN slice raises ValueError
    (under a transformation its index is -1)."""
    return _nanarg("nanargmin", a, axis, out, keepdims)


def compress(condition: ArrayLike, a: ArrayLike, axis: int | None = None, out: Any = None, *,
             size: int | None = None, fill_value: Any = 0) -> Any:  # fmt: skip
    """NumPy's ``compress``: the slices of ``a`` along ``axis`` (the flattened ``a`` for None)
    where the 1-d ``condition`` is true. A traced condition needs ``size=`` (missing slices
    are ``fill_value``)."""
    cond = util.asarray(condition, "compress")
    x = util.asarray(a, "compress")
    if cond.ndim != 1:
        raise ValueError("condition must be a 1-d array")
    if axis is None:
        x, axis = lax_numpy.ravel(x), 0
    ax = util.canonical_axes("compress", axis, x.ndim)[0]
    n = x.shape[ax]
    host = indexing._concrete_value(cond)
    if host is not None:
        hits = onp.flatnonzero(host)
        if hits.size and hits[-1] >= n:
            raise IndexError(f"index {hits[-1]} is out of bounds for axis {ax} with size {n}")
        if size is not None:
            size = operator.index(size)
            pad = onp.full(max(size - hits.size, 0), n)
            hits = onp.concatenate([hits[:size], pad]).astype(onp.int64)
            r = indexing.take(x, hits, axis=ax, mode="fill", fill_value=fill_value)
        else:
            r = indexing.take(x, hits, axis=ax)
    else:
        if size is None:
            raise core.ConcretizationTypeError(
                f"compress: a traced condition {cond.aval.str_short()} sets the result's "
                f"length, at {core.user_frame()}: pass a static `size=` (and `fill_value=`)")
        cond = cond[:n] if cond.shape[0] > n else cond
        (hits,) = indexing.nonzero(cond, size=size, fill_value=n)
        r = indexing.take(x, hits, axis=ax, mode="fill", fill_value=fill_value)
    if out is not None:
        return reductions._out("compress", out, r)
    return r


def extract(condition: ArrayLike, arr: ArrayLike, *, size: int | None = None,
            fill_value: Any = 0) -> Any:  # fmt: skip
    """NumPy's ``extract``: the elements of ``ravel(arr)`` where ``ravel(condition)`` is
    non-zero (``size=``/``fill_value=`` under a transformation)."""
    cond = lax_numpy.ravel(util.asarray(condition, "extract"))
    if cond.dtype != onp.bool_:
        cond = ufuncs.not_equal(cond, 0)
    return compress(cond, arr, None, size=size, fill_value=fill_value)


# ----------------------------------------------------------------------------- choose, select


def choose(a: ArrayLike, choices: Any, out: Any = None, mode: str = "raise") -> Any:
    """NumPy's ``choose``: ``choices[a[i]][i]``, ``a`` and the choices broadcast together.
    ``mode='raise'`` checks concrete indices; traced ones are clipped."""
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    idx = util.asarray(a, "choose")
    if dtypes.kind(idx.dtype) not in "iub":
        raise TypeError(f"choose: a must be an integer array, got {idx.dtype}")
    if isinstance(choices, ndarray | core.Tracer):
        choices = [choices[i] for i in range(choices.shape[0])]
    chs = util.promote("choose", *choices)
    n = len(chs)
    if n == 0:
        raise ValueError("choose: choices must not be empty")
    shape = util.broadcast_shapes("choose", idx.shape, *(c.shape for c in chs))
    idx = lax_shapes.convert_element_type(util.broadcast_to(idx, shape), _index_dtype())
    host = indexing._concrete_value(idx)
    if mode == "raise" and host is not None:
        if host.size and (host.min() < 0 or host.max() >= n):
            raise ValueError("invalid entry in choice array")
    elif mode == "wrap":
        idx = ufuncs.remainder(idx, n)
    else:
        idx = ufuncs.minimum(ufuncs.maximum(idx, 0), n - 1)
    stacked = lax_numpy.stack([util.broadcast_to(c, shape) for c in chs])
    r = lax_shapes.reshape(indexing.take_along_axis(stacked, lax_shapes.expand_dims(idx, (0,)),
                                                    0, mode="clip"), shape)  # fmt: skip
    if out is not None:
        return reductions._out("choose", out, r)
    return r


def select(condlist: Sequence[ArrayLike], choicelist: Sequence[ArrayLike],
           default: ArrayLike = 0) -> Any:  # fmt: skip
    """NumPy's ``select``: from each position, the choice of the first true condition, else
    ``default``; the result dtype is NumPy's ``result_type`` of the choices and default."""
    if len(condlist) != len(choicelist):
        raise ValueError("list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("select with an empty condition list is not possible")
    conds = [util.asarray(c, "select") for c in condlist]
    for i, c in enumerate(conds):
        if c.dtype != onp.bool_:
            raise TypeError(f"invalid entry {i} in condlist: should be boolean ndarray")
    choices = [lax_numpy._strong(util.asarray(c, "select")) for c in choicelist]
    values = util.promote("select", *choices, default)
    shape = util.broadcast_shapes("select", *(c.shape for c in conds),
                                  *(v.shape for v in values))  # fmt: skip
    result = util.broadcast_to(values[-1], shape)
    for c, v in zip(reversed(conds), reversed(values[:-1]), strict=True):
        result = lax.select(util.broadcast_to(c, shape), util.broadcast_to(v, shape), result)
    return lax_numpy._strong(result)


# ----------------------------------------------------------------------------- methods


def _choose_method(self: Any, choices: Any, out: Any = None, mode: str = "raise") -> Any:
    return choose(self, choices, out, mode)


def _compress_method(self: Any, condition: ArrayLike, axis: int | None = None,
                     out: Any = None) -> Any:  # fmt: skip
    return compress(condition, self, axis, out)


def _take_method(self: Any, indices: ArrayLike, axis: int | None = None, out: Any = None,
                 mode: str | None = None) -> Any:  # fmt: skip
    return indexing.take(self, indices, axis, out, mode)


def _nonzero_method(self: Any) -> tuple:
    return indexing.nonzero(self)


def _cumsum_method(self: Any, axis: int | None = None, dtype: Any = None,
                   out: Any = None) -> Any:  # fmt: skip
    return reductions.cumsum(self, axis, dtype, out)


def _cumprod_method(self: Any, axis: int | None = None, dtype: Any = None,
                    out: Any = None) -> Any:  # fmt: skip
    return reductions.cumprod(self, axis, dtype, out)


def _install() -> None:
    methods = {
        "partition": _partition_method, "argpartition": argpartition,
        "choose": _choose_method, "compress": _compress_method, "take": _take_method,
        "nonzero": _nonzero_method, "cumsum": _cumsum_method, "cumprod": _cumprod_method,
    }  # fmt: skip
    for cls in (ndarray, core.Tracer):
        for name, fn in methods.items():
            setattr(cls, name, fn)


_install()
