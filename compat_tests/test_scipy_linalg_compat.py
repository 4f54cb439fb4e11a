"""xnp.scipy.linalg against scipy.linalg, eagerly and under jit; derivatives of the solvers
against central differences."""

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl

RNG = np.random.default_rng(0)
DTYPES = ["float64", "float32", "complex128"]


def _mat(shape, dt):
    a = RNG.standard_normal(shape)
    if dt.startswith("complex"):
        a = a + 1j * RNG.standard_normal(shape)
    return a.astype(dt)


def _spd(n, dt):
    a = _mat((n, n), dt)
    return (a @ a.conj().T + n * np.eye(n)).astype(dt)


def _tol(dt):
    return 1e-4 if dt in ("float32", "complex64") else 1e-10


def _both(f, *args):
    return [f(*args), xnp.jit(f)(*args)]


def _close(got, want, dt):
    got = np.asarray(got)
    assert got.shape == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=_tol(dt), atol=_tol(dt))


@pytest.mark.parametrize("dt", DTYPES)
def test_lu_family(dt):
    a = _mat((5, 5), dt)
    b = _mat((5, 2), dt)
    for trans in (0, 1, 2):
        want = sla.lu_solve(sla.lu_factor(a), b, trans=trans)
        for got in _both(lambda a, b, t=trans: xsl.lu_solve(xsl.lu_factor(a), b, trans=t), a, b):
            _close(got, want, dt)
    lu_, piv = xsl.lu_factor(a)
    want_lu, want_piv = sla.lu_factor(a)
    _close(lu_, want_lu, dt)
    np.testing.assert_array_equal(np.asarray(piv), want_piv)
    for shape in ((5, 5), (4, 6), (6, 3)):
        m = _mat(shape, dt)
        for got, want in zip(xsl.lu(m), sla.lu(m), strict=True):
            _close(got, want, dt)
        for got, want in zip(xsl.lu(m, permute_l=True), sla.lu(m, permute_l=True), strict=True):
            _close(got, want, dt)
        p, lo, up = xsl.lu(m, p_indices=True)
        wp, wl, wu = sla.lu(m, p_indices=True)
        np.testing.assert_array_equal(np.asarray(p), wp)


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_family(dt, lower):
    a = _spd(4, dt)
    other = np.tril(np.full((4, 4), 3.0), -1)  # the triangle SciPy does not read
    junk = a + (other if not lower else other.T)
    _close(xsl.cholesky(junk, lower=lower), sla.cholesky(a, lower=lower), dt)
    b = _mat((4, 3), dt)
    want = sla.cho_solve(sla.cho_factor(a, lower=lower), b)
    for got in _both(lambda a, b: xsl.cho_solve(xsl.cho_factor(a, lower=lower), b), junk, b):
        _close(got, want, dt)
    for got in _both(lambda a, b: xsl.solve(a, b, assume_a="pos", lower=lower), junk, b):
        _close(got, want, dt)


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("trans", [0, 1, 2, "T"])
@pytest.mark.parametrize("lower", [False, True])
def test_solve_triangular(dt, trans, lower):
    a = _mat((4, 4), dt) + 4 * np.eye(4, dtype=dt)
    for b in (_mat((4, 2), dt), _mat((4,), dt)):
        want = sla.solve_triangular(a, b, trans=trans, lower=lower)
        for got in _both(lambda a, b: xsl.solve_triangular(a, b, trans=trans, lower=lower), a, b):
            _close(got, want, dt)
    want = sla.solve_triangular(a, b, lower=lower, unit_diagonal=True)
    _close(xsl.solve_triangular(a, b, lower=lower, unit_diagonal=True), want, dt)


def test_passthroughs_and_errors():
    a = _mat((4, 4), "float64")
    b = _mat((4,), "float64")
    _close(xsl.solve(a, b), sla.solve(a, b), "float64")
    _close(xsl.solve(a, b, transposed=True), sla.solve(a, b, transposed=True), "float64")
    _close(xsl.inv(a), sla.inv(a), "float64")
    _close(xsl.det(a), sla.det(a), "float64")
    h = a + a.T
    w, v = xsl.eigh(h)
    _close(w, sla.eigh(h)[0], "float64")
    _close(xsl.eigh(h, eigvals_only=True, lower=False), sla.eigh(h, eigvals_only=True, lower=False),
           "float64")  # fmt: skip
    with pytest.raises(ValueError, match="infs or NaNs"):
        xsl.inv(np.array([[np.nan, 1.0], [0.0, 1.0]]))
    with pytest.raises(np.linalg.LinAlgError):
        xsl.inv(np.array([[1.0, 2.0], [2.0, 4.0]]))
    with pytest.raises(np.linalg.LinAlgError):
        xsl.cholesky(-np.eye(2))
    with pytest.raises(ValueError):
        xsl.solve(a, np.ones(3))
    assert xsl.LinAlgError is sla.LinAlgError


def test_derivatives():
    a = _mat((4, 4), "float64") + 4 * np.eye(4)
    b = _mat((4, 2), "float64")
    t = _mat((4, 4), "float64")
    fns = [lambda m: xsl.lu_solve(xsl.lu_factor(m), b, trans=1),
           lambda m: xsl.solve_triangular(m, b, lower=True, trans=2),
           lambda m: xsl.cho_solve(xsl.cho_factor(m @ m.T), b)]  # fmt: skip
    for f in fns:
        _, jt = xnp.jvp(f, (a,), (t,))
        fd = (np.asarray(f(a + 1e-6 * t)) - np.asarray(f(a - 1e-6 * t))) / 2e-6
        np.testing.assert_allclose(np.asarray(jt), fd, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dt", DTYPES)
def test_expm(dt):
    a = np.stack([_mat((4, 4), dt) * s for s in (0.01, 1.0, 30.0)])
    want = sla.expm(a)
    tol = 1e-4 if dt == "float32" else 1e-12
    for got in _both(xsl.expm, a):
        got = np.asarray(got)
        assert got.dtype == want.dtype
        np.testing.assert_allclose(got / np.abs(want).max(axis=(-2, -1), keepdims=True),
                                   want / np.abs(want).max(axis=(-2, -1), keepdims=True),
                                   atol=tol)  # fmt: skip
    assert np.asarray(xsl.expm(np.zeros((0, 0)))).shape == (0, 0)


def test_expm_derivatives_and_vmap():
    a, t = _mat((4, 4), "float64") * 2, _mat((4, 4), "float64")
    fd = (sla.expm(a + 1e-6 * t) - sla.expm(a - 1e-6 * t)) / 2e-6
    for jt in (xnp.jvp(xsl.expm, (a,), (t,))[1],
               xnp.jit(lambda a, t: xnp.jvp(xsl.expm, (a,), (t,))[1])(a, t)):  # fmt: skip
        np.testing.assert_allclose(np.asarray(jt), fd, rtol=1e-6, atol=1e-6)
    g = xnp.grad(lambda m: xnp.sum(xsl.expm(m) * t))(a)
    np.testing.assert_allclose(np.sum(np.asarray(g) * t), np.sum(fd * t), rtol=1e-6)
    batch = np.stack([a, a * 0.1, a * 5])
    loop = np.stack([np.asarray(xsl.expm(b)) for b in batch])
    np.testing.assert_allclose(np.asarray(xnp.vmap(xsl.expm)(batch)), loop, rtol=1e-12)
