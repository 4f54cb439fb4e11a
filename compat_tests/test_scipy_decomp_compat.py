"""xnp.scipy.linalg's decompositions, least squares, subspaces and structured solvers against
scipy.linalg: values (or reconstructions where factors are gauge-dependent), dtypes, shapes,
empty and rank-deficient inputs, eager and jit; derivatives vs central differences; errors."""

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl
from tests.util import check_jvp, check_vjp

RNG = np.random.default_rng(1)
DTYPES = ["float64", "float32", "complex128"]


def _mat(shape, dt="float64"):
    a = RNG.standard_normal(shape)
    if dt.startswith("complex"):
        a = a + 1j * RNG.standard_normal(shape)
    return a.astype(dt)


def _herm(n, dt="float64"):
    a = _mat((n, n), dt)
    return (a @ a.conj().T + n * np.eye(n)).astype(dt)


def _tol(dt):
    return 2e-4 if np.dtype(dt) in (np.float32, np.complex64) else 1e-9


def _close(got, want, dt="float64", dtype=True):
    got = np.asarray(got)
    want = np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if dtype:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=_tol(dt), atol=_tol(dt) * max(1, np.abs(want).max(
        initial=0)))  # fmt: skip


def _both(f, *args):
    return [f(*args), xnp.jit(f)(*args)]


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (0, 3)])
def test_svd_pinv_lstsq(shape, dt):
    a = _mat(shape, dt)
    for got in _both(xsl.svdvals, a):
        _close(got, sla.svdvals(a), dt)
    if 0 not in shape:
        u, s, vh = xsl.svd(a, full_matrices=False)
        _close(np.asarray(u) * np.asarray(s)[None].astype(dt) @ np.asarray(vh), a, dt)
    for got in _both(xsl.pinv, a):
        _close(got, sla.pinv(a), dt)
    _close(xsl.pinv(a, atol=0.5), sla.pinv(a, atol=0.5), dt)
    if 0 not in shape:
        b = _mat((shape[0],), dt)
        x, res, rank, s = xsl.lstsq(a, b)
        wx, wres, wrank, ws = sla.lstsq(a, b)
        _close(x, wx, dt, dtype=False)
        _close(res, wres, dt, dtype=False)
        assert rank == wrank


def test_rank_deficient_pinv_lstsq_null_orth():
    a = _mat((6, 2)) @ _mat((2, 4))  # rank 2
    _close(xsl.pinv(a), sla.pinv(a))
    x, res, rank, s = xsl.lstsq(a, np.ones(6))
    wx, wres, wrank, _ = sla.lstsq(a, np.ones(6))
    _close(x, wx)
    assert rank == wrank == 2 and np.shape(res) == np.shape(wres)
    ns, wns = np.asarray(xsl.null_space(a)), sla.null_space(a)
    assert ns.shape == wns.shape == (4, 2)
    _close(ns @ ns.T, wns @ wns.T)
    o, wo = np.asarray(xsl.orth(a)), sla.orth(a)
    _close(o @ o.T, wo @ wo.T)
    with pytest.raises(TypeError, match="concrete"):
        xnp.jit(xsl.null_space)(a)
    h = _herm(4)
    h[:, 0] = h[0, :] = 0
    _close(xsl.pinvh(h), sla.pinvh(h))
    prank = xsl.pinvh(h, return_rank=True)[1]
    assert int(prank) == sla.pinvh(h, return_rank=True)[1]


