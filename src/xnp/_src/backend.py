"""The only module that imports jaxlib: client, devices, transfer, compile and execute.

See ``shared/JAXLIB_NOTES.md`` for the facts this module builds on. Everything above it talks
to XLA through these functions and never sees a jaxlib type except as an opaque buffer.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import jaxlib.version  # noqa: E402
import numpy as onp  # noqa: E402
from jaxlib import xla_client as xc  # noqa: E402

from xnp._src.config import config  # noqa: E402

Buffer = Any  # a jaxlib ArrayImpl: one device buffer
XlaRuntimeError = xc.XlaRuntimeError

_lock = threading.Lock()
_client: Any = None


def client() -> Any:
    """The CPU client with ``XNP_NUM_CPU_DEVICES`` devices, made on first use."""
    global _client
    if _client is None:
        with _lock:
            if _client is None:
                n = int(config.num_cpu_devices)
                if n < 1:
                    raise ValueError(f"XNP_NUM_CPU_DEVICES must be >= 1, got {n}")
                _client = xc.make_cpu_client(asynchronous=True, num_devices=n)
    return _client


def devices() -> list[Any]:
    """All devices of the client, in id order."""
    return list(client().devices())


def default_device() -> Any:
    return client().devices()[0]


class DeviceSharding(xc.SingleDeviceSharding):
    """A single-device sharding with the Python attributes jaxlib's C++ calls back into."""

    memory_kind = None
    num_devices = 1
    is_fully_replicated = True
    is_fully_addressable = True

    def __init__(self, device: Any) -> None:
        super().__init__(device)
        self._xnp_device = device

    def _to_xla_hlo_sharding(self, ndim: int) -> Any:
        return xc.HloSharding.replicate()

    @property
    def _device_assignment(self) -> tuple:
        return (self._xnp_device,)

    @property
    def device_set(self) -> set:
        return {self._xnp_device}

    def devices_indices_map(self, shape: tuple) -> dict:
        return {self._xnp_device: tuple(slice(None) for _ in shape)}

    def __reduce__(self) -> tuple:
        return (_sharding_for_id, (self._xnp_device.id,))


_shardings: dict[Any, DeviceSharding] = {}


def sharding(device: Any) -> DeviceSharding:
    s = _shardings.get(device)
    if s is None:
        s = _shardings[device] = DeviceSharding(device)
    return s


def _sharding_for_id(device_id: int) -> DeviceSharding:
    return sharding(devices()[device_id])


def device_put(value: onp.ndarray, aval: Any, device: Any = None) -> Buffer:
    """Copy a host NumPy array (already of ``aval``'s dtype and shape) to ``device``."""
    if device is None:
        device = default_device()
    return xc.batched_device_put(aval, sharding(device), [value], [device], True, enable_x64=True)


def to_numpy(buf: Buffer) -> onp.ndarray:
    """A host copy of a device buffer (waits for it).

    ``numpy.asarray`` on a buffer goes through ``__array__``, which loses ml_dtypes types
    (bfloat16 comes back as object); jaxlib's own conversion keeps them.
    """
    return buf._single_device_array_to_np_array_did_copy()[0]


def buffer_device(buf: Buffer) -> Any:
    return buf._sharding._device_assignment[0]


def copy_to_device(buf: Buffer, aval: Any, device: Any) -> Buffer:
    if buffer_device(buf) == device:
        return buf
    return device_put(onp.asarray(buf), aval, device)


def block_until_ready(bufs: Sequence[Buffer]) -> None:
    for b in bufs:
        b.block_until_ready()


# ----------------------------------------------------------------------------- MLIR context

_ir_context: Any = None


def ir_context() -> Any:
    """An MLIR context with the StableHLO, CHLO and func dialects loaded (one per process)."""
    global _ir_context
    if _ir_context is None:
        # Imported on first use (here and below): jaxlib's MLIR bindings cost tens of ms to
        # import and only lowering needs them.
        from jaxlib.mlir import ir
        from jaxlib.mlir._mlir_libs import _jax_mlir_ext
        from jaxlib.mlir.dialects import chlo, stablehlo

        registry = ir.DialectRegistry()
        _jax_mlir_ext.register_dialects(registry)
        ctx = ir.Context()
        ctx.append_dialect_registry(registry)
        stablehlo.register_dialect(ctx)
        chlo.register_dialect(ctx)
        ctx.load_all_available_dialects()
        _ir_context = ctx
    return _ir_context


