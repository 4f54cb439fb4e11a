"""Moved: the ``jit`` primitive and its rules live in ``jit.py``, next to ``Jitted``. Kept
importable for branches in flight; import ``xnp._src.jit`` instead."""

from __future__ import annotations

from xnp._src.jit import jit_p as jit_p

__all__ = ["jit_p"]
