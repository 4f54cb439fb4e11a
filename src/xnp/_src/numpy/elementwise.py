"""NumPy's elementwise functions that are not ufuncs: round, clip, isclose, nan_to_num, ..."""

from __future__ import annotations

import builtins
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import lax_numpy, reductions, ufunc_impls, ufuncs, util
from xnp._src.typing import ArrayLike


def _strong(x: Any) -> Any:
    return lax_shapes.convert_element_type(x, x.dtype, False) if x.aval.weak_type else x


def round(a: ArrayLike, decimals: int = 0, out: Any = None) -> Any:  # noqa: A001
    """Round to ``decimals`` decimals, halves to even (NumPy's algorithm: scale, ``rint``,
    unscale, so results carry the scaling's rounding error exactly as NumPy's do)."""
    x = util.asarray(a, "round")
    decimals = int(decimals)
    k = dtypes.kind(x.dtype)
    if k == "c":
        r = lax.complex(round(lax.real(x), decimals), round(lax.imag(x), decimals))
    elif k == "b" and decimals != 0:
        raise TypeError(f"round: cannot round a boolean array to {decimals} decimals (NumPy's "
                        "loop cannot cast the float result back to bool)")  # fmt: skip
    elif k in "iu":
        if decimals >= 0:
            r = _strong(x)
        else:
            f = float(10 ** (-decimals))
            r = _float_to_int_like_numpy(ufuncs.multiply(ufuncs.rint(ufuncs.divide(x, f)), f),
                                         x.dtype)  # fmt: skip
    elif decimals == 0:
        r = ufuncs.rint(x)
    elif decimals > 0:
        f = 10.0**decimals
        r = ufuncs.divide(ufuncs.rint(ufuncs.multiply(x, f)), f)
    else:
        f = 10.0 ** (-decimals)
        r = ufuncs.multiply(ufuncs.rint(ufuncs.divide(x, f)), f)
    return r if out is None else ufuncs._write_out("round", out, r)


around = round


def _float_to_int_like_numpy(y: Any, dt: onp.dtype) -> Any:
    # NumPy's unsafe float64 -> integer cast on x86-64: through a 64-bit (or 32-bit) integer,
    # wrapping into narrower types; out of range of that gives its minimum (round(int8(127),
    # -1) is -126, round(int32 min, -1) stays the int32 minimum).
    wide = onp.dtype(onp.int64 if dt.itemsize == 8 or dt == onp.uint32 else onp.int32)
    info = onp.iinfo(wide)
    in_range = lax.bitwise_and(lax.ge(y, float(info.min)), lax.lt(y, -float(info.min)))
    w = lax_shapes.convert_element_type(y, wide)
    w = lax.select(in_range, w, lax_utils.full(w.shape, int(info.min), wide))
    return lax_shapes.convert_element_type(w, dt)


def fix(x: ArrayLike, out: Any = None) -> Any:
    """Round toward zero."""
    return ufuncs.trunc(x, out=out)


def _clip(x: Any, lo: Any, hi: Any, *, has_lo: bool, has_hi: bool) -> Any:
    if has_lo:
        x = ufunc_impls.maximum(x, lo)
    if has_hi:
        x = ufunc_impls.minimum(x, hi)
    return x


_clip_jit = ufunc_impls.compiled(_clip, "clip", upcast_half=False)


def clip(a: ArrayLike, min: ArrayLike = None, max: ArrayLike = None, out: Any = None, *,  # noqa: A002
         a_min: ArrayLike = None, a_max: ArrayLike = None) -> Any:  # fmt: skip
    """``minimum(maximum(a, min), max)``; NaN propagates; either bound may be None.

    The bounds are named ``min``/``max`` (the array API's names, NumPy 2.1's keywords) and
    come second and third, so NumPy's positional ``clip(a, a_min, a_max)`` and its keywords
    ``a_min=``/``a_max=`` work too (but not mixed with ``min=``/``max=``).
    """
    if a_min is not None or a_max is not None:
        if min is not None or max is not None:
            raise ValueError("clip: passing `min` or `max` keyword argument when `a_min` and "
                             "`a_max` are provided is forbidden.")  # fmt: skip
        min, max = a_min, a_max  # noqa: A001
    lo, hi = min, max
    if lo is None and hi is None:
        x = _strong(util.asarray(a, "clip"))
    else:
        x = _strong(util.asarray(a, "clip"))
        if dtypes.kind(x.dtype) in "iu":
            # Python integer bounds beyond the array's range clip nothing (as in NumPy 2).
            info = onp.iinfo(x.dtype)
            lo, hi = (builtins.min(builtins.max(v, int(info.min)), int(info.max))
                      if type(v) is int else v for v in (lo, hi))  # fmt: skip
        args = [x] + [v for v in (lo, hi) if v is not None]
        promoted = util.promote_dtypes("clip", *args)
        x, rest = promoted[0], promoted[1:]
        lo_arr = rest.pop(0) if lo is not None else x
        hi_arr = rest.pop(0) if hi is not None else x
        x = _strong(_clip_jit(x, lo_arr, hi_arr, has_lo=lo is not None, has_hi=hi is not None))
    return x if out is None else ufuncs._write_out("clip", out, x)


