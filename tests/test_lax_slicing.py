"""Slicing primitives (rev, pad, slice, dynamic_slice, dynamic_update_slice, gather, scatter)
against NumPy references, eagerly and under jit."""

import itertools

import numpy as onp
import pytest

import xnp
from xnp import lax

GDN = lax.GatherDimensionNumbers
SDN = lax.ScatterDimensionNumbers

RNG = onp.random.RandomState(0)
X34 = onp.arange(12.0).reshape(3, 4)
X345 = RNG.randint(-50, 50, size=(3, 4, 5)).astype(onp.float64)


def both(fn, *args):
    """fn(*args) eagerly and under jit (all args traced), as NumPy arrays."""
    return onp.asarray(fn(*args)), onp.asarray(xnp.jit(fn)(*args))


def check(fn, args, expected):
    for got in both(fn, *args):
        assert got.shape == expected.shape
        assert got.dtype == expected.dtype
        onp.testing.assert_array_equal(got, expected)


# ----------------------------------------------------------------------------- rev, pad, slice


@pytest.mark.parametrize("dims", [(), (0,), (1,), (0, 1), (-1,)])
def test_rev(dims):
    check(lambda x: lax.rev(x, dims), [X34], onp.flip(X34, dims) if dims else X34)


def np_pad(x, value, config):
    """NumPy reference for lax.pad (negative edges crop, interior inserts)."""
    for axis, (lo, hi, interior) in enumerate(config):
        n = x.shape[axis]
        size = n + max(n - 1, 0) * interior
        shape = list(x.shape)
        shape[axis] = size
        out = onp.full(shape, value, x.dtype)
        idx = [slice(None)] * x.ndim
        idx[axis] = slice(None, None, interior + 1)
        out[tuple(idx)] = x
        if lo >= 0:
            pads = [(0, 0)] * x.ndim
            pads[axis] = (lo, 0)
            out = onp.pad(out, pads, constant_values=value)
        else:
            out = onp.take(out, range(-lo, out.shape[axis]), axis=axis)
        if hi >= 0:
            pads = [(0, 0)] * x.ndim
            pads[axis] = (0, hi)
            out = onp.pad(out, pads, constant_values=value)
        else:
            out = onp.take(out, range(0, out.shape[axis] + hi), axis=axis)
        x = out
    return x


PAD_CONFIGS = [
    ((0, 0, 0), (0, 0, 0)),
    ((1, 2, 0), (0, 1, 0)),
    ((0, 0, 1), (2, 0, 2)),
    ((-1, 0, 0), (0, -2, 0)),
    ((-1, 1, 1), (1, -3, 1)),
    ((2, -4, 0), (0, 0, 0)),
]


@pytest.mark.parametrize("config", PAD_CONFIGS)
def test_pad(config):
    check(lambda x: lax.pad(x, -1.0, config), [X34], np_pad(X34, -1.0, config))


def test_pad_errors():
    x = xnp.asarray(X34)
    with pytest.raises(ValueError, match="negative dimension"):
        lax.pad(x, 0.0, [(-3, -2, 0), (0, 0, 0)])
    with pytest.raises(ValueError, match="interior"):
        lax.pad(x, 0.0, [(0, 0, -1), (0, 0, 0)])
    with pytest.raises(ValueError, match="one \\(low, high, interior\\)"):
        lax.pad(x, 0.0, [(0, 0, 0)])
    with pytest.raises(TypeError, match="padding_value dtype"):
        lax.pad(x, xnp.asarray(onp.int32(0)), [(0, 0, 0), (0, 0, 0)])


SLICES = [
    ((0, 0), (3, 4), None),
    ((1, 1), (3, 3), None),
    ((0, 1), (3, 4), (2, 2)),
    ((2, 0), (2, 4), (1, 3)),
]


@pytest.mark.parametrize("start,limit,strides", SLICES)
def test_slice(start, limit, strides):
    st = strides or (1, 1)
    expected = X34[start[0] : limit[0] : st[0], start[1] : limit[1] : st[1]]
    check(lambda x: lax.slice(x, start, limit, strides), [X34], expected)


