"""Distributions with shape parameters: SciPy's ``rv_continuous`` calling convention
``method(x, *shapes, loc=0, scale=1)`` (shapes, then ``loc`` and ``scale``, positionally or by
name) over a standard form that takes the shapes as extra arguments.

A subclass names its shapes (``shapes = ("a",)``) and defines ``_argcheck`` (which shapes are
valid; NaN must be invalid), ``_support`` (the standard support, possibly shape dependent),
``_logpdf``, the tails and quantiles, ``_stats`` (mean, variance), ``_entropy`` and, where a
closed form exists, ``_munp`` (the standard form's ``n``-th raw moment). Invalid shapes,
``scale <= 0`` and NaN ``loc`` give NaN, as SciPy; the standard-form functions only ever see
valid shapes and points inside the support (masked points take a safe value), so gradients
stay finite.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.random import generator as random_generator
from xnp._src.random import prng, samplers
from xnp._src.scipy.special import _util
from xnp._src.scipy.stats import distributions

ArrayLike = Any
_LOG2 = math.log(2.0)


def log1mexp(t: Any) -> Any:
    """``log(1 - exp(-t))`` for ``t >= 0``, accurate for small and large ``t``."""
    return jnp.where(t < _LOG2, jnp.log(-jnp.expm1(-t)), jnp.log1p(-jnp.exp(-t)))


def key_of(name: str, key: Any, random_state: Any) -> Any:
    source = key if key is not None else random_state
    if source is None:
        raise TypeError(f"{name}.rvs: pass key= (an xnp.random key) or random_state= "
                        "(a key or an xnp.random.Generator)")  # fmt: skip
    if isinstance(source, random_generator.Generator):
        return source._next()
    if isinstance(source, int | onp.integer):
        return prng.PRNGKey(int(source))
    return source


def parse(name: str, what: str, names: tuple[str, ...], defaults: dict[str, Any],
          args: tuple, kwds: dict) -> list[Any]:  # fmt: skip
    """SciPy's ``*args, **kwds`` split into the values of ``names`` in order."""
    if len(args) > len(names):
        raise TypeError(f"{name}.{what}: takes at most {len(names)} parameters "
                        f"{names}, got {len(args)}")  # fmt: skip
    vals = dict(zip(names, args, strict=False))
    for k, v in kwds.items():
        if k not in names:
            raise TypeError(f"{name}.{what}: unexpected keyword argument {k!r}")
        if k in vals:
            raise TypeError(f"{name}.{what}: got multiple values for argument {k!r}")
        vals[k] = v
    out = []
    for n in names:
        if n in vals:
            out.append(vals[n])
        elif n in defaults:
            out.append(defaults[n])
        else:
            raise TypeError(f"{name}.{what}: missing required shape parameter {n!r}")
    return out


def _as(v: Any, like: Any) -> Any:
    """A standard-form constant or array in the parameters' dtype."""
    return jnp.asarray(v, dtype=like.dtype)


def binom_moment(n: int, loc: Any, scale: Any, raw: list[Any]) -> Any:
    """``E[(loc + scale Z)^n]`` from the raw moments ``raw[k] = E[Z^k]``, k = 0..n."""
    out = 0.0
    for k in range(n + 1):
        term = raw[k] * scale**k
        if n - k:
            term = jnp.where(loc == 0, 0.0, term * loc ** (n - k))
        out = out + math.comb(n, k) * term
    return out


