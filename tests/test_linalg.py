"""xnp.linalg against numpy.linalg: reconstructions and values, eagerly, under jit and vmap,
float32/float64/complex; derivatives against finite differences; errors and edge cases."""

from __future__ import annotations

import numpy as onp
import pytest
from util import check_grads

import xnp
import xnp.linalg as xla
from xnp import lax

DTYPES = ["float32", "float64", "complex64", "complex128"]
TOL = {"float32": 1e-4, "float64": 1e-10, "complex64": 1e-4, "complex128": 1e-10}


def _rand(shape: tuple, dtype: str, seed: int = 0) -> onp.ndarray:
    rng = onp.random.RandomState(seed)
    x = rng.randn(*shape)
    if onp.dtype(dtype).kind == "c":
        x = x + 1j * rng.randn(*shape)
    return x.astype(dtype)


def _h(x: onp.ndarray) -> onp.ndarray:
    return onp.conj(onp.swapaxes(x, -1, -2))


def _hpd(shape: tuple, dtype: str, seed: int = 0) -> onp.ndarray:
    a = _rand(shape, dtype, seed)
    return (a @ _h(a) + shape[-1] * onp.eye(shape[-1])).astype(dtype)


def _close(got: object, want: object, dtype: str, scale: float = 1.0) -> None:
    got = onp.asarray(got)
    want = onp.broadcast_to(want, got.shape)  # identities against stacks
    onp.testing.assert_allclose(got, want, rtol=TOL[dtype] * scale, atol=TOL[dtype] * scale)


MODES = {"eager": lambda f: f, "jit": xnp.jit}


# ----------------------------------------------------------------------------- values


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(4, 4), (2, 3, 3)])
def test_cholesky(shape, dtype, mode):
    a = _hpd(shape, dtype)
    factor = onp.asarray(MODES[mode](xla.cholesky)(a))
    assert factor.dtype == onp.dtype(dtype) and factor.shape == shape
    _close(factor, onp.linalg.cholesky(a), dtype, 10)
    _close(factor @ _h(factor), a, dtype, 10)
    upper = onp.asarray(MODES[mode](lambda x: xla.cholesky(x, upper=True))(a))
    _close(_h(upper) @ upper, a, dtype, 10)


def test_cholesky_reads_the_lower_triangle_and_fails_with_nans():
    a = _hpd((3, 3), "float64")
    junk = a + onp.triu(onp.full((3, 3), 7.0), 1)
    onp.testing.assert_allclose(onp.asarray(xla.cholesky(junk)), onp.linalg.cholesky(a))
    # Not positive definite: NumPy's LinAlgError eagerly, NaNs under jit.
    with pytest.raises(onp.linalg.LinAlgError, match="not positive definite"):
        xla.cholesky(-onp.eye(3))
    bad = onp.asarray(xnp.jit(xla.cholesky)(-onp.eye(3)))
    assert onp.isnan(bad[onp.tril_indices(3)]).all() and (onp.triu(bad, 1) == 0).all()
    # jax's convention: the symmetric part, under symmetrize_input=True
    sym = onp.asarray(xla.cholesky(junk, symmetrize_input=True))
    onp.testing.assert_allclose(sym, onp.linalg.cholesky((junk + junk.T) / 2))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh(uplo, dtype, mode):
    a = _rand((2, 4, 4), dtype)  # not Hermitian: only the UPLO triangle counts
    w, v = MODES[mode](lambda x: xla.eigh(x, UPLO=uplo))(a)
    w, v = onp.asarray(w), onp.asarray(v)
    assert w.dtype == onp.zeros((), dtype).real.dtype and v.dtype == onp.dtype(dtype)
    want = onp.linalg.eigvalsh(a, UPLO=uplo)
    _close(w, want, dtype, 10)
    tri = onp.tril(a) if uplo == "L" else onp.triu(a)
    herm = tri + _h(tri) - onp.real(onp.diagonal(a, 0, -2, -1))[..., None] * onp.eye(4)
    _close(herm @ v, v * w[..., None, :], dtype, 10)
    _close(onp.asarray(xla.eigvalsh(a, uplo)), want, dtype, 10)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4)])
