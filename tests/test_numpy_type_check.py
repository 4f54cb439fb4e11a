"""xnp's dtype queries (isdtype, common_type, mintypecode, typename, min_scalar_type,
iterable) and packbits/unpackbits against NumPy, with xnp arrays, tracers and bfloat16;
bit packing over axes, bit orders, counts, dtypes, 0-d/empty input, under jit and vmap."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

KINDS = [
    "bool",
    "signed integer",
    "unsigned integer",
    "integral",
    "real floating",
    "complex floating",
    "numeric",
    ("integral", "real floating"),
    onp.float32,
    (onp.int8, "bool"),
]
DTS = [
    onp.bool_,
    onp.int8,
    onp.int64,
    onp.uint16,
    onp.float16,
    onp.float32,
    onp.float64,
    onp.complex64,
    onp.complex128,
]


@pytest.mark.parametrize("dt", DTS, ids=lambda d: onp.dtype(d).name)
def test_isdtype(dt):
    for kind in KINDS:
        assert xnp.isdtype(onp.dtype(dt), kind) == onp.isdtype(onp.dtype(dt), kind), kind
        assert xnp.isdtype(dt, kind) == onp.isdtype(dt, kind)
    assert xnp.isdtype(xnp.ones(2, dt).dtype, "numeric") == onp.isdtype(onp.dtype(dt), "numeric")


def test_isdtype_bfloat16_and_errors():
    assert xnp.isdtype(dtypes.bfloat16, "real floating")
    assert xnp.isdtype(xnp.bfloat16, "numeric") and not xnp.isdtype(dtypes.bfloat16, "integral")
    assert xnp.isdtype(xnp.float32, "real floating")
    for bad, err in [
        (("float32", "numeric"), TypeError),
        ((onp.float32, "bogus"), ValueError),
        ((onp.float32, 3), TypeError),
    ]:
        with pytest.raises(err):
            onp.isdtype(*bad)
        with pytest.raises(err, match="isdtype"):
            xnp.isdtype(*bad)


def test_common_type_mintypecode_typename():
    cases = [
        (onp.float16(1),),
        (onp.arange(3),),
        (onp.complex64(1), onp.float16(1)),
        (onp.float32(1), onp.complex64(1)),
        (onp.float32(1), onp.arange(2)),
        (onp.ones(2, onp.complex128), onp.ones(2, onp.float32)),
    ]
    for arrs in cases:
        assert xnp.common_type(*arrs) is onp.common_type(*arrs)
        assert xnp.common_type(*(xnp.asarray(a) for a in arrs)) is onp.common_type(*arrs)
    assert xnp.common_type(xnp.ones(2, xnp.bfloat16)) is dtypes.bfloat16.type
    with pytest.raises(TypeError, match="common_type"):
        xnp.common_type(onp.array([True]))
    for chars in [["d", "f"], ["f", "F"], "i", ["b", "h"], ["F", "d"], [onp.ones(2, onp.int8)]]:
        assert xnp.mintypecode(chars) == onp.mintypecode(chars)
    assert xnp.mintypecode([xnp.ones(2, onp.float32)], typeset="fd") == "f"
    for c in "?bhilqBdfDFgGSO":
        assert xnp.typename(c) == onp.typename(c)


def test_min_scalar_type_and_iterable():
    for v in [10, -129, 3.5, 1e300, 2**40, 1 + 2j, True, onp.float32(1.5), onp.arange(3)]:
        assert xnp.min_scalar_type(v) == onp.min_scalar_type(v)
    assert xnp.min_scalar_type(xnp.asarray(300)) == onp.min_scalar_type(300)
    assert xnp.min_scalar_type(xnp.ones((2, 2), onp.float32)) == onp.float32
    with pytest.raises(TypeError, match="traced"):
        xnp.jit(lambda x: xnp.zeros(2, xnp.min_scalar_type(x)))(3)
    for v in [[1], (), xnp.ones(2), xnp.ones(()), 3, "ab", onp.float64(2)]:
        assert xnp.iterable(v) == onp.iterable(onp.asarray(v) if isinstance(v, xnp.ndarray) else v)


@pytest.mark.parametrize(
    "dt", [onp.bool_, onp.int8, onp.uint8, onp.int64], ids=lambda d: onp.dtype(d).name
)
def test_packbits(dt):
    rng = onp.random.default_rng(0)
    for shape in [(13,), (3, 9), (2, 4, 8), (0,), (2, 0), ()]:
        a = (
            (rng.integers(0, 3, shape) * (rng.integers(0, 2, shape) * 2 - 1)).astype(dt)
            if shape != ()
            else onp.array(1, dt)
        )
        for axis in [None, *range(len(shape)), -1] if shape else [None]:
            for order in ["big", "little"]:
                want = onp.packbits(a, axis=axis, bitorder=order)
                got = xnp.packbits(a, axis=axis, bitorder=order)
                assert got.dtype == want.dtype and got.shape == want.shape
                onp.testing.assert_array_equal(got, want)


def test_unpackbits():
    rng = onp.random.default_rng(1)
    for shape in [(3,), (2, 5), (0,), (2, 0, 3)]:
        a = rng.integers(0, 256, shape).astype(onp.uint8)
        for axis in [None, *range(len(shape))]:
            for count in [None, 0, 3, -2, 30, -100]:
                for order in ["big", "little"]:
                    try:
                        want = onp.unpackbits(a, axis=axis, count=count, bitorder=order)
                    except ValueError:
                        continue
                    got = xnp.unpackbits(a, axis=axis, count=count, bitorder=order)
                    assert got.dtype == want.dtype and got.shape == want.shape, (shape, axis, count)
                    if a.size == 0:  # NumPy pads an empty input with uninitialized bytes
                        assert not onp.asarray(got).any()
                        continue
                    onp.testing.assert_array_equal(got, want)
    onp.testing.assert_array_equal(xnp.unpackbits(onp.uint8(5)), onp.unpackbits(onp.uint8(5)))


def test_bit_packing_errors_jit_vmap():
    for fn, args, kw, err in [
        ("packbits", (onp.ones(3),), {}, TypeError),
        ("unpackbits", (onp.ones(3, onp.int8),), {}, TypeError),
        ("packbits", (onp.ones(3, bool),), {"bitorder": "x"}, ValueError),
        ("packbits", (onp.ones(3, bool),), {"axis": 1}, onp.exceptions.AxisError),
    ]:
        with pytest.raises(err):
            getattr(onp, fn)(*args, **kw)
        with pytest.raises(err, match=fn):
            getattr(xnp, fn)(*args, **kw)
    a = onp.random.default_rng(2).integers(0, 2, (4, 11)).astype(bool)
    f = xnp.jit(lambda x: xnp.unpackbits(xnp.packbits(x, axis=1), axis=1, count=11))
    onp.testing.assert_array_equal(f(a), a.astype(onp.uint8))
    got = xnp.vmap(lambda r: xnp.packbits(r))(a)
    onp.testing.assert_array_equal(got, onp.stack([onp.packbits(r) for r in a]))


def test_isnat_info_and_type_aliases(capsys):
    for x in [xnp.ones(2), onp.ones(2), 3]:
        with pytest.raises(TypeError, match="isnat"):
            xnp.isnat(x)
    with pytest.raises(TypeError):
        onp.isnat(onp.ones(2))
    xnp.info(xnp.histogram)
    assert "histogram" in capsys.readouterr().out
    xnp.info(xnp.ones((2, 3), onp.float32))
    assert "float32" in capsys.readouterr().out
    assert xnp.dtype(xnp.long) == onp.dtype(onp.long) and xnp.dtype(xnp.ulong) == onp.dtype(
        onp.ulong
    )
    assert xnp.asarray([1], xnp.long).dtype == onp.long
    assert xnp.character is onp.character and xnp.flexible is onp.flexible
    assert issubclass(onp.str_, xnp.character) and issubclass(xnp.character, xnp.flexible)
