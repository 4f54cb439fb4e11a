"""Shape and type primitives: broadcast_in_dim, reshape, transpose, squeeze, dtype casts, iota.

Each primitive's wrapper, abstract eval and lowering sit together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import utils

hlo = mlir.hlo


def _ints(name: str, what: str, xs: Any) -> tuple[int, ...]:
    try:
        return tuple(int(operator_index(x)) for x in xs)
    except TypeError:
        raise TypeError(f"{name}: {what} must be a sequence of integers, got {xs!r}") from None


def operator_index(x: Any) -> int:
    import operator

    return operator.index(x)


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
    "broadcast_in_dim", _broadcast_in_dim_abstract_eval, _broadcast_in_dim_lowering
)


def broadcast_in_dim(
    x: Any, shape: Sequence[int], broadcast_dimensions: Sequence[int]
) -> Any:
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
        from xnp._src.lax.elementwise import compare_values

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
        from xnp._src import dispatch

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
