"""Samplers over threefry2x32 keys, in jax.random's functional style: ``f(key, ..., shape, dtype)``.

Every sampler reproduces jax 0.10.2's algorithm operation by operation (same bits-to-float
mapping, same key splits, same arithmetic in the same dtype), so for the same key, shape,
dtype and parameters the output equals ``jax.random``'s bit for bit. Each public function
validates its arguments eagerly, then runs one jitted program (compiled once per signature).

Internally a key is a pair of ``uint32`` words (``prng.Key``); helpers named ``_name`` take
such a pair and are pure lax code, so they compose under every transformation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.api import jit
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import reductions, shapes, slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import util as np_util
from xnp._src.random import prng
from xnp._src.random.prng import Key, canonical_shape, check_key, key_words, random_bits

UINT = prng.UINT_DTYPES

__all__ = ["bernoulli", "cauchy", "double_sided_maxwell", "exponential", "geometric", "gumbel",
           "laplace", "logistic", "lognormal", "maxwell", "normal", "pareto", "rademacher",
           "randint", "rayleigh", "triangular", "truncated_normal", "uniform", "wald",
           "weibull_min"]  # fmt: skip


# ----------------------------------------------------------------------------- helpers


def jitted(*static: str) -> Callable[[Callable], Callable]:
    """Jit ``impl(key, *arrays, **static)`` as ``f(key_data, *arrays, **static)``."""

    def wrap(impl: Callable) -> Callable:
        def run(data: Any, *args: Any, **kwargs: Any) -> Any:
            return impl(key_words(data), *args, **kwargs)

        run.__name__ = impl.__name__.lstrip("_")
        return jit(run, static_argnames=static)

    return wrap


def float_dtype(name: str, dtype: Any, kinds: str = "f") -> onp.dtype:
    """The canonical float dtype a sampler draws (``None``: the default float dtype)."""
    dt = dtypes.float_() if dtype is None else dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(dt) not in kinds:
        what = "a float" if kinds == "f" else "a float or complex"
        raise ValueError(f"dtype argument to `{name}` must be {what} dtype, got {dt}")
    return dt


def int_dtype(name: str, dtype: Any) -> onp.dtype:
    dt = dtypes.int_() if dtype is None else dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(dt) not in "iu":
        raise ValueError(f"dtype argument to `{name}` must be an int dtype, got {dt}")
    return dt


def shape_of(x: Any) -> tuple[int, ...]:
    return tuple(x.shape) if hasattr(x, "shape") else onp.shape(x)


def param(name: str, x: Any) -> Any:
    """A sampler parameter as an operand: arrays and tracers pass; lists become arrays."""
    if isinstance(x, ndarray | core.Tracer) or dtypes.is_python_scalar(x):
        return x
    if isinstance(x, onp.ndarray | onp.generic | list | tuple):
        arr = onp.asarray(x)
        if dtypes.kind(arr.dtype) not in "biufc":
            raise TypeError(f"{name}: parameters must be numeric, got {arr.dtype}")
        return ndarray.from_host(arr)
    if hasattr(x, "__array__"):
        return ndarray.from_host(onp.asarray(x))
    raise TypeError(f"{name}: expected an array or a number, got {type(x).__name__}")


def broadcast_shapes(name: str, *shapes_: Sequence[int]) -> tuple[int, ...]:
    try:
        return tuple(onp.broadcast_shapes(*[tuple(s) for s in shapes_]))
    except ValueError:
        raise ValueError(
            f"{name}: parameter shapes {', '.join(str(tuple(s)) for s in shapes_)} cannot be "
            "broadcast together"
        ) from None


def check_shape(name: str, shape: tuple[int, ...], *param_shapes: Sequence[int]) -> None:
    """The parameters must broadcast to exactly ``shape`` (jax's rule)."""
    if not param_shapes:
        return
    try:
        out = tuple(onp.broadcast_shapes(shape, *[tuple(s) for s in param_shapes]))
    except ValueError:
        out = None
    if out != shape:
        raise ValueError(
            f"{name} parameter shapes must be broadcast-compatible with shape argument, and "
            "the result of broadcasting the shapes must equal the shape argument, but got "
            f"parameter shapes {', '.join(str(tuple(s)) for s in param_shapes)} for shape "
            f"argument {shape}."
        )


def result_shape(name: str, shape: Any, *params: Any) -> tuple[int, ...]:
    """``shape`` checked against the parameters, or their broadcast shape when None."""
    pshapes = [shape_of(p) for p in params]
    if shape is None:
        return broadcast_shapes(name, *pshapes) if pshapes else ()
    shape = canonical_shape(name, shape)
    check_shape(name, shape, *pshapes)
    return shape


def check_safe_cast(name: str, dtype: onp.dtype, *args: Any) -> None:
    for a in args:
        if dtypes.is_python_scalar(a):
            continue
        adt = getattr(a, "dtype", None)
        adt = onp.asarray(a).dtype if adt is None else adt
        if dtypes.promote_types(adt, dtype) != dtype:
            raise TypeError(
                f"In arguments to {name}, cannot safely cast argument of type {adt} to {dtype}"
            )


def bcast(x: Any, shape: Sequence[int], dtype: Any = None) -> Any:
    """NumPy-style broadcast of ``x`` (array or scalar) to ``shape``, cast to ``dtype``."""
    shape = tuple(shape)
    if dtypes.is_python_scalar(x):
        return lax_utils.full(shape, x, dtype if dtype is not None else dtypes.result_type(x))
    x = lax_utils.asarray(x)
    if dtype is not None and x.dtype != dtype:
        x = shapes.convert_element_type(x, dtype)
    if x.shape == shape:
        return x
    nd = len(shape) - x.ndim
    if nd < 0:
        raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
    keep = [i for i, d in enumerate(x.shape) if d == shape[nd + i]]
    if len(keep) != x.ndim:
        for i, d in enumerate(x.shape):
            if d != 1 and d != shape[nd + i]:
                raise ValueError(f"cannot broadcast shape {x.shape} to {shape}")
        x = shapes.reshape(x, [x.shape[i] for i in keep])
    return shapes.broadcast_in_dim(x, shape, tuple(nd + i for i in keep))


def promote(name: str, *args: Any) -> list[Any]:
    """NumPy's promotion and broadcasting of operands (as jnp arithmetic does)."""
    return np_util.promote_args(name, *args)


def inexact(*args: Any) -> list[Any]:
    """Operands as arrays, integer and bool ones cast to the default float dtype."""
    out = []
    for a in args:
        a = np_util.asarray(a)
        if dtypes.kind(a.dtype) not in "fc":
            a = shapes.convert_element_type(a, dtypes.float_(), a.aval.weak_type)
        out.append(a)
    return out


def const(x: Any, value: Any) -> Any:
    """``value`` as an array of ``x``'s shape and dtype."""
    return lax_utils.full(x.shape, value, x.dtype)


def split(key: Key, num: int = 2) -> list[Key]:
    return prng.split_words(key, num)


# ----------------------------------------------------------------------------- uniform, normal


def _uniform(key: Key, shape: tuple[int, ...], dtype: onp.dtype, minval: Any = 0.0,
             maxval: Any = 1.0) -> Any:  # fmt: skip
    # Random mantissa bits under the exponent of 1.0 give a float in [1, 2); minus 1 is [0, 1).
    finfo = dtypes.finfo(dtype)
    nbits, nmant = finfo.bits, finfo.nmant
    rng_bits = nbits if nmant >= 8 else 8
    bits = random_bits(key, rng_bits, shape)
    uint = UINT[nbits]
    if rng_bits != nbits:
        bits = shapes.convert_element_type(bits, uint)
    one_bits = int(onp.array(1.0, dtype).view(uint))
    float_bits = lax.bitwise_or(lax.shift_right_logical(bits, rng_bits - nmant), one_bits)
    floats = lax.sub(shapes.bitcast_convert_type(float_bits, dtype), 1.0)
    lo, hi = bcast(minval, floats.shape, dtype), bcast(maxval, floats.shape, dtype)
    return lax.max(lo, lax.add(lax.mul(floats, lax.sub(hi, lo)), lo))


@jitted("shape", "dtype")
def _uniform_jit(key: Key, minval: Any, maxval: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _uniform(key, shape, dtype, minval, maxval)


def uniform(key: Any, shape: Sequence[int] = (), dtype: Any = None, minval: Any = 0.0,
            maxval: Any = 1.0) -> Any:  # fmt: skip
    """Uniform floats in ``[minval, maxval)`` of ``shape`` and float ``dtype``."""
    data, _ = check_key("uniform", key)
    dtype = float_dtype("uniform", dtype)
    shape = canonical_shape("uniform", shape)
    minval, maxval = param("uniform", minval), param("uniform", maxval)
    check_shape("uniform", shape, shape_of(minval), shape_of(maxval))
    return _uniform_jit(data, minval, maxval, shape=shape, dtype=dtype)


def _normal_real(key: Key, shape: tuple[int, ...], dtype: onp.dtype) -> Any:
    lo = onp.nextafter(onp.array(-1.0, dtype), onp.array(0.0, dtype), dtype=dtype)
    u = _uniform(key, shape, dtype, lo.item() if dtype != dtypes.bfloat16 else float(lo), 1.0)
    return lax.mul(const(u, onp.sqrt(2)), lax.erf_inv(u))


def _normal(key: Key, shape: tuple[int, ...], dtype: onp.dtype) -> Any:
    if dtypes.kind(dtype) != "c":
        return _normal_real(key, shape, dtype)
    real = dtypes.finfo(dtype).dtype
    k_re, k_im = split(key)
    re = shapes.convert_element_type(_normal_real(k_re, shape, real), dtype)
    im = shapes.convert_element_type(_normal_real(k_im, shape, real), dtype)
    z = lax.add(re, lax.mul(const(im, 1j), im))
    return lax.div(z, const(z, onp.sqrt(2)))


@jitted("shape", "dtype")
def _normal_jit(key: Key, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _normal(key, shape, dtype)


def normal(key: Any, shape: Sequence[int] = (), dtype: Any = None) -> Any:
    """Standard normal samples (``sqrt(2) * erf_inv(u)``, complex dtypes too)."""
    data, _ = check_key("normal", key)
    dtype = float_dtype("normal", dtype, "fc")
    return _normal_jit(data, shape=canonical_shape("normal", shape), dtype=dtype)


# ----------------------------------------------------------------------------- randint


def _clip_convert(val: Any, dtype: onp.dtype) -> Any:
    """Convert integer ``val`` to ``dtype``, clipping to its range rather than wrapping."""
    src = dtypes.iinfo(val.dtype)
    dst = dtypes.iinfo(dtype)
    lo = const(val, max(int(dst.min), int(src.min)))
    hi = const(val, min(int(dst.max), int(src.max)))
    return shapes.convert_element_type(lax.min(lax.max(val, lo), hi), dtype)


def _int_param(x: Any) -> Any:
    if dtypes.is_python_scalar(x):
        if isinstance(x, float):
            x = int(x)
        return shapes.convert_element_type(x, dtypes.int_())
    x = lax_utils.asarray(x)
    if dtypes.kind(x.dtype) not in "iu":
        x = shapes.convert_element_type(x, dtypes.int_())
    return x


def _randint(key: Key, shape: tuple[int, ...], dtype: onp.dtype, minval: Any,
             maxval: Any) -> Any:  # fmt: skip
    # Two words of random bits per value reduced modulo the span (jax's algorithm: biased
    # when the span is not a power of 2, by at most span / 2**nbits).
    minval, maxval = _int_param(minval), _int_param(maxval)
    top = _clip_convert(lax_utils.full((), dtypes.iinfo(dtype).max, dtype), maxval.dtype)
    maxval_out_of_range = lax.gt(maxval, bcast(top, maxval.shape))
    minval = bcast(_clip_convert(minval, dtype), shape)
    maxval = bcast(_clip_convert(maxval, dtype), shape)
    maxval_out_of_range = bcast(maxval_out_of_range, shape)
    nbits = dtypes.iinfo(dtype).bits
    k1, k2 = split(key)
    higher, lower = random_bits(k1, nbits, shape), random_bits(k2, nbits, shape)
    unsigned = UINT[nbits]
    span = shapes.convert_element_type(lax.sub(maxval, minval), unsigned)
    span = lax.select(lax.le(maxval, minval), const(span, 1), span)
    span = lax.select(lax.bitwise_and(maxval_out_of_range, lax.gt(maxval, minval)),
                      lax.add(span, const(span, 1)), span)  # fmt: skip
    multiplier = lax.rem(const(span, 2 ** (nbits // 2)), span)
    multiplier = lax.rem(lax.mul(multiplier, multiplier), span)
    offset = lax.add(lax.mul(lax.rem(higher, span), multiplier), lax.rem(lower, span))
    offset = lax.rem(offset, span)
    return lax.add(minval, shapes.convert_element_type(offset, dtype))


@jitted("shape", "dtype", "out_dtype")
def _randint_jit(key: Key, minval: Any, maxval: Any, *, shape: tuple, dtype: onp.dtype,
                 out_dtype: onp.dtype) -> Any:  # fmt: skip
    out = _randint(key, shape, dtype, minval, maxval)
    return shapes.convert_element_type(out, out_dtype)


def randint(key: Any, shape: Sequence[int], minval: Any, maxval: Any, dtype: Any = None) -> Any:
    """Uniform integers in ``[minval, maxval)`` (jax's modulo method, see its note on bias)."""
    data, _ = check_key("randint", key)
    dtype = int_dtype("randint", dtype)
    shape = canonical_shape("randint", shape)
    minval, maxval = param("randint", minval), param("randint", maxval)
    check_shape("randint", shape, shape_of(minval), shape_of(maxval))
    info = dtypes.iinfo(dtype)
    sampling = dtype
    if info.bits < 32:
        # Sample 8- and 16-bit integers in 32 bits (less bias), with clipped bounds.
        sampling = onp.dtype(onp.int32)
        minval = _narrow_bound(minval, int(info.min), int(info.max))
        maxval = _narrow_bound(maxval, int(info.min), int(info.max) + 1)
    return _randint_jit(data, minval, maxval, shape=shape, dtype=sampling, out_dtype=dtype)


def _narrow_bound(x: Any, lo: int, hi: int) -> Any:
    if dtypes.is_python_scalar(x):
        return min(max(int(x), lo), hi)
    x = shapes.convert_element_type(lax_utils.asarray(x), onp.int32)
    return lax.min(lax.max(x, const(x, lo)), const(x, hi))


# ----------------------------------------------------------------------------- simple ones


def _simple(name: str, body: Callable[[Key, tuple, onp.dtype], Any]) -> Callable[..., Any]:
    """A parameterless float sampler ``name(key, shape=(), dtype=None)``."""
    run = jitted("shape", "dtype")(lambda key, *, shape, dtype: body(key, shape, dtype))

    def sampler(key: Any, shape: Sequence[int] = (), dtype: Any = None) -> Any:
        data, _ = check_key(name, key)
        dt = float_dtype(name, dtype)
        return run(data, shape=canonical_shape(name, shape), dtype=dt)

    sampler.__name__ = sampler.__qualname__ = name
    return sampler


def _exponential(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    return lax.neg(lax.log1p(lax.neg(_uniform(key, shape, dtype))))


def _cauchy(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    u = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).eps), 1.0)
    return lax.tan(lax.mul(const(u, onp.pi), lax.sub(u, const(u, 0.5))))


def _laplace(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    u = _uniform(key, shape, dtype, -1.0 + float(dtypes.finfo(dtype).epsneg), 1.0)
    return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))))


def _logistic(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    x = _uniform(key, shape, dtype, float(dtypes.finfo(dtype).tiny), 1.0)
    return lax.sub(lax.log(x), lax.log1p(lax.neg(x)))


def _maxwell(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    x = _normal(key, (*shape, 3), dtype)
    return lax.sqrt(reductions.reduce_sum(lax.mul(x, x), (len(shape),)))


exponential = _simple("exponential", _exponential)
cauchy = _simple("cauchy", _cauchy)
laplace = _simple("laplace", _laplace)
logistic = _simple("logistic", _logistic)
maxwell = _simple("maxwell", _maxwell)
exponential.__doc__ = "Exponential samples with rate 1: ``-log1p(-u)``."
cauchy.__doc__ = "Standard Cauchy samples: ``tan(pi * (u - 1/2))``."
laplace.__doc__ = "Standard Laplace samples."
logistic.__doc__ = "Standard logistic samples: ``log(u) - log1p(-u)``."
maxwell.__doc__ = "One-sided Maxwell samples: the norm of three standard normals."


def _gumbel(key: Key, shape: tuple, dtype: onp.dtype, mode: str) -> Any:
    info = dtypes.finfo(dtype)
    if mode == "low":
        u = _uniform(key, shape, dtype, float(info.tiny), 1.0)
        return lax.neg(lax.log(lax.neg(lax.log(u))))
    # "high": a second uniform refines values below 1/2 (log1p keeps the small ones).
    both = _uniform(key, (2, *shape), dtype, 0.0, 1.0)
    high, low = (_row(both, i) for i in range(2))
    x = lax.select(lax.ge(high, const(high, 0.5)), high,
                   lax.add(lax.add(high, lax.mul(const(low, 2.0 ** -info.nmant), low)),
                           const(high, float(info.tiny))))  # fmt: skip
    return lax.neg(lax.log(lax.neg(lax.log1p(lax.neg(x)))))


def _row(x: Any, i: int) -> Any:
    return slicing.index_in_dim(x, i, 0, keepdims=False)


@jitted("shape", "dtype", "mode")
def _gumbel_jit(key: Key, *, shape: tuple, dtype: onp.dtype, mode: str) -> Any:
    return _gumbel(key, shape, dtype, mode)


def _gumbel_mode(mode: str | None) -> str:
    mode = "low" if mode is None else mode
    if mode not in ("low", "high", "highest"):
        raise ValueError(f"Must provide valid mode for gumbel got: {mode}")
    if mode == "highest":
        raise NotImplementedError("gumbel mode='highest' is not implemented in xnp yet")
    return mode


def gumbel(key: Any, shape: Sequence[int] = (), dtype: Any = None, mode: str | None = None) -> Any:
    """Standard Gumbel samples; ``mode="high"`` uses two uniforms per sample for the tail."""
    data, _ = check_key("gumbel", key)
    dt = float_dtype("gumbel", dtype)
    return _gumbel_jit(data, shape=canonical_shape("gumbel", shape), dtype=dt,
                       mode=_gumbel_mode(mode))  # fmt: skip


# ----------------------------------------------------------------------------- bernoulli & co


@jitted("shape", "mode")
def _bernoulli_jit(key: Key, p: Any, *, shape: tuple, mode: str) -> Any:
    p = lax_utils.asarray(p)
    dtype = p.dtype
    if mode == "high":
        both = _uniform(key, (2, *shape), dtype)
        u1, u2 = _row(both, 0), _row(both, 1)
        u2 = lax.mul(u2, const(u2, 2.0 ** -dtypes.finfo(dtype).nmant))
        return lax.lt(u2, lax.sub(bcast(p, shape), u1))
    return lax.lt(_uniform(key, shape, dtype), bcast(p, shape))


def bernoulli(key: Any, p: Any = 0.5, shape: Sequence[int] | None = None,
              mode: str = "low") -> Any:  # fmt: skip
    """Boolean samples that are True with probability ``p`` (of a float dtype)."""
    if mode not in ("high", "low"):
        raise ValueError(f"got mode={mode!r}, expected 'high' or 'low'")
    data, _ = check_key("bernoulli", key)
    p = param("bernoulli", p)
    pdt, weak = dtypes.dtype_and_weak(p)
    if dtypes.kind(pdt) != "f":
        raise TypeError(f"bernoulli probability `p` must have a floating dtype, got {pdt}.")
    p = shapes.convert_element_type(p, pdt, weak)
    return _bernoulli_jit(data, p, shape=result_shape("bernoulli", shape, p), mode=mode)


def rademacher(key: Any, shape: Sequence[int] = (), dtype: Any = None) -> Any:
    """Uniform samples from ``{-1, +1}`` (integer dtype by default)."""
    data, _ = check_key("rademacher", key)
    dt = int_dtype("rademacher", dtype) if dtype is None else dtypes.canonicalize_dtype(
        dtypes.to_dtype(dtype))  # fmt: skip
    return _rademacher_jit(data, shape=canonical_shape("rademacher", shape), dtype=dt)


def _rademacher(key: Key, shape: tuple, dtype: onp.dtype) -> Any:
    p = lax_utils.full((), 0.5, dtypes.float_(), True)
    b = shapes.convert_element_type(lax.lt(_uniform(key, shape, p.dtype), bcast(p, shape)), dtype)
    two = const(b, 2)
    return shapes.convert_element_type(lax.sub(lax.mul(two, b), const(b, 1)), dtype)


@jitted("shape", "dtype")
def _rademacher_jit(key: Key, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _rademacher(key, shape, dtype)


# ----------------------------------------------------------------------------- truncated_normal


@jitted("shape", "dtype")
def _truncated_normal_jit(key: Key, lower: Any, upper: Any, *, shape: tuple,
                          dtype: onp.dtype) -> Any:  # fmt: skip
    sqrt2 = onp.sqrt(2)
    lower = bcast(lower, shape_of(lower), dtype)
    upper = bcast(upper, shape_of(upper), dtype)
    a = lax.erf(lax.div(lower, const(lower, sqrt2)))
    b = lax.erf(lax.div(upper, const(upper, sqrt2)))
    u = _uniform(key, shape, dtype, a, b)
    out = lax.mul(const(u, sqrt2), lax.erf_inv(u))
    lo = lax.nextafter(bcast(lower, shape), const(out, onp.inf))
    hi = lax.nextafter(bcast(upper, shape), const(out, -onp.inf))
    return lax.min(lax.max(out, lo), hi)


def truncated_normal(key: Any, lower: Any, upper: Any, shape: Sequence[int] | None = None,
                     dtype: Any = None) -> Any:  # fmt: skip
    """Standard normal samples conditioned on ``lower < x < upper``."""
    data, _ = check_key("truncated_normal", key)
    dt = float_dtype("truncated_normal", dtype)
    lower, upper = param("truncated_normal", lower), param("truncated_normal", upper)
    shape = result_shape("truncated_normal", shape, lower, upper)
    return _truncated_normal_jit(data, lower, upper, shape=shape, dtype=dt)


# ----------------------------------------------------------------------------- parameterized


def _parameterized(name: str, nparams: int, body: Callable[..., Any],
                   safe_cast: bool = True) -> Callable[..., Any]:  # fmt: skip
    """A float sampler ``name(key, *params, shape=None, dtype=None)`` broadcasting params."""

    @jitted("shape", "dtype")
    def run(key: Key, *params: Any, shape: tuple, dtype: onp.dtype) -> Any:
        return body(key, *(bcast(p, shape, dtype) for p in params), shape=shape, dtype=dtype)

    run.__name__ = name

    def sampler(key: Any, *args: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
        if len(args) > nparams:
            shape, *rest = args[nparams:]
            if rest:
                dtype = rest[0]
            args = args[:nparams]
        if len(args) != nparams:
            raise TypeError(f"{name} takes a key and {nparams} parameter(s)")
        data, _ = check_key(name, key)
        dt = float_dtype(name, dtype)
        params = [param(name, a) for a in args]
        if safe_cast:
            check_safe_cast(name, dt, *params)
        return run(data, *params, shape=result_shape(name, shape, *params), dtype=dt)

    sampler.__name__ = sampler.__qualname__ = name
    return sampler


def _pareto(key: Key, b: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return lax.exp(lax.div(_exponential(key, shape, dtype), b))


def _rayleigh(key: Key, scale: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    u = _uniform(key, shape, dtype)
    return lax.mul(scale, lax.sqrt(lax.mul(lax.log(u), const(u, -2))))


def _wald(key: Key, mean: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    k1, k2 = split(key)
    v = _normal(k1, shape, dtype)
    z = _uniform(k2, shape, dtype)
    y = lax.integer_pow(v, 2)
    y_sq = lax.integer_pow(y, 2)
    mean_sq = lax.integer_pow(mean, 2)
    sqrt_term = lax.sqrt(lax.add(lax.mul(lax.mul(const(mean, 4), mean), y),
                                 lax.mul(mean_sq, y_sq)))  # fmt: skip
    x = lax.sub(lax.add(mean, lax.div(lax.mul(mean_sq, y), const(y, 2))),
                lax.mul(lax.div(mean, const(mean, 2)), sqrt_term))  # fmt: skip
    return lax.select(lax.le(z, lax.div(mean, lax.add(mean, x))), x, lax.div(mean_sq, x))


def _triangular(key: Key, left: Any, mode: Any, right: Any, *, shape: tuple,
                dtype: onp.dtype) -> Any:  # fmt: skip
    fc = lax.div(lax.sub(mode, left), lax.sub(right, left))
    u = _uniform(key, shape, dtype)
    width = lax.sub(right, left)
    out1 = lax.add(left, lax.sqrt(lax.mul(lax.mul(u, width), lax.sub(mode, left))))
    out2 = lax.sub(right, lax.sqrt(lax.mul(lax.mul(lax.sub(const(u, 1), u), width),
                                           lax.sub(right, mode))))  # fmt: skip
    return lax.select(lax.lt(u, fc), out1, out2)


def _lognormal(key: Key, sigma: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return lax.exp(lax.mul(_normal(key, shape, dtype), sigma))


pareto = _parameterized("pareto", 1, _pareto)
rayleigh = _parameterized("rayleigh", 1, _rayleigh)
wald = _parameterized("wald", 1, _wald)
triangular = _parameterized("triangular", 3, _triangular)
_lognormal_sampler = _parameterized("lognormal", 1, _lognormal)
pareto.__doc__ = "Pareto samples with shape ``b`` (support ``x >= 1``): ``exp(e / b)``."
rayleigh.__doc__ = "Rayleigh samples with ``scale``."
wald.__doc__ = "Wald (inverse Gaussian) samples with ``mean`` and unit scale."
triangular.__doc__ = "Triangular samples on ``[left, right]`` with peak at ``mode``."


def lognormal(key: Any, sigma: Any = 1.0, shape: Sequence[int] | None = None,
              dtype: Any = None) -> Any:  # fmt: skip
    """``exp(sigma * z)`` for standard normal ``z``."""
    return _lognormal_sampler(key, sigma, shape=shape, dtype=dtype)


def _double_sided_maxwell(key: Key, loc: Any, scale: Any, shape: tuple, dtype: onp.dtype) -> Any:
    k_m, k_r = split(key)
    m = _maxwell(k_m, shape, dtype)
    sign = _rademacher(k_r, shape, dtype)
    out = lax.mul(*promote("double_sided_maxwell", lax.mul(sign, m), scale))
    return lax.add(*promote("double_sided_maxwell", out, loc))


@jitted("shape", "dtype")
def _double_sided_maxwell_jit(key: Key, loc: Any, scale: Any, *, shape: tuple,
                              dtype: onp.dtype) -> Any:  # fmt: skip
    return _double_sided_maxwell(key, loc, scale, shape, dtype)


def double_sided_maxwell(key: Any, loc: Any, scale: Any, shape: Sequence[int] = (),
                         dtype: Any = None) -> Any:  # fmt: skip
    """Double-sided Maxwell samples; the result shape is ``shape + broadcast(loc, scale)``."""
    data, _ = check_key("double_sided_maxwell", key)
    dt = float_dtype("double_sided_maxwell", dtype)
    loc, scale = param("double_sided_maxwell", loc), param("double_sided_maxwell", scale)
    pshape = broadcast_shapes("double_sided_maxwell", shape_of(loc), shape_of(scale))
    shape = canonical_shape("double_sided_maxwell", shape) or pshape
    return _double_sided_maxwell_jit(data, loc, scale, shape=shape + pshape, dtype=dt)


@jitted("shape", "dtype")
def _weibull_min_jit(key: Key, scale: Any, concentration: Any, *, shape: tuple,
                     dtype: onp.dtype) -> Any:  # fmt: skip
    # Parameters are not cast to `dtype` first: NumPy promotion decides the result dtype.
    e = lax.neg(lax.log1p(lax.neg(_uniform(key, shape, dtype))))
    (conc,) = inexact(concentration)
    expo = lax.div(lax_utils.full((), 1.0, conc.dtype, conc.aval.weak_type), conc)
    out = lax.pow(*promote("weibull_min", e, expo))
    return lax.mul(*promote("weibull_min", out, scale))


def weibull_min(key: Any, scale: Any, concentration: Any, shape: Sequence[int] = (),
                dtype: Any = None) -> Any:  # fmt: skip
    """Weibull samples: ``(-log1p(-u)) ** (1 / concentration) * scale``."""
    data, _ = check_key("weibull_min", key)
    dt = float_dtype("weibull_min", dtype)
    scale, conc = param("weibull_min", scale), param("weibull_min", concentration)
    shape = canonical_shape("weibull_min", shape)
    broadcast_shapes("weibull_min", shape, shape_of(scale), shape_of(conc))
    return _weibull_min_jit(data, scale, conc, shape=shape, dtype=dt)


@jitted("shape", "dtype")
def _geometric_jit(key: Key, p: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    p = lax_utils.asarray(p)
    u = _uniform(key, shape, p.dtype)
    u = lax.select(lax.eq(u, const(u, 0)), const(u, 1), u)
    g = lax.floor(lax.div(lax.log(u), bcast(lax.log1p(lax.neg(p)), shape)))
    return shapes.convert_element_type(lax.add(g, const(g, 1)), dtype)


def geometric(key: Any, p: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """Number of Bernoulli(``p``) trials up to and including the first success (>= 1)."""
    data, _ = check_key("geometric", key)
    dt = int_dtype("geometric", dtype)
    p = param("geometric", p)
    shape = result_shape("geometric", shape, p)
    pdt, weak = dtypes.dtype_and_weak(p)
    if dtypes.kind(pdt) not in "fc":
        pdt, weak = dtypes.float_(), False
    return _geometric_jit(data, shapes.convert_element_type(p, pdt, weak), shape=shape, dtype=dt)
