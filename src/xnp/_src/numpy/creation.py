"""Array creation: array, asarray, zeros, ones, full, empty, *_like, arange, linspace, eye."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import util

ArrayLike = Any
DTypeLike = Any


def _dtype(dtype: DTypeLike) -> onp.dtype | None:
    return None if dtype is None else dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))


def _shape(name: str, shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int | onp.integer) or hasattr(shape, "__index__") and not isinstance(
        shape, Sequence
    ):
        shape = (shape,)
    try:
        out = tuple(operator.index(d) for d in shape)
    except TypeError:
        raise TypeError(f"{name}: shape must be a sequence of integers, got {shape!r}") from None
    if any(d < 0 for d in out):
        raise ValueError(f"{name}: negative dimensions are not allowed, got {out}")
    return out


def array(object: Any, dtype: DTypeLike = None, copy: bool = True, ndmin: int = 0,  # noqa: A002
          order: Any = None) -> Any:  # fmt: skip
    """NumPy's ``array``: from scalars, nested sequences, NumPy arrays and xnp arrays."""
    dt = _dtype(dtype)
    if isinstance(object, ndarray | core.Tracer):
        out = object if dt is None else lax_shapes.convert_element_type(object, dt)
    elif dtypes.is_python_scalar(object):
        out = dispatch.scalar_const(object, dt if dt is not None else
                                    dtypes.dtype_and_weak(object)[0], False)  # fmt: skip
    elif isinstance(object, list | tuple) and _contains_tracer(object):
        parts = [array(o, dt) for o in object]
        out = stack(parts) if parts else ndarray.from_host(onp.zeros((0,)), dt)
    else:
        host = onp.asarray(object) if dt is None else onp.asarray(object, dtype=dt)
        if host.dtype.kind in "OUSVMm":
            raise TypeError(f"array: cannot make an xnp array from {type(object).__name__} "
                            f"(NumPy dtype {host.dtype})")  # fmt: skip
        out = ndarray.from_host(host, dt)
    if ndmin and out.ndim < ndmin:
        out = lax_shapes.reshape(out, (1,) * (ndmin - out.ndim) + out.shape)
    return out


def _contains_tracer(seq: Any) -> bool:
    for x in seq:
        if isinstance(x, core.Tracer | ndarray):
            return True
        if isinstance(x, list | tuple) and _contains_tracer(x):
            return True
    return False


def asarray(a: Any, dtype: DTypeLike = None, order: Any = None, copy: Any = None) -> Any:
    """NumPy's ``asarray`` (no copy for an xnp array of the right dtype)."""
    if dtype is None and (type(a) is ndarray or isinstance(a, core.Tracer)):
        return a
    return array(a, dtype=dtype)


def stack(arrays: Sequence[ArrayLike], axis: int = 0) -> Any:
    from xnp._src.numpy import lax_numpy

    return lax_numpy.stack(arrays, axis)


def full(shape: Any, fill_value: ArrayLike, dtype: DTypeLike = None) -> Any:
    """An array of ``shape`` filled with ``fill_value``."""
    shape = _shape("full", shape)
    dt = _dtype(dtype)
    if dtypes.is_python_scalar(fill_value) or isinstance(fill_value, onp.generic):
        if dt is None:
            dt = dtypes.canonicalize_dtype(dtypes.dtype_and_weak(fill_value)[0])
        return lax_utils.full(shape, fill_value, dt)
    fill = asarray(fill_value, dt)
    return util.broadcast_to(fill, shape, "full")


def zeros(shape: Any, dtype: DTypeLike = None) -> Any:
    """An array of zeros (float64 by default)."""
    return lax_utils.full(_shape("zeros", shape), 0, _dtype(dtype) or dtypes.float_())


def ones(shape: Any, dtype: DTypeLike = None) -> Any:
    """An array of ones (float64 by default)."""
    return lax_utils.full(_shape("ones", shape), 1, _dtype(dtype) or dtypes.float_())


def empty(shape: Any, dtype: DTypeLike = None) -> Any:
    """Like ``zeros``: XLA buffers are always initialized."""
    return zeros(shape, dtype)


def _like(name: str, a: ArrayLike, dtype: DTypeLike, shape: Any) -> tuple[tuple, onp.dtype]:
    if shape is None:
        shape = onp.shape(a) if not hasattr(a, "shape") else a.shape
    dt = _dtype(dtype)
    if dt is None:
        dt = dtypes.canonicalize_dtype(dtypes.dtype_and_weak(a)[0] if not isinstance(
            a, list | tuple) else onp.asarray(a).dtype)  # fmt: skip
    return _shape(name, shape), dt


def zeros_like(a: ArrayLike, dtype: DTypeLike = None, shape: Any = None) -> Any:
    s, dt = _like("zeros_like", a, dtype, shape)
    return lax_utils.full(s, 0, dt)


def ones_like(a: ArrayLike, dtype: DTypeLike = None, shape: Any = None) -> Any:
    s, dt = _like("ones_like", a, dtype, shape)
    return lax_utils.full(s, 1, dt)


