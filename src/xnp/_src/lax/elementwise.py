"""Elementwise primitives: StableHLO's and CHLO's unary, binary and ternary ops.

Each op is one ``define`` call (its name, accepted dtype kinds, result dtype rule and lowering;
it also gets the default batching rule), followed by its jvp and transpose rules and any
batching rule of its own: one block per primitive. The special functions (gamma family, zeta,
Bessel) are defined with ``define`` in special.py; composite lowerings there and here are
written in the formula mini-language of formulas.py.

Semantics that XLA defines and NumPy does not (or defines differently), for reference:
- integer ``div`` truncates toward zero; ``x / 0`` is -1 for signed and all ones for unsigned
  integers; ``iinfo.min / -1`` is ``iinfo.min``. Integer ``rem`` has the dividend's sign (C);
  ``x % 0`` is ``x`` and ``iinfo.min % -1`` is 0. Float ``rem`` is C ``fmod``.
- shifts by an amount outside ``[0, bits)`` (negative amounts included): ``shift_left`` and
  ``shift_right_logical`` give 0, ``shift_right_arithmetic`` gives 0 or -1 (the sign fill).
  ``shift_right_arithmetic`` of an unsigned integer shifts its bit pattern as signed.
- ``sign(-0.0)`` is -0.0 and ``sign(nan)`` is nan.
- ``max``/``min`` propagate NaN; complex operands are ordered lexicographically
  (real part, then imaginary part) and a NaN in either part propagates, as in NumPy.
- on CPU, XLA flushes subnormal results to zero.
"""

from __future__ import annotations

import enum as _enum
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import ad_util, core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import formulas, utils
from xnp._src.lax.utils import ANY, FLOAT, INEXACT, INT, INT_OR_BOOL, NUMERIC, REAL

hlo, chlo = mlir.hlo, mlir.chlo

# The public lax names (xnp.lax star-imports them): the wrappers, their primitives and
# RoundingMethod; define(), the lowering helpers and this module's imports are not.
__all__ = [
    "RoundingMethod",
    "abs",
    "abs_p",
    "acos",
    "acos_p",
    "acosh",
    "acosh_p",
    "add",
    "add_p",
    "and_p",
    "asin",
    "asin_p",
    "asinh",
    "asinh_p",
    "atan",
    "atan2",
    "atan2_p",
    "atan_p",
    "atanh",
    "atanh_p",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "cbrt",
    "cbrt_p",
    "ceil",
    "ceil_p",
    "clamp",
    "clamp_p",
    "clz",
    "clz_p",
    "complex",
    "complex_p",
    "conj",
    "conj_p",
    "cos",
    "cos_p",
    "cosh",
    "cosh_p",
    "div",
    "div_p",
    "eq",
    "eq_p",
    "erf",
    "erf_inv",
    "erf_inv_p",
    "erf_p",
    "erfc",
    "erfc_p",
    "exp",
    "exp2",
    "exp2_p",
    "exp_p",
    "expm1",
    "expm1_p",
    "floor",
    "floor_p",
    "ge",
    "ge_p",
    "gt",
    "gt_p",
    "imag",
    "imag_p",
    "integer_pow",
    "integer_pow_p",
    "is_finite",
    "is_finite_p",
    "le",
    "le_p",
    "log",
    "log1p",
    "log1p_p",
    "log_p",
    "logistic",
    "logistic_p",
    "lt",
    "lt_p",
    "max",
    "max_p",
    "min",
    "min_p",
    "mul",
    "mul_p",
    "ne",
    "ne_p",
    "neg",
    "neg_p",
    "nextafter",
    "nextafter_p",
    "not_p",
    "or_p",
    "population_count",
    "population_count_p",
    "pow",
    "pow_p",
    "real",
    "real_p",
    "reciprocal",
    "rem",
    "rem_p",
    "round",
    "round_p",
    "rsqrt",
    "rsqrt_p",
    "select",
    "select_n",
    "select_n_p",
    "shift_left",
    "shift_left_p",
    "shift_right_arithmetic",
    "shift_right_arithmetic_p",
    "shift_right_logical",
    "shift_right_logical_p",
    "sign",
    "sign_p",
    "sin",
    "sin_p",
    "sinh",
    "sinh_p",
    "sqrt",
    "sqrt_p",
    "square",
    "sub",
    "sub_p",
    "tan",
    "tan_p",
    "tanh",
    "tanh_p",
    "xor_p",
]

_LOW_PRECISION = formulas.LOW_PRECISION


def _same_dtype(*avals: core.ShapedArray) -> onp.dtype:
    return avals[0].dtype


def _real_dtype(aval: core.ShapedArray) -> onp.dtype:
    return onp.finfo(aval.dtype).dtype if dtypes.kind(aval.dtype) == "c" else aval.dtype


def _bool_dtype(*avals: core.ShapedArray) -> onp.dtype:
    return onp.dtype(bool)


def _complex_dtype(re: core.ShapedArray, im: core.ShapedArray) -> onp.dtype:
    if re.dtype not in (onp.float32, onp.float64):
        raise TypeError(
            f"complex does not accept dtype {re.dtype.name}; accepted: float32, float64"
        )
    return onp.dtype(onp.complex64 if re.dtype == onp.float32 else onp.complex128)


