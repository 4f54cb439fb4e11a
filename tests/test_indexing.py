"""NumPy indexing on xnp arrays: x[idx], x.at[idx], x[idx] = v, in-place operators, take & co.

Checked against NumPy, eagerly and under jit (indices static, and passed as traced arguments).
"""

import numpy as onp
import pytest

import xnp
from xnp._src import core

A = onp.arange(60).reshape(3, 4, 5)
I = onp.array  # noqa: E741

# Index expressions valid for A (shape (3, 4, 5)).
INDICES = [
    0, -1, 2, (1, 2), (1, 2, 3), (-1, -2, -5), slice(None), slice(1, None), slice(None, None, -1),
    slice(-100, 100, 2), slice(5, 1), (slice(None, None, -2), 1), (slice(3, 0, -2), slice(None, 1)),
    (slice(None, None, -1), slice(None, None, -3), slice(3, 0, -2)), (..., 0), (0, ...),
    (0, ..., 1), (...,), (None, 0), (0, None, ..., None), (..., None), (None, None),
    [0, 2], [-1, 0, -1], ([0, 2], [1, 3]), (slice(None), [0, 2]), ([0, 2], slice(None), [1, 3]),
    (0, slice(None), [1, 3]), (slice(None), 0, [1, 3]), (slice(1, 3), 0, [1, 3]),
    I([[0, 1], [2, 0]]), (I([[0], [2]]), I([1, 3])), (slice(None), I([[0], [3]]), I([[1, 4]])),
    (slice(1, 3), None, [0, 1], [2, 3]), (None, [0, 1], None, [1, 2]), ([0, 1], None, [1, 2]),
    (..., [0, -1]), (I(1),), (I(1), slice(None), I([0, 1])), [], ([], 0), ((0, 1),), ((0, 1), 2),
    A[:, 0, 0] > 10, A > 30, A[:, :, 0] > 7, (slice(None), A[0, :, 0] > 6),
    (1, A[0, :, 0] % 2 == 0), (A[:, :, 0] > 50, 1), True, False, (0, True), ([0, 1], True),
    (Ellipsis, True, 0),
    (I([True, False, True]), slice(None, None, -1)), [True, False, True],
]  # fmt: skip

IDS = [repr(i)[:40] for i in INDICES]


def assert_same(got, expected):
    got = onp.asarray(got)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype
    onp.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("idx", INDICES, ids=IDS)
def test_getitem_eager(idx):
    assert_same(xnp.asarray(A)[idx], A[idx])


@pytest.mark.parametrize("idx", INDICES, ids=IDS)
def test_getitem_jit_static(idx):
    assert_same(xnp.jit(lambda x: x[idx])(A), A[idx])


def _split_index(idx):
    """(rebuild, leaves): the integer and integer-array parts of idx become leaves."""
    items = idx if isinstance(idx, tuple) else (idx,)
    leaves, template = [], []
    for e in items:
        arr = (
            onp.asarray(e) if not isinstance(e, slice) and e is not None and e is not ... else None
        )
        if arr is not None and arr.dtype.kind in "iu":
            template.append(len(leaves))
            leaves.append(arr)
        else:
            template.append(("static", e))
    tup = isinstance(idx, tuple)

    def rebuild(traced):
        out = tuple(traced[t] if isinstance(t, int) else t[1] for t in template)
        return out if tup else out[0]

    return rebuild, leaves


TRACEABLE = [
    i for i in INDICES if _split_index(i)[1] and not any(
        onp.asarray(e).dtype == bool for e in (i if isinstance(i, tuple) else (i,))
        if not isinstance(e, slice) and e is not None and e is not ...)
]  # fmt: skip


@pytest.mark.parametrize("idx", TRACEABLE, ids=[repr(i)[:40] for i in TRACEABLE])
def test_getitem_jit_traced_indices(idx):
    rebuild, leaves = _split_index(idx)
    f = xnp.jit(lambda x, *leaves: x[rebuild(leaves)])
    assert_same(f(A, *leaves), A[idx])


