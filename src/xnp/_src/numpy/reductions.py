"""NumPy's reductions: sum, prod, max, min, mean, all, any, argmax, argmin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import reductions as lax_red
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import util

ArrayLike = Any


def _sum_dtype(dt: onp.dtype) -> onp.dtype:
    """NumPy sums bools and small integers in the default integer type."""
    k = dtypes.kind(dt)
    if k == "b" or (k == "i" and dt.itemsize < dtypes.int_().itemsize):
        return dtypes.int_()
    if k == "u" and dt.itemsize < dtypes.int_().itemsize:
        return dtypes.canonicalize_dtype(onp.uint64)
    return dt


def _reduction(name: str, lax_fn: Callable, identity: Any, dtype_rule: Callable | None,
               kinds: str = "biufc") -> Callable:  # fmt: skip
    def reduce(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
               keepdims: bool = False, initial: Any = None, where: Any = None) -> Any:  # fmt: skip
        if out is not None:
            raise NotImplementedError(f"{name}: the `out` argument is not supported; arrays are "
                                      "values (use the result)")  # fmt: skip
        a = util.asarray(a, name)
        if dtypes.kind(a.dtype) not in kinds:
            raise TypeError(f"{name} does not accept dtype {a.dtype.name}")
        axes = util.canonical_axes(name, axis, a.ndim)
        if dtype is not None:
            dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        elif dtype_rule is not None:
            dt = dtype_rule(a.dtype)
        else:
            dt = a.dtype
        if dt != a.dtype:
            a = lax_shapes.convert_element_type(a, dt)
        if where is not None:
            if identity is None:
                if initial is None:
                    raise ValueError(f"reduction operation '{name}' does not have an identity, "
                                     "so to use a where mask one has to specify 'initial'")
                fill = initial
            else:
                fill = identity(a.dtype)
            w = util.broadcast_to(util.asarray(where), a.shape, name)
            a = lax.select(w, a, lax_shapes.broadcast_in_dim(
                lax.utils.const(a, fill) if dtypes.is_python_scalar(fill) else
                lax_shapes.convert_element_type(util.asarray(fill), a.dtype), a.shape, ()))  # fmt: skip
        if identity is None and any(a.shape[i] == 0 for i in axes) and initial is None:
            raise ValueError(
                f"zero-size array to reduction operation {name} which has no identity "
                f"(shape {a.shape}, axis {axis})"
            )
        r = lax_fn(a, axes)
        if initial is not None:
            from xnp._src.numpy import ufuncs

            comb = {"sum": ufuncs.add, "prod": ufuncs.multiply, "max": ufuncs.maximum,
                    "min": ufuncs.minimum}[name]  # fmt: skip
            r = lax_shapes.convert_element_type(comb(r, initial), r.dtype)
        if keepdims:
            r = lax_shapes.reshape(r, tuple(1 if i in axes else d for i, d in enumerate(a.shape)))
        return r

    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = f"NumPy's ``{name}`` over ``axis`` (see ``numpy.{name}``)."
    return reduce


def _bool_reduce(op: Callable) -> Callable:
    def fn(a: Any, axes: tuple) -> Any:
        if a.dtype != onp.bool_:
            a = lax.ne(a, lax.utils.const(a, 0))
        return op(a, axes)

    return fn


sum = _reduction("sum", lax_red.reduce_sum, lambda dt: 0, _sum_dtype)  # noqa: A001
prod = _reduction("prod", lax_red.reduce_prod, lambda dt: 1, _sum_dtype)
max = _reduction("max", lax_red.reduce_max, None, None)  # noqa: A001
min = _reduction("min", lax_red.reduce_min, None, None)  # noqa: A001
all = _reduction("all", _bool_reduce(lax_red.reduce_and), lambda dt: True,  # noqa: A001
                 lambda dt: onp.dtype(bool))  # fmt: skip
any = _reduction("any", _bool_reduce(lax_red.reduce_or), lambda dt: False,  # noqa: A001
                 lambda dt: onp.dtype(bool))  # fmt: skip
amax, amin = max, min


def mean(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
         keepdims: bool = False, *, where: Any = None) -> Any:  # fmt: skip
    """Arithmetic mean over ``axis`` (integers are averaged in float64, as NumPy does)."""
    a = util.asarray(a, "mean")
    axes = util.canonical_axes("mean", axis, a.ndim)
    if dtype is not None:
        dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    elif dtypes.kind(a.dtype) in "biu":
        dt = dtypes.float_()
    else:
        dt = a.dtype
    total = sum(a, axis=axes, dtype=dt, keepdims=keepdims, where=where)
    if where is None:
        n = 1
        for i in axes:
            n *= a.shape[i]
        count = lax.utils.const(total, n)
    else:
        w = util.broadcast_to(util.asarray(where), a.shape, "mean")
        count = sum(w, axis=axes, dtype=dt, keepdims=keepdims)
    return lax.div(total, util.broadcast_to(count, total.shape))


def _arg(name: str, fn: Callable) -> Callable:
    def argfn(a: ArrayLike, axis: int | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:  # fmt: skip
        a = util.asarray(a, name)
        if axis is None:
            flat = lax_shapes.reshape(a, (a.size,))
            if a.size == 0:
                raise ValueError(f"attempt to get {name} of an empty sequence")
            r = fn(flat, 0, dtypes.int_())
            if keepdims:
                r = lax_shapes.reshape(r, (1,) * a.ndim)
            return r
        ax = util.canonical_axes(name, axis, a.ndim)[0]
        if a.shape[ax] == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        r = fn(a, ax, dtypes.int_())
        if keepdims:
            r = lax_shapes.expand_dims(r, (ax,))
        return r

    argfn.__name__ = argfn.__qualname__ = name
    argfn.__doc__ = f"NumPy's ``{name}`` (the first index among ties; NaN wins)."
    return argfn


argmax = _arg("argmax", lax_red.argmax)
argmin = _arg("argmin", lax_red.argmin)
