"""Slicing and indexing primitives: slice, dynamic_slice, dynamic_update_slice and gather.

Each primitive's wrapper, abstract eval, lowering and rules sit together. ``gather`` follows
XLA's operation semantics (and jax.lax's dimension-number NamedTuple); the index vector is always
the last dimension of the indices. The ``scatter`` family lives in scatter.py and shares the
index and dimension-number checks defined here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes, utils
from xnp._src.lax.formulas import compare_values
from xnp._src.lax.reductions import reduce_body

hlo = mlir.hlo


int_tuple = utils.int_tuple


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


def check_dims(name: str, what: str, dims: Sequence[int], bound: int, ordered: bool) -> None:
    if len(set(dims)) != len(dims):
        raise ValueError(f"{name}: {what} {tuple(dims)} has repeated entries")
    if ordered and list(dims) != sorted(dims):
        raise ValueError(f"{name}: {what} {tuple(dims)} must be sorted")
    for d in dims:
        if not 0 <= d < bound:
            raise ValueError(f"{name}: {what} {tuple(dims)} has entry {d} outside [0, {bound})")


def _scalar_indices(name: str, idx_avals: Sequence[core.ShapedArray], ndim: int) -> None:
    if len(idx_avals) != ndim:
        raise ValueError(
            f"{name}: got {len(idx_avals)} start indices for an operand of rank {ndim}"
        )
    for a in idx_avals:
        if a.shape != () or dtypes.kind(a.dtype) not in "iu":
            raise TypeError(f"{name}: start indices must be integer scalars, got {a.str_short()}")
    if len({a.dtype for a in idx_avals}) > 1:
        got = ", ".join(a.dtype.name for a in idx_avals)
        raise TypeError(f"{name}: start indices must share one dtype, got {got}")


def _start_index_operands(
    name: str, x: Any, start_indices: Sequence[Any], allow_negative: bool = True
) -> list[Any]:
    """Start indices as integer scalar operands of one dtype; negative ones count from the end."""
    if len(start_indices) != x.ndim:
        raise ValueError(
            f"{name}: got {len(start_indices)} start indices for an operand of shape {x.shape}"
        )
    arrays = [i for i in start_indices if not isinstance(i, int | onp.integer)]
    arr_dtypes = {utils.asarray(i).dtype for i in arrays}
    dt = arr_dtypes.pop() if len(arr_dtypes) == 1 else _index_dtype()
    if dtypes.kind(dt) not in "iu":
        raise TypeError(f"{name}: start indices must be integers, got dtype {dt.name}")
    out = []
    for i, d in zip(start_indices, x.shape, strict=True):
        if isinstance(i, int | onp.integer):
            i = int(i)
            if allow_negative and i < 0:
                i += d
            info = onp.iinfo(dt)
            out.append(dispatch.scalar_const(min(max(i, info.min), info.max), dt, False))
            continue
        i = utils.asarray(i)
        if i.shape != ():
            raise TypeError(f"{name}: start indices must be scalars, got shape {i.shape}")
        if i.dtype != dt:
            i = shapes.convert_element_type(i, dt)
        if allow_negative and dtypes.kind(dt) == "i":
            i = lax.select(lax.lt(i, 0), lax.add(i, d), i)
        out.append(i)
    return out


# ----------------------------------------------------------------------------- slice


def _slice_abstract_eval(
    x: core.ShapedArray,
    *,
    start_indices: tuple[int, ...],
    limit_indices: tuple[int, ...],
    strides: tuple[int, ...] | None,
) -> core.ShapedArray:
    strides = strides or (1,) * x.ndim
    if not len(start_indices) == len(limit_indices) == len(strides) == x.ndim:
        raise ValueError(
            f"slice: start_indices {start_indices}, limit_indices {limit_indices} and strides "
            f"{strides} must each have one entry per dimension of the operand, shape {x.shape}"
        )
    shape = []
    for d, lo, hi, st in zip(x.shape, start_indices, limit_indices, strides, strict=True):
        if not 0 <= lo <= hi <= d or st < 1:
            raise ValueError(
                f"slice: start_indices {start_indices}, limit_indices {limit_indices}, strides "
                f"{strides} are invalid for operand shape {x.shape} (need 0 <= start <= limit "
                "<= size and stride >= 1)"
            )
        shape.append((hi - lo + st - 1) // st)
    return core.ShapedArray(tuple(shape), x.dtype, x.weak_type)


def _slice_lowering(ctx, x, *, start_indices, limit_indices, strides):  # noqa: ANN001, ANN202
    strides = strides or (1,) * len(start_indices)
    return hlo.slice(
        x, mlir.dense_i64(start_indices), mlir.dense_i64(limit_indices), mlir.dense_i64(strides)
    )


slice_p = utils.standard_primitive("slice", _slice_abstract_eval, _slice_lowering)


def slice(  # noqa: A001
    x: Any,
    start_indices: Sequence[int],
    limit_indices: Sequence[int],
    strides: Sequence[int] | None = None,
) -> Any:
    """The static slice ``x[start:limit:stride]`` along every axis."""
    x = utils.asarray(x)
    start = int_tuple("slice", "start_indices", start_indices)
    limit = int_tuple("slice", "limit_indices", limit_indices)
    st = None if strides is None else int_tuple("slice", "strides", strides)
    if st is not None and all(s == 1 for s in st):
        st = None
    if start == (0,) * x.ndim and limit == x.shape and st is None:
        return x
    return slice_p.bind(x, start_indices=start, limit_indices=limit, strides=st)


def slice_in_dim(
    x: Any, start_index: int | None, limit_index: int | None, stride: int = 1, axis: int = 0
) -> Any:
    """``slice`` along one axis; ``None`` and negative bounds as in Python slicing."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("slice_in_dim", int(axis), x.ndim)
    d = x.shape[axis]
    lo = 0 if start_index is None else int(start_index)
    hi = d if limit_index is None else int(limit_index)
    lo, hi = lo + d if lo < 0 else lo, hi + d if hi < 0 else hi
    start, limit, strides = [0] * x.ndim, list(x.shape), [1] * x.ndim
    start[axis], limit[axis], strides[axis] = lo, hi, int(stride)
    return slice(x, start, limit, strides)


