"""Tracing Python functions to jaxprs (the staging interpreter) and jaxpr clean-ups.

``trace_to_jaxpr`` runs a function on tracers of a ``JaxprTrace``; each primitive it binds is
recorded as an equation. Values that are not this trace's tracers are constants: scalars become
literals, everything else (concrete arrays, tracers of outer traces) a constvar, whose value
the caller passes in (that is how closures over outer tracers work).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes


class JaxprTracer(core.Tracer):
    __slots__ = ("_aval", "var")

    def __init__(self, trace: JaxprTrace, aval: core.ShapedArray, var: core.Atom):
        self._trace = trace
        self._aval = aval
        self.var = var

    @property
    def aval(self) -> core.ShapedArray:
        return self._aval

    def to_concrete_value(self) -> Any:
        if type(self.var) is core.Literal:
            return self.var.val
        return None


class JaxprTrace(core.Trace):
    """Records primitives into a jaxpr instead of running them."""

    def __init__(self, name: str = "<function>", kind: str = "jit"):
        self.name = name
        self.kind = kind
        self.eqns: list[core.JaxprEqn] = []
        self.constvars: list[core.Var] = []
        self.consts: list[Any] = []
        self._const_ids: dict[int, JaxprTracer] = {}
        self.is_valid = True

    def concretization_context(self) -> str:
        return f" inside {self.kind}-transformed function `{self.name}`"

    def new_arg(self, aval: core.ShapedArray) -> JaxprTracer:
        return JaxprTracer(self, aval, core.Var(aval))

    def to_tracer(self, x: Any) -> JaxprTracer:
        if isinstance(x, JaxprTracer) and x._trace is self:
            return x
        if isinstance(x, core.Tracer) and not x._trace.is_valid:
            raise core.UnexpectedTracerError(
                f"a tracer {x.aval.str_short()} from a transformation that has already "
                f"finished was used inside `{self.name}` (was it stored in a global or a "
                "closure?). Return values out of transformed functions instead."
            )
        t = self._const_ids.get(id(x))
        if t is not None:
            return t
        aval = core.get_aval(x)
        if not isinstance(x, core.Tracer):
            lit = _literal_value(x, aval)
            if lit is not None:
                return JaxprTracer(self, aval, core.Literal(lit, aval))
        var = core.Var(aval)
        self.constvars.append(var)
        self.consts.append(x)
        t = self._const_ids[id(x)] = JaxprTracer(self, aval, var)
        return t

    def process_primitive(self, prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
        tracers = [self.to_tracer(x) for x in args]
        avals_in = [t.aval for t in tracers]
        avals_out = prim.eval_abstract(avals_in, params)
        outs = [JaxprTracer(self, a, core.Var(a)) for a in avals_out]
        self.eqns.append(
            core.JaxprEqn([t.var for t in tracers], [t.var for t in outs], prim, params)
        )
        return outs if prim.multiple_results else outs[0]


def _literal_value(x: Any, aval: core.ShapedArray) -> Any:
    """A host scalar to write into the jaxpr as a literal, or None for a constvar."""
    if aval.shape != ():
        return None
    if dtypes.is_python_scalar(x):
        return x
    if isinstance(x, onp.ndarray | onp.generic):
        return onp.asarray(x, aval.dtype)[()]
    npy = getattr(x, "_npy", None)  # an xnp array made from a host value
    if npy is not None:
        return npy[()]
    return None


def trace_to_jaxpr(
    fun: Callable[..., Sequence[Any]],
    in_avals: Sequence[core.ShapedArray],
    name: str = "<function>",
    kind: str = "jit",
) -> tuple[core.Jaxpr, list[Any], list[core.ShapedArray]]:
    """Trace ``fun`` (taking and returning flat lists of arrays) to a jaxpr.

    Returns (jaxpr, consts, out_avals); the jaxpr's constvars are bound to ``consts``.
    """
    trace = JaxprTrace(name, kind)
    args = [trace.new_arg(a) for a in in_avals]
    try:
        with core.set_current_trace(trace):
            outs = fun(*args)
        out_tracers = [trace.to_tracer(x) for x in outs]
    finally:
        trace.is_valid = False
    jaxpr = core.Jaxpr(
        trace.constvars, [a.var for a in args], [t.var for t in out_tracers], trace.eqns
    )
    return jaxpr, trace.consts, [t.aval for t in out_tracers]


def close_over_consts(jaxpr: core.Jaxpr) -> core.Jaxpr:
    """The same program with its constvars turned into leading invars."""
    return core.Jaxpr([], [*jaxpr.constvars, *jaxpr.invars], jaxpr.outvars, jaxpr.eqns)


def dce_jaxpr(jaxpr: core.Jaxpr, used_outputs: Sequence[bool] | None = None) -> core.Jaxpr:
    """Drop equations whose results are never used (all primitives here are pure)."""
    outvars = (
        jaxpr.outvars
        if used_outputs is None
        else [v for v, u in zip(jaxpr.outvars, used_outputs, strict=True) if u]
    )
    live = {v for v in outvars if type(v) is core.Var}
    kept = []
    for eqn in reversed(jaxpr.eqns):
        if any(v in live for v in eqn.outvars):
            kept.append(eqn)
            live.update(v for v in eqn.invars if type(v) is core.Var)
    kept.reverse()
    return core.Jaxpr(jaxpr.constvars, jaxpr.invars, outvars, kept)
