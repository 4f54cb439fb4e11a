"""The incomplete beta family: ``betainc``, ``betaincc``, their inverses ``betaincinv`` and
``betainccinv``, and the distribution helpers built on them (Student's t: ``stdtr``,
``stdtrit``; F: ``fdtr``, ``fdtrc``, ``fdtri``; binomial: ``bdtr``, ``bdtrc``, ``bdtri``;
negative binomial: ``nbdtr``, ``nbdtrc``, ``nbdtri``) and two inverses of the gamma family's
distributions (``chdtri``, ``pdtri``).

``I_x(a, b)`` is computed on the side of the mean where its continued fraction converges
fast, so the smaller tail is the one computed and the other its complement
(``I_x(a, b) = 1 - I_{1-x}(b, a)``): for max(a, b) > 1 and min(a, b) >= 1/2 DiDonato and
Morris' fraction (TOMS 708's bfrac) in ``l = (a + b)(1 - x) - b``, swapping where l < 0,
which stays accurate for parameters up to 1e10 in a few hundred steps; otherwise the classic
even/odd fraction by the modified Lentz method, swapping where ``x > (a + 1) / (a + b + 2)``;
both in ``while_loop``s that run until every element has converged. The prefactor
``x^a (1 - x)^b / (a B(a, b))`` is formed in log space: with ``lgamma`` when a, b < 10, with
Stirling's series for the large parameter when one is, and when both are as
``-(a rlog1(-l/a) + b rlog1(l/b))`` (linear terms cancelling exactly), so the O(a log a) terms
of ``betaln`` never cancel in floating point. x and 1 - x travel apart (the helpers form both
halves of their ratios exactly). When the computed side has a <= 1, its complement, which can
be O(a), comes from the power series with ``lgamma(b + a) - lgamma(b)`` written to O(eps a).

``kolmogorov`` is the alternating series for y >= 0.8 and 1 - Jacobi's theta form below.

Everything is evaluated in float64 (float32 rounds at the end). Derivatives: in ``x`` the
density, in ``a`` and ``b`` forward mode through the iteration (inside a ``custom_jvp``, so
reverse mode works too); the inverses are differentiated implicitly.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import autodiff
from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import loops
from xnp._src.lax import special as lax_special
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _util
from xnp._src.scipy.special import error as _error
from xnp._src.scipy.special import gamma as gamma_family
from xnp._src.typing import ArrayLike

_EPS = float(onp.finfo(onp.float64).eps)
_TINY = 1e-300
_MAX_STEPS = 20000  # continued-fraction steps (pairs of terms); O(sqrt(max(a, b))) are needed
_LOG_2PI = float(onp.log(2 * onp.pi))



# ----------------------------------------------------------------------------- prefactor
def _stirling_corr(z: Any) -> Any:
    """``lgamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2)`` for z >= 10 (error < 1e-17)."""
    r = 1.0 / z
    r2 = r * r
    return r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (
        1 / 1188 - r2 * (691 / 360360))))))  # fmt: skip


def _rlog1(e: Any) -> Any:
    """``e - log1p(e)`` for |e| <= 0.6, without its cancellation: with t = e / (2 + e),
    ``log1p(e) = 2 atanh(t)``, so the difference is ``2 t^2 (1 / (1 - t) - t sum t^2k/(2k+3))``."""
    t = e / (2.0 + e)
    t2 = t * t
    s = jnp.zeros_like(t)
    for k in reversed(range(1, 26)):
        s = s * t2 + 1.0 / (2 * k + 1)
    return 2.0 * t2 * (1.0 / (1.0 - t) - t * s)


def _log_prefactor(a: Any, b: Any, x: Any, y: Any, lx: Any, ly: Any) -> Any:
    """``log(x^a y^b / (a B(a, b)))`` (y = 1 - x, lx = log x, ly = log y, all given)."""
    big = (a >= 10.0) & (b >= 10.0)
    mixed = ~big & (jnp.maximum(a, b) >= 10.0)
    # Both large: l = a - c x, exact to O(eps max(a, c x)).
    ab, bb = jnp.where(big, a, 10.0), jnp.where(big, b, 10.0)
    cb = ab + bb
    lam = jnp.where(x <= 0.5, ab - cb * x, cb * y - bb)
    ea, eb = -lam / ab, lam / bb
    # a rlog1(e) = a (e - log(x / x0)): the rlog1 series near the mean, the logs elsewhere
    ua = jnp.where(jnp.abs(ea) <= 0.6, _rlog1(jnp.clip(ea, -0.6, 0.6)), ea - lx - jnp.log(cb / ab))
    ub = jnp.where(jnp.abs(eb) <= 0.6, _rlog1(jnp.clip(eb, -0.6, 0.6)), eb - ly - jnp.log(cb / bb))
    corr = _stirling_corr(ab) + _stirling_corr(bb) - _stirling_corr(cb)
    out_big = -(ab * ua + bb * ub) + 0.5 * (jnp.log(ab * bb / cb) - _LOG_2PI) - corr - jnp.log(ab)
    # One large (L), one small (s): lgamma(c) - lgamma(L) by Stirling's series,
    # (L - 1/2) log1p(s / L) + s log c - s + corr(c) - corr(L).
    a_small = a < b
    s = jnp.where(mixed, jnp.minimum(a, b), 1.0)
    big_l = jnp.where(mixed, jnp.maximum(a, b), 10.0)
    cm = s + big_l
    ls, ll = jnp.where(a_small, lx, ly), jnp.where(a_small, ly, lx)
    # the 1 / (a Gamma(s)) factor: 1 / Gamma(a + 1) when a is the small one
    g = jnp.where(a_small, lax_special.lgamma(s + 1.0), lax_special.lgamma(s) + jnp.log(big_l))
    out_mixed = (s * (ls + jnp.log(cm)) + big_l * ll + (big_l - 0.5) * jnp.log1p(s / big_l) - s
                 + _stirling_corr(cm) - _stirling_corr(big_l) - g)  # fmt: skip
    # Both small: a Gamma(a) = Gamma(a + 1) keeps log(a B) free of the -log(a) cancellation.
    a_s, b_s = jnp.where(big | mixed, 1.0, a), jnp.where(big | mixed, 1.0, b)
    lb = lax_special.lgamma(a_s + 1.0) + lax_special.lgamma(b_s) - lax_special.lgamma(a_s + b_s)
    out_small = a * lx + b * ly - lb
    return jnp.where(big, out_big, jnp.where(mixed, out_mixed, out_small))


# ----------------------------------------------------------------------------- continued fraction
_TAIL_STEPS = 40


def _terminating(n: Any, b: Any) -> Any:
    """Whether step ``n`` lies in the stretch past a positive integer ``b`` where the terms,
    which carry a factor (b - n), have vanished once: the value is exact from there on, but
    its derivative in ``b`` still needs the tail that follows, so the iteration goes on for
    ``_TAIL_STEPS`` more steps."""
    return (n >= b - 1.0) & (n <= b + _TAIL_STEPS) & (jnp.floor(b) == b)


def _continued_fraction(a: Any, b: Any, x: Any, active: Any) -> Any:
    """The continued fraction of ``I_x(a, b) a B(a, b) / (x^a (1 - x)^b)`` by the modified
    Lentz method, iterated (for the ``active`` elements) until each has converged."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0

    def guard(v: Any) -> Any:
        return jnp.where(jnp.abs(v) < _TINY, _TINY, v)

    d = 1.0 / guard(1.0 - qab * x / qap)
    init = (jnp.ones((), x.dtype), active, jnp.ones_like(x), d, d)

    def cond(state: tuple) -> Any:
        m, act = state[0], state[1]
        return jnp.any(act) & (m < _MAX_STEPS)

    def body(state: tuple) -> tuple:
        m, act, c, d, h = state
        m2 = 2.0 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d1 = 1.0 / guard(1.0 + aa * d)
        c1 = guard(1.0 + aa / c)
        h1 = h * d1 * c1
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d2 = 1.0 / guard(1.0 + aa * d1)
        c2 = guard(1.0 + aa / c1)
        delta = d2 * c2
        h2 = h1 * delta
        done = (jnp.abs(delta - 1.0) <= _EPS) & ~_terminating(m, b)
        keep = lambda new, old: jnp.where(act, new, old)  # noqa: E731
        return (m + 1.0, act & ~done, keep(c2, c), keep(d2, d), keep(h2, h))

    return loops.while_loop(cond, body, init)[4]


