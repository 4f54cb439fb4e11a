"""Continuous distributions of the gamma family with shape parameters (gamma, erlang, chi2,
chi, maxwell, nakagami, invgamma, loggamma, dgamma, gennorm), in standard form on the machinery
of shapes.py; the other shape families are in continuous_shapes.py, whose helpers these share."""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import gamma as sg
from xnp._src.scipy.stats.continuous_shapes import (
    _EULER,
    _LOG2,
    _PI,
    _gratio,
    _Positive,
    _pow_moment,
    _xlogy,
    inf,
)
from xnp._src.scipy.stats.shapes import rv_continuous_shapes


def _ginc(a: Any, x: Any) -> Any:
    """``gammainc(a, x)``, exactly 1 far in the upper tail (where ``Q < e^-1000``; lax's
    float32 ``igamma`` is NaN beyond about 1e15, and at ``x = inf``)."""
    far = x > 2.0 * a + 1000.0
    return jnp.where(far, 1.0, sg.gammainc(a, jnp.where(far, 1.0, x)))


def _gincc(a: Any, x: Any) -> Any:
    """``gammaincc(a, x)``, exactly 0 far in the upper tail (see ``_ginc``)."""
    far = x > 2.0 * a + 1000.0
    return jnp.where(far, 0.0, sg.gammaincc(a, jnp.where(far, 1.0, x)))


def _log_gammaincinv(a: Any, q: Any) -> Any:
    """``log(gammaincinv(a, q))``; far in the lower tail, where the root may underflow,
    ``gammainc(a, x) = x^a / Gamma(a + 1) (1 + O(x))`` is solved for ``log x`` directly."""
    asym = (jnp.log(q) + sg.gammaln(a + 1.0)) / a
    far = asym < -30.0
    return jnp.where(far, asym, jnp.log(sg.gammaincinv(a, jnp.where(far, 0.5, q))))


def _log_ginc(a: Any, x: Any) -> Any:
    """``log(gammainc(a, x))``, by the leading terms of the series ``x^a / Gamma(a + 1) *
    (1 - a x / (a + 1))`` where the value underflows (and ``x << a + 1``)."""
    p = _ginc(a, x)
    tiny = float(onp.finfo(onp.dtype(p.dtype)).tiny) * 2.0**20
    series = (p < tiny) & (x < 1e-6 * (a + 1.0))
    xs = jnp.where(series, x, 1.0)
    log_series = _xlogy(a, xs) - sg.gammaln(a + 1.0) + jnp.log1p(-a * xs / (a + 1.0))
    return jnp.where(series, log_series, jnp.log(jnp.where(series, 1.0, p)))


# ----------------------------------------------------------------------------- gamma family
class gamma_gen(_Positive):  # noqa: N801
    """The gamma distribution with shape ``a``."""

    name, shapes, _safe = "gamma", ("a",), (1.0,)

    def _logpdf(self, z: Any, a: Any) -> Any:
        return _xlogy(a - 1.0, z) - z - sg.gammaln(a)

    def _cdf(self, z: Any, a: Any) -> Any:
        return _ginc(a, z)

    def _logcdf(self, z: Any, a: Any) -> Any:
        return _log_ginc(a, z)

    def _sf(self, z: Any, a: Any) -> Any:
        return _gincc(a, z)

    def _ppf(self, q: Any, a: Any) -> Any:
        return sg.gammaincinv(a, q)

    def _isf(self, q: Any, a: Any) -> Any:
        return sg.gammainccinv(a, q)

    def _munp(self, n: int, a: Any) -> Any:
        out = jnp.ones_like(a)
        for k in range(n):
            out = out * (a + k)
        return out

    def _stats(self, a: Any) -> tuple[Any, Any]:
        return a, a

    def _entropy(self, a: Any) -> Any:
        return sg.digamma(a) * (1.0 - a) + a + sg.gammaln(a)


class erlang_gen(gamma_gen):  # noqa: N801
    """The Erlang distribution: ``gamma`` with an integer shape (non-integers are accepted,
    as SciPy accepts them with a warning; here without one)."""

    name = "erlang"


