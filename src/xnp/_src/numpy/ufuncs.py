"""NumPy's elementwise functions over lax: promotion and broadcasting as NumPy 2 does them.

Each function is one table row: its NumPy name, the lax op, and how it types its inputs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import util

ArrayLike = Any


def _to_inexact(name: str, x: Any) -> Any:
    """NumPy's loop choice for float functions of integers: int8 -> float16, int32 -> float64."""
    k = dtypes.kind(x.dtype)
    if k in "fc":
        return x
    dt = dtypes.canonicalize_dtype(
        dtypes.default_dtype("f") if x.aval.weak_type else onp.promote_types(x.dtype, onp.float16)
    )
    return lax_shapes.convert_element_type(x, dt, x.aval.weak_type)


def _doc(name: str, np_name: str) -> str:
    return f"NumPy's ``{np_name}``, elementwise (see ``numpy.{np_name}``)."


def unary(name: str, op: Callable[[Any], Any], inexact: bool = False,
          kinds: str = "biufc") -> Callable[[ArrayLike], Any]:  # fmt: skip
    def fn(x: ArrayLike, /, out: Any = None, **kwargs: Any) -> Any:
        _no_kwargs(name, kwargs)
        x = util.asarray(x, name)
        if dtypes.kind(x.dtype) not in kinds:
            raise TypeError(f"ufunc '{name}' not supported for the input dtype {x.dtype.name}")
        if inexact:
            x = _to_inexact(name, x)
        return op(x)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = _doc(name, name)
    return fn


def binary(name: str, op: Callable[[Any, Any], Any], inexact: bool = False,
           kinds: str = "biufc") -> Callable[[ArrayLike, ArrayLike], Any]:  # fmt: skip
    def fn(x1: ArrayLike, x2: ArrayLike, /, out: Any = None, **kwargs: Any) -> Any:
        _no_kwargs(name, kwargs)
        a, b = util.promote_args(name, x1, x2)
        if dtypes.kind(a.dtype) not in kinds:
            raise TypeError(
                f"ufunc '{name}' not supported for the input dtypes "
                f"({util.asarray(x1).dtype.name}, {util.asarray(x2).dtype.name})"
            )
        if inexact:
            a, b = _to_inexact(name, a), _to_inexact(name, b)
        return op(a, b)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = _doc(name, name)
    return fn


def _no_kwargs(name: str, kwargs: dict) -> None:
    kwargs.pop("dtype", None) if kwargs.get("dtype") is None else None
    if kwargs:
        raise TypeError(f"{name}() got unsupported keyword arguments {sorted(kwargs)}")


# ----------------------------------------------------------------------------- arithmetic


def _add(a: Any, b: Any) -> Any:
    return lax.bitwise_or(a, b) if a.dtype == onp.bool_ else lax.add(a, b)


def _subtract(a: Any, b: Any) -> Any:
    if a.dtype == onp.bool_:
        raise TypeError(
            "numpy boolean subtract, the `-` operator, is not supported; use the bitwise_xor, "
            "the `^` operator, or the logical_xor function instead"
        )
    return lax.sub(a, b)


def _multiply(a: Any, b: Any) -> Any:
    return lax.bitwise_and(a, b) if a.dtype == onp.bool_ else lax.mul(a, b)


def _floor_divide(a: Any, b: Any) -> Any:
    k = dtypes.kind(a.dtype)
    if k == "b":
        a = lax_shapes.convert_element_type(a, onp.int8)
        b = lax_shapes.convert_element_type(b, onp.int8)
        return _floor_divide(a, b)
    if k in "iu":
        # Python semantics: round toward -inf; x // 0 is 0 as in NumPy.
        safe_b = lax.select(lax.eq(b, 0), lax_ones_like(b), b)
        q = lax.div(a, safe_b)
        if k == "i":
            r = lax.rem(a, safe_b)
            fix = lax.bitwise_and(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(b, 0)))
            q = lax.select(fix, lax.sub(q, 1), q)
        return lax.select(lax.eq(b, 0), lax.mul(q, 0), q)
    if k == "c":
        raise TypeError("floor_divide is not supported for complex inputs")
    return lax.floor(lax.div(lax.sub(a, _remainder(a, b)), b))


def lax_ones_like(x: Any) -> Any:
    return lax_shapes.broadcast_in_dim(lax.utils.const(x, 1), x.shape, ())


