"""Convolutions: ``conv_general_dilated`` and its convenience wrappers.

Layouts are given by ``ConvDimensionNumbers(lhs_spec, rhs_spec, out_spec)``: each spec lists
the (batch or out-feature, feature or in-feature, *spatial) dimensions of its array. String
specs such as ``('NHWC', 'HWIO', 'NHWC')`` name them by letter; the spatial dimensions are
matched by letter and ordered as they appear in the kernel's (rhs) spec, which is also the
order of ``window_strides``, ``padding`` and the dilations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import shapes, utils
from xnp._src.lax.windowed import dilate_dim, padtype_to_pads, stride_dim

hlo = mlir.hlo


class ConvDimensionNumbers(NamedTuple):
    """Dimension indices of (batch, feature, spatial...) in lhs and out, and of
    (out feature, in feature, spatial...) in rhs."""

    lhs_spec: tuple[int, ...]
    rhs_spec: tuple[int, ...]
    out_spec: tuple[int, ...]


def _spec_permutations(specs: Sequence[str]) -> ConvDimensionNumbers:
    if len(specs) != 3 or not all(isinstance(s, str) for s in specs):
        raise TypeError(
            f"conv dimension_numbers must be three strings like ('NCHW', 'OIHW', 'NCHW'), got "
            f"{specs!r}"
        )
    lhs, rhs, out = specs
    for spec, chars, what in ((lhs, "NC", "lhs"), (rhs, "OI", "rhs"), (out, "NC", "out")):
        if len(set(spec)) != len(spec):
            raise ValueError(f"conv: {what} spec {spec!r} repeats a dimension letter")
        if any(spec.count(c) != 1 for c in chars):
            raise ValueError(
                f"conv: {what} spec {spec!r} must contain {chars[0]!r} and {chars[1]!r} once"
            )
    spatial = [c for c in rhs if c not in "OI"]
    if set(lhs) - set("NC") != set(spatial) or set(out) - set("NC") != set(spatial):
        raise ValueError(
            f"conv: specs {specs!r} must name the same spatial dimensions in lhs, rhs and out"
        )

    def perm(spec: str, first: str, second: str) -> tuple[int, ...]:
        return (spec.index(first), spec.index(second), *(spec.index(c) for c in spatial))

    return ConvDimensionNumbers(perm(lhs, "N", "C"), perm(rhs, "O", "I"), perm(out, "N", "C"))


def conv_dimension_numbers(
    lhs_shape: Sequence[int], rhs_shape: Sequence[int], dimension_numbers: Any
) -> ConvDimensionNumbers:
    """Normalize ``dimension_numbers`` (None, a ``ConvDimensionNumbers`` or three strings).

    ``None`` means ``('NC...', 'OI...', 'NC...')``: batch/feature first, then spatial.
    """
    if len(lhs_shape) != len(rhs_shape):
        raise ValueError(
            f"conv: lhs and rhs must have the same rank, got shapes {tuple(lhs_shape)} and "
            f"{tuple(rhs_shape)}"
        )
    n = len(lhs_shape)
    if dimension_numbers is None:
        dn = ConvDimensionNumbers(*(tuple(range(n)),) * 3)
    elif isinstance(dimension_numbers, ConvDimensionNumbers):
        dn = ConvDimensionNumbers(*(tuple(int(i) for i in s) for s in dimension_numbers))
    else:
        dn = _spec_permutations(tuple(dimension_numbers))
    for what, spec in zip(("lhs", "rhs", "out"), dn, strict=True):
        if sorted(spec) != list(range(n)):
            raise ValueError(
                f"conv: {what} dimension numbers {spec} must be a permutation of the {n} "
                f"dimensions of shapes {tuple(lhs_shape)} and {tuple(rhs_shape)}"
            )
    return dn


_PRECISIONS = {"DEFAULT": "DEFAULT", "HIGH": "HIGH", "HIGHEST": "HIGHEST",
               "BFLOAT16": "DEFAULT", "TENSORFLOAT32": "HIGH", "FLOAT32": "HIGHEST"}  # fmt: skip


def _precision_name(p: Any) -> str:
    name = getattr(p, "name", p)
    if p is None:
        return "DEFAULT"
    if not isinstance(name, str) or name.upper() not in _PRECISIONS:
        raise ValueError(f"conv: unknown precision {p!r}")
    return _PRECISIONS[name.upper()]


def _precision(precision: Any) -> tuple[str, str] | None:
    """``None`` or a (lhs, rhs) pair of StableHLO precision names."""
    if precision is None:
        return None
    if isinstance(precision, tuple | list):
        if len(precision) != 2:
            raise ValueError(f"conv: precision must be one value or a pair, got {precision!r}")
        return _precision_name(precision[0]), _precision_name(precision[1])
    p = _precision_name(precision)
    return p, p


# ----------------------------------------------------------------------------- conv_general_dilated


def _conv_abstract_eval(
    lhs: core.ShapedArray,
    rhs: core.ShapedArray,
    *,
    window_strides: tuple[int, ...],
    padding: tuple[tuple[int, int], ...],
    lhs_dilation: tuple[int, ...],
    rhs_dilation: tuple[int, ...],
    dimension_numbers: ConvDimensionNumbers,
    feature_group_count: int,
    batch_group_count: int,
    precision: Any,
    preferred_element_type: onp.dtype | None,
) -> core.ShapedArray:
    name = "conv_general_dilated"
    utils.check_dtypes(name, [lhs, rhs], utils.NUMERIC)
    if lhs.dtype != rhs.dtype and preferred_element_type is None:
        raise TypeError(
            f"{name} requires operands of the same dtype, got {lhs.dtype.name} and "
            f"{rhs.dtype.name} (pass preferred_element_type to mix them)"
        )
    if lhs.ndim != rhs.ndim or lhs.ndim < 2:
        raise ValueError(
            f"{name}: lhs and rhs must have the same rank, at least 2; got shapes "
            f"{lhs.shape} and {rhs.shape}"
        )
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    for spec in dimension_numbers:
        if sorted(spec) != list(range(lhs.ndim)):
            raise ValueError(
                f"{name}: dimension numbers {dimension_numbers} are not permutations of the "
                f"dimensions of shapes {lhs.shape} and {rhs.shape}"
            )
    nspatial = lhs.ndim - 2
    for what, xs in (("window_strides", window_strides), ("padding", padding),
                     ("lhs_dilation", lhs_dilation), ("rhs_dilation", rhs_dilation)):  # fmt: skip
        if len(xs) != nspatial:
            raise ValueError(
                f"{name}: {what} {xs} must have one entry per spatial dimension ({nspatial} "
                f"for shapes {lhs.shape} and {rhs.shape})"
            )
    for what, xs in (("window_strides", window_strides), ("lhs_dilation", lhs_dilation),
                     ("rhs_dilation", rhs_dilation)):  # fmt: skip
        if any(x < 1 for x in xs):
            raise ValueError(f"{name}: {what} must be positive, got {xs}")
    g, b = feature_group_count, batch_group_count
    if g < 1 or b < 1:
        raise ValueError(f"{name}: group counts must be positive, got {g} and {b}")
    if g > 1 and b > 1:
        raise ValueError(f"{name}: feature_group_count and batch_group_count cannot both be > 1")
    n, c = lhs.shape[lhs_spec[0]], lhs.shape[lhs_spec[1]]
    o, i = rhs.shape[rhs_spec[0]], rhs.shape[rhs_spec[1]]
    if c != i * g:
        raise ValueError(
            f"{name}: lhs feature dimension ({c}, shape {lhs.shape}) must equal rhs input "
            f"feature dimension ({i}, shape {rhs.shape}) times feature_group_count ({g})"
        )
    if o % g:
        raise ValueError(
            f"{name}: rhs output feature dimension ({o}, shape {rhs.shape}) must be a "
            f"multiple of feature_group_count ({g})"
        )
    if n % b or o % b:
        raise ValueError(
            f"{name}: lhs batch dimension ({n}, shape {lhs.shape}) and rhs output feature "
            f"dimension ({o}, shape {rhs.shape}) must be multiples of batch_group_count ({b})"
        )
    if 0 in (rhs.shape[d] for d in rhs_spec[2:]):
        raise ValueError(f"{name}: kernel spatial dimensions must be positive, got rhs shape "
                         f"{rhs.shape}")  # fmt: skip
    spatial = []
    for k in range(nspatial):
        lo, hi = padding[k]
        size = dilate_dim(lhs.shape[lhs_spec[k + 2]], lhs_dilation[k]) + lo + hi
        if size < 0:
            raise ValueError(
                f"{name}: padding {padding} is more negative than lhs shape {lhs.shape} allows"
            )
        window = dilate_dim(rhs.shape[rhs_spec[k + 2]], rhs_dilation[k])
        spatial.append(stride_dim(size, window, window_strides[k]))
    out_shape = [0] * lhs.ndim
    for d, size in zip(out_spec, (n // b, o, *spatial), strict=True):
        out_shape[d] = size
    dtype = preferred_element_type if preferred_element_type is not None else lhs.dtype
    return core.ShapedArray(tuple(out_shape), dtype, lhs.weak_type and rhs.weak_type)


def _conv_lowering(ctx, lhs, rhs, *, window_strides, padding, lhs_dilation,  # noqa: ANN001, ANN202
                   rhs_dilation, dimension_numbers, feature_group_count, batch_group_count,
                   precision, preferred_element_type):  # fmt: skip
    la, ra = ctx.avals_in
    out = ctx.avals_out[0]
    # Mixed precision: convert the operands to the result dtype first (exact for widening).
    lhs = mlir.convert(lhs, la, la.update(dtype=out.dtype))
    rhs = mlir.convert(rhs, ra, ra.update(dtype=out.dtype))
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    dn = hlo.ConvDimensionNumbers.get(
        input_batch_dimension=lhs_spec[0],
        input_feature_dimension=lhs_spec[1],
        input_spatial_dimensions=list(lhs_spec[2:]),
        kernel_input_feature_dimension=rhs_spec[1],
        kernel_output_feature_dimension=rhs_spec[0],
        kernel_spatial_dimensions=list(rhs_spec[2:]),
        output_batch_dimension=out_spec[0],
        output_feature_dimension=out_spec[1],
        output_spatial_dimensions=list(out_spec[2:]),
    )
    pads = onp.asarray(padding, onp.int64).reshape(len(padding), 2)
    precision_config = None
    if precision is not None:
        precision_config = mlir.ir.ArrayAttr.get([hlo.PrecisionAttr.get(p) for p in precision])
    return hlo.convolution(
        mlir.aval_to_ir_type(out),
        lhs,
        rhs,
        dn,
        mlir.i64_attr(feature_group_count),
        mlir.i64_attr(batch_group_count),
        window_strides=mlir.dense_i64(window_strides),
        padding=mlir.ir.DenseIntElementsAttr.get(pads, shape=pads.shape),
        lhs_dilation=mlir.dense_i64(lhs_dilation),
        rhs_dilation=mlir.dense_i64(rhs_dilation),
        precision_config=precision_config,
    )


conv_general_dilated_p = utils.standard_primitive(
    "conv_general_dilated", _conv_abstract_eval, _conv_lowering
)


def _int_tuple(what: str, xs: Any, n: int) -> tuple[int, ...]:
    return utils.int_tuple("conv_general_dilated", what, xs, n, 1)


def conv_general_dilated(
    lhs: Any,
    rhs: Any,
    window_strides: Sequence[int],
    padding: str | Sequence[tuple[int, int]],
    lhs_dilation: Sequence[int] | None = None,
    rhs_dilation: Sequence[int] | None = None,
    dimension_numbers: Any = None,
    feature_group_count: int = 1,
    batch_group_count: int = 1,
    precision: Any = None,
    preferred_element_type: Any = None,
) -> Any:
    """General n-d convolution (a cross-correlation: the kernel is not flipped).

    Parameters
    ----------
    lhs, rhs : input and kernel, laid out as ``dimension_numbers`` says.
    window_strides : stride per spatial dimension.
    padding : ``'VALID'``, ``'SAME'``, ``'SAME_LOWER'`` or ``(low, high)`` pairs, one per
        spatial dimension (negative pads crop).
    lhs_dilation : input dilation (``> 1`` is a transposed convolution's upsampling).
    rhs_dilation : kernel dilation (atrous convolution).
    dimension_numbers : ``None``, a ``ConvDimensionNumbers`` or specs like
        ``('NHWC', 'HWIO', 'NHWC')``.
    feature_group_count, batch_group_count : grouped (e.g. depthwise) convolutions.
    preferred_element_type : the result dtype (operands are converted to it first).
    """
    lhs, rhs = utils.asarray(lhs), utils.asarray(rhs)
    dn = conv_dimension_numbers(lhs.shape, rhs.shape, dimension_numbers)
    nspatial = lhs.ndim - 2
    window_strides = _int_tuple("window_strides", window_strides, nspatial)
    lhs_dilation = _int_tuple("lhs_dilation", lhs_dilation, nspatial)
    rhs_dilation = _int_tuple("rhs_dilation", rhs_dilation, nspatial)
    if isinstance(padding, str):
        lhs_spatial = [lhs.shape[d] for d in dn.lhs_spec[2:]]
        rhs_spatial = [rhs.shape[d] for d in dn.rhs_spec[2:]]
        if (len(window_strides) != nspatial or len(rhs_dilation) != nspatial
                or min(window_strides + rhs_dilation, default=1) < 1):  # fmt: skip
            pads = ((0, 0),) * nspatial  # the shape rule reports the length mismatch
        else:
            window = [dilate_dim(k, r) for k, r in zip(rhs_spatial, rhs_dilation, strict=True)]
            pads = tuple(padtype_to_pads(lhs_spatial, window, window_strides, padding))
    else:
        pads = utils.pad_pairs("conv_general_dilated", padding)
    pet = None
    if preferred_element_type is not None:
        pet = dtypes.canonicalize_dtype(dtypes.to_dtype(preferred_element_type))
    return conv_general_dilated_p.bind(
        lhs,
        rhs,
        window_strides=window_strides,
        padding=pads,
        lhs_dilation=lhs_dilation,
        rhs_dilation=rhs_dilation,
        dimension_numbers=dn,
        feature_group_count=int(feature_group_count),
        batch_group_count=int(batch_group_count),
        precision=_precision(precision),
        preferred_element_type=pet,
    )


def conv(
    lhs: Any,
    rhs: Any,
    window_strides: Sequence[int],
    padding: str | Sequence[tuple[int, int]],
    precision: Any = None,
    preferred_element_type: Any = None,
) -> Any:
    """Convolution of an ``N C *spatial`` input with an ``O I *spatial`` kernel."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, precision=precision,
                                preferred_element_type=preferred_element_type)  # fmt: skip


