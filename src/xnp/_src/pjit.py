"""The ``jit`` primitive: a call of a closed jaxpr, compiled as one XLA program.

Top-level jitted calls take the fast path in ``api.jit`` and never bind this primitive; it
appears when ``jit`` is used inside another transformation (a jitted function called from a
traced one, ``grad(jit(f))``, ...). Its rules for each interpreter live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xnp._src import core, dispatch
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
        closed = core.Jaxpr([], [*jaxpr.jaxpr.constvars, *jaxpr.jaxpr.invars],
                            jaxpr.jaxpr.outvars, jaxpr.jaxpr.eqns)  # fmt: skip
        exe = dispatch.compile_jaxpr(closed, name, (False,) * len(jaxpr.consts) + tuple(donated))
        entry = _impl_cache[key] = (jaxpr, exe)
    exe = entry[1]
    consts = [dispatch.to_array(c) for c in jaxpr.consts]
    bufs = [a._materialize() for a in (*consts, *arrays)]
    from xnp._src.array import ndarray

    return [ndarray(b, a) for b, a in zip(exe.execute(bufs), jaxpr.out_avals, strict=True)]


jit_p.def_impl(_jit_impl)


def _jit_lowering(ctx: lowering.LoweringRuleContext, *args: Any, jaxpr: core.ClosedJaxpr,
                  **_: Any) -> Sequence[Any]:  # fmt: skip
    return lowering.lower_nested_jaxpr(ctx, jaxpr, args)


lowering.register_lowering(jit_p, _jit_lowering)


# ----------------------------------------------------------------------------- autodiff


def _closed(jaxpr: core.Jaxpr) -> core.ClosedJaxpr:
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])


def _jit_jvp(primals: list, tangents: list, *, jaxpr: core.ClosedJaxpr, name: str,
             donated: tuple = ()) -> tuple[list, list]:  # fmt: skip
    nonzero = [type(t) is not ad.Zero for t in tangents]
    n = len(primals)
    tangent_avals = [a.strip_weak_type() for a, nz in zip(jaxpr.in_avals, nonzero, strict=True)
                     if nz]  # fmt: skip

    def jvp_fun(*args: Any) -> list:
        ps = args[:n]
        it = iter(args[n:])
        ts = [next(it) if nz else ad.Zero(a.strip_weak_type())
              for nz, a in zip(nonzero, jaxpr.in_avals, strict=True)]  # fmt: skip
        outs_p, outs_t = ad.jvp_flat(lambda *a: core.eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *a),
                                     ps, ts)  # fmt: skip
        return [*outs_p, *map(ad.instantiate, outs_t)]

    new, consts, _ = pe.trace_to_jaxpr(jvp_fun, [*jaxpr.in_avals, *tangent_avals], f"jvp({name})")
    outs = jit_p.bind(*consts, *primals, *[t for t in tangents if type(t) is not ad.Zero],
                      jaxpr=_closed(new), name=f"jvp({name})")  # fmt: skip
    m = len(jaxpr.out_avals)
    return outs[:m], outs[m:]


def _jit_partial_eval(trace: pe.PartialEvalTrace, args: list, *, jaxpr: core.ClosedJaxpr,
                      name: str, donated: tuple = ()) -> list:  # fmt: skip
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
    unknown_outs = trace.stage(jit_p, [*residuals, *unknown_args],
                               dict(jaxpr=core.ClosedJaxpr(unknown, []), name=name))  # fmt: skip
    it_k, it_u = iter(known_outs[:n_known]), iter(unknown_outs)
    return [next(it_u) if u else next(it_k) for u in out_unknowns]


def _jit_transpose(cts: list, *args: Any, jaxpr: core.ClosedJaxpr, name: str,
                   donated: tuple = ()) -> list:  # fmt: skip
    linear = [ad.is_undefined_primal(a) for a in args]
    residuals = [a for a, lin in zip(args, linear, strict=True) if not lin]
    cts = [ad.instantiate(c) for c in cts]
    res_avals = [core.get_aval(r) for r in residuals]
    ct_avals = [core.get_aval(c) for c in cts]

    def transposed(*flat: Any) -> list:
        res, cs = flat[: len(residuals)], flat[len(residuals) :]
        it = iter(res)
        full = [ad.UndefinedPrimal(a.aval) if lin else next(it)
                for a, lin in zip(args, linear, strict=True)]  # fmt: skip
        outs = ad.backward_pass(jaxpr.jaxpr, jaxpr.consts, full, list(cs))
        return [ad.instantiate(o) for o, lin in zip(outs, linear, strict=True) if lin]

    new, consts, _ = pe.trace_to_jaxpr(transposed, [*res_avals, *ct_avals],
                                       f"transpose({name})")  # fmt: skip
    outs = iter(jit_p.bind(*consts, *residuals, *cts, jaxpr=_closed(new),
                           name=f"transpose({name})"))  # fmt: skip
    return [next(outs) if lin else None for lin in linear]


ad.jvp_rules[jit_p] = _jit_jvp
ad.transpose_rules[jit_p] = _jit_transpose
pe.partial_eval_rules[jit_p] = _jit_partial_eval


# ----------------------------------------------------------------------------- batching


def _jit_batch(vals: list, dims: list, *, jaxpr: core.ClosedJaxpr, name: str,
               donated: tuple = (), axis_size: int, axis_name: Any) -> tuple:  # fmt: skip
    vals = [batching.moveaxis(v, d, 0) if d is not None else v
            for v, d in zip(vals, dims, strict=True)]  # fmt: skip
    dims = [0 if d is not None else None for d in dims]

    def batched(*xs: Any) -> list:
        outs, odims = batching.batch_flat(
            lambda *a: core.eval_jaxpr(jaxpr.jaxpr, jaxpr.consts, *a), xs, dims, axis_size,
            axis_name)  # fmt: skip
        return [batching.moveaxis(o, d, 0, axis_size) for o, d in zip(outs, odims, strict=True)]

    new, consts, _ = pe.trace_to_jaxpr(batched, [core.get_aval(v) for v in vals],
                                       f"vmap({name})")  # fmt: skip
    outs = jit_p.bind(*consts, *vals, jaxpr=_closed(new), name=name)
    return outs, [0] * len(outs)


batching.batch_rules[jit_p] = _jit_batch
batching.axis_data_rules.add(jit_p)
