"""SciPy's ``rv_discrete`` over xnp, and discrete distributions on it.

A distribution is an integer-valued standard form on ``[a, b]`` (possibly shape dependent)
shifted by ``loc``: ``pmf(k, *shapes, loc=0)``. As SciPy: ``pmf`` is 0 off the integers and
outside the support, ``cdf``/``sf`` step at the integers (``floor(k - loc)``), ``ppf(q)`` is the
smallest integer ``k`` with ``cdf(k) >= q`` (``a - 1`` at ``q = 0``), ``isf(q)`` the smallest
with ``sf(k) <= q``, and invalid shapes give NaN. Quantiles without a closed form are found by a
doubling search and a bisection over the integers (fixed trip counts, so they jit); moments and
the entropy without closed forms are sums over a window of ``_WINDOW`` integers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.lax import loops
from xnp._src.numpy import namespace as jnp
from xnp._src.random import samplers
from xnp._src.scipy.special import _util, convenience
from xnp._src.scipy.special import gamma as sg
from xnp._src.scipy.stats import shapes as shapes_mod

ArrayLike = Any
inf, nan = onp.inf, onp.nan
_WINDOW = 2048


def _is_int(v: Any) -> Any:
    return jnp.floor(v) == v


class rv_discrete(shapes_mod.CommonMethods):  # noqa: N801 (SciPy's name)
    """A discrete distribution (see the module docstring)."""

    name: str = ""
    shapes: tuple[str, ...] = ()
    _safe: tuple[float, ...] = ()
    a: float = 0.0
    b: float = inf

    # ------------------------------------------------------------------ standard form
    def _pmf(self, k: Any, *s: Any) -> Any:
        return jnp.exp(self._logpmf(k, *s))

    def _cdf(self, k: Any, *s: Any) -> Any:
        return 1.0 - self._sf(k, *s)

    def _sf(self, k: Any, *s: Any) -> Any:
        return 1.0 - self._cdf(k, *s)

    def _logcdf(self, k: Any, *s: Any) -> Any:
        return jnp.log(self._cdf(k, *s))

    def _logsf(self, k: Any, *s: Any) -> Any:
        return jnp.log(self._sf(k, *s))

    def _guess(self, *s: Any) -> Any:
        """A starting point for the quantile search (any integer in the support)."""
        return self._ends(s)[0]

    def _search(self, ok: Any, s: list[Any], like: Any) -> Any:
        """The smallest integer k in [a, b] with ``ok(k)`` (monotone in k, true at b)."""
        a, b = self._ends(s)
        zero = jnp.zeros_like(like)
        a, b = zero + a, zero + b
        g = jnp.maximum(jnp.floor(zero + self._guess(*s)), a)

        def pred(k: Any) -> Any:
            return (k >= b) | ok(jnp.minimum(k, jnp.where(jnp.isfinite(b), b, k)))

        # Two-sided supports: step down from the guess until ok fails.
        lo0 = jnp.where(jnp.isfinite(a), a - 1.0, g - 1.0)

        def down(i: Any, st: tuple) -> tuple:
            lo, step, done = st
            fails = ~pred(lo)
            done = done | fails | jnp.isfinite(a)
            return (jnp.where(done, lo, lo - step), step * 2.0, done)

        lo, _, _ = loops.fori_loop(0, 64, down, (lo0, jnp.ones_like(lo0), jnp.isfinite(a)))
        hi0 = jnp.maximum(g, lo + 1.0)

        def up(i: Any, st: tuple) -> tuple:
            lo, hi, step = st
            good = pred(hi)
            nlo = jnp.where(good, lo, hi)
            nhi = jnp.where(good, hi, jnp.minimum(hi + step, b))
            return (nlo, nhi, step * 2.0)

        lo, hi, _ = loops.fori_loop(0, 64, up, (lo, hi0, jnp.ones_like(lo)))

        def bisect(i: Any, st: tuple) -> tuple:
            lo, hi = st
            mid = jnp.floor(0.5 * (lo + hi))
            go = (hi - lo > 1.0) & (mid > lo)
            good = pred(mid)
            return (jnp.where(go & ~good, mid, lo), jnp.where(go & good, mid, hi))

        _, hi = loops.fori_loop(0, 64, bisect, (lo, hi))
        return hi

    def _ppf(self, q: Any, *s: Any) -> Any:
        return self._search(lambda k: self._cdf(k, *s) >= q, list(s), q)

    def _isf(self, q: Any, *s: Any) -> Any:
        return self._search(lambda k: self._sf(k, *s) <= q, list(s), q)

    def _stats(self, *s: Any) -> tuple[Any, Any]:
        m = self._window_sum(lambda k, p: k * p, *s)
        return m, self._window_sum(lambda k, p: (k - m[..., None]) ** 2 * p, *s)

    def _munp(self, n: int, *s: Any) -> Any:
        return self._window_sum(lambda k, p: k**n * p, *s)

    def _entropy(self, *s: Any) -> Any:
        return self._window_sum(lambda k, p: -convenience.xlogy(p, p), *s)

    def _window_start(self, *s: Any) -> Any:
        return self._ends(s)[0]

    def _window_sum(self, fn: Any, *s: Any) -> Any:
        """``sum_k fn(k, pmf(k))`` over ``_WINDOW`` integers from ``_window_start``."""
        shape = jnp.broadcast_shapes(*(v.shape for v in s))
        sb = [jnp.broadcast_to(v, shape)[..., None] for v in s]
        a, b = self._ends(sb)
        start = jnp.floor(jnp.broadcast_to(jnp.asarray(self._window_start(*s)), shape))[..., None]
        k = start + jnp.arange(_WINDOW, dtype=start.dtype)
        inside = (k >= a) & (k <= b)
        p = jnp.where(inside, self._pmf(jnp.where(inside, k, start), *sb), 0.0)
        return jnp.sum(jnp.where(inside, fn(k, p), 0.0), axis=-1)

    # ------------------------------------------------------------------ plumbing
    def _names(self) -> tuple[str, ...]:
        return self.shapes + ("loc",)

    def _ends(self, s: Any) -> tuple[Any, Any]:
        return self._support(*s)

    def _prep(self, what: str, first: Any, args: tuple, kwds: dict) -> tuple:
        vals = shapes_mod.parse(self.name, what, self._names(), {"loc": 0.0}, args, kwds)
        lead = () if first is None else (first,)
        arrs = _util.float_args(f"{self.name}.{what}", *lead, *vals)
        lead, arrs = arrs[: len(lead)], arrs[len(lead) :]
        *s, loc = arrs
        bad = jnp.isnan(loc)
        if s:
            bad = bad | ~self._argcheck(*s)
        s = [jnp.where(bad, d, v) for v, d in zip(s, self._safe, strict=True)]
        return lead, s, loc, bad

    def _k_method(self, what: str, fn: Any, k: Any, args: tuple, kwds: dict, lo: float,
                  hi: float) -> Any:  # fmt: skip
        (k,), s, loc, bad = self._prep(what, k, args, kwds)
        k = jnp.floor(k - loc)
        a, b = self._ends(s)
        inside = (k >= a) & (k < b)
        val = fn(jnp.where(inside, k, jnp.zeros_like(k) + a), *s)
        out = jnp.where(k < a, lo, jnp.where(k >= b, hi, val))
        return jnp.where(bad | jnp.isnan(k), nan, out)

    # ------------------------------------------------------------------ public methods
    def logpmf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the probability mass at ``k``."""
        (k,), s, loc, bad = self._prep("logpmf", k, args, kwds)
        k = k - loc
        a, b = self._ends(s)
        inside = (k >= a) & (k <= b) & _is_int(k)
        val = self._logpmf(jnp.where(inside, k, jnp.zeros_like(k) + a), *s)
        return jnp.where(bad | jnp.isnan(k), nan, jnp.where(inside, val, -inf))

    def pmf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The probability mass at ``k``."""
        (k,), s, loc, bad = self._prep("pmf", k, args, kwds)
        k = k - loc
        a, b = self._ends(s)
        inside = (k >= a) & (k <= b) & _is_int(k)
        val = self._pmf(jnp.where(inside, k, jnp.zeros_like(k) + a), *s)
        return jnp.where(bad | jnp.isnan(k), nan, jnp.where(inside, val, 0.0))

    def cdf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """``P(X <= k)``."""
        return self._k_method("cdf", self._cdf, k, args, kwds, 0.0, 1.0)

    def sf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """``P(X > k)``."""
        return self._k_method("sf", self._sf, k, args, kwds, 1.0, 0.0)

    def logcdf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the CDF."""
        return self._k_method("logcdf", self._logcdf, k, args, kwds, -inf, 0.0)

    def logsf(self, k: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The log of the survival function."""
        return self._k_method("logsf", self._logsf, k, args, kwds, 0.0, -inf)

    def _q_method(self, what: str, fn: Any, q: Any, args: tuple, kwds: dict,
                  upper: bool) -> Any:  # fmt: skip
        (q,), s, loc, bad = self._prep(what, q, args, kwds)
        bad = bad | ~((q >= 0) & (q <= 1))
        a, b = self._ends(s)
        zero = jnp.zeros_like(q)
        at0, at1 = zero + a - 1.0, zero + b
        if upper:
            at0, at1 = at1, at0
        inner = (q > 0) & (q < 1) & ~bad
        val = fn(jnp.where(inner, q, 0.5), *s)
        out = jnp.where(q == 0, at0, jnp.where(q == 1, at1, val))
        return jnp.where(bad, nan, out + loc)

    def ppf(self, q: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The smallest ``k`` with ``cdf(k) >= q``."""
        return self._q_method("ppf", self._ppf, q, args, kwds, False)

    def isf(self, q: ArrayLike, *args: Any, **kwds: Any) -> Any:
        """The smallest ``k`` with ``sf(k) <= q``."""
        return self._q_method("isf", self._isf, q, args, kwds, True)

    def mean(self, *args: Any, **kwds: Any) -> Any:
        """The mean (inf where it diverges)."""
        _, s, loc, bad = self._prep("mean", None, args, kwds)
        return jnp.where(bad, nan, loc + shapes_mod._as(self._stats(*s)[0], loc))

    def var(self, *args: Any, **kwds: Any) -> Any:
        """The variance (inf where it diverges)."""
        _, s, loc, bad = self._prep("var", None, args, kwds)
        return jnp.where(bad, nan, shapes_mod._as(self._stats(*s)[1], loc))

    def std(self, *args: Any, **kwds: Any) -> Any:
        """The standard deviation."""
        return jnp.sqrt(self.var(*args, **kwds))

    def median(self, *args: Any, **kwds: Any) -> Any:
        """The median (``ppf(0.5)``)."""
        return self.ppf(0.5, *args, **kwds)

    def entropy(self, *args: Any, **kwds: Any) -> Any:
        """The entropy (in nats)."""
        _, s, loc, bad = self._prep("entropy", None, args, kwds)
        return jnp.where(bad, nan, shapes_mod._as(self._entropy(*s), loc))

    def moment(self, order: int, *args: Any, **kwds: Any) -> Any:
        """The raw moment ``E[X^order]``."""
        n = shapes_mod.operator_index(self.name, order)
        _, s, loc, bad = self._prep("moment", None, args, kwds)
        raw = [jnp.ones_like(loc)] + [shapes_mod._as(self._munp(k, *s), loc)
                                      for k in range(1, n + 1)]  # fmt: skip
        return jnp.where(bad, nan, shapes_mod.binom_moment(n, loc, 1.0, raw))

    def support(self, *args: Any, **kwds: Any) -> tuple[Any, Any]:
        """The support's endpoints ``loc + (a, b)``."""
        _, s, loc, bad = self._prep("support", None, args, kwds)
        a, b = self._ends(s)
        return jnp.where(bad, nan, loc + a), jnp.where(bad, nan, loc + b)

    def rvs(self, *args: Any, size: Any = None, random_state: Any = None, key: Any = None,
            **kwds: Any) -> Any:  # fmt: skip
        """Integer samples (int64) of shape ``size``; ``key`` or ``random_state`` is an
        ``xnp.random`` key, an integer seed or an ``xnp.random.Generator``. Invalid shapes
        give -1 (an integer array holds no NaN)."""
        n = len(self._names())
        if len(args) > n:
            extra = list(args[n:])
            args = args[:n]
            size = extra.pop(0)
            if extra:
                random_state = extra.pop(0)
        source = shapes_mod.key_of(self.name, key, random_state)
        _, s, loc, bad = self._prep("rvs", None, args, kwds)
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
        dt = onp.dtype(loc.dtype)
        u = samplers.uniform(key=source, shape=shape, dtype=dt)
        u = jnp.where(u > 0, u, float(onp.finfo(dt).tiny))
        k = self._ppf(u, *s) + loc
        return jnp.where(bad, -1.0, k).astype(onp.int64)

    def __call__(self, *args: Any, **kwds: Any) -> shapes_mod.rv_frozen_shapes:
        shapes_mod.parse(self.name, "freeze", self._names(), {"loc": 0.0}, args, kwds)
        return shapes_mod.rv_frozen_shapes(self, args, kwds)


# ----------------------------------------------------------------------------- distributions
class poisson_gen(rv_discrete):  # noqa: N801
    """The Poisson distribution with mean ``mu``."""

    name, shapes, _safe = "poisson", ("mu",), (1.0,)

    def _argcheck(self, mu: Any) -> Any:
        return (mu >= 0) & jnp.isfinite(mu)

    def _logpmf(self, k: Any, mu: Any) -> Any:
        return convenience.xlogy(k, mu) - sg.gammaln(k + 1.0) - mu

    def _cdf(self, k: Any, mu: Any) -> Any:
        return sg.gammaincc(k + 1.0, mu)

    def _sf(self, k: Any, mu: Any) -> Any:
        return sg.gammainc(k + 1.0, mu)

    def _guess(self, mu: Any) -> Any:
        return jnp.floor(mu)

    def _window_start(self, mu: Any) -> Any:
        return jnp.maximum(jnp.floor(mu) - _WINDOW // 2, 0.0)

    def _stats(self, mu: Any) -> tuple[Any, Any]:
        return mu, mu


class geom_gen(rv_discrete):  # noqa: N801
    """The geometric distribution (trials to the first success, support ``k >= 1``)."""

    name, shapes, _safe = "geom", ("p",), (0.5,)
    a = 1.0

    def _argcheck(self, p: Any) -> Any:
        return (p > 0) & (p <= 1)

    def _logpmf(self, k: Any, p: Any) -> Any:
        return convenience.xlog1py(k - 1.0, -p) + jnp.log(p)

    def _logsf(self, k: Any, p: Any) -> Any:
        return convenience.xlog1py(k, -p)

    def _sf(self, k: Any, p: Any) -> Any:
        return jnp.exp(self._logsf(k, p))

    def _cdf(self, k: Any, p: Any) -> Any:
        return -jnp.expm1(self._logsf(k, p))

    def _logcdf(self, k: Any, p: Any) -> Any:
        return shapes_mod.log1mexp(-self._logsf(k, p))

    def _guess(self, p: Any) -> Any:
        return jnp.maximum(jnp.floor(1.0 / p), 1.0)

    def _stats(self, p: Any) -> tuple[Any, Any]:
        return 1.0 / p, (1.0 - p) / (p * p)

    def _entropy(self, p: Any) -> Any:
        return (-convenience.xlog1py(1.0 - p, -p) - convenience.xlogy(p, p)) / p


class bernoulli_gen(rv_discrete):  # noqa: N801
    """The Bernoulli distribution."""

    name, shapes, _safe = "bernoulli", ("p",), (0.5,)
    b = 1.0

    def _argcheck(self, p: Any) -> Any:
        return (p >= 0) & (p <= 1)

    def _logpmf(self, k: Any, p: Any) -> Any:
        return jnp.where(k == 0, jnp.log1p(-p), jnp.log(p))

    def _cdf(self, k: Any, p: Any) -> Any:
        return 1.0 - p + 0.0 * k

    def _sf(self, k: Any, p: Any) -> Any:
        return p + 0.0 * k

    def _logcdf(self, k: Any, p: Any) -> Any:
        return jnp.log1p(-p) + 0.0 * k

    def _ppf(self, q: Any, p: Any) -> Any:
        return jnp.where(q > 1.0 - p, 1.0, 0.0)

    def _isf(self, q: Any, p: Any) -> Any:
        return jnp.where(q < p, 1.0, 0.0)

    def _stats(self, p: Any) -> tuple[Any, Any]:
        return p, p * (1.0 - p)

    def _munp(self, n: int, p: Any) -> Any:
        return p

    def _entropy(self, p: Any) -> Any:
        return -convenience.xlogy(p, p) - convenience.xlog1py(1.0 - p, -p)


class randint_gen(rv_discrete):  # noqa: N801
    """The discrete uniform distribution on ``low, ..., high - 1``."""

    name, shapes, _safe = "randint", ("low", "high"), (0.0, 1.0)

    def _argcheck(self, low: Any, high: Any) -> Any:
        return (high > low) & _is_int(low) & _is_int(high)

    def _support(self, low: Any, high: Any) -> tuple[Any, Any]:
        return low, high - 1.0

    def _logpmf(self, k: Any, low: Any, high: Any) -> Any:
        return -jnp.log(high - low) + 0.0 * k

    def _cdf(self, k: Any, low: Any, high: Any) -> Any:
        return (k - low + 1.0) / (high - low)

    def _sf(self, k: Any, low: Any, high: Any) -> Any:
        return (high - 1.0 - k) / (high - low)

    def _guess(self, low: Any, high: Any) -> Any:
        return jnp.floor(0.5 * (low + high))

    def _stats(self, low: Any, high: Any) -> tuple[Any, Any]:
        n = high - low
        return 0.5 * (low + high - 1.0), (n * n - 1.0) / 12.0

    def _munp(self, n: int, low: Any, high: Any) -> Any:
        m, v = self._stats(low, high)
        if n == 1:
            return m
        if n == 2:
            return v + m * m
        return super()._munp(n, low, high)

    def _entropy(self, low: Any, high: Any) -> Any:
        return jnp.log(high - low)


class dlaplace_gen(rv_discrete):  # noqa: N801
    """The discrete Laplacian distribution on the integers."""

    name, shapes, _safe = "dlaplace", ("a",), (1.0,)
    a = -inf

    def _support(self, a: Any) -> tuple[Any, Any]:
        return -inf, inf

    def _logpmf(self, k: Any, a: Any) -> Any:
        return jnp.log(jnp.tanh(0.5 * a)) - a * jnp.abs(k)

    def _logsf(self, k: Any, a: Any) -> Any:
        # sf(k) = e^(-a (k + 1)) / (1 + e^-a) for k >= 0; sf(k) = 1 - sf(-k - 1) below.
        kk = jnp.where(k >= 0, k, -k - 1.0)
        tail = -a * (kk + 1.0) - jnp.log1p(jnp.exp(-a))
        return jnp.where(k >= 0, tail, jnp.log1p(-jnp.exp(tail)))

    def _logcdf(self, k: Any, a: Any) -> Any:
        return self._logsf(-k - 1.0, a)

    def _sf(self, k: Any, a: Any) -> Any:
        return jnp.exp(self._logsf(k, a))

    def _cdf(self, k: Any, a: Any) -> Any:
        return jnp.exp(self._logcdf(k, a))

    def _guess(self, a: Any) -> Any:
        return jnp.zeros_like(a)

    def _window_start(self, a: Any) -> Any:
        return jnp.zeros_like(a) - _WINDOW // 2

    def _stats(self, a: Any) -> tuple[Any, Any]:
        r = jnp.exp(-a)
        return jnp.zeros_like(a), 2.0 * r / (jnp.expm1(-a) ** 2)

    def _entropy(self, a: Any) -> Any:
        return a / jnp.sinh(a) - jnp.log(jnp.tanh(0.5 * a))


class planck_gen(rv_discrete):  # noqa: N801
    """The Planck (discrete exponential) distribution on ``k >= 0``."""

    name, shapes, _safe = "planck", ("lambda_",), (1.0,)

    def _logpmf(self, k: Any, lam: Any) -> Any:
        return jnp.log(-jnp.expm1(-lam)) - lam * k

    def _logsf(self, k: Any, lam: Any) -> Any:
        return -lam * (k + 1.0)

    def _sf(self, k: Any, lam: Any) -> Any:
        return jnp.exp(-lam * (k + 1.0))

    def _cdf(self, k: Any, lam: Any) -> Any:
        return -jnp.expm1(-lam * (k + 1.0))

    def _logcdf(self, k: Any, lam: Any) -> Any:
        return shapes_mod.log1mexp(lam * (k + 1.0))

    def _guess(self, lam: Any) -> Any:
        return jnp.floor(1.0 / lam)

    def _stats(self, lam: Any) -> tuple[Any, Any]:
        e = jnp.expm1(lam)
        return 1.0 / e, jnp.exp(lam) / (e * e)

    def _entropy(self, lam: Any) -> Any:
        c = -jnp.expm1(-lam)
        return lam * jnp.exp(-lam) / c - jnp.log(c)


class boltzmann_gen(rv_discrete):  # noqa: N801
    """The Boltzmann (truncated Planck) distribution on ``0, ..., N - 1``."""

    name, shapes, _safe = "boltzmann", ("lambda_", "N"), (1.0, 1.0)

    def _argcheck(self, lam: Any, n: Any) -> Any:
        return (lam > 0) & (n > 0) & _is_int(n) & jnp.isfinite(n)

    def _support(self, lam: Any, n: Any) -> tuple[Any, Any]:
        return 0.0, n - 1.0

    def _logpmf(self, k: Any, lam: Any, n: Any) -> Any:
        return jnp.log(-jnp.expm1(-lam)) - lam * k - jnp.log(-jnp.expm1(-lam * n))

    def _cdf(self, k: Any, lam: Any, n: Any) -> Any:
        return jnp.expm1(-lam * (k + 1.0)) / jnp.expm1(-lam * n)

    def _sf(self, k: Any, lam: Any, n: Any) -> Any:
        # (e^(-lam (k+1)) - e^(-lam N)) / (1 - e^(-lam N))
        return jnp.exp(-lam * (k + 1.0)) * -jnp.expm1(-lam * (n - k - 1.0)) / -jnp.expm1(-lam * n)

    def _stats(self, lam: Any, n: Any) -> tuple[Any, Any]:
        z, zn = jnp.expm1(lam), jnp.expm1(lam * n)
        mean = 1.0 / z - n / zn
        var = jnp.exp(lam) / (z * z) - n * n * jnp.exp(lam * n) / (zn * zn)
        return mean, var


class zipf_gen(rv_discrete):  # noqa: N801
    """The Zipf (zeta) distribution with exponent ``a > 1`` on ``k >= 1``."""

    name, shapes, _safe = "zipf", ("a",), (2.0,)
    a = 1.0

    def _argcheck(self, a: Any) -> Any:
        return (a > 1) & jnp.isfinite(a)

    def _logpmf(self, k: Any, a: Any) -> Any:
        return -a * jnp.log(k) - jnp.log(sg.zeta(a))

    def _sf(self, k: Any, a: Any) -> Any:
        return sg.zeta(a, k + 1.0) / sg.zeta(a)

    def _cdf(self, k: Any, a: Any) -> Any:
        return 1.0 - self._sf(k, a)

    def _guess(self, a: Any) -> Any:
        return jnp.ones_like(a)

    def _munp(self, n: int, a: Any) -> Any:
        ok = a > n + 1
        return jnp.where(ok, sg.zeta(jnp.where(ok, a - n, 2.0)) / sg.zeta(a), inf)

    def _stats(self, a: Any) -> tuple[Any, Any]:
        m = self._munp(1, a)
        return m, jnp.where(a > 3, self._munp(2, a) - m * m, inf)

    def _entropy(self, a: Any) -> Any:
        # The window sum plus its tail: sum_{k > K} k^-a (a log k + log zeta(a)) / zeta(a),
        # by the midpoint integral from K + 1/2 (error O(K^(-a-2))).
        head = super()._entropy(a)
        lz = jnp.log(sg.zeta(a))
        ell = _WINDOW + 0.5
        am1 = a - 1.0
        p0 = ell ** (-am1) / am1
        tail = (a * p0 * (math.log(ell) + 1.0 / am1) + lz * p0) / sg.zeta(a)
        return head + tail


poisson = poisson_gen()
geom = geom_gen()
bernoulli = bernoulli_gen()
randint = randint_gen()
dlaplace = dlaplace_gen()
planck = planck_gen()
boltzmann = boltzmann_gen()
zipf = zipf_gen()
