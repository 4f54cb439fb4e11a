"""Global configuration: ``xnp.config.update(name, value)`` and environment variables.

A leaf module (no xnp imports). Every option that changes what a traced program means is part
of ``config.state``, which keys the jit and eager caches.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in ("0", "false", "no", "off", "")


class _Overrides(threading.local):
    """Context-manager overrides of this thread (``with xnp.disable_jit(): ...``)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}


class _Config:
    """Options: process-wide values set by ``update``, overridden per thread inside a block.

    ``update`` changes what every thread sees; the context managers change only the calling
    thread's view, so a ``with xnp.enable_x64(False):`` in one thread never leaks into another.
    """

    _defaults: dict[str, Any] = {}

    def __init__(self) -> None:
        object.__setattr__(self, "_values", dict(self._defaults))
        object.__setattr__(self, "_overrides", _Overrides())
        object.__setattr__(self, "_state", self._compute_state())

    def _compute_state(self) -> tuple:
        # The options that change what a traced program means, read on every jitted call.
        return tuple(getattr(self, name) for name in _STATE)

    @property
    def state(self) -> tuple:
        if self._overrides.values:
            return self._compute_state()
        return self._state

    def update(self, name: str, value: Any) -> None:
        """Set option ``name`` (for example ``"enable_x64"``) to ``value``, for every thread."""
        if name not in self._defaults:
            known = ", ".join(sorted(self._defaults))
            raise AttributeError(f"xnp.config.update: unknown option {name!r}; known: {known}")
        if name in _BOOL:
            value = bool(value)
        with _lock:
            self._values[name] = value
            object.__setattr__(self, "_state", self._compute_state())

    def read(self, name: str) -> Any:
        return getattr(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"xnp.config: set options with xnp.config.update({name!r}, value)")

    @contextlib.contextmanager
    def _override(self, name: str, value: Any) -> Iterator[None]:
        ov = self._overrides.values
        had, old = name in ov, ov.get(name)
        ov[name] = value
        try:
            yield
        finally:
            if had:
                ov[name] = old
            else:
                del ov[name]

    def disable_jit_context(self, disable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("disable_jit", bool(disable))

    def enable_x64_context(self, enable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("enable_x64", bool(enable))

    def debug_nans_context(self, enable: bool = True) -> contextlib.AbstractContextManager:
        return self._override("debug_nans", bool(enable))

    def __repr__(self) -> str:
        items = ", ".join(f"{k}={getattr(self, k)!r}" for k in sorted(self._defaults))
        return f"xnp.config({items})"


def _option(name: str) -> property:
    def get(self: _Config) -> Any:
        ov = self._overrides.values
        if ov and name in ov:
            return ov[name]
        return self._values[name]

    return property(get, doc=f"The current value of option {name!r} in this thread.")


_lock = threading.Lock()
_Config._defaults = {
    "enable_x64": _env_bool("XNP_ENABLE_X64", True),
    "disable_jit": _env_bool("XNP_DISABLE_JIT", False),
    "debug_nans": _env_bool("XNP_DEBUG_NANS", False),
    # Raise KeyReuseError when a PRNG key is consumed twice (random/key_reuse.py).
    "debug_key_reuse": _env_bool("XNP_DEBUG_KEY_REUSE", False),
    "num_cpu_devices": int(os.environ.get("XNP_NUM_CPU_DEVICES", "1")),
    "compilation_cache": _env_bool("XNP_COMPILATION_CACHE", True),
    "cache_dir": os.environ.get("XNP_CACHE_DIR", os.path.join("~", ".cache", "xnp")),
}

# debug_key_reuse is in the state: a function traced with it on records its key consumption.
_STATE = ("enable_x64", "debug_nans", "disable_jit", "debug_key_reuse")
_BOOL = frozenset(
    ("enable_x64", "debug_nans", "disable_jit", "debug_key_reuse", "compilation_cache")
)
for _name in _Config._defaults:
    setattr(_Config, _name, _option(_name))
del _name

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
