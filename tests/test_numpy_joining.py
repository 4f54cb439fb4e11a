"""hstack / vstack / dstack / column_stack / concat / append against NumPy, eager and jit;
grad and vmap."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

SHAPE_PAIRS = [((), ()), ((3,), (2,)), ((0,), (4,)), ((2, 3), (2, 3)), ((2, 3, 2), (2, 3, 2)),
               ((1, 0), (1, 0))]
DTYPE_PAIRS = [(onp.float32, onp.float32), (onp.int8, onp.uint8), (onp.bool_, onp.int32),
               (onp.float16, onp.complex64), (dtypes.bfloat16, onp.float32),
               (onp.int64, onp.float64)]
FUNCS = ["hstack", "vstack", "dstack", "column_stack", "concat", "append"]


def _val(shape, dtype, start):
    x = onp.arange(start, start + int(onp.prod(shape)), dtype=onp.float64).reshape(shape)
    if x.size and onp.dtype(dtype).kind == "f":
        x.reshape(-1)[0] = onp.nan
    return x.astype(dtype)


def _np(name, a, b):
    if name == "append":
        return onp.append(a, b)
    if name == "concat":
        return onp.concat([a, b], axis=None)
    return getattr(onp, name)([a, b])


def _xnp(name, a, b):
    if name == "append":
        return xnp.append(a, b)
    if name == "concat":
        return xnp.concat([a, b], axis=None)
    return getattr(xnp, name)([a, b])


@pytest.mark.parametrize("dts", DTYPE_PAIRS, ids=lambda d: f"{onp.dtype(d[0])}-{onp.dtype(d[1])}")
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
@pytest.mark.parametrize("name", FUNCS)
def test_joining_matches_numpy(name, shapes, dts):
    a, b = _val(shapes[0], dts[0], 0), _val(shapes[1], dts[1], 10)
    try:
        want = _np(name, a, b)
    except ValueError:
        with pytest.raises(ValueError):
            _xnp(name, a, b)
        return
    for got in (_xnp(name, a, b), xnp.jit(lambda p, q: _xnp(name, p, q))(a, b)):
        assert got.shape == want.shape and got.dtype == want.dtype, (got.dtype, want.dtype)
        onp.testing.assert_array_equal(onp.asarray(got).astype(onp.complex128),
                                       want.astype(onp.complex128))


def test_joining_keywords_and_errors():
    a, b = onp.ones((2, 2), onp.int32), onp.zeros((2, 2), onp.int32)
    got = xnp.vstack([a, b], dtype=onp.float32)
    assert got.dtype == onp.float32
    onp.testing.assert_array_equal(onp.asarray(got), onp.vstack([a, b], dtype=onp.float32))
    onp.testing.assert_array_equal(onp.asarray(xnp.append(a, b, axis=1)), onp.append(a, b, 1))
    onp.testing.assert_array_equal(onp.asarray(xnp.concat([a, b], axis=1)), onp.concat([a, b], 1))
    onp.testing.assert_array_equal(onp.asarray(xnp.hstack(a)), onp.hstack(a))
    with pytest.raises(ValueError):
        xnp.hstack([])
    with pytest.raises(ValueError, match="casting"):
        xnp.hstack([a, b], casting="bogus")
    with pytest.raises(ValueError):
        xnp.vstack([onp.ones(2), onp.ones(3)])


def test_joining_grad_and_vmap():
    a, b = onp.arange(3.0), onp.arange(3.0, 6.0)
    w = onp.arange(12.0).reshape(3, 4)
    ga, gb = xnp.grad(lambda p, q: (xnp.column_stack([p, q, p * q, q]) * w).sum(),
                      argnums=(0, 1))(a, b)  # fmt: skip
    onp.testing.assert_allclose(onp.asarray(ga), w[:, 0] + w[:, 2] * b)
    onp.testing.assert_allclose(onp.asarray(gb), w[:, 1] + w[:, 2] * a + w[:, 3])
    x, y = onp.arange(6.0).reshape(2, 3), onp.arange(6.0, 12.0).reshape(2, 3)
    got = xnp.vmap(lambda p, q: xnp.vstack([p, q]))(x, y)
    onp.testing.assert_array_equal(onp.asarray(got), onp.stack([onp.vstack([p, q])
                                                                for p, q in zip(x, y)]))
