"""Operators and NumPy methods, installed on both ``xnp.ndarray`` and ``core.Tracer``.

One table, so ``x + y``, ``x.sum()`` and ``x[i]`` behave the same eagerly and under every
transformation.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import core, dtypes, staged
from xnp._src import jit as jit_mod
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.interpreters import host
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, elementwise, indexing, lax_numpy, reductions, ufuncs

# The eager fast path of an operator on host-resident operands (the common small-array case):
# once the staged program has run on the host for a signature, later calls with that signature
# call the NumPy ufunc the host rules would run, skipping the program's steps (the scalar's
# conversion and broadcast). The result dtype is the one xnp computed; a NumPy result of any
# other dtype or shape falls back to the program.
_FAST_UFUNCS = {
    "add": onp.add, "sub": onp.subtract, "mul": onp.multiply, "truediv": onp.true_divide,
    "and": onp.bitwise_and, "or": onp.bitwise_or, "xor": onp.bitwise_xor, "eq": onp.equal,
    "ne": onp.not_equal, "lt": onp.less, "le": onp.less_equal, "gt": onp.greater,
    "ge": onp.greater_equal,
}  # fmt: skip
_FAST_DTYPES = frozenset(
    onp.dtype(d)
    for d in ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float32", "float64", "complex64", "complex128")
)  # fmt: skip
_fast_out: dict = {}  # (name, reflected, aval, operand key, config state) -> result aval
_eval_trace = core.eval_trace
_trace_ctx = core.trace_ctx


def _fast_key(name: str, reflected: bool, self: Any, other: Any, t: type) -> tuple | None:
    if type(self) is not ndarray or self._npy is None or self._device is not None:
        return None
    if t is ndarray:
        if other._npy is None or other._device is not None:
            return None
        okey = other.aval
    elif t is float or t is int:
        okey = t
    else:
        return None
    if _trace_ctx.trace is not _eval_trace or self.aval.dtype not in _FAST_DTYPES:
        return None
    return (name, reflected, self.aval, okey, config.state)


def _fast_call(key: tuple, ufn: Any, self: Any, other: Any, t: type, reflected: bool) -> Any:
    out = _fast_out.get(key)
    if out is None or config.debug_nans or not config.host_execution:
        return None
    o = other._npy if t is ndarray else other
    token = host.errvar.set(host.ignore_errors)
    try:
        r = ufn(o, self._npy) if reflected else ufn(self._npy, o)
    finally:
        host.errvar.reset(token)
    if type(r) is not onp.ndarray:
        r = onp.asarray(r)
    if r.dtype != out.dtype or r.shape != out.shape:
        return None
    r.flags.writeable = False
    return ndarray(None, out, None, r)


def _learn(key: tuple | None, result: Any) -> Any:
    if key is not None and type(result) is ndarray and result._npy is not None:
        _fast_out[key] = result.aval
    return result


def _forward(fn: Callable, name: str = "") -> Callable:
    # Operators run as one compiled program eagerly (inlined under other traces).
    jfn = staged.staged(fn, name=name)
    ufn = _FAST_UFUNCS.get(name) if host.errvar is not None else None

    def op(self: Any, other: Any) -> Any:
        t = type(other)
        if t is int:
            special = _python_int_operand(name, fn, self, other)
            if special is not None:
                return special()
        elif t is list or t is tuple:
            other = creation.asarray(other)
            t = type(other)
        elif t is not float and t is not ndarray and not _accepts(other):
            return NotImplemented
        if ufn is not None:
            key = _fast_key(name, False, self, other, t)
            if key is not None:
                r = _fast_call(key, ufn, self, other, t, False)
                return r if r is not None else _learn(key, jfn(self, other))
        return jfn(self, other)

    return op


def _reflected(fn: Callable, name: str = "") -> Callable:
    jfn = staged.staged(fn, name=name)
    ufn = _FAST_UFUNCS.get(name) if host.errvar is not None else None

    def op(self: Any, other: Any) -> Any:
        t = type(other)
        if t is int:
            if _out_of_range(self, other):
                return fn(other, self)  # the ufunc raises NumPy's OverflowError
        elif t is list or t is tuple:
            other = creation.asarray(other)
            t = type(other)
        elif t is not float and t is not ndarray and not _accepts(other):
            return NotImplemented
        if ufn is not None:
            key = _fast_key(name, True, self, other, t)
            if key is not None:
                r = _fast_call(key, ufn, self, other, t, True)
                return r if r is not None else _learn(key, jfn(other, self))
        return jfn(other, self)

    return op


def _power_static(x: Any, *, y: int) -> Any:
    return ufuncs.power(x, y)


# x ** n with a Python integer n: n is static (unrolled multiplications, NumPy's errors).
_power_static_jit = staged.staged(_power_static)


def _out_of_range(arr: Any, value: int) -> bool:
    if 0 <= value < 128 or dtypes.kind(arr.dtype) not in "iu":
        return False  # (every integer dtype holds the small values)
    info = onp.iinfo(arr.dtype)
    return not info.min <= value <= info.max


def _python_int_operand(name: str, fn: Callable, arr: Any, value: int) -> Callable | None:
    """A Python integer operand whose value NumPy looks at (a traced one could not be): the
    range check and exact out-of-range comparisons run the ufunc on the value itself."""
    if name == "pow":
        return lambda: _power_static_jit(arr, y=value)
    if _out_of_range(arr, value):
        return lambda: fn(arr, value)
    return None


def _accepts(x: Any) -> bool:
    return isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic | list | tuple) or (
        dtypes.is_python_scalar(x)
    )


def _divmod(a: Any, b: Any) -> tuple[Any, Any]:
    return ufuncs.floor_divide(a, b), ufuncs.remainder(a, b)


BINARY_OPERATORS = {
    "add": ufuncs.add, "sub": ufuncs.subtract, "mul": ufuncs.multiply,
    "truediv": ufuncs.divide, "floordiv": ufuncs.floor_divide, "mod": ufuncs.remainder,
    "pow": ufuncs.power, "matmul": lax_numpy.matmul, "and": ufuncs.bitwise_and,
    "or": ufuncs.bitwise_or, "xor": ufuncs.bitwise_xor, "lshift": ufuncs.left_shift,
    "rshift": ufuncs.right_shift, "divmod": _divmod,
}  # fmt: skip

COMPARISONS = {
    "eq": ufuncs.equal, "ne": ufuncs.not_equal, "lt": ufuncs.less, "le": ufuncs.less_equal,
    "gt": ufuncs.greater, "ge": ufuncs.greater_equal,
}  # fmt: skip

UNARY_OPERATORS = {
    "neg": ufuncs.negative, "pos": ufuncs.positive, "abs": ufuncs.absolute,
    "invert": ufuncs.invert,
}  # fmt: skip


def _astype(self: Any, dtype: Any, copy: bool = True) -> Any:
    return lax_shapes.convert_element_type(self, dtypes.to_dtype(dtype))


def _reshape(self: Any, *shape: Any, order: str = "C") -> Any:
    if len(shape) == 1 and not isinstance(shape[0], int | onp.integer):
        shape = shape[0]
    return lax_numpy.reshape(self, shape, order)


def _transpose(self: Any, *axes: Any) -> Any:
    if len(axes) == 1 and (axes[0] is None or not isinstance(axes[0], int | onp.integer)):
        axes = axes[0]
    return lax_numpy.transpose(self, axes or None)


def _getitem(self: Any, idx: Any) -> Any:
    return indexing.getitem(self, idx)


def _copy(self: Any) -> Any:
    if isinstance(self, ndarray):
        return ndarray(self._buf, self.aval, self._device, self._npy)
    return self


def _tracer_iter(self: Any) -> Any:
    if not self.shape:
        raise TypeError("iteration over a 0-d array")
    return (self[i] for i in range(self.shape[0]))


METHODS: dict[str, Callable] = {
    "astype": _astype,
    "reshape": _reshape,
    "transpose": _transpose,
    "T": property(lambda self: lax_numpy.transpose(self)),
    "mT": property(lambda self: lax_numpy.swapaxes(self, -1, -2)),
    "real": property(ufuncs.real),
    "imag": property(ufuncs.imag),
    "conj": ufuncs.conjugate,
    "conjugate": ufuncs.conjugate,
    "sum": reductions.sum,
    "prod": reductions.prod,
    "max": reductions.max,
    "min": reductions.min,
    "mean": reductions.mean,
    "all": reductions.all,
    "any": reductions.any,
    "argmax": reductions.argmax,
    "argmin": reductions.argmin,
    "ravel": lax_numpy.ravel,
    "flatten": lax_numpy.ravel,
    "squeeze": lax_numpy.squeeze,
    "swapaxes": lax_numpy.swapaxes,
    "dot": lax_numpy.dot,
    "round": elementwise.round,
    "clip": elementwise.clip,
    "var": reductions.var,
    "std": reductions.std,
    "ptp": reductions.ptp,
    "copy": _copy,
    "__getitem__": _getitem,
}


def _unary_method(fn: Callable) -> Callable:
    # ufunc objects are not functions, so they would not bind as methods by themselves.
    jfn = staged.staged(fn)
    return lambda self: jfn(self)


# ----------------------------------------------------------------------------- x += y


# An in-place operator on a large array whose buffer nothing else holds runs with that buffer
# donated, so XLA writes the result over it: a fresh buffer of that size costs page faults
# (about a third of the time of `d += v` on 2000x20000 float64), which NumPy's in-place
# operators never pay.
DONATE_MIN_BYTES = 1 << 22


def _measure_refs() -> int:
    """``sys.getrefcount`` of a buffer held by one array's slot and one local variable."""

    class _Probe:
        __slots__ = ("_buf",)

    probe = _Probe()
    probe._buf = object()
    buf = probe._buf
    return sys.getrefcount(buf)


