"""Tests for lax reductions (reduce_*, argmax, argmin) and dot_general, against NumPy."""

from __future__ import annotations

from typing import Any

import ml_dtypes
import numpy as onp
import pytest

import xnp
from xnp import lax

ALL = [onp.bool_, onp.int8, onp.int16, onp.int32, onp.int64, onp.uint8, onp.uint16, onp.uint32,
       onp.uint64, onp.float16, ml_dtypes.bfloat16, onp.float32, onp.float64, onp.complex64,
       onp.complex128]  # fmt: skip


def _name(dtype: Any) -> str:
    return onp.dtype(dtype).name


def _data(shape: tuple[int, ...], dtype: Any, seed: int = 0, small: bool = False) -> onp.ndarray:
    rng = onp.random.default_rng(seed)
    dtype = onp.dtype(dtype)
    if dtype == onp.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        hi = 3 if small else 50
        lo = 0 if dtype.kind == "u" else -hi
        return rng.integers(lo, hi + 1, shape).astype(dtype)
    x = rng.standard_normal(shape)
    if dtype.kind == "c":
        x = x + 1j * rng.standard_normal(shape)
    return x.astype(dtype)


def _value(x: Any) -> onp.ndarray:
    if x.dtype == ml_dtypes.bfloat16:  # read through float32 (exact)
        x = lax.convert_element_type(x, onp.float32)
    return onp.asarray(x)


def _check(got: Any, want: onp.ndarray, dtype: Any) -> None:
    dtype = onp.dtype(dtype)
    assert got.dtype == dtype and got.shape == want.shape, (got.dtype, got.shape, want.shape)
    got = _value(got)
    if dtype.kind in "fc" or dtype == ml_dtypes.bfloat16:
        tol = {2: 2e-2, 4: 1e-5, 8: 1e-5, 16: 1e-12}[dtype.itemsize]
        tol = 1e-12 if dtype == onp.float64 else tol
        onp.testing.assert_allclose(got, want.astype(got.dtype), rtol=tol, atol=tol)
    else:
        onp.testing.assert_array_equal(got, want.astype(dtype))


def _both(f: Any, *args: Any) -> list[Any]:
    return [f(*args), xnp.jit(f)(*args)]


# ----------------------------------------------------------------------------- reduce_*

MONOIDS = {
    "reduce_sum": (lax.reduce_sum, onp.add, ALL[1:]),
    "reduce_prod": (lax.reduce_prod, onp.multiply, ALL[1:]),
    "reduce_max": (lax.reduce_max, onp.maximum, ALL),
    "reduce_min": (lax.reduce_min, onp.minimum, ALL),
    "reduce_and": (lax.reduce_and, onp.bitwise_and, ALL[:9]),
    "reduce_or": (lax.reduce_or, onp.bitwise_or, ALL[:9]),
    "reduce_xor": (lax.reduce_xor, onp.bitwise_xor, ALL[:9]),
}
CASES = [(n, d) for n, (_, _, ds) in MONOIDS.items() for d in ds]


def _identity(name: str, dtype: onp.dtype) -> Any:
    sign = -1 if name == "reduce_max" else 1
    if dtype == onp.bool_:
        return sign > 0
    if dtype.kind in "iu":
        return onp.iinfo(dtype).min if sign < 0 else onp.iinfo(dtype).max
    if dtype.kind == "c":
        return complex(sign * onp.inf, sign * onp.inf)
    return sign * onp.inf


def _ref_reduce(ufunc: Any, x: onp.ndarray, axes: tuple[int, ...]) -> onp.ndarray:
    wide = x.astype(onp.float64) if x.dtype in (onp.float16, ml_dtypes.bfloat16) else x
    if x.dtype.kind == "c" and ufunc in (onp.maximum, onp.minimum):
        out = wide
        for a in sorted(axes, reverse=True):
            out = ufunc.reduce(out, axis=a)
        return out
    return ufunc.reduce(wide, axis=axes, dtype=wide.dtype)


