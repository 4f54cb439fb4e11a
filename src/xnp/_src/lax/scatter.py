"""The scatter family: scatter, scatter_add, scatter_mul, scatter_min and scatter_max.

XLA's Scatter semantics (and jax.lax's ``ScatterDimensionNumbers``): the index vector is always
the last dimension of the indices. Every member is made by one ``_define_scatter`` call; its
jvp, transpose and batching rules follow. Out-of-bounds modes, the gather that inverts a
scatter, and the index and dimension-number checks come from slicing.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes, slicing, utils

hlo = mlir.hlo


class ScatterDimensionNumbers(NamedTuple):
    """How a scatter maps its indices and updates onto the operand (XLA's semantics).

    ``update_window_dims``: update axes that are window (slice) axes;
    ``inserted_window_dims``: operand axes with an implicit size-1 window axis;
    ``scatter_dims_to_operand_dims``: the operand axis each entry of an index vector indexes;
    ``operand_batching_dims`` and ``scatter_indices_batching_dims``: paired batch axes.
    """

    update_window_dims: tuple[int, ...]
    inserted_window_dims: tuple[int, ...]
    scatter_dims_to_operand_dims: tuple[int, ...]
    operand_batching_dims: tuple[int, ...] = ()
    scatter_indices_batching_dims: tuple[int, ...] = ()


def _scatter_dnums(name: str, d: Any) -> ScatterDimensionNumbers:
    if not isinstance(d, ScatterDimensionNumbers):
        raise TypeError(
            f"{name}: dimension_numbers must be a ScatterDimensionNumbers, got {type(d).__name__}"
        )
    return ScatterDimensionNumbers(
        *(slicing.int_tuple(name, f"dimension_numbers.{f}", getattr(d, f)) for f in d._fields)
    )


def _window_sizes(
    operand: core.ShapedArray, updates: core.ShapedArray, dn: ScatterDimensionNumbers
) -> list[int]:
    sizes, it = [], iter(dn.update_window_dims)
    for i in range(operand.ndim):
        if i in dn.inserted_window_dims or i in dn.operand_batching_dims:
            sizes.append(1)
        else:
            sizes.append(updates.shape[next(it)])
    return sizes


def _scatter_abstract_eval(name: str, kinds: tuple[str, ...]) -> Callable[..., core.ShapedArray]:
    def abstract_eval(
        operand: core.ShapedArray,
        indices: core.ShapedArray,
        updates: core.ShapedArray,
        *,
        dimension_numbers: ScatterDimensionNumbers,
        indices_are_sorted: bool,
        unique_indices: bool,
        mode: slicing.GatherScatterMode,
    ) -> core.ShapedArray:
        dn = dimension_numbers
        utils.check_dtypes(name, [operand], kinds)
        if updates.dtype != operand.dtype:
            raise TypeError(
                f"{name}: updates dtype {updates.dtype.name} must match the operand dtype "
                f"{operand.dtype.name}"
            )
        slicing.check_indices(name, indices)
        slicing.check_dims(name, "update_window_dims", dn.update_window_dims, updates.ndim, True)
        slicing.check_dims(
            name, "inserted_window_dims", dn.inserted_window_dims, operand.ndim, True
        )
        slicing.check_batching_dims(name, operand, indices, dn.operand_batching_dims,
                                    dn.scatter_indices_batching_dims, "operand_batching_dims",
                                    "scatter_indices_batching_dims")  # fmt: skip
        if set(dn.inserted_window_dims) & set(dn.operand_batching_dims):
            raise ValueError(
                f"{name}: inserted_window_dims {dn.inserted_window_dims} and "
                f"operand_batching_dims {dn.operand_batching_dims} must be disjoint"
            )
        sd = dn.scatter_dims_to_operand_dims
        if len(sd) != indices.shape[-1]:
            raise ValueError(
                f"{name}: scatter_dims_to_operand_dims {sd} must have one entry per element of "
                f"an index vector (the last axis of indices shape {indices.shape})"
            )
        slicing.check_dims(name, "scatter_dims_to_operand_dims", sd, operand.ndim, False)
        if set(sd) & set(dn.operand_batching_dims):
            raise ValueError(
                f"{name}: scatter_dims_to_operand_dims {sd} and operand_batching_dims "
                f"{dn.operand_batching_dims} must be disjoint"
            )
        n_window = operand.ndim - len(dn.inserted_window_dims) - len(dn.operand_batching_dims)
        if len(dn.update_window_dims) != n_window:
            raise ValueError(
                f"{name}: update_window_dims {dn.update_window_dims} must have one entry per "
                f"operand dimension that is neither inserted nor batching ({n_window} for "
                f"operand shape {operand.shape})"
            )
        scatter_shape = tuple(s for i, s in enumerate(updates.shape)
                              if i not in dn.update_window_dims)  # fmt: skip
        if scatter_shape != indices.shape[:-1]:
            raise ValueError(
                f"{name}: updates shape {updates.shape} does not match indices shape "
                f"{indices.shape}: the update axes outside update_window_dims "
                f"{dn.update_window_dims} must be {indices.shape[:-1]}"
            )
        if updates.size:
            for d, w in enumerate(_window_sizes(operand, updates, dn)):
                if w > operand.shape[d]:
                    raise ValueError(
                        f"{name}: update window of size {w} along operand dimension {d} is "
                        f"larger than the operand (operand shape {operand.shape}, updates shape "
                        f"{updates.shape})"
                    )
        return core.ShapedArray(operand.shape, operand.dtype, operand.weak_type)

    return abstract_eval


def _clamp_indices(indices: Any, idx_aval: core.ShapedArray, upper: Sequence[int]) -> Any:
    it = onp.iinfo(idx_aval.dtype)
    upper = onp.clip(onp.asarray(upper, onp.int64), 0, it.max).astype(idx_aval.dtype)
    ty = mlir.aval_to_ir_type(idx_aval)
    up = hlo.broadcast_in_dim(ty, mlir.ir_constant(upper), mlir.dense_i64([idx_aval.ndim - 1]))
    return hlo.clamp(mlir.full_like_aval(idx_aval, 0), indices, up)


def _scatter_lowering(combine: Callable[[Any, Any, onp.dtype], Any]) -> Callable[..., Any]:
    def lower(
        ctx: mlir.LoweringRuleContext,
        operand: Any,
        indices: Any,
        updates: Any,
        *,
        dimension_numbers: ScatterDimensionNumbers,
        indices_are_sorted: bool,
        unique_indices: bool,
        mode: slicing.GatherScatterMode,
    ) -> Any:
        dn = dimension_numbers
        op_aval, idx_aval, upd_aval = ctx.avals_in
        if upd_aval.size == 0 or op_aval.size == 0:
            return operand
        if mode is slicing.GatherScatterMode.CLIP:  # XLA's native scatter drops; clamp to clip
            window = _window_sizes(op_aval, upd_aval, dn)
            upper = [op_aval.shape[d] - window[d] for d in dn.scatter_dims_to_operand_dims]
            indices = _clamp_indices(indices, idx_aval, upper)
        attr = hlo.ScatterDimensionNumbers.get(
            list(dn.update_window_dims), list(dn.inserted_window_dims),
            list(dn.operand_batching_dims), list(dn.scatter_indices_batching_dims),
            list(dn.scatter_dims_to_operand_dims), idx_aval.ndim - 1,
        )  # fmt: skip
        op = hlo.ScatterOp(
            [mlir.aval_to_ir_type(ctx.avals_out[0])], [operand], indices, [updates], attr,
            indices_are_sorted=bool(indices_are_sorted), unique_indices=bool(unique_indices),
        )  # fmt: skip
        scalar = mlir.aval_to_ir_type(core.ShapedArray((), op_aval.dtype))
        block = op.regions[0].blocks.append(scalar, scalar)
        with mlir.ir.InsertionPoint(block):
            old, new = block.arguments
            hlo.return_([combine(old, new, op_aval.dtype)])
        return op.results[0]

    return lower


def _is_bool(dtype: onp.dtype) -> bool:
    return dtypes.kind(dtype) == "b"


# Bool operands combine with the matching logical op (add: or, mul: and, min: and, max: or).
_COMBINERS: dict[str, tuple[tuple[str, ...], Callable[[Any, Any, onp.dtype], Any]]] = {
    "scatter": (utils.ANY, lambda old, new, dt: new),
    "scatter_add": (
        utils.ANY, lambda old, new, dt: hlo.or_(old, new) if _is_bool(dt) else hlo.add(old, new)
    ),
    "scatter_mul": (
        utils.ANY,
        lambda old, new, dt: hlo.and_(old, new) if _is_bool(dt) else hlo.multiply(old, new),
    ),
    "scatter_min": (
        utils.BOOL + utils.REAL,
        lambda old, new, dt: hlo.and_(old, new) if _is_bool(dt) else hlo.minimum(old, new),
    ),
    "scatter_max": (
        utils.BOOL + utils.REAL,
        lambda old, new, dt: hlo.or_(old, new) if _is_bool(dt) else hlo.maximum(old, new),
    ),
}  # fmt: skip


def _define_scatter(name: str) -> tuple[core.Primitive, Callable[..., Any]]:
    kinds, combine = _COMBINERS[name]
    prim = utils.standard_primitive(
        name, _scatter_abstract_eval(name, kinds), _scatter_lowering(combine)
    )

    def wrapper(
        operand: Any,
        scatter_indices: Any,
        updates: Any,
        dimension_numbers: ScatterDimensionNumbers,
        *,
        indices_are_sorted: bool = False,
        unique_indices: bool = False,
        mode: str | slicing.GatherScatterMode | None = None,
    ) -> Any:
        operand = utils.asarray(operand)
        if dtypes.is_python_scalar(updates):
            updates = dispatch.scalar_const(updates, operand.dtype, operand.aval.weak_type)
        return prim.bind(
            operand,
            utils.asarray(scatter_indices),
            utils.asarray(updates),
            dimension_numbers=_scatter_dnums(name, dimension_numbers),
            indices_are_sorted=bool(indices_are_sorted),
            unique_indices=bool(unique_indices),
            mode=slicing.GatherScatterMode.from_any(mode),
        )

    wrapper.__name__ = name
    what = {"scatter": "replaced by", "scatter_add": "plus", "scatter_mul": "times",
            "scatter_min": "the minimum with", "scatter_max": "the maximum with"}[name]  # fmt: skip
    wrapper.__doc__ = (
        f"XLA's Scatter: ``operand`` with the slices at ``scatter_indices`` {what} "
        "``updates``.\n\n    Index vectors lie along the last axis of ``scatter_indices``. By "
        "default (``mode='drop'``)\n    out-of-bounds updates are skipped; ``mode='clip'`` "
        "clamps the indices instead."
    )
    return prim, wrapper


scatter_p, scatter = _define_scatter("scatter")
scatter_add_p, scatter_add = _define_scatter("scatter_add")
scatter_mul_p, scatter_mul = _define_scatter("scatter_mul")
scatter_min_p, scatter_min = _define_scatter("scatter_min")
scatter_max_p, scatter_max = _define_scatter("scatter_max")


# ----------------------------------------------------------------------------- scatter rules


def _gather_updates(
    x: Any, indices: Any, updates_aval: core.ShapedArray, dn: ScatterDimensionNumbers,
    mode: slicing.GatherScatterMode, fill_value: Any = 0,
) -> Any:  # fmt: skip
    """The inverse of a scatter: for each element of the updates, the element of ``x`` (of the
    operand's shape) that it lands on; ``fill_value`` where a scatter would drop it."""
    x_aval = core.get_aval(x)
    gdn = slicing.GatherDimensionNumbers(dn.update_window_dims, dn.inserted_window_dims,
                                         dn.scatter_dims_to_operand_dims, dn.operand_batching_dims,
                                         dn.scatter_indices_batching_dims)  # fmt: skip
    sizes = _window_sizes(x_aval, updates_aval, dn)
    clip = mode is slicing.GatherScatterMode.CLIP
    return slicing.gather(x, indices, gdn, sizes, mode="clip" if clip else "fill",
                          fill_value=None if clip else fill_value)  # fmt: skip


def _scatter_add_jvp(primals: list, tangents: list, **params: Any) -> tuple:
    (x, indices, updates), (tx, _, tu) = primals, tangents
    out = scatter_add_p.bind(x, indices, updates, **params)
    if type(tx) is ad.Zero and type(tu) is ad.Zero:  # the indices carry no derivative
        return out, slicing.zero_tangent(out)
    return out, scatter_add_p.bind(ad.instantiate(tx), indices, ad.instantiate(tu), **params)


def _scatter_add_transpose(ct: Any, x: Any, indices: Any, updates: Any, **params: Any) -> list:
    lin_x, lin_u = ad.is_undefined_primal(x), ad.is_undefined_primal(updates)
    u_aval = slicing.primal_aval(updates)
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval) if lin_x else None, None, ad.Zero(u_aval) if lin_u else None]
    ct_u = None
    if lin_u:
        ct_u = _gather_updates(ct, indices, u_aval, params["dimension_numbers"], params["mode"])
    return [ct if lin_x else None, None, ct_u]