# ----------------------------------------------------------------------------- small a
# When a <= 1 on the computed side, I_x(a, b) can be 1 - O(a): its complement is then formed
# from the power series I = x^a G (1 + a S), G = Gamma(a + b) / (Gamma(a + 1) Gamma(b)),
# S = sum_{n>=1} (1 - b)_n x^n / (n! (a + n)), as 1 - I = -expm1(E) - e^E a S with
# E = a log x + log G, log G = D(a, b) - D(a, 1), D(a, b) = lgamma(b + a) - lgamma(b).
# On that side b x < 2, so the series' terms stay below e^2.
def _lgamma_difference(a: Any, b: Any) -> Any:
    """``lgamma(b + a) - lgamma(b)`` to O(eps a) for 0 <= a <= 1: ten steps of the recurrence
    up to B = b + 10, then Stirling's series, its ``(B - 1/2) log1p(a / B) - a`` as rlog1."""
    big_b = b + 10.0
    u = a / big_b
    out = a * jnp.log(big_b + a)
    for k in range(10):
        out = out - jnp.log1p(a / (b + k))
    return out - ((big_b - 0.5) * _rlog1(u) + 0.5 * u) + _stirling_corr_difference(big_b, a)


def _stirling_corr_difference(z: Any, a: Any) -> Any:
    """``corr(z + a) - corr(z)`` to O(eps a corr'(z)): each ``r1^n - r0^n`` (r = 1/z) is
    ``(r1 - r0) h_n`` with ``h_{n+1} = r1 h_n + r0^n``, and ``r1 - r0 = -a r0 r1``."""
    r0, r1 = 1.0 / z, 1.0 / (z + a)
    coeffs = {1: 1 / 12, 3: -1 / 360, 5: 1 / 1260, 7: -1 / 1680, 9: 1 / 1188, 11: -691 / 360360}
    h, r0n, total = jnp.ones_like(r0), r0, jnp.zeros_like(r0)
    for n in range(1, 12):
        if n in coeffs:
            total = total + coeffs[n] * h
        h, r0n = r1 * h + r0n, r0n * r0
    return -a * r0 * r1 * total


def _series_complement(a: Any, b: Any, x: Any, lx: Any, active: Any) -> Any:
    """``1 - I_x(a, b)`` for a <= 1 and b x < 2 (the ``active`` elements)."""

    def cond(state: tuple) -> Any:
        return jnp.any(state[1]) & (state[0] < _MAX_STEPS)

    def body(state: tuple) -> tuple:
        n, act, t, total = state
        t_new = t * (n - b) * x / n
        term = t_new / (a + n)
        done = (jnp.abs(term) <= _EPS * jnp.abs(total)) & ~_terminating(n, b)
        return (n + 1.0, act & ~done, jnp.where(act, t_new, t), jnp.where(act, total + term, total))

    one = jnp.ones_like(x)
    init = (jnp.ones((), x.dtype), active, one, jnp.zeros_like(x))
    total = loops.while_loop(cond, body, init)[3]
    e = a * lx + _lgamma_difference(a, b) - _lgamma_difference(a, one)
    return -jnp.expm1(e) - jnp.exp(e) * a * total


