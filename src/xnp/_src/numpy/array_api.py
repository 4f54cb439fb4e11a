"""The array API standard's own names: ``__array_api_version__``, the inspection namespace
(``__array_namespace_info__``), ``isdtype``, ``astype``, ``from_dlpack``, ``finfo`` with Python
float attributes, and ``x.__array_namespace__``.

``xnp`` itself is the array API namespace (as NumPy 2's is): its functions take NumPy's
arguments and, where the standard adds keywords (``device=``, ``descending=``, ``copy=``),
those as well.
"""

from __future__ import annotations

import builtins
import sys
from typing import Any

import numpy as onp

from xnp._src import backend, core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, util
from xnp._src.numpy import device as _device
from xnp._src.numpy import scalar_types as st

# 2025.12: meshgrid and broadcast_arrays return tuples (as NumPy 2's do) and devices() is a
# tuple; 2024.12 asked for lists there.
__array_api_version__ = "2025.12"
SUPPORTED_VERSIONS = ("2021.12", "2022.12", "2023.12", "2024.12", "2025.12")

# The standard's dtypes, by its kind names; float16/bfloat16 are xnp extras that belong to
# "real floating" in isdtype but are not listed by __array_namespace_info__().dtypes().
_STANDARD = {
    "bool": (st.bool_,),
    "signed integer": (st.int8, st.int16, st.int32, st.int64),
    "unsigned integer": (st.uint8, st.uint16, st.uint32, st.uint64),
    "real floating": (st.float32, st.float64),
    "complex floating": (st.complex64, st.complex128),
}
_KIND_CHARS = {
    "bool": "b", "signed integer": "i", "unsigned integer": "u", "integral": "iu",
    "real floating": "f", "complex floating": "c", "numeric": "iufc",
}  # fmt: skip


def _dtype_arg(name: str, dtype: Any) -> onp.dtype:
    if isinstance(dtype, onp.dtype) or (isinstance(dtype, type) and hasattr(dtype, "dtype")):
        return dtypes.to_dtype(dtype)
    if isinstance(dtype, type) and issubclass(dtype, onp.generic):
        return onp.dtype(dtype)
    raise TypeError(f"{name}: expected a dtype (such as xnp.float32), got {dtype!r}")


def isdtype(dtype: Any, kind: Any) -> builtins.bool:
    """Whether ``dtype`` is of ``kind``: a dtype, one of the standard's kind names ('bool',
    'signed integer', 'unsigned integer', 'integral', 'real floating', 'complex floating',
    'numeric'), or a tuple of those. float16 and bfloat16 are 'real floating'."""
    dt = _dtype_arg("isdtype", dtype)
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if isinstance(k, str):
            if k not in _KIND_CHARS:
                raise ValueError(f"isdtype: kind {k!r} is not one of {sorted(_KIND_CHARS)}")
            if dtypes.kind(dt) in _KIND_CHARS[k]:
                return True
        elif isinstance(k, tuple):
            raise TypeError(f"isdtype: kind tuples cannot nest, got {kind!r}")
        elif dt == _dtype_arg("isdtype", k):
            return True
    return False


def astype(x: Any, dtype: Any, /, *, copy: builtins.bool = True, device: Any = None) -> Any:
    """``x`` cast to ``dtype`` (the array API's function form of ``x.astype``), on ``device``.

    With ``copy=False`` and nothing to change, ``x`` itself comes back; ``copy=True`` always
    gives a new array object.
    """
    x = util.asarray(x, "astype")
    dt = dtypes.canonicalize_dtype(_dtype_arg("astype", dtype))
    if dt == x.dtype and not x.aval.weak_type:
        out = x if not copy else creation.array(x)
    else:
        out = lax_shapes.convert_element_type(x, dt, False)
    return _device.place("astype", out, device)


