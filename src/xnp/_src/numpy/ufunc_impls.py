"""The inner loops of NumPy's ufuncs, written over lax.

Each function receives operands already cast to the dtype of the loop NumPy picks (see
``ufuncs.resolve_loop``) and computes what NumPy's C loop computes, special values included.
Functions made of several operations are wrapped by ``compiled`` in ``ufuncs``: they run as one
XLA program per signature, and float16/bfloat16 operands are computed in float32 and rounded
once at the end, as NumPy's (and ml_dtypes') half-precision loops do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import dtypes, staged
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import util

_HALF = (onp.dtype(onp.float16), dtypes.bfloat16)
_F32 = onp.dtype(onp.float32)


def compiled(fn: Callable[..., Any], name: str | None = None,
             upcast_half: bool = True) -> Callable[..., Any]:  # fmt: skip
    """``fn`` as one program per signature (``staged``: inlined under other transformations;
    keyword arguments are static): operands are broadcast together first, and half-precision
    floats are computed in float32 (``upcast_half``) and rounded back at the end."""

    def run(*args: Any, **static: Any) -> Any:
        if len(args) > 1:
            shape = util.broadcast_shapes(name or fn.__name__, *(a.shape for a in args))
            args = [util.broadcast_to(a, shape) for a in args]
        half = next((a.dtype for a in args if a.dtype in _HALF), None) if upcast_half else None
        if half is None:
            return fn(*args, **static)
        args = [lax_shapes.convert_element_type(a, _F32) if a.dtype == half else a for a in args]
        out = fn(*args, **static)
        if isinstance(out, tuple):
            return tuple(_down(o, half) for o in out)
        return _down(out, half)

    run.__name__ = run.__qualname__ = name or fn.__name__
    run.__doc__ = fn.__doc__
    return staged.staged(run)


def _down(x: Any, half: onp.dtype) -> Any:
    return lax_shapes.convert_element_type(x, half) if x.dtype == _F32 else x


# ----------------------------------------------------------------------------- helpers


def _kind(x: Any) -> str:
    return dtypes.kind(x.dtype)


def _full(x: Any, value: Any, dtype: Any = None) -> Any:
    return lax_utils.full(x.shape, value, x.dtype if dtype is None else dtype)


def _zeros_bool(x: Any) -> Any:
    return _full(x, False, onp.bool_)


def _isnan(x: Any) -> Any:
    return lax.ne(x, x)


def _and(*xs: Any) -> Any:
    out = xs[0]
    for x in xs[1:]:
        out = lax.bitwise_and(out, x)
    return out


def _or(*xs: Any) -> Any:
    out = xs[0]
    for x in xs[1:]:
        out = lax.bitwise_or(out, x)
    return out


def _not(x: Any) -> Any:
    return lax.bitwise_not(x)


def _where(c: Any, a: Any, b: Any) -> Any:
    return lax.select(c, a, b)


def _finfo_bits(dt: onp.dtype) -> tuple[onp.dtype, int, int]:
    """(same-width integer dtype, mantissa bits, exponent bias) of a float dtype."""
    fi = dtypes.finfo(dt)
    return onp.dtype(f"int{dt.itemsize * 8}"), int(fi.nmant), int(fi.maxexp) - 1


def _bits(x: Any) -> Any:
    return lax_shapes.bitcast_convert_type(x, _finfo_bits(x.dtype)[0])


def _copysign(mag: Any, sign_of: Any) -> Any:
    idt = _finfo_bits(mag.dtype)[0]
    sign_mask = -1 << (idt.itemsize * 8 - 1)
    bits = _or(lax.bitwise_and(_bits(mag), ~sign_mask), lax.bitwise_and(_bits(sign_of), sign_mask))
    return lax_shapes.bitcast_convert_type(bits, mag.dtype)


def _pow2(k: Any, dt: onp.dtype) -> Any:
    """2.0**k for integers k within the normal exponent range of ``dt``."""
    idt, nmant, bias = _finfo_bits(dt)
    k = lax_shapes.convert_element_type(k, idt)
    return lax_shapes.bitcast_convert_type(lax.shift_left(lax.add(k, bias), nmant), dt)


def _complex(re: Any, im: Any) -> Any:
    return lax.complex(re, im)


def _complex_divide(a: Any, b: Any) -> Any:
    # NumPy's loop (Smith's algorithm); dividing by a zero of either sign gives +-inf parts
    # from the numerator's signs, as NumPy's does. Each branch divides by denominators that
    # are replaced by 1 where the branch is not taken: the untaken branches' inf/NaN would
    # otherwise turn the zero cotangent of the select into NaN in reverse mode.
    ar, ai, br, bi = lax.real(a), lax.imag(a), lax.real(b), lax.imag(b)
    br_abs, bi_abs = lax.abs(br), lax.abs(bi)
    real_big = lax.ge(br_abs, bi_abs)
    zero = _and(lax.eq(br_abs, 0), lax.eq(bi_abs, 0))
    one, nil = _full(br, 1), _full(br, 0)
    first = _and(real_big, _not(zero))
    br1, bi1 = _where(first, br, one), _where(first, bi, nil)
    rat1 = lax.div(bi1, br1)
    scl1 = lax.div(one, lax.add(br1, lax.mul(bi1, rat1)))
    re1 = lax.mul(lax.add(ar, lax.mul(ai, rat1)), scl1)
    im1 = lax.mul(lax.sub(ai, lax.mul(ar, rat1)), scl1)
    den0 = _where(zero, br_abs, one)
    re1 = _where(zero, lax.div(ar, den0), re1)
    im1 = _where(zero, lax.div(ai, den0), im1)
    br2, bi2 = _where(real_big, nil, br), _where(real_big, one, bi)
    rat2 = lax.div(br2, bi2)
    scl2 = lax.div(one, lax.add(bi2, lax.mul(br2, rat2)))
    re2 = lax.mul(lax.add(lax.mul(ar, rat2), ai), scl2)
    im2 = lax.mul(lax.sub(lax.mul(ai, rat2), ar), scl2)
    return _complex(_where(real_big, re1, re2), _where(real_big, im1, im2))


def divide(a: Any, b: Any) -> Any:
    """Complex division is NumPy's (Smith's algorithm), special values included."""
    return _complex_divide_jit(a, b) if _kind(a) == "c" else lax.div(a, b)


def _conj_symmetric(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # f(conj z) == conj f(z): evaluate with Im z >= +0 so that a -0.0 imaginary part selects
    # the lower side of a branch cut, as C99 (and NumPy) specify; XLA ignores that sign.
    def f(z: Any) -> Any:
        im = lax.imag(z)
        neg = signbit(im)
        r = fn(_complex(lax.real(z), lax.abs(im)))
        return _where(neg, lax.conj(r), r)

    f.__name__ = fn.__name__
    return f


def _odd(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # f(-z) == -f(z): evaluate with Re z >= +0 (branch cuts on the imaginary axis).
    def f(z: Any) -> Any:
        neg = signbit(lax.real(z))
        r = fn(_where(neg, lax.neg(z), z))
        return _where(neg, lax.neg(r), r)

    f.__name__ = fn.__name__
    return f


def complex_branch(name: str, real_fn: Callable[[Any], Any],
                   complex_fn: Callable[[Any], Any]) -> Callable[[Any], Any]:  # fmt: skip
    """A function that is one lax op for real input and a compiled composite for complex."""
    compiled_fn = compiled(complex_fn, f"complex_{name}")

    def f(x: Any) -> Any:
        return compiled_fn(x) if _kind(x) == "c" else real_fn(x)

    f.__name__ = name
    return f


def _times(x: Any, y: Any, zero: Any) -> Any:
    # x * y, but exactly x where x is zero (so 0 * inf is 0, and the zero keeps its sign).
    return _where(zero, x, lax.mul(x, y))


def _complex_sin(z: Any) -> Any:
    # sin(a + bi) = sin a cosh b + i cos a sinh b, with XLA's accurate real functions (its
    # complex sin loses the relative accuracy of tiny imaginary parts).
    a, b = lax.real(z), lax.imag(z)
    return _complex(_times(lax.sin(a), lax.cosh(b), lax.eq(a, 0)),
                    _times(lax.sinh(b), lax.cos(a), lax.eq(b, 0)))  # fmt: skip


def _complex_cos(z: Any) -> Any:
    # cos(a + bi) = cos a cosh b - i sin a sinh b
    a, b = lax.real(z), lax.imag(z)
    im = _times(lax.sin(a), lax.sinh(b), lax.eq(a, 0))
    return _complex(lax.mul(lax.cos(a), lax.cosh(b)), lax.neg(im))


def _complex_sinh(z: Any) -> Any:
    # sinh(a + bi) = sinh a cos b + i cosh a sin b
    a, b = lax.real(z), lax.imag(z)
    return _complex(_times(lax.sinh(a), lax.cos(b), lax.eq(a, 0)),
                    _times(lax.sin(b), lax.cosh(a), lax.eq(b, 0)))  # fmt: skip


def _complex_cosh(z: Any) -> Any:
    # cosh(a + bi) = cosh a cos b + i sinh a sin b
    a, b = lax.real(z), lax.imag(z)
    im = _times(lax.sin(b), lax.sinh(a), lax.eq(b, 0))
    return _complex(lax.mul(lax.cosh(a), lax.cos(b)), im)


# Complex special values. XLA's complex functions give NaN + NaN j wherever an infinite or NaN
# part meets a formula; C99 Annex G (which NumPy's C loops and the array API's special-case
# tables follow) defines the limits. Each table lists (condition on a = Re z, b = Im z, real
# part, imaginary part); the first matching row wins, and other inputs keep fn's value.

_HALF_PI, _INF, _NAN = float(onp.pi / 2), float("inf"), float("nan")
_Cases = Callable[[Any, Any], list[tuple[Any, Any, Any]]]


def _annex_g(fn: Callable[[Any], Any], cases: _Cases) -> Callable[[Any], Any]:
    def f(z: Any) -> Any:
        r = fn(z)
        a, b = lax.real(z), lax.imag(z)
        re, im = lax.real(r), lax.imag(r)
        for cond, c_re, c_im in reversed(cases(a, b)):
            re = _where(cond, c_re if hasattr(c_re, "shape") else _full(a, c_re), re)
            im = _where(cond, c_im if hasattr(c_im, "shape") else _full(a, c_im), im)
        return _complex(re, im)

    f.__name__ = fn.__name__
    return f


def _inf(x: Any) -> Any:
    return lax.eq(lax.abs(x), _INF)


def _inf_or_nan(x: Any) -> Any:
    return _not(lax.is_finite(x))


def _exp_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, -_INF), _inf_or_nan(b)), 0.0, 0.0),
            (_and(lax.eq(a, _INF), _inf_or_nan(b)), _INF, _NAN),
            (lax.eq(b, 0), lax.exp(a), b)]  # fmt: skip


def _expm1_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, -_INF), _inf_or_nan(b)), -1.0, 0.0),
            (_and(lax.eq(a, _INF), _inf_or_nan(b)), _INF, _NAN),
            (lax.eq(b, 0), lax.expm1(a), b)]  # fmt: skip


def _log_cases(a: Any, b: Any) -> list:
    hit = _or(_and(_inf(a), _isnan(b)), _and(_isnan(a), _inf(b)))
    return [(hit, _INF, _NAN)]


def _cosh_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, 0), _inf_or_nan(b)), _NAN, 0.0),
            (_and(_inf(a), _inf_or_nan(b)), _INF, _NAN)]  # fmt: skip


def _sinh_cases(a: Any, b: Any) -> list:
    return [(_and(_inf(a), _inf_or_nan(b)), _INF, _NAN)]


def _tanh_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, 0), _inf_or_nan(b)), a, _NAN), (lax.eq(b, 0), lax.tanh(a), b)]


def _sqrt_cases(a: Any, b: Any) -> list:
    return [(_inf(b), _INF, b),
            (_and(lax.eq(a, -_INF), _isnan(b)), _NAN, _INF),
            (_and(lax.eq(a, _INF), _isnan(b)), _INF, _NAN)]  # fmt: skip


def _asin_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, 0), _isnan(b)), a, _NAN),
            (_and(lax.is_finite(a), _isnan(b)), _NAN, _NAN)]  # fmt: skip


def _acos_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, 0), _isnan(b)), _HALF_PI, _NAN),
            (_and(lax.is_finite(a), _isnan(b)), _NAN, _NAN)]  # fmt: skip


def _acosh_cases(a: Any, b: Any) -> list:
    return [(_and(lax.eq(a, 0), _isnan(b)), _NAN, _HALF_PI),
            (_and(lax.is_finite(a), _isnan(b)), _NAN, _NAN)]  # fmt: skip


def _asinh_cases(a: Any, b: Any) -> list:
    return [(_and(_isnan(a), lax.eq(b, 0)), _NAN, b),
            (_and(_isnan(a), lax.is_finite(b)), _NAN, _NAN)]  # fmt: skip


def _atanh_cases(a: Any, b: Any) -> list:
    return [
        (_and(lax.eq(a, 0), _isnan(b)), a, _NAN),
        (_and(_inf(a), _isnan(b)), _copysign(_full(a, 0.0), a), _NAN),
        (_and(_isnan(a), _inf(b)), 0.0, _copysign(_full(b, _HALF_PI), b)),
        (_or(_isnan(a), _isnan(b)), _NAN, _NAN),
    ]


def _times_i(fn: Callable[[Any], Any], rotate_back: bool) -> Callable[[Any], Any]:
    # C99 defines the circular functions by the hyperbolic ones: sin z = -i sinh(iz),
    # tan z = -i tanh(iz) (rotate_back), cos z = cosh(iz); so are their special values.
    def f(z: Any) -> Any:
        r = fn(_complex(lax.neg(lax.imag(z)), lax.real(z)))
        return _complex(lax.imag(r), lax.neg(lax.real(r))) if rotate_back else r

    f.__name__ = fn.__name__
    return f


_complex_sinh_g = _annex_g(_complex_sinh, _sinh_cases)
_complex_cosh_g = _annex_g(_complex_cosh, _cosh_cases)
_complex_tanh_g = _annex_g(lax.tanh, _tanh_cases)
def _sin_cases(a: Any, b: Any) -> list:
    # sin(+-inf + +-inf j) and sin(NaN + +-inf j) are NaN + inf j in NumPy (C99: the sign of
    # the infinity is unspecified).
    return [(_and(_inf_or_nan(a), _inf(b)), _NAN, _INF)]


sin = complex_branch("sin", lax.sin, _annex_g(_times_i(_complex_sinh_g, True), _sin_cases))
cos = complex_branch("cos", lax.cos, _times_i(_complex_cosh_g, False))
tan = complex_branch("tan", lax.tan, _times_i(_complex_tanh_g, True))
sinh = complex_branch("sinh", lax.sinh, _complex_sinh_g)
cosh = complex_branch("cosh", lax.cosh, _complex_cosh_g)
tanh = complex_branch("tanh", lax.tanh, _complex_tanh_g)
exp = complex_branch("exp", lax.exp, _annex_g(lax.exp, _exp_cases))
expm1 = complex_branch("expm1", lax.expm1, _annex_g(lax.expm1, _expm1_cases))
log = complex_branch("log", lax.log, _annex_g(lax.log, _log_cases))
log1p = complex_branch("log1p", lax.log1p, _annex_g(lax.log1p, _log_cases))
sqrt = complex_branch("sqrt", lax.sqrt, _annex_g(_conj_symmetric(lax.sqrt), _sqrt_cases))
arcsin = complex_branch("arcsin", lax.asin, _annex_g(_conj_symmetric(lax.asin), _asin_cases))
arccos = complex_branch("arccos", lax.acos, _annex_g(_conj_symmetric(lax.acos), _acos_cases))
arccosh = complex_branch("arccosh", lax.acosh,
                         _annex_g(_conj_symmetric(lax.acosh), _acosh_cases))  # fmt: skip
arcsinh = complex_branch("arcsinh", lax.asinh,
                         _annex_g(_odd(_conj_symmetric(lax.asinh)), _asinh_cases))  # fmt: skip
_complex_atanh = _annex_g(_odd(_conj_symmetric(lax.atanh)), _atanh_cases)


def _complex_atan(z: Any) -> Any:
    # atan z = -i atanh(i z), so atan's special values are atanh's (C99 defines catan so).
    r = _complex_atanh(_complex(lax.neg(lax.imag(z)), lax.real(z)))
    return _complex(lax.imag(r), lax.neg(lax.real(r)))


arctanh = complex_branch("arctanh", lax.atanh, _complex_atanh)
arctan = complex_branch("arctan", lax.atan, _complex_atan)


# ----------------------------------------------------------------------------- arithmetic


def identity(x: Any) -> Any:
    return x


def add(a: Any, b: Any) -> Any:
    return lax.bitwise_or(a, b) if a.dtype == onp.bool_ else lax.add(a, b)


def multiply(a: Any, b: Any) -> Any:
    return lax.bitwise_and(a, b) if a.dtype == onp.bool_ else lax.mul(a, b)


def square(x: Any) -> Any:
    return lax.bitwise_and(x, x) if x.dtype == onp.bool_ else lax.mul(x, x)


def conjugate(x: Any) -> Any:
    return lax.conj(x) if _kind(x) == "c" else x


def absolute(x: Any) -> Any:
    """For complex numbers ``hypot(re, im)``: infinite if either part is, even with a NaN."""
    k = _kind(x)
    if k == "c":
        return _complex_abs_jit(x)
    return x if k in "bu" else lax.abs(x)


def _complex_abs(x: Any) -> Any:
    return _hypot(lax.real(x), lax.imag(x))


def _int_divmod(a: Any, b: Any) -> tuple[Any, Any]:
    # Python's rounding toward -inf; x // 0 and x % 0 are 0, as in NumPy.
    zero = lax.eq(b, 0)
    safe = _where(zero, _full(b, 1), b)
    q = lax.div(a, safe)
    r = lax.rem(a, safe)
    if _kind(a) == "i":
        fix = _and(lax.ne(r, 0), lax.ne(lax.lt(r, 0), lax.lt(safe, 0)))
        q = _where(fix, lax.sub(q, 1), q)
        r = _where(fix, lax.add(r, safe), r)
    return _where(zero, _full(q, 0), q), _where(zero, _full(r, 0), r)


def _float_divmod(a: Any, b: Any) -> tuple[Any, Any]:
    # NumPy's npy_divmod: fmod, then Python's sign convention, then a snapped floor.
    mod = lax.rem(a, b)
    div = lax.div(lax.sub(a, mod), b)
    nonzero_mod = lax.ne(mod, 0)
    fix = _and(nonzero_mod, lax.ne(lax.lt(b, 0), lax.lt(mod, 0)))
    mod = _where(fix, lax.add(mod, b), _where(nonzero_mod, mod, _copysign(_full(mod, 0), b)))
    div = _where(fix, lax.sub(div, 1), div)
    floordiv = lax.floor(div)
    floordiv = _where(lax.gt(lax.sub(div, floordiv), 0.5), lax.add(floordiv, 1), floordiv)
    quotient = lax.div(a, b)
    floordiv = _where(lax.ne(div, 0), floordiv, _copysign(_full(div, 0), quotient))
    b_zero = lax.eq(b, 0)
    return _where(b_zero, quotient, floordiv), _where(b_zero, lax.rem(a, b), mod)


def divmod_(a: Any, b: Any) -> tuple[Any, Any]:
    """Returns ``(floor_divide(a, b), remainder(a, b))``."""
    return _int_divmod(a, b) if _kind(a) in "iu" else _float_divmod(a, b)


def floor_divide(a: Any, b: Any) -> Any:
    """Integer division by zero gives 0, as in NumPy (without its warning)."""
    return divmod_(a, b)[0]


def remainder(a: Any, b: Any) -> Any:
    """The result has the sign of the divisor (Python's ``%``); ``x % 0`` is 0 for integers."""
    return divmod_(a, b)[1]


def fmod(a: Any, b: Any) -> Any:
    """The C library's ``fmod``: the result has the sign of the dividend."""
    if _kind(a) in "iu":
        zero = lax.eq(b, 0)
        return _where(zero, _full(a, 0), lax.rem(a, _where(zero, _full(b, 1), b)))
    return lax.rem(a, b)


def power(a: Any, b: Any) -> Any:
    """Integers to negative powers raise ValueError eagerly; under a transformation they give 0
    (1 and -1 for bases 1 and -1)."""
    if _kind(a) == "f":
        return lax.pow(a, b)
    if _kind(a) == "c":
        return _complex_power(a, b)
    return _int_power(a, b)


def _complex_power(a: Any, b: Any) -> Any:
    # NumPy's npy_cpow: x**0 is 1; 0**y is 0 if Re(y) > 0 else NaN; integral real exponents
    # below 100 in magnitude multiply by squaring (exact where NumPy is); otherwise exp(y log x).
    re_b = lax.real(b)
    n = lax.round(re_b, 1)
    integral = _and(lax.eq(lax.imag(b), 0), lax.eq(re_b, n), lax.lt(lax.abs(re_b), 100.0))
    k = lax_shapes.convert_element_type(_where(integral, n, _full(n, 0)), onp.int32)
    k_abs = lax.abs(k)
    # The first factor is taken as it is, not as 1 * x (which would turn an infinite part's
    # 0 * inf into NaN), as NumPy's loop does.
    acc, base, started = _full(a, 1), a, _zeros_bool(k_abs)
    for i in range(7):
        bit = lax.ne(lax.bitwise_and(lax.shift_right_logical(k_abs, i), 1), 0)
        acc = _where(bit, _where(started, lax.mul(acc, base), base), acc)
        started = _or(started, bit)
        base = lax.mul(base, base)
    acc = _where(lax.lt(k, 0), _complex_divide(_full(acc, 1), acc), acc)
    # exp(y log x) through the Annex G exp and log, as NumPy's cexp(y * clog(x)), so infinite
    # and NaN parts give NumPy's values rather than XLA pow's NaN + NaN j.
    general = _annex_g(lax.exp, _exp_cases)(lax.mul(b, _annex_g(lax.log, _log_cases)(a)))
    r = _where(integral, acc, general)
    zero_base = _where(lax.gt(re_b, 0), _full(a, 0), _full(a, complex("nan+nanj")))
    r = _where(lax.eq(a, _full(a, 0)), zero_base, r)
    return _where(lax.eq(b, _full(b, 0)), _full(a, 1), r)


def _int_power(a: Any, b: Any) -> Any:
    # Square-and-multiply over every bit of the exponent: exact, wrapping like NumPy's loop.
    nbits = a.dtype.itemsize * 8
    acc = _full(a, 1)
    base = a
    for i in range(nbits - (1 if _kind(b) == "i" else 0)):
        bit = lax.ne(lax.bitwise_and(lax.shift_right_logical(b, i), 1), 0)
        acc = _where(bit, lax.mul(acc, base), acc)
        if i < nbits - 1:
            base = lax.mul(base, base)
    if _kind(b) == "i":
        odd = lax.ne(lax.bitwise_and(b, 1), 0)
        neg = _where(lax.eq(a, 1), _full(a, 1), _full(a, 0))
        neg = _where(lax.eq(a, -1), _where(odd, _full(a, -1), _full(a, 1)), neg)
        acc = _where(lax.lt(b, 0), neg, acc)
    return acc


def reciprocal(x: Any) -> Any:
    """For integers, ``1 // x`` truncated; ``1 // 0`` is what NumPy's loop gives on x86-64 (the
    minimum integer for 32- and 64-bit signed types, 0 otherwise)."""
    if _kind(x) == "f":
        return lax.div(_full(x, 1), x)
    if _kind(x) == "c":
        # NumPy's loop is Smith's division of 1, except that 1 / 0 is NaN + NaN j there.
        r = _complex_divide(_full(x, 1), x)
        return _where(lax.eq(x, _full(x, 0)), _full(x, complex("nan+nanj")), r)
    zero = lax.eq(x, 0)
    r = lax.div(_full(x, 1), _where(zero, _full(x, 1), x))
    fill = onp.iinfo(x.dtype).min if _kind(x) == "i" and x.dtype.itemsize >= 4 else 0
    return _where(zero, _full(x, fill), r)


def sign(x: Any) -> Any:
    """Complex ``z / |z|`` (NumPy 2); ``sign(-0.0)`` is ``0.0``."""
    k = _kind(x)
    if k == "u":
        return lax_shapes.convert_element_type(lax.ne(x, 0), x.dtype)
    if k == "i":
        return lax.sign(x)
    if k == "f":
        return _where(lax.eq(x, 0), _full(x, 0), lax.sign(x))
    re, im = lax.real(x), lax.imag(x)
    mag = _hypot(re, im)
    inf = float("inf")
    safe = _where(_or(lax.eq(mag, 0), lax.eq(mag, inf)), _full(mag, 1), mag)
    out_re, out_im = lax.div(re, safe), lax.div(im, safe)
    re_inf, im_inf = lax.eq(lax.abs(re), inf), lax.eq(lax.abs(im), inf)
    unit = lambda v: _where(lax.gt(v, 0), _full(v, 1), _full(v, -1))  # noqa: E731
    out_re = _where(re_inf, unit(re), _where(im_inf, _full(re, 0), out_re))
    out_im = _where(im_inf, unit(im), _where(re_inf, _full(im, 0), out_im))
    nan = _or(_isnan(mag), _and(re_inf, im_inf))
    out_re = _where(nan, _full(re, float("nan")), out_re)
    out_im = _where(nan, _full(im, float("nan")), out_im)
    zero = lax.eq(mag, 0)
    return _complex(_where(zero, _full(re, 0), out_re), _where(zero, _full(im, 0), out_im))


def heaviside(x: Any, h0: Any) -> Any:
    """0 where ``x < 0``, ``h0`` where ``x == 0``, 1 where ``x > 0``; NaN stays NaN."""
    step = _where(lax.lt(x, 0), _full(x, 0), _full(x, 1))
    return _where(_isnan(x), x, _where(lax.eq(x, 0), h0, step))


# ----------------------------------------------------------------------------- exp and log

_LN2 = float(onp.log(2.0))
_LOG10_2_HI = 0.30102999566398120  # log10(2) split so that e * hi is exact for |e| < 2**11
_LOG10_2_LO = float(onp.log10(2.0) - onp.float64(_LOG10_2_HI))
_INV_LN10 = float(1 / onp.log(10.0))


def _scale2(x: Any, n: Any) -> Any:
    """x * 2**n for integer n, in three steps so that no power of two leaves the normal range."""
    fi = dtypes.finfo(x.dtype)
    lim = int(fi.maxexp) - int(fi.minexp) + int(fi.nmant) + 2
    n = lax_shapes.convert_element_type(lax.clamp(-lim, n, lim), onp.int32)
    n1 = lax.div(n, 3)
    n2 = lax.div(lax.sub(n, n1), 2)
    n3 = lax.sub(lax.sub(n, n1), n2)
    for k in (n1, n2, n3):
        x = lax.mul(x, _pow2(k, x.dtype))
    return x


def ldexp(x: Any, n: Any) -> Any:
    """``x * 2**n``, exact whenever the result is a normal number."""
    return _scale2(x, n)


def exp2(x: Any) -> Any:
    """Exact for integer arguments: ``2**round(x)`` times ``exp2`` of the remainder."""
    if _kind(x) == "c":
        return lax.exp(_complex_scale(x, _LN2))
    fi = dtypes.finfo(x.dtype)
    lim = float(int(fi.maxexp) - int(fi.minexp) + int(fi.nmant) + 2)
    xc = lax.clamp(-lim, x, lim)
    n = lax.round(xc, 1)
    frac = lax.exp(lax.mul(lax.sub(xc, n), _LN2))
    return _where(_isnan(x), x, _scale2(frac, _float_to_int(n)))


def _float_to_int(x: Any) -> Any:
    return lax_shapes.convert_element_type(x, onp.int32)


def _frexp_parts(x: Any) -> tuple[Any, Any, Any]:
    """(mantissa in [0.5, 1), exponent as int32, mask of finite nonzero normal x)."""
    idt, nmant, bias = _finfo_bits(x.dtype)
    emask = (1 << (idt.itemsize * 8 - 1 - nmant)) - 1
    bits = _bits(x)
    biased = lax.bitwise_and(lax.shift_right_logical(bits, nmant), emask)
    normal = _and(lax.ne(biased, 0), lax.ne(biased, emask))
    mant_bits = _or(lax.bitwise_and(bits, ~(emask << nmant)), _full(bits, (bias - 1) << nmant))
    mant = lax_shapes.bitcast_convert_type(mant_bits, x.dtype)
    exp = lax_shapes.convert_element_type(lax.sub(biased, bias - 1), onp.int32)
    return mant, exp, normal


def frexp(x: Any) -> tuple[Any, Any]:
    """``x = m * 2**e`` with ``0.5 <= |m| < 1``; zeros, infinities and NaN give ``(x, 0)``."""
    mant, exp, normal = _frexp_parts(x)
    return _where(normal, mant, x), _where(normal, exp, _full(exp, 0))


def _log2_parts(x: Any) -> tuple[Any, Any, Any]:
    # x = m * 2**e with m in [sqrt(1/2), sqrt(2)), so log(m) is accurate near 1.
    mant, exp, normal = _frexp_parts(x)
    small = lax.lt(mant, float(onp.sqrt(0.5)))
    exp = _where(small, lax.sub(exp, 1), exp)
    # m = x * 2**-e is exact, and unlike the bit pattern it carries x's derivative.
    mant = _where(normal, _scale2(x, lax.neg(exp)), _full(x, 1))
    return lax.log(mant), lax_shapes.convert_element_type(exp, x.dtype), _and(
        normal, lax.gt(x, 0))  # fmt: skip


def log2(x: Any) -> Any:
    """Exact for powers of two."""
    if _kind(x) == "c":
        return _complex_scale(_annex_g(lax.log, _log_cases)(x), 1 / _LN2)
    log_m, e, ok = _log2_parts(x)
    return _where(ok, lax.add(e, lax.div(log_m, _LN2)), lax.div(lax.log(x), _LN2))


def log10(x: Any) -> Any:
    if _kind(x) == "c":
        return _complex_scale(_annex_g(lax.log, _log_cases)(x), _INV_LN10)
    log_m, e, ok = _log2_parts(x)
    r = lax.add(lax.mul(e, _LOG10_2_HI), lax.add(lax.mul(e, _LOG10_2_LO),
                                                  lax.mul(log_m, _INV_LN10)))  # fmt: skip
    return _where(ok, r, lax.mul(lax.log(x), _INV_LN10))


def _complex_scale(z: Any, c: float) -> Any:
    # Scale the parts separately: a complex product would turn -inf + 0j into NaN parts.
    return _complex(lax.mul(lax.real(z), c), lax.mul(lax.imag(z), c))


def logaddexp(a: Any, b: Any) -> Any:
    """``log(exp(a) + exp(b))`` without overflow (NumPy's algorithm, infinities included)."""
    diff = lax.sub(a, b)
    pos = lax.add(a, lax.log1p(lax.exp(lax.neg(diff))))
    neg = lax.add(b, lax.log1p(lax.exp(diff)))
    r = _where(lax.gt(diff, 0), pos, _where(lax.le(diff, 0), neg, diff))
    return _where(lax.eq(a, b), lax.add(a, _LN2), r)


def logaddexp2(a: Any, b: Any) -> Any:
    """``log2(2**a + 2**b)`` without overflow."""
    log2e = float(1 / onp.log(2.0))
    diff = lax.sub(a, b)
    pos = lax.add(a, lax.mul(lax.log1p(lax.exp(lax.mul(lax.neg(diff), _LN2))), log2e))
    neg = lax.add(b, lax.mul(lax.log1p(lax.exp(lax.mul(diff, _LN2))), log2e))
    r = _where(lax.gt(diff, 0), pos, _where(lax.le(diff, 0), neg, diff))
    return _where(lax.eq(a, b), lax.add(a, 1.0), r)


# ----------------------------------------------------------------------------- trigonometric


def _hypot(a: Any, b: Any) -> Any:
    a, b = lax.abs(a), lax.abs(b)
    hi, lo = lax.max(a, b), lax.min(a, b)
    safe = _where(_or(lax.eq(hi, 0), lax.eq(hi, float("inf"))), _full(hi, 1), hi)
    ratio = lax.div(lo, safe)
    r = lax.mul(hi, lax.sqrt(lax.add(lax.mul(ratio, ratio), 1.0)))
    r = _where(lax.eq(lo, 0), hi, r)
    return _where(_or(lax.eq(a, float("inf")), lax.eq(b, float("inf"))), _full(hi, float("inf")),
                  r)  # fmt: skip


def hypot(a: Any, b: Any) -> Any:
    """``sqrt(a**2 + b**2)`` without overflow; infinite if either is, even with a NaN."""
    return _hypot(a, b)


def deg2rad(x: Any) -> Any:
    return lax.mul(x, float(onp.pi / 180))


def rad2deg(x: Any) -> Any:
    return lax.mul(x, float(180 / onp.pi))


# ----------------------------------------------------------------------------- rounding


def floor(x: Any) -> Any:
    return lax.floor(x) if _kind(x) == "f" else x


def ceil(x: Any) -> Any:
    return lax.ceil(x) if _kind(x) == "f" else x


def trunc(x: Any) -> Any:
    if _kind(x) != "f":
        return x
    return _where(lax.lt(x, 0), lax.ceil(x), lax.floor(x))


def rint(x: Any) -> Any:
    """Round half to even."""
    if _kind(x) == "c":
        return _complex(lax.round(lax.real(x), 1), lax.round(lax.imag(x), 1))
    return lax.round(x, 1) if _kind(x) == "f" else x


def modf(x: Any) -> tuple[Any, Any]:
    """``(fractional part, integral part)``, both with the sign of ``x``."""
    whole = trunc(x)
    frac = _where(lax.eq(lax.abs(x), float("inf")), _full(x, 0), lax.sub(x, whole))
    return _copysign(frac, x), whole


# ----------------------------------------------------------------------------- floating point


def isnan(x: Any) -> Any:
    k = _kind(x)
    if k == "f":
        return _isnan(x)
    if k == "c":
        return lax.bitwise_or(_isnan(lax.real(x)), _isnan(lax.imag(x)))
    return _zeros_bool(x)


def isinf(x: Any) -> Any:
    k = _kind(x)
    if k == "c":
        return lax.bitwise_or(isinf(lax.real(x)), isinf(lax.imag(x)))
    if k != "f":
        return _zeros_bool(x)
    return lax.eq(lax.abs(x), float("inf"))


def isfinite(x: Any) -> Any:
    k = _kind(x)
    if k == "c":
        return lax.bitwise_and(lax.is_finite(lax.real(x)), lax.is_finite(lax.imag(x)))
    if k != "f":
        return _full(x, True, onp.bool_)
    return lax.is_finite(x)


def signbit(x: Any) -> Any:
    return lax.lt(_bits(x), 0)


def copysign(a: Any, b: Any) -> Any:
    """The magnitude of ``a`` with the sign bit of ``b`` (also for zeros and NaN)."""
    return _copysign(a, b)


def spacing(x: Any) -> Any:
    """The distance to the next representable number away from zero (NaN for infinities).
    For float16, NumPy's loop steps toward +inf whatever the sign; so does xnp's."""
    if x.dtype == onp.float16:
        toward = _full(x, float("inf"))
    else:
        toward = _copysign(_full(x, float("inf")), x)
    r = lax.sub(lax.nextafter(x, toward), x)
    return _where(lax.eq(lax.abs(x), float("inf")), _full(x, float("nan")), r)


def nextafter(a: Any, b: Any) -> Any:
    """The next representable number after ``a`` toward ``b`` (``b`` if they are equal; ``a``
    for float16, as NumPy's half-precision loop does)."""
    if a.dtype == onp.float16:
        return _where(lax.eq(a, b), a, lax.nextafter(a, b))
    return lax.nextafter(a, b)


# ----------------------------------------------------------------------------- max, min, compare


def _complex_order(name: str, a: Any, b: Any) -> Any:
    # NumPy's lexicographic complex comparisons (CLT, CLE, CGT, CGE in npy_math).
    ar, ai, br, bi = lax.real(a), lax.imag(a), lax.real(b), lax.imag(b)
    no_nan_im = _not(_or(_isnan(ai), _isnan(bi)))
    orders = {"less": (lax.lt, lax.lt), "less_equal": (lax.lt, lax.le),
              "greater": (lax.gt, lax.gt), "greater_equal": (lax.gt, lax.ge)}  # fmt: skip
    strict, tie = orders[name]
    return _or(_and(strict(ar, br), no_nan_im), _and(lax.eq(ar, br), tie(ai, bi)))


def _complex_compare(a: Any, b: Any, *, op: str) -> Any:
    return _complex_order(op, a, b)


def _complex_extremum(a: Any, b: Any, *, op: str) -> Any:
    # maximum/minimum propagate a NaN operand; fmax/fmin ignore one.
    order = _complex_order("greater_equal" if op in ("maximum", "fmax") else "less_equal", a, b)
    if op in ("maximum", "minimum"):
        pick_a = _or(order, isnan(a))
    else:
        pick_a = _or(order, isnan(b))
    return _where(pick_a, a, b)


_complex_abs_jit = compiled(_complex_abs, "complex_abs")
_complex_divide_jit = compiled(_complex_divide, "complex_divide")
_complex_compare_jit = compiled(_complex_compare, "complex_compare")
_complex_extremum_jit = compiled(_complex_extremum, "complex_extremum")


def _comparison(name: str, op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def compare(a: Any, b: Any) -> Any:
        if _kind(a) == "c":
            return _complex_compare_jit(a, b, op=name)
        return op(a, b)

    compare.__name__ = name
    return compare


less = _comparison("less", lax.lt)
less_equal = _comparison("less_equal", lax.le)
greater = _comparison("greater", lax.gt)
greater_equal = _comparison("greater_equal", lax.ge)


def maximum(a: Any, b: Any) -> Any:
    """NaN-propagating; complex numbers are ordered lexicographically."""
    return _complex_extremum_jit(a, b, op="maximum") if _kind(a) == "c" else lax.max(a, b)


def minimum(a: Any, b: Any) -> Any:
    """NaN-propagating; complex numbers are ordered lexicographically."""
    return _complex_extremum_jit(a, b, op="minimum") if _kind(a) == "c" else lax.min(a, b)


def fmax(a: Any, b: Any) -> Any:
    """The maximum, ignoring a NaN operand (NaN only when both are)."""
    if _kind(a) == "c":
        return _complex_extremum(a, b, op="fmax")
    if _kind(a) != "f":
        return lax.max(a, b)
    return _where(_isnan(b), a, _where(_isnan(a), b, lax.max(a, b)))


def fmin(a: Any, b: Any) -> Any:
    """The minimum, ignoring a NaN operand (NaN only when both are)."""
    if _kind(a) == "c":
        return _complex_extremum(a, b, op="fmin")
    if _kind(a) != "f":
        return lax.min(a, b)
    return _where(_isnan(b), a, _where(_isnan(a), b, lax.min(a, b)))


def _mixed_sign_compare(a: Any, b: Any, *, op: str) -> Any:
    # A negative signed operand is below every unsigned one; otherwise compare as unsigned.
    a_signed = _kind(a) == "i"
    s = a if a_signed else b
    wide = onp.dtype(f"uint{max(a.dtype.itemsize, b.dtype.itemsize) * 8}")
    ua = lax_shapes.convert_element_type(a, wide)
    ub = lax_shapes.convert_element_type(b, wide)
    fns = {"equal": lax.eq, "not_equal": lax.ne, "less": lax.lt, "less_equal": lax.le,
           "greater": lax.gt, "greater_equal": lax.ge}  # fmt: skip
    nonneg = fns[op](ua, ub)
    if op in ("equal", "not_equal"):
        when_negative = op == "not_equal"
    else:
        when_negative = a_signed == (op in ("less", "less_equal"))
    return _where(lax.lt(s, 0), _full(nonneg, when_negative), nonneg)


mixed_sign_compare = compiled(_mixed_sign_compare, "mixed_sign_compare")


# ----------------------------------------------------------------------------- logic and bits


def truth(x: Any) -> Any:
    """``x != 0`` (for complex numbers, either part nonzero)."""
    return x if x.dtype == onp.bool_ else lax.ne(x, _full(x, 0))


_truth = truth


def logical_and(a: Any, b: Any) -> Any:
    return lax.bitwise_and(_truth(a), _truth(b))


def logical_or(a: Any, b: Any) -> Any:
    return lax.bitwise_or(_truth(a), _truth(b))


def logical_xor(a: Any, b: Any) -> Any:
    return lax.bitwise_xor(_truth(a), _truth(b))


def logical_not(x: Any) -> Any:
    return lax.bitwise_not(_truth(x))


def right_shift(a: Any, b: Any) -> Any:
    """Shifts by the bit width or more (or negative) give 0, or -1 for negative signed ``a``."""
    if _kind(a) == "i":
        return lax.shift_right_arithmetic(a, b)
    return lax.shift_right_logical(a, b)


def bitwise_count(x: Any) -> Any:
    """The number of 1 bits in ``|x|``, as uint8."""
    mag = lax.abs(x) if _kind(x) == "i" else x
    return lax_shapes.convert_element_type(lax.population_count(mag), onp.uint8)


def _unsigned_abs(x: Any) -> Any:
    # |x| in the unsigned type of the same width: exact even for the minimum integer.
    if _kind(x) == "u":
        return x
    udt = onp.dtype(f"uint{x.dtype.itemsize * 8}")
    return lax_shapes.convert_element_type(lax.abs(x), udt)


def _gcd_unsigned(a: Any, b: Any) -> Any:
    # Euclid's algorithm, unrolled for the worst case (consecutive Fibonacci numbers).
    steps = int(a.dtype.itemsize * 8 * 1.45) + 2
    for _ in range(steps):
        zero = lax.eq(b, 0)
        r = lax.rem(a, _where(zero, _full(b, 1), b))
        a, b = _where(zero, a, b), _where(zero, b, r)
    return a


def gcd(a: Any, b: Any) -> Any:
    """The greatest common divisor of ``|a|`` and ``|b|`` (computed without overflow, then
    cast back: ``gcd(int8(-128), 0)`` is -128, as in NumPy)."""
    g = _gcd_unsigned(_unsigned_abs(a), _unsigned_abs(b))
    return lax_shapes.convert_element_type(g, a.dtype)


def lcm(a: Any, b: Any) -> Any:
    """The least common multiple of ``|a|`` and ``|b|`` (0 if either is 0), wrapping on
    overflow as NumPy's loop does."""
    ua, ub = _unsigned_abs(a), _unsigned_abs(b)
    g = _gcd_unsigned(ua, ub)
    zero = lax.eq(g, 0)
    r = lax.mul(lax.div(ua, _where(zero, _full(g, 1), g)), ub)
    return lax_shapes.convert_element_type(_where(zero, _full(r, 0), r), a.dtype)
