"""The NumPy layer's basics: creation, repr/str, host conversion, pickling, operators on both
sides with NumPy arrays and Python scalars, ufunc objects, dtype objects, ``out=``."""

from __future__ import annotations

import operator
import pickle

import ml_dtypes
import numpy as onp
import pytest

import xnp

BF16 = onp.dtype(ml_dtypes.bfloat16)


def same(got: object, want: onp.ndarray) -> None:
    assert isinstance(got, xnp.ndarray), type(got)
    want = onp.asarray(want)
    assert got.shape == want.shape and got.dtype == want.dtype, (got, want)
    onp.testing.assert_array_equal(onp.asarray(got), want)


# ----------------------------------------------------------------------------- creation


def test_creation_defaults_follow_numpy() -> None:
    same(xnp.zeros(3), onp.zeros(3))
    same(xnp.ones((2, 2), xnp.int8), onp.ones((2, 2), onp.int8))
    same(xnp.full(2, 7), onp.full(2, 7))
    same(xnp.full((2, 2), [1.5, 2.5]), onp.full((2, 2), [1.5, 2.5]))
    same(xnp.zeros_like(onp.arange(3)), onp.zeros(3, int))
    same(xnp.ones_like([1.5, 2.5]), onp.ones(2))
    same(xnp.full_like(onp.arange(3), 2.7), onp.full_like(onp.arange(3), 2.7))
    same(xnp.arange(5), onp.arange(5))
    same(xnp.arange(1, 40, 3), onp.arange(1, 40, 3))  # long integer ranges are made on device
    same(xnp.arange(0.5, 3), onp.arange(0.5, 3))
    same(xnp.linspace(0, 1, 7), onp.linspace(0, 1, 7))
    same(xnp.eye(3, 4, k=1, dtype=int), onp.eye(3, 4, k=1, dtype=int))
    same(xnp.identity(2), onp.identity(2))
    assert xnp.empty((2, 3)).shape == (2, 3)


def test_array_dtypes_and_strength() -> None:
    same(xnp.array(1.5), onp.array(1.5))
    same(xnp.array([1, 2.5]), onp.array([1, 2.5]))
    same(xnp.array([[True, False]]), onp.array([[True, False]]))
    same(xnp.array(2**63), onp.array(2**63))  # uint64, as NumPy
    same(xnp.array([1, 2], ndmin=3), onp.array([1, 2], ndmin=3))
    assert not xnp.array(1.5).weak_type
    # array(2.5) is strong float64: it promotes like a NumPy float64 array.
    assert (xnp.ones(2, xnp.float32) + xnp.array(2.5)).dtype == onp.float64
    x = xnp.arange(3)
    assert xnp.asarray(x) is x
    assert xnp.asarray(x, dtype=xnp.float32).dtype == onp.float32
    with pytest.raises(TypeError):
        xnp.array(["a", "b"])
    with pytest.raises(OverflowError):
        xnp.array(300, dtype=xnp.uint8)


def test_linspace_traced() -> None:
    f = xnp.jit(lambda a, b: xnp.linspace(a, b, 5))
    onp.testing.assert_allclose(f(0.0, 1.0), onp.linspace(0.0, 1.0, 5))
    with pytest.raises(TypeError):
        xnp.jit(lambda n: xnp.arange(n))(3)


# ----------------------------------------------------------------------------- host interop


@pytest.mark.parametrize("value", [onp.arange(3), onp.array(2.5), onp.zeros((2, 0)),
                                   onp.array([[1.5, -2.0], [3.0, 4.25]], onp.float32),
                                   onp.array([True, False]), onp.array([1 + 2j]),
                                   onp.arange(1000.0), onp.array([1, 2], onp.uint8)],
                         ids=lambda v: f"{v.dtype}{list(v.shape)}")  # fmt: skip
def test_repr_str_like_numpy(value: onp.ndarray) -> None:
    x = xnp.asarray(value)
    assert repr(x) == "Array" + repr(value)[len("array") :]
    assert str(x) == str(value)
    assert format(xnp.asarray(2.5), ".2f") == "2.50"


def test_repr_bfloat16() -> None:
    x = xnp.asarray(onp.array([1.5, 2.0], BF16))
    assert repr(x) == "Array([1.5, 2], dtype=bfloat16)"
    assert x.tolist() == [1.5, 2.0]


