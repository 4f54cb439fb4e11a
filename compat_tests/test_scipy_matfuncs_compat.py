"""xnp.scipy.linalg's Schur forms, matrix functions and matrix equations against
scipy.linalg: values, dtypes, reconstructions, eager and jit; derivatives vs central
differences; errors."""

import warnings

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl
from tests.util import check_jvp, check_vjp

RNG = np.random.default_rng(2)
A = RNG.standard_normal((4, 4))  # a real negative eigenvalue and a complex pair
SPD = A @ A.T + 4 * np.eye(4)
C = A + 1j * RNG.standard_normal((4, 4))
MATS = {"general": A, "spd": SPD, "complex": C, "f32": SPD.astype(np.float32)}


def _close(got, want, tol=1e-8, dtype=True):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if dtype:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * max(1, np.abs(want).max(initial=0)))


def _tol(m):
    return 2e-4 if m.dtype == np.float32 else 1e-8


@pytest.mark.parametrize("kind", list(MATS))
def test_schur_rsf2csf_hessenberg(kind):
    m = MATS[kind]
    tol = _tol(m)
    for output in ("real", "complex"):
        t, z = (np.asarray(v) for v in xsl.schur(m, output=output))
        wt, wz = sla.schur(m, output=output)
        assert t.dtype == wt.dtype and t.shape == wt.shape
        _close(z @ t @ z.conj().T, m, tol, dtype=False)
        assert np.abs(np.tril(t, -2)).max(initial=0) == 0
        if output == "complex":
            assert np.abs(np.tril(t, -1)).max(initial=0) == 0
    if kind != "complex":
        t, z = xsl.schur(m)
        tc, zc = (np.asarray(v) for v in xsl.rsf2csf(t, z))
        _close(zc @ tc @ zc.conj().T, m, tol, dtype=False)
        assert np.abs(np.tril(tc, -1)).max() == 0
        wtc, _ = sla.rsf2csf(*sla.schur(m))
        got = list(np.diag(tc))
        for w in np.diag(wtc):  # the same spectrum, order-free
            i = int(np.argmin(np.abs(np.array(got) - w)))
            assert abs(got.pop(i) - w) <= tol * max(1, abs(w))
    h, q = (np.asarray(v) for v in xsl.hessenberg(m, calc_q=True))
    wh, wq = sla.hessenberg(m, calc_q=True)
    assert h.dtype == wh.dtype
    _close(q @ h @ q.conj().T, m, tol, dtype=False)
    _close(np.abs(h), np.abs(wh), tol)
    with pytest.raises(NotImplementedError, match="sort"):
        xsl.schur(m, sort="lhp")


@pytest.mark.parametrize("kind", list(MATS))
@pytest.mark.parametrize("name", ["sqrtm", "logm", "signm", "cosm", "sinm", "tanm", "coshm",
                                  "sinhm", "tanhm"])
def test_matrix_functions_match_scipy(name, kind):
    m = MATS[kind]
    if name == "signm" and kind == "spd":
        m = m - 6 * np.eye(4, dtype=m.dtype)  # eigenvalues of both signs
    with warnings.catch_warnings():  # SciPy's float32 logm warns about its own accuracy
        warnings.simplefilter("ignore", RuntimeWarning)
        want = getattr(sla, name)(m)
    got = getattr(xsl, name)(m)
    # Known difference: SciPy's logm returns float64 for float32 input; xnp keeps float32.
    _close(got, want, _tol(m), dtype=not (name == "logm" and kind == "f32"))
    if kind in ("spd", "complex") and name in ("sqrtm", "logm", "signm"):
        jitted = np.asarray(xnp.jit(getattr(xsl, name))(m))
        _close(jitted.real if kind == "spd" and name != "signm" else jitted, want, _tol(m),
               dtype=False)  # fmt: skip


def test_functions_of_special_spectra():
    neg = -SPD
    _close(xsl.sqrtm(neg), sla.sqrtm(neg))
    _close(xsl.logm(neg), sla.logm(neg))
    big = 1e3 * SPD
    _close(xsl.logm(big), sla.logm(big))
    for t in (0.3, -0.5, 2.0, -1):
        _close(xsl.fractional_matrix_power(SPD, t), sla.fractional_matrix_power(SPD, t))
    # Known difference: SciPy returns complex dtype for this real root; xnp returns it real.
    _close(xsl.fractional_matrix_power(A, 0.5), sla.fractional_matrix_power(A, 0.5),
           dtype=False)
    _close(xsl.sqrtm(np.zeros((0, 0))), np.zeros((0, 0)))


def test_funm():
    for m in (SPD, A, C):
        _close(xsl.funm(m, xnp.exp), sla.funm(m, np.exp))
        _close(xsl.funm(m, lambda v: v**3), sla.funm(m, lambda v: v**3))
    f, err = xsl.funm(SPD, xnp.sin, disp=False)
    wf, werr = sla.funm(SPD, np.sin, disp=False)
    _close(f, wf)
    np.testing.assert_allclose(float(err), werr, rtol=1e-6)


def test_expm_frechet_and_cond():
    e = RNG.standard_normal((4, 4))
    for got, want in zip(xsl.expm_frechet(A, e), sla.expm_frechet(A, e), strict=True):
        _close(got, want)
    _close(xsl.expm_frechet(C, e, compute_expm=False), sla.expm_frechet(C, e,
                                                                       compute_expm=False))
    np.testing.assert_allclose(float(xsl.expm_cond(A)), sla.expm_cond(A), rtol=1e-8)
    with pytest.raises(ValueError):
        xsl.expm_frechet(A, e[:3])