def index_in_dim(x: Any, index: int, axis: int = 0, keepdims: bool = True) -> Any:
    """``x``'s slice at static ``index`` along ``axis`` (negative counts from the end)."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("index_in_dim", int(axis), x.ndim)
    index, d = int(index), x.shape[axis]
    if not -d <= index < d:
        raise IndexError(f"index {index} is out of bounds for axis {axis} with size {d}")
    index %= d
    out = slice_in_dim(x, index, index + 1, 1, axis)
    return out if keepdims else shapes.squeeze(out, (axis,))


def _slice_transpose(ct: Any, x: Any, *, start_indices: tuple, limit_indices: tuple,
                     strides: tuple | None) -> list:  # fmt: skip
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    strides = strides or (1,) * len(start_indices)
    # Pad back to the operand's shape: the gaps between strided elements are interior padding,
    # and the high padding counts from the last element taken (not from the limit).
    config = []
    for lo, n, st, d in zip(start_indices, core.get_aval(ct).shape, strides, x.aval.shape,
                            strict=True):  # fmt: skip
        end = lo + (n - 1) * st + 1 if n else lo
        config.append((lo, d - end, st - 1))
    return [shapes.pad(ct, utils.full((), 0, x.aval.dtype), config)]


def _slice_batch(vals: list, dims: list, *, start_indices: tuple, limit_indices: tuple,
                 strides: tuple | None) -> tuple:  # fmt: skip
    (x,), (d,) = vals, dims
    start, limit = list(start_indices), list(limit_indices)
    start.insert(d, 0)
    limit.insert(d, core.get_aval(x).shape[d])
    st = None if strides is None else (*strides[:d], 1, *strides[d:])
    return slice_p.bind(x, start_indices=tuple(start), limit_indices=tuple(limit), strides=st), d


ad.deflinear(slice_p, _slice_transpose)
batching.batch_rules[slice_p] = _slice_batch


# ----------------------------------------------------------------------------- dynamic_slice


def _dynamic_slice_abstract_eval(
    x: core.ShapedArray, *idx: core.ShapedArray, slice_sizes: tuple[int, ...]
) -> core.ShapedArray:
    _scalar_indices("dynamic_slice", idx, x.ndim)
    if len(slice_sizes) != x.ndim or any(
        not 0 <= s <= d for s, d in zip(slice_sizes, x.shape, strict=True)
    ):
        raise ValueError(
            f"dynamic_slice: slice_sizes {slice_sizes} must have one entry per dimension of the "
            f"operand, each in [0, size]; operand shape {x.shape}"
        )
    return core.ShapedArray(slice_sizes, x.dtype, x.weak_type)


dynamic_slice_p = utils.standard_primitive(
    "dynamic_slice",
    _dynamic_slice_abstract_eval,
    lambda ctx, x, *idx, slice_sizes: hlo.dynamic_slice(x, list(idx), mlir.dense_i64(slice_sizes)),
)


def dynamic_slice(
    x: Any,
    start_indices: Sequence[Any],
    slice_sizes: Sequence[int],
    *,
    allow_negative_indices: bool = True,
) -> Any:
    """The slice of ``x`` of ``slice_sizes`` starting at (possibly traced) ``start_indices``.

    As in XLA, start indices are clamped so that the slice lies inside ``x``; negative indices
    count from the end first (unless ``allow_negative_indices=False``).
    """
    x = utils.asarray(x)
    sizes = int_tuple("dynamic_slice", "slice_sizes", slice_sizes)
    idx = _start_index_operands("dynamic_slice", x, list(start_indices), allow_negative_indices)
    return dynamic_slice_p.bind(x, *idx, slice_sizes=sizes)


def dynamic_slice_in_dim(x: Any, start_index: Any, slice_size: int, axis: int = 0) -> Any:
    """``dynamic_slice`` along one axis (the whole of every other axis)."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("dynamic_slice_in_dim", int(axis), x.ndim)
    starts: list[Any] = [0] * x.ndim
    sizes = list(x.shape)
    starts[axis], sizes[axis] = start_index, int(slice_size)
    return dynamic_slice(x, starts, sizes)


