"""Sorting: multi-operand ``sort`` (lexicographic keys) and ``top_k``.

Both lower to ``stablehlo.sort`` with a comparator implementing NumPy's order: NaNs after
everything else, ``-0.0 == 0.0`` (so a stable sort keeps their order), complex numbers
lexicographic in (real, imag), those with a NaN part last as NumPy orders them:
``[R + Rj, R + nanj, nan + Rj, nan + nanj]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import shapes, slicing, utils
from xnp._src.lax.reductions import compare

hlo = mlir.hlo


def _float_lt_eq(a: Any, b: Any, dtype: onp.dtype) -> tuple[Any, Any]:
    # NaN is greater than every number and equal to every NaN.
    a_nan, b_nan = compare(a, a, "NE", dtype), compare(b, b, "NE", dtype)
    lt = hlo.or_(compare(a, b, "LT", dtype), hlo.and_(hlo.not_(a_nan), b_nan))
    eq = hlo.or_(compare(a, b, "EQ", dtype), hlo.and_(a_nan, b_nan))
    return lt, eq


def _bool_lt(a: Any, b: Any) -> Any:
    return hlo.and_(hlo.not_(a), b)


def _lt_eq(a: Any, b: Any, dtype: onp.dtype) -> tuple[Any, Any]:
    """(a < b, a == b) in NumPy's sort order, as 0-d i1 values."""
    k = dtypes.kind(dtype)
    if k == "f":
        return _float_lt_eq(a, b, dtype)
    if k == "c":
        # NumPy orders complex numbers by class first: finite-or-inf parts < (R, nan) <
        # (nan, R) < (nan, nan); within a class lexicographically by the non-NaN parts.
        ar, ai, br, bi = hlo.real(a), hlo.imag(a), hlo.real(b), hlo.imag(b)
        ar_nan, ai_nan = compare(ar, ar, "NE", dtype), compare(ai, ai, "NE", dtype)
        br_nan, bi_nan = compare(br, br, "NE", dtype), compare(bi, bi, "NE", dtype)
        same_r = compare(ar_nan, br_nan, "EQ", onp.dtype(bool))
        class_lt = hlo.or_(_bool_lt(ar_nan, br_nan), hlo.and_(same_r, _bool_lt(ai_nan, bi_nan)))
        lt_re, eq_re = _float_lt_eq(ar, br, dtype)
        lt_im, eq_im = _float_lt_eq(ai, bi, dtype)
        eq = hlo.and_(eq_re, eq_im)
        within_lt = hlo.or_(lt_re, hlo.and_(eq_re, lt_im))
        same_class = hlo.and_(same_r, compare(ai_nan, bi_nan, "EQ", onp.dtype(bool)))
        return hlo.or_(class_lt, hlo.and_(same_class, within_lt)), eq
    return compare(a, b, "LT", dtype), compare(a, b, "EQ", dtype)


def _lexicographic_lt(pairs: Sequence[tuple[Any, Any]], key_dtypes: Sequence[onp.dtype]) -> Any:
    """``lhs < rhs`` for tuples of keys, the first key primary."""
    result = None
    for (a, b), dt in reversed(list(zip(pairs, key_dtypes, strict=True))):
        lt, eq = _lt_eq(a, b, dt)
        result = lt if result is None else hlo.or_(lt, hlo.and_(eq, result))
    return result


def _emit_sort(
    operands: Sequence[Any],
    avals: Sequence[core.ShapedArray],
    dimension: int,
    is_stable: bool,
    comparator: Any,
) -> list[Any]:
    """``stablehlo.sort``; ``comparator(pairs)`` gets the (lhs, rhs) scalars of each operand."""
    op = hlo.SortOp(
        [mlir.aval_to_ir_type(a) for a in avals],
        list(operands),
        dimension=mlir.i64_attr(dimension),
        is_stable=mlir.ir.BoolAttr.get(bool(is_stable)),
    )
    scalar_types = []
    for a in avals:
        t = mlir.aval_to_ir_type(core.ShapedArray((), a.dtype))
        scalar_types += [t, t]
    block = op.comparator.blocks.append(*scalar_types)
    with mlir.ir.InsertionPoint(block):
        args = list(block.arguments)
        pairs = [(args[2 * i], args[2 * i + 1]) for i in range(len(avals))]
        hlo.return_([comparator(pairs)])
    return list(op.results)


# ----------------------------------------------------------------------------- sort


