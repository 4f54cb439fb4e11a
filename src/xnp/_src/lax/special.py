"""Special functions: the gamma family (``lgamma``, ``digamma``, ``polygamma``, the incomplete
gamma functions), the Hurwitz ``zeta`` function and the scaled Bessel functions ``bessel_i0e``
and ``bessel_i1e``.

They are elementwise primitives made by ``elementwise.define``; each one's autodiff and batching
rules sit right under its definition. CHLO has ``lgamma``, ``digamma``, ``polygamma``, ``zeta``
and ``bessel_i1e``; ``bessel_i0e`` and the incomplete gamma family are lowered as compositions of
StableHLO ops, written in elementwise.py's formula DSL.

Where XLA's values differ from SciPy's: ``lgamma(-inf)`` is +inf (C99; SciPy says -inf) and
``digamma`` is NaN at 0 (SciPy: -inf).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise as lax
from xnp._src.lax import formulas as F
from xnp._src.lax import utils

hlo, chlo = mlir.hlo, mlir.chlo

# The lowering formula mini-language (formulas.py), under the short names the rules use, and
# elementwise.py's rule helpers.
_Val, _where, _isnan, _any = F.Val, F.where, F.isnan, F.any_true
_while, _formula = F.while_loop, F.formula
_abs, _exp, _log, _sqrt, _log1p = F.abs, F.exp, F.log, F.sqrt, F.log1p
_lgamma, _digamma = F.lgamma, F.digamma
_one, _zeros_like = lax._one, lax._zeros_like


# ----------------------------------------------------------------------------- gamma, zeta

lgamma_p, lgamma = lax.define("lgamma", 1, chlo.lgamma, utils.FLOAT)
digamma_p, digamma = lax.define("digamma", 1, chlo.digamma, utils.FLOAT)
polygamma_p, polygamma = lax.define(
    "polygamma",
    2,
    chlo.polygamma,
    utils.FLOAT,
    doc="The ``m``-th derivative of ``digamma`` at ``x`` (``m`` a non-negative integer value).",
)
zeta_p, zeta = lax.define(
    "zeta",
    2,
    chlo.zeta,
    utils.FLOAT,
    doc="The Hurwitz zeta function ``sum((k + q) ** -x, k >= 0)``.",
)

ad.defjvp(lgamma_p, lambda g, x: lax.mul(g, digamma(x)))
ad.defjvp(digamma_p, lambda g, x: lax.mul(g, polygamma(_one(x), x)))
ad.defjvp(polygamma_p, None, lambda g, m, x: lax.mul(g, polygamma(lax.add(m, _one(m)), x)))
ad.defnondiff(zeta_p, "the Hurwitz zeta function's derivatives are not implemented")
batching.defvectorized(lgamma_p, digamma_p)
batching.defbroadcasting(polygamma_p, zeta_p)


# ----------------------------------------------------------------------------- Bessel functions
# Chebyshev coefficients (c_0 halved) of exp(-x) I0(x) in t = x/4 - 1 on [0, 8] and of
# sqrt(x) exp(-x) I0(x) in u = 16/x - 1 on (8, inf), computed at 50 digits from the power
# series of I0 at 64 Chebyshev nodes and truncated where terms fall below 1e-18.
_I0E_SMALL = (
    0.33839763720473803, -0.3046826723431984, 0.17162090152220877, -0.09490109704804764,
    0.04930528423967071, -0.02373741480589947, 0.010546460394594998, -0.004324309995050576,
    0.0016394756169413357, -0.0005763755745385824, 0.00018850288509584165,
    -5.754195010082104e-05, 1.6448448070728896e-05, -4.4167383584587505e-06,
    1.1173875391201037e-06, -2.670793853940612e-07, 6.046995022541919e-08,
    -1.300025009986248e-08, 2.6598237246823866e-09, -5.189795601635263e-10,
    9.675809035373237e-11, -1.726826291441556e-11, 2.95505266312964e-12,
    -4.856446783111929e-13, 7.676185498604936e-14, -1.1685332877993451e-14,
    1.715391285555133e-15, -2.431279846547955e-16, 3.3307945188222384e-17,
    -4.4153416464793395e-18,
)  # fmt: skip
_I0E_LARGE = (
    0.4022452055070544, 0.0033691164782556943, 6.889758346916825e-05, 2.8913705208347567e-06,
    2.0489185894690638e-07, 2.266668990498178e-08, 3.3962320257083865e-09,
    4.94060238822497e-10, 1.1889147107846439e-11, -3.1499165279632416e-11,
    -1.3215811840447713e-11, -1.7941785315068062e-12, 7.180124451383666e-13,
    3.8527783827421426e-13, 1.54008621752141e-14, -4.150569347287222e-14,
    -9.554846698828307e-15, 3.8116806693526224e-15, 1.7725601330565263e-15,
    -3.425485619677219e-16, -2.8276239805165836e-16, 3.461222867697461e-17,
    4.46562142029676e-17, -4.830504485944182e-18, -7.233180487874754e-18,
    9.921475412173699e-19, 1.193650890845982e-18,
)  # fmt: skip


def _chebyshev(t: _Val, coeffs: Sequence[float], tol: float) -> _Val:
    """Clenshaw's recurrence for ``sum(c_k T_k(t))``, dropping trailing terms below ``tol``."""
    n = 1 + max(k for k, c in enumerate(coeffs) if abs(c) >= tol)
    b1 = b2 = t * 0.0
    for c in reversed(coeffs[1:n]):
        b1, b2 = 2.0 * t * b1 - b2 + c, b1
    return t * b1 - b2 + coeffs[0]


