"""NumPy's random API over threefry keys: ``default_rng`` / ``Generator`` and the legacy
module functions (``seed``, ``rand``, ``randn``, ``normal(loc, scale, size)``, ...).

A :class:`Generator` holds one key. Each draw splits it, keeps the first half as the new
state and samples with the second, so a Generator's stream is a sequence of jax-style
samplers on successive subkeys: reproducible, and the same on every backend.

A Generator is a pytree (its key is the one leaf), so it can be passed to and returned from
``jit``-compiled functions. Drawing rebinds the Generator's key, a Python-side change of
state: inside a transformed function that is allowed for a Generator passed in as an
argument (return it to keep its new state) or created inside; drawing from a Generator
captured from outside raises an error, since its new state could not get out.
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src import tree_util as tu
from xnp._src.api import jit
from xnp._src.array import ndarray
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes, slicing
from xnp._src.numpy import indexing
from xnp._src.random import discrete, gamma, prng
from xnp._src.random import samplers as S
from xnp._src.random.prng import KeyArray

__all__ = ["Generator", "default_rng"]


@jit
def _split2(data: Any) -> tuple[Any, Any]:
    a, b = prng.split_words(prng.key_words(data), 2)
    return prng.stack_words(*a), prng.stack_words(*b)


def _key_from_seed(seed: Any) -> KeyArray:
    if seed is None:
        # Fresh entropy, as numpy.random.default_rng() draws from the OS.
        return prng.key(int.from_bytes(os.urandom(8), "little") >> 1)
    if isinstance(seed, KeyArray):
        if seed.shape:
            raise ValueError(f"default_rng: expected a single key, got keys of shape {seed.shape}")
        prng.check_key("default_rng", seed)  # the Generator owns the key from now on
        return seed
    if prng.is_key(seed):
        data, _ = prng.check_key("default_rng", seed)
        return KeyArray(data)
    if isinstance(seed, onp.random.SeedSequence):
        seed = seed.generate_state(2, onp.uint32)
    if isinstance(seed, int | onp.integer) and not isinstance(seed, bool):
        if int(seed) < 0:
            raise ValueError("Seed must be non-negative (as in numpy.random.default_rng)")
        return prng.key(int(seed) % 2**63)
    if isinstance(seed, Sequence | onp.ndarray) and not isinstance(seed, str):
        words = onp.asarray(seed)
        if words.ndim != 1 or dtypes.kind(words.dtype) not in "iu" or onp.any(words < 0):
            raise TypeError(f"default_rng: a seed sequence must be non-negative ints: {seed!r}")
        k = prng.key(0)
        for w in words.tolist():
            for part in _u32_words(int(w)):
                k = prng.fold_in(k, part)
        return k
    raise TypeError(
        f"default_rng: seed must be None, an int, a sequence of ints, a PRNG key or a "
        f"Generator; got {type(seed).__name__}"
    )


def _u32_words(x: int) -> list[int]:
    words = []
    while True:
        words.append(x & 0xFFFFFFFF)
        x >>= 32
        if not x:
            return words


def _size(size: Any, *params: Any) -> tuple[int, ...]:
    """NumPy's ``size``: None means the parameters' broadcast shape."""
    if size is None:
        return S.broadcast_shapes("size", *(S.shape_of(p) for p in params)) if params else ()
    if isinstance(size, int | onp.integer):
        return (operator.index(size),)
    return tuple(operator.index(d) for d in size)


def _out(out: Any, value: Any) -> Any:
    if out is None:
        return value
    if isinstance(out, onp.ndarray):
        out[...] = onp.asarray(value)
        return out
    indexing.check_mutable(out)
    if out.shape != value.shape or out.dtype != value.dtype:
        raise ValueError(f"out has shape {out.shape} and dtype {out.dtype}; expected "
                         f"{value.shape} and {value.dtype}")  # fmt: skip
    indexing.rebind(out, value)
    return out


def _float(dtype: Any) -> onp.dtype:
    return S.float_dtype("Generator", dtype)


class Generator:
    """NumPy's ``Generator`` interface over a threefry2x32 key (``xnp.random.default_rng``).

    Methods take NumPy's arguments and return xnp arrays (0-d arrays where NumPy returns a
    Python scalar). ``key`` is the current key; ``spawn(n)`` makes independent children.
    """

    __slots__ = ("_key",)

    def __init__(self, key: Any) -> None:
        self._key = _key_from_seed(key)

    # -- state -------------------------------------------------------------------------

    @property
    def key(self) -> KeyArray:
        """The Generator's current key (the next draw splits it)."""
        return self._key

    def _next(self) -> KeyArray:
        data = self._key._data
        current = core.current_trace()
        if isinstance(data, core.Tracer):
            ok = data._trace is current
        else:
            ok = core.is_eval_trace()
        if not ok:
            raise TypeError(
                f"a Generator created outside a transformed function was used inside it, at "
                f"{core.user_frame()}: its new state could not get out. Pass the Generator in as "
                "an argument and return it, or create it inside (default_rng(key))."
            )
        new, sub = _split2(data)
        self._key = KeyArray(new)
        return KeyArray(sub)

    def spawn(self, n_children: int) -> list[Generator]:
        """``n_children`` new, independent Generators (this one advances by one draw)."""
        keys = prng.split(self._next(), n_children)
        return [Generator(k) for k in _rows(keys, n_children)]

    def __repr__(self) -> str:
        return f"Generator(threefry2x32) at 0x{id(self):x}"

    def __getstate__(self) -> Any:
        return onp.asarray(self._key._data)

    def __setstate__(self, state: Any) -> None:
        self._key = KeyArray(ndarray.from_host(onp.asarray(state, onp.uint32)))

    # -- uniform and integers ----------------------------------------------------------

    def random(self, size: Any = None, dtype: Any = None, out: Any = None) -> Any:
        """Floats in ``[0, 1)``."""
        return _out(out, S.uniform(self._next(), _size(size), _float(dtype)))

    def uniform(self, low: Any = 0.0, high: Any = 1.0, size: Any = None) -> Any:
        """Floats in ``[low, high)``."""
        shape = _size(size, low, high)
        return S.uniform(self._next(), shape, dtypes.float_(), low, high)

    def integers(self, low: Any, high: Any = None, size: Any = None, dtype: Any = None,
                 endpoint: bool = False) -> Any:  # fmt: skip
        """Integers in ``[low, high)`` (``[low, high]`` with ``endpoint=True``)."""
        if high is None:
            low, high = 0, low
        dt = S.int_dtype("integers", dtype)
        if endpoint:
            high = _plus_one(high)
        return S.randint(self._next(), _size(size, low, high), low, high, dt)

    def choice(self, a: Any, size: Any = None, replace: bool = True, p: Any = None,
               axis: int = 0, shuffle: bool = True) -> Any:  # fmt: skip
        """A sample of ``a`` (or ``arange(a)``), with or without replacement."""
        return discrete.choice(self._next(), a, _size(size), replace, p, axis)

    def permutation(self, x: Any, axis: int = 0) -> Any:
        """A permuted copy of ``x`` along ``axis`` (or of ``arange(x)``)."""
        return discrete.permutation(self._next(), x, axis)

    def permuted(self, x: Any, axis: int | None = None, out: Any = None) -> Any:
        """``x`` with each slice along ``axis`` permuted independently (flattened if None)."""
        x = S.np_util.asarray(x, "permuted")
        if axis is None:
            res = discrete.permutation(self._next(), shapes.reshape(x, (x.size,)), 0, True)
            res = shapes.reshape(res, x.shape)
        else:
            res = discrete.permutation(self._next(), x, axis, True)
        return _out(out, res)

    def shuffle(self, x: Any, axis: int = 0) -> None:
        """Shuffle ``x`` in place along ``axis``: an xnp array is rebound to its shuffled
        value (see DESIGN "Arrays"), a NumPy array is overwritten."""
        res = discrete.permutation(self._next(), x, axis)
        _out(x, res)

    # -- continuous --------------------------------------------------------------------

    def standard_normal(self, size: Any = None, dtype: Any = None, out: Any = None) -> Any:
        return _out(out, S.normal(self._next(), _size(size), _float(dtype)))

    def normal(self, loc: Any = 0.0, scale: Any = 1.0, size: Any = None) -> Any:
        """``loc + scale * z`` for standard normal ``z``."""
        z = S.normal(self._next(), _size(size, loc, scale), dtypes.float_())
        return _affine(z, loc, scale)

    def standard_exponential(self, size: Any = None, dtype: Any = None, method: str = "zig",
                             out: Any = None) -> Any:  # fmt: skip
        return _out(out, S.exponential(self._next(), _size(size), _float(dtype)))

    def exponential(self, scale: Any = 1.0, size: Any = None) -> Any:
        return _scale(S.exponential(self._next(), _size(size, scale), dtypes.float_()), scale)

    def standard_gamma(self, shape: Any, size: Any = None, dtype: Any = None,
                       out: Any = None) -> Any:  # fmt: skip
        g = gamma.gamma(self._next(), shape, _size(size, shape), _float(dtype))
        return _out(out, g)

    def gamma(self, shape: Any, scale: Any = 1.0, size: Any = None) -> Any:
        g = gamma.gamma(self._next(), shape, _size(size, shape, scale), dtypes.float_())
        return _scale(g, scale)

    def beta(self, a: Any, b: Any, size: Any = None) -> Any:
        return gamma.beta(self._next(), a, b, _size(size, a, b), dtypes.float_())

    def chisquare(self, df: Any, size: Any = None) -> Any:
        return gamma.chisquare(self._next(), df, _size(size, df), dtypes.float_())

    def f(self, dfnum: Any, dfden: Any, size: Any = None) -> Any:
        return gamma.f(self._next(), dfnum, dfden, _size(size, dfnum, dfden), dtypes.float_())

    def standard_t(self, df: Any, size: Any = None) -> Any:
        return gamma.t(self._next(), df, _size(size, df), dtypes.float_())

    def standard_cauchy(self, size: Any = None) -> Any:
        return S.cauchy(self._next(), _size(size), dtypes.float_())

    def dirichlet(self, alpha: Any, size: Any = None) -> Any:
        batch = None if size is None else _size(size)
        return gamma.dirichlet(self._next(), alpha, batch, dtypes.float_())

    def laplace(self, loc: Any = 0.0, scale: Any = 1.0, size: Any = None) -> Any:
        z = S.laplace(self._next(), _size(size, loc, scale), dtypes.float_())
        return _affine(z, loc, scale)

    def logistic(self, loc: Any = 0.0, scale: Any = 1.0, size: Any = None) -> Any:
        z = S.logistic(self._next(), _size(size, loc, scale), dtypes.float_())
        return _affine(z, loc, scale)

    def gumbel(self, loc: Any = 0.0, scale: Any = 1.0, size: Any = None) -> Any:
        z = S.gumbel(self._next(), _size(size, loc, scale), dtypes.float_())
        return _affine(z, loc, scale)

    def lognormal(self, mean: Any = 0.0, sigma: Any = 1.0, size: Any = None) -> Any:
        z = S.normal(self._next(), _size(size, mean, sigma), dtypes.float_())
        return _exp(_affine(z, mean, sigma))

    def pareto(self, a: Any, size: Any = None) -> Any:
        """Pareto II (Lomax) samples, as NumPy's ``pareto``: jax's Pareto minus 1."""
        x = S.pareto(self._next(), a, _size(size, a), dtypes.float_())
        return lax.sub(x, S.const(x, 1.0))

    def power(self, a: Any, size: Any = None) -> Any:
        """Samples of density ``a x**(a-1)`` on ``[0, 1]``: ``u ** (1/a) = exp(-e / a)``."""
        e = S.exponential(self._next(), _size(size, a), dtypes.float_())
        (a_,) = S.inexact(a)
        return lax.exp(lax.neg(lax.div(*S.promote("power", e, a_))))

    def rayleigh(self, scale: Any = 1.0, size: Any = None) -> Any:
        return S.rayleigh(self._next(), scale, _size(size, scale), dtypes.float_())

    def wald(self, mean: Any, scale: Any, size: Any = None) -> Any:
        """Inverse Gaussian samples: ``scale * wald(mean / scale)`` (IG scales jointly)."""
        (m,) = S.inexact(mean)
        ratio = lax.div(*S.promote("wald", m, scale))
        w = S.wald(self._next(), ratio, _size(size, mean, scale), dtypes.float_())
        return _scale(w, scale)

    def weibull(self, a: Any, size: Any = None) -> Any:
        return S.weibull_min(self._next(), 1.0, a, _size(size, a), dtypes.float_())

    def triangular(self, left: Any, mode: Any, right: Any, size: Any = None) -> Any:
        shape = _size(size, left, mode, right)
        return S.triangular(self._next(), left, mode, right, shape, dtypes.float_())

    def multivariate_normal(self, mean: Any, cov: Any, size: Any = None,
                            check_valid: str = "warn", tol: float = 1e-8, *,
                            method: str = "svd") -> Any:  # fmt: skip
        shape = None if size is None else _size(size)
        return discrete.multivariate_normal(self._next(), mean, cov, shape, None, method)

    # -- discrete ----------------------------------------------------------------------

    def poisson(self, lam: Any = 1.0, size: Any = None) -> Any:
        return gamma.poisson(self._next(), lam, _size(size, lam), dtypes.int_())

    def binomial(self, n: Any, p: Any, size: Any = None) -> Any:
        x = gamma.binomial(self._next(), n, p, _size(size, n, p), dtypes.float_())
        return shapes.convert_element_type(x, dtypes.int_())

    def negative_binomial(self, n: Any, p: Any, size: Any = None) -> Any:
        """Failures before the ``n``-th success: Poisson(Gamma(n, (1 - p) / p))."""
        shape = _size(size, n, p)
        k_g, k_p = _rows(prng.split(self._next(), 2), 2)
        (p_,) = S.inexact(p)
        ratio = lax.div(*S.promote("negative_binomial", lax.sub(S.const(p_, 1.0), p_), p_))
        lam = _scale(gamma.gamma(k_g, n, shape, dtypes.float_()), ratio)
        return gamma.poisson(k_p, lam, shape, dtypes.int_())

    def geometric(self, p: Any, size: Any = None) -> Any:
        return S.geometric(self._next(), p, _size(size, p), dtypes.int_())

    def multinomial(self, n: Any, pvals: Any, size: Any = None) -> Any:
        pvals = S.np_util.asarray(pvals, "multinomial")
        shape = None if size is None else (*_size(size), pvals.shape[-1])
        x = gamma.multinomial(self._next(), n, pvals, shape=shape, dtype=dtypes.float_())
        return shapes.convert_element_type(x, dtypes.int_())

    def bytes(self, length: int) -> bytes:
        """``length`` random bytes (a host value: not usable inside a transformation)."""
        b = prng.bits(self._next(), (int(length),), onp.uint8)
        return onp.asarray(b).tobytes()


