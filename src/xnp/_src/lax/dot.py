"""``dot_general``: contractions with batch dimensions (matmul, einsum, tensordot)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import utils

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
                f"dot_general: {side} dimension numbers {dims} out of range for shape "
                f"{aval.shape}"
            )
    if len(set(lc) | set(lb)) != len(lc) + len(lb) or len(set(rc) | set(rb)) != len(rc) + len(
        rb
    ):
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
        from xnp._src.lax.elementwise import compare_values

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
