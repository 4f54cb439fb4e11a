"""Global configuration: ``xnp.config.update(name, value)`` and environment variables.

A leaf module (no xnp imports). Every option that changes what a traced program means is part
of ``config.state``, which keys the jit and eager caches.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off", "")


class _Config:
    """Process-wide options; context managers override one inside a block."""

    _defaults: dict[str, Any] = {}

    def __init__(self) -> None:
        for name, value in self._defaults.items():
            object.__setattr__(self, name, value)
        self._refresh()

    def _refresh(self) -> None:
        # The options that change what a traced program means, read on every jitted call.
        object.__setattr__(self, "state", (self.enable_x64, self.debug_nans, self.disable_jit))

    def update(self, name: str, value: Any) -> None:
        """Set option ``name`` (for example ``"enable_x64"``) to ``value``."""
        if name not in self._defaults:
            known = ", ".join(sorted(self._defaults))
            raise AttributeError(f"xnp.config.update: unknown option {name!r}; known: {known}")
        if name in ("enable_x64", "debug_nans", "disable_jit", "host_execution"):
            value = bool(value)
        elif name == "host_max_size":
            value = int(value)
        object.__setattr__(self, name, value)
        self._refresh()

    def read(self, name: str) -> Any:
        return getattr(self, name)

    @contextlib.contextmanager
    def _override(self, name: str, value: Any) -> Iterator[None]:
        old = getattr(self, name)
        object.__setattr__(self, name, value)
        self._refresh()
        try:
            yield
        finally:
            object.__setattr__(self, name, old)
            self._refresh()

    def disable_jit_context(self, disable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("disable_jit", bool(disable))

    def enable_x64_context(self, enable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("enable_x64", bool(enable))

    def debug_nans_context(self, enable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("debug_nans", bool(enable))

    def __repr__(self) -> str:
        items = ", ".join(f"{k}={getattr(self, k)!r}" for k in sorted(self._defaults))
        return f"xnp.config({items})"


_Config._defaults = {
    "enable_x64": _env_bool("XNP_ENABLE_X64", True),
    "disable_jit": _env_bool("XNP_DISABLE_JIT", False),
    "debug_nans": _env_bool("XNP_DEBUG_NANS", False),
    "num_cpu_devices": int(os.environ.get("XNP_NUM_CPU_DEVICES", "1")),
    "compilation_cache": _env_bool("XNP_COMPILATION_CACHE", True),
    # Eager operations on host-resident CPU operands of at most host_max_size elements run
    # with NumPy's kernels instead of compiling (see interpreters/host.py).
    "host_execution": _env_bool("XNP_HOST_EXECUTION", True),
    "host_max_size": int(os.environ.get("XNP_HOST_MAX_SIZE", str(1 << 16))),
    "cache_dir": os.environ.get("XNP_CACHE_DIR", os.path.join("~", ".cache", "xnp")),
}

config = _Config()


def disable_jit(disable: bool = True) -> contextlib.AbstractContextManager:
    """Context manager: run jitted functions op by op (for debugging with ``print``)."""
    return config.disable_jit_context(disable)


def enable_x64(enable: bool = True) -> contextlib.AbstractContextManager:
    """Context manager: 64-bit default dtypes (the default) or 32-bit ones inside the block."""
    return config.enable_x64_context(enable)


def debug_nans(enable: bool = True) -> contextlib.AbstractContextManager:
    """Context manager: raise FloatingPointError when an eager op or jitted call makes a NaN."""
    return config.debug_nans_context(enable)
