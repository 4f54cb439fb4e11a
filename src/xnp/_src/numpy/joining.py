"""NumPy's joining functions over ``concatenate``: hstack, vstack, dstack, column_stack,
concat, append."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import lax_numpy, rearranging, util

ArrayLike = Any


def _seq(name: str, tup: Any) -> list:
    if not isinstance(tup, Sequence) or isinstance(tup, str):
        if hasattr(tup, "ndim") and tup.ndim > 0:
            return [tup[i] for i in range(tup.shape[0])]
        raise TypeError(f"{name}: arrays to stack must be passed as a sequence, got "
                        f"{type(tup).__name__}")  # fmt: skip
    if not tup:
        raise ValueError("need at least one array to concatenate")
    return list(tup)


def _cast(name: str, casting: str) -> None:
    if casting not in ("no", "equiv", "safe", "same_kind", "unsafe"):
        raise ValueError(f"{name}: casting must be one of 'no', 'equiv', 'safe', 'same_kind', "
                         f"or 'unsafe' (got {casting!r})")  # fmt: skip


def hstack(tup: Any, *, dtype: Any = None, casting: str = "same_kind") -> Any:
    """NumPy's ``hstack``: concatenate along axis 1, or axis 0 for 1-d inputs."""
    _cast("hstack", casting)
    arrs = [rearranging.atleast_1d(a) for a in _seq("hstack", tup)]
    axis = 0 if arrs[0].ndim == 1 else 1
    return lax_numpy.concatenate(arrs, axis=axis, dtype=dtype)


def vstack(tup: Any, *, dtype: Any = None, casting: str = "same_kind") -> Any:
    """NumPy's ``vstack``: inputs made at least 2-d, concatenated along axis 0."""
    _cast("vstack", casting)
    arrs = [rearranging.atleast_2d(a) for a in _seq("vstack", tup)]
    return lax_numpy.concatenate(arrs, axis=0, dtype=dtype)


def dstack(tup: Any) -> Any:
    """NumPy's ``dstack``: inputs made at least 3-d, concatenated along axis 2."""
    arrs = [rearranging.atleast_3d(a) for a in _seq("dstack", tup)]
    return lax_numpy.concatenate(arrs, axis=2)


def column_stack(tup: Any) -> Any:
    """NumPy's ``column_stack``: 1-d inputs become columns, then concatenated along axis 1."""
    arrs = []
    for a in _seq("column_stack", tup):
        a = util.asarray(a, "column_stack")
        if a.ndim < 2:
            a = lax_shapes.reshape(a, (a.size, 1))
        arrs.append(a)
    return lax_numpy.concatenate(arrs, axis=1)


def concat(arrays: Sequence[ArrayLike], /, axis: int | None = 0, *, dtype: Any = None,
           casting: str = "same_kind") -> Any:  # fmt: skip
    """The array-API ``concat`` (NumPy 2's alias of ``concatenate``)."""
    _cast("concat", casting)
    return lax_numpy.concatenate(arrays, axis=axis, dtype=dtype)


def append(arr: ArrayLike, values: ArrayLike, axis: int | None = None) -> Any:
    """NumPy's ``append``: both flattened for ``axis=None``, else concatenated along ``axis``."""
    arr = util.asarray(arr, "append")
    values = util.asarray(values, "append")
    if axis is None:
        return lax_numpy.concatenate([lax_numpy.ravel(arr), lax_numpy.ravel(values)], axis=0)
    return lax_numpy.concatenate([arr, values], axis=axis)


def row_stack(tup: Any, *, dtype: Any = None, casting: str = "same_kind") -> Any:
    """NumPy's deprecated ``row_stack``: ``vstack``, with NumPy's DeprecationWarning."""
    warnings.warn("`row_stack` alias is deprecated. Use `np.vstack` directly.",
                  DeprecationWarning, stacklevel=2)  # fmt: skip
    return vstack(tup, dtype=dtype, casting=casting)


def _block_depths(arrays: Any, where: str) -> tuple[int, int]:
    """(list depth, largest leaf ndim) of a nested list of blocks, with NumPy's errors."""
    if isinstance(arrays, tuple):
        raise TypeError(f"{where} is a tuple. Only lists can be used to arrange blocks, and "
                        "np.block does not allow implicit conversion from tuple to "
                        "ndarray.")  # fmt: skip
    if not isinstance(arrays, list):
        return 0, util.asarray(arrays, "block").ndim
    if not arrays:
        raise ValueError(f"List at {where} cannot be empty")
    depths = [_block_depths(a, f"{where}[{i}]") for i, a in enumerate(arrays)]
    first = depths[0][0]
    for i, (d, _) in enumerate(depths):
        if d != first:
            raise ValueError(f"List depths are mismatched. First element was at depth "
                             f"{first + 1}, but there is an element at depth {d + 1} "
                             f"({where}[{i}])")  # fmt: skip
    return first + 1, max(nd for _, nd in depths)


def _assemble(arrays: Any, depth: int, ndim: int) -> Any:
    if not isinstance(arrays, list):
        a = lax_numpy._strong(util.asarray(arrays, "block"))  # leaves as by numpy.asarray
        return lax_shapes.reshape(a, (1,) * (ndim - a.ndim) + a.shape) if a.ndim < ndim else a
    parts = [_assemble(a, depth - 1, ndim) for a in arrays]
    return lax_numpy.concatenate(parts, axis=-depth) if len(parts) > 1 else parts[0]


def block(arrays: Any) -> Any:
    """NumPy's ``block``: an array assembled from nested lists of blocks, the innermost lists
    joined along the last axis, the next along the second last, and so on."""
    depth, leaf_ndim = _block_depths(arrays, "arrays")
    ndim = max(depth, leaf_ndim)
    out = lax_numpy._strong(_assemble(arrays, depth, ndim))
    if isinstance(out, ndarray):  # a new object, never one of the blocks
        out = ndarray(out._buf, out.aval, out._device, out._npy)
    return out
