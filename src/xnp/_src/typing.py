"""The type aliases xnp's annotations use: ``Array``, ``ArrayLike``, ``DTypeLike``.

One definition for all of ``_src`` (``from xnp._src.typing import ArrayLike``). They are
for readers and type checkers; nothing checks them at run time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as onp

from xnp._src import core
from xnp._src.array import ndarray

__all__ = ["Array", "ArrayLike", "DTypeLike"]

# An xnp array, or a tracer standing for one under a transformation.
Array: TypeAlias = ndarray | core.Tracer
# What NumPy functions accept as an array: xnp arrays and tracers, NumPy arrays and scalars,
# Python scalars and (nested) sequences of these.
ArrayLike: TypeAlias = (
    Array | onp.ndarray | onp.generic | bool | int | float | complex | Sequence[Any]
)
# A dtype, a scalar type (``xnp.float32``, ``float``), or a dtype name (``"int8"``).
DTypeLike: TypeAlias = onp.dtype | type | str
