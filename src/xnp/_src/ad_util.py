"""The primitives the interpreters emit themselves, defined below them.

``ad`` sums tangents and cotangents (``add_any``) and makes zeros of an aval; ``batching``
moves and broadcasts batch dimensions (``transpose``, ``broadcast_in_dim``). Here these
primitives are only names (JAX's ``ad_util`` pattern): ``lax`` registers all their rules in
its family modules (``add_any`` in ``lax/elementwise.py``, the other two in
``lax/shapes.py``), so the interpreters never import lax. The binders below take operands and
parameters that are already valid (tuples of ints); user-facing validation lives in lax.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xnp._src import core, dispatch

__all__ = [
    "add_any",
    "add_any_p",
    "broadcast_in_dim",
    "broadcast_in_dim_p",
    "full",
    "transpose",
    "transpose_p",
    "zeros_like_aval",
]

add_any_p = core.register_primitive(core.Primitive("add_any"))
broadcast_in_dim_p = core.register_primitive(core.Primitive("broadcast_in_dim"))
transpose_p = core.register_primitive(core.Primitive("transpose"))


def add_any(x: Any, y: Any) -> Any:
    """``x + y`` of two tangents (or cotangents) of one aval."""
    return add_any_p.bind(x, y)


def broadcast_in_dim(x: Any, shape: Sequence[int], broadcast_dimensions: Sequence[int]) -> Any:
    shape, dims = tuple(shape), tuple(broadcast_dimensions)
    if core.get_aval(x).shape == shape and dims == tuple(range(len(shape))):
        return x
    return broadcast_in_dim_p.bind(x, shape=shape, broadcast_dimensions=dims)


def transpose(x: Any, permutation: Sequence[int]) -> Any:
    perm = tuple(permutation)
    if perm == tuple(range(len(perm))):
        return x
    return transpose_p.bind(x, permutation=perm)


def zeros_like_aval(aval: core.ShapedArray) -> Any:
    """A (strongly typed) zero array of ``aval``'s shape and dtype."""
    return full(aval.shape, 0, aval.dtype)


def full(shape: Sequence[int], value: Any, dtype: Any, weak_type: bool = False) -> Any:
    """An array of ``shape`` filled with ``value`` (a broadcast of a constant)."""
    c = dispatch.scalar_const(value, dtype, weak_type)
    shape = tuple(int(d) for d in shape)
    if shape == ():
        return c
    return broadcast_in_dim_p.bind(c, shape=shape, broadcast_dimensions=())
