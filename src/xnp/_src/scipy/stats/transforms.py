"""SciPy's normalizing power transforms (``scipy.stats``): boxcox, boxcox_llf, yeojohnson,
yeojohnson_llf.

The transforms with a given ``lmbda`` and the log-likelihoods work under ``jit`` and are
differentiable in the data and ``lmbda``. Without ``lmbda``, the maximum-likelihood
``lmbda`` is found eagerly, by Brent's minimization (golden section with parabolic steps)
after bracketing from ``(-2, 2)``, as SciPy's default optimizer does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import convenience
from xnp._src.scipy.stats import _common
from xnp._src.typing import ArrayLike

_GOLD = 1.618034
_CGOLD = 0.3819660


def _bracket(f: Callable[[float], float], a: float, b: float) -> tuple[float, ...]:
    """A triple ``a, b, c`` with ``f(b)`` below ``f(a)`` and ``f(c)``, walking downhill
    from ``a, b`` by golden steps with parabolic extrapolation."""
    fa, fb = f(a), f(b)
    if fa < fb:
        a, b, fa, fb = b, a, fb, fa
    c = b + _GOLD * (b - a)
    fc = f(c)
    for _ in range(1000):
        if fc >= fb:
            break
        c, b, a, fc, fb, fa = c + _GOLD * (c - b), c, b, f(c + _GOLD * (c - b)), fc, fb
    return a, b, c


def _brent_min(f: Callable[[float], float], a: float, b: float, tol: float = 1.48e-8) -> float:
    """The minimizer of ``f`` by Brent's method, starting from the bracket of ``(a, b)``."""
    xa, xb, xc = _bracket(f, a, b)
    lo, hi = min(xa, xc), max(xa, xc)
    x = w = v = xb
    fx = fw = fv = f(x)
    d = e = 0.0
    for _ in range(500):
        mid = 0.5 * (lo + hi)
        tol1 = tol * abs(x) + 1e-11
        tol2 = 2.0 * tol1
        if abs(x - mid) <= tol2 - 0.5 * (hi - lo):
            break
        if abs(e) > tol1:
            r = (x - w) * (fx - fv)
            q = (x - v) * (fx - fw)
            p = (x - v) * q - (x - w) * r
            q = 2.0 * (q - r)
            if q > 0:
                p = -p
            q = abs(q)
            etemp, e = e, d
            if abs(p) >= abs(0.5 * q * etemp) or p <= q * (lo - x) or p >= q * (hi - x):
                e = (lo - x) if x >= mid else (hi - x)
                d = _CGOLD * e
            else:
                d = p / q
                u = x + d
                if u - lo < tol2 or hi - u < tol2:
                    d = tol1 if mid >= x else -tol1
        else:
            e = (lo - x) if x >= mid else (hi - x)
            d = _CGOLD * e
        u = x + d if abs(d) >= tol1 else x + (tol1 if d > 0 else -tol1)
        fu = f(u)
        if fu <= fx:
            if u >= x:
                lo = x
            else:
                hi = x
            v, w, x, fv, fw, fx = w, x, u, fw, fx, fu
        else:
            if u < x:
                lo = u
            else:
                hi = u
            if fu <= fw or w == x:
                v, w, fv, fw = w, u, fw, fu
            elif fu <= fv or v in (x, w):
                v, fv = u, fu
    return x


def _log_var_exp(logx: Any) -> Any:
    """``log(var(exp(logx)))`` over the last axis, shifted by the maximum (no overflow)."""
    c = jnp.max(logx, axis=-1, keepdims=True)
    e = jnp.exp(logx - c)
    v = jnp.mean((e - jnp.mean(e, axis=-1, keepdims=True)) ** 2, axis=-1)
    return 2 * c[..., 0] + jnp.log(v)


def boxcox_llf(
    lmb: Any,
    data: ArrayLike,
    *,
    axis: int | None = 0,
    keepdims: bool = False,
    nan_policy: str = "propagate",
) -> Any:
    """``scipy.stats.boxcox_llf``: the Box-Cox log-likelihood
    ``(lmb - 1) sum(log x) - n/2 log(var(boxcox(x, lmb)))`` along ``axis``."""
    x, mask = _common.prepare("boxcox_llf", data, axis, nan_policy)
    if mask is not None:
        res = _common.omit_slices(lambda v: boxcox_llf(lmb, v), [x], 1)
        return _common.keep(res, keepdims, jnp.ndim(data), axis)
    n = x.shape[-1]
    lmb = jnp.asarray(lmb, x.dtype)
    with onp.errstate(all="ignore"):
        logx = jnp.log(x)
        zero = lmb == 0
        safe = jnp.where(zero, 1.0, lmb)
        lv0 = jnp.log(jnp.mean((logx - jnp.mean(logx, axis=-1, keepdims=True)) ** 2, axis=-1))
        lv = _log_var_exp(safe * logx) - 2 * jnp.log(jnp.abs(safe))
        logvar = jnp.where(zero, lv0, lv)
        llf = (lmb - 1) * jnp.sum(logx, axis=-1) - n / 2 * logvar
    if n == 0:
        llf = jnp.full(x.shape[:-1], onp.nan, x.dtype)
    return _common.keep(llf, keepdims, jnp.ndim(data), axis)


