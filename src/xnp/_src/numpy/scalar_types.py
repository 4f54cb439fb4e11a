"""Scalar type objects (``xnp.float32`` ...): usable as dtypes and as constructors.

``xnp.float32(1.5)`` makes a 0-d xnp array; ``numpy.dtype(xnp.float32)`` works because the
type carries a ``dtype`` attribute.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.numpy import util


class _ScalarMeta(type):
    dtype: onp.dtype

    def __hash__(cls) -> int:
        return hash(cls.dtype.type)

    def __eq__(cls, other: Any) -> bool:
        return cls is other or other == cls.dtype.type or other == cls.dtype

    def __ne__(cls, other: Any) -> bool:
        return not cls.__eq__(other)

    def __call__(cls, x: Any = 0) -> Any:
        return util.array(x, dtype=cls.dtype)

    def __instancecheck__(cls, instance: Any) -> bool:
        return isinstance(instance, cls.dtype.type)

    def __repr__(cls) -> str:
        return f"<class 'xnp.{cls.__name__}'>"


def _make(name: str, dtype: Any) -> type:
    dt = onp.dtype(dtype)
    return _ScalarMeta(name, (object,), {"dtype": dt, "__module__": "xnp"})


bool_ = _make("bool_", bool)
int8 = _make("int8", onp.int8)
int16 = _make("int16", onp.int16)
int32 = _make("int32", onp.int32)
int64 = _make("int64", onp.int64)
uint8 = _make("uint8", onp.uint8)
uint16 = _make("uint16", onp.uint16)
uint32 = _make("uint32", onp.uint32)
uint64 = _make("uint64", onp.uint64)
float16 = _make("float16", onp.float16)
bfloat16 = _make("bfloat16", dtypes.bfloat16)
float32 = _make("float32", onp.float32)
float64 = _make("float64", onp.float64)
complex64 = _make("complex64", onp.complex64)
complex128 = _make("complex128", onp.complex128)

# NumPy's C-named aliases (on the LP64 platforms xnp runs on).
byte, ubyte, short, ushort, intc, uintc = int8, uint8, int16, uint16, int32, uint32
longlong, ulonglong, intp, uintp, uint = int64, uint64, int64, uint64, uint64
half, single, double, csingle, cdouble = float16, float32, float64, complex64, complex128

SCALAR_TYPES = {t.__name__: t for t in (bool_, int8, int16, int32, int64, uint8, uint16,
                                        uint32, uint64, float16, bfloat16, float32, float64,
                                        complex64, complex128)}  # fmt: skip