def _rows(keys: KeyArray, n: int) -> list[KeyArray]:
    # Rows of a split without host round trips (each row is a slice of the key data).
    return [KeyArray(slicing.index_in_dim(keys._data, i, 0, keepdims=False)) for i in range(n)]


def _plus_one(high: Any) -> Any:
    if isinstance(high, int | onp.integer):
        return int(high) + 1
    return S.np_util.asarray(high) + 1


def _affine(z: Any, loc: Any, scale: Any) -> Any:
    if dtypes.is_python_scalar(loc) and dtypes.is_python_scalar(scale) and (loc, scale) == (0, 1):
        return z
    return lax.add(*S.promote("normal", lax.mul(*S.promote("normal", z, scale)), loc))


def _scale(x: Any, scale: Any) -> Any:
    if dtypes.is_python_scalar(scale) and scale == 1:
        return x
    return lax.mul(*S.promote("scale", x, scale))


def _exp(x: Any) -> Any:
    return lax.exp(x)


def _unflatten_generator(_: Any, children: Any) -> Generator:
    # Rebuilding a Generator around its own state is not a new use of the key.
    g = object.__new__(Generator)
    g._key = children[0]
    return g


tu.register_pytree_node(Generator, lambda g: ((g._key,), None), _unflatten_generator)


