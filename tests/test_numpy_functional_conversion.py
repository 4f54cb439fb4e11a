"""apply_along_axis, apply_over_axes, fromfunction and the conversion helpers (asanyarray,
asarray_chkfinite, ascontiguousarray, asfortranarray, require, isfortran, copy, astype,
frombuffer, fromiter, from_dlpack) against NumPy; apply_along_axis under jit, grad and vmap
and on functions that need concrete values; NumPy's errors."""

import numpy as onp
import pytest

import xnp


def _check(got, want):
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    onp.testing.assert_allclose(got, want, rtol=1e-12)


A = onp.arange(24.0).reshape(2, 3, 4) - 7
FUNCS = [
    (lambda r: xnp.sum(r), onp.sum),
    (lambda r: r[::-1] * 2, lambda r: r[::-1] * 2),
    (lambda r: xnp.outer(r, r), lambda r: onp.outer(r, r)),
    (lambda r: xnp.sort(r)[:2], lambda r: onp.sort(r)[:2]),
    (lambda r: r.max() if r[0] > 0 else r.min(), lambda r: r.max() if r[0] > 0 else r.min()),
]


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
@pytest.mark.parametrize("k", range(len(FUNCS)))
def test_apply_along_axis(k, axis):
    xf, nf = FUNCS[k]
    _check(xnp.apply_along_axis(xf, axis, A), onp.apply_along_axis(nf, axis, A))


def test_apply_along_axis_args_errors_transforms():
    _check(
        xnp.apply_along_axis(lambda r, p, q=1: r**p + q, 1, A, 2, q=3),
        onp.apply_along_axis(lambda r, p, q=1: r**p + q, 1, A, 2, q=3),
    )
    _check(
        xnp.apply_along_axis(lambda r: r.sum(), 0, onp.arange(5)),
        onp.apply_along_axis(lambda r: r.sum(), 0, onp.arange(5)),
    )
    with pytest.raises(ValueError):
        onp.apply_along_axis(onp.sum, 1, onp.zeros((0, 2)))
    with pytest.raises(ValueError, match="apply_along_axis"):
        xnp.apply_along_axis(xnp.sum, 1, onp.zeros((0, 2)))
    with pytest.raises(onp.exceptions.AxisError):
        xnp.apply_along_axis(xnp.sum, 3, A)
    f = xnp.jit(lambda a: xnp.apply_along_axis(lambda r: xnp.cumsum(r)[-1] * r, 1, a))
    _check(f(A), onp.apply_along_axis(lambda r: onp.cumsum(r)[-1] * r, 1, A))
    g = xnp.grad(lambda a: xnp.sum(xnp.apply_along_axis(lambda r: xnp.sum(r**2), 2, a)))(A)
    _check(g, 2 * A)
    _check(xnp.vmap(lambda a: xnp.apply_along_axis(xnp.max, 0, a))(A), A.max(axis=1))
    with pytest.raises(TypeError):
        xnp.jit(lambda a: xnp.apply_along_axis(FUNCS[4][0], 0, a))(A)


def test_apply_over_axes():
    for axes in [0, [0, 2], (-1,), [1, 0]]:
        _check(xnp.apply_over_axes(xnp.sum, A, axes), onp.apply_over_axes(onp.sum, A, axes))
        _check(
            xnp.apply_over_axes(lambda a, ax: xnp.max(a, axis=ax, keepdims=True), A, axes),
            onp.apply_over_axes(lambda a, ax: onp.max(a, axis=ax, keepdims=True), A, axes),
        )
    with pytest.raises(ValueError, match="correct shape"):
        xnp.apply_over_axes(lambda a, ax: xnp.sum(a), A, [0])


def test_fromfunction():
    for fn, shape, kw in [
        (lambda i, j: i + 2 * j, (2, 3), {}),
        (lambda i, j: i == j, (3, 3), {"dtype": int}),
        (lambda i: i**2, (4,), {"dtype": onp.float32}),
        (lambda i, j, k: i * j - k, (2, 0, 3), {}),
        (lambda i, j, s=1: (i - j) * s, (2, 2), {"s": 5}),
    ]:
        _check(xnp.fromfunction(fn, shape, **kw), onp.fromfunction(fn, shape, **kw))


def test_conversion_helpers():
    for a in [[1, 2], 3.0, onp.arange(6).reshape(2, 3), onp.float32(2), [[True]]]:
        for fn in ["asanyarray", "ascontiguousarray", "asfortranarray", "copy"]:
            _check(getattr(xnp, fn)(a), getattr(onp, fn)(a))
        _check(
            xnp.ascontiguousarray(a, dtype=onp.float32), onp.ascontiguousarray(a, dtype=onp.float32)
        )
        _check(xnp.require(a, onp.float64, ["C", "W"]), onp.require(a, onp.float64, ["C", "W"]))
        assert xnp.isfortran(xnp.asarray(a)) is False
    assert xnp.isfortran(onp.asfortranarray(onp.ones((2, 3)))) is True
    with pytest.raises(ValueError, match="both"):
        xnp.require([1], requirements="CF")
    _check(xnp.asarray_chkfinite([1.0, 2.0]), onp.asarray_chkfinite([1.0, 2.0]))
    for bad in [[1.0, onp.nan], [onp.inf], onp.array([1 + 1j * onp.nan])]:
        with pytest.raises(ValueError):
            onp.asarray_chkfinite(bad)
        with pytest.raises(ValueError, match="infs or NaNs"):
            xnp.asarray_chkfinite(bad)
    x = xnp.asarray([1.5, -2.7])
    y = xnp.copy(x)
    y[0] = 9.0
    assert float(x[0]) == 1.5
    for dt in [onp.int8, onp.float32, onp.bool_, onp.complex64]:
        _check(xnp.astype(x, dt), onp.astype(onp.asarray(x), dt))
    with pytest.raises(TypeError, match="astype"):
        xnp.astype([1, 2], onp.int8)
    with pytest.warns(onp.exceptions.ComplexWarning):  # as numpy.astype warns
        _check(xnp.astype(xnp.asarray([1 + 2j]), onp.float64), onp.real(onp.array([1 + 2j])))
    _check(xnp.jit(lambda v: xnp.astype(v, onp.int32))(x), onp.asarray(x).astype(onp.int32))


def test_buffers_iterators_dlpack():
    b = onp.arange(6, dtype=onp.int16).tobytes()
    for kw in [
        {"dtype": onp.int16},
        {"dtype": onp.int16, "count": 2, "offset": 4},
        {"dtype": onp.uint8},
    ]:
        _check(xnp.frombuffer(b, **kw), onp.frombuffer(b, **kw))
    _check(xnp.fromiter(range(5), float), onp.fromiter(range(5), float))
    _check(
        xnp.fromiter((i * i for i in range(4)), onp.int32),
        onp.fromiter((i * i for i in range(4)), onp.int32),
    )
    _check(xnp.fromiter(iter([1, 2, 3]), int, count=2), onp.fromiter(iter([1, 2, 3]), int, count=2))
    h = onp.arange(5.0)
    got = xnp.from_dlpack(h)
    assert isinstance(got, xnp.ndarray)
    _check(got, h)
    x = xnp.asarray([1, 2])
    assert xnp.from_dlpack(x) is x
    _check(onp.from_dlpack(x), onp.array([1, 2]))
    with pytest.raises(ValueError, match="device"):
        xnp.from_dlpack(h, device="cuda:0")