_BUF_REFS = _measure_refs()


def _donates(self: ndarray, other: Any) -> bool:
    buf = self._buf
    if buf is None or self._device is not None or self.nbytes < DONATE_MIN_BYTES:
        return False
    if isinstance(other, ndarray) and other._buf is buf:
        return False
    oshape = onp.shape(other) if not isinstance(other, ndarray) else other.shape
    try:
        if onp.broadcast_shapes(self.shape, oshape) != self.shape:
            return False
    except ValueError:
        return False
    return sys.getrefcount(buf) <= _BUF_REFS  # the slot, `buf` and the argument: as measured


def _inplace_operator(op_name: str, ufunc_name: str, fn: Callable) -> Callable:
    def update(x: Any, other: Any) -> Any:
        return indexing._same_kind_cast(ufunc_name, x, fn(x, other))

    donated = jit_mod.jit(update, donate_argnums=(0,))

    def op(self: ndarray, other: Any) -> Any:
        if not _accepts(other) or not core.is_eval_trace():
            return NotImplemented  # Python falls back to `self = self <op> other`
        if op_name != "matmul" and _donates(self, other):
            indexing.rebind(self, donated(self, other))
            return self
        out = fn(self, other)
        if out.shape != self.shape:
            raise ValueError(
                f"non-broadcastable output operand with shape {self.shape} doesn't match the "
                f"broadcast shape {out.shape}"
            )
        indexing.rebind(self, indexing._same_kind_cast(ufunc_name, self, out))
        return self

    op.__name__ = f"__i{op_name}__"
    return op


