"""Continuous distributions with shape parameters, in standard form (``loc = 0``,
``scale = 1``), on the machinery of shapes.py. Each is written in terms of the special
functions xnp has; tails are computed directly (``sf`` is never ``1 - cdf`` where a direct form
exists) and logs of tails in log space. Moments without a closed form are tanh-sinh integrals
over the quantile (shapes.py)."""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import convenience, error
from xnp._src.scipy.special import gamma as sg
from xnp._src.scipy.stats.shapes import log1mexp, rv_continuous_shapes

_EULER = 0.5772156649015329
_LOG2 = math.log(2.0)
_LOGPI = math.log(math.pi)
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_PI = math.pi
inf, nan = onp.inf, onp.nan


def _xlogy(a: Any, z: Any) -> Any:
    return convenience.xlogy(a, z)


def _softplus(x: Any) -> Any:
    """``log(1 + exp(x))`` without overflow."""
    return jnp.maximum(x, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(x)))


def _logdiff(a: Any, b: Any) -> Any:
    """``log(exp(a) - exp(b))`` for ``a >= b``."""
    return a + log1mexp(a - b)


def _log_expm1(y: Any) -> Any:
    """``log(expm1(y))`` for ``y > 0`` without overflow."""
    big = y > 20
    return jnp.where(big, y + jnp.log1p(-jnp.exp(-jnp.where(big, y, 20.0))),
                     jnp.log(jnp.expm1(jnp.where(big, 1.0, y))))  # fmt: skip








def _logq(q: Any) -> Any:
    """``log(q)`` through ``log1p(q - 1)`` above 1/2 (``q - 1`` is exact there)."""
    return jnp.where(q > 0.5, jnp.log1p(q - 1.0), jnp.log(q))




def _pow_moment(cond: Any, val: Any) -> Any:
    """``val`` where the moment exists (``cond``), else inf."""
    return jnp.where(cond, val, inf)


def _gratio(x: Any, y: Any) -> Any:
    """``Gamma(x) / Gamma(y)`` for positive arguments."""
    return jnp.exp(sg.gammaln(x) - sg.gammaln(y))


class _Positive(rv_continuous_shapes):
    a = 0.0


# ----------------------------------------------------------------------------- log-normal family
class lognorm_gen(_Positive):  # noqa: N801
    """The log-normal distribution with shape ``s`` (the sigma of ``log X``)."""

    name, shapes, _safe = "lognorm", ("s",), (1.0,)

    def _logpdf(self, z: Any, s: Any) -> Any:
        lz = jnp.log(z)
        out = -lz - jnp.log(s) - _HALF_LOG_2PI - lz * lz / (2 * s * s)
        return jnp.where(z == 0, -inf, out)

    def _cdf(self, z: Any, s: Any) -> Any:
        return error.ndtr(jnp.log(z) / s)

    def _sf(self, z: Any, s: Any) -> Any:
        return error.ndtr(-jnp.log(z) / s)

    def _logcdf(self, z: Any, s: Any) -> Any:
        return error.log_ndtr(jnp.log(z) / s)

    def _logsf(self, z: Any, s: Any) -> Any:
        return error.log_ndtr(-jnp.log(z) / s)

    def _ppf(self, q: Any, s: Any) -> Any:
        return jnp.exp(s * error.ndtri(q))

    def _isf(self, q: Any, s: Any) -> Any:
        return jnp.exp(-s * error.ndtri(q))

    def _stats(self, s: Any) -> tuple[Any, Any]:
        s2 = s * s
        return jnp.exp(0.5 * s2), jnp.exp(s2) * jnp.expm1(s2)

    def _munp(self, n: int, s: Any) -> Any:
        return jnp.exp(0.5 * n * n * s * s)

    def _entropy(self, s: Any) -> Any:
        return 0.5 + _HALF_LOG_2PI + jnp.log(s)


# ----------------------------------------------------------------------------- Weibull family
class weibull_min_gen(_Positive):  # noqa: N801
    """The Weibull minimum distribution with shape ``c``."""

    name, shapes, _safe = "weibull_min", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(c) + _xlogy(c - 1.0, z) - z**c

    def _cdf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(-(z**c))

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.exp(-(z**c))

    def _logcdf(self, z: Any, c: Any) -> Any:
        return log1mexp(z**c)

    def _logsf(self, z: Any, c: Any) -> Any:
        return -(z**c)

    def _ppf(self, q: Any, c: Any) -> Any:
        return (-jnp.log1p(-q)) ** (1.0 / c)

    def _isf(self, q: Any, c: Any) -> Any:
        return (-_logq(q)) ** (1.0 / c)

    def _munp(self, n: int, c: Any) -> Any:
        return _gratio(1.0 + n / c, jnp.ones_like(c))

    def _stats(self, c: Any) -> tuple[Any, Any]:
        g1, g2 = self._munp(1, c), self._munp(2, c)
        return g1, g2 - g1 * g1

    def _entropy(self, c: Any) -> Any:
        return -jnp.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0


class weibull_max_gen(rv_continuous_shapes):  # noqa: N801
    """The Weibull maximum distribution (``weibull_min`` of ``-x``)."""

    name, shapes, _safe = "weibull_max", ("c",), (1.0,)
    b = 0.0
    _w = weibull_min_gen()

    def _logpdf(self, z: Any, c: Any) -> Any:
        return self._w._logpdf(-z, c)

    def _cdf(self, z: Any, c: Any) -> Any:
        return self._w._sf(-z, c)

    def _sf(self, z: Any, c: Any) -> Any:
        return self._w._cdf(-z, c)

    def _logcdf(self, z: Any, c: Any) -> Any:
        return self._w._logsf(-z, c)

    def _logsf(self, z: Any, c: Any) -> Any:
        return self._w._logcdf(-z, c)

    def _ppf(self, q: Any, c: Any) -> Any:
        return -self._w._isf(q, c)

    def _isf(self, q: Any, c: Any) -> Any:
        return -self._w._ppf(q, c)

    def _munp(self, n: int, c: Any) -> Any:
        return (-1.0) ** n * self._w._munp(n, c)

    def _stats(self, c: Any) -> tuple[Any, Any]:
        m, v = self._w._stats(c)
        return -m, v

    def _entropy(self, c: Any) -> Any:
        return self._w._entropy(c)


class dweibull_gen(rv_continuous_shapes):  # noqa: N801
    """The double Weibull distribution with shape ``c``."""

    name, shapes, _safe = "dweibull", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        a = jnp.abs(z)
        return jnp.log(c) - _LOG2 + _xlogy(c - 1.0, a) - a**c

    def _cdf(self, z: Any, c: Any) -> Any:
        h = 0.5 * jnp.exp(-(jnp.abs(z) ** c))
        return jnp.where(z <= 0, h, 1.0 - h)

    def _sf(self, z: Any, c: Any) -> Any:
        return self._cdf(-z, c)

    def _logcdf(self, z: Any, c: Any) -> Any:
        t = jnp.abs(z) ** c
        return jnp.where(z <= 0, -t - _LOG2, jnp.log1p(-0.5 * jnp.exp(-t)))

    def _logsf(self, z: Any, c: Any) -> Any:
        return self._logcdf(-z, c)

    def _ppf(self, q: Any, c: Any) -> Any:
        lo = q < 0.5
        t = (-jnp.log(2.0 * jnp.where(lo, q, 1.0 - q))) ** (1.0 / c)
        return jnp.where(lo, -t, t)

    def _isf(self, q: Any, c: Any) -> Any:
        return -self._ppf(q, c)

    def _munp(self, n: int, c: Any) -> Any:
        return jnp.zeros_like(c) if n % 2 else _gratio(1.0 + n / c, jnp.ones_like(c))

    def _stats(self, c: Any) -> tuple[Any, Any]:
        return jnp.zeros_like(c), self._munp(2, c)

    def _entropy(self, c: Any) -> Any:
        return -jnp.log(c) + _EULER * (1.0 - 1.0 / c) + 1.0 + _LOG2


