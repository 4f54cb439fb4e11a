"""The Lambert W function and the Wright omega function (``scipy.special.lambertw``,
``wrightomega``).

``lambertw`` runs Halley's iteration on ``w e^w = z`` (as SciPy) a fixed number of times from
the usual starting values: the branch-point series ``-1 +- p - p^2/3 + 11 p^3/72`` with
``p = sqrt(2 (e z + 1))`` within 0.3 of ``-1/e`` (branches 0 and, on the real axis, -1), a
Pade approximant near 0 (branch 0), and the asymptotic ``L1 - L2 + L2 / L1`` with
``L1 = log z + 2 pi i k``, ``L2 = log L1`` elsewhere. Halley's convergence is cubic, so the
fixed count ends at rounding wherever SciPy's ``tol``-stopped loop does; on branch 0 with
``Re z > 1`` three Newton steps on ``w + log w = log z`` follow, which resolve a tiny
``Im w`` to its own relative precision. ``wrightomega``
(real argument) solves ``w + log w = x`` by Newton's method: for ``x < 1`` on ``w = e^(x - w)``
(no cancellation as ``w -> 0``), above on ``w + log w - x``. Derivatives are the closed forms
(``custom_jvp``): ``W' = W / (z (1 + W))``, ``omega' = omega / (1 + omega)``.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util
from xnp._src.scipy.special import _util
from xnp._src.typing import ArrayLike

_HALLEY_STEPS = 24
_INV_E = float(onp.exp(-1.0))


def _branch_point_series(p: Any) -> Any:
    return -1.0 + p * (1.0 + p * (-1.0 / 3.0 + p * (11.0 / 72.0)))


def _lambertw_impl(z: Any, k: Any) -> Any:
    x, y = jnp.real(z), jnp.imag(z)
    finite = jnp.isfinite(x) & jnp.isfinite(y)
    zero = (x == 0) & (y == 0)
    zs = jnp.where(finite & ~zero, z, 1.0 + 0j)
    two_pi_k = 2.0 * onp.pi * k
    l1 = jnp.log(zs) + lax.complex(jnp.zeros_like(x), two_pi_k)
    l1 = jnp.where(l1 == 0, 1.0 + 0j, l1)  # z = 1, k = 0 (taken by the Pade guess)
    l2 = jnp.log(l1)
    guess = l1 - l2 + l2 / l1
    near = jnp.abs(zs + _INV_E) < 0.3
    p = jnp.sqrt(2.0 * (onp.e * zs + 1.0))
    real_minus = (k == -1) & (y == 0) & (x < 0) & (x >= -_INV_E)
    guess = jnp.where((k == 0) & near, _branch_point_series(p), guess)
    guess = jnp.where(real_minus & near, _branch_point_series(-p), guess)
    lz = jnp.log(jnp.where(real_minus & ~near, -x, 0.5))  # W_-1(x) ~ log(-x) - log(-log(-x))
    guess = jnp.where(real_minus & ~near, lz - jnp.log(-lz) + 0j, guess)
    pade = (k == 0) & ~near & (x > -1.0) & (x < 1.5) & (jnp.abs(y) < 1.0)
    pade = pade & (x > -2.5 * jnp.abs(y) - 0.2)
    guess = jnp.where(pade, zs * (3.0 + zs * (6.0 + zs)) / (3.0 + zs * (9.0 + 5.0 * zs)), guess)

    w = guess
    for _ in range(_HALLEY_STEPS):
        wewz = w - zs * jnp.exp(-w)
        step = wewz / (w + 1.0 - (w + 2.0) * wewz / (2.0 * w + 2.0))
        ok = jnp.isfinite(jnp.real(step)) & jnp.isfinite(jnp.imag(step))
        w = jnp.where(ok, w - step, w)
    # Re z > 1 on branch 0: Newton on w + log w = log z, whose imaginary part keeps its
    # relative accuracy when Im z / Re z is tiny (w - z exp(-w) resolves it only to eps |w|)
    log_form = (k == 0) & (x > 1.0)
    target = jnp.log(zs)
    for _ in range(3):
        wl = jnp.where(log_form, w, 1.0 + 0j)
        w = jnp.where(log_form, wl - (wl + jnp.log(wl) - target) / (1.0 + 1.0 / wl), w)
    # SciPy: W_0(0) = 0, W_k(0) = -inf; at Re z = +-inf (finite Im z) inf + i (2 pi k + y),
    # or + i (2 pi k + pi - y)
    at_zero = jnp.where(k == 0, 0.0, -onp.inf) + 0j
    ys = jnp.where(jnp.isfinite(y), y, 0.0)
    at_inf = lax.complex(jnp.full_like(x, onp.inf), two_pi_k + jnp.where(x > 0, ys, onp.pi - ys))
    out = jnp.where(zero, at_zero, w)
    out = jnp.where(finite, out, at_inf)
    out = jnp.where(
        jnp.isinf(y), lax.complex(jnp.full_like(x, onp.nan), jnp.full_like(x, onp.nan)), out
    )
    return jnp.where(jnp.isnan(x) | jnp.isnan(y), z, out)  # SciPy returns a NaN z as is


@custom_jvp
def _lambertw(z: Any, k: Any) -> Any:
    return _lambertw_impl(z, k)


_lambertw.defjvps(lambda g, w, z, k: g * w / (z * (1.0 + w)), None)


def lambertw(z: ArrayLike, k: ArrayLike = 0, tol: float = 1e-8) -> Any:
    """The Lambert W function, branch ``k`` (an integer, broadcast with ``z``): the solution
    ``w`` of ``w exp(w) = z``, as complex128 (SciPy's only loop). Mirrors
    ``scipy.special.lambertw``; ``tol`` is accepted and checked, but the fixed Halley count
    converges to rounding for any ``tol`` SciPy would stop at (its result differs by an
    iteration's rounding). Holomorphic in ``z``: ``W'(z) = W / (z (1 + W))``."""
    if not isinstance(tol, int | float) or not tol > 0:
        raise ValueError(f"lambertw: tol must be a positive number, got {tol!r}")
    k_arr = util.asarray(k, "lambertw")
    if dtypes.kind(k_arr.dtype) not in "biu":
        raise TypeError(f"lambertw: the branch k must be an integer, got dtype {k_arr.dtype}")
    z_arr, k_arr = util.promote_args("lambertw", util.asarray(z, "lambertw"), k_arr)
    z_c = lax_shapes.convert_element_type(z_arr, onp.dtype(onp.complex128), False)
    k_f = lax_shapes.convert_element_type(k_arr, onp.dtype(onp.float64), False)
    return _lambertw(z_c, k_f)


def _wrightomega_impl(x: Any) -> Any:
    low = x < 1.0
    # x < 1: Newton on g(w) = w - e^(x - w), g' = 1 + w; from e^x (x < -2) or W-like guesses
    xl = jnp.where(low, x, 0.0)
    w = jnp.where(xl < -2.0, jnp.exp(xl), 0.5671432904097838 + 0.3 * xl)  # omega(0) = W(1)
    w = jnp.maximum(w, jnp.exp(xl) * 0.5)
    ex = jnp.exp(xl)
    for _ in range(8):
        e = ex * jnp.exp(-w)  # not exp(x - w): x - w would round at |x| eps
        w = w - (w - e) / (1.0 + e)
    # x >= 1: Newton on f(w) = w + log w - x, f' = 1 + 1/w, from x - log x + log x / x
    xh = jnp.where(low | ~jnp.isfinite(x), 2.0, x)
    lx = jnp.log(xh)
    v = xh - lx + lx / xh
    for _ in range(6):
        v = v - (v + jnp.log(v) - xh) / (1.0 + 1.0 / v)
    out = jnp.where(low, w, v)
    out = jnp.where(x == onp.inf, onp.inf, jnp.where(x == -onp.inf, 0.0, out))
    return jnp.where(jnp.isnan(x), onp.nan, out)


@custom_jvp
def _wrightomega(x: Any) -> Any:
    return _util.via_float64(_wrightomega_impl)(x)


_wrightomega.defjvps(lambda g, w, x: g * w / (1.0 + w))


def wrightomega(x: ArrayLike) -> Any:
    """The Wright omega function, ``w + log(w) = x`` (``W_0(exp(x))`` on the real line),
    mirroring ``scipy.special.wrightomega`` for real ``x`` (complex ``x`` is not supported)."""
    (x,) = _util.float_args("wrightomega", x)
    return _wrightomega(x)
