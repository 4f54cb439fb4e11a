"""The one-sided Kolmogorov-Smirnov distribution: ``smirnov(n, d) = P(D_n^+ >= d)`` and its
inverse ``smirnovi(n, p)`` (``scipy.special.smirnov``, ``smirnovi``).

``smirnov`` is the exact finite sum (Birnbaum and Tingey 1951)
``S_n(d) = d sum_(j=0)^(floor(n (1 - d))) C(n, j) (1 - d - j/n)^(n-j) (d + j/n)^(j-1)``, whose
terms are all positive; each is formed in log space with ``log C(n, j)`` accumulated term by
term (its rounding grows like ``sqrt(j) eps`` rather than the ``eps n log n`` of
``lgamma(n + 1)``), in one ``while_loop`` up to the largest ``n``. ``smirnovi`` is Newton's
method on ``log S_n`` kept inside a bisection bracket, from ``sqrt(-log(p) / (2n))``, and
``1 - p^(1/n)`` exactly where ``p <= n^-n`` (only the ``j = 0`` term is left). Derivatives
in ``d`` (and ``p``) are the closed forms (``custom_jvp``); ``n`` is an integer.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import loops as lax_loops
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util
from xnp._src.typing import ArrayLike

_NEWTON_STEPS = 60


def _sum(n: Any, d: Any) -> tuple[Any, Any]:
    """``(S_n(d), dS_n/dd)`` for integer ``n >= 1`` and ``0 < d < 1``."""
    top = jnp.floor(n * (1.0 - d))
    last = jnp.max(top, initial=0.0)
    log_d = jnp.log(d)

    def cond(state: tuple) -> Any:
        return state[0] <= last

    def body(state: tuple) -> tuple:
        j, log_c, s, ds = state
        p = d + j / n
        q = (1.0 - d) - j / n
        active = (j <= top) & (q > 0)
        qs = jnp.where(active, q, 1.0)
        # term_j = C(n, j) q^(n-j) p^(j-1) d; d term_j / dd = term_j (1/d - (n-j)/q + (j-1)/p)
        # (for j = 0: -n q^(n-1), without the cancelling 1/d - 1/d)
        log_t = log_c + (n - j) * jnp.log(qs) + (j - 1.0) * jnp.log(p) + log_d
        term = jnp.where(active, jnp.exp(log_t), 0.0)
        rate = jnp.where(j == 0, -n / qs, 1.0 / d - (n - j) / qs + (j - 1.0) / p)
        s = s + term
        ds = ds + term * rate
        log_c = log_c + jnp.log(jnp.maximum(n - j, 1.0)) - jnp.log(j + 1.0)
        return j + 1.0, log_c, s, ds

    zero = jnp.zeros_like(d)
    _, _, s, ds = lax_loops.while_loop(cond, body, (jnp.zeros((), d.dtype), zero, zero, zero))
    return s, ds


def _complement(n: Any, d: Any) -> tuple[Any, Any]:
    """``(1 - S_n(d), -dS_n/dd)`` by the same sum over ``j > n (1 - d)`` (terms of alternating
    sign, as ``1 - d - j/n < 0``; few of them for small ``d``, where it is used)."""
    top = n - jnp.floor(n * (1.0 - d)) - 1.0  # k = n - j runs over 0..top
    last = jnp.max(top, initial=0.0)
    log_d = jnp.log(d)

    def cond(state: tuple) -> Any:
        return state[0] <= last

    def body(state: tuple) -> tuple:
        k, log_c, s, ds = state
        j = n - k
        p = d + j / n
        q = (1.0 - d) - j / n
        active = (k <= top) & (q < 0)
        qs = jnp.where(active, q, -1.0)
        sign = jnp.where(jnp.fmod(k, 2.0) == 1.0, -1.0, 1.0)
        log_t = log_c + k * jnp.log(-qs) + (j - 1.0) * jnp.log(p) + log_d
        term = jnp.where(active, sign * jnp.exp(log_t), 0.0)
        s = s - term
        ds = ds - term * (1.0 / d - k / qs + (j - 1.0) / p)
        log_c = log_c + jnp.log(jnp.maximum(n - k, 1.0)) - jnp.log(k + 1.0)
        return k + 1.0, log_c, s, ds

    zero = jnp.zeros_like(d)
    _, _, s, ds = lax_loops.while_loop(cond, body, (jnp.zeros((), d.dtype), zero, zero, zero))
    return -s, -ds


def _valid_n(n: Any) -> Any:
    return jnp.isfinite(n) & (n >= 1)


def _smirnov_parts(n: Any, d: Any) -> tuple[Any, Any]:
    n = jnp.floor(n)  # SciPy truncates a non-integer n
    ok = _valid_n(n) & (d >= 0) & (d <= 1)
    inner = ok & (d > 0) & (d < 1)
    s, ds = _sum(jnp.where(inner, n, 1.0), jnp.where(inner, d, 0.5))
    s = jnp.where(d == 0, 1.0, jnp.where(d == 1, 0.0, s))
    ds = jnp.where(inner, ds, jnp.where(n == 1, -1.0, 0.0))
    bad = ~ok | jnp.isnan(d)
    return jnp.where(bad, onp.nan, s), jnp.where(bad, onp.nan, ds)


@custom_jvp
def _smirnov(n: Any, d: Any) -> Any:
    return _util.via_float64(lambda n, d: _smirnov_parts(n, d)[0])(n, d)


_smirnov.defjvps(
    None,
    lambda g, ans, n, d: g * _util.via_float64(lambda n, d: _smirnov_parts(n, d)[1])(n, d),
)


def smirnov(n: ArrayLike, d: ArrayLike) -> Any:
    """The one-sided Kolmogorov-Smirnov complementary CDF ``P(D_n^+ >= d)`` (exact sum),
    mirroring ``scipy.special.smirnov``: ``n`` truncated to an integer (NaN below 1), NaN for
    ``d`` outside [0, 1]. Differentiable in ``d``."""
    _kernels.check_integer_order("smirnov", "n", n)
    n, d = _util.float_args("smirnov", n, d)
    return _smirnov(n, d)


def _smirnovi_parts(n: Any, p: Any) -> tuple[Any, Any]:
    n = jnp.floor(n)
    ok = _valid_n(n) & (p >= 0) & (p <= 1)
    inner = ok & (p > 0) & (p < 1)
    ns = jnp.where(inner, n, 1.0)
    ps = jnp.where(inner, p, 0.5)
    upper = ps > 0.5  # Newton on log(1 - S) against log(1 - p) (1 - p exact there)
    log_p = jnp.where(upper, jnp.log1p(-ps), jnp.log(ps))
    # only the j = 0 term is left for d >= 1 - 1/n, where S = (1 - d)^n
    tail = ~upper & (log_p <= -ns * jnp.log(ns))
    exact = -jnp.expm1(log_p / ns)
    start = jnp.sqrt(-jnp.log(ps) / (2.0 * ns))
    start = jnp.where(upper, (1.0 - ps) / ns, jnp.clip(start, 1e-3 / ns, 1.0 - 1.0 / ns))

    def both(d: Any) -> tuple[Any, Any]:
        s, ds = _sum(ns, d)
        c, dc = _complement(ns, d)
        return jnp.where(upper, c, s), jnp.where(upper, dc, ds)

    def step(i: Any, state: tuple) -> tuple:
        lo, hi, d = state
        f, df = both(d)
        # S decreases in d, 1 - S increases: is the root above d?
        above = jnp.where(upper, f < jnp.exp(log_p), f > ps)
        lo = jnp.where(above, d, lo)
        hi = jnp.where(above, hi, d)
        newton = d - (jnp.log(f) - log_p) * f / df
        inside = (newton > lo) & (newton < hi) & jnp.isfinite(newton)
        d_new = jnp.where(inside, newton, 0.5 * (lo + hi))
        return lo, hi, jnp.where(tail, d, d_new)

    init = (jnp.zeros_like(ps), jnp.ones_like(ps), jnp.where(tail, 0.5, start))
    _, _, d = lax_loops.fori_loop(0, _NEWTON_STEPS, step, init)
    d = jnp.where(tail, exact, d)
    _, ds = _sum(ns, jnp.where(tail | (d <= 0) | (d >= 1), 0.5, d))
    slope = jnp.where(tail, -ns * jnp.exp((ns - 1.0) / ns * log_p), ds)  # -n (1 - d)^(n-1)
    d = jnp.where(p == 0, 1.0, jnp.where(p == 1, 0.0, d))
    bad = ~ok | jnp.isnan(p)
    return jnp.where(bad, onp.nan, d), jnp.where(bad | ~inner, onp.nan, 1.0 / slope)


@custom_jvp
def _smirnovi(n: Any, p: Any) -> Any:
    return _util.via_float64(lambda n, p: _smirnovi_parts(n, p)[0])(n, p)


_smirnovi.defjvps(
    None,
    lambda g, ans, n, p: g * _util.via_float64(lambda n, p: _smirnovi_parts(n, p)[1])(n, p),
)


def smirnovi(n: ArrayLike, p: ArrayLike) -> Any:
    """The inverse of ``smirnov`` in ``d``: ``smirnov(n, smirnovi(n, p)) == p``, mirroring
    ``scipy.special.smirnovi`` (``n`` truncated; NaN for ``p`` outside [0, 1]).
    Differentiable in ``p`` (implicitly, ``1 / smirnov'``)."""
    _kernels.check_integer_order("smirnovi", "n", n)
    n, p = _util.float_args("smirnovi", n, p)
    return _smirnovi(n, p)
