"""Moved: ``stop_gradient`` lives in ``lax/stop_gradient.py`` (``_src/ad_util.py`` holds what
the interpreters emit). Kept importable for branches in flight."""

from __future__ import annotations

from xnp._src.lax.stop_gradient import stop_gradient as stop_gradient
from xnp._src.lax.stop_gradient import stop_gradient_p as stop_gradient_p

__all__ = ["stop_gradient", "stop_gradient_p"]