def _elementwise_abstract_eval(
    name: str, kinds: tuple[str, ...], dtype_rule: Callable[..., onp.dtype], weak_out: bool
) -> Callable[..., core.ShapedArray]:
    def abstract_eval(*avals: core.ShapedArray, **params: Any) -> core.ShapedArray:
        utils.check_dtypes(name, avals, kinds)
        if len(avals) > 1:
            utils.check_same_dtypes(name, avals)
            shape = utils.check_same_shapes(name, avals)
        else:
            shape = avals[0].shape
        weak = weak_out and utils.all_weak(avals)
        return core.ShapedArray(shape, dtype_rule(*avals), weak)

    return abstract_eval


def define(
    name: str,
    nargs: int,
    lower: Callable[..., Any],
    kinds: tuple[str, ...] = NUMERIC,
    dtype_rule: Callable[..., onp.dtype] = _same_dtype,
    weak_out: bool = True,
    with_ctx: bool = False,
    doc: str | None = None,
) -> tuple[core.Primitive, Callable[..., Any]]:
    """Define an elementwise primitive of ``nargs`` operands; returns (primitive, wrapper).

    ``lower(*operands)`` emits the op (``lower(ctx, *operands)`` when ``with_ctx``). The
    primitive gets the default batching rule of its family (a unary op keeps the batch dim
    where it is; an n-ary op broadcasts unbatched operands to it); the caller registers its
    jvp (and transpose) rules right after the call.
    """
    prim = utils.standard_primitive(
        name,
        _elementwise_abstract_eval(name, kinds, dtype_rule, weak_out),
        lower if with_ctx else (lambda ctx, *args: lower(*args)),
    )
    if nargs == 1:
        batching.defvectorized(prim)
    else:
        batching.defbroadcasting(prim)

    if nargs == 1:

        def wrapper(x: Any) -> Any:
            return prim.bind(utils.asarray(x))
    else:

        def wrapper(*args: Any) -> Any:
            if len(args) != nargs:
                raise TypeError(f"{name} takes {nargs} arguments, got {len(args)}")
            return prim.bind(*utils.operands(name, *args))

    wrapper.__name__ = name
    wrapper.__qualname__ = name
    wrapper.__doc__ = doc or f"Elementwise ``{name}`` (the ``{name}_p`` primitive)."
    return prim, wrapper


# ----------------------------------------------------------------------------- formulas
# The lowering formula mini-language (Val, where, isnan, formula, ...) lives in formulas.py.
compare_values = formulas.compare_values


# ----------------------------------------------------------------------------- rule helpers
# Derivatives are written with these same lax functions, so they differentiate again (any
# order). Each primitive's jvp, transpose and (non-default) batching rules follow its
# definition; define() gives every op the default batching rule (vectorized for unary ops,
# broadcasting of unbatched operands for n-ary ones).


def _zeros_like(x: Any) -> Any:
    return ad_util.broadcast_in_dim(utils.const(x, 0), x.shape, ())


def _bcast_like(c: Any, x: Any) -> Any:
    return ad_util.broadcast_in_dim(c, x.shape, ()) if x.shape else c


def _one(x: Any, v: float = 1.0) -> Any:
    return _bcast_like(utils.const(x, v), x)


def _unbroadcast_none(ct: Any, x: Any) -> Any:
    return ct if ad.is_undefined_primal(x) else None


def _trunc(x: Any) -> Any:
    return select(lt(x, _zeros_like(x)), ceil(x), floor(x))


def _pow_jvp_x(g: Any, x: Any, y: Any) -> Any:
    # y * x^(y-1), with 0^0 * 0 handled: where y == 0 the derivative is 0.
    zero_y = eq(y, _zeros_like(y))
    safe_y = select(zero_y, _one(y), y)
    d = mul(safe_y, pow(x, sub(safe_y, _one(safe_y))))
    return mul(g, select(zero_y, _zeros_like(d), d))


def _pow_jvp_y(g: Any, ans: Any, x: Any, y: Any) -> Any:
    # log(x) * x^y, with 0 where x == 0 (the limit along y > 0).
    zero_x = eq(x, _zeros_like(x))
    safe_x = select(zero_x, _one(x), x)
    return mul(g, select(zero_x, _zeros_like(ans), mul(log(safe_x), ans)))


# ----------------------------------------------------------------------------- unary


def _sign_lowering(ctx: mlir.LoweringRuleContext, x: Any) -> Any:
    aval = ctx.avals_in[0]
    if dtypes.kind(aval.dtype) != "u":
        return hlo.sign(x)
    # stablehlo.sign takes no unsigned operands: 0 stays 0, everything else is 1.
    is_zero = compare_values(x, mlir.full_like_aval(aval, 0), "EQ")
    return hlo.select(is_zero, mlir.full_like_aval(aval, 0), mlir.full_like_aval(aval, 1))


def _abs_lowering(ctx: mlir.LoweringRuleContext, x: Any) -> Any:
    return x if dtypes.kind(ctx.avals_in[0].dtype) == "u" else hlo.abs(x)


def _exp2_lowering(ctx: mlir.LoweringRuleContext, x: Any) -> Any:
    aval = ctx.avals_in[0]
    if dtypes.kind(aval.dtype) == "c":
        return hlo.exponential(hlo.multiply(x, mlir.full_like_aval(aval, onp.log(2.0))))
    # pow(2, x) rather than exp(x log 2): exact at integers, correctly rounded elsewhere.
    return hlo.power(mlir.full_like_aval(aval, 2), x)


neg_p, neg = define("neg", 1, hlo.negate, doc="``-x`` (integers wrap, as in NumPy).")


def _neg_transpose(ct: Any, x: Any) -> list:
    return [ad.Zero(x.aval) if type(ct) is ad.Zero else neg(ct)]


