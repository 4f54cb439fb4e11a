"""indices / ix_ / meshgrid / ravel_multi_index / unravel_index / ndindex / ndenumerate
against NumPy: shapes, dtypes, modes and orders, eagerly and under jit; errors; vmap."""

import numpy as onp
import pytest

import xnp


def _same(got, want):
    got = onp.asarray(got)
    want = onp.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape,
                                                                 want.dtype, want.shape)
    onp.testing.assert_array_equal(got, want)


def _same_all(got, want):
    assert type(got) is tuple and len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        _same(g, w)


@pytest.mark.parametrize("dims", [(), (3,), (2, 3), (2, 0, 4), (1, 2, 3)], ids=str)
def test_indices_matches_numpy(dims):
    for dt in (int, onp.int32, float):
        _same(xnp.indices(dims, dt), onp.indices(dims, dt))
        _same_all(xnp.indices(dims, dt, sparse=True), onp.indices(dims, dt, sparse=True))
    _same(xnp.jit(lambda: xnp.indices(dims))(), onp.indices(dims))


def test_ix_and_meshgrid_match_numpy():
    cases = [([1, 0],), ([1, 0], [True, False, True]), ([0, 1], onp.array([2], onp.int32), [1]),
             ([], [1, 2]), (onp.arange(3.0), [4, 5])]  # fmt: skip
    for args in cases:
        _same_all(xnp.ix_(*args), onp.ix_(*args))
    x = onp.arange(20).reshape(4, 5)
    _same(xnp.asarray(x)[xnp.ix_([1, 3], [0, 2, 4])], x[onp.ix_([1, 3], [0, 2, 4])])
    with pytest.raises(ValueError, match="1 dimensional"):
        xnp.ix_(onp.zeros((2, 2), int))
    vecs = [onp.arange(3.0), onp.array([1, 2], onp.int8), onp.arange(4, dtype=onp.float32)]
    for n in range(4):
        for indexing in ("xy", "ij"):
            for sparse in (False, True):
                want = onp.meshgrid(*vecs[:n], sparse=sparse, indexing=indexing)
                _same_all(xnp.meshgrid(*vecs[:n], sparse=sparse, indexing=indexing), want)
    _same_all(xnp.meshgrid(onp.zeros((2, 2)), [1, 2]), onp.meshgrid(onp.zeros((2, 2)), [1, 2]))
    _same_all(xnp.jit(lambda a, b: xnp.meshgrid(a, b))(vecs[0], vecs[1]),
              onp.meshgrid(vecs[0], vecs[1]))  # fmt: skip
    with pytest.raises(ValueError, match="indexing"):
        xnp.meshgrid([1], indexing="xx")


RAVEL_CASES = [
    (([1, 2, 0], [3, 0, 1]), (3, 4)),
    ((onp.array([[0, 1]]), onp.array([2])), (2, 3)),
    ((3, 1), (4, 2)),
    (([0, 1], [0, 1], [2, 0]), (2, 2, 3)),
    (([], []), (2, 2)),
]


@pytest.mark.parametrize("coords,dims", RAVEL_CASES, ids=range(len(RAVEL_CASES)))
def test_ravel_unravel_match_numpy(coords, dims):
    coords = tuple(onp.asarray(c, dtype=onp.int64) for c in coords)
    for order in ("C", "F"):
        want = onp.ravel_multi_index(coords, dims, order=order)
        _same(xnp.ravel_multi_index(coords, dims, order=order), want)
        _same(xnp.jit(lambda *c, order=order: xnp.ravel_multi_index(c, dims, order=order))(
            *coords), want)  # fmt: skip
        _same_all(xnp.unravel_index(want, dims, order=order),
                  onp.unravel_index(want, dims, order=order))  # fmt: skip
        _same_all(xnp.jit(lambda i, order=order: xnp.unravel_index(i, dims, order=order))(want),
                  onp.unravel_index(want, dims, order=order))  # fmt: skip
    bad = tuple(c + 5 for c in coords)
    for mode in ("wrap", "clip", ("clip", "wrap") + ("clip",) * (len(dims) - 2)):
        _same(xnp.ravel_multi_index(bad, dims, mode=mode),
              onp.ravel_multi_index(bad, dims, mode=mode))  # fmt: skip


def test_ravel_unravel_errors_and_traced_clipping():
    with pytest.raises(ValueError, match="invalid entry"):
        xnp.ravel_multi_index(([0, 5], [0, 0]), (3, 4))
    with pytest.raises(ValueError, match="out of bounds"):
        xnp.unravel_index([12], (3, 4))
    with pytest.raises(ValueError, match="out of bounds"):
        xnp.unravel_index(-1, (3, 4))
    with pytest.raises(TypeError, match="int"):
        xnp.unravel_index(1.0, (3, 4))
    with pytest.raises(TypeError, match="int"):
        xnp.ravel_multi_index(([0.5], [1.0]), (3, 4))
    with pytest.raises(ValueError, match="clipmode"):
        xnp.ravel_multi_index(([0], [1]), (3, 4), mode="bogus")
    with pytest.raises(ValueError, match="order"):
        xnp.unravel_index(1, (3, 4), order="K")
    # traced indices cannot be checked: they are clipped into range
    _same_all(xnp.jit(lambda i: xnp.unravel_index(i, (3, 4)))(onp.array([20, -3])),
              onp.unravel_index([11, 0], (3, 4)))  # fmt: skip
    got = xnp.vmap(lambda i: xnp.ravel_multi_index((i, i), (3, 3)))(onp.array([0, 1, 2]))
    _same(got, onp.array([0, 4, 8]))


def test_ndindex_ndenumerate_match_numpy():
    for shape in [(), (2, 3), (0, 2), (3,)]:
        assert list(xnp.ndindex(*shape)) == list(onp.ndindex(*shape))
        assert list(xnp.ndindex(shape)) == list(onp.ndindex(shape))
    x = onp.arange(6.0).reshape(2, 3)
    got = list(xnp.ndenumerate(xnp.asarray(x)))
    assert got == list(onp.ndenumerate(x))
    assert list(xnp.ndenumerate(5)) == list(onp.ndenumerate(5))

    def traced(a):
        total = 0.0
        for (i, j), v in xnp.ndenumerate(a):
            total = total + v * (i + 2 * j)
        return total

    assert float(xnp.jit(traced)(x)) == sum(v * (i + 2 * j) for (i, j), v in onp.ndenumerate(x))
