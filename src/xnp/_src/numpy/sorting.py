"""NumPy's sorting functions over ``lax.sort`` (NaNs last, NumPy's complex order)."""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import sorting as lax_sorting
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import indexing, util
from xnp._src.typing import ArrayLike

_KINDS = (None, "quicksort", "mergesort", "heapsort", "stable")


def _prepare(name: str, a: ArrayLike, axis: Any, kind: Any, order: Any) -> tuple[Any, int]:
    if kind not in _KINDS:
        raise ValueError(f"{name}: sort kind must be one of 'quick', 'heap', or 'stable' "
                         f"(got {kind!r})")  # fmt: skip
    if order is not None:
        raise ValueError(f"{name}: order= needs structured arrays, which xnp does not have")
    a = util.asarray(a, name)
    if axis is None:
        a = lax_shapes.reshape(a, (a.size,))
        return a, 0
    (ax,) = util.canonical_axes(name, axis, a.ndim)
    return a, ax


def sort(a: ArrayLike, axis: int | None = -1, kind: Any = None, order: Any = None, *,
         stable: bool | None = None, descending: bool = False) -> Any:  # fmt: skip
    """NumPy's ``sort``: a sorted copy along ``axis`` (flattened for ``axis=None``); NaNs last.

    Every ``kind`` gives the same (stable) result; ``order=`` is refused (no structured arrays).
    ``descending=True`` (the array API's keyword) sorts from largest to smallest, NaNs first.
    """
    a, ax = _prepare("sort", a, axis, kind, order)
    out = lax_sorting.sort(a, dimension=ax, is_stable=True)
    return lax_shapes.rev(out, (ax,)) if descending else out


def argsort(a: ArrayLike, axis: int | None = -1, kind: Any = None, order: Any = None, *,
            stable: bool | None = None, descending: bool = False) -> Any:  # fmt: skip
    """NumPy's ``argsort``: indices (int64) that sort ``a`` along ``axis``; always stable, so
    ties keep their original order for every ``kind``, also with ``descending=True`` (the
    array API's keyword: largest first, NaNs first)."""
    a, ax = _prepare("argsort", a, axis, kind, order)
    idx_dt = onp.dtype(onp.int64)
    idx = lax_shapes.broadcasted_iota(idx_dt, a.shape, ax)
    if not descending:
        return lax_sorting.sort_key_val(a, idx, dimension=ax, is_stable=True)[1]
    # Stable descending order: sort the reversed array ascending, reverse the result, and map
    # positions in the reversed array back (i -> n - 1 - i), so equal keys keep their order.
    rev = lax_shapes.rev(a, (ax,))
    pos = lax_shapes.rev(lax_sorting.sort_key_val(rev, idx, dimension=ax, is_stable=True)[1],
                         (ax,))  # fmt: skip
    last = lax_utils.full(pos.shape, a.shape[ax] - 1, idx_dt)
    return lax.sub(last, pos)


def sort_complex(a: ArrayLike) -> Any:
    """NumPy's ``sort_complex``: sorted along the last axis, returned as complex."""
    a = util.asarray(a, "sort_complex")
    dt = a.dtype
    if dtypes.kind(dt) != "c":
        # NumPy: (u)int8 and (u)int16 become complex64, everything else complex128.
        small = dt in (onp.dtype(t) for t in (onp.int8, onp.uint8, onp.int16, onp.uint16))
        target = onp.dtype(onp.complex64 if small else onp.complex128)
        a = lax_shapes.convert_element_type(a, target)
    return lax_sorting.sort(a, dimension=-1, is_stable=True)


def sort_method(self: Any, axis: int = -1, kind: Any = None, order: Any = None, *,
                stable: bool | None = None, descending: bool = False) -> None:  # fmt: skip
    """``x.sort()``: sorts ``x`` in place by rebinding it to the sorted value (DESIGN.md,
    "arrays as values"), returning None like NumPy; under a transformation only arrays created
    inside the function may be sorted in place."""
    if axis is None:
        raise TypeError("ndarray.sort: axis=None is not allowed for an in-place sort")
    indexing.check_mutable(self)
    indexing.rebind(self, sort(self, axis=axis, kind=kind, order=order, stable=stable,
                               descending=descending))


def _install() -> None:
    # Here rather than in array_methods.py: in-place sort needs indexing.rebind, and indexing
    # imports array_methods. Installed on arrays and tracers alike.
    for cls in (ndarray, core.Tracer):
        cls.sort = sort_method
        cls.argsort = argsort


_install()
