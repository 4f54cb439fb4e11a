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