def _bessel_i0e(x: _Val) -> _Val:
    tol = 1e-18 if x.aval.dtype == onp.float64 else 1e-9
    ax = _abs(x)
    small = ax <= 8.0
    t = _where(small, ax, 8.0) * 0.25 - 1.0
    u = 16.0 / _where(small, 16.0, ax) - 1.0
    large = _chebyshev(u, _I0E_LARGE, tol) / _sqrt(_where(small, 1.0, ax))
    return _where(small, _chebyshev(t, _I0E_SMALL, tol), large)  # NaN takes the large branch


bessel_i0e_p, bessel_i0e = lax.define(
    "bessel_i0e",
    1,
    _formula(_bessel_i0e),
    utils.FLOAT,
    with_ctx=True,
    doc="``exp(-abs(x)) * I0(x)``, the exponentially scaled modified Bessel function.",
)
bessel_i1e_p, bessel_i1e = lax.define("bessel_i1e", 1, chlo.bessel_i1e, utils.FLOAT)


def _i0e_jvp(g: Any, ans: Any, x: Any) -> Any:
    return lax.mul(g, lax.sub(bessel_i1e(x), lax.mul(lax.sign(x), ans)))


def _i1e_jvp(g: Any, ans: Any, x: Any) -> Any:
    # d/dx i1e(x) = i0e(x) - i1e(x) (sign(x) + 1/x); at x == 0 the limit is 1/2.
    safe = lax.select(lax.eq(x, _zeros_like(x)), _one(x), x)
    d = lax.sub(bessel_i0e(x), lax.mul(ans, lax.add(lax.sign(x), lax.reciprocal(safe))))
    return lax.mul(g, lax.select(lax.eq(x, _zeros_like(x)), _one(x, 0.5), d))


ad.defjvp2(bessel_i0e_p, _i0e_jvp)
ad.defjvp2(bessel_i1e_p, _i1e_jvp)
batching.defvectorized(bessel_i0e_p, bessel_i1e_p)


