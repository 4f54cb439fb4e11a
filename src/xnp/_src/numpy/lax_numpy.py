"""NumPy's shape manipulation, joining, selection and products over lax."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import dot as lax_dot
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import indexing, ufunc_impls, ufuncs, util
from xnp._src.typing import ArrayLike


def _strong(x: Any) -> Any:
    return lax_shapes.convert_element_type(x, x.dtype, False) if x.aval.weak_type else x


def reshape(a: ArrayLike, shape: Any = None, order: str = "C", *, newshape: Any = None,
            copy: bool | None = None) -> Any:  # fmt: skip
    """NumPy's ``reshape`` (one dimension may be -1); only C order. ``copy`` (the array API's
    keyword) has no effect: arrays are values, so a view and a copy cannot be told apart."""
    a = util.asarray(a, "reshape")
    if shape is None:
        shape = newshape
    if isinstance(shape, int | onp.integer) or hasattr(shape, "__index__"):
        shape = (operator.index(shape),)
    shape = [operator.index(d) for d in shape]
    if order != "C":
        raise NotImplementedError("reshape: only order='C' is supported")
    if shape.count(-1) > 1:
        raise ValueError("reshape: can only specify one unknown dimension")
    if -1 in shape:
        known = int(onp.prod([d for d in shape if d != -1], dtype=onp.int64))
        if known == 0 or a.size % known:
            raise ValueError(f"cannot reshape array of size {a.size} into shape {tuple(shape)}")
        shape[shape.index(-1)] = a.size // known
    if int(onp.prod(shape, dtype=onp.int64)) != a.size or any(d < 0 for d in shape):
        raise ValueError(f"cannot reshape array of size {a.size} into shape {tuple(shape)}")
    return lax_shapes.reshape(a, tuple(shape))


def ravel(a: ArrayLike, order: str = "C") -> Any:
    a = util.asarray(a, "ravel")
    return lax_shapes.reshape(a, (a.size,))


def transpose(a: ArrayLike, axes: Sequence[int] | None = None) -> Any:
    """Permute axes (reverse them by default)."""
    a = util.asarray(a, "transpose")
    if axes is None:
        axes = tuple(reversed(range(a.ndim)))
    else:
        if len(axes) != a.ndim:
            raise ValueError(f"transpose: axes {tuple(axes)} don't match array of rank {a.ndim}")
        axes = util.canonical_axes("transpose", tuple(axes), a.ndim)
    return lax_shapes.transpose(a, axes)


def permute_dims(a: ArrayLike, axes: Sequence[int]) -> Any:
    return transpose(a, axes)


def moveaxis(a: ArrayLike, source: Any, destination: Any) -> Any:
    a = util.asarray(a, "moveaxis")
    src = util.canonical_axes("moveaxis", source, a.ndim) if not isinstance(source, int) else (
        util.canonical_axes("moveaxis", source, a.ndim))  # fmt: skip
    dst = util.canonical_axes("moveaxis", destination, a.ndim)
    if len(src) != len(dst):
        raise ValueError("moveaxis: `source` and `destination` must have the same length")
    order = [i for i in range(a.ndim) if i not in src]
    for d, s in sorted(zip(dst, src, strict=True)):
        order.insert(d, s)
    return lax_shapes.transpose(a, order)


def swapaxes(a: ArrayLike, axis1: int, axis2: int) -> Any:
    a = util.asarray(a, "swapaxes")
    i, j = util.canonical_axes("swapaxes", (axis1,), a.ndim)[0], util.canonical_axes(
        "swapaxes", (axis2,), a.ndim)[0]  # fmt: skip
    perm = list(range(a.ndim))
    perm[i], perm[j] = perm[j], perm[i]
    return lax_shapes.transpose(a, perm)


def expand_dims(a: ArrayLike, axis: Any) -> Any:
    a = util.asarray(a, "expand_dims")
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    out_nd = a.ndim + len(axes)
    return lax_shapes.expand_dims(a, util.canonical_axes("expand_dims", axes, out_nd))


def squeeze(a: ArrayLike, axis: Any = None) -> Any:
    a = util.asarray(a, "squeeze")
    if axis is None:
        axes = tuple(i for i, d in enumerate(a.shape) if d == 1)
    else:
        axes = util.canonical_axes("squeeze", axis, a.ndim)
        for i in axes:
            if a.shape[i] != 1:
                raise ValueError(
                    f"squeeze: cannot select an axis to squeeze out which has size not equal to "
                    f"one (axis {i} of shape {a.shape})"
                )
    return lax_shapes.squeeze(a, axes)


def broadcast_to(a: ArrayLike, shape: Any) -> Any:
    if isinstance(shape, int):
        shape = (shape,)
    return util.broadcast_to(a, shape, "broadcast_to")


def broadcast_arrays(*args: ArrayLike) -> tuple[Any, ...]:
    """The arrays broadcast to their common shape, as a tuple (NumPy 2, the array API)."""
    arrs = [util.asarray(a, "broadcast_arrays") for a in args]
    if not arrs:
        return ()
    shape = util.broadcast_shapes("broadcast_arrays", *(a.shape for a in arrs))
    return tuple(util.broadcast_to(a, shape) for a in arrs)


def broadcast_shapes(*shapes: Any) -> tuple[int, ...]:
    """The shape that ``shapes`` broadcast to (``()`` for none)."""
    if not shapes:
        return ()
    return util.broadcast_shapes("broadcast_shapes", *[(s,) if isinstance(s, int) else s
                                                       for s in shapes])  # fmt: skip


def concatenate(arrays: Sequence[ArrayLike], axis: int | None = 0, dtype: Any = None) -> Any:
    """Join arrays along an existing axis (``axis=None`` flattens them first)."""
    if isinstance(arrays, util.ndarray) or hasattr(arrays, "aval"):
        arrays = list(arrays)
    if not len(arrays):
        raise ValueError("need at least one array to concatenate")
    arrs = util.promote("concatenate", *arrays)
    if dtype is not None:
        arrs = [lax_shapes.convert_element_type(a, dtypes.canonicalize_dtype(dtypes.to_dtype(
            dtype))) for a in arrs]  # fmt: skip
    if axis is None:
        arrs = [ravel(a) for a in arrs]
        axis = 0
    nd = arrs[0].ndim
    if nd == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    for a in arrs:
        if a.ndim != nd:
            raise ValueError(
                "all the input array dimensions except for the concatenation axis must match "
                f"exactly; got shapes {[x.shape for x in arrs]}"
            )
    ax = util.canonical_axes("concatenate", axis, nd)[0]
    return _strong(lax_shapes.concatenate(arrs, ax))


def stack(arrays: Sequence[ArrayLike], axis: int = 0, dtype: Any = None) -> Any:
    """Join arrays of one shape along a new axis."""
    if isinstance(arrays, util.ndarray) or hasattr(arrays, "aval"):
        arrays = list(arrays)
    if not len(arrays):
        raise ValueError("need at least one array to stack")
    arrs = util.promote("stack", *[_strong(util.asarray(a)) for a in arrays])
    shapes = {a.shape for a in arrs}
    if len(shapes) != 1:
        raise ValueError(f"stack: all input arrays must have the same shape, got {sorted(shapes)}")
    ax = util.canonical_axes("stack", axis, arrs[0].ndim + 1)[0]
    return concatenate([lax_shapes.expand_dims(a, (ax,)) for a in arrs], ax, dtype)


def where(condition: ArrayLike, x: ArrayLike = None, y: ArrayLike = None) -> Any:
    """``x`` where ``condition`` else ``y``, broadcast together (the 3-argument form)."""
    if x is None and y is None:
        return indexing.nonzero(condition)
    if x is None or y is None:
        raise ValueError("where: either both or neither of x and y should be given")
    cond = util.asarray(condition, "where")
    if cond.dtype != onp.bool_:
        cond = ufunc_impls.truth(cond)
    xx, yy = util.promote("where", x, y)
    return _strong(_select_jit(cond, xx, yy))


def _select(cond: Any, x: Any, y: Any) -> Any:
    return lax.select(cond, x, y)


def _compiled_select() -> Any:
    return ufunc_impls.compiled(_select, "where", upcast_half=False)


_select_jit = _compiled_select()


def _dot_dtype(name: str, a: Any, b: Any) -> tuple[Any, Any]:
    # NumPy converts the operands of dot/inner/outer/vdot to arrays: Python scalars are strong.
    a, b = (_strong(util.asarray(x, name)) for x in (a, b))
    return tuple(util.promote(name, a, b))


def dot(a: ArrayLike, b: ArrayLike) -> Any:
    """NumPy's ``dot``: products of scalars, vectors, matrices and stacks."""
    a, b = _dot_dtype("dot", a, b)
    if a.ndim == 0 or b.ndim == 0:
        return ufuncs.multiply(a, b)
    if b.ndim == 1:
        contract = (a.ndim - 1, 0)
    else:
        contract = (a.ndim - 1, b.ndim - 2)
    if a.shape[contract[0]] != b.shape[contract[1]]:
        raise ValueError(
            f"dot: shapes {a.shape} and {b.shape} not aligned: {a.shape[contract[0]]} (dim "
            f"{contract[0]}) != {b.shape[contract[1]]} (dim {contract[1]})"
        )
    return lax_dot.dot_general(a, b, (((contract[0],), (contract[1],)), ((), ())))