class CommonMethods:
    """What the shape-parameter continuous distributions and ``rv_discrete`` share: the
    default shape check (every shape positive) and support (``a``, ``b``), and ``stats`` and
    ``interval``, written in terms of ``mean``, ``var``, ``ppf`` and ``isf``."""

    def _argcheck(self, *s: Any) -> Any:
        ok = True
        for v in s:
            ok = ok & (v > 0)
        return ok

    def _support(self, *s: Any) -> tuple[Any, Any]:
        return self.a, self.b

    def stats(self, *args: Any, moments: str = "mv", **kwds: Any) -> Any:
        """Some of mean ('m') and variance ('v'), in that order, as a tuple."""
        if set(moments) - set("mv"):
            raise ValueError(f"{self.name}.stats: moments {moments!r}: only 'm' and 'v' are "
                             "implemented")  # fmt: skip
        out = []
        if "m" in moments:
            out.append(self.mean(*args, **kwds))
        if "v" in moments:
            out.append(self.var(*args, **kwds))
        return tuple(out)

    def interval(self, confidence: ArrayLike, *args: Any, **kwds: Any) -> tuple[Any, Any]:
        """The endpoints of the central interval holding ``confidence`` of the mass."""
        c = jnp.asarray(confidence)
        c = jnp.where((c >= 0) & (c <= 1), c, onp.nan)
        return self.ppf((1.0 - c) / 2, *args, **kwds), self.isf((1.0 - c) / 2, *args, **kwds)


