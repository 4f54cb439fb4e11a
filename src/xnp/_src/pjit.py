"""The ``jit`` primitive: a call of a closed jaxpr, compiled as one XLA program.

Top-level jitted calls take the fast path in ``api.jit`` and never bind this primitive; it
appears when ``jit`` is used inside another transformation (a jitted function called from a
traced one, ``grad(jit(f))``, ...). Its rules for each interpreter live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xnp._src import core, dispatch
from xnp._src.interpreters import lowering

jit_p = core.register_primitive(core.Primitive("jit"))
jit_p.multiple_results = True


def _jit_abstract_eval(*avals: core.ShapedArray, jaxpr: core.ClosedJaxpr, **_: Any):
    return jaxpr.out_avals


jit_p.def_abstract_eval(_jit_abstract_eval)

_impl_cache: dict[tuple, Any] = {}


def _jit_impl(*args: Any, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()) -> list:
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