class chi2_gen(_Positive):  # noqa: N801
    """The chi-squared distribution with ``df`` degrees of freedom."""

    name, shapes, _safe = "chi2", ("df",), (1.0,)
    _g = gamma_gen()

    def _logpdf(self, z: Any, df: Any) -> Any:
        return self._g._logpdf(0.5 * z, 0.5 * df) - _LOG2

    def _cdf(self, z: Any, df: Any) -> Any:
        return _ginc(0.5 * df, 0.5 * z)

    def _logcdf(self, z: Any, df: Any) -> Any:
        return _log_ginc(0.5 * df, 0.5 * z)

    def _sf(self, z: Any, df: Any) -> Any:
        return _gincc(0.5 * df, 0.5 * z)

    def _ppf(self, q: Any, df: Any) -> Any:
        return 2.0 * sg.gammaincinv(0.5 * df, q)

    def _isf(self, q: Any, df: Any) -> Any:
        return 2.0 * sg.gammainccinv(0.5 * df, q)

    def _munp(self, n: int, df: Any) -> Any:
        return 2.0**n * self._g._munp(n, 0.5 * df)

    def _stats(self, df: Any) -> tuple[Any, Any]:
        return df, 2.0 * df

    def _entropy(self, df: Any) -> Any:
        return self._g._entropy(0.5 * df) + _LOG2


class chi_gen(_Positive):  # noqa: N801
    """The chi distribution with ``df`` degrees of freedom."""

    name, shapes, _safe = "chi", ("df",), (1.0,)

    def _logpdf(self, z: Any, df: Any) -> Any:
        return ((1.0 - 0.5 * df) * _LOG2 - sg.gammaln(0.5 * df) + _xlogy(df - 1.0, z)
                - 0.5 * z * z)  # fmt: skip

    def _cdf(self, z: Any, df: Any) -> Any:
        return _ginc(0.5 * df, 0.5 * z * z)

    def _logcdf(self, z: Any, df: Any) -> Any:
        return _log_ginc(0.5 * df, 0.5 * z * z)

    def _sf(self, z: Any, df: Any) -> Any:
        return _gincc(0.5 * df, 0.5 * z * z)

    def _ppf(self, q: Any, df: Any) -> Any:
        return jnp.exp(0.5 * (_LOG2 + _log_gammaincinv(0.5 * df, q)))

    def _isf(self, q: Any, df: Any) -> Any:
        return jnp.sqrt(2.0 * sg.gammainccinv(0.5 * df, q))

    def _munp(self, n: int, df: Any) -> Any:
        return 2.0 ** (n / 2) * _gratio(0.5 * (df + n), 0.5 * df)

    def _stats(self, df: Any) -> tuple[Any, Any]:
        m = self._munp(1, df)
        # df - m^2 cancels for large df: m^2 = df - 1/2 + O(1/df).
        return m, df - m * m

    def _entropy(self, df: Any) -> Any:
        h = 0.5 * df
        return sg.gammaln(h) + 0.5 * (df - _LOG2 - (df - 1.0) * sg.digamma(h))


class maxwell_gen(_Positive):  # noqa: N801
    """The Maxwell-Boltzmann distribution (``chi`` with 3 degrees of freedom)."""

    name = "maxwell"

    def _logpdf(self, z: Any) -> Any:
        return 0.5 * math.log(2 / _PI) + _xlogy(2.0, z) - 0.5 * z * z

    def _cdf(self, z: Any) -> Any:
        return _ginc(1.5, 0.5 * z * z)

    def _sf(self, z: Any) -> Any:
        return _gincc(1.5, 0.5 * z * z)

    def _ppf(self, q: Any) -> Any:
        return jnp.exp(0.5 * (_LOG2 + _log_gammaincinv(jnp.full_like(q, 1.5), q)))

    def _isf(self, q: Any) -> Any:
        return jnp.sqrt(2.0 * sg.gammainccinv(1.5, q))

    def _munp(self, n: int) -> Any:
        return jnp.asarray(2.0 ** (n / 2) * math.gamma(1.5 + n / 2) / math.gamma(1.5))

    def _stats(self) -> tuple[Any, Any]:
        return jnp.asarray(2.0 * math.sqrt(2 / _PI)), jnp.asarray(3.0 - 8.0 / _PI)

    def _entropy(self) -> Any:
        return jnp.asarray(_EULER + 0.5 * math.log(2 * _PI) - 0.5)