@pytest.mark.parametrize("name, dtype", CASES, ids=[f"{n}-{_name(d)}" for n, d in CASES])
@pytest.mark.parametrize("shape, axes", [((3, 4), (1,)), ((2, 3, 4), (0, 2)), ((5,), (0,)),
                                         ((2, 0, 3), (1,)), ((2, 3), ())])  # fmt: skip
def test_reduce_monoids(name: str, dtype: Any, shape: tuple, axes: tuple) -> None:
    fn, ufunc, _ = MONOIDS[name]
    x = _data(shape, dtype, small=name == "reduce_prod")
    if 0 in shape and name in ("reduce_max", "reduce_min"):
        # An empty max/min is the monoid's identity (NumPy raises instead).
        out_shape = tuple(d for i, d in enumerate(shape) if i not in axes)
        want = onp.full(out_shape, _identity(name, onp.dtype(dtype)))
    else:
        want = _ref_reduce(ufunc, x, axes)
    for got in _both(lambda x: fn(x, axes), x):
        _check(got, onp.asarray(want), dtype)


@pytest.mark.parametrize("fn, ufunc", [(lax.reduce_max, onp.maximum), (lax.reduce_min,
                                                                        onp.minimum)])  # fmt: skip
def test_reduce_max_min_propagate_nan(fn: Any, ufunc: Any) -> None:
    x = onp.array([[1.0, onp.nan, 3.0], [-onp.inf, 2.0, onp.inf]])
    _check(fn(x, (1,)), ufunc.reduce(x, axis=1), onp.float64)


@pytest.mark.parametrize("dtype", [onp.complex64, onp.complex128])
@pytest.mark.parametrize("fn, ufunc", [(lax.reduce_max, onp.maximum), (lax.reduce_min,
                                                                        onp.minimum)])  # fmt: skip
def test_reduce_max_min_complex_lexicographic(fn: Any, ufunc: Any, dtype: Any) -> None:
    nan = onp.nan
    x = onp.array([[1 + 2j, 1 + 1j, 1 - 1j, 0.5 + 9j], [2 - 1j, 2 - 3j, 2 + 0j, 2 + 0j],
                   [1 + 2j, complex(3, nan), -9j, 5 + 0j]], dtype)  # fmt: skip
    want = onp.array([ufunc.reduce(row) for row in x])
    for got in _both(lambda x: fn(x, (1,)), x):
        _check(got, want, dtype)


def test_reduce_errors() -> None:
    with pytest.raises(TypeError, match="reduce_and does not accept dtype float64"):
        lax.reduce_and(onp.ones(3), (0,))
    with pytest.raises(TypeError, match="reduce_sum does not accept dtype bool"):
        lax.reduce_sum(onp.ones(3, bool), (0,))
    with pytest.raises(ValueError, match="axis 2 is out of bounds"):
        lax.reduce_sum(onp.ones((2, 2)), (2,))
    with pytest.raises(ValueError, match="repeated axis"):
        xnp.jit(lambda x: lax.reduce_sum(x, (0, 0)))(onp.ones((2, 2)))


# ----------------------------------------------------------------------------- argmax, argmin

ARG_DTYPES = [d for d in ALL if d is not ml_dtypes.bfloat16]


@pytest.mark.parametrize("dtype", ARG_DTYPES, ids=[_name(d) for d in ARG_DTYPES])
@pytest.mark.parametrize("fn, ref", [(lax.argmax, onp.argmax), (lax.argmin, onp.argmin)])
@pytest.mark.parametrize("shape, axis", [((4, 7), 1), ((6, 3), 0), ((9,), 0)])
def test_argmax_argmin(dtype: Any, fn: Any, ref: Any, shape: tuple, axis: int) -> None:
    x = _data(shape, dtype, small=True)  # small ints: many ties
    want = ref(x, axis=axis)
    for index_dtype in (onp.int32, onp.int64):
        for got in _both(lambda x: fn(x, axis, index_dtype), x):  # noqa: B023
            _check(got, want, index_dtype)


