"""Elliptic integrals: Carlson's symmetric forms ``elliprf``, ``elliprd``, ``elliprc``,
``elliprj``, ``elliprg`` and the Legendre forms ``ellipk``, ``ellipkm1``, ``ellipe``,
``ellipkinc``, ``ellipeinc`` (SciPy's parameter ``m = k**2``).

The symmetric forms use Carlson's duplication theorem a fixed number of times (each step
divides the arguments' spread by 4; the first steps also bring widely different arguments
together, so 28 steps cover every ratio float64 holds) and then the degree-7 Taylor series
about the arguments' mean (DLMF 19.36.1-2). Arguments are first scaled by their largest, so
nothing over- or underflows on the way (the functions are homogeneous). The Legendre forms are
written over them (DLMF 19.25), with ``E(m) = 2 R_G(0, 1 - m, 1)`` in a form without
cancellation. The Legendre forms carry their closed-form derivatives (``custom_jvp``); the
symmetric forms are differentiated through the duplication steps.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util
from xnp._src.typing import ArrayLike

_STEPS = 28


def _scale(*args: Any, limit: float = 2.0**1020) -> tuple[Any, Any, list[Any]]:
    """Arguments whose largest is above ``limit`` or below ``1 / limit``, divided by the power
    of 4 that brings it to [1/4, 1) (exactly, and so that no step overflows):
    ``(root, root**2, args / root**2)``, ``root`` a power of 2 (``R_F ~ args**-1/2``)."""
    m = args[0]
    for a in args[1:]:
        m = jnp.maximum(m, a)
    big = ((m > limit) | (m < 1.0 / limit)) & (m > 0) & jnp.isfinite(m)
    _, e = jnp.frexp(jnp.where(big, m, 1.0))
    half = jnp.where(big, (e + 1) // 2, 0)
    root = jnp.ldexp(jnp.ones_like(m), half)
    return root, root * root, [jnp.ldexp(a, -2 * half) for a in args]


def _series7(e2: Any, e3: Any, e4: Any, e5: Any) -> Any:
    # DLMF 19.36.2's polynomial for R_D and R_J.
    return (
        1.0
        - 3.0 * e2 / 14.0
        + e3 / 6.0
        + 9.0 * e2 * e2 / 88.0
        - 3.0 * e4 / 22.0
        - 9.0 * e2 * e3 / 52.0
        + 3.0 * e5 / 26.0
    )


def _rf(x: Any, y: Any, z: Any) -> Any:
    """R_F for non-negative arguments scaled to at most 1 (at most one of them 0)."""

    def body(_: Any, v: tuple) -> tuple:
        x, y, z = v
        sx, sy, sz = jnp.sqrt(x), jnp.sqrt(y), jnp.sqrt(z)
        lam = sx * sy + sy * sz + sz * sx
        return 0.25 * (x + lam), 0.25 * (y + lam), 0.25 * (z + lam)

    x, y, z = _kernels.repeat(_STEPS, body, (x, y, z), x)
    a = (x + y + z) / 3.0
    dx, dy = 1.0 - x / a, 1.0 - y / a
    dz = -(dx + dy)
    e2 = dx * dy - dz * dz
    e3 = dx * dy * dz
    poly = (
        1.0
        - e2 / 10.0
        + e3 / 14.0
        + e2 * e2 / 24.0
        - 3.0 * e2 * e3 / 44.0
        - 5.0 * e2 * e2 * e2 / 208.0
        + 3.0 * e3 * e3 / 104.0
        + e2 * e2 * e3 / 16.0
    )
    return poly / jnp.sqrt(a)


def _rd(x: Any, y: Any, z: Any) -> Any:
    """R_D for scaled arguments (x, y >= 0, at most one 0; z > 0)."""

    def body(_: Any, v: tuple) -> tuple:
        x, y, z, total, fac = v
        sx, sy, sz = jnp.sqrt(x), jnp.sqrt(y), jnp.sqrt(z)
        lam = sx * sy + sy * sz + sz * sx
        total = total + fac / (sz * (z + lam))
        return 0.25 * (x + lam), 0.25 * (y + lam), 0.25 * (z + lam), total, 0.25 * fac

    init = (x, y, z, jnp.zeros_like(x), jnp.ones_like(x))
    x, y, z, total, fac = _kernels.repeat(_STEPS, body, init, x)
    a = (x + y + 3.0 * z) / 5.0
    dx, dy = 1.0 - x / a, 1.0 - y / a
    dz = -(dx + dy) / 3.0
    xy, z2 = dx * dy, dz * dz
    e2 = xy - 6.0 * z2
    e3 = (3.0 * xy - 8.0 * z2) * dz
    e4 = 3.0 * (xy - z2) * z2
    e5 = xy * z2 * dz
    return 3.0 * total + fac * _series7(e2, e3, e4, e5) / (a * jnp.sqrt(a))


def _rc(x: Any, y: Any) -> Any:
    """R_C for x >= 0, y > 0 in closed form (DLMF 19.2.18-19): ``atan(sqrt((y - x) / x)) /
    sqrt(y - x)`` below the diagonal, ``log((sqrt(x) + sqrt(x - y)) / sqrt(y)) / sqrt(x - y)``
    above it, and within 1% of it the Taylor series of DLMF 19.36.8 about the mean (its
    variable is below 0.0034 there, so the degree-7 series is exact to rounding)."""
    near = jnp.abs(y - x) <= 0.01 * y
    below = ~near & (x < y)
    above = ~near & (x > y)
    xb, yb = jnp.abs(jnp.where(below, x, 0.0)), jnp.where(below, y, 1.0)  # -0 is 0
    d_below = yb - xb
    v_below = jnp.arctan(jnp.sqrt(d_below / xb)) / jnp.sqrt(d_below)
    xa, ya = jnp.where(above, x, 2.0), jnp.where(above, y, 1.0)
    d_above = xa - ya
    v_above = jnp.log((jnp.sqrt(xa) + jnp.sqrt(d_above)) / jnp.sqrt(ya)) / jnp.sqrt(d_above)
    xn, yn = jnp.where(near, x, 1.0), jnp.where(near, y, 1.0)
    a = (xn + 2.0 * yn) / 3.0
    t = (yn - xn) / (3.0 * a)
    poly = 1.0 + t * t * (
        0.3 + t * (1.0 / 7.0 + t * (0.375 + t * (9.0 / 22.0 + t * (159.0 / 208.0 + t * 1.125))))
    )
    v_near = poly / jnp.sqrt(a)
    return jnp.where(near, v_near, jnp.where(below, v_below, v_above))


# R_J's steps leave p's ratio to x, y, z unchanged where p dominates them (lambda does not
# involve p), dividing it by 4 per step only; 60 steps cover ratios up to 1e36, and beyond
# 1e32 R_J = 3 R_F(x, y, z) / p to rounding.
_RJ_STEPS = 60


def _rj(x: Any, y: Any, z: Any, p: Any) -> Any:
    """R_J for scaled arguments (x, y, z >= 0, at most one 0; p > 0)."""

    def body(_: Any, v: tuple) -> tuple:
        x, y, z, p, total, fac = v
        sx, sy, sz, sp = jnp.sqrt(x), jnp.sqrt(y), jnp.sqrt(z), jnp.sqrt(p)
        lam = sx * sy + sy * sz + sz * sx
        alpha = p * (sx + sy + sz) + sx * sy * sz
        beta = sp * (p + lam)
        total = total + fac * _rc(alpha * alpha, beta * beta)
        x, y, z, p = 0.25 * (x + lam), 0.25 * (y + lam), 0.25 * (z + lam), 0.25 * (p + lam)
        return x, y, z, p, total, 0.25 * fac

    init = (x, y, z, p, jnp.zeros_like(x), jnp.ones_like(x))
    x, y, z, p, total, fac = _kernels.repeat(_RJ_STEPS, body, init, x)
    a = (x + y + z + 2.0 * p) / 5.0
    dx, dy, dz = 1.0 - x / a, 1.0 - y / a, 1.0 - z / a
    dp = -(dx + dy + dz) / 2.0
    xyz = dx * dy * dz
    e2 = dx * dy + dx * dz + dy * dz - 3.0 * dp * dp
    e3 = xyz + 2.0 * e2 * dp + 4.0 * dp * dp * dp
    e4 = (2.0 * xyz + e2 * dp + 3.0 * dp * dp * dp) * dp
    e5 = xyz * dp * dp
    return 3.0 * total + fac * _series7(e2, e3, e4, e5) / (a * jnp.sqrt(a))


def _any_nan(*args: Any) -> Any:
    out = jnp.isnan(args[0])
    for a in args[1:]:
        out = out | jnp.isnan(a)
    return out


def _zeros(*args: Any) -> Any:
    count = jnp.zeros_like(args[0])
    for a in args:
        count = count + jnp.where(a == 0, 1.0, 0.0)
    return count


def _any_inf(*args: Any) -> Any:
    out = jnp.isinf(args[0])
    for a in args[1:]:
        out = out | jnp.isinf(a)
    return out


# ----------------------------------------------------------------------------- symmetric forms
def _elliprf_impl(x: Any, y: Any, z: Any) -> Any:
    r, _, (xs, ys, zs) = _scale(x, y, z)
    bad = (x < 0) | (y < 0) | (z < 0)
    two_zeros = _zeros(x, y, z) >= 2
    safe = ~bad & ~two_zeros
    out = _rf(*(jnp.where(safe, a, 1.0) for a in (xs, ys, zs))) / r
    out = jnp.where(_any_inf(x, y, z), 0.0, jnp.where(two_zeros, onp.inf, out))
    return jnp.where(bad | _any_nan(x, y, z), onp.nan, out)


def elliprf(x: ArrayLike, y: ArrayLike, z: ArrayLike) -> Any:
    """Carlson's symmetric elliptic integral of the first kind
    ``R_F(x, y, z) = 1/2 integral_0^inf dt / sqrt((t + x)(t + y)(t + z))`` for real
    non-negative arguments (NaN for a negative one; complex is not supported)."""
    x, y, z = _util.float_args("elliprf", x, y, z)
    return _util.via_float64(_elliprf_impl)(x, y, z)


def _elliprd_impl(x: Any, y: Any, z: Any) -> Any:
    r, s, (xs, ys, zs) = _scale(x, y, z)
    bad = (x < 0) | (y < 0) | (z < 0)
    pole = (z == 0) | ((x == 0) & (y == 0))
    safe = ~bad & ~pole
    out = _rd(*(jnp.where(safe, a, 1.0) for a in (xs, ys, zs))) / s / r
    # SciPy's order: z = 0 (inf), an infinity (0), x = y = 0 (inf)
    out = jnp.where(_any_inf(x, y, z), 0.0, jnp.where(pole, onp.inf, out))
    out = jnp.where(z == 0, onp.inf, out)
    return jnp.where(bad | _any_nan(x, y, z), onp.nan, out)


def elliprd(x: ArrayLike, y: ArrayLike, z: ArrayLike) -> Any:
    """Carlson's symmetric elliptic integral of the second kind
    ``R_D(x, y, z) = 3/2 integral_0^inf dt / ((t + z) sqrt((t + x)(t + y)(t + z)))`` for real
    non-negative arguments."""
    x, y, z = _util.float_args("elliprd", x, y, z)
    return _util.via_float64(_elliprd_impl)(x, y, z)


def _rc_any(x: Any, y: Any) -> Any:
    """R_C for x >= 0 and y != 0 (the Cauchy principal value for y < 0: DLMF 19.6.17's
    ``R_C(x, y) = sqrt(x / (x - y)) R_C(x - y, -y)``), unscaled arguments."""
    neg = y < 0
    xa = jnp.where(neg, x - y, x)
    ya = jnp.where(neg, -y, y)
    r, _, (xs, ys) = _scale(xa, ya)
    val = _rc(xs, ys) / r
    factor = jnp.where(neg, jnp.sqrt(x / jnp.where(neg, x - y, 1.0)), 1.0)
    return factor * val


def _elliprc_impl(x: Any, y: Any) -> Any:
    bad = (x < 0) | (y == 0)
    safe = ~bad & jnp.isfinite(x) & jnp.isfinite(y)
    out = _rc_any(jnp.where(safe, x, 1.0), jnp.where(safe, y, 1.0))
    out = jnp.where(safe, out, onp.nan)
    # SciPy: 0 for an infinite argument, even with y NaN, but NaN for x = inf and y < 0
    inf = jnp.isposinf(x) | jnp.isposinf(y)
    return jnp.where(inf & ~jnp.isnan(x) & ~(x < 0) & ~(y < 0) & ~(y == 0), 0.0, out)


def elliprc(x: ArrayLike, y: ArrayLike) -> Any:
    """Carlson's degenerate integral ``R_C(x, y) = R_F(x, y, y)``; for y < 0 its Cauchy
    principal value."""
    x, y = _util.float_args("elliprc", x, y)
    return _util.via_float64(_elliprc_impl)(x, y)


def _elliprj_positive(x: Any, y: Any, z: Any, p: Any) -> Any:
    dominant = p > 1e32 * jnp.maximum(jnp.maximum(x, y), z)
    r, _, (xs, ys, zs) = _scale(x, y, z)
    rf = _rf(xs, ys, zs) / r
    pd = jnp.where(dominant, jnp.maximum(jnp.maximum(x, y), z), p)
    # alpha**2 and beta**2 in _rj grow as the arguments cubed
    r, s, (xs, ys, zs, ps) = _scale(x, y, z, pd, limit=2.0**300)
    return jnp.where(dominant, 3.0 * rf / p, _rj(xs, ys, zs, ps) / s / r)


def _elliprj_impl(x0: Any, y0: Any, z0: Any, p0: Any) -> Any:
    # SciPy's order: NaN or negative x, y, z; two zeros (inf); an infinity (0); p 0 or NaN.
    bad_xyz = (x0 < 0) | (y0 < 0) | (z0 < 0) | _any_nan(x0, y0, z0)
    pole = _zeros(x0, y0, z0) >= 2
    fin = ~_any_inf(x0, y0, z0, p0)
    bad_p = (p0 == 0) | jnp.isnan(p0)
    neg = p0 < 0
    safe = ~bad_xyz & ~pole & fin & ~bad_p
    x, y, z, p = (jnp.where(safe, a, 1.0) for a in (x0, y0, z0, p0))
    # p < 0: DLMF 19.20.14 with x <= y <= z: (y + q) R_J(x, y, z, -q) = (pp - y) R_J(x, y, z,
    # pp) - 3 R_F(x, y, z) + 3 sqrt(x y z / (x z + pp q)) R_C(x z + pp q, pp q), where
    # pp = y + (z - y)(y - x) / (y + q) > 0.
    lo = jnp.minimum(jnp.minimum(x, y), z)
    hi = jnp.maximum(jnp.maximum(x, y), z)
    mid = jnp.maximum(jnp.minimum(x, y), jnp.minimum(jnp.maximum(x, y), z))
    q = jnp.where(neg, -p, 1.0)
    pp = mid + (hi - mid) * (mid - lo) / (mid + q)
    p_pos = jnp.where(neg, pp, p)
    rj = _elliprj_positive(lo, mid, hi, p_pos)
    r, _, (ls, ms, hs) = _scale(lo, mid, hi)
    rf = _rf(ls, ms, hs) / r
    w = lo * hi + pp * q
    rc = _rc_any(w, pp * q)
    pv = ((pp - mid) * rj - 3.0 * rf + 3.0 * jnp.sqrt(lo * mid * hi / w) * rc) / (mid + q)
    out = jnp.where(neg, pv, rj)
    out = jnp.where(bad_p, onp.nan, out)
    out = jnp.where(pole, onp.inf, jnp.where(fin, out, 0.0))
    return jnp.where(bad_xyz, onp.nan, out)


def elliprj(x: ArrayLike, y: ArrayLike, z: ArrayLike, p: ArrayLike) -> Any:
    """Carlson's symmetric elliptic integral of the third kind
    ``R_J(x, y, z, p) = 3/2 integral_0^inf dt / ((t + p) sqrt((t + x)(t + y)(t + z)))``;
    for p < 0 its Cauchy principal value."""
    x, y, z, p = _util.float_args("elliprj", x, y, z, p)
    return _util.via_float64(_elliprj_impl)(x, y, z, p)


def _elliprg_impl(x: Any, y: Any, z: Any) -> Any:
    bad = (x < 0) | (y < 0) | (z < 0)
    # 2 R_G = z R_F - (x - z)(y - z) R_D / 3 + sqrt(x y / z) with z the middle argument, so
    # that -(x - z)(y - z) >= 0: no cancellation (DLMF 19.21.10).
    lo = jnp.minimum(jnp.minimum(x, y), z)
    hi = jnp.maximum(jnp.maximum(x, y), z)
    mid = jnp.maximum(jnp.minimum(x, y), jnp.minimum(jnp.maximum(x, y), z))
    ok = ~bad & (mid > 0) & jnp.isfinite(hi)
    # always scaled to a largest argument near 1: R_D alone may overflow for tiny arguments
    safe = [jnp.where(ok, a, 1.0) for a in (lo, mid, hi)]
    r, _, (ls, ms, hs) = _scale(*safe, limit=1.0)
    rf = _rf(ls, hs, ms)
    rd = _rd(ls, hs, ms)
    val = 0.5 * (ms * rf + (ms - ls) * (hs - ms) * rd / 3.0 + jnp.sqrt(ls * hs / ms))
    out = val * r
    # two arguments 0, or negligible next to the third: R_G = sqrt(hi) / 2
    out = jnp.where((mid == 0) | (ms == 0), 0.5 * jnp.sqrt(hi), out)
    out = jnp.where(jnp.isposinf(hi), onp.inf, out)
    return jnp.where(bad | _any_nan(x, y, z), onp.nan, out)


def elliprg(x: ArrayLike, y: ArrayLike, z: ArrayLike) -> Any:
    """Carlson's completely symmetric elliptic integral of the second kind ``R_G(x, y, z)``
    for real non-negative arguments."""
    x, y, z = _util.float_args("elliprg", x, y, z)
    return _util.via_float64(_elliprg_impl)(x, y, z)


# ----------------------------------------------------------------------------- Legendre forms
def _k_of_y(y: Any) -> Any:
    """``K`` with complementary parameter ``y = 1 - m > 0`` (finite)."""
    r, _, (ys, one, zero) = _scale(y, jnp.ones_like(y), jnp.zeros_like(y))
    return _rf(zero, ys, one) / r


def _e_of_y(y: Any) -> Any:
    """``E`` with complementary parameter ``y = 1 - m > 0`` (finite): ``E = 2 R_G(0, y, 1)``
    with the middle argument last (see elliprg)."""
    r, s, (ys, one, zero) = _scale(y, jnp.ones_like(y), jnp.zeros_like(y))
    k = _rf(zero, ys, one) / r
    # y <= 1: 2 R_G = y R_F(0, 1, y) + y (1 - y) R_D(0, 1, y) / 3
    # y > 1:  2 R_G = R_F(0, y, 1) + (y - 1) R_D(0, y, 1) / 3
    rd_small = _rd(zero, one, ys) / s / r
    rd_big = _rd(zero, ys, one) / s / r
    small = y <= 1.0
    return jnp.where(small, y * k + y * (1.0 - y) * rd_small / 3.0, k + (y - 1.0) * rd_big / 3.0)


def _ellipk_impl(m: Any) -> Any:
    ok = m < 1.0
    y = jnp.where(ok & jnp.isfinite(m), 1.0 - m, 1.0)
    out = jnp.where(jnp.isneginf(m), 0.0, _k_of_y(y))
    out = jnp.where(m == 1.0, onp.inf, out)
    return jnp.where((m > 1.0) | jnp.isnan(m), onp.nan, out)


def _ellipe_impl(m: Any) -> Any:
    ok = m < 1.0
    y = jnp.where(ok & jnp.isfinite(m), 1.0 - m, 1.0)
    out = jnp.where(jnp.isneginf(m), onp.inf, _e_of_y(y))
    out = jnp.where(m == 1.0, 1.0, out)
    return jnp.where((m > 1.0) | jnp.isnan(m), onp.nan, out)


@custom_jvp
def _ellipk(m: Any) -> Any:
    return _util.via_float64(_ellipk_impl)(m)


@custom_jvp
def _ellipe(m: Any) -> Any:
    return _util.via_float64(_ellipe_impl)(m)


def _dk_dm(m: Any, k: Any, e: Any) -> Any:
    # dK/dm = (E - (1 - m) K) / (2 m (1 - m)), pi/8 at m = 0
    m0 = m == 0
    ms = jnp.where(m0, 0.5, m)
    return jnp.where(m0, math.pi / 8.0, (e - (1.0 - ms) * k) / (2.0 * ms * (1.0 - ms)))


def _de_dm(m: Any, k: Any, e: Any) -> Any:
    # dE/dm = (E - K) / (2 m), -pi/8 at m = 0
    m0 = m == 0
    ms = jnp.where(m0, 0.5, m)
    return jnp.where(m0, -math.pi / 8.0, (e - k) / (2.0 * ms))


_ellipk.defjvps(lambda g, k, m: g * _dk_dm(m, k, _ellipe(m)))
_ellipe.defjvps(lambda g, e, m: g * _de_dm(m, _ellipk(m), e))


def ellipk(m: ArrayLike) -> Any:
    """The complete elliptic integral of the first kind ``K(m) = R_F(0, 1 - m, 1)`` (NaN for
    m > 1)."""
    (m,) = _util.float_args("ellipk", m)
    return _ellipk(m)


def _ellipkm1_impl(p: Any) -> Any:
    ok = (p > 0) & jnp.isfinite(p)
    out = _k_of_y(jnp.where(ok, p, 1.0))
    out = jnp.where(p == 0, onp.inf, jnp.where(jnp.isposinf(p), 0.0, out))
    return jnp.where((p < 0) | jnp.isnan(p), onp.nan, out)


@custom_jvp
def _ellipkm1(p: Any) -> Any:
    return _util.via_float64(_ellipkm1_impl)(p)


def _ellipkm1_dp(g: Any, k: Any, p: Any) -> Any:
    e = _util.via_float64(lambda q: _e_of_y(jnp.where(q > 0, q, 1.0)))(p)
    return -g * _dk_dm(1.0 - p, k, e)


_ellipkm1.defjvps(_ellipkm1_dp)


def ellipkm1(p: ArrayLike) -> Any:
    """``K(1 - p)``, accurate for small ``p`` (m near 1)."""
    (p,) = _util.float_args("ellipkm1", p)
    return _ellipkm1(p)


def ellipe(m: ArrayLike) -> Any:
    """The complete elliptic integral of the second kind ``E(m)`` (NaN for m > 1)."""
    (m,) = _util.float_args("ellipe", m)
    return _ellipe(m)


def _amplitude(phi: Any, m: Any) -> tuple[Any, Any, Any, Any, Any]:
    """``phi = k pi + r`` with |r| <= pi/2: ``(k, sin r, cos(r)**2, 1 - m sin(r)**2, ok)``."""
    k = jnp.round(phi / math.pi)
    s0, c0 = jnp.sin(phi), jnp.cos(phi)
    s = jnp.where(jnp.fmod(k, 2.0) == 0, s0, -s0)
    s2 = s * s
    c2 = c0 * c0
    # 1 - m s^2 = c^2 + (1 - m) s^2 has no cancellation for m <= 1.
    delta = jnp.where(m <= 1.0, c2 + (1.0 - m) * s2, 1.0 - m * s2)
    return k, s, c2, delta, delta >= 0


def _incomplete(phi: Any, m: Any, second: bool) -> Any:
    fin = jnp.isfinite(phi) & jnp.isfinite(m)
    phi_s = jnp.where(fin, phi, 0.5)
    m_s = jnp.where(fin, m, 0.5)
    k, s, c2, delta, ok = _amplitude(phi_s, m_s)
    delta_s = jnp.where(ok, delta, 1.0)
    r, sc, (c2s, ds, one) = _scale(c2, delta_s, jnp.ones_like(c2))
    degenerate = (c2 == 0) & (delta_s == 0)  # m = 1 at r = +-pi/2
    c2s = jnp.where(degenerate, 1.0, c2s)
    rf = _rf(c2s, ds, one) / r
    if second:
        rd = _rd(c2s, ds, one) / sc / r
        part = s * rf - m_s * s * s * s * rd / 3.0
        part = jnp.where(m_s == 1.0, s, part)  # E(r | 1) = sin(r), free of cancellation
        full = _ellipe_impl(m_s)
    else:
        part = s * rf
        part = jnp.where(degenerate, jnp.copysign(onp.inf, s), part)
        full = _ellipk_impl(m_s)
    periods = jnp.where(k == 0, 0.0, 2.0 * k * full)
    ok = ok & fin
    # SciPy: NaN for m > 1 (even where 1 - m sin(phi)**2 >= 0)
    return jnp.where(ok & (m_s <= 1.0), periods + part, onp.nan)


def _ellipkinc_impl(phi: Any, m: Any) -> Any:
    out = _incomplete(phi, m, second=False)
    # m = 1: F = atanh(sin(phi)) for |phi| < pi/2, inf beyond (SciPy: +inf on both sides).
    out = jnp.where((m == 1.0) & (jnp.abs(phi) >= 0.5 * math.pi), onp.inf, out)
    # K(m) -> 0 as m -> -inf, and F(phi | m) with it; F grows without bound with phi.
    out = jnp.where(jnp.isneginf(m) & jnp.isfinite(phi), 0.0, out)
    out = jnp.where(jnp.isinf(phi) & jnp.isfinite(m) & (m <= 1.0), phi, out)
    return jnp.where(jnp.isnan(phi) | jnp.isnan(m), onp.nan, out)


def _ellipeinc_impl(phi: Any, m: Any) -> Any:
    out = _incomplete(phi, m, second=True)
    out = jnp.where(jnp.isneginf(m), jnp.where(jnp.isinf(phi), phi, onp.inf), out)
    out = jnp.where(jnp.isinf(phi) & jnp.isfinite(m) & (m <= 1.0), phi, out)
    return jnp.where(jnp.isnan(phi) | jnp.isnan(m), onp.nan, out)


@custom_jvp
def _ellipkinc(phi: Any, m: Any) -> Any:
    return _util.via_float64(_ellipkinc_impl)(phi, m)


@custom_jvp
def _ellipeinc(phi: Any, m: Any) -> Any:
    return _util.via_float64(_ellipeinc_impl)(phi, m)


def _delta(phi: Any, m: Any) -> Any:
    s = jnp.sin(phi)
    return jnp.sqrt(1.0 - m * s * s)


def _dfinc_dm(g: Any, f: Any, phi: Any, m: Any) -> Any:
    # dF/dm = E / (2 m (1 - m)) - F / (2 m) - sin(2 phi) / (4 (1 - m) delta)
    e = _ellipeinc(phi, m)
    m0 = m == 0
    ms = jnp.where(m0, 0.5, m)
    d = _delta(phi, ms)
    val = e / (2.0 * ms * (1.0 - ms)) - f / (2.0 * ms) - jnp.sin(2.0 * phi) / (4.0 * (1.0 - ms) * d)
    # m = 0: the limit (2 phi - sin(2 phi)) / 8
    return g * jnp.where(m0, (2.0 * phi - jnp.sin(2.0 * phi)) / 8.0, val)


def _deinc_dm(g: Any, e: Any, phi: Any, m: Any) -> Any:
    # dE/dm = (E - F) / (2 m); m = 0: -(2 phi - sin(2 phi)) / 8
    m0 = m == 0
    ms = jnp.where(m0, 0.5, m)
    f = _ellipkinc(phi, ms)
    return g * jnp.where(m0, -(2.0 * phi - jnp.sin(2.0 * phi)) / 8.0, (e - f) / (2.0 * ms))


_ellipkinc.defjvps(lambda g, f, phi, m: g / _delta(phi, m), _dfinc_dm)
_ellipeinc.defjvps(lambda g, e, phi, m: g * _delta(phi, m), _deinc_dm)


def ellipkinc(phi: ArrayLike, m: ArrayLike) -> Any:
    """The incomplete elliptic integral of the first kind
    ``F(phi | m) = integral_0^phi dt / sqrt(1 - m sin(t)**2)``."""
    phi, m = _util.float_args("ellipkinc", phi, m)
    return _ellipkinc(phi, m)


def ellipeinc(phi: ArrayLike, m: ArrayLike) -> Any:
    """The incomplete elliptic integral of the second kind
    ``E(phi | m) = integral_0^phi sqrt(1 - m sin(t)**2) dt``."""
    phi, m = _util.float_args("ellipeinc", phi, m)
    return _ellipeinc(phi, m)


_AGM_STEPS = 12  # c_i / a_i < eps after at most 11 steps for 1e-10 <= 1 - m (quadratic)
_M_SMALL, _M_ONE = 1e-9, 1.0 - 1e-10


def _ellipj_agm(u: Any, m: Any) -> tuple[Any, Any, Any, Any]:
    # Descending Landen (AGM) sequence a_i, b_i, c_i, then phi_N = 2^N a_N u and
    # phi_(i-1) = (phi_i + asin(c_i / a_i sin(phi_i))) / 2 (A&S 16.4); steps after
    # convergence have c_i = 0 and only halve phi exactly. dn = sqrt(cn^2 + (1 - m) sn^2),
    # a sum of two non-negative terms (Cephes' cn / cos(phi_1 - phi_0) cancels at large u).
    a, b = jnp.ones_like(m), jnp.sqrt(1.0 - m)
    ratios = []
    for _ in range(_AGM_STEPS):
        c = 0.5 * (a - b)
        a, b = 0.5 * (a + b), jnp.sqrt(a * b)
        ratios.append(c / a)
    phi = (2.0**_AGM_STEPS) * a * u
    for r in reversed(ratios):
        phi = 0.5 * (jnp.arcsin(r * jnp.sin(phi)) + phi)
    sn, cn = jnp.sin(phi), jnp.cos(phi)
    return sn, cn, jnp.sqrt(cn * cn + (1.0 - m) * sn * sn), phi


def _ellipj_impl(u: Any, m: Any) -> tuple[Any, Any, Any, Any]:
    small, one = m < _M_SMALL, m >= _M_ONE
    mid = ~small & ~one & (m >= 0)
    sn, cn, dn, ph = _ellipj_agm(u, jnp.where(mid, m, 0.5))
    # m near 0: A&S 16.13; the error is O(m^2)
    t, c = jnp.sin(u), jnp.cos(u)
    q = 0.25 * m * (u - t * c)
    near0 = (t - q * c, c + q * t, 1.0 - 0.5 * m * t * t, u - q)
    # m near 1: A&S 16.15 in m1 = 1 - m; the error is O(m1^2)
    m1 = 0.25 * (1.0 - m)
    ch, th = jnp.cosh(u), jnp.tanh(u)
    sech = 1.0 / ch
    two = ch * jnp.sinh(u)
    w = m1 * th * sech
    near1 = (
        th + m1 * (two - u) * sech * sech,
        sech - w * (two - u),
        sech + w * (two + u),
        2.0 * jnp.arctan(jnp.exp(u)) - 0.5 * onp.pi + m1 * (two - u) * sech,
    )
    bad = (m < 0) | (m > 1) | jnp.isnan(u) | jnp.isnan(m)
    out = []
    for v_mid, v0, v1 in zip((sn, cn, dn, ph), near0, near1, strict=True):
        v = jnp.where(small, v0, jnp.where(one, v1, v_mid))
        out.append(jnp.where(bad, onp.nan, v))
    return tuple(out)


def ellipj(u: ArrayLike, m: ArrayLike) -> tuple[Any, Any, Any, Any]:
    """The Jacobian elliptic functions ``(sn, cn, dn, ph)`` of ``u`` at parameter ``m``
    (``0 <= m <= 1``; NaN outside, as SciPy), ``ph`` the amplitude with ``sn = sin(ph)``.
    Mirrors ``scipy.special.ellipj``: the descending Landen (AGM) transformation, with
    A&S 16.13 for ``m < 1e-9`` and 16.15 for ``m >= 1 - 1e-10`` (as Cephes).
    Differentiated through the AGM steps."""
    u, m = _util.float_args("ellipj", u, m)
    return _util.via_float64(_ellipj_impl)(u, m)
