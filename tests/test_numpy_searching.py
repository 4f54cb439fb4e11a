"""lexsort / partition / argpartition / argwhere / flatnonzero / nanargmax / nanargmin /
compress / extract / choose / select and the in-place put / place / putmask / copyto /
x.fill / x.flat against NumPy: shapes, dtypes, NaN, modes, eagerly and under jit (size= for
data-dependent lengths); errors; grad and vmap; the ndarray methods."""

import numpy as onp
import pytest

import xnp

DTYPES = [onp.bool_, onp.int8, onp.uint8, onp.int64, onp.float16, onp.float32, onp.float64,
          onp.complex64]


def _values(shape, dtype, seed=0, nan=True):
    rng = onp.random.default_rng(seed)
    x = rng.integers(-2, 3, size=shape).astype(onp.float64)
    if nan and onp.dtype(dtype).kind in "fc" and x.size > 2:
        x.reshape(-1)[:2] = [onp.nan, onp.inf]
        rng.shuffle(x.reshape(-1))
    if onp.dtype(dtype).kind == "u":
        x = onp.abs(x)
    return x.astype(dtype)


def _same(got, want):
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape,
                                                                 want.dtype, want.shape)
    onp.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_lexsort_matches_numpy(dtype):
    k1 = _values((12,), dtype, 1)
    k2 = _values((12,), onp.int32, 2)
    k3 = _values((12,), onp.float32, 3)
    for keys in [(k1,), (k1, k2), (k2, k1, k3)]:
        _same(xnp.lexsort(keys), onp.lexsort(keys))
        _same(xnp.jit(xnp.lexsort)(keys), onp.lexsort(keys))
    m = onp.stack([_values((3, 4), dtype, s) for s in range(2)])
    for axis in (0, 1, -1):
        _same(xnp.lexsort(m, axis=axis), onp.lexsort(m, axis=axis))
    k4 = onp.nan_to_num(k3, posinf=9).astype(onp.int32)
    _same(xnp.lexsort(onp.stack([k2, k4])), onp.lexsort(onp.stack([k2, k4])))
    _same(xnp.lexsort((k1[:0],)), onp.lexsort((k1[:0],)))
    with pytest.raises(ValueError, match="same shape"):
        xnp.lexsort((k1, k1[:3]))
    with pytest.raises(TypeError, match="len > 0"):
        xnp.lexsort(())


def _is_partition(p, x, kth, axis):
    p, x = onp.moveaxis(onp.asarray(p), axis, -1), onp.moveaxis(x, axis, -1)
    srt = onp.sort(x, axis=-1)
    for k in onp.atleast_1d(kth) % p.shape[-1]:
        onp.testing.assert_array_equal(p[..., k], srt[..., k])
        before, after = p[..., :k], p[..., k + 1:]
        assert onp.all(~(before > p[..., k:k + 1])) and onp.all(~(after < p[..., k:k + 1]))
    onp.testing.assert_array_equal(onp.sort(p, axis=-1), srt)


@pytest.mark.parametrize("dtype", [onp.int16, onp.float32, onp.float64],
                         ids=lambda d: onp.dtype(d).name)  # fmt: skip
def test_partition_argpartition_are_partitions(dtype):
    x = _values((4, 7), dtype, 4)
    for axis, kth in [(-1, 3), (0, [0, 3]), (1, -1), (None, 10)]:
        p = xnp.partition(x, kth, axis)
        ref = x.reshape(-1) if axis is None else x
        ax = 0 if axis is None else axis
        _is_partition(p, ref, kth, ax)
        i = xnp.argpartition(x, kth, axis)
        assert onp.asarray(i).dtype == onp.argpartition(x, kth, axis).dtype
        _is_partition(onp.take_along_axis(ref, onp.asarray(i), ax), ref, kth, ax)
        _is_partition(xnp.jit(lambda a, kth=kth, axis=axis: xnp.partition(a, kth, axis))(x),
                      ref, kth, ax)  # fmt: skip
    y = xnp.asarray(x)
    assert y.partition(2) is None
    _is_partition(y, x, 2, -1)
    _is_partition(onp.take_along_axis(x, onp.asarray(xnp.asarray(x).argpartition(1)), -1), x, 1,
                  -1)  # fmt: skip
    with pytest.raises(ValueError, match="out of bounds"):
        xnp.partition(x, 7)
    with pytest.raises(ValueError, match="out of bounds"):
        xnp.argpartition(x, -8)