def _isclose(x: Any, y: Any, rtol: Any, atol: Any, *, equal_nan: bool) -> Any:
    # NumPy's formula: |x - y| <= atol + rtol * |y|, for finite y, or x == y.
    close = ufuncs.less_equal(
        ufuncs.absolute(ufuncs.subtract(x, y)),
        ufuncs.add(atol, ufuncs.multiply(rtol, ufuncs.absolute(y))),
    )
    r = ufuncs.logical_or(ufuncs.logical_and(close, ufuncs.isfinite(y)), ufuncs.equal(x, y))
    if equal_nan:
        r = ufuncs.logical_or(r, ufuncs.logical_and(ufuncs.isnan(x), ufuncs.isnan(y)))
    return r


def _isclose_run(x: Any, y: Any, rtol: Any, atol: Any, *, equal_nan: bool) -> Any:
    return _isclose(x, y, rtol, atol, equal_nan=equal_nan)


_isclose_jit = ufunc_impls.compiled(_isclose_run, "isclose", upcast_half=False)


def isclose(a: ArrayLike, b: ArrayLike, rtol: ArrayLike = 1e-05, atol: ArrayLike = 1e-08,
            equal_nan: bool = False) -> Any:  # fmt: skip
    """Elementwise ``|a - b| <= atol + rtol * |b|`` (or equal), as NumPy computes it."""
    x = a if dtypes.is_python_scalar(a) else util.asarray(a, "isclose")
    y = b if dtypes.is_python_scalar(b) else util.asarray(b, "isclose")
    if not dtypes.is_python_scalar(y):
        y = ufuncs._cast(y, dtypes.result_type(y, 1.0)) if dtypes.kind(y.dtype) not in "fc" else y
    elif isinstance(y, int):  # bools too, as NumPy's isinstance(y, int)
        y = float(y)
    x, y = (util.asarray(v, "isclose") for v in (x, y))
    rtol = rtol if dtypes.is_python_scalar(rtol) else util.asarray(rtol, "isclose")
    atol = atol if dtypes.is_python_scalar(atol) else util.asarray(atol, "isclose")
    return _isclose_jit(x, y, util.asarray(rtol), util.asarray(atol), equal_nan=bool(equal_nan))


def allclose(a: ArrayLike, b: ArrayLike, rtol: ArrayLike = 1e-05, atol: ArrayLike = 1e-08,
             equal_nan: bool = False) -> Any:  # fmt: skip
    """Whether ``isclose`` holds everywhere. Returns a 0-d bool array (NumPy returns a Python
    bool) so that it also works under transformations; ``bool()`` of it is the same."""
    return reductions.all(isclose(a, b, rtol, atol, equal_nan))


def array_equal(a1: ArrayLike, a2: ArrayLike, equal_nan: bool = False) -> Any:
    """Whether two arrays have the same shape and elements (a 0-d bool array, see allclose)."""
    x, y = util.asarray(a1, "array_equal"), util.asarray(a2, "array_equal")
    if x.shape != y.shape:
        return lax_utils.full((), False, onp.bool_)
    eq = ufuncs.equal(x, y)
    if equal_nan:
        eq = ufuncs.logical_or(eq, ufuncs.logical_and(ufuncs.isnan(x), ufuncs.isnan(y)))
    return reductions.all(eq)


