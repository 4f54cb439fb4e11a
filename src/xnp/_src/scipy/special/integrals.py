"""Error-function relatives and exponential, trigonometric and hyperbolic integrals:
``erfcx``, ``erfi``, ``dawsn``, ``expi``, ``exp1``, ``expn``, ``spence``, ``sici``, ``shichi``.

Each one selects, with ``where``, between a convergent power series (small arguments), a
continued fraction evaluated backwards to a fixed depth, and an asymptotic expansion truncated
before its smallest term (large arguments); the cut points are where each reaches float64
rounding with the term counts used (checked against SciPy in compat_tests). float32 inputs are
evaluated in float64. ``exp(+-x**2)`` is split so that ``x**2`` does not round. Derivatives
are the closed forms (``custom_jvp``): they need no differentiation of the truncated series.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import elementwise as lax
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util
from xnp._src.typing import ArrayLike

_EULER = _kernels.EULER
_TWO_OVER_SQRT_PI = 2.0 / _kernels.SQRT_PI
_PI2_6 = math.pi**2 / 6.0


# ----------------------------------------------------------------------------- erfcx, erfi, dawsn
def _erfcx_impl(x: Any) -> Any:
    # x < 12: exp(x**2) erfc(x) (erfc is relative-accurate, exp(x**2) split); beyond, the
    # asymptotic series 1/(x sqrt(pi)) sum (-1)^k (2k-1)!! / (2x^2)^k: at x = 12 its 12th
    # term is below 1e-17.
    big = x >= 12.0
    xs = jnp.where(big, 0.0, x)
    direct = _kernels.exp_square(xs, 1.0) * lax.erfc(xs)
    xb = jnp.where(big, x, 12.0)
    inv = 1.0 / xb
    r = 0.5 * inv * inv
    term, total = jnp.ones_like(xb), jnp.ones_like(xb)
    for k in range(1, 13):
        term = -term * (2 * k - 1) * r
        total = total + term
    asym = total * inv / _kernels.SQRT_PI
    return jnp.where(big, asym, direct)


@custom_jvp
def _erfcx(x: Any) -> Any:
    return _util.via_float64(_erfcx_impl)(x)


_erfcx.defjvps(lambda g, ans, x: g * (2.0 * x * ans - _TWO_OVER_SQRT_PI))


def erfcx(x: ArrayLike) -> Any:
    """The scaled complementary error function ``exp(x**2) erfc(x)``."""
    (x,) = _util.float_args("erfcx", x)
    return _erfcx(x)


_DAWSON_CUT = 6.5


def _dawson_series(x: Any) -> Any:
    """``sum x^(2k+1) / (k! (2k+1))``, the positive series of ``exp(x**2) D(x)``, for
    ``|x| < 6.5`` (110 terms: the Poisson tail beyond k = 110 of mean 42 is below 1e-16)."""
    x2 = x * x

    def body(k: Any, state: tuple) -> tuple:
        term, total = state  # x^(2k+1) / k!
        term = term * x2 / k
        return term, total + term / (2.0 * k + 1.0)

    return _kernels.repeat(110, body, (x, x), x)[1]


def _dawson_asym(x: Any) -> Any:
    # D(x) ~ 1/(2x) sum (2k-1)!! / (2x^2)^k; at |x| = 6.5 the 30th term is 5e-18.
    inv = 1.0 / x
    r = 0.5 * inv * inv
    term, total = jnp.ones_like(x), jnp.ones_like(x)
    for k in range(1, 31):
        term = term * (2 * k - 1) * r
        total = total + term
    return 0.5 * inv * total


def _dawsn_impl(x: Any) -> Any:
    big = jnp.abs(x) >= _DAWSON_CUT
    xs = jnp.where(big, 0.0, x)
    xb = jnp.where(big, x, _DAWSON_CUT)
    small = _kernels.exp_square(xs, -1.0) * _dawson_series(xs)
    return jnp.where(big, _dawson_asym(xb), small)


@custom_jvp
def _dawsn(x: Any) -> Any:
    return _util.via_float64(_dawsn_impl)(x)


_dawsn.defjvps(lambda g, ans, x: g * (1.0 - 2.0 * x * ans))


def dawsn(x: ArrayLike) -> Any:
    """Dawson's integral ``exp(-x**2) * integral_0^x exp(t**2) dt``."""
    (x,) = _util.float_args("dawsn", x)
    return _dawsn(x)


