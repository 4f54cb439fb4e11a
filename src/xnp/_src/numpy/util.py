"""Argument handling shared by the NumPy layer: conversion, promotion, broadcasting."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes

ArrayLike = Any


def is_arraylike(x: Any) -> bool:
    return isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic) or dtypes.is_python_scalar(x)  # noqa: E501


def asarray(x: Any, name: str = "xnp") -> Any:
    """An xnp array or tracer for ``x`` (scalars stay weakly typed)."""
    if type(x) is ndarray or isinstance(x, core.Tracer):
        return x
    if dtypes.is_python_scalar(x):
        dt, weak = dtypes.dtype_and_weak(x)
        return dispatch.scalar_const(x, dt, weak)
    if isinstance(x, ndarray):
        return x
    if isinstance(x, onp.ndarray | onp.generic):
        _check_host_dtype(name, x.dtype)
        return ndarray.from_host(x)
    if isinstance(x, list | tuple):
        from xnp._src.numpy import creation

        return creation.array(x)
    if hasattr(x, "__array__"):
        arr = onp.asarray(x)
        _check_host_dtype(name, arr.dtype)
        return ndarray.from_host(arr)
    raise TypeError(f"{name}: expected an array-like, got {type(x).__name__} ({x!r:.60})")


def _check_host_dtype(name: str, dt: onp.dtype) -> None:
    if dt.kind in "OUSVMm" and dt != dtypes.bfloat16:
        raise TypeError(f"{name}: arrays of dtype {dt} are not supported by xnp")


def promote_dtypes(name: str, *args: ArrayLike) -> list[Any]:
    """Convert ``args`` to arrays of their common NumPy 2 result dtype (NEP 50)."""
    arrs = [a if dtypes.is_python_scalar(a) else asarray(a, name) for a in args]
    dt, weak = dtypes.result_type(*arrs, return_weak_type=True)
    out = []
    for a in arrs:
        if dtypes.is_python_scalar(a):
            out.append(dispatch.scalar_const(a, dt, weak))
        elif a.dtype != dt or a.aval.weak_type != weak:
            out.append(lax_shapes.convert_element_type(a, dt, weak))
        else:
            out.append(a)
    return out


def broadcast_shapes(name: str, *shapes: Sequence[int]) -> tuple[int, ...]:
    """NumPy's broadcast of shapes; ValueError naming the operation and shapes otherwise."""
    if len(shapes) == 1:
        return tuple(shapes[0])
    ndim = max(len(s) for s in shapes)
    out = []
    for i in range(ndim):
        size = 1
        for s in shapes:
            j = i - (ndim - len(s))
            if j < 0:
                continue
            d = s[j]
            if d != 1:
                if size != 1 and d != size:
                    got = " ".join(str(tuple(s)) for s in shapes)
                    raise ValueError(
                        f"{name}: operands could not be broadcast together with shapes {got}"
                    )
                size = d
        out.append(size)
    return tuple(out)


def broadcast_to(x: Any, shape: Sequence[int], name: str = "broadcast_to") -> Any:
    x = asarray(x, name)
    shape = tuple(int(d) for d in shape)
    if x.shape == shape:
        return x
    if len(shape) < x.ndim or broadcast_shapes(name, x.shape, shape) != shape:
        raise ValueError(f"{name}: cannot broadcast an array of shape {x.shape} to {shape}")
    offset = len(shape) - x.ndim
    squeezed = [i for i, d in enumerate(x.shape) if d == 1 and shape[i + offset] != 1]
    if squeezed:
        x = lax_shapes.reshape(x, tuple(d for i, d in enumerate(x.shape) if i not in squeezed))
    dims = [i + offset for i in range(len(x.shape) + len(squeezed)) if i not in squeezed]
    return lax_shapes.broadcast_in_dim(x, shape, dims)


def promote_args(name: str, *args: ArrayLike) -> list[Any]:
    """Promote dtypes and broadcast shapes, as a NumPy ufunc does with its inputs."""
    arrs = promote_dtypes(name, *args)
    if len(arrs) > 1:
        shape = broadcast_shapes(name, *(a.shape for a in arrs))
        arrs = [broadcast_to(a, shape, name) for a in arrs]
    return arrs


def canonical_axes(name: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, int or sequence) as sorted non-negative axes; AxisError-like ValueError."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int | onp.integer) or hasattr(axis, "__index__") and not isinstance(
        axis, tuple | list
    ):
        axis = (int(axis),)
    out = []
    for a in axis:
        a = int(a)
        if not -ndim <= a < ndim:
            raise onp.exceptions.AxisError(
                f"{name}: axis {a} is out of bounds for array of dimension {ndim}"
            )
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{name}: duplicate value in 'axis': {tuple(axis)}")
    return tuple(out)
