"""NumPy's reductions: sum, prod, max, min, mean, var, std, all, any, argmax, argmin, nan*.

Result dtypes are NumPy's: booleans and small integers sum in the default integer type, means
of integers are float64, and float16/bfloat16 accumulate in float32 before rounding back.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import reductions as lax_red
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.lax import windowed
from xnp._src.numpy import lax_numpy, ufuncs, util

ArrayLike = Any
_HALF = (onp.dtype(onp.float16), dtypes.bfloat16)
_F32 = onp.dtype(onp.float32)


def _sum_dtype(dt: onp.dtype) -> onp.dtype:
    """NumPy sums bools and small integers in the default (unsigned) integer type."""
    k = dtypes.kind(dt)
    if k == "b" or (k == "i" and dt.itemsize < dtypes.int_().itemsize):
        return dtypes.int_()
    if k == "u" and dt.itemsize < dtypes.int_().itemsize:
        return dtypes.default_dtype("u")
    return dt


def _same_dtype(dt: onp.dtype) -> onp.dtype:
    return dt


def _bool_dtype(dt: onp.dtype) -> onp.dtype:
    return onp.dtype(bool)


def _strong(x: Any) -> Any:
    return lax_shapes.convert_element_type(x, x.dtype, False) if x.aval.weak_type else x


def _cast(x: Any, dt: onp.dtype) -> Any:
    return lax_shapes.convert_element_type(x, dt) if x.dtype != dt or x.aval.weak_type else x


def _to_bool(x: Any) -> Any:
    return x if x.dtype == onp.bool_ else lax.ne(x, lax_utils.full(x.shape, 0, x.dtype))


def _axes(name: str, axis: Any, ndim: int) -> tuple[int, ...]:
    # NumPy lets a 0-d array be reduced over axis 0 (or -1): there is nothing to reduce.
    if ndim == 0 and axis is not None:
        for a in axis if isinstance(axis, tuple | list) else (axis,):
            if int(a) not in (0, -1):
                util.canonical_axes(name, a, 0)  # raises NumPy's AxisError
        return ()
    return util.canonical_axes(name, axis, ndim)


def _keep(r: Any, shape: tuple[int, ...], axes: tuple[int, ...]) -> Any:
    return lax_shapes.reshape(r, tuple(1 if i in axes else d for i, d in enumerate(shape)))


def _masked(name: str, a: Any, where: Any, fill: Any) -> Any:
    w = util.broadcast_to(_to_bool(util.asarray(where, name)), a.shape, name)
    fill_arr = _as_dtype(name, fill, a.dtype)
    return lax.select(w, a, util.broadcast_to(fill_arr, a.shape, name))


def _complex_extremum(x: Any, axes: tuple[int, ...], greater: bool) -> Any:
    # Lexicographic order: the extreme real part, then the extreme imaginary part among ties.
    re, im = lax.real(x), lax.imag(x)
    red = lax_red.reduce_max if greater else lax_red.reduce_min
    best_re = red(re, axes)
    kept = [i for i in range(x.ndim) if i not in axes]
    tie = lax.eq(re, lax_shapes.broadcast_in_dim(best_re, x.shape, kept))
    fill = lax_utils.full(x.shape, -onp.inf if greater else onp.inf, re.dtype)
    best_im = red(lax.select(tie, im, fill), axes)
    best = lax.complex(best_re, best_im)
    # A NaN in either part propagates (NumPy returns that element; xnp NaN in both parts).
    nan = lax.bitwise_or(lax.ne(re, re), lax.ne(im, im))
    any_nan = lax_red.reduce_or(nan, axes)
    return lax.select(any_nan, lax_utils.full(best.shape, complex("nan+nanj"), best.dtype), best)


_MONOIDS: dict[str, tuple[Callable[..., Any], Any, str]] = {
    # name -> (lax reduction, identity or None, NumPy's name for its errors)
    "sum": (lax_red.reduce_sum, 0, "add"),
    "prod": (lax_red.reduce_prod, 1, "multiply"),
    "max": (lax_red.reduce_max, None, "maximum"),
    "min": (lax_red.reduce_min, None, "minimum"),
    "all": (lax_red.reduce_and, True, "logical_and"),
    "any": (lax_red.reduce_or, False, "logical_or"),
    "bitwise_and_reduce": (lax_red.reduce_and, -1, "bitwise_and"),
    "bitwise_or_reduce": (lax_red.reduce_or, 0, "bitwise_or"),
    "bitwise_xor_reduce": (lax_red.reduce_xor, 0, "bitwise_xor"),
}


def _combine(name: str, r: Any, initial: Any) -> Any:
    op = {"sum": ufuncs.add, "prod": ufuncs.multiply, "max": ufuncs.maximum,
          "min": ufuncs.minimum, "all": ufuncs.logical_and, "any": ufuncs.logical_or,
          "bitwise_and_reduce": ufuncs.bitwise_and, "bitwise_or_reduce": ufuncs.bitwise_or,
          "bitwise_xor_reduce": ufuncs.bitwise_xor}[name]  # fmt: skip
    return _cast(op(r, _as_dtype(name, initial, r.dtype)), r.dtype)


def _as_dtype(name: str, value: Any, dt: onp.dtype) -> Any:
    """``value`` as an array of ``dt``; a Python scalar must fit (as in NumPy)."""
    if dtypes.is_python_scalar(value):
        return ufuncs._scalar(value, dt)
    return _cast(util.asarray(value, name), dt)


def _reduction(name: str, dtype_rule: Callable[[onp.dtype], onp.dtype],
               kinds: str = "biufc") -> Callable[..., Any]:  # fmt: skip
    lax_fn, identity, np_name = _MONOIDS[name]

    def reduce(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
               keepdims: bool = False, initial: Any = None, where: Any = None) -> Any:  # fmt: skip
        a = util.asarray(a, name)
        axes = _axes(name, axis, a.ndim)
        if dtypes.kind(a.dtype) not in kinds:
            raise TypeError(f"{name}: not supported for dtype {a.dtype.name}")
        if dtype is not None:
            dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        else:
            dt = dtype_rule(a.dtype)
        if name in ("all", "any"):
            x = _to_bool(a)
        else:
            x = _cast(a, dt)
        acc = _F32 if x.dtype in _HALF and name in ("sum", "prod") else x.dtype
        x = _cast(x, acc)
        if where is not None and where is not True:
            if identity is None and initial is None:
                raise ValueError(f"reduction operation '{np_name}' does not have an identity, "
                                 "so to use a where mask one has to specify 'initial'")  # fmt: skip
            x = _masked(name, x, where, identity if identity is not None else initial)
        if identity is None and initial is None and builtins.any(a.shape[i] == 0 for i in axes):
            raise ValueError(f"zero-size array to reduction operation {np_name} which has no "
                             f"identity (shape {a.shape}, axis {axis})")  # fmt: skip
        if dtypes.kind(x.dtype) == "c" and name in ("max", "min"):
            r = _complex_extremum(x, axes, name == "max")
        else:
            r = lax_fn(x, axes)
        r = _cast(r, dt if name not in ("all", "any") else r.dtype)
        if initial is not None:
            r = _combine(name, r, initial)
        if keepdims:
            r = _keep(r, a.shape, axes)
        r = _strong(r)
        if out is not None:
            return ufuncs._write_out(name, out, r)
        return r

    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = f"NumPy's ``{name}`` over ``axis`` (see ``numpy.{name}``)."
    return reduce


sum = _reduction("sum", _sum_dtype, "biufc")  # noqa: A001
prod = _reduction("prod", _sum_dtype, "biufc")
max = _reduction("max", _same_dtype)  # noqa: A001
min = _reduction("min", _same_dtype)  # noqa: A001
all = _reduction("all", _bool_dtype)  # noqa: A001
any = _reduction("any", _bool_dtype)  # noqa: A001
bitwise_and_reduce = _reduction("bitwise_and_reduce", _same_dtype, "biu")
bitwise_or_reduce = _reduction("bitwise_or_reduce", _same_dtype, "biu")
bitwise_xor_reduce = _reduction("bitwise_xor_reduce", _same_dtype, "biu")
amax, amin = max, min


def _count(a: Any, axes: tuple[int, ...], where: Any, keepdims: bool, dt: onp.dtype) -> Any:
    """The number of elements reduced: a Python int, or an array of ``dt`` with ``where``."""
    if where is None or where is True:
        n = 1
        for i in axes:
            n *= a.shape[i]
        return n
    w = util.broadcast_to(_to_bool(util.asarray(where)), a.shape)
    return sum(w, axis=axes, dtype=dt, keepdims=keepdims)


def _mean_dtype(a: Any, dtype: Any) -> onp.dtype:
    if dtype is not None:
        return dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(a.dtype) in "biu":
        return dtypes.float_()
    return a.dtype


def mean(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
         keepdims: bool = False, *, where: Any = None) -> Any:  # fmt: skip
    """Arithmetic mean over ``axis``: integers average in float64, float16 in float32 (rounded
    back), as NumPy does. An empty slice gives NaN (without NumPy's warning)."""
    a = util.asarray(a, "mean")
    axes = util.canonical_axes("mean", axis, a.ndim)
    dt = _mean_dtype(a, dtype)
    if where is None or where is True:
        r = _mean_jit(a, axes=axes, dt=dt, keepdims=bool(keepdims))
    else:
        r = _mean(a, util.asarray(where, "mean"), axes=axes, dt=dt, keepdims=keepdims)
    return r if out is None else _out("mean", out, r)


def _mean(a: Any, where: Any = None, *, axes: tuple[int, ...], dt: onp.dtype,
          keepdims: bool) -> Any:  # fmt: skip
    acc = _F32 if dt in _HALF else dt
    total = sum(a, axis=axes, dtype=acc, keepdims=keepdims, where=where)
    count = _count(a, axes, where, keepdims, acc)
    if type(count) is int:
        count = lax_utils.full(total.shape, count, total.dtype)
    return _cast(lax.div(total, count), dt)


def _compiled(fn: Callable[..., Any], *static: str) -> Callable[..., Any]:
    from xnp._src.api import jit

    return jit(fn, static_argnames=static, inline=True)


# Several operations: one program per signature (inlined under other transformations).
_mean_jit = _compiled(_mean, "axes", "dt", "keepdims")


def _out(name: str, out: Any, r: Any) -> Any:
    return ufuncs._write_out(name, out, r)


def var(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None, ddof: float = 0,
        keepdims: bool = False, *, where: Any = None, mean: Any = None,
        correction: Any = None) -> Any:  # fmt: skip
    """Variance: the mean of ``abs(x - x.mean())**2``, divided by ``N - ddof`` instead of ``N``.
    Complex input gives a real result; integers give float64. Computed in NumPy's steps and
    dtypes (float16 stays float16 between them)."""
    a = util.asarray(a, "var")
    if correction is not None:
        if ddof != 0:
            raise ValueError("var: ddof and correction can't be provided simultaneously")
        ddof = correction
    axes = util.canonical_axes("var", axis, a.ndim)
    dt = None if dtype is None and dtypes.kind(a.dtype) in "fc" else _mean_dtype(a, dtype)
    if (where is None or where is True) and mean is None:
        r = _var_jit(a, axes=axes, dt=dt, ddof=ddof, keepdims=bool(keepdims))
    else:
        w = None if where is None or where is True else util.asarray(where, "var")
        m = None if mean is None else util.asarray(mean, "var")
        r = _var(a, w, m, axes=axes, dt=dt, ddof=ddof, keepdims=keepdims)
    return r if out is None else _out("var", out, r)


def _var(a: Any, where: Any = None, mean: Any = None, *, axes: tuple[int, ...],
         dt: onp.dtype | None, ddof: float, keepdims: bool) -> Any:  # fmt: skip
    count = _count(a, axes, where, True, dtypes.int_())
    if mean is None:
        # NumPy divides in place (out=, casting='unsafe'): the mean keeps the sum's dtype.
        s = sum(a, axis=axes, dtype=dt, keepdims=True, where=where)
        m = ufuncs.divide(s, count)
        m = _cast(m, s.dtype) if dtypes.kind(s.dtype) in "fc" else m
    else:
        m = mean
    d = ufuncs.subtract(a, m)
    if dtypes.kind(d.dtype) == "c":
        re, im = lax.real(d), lax.imag(d)
        sq = ufuncs.add(ufuncs.multiply(re, re), ufuncs.multiply(im, im))
    else:
        sq = ufuncs.multiply(d, d)
    total = sum(sq, axis=axes, dtype=dt, keepdims=keepdims, where=where)
    n = _count(a, axes, where, keepdims, dtypes.int_())
    denom = ufuncs.maximum(ufuncs.subtract(n, ddof), 0)
    return _cast(ufuncs.divide(total, denom), total.dtype)


_var_jit = _compiled(_var, "axes", "dt", "ddof", "keepdims")


def std(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None, ddof: float = 0,
        keepdims: bool = False, *, where: Any = None, mean: Any = None,
        correction: Any = None) -> Any:  # fmt: skip
    """Standard deviation: ``sqrt(var(...))`` (see ``var``)."""
    v = var(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims, where=where, mean=mean,
            correction=correction)  # fmt: skip
    r = ufuncs.sqrt(v)
    return r if out is None else _out("std", out, r)


# ----------------------------------------------------------------------------- NaN-ignoring


def _nan_to(a: Any, value: Any) -> Any:
    if dtypes.kind(a.dtype) not in "fc":
        return a
    return lax.select(ufuncs.isnan(a), lax_utils.full(a.shape, value, a.dtype), a)


def nansum(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
           keepdims: bool = False, initial: Any = None, where: Any = None) -> Any:  # fmt: skip
    """``sum`` treating NaN as zero."""
    a = _nan_to(util.asarray(a, "nansum"), 0)
    return sum(a, axis, dtype, out, keepdims, initial, where)


def nanprod(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: bool = False, initial: Any = None, where: Any = None) -> Any:  # fmt: skip
    """``prod`` treating NaN as one."""
    a = _nan_to(util.asarray(a, "nanprod"), 1)
    return prod(a, axis, dtype, out, keepdims, initial, where)


def _nan_extremum(name: str, fn: Callable[..., Any], fill: float) -> Callable[..., Any]:
    def reduce(a: ArrayLike, axis: Any = None, out: Any = None, keepdims: bool = False,
               initial: Any = None, where: Any = None, dtype: Any = None) -> Any:  # fmt: skip
        a = util.asarray(a, name)
        if dtypes.kind(a.dtype) not in "fc":
            return fn(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
        nan = ufuncs.isnan(a)
        r = fn(_nan_to(a, fill), axis=axis, keepdims=keepdims, initial=initial, where=where)
        all_nan = all(nan, axis=axis, keepdims=keepdims, where=where)
        r = lax.select(all_nan, lax_utils.full(r.shape, onp.nan, r.dtype), r)
        return r if out is None else _out(name, out, r)

    reduce.__name__ = reduce.__qualname__ = name
    reduce.__doc__ = (f"``{fn.__name__}`` ignoring NaN; an all-NaN slice gives NaN (without "
                      "NumPy's warning).")  # fmt: skip
    return reduce


nanmax = _nan_extremum("nanmax", max, -onp.inf)
nanmin = _nan_extremum("nanmin", min, onp.inf)


def _nan_axis(name: str, axis: Any, ndim: int) -> Any:
    # For inexact input the nan* functions reduce with ufuncs, which accept axis 0 for 0-d
    # arrays (for other dtypes they defer to mean/var, which do not).
    return None if ndim == 0 and _axes(name, axis, 0) == () else axis


def nanmean(
    a: ArrayLike,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    *,
    where: Any = None,
) -> Any:
    """``mean`` of the non-NaN elements (NaN for an all-NaN slice, without NumPy's warning).
    As in NumPy, the sum is rounded to the result dtype before the division."""
    a = util.asarray(a, "nanmean")
    if dtypes.kind(a.dtype) not in "fc":
        return mean(a, axis, dtype, out, keepdims, where=where)
    axis = _nan_axis("nanmean", axis, a.ndim)
    keep = ufuncs.logical_not(ufuncs.isnan(a))
    if where is not None and where is not True:
        keep = ufuncs.logical_and(keep, where)
    dt = _mean_dtype(a, dtype)
    total = sum(a, axis=axis, dtype=dt, keepdims=keepdims, where=keep)
    count = sum(keep, axis=axis, keepdims=keepdims)
    acc = _F32 if dt in _HALF else dt
    r = _cast(lax.div(_cast(total, acc), _cast(count, acc)), dt)
    return r if out is None else _out("nanmean", out, r)


def nanvar(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
           ddof: float = 0, keepdims: bool = False, *, where: Any = None) -> Any:  # fmt: skip
    """``var`` of the non-NaN elements."""
    a = util.asarray(a, "nanvar")
    if dtypes.kind(a.dtype) in "fc":
        axis = _nan_axis("nanvar", axis, a.ndim)
        keep = ufuncs.logical_not(ufuncs.isnan(a))
        where = keep if where is None or where is True else ufuncs.logical_and(keep, where)
    return var(a, axis, dtype, out, ddof, keepdims, where=where)


def nanstd(a: ArrayLike, axis: Any = None, dtype: Any = None, out: Any = None,
           ddof: float = 0, keepdims: bool = False, *, where: Any = None) -> Any:  # fmt: skip
    """``std`` of the non-NaN elements."""
    r = ufuncs.sqrt(nanvar(a, axis, dtype, None, ddof, keepdims, where=where))
    return r if out is None else _out("nanstd", out, r)


def ptp(a: ArrayLike, axis: Any = None, out: Any = None, keepdims: bool = False) -> Any:
    """Peak to peak: ``max - min`` along ``axis``."""
    r = ufuncs.subtract(max(a, axis, keepdims=keepdims), min(a, axis, keepdims=keepdims))
    return r if out is None else _out("ptp", out, r)


def count_nonzero(a: ArrayLike, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The number of nonzero elements along ``axis`` (int64)."""
    a = util.asarray(a, "count_nonzero")
    return sum(_to_bool(a), axis=axis, dtype=dtypes.int_(), keepdims=keepdims)


# ----------------------------------------------------------------------------- argmax, argmin


def _arg(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    greater = name == "argmax"

    def argfn(a: ArrayLike, axis: int | None = None, out: Any = None, *,
              keepdims: bool = False) -> Any:  # fmt: skip
        a = util.asarray(a, name)
        if axis is None:
            x, ax = lax_shapes.reshape(a, (a.size,)), 0
        else:
            x, ax = a, _axes(name, axis, a.ndim)[0]
        if x.shape[ax] == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        if dtypes.kind(x.dtype) == "c":
            x = _complex_arg_key(x, ax, greater)
        r = fn(x, ax, dtypes.int_())
        if keepdims:
            r = lax_shapes.reshape(r, (1,) * a.ndim) if axis is None else (
                lax_shapes.expand_dims(r, (ax,)))  # fmt: skip
        return r if out is None else _out(name, out, r)

    argfn.__name__ = argfn.__qualname__ = name
    argfn.__doc__ = f"NumPy's ``{name}`` (the first index among ties; the first NaN wins)."
    return argfn


def _complex_arg_key(x: Any, ax: int, greater: bool) -> Any:
    # A bool key whose first True is NumPy's answer: the first NaN, else the first extremum.
    nan = ufuncs.isnan(x)
    best = _complex_extremum(x, (ax,), greater)
    kept = [i for i in range(x.ndim) if i != ax]
    is_best = lax.eq(x, lax_shapes.broadcast_in_dim(best, x.shape, kept))
    any_nan = lax_shapes.broadcast_in_dim(lax_red.reduce_or(nan, (ax,)), x.shape, kept)
    key = lax.select(any_nan, nan, is_best)
    return key if greater else lax.bitwise_not(key)


argmax = _arg("argmax", lax_red.argmax)
argmin = _arg("argmin", lax_red.argmin)


# ----------------------------------------------------------------------------- cumulative


def _cumulative(name: str, lax_name: str, dtype_rule: Callable[[onp.dtype], onp.dtype]):
    def cumulative(a: ArrayLike, axis: int | None = None, dtype: Any = None,
                   out: Any = None) -> Any:  # fmt: skip
        x = util.asarray(a, name)
        if axis is None or x.ndim == 0:
            x = lax_shapes.reshape(x, (x.size,))
        ax = 0 if axis is None else util.canonical_axes(name, axis, x.ndim)[0]
        dt = dtype_rule(x.dtype) if dtype is None else dtypes.canonicalize_dtype(
            dtypes.to_dtype(dtype))  # fmt: skip
        if dtypes.kind(dt) == "b":  # maximum/minimum accumulate booleans as such
            x = _to_bool(x)
        x = _cast(x, dt)
        r = _strong(getattr(windowed, lax_name)(x, ax)) if x.shape[ax] else _strong(x)
        return r if out is None else _out(name, out, r)

    cumulative.__name__ = cumulative.__qualname__ = name
    cumulative.__doc__ = (f"NumPy's ``{name}`` along ``axis`` (the flattened array by "
                          "default), with NumPy's result dtypes.")  # fmt: skip
    return cumulative


cumsum = _cumulative("cumsum", "cumsum", _sum_dtype)
cumprod = _cumulative("cumprod", "cumprod", _sum_dtype)
_cummax = _cumulative("maximum.accumulate", "cummax", _same_dtype)
_cummin = _cumulative("minimum.accumulate", "cummin", _same_dtype)


def nancumsum(a: ArrayLike, axis: int | None = None, dtype: Any = None, out: Any = None) -> Any:
    """``cumsum`` treating NaN as zero."""
    return cumsum(_nan_to(util.asarray(a, "nancumsum"), 0), axis, dtype, out)


def nancumprod(a: ArrayLike, axis: int | None = None, dtype: Any = None, out: Any = None) -> Any:
    """``cumprod`` treating NaN as one."""
    return cumprod(_nan_to(util.asarray(a, "nancumprod"), 1), axis, dtype, out)


def _array_api_cumulative(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def cumulative(x: ArrayLike, /, *, axis: int | None = None, dtype: Any = None,
                   include_initial: bool = False) -> Any:  # fmt: skip
        x = util.asarray(x, name)
        if axis is None:
            if x.ndim > 1:
                raise ValueError(f"{name}: axis must be given for arrays of more than one "
                                 f"dimension (shape {x.shape})")  # fmt: skip
            axis = 0
        r = fn(x, axis=axis, dtype=dtype)
        if include_initial:
            ax = util.canonical_axes(name, axis, r.ndim)[0]
            shape = tuple(1 if i == ax else d for i, d in enumerate(r.shape))
            first = lax_utils.full(shape, 0 if fn is cumsum else 1, r.dtype)
            r = lax_numpy.concatenate([first, r], axis=ax)
        return r

    cumulative.__name__ = cumulative.__qualname__ = name
    cumulative.__doc__ = (
        f"The array API's ``{name}`` (NumPy 2.1): ``{fn.__name__}`` along one axis."
    )
    return cumulative


cumulative_sum = _array_api_cumulative("cumulative_sum", cumsum)
cumulative_prod = _array_api_cumulative("cumulative_prod", cumprod)


def logsumexp(a: ArrayLike, axis: Any = None, b: ArrayLike = None, keepdims: bool = False,
              return_sign: bool = False) -> Any:  # fmt: skip
    """``log(sum(b * exp(a)))`` over ``axis``, computed without overflow (SciPy's
    ``logsumexp``; an internal helper of the NumPy layer for the SciPy one)."""
    a = util.asarray(a, "logsumexp")
    if dtypes.kind(a.dtype) not in "fc":
        a = _cast(a, dtypes.float_())
    amax = max(a, axis=axis, keepdims=True) if a.size else lax_utils.full((), 0, a.dtype)
    finite = ufuncs.isfinite(amax)
    amax = lax_numpy.where(finite, amax, lax_utils.full(amax.shape, 0, amax.dtype))
    e = ufuncs.exp(ufuncs.subtract(a, amax))
    if b is not None:
        e = ufuncs.multiply(e, b)
    s = sum(e, axis=axis, keepdims=True)
    sign = ufuncs.sign(s)
    out = ufuncs.add(ufuncs.log(ufuncs.absolute(s) if return_sign else s), amax)
    if not keepdims:
        axes = util.canonical_axes("logsumexp", axis, a.ndim)
        out = lax_shapes.squeeze(out, axes)
        sign = lax_shapes.squeeze(sign, axes)
    return (out, sign) if return_sign else out


ufuncs.REDUCERS.update({
    "add": sum, "multiply": prod, "maximum": max, "minimum": min, "logical_and": all,
    "logical_or": any, "bitwise_and": bitwise_and_reduce, "bitwise_or": bitwise_or_reduce,
    "bitwise_xor": bitwise_xor_reduce, "fmax": nanmax, "fmin": nanmin,
})  # fmt: skip
ufuncs.ACCUMULATORS.update({"add": cumsum, "multiply": cumprod, "maximum": _cummax,
                            "minimum": _cummin})  # fmt: skip