def _erfi_impl(x: Any) -> Any:
    # erfi = 2/sqrt(pi) exp(x^2) D(x): the series of exp(x^2) D(x) directly for |x| < 6.5.
    big = jnp.abs(x) >= _DAWSON_CUT
    xs = jnp.where(big, 0.0, x)
    xb = jnp.where(big & jnp.isfinite(x), x, _DAWSON_CUT)
    large = _kernels.exp_square(xb, 1.0) * _dawson_asym(xb)
    out = _TWO_OVER_SQRT_PI * jnp.where(big, large, _dawson_series(xs))
    return jnp.where(jnp.isinf(x), x, out)


@custom_jvp
def _erfi(x: Any) -> Any:
    return _util.via_float64(_erfi_impl)(x)


_erfi.defjvps(lambda g, ans, x: g * _TWO_OVER_SQRT_PI * _kernels.exp_square(x, 1.0))


def erfi(x: ArrayLike) -> Any:
    """The imaginary error function ``-i erf(i x)``."""
    (x,) = _util.float_args("erfi", x)
    return _erfi(x)


# ------------------------------------------------------------------------ exponential integrals
def _e1_series(x: Any) -> Any:
    """``E1(x) = -gamma - log x - sum (-x)^k / (k k!)`` for ``0 < x <= 1`` (26 terms)."""
    term = jnp.ones_like(x)
    total = jnp.zeros_like(x)
    for k in range(1, 27):
        term = -term * x / k
        total = total + term / k
    return -_EULER - jnp.log(x) - total


def _en_fraction(n: Any, x: Any, depth: int) -> Any:
    """``E_n(x) = exp(-x) / (x + n - 1 n / (x + n + 2 - 2 (n + 1) / (x + n + 4 - ...)))``,
    evaluated backwards from ``depth`` terms (110 reach rounding at x = 1, n = 1)."""

    def body(i: Any, t: Any) -> Any:
        k = (depth + 1) - i  # depth, ..., 1
        return k * (n + (k - 1.0)) / (x + n + 2.0 * k - t)

    t = _kernels.repeat(depth, body, jnp.zeros_like(x), x)
    return jnp.exp(-x) / (x + n - t)


def _e1(x: Any) -> Any:
    """``E1`` for ``x > 0`` (any value; NaN passes through)."""
    small = x <= 1.0
    xs = jnp.where(small, x, 1.0)
    xl = jnp.where(small, 2.0, x)
    return jnp.where(small, _e1_series(xs), _en_fraction(1.0, xl, 110))


def _ei_positive(x: Any) -> Any:
    """``Ei`` for ``x > 0``: ``gamma + log x + sum x^k / (k k!)`` up to 40 (110 terms), then
    ``exp(x)/x sum k!/x^k`` (its smallest term, at k = 40, is 7e-17)."""
    small = x <= 40.0
    xs = jnp.where(small, x, 1.0)

    def body(k: Any, state: tuple) -> tuple:
        term, total = state
        term = term * xs / k
        return term, total + term / k

    total = _kernels.repeat(110, body, (jnp.ones_like(xs), jnp.zeros_like(xs)), xs)[1]
    series = _EULER + jnp.log(xs) + total
    xl = jnp.where(small | jnp.isposinf(x), 50.0, x)
    inv = 1.0 / xl
    term, asum = jnp.ones_like(xl), jnp.ones_like(xl)
    for k in range(1, 41):
        term = term * k * inv
        asum = asum + term
    asym = jnp.exp(xl) * inv * asum
    return jnp.where(small, series, jnp.where(jnp.isposinf(x), onp.inf, asym))


def _exp1_impl(x: Any) -> Any:
    pos = x > 0
    out = _e1(jnp.where(pos, x, 1.0))
    out = jnp.where(x == 0, onp.inf, out)
    return jnp.where(x < 0, onp.nan, jnp.where(jnp.isnan(x), x, out))


@custom_jvp
def _exp1(x: Any) -> Any:
    return _util.via_float64(_exp1_impl)(x)


_exp1.defjvps(lambda g, ans, x: -g * jnp.exp(-x) / x)


def exp1(x: ArrayLike) -> Any:
    """The exponential integral ``E1(x) = integral_1^inf exp(-x t) / t dt`` for real ``x >= 0``
    (NaN for x < 0, as SciPy's real loop)."""
    (x,) = _util.float_args("exp1", x)
    return _exp1(x)


def _expi_impl(x: Any) -> Any:
    pos = x > 0
    neg = x < 0
    ei = _ei_positive(jnp.where(pos, x, 1.0))
    e1 = _e1(jnp.where(neg, -x, 1.0))
    out = jnp.where(pos, ei, -e1)
    return jnp.where(x == 0, -onp.inf, jnp.where(jnp.isnan(x), x, out))


