"""Loops: ``while_loop``, ``scan`` (and ``fori_loop``, ``map`` over them), ``associative_scan``.

``while_p`` carries the condition and body jaxprs; ``scan_p`` carries a body
``(consts, carry, x) -> (carry, y)`` run ``length`` times over the leading axis of the xs.
Reverse mode goes through ``scan`` (partial evaluation stacks the residuals of each
iteration; the transpose runs the loop backwards). ``while_loop`` has forward mode only: its
trip count is unknown, so there is no way to store the residuals.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src import tree_util as tu
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise, reductions, shapes, slicing, utils
from xnp._src.lax.cond import _closed_no_consts, _fun_name, check_same_types, trace_fun
from xnp._src.lax.elementwise import compare_values

hlo = mlir.hlo


def _eval(closed: core.ClosedJaxpr) -> Callable[..., list]:
    return lambda *a: core.eval_jaxpr(closed.jaxpr, closed.consts, *a)


def _lower_in_region(
    ctx: mlir.LoweringRuleContext, closed: core.ClosedJaxpr, args: Sequence[Any]
) -> list:
    return mlir.lower_nested_jaxpr(ctx, closed, args)


def _scalar_i32(value: int) -> Any:
    return mlir.ir_constant(onp.asarray(value, onp.int32))


# ============================================================================ while_loop


def _while_abstract_eval(
    *args: core.ShapedArray,
    cond_jaxpr: core.ClosedJaxpr,
    body_jaxpr: core.ClosedJaxpr,
    cond_nconsts: int,
    body_nconsts: int,
) -> list:
    return [
        a.strip_weak_type() if not b.weak_type else a
        for a, b in zip(body_jaxpr.out_avals, args[cond_nconsts + body_nconsts :], strict=True)
    ]


def _while_lowering(
    ctx: mlir.LoweringRuleContext,
    *args: Any,
    cond_jaxpr: core.ClosedJaxpr,
    body_jaxpr: core.ClosedJaxpr,
    cond_nconsts: int,
    body_nconsts: int,
) -> list:
    cconsts = args[:cond_nconsts]
    bconsts = args[cond_nconsts : cond_nconsts + body_nconsts]
    init = list(args[cond_nconsts + body_nconsts :])
    types = [mlir.aval_to_ir_type(a) for a in ctx.avals_out]
    op = hlo.WhileOp(types, init)
    cond_block = op.regions[0].blocks.append(*types)
    with mlir.ir.InsertionPoint(cond_block):
        (pred,) = _lower_in_region(ctx, cond_jaxpr, [*cconsts, *cond_block.arguments])
        hlo.return_([pred])
    body_block = op.regions[1].blocks.append(*types)
    with mlir.ir.InsertionPoint(body_block):
        outs = _lower_in_region(ctx, body_jaxpr, [*bconsts, *body_block.arguments])
        hlo.return_(outs)
    return list(op.results)


while_p = utils.standard_primitive(
    "while", _while_abstract_eval, _while_lowering, multiple_results=True
)


def while_loop(cond_fun: Callable, body_fun: Callable, init_val: Any) -> Any:
    """``while cond_fun(val): val = body_fun(val)``, staged as one loop.

    ``body_fun`` must return a value of the same structure, shapes and dtypes as
    ``init_val``. Differentiable in forward mode only; for reverse mode use ``scan`` or
    ``fori_loop`` with a fixed trip count.
    """
    leaves, tree = tu.tree_flatten(init_val)
    leaves = [utils.asarray(x) for x in leaves]
    avals = [core.get_aval(x) for x in leaves]
    args_tree = tu.tree_structure((tu.tree_unflatten(tree, leaves),))  # one argument: the value
    body, bconsts, out_tree = trace_fun(
        body_fun, args_tree, avals, _fun_name(body_fun), "while_loop body"
    )
    body_avals = body.out_avals
    if out_tree != tree or any(
        (a.shape, a.dtype) != (b.shape, b.dtype) for a, b in zip(avals, body_avals, strict=False)
    ):
        check_same_types(
            "while_loop", ("init_val", "body_fun output"), tree, avals, out_tree, body_avals
        )
    # Weakly typed inputs whose body output is strongly typed become strong.
    avals = [
        a if b.weak_type else a.strip_weak_type() for a, b in zip(avals, body_avals, strict=True)
    ]
    cond, cconsts, c_tree = trace_fun(
        cond_fun, args_tree, avals, _fun_name(cond_fun), "while_loop cond"
    )
    (pred_aval,) = cond.out_avals if len(cond.out_avals) == 1 else (None,)
    if pred_aval is None or pred_aval.shape != () or pred_aval.dtype != onp.bool_:
        got = ", ".join(a.str_short() for a in cond.out_avals)
        raise TypeError(f"while_loop: cond_fun must return a boolean scalar, got {got}")
    if avals != [core.get_aval(x) for x in leaves]:
        body, bconsts, _ = trace_fun(
            body_fun, args_tree, avals, _fun_name(body_fun), "while_loop body"
        )
        leaves = [
            shapes.convert_element_type(x, a.dtype) for x, a in zip(leaves, avals, strict=True)
        ]
    outs = while_p.bind(
        *cconsts,
        *bconsts,
        *leaves,
        cond_jaxpr=core.ClosedJaxpr(pe.close_over_consts(cond), []),
        body_jaxpr=core.ClosedJaxpr(pe.close_over_consts(body), []),
        cond_nconsts=len(cconsts),
        body_nconsts=len(bconsts),
    )
    return tu.tree_unflatten(tree, outs)


def _while_jvp(
    primals: list,
    tangents: list,
    *,
    cond_jaxpr: core.ClosedJaxpr,
    body_jaxpr: core.ClosedJaxpr,
    cond_nconsts: int,
    body_nconsts: int,
) -> tuple:
    cconsts = primals[:cond_nconsts]
    bconsts = primals[cond_nconsts : cond_nconsts + body_nconsts]
    carry = primals[cond_nconsts + body_nconsts :]
    bc_t = tangents[cond_nconsts : cond_nconsts + body_nconsts]
    c_t = tangents[cond_nconsts + body_nconsts :]
    bc_nz = [type(t) is not ad.Zero for t in bc_t]
    c_nz = [type(t) is not ad.Zero for t in c_t]
    body_avals = body_jaxpr.in_avals
    nb, nc = len(bconsts), len(carry)
    # Fixed point: a carry whose tangent can become nonzero carries a tangent.
    while True:
        new_nz = _jvp_nonzero(body_jaxpr, bc_nz + c_nz)
        new_nz = [a or b for a, b in zip(c_nz, new_nz, strict=True)]
        if new_nz == c_nz:
            break
        c_nz = new_nz
    t_avals_b = [a.strip_weak_type() for a, nz in zip(body_avals[:nb], bc_nz, strict=True) if nz]
    t_avals_c = [a.strip_weak_type() for a, nz in zip(body_avals[nb:], c_nz, strict=True) if nz]
    n_tb = len(t_avals_b)

    def body(*args: Any) -> list:
        b, tb = args[:nb], args[nb : nb + n_tb]
        rest = args[nb + n_tb :]
        c, tc = rest[:nc], rest[nc:]
        itb, itc = iter(tb), iter(tc)
        ts = [
            next(itb) if nz else ad.Zero(a.strip_weak_type())
            for a, nz in zip(body_avals[:nb], bc_nz, strict=True)
        ]
        ts += [
            next(itc) if nz else ad.Zero(a.strip_weak_type())
            for a, nz in zip(body_avals[nb:], c_nz, strict=True)
        ]
        p, t = ad.jvp_flat(_eval(body_jaxpr), [*b, *c], ts)
        return [*p, *[ad.instantiate(x) for x, nz in zip(t, c_nz, strict=True) if nz]]

    def cond(*args: Any) -> list:
        return core.eval_jaxpr(cond_jaxpr.jaxpr, cond_jaxpr.consts, *args[: cond_nconsts + nc])

    carry_t = [
        ad.zeros_like_aval(a) if type(t) is ad.Zero else t
        for t, a in zip([t for t, nz in zip(c_t, c_nz, strict=True) if nz], t_avals_c, strict=True)
    ]
    body_consts = [*bconsts, *[t for t in bc_t if type(t) is not ad.Zero]]
    outs = _bind_while(cond, cconsts, body, body_consts, [*carry, *carry_t], "jvp(while)")
    p_out = outs[:nc]
    it = iter(outs[nc:])
    t_out = [
        next(it) if nz else ad.Zero(a.strip_weak_type())
        for a, nz in zip(body_avals[nb:], c_nz, strict=True)
    ]
    return p_out, t_out


def _bind_while(
    cond_fun: Callable,
    cond_consts: Sequence[Any],
    body_fun: Callable,
    body_consts: Sequence[Any],
    carry: Sequence[Any],
    name: str,
) -> list:
    """Trace ``cond_fun(*cond_consts, *carry)`` and ``body_fun(*body_consts, *carry)`` and
    bind ``while_p`` on them (their own constants become leading consts)."""
    avals = [core.get_aval(v) for v in carry]
    cond_j, ec = _hoist(
        _closed_no_consts(cond_fun, [*map_aval(cond_consts), *avals], f"{name} cond")
    )
    body_j, eb = _hoist(
        _closed_no_consts(body_fun, [*map_aval(body_consts), *avals], f"{name} body")
    )
    return while_p.bind(
        *ec,
        *cond_consts,
        *eb,
        *body_consts,
        *carry,
        cond_jaxpr=cond_j,
        body_jaxpr=body_j,
        cond_nconsts=len(ec) + len(cond_consts),
        body_nconsts=len(eb) + len(body_consts),
    )


def map_aval(xs: Sequence[Any]) -> list[core.ShapedArray]:
    return [core.get_aval(x) for x in xs]


def _hoist(closed: core.ClosedJaxpr) -> tuple[core.ClosedJaxpr, list]:
    """Turn a closed jaxpr's consts into leading inputs (returns them)."""
    if not closed.consts:
        return closed, []
    return core.ClosedJaxpr(pe.close_over_consts(closed.jaxpr), []), list(closed.consts)


