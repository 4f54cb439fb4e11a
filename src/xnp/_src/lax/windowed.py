"""Windowed reductions (``reduce_window`` and its monoid forms), the select-and-scatter pair
behind max-pooling's gradient, and cumulative reductions along an axis.

All lower to ``stablehlo.reduce_window`` (or ``select_and_scatter``): a cumulative op is a
reduce_window whose window spans the axis and whose low padding is ``n - 1``; XLA rewrites
such windows into an efficient scan.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes, tree_util
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise, loops, shapes, slicing, utils
from xnp._src.lax.reductions import compare, minmax

hlo = mlir.hlo

Padding = tuple[tuple[int, int], ...]

# ----------------------------------------------------------------------------- shapes


def dilate_dim(d: int, dilation: int) -> int:
    """Size of a dimension of size ``d`` with ``dilation - 1`` holes between its elements."""
    return 0 if d == 0 else 1 + dilation * (d - 1)


def stride_dim(d: int, window: int, stride: int) -> int:
    """Number of windows of size ``window`` at ``stride`` that fit in ``d`` elements."""
    return 0 if d < window else (d - window) // stride + 1


def padtype_to_pads(
    in_shape: Sequence[int],
    window_shape: Sequence[int],
    window_strides: Sequence[int],
    padding: str,
) -> list[tuple[int, int]]:
    """Explicit ``(low, high)`` pads for ``'VALID'``, ``'SAME'`` or ``'SAME_LOWER'`` padding.

    ``'SAME'`` pads so that the output has ``ceil(in / stride)`` elements, with the odd
    element of padding at the end; ``'SAME_LOWER'`` puts it at the start.
    """
    if not isinstance(padding, str):
        raise TypeError(f"padding must be a string, got {padding!r}")
    mode = padding.upper()
    if mode == "VALID":
        return [(0, 0)] * len(in_shape)
    if mode not in ("SAME", "SAME_LOWER"):
        raise ValueError(
            f"unknown padding {padding!r}: expected 'VALID', 'SAME', 'SAME_LOWER' or a "
            "sequence of (low, high) pairs"
        )
    pads = []
    for d, w, s in zip(in_shape, window_shape, window_strides, strict=True):
        out = -(-d // s)
        total = max(0, (out - 1) * s + w - d)
        lo = total // 2 if mode == "SAME" else total - total // 2
        pads.append((lo, total - lo))
    return pads


_ints = utils.int_tuple
_pads = utils.pad_pairs


def window_params(
    name: str,
    shape: Sequence[int],
    window_dimensions: Sequence[int],
    window_strides: Sequence[int] | None,
    padding: str | Sequence[tuple[int, int]],
    base_dilation: Sequence[int] | None = None,
    window_dilation: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Normalize a wrapper's window arguments into hashable primitive parameters."""
    wd = _ints(name, "window_dimensions", window_dimensions, len(shape))
    n = len(wd)
    ws = _ints(name, "window_strides", window_strides, n, 1)
    bd = _ints(name, "base_dilation", base_dilation, n, 1)
    wdil = _ints(name, "window_dilation", window_dilation, n, 1)
    if isinstance(padding, str):
        if len(ws) != n or len(wdil) != n or len(shape) != n or min(ws + wdil, default=1) < 1:
            # Let the shape rule report the mismatch with all the lengths in view.
            pads: Padding = ((0, 0),) * n
        else:
            dilated = [dilate_dim(w, d) for w, d in zip(wd, wdil, strict=True)]
            pads = tuple(padtype_to_pads(shape, dilated, ws, padding))
    else:
        pads = _pads(name, padding)
    return dict(
        window_dimensions=wd,
        window_strides=ws,
        padding=pads,
        base_dilation=bd,
        window_dilation=wdil,
    )


def window_shape(
    name: str,
    aval: core.ShapedArray,
    window_dimensions: tuple[int, ...],
    window_strides: tuple[int, ...],
    padding: Padding,
    base_dilation: tuple[int, ...],
    window_dilation: tuple[int, ...],
) -> tuple[int, ...]:
    """The shape of a windowed reduction's result; raises ValueError on bad parameters."""
    n = aval.ndim
    for what, xs in (("window_dimensions", window_dimensions), ("window_strides",
                     window_strides), ("padding", padding), ("base_dilation", base_dilation),
                     ("window_dilation", window_dilation)):  # fmt: skip
        if len(xs) != n:
            raise ValueError(
                f"{name}: {what} {xs} must have one entry per operand dimension; operand "
                f"shape {aval.shape}"
            )
    for what, xs in (("window_dimensions", window_dimensions), ("window_strides",
                     window_strides), ("base_dilation", base_dilation),
                     ("window_dilation", window_dilation)):  # fmt: skip
        if any(x < 1 for x in xs):
            raise ValueError(f"{name}: {what} must be positive, got {xs}")
    out = []
    for d, w, s, (lo, hi), b, wdil in zip(aval.shape, window_dimensions, window_strides,
                                          padding, base_dilation, window_dilation,
                                          strict=True):  # fmt: skip
        padded = dilate_dim(d, b) + lo + hi
        if padded < 0:
            raise ValueError(
                f"{name}: padding {padding} is more negative than the operand shape "
                f"{aval.shape} (dilated by {base_dilation}) allows"
            )
        out.append(stride_dim(padded, dilate_dim(w, wdil), s))
    return tuple(out)