def dynamic_index_in_dim(x: Any, index: Any, axis: int = 0, keepdims: bool = True) -> Any:
    """``x``'s slice at (possibly traced) ``index`` along ``axis``; clamped like XLA."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("dynamic_index_in_dim", int(axis), x.ndim)
    out = dynamic_slice_in_dim(x, index, 1, axis)
    return out if keepdims else shapes.squeeze(out, (axis,))


def zero_tangent(out: Any) -> ad.Zero:
    return ad.Zero(core.get_aval(out).strip_weak_type())


def primal_aval(x: Any) -> core.ShapedArray:
    return x.aval if ad.is_undefined_primal(x) else core.get_aval(x)


def _dynamic_slice_jvp(primals: list, tangents: list, *, slice_sizes: tuple) -> tuple:
    x, *idx = primals
    out = dynamic_slice_p.bind(x, *idx, slice_sizes=slice_sizes)
    if type(tangents[0]) is ad.Zero:  # the indices carry no derivative
        return out, zero_tangent(out)
    return out, dynamic_slice_p.bind(tangents[0], *idx, slice_sizes=slice_sizes)


def _dynamic_slice_transpose(ct: Any, x: Any, *idx: Any, slice_sizes: tuple) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval), *[None] * len(idx)]
    zeros = utils.full(x.aval.shape, 0, x.aval.dtype)
    return [dynamic_update_slice_p.bind(zeros, ct, *idx), *[None] * len(idx)]


def batch_size(vals: Sequence[Any], dims: Sequence[int | None]) -> int:
    return next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip


def _index_columns(idx: Sequence[Any], dims: Sequence[int | None], size: int) -> Any:
    """Scalar start indices, some batched, as one index array of shape (size, len(idx))."""
    cols = [shapes.broadcast_in_dim(i, (size, 1), () if d is None else (0,))
            for i, d in zip(idx, dims, strict=True)]  # fmt: skip
    return shapes.concatenate(cols, 1)


def _zero_index(idx: Sequence[Any]) -> Any:
    return utils.full((), 0, core.get_aval(idx[0]).dtype if idx else _index_dtype())


def _dynamic_slice_batch(vals: list, dims: list, *, slice_sizes: tuple) -> tuple:
    (x, *idx), (dx, *didx) = vals, dims
    if all(d is None for d in didx):  # the same window of every example
        idx.insert(dx, _zero_index(idx))
        sizes = (*slice_sizes[:dx], core.get_aval(x).shape[dx], *slice_sizes[dx:])
        return dynamic_slice_p.bind(x, *idx, slice_sizes=sizes), dx
    # A window per example: a gather of one index vector per example (clamped, like XLA's
    # dynamic_slice).
    index = _index_columns(idx, didx, batch_size(idx, didx))
    n = len(idx)
    dn = GatherDimensionNumbers(tuple(range(n)), (), tuple(range(n)))
    return _gather_batch([x, index], [dx, 0], dimension_numbers=dn, slice_sizes=slice_sizes,
                         indices_are_sorted=True, unique_indices=True,
                         mode=GatherScatterMode.CLIP, fill_value=None)  # fmt: skip


ad.jvp_rules[dynamic_slice_p] = _dynamic_slice_jvp
ad.transpose_rules[dynamic_slice_p] = _dynamic_slice_transpose
batching.batch_rules[dynamic_slice_p] = _dynamic_slice_batch


# ----------------------------------------------------------------------------- dynamic_update_slice


def _dynamic_update_slice_abstract_eval(
    x: core.ShapedArray, update: core.ShapedArray, *idx: core.ShapedArray
) -> core.ShapedArray:
    _scalar_indices("dynamic_update_slice", idx, x.ndim)
    if update.dtype != x.dtype:
        raise TypeError(
            f"dynamic_update_slice: update dtype {update.dtype.name} must match the operand "
            f"dtype {x.dtype.name}"
        )
    if update.ndim != x.ndim or any(u > d for u, d in zip(update.shape, x.shape, strict=True)):
        raise ValueError(
            f"dynamic_update_slice: update shape {update.shape} must have the operand's rank "
            f"and fit inside the operand shape {x.shape}"
        )
    return core.ShapedArray(x.shape, x.dtype, x.weak_type)


dynamic_update_slice_p = utils.standard_primitive(
    "dynamic_update_slice",
    _dynamic_update_slice_abstract_eval,
    lambda ctx, x, update, *idx: hlo.dynamic_update_slice(x, update, list(idx)),
)


def dynamic_update_slice(
    x: Any, update: Any, start_indices: Sequence[Any], *, allow_negative_indices: bool = True
) -> Any:
    """``x`` with ``update`` written at (possibly traced) ``start_indices`` (clamped like XLA)."""
    x = utils.asarray(x)
    if dtypes.is_python_scalar(update):
        update = dispatch.scalar_const(update, x.dtype, x.aval.weak_type)
    update = utils.asarray(update)
    idx = _start_index_operands(
        "dynamic_update_slice", x, list(start_indices), allow_negative_indices
    )
    return dynamic_update_slice_p.bind(x, update, *idx)


def dynamic_update_slice_in_dim(x: Any, update: Any, start_index: Any, axis: int) -> Any:
    """``dynamic_update_slice`` at ``start_index`` along ``axis`` (0 along the others)."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("dynamic_update_slice_in_dim", int(axis), x.ndim)
    starts: list[Any] = [0] * x.ndim
    starts[axis] = start_index
    return dynamic_update_slice(x, update, starts)


