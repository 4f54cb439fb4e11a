"""Modified Bessel functions of the first kind of real order: ``iv`` and ``ive``
(``scipy.special.iv``, ``ive``), for ``v >= 0`` or integer ``v``.

``x <= 40 + v^2 / 2``: ``I_v(x) = (x/2)^v / Gamma(v + 1) 0F1(; v + 1; x^2/4)``, a series of
positive terms (``hypergeometric.series``; the prefactor by ``pow`` over ``Gamma``, in log
space where either leaves the range); beyond, the
asymptotic series ``I_v(x) e^-x = (2 pi x)^-1/2 sum_k (-1)^k a_k(v) / x^k``,
``a_k = prod_(j<=k) (4 v^2 - (2j - 1)^2) / (k! 8^k)``, whose smallest term there is below
``e^-40``. ``I_v(-x) = (-1)^v I_v(x)`` for integer ``v`` (NaN for a non-integer ``v``, as
SciPy), ``I_-n = I_n``. A negative non-integer order (SciPy: ``I_v + 2/pi sin(v pi) K_v``)
needs ``K_v`` and gives NaN here. Derivatives: ``d/dx I_v = I_(v+1) + (v/x) I_v`` (closed
form, ``custom_jvp``); ``d/dv`` by forward mode through the series loop.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import special as lax_special
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util, hypergeometric
from xnp._src.typing import ArrayLike

_ASYMPTOTIC_TERMS = 40


def _gamma_up_to_171(v: Any) -> Any:
    """``Gamma(v + 1)`` for ``0 <= v <= 170`` as ``Gamma(f + 1) (f + 1) ... (f + n)``,
    ``v = n + f``: ``exp(lgamma)`` would round at ``eps lgamma(v + 1)`` (8e-14 at v = 100)."""
    n = jnp.floor(v)
    f = v - n

    def body(k: Any, g: Any) -> Any:
        return jnp.where(k <= n, g * (f + k), g)

    return _kernels.repeat(170, body, jnp.exp(lax_special.lgamma(f + 1.0)), v)


def _scaled_positive(v: Any, x: Any) -> Any:
    """``I_v(x) e^-x`` for ``v >= 0``, ``x >= 0`` finite."""
    far = x > 40.0 + 0.5 * v * v
    xs = jnp.where(far, 1.0, x)
    # (x/2)^v / Gamma(v + 1) by pow and gamma where both are in range (exp of the log form
    # rounds at eps |v log(x/2)|)
    log_form = jnp.exp(jnp.where(v == 0, 0.0, v * jnp.log(0.5 * xs)) - lax_special.lgamma(v + 1.0))
    power = jnp.power(0.5 * xs, v)
    gam = _gamma_up_to_171(jnp.minimum(v, 170.0))
    direct = (v <= 170.0) & (power > 1e-300) & (power < 1e300)
    first = jnp.where(direct, power / jnp.where(direct, gam, 1.0), log_form)
    near = hypergeometric.series(None, v + 1.0, 0.25 * xs * xs, first) * jnp.exp(-xs)
    near = jnp.where((xs == 0) & (v > 0), 0.0, near)
    xf = jnp.where(far, x, 1e3)
    mu = 4.0 * v * v
    term, total = jnp.ones_like(xf), jnp.ones_like(xf)
    for k in range(1, _ASYMPTOTIC_TERMS + 1):
        term = -term * (mu - (2.0 * k - 1.0) ** 2) / (k * 8.0 * xf)
        total = total + term
    asym = total / jnp.sqrt(2.0 * onp.pi * xf)
    return jnp.where(far, asym, near)


def _ive_impl(v: Any, x: Any) -> Any:
    integer = jnp.floor(v) == v
    va = jnp.abs(v)
    ok = (v >= 0) | integer
    ax = jnp.abs(x)
    fin = jnp.isfinite(ax)
    out = _scaled_positive(jnp.where(ok, va, 0.0), jnp.where(fin, ax, 1.0))
    odd = integer & (jnp.fmod(va, 2.0) == 1.0)
    out = jnp.where((x < 0) & odd, -out, out)
    bad = ~ok | ((x < 0) & ~integer) | ~fin | jnp.isnan(v)
    return jnp.where(bad, onp.nan, out)


def _iv_impl(v: Any, x: Any) -> Any:
    half = jnp.exp(0.5 * jnp.abs(x))  # in two halves: I_v is finite up to |x| = 713.98
    return half * (_ive_impl(v, x) * half)


@custom_jvp
def _ive(v: Any, x: Any) -> Any:
    return _util.via_float64(_ive_impl)(v, x)


@custom_jvp
def _iv(v: Any, x: Any) -> Any:
    return _util.via_float64(_iv_impl)(v, x)


def _dv(impl: Any) -> Any:
    def rule(g: Any, ans: Any, v: Any, x: Any) -> Any:
        # x < 0: defined at integer v only, where there is no derivative in v
        dv = _kernels.forward_derivative(_util.via_float64(impl), (v, x), 0)
        return g * jnp.where(x < 0, onp.nan, dv)

    return rule


def _iv_dx(g: Any, ans: Any, v: Any, x: Any) -> Any:
    # I_v' = I_(v+1) + (v / x) I_v; (I_(v-1) + I_(v+1)) / 2 at x = 0
    x0 = x == 0
    xs = jnp.where(x0, 1.0, x)
    inner = _iv(v + 1.0, xs) + v / xs * ans
    at0 = jnp.where(v == 1, 0.5, jnp.where(v == 0, 0.0, jnp.where(v < 1, onp.inf, 0.0)))
    return g * jnp.where(x0, at0, inner)


def _ive_dx(g: Any, ans: Any, v: Any, x: Any) -> Any:
    # d/dx (e^-|x| I_v) = e^-|x| I_v' - sign(x) ive
    iv_dx = _iv_dx(jnp.ones_like(x), _iv(v, x), v, x)
    return g * (iv_dx * jnp.exp(-jnp.abs(x)) - jnp.sign(x) * ans)


_iv.defjvps(_dv(_iv_impl), _iv_dx)
_ive.defjvps(_dv(_ive_impl), _ive_dx)


def iv(v: ArrayLike, x: ArrayLike) -> Any:
    """The modified Bessel function of the first kind ``I_v(x)`` of real order, mirroring
    ``scipy.special.iv`` for ``v >= 0`` or integer ``v`` (NaN for a negative non-integer
    order, which SciPy evaluates through ``K_v``; NaN for ``x < 0`` at a non-integer order and
    at ``x = +-inf``, as SciPy). Differentiable in ``v`` and ``x``."""
    v, x = _util.float_args("iv", v, x)
    return _iv(v, x)


def ive(v: ArrayLike, x: ArrayLike) -> Any:
    """The exponentially scaled ``iv``: ``I_v(x) exp(-|x|)``, mirroring
    ``scipy.special.ive`` on the same domain as ``iv``."""
    v, x = _util.float_args("ive", v, x)
    return _ive(v, x)