def mlir_modules() -> Any:
    """(ir, func, stablehlo, chlo) from jaxlib's MLIR bindings, for the lowering layer."""
    # On first use, as in ir_context (import cost).
    from jaxlib.mlir import ir
    from jaxlib.mlir.dialects import chlo, func, stablehlo

    return ir, func, stablehlo, chlo


# ----------------------------------------------------------------------------- compile


class Executable:
    """A compiled program and the prebuilt handlers that wrap its outputs."""

    __slots__ = ("loaded", "handlers", "devices", "out_avals", "text")

    def __init__(self, loaded: Any, out_avals: Sequence[Any], devs: Sequence[Any], text: str):
        self.loaded = loaded
        self.devices = tuple(devs)
        self.out_avals = tuple(out_avals)
        shard = sharding(devs[0])
        self.handlers = [
            xc.array_result_handler(a, shard, committed=True, _skip_checks=True) for a in out_avals
        ]
        self.text = text

    def execute(self, bufs: Sequence[Buffer]) -> list[Buffer]:
        return self.loaded.execute_sharded(bufs).consume_with_handlers(self.handlers)

    def as_text(self) -> str:
        return self.loaded.hlo_modules()[0].to_string()


_compile_cache: dict[tuple, Executable] = {}
_jaxlib_version: str | None = None


def _cache_dir() -> str | None:
    if not config.compilation_cache:
        return None
    return os.path.expanduser(config.cache_dir)


def _disk_key(text: str, devs: Sequence[Any], num_replicas: int) -> str:
    global _jaxlib_version
    if _jaxlib_version is None:
        _jaxlib_version = jaxlib.version.__version__
    h = hashlib.sha256()
    for part in (
        _jaxlib_version,
        str(num_replicas),
        repr([d.id for d in devs]),
        devs[0].device_kind,
        text,
    ):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _compile_options(num_replicas: int, devs: Sequence[Any]) -> Any:
    opts = xc.CompileOptions()
    opts.num_replicas = num_replicas
    ids = [d.id for d in devs][:num_replicas]
    if num_replicas > 1 or ids != [0]:
        opts.device_assignment = xc.DeviceAssignment.create(
            onp.asarray(ids, dtype=onp.int64).reshape(num_replicas, 1)
        )
    return opts


def compile(
    text: str, out_avals: Sequence[Any], devs: Sequence[Any] | None = None, num_replicas: int = 1
) -> Executable:
    """Compile StableHLO text for ``devs`` (in-memory cache, then the on-disk cache)."""
    if devs is None:
        devs = (default_device(),)
    key = (text, tuple(devs), num_replicas)
    exe = _compile_cache.get(key)
    if exe is not None:
        return exe
    c = client()
    dev_list = xc.DeviceList(tuple(devs))
    loaded = None
    cache_dir = _cache_dir()
    path = None
    if cache_dir is not None:
        path = os.path.join(cache_dir, _disk_key(text, devs, num_replicas) + ".xex")
        try:
            with open(path, "rb") as f:
                blob = f.read()
            loaded = c.deserialize_executable(blob, dev_list, _compile_options(num_replicas, devs))
        except (OSError, XlaRuntimeError, ValueError):
            loaded = None
    if loaded is None:
        loaded = c.compile_and_load(text, dev_list, _compile_options(num_replicas, devs))
        if path is not None:
            _write_cache_file(path, loaded)
    exe = _compile_cache[key] = Executable(loaded, out_avals, devs, text)
    return exe


def _write_cache_file(path: str, loaded: Any) -> None:
    try:
        blob = loaded.serialize()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
    except (OSError, XlaRuntimeError):
        pass  # the cache is an optimization; a read-only or full disk must not break compiling


# ----------------------------------------------------------------------------- LAPACK

_lapack_registered = False


def register_lapack() -> None:
    """Register jaxlib's LAPACK FFI targets for the CPU (idempotent)."""
    global _lapack_registered
    if _lapack_registered:
        return
    from jaxlib import lapack  # on first use: only the CPU linalg lowerings need it

    lapack._lapack.initialize()
    for platform, targets in lapack.registrations().items():
        for name, capsule, api_version in targets:
            xc.register_custom_call_target(name, capsule, platform, api_version)
    _lapack_registered = True