def _padding_attr(padding: Padding) -> Any:
    arr = onp.asarray(padding, onp.int64).reshape(len(padding), 2)
    return mlir.ir.DenseIntElementsAttr.get(arr, shape=arr.shape)


def _scalar_type(dtype: onp.dtype) -> Any:
    return mlir.aval_to_ir_type(core.ShapedArray((), dtype))


def emit_reduce_window(
    out_avals: Sequence[core.ShapedArray],
    operands: Sequence[Any],
    inits: Sequence[Any],
    elt_dtypes: Sequence[onp.dtype],
    body: Callable[[list[Any], list[Any]], list[Any]],
    *,
    window_dimensions: Sequence[int],
    window_strides: Sequence[int],
    padding: Padding,
    base_dilation: Sequence[int],
    window_dilation: Sequence[int],
) -> list[Any]:
    """Emit ``stablehlo.reduce_window`` whose region computes ``body(accs, xs)``."""
    op = hlo.ReduceWindowOp(
        [mlir.aval_to_ir_type(a) for a in out_avals],
        list(operands),
        list(inits),
        mlir.dense_i64(window_dimensions),
        window_strides=mlir.dense_i64(window_strides),
        base_dilations=mlir.dense_i64(base_dilation),
        window_dilations=mlir.dense_i64(window_dilation),
        padding=_padding_attr(padding),
    )
    scalar_types = [_scalar_type(d) for d in elt_dtypes]
    block = op.regions[0].blocks.append(*scalar_types, *scalar_types)
    n = len(operands)
    with mlir.ir.InsertionPoint(block):
        args = list(block.arguments)
        hlo.return_(body(args[:n], args[n:]))
    return list(op.results)


def _init_constant(value: Any, dtype: onp.dtype) -> Any:
    return mlir.ir_constant(onp.asarray(value, dtype))


def _identity(op: str, dtype: onp.dtype) -> Any:
    k = dtypes.kind(dtype)
    if op in ("add", "logaddexp"):
        return -onp.inf if op == "logaddexp" else (False if k == "b" else 0)
    if op == "mul":
        return 1
    if op in ("max", "min"):
        sign = -1 if op == "max" else 1
        if k == "b":
            return op == "min"
        if k in "iu":
            info = onp.iinfo(dtype)
            return info.min if op == "max" else info.max
        if k == "c":
            return complex(sign * onp.inf, sign * onp.inf)
        return sign * onp.inf
    raise KeyError(op)


def _logaddexp(a: Any, b: Any, dtype: onp.dtype) -> Any:
    # max + log1p(exp(-|a - b|)); where a - b is NaN (equal infinities or a NaN operand),
    # a + b gives the right answer: -inf, +inf or NaN.
    amax = hlo.maximum(a, b)
    delta = hlo.subtract(a, b)
    is_nan = compare(delta, delta, "NE", dtype)
    tail = hlo.log_plus_one(hlo.exponential(hlo.negate(hlo.abs(delta))))
    return hlo.select(is_nan, hlo.add(a, b), hlo.add(amax, tail))


def _binary(op: str, dtype: onp.dtype) -> Callable[[Any, Any], Any]:
    if op == "logaddexp":
        return lambda a, b: _logaddexp(a, b, dtype)
    if dtype == onp.bool_ and op == "add":
        return hlo.or_
    if dtype == onp.bool_ and op == "mul":
        return hlo.and_
    if op in ("max", "min"):
        return lambda a, b: minmax(a, b, op, dtype)
    return {"add": hlo.add, "mul": hlo.multiply}[op]


# ----------------------------------------------------------------------------- monoid windows


def _monoid_window(name: str, op: str, kinds: tuple[str, ...]):
    def abstract_eval(x: core.ShapedArray, **params: Any) -> core.ShapedArray:
        utils.check_dtypes(name, [x], kinds)
        return core.ShapedArray(window_shape(name, x, **params), x.dtype, x.weak_type)

    def lower(ctx: mlir.LoweringRuleContext, x: Any, **params: Any) -> Any:
        dt = ctx.avals_in[0].dtype
        init = _init_constant(_identity(op, dt), dt)
        fn = _binary(op, dt)
        return emit_reduce_window(
            ctx.avals_out, [x], [init], [dt], lambda a, b: [fn(a[0], b[0])], **params
        )[0]

    prim = utils.standard_primitive(name, abstract_eval, lower)

    def wrapper(
        operand: Any,
        window_dimensions: Sequence[int],
        window_strides: Sequence[int] | None = None,
        padding: str | Sequence[tuple[int, int]] = "VALID",
        base_dilation: Sequence[int] | None = None,
        window_dilation: Sequence[int] | None = None,
    ) -> Any:
        operand = utils.asarray(operand)
        params = window_params(name, operand.shape, window_dimensions, window_strides,
                               padding, base_dilation, window_dilation)  # fmt: skip
        return prim.bind(operand, **params)

    wrapper.__name__ = wrapper.__qualname__ = name
    wrapper.__doc__ = (
        f"``{op}`` over the windows of ``operand`` (padding holds the identity of ``{op}``)."
    )
    return prim, wrapper


