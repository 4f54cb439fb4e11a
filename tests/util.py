"""Numerical checks shared by the test matrices: finite differences and the transpose
identity, to any order, in forward and reverse mode."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

import xnp


def _inner(a: Any, b: Any) -> float:
    a, b = onp.asarray(a), onp.asarray(b)
    # The bilinear pairing (as JAX): cotangents of complex values are not conjugated.
    return float(onp.real(onp.sum(a * b)))


def _rand_like(rng: onp.random.RandomState, x: Any) -> onp.ndarray:
    x = onp.asarray(x)
    t = onp.asarray(rng.randn(*x.shape))
    if x.dtype.kind == "c":
        t = t + 1j * onp.asarray(rng.randn(*x.shape))
    return t.astype(x.dtype)


def _to_list(out: Any) -> list:
    return list(out) if isinstance(out, list | tuple) else [out]


def check_jvp(
    f: Callable, args: Sequence[onp.ndarray], eps: float, tol: float, rng: onp.random.RandomState
) -> None:
    """jvp(f) against central differences along a random direction."""
    tangents = [_rand_like(rng, a) for a in args]
    _, t_out = xnp.jvp(f, tuple(xnp.asarray(a) for a in args), tuple(map(xnp.asarray, tangents)))
    plus = f(*[xnp.asarray(a + eps * t) for a, t in zip(args, tangents, strict=True)])
    minus = f(*[xnp.asarray(a - eps * t) for a, t in zip(args, tangents, strict=True)])
    for t, p, m in zip(_to_list(t_out), _to_list(plus), _to_list(minus), strict=True):
        fd = (onp.asarray(p) - onp.asarray(m)) / (2 * eps)
        onp.testing.assert_allclose(
            onp.asarray(t), fd, rtol=tol, atol=tol, err_msg="jvp does not match finite differences"
        )


def check_vjp(
    f: Callable, args: Sequence[onp.ndarray], tol: float, rng: onp.random.RandomState
) -> None:
    """<ct, J t> == <J^T ct, t>."""
    xargs = tuple(xnp.asarray(a) for a in args)
    tangents = [_rand_like(rng, a) for a in args]
    out, t_out = xnp.jvp(f, xargs, tuple(map(xnp.asarray, tangents)))
    cts = [_rand_like(rng, o) for o in _to_list(out)]
    _, pullback = xnp.vjp(f, *xargs)
    ct_arg = (
        type(out)(map(xnp.asarray, cts)) if isinstance(out, list | tuple) else (xnp.asarray(cts[0]))
    )
    ct_in = pullback(ct_arg)
    lhs = sum(_inner(c, t) for c, t in zip(cts, _to_list(t_out), strict=True))
    rhs = sum(_inner(c, t) for c, t in zip(ct_in, tangents, strict=True))
    assert abs(lhs - rhs) <= tol * max(1.0, abs(lhs), abs(rhs)), (
        f"transpose identity fails: <ct, jvp(t)> = {lhs}, <vjp(ct), t> = {rhs}"
    )


def check_grads(
    f: Callable,
    args: Sequence[onp.ndarray],
    order: int = 2,
    modes: Sequence[str] = ("fwd", "rev"),
    eps: float = 1e-5,
    tol: float = 1e-5,
    seed: int = 0,
) -> None:
    """Check derivatives of ``f`` at ``args`` up to ``order`` in forward and reverse mode."""
    rng = onp.random.RandomState(seed)
    args = [onp.asarray(a) for a in args]
    if "fwd" in modes:
        check_jvp(f, args, eps, tol, rng)
    if "rev" in modes:
        check_vjp(f, args, tol, rng)
    if order > 1:
        tangents = [xnp.asarray(_rand_like(rng, a)) for a in args]
        if "fwd" in modes:

            def df(*xs: Any) -> Any:
                return xnp.jvp(f, xs, tuple(tangents))[1]

            check_grads(df, args, order - 1, ("fwd",), eps, tol * 10, seed + 1)
        if "rev" in modes:
            out = f(*map(xnp.asarray, args))
            cts = [xnp.asarray(_rand_like(rng, o)) for o in _to_list(out)]
            ct = type(out)(cts) if isinstance(out, list | tuple) else cts[0]

            def vf(*xs: Any) -> Any:
                return list(xnp.vjp(f, *xs)[1](ct))

            check_grads(vf, args, order - 1, ("rev",), eps, tol * 10, seed + 2)