ad.deflinear(neg_p, _neg_transpose)


sign_p, sign = define(
    "sign",
    1,
    _sign_lowering,
    with_ctx=True,
    doc="-1, 0 or 1 by the sign of ``x`` (``x / abs(x)`` for complex); unlike NumPy, "
    "``sign(-0.0)`` is -0.0.",
)
ad.defnondiff(sign_p, "it is piecewise constant (derivative zero almost everywhere)")
floor_p, floor = define("floor", 1, hlo.floor, FLOAT)
ad.defnondiff(floor_p, "it is piecewise constant (derivative zero almost everywhere)")
ceil_p, ceil = define("ceil", 1, hlo.ceil, FLOAT)
ad.defnondiff(ceil_p, "it is piecewise constant (derivative zero almost everywhere)")
is_finite_p, is_finite = define("is_finite", 1, hlo.is_finite, FLOAT, _bool_dtype, False)
ad.defnondiff(is_finite_p, "its output is boolean or integer")
exp_p, exp = define("exp", 1, hlo.exponential, INEXACT)
ad.defjvp2(exp_p, lambda g, ans, x: mul(g, ans))
exp2_p, exp2 = define(
    "exp2", 1, _exp2_lowering, INEXACT, with_ctx=True, doc="``2 ** x``, exact at integers."
)
ad.defjvp2(exp2_p, lambda g, ans, x: mul(g, mul(ans, _one(ans, float(onp.log(2.0))))))
expm1_p, expm1 = define("expm1", 1, hlo.exponential_minus_one, INEXACT)
ad.defjvp2(expm1_p, lambda g, ans, x: mul(g, add(ans, _one(ans))))
log_p, log = define("log", 1, hlo.log, INEXACT)
ad.defjvp(log_p, lambda g, x: div(g, x))
log1p_p, log1p = define("log1p", 1, formulas.formula(formulas.log1p), INEXACT, with_ctx=True)
ad.defjvp(log1p_p, lambda g, x: div(g, add(x, _one(x))))
tanh_p, tanh = define("tanh", 1, hlo.tanh, INEXACT)
ad.defjvp2(tanh_p, lambda g, ans, x: mul(g, sub(_one(ans), mul(ans, ans))))
logistic_p, logistic = define(
    "logistic", 1, hlo.logistic, INEXACT, doc="``1 / (1 + exp(-x))`` (SciPy's ``expit``)."
)
ad.defjvp2(logistic_p, lambda g, ans, x: mul(g, mul(ans, sub(_one(ans), ans))))
sin_p, sin = define("sin", 1, hlo.sine, INEXACT)
ad.defjvp(sin_p, lambda g, x: mul(g, cos(x)))
cos_p, cos = define("cos", 1, hlo.cosine, INEXACT)
ad.defjvp(cos_p, lambda g, x: neg(mul(g, sin(x))))
tan_p, tan = define("tan", 1, hlo.tan, INEXACT)
ad.defjvp2(tan_p, lambda g, ans, x: mul(g, add(_one(ans), mul(ans, ans))))
asin_p, asin = define("asin", 1, chlo.asin, INEXACT)
ad.defjvp(asin_p, lambda g, x: mul(g, rsqrt(sub(_one(x), mul(x, x)))))
acos_p, acos = define("acos", 1, chlo.acos, INEXACT)
ad.defjvp(acos_p, lambda g, x: neg(mul(g, rsqrt(sub(_one(x), mul(x, x))))))
atan_p, atan = define("atan", 1, chlo.atan, INEXACT)
ad.defjvp(atan_p, lambda g, x: div(g, add(_one(x), mul(x, x))))
sinh_p, sinh = define("sinh", 1, chlo.sinh, INEXACT)
ad.defjvp(sinh_p, lambda g, x: mul(g, cosh(x)))
cosh_p, cosh = define("cosh", 1, chlo.cosh, INEXACT)
ad.defjvp(cosh_p, lambda g, x: mul(g, sinh(x)))
asinh_p, asinh = define("asinh", 1, chlo.asinh, INEXACT)
ad.defjvp(asinh_p, lambda g, x: mul(g, rsqrt(add(mul(x, x), _one(x)))))
acosh_p, acosh = define("acosh", 1, chlo.acosh, INEXACT)
ad.defjvp(acosh_p, lambda g, x: mul(g, rsqrt(mul(sub(x, _one(x)), add(x, _one(x))))))
atanh_p, atanh = define("atanh", 1, chlo.atanh, INEXACT)
ad.defjvp(atanh_p, lambda g, x: div(g, sub(_one(x), mul(x, x))))
sqrt_p, sqrt = define("sqrt", 1, hlo.sqrt, INEXACT)
# d sqrt = g / (2 sqrt(x)): written with the answer so sqrt(0) gives inf, not nan * 0.
ad.defjvp2(sqrt_p, lambda g, ans, x: div(g, mul(ans, _one(ans, 2.0))))
rsqrt_p, rsqrt = define("rsqrt", 1, hlo.rsqrt, INEXACT)
ad.defjvp2(rsqrt_p, lambda g, ans, x: mul(g, mul(div(ans, x), _one(x, -0.5))))
cbrt_p, cbrt = define("cbrt", 1, hlo.cbrt, FLOAT)
ad.defjvp2(cbrt_p, lambda g, ans, x: div(g, mul(mul(ans, ans), _one(ans, 3.0))))
not_p, bitwise_not = define("not", 1, hlo.not_, INT_OR_BOOL)
ad.defnondiff(not_p, "its output is boolean or integer")
population_count_p, population_count = define(
    "population_count", 1, hlo.popcnt, INT, doc="The number of set bits of ``x``'s bit pattern."
)
ad.defnondiff(population_count_p, "its output is boolean or integer")
clz_p, clz = define(
    "clz", 1, hlo.count_leading_zeros, INT, doc="The number of leading zero bits of ``x``."
)
ad.defnondiff(clz_p, "its output is boolean or integer")
erf_p, erf = define("erf", 1, chlo.erf, FLOAT)
ad.defjvp(erf_p, lambda g, x: mul(g, mul(_one(x, 2.0 / float(onp.sqrt(onp.pi))),
                                         exp(neg(mul(x, x))))))  # fmt: skip