@custom_jvp
def _expi(x: Any) -> Any:
    return _util.via_float64(_expi_impl)(x)


_expi.defjvps(lambda g, ans, x: g * jnp.exp(x) / x)


def expi(x: ArrayLike) -> Any:
    """The exponential integral ``Ei(x)`` (the principal value for x > 0, ``-E1(-x)`` for
    x < 0)."""
    (x,) = _util.float_args("expi", x)
    return _expi(x)


_EN_TERMS = 30  # series terms for x <= 1 (1/30! = 4e-33)


def _en_series(n: Any, x: Any) -> Any:
    """``E_n(x)`` for integer ``n >= 1`` and ``0 < x <= 1``:
    ``(-x)^(n-1)/(n-1)! (psi(n) - log x) - sum_{k != n-1} (-x)^k / ((k - n + 1) k!)``."""
    term = jnp.ones_like(x)  # (-x)^k / k!
    total = jnp.zeros_like(x)
    psi = jnp.full_like(x, -_EULER)  # psi(k + 1), for the k = n - 1 term
    log_x = jnp.log(x)
    for k in range(_EN_TERMS + 1):
        if k > 0:
            term = -term * x / k
            psi = psi + 1.0 / k
        at = n == k + 1
        denom = jnp.where(at, 1.0, k + 1.0 - n)
        total = total + jnp.where(at, term * (psi - log_x), -term / denom)
    return total


def _expn_impl(n: Any, x: Any) -> Any:
    n = jnp.trunc(n)
    ok = (n >= 0) & (x >= 0) & jnp.isfinite(n)
    pos = ok & (x > 0) & (n >= 1)
    small = pos & (x <= 1.0)
    ns = jnp.where(pos, n, 1.0)
    out = jnp.where(
        small,
        _en_series(ns, jnp.where(small, x, 0.5)),
        _en_fraction(ns, jnp.where(pos & ~small, x, 2.0), 110),
    )
    xz = jnp.where(x > 0, x, 1.0)
    out = jnp.where(n == 0, jnp.exp(-xz) / xz, out)
    at_zero = jnp.where(n > 1, 1.0 / jnp.where(n > 1, n - 1.0, 1.0), onp.inf)
    out = jnp.where(x == 0, at_zero, out)
    return jnp.where(ok & ~jnp.isnan(x), out, onp.nan)


@custom_jvp
def _expn(n: Any, x: Any) -> Any:
    return _util.via_float64(_expn_impl)(n, x)


def _expn_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # E_n' = -E_(n-1); E_0 = exp(-x)/x, whose derivative is -exp(-x) (x + 1) / x^2.
    e0_prime = -jnp.exp(-x) * (x + 1.0) / (x * x)
    return g * jnp.where(jnp.trunc(n) == 0, e0_prime, -_expn(jnp.maximum(n - 1.0, 0.0), x))


_expn.defjvps(None, _expn_dx)


def expn(n: ArrayLike, x: ArrayLike) -> Any:
    """The generalized exponential integral ``E_n(x) = integral_1^inf exp(-x t) / t^n dt`` for
    integer ``n >= 0`` (a float ``n`` is truncated, as SciPy's loop) and ``x >= 0``. Not
    differentiable in ``n``."""
    _kernels.check_integer_order("expn", "n", n)
    n, x = _util.float_args("expn", n, x)
    return _expn(n, x)


# ----------------------------------------------------------------------------- spence
def _bernoulli_dilog_coeffs(count: int) -> tuple[float, ...]:
    """``B_2j / (2j + 1)!`` for j = 1..count, from the Bernoulli numbers' recurrence
    ``sum_{k<m} C(m+1, k) B_k = -(m+1) B_m`` in exact rationals."""
    b = [Fraction(1)]
    for m in range(1, 2 * count + 1):
        b.append(-sum(Fraction(math.comb(m + 1, k)) * b[k] for k in range(m)) / (m + 1))
    return tuple(float(b[2 * j] / math.factorial(2 * j + 1)) for j in range(1, count + 1))


# Li2(z) = sum_k B_k u^(k+1) / (k+1)! with u = -log(1 - z) (|u| < 2 pi); for |u| <= log 4 the
# terms fall as (u / 2 pi)^2 < 0.05 per step, so 16 reach 1e-21.
_DILOG = _bernoulli_dilog_coeffs(16)


def _dilog_small(u: Any) -> Any:
    """``Li2(1 - exp(-u))`` for ``|u| <= log 4``."""
    u2 = u * u
    acc = jnp.zeros_like(u)
    for c in reversed(_DILOG):
        acc = acc * u2 + c
    return u - 0.25 * u2 + u * u2 * acc


