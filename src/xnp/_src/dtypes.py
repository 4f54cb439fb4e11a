"""Dtypes and NumPy 2 (NEP 50) type promotion, with JAX-style weak types for Python scalars.

A leaf module: imports numpy, ml_dtypes and config only. A value's dtype is described by a
``numpy.dtype`` and a ``weak_type`` flag: Python scalars (and values computed only from them)
are weak, and a weak value adopts the dtype of the strong operand it meets when the kinds allow.
"""

from __future__ import annotations

import builtins
from typing import Any

import ml_dtypes
import numpy as onp

from xnp._src.config import config

bfloat16 = onp.dtype(ml_dtypes.bfloat16)

_SUPPORTED = [
    "bool",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
]
SUPPORTED_DTYPES: tuple[onp.dtype, ...] = (*map(onp.dtype, _SUPPORTED), bfloat16)
_SUPPORTED_SET = frozenset(SUPPORTED_DTYPES)

_TO_32 = {
    onp.dtype("int64"): onp.dtype("int32"),
    onp.dtype("uint64"): onp.dtype("uint32"),
    onp.dtype("float64"): onp.dtype("float32"),
    onp.dtype("complex128"): onp.dtype("complex64"),
}

python_scalar_types = (builtins.bool, builtins.int, builtins.float, builtins.complex)
# Order of the kinds for NEP 50: a weak (Python) scalar of a lower or equal kind never changes
# the dtype of the strong operand it meets.
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "V": 2, "c": 3}
_PY_KIND = {builtins.bool: "b", builtins.int: "i", builtins.float: "f", builtins.complex: "c"}


def canonicalize_dtype(dtype: Any) -> onp.dtype:
    """The dtype xnp stores for ``dtype``: 64-bit types become 32-bit ones when x64 is off."""
    dt = dtype if type(dtype) is onp.dtype else onp.dtype(dtype)
    if dt not in _SUPPORTED_SET:
        raise TypeError(f"xnp does not support dtype {dt}; supported: {_supported_names()}")
    if not config.enable_x64:
        return _TO_32.get(dt, dt)
    return dt


def _supported_names() -> str:
    return ", ".join(str(d) for d in SUPPORTED_DTYPES)


def default_dtype(kind: str) -> onp.dtype:
    """Default dtype of a kind ('b', 'i', 'u', 'f', 'c'): NumPy's when x64 is on."""
    x64 = config.enable_x64
    if kind == "b":
        return onp.dtype("bool")
    if kind == "i":
        return onp.dtype("int64" if x64 else "int32")
    if kind == "u":
        return onp.dtype("uint64" if x64 else "uint32")
    if kind == "f":
        return onp.dtype("float64" if x64 else "float32")
    if kind == "c":
        return onp.dtype("complex128" if x64 else "complex64")
    raise ValueError(f"unknown dtype kind {kind!r}")


def float_():
    return default_dtype("f")  # noqa: E704


def int_():
    return default_dtype("i")  # noqa: E704


def complex_():
    return default_dtype("c")  # noqa: E704


def kind(dtype: onp.dtype) -> str:
    """'b', 'i', 'u', 'f' or 'c' (bfloat16 counts as 'f')."""
    return "f" if dtype == bfloat16 else dtype.kind


def to_dtype(x: Any) -> onp.dtype:
    """A ``numpy.dtype`` from a dtype, a scalar type (xnp's or NumPy's) or a dtype name."""
    if type(x) is onp.dtype:
        return x
    if isinstance(x, type) and issubclass(x, onp.generic):
        return onp.dtype(x)
    return onp.dtype(getattr(x, "dtype", x))


def _is_abstract(t: Any) -> bool:
    return (
        isinstance(t, type)
        and issubclass(t, onp.generic)
        and t.__module__ == "numpy"
        and (
            t
            in (
                onp.generic,
                onp.number,
                onp.integer,
                onp.signedinteger,
                onp.unsignedinteger,
                onp.inexact,
                onp.floating,
                onp.complexfloating,
            )
        )
    )


def issubdtype(a: Any, b: Any) -> bool:
    """``numpy.issubdtype`` that knows bfloat16 is a floating type."""
    a = to_dtype(a)
    if _is_abstract(b):
        if a == bfloat16:
            return b in (onp.floating, onp.inexact, onp.number, onp.generic)
        return onp.issubdtype(a, b)
    return a == to_dtype(b)


def _promote_strong(a: onp.dtype, b: onp.dtype) -> onp.dtype:
    if a == b:
        return a
    if a == bfloat16 or b == bfloat16:
        other = b if a == bfloat16 else a
        if other == bfloat16:
            return bfloat16
        if other == onp.dtype("float16"):
            return onp.dtype("float32")
        r = onp.promote_types(onp.dtype("float16"), other)
        return bfloat16 if r == onp.dtype("float16") else r
    return onp.promote_types(a, b)


