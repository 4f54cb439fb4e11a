"""xnp's function_base numerics against NumPy: average, cov, corrcoef, diff, ediff1d, gradient,
trapezoid, interp, unwrap, piecewise, meshgrid, real_if_close, i0. Values, dtypes and shapes
over dtypes, 0-d/empty input and NaN, keyword variants; eagerly and under jit; grad against
finite differences and vmap against a Python loop; NumPy's errors."""

import warnings

import numpy as onp
import pytest

import xnp

DTYPES = [
    onp.bool_,
    onp.int8,
    onp.int32,
    onp.uint8,
    onp.int64,
    onp.float16,
    onp.float32,
    onp.float64,
    onp.complex64,
    onp.complex128,
]


def _data(shape, dtype=onp.float64, seed=0):
    rng = onp.random.default_rng(seed)
    dt = onp.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, size=shape).astype(bool)
    if dt.kind in "iu":
        return rng.integers(0, 9, size=shape).astype(dt)
    if dt.kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dt)
    return rng.standard_normal(shape).astype(dt)


def _tol(dt):
    dt = onp.dtype(dt)
    return 2e-3 if dt.itemsize <= 2 else 2e-5 if dt in (onp.float32, onp.complex64) else 1e-10


def _check(got, want, rtol=None):
    if isinstance(want, tuple | list):
        assert isinstance(got, tuple | list) and len(got) == len(want), (type(got), len(want))
        for g, w in zip(got, want, strict=True):
            _check(g, w, rtol)
        return
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    tol = rtol or _tol(want.dtype)
    if want.dtype.kind in "fc":
        onp.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    else:
        onp.testing.assert_array_equal(got, want)


def _fd_grad(f, x, eps=1e-6):
    g = onp.zeros_like(x)
    for i in onp.ndindex(x.shape):
        e = onp.zeros_like(x)
        e[i] = eps
        g[i] = (float(f(x + e)) - float(f(x - e))) / (2 * eps)
    return g


# ----------------------------------------------------------------------------- average


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_average_dtypes(dtype):
    x = _data((3, 4), dtype)
    w = _data((4,), onp.float32, 1) ** 2 + 0.1
    for kw in [{}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"axis": (0, 1)}]:
        _check(xnp.average(x, **kw), onp.average(x, **kw))
    _check(xnp.average(x, axis=1, weights=w), onp.average(x, axis=1, weights=w))
    _check(
        xnp.average(x, axis=-1, weights=w, returned=True),
        onp.average(x, axis=-1, weights=w, returned=True),
    )
    wi = onp.arange(1, 13).reshape(3, 4)
    _check(xnp.average(x, weights=wi, returned=True), onp.average(x, weights=wi, returned=True))


