"""xnp.scipy.fft against scipy.fft (eager and jit), SciPy's keywords, fast lengths."""

import numpy as np
import pytest
import scipy.fft as sfft

import xnp
import xnp.scipy.fft as xsf

RNG = np.random.default_rng(0)
X = RNG.standard_normal((3, 4, 6))
XC = X + 1j * RNG.standard_normal(X.shape)

CASES = (
    [(f, kw) for f in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")
     for kw in ({}, {"n": 5, "axis": 1}, {"norm": "ortho"})]
    + [(f, kw) for f in ("fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn", "fft2", "ifft2",
                         "rfft2", "irfft2", "hfft2", "ihfft2")
       for kw in ({}, {"s": (3, 5)}, {"axes": (0, 2), "norm": "forward"})]
    + [("fftshift", {}), ("ifftshift", {"axes": 1})]
)  # fmt: skip


@pytest.mark.parametrize("name,kw", CASES, ids=[f"{f}-{kw}" for f, kw in CASES])
def test_matches_scipy(name, kw):
    f = getattr(xsf, name)
    for x in (X, XC, X.astype(np.float32)):
        try:
            want = getattr(sfft, name)(x, **kw)
        except TypeError:
            with pytest.raises(TypeError):
                f(x, **kw)
            continue
        tol = 2e-4 if x.dtype == np.float32 else 1e-10
        for got in (f(x, **kw), xnp.jit(lambda a: f(a, **kw))(x)):
            got = np.asarray(got)
            assert got.shape == want.shape and got.dtype == want.dtype
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1, np.abs(want).max()))


def test_keywords_and_fast_lengths():
    np.testing.assert_allclose(np.asarray(xsf.fft(XC, workers=2, overwrite_x=True)),
                               sfft.fft(XC), rtol=1e-12)  # fmt: skip
    for n in (1, 7, 13, 97, 1000, 1021):
        for real in (False, True):
            assert xsf.next_fast_len(n, real) == sfft.next_fast_len(n, real)
            assert xsf.prev_fast_len(n, real) == sfft.prev_fast_len(n, real)
    with pytest.raises(ValueError):
        xsf.next_fast_len(0)
    np.testing.assert_array_equal(np.asarray(xsf.fftfreq(5, 0.5)), sfft.fftfreq(5, 0.5))


TRIG = ("dct", "idct", "dst", "idst")
TRIG_KW = [{}, {"norm": "ortho"}, {"norm": "forward"}, {"norm": "ortho", "orthogonalize": False},
           {"n": 5, "axis": 1}, {"n": 9, "axis": 0, "norm": "ortho"}]


@pytest.mark.parametrize("kw", TRIG_KW, ids=str)
@pytest.mark.parametrize("t", [1, 2, 3, 4])
@pytest.mark.parametrize("name", TRIG)
def test_dct_dst_match_scipy(name, t, kw):
    f = getattr(xsf, name)
    for x in (X, XC, X.astype(np.float32), np.arange(12).reshape(3, 4) % 5):
        want = getattr(sfft, name)(x, type=t, **kw)
        if np.iscomplexobj(x) and kw.get("orthogonalize") is False:
            # Known difference: SciPy 1.17 ignores orthogonalize=False for complex input (it
            # orthogonalizes anyway); xnp transforms the real and imaginary parts as SciPy
            # does for real input.
            g = getattr(sfft, name)
            want = g(x.real, type=t, **kw) + 1j * g(x.imag, type=t, **kw)
        tol = 2e-5 if want.dtype in (np.float32, np.complex64) else 1e-11
        for got in (f(x, type=t, **kw), xnp.jit(lambda a: f(a, type=t, **kw))(x)):
            got = np.asarray(got)
            assert got.shape == want.shape and got.dtype == want.dtype, (got.dtype, want.dtype)
            np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1, np.abs(want).max()))


@pytest.mark.parametrize("kw", [{}, {"s": (3, 5)}, {"axes": (0, 2), "norm": "ortho"},
                                {"axes": 1, "norm": "forward"}], ids=str)
@pytest.mark.parametrize("t", [1, 2, 3, 4])
@pytest.mark.parametrize("name", [n + "n" for n in TRIG])
def test_dctn_dstn_match_scipy(name, t, kw):
    f = getattr(xsf, name)
    for x in (X, XC):
        want = getattr(sfft, name)(x, type=t, **kw)
        got = np.asarray(f(x, type=t, **kw))
        assert got.shape == want.shape and got.dtype == want.dtype
        np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-11 * np.abs(want).max())


@pytest.mark.parametrize("t", [1, 2, 3, 4])
@pytest.mark.parametrize("kind", ["dct", "dst"])
def test_dct_dst_inverse_orthonormal_grad_vmap(kind, t):
    from tests.util import check_jvp, check_vjp

    f, inv = getattr(xsf, kind), getattr(xsf, "i" + kind)
    x = RNG.standard_normal((4, 6))
    for norm in ("backward", "ortho", "forward"):
        back = np.asarray(inv(f(x, type=t, norm=norm), type=t, norm=norm))
        np.testing.assert_allclose(back, x, atol=1e-12)
    m = np.asarray(f(np.eye(6), type=t, norm="ortho", axis=0))
    np.testing.assert_allclose(m.T @ m, np.eye(6), atol=1e-12)  # orthonormal
    rng = np.random.RandomState(0)
    check_jvp(lambda a: f(a, type=t), [x], 1e-6, 1e-6, rng)
    check_vjp(lambda a: f(a, type=t, norm="ortho"), [x], 1e-9, rng)
    got = xnp.vmap(lambda a: f(a, type=t))(x)
    np.testing.assert_allclose(np.asarray(got), np.stack([getattr(sfft, kind)(r, type=t)
                                                          for r in x]), atol=1e-11)  # fmt: skip


def test_dct_dst_errors_as_scipy():
    for call, exc in ((lambda m: m.dct(np.ones(3), type=5), ValueError),
                      (lambda m: m.dst(np.ones(3), norm="bad"), ValueError),
                      (lambda m: m.dct(np.ones(3), n=0), ValueError),
                      (lambda m: m.dct(np.ones(0)), ValueError),
                      (lambda m: m.dct(np.ones(1), type=1), RuntimeError),
                      (lambda m: m.idctn(np.ones((2, 3)), s=(2,), axes=(0, 1)), ValueError)):
        with pytest.raises(exc):
            call(sfft)
        with pytest.raises(exc):
            call(xsf)
    for t in (2, 3, 4):
        np.testing.assert_allclose(np.asarray(xsf.dst(np.ones(1), type=t)),
                                   sfft.dst(np.ones(1), type=t))  # fmt: skip
    np.testing.assert_allclose(np.asarray(xsf.dst(np.ones(1), type=1)),
                               sfft.dst(np.ones(1), type=1))  # fmt: skip
