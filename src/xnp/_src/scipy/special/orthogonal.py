"""Orthogonal polynomials of integer degree: ``eval_legendre``, ``eval_chebyt``,
``eval_chebyu``, ``eval_hermite``, ``eval_hermitenorm``, ``eval_laguerre``,
``eval_genlaguerre``.

Each runs its three-term recurrence up to the largest degree in the array (one
``while_loop``; an element stops updating at its own degree), as SciPy's integer-degree loops
do. The degree must be an integer value: SciPy evaluates non-integer degrees of the Legendre,
Chebyshev and Laguerre functions through hypergeometric functions, which are not implemented
here (those elements are NaN). The derivative in ``x`` is the closed form (``custom_jvp``);
the degree is not differentiable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import loops as lax_loops
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _kernels, _util
from xnp._src.typing import ArrayLike


def _iterate(n: Any, a: Any, b: Any, step: Callable[[Any, Any, Any], tuple[Any, Any]]) -> Any:
    """``b`` after ``(a, b) = step(k, a, b)`` for k = 1, ..., n - 1 (elementwise integer
    ``n >= 1``): one ``while_loop`` up to the largest ``n``, each element frozen at its own."""
    top = jnp.max(jnp.where(jnp.isfinite(n), n, 0.0), initial=0.0)

    def cond(state: tuple) -> Any:
        return state[0] < top

    def body(state: tuple) -> tuple:
        k, a, b = state
        a_new, b_new = step(k, a, b)
        active = k < n
        return k + 1.0, jnp.where(active, a_new, a), jnp.where(active, b_new, b)

    k0 = jnp.ones((), b.dtype)
    return lax_loops.while_loop(cond, body, (k0, a, b))[2]


def _recurrence(n: Any, x: Any, p0: Any, p1: Any, step: Callable[[Any, Any, Any, Any], Any]) -> Any:
    """``P_n(x)`` for integer ``n >= 0`` (elementwise) from ``P_0``, ``P_1`` and
    ``P_(k+1) = step(k, x, P_(k-1), P_k)``."""
    pn = _iterate(n, p0, p1, lambda k, prev, cur: (cur, step(k, x, prev, cur)))
    return jnp.where(n == 0, p0, pn)


def _integer(n: Any) -> Any:
    return jnp.isfinite(n) & (jnp.floor(n) == n)


def _prepare(name: str, n: ArrayLike, x: ArrayLike) -> tuple[Any, Any]:
    _kernels.check_integer_order(name, "n", n)
    n, x = _util.float_args(name, n, x)
    return n, x


def _legendre_step(k: Any, x: Any, prev: Any, cur: Any) -> Any:
    return ((2.0 * k + 1.0) * x * cur - k * prev) / (k + 1.0)


def _legendre_impl(n: Any, x: Any) -> Any:
    m = jnp.where(n < 0, -n - 1.0, n)  # P_(-n-1) = P_n
    ok = _integer(n)
    ms = jnp.where(ok, m, 0.0)
    fin = jnp.isfinite(x)
    xs = jnp.where(fin, x, 0.0)
    out = _recurrence(ms, xs, jnp.ones_like(xs), xs, _legendre_step)
    # SciPy: P_n(inf) = inf, P_1(-inf) = -inf, P_n(-inf) NaN for n >= 2, P_0 = 1 even at NaN
    at_inf = jnp.where((x > 0) | (ms == 1), x, onp.nan)
    out = jnp.where(fin, out, at_inf)
    out = jnp.where(ms == 0, 1.0, out)
    return jnp.where(ok, out, onp.nan)


@custom_jvp
def _legendre(n: Any, x: Any) -> Any:
    return _util.via_float64(_legendre_impl)(n, x)


def _legendre_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # P_n' = n (P_(n-1) - x P_n) / (1 - x^2); n (n + 1) / 2 * (+-1)^(n+1) at x = +-1
    m = jnp.where(n < 0, -n - 1.0, n)
    edge = jnp.abs(x) == 1.0
    xs = jnp.where(edge, 0.5, x)
    prev = _legendre(jnp.maximum(m - 1.0, 0.0), xs)
    inner = m * (prev - xs * _legendre(m, xs)) / (1.0 - xs * xs)
    sign = jnp.where((x < 0) & (jnp.fmod(m, 2.0) == 0.0), -1.0, 1.0)
    return g * jnp.where(edge, sign * 0.5 * m * (m + 1.0), inner)


_legendre.defjvps(None, _legendre_dx)


def eval_legendre(n: ArrayLike, x: ArrayLike) -> Any:
    """The Legendre polynomial ``P_n(x)`` of integer degree ``n`` (``P_(-n-1) = P_n``; NaN
    for a non-integer ``n``, which SciPy evaluates as a Legendre function)."""
    n, x = _prepare("eval_legendre", n, x)
    return _legendre(n, x)


def _chebyshev_step(k: Any, x: Any, prev: Any, cur: Any) -> Any:
    return 2.0 * x * cur - prev


def _chebyt_impl(n: Any, x: Any) -> Any:
    ok = _integer(n)
    m = jnp.where(ok, jnp.abs(n), 0.0)  # T_(-n) = T_n
    out = _recurrence(m, x, jnp.ones_like(x), x, _chebyshev_step)
    # SciPy: NaN at +-inf for every degree
    return jnp.where(ok & jnp.isfinite(x), out, onp.nan)


def _chebyu_raw(n: Any, x: Any) -> Any:
    """U_n for integer n (U_(-1) = 0, U_(-n-2) = -U_n)."""
    neg = n < -1
    m = jnp.where(neg, -n - 2.0, jnp.maximum(n, 0.0))
    out = _recurrence(m, x, jnp.ones_like(x), 2.0 * x, _chebyshev_step)
    return jnp.where(n == -1, 0.0, jnp.where(neg, -out, out))


def _chebyu_impl(n: Any, x: Any) -> Any:
    ok = _integer(n)
    ns = jnp.where(ok, n, 0.0)
    fin = jnp.isfinite(x)
    out = _chebyu_raw(ns, jnp.where(fin, x, 0.0))
    out = jnp.where(fin, out, onp.nan)
    return jnp.where(ok & (ns == -1), 0.0, jnp.where(ok, out, onp.nan))  # U_(-1) = 0, even at NaN


@custom_jvp
def _chebyt(n: Any, x: Any) -> Any:
    return _util.via_float64(_chebyt_impl)(n, x)


@custom_jvp
def _chebyu(n: Any, x: Any) -> Any:
    return _util.via_float64(_chebyu_impl)(n, x)


def _chebyu_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # U_m' = ((m + 1) T_(m+1) - x U_m) / (x^2 - 1), m = n or -n - 2 (sign -1); at x = +-1,
    # m (m + 1) (m + 2) / 3 * (+-1)^(m+1)
    neg = n < -1
    m = jnp.where(neg, -n - 2.0, jnp.maximum(n, 0.0))
    edge = jnp.abs(x) == 1.0
    xs = jnp.where(edge, 0.5, x)
    inner = ((m + 1.0) * _chebyt(m + 1.0, xs) - xs * _chebyu(m, xs)) / (xs * xs - 1.0)
    sign = jnp.where((x < 0) & (jnp.fmod(m, 2.0) == 0.0), -1.0, 1.0)
    val = jnp.where(edge, sign * m * (m + 1.0) * (m + 2.0) / 3.0, inner)
    return g * jnp.where(n == -1, 0.0, jnp.where(neg, -val, val))


_chebyt.defjvps(None, lambda g, ans, n, x: g * jnp.abs(n) * _chebyu(jnp.abs(n) - 1.0, x))
_chebyu.defjvps(None, _chebyu_dx)


def eval_chebyt(n: ArrayLike, x: ArrayLike) -> Any:
    """The Chebyshev polynomial of the first kind ``T_n(x)`` of integer degree ``n``
    (``T_(-n) = T_n``; NaN at +-inf, as SciPy; NaN for a non-integer ``n``)."""
    n, x = _prepare("eval_chebyt", n, x)
    return _chebyt(n, x)


def eval_chebyu(n: ArrayLike, x: ArrayLike) -> Any:
    """The Chebyshev polynomial of the second kind ``U_n(x)`` of integer degree ``n``
    (``U_(-1) = 0``, ``U_(-n-2) = -U_n``; NaN for a non-integer ``n``)."""
    n, x = _prepare("eval_chebyu", n, x)
    return _chebyu(n, x)


def _hermite_impl(n: Any, x: Any, physicists: bool) -> Any:
    ok = _integer(n) & (n >= 0)
    m = jnp.where(ok, n, 0.0)
    c = 2.0 if physicists else 1.0

    def step(k: Any, x: Any, prev: Any, cur: Any) -> Any:
        return c * (x * cur - k * prev)

    out = _recurrence(m, x, jnp.ones_like(x), c * x, step)
    return jnp.where(ok & ~jnp.isnan(x), out, onp.nan)


@custom_jvp
def _hermite(n: Any, x: Any) -> Any:
    return _util.via_float64(lambda n, x: _hermite_impl(n, x, True))(n, x)


@custom_jvp
def _hermitenorm(n: Any, x: Any) -> Any:
    return _util.via_float64(lambda n, x: _hermite_impl(n, x, False))(n, x)


def _hermite_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # H_n' = 2n H_(n-1)
    return g * jnp.where(n == 0, 0.0, 2.0 * n * _hermite(jnp.maximum(n - 1.0, 0.0), x))


def _hermitenorm_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # He_n' = n He_(n-1)
    return g * jnp.where(n == 0, 0.0, n * _hermitenorm(jnp.maximum(n - 1.0, 0.0), x))


_hermite.defjvps(None, _hermite_dx)
_hermitenorm.defjvps(None, _hermitenorm_dx)


def eval_hermite(n: ArrayLike, x: ArrayLike) -> Any:
    """The physicists' Hermite polynomial ``H_n(x)`` (``n >= 0`` an integer; NaN otherwise)."""
    n, x = _prepare("eval_hermite", n, x)
    return _hermite(n, x)


