"""Tests for lax.conv_general_dilated and its wrappers, against a NumPy reference."""

from __future__ import annotations

from typing import Any

import numpy as onp
import pytest

import xnp
from xnp import lax


def _dilate(x: onp.ndarray, axes: list[int], dilation: list[int]) -> onp.ndarray:
    shape = list(x.shape)
    for a, d in zip(axes, dilation, strict=True):
        shape[a] = 0 if x.shape[a] == 0 else (x.shape[a] - 1) * d + 1
    out = onp.zeros(shape, x.dtype)
    idx = [slice(None)] * x.ndim
    for a, d in zip(axes, dilation, strict=True):
        idx[a] = slice(None, None, d)
    out[tuple(idx)] = x
    return out


def _pad(x: onp.ndarray, axes: list[int], pads: list[tuple[int, int]]) -> onp.ndarray:
    widths = [(0, 0)] * x.ndim
    crop = [slice(None)] * x.ndim
    for a, (lo, hi) in zip(axes, pads, strict=True):
        widths[a] = (max(lo, 0), max(hi, 0))
    x = onp.pad(x, widths)
    for a, (lo, hi) in zip(axes, pads, strict=True):
        crop[a] = slice(max(-lo, 0), x.shape[a] - max(-hi, 0))
    return x[tuple(crop)]


