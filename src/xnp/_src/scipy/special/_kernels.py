"""Helpers shared by the exponential-integral, elliptic and Bessel kernels: evaluation in
float64 for float32 inputs, ``exp(+-x**2)`` without the rounding error of ``x**2``, the
error raised when an integer-order argument is differentiated, and the forward-mode
derivative of a loop for a ``custom_jvp`` rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import autodiff, core
from xnp._src.interpreters import ad, batching
from xnp._src.lax import loops as lax_loops
from xnp._src.numpy import namespace as jnp

EULER = 0.57721566490153286061
SQRT_PI = float(onp.sqrt(onp.pi))


def repeat(count: int, body: Callable[[Any, Any], Any], init: Any, like: Any) -> Any:
    """``count`` steps of ``state = body(k, state)`` for k = 1..count (``k`` a float of
    ``like``'s dtype), staged as one ``scan``: long series and fractions compile as one loop
    body instead of ``count`` unrolled copies, and stay reverse-mode differentiable."""

    def step(i: Any, state: Any) -> Any:
        return body((i + 1).astype(like.dtype), state)

    return lax_loops.fori_loop(0, count, step, init)


def exp_square(x: Any, sign: float) -> Any:
    """``exp(sign * x**2)`` to within the rounding of ``exp`` itself: ``x = hi + lo`` with
    ``hi`` of 26 significant bits, so ``hi**2`` is exact and ``2 hi lo + lo**2`` is small."""
    ax = jnp.abs(x)
    big = ax > 1e150  # the split would overflow; exp(+-x**2) is inf or 0 there anyway
    a = jnp.where(big, 1.0, ax)
    c = a * 134217729.0  # 2**27 + 1 (Veltkamp's split)
    hi = c - (c - a)
    lo = a - hi
    split = jnp.exp(sign * hi * hi) * jnp.exp(sign * (2.0 * hi * lo + lo * lo))
    return jnp.where(big, onp.inf if sign > 0 else 0.0, split)


def check_integer_order(name: str, argname: str, v: Any) -> None:
    """Raise when ``v`` carries a tangent: SciPy defines ``name`` only at integer ``argname``,
    where there is no derivative."""
    while isinstance(v, core.Tracer):
        if isinstance(v, ad.JVPTracer):
            if type(v.tangent) is not ad.Zero:
                raise TypeError(
                    f"{name}: not differentiable in {argname!r} (an integer order); "
                    f"differentiate with respect to the other arguments only (wrap "
                    f"{argname!r} in xnp.lax.stop_gradient if it is computed)"
                )
            v = v.primal
        elif isinstance(v, batching.BatchTracer):
            v = v.val
        else:
            return


def forward_derivative(impl: Callable[..., Any], args: tuple, i: int) -> Any:
    """``d impl / d args[i]`` by forward mode through ``impl`` (a ``while_loop``'s tangent is a
    second carry of the same loop): for a ``custom_jvp`` rule linear in the tangent, which
    reverse mode then transposes, where the loop itself has no reverse rule."""

    def along(v: Any) -> Any:
        return impl(*args[:i], v, *args[i + 1 :])

    return autodiff.jvp(along, (args[i],), (jnp.ones_like(args[i]),))[1]
