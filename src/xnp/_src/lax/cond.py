"""``cond`` and ``switch``: structured branching that compiles, differentiates and vectorizes.

Each branch is traced once to a jaxpr carried by ``cond_p``; the branch index is an int32
scalar. Every branch takes the same operands (the constants all branches close over, then the
user's operands) and returns values of the same types.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src import tree_util as tu
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise, shapes, utils

hlo = mlir.hlo


# ----------------------------------------------------------------------------- tracing helpers


def trace_fun(
    fun: Callable, in_tree: Any, in_avals: Sequence[core.ShapedArray], name: str, kind: str
) -> tuple[core.Jaxpr, list, Any]:
    """Trace ``fun`` (taking the pytree of ``in_tree``) to a jaxpr; returns (jaxpr, consts,
    output tree)."""
    store: dict[str, Any] = {}

    def flat(*xs: Any) -> list:
        out = fun(*tu.tree_unflatten(in_tree, list(xs)))
        leaves, store["tree"] = tu.tree_flatten(out)
        for leaf in leaves:
            if not core.valid_jaxtype(leaf):
                raise TypeError(
                    f"{kind}: `{name}` returned a {type(leaf).__name__} ({leaf!r:.60}); it must "
                    "return arrays or pytrees of arrays"
                )
        return [utils.asarray(x) if dtypes.is_python_scalar(x) else x for x in leaves]

    jaxpr, consts, _ = pe.trace_to_jaxpr(flat, in_avals, name, kind)
    return jaxpr, consts, store["tree"]


def _fun_name(f: Callable) -> str:
    return getattr(f, "__name__", type(f).__name__)


def check_same_types(
    what: str, names: tuple[str, str], tree1: Any, avals1: Sequence, tree2: Any, avals2: Sequence
) -> None:
    """TypeError naming the first leaf where two branch/carry signatures differ."""
    if tree1 != tree2:
        raise TypeError(
            f"{what}: {names[0]} and {names[1]} must have identical structure; got {tree1} and "
            f"{tree2}"
        )
    paths = [p for p, _ in tu.tree_flatten_with_path(tu.tree_unflatten(tree1, list(avals1)))[0]]
    for path, a, b in zip(paths, avals1, avals2, strict=True):
        if a.shape != b.shape or a.dtype != b.dtype:
            raise TypeError(
                f"{what}: {names[0]} and {names[1]} must have identical types; the leaf at "
                f"{tu.keystr(path) or '(root)'} is {a.str_short()} in {names[0]} but "
                f"{b.str_short()} in {names[1]}"
            )


def join_weak(avals: Sequence[core.ShapedArray]) -> core.ShapedArray:
    return avals[0].update(weak_type=all(a.weak_type for a in avals))


def _pad_consts(
    jaxpr: core.Jaxpr,
    consts_before: int,
    consts_after: int,
    avals_before: Sequence,
    avals_after: Sequence,
) -> core.Jaxpr:
    """``jaxpr`` with unused invars added around its constvars (so branches share inputs)."""
    before = [core.Var(a) for a in avals_before]
    after = [core.Var(a) for a in avals_after]
    return core.Jaxpr(
        [], [*before, *jaxpr.constvars, *after, *jaxpr.invars], jaxpr.outvars, jaxpr.eqns
    )


def _closed(jaxpr: core.Jaxpr, consts: Sequence[Any] = ()) -> core.ClosedJaxpr:
    if consts:
        return core.ClosedJaxpr(jaxpr, list(consts))
    if jaxpr.constvars:
        raise ValueError("internal: a branch jaxpr still has constvars")
    return core.ClosedJaxpr(jaxpr, [])


def trace_to_closed(
    fun: Callable, in_avals: Sequence[core.ShapedArray], name: str
) -> tuple[core.ClosedJaxpr, list]:
    """Trace a flat function; its constants become leading inputs. Returns (jaxpr, consts)."""
    jaxpr, consts, _ = pe.trace_to_jaxpr(fun, list(in_avals), name, "control flow")
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), []), consts


# ----------------------------------------------------------------------------- cond_p


def _cond_abstract_eval(index: core.ShapedArray, *ops: core.ShapedArray, branches: tuple) -> list:
    if index.shape != () or dtypes.kind(index.dtype) not in "iu":
        raise TypeError(
            f"cond: the branch index must be an integer scalar, got {index.str_short()}"
        )
    return [join_weak(avals) for avals in zip(*(b.out_avals for b in branches), strict=True)]


def _cond_impl(index: Any, *ops: Any, branches: tuple) -> list:
    i = int(onp.clip(int(index), 0, len(branches) - 1))
    b = branches[i]
    return core.eval_jaxpr(b.jaxpr, b.consts, *ops)


def _cond_lowering(ctx: mlir.LoweringRuleContext, index: Any, *ops: Any, branches: tuple) -> list:
    out_types = [mlir.aval_to_ir_type(a) for a in ctx.avals_out]
    idx_aval = ctx.avals_in[0]
    if idx_aval.dtype != onp.int32:
        index = hlo.convert(mlir.aval_to_ir_type(idx_aval.update(dtype=onp.int32)), index)
    case = hlo.CaseOp(out_types, index, len(branches))
    for region, branch in zip(case.regions, branches, strict=True):
        block = region.blocks.append()
        with mlir.ir.InsertionPoint(block):
            outs = mlir.lower_nested_jaxpr(ctx, branch, ops)
            hlo.return_(outs)
    return list(case.results)


cond_p = utils.standard_primitive(
    "cond", _cond_abstract_eval, _cond_lowering, multiple_results=True
)
cond_p.def_impl(_cond_impl)


def _cond_jvp(primals: list, tangents: list, *, branches: tuple) -> tuple:
    index, *ops = primals
    nonzero = [type(t) is not ad.Zero for t in tangents[1:]]
    new = tuple(_embed(*ad.jvp_jaxpr(b, nonzero)) for b in branches)
    outs = cond_p.bind(
        index, *ops, *[t for t in tangents[1:] if type(t) is not ad.Zero], branches=new
    )
    m = len(branches[0].out_avals)
    return outs[:m], outs[m:]


def _embed(closed: core.ClosedJaxpr, consts: Sequence[Any]) -> core.ClosedJaxpr:
    """Turn the leading inputs of ``closed`` back into constants bound to ``consts``
    (branches must all take the same operands, so their constants stay inside)."""
    j = closed.jaxpr
    k = len(consts)
    return core.ClosedJaxpr(core.Jaxpr(j.invars[:k], j.invars[k:], j.outvars, j.eqns), list(consts))


def _closed_no_consts(f: Callable, in_avals: Sequence, name: str) -> core.ClosedJaxpr:
    jaxpr, consts, _ = pe.trace_to_jaxpr(f, list(in_avals), name, "control flow")
    return core.ClosedJaxpr(jaxpr, consts)


def _cond_partial_eval(trace: pe.PartialEvalTrace, args: list, *, branches: tuple) -> list:
    index, *ops = args
    if trace.is_unknown(index):
        return trace.stage(cond_p, args, dict(branches=branches))
    unknowns = [trace.is_unknown(o) for o in ops]
    splits = [pe.partial_eval_jaxpr(b.jaxpr, b.consts, unknowns) for b in branches]
    out_uk = [any(s[3][i] for s in splits) for i in range(len(branches[0].out_avals))]
    splits = [pe.partial_eval_jaxpr(b.jaxpr, b.consts, unknowns, out_uk) for b in branches]
    # Residuals differ per branch: every known branch returns all branches' residual slots,
    # zeros in the other branches' slots.
    res_avals = []
    for known, _, _, _, n_res in splits:
        res_avals.append([v.aval for v in known.outvars[len(known.outvars) - n_res :]])
    all_res = [a for avals in res_avals for a in avals]
    known_ops = [o for o, u in zip(ops, unknowns, strict=True) if not u]
    known_in_avals = [core.get_aval(o) for o in known_ops]
    n_known_out = out_uk.count(False)
    known_branches = []
    for i, (known, kconsts, _, _, n_res) in enumerate(splits):
        offset = sum(len(r) for r in res_avals[:i])

        def f(
            *xs: Any,
            known: core.Jaxpr = known,
            kconsts: list = kconsts,
            offset: int = offset,
            n_res: int = n_res,
        ) -> list:
            outs = core.eval_jaxpr(known, kconsts, *xs)
            res = [ad.zeros_like_aval(a) for a in all_res]
            res[offset : offset + n_res] = outs[n_known_out:]
            return [*outs[:n_known_out], *res]

        known_branches.append(_closed_no_consts(f, known_in_avals, "cond known"))
    with core.set_current_trace(trace.parent):
        known_outs = cond_p.bind(index, *known_ops, branches=tuple(known_branches))
    residuals = known_outs[n_known_out:]
    unknown_ops = [o for o, u in zip(ops, unknowns, strict=True) if u]
    unknown_branches = []
    for i, (_, _, unknown, _, n_res) in enumerate(splits):
        offset = sum(len(r) for r in res_avals[:i])
        unknown_branches.append(
            _closed(
                _pad_consts(
                    core.Jaxpr(
                        unknown.invars[:n_res],
                        unknown.invars[n_res:],
                        unknown.outvars,
                        unknown.eqns,
                    ),
                    0,
                    0,
                    all_res[:offset],
                    all_res[offset + n_res :],
                )
            )
        )
    staged = trace.stage(
        cond_p, [index, *residuals, *unknown_ops], dict(branches=tuple(unknown_branches))
    )
    it_k, it_u = iter(known_outs[:n_known_out]), iter(staged)
    return [next(it_u) if u else next(it_k) for u in out_uk]


def _cond_transpose(cts: list, index: Any, *ops: Any, branches: tuple) -> list:
    if ad.is_undefined_primal(index):
        raise NotImplementedError("cond is not linear in its index")
    linear = [ad.is_undefined_primal(o) for o in ops]
    res = [o for o, lin in zip(ops, linear, strict=True) if not lin]
    cts = [ad.instantiate(c) for c in cts]
    lin_avals = [o.aval for o in ops if ad.is_undefined_primal(o)]
    in_avals = [*map(core.get_aval, res), *map(core.get_aval, cts)]

    def transpose_branch(b: core.ClosedJaxpr) -> core.ClosedJaxpr:
        def f(*xs: Any) -> list:
            r, c = xs[: len(res)], xs[len(res) :]
            it = iter(r)
            args = [
                ad.UndefinedPrimal(a) if lin else next(it)
                for a, lin in zip(b.in_avals, linear, strict=True)
            ]
            outs = ad.backward_pass(b.jaxpr, b.consts, args, list(c))
            return [
                ad.instantiate(o) if type(o) is ad.Zero else o
                for o, lin in zip(outs, linear, strict=True)
                if lin
            ]

        return _closed_no_consts(f, in_avals, "transpose(cond branch)")

    new = tuple(transpose_branch(b) for b in branches)
    outs = iter(cond_p.bind(index, *res, *cts, branches=new))
    del lin_avals
    return [None] + [next(outs) if lin else None for lin in linear]


def _cond_batch(
    vals: list, dims: list, *, branches: tuple, axis_size: int, axis_name: Any
) -> tuple:
    index, *ops = vals
    idim, *odims = dims
    if idim is not None:
        # A batched predicate: run every branch on the whole batch and select per example.
        ops = [batching.moveaxis(o, d, 0, axis_size) for o, d in zip(ops, odims, strict=True)]
        idx = batching.moveaxis(index, idim, 0)
        results = []
        for b in branches:
            outs, out_dims = batching.batch_flat(
                lambda *a, b=b: core.eval_jaxpr(b.jaxpr, b.consts, *a),
                ops,
                [0] * len(ops),
                axis_size,
                axis_name,
            )
            results.append(
                [batching.moveaxis(o, d, 0, axis_size) for o, d in zip(outs, out_dims, strict=True)]
            )
        idx = elementwise.clamp(0, shapes.convert_element_type(idx, onp.int32), len(branches) - 1)
        outs = []
        for cases in zip(*results, strict=True):
            shape = core.get_aval(cases[0]).shape
            which = shapes.broadcast_in_dim(idx, shape, (0,))
            outs.append(elementwise.select_n(which, *cases))
        return outs, [0] * len(outs)
    batched = [batching.batch_jaxpr(b, odims, axis_size, axis_name) for b in branches]
    outs = cond_p.bind(index, *ops, branches=tuple(_embed(j, c) for j, c, _ in batched))
    return outs, batched[0][2]


ad.jvp_rules[cond_p] = _cond_jvp
ad.transpose_rules[cond_p] = _cond_transpose
pe.partial_eval_rules[cond_p] = _cond_partial_eval
batching.batch_rules[cond_p] = _cond_batch
batching.axis_data_rules.add(cond_p)


# ----------------------------------------------------------------------------- public API


def _bind_branches(index: Any, funs: Sequence[Callable], operands: tuple, what: str) -> Any:
    ops_leaves, in_tree = tu.tree_flatten(operands)
    ops_leaves = [utils.asarray(x) for x in ops_leaves]
    in_avals = [core.get_aval(x) for x in ops_leaves]
    traced = [trace_fun(f, in_tree, in_avals, _fun_name(f), what) for f in funs]
    names = [f"branch {i} ({_fun_name(f)})" for i, f in enumerate(funs)]
    if what == "cond":
        names = [f"false_fun ({_fun_name(funs[0])})", f"true_fun ({_fun_name(funs[1])})"]
    for i in range(1, len(traced)):
        check_same_types(
            what,
            (names[0], names[i]),
            traced[0][2],
            traced[0][0].out_avals,
            traced[i][2],
            traced[i][0].out_avals,
        )
    all_consts = [c for _, consts, _ in traced for c in consts]
    const_avals = [core.get_aval(c) for c in all_consts]
    branches = []
    start = 0
    for jaxpr, consts, _ in traced:
        n = len(consts)
        branches.append(
            _closed(_pad_consts(jaxpr, 0, 0, const_avals[:start], const_avals[start + n :]))
        )
        start += n
    outs = cond_p.bind(index, *all_consts, *ops_leaves, branches=tuple(branches))
    return tu.tree_unflatten(traced[0][2], outs)


def cond(pred: Any, true_fun: Callable, false_fun: Callable, *operands: Any) -> Any:
    """``true_fun(*operands)`` if ``pred`` else ``false_fun(*operands)``, staged as one op.

    ``pred`` is a boolean or integer scalar (nonzero is true). Both branches are traced and
    must return the same structure, shapes and dtypes. Under ``vmap`` with a batched
    ``pred`` both branches run and the results are selected.
    """
    if not callable(true_fun) or not callable(false_fun):
        raise TypeError("cond: true_fun and false_fun must be callable")
    p = utils.asarray(pred)
    if p.shape != ():
        raise TypeError(f"cond: pred must be a scalar, got shape {p.shape}")
    k = dtypes.kind(p.dtype)
    if k not in "biu":
        raise TypeError(f"cond: pred must be a boolean or integer scalar, got {p.dtype.name}")
    if k != "b":
        p = elementwise.ne(p, 0)
    index = shapes.convert_element_type(p, onp.int32)
    return _bind_branches(index, [false_fun, true_fun], operands, "cond")


def switch(index: Any, branches: Sequence[Callable], *operands: Any) -> Any:
    """``branches[index](*operands)`` with ``index`` clamped to the valid range."""
    branches = list(branches)
    if not branches:
        raise ValueError("switch: at least one branch is required")
    idx = utils.asarray(index)
    if idx.shape != () or dtypes.kind(idx.dtype) not in "iu":
        raise TypeError(f"switch: index must be an integer scalar, got {idx.aval.str_short()}")
    idx = elementwise.clamp(0, shapes.convert_element_type(idx, onp.int32), len(branches) - 1)
    if len(branches) == 1:
        return branches[0](*operands)
    return _bind_branches(idx, branches, operands, "switch")
