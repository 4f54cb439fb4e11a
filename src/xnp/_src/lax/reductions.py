"""Reductions over axes: sum, prod, max, min, and, or, xor, argmax, argmin.

One table row per monoid reduction (its identity and the binary op of its body).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes, utils

hlo = mlir.hlo


def compare(x: Any, y: Any, direction: str, dtype: onp.dtype) -> Any:
    """``stablehlo.compare`` of two values of ``dtype`` (signedness from the NumPy dtype)."""
    k = dtypes.kind(dtype)
    ctype = "FLOAT" if k in "fc" else "SIGNED" if k == "i" else "UNSIGNED"
    return hlo.compare(
        x,
        y,
        hlo.ComparisonDirectionAttr.get(direction),
        compare_type=hlo.ComparisonTypeAttr.get(ctype),
    )


def _reduced_shape(name: str, x: core.ShapedArray, axes: tuple[int, ...]) -> tuple[int, ...]:
    for a in axes:
        if not 0 <= a < x.ndim:
            raise ValueError(f"{name}: axis {a} is out of bounds for an array of shape {x.shape}")
    if len(set(axes)) != len(axes):
        raise ValueError(f"{name}: repeated axis in {axes}")
    return tuple(d for i, d in enumerate(x.shape) if i not in axes)


def _identity(name: str, dtype: onp.dtype) -> Any:
    k = dtypes.kind(dtype)
    if name in ("reduce_sum", "reduce_or", "reduce_xor"):
        return 0 if k != "b" else False
    if name == "reduce_prod":
        return 1
    if name == "reduce_and":
        return True if k == "b" else -1 if k == "i" else onp.iinfo(dtype).max
    if name == "reduce_max":
        if k == "c":
            return complex(-onp.inf, -onp.inf)
        if k == "f":
            return -onp.inf
        if k == "b":
            return False
        return onp.iinfo(dtype).min
    if name == "reduce_min":
        if k == "c":
            return complex(onp.inf, onp.inf)
        if k == "f":
            return onp.inf
        if k == "b":
            return True
        return onp.iinfo(dtype).max
    raise KeyError(name)


def reduce_body(
    ctx: mlir.LoweringRuleContext,
    operands: Sequence[Any],
    inits: Sequence[Any],
    elt_avals: Sequence[core.ShapedArray],
    axes: Sequence[int],
    body: Callable[[list[Any], list[Any]], list[Any]],
) -> list[Any]:
    """Emit ``stablehlo.reduce`` over ``axes`` with a region computing ``body(accs, xs)``."""
    out_types = [mlir.aval_to_ir_type(a) for a in ctx.avals_out]
    op = hlo.ReduceOp(out_types, list(operands), list(inits), mlir.dense_i64(axes))
    scalar_types = [mlir.aval_to_ir_type(core.ShapedArray((), a.dtype)) for a in elt_avals]
    block = op.regions[0].blocks.append(*scalar_types, *scalar_types)
    n = len(operands)
    with mlir.ir.InsertionPoint(block):
        args = list(block.arguments)
        hlo.return_(body(args[:n], args[n:]))
    return list(op.results)


def minmax(a: Any, b: Any, op: str, dtype: onp.dtype) -> Any:
    """``max``/``min`` of two values as NumPy computes them (NaN propagates). XLA's own complex
    max/min is neither lexicographic nor NaN-propagating, so complex is spelled out."""
    if dtypes.kind(dtype) != "c":
        return (hlo.maximum if op == "max" else hlo.minimum)(a, b)
    a_nan, b_nan = _is_nan(a, dtype), _is_nan(b, dtype)
    better = _ordered(a, b, "GT" if op == "max" else "LT", dtype)
    pick_a = hlo.or_(hlo.and_(better, hlo.not_(b_nan)), a_nan)
    return hlo.select(pick_a, a, b)


def _monoid(name: str, kinds: tuple[str, ...], op: Callable[[Any, Any], Any]):
    def abstract_eval(x: core.ShapedArray, *, axes: tuple[int, ...]) -> core.ShapedArray:
        utils.check_dtypes(name, [x], kinds)
        return core.ShapedArray(_reduced_shape(name, x, axes), x.dtype, x.weak_type)

    def lower(ctx: mlir.LoweringRuleContext, x: Any, *, axes: tuple[int, ...]) -> Any:
        aval = ctx.avals_in[0]
        init = mlir.ir_constant(onp.asarray(_identity(name, aval.dtype), aval.dtype))
        fn = op
        if name in ("reduce_max", "reduce_min"):
            fn = functools.partial(minmax, op=name[-3:], dtype=aval.dtype)
        return reduce_body(ctx, [x], [init], [aval], axes, lambda a, b: [fn(a[0], b[0])])[0]

    prim = utils.standard_primitive(name, abstract_eval, lower)

    def wrapper(x: Any, axes: Sequence[int]) -> Any:
        x = utils.asarray(x)
        axes = tuple(sorted(utils.canonical_axis(name, int(a), x.ndim) for a in axes))
        return prim.bind(x, axes=axes)

    wrapper.__name__ = name
    wrapper.__doc__ = f"``{name}`` of ``x`` over ``axes``."
    return prim, wrapper


def _max_op(a: Any, b: Any) -> Any:
    return hlo.maximum(a, b)


reduce_sum_p, reduce_sum = _monoid("reduce_sum", utils.NUMERIC, hlo.add)
reduce_prod_p, reduce_prod = _monoid("reduce_prod", utils.NUMERIC, hlo.multiply)
reduce_max_p, reduce_max = _monoid("reduce_max", utils.ANY, hlo.maximum)
reduce_min_p, reduce_min = _monoid("reduce_min", utils.ANY, hlo.minimum)
reduce_and_p, reduce_and = _monoid("reduce_and", utils.INT_OR_BOOL, hlo.and_)
reduce_or_p, reduce_or = _monoid("reduce_or", utils.INT_OR_BOOL, hlo.or_)
reduce_xor_p, reduce_xor = _monoid("reduce_xor", utils.INT_OR_BOOL, hlo.xor)


# ----------------------------------------------------------------------------- argmax, argmin


def _arg_abstract_eval(name: str):
    def abstract_eval(x: core.ShapedArray, *, axes: tuple[int, ...], index_dtype: onp.dtype):
        utils.check_dtypes(name, [x], utils.ANY)
        if len(axes) != 1:
            raise ValueError(f"{name} reduces exactly one axis, got {axes}")
        if x.shape[axes[0]] == 0 if x.ndim else False:
            raise ValueError(f"{name}: attempt to get {name} of an empty axis (shape {x.shape})")
        if dtypes.kind(index_dtype) not in "iu":
            raise TypeError(f"{name}: index_dtype must be an integer type, got {index_dtype}")
        return core.ShapedArray(_reduced_shape(name, x, axes), index_dtype, False)

    return abstract_eval


def _is_nan(v: Any, dtype: onp.dtype) -> Any:
    if dtypes.kind(dtype) == "c":
        re, im = hlo.real(v), hlo.imag(v)
        return hlo.or_(compare(re, re, "NE", dtype), compare(im, im, "NE", dtype))
    return compare(v, v, "NE", dtype)


def _ordered(a: Any, b: Any, direction: str, dtype: onp.dtype) -> Any:
    """``a direction b`` for a strict direction; complex numbers compare as (real, imag)."""
    if dtypes.kind(dtype) != "c":
        return compare(a, b, direction, dtype)
    ar, ai, br, bi = hlo.real(a), hlo.imag(a), hlo.real(b), hlo.imag(b)
    tie = hlo.and_(compare(ar, br, "EQ", dtype), compare(ai, bi, direction, dtype))
    return hlo.or_(compare(ar, br, direction, dtype), tie)


def _arg_lowering(direction: str):
    # Reduce (value, index) pairs: the first NaN wins (like NumPy), then the extreme value,
    # then the lowest index among ties. The reduction order is unspecified, so every choice
    # compares indices rather than relying on the order in which pairs meet.
    def lower(ctx, x, *, axes, index_dtype):  # noqa: ANN001, ANN202
        aval = ctx.avals_in[0]
        dt = aval.dtype
        axis = axes[0]
        idx_aval = core.ShapedArray(aval.shape, index_dtype)
        idx = hlo.iota(mlir.aval_to_ir_type(idx_aval), mlir.i64_attr(axis))
        k = dtypes.kind(dt)
        init_val = _identity("reduce_max" if direction == "GT" else "reduce_min", dt)
        # The init only ties with an element when every element equals it: index 0 is right.
        inits = [mlir.ir_constant(onp.asarray(init_val, dt)),
                 mlir.ir_constant(onp.asarray(0, index_dtype))]  # fmt: skip

        def body(accs: list, xs: list) -> list:
            (av, ai), (bv, bi) = accs, xs
            first = compare(ai, bi, "LT", index_dtype)
            better = _ordered(av, bv, direction, dt)
            pick_a = hlo.or_(better, hlo.and_(compare(av, bv, "EQ", dt), first))
            if k in "fc":
                a_nan, b_nan = _is_nan(av, dt), _is_nan(bv, dt)
                both = hlo.and_(a_nan, b_nan)
                neither = hlo.not_(hlo.or_(a_nan, b_nan))
                only_a = hlo.and_(a_nan, hlo.not_(b_nan))
                pick_a = hlo.or_(hlo.or_(only_a, hlo.and_(both, first)), hlo.and_(neither, pick_a))
            return [hlo.select(pick_a, av, bv), hlo.select(pick_a, ai, bi)]

        val_aval = core.ShapedArray(ctx.avals_out[0].shape, dt)
        outs = reduce_body(
            ctx.replace(avals_out=[val_aval, ctx.avals_out[0]]),
            [x, idx],
            inits,
            [aval, idx_aval],
            axes,
            body,
        )
        return outs[1]

    return lower


argmax_p = utils.standard_primitive("argmax", _arg_abstract_eval("argmax"), _arg_lowering("GT"))
argmin_p = utils.standard_primitive("argmin", _arg_abstract_eval("argmin"), _arg_lowering("LT"))


def argmax(x: Any, axis: int, index_dtype: Any) -> Any:
    """Index of the largest element along ``axis`` (the first one among ties; NaN wins)."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("argmax", int(axis), x.ndim)
    return argmax_p.bind(x, axes=(axis,), index_dtype=dtypes.canonicalize_dtype(index_dtype))