def array_equiv(a1: ArrayLike, a2: ArrayLike) -> Any:
    """Whether two arrays are equal after broadcasting (a 0-d bool array, see allclose)."""
    x, y = util.asarray(a1, "array_equiv"), util.asarray(a2, "array_equiv")
    try:
        util.broadcast_shapes("array_equiv", x.shape, y.shape)
    except ValueError:
        return lax_utils.full((), False, onp.bool_)
    return reductions.all(ufuncs.equal(x, y))


def _nan_to_num(x: Any, nan: Any, posinf: Any, neginf: Any) -> Any:
    if dtypes.kind(x.dtype) == "c":
        return lax.complex(_nan_to_num(lax.real(x), nan, posinf, neginf),
                           _nan_to_num(lax.imag(x), nan, posinf, neginf))  # fmt: skip
    info = dtypes.finfo(x.dtype)
    hi = float(info.max) if posinf is None else posinf
    lo = float(info.min) if neginf is None else neginf
    full = lambda v: lax_utils.full(x.shape, v, x.dtype)  # noqa: E731
    x = lax.select(ufuncs.isnan(x), full(nan), x)
    x = lax.select(lax.eq(x, float("inf")), full(hi), x)
    return lax.select(lax.eq(x, float("-inf")), full(lo), x)


def nan_to_num(x: ArrayLike, copy: bool = True, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None) -> Any:  # fmt: skip
    """Replace NaN by ``nan`` and infinities by ``posinf``/``neginf`` (default: the largest
    finite numbers of the dtype). Integers are returned unchanged."""
    x = _strong(util.asarray(x, "nan_to_num"))
    if dtypes.kind(x.dtype) not in "fc":
        return x
    return _nan_to_num(x, nan, posinf, neginf)


def isposinf(x: ArrayLike, out: Any = None) -> Any:
    """``+inf`` elementwise (complex input raises, as in NumPy)."""
    return _signed_inf("isposinf", x, False, out)


def isneginf(x: ArrayLike, out: Any = None) -> Any:
    """``-inf`` elementwise (complex input raises, as in NumPy)."""
    return _signed_inf("isneginf", x, True, out)


def _signed_inf(name: str, x: ArrayLike, negative: bool, out: Any) -> Any:
    x = util.asarray(x, name)
    if dtypes.kind(x.dtype) == "c":
        raise TypeError(f"This operation is not supported for complex values because it would "
                        f"be ambiguous ({name})")  # fmt: skip
    if dtypes.kind(x.dtype) != "f":
        r = lax_utils.full(x.shape, False, onp.bool_)
    else:
        r = lax.eq(x, float("-inf") if negative else float("inf"))
    return r if out is None else ufuncs._write_out(name, out, r)


def isreal(x: ArrayLike) -> Any:
    """Whether each element has a zero imaginary part."""
    return ufuncs.equal(ufuncs.imag(x), 0)


def iscomplex(x: ArrayLike) -> Any:
    """Whether each element has a nonzero imaginary part."""
    return ufuncs.not_equal(ufuncs.imag(x), 0)


def iscomplexobj(x: Any) -> builtins.bool:
    """Whether ``x``'s dtype is complex."""
    dt = getattr(x, "dtype", None)
    dt = dtypes.dtype_and_weak(x)[0] if dt is None else dt
    return dtypes.kind(dtypes.to_dtype(dt)) == "c"


def isrealobj(x: Any) -> builtins.bool:
    """Whether ``x``'s dtype is not complex."""
    return not iscomplexobj(x)


def angle(z: ArrayLike, deg: bool = False) -> Any:
    """The argument of ``z`` (radians, or degrees with ``deg``)."""
    z = util.asarray(z, "angle")
    if dtypes.kind(z.dtype) == "c":
        r = ufuncs.arctan2(lax.imag(z), lax.real(z))
    else:
        r = ufuncs.arctan2(0, z)
    return ufuncs.multiply(r, 180 / onp.pi) if deg else r


def sinc(x: ArrayLike) -> Any:
    """``sin(pi x) / (pi x)``, 1 at 0 (NumPy's formula: zero is replaced by eps)."""
    y = ufuncs.multiply(onp.pi, _strong(util.asarray(x, "sinc")))
    eps = float(dtypes.finfo(y.dtype).eps) if dtypes.kind(y.dtype) == "f" else 1e-20
    y = lax_numpy.where(y, y, eps)
    return ufuncs.divide(ufuncs.sin(y), y)
