"""xnp.sort / argsort / sort_complex against NumPy: shapes, dtypes, NaN/inf/-0.0, axes, kinds,
eagerly and under jit; grad against finite differences, vmap against a Python loop."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

DTYPES = [onp.bool_, onp.int8, onp.uint8, onp.int32, onp.int64, onp.float16, onp.float32,
          onp.float64, onp.complex64, onp.complex128]
SHAPES = [(0,), (1,), (7,), (3, 4), (2, 0, 3), (2, 3, 5)]


def _values(shape, dtype, seed=0):
    rng = onp.random.default_rng(seed)
    x = rng.integers(-3, 4, size=shape).astype(onp.float64)
    if onp.dtype(dtype).kind in "fc" and x.size:
        flat = x.reshape(-1)
        specials = [onp.nan, onp.inf, -onp.inf, -0.0]
        flat[: min(len(specials), flat.size)] = specials[: flat.size]
        rng.shuffle(flat)
    if onp.dtype(dtype).kind == "c":
        y = rng.integers(-2, 3, size=shape).astype(onp.float64)
        return (x + 1j * y).astype(dtype)
    if onp.dtype(dtype).kind == "u":
        x = onp.abs(x)
    return x.astype(dtype)


def _axes(shape):
    return [None, *range(-len(shape), len(shape))]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_sort_argsort_match_numpy(shape, dtype):
    x = _values(shape, dtype)
    for axis in _axes(shape):
        want = onp.sort(x, axis=axis)
        got = xnp.sort(x, axis=axis)
        assert got.dtype == want.dtype and got.shape == want.shape
        onp.testing.assert_array_equal(onp.asarray(got), want)
        want_i = onp.argsort(x, axis=axis, kind="stable")
        got_i = xnp.argsort(x, axis=axis)
        assert got_i.dtype == want_i.dtype
        onp.testing.assert_array_equal(onp.asarray(got_i), want_i)
    jitted = xnp.jit(lambda a: (xnp.sort(a, axis=0), xnp.argsort(a, axis=None, kind="heapsort")))
    s, i = jitted(x)
    onp.testing.assert_array_equal(onp.asarray(s), onp.sort(x, axis=0))
    onp.testing.assert_array_equal(onp.asarray(i), onp.argsort(x, axis=None, kind="stable"))


def test_sort_bfloat16_and_signed_zero():
    x = onp.array([2.0, onp.nan, -0.0, 0.0, -onp.inf, 1.0], dtype=dtypes.bfloat16)
    got = onp.asarray(xnp.sort(x))
    want = onp.sort(x.astype(onp.float32)).astype(dtypes.bfloat16)
    assert got.dtype == dtypes.bfloat16
    onp.testing.assert_array_equal(got.astype(onp.float32), want.astype(onp.float32))
    onp.testing.assert_array_equal(onp.asarray(xnp.argsort(x)), [4, 2, 3, 5, 0, 1])


@pytest.mark.parametrize("dtype", [onp.int8, onp.uint16, onp.int32, onp.float16, onp.float32,
                                   onp.float64, onp.bool_, onp.complex64])
def test_sort_complex_matches_numpy(dtype):
    x = _values((3, 5), dtype, seed=1)
    want = onp.sort_complex(x)
    got = xnp.sort_complex(x)
    assert got.dtype == want.dtype
    onp.testing.assert_array_equal(onp.asarray(got), want)
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(xnp.sort_complex)(x)), want)


def test_sort_errors():
    with pytest.raises(onp.exceptions.AxisError):
        xnp.sort(onp.float32(1.0))
    with pytest.raises(onp.exceptions.AxisError):
        xnp.argsort(onp.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match="kind"):
        xnp.sort(onp.zeros(3), kind="bogus")
    with pytest.raises(ValueError, match="order"):
        xnp.sort(onp.zeros(3), order="f")
    onp.testing.assert_array_equal(onp.asarray(xnp.sort(onp.float32(1.0), axis=None)), [1.0])


def test_sort_grad_matches_finite_differences():
    x = onp.array([[0.3, -1.2, 2.5], [1.1, 0.7, -0.4]])
    w = onp.arange(6.0).reshape(2, 3)

    def f(a):
        return (xnp.sort(a, axis=1) * w).sum()

    g = onp.asarray(xnp.grad(f)(x))
    eps = 1e-6
    fd = onp.zeros_like(x)
    for idx in onp.ndindex(x.shape):
        d = onp.zeros_like(x)
        d[idx] = eps
        fd[idx] = (float(f(x + d)) - float(f(x - d))) / (2 * eps)
    onp.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-6)
    g_jit = onp.asarray(xnp.jit(xnp.grad(f))(x))
    onp.testing.assert_allclose(g_jit, g)


def test_sort_argsort_vmap_matches_loop():
    x = _values((4, 6), onp.float32, seed=2)
    got = xnp.vmap(lambda r: (xnp.sort(r), xnp.argsort(r)))(x)
    onp.testing.assert_array_equal(onp.asarray(got[0]), onp.stack([onp.sort(r) for r in x]))
    onp.testing.assert_array_equal(
        onp.asarray(got[1]), onp.stack([onp.argsort(r, kind="stable") for r in x]))


def test_sort_method_sorts_in_place_by_rebinding():
    x = xnp.asarray([3.0, onp.nan, 1.0, 2.0])
    view = x[:2]  # values, not views: an earlier slice keeps its value
    assert x.sort() is None
    onp.testing.assert_array_equal(onp.asarray(x), [1.0, 2.0, 3.0, onp.nan])
    onp.testing.assert_array_equal(onp.asarray(view), [3.0, onp.nan])
    m = xnp.asarray([[3, 1, 2], [0, 5, 4]])
    m.sort(axis=0)
    onp.testing.assert_array_equal(onp.asarray(m), [[0, 1, 2], [3, 5, 4]])
    onp.testing.assert_array_equal(onp.asarray(m.argsort()), [[0, 1, 2], [0, 2, 1]])
    with pytest.raises(TypeError, match="axis=None"):
        m.sort(axis=None)


def test_sort_method_under_jit_and_vmap():
    def inside(a):
        b = a * 1
        b.sort()
        return b, a.argsort()

    x = _values((3, 5), onp.float32, seed=3)
    s, i = xnp.jit(inside)(x)
    onp.testing.assert_array_equal(onp.asarray(s), onp.sort(x))
    onp.testing.assert_array_equal(onp.asarray(i), onp.argsort(x, kind="stable"))
    s, i = xnp.vmap(inside)(x)
    onp.testing.assert_array_equal(onp.asarray(s), onp.sort(x))

    def on_argument(a):
        a.sort()
        return a

    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(on_argument)(x)