@pytest.mark.parametrize("dtype", [onp.float16, onp.float32, onp.float64, onp.complex128])
@pytest.mark.parametrize("fn, ref", [(lax.argmax, onp.argmax), (lax.argmin, onp.argmin)])
def test_argmax_argmin_nan_and_ties(dtype: Any, fn: Any, ref: Any) -> None:
    nan, inf = onp.nan, onp.inf
    rows = [
        [1.0, nan, 3.0, nan],
        [nan, nan, nan, nan],
        [-inf, -inf, -inf, -inf],
        [inf, inf, inf, inf],
        [2.0, 5.0, 5.0, 1.0],
        [1.0, 1.0, 0.0, 0.0],
        [0.0, -0.0, 0.0, -0.0],
        [-inf, 2.0, inf, nan],
    ]
    x = onp.array(rows, dtype)
    if onp.dtype(dtype).kind == "c":
        x = x + 1j * onp.array([[0.0, 1.0, -1.0, 0.0]] * len(rows))
        x = onp.concatenate([x, onp.array([[complex(1, 2), complex(1, 3), complex(1, nan),
                                            complex(1, 3)]], dtype)])  # fmt: skip
    for got in _both(lambda x: fn(x, 1, onp.int32), x):
        _check(got, ref(x, axis=1), onp.int32)
    for got in _both(lambda x: fn(x, 0, onp.int32), x.T):
        _check(got, ref(x.T, axis=0), onp.int32)


def test_arg_errors() -> None:
    with pytest.raises(ValueError, match="empty axis"):
        lax.argmax(onp.ones((2, 0)), 1, onp.int32)
    with pytest.raises(TypeError, match="index_dtype must be an integer"):
        lax.argmin(onp.ones(3), 0, onp.float32)
    with pytest.raises(ValueError, match="out of bounds"):
        lax.argmax(onp.ones(3), 1, onp.int32)


# ----------------------------------------------------------------------------- dot_general

DOT_DIMS = [
    ((3, 4), (4, 5), (((1,), (0,)), ((), ()))),
    ((2, 3, 4), (2, 4, 5), (((2,), (1,)), ((0,), (0,)))),
    ((4, 2, 3), (3, 5, 2), (((2,), (0,)), ((1,), (2,)))),
    ((2, 3, 4, 5), (5, 2, 4, 6), (((2, 3), (2, 0)), ((0,), (1,)))),
    ((3,), (3,), (((0,), (0,)), ((), ()))),
    ((2, 3), (4,), (((), ()), ((), ()))),
    ((0, 3), (3, 2), (((1,), (0,)), ((), ()))),
    ((2, 0), (0, 3), (((1,), (0,)), ((), ()))),
]


def _ref_dot(lhs: onp.ndarray, rhs: onp.ndarray, dn: tuple, out_dtype: Any) -> onp.ndarray:
    (lc, rc), (lb, rb) = dn
    letters = iter("abcdefghijklmnop")
    ls = [next(letters) for _ in range(lhs.ndim)]
    rs = [next(letters) for _ in range(rhs.ndim)]
    for a, b in zip(lc + lb, rc + rb, strict=True):
        rs[b] = ls[a]
    out = ([ls[a] for a in lb] + [c for i, c in enumerate(ls) if i not in lc + lb]
           + [c for i, c in enumerate(rs) if i not in rc + rb])  # fmt: skip
    spec = f"{''.join(ls)},{''.join(rs)}->{''.join(out)}"
    out_dtype = onp.dtype(out_dtype)
    if out_dtype == onp.bool_:
        return onp.einsum(spec, lhs.astype(onp.int64), rhs.astype(onp.int64)) != 0
    wide = onp.complex128 if out_dtype.kind == "c" else onp.float64
    if out_dtype.kind in "iu":
        wide = onp.int64 if out_dtype.kind == "i" else onp.uint64
    return onp.einsum(spec, lhs.astype(wide), rhs.astype(wide))


# Every dtype on two contractions; every contraction on two dtypes.
DOT_CASES = [
    pytest.param(d, *dims, id=f"{_name(d)}-dn{i}")
    for d in ALL
    for i, dims in enumerate(DOT_DIMS)
    if onp.dtype(d) in (onp.float64, onp.int32) or i in (1, 4)
]