def _jvp_nonzero(closed: core.ClosedJaxpr, nonzero: Sequence[bool]) -> list[bool]:
    """Which outputs of ``closed`` get a nonzero tangent from tangents on ``nonzero`` inputs."""
    out_nz: list[bool] = []

    def f(*args: Any) -> list:
        ts = [
            ad.zeros_like_aval(a.strip_weak_type()) if nz else ad.Zero(a.strip_weak_type())
            for a, nz in zip(closed.in_avals, nonzero, strict=True)
        ]
        _, t = ad.jvp_flat(_eval(closed), list(args), ts)
        out_nz.extend(type(x) is not ad.Zero for x in t)
        return []

    pe.trace_to_jaxpr(f, closed.in_avals, "nonzero", "analysis")
    return out_nz


def _while_partial_eval(trace: pe.PartialEvalTrace, args: list, **params: Any) -> list:
    raise TypeError(
        "Reverse-mode differentiation does not work for lax.while_loop: its trip count is not "
        "known, so the values of each iteration cannot be stored. Use lax.scan, or "
        "lax.fori_loop with a fixed (Python int) trip count, which lowers through scan."
    )


def _while_batch(
    vals: list,
    dims: list,
    *,
    cond_jaxpr: core.ClosedJaxpr,
    body_jaxpr: core.ClosedJaxpr,
    cond_nconsts: int,
    body_nconsts: int,
    axis_size: int,
    axis_name: Any,
) -> tuple:
    nc_c, nb = cond_nconsts, body_nconsts
    cconsts, bconsts, carry = vals[:nc_c], vals[nc_c : nc_c + nb], vals[nc_c + nb :]
    cdims, bdims, kdims = dims[:nc_c], dims[nc_c : nc_c + nb], dims[nc_c + nb :]
    cconsts = [
        batching.moveaxis(v, d, 0) if d is not None else v
        for v, d in zip(cconsts, cdims, strict=True)
    ]  # noqa: E501
    bconsts = [
        batching.moveaxis(v, d, 0) if d is not None else v
        for v, d in zip(bconsts, bdims, strict=True)
    ]  # noqa: E501
    cdims = [0 if d is not None else None for d in cdims]
    bdims = [0 if d is not None else None for d in bdims]
    k_b = [d is not None for d in kdims]
    # Fixed point over which carries are batched (body outputs, and the predicate).
    while True:
        out_b = _batched_outputs(body_jaxpr, [*[d is not None for d in bdims], *k_b])
        new = [a or b for a, b in zip(k_b, out_b, strict=True)]
        if new == k_b:
            break
        k_b = new
    pred_b = _batched_outputs(cond_jaxpr, [*[d is not None for d in cdims], *k_b])[0]
    if pred_b:
        k_b = [True] * len(carry)
    carry = [
        batching.moveaxis(v, d, 0, axis_size) if b else v
        for v, d, b in zip(carry, kdims, k_b, strict=True)
    ]
    kd = [0 if b else None for b in k_b]

    def batched(closed: core.ClosedJaxpr, consts_dims: list, want_batched: list | None):
        def f(*xs: Any) -> list:
            outs, odims = batching.batch_flat(
                _eval(closed), xs, [*consts_dims, *kd], axis_size, axis_name
            )
            if want_batched is None:
                return [
                    batching.moveaxis(o, d, 0, axis_size) if d is not None else o
                    for o, d in zip(outs, odims, strict=True)
                ]
            return [
                batching.moveaxis(o, d, 0, axis_size) if w else o
                for o, d, w in zip(outs, odims, want_batched, strict=True)
            ]

        return f

    body_f = batched(body_jaxpr, bdims, k_b)
    cond_f = batched(cond_jaxpr, cdims, None)
    if not pred_b:
        return _bind_while(cond_f, cconsts, body_f, bconsts, carry, "vmap(while)"), kd

    # A batched predicate: loop while any example is unfinished; finished examples keep
    # their values (a select on the per-example predicate).
    def cond_any(*xs: Any) -> list:
        (p,) = cond_f(*xs)
        return [reductions.reduce_or(p, (0,))]

    def body_sel(*xs: Any) -> list:
        cc, bc, k = xs[:nc_c], xs[nc_c : nc_c + nb], xs[nc_c + nb :]
        (p,) = cond_f(*cc, *k)
        new = body_f(*bc, *k)
        out = []
        for n_, o in zip(new, k, strict=True):
            pb = shapes.broadcast_in_dim(p, core.get_aval(o).shape, (0,))
            out.append(elementwise.select(pb, n_, o))
        return out

    outs = _bind_while(cond_any, cconsts, body_sel, [*cconsts, *bconsts], carry, "vmap(while)")
    return outs, kd