def _weak_into(strong: onp.dtype, k: str) -> onp.dtype:
    """NEP 50: the dtype of ``strong op scalar`` for a Python scalar of kind ``k``."""
    sk = kind(strong)
    if _KIND_RANK[k] <= _KIND_RANK[sk]:
        return strong
    if k == "c":
        if sk == "f":
            return (
                onp.dtype("complex128")
                if strong == onp.dtype("float64")
                else onp.dtype("complex64")
            )
        return default_dtype("c")
    return default_dtype(k)


def dtype_and_weak(x: Any) -> tuple[onp.dtype, bool]:
    """The (uncanonicalized) dtype of a value and whether it is weakly typed."""
    t = type(x)
    if t in _PY_KIND:
        return default_dtype(_PY_KIND[t]), True
    aval = getattr(x, "aval", None)
    if aval is not None and hasattr(aval, "weak_type"):
        return aval.dtype, aval.weak_type
    if isinstance(x, onp.ndarray | onp.generic):
        return x.dtype, False
    dt = getattr(x, "dtype", None)
    if dt is not None:
        return onp.dtype(dt), False
    if isinstance(x, str):
        raise TypeError(f"xnp has no string dtype; got {x!r}")
    return onp.dtype(x), False


def _as_dtype_weak(x: Any) -> tuple[onp.dtype, bool]:
    if x is None:
        raise TypeError("result_type: None is not a dtype or array")
    if isinstance(x, type) and x in _PY_KIND:
        return default_dtype(_PY_KIND[x]), True
    if isinstance(x, onp.dtype | type | str):
        return to_dtype(x), False
    return dtype_and_weak(x)


def _promote_strong_all(dts: list[onp.dtype]) -> onp.dtype:
    """NumPy's ``result_type`` of several strong dtypes, which is not a pairwise fold.

    (``result_type(int8, uint8, float16)`` is float16 although ``promote_types`` of int8 and
    uint8 is int16, and int16 with float16 is float32.) bfloat16 takes float16's place in
    NumPy's lattice, except beside float16 itself, where both go to float32.
    """
    if len(dts) == 1:
        return dts[0]
    if bfloat16 not in dts:
        return onp.result_type(*dts)
    others = [d for d in dts if d != bfloat16]
    if not others:
        return bfloat16
    if onp.dtype("float16") in others:
        return onp.result_type(onp.dtype("float32"), *others)
    r = onp.result_type(onp.dtype("float16"), *others)
    return bfloat16 if r == onp.dtype("float16") else r


def promote(items: list[tuple[onp.dtype, bool]]) -> tuple[onp.dtype, bool]:
    """Promote (dtype, weak) pairs by NEP 50; returns the result and whether it is weak."""
    strongs = []
    weak_dtype = None
    for dt, weak in items:
        if weak:
            weak_dtype = dt if weak_dtype is None else _promote_strong(weak_dtype, dt)
        else:
            strongs.append(dt)
    if not strongs:
        return weak_dtype, True
    strong = _promote_strong_all(strongs)
    if weak_dtype is None:
        return strong, False
    k = kind(weak_dtype)
    return _weak_into(strong, k), False


def result_type(*args: Any, return_weak_type: bool = False) -> Any:
    """NumPy 2's ``result_type``: dtypes, arrays and Python scalars (NEP 50), canonicalized."""
    if not args:
        raise ValueError("at least one array or dtype is required")
    dt, weak = promote([_as_dtype_weak(a) for a in args])
    dt = canonicalize_dtype(dt)
    return (dt, weak) if return_weak_type else dt


def promote_types(a: Any, b: Any) -> onp.dtype:
    """NumPy's ``promote_types`` (symmetric dtype promotion, no value-based casting)."""
    return canonicalize_dtype(_promote_strong(to_dtype(a), to_dtype(b)))


def is_python_scalar(x: Any) -> bool:
    return type(x) in _PY_KIND


def scalar_type_of(dtype: onp.dtype) -> type:
    """Python type whose values have this dtype's kind (bool, int, float or complex)."""
    k = kind(dtype)
    return {"b": builtins.bool, "i": builtins.int, "u": builtins.int, "f": builtins.float}.get(
        k, builtins.complex
    )


def finfo(dtype: Any) -> Any:
    """``numpy.finfo`` that also knows bfloat16."""
    dt = to_dtype(dtype)
    if dt == bfloat16:
        return ml_dtypes.finfo(dt)
    return onp.finfo(dt)


def iinfo(dtype: Any) -> onp.iinfo:
    return onp.iinfo(to_dtype(dtype))
