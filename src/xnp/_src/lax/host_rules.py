"""Host rules (``interpreters.host.host_impls``): each primitive computed with NumPy.

A rule takes NumPy operands of the primitive's input dtypes and returns its result with XLA's
semantics (see the note at the head of ``elementwise.py``); ``host.as_result`` fixes the
result dtype of NumPy scalars. ``tests/test_host.py`` checks every rule against the XLA
lowering on every registry case. Primitives without a rule (linear algebra, FFT, scatter, windows,
control flow, the special functions) always run through XLA.

The rules are grouped by the family module that defines the primitives; they sit here, not
beside each primitive, only while the family modules are being reorganized (issue 10).
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.interpreters.host import host_impls, native_only, real_only
from xnp._src.lax import dot as lax_dot
from xnp._src.lax import elementwise as ew
from xnp._src.lax import reductions as red
from xnp._src.lax import shapes, slicing, sorting, windowed
from xnp._src.lax import utils as lax_utils

# ----------------------------------------------------------------------------- elementwise

_SAME = {
    ew.neg_p: onp.negative, ew.floor_p: onp.floor, ew.ceil_p: onp.ceil,
    ew.is_finite_p: onp.isfinite, ew.exp_p: onp.exp, ew.exp2_p: onp.exp2,
    ew.expm1_p: onp.expm1, ew.log_p: onp.log, ew.log1p_p: onp.log1p, ew.tanh_p: onp.tanh,
    ew.sin_p: onp.sin, ew.cos_p: onp.cos, ew.tan_p: onp.tan, ew.asin_p: onp.arcsin,
    ew.acos_p: onp.arccos, ew.atan_p: onp.arctan, ew.sinh_p: onp.sinh, ew.cosh_p: onp.cosh,
    ew.asinh_p: onp.arcsinh, ew.acosh_p: onp.arccosh, ew.atanh_p: onp.arctanh,
    ew.sqrt_p: onp.sqrt, ew.cbrt_p: onp.cbrt, ew.not_p: onp.invert, ew.real_p: onp.real,
    ew.imag_p: onp.imag, ew.conj_p: onp.conjugate, ew.abs_p: onp.abs,
    ew.add_p: onp.add, ew.sub_p: onp.subtract, ew.mul_p: onp.multiply,
    ew.max_p: onp.maximum, ew.min_p: onp.minimum, ew.atan2_p: onp.arctan2,
    ew.nextafter_p: onp.nextafter, ew.and_p: onp.bitwise_and, ew.or_p: onp.bitwise_or,
    ew.xor_p: onp.bitwise_xor,
}  # fmt: skip
host_impls.update(_SAME)

_COMPARISONS = (("eq", onp.equal), ("ne", onp.not_equal), ("lt", onp.less),
                ("le", onp.less_equal), ("gt", onp.greater), ("ge", onp.greater_equal))  # fmt: skip
for _name, _fn in _COMPARISONS:
    host_impls[getattr(ew, f"{_name}_p")] = _fn


def _kind(x: onp.ndarray) -> str:
    return dtypes.kind(x.dtype)


def _sign(x: onp.ndarray) -> Any:
    if _kind(x) == "c":
        a = onp.abs(x)
        return onp.where(a == 0, 0, x / onp.where(a == 0, 1, a)).astype(x.dtype)
    if _kind(x) == "f":  # sign(-0.0) is -0.0, as in XLA
        return onp.where(x == 0, x, onp.sign(x))
    return onp.sign(x)


def _rsqrt(x: onp.ndarray) -> Any:
    return onp.reciprocal(onp.sqrt(x))


def _logistic(x: onp.ndarray) -> Any:
    return onp.reciprocal(onp.exp(-x) + onp.ones((), x.dtype))


def _div(x: onp.ndarray, y: onp.ndarray) -> Any:
    if _kind(x) not in "iu":
        return onp.true_divide(x, y)
    # Integer division truncates toward zero; x / 0 is -1 (signed) or all ones (unsigned);
    # iinfo.min / -1 is iinfo.min (it wraps).
    zero = y == 0
    safe = onp.where(zero, 1, y).astype(x.dtype)
    if _kind(x) == "i":
        safe = onp.where((safe == -1) & (x == onp.iinfo(x.dtype).min), 1, safe)
        q = onp.floor_divide(x, safe)  # floor, then toward zero (no abs: it overflows)
        q = q + ((q * safe != x) & ((x < 0) != (safe < 0))).astype(x.dtype)
        q = onp.where(safe != y, onp.where(zero, -1, x), q)  # the two special cases
        return q.astype(x.dtype)
    return onp.where(zero, onp.iinfo(x.dtype).max, x // safe).astype(x.dtype)


def _rem(x: onp.ndarray, y: onp.ndarray) -> Any:
    if _kind(x) not in "iu":
        return onp.fmod(x, y)
    zero = y == 0
    safe = onp.where(zero, 1, y)
    if _kind(x) == "i":
        safe = onp.where(safe == -1, 1, safe)  # x % -1 is 0 (also for iinfo.min)
    r = onp.fmod(x, safe)
    return onp.where(zero, x, r).astype(x.dtype)


def _pow(x: onp.ndarray, y: onp.ndarray) -> Any:
    return onp.power(x, y)


def _shift(kind: str) -> Any:
    def rule(x: onp.ndarray, y: onp.ndarray) -> Any:
        bits = x.dtype.itemsize * 8
        udt = onp.dtype(f"u{x.dtype.itemsize}")
        ux = x.view(udt) if x.ndim else onp.asarray(x).view(udt)
        amount = y.astype(onp.int64)
        inside = (amount >= 0) & (amount < bits)
        s = onp.where(inside, amount, 0).astype(udt)
        if kind == "left":
            r = onp.where(inside, onp.left_shift(ux, s), 0).astype(udt)
        elif kind == "logical":
            r = onp.where(inside, onp.right_shift(ux, s), 0).astype(udt)
        else:  # arithmetic: shift the bit pattern as signed, fill with the sign
            sdt = onp.dtype(f"i{x.dtype.itemsize}")
            sx = ux.view(sdt)
            fill = onp.where(sx < 0, -1, 0).astype(sdt)
            r = onp.where(inside, onp.right_shift(sx, s.astype(sdt)), fill).astype(sdt)
            r = r.view(udt)
        return r.view(x.dtype)

    return rule


def _round(x: onp.ndarray, *, rounding_method: int) -> Any:
    if rounding_method == ew.RoundingMethod.TO_NEAREST_EVEN:
        return onp.rint(x)
    t = onp.trunc(x)  # ties away from zero; x - trunc(x) is exact (floor(x + 0.5) is not)
    r = t + onp.where(onp.abs(x - t) >= 0.5, onp.sign(x), 0).astype(x.dtype)
    return onp.copysign(r, x)


def _integer_pow(x: onp.ndarray, *, y: int) -> Any:
    # Repeated squaring, as the lowering does (so integer results wrap identically).
    if y == 0:
        return onp.ones_like(x)
    acc = lax_utils.power_by_squaring(x, abs(y), onp.multiply)
    return onp.reciprocal(acc) if y < 0 else acc


def _select_n(which: onp.ndarray, *cases: onp.ndarray) -> Any:
    if len(cases) == 1:
        return cases[0]
    if which.dtype == onp.bool_:
        return onp.where(which, cases[1], cases[0])
    # out-of-range selectors are clamped, as in the lowering
    return onp.choose(onp.clip(which, 0, len(cases) - 1).astype(onp.intp), cases)


def _clamp(lo: onp.ndarray, x: onp.ndarray, hi: onp.ndarray) -> Any:
    return onp.minimum(onp.maximum(x, lo), hi)


host_impls.update({
    ew.sign_p: _sign, ew.rsqrt_p: _rsqrt, ew.logistic_p: _logistic, ew.div_p: _div,
    ew.rem_p: _rem, ew.pow_p: _pow, ew.shift_left_p: _shift("left"),
    ew.shift_right_logical_p: _shift("logical"),
    ew.shift_right_arithmetic_p: _shift("arithmetic"), ew.round_p: _round,
    ew.integer_pow_p: _integer_pow, ew.select_n_p: _select_n, ew.clamp_p: _clamp,
})  # fmt: skip

# ----------------------------------------------------------------------------- shapes


def _convert(x: onp.ndarray, *, new_dtype: onp.dtype, weak_type: bool) -> Any:
    if x.dtype == new_dtype:
        return x
    kin, kout = _kind(x), dtypes.kind(new_dtype)
    if kin == "c" and kout != "c":
        x = x.real  # NumPy drops the imaginary part
    if kout == "b":
        return x != 0
    if kin in "fc" and kout in "iu":
        # XLA converts NaN to 0 and saturates out-of-range values.
        info = onp.iinfo(new_dtype)
        x = onp.where(onp.isnan(x), 0, x)
        lo, hi = x <= info.min, x >= float(info.max)
        mid = onp.where(lo | hi, 0, x).astype(new_dtype)
        return onp.where(lo, info.min, onp.where(hi, info.max, mid)).astype(new_dtype)
    return x.astype(new_dtype)


def _broadcast_in_dim(x: onp.ndarray, *, shape: tuple, broadcast_dimensions: tuple) -> Any:
    out = onp.empty(shape, x.dtype)  # (numpy.broadcast_to costs ten times more)
    if x.ndim == 0 or broadcast_dimensions == tuple(range(len(shape) - x.ndim, len(shape))):
        out[...] = x
        return out
    expanded = [1] * len(shape)
    for d, s in zip(broadcast_dimensions, x.shape, strict=True):
        expanded[d] = s
    out[...] = x.reshape(expanded)
    return out


def _reshape(x: onp.ndarray, *, new_sizes: tuple, dimensions: Any) -> Any:
    if dimensions is not None:
        x = onp.transpose(x, dimensions)
    return x.reshape(new_sizes)


def _iota(*, dtype: onp.dtype, shape: tuple, dimension: int) -> Any:
    r = onp.arange(shape[dimension], dtype=dtype)
    view = [1] * len(shape)
    view[dimension] = shape[dimension]
    out = onp.empty(shape, dtype)
    out[...] = r.reshape(view)
    return out


def _rev(x: onp.ndarray, *, dimensions: tuple) -> Any:
    return onp.flip(x, dimensions) if dimensions else x


host_impls.update({
    shapes.convert_element_type_p: _convert,
    shapes.broadcast_in_dim_p: _broadcast_in_dim,
    shapes.reshape_p: _reshape,
    shapes.transpose_p: lambda x, *, permutation: onp.transpose(x, permutation),
    shapes.squeeze_p: lambda x, *, dimensions: onp.squeeze(x, dimensions),
    shapes.concatenate_p: lambda *xs, dimension: onp.concatenate(xs, dimension),
    shapes.rev_p: _rev,
    shapes.iota_p: _iota,
})  # fmt: skip

# ----------------------------------------------------------------------------- slicing


def _slice(x: onp.ndarray, *, start_indices: tuple, limit_indices: tuple, strides: Any) -> Any:
    steps = strides or (1,) * x.ndim
    return x[tuple(slice(a, b, s) for a, b, s in zip(start_indices, limit_indices, steps,
                                                       strict=True))]  # fmt: skip


def _clamped_starts(shape: tuple, idx: tuple, sizes: tuple) -> list[int]:
    return [min(max(int(i), 0), d - s) for i, d, s in zip(idx, shape, sizes, strict=True)]


def _dynamic_slice(x: onp.ndarray, *idx: onp.ndarray, slice_sizes: tuple) -> Any:
    starts = _clamped_starts(x.shape, idx, slice_sizes)
    return x[tuple(slice(a, a + s) for a, s in zip(starts, slice_sizes, strict=True))]


def _dynamic_update_slice(x: onp.ndarray, update: onp.ndarray, *idx: onp.ndarray) -> Any:
    starts = _clamped_starts(x.shape, idx, update.shape)
    out = x.copy()
    out[tuple(slice(a, a + s) for a, s in zip(starts, update.shape, strict=True))] = update
    return out


def _index_vectors(indices: onp.ndarray) -> onp.ndarray:
    """Gather/scatter index vectors as int64 (unsigned values past int64's range saturate)."""
    if indices.dtype == onp.uint64:
        indices = onp.minimum(indices, onp.iinfo(onp.int64).max)
    return indices.astype(onp.int64)


def _gather(operand: onp.ndarray, indices: onp.ndarray, *, dimension_numbers: Any,
            slice_sizes: tuple, indices_are_sorted: bool, unique_indices: bool, mode: Any,
            fill_value: Any) -> Any:  # fmt: skip
    """XLA's gather: for each index vector, the ``slice_sizes`` window of ``operand`` starting
    at it (clamped into bounds; with FILL_OR_DROP a window not wholly in bounds is
    ``fill_value``), collapsed and batching window axes dropped, the kept window axes placed at
    ``offset_dims`` and the batch axes in the others, in order."""
    dn = dimension_numbers
    idx = _index_vectors(indices)
    batch = idx.shape[:-1]
    nb, rank = len(batch), operand.ndim
    dropped = set(dn.collapsed_slice_dims) | set(dn.operand_batching_dims)
    kept = [d for d in range(rank) if d not in dropped]
    out_rank = nb + len(kept)
    batch_pos = [i for i in range(out_rank) if i not in dn.offset_dims]
    out_shape = [0] * out_rank
    for i, d in zip(dn.offset_dims, kept, strict=True):
        out_shape[i] = slice_sizes[d]
    for i, b in zip(batch_pos, batch, strict=True):
        out_shape[i] = b
    fill = slicing.default_fill_value(operand.dtype) if fill_value is None else fill_value
    filling = mode is slicing.GatherScatterMode.FILL_OR_DROP
    if operand.size == 0 or 0 in out_shape:
        return onp.full(out_shape, fill if filling and operand.size == 0 else 0, operand.dtype)
    starts: list[Any] = [onp.zeros(batch, onp.int64) for _ in range(rank)]
    ok = onp.ones(batch, bool)
    for j, d in enumerate(dn.start_index_map):
        hi = operand.shape[d] - slice_sizes[d]
        ok &= (idx[..., j] >= 0) & (idx[..., j] <= hi)
        starts[d] = onp.clip(idx[..., j], 0, hi)
    for d, bd in zip(dn.operand_batching_dims, dn.start_indices_batching_dims, strict=True):
        shape = [1] * nb
        shape[bd] = batch[bd]
        starts[d] = onp.arange(batch[bd]).reshape(shape)
    grid = []
    for d in range(rank):
        window = [1] * rank
        window[d] = slice_sizes[d]
        start = onp.broadcast_to(starts[d], batch).reshape(batch + (1,) * rank)
        grid.append(start + onp.arange(slice_sizes[d]).reshape(window))
    g = operand[tuple(grid)]  # batch + slice_sizes
    g = g.reshape(batch + tuple(slice_sizes[d] for d in kept))
    perm = [nb + dn.offset_dims.index(i) if i in dn.offset_dims else batch_pos.index(i)
            for i in range(out_rank)]  # fmt: skip
    g = g.transpose(perm)
    if filling and dn.start_index_map and not ok.all():
        mask_shape = [1] * out_rank
        for i, b in zip(batch_pos, batch, strict=True):
            mask_shape[i] = b
        g = onp.where(ok.reshape(mask_shape), g, onp.asarray(fill, operand.dtype))
    return g


host_impls.update({
    slicing.slice_p: _slice,
    slicing.dynamic_slice_p: _dynamic_slice,
    slicing.dynamic_update_slice_p: _dynamic_update_slice,
    slicing.gather_p: _gather,
})  # fmt: skip

# ----------------------------------------------------------------------------- reductions


def _reduce(fn: Any) -> Any:
    def rule(x: onp.ndarray, *, axes: tuple) -> Any:
        return fn(x, axis=axes) if x.size or fn not in (onp.max, onp.min) else _empty(fn, x, axes)

    return rule


def _empty(fn: Any, x: onp.ndarray, axes: tuple) -> Any:
    # max/min of nothing: the identity (-inf/+inf, or the integer extremes), as in XLA.
    shape = tuple(d for i, d in enumerate(x.shape) if i not in axes)
    k = _kind(x)
    if k == "b":
        return onp.full(shape, fn is onp.min)
    if k in "iu":
        info = onp.iinfo(x.dtype)
        return onp.full(shape, info.min if fn is onp.max else info.max, x.dtype)
    return onp.full(shape, -onp.inf if fn is onp.max else onp.inf, x.dtype)


def _arg(fn: Any) -> Any:
    def rule(x: onp.ndarray, *, axes: tuple, index_dtype: onp.dtype) -> Any:
        if x.shape[axes[0]] == 0:
            return onp.zeros(tuple(d for i, d in enumerate(x.shape) if i != axes[0]), index_dtype)
        return fn(x, axis=axes[0]).astype(index_dtype)

    return rule


host_impls.update({
    red.reduce_sum_p: _reduce(onp.sum), red.reduce_prod_p: _reduce(onp.prod),
    red.reduce_max_p: _reduce(onp.max), red.reduce_min_p: _reduce(onp.min),
    red.reduce_and_p: _reduce(onp.bitwise_and.reduce),  # bitwise on integers
    red.reduce_or_p: _reduce(onp.bitwise_or.reduce),
    red.argmax_p: _arg(onp.argmax), red.argmin_p: _arg(onp.argmin),
})  # fmt: skip


def _cumulative(fn: Any) -> Any:
    def rule(x: onp.ndarray, *, axis: int, reverse: bool) -> Any:
        if reverse:
            return onp.flip(fn(onp.flip(x, axis), axis=axis), axis)
        return fn(x, axis=axis)

    return rule


host_impls.update({
    windowed.cumsum_p: _cumulative(onp.cumsum),
    windowed.cumprod_p: _cumulative(onp.cumprod),
    windowed.cummax_p: _cumulative(lambda x, axis: onp.maximum.accumulate(x, axis=axis)),
    windowed.cummin_p: _cumulative(lambda x, axis: onp.minimum.accumulate(x, axis=axis)),
})  # fmt: skip

# ----------------------------------------------------------------------------- sorting


def _sort(*ops: onp.ndarray, dimension: int, is_stable: bool, num_keys: int) -> list:
    # The lowering's comparator is NumPy's order (NaNs last, -0.0 == 0.0, complex NaN
    # classes), so NumPy's stable sorts give its results; an unstable sort may order ties
    # either way, and a stable one is among its valid answers.
    if num_keys == 1:
        perm = onp.argsort(ops[0], axis=dimension, kind="stable")
    else:
        keys = [onp.moveaxis(k, dimension, -1) for k in ops[:num_keys]]
        perm = onp.moveaxis(onp.lexsort(keys[::-1], axis=-1), -1, dimension)
    return [onp.take_along_axis(op, perm, dimension) for op in ops]


host_impls[sorting.sort_p] = _sort

# ----------------------------------------------------------------------------- dot


def _dot_general(lhs: onp.ndarray, rhs: onp.ndarray, *, dimension_numbers: Any, precision: Any,
                 preferred_element_type: Any) -> Any:  # fmt: skip
    (lc, rc), (lb, rb) = dimension_numbers
    lf = [d for d in range(lhs.ndim) if d not in lc and d not in lb]
    rf = [d for d in range(rhs.ndim) if d not in rc and d not in rb]
    letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    ls, rs = [""] * lhs.ndim, [""] * rhs.ndim
    for a, b in zip(lb, rb, strict=True):
        ls[a] = rs[b] = next(letters)
    for a, b in zip(lc, rc, strict=True):
        ls[a] = rs[b] = next(letters)
    for d in lf:
        ls[d] = next(letters)
    for d in rf:
        rs[d] = next(letters)
    out = "".join(ls[d] for d in lb) + "".join(ls[d] for d in lf) + "".join(rs[d] for d in rf)
    dt = preferred_element_type
    if dt is not None and lhs.dtype != dt:
        lhs, rhs = lhs.astype(dt), rhs.astype(dt)
    return onp.einsum(f"{''.join(ls)},{''.join(rs)}->{out}", lhs, rhs, optimize=True)


host_impls[lax_dot.dot_general_p] = _dot_general
# (no bfloat16 einsum in NumPy; float16 products accumulate differently from XLA's)
native_only.add(lax_dot.dot_general_p)

# Complex infinities and NaNs: NumPy's conventions differ from XLA's for these.
real_only.update({
    ew.abs_p, ew.atan_p, ew.div_p, ew.exp2_p, ew.expm1_p, ew.pow_p, ew.rsqrt_p, ew.sqrt_p,
    ew.integer_pow_p, red.reduce_max_p, red.reduce_min_p, lax_dot.dot_general_p,
})  # fmt: skip