def test_getitem_0d_and_dtypes():
    z = xnp.asarray(onp.float32(5))
    for idx in [(), ..., None, True, False, (None, ...)]:
        assert_same(z[idx], onp.asarray(onp.float32(5))[idx])
    for dt in [onp.bool_, onp.int8, onp.uint16, onp.float32, onp.complex64]:
        a = A.astype(dt)
        assert_same(xnp.asarray(a)[1, [0, 2], ::2], a[1, [0, 2], ::2])
    x = xnp.asarray(A)
    assert_same(x[onp.uint8(1), xnp.asarray(2)], A[1, 2])
    assert_same(x[xnp.asarray([0, 2])], A[[0, 2]])
    assert_same(x[xnp.asarray(A[0, 0] > 2)[:3]], A[A[0, 0, :3] > 2])


def test_getitem_empty_axes():
    e = xnp.zeros((0, 3))
    assert e[[]].shape == (0, 3)
    assert e[:, [0, 2]].shape == (0, 2)
    assert e[1:].shape == (0, 3)
    with pytest.raises(IndexError, match="size 0"):
        e[0]
    with pytest.raises(IndexError, match="size 0"):
        xnp.jit(lambda e, i: e[i])(e, 0)


def test_getitem_traced_out_of_bounds_clamps():
    x = xnp.asarray(onp.arange(10))
    f = xnp.jit(lambda x, i: x[i])
    assert int(f(x, 12)) == 9
    assert int(f(x, -3)) == 7
    assert int(f(x, -30)) == 0
    assert_same(f(x, onp.array([0, 10, -11])), onp.array([0, 9, 0]))


ERRORS = [
    (10, IndexError, "index 10 is out of bounds for axis 0 with size 3"),
    ((0, -6), IndexError, "index -6 is out of bounds for axis 1 with size 4"),
    ((0, 0, 0, 0), IndexError, "too many indices for array: array is 3-dimensional, but 4"),
    ((..., 0, ...), IndexError, "single ellipsis"),
    (1.5, IndexError, "only integers, slices"),
    (1.5, TypeError, "only integers, slices"),
    (I([1.0]), IndexError, "must be of integer"),
    ([0, 10], IndexError, "index 10 is out of bounds"),
    ((slice(None), [0, 3], [5]), IndexError, "axis 2 with size 5"),
    (A[:2] > 0, IndexError, "boolean index did not match"),
    (([0, 1], [0, 1, 2]), IndexError, "shape mismatch"),
    (slice(1.5), TypeError, "slice indices must be integers"),
    ("a", IndexError, "only integers"),
]


@pytest.mark.parametrize("idx,err,match", ERRORS, ids=[repr(e[0])[:30] for e in ERRORS])
def test_getitem_errors(idx, err, match):
    with pytest.raises(err, match=match):
        xnp.asarray(A)[idx]
    with pytest.raises(err, match=match):  # static indices are checked under jit too
        xnp.jit(lambda x: x[idx])(A)


def test_getitem_traced_errors():
    x = xnp.asarray(onp.arange(5.0))
    with pytest.raises(core.ConcretizationTypeError, match="xnp.where"):
        xnp.jit(lambda x: x[x > 2])(x)
    with pytest.raises(IndexError, match="dynamic_slice_in_dim"):
        xnp.jit(lambda x, i: x[i : i + 2])(x, 1)
    with pytest.raises(IndexError, match="only integers"):
        xnp.jit(lambda x, i: x[i])(x, 1.0)


def test_getitem_in_jaxpr_uses_cheap_ops():
    basic = str(xnp.make_jaxpr(lambda x: x[0, ::-2, None])(A))
    assert "gather" not in basic and "slice" in basic and "rev" in basic
    dynamic = str(xnp.make_jaxpr(lambda x, i: x[i])(A, 1))
    assert "dynamic_slice" in dynamic and "gather" not in dynamic
    advanced = str(xnp.make_jaxpr(lambda x: x[:, [0, 1]])(A))
    assert "gather" in advanced


