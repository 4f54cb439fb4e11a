"""NumPy's two-dimensional helpers: tri, tril, triu, diag, diagflat, diagonal, fill_diagonal,
the index generators tril/triu_indices(_from), diag_indices(_from), mask_indices; and the
``x.diagonal()``, ``x.trace()`` methods.

Triangles are masks built from ``broadcasted_iota`` (so they batch and differentiate like
``where``); diagonals are one ``gather`` at static positions.
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import indexing, lax_numpy, products, util

ArrayLike = Any


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


def _lower_mask(n: int, m: int, k: int) -> Any:
    """(n, m) booleans, True where column <= row + k."""
    rows = lax_shapes.broadcasted_iota(onp.int64, (n, m), 0)
    cols = lax_shapes.broadcasted_iota(onp.int64, (n, m), 1)
    return lax.le(cols, lax.add(rows, lax_utils.full((n, m), k, onp.int64)))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = float, *,  # noqa: N803
        like: Any = None) -> Any:  # fmt: skip
    """NumPy's ``tri``: ones at and below the ``k``-th diagonal of an (N, M) array."""
    n = operator.index(N)
    m = n if M is None else operator.index(M)
    if n < 0 or m < 0:
        raise ValueError(f"tri: negative dimensions are not allowed, got N={n}, M={m}")
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    return lax_shapes.convert_element_type(_lower_mask(n, m, operator.index(k)), dt)


def _triangle(name: str, m: ArrayLike, k: int, lower: bool) -> Any:
    a = util.asarray(m, name)
    if a.ndim == 0:
        raise ValueError(f"{name}: input must be at least 1-d, got a 0-d array")
    k = operator.index(k)
    shape = a.shape[-2:] if a.ndim >= 2 else (a.shape[0], a.shape[0])
    mask = _lower_mask(*shape, k) if lower else lax.bitwise_not(_lower_mask(*shape, k - 1))
    out_shape = util.broadcast_shapes(name, a.shape, shape)
    a = util.broadcast_to(lax_numpy._strong(a), out_shape)
    mask = util.broadcast_to(mask, out_shape)
    return lax.select(mask, a, lax_utils.full(out_shape, 0, a.dtype))


def tril(m: ArrayLike, k: int = 0) -> Any:
    """NumPy's ``tril``: ``m`` with the elements above the ``k``-th diagonal zeroed (on the
    last two axes; a 1-d ``m`` is taken as the rows of a square matrix)."""
    return _triangle("tril", m, k, lower=True)


def triu(m: ArrayLike, k: int = 0) -> Any:
    """NumPy's ``triu``: ``m`` with the elements below the ``k``-th diagonal zeroed."""
    return _triangle("triu", m, k, lower=False)


def _diag_positions(n1: int, n2: int, offset: int) -> tuple[onp.ndarray, onp.ndarray]:
    length = max(0, min(n1 + min(offset, 0), n2 - max(offset, 0)))
    rows = onp.arange(length) + max(-offset, 0)
    return rows, rows + offset


