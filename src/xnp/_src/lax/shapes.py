"""Shape and type primitives: broadcast_in_dim, reshape, transpose, squeeze, dtype casts, iota.

Each primitive's wrapper, abstract eval and lowering sit together.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import ad_util, core, dispatch, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise, utils
from xnp._src.lax.elementwise import compare_values

hlo = mlir.hlo


def _ints(name: str, what: str, xs: Any) -> tuple[int, ...]:
    try:
        return tuple(int(operator_index(x)) for x in xs)
    except TypeError:
        raise TypeError(f"{name}: {what} must be a sequence of integers, got {xs!r}") from None


operator_index = operator.index


# ----------------------------------------------------------------------------- broadcast_in_dim


def _broadcast_in_dim_abstract_eval(
    x: core.ShapedArray, *, shape: tuple[int, ...], broadcast_dimensions: tuple[int, ...]
) -> core.ShapedArray:
    if len(broadcast_dimensions) != x.ndim:
        raise ValueError(
            f"broadcast_in_dim: broadcast_dimensions {broadcast_dimensions} must have one entry "
            f"per operand dimension; operand shape {x.shape}"
        )
    if any(d < 0 for d in shape):
        raise ValueError(f"broadcast_in_dim: negative dimension in target shape {shape}")
    if any(not 0 <= d < len(shape) for d in broadcast_dimensions) or list(
        broadcast_dimensions
    ) != sorted(set(broadcast_dimensions)):
        raise ValueError(
            f"broadcast_in_dim: broadcast_dimensions {broadcast_dimensions} must be strictly "
            f"increasing dimensions of the target shape {shape}"
        )
    for i, d in enumerate(broadcast_dimensions):
        if x.shape[i] != 1 and x.shape[i] != shape[d]:
            raise ValueError(
                f"broadcast_in_dim: operand shape {x.shape} cannot be broadcast to {shape} "
                f"with broadcast_dimensions {broadcast_dimensions}"
            )
    return core.ShapedArray(shape, x.dtype, x.weak_type)


def _broadcast_in_dim_lowering(ctx, x, *, shape, broadcast_dimensions):  # noqa: ANN001, ANN202
    return hlo.broadcast_in_dim(
        mlir.aval_to_ir_type(ctx.avals_out[0]), x, mlir.dense_i64(broadcast_dimensions)
    )


broadcast_in_dim_p = utils.standard_primitive(
    "broadcast_in_dim",
    _broadcast_in_dim_abstract_eval,
    _broadcast_in_dim_lowering,
    prim=ad_util.broadcast_in_dim_p,
)


def broadcast_in_dim(x: Any, shape: Sequence[int], broadcast_dimensions: Sequence[int]) -> Any:
    """Broadcast ``x`` to ``shape``; operand dim i maps to ``broadcast_dimensions[i]``."""
    x = utils.asarray(x)
    shape = _ints("broadcast_in_dim", "shape", shape)
    dims = _ints("broadcast_in_dim", "broadcast_dimensions", broadcast_dimensions)
    if x.shape == shape and dims == tuple(range(len(shape))):
        return x
    return broadcast_in_dim_p.bind(x, shape=shape, broadcast_dimensions=dims)


def broadcast(x: Any, sizes: Sequence[int]) -> Any:
    """Add leading dimensions of ``sizes`` to ``x``."""
    x = utils.asarray(x)
    sizes = tuple(sizes)
    n = len(sizes)
    return broadcast_in_dim(x, sizes + x.shape, tuple(range(n, n + x.ndim)))


def broadcast_to_rank(x: Any, rank: int) -> Any:
    x = utils.asarray(x)
    return broadcast(x, (1,) * (rank - x.ndim)) if x.ndim < rank else x


# ----------------------------------------------------------------------------- reshape


def _reshape_abstract_eval(
    x: core.ShapedArray, *, new_sizes: tuple[int, ...], dimensions: Any
) -> core.ShapedArray:
    if any(d < 0 for d in new_sizes):
        raise ValueError(f"reshape: negative dimension in new_sizes {new_sizes}")
    if int(onp.prod(new_sizes, dtype=onp.int64)) != x.size:
        raise ValueError(
            f"reshape: cannot reshape array of shape {x.shape} (size {x.size}) into shape "
            f"{new_sizes} (size {int(onp.prod(new_sizes, dtype=onp.int64))})"
        )
    if dimensions is not None and sorted(dimensions) != list(range(x.ndim)):
        raise ValueError(
            f"reshape: dimensions {dimensions} must be a permutation of the operand's axes"
        )
    return core.ShapedArray(new_sizes, x.dtype, x.weak_type)


def _reshape_lowering(ctx, x, *, new_sizes, dimensions):  # noqa: ANN001, ANN202
    if dimensions is not None:
        x = hlo.transpose(x, mlir.dense_i64(dimensions))
    return hlo.reshape(mlir.aval_to_ir_type(ctx.avals_out[0]), x)


reshape_p = utils.standard_primitive("reshape", _reshape_abstract_eval, _reshape_lowering)


def reshape(x: Any, new_sizes: Sequence[int], dimensions: Sequence[int] | None = None) -> Any:
    """Reshape ``x`` (row-major); ``dimensions`` transposes it first."""
    x = utils.asarray(x)
    new_sizes = _ints("reshape", "new_sizes", new_sizes)
    dims = None if dimensions is None else _ints("reshape", "dimensions", dimensions)
    if dims is not None and dims == tuple(range(x.ndim)):
        dims = None
    if new_sizes == x.shape and dims is None:
        return x
    return reshape_p.bind(x, new_sizes=new_sizes, dimensions=dims)


# ----------------------------------------------------------------------------- transpose


def _transpose_abstract_eval(x: core.ShapedArray, *, permutation: tuple[int, ...]):
    if sorted(permutation) != list(range(x.ndim)):
        raise ValueError(
            f"transpose: permutation {permutation} is not a permutation of the axes of an "
            f"array of shape {x.shape}"
        )
    return core.ShapedArray(tuple(x.shape[p] for p in permutation), x.dtype, x.weak_type)


transpose_p = utils.standard_primitive(
    "transpose",
    _transpose_abstract_eval,
    lambda ctx, x, *, permutation: hlo.transpose(x, mlir.dense_i64(permutation)),
    prim=ad_util.transpose_p,
)


def transpose(x: Any, permutation: Sequence[int]) -> Any:
    """Permute the axes of ``x``."""
    x = utils.asarray(x)
    perm = _ints("transpose", "permutation", permutation)
    if perm == tuple(range(x.ndim)):
        return x
    return transpose_p.bind(x, permutation=perm)


# ----------------------------------------------------------------------------- squeeze


def _squeeze_abstract_eval(x: core.ShapedArray, *, dimensions: tuple[int, ...]):
    for d in dimensions:
        if not 0 <= d < x.ndim:
            raise ValueError(f"squeeze: dimension {d} out of range for shape {x.shape}")
        if x.shape[d] != 1:
            raise ValueError(
                f"squeeze: cannot remove dimension {d} of size {x.shape[d]} (shape {x.shape})"
            )
    shape = tuple(s for i, s in enumerate(x.shape) if i not in dimensions)
    return core.ShapedArray(shape, x.dtype, x.weak_type)


squeeze_p = utils.standard_primitive(
    "squeeze",
    _squeeze_abstract_eval,
    lambda ctx, x, *, dimensions: hlo.reshape(mlir.aval_to_ir_type(ctx.avals_out[0]), x),
)


def squeeze(x: Any, dimensions: Sequence[int]) -> Any:
    """Remove the size-1 ``dimensions`` of ``x``."""
    x = utils.asarray(x)
    dims = tuple(sorted({d % x.ndim if x.ndim else d for d in _ints("squeeze", "dimensions",
                                                                     dimensions)}))  # fmt: skip
    if not dims:
        return x
    return squeeze_p.bind(x, dimensions=dims)


def expand_dims(x: Any, dimensions: Sequence[int]) -> Any:
    """Insert size-1 axes at ``dimensions`` (positions in the result)."""
    x = utils.asarray(x)
    ndim_out = x.ndim + len(dimensions)
    dims = sorted(utils.canonical_axis("expand_dims", d, ndim_out) for d in dimensions)
    if len(set(dims)) != len(dims):
        raise ValueError(f"expand_dims: repeated dimension in {tuple(dimensions)}")
    shape = list(x.shape)
    for d in dims:
        shape.insert(d, 1)
    kept = [i for i in range(ndim_out) if i not in dims]
    return broadcast_in_dim(x, shape, kept)


# ----------------------------------------------------------------------------- dtype casts


def _convert_element_type_abstract_eval(
    x: core.ShapedArray, *, new_dtype: onp.dtype, weak_type: bool
) -> core.ShapedArray:
    return core.ShapedArray(x.shape, new_dtype, weak_type)


def _convert_element_type_lowering(ctx, x, *, new_dtype, weak_type):  # noqa: ANN001, ANN202
    aval_in, aval_out = ctx.avals_in[0], ctx.avals_out[0]
    kin, kout = dtypes.kind(aval_in.dtype), dtypes.kind(aval_out.dtype)
    if aval_in.dtype == aval_out.dtype:
        return x
    if kin == "c" and kout != "c":
        x = hlo.real(x)  # NumPy drops the imaginary part
        aval_in = aval_in.update(dtype=onp.finfo(aval_in.dtype).dtype)
        if aval_in.dtype == aval_out.dtype:
            return x
    if kout == "b":
        zero = mlir.full_like_aval(aval_in, 0)
        return compare_values(x, zero, "NE")
    return hlo.convert(mlir.aval_to_ir_type(aval_out), x)


convert_element_type_p = utils.standard_primitive(
    "convert_element_type",
    _convert_element_type_abstract_eval,
    _convert_element_type_lowering,
)


def convert_element_type(x: Any, new_dtype: Any, weak_type: bool = False) -> Any:
    """Cast ``x`` to ``new_dtype`` (float to int truncates toward zero, like NumPy's astype)."""
    new_dtype = dtypes.canonicalize_dtype(dtypes.to_dtype(new_dtype))
    if dtypes.is_python_scalar(x):
        return dispatch.scalar_const(x, new_dtype, weak_type)
    x = utils.asarray(x)
    if x.dtype == new_dtype and x.aval.weak_type == weak_type:
        return x
    return convert_element_type_p.bind(x, new_dtype=new_dtype, weak_type=bool(weak_type))


def _bitcast_abstract_eval(x: core.ShapedArray, *, new_dtype: onp.dtype) -> core.ShapedArray:
    old, new = x.dtype.itemsize, new_dtype.itemsize
    if dtypes.kind(x.dtype) in "bc" or dtypes.kind(new_dtype) in "bc":
        raise TypeError(
            f"bitcast_convert_type: bool and complex dtypes are not supported "
            f"({x.dtype.name} -> {new_dtype.name})"
        )
    if old == new:
        shape = x.shape
    elif old > new:
        shape = (*x.shape, old // new)
    else:
        if not x.shape or x.shape[-1] != new // old:
            raise ValueError(
                f"bitcast_convert_type: converting {x.dtype.name} to {new_dtype.name} needs a "
                f"last dimension of size {new // old}; got shape {x.shape}"
            )
        shape = x.shape[:-1]
    return core.ShapedArray(shape, new_dtype, False)


bitcast_convert_type_p = utils.standard_primitive(
    "bitcast_convert_type",
    _bitcast_abstract_eval,
    lambda ctx, x, *, new_dtype: hlo.bitcast_convert(mlir.aval_to_ir_type(ctx.avals_out[0]), x),
)


def bitcast_convert_type(x: Any, new_dtype: Any) -> Any:
    """Reinterpret the bits of ``x`` as ``new_dtype`` (adding or removing a last axis)."""
    new_dtype = dtypes.canonicalize_dtype(dtypes.to_dtype(new_dtype))
    return bitcast_convert_type_p.bind(utils.asarray(x), new_dtype=new_dtype)


# ----------------------------------------------------------------------------- iota


def _iota_abstract_eval(*, dtype: onp.dtype, shape: tuple[int, ...], dimension: int):
    if not 0 <= dimension < len(shape):
        raise ValueError(f"iota: dimension {dimension} out of range for shape {shape}")
    if dtypes.kind(dtype) not in "iuf":
        raise TypeError(f"iota: dtype must be integer or floating, got {dtype.name}")
    return core.ShapedArray(shape, dtype, False)


iota_p = utils.standard_primitive(
    "iota",
    _iota_abstract_eval,
    lambda ctx, *, dtype, shape, dimension: hlo.iota(
        mlir.aval_to_ir_type(ctx.avals_out[0]), mlir.i64_attr(dimension)
    ),
)


def iota(dtype: Any, size: int) -> Any:
    """``[0, 1, ..., size-1]`` of ``dtype``."""
    return broadcasted_iota(dtype, (size,), 0)


def broadcasted_iota(dtype: Any, shape: Sequence[int], dimension: int) -> Any:
    """An array of ``shape`` whose values count along ``dimension``."""
    dtype = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    shape = _ints("iota", "shape", shape)
    return iota_p.bind(dtype=dtype, shape=shape, dimension=int(dimension))


# ----------------------------------------------------------------------------- concatenate


def _concatenate_abstract_eval(*xs: core.ShapedArray, dimension: int) -> core.ShapedArray:
    if not xs:
        raise ValueError("concatenate needs at least one operand")
    utils.check_same_dtypes("concatenate", xs)
    nd = xs[0].ndim
    if not 0 <= dimension < max(nd, 1) or nd == 0:
        raise ValueError(f"concatenate: dimension {dimension} out of range for rank {nd}")
    for x in xs:
        if x.ndim != nd or any(
            a != b for i, (a, b) in enumerate(zip(x.shape, xs[0].shape, strict=True))
            if i != dimension
        ):  # fmt: skip
            shapes = ", ".join(str(y.shape) for y in xs)
            raise ValueError(
                f"concatenate: operands must agree except along dimension {dimension}; got "
                f"shapes {shapes}"
            )
    shape = list(xs[0].shape)
    shape[dimension] = sum(x.shape[dimension] for x in xs)
    return core.ShapedArray(shape, xs[0].dtype, utils.all_weak(xs))


concatenate_p = utils.standard_primitive(
    "concatenate",
    _concatenate_abstract_eval,
    lambda ctx, *xs, dimension: hlo.concatenate(list(xs), mlir.i64_attr(dimension)),
)


def concatenate(operands: Sequence[Any], dimension: int) -> Any:
    """Join ``operands`` (same dtype and rank) along ``dimension``."""
    xs = [utils.asarray(x) for x in operands]
    if len(xs) == 1:
        return xs[0]
    return concatenate_p.bind(*xs, dimension=int(dimension))


# ----------------------------------------------------------------------------- rev


def _rev_abstract_eval(x: core.ShapedArray, *, dimensions: tuple[int, ...]) -> core.ShapedArray:
    if len(set(dimensions)) != len(dimensions) or any(not 0 <= d < x.ndim for d in dimensions):
        raise ValueError(
            f"rev: dimensions {dimensions} must be distinct axes of an array of shape {x.shape}"
        )
    return x


rev_p = utils.standard_primitive(
    "rev",
    _rev_abstract_eval,
    lambda ctx, x, *, dimensions: hlo.reverse(x, mlir.dense_i64(dimensions)),
)


def rev(x: Any, dimensions: Sequence[int]) -> Any:
    """Reverse ``x`` along each axis in ``dimensions``."""
    x = utils.asarray(x)
    dims = _ints("rev", "dimensions", dimensions)
    dims = tuple(sorted(d + x.ndim if -x.ndim <= d < 0 else d for d in dims))
    if not dims:
        return x
    return rev_p.bind(x, dimensions=dims)


# ----------------------------------------------------------------------------- pad


def _padded_size(d: int, lo: int, hi: int, interior: int) -> int:
    return lo + hi + d + max(d - 1, 0) * interior


def _pad_abstract_eval(
    x: core.ShapedArray,
    padding_value: core.ShapedArray,
    *,
    padding_config: tuple[tuple[int, int, int], ...],
) -> core.ShapedArray:
    if padding_value.shape != ():
        raise ValueError(f"pad: padding_value must be a scalar, got shape {padding_value.shape}")
    if padding_value.dtype != x.dtype:
        raise TypeError(
            f"pad: padding_value dtype {padding_value.dtype.name} must match the operand dtype "
            f"{x.dtype.name}"
        )
    if len(padding_config) != x.ndim:
        raise ValueError(
            f"pad: padding_config {padding_config} must have one (low, high, interior) triple "
            f"per dimension of the operand, shape {x.shape}"
        )
    shape = []
    for d, (lo, hi, interior) in zip(x.shape, padding_config, strict=True):
        if interior < 0:
            raise ValueError(f"pad: interior padding must be >= 0, got {padding_config}")
        size = _padded_size(d, lo, hi, interior)
        if size < 0:
            raise ValueError(
                f"pad: padding_config {padding_config} gives a negative dimension for operand "
                f"shape {x.shape}"
            )
        shape.append(size)
    return core.ShapedArray(tuple(shape), x.dtype, x.weak_type and padding_value.weak_type)


def _pad_lowering(ctx, x, padding_value, *, padding_config):  # noqa: ANN001, ANN202
    lo, hi, interior = zip(*padding_config, strict=True) if padding_config else ((), (), ())
    return hlo.pad(
        x, padding_value, mlir.dense_i64(lo), mlir.dense_i64(hi), mlir.dense_i64(interior)
    )


pad_p = utils.standard_primitive("pad", _pad_abstract_eval, _pad_lowering)


def pad(x: Any, padding_value: Any, padding_config: Sequence[Sequence[int]]) -> Any:
    """Pad ``x`` with ``padding_value``: ``(low, high, interior)`` per axis.

    Negative ``low``/``high`` remove elements from that edge; ``interior`` inserts that many
    values between neighbouring elements.
    """
    x = utils.asarray(x)
    if dtypes.is_python_scalar(padding_value):
        padding_value = dispatch.scalar_const(padding_value, x.dtype, x.aval.weak_type)
    padding_value = utils.asarray(padding_value)
    try:
        config = tuple(
            (int(operator_index(lo)), int(operator_index(hi)), int(operator_index(i)))
            for lo, hi, i in padding_config
        )
    except (TypeError, ValueError):
        raise TypeError(
            f"pad: padding_config must be a sequence of (low, high, interior) integer triples, "
            f"got {padding_config!r}"
        ) from None
    return pad_p.bind(x, padding_value, padding_config=config)


# ============================================================================ autodiff and batching
# (rules for the primitives above, one block per primitive)


def _sum_to_shape(ct: Any, shape: tuple, broadcast_dimensions: tuple) -> Any:
    """Transpose of broadcast_in_dim: sum the broadcast axes, reshape the size-1 ones."""
    from xnp._src.lax import reductions  # cycle: reductions is written over this module

    ct_aval = core.get_aval(ct)
    new_axes = tuple(i for i in range(ct_aval.ndim) if i not in broadcast_dimensions)
    expanded = tuple(d for i, d in zip(range(len(shape)), broadcast_dimensions, strict=True)
                     if shape[i] == 1 and ct_aval.shape[d] != 1)  # fmt: skip
    out = ct
    if new_axes or expanded:
        out = reductions.reduce_sum(ct, tuple(sorted(new_axes + expanded)))
    return reshape(out, shape)


def _broadcast_in_dim_transpose(ct: Any, x: Any, *, shape: tuple,
                                broadcast_dimensions: tuple) -> list:  # fmt: skip
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [_sum_to_shape(ct, x.aval.shape, broadcast_dimensions)]


def _broadcast_in_dim_batch(vals: list, dims: list, *, shape: tuple,
                            broadcast_dimensions: tuple) -> tuple:  # fmt: skip
    (x,), (d,) = vals, dims
    size = core.get_aval(x).shape[d]
    x = batching.moveaxis(x, d, 0)
    return broadcast_in_dim(x, (size, *shape), (0, *(b + 1 for b in broadcast_dimensions))), 0


ad.deflinear(broadcast_in_dim_p, _broadcast_in_dim_transpose)
batching.batch_rules[broadcast_in_dim_p] = _broadcast_in_dim_batch


def _reshape_transpose(ct: Any, x: Any, *, new_sizes: tuple, dimensions: Any) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    if dimensions is None:
        return [reshape(ct, x.aval.shape)]
    inv = tuple(onp.argsort(dimensions))
    permuted = tuple(x.aval.shape[d] for d in dimensions)
    return [transpose(reshape(ct, permuted), inv)]


def _reshape_batch(vals: list, dims: list, *, new_sizes: tuple, dimensions: Any) -> tuple:
    (x,), (d,) = vals, dims
    x = batching.moveaxis(x, d, 0)
    if dimensions is not None:
        x = transpose(x, (0, *(p + 1 for p in dimensions)))
    return reshape(x, (core.get_aval(x).shape[0], *new_sizes)), 0


ad.deflinear(reshape_p, _reshape_transpose)
batching.batch_rules[reshape_p] = _reshape_batch


def _transpose_transpose(ct: Any, x: Any, *, permutation: tuple) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [transpose(ct, tuple(onp.argsort(permutation)))]


def _transpose_batch(vals: list, dims: list, *, permutation: tuple) -> tuple:
    (x,), (d,) = vals, dims
    # Keep the batch dim where it is: renumber the permutation around it.
    perm = [p + 1 if p >= d else p for p in permutation]
    perm.insert(d, d)
    return transpose(x, perm), d


ad.deflinear(transpose_p, _transpose_transpose)
batching.batch_rules[transpose_p] = _transpose_batch


def _squeeze_transpose(ct: Any, x: Any, *, dimensions: tuple) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [reshape(ct, x.aval.shape)]


def _squeeze_batch(vals: list, dims: list, *, dimensions: tuple) -> tuple:
    (x,), (d,) = vals, dims
    dims_b = batching.shift_axes(dimensions, d)
    return squeeze(x, dims_b), batching.out_bdim_after_reduce(d, dims_b)


ad.deflinear(squeeze_p, _squeeze_transpose)
batching.batch_rules[squeeze_p] = _squeeze_batch


def _convert_jvp(primals: list, tangents: list, *, new_dtype: onp.dtype,
                 weak_type: bool) -> tuple:  # fmt: skip
    (x,), (t,) = primals, tangents
    out = convert_element_type_p.bind(x, new_dtype=new_dtype, weak_type=weak_type)
    in_k, out_k = dtypes.kind(core.get_aval(x).dtype), dtypes.kind(new_dtype)
    if type(t) is ad.Zero or in_k in "biu" or out_k in "biu":
        return out, ad.Zero(core.get_aval(out).strip_weak_type())
    return out, convert_element_type_p.bind(t, new_dtype=new_dtype, weak_type=False)


def _convert_transpose(ct: Any, x: Any, *, new_dtype: onp.dtype, weak_type: bool) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    if dtypes.kind(x.aval.dtype) != "c" and dtypes.kind(new_dtype) == "c":
        ct = elementwise.real(ct)
    return [convert_element_type_p.bind(ct, new_dtype=x.aval.dtype, weak_type=False)]


ad.jvp_rules[convert_element_type_p] = _convert_jvp
ad.transpose_rules[convert_element_type_p] = _convert_transpose
batching.defvectorized(convert_element_type_p)

ad.defnondiff(bitcast_convert_type_p, "reinterpreting bits has no derivative")


def _bitcast_batch(vals: list, dims: list, *, new_dtype: onp.dtype) -> tuple:
    (x,), (d,) = vals, dims
    x = batching.moveaxis(x, d, 0)  # trailing axes may be added or removed
    return bitcast_convert_type_p.bind(x, new_dtype=new_dtype), 0


batching.batch_rules[bitcast_convert_type_p] = _bitcast_batch
ad.defnondiff(iota_p, "iota takes no operands")


def _concatenate_transpose(ct: Any, *xs: Any, dimension: int) -> list:
    from xnp._src.lax import slicing  # cycle: slicing is written over this module

    out = []
    start = 0
    for x in xs:
        size = core.get_aval(x).shape[dimension] if not ad.is_undefined_primal(x) else (
            x.aval.shape[dimension])  # fmt: skip
        if ad.is_undefined_primal(x):
            if type(ct) is ad.Zero:
                out.append(ad.Zero(x.aval))
            else:
                out.append(slicing.slice_in_dim(ct, start, start + size, axis=dimension))
        else:
            out.append(None)
        start += size
    return out


def _concatenate_batch(vals: list, dims: list, *, dimension: int) -> tuple:
    size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip
    xs = [batching.moveaxis(v, d, 0, size) for v, d in zip(vals, dims, strict=True)]
    return concatenate(xs, dimension + 1), 0


ad.deflinear(concatenate_p, _concatenate_transpose)
batching.batch_rules[concatenate_p] = _concatenate_batch


def _iota_batch(vals: list, dims: list, **params: Any) -> tuple:
    return iota_p.bind(**params), None  # no operands: vmap never batches it


batching.batch_rules[iota_p] = _iota_batch


def _rev_transpose(ct: Any, x: Any, *, dimensions: tuple) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [rev(ct, dimensions)]


def _rev_batch(vals: list, dims: list, *, dimensions: tuple) -> tuple:
    (x,), (d,) = vals, dims
    return rev_p.bind(x, dimensions=batching.shift_axes(dimensions, d)), d


ad.deflinear(rev_p, _rev_transpose)
batching.batch_rules[rev_p] = _rev_batch


def _pad_transpose(ct: Any, x: Any, padding_value: Any, *, padding_config: tuple) -> list:
    from xnp._src.lax import reductions, slicing  # cycle: both are written over this module

    x_aval = x.aval if ad.is_undefined_primal(x) else core.get_aval(x)
    if type(ct) is ad.Zero:
        return [ad.Zero(x_aval) if ad.is_undefined_primal(x) else None,
                ad.Zero(padding_value.aval) if ad.is_undefined_primal(padding_value)
                else None]  # fmt: skip
    ct_aval = core.get_aval(ct)
    # Undo the edge padding (negated: cropped edges come back as zeros), then drop the
    # interior padding by striding.
    unpad = tuple((-lo, -hi, 0) for lo, hi, _ in padding_config)
    unpadded = pad_p.bind(ct, utils.full((), 0, ct_aval.dtype), padding_config=unpad)
    strides = tuple(interior + 1 for _, _, interior in padding_config)
    ct_x = slicing.slice(unpadded, (0,) * x_aval.ndim, core.get_aval(unpadded).shape, strides)
    ct_v = None
    if ad.is_undefined_primal(padding_value):
        every = tuple(range(ct_aval.ndim))
        ct_v = elementwise.sub(reductions.reduce_sum(ct, every),
                               reductions.reduce_sum(ct_x, every))  # fmt: skip
    return [ct_x if ad.is_undefined_primal(x) else None, ct_v]


def _pad_batch(vals: list, dims: list, *, padding_config: tuple) -> tuple:
    (x, v), (dx, dv) = vals, dims
    if dv is None:
        config = list(padding_config)
        config.insert(dx, (0, 0, 0))
        return pad_p.bind(x, v, padding_config=tuple(config)), dx
    # A padding value per example: pad with zeros, then select the padding positions.
    size = core.get_aval(v).shape[0]
    x = batching.moveaxis(x, dx, 0, size)
    x_aval = core.get_aval(x)
    config = ((0, 0, 0), *padding_config)
    zero = utils.full((), 0, x_aval.dtype)
    padded = pad_p.bind(x, zero, padding_config=config)
    out_shape = core.get_aval(padded).shape
    inside = pad_p.bind(utils.full(x_aval.shape, True, onp.bool_), utils.full((), False, onp.bool_),
                        padding_config=config)  # fmt: skip
    fill = broadcast_in_dim(v, out_shape, (0,))
    return elementwise.select(inside, padded, fill), 0


ad.deflinear(pad_p, _pad_transpose)
batching.batch_rules[pad_p] = _pad_batch
