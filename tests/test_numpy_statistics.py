"""xnp.quantile / percentile / median and their nan versions against NumPy: every method,
axes, keepdims, q scalars and arrays, result dtypes, NaN and empty input, errors; eagerly and
under jit; grad against finite differences, vmap against a Python loop."""

import warnings

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

METHODS = ["linear", "lower", "higher", "nearest", "midpoint", "interpolated_inverted_cdf",
           "hazen", "weibull", "median_unbiased", "normal_unbiased", "inverted_cdf",
           "averaged_inverted_cdf", "closest_observation"]  # fmt: skip
SHAPES = [(1,), (6,), (7,), (3, 4), (2, 3, 5)]


def _data(shape, dtype=onp.float64, seed=0):
    rng = onp.random.default_rng(seed)
    return rng.integers(-20, 20, size=shape).astype(onp.float64).astype(dtype) if onp.dtype(
        dtype).kind in "iub" else rng.standard_normal(shape).astype(dtype)  # fmt: skip


def _close(got, want, dtype=None):
    got = onp.asarray(got)
    assert got.shape == onp.shape(want), (got.shape, onp.shape(want))
    assert got.dtype == onp.asarray(want).dtype, (got.dtype, onp.asarray(want).dtype)
    rtol = 1e-6 if got.dtype == onp.float32 else 2e-3 if got.dtype == onp.float16 else 1e-12
    onp.testing.assert_allclose(got.astype(onp.float64), onp.asarray(want, onp.float64),
                                rtol=rtol, atol=rtol)  # fmt: skip


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_quantile_matches_numpy(shape, method):
    x = _data(shape)
    qs = [0.0, 0.3, 0.5, 1.0, onp.array([0.1, 0.25, 0.99]), onp.array([[0.0, 0.5], [0.7, 1.0]])]
    for axis in [None, 0, -1, *([(0, 1)] if len(shape) > 1 else [])]:
        for q in qs:
            for keepdims in (False, True):
                want = onp.quantile(x, q, axis=axis, method=method, keepdims=keepdims)
                _close(xnp.quantile(x, q, axis=axis, method=method, keepdims=keepdims), want)
    want = onp.percentile(x, [5, 50, 95], axis=0, method=method)
    _close(xnp.percentile(x, [5, 50, 95], axis=0, method=method), want)


@pytest.mark.parametrize(
    "dtype",
    [onp.bool_, onp.int8, onp.uint8, onp.int64, onp.float16, onp.float32, onp.float64],
    ids=lambda d: onp.dtype(d).name,
)
def test_result_dtypes_follow_numpy(dtype):
    x = _data((9,), dtype)
    for q in [0.5, 0, 1, onp.float64(0.25), onp.float32(0.25), onp.array([0.5]),
              onp.array([0.5], onp.float32)]:  # fmt: skip
        for method in ["linear", "lower", "higher", "nearest", "midpoint", "hazen"]:
            try:
                want = onp.quantile(x, q, method=method)
            except TypeError:
                with pytest.raises(TypeError):
                    xnp.quantile(x, q, method=method)
                continue
            _close(xnp.quantile(x, q, method=method), want)
    _close(xnp.median(x), onp.median(x))
    _close(xnp.nanmedian(x), onp.nanmedian(x))


def test_bfloat16_keeps_its_dtype():
    x = _data((8,), onp.float32).astype(dtypes.bfloat16)
    got = xnp.median(x)
    assert got.dtype == dtypes.bfloat16
    want = onp.median(x.astype(onp.float32))
    onp.testing.assert_allclose(float(got), want, rtol=1e-2)


def test_median_matches_numpy():
    for shape in SHAPES:
        x = _data(shape)
        for axis in [None, 0, -1]:
            _close(xnp.median(x, axis=axis), onp.median(x, axis=axis))
            _close(xnp.median(x, axis=axis, keepdims=True), onp.median(x, axis=axis, keepdims=True))


