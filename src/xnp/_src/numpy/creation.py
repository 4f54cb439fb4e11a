"""Array creation: array, asarray, zeros, ones, full, empty, *_like, arange, linspace, eye.

Host data (Python scalars and sequences, NumPy arrays) is converted by NumPy itself, so dtypes
and errors are NumPy's; the result is canonicalized (32-bit types when x64 is off).
"""

from __future__ import annotations

import operator
import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import device as _device
from xnp._src.numpy import lax_numpy, util
from xnp._src.numpy import ufuncs as uf
from xnp._src.typing import ArrayLike, DTypeLike

# Moved to util (the bottom module of the NumPy layer); the old names keep working.
_dtype = util.canonical_dtype
_shape = util.canonical_shape
_host = util.host_array
_contains_array = util.contains_array
array = util.array


def asarray(a: Any, dtype: DTypeLike = None, order: Any = None, *, device: Any = None,
            copy: bool | None = None) -> Any:  # fmt: skip
    """NumPy's ``asarray``: ``a`` itself if it is an xnp array of the requested dtype (and on
    ``device``). ``copy=False`` raises ValueError when a new array is needed (a cast, a
    transfer, or host data, which xnp always copies); ``copy=True`` returns a new array
    object (arrays are values, so it may share the immutable buffer)."""
    if type(a) is ndarray or isinstance(a, core.Tracer):
        dev = _device.check_device("asarray", device)
        same_dtype = (dtype is None or _dtype(dtype) == a.dtype) and not a.aval.weak_type
        here = dev is None or isinstance(a, core.Tracer) or a.device == dev
        if same_dtype and here:
            return array(a) if copy else a
        if copy is False:
            raise ValueError(f"asarray: copy=False, but a {a.aval.str_short()} array needs a copy "
                             f"to become dtype={dtype!r}, device={device!r}")  # fmt: skip
        return _device.place("asarray", array(a, dtype=dtype), dev)
    if copy is False and not dtypes.is_python_scalar(a):
        raise ValueError(f"asarray: copy=False, but {type(a).__name__} data is always copied "
                         "into an xnp array")  # fmt: skip
    return _device.place("asarray", array(a, dtype=dtype), device)


asanyarray = asarray


def copy(a: ArrayLike, order: Any = None) -> Any:
    """A copy of ``a`` as an xnp array (arrays are values: this is ``asarray``)."""
    return array(a)


def _fill_value(name: str, value: Any, dt: onp.dtype) -> Any:
    """``value`` as a 0-d array of ``dt``, cast as NumPy's ``full`` casts (unsafely, except that
    a Python integer must fit)."""
    if type(value) is int and dtypes.kind(dt) in "iu":
        info = onp.iinfo(dt)
        if not info.min <= value <= info.max:
            raise OverflowError(f"Python integer {value} out of bounds for {dt}")
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if dt == dtypes.bfloat16:
            host = onp.asarray(onp.asarray(value).astype(onp.float32)).astype(dt)
        else:
            host = onp.asarray(value).astype(dt)
    return ndarray.from_host(host)


def _full(name: str, shape: tuple[int, ...], fill_value: Any, dt: onp.dtype | None) -> Any:
    if dtypes.is_python_scalar(fill_value) or isinstance(fill_value, onp.generic | onp.ndarray):
        if dt is None:
            dt = dtypes.canonicalize_dtype(onp.asarray(fill_value).dtype)
        fill = _fill_value(name, fill_value, dt)
    else:
        fill = util.asarray(fill_value, name)
        fill = lax_shapes.convert_element_type(fill, fill.dtype if dt is None else dt, False)
    return util.broadcast_to(fill, shape, name)


def full(shape: Any, fill_value: ArrayLike, dtype: DTypeLike = None, order: Any = None, *,
         device: Any = None) -> Any:  # fmt: skip
    """An array of ``shape`` filled with ``fill_value`` (which broadcasts to ``shape``)."""
    out = _full("full", _shape("full", shape), fill_value, _dtype(dtype))
    return _device.place("full", out, device)


def zeros(shape: Any, dtype: DTypeLike = None, order: Any = None, *, device: Any = None) -> Any:
    """An array of zeros (float64 by default)."""
    out = lax_utils.full(_shape("zeros", shape), 0, _dtype(dtype) or dtypes.float_())
    return _device.place("zeros", out, device)