# ----------------------------------------------------------------------------- .at

AT_INDICES = [
    0, -1, (1, 2), slice(None, None, -1), (slice(None, None, -2), 1), (..., 0), (None, 0),
    ([0, 2], [1, 3]), ([0, 2], slice(None), [1, 3]), (0, slice(None), [1, 3]), ([0, 0, 2],),
    (slice(1, 3), None, [0, 1], [2, 3]), True, (slice(None), slice(None, None, 2)),
    (1, slice(1, 3)), A > 30, (), ([[0, 1], [1, 0]], 0), (slice(2, 0, -1), slice(None, 1, 3)),
]  # fmt: skip

AT_OPS = {
    "set": None,
    "add": onp.add,
    "subtract": onp.subtract,
    "multiply": onp.multiply,
    "min": onp.minimum,
    "max": onp.maximum,
}


def np_at(op, a, idx, v):
    out = a.copy()
    if op == "set":
        out[idx] = v
    else:
        AT_OPS[op].at(out, idx, v)
    return out


# Every index with set/add/max; the other ops (same code paths) on a few indices.
AT_CASES = [(op, idx) for idx in AT_INDICES for op in ("set", "add", "max")] + [
    (op, idx) for idx in AT_INDICES[:3] + AT_INDICES[7:9] for op in ("subtract", "multiply", "min")
]


@pytest.mark.parametrize("op,idx", AT_CASES, ids=[f"{op}-{idx!r:.40}" for op, idx in AT_CASES])
def test_at_ops(op, idx):
    a = A.astype(onp.float64)
    v = onp.random.RandomState(1).randint(-50, 50, size=a[idx].shape).astype(onp.float64)
    expected = np_at(op, a, idx, v)
    x = xnp.asarray(a)
    assert_same(getattr(x.at[idx], op)(v), expected)
    assert_same(xnp.jit(lambda x, v: getattr(x.at[idx], op)(v))(x, v), expected)
    assert_same(x, a)  # .at never changes x


@pytest.mark.parametrize("op", ["set", "add", "multiply", "max"])
def test_at_traced_indices(op):
    a = A.astype(onp.float64)
    idx = (onp.array([2, 0, 2, -1]), slice(None), onp.array([1, 4, 1, 0]))
    v = onp.arange(16.0).reshape(4, 4)
    if op == "set":
        idx = (onp.array([2, 0, 1]), slice(None), onp.array([1, 4, 1]))
        v = v[:3]
    expected = np_at(op, a, idx, v)
    f = xnp.jit(lambda x, i, j, v: getattr(x.at[i, :, j], op)(v))
    assert_same(f(a, idx[0], idx[2], v), expected)
    g = xnp.jit(lambda x, i, v: getattr(x.at[i], op)(v))  # a traced scalar index
    assert_same(g(a, -1, v[0, 0]), np_at(op, a, -1, v[0, 0]))


def test_at_divide_power_and_casts():
    x = xnp.asarray(onp.arange(1.0, 6.0))
    assert_same(x.at[[1, 1, 3]].divide(2.0), onp.array([1.0, 0.5, 3.0, 2.0, 5.0]))
    assert_same(x.at[[0, 4, 4]].power(2), onp.array([1.0, 2.0, 3.0, 4.0, 625.0]))
    with pytest.raises(TypeError, match="Cannot cast ufunc 'divide' output"):
        xnp.arange(4).at[1].divide(2)
    assert_same(xnp.arange(4).at[1].set(2.7), onp.array([0, 2, 2, 3]))  # values take x's dtype
    assert_same(xnp.arange(4).at[1:3].add(onp.array([1, 2], onp.int8)), onp.array([0, 2, 4, 3]))
    b = xnp.asarray([True, False, False])
    assert_same(b.at[[1, 1]].add(True), onp.array([True, True, False]))


