"""Continuous distributions in standard form (``loc = 0``, ``scale = 1``); distributions.py
adds ``loc``, ``scale``, the edge cases and the frozen form. Each tail is computed directly,
never as ``1 - cdf``, so ``sf``, ``logsf`` and ``isf`` keep their accuracy far out."""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.random import samplers
from xnp._src.scipy.special import convenience, error
from xnp._src.scipy.stats.distributions import rv_continuous

_LOG2 = float(onp.log(2.0))
# log(1 - p) below is log1p(-p) for p < 1/4 and log of the (accurate) complement above.


class norm_gen(rv_continuous):  # noqa: N801
    """The normal distribution."""

    name = "norm"
    _entropy = 0.5 * float(onp.log(2 * onp.pi) + 1)

    def _logpdf(self, z: Any) -> Any:
        return -0.5 * z * z - 0.5 * float(onp.log(2 * onp.pi))

    def _cdf(self, z: Any) -> Any:
        return error.ndtr(z)

    def _sf(self, z: Any) -> Any:
        return error.ndtr(-z)

    def _logcdf(self, z: Any) -> Any:
        return error.log_ndtr(z)

    def _logsf(self, z: Any) -> Any:
        return error.log_ndtr(-z)

    def _ppf(self, q: Any) -> Any:
        return error.ndtri(q)

    def _isf(self, q: Any) -> Any:
        return -error.ndtri(q)

    def _sample(self, key: Any, shape: tuple[int, ...], dtype: Any) -> Any:
        return samplers.normal(key, shape, dtype)


class expon_gen(rv_continuous):  # noqa: N801
    """The exponential distribution."""

    name = "expon"
    a = 0.0
    _mean, _var, _entropy, _median = 1.0, 1.0, 1.0, 1.0

    def _logpdf(self, z: Any) -> Any:
        return -z

    def _cdf(self, z: Any) -> Any:
        return -jnp.expm1(-z)

    def _sf(self, z: Any) -> Any:
        return jnp.exp(-z)

    def _logcdf(self, z: Any) -> Any:
        # log(1 - e^-z): through expm1 while e^-z > 1/4, through log1p beyond.
        return jnp.where(z < 2 * _LOG2, jnp.log(-jnp.expm1(-z)), jnp.log1p(-jnp.exp(-z)))

    def _logsf(self, z: Any) -> Any:
        return -z

    def _ppf(self, q: Any) -> Any:
        return -jnp.log1p(-q)

    def _isf(self, q: Any) -> Any:
        return -jnp.log(q)


class uniform_gen(rv_continuous):  # noqa: N801
    """The uniform distribution on ``[loc, loc + scale]``."""

    name = "uniform"
    a, b = 0.0, 1.0
    _mean, _var, _entropy, _median = 0.5, 1.0 / 12.0, 0.0, 0.5

    def _logpdf(self, z: Any) -> Any:
        return z * 0.0

    def _cdf(self, z: Any) -> Any:
        return z

    def _sf(self, z: Any) -> Any:
        return 1.0 - z

    def _ppf(self, q: Any) -> Any:
        return q

    def _isf(self, q: Any) -> Any:
        return 1.0 - q


class logistic_gen(rv_continuous):  # noqa: N801
    """The logistic distribution."""

    name = "logistic"
    _var, _entropy = float(onp.pi**2 / 3), 2.0

    def _logpdf(self, z: Any) -> Any:
        a = jnp.abs(z)
        return -a - 2.0 * jnp.log1p(jnp.exp(-a))

    def _cdf(self, z: Any) -> Any:
        return convenience.expit(z)

    def _sf(self, z: Any) -> Any:
        return convenience.expit(-z)

    def _logcdf(self, z: Any) -> Any:
        return convenience.log_expit(z)

    def _logsf(self, z: Any) -> Any:
        return convenience.log_expit(-z)

    def _ppf(self, q: Any) -> Any:
        return convenience.logit(q)

    def _isf(self, q: Any) -> Any:
        return -convenience.logit(q)


class cauchy_gen(rv_continuous):  # noqa: N801
    """The Cauchy distribution (its mean and variance are NaN, as SciPy's)."""

    name = "cauchy"
    _mean, _var, _entropy = onp.nan, onp.nan, float(onp.log(4 * onp.pi))

    def _logpdf(self, z: Any) -> Any:
        return -float(onp.log(onp.pi)) - jnp.log1p(z * z)

    def _cdf(self, z: Any) -> Any:
        # atan2(1, -z) / pi is 1/2 + atan(z) / pi without its cancellation for z << 0.
        return jnp.arctan2(1.0, -z) / onp.pi

    def _sf(self, z: Any) -> Any:
        return jnp.arctan2(1.0, z) / onp.pi

    def _logcdf(self, z: Any) -> Any:
        sf = self._sf(z)
        return jnp.where(sf < 0.25, jnp.log1p(-sf), jnp.log(self._cdf(z)))

    def _logsf(self, z: Any) -> Any:
        return self._logcdf(-z)

    def _ppf(self, q: Any) -> Any:
        # tan(pi (q - 1/2)) near the middle; -1 / tan(pi q) and 1 / tan(pi (1 - q)) in the
        # tails, where q - 1/2 would round away the distance to the pole.
        mid = jnp.tan(onp.pi * (q - 0.5))
        tail = jnp.where(q < 0.5, -1.0 / jnp.tan(onp.pi * q), 1.0 / jnp.tan(onp.pi * (1.0 - q)))
        return jnp.where(jnp.abs(q - 0.5) < 0.25, mid, tail)

    def _isf(self, q: Any) -> Any:
        return -self._ppf(q)


