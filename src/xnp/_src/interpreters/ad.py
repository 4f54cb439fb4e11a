"""Automatic differentiation: forward mode (JVP), linearization, and transposition.

- ``jvp_rules[prim](primals, tangents, **params) -> (primal_out, tangent_out)``; a tangent
  may be the symbolic ``Zero``, which rules skip.
- ``transpose_rules[prim](ct, *args, **params) -> list of cotangents`` for linear
  primitives; linear operands arrive as ``UndefinedPrimal`` (their aval), others as values.
- Reverse mode is derived: ``linearize`` runs the JVP under a partial-evaluation trace that
  computes primal values now and stages the tangent computation (linear in the tangents) into
  a jaxpr, and ``backward_pass`` transposes that jaxpr. No primitive has a VJP rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xnp._src import ad_util, core, dispatch, dtypes
from xnp._src.interpreters import partial_eval as pe

jvp_rules: dict[core.Primitive, Callable[..., Any]] = {}
transpose_rules: dict[core.Primitive, Callable[..., Any]] = {}
# Primitives whose outputs carry no derivative (comparisons, integer ops, iota, ...), with
# the reason; the registry test accepts these in place of a jvp rule.
nondifferentiable: dict[core.Primitive, str] = {}


# ----------------------------------------------------------------------------- zeros


class Zero:
    """A symbolic zero tangent or cotangent of a given aval."""

    __slots__ = ("aval",)

    def __init__(self, aval: core.ShapedArray):
        self.aval = aval

    def __repr__(self) -> str:
        return f"Zero({self.aval.str_short()})"


zeros_like_aval = ad_util.zeros_like_aval


def instantiate(t: Any) -> Any:
    return zeros_like_aval(t.aval) if type(t) is Zero else t


def add_tangents(x: Any, y: Any) -> Any:
    if type(x) is Zero:
        return y
    if type(y) is Zero:
        return x
    return ad_util.add_any(x, y)


def is_float0_like(aval: core.ShapedArray) -> bool:
    return dtypes.kind(aval.dtype) in "biu"


# ----------------------------------------------------------------------------- JVP trace


class JVPTracer(core.Tracer):
    __slots__ = ("primal", "tangent")

    def __init__(self, trace: JVPTrace, primal: Any, tangent: Any):
        self._trace = trace
        self.primal = primal
        self.tangent = tangent

    @property
    def aval(self) -> core.ShapedArray:
        return core.get_aval(self.primal)

    def to_concrete_value(self) -> Any:
        p = self.primal
        if isinstance(p, core.Tracer):
            return p.to_concrete_value()
        return p


class JVPTrace(core.Trace):
    def __init__(self, parent: core.Trace, tag: object):
        self.parent = parent
        self.tag = tag

    def concretization_context(self) -> str:
        return self.parent.concretization_context()

    def lift(self, x: Any) -> tuple[Any, Any]:
        if isinstance(x, JVPTracer) and x._trace is self:
            return x.primal, x.tangent
        return x, Zero(core.get_aval(x).strip_weak_type())

    def process_primitive(self, prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
        primals, tangents = zip(*map(self.lift, args), strict=True) if args else ((), ())
        if all(type(t) is Zero for t in tangents):
            with core.set_current_trace(self.parent):
                return prim.bind(*primals, **params)
        rule = jvp_rules.get(prim)
        if rule is None:
            if prim in nondifferentiable:
                with core.set_current_trace(self.parent):
                    out = prim.bind(*primals, **params)
                return out
            raise NotImplementedError(f"differentiation rule for '{prim.name}' is not implemented")
        with core.set_current_trace(self.parent):
            primal_out, tangent_out = rule(list(primals), list(tangents), **params)
        if prim.multiple_results:
            return [self.wrap(p, t) for p, t in zip(primal_out, tangent_out, strict=True)]
        return self.wrap(primal_out, tangent_out)

    def wrap(self, primal: Any, tangent: Any) -> Any:
        if type(tangent) is Zero:
            return primal
        return JVPTracer(self, primal, tangent)


def jvp_flat(
    fun: Callable[..., Sequence[Any]], primals: Sequence[Any], tangents: Sequence[Any]
) -> tuple[list[Any], list[Any]]:
    """Forward mode on flat lists: (primal outputs, tangent outputs, Zero where symbolic)."""
    parent = core.current_trace()
    trace = JVPTrace(parent, object())
    primals = [_as_operand(p) for p in primals]
    ins = [trace.wrap(p, t) for p, t in zip(primals, tangents, strict=True)]
    try:
        with core.set_current_trace(trace):
            outs = fun(*ins)
    finally:
        trace.is_valid = False
    primals_out, tangents_out = [], []
    for o in outs:
        p, t = trace.lift(o)
        primals_out.append(p)
        tangents_out.append(t)
    return primals_out, tangents_out


def _as_operand(x: Any) -> Any:
    """Python scalars become (weakly typed) arrays, so rules can rely on array methods."""
    if dtypes.is_python_scalar(x):
        dt, weak = dtypes.dtype_and_weak(x)
        return dispatch.scalar_const(x, dt, weak)
    return x


# ----------------------------------------------------------------------------- linearize


def linearize_flat(
    fun: Callable[..., Sequence[Any]], primals: Sequence[Any]
) -> tuple[list[Any], core.Jaxpr, list[Any], list[core.ShapedArray]]:
    """Primal outputs now, and the tangent map as a jaxpr linear in its invars.

    Returns (primal outputs, linear jaxpr, its constvar values (residuals), tangent-out avals).
    The jaxpr's invars are the input tangents; an output that does not depend on them is an
    explicit zero.
    """
    parent = core.current_trace()
    primals = [_as_operand(p) for p in primals]
    pe_trace = pe.PartialEvalTrace(parent)
    tangent_avals = [core.get_aval(p).strip_weak_type() for p in primals]
    tangents_in = [pe_trace.new_unknown(a) for a in tangent_avals]
    jvp_trace = JVPTrace(pe_trace, object())
    ins = [JVPTracer(jvp_trace, p, t) for p, t in zip(primals, tangents_in, strict=True)]
    try:
        with core.set_current_trace(jvp_trace):
            outs = fun(*ins)
        primals_out, tangents_out = [], []
        for o in outs:
            p, t = jvp_trace.lift(o)
            primals_out.append(p)
            tangents_out.append(t)
        with core.set_current_trace(pe_trace):
            tangents_out = [zeros_like_aval(t.aval) if type(t) is Zero else t for t in tangents_out]
        jaxpr, residuals = pe_trace.to_jaxpr(tangents_in, tangents_out)
    finally:
        jvp_trace.is_valid = False
        pe_trace.is_valid = False
    return primals_out, jaxpr, residuals, [v.aval for v in jaxpr.outvars]


# ----------------------------------------------------------------------------- transpose


class UndefinedPrimal:
    """A linear input of a primitive being transposed: only its aval is known."""

    __slots__ = ("aval",)

    def __init__(self, aval: core.ShapedArray):
        self.aval = aval

    def __repr__(self) -> str:
        return f"UndefinedPrimal({self.aval.str_short()})"


def is_undefined_primal(x: Any) -> bool:
    return type(x) is UndefinedPrimal


def backward_pass(
    jaxpr: core.Jaxpr, consts: Sequence[Any], args: Sequence[Any], cts_out: Sequence[Any]
) -> list[Any]:
    """Transpose ``jaxpr`` with respect to the ``args`` that are ``UndefinedPrimal``.

    Equations that use no linear input are evaluated forward first (they compute residuals);
    the rest are transposed in reverse order. Returns a cotangent (or Zero) per invar; None
    for invars that were not linear.
    """
    linear: set[core.Var] = set()
    env: dict[core.Var, Any] = {}

    def read_primal(v: core.Atom) -> Any:
        if type(v) is core.Literal:
            return v.val
        if v in linear:
            return UndefinedPrimal(v.aval)
        return env[v]

    for v, x in zip(jaxpr.constvars, consts, strict=True):
        env[v] = x
    for v, x in zip(jaxpr.invars, args, strict=True):
        if is_undefined_primal(x):
            linear.add(v)
        else:
            env[v] = x
    lin_eqns = []
    for eqn in jaxpr.eqns:
        if any(type(v) is core.Var and v in linear for v in eqn.invars):
            lin_eqns.append(eqn)
            linear.update(eqn.outvars)
        else:
            outs = eqn.primitive.bind(*map(read_primal, eqn.invars), **eqn.params)
            if not eqn.primitive.multiple_results:
                outs = [outs]
            for v, x in zip(eqn.outvars, outs, strict=True):
                env[v] = x

    ct_env: dict[core.Var, Any] = {}

    def write_ct(v: core.Atom, ct: Any) -> None:
        if type(v) is core.Literal or v not in linear or ct is None or type(ct) is Zero:
            return
        prev = ct_env.get(v)
        ct_env[v] = ct if prev is None else add_tangents(prev, ct)

    for v, ct in zip(jaxpr.outvars, cts_out, strict=True):
        write_ct(v, ct)
    for eqn in reversed(lin_eqns):
        cts = [ct_env.pop(v, None) for v in eqn.outvars]
        if all(c is None for c in cts):
            continue
        cts = [Zero(v.aval) if c is None else c for v, c in zip(eqn.outvars, cts, strict=True)]
        rule = transpose_rules.get(eqn.primitive)
        if rule is None:
            raise NotImplementedError(
                f"transpose rule for '{eqn.primitive.name}' is not implemented (reverse-mode "
                "differentiation needs it)"
            )
        ct_arg = cts if eqn.primitive.multiple_results else cts[0]
        cts_in = rule(ct_arg, *map(read_primal, eqn.invars), **eqn.params)
        for v, ct in zip(eqn.invars, cts_in, strict=True):
            write_ct(v, ct)
    out = []
    for v, x in zip(jaxpr.invars, args, strict=True):
        if is_undefined_primal(x):
            ct = ct_env.get(v)
            out.append(Zero(v.aval) if ct is None else ct)
        else:
            out.append(None)
    return out


# ----------------------------------------------------------------------------- rule helpers


def defjvp(prim: core.Primitive, *jvp_fns: Callable[..., Any] | None) -> None:
    """JVP from one function per operand: ``fn(g, *primals, **params)`` -> its contribution."""

    def rule(primals: list, tangents: list, **params: Any) -> tuple[Any, Any]:
        primal_out = prim.bind(*primals, **params)
        out = None
        for fn, t in zip(jvp_fns, tangents, strict=True):
            if fn is None or type(t) is Zero:
                continue
            contrib = fn(t, *primals, **params)
            out = contrib if out is None else add_tangents(out, contrib)
        if out is None:
            out = Zero(core.get_aval(primal_out).strip_weak_type())
        return primal_out, out

    jvp_rules[prim] = rule


def defjvp2(prim: core.Primitive, *jvp_fns: Callable[..., Any] | None) -> None:
    """Like ``defjvp`` but each function also gets the primal output: ``fn(g, ans, *primals)``."""

    def rule(primals: list, tangents: list, **params: Any) -> tuple[Any, Any]:
        ans = prim.bind(*primals, **params)
        out = None
        for fn, t in zip(jvp_fns, tangents, strict=True):
            if fn is None or type(t) is Zero:
                continue
            contrib = fn(t, ans, *primals, **params)
            out = contrib if out is None else add_tangents(out, contrib)
        if out is None:
            out = Zero(core.get_aval(ans).strip_weak_type())
        return ans, out

    jvp_rules[prim] = rule


def deflinear(prim: core.Primitive, transpose_rule: Callable[..., Any]) -> None:
    """A primitive linear in all its operands: its JVP applies it to the tangents."""

    def rule(primals: list, tangents: list, **params: Any) -> tuple[Any, Any]:
        primal_out = prim.bind(*primals, **params)
        tangent_out = prim.bind(*map(instantiate, tangents), **params)
        return primal_out, tangent_out

    jvp_rules[prim] = rule
    transpose_rules[prim] = transpose_rule


def defnondiff(prim: core.Primitive, reason: str) -> None:
    """Declare that ``prim``'s outputs have zero derivative (integer/bool/comparison results)."""
    nondifferentiable[prim] = reason

    def rule(primals: list, tangents: list, **params: Any) -> tuple[Any, Any]:
        out = prim.bind(*primals, **params)
        if prim.multiple_results:
            return out, [Zero(core.get_aval(o).strip_weak_type()) for o in out]
        return out, Zero(core.get_aval(out).strip_weak_type())

    jvp_rules[prim] = rule


def jvp_jaxpr(
    closed: core.ClosedJaxpr, nonzeros: Sequence[bool]
) -> tuple[core.ClosedJaxpr, list[Any]]:
    """The JVP of ``closed``: inputs (primals, then tangents of the ``nonzeros`` inputs),
    outputs (primal outputs, then every output tangent, zeros instantiated).

    Returns (jaxpr whose first inputs are the returned consts, consts).
    """
    n = len(closed.in_avals)
    t_avals = [a.strip_weak_type() for a, nz in zip(closed.in_avals, nonzeros, strict=True) if nz]

    def f(*args: Any) -> list:
        it = iter(args[n:])
        ts = [
            next(it) if nz else Zero(a.strip_weak_type())
            for nz, a in zip(nonzeros, closed.in_avals, strict=True)
        ]
        p, t = jvp_flat(lambda *a: core.eval_jaxpr(closed.jaxpr, closed.consts, *a), args[:n], ts)
        return [*p, *map(instantiate, t)]

    jaxpr, consts, _ = pe.trace_to_jaxpr(f, [*closed.in_avals, *t_avals], "jvp", "jvp")
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), []), consts
