"""Eager execution: one primitive at a time, and running compiled jaxprs on concrete arrays.

``apply_primitive`` is the hot path of every eager operation: it turns the operands into
device buffers, finds (or compiles) the one-primitive executable for their avals and the
parameters, runs it, and wraps the results.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import backend, cache, core, dtypes
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.interpreters import host, lowering


def to_array(x: Any) -> ndarray:
    """A concrete xnp array for an eager operand (NumPy array, scalar, xnp array)."""
    if type(x) is ndarray:
        return x
    if isinstance(x, core.Tracer):
        raise core.UnexpectedTracerError(
            f"a tracer {x.aval.str_short()} escaped the transformation that made it and "
            "reached an eager operation (was it stored in a global or a closure?)"
        )
    if dtypes.is_python_scalar(x):
        dt, weak = dtypes.dtype_and_weak(x)
        return scalar_const(x, dt, weak)
    if isinstance(x, ndarray):
        return x
    if isinstance(x, onp.ndarray | onp.generic):
        return ndarray.from_host(x)
    if hasattr(x, "__array__") or isinstance(x, list | tuple):
        return ndarray.from_host(onp.asarray(x))
    raise TypeError(f"{type(x).__name__} is not a valid xnp array type: {x!r}")


_scalar_cache: dict[tuple, ndarray] = {}


def scalar_const(value: Any, dtype: Any, weak_type: bool = True) -> ndarray:
    """A 0-d array of ``value`` cast to ``dtype`` (cached: scalars recur in eager code)."""
    dtype = dtypes.canonicalize_dtype(dtype)
    t = type(value)
    key = (t, value, math.copysign(1.0, value) if t is float else 0, dtype, weak_type)
    try:
        arr = _scalar_cache.get(key)
    except TypeError:
        arr = None
    if arr is None:
        npy = _cast_scalar(value, dtype)
        npy.flags.writeable = False
        arr = ndarray(None, core.ShapedArray((), dtype, weak_type), None, npy)
        if len(_scalar_cache) > 4096:
            _scalar_cache.clear()
        if value == value:  # NaN keys never hit
            _scalar_cache[key] = arr
    return arr


def _cast_scalar(value: Any, dtype: onp.dtype) -> onp.ndarray:
    if dtypes.kind(dtype) in "iu" and isinstance(value, int) and not isinstance(value, bool):
        info = onp.iinfo(dtype)
        if not info.min <= value <= info.max:
            raise OverflowError(f"Python integer {value} out of bounds for {dtype}")
    with onp.errstate(over="ignore", invalid="ignore"):
        if dtypes.kind(dtype) not in "c" and isinstance(value, complex):
            raise TypeError(f"cannot convert complex {value} to {dtype}")
        return onp.array(value, dtype=dtype)


# ----------------------------------------------------------------------------- eager ops


class CacheStats:
    """Counters of the eager caches (``xnp.cache_info()`` reads them).

    ``primitive_*``: one-primitive programs (``apply_primitive``); ``staged_*``: library
    functions compiled once per signature (``staged.py``); ``host_calls``: eager work run
    with NumPy instead (``interpreters/host.py``). A miss compiles (or loads from the
    disk cache) one XLA program; ``backend.stats`` counts the XLA compiles themselves.
    """

    __slots__ = (
        "primitive_hits",
        "primitive_compiles",
        "staged_hits",
        "staged_compiles",
        "host_calls",
    )

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.primitive_hits = self.primitive_compiles = 0
        self.staged_hits = self.staged_compiles = 0
        self.host_calls = 0


stats = CacheStats()
# (primitive, avals, params, device, config state) -> (executable, out avals); bounded by
# config.cache_size (the oldest entry goes first).
_eager_cache = cache.Cache("eager")
_host_avals = cache.Cache("host-avals")


def cache_info() -> dict[str, int]:
    """Eager cache counters and sizes, and how many XLA programs were compiled or loaded."""
    return {
        "primitive_hits": stats.primitive_hits,
        "primitive_compiles": stats.primitive_compiles,
        "primitive_entries": len(_eager_cache),
        "staged_hits": stats.staged_hits,
        "staged_compiles": stats.staged_compiles,
        "host_calls": stats.host_calls,
        "xla_compiles": backend.stats["compiles"],
        "disk_cache_loads": backend.stats["disk_loads"],
        "caches": cache.cache_info(),
    }




# A small operand that lives only on the device (an XLA result) is read back to the host,
# which costs a few microseconds, rather than compiling a program for the operation.
PULL_MAX_SIZE = 1 << 16


def host_eligible(arrays: Sequence[ndarray]) -> bool:
    """Whether eager work on ``arrays`` runs on the host (see ``interpreters/host.py``)."""
    if not config.host_execution:
        return False
    limit = config.host_max_size
    pull = []
    for x in arrays:
        if x._device is not None:
            return False
        npy = x._npy
        if npy is None:
            if math.prod(x.aval.shape) > min(limit, PULL_MAX_SIZE):
                return False
            pull.append(x)
        elif npy.size > limit:
            return False
    if not cpu_platform():
        return False
    for x in pull:
        x._value  # noqa: B018 (reads the value once and keeps it)
    return True


_platform: list[bool] = []


def cpu_platform() -> bool:
    """Whether the default device is a CPU (the host path only runs there)."""
    if not _platform:
        _platform.append(backend.default_device().platform == "cpu")
    return _platform[0]


def _apply_on_host(prim: core.Primitive, arrays: list[ndarray], params: dict) -> Any:
    avals = tuple(x.aval for x in arrays)
    key = (prim, avals, tuple(params.items()) if params else (), config.state)
    try:
        out_avals = _host_avals.get(key)
    except TypeError as e:
        raise TypeError(f"{prim.name}: parameters must be hashable: {params}") from e
    if out_avals is None:
        out_avals = _host_avals.put(key, prim.eval_abstract(list(avals), params))
    stats.host_calls += 1
    outs = host.run_primitive(prim, [x._npy for x in arrays], params, out_avals)
    results = [ndarray(None, a, None, o) for o, a in zip(outs, out_avals, strict=True)]
    if config.debug_nans:
        check_nans(prim.name, results)
    return results if prim.multiple_results else results[0]


def apply_primitive(prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
    if prim in host.host_impls:
        arrays = [x if type(x) is ndarray else to_array(x) for x in args]
        if (prim not in host.real_only and prim not in host.native_only) or host.has_rule(
            prim, [x.aval for x in arrays]
        ):
            if host_eligible(arrays):
                return _apply_on_host(prim, arrays, params)
        args = arrays
    bufs = []
    avals = []
    device = None
    for x in args:
        if type(x) is not ndarray:
            x = to_array(x)
        b = x._buf
        bufs.append(b if b is not None else x._materialize())
        avals.append(x.aval)
        if x._device is not None and device is None:
            device = x._device
    key = (prim, tuple(avals), tuple(params.items()) if params else (), device, config.state)
    try:
        entry = _eager_cache.get(key)
    except TypeError as e:
        raise TypeError(f"{prim.name}: parameters must be hashable: {params}") from e
    if entry is None:
        skey = _structural_key(key, params)
        entry = _structural_cache.get(skey) if skey is not None else None
        if entry is None:
            stats.primitive_compiles += 1
            entry = _compile_primitive(prim, avals, params, device)
            if skey is not None:
                _structural_cache.put(skey, entry)
        else:
            stats.primitive_hits += 1
        _eager_cache.put(key, entry)
    else:
        stats.primitive_hits += 1
    exe, out_avals = entry
    if device is not None and len(backend.devices()) > 1:
        bufs = [backend.copy_to_device(b, a, device) for b, a in zip(bufs, avals, strict=True)]
    try:
        outs = exe.loaded.execute_sharded(bufs).consume_with_handlers(exe.handlers)
    except backend.XlaRuntimeError as e:
        for x in args:
            if type(x) is ndarray and x._buf is not None and x._buf.is_deleted():
                x._materialize()  # raises the clear "has been deleted" error
        ins = ", ".join(a.str_short() for a in avals)
        outs_ = ", ".join(a.str_short() for a in out_avals)
        raise backend.runtime_error(e, f"eager {prim.name}({ins}) -> {outs_}") from None
    if not prim.multiple_results:
        out = ndarray(outs[0], out_avals[0], device)
        if config.debug_nans:
            check_nans(prim.name, [out])
        return out
    results = [ndarray(b, a, device) for b, a in zip(outs, out_avals, strict=True)]
    if config.debug_nans:
        check_nans(prim.name, results)
    return results


# Control-flow primitives (scan, while, cond, ...) carry a jaxpr traced afresh on every eager
# call, and jaxprs compare by identity: keyed by identity alone, an eager ``fori_loop`` in a
# Python loop would compile on every iteration. A miss is therefore looked up again by the
# jaxpr's printed form and constant values.
_structural_cache = cache.Cache("eager-structural")
_MAX_CONST_BYTES = 1 << 20


def _structural_key(key: tuple, params: dict) -> tuple | None:
    if not params or not any(
        isinstance(v, core.ClosedJaxpr | core.Jaxpr | tuple) for v in params.values()
    ):
        return None
    parts = []
    for k, v in params.items():
        fp = _fingerprint(v)
        if fp is _UNKNOWN:
            return None
        parts.append((k, fp))
    return (key[0], key[1], tuple(parts), key[3], key[4])


_UNKNOWN = object()


def _fingerprint(v: Any) -> Any:
    if isinstance(v, core.ClosedJaxpr):
        consts = []
        for c in v.consts:
            a = onp.asarray(c._value if isinstance(c, ndarray) else c)
            if a.nbytes > _MAX_CONST_BYTES or a.dtype == object:
                return _UNKNOWN
            consts.append((a.dtype.str, a.shape, a.tobytes()))
        return ("closed", str(v), tuple(consts))
    if isinstance(v, core.Jaxpr):
        return ("jaxpr", str(v)) if not v.constvars else _UNKNOWN
    if type(v) is tuple:
        out = tuple(_fingerprint(x) for x in v)
        return _UNKNOWN if any(x is _UNKNOWN for x in out) else out
    return v


def _compile_primitive(
    prim: core.Primitive, avals: list[core.ShapedArray], params: dict, device: Any
) -> tuple[backend.Executable, list[core.ShapedArray]]:
    out_avals = prim.eval_abstract(avals, params)
    invars = [core.Var(a) for a in avals]
    outvars = [core.Var(a) for a in out_avals]
    jaxpr = core.Jaxpr([], invars, outvars, [core.JaxprEqn(invars, outvars, prim, params)])
    exe = compile_jaxpr(jaxpr, prim.name, device=device)
    return exe, out_avals


def compile_jaxpr(
    jaxpr: core.Jaxpr, name: str, donated: Sequence[bool] = (), device: Any = None
) -> backend.Executable:
    module = lowering.lower_jaxpr(jaxpr, name, donated)
    text = lowering.module_to_text(module)
    devs = (device,) if device is not None else None
    try:
        return backend.compile(text, [v.aval for v in jaxpr.outvars], devs)
    except backend.XlaRuntimeError as e:
        raise backend.runtime_error(e, f"compiling `{name}`") from None


def check_nans(name: str, outs: Sequence[ndarray]) -> None:
    for x in outs:
        if dtypes.kind(x.dtype) in "fc" and onp.isnan(x._value).any():
            raise FloatingPointError(f"invalid value (nan) encountered in {name}")


core.apply_primitive = apply_primitive