class exponweib_gen(_Positive):  # noqa: N801
    """The exponentiated Weibull distribution with shapes ``a`` and ``c``."""

    name, shapes, _safe = "exponweib", ("a", "c"), (1.0, 1.0)

    def _logpdf(self, z: Any, a: Any, c: Any) -> Any:
        t = z**c
        base = jnp.where(a == 1, 0.0, (a - 1.0) * log1mexp(jnp.where(a == 1, 1.0, t)))
        return jnp.log(a) + jnp.log(c) + base - t + _xlogy(c - 1.0, z)

    def _logcdf(self, z: Any, a: Any, c: Any) -> Any:
        return a * log1mexp(z**c)

    def _cdf(self, z: Any, a: Any, c: Any) -> Any:
        return jnp.exp(self._logcdf(z, a, c))

    def _sf(self, z: Any, a: Any, c: Any) -> Any:
        return -jnp.expm1(self._logcdf(z, a, c))

    def _logsf(self, z: Any, a: Any, c: Any) -> Any:
        return log1mexp(-self._logcdf(z, a, c))

    def _ppf(self, q: Any, a: Any, c: Any) -> Any:
        return self._from_log_u(_logq(q) / a, c)

    def _isf(self, q: Any, a: Any, c: Any) -> Any:
        return self._from_log_u(jnp.log1p(-q) / a, c)

    def _from_log_u(self, log_u: Any, c: Any) -> Any:
        # (-log(1 - u))^(1/c) for u = exp(log_u): log1p(-u) for small u, log(-expm1) near 1.
        u = jnp.exp(log_u)
        t = jnp.where(u < 0.5, -jnp.log1p(-u), -jnp.log(-jnp.expm1(log_u)))
        return t ** (1.0 / c)


# ----------------------------------------------------------------------------- Pareto family
class pareto_gen(rv_continuous_shapes):  # noqa: N801
    """The Pareto distribution with shape ``b`` (support ``x >= 1``)."""

    name, shapes, _safe = "pareto", ("b",), (1.0,)
    a = 1.0

    def _logpdf(self, z: Any, b: Any) -> Any:
        return jnp.log(b) - (b + 1.0) * jnp.log(z)

    def _cdf(self, z: Any, b: Any) -> Any:
        return -jnp.expm1(-b * jnp.log(z))

    def _sf(self, z: Any, b: Any) -> Any:
        return jnp.exp(-b * jnp.log(z))

    def _logcdf(self, z: Any, b: Any) -> Any:
        return log1mexp(b * jnp.log(z))

    def _logsf(self, z: Any, b: Any) -> Any:
        return -b * jnp.log(z)

    def _ppf(self, q: Any, b: Any) -> Any:
        return jnp.exp(-jnp.log1p(-q) / b)

    def _isf(self, q: Any, b: Any) -> Any:
        return jnp.exp(-_logq(q) / b)

    def _munp(self, n: int, b: Any) -> Any:
        return _pow_moment(b > n, b / jnp.where(b > n, b - n, 1.0))

    def _stats(self, b: Any) -> tuple[Any, Any]:
        bm1 = jnp.where(b > 2, b - 1.0, 1.0)
        var = _pow_moment(b > 2, b / (bm1 * bm1 * jnp.where(b > 2, b - 2.0, 1.0)))
        return self._munp(1, b), var

    def _entropy(self, b: Any) -> Any:
        return 1.0 + 1.0 / b - jnp.log(b)


class lomax_gen(_Positive):  # noqa: N801
    """The Lomax (Pareto type II) distribution with shape ``c``."""

    name, shapes, _safe = "lomax", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(c) - (c + 1.0) * jnp.log1p(z)

    def _cdf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(-c * jnp.log1p(z))

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.exp(-c * jnp.log1p(z))

    def _logcdf(self, z: Any, c: Any) -> Any:
        return log1mexp(c * jnp.log1p(z))

    def _logsf(self, z: Any, c: Any) -> Any:
        return -c * jnp.log1p(z)

    def _ppf(self, q: Any, c: Any) -> Any:
        return jnp.expm1(-jnp.log1p(-q) / c)

    def _isf(self, q: Any, c: Any) -> Any:
        return jnp.expm1(-_logq(q) / c)

    def _munp(self, n: int, c: Any) -> Any:
        ok = c > n
        cs = jnp.where(ok, c, n + 1.0)
        out = jnp.ones_like(c)
        for k in range(1, n + 1):
            out = out * k / (cs - k)
        return _pow_moment(ok, out)

    def _stats(self, c: Any) -> tuple[Any, Any]:
        ok = c > 2
        cs = jnp.where(ok, c, 3.0)
        return self._munp(1, c), _pow_moment(ok, cs / ((cs - 1.0) ** 2 * (cs - 2.0)))

    def _entropy(self, c: Any) -> Any:
        return 1.0 + 1.0 / c - jnp.log(c)


def _log1p_over(c: Any, y: Any) -> Any:
    """``log1p(c y) / c``, ``y`` at ``c = 0``."""
    zero = c == 0
    return jnp.where(zero, y, jnp.log1p(c * y) / jnp.where(zero, 1.0, c))


def _expm1_over(c: Any, y: Any) -> Any:
    """``expm1(c y) / c``, ``y`` at ``c = 0``."""
    zero = c == 0
    return jnp.where(zero, y, jnp.expm1(c * y) / jnp.where(zero, 1.0, c))


class genpareto_gen(_Positive):  # noqa: N801
    """The generalized Pareto distribution with shape ``c`` (support ``[0, -1/c]`` for
    ``c < 0``)."""

    name, shapes, _safe = "genpareto", ("c",), (1.0,)

    def _argcheck(self, c: Any) -> Any:
        return jnp.isfinite(c)

    def _support(self, c: Any) -> tuple[Any, Any]:
        return 0.0, jnp.where(c < 0, -1.0 / jnp.where(c < 0, c, -1.0), inf)

    def _logpdf(self, z: Any, c: Any) -> Any:
        zero = c == 0
        cs = jnp.where(zero, 1.0, c)
        return jnp.where(zero, -z, -convenience.xlog1py(c + 1.0, cs * z) / cs)

    def _logsf(self, z: Any, c: Any) -> Any:
        return -_log1p_over(c, z)

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.exp(self._logsf(z, c))

    def _cdf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(self._logsf(z, c))

    def _logcdf(self, z: Any, c: Any) -> Any:
        return log1mexp(-self._logsf(z, c))

    def _ppf(self, q: Any, c: Any) -> Any:
        return _expm1_over(c, -jnp.log1p(-q))

    def _isf(self, q: Any, c: Any) -> Any:
        return _expm1_over(c, -_logq(q))

    def _munp(self, n: int, c: Any) -> Any:
        ok = c * n < 1
        out = jnp.ones_like(c)
        for k in range(1, n + 1):
            out = out * k / jnp.where(ok, 1.0 - k * c, 1.0)
        return _pow_moment(ok, out)

    def _stats(self, c: Any) -> tuple[Any, Any]:
        ok = c < 0.5
        cs = jnp.where(ok, c, 0.0)
        # SciPy: the variance is NaN from c = 1/2 on (inf would be the limit).
        return self._munp(1, c), jnp.where(ok, 1.0 / ((1.0 - cs) ** 2 * (1.0 - 2.0 * cs)), nan)

    def _entropy(self, c: Any) -> Any:
        return c + 1.0