def _scatter_jvp(primals: list, tangents: list, **params: Any) -> tuple:
    (x, indices, updates), (tx, _, tu) = primals, tangents
    if type(tx) is ad.Zero and type(tu) is ad.Zero:
        out = scatter_p.bind(x, indices, updates, **params)
        return out, slicing.zero_tangent(out)
    tx, tu = ad.instantiate(tx), ad.instantiate(tu)
    if params["unique_indices"]:
        return (scatter_p.bind(x, indices, updates, **params),
                scatter_p.bind(tx, indices, tu, **params))  # fmt: skip
    # With repeated indices XLA picks the update that lands arbitrarily. Tag each index vector
    # with an id, scatter the ids, and read them back: an update element (primal and tangent)
    # counts where its own id landed, the operand where no id did. Then scatter-adding the
    # masked values gives the primal and tangent from the same choice of winners.
    dn = params["dimension_numbers"]
    x_aval, u_aval = core.get_aval(x), core.get_aval(updates)
    scatter_axes = tuple(k for k in range(u_aval.ndim) if k not in dn.update_window_dims)
    scatter_shape = tuple(u_aval.shape[k] for k in scatter_axes)
    n = int(onp.prod(scatter_shape, dtype=onp.int64))
    id_dtype = dtypes.canonicalize_dtype(onp.int32 if n < 2**31 - 1 else onp.int64)
    ids = shapes.reshape(lax.add(shapes.iota(id_dtype, n), 1), scatter_shape)
    ids = shapes.broadcast_in_dim(ids, u_aval.shape, scatter_axes)
    landed = scatter_p.bind(utils.full(x_aval.shape, 0, id_dtype), indices, ids, **params)
    kept = lax.eq(landed, 0)
    won = lax.eq(_gather_updates(landed, indices, u_aval, dn, params["mode"]), ids)

    def combine(a: Any, b: Any) -> Any:
        a = lax.select(kept, a, utils.full(x_aval.shape, 0, core.get_aval(a).dtype))
        b = lax.select(won, b, utils.full(u_aval.shape, 0, core.get_aval(b).dtype))
        return scatter_add_p.bind(a, indices, b, **params)

    return combine(x, updates), combine(tx, tu)


