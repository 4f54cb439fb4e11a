"""``dot_general``: contractions with batch dimensions (matmul, einsum, tensordot)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import shapes, utils
from xnp._src.lax.elementwise import compare_values

hlo = mlir.hlo

DimensionNumbers = tuple[
    tuple[tuple[int, ...], tuple[int, ...]], tuple[tuple[int, ...], tuple[int, ...]]
]


def _dot_general_abstract_eval(
    lhs: core.ShapedArray,
    rhs: core.ShapedArray,
    *,
    dimension_numbers: DimensionNumbers,
    precision: Any,
    preferred_element_type: onp.dtype | None,
) -> core.ShapedArray:
    (lc, rc), (lb, rb) = dimension_numbers
    utils.check_dtypes("dot_general", [lhs, rhs], utils.ANY)
    if lhs.dtype != rhs.dtype and preferred_element_type is None:
        raise TypeError(
            f"dot_general requires operands of the same dtype, got {lhs.dtype.name} and "
            f"{rhs.dtype.name} (pass preferred_element_type to mix them)"
        )
    for dims, aval, side in ((lc, lhs, "lhs"), (lb, lhs, "lhs"), (rc, rhs, "rhs"),
                             (rb, rhs, "rhs")):  # fmt: skip
        if any(not 0 <= d < aval.ndim for d in dims):
            raise ValueError(
                f"dot_general: {side} dimension numbers {dims} out of range for shape {aval.shape}"
            )
    if len(set(lc) | set(lb)) != len(lc) + len(lb) or len(set(rc) | set(rb)) != len(rc) + len(rb):
        raise ValueError(f"dot_general: repeated dimensions in {dimension_numbers}")
    if len(lc) != len(rc) or len(lb) != len(rb):
        raise ValueError(
            f"dot_general: lhs and rhs must have as many contracting and batch dimensions; "
            f"got {dimension_numbers}"
        )
    for a, b in zip(lc, rc, strict=True):
        if lhs.shape[a] != rhs.shape[b]:
            raise ValueError(
                f"dot_general: contracting dimensions differ in size: lhs shape {lhs.shape} "
                f"dims {lc}, rhs shape {rhs.shape} dims {rc}"
            )
    for a, b in zip(lb, rb, strict=True):
        if lhs.shape[a] != rhs.shape[b]:
            raise ValueError(
                f"dot_general: batch dimensions differ in size: lhs shape {lhs.shape} dims "
                f"{lb}, rhs shape {rhs.shape} dims {rb}"
            )
    batch = tuple(lhs.shape[d] for d in lb)
    lfree = tuple(d for i, d in enumerate(lhs.shape) if i not in lc and i not in lb)
    rfree = tuple(d for i, d in enumerate(rhs.shape) if i not in rc and i not in rb)
    if preferred_element_type is not None:
        out_dtype = preferred_element_type
    else:
        out_dtype = lhs.dtype
    weak = lhs.weak_type and rhs.weak_type
    return core.ShapedArray(batch + lfree + rfree, out_dtype, weak)


def _dot_general_lowering(ctx, lhs, rhs, *, dimension_numbers, precision,  # noqa: ANN001, ANN202
                          preferred_element_type):  # fmt: skip
    (lc, rc), (lb, rb) = dimension_numbers
    la, ra = ctx.avals_in
    out = ctx.avals_out[0]
    # Operands of another dtype than the result are converted first (mixed-precision dots).
    if la.dtype != out.dtype:
        lhs = hlo.convert(mlir.aval_to_ir_type(la.update(dtype=out.dtype)), lhs)
    if ra.dtype != out.dtype:
        rhs = hlo.convert(mlir.aval_to_ir_type(ra.update(dtype=out.dtype)), rhs)
    if out.dtype == onp.bool_:
        # XLA has no boolean dot: compute in int32 and compare.
        i32 = onp.dtype("int32")
        lhs = hlo.convert(mlir.aval_to_ir_type(la.update(dtype=i32)), lhs)
        rhs = hlo.convert(mlir.aval_to_ir_type(ra.update(dtype=i32)), rhs)
        dn = hlo.DotDimensionNumbers.get(
            lhs_batching_dimensions=list(lb), rhs_batching_dimensions=list(rb),
            lhs_contracting_dimensions=list(lc), rhs_contracting_dimensions=list(rc))  # fmt: skip
        r = hlo.dot_general(mlir.aval_to_ir_type(out.update(dtype=i32)), lhs, rhs, dn)
        return compare_values(r, mlir.full_like_aval(out.update(dtype=i32), 0), "NE")
    dn = hlo.DotDimensionNumbers.get(
        lhs_batching_dimensions=list(lb),
        rhs_batching_dimensions=list(rb),
        lhs_contracting_dimensions=list(lc),
        rhs_contracting_dimensions=list(rc),
    )
    return hlo.dot_general(mlir.aval_to_ir_type(out), lhs, rhs, dn)


dot_general_p = utils.standard_primitive(
    "dot_general", _dot_general_abstract_eval, _dot_general_lowering
)


def _dims(xs: Sequence[int]) -> tuple[int, ...]:
    return tuple(int(x) for x in xs)


def dot_general(
    lhs: Any,
    rhs: Any,
    dimension_numbers: Any,
    precision: Any = None,
    preferred_element_type: Any = None,
) -> Any:
    """General tensor contraction.

    ``dimension_numbers = ((lhs_contract, rhs_contract), (lhs_batch, rhs_batch))``; the
    result's axes are batch, then lhs free, then rhs free.
    """
    lhs, rhs = utils.asarray(lhs), utils.asarray(rhs)
    (lc, rc), (lb, rb) = dimension_numbers
    dn = ((_dims(lc), _dims(rc)), (_dims(lb), _dims(rb)))
    pet = None
    if preferred_element_type is not None:
        pet = dtypes.canonicalize_dtype(dtypes.to_dtype(preferred_element_type))
    return dot_general_p.bind(
        lhs, rhs, dimension_numbers=dn, precision=None, preferred_element_type=pet
    )


def dot(lhs: Any, rhs: Any, precision: Any = None, preferred_element_type: Any = None) -> Any:
    """Vector/matrix product of rank-1 or rank-2 operands."""
    lhs, rhs = utils.asarray(lhs), utils.asarray(rhs)
    if lhs.ndim not in (1, 2) or rhs.ndim not in (1, 2):
        raise TypeError(f"dot: operands must be rank 1 or 2, got shapes {lhs.shape} {rhs.shape}")
    return dot_general(lhs, rhs, (((lhs.ndim - 1,), (0,)), ((), ())), precision,
                       preferred_element_type)  # fmt: skip


# ============================================================================ autodiff and batching



def _ranges_like(*xs: Sequence[int]) -> list[tuple[int, ...]]:
    start = 0
    out = []
    for x in xs:
        out.append(tuple(range(start, start + len(x))))
        start += len(x)
    return out


def _remaining(original: Sequence[int], *removed: Sequence[int]) -> list[int]:
    gone = set().union(*map(set, removed))
    return [i for i in original if i not in gone]


def _dot_general_transpose_lhs(ct: Any, x: Any, y: Any, *, dimension_numbers: Any,
                               precision: Any, preferred_element_type: Any,
                               swap_ans: bool = False) -> Any:  # fmt: skip
    # Contract ct with y over y's free dims and the batch dims, then permute into x's layout.
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers
    x_ndim = x.aval.ndim
    x_kept = _remaining(range(x_ndim), x_contract, x_batch)
    y_kept = _remaining(range(core.get_aval(y).ndim), y_contract, y_batch)
    if swap_ans:
        ans_batch, ans_y, _ = _ranges_like(x_batch, y_kept, x_kept)
    else:
        ans_batch, _, ans_y = _ranges_like(x_batch, x_kept, y_kept)
    dims = ((ans_y, y_kept), (ans_batch, y_batch))
    x_contract_sorted_by_y = list(onp.take(x_contract, onp.argsort(y_contract))) if len(
        x_contract) else []  # fmt: skip
    out_axes = onp.argsort(list(x_batch) + x_kept + x_contract_sorted_by_y)
    out = dot_general(ct, y, dims, preferred_element_type=x.aval.dtype)
    return shapes.transpose(out, tuple(int(a) for a in out_axes))


def _dot_general_transpose_rhs(ct: Any, x: Any, y: Any, *, dimension_numbers: Any,
                               precision: Any, preferred_element_type: Any) -> Any:  # fmt: skip
    (x_contract, y_contract), (x_batch, y_batch) = dimension_numbers
    swapped = ((y_contract, x_contract), (y_batch, x_batch))
    return _dot_general_transpose_lhs(ct, y, x, dimension_numbers=swapped, precision=precision,
                                      preferred_element_type=preferred_element_type,
                                      swap_ans=True)  # fmt: skip


def _dot_general_transpose(ct: Any, x: Any, y: Any, **params: Any) -> list:
    if ad.is_undefined_primal(x) and ad.is_undefined_primal(y):
        raise NotImplementedError("dot_general is not linear in both operands at once")
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval) if ad.is_undefined_primal(x) else None,
                ad.Zero(y.aval) if ad.is_undefined_primal(y) else None]  # fmt: skip
    if ad.is_undefined_primal(x):
        return [_dot_general_transpose_lhs(ct, x, y, **params), None]
    return [None, _dot_general_transpose_rhs(ct, x, y, **params)]


def _dot_jvp_lhs(g: Any, x: Any, y: Any, **params: Any) -> Any:
    return dot_general_p.bind(g, y, **params)


def _dot_jvp_rhs(g: Any, x: Any, y: Any, **params: Any) -> Any:
    return dot_general_p.bind(x, g, **params)


ad.defjvp(dot_general_p, _dot_jvp_lhs, _dot_jvp_rhs)
ad.transpose_rules[dot_general_p] = _dot_general_transpose


def _dot_general_batch(vals: list, dims: list, *, dimension_numbers: Any, precision: Any,
                       preferred_element_type: Any) -> tuple:  # fmt: skip
    # Batched on both sides: the batch dim becomes one more dot batch dimension (no loop).
    # Batched on one side: it is a free dimension of that side.
    (lhs, rhs), (ld, rd) = vals, dims
    (lc, rc), (lb, rb) = dimension_numbers
    params = dict(precision=precision, preferred_element_type=preferred_element_type)
    if ld is not None and rd is not None:
        lhs = batching.moveaxis(lhs, ld, 0)
        rhs = batching.moveaxis(rhs, rd, 0)
        sh = lambda ds: tuple(d + 1 for d in ds)  # noqa: E731
        dn = ((sh(lc), sh(rc)), ((0, *sh(lb)), (0, *sh(rb))))
        return dot_general_p.bind(lhs, rhs, dimension_numbers=dn, **params), 0
    if ld is not None:
        lhs_nd = core.get_aval(lhs).ndim
        sh = lambda ds: tuple(d + 1 if d >= ld else d for d in ds)  # noqa: E731
        dn = ((sh(lc), rc), (sh(lb), rb))
        # Output: batch dims, then lhs free dims in order (ld among them), then rhs free.
        lhs_free = [i for i in range(lhs_nd) if i not in sh(lc) and i not in sh(lb)]
        out_dim = len(lb) + lhs_free.index(ld)
        return dot_general_p.bind(lhs, rhs, dimension_numbers=dn, **params), out_dim
    rhs_nd = core.get_aval(rhs).ndim
    sh = lambda ds: tuple(d + 1 if d >= rd else d for d in ds)  # noqa: E731
    dn = ((lc, sh(rc)), (lb, sh(rb)))
    lhs_nd = core.get_aval(lhs).ndim
    n_lhs_free = lhs_nd - len(lc) - len(lb)
    rhs_free = [i for i in range(rhs_nd) if i not in sh(rc) and i not in sh(rb)]
    out_dim = len(lb) + n_lhs_free + rhs_free.index(rd)
    return dot_general_p.bind(lhs, rhs, dimension_numbers=dn, **params), out_dim


batching.batch_rules[dot_general_p] = _dot_general_batch