@pytest.mark.parametrize(
    "start,limit,strides",
    [((0, 0), (4, 4), None), ((2, 0), (1, 4), None), ((0, 0), (3, 4), (0, 1)), ((0,), (3,), None)],
)
def test_slice_errors(start, limit, strides):
    with pytest.raises(ValueError, match="slice"):
        lax.slice(xnp.asarray(X34), start, limit, strides)


def test_slice_in_dim_and_index_in_dim():
    x = xnp.asarray(X345)
    onp.testing.assert_array_equal(lax.slice_in_dim(x, 1, None, 2, axis=2), X345[:, :, 1::2])
    onp.testing.assert_array_equal(lax.slice_in_dim(x, -2, None, axis=0), X345[-2:])
    onp.testing.assert_array_equal(lax.index_in_dim(x, -1, axis=1), X345[:, -1:])
    onp.testing.assert_array_equal(lax.index_in_dim(x, 2, axis=1, keepdims=False), X345[:, 2])
    with pytest.raises(IndexError):
        lax.index_in_dim(x, 4, axis=1)


# ----------------------------------------------------------------------------- dynamic slices


def np_dynamic_slice(x, starts, sizes):
    starts = [s + d if s < 0 else s for s, d in zip(starts, x.shape)]
    starts = [min(max(s, 0), d - n) for s, d, n in zip(starts, x.shape, sizes)]
    return x[tuple(slice(s, s + n) for s, n in zip(starts, sizes))], starts


DYN_STARTS = [(0, 0), (1, 2), (2, 3), (5, -1), (-2, 9), (-10, 0)]


@pytest.mark.parametrize("starts", DYN_STARTS)
def test_dynamic_slice(starts):
    expected, _ = np_dynamic_slice(X34, starts, (2, 2))
    i, j = (onp.int32(s) for s in starts)
    check(lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 2)), [X34, i, j], expected)
    check(lambda x: lax.dynamic_slice(x, starts, (2, 2)), [X34], expected)


@pytest.mark.parametrize("starts", DYN_STARTS)
def test_dynamic_update_slice(starts):
    update = -onp.ones((2, 3))
    _, clamped = np_dynamic_slice(X34, starts, update.shape)
    expected = X34.copy()
    expected[clamped[0] : clamped[0] + 2, clamped[1] : clamped[1] + 3] = update
    i, j = (onp.int64(s) for s in starts)
    fn = lambda x, u, i, j: lax.dynamic_update_slice(x, u, (i, j))  # noqa: E731
    check(fn, [X34, update, i, j], expected)


def test_dynamic_in_dim_wrappers():
    x = xnp.asarray(X345)
    onp.testing.assert_array_equal(lax.dynamic_slice_in_dim(x, 1, 2, axis=2), X345[:, :, 1:3])
    onp.testing.assert_array_equal(
        lax.dynamic_index_in_dim(x, onp.int32(-1), axis=1, keepdims=False), X345[:, -1]
    )
    got = lax.dynamic_update_index_in_dim(x, onp.zeros((3, 5)), 2, axis=1)
    expected = X345.copy()
    expected[:, 2] = 0
    onp.testing.assert_array_equal(got, expected)
    got = lax.dynamic_update_slice_in_dim(x, onp.zeros((1, 4, 5)), 2, axis=0)
    expected = X345.copy()
    expected[2] = 0
    onp.testing.assert_array_equal(got, expected)


def test_dynamic_slice_errors():
    x = xnp.asarray(X34)
    with pytest.raises(ValueError, match="slice_sizes"):
        lax.dynamic_slice(x, (0, 0), (4, 1))
    with pytest.raises(ValueError, match="start indices"):
        lax.dynamic_slice(x, (0,), (1, 1))
    with pytest.raises(TypeError, match="integers"):
        lax.dynamic_slice(x, (onp.float32(0), onp.float32(1)), (1, 1))
    with pytest.raises(ValueError, match="fit inside"):
        lax.dynamic_update_slice(x, onp.zeros((4, 1)), (0, 0))
    with pytest.raises(TypeError, match="update dtype"):
        lax.dynamic_update_slice(x, onp.zeros((1, 1), onp.float32), (0, 0))


