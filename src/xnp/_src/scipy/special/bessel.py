"""Modified Bessel functions of the first kind of orders 0 and 1: ``i0``, ``i0e``, ``i1``,
``i1e``.

Built on lax's ``bessel_i0e`` (Chebyshev expansions) and ``bessel_i1e`` (CHLO), which carry
their jvp rules; float32 ``i1e`` evaluates in float64. The unscaled functions multiply by
``exp(|x|)`` in two halves, so they stay finite up to the true overflow near 713.98 (SciPy's
overflow to inf from 709.78, where ``exp(|x|)`` does: ``i0(710)`` is 3.3e306).
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.lax import special as lax_special
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import _util

ArrayLike = Any


def _i1e(x: Any) -> Any:
    # CHLO's float32 expansion is 8 eps off near x = 8; its float64 one is within 1e-15.
    if x.dtype == onp.float64:
        return lax_special.bessel_i1e(x)
    return lax_special.bessel_i1e(x.astype(onp.float64)).astype(x.dtype)


def _unscale(scaled: Any, x: Any) -> Any:
    half = jnp.exp(0.5 * jnp.abs(x))
    return half * scaled * half


def i0e(x: ArrayLike) -> Any:
    """The exponentially scaled modified Bessel function of order 0, ``exp(-|x|) I0(x)``."""
    (x,) = _util.float_args("i0e", x)
    return lax_special.bessel_i0e(x)


def i0(x: ArrayLike) -> Any:
    """The modified Bessel function of the first kind of order 0, ``I0(x)``."""
    (x,) = _util.float_args("i0", x)
    return _unscale(lax_special.bessel_i0e(x), x)


def i1e(x: ArrayLike) -> Any:
    """The exponentially scaled modified Bessel function of order 1, ``exp(-|x|) I1(x)``."""
    (x,) = _util.float_args("i1e", x)
    return _i1e(x)


def i1(x: ArrayLike) -> Any:
    """The modified Bessel function of the first kind of order 1, ``I1(x)``."""
    (x,) = _util.float_args("i1", x)
    return _unscale(_i1e(x), x)