class rv_continuous_shapes(CommonMethods, distributions.rv_continuous):  # noqa: N801
    """An ``rv_continuous`` with shape parameters (see the module docstring)."""

    shapes: tuple[str, ...] = ()
    _safe: tuple[float, ...] = ()  # a valid value of each shape, for masked points

    # ------------------------------------------------------------------ standard form
    def _pdf(self, z: Any, *s: Any) -> Any:
        return jnp.exp(self._logpdf(z, *s))

    def _cdf(self, z: Any, *s: Any) -> Any:
        return jnp.exp(self._logcdf(z, *s))

    def _sf(self, z: Any, *s: Any) -> Any:
        return jnp.exp(self._logsf(z, *s))

    def _logcdf(self, z: Any, *s: Any) -> Any:
        return jnp.log(self._cdf(z, *s))

    def _logsf(self, z: Any, *s: Any) -> Any:
        return jnp.log(self._sf(z, *s))

    def _isf(self, q: Any, *s: Any) -> Any:
        return self._ppf(1.0 - q, *s)

    def _sample(self, key: Any, shape: tuple[int, ...], dtype: Any, *s: Any) -> Any:
        tiny = float(onp.finfo(dtype).tiny)
        return self._ppf(samplers.uniform(key, shape, dtype, minval=tiny), *s)

    # Without closed forms, moments and the entropy are integrals over the quantile
    # u in (0, 1) by the tanh-sinh rule (see _expect_u); defined where they are finite.
    def _stats(self, *s: Any) -> tuple[Any, Any]:
        m = self._expect_u(lambda z, *_: z, *s)
        return m, self._expect_u(lambda z, *_: (z - m[..., None]) ** 2, *s)

    def _entropy(self, *s: Any) -> Any:
        return -self._expect_u(self._logpdf, *s)

    def _munp(self, n: int, *s: Any) -> Any:
        if n == 1:
            return self._stats(*s)[0]
        if n == 2:
            m, v = self._stats(*s)
            return v + m * m
        return self._expect_u(lambda z, *_: z**n, *s)

    def _expect_u(self, fn: Any, *s: Any) -> Any:
        """``E[fn(Z)] = int_0^1 fn(ppf(u)) du`` by the tanh-sinh rule: u = expit(pi sinh t),
        so endpoint singularities (fn(ppf(u)) growing like a power of log u) are resolved
        and the nodes near u = 1 come from ``isf`` of their exactly computed complement."""
        dt = onp.dtype(s[0].dtype) if s else onp.dtype(onp.float64)
        h = 1.0 / 16.0 if dt == onp.float64 else 1.0 / 8.0
        t = onp.arange(-3.5, 3.5 + h / 2, h)
        u_lo = 1.0 / (1.0 + onp.exp(onp.pi * onp.sinh(onp.abs(t))))  # the smaller of u, 1 - u
        w = h * onp.pi * onp.cosh(t) * u_lo * (1.0 - u_lo)
        shape = jnp.broadcast_shapes(*(v.shape for v in s)) if s else ()
        sb = [jnp.broadcast_to(v, shape)[..., None] for v in s]
        u = jnp.asarray(u_lo.astype(dt))
        z = jnp.where(jnp.asarray(t < 0), self._ppf(u, *sb), self._isf(u, *sb))
        vals = fn(z, *sb)
        # The outermost nodes may round onto an endpoint where fn is infinite; their weight
        # (below 1e-20) makes them negligible wherever the expectation exists.
        keep = jnp.asarray(w > 1e-300) & jnp.isfinite(vals)
        return jnp.sum(jnp.where(keep, vals * jnp.asarray(w.astype(dt)), 0.0), axis=-1)

    # ------------------------------------------------------------------ plumbing
    def _names(self) -> tuple[str, ...]:
        return self.shapes + ("loc", "scale")

    def _prep(self, what: str, first: Any, args: tuple, kwds: dict) -> tuple:
        vals = parse(self.name, what, self._names(), {"loc": 0.0, "scale": 1.0}, args, kwds)
        lead = () if first is None else (first,)
        arrs = _util.float_args(f"{self.name}.{what}", *lead, *vals)
        lead, arrs = arrs[: len(lead)], arrs[len(lead) :]
        *s, loc, scale = arrs
        bad = ~(scale > 0) | jnp.isnan(loc)
        if s:
            bad = bad | ~self._argcheck(*s)
        s = [jnp.where(bad, d, v) for v, d in zip(s, self._safe, strict=True)]
        scale = jnp.where(bad, 1.0, scale)
        return lead, s, loc, scale, bad

    def _ends(self, z: Any, s: list[Any]) -> tuple[Any, Any, Any]:
        a, b = self._support(*s)
        zero = jnp.zeros_like(z)
        a, b = zero + a, zero + b
        fa, fb = jnp.isfinite(a), jnp.isfinite(b)
        mid = jnp.where(fa & fb, 0.5 * (jnp.where(fa, a, 0.0) + jnp.where(fb, b, 0.0)),
                        jnp.where(fa, a + 1.0, jnp.where(fb, b - 1.0, 0.0)))  # fmt: skip
        return a, b, mid

    def _x_method(self, what: str, fn: Any, x: Any, args: tuple, kwds: dict, lo: float,
                  hi: float) -> Any:  # fmt: skip
        (x,), s, loc, scale, bad = self._prep(what, x, args, kwds)
        z = (x - loc) / scale
        a, b, mid = self._ends(z, s)
        inside = (z > a) & (z < b)
        val = fn(jnp.where(inside, z, mid), *s)
        out = jnp.where(z <= a, lo, jnp.where(z >= b, hi, val))
        return jnp.where(bad | jnp.isnan(z), onp.nan, out)

    # ------------------------------------------------------------------ public methods
    def logpdf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the probability density at ``x``."""
        (x,), s, loc, scale, bad = self._prep("logpdf", x, args, kwds)
        z = (x - loc) / scale
        a, b, mid = self._ends(z, s)
        inside = (z >= a) & (z <= b) & jnp.isfinite(z)
        out = jnp.where(inside, self._logpdf(jnp.where(inside, z, mid), *s) - jnp.log(scale),
                        -onp.inf)  # fmt: skip
        return jnp.where(bad | jnp.isnan(z), onp.nan, out)

    def pdf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The probability density at ``x``."""
        (x,), s, loc, scale, bad = self._prep("pdf", x, args, kwds)
        z = (x - loc) / scale
        a, b, mid = self._ends(z, s)
        inside = (z >= a) & (z <= b) & jnp.isfinite(z)
        out = jnp.where(inside, self._pdf(jnp.where(inside, z, mid), *s) / scale, 0.0)
        return jnp.where(bad | jnp.isnan(z), onp.nan, out)

    def cdf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The cumulative distribution function ``P(X <= x)``."""
        return self._x_method("cdf", self._cdf, x, args, kwds, 0.0, 1.0)

    def sf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The survival function ``P(X > x)``."""
        return self._x_method("sf", self._sf, x, args, kwds, 1.0, 0.0)

    def logcdf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the cumulative distribution function."""
        return self._x_method("logcdf", self._logcdf, x, args, kwds, -onp.inf, 0.0)

    def logsf(self, x: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the survival function."""
        return self._x_method("logsf", self._logsf, x, args, kwds, 0.0, -onp.inf)

    def _q_method(self, what: str, fn: Any, q: Any, args: tuple, kwds: dict,
                  upper: bool) -> Any:  # fmt: skip
        (q,), s, loc, scale, bad = self._prep(what, q, args, kwds)
        bad = bad | ~((q >= 0) & (q <= 1))
        a, b, _ = self._ends(q, s)
        if upper:
            a, b = b, a
        z = jnp.where(q == 0, a, jnp.where(q == 1, b, fn(jnp.where((q > 0) & (q < 1), q, 0.5),
                                                         *s)))  # fmt: skip
        return jnp.where(bad, onp.nan, loc + scale * z)

    def ppf(self, q: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The percent point function (inverse of ``cdf``)."""
        return self._q_method("ppf", self._ppf, q, args, kwds, False)

    def isf(self, q: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The inverse survival function (inverse of ``sf``)."""
        return self._q_method("isf", self._isf, q, args, kwds, True)

    def mean(self, *args: Any, **kwds: Any) -> Any:
        """The mean (inf or NaN where SciPy's is)."""
        _, s, loc, scale, bad = self._prep("mean", None, args, kwds)
        return jnp.where(bad, onp.nan, loc + scale * _as(self._stats(*s)[0], scale))

    def var(self, *args: Any, **kwds: Any) -> Any:
        """The variance (inf or NaN where SciPy's is)."""
        _, s, loc, scale, bad = self._prep("var", None, args, kwds)
        return jnp.where(bad, onp.nan, scale * scale * _as(self._stats(*s)[1], scale))

    def std(self, *args: Any, **kwds: Any) -> Any:
        """The standard deviation."""
        return jnp.sqrt(self.var(*args, **kwds))

    def median(self, *args: Any, **kwds: Any) -> Any:
        """The median."""
        return self.ppf(0.5, *args, **kwds)

    def entropy(self, *args: Any, **kwds: Any) -> Any:
        """The differential entropy (in nats)."""
        _, s, loc, scale, bad = self._prep("entropy", None, args, kwds)
        return jnp.where(bad, onp.nan, _as(self._entropy(*s), scale) + jnp.log(scale))

    def moment(self, order: int, *args: Any, **kwds: Any) -> Any:
        """The raw moment ``E[X^order]`` (``order`` a non-negative Python integer)."""
        n = operator_index(self.name, order)
        _, s, loc, scale, bad = self._prep("moment", None, args, kwds)
        raw = [jnp.ones_like(scale)] + [_as(self._munp(k, *s), scale) for k in range(1, n + 1)]
        return jnp.where(bad, onp.nan, binom_moment(n, loc, scale, raw))

    def support(self, *args: Any, **kwds: Any) -> tuple[Any, Any]:
        """The support's endpoints ``loc + scale * (a, b)``."""
        _, s, loc, scale, bad = self._prep("support", None, args, kwds)
        a, b, _ = self._ends(loc, s)
        return (jnp.where(bad, onp.nan, loc + scale * a),
                jnp.where(bad, onp.nan, loc + scale * b))  # fmt: skip

    def rvs(self, *args: Any, size: Any = None, random_state: Any = None, key: Any = None,
            **kwds: Any) -> Any:  # fmt: skip
        """Samples of shape ``size`` (default: the broadcast shape of the parameters).

        ``key`` (or ``random_state``) is an ``xnp.random`` key, an integer seed or an
        ``xnp.random.Generator``; there is no global random state.
        """
        n = len(self._names())
        if len(args) > n:
            extra = list(args[n:])
            args = args[:n]
            if extra:
                size = extra.pop(0)
            if extra:
                random_state = extra.pop(0)
        source = key_of(self.name, key, random_state)
        _, s, loc, scale, bad = self._prep("rvs", None, args, kwds)
        pshape = tuple(loc.shape)
        if size is None:
            shape = pshape
        else:
            shape = (size,) if isinstance(size, int | onp.integer) else tuple(size)
            try:
                if onp.broadcast_shapes(shape, pshape) != shape:
                    raise ValueError
            except ValueError:
                raise ValueError(f"{self.name}.rvs: size {shape} does not broadcast with the "
                                 f"parameters' shape {pshape}") from None  # fmt: skip
        s = [jnp.broadcast_to(v, shape) for v in s]
        z = self._sample(source, shape, onp.dtype(loc.dtype), *s)
        return jnp.where(bad, onp.nan, loc + scale * z)

    def __call__(self, *args: Any, **kwds: Any) -> rv_frozen_shapes:
        parse(self.name, "freeze", self._names(), {"loc": 0.0, "scale": 1.0}, args, kwds)
        return rv_frozen_shapes(self, args, kwds)


def operator_index(name: str, order: Any) -> int:
    try:
        n = int(order)
    except TypeError:
        raise TypeError(f"{name}.moment: order must be a non-negative integer") from None
    if n != order or n < 0:
        raise ValueError(f"{name}.moment: order must be a non-negative integer, got {order!r}")
    return n


class rv_frozen_shapes(distributions.rv_frozen):  # noqa: N801
    """A distribution with its shapes, ``loc`` and ``scale`` fixed: ``gamma(2.0).pdf(x)``."""

    def __init__(self, dist: Any, args: tuple, kwds: dict) -> None:
        self.dist, self.args, self.kwds = dist, tuple(args), dict(kwds)

    def __repr__(self) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwds.items()]
        return f"{self.dist.name}({', '.join(parts)})"

    def _bind(name: str) -> Any:  # noqa: N805
        def method(self: rv_frozen_shapes, x: ArrayLike) -> Any:
            return getattr(self.dist, name)(x, *self.args, **self.kwds)

        method.__name__ = name
        method.__doc__ = f"``{name}`` of the frozen distribution."
        return method

    pdf, logpdf, cdf, logcdf = _bind("pdf"), _bind("logpdf"), _bind("cdf"), _bind("logcdf")
    sf, logsf, ppf, isf = _bind("sf"), _bind("logsf"), _bind("ppf"), _bind("isf")
    interval, moment = _bind("interval"), _bind("moment")
    pmf, logpmf = _bind("pmf"), _bind("logpmf")

    def mean(self) -> Any:
        return self.dist.mean(*self.args, **self.kwds)

    def var(self) -> Any:
        return self.dist.var(*self.args, **self.kwds)

    def std(self) -> Any:
        return self.dist.std(*self.args, **self.kwds)

    def median(self) -> Any:
        return self.dist.median(*self.args, **self.kwds)

    def entropy(self) -> Any:
        return self.dist.entropy(*self.args, **self.kwds)

    def support(self) -> tuple[Any, Any]:
        return self.dist.support(*self.args, **self.kwds)

    def stats(self, moments: str = "mv") -> Any:
        return self.dist.stats(*self.args, moments=moments, **self.kwds)

    def rvs(self, size: Any = None, random_state: Any = None, *, key: Any = None) -> Any:
        return self.dist.rvs(*self.args, size=size, random_state=random_state, key=key,
                             **self.kwds)  # fmt: skip
