"""NumPy's splitting functions: split, array_split, hsplit, vsplit, dsplit, unstack.

Split points set the output shapes, so they must be static (Python ints or concrete arrays).
Each piece is one static ``slice`` of the input.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import core
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.numpy import indexing, util

ArrayLike = Any


def _split_points(name: str, spec: Any) -> int | list[int]:
    if isinstance(spec, core.Tracer) and indexing._concrete_value(spec) is None:
        raise core.ConcretizationTypeError(
            f"{name}: indices_or_sections must be static (they set the output shapes), got a "
            f"traced {spec.aval.str_short()} at {core.user_frame()}"
        )
    value = indexing._concrete_value(spec) if not isinstance(spec, list | tuple) else spec
    if onp.ndim(value) == 0:
        try:
            return operator.index(value.item() if hasattr(value, "item") else value)
        except TypeError:
            raise TypeError(f"{name}: indices_or_sections must be an integer or a sequence of "
                            f"integers, got {spec!r:.60}") from None  # fmt: skip
    return [operator.index(i) for i in onp.asarray(value).tolist()]


def _pieces(a: Any, bounds: list[tuple[int, int]], axis: int) -> list[Any]:
    out = []
    for lo, hi in bounds:
        piece = lax_slicing.slice_in_dim(a, lo, max(lo, hi), axis=axis)
        if piece is a and isinstance(a, ndarray):  # a new object: x[i] = v on it rebinds it alone
            piece = ndarray(a._buf, a.aval, a._device, a._npy)
        out.append(piece)
    return out


def _split(name: str, ary: ArrayLike, spec: Any, axis: int, equal: bool) -> list[Any]:
    a = util.asarray(ary, name)
    if a.ndim == 0:
        raise onp.exceptions.AxisError(f"{name}: axis {axis} is out of bounds for array of "
                                       "dimension 0")  # fmt: skip
    ax = util.canonical_axes(name, axis, a.ndim)[0]
    n = a.shape[ax]
    points = _split_points(name, spec)
    if isinstance(points, int):
        if points <= 0:
            raise ValueError("number sections must be larger than 0.")
        if equal and n % points:
            raise ValueError("array split does not result in an equal division")
        each, extra = divmod(n, points)
        sizes = [each + 1] * extra + [each] * (points - extra)
        starts = onp.concatenate([[0], onp.cumsum(sizes)]).tolist()
        bounds = list(zip(starts[:-1], starts[1:], strict=True))
    else:
        # Python slice semantics, as NumPy's a[start:stop] along the axis.
        edges = [None, *points, None]
        bounds = []
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            start, stop, _ = slice(lo, hi).indices(n)
            bounds.append((start, stop))
    return _pieces(a, bounds, ax)


def split(ary: ArrayLike, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """NumPy's ``split``: ``ary`` cut into equal sections (an int) or at static indices."""
    return _split("split", ary, indices_or_sections, axis, equal=True)


def array_split(ary: ArrayLike, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """NumPy's ``array_split``: like ``split``, but sections need not be equal (the first
    ``n % sections`` are one longer)."""
    return _split("array_split", ary, indices_or_sections, axis, equal=False)


def hsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Any]:
    """NumPy's ``hsplit``: split along axis 1 (axis 0 for 1-d arrays)."""
    a = util.asarray(ary, "hsplit")
    if a.ndim == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return _split("hsplit", a, indices_or_sections, 1 if a.ndim > 1 else 0, equal=True)


def vsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Any]:
    """NumPy's ``vsplit``: split along axis 0 (needs at least 2 dimensions)."""
    a = util.asarray(ary, "vsplit")
    if a.ndim < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return _split("vsplit", a, indices_or_sections, 0, equal=True)


def dsplit(ary: ArrayLike, indices_or_sections: Any) -> list[Any]:
    """NumPy's ``dsplit``: split along axis 2 (needs at least 3 dimensions)."""
    a = util.asarray(ary, "dsplit")
    if a.ndim < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return _split("dsplit", a, indices_or_sections, 2, equal=True)


def unstack(x: ArrayLike, /, *, axis: int = 0) -> tuple[Any, ...]:
    """The array API's ``unstack``: the slices of ``x`` along ``axis``, as a tuple."""
    a = util.asarray(x, "unstack")
    if a.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    ax = util.canonical_axes("unstack", axis, a.ndim)[0]
    return tuple(lax_shapes.squeeze(p, (ax,))
                 for p in _pieces(a, [(i, i + 1) for i in range(a.shape[ax])], ax))  # fmt: skip