def dynamic_update_index_in_dim(x: Any, update: Any, index: Any, axis: int) -> Any:
    """Write ``update`` (with or without ``axis``) at position ``index`` along ``axis``."""
    x = utils.asarray(x)
    axis = utils.canonical_axis("dynamic_update_index_in_dim", int(axis), x.ndim)
    update = utils.asarray(update)
    if update.ndim == x.ndim - 1:
        update = shapes.expand_dims(update, (axis,))
    return dynamic_update_slice_in_dim(x, update, index, axis)


def _dynamic_update_slice_jvp(primals: list, tangents: list) -> tuple:
    x, update, *idx = primals
    out = dynamic_update_slice_p.bind(x, update, *idx)
    tx, tu = tangents[:2]
    if type(tx) is ad.Zero and type(tu) is ad.Zero:
        return out, zero_tangent(out)
    return out, dynamic_update_slice_p.bind(ad.instantiate(tx), ad.instantiate(tu), *idx)


def _dynamic_update_slice_transpose(ct: Any, x: Any, update: Any, *idx: Any) -> list:
    lin_x, lin_u = ad.is_undefined_primal(x), ad.is_undefined_primal(update)
    u_aval = primal_aval(update)
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval) if lin_x else None, ad.Zero(u_aval) if lin_u else None,
                *[None] * len(idx)]  # fmt: skip
    ct_x = ct_u = None
    if lin_x:
        zeros = utils.full(u_aval.shape, 0, u_aval.dtype)
        ct_x = dynamic_update_slice_p.bind(ct, zeros, *idx)
    if lin_u:
        ct_u = dynamic_slice_p.bind(ct, *idx, slice_sizes=u_aval.shape)
    return [ct_x, ct_u, *[None] * len(idx)]