# ----------------------------------------------------------------------------- gather


def _starts(operand_shape, index_vector, batch, dn_map, op_bdims, idx_bdims):
    start = [0] * len(operand_shape)
    for d, i in zip(dn_map, index_vector):
        start[d] = int(i)
    for od, idim in zip(op_bdims, idx_bdims):
        start[od] = batch[idim]
    return start


def np_gather(operand, indices, dn, slice_sizes, mode):
    """XLA Gather semantics, one batch position at a time."""
    batch_shape = indices.shape[:-1]
    dropped = set(dn.collapsed_slice_dims) | set(dn.operand_batching_dims)
    slices = []
    fill = onp.nan if operand.dtype.kind == "f" else onp.iinfo(operand.dtype).min
    for b in itertools.product(*map(range, batch_shape)):
        start = _starts(operand.shape, indices[b], b, dn.start_index_map,
                        dn.operand_batching_dims, dn.start_indices_batching_dims)  # fmt: skip
        oob = any(
            not 0 <= start[d] <= operand.shape[d] - slice_sizes[d] for d in dn.start_index_map
        )
        start = [min(max(s, 0), d - n) for s, d, n in zip(start, operand.shape, slice_sizes)]
        sl = operand[tuple(slice(s, s + n) for s, n in zip(start, slice_sizes))]
        if oob and mode == "fill":
            sl = onp.full_like(sl, fill)
        sl = sl.reshape([n for i, n in enumerate(sl.shape) if i not in dropped])
        slices.append(sl)
    offset_shape = [n for i, n in enumerate(slice_sizes) if i not in dropped]
    out = onp.array(slices).reshape(batch_shape + tuple(offset_shape))
    # out is (batch..., offset...): move offset axes to offset_dims.
    nb = len(batch_shape)
    return onp.moveaxis(out, list(range(nb, out.ndim)), list(dn.offset_dims))


GATHERS = [
    # rows of a matrix
    (X34, [[0], [2], [1]], GDN((1,), (0,), (0,)), (1, 4)),
    # single elements
    (X34, [[0, 1], [2, 3], [1, 0]], GDN((), (0, 1), (0, 1)), (1, 1)),
    # windows, offset axes first
    (X34, [[0, 1], [1, 2]], GDN((0, 1), (), (0, 1)), (2, 2)),
    # out-of-bounds starts (clamped / filled)
    (X34, [[3], [-1], [5]], GDN((1,), (0,), (0,)), (1, 4)),
    (X345, [[[1, 4]], [[2, 0]]], GDN((2,), (1, 2), (1, 2)), (3, 1, 1)),
    (X345, [[2, 0], [0, 1]], GDN((0, 2), (1,), (1, 2)), (3, 1, 3)),
    # batching dims: per-row index into the last axis
    (X34, [[1], [3], [0]], GDN((), (1,), (1,), (0,), (0,)), (1, 1)),
    (X345, [[[4], [0], [1], [2]]] * 3, GDN((), (2,), (2,), (0, 1), (0, 1)), (1, 1, 1)),
]


@pytest.mark.parametrize("case", range(len(GATHERS)))
@pytest.mark.parametrize("mode", ["clip", "fill"])
def test_gather(case, mode):
    operand, indices, dn, sizes = GATHERS[case]
    indices = onp.asarray(indices, onp.int32)
    expected = np_gather(operand, indices, dn, sizes, mode)
    check(lambda x, i: lax.gather(x, i, dn, sizes, mode=mode), [operand, indices], expected)


def test_gather_fill_value_and_default_mode():
    dn = GDN((1,), (0,), (0,))
    idx = onp.array([[1], [7]])
    got = lax.gather(X34.astype(onp.int32), idx, dn, (1, 4), fill_value=-3)
    onp.testing.assert_array_equal(got, [[4, 5, 6, 7], [-3, -3, -3, -3]])
    got = lax.gather(X34, idx, dn, (1, 4))  # the default mode fills (NaN for floats)
    assert onp.isnan(onp.asarray(got)[1]).all()
    got = lax.gather(X34.astype(onp.uint8), idx, dn, (1, 4))
    onp.testing.assert_array_equal(onp.asarray(got)[1], 255)


