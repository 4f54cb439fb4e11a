"""The bottom of the NumPy layer: array construction and the argument handling every NumPy
function uses (conversion, NumPy 2 promotion, broadcasting, axes and shapes).

Everything else in ``_src/numpy`` is written over this module and lax; this module imports
no other module of the NumPy layer.

NumPy's n-ary promotion is not a fold of pairwise promotion (``result_type(int8, uint8,
float16)`` is float16, though ``int8 + uint8`` is int16 and ``int16 + float16`` is float32), and
Python *types* (``int``, ``float``) promote as strong dtypes where Python *values* are weak.
So the public ``result_type`` and the functions that promote many arrays at once (concatenate,
stack, where, ``array`` of a list of arrays, ...) ask NumPy itself; bfloat16, which NumPy
lacks, uses xnp's table.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, custom_derivatives, dispatch, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.typing import ArrayLike, DTypeLike


def is_arraylike(x: Any) -> bool:
    return isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic) or dtypes.is_python_scalar(x)  # noqa: E501


def asarray(x: Any, name: str = "xnp") -> Any:
    """An xnp array or tracer for ``x`` (scalars stay weakly typed)."""
    if type(x) is ndarray or isinstance(x, core.Tracer):
        return x
    if dtypes.is_python_scalar(x):
        dt, weak = dtypes.dtype_and_weak(x)
        return dispatch.scalar_const(x, dt, weak)
    if isinstance(x, ndarray):
        return x
    if isinstance(x, onp.ndarray | onp.generic):
        _check_host_dtype(name, x.dtype)
        return ndarray.from_host(x)
    if isinstance(x, list | tuple):
        return array(x)
    if hasattr(x, "__array__"):
        arr = onp.asarray(x)
        _check_host_dtype(name, arr.dtype)
        return ndarray.from_host(arr)
    raise TypeError(f"{name}: expected an array-like, got {type(x).__name__} ({x!r:.60})")


def host_value(name: str, a: Any, doing: str, hint: str) -> Any:
    """The host (NumPy) value of array or tracer ``a``; other objects as they are. A tracer
    with no concrete value raises ConcretizationTypeError: ``name`` cannot ``doing`` it while
    tracing (``hint`` says what to do instead)."""
    if isinstance(a, core.Tracer):
        value = a.to_concrete_value()
        if value is None:
            raise core.ConcretizationTypeError(
                f"{name}: a traced array has no value to {doing} while the function is being "
                f"traced ({hint})"
            )
        return onp.asarray(value)
    if isinstance(a, ndarray):
        return onp.asarray(a._value)
    return a


def _check_host_dtype(name: str, dt: onp.dtype) -> None:
    if dt.kind in "OUSVMm" and dt != dtypes.bfloat16:
        raise TypeError(f"{name}: arrays of dtype {dt} are not supported by xnp")


def promote_dtypes(name: str, *args: ArrayLike) -> list[Any]:
    """Convert ``args`` to arrays of their common NumPy 2 result dtype (NEP 50)."""
    arrs = [a if dtypes.is_python_scalar(a) else asarray(a, name) for a in args]
    dt, weak = dtypes.result_type(*arrs, return_weak_type=True)
    out = []
    for a in arrs:
        if dtypes.is_python_scalar(a):
            out.append(dispatch.scalar_const(a, dt, weak))
        elif a.dtype != dt or a.aval.weak_type != weak:
            out.append(lax_shapes.convert_element_type(a, dt, weak))
        else:
            out.append(a)
    return out


def rounded(x: Any) -> Any:
    """``x`` itself, rounded to its dtype before whatever uses it (see ``_rounded``). A
    concrete array already is: only a traced value needs the barrier, and eagerly it would
    cost a trace and a few dispatches per call."""
    if not isinstance(x, core.Tracer):
        return x
    return _rounded(x)


@custom_derivatives.custom_jvp
def _rounded(x: Any) -> Any:
    """``x`` itself, rounded to its dtype before whatever uses it, as NumPy rounds every
    operation. Under jit XLA's CPU backend lets LLVM contract a multiply feeding an add into
    one fused multiply-add (so ``-0.5 + 5 * 0.1`` came out 2.8e-17, not 0.0) and keeps
    float16 intermediates in float32 (so ``65504 * -1.5 + 65504`` did not overflow);
    optimization barriers are removed before code generation. So a real float goes through
    its integer bits, or-ed with ``isnan(x)`` (zero unless ``x`` is NaN, which stays NaN),
    which LLVM cannot see through. Complex values are returned as they are."""
    dt = onp.dtype(x.dtype)
    if dt.kind != "f":
        return x
    bits = onp.dtype(f"uint{dt.itemsize * 8}")
    nan = lax_shapes.convert_element_type(lax.ne(x, x), bits)
    as_int = lax_shapes.bitcast_convert_type(x, bits)
    return lax_shapes.bitcast_convert_type(lax.bitwise_or(as_int, nan), dt)


_rounded.defjvps(lambda g, ans, x: g)  # the identity (the bit trick has no derivative)


def broadcast_shapes(name: str, *shapes: Sequence[int]) -> tuple[int, ...]:
    """NumPy's broadcast of shapes; ValueError naming the operation and shapes otherwise."""
    if len(shapes) == 1:
        return tuple(shapes[0])
    ndim = max(len(s) for s in shapes)
    out = []
    for i in range(ndim):
        size = 1
        for s in shapes:
            j = i - (ndim - len(s))
            if j < 0:
                continue
            d = s[j]
            if d != 1:
                if size != 1 and d != size:
                    got = " ".join(str(tuple(s)) for s in shapes)
                    raise ValueError(
                        f"{name}: operands could not be broadcast together with shapes {got}"
                    )
                size = d
        out.append(size)
    return tuple(out)


