"""Helpers that define primitives: registration, shape/dtype checks, operand conversion.

A primitive is made by ``standard_primitive`` from a shape rule, a dtype rule and a lowering;
its wrapper function lives next to it in the family module. Rules raise ``TypeError`` (bad
dtypes) or ``ValueError`` (bad shapes/parameters) naming the primitive and what it got.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import ad_util, core, dispatch, dtypes
from xnp._src.interpreters import lowering

# Dtype families, as tuples of kinds ('b', 'i', 'u', 'f', 'c').
BOOL = ("b",)
INT = ("i", "u")
FLOAT = ("f",)
COMPLEX = ("c",)
INEXACT = FLOAT + COMPLEX
NUMERIC = INT + INEXACT
ANY = BOOL + NUMERIC
INT_OR_BOOL = INT + BOOL
REAL = INT + FLOAT

_KIND_NAMES = {"b": "bool", "i": "signed integer", "u": "unsigned integer", "f": "floating",
               "c": "complex"}  # fmt: skip


def power_by_squaring(x: Any, n: int, mul: Callable[[Any, Any], Any]) -> Any:
    """``x ** n`` for an integer ``n >= 1`` by repeated squaring with product ``mul`` (the
    order of products every caller shares, so integer results wrap identically)."""
    acc = None
    while n:
        if n & 1:
            acc = x if acc is None else mul(acc, x)
        n >>= 1
        if n:
            x = mul(x, x)
    return acc


def check_dtypes(name: str, avals: Sequence[core.ShapedArray], kinds: Sequence[str]) -> None:
    for a in avals:
        if dtypes.kind(a.dtype) not in kinds:
            accepted = ", ".join(dict.fromkeys(_KIND_NAMES[k] for k in kinds))
            raise TypeError(
                f"{name} does not accept dtype {a.dtype.name}; accepted dtypes: {accepted}"
            )


def check_same_dtypes(name: str, avals: Sequence[core.ShapedArray]) -> None:
    if len({a.dtype for a in avals}) > 1:
        got = ", ".join(a.dtype.name for a in avals)
        raise TypeError(f"{name} requires arguments to have the same dtype, got {got}")


def check_same_shapes(name: str, avals: Sequence[core.ShapedArray]) -> tuple[int, ...]:
    shapes = {a.shape for a in avals}
    if len(shapes) > 1:
        got = ", ".join(str(a.shape) for a in avals)
        raise ValueError(f"{name} requires arguments to have the same shape, got {got}")
    return avals[0].shape


def all_weak(avals: Sequence[core.ShapedArray]) -> bool:
    return all(a.weak_type for a in avals)


# ----------------------------------------------------------------------------- parameters
# One canonicalization of shapes, integer sequences and padding pairs for every layer.


def int_tuple(name: str, what: str, xs: Any, n: int | None = None,
              default: int | None = None) -> tuple[int, ...]:  # fmt: skip
    """``xs`` (a sequence of integers) as a tuple of ints. ``None`` gives ``(default,) * n``
    when there is a default, and is an error (``what`` is required) when only ``n`` is given."""
    if xs is None and n is not None:
        if default is None:
            raise ValueError(f"{name}: {what} is required")
        return (default,) * n
    try:
        return tuple(int(operator.index(x)) for x in xs)
    except TypeError:
        raise TypeError(f"{name}: {what} must be a sequence of integers, got {xs!r}") from None


def canonical_shape(name: str, shape: Any) -> tuple[int, ...]:
    """A shape argument (an integer or a sequence of them) as a tuple of non-negative ints."""
    if isinstance(shape, int | onp.integer) or (
        hasattr(shape, "__index__") and not isinstance(shape, Sequence)
    ):
        shape = (shape,)
    out = int_tuple(name, "shape", shape)
    if any(d < 0 for d in out):
        raise ValueError(f"{name}: negative dimensions are not allowed, got {out}")
    return out


def pad_pairs(name: str, padding: Any) -> tuple[tuple[int, int], ...]:
    """Explicit padding, a sequence of (low, high) integer pairs, as a tuple of pairs."""
    try:
        return tuple((int(lo), int(hi)) for lo, hi in padding)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name}: padding must be 'VALID', 'SAME', 'SAME_LOWER' or a sequence of "
            f"(low, high) integer pairs, got {padding!r}"
        ) from None


def canonical_axis(name: str, axis: int, ndim: int) -> int:
    if not -ndim <= axis < max(ndim, 1) or (ndim == 0 and axis not in (0, -1)):
        raise ValueError(f"{name}: axis {axis} is out of bounds for an array of rank {ndim}")
    return axis % ndim if ndim else 0


def standard_primitive(
    name: str,
    abstract_eval: Callable[..., Any],
    lowering_rule: Callable[..., Any] | None = None,
    multiple_results: bool = False,
    prim: core.Primitive | None = None,
) -> core.Primitive:
    """Register a primitive with its abstract-eval rule and lowering (eager uses dispatch).

    ``prim``: an already registered primitive to give the rules to (one of ``ad_util``'s,
    which the interpreters bind), instead of a new one.
    """
    if prim is None:
        prim = core.register_primitive(core.Primitive(name))
    elif prim.name != name or core.primitives.get(name) is not prim:
        raise ValueError(f"standard_primitive: {prim!r} is not the registered {name!r}")
    prim.multiple_results = multiple_results
    prim.def_abstract_eval(abstract_eval)
    if lowering_rule is not None:
        lowering.register_lowering(prim, lowering_rule)
    return prim


def call_primitive(name: str, jaxpr_param: str) -> core.Primitive:
    """A primitive that calls the closed jaxpr in its ``jaxpr_param`` parameter: its outputs
    are the jaxpr's, it runs by interpreting the jaxpr, and it lowers by inlining it.
    (``checkpoint`` and the custom-derivative calls; their transformation rules differ.)"""

    def abstract_eval(*avals: core.ShapedArray, **params: Any) -> list:
        return params[jaxpr_param].out_avals

    def impl(*args: Any, **params: Any) -> list:
        closed = params[jaxpr_param]
        return core.eval_jaxpr(closed.jaxpr, closed.consts, *args)

    def lower(ctx: lowering.LoweringRuleContext, *args: Any, **params: Any) -> list:
        return lowering.lower_nested_jaxpr(ctx, params[jaxpr_param], args)

    prim = standard_primitive(name, abstract_eval, lower, multiple_results=True)
    prim.def_impl(impl)
    return prim


# ----------------------------------------------------------------------------- operands


def is_array(x: Any) -> bool:
    return (
        isinstance(x, core.Tracer) or hasattr(x, "aval") or isinstance(x, onp.ndarray | onp.generic)
    )


def asarray(x: Any) -> Any:
    """Operand conversion for lax: xnp arrays and tracers pass; host values become arrays."""
    if isinstance(x, core.Tracer) or type(x) is dispatch.ndarray:
        return x
    return dispatch.to_array(x)


def const(x: Any, value: Any) -> Any:
    """A weak 0-d constant ``value`` of ``x``'s dtype."""
    return dispatch.scalar_const(value, dtypes.dtype_and_weak(x)[0], True)