def test_svd(shape, dtype, mode):
    a = _rand(shape, dtype)
    k = min(shape[-2:])
    u, s, vh = MODES[mode](lambda x: xla.svd(x, full_matrices=False))(a)
    u, s, vh = map(onp.asarray, (u, s, vh))
    assert u.shape == (*shape[:-1], k) and vh.shape == (*shape[:-2], k, shape[-1])
    _close(s, onp.linalg.svd(a, compute_uv=False), dtype, 10)
    _close((u * s[..., None, :]) @ vh, a, dtype, 10)
    uf, sf, vhf = map(onp.asarray, MODES[mode](xla.svd)(a))
    m, n = shape[-2:]
    _close(_h(uf) @ uf, onp.eye(m), dtype, 10)
    _close(vhf @ _h(vhf), onp.eye(n), dtype, 10)
    _close(onp.asarray(MODES[mode](xla.svdvals)(a)), onp.linalg.svd(a, compute_uv=False),
           dtype, 10)  # fmt: skip


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_svd_hermitian(dtype):
    a = _rand((3, 3), dtype)
    a = a + _h(a)
    u, s, vh = map(onp.asarray, xla.svd(a, hermitian=True))
    _close(s, onp.linalg.svd(a, compute_uv=False), dtype)
    _close((u * s[None, :]) @ vh, a, dtype)
    _close(onp.asarray(xla.svd(a, compute_uv=False, hermitian=True)), s, dtype)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (2, 4, 4)])
def test_qr(shape, dtype, mode):
    a = _rand(shape, dtype)
    for qr_mode in ("reduced", "complete"):
        q, r = map(onp.asarray, MODES[mode](lambda x, md=qr_mode: xla.qr(x, md))(a))
        qn, rn = onp.linalg.qr(a, qr_mode)
        assert q.shape == qn.shape and r.shape == rn.shape and q.dtype == onp.dtype(dtype)
        _close(q @ r, a, dtype, 10)
        _close(_h(q) @ q, onp.eye(q.shape[-1]), dtype, 10)
        assert (onp.tril(r, -1) == 0).all()
        _close(r, rn, dtype, 10)  # the same Householder convention as NumPy's LAPACK calls
    _close(onp.asarray(xla.qr(a, "r")), onp.linalg.qr(a, "r"), dtype, 10)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_solve_inv_det_slogdet(dtype, mode):
    a = _rand((2, 4, 4), dtype)
    b = _rand((2, 4, 3), dtype, 1)
    f = MODES[mode]
    _close(onp.asarray(f(xla.solve)(a, b)), onp.linalg.solve(a, b), dtype, 100)
    _close(onp.asarray(f(xla.inv)(a)), onp.linalg.inv(a), dtype, 100)
    _close(onp.asarray(f(xla.det)(a)), onp.linalg.det(a), dtype, 100)
    sign, logdet = f(xla.slogdet)(a)
    want = onp.linalg.slogdet(a)
    _close(onp.asarray(sign), want.sign, dtype, 100)
    _close(onp.asarray(logdet), want.logabsdet, dtype, 100)


SOLVE_SHAPES = [((4, 4), (4,)), ((2, 4, 4), (4,)), ((4, 4), (3, 4, 2)), ((1, 4, 4), (3, 4, 1))]


@pytest.mark.parametrize("a_shape,b_shape", SOLVE_SHAPES)
def test_solve_broadcasting(a_shape, b_shape):
    a, b = _rand(a_shape, "float64"), _rand(b_shape, "float64", 1)
    onp.testing.assert_allclose(onp.asarray(xla.solve(a, b)), onp.linalg.solve(a, b),
                                rtol=1e-10, atol=1e-10)  # fmt: skip


def test_singular_det_and_slogdet():
    a = onp.array([[1.0, 2.0], [2.0, 4.0]])
    assert float(xla.det(a)) == 0.0
    sign, logdet = xla.slogdet(a)
    assert float(sign) == 0.0 and float(logdet) == -onp.inf
    sign, logdet = xla.slogdet(a.astype("complex128"))
    assert complex(sign) == 0 and float(logdet) == -onp.inf


