"""Binary search in a sorted 1-d array, for digitize, interp and the histograms.

``left_count(a, v, side)`` is NumPy's ``searchsorted(a, v, side)`` for a sorted 1-d ``a``:
the number of elements of ``a`` that sort before ``v`` (``side="left"``) or before or equal
to it (``side="right"``), in NumPy's order, where NaN sorts after every number. It is written
as a loop of about ``log2(n)`` halving steps, each a gather, a comparison and a select, so its
cost is ``O(len(v) log n)`` and it runs under every transformation.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import loops
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import reductions, ufuncs, util
from xnp._src.staged import staged
from xnp._src.typing import ArrayLike


def _count(a: Any, v: Any, *, side: str) -> Any:
    # Plain comparisons are NumPy's order whenever v is not NaN: NaNs (sorted last in a) are
    # neither < v nor <= v. A NaN v sorts after every number, so it is fixed up at the end.
    n = a.shape[0]
    idt = onp.dtype(onp.int32) if n < 2**31 - 1 else onp.dtype(onp.int64)
    dnums = lax_slicing.GatherDimensionNumbers(
        offset_dims=(), collapsed_slice_dims=(0,), start_index_map=(0,)
    )

    def before(i: Any) -> Any:  # does a[i] sort before v (or equal, for side="right")?
        probe = lax_slicing.gather(a, lax_shapes.expand_dims(i, (i.ndim,)), dnums, (1,),
                                   mode=lax_slicing.GatherScatterMode.PROMISE_IN_BOUNDS)
        return lax.lt(probe, v) if side == "left" else lax.le(probe, v)

    # The answer lies in [base, base + length]; each step halves length (a static sequence,
    # so the probes a[base + half - 1] are always in bounds and need no clipping). The steps
    # run in a loop, so base is materialized once a step: unrolled, XLA's CPU fusion
    # recomputed every earlier step inside each later gather (quadratic memory traffic).
    halves = []
    length = n
    while length > 1:
        halves.append(length // 2)
        length -= length // 2
    base = lax_utils.full(v.shape, 0, idt)
    if halves:
        table = lax_utils.asarray(onp.asarray(halves, idt))

        def step(i: Any, base: Any) -> Any:
            half = lax_slicing.dynamic_index_in_dim(table, i, keepdims=False)
            probe_at = lax.add(base, lax_shapes.broadcast_in_dim(
                lax.sub(half, lax_utils.full((), 1, idt)), v.shape, ()))  # fmt: skip
            return lax.select(before(probe_at),
                              lax.add(probe_at, lax_utils.full(v.shape, 1, idt)), base)  # fmt: skip

        base = loops.fori_loop(0, len(halves), step, base)
    pos = lax.add(base, lax_shapes.convert_element_type(before(base), idt))
    if dtypes.kind(v.dtype) == "f":
        if side == "right":
            nan_pos = lax_utils.full(v.shape, n, idt)
        else:
            count = reductions.sum(ufuncs.logical_not(ufuncs.isnan(a)))
            nan_pos = lax_shapes.broadcast_in_dim(count.astype(idt), v.shape, ())
        pos = lax.select(lax.ne(v, v), nan_pos, pos)
    return lax_shapes.convert_element_type(pos, dtypes.int_())


_count_jit = staged(_count)


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
