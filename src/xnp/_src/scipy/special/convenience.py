"""SciPy's convenience functions: the logistic family, softmax and logsumexp, x log y, the
entropies, Huber losses, Box-Cox transforms, degree trigonometry and combinatorics.

Every function computes in SciPy's loop dtype (float32 or float64, see ``_util``) and is written
over the NumPy layer, so its derivatives, batching and compilation come from those operations.
Branches are selected with ``where`` over finite stand-ins, so the unselected branch never feeds
an inf or NaN into a derivative.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util
from xnp._src.scipy.special import _util
from xnp._src.scipy.special import gamma as _gamma
from xnp._src.typing import ArrayLike


# ----------------------------------------------------------------------------- logistic family
def expit(x: ArrayLike) -> Any:
    """The logistic sigmoid ``1 / (1 + exp(-x))``."""
    (x,) = _util.float_args("expit", x)
    e = jnp.exp(-jnp.abs(x))
    return jnp.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logit(p: ArrayLike) -> Any:
    """``log(p / (1 - p))``; ``log1p((2p - 1) / (1 - p))`` where ``2p - 1`` is exact (p >= 1/4),
    so there is no cancellation near 1/2."""
    (p,) = _util.float_args("logit", p)
    low = p < 0.25
    p_low = jnp.where(low, p, 0.125)
    p_high = jnp.where(low, 0.5, p)
    high = jnp.log1p((2.0 * p_high - 1.0) / (1.0 - p_high))
    return jnp.where(low, jnp.log(p_low) - jnp.log1p(-p_low), high)


def log_expit(x: ArrayLike) -> Any:
    """``log(expit(x))`` without overflow or cancellation."""
    (x,) = _util.float_args("log_expit", x)
    return jnp.minimum(x, 0.0) - jnp.log1p(jnp.exp(-jnp.abs(x)))


def softplus(x: ArrayLike) -> Any:
    """``log(1 + exp(x))`` without overflow."""
    (x,) = _util.float_args("softplus", x)
    return jnp.maximum(x, 0.0) + jnp.log1p(jnp.exp(-jnp.abs(x)))


def _axes(x: Any, axis: Any) -> tuple[int, ...]:
    return util.canonical_axes("special", axis, x.ndim)


def logsumexp(
    a: ArrayLike,
    axis: Any = None,
    b: ArrayLike | None = None,
    keepdims: bool = False,
    return_sign: bool = False,
) -> Any:
    """``log(sum(b * exp(a), axis))``, shifted by the maximum for stability. With
    ``return_sign``, returns ``(log|s|, sign(s))`` (SciPy's convention; without it a negative
    sum gives NaN)."""
    if b is None:
        (a,) = _util.float_args("logsumexp", a)
    else:
        a, b = _util.float_args("logsumexp", a, b)
    axes = _axes(a, axis)
    if a.size == 0:
        shifted_max = jnp.zeros_like(jnp.sum(a, axis=axes, keepdims=True))
    else:
        a_max = jnp.max(a, axis=axes, keepdims=True)
        shifted_max = jnp.where(jnp.isfinite(a_max), a_max, 0.0)
    shifted_max = jnp.asarray(shifted_max)
    e = jnp.exp(a - shifted_max)
    if b is not None:
        e = e * b
    s = jnp.sum(e, axis=axes, keepdims=True)
    sign = jnp.sign(s)
    out = jnp.log(jnp.abs(s)) + shifted_max
    if not return_sign:
        out = jnp.where(sign < 0, onp.nan, out)
    if not keepdims:
        out = jnp.squeeze(out, axis=axes)
        sign = jnp.squeeze(sign, axis=axes)
    return (out, sign) if return_sign else out


def softmax(x: ArrayLike, axis: Any = None) -> Any:
    """``exp(x) / sum(exp(x), axis)``, shifted by the maximum."""
    (x,) = _util.float_args("softmax", x)
    axes = _axes(x, axis)
    e = jnp.exp(x - jnp.max(x, axis=axes, keepdims=True))
    return e / jnp.sum(e, axis=axes, keepdims=True)


def log_softmax(x: ArrayLike, axis: Any = None) -> Any:
    """``x - logsumexp(x, axis)``."""
    (x,) = _util.float_args("log_softmax", x)
    axes = _axes(x, axis)
    shifted = x - jnp.max(x, axis=axes, keepdims=True)
    return shifted - jnp.log(jnp.sum(jnp.exp(shifted), axis=axes, keepdims=True))


# ----------------------------------------------------------------------------- x log y, entropies
def xlogy(x: ArrayLike, y: ArrayLike) -> Any:
    """``x * log(y)``, 0 where ``x == 0`` (unless ``y`` is NaN)."""
    x, y = _util.float_args("xlogy", x, y)
    zero = (x == 0) & ~jnp.isnan(y)
    return jnp.where(zero, 0.0, x * jnp.log(jnp.where(zero, 1.0, y)))


def xlog1py(x: ArrayLike, y: ArrayLike) -> Any:
    """``x * log1p(y)``, 0 where ``x == 0`` (unless ``y`` is NaN)."""
    x, y = _util.float_args("xlog1py", x, y)
    zero = (x == 0) & ~jnp.isnan(y)
    return jnp.where(zero, 0.0, x * jnp.log1p(jnp.where(zero, 0.0, y)))


def entr(x: ArrayLike) -> Any:
    """``-x log x`` for x > 0, 0 at 0, -inf for x < 0."""
    (x,) = _util.float_args("entr", x)
    pos = x > 0
    xs = jnp.where(pos, x, 1.0)
    return jnp.where(pos, -xs * jnp.log(xs), jnp.where(x == 0, 0.0, jnp.where(x < 0, -onp.inf, x)))


def _x_log_x_over_y(x: Any, y: Any) -> Any:
    # x log(x / y), with the ratio's logarithm as a difference where x / y over- or underflows.
    ratio = x / y
    tiny = float(onp.finfo(onp.dtype(x.dtype)).tiny)
    normal = jnp.isfinite(ratio) & (ratio >= tiny)
    return x * jnp.where(normal, jnp.log(jnp.where(normal, ratio, 1.0)), jnp.log(x) - jnp.log(y))


def rel_entr(x: ArrayLike, y: ArrayLike) -> Any:
    """``x log(x / y)`` for x, y > 0; 0 where x == 0 and y >= 0; inf otherwise."""
    x, y = _util.float_args("rel_entr", x, y)
    both = (x > 0) & (y > 0)
    xs, ys = jnp.where(both, x, 1.0), jnp.where(both, y, 1.0)
    other = jnp.where((x == 0) & (y >= 0), jnp.zeros_like(x), onp.inf)
    nan = jnp.isnan(x) | jnp.isnan(y)
    return jnp.where(nan, onp.nan, jnp.where(both, _x_log_x_over_y(xs, ys), other))


def kl_div(x: ArrayLike, y: ArrayLike) -> Any:
    """``x log(x / y) - x + y`` for x, y > 0; ``y`` where x == 0 and y >= 0; inf otherwise."""
    x, y = _util.float_args("kl_div", x, y)
    both = (x > 0) & (y > 0)
    xs, ys = jnp.where(both, x, 1.0), jnp.where(both, y, 1.0)
    other = jnp.where((x == 0) & (y >= 0), y, onp.inf)
    nan = jnp.isnan(x) | jnp.isnan(y)
    return jnp.where(nan, onp.nan, jnp.where(both, _x_log_x_over_y(xs, ys) - xs + ys, other))


# ----------------------------------------------------------------------------- Huber losses
def huber(delta: ArrayLike, r: ArrayLike) -> Any:
    """``r**2 / 2`` where ``|r| <= delta``, ``delta (|r| - delta / 2)`` beyond; inf where
    delta < 0."""
    delta, r = _util.float_args("huber", delta, r)
    ar = jnp.abs(r)
    out = jnp.where(ar <= delta, 0.5 * r * r, delta * (ar - 0.5 * delta))
    return jnp.where(delta < 0, onp.inf, out)


def pseudo_huber(delta: ArrayLike, r: ArrayLike) -> Any:
    """``delta**2 (sqrt(1 + (r / delta)**2) - 1)``, written as ``r**2 / (sqrt(1 + t**2) + 1)``
    to avoid cancellation; 0 where delta == 0 or r == 0, inf for delta < 0."""
    delta, r = _util.float_args("pseudo_huber", delta, r)
    zero = (delta == 0) | (r == 0)
    ds = jnp.where(zero | (delta < 0), 1.0, delta)
    rs = jnp.where(zero, 1.0, r)
    t = rs / ds
    out = rs * rs / (jnp.sqrt(1.0 + t * t) + 1.0)
    out = jnp.where(jnp.isinf(r) & (delta > 0), onp.inf, out)
    zero = (delta == 0) | (r == 0)
    return jnp.where(delta < 0, onp.inf, jnp.where(zero, 0.0, out))


# ----------------------------------------------------------------------------- Box-Cox
def boxcox(x: ArrayLike, lmbda: ArrayLike) -> Any:
    """``(x**lmbda - 1) / lmbda``, ``log(x)`` where lmbda == 0."""
    x, lmbda = _util.float_args("boxcox", x, lmbda)
    small = jnp.abs(lmbda) < 1e-19
    ls = jnp.where(small, 1.0, lmbda)
    lx = jnp.log(x)
    return jnp.where(small, lx, jnp.expm1(ls * lx) / ls)


def boxcox1p(x: ArrayLike, lmbda: ArrayLike) -> Any:
    """``((1 + x)**lmbda - 1) / lmbda``, ``log1p(x)`` where lmbda == 0."""
    x, lmbda = _util.float_args("boxcox1p", x, lmbda)
    lx = jnp.log1p(x)
    # SciPy's cut-offs: where lmbda * log1p(x) would underflow, the result is log1p(x).
    small = (jnp.abs(lmbda) < 1e-19) | ((jnp.abs(lx) < 1e-289) & (jnp.abs(lmbda) < 1e273))
    ls = jnp.where(small, 1.0, lmbda)
    return jnp.where(small, lx, jnp.expm1(ls * lx) / ls)


def inv_boxcox(y: ArrayLike, lmbda: ArrayLike) -> Any:
    """The inverse of ``boxcox``: ``(1 + lmbda y)**(1 / lmbda)``, ``exp(y)`` where lmbda == 0."""
    y, lmbda = _util.float_args("inv_boxcox", y, lmbda)
    zero = lmbda == 0
    ls = jnp.where(zero, 1.0, lmbda)
    return jnp.where(zero, jnp.exp(y), jnp.exp(jnp.log1p(ls * y) / ls))


def inv_boxcox1p(y: ArrayLike, lmbda: ArrayLike) -> Any:
    """The inverse of ``boxcox1p``."""
    y, lmbda = _util.float_args("inv_boxcox1p", y, lmbda)
    zero = lmbda == 0
    ls = jnp.where(zero, 1.0, lmbda)
    return jnp.where(zero, jnp.expm1(y), jnp.expm1(jnp.log1p(ls * y) / ls))


# ----------------------------------------------------------------------------- elementary
def cbrt(x: ArrayLike) -> Any:
    """The real cube root."""
    (x,) = _util.float_args("cbrt", x)
    return jnp.cbrt(x)


def exp2(x: ArrayLike) -> Any:
    """``2**x``."""
    (x,) = _util.float_args("exp2", x)
    return jnp.exp2(x)


def exp10(x: ArrayLike) -> Any:
    """``10**x``."""
    (x,) = _util.float_args("exp10", x)
    return jnp.power(jnp.asarray(10.0, dtype=x.dtype), x)


def expm1(x: ArrayLike) -> Any:
    """``exp(x) - 1`` accurate near 0."""
    (x,) = _util.float_args("expm1", x)
    return jnp.expm1(x)


def log1p(x: ArrayLike) -> Any:
    """``log(1 + x)`` accurate near 0."""
    (x,) = _util.float_args("log1p", x)
    return jnp.log1p(x)


def exprel(x: ArrayLike) -> Any:
    """``(exp(x) - 1) / x``, 1 at 0."""
    (x,) = _util.float_args("exprel", x)
    zero = x == 0
    xs = jnp.where(zero, 1.0, x)
    out = jnp.where(zero, 1.0, jnp.expm1(xs) / xs)
    return jnp.where(jnp.isposinf(x), onp.inf, jnp.where(jnp.isneginf(x), 0.0, out))


def cosm1(x: ArrayLike) -> Any:
    """``cos(x) - 1``, as ``-2 sin(x / 2)**2`` for ``|x| <= pi / 4`` (no cancellation) and
    directly beyond (SciPy's split, so both round alike there)."""
    (x,) = _util.float_args("cosm1", x)
    s = jnp.sin(0.5 * x)
    return jnp.where(jnp.abs(x) <= onp.pi / 4, -2.0 * s * s, jnp.cos(x) - 1.0)


def round(x: ArrayLike) -> Any:  # noqa: A001 (SciPy's name)
    """The nearest integer, halfway cases to even."""
    (x,) = _util.float_args("round", x)
    return jnp.rint(x)


def _reduce_degrees(x: Any) -> tuple[Any, Any]:
    """(r, k): x = r + 90 k exactly with |r| <= 45 (fmod by 360 is exact)."""
    m = jnp.fmod(x, 360.0)
    k = jnp.round(m / 90.0)
    return m - 90.0 * k, jnp.fmod(k, 4.0)


def _sin_cos_degrees(x: Any) -> tuple[Any, Any]:
    # SciPy (Cephes) returns 0 beyond |x| = 1e14 degrees, where no digit of the reduction
    # survives; the reduction here is exact, but the answer follows SciPy's.
    lost = jnp.abs(x) > 1e14
    r, k = _reduce_degrees(jnp.where(lost, 0.0, x))
    rad = r * (onp.pi / 180.0)
    s, c = jnp.sin(rad), jnp.cos(rad)
    k = jnp.where(k < 0, k + 4.0, k)
    sin = jnp.where(k == 0, s, jnp.where(k == 1, c, jnp.where(k == 2, -s, -c)))
    cos = jnp.where(k == 0, c, jnp.where(k == 1, -s, jnp.where(k == 2, -c, s)))
    return jnp.where(lost, 0.0, sin), jnp.where(lost, 0.0, cos)


def sindg(x: ArrayLike) -> Any:
    """The sine of ``x`` degrees (exact zeros at multiples of 180)."""
    (x,) = _util.float_args("sindg", x)
    return _sin_cos_degrees(x)[0] + 0.0


def cosdg(x: ArrayLike) -> Any:
    """The cosine of ``x`` degrees (exact zeros at odd multiples of 90)."""
    (x,) = _util.float_args("cosdg", x)
    return _sin_cos_degrees(x)[1] + 0.0


def tandg(x: ArrayLike) -> Any:
    """The tangent of ``x`` degrees."""
    (x,) = _util.float_args("tandg", x)
    s, c = _sin_cos_degrees(x)
    return jnp.where(c == 0, onp.inf, s / c)  # SciPy: +inf at every odd multiple of 90


def cotdg(x: ArrayLike) -> Any:
    """The cotangent of ``x`` degrees."""
    (x,) = _util.float_args("cotdg", x)
    s, c = _sin_cos_degrees(x)
    return jnp.where(s == 0, onp.inf, c / s)  # SciPy: +inf at every multiple of 180


def radian(d: ArrayLike, m: ArrayLike, s: ArrayLike) -> Any:
    """Degrees, minutes and seconds to radians."""
    d, m, s = _util.float_args("radian", d, m, s)
    return (d + m / 60.0 + s / 3600.0) * (onp.pi / 180.0)


# ----------------------------------------------------------------------------- combinatorics
def binom(n: ArrayLike, k: ArrayLike) -> Any:
    """The binomial coefficient as a function of real ``n`` and ``k``:
    ``Gamma(n + 1) / (Gamma(k + 1) Gamma(n - k + 1))``, 0 at the poles of the denominator."""
    n, k = _util.float_args("binom", n, k)
    return _gamma.binom_real(n, k)


def comb(N: ArrayLike, k: ArrayLike, *, exact: bool = False, repetition: bool = False) -> Any:  # noqa: N803
    """The number of combinations of ``N`` things taken ``k`` at a time; 0 where ``k > N``,
    ``N < 0`` or ``k < 0``. ``exact=True`` returns a Python int (eagerly, as SciPy does)."""
    if repetition:
        return comb(onp.add(N, k) - 1 if exact else jnp.add(N, k) - 1, k, exact=exact)
    if exact:
        n_i, k_i = int(N), int(k)
        if n_i != N or k_i != k:
            raise ValueError("comb: non-integer N or k with exact=True")
        return 0 if n_i < 0 or k_i < 0 or k_i > n_i else math.comb(n_i, k_i)
    n, kk = _util.float_args("comb", N, k)
    ok = (kk <= n) & (n >= 0) & (kk >= 0)
    return jnp.where(ok, _gamma.binom_real(jnp.where(ok, n, 1.0), jnp.where(ok, kk, 0.0)), 0.0)


def perm(N: ArrayLike, k: ArrayLike, *, exact: bool = False) -> Any:  # noqa: N803
    """The number of ``k``-permutations of ``N`` things, ``N! / (N - k)!``; 0 where ``k > N``,
    ``N < 0`` or ``k < 0``. ``exact=True`` returns a Python int."""
    if exact:
        n_i, k_i = int(N), int(k)
        if n_i != N or k_i != k:
            raise ValueError("perm: non-integer N or k with exact=True")
        return 0 if n_i < 0 or k_i < 0 or k_i > n_i else math.perm(n_i, k_i)
    n, kk = _util.float_args("perm", N, k)
    ok = (kk <= n) & (n >= 0) & (kk >= 0)
    n_s, k_s = jnp.where(ok, n, 1.0), jnp.where(ok, kk, 0.0)
    return jnp.where(ok, _gamma.poch(n_s - k_s + 1.0, k_s), 0.0)


def factorial(n: ArrayLike, exact: bool = False) -> Any:
    """``n!`` as ``Gamma(n + 1)``, 0 for n < 0. ``exact=True`` returns a Python int (or a
    NumPy object array for array input)."""
    if exact:
        arr = onp.asarray(n)
        if arr.dtype.kind not in "biu":
            raise ValueError("factorial: `exact=True` only supports integers")
        vals = [0 if v < 0 else math.factorial(int(v)) for v in arr.ravel()]
        return vals[0] if arr.ndim == 0 else onp.array(vals, dtype=object).reshape(arr.shape)
    (x,) = _util.float_args("factorial", n)
    neg = x < 0
    return jnp.where(neg, 0.0, _gamma.gamma(jnp.where(neg, 0.0, x) + 1.0))


def factorial2(n: ArrayLike, exact: bool = False) -> Any:
    """The double factorial ``n!!`` of an integer ``n`` (0 for n < 0; ``exact=True`` gives a
    Python int). Even n = 2k: ``2**k k!``; odd n = 2k - 1: ``2**k Gamma(k + 1/2) / sqrt(pi)``."""
    arr = onp.asarray(n) if not hasattr(n, "aval") else None
    if arr is not None and arr.dtype.kind not in "biu":
        raise ValueError("factorial2: only integer arguments are supported (SciPy's default)")
    if exact:
        vals = []
        for v in arr.ravel():
            v = int(v)
            vals.append(0 if v < 0 else math.prod(range(v, 0, -2)))
        return vals[0] if arr.ndim == 0 else onp.array(vals, dtype=object).reshape(arr.shape)
    (x,) = _util.float_args("factorial2", n)
    neg = x < 0
    xs = jnp.where(neg, 0.0, x)
    odd = jnp.fmod(xs, 2.0) == 1
    k = jnp.where(odd, (xs + 1.0) * 0.5, xs * 0.5)
    even_val = jnp.exp2(k) * _gamma.gamma(k + 1.0)
    odd_val = jnp.exp2(k) * _gamma.gamma(k + 0.5) / onp.sqrt(onp.pi)
    return jnp.where(neg, 0.0, jnp.where(odd, odd_val, even_val))
