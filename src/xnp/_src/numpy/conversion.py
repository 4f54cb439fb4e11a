"""NumPy's conversion helpers: asanyarray, asarray_chkfinite, ascontiguousarray,
asfortranarray, require, isfortran, copy, astype, frombuffer, fromiter, from_dlpack.

xnp arrays are values in C order with no strides, flags or subclasses, so the memory-layout
helpers reduce to ``asarray`` (with NumPy's ``ndim >= 1`` rule where NumPy has it) and
``isfortran`` is always False. ``frombuffer``, ``fromiter`` and ``from_dlpack`` read through
NumPy on the host and return xnp arrays.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, function_base, ufuncs, util

ArrayLike = Any
asanyarray = creation.asanyarray


def copy(a: ArrayLike, order: str = "K", subok: bool = False) -> Any:
    """NumPy's ``copy``: ``a`` as a new xnp array (arrays are values: mutating the copy by
    ``y[i] = v`` never changes ``a``)."""
    return creation.copy(a)


def asarray_chkfinite(a: ArrayLike, dtype: Any = None, order: Any = None) -> Any:
    """NumPy's ``asarray_chkfinite``: ``asarray``, raising ``ValueError`` if ``a`` holds an
    inf or NaN. Under a transformation the values are unknown and the check is skipped."""
    x = creation.asarray(a, dtype=dtype)
    if dtypes.kind(x.dtype) in "fc" or x.dtype == dtypes.bfloat16:
        value = function_base._concrete(x)
        if value is not None and not onp.isfinite(value.astype(onp.complex128)).all():
            raise ValueError("asarray_chkfinite: array must not contain infs or NaNs")
    return x


def _at_least_1d(x: Any) -> Any:
    return lax_shapes.reshape(x, (1,)) if x.ndim == 0 else x


def ascontiguousarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``ascontiguousarray``: ``asarray`` with at least one dimension (xnp arrays
    are always C-contiguous)."""
    return _at_least_1d(creation.asarray(a, dtype=dtype))


def asfortranarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``asfortranarray``: ``asarray`` with at least one dimension. xnp arrays have no
    memory order: the values and shape are NumPy's, the layout is XLA's."""
    return _at_least_1d(creation.asarray(a, dtype=dtype))


_FLAGS = {
    "C": "C",
    "C_CONTIGUOUS": "C",
    "CONTIGUOUS": "C",
    "F": "F",
    "F_CONTIGUOUS": "F",
    "FORTRAN": "F",
    "A": "A",
    "ALIGNED": "A",
    "W": "W",
    "WRITEABLE": "W",
    "O": "O",
    "OWNDATA": "O",
    "E": "E",
    "ENSUREARRAY": "E",
}


def require(a: ArrayLike, dtype: Any = None, requirements: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``require``: ``asarray(a, dtype)`` meeting ``requirements`` (C, F, A, W, O, E or
    their long names), all of which an xnp array meets (F only as a declared order)."""
    if requirements:
        flags = {_FLAGS[r.upper()] for r in requirements}  # a string: one flag per letter
        if {"C", "F"} <= flags:
            raise ValueError('require: cannot specify both "C" and "F" order')
    return creation.asarray(a, dtype=dtype)


def isfortran(a: ArrayLike) -> bool:
    """NumPy's ``isfortran``: whether ``a`` is Fortran- and not C-ordered; never, for xnp
    arrays (NumPy arrays are asked NumPy)."""
    if isinstance(a, onp.ndarray):
        return onp.isfortran(a)
    return False


def astype(x: ArrayLike, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Any:
    """NumPy 2's (and the array API's) ``astype``: ``x`` cast to ``dtype``."""
    if not isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic):
        raise TypeError(f"astype: input should be an array or scalar, got {type(x).__name__}")
    x = util.asarray(x, "astype")
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(x.dtype) == "c" and dtypes.kind(dt) != "c":
        x = ufuncs.real(x)  # NumPy discards the imaginary part (with a ComplexWarning)
    return lax_shapes.convert_element_type(x, dt)


def frombuffer(
    buffer: Any, dtype: Any = float, count: int = -1, offset: int = 0, *, like: Any = None
) -> Any:
    """NumPy's ``frombuffer``: a 1-d xnp array of ``buffer``'s bytes read as ``dtype``."""
    return creation.asarray(onp.frombuffer(buffer, dtype=dtype, count=count, offset=offset).copy())


def fromiter(iter: Any, dtype: Any, count: int = -1, *, like: Any = None) -> Any:  # noqa: A002
    """NumPy's ``fromiter``: a 1-d xnp array from an iterable of numbers."""
    return creation.asarray(onp.fromiter(iter, dtype=dtype, count=count))


def from_dlpack(x: Any, /, *, device: Any = None, copy: Any = None) -> Any:
    """The array API's ``from_dlpack``: an xnp array from any object with ``__dlpack__`` on
    the CPU (a copy: xnp arrays own their buffers)."""
    if isinstance(x, ndarray):
        return x
    if device is not None and str(device).lower() not in ("cpu", "{cpu}"):
        raise ValueError(f"from_dlpack: only CPU data can be imported (got device {device!r})")
    return creation.asarray(onp.array(onp.from_dlpack(x), copy=True))