class genextreme_gen(rv_continuous_shapes):  # noqa: N801
    """The generalized extreme value distribution, SciPy's sign of ``c``: the CDF is
    ``exp(-(1 - c x)^(1/c))`` (Gumbel at ``c = 0``)."""

    name, shapes, _safe = "genextreme", ("c",), (0.5,)

    def _argcheck(self, c: Any) -> Any:
        return jnp.isfinite(c)

    def _support(self, c: Any) -> tuple[Any, Any]:
        cs = jnp.where(c == 0, 1.0, c)
        return jnp.where(c < 0, 1.0 / cs, -inf), jnp.where(c > 0, 1.0 / cs, inf)

    def _u(self, z: Any, c: Any) -> Any:
        # log((1 - c z)^(1/c)), -z at c = 0: the CDF is exp(-exp(u)).
        return _log1p_over(-c, z) * -1.0

    def _logpdf(self, z: Any, c: Any) -> Any:
        u = self._u(z, c)
        us = jnp.where(jnp.isposinf(u), 0.0, u)
        out = jnp.where(c == 1, 0.0, (1.0 - c) * us) - jnp.exp(us)
        # At the upper end (c > 0, u = -inf) SciPy's density is 0 for c > 1 too (the pole).
        return jnp.where(jnp.isposinf(u) | (jnp.isneginf(u) & (c > 1)), -inf, out)

    def _logcdf(self, z: Any, c: Any) -> Any:
        return -jnp.exp(self._u(z, c))

    def _cdf(self, z: Any, c: Any) -> Any:
        return jnp.exp(self._logcdf(z, c))

    def _sf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(self._logcdf(z, c))

    def _logsf(self, z: Any, c: Any) -> Any:
        return log1mexp(jnp.exp(self._u(z, c)))

    def _from_u(self, u: Any, c: Any) -> Any:
        return -_expm1_over(c, u)

    def _ppf(self, q: Any, c: Any) -> Any:
        return self._from_u(jnp.log(-_logq(q)), c)

    def _isf(self, q: Any, c: Any) -> Any:
        return self._from_u(jnp.log(-jnp.log1p(-q)), c)

    def _stats(self, c: Any) -> tuple[Any, Any]:
        zero = c == 0
        cs = jnp.where(zero, 1.0, c)
        lg1 = sg.gammaln(jnp.where(c > -1, 1.0 + c, 1.0))
        mean = jnp.where(zero, _EULER, -jnp.expm1(lg1) / cs)
        lg2 = sg.gammaln(jnp.where(c > -0.5, 1.0 + 2.0 * c, 1.0))
        var = jnp.exp(2.0 * lg1) * jnp.expm1(lg2 - 2.0 * lg1) / (cs * cs)
        var = jnp.where(zero, _PI**2 / 6.0, var)
        # SciPy: inf at c = -1 (mean) and c = -1/2 (variance), NaN beyond.
        mean = jnp.where(c > -1, mean, jnp.where(c == -1, inf, nan))
        return mean, jnp.where(c > -0.5, var, jnp.where(c == -0.5, inf, nan))

    def _entropy(self, c: Any) -> Any:
        return _EULER * (1.0 - c) + 1.0


# ----------------------------------------------------------------------------- power laws on [0, 1]
class powerlaw_gen(_Positive):  # noqa: N801
    """The power-function distribution ``a x^(a-1)`` on ``[0, 1]``."""

    name, shapes, _safe = "powerlaw", ("a",), (1.0,)
    b = 1.0

    def _logpdf(self, z: Any, a: Any) -> Any:
        # SciPy leaves x = 0 out of the support for a < 1 (the density's pole): 0 there.
        return jnp.where((z == 0) & (a < 1), -inf, jnp.log(a) + _xlogy(a - 1.0, z))

    def _logcdf(self, z: Any, a: Any) -> Any:
        return a * jnp.log(z)

    def _cdf(self, z: Any, a: Any) -> Any:
        return z**a

    def _sf(self, z: Any, a: Any) -> Any:
        return -jnp.expm1(a * jnp.log(z))

    def _logsf(self, z: Any, a: Any) -> Any:
        return log1mexp(-a * jnp.log(z))

    def _ppf(self, q: Any, a: Any) -> Any:
        return q ** (1.0 / a)

    def _isf(self, q: Any, a: Any) -> Any:
        return jnp.exp(jnp.log1p(-q) / a)

    def _munp(self, n: int, a: Any) -> Any:
        return a / (a + n)

    def _stats(self, a: Any) -> tuple[Any, Any]:
        return a / (a + 1.0), a / ((a + 2.0) * (a + 1.0) ** 2)

    def _entropy(self, a: Any) -> Any:
        return 1.0 - 1.0 / a - jnp.log(a)