reduce_window_sum_p, reduce_window_sum = _monoid_window("reduce_window_sum", "add", utils.NUMERIC)
reduce_window_max_p, reduce_window_max = _monoid_window("reduce_window_max", "max", utils.ANY)
reduce_window_min_p, reduce_window_min = _monoid_window("reduce_window_min", "min", utils.ANY)


def _unit_window_at(params: dict[str, Any], d: int) -> dict[str, Any]:
    """Window parameters for an operand with an extra (batch) axis at ``d``: a size-1 window
    there, with unit stride and dilation and no padding."""
    unit = {"window_dimensions": 1, "window_strides": 1, "padding": (0, 0), "base_dilation": 1,
            "window_dilation": 1}  # fmt: skip
    out = dict(params)
    for k, v in unit.items():
        if k in params:
            out[k] = (*params[k][:d], v, *params[k][d:])
    return out


def _window_batch(prim: core.Primitive) -> Callable[..., Any]:
    def rule(vals: list, dims: list, **params: Any) -> tuple[Any, int]:
        (x,), (d,) = vals, dims
        return prim.bind(x, **_unit_window_at(params, d)), d

    return rule


def _reduce_window_sum_transpose(ct: Any, x: Any, *, window_dimensions: tuple[int, ...],
                                 window_strides: tuple[int, ...], padding: Padding,
                                 base_dilation: tuple[int, ...],
                                 window_dilation: tuple[int, ...]) -> list[Any]:  # fmt: skip
    # An input element receives the cotangent of every window that covers it. Spreading the
    # cotangent out by the stride and padding it by a window's reach turns that into a window
    # sum again, stepping by the base dilation (windows of ones are their own reflection).
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    config = []
    for d, w, s, (lo, _), b, wd, o in zip(x.aval.shape, window_dimensions, window_strides,
                                          padding, base_dilation, window_dilation,
                                          core.get_aval(ct).shape, strict=True):  # fmt: skip
        reach = dilate_dim(w, wd) - 1
        lo_t = reach - lo
        config.append((lo_t, dilate_dim(d, b) + reach - dilate_dim(o, s) - lo_t, s - 1))
    n = x.aval.ndim
    out = reduce_window_sum_p.bind(
        shapes.pad(ct, 0, config),
        window_dimensions=window_dimensions,
        window_strides=base_dilation,
        padding=((0, 0),) * n,
        base_dilation=(1,) * n,
        window_dilation=window_dilation,
    )
    return [out]


def _chooser_jvp(prim: core.Primitive, select: str) -> Callable[..., Any]:
    # The tangent of each window's extreme is the tangent of the element that attains it.
    def rule(primals: list, tangents: list, **params: Any) -> tuple[Any, Any]:
        (x,), (t,) = primals, tangents
        if dtypes.kind(core.get_aval(x).dtype) == "c":
            raise NotImplementedError(f"differentiating {prim.name} of complex operands")
        ans = prim.bind(x, **params)
        return ans, select_and_gather_add_p.bind(t, x, select=select, **params)

    return rule


ad.deflinear(reduce_window_sum_p, _reduce_window_sum_transpose)
ad.jvp_rules[reduce_window_max_p] = _chooser_jvp(reduce_window_max_p, "ge")
ad.jvp_rules[reduce_window_min_p] = _chooser_jvp(reduce_window_min_p, "le")
for _p in (reduce_window_sum_p, reduce_window_max_p, reduce_window_min_p):
    batching.batch_rules[_p] = _window_batch(_p)


# ----------------------------------------------------------------------------- reduce_window


def _reduce_window_abstract_eval(*avals: core.ShapedArray, jaxpr: core.ClosedJaxpr, **params):
    n = len(avals) // 2
    operands, inits = avals[:n], avals[n:]
    if n == 0:
        raise ValueError("reduce_window needs at least one operand")
    utils.check_same_shapes("reduce_window", operands)
    for o, i in zip(operands, inits, strict=True):
        if o.dtype != i.dtype or i.shape != ():
            raise TypeError(
                f"reduce_window: init values must be scalars of the operands' dtypes; got "
                f"operands {[x.str_short() for x in operands]} and init values "
                f"{[x.str_short() for x in inits]}"
            )
    shape = window_shape("reduce_window", operands[0], **params)
    return [core.ShapedArray(shape, o.dtype) for o in operands]


def _reduce_window_lowering(ctx: mlir.LoweringRuleContext, *args: Any, jaxpr: core.ClosedJaxpr,
                            **params: Any) -> list[Any]:  # fmt: skip
    n = len(args) // 2
    elt_dtypes = [a.dtype for a in ctx.avals_in[:n]]

    def body(accs: list[Any], xs: list[Any]) -> list[Any]:
        return mlir.lower_nested_jaxpr(ctx, jaxpr, [*accs, *xs])

    return emit_reduce_window(ctx.avals_out, args[:n], args[n:], elt_dtypes, body, **params)