erfc_p, erfc = define("erfc", 1, chlo.erfc, FLOAT)
ad.defjvp(erfc_p, lambda g, x: mul(g, mul(_one(x, -2.0 / float(onp.sqrt(onp.pi))),
                                          exp(neg(mul(x, x))))))  # fmt: skip
erf_inv_p, erf_inv = define("erf_inv", 1, chlo.erf_inv, FLOAT)
ad.defjvp2(erf_inv_p, lambda g, ans, x: mul(g, mul(_one(x, float(onp.sqrt(onp.pi)) / 2.0),
                                                   exp(mul(ans, ans)))))  # fmt: skip
real_p, real = define("real", 1, hlo.real, ("c",), _real_dtype)


def _real_transpose(ct: Any, x: Any) -> list:
    return [complex(ct, _zeros_like(ct))]


ad.deflinear(real_p, _real_transpose)


imag_p, imag = define("imag", 1, hlo.imag, ("c",), _real_dtype)


def _imag_transpose(ct: Any, x: Any) -> list:
    # imag(z) = Re(-i z): its transpose maps ct to -i * ct... as a real-linear map: i*ct.
    return [complex(_zeros_like(ct), neg(ct))]


ad.deflinear(imag_p, _imag_transpose)


conj_p, conj = define(
    "conj", 1, lambda x: hlo.complex(hlo.real(x), hlo.negate(hlo.imag(x))), ("c",)
)
ad.deflinear(conj_p, lambda ct, x: [conj(ct)])
abs_p, abs = define(  # noqa: A001
    "abs",
    1,
    _abs_lowering,
    NUMERIC,
    _real_dtype,
    with_ctx=True,
    doc="``|x|``: real for complex ``x``; ``abs(iinfo.min)`` wraps to itself, as in NumPy.",
)


def _abs_jvp(g: Any, ans: Any, x: Any) -> Any:
    if dtypes.kind(x.dtype) == "c":
        # d|z| = Re(conj(z) dz) / |z|; 0 at z == 0.
        safe = select(eq(ans, _zeros_like(ans)), _one(ans), ans)
        r = div(real(mul(conj(x), g)), safe)
        return select(eq(ans, _zeros_like(ans)), _zeros_like(ans), r)
    # sign(0) == 0, so the derivative of abs at 0 is 0 (as in JAX).
    return mul(g, sign(x))


ad.defjvp2(abs_p, _abs_jvp)


class RoundingMethod(_enum.IntEnum):
    """How ``round`` breaks ties: away from zero (C's ``round``) or to even (NumPy's)."""

    AWAY_FROM_ZERO = 0
    TO_NEAREST_EVEN = 1


def _round_lowering(ctx: mlir.LoweringRuleContext, x: Any, *, rounding_method: int) -> Any:
    if rounding_method == RoundingMethod.TO_NEAREST_EVEN:
        return hlo.round_nearest_even(x)
    return hlo.round_nearest_afz(x)


def _round_abstract_eval(x: core.ShapedArray, *, rounding_method: int) -> core.ShapedArray:
    utils.check_dtypes("round", [x], FLOAT)
    if rounding_method not in (0, 1):
        raise ValueError(f"round: rounding_method must be 0 or 1, got {rounding_method}")
    return x


round_p = utils.standard_primitive("round", _round_abstract_eval, _round_lowering)
ad.defnondiff(round_p, "it is piecewise constant (derivative zero almost everywhere)")
batching.defvectorized(round_p)


def round(x: Any, rounding_method: int = RoundingMethod.AWAY_FROM_ZERO) -> Any:  # noqa: A001
    """Round to the nearest integer: ties away from zero (0) or to even (1)."""
    return round_p.bind(utils.asarray(x), rounding_method=int(rounding_method))


# ----------------------------------------------------------------------------- binary


def _lexicographic(x: formulas.Val, y: formulas.Val, direction: str) -> formulas.Val:
    """(re, im) ordering of complex values: whether ``x direction y`` for GT or LT."""
    xr, xi, yr, yi = (formulas.Val(f(v.v), v.aval) for v in (x, y) for f in (hlo.real, hlo.imag))
    return xr.cmp(direction, yr) | (xr.cmp("EQ", yr) & xi.cmp(direction, yi))


def _minmax_lowering(op: Callable[[Any, Any], Any], direction: str) -> Callable[..., Any]:
    def lower(ctx: mlir.LoweringRuleContext, x: Any, y: Any) -> Any:
        aval = ctx.avals_in[0]
        if dtypes.kind(aval.dtype) != "c":
            return op(x, y)  # XLA's max/min propagate NaN for floats
        part = aval.update(dtype=_real_dtype(aval))
        xv, yv = formulas.Val(x, aval), formulas.Val(y, aval)
        x_nan, y_nan = (formulas.isnan(formulas.Val(hlo.real(v), part))
                        | formulas.isnan(formulas.Val(hlo.imag(v), part)) for v in (x, y))
        pick_x = x_nan | (~y_nan & ~_lexicographic(yv, xv, direction))
        return formulas.where(pick_x, xv, yv).v

    return lower


