"""xnp.linalg against numpy.linalg: norms, cond, rank, pinv, lstsq, matrix_power, multi_dot,
tensorsolve/tensorinv, outer, LinAlgError; eager and under jit; derivatives against central
differences and vmap against a loop."""

import numpy as np
import pytest

import xnp

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4, 4))
AC = A + 1j * RNG.standard_normal(A.shape)
M = RNG.standard_normal((5, 3))
V = RNG.standard_normal(5)
R = RNG.standard_normal((6, 2)) @ RNG.standard_normal((2, 5))  # rank 2


def _both(f, *args, **kw):
    """Eager and jitted results (keywords are static)."""
    return [f(*args, **kw), xnp.jit(lambda *a: f(*a, **kw))(*args)]


def _check(name, *args, tol=1e-9, np_name=None, **kw):
    want = getattr(np.linalg, np_name or name)(*args, **kw)
    for got in _both(getattr(xnp.linalg, name), *args, **kw):
        got = np.asarray(got)
        assert got.shape == np.shape(want) and got.dtype == np.asarray(want).dtype
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol)


VEC_ORDS = [None, 1, -1, 2, -2, np.inf, -np.inf, 0, 3, 0.5]
MAT_ORDS = [None, 1, -1, 2, -2, np.inf, -np.inf, "fro", "nuc"]


@pytest.mark.parametrize("ord", VEC_ORDS, ids=str)
def test_vector_norms(ord):
    _check("norm", V, ord=ord)
    _check("norm", A, ord=ord, axis=1)
    _check("norm", AC, ord=ord, axis=-1, keepdims=True)
    if ord in (2, 1, np.inf, 0):
        _check("vector_norm", A, ord=ord, axis=(0, 2))
        _check("vector_norm", AC.astype(np.complex64), ord=ord, tol=1e-5)


@pytest.mark.parametrize("ord", MAT_ORDS, ids=str)
def test_matrix_norms(ord):
    _check("norm", M, ord=ord)
    _check("norm", A, ord=ord, axis=(2, 0), keepdims=True)
    _check("matrix_norm", AC, ord=ord or "fro")
    _check("matrix_norm", A.astype(np.float32), ord=ord or "fro", tol=1e-5)


def test_norm_defaults_and_errors():
    _check("norm", A)
    _check("norm", A, keepdims=True)
    _check("norm", np.arange(5))
    _check("norm", np.array([np.nan, 1.0]))
    _check("norm", np.zeros((0,)))
    with pytest.raises(ValueError):
        xnp.linalg.norm(A, ord=1)
    with pytest.raises(ValueError):
        xnp.linalg.norm(V, ord="fro")
    with pytest.raises(ValueError):
        xnp.linalg.norm(M, ord=3)


@pytest.mark.parametrize("p", [None, 1, -1, 2, -2, np.inf, "fro", "nuc"], ids=str)
def test_cond(p):
    _check("cond", A, p=p, tol=1e-7)
    if p in (1, np.inf, "fro"):
        assert float(xnp.linalg.cond(np.array([[1.0, 2], [2, 4]]), p)) == np.inf


@pytest.mark.parametrize("x", [A, R, M, np.zeros((3, 3)), AC, np.zeros((2, 0, 3))],
                         ids=["batched", "rank2", "tall", "zero", "complex", "empty"])
def test_rank_and_pinv(x):
    _check("matrix_rank", x)
    _check("pinv", x)


def test_rank_pinv_options():
    _check("matrix_rank", V)
    _check("matrix_rank", R, tol=1e-3)
    _check("matrix_rank", A + A.transpose(0, 2, 1), hermitian=True)
    _check("pinv", A + A.transpose(0, 2, 1), hermitian=True, tol=1e-8)
    _check("pinv", R, rtol=None)


LSTSQ = [(M, V), (M, RNG.standard_normal((5, 2))), (R, RNG.standard_normal(6)),
         (M.T, RNG.standard_normal(3)), (np.zeros((0, 3)), np.zeros(0))]  # fmt: skip