def _scatter_transpose(ct: Any, x: Any, indices: Any, updates: Any, **params: Any) -> list:
    if not params["unique_indices"]:
        raise NotImplementedError(
            "scatter is linear in (operand, updates) only when indices are unique: transposing "
            "it needs unique_indices=True"
        )
    lin_x, lin_u = ad.is_undefined_primal(x), ad.is_undefined_primal(updates)
    u_aval = slicing.primal_aval(updates)
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval) if lin_x else None, None, ad.Zero(u_aval) if lin_u else None]
    ct_x = ct_u = None
    if lin_x:  # the overwritten elements get no cotangent
        zeros = utils.full(u_aval.shape, 0, u_aval.dtype)
        ct_x = scatter_p.bind(ct, indices, zeros, **params)
    if lin_u:
        ct_u = _gather_updates(ct, indices, u_aval, params["dimension_numbers"], params["mode"])
    return [ct_x, None, ct_u]


def _scatter_mul_jvp(primals: list, tangents: list, **params: Any) -> tuple:
    (x, indices, updates), (tx, _, tu) = primals, tangents
    out = scatter_mul_p.bind(x, indices, updates, **params)
    t = slicing.zero_tangent(out)
    if type(tx) is not ad.Zero:  # out = x * P, with P the product of the updates landing
        t = scatter_mul_p.bind(tx, indices, updates, **params)
    if type(tu) is ad.Zero:
        return out, t
    # dP = sum_k du_k prod_{j != k} u_j, summed per element. The product of the others is 1
    # for unique indices; else P / u_k where no update at the element is zero, P without u_k
    # where u_k is its only zero, and 0 otherwise. (Those branches make higher derivatives
    # miss terms exactly where an element gets a zero update among several.)
    x_aval, u_aval = core.get_aval(x), core.get_aval(updates)
    dt = u_aval.dtype

    def scatter_into(value: float, prim: core.Primitive, u: Any) -> Any:
        return prim.bind(utils.full(x_aval.shape, value, dt), indices, u, **params)

    if not params["unique_indices"]:
        zeros, ones = utils.full(u_aval.shape, 0, dt), utils.full(u_aval.shape, 1, dt)
        is_zero = lax.eq(updates, zeros)
        safe_u = lax.select(is_zero, ones, updates)
        dn, mode = params["dimension_numbers"], params["mode"]
        prod_nz = scatter_into(1, scatter_mul_p, safe_u)
        n_zero = scatter_into(0, scatter_add_p, shapes.convert_element_type(is_zero, dt))
        prod_nz = _gather_updates(prod_nz, indices, u_aval, dn, mode)
        n_zero = _gather_updates(n_zero, indices, u_aval, dn, mode)
        others = lax.select(
            is_zero,
            lax.select(lax.eq(n_zero, ones), prod_nz, zeros),
            lax.select(lax.eq(n_zero, zeros), lax.div(prod_nz, safe_u), zeros),
        )
        tu = lax.mul(tu, others)
    return out, ad.add_tangents(t, lax.mul(x, scatter_into(0, scatter_add_p, tu)))


