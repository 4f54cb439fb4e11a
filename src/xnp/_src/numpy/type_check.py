"""NumPy's dtype queries: isdtype, common_type, mintypecode, typename, min_scalar_type,
iterable, isnat. They read dtypes (and, for ``min_scalar_type`` of a scalar, a value), never
compute on arrays; xnp arrays, tracers and ``bfloat16`` are understood."""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray

_KINDS = {
    "bool": "b",
    "signed integer": "i",
    "unsigned integer": "u",
    "integral": "iu",
    "real floating": "f",
    "complex floating": "c",
    "numeric": "iufc",
}


def _dtype_of(x: Any) -> onp.dtype:
    if isinstance(x, ndarray | core.Tracer):
        return x.dtype
    return onp.asarray(x).dtype


def isdtype(dtype: Any, kind: Any) -> bool:
    """NumPy's (and the array API's) ``isdtype``: whether ``dtype`` is of ``kind``, a name
    (``"bool"``, ``"signed integer"``, ``"unsigned integer"``, ``"integral"``,
    ``"real floating"``, ``"complex floating"``, ``"numeric"``), a dtype, or a tuple of them.
    ``bfloat16`` is a real floating dtype."""
    if isinstance(dtype, type) or dtype is dtypes.bfloat16:  # NumPy's and xnp's scalar types
        try:
            dtype = dtypes.to_dtype(dtype)
        except TypeError:
            pass
    if not isinstance(dtype, onp.dtype):
        raise TypeError(
            f"isdtype: dtype argument must be a NumPy dtype, but it is a {type(dtype)}."
        )
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if isinstance(k, str):
            if k not in _KINDS:
                raise ValueError(
                    f"isdtype: kind argument is a string, but {k!r} is not a known kind name."
                )
            if (
                dtypes.kind(dtype) in _KINDS[k]
                and dtype.kind != "V"
                or (dtype == dtypes.bfloat16 and "f" in _KINDS[k])
            ):
                return True
        else:
            try:
                if onp.dtype(k) == dtype:
                    return True
            except TypeError as e:
                raise TypeError(
                    f"isdtype: kind argument must be comprised of NumPy dtypes or "
                    f"strings only, but is a {type(k)}."
                ) from e
    return False


_PRECISION = {"e": 0, "f": 1, "d": 2, "g": 3, "F": 1, "D": 2, "G": 3}


def common_type(*arrays: Any) -> type:
    """NumPy's ``common_type``: the inexact scalar type of the arrays' common precision
    (integers count as float64; ``bfloat16`` alone stays ``bfloat16``)."""
    is_complex = False
    precision = 0
    only_bf16 = bool(arrays)
    for a in arrays:
        dt = _dtype_of(a)
        if dt == dtypes.bfloat16:
            continue
        only_bf16 = False
        if dt.kind == "c":
            is_complex = True
        if dt.kind in "iu":
            p = 2
        else:
            p = _PRECISION.get(dt.char)
            if p is None:
                raise TypeError(
                    f"common_type: can't get common type for non-numeric array (dtype {dt})"
                )
        precision = max(precision, p)
    if only_bf16:
        return dtypes.bfloat16.type
    char = "FDG"[precision - 1] if is_complex else "efdg"[precision]  # a complex has p >= 1
    return onp.dtype(char).type


def mintypecode(typechars: Any, typeset: str = "GDFgdf", default: str = "d") -> str:
    """NumPy's ``mintypecode``: the smallest type character of ``typeset`` that every type
    in ``typechars`` (characters, or arrays whose dtypes are used) can be safely cast to."""
    chars = [t if isinstance(t, str) else _dtype_of(t).char for t in typechars]
    return onp.mintypecode(chars, typeset=typeset, default=default)


def typename(char: str) -> str:
    """NumPy's ``typename``: a description of a type character."""
    return onp.typename(char)


def min_scalar_type(a: Any, /) -> onp.dtype:
    """NumPy's ``min_scalar_type``: for a scalar (or 0-d array) the smallest dtype holding
    its value, else the array's dtype. A traced 0-d array has no known value and raises."""
    if isinstance(a, ndarray | core.Tracer):
        if a.ndim:
            return a.dtype
        if isinstance(a, core.Tracer) and a.to_concrete_value() is None:
            raise core.ConcretizationTypeError(
                "min_scalar_type: the result depends on the value of a traced 0-d array"
            )
        a = onp.asarray(a.to_concrete_value() if isinstance(a, core.Tracer) else a._value)
    if onp.asarray(a).dtype == dtypes.bfloat16:
        return dtypes.bfloat16
    return onp.min_scalar_type(a)


def iterable(y: Any) -> bool:
    """NumPy's ``iterable``: whether ``iter(y)`` works (a 0-d array is not iterable)."""
    try:
        iter(y)
    except TypeError:
        return False
    return True


def isnat(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
    """NumPy's ``isnat`` is defined for datetime64 and timedelta64 arrays only, which xnp
    arrays cannot hold (XLA has no datetime types): like NumPy for any other dtype, it raises
    ``TypeError``."""
    raise TypeError(
        "ufunc 'isnat' is only defined for np.datetime64 and np.timedelta64 "
        f"(xnp arrays cannot hold datetimes; got {type(x).__name__})"
    )