def test_host_conversions() -> None:
    x = xnp.arange(6.0).reshape(2, 3)
    h = onp.asarray(x)
    assert isinstance(h, onp.ndarray) and h.dtype == onp.float64
    onp.testing.assert_array_equal(h, onp.arange(6.0).reshape(2, 3))
    assert onp.asarray(x, dtype=onp.int32).dtype == onp.int32
    assert x.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert xnp.asarray(onp.int8(3)).item() == 3 and isinstance(xnp.array(3).item(), int)
    assert x.item(4) == 4.0
    assert float(xnp.array(2.5)) == 2.5 and int(xnp.array(7)) == 7
    assert complex(xnp.array(1 + 2j)) == 1 + 2j
    assert bool(xnp.array(True)) and not bool(xnp.array(0))
    assert operator.index(xnp.array(3)) == 3
    assert len(x) == 2 and [r.tolist() for r in x] == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    with pytest.raises(TypeError):
        operator.index(xnp.array(2.5))
    with pytest.raises(TypeError):
        len(xnp.array(1.0))


@pytest.mark.parametrize("value", [onp.arange(4).reshape(2, 2), onp.array(1.5, onp.float32),
                                   onp.array([1 + 1j]), onp.array([1.5], BF16)],
                         ids=lambda v: v.dtype.name)  # fmt: skip
def test_pickle_round_trip(value: onp.ndarray) -> None:
    x = xnp.asarray(value)
    y = pickle.loads(pickle.dumps(x))
    assert isinstance(y, xnp.ndarray)
    assert y.shape == x.shape and y.dtype == x.dtype and y.weak_type == x.weak_type
    assert onp.asarray(y).tobytes() == onp.asarray(x).tobytes()


# ----------------------------------------------------------------------------- operators

BINARY = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv,
          operator.mod, operator.pow, operator.eq, operator.ne, operator.lt, operator.le,
          operator.gt, operator.ge]  # fmt: skip
INT_ONLY = [operator.and_, operator.or_, operator.xor, operator.lshift, operator.rshift]