def test_nan_propagates_and_nan_versions_ignore_it():
    x = onp.array([[1.0, onp.nan, 3.0, 4.0], [onp.nan] * 4, [5.0, 2.0, 7.0, -1.0]])
    with onp.errstate(all="ignore"):
        for axis in [None, 0, 1]:
            _close(xnp.median(x, axis=axis), onp.median(x, axis=axis))
            _close(xnp.quantile(x, [0.2, 0.9], axis=axis), onp.quantile(x, [0.2, 0.9], axis=axis))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                for method in METHODS:
                    _close(xnp.nanquantile(x, [0.2, 0.9], axis=axis, method=method),
                           onp.nanquantile(x, [0.2, 0.9], axis=axis, method=method))  # fmt: skip
                _close(xnp.nanmedian(x, axis=axis), onp.nanmedian(x, axis=axis))
                _close(xnp.nanpercentile(x, 40, axis=axis, keepdims=True),
                       onp.nanpercentile(x, 40, axis=axis, keepdims=True))  # fmt: skip
    inf = onp.array([-onp.inf, 1.0, onp.inf, 2.0])
    _close(xnp.median(inf), onp.median(inf))
    for method in ["lower", "linear"]:
        with onp.errstate(invalid="ignore"):
            want = onp.quantile(inf, [0.0, 0.5, 1.0], method=method)
        _close(xnp.quantile(inf, [0.0, 0.5, 1.0], method=method), want)


def test_under_jit_matches_eager():
    x = _data((4, 5))
    f = xnp.jit(lambda a, q: xnp.quantile(a, q, axis=1, method="hazen"))
    _close(f(x, onp.array([0.1, 0.6])), onp.quantile(x, [0.1, 0.6], axis=1, method="hazen"))
    g = xnp.jit(lambda a: xnp.nanmedian(a, axis=0))
    y = x.copy()
    y[1, 2] = onp.nan
    _close(g(y), onp.nanmedian(y, axis=0))


def test_grad_matches_finite_differences():
    x = _data((7,))
    for fn in [
        lambda a: xnp.quantile(a, 0.3),
        lambda a: xnp.median(a),
        lambda a: xnp.sum(xnp.percentile(a, onp.array([10.0, 80.0]), method="hazen")),
    ]:
        g = onp.asarray(xnp.grad(fn)(x))
        eps = 1e-6
        fd = onp.array([(float(fn(x + eps * e)) - float(fn(x - eps * e))) / (2 * eps)
                        for e in onp.eye(7)])  # fmt: skip
        onp.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-7)


def test_vmap_matches_a_loop():
    x = _data((5, 6))
    f = xnp.vmap(lambda a: xnp.quantile(a, onp.array([0.25, 0.75])))
    want = onp.stack([onp.quantile(r, [0.25, 0.75]) for r in x])
    _close(f(x), want)
    qs = onp.array([0.1, 0.2, 0.5, 0.9, 1.0])
    f2 = xnp.vmap(lambda q: xnp.median(x) + xnp.quantile(x, q, axis=0))
    _close(f2(qs), onp.stack([onp.median(x) + onp.quantile(x, q, axis=0) for q in qs]))