def test_gather_empty():
    dn = GDN((1,), (0,), (0,))
    got = lax.gather(X34, onp.zeros((0, 1), onp.int32), dn, (1, 4))
    assert got.shape == (0, 4)


GATHER_ERRORS = [
    (GDN((1,), (0,), (0,)), (2, 4), ValueError, "slice size 1"),
    (GDN((1,), (0,), (0, 1)), (1, 4), ValueError, "start_index_map"),
    (GDN((2,), (0,), (0,)), (1, 4), ValueError, "offset_dims"),
    (GDN((), (0,), (0,)), (1, 4), ValueError, "offset_dims"),
    (GDN((1, 1), (0,), (0,)), (1, 4), ValueError, "repeated"),
    (GDN((1,), (0,), (0,)), (1, 5), ValueError, "out of range"),
    (GDN((1,), (2,), (0,)), (1, 4), ValueError, "collapsed_slice_dims"),
    (GDN((), (0,), (0,), (1,), (0,)), (1, 1), ValueError, "size"),
]


@pytest.mark.parametrize("dn,sizes,err,match", GATHER_ERRORS)
def test_gather_errors(dn, sizes, err, match):
    with pytest.raises(err, match=match):
        lax.gather(X34, onp.array([[0], [1]]), dn, sizes)


def test_gather_bad_operands():
    dn = GDN((1,), (0,), (0,))
    with pytest.raises(TypeError, match="indices must be integers"):
        lax.gather(X34, onp.array([[0.0]]), dn, (1, 4))
    with pytest.raises(ValueError, match="at least one dimension"):
        lax.gather(X34, onp.int32(0), dn, (1, 4))
    with pytest.raises(TypeError, match="GatherDimensionNumbers"):
        lax.gather(X34, onp.array([[0]]), ((1,), (0,), (0,)), (1, 4))
    with pytest.raises(ValueError, match="unknown gather/scatter mode"):
        lax.gather(X34, onp.array([[0]]), dn, (1, 4), mode="wrap")


def test_gather_in_jaxpr():
    dn = GDN((1,), (0,), (0,))
    text = str(xnp.make_jaxpr(lambda x, i: lax.gather(x, i, dn, (1, 4), mode="clip"))(
        X34, onp.array([[0]])))  # fmt: skip
    assert "gather[" in text and "GatherScatterMode.CLIP" in text


# ----------------------------------------------------------------------------- scatter

NP_COMBINE = {
    "scatter": lambda old, new: new,
    "scatter_add": onp.add,
    "scatter_mul": onp.multiply,
    "scatter_min": onp.minimum,
    "scatter_max": onp.maximum,
}


def np_scatter(name, operand, indices, updates, dn, mode):
    out = operand.copy()
    window_shape = [
        updates.shape[d] for d in dn.update_window_dims
    ]  # sizes of the non-inserted window axes
    scatter_axes = [d for d in range(updates.ndim) if d not in dn.update_window_dims]
    full_window = []
    it = iter(window_shape)
    for d in range(operand.ndim):
        inserted = d in dn.inserted_window_dims or d in dn.operand_batching_dims
        full_window.append(1 if inserted else next(it))
    for b in itertools.product(*(range(updates.shape[d]) for d in scatter_axes)):
        start = _starts(operand.shape, indices[b], b, dn.scatter_dims_to_operand_dims,
                        dn.operand_batching_dims, dn.scatter_indices_batching_dims)  # fmt: skip
        if mode == "clip":
            start = [min(max(s, 0), d - n) for s, d, n in zip(start, operand.shape, full_window)]
        elif any(not 0 <= s <= d - n for s, d, n in zip(start, operand.shape, full_window)):
            continue
        sel = [slice(None)] * updates.ndim
        for axis, i in zip(scatter_axes, b):
            sel[axis] = i
        upd = updates[tuple(sel)].reshape(full_window)
        region = tuple(slice(s, s + n) for s, n in zip(start, full_window))
        out[region] = NP_COMBINE[name](out[region], upd)
    return out


