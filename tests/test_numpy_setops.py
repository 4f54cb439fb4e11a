"""xnp's set routines and searchsorted against NumPy: shapes (0-d, empty, n-d), dtypes, NaN,
axis=, the return_* flags, eagerly and under jit (with size=/fill_value=); errors; grad and
vmap where they mean something."""

import numpy as onp
import pytest

import xnp

DTYPES = [onp.bool_, onp.int8, onp.uint8, onp.int32, onp.int64, onp.float16, onp.float32,
          onp.float64, onp.complex64]
SHAPES = [(), (0,), (1,), (9,), (3, 4), (2, 0, 3), (2, 3, 4)]


def _values(shape, dtype, seed=0, nan=True):
    rng = onp.random.default_rng(seed)
    x = rng.integers(-3, 4, size=shape).astype(onp.float64)
    kind = onp.dtype(dtype).kind
    if nan and kind in "fc" and x.size > 2:
        flat = x.reshape(-1)
        flat[:3] = [onp.nan, onp.inf, onp.nan]
        rng.shuffle(flat)
    if kind == "c":
        x = x + 1j * rng.integers(-1, 2, size=shape)
    if kind == "u":
        x = onp.abs(x)
    return onp.asarray(x).astype(dtype)


def _eq(got, want):
    got = onp.asarray(got)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    onp.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_unique_matches_numpy(shape, dtype):
    x = _values(shape, dtype)
    for equal_nan in (True, False):
        want = onp.unique(x, True, True, True, equal_nan=equal_nan)
        got = xnp.unique(x, True, True, True, equal_nan=equal_nan)
        for g, w in zip(got, want, strict=True):
            _eq(g, w)
    _eq(xnp.unique(x), onp.unique(x))
    n = len(onp.unique(x))
    jitted = xnp.jit(lambda a: xnp.unique(a, return_inverse=True, size=n))
    for g, w in zip(jitted(x), onp.unique(x, return_inverse=True), strict=True):
        _eq(g, w)


@pytest.mark.parametrize("shape,axis", [((4, 3), 0), ((4, 3), 1), ((3, 2, 2), 0),
                                        ((2, 5, 2), 1), ((2, 2, 4), -1), ((0, 3), 0),
                                        ((5,), 0)])  # fmt: skip
@pytest.mark.parametrize("dtype", [onp.int32, onp.float64, onp.bool_])
def test_unique_axis_matches_numpy(shape, axis, dtype):
    x = onp.random.default_rng(1).integers(0, 2, size=shape).astype(dtype)
    want = onp.unique(x, True, True, True, axis=axis)
    got = xnp.unique(x, True, True, True, axis=axis)
    for g, w in zip(got, want, strict=True):
        _eq(g, w)


def test_unique_size_pads_and_truncates():
    x = onp.array([4, 1, 4, 2, 2, 2])
    v, i, inv, c = xnp.jit(lambda a: xnp.unique(a, True, True, True, size=5, fill_value=-7))(x)
    _eq(v, onp.array([1, 2, 4, -7, -7]))
    _eq(i, onp.array([1, 3, 0, 0, 0]))
    _eq(inv, onp.array([2, 0, 2, 1, 1, 1]))
    _eq(c, onp.array([1, 3, 2, 0, 0]))
    _eq(xnp.unique(x, size=2), onp.array([1, 2]))
    _eq(xnp.unique(x, size=4), onp.array([1, 2, 4, 1]))  # default fill: the smallest value
    _eq(xnp.unique(onp.zeros(0, onp.float32), size=2), onp.zeros(2, onp.float32))


def test_unique_array_api_variants_match_numpy():
    x = onp.array([[2.0, onp.nan, 1.0], [2.0, onp.nan, -0.0]])
    for name in ("unique_all", "unique_counts", "unique_inverse"):
        want = getattr(onp, name)(x)
        got = getattr(xnp, name)(x)
        assert type(got).__name__ == type(want).__name__
        assert got._fields == want._fields
        for g, w in zip(got, want, strict=True):
            _eq(g, w)
    _eq(xnp.unique_values(x), onp.unique_values(x))
    got = xnp.jit(lambda a: xnp.unique_counts(a, size=5))(x)
    _eq(got.counts, onp.unique_counts(x).counts)