class laplace_gen(rv_continuous):  # noqa: N801
    """The Laplace (double exponential) distribution."""

    name = "laplace"
    _var, _entropy = 2.0, 1.0 + _LOG2

    def _logpdf(self, z: Any) -> Any:
        return -jnp.abs(z) - _LOG2

    def _cdf(self, z: Any) -> Any:
        return jnp.where(z < 0, 0.5 * jnp.exp(jnp.minimum(z, 0.0)),
                         1.0 - 0.5 * jnp.exp(-jnp.maximum(z, 0.0)))  # fmt: skip

    def _sf(self, z: Any) -> Any:
        return self._cdf(-z)

    def _logcdf(self, z: Any) -> Any:
        half_sf = 0.5 * jnp.exp(-jnp.maximum(z, 0.0))
        upper = jnp.where(half_sf < 0.25, jnp.log1p(-half_sf), jnp.log(1.0 - half_sf))
        return jnp.where(z < 0, z - _LOG2, upper)

    def _logsf(self, z: Any) -> Any:
        return self._logcdf(-z)

    def _ppf(self, q: Any) -> Any:
        return jnp.where(q < 0.5, jnp.log(2.0 * q), -jnp.log(2.0 - 2.0 * q))

    def _isf(self, q: Any) -> Any:
        return -self._ppf(q)


_EULER = 0.5772156649015329


class gumbel_r_gen(rv_continuous):  # noqa: N801
    """The right-skewed Gumbel (extreme value type I, maxima) distribution."""

    name = "gumbel_r"
    _mean, _var, _entropy = _EULER, float(onp.pi**2 / 6), _EULER + 1.0
    _median = -float(onp.log(onp.log(2.0)))

    def _logpdf(self, z: Any) -> Any:
        return jnp.where(z == -onp.inf, -onp.inf, -z - jnp.exp(-z))

    def _cdf(self, z: Any) -> Any:
        return jnp.exp(-jnp.exp(-z))

    def _sf(self, z: Any) -> Any:
        return -jnp.expm1(-jnp.exp(-z))

    def _logcdf(self, z: Any) -> Any:
        return -jnp.exp(-z)

    def _logsf(self, z: Any) -> Any:
        # log(1 - e^-t), t = e^-z: log1p(-cdf) where the cdf is small (t > log 4), the log of
        # -expm1(-t) in between, and -z - t / 2 (error t^2 / 24) once t < 1e-8, where t may
        # underflow.
        t = jnp.exp(-z)
        mid = jnp.log(-jnp.expm1(-t))
        out = jnp.where(t > 2 * _LOG2, jnp.log1p(-jnp.exp(-t)), mid)
        return jnp.where(t < 1e-8, -z - 0.5 * t, out)

    def _ppf(self, q: Any) -> Any:
        return -jnp.log(-jnp.log(q))

    def _isf(self, q: Any) -> Any:
        return -jnp.log(-jnp.log1p(-q))


class gumbel_l_gen(gumbel_r_gen):  # noqa: N801
    """The left-skewed Gumbel (extreme value type I, minima) distribution: ``gumbel_r`` of
    ``-x``."""

    name = "gumbel_l"
    _mean, _median = -_EULER, -gumbel_r_gen._median

    def _logpdf(self, z: Any) -> Any:
        return super()._logpdf(-z)

    def _cdf(self, z: Any) -> Any:
        return super()._sf(-z)

    def _sf(self, z: Any) -> Any:
        return super()._cdf(-z)

    def _logcdf(self, z: Any) -> Any:
        return super()._logsf(-z)

    def _logsf(self, z: Any) -> Any:
        return super()._logcdf(-z)

    def _ppf(self, q: Any) -> Any:
        return -super()._isf(q)

    def _isf(self, q: Any) -> Any:
        return -super()._ppf(q)


norm = norm_gen()
expon = expon_gen()
uniform = uniform_gen()
logistic = logistic_gen()
cauchy = cauchy_gen()
laplace = laplace_gen()
gumbel_r = gumbel_r_gen()
gumbel_l = gumbel_l_gen()