class triang_gen(_Positive):  # noqa: N801
    """The triangular distribution on ``[0, 1]`` with its mode at ``c``."""

    name, shapes, _safe = "triang", ("c",), (0.5,)
    b = 1.0

    def _argcheck(self, c: Any) -> Any:
        return (c >= 0) & (c <= 1)

    def _left(self, z: Any, c: Any) -> Any:
        return (z < c) | (c == 1)

    def _pdf(self, z: Any, c: Any) -> Any:
        left = self._left(z, c)
        return jnp.where(left, 2.0 * z / jnp.where(c == 0, 1.0, c),
                         2.0 * (1.0 - z) / jnp.where(c == 1, 1.0, 1.0 - c))  # fmt: skip

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(self._pdf(z, c))

    def _cdf(self, z: Any, c: Any) -> Any:
        left = self._left(z, c)
        # 1 - (1 - z)^2 / (1 - c) = c + (z - c)(2 - z - c) / (1 - c): no cancellation.
        right = c + (z - c) * (2.0 - z - c) / jnp.where(c == 1, 1.0, 1.0 - c)
        return jnp.where(left, z * z / jnp.where(c == 0, 1.0, c), right)

    def _sf(self, z: Any, c: Any) -> Any:
        left = self._left(z, c)
        w = 1.0 - z
        # 1 - z^2 / c = (1 - c) + (c - z)(c + z) / c
        lft = (1.0 - c) + (c - z) * (c + z) / jnp.where(c == 0, 1.0, c)
        return jnp.where(left, lft, w * w / jnp.where(c == 1, 1.0, 1.0 - c))

    def _cdf_left(self, z: Any, c: Any) -> Any:
        return z * z / jnp.where(c == 0, 1.0, c)

    def _ppf(self, q: Any, c: Any) -> Any:
        # 1 - sqrt(w) = (1 - w) / (1 + sqrt(w)) with 1 - w = q + c (1 - q): no cancellation.
        w = (1.0 - c) * (1.0 - q)
        return jnp.where(q < c, jnp.sqrt(c * q), (q + c * (1.0 - q)) / (1.0 + jnp.sqrt(w)))

    def _isf(self, q: Any, c: Any) -> Any:
        w = (1.0 - c) * q
        return jnp.where(q <= 1.0 - c, ((1.0 - q) + c * q) / (1.0 + jnp.sqrt(w)),
                         jnp.sqrt(c * (1.0 - q)))  # fmt: skip

    def _stats(self, c: Any) -> tuple[Any, Any]:
        return (1.0 + c) / 3.0, (1.0 - c + c * c) / 18.0

    def _munp(self, n: int, c: Any) -> Any:
        # E[Z^n] = 2 (1 - c^(n+1)) / ((n+1)(n+2)(1-c)), 2 / (n+2) at c = 1.
        one = c == 1
        cs = jnp.where(one, 0.5, c)
        val = 2.0 * (1.0 - cs ** (n + 1)) / ((n + 1) * (n + 2) * (1.0 - cs))
        return jnp.where(one, 2.0 / (n + 2), val)

    def _entropy(self, c: Any) -> Any:
        return 0.5 - _LOG2 + 0.0 * c


class bradford_gen(_Positive):  # noqa: N801
    """The Bradford distribution on ``[0, 1]`` with shape ``c``."""

    name, shapes, _safe = "bradford", ("c",), (1.0,)
    b = 1.0

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(c) - jnp.log(jnp.log1p(c)) - jnp.log1p(c * z)

    def _cdf(self, z: Any, c: Any) -> Any:
        return jnp.log1p(c * z) / jnp.log1p(c)

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.log1p(c * (1.0 - z) / (1.0 + c * z)) / jnp.log1p(c)

    def _ppf(self, q: Any, c: Any) -> Any:
        return jnp.expm1(q * jnp.log1p(c)) / c

    def _stats(self, c: Any) -> tuple[Any, Any]:
        k = jnp.log1p(c)
        return (c - k) / (c * k), ((c + 2.0) * k - 2.0 * c) / (2.0 * c * k * k)

    def _entropy(self, c: Any) -> Any:
        k = jnp.log1p(c)
        return 0.5 * k - jnp.log(c / k)


class reciprocal_gen(rv_continuous_shapes):  # noqa: N801
    """The log-uniform (reciprocal) distribution on ``[a, b]``."""

    name, shapes, _safe = "reciprocal", ("a", "b"), (1.0, 2.0)

    def _argcheck(self, a: Any, b: Any) -> Any:
        return (a > 0) & (b > a) & jnp.isfinite(b)

    def _support(self, a: Any, b: Any) -> tuple[Any, Any]:
        return a, b

    def _width(self, a: Any, b: Any) -> Any:
        return jnp.log(b) - jnp.log(a)

    def _logpdf(self, z: Any, a: Any, b: Any) -> Any:
        return -jnp.log(z) - jnp.log(self._width(a, b))

    def _cdf(self, z: Any, a: Any, b: Any) -> Any:
        return (jnp.log(z) - jnp.log(a)) / self._width(a, b)

    def _sf(self, z: Any, a: Any, b: Any) -> Any:
        return (jnp.log(b) - jnp.log(z)) / self._width(a, b)

    def _ppf(self, q: Any, a: Any, b: Any) -> Any:
        return jnp.exp(jnp.log(a) + q * self._width(a, b))

    def _isf(self, q: Any, a: Any, b: Any) -> Any:
        return jnp.exp(jnp.log(b) - q * self._width(a, b))

    def _munp(self, n: int, a: Any, b: Any) -> Any:
        return (b**n - a**n) / (n * self._width(a, b))

    def _stats(self, a: Any, b: Any) -> tuple[Any, Any]:
        m = self._munp(1, a, b)
        return m, self._munp(2, a, b) - m * m

    def _entropy(self, a: Any, b: Any) -> Any:
        return 0.5 * (jnp.log(a) + jnp.log(b)) + jnp.log(self._width(a, b))


class loguniform_gen(reciprocal_gen):  # noqa: N801
    """The log-uniform distribution (``reciprocal``'s other name)."""

    name = "loguniform"


class arcsine_gen(rv_continuous_shapes):  # noqa: N801
    """The arcsine distribution on ``[0, 1]``."""

    name = "arcsine"
    a, b = 0.0, 1.0

    def _logpdf(self, z: Any) -> Any:
        return -_LOGPI - 0.5 * (jnp.log(z) + jnp.log1p(-z))

    def _cdf(self, z: Any) -> Any:
        # asin(sqrt(z)) = acos(sqrt(1 - z)): each where its argument is exact.
        lo = z < 0.5
        return (2.0 / _PI) * jnp.where(lo, jnp.arcsin(jnp.sqrt(z)), jnp.arccos(jnp.sqrt(1.0 - z)))

    def _sf(self, z: Any) -> Any:
        lo = z < 0.5
        return (2.0 / _PI) * jnp.where(lo, jnp.arccos(jnp.sqrt(z)), jnp.arcsin(jnp.sqrt(1.0 - z)))

    def _ppf(self, q: Any) -> Any:
        lo = q <= 0.5
        return jnp.where(lo, jnp.sin(0.5 * _PI * q) ** 2, jnp.cos(0.5 * _PI * (1.0 - q)) ** 2)

    def _isf(self, q: Any) -> Any:
        lo = q <= 0.5
        return jnp.where(lo, jnp.cos(0.5 * _PI * q) ** 2, jnp.sin(0.5 * _PI * (1.0 - q)) ** 2)

    def _munp(self, n: int) -> Any:
        out = 1.0
        for k in range(n):
            out *= (k + 0.5) / (k + 1.0)
        return jnp.asarray(out)

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(0.5), jnp.asarray(0.125)

    def _entropy(self) -> Any:
        return jnp.asarray(math.log(_PI / 4))


class anglit_gen(rv_continuous_shapes):  # noqa: N801
    """The anglit distribution ``cos(2x)`` on ``[-pi/4, pi/4]``."""

    name = "anglit"
    a, b = -_PI / 4, _PI / 4

    def _logpdf(self, z: Any) -> Any:
        return jnp.log(jnp.cos(2.0 * z))

    def _pdf(self, z: Any) -> Any:
        return jnp.cos(2.0 * z)

    def _cdf(self, z: Any) -> Any:
        return jnp.sin(z + _PI / 4) ** 2

    def _sf(self, z: Any) -> Any:
        return jnp.cos(z + _PI / 4) ** 2

    def _ppf(self, q: Any) -> Any:
        return jnp.arcsin(jnp.sqrt(q)) - _PI / 4

    def _isf(self, q: Any) -> Any:
        return jnp.arccos(jnp.sqrt(q)) - _PI / 4

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(0.0), jnp.asarray(_PI**2 / 16 - 0.5)

    def _entropy(self) -> Any:
        return jnp.asarray(1.0 - _LOG2)


