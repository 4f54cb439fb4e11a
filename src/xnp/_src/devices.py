"""Devices and transfers: ``devices``, ``device_put``, ``device_get``, ``block_until_ready``."""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import backend, dispatch
from xnp._src import tree_util as tu
from xnp._src.array import ndarray


def devices(backend_name: str | None = None) -> list[Any]:
    """The devices xnp runs on (``XNP_NUM_CPU_DEVICES`` CPU devices)."""
    if backend_name not in (None, "cpu"):
        raise RuntimeError(f"unknown backend {backend_name!r}; xnp has 'cpu'")
    return backend.devices()


def local_devices() -> list[Any]:
    return backend.devices()


def device_count() -> int:
    return len(backend.devices())


def default_backend() -> str:
    return "cpu"


def device_put(x: Any, device: Any = None) -> Any:
    """Copy a pytree of arrays to ``device`` (default: the first device); returns arrays."""
    if device is not None and not hasattr(device, "id"):
        raise TypeError(f"device_put: expected a device from xnp.devices(), got {device!r}")

    def put(leaf: Any) -> ndarray:
        arr = dispatch.to_array(leaf)
        if device is None:
            return arr if arr._buf is not None or arr._npy is not None else arr
        if arr._device == device:
            return arr
        buf = backend.device_put(onp.asarray(arr._value), arr.aval, device)
        return ndarray(buf, arr.aval, device)

    return tu.tree_map(put, x)


def device_get(x: Any) -> Any:
    """Host NumPy copies of a pytree of arrays."""
    return tu.tree_map(lambda a: onp.asarray(a) if isinstance(a, ndarray) else a, x)


def block_until_ready(x: Any) -> Any:
    """Wait until every array in the pytree ``x`` is computed; returns ``x``."""
    for leaf in tu.tree_leaves(x):
        if isinstance(leaf, ndarray):
            leaf.block_until_ready()
    return x
