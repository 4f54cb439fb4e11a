"""The accuracy table of ``xnp.scipy.special`` against SciPy: one row per function, each with a
domain grid (small and large arguments, poles, zeros, edges, inf and NaN), measured in float64
and float32. ``test_special_compat.py`` asserts the bounds; ``PYTHONPATH=src python
compat_tests/special_accuracy.py docs/scipy_special.md`` regenerates the table there.

The error of a value is ``|xnp - scipy| / |scipy|`` (absolute where SciPy's value is 0); NaN
against non-NaN, or infinities that differ, count as an infinite error. float32 rows feed
float32-exact inputs to both and compare with SciPy's float64 result, in units of float32's eps.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as onp
import scipy.special as sp

import xnp
import xnp.scipy.special as xsp

inf, nan = onp.inf, onp.nan
EPS32 = float(onp.finfo(onp.float32).eps)

_REAL = onp.array(
    [
        -inf,
        -50.0,
        -3.7,
        -1.0,
        -0.5,
        -1e-10,
        -0.0,
        0.0,
        1e-300,
        1e-10,
        0.25,
        0.5,
        1.0,
        2.0,
        3.7,
        10.0,
        50.0,
        700.0,
        inf,
        nan,
    ]
)
_POS = onp.array(
    [0.0, 1e-300, 1e-20, 1e-5, 0.1, 0.5, 1.0, 1.5, 2.0, 3.3, 10.0, 25.5, 100.0, 1e5, 1e10, inf, nan]
)
_UNIT = onp.array(
    [
        0.0,
        1e-300,
        1e-30,
        1e-10,
        1e-3,
        0.1,
        0.24,
        0.25,
        0.3,
        0.4999,
        0.5,
        0.5001,
        0.7,
        0.75,
        0.76,
        0.9,
        1 - 1e-10,
        1.0,
        -0.1,
        1.1,
        nan,
    ]
)
_GAMMA_X = onp.concatenate(
    [
        [
            -inf,
            -170.5,
            -20.5,
            -3.5,
            -2.0,
            -1.5,
            -1.0,
            -0.5,
            -0.0,
            0.0,
            1e-300,
            1e-8,
            0.5,
            1.0,
            1.5,
            2.0,
            2.5,
            5.0,
            10.0,
            30.5,
            100.0,
            170.5,
            171.7,
            1e5,
            inf,
            nan,
        ],
        onp.linspace(-9.9, 9.9, 23),
    ]
)
_SMALL_INT = onp.array([-3.0, -1.0, 0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 50.5])
_NONNEG = onp.array([0.0, 0.5, 1.0, 2.0, 3.0, 5.5, 10.0, 20.0])
_ORDER = onp.array([0.0, 1.0, 2.0, 3.0, 5.0])
_DEG = onp.array(
    [
        -720.0,
        -450.0,
        -270.0,
        -180.0,
        -135.0,
        -90.0,
        -45.0,
        -30.0,
        0.0,
        1e-10,
        15.0,
        30.0,
        45.0,
        60.0,
        89.0,
        90.0,
        180.0,
        270.0,
        360.0,
        1e6,
        1e10,
        inf,
        nan,
    ]
)
_LOGP = -onp.concatenate([[0.0, 1e-300, 1e-30], onp.logspace(-10, 3, 27), [inf, nan]])


_BESSEL = onp.concatenate(
    [[-inf, -800.0, -709.5, -50.0, -1e-10, -0.0, 0.0, 1e-300, 1e-10, 100.0, 500.0, 709.5,
      710.0, 713.0, 800.0, 1e5, inf, nan], onp.linspace(-12, 30, 43)]
)  # fmt: skip
_UNSCALED = (
    "exp(abs(x)) times the scaled function, in two halves of the exponential; abs(x) > 709.7 "
    "left out: the value is finite up to 713.98, SciPy's overflows"
)


def _away(x: Any, fn: Any, frac: float) -> onp.ndarray:
    """``x`` without the points where ``|fn(x)|`` is below ``frac`` of its envelope
    ``min(1, 1 / sqrt(|x|))``: near a zero the relative error is the absolute one over a
    vanishing value, for SciPy and xnp alike."""
    x = onp.asarray(x, float)
    with onp.errstate(all="ignore"):
        v = onp.abs(onp.asarray(fn(x), float))
        env = onp.minimum(1.0, 1.0 / onp.sqrt(onp.abs(x)))
        keep = ~(v < frac * env)  # NaN and inf values stay
    return x[keep]


_ERFCX = onp.concatenate([_REAL, onp.linspace(-26.0, 30.0, 57), [-26.6, 11.9, 12.1, 1e5, 1e300]])
_ERFI = onp.concatenate(
    [_REAL[onp.abs(_REAL) < 30], onp.linspace(-26.0, 26.0, 53), [6.49, 6.51, -inf, inf]]
)
_DAWSN = onp.concatenate([_REAL, onp.linspace(-20.0, 20.0, 81), [6.49, 6.51, 1e5, 1e300]])
_EXPINT = onp.concatenate(
    [
        _REAL[onp.abs(_REAL) < 700],
        onp.linspace(-45.0, 45.0, 91),
        [0.999, 1.001, 39.9, 40.1, 700.0, 709.0],
    ]
)
_EXPN_N = onp.array([-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 31.0, 100.0])
_EXPN_X = onp.array(
    [
        0.0,
        1e-300,
        1e-10,
        0.1,
        0.5,
        0.999,
        1.0,
        1.001,
        2.0,
        5.0,
        20.0,
        100.0,
        700.0,
        800.0,
        inf,
        nan,
        -1.0,
    ]
)
_SPENCE = onp.concatenate(
    [_POS, [-1.0, 0.2499, 0.25, 0.2501, 0.4999, 0.5, 0.9999999, 1.0000001, 1.9999, 2.0, 2.0001]],
)
_SPENCE = _SPENCE[~onp.isposinf(_SPENCE)]
_SICI = onp.concatenate(
    [_REAL[onp.abs(_REAL) < 1e3], onp.linspace(-40.0, 40.0, 161), [1.999, 2.001, 1e5]]
)
_SHICHI = onp.concatenate([_REAL, onp.linspace(-40.0, 40.0, 161), [0.999, 1.001, 800.0]])
_ELLIP_M = onp.concatenate(
    [[-inf, -1e300, -1e10, -1e-20, 0.0, 1e-20, 1 - 1e-10, 1 - 2**-52, 1.0, 1.5, inf, nan],
     onp.linspace(-5.0, 0.99, 61)]
)  # fmt: skip
_ELLIP_P = onp.array([0.0, 1e-300, 1e-20, 1e-10, 0.01, 0.5, 1.0, 2.0, 1e10, 1e300, inf, nan, -1.0])
_PHI = onp.array(
    [-inf, -1e5, -10.0, -1.5707963, -1.0, -1e-20, 0.0, 1e-300, 0.3, 1.0, 1.5707963,
     2.0, 3.14, 5.0, 100.0, inf, nan]
)  # fmt: skip
_ELLIP_MS = onp.array(
    [-inf, -1e10, -5.0, -1.0, 0.0, 1e-10, 0.3, 0.9, 1 - 1e-12, 1.0, 1.2, 10.0, inf, nan]
)
_CARLSON3 = (
    onp.array([0.0, 1e-30, 0.5, 1.0, 7.5, 1e10, -1.0, nan]),
    onp.array([0.0, 1e-5, 0.5, 2.0, 30.0, 1e20, inf, 1.0]),
    onp.array([0.0, 1e-10, 0.3, 1.0, 3.0, 1e5, 1e30, inf]),
)
_CARLSON2 = (
    onp.array([0.0, 1e-30, 1e-5, 0.5, 1.0, 1.001, 2.0, 30.0, 1e10, 1e300, inf, -1.0, nan]),
    onp.array(
        [-1e10, -2.0, -0.5, 1e-30, 1e-5, 0.5, 1.0, 0.999, 2.0, 30.0, 1e10, 1e300, inf, 0.0, nan]
    ),
)
_CARLSON4 = (
    onp.array([0.0, 1e-10, 0.7, 30.0]),
    onp.array([0.5, 2.0, 1e8, nan]),
    onp.array([1.0, 3.0, 1e-3, inf]),
    onp.array([-2.0, -1e-3, 1e-20, 0.2, 1.0, 5.0, 1e10, 0.0]),
)
_JY_NOTE = (
    "x > 25: SciPy rounds x - pi/4 (or 3 pi/4) before its cos and sin (2.1e-13 off for j1 at "
    "x = 95 against 60-digit Hankel sums; xnp 6e-16); points within 1% of the envelope of a "
    "zero left out"
)
_BESSEL_JY = onp.concatenate(
    [[-inf, -50.0, -1e-10, -0.0, 0.0, 1e-300, 1e-10, 0.999, 1.0, 1.001, 24.99, 25.0, 25.01, 200.0,
      inf, nan], onp.linspace(-30.0, 30.0, 121), onp.linspace(30.0, 200.0, 69)]
)  # fmt: skip
_ORTHO_N = onp.array([-5.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0])
_ORTHO_X = onp.concatenate(
    [[-inf, -50.0, -1.0, -1e-10, -0.0, 0.0, 1e-300, 1.0, 3.7, 7.5, 50.0, inf, nan],
     onp.linspace(-1.5, 1.5, 25)]
)  # fmt: skip
_ORTHO_NOTE = (
    "three-term recurrences (as SciPy's integer loops); their rounding grows with the degree: "
    "up to 5e-14 apart from SciPy at n = 100; not differentiable in n"
)
_BESSEL_K = onp.concatenate(
    [[-inf, -1.0, -0.0, 0.0, 1e-300, 1e-20, 1e-5, 0.999, 1.0, 1.001, 99.9, 100.1, 700.0, 800.0,
      1e5, 1e10, 1e300, inf, nan], onp.linspace(0.05, 40.0, 80), onp.logspace(-3, 3, 31)]
)  # fmt: skip
_BETA_A = onp.array([0.0, 1e-3, 0.5, 1.0, 3.5, 20.0, 500.0, 1e4])
_BETA_B = onp.array([1e-3, 0.5, 1.0, 2.0, 7.5, 60.0, 1e3, 1e5])
_BETA_X = onp.array([0.0, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-6, 1.0])
_BINV_AB = onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 100.0, 1e3])
_BINV_Y = onp.array([0.0, 1e-30, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-10, 1.0, nan])
_F_DF = onp.array([-1.0, 0.5, 1.0, 3.0, 20.0, 1e4, inf])
_BIN_K = onp.array([-1.0, -0.5, 0.0, 2.7, 10.0, 49.0, 51.0, nan])
_BIN_N = onp.array([-1.0, 0.0, 1.0, 10.0, 50.0, inf])
_BIN_P = onp.array([-0.1, 0.0, 1e-10, 0.01, 0.3, 0.9, 1 - 1e-9, 1.0, nan])
_NB_K = onp.array([-1.0, 0.0, 1.0, 3.0, 10.0, 50.0])
_NB_N = onp.array([-1.0, 0.0, 1.0, 5.0, 20.0, 100.0])
TOL_SINC, TOL_JACOBI, TOL_GEGENBAUER, TOL_ELLIPJ = 4e-16, 2e-13, 1e-13, 1e-13
TOL_SMIRNOV, TOL_SMIRNOVI, TOL_OWENS_T, TOL_WOFZ = 1e-13, 1e-13, 1e-13, 3e-13
_FRESNEL_X = onp.concatenate(
    [[-inf, -1e3, -3.7, -1.0, -1e-10, -0.0, 0.0, 1e-300, 1e-10, 0.1, 0.5, 1.0, 1.49, 1.5, 1.51,
      2.0, 3.7, 10.0, 50.0, 100.3, 1e3 + 0.1, 36973.0, 36975.0, inf, nan],
     onp.linspace(-8.0, 8.0, 65)]
)  # fmt: skip
TOL_LAMBERTW, TOL_HYP1F1, TOL_IV = 1e-13, 1e-13, 1e-13
_LAMBERT_X = onp.array(
    [-inf, -50.0, -3.7, -1.0, -0.367, -0.36, -0.3, -0.1, -1e-10, -0.0, 0.0, 1e-300, 1e-10,
     0.25, 1.0, 3.7, 50.0, 700.0, 1e10, inf, nan]
)  # fmt: skip
_WOFZ_X = onp.concatenate(
    [
        onp.linspace(-12.0, 12.0, 13),
        [-0.0, 1e-10, 1e-3, 0.37, 5.1, 9.0, 25.0, 100.0, 1e4, 1e9, -1e9, nan],
    ]
)
_WOFZ_Y = onp.concatenate(
    [[-3.0, -1.0, -0.05, -0.0, 0.0, 1e-12, 1e-6, 1e-3, 0.05], onp.linspace(0.1, 12.0, 6),
     [6.28, 6.29, 15.0, 1e4, 1e9]]
)  # fmt: skip
_SMIRNOV_N = onp.array([-1.0, 0.0, 1.0, 2.0, 2.5, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0])
TOL_BETAINC, TOL_BETAINCINV, TOL_STDTR, TOL_STDTRIT = 4e-13, 2e-13, 2e-13, 6e-13
TOL_FDTR, TOL_FDTRI, TOL_BDTR, TOL_BDTRI, TOL_CHDTRI = 3e-13, 1e-13, 1e-13, 1e-13, 5e-14
_BETAINC_NOTE = (
    "continued fractions on the small-tail side, log-space prefactor; error ~ eps abs(log I) in "
    "the far tails, the conditioning of x^a (1-x)^b (3.4e-13 at a = 500, b = 1e5, x = 0.01, "
    "where 1 - I = 9e-71)"
)


def _bdtri_ref(k: Any, n: Any, y: Any) -> Any:
    # P(X <= k) = y is I_p(k + 1, n - k) = 1 - y: polish on SciPy's bdtr / bdtrc
    return _polished(lambda a, b, x: sp.bdtr(a, b, x), lambda a, b, x: sp.bdtrc(a, b, x),
                     sp.bdtri(k, n, y), k, n, y)  # fmt: skip


def _nbdtri_ref(k: Any, n: Any, y: Any) -> Any:
    return _polished(lambda a, b, x: sp.nbdtr(a, b, x), lambda a, b, x: sp.nbdtrc(a, b, x),
                     sp.nbdtri(k, n, y), k, n, y)  # fmt: skip


_BETAINCINV_NOTE = (
    "reference: SciPy's root after two secant steps on SciPy's betainc/betaincc (its inverse "
    "stops short, e.g. 1.8e-8 off at a = 0.1, b = 10, y = 1 - 1e-10); error ~ eps / a in the "
    "lower tail (1e-13 at a = b = 0.1, y = 1e-30); y = 1e-100 left out: roots below 1e-308 are "
    "0 or tiny in SciPy"
)
_BDTR_NOTE = "k floored, n truncated (SciPy's order of NaN rules)"


def _polished(fn: Any, fn_c: Any, x: Any, a: Any, b: Any, y: Any) -> Any:
    """SciPy's root ``x`` of ``fn(a, b, x) = y`` after two secant steps on SciPy's own
    ``fn`` (or, for y > 1/2, its complement ``fn_c = 1 - fn`` at the exact ``1 - y``): its
    inverses stop short of float64 where the forward functions do not."""
    x = onp.array(x, float)
    with onp.errstate(all="ignore"):
        upper = y > 0.5
        target = onp.where(upper, 1.0 - y, y)

        def f(v: Any) -> Any:
            return onp.where(upper, fn_c(a, b, v), fn(a, b, v))

        for _ in range(2):
            h = onp.maximum(onp.minimum(onp.abs(x), onp.abs(1.0 - x)) * 1e-7, 1e-300)
            lo, hi = onp.clip(x - h, 0.0, 1.0), onp.clip(x + h, 0.0, 1.0)
            slope = (f(hi) - f(lo)) / (hi - lo)
            step = (f(x) - target) / slope
            small = onp.abs(step) < 1e-4 * onp.minimum(x, 1.0 - x)
            ok = onp.isfinite(step) & (x > 0) & (x < 1) & small
            ok = ok & (x - step > 0) & (x - step < 1)
            x = onp.where(ok, x - step, x)
    return x


def _quiet(fn: Any) -> Any:
    """``fn`` with SciPy's warnings about non-integer (inf, NaN) counts silenced."""

    def call(*args: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)

    return call


