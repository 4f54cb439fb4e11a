"""flip / fliplr / flipud / atleast_*d against NumPy, eagerly and under jit; grad and vmap."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

SHAPES = [(), (0,), (4,), (2, 3), (2, 0, 3), (2, 3, 4)]
DTYPES = [onp.bool_, onp.int8, onp.uint32, onp.int64, onp.float16, onp.float32, onp.float64,
          onp.complex64, dtypes.bfloat16]


def _values(shape, dtype):
    x = onp.arange(int(onp.prod(shape)), dtype=onp.float64).reshape(shape) - 2
    if x.size > 2 and onp.dtype(dtype).kind == "f":
        x.reshape(-1)[:3] = [onp.nan, -0.0, onp.inf]
    if onp.dtype(dtype).kind == "u":
        x = onp.abs(x)
    return x.astype(dtype)


def _same(got, want):
    assert got.dtype == want.dtype and got.shape == want.shape
    onp.testing.assert_array_equal(onp.asarray(got).astype(onp.complex128),
                                   want.astype(onp.complex128))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_flips_and_atleast_match_numpy(shape, dtype):
    x = _values(shape, dtype)
    axes = [None, *range(-x.ndim, x.ndim)] + ([(0, -1)] if x.ndim >= 2 else [])
    for axis in axes:
        _same(xnp.flip(x, axis), onp.flip(x, axis))
        _same(xnp.jit(lambda a, axis=axis: xnp.flip(a, axis))(x), onp.flip(x, axis))
    for name in ("fliplr", "flipud"):
        try:
            want = getattr(onp, name)(x)
        except ValueError:
            with pytest.raises(ValueError, match=name):
                getattr(xnp, name)(x)
            continue
        _same(getattr(xnp, name)(x), want)
        _same(xnp.jit(getattr(xnp, name))(x), want)
    for name in ("atleast_1d", "atleast_2d", "atleast_3d"):
        _same(getattr(xnp, name)(x), getattr(onp, name)(x))
        _same(xnp.jit(getattr(xnp, name))(x), getattr(onp, name)(x))


def test_atleast_several_and_errors():
    got = xnp.atleast_2d(1.0, [1, 2], onp.zeros((2, 3)))
    want = onp.atleast_2d(1.0, [1, 2], onp.zeros((2, 3)))
    assert isinstance(got, tuple) and len(got) == 3
    for g, w in zip(got, want, strict=True):
        _same(g, w)
    assert xnp.atleast_1d() == onp.atleast_1d()
    with pytest.raises(onp.exceptions.AxisError):
        xnp.flip(onp.zeros((2, 3)), 2)


def test_flip_grad_and_vmap():
    x = onp.arange(6.0).reshape(2, 3)
    w = onp.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    g = xnp.grad(lambda a: (xnp.flip(a, 1) * w).sum())(x)
    onp.testing.assert_array_equal(onp.asarray(g), onp.flip(w, 1))  # exact: linear in a
    g = xnp.grad(lambda a: (xnp.atleast_3d(a)[..., 0] * w).sum())(x)
    onp.testing.assert_array_equal(onp.asarray(g), w)
    got = xnp.vmap(xnp.flipud)(x)
    onp.testing.assert_array_equal(onp.asarray(got), onp.stack([onp.flipud(r) for r in x]))
    got = xnp.vmap(xnp.atleast_2d)(x)
    onp.testing.assert_array_equal(onp.asarray(got), onp.stack([onp.atleast_2d(r) for r in x]))
