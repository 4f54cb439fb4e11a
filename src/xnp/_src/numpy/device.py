"""Devices in the array API's sense: ``x.device``, ``x.to_device`` and ``device=`` arguments.

A device is one of ``xnp.devices()`` (jaxlib's device objects); the string ``"cpu"`` names the
default CPU device, as array-API consumers (array_api_compat, scikit-learn) sometimes pass it.
An array placed on a device is committed to it: later operations on it run there.
"""

from __future__ import annotations

from typing import Any

from xnp._src import backend, core
from xnp._src.array import ndarray


def check_device(name: str, device: Any) -> Any:
    """``device`` as one of xnp's devices (None stays None); anything else raises ValueError."""
    if device is None:
        return None
    devs = backend.devices()
    if isinstance(device, str):
        platform = devs[0].platform
        if device in (platform, f"{platform}:0"):
            return devs[0]
        if device.startswith(f"{platform}:") and device[len(platform) + 1 :].isdigit():
            i = int(device[len(platform) + 1 :])
            if i < len(devs):
                return devs[i]
    elif any(device is d or device == d for d in devs):
        return device
    raise ValueError(f"{name}: unknown device {device!r}; xnp's devices are {devs}")


def tracer_device(self: Any) -> Any:
    # A traced value lives wherever the computation being traced will run; xnp compiles for
    # the default device unless the arguments are committed elsewhere.
    return backend.default_device()


def place(name: str, x: Any, device: Any) -> Any:
    """``x`` on ``device`` (``x`` itself when it is there already or ``device`` is None)."""
    dev = check_device(name, device)
    if dev is None or isinstance(x, core.Tracer):
        return x
    if x._device is not None and x._device == dev:
        return x
    if x._buf is None:
        # Not on any device yet: it is copied to ``dev`` when first used.
        return ndarray(None, x.aval, dev, x._npy)
    if x.device == dev:
        return ndarray(x._buf, x.aval, dev, x._npy)
    return ndarray(backend.device_put(x._value, x.aval, dev), x.aval, dev, x._npy)


def to_device(self: Any, device: Any, /, *, stream: Any = None) -> Any:
    """The array on ``device`` (the array API's ``x.to_device``); ``stream`` must be None
    (CPU devices have no streams)."""
    if stream is not None:
        raise ValueError(f"to_device: stream must be None on {device!r}, got {stream!r}")
    if device is None:
        raise ValueError("to_device: device must be one of xnp.devices(), got None")
    return place("to_device", self, device)


def _install() -> None:
    ndarray.to_device = to_device
    core.Tracer.to_device = to_device
    core.Tracer.device = property(tracer_device)


_install()
