"""tri, tril, triu against NumPy: shapes (stacks, empty, 1-d), dtypes, every diagonal offset,
eagerly, under jit and vmap, and their (masking) gradients."""

from __future__ import annotations

import numpy as onp
import pytest

import xnp

SHAPES = [(3, 3), (2, 5), (5, 2), (2, 3, 4), (0, 3), (3, 0), (2, 0, 0), (4,), (1, 1)]
DTYPES = [onp.bool_, onp.int8, onp.uint32, onp.float32, onp.float64, onp.complex64]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_tril_triu_match_numpy(shape: tuple, dtype: type) -> None:
    rng = onp.random.default_rng(0)
    a = (rng.standard_normal(shape) * 5).astype(dtype)
    for k in range(-6, 7):
        for name in ("tril", "triu"):
            want = getattr(onp, name)(a, k)
            got = getattr(xnp, name)(a, k=k)
            assert got.dtype == want.dtype and got.shape == want.shape
            onp.testing.assert_array_equal(onp.asarray(got), want)
    jitted = xnp.jit(lambda x: xnp.triu(x, 1))(xnp.asarray(a))
    onp.testing.assert_array_equal(onp.asarray(jitted), onp.triu(a, 1))


@pytest.mark.parametrize("n,m,k", [(3, None, 0), (2, 5, 1), (4, 2, -1), (0, 3, 0), (3, 3, 9)])
def test_tri_matches_numpy(n: int, m: int | None, k: int) -> None:
    for dtype in (None, int, onp.float32, bool):
        want = onp.tri(n, m, k, dtype=float if dtype is None else dtype)
        got = xnp.tri(n, m, k, dtype=dtype)
        assert got.dtype == want.dtype
        onp.testing.assert_array_equal(onp.asarray(got), want)


def test_gradient_and_vmap() -> None:
    a = onp.arange(12.0).reshape(3, 4)
    g = xnp.grad(lambda x: xnp.sum(xnp.tril(x, -1) * x))(xnp.asarray(a))
    onp.testing.assert_allclose(onp.asarray(g), 2 * onp.tril(a, -1))
    stack = onp.arange(24.0).reshape(2, 3, 4)
    vm = xnp.vmap(lambda x: xnp.triu(x, 1))(xnp.asarray(stack))
    onp.testing.assert_array_equal(onp.asarray(vm), onp.triu(stack, 1))


def test_errors() -> None:
    with pytest.raises(ValueError, match="tril: input must be at least 1-d"):
        xnp.tril(xnp.asarray(1.0))
    with pytest.raises(ValueError, match="tri: negative dimensions"):
        xnp.tri(-1)
    with pytest.raises(TypeError):
        xnp.triu(onp.ones((2, 2)), k=1.5)