def _lambda_fraction(a: Any, b: Any, x: Any, y: Any, lam: Any, active: Any) -> Any:
    """DiDonato and Morris' continued fraction for a, b > 1 and ``lam = (a + b) y - b >= 0``
    (TOMS 708's bfrac, reimplemented): ``I_x(a, b) = x^a y^b / B(a, b) * r``. Its terms carry
    ``lam``, formed from the exact one of x and y, so a rounded ``x = 1 - y`` costs only a
    relative eps in ``x``, unlike the classic fraction's O(eps sqrt(a + b) / x0) sensitivity."""
    c = 1.0 + lam
    c0, c1 = b / a, 1.0 + 1.0 / a
    yp1 = y + 1.0
    one, zero = jnp.ones_like(x), jnp.zeros_like(x)
    init = (jnp.zeros((), x.dtype), active, one, a + 1.0, zero, one, one, c / c1, c1 / c)

    def cond(state: tuple) -> Any:
        return jnp.any(state[1]) & (state[0] < _MAX_STEPS)

    def body(state: tuple) -> tuple:
        n, act, p, s, an, bn, anp1, bnp1, r = state
        n1 = n + 1.0
        t = n1 / a
        w = n1 * (b - n1) * x
        e = a / s
        alpha = p * (p + c0) * e * e * (w * x)
        e = (1.0 + t) / (c1 + t + t)
        beta = n1 + w / s + e * (c + n1 * yp1)
        an_new, bn_new = alpha * an + beta * anp1, alpha * bn + beta * bnp1
        r_new = an_new / bn_new
        done = (jnp.abs(r_new - r) <= _EPS * r_new) & ~_terminating(n1, b)
        # the recurrence is homogeneous: rescale by the newest denominator
        new = (1.0 + t, s + 2.0, anp1 / bn_new, bnp1 / bn_new, an_new / bn_new, one, r_new)
        old = (p, s, an, bn, anp1, bnp1, r)
        kept = tuple(jnp.where(act, nv, ov) for nv, ov in zip(new, old, strict=True))
        return (n1, act & ~done, *kept)

    return loops.while_loop(cond, body, init)[8]


def _betainc_logs(a: Any, b: Any, x: Any, y: Any) -> tuple[Any, Any]:
    """(log I_x(a, b), log(1 - I_x(a, b))) in float64 for valid a, b > 0 and 0 < x < 1,
    ``y = 1 - x`` given by the caller (helpers whose argument is a ratio pass both halves
    exactly). In log form the far tails do not underflow (the inverses step on them)."""
    lx, ly = _logs(x, y)
    c = a + b
    lam = jnp.where(x <= 0.5, a - c * x, c * y - b)  # (a + b) y - b, from the exact one
    use_lambda = (jnp.maximum(a, b) > 1.0) & (jnp.minimum(a, b) >= 0.5)
    swap = jnp.where(use_lambda, lam < 0, x * (a + b + 2.0) > a + 1.0)
    a1, b1 = jnp.where(swap, b, a), jnp.where(swap, a, b)
    x1, y1 = jnp.where(swap, y, x), jnp.where(swap, x, y)
    lx1, ly1 = jnp.where(swap, ly, lx), jnp.where(swap, lx, ly)
    active = jnp.ones(x.shape, bool)
    fraction = jnp.where(
        use_lambda,
        a1 * _lambda_fraction(a1, b1, x1, y1, jnp.abs(lam), use_lambda),
        _continued_fraction(a1, b1, x1, ~use_lambda),
    )
    log_w = jnp.minimum(_log_prefactor(a1, b1, x1, y1, lx1, ly1) + jnp.log(fraction), 0.0)
    small_a = active & (a1 <= 1.0)
    wc = _series_complement(jnp.where(small_a, a1, 0.5), jnp.where(small_a, b1, 1.0),
                            jnp.where(small_a, x1, 0.5), jnp.where(small_a, lx1, -1.0),
                            small_a)  # fmt: skip
    log_wc = jnp.where(small_a, jnp.log(jnp.clip(wc, 0.0, 1.0)), jnp.log1p(-jnp.exp(log_w)))
    return jnp.where(swap, log_wc, log_w), jnp.where(swap, log_w, log_wc)


def _valid(a: Any, b: Any, x: Any, y: Any) -> tuple[Any, Any, Any]:
    """(NaN mask, edge mask, the edges' I) with SciPy's limits, in this order: I_0 = 0,
    I_1 = 1, a = 0: 1, b = 0: 0, a = inf: 0, b = inf: 1."""
    bad = (jnp.isnan(a) | jnp.isnan(b) | jnp.isnan(x) | jnp.isnan(y) | (a < 0) | (b < 0)
           | (x < 0) | (y < 0) | ((a == 0) & (b == 0)) | (jnp.isinf(a) & jnp.isinf(b)))  # fmt: skip
    edge_p = jnp.where(
        x == 0,
        0.0,
        jnp.where(
            y == 0,
            1.0,
            jnp.where(a == 0, 1.0, jnp.where(b == 0, 0.0, jnp.where(jnp.isinf(a), 0.0, 1.0))),
        ),
    )
    edge = (x == 0) | (y == 0) | (a == 0) | (b == 0) | jnp.isinf(a) | jnp.isinf(b)
    return bad, edge, edge_p


def _betainc_pair(a: Any, b: Any, x: Any, y: Any) -> tuple[Any, Any]:
    """(I_x(a, b), 1 - I_x(a, b)) in float64 with SciPy's edges and NaNs."""
    bad, edge, edge_p = _valid(a, b, x, y)
    ok = ~bad & ~edge
    a, b = jnp.where(ok, a, 1.0), jnp.where(ok, b, 1.0)
    x, y = jnp.where(ok, x, 0.5), jnp.where(ok, y, 0.5)
    log_p, log_q = _betainc_logs(a, b, x, y)
    p = jnp.where(bad, onp.nan, jnp.where(edge, edge_p, jnp.exp(log_p)))
    q = jnp.where(bad, onp.nan, jnp.where(edge, 1.0 - edge_p, jnp.exp(log_q)))
    return p, q