def _sort_abstract_eval(
    *avals: core.ShapedArray, dimension: int, is_stable: bool, num_keys: int
) -> list[core.ShapedArray]:
    if not avals:
        raise TypeError("sort requires at least one operand")
    shapes = {a.shape for a in avals}
    if len(shapes) > 1:
        raise ValueError(
            f"sort: all operands must have the same shape, got {[a.shape for a in avals]}"
        )
    shape = avals[0].shape
    if not shape:
        raise ValueError("sort: operands must have at least one dimension, got scalars")
    if not 0 <= dimension < len(shape):
        raise ValueError(f"sort: dimension {dimension} is out of bounds for shape {shape}")
    if not 1 <= num_keys <= len(avals):
        raise ValueError(f"sort: num_keys={num_keys} must be between 1 and {len(avals)}")
    return [core.ShapedArray(a.shape, a.dtype, a.weak_type) for a in avals]


def _sort_lowering(ctx, *operands, dimension, is_stable, num_keys):  # noqa: ANN001, ANN202
    key_dtypes = [a.dtype for a in ctx.avals_in[:num_keys]]
    return _emit_sort(
        operands,
        ctx.avals_in,
        dimension,
        is_stable,
        lambda pairs: _lexicographic_lt(pairs[:num_keys], key_dtypes),
    )


sort_p = utils.standard_primitive(
    "sort", _sort_abstract_eval, _sort_lowering, multiple_results=True
)


def sort(operand: Any, dimension: int = -1, is_stable: bool = True, num_keys: int = 1) -> Any:
    """Sort ``operand`` (an array or a sequence of same-shape arrays) along ``dimension``.

    With several operands, the first ``num_keys`` are keys compared lexicographically (the
    first primary) and the others are permuted alongside. NaNs sort to the end, ``-0.0`` and
    ``0.0`` compare equal, complex numbers order by real then imaginary part with those having
    a NaN part last (NumPy's order; ``jax.lax.sort`` is purely lexicographic there). Returns
    an array for an array operand, a tuple for a sequence.
    """
    single = not isinstance(operand, list | tuple)
    ops = [utils.asarray(operand)] if single else [utils.asarray(x) for x in operand]
    if not ops:
        raise TypeError("sort requires at least one operand")
    ndim = ops[0].ndim
    if ndim == 0:
        raise ValueError("sort: operands must have at least one dimension, got scalars")
    dimension = utils.canonical_axis("sort", int(dimension), ndim)
    outs = sort_p.bind(*ops, dimension=dimension, is_stable=bool(is_stable),
                       num_keys=int(num_keys))  # fmt: skip
    return outs[0] if single else tuple(outs)


def sort_key_val(keys: Any, values: Any, dimension: int = -1, is_stable: bool = True) -> Any:
    """Sort ``keys`` along ``dimension`` and permute ``values`` alongside; returns both."""
    return sort((keys, values), dimension, is_stable, num_keys=1)


# Rules. sort and top_k permute (and select) their operands: tangents follow the same
# permutation, gathered along the sorted axis with the indices the primal sort produces.


def _index_dtype(n: int) -> onp.dtype:
    return onp.dtype(onp.int32 if n < 2**31 else onp.int64)


def _take_along_axis(x: Any, indices: Any, axis: int) -> Any:
    """``out[..., i, ...] = x[..., indices[..., i, ...], ...]`` along ``axis`` (in bounds)."""
    ndim = core.get_aval(x).ndim
    others = tuple(d for d in range(ndim) if d != axis)
    dn = slicing.GatherDimensionNumbers(
        offset_dims=(),
        collapsed_slice_dims=(axis,),
        start_index_map=(axis,),
        operand_batching_dims=others,
        start_indices_batching_dims=others,
    )
    return slicing.gather(x, shapes.expand_dims(indices, (ndim,)), dn, (1,) * ndim,
                          unique_indices=True, mode="promise_in_bounds")  # fmt: skip


def _sort_jvp(primals: list, tangents: list, *, dimension: int, is_stable: bool,
              num_keys: int) -> tuple[list, list]:  # fmt: skip
    # Sorting an iota alongside yields the permutation the primal outputs went through.
    shape = core.get_aval(primals[0]).shape
    iota = shapes.broadcasted_iota(_index_dtype(shape[dimension]), shape, dimension)
    *outs, perm = sort_p.bind(*primals, iota, dimension=dimension, is_stable=is_stable,
                              num_keys=num_keys)  # fmt: skip
    t_outs = []
    for o, t in zip(outs, tangents, strict=True):
        if type(t) is ad.Zero:
            t_outs.append(ad.Zero(core.get_aval(o).strip_weak_type()))
        else:
            t_outs.append(_take_along_axis(t, perm, dimension))
    return outs, t_outs


