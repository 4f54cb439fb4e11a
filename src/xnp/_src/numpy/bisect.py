"""Binary search in a sorted 1-d array, for digitize, interp and the histograms.

``left_count(a, v, side)`` is NumPy's ``searchsorted(a, v, side)`` for a sorted 1-d ``a``:
the number of elements of ``a`` that sort before ``v`` (``side="left"``) or before or equal
to it (``side="right"``), in NumPy's order, where NaN sorts after every number. It is written
as ``ceil(log2(n + 1))`` unrolled halving steps, each a gather and a comparison, so its cost
is ``O(len(v) log n)`` and it runs under every transformation.
"""

from __future__ import annotations

from typing import Any

from xnp._src import dtypes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import indexing, lax_numpy, reductions, ufuncs, util

ArrayLike = Any


def _before(x: Any, y: Any) -> Any:
    """``x`` sorts strictly before ``y`` in NumPy's order (NaNs last)."""
    lt = ufuncs.less(x, y)
    if dtypes.kind(x.dtype) in "fc":
        lt = ufuncs.logical_or(
            lt, ufuncs.logical_and(ufuncs.isnan(y), ufuncs.logical_not(ufuncs.isnan(x)))
        )
    return lt


def _count(a: Any, v: Any, *, side: str) -> Any:
    n = a.shape[0]
    pos = lax_utils.full(v.shape, 0, dtypes.int_())
    step = 1
    while step * 2 <= n:
        step *= 2
    while step >= 1:
        cand = pos + step  # is a[cand - 1] before v?
        ok = ufuncs.less_equal(cand, n)
        probe = indexing.take(a, ufuncs.minimum(cand, n) - 1)
        if side == "left":
            hit = _before(probe, v)
        else:
            hit = ufuncs.logical_not(_before(v, probe))
        pos = lax_numpy.where(ufuncs.logical_and(ok, hit), cand, pos)
        step //= 2
    return pos


_count_jit = reductions._compiled(_count, "side")


def left_count(a: ArrayLike, v: ArrayLike, side: str = "left") -> Any:
    """``searchsorted(a, v, side)`` for a sorted 1-d ``a``: default-int indices shaped as ``v``."""
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right' (got {side!r})")
    a, v = util.asarray(a), util.asarray(v)
    dt = dtypes.result_type(a, v)
    a, v = a.astype(dt), v.astype(dt)
    if a.shape[0] == 0:
        return lax_utils.full(v.shape, 0, dtypes.int_())
    return _count_jit(a, v, side=side)
