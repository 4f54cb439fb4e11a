"""The error-function family and the standard normal distribution's helpers: ``erf``, ``erfc``,
``erfinv``, ``erfcinv``, ``ndtr``, ``log_ndtr``, ``ndtri``, ``ndtri_exp``.

``erf``, ``erfc`` and ``erf_inv`` are lax primitives (CHLO). The normal quantile is found in
its tails by Newton's method on ``log ndtr`` (concave, so the iteration is monotone) from
Abramowitz and Stegun's 26.2.23 starting value (error < 4.5e-4; four steps reach rounding),
and as ``sqrt(2) erfinv(2p - 1)`` in the middle, where ``2p - 1`` is exact. Its derivative is a
``custom_jvp`` (``1 / pdf(x)``) rather than the derivative of the iteration.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import elementwise as lax
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _util
from xnp._src.typing import ArrayLike

_SQRT1_2 = float(onp.sqrt(0.5))
_SQRT2 = float(onp.sqrt(2.0))
_LOG_SQRT_2PI = float(0.5 * onp.log(2 * onp.pi))


def erf(x: ArrayLike) -> Any:
    """The error function."""
    (x,) = _util.float_args("erf", x)
    return lax.erf(x)


def erfc(x: ArrayLike) -> Any:
    """The complementary error function ``1 - erf(x)``, accurate for large ``x``."""
    (x,) = _util.float_args("erfc", x)
    return lax.erfc(x)


def erfinv(y: ArrayLike) -> Any:
    """The inverse of ``erf`` on [-1, 1] (+-inf at +-1, NaN outside). For ``|y| >= 1/2``,
    ``-ndtri((1 - |y|) / 2) / sqrt(2)`` (``1 - |y|`` is exact there) keeps full accuracy
    near +-1, where XLA's ``erf_inv`` loses digits."""
    (y,) = _util.float_args("erfinv", y)
    ay = jnp.abs(y)
    tail = ay >= 0.5
    x_tail = -_ndtri(0.5 * (1.0 - jnp.where(tail, ay, 0.75))) * _SQRT1_2
    out = jnp.where(tail, jnp.copysign(x_tail, y), lax.erf_inv(jnp.where(tail, 0.0, y)))
    return jnp.where(jnp.isnan(y) | (ay > 1), onp.nan, out)


def _ndtr(x: Any) -> Any:
    z = x * _SQRT1_2
    mid = jnp.abs(z) < _SQRT1_2
    return jnp.where(mid, 0.5 + 0.5 * lax.erf(z), 0.5 * lax.erfc(-z))


def ndtr(x: ArrayLike) -> Any:
    """The standard normal CDF."""
    (x,) = _util.float_args("ndtr", x)
    return _ndtr(x)


def _log_ndtr(x: Any) -> Any:
    # x < -20 (-10 in float32): the asymptotic series of the Mills ratio, log ndtr(x) =
    # -x^2/2 - log(-x) - log(2 pi)/2 + log(1 - 1/x^2 + 3/x^4 - ...); x > 0: log1p(-ndtr(-x));
    # else log(ndtr(x)).
    cut = -20.0 if x.dtype == onp.float64 else -10.0  # where erfc stays a normal number
    low = x < cut
    xl = jnp.where(low, x, cut)
    r = 1.0 / (xl * xl)
    term, total = jnp.ones_like(xl), jnp.ones_like(xl)
    for k in range(1, 12):
        term = -term * (2 * k - 1) * r
        total = total + term
    asym = -0.5 * xl * xl - jnp.log(-xl) - _LOG_SQRT_2PI + jnp.log(total)
    high = x > 0.0
    xm = jnp.where(low | high, 0.0, x)
    xh = jnp.where(high, x, 7.0)
    return jnp.where(low, asym, jnp.where(high, jnp.log1p(-_ndtr(-xh)), jnp.log(_ndtr(xm))))


def log_ndtr(x: ArrayLike) -> Any:
    """``log(ndtr(x))``, accurate in both tails."""
    (x,) = _util.float_args("log_ndtr", x)
    return _log_ndtr(x)