@dataclass(frozen=True)
class Row:
    name: str
    grids: tuple[Any, ...]
    tol64: float  # max relative error allowed in float64
    ulp32: float  # max error allowed in float32, in float32 eps
    note: str = ""
    grad: tuple[tuple[float, ...], ...] = ()  # interior points for the gradient check
    f32: bool = True
    ref: Any = field(default=None, compare=False)


def _r(
    name: str,
    *grids: Any,
    tol64: float = 4e-16,
    ulp32: float = 4.0,
    note: str = "",
    grad: tuple = (),
    f32: bool = True,
    ref: Any = None,
) -> Row:
    return Row(
        name, tuple(onp.asarray(g, float) for g in grids), tol64, ulp32, note, grad, f32, ref
    )


ROWS = [
    # convenience
    _r("expit", onp.concatenate([onp.linspace(-800, 800, 81), _REAL]), grad=((0.3,), (-4.0,))),
    _r("logit", _UNIT, grad=((0.3,), (0.01,))),
    _r("log_expit", onp.concatenate([onp.linspace(-800, 800, 81), _REAL]), grad=((0.3,), (-4.0,))),
    _r("softplus", onp.concatenate([onp.linspace(-800, 800, 81), _REAL]), grad=((0.3,),)),
    _r("xlogy", _REAL, _POS, grad=((1.5, 2.5),)),
    _r("xlog1py", _REAL, onp.concatenate([_POS, [-0.5, -1.0, -1e-10]]), grad=((1.5, 0.5),)),
    _r("entr", _REAL, grad=((0.7,),)),
    _r("rel_entr", _REAL, _POS, grad=((0.7, 1.3),)),
    _r(
        "kl_div",
        _REAL,
        _POS,
        tol64=4e-15,
        ulp32=16,
        note="x log(x/y) - x + y cancels near x = y (float32: NumPy's and XLA's log differ by "
        "an ulp before the cancellation)",
        grad=((0.7, 1.3),),
    ),
    _r(
        "huber",
        onp.array([-1.0, 0.0, 0.5, 1.0, 3.0, inf, nan]),
        _REAL,
        grad=((1.0, 0.3), (1.0, 3.0)),
    ),  # noqa: E501
    _r(
        "pseudo_huber",
        onp.array([-1.0, 0.0, 0.5, 1.0, 3.0, 1e-5, nan]),
        _REAL,
        tol64=2e-15,
        grad=((1.0, 0.3), (0.5, 3.0)),
    ),
    _r(
        "boxcox",
        _POS,
        onp.array([-2.0, -0.5, -1e-20, 0.0, 1e-8, 0.5, 1.0, 2.0]),
        tol64=4e-15,
        ulp32=16,
        note="inherits expm1(lmbda log x)'s conditioning",
        grad=((1.5, 0.5), (2.0, 0.3)),
    ),
    _r(
        "boxcox1p",
        onp.concatenate([_POS, [-0.5, -1.0]]),
        onp.array([-2.0, -0.5, -1e-20, 0.0, 1e-8, 0.5, 1.0, 2.0]),
        tol64=4e-15,
        ulp32=16,
        note="as boxcox",
        grad=((1.5, 0.5),),
    ),
    _r(
        "inv_boxcox",
        onp.array([-2.0, -0.1, 0.0, 0.3, 1.0, 5.0]),
        onp.array([-2.0, -0.5, 0.0, 1e-8, 0.5, 1.0, 2.0]),
        tol64=4e-15,
        ulp32=8,
        grad=((0.3, 0.5),),
    ),
    _r(
        "inv_boxcox1p",
        onp.array([-2.0, -0.1, 0.0, 0.3, 1.0, 5.0]),
        onp.array([-2.0, -0.5, 0.0, 1e-8, 0.5, 1.0, 2.0]),
        tol64=4e-15,
        ulp32=8,
        grad=((0.3, 0.5),),
    ),
    _r("cbrt", _REAL, grad=((2.0,),)),
    _r("exp2", onp.concatenate([_REAL, [-1074.0, 1023.5]]), tol64=4e-16, grad=((1.3,),)),
    _r(
        "exp10",
        onp.concatenate([_REAL[_REAL < 300], [-307.0, 1.5, 307.5]]),
        tol64=2e-15,
        ulp32=8,
        note="10**x through pow",
        grad=((1.3,),),
    ),
    _r("expm1", _REAL, grad=((1e-3,),)),
    _r(
        "exprel",
        onp.concatenate([_REAL, [-1e-300, 1e-8, 709.0]]),
        tol64=1e-15,
        ulp32=8,
        grad=((0.3,), (-2.0,)),
    ),
    _r(
        "cosm1",
        onp.concatenate([_REAL, [1e-5, 3.0, 1e5]]),
        ulp32=16,
        note="cos(x) - 1 beyond pi/4, as SciPy: float32 rounds cos(x) first",
        grad=((0.3,),),
    ),
    _r(
        "log1p",
        onp.concatenate([_POS, [-1.0, -0.5, -0.45, -0.4, -0.35, -0.3, -1e-10, -2.0]]),
        note="lax log1p corrects XLA's float64 expansion on [-0.46, -0.28] (120 ulp off there)",
        grad=((1e-3,), (-0.4,)),
    ),
    _r("round", onp.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, 1e300, -0.0, inf, nan])),
    _r("sindg", _DEG, grad=((30.0,),)),
    _r("cosdg", _DEG, grad=((30.0,),)),
    _r("tandg", _DEG[onp.abs(_DEG) < 1e6], tol64=8e-15, ulp32=8, grad=((30.0,),)),
    _r(
        "cotdg",
        _DEG[(onp.abs(_DEG) < 1e6) & (_DEG != 1e-10)],
        tol64=1e-15,
        ulp32=8,
        note="x = 1e-10 left out: SciPy's value is off by 1.5e-6 there",
        grad=((30.0,),),
    ),
    _r(
        "radian",
        onp.array([-30.0, 0.0, 90.0]),
        onp.array([0.0, 30.0]),
        onp.array([0.0, 15.5]),
        grad=((1.0, 2.0, 3.0),),
    ),
    _r(
        "binom",
        onp.array([-3.5, -1.0, 0.0, 1.0, 5.0, 10.0, 20.0, 30.0, 7.5]),
        onp.array([-2.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 2.5]),
        tol64=2e-14,
        ulp32=64,
        note="the gamma-function formula (exp of a difference of gammaln); integer n, k rounded",
        grad=((7.5, 2.5),),
        ref=sp.binom,
    ),
    _r("comb", _SMALL_INT, _SMALL_INT, tol64=1e-13, ulp32=64, note="as binom"),
    _r("perm", _SMALL_INT, _SMALL_INT, tol64=5e-14, ulp32=64, note="as poch"),
    _r(
        "factorial",
        onp.array([-1.0, 0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 170.0]),
        tol64=2e-13,
        ulp32=64,
        note="as gamma",
        ref=lambda n: sp.factorial(n.astype(int)),
    ),
    # gamma family
    _r(
        "gamma",
        _GAMMA_X,
        tol64=2e-13,
        ulp32=256,
        note="gammasgn * exp(gammaln): error ~ eps |gammaln(x)|",
        grad=((2.5,), (-1.5,)),
    ),
    _r(
        "gammaln",
        _GAMMA_X,
        tol64=2e-13,
        ulp32=64,
        note="XLA's lgamma (float32 evaluated in float64)",
        grad=((2.5,), (-1.5,)),
    ),
    _r("loggamma", _GAMMA_X[_GAMMA_X >= 0], tol64=2e-13, ulp32=64, grad=((2.5,),)),
    _r("gammasgn", _GAMMA_X, tol64=0.0, ulp32=0.0),
    _r("rgamma", _GAMMA_X, tol64=2e-13, ulp32=256, note="as gamma", grad=((2.5,),)),
    _r(
        "digamma",
        _GAMMA_X,
        tol64=5e-12,
        ulp32=1e4,
        note="XLA's digamma (float32 evaluated in float64)",
        grad=((2.5,),),
    ),
    _r("psi", _GAMMA_X[:26], tol64=5e-12, ulp32=1e4, note="digamma"),
    _r(
        "polygamma",
        _ORDER,
        onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 100.0]),
        tol64=1e-12,
        ulp32=1e4,
        note="XLA's polygamma (float32 evaluated in float64)",
        grad=((1.0, 2.5),),
    ),
    _r(
        "beta",
        onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 50.0, -0.5]),
        onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 50.0]),
        tol64=1e-13,
        ulp32=256,
        note="exp of a sum of gammaln",
        grad=((2.5, 1.5),),
    ),
    _r(
        "betaln",
        onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 50.0]),
        onp.array([0.1, 0.5, 1.0, 2.5, 10.0, 50.0]),
        tol64=1e-13,
        ulp32=256,
        grad=((2.5, 1.5),),
    ),
    _r(
        "poch",
        onp.array([-2.5, 0.5, 1.0, 2.5, 10.0]),
        onp.array([0.0, 1.0, 2.5, 5.0, -0.5]),
        tol64=1e-13,
        ulp32=256,
        grad=((2.5, 1.5),),
    ),
    _r(
        "gammainc",
        onp.concatenate([_NONNEG, [30.0, 100.0, 1e3]]),
        _POS,
        tol64=2e-13,
        ulp32=256,
        note="lax igamma; its large-a prefactor takes a log(x / a) + a - x for x < a / 2; error "
        "~ eps abs(log P) in the far tail (1e-13 at a = 100, x = 0.1, P = 1e-258)",
        grad=((2.5, 1.5),),
    ),
    _r(
        "gammaincc",
        onp.concatenate([_NONNEG, [30.0, 100.0, 1e3]]),
        _POS,
        tol64=1e-13,
        ulp32=64,
        note="lax igammac",
        grad=((2.5, 1.5),),
    ),
    _r(
        "chdtr",
        onp.array([-1.0, 0.0, 1.0, 2.0, 5.0, 30.0]),
        _POS,
        tol64=1e-13,
        ulp32=256,
        note="gammainc(v/2, x/2)",
        grad=((3.0, 2.5),),
    ),
    _r(
        "chdtrc",
        onp.array([-1.0, 0.0, 1.0, 2.0, 5.0, 30.0]),
        _POS,
        tol64=1e-13,
        ulp32=256,
        note="gammaincc(v/2, x/2)",
        grad=((3.0, 2.5),),
    ),
    _r(
        "gdtr",
        onp.array([-1.0, 0.5, 2.0]),
        onp.array([0.0, 1.0, 3.5]),
        _POS[:-4],
        tol64=1e-13,
        ulp32=256,
        note="gammainc(b, a x)",
        grad=((0.5, 3.5, 2.0),),
    ),
    _r(
        "gdtrc",
        onp.array([-1.0, 0.5, 2.0]),
        onp.array([0.0, 1.0, 3.5]),
        _POS[:-4],
        tol64=1e-13,
        ulp32=256,
        note="gammaincc(b, a x)",
        grad=((0.5, 3.5, 2.0),),
    ),
    _r(
        "pdtr",
        onp.array([-1.0, 0.0, 1.0, 2.5, 10.0, 50.0, inf]),
        _POS,
        tol64=1e-13,
        ulp32=256,
        note="gammaincc(floor(k) + 1, m)",
    ),
    _r(
        "pdtrc",
        onp.array([-1.0, 0.0, 1.0, 2.5, 10.0, 50.0, inf]),
        _POS,
        tol64=1e-13,
        ulp32=256,
        note="gammainc(floor(k) + 1, m)",
    ),
    _r(
        "gammaincinv",
        onp.array([1e-3, 0.1, 0.5, 1.0, 2.5, 10.0, 100.0, 1e4]),
        onp.array([0.0, 1e-300, 1e-20, 1e-5, 0.1, 0.5, 0.9, 1 - 1e-10, 1.0, nan]),
        tol64=5e-12,
        ulp32=64,
        note="condition number ~ 1 / (a P) for small a; a = 0 left out; float32 runs "
        "the float64 iteration (not measured: compile time)",
        grad=((2.5, 0.3),),
        f32=False,
    ),
    _r(
        "gammainccinv",
        onp.array([1e-3, 0.1, 0.5, 1.0, 2.5, 10.0, 100.0, 1e4]),
        onp.array([0.0, 1e-300, 1e-20, 1e-5, 0.1, 0.5, 0.9, 1 - 1e-10, 1.0, nan]),
        tol64=5e-12,
        ulp32=64,
        note="as gammaincinv",
        f32=False,
    ),
    _r("zeta", onp.array([1.0, 1.5, 2.0, 3.0, 10.0, 50.0, inf]), tol64=1e-15, ulp32=8),
    _r("zetac", onp.array([1.5, 2.0, 3.0, 10.0, 50.0, 100.0]), tol64=1e-15, ulp32=8),
    # Bessel functions
    _r("i0e", _BESSEL, tol64=1e-15, grad=((0.7,), (-12.0,))),
    _r("i1e", _BESSEL, tol64=1e-15, note="float32 evaluated in float64", grad=((0.7,), (-12.0,))),
    _r(
        "i0",
        _BESSEL[onp.abs(_BESSEL) < 709.7],
        tol64=1e-15,
        ulp32=4,
        note=_UNSCALED,
        grad=((0.7,), (-12.0,)),
    ),  # fmt: skip
    _r(
        "i1",
        _BESSEL[onp.abs(_BESSEL) < 709.7],
        tol64=1e-15,
        ulp32=4,
        note=_UNSCALED,
        grad=((0.7,), (-12.0,)),
    ),  # fmt: skip
    # error functions
    _r("erf", _REAL, grad=((0.3,),)),
    _r("erfc", onp.concatenate([_REAL, [5.0, 20.0, 26.0]]), tol64=4e-15, ulp32=8, grad=((0.3,),)),
    _r(
        "erfinv",
        onp.concatenate([2 * _UNIT - 1, [-1.0, 1e-300, -1e-20]]),
        tol64=1e-15,
        ulp32=8,
        grad=((0.3,),),
    ),
    _r("erfcinv", 2 * _UNIT, tol64=1e-15, ulp32=8, grad=((0.3,),)),
    _r(
        "ndtr",
        onp.concatenate([_REAL, onp.linspace(-38, 10, 49)]),
        tol64=4e-14,
        ulp32=256,
        note="x / sqrt(2) rounds: error ~ eps x**2 in the far lower tail (as SciPy's)",
        grad=((0.3,),),
    ),
    _r(
        "log_ndtr",
        onp.concatenate([_REAL, onp.linspace(-100, 40, 141)]),
        tol64=4e-14,
        ulp32=256,
        note="as ndtr",
        grad=((0.3,), (-25.0,)),
    ),
    _r("ndtri", _UNIT, tol64=1e-15, ulp32=8, grad=((0.3,), (1e-5,))),
    _r(
        "ndtri_exp",
        _LOGP,
        tol64=1e-15,
        ulp32=16,
        note="y < -1e3 excluded: SciPy's own value is off there (log_ndtr(ndtri_exp(y)) == y "
        "holds to 1e-16 for xnp, 1e-12 for SciPy)",
        grad=((-0.3,), (-50.0,)),
    ),
    # error-function relatives, exponential and trigonometric integrals (integrals.py)
    _r(
        "erfcx",
        _ERFCX,
        tol64=2.5e-14,
        note="x < -6: SciPy rounds x**2 before exp (1.7e-14 off at x = -26.6 against a 60-digit "
        "value; xnp splits x**2 exactly)",
        grad=((0.7,), (-2.0,), (15.0,)),
    ),
    _r("erfi", _ERFI, tol64=4e-15, grad=((0.7,), (8.0,))),
    _r(
        "dawsn",
        _DAWSN,
        tol64=4e-15,
        note="|x| < 6.5: exp(-x**2) times a 110-term positive series (2e-15 from rounding near the"
        " cut; SciPy is 9e-15 off at x = 0.0142, not in the grid)",
        grad=((0.7,), (8.0,)),
    ),
    _r("exp1", _EXPINT[_EXPINT >= 0], tol64=2e-15, grad=((0.7,), (3.0,))),
    _r(
        "expi",
        _away(_EXPINT, sp.expi, 1e-2),
        tol64=4e-14,
        note="SciPy is 2.6e-14 off at x = 40.1 (against a 60-digit series; xnp 3e-16); points near"
        " the root 0.3725 left out (the error there is absolute)",
        grad=((0.7,), (-2.0,), (50.0,)),
    ),
    _r(
        "expn",
        _EXPN_N,
        _EXPN_X,
        tol64=1e-14,
        note="SciPy is 7.7e-15 off at n = 100, x = 1.001 (its large-n expansion; xnp 3e-17 against"
        " an exact rational series); not differentiable in n",
        grad=((3.0, 0.7), (1.0, 2.5)),
    ),
    _r("spence", _SPENCE, tol64=4e-15, grad=((0.3,), (1.5,), (5.0,))),
    _r("sici:0", _SICI, tol64=1e-15, note="Si", grad=((0.7,), (5.0,))),
    _r(
        "sici:1",
        _away(_SICI, lambda x: sp.sici(x)[1], 1e-2),
        tol64=1e-14,
        note="Ci: its error is absolute near its zeros (points within 1% of the envelope of a zero"
        " left out)",
        grad=((0.7,), (5.0,)),
    ),
    _r("shichi:0", _SHICHI, tol64=4e-15, note="Shi", grad=((0.7,), (5.0,))),
    _r(
        "shichi:1",
        _away(_SHICHI, lambda x: sp.shichi(x)[1], 1e-2),
        tol64=4e-15,
        note="Chi (its root 0.5238 left out)",
        grad=((0.7,), (5.0,)),
    ),
    # elliptic integrals (elliptic.py)
    _r("ellipk", _ELLIP_M, tol64=1e-15, grad=((0.3,), (-2.0,))),
    _r("ellipkm1", _ELLIP_P, tol64=1e-15, grad=((0.3,), (1e-3,))),
    _r("ellipe", _ELLIP_M, tol64=1e-15, grad=((0.3,), (-2.0,))),
    _r("ellipkinc", _PHI, _ELLIP_MS, tol64=1e-14, grad=((0.7, 0.3), (4.0, -1.5))),
    _r(
        "ellipeinc",
        _PHI,
        _ELLIP_MS,
        tol64=1e-14,
        note="s R_F - m s**3 R_D / 3 cancels as m -> 1 and phi -> pi/2 (5e-15); m = 1 is exact",
        grad=((0.7, 0.3), (4.0, -1.5)),
    ),
    _r("elliprf", *_CARLSON3, tol64=1e-15, grad=((0.5, 1.0, 2.0),)),
    _r("elliprd", *_CARLSON3, tol64=1e-15, grad=((0.5, 1.0, 2.0),)),
    _r("elliprg", *_CARLSON3, tol64=2e-15, grad=((0.5, 1.0, 2.0),)),
    _r("elliprc", *_CARLSON2, tol64=1e-15, grad=((0.5, 2.0), (2.0, 0.5))),
    _r(
        "elliprj",
        *_CARLSON4,
        tol64=2e-14,
        note="p < 0: the principal value from DLMF 19.20.14 cancels (1.4e-14)",
        grad=((0.5, 1.0, 2.0, 1.5),),
    ),
    # Bessel functions of integer order (bessel_int.py)
    _r(
        "j0",
        _away(_BESSEL_JY, sp.j0, 1e-2),
        tol64=3e-13,
        note=_JY_NOTE,
        grad=((0.7,), (5.3,), (30.5,)),
    ),
    _r(
        "j1",
        _away(_BESSEL_JY, sp.j1, 1e-2),
        tol64=3e-13,
        note=_JY_NOTE,
        grad=((0.7,), (5.3,), (30.5,)),
    ),
    _r(
        "y0",
        _away(_BESSEL_JY, sp.y0, 1e-2),
        tol64=3e-13,
        note=_JY_NOTE,
        grad=((0.7,), (5.3,), (30.5,)),
    ),
    _r(
        "y1",
        _away(_BESSEL_JY, sp.y1, 1e-2),
        tol64=3e-13,
        note=_JY_NOTE,
        grad=((0.7,), (5.3,), (30.5,)),
    ),
    _r("k0", _BESSEL_K, tol64=1e-15, grad=((0.7,), (5.3,), (30.5,))),
    _r("k0e", _BESSEL_K, tol64=1e-15, grad=((0.7,), (5.3,), (30.5,))),
    _r("k1", _BESSEL_K, tol64=1.5e-15, grad=((0.7,), (5.3,), (30.5,))),
    _r("k1e", _BESSEL_K, tol64=1.5e-15, grad=((0.7,), (5.3,), (30.5,))),
    # orthogonal polynomials of integer degree (orthogonal.py); SciPy's integer-degree loops
    _r(
        "eval_legendre",
        _ORTHO_N,
        _ORTHO_X,
        tol64=5e-14,
        note=_ORTHO_NOTE,
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_legendre(n.astype(int), x),
    ),
    _r(
        "eval_chebyt",
        _ORTHO_N,
        _ORTHO_X,
        tol64=5e-14,
        note=_ORTHO_NOTE,
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_chebyt(n.astype(int), x),
    ),
    _r(
        "eval_chebyu",
        _ORTHO_N,
        _ORTHO_X,
        tol64=5e-14,
        note=_ORTHO_NOTE,
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_chebyu(n.astype(int), x),
    ),
    _r(
        "eval_hermite",
        _ORTHO_N,
        _ORTHO_X,
        tol64=1e-13,
        note=_ORTHO_NOTE,
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_hermite(n.astype(int), x),
    ),
    _r(
        "eval_hermitenorm",
        _ORTHO_N,
        _ORTHO_X,
        tol64=5e-14,
        note=_ORTHO_NOTE,
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_hermitenorm(n.astype(int), x),
    ),
    _r(
        "eval_genlaguerre",
        onp.array([-3.0, -1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0]),
        onp.array([-1.5, -1.0, -0.99, -0.5, 0.0, 2.0, 10.0]),
        onp.array([-inf, -1.0, 0.0, 0.3, 2.5, 40.0, inf, nan]),
        tol64=2.5e-13,
        note="SciPy's binom(n + alpha, n) is 1.6e-13 off at n = 30, alpha = -0.99 (xnp 3e-16 "
        "against an exact rational sum); not differentiable in n",
        grad=((5.0, 0.7, 1.3), (3.0, 2.0, 0.4)),
        ref=lambda n, a, x: sp.eval_genlaguerre(n.astype(int), a, x),
    ),
    _r(
        "eval_laguerre",
        _ORTHO_N,
        _ORTHO_X,
        tol64=5e-13,
        note="the difference form of the recurrence, as SciPy; L_30(0.25) = 3.2e-4 lies next to a "
        "zero: 4e-13 relative is 1.3e-16 absolute; not differentiable in n",
        grad=((3.0, 0.4), (5.0, 1.7)),
        ref=lambda n, x: sp.eval_laguerre(n.astype(int), x),
    ),
    # incomplete beta family (beta_family.py)
    _r(
        "betainc",
        _BETA_A,
        _BETA_B,
        _BETA_X,
        tol64=TOL_BETAINC,
        ulp32=2,
        note=_BETAINC_NOTE,
        grad=((2.5, 1.5, 0.3), (0.5, 3.0, 0.1), (30.0, 50.0, 0.4)),
    ),
    _r(
        "betaincc",
        _BETA_A,
        _BETA_B,
        _BETA_X,
        tol64=TOL_BETAINC,
        ulp32=2,
        note=_BETAINC_NOTE,
        grad=((0.7, 3.0, 0.2), (5.0, 3.0, 0.9)),
    ),
    _r(
        "betaincinv",
        _BINV_AB,
        _BINV_AB,
        _BINV_Y,
        tol64=TOL_BETAINCINV,
        ulp32=4,
        note=_BETAINCINV_NOTE,
        grad=((2.5, 1.5, 0.3),),
        ref=lambda a, b, y: _polished(sp.betainc, sp.betaincc, sp.betaincinv(a, b, y), a, b, y),
    ),
    _r(
        "betainccinv",
        _BINV_AB,
        _BINV_AB,
        _BINV_Y,
        tol64=TOL_BETAINCINV,
        ulp32=4,
        note=_BETAINCINV_NOTE,
        grad=((0.7, 3.0, 0.2),),
        ref=lambda a, b, y: _polished(sp.betaincc, sp.betainc, sp.betainccinv(a, b, y), a, b, y),
    ),
    _r(
        "stdtr",
        onp.array([-1.0, 0.5, 1.0, 2.5, 10.0, 100.0, 1e5, inf, nan]),
        onp.array([-inf, -1e10, -30.0, -3.0, -1.0, -0.3, 0.0, 0.5, 2.0, 10.0, 1e5, inf, nan]),
        tol64=TOL_STDTR,
        ulp32=2,
        note="I_{df/(df+t^2)}(df/2, 1/2) / 2 with both halves of the ratio formed exactly; "
        "df = inf is ndtr (1.7e-13 at t = -30); t = 1e-10 left out: SciPy gives 0.5 at df = 1 "
        "(the value is 0.5 + 3.2e-11)",
        grad=((3.5, 0.7), (3.5, -2.7)),
    ),
    _r(
        "stdtrit",
        onp.array([-1.0, 0.5, 1.0, 2.5, 10.0, 100.0, 1e5, inf, nan]),
        onp.array([1e-30, 1e-10, 0.01, 0.2, 0.4999, 0.5, 0.6, 0.9, 1 - 1e-10, 1.0, 1.5, nan]),
        tol64=TOL_STDTRIT,
        ulp32=4,
        note="p = 0 left out: SciPy 1.17 gives +inf there, xnp -inf; SciPy's value is off "
        "by 5.3e-13 at df = 1, p = 0.4999 (xnp's equals tan(pi (p - 1/2)))",
        grad=((3.5, 0.3), (3.5, 0.01)),
    ),
    _r(
        "fdtr",
        _F_DF,
        _F_DF,
        onp.array([-1.0, 0.0, 1e-10, 0.1, 1.0, 2.5, 10.0, 1e5, inf, nan]),
        tol64=TOL_FDTR,
        ulp32=2,
        note="betainc(dfn/2, dfd/2, w) with w and 1 - w formed apart; as betainc in the tails",
        grad=((2.5, 4.0, 1.3),),
    ),
    _r(
        "fdtrc",
        _F_DF,
        _F_DF,
        onp.array([-1.0, 0.0, 1e-10, 0.1, 1.0, 2.5, 10.0, 1e5, inf, nan]),
        tol64=TOL_FDTR,
        ulp32=2,
        note="SciPy's value is off by 2.6e-13 at dfn = dfd = 1, x = 1e-10 (the complement of "
        "2 atan(sqrt(x)) / pi); 1.9e-13 in the far tails (2.5e-31 at x = 0.1, dfn = 1e4)",
        grad=((2.5, 4.0, 1.3),),
    ),
    _r(
        "fdtri",
        _F_DF[1:],
        _F_DF[1:],
        onp.array([0.0, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-10, 1.0, nan]),
        tol64=TOL_FDTRI,
        ulp32=4,
        note="p < 1e-10 left out: SciPy's fdtri gives NaN at p = 1e-200 for dfn = 10",
        grad=((2.5, 4.0, 0.3),),
    ),
    _r("bdtr", _BIN_K, _BIN_N, _BIN_P, tol64=TOL_BDTR, note=_BDTR_NOTE, ref=_quiet(sp.bdtr)),
    _r("bdtrc", _BIN_K, _BIN_N, _BIN_P, tol64=TOL_BDTR, note=_BDTR_NOTE, ref=_quiet(sp.bdtrc)),
    _r(
        "bdtri",
        _BIN_K,
        _BIN_N,
        _BIN_P,
        tol64=TOL_BDTRI,
        ulp32=4,
        note=_BDTR_NOTE,
        ref=_quiet(_bdtri_ref),
    ),
    _r("nbdtr", _NB_K, _NB_N, _BIN_P, tol64=TOL_BDTR, ulp32=2),
    _r("nbdtrc", _NB_K, _NB_N, _BIN_P, tol64=TOL_BDTR, ulp32=2),
    _r(
        "nbdtri",
        _NB_K,
        _NB_N,
        _BIN_P[_BIN_P != 1 - 1e-9],
        tol64=TOL_BDTRI,
        ulp32=4,
        ref=_quiet(_nbdtri_ref),
        note="reference polished as betaincinv's (SciPy's nbdtri is 0.67 off at k = 50, n = 1, "
        "y = 1 - 1e-9, left out)",
    ),
    _r(
        "chdtri",
        onp.array([-1.0, 0.5, 1.0, 2.0, 5.5, 30.0, 1e3]),
        onp.array([0.0, 1e-100, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-10, 1.0, nan]),
        tol64=TOL_CHDTRI,
        ulp32=64,
        note="2 gammainccinv(v / 2, p); v = 0 left out (SciPy: inf, 0 or NaN by p)",
        grad=((3.5, 0.3),),
        f32=False,
    ),
    _r(
        "pdtri",
        onp.array([-1.0, 0.0, 1.0, 2.0, 10.0, 50.0, 1e3]),
        onp.array([0.0, 1e-100, 1e-10, 0.01, 0.3, 0.5, 0.9, 1 - 1e-10, 1.0, nan]),
        tol64=TOL_CHDTRI,
        ulp32=64,
        note="gammainccinv(k + 1, y); NaN at y = 1 as SciPy",
        f32=False,
    ),
    _r(
        "kolmogorov",
        onp.concatenate(
            [
                [-1.0, 0.0, 1e-300, 1e-3, 0.05, 0.79, 0.8, 27.0, 30.0, inf, nan],
                onp.linspace(0.01, 4.0, 120),
            ]
        ),  # fmt: skip
        tol64=4e-15,
        note="the alternating series for y >= 0.8, 1 - Jacobi's theta form below; SciPy's value "
        "is 3.6e-15 off at y = 0.832 (xnp's 1e-16, against 30 digits)",
        grad=((1.2,), (0.5,)),
    ),
    # added in issue 16: sinc, eval_jacobi, eval_gegenbauer, smirnov, smirnovi, owens_t, ellipj
    _r(
        "sinc",
        onp.concatenate([_REAL, onp.linspace(-10.0, 10.0, 41), [0.5 + 1e5, 1e10, 1e300]]),
        tol64=TOL_SINC,
        note="numpy.sinc (scipy.special.sinc is numpy.sinc): sin(pi x) / (pi x) with pi x "
        "rounded; float32 left out here (numpy.sinc rounds pi x in float32 too: "
        "test_special_extra compares with it)",
        grad=((0.3,), (2.7,)),
        f32=False,
    ),
    _r(
        "eval_jacobi",
        onp.array([0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0]),
        onp.array([-0.7, 0.0, 1.5]),
        onp.array([-0.4, 0.5, 4.0]),
        onp.array([-1.0, -0.6, 0.0, 0.3, 1.0, 2.5, nan]),
        tol64=TOL_JACOBI,
        note="three-term recurrence (DLMF 18.9.2); integer n only (NaN otherwise: SciPy's "
        "non-integer n goes through hyp2f1); n < 0 left out (xnp 0; SciPy 0, or NaN from "
        "hyp2f1 at x = -1); SciPy's value is 1.4e-13 off at n = 5, alpha = -0.7, beta = 4, "
        "x = 0 (xnp 2.2e-14 against the exact rational sum); not differentiable in n",
        ref=lambda n, a, b, x: sp.eval_jacobi(n.astype(int), a, b, x),
    ),
    _r(
        "eval_gegenbauer",
        onp.array([-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0]),
        onp.array([-0.4, 0.0, 0.5, 1.0, 2.5, 10.0]),
        onp.array([-1.5, -1.0, -0.6, -1e-6, 0.0, 0.3, 0.99, 1.0, 2.5, nan]),
        tol64=TOL_GEGENBAUER,
        note="three-term recurrence; integer n only; alpha > -1/2 (SciPy: NaN at alpha = -1/2, "
        "and 7e-12 off at n = 30, alpha = -0.9, x = -1 against the exact rational value, xnp "
        "2e-12); not differentiable in n",
        ref=lambda n, a, x: sp.eval_gegenbauer(n.astype(int), a, x),
    ),
    _r(
        "smirnov",
        _SMIRNOV_N,
        onp.array(
            [
                -0.1,
                0.0,
                1e-10,
                1e-3,
                0.01,
                0.05,
                0.1,
                0.2,
                0.3,
                0.5,
                0.7,
                0.9,
                0.99,
                1 - 1e-10,
                1.0,
                1.1,
                nan,
            ]
        ),
        tol64=TOL_SMIRNOV,
        note="exact Birnbaum-Tingey sum in log space; n <= 200 (the sum's rounding grows like "
        "sqrt(n) eps: 1.1e-13 at n = 1000)",
        ref=_quiet(sp.smirnov),
    ),
    _r(
        "smirnovi",
        _SMIRNOV_N,
        onp.array(
            [
                -0.1,
                0.0,
                1e-300,
                1e-100,
                1e-30,
                1e-10,
                1e-3,
                0.01,
                0.1,
                0.3,
                0.5,
                0.7,
                0.9,
                0.999,
                1 - 1e-10,
                1.0,
                1.1,
                nan,
            ]
        ),
        tol64=TOL_SMIRNOVI,
        note="safeguarded Newton on log S (p <= 1/2) or log(1 - S) (p > 1/2, the complement's "
        "short alternating sum)",
        ref=_quiet(sp.smirnovi),
    ),
    _r(
        "owens_t",
        onp.array(
            [-5.0, -1.0, -0.3, 0.0, 1e-10, 0.1, 0.5, 0.99, 1.0, 1.01, 2.0, 3.7, 8.0, 20.0, inf, nan]
        ),
        onp.array(
            [-inf, -2.0, -0.5, 0.0, 0.01, 0.3, 0.99, 1.0, 1.01, 3.0, 10.0, 1e5, 1e10, inf, nan]
        ),
        tol64=TOL_OWENS_T,
        note="Gauss-Legendre in x (|h| < 1) or t = h x (|h| >= 1), T(h, a) + T(ah, 1/a) for "
        "|h| < 1 < |a|; left out: a = 1e-10 at |h| >= 5 (SciPy 1.6e-7 off; xnp equals "
        "a exp(-h^2/2) / (2 pi)) and h = 37 (SciPy 1.1e-13 off a 40-digit series, xnp 1e-16)",
        grad=((0.5, 0.7), (2.0, 3.0), (0.3, 4.0)),
    ),
    *(
        _r(
            f"ellipj:{k}",
            onp.array([-10.0, -1.0, -1e-8, 0.0, 0.3, 1.0, 2.5, 10.0, 50.0, 300.0, nan, inf]),
            onp.array(
                [
                    0.0,
                    1e-12,
                    1e-9,
                    1e-5,
                    0.1,
                    0.5,
                    0.9,
                    0.99,
                    1 - 1e-6,
                    1 - 1e-9,
                    1 - 1e-11,
                    1.0,
                    -0.1,
                    1.1,
                    nan,
                ]
            ),
            tol64=TOL_ELLIPJ,
            note=f"{part}: descending Landen (AGM) steps, A&S 16.13 / 16.15 within 1e-9 of m = 0 "
            "/ 1e-10 of m = 1 (as Cephes); the phase 2^N a_N u is rounded, so the error grows "
            "like eps u (7.7e-14 at u = 300)",
            grad=((0.7, 0.3), (2.0, 0.9)),
        )
        for k, part in enumerate(("sn", "cn", "dn = sqrt(cn^2 + (1 - m) sn^2)", "ph"))
    ),
    *(
        _r(
            f"wofz:{part}",
            _WOFZ_X,
            _WOFZ_Y,
            tol64=TOL_WOFZ,
            ulp32=4,
            note=f"{part} part; trapezoidal rule with the pole's residue (Chiarella-Reichel), "
            "|z| > 1e8 asymptotic; SciPy's own values are off near the axes: Im w(9 + 1e-12 i) "
            "by 1.9e-14 (xnp 1e-16 from 2 dawsn(9) / sqrt(pi)), Im w(1e-10 + 5.27 i) by 1.7e-13 "
            "(xnp 1.7e-14 from its Taylor term)",
        )
        for part in ("real", "imag")
    ),
    _r(
        "voigt_profile",
        onp.array([-inf, -30.0, -0.5, 0.0, 0.3, 1.0, 4.0, 100.0, inf, nan]),
        onp.array([-1.0, 0.0, 1e-3, 0.2, 1.0, 3.0, 50.0, inf]),
        onp.array([0.0, 1e-8, 1.0, 7.0, nan]),
        tol64=TOL_WOFZ,
        note="Re wofz((x + i gamma) / (sigma sqrt 2)) / (sigma sqrt(2 pi)) literally as SciPy "
        "(also for negative sigma, gamma); the Lorentzian at sigma = 0; gamma < 0 left out: "
        "exp(-z^2) has phase x gamma / sigma^2, which SciPy and xnp round alike (1e-9 apart "
        "at x = gamma = -0.5, sigma = 1e-3); the Gaussian's exponent x^2 / (2 sigma^2) is rounded "
        "(1.3e-13 for xnp, 1e-13 for SciPy off the exact value at x = 100, sigma = 3)",
        grad=((0.3, 1.0, 0.5), (2.0, 0.7, 3.0)),
    ),
    *(
        _r(
            f"fresnel:{k}",
            _FRESNEL_X,
            tol64=1e-13,
            note=f"{part}: Taylor series for |x| < 1.5, else wofz with pi x^2 / 2 reduced exactly; "
            "SciPy rounds pi x^2 / 2 (3.6e-14 off at x = 1000.1, 4.3e-12 at 1e5 + 0.3, where "
            "xnp matches 50 digits) and drops the 1/x^3 term past x = 36974 (3.9e-15 at 36975)",
            grad=((0.7,), (2.3,)),
        )
        for k, part in enumerate(("S", "C"))
    ),
    *(
        _r(
            f"lambertw:{part}",
            _LAMBERT_X,
            onp.array([-7.0, -0.5, -0.0, 0.0, 1e-10, 0.1, 1.0, 3.0, 100.0, 1e10]),
            tol64=TOL_LAMBERTW,
            note=f"{part} part, branch 0 (other branches: test_special_extra); Halley from "
            "SciPy's kind of starting values, then Newton on w + log w = log z for Re z > 1; "
            "SciPy's Im W is 3x off where Im z / Re z < 1e-290 (Re z = 1e200, 1e300; xnp "
            "1e-16), left out; points where a part "
            "crosses 0 are relative to |W| in test_special_extra; complex128 for every input, "
            "as SciPy (no float32 column)",
            f32=False,
        )
        for part in ("real", "imag")
    ),
    _r(
        "wrightomega",
        onp.concatenate(
            [
                [
                    -inf,
                    -800.0,
                    -745.0,
                    -700.0,
                    -50.0,
                    -3.7,
                    -2.0,
                    -1e-10,
                    0.0,
                    1e-300,
                    0.5,
                    0.999,
                    1.0,
                    1.001,
                    3.7,
                    50.0,
                    700.0,
                    1e10,
                    1e20,
                    1e300,
                    inf,
                    nan,
                ],
                onp.linspace(-20.0, 20.0, 81),
            ]
        ),  # fmt: skip
        tol64=3e-15,
        note="real x only (SciPy also takes complex); Newton on w = exp(x) exp(-w) below 1, on "
        "w + log w = x above; SciPy's value is 1.5e-15 off at x = -16.5 (xnp's matches 40 "
        "digits; 2.3e-15 under jit, where XLA folds the product into exp(x - w))",
        grad=((0.7,), (-3.0,), (25.0,)),
    ),
    _r(
        "hyp1f1",
        onp.array([0.0, 1e-3, 0.5, 1.0, 2.5, 7.0, 30.0]),
        onp.array([0.5, 1.0, 1.5, 4.0, 12.0, 50.0]),
        onp.array([0.0, 1e-10, 0.3, 1.0, 5.0, 30.0, 100.0, 600.0, nan]),
        tol64=TOL_HYP1F1,
        note="x >= 0, a >= 0: the power series (positive terms); b <= 0 gives NaN (SciPy: inf "
        "at its poles, values elsewhere). Where the terms alternate (a < 0 < x, or b < a with "
        "x < 0) the series cancels: 3.6e-10 off at a = -10, b = 50, x = 100; 6.9e-3 at "
        "a = 30, b = 1.5, x = -30, where the value 3e-10 is 1e-25 of the largest term",
    ),
    _r(
        "hyp1f1",
        onp.array([-3.5, -0.5, 0.0, 0.5]),
        onp.array([0.5, 1.0, 4.0, 12.0, 50.0]),
        onp.array([-1e4, -800.0, -100.0, -30.0, -5.0, -1.0, -1e-10, -0.0]),
        tol64=TOL_HYP1F1,
        note="x < 0, b >= a: Kummer's e^x 1F1(b - a; b; -x) (positive terms, e^x the first), "
        "the asymptotic series below -700; x = -inf left out (xnp 0 for a > 0; SciPy 0, or NaN "
        "at a = b)",
    ),
    *(
        _r(
            name,
            onp.array([-3.0, -2.0, 0.0, 1e-3, 0.5, 1.0, 2.0, 2.5, 5.0, 10.5, 30.0, 100.0]),
            onp.array(
                [
                    -50.0,
                    -3.7,
                    -1.0,
                    -1e-10,
                    -0.0,
                    0.0,
                    1e-20,
                    1e-10,
                    0.1,
                    1.0,
                    2.5,
                    10.0,
                    39.0,
                    41.0,
                    60.0,
                    100.0,
                    300.0,
                    700.0,
                    1e4,
                    inf,
                    nan,
                ]
            ),
            tol64=TOL_IV,
            note="v >= 0 or integer v: the 0F1 series (positive terms) for x <= 40 + v^2/2, "
            "the asymptotic series beyond; negative non-integer v gives NaN (SciPy's needs "
            "K_v); left out: x < 1e-20 (SciPy 0 for I_1(1e-200), xnp 5e-201 = x/2) and "
            "x = 1e10 (SciPy NaN for ive at v = 100); SciPy's I_10.5(1e-10) and I_100(0.1) "
            "are 6e-14 off (xnp 1e-15 against 40 digits); x = 713 left out: SciPy's iv there "
            "is 4.8e-13 off its own ive(v, x) e^x at v = 30 (xnp's iv agrees with that product)",
            grad=((2.5, 1.7), (0.5, 45.0)),
        )
        for name in ("iv", "ive")
    ),
]
ROWS_BY_NAME = {r.name: r for r in ROWS}


