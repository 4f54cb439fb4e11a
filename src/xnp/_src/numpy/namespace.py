"""Everything ``xnp`` exports from the NumPy layer, gathered in one place."""

from __future__ import annotations

import numpy as onp

from xnp._src import dtypes as _dtypes
from xnp._src.array import Array, ndarray
from xnp._src.numpy import array_methods as _array_methods  # noqa: F401 (installs methods)
from xnp._src.numpy.creation import (arange, array, asarray, empty, empty_like, eye, full,
                                     full_like, identity, linspace, ones, ones_like, zeros,
                                     zeros_like)  # fmt: skip
from xnp._src.numpy.lax_numpy import (broadcast_arrays, broadcast_shapes, broadcast_to,
                                      concatenate, dot, expand_dims, inner, matmul, moveaxis,
                                      outer, permute_dims, ravel, reshape, squeeze, stack,
                                      swapaxes, transpose, vdot, where)  # fmt: skip
from xnp._src.numpy.reductions import (all, amax, amin, any, argmax, argmin, max, mean, min,
                                       prod, sum)  # fmt: skip
from xnp._src.numpy.scalar_types import (bfloat16, bool_, complex64, complex128, float16,
                                         float32, float64, int8, int16, int32, int64, uint8,
                                         uint16, uint32, uint64)  # fmt: skip
from xnp._src.numpy.ufuncs import *  # noqa: F403

bool = bool_  # noqa: A001
float_ = float64
int_ = int64
complex_ = complex128
newaxis = None
pi = onp.pi
e = onp.e
inf = onp.inf
nan = onp.nan
euler_gamma = onp.euler_gamma
generic, number, inexact, floating, complexfloating = (onp.generic, onp.number, onp.inexact,
                                                       onp.floating, onp.complexfloating)
integer, signedinteger, unsignedinteger = onp.integer, onp.signedinteger, onp.unsignedinteger
dtype = onp.dtype
result_type = _dtypes.result_type
promote_types = _dtypes.promote_types
issubdtype = _dtypes.issubdtype
finfo = _dtypes.finfo
iinfo = _dtypes.iinfo


def can_cast(from_: object, to: object, casting: str = "safe") -> bool:
    """NumPy's ``can_cast`` for dtypes (and arrays' dtypes); bfloat16 included."""
    fd = _dtypes.to_dtype(getattr(from_, "dtype", from_))
    td = _dtypes.to_dtype(to)
    if _dtypes.bfloat16 in (fd, td):
        if casting == "unsafe":
            return True
        if fd == td:
            return True
        return _dtypes.promote_types(fd, td) == td
    return onp.can_cast(fd, td, casting=casting)


def isscalar(element: object) -> bool:
    return onp.isscalar(element) or (isinstance(element, ndarray) and element.ndim == 0 and False)


def shape(a: object) -> tuple:
    return tuple(getattr(a, "shape", onp.shape(a)))


def ndim(a: object) -> int:
    return len(shape(a))


def size(a: object, axis: int | None = None) -> int:
    s = shape(a)
    return int(onp.prod(s)) if axis is None else s[axis]


_ = (Array, ndarray)