def _logs(x: Any, y: Any) -> tuple[Any, Any]:
    """(log x, log y) for x + y = 1, each from whichever of the pair is the smaller (and so
    the exact one when the other was rounded from it)."""
    lx = jnp.where(x <= 0.5, jnp.log(x), jnp.log1p(-y))
    ly = jnp.where(y <= 0.5, jnp.log(y), jnp.log1p(-x))
    return lx, ly


def _log_density(a: Any, b: Any, x: Any, y: Any) -> Any:
    """``log(x^(a-1) y^(b-1) / B(a, b))``, the x-derivative of I_x(a, b)."""
    lx, ly = _logs(x, y)
    return _log_prefactor(a, b, x, y, lx, ly) + jnp.log(a) - lx - ly


def _p64(a: Any, b: Any, x: Any) -> Any:
    return _betainc_pair(a, b, x, 1.0 - x)[0]


def _q64(a: Any, b: Any, x: Any) -> Any:
    return _betainc_pair(a, b, x, 1.0 - x)[1]


def _param_derivatives(a: Any, b: Any, x: Any) -> tuple[Any, Any]:
    """(dI/da, dI/db): forward mode through the iteration (the fraction's derivative
    converges with it)."""
    one, zero = jnp.ones_like(a), jnp.zeros_like(a)
    _, da = autodiff.jvp(_p64, (a, b, x), (one, zero, zero))
    _, db = autodiff.jvp(_p64, (a, b, x), (zero, one, zero))
    return da, db


@custom_jvp
def _betainc(a: Any, b: Any, x: Any) -> Any:
    return _util.via_float64(_p64)(a, b, x)


@custom_jvp
def _betaincc(a: Any, b: Any, x: Any) -> Any:
    return _util.via_float64(_q64)(a, b, x)


def _betainc_jvp(sign: float) -> Any:
    def jvp(primals: tuple, tangents: tuple) -> tuple:
        a, b, x = primals
        ga, gb, gx = tangents
        ans = (_betainc if sign > 0 else _betaincc)(a, b, x)
        a64, b64, x64 = (v.astype(onp.float64) for v in (a, b, x))
        da, db = _param_derivatives(a64, b64, x64)
        dx = jnp.exp(_log_density(a64, b64, x64, 1.0 - x64))
        dt = ans.dtype
        t = ga * da.astype(dt) + gb * db.astype(dt) + gx * dx.astype(dt)
        return ans, sign * t

    return jvp


_betainc.defjvp(_betainc_jvp(1.0))
_betaincc.defjvp(_betainc_jvp(-1.0))


def betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Any:
    """The regularized incomplete beta function ``I_x(a, b)`` (a, b >= 0, 0 <= x <= 1).

    A continued fraction on the side of the mean where it converges fast (see the module
    docstring); differentiable in ``x`` (the beta density) and in ``a`` and ``b``."""
    a, b, x = _util.float_args("betainc", a, b, x)
    return _betainc(a, b, x)


def betaincc(a: ArrayLike, b: ArrayLike, x: ArrayLike) -> Any:
    """The complement ``1 - I_x(a, b)``, computed directly in its small tail."""
    a, b, x = _util.float_args("betaincc", a, b, x)
    return _betaincc(a, b, x)


# ----------------------------------------------------------------------------- inverses
def _initial_guess(a: Any, b: Any, p: Any, q: Any) -> Any:
    """A starting x for I_x(a, b) = p: for a, b >= 1 the normal approximation of Abramowitz
    and Stegun 26.5.22 (through 26.2.23's quantile), else the two power laws near 0 and 1;
    then the tail power laws themselves where they are accurate."""
    small = jnp.minimum(p, q)
    t = jnp.sqrt(-2.0 * jnp.log(small))
    z = (2.30753 + t * 0.27061) / (1.0 + t * (0.99229 + t * 0.04481)) - t
    z = jnp.where(p < q, -z, z)  # minus the normal quantile of p (Numerical Recipes' sign)
    ab = jnp.where((a >= 1.0) & (b >= 1.0), a, 2.0)
    bb = jnp.where((a >= 1.0) & (b >= 1.0), b, 2.0)
    al = (z * z - 3.0) / 6.0
    h = 2.0 / (1.0 / (2.0 * ab - 1.0) + 1.0 / (2.0 * bb - 1.0))
    w = z * jnp.sqrt(al + h) / h - (1.0 / (2.0 * bb - 1.0) - 1.0 / (2.0 * ab - 1.0)) * (
        al + 5.0 / 6.0 - 2.0 / (3.0 * h)
    )
    x_normal = ab / (ab + bb * jnp.exp(2.0 * w))
    # log(a B(a, b)) and log(b B(a, b))
    lab = lax_special.lgamma(a + 1.0) + lax_special.lgamma(b) - lax_special.lgamma(a + b)
    lbb = lax_special.lgamma(a) + lax_special.lgamma(b + 1.0) - lax_special.lgamma(a + b)
    x_low = jnp.exp((jnp.log(p) + lab) / a)  # I ~ x^a / (a B) near 0
    y_high = jnp.exp((jnp.log(q) + lbb) / b)  # 1 - I ~ y^b / (b B) near 1
    # Numerical Recipes' split for small parameters, with w = x0^a / a + y0^b / b.
    lna, lnb = jnp.log(a / (a + b)), jnp.log(b / (a + b))
    t_a, t_b = jnp.exp(a * lna) / a, jnp.exp(b * lnb) / b
    tw = t_a + t_b
    x_small = jnp.where(p < t_a / tw, (a * tw * p) ** (1.0 / a), 1.0 - (b * tw * q) ** (1.0 / b))
    x = jnp.where((a >= 1.0) & (b >= 1.0), x_normal, x_small)
    # Far out, the power laws are accurate (the neglected factors are 1 + O(b x), 1 + O(a y)).
    x = jnp.where((p < q) & (x_low * jnp.maximum(b, 1.0) < 0.2), x_low, x)
    x = jnp.where((q <= p) & (y_high * jnp.maximum(a, 1.0) < 0.2), 1.0 - y_high, x)
    return jnp.clip(x, 1e-300, 1.0 - 1e-16)