def matmul(a: ArrayLike, b: ArrayLike) -> Any:
    """NumPy's ``matmul`` (the ``@`` operator): batched matrix products with broadcasting."""
    if dtypes.is_python_scalar(a) or dtypes.is_python_scalar(b):
        # A ufunc in NumPy: a Python scalar is first converted by NEP 50 (which may overflow).
        dt = util.result_type(a, b)
        for v in (a, b):
            if dtypes.is_python_scalar(v):
                ufuncs._scalar(v, dt)
    a, b = _dot_dtype("matmul", a, b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(
            f"matmul: Input operand {0 if a.ndim == 0 else 1} does not have enough dimensions "
            f"(shapes {a.shape} and {b.shape})"
        )
    a_vec, b_vec = a.ndim == 1, b.ndim == 1
    if a_vec:
        a = lax_shapes.expand_dims(a, (0,))
    if b_vec:
        b = lax_shapes.expand_dims(b, (1,))
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(
            f"matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc "
            f"signature (n?,k),(k,m?)->(n?,m?) (size {b.shape[-2]} is different from "
            f"{a.shape[-1]})"
        )
    batch = util.broadcast_shapes("matmul", a.shape[:-2], b.shape[:-2])
    a = util.broadcast_to(a, batch + a.shape[-2:], "matmul")
    b = util.broadcast_to(b, batch + b.shape[-2:], "matmul")
    nb = len(batch)
    bd = tuple(range(nb))
    out = lax_dot.dot_general(a, b, (((nb + 1,), (nb,)), (bd, bd)))
    if a_vec:
        out = lax_shapes.squeeze(out, (out.ndim - 2,))
    if b_vec:
        out = lax_shapes.squeeze(out, (out.ndim - 1,))
    return out


def vdot(a: ArrayLike, b: ArrayLike) -> Any:
    a, b = _dot_dtype("vdot", a, b)
    if dtypes.kind(a.dtype) == "c":
        a = ufuncs.conjugate(a)
    return dot(ravel(a), ravel(b))


def outer(a: ArrayLike, b: ArrayLike) -> Any:
    a, b = _dot_dtype("outer", a, b)
    return ufuncs.multiply(reshape(a, (-1, 1)), reshape(b, (1, -1)))


def inner(a: ArrayLike, b: ArrayLike) -> Any:
    a, b = _dot_dtype("inner", a, b)
    if a.ndim == 0 or b.ndim == 0:
        return ufuncs.multiply(a, b)
    if a.shape[-1] != b.shape[-1]:
        raise ValueError(f"inner: shapes {a.shape} and {b.shape} not aligned")
    return lax_dot.dot_general(a, b, (((a.ndim - 1,), (b.ndim - 1,)), ((), ())))
