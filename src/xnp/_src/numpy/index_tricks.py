"""NumPy's index helpers: indices, ix_, ravel_multi_index, unravel_index, ndindex,
ndenumerate.

Index arithmetic runs on the device (traced indices work); bounds are checked like NumPy's
``mode='raise'`` when the indices are concrete, and clipped into range when traced.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import indexing, lax_numpy, ufuncs, util

ArrayLike = Any


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


def _dims(name: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int | onp.integer):
        shape = (shape,)
    dims = tuple(operator.index(d) for d in shape)
    if any(d < 0 for d in dims):
        raise ValueError(f"{name}: dimensions must be non-negative, got {dims}")
    return dims


def indices(dimensions: Any, dtype: Any = int, sparse: bool = False) -> Any:
    """NumPy's ``indices``: the index grid of ``dimensions``, stacked (shape ``(N, *dims)``) or,
    with ``sparse``, as N broadcastable arrays."""
    dims = _dims("indices", dimensions)
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    n = len(dims)
    if sparse:
        return tuple(lax_shapes.reshape(lax_shapes.iota(dt, d), (1,) * i + (d,) + (1,) *
                                        (n - i - 1)) for i, d in enumerate(dims))  # fmt: skip
    grids = [lax_shapes.broadcasted_iota(dt, dims, i) for i in range(n)]
    if not grids:
        return lax_shapes.reshape(lax_shapes.iota(dt, 0), (0,))
    return lax_numpy.stack(grids)


def ix_(*args: ArrayLike) -> tuple[Any, ...]:
    """NumPy's ``ix_``: 1-d sequences made into an open mesh (boolean ones as their nonzero
    positions) for cross indexing, ``x[ix_(rows, cols)]``."""
    out = []
    n = len(args)
    for i, seq in enumerate(args):
        if isinstance(seq, list | tuple) and len(seq) == 0:
            a = ndarray.from_host(onp.zeros(0, _index_dtype()))
        else:
            a = util.asarray(seq, "ix_")
        if a.ndim != 1:
            raise ValueError("Cross index must be 1 dimensional")
        if a.dtype == onp.bool_:
            (a,) = indexing.nonzero(a)
        out.append(lax_shapes.reshape(a, (1,) * i + (a.shape[0],) + (1,) * (n - i - 1)))
    return tuple(out)


def _modes(mode: Any, n: int) -> tuple[str, ...]:
    modes = (mode,) * n if isinstance(mode, str) else tuple(mode)
    if len(modes) != n:
        raise ValueError(f"ravel_multi_index: mode must be a string or have {n} entries")
    for m in modes:
        if m not in ("raise", "wrap", "clip"):
            raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {m!r})")
    return modes


def _order(name: str, order: str) -> str:
    if order not in ("C", "F"):
        raise ValueError(f"{name}: only 'C' or 'F' order is permitted, got {order!r}")
    return order


def ravel_multi_index(multi_index: Any, dims: Any, mode: Any = "raise",
                      order: str = "C") -> Any:  # fmt: skip
    """NumPy's ``ravel_multi_index``: flat indices (int64) of the coordinate arrays
    ``multi_index`` into an array of shape ``dims``. ``mode='raise'`` checks concrete
    coordinates; traced ones are clipped into range."""
    dims = _dims("ravel_multi_index", dims)
    coords = [util.asarray(c, "ravel_multi_index") for c in multi_index]
    if len(coords) != len(dims):
        raise ValueError(f"parameter multi_index must be a sequence of length {len(dims)}")
    for c in coords:
        if dtypes.kind(c.dtype) not in "iu":
            raise TypeError("only int indices permitted")
    modes = _modes(mode, len(dims))
    order = _order("ravel_multi_index", order)
    shape = util.broadcast_shapes("ravel_multi_index", *(c.shape for c in coords))
    dt = _index_dtype()
    coords = [util.broadcast_to(lax_shapes.convert_element_type(c, dt), shape) for c in coords]
    fixed = []
    for c, d, m in zip(coords, dims, modes, strict=True):
        host = indexing._concrete_value(c)
        if m == "raise" and host is not None:
            if host.size and (host.min() < 0 or host.max() >= d):
                raise ValueError("invalid entry in coordinates array")
        elif m == "wrap":
            c = ufuncs.remainder(c, max(d, 1))
        elif m == "clip" or m == "raise":
            c = ufuncs.minimum(ufuncs.maximum(c, 0), max(d - 1, 0))
        fixed.append(c)
    axes = range(len(dims)) if order == "F" else reversed(range(len(dims)))
    flat, stride = None, 1
    for i in axes:
        term = ufuncs.multiply(fixed[i], stride) if stride != 1 else fixed[i]
        flat = term if flat is None else ufuncs.add(flat, term)
        stride *= dims[i]
    if flat is None:
        raise ValueError("ravel_multi_index: dims must not be empty")
    return flat


def unravel_index(indices: ArrayLike, shape: Any, order: str = "C") -> tuple[Any, ...]:
    """NumPy's ``unravel_index``: the coordinate arrays (int64) of flat ``indices`` into an
    array of ``shape``. Concrete out-of-range indices raise ValueError; traced ones are
    clipped into range."""
    dims = _dims("unravel_index", shape)
    order = _order("unravel_index", order)
    idx = util.asarray(indices, "unravel_index")
    if dtypes.kind(idx.dtype) not in "iu":
        raise TypeError(f"only int indices permitted, got {idx.dtype}")
    size = int(onp.prod(dims, dtype=onp.int64))
    host = indexing._concrete_value(idx)
    if host is not None and host.size and (host.min() < 0 or host.max() >= size):
        bad = host[(host < 0) | (host >= size)].flat[0]
        raise ValueError(f"index {bad} is out of bounds for array with size {size}")
    idx = lax_shapes.convert_element_type(idx, _index_dtype())
    if host is None:
        idx = ufuncs.minimum(ufuncs.maximum(idx, 0), max(size - 1, 0))
    out = []
    axes = list(range(len(dims)))
    for i in reversed(axes) if order == "C" else axes:
        d = dims[i]
        out.append(ufuncs.remainder(idx, d) if d else idx)
        idx = ufuncs.floor_divide(idx, d) if d else idx
    if order == "C":
        out.reverse()
    return tuple(out)


class ndindex:  # noqa: N801 (NumPy's name)
    """NumPy's ``ndindex``: iterates over the index tuples of a shape in C order."""

    def __init__(self, *shape: Any):
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        self.shape = _dims("ndindex", shape)
        self._it = itertools.product(*(range(d) for d in self.shape))

    def __iter__(self) -> ndindex:
        return self

    def __next__(self) -> tuple[int, ...]:
        return next(self._it)


class ndenumerate:  # noqa: N801 (NumPy's name)
    """NumPy's ``ndenumerate``: pairs of (index tuple, element). A concrete array is read
    to the host once and yields NumPy scalars; a traced one yields 0-d tracers."""

    def __init__(self, arr: ArrayLike):
        self._arr = util.asarray(arr, "ndenumerate")
        self._host = indexing._concrete_value(self._arr)

    def __iter__(self) -> Iterator[tuple[tuple[int, ...], Any]]:
        for idx in itertools.product(*(range(d) for d in self._arr.shape)):
            yield idx, (self._host[idx] if self._host is not None else self._arr[idx])