@pytest.mark.parametrize("shape", [(), (0,), (5,), (3, 4), (2, 0, 3), (2, 3, 2)], ids=str)
@pytest.mark.parametrize("dtype", [onp.bool_, onp.int32, onp.float32, onp.complex64],
                         ids=lambda d: onp.dtype(d).name)  # fmt: skip
def test_argwhere_flatnonzero_extract_match_numpy(shape, dtype):
    x = _values(shape, dtype, 5)
    _same(xnp.argwhere(x), onp.argwhere(x))
    _same(xnp.flatnonzero(x), onp.flatnonzero(x))
    arr = onp.arange(x.size, dtype=onp.float32).reshape(shape)
    _same(xnp.extract(x, arr), onp.extract(x, arr))
    _same(xnp.asarray(arr).nonzero()[0] if arr.ndim else onp.zeros(0, int), arr.nonzero()[0]
          if arr.ndim else onp.zeros(0, int))  # fmt: skip
    n = int(onp.count_nonzero(x))
    _same(xnp.jit(lambda a: xnp.argwhere(a, size=n))(x), onp.argwhere(x))
    _same(xnp.jit(lambda a: xnp.flatnonzero(a, size=n + 2, fill_value=-1))(x),
          onp.concatenate([onp.flatnonzero(x), [-1, -1]]))  # fmt: skip
    _same(xnp.jit(lambda c, a: xnp.extract(c, a, size=n))(x, arr), onp.extract(x, arr))
    with pytest.raises(TypeError, match="size="):
        xnp.jit(xnp.flatnonzero)(x)


def test_compress_matches_numpy():
    x = onp.arange(12.0).reshape(3, 4)
    for cond, axis in [([0, 1, 1], 0), ([True, False], 1), ([1, 0, 1, 1], 1), ([1, 1], None),
                       ([], 0), ([False] * 3, 0)]:  # fmt: skip
        c = onp.asarray(cond, bool)
        _same(xnp.compress(c, x, axis), onp.compress(c, x, axis))
        _same(xnp.asarray(x).compress(c, axis), x.compress(c, axis))
    got = xnp.jit(lambda c, a: xnp.compress(c, a, 1, size=3, fill_value=-1))(
        onp.array([True, False, True, False]), x)  # fmt: skip
    _same(got, onp.concatenate([x[:, [0, 2]], onp.full((3, 1), -1.0)], axis=1))
    with pytest.raises(IndexError):
        xnp.compress([0, 0, 0, 1], x, 0)
    with pytest.raises(TypeError, match="size="):
        xnp.jit(lambda c: xnp.compress(c, x, 0))(onp.array([True, False, True]))
    g = xnp.grad(lambda a: xnp.compress([True, False, True], a).sum())(onp.ones(3))
    _same(g, onp.array([1.0, 0.0, 1.0]))


@pytest.mark.parametrize("dtype", [onp.float16, onp.float32, onp.float64, onp.int32,
                                   onp.complex64], ids=lambda d: onp.dtype(d).name)  # fmt: skip