def _spence_unit(x: Any) -> Any:
    """``spence(x) = Li2(1 - x)`` for ``0 <= x <= 2``."""
    mid = x >= 0.25
    # 1/4 <= x <= 2: Li2(1 - x) with u = -log(x).
    xm = jnp.where(mid, x, 1.0)
    val_mid = _dilog_small(-jnp.log(xm))
    # 0 <= x < 1/4: the reflection Li2(1 - x) = pi^2/6 - log(x) log(1 - x) - Li2(x), where
    # Li2(x) has u = -log1p(-x).
    xs = jnp.where(mid, 0.125, x)
    l1 = jnp.log1p(-xs)
    prod = jnp.where(xs == 0, 0.0, jnp.log(jnp.where(xs == 0, 1.0, xs)) * l1)
    val_small = _PI2_6 - prod - _dilog_small(-l1)
    return jnp.where(mid, val_mid, val_small)


def _spence_impl(x: Any) -> Any:
    big = x > 2.0
    xu = jnp.where(big, 1.0, x)
    xb = jnp.where(big & jnp.isfinite(x), x, 4.0)
    lb = jnp.log(xb)
    # Li2(1 - x) + Li2(1 - 1/x) = -log(x)^2 / 2
    large = -_spence_unit(1.0 / xb) - 0.5 * lb * lb
    out = jnp.where(big, large, _spence_unit(jnp.where(x < 0, 1.0, xu)))
    return jnp.where((x < 0) | jnp.isnan(x) | jnp.isposinf(x), onp.nan, out)


@custom_jvp
def _spence(x: Any) -> Any:
    return _util.via_float64(_spence_impl)(x)


def _spence_dx(g: Any, ans: Any, x: Any) -> Any:
    near = jnp.abs(x - 1.0) < 1e-8
    xd = jnp.where(near, 2.0, x)
    return g * jnp.where(near, -1.0 + 0.5 * (x - 1.0), jnp.log(xd) / (1.0 - xd))


_spence.defjvps(_spence_dx)


def spence(z: ArrayLike) -> Any:
    """Spence's function (the dilogarithm) ``integral_1^z log(t) / (1 - t) dt`` for real
    ``z >= 0`` (NaN below, as SciPy's real loop)."""
    (z,) = _util.float_args("spence", z)
    return _spence(z)


# ----------------------------------------------------------------------------- sici, shichi
_SICI_CUT = 2.0


def _sici_series(x: Any) -> tuple[Any, Any]:
    """``Si = sum (-1)^k x^(2k+1) / ((2k+1) (2k+1)!)``, ``Ci = gamma + log x + sum
    (-1)^k x^(2k) / (2k (2k)!)`` for ``0 < x <= 2`` (16 terms each)."""
    x2 = x * x
    term = x  # (-1)^k x^(2k+1) / (2k+1)!
    si = x
    cterm = jnp.ones_like(x)  # (-1)^k x^(2k) / (2k)!
    ci = jnp.zeros_like(x)
    for k in range(1, 17):
        cterm = -cterm * x2 / ((2 * k - 1) * (2 * k))
        ci = ci + cterm / (2 * k)
        term = -term * x2 / ((2 * k) * (2 * k + 1))
        si = si + term / (2 * k + 1)
    return si, _EULER + jnp.log(x) + ci


def _sici_fraction(x: Any) -> tuple[Any, Any]:
    """``E1(ix) = -Ci(x) + i (Si(x) - pi/2)`` from E1's continued fraction in complex
    arithmetic (real and imaginary parts), 120 terms deep (rounding at x = 2)."""

    def body(i: Any, t: tuple) -> tuple:
        # t = k^2 / (i x + 2k + 1 - t), k = 120, ..., 1
        k = 121.0 - i
        dr, di = (2.0 * k + 1.0) - t[0], x - t[1]
        den = dr * dr + di * di
        return k * k * dr / den, -k * k * di / den

    tr, ti = _kernels.repeat(120, body, (jnp.zeros_like(x), jnp.zeros_like(x)), x)
    dr, di = 1.0 - tr, x - ti
    den = dr * dr + di * di
    wr, wi = dr / den, -di / den  # 1 / (i x + 1 - t)
    c, s = jnp.cos(x), jnp.sin(x)
    er = c * wr + s * wi  # exp(-i x) w
    ei = c * wi - s * wr
    return 0.5 * math.pi + ei, -er


