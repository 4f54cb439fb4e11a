"""NumPy's conversion and construction helpers: asanyarray, asarray_chkfinite,
ascontiguousarray, asfortranarray, require, astype, copy, fromiter, frombuffer, fromfunction,
broadcast, isfortran, from_dlpack; and the functional helpers apply_along_axis,
apply_over_axes.

xnp arrays have no memory layout to choose (XLA owns it) and no subclasses, so the layout
and subclass variants return plain xnp arrays; host data is converted by NumPy first.
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.api import vmap
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, index_tricks, indexing, lax_numpy, reductions, ufuncs, util

ArrayLike = Any

asanyarray = creation.asarray
copy = creation.copy


def asarray_chkfinite(a: ArrayLike, dtype: Any = None, order: Any = None) -> Any:
    """NumPy's ``asarray_chkfinite``: ``asarray``, raising ValueError if ``a`` holds an inf or
    NaN. The check needs concrete values: under a transformation it raises."""
    x = creation.asarray(a, dtype)
    if dtypes.kind(x.dtype) not in "fc":
        return x
    ok = indexing._concrete_value(reductions.all(ufuncs.isfinite(x)))
    if ok is None:
        raise core.ConcretizationTypeError(
            f"asarray_chkfinite: cannot check a traced array {x.aval.str_short()} for infs "
            f"and NaNs, at {core.user_frame()}; check with xnp.isfinite outside the "
            "transformation, or use xnp.asarray")
    if not bool(ok):
        raise ValueError("array must not contain infs or NaNs")
    return x


def ascontiguousarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``ascontiguousarray``: ``asarray`` with at least one dimension (layout is
    XLA's)."""
    x = creation.asarray(a, dtype)
    return lax_shapes.reshape(x, (1,)) if x.ndim == 0 else x


def asfortranarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``asfortranarray``: ``asarray`` with at least one dimension (xnp arrays have no
    Fortran layout; values and shape are NumPy's)."""
    return ascontiguousarray(a, dtype)


_REQUIREMENTS = {
    "C": "C", "C_CONTIGUOUS": "C", "CONTIGUOUS": "C", "F": "F", "F_CONTIGUOUS": "F",
    "FORTRAN": "F", "A": "A", "ALIGNED": "A", "W": "W", "WRITEABLE": "W", "O": "O",
    "OWNDATA": "O", "E": "E", "ENSUREARRAY": "E",
}  # fmt: skip


def require(a: ArrayLike, dtype: Any = None, requirements: Any = None, *,
            like: Any = None) -> Any:  # fmt: skip
    """NumPy's ``require``: ``a`` as an xnp array of ``dtype``. Every requirement flag holds
    for xnp arrays (layout is XLA's; 'W' as rebinding); unknown flags raise KeyError."""
    reqs = [] if requirements is None else list(requirements)  # a string is its letters
    for r in reqs:
        if r.upper() not in _REQUIREMENTS:
            raise KeyError(r)
    flags = {_REQUIREMENTS[r.upper()] for r in reqs}
    if {"C", "F"} <= flags:
        raise ValueError("Cannot specify both C and Fortran contiguous.")
    return creation.asarray(a, dtype)


def astype(x: Any, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Any:
    """The array API's ``astype``: ``x`` converted to ``dtype`` (NumPy's casting, with its
    ComplexWarning when a complex array becomes real)."""
    if not isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic):
        raise TypeError(
            f"astype: input should be a NumPy array or scalar, not {type(x).__name__}"
        )
    a = util.asarray(x, "astype")
    try:
        dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    except (TypeError, ValueError) as e:
        raise TypeError(f"astype: expected a dtype (such as xnp.float32), got {dtype!r}") from e
    if dtypes.kind(a.dtype) == "c" and dtypes.kind(dt) != "c":
        warnings.warn("Casting complex values to real discards the imaginary part",
                      onp.exceptions.ComplexWarning, stacklevel=2)  # fmt: skip
        a = ufuncs.real(a)
    out = lax_shapes.convert_element_type(a, dt)
    if out is x and isinstance(x, ndarray) and copy:
        out = ndarray(x._buf, x.aval, x._device, x._npy)
    if device is not None:
        out = out.to_device(device)
    return out


def fromiter(iter: Any, dtype: Any, count: int = -1, *, like: Any = None) -> Any:  # noqa: A002
    """NumPy's ``fromiter``: a 1-d array from an iterable (read on the host by NumPy)."""
    return creation.array(onp.fromiter(iter, dtypes.to_dtype(dtype), count))


def frombuffer(buffer: Any, dtype: Any = float, count: int = -1, offset: int = 0, *,
               like: Any = None) -> Any:  # fmt: skip
    """NumPy's ``frombuffer``: a 1-d array of the bytes of ``buffer`` (copied to the device:
    the result does not share memory with ``buffer``)."""
    dt = onp.dtype(float) if dtype is None else dtypes.to_dtype(dtype)
    return creation.array(onp.frombuffer(buffer, dt, count, offset))


def fromfunction(function: Callable, shape: Any, *, dtype: Any = float, like: Any = None,
                 **kwargs: Any) -> Any:  # fmt: skip
    """NumPy's ``fromfunction``: ``function(*indices(shape, dtype), **kwargs)`` (the function
    is called once, on whole index arrays, as NumPy does)."""
    return function(*index_tricks.indices(shape, dtype), **kwargs)


class broadcast:  # noqa: N801 (NumPy's name)
    """NumPy's ``broadcast``: the broadcast shape of its arguments, and an iterator over
    tuples of their broadcast elements (read to the host once, as NumPy scalars)."""

    def __init__(self, *args: ArrayLike):
        if len(args) > 64:
            raise ValueError("Need at most 64 array objects.")
        arrs = [a if isinstance(a, broadcast) else util.asarray(a, "broadcast") for a in args]
        shapes = [a.shape for a in arrs]
        self.shape = util.broadcast_shapes("broadcast", *shapes) if shapes else ()
        self._arrays = [a for a in arrs if not isinstance(a, broadcast)]
        self.index = 0
        self._hosts: list | None = None

    nd = property(lambda self: len(self.shape))
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(onp.prod(self.shape, dtype=onp.int64)))
    numiter = property(lambda self: len(self._arrays))

    @property
    def iters(self) -> tuple:
        return tuple(iter(onp.broadcast_to(h, self.shape).flat) for h in self._host_values())

    def _host_values(self) -> list:
        if self._hosts is None:
            self._hosts = [onp.asarray(a) for a in self._arrays]
        return self._hosts

    def __iter__(self) -> Iterator[tuple]:
        return self

    def __next__(self) -> tuple:
        if self.index >= self.size:
            raise StopIteration
        pos = onp.unravel_index(self.index, self.shape) if self.shape else ()
        self.index += 1
        return tuple(onp.broadcast_to(h, self.shape)[pos] for h in self._host_values())

    def reset(self) -> None:
        self.index = 0