def argmin(x: Any, axis: int, index_dtype: Any) -> Any:
    """Index of the smallest element along ``axis`` (the first one among ties; NaN wins)."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("argmin", int(axis), x.ndim)
    return argmin_p.bind(x, axes=(axis,), index_dtype=dtypes.canonicalize_dtype(index_dtype))


# ============================================================================ autodiff and batching



def _expand_reduced(x: Any, shape: tuple, axes: tuple) -> Any:
    kept = tuple(i for i in range(len(shape)) if i not in axes)
    return shapes.broadcast_in_dim(x, shape, kept)


def _reduce_sum_transpose(ct: Any, x: Any, *, axes: tuple) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [_expand_reduced(ct, x.aval.shape, axes)]


ad.deflinear(reduce_sum_p, _reduce_sum_transpose)


def _reduce_prod_jvp(primals: list, tangents: list, *, axes: tuple) -> tuple:
    # d prod = sum_i t_i * prod_{j != i} x_j. With no zero in a reduced slice that is
    # prod / x_i; with one zero only the zero's term survives; with two or more, none does.
    (x,), (t,) = primals, tangents
    aval = core.get_aval(x)
    ans = reduce_prod(x, axes)
    zeros = utils.full(aval.shape, 0, aval.dtype)
    is_zero = lax.eq(x, zeros)
    safe_x = lax.select(is_zero, utils.full(aval.shape, 1, aval.dtype), x)
    prod_nonzero = _expand_reduced(reduce_prod(safe_x, axes), aval.shape, axes)
    n_zero = _expand_reduced(reduce_sum(_as(is_zero, x), axes), aval.shape, axes)
    one, none = lax.eq(n_zero, utils.full(aval.shape, 1, aval.dtype)), lax.eq(n_zero, zeros)
    others = lax.select(
        is_zero,
        lax.select(one, prod_nonzero, zeros),
        lax.select(none, lax.div(prod_nonzero, safe_x), zeros),
    )
    return ans, reduce_sum(lax.mul(t, others), axes)


def _as(b: Any, like: Any) -> Any:
    return shapes.convert_element_type(b, core.get_aval(like).dtype)


def _minmax_reduce_jvp(prim: core.Primitive) -> Callable:
    # The gradient goes to the elements equal to the result, split evenly among ties.
    def rule(primals: list, tangents: list, *, axes: tuple) -> tuple:
        (x,), (t,) = primals, tangents
        ans = prim.bind(x, axes=axes)
        shape = core.get_aval(x).shape
        hit = _as(lax.eq(x, _expand_reduced(ans, shape, axes)), x)
        count = reduce_sum(hit, axes)
        return ans, lax.div(reduce_sum(lax.mul(t, hit), axes), count)

    return rule


ad.jvp_rules[reduce_prod_p] = _reduce_prod_jvp
ad.jvp_rules[reduce_max_p] = _minmax_reduce_jvp(reduce_max_p)
ad.jvp_rules[reduce_min_p] = _minmax_reduce_jvp(reduce_min_p)
for _p in (reduce_and_p, reduce_or_p, reduce_xor_p, argmax_p, argmin_p):
    ad.defnondiff(_p, "its output is boolean or integer")


def _reduce_batch(prim: core.Primitive) -> Callable:
    def rule(vals: list, dims: list, **params: Any) -> tuple:
        (x,), (d,) = vals, dims
        axes = batching.shift_axes(params["axes"], d)
        return prim.bind(x, **{**params, "axes": axes}), batching.out_bdim_after_reduce(d, axes)

    return rule


for _p in (reduce_sum_p, reduce_prod_p, reduce_max_p, reduce_min_p, reduce_and_p, reduce_or_p,
           reduce_xor_p, argmax_p, argmin_p):  # fmt: skip
    batching.batch_rules[_p] = _reduce_batch(_p)