def eval_hermitenorm(n: ArrayLike, x: ArrayLike) -> Any:
    """The probabilists' Hermite polynomial ``He_n(x)`` (``n >= 0`` an integer; NaN
    otherwise)."""
    n, x = _prepare("eval_hermitenorm", n, x)
    return _hermitenorm(n, x)


def _laguerre_impl(n: Any, x: Any) -> Any:
    ok = _integer(n)
    m = jnp.where(ok & (n > 0), n, 0.0)

    # The difference form: d_k = L_k - L_(k-1), d_(k+1) = (-x L_k + k d_k) / (k + 1); it
    # overflows to +-inf without the inf - inf of the three-term form (SciPy's values there).
    def step(k: Any, d: Any, p: Any) -> tuple[Any, Any]:
        d = (k * d - x * p) / (k + 1.0)
        return d, p + d

    out = _iterate(m, -x, 1.0 - x, step)
    out = jnp.where(m == 0, 1.0, out)
    out = jnp.where(n < 0, 0.0, out)
    return jnp.where(ok & ~jnp.isnan(x), out, onp.nan)


@custom_jvp
def _laguerre(n: Any, x: Any) -> Any:
    return _util.via_float64(_laguerre_impl)(n, x)


def _laguerre_dx(g: Any, ans: Any, n: Any, x: Any) -> Any:
    # L_n' = n (L_n - L_(n-1)) / x; -n at x = 0
    m = jnp.maximum(n, 0.0)
    x0 = x == 0
    xs = jnp.where(x0, 1.0, x)
    inner = m * (_laguerre(m, xs) - _laguerre(jnp.maximum(m - 1.0, 0.0), xs)) / xs
    return g * jnp.where(x0, -m, inner)