def _dynamic_update_slice_batch(vals: list, dims: list) -> tuple:
    from xnp._src.lax import scatter  # scatter imports this module

    (x, update, *idx), (dx, du, *didx) = vals, dims
    size = batch_size(vals, dims)
    if all(d is None for d in didx):
        x, update = batching.moveaxis(x, dx, 0, size), batching.moveaxis(update, du, 0, size)
        return dynamic_update_slice_p.bind(x, update, _zero_index(idx), *idx), 0
    # A window per example: a scatter of one index vector per example (clamped, like XLA's
    # dynamic_update_slice).
    index = _index_columns(idx, didx, size)
    n = len(idx)
    dn = scatter.ScatterDimensionNumbers(tuple(range(n)), (), tuple(range(n)))
    scatter_batch = batching.batch_rules[scatter.scatter_p]
    return scatter_batch([x, index, update], [dx, 0, du], dimension_numbers=dn,
                         indices_are_sorted=True, unique_indices=True,
                         mode=GatherScatterMode.CLIP)  # fmt: skip


ad.jvp_rules[dynamic_update_slice_p] = _dynamic_update_slice_jvp
ad.transpose_rules[dynamic_update_slice_p] = _dynamic_update_slice_transpose
batching.batch_rules[dynamic_update_slice_p] = _dynamic_update_slice_batch


# ----------------------------------------------------------------------------- gather


class GatherScatterMode(enum.Enum):
    """What gather and scatter do with out-of-bounds indices.

    ``CLIP``: clamp indices so the whole slice is in bounds. ``FILL_OR_DROP``: a gather returns
    ``fill_value`` for out-of-bounds slices; a scatter skips out-of-bounds updates.
    ``PROMISE_IN_BOUNDS``: the caller promises indices are in bounds (XLA's native behaviour:
    gathers clamp, scatters skip).
    """

    CLIP = 0
    FILL_OR_DROP = 1
    PROMISE_IN_BOUNDS = 2

    @staticmethod
    def from_any(s: Any) -> GatherScatterMode:
        if isinstance(s, GatherScatterMode):
            return s
        if s == "clip":
            return GatherScatterMode.CLIP
        if s is None or s in ("fill", "drop"):
            return GatherScatterMode.FILL_OR_DROP
        if s == "promise_in_bounds":
            return GatherScatterMode.PROMISE_IN_BOUNDS
        raise ValueError(
            f"unknown gather/scatter mode {s!r}; expected 'clip', 'fill', 'drop' or "
            "'promise_in_bounds'"
        )

    def __repr__(self) -> str:
        return f"GatherScatterMode.{self.name}"

    __str__ = __repr__


class GatherDimensionNumbers(NamedTuple):
    """How a gather maps its indices to slices of the operand (XLA's semantics).

    ``offset_dims``: output axes that hold the slice axes that are kept;
    ``collapsed_slice_dims``: operand axes whose (size-1) slice axis is dropped;
    ``start_index_map``: the operand axis each entry of an index vector indexes;
    ``operand_batching_dims`` and ``start_indices_batching_dims``: paired batch axes.
    """

    offset_dims: tuple[int, ...]
    collapsed_slice_dims: tuple[int, ...]
    start_index_map: tuple[int, ...]
    operand_batching_dims: tuple[int, ...] = ()
    start_indices_batching_dims: tuple[int, ...] = ()


def _gather_dnums(d: Any) -> GatherDimensionNumbers:
    if not isinstance(d, GatherDimensionNumbers):
        raise TypeError(
            f"gather: dimension_numbers must be a GatherDimensionNumbers, got {type(d).__name__}"
        )
    return GatherDimensionNumbers(
        *(int_tuple("gather", f"dimension_numbers.{f}", getattr(d, f)) for f in d._fields)
    )


def check_batching_dims(
    name: str,
    operand: core.ShapedArray,
    indices: core.ShapedArray,
    operand_dims: tuple[int, ...],
    indices_dims: tuple[int, ...],
    operand_what: str,
    indices_what: str,
) -> None:
    check_dims(name, operand_what, operand_dims, operand.ndim, True)
    check_dims(name, indices_what, indices_dims, indices.ndim - 1, False)
    if len(operand_dims) != len(indices_dims):
        raise ValueError(
            f"{name}: {operand_what} {operand_dims} and {indices_what} {indices_dims} must "
            "have the same length"
        )
    for od, idim in zip(operand_dims, indices_dims, strict=True):
        if operand.shape[od] != indices.shape[idim]:
            raise ValueError(
                f"{name}: operand batching dimension {od} (size {operand.shape[od]}) and indices "
                f"batching dimension {idim} (size {indices.shape[idim]}) differ in size; operand "
                f"shape {operand.shape}, indices shape {indices.shape}"
            )