def _batched_outputs(closed: core.ClosedJaxpr, batched: Sequence[bool]) -> list[bool]:
    """Which outputs of ``closed`` are batched when the ``batched`` inputs are."""
    result: list[bool] = []

    def f(*args: Any) -> list:
        dims = [0 if b else None for b in batched]
        size = 2
        vals = [
            batching.moveaxis(a, None, 0, size) if b else a
            for a, b in zip(args, batched, strict=True)
        ]
        _, odims = batching.batch_flat(_eval(closed), vals, dims, size)
        result.extend(d is not None for d in odims)
        return []

    pe.trace_to_jaxpr(f, closed.in_avals, "batched", "analysis")
    return result


ad.jvp_rules[while_p] = _while_jvp
pe.partial_eval_rules[while_p] = _while_partial_eval
batching.batch_rules[while_p] = _while_batch
batching.axis_data_rules.add(while_p)


# ============================================================================ scan


def _scan_abstract_eval(
    *avals: core.ShapedArray,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
) -> list:
    carry = jaxpr.out_avals[:num_carry]
    ys = [
        core.ShapedArray((length, *a.shape), a.dtype, a.weak_type)
        for a in jaxpr.out_avals[num_carry:]
    ]
    return [*carry, *ys]


def _dyn_index(x: Any, aval: core.ShapedArray, idx: Any) -> Any:
    """``x[idx]`` for a leading-axis index (an i32 scalar MLIR value)."""
    zeros = [_scalar_i32(0)] * (aval.ndim - 1)
    sl = hlo.dynamic_slice(x, [idx, *zeros], mlir.dense_i64([1, *aval.shape[1:]]))
    return hlo.reshape(mlir.aval_to_ir_type(core.ShapedArray(aval.shape[1:], aval.dtype)), sl)


def _dyn_update(buf: Any, aval: core.ShapedArray, y: Any, idx: Any) -> Any:
    zeros = [_scalar_i32(0)] * (aval.ndim - 1)
    upd = hlo.reshape(mlir.aval_to_ir_type(core.ShapedArray((1, *aval.shape[1:]), aval.dtype)), y)
    return hlo.dynamic_update_slice(buf, upd, [idx, *zeros])