MODES = [
    # (mode, index, expected for set(-1) on arange(5), expected get)
    ("clip", 7, [0, 1, 2, 3, -1], 4),
    ("clip", -9, [-1, 1, 2, 3, 4], 0),
    ("drop", 7, [0, 1, 2, 3, 4], None),
    ("fill", -9, [0, 1, 2, 3, 4], None),
    ("promise_in_bounds", 2, [0, 1, -1, 3, 4], 2),
]


@pytest.mark.parametrize("mode,i,expected_set,expected_get", MODES)
def test_at_modes(mode, i, expected_set, expected_get):
    x = xnp.arange(5)
    for fn in (
        lambda x, i: x.at[i].set(-1, mode=mode),
        xnp.jit(lambda x, i: x.at[i].set(-1, mode=mode)),
    ):
        assert_same(fn(x, i), onp.array(expected_set))
    get = xnp.jit(lambda x, i: x.at[i].get(mode=mode, fill_value=-7))
    assert int(get(x, i)) == (-7 if expected_get is None else expected_get)
    assert int(x.at[i].get(mode=mode, fill_value=-7)) == (
        -7 if expected_get is None else expected_get
    )


def test_at_defaults_out_of_bounds():
    x = xnp.arange(5.0)
    with pytest.raises(IndexError, match="index 5 is out of bounds"):
        x.at[5].set(1.0)
    f = xnp.jit(lambda x, i: x.at[i].add(1.0))
    assert_same(f(x, onp.array([0, 5, -6, -1])), onp.array([1.0, 1, 2, 3, 5]))  # dropped
    assert onp.isnan(float(xnp.jit(lambda x, i: x.at[i].get(mode="fill"))(x, 9)))
    with pytest.raises(ValueError, match="could not broadcast input array from shape"):
        x.at[1:3].set(onp.ones(3))
    assert_same(x.at[1:3].set(onp.ones((1, 1, 2))), onp.array([0.0, 1, 1, 3, 4]))


# ----------------------------------------------------------------------------- mutation syntax


def test_setitem_rebinds_eager_array():
    a = A.astype(onp.float64)
    x = xnp.asarray(a)
    alias, copy = x, x.copy()
    for idx, v in [((0, 1), 7.5), (x > 50, 0.0), ((slice(None), [0, 2]), onp.arange(5.0))]:
        x[idx] = v
        a[idx] = v
        assert_same(x, a)
    assert alias is x
    assert_same(copy, A.astype(onp.float64))
    x[1:, ::2] += 1
    a[1:, ::2] += 1
    assert_same(x, a)
    k = xnp.arange(4, dtype=xnp.int8)
    k[0] = 2.9  # cast to the array's dtype, like NumPy
    assert_same(k, onp.array([2, 1, 2, 3], onp.int8))
    with pytest.raises(OverflowError):
        k[0] = 1000


def test_setitem_0d_is_not_shared_with_cached_constants():
    z = xnp.asarray(5.0)
    z[()] = 3
    z += 1
    assert float(z) == 4.0
    assert float(xnp.asarray(5.0)) == 5.0


def test_setitem_under_jit():
    def f(x):
        y = x * 2
        y[0] = 100.0
        y[1:3] += 1
        y += 1  # a tracer: Python rebinds the name
        return y

    expected = onp.arange(5.0) * 2
    expected[0] = 100
    expected[1:3] += 1
    expected += 1
    assert_same(xnp.jit(f)(onp.arange(5.0)), expected)
    assert "scatter" in str(xnp.make_jaxpr(f)(onp.arange(5.0)))