# ----------------------------------------------------------------------------- igamma family
# P(a, x) by its power series where x <= max(1, a), and Q(a, x) by Legendre's continued
# fraction elsewhere (Cephes' split), each iterated in a stablehlo.while until every element
# has converged. The derivative in `a` is carried along with each recurrence (forward mode).
# With ax = a log x - x - lgamma(a):
#   series:  P = e^ax S / a,  S = sum_n c_n,  c_0 = 1,  c_n = c_{n-1} x / (a + n)
#   fraction: Q = e^ax f,  f = lim p_k / q_k
# The reparameterization gradient of x ~ Gamma(a) is dx/da = -(dP/da) / (dP/dx) with
# dP/dx = e^ax / x, so it needs no exponential at all.
_MAX_ITERATIONS = 2000


def _iterate(
    state: dict[str, _Val], active: _Val, step: Callable[[dict], tuple[dict, _Val]]
) -> dict[str, _Val]:
    """Apply ``step`` (new state, converged mask) to the ``active`` elements until every one
    has converged or the iteration cap is reached; the others keep their start values."""
    names = list(state)
    counter = _Val(mlir.ir_constant(onp.int32(0)), core.ShapedArray((), onp.dtype(onp.int32)))

    def cond(vals: list[_Val]) -> Any:
        return hlo.and_(_any(vals[0]), (vals[1] < _MAX_ITERATIONS).v)

    def body(vals: list[_Val]) -> list[_Val]:
        act, n, *rest = vals
        cur = dict(zip(names, rest, strict=True))
        new, done = step(cur)
        return [act & ~done, n + 1, *(_where(act, new[k], cur[k]) for k in names)]

    out = _while([active, counter, *state.values()], cond, body)
    return dict(zip(names, out[2:], strict=True))


def _series(a: _Val, x: _Val, active: _Val, eps: float, grad: bool) -> tuple[_Val, _Val]:
    """(S, dS/da) of the series (dS/da only when ``grad``)."""
    zero = x * 0.0
    state = {"r": a, "c": zero + 1.0, "total": zero + 1.0}
    if grad:
        state |= {"dc": zero, "dtotal": zero}

    def step(s: dict) -> tuple[dict, _Val]:
        r = s["r"] + 1.0
        c = s["c"] * x / r
        new = {"r": r, "c": c, "total": s["total"] + c}
        done = _abs(c) <= _abs(new["total"]) * eps
        if grad:
            dc = (s["dc"] * x - c) / r  # d/da of c_n = c_{n-1} x / (a + n)
            new |= {"dc": dc, "dtotal": s["dtotal"] + dc}
            done = done & (_abs(dc) <= _abs(new["dtotal"]) * eps)
        return new, done

    out = _iterate(state, active, step)
    return out["total"], out.get("dtotal", zero)