def conv_with_general_padding(
    lhs: Any,
    rhs: Any,
    window_strides: Sequence[int],
    padding: str | Sequence[tuple[int, int]],
    lhs_dilation: Sequence[int] | None,
    rhs_dilation: Sequence[int] | None,
    precision: Any = None,
    preferred_element_type: Any = None,
) -> Any:
    """``conv`` with explicit padding and input/kernel dilation (``N C *spatial`` layout)."""
    return conv_general_dilated(lhs, rhs, window_strides, padding, lhs_dilation, rhs_dilation,
                                precision=precision,
                                preferred_element_type=preferred_element_type)  # fmt: skip


# ============================================================================ autodiff and batching
# conv is bilinear: each operand's transpose is another convolution. Per spatial dimension,
# with input size i, kernel k, output o, stride s, padding (lo, hi), lhs dilation ld and rhs
# dilation rd, output y reads the (ld-dilated, padded) input at y * s + j * rd for kernel tap j.


def _move_group(x: Any, src: int, groups: int, dst: int) -> Any:
    """Split axis ``src`` into ``(groups, rest)`` and merge ``groups`` into axis ``dst`` as
    its major part (``dst`` numbered as in ``x``)."""
    shape = core.get_aval(x).shape
    split = (*shape[:src], groups, shape[src] // groups, *shape[src + 1 :])
    x = shapes.reshape(x, split)
    dst_s = dst + (dst > src)  # dst's position after the split
    perm = [d for d in range(len(split)) if d != src]
    perm.insert(perm.index(dst_s), src)
    merged = [split[d] for d in perm]
    at = perm.index(src)
    merged[at : at + 2] = [merged[at] * merged[at + 1]]
    return shapes.reshape(x, merged, perm)


def _spatial(shape: Sequence[int], spec: Sequence[int]) -> list[int]:
    return [shape[d] for d in spec[2:]]


def _other_dtype(dtype: onp.dtype, *avals: core.ShapedArray) -> onp.dtype | None:
    """``preferred_element_type`` for a transpose that must produce ``dtype``."""
    return None if all(a.dtype == dtype for a in avals) else dtype


def _conv_transpose_lhs(
    ct: Any,
    rhs: Any,
    lhs_aval: core.ShapedArray,
    *,
    window_strides: tuple[int, ...],
    padding: tuple[tuple[int, int], ...],
    lhs_dilation: tuple[int, ...],
    rhs_dilation: tuple[int, ...],
    dimension_numbers: ConvDimensionNumbers,
    feature_group_count: int,
    batch_group_count: int,
    precision: Any,
    preferred_element_type: onp.dtype | None,
) -> Any:
    # ct_lhs[x] = sum_j ct_dilated[ld * x + lo - j * rd] rhs[j]: a convolution of the
    # s-dilated cotangent with the reflected kernel, stepping by ld, with the padding that
    # aligns window starts; the kernel's in/out features swap roles.
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    rhs_aval, ct_aval = core.get_aval(rhs), core.get_aval(ct)
    pads = []
    for i, k, o, s, (lo, _), ld, rd in zip(_spatial(lhs_aval.shape, lhs_spec),
                                           _spatial(rhs_aval.shape, rhs_spec),
                                           _spatial(ct_aval.shape, out_spec), window_strides,
                                           padding, lhs_dilation, rhs_dilation,
                                           strict=True):  # fmt: skip
        reach = dilate_dim(k, rd) - 1
        lo_t = reach - lo
        pads.append((lo_t, dilate_dim(i, ld) + reach - dilate_dim(o, s) - lo_t))
    groups = max(feature_group_count, batch_group_count)
    kernel = rhs
    if groups > 1:
        # Each group's output features become its input features: the group index moves
        # from the kernel's out-feature axis to its in-feature axis.
        kernel = _move_group(kernel, rhs_spec[0], groups, rhs_spec[1])
    kernel = shapes.rev(kernel, rhs_spec[2:])
    t_rhs_spec = (rhs_spec[1], rhs_spec[0], *rhs_spec[2:])
    out = conv_general_dilated_p.bind(
        ct,
        kernel,
        window_strides=lhs_dilation,
        padding=tuple(pads),
        lhs_dilation=window_strides,
        rhs_dilation=rhs_dilation,
        dimension_numbers=ConvDimensionNumbers(out_spec, t_rhs_spec, lhs_spec),
        feature_group_count=groups,
        batch_group_count=1,
        precision=precision,
        preferred_element_type=_other_dtype(lhs_aval.dtype, ct_aval, rhs_aval),
    )
    if batch_group_count > 1:
        # The batch groups came out as feature groups: move them back into the batch.
        out = _move_group(out, lhs_spec[1], batch_group_count, lhs_spec[0])
    return out


def _conv_transpose_rhs(
    ct: Any,
    lhs: Any,
    rhs_aval: core.ShapedArray,
    *,
    window_strides: tuple[int, ...],
    padding: tuple[tuple[int, int], ...],
    lhs_dilation: tuple[int, ...],
    rhs_dilation: tuple[int, ...],
    dimension_numbers: ConvDimensionNumbers,
    feature_group_count: int,
    batch_group_count: int,
    precision: Any,
    preferred_element_type: onp.dtype | None,
) -> Any:
    # ct_rhs[j] = sum_{n, y} lhs_padded[n, y * s + j * rd] ct[n, y]: a convolution of lhs
    # (features as batch, batch contracted as features) with the cotangent as kernel,
    # stepping by rd with kernel dilation s. Feature groups become batch groups and back.
    lhs_spec, rhs_spec, out_spec = dimension_numbers
    lhs_aval, ct_aval = core.get_aval(lhs), core.get_aval(ct)
    pads = []
    for i, k, o, s, (lo, _), ld, rd in zip(_spatial(lhs_aval.shape, lhs_spec),
                                           _spatial(rhs_aval.shape, rhs_spec),
                                           _spatial(ct_aval.shape, out_spec), window_strides,
                                           padding, lhs_dilation, rhs_dilation,
                                           strict=True):  # fmt: skip
        pads.append((lo, dilate_dim(k, rd) - 1 + dilate_dim(o, s) - dilate_dim(i, ld) - lo))

    def swap(spec: Sequence[int]) -> tuple[int, ...]:
        return (spec[1], spec[0], *spec[2:])

    return conv_general_dilated_p.bind(
        lhs,
        ct,
        window_strides=rhs_dilation,
        padding=tuple(pads),
        lhs_dilation=lhs_dilation,
        rhs_dilation=window_strides,
        dimension_numbers=ConvDimensionNumbers(swap(lhs_spec), swap(out_spec), swap(rhs_spec)),
        feature_group_count=batch_group_count,
        batch_group_count=feature_group_count,
        precision=precision,
        preferred_element_type=_other_dtype(rhs_aval.dtype, ct_aval, lhs_aval),
    )


def _conv_transpose(ct: Any, lhs: Any, rhs: Any, **params: Any) -> list[Any]:
    lin_l, lin_r = ad.is_undefined_primal(lhs), ad.is_undefined_primal(rhs)
    if lin_l and lin_r:
        raise NotImplementedError("conv_general_dilated is not linear in both operands at once")
    if type(ct) is ad.Zero:
        return [ad.Zero(lhs.aval) if lin_l else None, ad.Zero(rhs.aval) if lin_r else None]
    if 0 in core.get_aval(ct).shape:  # no output, e.g. a kernel larger than the input
        aval = lhs.aval if lin_l else rhs.aval
        zeros = utils.full(aval.shape, 0, aval.dtype)
        return [zeros, None] if lin_l else [None, zeros]
    if lin_l:
        return [_conv_transpose_lhs(ct, rhs, lhs.aval, **params), None]
    return [None, _conv_transpose_rhs(ct, lhs, rhs.aval, **params)]


def _conv_jvp_lhs(g: Any, lhs: Any, rhs: Any, **params: Any) -> Any:
    return conv_general_dilated_p.bind(g, rhs, **params)


def _conv_jvp_rhs(g: Any, lhs: Any, rhs: Any, **params: Any) -> Any:
    return conv_general_dilated_p.bind(lhs, g, **params)


def _fold_batch(x: Any, bdim: int, dst: int, groups: int) -> Any:
    """Merge the batch axis ``bdim`` into axis ``dst`` (numbered without the batch axis),
    ordered ``(groups, batch, rest)`` so that each of ``groups`` groups keeps its examples."""
    x = batching.moveaxis(x, bdim, dst)  # batch at dst, the target axis at dst + 1
    shape = core.get_aval(x).shape
    b, n = shape[dst], shape[dst + 1]
    split = (*shape[:dst], b, groups, n // groups, *shape[dst + 2 :])
    perm = list(range(len(split)))
    perm[dst], perm[dst + 1] = dst + 1, dst
    return shapes.reshape(shapes.reshape(x, split), (*shape[:dst], b * n, *shape[dst + 2 :]),
                          perm)  # fmt: skip


def _unfold_batch(y: Any, axis: int, groups: int, size: int) -> Any:
    """Undo ``_fold_batch`` on an output axis: the batch becomes axis ``axis`` again."""
    shape = core.get_aval(y).shape
    n = shape[axis] // (groups * size)
    y = shapes.reshape(y, (*shape[:axis], groups, size, n, *shape[axis + 1 :]))
    perm = list(range(len(shape) + 2))
    perm[axis], perm[axis + 1] = axis + 1, axis
    return shapes.reshape(y, (*shape[:axis], size, groups * n, *shape[axis + 1 :]), perm)


def _conv_batch(vals: list, dims: list, **params: Any) -> tuple[Any, int]:
    # The vmapped axis folds into a dimension the convolution already has: lhs alone into its
    # batch, rhs alone into its output features (inside each group), both into the feature
    # groups (or the batch groups), one group per example.
    (lhs, rhs), (ld, rd) = vals, dims
    lhs_spec, rhs_spec, out_spec = params["dimension_numbers"]
    fgc, bgc = params["feature_group_count"], params["batch_group_count"]
    size = core.get_aval(lhs).shape[ld] if ld is not None else core.get_aval(rhs).shape[rd]
    if size == 0:
        l_aval, r_aval = core.get_aval(lhs), core.get_aval(rhs)
        if ld is not None:
            l_aval = l_aval.update(shape=l_aval.shape[:ld] + l_aval.shape[ld + 1 :])
        if rd is not None:
            r_aval = r_aval.update(shape=r_aval.shape[:rd] + r_aval.shape[rd + 1 :])
        out = _conv_abstract_eval(l_aval, r_aval, **params)
        return utils.full((0, *out.shape), 0, out.dtype), 0
    if rd is None:
        lhs = _fold_batch(lhs, ld, lhs_spec[0], bgc)
        out = conv_general_dilated_p.bind(lhs, rhs, **params)
        return _unfold_batch(out, out_spec[0], 1, size), out_spec[0]
    if ld is None:
        groups = max(fgc, bgc)
        rhs = _fold_batch(rhs, rd, rhs_spec[0], groups)
        out = conv_general_dilated_p.bind(lhs, rhs, **params)
        return _unfold_batch(out, out_spec[1], groups, size), out_spec[1]
    rhs = _fold_batch(rhs, rd, rhs_spec[0], 1)
    if bgc > 1:
        lhs = _fold_batch(lhs, ld, lhs_spec[0], 1)
        params = dict(params, batch_group_count=bgc * size)
    else:
        lhs = _fold_batch(lhs, ld, lhs_spec[1], 1)
        params = dict(params, feature_group_count=fgc * size)
    out = conv_general_dilated_p.bind(lhs, rhs, **params)
    return _unfold_batch(out, out_spec[1], 1, size), out_spec[1]


ad.defjvp(conv_general_dilated_p, _conv_jvp_lhs, _conv_jvp_rhs)
ad.transpose_rules[conv_general_dilated_p] = _conv_transpose
batching.batch_rules[conv_general_dilated_p] = _conv_batch