def test_integer_input_and_result_types():
    a = onp.array([[4, 1], [1, 3]])
    factor = xla.cholesky(a)
    assert factor.dtype == onp.float64
    onp.testing.assert_allclose(onp.asarray(factor), onp.linalg.cholesky(a))
    res = xla.eigh(a)
    assert isinstance(res, xla.EighResult) and res.eigenvalues.shape == (2,)
    assert isinstance(xla.svd(a), xla.SVDResult) and isinstance(xla.qr(a), xla.QRResult)
    assert isinstance(xla.slogdet(a), xla.SlogdetResult)


@pytest.mark.parametrize("offset", [-3, -1, 0, 1, 2, 5])
def test_diagonal(offset):
    x = onp.arange(24.0).reshape(2, 3, 4)
    got = xla.diagonal(x, offset=offset)
    onp.testing.assert_array_equal(onp.asarray(got), onp.linalg.diagonal(x, offset=offset))


@pytest.mark.parametrize("fn,shape", [
    (lambda a: xla.cholesky(a), (0, 0)), (lambda a: xla.eigh(a), (2, 0, 0)),
    (lambda a: xla.svd(a), (0, 3)), (lambda a: xla.svd(a, full_matrices=False), (3, 0)),
    (lambda a: xla.qr(a, "complete"), (3, 0)), (lambda a: xla.qr(a), (0, 2)),
    (lambda a: xla.solve(a, a), (0, 0)), (lambda a: xla.det(a), (0, 0)),
    (lambda a: xla.svd(a), (0, 3, 3)),
])  # fmt: skip
def test_empty(fn, shape):
    a = onp.zeros(shape)
    got = xnp.tree_util.tree_leaves(fn(a))
    assert all(onp.isfinite(onp.asarray(g)).all() for g in got)


def test_empty_results_match_numpy():
    u, s, vh = xla.svd(onp.zeros((0, 3)))
    nu, ns, nvh = onp.linalg.svd(onp.zeros((0, 3)))
    assert onp.asarray(u).shape == nu.shape and onp.asarray(s).shape == ns.shape
    onp.testing.assert_array_equal(onp.asarray(vh), nvh)
    assert float(xla.det(onp.zeros((0, 0)))) == 1.0


# ----------------------------------------------------------------------------- vmap


VMAPPED = {
    "cholesky": (xla.cholesky, lambda: [_hpd((3, 3, 3), "float64")]),
    "eigh": (xla.eigh, lambda: [_hpd((3, 3, 3), "float64")]),
    "svd": (lambda a: xla.svd(a, full_matrices=False), lambda: [_rand((3, 4, 2), "float64")]),
    "qr": (lambda a: xla.qr(a, "complete"), lambda: [_rand((3, 4, 2), "complex128")]),
    "solve": (xla.solve, lambda: [_rand((3, 3, 3), "float64"), _rand((3, 3), "float64", 1)]),
    "slogdet": (xla.slogdet, lambda: [_rand((3, 3, 3), "float64")]),
    "triangular_solve": (lambda a, b: lax.linalg.triangular_solve(a, b, left_side=True),
                         lambda: [_rand((3, 3, 3), "float64") + 3 * onp.eye(3),
                                  _rand((3, 3, 2), "float64", 1)]),
}  # fmt: skip


@pytest.mark.parametrize("name", VMAPPED)
def test_vmap_matches_loop(name):
    fn, make = VMAPPED[name]
    args = make()
    got = xnp.tree_util.tree_leaves(xnp.vmap(fn)(*args))
    per = [xnp.tree_util.tree_leaves(fn(*[a[i] for a in args])) for i in range(3)]
    for k, g in enumerate(got):
        onp.testing.assert_allclose(onp.asarray(g), onp.stack([onp.asarray(p[k]) for p in per]),
                                    rtol=1e-12, atol=1e-12)  # fmt: skip