def _pads(lhs_sp, rhs_sp, strides, padding):  # noqa: ANN001, ANN202
    if not isinstance(padding, str):
        return list(padding)
    if padding == "VALID":
        return [(0, 0)] * len(lhs_sp)
    pads = []
    for d, k, s in zip(lhs_sp, rhs_sp, strides, strict=True):
        total = max(0, (-(-d // s) - 1) * s + k - d)
        lo = total // 2 if padding == "SAME" else total - total // 2
        pads.append((lo, total - lo))
    return pads


def ref_conv(
    lhs: onp.ndarray,
    rhs: onp.ndarray,
    strides: Any,
    padding: Any,
    lhs_dil: Any = None,
    rhs_dil: Any = None,
    specs: Any = None,
    groups: int = 1,
    batch_groups: int = 1,
) -> onp.ndarray:
    """Cross-correlation by explicit windows (float64/complex128/int64 accumulation)."""
    n = lhs.ndim - 2
    if specs is None:
        specs = ("NC" + "xyz"[:n], "OI" + "xyz"[:n], "NC" + "xyz"[:n])
    lhs_s, rhs_s, out_s = specs
    spatial = [c for c in rhs_s if c not in "OI"]
    lhs = lhs.transpose([lhs_s.index(c) for c in "NC" + "".join(spatial)])
    rhs = rhs.transpose([rhs_s.index(c) for c in "OI" + "".join(spatial)])
    lhs_dil = lhs_dil or [1] * n
    rhs_dil = rhs_dil or [1] * n
    sp = list(range(2, 2 + n))
    rhs = _dilate(rhs, sp, rhs_dil)
    pads = _pads(lhs.shape[2:], rhs.shape[2:], strides, padding)
    lhs = _pad(_dilate(lhs, sp, lhs_dil), sp, pads)
    N, C = lhs.shape[:2]
    O, I = rhs.shape[:2]
    out_sp = [max(0, (lhs.shape[2 + i] - rhs.shape[2 + i]) // strides[i] + 1)
              if lhs.shape[2 + i] >= rhs.shape[2 + i] else 0 for i in range(n)]  # fmt: skip
    acc = onp.result_type(lhs.dtype, onp.int64) if lhs.dtype.kind in "iu" else lhs.dtype
    out = onp.zeros((N // batch_groups, O, *out_sp), onp.promote_types(acc, onp.float64))
    og = O // (groups * batch_groups)
    for pos in onp.ndindex(*out_sp):
        win = tuple(slice(p * s, p * s + k) for p, s, k in zip(pos, strides, rhs.shape[2:],
                                                              strict=True))  # fmt: skip
        patch = lhs[(slice(None), slice(None), *win)].astype(out.dtype)
        for g in range(groups * batch_groups):
            ws = rhs[g * og : (g + 1) * og].astype(out.dtype)
            if batch_groups > 1:
                nb = N // batch_groups
                p = patch[g * nb : (g + 1) * nb]
            else:
                p = patch[:, g * I : (g + 1) * I]
            flat = p.reshape(p.shape[0], ws[0].size) @ ws.reshape(og, -1).T
            out[(slice(None), slice(g * og, (g + 1) * og), *pos)] = flat
    out = out.transpose([("NC" + "".join(spatial)).index(c) for c in out_s])
    return out


def _check(got: Any, want: onp.ndarray, dtype: Any) -> None:
    got_np = onp.asarray(got)
    assert got_np.dtype == onp.dtype(dtype), (got_np.dtype, dtype)
    assert got_np.shape == want.shape, (got_np.shape, want.shape)
    if onp.dtype(dtype).kind in "iu":
        onp.testing.assert_array_equal(got_np, want.astype(dtype))
    else:
        tol = {2: 1e-2, 4: 1e-4, 8: 1e-4, 16: 1e-11}.get(onp.dtype(dtype).itemsize, 1e-11)
        if onp.dtype(dtype) == onp.float64:
            tol = 1e-11
        onp.testing.assert_allclose(got_np, want, rtol=tol, atol=tol)


def _operands(lshape, rshape, dtype, seed=0):  # noqa: ANN001, ANN202
    rng = onp.random.default_rng(seed)
    dtype = onp.dtype(dtype)
    if dtype.kind in "iu":
        return rng.integers(0, 4, lshape).astype(dtype), rng.integers(0, 3, rshape).astype(dtype)
    lhs, rhs = rng.standard_normal(lshape), rng.standard_normal(rshape)
    if dtype.kind == "c":
        lhs = lhs + 1j * rng.standard_normal(lshape)
        rhs = rhs - 1j * rng.standard_normal(rshape)
    return lhs.astype(dtype), rhs.astype(dtype)


# (lhs shape, rhs shape, strides, padding, lhs_dilation, rhs_dilation, specs, groups, batch groups)
CASES = [
    ((2, 3, 7), (4, 3, 3), (1,), "VALID", None, None, None, 1, 1),
    ((2, 3, 7), (4, 3, 3), (2,), "SAME", None, None, None, 1, 1),
    ((1, 2, 8), (3, 2, 2), (3,), "SAME_LOWER", None, (2,), None, 1, 1),
    ((2, 3, 6, 5), (4, 3, 3, 2), (1, 1), "VALID", None, None, None, 1, 1),
    ((2, 3, 6, 5), (4, 3, 3, 2), (2, 1), "SAME", None, None, None, 1, 1),
    ((2, 3, 6, 5), (4, 3, 3, 2), (1, 2), ((1, 2), (0, 1)), None, None, None, 1, 1),
    ((2, 3, 6, 5), (4, 3, 3, 2), (1, 1), ((-1, 2), (1, -1)), None, None, None, 1, 1),
    ((1, 2, 4, 3), (2, 2, 3, 3), (1, 1), ((2, 2), (2, 2)), (2, 2), None, None, 1, 1),
    ((1, 2, 7, 7), (2, 2, 3, 2), (2, 1), "VALID", None, (2, 3), None, 1, 1),
    ((2, 6, 5, 5), (6, 1, 3, 3), (1, 1), "SAME", None, None, None, 6, 1),
    ((2, 6, 5, 5), (4, 3, 2, 2), (1, 1), "VALID", None, None, None, 2, 1),
    ((4, 3, 5, 4), (6, 3, 2, 2), (1, 1), "VALID", None, None, None, 1, 2),
    ((2, 5, 6, 3), (3, 2, 3, 4), (1, 1), "SAME", None, None, ("NHWC", "HWIO", "NHWC"), 1, 1),
    ((5, 2, 3, 6), (4, 3, 3, 2), (2, 1), "VALID", None, (1, 2), ("HNCW", "OIHW", "NHWC"), 1, 1),
    ((2, 5, 6, 3), (3, 2, 4, 3), (1, 2), "SAME", None, None, ("NWHC", "WHOI", "CNWH"), 1, 1),
    ((1, 2, 4, 5, 3), (2, 2, 2, 3, 2), (1, 2, 1), "SAME", None, None, None, 1, 1),
    (
        (1, 4, 5, 4, 3),
        (2, 3, 2, 3, 2),
        (1, 1, 1),
        ((1, 0), (0, 1), (1, 1)),
        None,
        (1, 2, 1),
        ("NDHWC", "DHWIO", "NCDHW"),
        1,
        1,
    ),  # fmt: skip
    ((0, 3, 5, 5), (2, 3, 2, 2), (1, 1), "VALID", None, None, None, 1, 1),
    ((1, 3, 2, 2), (2, 3, 3, 3), (1, 1), "VALID", None, None, None, 1, 1),
    ((3, 4), (5, 4), (), (), None, None, None, 1, 1),
]


@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_conv_general_dilated_matches_reference(case: tuple) -> None:
    lshape, rshape, strides, padding, ld, rd, specs, g, b = case
    lhs, rhs = _operands(lshape, rshape, onp.float64)
    want = ref_conv(lhs, rhs, strides, padding, ld, rd, specs, g, b)

    def f(x: Any, y: Any) -> Any:
        return lax.conv_general_dilated(x, y, strides, padding, ld, rd, specs, g, b)

    _check(f(lhs, rhs), want, onp.float64)
    _check(xnp.jit(f)(lhs, rhs), want, onp.float64)


@pytest.mark.parametrize(
    "dtype",
    [
        onp.float16,
        onp.float32,
        onp.complex64,
        onp.complex128,
        onp.int8,
        onp.int32,
        onp.int64,
        onp.uint8,
    ],  # fmt: skip
)
def test_conv_dtypes(dtype: Any) -> None:
    lhs, rhs = _operands((2, 3, 5, 4), (2, 3, 2, 3), dtype)
    want = ref_conv(lhs, rhs, (1, 2), "SAME")
    _check(lax.conv(lhs, rhs, (1, 2), "SAME"), want, dtype)
    _check(xnp.jit(lambda x, y: lax.conv(x, y, (1, 2), "SAME"))(lhs, rhs), want, dtype)


@pytest.mark.parametrize(
    "dtype, pet",
    [
        (onp.int8, onp.int32),
        (onp.int16, onp.int64),
        (onp.float16, onp.float32),
        (onp.float32, onp.float64),
        (onp.int32, onp.float32),
    ],  # fmt: skip
)
def test_conv_preferred_element_type(dtype: Any, pet: Any) -> None:
    lhs, rhs = _operands((1, 2, 5, 5), (3, 2, 3, 3), dtype)
    want = ref_conv(lhs, rhs, (1, 1), "VALID")
    got = lax.conv(lhs, rhs, (1, 1), "VALID", preferred_element_type=pet)
    _check(got, want, pet)


def test_conv_with_general_padding_and_dimension_numbers() -> None:
    lhs, rhs = _operands((2, 3, 6, 5), (4, 3, 3, 2), onp.float64)
    want = ref_conv(lhs, rhs, (2, 1), ((1, 1), (2, 0)), (1, 2), (2, 1))
    got = lax.conv_with_general_padding(lhs, rhs, (2, 1), ((1, 1), (2, 0)), (1, 2), (2, 1))
    _check(got, want, onp.float64)
    dn = lax.conv_dimension_numbers(lhs.shape, rhs.shape, ("NCHW", "OIHW", "NCHW"))
    assert dn == lax.ConvDimensionNumbers((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2, 3))
    got = lax.conv_general_dilated(lhs, rhs, (1, 1), "VALID", dimension_numbers=dn,
                                   precision="highest")  # fmt: skip
    _check(got, ref_conv(lhs, rhs, (1, 1), "VALID"), onp.float64)


@pytest.mark.parametrize(
    "specs, expected",
    [
        (("NCHW", "OIHW", "NCHW"), ((0, 1, 2, 3), (0, 1, 2, 3), (0, 1, 2, 3))),
        (("NHWC", "HWIO", "NHWC"), ((0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))),
        (("NWHC", "OIHW", "CNHW"), ((0, 3, 2, 1), (0, 1, 2, 3), (1, 0, 2, 3))),
        (("NCW", "WIO", "NWC"), ((0, 1, 2), (2, 1, 0), (0, 2, 1))),
    ],
)
def test_conv_dimension_numbers_from_strings(specs: tuple, expected: tuple) -> None:
    shape = (1,) * len(specs[0])
    assert tuple(lax.conv_dimension_numbers(shape, shape, specs)) == expected


def test_conv_shows_in_jaxpr() -> None:
    lhs, rhs = _operands((1, 2, 5, 5), (3, 2, 3, 3), onp.float32)
    text = str(xnp.make_jaxpr(lambda x, y: lax.conv(x, y, (1, 1), "SAME"))(lhs, rhs))
    assert "conv_general_dilated" in text and "padding=((1, 1), (1, 1))" in text


ERRORS = [
    (dict(lhs=(2, 3, 5), rhs=(4, 3, 2, 2)), ValueError, "same rank"),
    (dict(lhs=(2, 3, 5, 5), rhs=(4, 2, 2, 2)), ValueError, "feature dimension"),
    (dict(lhs=(2, 4, 5, 5), rhs=(3, 2, 2, 2), feature_group_count=2), ValueError, "multiple"),
    (dict(lhs=(3, 3, 5, 5), rhs=(4, 3, 2, 2), batch_group_count=2), ValueError, "batch_group"),
    (
        dict(lhs=(2, 4, 5, 5), rhs=(4, 2, 2, 2), feature_group_count=2, batch_group_count=2),
        ValueError,
        "cannot both",
    ),  # fmt: skip
    (dict(window_strides=(1,)), ValueError, "window_strides"),
    (dict(window_strides=(1, 0)), ValueError, "positive"),
    (dict(window_strides=(0, 1), padding="SAME"), ValueError, "positive"),
    (dict(padding=((1, 1),)), ValueError, "padding"),
    (dict(padding=((-9, 0), (0, 0))), ValueError, "negative"),
    (dict(padding="FULL"), ValueError, "unknown padding"),
    (dict(padding=[1, 2]), TypeError, "padding"),
    (dict(rhs_dilation=(1, 0)), ValueError, "rhs_dilation"),
    (dict(dimension_numbers=("NCHW", "OIHW")), TypeError, "three strings"),
    (dict(dimension_numbers=("NCHW", "OIHX", "NCHW")), ValueError, "spatial"),
    (dict(dimension_numbers=("NCHH", "OIHW", "NCHW")), ValueError, "repeats"),
    (dict(dimension_numbers=("NXHW", "OIHW", "NCHW")), ValueError, "'C'"),
    (
        dict(dimension_numbers=lax.ConvDimensionNumbers((0, 1, 2, 2), (0, 1, 2, 3), (0, 1, 2, 3))),
        ValueError,
        "permutation",
    ),  # fmt: skip
    (dict(rhs_dtype=onp.float32), TypeError, "same dtype"),
    (dict(lhs_dtype=onp.bool_, rhs_dtype=onp.bool_), TypeError, "bool"),
    (dict(precision="ultra"), ValueError, "precision"),
    (dict(rhs=(4, 3, 0, 2)), ValueError, "kernel spatial dimensions must be positive"),
]


@pytest.mark.parametrize("kwargs, exc, match", ERRORS, ids=[e[2] for e in ERRORS])
def test_conv_errors(kwargs: dict, exc: type, match: str) -> None:
    kwargs = dict(kwargs)
    lhs = onp.ones(kwargs.pop("lhs", (2, 3, 5, 5)), kwargs.pop("lhs_dtype", onp.float64))
    rhs = onp.ones(kwargs.pop("rhs", (4, 3, 2, 2)), kwargs.pop("rhs_dtype", onp.float64))
    args = dict(window_strides=(1, 1), padding="VALID")
    args.update(kwargs)
    with pytest.raises(exc, match=match):
        lax.conv_general_dilated(lhs, rhs, **args)
    with pytest.raises(exc, match=match):
        xnp.jit(lambda x, y: lax.conv_general_dilated(x, y, **args))(lhs, rhs)


# ----------------------------------------------------------------------------- derivatives
# Every reference case: the jvp against central differences, the transposes (each operand's
# cotangent is a convolution) through the identity <ct, J t> == <J^T ct, t>, and vmap over
# either or both operands against a loop (the batch folds into the conv's own dimensions).


@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_conv_derivatives(case: tuple) -> None:
    lshape, rshape, strides, padding, ld, rd, specs, g, b = case
    lhs, rhs = _operands(lshape, rshape, onp.float64)
    t_lhs, t_rhs = _operands(lshape, rshape, onp.float64, seed=1)

    def f(x: Any, y: Any) -> Any:
        return lax.conv_general_dilated(x, y, strides, padding, ld, rd, specs, g, b)

    out, t_out = xnp.jvp(f, (lhs, rhs), (t_lhs, t_rhs))
    eps = 1e-6
    fd = (onp.asarray(f(lhs + eps * t_lhs, rhs + eps * t_rhs))
          - onp.asarray(f(lhs - eps * t_lhs, rhs - eps * t_rhs))) / (2 * eps)  # fmt: skip
    onp.testing.assert_allclose(onp.asarray(t_out), fd, atol=1e-6)
    ct = onp.random.default_rng(2).standard_normal(out.shape)
    ct_lhs, ct_rhs = xnp.vjp(f, lhs, rhs)[1](ct)
    assert ct_lhs.shape == lhs.shape and ct_rhs.shape == rhs.shape
    want = float(onp.sum(ct * onp.asarray(t_out)))
    got = float(onp.sum(onp.asarray(ct_lhs) * t_lhs) + onp.sum(onp.asarray(ct_rhs) * t_rhs))
    assert abs(want - got) <= 1e-9 * max(1.0, abs(want))


@pytest.mark.parametrize("axes", [(0, 0), (1, None), (None, -1), (-1, 2)])
@pytest.mark.parametrize("case", CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_conv_vmap(case: tuple, axes: tuple) -> None:
    lshape, rshape, strides, padding, ld, rd, specs, g, b = case
    pairs = [_operands(lshape, rshape, onp.float64, seed=s) for s in range(3)]

    def f(x: Any, y: Any) -> Any:
        return lax.conv_general_dilated(x, y, strides, padding, ld, rd, specs, g, b)

    args = []
    for k, ax in enumerate(axes):
        if ax is None:
            pairs = [(p[0], pairs[0][1]) if k else (pairs[0][0], p[1]) for p in pairs]
            args.append(pairs[0][k])
        else:
            args.append(onp.stack([p[k] for p in pairs], axis=ax))
    got = xnp.vmap(f, in_axes=axes)(*args)
    want = onp.stack([onp.asarray(f(*p)) for p in pairs])
    onp.testing.assert_allclose(onp.asarray(got), want, rtol=1e-12, atol=1e-12)


def test_conv_vmap_over_an_empty_axis() -> None:
    def f(x: Any, y: Any) -> Any:
        return lax.conv_general_dilated(x, y, (1,), "SAME", feature_group_count=2)

    out = xnp.vmap(f)(onp.ones((0, 2, 4, 5)), onp.ones((0, 6, 2, 3)))
    assert out.shape == (0, 2, 6, 5)