reduce_window_p = utils.standard_primitive(
    "reduce_window", _reduce_window_abstract_eval, _reduce_window_lowering, multiple_results=True
)


@functools.lru_cache(maxsize=256)
def _reducer_jaxpr(
    computation: Callable[..., Any], dts: tuple[onp.dtype, ...], treedef: Any
) -> core.ClosedJaxpr:
    avals = [core.ShapedArray((), d) for d in dts]
    n = len(avals)

    def flat(*args: Any) -> list[Any]:
        a = tree_util.tree_unflatten(treedef, args[:n])
        b = tree_util.tree_unflatten(treedef, args[n:])
        out, out_tree = tree_util.tree_flatten(computation(a, b))
        if out_tree != treedef:
            raise TypeError(
                f"reduce_window: the computation must return the operands' structure "
                f"{treedef}, got {out_tree}"
            )
        return [utils.operands("reduce_window", x)[0] for x in out]

    jaxpr, consts, out_avals = pe.trace_to_jaxpr(flat, avals + avals, "reduce_window")
    got = [(a.shape, a.dtype) for a in out_avals]
    if got != [((), d) for d in dts]:
        raise TypeError(
            f"reduce_window: the computation must return scalars of dtypes "
            f"{[d.name for d in dts]}, got {[core.ShapedArray(*g).str_short() for g in got]}"
        )
    return core.ClosedJaxpr(jaxpr, consts)


def _concrete_scalar(x: Any) -> Any:
    """The host value of a concrete 0-d operand, or None when it is traced or not 0-d."""
    if isinstance(x, core.Tracer):
        return None
    if dtypes.is_python_scalar(x):
        return x
    if onp.ndim(x) != 0:
        return None
    return onp.asarray(x)[()]


_MONOIDS = {
    elementwise.add: ("add", reduce_window_sum),
    elementwise.max: ("max", reduce_window_max),
    elementwise.min: ("min", reduce_window_min),
}


def reduce_window(
    operand: Any,
    init_value: Any,
    computation: Callable[[Any, Any], Any],
    window_dimensions: Sequence[int],
    window_strides: Sequence[int] | None = None,
    padding: str | Sequence[tuple[int, int]] = "VALID",
    base_dilation: Sequence[int] | None = None,
    window_dilation: Sequence[int] | None = None,
) -> Any:
    """Reduce each window of ``operand`` with ``computation``, starting from ``init_value``.

    ``operand`` and ``init_value`` may be matching pytrees (a variadic reduction);
    ``computation(acc, x)`` maps two such trees of scalars to one. ``init_value`` enters each
    window's reduction once; padding and base-dilation holes contribute nothing (this is what
    XLA computes, and the same as padding with ``init_value`` whenever it is the identity of
    ``computation``). ``lax.add``/``max``/``min`` with their identity as the init value
    become the ``reduce_window_sum``/``max``/``min`` primitives.
    """
    leaves, treedef = tree_util.tree_flatten(operand)
    init_leaves, init_tree = tree_util.tree_flatten(init_value)
    if treedef != init_tree:
        raise ValueError(
            f"reduce_window: operand and init_value must have the same structure, got "
            f"{treedef} and {init_tree}"
        )
    if not leaves:
        raise ValueError("reduce_window needs at least one operand")
    leaves = [utils.asarray(x) for x in leaves]
    inits = []
    for x, i in zip(leaves, init_leaves, strict=True):
        inits.append(utils.const(x, i) if dtypes.is_python_scalar(i) else utils.asarray(i))
    params = window_params("reduce_window", leaves[0].shape, window_dimensions, window_strides,
                           padding, base_dilation, window_dilation)  # fmt: skip
    monoid = _MONOIDS.get(computation)
    if monoid is not None and len(leaves) == 1:
        value = _concrete_scalar(init_leaves[0])
        op, fn = monoid
        if value is not None and value == _identity(op, leaves[0].dtype):
            if inits[0].dtype == leaves[0].dtype:
                return fn(leaves[0], **params)
    dts = tuple(x.dtype for x in leaves)
    try:
        hash(computation)
    except TypeError:
        jaxpr = _reducer_jaxpr.__wrapped__(computation, dts, treedef)
    else:
        jaxpr = _reducer_jaxpr(computation, dts, treedef)
    outs = reduce_window_p.bind(*leaves, *inits, jaxpr=jaxpr, **params)
    return tree_util.tree_unflatten(treedef, outs)


@functools.lru_cache(maxsize=64)
def _jvp_reducer(jaxpr: core.ClosedJaxpr, n: int) -> core.ClosedJaxpr:
    """The reducer of (primal, tangent) pairs: ``(accs, t_accs, xs, t_xs) -> (outs, t_outs)``."""

    def reducer(*args: Any) -> list[Any]:
        return core.eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *args)

    def flat(*args: Any) -> list[Any]:
        acc, t_acc, x, t_x = (args[i * n : (i + 1) * n] for i in range(4))
        outs, t_outs = ad.jvp_flat(reducer, [*acc, *x], [*t_acc, *t_x])
        return [*outs, *map(ad.instantiate, t_outs)]

    avals = jaxpr.in_avals[:n]
    closed, consts, _ = pe.trace_to_jaxpr(flat, avals * 4, "reduce_window_jvp")
    return core.ClosedJaxpr(closed, consts)