def test_setitem_errors_under_jit():
    def assign_argument(x):
        x[0] = 1.0
        return x

    with pytest.raises(TypeError, match="return the updated array .* instead of assigning"):
        xnp.jit(assign_argument)(onp.arange(3.0))
    captured = xnp.arange(3.0)

    def assign_captured(x):
        captured[0] = x[0]
        return captured

    with pytest.raises(TypeError, match="captured from outside"):
        xnp.jit(assign_captured)(onp.arange(3.0))
    assert_same(captured, onp.arange(3.0))

    def assign_outer_tracer(x):
        return xnp.jit(lambda y: x.__setitem__(0, y[0]) or y)(x)

    with pytest.raises(TypeError, match="captured from outside"):
        xnp.jit(assign_outer_tracer)(onp.arange(3.0))


INPLACE = [
    ("__iadd__", onp.add, 3), ("__isub__", onp.subtract, 3), ("__imul__", onp.multiply, 3),
    ("__ifloordiv__", onp.floor_divide, 3), ("__imod__", onp.remainder, 3),
    ("__ipow__", onp.power, 2), ("__iand__", onp.bitwise_and, 6), ("__ior__", onp.bitwise_or, 6),
    ("__ixor__", onp.bitwise_xor, 6), ("__ilshift__", onp.left_shift, 2),
    ("__irshift__", onp.right_shift, 1),
]  # fmt: skip


@pytest.mark.parametrize("name,fn,other", INPLACE, ids=[n for n, _, _ in INPLACE])
def test_inplace_operators(name, fn, other):
    a = onp.arange(1, 7).reshape(2, 3)
    x = xnp.asarray(a)
    out = getattr(x, name)(other)
    assert out is x
    assert_same(x, fn(a, other))
    x = xnp.asarray(a)
    getattr(x, name)(onp.arange(1, 4, dtype=onp.int32))  # broadcast, cast back to int64
    assert_same(x, fn(a, onp.arange(1, 4, dtype=onp.int32)))


def test_inplace_float_and_matmul():
    x = xnp.asarray(onp.arange(6.0).reshape(2, 3))
    x /= 2
    x **= 2
    x @= onp.eye(3)
    assert_same(x, (onp.arange(6.0).reshape(2, 3) / 2) ** 2)
    y = xnp.asarray(onp.ones(3, onp.float32))
    y += onp.ones(3)  # float64 into float32: same kind, allowed
    assert_same(y, onp.full(3, 2, onp.float32))


@pytest.mark.parametrize(
    "dtype,op,other,message",
    [
        (onp.int64, "__iadd__", 1.5, "Cannot cast ufunc 'add' output from dtype('float64') to "
         "dtype('int64') with casting rule 'same_kind'"),
        (onp.int64, "__itruediv__", 2, "ufunc 'divide'"),
        (onp.bool_, "__iadd__", 1, "ufunc 'add'"),
    ],
)  # fmt: skip
def test_inplace_cast_errors(dtype, op, other, message):
    x = xnp.asarray(onp.arange(3).astype(dtype))
    with pytest.raises(TypeError, match=message.replace("(", "\\(").replace(")", "\\)")):
        getattr(x, op)(other)
    assert_same(x, onp.arange(3).astype(dtype))


def test_inplace_broadcast_error():
    x = xnp.arange(3)
    with pytest.raises(ValueError, match="non-broadcastable output operand with shape \\(3,\\)"):
        x += onp.ones((2, 3), int)


def test_inplace_on_concrete_array_inside_jit_rebinds_name():
    def f(x):
        acc = xnp.asarray(onp.zeros(3))  # concrete, made inside the function
        acc += x  # falls back to acc = acc + x: a tracer
        return acc

    assert_same(xnp.jit(f)(onp.ones(3)), onp.ones(3))


# ----------------------------------------------------------------------------- functions

B = onp.array([[0, 3, 0], [1, 0, 2]])