def test_nanargmax_nanargmin_match_numpy(dtype):
    x = _values((4, 5), dtype, 6)
    if onp.dtype(dtype).kind in "fc":
        x[1, 2] = onp.nan
    for name in ("nanargmax", "nanargmin"):
        for axis in (None, 0, 1, -1):
            for keepdims in (False, True):
                want = getattr(onp, name)(x, axis, keepdims=keepdims)
                _same(getattr(xnp, name)(x, axis, keepdims=keepdims), want)
                _same(xnp.jit(lambda a, name=name, axis=axis, k=keepdims: getattr(xnp, name)(
                    a, axis, keepdims=k))(x), want)  # fmt: skip
    if onp.dtype(dtype).kind in "fc":
        bad = x.copy()
        bad[0] = onp.nan
        with pytest.raises(ValueError, match="All-NaN"):
            xnp.nanargmax(bad, axis=1)
        _same(xnp.jit(lambda a: xnp.nanargmin(a, axis=1))(bad)[0], onp.asarray(-1))


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_choose_matches_numpy(mode):
    choices = [onp.arange(4), onp.arange(4) * 10.0, onp.array([[5], [6]], onp.int8)]
    for a in (onp.array([0, 1, 2, 0]), onp.array([[2, 1, 0, 1], [0, 0, 2, 2]]), onp.array(1),
              onp.array([3, -1, 5, 1])):  # fmt: skip
        try:
            want = onp.choose(a, choices, mode=mode)
        except ValueError:
            with pytest.raises(ValueError, match="invalid entry"):
                xnp.choose(a, choices, mode=mode)
            continue
        _same(xnp.choose(a, choices, mode=mode), want)
        if mode != "raise":
            _same(xnp.jit(lambda i, mode=mode: xnp.choose(i, choices, mode=mode))(a), want)
        _same(xnp.asarray(a).choose(choices, mode=mode), want)
    _same(xnp.choose([1, 0], onp.array([[1, 2], [3, 4]])), onp.choose([1, 0], [[1, 2], [3, 4]]))
    g = xnp.grad(lambda c: xnp.choose(onp.array([1, 0, 1]), [c, 2 * c]).sum())(onp.ones(3))
    _same(g, onp.array([2.0, 1.0, 2.0]))


def test_select_matches_numpy():
    x = onp.arange(6)
    cases = [
        ([x < 2, x > 3], [x, x ** 2], 0),
        ([x < 2, x < 4], [x, x * 1.5], onp.nan),
        ([x > 10], [x.astype(onp.int8)], onp.int16(-1)),
        ([onp.array(True), x > 2], [1, x], 7),
        ([x < 3], [onp.ones((2, 6), onp.float32)], 0),
    ]
    for conds, choices, default in cases:
        want = onp.select(conds, choices, default)
        _same(xnp.select(conds, choices, default), want)
        _same(xnp.jit(lambda c, v, d=default: xnp.select(c, v, d))(conds, choices), want)
    with pytest.raises(ValueError, match="same length"):
        xnp.select([x < 2], [x, x])
    with pytest.raises(ValueError, match="empty"):
        xnp.select([], [])
    with pytest.raises(TypeError, match="boolean"):
        xnp.select([x], [x])
    got = xnp.vmap(lambda r: xnp.select([r > 1], [r], -r))(onp.arange(6.0).reshape(2, 3))
    _same(got, onp.select([onp.arange(6.0).reshape(2, 3) > 1], [onp.arange(6.0).reshape(2, 3)],
                          -onp.arange(6.0).reshape(2, 3)))  # fmt: skip


# ----------------------------------------------------------------------------- in place


@pytest.mark.parametrize("mode", ["raise", "wrap", "clip"])
def test_put_matches_numpy(mode):
    cases = [([0, 2], [9, 8]), ([1], [5, 6]), (-1, 7), ([0, 1, 2, 3], [1, 2]), ([7, -9], [1, 2]),
             ([], [1])]  # fmt: skip
    for ind, v in cases:
        want = onp.arange(6.0).reshape(2, 3)
        try:
            onp.put(want, ind, v, mode=mode)
        except IndexError:
            with pytest.raises(IndexError):
                xnp.put(xnp.arange(6.0).reshape(2, 3), ind, v, mode=mode)
            continue
        got = xnp.arange(6.0).reshape(2, 3)
        assert xnp.put(got, ind, v, mode=mode) is None
        _same(got, want)
        got = xnp.arange(6.0).reshape(2, 3)
        got.put(ind, v, mode=mode)
        _same(got, want)
    host = onp.zeros(3)
    xnp.put(host, [1], [4.0])
    _same(host, onp.array([0.0, 4.0, 0.0]))

    def inside(a, i):
        b = a + 0
        xnp.put(b, i, 5.0, mode=mode)
        return b

    want = onp.arange(4.0)
    onp.put(want, [1, 3], 5.0)
    _same(xnp.jit(inside)(onp.arange(4.0), onp.array([1, 3])), want)


