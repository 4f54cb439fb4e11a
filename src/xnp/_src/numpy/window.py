"""NumPy's window functions: bartlett, blackman, hamming, hanning, kaiser.

Each returns ``M`` float64 points (an empty array for ``M < 1``, ``[1.0]`` for ``M == 1``),
symmetric about the middle, computed over ``n = 1 - M, 3 - M, ..., M - 1`` as NumPy does so
that the values match it to rounding. ``M`` fixes the shape, so it must be a concrete number
(static under ``jit``); ``kaiser``'s ``beta`` may be traced and differentiated.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.numpy import creation, function_base, lax_numpy, ufuncs, util

ArrayLike = Any


def _length(name: str, M: Any) -> float:  # noqa: N803
    """``M`` as a Python float; a traced ``M`` raises."""
    value = function_base._concrete(util.asarray(M, name))
    if value is None:
        raise core.ConcretizationTypeError(
            f"{name}: the window length M sets the result's shape, so it must be a concrete "
            "number (mark it static under jit)"
        )
    if dtypes.kind(value.dtype) == "c" or value.ndim:
        raise TypeError(f"{name}: M must be a real scalar, got {M!r}")
    m = float(value)
    if math.isnan(m):
        raise ValueError(f"{name}: M must be a number, got {M!r}")
    return m


def _points(name: str, M: Any) -> Any:  # noqa: N803
    m = _length(name, M)
    if m < 1:
        return creation.zeros((0,), dtypes.float_())
    if m == 1:
        return creation.ones((1,), dtypes.float_())
    return creation.arange(1 - m, m, 2, dtype=dtypes.float_()), m


def _cosine_sum(name: str, M: Any, coeffs: tuple[float, ...]) -> Any:  # noqa: N803
    got = _points(name, M)
    if not isinstance(got, tuple):
        return got
    n, m = got
    out = creation.full(n.shape, coeffs[0], dtypes.float_())
    for k, c in enumerate(coeffs[1:], start=1):
        out = out + c * ufuncs.cos(k * onp.pi * n / (m - 1))
    return out


def bartlett(M: Any) -> Any:  # noqa: N803
    """NumPy's ``bartlett``: the triangular window, zero at both ends."""
    got = _points("bartlett", M)
    if not isinstance(got, tuple):
        return got
    n, m = got
    return lax_numpy.where(ufuncs.less_equal(n, 0), 1 + n / (m - 1), 1 - n / (m - 1))


def blackman(M: Any) -> Any:  # noqa: N803
    """NumPy's ``blackman``: ``0.42 + 0.5 cos(pi n / (M-1)) + 0.08 cos(2 pi n / (M-1))``."""
    return _cosine_sum("blackman", M, (0.42, 0.5, 0.08))


def hamming(M: Any) -> Any:  # noqa: N803
    """NumPy's ``hamming``: ``0.54 + 0.46 cos(pi n / (M-1))``."""
    return _cosine_sum("hamming", M, (0.54, 0.46))


def hanning(M: Any) -> Any:  # noqa: N803
    """NumPy's ``hanning`` (Hann): ``0.5 + 0.5 cos(pi n / (M-1))``."""
    return _cosine_sum("hanning", M, (0.5, 0.5))


def kaiser(M: Any, beta: ArrayLike) -> Any:  # noqa: N803
    """NumPy's ``kaiser``: ``i0(beta sqrt(1 - (2n/(M-1) - 1)^2)) / i0(beta)``, n = 0..M-1."""
    m = _length("kaiser", M)
    b = util.asarray(beta, "kaiser")
    if dtypes.kind(b.dtype) == "c":
        raise TypeError("kaiser: i0 not supported for complex values (beta is complex)")
    b = b.astype(dtypes.float_())
    if m < 1:
        return creation.zeros((0,), dtypes.float_())
    if m == 1:
        return creation.ones((1,), dtypes.float_())
    n = creation.arange(0, m, dtype=dtypes.float_())
    alpha = (m - 1) / 2.0
    r = ufuncs.sqrt(1 - ((n - alpha) / alpha) ** 2.0)
    return function_base.i0(b * r) / function_base.i0(b)