def test_nonzero():
    for nz, expected in zip(xnp.nonzero(B), onp.nonzero(B), strict=True):
        assert_same(nz, expected)
    f = xnp.jit(lambda m: xnp.nonzero(m, size=4, fill_value=-1))
    got = f(B)
    assert_same(got[0], onp.array([0, 1, 1, -1]))
    assert_same(got[1], onp.array([1, 0, 2, -1]))
    got = xnp.jit(lambda m: xnp.nonzero(m, size=2))(B)
    assert_same(got[1], onp.array([1, 0]))
    with pytest.raises(core.ConcretizationTypeError, match="size="):
        xnp.jit(xnp.nonzero)(B)
    with pytest.raises(ValueError, match="0d"):
        xnp.nonzero(xnp.asarray(1))
    assert_same(xnp.where(B > 0)[1], onp.where(B > 0)[1])


TAKES = [
    (None, [0, 5, -1], None), (0, [[1, 0]], None), (1, [2, -1], None), (-1, 2, None),
    (1, [5, -1], "wrap"), (1, [5, -7], "clip"), (0, [1, 4], "raise"),
]  # fmt: skip


@pytest.mark.parametrize("axis,idx,mode", TAKES)
def test_take(axis, idx, mode):
    a = A[0].astype(onp.float64)
    try:
        expected = onp.take(a, idx, axis=axis, mode=mode or "raise")
    except IndexError:
        with pytest.raises(IndexError):
            xnp.take(a, idx, axis=axis, mode=mode)
        return
    assert_same(xnp.take(a, idx, axis=axis, mode=mode), expected)
    if mode != "raise":
        f = xnp.jit(lambda a, i: xnp.take(a, i, axis=axis, mode=mode))
        assert_same(f(a, onp.asarray(idx)), expected)


def test_take_traced_out_of_bounds_fills():
    f = xnp.jit(lambda a, i: xnp.take(a, i))
    got = onp.asarray(f(onp.arange(4.0), onp.array([0, 4, -5, -1])))
    onp.testing.assert_array_equal(got, [0.0, onp.nan, onp.nan, 3.0])
    with pytest.raises(NotImplementedError, match="mode='raise'"):
        xnp.jit(lambda a, i: xnp.take(a, i, mode="raise"))(onp.arange(4.0), onp.array([0]))
    out = xnp.zeros(2)
    assert xnp.take(onp.arange(4.0), [3, 1], out=out) is out
    assert_same(out, onp.array([3.0, 1.0]))


@pytest.mark.parametrize("axis", [0, 1, 2, -1, None])
def test_take_and_put_along_axis(axis):
    a = onp.random.RandomState(2).randint(0, 100, size=(3, 4, 5)).astype(onp.float64)
    idx = onp.argsort(a, axis=axis)
    if axis is not None:
        idx = onp.take(idx, [0, -1], axis=axis)
    expected = onp.take_along_axis(a, idx, axis=axis)
    assert_same(xnp.take_along_axis(a, idx, axis=axis), expected)
    f = xnp.jit(lambda a, i: xnp.take_along_axis(a, i, axis=axis))
    assert_same(f(a, idx), expected)
    put = a.copy()
    onp.put_along_axis(put, idx, -1.0, axis=axis)
    x = xnp.asarray(a)
    assert xnp.put_along_axis(x, idx, -1.0, axis=axis) is None
    assert_same(x, put)
    assert_same(xnp.put_along_axis(a, idx, -1.0, axis=axis, inplace=False), put)


def test_take_along_axis_broadcasts_and_errors():
    a = A[0].astype(onp.float64)
    idx = onp.array([[0], [4], [2], [1]])
    assert_same(xnp.take_along_axis(a, idx, axis=1), onp.take_along_axis(a, idx, axis=1))
    idx = onp.array([[0, 1, 4]])
    assert_same(xnp.take_along_axis(a, idx, axis=1), onp.take_along_axis(a, idx, axis=1))
    with pytest.raises(ValueError, match="same number of dimensions"):
        xnp.take_along_axis(a, onp.array([0]), axis=1)
    with pytest.raises(IndexError, match="out of bounds"):
        xnp.take_along_axis(a, onp.array([[7]]), axis=1)
    got = xnp.jit(lambda a, i: xnp.take_along_axis(a, i, axis=1))(a, onp.array([[7]] * 4))
    assert onp.isnan(onp.asarray(got)).all()