SCATTERS = [
    # rows (unique)
    (X34, [[0], [2]], (2, 4), SDN((1,), (0,), (0,))),
    # elements with repeats
    (X34, [[0, 1], [2, 3], [0, 1], [1, 0]], (4,), SDN((), (0, 1), (0, 1))),
    # windows with out-of-bounds starts
    (X34, [[0, 1], [2, 3], [-1, 0]], (3, 2, 2), SDN((1, 2), (), (0, 1))),
    # batching dims: per-row element updates
    (X34, [[1], [3], [0]], (3,), SDN((), (1,), (1,), (0,), (0,))),
    (X345, [[4, 1], [0, 0]], (2, 3, 1), SDN((1, 2), (1,), (1, 2))),
]


@pytest.mark.parametrize("case", range(len(SCATTERS)))
@pytest.mark.parametrize("name", list(NP_COMBINE))
@pytest.mark.parametrize("mode", ["drop", "clip"])
def test_scatter(case, name, mode):
    operand, indices, upd_shape, dn = SCATTERS[case]
    indices = onp.asarray(indices, onp.int64)
    if name == "scatter" and case == 1:
        indices = indices[[0, 1, 3]]
        upd_shape = (3,)
    updates = RNG.randint(-9, 9, size=upd_shape).astype(onp.float64)
    expected = np_scatter(name, operand, indices, updates, dn, mode)
    fn = getattr(lax, name)
    check(lambda x, i, u: fn(x, i, u, dn, mode=mode), [operand, indices, updates], expected)


def test_scatter_bool_and_int():
    x = onp.array([False, True, False, False])
    idx = onp.array([[0], [0], [3]])
    dn = SDN((), (0,), (0,))
    onp.testing.assert_array_equal(
        lax.scatter_add(x, idx, onp.array([True, False, True]), dn), [True, True, False, True]
    )
    onp.testing.assert_array_equal(
        lax.scatter_mul(onp.arange(4), idx, onp.array([2, 3, 4]), dn), [0, 1, 2, 12]
    )


SCATTER_ERRORS = [
    (SDN((1,), (0,), (0,)), (2, 5), ValueError, "larger than the operand"),
    (SDN((1,), (0,), (0,)), (3, 4), ValueError, "does not match indices"),
    (SDN((0,), (0,), (0,)), (2, 4), ValueError, "update_window_dims"),
    (SDN((1,), (0,), (2,)), (2, 4), ValueError, "scatter_dims_to_operand_dims"),
    (SDN((), (1,), (1,), (0,), (0,)), (2,), ValueError, "differ in size"),
    (SDN((), (0,), (0,)), (2, 4), ValueError, "update_window_dims"),
]


@pytest.mark.parametrize("dn,upd_shape,err,match", SCATTER_ERRORS)
def test_scatter_errors(dn, upd_shape, err, match):
    with pytest.raises(err, match=match):
        lax.scatter_add(X34, onp.array([[0], [1]]), onp.zeros(upd_shape), dn)


def test_scatter_dtype_errors():
    dn = SDN((1,), (0,), (0,))
    with pytest.raises(TypeError, match="updates dtype"):
        lax.scatter(X34, onp.array([[0]]), onp.zeros((1, 4), onp.float32), dn)
    with pytest.raises(TypeError, match="scatter_max does not accept dtype complex"):
        lax.scatter_max(X34.astype(complex), onp.array([[0]]), onp.zeros((1, 4), complex), dn)
    with pytest.raises(TypeError, match="indices must be integers"):
        lax.scatter(X34, onp.array([[0.5]]), onp.zeros((1, 4)), dn)


def test_scatter_empty_updates():
    dn = SDN((1,), (0,), (0,))
    got = lax.scatter_add(X34, onp.zeros((0, 1), onp.int32), onp.zeros((0, 4)), dn)
    onp.testing.assert_array_equal(got, X34)