def _scan_lowering(
    ctx: mlir.LoweringRuleContext,
    *args: Any,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
) -> list:
    consts = args[:num_consts]
    init = list(args[num_consts : num_consts + num_carry])
    xs = args[num_consts + num_carry :]
    x_avals = ctx.avals_in[num_consts + num_carry :]
    carry_avals = ctx.avals_out[:num_carry]
    ys_avals = ctx.avals_out[num_carry:]
    u = max(1, min(int(unroll), length)) if length else 1

    def step(i_val: Any, carry: list, ys: list) -> tuple[list, list]:
        idx = hlo.subtract(_scalar_i32(length - 1), i_val) if reverse else i_val
        x_slices = [_dyn_index(x, a, idx) for x, a in zip(xs, x_avals, strict=True)]
        outs = mlir.lower_nested_jaxpr(ctx, jaxpr, [*consts, *carry, *x_slices])
        new_ys = [
            _dyn_update(b, a, y, idx)
            for b, a, y in zip(ys, ys_avals, outs[num_carry:], strict=True)
        ]
        return list(outs[:num_carry]), new_ys

    ys_init = [mlir.full_like_aval(a, 0) for a in ys_avals]
    n_outer, rem = divmod(length, u)
    i32 = mlir.aval_to_ir_type(core.ShapedArray((), onp.int32))
    carry, ys = init, ys_init
    if n_outer:
        types = [i32, *(mlir.aval_to_ir_type(a) for a in (*carry_avals, *ys_avals))]
        op = hlo.WhileOp(types, [_scalar_i32(0), *carry, *ys])
        cond_block = op.regions[0].blocks.append(*types)
        with mlir.ir.InsertionPoint(cond_block):
            i = cond_block.arguments[0]
            hlo.return_([compare_values(i, _scalar_i32(n_outer * u), "LT")])
        body_block = op.regions[1].blocks.append(*types)
        with mlir.ir.InsertionPoint(body_block):
            i, *rest = body_block.arguments
            c, y = list(rest[:num_carry]), list(rest[num_carry:])
            for k in range(u):
                c, y = step(hlo.add(i, _scalar_i32(k)) if k else i, c, y)
            hlo.return_([hlo.add(i, _scalar_i32(u)), *c, *y])
        results = list(op.results)
        carry, ys = results[1 : 1 + num_carry], results[1 + num_carry :]
    for k in range(rem):
        carry, ys = step(_scalar_i32(n_outer * u + k), carry, ys)
    return [*carry, *ys]


scan_p = utils.standard_primitive(
    "scan", _scan_abstract_eval, _scan_lowering, multiple_results=True
)


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
) -> tuple[Any, Any]:
    """Loop ``f(carry, x) -> (carry, y)`` over the leading axis of ``xs``; returns
    ``(final carry, stacked ys)``.

    ``xs`` may be None (then ``length`` gives the trip count); ``reverse`` runs from the end;
    ``unroll`` runs that many iterations per loop step (True: all).
    """
    x_leaves, x_tree = tu.tree_flatten(xs)
    x_leaves = [utils.asarray(x) for x in x_leaves]
    lengths = {core.get_aval(x).shape[0] if core.get_aval(x).shape else None for x in x_leaves}
    if None in lengths:
        raise ValueError(
            "scan: every leaf of xs must have a leading axis to scan over; got a scalar"
        )
    if length is not None:
        length = int(length)
        if lengths and lengths != {length}:
            raise ValueError(
                f"scan: length={length} does not match the leading axis sizes of "
                f"xs: {sorted(lengths)}"
            )
    elif len(lengths) == 1:
        length = lengths.pop()
    elif not lengths:
        raise ValueError("scan: xs is None (or empty), so `length` must be given")
    else:
        raise ValueError(
            f"scan: the leaves of xs have different leading axis sizes: {sorted(lengths)}"
        )
    c_leaves, c_tree = tu.tree_flatten(init)
    c_leaves = [utils.asarray(c) for c in c_leaves]
    c_avals = [core.get_aval(c) for c in c_leaves]
    x_avals = [core.get_aval(x).update(shape=core.get_aval(x).shape[1:]) for x in x_leaves]
    name = _fun_name(f)

    def body(carry: Any, x: Any) -> Any:
        out = f(carry, x)
        if not (isinstance(out, tuple) and len(out) == 2):
            raise TypeError(
                f"scan: the body function `{name}` must return a pair (carry, y), "
                f"got {type(out).__name__}"
            )
        return out

    def trace(c_avals: list) -> tuple:
        tree = tu.tree_structure(
            (
                tu.tree_unflatten(c_tree, [0] * len(c_avals)),
                tu.tree_unflatten(x_tree, [0] * len(x_avals)),
            )
        )
        jaxpr, consts, out_tree = trace_fun(
            lambda c, x: body(c, x), tree, [*c_avals, *x_avals], name, "scan body"
        )
        return jaxpr, consts, out_tree

    jaxpr, consts, out_tree = trace(c_avals)
    carry_out_tree, y_tree = out_tree.children()
    n_c = len(c_avals)
    out_c_avals = jaxpr.out_avals[:n_c] if carry_out_tree == c_tree else None
    if out_c_avals is None or any(
        (a.shape, a.dtype) != (b.shape, b.dtype) for a, b in zip(c_avals, out_c_avals, strict=True)
    ):
        check_same_types(
            "scan",
            ("the carry input (init)", "the carry output"),
            c_tree,
            c_avals,
            carry_out_tree,
            jaxpr.out_avals[: carry_out_tree.num_leaves],
        )
    if any(a.weak_type and not b.weak_type for a, b in zip(c_avals, out_c_avals, strict=True)):
        c_avals = [
            a if b.weak_type else a.strip_weak_type()
            for a, b in zip(c_avals, out_c_avals, strict=True)
        ]
        c_leaves = [
            shapes.convert_element_type(c, a.dtype) for c, a in zip(c_leaves, c_avals, strict=True)
        ]
        jaxpr, consts, out_tree = trace(c_avals)
    u = length if unroll is True else max(1, int(unroll))
    outs = scan_p.bind(
        *consts,
        *c_leaves,
        *x_leaves,
        jaxpr=core.ClosedJaxpr(pe.close_over_consts(jaxpr), []),
        length=length,
        reverse=bool(reverse),
        num_consts=len(consts),
        num_carry=n_c,
        unroll=u,
    )
    return (tu.tree_unflatten(c_tree, outs[:n_c]), tu.tree_unflatten(y_tree, outs[n_c:]))