def _scatter_mul_transpose(ct: Any, x: Any, indices: Any, updates: Any, **params: Any) -> list:
    if ad.is_undefined_primal(updates):
        raise NotImplementedError("scatter_mul is not linear in its updates")
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval), None, None]
    return [scatter_mul_p.bind(ct, indices, updates, **params), None, None]


def _scatter_extremum_jvp(prim: core.Primitive) -> Callable[..., tuple]:
    # The tangent follows the values that attain the result, split evenly among ties (the
    # operand's own value included), as reduce_max's does.
    def rule(primals: list, tangents: list, **params: Any) -> tuple:
        (x, indices, updates), (tx, _, tu) = primals, tangents
        out = prim.bind(x, indices, updates, **params)
        if type(tx) is ad.Zero and type(tu) is ad.Zero:
            return out, slicing.zero_tangent(out)
        dn, mode = params["dimension_numbers"], params["mode"]
        x_aval, u_aval = core.get_aval(x), core.get_aval(updates)
        dt = x_aval.dtype
        hit = lax.eq(updates, _gather_updates(out, indices, u_aval, dn, mode))
        won = shapes.convert_element_type(hit, dt)
        kept = shapes.convert_element_type(lax.eq(x, out), dt)
        zeros = utils.full(x_aval.shape, 0, dt)
        count = lax.add(kept, scatter_add_p.bind(zeros, indices, won, **params))
        count = lax.max(count, utils.full(x_aval.shape, 1, dt))  # 0 where nothing attains
        t = slicing.zero_tangent(out)
        if type(tx) is not ad.Zero:
            t = lax.mul(tx, lax.div(kept, count))
        if type(tu) is not ad.Zero:
            share = lax.div(won, _gather_updates(count, indices, u_aval, dn, mode, fill_value=1))
            t = ad.add_tangents(t, scatter_add_p.bind(zeros, indices, lax.mul(tu, share), **params))
        return out, t

    return rule