def full(shape: Sequence[int], value: Any, dtype: Any, weak_type: bool = False) -> Any:
    """An array of ``shape`` filled with ``value`` (a broadcast of a constant)."""
    return ad_util.full(shape, value, dtype, weak_type)


_KIND_ORDER = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def operands(name: str, *xs: Any) -> list[Any]:
    """Make operands of an elementwise op agree: Python scalars take the arrays' dtype.

    Array operands must already agree in dtype and shape (lax does not promote or
    broadcast); Python scalars are cast to the array operands' dtype as weak constants and
    broadcast to their shape.
    """
    arrays = [x for x in xs if not dtypes.is_python_scalar(x)]
    if not arrays:
        dt, weak = dtypes.result_type(*xs, return_weak_type=True)
        return [dispatch.scalar_const(x, dt, weak) for x in xs]
    arrays = [asarray(x) for x in arrays]
    ref = arrays[0]
    shape, dt = ref.shape, ref.dtype
    out = []
    it = iter(arrays)
    for x in xs:
        if dtypes.is_python_scalar(x):
            if _KIND_ORDER[dtypes.kind(dtypes.dtype_and_weak(x)[0])] > _KIND_ORDER[
                dtypes.kind(dt)
            ] and x != int(x.real if isinstance(x, complex) else x):
                raise TypeError(
                    f"{name}: the Python scalar {x!r} cannot be combined with a {dt.name} "
                    "array without losing its value (lax does not promote); convert one "
                    "operand explicitly"
                )
            c = dispatch.scalar_const(x, dt, True)
            if shape != ():
                c = ad_util.broadcast_in_dim(c, shape, ())
            out.append(c)
        else:
            out.append(next(it))
    return out