def inputs(row: Row) -> list[onp.ndarray]:
    if len(row.grids) == 1:
        return [row.grids[0]]
    mesh = onp.meshgrid(*row.grids, indexing="ij")
    return [m.ravel() for m in mesh]


def _errors(got: onp.ndarray, want: onp.ndarray, tiny: float) -> onp.ndarray:
    """Elementwise errors, relative to ``max(|want|, tiny)`` (absolute among subnormals; inf for
    a NaN or infinity mismatch)."""
    got = onp.asarray(got, onp.float64)
    want = onp.asarray(want, onp.float64)
    with onp.errstate(all="ignore"):
        err = onp.abs(got - want) / onp.maximum(onp.abs(want), tiny)
    # XLA on CPU flushes subnormal results to zero, NumPy's kernels (the eager host path) and
    # SciPy may or may not: a zero for a subnormal, or a subnormal for a zero, is not an error.
    flushed = ((got == 0) & (onp.abs(want) < tiny)) | ((want == 0) & (onp.abs(got) < tiny))
    same = (got == want) | (onp.isnan(got) & onp.isnan(want)) | flushed
    return onp.where(same, 0.0, onp.where(onp.isnan(err), inf, err))


def function(module: Any, row: Row) -> Any:
    """``row``'s function in ``module``; a name ``f:k`` is output ``k`` of a function returning
    a tuple (``sici``, ``shichi``); ``f:real`` and ``f:imag`` are the parts of a complex
    function of ``x + i y`` (``wofz``)."""
    name, _, part = row.name.partition(":")
    fn = getattr(module, name)
    if part in ("real", "imag"):  # a complex function of z = x + i y, on a grid of (x, y)
        return lambda x, y: getattr(fn(x + 1j * y), part)
    return fn if not part else lambda *a: fn(*a)[int(part)]


