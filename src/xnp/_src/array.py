"""``xnp.ndarray``: one device buffer and its abstract value.

Arrays are values: nothing here mutates a buffer. A host value (``_npy``) is kept when the
array was made from one or has been read once; an array made from a host value is copied to
the device only when an operation first needs it. Operators and NumPy methods are installed on
this class (and on ``core.Tracer``) by the numpy layer.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import backend, core, dtypes


class ndarray:  # noqa: N801 (NumPy's name)
    """An n-dimensional array on an XLA device (``xnp.Array`` is the same class)."""

    __slots__ = ("_buf", "aval", "_device", "_npy", "__weakref__")
    __array_priority__ = 100

    def __init__(
        self,
        buf: backend.Buffer | None,
        aval: core.ShapedArray,
        device: Any = None,
        npy: onp.ndarray | None = None,
    ):
        self._buf = buf
        self.aval = aval
        self._device = device
        self._npy = npy

    # -- construction -----------------------------------------------------------------

    @staticmethod
    def from_host(value: Any, dtype: Any = None, weak_type: bool = False, device: Any = None):
        """An array holding a copy of a host value (copied to the device on first use)."""
        arr = onp.asarray(value)
        dt = dtypes.canonicalize_dtype(arr.dtype if dtype is None else dtype)
        if arr.dtype != dt:
            arr = arr.astype(dt)
        elif arr is value or not arr.flags.owndata:
            arr = arr.copy()
        arr.flags.writeable = False
        return ndarray(None, core.ShapedArray(arr.shape, dt, weak_type), device, arr)

    def _materialize(self) -> backend.Buffer:
        buf = self._buf
        if buf is None:
            buf = self._buf = backend.device_put(self._npy, self.aval, self._device)
        elif buf.is_deleted():
            raise RuntimeError(
                f"Array {self.aval.str_short()} has been deleted (was it donated to a jitted "
                "function with donate_argnums?)"
            )
        return buf

    @property
    def _value(self) -> onp.ndarray:
        """The host value (read once from the device, then kept)."""
        npy = self._npy
        if npy is None:
            npy = backend.to_numpy(self._materialize())
            if npy.flags.writeable:
                npy.flags.writeable = False
            self._npy = npy
        return npy

    # -- attributes -------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return self.aval.shape

    @property
    def dtype(self) -> onp.dtype:
        return self.aval.dtype

    @property
    def ndim(self) -> int:
        return len(self.aval.shape)

    @property
    def size(self) -> int:
        return self.aval.size

    @property
    def itemsize(self) -> int:
        return self.aval.dtype.itemsize

    @property
    def nbytes(self) -> int:
        return self.aval.size * self.aval.dtype.itemsize

    @property
    def weak_type(self) -> bool:
        return self.aval.weak_type

    @property
    def device(self) -> Any:
        """The device holding the array (a property, as in the array API standard)."""
        return self._device if self._device is not None else backend.default_device()

    def devices(self) -> set:
        return {self.device}

    @property
    def committed(self) -> bool:
        return self._device is not None

    # -- host conversions -------------------------------------------------------------

    def __array__(self, dtype: Any = None, copy: Any = None) -> onp.ndarray:
        v = self._value
        if dtype is not None and onp.dtype(dtype) != v.dtype:
            return v.astype(dtype)
        if copy:
            return v.copy()
        return v

    def item(self, *args: Any) -> Any:
        return self._value.item(*args)

    def tolist(self) -> Any:
        return self._value.tolist()

    def __bool__(self) -> bool:
        return bool(self._value)

    def __int__(self) -> int:
        return int(self._value)

    def __float__(self) -> float:
        return float(self._value)

    def __complex__(self) -> complex:
        return complex(self._value)

    def __index__(self) -> int:
        if dtypes.kind(self.dtype) not in "iub":
            raise TypeError(
                f"only integer arrays can be converted to an index; got {self.aval.str_short()}"
            )
        return self._value.__index__()

    def __len__(self) -> int:
        if not self.aval.shape:
            raise TypeError("len() of unsized object (a 0-d array)")
        return self.aval.shape[0]

    def __iter__(self):  # noqa: ANN204
        if not self.aval.shape:
            raise TypeError("iteration over a 0-d array")
        weak = self.aval.weak_type
        return (ndarray.from_host(row, weak_type=weak) for row in self._value)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        # NumPy prints ml_dtypes' types as ``dtype=dtype(bfloat16)`` (numpy >= 2.3 with
        # ml_dtypes 0.5+); xnp names them like NumPy's own dtypes.
        s = onp.array_repr(self._value).replace("dtype=dtype(bfloat16)", "dtype=bfloat16")
        body = s[len("array(") :]
        return "Array(" + body.replace("\n      ", "\n      ")

    def __str__(self) -> str:
        return str(self._value)

    def __format__(self, spec: str) -> str:
        if not self.aval.shape:
            return format(self._value[()], spec)
        return format(self._value, spec)

    def __reduce__(self) -> tuple:
        return (_unpickle, (onp.asarray(self._value), self.aval.weak_type))

    def __dlpack__(self, *, stream: Any = None, max_version: tuple[int, int] | None = None,
                   dl_device: tuple[int, int] | None = None,
                   copy: bool | None = None) -> Any:  # fmt: skip
        """A DLPack capsule of the array's host value (CPU memory, read-only).

        The legacy (unversioned) protocol cannot mark memory read-only, so without
        ``max_version >= (1, 0)`` a private copy is exported; ``copy=False`` then raises
        ``BufferError``, as the standard asks of a copy that cannot be avoided.
        """
        if dl_device is not None and tuple(dl_device) != (1, 0):
            raise BufferError(f"__dlpack__: xnp exports CPU memory (dl_device (1, 0)); "
                              f"cannot export to dl_device {tuple(dl_device)}")  # fmt: skip
        if stream is not None:
            raise BufferError(f"__dlpack__: stream must be None for CPU memory, got {stream!r}")
        v = self._value
        if max_version is None or max_version[0] < 1:
            if copy is False:
                raise BufferError("__dlpack__: a legacy DLPack capsule of xnp's read-only "
                                  "memory needs a copy; pass max_version=(1, 0) or allow copy")
            return onp.array(v).__dlpack__()
        return v.__dlpack__(max_version=max_version, copy=copy)

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)  # kDLCPU: __dlpack__ exports the host value

    # -- buffers ----------------------------------------------------------------------

    def block_until_ready(self) -> ndarray:
        if self._buf is not None:
            backend.wait(self._materialize()).block_until_ready()  # (raises a failed one's error)
        return self

    def is_ready(self) -> bool:
        return self._buf is None or self._buf.is_ready()

    def delete(self) -> None:
        if self._buf is not None:
            self._buf.delete()

    def is_deleted(self) -> bool:
        return self._buf is not None and self._buf.is_deleted()

    def copy_to_host_async(self) -> None:
        if self._buf is not None:
            self._buf._copy_single_device_array_to_host_async()


Array = ndarray


def _unpickle(value: onp.ndarray, weak_type: bool) -> ndarray:
    return ndarray.from_host(value, weak_type=weak_type)


core.pytype_aval_mappings[ndarray] = lambda x: x.aval