_NEWTON_STEPS = 16


def _betaincinv_common(a: Any, b: Any, p: Any, q: Any) -> Any:
    """x in [0, 1] with I_x(a, b) = p (= 1 - q): Newton's method on the log of the smaller
    tail, stepping the log of the smaller of x and 1 - x (so both power-law ends converge
    in one step and neither loses its digits to the other)."""
    bad = (jnp.isnan(a) | jnp.isnan(b) | jnp.isnan(p) | jnp.isnan(q) | (a <= 0) | (b <= 0)
           | (p < 0) | (q < 0) | (jnp.isinf(a) & jnp.isinf(b)))  # fmt: skip
    ok = ~bad & (p > 0) & (q > 0) & jnp.isfinite(a) & jnp.isfinite(b)
    a_s, b_s = jnp.where(ok, a, 2.0), jnp.where(ok, b, 2.0)
    p_s, q_s = jnp.where(ok, p, 0.5), jnp.where(ok, q, 0.5)
    use_q = q_s < p_s
    log_target = jnp.log(jnp.where(use_q, q_s, p_s))
    x = _initial_guess(a_s, b_s, p_s, q_s)
    y = 1.0 - x
    # A bracket (as x and 1 - x, each exact) that the steps may not leave: past it, bisect.
    xl, yl = jnp.zeros_like(x), jnp.ones_like(x)
    xh, yh = jnp.ones_like(x), jnp.zeros_like(x)
    for _ in range(_NEWTON_STEPS):
        log_p, log_q = _betainc_logs(a_s, b_s, x, y)
        log_tail = jnp.where(use_q, log_q, log_p)
        resid = log_tail - log_target
        # too far right: P above p, or Q below q
        right = jnp.where(use_q, resid < 0, resid > 0)
        xh, yh = jnp.where(right, x, xh), jnp.where(right, y, yh)
        xl, yl = jnp.where(right, xl, x), jnp.where(right, yl, y)
        slope = jnp.exp(_log_density(a_s, b_s, x, y) - log_tail)  # |d log(tail) / dx|
        step_x = jnp.where(use_q, resid, -resid) / jnp.where(slope > 0, slope, 1.0)
        move_x = x <= 0.5
        dlog = jnp.clip(jnp.where(move_x, step_x / x, -step_x / y), -30.0, 30.0)
        x_new = jnp.where(move_x, x * jnp.exp(dlog), 1.0 - y * jnp.exp(dlog))
        y_new = jnp.where(move_x, 1.0 - x * jnp.exp(dlog), y * jnp.exp(dlog))
        inside = (x_new >= xl) & (x_new <= xh) & jnp.isfinite(log_tail) & jnp.isfinite(dlog)
        # Bisect: geometrically in x (in y) when the bracket lies below (above) 1/2, where the
        # roots can be 1e-300 (1 - 1e-300), arithmetically across 1/2.
        x_geo = jnp.sqrt(jnp.maximum(xl, 1e-300) * xh)
        y_geo = jnp.sqrt(jnp.maximum(yh, 1e-300) * yl)
        low, high = xh <= 0.5, xl >= 0.5
        x_mid = jnp.where(low, x_geo, jnp.where(high, 1.0 - y_geo, 0.5 * (xl + xh)))
        y_mid = jnp.where(low, 1.0 - x_geo, jnp.where(high, y_geo, 0.5 * (yl + yh)))
        x = jnp.where(inside, x_new, x_mid)
        y = jnp.where(inside, y_new, y_mid)
    # SciPy (Boost) rounds roots below the smallest normal number up to it.
    x = jnp.clip(x, float(onp.finfo(onp.float64).tiny), 1.0)
    # SciPy's limits: p = 0 -> 0, q = 0 -> 1; a = inf -> 1, b = inf -> 0.
    edge = jnp.where(p == 0, 0.0, jnp.where(q == 0, 1.0, jnp.where(jnp.isinf(a), 1.0, 0.0)))
    return jnp.where(bad, onp.nan, jnp.where(ok, x, edge))


@custom_jvp
def _betaincinv(a: Any, b: Any, y: Any) -> Any:
    return _util.via_float64(lambda a, b, y: _betaincinv_common(a, b, y, 1.0 - y))(a, b, y)


@custom_jvp
def _betainccinv(a: Any, b: Any, y: Any) -> Any:
    return _util.via_float64(lambda a, b, y: _betaincinv_common(a, b, 1.0 - y, y))(a, b, y)


def _inverse_jvp(sign: float) -> Any:
    # Implicit differentiation of I_x(a, b) = y (or 1 - y): dx = (sign dy - I_a da - I_b db)
    # / I_x.
    def jvp(primals: tuple, tangents: tuple) -> tuple:
        a, b, y = primals
        ga, gb, gy = tangents
        ans = (_betaincinv if sign > 0 else _betainccinv)(a, b, y)
        a64, b64, x64 = (v.astype(onp.float64) for v in (a, b, ans))
        da, db = _param_derivatives(a64, b64, x64)
        inv_dens = jnp.exp(-_log_density(a64, b64, x64, 1.0 - x64))
        dt = ans.dtype
        t = (sign * gy - ga * da.astype(dt) - gb * db.astype(dt)) * inv_dens.astype(dt)
        return ans, t

    return jvp


_betaincinv.defjvp(_inverse_jvp(1.0))
_betainccinv.defjvp(_inverse_jvp(-1.0))