# ----------------------------------------------------------------------------- half distributions
class rayleigh_gen(_Positive):  # noqa: N801
    """The Rayleigh distribution."""

    name = "rayleigh"

    def _logpdf(self, z: Any) -> Any:
        return jnp.log(z) - 0.5 * z * z

    def _cdf(self, z: Any) -> Any:
        return -jnp.expm1(-0.5 * z * z)

    def _sf(self, z: Any) -> Any:
        return jnp.exp(-0.5 * z * z)

    def _logcdf(self, z: Any) -> Any:
        return log1mexp(0.5 * z * z)

    def _logsf(self, z: Any) -> Any:
        return -0.5 * z * z

    def _ppf(self, q: Any) -> Any:
        return jnp.sqrt(-2.0 * jnp.log1p(-q))

    def _isf(self, q: Any) -> Any:
        return jnp.sqrt(-2.0 * _logq(q))

    def _munp(self, n: int) -> Any:
        return jnp.asarray(2.0 ** (n / 2) * math.gamma(1 + n / 2))

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(math.sqrt(_PI / 2)), jnp.asarray((4.0 - _PI) / 2)

    def _entropy(self) -> Any:
        return jnp.asarray(_EULER / 2 + 1.0 - 0.5 * _LOG2)


class halfnorm_gen(_Positive):  # noqa: N801
    """The half-normal distribution."""

    name = "halfnorm"

    def _logpdf(self, z: Any) -> Any:
        return 0.5 * math.log(2 / _PI) - 0.5 * z * z

    def _cdf(self, z: Any) -> Any:
        return error.erf(z / math.sqrt(2.0))

    def _sf(self, z: Any) -> Any:
        return 2.0 * error.ndtr(-z)

    def _logsf(self, z: Any) -> Any:
        return _LOG2 + error.log_ndtr(-z)

    def _ppf(self, q: Any) -> Any:
        return jnp.where(q < 0.5, math.sqrt(2.0) * error.erfinv(q), -error.ndtri(0.5 * (1.0 - q)))

    def _isf(self, q: Any) -> Any:
        return -error.ndtri(0.5 * q)

    def _munp(self, n: int) -> Any:
        return jnp.asarray(2.0 ** (n / 2) * math.gamma((n + 1) / 2) / math.sqrt(_PI))

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(math.sqrt(2 / _PI)), jnp.asarray(1.0 - 2.0 / _PI)

    def _entropy(self) -> Any:
        return jnp.asarray(0.5 * math.log(_PI / 2) + 0.5)


class halfcauchy_gen(_Positive):  # noqa: N801
    """The half-Cauchy distribution (infinite mean and variance)."""

    name = "halfcauchy"

    def _logpdf(self, z: Any) -> Any:
        return math.log(2 / _PI) - jnp.log1p(z * z)

    def _cdf(self, z: Any) -> Any:
        return (2.0 / _PI) * jnp.arctan(z)

    def _sf(self, z: Any) -> Any:
        return (2.0 / _PI) * jnp.arctan2(1.0, z)

    def _ppf(self, q: Any) -> Any:
        # 1 / tan(pi (1 - q) / 2) near q = 1, where pi q / 2 would round away the pole.
        hi = q > 0.5
        return jnp.where(hi, 1.0 / jnp.tan(0.5 * _PI * (1.0 - q)), jnp.tan(0.5 * _PI * q))

    def _isf(self, q: Any) -> Any:
        hi = q > 0.5
        return jnp.where(hi, jnp.tan(0.5 * _PI * (1.0 - q)), 1.0 / jnp.tan(0.5 * _PI * q))

    def _munp(self, n: int) -> Any:
        return jnp.asarray(inf)

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(inf), jnp.asarray(inf)

    def _entropy(self) -> Any:
        return jnp.asarray(math.log(2 * _PI))


class halflogistic_gen(_Positive):  # noqa: N801
    """The half-logistic distribution."""

    name = "halflogistic"

    def _logpdf(self, z: Any) -> Any:
        return _LOG2 - z - 2.0 * jnp.log1p(jnp.exp(-z))

    def _cdf(self, z: Any) -> Any:
        return jnp.tanh(0.5 * z)

    def _sf(self, z: Any) -> Any:
        return 2.0 * convenience.expit(-z)

    def _logsf(self, z: Any) -> Any:
        return _LOG2 + convenience.log_expit(-z)

    def _ppf(self, q: Any) -> Any:
        return 2.0 * jnp.arctanh(q)

    def _isf(self, q: Any) -> Any:
        return jnp.log1p(2.0 * (1.0 - q) / q)

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(2 * _LOG2), jnp.asarray(_PI**2 / 3 - 4 * _LOG2**2)

    def _entropy(self) -> Any:
        return jnp.asarray(2.0 - _LOG2)


class hypsecant_gen(rv_continuous_shapes):  # noqa: N801
    """The hyperbolic secant distribution."""

    name = "hypsecant"

    def _logpdf(self, z: Any) -> Any:
        a = jnp.abs(z)
        return _LOG2 - _LOGPI - a - jnp.log1p(jnp.exp(-2.0 * a))

    def _cdf(self, z: Any) -> Any:
        return (2.0 / _PI) * jnp.arctan(jnp.exp(z))

    def _sf(self, z: Any) -> Any:
        return (2.0 / _PI) * jnp.arctan(jnp.exp(-z))

    def _logcdf(self, z: Any) -> Any:
        # atan(t) = t (1 - t^2 / 3 + ...) for t = e^z << 1, where the CDF may underflow.
        far = z < -20.0
        zf = jnp.where(far, z, -20.0)
        return jnp.where(far, math.log(2 / _PI) + zf - jnp.exp(2.0 * zf) / 3.0,
                         jnp.log(self._cdf(jnp.where(far, 0.0, z))))  # fmt: skip

    def _logsf(self, z: Any) -> Any:
        return self._logcdf(-z)

    def _ppf(self, q: Any) -> Any:
        return jnp.log(jnp.tan(0.5 * _PI * q))

    def _isf(self, q: Any) -> Any:
        return -self._ppf(q)

    def _munp(self, n: int) -> Any:
        return jnp.asarray(0.0) if n % 2 else super()._munp(n)

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(0.0), jnp.asarray(_PI**2 / 4)

    def _entropy(self) -> Any:
        return jnp.asarray(math.log(2 * _PI))


class gompertz_gen(_Positive):  # noqa: N801
    """The Gompertz (truncated Gumbel) distribution with shape ``c``."""

    name, shapes, _safe = "gompertz", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(c) + z - c * jnp.expm1(z)

    def _logsf(self, z: Any, c: Any) -> Any:
        return -c * jnp.expm1(z)

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.exp(-c * jnp.expm1(z))

    def _cdf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(-c * jnp.expm1(z))

    def _logcdf(self, z: Any, c: Any) -> Any:
        return log1mexp(c * jnp.expm1(z))

    def _ppf(self, q: Any, c: Any) -> Any:
        return jnp.log1p(-jnp.log1p(-q) / c)

    def _isf(self, q: Any, c: Any) -> Any:
        return jnp.log1p(-_logq(q) / c)


