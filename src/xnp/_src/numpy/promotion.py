"""NumPy 2's ``result_type`` for the public API and n-ary functions.

NumPy's n-ary promotion is not a fold of pairwise promotion (``result_type(int8, uint8,
float16)`` is float16, though ``int8 + uint8`` is int16 and ``int16 + float16`` is float32), and
Python *types* (``int``, ``float``) promote as strong dtypes where Python *values* are weak.
So the public ``result_type`` and the functions that promote many arrays at once (concatenate,
stack, where, ...) ask NumPy itself; bfloat16, which NumPy lacks, uses xnp's table.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import util

_PY_TYPES = (builtins.bool, builtins.int, builtins.float, builtins.complex)
_WEAK_PLACEHOLDER = {"b": False, "i": 0, "u": 0, "f": 0.0, "c": 0j}


def _as_numpy_operand(x: Any) -> Any:
    """A dtype, or a Python scalar standing for a weak value."""
    if x is None:
        raise TypeError("result_type: None is not a dtype or array")
    if isinstance(x, type) and x in _PY_TYPES:
        return onp.dtype(x)
    if dtypes.is_python_scalar(x):
        return x
    if isinstance(x, onp.dtype | str) or isinstance(x, type):
        return dtypes.to_dtype(x)
    aval = getattr(x, "aval", None)
    if aval is not None:
        if aval.weak_type and aval.dtype != onp.bool_:
            return _WEAK_PLACEHOLDER[dtypes.kind(aval.dtype)]
        return aval.dtype
    dt = getattr(x, "dtype", None)
    if dt is not None:
        return dtypes.to_dtype(dt)
    return onp.asarray(x).dtype


def result_type(*args: Any, return_weak_type: bool = False) -> Any:
    """NumPy's ``result_type``: the dtype NumPy 2 gives an operation on ``args`` (dtypes,
    arrays, Python scalars, which are weak by NEP 50); bfloat16 promotes as in JAX."""
    if not args:
        raise ValueError("at least one array or dtype is required")
    ops = [_as_numpy_operand(a) for a in args]
    weak = all(dtypes.is_python_scalar(o) for o in ops)
    if any(isinstance(o, onp.dtype) and o == dtypes.bfloat16 for o in ops):
        dt, weak = dtypes.promote([(o, False) if isinstance(o, onp.dtype) else
                                   dtypes.dtype_and_weak(o) for o in ops])  # fmt: skip
    else:
        dt = onp.result_type(*ops)
    dt = dtypes.canonicalize_dtype(dt)
    return (dt, weak) if return_weak_type else dt


def promote(name: str, *args: Any) -> list[Any]:
    """``args`` as arrays of their NumPy result dtype (weak only if every one is weak)."""
    arrs = [a if isinstance(a, core.Tracer) else util.asarray(a, name) for a in args]
    dt, weak = result_type(*args, return_weak_type=True)
    return [a if a.dtype == dt and a.aval.weak_type == weak else
            lax_shapes.convert_element_type(a, dt, weak) for a in arrs]  # fmt: skip