def ones(shape: Any, dtype: DTypeLike = None, order: Any = None, *, device: Any = None) -> Any:
    """An array of ones (float64 by default)."""
    out = lax_utils.full(_shape("ones", shape), 1, _dtype(dtype) or dtypes.float_())
    return _device.place("ones", out, device)


def empty(shape: Any, dtype: DTypeLike = None, order: Any = None, *, device: Any = None) -> Any:
    """Like ``zeros``: XLA buffers are always initialized."""
    return zeros(_shape("empty", shape), dtype, device=device)


def _like(name: str, a: ArrayLike, dtype: DTypeLike, shape: Any) -> tuple[tuple, onp.dtype]:
    dt = _dtype(dtype)
    if dt is None or shape is None:
        if isinstance(a, ndarray | core.Tracer):
            a_shape, a_dt = a.shape, a.dtype
        else:
            host = onp.asarray(a)
            a_shape, a_dt = host.shape, dtypes.canonicalize_dtype(host.dtype)
        dt = a_dt if dt is None else dt
        shape = a_shape if shape is None else shape
    return _shape(name, shape), dt


def _like_device(a: ArrayLike, device: Any) -> Any:
    # The array API: a *_like result is on ``a``'s device unless ``device`` says otherwise.
    if device is None and type(a) is ndarray and a._device is not None:
        return a._device
    return device


def zeros_like(a: ArrayLike, dtype: DTypeLike = None, order: Any = None, subok: bool = True,
               shape: Any = None, *, device: Any = None) -> Any:  # fmt: skip
    """Zeros with the shape and dtype of ``a`` (either may be overridden)."""
    s, dt = _like("zeros_like", a, dtype, shape)
    return _device.place("zeros_like", lax_utils.full(s, 0, dt), _like_device(a, device))


def ones_like(a: ArrayLike, dtype: DTypeLike = None, order: Any = None, subok: bool = True,
              shape: Any = None, *, device: Any = None) -> Any:  # fmt: skip
    """Ones with the shape and dtype of ``a`` (either may be overridden)."""
    s, dt = _like("ones_like", a, dtype, shape)
    return _device.place("ones_like", lax_utils.full(s, 1, dt), _like_device(a, device))


def empty_like(a: ArrayLike, dtype: DTypeLike = None, order: Any = None, subok: bool = True,
               shape: Any = None, *, device: Any = None) -> Any:  # fmt: skip
    """Like ``zeros_like``: XLA buffers are always initialized."""
    return zeros_like(a, dtype, shape=shape, device=device)


def full_like(a: ArrayLike, fill_value: ArrayLike, dtype: DTypeLike = None, order: Any = None,
              subok: bool = True, shape: Any = None, *, device: Any = None) -> Any:  # fmt: skip
    """``fill_value`` with the shape and dtype of ``a`` (either may be overridden)."""
    s, dt = _like("full_like", a, dtype, shape)
    out = _full("full_like", s, fill_value, dt)
    return _device.place("full_like", out, _like_device(a, device))


def _concrete_scalar(name: str, x: Any) -> Any:
    if isinstance(x, core.Tracer):
        raise core.ConcretizationTypeError(
            f"{name}: its arguments must be concrete (they set the output shape); got a traced "
            f"{x.aval.str_short()}. Pass it as a static argument."
        )
    if isinstance(x, ndarray):
        return x._value[()]
    return x


def arange(start: ArrayLike, stop: ArrayLike = None, step: ArrayLike = None,
           dtype: DTypeLike = None, *, device: Any = None) -> Any:  # fmt: skip
    """NumPy's ``arange`` (start, stop and step must be concrete: they set the length)."""
    return _device.place("arange", _arange(start, stop, step, dtype), device)