@pytest.mark.parametrize("dt", DTYPES)
def test_polar_procrustes_subspace(dt):
    a = _mat((4, 4), dt)
    for side in ("right", "left"):
        for got, want in zip(xsl.polar(a, side), sla.polar(a, side), strict=True):
            _close(got, want, dt)
    tall = _mat((5, 3), dt)
    for got, want in zip(xsl.polar(tall), sla.polar(tall), strict=True):
        _close(got, want, dt)
    b = _mat((6, 3), dt)
    q = sla.qr(_mat((3, 3), dt))[0]
    got, want = xsl.orthogonal_procrustes(b, b @ q + 0.01), sla.orthogonal_procrustes(b, b @ q
                                                                                      + 0.01)
    _close(got[0], want[0], dt)
    _close(got[1], want[1], dt, dtype=False)
    for x, y in ((b, _mat((6, 2), dt)), (_mat((6, 2), dt), b), (b, b @ q)):
        _close(xsl.subspace_angles(x, y), sla.subspace_angles(x, y), dt, dtype=False)


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4)])
def test_qr_rq_family(shape, dt):
    a = _mat(shape, dt)
    for mode in ("full", "economic", "r"):
        for piv in (False, True):
            got, want = xsl.qr(a, mode=mode, pivoting=piv), sla.qr(a, mode=mode, pivoting=piv)
            assert len(got) == len(want)
            for g, w in zip(got, want, strict=True):
                _close(g, w, dt)
    (h, tau), r = xsl.qr(a, mode="raw")
    (wh, wtau), wr = sla.qr(a, mode="raw")
    _close(h, wh, dt)
    _close(tau, wtau, dt)
    _close(r, wr, dt)
    for mode in ("full", "economic"):
        r, q = xsl.rq(a, mode=mode)
        wr, wq = sla.rq(a, mode=mode)
        assert np.shape(r) == wr.shape and np.shape(q) == wq.shape
        _close(np.asarray(r) @ np.asarray(q), a, dt)
        _close(np.asarray(q) @ np.asarray(q).conj().T, np.eye(np.shape(q)[0]), dt, dtype=False)
        _close(np.abs(r), np.abs(wr), dt)  # equal up to the signs of R's rows
    for mode, c in (("left", _mat((min(shape), 2), dt)), ("right", _mat((2, shape[0]), dt)),
                    ("left", _mat((min(shape),), dt)), ("right", _mat((shape[0],), dt))):
        for conj in (False, True):
            got = xsl.qr_multiply(a, c, mode, conjugate=conj)
            want = sla.qr_multiply(a, c, mode, conjugate=conj)
            for g, w in zip(got, want, strict=True):
                _close(g, w, dt)


def test_qr_pivoting_grad_and_jit():
    a = _mat((5, 3))
    f = lambda m: xsl.qr(m, mode="economic", pivoting=True)[1]  # noqa: E731
    _close(xnp.jit(f)(a), sla.qr(a, mode="economic", pivoting=True)[1])
    check_jvp(f, [a], 1e-6, 1e-6, np.random.RandomState(0))


def _same_spectrum(got, want, dt):
    """Each wanted eigenvalue matched by a distinct computed one (order-free)."""
    got = list(np.asarray(got))
    assert len(got) == len(want)
    for w in want:
        i = int(np.argmin([abs(g - w) for g in got]))
        assert abs(got[i] - w) <= _tol(dt) * max(1, abs(w)), (got, want)
        got.pop(i)


@pytest.mark.parametrize("dt", DTYPES)
def test_eig(dt):
    a = _mat((4, 4), dt)
    w, vl, vr = xsl.eig(a, left=True)
    ww, wvl, wvr = sla.eig(a, left=True)
    assert np.asarray(w).dtype == ww.dtype and np.asarray(vr).dtype == wvr.dtype
    _same_spectrum(w, ww, dt)
    w, vl, vr = (np.asarray(t) for t in (w, vl, vr))
    _close(a @ vr, vr * w[None, :], dt, dtype=False)
    _close(vl.conj().T @ a, w[:, None] * vl.conj().T, dt, dtype=False)
    _close(np.linalg.norm(vl, axis=0), np.ones(4), dt, dtype=False)
    sym = a + a.conj().T
    assert np.asarray(xsl.eig(sym)[1]).dtype == sla.eig(sym)[1].dtype
    b = _herm(4, dt)
    _same_spectrum(xsl.eigvals(a, b), sla.eigvals(a, b), dt)
    hw = xsl.eigvals(a, homogeneous_eigvals=True)
    assert np.shape(hw) == sla.eigvals(a, homogeneous_eigvals=True).shape