# ----------------------------------------------------------------------------- under grad and vmap

X = onp.random.RandomState(2).randn(4, 5)
V = onp.random.RandomState(3).randn(3, 5)


def _setitem(x, v):
    y = x * v[2, 0]  # a tracer created inside the function, so it may be mutated
    y[2, 1:] = v[0, :4]
    y[[0, 3]] += v[1:]
    return y


# Functions of (x, v): reads and updates through every path (slices, rev, dynamic_slice,
# gather, windowed and element-wise scatters, repeated indices).
DIFF_FNS = {
    "int": lambda x, v: x[1] * v[0],
    "slices": lambda x, v: x[1:3, ::-2],
    "newaxis-array": lambda x, v: x[None, :, [0, 4, 0]],
    "array-repeats": lambda x, v: x[[0, 2, 0]] * v,
    "mixed": lambda x, v: x[[1, 3], 1:4],
    "mask": lambda x, v: x[:, onp.array([True, False, True, False, True])],
    "get": lambda x, v: x.at[[3, 1]].get(mode="clip"),
    "set-int": lambda x, v: x.at[1].set(v[0]),
    "set-strided": lambda x, v: x.at[1:3, ::2].set(v[:2, :3]),
    "set-repeats": lambda x, v: x.at[[0, 2, 0]].set(v),
    "add-repeats": lambda x, v: x.at[[0, 2, 0]].add(v),
    "subtract": lambda x, v: x.at[[3, 1], 2:4].subtract(v[:2, :2]),
    "multiply": lambda x, v: x.at[[0, 2, 0]].multiply(v),
    "divide": lambda x, v: x.at[1].divide(v[0] + 3.0),
    "min": lambda x, v: x.at[:, 1].min(v[0, :4]),
    "max": lambda x, v: x.at[[1, 1], [2, 2]].max(v[0, :2]),
    "setitem": _setitem,
}


@pytest.mark.parametrize("name", DIFF_FNS)
def test_indexing_grads(name):
    from util import check_grads

    check_grads(DIFF_FNS[name], [X, V], order=2)


@pytest.mark.parametrize("in_axes", [(0, None), (1, 0), (None, 1), (-1, 0)])
@pytest.mark.parametrize("name", DIFF_FNS)
def test_indexing_vmap(name, in_axes):
    fn = DIFF_FNS[name]
    rng = onp.random.RandomState(4)
    xs, vs = rng.randn(3, *X.shape), rng.randn(3, *V.shape)
    xb = onp.moveaxis(xs, 0, in_axes[0]) if in_axes[0] is not None else xs[0]
    vb = onp.moveaxis(vs, 0, in_axes[1]) if in_axes[1] is not None else vs[0]
    expected = onp.stack([
        fn(xnp.asarray(xs[k] if in_axes[0] is not None else xs[0]),
           xnp.asarray(vs[k] if in_axes[1] is not None else vs[0])) for k in range(3)
    ])  # fmt: skip
    got = xnp.vmap(fn, in_axes=in_axes)(xnp.asarray(xb), xnp.asarray(vb))
    onp.testing.assert_allclose(onp.asarray(got), expected, rtol=1e-12, atol=1e-12)


# Functions of (x, i) with a traced integer index (in bounds: an eager loop over concrete
# indices checks them).
TRACED_FNS = {
    "getitem": lambda x, i: x[i],
    "getitem-slice": lambda x, i: x[i, 1:4],
    "getitem-negative": lambda x, i: x[:, -1 - i],
    "dynamic_slice": lambda x, i: xnp.lax.dynamic_slice_in_dim(x, i, 2, axis=1),
    "set": lambda x, i: x.at[i].set(x[0] * 2.0),
    "add": lambda x, i: x.at[i, i].add(5.0),
    "multiply": lambda x, i: x.at[:, i].multiply(x[:, 0]),
    "max": lambda x, i: x.at[i].max(x[3]),
}