def _sici_impl(x: Any) -> tuple[Any, Any]:
    ax = jnp.abs(x)
    small = ax <= _SICI_CUT
    fin = jnp.isfinite(ax)
    si_s, ci_s = _sici_series(jnp.where(small & (ax > 0), ax, 1.0))
    si_l, ci_l = _sici_fraction(jnp.where(small | (ax > 1e100), 10.0, ax))
    # x > 1e100: the fraction's complex division would overflow; Si = pi/2 - cos(x)/x and
    # Ci = sin(x)/x to rounding there.
    huge = ax > 1e100
    xh = jnp.where(huge & fin, ax, 1e100)
    si_l = jnp.where(huge, 0.5 * math.pi - jnp.cos(xh) / xh, si_l)
    ci_l = jnp.where(huge, jnp.sin(xh) / xh, ci_l)
    si = jnp.where(small, si_s, jnp.where(fin, si_l, 0.5 * math.pi))
    ci = jnp.where(small, ci_s, jnp.where(fin, ci_l, 0.0))
    si = jnp.where(ax == 0, 0.0, si)
    ci = jnp.where(ax == 0, -onp.inf, ci)
    si = jnp.where(jnp.isnan(x), x, jnp.copysign(si, x))
    si = jnp.where(x == 0, 0.0, si)  # SciPy: +0 at -0
    ci = jnp.where(jnp.isnan(x) | jnp.isneginf(x), onp.nan, ci)
    return si, ci


@custom_jvp
def _sici(x: Any) -> tuple[Any, Any]:
    return _util.via_float64(_sici_impl)(x)


def _sici_dx(g: Any, ans: Any, x: Any) -> tuple[Any, Any]:
    xz = jnp.where(x == 0, 1.0, x)
    return g * jnp.where(x == 0, 1.0, jnp.sin(xz) / xz), g * jnp.cos(x) / x


_sici.defjvps(_sici_dx)


def sici(x: ArrayLike) -> tuple[Any, Any]:
    """The sine and cosine integrals ``(Si(x), Ci(x))``; for x < 0, Ci is the real part
    ``Ci(|x|)`` (SciPy's real loop)."""
    (x,) = _util.float_args("sici", x)
    return _sici(x)


def _shichi_impl(x: Any) -> tuple[Any, Any]:
    ax = jnp.abs(x)
    small = ax <= 1.0
    xs = jnp.where(small & (ax > 0), ax, 0.5)
    x2 = xs * xs
    term, cterm = xs, jnp.ones_like(xs)
    shi, chi = xs, jnp.zeros_like(xs)
    for k in range(1, 12):  # x <= 1: the 11th terms are below 1e-20
        cterm = cterm * x2 / ((2 * k - 1) * (2 * k))
        chi = chi + cterm / (2 * k)
        term = term * x2 / ((2 * k) * (2 * k + 1))
        shi = shi + term / (2 * k + 1)
    chi = _EULER + jnp.log(xs) + chi
    # |x| > 1: Shi = (Ei + E1) / 2, Chi = (Ei - E1) / 2 (Ei(1) = 1.9 > E1(1) = 0.22).
    fin = jnp.isfinite(ax)
    xl = jnp.where(small | ~fin, 2.0, ax)
    ei, e1 = _ei_positive(xl), _e1(xl)
    shi = jnp.where(small, shi, jnp.where(fin, 0.5 * (ei + e1), onp.inf))
    chi = jnp.where(small, chi, jnp.where(fin, 0.5 * (ei - e1), onp.inf))
    shi = jnp.where(ax == 0, 0.0, shi)
    chi = jnp.where(ax == 0, -onp.inf, chi)
    shi = jnp.where(jnp.isnan(x), x, jnp.copysign(shi, x))
    shi = jnp.where(x == 0, 0.0, shi)  # SciPy: +0 at -0
    chi = jnp.where(jnp.isnan(x), x, chi)
    return shi, chi


@custom_jvp
def _shichi(x: Any) -> tuple[Any, Any]:
    return _util.via_float64(_shichi_impl)(x)


def _shichi_dx(g: Any, ans: Any, x: Any) -> tuple[Any, Any]:
    xz = jnp.where(x == 0, 1.0, x)
    return g * jnp.where(x == 0, 1.0, jnp.sinh(xz) / xz), g * jnp.cosh(x) / x


_shichi.defjvps(_shichi_dx)


def shichi(x: ArrayLike) -> tuple[Any, Any]:
    """The hyperbolic sine and cosine integrals ``(Shi(x), Chi(x))``; for x < 0, Chi is the
    real part ``Chi(|x|)`` (SciPy's real loop)."""
    (x,) = _util.float_args("shichi", x)
    return _shichi(x)
