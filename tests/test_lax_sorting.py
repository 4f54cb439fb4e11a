"""Tests for lax.sort (one or several operands, lexicographic keys), sort_key_val and top_k."""

from __future__ import annotations

import math
from typing import Any

import numpy as onp
import pytest

import xnp
from xnp import lax

DTYPES = [onp.bool_, onp.int8, onp.int32, onp.int64, onp.uint8, onp.uint16, onp.uint64,
          onp.float16, onp.float32, onp.float64, onp.complex64, onp.complex128]  # fmt: skip


def _data(shape: tuple[int, ...], dtype: Any, seed: int = 0) -> onp.ndarray:
    """Values with many ties and, for inexact dtypes, NaN, ±inf and ±0.0."""
    rng = onp.random.default_rng(seed)
    dtype = onp.dtype(dtype)
    if dtype == onp.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        info = onp.iinfo(dtype)
        pool = onp.array([info.min, info.max, 0, 1, 2, 3, info.max // 2], dtype)
        return rng.choice(pool, shape)
    pool = onp.array([onp.nan, onp.inf, -onp.inf, 0.0, -0.0, 1.5, -2.0, 3.0])
    x = rng.choice(pool, shape)
    if dtype.kind == "c":
        x = x + 1j * rng.choice(pool[[0, 3, 4, 5, 6]], shape)
    return x.astype(dtype)


def _same(got: Any, want: onp.ndarray) -> None:
    """Bitwise equality (NaN == NaN, and -0.0 is told from 0.0)."""
    got = onp.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape)
    if want.dtype.kind in "fc":
        parts = [want.real, want.imag] if want.dtype.kind == "c" else [want]
        gparts = [got.real, got.imag] if want.dtype.kind == "c" else [got]
        for g, w in zip(gparts, parts, strict=True):
            onp.testing.assert_array_equal(onp.isnan(g), onp.isnan(w))
            onp.testing.assert_array_equal(onp.signbit(g), onp.signbit(w))
            onp.testing.assert_array_equal(g[~onp.isnan(g)], w[~onp.isnan(w)])
    else:
        onp.testing.assert_array_equal(got, want)


def _both(f: Any, *args: Any) -> list[Any]:
    return [f(*args), xnp.jit(f)(*args)]


@pytest.mark.parametrize("dtype", DTYPES, ids=[onp.dtype(d).name for d in DTYPES])
@pytest.mark.parametrize("shape, dimension", [((17,), 0), ((4, 9), 1), ((6, 3, 5), 0),
                                              ((3, 4, 5), -2)])  # fmt: skip
def test_sort_matches_numpy_stable_sort(dtype: Any, shape: tuple, dimension: int) -> None:
    x = _data(shape, dtype)
    perm = onp.argsort(x, axis=dimension, kind="stable")
    want = onp.take_along_axis(x, perm, dimension)
    for got in _both(lambda x: lax.sort(x, dimension), x):
        _same(got, want)
    iota = onp.broadcast_to(
        onp.arange(shape[dimension]).reshape([-1] + [1] * (len(shape) - dimension % len(shape)
                                                           - 1)), shape)  # fmt: skip
    for keys, vals in _both(lambda x, i: lax.sort_key_val(x, i, dimension), x, iota):
        _same(keys, want)
        _same(vals, perm)


def test_sort_float_order_details() -> None:
    x = onp.array([3.0, onp.nan, -0.0, 0.0, 1.0, -onp.inf, -onp.nan, 0.0, -0.0, onp.inf])
    keys, idx = lax.sort_key_val(x, onp.arange(x.size))
    # -0.0 and 0.0 tie (the stable sort keeps their order); every NaN goes last.
    onp.testing.assert_array_equal(onp.asarray(idx), [5, 2, 3, 7, 8, 4, 0, 9, 1, 6])
    c = onp.array([complex(1, onp.nan), complex(onp.nan, 1), complex(1, 1), complex(onp.nan, 0),
                   complex(1, -1), complex(onp.nan, onp.nan), complex(0, onp.nan)])  # fmt: skip
    _same(lax.sort(c), onp.sort(c, kind="stable"))


@pytest.mark.parametrize("num_keys", [1, 2, 3])
@pytest.mark.parametrize("dtypes", [(onp.int32, onp.float64, onp.uint8),
                                    (onp.float32, onp.bool_, onp.int64),
                                    (onp.complex64, onp.int8, onp.float16)])  # fmt: skip
def test_sort_multiple_keys_matches_lexsort(num_keys: int, dtypes: tuple) -> None:
    ops = [_data((3, 20), d, seed=i) for i, d in enumerate(dtypes)]
    iota = onp.broadcast_to(onp.arange(20), (3, 20))

    def f(*ops: Any) -> Any:
        return lax.sort(ops, dimension=1, num_keys=num_keys)

    keys = ops[:num_keys]
    # np.lexsort's last key is primary; NaN sorts last in NumPy's lexsort too.
    perm = onp.stack([onp.lexsort([k[r] for k in reversed(keys)]) for r in range(3)])
    for outs in _both(f, *ops, iota):
        assert isinstance(outs, tuple) and len(outs) == 4
        for got, x in zip(outs, [*ops, iota], strict=True):
            _same(got, onp.take_along_axis(x, perm, 1))


def test_sort_unstable_and_edge_shapes() -> None:
    x = _data((50,), onp.float64)
    # Unstable: -0.0 and 0.0 may come in either order, so compare values only.
    onp.testing.assert_array_equal(onp.asarray(lax.sort(x, is_stable=False)), onp.sort(x))
    _same(lax.sort(onp.zeros((0, 3)), 0), onp.zeros((0, 3)))
    _same(lax.sort(onp.array([2.0])), onp.array([2.0]))
    text = str(xnp.make_jaxpr(lambda x: lax.sort((x, x), num_keys=2))(x))
    assert "sort[dimension=0 is_stable=True num_keys=2]" in text


def _ref_top_k(x: onp.ndarray, k: int) -> tuple[onp.ndarray, onp.ndarray]:
    """Largest first, lower index first among ties, every NaN largest, -0.0 == 0.0."""
    vals, idxs = [], []
    for row in x.reshape(-1, x.shape[-1]):

        def key(i: int, row: onp.ndarray = row) -> tuple:
            v = row[i]
            if row.dtype.kind == "f" and math.isnan(v):
                return (0, 0, i)
            return (1, -(int(v) if row.dtype.kind in "iub" else float(v)), i)

        order = sorted(range(row.size), key=key)[:k]
        vals.append(row[order])
        idxs.append(order)
    shape = (*x.shape[:-1], k)
    return onp.array(vals, x.dtype).reshape(shape), onp.array(idxs, onp.int32).reshape(shape)


TOPK_DTYPES = [onp.bool_, onp.int8, onp.uint32, onp.int64, onp.float16, onp.float32, onp.float64]


@pytest.mark.parametrize("dtype", TOPK_DTYPES, ids=[onp.dtype(d).name for d in TOPK_DTYPES])
@pytest.mark.parametrize("shape, k", [((10,), 3), ((3, 8), 8), ((2, 3, 6), 1), ((4, 5), 0)])
def test_top_k(dtype: Any, shape: tuple, k: int) -> None:
    x = _data(shape, dtype)
    want_v, want_i = _ref_top_k(x, k)
    for v, i in _both(lambda x: lax.top_k(x, k), x):
        _same(v, want_v)
        _same(i, want_i)


def test_top_k_axis() -> None:
    x = _data((7, 4), onp.float32)
    want_v, want_i = _ref_top_k(x.T, 3)
    for v, i in _both(lambda x: lax.top_k(x, 3, axis=0), x):
        _same(v, want_v.T)
        _same(i, want_i.T)


SORT_ERRORS = [
    (lambda: lax.sort((onp.ones(3), onp.ones(4))), ValueError, r"same shape.*\(3,\).*\(4,\)"),
    (lambda: lax.sort(onp.float64(1.0)), ValueError, "at least one dimension"),
    (lambda: lax.sort(onp.ones((2, 3)), 2), ValueError, "sort: axis 2 is out of bounds"),
    (lambda: lax.sort((onp.ones(3),), num_keys=2), ValueError, "num_keys=2"),
    (lambda: lax.sort((onp.ones(3), onp.ones(3)), num_keys=0), ValueError, "num_keys=0"),
    (lambda: lax.sort(()), TypeError, "at least one operand"),
    (lambda: lax.top_k(onp.ones((2, 3)), 4), ValueError, r"k=4.*size 3.*\(2, 3\)"),
    (lambda: lax.top_k(onp.ones(3), -1), ValueError, "nonnegative"),
    (lambda: lax.top_k(onp.float64(1.0), 1), ValueError, "at least one dimension"),
    (lambda: lax.top_k(onp.ones(3, complex), 1), TypeError, "top_k does not accept dtype"),
    (lambda: xnp.jit(lambda x: lax.top_k(x, 5))(onp.ones(3)), ValueError, "k=5"),
    (
        lambda: xnp.jit(lambda x, y: lax.sort((x, y)))(onp.ones(3), onp.ones(2)),
        ValueError,
        "same shape",
    ),  # fmt: skip
]


@pytest.mark.parametrize("thunk, exc, match", SORT_ERRORS, ids=[e[2] for e in SORT_ERRORS])
def test_sort_errors(thunk: Any, exc: type, match: str) -> None:
    with pytest.raises(exc, match=match):
        thunk()


# ----------------------------------------------------------------------------- derivatives
# (test_ad_matrix.py / test_vmap_matrix.py cover the rows of tests/lax_cases.py)


def test_sort_gradient_is_the_inverse_permutation() -> None:
    x = onp.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]])
    ct = onp.array([[10.0, 20.0, 30.0], [1.0, 2.0, 3.0]])
    (g,) = xnp.vjp(lambda x: lax.sort(x, 1), x)[1](ct)
    onp.testing.assert_array_equal(onp.asarray(g), [[30.0, 10.0, 20.0], [2.0, 1.0, 3.0]])


