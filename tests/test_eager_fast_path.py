"""The eager operator fast path (array_methods._FAST_UFUNCS): the second call of a signature
runs the NumPy ufunc directly; its results must equal the staged program's (the first call)
bit for bit, with the same dtype and weak type, across dtypes, Python scalars and arrays."""

import itertools
import operator

import numpy as onp
import pytest

import xnp
from xnp._src.numpy import array_methods

OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.eq, operator.ne,
       operator.lt, operator.le, operator.gt, operator.ge]  # fmt: skip
BIT_OPS = [operator.and_, operator.or_, operator.xor]
DTYPES = ["bool", "int8", "uint8", "int32", "int64", "uint64", "float32", "float64", "complex64"]
SCALARS = [3, -2, 0, 2.5, -0.0, float("inf"), float("nan")]


def _values(dt):
    base = onp.array([0, 1, 2, 5, 100, 7, 3, 1])
    if dt == "bool":
        return base % 2 == 1
    if onp.dtype(dt).kind in "fc":
        return (base * 0.37 - 1).astype(dt)
    return base.astype(dt)


def _same(a, b):
    a_, b_ = onp.asarray(a), onp.asarray(b)
    assert a.dtype == b.dtype and a.aval.weak_type == b.aval.weak_type
    assert a_.shape == b_.shape
    onp.testing.assert_array_equal(a_, b_)


def _twice(f):
    """(first, second) results: the first call runs the staged program, the second may not."""
    first = f()
    second = f()
    return first, second


@pytest.mark.parametrize("dt", DTYPES)
def test_scalar_operand_matches_the_staged_program(dt):
    x = xnp.asarray(_values(dt))
    kind = onp.dtype(dt).kind
    for op, s in itertools.product(OPS + (BIT_OPS if kind in "biu" else []), SCALARS):
        if kind in "biu" and isinstance(s, float) and op in BIT_OPS:
            continue
        if kind == "u" and isinstance(s, int) and s < 0:
            continue
        v = _values(dt)
        for f, ref in (
            (lambda op=op, s=s: op(x, s), lambda op=op, s=s, v=v: op(v, s)),
            (lambda op=op, s=s: op(s, x), lambda op=op, s=s, v=v: op(s, v)),
        ):
            try:
                first, second = _twice(f)
            except (TypeError, ZeroDivisionError, OverflowError):
                continue
            _same(first, second)
            with onp.errstate(all="ignore"):
                want = onp.asarray(ref())
            assert first.dtype == want.dtype, (op, dt, s)
            onp.testing.assert_array_equal(onp.asarray(second), want)


@pytest.mark.parametrize("d1,d2", [("float32", "float64"), ("int8", "uint8"), ("int64", "float32"),
                                   ("bool", "int32"), ("float64", "float64"),
                                   ("complex64", "float64")])  # fmt: skip
def test_array_operands_match_the_staged_program(d1, d2):
    x, y = xnp.asarray(_values(d1)), xnp.asarray(_values(d2)[::-1].copy())
    for op in OPS:
        first, second = _twice(lambda: op(x, y))  # noqa: B023
        _same(first, second)
        with onp.errstate(all="ignore"):
            want = op(_values(d1), _values(d2)[::-1].copy())
        assert first.dtype == want.dtype
        onp.testing.assert_array_equal(onp.asarray(first), want)


def test_the_fast_path_is_taken_and_keeps_weak_types():
    x = xnp.arange(10.0)
    x + 1.5
    key = ("add", False, x.aval, float)
    assert any(k[:4] == key for k in array_methods._fast_out)
    w = xnp.asarray(2.0) * 1  # a weak 0-d result where xnp's promotion makes one
    w1, w2 = _twice(lambda: w + 1)
    _same(w1, w2)
    f32 = xnp.ones(4, dtype="float32")
    a, b = _twice(lambda: f32 + 0.1)
    assert b.dtype == onp.float32
    onp.testing.assert_array_equal(onp.asarray(b), onp.float32(1) + onp.float32(0.1))