def _remainder(a: Any, b: Any) -> Any:
    k = dtypes.kind(a.dtype)
    if k == "c":
        raise TypeError("remainder is not supported for complex inputs")
    if k == "b":
        a = lax_shapes.convert_element_type(a, onp.int8)
        b = lax_shapes.convert_element_type(b, onp.int8)
    if k in "iub":
        safe_b = lax.select(lax.eq(b, 0), lax_ones_like(b), b)
        r = lax.rem(a, safe_b)
        fix = lax.bitwise_and(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(safe_b, 0)))
        r = lax.select(fix, lax.add(r, safe_b), r)
        return lax.select(lax.eq(b, 0), lax.mul(r, 0), r)
    # Float: the result has the sign of the divisor (NumPy/Python's %).
    r = lax.rem(a, b)
    fix = lax.bitwise_and(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(b, 0)))
    return lax.select(fix, lax.add(r, b), r)


def _true_divide(a: Any, b: Any) -> Any:
    return lax.div(a, b)


def _power(a: Any, b: Any) -> Any:
    k = dtypes.kind(a.dtype)
    if k in "fc":
        return lax.pow(a, b)
    if k == "b":
        a = lax_shapes.convert_element_type(a, onp.int8)
        b = lax_shapes.convert_element_type(b, onp.int8)
        return lax_shapes.convert_element_type(_int_power(a, b), onp.bool_)
    return _int_power(a, b)


def _int_power(a: Any, b: Any) -> Any:
    """Integer power by squaring over the bits of the exponent (one step per bit)."""
    from xnp._src import core

    if not isinstance(b, core.Tracer) and bool(onp.any(onp.asarray(b) < 0)):
        raise ValueError("Integers to negative integer powers are not allowed.")
    acc = lax_ones_like(a)
    base = a
    nbits = a.dtype.itemsize * 8 - (1 if dtypes.kind(a.dtype) == "i" else 0)
    for i in range(nbits):
        bit = lax.ne(lax.bitwise_and(lax.shift_right_logical(b, lax.utils.const(b, i)), 1), 0)
        acc = lax.select(bit, lax.mul(acc, base), acc)
        base = lax.mul(base, base)
    return acc


def _sign(x: Any) -> Any:
    if x.dtype == onp.bool_:
        raise TypeError("ufunc 'sign' not supported for the input dtype bool")
    if dtypes.kind(x.dtype) == "c":
        mag = lax.abs(x)
        safe = lax.select(lax.eq(mag, 0), lax_ones_like(mag), mag)
        r = lax.div(x, lax.complex(safe, lax.mul(safe, 0)))
        return lax.select(lax.eq(mag, 0), lax.mul(x, 0), r)
    return lax.sign(x)


def _absolute(x: Any) -> Any:
    if x.dtype == onp.bool_ or dtypes.kind(x.dtype) == "u":
        return x
    return lax.abs(x)


def _negative(x: Any) -> Any:
    if x.dtype == onp.bool_:
        raise TypeError(
            "The numpy boolean negative, the `-` operator, is not supported, use the `~` "
            "operator or the logical_not function instead."
        )
    return lax.neg(x)


def _same(x: Any) -> Any:
    return x


def _round_like_numpy(x: Any) -> Any:
    if dtypes.kind(x.dtype) in "biu":
        return x
    return lax.round(x, 1)


def _floor_or_same(op: Callable) -> Callable:
    return lambda x: x if dtypes.kind(x.dtype) in "biu" else op(x)


def _log_base(base: float) -> Callable[[Any], Any]:
    return lambda x: lax.div(lax.log(x), lax.utils.const(x, float(onp.log(base))))


def _logaddexp(a: Any, b: Any) -> Any:
    amax = lax.max(a, b)
    safe = lax.select(lax.is_finite(amax), amax, lax.mul(amax, 0))
    # Shifting by the (finite) max keeps exp from overflowing; inf and nan pass through max.
    return lax.add(safe, lax.log(lax.add(lax.exp(lax.sub(a, safe)), lax.exp(lax.sub(b, safe)))))


def _logical(op: Callable) -> Callable:
    def fn(a: Any, b: Any) -> Any:
        return op(_as_bool(a), _as_bool(b))

    return fn


def _as_bool(x: Any) -> Any:
    if x.dtype == onp.bool_:
        return x
    return lax.ne(x, lax.utils.const(x, 0))


def _heaviside(a: Any, b: Any) -> Any:
    zero = lax.mul(a, 0)
    one = lax.add(zero, 1)
    return lax.select(lax.lt(a, zero), zero, lax.select(lax.gt(a, zero), one, b))


def _copysign(a: Any, b: Any) -> Any:
    neg_b = _signbit(b)
    mag = lax.abs(a)
    return lax.select(neg_b, lax.neg(mag), mag)