class levy_gen(_Positive):  # noqa: N801
    """The Levy distribution (infinite mean and variance)."""

    name = "levy"

    def _logpdf(self, z: Any) -> Any:
        zs = jnp.where(z == 0, 1.0, z)
        return jnp.where(z == 0, -inf, -_HALF_LOG_2PI - 1.5 * jnp.log(zs) - 0.5 / zs)

    def _cdf(self, z: Any) -> Any:
        return error.erfc(1.0 / jnp.sqrt(2.0 * z))

    def _sf(self, z: Any) -> Any:
        return error.erf(1.0 / jnp.sqrt(2.0 * z))

    def _logcdf(self, z: Any) -> Any:
        return _LOG2 + error.log_ndtr(-1.0 / jnp.sqrt(z))

    def _ppf(self, q: Any) -> Any:
        v = error.ndtri(0.5 * q)
        return 1.0 / (v * v)

    def _isf(self, q: Any) -> Any:
        v = error.erfinv(q)
        return 0.5 / (v * v)

    def _munp(self, n: int) -> Any:
        return jnp.asarray(inf)

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(inf), jnp.asarray(inf)

    def _entropy(self) -> Any:
        return jnp.asarray((1.0 + 3 * _EULER + math.log(16 * _PI)) / 2.0)


# ----------------------------------------------------------------------------- Burr family
class burr12_gen(_Positive):  # noqa: N801
    """The Burr type XII distribution with shapes ``c`` and ``d``."""

    name, shapes, _safe = "burr12", ("c", "d"), (1.0, 1.0)

    def _l(self, z: Any, c: Any) -> Any:
        return _softplus(c * jnp.log(z))  # log1p(z^c)

    def _logpdf(self, z: Any, c: Any, d: Any) -> Any:
        return jnp.log(c * d) + _xlogy(c - 1.0, z) - (d + 1.0) * self._l(z, c)

    def _logsf(self, z: Any, c: Any, d: Any) -> Any:
        return -d * self._l(z, c)

    def _sf(self, z: Any, c: Any, d: Any) -> Any:
        return jnp.exp(self._logsf(z, c, d))

    def _cdf(self, z: Any, c: Any, d: Any) -> Any:
        return -jnp.expm1(self._logsf(z, c, d))

    def _logcdf(self, z: Any, c: Any, d: Any) -> Any:
        return log1mexp(d * self._l(z, c))

    def _ppf(self, q: Any, c: Any, d: Any) -> Any:
        return jnp.exp(_log_expm1(-jnp.log1p(-q) / d) / c)

    def _isf(self, q: Any, c: Any, d: Any) -> Any:
        return jnp.exp(_log_expm1(-_logq(q) / d) / c)

    def _munp(self, n: int, c: Any, d: Any) -> Any:
        ok = c * d > n
        return jnp.where(ok, _gratio(jnp.where(ok, d - n / c, 1.0), d)
                         * sg.gamma(1.0 + n / c), nan)  # fmt: skip

    def _stats(self, c: Any, d: Any) -> tuple[Any, Any]:
        m = self._munp(1, c, d)
        return m, self._munp(2, c, d) - m * m


class burr_gen(_Positive):  # noqa: N801
    """The Burr type III distribution with shapes ``c`` and ``d``."""

    name, shapes, _safe = "burr", ("c", "d"), (1.0, 1.0)

    def _l(self, z: Any, c: Any) -> Any:
        return _softplus(-c * jnp.log(z))  # log1p(z^-c)

    def _logpdf(self, z: Any, c: Any, d: Any) -> Any:
        lz = jnp.log(z)
        out = jnp.log(c * d) - (c + 1.0) * lz - (d + 1.0) * self._l(z, c)
        # At z = 0 the density is 0, c d z^(c d - 1) to leading order.
        return jnp.where(z == 0, _xlogy(c * d - 1.0, z) + jnp.log(c * d), out)

    def _logcdf(self, z: Any, c: Any, d: Any) -> Any:
        return -d * self._l(z, c)

    def _cdf(self, z: Any, c: Any, d: Any) -> Any:
        return jnp.exp(self._logcdf(z, c, d))

    def _sf(self, z: Any, c: Any, d: Any) -> Any:
        return -jnp.expm1(self._logcdf(z, c, d))

    def _logsf(self, z: Any, c: Any, d: Any) -> Any:
        return log1mexp(d * self._l(z, c))

    def _ppf(self, q: Any, c: Any, d: Any) -> Any:
        return jnp.exp(-_log_expm1(-_logq(q) / d) / c)

    def _isf(self, q: Any, c: Any, d: Any) -> Any:
        return jnp.exp(-_log_expm1(-jnp.log1p(-q) / d) / c)

    def _munp(self, n: int, c: Any, d: Any) -> Any:
        ok = c > n
        return jnp.where(ok, _gratio(d + n / c, d) * sg.gamma(jnp.where(ok, 1.0 - n / c, 0.5)),
                         nan)  # fmt: skip

    def _stats(self, c: Any, d: Any) -> tuple[Any, Any]:
        m = self._munp(1, c, d)
        return m, self._munp(2, c, d) - m * m


class fisk_gen(_Positive):  # noqa: N801
    """The Fisk (log-logistic) distribution: ``burr`` with ``d = 1``."""

    name, shapes, _safe = "fisk", ("c",), (1.0,)
    _b = burr_gen()

    def _logpdf(self, z: Any, c: Any) -> Any:
        return self._b._logpdf(z, c, 1.0)

    def _logcdf(self, z: Any, c: Any) -> Any:
        return self._b._logcdf(z, c, 1.0)

    def _cdf(self, z: Any, c: Any) -> Any:
        return self._b._cdf(z, c, 1.0)

    def _sf(self, z: Any, c: Any) -> Any:
        return self._b._sf(z, c, 1.0)

    def _logsf(self, z: Any, c: Any) -> Any:
        return self._b._logsf(z, c, 1.0)

    def _ppf(self, q: Any, c: Any) -> Any:
        return self._b._ppf(q, c, 1.0)

    def _isf(self, q: Any, c: Any) -> Any:
        return self._b._isf(q, c, 1.0)

    def _munp(self, n: int, c: Any) -> Any:
        return self._b._munp(n, c, jnp.ones_like(c))

    def _stats(self, c: Any) -> tuple[Any, Any]:
        return self._b._stats(c, jnp.ones_like(c))

    def _entropy(self, c: Any) -> Any:
        return 2.0 - jnp.log(c)