_UFUNC_NAMES = {
    "add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
    "floordiv": "floor_divide", "mod": "remainder", "pow": "power", "and": "bitwise_and",
    "or": "bitwise_or", "xor": "bitwise_xor", "lshift": "left_shift", "rshift": "right_shift",
    "matmul": "matmul",
}  # fmt: skip


def install(cls: type) -> None:
    for name, fn in BINARY_OPERATORS.items():
        setattr(cls, f"__{name}__", _forward(fn, name))
        setattr(cls, f"__r{name}__", _reflected(fn, name))
    for name, fn in COMPARISONS.items():
        setattr(cls, f"__{name}__", _forward(fn, name))
    for name, fn in UNARY_OPERATORS.items():
        setattr(cls, f"__{name}__", _unary_method(fn))
    for name, fn in METHODS.items():
        setattr(cls, name, fn)
    if cls is ndarray:  # tracers are values: `t += y` rebinds the name, as Python does
        for op, ufunc_name in _UFUNC_NAMES.items():
            setattr(cls, f"__i{op}__", _inplace_operator(op, ufunc_name, BINARY_OPERATORS[op]))


install(ndarray)
install(core.Tracer)
core.Tracer.__iter__ = _tracer_iter
ndarray.__hash__ = None  # __eq__ is elementwise, as in NumPy
core.Tracer.__hash__ = core.Tracer.__hash__
_ = creation
