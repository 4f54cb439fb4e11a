"""Elementwise primitives: StableHLO's and CHLO's unary, binary and ternary ops.

Each op is one ``define_*`` call: its name, accepted dtype kinds, result dtype rule and
lowering. Autodiff and batching rules are attached beside these by their own modules' tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import utils
from xnp._src.lax.utils import ANY, FLOAT, INEXACT, INT, INT_OR_BOOL, NUMERIC

hlo, chlo = mlir.hlo, mlir.chlo


def _same_dtype(*avals: core.ShapedArray) -> onp.dtype:
    return avals[0].dtype


def _real_dtype(aval: core.ShapedArray) -> onp.dtype:
    return onp.finfo(aval.dtype).dtype if dtypes.kind(aval.dtype) == "c" else aval.dtype


def _bool_dtype(*avals: core.ShapedArray) -> onp.dtype:
    return onp.dtype(bool)


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
) -> tuple[core.Primitive, Callable[..., Any]]:
    """Define an elementwise primitive of ``nargs`` operands; returns (primitive, wrapper).

    ``lower(*operands)`` emits the op (``lower(ctx, *operands)`` when ``with_ctx``).
    """
    prim = utils.standard_primitive(
        name,
        _elementwise_abstract_eval(name, kinds, dtype_rule, weak_out),
        lower if with_ctx else (lambda ctx, *args: lower(*args)),
    )

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
    wrapper.__doc__ = f"Elementwise ``{name}`` (the ``{name}_p`` primitive)."
    return prim, wrapper


# ----------------------------------------------------------------------------- unary

neg_p, neg = define("neg", 1, hlo.negate)
sign_p, sign = define("sign", 1, hlo.sign)
floor_p, floor = define("floor", 1, hlo.floor, FLOAT)
ceil_p, ceil = define("ceil", 1, hlo.ceil, FLOAT)
round_p, _round_afz = define("round", 1, hlo.round_nearest_afz, FLOAT)
round_even_p, _round_even = define("round_even", 1, hlo.round_nearest_even, FLOAT)
is_finite_p, is_finite = define("is_finite", 1, hlo.is_finite, FLOAT, _bool_dtype, False)
exp_p, exp = define("exp", 1, hlo.exponential, INEXACT)
exp2_p, exp2 = define(
    "exp2",
    1,
    lambda ctx, x: hlo.exponential(
        hlo.multiply(x, mlir.full_like_aval(ctx.avals_in[0], onp.log(2.0)))
    ),
    INEXACT,
    with_ctx=True,
)
expm1_p, expm1 = define("expm1", 1, hlo.exponential_minus_one, INEXACT)
log_p, log = define("log", 1, hlo.log, INEXACT)
log1p_p, log1p = define("log1p", 1, hlo.log_plus_one, INEXACT)
tanh_p, tanh = define("tanh", 1, hlo.tanh, INEXACT)
logistic_p, logistic = define("logistic", 1, hlo.logistic, INEXACT)
sin_p, sin = define("sin", 1, hlo.sine, INEXACT)
cos_p, cos = define("cos", 1, hlo.cosine, INEXACT)
tan_p, tan = define("tan", 1, hlo.tan, INEXACT)
asin_p, asin = define("asin", 1, chlo.asin, INEXACT)
acos_p, acos = define("acos", 1, chlo.acos, INEXACT)
atan_p, atan = define("atan", 1, chlo.atan, INEXACT)
sinh_p, sinh = define("sinh", 1, chlo.sinh, INEXACT)
cosh_p, cosh = define("cosh", 1, chlo.cosh, INEXACT)
asinh_p, asinh = define("asinh", 1, chlo.asinh, INEXACT)
acosh_p, acosh = define("acosh", 1, chlo.acosh, INEXACT)
atanh_p, atanh = define("atanh", 1, chlo.atanh, INEXACT)
sqrt_p, sqrt = define("sqrt", 1, hlo.sqrt, INEXACT)
rsqrt_p, rsqrt = define("rsqrt", 1, hlo.rsqrt, INEXACT)
cbrt_p, cbrt = define("cbrt", 1, hlo.cbrt, FLOAT)
not_p, bitwise_not = define("not", 1, hlo.not_, INT_OR_BOOL)
population_count_p, population_count = define("population_count", 1, hlo.popcnt, INT)
clz_p, clz = define("clz", 1, hlo.count_leading_zeros, INT)
erf_p, erf = define("erf", 1, chlo.erf, FLOAT)
erfc_p, erfc = define("erfc", 1, chlo.erfc, FLOAT)
erf_inv_p, erf_inv = define("erf_inv", 1, chlo.erf_inv, FLOAT)
lgamma_p, lgamma = define("lgamma", 1, chlo.lgamma, FLOAT)
digamma_p, digamma = define("digamma", 1, chlo.digamma, FLOAT)
bessel_i0e_p, bessel_i0e = define("bessel_i0e", 1, lambda x: _chlo_call("bessel_i0e", x), FLOAT)
bessel_i1e_p, bessel_i1e = define("bessel_i1e", 1, chlo.bessel_i1e, FLOAT)
real_p, real = define("real", 1, hlo.real, ("c",), _real_dtype)
imag_p, imag = define("imag", 1, hlo.imag, ("c",), _real_dtype)
conj_p, conj = define(
    "conj", 1, lambda x: hlo.complex(hlo.real(x), hlo.negate(hlo.imag(x))), ("c",)
)
abs_p, abs = define("abs", 1, hlo.abs, NUMERIC, _real_dtype)  # noqa: A001


def round(x: Any, rounding_method: int = 0) -> Any:  # noqa: A001
    """Round to the nearest integer: ties away from zero (0) or to even (1)."""
    return _round_even(x) if int(rounding_method) == 1 else _round_afz(x)


# ----------------------------------------------------------------------------- binary

add_p, add = define("add", 2, hlo.add)
sub_p, sub = define("sub", 2, hlo.subtract)
mul_p, mul = define("mul", 2, hlo.multiply)
div_p, div = define("div", 2, hlo.divide)
rem_p, rem = define("rem", 2, hlo.remainder)
pow_p, pow = define("pow", 2, hlo.power, INEXACT)  # noqa: A001
max_p, max = define("max", 2, hlo.maximum, ANY)  # noqa: A001
min_p, min = define("min", 2, hlo.minimum, ANY)  # noqa: A001
atan2_p, atan2 = define("atan2", 2, hlo.atan2, FLOAT)
nextafter_p, nextafter = define("nextafter", 2, chlo.next_after, FLOAT)
igamma_p, igamma = define("igamma", 2, lambda a, x: _chlo_call("igamma", a, x), FLOAT)
igammac_p, igammac = define("igammac", 2, lambda a, x: _chlo_call("igammac", a, x), FLOAT)
complex_p, complex = define(  # noqa: A001
    "complex",
    2,
    hlo.complex,
    FLOAT,
    lambda a, b: onp.dtype(onp.complex64 if a.dtype == onp.float32 else onp.complex128),
)
and_p, bitwise_and = define("and", 2, hlo.and_, INT_OR_BOOL)
or_p, bitwise_or = define("or", 2, hlo.or_, INT_OR_BOOL)
xor_p, bitwise_xor = define("xor", 2, hlo.xor, INT_OR_BOOL)
shift_left_p, shift_left = define("shift_left", 2, hlo.shift_left, INT)
shift_right_arithmetic_p, shift_right_arithmetic = define(
    "shift_right_arithmetic", 2, hlo.shift_right_arithmetic, INT
)
shift_right_logical_p, shift_right_logical = define(
    "shift_right_logical", 2, hlo.shift_right_logical, INT
)


def _chlo_call(name: str, *args: Any) -> Any:
    op = getattr(chlo, name, None)
    if op is None:
        raise mlir.LoweringError(f"this jaxlib has no chlo.{name}")
    return op(*args)


# ----------------------------------------------------------------------------- comparisons


def _compare_type(value: Any) -> str:
    elt = mlir.ir.RankedTensorType(value.type).element_type
    if isinstance(elt, mlir.ir.IntegerType):
        it = mlir.ir.IntegerType(elt)
        if it.width == 1:
            return "UNSIGNED"
        return "UNSIGNED" if it.is_unsigned else "SIGNED"
    return "FLOAT"


def compare_values(x: Any, y: Any, direction: str) -> Any:
    """``stablehlo.compare`` with the comparison type inferred from the operands."""
    return hlo.compare(
        x,
        y,
        hlo.ComparisonDirectionAttr.get(direction),
        compare_type=hlo.ComparisonTypeAttr.get(_compare_type(x)),
    )


eq_p, eq = define("eq", 2, lambda x, y: compare_values(x, y, "EQ"), ANY, _bool_dtype, False)
ne_p, ne = define("ne", 2, lambda x, y: compare_values(x, y, "NE"), ANY, _bool_dtype, False)
lt_p, lt = define("lt", 2, lambda x, y: compare_values(x, y, "LT"), ANY, _bool_dtype, False)
le_p, le = define("le", 2, lambda x, y: compare_values(x, y, "LE"), ANY, _bool_dtype, False)
gt_p, gt = define("gt", 2, lambda x, y: compare_values(x, y, "GT"), ANY, _bool_dtype, False)
ge_p, ge = define("ge", 2, lambda x, y: compare_values(x, y, "GE"), ANY, _bool_dtype, False)


# ----------------------------------------------------------------------------- integer_pow


def _integer_pow_abstract_eval(x: core.ShapedArray, *, y: int) -> core.ShapedArray:
    utils.check_dtypes("integer_pow", [x], NUMERIC)
    if dtypes.kind(x.dtype) in "iu" and y < 0:
        raise ValueError(f"integer_pow: negative exponent {y} for integer dtype {x.dtype.name}")
    return core.ShapedArray(x.shape, x.dtype, x.weak_type)


def _integer_pow_lowering(ctx: mlir.LoweringRuleContext, x: Any, *, y: int) -> Any:
    # Exponentiation by squaring, unrolled: exact for integers, as accurate as XLA's pow.
    aval = ctx.avals_in[0]
    if y == 0:
        return mlir.full_like_aval(aval, 1)
    is_recip = y < 0
    n = -y if is_recip else y
    acc = None
    base = x
    while n:
        if n & 1:
            acc = base if acc is None else hlo.multiply(acc, base)
        n >>= 1
        if n:
            base = hlo.multiply(base, base)
    if is_recip:
        acc = hlo.divide(mlir.full_like_aval(aval, 1), acc)
    return acc


integer_pow_p = utils.standard_primitive(
    "integer_pow", _integer_pow_abstract_eval, _integer_pow_lowering
)


def integer_pow(x: Any, y: int) -> Any:
    """``x ** y`` for a static Python integer ``y``."""
    return integer_pow_p.bind(utils.asarray(x), y=int(y))


def square(x: Any) -> Any:
    return integer_pow(x, 2)


def reciprocal(x: Any) -> Any:
    return integer_pow(x, -1)


# ----------------------------------------------------------------------------- select_n, clamp


def _select_n_abstract_eval(which: core.ShapedArray, *cases: core.ShapedArray):
    if not cases:
        raise ValueError("select_n requires at least one case")
    utils.check_same_dtypes("select_n", cases)
    utils.check_same_shapes("select_n", cases)
    if which.shape != () and which.shape != cases[0].shape:
        raise ValueError(
            f"select_n: `which` must be scalar or have the cases' shape {cases[0].shape}, got "
            f"{which.shape}"
        )
    if which.dtype != onp.bool_ and dtypes.kind(which.dtype) not in "iu":
        raise TypeError(f"select_n: `which` must be bool or integer, got {which.dtype.name}")
    if which.dtype == onp.bool_ and len(cases) > 2:
        raise TypeError("select_n: a bool `which` selects between at most two cases")
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


def select_n(which: Any, *cases: Any) -> Any:
    """``cases[which]`` elementwise: a bool ``which`` picks case 1 where True."""
    return select_n_p.bind(utils.asarray(which), *utils.operands("select_n", *cases))


def select(pred: Any, on_true: Any, on_false: Any) -> Any:
    return select_n(pred, on_false, on_true)


def _clamp_abstract_eval(lo: core.ShapedArray, x: core.ShapedArray, hi: core.ShapedArray):
    utils.check_dtypes("clamp", [lo, x, hi], ANY)
    utils.check_same_dtypes("clamp", [lo, x, hi])
    for b in (lo, hi):
        if b.shape != () and b.shape != x.shape:
            raise ValueError(
                f"clamp: bounds must be scalars or have x's shape {x.shape}; got "
                f"{lo.shape} and {hi.shape}"
            )
    return core.ShapedArray(x.shape, x.dtype, x.weak_type)


clamp_p = utils.standard_primitive(
    "clamp", _clamp_abstract_eval, lambda ctx, lo, x, hi: hlo.clamp(lo, x, hi)
)


def clamp(min: Any, x: Any, max: Any) -> Any:  # noqa: A002
    """``min(max(x, lo), hi)`` elementwise; the bounds may be scalars."""
    x = utils.asarray(x) if not dtypes.is_python_scalar(x) else x
    if dtypes.is_python_scalar(x):
        x = utils.operands("clamp", x)[0]
    lo = utils.const(x, min) if dtypes.is_python_scalar(min) else utils.asarray(min)
    hi = utils.const(x, max) if dtypes.is_python_scalar(max) else utils.asarray(max)
    return clamp_p.bind(lo, x, hi)