def test_vmap_unbatched_matrix():
    a = _rand((3, 3), "float64") + 3 * onp.eye(3)
    b = _rand((4, 3, 2), "float64", 1)
    got = xnp.vmap(lambda y: xla.solve(a, y))(b)
    onp.testing.assert_allclose(onp.asarray(got), onp.linalg.solve(a, b), rtol=1e-12)


# ----------------------------------------------------------------------------- derivatives


def _sym(a):
    return a @ xnp.conj(a.T) + 3 * xnp.eye(a.shape[-1])


GRADS = {
    "cholesky": (lambda a: xla.cholesky(_sym(a)), [(3, 3)], 2),
    "cholesky_upper": (lambda a: xla.cholesky(_sym(a), upper=True), [(3, 3)], 1),
    "eigh": (lambda a: xla.eigh(_sym(a)), [(3, 3)], 1),
    "eigvalsh_upper": (lambda a: xla.eigvalsh(a, "U"), [(3, 3)], 2),
    "svd": (lambda a: xla.svd(a, full_matrices=False), [(4, 3)], 1),
    "svd_wide": (lambda a: xla.svd(a, full_matrices=False), [(2, 4)], 1),
    "svdvals": (xla.svdvals, [(3, 4)], 2),
    "qr": (lambda a: xla.qr(a), [(4, 3)], 2),
    "qr_complete": (lambda a: xla.qr(a, "complete"), [(4, 2)], 1),
    "qr_wide": (lambda a: xla.qr(a), [(2, 4)], 1),
    "solve": (xla.solve, [(3, 3), (3, 2)], 2),
    "solve_vector": (xla.solve, [(3, 3), (3,)], 1),
    "inv": (xla.inv, [(3, 3)], 1),
    "det": (xla.det, [(3, 3)], 2),
    "slogdet": (lambda a: xla.slogdet(a).logabsdet, [(3, 3)], 1),
}
# Complex eigen/singular vectors are defined up to a phase: check invariant quantities.
COMPLEX_GRADS = {
    "cholesky": GRADS["cholesky"],
    "eigvalsh": (lambda a: xla.eigvalsh(_sym(a)), [(3, 3)], 1),
    "eigh_projector": (lambda a: (lambda v: v[:, :1] @ xnp.conj(v[:, :1].T))(
        xla.eigh(_sym(a)).eigenvectors), [(3, 3)], 1),
    "svdvals": GRADS["svdvals"],
    "svd_product": (lambda a: (lambda u, s, vh: (u * s) @ vh)(*xla.svd(a, False)), [(3, 2)], 1),
    "qr": GRADS["qr"],
    "solve": GRADS["solve"],
    "det": GRADS["det"],
}  # fmt: skip


def _plain(fn):
    # check_grads rebuilds output tuples by type(out)(iterable): give it plain tuples.
    def f(*args):
        out = fn(*args)
        return tuple(out) if isinstance(out, tuple) else out

    return f


@pytest.mark.parametrize("name", GRADS)
def test_grads(name):
    fn, shapes, order = GRADS[name]
    args = [_rand(s, "float64", i) for i, s in enumerate(shapes)]
    check_grads(_plain(fn), args, order=order, tol=1e-5)


@pytest.mark.parametrize("name", COMPLEX_GRADS)
def test_grads_complex(name):
    fn, shapes, order = COMPLEX_GRADS[name]
    args = [_rand(s, "complex128", i) for i, s in enumerate(shapes)]
    check_grads(_plain(fn), args, order=min(order, 1), tol=1e-5)


def test_grad_under_jit_and_vmap():
    a = _rand((2, 3, 3), "float64")
    g = xnp.jit(xnp.vmap(xnp.grad(lambda x: xla.slogdet(x).logabsdet)))(a)
    onp.testing.assert_allclose(onp.asarray(g), onp.swapaxes(onp.linalg.inv(a), -1, -2),
                                rtol=1e-10)  # fmt: skip