def _fraction(a: _Val, x: _Val, active: _Val, eps: float, grad: bool) -> tuple[_Val, _Val]:
    """(f, df/da) of the continued fraction for Q = e^ax f (df/da only when ``grad``)."""
    big = 2.0**52 if x.aval.dtype == onp.float64 else 2.0**24
    zero = x * 0.0
    y = 1.0 - a
    z = x + y + 1.0
    ans = (x + 1.0) / (z * x)
    state = {"c": zero, "y": y, "z": z, "ans": ans,
             "pkm2": zero + 1.0, "qkm2": x, "pkm1": x + 1.0, "qkm1": z * x}  # fmt: skip
    if grad:
        state |= {"dans": ans / z, "dpkm2": zero, "dqkm2": zero, "dpkm1": zero, "dqkm1": -x}

    def step(s: dict) -> tuple[dict, _Val]:
        c, y, z = s["c"] + 1.0, s["y"] + 1.0, s["z"] + 2.0
        yc = y * c
        pk = s["pkm1"] * z - s["pkm2"] * yc
        qk = s["qkm1"] * z - s["qkm2"] * yc
        nonzero = qk.cmp("NE", 0.0)
        q_safe = _where(nonzero, qk, 1.0)
        r = pk / q_safe
        done = nonzero & (_abs(s["ans"] - r) <= _abs(r) * eps)
        shifted = {"pkm2": s["pkm1"], "qkm2": s["qkm1"], "pkm1": pk, "qkm1": qk}
        too_big = _abs(pk) > big
        if grad:
            # d/da of the recurrences: dy/da = dz/da = -1, so d(yc)/da = -c.
            dpk = s["dpkm1"] * z - s["pkm1"] - s["dpkm2"] * yc + s["pkm2"] * c
            dqk = s["dqkm1"] * z - s["qkm1"] - s["dqkm2"] * yc + s["qkm2"] * c
            dr = (dpk - r * dqk) / q_safe
            done = done & (_abs(s["dans"] - dr) <= _abs(dr) * eps)
            shifted |= {"dpkm2": s["dpkm1"], "dqkm2": s["dqkm1"], "dpkm1": dpk, "dqkm1": dqk}
            too_big = too_big | (_abs(dpk) > big)
        # The recurrences are homogeneous: rescale them all before they overflow.
        scale = _where(too_big, 1.0 / big, 1.0, like=pk)
        new = {k: v * scale for k, v in shifted.items()}
        new |= {"c": c, "y": y, "z": z, "ans": _where(nonzero, r, s["ans"])}
        if grad:
            new["dans"] = _where(nonzero, dr, s["dans"])
        return new, done

    out = _iterate(state, active, step)
    return out["ans"], out.get("dans", zero)


def _log_prefactor(a: _Val, x: _Val, log_x: _Val) -> _Val:
    """``a log x - x - lgamma(a)``, without the cancellation of its O(a log a) terms for large
    ``a``: there, Stirling's series for lgamma gives ``-a (t - log1p(t)) + log(a / 2 pi) / 2
    - corr(a)`` with ``t = (x - a) / a``, whose rounding error is O(eps |x - a|); for x < a / 2
    the first term is written ``a log(x / a) + a - x``."""
    large = a >= 20.0
    a_l = _where(large, a, 20.0)
    t = (x - a_l) / a_l
    r = 1.0 / a_l
    r2 = r * r
    corr = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
    # For x << a, 1 + t = x / a loses its low digits when t rounds (relative error eps / (1 + t),
    # times a): there a log(x / a) + a - x, whose error is O(eps a), is the same quantity.
    main = _where(t < -0.5, a_l * _log(x / a_l) + (a_l - x), -a_l * (t - _log1p(t)))
    stirling = main + 0.5 * _log(a_l / (2 * onp.pi)) - corr
    return _where(large, stirling, a * log_x - x - _lgamma(a))