def test_matrix_equations():
    b = RNG.standard_normal((3, 3))
    q = RNG.standard_normal((4, 3))
    for got in (xsl.solve_sylvester(A, b, q), xnp.jit(xsl.solve_sylvester)(A, b, q)):
        _close(got, sla.solve_sylvester(A, b, q))
    # SciPy 1.17 gives a wrong answer for complex a with real b (residual ~0.8 here); check
    # xnp's against the equation instead.
    x = np.asarray(xsl.solve_sylvester(C, b, q))
    assert x.dtype == np.complex128 and np.abs(C @ x + x @ b - q).max() < 1e-12
    _close(xsl.solve_sylvester(C, b + 0j, q), sla.solve_sylvester(C, b + 0j, q))
    _close(xsl.solve_continuous_lyapunov(A, SPD), sla.solve_continuous_lyapunov(A, SPD))
    _close(xsl.solve_lyapunov(C, SPD), sla.solve_continuous_lyapunov(C, SPD))
    small = A / 4
    for method in (None, "direct", "bilinear"):
        _close(xsl.solve_discrete_lyapunov(small, SPD, method),
               sla.solve_discrete_lyapunov(small, SPD, method))  # fmt: skip
    with pytest.raises(ValueError):
        xsl.solve_sylvester(A, b, q.T)


@pytest.mark.parametrize("extras", ["plain", "e", "s", "e+s", "complex"])
def test_riccati(extras):
    a = C if extras == "complex" else A
    b = RNG.standard_normal((4, 2))
    q, r = np.eye(4), 2 * np.eye(2)
    kw = {}
    if "e" in extras and extras != "complex":
        kw["e"] = np.eye(4) + 0.1 * RNG.standard_normal((4, 4))
    if "s" in extras:
        kw["s"] = 0.1 * RNG.standard_normal((4, 2))
    for f in ("solve_continuous_are", "solve_discrete_are"):
        _close(getattr(xsl, f)(a, b, q, r, **kw), getattr(sla, f)(a, b, q, r, **kw), 1e-7)
    x = np.asarray(xnp.jit(xsl.solve_continuous_are)(a, b, q, r))
    resid = a.conj().T @ x + x @ a - x @ b @ np.linalg.solve(r, b.T) @ x + q
    assert np.abs(resid).max() < 1e-8


def test_derivatives():
    rng = np.random.RandomState(0)
    check_jvp(xsl.sqrtm, [SPD[:3, :3]], 1e-6, 1e-6, rng)
    check_vjp(xsl.sqrtm, [SPD[:3, :3]], 1e-8, rng)
    check_jvp(xsl.sqrtm, [A[:3, :3]], 1e-6, 1e-6, rng)  # a complex root
    check_jvp(xsl.logm, [SPD[:3, :3]], 1e-6, 1e-6, rng)
    check_vjp(xsl.logm, [SPD[:3, :3]], 1e-8, rng)
    b, q = RNG.standard_normal((2, 2)), RNG.standard_normal((3, 2))
    check_jvp(xsl.solve_sylvester, [A[:3, :3], b, q], 1e-6, 1e-6, rng)
    check_vjp(xsl.solve_sylvester, [A[:3, :3], b, q], 1e-8, rng)
    check_jvp(lambda a, e: xsl.expm_frechet(a, e)[1], [A[:3, :3], SPD[:3, :3]], 1e-6, 1e-6,
              rng)  # fmt: skip
    check_vjp(xsl.tanhm, [A[:3, :3]], 1e-8, rng)
    check_jvp(xsl.signm, [A[:3, :3]], 1e-6, 1e-5, rng)
    g = xnp.grad(lambda m: xnp.trace(xsl.sqrtm(m)))(SPD)
    np.testing.assert_allclose(np.asarray(g), 0.5 * np.linalg.inv(sla.sqrtm(SPD)).T, rtol=1e-7)


def test_errors():
    for f in ("sqrtm", "logm", "signm", "schur", "hessenberg", "cosm"):
        with pytest.raises(ValueError):
            getattr(sla, f)(np.ones((2, 3)))
        with pytest.raises(ValueError, match=f):
            getattr(xsl, f)(np.ones((2, 3)))
    with pytest.raises(ValueError):
        xsl.sqrtm(np.array([[1.0, np.inf], [0, 1]]))
    with pytest.raises(ValueError, match="real"):
        xsl.rsf2csf(C, C)


@pytest.mark.parametrize("name,nargs", [("sqrtm", 1), ("logm", 1), ("solve_sylvester", 3),
                                        ("expm_frechet", 2), ("funm", 1), ("signm", 1),
                                        ("pinv", 1), ("eigh", 2), ("solve_banded", 2),
                                        ("hessenberg", 1), ("polar", 1)])  # fmt: skip
def test_vmap_matches_loop(name, nargs):
    batch = np.stack([SPD + i * np.eye(4) for i in range(3)])
    others = [batch, RNG.standard_normal((3, 4, 4)) + 6 * np.eye(4), RNG.standard_normal((3, 4,
                                                                                          4))]
    fns = {"funm": lambda a: xsl.funm(a, xnp.exp), "eigh": lambda a, b: xsl.eigh(a, b)[0],
           "solve_banded": lambda ab, b: xsl.solve_banded((1, 2), ab, b[:, 0]),
           "polar": lambda a: xsl.polar(a)[1],
           "expm_frechet": lambda a, e: xsl.expm_frechet(a, e)[1]}  # fmt: skip
    f = fns.get(name, getattr(xsl, name))
    args = others[:nargs]
    if name == "eigh":
        args = [batch, batch + np.eye(4)]
    if name == "solve_banded":
        args = [RNG.standard_normal((3, 4, 4)) + 5, RNG.standard_normal((3, 4, 2))]
    got = np.asarray(xnp.vmap(f)(*args))
    want = np.stack([np.asarray(f(*[a[i] for a in args])) for i in range(3)])
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)