def default_rng(seed: Any = None) -> Generator:
    """A :class:`Generator` seeded by ``seed``: None (OS entropy), an int, a sequence of ints,
    a PRNG key (``xnp.random.key``), or a Generator (returned as is)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(seed)


# ----------------------------------------------------------------------------- legacy API

_global: list[Generator | None] = [None]  # made on first use (OS entropy), or by seed()


def seed(seed: Any = None) -> None:
    """Reseed the global Generator behind the legacy functions (``rand``, ``normal``, ...)."""
    _global[0] = default_rng(seed)


def get_state() -> KeyArray:
    """The global Generator's key (restore it with ``set_state``)."""
    return _g().key


def set_state(state: Any) -> None:
    _global[0] = default_rng(state)


def _g() -> Generator:
    g = _global[0]
    if g is None:
        g = _global[0] = default_rng()
    return g


def rand(*shape: int) -> Any:
    """Uniform floats in ``[0, 1)`` of the given dimensions."""
    return _g().random(shape)


def randn(*shape: int) -> Any:
    """Standard normal floats of the given dimensions."""
    return _g().standard_normal(shape)


def random_sample(size: Any = None) -> Any:
    return _g().random(size)


def standard_normal(size: Any = None) -> Any:
    return _g().standard_normal(size)


