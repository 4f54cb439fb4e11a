"""einsum / einsum_path / tensordot / trace / kron / cross / vecdot / matvec / vecmat /
matrix_transpose (and their numpy.linalg spellings) against NumPy, eager and jit; grad vs
finite differences, vmap vs a loop, NumPy's errors."""

import warnings

import numpy as onp
import pytest

import xnp
from tests.util import check_jvp, check_vjp
from xnp._src.numpy import products

RNG = onp.random.default_rng(0)


def _arr(shape, dtype="float64"):
    dt = onp.dtype(dtype)
    if dt.kind == "b":
        return RNG.random(shape) > 0.5
    if dt.kind in "iu":
        return RNG.integers(0, 5, shape).astype(dt)
    x = RNG.standard_normal(shape)
    if dt.kind == "c":
        x = x + 1j * RNG.standard_normal(shape)
    return x.astype(dt)


def _tol(dt):
    return 1e-5 if onp.dtype(dt) in (onp.float32, onp.complex64, onp.float16) else 1e-12


def _check(got, want, dt="float64"):
    got = onp.asarray(got)
    want = onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if got.dtype == onp.float16:
        onp.testing.assert_allclose(got, want, rtol=1e-2, atol=1e-2)
    else:
        onp.testing.assert_allclose(got, want, rtol=_tol(dt), atol=_tol(dt))


