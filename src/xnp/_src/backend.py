"""The only module that imports jaxlib: client, devices, transfer, compile and execute.

See ``shared/JAXLIB_NOTES.md`` for the facts this module builds on. Everything above it talks
to XLA through these functions and never sees a jaxlib type except as an opaque buffer.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import weakref
from collections.abc import Sequence
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")

import jaxlib.version  # noqa: E402
import numpy as onp  # noqa: E402
from jaxlib import xla_client as xc  # noqa: E402

from xnp._src.config import config  # noqa: E402

Buffer = Any  # a jaxlib ArrayImpl: one device buffer
XlaRuntimeError = xc.XlaRuntimeError


class XnpRuntimeError(RuntimeError):
    """An XLA compile or run failure, its message naming the xnp function and operation first
    (jaxlib's message follows)."""


class OutOfMemoryError(MemoryError):
    """Device memory ran out (XLA's ``RESOURCE_EXHAUSTED``): a ``MemoryError``, as NumPy code
    expects, that keeps jaxlib's message."""


def runtime_error(e: BaseException, what: str) -> Exception:
    """The xnp error to raise for jaxlib error ``e`` met while doing ``what``."""
    if isinstance(e, XnpRuntimeError | OutOfMemoryError):
        return e
    msg = f"{what}: {e}"
    if "RESOURCE_EXHAUSTED" in str(e):
        return OutOfMemoryError(msg)
    return XnpRuntimeError(msg)

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
    try:
        return xc.batched_device_put(
            aval, sharding(device), [value], [device], True, enable_x64=True
        )
    except XlaRuntimeError as e:
        raise runtime_error(e, f"copying {aval} to {device}") from None


def wait(buf: Buffer) -> Buffer:
    """``buf`` once its computation is done. The wait polls rather than blocking inside
    jaxlib, so Ctrl-C interrupts it at once (the computation goes on in the background and the
    process stays usable): it spins for the first ``_SPIN_S`` (most eager and jitted calls end
    well within it, and a sleep costs tens of microseconds of timer slack), then naps with a
    growing period of at most 2 ms."""
    if buf.is_ready():
        return buf
    deadline = time.perf_counter() + _SPIN_S
    while time.perf_counter() < deadline:
        if buf.is_ready():
            return buf
        _yield()
    nap = 2e-5
    while not buf.is_ready():
        time.sleep(nap)
        nap = min(nap * 2, 2e-3)
    return buf


_SPIN_S = 1e-3
_yield = getattr(os, "sched_yield", lambda: None)


def to_numpy(buf: Buffer) -> onp.ndarray:
    """A host copy of a device buffer (waits for it, interruptibly).

    ``numpy.asarray`` on a buffer goes through ``__array__``, which loses ml_dtypes types
    (bfloat16 comes back as object); jaxlib's own conversion keeps them.
    """
    return wait(buf)._single_device_array_to_np_array_did_copy()[0]


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

    __slots__ = ("loaded", "handlers", "devices", "out_avals", "text", "__weakref__")

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
        try:
            return self.loaded.execute_sharded(bufs).consume_with_handlers(self.handlers)
        except XlaRuntimeError as e:
            raise runtime_error(e, "running a compiled program") from None

    def as_text(self) -> str:
        return self.loaded.hlo_modules()[0].to_string()


# (StableHLO text, devices, replicas) -> Executable, held weakly: the jit and eager caches own
# their programs, and a program nobody holds any more (a dropped jitted closure's) is freed.
_compile_cache: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
stats = {"compiles": 0, "disk_loads": 0}  # XLA programs compiled / loaded from the disk cache
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
        blob = _read_cache_file(path)
        if blob is not None:
            try:
                loaded = c.deserialize_executable(
                    blob, dev_list, _compile_options(num_replicas, devs)
                )
            except (XlaRuntimeError, ValueError):
                loaded = None
            else:
                stats["disk_loads"] += 1
    if loaded is None:
        try:
            loaded = c.compile_and_load(text, dev_list, _compile_options(num_replicas, devs))
        except XlaRuntimeError as e:
            raise runtime_error(e, "XLA compilation") from None
        stats["compiles"] += 1
        if path is not None:
            _write_cache_file(path, loaded)
    exe = _compile_cache[key] = Executable(loaded, out_avals, devs, text)
    return exe


_MAGIC = b"XNPX1\n"


def _read_cache_file(path: str) -> bytes | None:
    """The serialized executable in cache file ``path``, or None when it is missing,
    unreadable, truncated or corrupted (checked against the SHA-256 stored with it; a bad file
    is removed so that the recompiled program replaces it)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    n = len(_MAGIC)
    digest, blob = data[n : n + 32], data[n + 32 :]
    if data[:n] != _MAGIC or hashlib.sha256(blob).digest() != digest:
        try:
            os.remove(path)
        except OSError:
            pass
        return None
    try:
        os.utime(path)  # a hit: most recently used, last to be trimmed
    except OSError:
        pass
    return blob


def _write_cache_file(path: str, loaded: Any) -> None:
    # Written to a private temporary name, then renamed: two processes writing the same entry
    # each rename a complete file, and a reader never sees a partial one.
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        raw = loaded.serialize()
        blob = _MAGIC + hashlib.sha256(raw).digest() + raw
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
        _trim_disk_cache(os.path.dirname(path), len(blob))
    except (OSError, XlaRuntimeError):
        # The cache is an optimization: a read-only or full disk must not break compiling.
        try:
            os.remove(tmp)
        except OSError:
            pass


# Bytes this process believes each disk cache directory holds: one directory scan per
# process (at its first write there), then each write adds its size; only when the estimate
# passes the bound is the directory scanned again and the oldest files removed. (Scanning
# on every write cost 0.1 s per compile with 80k cached files.)
_disk_bytes: dict[str, int] = {}


def _trim_disk_cache(cache_dir: str, added: int) -> None:
    """Remove the least recently used ``.xex`` files while the cache exceeds
    ``config.cache_max_bytes`` (hits refresh a file's mtime)."""
    limit = config.cache_max_bytes
    known = _disk_bytes.get(cache_dir)
    if known is not None and known + added <= limit:
        _disk_bytes[cache_dir] = known + added
        return
    entries = []
    total = 0
    with os.scandir(cache_dir) as it:
        for e in it:
            if e.name.endswith(".xex"):
                try:
                    st = e.stat()
                except OSError:
                    continue  # removed by another process meanwhile
                entries.append((st.st_mtime, st.st_size, e.path))
                total += st.st_size
    if total > limit:
        entries.sort()
        target = limit * 9 // 10  # some headroom, so the next writes do not rescan at once
        for _, size, p in entries:
            if total <= target:
                break
            try:
                os.remove(p)
            except OSError:
                pass
            total -= size
    _disk_bytes[cache_dir] = total


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