class kappa3_gen(_Positive):  # noqa: N801
    """The kappa 3 distribution with shape ``a``."""

    name, shapes, _safe = "kappa3", ("a",), (1.0,)

    def _l(self, z: Any, a: Any) -> Any:
        return _softplus(jnp.log(a) - a * jnp.log(z)) / a  # log1p(a z^-a) / a

    def _logpdf(self, z: Any, a: Any) -> Any:
        return jnp.log(a) - (1.0 / a + 1.0) * jnp.log(a + z**a)

    def _logcdf(self, z: Any, a: Any) -> Any:
        return -self._l(z, a)

    def _cdf(self, z: Any, a: Any) -> Any:
        return jnp.exp(-self._l(z, a))

    def _sf(self, z: Any, a: Any) -> Any:
        return -jnp.expm1(-self._l(z, a))

    def _logsf(self, z: Any, a: Any) -> Any:
        return log1mexp(self._l(z, a))

    def _from_l(self, ell: Any, a: Any) -> Any:
        # softplus(log a - a log z) = a ell  =>  log a - a log z = log(expm1(a ell)).
        return jnp.exp((jnp.log(a) - _log_expm1(a * ell)) / a)

    def _ppf(self, q: Any, a: Any) -> Any:
        return self._from_l(-_logq(q), a)

    def _isf(self, q: Any, a: Any) -> Any:
        return self._from_l(-jnp.log1p(-q), a)

    def _munp(self, n: int, a: Any) -> Any:
        # E[Z^n] = a^(n/a - 1) B((n + 1)/a, 1 - n/a) for n < a.
        ok = a > n
        s = jnp.where(ok, a, n + 1.0)
        val = jnp.exp((n / s - 1.0) * jnp.log(s) + sg.betaln((n + 1.0) / s, 1.0 - n / s))
        return _pow_moment(ok, val)

    def _stats(self, a: Any) -> tuple[Any, Any]:
        m = self._munp(1, a)
        # SciPy: NaN (not inf) where the mean or variance diverges.
        return jnp.where(a > 1, m, nan), jnp.where(a > 2, self._munp(2, a) - m * m, nan)


# ----------------------------------------------------------------------------- logistic family
class genlogistic_gen(rv_continuous_shapes):  # noqa: N801
    """The generalized logistic distribution with shape ``c``."""

    name, shapes, _safe = "genlogistic", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        return jnp.log(c) - z - (c + 1.0) * _softplus(-z)

    def _logcdf(self, z: Any, c: Any) -> Any:
        return -c * _softplus(-z)

    def _cdf(self, z: Any, c: Any) -> Any:
        return jnp.exp(self._logcdf(z, c))

    def _sf(self, z: Any, c: Any) -> Any:
        return -jnp.expm1(self._logcdf(z, c))

    def _logsf(self, z: Any, c: Any) -> Any:
        return log1mexp(c * _softplus(-z))

    def _ppf(self, q: Any, c: Any) -> Any:
        return -_log_expm1(-_logq(q) / c)

    def _isf(self, q: Any, c: Any) -> Any:
        return -_log_expm1(-jnp.log1p(-q) / c)

    def _stats(self, c: Any) -> tuple[Any, Any]:
        return _EULER + sg.digamma(c), _PI**2 / 6.0 + sg.polygamma(1, c)

    def _entropy(self, c: Any) -> Any:
        return -jnp.log(c) + sg.digamma(c + 1.0) + _EULER + 1.0


class loglaplace_gen(_Positive):  # noqa: N801
    """The log-Laplace distribution with shape ``c``."""

    name, shapes, _safe = "loglaplace", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        lz = jnp.log(z)
        return jnp.log(0.5 * c) + jnp.where(z < 1, _xlogy(c - 1.0, z), (-c - 1.0) * lz)

    def _cdf(self, z: Any, c: Any) -> Any:
        return jnp.where(z < 1, 0.5 * z**c, 1.0 - 0.5 * z ** (-c))

    def _sf(self, z: Any, c: Any) -> Any:
        return jnp.where(z < 1, 1.0 - 0.5 * z**c, 0.5 * z ** (-c))

    def _logcdf(self, z: Any, c: Any) -> Any:
        return jnp.where(z < 1, c * jnp.log(z) - _LOG2, jnp.log1p(-0.5 * z ** (-c)))

    def _logsf(self, z: Any, c: Any) -> Any:
        return jnp.where(z < 1, jnp.log1p(-0.5 * z**c), -c * jnp.log(z) - _LOG2)

    def _ppf(self, q: Any, c: Any) -> Any:
        lo = q < 0.5
        return jnp.where(lo, (2.0 * q) ** (1.0 / c), (2.0 * (1.0 - q)) ** (-1.0 / c))

    def _isf(self, q: Any, c: Any) -> Any:
        lo = q < 0.5
        return jnp.where(lo, (2.0 * q) ** (-1.0 / c), (2.0 * (1.0 - q)) ** (1.0 / c))

    def _munp(self, n: int, c: Any) -> Any:
        ok = c > n
        cs = jnp.where(ok, c, n + 1.0)
        return _pow_moment(ok, cs * cs / (cs * cs - n * n))

    def _stats(self, c: Any) -> tuple[Any, Any]:
        m = self._munp(1, c)
        return m, jnp.where(c > 2, self._munp(2, c) - m * m, inf)

    def _entropy(self, c: Any) -> Any:
        return jnp.log(2.0 / c) + 1.0


# ----------------------------------------------------------------------------- exponential family
class exponpow_gen(_Positive):  # noqa: N801
    """The exponential power distribution with shape ``b``."""

    name, shapes, _safe = "exponpow", ("b",), (1.0,)

    def _logpdf(self, z: Any, b: Any) -> Any:
        t = z**b
        return jnp.log(b) + _xlogy(b - 1.0, z) + t - jnp.expm1(t)

    def _logsf(self, z: Any, b: Any) -> Any:
        return -jnp.expm1(z**b)

    def _sf(self, z: Any, b: Any) -> Any:
        return jnp.exp(self._logsf(z, b))

    def _cdf(self, z: Any, b: Any) -> Any:
        return -jnp.expm1(self._logsf(z, b))

    def _logcdf(self, z: Any, b: Any) -> Any:
        return log1mexp(jnp.expm1(z**b))

    def _ppf(self, q: Any, b: Any) -> Any:
        return jnp.log1p(-jnp.log1p(-q)) ** (1.0 / b)

    def _isf(self, q: Any, b: Any) -> Any:
        return jnp.log1p(-_logq(q)) ** (1.0 / b)


class truncexpon_gen(_Positive):  # noqa: N801
    """The exponential distribution truncated to ``[0, b]``."""

    name, shapes, _safe = "truncexpon", ("b",), (1.0,)

    def _support(self, b: Any) -> tuple[Any, Any]:
        return 0.0, b

    def _logpdf(self, z: Any, b: Any) -> Any:
        return -z - jnp.log(-jnp.expm1(-b))

    def _cdf(self, z: Any, b: Any) -> Any:
        return jnp.expm1(-z) / jnp.expm1(-b)

    def _logsf(self, z: Any, b: Any) -> Any:
        return -z + jnp.log(-jnp.expm1(z - b)) - jnp.log(-jnp.expm1(-b))

    def _sf(self, z: Any, b: Any) -> Any:
        return jnp.exp(-z) * jnp.expm1(z - b) / jnp.expm1(-b)

    def _ppf(self, q: Any, b: Any) -> Any:
        return -jnp.log1p(q * jnp.expm1(-b))

    def _isf(self, q: Any, b: Any) -> Any:
        # e^-z = e^-b + q (1 - e^-b) = 1 - (1 - q)(1 - e^-b): the form without cancellation.
        hi = q > 0.5
        return jnp.where(hi, -jnp.log1p((1.0 - q) * jnp.expm1(-b)),
                         -jnp.log(jnp.exp(-b) - q * jnp.expm1(-b)))  # fmt: skip

    def _stats(self, b: Any) -> tuple[Any, Any]:
        m = 1.0 - b / jnp.expm1(b)
        # E[Z^2] = (2 - e^-b (b^2 + 2b + 2)) / (1 - e^-b)
        e2 = (2.0 - jnp.exp(-b) * (b * b + 2.0 * b + 2.0)) / -jnp.expm1(-b)
        return m, e2 - m * m

    def _entropy(self, b: Any) -> Any:
        return jnp.log(-jnp.expm1(-b)) + 1.0 - b / jnp.expm1(b)


