"""Host evaluation: run a jaxpr with NumPy's precompiled kernels instead of compiling it.

XLA compiles per shape and every execution pays a dispatch; NumPy's kernels are already
compiled. For eager work on small host-resident operands (``ndarray._npy`` set, on the CPU)
nothing can amortize a compile, so the eager paths (``dispatch.apply_primitive`` for one
primitive, ``staged`` for a library function's jaxpr) run the primitives' ``host_impls``
instead. Every rule computes exactly the primitive's result (dtype, shape, XLA's semantics
where they differ from NumPy's: integer division, shifts, conversions); the registry test
checks each rule against the XLA lowering on every registry case. Results may differ from
XLA's in the last bits of transcendental functions (different libm), and NumPy keeps
subnormal results that XLA's CPU backend flushes to zero.

Everything under a transformation, operands above ``config.host_max_size`` elements (4M by
default; config.py has the measurement behind it), committed operands, and device-only
operands above ``dispatch.PULL_MAX_SIZE`` elements go through XLA; smaller device-only
operands are read back to the host once (cheaper than compiling a program for them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core

# primitive -> rule(*numpy operands, **params) -> numpy result (a list if multiple_results)
host_impls: dict[core.Primitive, Callable[..., Any]] = {}
# primitives whose rule holds for real operands only: complex infinities and NaNs follow
# different conventions in NumPy and XLA, so complex operands go through XLA
real_only: set[core.Primitive] = set()


# primitives whose rule holds for NumPy's native dtypes only (NumPy has no bfloat16 einsum)
native_only: set[core.Primitive] = set()


def has_rule(prim: core.Primitive, avals: Sequence[Any]) -> bool:
    """Whether ``prim`` on operands of ``avals`` can run on the host."""
    if prim not in host_impls:
        return False
    if prim in real_only and any(a.dtype.kind == "c" for a in avals):
        return False
    return prim not in native_only or all(
        a.dtype.kind != "V" and a.dtype != onp.float16 for a in avals
    )


# XLA raises no floating-point warnings, so neither do host rules. ``numpy.errstate`` costs
# about 1 us per block; NumPy 2 keeps the state in a context variable that can be set with a
# prebuilt value directly (a private API: fall back to errstate where it is absent).
try:
    from numpy._core import _ufunc_config as _ufc

    _errvar = _ufc._extobj_contextvar
    _ignore = _ufc._make_extobj(all="ignore")
except (ImportError, AttributeError, TypeError):  # pragma: no cover (older NumPy)
    _errvar = None
    _ignore = None
errvar, ignore_errors = _errvar, _ignore  # for callers running a NumPy kernel directly


class _quiet:
    """``numpy.errstate(all="ignore")``, cheaply."""

    __slots__ = ("token", "fallback")

    def __enter__(self) -> None:
        if _errvar is not None:
            self.token = _errvar.set(_ignore)
        else:
            self.fallback = onp.errstate(all="ignore")
            self.fallback.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if _errvar is not None:
            _errvar.reset(self.token)
        else:
            self.fallback.__exit__(*exc)


def as_result(x: Any, aval: core.ShapedArray) -> onp.ndarray:
    """A read-only NumPy array of exactly ``aval``'s dtype (rules may return NumPy scalars)."""
    if type(x) is not onp.ndarray:
        x = onp.asarray(x)
    dt = x.dtype
    if dt is not aval.dtype and dt != aval.dtype:
        x = x.astype(aval.dtype)
    x.flags.writeable = False
    return x


class HostProgram:
    """A jaxpr flattened into (rule, operand slots, params) steps over one value list."""

    __slots__ = ("steps", "n_in", "out_slots", "out_avals", "size", "one")

    def __init__(self, jaxpr: core.Jaxpr):
        slots: dict[core.Var, int] = {}
        for v in [*jaxpr.constvars, *jaxpr.invars]:
            slots[v] = len(slots)
        self.n_in = len(slots)
        literals: list[Any] = []
        steps = []
        for eqn in jaxpr.eqns:
            if _is_relabel(eqn) and type(eqn.invars[0]) is not core.Literal:
                slots[eqn.outvars[0]] = slots[eqn.invars[0]]  # the same array: no step
                continue
            rule = host_impls[eqn.primitive]
            ins = []
            for v in eqn.invars:
                if type(v) is core.Literal:
                    literals.append(onp.asarray(v.val, v.aval.dtype))
                    ins.append(-len(literals))  # negative: a literal
                else:
                    ins.append(slots[v])
            outs = []
            for v in eqn.outvars:
                slots[v] = len(slots)
                outs.append(slots[v])
            multiple = eqn.primitive.multiple_results
            steps.append((rule, tuple(ins), tuple(outs), eqn.params, multiple))
        self.steps = (tuple(steps), tuple(literals))
        # an output is a slot, or a literal (a constant result) kept as its array
        self.out_slots = [
            onp.asarray(v.val, v.aval.dtype) if type(v) is core.Literal else slots[v]
            for v in jaxpr.outvars
        ]
        self.out_avals = [v.aval for v in jaxpr.outvars]
        self.size = len(slots)
        # The common case, one equation on the inputs giving the one output: run it directly.
        self.one = None
        if len(steps) == 1 and not literals and len(self.out_slots) == 1:
            rule, ins, outs, params, multiple = steps[0]
            if not multiple and self.out_slots[0] == outs[0]:
                self.one = (rule, ins, params, self.out_avals[0])

    def __call__(self, args: Sequence[onp.ndarray]) -> list[onp.ndarray]:
        one = self.one
        if one is not None and _errvar is not None:
            rule, ins, params, aval = one
            token = _errvar.set(_ignore)
            try:
                r = rule(*[args[i] for i in ins], **params)
            finally:
                _errvar.reset(token)
            return [as_result(r, aval)]
        steps, literals = self.steps
        env: list[Any] = [*args, *([None] * (self.size - len(args)))]
        with _quiet():
            for rule, ins, outs, params, multiple in steps:
                vals = [env[i] if i >= 0 else literals[-1 - i] for i in ins]
                r = rule(*vals, **params)
                if multiple:
                    for o, x in zip(outs, r, strict=True):
                        env[o] = x
                else:
                    env[outs[0]] = r
        return [
            as_result(env[s] if type(s) is int else s, a)
            for s, a in zip(self.out_slots, self.out_avals, strict=True)
        ]


def _is_relabel(eqn: core.JaxprEqn) -> bool:
    """A conversion that changes only the weak-type flag (the host value is the same)."""
    return (
        eqn.primitive.name == "convert_element_type"
        and eqn.params["new_dtype"] == eqn.invars[0].aval.dtype
    )


def host_program(jaxpr: core.Jaxpr) -> HostProgram | None:
    """The jaxpr as a host program, or None when one of its primitives has no host rule."""
    if not all(has_rule(e.primitive, [v.aval for v in e.invars]) for e in jaxpr.eqns):
        return None
    return HostProgram(jaxpr)


def run_primitive(
    prim: core.Primitive, args: Sequence[onp.ndarray], params: dict, out_avals: list
) -> list[onp.ndarray]:
    """One primitive on host operands: its results as read-only arrays of the right dtypes."""
    with _quiet():
        r = host_impls[prim](*args, **params)
    if not prim.multiple_results:
        return [as_result(r, out_avals[0])]
    return [as_result(x, a) for x, a in zip(r, out_avals, strict=True)]
