"""xnp.convolve / correlate against NumPy for every mode, length pair (either operand longer,
length 1), dtype (bool, ints, halves, floats, complex, mixed), NaN; eagerly and under jit, grad
against finite differences, vmap against a loop; errors. Window functions (bartlett, blackman,
hamming, hanning, kaiser) for M < 1, 1, even and odd, non-integer M, and under jit."""

import numpy as onp
import pytest

import xnp

LENGTHS = [(5, 3), (3, 5), (4, 4), (1, 3), (6, 1), (1, 1), (7, 2), (2, 7), (8, 5)]
DTYPES = [
    onp.bool_,
    onp.int8,
    onp.uint8,
    onp.int32,
    onp.int64,
    onp.float16,
    onp.float32,
    onp.float64,
    onp.complex64,
    onp.complex128,
]


def _data(n, dtype, seed):
    rng = onp.random.default_rng(seed)
    dt = onp.dtype(dtype)
    if dt.kind == "b":
        return rng.integers(0, 2, n).astype(bool)
    if dt.kind in "iu":
        return rng.integers(0, 5, n).astype(dt)
    if dt.kind == "c":
        return (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt)
    return rng.standard_normal(n).astype(dt)


def _check(got, want):
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    tol = {2: 1e-2, 4: 1e-5, 8: 1e-12, 16: 1e-12}.get(want.dtype.itemsize, 1e-12)
    if want.dtype.kind in "fc":
        tol = 1e-5 if want.dtype in (onp.complex64, onp.float32) else tol
        onp.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    else:
        onp.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("fn", ["convolve", "correlate"])
@pytest.mark.parametrize("n,m", LENGTHS, ids=str)
def test_modes_and_lengths(fn, n, m):
    a, v = _data(n, onp.complex128, 0), _data(m, onp.complex128, 1)
    for mode in ["full", "same", "valid", 0, 1, 2]:
        _check(getattr(xnp, fn)(a, v, mode), getattr(onp, fn)(a, v, mode))
    _check(getattr(xnp, fn)(a.real, v.real), getattr(onp, fn)(a.real, v.real))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_dtypes(dtype):
    a, v = _data(9, dtype, 2), _data(4, dtype, 3)
    for fn in ["convolve", "correlate"]:
        for mode in ["full", "same", "valid"]:
            _check(getattr(xnp, fn)(a, v, mode), getattr(onp, fn)(a, v, mode))
    _check(xnp.convolve(a, onp.float32([1, 2])), onp.convolve(a, onp.float32([1, 2])))
    with pytest.raises(ValueError):
        onp.correlate(a, 2)
    with pytest.raises(ValueError, match="correlate"):
        xnp.correlate(a, 2)


def test_special_values_and_errors():
    a = onp.array([1.0, onp.nan, 2.0, onp.inf, 0.0])
    _check(xnp.convolve(a, [1.0, 0.0]), onp.convolve(a, [1.0, 0.0]))
    _check(xnp.convolve(3.0, [1, 2]), onp.convolve(3.0, [1, 2]))
    for args, err in [
        (([], [1.0]), ValueError),
        (([1.0], []), ValueError),
        (([[1.0]], [1.0]), ValueError),
        (([1.0], [1.0], "bad"), ValueError),
    ]:
        with pytest.raises(err):
            onp.convolve(*args)
        with pytest.raises(err, match="convolve"):
            xnp.convolve(*args)
    with pytest.raises(ValueError, match="correlate"):
        xnp.correlate([1.0, 2.0], [], "full")


def test_jit_grad_vmap():
    a, v = _data(7, onp.float64, 4), _data(3, onp.float64, 5)
    for mode in ["full", "same", "valid"]:
        f = xnp.jit(xnp.convolve, static_argnums=2)
        _check(f(a, v, mode), onp.convolve(a, v, mode))
        _check(
            xnp.jit(lambda x, y, mode=mode: xnp.correlate(x, y, mode))(a, v),
            onp.correlate(a, v, mode),
        )
    loss = lambda x, y: xnp.sum(xnp.convolve(x, y, "same") ** 2)  # noqa: E731
    ga, gv = xnp.grad(loss, argnums=(0, 1))(a, v)
    eps = 1e-6
    for g, x, idx in [(ga, a, 0), (gv, v, 1)]:
        fd = []
        for i in range(x.size):
            e = onp.zeros_like(x)
            e[i] = eps
            args_p = [a, v]
            args_m = [a, v]
            args_p[idx], args_m[idx] = x + e, x - e
            fd.append(
                (
                    onp.sum(onp.convolve(*args_p, "same") ** 2)
                    - onp.sum(onp.convolve(*args_m, "same") ** 2)
                )
                / (2 * eps)
            )
        onp.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)
    rows = _data(12, onp.float64, 6).reshape(4, 3)
    _check(
        xnp.vmap(lambda r: xnp.correlate(a, r, "full"))(rows),
        onp.stack([onp.correlate(a, r, "full") for r in rows]),
    )


@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
def test_windows(name):
    for M in [-3, 0, 1, 2, 3, 8, 9, 2.5, onp.int64(6)]:
        _check(getattr(xnp, name)(M), getattr(onp, name)(M))
    with pytest.raises(TypeError, match="static"):
        xnp.jit(getattr(xnp, name))(5)
    _check(xnp.jit(getattr(xnp, name), static_argnums=0)(7), getattr(onp, name)(7))


def test_kaiser():
    for M in [0, 1, 2, 5, 10]:
        for beta in [0.0, 1.0, 8.6, 14]:
            _check(xnp.kaiser(M, beta), onp.kaiser(M, beta))
    f = xnp.jit(xnp.kaiser, static_argnums=0)
    _check(f(6, 5.0), onp.kaiser(6, 5.0))
    g = xnp.grad(lambda b: xnp.sum(xnp.kaiser(6, b)))(3.0)
    fd = (onp.kaiser(6, 3.0 + 1e-6).sum() - onp.kaiser(6, 3.0 - 1e-6).sum()) / 2e-6
    onp.testing.assert_allclose(g, fd, rtol=1e-6)
    with pytest.raises(TypeError, match="complex"):
        xnp.kaiser(4, 1j)