_laguerre.defjvps(None, _laguerre_dx)


def eval_laguerre(n: ArrayLike, x: ArrayLike) -> Any:
    """The Laguerre polynomial ``L_n(x)`` of integer degree ``n`` (0 for n < 0, as SciPy; NaN
    for a non-integer ``n``)."""
    n, x = _prepare("eval_laguerre", n, x)
    return _laguerre(n, x)


def _genlaguerre_loop(n: Any, alpha: Any, x: Any) -> tuple[Any, Any]:
    """``(L_n^(alpha)(x), d/dalpha L_n^(alpha)(x))`` for integer ``n >= 1``, with
    ``p_k = L_k / binom(k + alpha, k)`` in the difference form ``d_(k+1) = (k d_k - x p_k) /
    (k + 1 + alpha)``, ``p_(k+1) = p_k + d_(k+1)`` (from (k+1) L_(k+1) = (2k + 1 + alpha - x)
    L_k - (k + alpha) L_(k-1)), and the alpha-derivative ``sum_(k<n) L_k / (n - k)``."""
    top = jnp.max(jnp.where(jnp.isfinite(n), n, 0.0), initial=0.0)
    a1 = alpha + 1.0
    d0 = -x / a1

    def cond(state: tuple) -> Any:
        return state[0] < top

    def body(state: tuple) -> tuple:
        k, d, p, c, s = state
        active = k < n
        s_new = s + c * p / jnp.where(active, n - k, 1.0)  # + L_k / (n - k)
        d_new = (k * d - x * p) / (k + a1)
        c_new = c * (k + a1) / (k + 1.0)
        out = (d_new, p + d_new, c_new, s_new)
        return (k + 1.0,) + tuple(
            jnp.where(active, o, v) for o, v in zip(out, state[1:], strict=True)
        )

    k0 = jnp.ones((), x.dtype)
    init = (k0, d0, 1.0 + d0, a1, 1.0 / jnp.where(n > 0, n, 1.0))  # s starts at L_0 / n
    _, _, p, c, s = lax_loops.while_loop(cond, body, init)
    return c * p, s


