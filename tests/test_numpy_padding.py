"""xnp.pad against NumPy for every mode and keyword, over shapes (0-d, empty axes, n-d),
dtypes, widths larger than the axis, eagerly and under jit; errors; grad and vmap."""

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

SHAPES = [(), (1,), (3,), (1, 4, 2)]
WIDTHS = [(1, 3), ((0, 1),), 7]
DTYPES = [onp.int8, onp.uint8, onp.float16, onp.float64, onp.complex64]
MODES = [
    ("constant", {}), ("constant", {"constant_values": 5}),
    ("constant", {"constant_values": ((1, 2),)}), ("edge", {}), ("wrap", {}), ("empty", {}),
    ("reflect", {}), ("reflect", {"reflect_type": "odd"}), ("symmetric", {}),
    ("symmetric", {"reflect_type": "odd"}), ("linear_ramp", {}),
    ("linear_ramp", {"end_values": (4, -2)}), ("maximum", {}), ("minimum", {"stat_length": 2}),
    ("mean", {}), ("mean", {"stat_length": ((1, 2),)}), ("median", {}),
    ("median", {"stat_length": 1}),
]  # fmt: skip


def _values(shape, dtype):
    x = onp.arange(int(onp.prod(shape)), dtype=onp.float64).reshape(shape) * 3 % 7 - 2
    if onp.dtype(dtype).kind == "u":
        x = onp.abs(x)
    if onp.dtype(dtype).kind == "c":
        x = x + 1j * (x % 3)
    return x.astype(dtype)


def _same(got, want):
    got = onp.asarray(got)
    assert got.dtype == want.dtype and got.shape == want.shape, (got.dtype, got.shape,
                                                                 want.dtype, want.shape)
    if want.dtype.kind in "fc":
        # linear_ramp rounds like NumPy's linspace up to an ulp of the data dtype (float16: a
        # few ulps, XLA's float16 arithmetic rounds through float32)
        tol = 5e-3 if want.dtype == onp.float16 else 1e-5 if want.itemsize <= 8 else 1e-12
        onp.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    else:
        onp.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("mode,kw", MODES, ids=[f"{m}-{i}" for i, (m, _) in enumerate(MODES)])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: onp.dtype(d).name)
def test_pad_matches_numpy(mode, kw, dtype):
    for shape in SHAPES:
        x = _values(shape, dtype)
        for width in WIDTHS:
            if width == ((0, 1),) and not x.ndim:
                continue
            want = onp.pad(x, width, mode, **kw)
            got = xnp.pad(x, width, mode, **kw)
            if mode == "empty":
                assert onp.asarray(got).shape == want.shape
                continue
            _same(got, want)
    x = _values((2, 3), dtype)
    want = onp.pad(x, ((1, 2), (3, 0)), mode, **kw)
    got = xnp.jit(lambda a: xnp.pad(a, ((1, 2), (3, 0)), mode, **kw))(x)
    if mode != "empty":
        _same(got, want)


def test_pad_bfloat16_and_empty_axes():
    x = onp.arange(6.0).reshape(2, 3).astype(dtypes.bfloat16)
    got = xnp.pad(x, 1, "reflect")
    assert got.dtype == dtypes.bfloat16
    _same(onp.asarray(got).astype(onp.float32), onp.pad(x.astype(onp.float32), 1, "reflect"))
    e = onp.zeros((0, 3))
    for mode in ("constant", "empty"):
        assert xnp.pad(e, 1, mode).shape == onp.pad(e, 1, mode).shape
    _same(xnp.pad(e, ((0, 0), (1, 1)), "edge"), onp.pad(e, ((0, 0), (1, 1)), "edge"))


def test_pad_function_mode():
    def numpy_style(vector, width, iaxis, kwargs):
        vector[: width[0]] = kwargs.get("padder", 10)
        if width[1]:
            vector[-width[1]:] = kwargs.get("padder", 10)

    def returning(vector, width, iaxis, kwargs):
        return vector * (iaxis + 2)

    x = onp.arange(6).reshape(2, 3)
    _same(xnp.pad(x, 2, numpy_style), onp.pad(x, 2, numpy_style))
    _same(xnp.pad(x, (1, 2), numpy_style, padder=-3), onp.pad(x, (1, 2), numpy_style, padder=-3))
    want = onp.pad(x, 1) * 2 * 3
    _same(xnp.pad(x, 1, returning), want)
    _same(xnp.jit(lambda a: xnp.pad(a, 2, numpy_style))(x), onp.pad(x, 2, numpy_style))


def test_pad_traced_values_grad_and_vmap():
    x = onp.arange(1.0, 5.0)
    f = xnp.jit(lambda a, c: xnp.pad(a, (2, 1), constant_values=c))
    _same(f(x, 7.5), onp.pad(x, (2, 1), constant_values=7.5))
    w = onp.arange(1.0, 10.0)
    for mode in ("edge", "reflect", "symmetric", "wrap", "mean", "linear_ramp", "maximum"):
        def loss(a, mode=mode):
            return (xnp.pad(a, (3, 2), mode) * w).sum()

        g = onp.asarray(xnp.grad(loss)(x))
        eps = 1e-6
        fd = [(float(loss(x + eps * e)) - float(loss(x - eps * e))) / (2 * eps)
              for e in onp.eye(4)]  # fmt: skip
        onp.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-6)
    b = onp.arange(12.0).reshape(3, 4)
    got = xnp.vmap(lambda r: xnp.pad(r, 2, "symmetric"))(b)
    _same(got, onp.stack([onp.pad(r, 2, "symmetric") for r in b]))


def test_pad_errors():
    x = onp.arange(3)
    for args, kw in [((x, -1), {}), ((x, 1, "bogus"), {}),
                     ((x, 1, "edge"), {"constant_values": 1}),
                     ((x, 1, "maximum"), {"stat_length": 0}),
                     ((onp.zeros((0, 2)), 1, "edge"), {}),
                     ((x, ((1, 2), (3, 4))), {})]:  # fmt: skip
        with pytest.raises(ValueError):
            onp.pad(*args, **kw)
        with pytest.raises(ValueError):
            xnp.pad(*args, **kw)
    with pytest.raises(TypeError):
        xnp.pad(x, 1.5)
    with pytest.raises(TypeError, match="static"):
        xnp.jit(lambda a, w: xnp.pad(a, w))(x, 2)
