"""Unit tests of ``xnp._src.dtypes``: canonicalization (x64 on and off), weak types, NEP 50
promotion with Python scalars, bfloat16, finfo/iinfo."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import ml_dtypes
import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

BF16 = onp.dtype(ml_dtypes.bfloat16)
D = onp.dtype


@pytest.fixture
def x64_off() -> Iterator[None]:
    before = xnp.config.enable_x64
    xnp.config.update("enable_x64", False)
    try:
        yield
    finally:
        xnp.config.update("enable_x64", before)


@pytest.mark.parametrize("name", ["bool", "int8", "uint16", "float16", "float32", "complex64",
                                  "int32", "uint32"])  # fmt: skip
def test_canonicalize_keeps_32_bit_types(name: str) -> None:
    assert dtypes.canonicalize_dtype(name) == D(name)


@pytest.mark.parametrize(
    "wide, narrow",
    [("int64", "int32"), ("uint64", "uint32"), ("float64", "float32"), ("complex128", "complex64")],
)
def test_canonicalize_x64(wide: str, narrow: str, x64_off: None) -> None:
    assert dtypes.canonicalize_dtype(wide) == D(narrow)
    assert dtypes.canonicalize_dtype(narrow) == D(narrow)


def test_canonicalize_x64_on_keeps_64_bit() -> None:
    assert xnp.config.enable_x64
    for name in ("int64", "uint64", "float64", "complex128"):
        assert dtypes.canonicalize_dtype(name) == D(name)
    assert dtypes.canonicalize_dtype(BF16) == BF16


@pytest.mark.parametrize("bad", ["U5", object, "datetime64[s]", "V4", onp.longdouble])
def test_canonicalize_rejects_unsupported(bad: object) -> None:
    if D(bad) == D("float64"):  # platforms where longdouble is double
        return
    with pytest.raises(TypeError, match="does not support dtype"):
        dtypes.canonicalize_dtype(bad)


def test_default_dtypes(x64_off: None) -> None:
    assert [dtypes.default_dtype(k) for k in "biufc"] == [
        D(bool),
        D("int32"),
        D("uint32"),
        D("float32"),
        D("complex64"),
    ]
    assert xnp.arange(3).dtype == D("int32")
    assert xnp.zeros(2).dtype == D("float32")
    assert xnp.array([1.5, 2]).dtype == D("float32")
    assert xnp.sin(xnp.arange(3)).dtype == D("float32")  # NumPy's loop is float64
    assert xnp.result_type(onp.int64, onp.float64) == D("float32")
    assert xnp.add(1, 2.5).dtype == D("float32")


def test_default_dtypes_x64() -> None:
    assert [dtypes.default_dtype(k) for k in "biufc"] == [
        D(bool),
        D("int64"),
        D("uint64"),
        D("float64"),
        D("complex128"),
    ]
    with pytest.raises(ValueError):
        dtypes.default_dtype("x")


@pytest.mark.parametrize("value, dt", [(True, "bool"), (3, "int64"), (2.5, "float64"),
                                       (1j, "complex128")])  # fmt: skip
def test_python_scalars_are_weak(value: object, dt: str) -> None:
    assert dtypes.dtype_and_weak(value) == (D(dt), True)
    assert dtypes.is_python_scalar(value)
    assert dtypes.dtype_and_weak(onp.asarray(value)) == (D(dt), False)
    assert dtypes.dtype_and_weak(xnp.asarray(onp.asarray(value))) == (D(dt), False)


# (strong dtype, Python scalar kind) -> NEP 50 result
WEAK_CASES = [
    ("uint8", 1, "uint8"), ("int8", 1, "int8"), ("float16", 1, "float16"),
    ("int8", 1.5, "float64"), ("uint32", 1.5, "float64"), ("float32", 1.5, "float32"),
    ("float16", 1j, "complex64"), ("float32", 1j, "complex64"), ("float64", 1j, "complex128"),
    ("int16", 1j, "complex128"), ("bool", 1, "int64"), ("bool", 1.5, "float64"),
    ("bool", True, "bool"), ("complex64", 2.5, "complex64"), ("bfloat16", 2.5, "bfloat16"),
    ("bfloat16", 1j, "complex64"), ("bfloat16", 3, "bfloat16"),
]  # fmt: skip


@pytest.mark.parametrize("strong, scalar, want", WEAK_CASES, ids=str)
def test_weak_promotion(strong: str, scalar: object, want: str) -> None:
    dt = BF16 if strong == "bfloat16" else D(strong)
    want = BF16 if want == "bfloat16" else D(want)
    got, weak = dtypes.promote([(dt, False), dtypes.dtype_and_weak(scalar)])
    assert (got, weak) == (want, False)
    assert dtypes.result_type(dt, scalar) == want
    x = xnp.ones((2,), dt)
    assert (x + scalar).dtype == want
    assert (scalar + x).dtype == want


def test_all_weak_stays_weak() -> None:
    assert dtypes.promote([(D("int64"), True), (D("float64"), True)]) == (D("float64"), True)
    assert dtypes.result_type(1, 2.0, return_weak_type=True) == (D("float64"), True)
    assert dtypes.result_type(1, 2, return_weak_type=True) == (D("int64"), True)


def test_weak_arrays_under_jit() -> None:
    """A Python scalar argument of a jitted function is a weak tracer: it promotes weakly."""
    f = xnp.jit(lambda x, s: x * s)
    assert f(xnp.ones(2, onp.float32), 2.0).dtype == D("float32")
    assert f(xnp.ones(2, onp.int8), 3).dtype == D("int8")


# bfloat16 is JAX's: between float16 and float32, exact for int8/uint8.
BF16_CASES = [
    ("float16", "float32"), ("int8", "bfloat16"), ("uint8", "bfloat16"), ("bool", "bfloat16"),
    ("int16", "float32"), ("uint16", "float32"), ("int32", "float64"), ("int64", "float64"),
    ("float32", "float32"), ("float64", "float64"), ("complex64", "complex64"),
    ("bfloat16", "bfloat16"),
]  # fmt: skip


@pytest.mark.parametrize("other, want", BF16_CASES)
def test_bfloat16_promotion(other: str, want: str) -> None:
    other_dt = BF16 if other == "bfloat16" else D(other)
    want_dt = BF16 if want == "bfloat16" else D(want)
    assert dtypes.promote_types(BF16, other_dt) == want_dt
    assert dtypes.promote_types(other_dt, BF16) == want_dt
    assert dtypes.result_type(BF16, other_dt) == want_dt


def test_bfloat16_is_floating() -> None:
    assert dtypes.kind(BF16) == "f"
    assert dtypes.issubdtype(BF16, onp.floating)
    assert dtypes.issubdtype(BF16, onp.inexact)
    assert not dtypes.issubdtype(BF16, onp.integer)
    assert dtypes.issubdtype(xnp.bfloat16, BF16)
    assert xnp.issubdtype(xnp.float32, onp.floating)


@pytest.mark.parametrize("x, want", [(xnp.float32, "float32"), (onp.int8, "int8"),
                                     ("uint16", "uint16"), (D("complex64"), "complex64"),
                                     (xnp.bfloat16, "bfloat16"), (float, "float64")],
                         ids=str)  # fmt: skip
def test_to_dtype(x: object, want: str) -> None:
    assert dtypes.to_dtype(x) == (BF16 if want == "bfloat16" else D(want))


def test_scalar_type_of() -> None:
    assert [dtypes.scalar_type_of(D(n)) for n in ("bool", "uint8", "int64", "float16")] == [
        bool,
        int,
        int,
        float,
    ]
    assert dtypes.scalar_type_of(BF16) is float
    assert dtypes.scalar_type_of(D("complex64")) is complex


def test_finfo_iinfo() -> None:
    for name in ("float16", "float32", "float64", "complex64", "complex128"):
        assert dtypes.finfo(name).eps == onp.finfo(name).eps
        assert xnp.finfo(name).max == onp.finfo(name).max
    bf = dtypes.finfo(BF16)
    assert (bf.bits, bf.nmant, float(bf.eps)) == (16, 7, 2.0**-7)
    assert xnp.finfo(xnp.bfloat16).max == ml_dtypes.finfo(ml_dtypes.bfloat16).max
    for name in ("int8", "uint8", "int64", "uint64"):
        assert (dtypes.iinfo(name).min, dtypes.iinfo(name).max) == (
            onp.iinfo(name).min,
            onp.iinfo(name).max,
        )
    assert xnp.iinfo(xnp.int16).max == 32767
    assert xnp.finfo(xnp.ones(2, onp.float16)).bits == 16
    with pytest.raises(ValueError):
        xnp.finfo(onp.int32)
    with pytest.raises(ValueError):
        xnp.iinfo(onp.float32)


def test_result_type_errors() -> None:
    with pytest.raises(ValueError):
        dtypes.result_type()
    with pytest.raises(TypeError):
        dtypes.result_type(None)
    with pytest.raises(TypeError):
        xnp.result_type(None)


def test_public_result_type_follows_numpy() -> None:
    """Unlike the internal fold, NumPy's n-ary promotion and strong Python types."""
    assert xnp.result_type(onp.int8, onp.uint8, onp.float16) == D("float16")
    assert xnp.result_type(onp.uint8, int) == D("int64")  # the type int is strong
    assert xnp.result_type(onp.uint8, 1) == D("uint8")  # the value 1 is weak