@pytest.mark.parametrize("dtype, lshape, rshape, dn", DOT_CASES)
def test_dot_general(dtype: Any, lshape: tuple, rshape: tuple, dn: tuple) -> None:
    lhs, rhs = _data(lshape, dtype, 0, small=True), _data(rshape, dtype, 1, small=True)
    want = _ref_dot(lhs, rhs, dn, dtype)
    for got in _both(lambda x, y: lax.dot_general(x, y, dn), lhs, rhs):
        _check(got, want, dtype)


@pytest.mark.parametrize(
    "dtype, pet",
    [
        (onp.int8, onp.int32),
        (onp.int8, onp.float32),
        (onp.uint8, onp.uint32),
        (onp.int16, onp.int64),
        (onp.float16, onp.float32),
        (ml_dtypes.bfloat16, onp.float32),
        (onp.float32, onp.float64),
        (onp.int32, onp.float64),
        (onp.complex64, onp.complex128),
        (onp.bool_, onp.int32),
    ],  # fmt: skip
    ids=lambda d: _name(d),
)
def test_dot_general_preferred_element_type(dtype: Any, pet: Any) -> None:
    dn = (((2,), (1,)), ((0,), (0,)))
    lhs, rhs = _data((2, 3, 20), dtype, 0), _data((2, 20, 4), dtype, 1)
    if onp.dtype(dtype) == onp.int8:
        lhs, rhs = lhs * 2, rhs * 2  # products overflow int8 but not the result type
    want = _ref_dot(lhs.astype(pet), rhs.astype(pet), dn, pet)
    for got in _both(lambda x, y: lax.dot_general(x, y, dn, preferred_element_type=pet),
                     lhs, rhs):  # fmt: skip
        _check(got, want, pet)


def test_dot_general_mixed_operands_and_dot() -> None:
    lhs, rhs = _data((3, 4), onp.float32), _data((4, 2), onp.float16)
    got = lax.dot_general(lhs, rhs, (((1,), (0,)), ((), ())), preferred_element_type=onp.float64)
    _check(got, lhs.astype(onp.float64) @ rhs.astype(onp.float64), onp.float64)
    a, b = _data((3, 4), onp.float64), _data((4,), onp.float64)
    _check(lax.dot(a, b), a @ b, onp.float64)
    _check(xnp.jit(lax.dot)(a, a.T), a @ a.T, onp.float64)
    text = str(xnp.make_jaxpr(lambda x, y: lax.dot(x, y))(a, b))
    assert "dot_general" in text


DOT_ERRORS = [
    ((3, 4), (5, 2), (((1,), (0,)), ((), ())), ValueError, r"contracting dimensions differ"),
    ((2, 3, 4), (3, 4, 5), (((2,), (1,)), ((0,), (0,))), ValueError, "batch dimensions differ"),
    ((3, 4), (4, 2), (((2,), (0,)), ((), ())), ValueError, "out of range"),
    ((3, 4), (4, 2), (((1, 1), (0, 0)), ((), ())), ValueError, "repeated"),
    ((3, 4), (4, 2), (((1,), (0, 1)), ((), ())), ValueError, "as many"),
]


@pytest.mark.parametrize("lshape, rshape, dn, exc, match", DOT_ERRORS)
def test_dot_general_errors(lshape: tuple, rshape: tuple, dn: tuple, exc: type, match: str):
    with pytest.raises(exc, match=match):
        lax.dot_general(onp.ones(lshape), onp.ones(rshape), dn)
    with pytest.raises(exc, match=match):
        xnp.jit(lambda x, y: lax.dot_general(x, y, dn))(onp.ones(lshape), onp.ones(rshape))
    with pytest.raises(TypeError, match="same dtype"):
        lax.dot_general(onp.ones((2, 2)), onp.ones((2, 2), onp.float32), (((1,), (0,)), ((), ())))
    with pytest.raises(TypeError, match="rank 1 or 2"):
        lax.dot(onp.ones((2, 2, 2)), onp.ones(2))
