"""x.view(dtype), x.byteswap(), x.tobytes(), x.to_device(), x.flags, x.strides, x.base against
NumPy: every reinterpretation between the supported dtypes (bit for bit), shapes (0-d,
empty, n-d), the errors NumPy raises; under jit and vmap."""

import numpy as onp
import pytest

import xnp

DTYPES = [onp.bool_, onp.int8, onp.uint8, onp.int16, onp.uint16, onp.float16, onp.int32,
          onp.uint32, onp.float32, onp.int64, onp.uint64, onp.float64, onp.complex64,
          onp.complex128]


def _bits(x):
    x = onp.asarray(x)
    return onp.atleast_1d(x).view(onp.uint8), x.shape, x.dtype


def _values(shape, dtype):
    rng = onp.random.default_rng(0)
    raw = rng.integers(0, 256, size=int(onp.prod(shape)) * onp.dtype(dtype).itemsize,
                       dtype=onp.uint8)  # fmt: skip
    x = raw.view(dtype).reshape(shape)
    if onp.dtype(dtype) == onp.bool_:
        x = raw.reshape(shape) % 2 == 1
    if onp.dtype(dtype).kind in "fc":  # no NaN payloads or subnormals: XLA may change them
        x = onp.where(onp.isfinite(x), x, 1).astype(dtype)
        f = onp.finfo(dtype)
        x = onp.where(onp.abs(x) < f.tiny, 0, x).astype(dtype)
    return x


@pytest.mark.parametrize("src", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_view_matches_numpy_bit_for_bit(src):
    for shape in [(8,), (2, 8), (3, 0, 8), ()]:
        x = _values(shape, src)
        for dst in DTYPES:
            if onp.dtype(dst) == onp.bool_ or onp.dtype(dst).kind in "fc":
                continue  # NaN payloads and non-0/1 bools are not preserved through XLA
            try:
                want = x.view(dst)
            except ValueError:
                with pytest.raises(ValueError):
                    xnp.asarray(x).view(dst)
                continue
            got = xnp.asarray(x).view(dst)
            assert _bits(got)[1:] == _bits(want)[1:]
            onp.testing.assert_array_equal(_bits(got)[0], _bits(want)[0])
    x = _values((4, 8), src)
    for dst in (onp.float32, onp.complex64, onp.float64):
        try:
            want = x.view(dst)
        except ValueError:
            continue
        got = onp.asarray(xnp.jit(lambda a, dst=dst: a.view(dst))(x))
        assert got.shape == want.shape and got.dtype == want.dtype
        finite = onp.isfinite(want) & ~(onp.abs(want) < onp.finfo(want.dtype).tiny)
        onp.testing.assert_array_equal(got[finite], want[finite])


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_byteswap_tobytes_strides_flags_match_numpy(dtype):
    for shape in [(), (5,), (2, 3), (0, 2)]:
        x = _values(shape, dtype)
        y = xnp.asarray(x)
        want = x.byteswap()
        got = onp.asarray(y.byteswap())
        if want.dtype.kind in "fc":
            # swapped bytes of floats may be NaNs or subnormals: compare where they are normal
            ok = onp.isfinite(want) & ~(onp.abs(want) < onp.finfo(want.dtype).tiny)
            onp.testing.assert_array_equal(got[ok], want[ok])
        else:
            onp.testing.assert_array_equal(got, want)
        assert y.tobytes() == x.tobytes()
        if x.size:  # NumPy's strides of an empty array are arbitrary
            assert y.strides == onp.array(x, order="C").strides
        assert y.flags["C_CONTIGUOUS"] and y.flags.c_contiguous and y.flags.writeable
        assert y.flags.f_contiguous == onp.array(x, order="C").flags.f_contiguous
        assert y.base is None


def test_view_byteswap_methods_semantics():
    x = xnp.asarray(onp.arange(4, dtype=onp.int32))
    v = x.view()
    assert v is not x and isinstance(v, xnp.ndarray)
    v[0] = 9
    onp.testing.assert_array_equal(onp.asarray(x), onp.arange(4))
    assert onp.asarray(x.view(xnp.ndarray)).tolist() == [0, 1, 2, 3]
    with pytest.raises(TypeError, match="xnp.ndarray"):
        x.view(onp.int32, onp.matrix)
    y = xnp.asarray(onp.arange(3, dtype=onp.int16))
    assert y.byteswap(inplace=True) is y
    onp.testing.assert_array_equal(onp.asarray(y), onp.arange(3, dtype=onp.int16).byteswap())
    with pytest.raises(TypeError, match="return the updated array"):
        xnp.jit(lambda a: a.byteswap(inplace=True))(onp.arange(3, dtype=onp.int16))
    with pytest.raises(TypeError, match="tobytes"):
        xnp.jit(lambda a: a.tobytes())(onp.arange(3))
    with pytest.raises(KeyError):
        x.flags["NOPE"]
    dev = xnp.devices()[0]
    moved = x.to_device(dev)
    onp.testing.assert_array_equal(onp.asarray(moved), onp.arange(4))
    got = xnp.vmap(lambda r: r.view(onp.uint32))(onp.arange(6, dtype=onp.int32).reshape(2, 3))
    onp.testing.assert_array_equal(onp.asarray(got),
                                   onp.arange(6, dtype=onp.int32).reshape(2, 3).view(onp.uint32))
    got = xnp.jit(lambda a: a.byteswap())(onp.arange(3, dtype=onp.uint16))
    onp.testing.assert_array_equal(onp.asarray(got), onp.arange(3, dtype=onp.uint16).byteswap())
