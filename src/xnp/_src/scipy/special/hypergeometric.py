"""Kummer's confluent hypergeometric function ``hyp1f1(a, b, x) = 1F1(a; b; x)`` for real
arguments (``scipy.special.hyp1f1``).

``x >= 0``: the power series ``sum (a)_k / (b)_k x^k / k!``; ``x < 0``: Kummer's
transformation ``e^x 1F1(b - a; b; -x)``, whose terms are positive for ``b >= a``, with
``e^x`` as the first term, so that nothing over- or underflows for ``x >= -700``;
``x < -700`` (unless ``b - a`` is a non-positive integer): the asymptotic series
``Gamma(b) / Gamma(b - a) (-x)^-a sum (a)_k (a - b + 1)_k / k! (-x)^-k`` (the other,
``e^x``, part is below the smallest float). Each series runs in one
``while_loop`` until every element's terms are decreasing and below ``eps`` of its sum (at
most 50000 terms: ``x`` up to about 4e4). Differentiable: ``d/dx = (a/b) 1F1(a+1; b+1; x)``;
``a`` and ``b`` by forward mode through the loop.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import loops as lax_loops
from xnp._src.lax import special as lax_special
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util
from xnp._src.typing import ArrayLike

_MAX_TERMS = 50000.0
_ASYMPTOTIC_X = 700.0
_ASYMPTOTIC_TERMS = 30


def series(c: Any, b: Any, y: Any, first: Any) -> Any:
    """``first * sum_k (c)_k / (b)_k y^k / k!`` (``first`` a normal number; for ``b >= c`` no
    term exceeds ``first * exp(y)``); ``c = None``: the same without ``(c)_k`` (the series
    of ``0F1``)."""
    eps = _util.finfo_eps(y)

    def cond(state: tuple) -> Any:
        k, _, _, done = state
        return (k < _MAX_TERMS) & ~jnp.all(done)

    def body(state: tuple) -> tuple:
        k, term, total, done = state
        ratio = (1.0 if c is None else c + k) * y / ((b + k) * (k + 1.0))
        term = term * ratio
        new_total = jnp.where(done, total, total + term)
        small = jnp.abs(term) <= eps * jnp.abs(new_total)
        shrinking = jnp.abs(ratio) < 1.0
        done = done | (small & shrinking) | ~jnp.isfinite(new_total)
        return k + 1.0, term, new_total, done

    init = (jnp.zeros((), y.dtype), first, first, jnp.isnan(y))
    return lax_loops.while_loop(cond, body, init)[2]


def _asymptotic(a: Any, b: Any, x: Any) -> Any:
    z = -x
    term, total = jnp.ones_like(x), jnp.ones_like(x)
    for k in range(_ASYMPTOTIC_TERMS):
        term = term * (a + k) * (a - b + 1.0 + k) / ((k + 1.0) * z)
        total = total + term
    c = b - a
    pole = (c <= 0) & (jnp.floor(c) == c)  # not taken: Kummer's polynomial there
    cs = jnp.where(pole, 0.5, c)
    sign = jnp.where((cs < 0) & (jnp.fmod(jnp.floor(cs), 2.0) != 0), -1.0, 1.0)
    sign = sign * jnp.where((b < 0) & (jnp.fmod(jnp.floor(b), 2.0) != 0), -1.0, 1.0)
    log_scale = lax_special.lgamma(b) - lax_special.lgamma(cs) - a * jnp.log(z)
    return jnp.where(pole, 0.0, sign * jnp.exp(log_scale) * total)


def _hyp1f1_impl(a: Any, b: Any, x: Any) -> Any:
    neg = x < 0
    c = jnp.where(neg, b - a, a)
    # b - a a non-positive integer: Kummer's series is a polynomial, and the e^x part is all
    far = (x < -_ASYMPTOTIC_X) & ~((c <= 0) & (jnp.floor(c) == c))
    y = jnp.where(far, 0.0, jnp.abs(x))
    shift = jnp.where(neg & ~far, x, 0.0)  # below -700 (b - a a pole) underflows to 0
    ok_b = b > 0
    bs = jnp.where(ok_b, b, 1.0)
    out = series(c, bs, jnp.where(jnp.isfinite(y), y, 0.0), jnp.exp(shift))
    out = jnp.where(far, _asymptotic(a, bs, jnp.where(far, x, -1e3)), out)
    # x = +inf: +-inf by the sign of Gamma(b)/Gamma(a) (0 for a a non-positive integer: NaN
    # as SciPy); x = -inf: 0 when the limit (-x)^-a vanishes, a > 0
    out = jnp.where(x == onp.inf, jnp.where(a > 0, onp.inf, onp.nan), out)
    out = jnp.where(x == -onp.inf, jnp.where(a > 0, 0.0, onp.nan), out)
    out = jnp.where(a == 0, 1.0, out)
    bad = ~ok_b | jnp.isnan(a) | jnp.isnan(b) | jnp.isnan(x)
    return jnp.where(bad, onp.nan, out)


@custom_jvp
def _hyp1f1(a: Any, b: Any, x: Any) -> Any:
    return _util.via_float64(_hyp1f1_impl)(a, b, x)


def _dparam(i: int) -> Any:
    def rule(g: Any, ans: Any, a: Any, b: Any, x: Any) -> Any:
        impl = _util.via_float64(_hyp1f1_impl)
        return g * _kernels.forward_derivative(impl, (a, b, x), i)

    return rule


_hyp1f1.defjvps(
    _dparam(0), _dparam(1), lambda g, ans, a, b, x: g * a / b * _hyp1f1(a + 1.0, b + 1.0, x)
)


def hyp1f1(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Any:
    """Kummer's confluent hypergeometric function ``1F1(a; b; x)`` for real arguments,
    mirroring ``scipy.special.hyp1f1`` for ``b > 0`` (NaN for ``b <= 0``, where SciPy gives
    inf at the poles and values elsewhere). The series loses digits to cancellation where its
    terms alternate: ``a < 0 < x`` or ``b < a``, ``x < 0``, when the result is much smaller
    than the largest term (see the accuracy table). Differentiable in ``a``, ``b``, ``x``."""
    a, b, x = _util.float_args("hyp1f1", a, b, x)
    return _hyp1f1(a, b, x)