def _split3(xs: Sequence[Any], a: int, b: int) -> tuple[list, list, list]:
    return list(xs[:a]), list(xs[a : a + b]), list(xs[a + b :])


def _scan_jvp(
    primals: list,
    tangents: list,
    *,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
) -> tuple:
    nc, nk = num_consts, num_carry
    consts, carry, xs = _split3(primals, nc, nk)
    ct, kt, xt = _split3(tangents, nc, nk)
    c_nz = [type(t) is not ad.Zero for t in ct]
    k_nz = [type(t) is not ad.Zero for t in kt]
    x_nz = [type(t) is not ad.Zero for t in xt]
    while True:
        out_nz = _jvp_nonzero(jaxpr, c_nz + k_nz + x_nz)
        new = [a or b for a, b in zip(k_nz, out_nz[:nk], strict=True)]
        if new == k_nz:
            break
        k_nz = new
    avals = jaxpr.in_avals
    c_av, k_av, x_av = _split3(avals, nc, nk)
    tc_av = [a.strip_weak_type() for a, nz in zip(c_av, c_nz, strict=True) if nz]
    tk_av = [a.strip_weak_type() for a, nz in zip(k_av, k_nz, strict=True) if nz]
    tx_av = [a.strip_weak_type() for a, nz in zip(x_av, x_nz, strict=True) if nz]
    ntc, ntk = len(tc_av), len(tk_av)

    def unpack(vals: Sequence[Any], avs: Sequence, nzs: Sequence[bool]) -> list:
        it = iter(vals)
        return [
            next(it) if nz else ad.Zero(a.strip_weak_type()) for a, nz in zip(avs, nzs, strict=True)
        ]

    def body(*args: Any) -> list:
        c, tc = args[:nc], args[nc : nc + ntc]
        rest = args[nc + ntc :]
        k, tk = rest[:nk], rest[nk : nk + ntk]
        x, tx = rest[nk + ntk : nk + ntk + len(x_av)], rest[nk + ntk + len(x_av) :]
        ts = [*unpack(tc, c_av, c_nz), *unpack(tk, k_av, k_nz), *unpack(tx, x_av, x_nz)]
        p, t = ad.jvp_flat(_eval(jaxpr), [*c, *k, *x], ts)
        t_carry = [ad.instantiate(v) for v, nz in zip(t[:nk], k_nz, strict=True) if nz]
        return [*p[:nk], *t_carry, *p[nk:], *builtins.map(ad.instantiate, t[nk:])]

    new_jaxpr, new_consts = _hoist(
        _closed_no_consts(body, [*c_av, *tc_av, *k_av, *tk_av, *x_av, *tx_av], "jvp(scan body)")
    )
    k_t = [ad.instantiate(t) for t, nz in zip(kt, k_nz, strict=True) if nz]
    k_t = [
        ad.zeros_like_aval(a) if type(t) is ad.Zero else t for t, a in zip(k_t, tk_av, strict=True)
    ]
    outs = scan_p.bind(
        *new_consts,
        *consts,
        *[t for t in ct if type(t) is not ad.Zero],
        *carry,
        *k_t,
        *xs,
        *[t for t in xt if type(t) is not ad.Zero],
        jaxpr=new_jaxpr,
        length=length,
        reverse=reverse,
        num_consts=len(new_consts) + nc + ntc,
        num_carry=nk + ntk,
        unroll=unroll,
    )
    p_carry, t_carry = outs[:nk], outs[nk : nk + ntk]
    n_ys = len(jaxpr.out_avals) - nk
    p_ys, t_ys = outs[nk + ntk : nk + ntk + n_ys], outs[nk + ntk + n_ys :]
    return [*p_carry, *p_ys], [*unpack(t_carry, k_av, k_nz), *t_ys]