def empty_like(a: ArrayLike, dtype: DTypeLike = None, shape: Any = None) -> Any:
    return zeros_like(a, dtype, shape)


def full_like(a: ArrayLike, fill_value: ArrayLike, dtype: DTypeLike = None,
              shape: Any = None) -> Any:  # fmt: skip
    s, dt = _like("full_like", a, dtype, shape)
    if dtypes.is_python_scalar(fill_value) or isinstance(fill_value, onp.generic):
        return lax_utils.full(s, fill_value, dt)
    return util.broadcast_to(asarray(fill_value, dt), s, "full_like")


def _concrete_scalar(name: str, x: Any) -> Any:
    if isinstance(x, core.Tracer):
        raise core.ConcretizationTypeError(
            f"{name}: its arguments must be concrete (they set the output shape); got a traced "
            f"{x.aval.str_short()}. Pass it as a static argument."
        )
    if isinstance(x, ndarray):
        return x.item()
    return x


def arange(start: ArrayLike, stop: ArrayLike = None, step: ArrayLike = None,
           dtype: DTypeLike = None) -> Any:  # fmt: skip
    """NumPy's ``arange`` (start, stop and step must be concrete)."""
    start = _concrete_scalar("arange", start)
    stop = _concrete_scalar("arange", stop)
    step = _concrete_scalar("arange", step)
    if stop is None and step is None:
        host = onp.arange(start, dtype=_dtype(dtype))
    else:
        host = onp.arange(start, stop, step, dtype=_dtype(dtype))
    dt = _dtype(dtype) or dtypes.canonicalize_dtype(host.dtype)
    if dt.kind in "iu" and host.dtype.kind in "iu" and host.size > 16:
        # Large integer ranges are generated on the device instead of copied there.
        first = int(host[0])
        stride = int(host[1] - host[0]) if host.size > 1 else 1
        from xnp._src.lax import elementwise as lax

        r = lax_shapes.iota(dt, host.size)
        if stride != 1:
            r = lax.mul(r, stride)
        if first:
            r = lax.add(r, first)
        return r
    return ndarray.from_host(host, dt)


def linspace(start: ArrayLike, stop: ArrayLike, num: int = 50, endpoint: bool = True,
             retstep: bool = False, dtype: DTypeLike = None, axis: int = 0) -> Any:  # fmt: skip
    """NumPy's ``linspace`` (``start``/``stop`` may be arrays; ``num`` is static)."""
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"linspace: number of samples, {num}, must be non-negative")
    if not isinstance(start, core.Tracer) and not isinstance(stop, core.Tracer):
        s = onp.asarray(start)
        e = onp.asarray(stop)
        host, step = onp.linspace(s, e, num, endpoint=endpoint, retstep=True, axis=axis)
        dt = _dtype(dtype)
        if dt is None:
            dt = dtypes.canonicalize_dtype(dtypes.result_type(start, stop, float))
        out = ndarray.from_host(host.astype(dt) if dt.kind not in "iu" else onp.floor(
            host).astype(dt))  # fmt: skip
        return (out, step) if retstep else out
    from xnp._src.numpy import lax_numpy
    from xnp._src.numpy import ufuncs as uf

    dt = _dtype(dtype) or dtypes.float_()
    start, stop = util.promote_dtypes("linspace", start, stop, 1.0)[:2]
    div = (num - 1) if endpoint else num
    step = uf.divide(uf.subtract(stop, start), max(div, 1))
    idx = lax_shapes.iota(start.dtype, num)
    shape = util.broadcast_shapes("linspace", start.shape, stop.shape)
    idx = lax_shapes.broadcast_in_dim(idx, (num, *shape), (0,))
    out = uf.add(start, uf.multiply(idx, step))
    if endpoint and num > 1:
        out = lax_numpy.concatenate([out[:-1], lax_numpy.expand_dims(
            util.broadcast_to(stop, shape), 0)])  # fmt: skip
    out = lax_numpy.moveaxis(out, 0, axis)
    out = lax_shapes.convert_element_type(out, dt)
    return (out, step) if retstep else out


def eye(N: int, M: int | None = None, k: int = 0, dtype: DTypeLike = None) -> Any:  # noqa: N803
    """A 2-d array with ones on the ``k``-th diagonal."""
    from xnp._src.lax import elementwise as lax

    n = operator.index(N)
    m = n if M is None else operator.index(M)
    if n < 0 or m < 0:
        raise ValueError(f"eye: negative dimensions are not allowed, got N={n}, M={m}")
    dt = _dtype(dtype) or dtypes.float_()
    rows = lax_shapes.broadcasted_iota(onp.int32, (n, m), 0)
    cols = lax_shapes.broadcasted_iota(onp.int32, (n, m), 1)
    return lax_shapes.convert_element_type(lax.eq(lax.add(rows, int(k)), cols), dt)


def identity(n: int, dtype: DTypeLike = None) -> Any:
    return eye(n, dtype=dtype)
