"""roll / rollaxis / rot90, split / array_split / hsplit / vsplit / dsplit / unstack, tile /
repeat / resize / delete / insert / trim_zeros, block / row_stack against NumPy: shapes
(0-d, empty, n-d), dtypes, keyword variants, eagerly and under jit; errors; grad and vmap."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

SHAPES = [(), (0,), (5,), (2, 3), (2, 0, 3), (2, 3, 4)]
DTYPES = [onp.bool_, onp.int8, onp.uint32, onp.int64, onp.float16, onp.float32, onp.float64,
          onp.complex64, dtypes.bfloat16]


def _values(shape, dtype=onp.float64):
    x = onp.arange(int(onp.prod(shape)), dtype=onp.float64).reshape(shape) - 2
    if x.size > 2 and onp.dtype(dtype).kind == "f":
        x.reshape(-1)[:3] = [onp.nan, -0.0, onp.inf]
    if onp.dtype(dtype).kind == "u":
        x = onp.abs(x)
    return x.astype(dtype)


def _same(got, want):
    got = onp.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape,
                                                                 want.dtype, want.shape)
    onp.testing.assert_array_equal(got.astype(onp.complex128), want.astype(onp.complex128))


def _same_list(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        _same(g, w)


def _raises_like(fn_x, fn_np, *args, **kw):
    try:
        want = fn_np(*args, **kw)
    except Exception as e:  # noqa: BLE001 (NumPy's exception type is the oracle)
        with pytest.raises(type(e)):
            fn_x(*args, **kw)
        return None
    return want


# ----------------------------------------------------------------------------- roll & co


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_roll_rot90_rollaxis_match_numpy(shape, dtype):
    x = _values(shape, dtype)
    for shift in (0, 1, -2, 7):
        _same(xnp.roll(x, shift), onp.roll(x, shift))
        for axis in range(-x.ndim, x.ndim):
            _same(xnp.roll(x, shift, axis), onp.roll(x, shift, axis))
    if x.ndim >= 2:
        _same(xnp.roll(x, (1, -3), (0, -1)), onp.roll(x, (1, -3), (0, -1)))
        _same(xnp.roll(x, 2, (0, 1)), onp.roll(x, 2, (0, 1)))
        for k in range(-1, 6):
            _same(xnp.rot90(x, k), onp.rot90(x, k))
            _same(xnp.rot90(x, k, (1, 0)), onp.rot90(x, k, (1, 0)))
        _same(xnp.jit(lambda a: xnp.rot90(a, 1, (-1, 0)))(x), onp.rot90(x, 1, (-1, 0)))
    for axis in range(-x.ndim, x.ndim):
        for start in range(-x.ndim, x.ndim + 1):
            _same(xnp.rollaxis(x, axis, start), onp.rollaxis(x, axis, start))
    if x.ndim:
        f = xnp.jit(lambda a, s: xnp.roll(a, s, axis=-1))
        for s in (-7, -1, 0, 3, 12):
            _same(f(x, s), onp.roll(x, s, axis=-1))


def test_roll_rot90_rollaxis_errors():
    x = onp.zeros((2, 3))
    for args in [(x, 1, 2), (x, (1, 2, 3), (0, 1)), (x, 1.5, 0)]:
        _raises_like(xnp.roll, onp.roll, *args)
    for args in [(x, 1, (0,)), (x, 1, (0, 0)), (x, 1, (0, 2)), (x, 1, (0, -2))]:
        _raises_like(xnp.rot90, onp.rot90, *args)
    for args in [(x, 2), (x, 0, 3), (x, 0, -3)]:
        _raises_like(xnp.rollaxis, onp.rollaxis, *args)
    with pytest.raises(onp.exceptions.AxisError, match="start"):
        xnp.rollaxis(x, 0, 3)


def test_roll_rot90_grad_and_vmap():
    x = onp.arange(12.0).reshape(3, 4)
    w = onp.arange(12.0).reshape(3, 4) ** 2
    g = xnp.grad(lambda a: (xnp.roll(a, 1, 1) * w).sum())(x)
    _same(g, onp.roll(w, -1, 1))
    g = xnp.grad(lambda a: (xnp.rot90(a) * w.T).sum())(x)
    _same(g, onp.rot90(w.T, -1))
    s = onp.array([0, 1, -1])
    got = xnp.vmap(lambda r, k: xnp.roll(r, k))(x, s)
    _same(got, onp.stack([onp.roll(r, k) for r, k in zip(x, s, strict=True)]))
    got = xnp.vmap(xnp.rot90)(onp.arange(24.0).reshape(2, 3, 4))
    _same(got, onp.stack([onp.rot90(m) for m in onp.arange(24.0).reshape(2, 3, 4)]))


# ----------------------------------------------------------------------------- splitting

SPLITS = [((6,), 3, 0), ((6,), [2, 4], 0), ((6,), [-1, 10], 0), ((6,), [4, 2], 0),
          ((4, 6), 2, 1), ((4, 6), [1], 0), ((0, 4), 2, 1), ((4, 6), 4, -1), ((3, 2, 6), 1, 2),
          ((6,), [], 0), ((5,), 3, 0)]  # fmt: skip


@pytest.mark.parametrize("shape,spec,axis", SPLITS, ids=str)
def test_split_family_matches_numpy(shape, spec, axis):
    x = _values(shape, onp.float32)
    want = _raises_like(xnp.split, onp.split, x, spec, axis)
    if want is not None:
        _same_list(xnp.split(x, spec, axis), want)
        _same_list(xnp.jit(lambda a: xnp.split(a, spec, axis))(x), want)
    for sections in (1, 2, 3, 4, 7):
        _same_list(xnp.array_split(x, sections, axis), onp.array_split(x, sections, axis))
    for name in ("hsplit", "vsplit", "dsplit"):
        want = _raises_like(getattr(xnp, name), getattr(onp, name), x, spec)
        if want is not None:
            _same_list(getattr(xnp, name)(x, spec), want)


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 0, 4), (0,)], ids=str)
def test_unstack_matches_numpy(shape):
    x = _values(shape, onp.int32)
    for axis in range(-x.ndim, x.ndim):
        got = xnp.unstack(x, axis=axis)
        assert isinstance(got, tuple)
        _same_list(got, onp.unstack(x, axis=axis))
    with pytest.raises(ValueError):
        xnp.unstack(onp.float32(1.0))


def test_split_errors_and_values_semantics():
    with pytest.raises(ValueError, match="equal division"):
        xnp.split(onp.arange(5), 2)
    with pytest.raises(ValueError, match="larger than 0"):
        xnp.array_split(onp.arange(5), 0)
    with pytest.raises(TypeError, match="static"):
        xnp.jit(lambda a, i: xnp.split(a, i))(onp.arange(4), onp.array([1]))
    x = xnp.arange(4)
    (piece,) = xnp.split(x, 1)
    piece[0] = 9  # a piece is a new array: writing into it leaves x alone
    _same(x, onp.arange(4))
    g = xnp.grad(lambda a: (xnp.split(a, [1, 3])[1] * onp.array([2.0, 3.0])).sum())(
        onp.ones(5))  # fmt: skip
    _same(g, onp.array([0.0, 2.0, 3.0, 0.0, 0.0]))
    got = xnp.vmap(lambda r: xnp.array_split(r, 2)[0])(onp.arange(10.0).reshape(2, 5))
    _same(got, onp.arange(10.0).reshape(2, 5)[:, :3])


# ----------------------------------------------------------------------------- tiling


@pytest.mark.parametrize("dtype", [onp.bool_, onp.int16, onp.float32, onp.complex128,
                                   dtypes.bfloat16], ids=lambda d: onp.dtype(d).name)  # fmt: skip
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_tile_repeat_resize_match_numpy(shape, dtype):
    x = _values(shape, dtype)
    for reps in (0, 2, (2, 1), (1, 3, 2), ()):
        _same(xnp.tile(x, reps), onp.tile(x, reps))
    _same(xnp.jit(lambda a: xnp.tile(a, (2, 2)))(x), onp.tile(x, (2, 2)))
    for r in (0, 1, 3):
        _same(xnp.repeat(x, r), onp.repeat(x, r))
        for axis in range(-x.ndim, x.ndim):
            _same(xnp.repeat(x, r, axis), onp.repeat(x, r, axis))
            reps = onp.arange(x.shape[axis]) % 3
            _same(xnp.repeat(x, reps, axis), onp.repeat(x, reps, axis))
            _same(xnp.repeat(x, [2], axis), onp.repeat(x, [2], axis))
    for new in ((), 0, 7, (2, 5), (3, 0), (2, 2, 2)):
        _same(xnp.resize(x, new), onp.resize(x, new))


def test_repeat_traced_total_length_and_errors():
    x = onp.array([[1, 2], [3, 4], [5, 6]])
    f = xnp.jit(lambda a, r: xnp.repeat(a, r, axis=0, total_repeat_length=6))
    _same(f(x, onp.array([2, 1, 3])), onp.repeat(x, [2, 1, 3], axis=0))
    _same(f(x, onp.array([0, 2, 4])), onp.repeat(x, [0, 2, 4], axis=0))
    _same(f(x, 2), onp.repeat(x, 2, axis=0))
    # a total length that differs: cut, or padded with the last slice (jax.numpy's rule)
    _same(xnp.repeat(x, 1, axis=0, total_repeat_length=2), x[:2])
    _same(xnp.repeat(x, 1, axis=0, total_repeat_length=4), x[[0, 1, 2, 2]])
    with pytest.raises(TypeError, match="total_repeat_length"):
        xnp.jit(lambda a, r: xnp.repeat(a, r))(x, onp.array([1, 1, 1]))
    with pytest.raises(ValueError, match="negative"):
        xnp.repeat(x, -1)
    with pytest.raises(ValueError, match="broadcast"):
        xnp.repeat(x, [1, 2], axis=0)
    with pytest.raises(TypeError, match="integers"):
        xnp.repeat(x, 1.5)
    with pytest.raises(ValueError, match="non-negative"):
        xnp.resize(x, (-1, 2))
    _same(xnp.asarray(x).repeat(2, axis=1), x.repeat(2, axis=1))


def test_tile_repeat_grad_and_vmap():
    x = onp.array([1.0, 2.0, 3.0])
    g = xnp.grad(lambda a: (xnp.tile(a, 2) * onp.arange(6.0)).sum())(x)
    _same(g, onp.array([3.0, 5.0, 7.0]))
    g = xnp.grad(lambda a: (xnp.repeat(a, [1, 0, 2]) * onp.array([1.0, 2.0, 3.0])).sum())(x)
    _same(g, onp.array([1.0, 0.0, 5.0]))
    got = xnp.vmap(lambda r: xnp.repeat(r, 2))(onp.arange(6.0).reshape(2, 3))
    _same(got, onp.stack([onp.repeat(r, 2) for r in onp.arange(6.0).reshape(2, 3)]))


def test_resize_method_rebinds():
    x = xnp.asarray(onp.arange(6.0))
    old = x[:2]
    assert x.resize((2, 4)) is None
    want = onp.arange(6.0).copy()
    want.resize((2, 4))
    _same(x, want)
    _same(old, onp.arange(2.0))
    x.resize(3)
    _same(x, onp.arange(3.0))

    def inside(a):
        b = a + 0
        b.resize(2, 2)
        return b

    _same(xnp.jit(inside)(onp.arange(3.0)), onp.array([[0.0, 1.0], [2.0, 0.0]]))
    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(lambda a: a.resize(4))(onp.arange(3.0))


# ----------------------------------------------------------------------------- delete, insert

DELETES = [1, -1, [0, 2], [], slice(None, None, 2), slice(1, 3), onp.array([True, False, True]),
           5, [1, 1], onp.array([0, 3, -4])]  # fmt: skip


@pytest.mark.parametrize("obj", DELETES, ids=range(len(DELETES)))
@pytest.mark.parametrize("shape,axis", [((3,), None), ((3, 4), 0), ((4, 3), 1), ((2, 3), None),
                                        ((3, 0), 0)])  # fmt: skip
def test_delete_matches_numpy(shape, axis, obj):
    x = _values(shape, onp.float64)
    want = _raises_like(xnp.delete, onp.delete, x, obj, axis)
    if want is not None:
        _same(xnp.delete(x, obj, axis), want)
        _same(xnp.jit(lambda a: xnp.delete(a, obj, axis))(x), want)


INSERTS = [(1, 7), (-1, [7, 8, 9]), ([1], [7, 8, 9]), ([1, 0, 1], [[7], [8]]), (0, [[7, 8]]),
           (slice(None, None, 2), 5), ([], 3), ([3, 3], [1.5, 2.5]), (4, 0), (-5, 0), (3, 0),
           (onp.array([2, 0]), 6)]  # fmt: skip


@pytest.mark.parametrize("obj,values", INSERTS, ids=range(len(INSERTS)))
@pytest.mark.parametrize("shape,axis", [((3,), None), ((2, 3), 1), ((3, 2), 0),
                                        ((2, 3), None)])  # fmt: skip
def test_insert_matches_numpy(shape, axis, obj, values):
    x = _values(shape, onp.int32)
    want = _raises_like(xnp.insert, onp.insert, x, obj, values, axis)
    if want is not None:
        _same(xnp.insert(x, obj, values, axis), want)
        _same(xnp.jit(lambda a: xnp.insert(a, obj, values, axis))(x), want)


def test_delete_insert_grad():
    x = onp.array([1.0, 2.0, 3.0, 4.0])
    g = xnp.grad(lambda a: (xnp.delete(a, [1]) * onp.array([1.0, 2.0, 3.0])).sum())(x)
    _same(g, onp.array([1.0, 0.0, 2.0, 3.0]))
    g = xnp.grad(lambda v: (xnp.insert(x, [0, 2], v) * onp.arange(6.0)).sum())(
        onp.array([1.0, 1.0]))  # fmt: skip
    _same(g, onp.array([0.0, 3.0]))


TRIMS = [[0, 0, 1, 2, 0], [0, 0, 0], [], [3, 0, 4], [[0, 0, 0], [0, 1, 0], [0, 2, 0]],
         [[0, 0], [0, 0]], [[0, 1, 0, 0], [0, 0, 0, 0]]]  # fmt: skip


@pytest.mark.parametrize("filt", TRIMS, ids=range(len(TRIMS)))
@pytest.mark.parametrize("trim", ["fb", "f", "b", "BF"])
def test_trim_zeros_matches_numpy(filt, trim):
    x = onp.asarray(filt, dtype=onp.float32)
    _same(xnp.trim_zeros(x, trim), onp.trim_zeros(x, trim))
    for axis in range(-x.ndim, x.ndim):
        _same(xnp.trim_zeros(x, trim, axis), onp.trim_zeros(x, trim, axis))


def test_trim_zeros_errors():
    with pytest.raises(ValueError, match="trim"):
        xnp.trim_zeros(onp.array([0, 1]), "x")
    with pytest.raises(TypeError, match="static"):
        xnp.jit(xnp.trim_zeros)(onp.array([0, 1]))


# ----------------------------------------------------------------------------- block, row_stack


def _blocks():
    a, b = onp.eye(2), onp.arange(6.0).reshape(2, 3)
    c, d = onp.ones((1, 2), onp.float32), onp.zeros((1, 3), onp.int8)
    return [
        [[a, b], [c, d]],
        [1, 2, 3],
        [onp.arange(3), 4],
        [[1], [2]],
        [[[1, 2]], [[3, 4]]],
        [a],
        a,
        7,
        [[onp.ones((2, 1, 2)), onp.zeros((2, 1, 3))]],
    ]


@pytest.mark.parametrize("case", range(9))
def test_block_matches_numpy(case):
    arrays = _blocks()[case]
    _same(xnp.block(arrays), onp.block(arrays))


def test_block_errors_and_row_stack():
    for bad in ([], [[1], 2], ([1, 2],), [[1, 2], []], [onp.ones((2, 2)), onp.ones(3)]):
        _raises_like(xnp.block, onp.block, bad)
    with pytest.raises(TypeError, match="tuple"):
        xnp.block((1, 2))
    with pytest.raises(ValueError, match="depths are mismatched"):
        xnp.block([[1], 2])
    with pytest.warns(DeprecationWarning, match="row_stack"):
        got = xnp.row_stack([onp.arange(3), onp.arange(3.0)])
    _same(got, onp.vstack([onp.arange(3), onp.arange(3.0)]))
    g = xnp.grad(lambda a: (xnp.block([[a, a], [a, a]]) * onp.arange(16.0).reshape(4, 4)).sum())(
        onp.ones((2, 2)))  # fmt: skip
    w = onp.arange(16.0).reshape(4, 4)
    _same(g, w[:2, :2] + w[:2, 2:] + w[2:, :2] + w[2:, 2:])