class nakagami_gen(_Positive):  # noqa: N801
    """The Nakagami distribution with shape ``nu``."""

    name, shapes, _safe = "nakagami", ("nu",), (1.0,)

    def _logpdf(self, z: Any, nu: Any) -> Any:
        return (_LOG2 + nu * jnp.log(nu) - sg.gammaln(nu) + _xlogy(2.0 * nu - 1.0, z)
                - nu * z * z)  # fmt: skip

    def _cdf(self, z: Any, nu: Any) -> Any:
        return _ginc(nu, nu * z * z)

    def _logcdf(self, z: Any, nu: Any) -> Any:
        return _log_ginc(nu, nu * z * z)

    def _sf(self, z: Any, nu: Any) -> Any:
        return _gincc(nu, nu * z * z)

    def _ppf(self, q: Any, nu: Any) -> Any:
        return jnp.exp(0.5 * (_log_gammaincinv(nu, q) - jnp.log(nu)))

    def _isf(self, q: Any, nu: Any) -> Any:
        return jnp.sqrt(sg.gammainccinv(nu, q) / nu)

    def _munp(self, n: int, nu: Any) -> Any:
        return _gratio(nu + 0.5 * n, nu) / nu ** (0.5 * n)

    def _stats(self, nu: Any) -> tuple[Any, Any]:
        m = self._munp(1, nu)
        return m, 1.0 - m * m

    def _entropy(self, nu: Any) -> Any:
        # -E log f with E[log Z] = (digamma(nu) - log nu) / 2 and E[nu Z^2] = nu.
        return (-_LOG2 - nu * jnp.log(nu) + sg.gammaln(nu)
                - (nu - 0.5) * (sg.digamma(nu) - jnp.log(nu)) + nu)  # fmt: skip


class invgamma_gen(_Positive):  # noqa: N801
    """The inverted gamma distribution with shape ``a``."""

    name, shapes, _safe = "invgamma", ("a",), (1.0,)

    def _logpdf(self, z: Any, a: Any) -> Any:
        zs = jnp.where(z == 0, 1.0, z)
        return jnp.where(z == 0, -inf, -(a + 1.0) * jnp.log(zs) - sg.gammaln(a) - 1.0 / zs)

    def _cdf(self, z: Any, a: Any) -> Any:
        return _gincc(a, 1.0 / z)

    def _sf(self, z: Any, a: Any) -> Any:
        return _ginc(a, 1.0 / z)

    def _ppf(self, q: Any, a: Any) -> Any:
        return 1.0 / sg.gammainccinv(a, q)

    def _isf(self, q: Any, a: Any) -> Any:
        return 1.0 / sg.gammaincinv(a, q)

    def _munp(self, n: int, a: Any) -> Any:
        ok = a > n
        return _pow_moment(ok, _gratio(jnp.where(ok, a - n, 1.0), a))

    def _stats(self, a: Any) -> tuple[Any, Any]:
        ok = a > 2
        am = jnp.where(ok, a, 3.0)
        return self._munp(1, a), _pow_moment(ok, 1.0 / ((am - 1.0) ** 2 * (am - 2.0)))

    def _entropy(self, a: Any) -> Any:
        return a - (a + 1.0) * sg.digamma(a) + sg.gammaln(a)


class loggamma_gen(rv_continuous_shapes):  # noqa: N801
    """The log-gamma distribution (the log of a gamma variate) with shape ``c``."""

    name, shapes, _safe = "loggamma", ("c",), (1.0,)

    def _logpdf(self, z: Any, c: Any) -> Any:
        return c * z - jnp.exp(z) - sg.gammaln(c)

    def _logcdf(self, z: Any, c: Any) -> Any:
        # Below z = -30: the series c z - log Gamma(c + 1) + log(1 - c e^z / (c + 1)).
        far = z < -30.0
        zf = jnp.where(far, z, -30.0)
        series = c * zf - sg.gammaln(c + 1.0) + jnp.log1p(-c * jnp.exp(zf) / (c + 1.0))
        return jnp.where(far, series, jnp.log(_ginc(c, jnp.exp(jnp.where(far, 0.0, z)))))

    def _cdf(self, z: Any, c: Any) -> Any:
        far = z < -30.0
        return jnp.where(far, jnp.exp(self._logcdf(z, c)),
                         _ginc(c, jnp.exp(jnp.where(far, 0.0, z))))  # fmt: skip

    def _sf(self, z: Any, c: Any) -> Any:
        return _gincc(c, jnp.exp(z))

    def _ppf(self, q: Any, c: Any) -> Any:
        # Far in the lower tail gammainc(c, x) = x^c / Gamma(c + 1) (1 + O(x)), solved for
        # log x directly (x itself underflows).
        return _log_gammaincinv(c, q)

    def _isf(self, q: Any, c: Any) -> Any:
        return jnp.log(sg.gammainccinv(c, q))

    def _stats(self, c: Any) -> tuple[Any, Any]:
        return sg.digamma(c), sg.polygamma(1, c)

    def _entropy(self, c: Any) -> Any:
        return sg.gammaln(c) - c * sg.digamma(c) + c