def diagonal(a: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    """NumPy's ``diagonal``: the ``offset`` diagonal of the (axis1, axis2) planes, as the last
    axis of the result (a new array, never a view)."""
    x = util.asarray(a, "diagonal")
    if x.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    ax1, ax2 = (util.canonical_axes("diagonal", ax, x.ndim)[0] for ax in (axis1, axis2))
    if ax1 == ax2:
        raise ValueError("axis1 and axis2 cannot be the same")
    x = lax_numpy.moveaxis(x, (ax1, ax2), (-2, -1))
    rows, cols = _diag_positions(x.shape[-2], x.shape[-1], operator.index(offset))
    if rows.size == 0:
        return lax_utils.full((*x.shape[:-2], 0), 0, x.dtype)
    return indexing.getitem(x, (Ellipsis, rows, cols))


def diag(v: ArrayLike, k: int = 0) -> Any:
    """NumPy's ``diag``: the ``k``-th diagonal of a 2-d array, or a square 2-d array with the
    1-d ``v`` on its ``k``-th diagonal."""
    x = util.asarray(v, "diag")
    k = operator.index(k)
    if x.ndim == 2:
        return diagonal(x, k)
    if x.ndim != 1:
        raise ValueError("Input must be 1- or 2-d.")
    x = lax_numpy._strong(x)
    n = x.shape[0] + abs(k)
    rows, cols = _diag_positions(n, n, k)
    out = lax_utils.full((n, n), 0, x.dtype)
    if rows.size == 0:
        return out
    return out.at[rows, cols].set(x, unique_indices=True)


def diagflat(v: ArrayLike, k: int = 0) -> Any:
    """NumPy's ``diagflat``: a 2-d array with the flattened ``v`` on its ``k``-th diagonal."""
    return diag(lax_numpy.ravel(util.asarray(v, "diagflat")), k)


def fill_diagonal(a: Any, val: ArrayLike, wrap: bool = False) -> None:
    """NumPy's ``fill_diagonal``: writes ``val`` (repeated cyclically) on the main diagonal of
    ``a`` in place, by rebinding ``a`` (DESIGN.md "arrays as values"); returns None. For
    more than 2 dimensions all must be equal; ``wrap`` continues a tall matrix's diagonal
    past each N+1 rows, as NumPy does. A NumPy array is filled in place by NumPy."""
    if isinstance(a, onp.ndarray):
        onp.fill_diagonal(a, onp.asarray(val), wrap)
        return
    if a.ndim < 2:
        raise ValueError("array must be at least 2-d")
    if a.ndim > 2 and len(set(a.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    indexing.check_mutable(a)
    if a.ndim == 2:
        step = a.shape[1] + 1
        end = a.size if wrap else min(a.size, a.shape[1] * a.shape[1])
    else:
        step = 1 + int(onp.cumprod(a.shape[:-1]).sum())
        end = a.size
    positions = onp.arange(0, end, step)
    v = lax_numpy.ravel(util.asarray(val, "fill_diagonal"))
    if positions.size == 0 or v.size == 0:
        return
    values = indexing.take(v, onp.arange(positions.size) % v.size)
    flat = lax_shapes.reshape(a, (a.size,))
    new = flat.at[positions].set(values, unique_indices=True)  # cast to a's dtype, as NumPy
    indexing.rebind(a, lax_shapes.reshape(new, a.shape))


def _host_indices(mask: onp.ndarray) -> tuple[Any, ...]:
    return tuple(ndarray.from_host(i.astype(_index_dtype())) for i in onp.nonzero(mask))


def tril_indices(n: int, k: int = 0, m: int | None = None) -> tuple[Any, Any]:
    """NumPy's ``tril_indices``: (rows, cols) of the lower triangle of an (n, m) array."""
    n, k = operator.index(n), operator.index(k)
    m = n if m is None else operator.index(m)
    return _host_indices(onp.tri(n, m, k, dtype=bool))


def triu_indices(n: int, k: int = 0, m: int | None = None) -> tuple[Any, Any]:
    """NumPy's ``triu_indices``: (rows, cols) of the upper triangle of an (n, m) array."""
    n, k = operator.index(n), operator.index(k)
    m = n if m is None else operator.index(m)
    return _host_indices(~onp.tri(n, m, k - 1, dtype=bool))


def _square_from(name: str, arr: Any) -> tuple[int, int]:
    shape = onp.shape(arr) if not hasattr(arr, "shape") else arr.shape
    if len(shape) != 2:
        raise ValueError("input array must be 2-d")
    return shape


def tril_indices_from(arr: ArrayLike, k: int = 0) -> tuple[Any, Any]:
    """NumPy's ``tril_indices_from``: ``tril_indices`` for the shape of the 2-d ``arr``."""
    n, m = _square_from("tril_indices_from", arr)
    return tril_indices(n, k, m)


def triu_indices_from(arr: ArrayLike, k: int = 0) -> tuple[Any, Any]:
    """NumPy's ``triu_indices_from``: ``triu_indices`` for the shape of the 2-d ``arr``."""
    n, m = _square_from("triu_indices_from", arr)
    return triu_indices(n, k, m)


def diag_indices(n: int, ndim: int = 2) -> tuple[Any, ...]:
    """NumPy's ``diag_indices``: ``ndim`` copies of ``arange(n)``, the main diagonal."""
    idx = ndarray.from_host(onp.arange(operator.index(n), dtype=_index_dtype()))
    return (idx,) * operator.index(ndim)


def diag_indices_from(arr: ArrayLike) -> tuple[Any, ...]:
    """NumPy's ``diag_indices_from``: the main diagonal of an array with equal dimensions."""
    shape = arr.shape if hasattr(arr, "shape") else onp.shape(arr)
    if len(shape) < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return diag_indices(shape[0], len(shape))


def mask_indices(n: int, mask_func: Any, k: int = 0) -> tuple[Any, Any]:
    """NumPy's ``mask_indices``: the indices where ``mask_func(ones((n, n)), k)`` is non-zero
    (``mask_func`` such as ``xnp.triu``; it must give concrete values)."""
    m = lax_utils.full((operator.index(n), operator.index(n)), 1, _index_dtype())
    out = mask_func(m, k)
    host = indexing._concrete_value(out)
    if host is None:
        raise core.ConcretizationTypeError(
            f"mask_indices: mask_func returned a traced array, at {core.user_frame()}")
    return _host_indices(host != 0)


def _diagonal_method(self: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    return diagonal(self, offset, axis1, axis2)


def _trace_method(self: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
                  out: Any = None) -> Any:  # fmt: skip
    """``x.trace()``: the sum along the ``offset`` diagonal (NumPy's method)."""
    return products.trace(self, offset, axis1, axis2, dtype, out)


def _install() -> None:
    for cls in (ndarray, core.Tracer):
        cls.diagonal = _diagonal_method
        cls.trace = _trace_method


_install()