def apply_along_axis(func1d: Callable, axis: int, arr: ArrayLike, *args: Any,
                     **kwargs: Any) -> Any:  # fmt: skip
    """NumPy's ``apply_along_axis``: ``func1d`` applied to the 1-d slices of ``arr`` along
    ``axis``, its results' axes put in place of ``axis``. It runs once, under ``vmap``; a
    ``func1d`` that needs concrete values (Python control flow on them) runs slice by slice
    on concrete input instead."""
    a = util.asarray(arr, "apply_along_axis")
    ax = util.canonical_axes("apply_along_axis", axis, a.ndim)[0]
    moved = lax_numpy.moveaxis(a, ax, -1)
    outer = moved.shape[:-1]
    rows = lax_shapes.reshape(moved, (int(onp.prod(outer, dtype=onp.int64)), moved.shape[-1]))
    if rows.shape[0] == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")

    def one(row: Any) -> Any:
        return util.asarray(func1d(row, *args, **kwargs), "apply_along_axis")

    try:
        res = vmap(one)(rows)
    except core.ConcretizationTypeError:
        if not isinstance(a, ndarray):
            raise
        res = lax_numpy.stack([one(rows[i]) for i in range(rows.shape[0])])
    res = lax_shapes.reshape(res, outer + res.shape[1:])
    # the result's own axes go where `axis` was
    n_res = res.ndim - len(outer)
    order = list(range(ax)) + list(range(len(outer), res.ndim)) + list(range(ax, len(outer)))
    return lax_shapes.transpose(res, order) if n_res else res


def apply_over_axes(func: Callable, a: ArrayLike, axes: Any) -> Any:
    """NumPy's ``apply_over_axes``: ``func(a, axis)`` for each axis in turn, a reduced axis
    kept as length 1 so the result keeps ``a``'s dimensions."""
    val = util.asarray(a, "apply_over_axes")
    n = val.ndim
    for axis in onp.atleast_1d(onp.asarray(axes)).tolist():
        axis = operator.index(axis)
        if axis < 0:
            axis += n
        res = util.asarray(func(val, axis), "apply_over_axes")
        if res.ndim == val.ndim:
            val = res
        elif res.ndim == val.ndim - 1:
            val = lax_numpy.expand_dims(res, axis)
        else:
            raise ValueError("function is not returning an array of the correct shape")
    return val


def isfortran(a: ArrayLike) -> bool:
    """NumPy's ``isfortran``: whether ``a`` is Fortran- and not C-ordered; never, for xnp
    arrays (NumPy arrays are asked NumPy)."""
    if isinstance(a, onp.ndarray):
        return onp.isfortran(a)
    return False


def from_dlpack(x: Any, /, *, device: Any = None, copy: Any = None) -> Any:
    """The array API's ``from_dlpack``: an xnp array from any object with ``__dlpack__`` on
    the CPU (a copy: xnp arrays own their buffers)."""
    if isinstance(x, ndarray):
        return x
    if device is not None and str(device).lower() not in ("cpu", "{cpu}"):
        raise ValueError(f"from_dlpack: only CPU data can be imported (got device {device!r})")
    return creation.asarray(onp.array(onp.from_dlpack(x), copy=True))