def check_indices(name: str, indices: core.ShapedArray) -> None:
    if dtypes.kind(indices.dtype) not in "iu":
        raise TypeError(f"{name}: indices must be integers, got {indices.str_short()}")
    if indices.ndim < 1:
        raise ValueError(
            f"{name}: indices must have at least one dimension (the last holds the index "
            "vectors), got a scalar"
        )


def _gather_abstract_eval(
    operand: core.ShapedArray,
    indices: core.ShapedArray,
    *,
    dimension_numbers: GatherDimensionNumbers,
    slice_sizes: tuple[int, ...],
    indices_are_sorted: bool,
    unique_indices: bool,
    mode: GatherScatterMode,
    fill_value: Any,
) -> core.ShapedArray:
    dn = dimension_numbers
    check_indices("gather", indices)
    batch_shape = indices.shape[:-1]
    out_rank = len(batch_shape) + len(dn.offset_dims)
    check_dims("gather", "offset_dims", dn.offset_dims, out_rank, True)
    check_dims("gather", "collapsed_slice_dims", dn.collapsed_slice_dims, operand.ndim, True)
    check_batching_dims("gather", operand, indices, dn.operand_batching_dims,
                        dn.start_indices_batching_dims, "operand_batching_dims",
                        "start_indices_batching_dims")  # fmt: skip
    if set(dn.collapsed_slice_dims) & set(dn.operand_batching_dims):
        raise ValueError(
            f"gather: collapsed_slice_dims {dn.collapsed_slice_dims} and operand_batching_dims "
            f"{dn.operand_batching_dims} must be disjoint"
        )
    if len(dn.start_index_map) != indices.shape[-1]:
        raise ValueError(
            f"gather: start_index_map {dn.start_index_map} must have one entry per element of "
            f"an index vector (the last axis of indices shape {indices.shape})"
        )
    check_dims("gather", "start_index_map", dn.start_index_map, operand.ndim, False)
    if set(dn.start_index_map) & set(dn.operand_batching_dims):
        raise ValueError(
            f"gather: start_index_map {dn.start_index_map} and operand_batching_dims "
            f"{dn.operand_batching_dims} must be disjoint"
        )
    if len(slice_sizes) != operand.ndim:
        raise ValueError(
            f"gather: slice_sizes {slice_sizes} must have one entry per operand dimension "
            f"(operand shape {operand.shape})"
        )
    empty = 0 in batch_shape
    for i, (s, d) in enumerate(zip(slice_sizes, operand.shape, strict=True)):
        if s < 0 or (s > d and not empty):
            raise ValueError(
                f"gather: slice size {s} of dimension {i} is out of range [0, {d}] for operand "
                f"shape {operand.shape}"
            )
        if i in dn.collapsed_slice_dims and s != 1:
            raise ValueError(
                f"gather: collapsed dimension {i} must have slice size 1, got {s} "
                f"(slice_sizes {slice_sizes})"
            )
        if i in dn.operand_batching_dims and s > 1:
            raise ValueError(f"gather: batching dimension {i} must have slice size 0 or 1, got {s}")
    kept = [s for i, s in enumerate(slice_sizes)
            if i not in dn.collapsed_slice_dims and i not in dn.operand_batching_dims]  # fmt: skip
    if len(kept) != len(dn.offset_dims):
        raise ValueError(
            f"gather: offset_dims {dn.offset_dims} must have one entry per operand dimension "
            f"that is neither collapsed nor batching ({len(kept)} for operand shape "
            f"{operand.shape} and dimension_numbers {dn})"
        )
    kept_it, batch_it = iter(kept), iter(batch_shape)
    shape = tuple(next(kept_it) if i in dn.offset_dims else next(batch_it)
                  for i in range(out_rank))  # fmt: skip
    return core.ShapedArray(shape, operand.dtype, operand.weak_type)


def default_fill_value(dtype: onp.dtype) -> Any:
    """What a ``fill`` gather returns out of bounds: NaN, or the most extreme integer."""
    k = dtypes.kind(dtype)
    if k in "fc":
        return onp.nan
    if k == "i":
        return onp.iinfo(dtype).min
    if k == "u":
        return onp.iinfo(dtype).max
    return True