def test_unique_errors_and_tracing():
    with pytest.raises(TypeError, match="unique: .*traced.*size="):
        xnp.jit(xnp.unique)(onp.arange(3))
    with pytest.raises(TypeError, match="unique.*size="):
        xnp.jit(lambda a: xnp.union1d(a, a))(onp.arange(3))
    with pytest.raises(onp.exceptions.AxisError):
        xnp.unique(onp.zeros((2, 2)), axis=2)
    with pytest.raises(ValueError, match="non-negative"):
        xnp.unique(onp.zeros(3), size=-1)


def test_unique_grad_and_vmap():
    x = onp.array([0.5, -1.0, 2.0, 0.25, 3.0])
    w = onp.array([1.0, 2.0, 3.0, 4.0, 5.0])

    def f(a):
        return (xnp.unique(a, size=5) * w).sum()

    g = onp.asarray(xnp.grad(f)(x))
    eps = 1e-6
    fd = onp.array([(float(f(x + eps * e)) - float(f(x - eps * e))) / (2 * eps)
                    for e in onp.eye(5)])  # fmt: skip
    onp.testing.assert_allclose(g, fd, rtol=1e-6)
    onp.testing.assert_allclose(onp.asarray(xnp.jit(xnp.grad(f))(x)), g)
    rows = onp.array([[3, 1, 3, 0], [2, 2, 2, 2], [0, 1, 2, 3]])
    got = xnp.vmap(lambda r: xnp.unique(r, size=4, fill_value=9))(rows)
    want = [onp.concatenate([u := onp.unique(r), onp.full(4 - len(u), 9)]) for r in rows]
    _eq(got, onp.stack(want))


SEARCH_DTYPES = [onp.int8, onp.uint8, onp.int64, onp.float16, onp.float32, onp.float64,
                 onp.complex128, onp.bool_]