def _scatter_batch(prim: core.Primitive) -> Callable[..., tuple]:
    def rule(vals: list, dims: list, *, dimension_numbers: ScatterDimensionNumbers,
             **params: Any) -> tuple:  # fmt: skip
        (x, indices, updates), (dx, di, du) = vals, dims
        dn = dimension_numbers
        size = slicing.batch_size(vals, dims)
        x, updates = batching.moveaxis(x, dx, 0, size), batching.moveaxis(updates, du, 0, size)
        if di is None:  # the batch axis is one more (whole) window axis
            dnums = ScatterDimensionNumbers((0, *slicing.shift_dims(dn.update_window_dims)),
                                            slicing.shift_dims(dn.inserted_window_dims),
                                            slicing.shift_dims(dn.scatter_dims_to_operand_dims),
                                            slicing.shift_dims(dn.operand_batching_dims),
                                            dn.scatter_indices_batching_dims)  # fmt: skip
        else:  # pair the batch axes of operand and indices as batching dimensions
            indices = batching.moveaxis(indices, di, 0)
            dnums = ScatterDimensionNumbers(
                slicing.shift_dims(dn.update_window_dims),
                slicing.shift_dims(dn.inserted_window_dims),
                slicing.shift_dims(dn.scatter_dims_to_operand_dims),
                (0, *slicing.shift_dims(dn.operand_batching_dims)),
                (0, *slicing.shift_dims(dn.scatter_indices_batching_dims)),
            )
        return prim.bind(x, indices, updates, dimension_numbers=dnums, **params), 0

    return rule


ad.jvp_rules[scatter_p] = _scatter_jvp
ad.transpose_rules[scatter_p] = _scatter_transpose
ad.jvp_rules[scatter_add_p] = _scatter_add_jvp
ad.transpose_rules[scatter_add_p] = _scatter_add_transpose
ad.jvp_rules[scatter_mul_p] = _scatter_mul_jvp
ad.transpose_rules[scatter_mul_p] = _scatter_mul_transpose
ad.jvp_rules[scatter_min_p] = _scatter_extremum_jvp(scatter_min_p)
ad.jvp_rules[scatter_max_p] = _scatter_extremum_jvp(scatter_max_p)
for _p in (scatter_p, scatter_add_p, scatter_mul_p, scatter_min_p, scatter_max_p):
    batching.batch_rules[_p] = _scatter_batch(_p)
