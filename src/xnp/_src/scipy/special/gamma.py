"""The gamma family: ``gamma``, ``gammaln``, ``loggamma`` (real), ``gammasgn``, ``rgamma``,
``digamma``/``psi``, ``polygamma``, ``multigammaln``, ``beta``, ``betaln``, ``poch``, the
regularized incomplete gamma functions and the Hurwitz ``zeta`` / ``zetac``.

Built on lax's ``lgamma``, ``digamma``, ``polygamma``, ``zeta`` and ``igamma`` primitives (which
carry their own jvp rules). ``gamma`` is ``gammasgn * exp(gammaln)``, so its relative error grows
like ``eps * |gammaln(x)|`` (about 1e-13 near the overflow at 171); the docs page lists the
measured errors.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import special as lax_special
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _util
from xnp._src.typing import ArrayLike


def _is_nonpositive_int(x: Any) -> Any:
    return (x <= 0) & (jnp.floor(x) == x)


def _gammasgn(x: Any) -> Any:
    # Gamma is positive on x > 0 and alternates in sign between the negative integers.
    neg = x < 0
    odd = jnp.fmod(jnp.floor(jnp.where(neg, x, 0.0)), 2.0) != 0
    return jnp.where(neg & odd, -1.0, jnp.ones_like(x))


def _gammaln(x: Any) -> Any:
    # SciPy's gammaln(-inf) is -inf (XLA's lgamma, following C99, gives +inf).
    return jnp.where(jnp.isneginf(x), -onp.inf, lax_special.lgamma(x))


def gammaln(x: ArrayLike) -> Any:
    """``log|Gamma(x)|``; +inf at the poles."""
    (x,) = _util.float_args("gammaln", x)
    return _util.via_float64(_gammaln)(x)


def loggamma(x: ArrayLike) -> Any:
    """The principal branch of ``log Gamma(x)`` for real ``x``: ``gammaln`` for x > 0, NaN
    for x < 0 (SciPy's real loop; complex input is not supported)."""
    (x,) = _util.float_args("loggamma", x)
    return jnp.where(x < 0, onp.nan, _util.via_float64(_gammaln)(x))


def gammasgn(x: ArrayLike) -> Any:
    """The sign of ``Gamma(x)``: +-1 (the sign of zero at +-0), NaN at the negative integers,
    -inf and NaN."""
    (x,) = _util.float_args("gammasgn", x)
    out = jnp.where(_is_nonpositive_int(x) & (x != 0), onp.nan, _gammasgn(x))
    out = jnp.where(x == 0, jnp.copysign(1.0, x), out)
    return jnp.where(jnp.isnan(x) | jnp.isneginf(x), onp.nan, out)


def _gamma(x: Any) -> Any:
    pole = _is_nonpositive_int(x)
    xs = jnp.where(pole, 0.5, x)
    out = _gammasgn(xs) * jnp.exp(lax_special.lgamma(xs))
    out = jnp.where(jnp.isneginf(x), onp.nan, out)
    return jnp.where(pole, jnp.where(x == 0, jnp.copysign(onp.inf, x), onp.nan), out)


def gamma(x: ArrayLike) -> Any:
    """The gamma function; +-inf at +-0, NaN at the negative integers and -inf."""
    (x,) = _util.float_args("gamma", x)
    return _util.via_float64(_gamma)(x)


def rgamma(x: ArrayLike) -> Any:
    """``1 / Gamma(x)``, 0 at the poles."""
    (x,) = _util.float_args("rgamma", x)
    return _util.via_float64(_rgamma)(x)


def _rgamma(x: Any) -> Any:
    pole = _is_nonpositive_int(x)
    xs = jnp.where(pole, 0.5, x)
    out = _gammasgn(xs) * jnp.exp(-lax_special.lgamma(xs))
    out = jnp.where(pole, jnp.where(x == 0, x, 0.0), out)
    return jnp.where(jnp.isneginf(x), 0.0, out)


def digamma(x: ArrayLike) -> Any:
    """``d/dx log Gamma(x)``: -inf at +0, +inf at -0 (as SciPy), NaN at the negative integers."""
    (x,) = _util.float_args("digamma", x)
    return _util.via_float64(_digamma)(x)


def _digamma(x: Any) -> Any:
    out = lax_special.digamma(x)
    return jnp.where(x == 0, jnp.copysign(onp.inf, -x), out)


psi = digamma


def polygamma(n: ArrayLike, x: ArrayLike) -> Any:
    """The ``n``-th derivative of ``digamma`` (``n`` a non-negative integer)."""
    n, x = _util.float_args("polygamma", n, x)
    return _util.via_float64(_polygamma)(n, x)


def _polygamma(n: Any, x: Any) -> Any:
    return jnp.where(n == 0, _digamma(x), lax_special.polygamma(n, x))


def multigammaln(a: ArrayLike, d: int) -> Any:
    """The log of the multivariate gamma function of dimension ``d`` (a Python int):
    ``d (d - 1) / 4 log(pi) + sum_j gammaln(a - j / 2)``. SciPy raises for ``a <= (d - 1) / 2``;
    here such elements give the formula's value (no data-dependent error under jit)."""
    d = int(d)
    if d < 1:
        raise ValueError(f"multigammaln: d should be a positive integer (got {d})")
    (a,) = _util.float_args("multigammaln", a)
    out = float(d * (d - 1) / 4.0 * onp.log(onp.pi))
    for j in range(d):
        out = out + _gammaln(a - j / 2.0)
    return out


def betaln(a: ArrayLike, b: ArrayLike) -> Any:
    """``log|B(a, b)|``."""
    a, b = _util.float_args("betaln", a, b)
    return _util.via_float64(_betaln)(a, b)


def _betaln(a: Any, b: Any) -> Any:
    return _gammaln(a) + _gammaln(b) - _gammaln(a + b)


def beta(a: ArrayLike, b: ArrayLike) -> Any:
    """The beta function ``Gamma(a) Gamma(b) / Gamma(a + b)``."""
    a, b = _util.float_args("beta", a, b)
    return _util.via_float64(_beta)(a, b)


def _beta(a: Any, b: Any) -> Any:
    sign = _gammasgn(a) * _gammasgn(b) * _gammasgn(a + b)
    return sign * jnp.exp(_gammaln(a) + _gammaln(b) - _gammaln(a + b))


def poch(z: ArrayLike, m: ArrayLike) -> Any:
    """The rising factorial ``Gamma(z + m) / Gamma(z)``."""
    z, m = _util.float_args("poch", z, m)
    return _util.via_float64(_poch)(z, m)


def _poch(z: Any, m: Any) -> Any:
    zm = z + m
    sign = _gammasgn(zm) * _gammasgn(z)
    out = sign * jnp.exp(lax_special.lgamma(zm) - lax_special.lgamma(z))
    # Gamma(z) at a pole with Gamma(z + m) finite: 0; Gamma(z + m) at a pole alone: inf;
    # both (integer m): the limit (z)_m = (-1)^m (1 - z - m)_m, whose gammas are finite.
    z_pole, zm_pole = _is_nonpositive_int(z), _is_nonpositive_int(zm)
    both = z_pole & zm_pole
    zr = jnp.where(both, 1.0 - z - m, 1.0)
    mr = jnp.where(both, m, 0.0)
    limit = jnp.where(jnp.fmod(mr, 2.0) == 0, 1.0, -1.0) * jnp.exp(
        lax_special.lgamma(zr + mr) - lax_special.lgamma(zr)
    )
    out = jnp.where(z_pole & ~zm_pole, 0.0, jnp.where(zm_pole & ~z_pole, onp.inf, out))
    out = jnp.where(both, limit, out)
    return jnp.where(m == 0, 1.0, out)


def binom_real(n: Any, k: Any) -> Any:
    return _util.via_float64(_binom_real)(n, k)


def _binom_real(n: Any, k: Any) -> Any:
    """``Gamma(n + 1) / (Gamma(k + 1) Gamma(n - k + 1))`` for float arrays ``n``, ``k``."""
    nk = n - k + 1.0
    sign = _gammasgn(n + 1.0) * _gammasgn(k + 1.0) * _gammasgn(nk)
    out = sign * jnp.exp(
        lax_special.lgamma(n + 1.0) - lax_special.lgamma(k + 1.0) - lax_special.lgamma(nk)
    )
    zero = (_is_nonpositive_int(k + 1.0) | _is_nonpositive_int(nk)) & ~_is_nonpositive_int(n + 1.0)
    out = jnp.where(zero, 0.0, out)
    # SciPy: NaN at negative integer n (the limit depends on how k approaches).
    out = jnp.where(_is_nonpositive_int(n + 1.0), onp.nan, out)
    # Integer n, k (n >= k >= 0): the coefficient is an integer; round away the exp/log error.
    integral = (jnp.floor(n) == n) & (jnp.floor(k) == k) & (n >= 0) & (k >= 0)
    return jnp.where(integral & (jnp.abs(out) < 2.0**52), jnp.round(out), out)


def gammainc(a: ArrayLike, x: ArrayLike) -> Any:
    """The regularized lower incomplete gamma function ``P(a, x)``."""
    a, x = _util.float_args("gammainc", a, x)
    return lax_special.igamma(a, x)


def gammaincc(a: ArrayLike, x: ArrayLike) -> Any:
    """The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``."""
    a, x = _util.float_args("gammaincc", a, x)
    return lax_special.igammac(a, x)


def zeta(x: ArrayLike, q: ArrayLike | None = None) -> Any:
    """The Riemann (``q=None``) or Hurwitz zeta function, for ``x > 1`` (NaN below, as lax's
    primitive is defined there; SciPy continues the Riemann function to x < 1)."""
    if q is None:
        (x,) = _util.float_args("zeta", x)
        q = jnp.ones_like(x)
    else:
        x, q = _util.float_args("zeta", x, q)
    return jnp.where(jnp.isposinf(x) & (q == 1), 1.0, lax_special.zeta(x, q))


def zetac(x: ArrayLike) -> Any:
    """``zeta(x) - 1`` for ``x > 1``, computed as the Hurwitz ``zeta(x, 2)`` (no cancellation)."""
    (x,) = _util.float_args("zetac", x)
    return lax_special.zeta(x, jnp.full_like(x, 2.0))


# ----------------------------------------------------------------------------- distribution helpers
# The chi-square, gamma and Poisson CDFs, each an incomplete gamma function. Out-of-domain
# parameters give NaN, as SciPy does.
def chdtr(v: ArrayLike, x: ArrayLike) -> Any:
    """The chi-square CDF with ``v`` degrees of freedom: ``gammainc(v / 2, x / 2)``."""
    v, x = _util.float_args("chdtr", v, x)
    bad = (v < 0) | (x < 0)
    return jnp.where(bad, onp.nan, lax_special.igamma(0.5 * v, 0.5 * x))


def chdtrc(v: ArrayLike, x: ArrayLike) -> Any:
    """The chi-square survival function: ``gammaincc(v / 2, x / 2)``."""
    v, x = _util.float_args("chdtrc", v, x)
    bad = (v < 0) | (x < 0)
    return jnp.where(bad, onp.nan, lax_special.igammac(0.5 * v, 0.5 * x))


def gdtr(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Any:
    """The gamma CDF with rate ``a`` and shape ``b``: ``gammainc(b, a x)``."""
    a, b, x = _util.float_args("gdtr", a, b, x)
    bad = x < 0  # as SciPy: a x < 0 or b < 0 is NaN from gammainc itself
    return jnp.where(bad, onp.nan, lax_special.igamma(b, a * x))


def gdtrc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Any:
    """The gamma survival function: ``gammaincc(b, a x)``."""
    a, b, x = _util.float_args("gdtrc", a, b, x)
    bad = x < 0  # as SciPy: a x < 0 or b < 0 is NaN from gammainc itself
    return jnp.where(bad, onp.nan, lax_special.igammac(b, a * x))


def pdtr(k: ArrayLike, m: ArrayLike) -> Any:
    """The Poisson CDF ``P(N <= k)`` for mean ``m``: ``gammaincc(floor(k) + 1, m)``."""
    k, m = _util.float_args("pdtr", k, m)
    bad = (k < 0) | (m < 0)
    out = lax_special.igammac(jnp.floor(jnp.where(bad, 0.0, k)) + 1.0, jnp.where(bad, 1.0, m))
    return jnp.where(bad, onp.nan, jnp.where(jnp.isposinf(k) & jnp.isfinite(m), 1.0, out))


def pdtrc(k: ArrayLike, m: ArrayLike) -> Any:
    """The Poisson survival function ``P(N > k)``: ``gammainc(floor(k) + 1, m)``."""
    k, m = _util.float_args("pdtrc", k, m)
    bad = (k < 0) | (m < 0)
    out = lax_special.igamma(jnp.floor(jnp.where(bad, 0.0, k)) + 1.0, jnp.where(bad, 1.0, m))
    return jnp.where(bad, onp.nan, jnp.where(jnp.isposinf(k) & jnp.isfinite(m), 0.0, out))


# ----------------------------------------------------------------------------- inverses
def _igamma_inverse(a: Any, p: Any, q: Any) -> Any:
    """x with P(a, x) = p (equivalently Q(a, x) = q = 1 - p, whichever is smaller drives the
    residual): the classic starting value (a Wilson-Hilferty cube for a > 1, a power law or an
    exponential tail for a <= 1), then Halley steps on the residual."""
    use_q = q < p
    small = jnp.where(use_q, q, p)
    t = jnp.sqrt(-2.0 * jnp.log(small))
    z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
    z = jnp.where(use_q, -z, z)
    a_big = jnp.where(a > 1.0, a, 2.0)
    wh = a_big * (1.0 - 1.0 / (9.0 * a_big) + z / (3.0 * jnp.sqrt(a_big))) ** 3
    x_big = jnp.maximum(1e-3, wh)
    a_sm = jnp.where(a > 1.0, 0.5, a)
    tt = 1.0 - a_sm * (0.253 + a_sm * 0.12)
    x_sm = jnp.where(
        p < tt, (p / tt) ** (1.0 / a_sm), 1.0 - jnp.log(jnp.maximum(q / (1.0 - tt), 1e-300))
    )
    x = jnp.where(a > 1.0, x_big, x_sm)
    # Far lower tail: P(a, x) ~ x^a / Gamma(a + 1), a lower bound on the root.
    x_pow = jnp.exp((jnp.log(p) + lax_special.lgamma(a + 1.0)) / a)
    x = jnp.where(~use_q & (x_pow < 0.3 * a), x_pow, x)
    lga = lax_special.lgamma(a)
    # Far upper tail: Q(a, x) ~ x^(a-1) e^-x / Gamma(a), solved by fixed-point steps.
    x_up = jnp.maximum(-jnp.log(small) - lga, 1.0)
    for _ in range(4):
        x_up = jnp.maximum(-jnp.log(small) - lga + (a - 1.0) * jnp.log(x_up), 1.0)
    x = jnp.where(use_q & (small < 1e-8) & (x_up > 2.0 * a), x_up, x)
    # Newton on the log of the smaller tail: concave-ish and scale free in both tails.
    log_target = jnp.log(small)
    for _ in range(6):
        x = jnp.maximum(x, 1e-300)
        tail = jnp.where(use_q, lax_special.igammac(a, x), lax_special.igamma(a, x))
        log_dens = (a - 1.0) * jnp.log(x) - x - lga
        slope = jnp.exp(log_dens - jnp.log(tail))  # |d log(tail) / dx|
        step = (jnp.log(tail) - log_target) / jnp.where(slope > 0, slope, 1.0)
        x_new = jnp.where(use_q, x + step, x - step)
        ok = (tail > 0) & jnp.isfinite(step)
        x = jnp.where(ok, jnp.where(x_new <= 0, 0.5 * x, x_new), jnp.where(use_q, 0.9 * x, x))
    # Roots below the smallest normal number: the power law (SciPy rounds them to 0).
    return jnp.where(~use_q & (x_pow < 1e-300), x_pow, x)


def _gammaincinv_common(a: Any, p: Any, q: Any) -> Any:
    bad = jnp.isnan(a) | jnp.isnan(p) | (a <= 0) | (p < 0) | (q < 0)
    ok = ~bad & (p > 0) & (q > 0)
    a_s = jnp.where(ok, a, 1.0)
    p_s, q_s = jnp.where(ok, p, 0.5), jnp.where(ok, q, 0.5)
    x = _igamma_inverse(a_s, p_s, q_s)
    edge = jnp.where(p == 0, 0.0, onp.inf)
    return jnp.where(bad, onp.nan, jnp.where(ok, x, edge))


def _inverse_density(a: Any, x: Any) -> Any:
    # 1 / (dP/dx) = Gamma(a) x^(1 - a) e^x
    return jnp.exp(lax_special.lgamma(a) + (1.0 - a) * jnp.log(x) + x)


@custom_jvp
def _gammaincinv(a: Any, y: Any) -> Any:
    return _util.via_float64(lambda a, y: _gammaincinv_common(a, y, 1.0 - y))(a, y)


@custom_jvp
def _gammainccinv(a: Any, y: Any) -> Any:
    return _util.via_float64(lambda a, y: _gammaincinv_common(a, 1.0 - y, y))(a, y)


# Implicit differentiation of P(a, x) = y: dx/dy = 1 / P_x, dx/da = -P_a / P_x.
_gammaincinv.defjvps(
    lambda g, x, a, y: -g * lax_special.igamma_grad_a(a, x) * _inverse_density(a, x),
    lambda g, x, a, y: g * _inverse_density(a, x),
)
_gammainccinv.defjvps(
    lambda g, x, a, y: -g * lax_special.igamma_grad_a(a, x) * _inverse_density(a, x),
    lambda g, x, a, y: -g * _inverse_density(a, x),
)


def gammaincinv(a: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``gammainc`` in ``x``: ``gammainc(a, gammaincinv(a, y)) == y``. Found by
    Newton's method on the log of the smaller tail (6 steps, in float64), differentiated
    implicitly (a ``custom_jvp``)."""
    a, y = _util.float_args("gammaincinv", a, y)
    return _gammaincinv(a, y)


def gammainccinv(a: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``gammaincc`` in ``x``."""
    a, y = _util.float_args("gammainccinv", a, y)
    return _gammainccinv(a, y)