def test_place_putmask_copyto_match_numpy():
    base = onp.arange(8, dtype=onp.int32).reshape(2, 4)
    for vals in ([10, 20], [7], [1, 2, 3, 4, 5, 6, 7, 8, 9]):
        want, got = base.copy(), xnp.asarray(base.copy())
        onp.place(want, want % 3 == 0, vals)
        xnp.place(got, onp.asarray(got) % 3 == 0, vals)
        _same(got, want)
        want, got = base.copy(), xnp.asarray(base.copy())
        onp.putmask(want, want > 2, vals)
        xnp.putmask(got, got > 2, vals)
        _same(got, want)
    with pytest.raises(ValueError, match="empty"):
        xnp.place(xnp.asarray(base), base > 2, [])
    with pytest.raises(ValueError, match="same size"):
        xnp.putmask(xnp.asarray(base), onp.ones(3, bool), 1)
    with pytest.raises(TypeError, match="concrete"):
        xnp.jit(lambda a: xnp.place(a * 1, a > 1, [0]))(base)

    def masked(a):
        b = a * 1
        xnp.putmask(b, b > 2, onp.array([-1, -2]))
        return b

    want = base.copy()
    onp.putmask(want, want > 2, [-1, -2])
    _same(xnp.jit(masked)(base), want)
    cases = [(5, True, "same_kind"), (onp.arange(4), base > 3, "same_kind"),
             (onp.float32(2.5), True, "unsafe"),
             (onp.array([[1], [2]], onp.int8), onp.array([True, False, True, False]), "safe")]
    for src, where, casting in cases:
        want, got = base.copy(), xnp.asarray(base.copy())
        onp.copyto(want, src, casting, where)
        xnp.copyto(got, src, casting, where)
        _same(got, want)
    for src, casting in [(1.5, "same_kind"), (onp.arange(4.0), "same_kind"),
                         (onp.int64(3), "safe")]:  # fmt: skip
        with pytest.raises(TypeError, match="Cannot cast"):
            onp.copyto(base.copy(), src, casting)
        with pytest.raises(TypeError, match="Cannot cast"):
            xnp.copyto(xnp.asarray(base), src, casting)
    with pytest.raises(ValueError, match="broadcast"):
        xnp.copyto(xnp.asarray(base), onp.arange(3))
    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(lambda a: xnp.copyto(a, 1))(onp.arange(3.0))


def test_fill_and_flat():
    for dt in (onp.int8, onp.float32, onp.complex64, onp.bool_):
        want = onp.zeros((2, 3), dt)
        want.fill(3)
        got = xnp.zeros((2, 3), dt)
        assert got.fill(3) is None
        _same(got, want)
    x = onp.arange(12.0).reshape(3, 4)
    y = xnp.asarray(x.copy())
    _same(y.flat[5], x.flat[5])
    _same(y.flat[2:9:3], x.flat[2:9:3])
    _same(y.flat[[1, 7]], x.flat[[1, 7]])
    assert len(y.flat) == 12 and [float(v) for v in y.flat] == list(x.flat)
    _same(onp.asarray(y.flat), onp.asarray(x.flat))
    _same(y.flat.copy(), x.flat.copy())
    assert y.flat.base is y
    for idx, v in [(3, -1.0), (slice(0, 4), [7.0, 8.0]), ([0, 11], 5.0), (slice(None), 0.5)]:
        x.flat[idx] = v
        y.flat[idx] = v
        _same(y, x)
    assert isinstance(y.flat, xnp.flatiter)

    def inside(a):
        b = a * 2
        b.flat[1] = 0.0
        b.fill(1.0) if False else None
        return b

    _same(xnp.jit(inside)(onp.ones((2, 2))), onp.array([[2.0, 0.0], [2.0, 2.0]]))
    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(lambda a: a.fill(0.0))(onp.ones(2))


def test_take_cumsum_cumprod_methods():
    x = onp.arange(1.0, 7.0).reshape(2, 3)
    y = xnp.asarray(x)
    _same(y.take([0, 2], axis=1), x.take([0, 2], axis=1))
    _same(y.take(4), x.take(4))
    _same(y.take([7], mode="wrap"), x.take([7], mode="wrap"))
    for axis in (None, 0, 1):
        _same(y.cumsum(axis), x.cumsum(axis))
        _same(y.cumprod(axis), x.cumprod(axis))
    _same(y.cumsum(dtype=onp.int32), x.cumsum(dtype=onp.int32))
    _same(xnp.jit(lambda a: a.cumsum(1) + a.cumprod(0))(x), x.cumsum(1) + x.cumprod(0))
    for got, want in zip(y.nonzero(), x.nonzero(), strict=True):
        _same(got, want)