def test_svd_full_matrices_derivative_needs_square():
    with pytest.raises(NotImplementedError, match="full_matrices"):
        xnp.jvp(xla.svd, (xnp.asarray(_rand((3, 2), "float64")),),
                (xnp.asarray(_rand((3, 2), "float64")),))  # fmt: skip


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("fn", [xla.cholesky, xla.eigh, xla.svd, xla.qr, xla.inv, xla.det])
def test_rank_one_input_raises(fn):
    with pytest.raises(xla.LinAlgError, match="2"):
        fn(onp.ones(3))


@pytest.mark.parametrize("fn", [xla.cholesky, xla.eigh, xla.inv, xla.det, xla.slogdet])
def test_non_square_raises(fn):
    with pytest.raises(xla.LinAlgError, match="square"):
        fn(onp.ones((2, 3)))


def test_unsupported_dtype_and_bad_arguments():
    with pytest.raises(TypeError, match="float16"):
        xla.cholesky(onp.eye(2, dtype="float16"))
    with pytest.raises(ValueError, match="UPLO"):
        xla.eigh(onp.eye(2), UPLO="X")
    with pytest.raises(ValueError, match="mode"):
        xla.qr(onp.eye(2), "bogus")
    with pytest.raises(ValueError, match="rows"):
        xla.solve(onp.eye(3), onp.ones(2))


def test_lax_level_errors():
    with pytest.raises(TypeError, match="cholesky does not accept dtype int64"):
        lax.linalg.cholesky(onp.eye(2, dtype="int64"))
    with pytest.raises(ValueError, match="svd: expected a matrix"):
        lax.linalg.svd(onp.ones(3))
    with pytest.raises(ValueError, match="square"):
        lax.linalg.eigh(onp.ones((2, 3)))
    with pytest.raises(TypeError, match="same dtype"):
        lax.linalg.triangular_solve(onp.eye(2), onp.ones((2, 2), "float32"))
    with pytest.raises(ValueError, match="incompatible shapes"):
        lax.linalg.triangular_solve(onp.eye(2), onp.ones((3, 3)), left_side=True)


def test_jaxpr_shows_the_primitives():
    text = str(xnp.make_jaxpr(lambda a: (xla.cholesky(a), xla.qr(a), xla.svd(a), xla.eigh(a),
                                         xla.solve(a, a)))(onp.eye(3)))  # fmt: skip
    for prim in ("cholesky", "qr", "svd", "eigh", "lu", "triangular_solve"):
        assert f"= {prim}" in text or f" {prim}[" in text, prim


def test_lu_and_permutation():
    a = _rand((2, 4, 3), "float64")
    lu, piv, perm = lax.linalg.lu(a)
    lu, perm = onp.asarray(lu), onp.asarray(perm)
    k = 3
    lower = onp.tril(lu[..., :, :k], -1) + onp.eye(4, k)
    upper = onp.triu(lu[..., :k, :])
    for i in range(2):
        onp.testing.assert_allclose(lower[i] @ upper[i], a[i][perm[i]], rtol=1e-12, atol=1e-12)
    assert onp.asarray(piv).dtype == onp.int32


def test_triangular_solve_broadcasts_batch_dimensions():
    rng = onp.random.RandomState(0)
    a = onp.tril(rng.randn(2, 1, 3, 3)) + 3 * onp.eye(3)
    b = rng.randn(4, 3, 2)
    x = onp.asarray(lax.linalg.triangular_solve(a, b, left_side=True, lower=True))
    assert x.shape == (2, 4, 3, 2)
    onp.testing.assert_allclose(a @ x, onp.broadcast_to(b, x.shape), atol=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "complex128"])
def test_eager_and_jit_agree_bitwise(dtype):
    a = _hpd((2, 4, 4), dtype)
    fns = [xla.cholesky, xla.eigh, xla.svd, xla.qr, lambda x: xla.solve(x, x[..., :2])]
    for fn in fns:
        for e, j in zip(xnp.tree_util.tree_leaves(fn(a)),
                        xnp.tree_util.tree_leaves(xnp.jit(fn)(a)), strict=True):  # fmt: skip
            onp.testing.assert_array_equal(onp.asarray(e), onp.asarray(j))