@pytest.mark.parametrize("a,b", LSTSQ, ids=["tall", "tall-2rhs", "deficient", "wide", "empty"])
def test_lstsq(a, b):
    got, want = xnp.linalg.lstsq(a, b), np.linalg.lstsq(a, b)
    assert got[2] == want[2] and isinstance(got[2], int)  # NumPy's rank is an np.int32
    for g, w in zip(got[:2] + got[3:], want[:2] + want[3:], strict=True):
        g = np.asarray(g)
        assert g.shape == np.shape(w) and g.dtype == np.asarray(w).dtype
        np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-9)
    x_jit = xnp.jit(lambda a, b: xnp.linalg.lstsq(a, b)[0])(a, b)
    np.testing.assert_allclose(np.asarray(x_jit), want[0], rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, -1, -3])
def test_matrix_power(n):
    _check("matrix_power", A, n=n, tol=1e-8)
    if n >= 0:
        _check("matrix_power", np.arange(9).reshape(3, 3), n=n)


def test_products_and_tensor_solvers():
    chain = [RNG.standard_normal(s) for s in [(10,), (10, 3), (3, 20), (20, 2), (2,)]]
    for arrays in (chain, chain[1:4], chain[1:]):
        want = np.linalg.multi_dot(arrays)
        for got in _both(lambda *a: xnp.linalg.multi_dot(a), *arrays):
            np.testing.assert_allclose(np.asarray(got), want, rtol=1e-10)
    _check("tensorsolve", RNG.standard_normal((2, 3, 6)), RNG.standard_normal((2, 3)))
    _check("tensorinv", RNG.standard_normal((4, 6, 8, 3)), tol=1e-8)
    _check("outer", V, V[:3])
    _check("matmul", A, M[:4])
    _check("matrix_transpose", A)
    with pytest.raises(ValueError):
        xnp.linalg.outer(M, V)
    with pytest.raises(ValueError):
        xnp.linalg.multi_dot([M])


SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])


@pytest.mark.parametrize("x", [M, M.T, A, AC, np.zeros((0, 3))],
                         ids=["tall", "wide", "batched", "complex", "empty"])