class dgamma_gen(rv_continuous_shapes):  # noqa: N801
    """The double gamma distribution with shape ``a``."""

    name, shapes, _safe = "dgamma", ("a",), (1.0,)

    def _logpdf(self, z: Any, a: Any) -> Any:
        x = jnp.abs(z)
        return _xlogy(a - 1.0, x) - x - _LOG2 - sg.gammaln(a)

    def _cdf(self, z: Any, a: Any) -> Any:
        h = 0.5 * _gincc(a, jnp.abs(z))
        return jnp.where(z <= 0, h, 1.0 - h)

    def _sf(self, z: Any, a: Any) -> Any:
        return self._cdf(-z, a)

    def _ppf(self, q: Any, a: Any) -> Any:
        lo = q < 0.5
        x = sg.gammainccinv(a, 2.0 * jnp.where(lo, q, 1.0 - q))
        return jnp.where(lo, -x, x)

    def _isf(self, q: Any, a: Any) -> Any:
        return -self._ppf(q, a)

    def _munp(self, n: int, a: Any) -> Any:
        if n % 2:
            return jnp.zeros_like(a)
        out = jnp.ones_like(a)
        for k in range(n):
            out = out * (a + k)
        return out

    def _stats(self, a: Any) -> tuple[Any, Any]:
        return jnp.zeros_like(a), a * (a + 1.0)

    def _entropy(self, a: Any) -> Any:
        return (1.0 - a) * sg.digamma(a) + a + _LOG2 + sg.gammaln(a)


class gennorm_gen(rv_continuous_shapes):  # noqa: N801
    """The generalized normal distribution with shape ``beta``."""

    name, shapes, _safe = "gennorm", ("beta",), (2.0,)

    def _logpdf(self, z: Any, beta: Any) -> Any:
        return jnp.log(0.5 * beta) - sg.gammaln(1.0 / beta) - jnp.abs(z) ** beta

    def _half_tail(self, z: Any, beta: Any) -> Any:
        return 0.5 * _gincc(1.0 / beta, jnp.abs(z) ** beta)

    def _cdf(self, z: Any, beta: Any) -> Any:
        h = self._half_tail(z, beta)
        return jnp.where(z <= 0, h, 1.0 - h)

    def _sf(self, z: Any, beta: Any) -> Any:
        return self._cdf(-z, beta)

    def _ppf(self, q: Any, beta: Any) -> Any:
        lo = q < 0.5
        x = sg.gammainccinv(1.0 / beta, 2.0 * jnp.where(lo, q, 1.0 - q)) ** (1.0 / beta)
        return jnp.where(lo, -x, x)

    def _isf(self, q: Any, beta: Any) -> Any:
        return -self._ppf(q, beta)

    def _munp(self, n: int, beta: Any) -> Any:
        if n % 2:
            return jnp.zeros_like(beta)
        return _gratio((n + 1.0) / beta, 1.0 / beta)

    def _stats(self, beta: Any) -> tuple[Any, Any]:
        return jnp.zeros_like(beta), self._munp(2, beta)

    def _entropy(self, beta: Any) -> Any:
        return 1.0 / beta - jnp.log(0.5 * beta) + sg.gammaln(1.0 / beta)


# ----------------------------------------------------------------------------- instances
gamma = gamma_gen()
erlang = erlang_gen()
chi2 = chi2_gen()
chi = chi_gen()
maxwell = maxwell_gen()
nakagami = nakagami_gen()
invgamma = invgamma_gen()
loggamma = loggamma_gen()
dgamma = dgamma_gen()
gennorm = gennorm_gen()