def _scan_partial_eval(
    trace: pe.PartialEvalTrace,
    args: list,
    *,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
) -> list:
    nc, nk = num_consts, num_carry
    uk = [trace.is_unknown(a) for a in args]
    c_uk, k_uk, x_uk = _split3(uk, nc, nk)
    while True:
        out_uk = pe.partial_eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, c_uk + k_uk + x_uk)[3]
        new = [a or b for a, b in zip(k_uk, out_uk[:nk], strict=True)]
        if new == k_uk:
            break
        k_uk = new
    n_ys = len(jaxpr.out_avals) - nk
    known, kconsts, unknown, out_uk, n_res = pe.partial_eval_jaxpr(
        jaxpr.jaxpr, jaxpr.consts, c_uk + k_uk + x_uk, k_uk + [False] * n_ys
    )
    in_uk = c_uk + k_uk + x_uk
    known_args = [a for a, u in zip(args, in_uk, strict=True) if not u]
    n_kc, n_kk = c_uk.count(False), k_uk.count(False)
    # Residuals that are loop-invariant (a known const of the loop, forwarded) go to the
    # unknown loop as consts; only the others are stacked, one slice per iteration.
    n_known_out = len(known.outvars) - n_res
    res_out = known.outvars[n_known_out:]
    const_src = dict(zip(known.invars[:n_kc], known_args[:n_kc], strict=True))
    const_src.update(zip(known.constvars, kconsts, strict=True))
    invariant = [type(v) is core.Var and v in const_src for v in res_out]
    known = core.Jaxpr(
        known.constvars,
        known.invars,
        [
            *known.outvars[:n_known_out],
            *[v for v, i in zip(res_out, invariant, strict=True) if not i],
        ],
        known.eqns,
    )
    inv_vals = [const_src[v] for v, i in zip(res_out, invariant, strict=True) if i]
    known_closed = core.ClosedJaxpr(pe.close_over_consts(known), [])
    with core.set_current_trace(trace.parent):
        kouts = scan_p.bind(
            *kconsts,
            *known_args,
            jaxpr=known_closed,
            length=length,
            reverse=reverse,
            num_consts=len(kconsts) + n_kc,
            num_carry=n_kk,
            unroll=unroll,
        )
    ys_uk = out_uk[nk:]
    n_kys = ys_uk.count(False)
    k_carry, k_ys, residuals = kouts[:n_kk], kouts[n_kk : n_kk + n_kys], kouts[n_kk + n_kys :]
    # The unknown body takes (unknown consts + invariant residuals, unknown carry, stacked
    # residuals + unknown xs).
    n_uc, n_uk_ = c_uk.count(True), k_uk.count(True)
    res_vars, rest = unknown.invars[:n_res], unknown.invars[n_res:]
    inv_vars = [v for v, i in zip(res_vars, invariant, strict=True) if i]
    stk_vars = [v for v, i in zip(res_vars, invariant, strict=True) if not i]
    uj = core.Jaxpr(
        [],
        [*rest[:n_uc], *inv_vars, *rest[n_uc : n_uc + n_uk_], *stk_vars, *rest[n_uc + n_uk_ :]],
        unknown.outvars,
        unknown.eqns,
    )
    u_args = [a for a, u in zip(args, in_uk, strict=True) if u]
    staged = trace.stage(
        scan_p,
        [
            *u_args[:n_uc],
            *inv_vals,
            *u_args[n_uc : n_uc + n_uk_],
            *residuals,
            *u_args[n_uc + n_uk_ :],
        ],
        dict(
            jaxpr=core.ClosedJaxpr(uj, []),
            length=length,
            reverse=reverse,
            num_consts=n_uc + len(inv_vals),
            num_carry=n_uk_,
            unroll=unroll,
        ),
    )
    it_kc, it_uc = iter(k_carry), iter(staged[:n_uk_])
    carry = [next(it_uc) if u else next(it_kc) for u in k_uk]
    it_ky, it_uy = iter(k_ys), iter(staged[n_uk_:])
    ys = [next(it_uy) if u else next(it_ky) for u in ys_uk]
    return [*carry, *ys]


def _scan_transpose(
    cts: list,
    *args: Any,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
) -> list:
    nc, nk = num_consts, num_carry
    consts, carry, xs = _split3(args, nc, nk)
    c_lin = [ad.is_undefined_primal(c) for c in consts]
    x_lin = [ad.is_undefined_primal(x) for x in xs]
    res_c = [c for c, lin in zip(consts, c_lin, strict=True) if not lin]
    res_x = [x for x, lin in zip(xs, x_lin, strict=True) if not lin]
    c_av, k_av, x_av = _split3(jaxpr.in_avals, nc, nk)
    lin_c_av = [a.strip_weak_type() for a, lin in zip(c_av, c_lin, strict=True) if lin]
    ct_carry = [
        ad.zeros_like_aval(a.strip_weak_type()) if type(c) is ad.Zero else c
        for c, a in zip(cts[:nk], k_av, strict=True)
    ]
    ys_av = jaxpr.out_avals[nk:]
    ct_ys = [
        ad.zeros_like_aval(core.ShapedArray((length, *a.shape), a.dtype))
        if type(c) is ad.Zero
        else c
        for c, a in zip(cts[nk:], ys_av, strict=True)
    ]
    acc0 = [ad.zeros_like_aval(a) for a in lin_c_av]
    n_rc, n_acc, n_rx = len(res_c), len(acc0), len(res_x)

    def body(*vals: Any) -> list:
        rc = vals[:n_rc]
        acc = vals[n_rc : n_rc + n_acc]
        ctk = vals[n_rc + n_acc : n_rc + n_acc + nk]
        rx = vals[n_rc + n_acc + nk : n_rc + n_acc + nk + n_rx]
        cty = vals[n_rc + n_acc + nk + n_rx :]
        it_c, it_x = iter(rc), iter(rx)
        full = [
            ad.UndefinedPrimal(a) if lin else next(it_c) for a, lin in zip(c_av, c_lin, strict=True)
        ]
        full += [ad.UndefinedPrimal(a) for a in k_av]
        full += [
            ad.UndefinedPrimal(a) if lin else next(it_x) for a, lin in zip(x_av, x_lin, strict=True)
        ]
        outs = ad.backward_pass(jaxpr.jaxpr, jaxpr.consts, full, [*ctk, *cty])
        ct_c = [o for o, lin in zip(outs[:nc], c_lin, strict=True) if lin]
        new_acc = [
            a if type(o) is ad.Zero else ad.add_tangents(a, o)
            for a, o in zip(acc, ct_c, strict=True)
        ]
        ct_k = [
            ad.zeros_like_aval(a.strip_weak_type()) if type(o) is ad.Zero else o
            for o, a in zip(outs[nc : nc + nk], k_av, strict=True)
        ]
        ct_x = [
            ad.zeros_like_aval(a.strip_weak_type()) if type(o) is ad.Zero else o
            for o, a, lin in zip(outs[nc + nk :], x_av, x_lin, strict=True)
            if lin
        ]
        return [*new_acc, *ct_k, *ct_x]

    in_avals = [
        *builtins.map(core.get_aval, res_c),
        *lin_c_av,
        *k_av,
        *[core.get_aval(x).update(shape=core.get_aval(x).shape[1:]) for x in res_x],
        *ys_av,
    ]
    in_avals = [a.strip_weak_type() for a in in_avals]
    body_t, extra = _hoist(_closed_no_consts(body, in_avals, "transpose(scan body)"))
    outs = scan_p.bind(
        *extra,
        *res_c,
        *acc0,
        *ct_carry,
        *res_x,
        *ct_ys,
        jaxpr=body_t,
        length=length,
        reverse=not reverse,
        num_consts=len(extra) + n_rc,
        num_carry=n_acc + nk,
        unroll=unroll,
    )
    ct_consts, ct_init, ct_xs = outs[:n_acc], outs[n_acc : n_acc + nk], outs[n_acc + nk :]
    it_c, it_x = iter(ct_consts), iter(ct_xs)
    out = [next(it_c) if lin else None for lin in c_lin]
    out += [c if ad.is_undefined_primal(k) else None for c, k in zip(ct_init, carry, strict=True)]
    out += [next(it_x) if lin else None for lin in x_lin]
    return out