def reference(row: Row, args: list[onp.ndarray]) -> onp.ndarray:
    ref = row.ref or function(sp, row)
    with onp.errstate(all="ignore"):
        return onp.asarray(ref(*args), onp.float64)


# Eager evaluation pads every row's inputs to one length: the one-primitive executables eager
# dispatch compiles are keyed by shape, so rows sharing a kernel (igamma under gammainc, chdtr,
# gdtr, pdtr, ...; the normal-quantile Newton steps under ndtri, erfinv, ndtri_exp) compile it
# once per dtype instead of once per row and dtype as a jitted program per row would.
PAD = 512


def padded(args: list[onp.ndarray]) -> list[onp.ndarray]:
    """``args`` (equal lengths, at most ``PAD``) padded to ``PAD`` with their first element."""
    n = len(args[0])
    if n > PAD:
        raise ValueError(f"a row's grid has {n} points, more than PAD = {PAD}")
    return [onp.concatenate([a, onp.repeat(a[:1], PAD - n)]) for a in args]


def evaluate(row: Row, args: list[onp.ndarray], jit: bool = False) -> onp.ndarray:
    """xnp's values at ``args``: eagerly on the padded inputs, or jitted on ``args`` as given."""
    fn = function(xsp, row)
    if jit:
        return onp.asarray(xnp.jit(fn)(*args))
    return onp.asarray(fn(*padded(args)))[: len(args[0])]