def _reduce_window_jvp(primals: list, tangents: list, *, jaxpr: core.ClosedJaxpr,
                       **params: Any) -> tuple[list, list]:  # fmt: skip
    # A variadic reduce_window over (primal, tangent) pairs whose reducer is the JVP of the
    # computation. Forward mode only: the pairs' reduction is not linear in the tangents as a
    # primitive, so it has no transpose.
    n = len(primals) // 2
    outs = reduce_window_p.bind(*primals, jaxpr=jaxpr, **params)
    ts = [ad.instantiate(t) for t in tangents]
    both = reduce_window_p.bind(*primals[:n], *ts[:n], *primals[n:], *ts[n:],
                                jaxpr=_jvp_reducer(jaxpr, n), **params)  # fmt: skip
    t_outs = [t if dtypes.kind(core.get_aval(t).dtype) in "fc" else
              ad.Zero(core.get_aval(t).strip_weak_type()) for t in both[n:]]  # fmt: skip
    return outs, t_outs


def _reduce_window_transpose(cts: Any, *args: Any, **params: Any) -> list[Any]:
    raise NotImplementedError(
        "reverse-mode differentiation of reduce_window with a general computation is not "
        "supported (forward mode is); lax.add, lax.max and lax.min with their identity as "
        "init_value (reduce_window_sum/max/min) support both"
    )


def _reduce_window_batch(vals: list, dims: list, *, jaxpr: core.ClosedJaxpr,
                         **params: Any) -> tuple[list, list]:  # fmt: skip
    n = len(vals) // 2
    if any(d is not None for d in dims[n:]):
        raise NotImplementedError("vmap of reduce_window over a batched init_value")
    size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip
    ops = [batching.moveaxis(v, d, 0, size) for v, d in zip(vals[:n], dims[:n], strict=True)]
    outs = reduce_window_p.bind(*ops, *vals[n:], jaxpr=jaxpr, **_unit_window_at(params, 0))
    return outs, [0] * n


ad.jvp_rules[reduce_window_p] = _reduce_window_jvp
ad.transpose_rules[reduce_window_p] = _reduce_window_transpose
batching.batch_rules[reduce_window_p] = _reduce_window_batch


# ----------------------------------------------------------------------------- select-and-scatter

_SELECT_DIRECTIONS = {"ge": "GE", "le": "LE"}


def _check_select(name: str, select: str) -> None:
    if select not in _SELECT_DIRECTIONS:
        raise ValueError(f"{name}: select must be 'ge' (max-pooling) or 'le', got {select!r}")


def _select_and_scatter_add_abstract_eval(
    source: core.ShapedArray, operand: core.ShapedArray, *, select: str, **params: Any
) -> core.ShapedArray:
    name = "select_and_scatter_add"
    _check_select(name, select)
    utils.check_dtypes(name, [operand], utils.REAL)
    utils.check_dtypes(name, [source], utils.NUMERIC)
    n = operand.ndim
    full = dict(params, base_dilation=(1,) * n, window_dilation=(1,) * n)
    expected = window_shape(name, operand, **full)
    if source.shape != expected:
        raise ValueError(
            f"{name}: source shape {source.shape} must be the windowed shape {expected} of "
            f"operand shape {operand.shape}"
        )
    return core.ShapedArray(operand.shape, source.dtype, source.weak_type)


def _select_and_scatter_add_lowering(ctx, source, operand, *, select, window_dimensions,  # noqa: ANN001, ANN202
                                     window_strides, padding):  # fmt: skip
    src_aval, op_aval = ctx.avals_in
    init = _init_constant(0, src_aval.dtype)
    op = hlo.SelectAndScatterOp(
        mlir.aval_to_ir_type(ctx.avals_out[0]),
        operand,
        source,
        init,
        window_dimensions=mlir.dense_i64(window_dimensions),
        window_strides=mlir.dense_i64(window_strides),
        padding=_padding_attr(padding),
    )
    st = _scalar_type(op_aval.dtype)
    block = op.select.blocks.append(st, st)
    with mlir.ir.InsertionPoint(block):
        a, b = block.arguments
        hlo.return_([compare(a, b, _SELECT_DIRECTIONS[select], op_aval.dtype)])
    st = _scalar_type(src_aval.dtype)
    block = op.scatter.blocks.append(st, st)
    with mlir.ir.InsertionPoint(block):
        a, b = block.arguments
        hlo.return_([_binary("add", src_aval.dtype)(a, b)])
    return op.result


select_and_scatter_add_p = utils.standard_primitive(
    "select_and_scatter_add",
    _select_and_scatter_add_abstract_eval,
    _select_and_scatter_add_lowering,
)