def _scan_batch(
    vals: list,
    dims: list,
    *,
    jaxpr: core.ClosedJaxpr,
    length: int,
    reverse: bool,
    num_consts: int,
    num_carry: int,
    unroll: int,
    axis_size: int,
    axis_name: Any,
) -> tuple:
    nc, nk = num_consts, num_carry
    consts, carry, xs = _split3(vals, nc, nk)
    cd, kd, xd = _split3(dims, nc, nk)
    consts = [
        batching.moveaxis(v, d, 0) if d is not None else v for v, d in zip(consts, cd, strict=True)
    ]  # noqa: E501
    xs = [batching.moveaxis(v, d, 1) if d is not None else v for v, d in zip(xs, xd, strict=True)]
    c_b = [d is not None for d in cd]
    x_b = [d is not None for d in xd]
    k_b = [d is not None for d in kd]
    while True:
        out_b = _batched_outputs(jaxpr, c_b + k_b + x_b)
        new = [a or b for a, b in zip(k_b, out_b[:nk], strict=True)]
        if new == k_b:
            break
        k_b = new
    y_b = out_b[nk:]
    carry = [
        batching.moveaxis(v, d, 0, axis_size) if b else v
        for v, d, b in zip(carry, kd, k_b, strict=True)
    ]
    in_dims = [0 if b else None for b in (*c_b, *k_b, *x_b)]
    want = [*k_b, *y_b]

    def body(*args: Any) -> list:
        outs, odims = batching.batch_flat(_eval(jaxpr), args, in_dims, axis_size, axis_name)
        return [
            batching.moveaxis(o, d, 0, axis_size) if w else o
            for o, d, w in zip(outs, odims, want, strict=True)
        ]

    avals = [
        *builtins.map(core.get_aval, consts),
        *builtins.map(core.get_aval, carry),
        *[core.get_aval(x).update(shape=core.get_aval(x).shape[1:]) for x in xs],
    ]
    body_b, extra = _hoist(_closed_no_consts(body, avals, "vmap(scan body)"))
    outs = scan_p.bind(
        *extra,
        *consts,
        *carry,
        *xs,
        jaxpr=body_b,
        length=length,
        reverse=reverse,
        num_consts=len(extra) + nc,
        num_carry=nk,
        unroll=unroll,
    )
    return outs, [0 if b else None for b in k_b] + [1 if b else None for b in y_b]


ad.jvp_rules[scan_p] = _scan_jvp
ad.transpose_rules[scan_p] = _scan_transpose
pe.partial_eval_rules[scan_p] = _scan_partial_eval
batching.batch_rules[scan_p] = _scan_batch
batching.axis_data_rules.add(scan_p)


# ============================================================================ fori_loop, map


def _concrete_int(x: Any) -> int | None:
    if isinstance(x, int) and not isinstance(x, bool):
        return x
    if isinstance(x, onp.integer):
        return int(x)
    if isinstance(x, core.Tracer):
        v = x.to_concrete_value()
        return None if v is None else int(onp.asarray(v))
    if hasattr(x, "aval") and dtypes.kind(x.dtype) in "iu" and x.shape == ():
        return int(x)
    return None


def fori_loop(
    lower: Any, upper: Any, body_fun: Callable, init_val: Any, *, unroll: int | bool | None = None
) -> Any:
    """``for i in range(lower, upper): val = body_fun(i, val)``.

    With Python-int (concrete) bounds it lowers through ``scan``, so it is reverse-mode
    differentiable; with traced bounds it is a ``while_loop`` (forward mode only).
    """
    for name, bound in (("lower", lower), ("upper", upper)):
        k = dtypes.kind(dtypes.dtype_and_weak(bound)[0])
        if k not in "iu" or isinstance(bound, bool):
            raise TypeError(f"fori_loop: {name} bound must be an integer scalar, got {bound!r:.60}")
    lo, hi = _concrete_int(lower), _concrete_int(upper)
    if lo is not None and hi is not None:
        n = max(hi - lo, 0)
        idx_dtype = (
            dtypes.result_type(lower, upper)
            if not (isinstance(lower, int) and isinstance(upper, int))
            else onp.dtype(onp.int32)
        )

        def step(carry: Any, _: Any) -> tuple:
            i, val = carry
            return (i + 1, body_fun(i, val)), None

        i0 = shapes.convert_element_type(lo, idx_dtype)
        if n == 0:
            return init_val
        (_, out), _ = scan(
            step, (i0, init_val), None, length=n, unroll=1 if unroll is None else unroll
        )
        return out
    dt = dtypes.result_type(lower, upper)
    lower = shapes.convert_element_type(lower, dt)
    upper = shapes.convert_element_type(upper, dt)

    def cond(c: Any) -> Any:
        return elementwise.lt(c[0], c[1])

    def body(c: Any) -> Any:
        i, u, v = c
        return (elementwise.add(i, 1), u, body_fun(i, v))

    return while_loop(cond, body, (lower, upper, init_val))[2]


