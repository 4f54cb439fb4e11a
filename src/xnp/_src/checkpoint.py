"""``checkpoint`` (``remat``): recompute a function's intermediates in the backward pass.

A checkpointed call binds ``remat_p`` carrying the function's jaxpr. When reverse mode
linearizes it, the partial-evaluation rule saves only the inputs (and, under a ``policy``,
the outputs of equations the policy names as saveable); the staged tangent computation
recomputes everything else from them during the backward pass.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from xnp._src import core
from xnp._src import tree_util as tu
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import utils

Policy = Callable[..., bool]

remat_p = utils.call_primitive("checkpoint", "jaxpr")


def checkpoint(
    fun: Callable,
    *,
    policy: Policy | None = None,
    prevent_cse: bool = True,
    static_argnums: int | Sequence[int] = (),
) -> Callable:
    """Make ``fun``'s intermediates be recomputed, not stored, for reverse mode.

    ``policy(prim, *avals, **params) -> bool`` may name equations whose outputs are worth
    saving (see ``checkpoint_policies``).
    """
    statics = (static_argnums,) if isinstance(static_argnums, int) else tuple(static_argnums)

    @functools.wraps(fun, updated=())
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        dyn = [a for i, a in enumerate(args) if i not in statics]
        leaves, in_tree = tu.tree_flatten((dyn, kwargs))
        store: dict[str, Any] = {}

        def flat(*xs: Any) -> list:
            d, kw = tu.tree_unflatten(in_tree, list(xs))
            it = iter(d)
            full = [a if i in statics else next(it) for i, a in enumerate(args)]
            out_leaves, store["out_tree"] = tu.tree_flatten(fun(*full, **kw))
            return out_leaves

        avals = [core.get_aval(x) for x in leaves]
        jaxpr, consts, _ = pe.trace_to_jaxpr(
            flat, avals, getattr(fun, "__name__", "f"), "checkpoint"
        )
        closed = core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])
        outs = remat_p.bind(*consts, *leaves, jaxpr=closed, policy=policy, prevent_cse=prevent_cse)
        return tu.tree_unflatten(store["out_tree"], outs)

    return wrapped


remat = checkpoint


class checkpoint_policies:  # noqa: N801 (JAX's name)
    """Policies for ``checkpoint(policy=...)``: which intermediates to save."""

    @staticmethod
    def nothing_saveable(prim: core.Primitive, *avals: Any, **params: Any) -> bool:
        return False

    @staticmethod
    def everything_saveable(prim: core.Primitive, *avals: Any, **params: Any) -> bool:
        return True

    @staticmethod
    def dots_saveable(prim: core.Primitive, *avals: Any, **params: Any) -> bool:
        return prim.name in ("dot_general", "conv_general_dilated")

    checkpoint_dots = dots_saveable

    @staticmethod
    def dots_with_no_batch_dims_saveable(prim: core.Primitive, *avals: Any, **params: Any) -> bool:
        if prim.name != "dot_general":
            return False
        (_, _), (lb, _) = params["dimension_numbers"]
        return not lb


# ----------------------------------------------------------------------------- rules


def _remat_partial_eval(
    trace: pe.PartialEvalTrace,
    args: list,
    *,
    jaxpr: core.ClosedJaxpr,
    policy: Any,
    prevent_cse: bool,
) -> list:
    """Known outputs now; the unknown part recomputes from the inputs (and saved values)."""
    unknowns = [trace.is_unknown(a) for a in args]
    j = jaxpr.jaxpr
    unknown_vars: set[core.Var] = {v for v, u in zip(j.invars, unknowns, strict=True) if u}
    saved: list[core.Var] = []
    for eqn in j.eqns:
        if any(type(v) is core.Var and v in unknown_vars for v in eqn.invars):
            unknown_vars.update(eqn.outvars)
        elif policy is not None and policy(
            eqn.primitive, *[v.aval for v in eqn.invars], **eqn.params
        ):
            saved.extend(eqn.outvars)
    out_unknowns = [type(v) is core.Var and v in unknown_vars for v in j.outvars]
    known_in = [v for v, u in zip(j.invars, unknowns, strict=True) if not u]
    # Known part: known outputs, plus the values the policy saves.
    known_outvars = [v for v, u in zip(j.outvars, out_unknowns, strict=True) if not u]
    known_jaxpr = pe.dce_jaxpr(core.Jaxpr([], known_in, [*known_outvars, *saved], j.eqns))
    known_args = [a for a, u in zip(args, unknowns, strict=True) if not u]
    with core.set_current_trace(trace.parent):
        known_outs = (
            core.eval_jaxpr(known_jaxpr, [], *known_args)
            if known_jaxpr.eqns or (known_jaxpr.outvars)
            else []
        )
    n_known = len(known_outvars)
    saved_vals = known_outs[n_known:]
    # Unknown part: all the inputs and the saved values in, the unknown outputs out. Saved
    # equations are dropped (their outputs arrive as inputs); the rest is recomputed.
    saved_set = set(saved)
    eqns = [e for e in j.eqns if not any(v in saved_set for v in e.outvars)]
    unknown_outvars = [v for v, u in zip(j.outvars, out_unknowns, strict=True) if u]
    unknown_jaxpr = pe.dce_jaxpr(core.Jaxpr([], [*saved, *j.invars], unknown_outvars, eqns))
    staged = trace.stage(
        remat_p,
        [*saved_vals, *args],
        dict(jaxpr=core.ClosedJaxpr(unknown_jaxpr, []), policy=policy, prevent_cse=prevent_cse),
    )
    it_k, it_u = iter(known_outs[:n_known]), iter(staged)
    return [next(it_u) if u else next(it_k) for u in out_unknowns]


def _remat_transpose(
    cts: list, *args: Any, jaxpr: core.ClosedJaxpr, policy: Any, prevent_cse: bool
) -> list:
    # The backward pass re-evaluates the non-linear equations forward: that is the
    # rematerialization.
    cts = [ad.instantiate(c) for c in cts]
    outs = ad.backward_pass(jaxpr.jaxpr, jaxpr.consts, list(args), cts)
    return outs


ad.defcall_jvp(remat_p)
ad.transpose_rules[remat_p] = _remat_transpose
pe.partial_eval_rules[remat_p] = _remat_partial_eval
batching.defcall(remat_p)