_GL_X, _GL_W = onp.polynomial.legendre.leggauss(12)


def _log_normal_mass(a: Any, h: Any) -> Any:
    """``log(Phi(a + h) - Phi(a))`` for ``0 <= h (|a| + h) < 1`` by 12-point Gauss-Legendre
    (the integrand is e^(-t^2/2) over a short interval: error far below eps); the difference
    of two tails would cancel there."""
    hs = jnp.where(h > 0, h, 1.0)
    t = a[..., None] + (0.5 * hs)[..., None] * (1.0 + jnp.asarray(_GL_X.astype(onp.dtype(a.dtype))))
    lw = jnp.asarray(onp.log(_GL_W).astype(onp.dtype(a.dtype)))
    m = jnp.max(-0.5 * t * t, axis=-1)
    s = jnp.sum(jnp.exp(lw - 0.5 * t * t - m[..., None]), axis=-1)
    return jnp.where(h > 0, m + jnp.log(s) + jnp.log(0.5 * hs) - _HALF_LOG_2PI, -inf)


class truncnorm_gen(rv_continuous_shapes):  # noqa: N801
    """The normal distribution truncated to ``[a, b]`` (standard-form clip values)."""

    name, shapes, _safe = "truncnorm", ("a", "b"), (-1.0, 1.0)

    def _argcheck(self, a: Any, b: Any) -> Any:
        return a < b

    def _support(self, a: Any, b: Any) -> tuple[Any, Any]:
        return a, b

    def _logz(self, a: Any, b: Any) -> Any:
        # log(Phi(b) - Phi(a)) from the side of the mass: a difference of upper tails when
        # a > 0, of lower tails when b < 0, a sum of erfs when 0 is inside.
        right = _logdiff(error.log_ndtr(-a), error.log_ndtr(-b))
        left = _logdiff(error.log_ndtr(b), error.log_ndtr(a))
        r2 = 1.0 / math.sqrt(2.0)
        mid = jnp.log(0.5 * (error.erf(b * r2) + error.erf(-a * r2)))
        return jnp.where(a > 0, right, jnp.where(b < 0, left, mid))

    def _logpdf(self, z: Any, a: Any, b: Any) -> Any:
        return -0.5 * z * z - _HALF_LOG_2PI - self._logz(a, b)

    def _logcdf(self, z: Any, a: Any, b: Any) -> Any:
        right = _logdiff(error.log_ndtr(-a), error.log_ndtr(-z))
        left = _logdiff(error.log_ndtr(z), error.log_ndtr(a))
        h = z - a
        near = jnp.isfinite(a) & (h * (jnp.abs(a) + h) < 1.0)
        quad = _log_normal_mass(jnp.where(near, a, 0.0), jnp.where(near, h, 0.5))
        out = jnp.where(near, quad, jnp.where(a > 0, right, left))
        return out - self._logz(a, b)

    def _logsf(self, z: Any, a: Any, b: Any) -> Any:
        right = _logdiff(error.log_ndtr(-z), error.log_ndtr(-b))
        left = _logdiff(error.log_ndtr(b), error.log_ndtr(z))
        h = b - z
        near = jnp.isfinite(b) & (h * (jnp.abs(b) + h) < 1.0)
        quad = _log_normal_mass(jnp.where(near, -b, 0.0), jnp.where(near, h, 0.5))
        out = jnp.where(near, quad, jnp.where(b < 0, left, right))
        return out - self._logz(a, b)

    def _ppf(self, q: Any, a: Any, b: Any) -> Any:
        # Phi(z) = Phi(a) + q Z below the median, Phi(-z) = Phi(-b) + (1 - q) Z above: sums,
        # in log space (ndtri_exp), so neither tail cancels or underflows.
        lz = self._logz(a, b)
        lo = q <= 0.5
        low = error.ndtri_exp(jnp.logaddexp(error.log_ndtr(a), _logq(q) + lz))
        high = -error.ndtri_exp(jnp.logaddexp(error.log_ndtr(-b), jnp.log1p(-q) + lz))
        return jnp.where(lo, low, high)

    def _isf(self, q: Any, a: Any, b: Any) -> Any:
        lz = self._logz(a, b)
        lo = q <= 0.5
        high = -error.ndtri_exp(jnp.logaddexp(error.log_ndtr(-b), _logq(q) + lz))
        low = error.ndtri_exp(jnp.logaddexp(error.log_ndtr(a), jnp.log1p(-q) + lz))
        return jnp.where(lo, high, low)

    def _phi_over_z(self, x: Any, a: Any, b: Any) -> tuple[Any, Any]:
        """``phi(x) / Z`` and ``x phi(x) / Z`` (0 at infinite ``x``)."""
        fin = jnp.isfinite(x)
        xs = jnp.where(fin, x, 0.0)
        r = jnp.where(fin, jnp.exp(-0.5 * xs * xs - _HALF_LOG_2PI - self._logz(a, b)), 0.0)
        return r, r * xs

    def _stats(self, a: Any, b: Any) -> tuple[Any, Any]:
        pa, xa = self._phi_over_z(a, a, b)
        pb, xb = self._phi_over_z(b, a, b)
        m = pa - pb
        return m, 1.0 + xa - xb - m * m

    def _entropy(self, a: Any, b: Any) -> Any:
        _, xa = self._phi_over_z(a, a, b)
        _, xb = self._phi_over_z(b, a, b)
        return 0.5 + _HALF_LOG_2PI + self._logz(a, b) + 0.5 * (xa - xb)


# ----------------------------------------------------------------------------- instances
lognorm = lognorm_gen()
weibull_min = weibull_min_gen()
weibull_max = weibull_max_gen()
dweibull = dweibull_gen()
exponweib = exponweib_gen()
pareto = pareto_gen()
lomax = lomax_gen()
genpareto = genpareto_gen()
genextreme = genextreme_gen()
powerlaw = powerlaw_gen()
triang = triang_gen()
bradford = bradford_gen()
reciprocal = reciprocal_gen()
loguniform = loguniform_gen()
arcsine = arcsine_gen()
anglit = anglit_gen()
rayleigh = rayleigh_gen()
halfnorm = halfnorm_gen()
halfcauchy = halfcauchy_gen()
halflogistic = halflogistic_gen()
hypsecant = hypsecant_gen()
gompertz = gompertz_gen()
levy = levy_gen()
burr = burr_gen()
burr12 = burr12_gen()
fisk = fisk_gen()
kappa3 = kappa3_gen()
genlogistic = genlogistic_gen()
loglaplace = loglaplace_gen()
exponpow = exponpow_gen()
truncexpon = truncexpon_gen()
truncnorm = truncnorm_gen()