def test_bad_input_errors():
    x = _data((4,))
    with pytest.raises(ValueError, match="range"):
        xnp.quantile(x, 1.5)
    with pytest.raises(ValueError, match="range"):
        xnp.percentile(x, [-1, 50])
    with pytest.raises(ValueError, match="valid method"):
        xnp.quantile(x, 0.5, method="bogus")
    with pytest.raises(ValueError, match="empty"):
        xnp.median(onp.zeros((0,)))
    with pytest.raises(TypeError, match="real"):
        xnp.quantile(x.astype(onp.complex128), 0.5)
    with pytest.raises(TypeError, match="boolean"):
        xnp.quantile(onp.array([True, False]), 0.5)
    with pytest.raises(onp.exceptions.AxisError):
        xnp.median(x, axis=1)
    with pytest.raises(ValueError, match="only method 'inverted_cdf'"):
        xnp.quantile(x, 0.5, weights=onp.ones(4))
    for kw, err in [({"weights": -onp.ones(4)}, ValueError),
                    ({"weights": onp.zeros(4)}, ValueError),
                    ({"weights": onp.ones(3), "axis": 0}, ValueError),
                    ({"weights": onp.ones(1)}, TypeError)]:  # fmt: skip
        with pytest.raises(err), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            onp.quantile(x, 0.5, method="inverted_cdf", **kw)
        with pytest.raises(err, match="quantile"):
            xnp.quantile(x, 0.5, method="inverted_cdf", **kw)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_weighted_inverted_cdf(shape):
    x = _data(shape)
    rng = onp.random.default_rng(3)
    w = rng.uniform(0, 2, shape)
    if w.size > 1:
        w.flat[0] = 0.0  # leading zero weights never count
    for q in [0.0, 0.3, 0.5, 1.0, onp.array([0.1, 0.9]), onp.float32(0.25)]:
        for axis in [None, -1, *([(0, 1)] if len(shape) > 1 else [])]:
            for keepdims in (False, True):
                kw = {"axis": axis, "keepdims": keepdims, "method": "inverted_cdf", "weights": w}
                _close(xnp.quantile(x, q, **kw), onp.quantile(x, q, **kw))
        _close(
            xnp.percentile(x, 100 * q, axis=None, method="inverted_cdf", weights=w),
            onp.percentile(x, 100 * q, axis=None, method="inverted_cdf", weights=w),
        )
    if len(shape) > 1:  # 1-d weights along one axis, n-d along several (given in any order)
        w0 = w.reshape(shape[0], -1)[:, 0]
        _close(
            xnp.quantile(x, 0.4, axis=0, method="inverted_cdf", weights=w0),
            onp.quantile(x, 0.4, axis=0, method="inverted_cdf", weights=w0),
        )
        wt = w[..., 0].T if len(shape) == 3 else None
        if wt is not None:
            _close(
                xnp.quantile(x, 0.6, axis=(1, 0), method="inverted_cdf", weights=wt),
                onp.quantile(x, 0.6, axis=(1, 0), method="inverted_cdf", weights=wt),
            )
    y = x.copy().ravel()
    y[1 % y.size] = onp.nan
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for fn in ["quantile", "nanquantile"]:
            _close(
                getattr(xnp, fn)(y, [0.2, 0.7], method="inverted_cdf", weights=w.ravel()),
                getattr(onp, fn)(y, [0.2, 0.7], method="inverted_cdf", weights=w.ravel()),
            )
    f = xnp.jit(lambda a, w: xnp.quantile(a, 0.5, method="inverted_cdf", weights=w))
    _close(f(x, w), onp.quantile(x, 0.5, method="inverted_cdf", weights=w))


@pytest.mark.parametrize("fn", ["nanargmax", "nanargmin"])
def test_nanargmax_nanargmin(fn):
    x = onp.array(
        [[1.0, onp.nan, 3.0, -onp.inf], [onp.nan, 2.0, 2.0, 0.5], [onp.inf, 1, 1, onp.nan]]
    )
    for a in [
        x,
        x.astype(onp.float32),
        onp.array([3, 1, 3, 0]),
        x[0] + 1j * x[1],
        onp.array([onp.nan, -onp.inf]),
        onp.float64(2.0),
    ]:
        axes = [None, *range(onp.ndim(a)), -1] if onp.ndim(a) else [None]
        for axis in axes:
            for keepdims in (False, True):
                want = getattr(onp, fn)(a, axis=axis, keepdims=keepdims)
                got = getattr(xnp, fn)(a, axis=axis, keepdims=keepdims)
                assert got.shape == onp.shape(want) and got.dtype == onp.asarray(want).dtype
                onp.testing.assert_array_equal(got, want)
    bad = onp.array([[1.0, onp.nan], [onp.nan, onp.nan]])
    with pytest.raises(ValueError, match="All-NaN"):
        getattr(onp, fn)(bad, axis=1)
    with pytest.raises(ValueError, match="All-NaN"):
        getattr(xnp, fn)(bad, axis=1)
    _close(getattr(xnp, fn)(bad[0]), getattr(onp, fn)(bad[0]))
    f = xnp.jit(lambda a: getattr(xnp, fn)(a, axis=1))
    onp.testing.assert_array_equal(f(x), getattr(onp, fn)(x, axis=1))
    got = xnp.vmap(lambda r: getattr(xnp, fn)(r))(x)
    onp.testing.assert_array_equal(got, [getattr(onp, fn)(r) for r in x])