def _yj(x: Any, lmb: Any) -> Any:
    pos = x >= 0
    with onp.errstate(all="ignore"):
        lp = jnp.log1p(jnp.where(pos, x, 0.0))
        ln = jnp.log1p(jnp.where(pos, 0.0, -x))
        l0 = jnp.where(lmb == 0, 1.0, lmb)
        l2 = jnp.where(lmb == 2, 1.0, 2 - lmb)
        yp = jnp.where(lmb == 0, lp, jnp.expm1(l0 * lp) / l0)
        yn = jnp.where(lmb == 2, -ln, -jnp.expm1(l2 * ln) / l2)
    return jnp.where(pos, yp, yn)


def yeojohnson_llf(
    lmb: Any,
    data: ArrayLike,
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.yeojohnson_llf``: the Yeo-Johnson log-likelihood
    ``-n/2 log(var(yeojohnson(x, lmb))) + (lmb - 1) sum(sign(x) log1p(|x|))``."""
    x, mask = _common.prepare("yeojohnson_llf", data, axis, nan_policy)
    if mask is not None:
        res = _common.omit_slices(lambda v: yeojohnson_llf(lmb, v), [x], 1)
        return _common.keep(res, keepdims, jnp.ndim(data), axis)
    n = x.shape[-1]
    lmb = jnp.asarray(lmb, x.dtype)
    with onp.errstate(all="ignore"):
        y = _yj(x, lmb)
        var = jnp.mean((y - jnp.mean(y, axis=-1, keepdims=True)) ** 2, axis=-1)
        llf = -n / 2 * jnp.log(var) + (lmb - 1) * jnp.sum(
            jnp.sign(x) * jnp.log1p(jnp.abs(x)), axis=-1
        )
    if n == 0:
        llf = jnp.full(x.shape[:-1], onp.nan, x.dtype)
    return _common.keep(llf, keepdims, jnp.ndim(data), axis)


def _mle(name: str, llf: Callable[[Any, Any], Any], x: Any) -> float:
    value = _common.concrete(x)
    if value is None:
        raise NotImplementedError(
            f"{name}: the maximum-likelihood lmbda is found eagerly; under a transformation "
            "pass lmbda="
        )
    data = jnp.asarray(value)
    return _brent_min(lambda lam: -float(llf(lam, data)), -2.0, 2.0)


def boxcox(
    x: ArrayLike, lmbda: Any = None, alpha: float | None = None, optimizer: Any = None
) -> Any:
    """``scipy.stats.boxcox``: ``(x**lmbda - 1) / lmbda`` (``log x`` at 0) of positive 1-d
    data; without ``lmbda``, returns ``(y, lmbda)`` at the maximum-likelihood ``lmbda``
    (eager). ``alpha`` (the confidence interval) and ``optimizer`` are not supported."""
    if alpha is not None or optimizer is not None:
        raise NotImplementedError("boxcox: alpha= and optimizer= are not supported")
    xx = _common.as_float(x)[0]
    if xx.ndim != 1:
        raise ValueError("boxcox: Data must be 1-dimensional.")
    if xx.size == 0:
        return xx if lmbda is not None else (xx, onp.nan)
    value = _common.concrete(xx)
    if value is not None:
        if onp.all(value == value[0]):
            raise ValueError("boxcox: Data must not be constant.")
        if onp.any(value <= 0):
            raise ValueError("boxcox: Data must be positive.")
    if lmbda is not None:
        return convenience.boxcox(xx, jnp.asarray(lmbda, xx.dtype))
    lam = _mle("boxcox", boxcox_llf, xx)
    return convenience.boxcox(xx, jnp.asarray(lam, xx.dtype)), lam


def yeojohnson(x: ArrayLike, lmbda: Any = None) -> Any:
    """``scipy.stats.yeojohnson``: the Yeo-Johnson transform of 1-d data (any sign); without
    ``lmbda``, returns ``(y, lmbda)`` at the maximum-likelihood ``lmbda`` (eager)."""
    xx = _common.as_float(x)[0]
    if xx.ndim != 1 and lmbda is None:
        raise ValueError("yeojohnson: Data must be 1-dimensional.")
    if xx.size == 0:
        return xx if lmbda is not None else (xx, onp.nan)
    value = _common.concrete(xx)
    if value is not None and onp.any(~onp.isfinite(value)):
        raise ValueError("yeojohnson: Yeo-Johnson input must be finite.")
    if lmbda is not None:
        return _yj(xx, jnp.asarray(lmbda, xx.dtype))
    lam = _mle("yeojohnson", yeojohnson_llf, xx)
    return _yj(xx, jnp.asarray(lam, xx.dtype)), lam
