"""Type promotion against NumPy 2 (NEP 50), exhaustively: ``result_type`` for every pair of
dtypes and for every dtype with every Python scalar kind, ``promote_types``, ``can_cast``, and
bfloat16 (which NumPy lacks) against its own table."""

from __future__ import annotations

import itertools

import ml_dtypes
import numpy as onp
import pytest
from compat_harness import ALL, BF16, NUMPY_DTYPES, dtype_name

import xnp

PAIRS = list(itertools.product(NUMPY_DTYPES, NUMPY_DTYPES))
SCALARS = [True, 1, 1.5, 1j]
CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"]


def _id(x: object) -> str:
    return dtype_name(x) if isinstance(x, onp.dtype) else type(x).__name__


@pytest.mark.parametrize("a, b", PAIRS, ids=[f"{_id(a)}-{_id(b)}" for a, b in PAIRS])
def test_result_type_pairs(a: onp.dtype, b: onp.dtype) -> None:
    want = onp.result_type(a, b)
    assert xnp.result_type(a, b) == want
    assert xnp.promote_types(a, b) == onp.promote_types(a, b)
    # Arrays promote like their dtypes; an operation's result has the promoted dtype.
    x, y = xnp.zeros((2,), a), xnp.zeros((2,), b)
    assert xnp.result_type(x, y) == want
    if a.kind in "biufc" and b.kind in "biufc" and not (a == b == onp.dtype(bool)):
        assert (x + y).dtype == onp.add(onp.zeros(2, a), onp.zeros(2, b)).dtype


@pytest.mark.parametrize("dt", NUMPY_DTYPES, ids=_id)
@pytest.mark.parametrize("scalar", SCALARS, ids=_id)
def test_result_type_python_scalars(dt: onp.dtype, scalar: object) -> None:
    """NEP 50: a Python scalar adopts the array's dtype when its kind allows."""
    arr = onp.zeros(2, dt)
    want = onp.result_type(arr, scalar)
    assert xnp.result_type(xnp.asarray(arr), scalar) == want
    assert xnp.result_type(dt, type(scalar)) == onp.result_type(dt, type(scalar))
    if dt != onp.dtype(bool) or type(scalar) is not bool:
        with onp.errstate(all="ignore"):
            np_out = onp.multiply(arr, scalar)
        assert xnp.multiply(xnp.asarray(arr), scalar).dtype == np_out.dtype


@pytest.mark.parametrize("a, b", list(itertools.product(SCALARS, SCALARS)),
                         ids=lambda s: type(s).__name__)  # fmt: skip
def test_result_type_scalar_pairs(a: object, b: object) -> None:
    assert xnp.result_type(a, b) == onp.result_type(a, b)
    assert xnp.add(a, b).dtype == onp.add(a, b).dtype


@pytest.mark.parametrize("casting", CASTINGS)
@pytest.mark.parametrize("a, b", PAIRS, ids=[f"{_id(a)}-{_id(b)}" for a, b in PAIRS])
def test_can_cast(a: onp.dtype, b: onp.dtype, casting: str) -> None:
    assert xnp.can_cast(a, b, casting) == onp.can_cast(a, b, casting)


def test_can_cast_rejects_python_scalars() -> None:
    for s in SCALARS:
        with pytest.raises(TypeError):
            onp.can_cast(s, onp.float32)
        with pytest.raises(TypeError):
            xnp.can_cast(s, onp.float32)


def test_result_type_of_three_and_more() -> None:
    for combo in itertools.combinations(NUMPY_DTYPES, 3):
        assert xnp.result_type(*combo) == onp.result_type(*combo), combo
    assert xnp.result_type(onp.int8, 1, 2.0) == onp.result_type(onp.int8, 1, 2.0)
    assert xnp.result_type(onp.uint8, onp.int8, 1j) == onp.result_type(onp.uint8, onp.int8, 1j)


# bfloat16 is not NumPy's: it promotes as JAX's table does (like float16 toward the integers
# that float16 holds exactly, to float32 with float16 and larger integers).
F32, F64 = onp.dtype("float32"), onp.dtype("float64")
BF16_TABLE = {
    "bool": BF16, "int8": BF16, "uint8": BF16, "int16": F32, "uint16": F32, "int32": F64,
    "uint32": F64, "int64": F64, "uint64": F64, "float16": F32, "bfloat16": BF16,
    "float32": F32, "float64": F64, "complex64": onp.dtype("complex64"),
    "complex128": onp.dtype("complex128"),
}  # fmt: skip


@pytest.mark.parametrize("other", ALL, ids=_id)
def test_bfloat16_promotion(other: onp.dtype) -> None:
    want = BF16_TABLE[dtype_name(other)]
    assert xnp.result_type(BF16, other) == want
    assert xnp.result_type(other, BF16) == want
    assert xnp.promote_types(BF16, other) == want
    x = xnp.ones((2,), BF16)
    assert (x + xnp.ones((2,), other)).dtype == want


@pytest.mark.parametrize("scalar, want", [(True, BF16), (1, BF16), (1.5, BF16),
                                          (1j, onp.dtype("complex64"))],
                         ids=lambda s: _id(s))  # fmt: skip
def test_bfloat16_with_python_scalars(scalar: object, want: onp.dtype) -> None:
    x = xnp.ones((2,), BF16)
    assert xnp.result_type(x, scalar) == want
    assert (x * scalar).dtype == want


@pytest.mark.parametrize("other", ALL, ids=_id)
@pytest.mark.parametrize("casting", CASTINGS)
def test_bfloat16_can_cast(other: onp.dtype, casting: str) -> None:
    to_bf16 = xnp.can_cast(other, BF16, casting)
    from_bf16 = xnp.can_cast(BF16, other, casting)
    if casting == "unsafe" or other == BF16:
        assert to_bf16 and from_bf16
    elif casting in ("no", "equiv"):
        assert not to_bf16 and not from_bf16
    elif casting == "safe":
        assert to_bf16 == (BF16_TABLE[dtype_name(other)] == BF16)
        assert from_bf16 == (BF16_TABLE[dtype_name(other)] == other)
    else:  # same_kind: bfloat16 is a float
        f16 = onp.dtype("float16")
        assert to_bf16 == onp.can_cast(other, f16, "same_kind")
        assert from_bf16 == onp.can_cast(f16, other, "same_kind")


def test_finfo_iinfo_match_numpy() -> None:
    for dt in NUMPY_DTYPES:
        if dt.kind in "fc":
            got, want = xnp.finfo(dt), onp.finfo(dt)
            assert (got.eps, got.max, got.min, got.tiny, got.bits) == (
                want.eps,
                want.max,
                want.min,
                want.tiny,
                want.bits,
            )
            assert got.dtype == want.dtype
        elif dt.kind in "iu":
            got, want = xnp.iinfo(dt), onp.iinfo(dt)
            assert (got.min, got.max, got.bits) == (want.min, want.max, want.bits)
    bf = xnp.finfo(xnp.bfloat16)
    assert bf.eps == ml_dtypes.finfo(ml_dtypes.bfloat16).eps and bf.bits == 16
    assert xnp.finfo(xnp.float32).eps == onp.finfo(onp.float32).eps
    assert xnp.iinfo(xnp.int8).max == 127
    assert xnp.finfo(xnp.zeros(2, onp.float16)).bits == 16