def from_dlpack(x: Any, /, *, device: Any = None, copy: builtins.bool | None = None) -> Any:
    """An xnp array from any DLPack producer (an object with ``__dlpack__`` and
    ``__dlpack_device__``: NumPy, PyTorch, CuPy on the host, another xnp array).

    The data is copied into xnp's buffer (xnp arrays are immutable values), so ``copy=False``
    raises ``BufferError`` for a foreign producer; an xnp array comes back as itself.
    """
    if isinstance(x, ndarray | core.Tracer):
        return _device.place("from_dlpack", creation.array(x) if copy else x, device)
    if not hasattr(x, "__dlpack__"):
        raise TypeError(f"from_dlpack: {type(x).__name__} does not implement __dlpack__")
    if copy is False:
        raise BufferError(
            "from_dlpack: xnp arrays own their (immutable) buffers, so importing "
            f"a {type(x).__name__} with copy=False is not possible; use copy=None"
        )
    host = onp.from_dlpack(x, copy=True)
    return _device.place("from_dlpack", ndarray.from_host(host), device)


class finfo:  # noqa: N801 (the standard's name)
    """Machine limits of a floating dtype (NumPy's ``finfo``, bfloat16 included), with the
    array API's attributes ``bits``, ``eps``, ``max``, ``min``, ``smallest_normal`` and
    ``dtype`` as Python numbers and the real dtype; every other NumPy attribute as NumPy has it.
    """

    def __init__(self, type: Any, /) -> None:  # noqa: A002
        dt = dtypes.to_dtype(type)
        if dtypes.kind(dt) not in "fc":
            raise ValueError(f"finfo: data type {dt} not inexact")
        self._info = dtypes.finfo(dt)
        self.bits = builtins.int(self._info.bits)
        self.eps = builtins.float(self._info.eps)
        self.max = builtins.float(self._info.max)
        self.min = builtins.float(self._info.min)
        self.smallest_normal = builtins.float(self._info.smallest_normal)
        self.tiny = self.smallest_normal
        self.dtype = onp.dtype(self._info.dtype)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.__dict__["_info"], name)

    def __repr__(self) -> str:
        return repr(self._info)


class ArrayNamespaceInfo:
    """The array API's inspection namespace: what ``xnp.__array_namespace_info__()`` returns."""

    __module__ = "xnp"

    def capabilities(self) -> dict[str, Any]:
        """Boolean indexing and data-dependent shapes (``unique_*``, ``nonzero``) work on
        concrete arrays; under ``jit`` they need ``size=``. No limit on dimensions."""
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": None}

    def default_device(self) -> Any:
        return backend.default_device()

    def devices(self) -> tuple[Any, ...]:
        return tuple(backend.devices())

    def default_dtypes(self, *, device: Any = None) -> dict[str, Any]:
        """float64/complex128/int64 (float32/complex64/int32 with x64 off)."""
        _device.check_device("default_dtypes", device)
        f, c, i = (dtypes.default_dtype(k) for k in "fci")
        return {"real floating": f, "complex floating": c, "integral": i, "indexing": i}

    def dtypes(self, *, device: Any = None, kind: Any = None) -> dict[str, Any]:
        """The standard's dtypes of ``kind`` (any of isdtype's kinds, a tuple of them, or None
        for all) that xnp stores: without x64 the 64-bit ones are left out. The values are
        ``numpy.dtype`` objects, as NumPy's are: equal to and hashing like ``x.dtype``."""
        _device.check_device("dtypes", device)
        out = {}
        for group in _STANDARD.values():
            for t in group:
                if dtypes.canonicalize_dtype(t.dtype) != t.dtype:
                    continue
                if kind is None or isdtype(t, kind):
                    out[t.__name__.removesuffix("_")] = t.dtype
        return out


def __array_namespace_info__() -> ArrayNamespaceInfo:  # noqa: N807
    """The array API's inspection namespace (devices, default dtypes, capabilities)."""
    return ArrayNamespaceInfo()


def array_namespace_method(self: Any, /, *, api_version: str | None = None) -> Any:
    """``x.__array_namespace__()``: the ``xnp`` module (for versions up to 2025.12)."""
    if api_version is not None and api_version not in SUPPORTED_VERSIONS:
        raise ValueError(f"__array_namespace__: unsupported api_version {api_version!r}; xnp "
                         f"implements {', '.join(SUPPORTED_VERSIONS)}")  # fmt: skip
    return sys.modules["xnp"]


def _install() -> None:
    ndarray.__array_namespace__ = array_namespace_method
    core.Tracer.__array_namespace__ = array_namespace_method


_install()