add_p, add = define("add", 2, hlo.add)


def _add_transpose(ct: Any, x: Any, y: Any) -> list:
    return [_unbroadcast_none(ct, x), _unbroadcast_none(ct, y)]


ad.deflinear(add_p, _add_transpose)
# ``add_any`` (defined in ad_util, bound by the interpreters): the sum of two tangents or
# cotangents of one aval. Its whole block is here.
add_any_p = utils.standard_primitive(
    "add_any",
    _elementwise_abstract_eval("add_any", NUMERIC, _same_dtype, True),
    lambda ctx, x, y: hlo.add(x, y),
    prim=ad_util.add_any_p,
)
ad.deflinear(add_any_p, _add_transpose)
batching.defbroadcasting(add_any_p)


sub_p, sub = define("sub", 2, hlo.subtract)


def _sub_transpose(ct: Any, x: Any, y: Any) -> list:
    return [_unbroadcast_none(ct, x), neg(ct) if ad.is_undefined_primal(y) else None]


ad.deflinear(sub_p, _sub_transpose)


mul_p, mul = define("mul", 2, hlo.multiply)


ad.defjvp(mul_p, lambda g, x, y: mul(g, y), lambda g, x, y: mul(x, g))


def _mul_transpose(ct: Any, x: Any, y: Any) -> list:
    if ad.is_undefined_primal(x) and ad.is_undefined_primal(y):
        raise NotImplementedError("mul is not linear in both operands at once")
    if ad.is_undefined_primal(x):
        return [mul(ct, y), None]
    return [None, mul(x, ct)]


ad.transpose_rules[mul_p] = _mul_transpose


_BROADCASTS = ("stablehlo.broadcast_in_dim", "stablehlo.broadcast")
_RELABELS = ("stablehlo.reshape", "stablehlo.convert")


def _constant_value(attr: Any) -> onp.ndarray:
    try:
        if attr.is_splat:
            return onp.asarray(mlir.ir.FloatAttr(attr.get_splat_value()).value)
        return onp.asarray(attr)
    except (TypeError, ValueError):  # not a float constant, or no buffer protocol
        return onp.asarray(onp.nan)


def _divisor_source(v: Any) -> tuple[onp.ndarray | None, bool]:
    """(the constant behind MLIR value ``v`` or None, whether ``v`` is a broadcast), looking
    through broadcasts, reshapes and conversions."""
    broadcast = False
    while True:
        op = getattr(v, "owner", None)
        name = getattr(op, "name", None)  # a block argument's owner is a Block (no name)
        if name == "stablehlo.constant":
            return _constant_value(op.attributes["value"]), broadcast
        if name in _BROADCASTS:
            broadcast = True
        elif name not in _RELABELS:
            return None, broadcast
        v = op.operands[0]


def _divide(ctx: Any, x: Any, y: Any) -> Any:
    # XLA's algebraic simplifier rewrites a real division by a constant, or by a broadcast
    # scalar, into a multiplication by the rounded reciprocal: an ulp off for a third of
    # float16 quotients (``x / 3`` under jit), and 0 for ``x / x.max()`` when the reciprocal
    # of a huge maximum is subnormal (flushed to zero). An optimization barrier on such a
    # divisor keeps the correctly rounded IEEE (and NumPy) quotient. Not added (fusion stays
    # as it was) when every reciprocal is exact (powers of two, 0, inf), or when the
    # numerator is a constant too (XLA folds that division exactly).
    if dtypes.kind(ctx.avals_in[1].dtype) == "f" and _divisor_source(x)[0] is None:
        c, broadcast = _divisor_source(y)
        if c is not None:
            with onp.errstate(all="ignore"):
                exact = (onp.frexp(c)[0] == 0.5) | (c == 0) | onp.isinf(c)
            needs = not onp.all(exact)
        else:
            needs = broadcast
        if needs:
            y = hlo.OptimizationBarrierOp([y]).results[0]
    return hlo.divide(x, y)


div_p, div = define(
    "div",
    2,
    _divide,
    with_ctx=True,
    doc="``x / y``, correctly rounded (XLA's reciprocal rewrite of a constant divisor is "
    "blocked); integer division truncates toward zero (C), unlike NumPy's ``//``.",
)


ad.defjvp(div_p, lambda g, x, y: div(g, y),
          lambda g, x, y: neg(div(mul(g, x), mul(y, y))))  # fmt: skip


def _div_transpose(ct: Any, x: Any, y: Any) -> list:
    if ad.is_undefined_primal(y):
        raise NotImplementedError("div is not linear in its denominator")
    return [div(ct, y), None]


ad.transpose_rules[div_p] = _div_transpose


rem_p, rem = define(
    "rem",
    2,
    hlo.remainder,
    REAL,
    doc="The remainder of ``div`` (C's ``fmod``, the sign of ``x``), unlike NumPy's ``%``.",
)
# rem(x, y) = x - y * trunc(x / y)
ad.defjvp(rem_p, lambda g, x, y: g,
          lambda g, x, y: mul(neg(g), _trunc(div(x, y))))  # fmt: skip
pow_p, pow = define("pow", 2, hlo.power, INEXACT)  # noqa: A001