@pytest.mark.parametrize("dt", DTYPES)
@pytest.mark.parametrize("lower", [True, False])
@pytest.mark.parametrize("type_", [1, 2, 3])
def test_eigh_generalized(type_, lower, dt):
    a, b = _herm(4, dt) - 3 * np.eye(4), _herm(4, dt)
    junk = np.triu(np.full((4, 4), 5.0), 1) if lower else np.tril(np.full((4, 4), 5.0), -1)
    for got in _both(lambda x, y: xsl.eigh(x, y, type=type_, lower=lower), a + junk, b + junk):
        w, v = (np.asarray(t) for t in got)
        ww, wv = sla.eigh(a, b, type=type_, lower=lower)
        _close(w, ww, dt)
        _close(np.abs(v), np.abs(wv), dt)  # eigenvectors up to sign/phase
    _close(xsl.eigvalsh(a, b, type=type_, subset_by_index=(1, 2)),
           sla.eigvalsh(a, b, type=type_, subset_by_index=(1, 2)), dt)  # fmt: skip


def test_eigh_subsets_grad_errors():
    h = _herm(5)
    _close(xsl.eigh(h, subset_by_value=(4.0, 9.0), eigvals_only=True),
           sla.eigh(h, subset_by_value=(4.0, 9.0), eigvals_only=True))  # fmt: skip
    with pytest.raises(ValueError, match="indices"):
        xsl.eigh(h, subset_by_index=(3, 7))
    with pytest.raises(ValueError, match="type"):
        xsl.eigh(h, h, type=4)
    with pytest.raises(np.linalg.LinAlgError):
        xsl.eigh(h, -np.eye(5))
    b = _herm(5)
    rng = np.random.RandomState(0)
    sym = lambda m: (m + m.T) / 2  # noqa: E731
    check_jvp(lambda x, y: xsl.eigh(sym(x), sym(y) + 10 * xnp.eye(5), eigvals_only=True),
              [h, b], 1e-6, 1e-5, rng)  # fmt: skip
    check_vjp(lambda x, y: xsl.eigh(sym(x), sym(y) + 10 * xnp.eye(5), eigvals_only=True),
              [h, b], 1e-8, rng)  # fmt: skip


def test_tridiagonal_and_banded_eig():
    d, e = RNG.standard_normal(6), RNG.standard_normal(5)
    _close(xsl.eigvalsh_tridiagonal(d, e), sla.eigvalsh_tridiagonal(d, e))
    w, v = xsl.eigh_tridiagonal(d, e)
    t = np.diag(d) + np.diag(e, 1) + np.diag(e, -1)
    _close(t @ np.asarray(v), np.asarray(v) * np.asarray(w)[None], dtype=False)
    for sel, rng_ in (("i", (1, 3)), ("v", (-1.0, 1.0))):
        _close(xsl.eigvalsh_tridiagonal(d, e, sel, rng_), sla.eigvalsh_tridiagonal(d, e, sel, rng_))
    with pytest.raises(ValueError):
        xsl.eigh_tridiagonal(d, e[:3])
    ab = np.zeros((3, 6))
    ab[0, 2:], ab[1, 1:], ab[2] = 0.3, -0.5, 4.0
    _close(xsl.eigvals_banded(ab), sla.eigvals_banded(ab))
    w, v = xsl.eig_banded(ab, select="i", select_range=(0, 2))
    ww, wv = sla.eig_banded(ab, select="i", select_range=(0, 2))
    _close(w, ww)
    _close(np.abs(v), np.abs(wv))