def _arange(start: ArrayLike, stop: ArrayLike, step: ArrayLike, dtype: DTypeLike) -> Any:
    start, stop, step = (_concrete_scalar("arange", v) for v in (start, stop, step))
    dt = _dtype(dtype)
    host_dt = onp.float32 if dt == dtypes.bfloat16 else dt
    if stop is None and step is None:
        host = onp.arange(start, dtype=host_dt)
    else:
        host = onp.arange(start, stop, step, dtype=host_dt)
    dt = dt or dtypes.canonicalize_dtype(host.dtype)
    if dtypes.kind(dt) in "iu" and host.dtype.kind in "iu" and host.size > 16:
        # Long integer ranges are generated on the device instead of copied there.
        first = int(host[0])
        stride = int(host[1]) - first
        r = lax_shapes.iota(dt, host.size)
        if stride != 1:
            r = lax.mul(r, lax_utils.full(r.shape, stride, dt))
        if first:
            r = lax.add(r, lax_utils.full(r.shape, first, dt))
        return r
    return ndarray.from_host(host, dt)


def linspace(start: ArrayLike, stop: ArrayLike, num: int = 50, endpoint: bool = True,
             retstep: bool = False, dtype: DTypeLike = None, axis: int = 0, *,
             device: Any = None) -> Any:  # fmt: skip
    """NumPy's ``linspace``; ``num`` is static, ``start``/``stop`` may be arrays (traced too).
    With concrete ends NumPy computes the points, so they match it exactly."""
    out = _linspace(start, stop, num, endpoint, retstep, dtype, axis)
    if retstep:
        return _device.place("linspace", out[0], device), out[1]
    return _device.place("linspace", out, device)


def _linspace(start: ArrayLike, stop: ArrayLike, num: int, endpoint: bool, retstep: bool,
              dtype: DTypeLike, axis: int) -> Any:  # fmt: skip
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    dt = _dtype(dtype)
    if not isinstance(start, core.Tracer) and not isinstance(stop, core.Tracer):
        s, e = (onp.asarray(v._value if isinstance(v, ndarray) else v) for v in (start, stop))
        host_dt = onp.float32 if dt == dtypes.bfloat16 else dt
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            host, step = onp.linspace(s, e, num, endpoint=endpoint, retstep=True,
                                      dtype=host_dt, axis=axis)  # fmt: skip
        out = ndarray.from_host(host, dt)
        return (out, step) if retstep else out
    return _traced_linspace(start, stop, num, endpoint, retstep, dt, axis)


def _traced_linspace(start: Any, stop: Any, num: int, endpoint: bool, retstep: bool,
                     dt: onp.dtype | None, axis: int) -> Any:  # fmt: skip
    start, stop = util.promote("linspace", start, stop, 1.0)[:2]
    div = (num - 1) if endpoint else num
    step = uf.divide(uf.subtract(stop, start), max(div, 1))
    shape = util.broadcast_shapes("linspace", start.shape, stop.shape)
    idx = lax_shapes.broadcast_in_dim(lax_shapes.iota(start.dtype, num), (num, *shape), (0,))
    out = uf.add(start, util.rounded(uf.multiply(idx, step)))  # NumPy: start + round(i * step)
    if endpoint and num > 1:
        last = lax_numpy.expand_dims(util.broadcast_to(stop, shape), 0)
        out = lax_numpy.concatenate([out[:-1], last])
    out = lax_numpy.moveaxis(out, 0, axis)
    if dt is not None:
        out = lax_shapes.convert_element_type(out, dt)
    return (out, step) if retstep else out


def eye(N: int, M: int | None = None, k: int = 0, dtype: DTypeLike = None,  # noqa: N803
        order: Any = None, *, device: Any = None) -> Any:  # fmt: skip
    """A 2-d array with ones on the ``k``-th diagonal (float64 by default)."""
    return _device.place("eye", _eye(N, M, k, dtype), device)


def _eye(N: int, M: int | None, k: int, dtype: DTypeLike) -> Any:  # noqa: N803
    n = operator.index(N)
    m = n if M is None else operator.index(M)
    if n < 0 or m < 0:
        raise ValueError(f"eye: negative dimensions are not allowed, got N={n}, M={m}")
    dt = _dtype(dtype) or dtypes.float_()
    rows = lax_shapes.broadcasted_iota(onp.int32, (n, m), 0)
    cols = lax_shapes.broadcasted_iota(onp.int32, (n, m), 1)
    diag = lax.eq(lax.add(rows, lax_utils.full((n, m), operator.index(k), onp.int32)), cols)
    return lax_shapes.convert_element_type(diag, dt)


def identity(n: int, dtype: DTypeLike = None) -> Any:
    """The ``n`` by ``n`` identity matrix."""
    return eye(n, dtype=dtype)