def _signbit(x: Any) -> Any:
    k = dtypes.kind(x.dtype)
    if k in "bu":
        return lax.ne(x, x)
    if k == "i":
        return lax.lt(x, 0)
    bits = {2: onp.int16, 4: onp.int32, 8: onp.int64}[x.dtype.itemsize]
    if x.dtype == dtypes.bfloat16:
        bits = onp.int16
    return lax.lt(lax_shapes.bitcast_convert_type(x, bits), 0)


def _fmax(a: Any, b: Any) -> Any:
    return lax.select(lax.ne(b, b), a, lax.select(lax.ne(a, a), b, lax.max(a, b)))


def _fmin(a: Any, b: Any) -> Any:
    return lax.select(lax.ne(b, b), a, lax.select(lax.ne(a, a), b, lax.min(a, b)))


def _shift(op: Callable) -> Callable:
    def fn(a: Any, b: Any) -> Any:
        nbits = a.dtype.itemsize * 8
        r = op(a, b)
        # NumPy (C) shifts by >= the bit width give 0 (or -1 for negative right shifts).
        big = lax.ge(b, lax.utils.const(b, nbits))
        if op is lax.shift_right_arithmetic:
            fill = lax.select(lax.lt(a, 0), lax.sub(lax.mul(a, 0), 1), lax.mul(a, 0)) \
                if dtypes.kind(a.dtype) == "i" else lax.mul(a, 0)  # fmt: skip
        else:
            fill = lax.mul(a, 0)
        return lax.select(big, fill, r)

    return fn


def _right_shift(a: Any, b: Any) -> Any:
    op = lax.shift_right_arithmetic if dtypes.kind(a.dtype) == "i" else lax.shift_right_logical
    return _shift(op)(a, b)


def _deg2rad(x: Any) -> Any:
    return lax.mul(x, lax.utils.const(x, float(onp.pi / 180)))


def _rad2deg(x: Any) -> Any:
    return lax.mul(x, lax.utils.const(x, float(180 / onp.pi)))


def _hypot(a: Any, b: Any) -> Any:
    return lax.sqrt(lax.add(lax.mul(a, a), lax.mul(b, b)))


def _square(x: Any) -> Any:
    return lax.mul(x, x)


def _reciprocal(x: Any) -> Any:
    return lax.div(lax.add(lax.mul(x, 0), 1), x)


def _isnan(x: Any) -> Any:
    return lax.ne(x, x)


def _isinf(x: Any) -> Any:
    if dtypes.kind(x.dtype) == "c":
        return lax.bitwise_or(_isinf(lax.real(x)), _isinf(lax.imag(x)))
    if dtypes.kind(x.dtype) != "f":
        return lax.ne(x, x)
    return lax.eq(lax.abs(x), lax.utils.const(x, float("inf")))


def _isfinite(x: Any) -> Any:
    if dtypes.kind(x.dtype) == "c":
        return lax.bitwise_and(lax.is_finite(lax.real(x)), lax.is_finite(lax.imag(x)))
    if dtypes.kind(x.dtype) != "f":
        return lax.eq(x, x)
    return lax.is_finite(x)


def _real(x: Any) -> Any:
    return lax.real(x) if dtypes.kind(x.dtype) == "c" else x


def _imag(x: Any) -> Any:
    return lax.imag(x) if dtypes.kind(x.dtype) == "c" else lax.mul(x, 0)


def _conj(x: Any) -> Any:
    return lax.conj(x) if dtypes.kind(x.dtype) == "c" else x


def _exp2(x: Any) -> Any:
    return lax.exp2(x)


def _cbrt(x: Any) -> Any:
    return lax.cbrt(x)


def _fabs(x: Any) -> Any:
    return lax.abs(x)


def _trunc(x: Any) -> Any:
    if dtypes.kind(x.dtype) in "biu":
        return x
    return lax.select(lax.lt(x, 0), lax.ceil(x), lax.floor(x))