def row_inputs(row: Row, dtype: Any) -> list[onp.ndarray]:
    with onp.errstate(over="ignore"):
        return [a.astype(dtype) for a in inputs(row)]


def measure(row: Row, dtype: Any, jit: bool = False, worst: bool = False, got: Any = None) -> Any:
    """The max relative error of ``row``'s function in ``dtype`` against SciPy (of ``got``, its
    values at ``row_inputs(row, dtype)``, where given)."""
    args = row_inputs(row, dtype)
    got = evaluate(row, args, jit) if got is None else onp.asarray(got)
    if got.dtype != onp.dtype(dtype):
        raise AssertionError(f"{row.name}: dtype {got.dtype}, wanted {onp.dtype(dtype)}")
    want = reference(row, [a.astype(onp.float64) for a in args])
    if dtype == onp.float32:
        # Values beyond float32's range are inf/0 in both; compare what float32 can hold.
        with onp.errstate(over="ignore"):
            want = onp.asarray(want.astype(onp.float32), onp.float64)
    tiny = float(onp.finfo(dtype).tiny)
    err = _errors(got, want, tiny) / (EPS32 if dtype == onp.float32 else 1.0)
    if worst:
        i = int(onp.argmax(err))
        return err[i], [a[i] for a in args], got[i], want[i]
    return float(err.max(initial=0.0))


def table() -> str:
    lines = [
        "| function | float64 max rel. error | float32 max error (eps32) | note |",
        "|---|---|---|---|",
    ]
    for row in ROWS:
        e64 = measure(row, onp.float64)
        e32 = measure(row, onp.float32) if row.f32 else float("nan")
        note = row.note.replace("|", "\\|")  # a bare | would split the markdown cell
        lines.append(f"| `{row.name}` | {e64:.2g} | {e32:.3g} | {note} |")
    return "\n".join(lines)


_BEGIN, _END = "<!-- accuracy table: begin -->", "<!-- accuracy table: end -->"


def write_docs(path: str) -> None:
    """Replace the generated table between the markers in ``path``."""
    with open(path) as f:
        text = f.read()
    head, rest = text.split(_BEGIN)
    _, tail = rest.split(_END)
    with open(path, "w") as f:
        f.write(f"{head}{_BEGIN}\n{table()}\n{_END}{tail}")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        write_docs(sys.argv[1])
    else:
        sys.stdout.write(table() + "\n")
