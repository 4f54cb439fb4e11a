"""xnp.scipy.linalg.ldl against scipy.linalg.ldl: the factors themselves (the pivot decisions
are LAPACK's, so they agree wherever no two pivot candidates tie), the reconstruction
``lu @ d @ lu^H == A``, triangularity of ``lu[perm]``, batches, empty and singular matrices,
jit, derivatives and errors."""

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl
from tests.util import check_jvp

RNG = np.random.default_rng(7)


def _sym(shape, dt, herm):
    a = RNG.standard_normal(shape)
    if np.dtype(dt).kind == "c":
        a = a + 1j * RNG.standard_normal(shape)
    a = a + (np.conj(np.swapaxes(a, -1, -2)) if herm else np.swapaxes(a, -1, -2))
    a[..., 0, 0] = 0.01  # a small leading pivot: Bunch-Kaufman takes 2x2 blocks
    return a.astype(dt)


def _tol(dt):
    return 1e-4 if np.dtype(dt) in (np.float32, np.complex64) else 1e-11


@pytest.mark.parametrize("dt", ["float64", "float32", "complex128", "complex64"])
@pytest.mark.parametrize("hermitian", [True, False])
@pytest.mark.parametrize("lower", [True, False])
def test_ldl_matches_scipy(dt, hermitian, lower):
    jitted = xnp.jit(lambda a: xsl.ldl(a, lower=lower, hermitian=hermitian))
    for n in (1, 2, 3, 6, 9):
        a = _sym((n, n), dt, hermitian)
        want = sla.ldl(a, lower=lower, hermitian=hermitian)
        for got in (xsl.ldl(a, lower=lower, hermitian=hermitian), jitted(a)):
            lu, d, perm = (np.asarray(g) for g in got)
            assert lu.dtype == want[0].dtype and d.dtype == want[1].dtype
            scale = np.abs(a).max()
            np.testing.assert_allclose(lu, want[0], rtol=_tol(dt) * 10, atol=_tol(dt) * 10)
            np.testing.assert_allclose(d, want[1], rtol=_tol(dt), atol=_tol(dt) * scale)
            np.testing.assert_array_equal(perm, want[2])
            h = (lambda x: x.conj().T) if hermitian else (lambda x: x.T)
            np.testing.assert_allclose(lu @ d @ h(lu), a, atol=_tol(dt) * 10 * scale)
            tri = np.tril if lower else np.triu
            np.testing.assert_array_equal(tri(lu[perm]), lu[perm])


def test_ldl_reads_one_triangle_and_ignores_hermitian_diagonal_imag():
    a = RNG.standard_normal((5, 5)) + 1j * RNG.standard_normal((5, 5))
    for lower in (True, False):
        with pytest.warns(np.exceptions.ComplexWarning):
            want = sla.ldl(a, lower=lower)
        with pytest.warns(np.exceptions.ComplexWarning, match="ldl"):
            got = xsl.ldl(a, lower=lower)
        for g, w in zip(got, want, strict=True):
            np.testing.assert_allclose(np.asarray(g), w, atol=1e-12)


def test_ldl_batched_empty_singular_int():
    a = _sym((3, 2, 5, 5), "float64", True)
    lu, d, perm = xsl.ldl(a)
    wl, wd, wp = sla.ldl(a)
    np.testing.assert_allclose(np.asarray(lu), wl, atol=1e-11)
    np.testing.assert_allclose(np.asarray(d), wd, atol=1e-11)
    np.testing.assert_array_equal(np.asarray(perm), wp)
    z = xsl.ldl(np.zeros((0, 0)))
    assert [np.asarray(x).shape for x in z] == [(0, 0), (0, 0), (0,)]
    zero = np.zeros((4, 4))
    lu, d, perm = xsl.ldl(zero)
    np.testing.assert_array_equal(np.asarray(d), 0)
    np.testing.assert_array_equal(np.asarray(lu), np.eye(4))
    ai = np.array([[2, 1], [1, 3]])
    lu, d, _ = xsl.ldl(ai)
    assert np.asarray(lu).dtype == np.float64
    np.testing.assert_allclose(np.asarray(lu) @ np.asarray(d) @ np.asarray(lu).T, ai)


def test_ldl_errors():
    with pytest.raises(ValueError, match="ldl.*square"):
        xsl.ldl(np.ones((3, 4)))
    with pytest.raises(ValueError, match="ldl.*square"):
        xsl.ldl(np.ones(3))
    with pytest.raises(ValueError, match="ldl.*infs or NaNs"):
        xsl.ldl(np.array([[1.0, np.nan], [np.nan, 1.0]]))


def test_ldl_jvp_and_vmap():
    a = _sym((5, 5), "float64", True) + 10 * np.eye(5)  # a fixed (diagonal) pivot sequence

    def f(m):
        m = (m + m.T) / 2
        lu, d, _ = xsl.ldl(m)
        return lu, d

    check_jvp(f, [a], 1e-6, 1e-6, np.random.RandomState(0))
    b = _sym((4, 5, 5), "float64", True)
    got = xnp.vmap(lambda m: xsl.ldl(m)[1])(b)
    want = np.stack([sla.ldl(m)[1] for m in b])
    np.testing.assert_allclose(np.asarray(got), want, atol=1e-11)