EINSUM_CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ij,jk,kl,lm->mi", [(2, 3), (3, 6), (6, 2), (2, 5)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iij->j", [(3, 3, 2)]),
    ("ij->", [(3, 4)]),
    ("ij->ji", [(3, 4)]),
    ("i,i->i", [(5,), (5,)]),
    ("i,i", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("i,j", [(3,), (4,)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("...ij,...jk->...ik", [(5, 1, 2, 3), (4, 3, 2)]),
    ("...ij,...jk", [(2, 3), (6, 3, 2)]),
    ("i...->...", [(3, 2, 4)]),
    ("...,...", [(2, 3), (3,)]),
    ("ij,kj->ik", [(2, 1), (4, 3)]),  # a unit axis of j broadcasts, as in NumPy
    ("ijk,ikl,ilm->jm", [(2, 3, 4), (2, 4, 5), (2, 5, 3)]),
    ("ij,ij,ij->ij", [(2, 3), (2, 3), (2, 3)]),
    ("i,i,i->", [(4,), (4,), (4,)]),
    ("ab,bc->", [(0, 3), (3, 2)]),
    ("ab,bc->ac", [(2, 0), (0, 3)]),
    ("", [()]),
    (",->", [(), ()]),
    ("i,->i", [(3,), ()]),
    (" i j , j k -> i k ", [(3, 4), (4, 5)]),
]


@pytest.mark.parametrize("optimize", [False, True, "optimal"])
@pytest.mark.parametrize("spec,shapes", EINSUM_CASES, ids=[c[0] or "empty" for c in EINSUM_CASES])
def test_einsum_matches_numpy(spec, shapes, optimize):
    ops = [_arr(s) for s in shapes]
    want = onp.einsum(spec, *ops)
    _check(xnp.einsum(spec, *ops, optimize=optimize), want)
    f = xnp.jit(lambda *xs: xnp.einsum(spec, *xs, optimize=optimize))
    _check(f(*ops), want)


@pytest.mark.parametrize("dt", ["float32", "complex128", "int8", "int64", "uint16", "bool",
                                "float16"])
def test_einsum_dtypes(dt):
    a, b = _arr((3, 4), dt), _arr((4, 2), dt)
    _check(xnp.einsum("ij,jk->ik", a, b), onp.einsum("ij,jk->ik", a, b), dt)
    _check(xnp.einsum("ii->", a[:3, :3]), onp.einsum("ii->", a[:3, :3]), dt)
    _check(xnp.einsum("ij->i", a), onp.einsum("ij->i", a), dt)


def test_einsum_mixed_dtypes_and_dtype_keyword():
    a, b = _arr((3,), "float16"), _arr((3,), "float32")
    _check(xnp.einsum("i,i", a, b), onp.einsum("i,i", a, b), "float32")
    v = _arr((3,), "float32")
    _check(xnp.einsum(",i->i", 2, v), onp.einsum(",i->i", 2, v))
    x = _arr((3, 3), "float32")
    _check(xnp.einsum("ij->j", x, dtype="float64"), onp.einsum("ij->j", x, dtype="float64"))
    with pytest.raises(TypeError, match="cast"):
        xnp.einsum("ij->j", _arr((2, 2)), dtype="float32")


def test_einsum_sublist_form():
    a, b = _arr((3, 4)), _arr((4, 5))
    _check(xnp.einsum(a, [0, 1], b, [1, 2], [0, 2]), onp.einsum(a, [0, 1], b, [1, 2], [0, 2]))
    _check(xnp.einsum(a, [0, 1], b, [1, 2]), onp.einsum(a, [0, 1], b, [1, 2]))
    c = _arr((2, 3, 4))
    _check(xnp.einsum(c, [Ellipsis, 0], [Ellipsis]), onp.einsum(c, [Ellipsis, 0], [Ellipsis]))


ERROR_CASES = [
    ("...i->i", [(2, 3)]),
    ("i->", [(2, 3)]),
    ("ij->k", [(2, 3)]),
    ("ij,j", [(2, 3), (4,)]),
    ("ii", [(2, 3)]),
    ("i", [(3,), (3,)]),
    ("ij", [(3,)]),
    ("i$", [(3,)]),
    ("ij->iij", [(2, 3)]),
    ("i->j", [(2,)]),
    ("i.j", [(2, 3)]),
    ("i->->i", [(2,)]),
]


@pytest.mark.parametrize("spec,shapes", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_einsum_errors_as_numpy(spec, shapes):
    ops = [_arr(s) for s in shapes]
    with pytest.raises(ValueError):
        onp.einsum(spec, *ops)
    with pytest.raises(ValueError, match="einstein sum|einsum|operands|dimensions"):
        xnp.einsum(spec, *ops)


def test_einsum_path_is_valid_and_cheap():
    a, b, c, d = _arr((10, 30)), _arr((30, 5)), _arr((5, 60)), _arr((60, 3))
    spec = "ij,jk,kl,lm->im"
    path, report = xnp.einsum_path(spec, a, b, c, d)
    want_path, _ = onp.einsum_path(spec, a, b, c, d, optimize="greedy")
    assert path[0] == "einsum_path" and len(path) == len(want_path)
    assert "Complete contraction" in report
    _check(xnp.einsum(spec, a, b, c, d, optimize=path), onp.einsum(spec, a, b, c, d))
    # A path NumPy chose is accepted as given.
    _check(xnp.einsum(spec, a, b, c, d, optimize=want_path), onp.einsum(spec, a, b, c, d))
    with pytest.raises(ValueError, match="path"):
        xnp.einsum(spec, a, b, c, d, optimize=["einsum_path", (0, 1)])
    with pytest.raises(ValueError, match="invalid contraction"):
        xnp.einsum(spec, a, b, c, d, optimize=["einsum_path", (0, 7), (0, 1), (0, 1)])


def test_einsum_greedy_without_opt_einsum(monkeypatch):
    monkeypatch.setattr(products, "opt_einsum", None)
    a, b, c = _arr((50, 2)), _arr((2, 50)), _arr((50, 3))
    path, _ = xnp.einsum_path("ij,jk,kl->il", a, b, c)
    assert path == ["einsum_path", (1, 2), (0, 1)]  # (jk,kl) first: 2x3 intermediate
    _check(xnp.einsum("ij,jk,kl->il", a, b, c, optimize=True), a @ b @ c)
    ops = [_arr(s) for s in [(2, 3, 4), (2, 4, 5), (2, 5, 3)]]
    _check(xnp.einsum("ijk,ikl,ilm->jm", *ops, optimize="greedy"),
           onp.einsum("ijk,ikl,ilm->jm", *ops))  # fmt: skip


def test_einsum_grad_and_vmap():
    rng = onp.random.RandomState(1)
    a, b = _arr((3, 4)), _arr((4, 2))
    f = lambda x, y: xnp.einsum("ij,jk,ik->", x, y, x @ y)  # noqa: E731
    check_jvp(f, [a, b], 1e-6, 1e-6, rng)
    check_vjp(f, [a, b], 1e-9, rng)
    g = xnp.grad(lambda x: xnp.einsum("ii->", x))(_arr((3, 3)))
    onp.testing.assert_allclose(onp.asarray(g), onp.eye(3))
    batch = _arr((5, 3, 4))
    got = xnp.vmap(lambda x: xnp.einsum("ij,jk->ik", x, b))(batch)
    want = onp.stack([x @ b for x in batch])
    _check(got, want)
    got = xnp.vmap(lambda x, y: xnp.einsum("i,i", x, y), in_axes=(0, 1))(_arr((5, 3)),
                                                                        _arr((3, 5)))  # fmt: skip
    assert got.shape == (5,)


TENSORDOT_CASES = [((3, 4, 5), (4, 5, 2), 2), ((3, 4), (4, 2), 1), ((3,), (4,), 0),
                   ((2, 3, 4), (3, 2, 5), ([1, 0], [0, 1])), ((2, 3), (3, 2), ([1], [0])),
                   ((2, 3), (3, 2), (1, 0)), ((0, 3), (3, 2), 1), ((2, 3), (2, 3), ([-1], [1]))]


@pytest.mark.parametrize("sa,sb,axes", TENSORDOT_CASES, ids=str)
def test_tensordot(sa, sb, axes):
    a, b = _arr(sa), _arr(sb)
    want = onp.tensordot(a, b, axes)
    _check(xnp.tensordot(a, b, axes), want)
    _check(xnp.jit(lambda x, y: xnp.tensordot(x, y, axes))(a, b), want)
    _check(xnp.linalg.tensordot(a, b, axes=axes), onp.linalg.tensordot(a, b, axes=axes))


def test_tensordot_dtypes_errors_grad():
    a, b = _arr((3, 4), "int8"), _arr((4,), "float32")
    _check(xnp.tensordot(a, b, 1), onp.tensordot(a, b, 1), "float32")
    v = _arr((3,), "float32")
    _check(xnp.tensordot(2, v, 0), onp.tensordot(2, v, 0))
    for axes in (1, ([1], [0, 1]), 3):
        with pytest.raises((ValueError, IndexError)):
            onp.tensordot(_arr((2, 3)), _arr((4, 3)), axes)
        with pytest.raises(ValueError, match="tensordot"):
            xnp.tensordot(_arr((2, 3)), _arr((4, 3)), axes)
    rng = onp.random.RandomState(0)
    check_jvp(lambda x, y: xnp.tensordot(x, y, 2), [_arr((2, 3, 4)), _arr((3, 4, 2))], 1e-6,
              1e-6, rng)  # fmt: skip


TRACE_CASES = [((3, 3), 0, 0, 1), ((3, 4), 1, 0, 1), ((3, 4), -2, 0, 1), ((4, 3), 5, 0, 1),
               ((2, 3, 4), 0, 1, 2), ((2, 3, 4), 1, -1, 0), ((0, 3), 0, 0, 1), ((3, 0, 2), 0, 0, 2)]


@pytest.mark.parametrize("dt", ["float64", "int8", "bool", "complex64", "uint32"])
@pytest.mark.parametrize("shape,offset,ax1,ax2", TRACE_CASES, ids=str)
def test_trace(shape, offset, ax1, ax2, dt):
    a = _arr(shape, dt)
    want = onp.trace(a, offset, ax1, ax2)
    _check(xnp.trace(a, offset, ax1, ax2), want, dt)
    _check(xnp.jit(lambda x: xnp.trace(x, offset, ax1, ax2))(a), want, dt)
    if len(shape) >= 2:
        _check(xnp.linalg.trace(a, offset=offset), onp.linalg.trace(a, offset=offset), dt)


def test_trace_dtype_errors_grad_vmap():
    a = _arr((3, 3), "int8")
    _check(xnp.trace(a, dtype="float32"), onp.trace(a, dtype="float32"), "float32")
    _check(xnp.linalg.trace(a, dtype="int8"), onp.linalg.trace(a, dtype="int8"), "int8")
    for bad in (lambda m: m.trace(_arr((3,))), lambda m: m.linalg.trace(_arr((3,)))):
        with pytest.raises(ValueError):
            bad(onp)
        with pytest.raises(ValueError, match="trace"):
            bad(xnp)
    with pytest.raises(ValueError):
        xnp.trace(_arr((3, 3)), 0, 1, 1)
    g = xnp.grad(lambda x: xnp.trace(x, 1))(_arr((3, 4)))
    onp.testing.assert_array_equal(onp.asarray(g), onp.eye(3, 4, 1))
    batch = _arr((4, 3, 3))
    _check(xnp.vmap(xnp.trace)(batch), onp.array([onp.trace(x) for x in batch]))


KRON_CASES = [((2,), (3,)), ((2, 3), (4, 1)), ((2, 1, 3), (3, 4)), ((), (3,)), ((2, 2), ()),
              ((0, 2), (3, 2)), ((1,), (2, 2, 2))]


@pytest.mark.parametrize("dts", [("float64", "float64"), ("int8", "float32"), ("bool", "bool"),
                                 ("complex64", "float64"), ("int32", "int32")], ids=str)
@pytest.mark.parametrize("sa,sb", KRON_CASES, ids=str)
def test_kron(sa, sb, dts):
    a, b = _arr(sa, dts[0]), _arr(sb, dts[1])
    want = onp.kron(a, b)
    _check(xnp.kron(a, b), want, want.dtype)
    _check(xnp.jit(xnp.kron)(a, b), want, want.dtype)


def test_kron_scalar_grad():
    v = _arr((3,), "float32")
    _check(xnp.kron(2, v), onp.kron(2, v))
    rng = onp.random.RandomState(0)
    check_vjp(xnp.kron, [_arr((2, 3)), _arr((3, 2))], 1e-9, rng)


CROSS_CASES = [((3,), (3,), {}), ((4, 3), (3,), {}), ((3, 4), (4, 3), {"axisa": 0}),
               ((3, 5), (3, 5), {"axis": 0}), ((2, 3), (2, 1, 3), {}),
               ((5, 3), (5, 3), {"axisc": 0}), ((0, 3), (3,), {})]


@pytest.mark.parametrize("dt", ["float64", "int32", "complex128", "float32"])
@pytest.mark.parametrize("sa,sb,kw", CROSS_CASES, ids=str)
def test_cross(sa, sb, kw, dt):
    a, b = _arr(sa, dt), _arr(sb, dt)
    want = onp.cross(a, b, **kw)
    _check(xnp.cross(a, b, **kw), want, dt)
    _check(xnp.jit(lambda x, y: xnp.cross(x, y, **kw))(a, b), want, dt)


def test_cross_two_vectors_errors_linalg():
    a2, a3 = _arr((4, 2)), _arr((4, 3))
    for x, y in ((a2, a2), (a2, a3), (a3, a2)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            want = onp.cross(x, y)
        with pytest.warns(DeprecationWarning, match="2-dimensional vectors"):
            got = xnp.cross(x, y)
        _check(got, want)
    with pytest.raises(ValueError, match="dimension must be 2 or 3"):
        xnp.cross(_arr((4,)), _arr((3,)))
    x8 = _arr((2, 3), "int8")
    _check(xnp.linalg.cross(x8, a3[:2]), onp.linalg.cross(x8, a3[:2]))
    p, q = _arr((3, 2)), _arr((3, 2))
    _check(xnp.linalg.cross(p, q, axis=0), onp.linalg.cross(p, q, axis=0))
    with pytest.raises(ValueError, match="3-dimensional vectors"):
        xnp.linalg.cross(_arr((2,)), _arr((3,)))
    rng = onp.random.RandomState(0)
    check_jvp(xnp.cross, [_arr((4, 3)), _arr((4, 3))], 1e-6, 1e-8, rng)


VEC_CASES = [("vecdot", (3, 4), (2, 1, 4)), ("vecdot", (4,), (4,)), ("vecdot", (0, 3), (3,)),
             ("matvec", (3, 4), (2, 1, 4)), ("matvec", (5, 3, 4), (4,)),
             ("vecmat", (4,), (4, 3)), ("vecmat", (2, 1, 4), (3, 4, 2))]


@pytest.mark.parametrize("dt", ["float64", "complex128", "int16", "bool"])
@pytest.mark.parametrize("name,sa,sb", VEC_CASES, ids=str)
def test_vector_products(name, sa, sb, dt):
    a, b = _arr(sa, dt), _arr(sb, dt)
    want = getattr(onp, name)(a, b)
    _check(getattr(xnp, name)(a, b), want, dt)
    _check(xnp.jit(getattr(xnp, name))(a, b), want, dt)
    if name == "vecdot":
        _check(xnp.linalg.vecdot(a, b), onp.linalg.vecdot(a, b), dt)


def test_vector_products_axis_errors_grad():
    a, b = _arr((4, 3)), _arr((4, 5))
    _check(xnp.vecdot(a, b[:, :3], axis=0), onp.vecdot(a, b[:, :3], axis=0))
    _check(xnp.linalg.vecdot(a, b[:, :3], axis=0), onp.linalg.vecdot(a, b[:, :3], axis=0))
    bad = [("vecdot", (3, 4), (2, 1, 3)), ("matvec", (3, 4), (3,)), ("vecmat", (3,), (3,)),
           ("vecdot", (), (3,)), ("matvec", (3,), (3,))]
    for name, sa, sb in bad:
        with pytest.raises(ValueError):
            getattr(onp, name)(_arr(sa), _arr(sb))
        with pytest.raises(ValueError, match=name):
            getattr(xnp, name)(_arr(sa), _arr(sb))
    rng = onp.random.RandomState(0)
    check_vjp(xnp.matvec, [_arr((2, 3, 4)), _arr((4,))], 1e-9, rng)
    check_vjp(xnp.vecmat, [_arr((4,), "complex128"), _arr((2, 4, 3), "complex128")], 1e-9, rng)
    batch = _arr((5, 3, 4))
    v = _arr((4,))
    _check(xnp.vmap(xnp.matvec, in_axes=(0, None))(batch, v), onp.stack([m @ v for m in batch]))


def test_matrix_transpose():
    for shape in ((2, 3), (4, 2, 3), (0, 3)):
        a = _arr(shape)
        _check(xnp.matrix_transpose(a), onp.matrix_transpose(a))
        _check(xnp.linalg.matrix_transpose(a), onp.linalg.matrix_transpose(a))
    with pytest.raises(ValueError, match="at least 2-dimensional"):
        xnp.matrix_transpose(_arr((3,)))


def test_linalg_namespace_matches_numpy():
    public = {n for n in dir(onp.linalg) if not n.startswith("_") and n != "test"}
    assert public <= set(dir(xnp.linalg)), sorted(public - set(dir(xnp.linalg)))
