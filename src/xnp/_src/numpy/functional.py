"""NumPy's functional helpers: apply_along_axis, apply_over_axes, fromfunction.

``apply_along_axis`` maps ``func1d`` over the 1-d slices with ``vmap`` (one program, under
``jit`` and ``grad`` too); when ``func1d`` needs concrete values and the array is concrete, it
runs NumPy's way, one Python call per slice. ``fromfunction`` calls ``function`` once on index
grids, as NumPy does, so it must accept arrays.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import api, core, dtypes
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, lax_numpy, util

ArrayLike = Any


def apply_along_axis(func1d: Callable, axis: int, arr: ArrayLike, *args: Any, **kwargs: Any) -> Any:
    """NumPy's ``apply_along_axis``: ``func1d`` on every 1-d slice of ``arr`` along ``axis``;
    its result (a scalar or an array of any shape, the same for every slice) takes the place
    of that axis."""
    a = util.asarray(arr, "apply_along_axis")
    if a.ndim == 0:
        raise ValueError("apply_along_axis: arr must be at least 1-d (got a 0-d array)")
    ax = util.canonical_axes("apply_along_axis", operator.index(axis), a.ndim)[0]
    moved = lax_numpy.moveaxis(a, ax, -1)
    outer = moved.shape[:-1]
    n = int(onp.prod(outer, dtype=onp.int64))
    if n == 0:
        raise ValueError(
            f"apply_along_axis: cannot apply_along_axis when any iteration "
            f"dimensions are 0 (shape {a.shape}, axis {axis})"
        )
    flat = lax_numpy.reshape(moved, (n, moved.shape[-1]))
    one = lambda row: util.asarray(func1d(row, *args, **kwargs), "apply_along_axis")  # noqa: E731
    try:
        res = api.vmap(one)(flat)
    except core.ConcretizationTypeError:
        if isinstance(flat, core.Tracer):
            raise
        host = onp.asarray(flat)
        outs = [onp.asarray(func1d(host[i], *args, **kwargs)) for i in range(n)]
        res = creation.asarray(onp.stack(outs).astype(outs[0].dtype))
    res = lax_numpy.reshape(res, outer + res.shape[1:])
    k = res.ndim - len(outer)  # the result's own dimensions, put where the axis was
    order = list(range(ax)) + list(range(len(outer), res.ndim)) + list(range(ax, len(outer)))
    return lax_numpy.transpose(res, order) if k or ax != len(outer) else res


def apply_over_axes(func: Callable, a: ArrayLike, axes: Any) -> Any:
    """NumPy's ``apply_over_axes``: ``a = func(a, axis)`` for each axis in turn, a reduced
    axis put back with length 1, so the result keeps ``a``'s number of dimensions."""
    val = util.asarray(a, "apply_over_axes")
    nd = val.ndim
    axes = (axes,) if onp.ndim(axes) == 0 else tuple(axes)
    for axis in axes:
        axis = operator.index(axis)
        if axis < 0:
            axis += nd
        res = util.asarray(func(val, axis), "apply_over_axes")
        if res.ndim != val.ndim:
            res = lax_numpy.expand_dims(res, axis)
            if res.ndim != val.ndim:
                raise ValueError(
                    "apply_over_axes: function is not returning an array of the "
                    f"correct shape (got {res.ndim} dimensions for "
                    f"{val.ndim})"
                )
        val = res
    return val


def fromfunction(
    function: Callable, shape: Any, *, dtype: Any = float, like: Any = None, **kwargs: Any
) -> Any:
    """NumPy's ``fromfunction``: ``function(i0, i1, ...)`` called once on the index grids of
    ``shape`` (arrays of ``dtype``), so its result is whatever it returns for them."""
    shape = tuple(operator.index(d) for d in shape)
    dt = dtypes.canonicalize_dtype(dtype)
    grids = [lax_shapes.broadcasted_iota(dt, shape, i) for i in range(len(shape))]
    return function(*grids, **kwargs)