def _pow_jvp(primals: list, tangents: list) -> tuple:
    x, y = primals
    gx, gy = tangents
    ans = pow(x, y)
    out = ad.Zero(core.get_aval(ans).strip_weak_type())
    if type(gx) is not ad.Zero:
        out = ad.add_tangents(out, _pow_jvp_x(gx, x, y))
    if type(gy) is not ad.Zero:
        out = ad.add_tangents(out, _pow_jvp_y(gy, ans, x, y))
    return ans, out


ad.jvp_rules[pow_p] = _pow_jvp


max_p, max = define(  # noqa: A001
    "max",
    2,
    _minmax_lowering(hlo.maximum, "GT"),
    ANY,
    with_ctx=True,
    doc="NumPy's ``maximum``: NaN propagates; complex numbers compare lexicographically.",
)


def _minmax_jvp(pick: Callable[[Any, Any], Any]) -> Callable:
    # Ties split the gradient evenly between the operands (as JAX does).
    def jvp_x(g: Any, x: Any, y: Any) -> Any:
        half = _one(x, 0.5)
        w = select(pick(x, y), _one(x), select(eq(x, y), half, _zeros_like(x)))
        return mul(g, w)

    def jvp_y(g: Any, x: Any, y: Any) -> Any:
        half = _one(y, 0.5)
        w = select(pick(y, x), _one(y), select(eq(x, y), half, _zeros_like(y)))
        return mul(g, w)

    return jvp_x, jvp_y


ad.defjvp(max_p, *_minmax_jvp(lambda a, b: gt(a, b)))  # gt is defined below


min_p, min = define(  # noqa: A001
    "min",
    2,
    _minmax_lowering(hlo.minimum, "LT"),
    ANY,
    with_ctx=True,
    doc="NumPy's ``minimum``: NaN propagates; complex numbers compare lexicographically.",
)
ad.defjvp(min_p, *_minmax_jvp(lambda a, b: lt(a, b)))  # lt is defined below
atan2_p, atan2 = define("atan2", 2, hlo.atan2, FLOAT)
ad.defjvp(atan2_p, lambda g, x, y: mul(g, div(y, add(mul(x, x), mul(y, y)))),
          lambda g, x, y: mul(g, div(neg(x), add(mul(x, x), mul(y, y)))))  # fmt: skip
nextafter_p, nextafter = define("nextafter", 2, chlo.next_after, FLOAT)
ad.defnondiff(nextafter_p, "it is piecewise constant (derivative zero almost everywhere)")
complex_p, complex = define(  # noqa: A001
    "complex", 2, hlo.complex, FLOAT, _complex_dtype, doc="``x + 1j * y`` for float32/64."
)


def _complex_transpose(ct: Any, x: Any, y: Any) -> list:
    return [real(ct) if ad.is_undefined_primal(x) else None,
            neg(imag(ct)) if ad.is_undefined_primal(y) else None]  # fmt: skip


ad.deflinear(complex_p, _complex_transpose)


and_p, bitwise_and = define("and", 2, hlo.and_, INT_OR_BOOL)
ad.defnondiff(and_p, "its output is boolean or integer")
or_p, bitwise_or = define("or", 2, hlo.or_, INT_OR_BOOL)
ad.defnondiff(or_p, "its output is boolean or integer")
xor_p, bitwise_xor = define("xor", 2, hlo.xor, INT_OR_BOOL)
ad.defnondiff(xor_p, "its output is boolean or integer")
_SHIFT_DOC = " Amounts outside ``[0, bits)`` give {}."
shift_left_p, shift_left = define(
    "shift_left", 2, hlo.shift_left, INT, doc="``x << y``." + _SHIFT_DOC.format("0")
)
ad.defnondiff(shift_left_p, "its output is boolean or integer")
shift_right_arithmetic_p, shift_right_arithmetic = define(
    "shift_right_arithmetic",
    2,
    hlo.shift_right_arithmetic,
    INT,
    doc="``x >> y`` filling with the sign bit (of the bit pattern, for unsigned ``x`` too)."
    + _SHIFT_DOC.format("0 or -1 (all sign bits)"),
)
ad.defnondiff(shift_right_arithmetic_p, "its output is boolean or integer")
shift_right_logical_p, shift_right_logical = define(
    "shift_right_logical",
    2,
    hlo.shift_right_logical,
    INT,
    doc="``x >> y`` filling with zeros." + _SHIFT_DOC.format("0"),
)
ad.defnondiff(shift_right_logical_p, "its output is boolean or integer")

# ----------------------------------------------------------------------------- comparisons


def _comparison(name: str, direction: str) -> tuple[core.Primitive, Callable[..., Any]]:
    # Complex numbers are only equal or not: ordering them is a TypeError, as in NumPy 2.
    kinds = ANY if direction in ("EQ", "NE") else INT_OR_BOOL + FLOAT
    lower = lambda x, y: compare_values(x, y, direction)
    return define(name, 2, lower, kinds, _bool_dtype, False)


eq_p, eq = _comparison("eq", "EQ")
ad.defnondiff(eq_p, "its output is boolean or integer")
ne_p, ne = _comparison("ne", "NE")
ad.defnondiff(ne_p, "its output is boolean or integer")
lt_p, lt = _comparison("lt", "LT")
ad.defnondiff(lt_p, "its output is boolean or integer")
le_p, le = _comparison("le", "LE")
ad.defnondiff(le_p, "its output is boolean or integer")
gt_p, gt = _comparison("gt", "GT")
ad.defnondiff(gt_p, "its output is boolean or integer")
ge_p, ge = _comparison("ge", "GE")
ad.defnondiff(ge_p, "its output is boolean or integer")