def _genlaguerre_parts(n: Any, alpha: Any, x: Any) -> tuple[Any, Any]:
    ok = _integer(n) & (alpha > -1.0)
    m = jnp.where(ok & (n > 0), n, 1.0)
    a = jnp.where(ok, alpha, 0.0)
    val, dalpha = _genlaguerre_loop(m, a, x)
    val = jnp.where(n == 0, 1.0, val)
    dalpha = jnp.where(n <= 0, 0.0, dalpha)
    val = jnp.where(ok & (n < 0), 0.0, val)
    bad = ~ok | jnp.isnan(x)
    return jnp.where(bad, onp.nan, val), jnp.where(bad, onp.nan, dalpha)


@custom_jvp
def _genlaguerre(n: Any, alpha: Any, x: Any) -> Any:
    return _util.via_float64(lambda n, a, x: _genlaguerre_parts(n, a, x)[0])(n, alpha, x)


def _genlaguerre_da(g: Any, ans: Any, n: Any, alpha: Any, x: Any) -> Any:
    return g * _util.via_float64(lambda n, a, x: _genlaguerre_parts(n, a, x)[1])(n, alpha, x)


def _genlaguerre_dx(g: Any, ans: Any, n: Any, alpha: Any, x: Any) -> Any:
    # d/dx L_n^(alpha) = -L_(n-1)^(alpha+1)
    lower = _genlaguerre(jnp.maximum(n - 1.0, 0.0), alpha + 1.0, x)
    return g * jnp.where(n <= 0, 0.0, -lower)


_genlaguerre.defjvps(None, _genlaguerre_da, _genlaguerre_dx)


def eval_genlaguerre(n: ArrayLike, alpha: ArrayLike, x: ArrayLike) -> Any:
    """The generalized Laguerre polynomial ``L_n^(alpha)(x)`` of integer degree ``n`` (0 for
    n < 0; NaN for alpha <= -1, as SciPy; NaN for a non-integer ``n``). Differentiable in
    ``alpha`` and ``x``."""
    _kernels.check_integer_order("eval_genlaguerre", "n", n)
    n, alpha, x = _util.float_args("eval_genlaguerre", n, alpha, x)
    return _genlaguerre(n, alpha, x)


def _jacobi_impl(n: Any, alpha: Any, beta: Any, x: Any) -> Any:
    ok = _integer(n)
    m = jnp.where(ok & (n > 0), n, 1.0)
    s = alpha + beta
    p1 = 0.5 * (2.0 * (alpha + 1.0) + (s + 2.0) * (x - 1.0))

    def step(k: Any, prev: Any, cur: Any) -> tuple[Any, Any]:
        # DLMF 18.9.2 from degree k to k + 1
        j = k + 1.0
        t = 2.0 * j + s
        a = 2.0 * j * (j + s) * (t - 2.0)
        b = (t - 1.0) * (t * (t - 2.0) * x + alpha * alpha - beta * beta)
        c = 2.0 * (j + alpha - 1.0) * (j + beta - 1.0) * t
        return cur, (b * cur - c * prev) / a

    out = _iterate(m, jnp.ones_like(p1), p1, step)
    out = jnp.where(n < 0, 0.0, out)
    bad = ~ok | jnp.isnan(alpha) | jnp.isnan(beta) | jnp.isnan(x)
    return jnp.where(n == 0, 1.0, jnp.where(bad, onp.nan, out))  # P_0 = 1 even at NaN (SciPy)


@custom_jvp
def _jacobi(n: Any, alpha: Any, beta: Any, x: Any) -> Any:
    return _util.via_float64(_jacobi_impl)(n, alpha, beta, x)