def _lower_quantile(log_q: Any) -> Any:
    """x <= 0 with ``log ndtr(x) == log_q``, for ``log_q <= log(1/4)``."""
    t = jnp.sqrt(-2.0 * log_q)
    x = -(t - (2.515517 + t * (0.802853 + t * 0.010328))
          / (1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))))  # fmt: skip
    for _ in range(4 if log_q.dtype == onp.float64 else 3):
        lx = _log_ndtr(x)
        # d/dx log ndtr(x) = pdf(x) / ndtr(x) = exp(log pdf - log ndtr)
        slope = jnp.exp(-0.5 * x * x - _LOG_SQRT_2PI - lx)
        x = x - (lx - log_q) / slope
    return x


_LOG_QUARTER = float(onp.log(0.25))
_LOG_THREE_QUARTERS = float(onp.log(0.75))


def _ndtri_impl(p: Any) -> Any:
    low, high = p < 0.25, p > 0.75
    mid = ~low & ~high
    p_low = jnp.where(low, p, 0.125)
    q_high = jnp.where(high, 1.0 - p, 0.125)  # exact for p >= 1/2
    x_mid = _SQRT2 * lax.erf_inv(2.0 * jnp.where(mid, p, 0.5) - 1.0)
    out = jnp.where(
        low,
        _lower_quantile(jnp.log(p_low)),
        jnp.where(high, -_lower_quantile(jnp.log(q_high)), x_mid),
    )
    out = jnp.where(p == 0, -onp.inf, jnp.where(p == 1, onp.inf, out))
    return jnp.where((p < 0) | (p > 1) | jnp.isnan(p), onp.nan, out)


@custom_jvp
def _ndtri(p: Any) -> Any:
    return _ndtri_impl(p)


def _quantile_jvp(g: Any, ans: Any, *_: Any) -> Any:
    return g * jnp.exp(0.5 * ans * ans + _LOG_SQRT_2PI)


_ndtri.defjvps(_quantile_jvp)


def ndtri(p: ArrayLike) -> Any:
    """The standard normal quantile, the inverse of ``ndtr``."""
    (p,) = _util.float_args("ndtri", p)
    return _ndtri(p)


def _ndtri_exp_impl(y: Any) -> Any:
    low, high = y < _LOG_QUARTER, y > _LOG_THREE_QUARTERS
    mid = ~low & ~high
    y_low = jnp.where(low, y, -2.0)
    y_high = jnp.where(high, y, -0.1)
    x_mid = _SQRT2 * lax.erf_inv(2.0 * jnp.exp(jnp.where(mid, y, -0.5)) - 1.0)
    x_high = -_lower_quantile(jnp.log(-jnp.expm1(y_high)))
    out = jnp.where(low, _lower_quantile(y_low), jnp.where(high, x_high, x_mid))
    out = jnp.where(y == 0, onp.inf, jnp.where(jnp.isneginf(y), -onp.inf, out))
    return jnp.where((y > 0) | jnp.isnan(y), onp.nan, out)


@custom_jvp
def _ndtri_exp(y: Any) -> Any:
    return _ndtri_exp_impl(y)


def _ndtri_exp_jvp(g: Any, ans: Any, y: Any) -> Any:
    # dx/dy = p / pdf(x) with p = exp(y)
    return g * jnp.exp(y + 0.5 * ans * ans + _LOG_SQRT_2PI)


_ndtri_exp.defjvps(_ndtri_exp_jvp)


def ndtri_exp(y: ArrayLike) -> Any:
    """``ndtri(exp(y))``, accurate for very negative ``y`` (y <= 0)."""
    (y,) = _util.float_args("ndtri_exp", y)
    return _ndtri_exp(y)


def erfcinv(y: ArrayLike) -> Any:
    """The inverse of ``erfc`` on [0, 2]: ``-ndtri(y / 2) / sqrt(2)``."""
    (y,) = _util.float_args("erfcinv", y)
    return -_ndtri(0.5 * y) * _SQRT1_2