@pytest.mark.parametrize("dtype", SEARCH_DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("side", ["left", "right"])
def test_searchsorted_matches_numpy(dtype, side):
    a = onp.sort(_values((11,), dtype, seed=2))
    for v in (_values((7,), dtype, seed=3), _values((2, 3), dtype, seed=4),
              _values((), dtype, seed=5), _values((0,), dtype)):  # fmt: skip
        want = onp.searchsorted(a, v, side=side)
        _eq(xnp.searchsorted(a, v, side=side), want)
        _eq(xnp.jit(lambda p, q: xnp.searchsorted(p, q, side=side))(a, v), want)
    _eq(xnp.searchsorted(a[:0], v, side=side), onp.searchsorted(a[:0], v, side=side))
    perm = onp.argsort(a[::-1], kind="stable")
    want = onp.searchsorted(a[::-1], v, side=side, sorter=perm)
    _eq(xnp.searchsorted(a[::-1], v, side=side, sorter=perm), want)


def test_searchsorted_scalars_mixed_dtypes_and_errors():
    _eq(xnp.searchsorted([1, 2, 3], 2.5), onp.searchsorted([1, 2, 3], 2.5))
    _eq(xnp.searchsorted(onp.arange(5, dtype=onp.int8), onp.array([300.0])),
        onp.searchsorted(onp.arange(5, dtype=onp.int8), onp.array([300.0])))
    with pytest.raises(ValueError, match="side"):
        xnp.searchsorted([1, 2], 1, side="middle")
    with pytest.raises(ValueError, match="1-D"):
        xnp.searchsorted(onp.zeros((2, 2)), 1)
    got = xnp.vmap(lambda q: xnp.searchsorted(onp.arange(5.0), q))(onp.array([0.5, 3.0, 9.0]))
    _eq(got, onp.searchsorted(onp.arange(5.0), [0.5, 3.0, 9.0]))


@pytest.mark.parametrize("dtype", [onp.int32, onp.float32, onp.float64, onp.complex64, onp.bool_],
                         ids=lambda d: onp.dtype(d).name)  # fmt: skip
def test_isin_matches_numpy(dtype):
    e = _values((3, 5), dtype, seed=6)
    t = _values((4,), dtype, seed=7)
    for invert in (False, True):
        _eq(xnp.isin(e, t, invert=invert), onp.isin(e, t, invert=invert))
        _eq(xnp.jit(lambda a, b, inv=invert: xnp.isin(a, b, invert=inv))(e, t),
            onp.isin(e, t, invert=invert))
    _eq(xnp.isin(e, t[:0]), onp.isin(e, t[:0]))
    _eq(xnp.isin(e[0, 0], t), onp.isin(e[0, 0], t))
    _eq(xnp.isin(onp.array([1, 2]), onp.array([1.0, onp.nan])), onp.isin([1, 2], [1.0, onp.nan]))
    _eq(xnp.isin(-0.0, [0.0]), onp.isin(-0.0, [0.0]))
    with pytest.raises(ValueError, match="kind"):
        xnp.isin([1], [1], kind="hash")
    with pytest.raises(ValueError, match="table"):
        xnp.isin([1.5], [1.5], kind="table")


SET_CASES = [
    ([1, 3, 4, 3], [3, 1, 2, 1]),
    ([5.0, onp.nan, 1.0, onp.nan], [onp.nan, 1.0, 7.0]),
    ([], [1, 2]),
    ([[1, 2], [2, 9]], []),
    ([2, 2, 2], [2]),
    (onp.arange(6, dtype=onp.int8), onp.arange(3, 9, dtype=onp.int32)),
    ([1, 2, 3], [2.5, 3.0]),
]


@pytest.mark.parametrize("a,b", SET_CASES, ids=range(len(SET_CASES)))
def test_set_functions_match_numpy(a, b):
    a = onp.asarray(a) if not isinstance(a, list) or a else onp.zeros(0)
    b = onp.asarray(b) if not isinstance(b, list) or b else onp.zeros(0)
    for name in ("intersect1d", "union1d", "setdiff1d", "setxor1d"):
        want = getattr(onp, name)(a, b)
        _eq(getattr(xnp, name)(a, b), want)
        n = len(want)
        jitted = xnp.jit(lambda p, q, name=name, n=n: getattr(xnp, name)(p, q, size=n))
        _eq(jitted(a, b), want)
    for g, w in zip(xnp.intersect1d(a, b, return_indices=True),
                    onp.intersect1d(a, b, return_indices=True), strict=True):  # fmt: skip
        _eq(g, w)
    ua, ub = onp.unique(a), onp.unique(b)
    for name in ("intersect1d", "setdiff1d", "setxor1d"):
        _eq(getattr(xnp, name)(ua, ub, assume_unique=True),
            getattr(onp, name)(ua, ub, assume_unique=True))
    perm = onp.random.default_rng(0).permutation(len(ua))
    _eq(xnp.setdiff1d(ua[perm], ub, assume_unique=True),
        onp.setdiff1d(ua[perm], ub, assume_unique=True))


def test_set_functions_size_fill():
    f = xnp.jit(lambda a, b: xnp.intersect1d(a, b, size=4, fill_value=0, return_indices=True))
    v, i, j = f(onp.array([5, 1, 3]), onp.array([3, 5, 6]))
    _eq(v, onp.array([3, 5, 0, 0]))
    _eq(i, onp.array([2, 0, 0, 0]))
    _eq(j, onp.array([0, 1, 0, 0]))
    _eq(xnp.setxor1d([1, 2], [2, 3], size=3, fill_value=-1), onp.array([1, 3, -1]))
    _eq(xnp.setdiff1d([1, 2, 4], [2], size=1), onp.array([1]))


def test_searchsorted_method():
    a = xnp.asarray([1.0, 2.0, 4.0])
    _eq(a.searchsorted([2.0, 3.0], side="right"), onp.array([2, 2]))
    _eq(xnp.jit(lambda p: p.searchsorted(2.0))(a), onp.asarray(1))