@pytest.mark.parametrize("is_stable", [True, False])
def test_sort_tangents_follow_the_primal_permutation(is_stable: bool) -> None:
    # Many tied keys: the passive operands' tangents must be permuted exactly as the primal
    # passive operands are, whatever order the ties come out in.
    rng = onp.random.default_rng(0)
    keys = rng.integers(0, 3, (4, 9)).astype(onp.float64)
    vals = rng.standard_normal((4, 9))
    t = rng.standard_normal((4, 9))

    def f(v: Any) -> Any:
        return lax.sort((keys, v, v), 1, is_stable, num_keys=1)

    outs, t_outs = xnp.jvp(f, (vals,), (t,))
    # vals -> t is a bijection per row here, so the permuted tangents pair with the values
    lookup = [dict(zip(vals[r], t[r], strict=True)) for r in range(4)]
    for out, t_out in zip(outs[1:], t_outs[1:], strict=True):
        want = [[lookup[r][v] for v in onp.asarray(out)[r]] for r in range(4)]
        onp.testing.assert_array_equal(onp.asarray(t_out), want)
    assert onp.all(onp.asarray(t_outs[0]) == 0)  # keys were not perturbed


def test_top_k_derivatives() -> None:
    x = onp.array([[1.0, 4.0, 2.0, 3.0], [0.0, -1.0, 5.0, 2.0]])
    t = onp.arange(8.0).reshape(2, 4)
    (values, indices), (t_values, t_indices) = xnp.jvp(lambda x: lax.top_k(x, 2), (x,), (t,))
    onp.testing.assert_array_equal(onp.asarray(t_values), [[1.0, 3.0], [6.0, 7.0]])
    assert onp.asarray(indices).dtype == onp.int32
    g = xnp.grad(lambda x: xnp.sum(lax.top_k(x, 2)[0] * onp.array([10.0, 1.0])))(x)
    onp.testing.assert_array_equal(onp.asarray(g), [[0, 10, 0, 1], [0, 0, 10, 1]])


def test_sort_and_top_k_vmap_along_any_axis() -> None:
    rng = onp.random.default_rng(1)
    k, v = rng.standard_normal((5, 3, 4)), rng.standard_normal((3, 4))
    got = xnp.vmap(lambda k, v: lax.sort((k, v), 0), in_axes=(0, None))(k, v)
    for i in range(5):
        want = lax.sort((k[i], v), 0)
        for a, b in zip(got, want, strict=True):
            onp.testing.assert_array_equal(onp.asarray(a)[i], onp.asarray(b))
    vals, idx = xnp.vmap(lambda x: lax.top_k(x, 2, axis=0), in_axes=2)(k)
    for i in range(4):
        wv, wi = lax.top_k(k[:, :, i], 2, axis=0)
        onp.testing.assert_array_equal(onp.asarray(vals)[i], onp.asarray(wv))
        onp.testing.assert_array_equal(onp.asarray(idx)[i], onp.asarray(wi))