def _sort_batch(vals: list, dims: list, *, dimension: int, is_stable: bool,
                num_keys: int) -> tuple[list, list]:  # fmt: skip
    v, d = next((v, d) for v, d in zip(vals, dims, strict=True) if d is not None)
    size = core.get_aval(v).shape[d]
    ops = [batching.moveaxis(x, dx, d, size) for x, dx in zip(vals, dims, strict=True)]
    outs = sort_p.bind(*ops, dimension=dimension + (dimension >= d), is_stable=is_stable,
                       num_keys=num_keys)  # fmt: skip
    return outs, [d] * len(outs)


ad.jvp_rules[sort_p] = _sort_jvp
batching.batch_rules[sort_p] = _sort_batch


# ----------------------------------------------------------------------------- top_k


def _top_k_abstract_eval(x: core.ShapedArray, *, k: int, axis: int) -> list[core.ShapedArray]:
    utils.check_dtypes("top_k", [x], utils.REAL + utils.BOOL)
    if x.ndim == 0:
        raise ValueError("top_k: operand must have at least one dimension, got a scalar")
    if not 0 <= axis < x.ndim:
        raise ValueError(f"top_k: axis {axis} is out of bounds for shape {x.shape}")
    if not 0 <= k <= x.shape[axis]:
        raise ValueError(
            f"top_k: k={k} must be between 0 and the size {x.shape[axis]} of axis {axis} of "
            f"operand shape {x.shape}"
        )
    shape = x.shape[:axis] + (k,) + x.shape[axis + 1 :]
    return [core.ShapedArray(shape, x.dtype, x.weak_type), core.ShapedArray(shape, onp.int32)]


def _top_k_lowering(ctx, x, *, k, axis):  # noqa: ANN001, ANN202
    aval = ctx.avals_in[0]
    idx_aval = core.ShapedArray(aval.shape, onp.dtype(onp.int32))
    idx = hlo.iota(mlir.aval_to_ir_type(idx_aval), mlir.i64_attr(axis))

    def greater(pairs: list[tuple[Any, Any]]) -> Any:
        (a, b), _ = pairs
        lt, _ = _lt_eq(b, a, aval.dtype)  # NaN counts as largest, -0.0 == 0.0
        return lt

    values, indices = _emit_sort([x, idx], [aval, idx_aval], axis, True, greater)
    if k == aval.shape[axis]:
        return [values, indices]
    start = [0] * aval.ndim
    limit = list(aval.shape)
    limit[axis] = k
    strides = [1] * aval.ndim
    return [
        hlo.slice(v, mlir.dense_i64(start), mlir.dense_i64(limit), mlir.dense_i64(strides))
        for v in (values, indices)
    ]


top_k_p = utils.standard_primitive(
    "top_k", _top_k_abstract_eval, _top_k_lowering, multiple_results=True
)


def top_k(operand: Any, k: int, *, axis: int = -1) -> tuple[Any, Any]:
    """The ``k`` largest entries along ``axis`` (largest first) and their int32 indices.

    Among equal entries the lower index comes first. Unlike ``jax.lax.top_k`` (which uses
    IEEE total order), every NaN counts as larger than any number and ``-0.0 == 0.0``.
    """
    operand = utils.asarray(operand)
    k = int(k)
    if k < 0:
        raise ValueError(f"top_k: k must be nonnegative, got {k}")
    if operand.ndim == 0:
        raise ValueError("top_k: operand must have at least one dimension, got a scalar")
    axis = utils.canonical_axis("top_k", int(axis), operand.ndim)
    values, indices = top_k_p.bind(operand, k=k, axis=axis)
    return values, indices


def _top_k_jvp(primals: list, tangents: list, *, k: int, axis: int) -> tuple[list, list]:
    (x,), (t,) = primals, tangents
    values, indices = top_k_p.bind(x, k=k, axis=axis)
    t_indices = ad.Zero(core.get_aval(indices))
    return [values, indices], [_take_along_axis(t, indices, axis), t_indices]


def _top_k_batch(vals: list, dims: list, *, k: int, axis: int) -> tuple[list, list]:
    (x,), (d,) = vals, dims
    return top_k_p.bind(x, k=k, axis=axis + (axis >= d)), [d, d]


ad.jvp_rules[top_k_p] = _top_k_jvp
batching.batch_rules[top_k_p] = _top_k_batch