def _igamma(a: _Val, x: _Val, *, mode: str) -> _Val:
    """mode: 'p' (P), 'q' (Q), 'dp_da' (dP/da) or 'sample' (dx/da for x ~ Gamma(a))."""
    eps = float(onp.finfo(x.aval.dtype).eps)
    grad = mode in ("dp_da", "sample")
    x_zero, x_inf = x.cmp("EQ", 0.0), x.cmp("EQ", onp.inf)
    a_zero, a_inf = a.cmp("EQ", 0.0), a.cmp("EQ", onp.inf)
    invalid = _isnan(a) | _isnan(x) | (a < 0.0) | (x < 0.0) | (a_zero & x_zero) | (a_inf & x_inf)
    # Far in the upper tail Q < e^-1000 (0 in every float type) and P is 1: the fraction's
    # recurrences would overflow there (NaN for x >~ 1e15 in float32, 1e300 in float64).
    far = x > a * 2.0 + 1000.0
    special = invalid | x_zero | x_inf | a_zero | a_inf | far
    use_fraction = (x > 1.0) & (x > a)
    # Safe stand-ins where an element takes the other path, so neither loop sees inf or NaN.
    a_s = _where(special, 1.0, a)
    x_s = _where(special, 0.5, x)
    x_f = _where(use_fraction & ~special, x, 2.0)
    a_f = _where(use_fraction & ~special, a, 1.0)
    s, ds = _series(a_s, _where(use_fraction, 0.5, x_s), ~special & ~use_fraction, eps, grad)
    f, df = _fraction(a_f, x_f, ~special & use_fraction, eps, grad)
    log_x = _log(x_s)
    ax = _log_prefactor(a_s, x_s, log_x)
    if not grad:
        p_series = _exp(ax) * s / a_s
        q_fraction = _exp(ax) * f
        p = _where(use_fraction, 1.0 - q_fraction, p_series)
        regular = p if mode == "p" else _where(use_fraction, q_fraction, 1.0 - p_series)
        # Limits: P(a, 0) = 0, P(a, inf) = 1 (and far out), P(0, x > 0) = 1, P(inf, x < inf) = 0.
        p_special = _where(x_zero | a_inf, 0.0, 1.0, like=x)
        value = p_special if mode == "p" else 1.0 - p_special
    else:
        dlog = log_x - _digamma(a_s)
        d_series = ds / a_s - s / (a_s * a_s) + s / a_s * dlog  # d(S/a)/da + (S/a) d(ax)/da
        d_fraction = -(df + f * dlog)  # -d(f)/da - f d(ax)/da, so that dP/da = e^ax d
        d = _where(use_fraction, d_fraction, d_series)
        regular = _exp(ax) * d if mode == "dp_da" else -x_s * d
        value = _where(a_zero, onp.nan, 0.0, like=x)
    return _where(invalid, onp.nan, _where(special, value, regular))


def _define_igamma(name: str, mode: str, doc: str) -> tuple[core.Primitive, Callable[..., Any]]:
    lower = _formula(lambda a, x: _igamma(a, x, mode=mode))
    return lax.define(name, 2, lower, utils.FLOAT, with_ctx=True, doc=doc)


igamma_p, igamma = _define_igamma(
    "igamma", "p", "The regularized lower incomplete gamma function P(a, x) (``gammainc``)."
)
igammac_p, igammac = _define_igamma(
    "igammac", "q", "The regularized upper incomplete gamma function Q(a, x) (``gammaincc``)."
)
igamma_grad_a_p, igamma_grad_a = _define_igamma(
    "igamma_grad_a", "dp_da", "The derivative of ``igamma(a, x)`` with respect to ``a``."
)
random_gamma_grad_p, random_gamma_grad = _define_igamma(
    "random_gamma_grad",
    "sample",
    "d x / d a for a sample ``x`` of Gamma(a, 1) by implicit reparameterization: "
    "``-(dP/da) / (dP/dx)`` with P = ``igamma(a, x)``.",
)


def _igamma_da(g: Any, a: Any, x: Any) -> Any:
    return lax.mul(g, igamma_grad_a(a, x))


def _igamma_dx(g: Any, a: Any, x: Any) -> Any:
    # d/dx P(a, x) = x^(a-1) e^-x / Gamma(a)
    log_pdf = lax.sub(lax.sub(lax.mul(lax.sub(a, _one(a)), lax.log(x)), x), lgamma(a))
    return lax.mul(g, lax.exp(log_pdf))


ad.defjvp(igamma_p, _igamma_da, _igamma_dx)
ad.defjvp(igammac_p, lambda g, a, x: lax.neg(_igamma_da(g, a, x)),
          lambda g, a, x: lax.neg(_igamma_dx(g, a, x)))  # fmt: skip
ad.defnondiff(igamma_grad_a_p, "a derivative helper; its own derivative is not implemented")
ad.defnondiff(random_gamma_grad_p, "a derivative helper; its own derivative is not implemented")
batching.defbroadcasting(igamma_p, igammac_p, igamma_grad_a_p, random_gamma_grad_p)
