"""The Faddeeva function ``wofz(z) = exp(-z^2) erfc(-i z)`` and the Voigt profile over it
(``scipy.special.wofz``, ``voigt_profile``).

For ``Im z > 0``, ``w(z) = (i/pi) integral exp(-t^2) / (z - t) dt``; the trapezoidal rule with
step ``h = 1/2`` on the nodes ``t_n = (n + delta) h`` (``delta`` 0 or 1/2, chosen per element
so that ``Re z`` lies at least ``h/4`` from every node) plus the residue of the pole at
``t = z`` is exact up to ``exp(-pi^2/h^2) = 7e-18`` (Chiarella and Reichel 1968; Matta and
Reichel 1971):
``w(z) = (2 i h z / pi) sum_n' exp(-t_n^2) / (z^2 - t_n^2) + 2 exp(-z^2) / (1 -+ exp(-2 pi i
z / h))`` (the residue only for ``Im z < pi/h``; ``'``: half weight at ``t = 0``). The
symmetric pairing keeps the imaginary part's relative accuracy at small ``Re z``, and on the
real axis the residue term is exactly ``exp(-x^2)`` in the real part. 14 nodes reach
``exp(-t^2) < 1e-17``. Other quadrants by ``w(-conj z) = conj w(z)`` and ``w(-z) = 2 exp(-z^2)
- w(z)``; ``|z| > 1e8`` by the asymptotic series ``i / (sqrt(pi) z) (1 + 1/(2 z^2))``.
The derivative is the closed form ``w'(z) = -2 z w(z) + 2 i / sqrt(pi)`` (``custom_jvp``).
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util
from xnp._src.scipy.special import _util
from xnp._src.typing import ArrayLike

_H = 0.5
_NODES = 14
_SQRT_PI = float(onp.sqrt(onp.pi))
_ASYMPTOTIC = 1e8


def _upper_right(x: Any, y: Any) -> Any:
    """``w(x + i y)`` for ``x, y >= 0``."""
    z = x + 1j * y
    frac = x / _H - jnp.floor(x / _H)
    offset = jnp.where((frac > 0.25) & (frac < 0.75), 0.0, 0.5)
    z2 = z * z
    total = jnp.zeros_like(z)
    for n in range(_NODES):
        t = (n + offset) * _H
        weight = jnp.where(t == 0.0, 0.5, 1.0) * jnp.exp(-t * t)
        total = total + weight / (z2 - t * t)
    total = total * (2j * _H / onp.pi) * z
    near = y < onp.pi / _H
    zn = jnp.where(near, x, 0.0) + 1j * jnp.where(near, y, 0.0)
    e = jnp.exp(-2j * onp.pi / _H * zn)
    residue = 2.0 * jnp.exp(-zn * zn) / jnp.where(offset == 0.0, 1.0 - e, 1.0 + e)
    out = total + jnp.where(near, residue, 0.0)
    far = jnp.abs(z) > _ASYMPTOTIC
    zf = jnp.where(far, z, 1.0)
    asym = 1j / (_SQRT_PI * zf) * (1.0 + 0.5 / (zf * zf))
    return jnp.where(far, asym, out)


def _wofz_impl(z: Any) -> Any:
    x, y = jnp.real(z), jnp.imag(z)
    ax, ay = jnp.abs(x), jnp.abs(y)
    finite = jnp.isfinite(ax) & jnp.isfinite(ay)
    base = _upper_right(jnp.where(finite, ax, 1.0), jnp.where(finite, ay, 1.0))
    upper = jnp.where(x < 0, jnp.conj(base), base)  # w(x + i|y|)
    mirrored = jnp.where(x > 0, jnp.conj(base), base)  # w(-x + i|y|) = w(-z) for y < 0
    e = jnp.exp(-z * z)  # by parts: (2 + 0i) (inf + inf i) would be NaN, SciPy's is inf
    lower = lax.complex(
        2.0 * jnp.real(e) - jnp.real(mirrored), 2.0 * jnp.imag(e) - jnp.imag(mirrored)
    )
    out = jnp.where(y < 0, lower, upper)
    # SciPy at infinity: 0 for finite y or y = +inf; y = -inf: inf at x = 0, else NaN
    at_inf = jnp.where(jnp.isfinite(y) | (y > 0), 0.0, jnp.where(x == 0, onp.inf, onp.nan))
    at_inf = at_inf + 0j
    out = jnp.where(finite, out, at_inf)
    return jnp.where(jnp.isnan(x) | jnp.isnan(y), onp.nan + 1j * onp.nan, out)


@custom_jvp
def _wofz(z: Any) -> Any:
    if z.dtype == onp.complex128:
        return _wofz_impl(z)
    return _wofz_impl(z.astype(onp.complex128)).astype(z.dtype)


_wofz.defjvps(lambda g, w, z: g * (-2.0 * z * w + 2j / _SQRT_PI))


def wofz(z: ArrayLike) -> Any:
    """The Faddeeva function ``w(z) = exp(-z^2) erfc(-i z)``, mirroring
    ``scipy.special.wofz``: complex64 for complex64 input, complex128 otherwise (SciPy's
    loops). Holomorphic; its derivative is ``-2 z w(z) + 2i / sqrt(pi)``."""
    (z,) = util.promote_args("wofz", z)
    target = onp.complex64 if z.dtype == onp.complex64 else onp.complex128
    return _wofz(lax_shapes.convert_element_type(z, onp.dtype(target), False))


def _voigt_impl(x: Any, sigma: Any, gamma: Any) -> Any:
    # Re w((x + i gamma) / (sigma sqrt 2)) / (sigma sqrt(2 pi)), literally as SciPy (also for
    # negative sigma or gamma); sigma = 0: the Lorentzian, and a delta when gamma = 0 too
    s0 = sigma == 0.0
    ss = jnp.where(s0, 1.0, sigma)
    scale = ss * float(onp.sqrt(2.0))
    z = lax.complex(x / scale, gamma / scale)
    v = jnp.real(_wofz(z)) / (scale * _SQRT_PI)
    lorentz = gamma / (onp.pi * (x * x + gamma * gamma))
    delta = jnp.where(x == 0.0, onp.inf, 0.0)
    out = jnp.where(s0, jnp.where(gamma == 0.0, delta, lorentz), v)
    return jnp.where(jnp.isnan(x) | jnp.isnan(sigma) | jnp.isnan(gamma), onp.nan, out)


def voigt_profile(x: ArrayLike, sigma: ArrayLike, gamma: ArrayLike) -> Any:
    """The Voigt profile, the convolution of a normal density (``sigma``) and a Cauchy
    density (``gamma``), mirroring ``scipy.special.voigt_profile``; differentiable through
    ``wofz``."""
    x, sigma, gamma = _util.float_args("voigt_profile", x, sigma, gamma)
    return _util.via_float64(_voigt_impl)(x, sigma, gamma)


_FRESNEL_SERIES = 1.5
_FRESNEL_TERMS = 32


def _half_pi_square_phase(x: Any) -> Any:
    """``pi x^2 / 2`` reduced modulo ``2 pi``: ``x = hi + lo`` with ``hi`` of 26 bits, so
    ``hi^2`` is exact and is reduced modulo 4 exactly before the small ``2 hi lo + lo^2``."""
    c = x * 134217729.0  # 2**27 + 1 (Veltkamp's split)
    hi = c - (c - x)
    lo = x - hi
    r = jnp.fmod(hi * hi, 4.0) + jnp.fmod(2.0 * hi * lo + lo * lo, 4.0)
    return 0.5 * onp.pi * jnp.fmod(r, 4.0)


def _fresnel_impl(x: Any) -> tuple[Any, Any]:
    ax = jnp.abs(x)
    finite = jnp.isfinite(ax)
    small = ax < _FRESNEL_SERIES
    # |x| < 1.5: the Taylor series in t = pi x^2 / 2 (terms up to e^t / sqrt(t): < 1 digit)
    xs = jnp.where(small, ax, 0.0)
    t = 0.5 * onp.pi * xs * xs
    term = xs
    s_sum, c_sum = jnp.zeros_like(xs), jnp.zeros_like(xs)
    for k in range(_FRESNEL_TERMS):  # term = x t^k / k!
        if k % 4 in (0, 2):
            c_sum = c_sum + (1.0 if k % 4 == 0 else -1.0) * term / (2 * k + 1)
        else:
            s_sum = s_sum + (1.0 if k % 4 == 1 else -1.0) * term / (2 * k + 1)
        term = term * t / (k + 1)
    # otherwise C + i S = (1 + i)/2 (1 - exp(i pi x^2 / 2) w(sqrt(pi) (1 + i) x / 2)),
    # from erf(z) = 1 - exp(-z^2) w(i z) at z = sqrt(pi) (1 - i) x / 2
    xl = jnp.where(small | ~finite, 2.0, ax)
    a = 0.5 * _SQRT_PI * xl
    w = _wofz_impl(lax.complex(a, a))
    phase = _half_pi_square_phase(xl)
    rot = lax.complex(jnp.cos(phase), jnp.sin(phase)) * w
    one_minus = lax.complex(1.0 - jnp.real(rot), -jnp.imag(rot))
    cs = lax.complex(0.5 * jnp.ones_like(xl), 0.5 * jnp.ones_like(xl)) * one_minus
    s = jnp.where(small, s_sum, jnp.where(finite, jnp.imag(cs), 0.5))
    c = jnp.where(small, c_sum, jnp.where(finite, jnp.real(cs), 0.5))
    neg, nan = x < 0, jnp.isnan(x)
    return jnp.where(nan, x, jnp.where(neg, -s, s)), jnp.where(nan, x, jnp.where(neg, -c, c))


@custom_jvp
def _fresnel(x: Any) -> tuple[Any, Any]:
    return _util.via_float64(_fresnel_impl)(x)


def _fresnel_dx(g: Any, ans: Any, x: Any) -> tuple[Any, Any]:
    phase = _util.via_float64(_half_pi_square_phase)(jnp.abs(x))
    return g * jnp.sin(phase), g * jnp.cos(phase)


_fresnel.defjvps(_fresnel_dx)


def fresnel(x: ArrayLike) -> tuple[Any, Any]:
    """The Fresnel integrals ``(S(x), C(x))``, ``S = integral_0^x sin(pi t^2 / 2) dt`` and
    ``C`` with ``cos``, mirroring ``scipy.special.fresnel`` for real ``x`` (complex ``x`` is
    not supported): the Taylor series for ``|x| < 1.5``, else ``wofz`` with ``pi x^2 / 2``
    reduced exactly."""
    (x,) = _util.float_args("fresnel", x)
    return _fresnel(x)