# name -> (lax op, float-only?, accepted kinds)
UNARY = {
    "negative": (_negative, False, "biufc"),
    "positive": (_same, False, "iufc"),
    "absolute": (_absolute, False, "biufc"),
    "fabs": (_fabs, True, "biuf"),
    "sign": (_sign, False, "biufc"),
    "exp": (lax.exp, True, "biufc"),
    "exp2": (_exp2, True, "biufc"),
    "expm1": (lax.expm1, True, "biufc"),
    "log": (lax.log, True, "biufc"),
    "log2": (_log_base(2.0), True, "biufc"),
    "log10": (_log_base(10.0), True, "biufc"),
    "log1p": (lax.log1p, True, "biufc"),
    "sqrt": (lax.sqrt, True, "biufc"),
    "cbrt": (_cbrt, True, "biuf"),
    "square": (_square, False, "biufc"),
    "reciprocal": (_reciprocal, False, "iufc"),
    "sin": (lax.sin, True, "biufc"),
    "cos": (lax.cos, True, "biufc"),
    "tan": (lax.tan, True, "biufc"),
    "arcsin": (lax.asin, True, "biufc"),
    "arccos": (lax.acos, True, "biufc"),
    "arctan": (lax.atan, True, "biufc"),
    "sinh": (lax.sinh, True, "biufc"),
    "cosh": (lax.cosh, True, "biufc"),
    "tanh": (lax.tanh, True, "biufc"),
    "arcsinh": (lax.asinh, True, "biufc"),
    "arccosh": (lax.acosh, True, "biufc"),
    "arctanh": (lax.atanh, True, "biufc"),
    "deg2rad": (_deg2rad, True, "biuf"),
    "rad2deg": (_rad2deg, True, "biuf"),
    "floor": (_floor_or_same(lax.floor), False, "biuf"),
    "ceil": (_floor_or_same(lax.ceil), False, "biuf"),
    "trunc": (_trunc, False, "biuf"),
    "rint": (_round_like_numpy, False, "biuf"),
    "isnan": (_isnan, False, "biufc"),
    "isinf": (_isinf, False, "biufc"),
    "isfinite": (_isfinite, False, "biufc"),
    "signbit": (_signbit, False, "biuf"),
    "logical_not": (lambda x: lax.bitwise_not(_as_bool(x)), False, "biufc"),
    "invert": (lax.bitwise_not, False, "biu"),
    "real": (_real, False, "biufc"),
    "imag": (_imag, False, "biufc"),
    "conjugate": (_conj, False, "biufc"),
}

BINARY = {
    "add": (_add, False, "biufc"),
    "subtract": (_subtract, False, "biufc"),
    "multiply": (_multiply, False, "biufc"),
    "divide": (_true_divide, True, "biufc"),
    "floor_divide": (_floor_divide, False, "biuf"),
    "remainder": (_remainder, False, "biuf"),
    "power": (_power, False, "biufc"),
    "float_power": (lax.pow, True, "biufc"),
    "maximum": (lax.max, False, "biufc"),
    "minimum": (lax.min, False, "biufc"),
    "fmax": (_fmax, False, "biuf"),
    "fmin": (_fmin, False, "biuf"),
    "arctan2": (lax.atan2, True, "biuf"),
    "hypot": (_hypot, True, "biuf"),
    "logaddexp": (_logaddexp, True, "biuf"),
    "copysign": (_copysign, True, "biuf"),
    "nextafter": (lax.nextafter, True, "biuf"),
    "heaviside": (_heaviside, True, "biuf"),
    "equal": (lax.eq, False, "biufc"),
    "not_equal": (lax.ne, False, "biufc"),
    "less": (lax.lt, False, "biuf"),
    "less_equal": (lax.le, False, "biuf"),
    "greater": (lax.gt, False, "biuf"),
    "greater_equal": (lax.ge, False, "biuf"),
    "logical_and": (_logical(lax.bitwise_and), False, "biufc"),
    "logical_or": (_logical(lax.bitwise_or), False, "biufc"),
    "logical_xor": (_logical(lax.bitwise_xor), False, "biufc"),
    "bitwise_and": (lax.bitwise_and, False, "biu"),
    "bitwise_or": (lax.bitwise_or, False, "biu"),
    "bitwise_xor": (lax.bitwise_xor, False, "biu"),
    "left_shift": (_shift(lax.shift_left), False, "iu"),
    "right_shift": (_right_shift, False, "iu"),
}

_funcs: dict[str, Callable] = {}
for _name, (_op, _inexact, _kinds) in UNARY.items():
    _funcs[_name] = unary(_name, _op, _inexact, _kinds)
for _name, (_op, _inexact, _kinds) in BINARY.items():
    _funcs[_name] = binary(_name, _op, _inexact, _kinds)

globals().update(_funcs)

ALIASES = {
    "abs": "absolute", "conj": "conjugate", "true_divide": "divide", "mod": "remainder",
    "pow": "power", "acos": "arccos", "asin": "arcsin", "atan": "arctan", "acosh": "arccosh",
    "asinh": "arcsinh", "atanh": "arctanh", "atan2": "arctan2", "bitwise_not": "invert",
    "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift", "around": "rint",
}  # fmt: skip
for _alias, _target in ALIASES.items():
    globals()[_alias] = _funcs[_target]

__all__ = sorted([*_funcs, *ALIASES])
