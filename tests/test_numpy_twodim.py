"""tri / tril / triu / diag / diagflat / diagonal / fill_diagonal and the triangle and diagonal
index generators against NumPy: shapes (empty, batched), offsets, dtypes, eagerly and under
jit; errors; grad and vmap; x.diagonal() and x.trace()."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

DTYPES = [onp.bool_, onp.int8, onp.uint16, onp.int64, onp.float16, onp.float32, onp.complex64,
          dtypes.bfloat16]
SHAPES = [(0,), (4,), (3, 4), (4, 3), (0, 3), (2, 3, 3), (2, 1, 4, 2)]
OFFSETS = [-5, -2, -1, 0, 1, 3, 6]


def _values(shape, dtype):
    x = onp.arange(int(onp.prod(shape)), dtype=onp.float64).reshape(shape) + 1
    if x.size > 2 and onp.dtype(dtype).kind == "f":
        x.reshape(-1)[:2] = [onp.nan, -onp.inf]
    return x.astype(dtype)


def _same(got, want):
    got = onp.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape,
                                                                 want.dtype, want.shape)
    onp.testing.assert_array_equal(got.astype(onp.complex128), want.astype(onp.complex128))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_triangles_and_diagonals_match_numpy(shape, dtype):
    x = _values(shape, dtype)
    for k in OFFSETS:
        _same(xnp.tril(x, k), onp.tril(x, k))
        _same(xnp.triu(x, k), onp.triu(x, k))
        if x.ndim >= 2:
            for a1, a2 in [(0, 1), (1, 0), (-1, -2), (0, -1)]:
                _same(xnp.diagonal(x, k, a1, a2), onp.diagonal(x, k, a1, a2))
            _same(xnp.asarray(x).diagonal(k), x.diagonal(k))
        if x.ndim <= 2:
            _same(xnp.diag(x, k), onp.diag(x, k))
        _same(xnp.diagflat(x, k), onp.diagflat(x, k))
    _same(xnp.jit(lambda a: xnp.tril(a, -1))(x), onp.tril(x, -1))
    if x.ndim >= 2:
        _same(xnp.jit(lambda a: xnp.diagonal(a, 1, -2, -1))(x), onp.diagonal(x, 1, -2, -1))


@pytest.mark.parametrize("n,m,k", [(3, None, 0), (3, 5, 1), (4, 2, -1), (0, 3, 0), (3, 3, -4),
                                   (2, 3, 9)])  # fmt: skip
def test_tri_and_index_generators_match_numpy(n, m, k):
    for dt in (float, onp.int32, bool):
        _same(xnp.tri(n, m, k, dtype=dt), onp.tri(n, m, k, dtype=dt))
    _same(xnp.tri(n, m, k), onp.tri(n, m, k))
    for name in ("tril_indices", "triu_indices"):
        got, want = getattr(xnp, name)(n, k, m), getattr(onp, name)(n, k, m)
        for g, w in zip(got, want, strict=True):
            _same(g, w)
        arr = onp.zeros((n, n if m is None else m))
        got = getattr(xnp, name + "_from")(arr, k)
        for g, w in zip(got, getattr(onp, name + "_from")(arr, k), strict=True):
            _same(g, w)
    for func in (xnp.triu, xnp.tril, onp.triu):
        for g, w in zip(xnp.mask_indices(n, func, k), onp.mask_indices(n, onp.triu if
                                                                        func in (xnp.triu,
                                                                                 onp.triu)
                                                                        else onp.tril, k),
                        strict=True):  # fmt: skip
            _same(g, w)


def test_diag_indices_and_fill_diagonal_match_numpy():
    for n, ndim in [(3, 2), (2, 3), (0, 2), (4, 1)]:
        for g, w in zip(xnp.diag_indices(n, ndim), onp.diag_indices(n, ndim), strict=True):
            _same(g, w)
    for g, w in zip(xnp.diag_indices_from(onp.zeros((3, 3, 3))),
                    onp.diag_indices_from(onp.zeros((3, 3, 3))), strict=True):  # fmt: skip
        _same(g, w)
    cases = [((3, 3), 5.0, False), ((5, 3), [1.0, 2.0], False), ((7, 3), [1.0, 2.0], True),
             ((3, 5), [1, 2, 3, 4], True), ((3, 3, 3), 7, False), ((2, 2), 2.7, False),
             ((0, 0), 1, False), ((3, 3), [], False)]  # fmt: skip
    for shape, val, wrap in cases:
        for dt in (onp.float32, onp.int32):
            want = onp.zeros(shape, dt)
            onp.fill_diagonal(want, val, wrap)
            got = xnp.zeros(shape, dt)
            assert xnp.fill_diagonal(got, val, wrap) is None
            _same(got, want)
    host = onp.zeros((2, 2))
    xnp.fill_diagonal(host, 3.0)  # a NumPy array is filled in place, as by NumPy
    _same(host, onp.eye(2) * 3)


def test_fill_diagonal_under_jit():
    def inside(a):
        b = a * 2
        xnp.fill_diagonal(b, 0.0)
        return b

    x = onp.ones((3, 3))
    _same(xnp.jit(inside)(x), 2 * (1 - onp.eye(3)))
    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(lambda a: xnp.fill_diagonal(a, 0.0))(x)


def test_twodim_errors():
    for fn, args in [(xnp.diagonal, (onp.zeros(3),)), (xnp.diagonal, (onp.zeros((2, 2)), 0, 1, 1)),
                     (xnp.diag, (onp.zeros((2, 2, 2)),)), (xnp.diag, (onp.float32(1),)),
                     (xnp.tril_indices_from, (onp.zeros(3),)),
                     (xnp.diag_indices_from, (onp.zeros((2, 3)),)),
                     (xnp.fill_diagonal, (xnp.zeros((2, 3, 3)), 1.0)),
                     (xnp.fill_diagonal, (xnp.zeros(3), 1.0))]:  # fmt: skip
        with pytest.raises(ValueError):
            fn(*args)
    with pytest.raises(onp.exceptions.AxisError):
        xnp.diagonal(onp.zeros((2, 2)), 0, 0, 2)
    with pytest.raises(ValueError, match="negative"):
        xnp.tri(-1)


def test_twodim_grad_vmap_and_trace_method():
    x = onp.arange(12.0).reshape(3, 4)
    w = onp.arange(12.0).reshape(3, 4) + 1
    _same(xnp.grad(lambda a: (xnp.tril(a) * w).sum())(x), onp.tril(w))
    _same(xnp.grad(lambda a: (xnp.diagonal(a, 1) * onp.array([1.0, 2.0, 3.0])).sum())(x),
          onp.diag([1.0, 2.0, 3.0], 1)[:3, :4])  # fmt: skip
    _same(xnp.grad(lambda v: (xnp.diag(v) * onp.arange(9.0).reshape(3, 3)).sum())(onp.ones(3)),
          onp.array([0.0, 4.0, 8.0]))  # fmt: skip
    b = onp.arange(18.0).reshape(2, 3, 3)
    _same(xnp.vmap(xnp.diag)(b), onp.stack([onp.diag(m) for m in b]))
    _same(xnp.vmap(lambda m: xnp.triu(m, 1))(b), onp.triu(b, 1))
    for off in (-1, 0, 2):
        _same(xnp.asarray(b).trace(off, 1, 2), b.trace(off, 1, 2))
        _same(xnp.asarray(b).trace(off), b.trace(off))
    _same(xnp.asarray(x.astype(onp.int8)).trace(), x.astype(onp.int8).trace())
    _same(xnp.asarray(x).trace(dtype=onp.float32), x.trace(dtype=onp.float32))
    _same(xnp.jit(lambda a: a.trace())(x), onp.asarray(x.trace()))
    _same(xnp.grad(lambda a: a.trace())(x), onp.eye(3, 4))