def test_qr_raw(x):
    want_h, want_tau = np.linalg.qr(x, mode="raw")
    for h, tau in _both(lambda a: xnp.linalg.qr(a, mode="raw"), x):
        h, tau = np.asarray(h), np.asarray(tau)
        assert h.shape == want_h.shape and tau.shape == want_tau.shape and h.dtype == want_h.dtype
        np.testing.assert_allclose(h, want_h, rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(tau, want_tau, rtol=1e-10, atol=1e-10)


def test_linalg_error_eagerly_nan_under_jit():
    assert xnp.linalg.LinAlgError is np.linalg.LinAlgError
    for f, bad, msg in [(xnp.linalg.inv, SINGULAR, "Singular"),
                        (lambda a: xnp.linalg.solve(a, np.ones(2)), SINGULAR, "Singular"),
                        (xnp.linalg.cholesky, -np.eye(2), "positive definite")]:  # fmt: skip
        with pytest.raises(np.linalg.LinAlgError, match=msg):
            f(bad)
        out = np.asarray(xnp.jit(f)(bad))
        assert not np.isfinite(out).all()
        with pytest.raises(np.linalg.LinAlgError):
            xnp.linalg.check_finite(xnp.jit(f)(bad))
    with pytest.raises(np.linalg.LinAlgError, match="square"):
        xnp.linalg.inv(M)
    with pytest.raises(np.linalg.LinAlgError):
        xnp.linalg.matrix_power(M, 2)


@pytest.mark.parametrize("dt", ["float64", "float32", "complex128", "complex64"])
def test_eig_reconstructs(dt):
    a = A.astype(dt) if dt.startswith("float") else AC.astype(dt)
    tol = 1e-4 if dt in ("float32", "complex64") else 1e-10
    for w, v in _both(xnp.linalg.eig, a):
        w, v = np.asarray(w), np.asarray(v)
        assert w.dtype == np.linalg.eigvals(a).dtype and v.shape == a.shape
        np.testing.assert_allclose(a @ v, v * w[..., None, :], rtol=tol, atol=tol)
        np.testing.assert_allclose(np.linalg.norm(v, axis=-2), 1, rtol=tol)
    want = np.sort_complex(np.linalg.eigvals(a))
    for w in _both(xnp.linalg.eigvals, a):
        np.testing.assert_allclose(np.sort_complex(np.asarray(w)), want, rtol=tol, atol=tol)


def test_eig_real_spectrum_and_errors():
    sym = A[0] + A[0].T
    w, v = xnp.linalg.eig(sym)  # real eigenvalues: real results, as NumPy
    assert np.asarray(w).dtype == np.float64 and np.asarray(v).dtype == np.float64
    np.testing.assert_allclose(np.sort(np.asarray(w)), np.linalg.eigvalsh(sym), atol=1e-10)
    assert np.asarray(xnp.jit(xnp.linalg.eigvals)(sym)).dtype == np.complex128
    assert np.asarray(xnp.linalg.eigvals(np.zeros((0, 0)))).shape == (0,)
    with pytest.raises(np.linalg.LinAlgError):
        xnp.linalg.eig(np.array([[np.nan, 1.0], [0, 1]]))
    with pytest.raises(np.linalg.LinAlgError):
        xnp.linalg.eigvals(M)


def test_eig_derivatives():
    # Eigenvalues (gauge-free) and |v| (invariant to the phase of each eigenvector).
    def f(a):
        w, v = xnp.linalg.eig(a + 0j)
        return xnp.real(w) + xnp.imag(w) + xnp.sum(xnp.abs(v) ** 2 * xnp.arange(4.0), axis=0)

    _fd_check(lambda a: xnp.real(xnp.linalg.eigvals(a + 0j)), WELL, tol=1e-5)
    _fd_check(f, WELL, tol=1e-5)
    batch = A + 4 * np.eye(4)
    loop = np.stack([np.asarray(f(b)) for b in batch])
    np.testing.assert_allclose(np.asarray(xnp.vmap(f)(batch)), loop, rtol=1e-10, atol=1e-10)


def _fd_check(f, x, eps=1e-6, tol=1e-6):
    t = np.random.default_rng(3).standard_normal(x.shape)
    _, jt = xnp.jvp(f, (x,), (t,))
    fd = (np.asarray(f(x + eps * t)) - np.asarray(f(x - eps * t))) / (2 * eps)
    np.testing.assert_allclose(np.asarray(jt), fd, rtol=tol, atol=tol)
    # reverse mode of the same map: <g, t> == <ct, J t>
    ct = np.random.default_rng(4).standard_normal(np.shape(jt))
    (g,) = xnp.vjp(f, x)[1](ct)
    np.testing.assert_allclose(np.sum(np.asarray(g) * t), np.sum(ct * np.asarray(jt)), rtol=1e-8)


WELL = A[0] + 4 * np.eye(4)
SPD = WELL @ WELL.T
GRADS = {
    "det": lambda a: xnp.linalg.det(a),
    "slogdet": lambda a: xnp.linalg.slogdet(a)[1],
    "inv": xnp.linalg.inv,
    "solve": lambda a: xnp.linalg.solve(a, np.arange(4.0)),
    "pinv": xnp.linalg.pinv,
    "norm-fro": xnp.linalg.norm,
    "norm-2": lambda a: xnp.linalg.norm(a, 2),
    "norm-nuc": lambda a: xnp.linalg.norm(a, "nuc"),
    "cond": xnp.linalg.cond,
    "matrix_power": lambda a: xnp.linalg.matrix_power(a, 3),
    "lstsq": lambda a: xnp.linalg.lstsq(a, np.arange(4.0))[0],
    "cholesky": lambda a: xnp.linalg.cholesky(a @ a.T),
    "eigvalsh": lambda a: xnp.linalg.eigvalsh(a + a.T),
}


@pytest.mark.parametrize("name", list(GRADS))
def test_derivatives(name):
    _fd_check(GRADS[name], WELL, tol=1e-5)


@pytest.mark.parametrize("name", ["det", "inv", "pinv", "norm-2", "cond", "matrix_power"])
def test_vmap_matches_loop(name):
    f = GRADS[name]
    batch = A + 4 * np.eye(4)
    loop = np.stack([np.asarray(f(b)) for b in batch])
    np.testing.assert_allclose(np.asarray(xnp.vmap(f)(batch)), loop, rtol=1e-10, atol=1e-10)