@pytest.mark.parametrize("in_axes", [(None, 0), (0, 0), (1, 0)])
@pytest.mark.parametrize("name", TRACED_FNS)
def test_traced_index_vmap_and_grad(name, in_axes):
    fn = TRACED_FNS[name]
    rng = onp.random.RandomState(5)
    idx = onp.array([2, 0, 3])
    xs = rng.randn(3, *X.shape)
    xb = xs[0] if in_axes[0] is None else onp.moveaxis(xs, 0, in_axes[0])
    x_k = [xs[0] if in_axes[0] is None else xs[k] for k in range(3)]

    def loss(x, i):
        y = fn(x, i)
        return (y * y).sum()

    expected = onp.stack([fn(xnp.asarray(x_k[k]), int(idx[k])) for k in range(3)])
    got = xnp.vmap(fn, in_axes=in_axes)(xnp.asarray(xb), xnp.asarray(idx))
    onp.testing.assert_allclose(onp.asarray(got), expected, rtol=1e-12, atol=1e-12)
    expected = onp.stack([xnp.grad(loss)(xnp.asarray(x_k[k]), int(idx[k])) for k in range(3)])
    got = xnp.vmap(xnp.grad(loss), in_axes=in_axes)(xnp.asarray(xb), xnp.asarray(idx))
    onp.testing.assert_allclose(onp.asarray(got), expected, rtol=1e-12, atol=1e-12)
    jitted = xnp.jit(xnp.vmap(xnp.grad(loss), in_axes=in_axes))
    onp.testing.assert_allclose(onp.asarray(jitted(xnp.asarray(xb), xnp.asarray(idx))),
                                expected, rtol=1e-12, atol=1e-12)  # fmt: skip


def test_multiply_grad_through_zero_updates():
    # d/dv of x * prod(v) at a zero v: the product of the others, not a division by zero.
    # (Higher derivatives miss terms where an element gets a zero among several updates.)
    from util import check_grads

    x = xnp.asarray([1.5, -2.0, 3.0])
    v = onp.array([0.0, 2.0, 0.0, 0.0, 3.0])
    f = lambda x, v: x.at[onp.array([0, 0, 1, 1, 2])].multiply(v)  # noqa: E731
    check_grads(f, [x, v], order=1)
    check_grads(lambda x, v: x.at[onp.array([0, 2])].multiply(v, unique_indices=True),
                [x, v[::4]], order=2)  # fmt: skip
    g = xnp.grad(lambda v: f(x, v).sum())(v)
    onp.testing.assert_allclose(onp.asarray(g), [3.0, 0.0, 0.0, 0.0, 3.0])


def test_set_grad_with_repeated_indices_goes_to_the_winner():
    idx = onp.array([1, 1, 1])
    out = xnp.asarray(onp.zeros(3)).at[idx].set(xnp.asarray([1.0, 2.0, 3.0]))
    winner = int(onp.flatnonzero(onp.asarray([1.0, 2.0, 3.0]) == float(out[1]))[0])
    g_v = xnp.grad(lambda v: xnp.asarray(onp.zeros(3)).at[idx].set(v).sum())(
        xnp.asarray([1.0, 2.0, 3.0]))  # fmt: skip
    onp.testing.assert_array_equal(onp.asarray(g_v), onp.eye(3)[winner])
    g_x = xnp.grad(lambda x: x.at[idx].set(xnp.asarray([1.0, 2.0, 3.0])).sum())(
        xnp.asarray(onp.ones(3)))  # fmt: skip
    onp.testing.assert_array_equal(onp.asarray(g_x), [1.0, 0.0, 1.0])