def broadcast_to(x: Any, shape: Sequence[int], name: str = "broadcast_to") -> Any:
    x = asarray(x, name)
    shape = tuple(int(d) for d in shape)
    if x.shape == shape:
        return x
    if len(shape) < x.ndim or broadcast_shapes(name, x.shape, shape) != shape:
        raise ValueError(f"{name}: cannot broadcast an array of shape {x.shape} to {shape}")
    offset = len(shape) - x.ndim
    squeezed = [i for i, d in enumerate(x.shape) if d == 1 and shape[i + offset] != 1]
    if squeezed:
        x = lax_shapes.reshape(x, tuple(d for i, d in enumerate(x.shape) if i not in squeezed))
    dims = [i + offset for i in range(len(x.shape) + len(squeezed)) if i not in squeezed]
    return lax_shapes.broadcast_in_dim(x, shape, dims)


def promote_args(name: str, *args: ArrayLike) -> list[Any]:
    """Promote dtypes and broadcast shapes, as a NumPy ufunc does with its inputs."""
    arrs = promote_dtypes(name, *args)
    if len(arrs) > 1:
        shape = broadcast_shapes(name, *(a.shape for a in arrs))
        arrs = [broadcast_to(a, shape, name) for a in arrs]
    return arrs


def canonical_axes(name: str, axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, int or sequence) as sorted non-negative axes; AxisError-like ValueError."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int | onp.integer) or hasattr(axis, "__index__") and not isinstance(
        axis, tuple | list
    ):
        axis = (int(axis),)
    out = []
    for a in axis:
        a = int(a)
        if not -ndim <= a < ndim:
            raise onp.exceptions.AxisError(
                f"{name}: axis {a} is out of bounds for array of dimension {ndim}"
            )
        out.append(a % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{name}: duplicate value in 'axis': {tuple(axis)}")
    return tuple(out)


# ----------------------------------------------------------------------------- promotion

_PY_TYPES = (builtins.bool, builtins.int, builtins.float, builtins.complex)
_WEAK_PLACEHOLDER = {"b": False, "i": 0, "u": 0, "f": 0.0, "c": 0j}


def _as_numpy_operand(x: Any) -> Any:
    """A dtype, or a Python scalar standing for a weak value."""
    if x is None:
        raise TypeError("result_type: None is not a dtype or array")
    if isinstance(x, type) and x in _PY_TYPES:
        return onp.dtype(x)
    if dtypes.is_python_scalar(x):
        return x
    if isinstance(x, onp.dtype | str) or isinstance(x, type):
        return dtypes.to_dtype(x)
    aval = getattr(x, "aval", None)
    if aval is not None:
        if aval.weak_type and aval.dtype != onp.bool_:
            return _WEAK_PLACEHOLDER[dtypes.kind(aval.dtype)]
        return aval.dtype
    dt = getattr(x, "dtype", None)
    if dt is not None:
        return dtypes.to_dtype(dt)
    return onp.asarray(x).dtype


def result_type(*args: Any, return_weak_type: bool = False) -> Any:
    """NumPy's ``result_type``: the dtype NumPy 2 gives an operation on ``args`` (dtypes,
    arrays, Python scalars, which are weak by NEP 50); bfloat16 promotes as in JAX."""
    if not args:
        raise ValueError("at least one array or dtype is required")
    ops = [_as_numpy_operand(a) for a in args]
    weak = all(dtypes.is_python_scalar(o) for o in ops)
    if any(isinstance(o, onp.dtype) and o == dtypes.bfloat16 for o in ops):
        dt, weak = dtypes.promote([(o, False) if isinstance(o, onp.dtype) else
                                   dtypes.dtype_and_weak(o) for o in ops])  # fmt: skip
    else:
        dt = onp.result_type(*ops)
    dt = dtypes.canonicalize_dtype(dt)
    return (dt, weak) if return_weak_type else dt


def promote(name: str, *args: Any) -> list[Any]:
    """``args`` as arrays of their NumPy result dtype (weak only if every one is weak)."""
    arrs = [a if isinstance(a, core.Tracer) else asarray(a, name) for a in args]
    dt, weak = result_type(*args, return_weak_type=True)
    return [a if a.dtype == dt and a.aval.weak_type == weak else
            lax_shapes.convert_element_type(a, dt, weak) for a in arrs]  # fmt: skip


# ----------------------------------------------------------------------------- construction

def canonical_dtype(dtype: DTypeLike) -> onp.dtype | None:
    return None if dtype is None else dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))


