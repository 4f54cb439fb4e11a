"""The ``ndarray`` members about memory: ``view`` (dtype reinterpretation), ``tobytes``,
``byteswap``, ``flags``, ``strides``, ``base``.

xnp arrays are values in buffers that XLA lays out: ``view`` reinterprets the bytes of the
value (a new array, not an alias), ``strides`` and ``flags`` describe the C-contiguous host
copy that ``numpy.asarray`` gives, and ``base`` is None (no array is a view of another).
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import indexing, lax_numpy, ufuncs

ArrayLike = Any


def _uint(size: int) -> onp.dtype:
    return onp.dtype(f"uint{8 * size}")


def _to_plain(x: Any) -> Any:
    """``x``'s bytes as an array of a non-bool, non-complex dtype (complex: float pairs on a
    last axis twice as long)."""
    k = dtypes.kind(x.dtype)
    if k == "b":
        return lax_shapes.convert_element_type(x, onp.uint8)
    if k == "c":
        pair = lax_numpy.stack([ufuncs.real(x), ufuncs.imag(x)], axis=-1)
        return lax_shapes.reshape(pair, (*x.shape[:-1], 2 * x.shape[-1]))
    return x


def _from_plain(x: Any, dt: onp.dtype) -> Any:
    k = dtypes.kind(dt)
    if k == "b":
        return ufuncs.not_equal(x, 0)
    if k == "c":
        pair = lax_shapes.reshape(x, (*x.shape[:-1], x.shape[-1] // 2, 2))
        return lax.complex(pair[..., 0], pair[..., 1])  # exact: no arithmetic on the parts
    return x


def _plain_dtype(dt: onp.dtype) -> onp.dtype:
    k = dtypes.kind(dt)
    if k == "b":
        return onp.dtype(onp.uint8)
    if k == "c":
        return onp.dtype(onp.float32 if dt.itemsize == 8 else onp.float64)
    return dt


def _bitcast_last(x: Any, dt: onp.dtype) -> Any:
    """Reinterpret the bytes of ``x`` (plain dtypes) as ``dt``, the last axis rescaled."""
    old, new = x.dtype.itemsize, dt.itemsize
    if old == new:
        return x if x.dtype == dt else lax_shapes.bitcast_convert_type(x, dt)
    if old > new:
        out = lax_shapes.bitcast_convert_type(x, dt)
        return lax_shapes.reshape(out, (*x.shape[:-1], x.shape[-1] * (old // new)))
    k = new // old
    grouped = lax_shapes.reshape(x, (*x.shape[:-1], x.shape[-1] // k, k))
    return lax_shapes.bitcast_convert_type(grouped, dt)


def view(self: Any, dtype: Any = None, type: Any = None) -> Any:  # noqa: A002
    """``x.view(dtype)``: the bytes of ``x`` read as ``dtype`` (a new array; the last axis
    is rescaled when the item sizes differ, as NumPy does). ``x.view()`` is a new array object
    with the same value."""
    if isinstance(dtype, builtins_type) and issubclass(dtype, ndarray | onp.ndarray):
        dtype, type = None, dtype
    if type is not None and not (isinstance(type, builtins_type) and issubclass(type, ndarray)):
        raise TypeError(f"ndarray.view: xnp arrays can only be viewed as xnp.ndarray, not "
                        f"{type!r}")  # fmt: skip
    if dtype is None:
        if isinstance(self, ndarray):
            return ndarray(self._buf, self.aval, self._device, self._npy)
        return self
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    old, new = self.dtype.itemsize, dt.itemsize
    if old != new:
        if self.ndim == 0:
            raise ValueError("Changing the dtype of a 0d array is only supported if the "
                             "itemsize is unchanged")  # fmt: skip
        nbytes = self.shape[-1] * old
        if nbytes % new:
            which = "larger" if new > old else "smaller"
            raise ValueError(f"When changing to a {which} dtype, its size must be a divisor of "
                             "the total size in bytes of the last axis of the array.")  # fmt: skip
    if self.ndim == 0:
        x = lax_shapes.reshape(self, (1,))
        return lax_shapes.reshape(view(x, dt), ())
    plain = _to_plain(self)
    target = _plain_dtype(dt)
    return _from_plain(_bitcast_last(plain, target), dt)


builtins_type = type


def byteswap(self: Any, inplace: bool = False) -> Any:
    """``x.byteswap()``: each element's bytes reversed (complex: each part's); with
    ``inplace=True`` ``x`` is rebound to the result (DESIGN.md "arrays as values")."""
    size = _plain_dtype(self.dtype).itemsize
    if size == 1 or self.size == 0:
        out = view(self)
    else:
        x = self if self.ndim else lax_shapes.reshape(self, (1,))
        plain = _to_plain(x)
        as_bytes = lax_shapes.bitcast_convert_type(plain, onp.uint8)  # (..., n, size)
        swapped = lax_shapes.rev(as_bytes, (as_bytes.ndim - 1,))
        back = lax_shapes.bitcast_convert_type(swapped, plain.dtype)
        out = _from_plain(back, self.dtype)
        out = out if self.ndim else lax_shapes.reshape(out, ())
    if inplace:
        indexing.check_mutable(self)
        indexing.rebind(self, out)
        return self
    return out


def tobytes(self: Any, order: str = "C") -> bytes:
    """``x.tobytes()``: the bytes of the host copy (needs a concrete array)."""
    if isinstance(self, core.Tracer):
        raise core.ConcretizationTypeError(
            f"tobytes of a traced array {self.aval.str_short()}, at {core.user_frame()}: bytes "
            "are a host value")  # fmt: skip
    return onp.asarray(self).tobytes(order)


class flagsobj:  # noqa: N801 (NumPy's name)
    """``x.flags``: what NumPy's flags say of xnp arrays: C-contiguous (as the host copy is),
    Fortran-contiguous only when at most one axis is longer than 1, owning their data,
    writeable (by rebinding), aligned."""

    _NAMES = {"C_CONTIGUOUS": "c_contiguous", "C": "c_contiguous",
              "F_CONTIGUOUS": "f_contiguous", "F": "f_contiguous", "OWNDATA": "owndata",
              "O": "owndata", "WRITEABLE": "writeable", "W": "writeable",
              "ALIGNED": "aligned", "A": "aligned", "WRITEBACKIFCOPY": "writebackifcopy",
              "X": "writebackifcopy", "FNC": "fnc", "FORC": "forc", "BEHAVED": "behaved",
              "B": "behaved", "CARRAY": "carray", "CA": "carray", "FARRAY": "farray",
              "FA": "farray"}  # fmt: skip

    def __init__(self, shape: tuple[int, ...]):
        self.c_contiguous = True
        self.f_contiguous = sum(d > 1 for d in shape) <= 1
        self.owndata = True
        self.writeable = True
        self.aligned = True
        self.writebackifcopy = False
        self.behaved = True
        self.carray = True
        self.farray = self.f_contiguous and len(shape) > 1 and False
        self.fnc = self.f_contiguous and not self.c_contiguous
        self.forc = True

    def __getitem__(self, key: str) -> bool:
        try:
            return getattr(self, self._NAMES[key.upper()])
        except KeyError:
            raise KeyError(f"Unknown flag {key!r}") from None

    def __repr__(self) -> str:
        names = ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE", "ALIGNED",
                 "WRITEBACKIFCOPY")  # fmt: skip
        return "\n".join(f"  {n} : {self[n]}" for n in names) + "\n"


def _strides(self: Any) -> tuple[int, ...]:
    out, step = [], self.dtype.itemsize
    for d in reversed(self.shape):
        out.append(step)
        step *= max(d, 1)
    return tuple(reversed(out))


def _install() -> None:
    for cls in (ndarray, core.Tracer):
        cls.view = view
        cls.byteswap = byteswap
        cls.tobytes = tobytes
        cls.flags = property(lambda self: flagsobj(self.shape), doc=flagsobj.__doc__)
        cls.strides = property(_strides, doc="Byte steps of the C-contiguous host copy.")
        cls.base = property(lambda self: None, doc="None: no xnp array is a view of another.")


_install()