def shuffle(x: Any) -> None:
    """Shuffle ``x`` in place along its first axis (an xnp array is rebound)."""
    _g().shuffle(x)


def _legacy_method(name: str) -> Callable[..., Any]:
    def fn(*args: Any, **kwargs: Any) -> Any:
        return getattr(_g(), name)(*args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"NumPy's legacy ``numpy.random.{name}`` on the global Generator."
    return fn


def _legacy_randint(low: Any, high: Any = None, size: Any = None, dtype: Any = int) -> Any:
    return _g().integers(low, high, size, dtype)


def _legacy_choice(a: Any, size: Any = None, replace: bool = True, p: Any = None) -> Any:
    return _g().choice(a, size, replace, p)


LEGACY = {
    name: _legacy_method(name)
    for name in (
        "normal",
        "uniform",
        "permutation",
        "beta",
        "binomial",
        "chisquare",
        "dirichlet",
        "exponential",
        "f",
        "gamma",
        "geometric",
        "gumbel",
        "laplace",
        "logistic",
        "lognormal",
        "multinomial",
        "multivariate_normal",
        "pareto",
        "poisson",
        "rayleigh",
        "triangular",
        "wald",
    )  # fmt: skip
}
LEGACY["randint"] = _legacy_randint
LEGACY["choice"] = _legacy_choice

legacy_only = {name: _legacy_method(name) for name in (
    "standard_exponential", "standard_gamma", "standard_t", "standard_cauchy", "weibull",
    "power", "negative_binomial", "random", "bytes")}  # fmt: skip
ranf = sample = random_sample


def dual(name: str, functional: Callable[..., Any]) -> Callable[..., Any]:
    """``name(key, ...)`` is jax's functional sampler; otherwise NumPy's legacy function."""
    legacy = LEGACY[name]

    def fn(*args: Any, **kwargs: Any) -> Any:
        if (args and prng.is_key(args[0])) or "key" in kwargs:
            return functional(*args, **kwargs)
        return legacy(*args, **kwargs)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = (
        f"``{name}(key, ...)``: jax.random's sampler (see ``xnp.random.{name}`` in the docs);\n"
        f"``{name}(...)`` without a key: NumPy's legacy ``numpy.random.{name}`` on the global "
        "Generator.\n\n" + (functional.__doc__ or "")
    )
    fn.functional = functional
    fn.legacy = legacy
    return fn


_ = (math, S)