def select_and_scatter_add(
    source: Any,
    operand: Any,
    select: str,
    window_dimensions: Sequence[int],
    window_strides: Sequence[int] | None = None,
    padding: str | Sequence[tuple[int, int]] = "VALID",
) -> Any:
    """Add each window's ``source`` value at the window's selected element of ``operand``.

    ``select='ge'`` selects the (first) maximum, ``'le'`` the minimum: the transpose of
    ``select_and_gather_add``, i.e. the gradient of max-/min-pooling.
    """
    source, operand = utils.asarray(source), utils.asarray(operand)
    params = window_params("select_and_scatter_add", operand.shape, window_dimensions,
                           window_strides, padding)  # fmt: skip
    del params["base_dilation"], params["window_dilation"]
    return select_and_scatter_add_p.bind(source, operand, select=select, **params)


def _select_and_scatter_add_transpose(ct: Any, source: Any, operand: Any, *, select: str,
                                      window_dimensions: tuple[int, ...],
                                      window_strides: tuple[int, ...],
                                      padding: Padding) -> list[Any]:  # fmt: skip
    if ad.is_undefined_primal(operand):
        raise NotImplementedError("select_and_scatter_add is linear only in its source")
    if type(ct) is ad.Zero:
        return [ad.Zero(source.aval), None]
    ones = (1,) * len(window_dimensions)
    out = select_and_gather_add_p.bind(ct, operand, select=select,
                                       window_dimensions=window_dimensions,
                                       window_strides=window_strides, padding=padding,
                                       base_dilation=ones, window_dilation=ones)  # fmt: skip
    return [out, None]


def _select_and_scatter_add_jvp(g: Any, source: Any, operand: Any, **params: Any) -> Any:
    # Linear in the source; the selection is piecewise constant in the operand.
    return select_and_scatter_add_p.bind(g, operand, **params)


def _selection_batch(prim: core.Primitive) -> Callable[..., Any]:
    def rule(vals: list, dims: list, **params: Any) -> tuple[Any, int]:
        size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                    if d is not None)  # fmt: skip
        x, y = (batching.moveaxis(v, d, 0, size) for v, d in zip(vals, dims, strict=True))
        return prim.bind(x, y, **_unit_window_at(params, 0)), 0

    return rule


ad.defjvp(select_and_scatter_add_p, _select_and_scatter_add_jvp, None)
ad.transpose_rules[select_and_scatter_add_p] = _select_and_scatter_add_transpose
batching.batch_rules[select_and_scatter_add_p] = _selection_batch(select_and_scatter_add_p)


def _select_and_gather_add_abstract_eval(
    tangents: core.ShapedArray, operand: core.ShapedArray, *, select: str, **params: Any
) -> core.ShapedArray:
    name = "select_and_gather_add"
    _check_select(name, select)
    utils.check_dtypes(name, [operand], utils.REAL)
    utils.check_dtypes(name, [tangents], utils.NUMERIC)
    if tangents.shape != operand.shape:
        raise ValueError(
            f"{name}: tangents shape {tangents.shape} must equal operand shape {operand.shape}"
        )
    shape = window_shape(name, operand, **params)
    return core.ShapedArray(shape, tangents.dtype, tangents.weak_type)


def _select_and_gather_add_lowering(ctx, tangents, operand, *, select, **params):  # noqa: ANN001, ANN202
    # A variadic reduce_window over (operand, tangents) pairs keeps the pair whose operand
    # value wins the selection; padding pairs (identity, 0) never win against real values.
    t_aval, op_aval = ctx.avals_in
    direction = _SELECT_DIRECTIONS[select]
    ident = _identity("max" if select == "ge" else "min", op_aval.dtype)
    inits = [_init_constant(ident, op_aval.dtype), _init_constant(0, t_aval.dtype)]

    def body(accs: list[Any], xs: list[Any]) -> list[Any]:
        pick = compare(accs[0], xs[0], direction, op_aval.dtype)
        return [hlo.select(pick, accs[0], xs[0]), hlo.select(pick, accs[1], xs[1])]

    val_aval = ctx.avals_out[0].update(dtype=op_aval.dtype)
    outs = emit_reduce_window(
        [val_aval, ctx.avals_out[0]],
        [operand, tangents],
        inits,
        [op_aval.dtype, t_aval.dtype],
        body,
        **params,
    )
    return outs[1]


select_and_gather_add_p = utils.standard_primitive(
    "select_and_gather_add",
    _select_and_gather_add_abstract_eval,
    _select_and_gather_add_lowering,
)


def select_and_gather_add(
    tangents: Any,
    operand: Any,
    select: str,
    window_dimensions: Sequence[int],
    window_strides: Sequence[int] | None = None,
    padding: str | Sequence[tuple[int, int]] = "VALID",
    base_dilation: Sequence[int] | None = None,
    window_dilation: Sequence[int] | None = None,
) -> Any:
    """For each window, the ``tangents`` entry at the element ``select`` picks in ``operand``.

    ``select='ge'`` picks the maximum, ``'le'`` the minimum (the tangent of max-/min-pooling).
    """
    tangents, operand = utils.asarray(tangents), utils.asarray(operand)
    params = window_params("select_and_gather_add", operand.shape, window_dimensions,
                           window_strides, padding, base_dilation, window_dilation)  # fmt: skip
    return select_and_gather_add_p.bind(tangents, operand, select=select, **params)


