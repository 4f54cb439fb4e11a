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


# ----------------------------------------------------------------------------- partial eval


class PETracer(core.Tracer):
    """An unknown value of a ``PartialEvalTrace``: it stands for a var of the staged jaxpr."""

    __slots__ = ("_aval", "var")

    def __init__(self, trace: PartialEvalTrace, aval: core.ShapedArray, var: core.Var):
        self._trace = trace
        self._aval = aval
        self.var = var

    @property
    def aval(self) -> core.ShapedArray:
        return self._aval


class PartialEvalTrace(core.Trace):
    """Computes what it can now (on the parent trace) and stages the rest into a jaxpr.

    A primitive with no unknown operand is bound on the parent trace and returns ordinary
    (known) values; one with an unknown operand becomes an equation, whose known operands
    become residuals (constvars of the staged jaxpr).
    """

    def __init__(self, parent: core.Trace):
        self.parent = parent
        self.eqns: list[core.JaxprEqn] = []
        self.residual_vars: list[core.Var] = []
        self.residuals: list[Any] = []
        self._residual_ids: dict[int, core.Var] = {}

    def concretization_context(self) -> str:
        return self.parent.concretization_context()

    def new_unknown(self, aval: core.ShapedArray) -> PETracer:
        return PETracer(self, aval, core.Var(aval))

    def is_unknown(self, x: Any) -> bool:
        return isinstance(x, PETracer) and x._trace is self

    def atom(self, x: Any) -> core.Atom:
        if self.is_unknown(x):
            return x.var
        if isinstance(x, PETracer) and not x._trace.is_valid:
            raise core.UnexpectedTracerError("a tracer escaped a finished linearization")
        aval = core.get_aval(x)
        if not isinstance(x, core.Tracer):
            lit = _literal_value(x, aval)
            if lit is not None:
                return core.Literal(lit, aval)
        v = self._residual_ids.get(id(x))
        if v is None:
            v = self._residual_ids[id(x)] = core.Var(aval)
            self.residual_vars.append(v)
            self.residuals.append(x)
        return v

    def process_primitive(self, prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
        if not any(self.is_unknown(x) for x in args):
            with core.set_current_trace(self.parent):
                return prim.bind(*args, **params)
        rule = partial_eval_rules.get(prim)
        if rule is not None:
            return rule(self, list(args), **params)
        return self.stage(prim, args, params)

    def stage(self, prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
        """Record ``prim`` as an equation of the unknown part (all outputs unknown)."""
        invars = [self.atom(x) for x in args]
        avals_out = prim.eval_abstract([v.aval for v in invars], params)
        outs = [self.new_unknown(a) for a in avals_out]
        self.eqns.append(core.JaxprEqn(invars, [o.var for o in outs], prim, params))
        return outs if prim.multiple_results else outs[0]

    def to_jaxpr(self, ins: Sequence[PETracer], outs: Sequence[Any]) -> tuple[core.Jaxpr, list]:
        """The staged jaxpr (constvars: the residuals it uses) and the residual values."""
        outvars = [self.atom(o) for o in outs]
        jaxpr = dce_jaxpr(core.Jaxpr(self.residual_vars, [t.var for t in ins], outvars, self.eqns))
        used = {v for e in jaxpr.eqns for v in e.invars if type(v) is core.Var}
        used.update(v for v in jaxpr.outvars if type(v) is core.Var)
        keep = [i for i, v in enumerate(self.residual_vars) if v in used]
        jaxpr = core.Jaxpr(
            [self.residual_vars[i] for i in keep], jaxpr.invars, jaxpr.outvars, jaxpr.eqns
        )
        return jaxpr, [self.residuals[i] for i in keep]


# prim -> rule(trace, args, **params): custom handling of a primitive with unknown operands
# (primitives carrying jaxprs split them into a known and an unknown part).
partial_eval_rules: dict[core.Primitive, Callable[..., Any]] = {}


def partial_eval_jaxpr(
    jaxpr: core.Jaxpr,
    consts: Sequence[Any],
    unknowns: Sequence[bool],
    instantiate: Sequence[bool] | bool = False,
) -> tuple[core.Jaxpr, list[Any], core.Jaxpr, list[bool], int]:
    """Split ``jaxpr`` into the part computable from its known inputs and the rest.

    Outputs marked in ``instantiate`` are made unknown even when computable (their known
    value becomes a residual), so loops can fix which carries are unknown.

    Returns (known jaxpr: known inputs -> known outputs + residuals, its consts,
    unknown jaxpr: residuals + unknown inputs -> unknown outputs, which outputs are unknown,
    number of residuals).
    """
    known_trace = JaxprTrace("partial_eval", "partial eval")
    in_avals = [v.aval for v in jaxpr.invars]
    known_args = [known_trace.new_arg(a) for a, u in zip(in_avals, unknowns, strict=True) if not u]
    pe_trace = PartialEvalTrace(known_trace)
    unknown_args = [pe_trace.new_unknown(a) for a, u in zip(in_avals, unknowns, strict=True) if u]
    it_k, it_u = iter(known_args), iter(unknown_args)
    args = [next(it_u) if u else next(it_k) for u in unknowns]
    try:
        with core.set_current_trace(pe_trace):
            outs = core.eval_jaxpr(jaxpr, consts, *args)
        if isinstance(instantiate, bool):
            instantiate = [instantiate] * len(outs)
        out_unknowns = [
            pe_trace.is_unknown(o) or bool(inst) for o, inst in zip(outs, instantiate, strict=True)
        ]
        unknown_jaxpr, residuals = pe_trace.to_jaxpr(
            unknown_args, [o for o, u in zip(outs, out_unknowns, strict=True) if u]
        )
        known_outs = [o for o, u in zip(outs, out_unknowns, strict=True) if not u]
        known_tracers = [known_trace.to_tracer(x) for x in (*known_outs, *residuals)]
    finally:
        pe_trace.is_valid = False
        known_trace.is_valid = False
    known_jaxpr = core.Jaxpr(
        known_trace.constvars,
        [a.var for a in known_args],
        [t.var for t in known_tracers],
        known_trace.eqns,
    )
    unknown_jaxpr = close_over_consts(unknown_jaxpr)
    return known_jaxpr, known_trace.consts, unknown_jaxpr, out_unknowns, len(residuals)
