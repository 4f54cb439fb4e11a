"""Argument conversion shared by the special functions: SciPy's ufunc loops are float32 and
float64 (``f``/``d``), so integers and bools compute in float64 and float16/bfloat16 in float32;
arguments broadcast together."""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import util
from xnp._src.typing import ArrayLike


def float_args(name: str, *args: ArrayLike) -> list[Any]:
    """``args`` promoted together to SciPy's float loop dtype and broadcast."""
    arrs = util.promote_args(name, *args)
    dt = onp.dtype(arrs[0].dtype)
    if dt.kind == "c":
        raise TypeError(f"{name}: complex inputs are not supported (got {dt})")
    if dt.kind in "biu":
        target = onp.dtype(onp.float64)
    elif dt == onp.float16 or dt == dtypes.bfloat16:
        target = onp.dtype(onp.float32)
    else:
        target = dt
    return [lax_shapes.convert_element_type(a, target, False) for a in arrs]


def finfo_eps(x: Any) -> float:
    return float(onp.finfo(onp.dtype(x.dtype)).eps)


def via_float64(fn: Any) -> Any:
    """Evaluate ``fn`` in float64 and round to the inputs' dtype: the exp/log compositions
    lose ``eps * |gammaln|`` relative accuracy, which float64 makes negligible for float32."""

    def wrapped(*args: Any) -> Any:
        dt = args[0].dtype
        if dt == onp.float64:
            return fn(*args)
        out = fn(*(a.astype(onp.float64) for a in args))
        if isinstance(out, tuple):  # sici, shichi, ...: each output rounded
            return tuple(o.astype(dt) for o in out)
        return out.astype(dt)

    return wrapped