@pytest.mark.parametrize("op", BINARY + INT_ONLY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("other", [2, 2.5, True, onp.array([1, 2, 3], onp.int8),
                                   onp.array([0.5, 2.0, 3.0], onp.float32), onp.float32(2.0),
                                   onp.int16(3)],
                         ids=lambda o: type(o).__name__ + str(getattr(o, "dtype", "")))  # fmt: skip
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64"])
def test_operators_both_sides(op, other: object, dtype: str) -> None:  # noqa: ANN001
    base = onp.array([1, 2, 4], dtype)
    x = xnp.asarray(base)
    for lhs, rhs, nl, nr in ((x, other, base, other), (other, x, other, base)):
        try:
            with onp.errstate(all="ignore"):
                want = op(nl, nr)
        except TypeError:
            with pytest.raises(TypeError):
                op(lhs, rhs)
            continue
        got = op(lhs, rhs)
        assert isinstance(got, xnp.ndarray), (op, type(lhs), type(rhs), type(got))
        want = onp.asarray(want)
        assert got.dtype == want.dtype and got.shape == want.shape, (op, lhs, rhs)
        onp.testing.assert_allclose(onp.asarray(got), want, rtol=1e-6)


def test_unary_operators() -> None:
    x = xnp.asarray(onp.array([1, -2, 3]))
    same(-x, -onp.array([1, -2, 3]))
    same(+x, onp.array([1, -2, 3]))
    same(abs(x), onp.array([1, 2, 3]))
    same(~x, ~onp.array([1, -2, 3]))
    same(~xnp.asarray([True, False]), onp.array([False, True]))
    with pytest.raises(TypeError):
        -xnp.asarray([True])


def test_matmul_operator() -> None:
    a, b = onp.arange(6.0).reshape(2, 3), onp.arange(12.0).reshape(3, 4)
    same(xnp.asarray(a) @ xnp.asarray(b), a @ b)
    same(a @ xnp.asarray(b), a @ b)
    same(xnp.asarray(a) @ b, a @ b)
    same(xnp.asarray(a) @ onp.ones(3), a @ onp.ones(3))
    with pytest.raises(ValueError):
        xnp.asarray(a) @ xnp.asarray(a)
    with pytest.raises(ValueError):
        xnp.matmul(xnp.asarray(a), 2.0)


def test_divmod_and_pow_errors() -> None:
    q, r = divmod(xnp.asarray([7, -7]), 2)
    same(q, onp.array([3, -4]))
    same(r, onp.array([1, 1]))
    with pytest.raises(ValueError, match="negative integer powers"):
        xnp.asarray([2, 3]) ** -1
    with pytest.raises(ValueError, match="negative integer powers"):
        xnp.power(xnp.asarray([2, 3]), xnp.asarray([1, -1]))
    same(xnp.asarray([2.0]) ** -1, onp.array([0.5]))
    with pytest.raises(OverflowError):
        xnp.asarray([1], xnp.uint8) + 300


def test_operators_under_jit() -> None:
    f = xnp.jit(lambda a, b: (a + 1) * b - a / b + a @ b)
    a, b = onp.arange(3.0), onp.arange(1.0, 4.0)
    onp.testing.assert_allclose(f(a, b), (a + 1) * b - a / b + a @ b)


# ----------------------------------------------------------------------------- ufunc objects


def test_ufunc_objects() -> None:
    assert isinstance(xnp.add, xnp.ufunc)
    assert (xnp.add.nin, xnp.add.nout, xnp.add.nargs) == (2, 1, 3)
    assert (xnp.divmod.nout, xnp.sin.nin) == (2, 1)
    assert repr(xnp.add) == "<ufunc 'add'>"
    assert xnp.abs is xnp.absolute and xnp.conj is xnp.conjugate
    same(xnp.add.reduce(onp.arange(6).reshape(2, 3)), onp.add.reduce(onp.arange(6).reshape(2, 3)))
    same(xnp.maximum.reduce(onp.arange(6.0), axis=0), onp.float64(5.0))
    same(
        xnp.multiply.outer(onp.arange(3), onp.arange(2)),
        onp.multiply.outer(onp.arange(3), onp.arange(2)),
    )
    same(xnp.add(onp.arange(3), 1, dtype=xnp.float32), onp.add(onp.arange(3), 1, dtype=onp.float32))
    with pytest.raises(TypeError):
        xnp.add(onp.arange(3.0), 1, dtype=xnp.int32)
    with pytest.raises(TypeError):
        xnp.sin(onp.arange(3), foo=1)
    with pytest.raises(TypeError):
        xnp.bitwise_and(1.5, 2)
    with pytest.raises(TypeError, match="subtract"):
        xnp.subtract(xnp.asarray([True]), xnp.asarray([False]))


@pytest.mark.parametrize("name, x, want", [
    ("sin", onp.array([1, 2], onp.int8), onp.float16),
    ("sin", onp.array([1, 2], onp.uint16), onp.float32),
    ("sqrt", onp.array([1, 2], onp.int32), onp.float64),
    ("floor", onp.array([1, 2], onp.int16), onp.int16),
    ("rint", onp.array([1, 2], onp.int8), onp.float16),
    ("absolute", onp.array([1 + 1j], onp.complex64), onp.float32),
    ("square", onp.array([True]), onp.int8),
    ("isnan", onp.array([1, 2]), onp.bool_),
], ids=lambda v: str(v))  # fmt: skip
def test_loop_dtypes(name: str, x: onp.ndarray, want: type) -> None:
    """NumPy's inner-loop choice: ``sin(int8)`` computes in float16, and so on."""
    got = getattr(xnp, name)(x)
    assert got.dtype == onp.dtype(want) == getattr(onp, name)(x).dtype


def test_ufunc_out_argument() -> None:
    out = xnp.zeros(3)
    r = xnp.add(xnp.arange(3), 1, out=out)
    assert r is out
    same(out, onp.array([1.0, 2.0, 3.0]))
    q, rem = xnp.zeros(2, int), xnp.zeros(2, int)
    xnp.divmod(xnp.asarray([7, 8]), 3, out=(q, rem))
    same(q, onp.array([2, 2]))
    same(rem, onp.array([1, 2]))
    with pytest.raises(TypeError):
        xnp.add(xnp.arange(3.0), 1, out=xnp.zeros(3, int))  # float into int: not same_kind
    with pytest.raises(TypeError):
        xnp.jit(lambda a: xnp.add(a, 1, out=a))(xnp.zeros(2))


def test_ufuncs_return_strong_arrays() -> None:
    """NumPy returns NumPy scalars (strong) for Python scalar inputs; so does xnp."""
    r = xnp.sqrt(2.0)
    assert isinstance(r, xnp.ndarray) and not r.weak_type
    assert (xnp.ones(2, xnp.float32) * xnp.sqrt(2.0)).dtype == onp.float64
    assert (xnp.ones(2, xnp.float32) * 2.0).dtype == onp.float32


def test_composite_ufuncs_compile_once() -> None:
    from xnp._src.numpy import ufuncs

    impl = ufuncs.UFUNCS["logaddexp"]._impl
    before = impl._cache_size()
    for _ in range(3):
        xnp.logaddexp(xnp.arange(4.0), 1.0)
    assert impl._cache_size() - before <= 1


# ----------------------------------------------------------------------------- dtype objects


def test_scalar_type_objects() -> None:
    assert onp.dtype(xnp.float32) == onp.float32
    assert xnp.float32 == onp.float32 and onp.dtype("float32") == xnp.float32
    assert xnp.dtype(xnp.int8) == onp.int8
    assert onp.dtype(xnp.bfloat16) == BF16
    assert isinstance(onp.float32(1), xnp.float32)
    assert hash(xnp.float32) == hash(onp.float32)
    x = xnp.float32(1.5)
    assert isinstance(x, xnp.ndarray) and x.dtype == onp.float32 and x.shape == ()
    same(xnp.int8([1, 2]), onp.int8([1, 2]))
    assert xnp.zeros(2, xnp.bfloat16).dtype == BF16
    assert xnp.arange(3).astype(xnp.uint8).dtype == onp.uint8
    assert repr(xnp.float32) == "<class 'xnp.float32'>"
    assert xnp.bool is xnp.bool_ and xnp.double is xnp.float64 and xnp.intp is xnp.int64


@pytest.mark.parametrize("name", ["float32", "int8", "complex128", "uint16", "bool_"])
def test_scalar_types_match_numpy_names(name: str) -> None:
    assert getattr(xnp, name).dtype == onp.dtype(getattr(onp, name))


# ----------------------------------------------------------------------------- functions


def test_reductions_and_shapes() -> None:
    a = onp.arange(24.0).reshape(2, 3, 4)
    x = xnp.asarray(a)
    same(xnp.sum(x, axis=(0, 2)), a.sum(axis=(0, 2)))
    same(x.mean(axis=1, keepdims=True), a.mean(axis=1, keepdims=True))
    same(xnp.argmax(x, axis=-1), a.argmax(axis=-1))
    same(xnp.transpose(x, (2, 0, 1)), a.transpose(2, 0, 1))
    same(x.reshape(4, -1), a.reshape(4, -1))
    same(xnp.stack([x, x], axis=-1), onp.stack([a, a], axis=-1))
    same(xnp.concatenate([x, x], axis=1), onp.concatenate([a, a], axis=1))
    same(xnp.where(x > 5, x, -1.0), onp.where(a > 5, a, -1.0))
    same(xnp.prod(xnp.asarray([1, 2, 3], xnp.int8)), onp.prod(onp.array([1, 2, 3], onp.int8)))
    onp.testing.assert_allclose(xnp.var(x), a.var())
    with pytest.raises(ValueError, match="zero-size array"):
        xnp.max(xnp.zeros((0,)))
    with pytest.raises(ValueError):
        xnp.argmax(xnp.zeros((0,)))
    with pytest.raises(onp.exceptions.AxisError):
        xnp.sum(x, axis=3)


def test_predicates_and_helpers() -> None:
    assert bool(xnp.allclose([1.0, 2.0], [1.0, 2.0 + 1e-9]))
    assert not bool(xnp.array_equal([1, 2], [1, 2, 3]))
    assert bool(xnp.array_equal([1.0, onp.nan], [1.0, onp.nan], equal_nan=True))
    same(xnp.clip(onp.arange(5), 1, 3), onp.clip(onp.arange(5), 1, 3))
    same(xnp.round(onp.array([0.125, 2.5]), 2), onp.round(onp.array([0.125, 2.5]), 2))
    same(
        xnp.nan_to_num(onp.array([onp.nan, onp.inf])), onp.nan_to_num(onp.array([onp.nan, onp.inf]))
    )