def _select_and_gather_add_transpose(ct: Any, tangents: Any, operand: Any, *, select: str,
                                     window_dimensions: tuple[int, ...],
                                     window_strides: tuple[int, ...], padding: Padding,
                                     base_dilation: tuple[int, ...],
                                     window_dilation: tuple[int, ...]) -> list[Any]:  # fmt: skip
    if ad.is_undefined_primal(operand):
        raise NotImplementedError("select_and_gather_add is linear only in its tangents")
    if any(d != 1 for d in window_dilation):
        raise NotImplementedError(
            f"reverse-mode differentiation of max/min pooling with window dilation "
            f"{window_dilation} (select_and_scatter_add has no window dilation)"
        )
    if type(ct) is ad.Zero:
        return [ad.Zero(tangents.aval), None]
    # Base dilation: scatter into the dilated operand, whose holes never win the selection,
    # then keep the real elements.
    dilated = any(b != 1 for b in base_dilation)
    if dilated:
        dt = core.get_aval(operand).dtype
        hole = onp.asarray(_identity("max" if select == "ge" else "min", dt), dt).item()
        operand = shapes.pad(operand, hole, [(0, 0, b - 1) for b in base_dilation])
    out = select_and_scatter_add_p.bind(ct, operand, select=select,
                                        window_dimensions=window_dimensions,
                                        window_strides=window_strides,
                                        padding=padding)  # fmt: skip
    if dilated:
        shape = core.get_aval(out).shape
        out = slicing.slice(out, (0,) * len(shape), shape, base_dilation)
    return [out, None]


def _select_and_gather_add_jvp(g: Any, tangents: Any, operand: Any, **params: Any) -> Any:
    return select_and_gather_add_p.bind(g, operand, **params)


ad.defjvp(select_and_gather_add_p, _select_and_gather_add_jvp, None)
ad.transpose_rules[select_and_gather_add_p] = _select_and_gather_add_transpose
batching.batch_rules[select_and_gather_add_p] = _selection_batch(select_and_gather_add_p)


# ----------------------------------------------------------------------------- cumulative ops


def _cumulative(name: str, op: str, kinds: tuple[str, ...]):
    def abstract_eval(x: core.ShapedArray, *, axis: int, reverse: bool) -> core.ShapedArray:
        utils.check_dtypes(name, [x], kinds)
        if not 0 <= axis < x.ndim:
            raise ValueError(f"{name}: axis {axis} is out of bounds for an array of shape "
                             f"{x.shape}")  # fmt: skip
        return core.ShapedArray(x.shape, x.dtype, x.weak_type)

    def lower(ctx: mlir.LoweringRuleContext, x: Any, *, axis: int, reverse: bool) -> Any:
        aval = ctx.avals_in[0]
        n = aval.shape[axis]
        if n <= 1:
            return x
        nd = aval.ndim
        window = [1] * nd
        window[axis] = n
        pads = [(0, 0)] * nd
        pads[axis] = (0, n - 1) if reverse else (n - 1, 0)
        fn = _binary(op, aval.dtype)
        init = _init_constant(_identity(op, aval.dtype), aval.dtype)
        return emit_reduce_window(
            ctx.avals_out,
            [x],
            [init],
            [aval.dtype],
            lambda a, b: [fn(a[0], b[0])],
            window_dimensions=window,
            window_strides=[1] * nd,
            padding=tuple(pads),
            base_dilation=[1] * nd,
            window_dilation=[1] * nd,
        )[0]

    prim = utils.standard_primitive(name, abstract_eval, lower)

    def wrapper(operand: Any, axis: int = 0, reverse: bool = False) -> Any:
        operand = utils.asarray(operand)
        if operand.ndim == 0:
            raise ValueError(f"{name}: operand must have at least one dimension, got a scalar")
        axis = utils.canonical_axis(name, int(axis), operand.ndim)
        return prim.bind(operand, axis=axis, reverse=bool(reverse))

    wrapper.__name__ = wrapper.__qualname__ = name
    return prim, wrapper


cumsum_p, cumsum = _cumulative("cumsum", "add", utils.NUMERIC)
cumprod_p, cumprod = _cumulative("cumprod", "mul", utils.NUMERIC)
cummax_p, cummax = _cumulative("cummax", "max", utils.ANY)
cummin_p, cummin = _cumulative("cummin", "min", utils.ANY)
cumlogsumexp_p, cumlogsumexp = _cumulative("cumlogsumexp", "logaddexp", utils.FLOAT)

cumsum.__doc__ = "Cumulative sum along ``axis`` (from the end when ``reverse``)."
cumprod.__doc__ = "Cumulative product along ``axis`` (from the end when ``reverse``)."
cummax.__doc__ = "Cumulative maximum along ``axis`` (NaN propagates, as in NumPy)."
cummin.__doc__ = "Cumulative minimum along ``axis`` (NaN propagates, as in NumPy)."
cumlogsumexp.__doc__ = "Cumulative ``log(sum(exp(x)))`` along ``axis``, computed stably."


