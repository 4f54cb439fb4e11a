"""SciPy's location-scale distribution machinery over xnp.

A distribution is an instance of a subclass of :class:`rv_continuous` that defines its standard
form (``loc = 0``, ``scale = 1``): ``_logpdf``, ``_cdf``, ``_sf``, ``_logcdf``, ``_logsf``,
``_ppf``, ``_isf``, its ``support`` and its moments. The public methods map ``x`` to
``z = (x - loc) / scale`` (and quantiles back by ``loc + scale * z``), give NaN where
``scale <= 0`` or a probability lies outside ``[0, 1]``, as SciPy does, and broadcast all
arguments together. Calling a distribution freezes its parameters: ``norm(1.0, 2.0).cdf(x)``.

Arguments compute in their own float dtype (float32 stays float32; integers and bools become
float64): SciPy computes float32 arguments in float64.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.random import generator as random_generator
from xnp._src.random import prng, samplers
from xnp._src.scipy.special import _util

ArrayLike = Any


class rv_continuous:  # noqa: N801 (SciPy's name)
    """A continuous distribution in location-scale form (see the module docstring)."""

    name: str = ""
    a: float = -onp.inf  # the standard form's support [a, b]
    b: float = onp.inf

    # ------------------------------------------------------------------ standard form
    def _logpdf(self, z: Any) -> Any:
        raise NotImplementedError

    def _cdf(self, z: Any) -> Any:
        return jnp.exp(self._logcdf(z))

    def _sf(self, z: Any) -> Any:
        return jnp.exp(self._logsf(z))

    def _logcdf(self, z: Any) -> Any:
        return jnp.log(self._cdf(z))

    def _logsf(self, z: Any) -> Any:
        return jnp.log(self._sf(z))

    def _ppf(self, q: Any) -> Any:
        raise NotImplementedError

    def _isf(self, q: Any) -> Any:
        return self._ppf(1.0 - q)

    def _sample(self, key: Any, shape: tuple[int, ...], dtype: Any) -> Any:
        # Inverse transform of a uniform on (0, 1): the smallest normal number stands in for 0.
        tiny = float(onp.finfo(dtype).tiny)
        return self._ppf(samplers.uniform(key, shape, dtype, minval=tiny))

    _mean: float = 0.0
    _var: float = 1.0
    _entropy: float = 0.0
    _median: float = 0.0

    # ------------------------------------------------------------------ public methods
    def _args(self, what: str, x: ArrayLike, loc: ArrayLike, scale: ArrayLike) -> list[Any]:
        return _util.float_args(f"{self.name}.{what}", x, loc, scale)

    def _z(self, what: str, x: ArrayLike, loc: ArrayLike, scale: ArrayLike) -> tuple[Any, Any]:
        x, loc, scale = self._args(what, x, loc, scale)
        bad = ~(scale > 0) | jnp.isnan(loc)
        safe = jnp.where(bad, 1.0, scale)
        return (x - loc) / safe, bad, safe

    def _outside(self, z: Any, below: Any, above: Any, value: Any) -> Any:
        """``value`` with ``below`` where ``z < a`` and ``above`` where ``z > b``."""
        return jnp.where(z < self.a, below, jnp.where(z > self.b, above, value))

    def logpdf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The log of the probability density at ``x``."""
        z, bad, safe = self._z("logpdf", x, loc, scale)
        inside = (z >= self.a) & (z <= self.b)
        zin = jnp.where(inside, z, self._median)
        out = jnp.where(inside, self._logpdf(zin) - jnp.log(safe), -onp.inf)
        return jnp.where(bad | jnp.isnan(z), onp.nan, out)

    def pdf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The probability density at ``x``."""
        return jnp.exp(self.logpdf(x, loc, scale))

    def _tail(self, what: str, fn: Any, x: Any, loc: Any, scale: Any, lo: Any, hi: Any) -> Any:
        z, bad, _ = self._z(what, x, loc, scale)
        inside = (z >= self.a) & (z <= self.b)
        out = self._outside(z, lo, hi, fn(jnp.where(inside, z, self._median)))
        return jnp.where(bad | jnp.isnan(z), onp.nan, out)

    def cdf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The cumulative distribution function ``P(X <= x)``."""
        return self._tail("cdf", self._cdf, x, loc, scale, 0.0, 1.0)

    def sf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The survival function ``P(X > x)``."""
        return self._tail("sf", self._sf, x, loc, scale, 1.0, 0.0)

    def logcdf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The log of the cumulative distribution function."""
        return self._tail("logcdf", self._logcdf, x, loc, scale, -onp.inf, 0.0)

    def logsf(self, x: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The log of the survival function."""
        return self._tail("logsf", self._logsf, x, loc, scale, 0.0, -onp.inf)

    def _quantile(self, what: str, fn: Any, q: Any, loc: Any, scale: Any, at0: float,
                  at1: float) -> Any:  # fmt: skip
        q, loc, scale = self._args(what, q, loc, scale)
        bad = ~(scale > 0) | ~((q >= 0) & (q <= 1)) | jnp.isnan(loc)
        qin = jnp.where((q > 0) & (q < 1), q, 0.5)
        z = jnp.where(q == 0, at0, jnp.where(q == 1, at1, fn(qin)))
        return jnp.where(bad, onp.nan, loc + jnp.where(bad, 1.0, scale) * z)

    def ppf(self, q: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The percent point function (inverse of ``cdf``)."""
        return self._quantile("ppf", self._ppf, q, loc, scale, self.a, self.b)

    def isf(self, q: ArrayLike, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The inverse survival function (inverse of ``sf``)."""
        return self._quantile("isf", self._isf, q, loc, scale, self.b, self.a)

    def _moment(self, what: str, loc: Any, scale: Any) -> tuple[Any, Any, Any]:
        loc, scale = _util.float_args(f"{self.name}.{what}", loc, scale)
        return loc, scale, ~(scale > 0)

    def mean(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The mean (NaN where it does not exist)."""
        loc, scale, bad = self._moment("mean", loc, scale)
        return jnp.where(bad, onp.nan, loc + self._mean * scale)

    def var(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The variance (NaN where it does not exist)."""
        loc, scale, bad = self._moment("var", loc, scale)
        return jnp.where(bad, onp.nan, self._var * scale * scale)

    def std(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The standard deviation."""
        return jnp.sqrt(self.var(loc, scale))

    def median(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The median."""
        return self.ppf(0.5, loc, scale)

    def entropy(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> Any:
        """The differential entropy (in nats)."""
        loc, scale = _util.float_args(f"{self.name}.entropy", loc, scale)
        return jnp.where(scale > 0, self._entropy + jnp.log(jnp.where(scale > 0, scale, 1.0)),
                         onp.nan)  # fmt: skip

    def stats(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0, moments: str = "mv") -> Any:
        """Some of mean ('m') and variance ('v'), in that order, as a tuple."""
        if set(moments) - set("mv"):
            raise ValueError(f"{self.name}.stats: moments {moments!r}: only 'm' and 'v' are "
                             "implemented")  # fmt: skip
        out = []
        if "m" in moments:
            out.append(self.mean(loc, scale))
        if "v" in moments:
            out.append(self.var(loc, scale))
        return tuple(out)

    def interval(self, confidence: ArrayLike, loc: ArrayLike = 0.0,
                 scale: ArrayLike = 1.0) -> tuple[Any, Any]:  # fmt: skip
        """The endpoints of the central interval holding ``confidence`` of the mass."""
        c = jnp.asarray(confidence)
        c = jnp.where((c >= 0) & (c <= 1), c, onp.nan)
        return self.ppf((1.0 - c) / 2, loc, scale), self.isf((1.0 - c) / 2, loc, scale)

    def support(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> tuple[Any, Any]:
        """The support's endpoints ``loc + scale * (a, b)``."""
        loc, scale = _util.float_args(f"{self.name}.support", loc, scale)
        bad = ~(scale > 0)
        return (jnp.where(bad, onp.nan, loc + scale * self.a),
                jnp.where(bad, onp.nan, loc + scale * self.b))  # fmt: skip

    def rvs(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0, size: Any = None,
            random_state: Any = None, *, key: Any = None) -> Any:  # fmt: skip
        """Samples of shape ``size`` (default: the broadcast shape of ``loc`` and ``scale``).

        ``key`` (or ``random_state``) is an ``xnp.random`` key or an ``xnp.random.Generator``;
        SciPy's default of a global generator is not offered: a key must be given.
        """
        source = key if key is not None else random_state
        if source is None:
            raise TypeError(f"{self.name}.rvs: pass key= (an xnp.random key) or random_state= "
                            "(a key or an xnp.random.Generator)")  # fmt: skip
        if isinstance(source, random_generator.Generator):
            source = source._next()
        elif isinstance(source, int | onp.integer):
            source = prng.PRNGKey(int(source))
        loc, scale = _util.float_args(f"{self.name}.rvs", loc, scale)
        if size is None:
            shape = tuple(loc.shape)
        else:
            shape = (size,) if isinstance(size, int | onp.integer) else tuple(size)
            try:
                onp.broadcast_shapes(shape, loc.shape)
            except ValueError:
                raise ValueError(f"{self.name}.rvs: size {shape} does not broadcast with the "
                                 f"parameters' shape {tuple(loc.shape)}") from None  # fmt: skip
        z = self._sample(source, shape, onp.dtype(loc.dtype))
        return jnp.where(scale > 0, loc + scale * z, onp.nan)

    def __call__(self, loc: ArrayLike = 0.0, scale: ArrayLike = 1.0) -> rv_frozen:
        return rv_frozen(self, loc, scale)


class rv_frozen:  # noqa: N801 (SciPy's name)
    """A distribution with its ``loc`` and ``scale`` fixed: ``norm(1.0, 2.0).pdf(x)``."""

    def __init__(self, dist: rv_continuous, loc: ArrayLike, scale: ArrayLike) -> None:
        self.dist, self.loc, self.scale = dist, loc, scale

    def __repr__(self) -> str:
        return f"{self.dist.name}(loc={self.loc!r}, scale={self.scale!r})"

    def _bind(name: str) -> Any:  # noqa: N805
        def method(self: rv_frozen, x: ArrayLike) -> Any:
            return getattr(self.dist, name)(x, self.loc, self.scale)

        method.__name__ = name
        method.__doc__ = f"``{name}`` of the frozen distribution."
        return method

    pdf, logpdf, cdf, logcdf = _bind("pdf"), _bind("logpdf"), _bind("cdf"), _bind("logcdf")
    sf, logsf, ppf, isf = _bind("sf"), _bind("logsf"), _bind("ppf"), _bind("isf")
    interval = _bind("interval")

    def mean(self) -> Any:
        return self.dist.mean(self.loc, self.scale)

    def var(self) -> Any:
        return self.dist.var(self.loc, self.scale)

    def std(self) -> Any:
        return self.dist.std(self.loc, self.scale)

    def median(self) -> Any:
        return self.dist.median(self.loc, self.scale)

    def entropy(self) -> Any:
        return self.dist.entropy(self.loc, self.scale)

    def support(self) -> tuple[Any, Any]:
        return self.dist.support(self.loc, self.scale)

    def stats(self, moments: str = "mv") -> Any:
        return self.dist.stats(self.loc, self.scale, moments)

    def rvs(self, size: Any = None, random_state: Any = None, *, key: Any = None) -> Any:
        return self.dist.rvs(self.loc, self.scale, size, random_state, key=key)