def _in_bounds_mask(
    ctx: mlir.LoweringRuleContext,
    indices: Any,
    idx_aval: core.ShapedArray,
    upper: Sequence[int],
) -> Any:
    """bool[batch]: whether every entry of each index vector lies in [0, upper]."""
    it = onp.iinfo(idx_aval.dtype)
    upper = onp.minimum(onp.asarray(upper, onp.int64), it.max).astype(idx_aval.dtype)
    bool_aval = core.ShapedArray(idx_aval.shape, onp.bool_)
    up = hlo.broadcast_in_dim(
        mlir.aval_to_ir_type(idx_aval), mlir.ir_constant(upper), mlir.dense_i64([idx_aval.ndim - 1])
    )
    ok = compare_values(indices, up, "LE")
    if dtypes.kind(idx_aval.dtype) == "i":
        ok = hlo.and_(ok, compare_values(indices, mlir.full_like_aval(idx_aval, 0), "GE"))
    mask_aval = core.ShapedArray(idx_aval.shape[:-1], onp.bool_)
    return reduce_body(
        ctx.replace(avals_out=[mask_aval]),
        [ok],
        [mlir.ir_constant(onp.bool_(True))],
        [bool_aval],
        [idx_aval.ndim - 1],
        lambda a, b: [hlo.and_(a[0], b[0])],
    )[0]


def _gather_lowering(
    ctx: mlir.LoweringRuleContext,
    operand: Any,
    indices: Any,
    *,
    dimension_numbers: GatherDimensionNumbers,
    slice_sizes: tuple[int, ...],
    indices_are_sorted: bool,
    unique_indices: bool,
    mode: GatherScatterMode,
    fill_value: Any,
) -> Any:
    dn = dimension_numbers
    op_aval, idx_aval = ctx.avals_in
    out_aval = ctx.avals_out[0]
    fill = default_fill_value(out_aval.dtype) if fill_value is None else fill_value
    if out_aval.size == 0:
        return mlir.full_like_aval(out_aval, 0)
    if op_aval.size == 0:  # every slice is out of bounds
        return mlir.full_like_aval(out_aval, fill if mode is GatherScatterMode.FILL_OR_DROP else 0)
    attr = hlo.GatherDimensionNumbers.get(
        list(dn.offset_dims), list(dn.collapsed_slice_dims), list(dn.operand_batching_dims),
        list(dn.start_indices_batching_dims), list(dn.start_index_map), idx_aval.ndim - 1,
    )  # fmt: skip
    out = hlo.gather(
        operand, indices, attr, mlir.dense_i64(slice_sizes),
        indices_are_sorted=bool(indices_are_sorted),
    )  # fmt: skip
    if mode is not GatherScatterMode.FILL_OR_DROP or not dn.start_index_map:
        return out
    upper = [op_aval.shape[d] - slice_sizes[d] for d in dn.start_index_map]
    mask = _in_bounds_mask(ctx, indices, idx_aval, upper)
    batch_pos = [i for i in range(out_aval.ndim) if i not in dn.offset_dims]
    mask = hlo.broadcast_in_dim(
        mlir.aval_to_ir_type(core.ShapedArray(out_aval.shape, onp.bool_)), mask,
        mlir.dense_i64(batch_pos),
    )  # fmt: skip
    return hlo.select(mask, out, mlir.full_like_aval(out_aval, fill))


gather_p = utils.standard_primitive("gather", _gather_abstract_eval, _gather_lowering)


def _fill_param(fill_value: Any, dtype: onp.dtype) -> Any:
    """``fill_value`` as a hashable parameter; None stands for the dtype's default."""
    if fill_value is None:
        return None
    v = onp.asarray(fill_value).astype(dtype)
    if v.shape != ():
        raise ValueError(f"gather: fill_value must be a scalar, got shape {v.shape}")
    if dtypes.kind(dtype) in "fc" and onp.isnan(v):
        return None if onp.isnan(default_fill_value(dtype)) else v.item()
    return v.item()


def gather(
    operand: Any,
    start_indices: Any,
    dimension_numbers: GatherDimensionNumbers,
    slice_sizes: Sequence[int],
    *,
    unique_indices: bool = False,
    indices_are_sorted: bool = False,
    mode: str | GatherScatterMode | None = None,
    fill_value: Any = None,
) -> Any:
    """XLA's Gather: slices of ``operand`` at the index vectors in ``start_indices``.

    The index vectors lie along the last axis of ``start_indices``. ``mode`` chooses what
    out-of-bounds indices do (see ``GatherScatterMode``; the default is ``"fill"``, whose
    ``fill_value`` defaults to NaN for inexact dtypes and the extreme value for integers).
    """
    operand, indices = utils.asarray(operand), utils.asarray(start_indices)
    mode = GatherScatterMode.from_any(mode)
    return gather_p.bind(
        operand,
        indices,
        dimension_numbers=_gather_dnums(dimension_numbers),
        slice_sizes=int_tuple("gather", "slice_sizes", slice_sizes),
        indices_are_sorted=bool(indices_are_sorted),
        unique_indices=bool(unique_indices),
        mode=mode,
        fill_value=_fill_param(fill_value, operand.dtype)
        if mode is GatherScatterMode.FILL_OR_DROP else None,
    )  # fmt: skip