# ----------------------------------------------------------------------------- integer_pow


def _integer_pow_abstract_eval(x: core.ShapedArray, *, y: int) -> core.ShapedArray:
    utils.check_dtypes("integer_pow", [x], NUMERIC)
    if dtypes.kind(x.dtype) in "iu" and y < 0:
        raise ValueError(f"integer_pow: negative exponent {y} for integer dtype {x.dtype.name}")
    return core.ShapedArray(x.shape, x.dtype, x.weak_type)


def _integer_pow_lowering(ctx: mlir.LoweringRuleContext, x: Any, *, y: int) -> Any:
    # Exponentiation by squaring, unrolled: exact for integers (wrapping like NumPy's).
    aval = ctx.avals_in[0]
    if y == 0:
        return mlir.full_like_aval(aval, 1)
    acc = utils.power_by_squaring(x, abs(y), hlo.multiply)
    if y < 0:
        acc = hlo.divide(mlir.full_like_aval(aval, 1), acc)
    return acc


integer_pow_p = utils.standard_primitive(
    "integer_pow", _integer_pow_abstract_eval, _integer_pow_lowering
)


def _integer_pow_jvp(g: Any, x: Any, *, y: int) -> Any:
    if y == 0:
        return _zeros_like(g)
    return mul(g, mul(_one(x, float(y)), integer_pow(x, y - 1)))


ad.defjvp(integer_pow_p, _integer_pow_jvp)
batching.defvectorized(integer_pow_p)


def integer_pow(x: Any, y: int) -> Any:
    """``x ** y`` for a static Python integer ``y`` (negative only for inexact ``x``)."""
    if isinstance(y, bool) or not isinstance(y, int | onp.integer):
        raise TypeError(f"integer_pow: the exponent must be a Python int, got {y!r}")
    return integer_pow_p.bind(utils.asarray(x), y=int(y))


def square(x: Any) -> Any:
    """``x * x``."""
    return integer_pow(x, 2)


def reciprocal(x: Any) -> Any:
    """``1 / x`` (inexact ``x``)."""
    return integer_pow(x, -1)


# ----------------------------------------------------------------------------- select_n, clamp


def _select_n_abstract_eval(which: core.ShapedArray, *cases: core.ShapedArray) -> core.ShapedArray:
    if not cases:
        raise ValueError("select_n requires at least one case")
    if which.dtype != onp.bool_ and dtypes.kind(which.dtype) not in "iu":
        raise TypeError(f"select_n: `which` must be bool or integer, got {which.dtype.name}")
    if which.dtype == onp.bool_ and len(cases) > 2:
        raise TypeError(
            f"select_n: a bool `which` selects between at most two cases, got {len(cases)}"
        )
    utils.check_same_dtypes("select_n", cases)
    utils.check_same_shapes("select_n", cases)
    if which.shape != () and which.shape != cases[0].shape:
        raise ValueError(
            f"select_n: `which` must be scalar or have the cases' shape {cases[0].shape}, got "
            f"{which.shape}"
        )
    return core.ShapedArray(cases[0].shape, cases[0].dtype, utils.all_weak(cases))


def _select_n_lowering(ctx: mlir.LoweringRuleContext, which: Any, *cases: Any) -> Any:
    which_aval = ctx.avals_in[0]
    out = ctx.avals_out[0]
    if len(cases) == 1:
        return cases[0]
    if which_aval.shape != out.shape:
        which = mlir.broadcast_to(which, which_aval, out.update(dtype=which_aval.dtype))
        which_aval = out.update(dtype=which_aval.dtype)
    return _select_tree(which, which_aval, list(cases), 0)


def _select_tree(which: Any, aval: core.ShapedArray, cases: list, offset: int) -> Any:
    # A balanced tree of selects on `which < mid`: out-of-range values pick an end case.
    if len(cases) == 1:
        return cases[0]
    if aval.dtype == onp.bool_:
        return hlo.select(which, cases[1], cases[0])
    mid = len(cases) // 2
    pred = compare_values(which, mlir.full_like_aval(aval, offset + mid), "LT")
    return hlo.select(
        pred,
        _select_tree(which, aval, cases[:mid], offset),
        _select_tree(which, aval, cases[mid:], offset + mid),
    )


select_n_p = utils.standard_primitive("select_n", _select_n_abstract_eval, _select_n_lowering)


def _select_n_jvp(primals: list, tangents: list) -> tuple:
    which, *cases = primals
    out = select_n(which, *cases)
    tcases = tangents[1:]
    if all(type(t) is ad.Zero for t in tcases):
        return out, ad.Zero(core.get_aval(out).strip_weak_type())
    tcases = [ad.instantiate(t) for t in tcases]
    return out, select_n(which, *tcases)


ad.jvp_rules[select_n_p] = _select_n_jvp


def _select_n_transpose(ct: Any, which: Any, *cases: Any) -> list:
    if ad.is_undefined_primal(which):
        raise NotImplementedError("select_n is not linear in its predicate")
    zeros = _zeros_like(ct) if type(ct) is not ad.Zero else None
    out = [None]
    for i, c in enumerate(cases):
        if not ad.is_undefined_primal(c):
            out.append(None)
        elif type(ct) is ad.Zero:
            out.append(ad.Zero(c.aval))
        else:
            picks = [zeros] * len(cases)
            picks[i] = ct
            out.append(select_n(which, *picks))
    return out


ad.transpose_rules[select_n_p] = _select_n_transpose