# Rules. cumsum is linear. The others' tangents satisfy a first-order linear recurrence
# ``s[i] = a[i] * s[i-1] + w[i] * t[i]`` whose coefficients come from the primal values; it is
# solved by a parallel prefix (so it stays linear in ``t``, transposes, and differentiates
# again), which needs no division and keeps every factor bounded where the ops allow.


def _solve_recurrence(a: Any, u: Any, axis: int) -> Any:
    """``s`` with ``s[i] = a[i] * s[i-1] + u[i]`` along ``axis`` (``s[-1] = 0``): a parallel
    prefix over the composition of the affine maps ``s -> a[i] * s + u[i]``."""

    def compose(first: tuple, then: tuple) -> tuple:
        (a1, u1), (a2, u2) = first, then
        return elementwise.mul(a1, a2), elementwise.add(elementwise.mul(a2, u1), u2)

    return loops.associative_scan(compose, (a, u), axis=axis)[1]


def _shift_forward(x: Any, fill: Any, axis: int) -> Any:
    """``x`` moved one step along ``axis`` (``out[i] = x[i-1]``), ``fill`` entering at 0."""
    config = [(0, 0, 0)] * core.get_aval(x).ndim
    config[axis] = (1, -1, 0)
    return shapes.pad(x, fill, config)


def _cumprod_coefficients(x: Any, ans: Any, axis: int) -> tuple[Any, Any]:
    # d ans[i] = x[i] d ans[i-1] + ans[i-1] dx[i]: exact with zeros, unlike ans * cumsum(dx / x).
    return x, _shift_forward(ans, 1, axis)


def _cumextreme_coefficients(x: Any, ans: Any, axis: int) -> tuple[Any, Any]:
    # The tangent is that of the element where the running extreme was last attained; a NaN
    # holds the extreme from where it appears.
    hit = elementwise.bitwise_or(elementwise.eq(x, ans), elementwise.ne(x, x))
    w = shapes.convert_element_type(hit, core.get_aval(x).dtype)
    return elementwise.sub(utils.full(core.get_aval(x).shape, 1, core.get_aval(x).dtype), w), w


def _exp_difference(x: Any, y: Any) -> Any:
    # exp(x - y), with 1 where x - y is NaN (equal infinities).
    d = elementwise.sub(x, y)
    zeros = utils.full(core.get_aval(d).shape, 0, core.get_aval(d).dtype)
    return elementwise.exp(elementwise.select(elementwise.ne(d, d), zeros, d))


def _cumlogsumexp_coefficients(x: Any, ans: Any, axis: int) -> tuple[Any, Any]:
    # d ans[i] = sum_{j<=i} exp(x[j] - ans[i]) dx[j] (softmax weights), computed as the
    # recurrence with factors exp(ans[i-1] - ans[i]) and exp(x[i] - ans[i]), both <= 1.
    prev = _shift_forward(ans, -onp.inf, axis)
    return _exp_difference(prev, ans), _exp_difference(x, ans)


def _cumulative_jvp(prim: core.Primitive, coefficients: Callable[..., Any]) -> Callable:
    def rule(primals: list, tangents: list, *, axis: int, reverse: bool) -> tuple[Any, Any]:
        (x,), (t,) = primals, tangents
        ans = prim.bind(x, axis=axis, reverse=reverse)
        if dtypes.kind(core.get_aval(x).dtype) not in "fc":
            return ans, ad.Zero(core.get_aval(ans).strip_weak_type())

        def forward(v: Any) -> Any:
            return shapes.rev(v, (axis,)) if reverse else v

        a, w = coefficients(forward(x), forward(ans), axis)
        s = _solve_recurrence(a, elementwise.mul(w, forward(t)), axis)
        return ans, forward(s)

    return rule


def _cumsum_transpose(ct: Any, x: Any, *, axis: int, reverse: bool) -> list[Any]:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    return [cumsum_p.bind(ct, axis=axis, reverse=not reverse)]


def _cumulative_batch(prim: core.Primitive) -> Callable[..., Any]:
    def rule(vals: list, dims: list, *, axis: int, reverse: bool) -> tuple[Any, int]:
        (x,), (d,) = vals, dims
        return prim.bind(x, axis=axis + (axis >= d), reverse=reverse), d

    return rule


ad.deflinear(cumsum_p, _cumsum_transpose)
ad.jvp_rules[cumprod_p] = _cumulative_jvp(cumprod_p, _cumprod_coefficients)
ad.jvp_rules[cummax_p] = _cumulative_jvp(cummax_p, _cumextreme_coefficients)
ad.jvp_rules[cummin_p] = _cumulative_jvp(cummin_p, _cumextreme_coefficients)
ad.jvp_rules[cumlogsumexp_p] = _cumulative_jvp(cumlogsumexp_p, _cumlogsumexp_coefficients)
for _p in (cumsum_p, cumprod_p, cummax_p, cummin_p, cumlogsumexp_p):
    batching.batch_rules[_p] = _cumulative_batch(_p)