@pytest.mark.parametrize("dt", DTYPES)
def test_banded_solvers(dt):
    ab = _mat((4, 6), dt)
    ab[2] += 6  # a dominant diagonal
    b = _mat((6, 2), dt)
    for got in _both(lambda x, y: xsl.solve_banded((1, 2), x, y), ab, b):
        _close(got, sla.solve_banded((1, 2), ab, b), dt)
    up = np.zeros((3, 6), dt)
    up[0, 2:], up[1, 1:], up[2] = 0.3, -0.5 + (0.2j if dt.startswith("c") else 0), 4.0
    low = np.zeros((3, 6), dt)
    low[0], low[1, :-1], low[2, :-2] = 4.0, np.conj(up[1, 1:]), 0.3
    for lower, band in ((False, up), (True, low)):
        _close(xsl.solveh_banded(band, b, lower=lower), sla.solveh_banded(band, b, lower=lower),
               dt)  # fmt: skip
        c = xsl.cholesky_banded(band, lower=lower)
        _close(c, sla.cholesky_banded(band, lower=lower), dt)
        _close(xsl.cho_solve_banded((c, lower), b), sla.cho_solve_banded((np.asarray(c), lower),
                                                                         b), dt)  # fmt: skip
    with pytest.raises(ValueError, match="l\\+u\\+1"):
        xsl.solve_banded((1, 1), ab, b)
    with pytest.raises(np.linalg.LinAlgError):
        xsl.cholesky_banded(-up)


@pytest.mark.parametrize("dt", DTYPES)
def test_toeplitz_circulant_solvers(dt):
    # Known difference: SciPy returns float64 from float32 input in these three (its Levinson
    # and numpy.fft paths upcast); xnp keeps float32.
    keep = dt != "float32"
    c, r = _mat((5,), dt), _mat((5,), dt)
    c[0] += 6
    b = _mat((5, 2), dt)
    _close(xsl.solve_toeplitz((c, r), b), sla.solve_toeplitz((c, r), b), dt, keep)
    _close(xsl.solve_toeplitz(c, b[:, 0]), sla.solve_toeplitz(c, b[:, 0]), dt, keep)
    r7 = _mat((7,), dt)
    x7 = _mat((7, 3), dt)
    _close(xsl.matmul_toeplitz((c, r7), x7), sla.matmul_toeplitz((c, r7), x7), dt, keep)
    x = _mat((5,), dt)
    _close(xsl.matmul_toeplitz(c, x), sla.matmul_toeplitz(c, x), dt, keep)
    for bb in (b, b[:, 0]):
        _close(xsl.solve_circulant(c, bb), sla.solve_circulant(c, bb), dt, keep)
    ones = np.ones(4, dt)
    with pytest.raises(np.linalg.LinAlgError):
        xsl.solve_circulant(ones, b[:4, 0])
    _close(xsl.solve_circulant(ones, b[:4, 0], singular="lstsq"),
           sla.solve_circulant(ones, b[:4, 0], singular="lstsq"), dt, dtype=False)  # fmt: skip
    f = lambda cc, bb: xsl.solve_circulant(cc, bb)  # noqa: E731
    if dt == "float64":
        check_jvp(f, [c, b[:, 0]], 1e-6, 1e-6, np.random.RandomState(0))
        check_vjp(f, [c, b[:, 0]], 1e-8, np.random.RandomState(0))


def test_complex_division_reverse_mode():
    # grad through a complex quotient whose denominator has a zero imaginary part (the FFT of
    # real data) was NaN: the untaken branch of Smith's algorithm divided by zero.
    x = np.array([2.0, -3.0, 0.5])
    g = xnp.grad(lambda v: xnp.sum(xnp.real(1 / (v + 0j))))(x)
    np.testing.assert_allclose(np.asarray(g), -1 / x**2)