def test_x64_switch_does_not_leak_through_caches() -> None:
    """Loop dtypes are canonicalized: resolving one with x64 off must not serve x64 on."""
    x = onp.arange(3, dtype=onp.int32)
    with xnp.enable_x64(False):
        assert xnp.sin(x).dtype == D("float32")
        assert xnp.divide(x, x).dtype == D("float32")
    assert xnp.sin(x).dtype == D("float64")
    assert xnp.divide(x, x).dtype == D("float64")


_ORDERED = [onp.dtype(c) for c in "? b B h H i I l L e f d F D".split()]


def test_result_type_of_three_is_numpys_not_a_pairwise_fold():
    # result_type(int8, uint8, float16) is float16 in NumPy, though int8+uint8 -> int16 and
    # int16+float16 -> float32: NumPy's result_type over several dtypes is not a fold.
    for combo in itertools.combinations_with_replacement(_ORDERED, 3):
        for p in set(itertools.permutations(combo)):
            assert xnp.result_type(*p) == onp.result_type(*p), p
    a, lo, hi = (onp.array([1, 2], t) for t in ("int8", "uint8", "float16"))
    assert xnp.clip(a, lo, hi).dtype == onp.clip(a, lo, hi).dtype == onp.float16


def test_result_type_bfloat16_takes_float16s_place():
    bf = BF16
    assert xnp.result_type("int8", "uint8", bf) == onp.dtype(bf)
    assert xnp.result_type(bf, "int8", "uint8") == onp.dtype(bf)
    assert xnp.result_type(bf, "float16", "int8") == onp.float32
    assert xnp.result_type(bf, "int16") == onp.float32
