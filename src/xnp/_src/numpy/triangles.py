"""Triangles of matrices: ``tri``, ``tril``, ``triu`` (NumPy's, and the array API's
``tril(x, /, *, k=0)``/``triu``), over the last two axes of stacks of matrices."""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import util

ArrayLike = Any


def _below(n: int, m: int, k: Any) -> Any:
    """Boolean (n, m) mask of the entries on and below the ``k``-th diagonal."""
    k = operator.index(k)
    rows = lax_shapes.broadcasted_iota(onp.dtype(onp.int64), (n, m), 0)
    cols = lax_shapes.broadcasted_iota(onp.dtype(onp.int64), (n, m), 1)
    return lax.ge(lax.add(rows, lax_utils.full((n, m), k, onp.int64)), cols)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None) -> Any:  # noqa: N803
    """NumPy's ``tri``: ones on and below the ``k``-th diagonal of an ``N`` x ``M`` array."""
    n = operator.index(N)
    m = n if M is None else operator.index(M)
    if n < 0 or m < 0:
        raise ValueError(f"tri: negative dimensions are not allowed, got N={n}, M={m}")
    dt = dtypes.float_() if dtype is None else dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    return lax_shapes.convert_element_type(_below(n, m, k), dt)


def _triangle(name: str, m: ArrayLike, k: Any, lower: bool) -> Any:
    x = util.asarray(m, name)
    if x.ndim < 2:
        if x.ndim == 0:
            raise ValueError(f"{name}: input must be at least 1-d, got a 0-d array")
        # NumPy broadcasts a 1-d input to a square matrix.
        x = util.broadcast_to(x, (x.shape[0], x.shape[0]), name)
    n, mm = x.shape[-2:]
    keep = _below(n, mm, k) if lower else lax.bitwise_not(_below(n, mm, k - 1))
    keep = util.broadcast_to(keep, x.shape, name)
    return lax.select(keep, x, lax_utils.full(x.shape, 0, x.dtype))


def tril(m: ArrayLike, k: int = 0) -> Any:
    """The lower triangle of ``m`` (of each matrix in a stack): entries above the ``k``-th
    diagonal set to zero. A 1-d input is first broadcast to a square matrix, as in NumPy."""
    return _triangle("tril", m, k, True)


def triu(m: ArrayLike, k: int = 0) -> Any:
    """The upper triangle of ``m`` (of each matrix in a stack): entries below the ``k``-th
    diagonal set to zero. A 1-d input is first broadcast to a square matrix, as in NumPy."""
    return _triangle("triu", m, k, False)