def test_structure_predicates_and_norm():
    t = np.triu(np.tril(np.ones((5, 5)), 2), -1)
    assert xsl.bandwidth(t) == sla.bandwidth(t) == (1, 2)
    assert xsl.bandwidth(np.zeros((3, 3))) == sla.bandwidth(np.zeros((3, 3)))
    h = _herm(3, "complex128")
    for f in ("issymmetric", "ishermitian"):
        for m in (h, h.real, h + 1e-12):
            assert getattr(xsl, f)(m) == getattr(sla, f)(m)
            assert getattr(xsl, f)(m, atol=1e-9) == getattr(sla, f)(m, atol=1e-9)
    a = _mat((3, 4))
    for ord_ in (None, "fro", "nuc", 1, -1, 2, np.inf):
        _close(xsl.norm(a, ord_), sla.norm(a, ord_), dtype=False)
    with pytest.raises(ValueError):
        xsl.norm(np.array([1.0, np.nan]))
    with pytest.raises(ValueError):
        sla.norm(np.array([1.0, np.nan]))
    assert issubclass(xsl.LinAlgWarning, RuntimeWarning)


def _same_qr(got, want, a):
    q, r = (np.asarray(t) for t in got)
    assert q.shape == want[0].shape and r.shape == want[1].shape
    _close(q @ r, a, dtype=False)
    _close(np.abs(r), np.abs(want[1]))  # unique up to the signs of R's rows
    _close(q.conj().T @ q, np.eye(q.shape[1]), dtype=False)


@pytest.mark.parametrize("dt", ["float64", "complex128"])
def test_qr_update_insert_delete(dt):
    a = _mat((6, 4), dt)
    full, econ = sla.qr(a), sla.qr(a, mode="economic")
    u, v = _mat((6,), dt), _mat((4,), dt)
    for qr_ in (full, econ):
        _same_qr(xsl.qr_update(*qr_, u, v), sla.qr_update(*qr_, u, v), a + np.outer(u, v.conj()))
    u2, v2 = _mat((6, 2), dt), _mat((4, 2), dt)
    _same_qr(xsl.qr_update(*full, u2, v2), sla.qr_update(*full, u2, v2), a + u2 @ v2.conj().T)
    rows = _mat((2, 4), dt)
    _same_qr(xsl.qr_insert(*full, rows, 3), sla.qr_insert(*full, rows, 3),
             np.insert(a, 3, rows, axis=0))  # fmt: skip
    col = _mat((6,), dt)
    for qr_ in (full, econ):
        _same_qr(xsl.qr_insert(*qr_, col, 1, "col"), sla.qr_insert(*qr_, col, 1, "col"),
                 np.insert(a, 1, col, axis=1))  # fmt: skip
    _same_qr(xsl.qr_delete(*full, 2, 3), sla.qr_delete(*full, 2, 3), np.delete(a, [2, 3, 4], 0))
    _same_qr(xsl.qr_delete(*econ, 0, 2, "col"), sla.qr_delete(*econ, 0, 2, "col"),
             np.delete(a, [0, 1], 1))  # fmt: skip
    for bad in (lambda m: m.qr_delete(*full, 5, 3), lambda m: m.qr_insert(*full, rows, 9),
                lambda m: m.qr_insert(*full, rows, 0, "diag")):
        with pytest.raises(ValueError):
            bad(sla)
        with pytest.raises(ValueError):
            bad(xsl)


def test_cdf2rdf_and_sketch():
    for m in (_mat((4, 4)), _mat((3, 5, 5))):
        w, v = np.linalg.eig(m)
        for got, want in zip(xsl.cdf2rdf(w, v), sla.cdf2rdf(w, v), strict=True):
            _close(got, want)
        wr, vr = (np.asarray(t) for t in xsl.cdf2rdf(w, v))
        _close(m @ vr, vr @ wr)
    with pytest.raises(ValueError, match="pairs"):
        xsl.cdf2rdf(np.array([1.0, 1j]), np.eye(2))
    b = _mat((30, 4))
    for kw in ({"rng": 7}, {"rng": np.random.default_rng(3)}, {"seed": 5}):
        kw2 = {k: (np.random.default_rng(3) if isinstance(v, np.random.Generator) else v)
               for k, v in kw.items()}  # fmt: skip
        _close(xsl.clarkson_woodruff_transform(b, 6, **kw),
               sla.clarkson_woodruff_transform(b, 6, **kw2))  # fmt: skip