def betaincinv(a: ArrayLike, b: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``betainc`` in ``x``: ``betainc(a, b, betaincinv(a, b, y)) == y``.
    Newton's method (12 steps, in float64) from Abramowitz and Stegun's starting value,
    differentiated implicitly."""
    a, b, y = _util.float_args("betaincinv", a, b, y)
    return _betaincinv(a, b, y)


def betainccinv(a: ArrayLike, b: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``betaincc`` in ``x``."""
    a, b, y = _util.float_args("betainccinv", a, b, y)
    return _betainccinv(a, b, y)


# ----------------------------------------------------------------------------- distributions
# Each CDF is an incomplete beta function of a ratio whose two halves (x and 1 - x) are both
# formed exactly, so the pair core takes them separately; the quantiles invert it.
@custom_jvp
def _pair(a: Any, b: Any, x: Any, y: Any) -> tuple[Any, Any]:
    """(I_x(a, b), 1 - I_x(a, b)) with x and y = 1 - x given apart (float64)."""
    return _betainc_pair(a, b, x, y)


def _pair_param_derivatives(a: Any, b: Any, x: Any, y: Any) -> tuple[Any, Any]:
    one, zero = jnp.ones_like(a), jnp.zeros_like(a)
    p_of = lambda *v: _betainc_pair(*v)[0]  # noqa: E731
    _, da = autodiff.jvp(p_of, (a, b, x, y), (one, zero, zero, zero))
    _, db = autodiff.jvp(p_of, (a, b, x, y), (zero, one, zero, zero))
    return da, db


@_pair.defjvp
def _pair_jvp(primals: tuple, tangents: tuple) -> tuple:
    # x and y move together (y = 1 - x), so dI = density * (dx - dy) / 2.
    a, b, x, y = primals
    ga, gb, gx, gy = tangents
    p, q = _pair(a, b, x, y)
    da, db = _pair_param_derivatives(a, b, x, y)
    dens = jnp.exp(_log_density(a, b, x, y))
    t = ga * da + gb * db + dens * 0.5 * (gx - gy)
    return (p, q), (t, -t)


@custom_jvp
def _inverse_pq(a: Any, b: Any, p: Any, q: Any) -> Any:
    """x with I_x(a, b) = p = 1 - q (float64)."""
    return _betaincinv_common(a, b, p, q)


@_inverse_pq.defjvp
def _inverse_pq_jvp(primals: tuple, tangents: tuple) -> tuple:
    a, b, p, q = primals
    ga, gb, gp, gq = tangents
    x = _inverse_pq(a, b, p, q)
    da, db = _param_derivatives(a, b, x)
    inv_dens = jnp.exp(-_log_density(a, b, x, 1.0 - x))
    return x, (0.5 * (gp - gq) - ga * da - gb * db) * inv_dens


def _student_tail(df: Any, t: Any) -> Any:
    """P(T < -|t|) = I_{df / (df + t^2)}(df / 2, 1 / 2) / 2."""
    t2 = t * t
    big = t2 > 1e300  # t^2 overflows: the tail is (df / t^2)^(df/2) to leading order
    t2s = jnp.where(big, 1.0, t2)
    z = jnp.where(df > t2s, 1.0 / (1.0 + t2s / df), df / (df + t2s))
    zc = jnp.where(df > t2s, (t2s / df) / (1.0 + t2s / df), t2s / (df + t2s))
    p = 0.5 * _pair(0.5 * df, jnp.full_like(df, 0.5), z, zc)[0]
    return jnp.where(big | jnp.isinf(t), 0.0, p)


def _stdtr64(df: Any, t: Any) -> Any:
    bad = jnp.isnan(df) | jnp.isnan(t) | (df <= 0)
    dfs = jnp.where(bad | jnp.isinf(df), 1.0, df)
    tail = _student_tail(dfs, t)
    out = jnp.where(t < 0, tail, 1.0 - tail)
    out = jnp.where(jnp.isinf(df), _error.ndtr(t), out)
    return jnp.where(bad, onp.nan, out)


def stdtr(df: ArrayLike, t: ArrayLike) -> Any:
    """Student's t CDF with ``df > 0`` degrees of freedom (``ndtr`` at ``df = inf``)."""
    df, t = _util.float_args("stdtr", df, t)
    return _util.via_float64(_stdtr64)(df, t)


def _stdtrit64(df: Any, p: Any) -> Any:
    bad = jnp.isnan(df) | jnp.isnan(p) | (df <= 0) | (p < 0) | (p > 1)
    dfs = jnp.where(bad | jnp.isinf(df), 1.0, df)
    ps = jnp.where(bad, 0.5, p)
    tail = jnp.minimum(ps, 1.0 - ps)
    half = jnp.full_like(dfs, 0.5)
    # z = df / (df + t^2) solves I_z(df/2, 1/2) = 2 tail, u = 1 - z = t^2 / (df + t^2) solves
    # I_u(1/2, df/2) = 1 - 2 tail; t comes from whichever of z, u is below 1/2 (exact there).
    two_tail = 2.0 * tail
    z = _inverse_pq(0.5 * dfs, half, two_tail, 1.0 - two_tail)
    u = _inverse_pq(half, 0.5 * dfs, 1.0 - two_tail, two_tail)
    t = jnp.sqrt(dfs) * jnp.where(u <= 0.5, jnp.sqrt(u / (1.0 - u)), jnp.sqrt((1.0 - z) / z))
    t = jnp.where(ps < 0.5, -t, t)
    t = jnp.where(jnp.isinf(df), _error.ndtri(ps), t)
    t = jnp.where(ps == 0, -onp.inf, jnp.where(ps == 1, onp.inf, t))
    return jnp.where(bad, onp.nan, t)


def stdtrit(df: ArrayLike, p: ArrayLike) -> Any:
    """The inverse of ``stdtr`` in ``t``. At ``p = 0`` this gives ``-inf`` (SciPy 1.17 gives
    ``+inf``)."""
    df, p = _util.float_args("stdtrit", df, p)
    return _util.via_float64(_stdtrit64)(df, p)


def _f_ratio(dfn: Any, dfd: Any, x: Any) -> tuple[Any, Any]:
    """(w, 1 - w) with w = dfn x / (dfd + dfn x), each without cancellation."""
    num = dfn * x
    den = dfd + num
    return num / den, dfd / den


def _fdtr64(dfn: Any, dfd: Any, x: Any, upper: bool) -> Any:
    bad = jnp.isnan(dfn) | jnp.isnan(dfd) | jnp.isnan(x) | (dfn <= 0) | (dfd <= 0) | (x < 0)
    bad = bad | ((jnp.isinf(dfn) | jnp.isinf(dfd)) & ~jnp.isposinf(x))  # SciPy: x = inf first
    xs = jnp.where(jnp.isinf(x), 1.0, x)
    w, wc = _f_ratio(jnp.where(bad, 1.0, dfn), jnp.where(bad, 1.0, dfd), xs)
    p, q = _pair(0.5 * jnp.where(bad, 1.0, dfn), 0.5 * jnp.where(bad, 1.0, dfd), w, wc)
    out = q if upper else p
    out = jnp.where(jnp.isposinf(x), 0.0 if upper else 1.0, out)
    return jnp.where(bad, onp.nan, out)


def fdtr(dfn: ArrayLike, dfd: ArrayLike, x: ArrayLike) -> Any:
    """The F distribution's CDF: ``betainc(dfn / 2, dfd / 2, dfn x / (dfd + dfn x))``."""
    dfn, dfd, x = _util.float_args("fdtr", dfn, dfd, x)
    return _util.via_float64(lambda *v: _fdtr64(*v, upper=False))(dfn, dfd, x)


def fdtrc(dfn: ArrayLike, dfd: ArrayLike, x: ArrayLike) -> Any:
    """The F distribution's survival function (the complement, computed directly)."""
    dfn, dfd, x = _util.float_args("fdtrc", dfn, dfd, x)
    return _util.via_float64(lambda *v: _fdtr64(*v, upper=True))(dfn, dfd, x)


def _fdtri64(dfn: Any, dfd: Any, p: Any) -> Any:
    bad = (jnp.isnan(dfn) | jnp.isnan(dfd) | jnp.isnan(p) | (dfn <= 0) | (dfd <= 0) | (p < 0)
           | (p > 1) | jnp.isinf(dfn) | jnp.isinf(dfd))  # fmt: skip
    a, b = 0.5 * jnp.where(bad, 1.0, dfn), 0.5 * jnp.where(bad, 1.0, dfd)
    ps = jnp.where(bad, 0.5, p)
    w = _inverse_pq(a, b, ps, 1.0 - ps)
    # 1 - w from the complementary inverse where w is near 1
    wc = _inverse_pq(b, a, 1.0 - ps, ps)
    x = jnp.where(w <= 0.5, dfd * w / (dfn * (1.0 - w)), dfd * (1.0 - wc) / (dfn * wc))
    x = jnp.where(ps == 1, onp.inf, jnp.where(ps == 0, 0.0, x))
    return jnp.where(bad, onp.nan, x)


def fdtri(dfn: ArrayLike, dfd: ArrayLike, p: ArrayLike) -> Any:
    """The inverse of ``fdtr`` in ``x``."""
    dfn, dfd, p = _util.float_args("fdtri", dfn, dfd, p)
    return _util.via_float64(_fdtri64)(dfn, dfd, p)


def _bdtr64(k: Any, n: Any, p: Any, upper: bool) -> Any:
    # SciPy's order: NaN, p outside [0, 1] or n = inf -> NaN; then (bdtrc) k < 0 -> 1; then
    # k < 0, n < 0 or k > n -> NaN. k is floored, n truncated.
    k, n = jnp.floor(k), jnp.trunc(n)
    bad = jnp.isnan(k) | jnp.isnan(n) | jnp.isnan(p) | (p < 0) | (p > 1) | jnp.isinf(n)
    below = k < 0
    bad_k = below | (n < 0) | (k > n)
    inner = (k >= 0) & (k < n) & ~bad & ~bad_k
    a = jnp.where(inner, k + 1.0, 1.0)  # P(X <= k) = I_{1-p}(n - k, k + 1) = 1 - I_p(k + 1, n - k)
    b = jnp.where(inner, n - k, 1.0)
    ps = jnp.where(inner, p, 0.5)
    lo, hi = _pair(a, b, ps, 1.0 - ps)
    out = lo if upper else hi
    out = jnp.where(k >= n, 0.0 if upper else 1.0, out)  # P(X <= n) = 1
    if upper:
        out = jnp.where(bad_k & ~below, onp.nan, jnp.where(below, 1.0, out))
    else:
        out = jnp.where(bad_k, onp.nan, out)
    return jnp.where(bad, onp.nan, out)


def bdtr(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> Any:
    """The binomial CDF ``P(X <= floor(k))`` for ``n`` trials (truncated to an integer, as
    SciPy) with success probability ``p``. NaN for k < 0 or k > n."""
    k, n, p = _util.float_args("bdtr", k, n, p)
    return _util.via_float64(lambda *v: _bdtr64(*v, upper=False))(k, n, p)


def bdtrc(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> Any:
    """The binomial survival function ``P(X > floor(k))``; 1 for k < 0, NaN for k > n."""
    k, n, p = _util.float_args("bdtrc", k, n, p)
    return _util.via_float64(lambda *v: _bdtr64(*v, upper=True))(k, n, p)


def _bdtri64(k: Any, n: Any, y: Any) -> Any:
    k, n = jnp.floor(k), jnp.trunc(n)
    bad = (jnp.isnan(k) | jnp.isnan(n) | jnp.isnan(y) | (y < 0) | (y > 1) | jnp.isinf(n)
           | (k < 0) | (k >= n))  # fmt: skip
    a, b = jnp.where(bad, 1.0, k + 1.0), jnp.where(bad, 1.0, n - k)
    # bdtr(k, n, p) = y  <=>  I_p(k + 1, n - k) = 1 - y
    p = _inverse_pq(a, b, 1.0 - y, y)
    return jnp.where(bad, onp.nan, p)


def bdtri(k: ArrayLike, n: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``bdtr`` in ``p``. NaN for k < 0 or k >= n."""
    k, n, y = _util.float_args("bdtri", k, n, y)
    return _util.via_float64(_bdtri64)(k, n, y)


def _nbdtr64(k: Any, n: Any, p: Any, upper: bool) -> Any:
    # SciPy's loop takes k and n as C longs: both truncate toward zero.
    k, n = jnp.trunc(k), jnp.trunc(n)
    bad = (jnp.isnan(k) | jnp.isnan(n) | jnp.isnan(p) | (p < 0) | (p > 1) | (k < 0) | (n <= 0)
           | jnp.isinf(k) | jnp.isinf(n))  # fmt: skip
    a, b = jnp.where(bad, 1.0, n), jnp.where(bad, 1.0, k + 1.0)
    lo, hi = _pair(a, b, p, 1.0 - p)  # P(X <= k) = I_p(n, k + 1)
    return jnp.where(bad, onp.nan, hi if upper else lo)


def nbdtr(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> Any:
    """The negative binomial CDF: ``betainc(n, floor(k) + 1, p)``."""
    k, n, p = _util.float_args("nbdtr", k, n, p)
    return _util.via_float64(lambda *v: _nbdtr64(*v, upper=False))(k, n, p)


def nbdtrc(k: ArrayLike, n: ArrayLike, p: ArrayLike) -> Any:
    """The negative binomial survival function: ``betaincc(n, floor(k) + 1, p)``."""
    k, n, p = _util.float_args("nbdtrc", k, n, p)
    return _util.via_float64(lambda *v: _nbdtr64(*v, upper=True))(k, n, p)


def _nbdtri64(k: Any, n: Any, y: Any) -> Any:
    # SciPy's order: k < 0 or NaN -> NaN, y = 0 -> 0, y = 1 -> 1, then n <= 0 -> NaN.
    k, n = jnp.trunc(k), jnp.trunc(n)
    bad = jnp.isnan(k) | jnp.isnan(n) | jnp.isnan(y) | (y < 0) | (y > 1) | (k < 0) | jnp.isinf(k)
    bad_n = (n <= 0) | jnp.isinf(n)
    use = ~bad & ~bad_n
    a, b = jnp.where(use, n, 1.0), jnp.where(use, k + 1.0, 1.0)
    out = jnp.where(bad_n, onp.nan, _inverse_pq(a, b, y, 1.0 - y))
    out = jnp.where(y == 0, 0.0, jnp.where(y == 1, 1.0, out))
    return jnp.where(bad, onp.nan, out)


def nbdtri(k: ArrayLike, n: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``nbdtr`` in ``p``."""
    k, n, y = _util.float_args("nbdtri", k, n, y)
    return _util.via_float64(_nbdtri64)(k, n, y)


# ----------------------------------------------------------------------------- gamma quantiles
def chdtri(v: ArrayLike, p: ArrayLike) -> Any:
    """The inverse of ``chdtrc`` in ``x``: ``2 gammainccinv(v / 2, p)``."""
    v, p = _util.float_args("chdtri", v, p)
    return jnp.where(jnp.isinf(v), onp.nan, 2.0 * gamma_family.gammainccinv(0.5 * v, p))


def pdtri(k: ArrayLike, y: ArrayLike) -> Any:
    """The inverse of ``pdtr`` in ``m``: ``gammainccinv(k + 1, y)`` with k truncated to an
    integer (SciPy's C long); NaN for k < 0 and, as SciPy, for y = 1."""
    k, y = _util.float_args("pdtri", k, y)
    k = jnp.trunc(k)
    bad = (k < 0) | jnp.isinf(k) | (y >= 1)
    m = gamma_family.gammainccinv(jnp.where(bad, 0.0, k) + 1.0, y)
    return jnp.where(bad, onp.nan, m)


# ----------------------------------------------------------------------------- Kolmogorov
_SQRT_2PI = float(onp.sqrt(2 * onp.pi))


def _kolmogorov64(y: Any) -> Any:
    # Q(y) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 y^2) for y >= 0.8 (10 terms reach 1e-40);
    # below, 1 - K(y) with Jacobi's form K(y) = sqrt(2 pi) / y sum exp(-(2k-1)^2 pi^2 / (8 y^2))
    # (at y = 0.8 the fourth term is e^-94), so neither sum cancels.
    big = y >= 0.8
    yb = jnp.where(big, y, 1.0)
    ys = jnp.where(big | (y <= 0), 0.5, y)
    alt = jnp.zeros_like(y)
    for k in reversed(range(1, 11)):
        alt = alt + (-1.0) ** (k - 1) * jnp.exp(-2.0 * k * k * yb * yb)
    theta = jnp.zeros_like(y)
    w = onp.pi**2 / (8.0 * ys * ys)
    for k in reversed(range(1, 8)):
        theta = theta + jnp.exp(-((2 * k - 1) ** 2) * w)
    out = jnp.where(big, 2.0 * alt, 1.0 - _SQRT_2PI / ys * theta)
    out = jnp.where(y <= 0, 1.0, jnp.where(jnp.isposinf(y), 0.0, out))
    return jnp.where(jnp.isnan(y), onp.nan, out)


def kolmogorov(y: ArrayLike) -> Any:
    """The Kolmogorov distribution's survival function ``P(sqrt(n) D_n > y)`` as n -> inf:
    1 for y <= 0. Fixed sums (differentiable by their own terms)."""
    (y,) = _util.float_args("kolmogorov", y)
    return _util.via_float64(_kolmogorov64)(y)