canonical_shape = lax_utils.canonical_shape


def host_array(name: str, obj: Any, dtype: onp.dtype | None) -> onp.ndarray:
    # bfloat16 through float32: NumPy cannot always convert Python data straight to it.
    if dtype == dtypes.bfloat16:
        return onp.asarray(onp.asarray(obj, onp.float32), dtype)
    host = onp.asarray(obj) if dtype is None else onp.asarray(obj, dtype=dtype)
    if host.dtype.kind in "OUSVMm" and host.dtype != dtypes.bfloat16:
        raise TypeError(f"{name}: cannot make an xnp array from {type(obj).__name__} (NumPy "
                        f"dtype {host.dtype})")  # fmt: skip
    return host


def array(object: Any, dtype: DTypeLike = None, copy: bool = True, ndmin: int = 0,  # noqa: A002
          order: Any = None) -> Any:  # fmt: skip
    """NumPy's ``array``: from scalars, nested sequences, NumPy arrays and xnp arrays (also
    sequences holding traced arrays). The result is never weakly typed: ``array(1.5)`` is a
    float64 array, as in NumPy. ``copy`` and ``order`` have no effect (arrays are values)."""
    dt = canonical_dtype(dtype)
    if isinstance(object, ndarray | core.Tracer):
        out = lax_shapes.convert_element_type(object, object.dtype if dt is None else dt, False)
    elif isinstance(object, list | tuple) and contains_array(object):
        out = _stack_parts("array", [array(o) for o in object])
        if dt is not None:
            out = lax_shapes.convert_element_type(out, dt)
    else:
        host = host_array("array", object, dt)
        out = ndarray.from_host(host, dt)
    if ndmin and out.ndim < ndmin:
        out = lax_shapes.reshape(out, (1,) * (ndmin - out.ndim) + out.shape)
    if out is object and type(out) is ndarray:
        # A new Python object over the same (immutable) buffer: mutating the copy through
        # `y[i] = v` rebinds only the copy, as with NumPy's copy.
        out = ndarray(out._buf, out.aval, out._device, out._npy)
    return out


def contains_array(seq: Any) -> bool:
    for x in seq:
        if isinstance(x, core.Tracer | ndarray):
            return True
        if isinstance(x, list | tuple) and contains_array(x):
            return True
    return False


def _stack_parts(name: str, parts: list[Any]) -> Any:
    """Strong arrays of one shape stacked along a new leading axis, at their NumPy result
    dtype (``array`` of a sequence holding xnp arrays or tracers)."""
    shapes = {a.shape for a in parts}
    if len(shapes) != 1:
        raise ValueError(
            f"{name}: setting an array element with a sequence. The requested array has an "
            f"inhomogeneous shape: the sequence holds arrays of shapes {sorted(shapes)}"
        )
    dt = result_type(*parts)
    parts = [lax_shapes.convert_element_type(a, dt, False) if a.dtype != dt else a
             for a in parts]  # fmt: skip
    return lax_shapes.concatenate([lax_shapes.expand_dims(a, (0,)) for a in parts], 0)
