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