def _gather_jvp(primals: list, tangents: list, **params: Any) -> tuple:
    (x, indices), t = primals, tangents[0]
    out = gather_p.bind(x, indices, **params)
    if type(t) is ad.Zero:  # the indices carry no derivative
        return out, zero_tangent(out)
    if params["mode"] is GatherScatterMode.FILL_OR_DROP:  # out-of-bounds reads are constants
        params = {**params, "fill_value": _fill_param(0, core.get_aval(t).dtype)}
    return out, gather_p.bind(t, indices, **params)


def _gather_transpose(ct: Any, x: Any, indices: Any, *, dimension_numbers: GatherDimensionNumbers,
                      slice_sizes: tuple, indices_are_sorted: bool, unique_indices: bool,
                      mode: GatherScatterMode, fill_value: Any) -> list:  # fmt: skip
    from xnp._src.lax import scatter  # scatter imports this module

    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval), None]
    dn = dimension_numbers
    sdn = scatter.ScatterDimensionNumbers(
        dn.offset_dims,
        dn.collapsed_slice_dims,
        dn.start_index_map,
        dn.operand_batching_dims,
        dn.start_indices_batching_dims,
    )
    # XLA's native gather clamps (CLIP); its native scatter drops (FILL_OR_DROP).
    smode = GatherScatterMode.CLIP if mode is GatherScatterMode.PROMISE_IN_BOUNDS else mode
    zeros = utils.full(x.aval.shape, 0, x.aval.dtype)
    ct_x = scatter.scatter_add_p.bind(zeros, indices, ct, dimension_numbers=sdn,
                                      indices_are_sorted=indices_are_sorted,
                                      unique_indices=unique_indices, mode=smode)  # fmt: skip
    return [ct_x, None]


def shift_dims(dims: Sequence[int]) -> tuple[int, ...]:
    return tuple(d + 1 for d in dims)


def _gather_batch(vals: list, dims: list, *, dimension_numbers: GatherDimensionNumbers,
                  slice_sizes: tuple, **params: Any) -> tuple:  # fmt: skip
    (x, indices), (dx, di) = vals, dims
    dn = dimension_numbers
    if di is None:  # the batch axis of the operand is one more (whole) slice axis
        x = batching.moveaxis(x, dx, 0)
        dnums = GatherDimensionNumbers((0, *shift_dims(dn.offset_dims)),
                                       shift_dims(dn.collapsed_slice_dims),
                                       shift_dims(dn.start_index_map),
                                       shift_dims(dn.operand_batching_dims),
                                       dn.start_indices_batching_dims)  # fmt: skip
        sizes = (core.get_aval(x).shape[0], *slice_sizes)
        return gather_p.bind(x, indices, dimension_numbers=dnums, slice_sizes=sizes,
                             **params), 0  # fmt: skip
    indices = batching.moveaxis(indices, di, 0)
    if dx is None:  # the batch axis of the indices is one more batch axis of the result
        dnums = dn._replace(
            offset_dims=shift_dims(dn.offset_dims),
            start_indices_batching_dims=shift_dims(dn.start_indices_batching_dims),
        )
        # Examples may read the same slices: no longer unique (or sorted).
        params = {**params, "indices_are_sorted": False, "unique_indices": False}
        return gather_p.bind(x, indices, dimension_numbers=dnums, slice_sizes=slice_sizes,
                             **params), 0  # fmt: skip
    # Both batched: pair the batch axes as batching dimensions.
    x = batching.moveaxis(x, dx, 0)
    size = core.get_aval(x).shape[0]
    dnums = GatherDimensionNumbers(shift_dims(dn.offset_dims), shift_dims(dn.collapsed_slice_dims),
                                   shift_dims(dn.start_index_map),
                                   (0, *shift_dims(dn.operand_batching_dims)),
                                   (0, *shift_dims(dn.start_indices_batching_dims)))  # fmt: skip
    sizes = (min(size, 1), *slice_sizes)
    return gather_p.bind(x, indices, dimension_numbers=dnums, slice_sizes=sizes, **params), 0


ad.jvp_rules[gather_p] = _gather_jvp
ad.transpose_rules[gather_p] = _gather_transpose
batching.batch_rules[gather_p] = _gather_batch