def _select_n_batch(vals: list, dims: list) -> tuple:
    which, *cases = vals
    wdim, *cdims = dims
    size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip
    case_aval = core.get_aval(cases[0]) if cdims[0] is None else None
    # A scalar unbatched `which` can stay scalar; otherwise everything goes to the batch dim.
    target = next((d for d in cdims if d is not None), 0)
    cases = [batching.moveaxis(c, d, target, size) for c, d in zip(cases, cdims, strict=True)]
    if wdim is None and core.get_aval(which).shape == ():
        return select_n(which, *cases), target
    if core.get_aval(which).shape == () or (wdim is not None and
                                            core.get_aval(which).ndim == 1):  # fmt: skip
        # A per-example scalar predicate: broadcast it over each example's shape.
        full = core.get_aval(cases[0]).shape
        which = batching.moveaxis(which, wdim, 0, size)
        which = ad_util.broadcast_in_dim(which, full, (target,))
        return select_n(which, *cases), target
    which = batching.moveaxis(which, wdim, target, size)
    del case_aval
    return select_n(which, *cases), target


batching.batch_rules[select_n_p] = _select_n_batch


def select_n(which: Any, *cases: Any) -> Any:
    """``cases[which]`` elementwise: a bool ``which`` picks case 1 where True.

    ``which`` is a scalar or has the cases' shape; an integer ``which`` outside
    ``[0, len(cases))`` picks the first (below) or last (above) case.
    """
    return select_n_p.bind(utils.asarray(which), *utils.operands("select_n", *cases))


def select(pred: Any, on_true: Any, on_false: Any) -> Any:
    """``on_true`` where ``pred`` else ``on_false``."""
    return select_n(pred, on_false, on_true)


def _clamp_abstract_eval(
    lo: core.ShapedArray, x: core.ShapedArray, hi: core.ShapedArray
) -> core.ShapedArray:
    utils.check_dtypes("clamp", [lo, x, hi], ANY)
    utils.check_same_dtypes("clamp", [lo, x, hi])
    for b in (lo, hi):
        if b.shape != () and b.shape != x.shape:
            raise ValueError(
                f"clamp: bounds must be scalars or have x's shape {x.shape}; got "
                f"{lo.shape} and {hi.shape}"
            )
    return core.ShapedArray(x.shape, x.dtype, x.weak_type)


def _clamp_lowering(ctx: mlir.LoweringRuleContext, lo: Any, x: Any, hi: Any) -> Any:
    lo_aval, aval, hi_aval = ctx.avals_in
    if dtypes.kind(aval.dtype) != "c":
        return hlo.clamp(lo, x, hi)
    lo, hi = mlir.broadcast_to(lo, lo_aval, aval), mlir.broadcast_to(hi, hi_aval, aval)
    sub_ctx = ctx.replace(avals_in=[aval, aval])
    return _minmax_lowering(hlo.minimum, "LT")(
        sub_ctx, _minmax_lowering(hlo.maximum, "GT")(sub_ctx, x, lo), hi
    )


clamp_p = utils.standard_primitive("clamp", _clamp_abstract_eval, _clamp_lowering)


def _clamp_jvp(primals: list, tangents: list) -> tuple:
    lo, x, hi = primals
    glo, gx, ghi = tangents
    out = clamp(lo, x, hi)
    t = ad.Zero(core.get_aval(out).strip_weak_type())
    lo_b, hi_b = _bcast_like(lo, x) if lo.shape != x.shape else lo, (
        _bcast_like(hi, x) if hi.shape != x.shape else hi)  # fmt: skip
    if type(gx) is not ad.Zero:
        inside = bitwise_and(gt(x, lo_b), lt(x, hi_b))
        t = ad.add_tangents(t, select(inside, gx, _zeros_like(gx)))
    if type(glo) is not ad.Zero:
        g = _bcast_like(glo, x) if glo.shape != x.shape else glo
        t = ad.add_tangents(t, select(le(x, lo_b), g, _zeros_like(g)))
    if type(ghi) is not ad.Zero:
        g = _bcast_like(ghi, x) if ghi.shape != x.shape else ghi
        t = ad.add_tangents(t, select(ge(x, hi_b), g, _zeros_like(g)))
    return out, t


ad.jvp_rules[clamp_p] = _clamp_jvp


def _clamp_batch(vals: list, dims: list) -> tuple:
    lo, x, hi = vals
    ldim, xdim, hdim = dims
    size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip
    x = batching.moveaxis(x, xdim, 0, size)
    shape = core.get_aval(x).shape

    def bound(b: Any, d: Any) -> Any:
        if d is None and core.get_aval(b).shape == ():
            return b
        if core.get_aval(b).ndim == (0 if d is None else 1):
            b = batching.moveaxis(b, d, 0, size)
            return ad_util.broadcast_in_dim(b, shape, (0,))
        return batching.moveaxis(b, d, 0, size)

    return clamp(bound(lo, ldim), x, bound(hi, hdim)), 0


batching.batch_rules[clamp_p] = _clamp_batch


def clamp(min: Any, x: Any, max: Any) -> Any:  # noqa: A002
    """``min(max(x, lo), hi)`` elementwise; the bounds may be scalars (complex: lexicographic)."""
    ref = next((v for v in (x, min, max) if not dtypes.is_python_scalar(v)), None)
    ref = utils.asarray(ref) if ref is not None else None

    def operand(v: Any) -> Any:
        if dtypes.is_python_scalar(v) and ref is not None:
            return utils.const(ref, v)
        return utils.asarray(v)

    return clamp_p.bind(operand(min), operand(x), operand(max))