def test_average_axes_weights_and_errors():
    x = _data((2, 3, 4))
    w = _data((4, 2), seed=3) ** 2 + 0.5
    _check(xnp.average(x, axis=(2, 0), weights=w), onp.average(x, axis=(2, 0), weights=w))
    _check(
        xnp.average(x, axis=(2, 0), weights=w, keepdims=True, returned=True),
        onp.average(x, axis=(2, 0), weights=w, keepdims=True, returned=True),
    )
    _check(xnp.average(x, returned=True), onp.average(x, returned=True))
    _check(xnp.average(onp.float32(3.0)), onp.average(onp.float32(3.0)))
    with pytest.raises(TypeError, match="axis must be specified"):
        xnp.average(x, weights=onp.ones(4))
    with pytest.raises(ValueError, match="consistent with shape"):
        xnp.average(x, axis=1, weights=onp.ones(4))
    with pytest.raises(ZeroDivisionError):
        xnp.average(x, axis=2, weights=onp.array([1.0, -1.0, 0.0, 0.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        _check(xnp.average(onp.zeros((0, 3)), axis=0), onp.average(onp.zeros((0, 3)), axis=0))
    f = xnp.jit(lambda a, w: xnp.average(a, axis=1, weights=w, returned=True))
    _check(f(x[0], w[:, 0]), onp.average(x[0], axis=1, weights=w[:, 0], returned=True))


def test_average_grad_vmap():
    x, w = _data((5,)), _data((5,), seed=2) ** 2 + 0.5
    g = xnp.grad(lambda w: xnp.average(x, weights=w))(w)
    onp.testing.assert_allclose(g, _fd_grad(lambda w: onp.average(x, weights=w), w), rtol=1e-6)
    xs = _data((4, 5), seed=5)
    got = xnp.vmap(lambda a: xnp.average(a, weights=w))(xs)
    _check(got, onp.array([onp.average(r, weights=w) for r in xs]))


# ----------------------------------------------------------------------------- cov, corrcoef


@pytest.mark.parametrize(
    "dtype",
    [onp.int8, onp.int64, onp.float16, onp.float32, onp.float64, onp.complex64, onp.complex128],
    ids=lambda d: onp.dtype(d).name,
)
def test_cov_corrcoef_dtypes(dtype):
    x = _data((3, 6), dtype)
    y = _data((2, 6), dtype, 4)
    for kw in [{}, {"rowvar": False}, {"bias": True}, {"ddof": 2}]:
        _check(xnp.cov(x, **kw), onp.cov(x, **kw))
        ckw = {k: v for k, v in kw.items() if k == "rowvar"}
        _check(xnp.corrcoef(x, **ckw), onp.corrcoef(x, **ckw))
        _check(
            xnp.corrcoef(x.T, y.T, **ckw) if ckw else xnp.corrcoef(x, y),
            onp.corrcoef(x.T, y.T, **ckw) if ckw else onp.corrcoef(x, y),
        )
    _check(xnp.cov(x, y), onp.cov(x, y))
    if onp.dtype(dtype).kind != "c":
        _check(xnp.cov(x, dtype=onp.float32), onp.cov(x, dtype=onp.float32))


def test_cov_weights_shapes_and_errors():
    x = _data((4, 7))
    f = onp.array([1, 2, 1, 3, 1, 1, 2])
    a = _data((7,), seed=9) ** 2 + 0.2
    for kw in [
        {"fweights": f},
        {"aweights": a},
        {"fweights": f, "aweights": a},
        {"fweights": f, "aweights": a, "ddof": 0},
        {"aweights": a, "bias": True},
    ]:
        _check(xnp.cov(x, **kw), onp.cov(x, **kw))
    v = _data((6,))
    _check(xnp.cov(v), onp.cov(v))  # 1-d: a 0-d variance
    _check(xnp.cov(v, v[::-1]), onp.cov(v, v[::-1]))
    _check(xnp.corrcoef(v), onp.corrcoef(v))
    _check(xnp.cov(onp.zeros((0, 3))), onp.cov(onp.zeros((0, 3))))
    _check(xnp.cov(x.T, rowvar=False), onp.cov(x.T, rowvar=False))
    for bad, err, match in [
        ({"fweights": f + 0.5}, TypeError, "fweights must be integer"),
        ({"fweights": -f}, ValueError, "cannot be negative"),
        ({"aweights": a[:3]}, RuntimeError, "incompatible numbers"),
        ({"aweights": onp.ones((7, 1))}, RuntimeError, "multidimensional"),
        ({"ddof": 1.5}, ValueError, "ddof must be integer"),
    ]:
        with pytest.raises(err, match=match):
            xnp.cov(x, **bad)
        with pytest.raises(err):
            onp.cov(x, **bad)
    with pytest.raises(ValueError, match="more than 2 dimensions"):
        xnp.cov(onp.ones((2, 2, 2)))
    with pytest.warns(RuntimeWarning, match="Degrees of freedom"):
        got = xnp.cov(onp.ones((2, 1)))
    with pytest.warns(RuntimeWarning):
        want = onp.cov(onp.ones((2, 1)))
    _check(got, want)


def test_cov_jit_grad_vmap():
    x = _data((3, 5))
    f = xnp.jit(lambda m, a: xnp.cov(m, aweights=a))
    a = onp.linspace(0.5, 2.0, 5)
    _check(f(x, a), onp.cov(x, aweights=a))
    _check(xnp.jit(xnp.corrcoef)(x), onp.corrcoef(x))
    g = xnp.grad(lambda m: xnp.sum(xnp.cov(m) ** 2))(x)
    onp.testing.assert_allclose(g, _fd_grad(lambda m: onp.sum(onp.cov(m) ** 2), x), rtol=1e-5)
    xs = _data((4, 3, 5), seed=1)
    _check(xnp.vmap(xnp.corrcoef)(xs), onp.stack([onp.corrcoef(m) for m in xs]))


# ----------------------------------------------------------------------------- diff, ediff1d


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_diff_dtypes(dtype):
    x = _data((3, 5), dtype)
    for kw in [{}, {"n": 2}, {"axis": 0}, {"n": 0}, {"n": 7}, {"axis": -2, "n": 3}]:
        _check(xnp.diff(x, **kw), onp.diff(x, **kw))
    if onp.dtype(dtype) == onp.bool_:
        with pytest.raises(TypeError):
            onp.ediff1d(x)
        with pytest.raises(TypeError):
            xnp.ediff1d(x)
    else:
        _check(xnp.ediff1d(x), onp.ediff1d(x))


def test_diff_prepend_append_and_errors():
    x = _data((2, 4))
    for kw in [
        {"prepend": 0.0},
        {"append": onp.ones((2, 1))},
        {"prepend": 1, "append": 2, "n": 2},
        {"axis": 0, "prepend": onp.zeros((1, 4))},
    ]:
        _check(xnp.diff(x, **kw), onp.diff(x, **kw))
    _check(xnp.diff(onp.arange(4), prepend=0.5), onp.diff(onp.arange(4), prepend=0.5))
    _check(xnp.diff(onp.zeros((0,))), onp.diff(onp.zeros((0,))))
    _check(
        xnp.diff(onp.array([1.0, onp.nan, 3.0, onp.inf])),
        onp.diff(onp.array([1.0, onp.nan, 3.0, onp.inf])),
    )
    with pytest.raises(ValueError, match="at least one dimensional"):
        xnp.diff(3.0)
    with pytest.raises(ValueError, match="non-negative"):
        xnp.diff(x, n=-1)
    with pytest.raises(onp.exceptions.AxisError):
        xnp.diff(x, axis=2)
    _check(
        xnp.jit(lambda a: xnp.diff(a, n=2, axis=0, prepend=1.0))(x),
        onp.diff(x, n=2, axis=0, prepend=1.0),
    )
    g = xnp.grad(lambda a: xnp.sum(xnp.diff(a) ** 2))(x[0])
    onp.testing.assert_allclose(g, _fd_grad(lambda a: onp.sum(onp.diff(a) ** 2), x[0]), rtol=1e-6)
    _check(xnp.vmap(xnp.diff)(x), onp.stack([onp.diff(r) for r in x]))


def test_ediff1d():
    for args in [
        ([1, 3, 6, 10],),
        ([[1, 2], [4, 7]],),
        (onp.arange(5.0), [9.0], -1),
        (onp.arange(3), None, [1, 2]),
        (onp.zeros(0),),
        (onp.float32([1, 2.5]), 7),
    ]:
        _check(xnp.ediff1d(*args), onp.ediff1d(*args))
    with pytest.raises(TypeError, match="same_kind"):
        xnp.ediff1d(onp.arange(3), to_begin=onp.array([0.5]))
    _check(
        xnp.jit(lambda a: xnp.ediff1d(a, to_end=a[:1]))(onp.arange(4.0)),
        onp.ediff1d(onp.arange(4.0), to_end=[0.0]),
    )


# ----------------------------------------------------------------------------- gradient


@pytest.mark.parametrize(
    "dtype",
    [onp.int8, onp.int64, onp.float16, onp.float32, onp.float64, onp.complex128],
    ids=lambda d: onp.dtype(d).name,
)
def test_gradient_dtypes(dtype):
    x = _data((4, 5), dtype)
    for args, kw in [
        ((), {}),
        ((2.0,), {}),
        ((0.5, 3.0), {}),
        ((), {"edge_order": 2}),
        ((), {"axis": 1}),
        ((), {"axis": (1, 0)}),
        ((onp.array([0, 1, 3, 7.0]),), {"axis": 0, "edge_order": 2}),
    ]:
        _check(xnp.gradient(x, *args, **kw), onp.gradient(x, *args, **kw))


def test_gradient_coordinates_and_errors():
    f = _data((6,))
    xs = onp.array([0.0, 0.5, 1.5, 1.7, 3.0, 4.5])
    for eo in (1, 2):
        _check(xnp.gradient(f, xs, edge_order=eo), onp.gradient(f, xs, edge_order=eo))
        _check(
            xnp.gradient(f, onp.arange(6) * 2, edge_order=eo),
            onp.gradient(f, onp.arange(6) * 2, edge_order=eo),
        )
        _check(
            xnp.jit(lambda f, x, eo=eo: xnp.gradient(f, x, edge_order=eo))(f, xs),
            onp.gradient(f, xs, edge_order=eo),
        )
    _check(
        xnp.gradient(onp.array([1.0, onp.nan, 4.0])), onp.gradient(onp.array([1.0, onp.nan, 4.0]))
    )
    for args, kw, err in [
        ((onp.ones(2),), {"edge_order": 2}, ValueError),
        ((onp.ones(1),), {}, ValueError),
        ((onp.ones(4), 1.0, 2.0), {}, TypeError),
        ((onp.ones(4), onp.ones(3)), {}, ValueError),
        ((onp.ones(4), onp.ones((4, 1))), {}, ValueError),
        ((onp.ones(4),), {"edge_order": 3}, ValueError),
    ]:
        with pytest.raises(err):
            onp.gradient(*args, **kw)
        with pytest.raises(err):
            xnp.gradient(*args, **kw)
    g = xnp.grad(lambda a: xnp.sum(xnp.gradient(a, xs) ** 2))(f)
    onp.testing.assert_allclose(
        g, _fd_grad(lambda a: onp.sum(onp.gradient(a, xs) ** 2), f), rtol=1e-5
    )
    fs = _data((3, 6), seed=2)
    _check(
        xnp.vmap(lambda a: xnp.gradient(a, xs))(fs), onp.stack([onp.gradient(r, xs) for r in fs])
    )


# ----------------------------------------------------------------------------- trapezoid


@pytest.mark.parametrize(
    "dtype",
    [onp.bool_, onp.int32, onp.float16, onp.float32, onp.float64, onp.complex64],
    ids=lambda d: onp.dtype(d).name,
)
def test_trapezoid(dtype):
    y = _data((3, 5), dtype)
    for args, kw in [
        ((), {}),
        ((), {"dx": 0.5}),
        ((), {"axis": 0}),
        ((onp.arange(5.0) ** 2,), {}),
        ((_data((3, 5), onp.float32, 2),), {}),
        ((onp.arange(3),), {"axis": 0}),
    ]:
        _check(xnp.trapezoid(y, *args, **kw), onp.trapezoid(y, *args, **kw))
    _check(xnp.trapezoid(onp.zeros((2, 0))), onp.trapezoid(onp.zeros((2, 0))))
    _check(xnp.trapezoid([1.0]), onp.trapezoid([1.0]))


def test_trapezoid_jit_grad_vmap():
    y, x = _data((6,)), onp.cumsum(onp.linspace(0.1, 1.0, 6))
    _check(xnp.jit(xnp.trapezoid)(y, x), onp.trapezoid(y, x))
    g = xnp.grad(lambda x: xnp.trapezoid(y, x))(x)
    onp.testing.assert_allclose(g, _fd_grad(lambda x: onp.trapezoid(y, x), x), rtol=1e-6)
    ys = _data((3, 6), seed=4)
    _check(
        xnp.vmap(lambda r: xnp.trapezoid(r, x))(ys), onp.array([onp.trapezoid(r, x) for r in ys])
    )


# ----------------------------------------------------------------------------- interp


def test_interp_matches_numpy():
    xp = onp.array([-1.0, 0.0, 0.5, 2.0, 2.0, 5.0])
    fp = onp.array([3.0, 1.0, -2.0, 4.0, 5.0, 0.0])
    x = onp.array(
        [-3.0, -1.0, -0.5, 0.0, 0.25, 1.0, 2.0, 3.0, 5.0, 6.0, onp.nan, onp.inf, -onp.inf]
    )
    _check(xnp.interp(x, xp, fp), onp.interp(x, xp, fp))
    _check(xnp.interp(x, xp, fp, left=-9, right=9.5), onp.interp(x, xp, fp, left=-9, right=9.5))
    _check(xnp.interp(x.reshape(13, 1), xp, fp), onp.interp(x.reshape(13, 1), xp, fp))
    _check(xnp.interp(2.5, xp, fp), onp.interp(2.5, xp, fp))
    _check(xnp.interp(x, [1.0], [7.0]), onp.interp(x, [1.0], [7.0]))
    _check(xnp.interp(x, xp, fp + 1j * fp[::-1]), onp.interp(x, xp, fp + 1j * fp[::-1]))
    _check(
        xnp.interp(onp.arange(4), onp.arange(3), onp.arange(3, dtype=onp.int8)),
        onp.interp(onp.arange(4), onp.arange(3), onp.arange(3, dtype=onp.int8)),
    )
    _check(
        xnp.interp(onp.float32([0.3]), xp.astype(onp.float32), fp.astype(onp.float32)),
        onp.interp(onp.float32([0.3]), xp.astype(onp.float32), fp.astype(onp.float32)),
    )
    xi = onp.array([0.0, 1.0, onp.inf])
    with onp.errstate(invalid="ignore"):
        want = onp.interp(onp.array([0.5, 1.0, 3.0]), xi, onp.array([0.0, 1.0, 1.0]))
    _check(xnp.interp(onp.array([0.5, 1.0, 3.0]), xi, onp.array([0.0, 1.0, 1.0])), want)
    for period in [3.0, -360, 2.5]:
        xx = onp.linspace(-7, 9, 23)
        pxp, pfp = onp.array([170.0, 10.0, -100.0, 55.0]), onp.array([1.0, 2.0, 3.0, 4.0])
        _check(xnp.interp(xx, pxp, pfp, period=period), onp.interp(xx, pxp, pfp, period=period))


def test_interp_errors_jit_grad_vmap():
    for args, kw, err in [
        (([1.0], [1.0, 2.0], [1.0]), {}, ValueError),
        (([1.0], [], []), {}, ValueError),
        (([1.0], [1.0, 2.0], [1.0, 2.0]), {"period": 0}, ValueError),
        (([1j], [1.0, 2.0], [1.0, 2.0]), {}, TypeError),
    ]:
        with pytest.raises(err):
            onp.interp(*args, **kw)
        with pytest.raises(err):
            xnp.interp(*args, **kw)
    xp, fp = onp.array([0.0, 1.0, 3.0]), onp.array([2.0, -1.0, 4.0])
    x = onp.array([-0.5, 0.5, 2.0, 3.5])
    _check(xnp.jit(xnp.interp)(x, xp, fp), onp.interp(x, xp, fp))
    g = xnp.grad(lambda f: xnp.sum(xnp.interp(x, xp, f) ** 2))(fp)
    onp.testing.assert_allclose(
        g, _fd_grad(lambda f: onp.sum(onp.interp(x, xp, f) ** 2), fp), rtol=1e-6
    )
    gx = xnp.grad(lambda v: xnp.sum(xnp.interp(v, xp, fp)))(x[1:3])
    onp.testing.assert_allclose(gx, [-3.0, 2.5])
    fps = _data((3, 3), seed=1)
    _check(
        xnp.vmap(lambda f: xnp.interp(x, xp, f))(fps),
        onp.stack([onp.interp(x, xp, f) for f in fps]),
    )


# ----------------------------------------------------------------------------- unwrap


@pytest.mark.parametrize(
    "dtype", [onp.int32, onp.int64, onp.float32, onp.float64], ids=lambda d: onp.dtype(d).name
)
def test_unwrap(dtype):
    rng = onp.random.default_rng(3)
    p = (onp.cumsum(rng.standard_normal((3, 12)) * 3, axis=1)).astype(dtype)
    if onp.dtype(dtype).kind == "i":
        p = onp.cumsum(rng.integers(-8, 9, (3, 12)), axis=1).astype(dtype)
        for kw in [{"period": 6}, {"period": 7, "axis": 0}, {"period": 10, "discont": 3}]:
            _check(xnp.unwrap(p, **kw), onp.unwrap(p, **kw))
        return
    for kw in [{}, {"axis": 0}, {"discont": 4.0}, {"period": 360}, {"period": 1.0, "discont": 0.1}]:
        _check(xnp.unwrap(p, **kw), onp.unwrap(p, **kw))


def test_unwrap_edges_jit_grad():
    _check(xnp.unwrap(onp.array([0.5])), onp.unwrap(onp.array([0.5])))
    _check(xnp.unwrap(onp.zeros(0)), onp.unwrap(onp.zeros(0)))
    p = onp.array([0.0, onp.pi, 0.0, -onp.pi, onp.nan, 6.0])
    _check(xnp.unwrap(p), onp.unwrap(p))
    q = onp.linspace(0, 20, 15) % (2 * onp.pi)
    _check(xnp.jit(xnp.unwrap)(q), onp.unwrap(q))
    g = xnp.grad(lambda v: xnp.sum(xnp.unwrap(v) ** 2))(q)
    onp.testing.assert_allclose(g, 2 * onp.unwrap(q), rtol=1e-10)


# ----------------------------------------------------------------------------- piecewise, meshgrid


def test_piecewise():
    x = onp.linspace(-2.5, 2.5, 11)
    cases = [
        ([x < 0, x >= 0], [lambda v: -v, lambda v: v]),
        ([x < -1, x > 1], [lambda v: v**2, 7.0, -1.0]),
        ([x < 0, x < 1], [1.0, 2.0]),
        (x > 0, [lambda v: v + 1]),
    ]
    for cond, funcs in cases:
        _check(xnp.piecewise(x, cond, funcs), onp.piecewise(x, cond, funcs))
    xi = onp.arange(-3, 4)
    _check(
        xnp.piecewise(xi, [xi < 0], [lambda v: v * 2.7, 5]),
        onp.piecewise(xi, [xi < 0], [lambda v: v * 2.7, 5]),
    )
    _check(
        xnp.piecewise(onp.float64(2.0), [True], [lambda v: v * 3]),
        onp.piecewise(onp.float64(2.0), [True], [lambda v: v * 3]),
    )
    _check(
        xnp.piecewise(x, [x < 0], [lambda v, k: v * k, 0.0], 3.0),
        onp.piecewise(x, [x < 0], [lambda v, k: v * k, 0.0], 3.0),
    )
    with pytest.raises(ValueError, match="2 or 3 functions"):
        xnp.piecewise(x, [x < 0, x > 0], [1.0])
    f = xnp.jit(lambda v: xnp.piecewise(v, [v < 0], [lambda u: -u, xnp.sin]))
    _check(f(x), onp.piecewise(x, [x < 0], [lambda u: -u, onp.sin]))
    g = xnp.grad(lambda v: xnp.sum(xnp.piecewise(v, [v < 0], [lambda u: u**2, xnp.sin])))(x)
    onp.testing.assert_allclose(g, onp.where(x < 0, 2 * x, onp.cos(x)))


def test_meshgrid():
    a, b, c = onp.arange(3), onp.linspace(0, 1, 4), onp.array([[1, 2]])
    for args in [(a,), (a, b), (a, b, c), ()]:
        for kw in [{}, {"indexing": "ij"}, {"sparse": True}, {"sparse": True, "indexing": "ij"}]:
            _check(xnp.meshgrid(*args, **kw), onp.meshgrid(*args, **kw))
    with pytest.raises(ValueError, match="indexing"):
        xnp.meshgrid(a, indexing="xyz")
    got = xnp.jit(lambda u, v: xnp.meshgrid(u, v)[1] * 2)(a, b)
    _check(got, onp.meshgrid(a, b)[1] * 2)


# ----------------------------------------------------------------------------- real_if_close, i0


def test_real_if_close():
    for a in [
        onp.array([1 + 1e-15j, 2.0]),
        onp.array([1 + 1e-3j]),
        onp.arange(3),
        onp.array([1 + 1e-7j], onp.complex64),
        onp.zeros(0, complex),
    ]:
        _check(xnp.real_if_close(a), onp.real_if_close(a))
        _check(xnp.real_if_close(a, tol=1e-2), onp.real_if_close(a, tol=1e-2))
    with pytest.raises(TypeError, match="real_if_close"):
        xnp.jit(xnp.real_if_close)(onp.array([1 + 0j]))


@pytest.mark.parametrize(
    "dtype",
    [onp.bool_, onp.int16, onp.uint8, onp.int64, onp.float16, onp.float32, onp.float64],
    ids=lambda d: onp.dtype(d).name,
)
def test_i0(dtype):
    x = (_data((3, 4), dtype) * (3 if onp.dtype(dtype).kind == "f" else 1)).astype(dtype)
    _check(xnp.i0(x), onp.i0(x))


def test_i0_special_values_grad_errors():
    x = onp.array([0.0, -0.0, 8.0, -8.0, 30.0, 700.0, onp.inf, -onp.inf, onp.nan])
    with onp.errstate(all="ignore"):
        want = onp.i0(x)
    _check(xnp.i0(x), want)
    _check(xnp.i0(2.0), onp.i0(2.0))
    _check(xnp.i0(onp.zeros((0, 2))), onp.i0(onp.zeros((0, 2))))
    with pytest.raises(TypeError, match="complex"):
        xnp.i0(onp.array([1j]))
    v = onp.array([-2.0, 0.5, 9.0])
    g = xnp.grad(lambda u: xnp.sum(xnp.i0(u)))(v)
    onp.testing.assert_allclose(g, _fd_grad(lambda u: onp.sum(onp.i0(u)), v), rtol=1e-6)
    _check(xnp.jit(xnp.i0)(v), onp.i0(v))
    _check(xnp.vmap(xnp.i0)(v), onp.i0(v))


# ----------------------------------------------------------------------------- logspace, geomspace


def test_geomspace():
    cases = [
        ((1, 1000), {"num": 4}),
        ((-1, -1000), {"num": 5}),
        ((1j, 1000j), {"num": 4}),
        ((1 + 1j, -2 + 3j), {"num": 6}),
        ((2, 3), {"num": 1}),
        ((2, 3), {"num": 0}),
        ((onp.array([1, 2.0]), onp.array([[10.0], [100.0]])), {"num": 3, "axis": -1}),
        ((1, 100), {"num": 5, "endpoint": False}),
        ((1, 256), {"num": 9, "dtype": int}),
        ((onp.float32(1), onp.float32(10)), {"num": 3}),
        ((1000, 1), {"num": 4}),
    ]
    for args, kw in cases:
        _check(xnp.geomspace(*args, **kw), onp.geomspace(*args, **kw))
    with pytest.raises(ValueError, match="zero"):
        xnp.geomspace(0, 10)
    f = xnp.jit(lambda a, b: xnp.geomspace(a, b, 5))
    _check(f(2.0, 32.0), onp.geomspace(2.0, 32.0, 5))
    g = xnp.grad(lambda b: xnp.sum(xnp.geomspace(1.0, b, 4)))(8.0)
    fd = (onp.geomspace(1.0, 8.0 + 1e-6, 4).sum() - onp.geomspace(1.0, 8.0 - 1e-6, 4).sum()) / 2e-6
    onp.testing.assert_allclose(g, fd, rtol=1e-6)


def test_logspace():
    cases = [
        ((0, 3), {"num": 4}),
        ((0, 3), {"num": 4, "base": 2}),
        ((0, 3), {"num": 4, "base": onp.array([2.0, 3.0])}),
        ((onp.array([0, 1]), 3), {"num": 4, "base": onp.array([2.0, 3.0]), "axis": 1}),
        ((0, 3), {"num": 4, "dtype": int}),
        ((1, 2), {"num": 5, "endpoint": False}),
        ((onp.float32(0), onp.float32(2)), {"num": 3}),
    ]
    for args, kw in cases:
        _check(xnp.logspace(*args, **kw), onp.logspace(*args, **kw))
    _check(xnp.jit(lambda s: xnp.logspace(s, 2.0, 3))(0.0), onp.logspace(0.0, 2.0, 3))


def test_log2_log10_carry_derivatives():
    # geomspace and logspace differentiate through log10; the exact power-of-two split of
    # log2/log10 must pass x's derivative on.
    x = onp.array([3.0, 0.7, 1e-300, 1e300, 1.0])
    for fn, base in [(xnp.log10, 10.0), (xnp.log2, 2.0)]:
        g = xnp.vmap(xnp.grad(fn))(x)
        onp.testing.assert_allclose(g, 1 / (x * onp.log(base)), rtol=1e-14)


def test_trapezoid_rounds_each_step_under_jit():
    # NumPy's d * (y[1:] + y[:-1]) / 2.0 overflows float16 to inf; XLA kept float32 inside
    y = onp.array([0, 0, 65504], onp.float16)
    with onp.errstate(over="ignore"):
        want = onp.trapezoid(y, dx=2.0)
    assert onp.isposinf(want)
    assert onp.asarray(xnp.jit(lambda v: xnp.trapezoid(v, dx=2.0))(y)) == want