def _batched_over_leading_axis(f: Callable, xs: Any, size: int) -> Any:
    """``f`` vectorized over the leading axis of every leaf of ``xs`` (outputs batched there
    too), through the batching interpreter: ``vmap(f)(xs)`` without the user-facing API."""
    leaves, tree = tu.tree_flatten(xs)
    store = {}

    def flat(*args: Any) -> list:
        out_leaves, store["tree"] = tu.tree_flatten(f(tu.tree_unflatten(tree, list(args))))
        return out_leaves

    outs, dims = batching.batch_flat(flat, leaves, [0] * len(leaves), size)
    outs = [batching.moveaxis(o, d, 0, size) for o, d in zip(outs, dims, strict=True)]
    return tu.tree_unflatten(store["tree"], outs)


def map(f: Callable, xs: Any, *, batch_size: int | None = None) -> Any:  # noqa: A001
    """``stack([f(x) for x in xs])`` as a ``scan``; with ``batch_size``, ``f`` is vectorized
    over chunks of that many examples inside the loop (and over the remainder after it)."""
    if batch_size is None:
        return scan(lambda _, x: ((), f(x)), (), xs)[1]
    leaves, tree = tu.tree_flatten(xs)
    n = core.get_aval(leaves[0]).shape[0]
    b = int(batch_size)
    if b <= 0:
        raise ValueError(f"map: batch_size must be positive, got {batch_size}")
    n_full = (n // b) * b
    out = None
    if n_full:
        chunks = [
            shapes.reshape(
                slicing.slice_in_dim(x, 0, n_full, 1, 0),
                (n_full // b, b, *core.get_aval(x).shape[1:]),
            )
            for x in leaves
        ]
        ys = scan(
            lambda _, c: ((), _batched_over_leading_axis(f, tu.tree_unflatten(tree, list(c)), b)),
            (),
            chunks,
        )[1]
        out = tu.tree_map(lambda y: shapes.reshape(y, (n_full, *core.get_aval(y).shape[2:])), ys)
    if n_full < n:
        rest = tu.tree_unflatten(tree, [slicing.slice_in_dim(x, n_full, n, 1, 0) for x in leaves])
        tail = _batched_over_leading_axis(f, rest, n - n_full)
        if out is None:
            return tail
        out = tu.tree_map(lambda a, t: shapes.concatenate([a, t], 0), out, tail)
    return out


# ============================================================================ associative_scan


def associative_scan(fn: Callable, elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    """All prefix combinations ``fn(... fn(fn(e0, e1), e2) ...)`` along ``axis``, computed in
    O(log n) parallel steps (Blelloch-style odd/even recursion).

    ``fn`` must be associative and act elementwise on pytrees of arrays (with a leading
    batch of pairs); ``elems`` is a pytree whose leaves share the scanned axis length.
    """
    leaves, tree = tu.tree_flatten(elems)
    leaves = [utils.asarray(x) for x in leaves]
    if not leaves:
        return elems
    ndim = core.get_aval(leaves[0]).ndim
    ax = utils.canonical_axis("associative_scan", axis, ndim)
    sizes = {core.get_aval(x).shape[ax] for x in leaves}
    if len(sizes) != 1:
        raise ValueError(
            f"associative_scan: the leaves of elems have different lengths along "
            f"axis {axis}: {sorted(sizes)}"
        )
    if reverse:
        leaves = [shapes.rev(x, (ax,)) for x in leaves]

    def combine(a: list, b: list) -> list:
        out = tu.tree_leaves(fn(tu.tree_unflatten(tree, a), tu.tree_unflatten(tree, b)))
        if len(out) != len(a):
            raise TypeError("associative_scan: fn must return the structure of its inputs")
        return [utils.asarray(o) for o in out]

    def sl(x: Any, start: int, stop: int | None, step: int = 1) -> Any:
        n = core.get_aval(x).shape[ax]
        return slicing.slice_in_dim(x, start, n if stop is None else stop, step, ax)

    def interleave(a: Any, b: Any) -> Any:
        # a holds the even positions, b the odd ones (len(a) == len(b) or len(b) + 1):
        # spread each with interior padding and add the two.
        na, nb = core.get_aval(a).shape[ax], core.get_aval(b).shape[ax]
        cfg_a, cfg_b = [(0, 0, 0)] * ndim, [(0, 0, 0)] * ndim
        cfg_a[ax] = (0, 1 if na == nb else 0, 1)
        cfg_b[ax] = (1, 1 if na > nb else 0, 1)
        dt = core.get_aval(a).dtype
        zero = utils.full((), 0, dt)
        join = elementwise.bitwise_or if dt == onp.bool_ else elementwise.add
        return join(shapes.pad(a, zero, cfg_a), shapes.pad(b, zero, cfg_b))

    def scan_rec(xs: list) -> list:
        n = core.get_aval(xs[0]).shape[ax]
        if n < 2:
            return xs
        odd = scan_rec(combine([sl(x, 0, -1, 2) for x in xs], [sl(x, 1, None, 2) for x in xs]))
        if n % 2 == 0:
            even = combine([sl(o, 0, -1) for o in odd], [sl(x, 2, None, 2) for x in xs])
        else:
            even = combine(odd, [sl(x, 2, None, 2) for x in xs])
        even = [shapes.concatenate([sl(x, 0, 1), e], ax) for x, e in zip(xs, even, strict=True)]
        return [interleave(e, o) for e, o in zip(even, odd, strict=True)]

    out = scan_rec(leaves)
    if reverse:
        out = [shapes.rev(x, (ax,)) for x in out]
    return tu.tree_unflatten(tree, out)