def _jacobi_dparam(i: int) -> Callable[..., Any]:
    def rule(g: Any, ans: Any, n: Any, alpha: Any, beta: Any, x: Any) -> Any:
        impl = _util.via_float64(_jacobi_impl)
        return g * _kernels.forward_derivative(impl, (n, alpha, beta, x), i)

    return rule


def _jacobi_dx(g: Any, ans: Any, n: Any, alpha: Any, beta: Any, x: Any) -> Any:
    # d/dx P_n^(a,b) = (n + a + b + 1) / 2 P_(n-1)^(a+1,b+1)
    lower = _jacobi(jnp.maximum(n - 1.0, 0.0), alpha + 1.0, beta + 1.0, x)
    return g * jnp.where(n <= 0, 0.0, 0.5 * (n + alpha + beta + 1.0) * lower)


_jacobi.defjvps(None, _jacobi_dparam(1), _jacobi_dparam(2), _jacobi_dx)


def eval_jacobi(n: ArrayLike, alpha: ArrayLike, beta: ArrayLike, x: ArrayLike) -> Any:
    """The Jacobi polynomial ``P_n^(alpha, beta)(x)`` of integer degree ``n`` (0 for n < 0, as
    SciPy), by the three-term recurrence (DLMF 18.9.2). Mirrors ``scipy.special.eval_jacobi``
    at integer ``n``; a non-integer ``n`` (SciPy: a hypergeometric function) gives NaN.
    Differentiable in ``alpha``, ``beta`` and ``x``; not in ``n``."""
    _kernels.check_integer_order("eval_jacobi", "n", n)
    n, alpha, beta, x = _util.float_args("eval_jacobi", n, alpha, beta, x)
    return _jacobi(n, alpha, beta, x)


def _gegenbauer_impl(n: Any, alpha: Any, x: Any) -> Any:
    ok = _integer(n)
    m = jnp.where(ok & (n > 0), n, 1.0)
    p1 = 2.0 * alpha * x

    def step(k: Any, prev: Any, cur: Any) -> tuple[Any, Any]:
        # (k + 1) C_(k+1) = 2 (k + alpha) x C_k - (k + 2 alpha - 1) C_(k-1)
        return cur, (2.0 * (k + alpha) * x * cur - (k + 2.0 * alpha - 1.0) * prev) / (k + 1.0)

    out = _iterate(m, jnp.ones_like(p1), p1, step)
    out = jnp.where(n == 0, 1.0, jnp.where(n < 0, 0.0, out))
    bad = ~ok | jnp.isnan(alpha) | jnp.isnan(x)
    return jnp.where(bad, onp.nan, out)


@custom_jvp
def _gegenbauer(n: Any, alpha: Any, x: Any) -> Any:
    return _util.via_float64(_gegenbauer_impl)(n, alpha, x)


def _gegenbauer_da(g: Any, ans: Any, n: Any, alpha: Any, x: Any) -> Any:
    impl = _util.via_float64(_gegenbauer_impl)
    return g * _kernels.forward_derivative(impl, (n, alpha, x), 1)


def _gegenbauer_dx(g: Any, ans: Any, n: Any, alpha: Any, x: Any) -> Any:
    # d/dx C_n^(a) = 2 a C_(n-1)^(a+1)
    lower = _gegenbauer(jnp.maximum(n - 1.0, 0.0), alpha + 1.0, x)
    return g * jnp.where(n <= 0, 0.0, 2.0 * alpha * lower)


_gegenbauer.defjvps(None, _gegenbauer_da, _gegenbauer_dx)


def eval_gegenbauer(n: ArrayLike, alpha: ArrayLike, x: ArrayLike) -> Any:
    """The Gegenbauer polynomial ``C_n^(alpha)(x)`` of integer degree ``n`` (0 for n < 0 and
    for alpha = 0, n >= 1, as SciPy), by the three-term recurrence. Mirrors
    ``scipy.special.eval_gegenbauer`` at integer ``n`` and ``alpha > -1/2`` (SciPy's loop
    divides by zero at alpha = -1/2 and gives NaN there; this recurrence does not); a
    non-integer ``n`` gives NaN. Differentiable in ``alpha`` and ``x``; not in ``n``."""
    _kernels.check_integer_order("eval_gegenbauer", "n", n)
    n, alpha, x = _util.float_args("eval_gegenbauer", n, alpha, x)
    return _gegenbauer(n, alpha, x)
