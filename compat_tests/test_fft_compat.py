"""xnp.fft against numpy.fft: values, shapes and dtypes eagerly and under jit; derivatives
(finite differences and the jvp/vjp pairing) and vmap against a loop."""

import numpy as np
import pytest

import xnp

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 4, 5, 6))
XC = X + 1j * RNG.standard_normal(X.shape)
INPUTS = {"f64": X, "c128": XC, "f32": X.astype(np.float32), "c64": XC.astype(np.complex64)}

ONE_D = [{}, {"n": 7}, {"n": 3, "axis": 1}, {"norm": "ortho"}, {"norm": "forward", "axis": 0}]
N_D = [{}, {"axes": (0, 2)}, {"s": (3, 4), "axes": (1, 3)}, {"norm": "ortho", "axes": (3, 0, 1)},
       {"norm": "forward"}, {"s": (2, 3, 4, 5), "axes": (0, 1, 2, 3)}]  # fmt: skip
TWO_D = [{}, {"s": (5, 7)}, {"axes": (0, 2), "norm": "ortho"}]
CASES = (
    [(f, kw) for f in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft") for kw in ONE_D]
    + [(f, kw) for f in ("fftn", "ifftn", "rfftn", "irfftn") for kw in N_D]
    + [(f, kw) for f in ("fft2", "ifft2", "rfft2", "irfft2") for kw in TWO_D]
    + [("fftn", {"axes": (1, 1)}), ("fftshift", {}), ("ifftshift", {}),
       ("fftshift", {"axes": 1}), ("ifftshift", {"axes": (0, 3)})]  # fmt: skip
)


def _check(got, want, dtype):
    got = np.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape
    tol = 2e-4 if dtype in ("f32", "c64") else 1e-11
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1, np.abs(want).max(initial=0)))


@pytest.mark.parametrize("name,kw", CASES, ids=[f"{f}-{kw}" for f, kw in CASES])
def test_matches_numpy(name, kw):
    f = getattr(xnp.fft, name)
    jitted = xnp.jit(lambda a: f(a, **kw))
    for dt, x in INPUTS.items():
        try:
            want = getattr(np.fft, name)(x, **kw)
        except TypeError:  # rfft-family of complex input
            with pytest.raises(TypeError):
                f(x, **kw)
            continue
        _check(f(x, **kw), want, dt)
        _check(jitted(x), want, dt)


def test_dtypes_and_edge_shapes():
    assert xnp.fft.fft([1, 2, 3]).dtype == np.complex128
    assert xnp.fft.fft(np.ones(4, np.float16)).dtype == np.complex64
    assert xnp.fft.rfft(np.ones(4, bool)).dtype == np.complex128
    assert xnp.fft.irfft(np.ones(3, np.complex64)).dtype == np.float32
    assert xnp.fft.fft(np.ones((0, 4))).shape == (0, 4)
    x = np.array([np.nan, np.inf, -0.0, 1.0])
    np.testing.assert_array_equal(np.isnan(np.asarray(xnp.fft.fft(x))), np.isnan(np.fft.fft(x)))


@pytest.mark.parametrize("n", [1, 2, 5, 8])
@pytest.mark.parametrize("d", [1.0, 0.3])
def test_freqs(n, d):
    for name in ("fftfreq", "rfftfreq"):
        got, want = np.asarray(getattr(xnp.fft, name)(n, d)), getattr(np.fft, name)(n, d)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("call,exc", [
    (lambda: xnp.fft.fft(np.ones(0)), ValueError),
    (lambda: xnp.fft.fft(np.ones(3), n=0), ValueError),
    (lambda: xnp.fft.irfft(np.ones(1)), ValueError),
    (lambda: xnp.fft.fft(np.ones(3), norm="bad"), ValueError),
    (lambda: xnp.fft.fft(np.ones(3), axis=3), IndexError),
    (lambda: xnp.fft.fft(5.0), IndexError),
    (lambda: xnp.fft.rfft(np.ones(4) + 1j), TypeError),
    (lambda: xnp.fft.fftn(np.ones((2, 3)), s=(2,), axes=(0, 1)), ValueError),
])  # fmt: skip
def test_errors(call, exc):
    with pytest.raises(exc):
        call()


AD = [("fft", {}, True), ("ifft", {"norm": "ortho"}, True), ("rfft", {}, False),
      ("irfft", {}, True), ("rfft", {"n": 7}, False), ("irfft", {"n": 7}, True),
      ("hfft", {}, True), ("ihfft", {}, False), ("fftn", {"axes": (0, 1, 2, 3)}, True),
      ("rfftn", {"axes": (0, 1, 2, 3)}, False), ("irfftn", {"axes": (0, 1, 2, 3)}, True),
      ("irfft2", {"s": (3, 5)}, True), ("rfft2", {"norm": "forward"}, False)]  # fmt: skip


@pytest.mark.parametrize("name,kw,cplx", AD, ids=[f"{f}-{kw}" for f, kw, _ in AD])
def test_derivatives_and_vmap(name, kw, cplx):
    rng = np.random.default_rng(1)
    shp = (2, 3, 4, 6)

    def draw(shape, c):
        return rng.standard_normal(shape) + (1j * rng.standard_normal(shape) if c else 0)

    x, t = draw(shp, cplx), draw(shp, cplx)

    def f(a):
        return getattr(xnp.fft, name)(a, **kw)

    y, jt = xnp.jvp(f, (x,), (t,))
    fd = (np.asarray(f(x + 1e-6 * t)) - np.asarray(f(x - 1e-6 * t))) / 2e-6
    np.testing.assert_allclose(np.asarray(jt), fd, atol=1e-6)
    # The transpose: sum(ct * J t) == sum(J^T ct * t) (xnp's convention for complex values).
    ct = draw(np.shape(y), np.asarray(y).dtype.kind == "c")
    (g,) = xnp.vjp(f, x)[1](ct)
    lhs = np.real(np.sum(ct * np.asarray(jt)))
    np.testing.assert_allclose(np.real(np.sum(np.asarray(g) * t)), lhs, rtol=1e-9, atol=1e-9)
    if "axes" not in kw:
        loop = np.stack([np.asarray(f(x[i])) for i in range(shp[0])])
        np.testing.assert_allclose(np.asarray(xnp.vmap(f)(x)), loop, rtol=1e-12, atol=1e-12)


def test_grad_of_power_spectrum():
    x = np.random.default_rng(2).standard_normal(8)

    def loss(a):
        return xnp.sum(xnp.abs(xnp.fft.rfft(a)) ** 2)

    g = np.asarray(xnp.grad(loss)(x))
    eye = np.eye(8) * 1e-6
    fd = [(np.sum(np.abs(np.fft.rfft(x + e)) ** 2) - np.sum(np.abs(np.fft.rfft(x - e)) ** 2))
          / 2e-6 for e in eye]  # fmt: skip
    np.testing.assert_allclose(g, fd, rtol=1e-6)
