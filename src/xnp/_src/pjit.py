"""The ``jit`` primitive: a call of a closed jaxpr, compiled as one XLA program.

Top-level jitted calls take the fast path in ``api.jit`` and never bind this primitive; it
appears when ``jit`` is used inside another transformation (a jitted function called from a
traced one, ``grad(jit(f))``, ...). Its rules for each interpreter live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xnp._src import core, dispatch
from xnp._src.array import ndarray
from xnp._src.interpreters import ad, batching, lowering
from xnp._src.interpreters import partial_eval as pe

jit_p = core.register_primitive(core.Primitive("jit"))
jit_p.multiple_results = True


def _jit_abstract_eval(*avals: core.ShapedArray, jaxpr: core.ClosedJaxpr, **_: Any):
    return jaxpr.out_avals


jit_p.def_abstract_eval(_jit_abstract_eval)

_impl_cache: dict[tuple, Any] = {}


def _jit_impl(*args: Any, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()) -> list:
    if not donated:
        donated = (False,) * len(args)
    arrays = [dispatch.to_array(x) for x in args]
    key = (id(jaxpr), tuple(a.aval for a in arrays))
    entry = _impl_cache.get(key)
    if entry is None or entry[0] is not jaxpr:
        closed = core.Jaxpr(
            [], [*jaxpr.jaxpr.constvars, *jaxpr.jaxpr.invars], jaxpr.jaxpr.outvars, jaxpr.jaxpr.eqns
        )
        exe = dispatch.compile_jaxpr(closed, name, (False,) * len(jaxpr.consts) + tuple(donated))
        entry = _impl_cache[key] = (jaxpr, exe)
    exe = entry[1]
    consts = [dispatch.to_array(c) for c in jaxpr.consts]
    bufs = [a._materialize() for a in (*consts, *arrays)]
    return [ndarray(b, a) for b, a in zip(exe.execute(bufs), jaxpr.out_avals, strict=True)]


jit_p.def_impl(_jit_impl)


def _jit_lowering(
    ctx: lowering.LoweringRuleContext, *args: Any, jaxpr: core.ClosedJaxpr, **_: Any
) -> Sequence[Any]:
    return lowering.lower_nested_jaxpr(ctx, jaxpr, args)


lowering.register_lowering(jit_p, _jit_lowering)


# ----------------------------------------------------------------------------- autodiff


def _closed(jaxpr: core.Jaxpr) -> core.ClosedJaxpr:
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])


def _jit_jvp(
    primals: list, tangents: list, *, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()
) -> tuple[list, list]:
    nonzero = [type(t) is not ad.Zero for t in tangents]
    new, consts = ad.jvp_jaxpr(jaxpr, nonzero)
    outs = jit_p.bind(
        *consts,
        *primals,
        *[t for t in tangents if type(t) is not ad.Zero],
        jaxpr=new,
        name=f"jvp({name})",
    )
    m = len(jaxpr.out_avals)
    return outs[:m], outs[m:]


def _jit_partial_eval(
    trace: pe.PartialEvalTrace,
    args: list,
    *,
    jaxpr: core.ClosedJaxpr,
    name: str,
    donated: tuple = (),
) -> list:
    unknowns = [trace.is_unknown(a) for a in args]
    known, known_consts, unknown, out_unknowns, n_res = pe.partial_eval_jaxpr(
        jaxpr.jaxpr, jaxpr.consts, unknowns
    )
    known_args = [a for a, u in zip(args, unknowns, strict=True) if not u]
    with core.set_current_trace(trace.parent):
        known_outs = jit_p.bind(*known_consts, *known_args, jaxpr=_closed(known), name=name)
    n_known = len(known_outs) - n_res
    residuals = known_outs[n_known:]
    unknown_args = [a for a, u in zip(args, unknowns, strict=True) if u]
    unknown_outs = trace.stage(
        jit_p, [*residuals, *unknown_args], dict(jaxpr=core.ClosedJaxpr(unknown, []), name=name)
    )
    it_k, it_u = iter(known_outs[:n_known]), iter(unknown_outs)
    return [next(it_u) if u else next(it_k) for u in out_unknowns]


def _jit_transpose(
    cts: list, *args: Any, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()
) -> list:
    linear = [ad.is_undefined_primal(a) for a in args]
    residuals = [a for a, lin in zip(args, linear, strict=True) if not lin]
    cts = [ad.instantiate(c) for c in cts]
    res_avals = [core.get_aval(r) for r in residuals]
    ct_avals = [core.get_aval(c) for c in cts]

    def transposed(*flat: Any) -> list:
        res, cs = flat[: len(residuals)], flat[len(residuals) :]
        it = iter(res)
        full = [
            ad.UndefinedPrimal(a.aval) if lin else next(it)
            for a, lin in zip(args, linear, strict=True)
        ]
        outs = ad.backward_pass(jaxpr.jaxpr, jaxpr.consts, full, list(cs))
        return [ad.instantiate(o) for o, lin in zip(outs, linear, strict=True) if lin]

    new, consts, _ = pe.trace_to_jaxpr(transposed, [*res_avals, *ct_avals], f"transpose({name})")
    outs = iter(
        jit_p.bind(*consts, *residuals, *cts, jaxpr=_closed(new), name=f"transpose({name})")
    )
    return [next(outs) if lin else None for lin in linear]


ad.jvp_rules[jit_p] = _jit_jvp
ad.transpose_rules[jit_p] = _jit_transpose
pe.partial_eval_rules[jit_p] = _jit_partial_eval


# ----------------------------------------------------------------------------- batching


def _jit_batch(
    vals: list,
    dims: list,
    *,
    jaxpr: core.ClosedJaxpr,
    name: str,
    donated: tuple = (),
    axis_size: int,
    axis_name: Any,
) -> tuple:
    new, consts, out_dims = batching.batch_jaxpr(jaxpr, dims, axis_size, axis_name)
    return jit_p.bind(*consts, *vals, jaxpr=new, name=name), out_dims


batching.batch_rules[jit_p] = _jit_batch
batching.axis_data_rules.add(jit_p)
