"""Lowering formulas: composite lowerings written as math over StableHLO values.

``Val`` pairs an IR value with its aval and overloads arithmetic and comparisons, so a
composite lowering rule reads like the formula it implements; ``formula(fn)`` turns ``fn``
into a lowering rule (computing float16/bfloat16 in float32), ``where``/``while_loop``/
``any_true`` build selects, loops and reductions over them. Used by ``lax/elementwise.py`` and
``lax/special.py`` (and any new composite elementwise primitive).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import lowering as mlir

__all__ = [
    "LOW_PRECISION",
    "Val",
    "abs",
    "any_true",
    "compare_values",
    "digamma",
    "exp",
    "formula",
    "isnan",
    "lgamma",
    "log",
    "log1p",
    "sqrt",
    "where",
    "while_loop",
]

hlo, chlo = mlir.hlo, mlir.chlo

LOW_PRECISION = (onp.dtype(onp.float16), dtypes.bfloat16)


def _compare_type(value: Any) -> str:
    elt = mlir.ir.RankedTensorType(value.type).element_type
    if isinstance(elt, mlir.ir.IntegerType):
        return "UNSIGNED" if elt.width == 1 or elt.is_unsigned else "SIGNED"
    return "FLOAT"


def compare_values(x: Any, y: Any, direction: str) -> Any:
    """``stablehlo.compare`` with the comparison type inferred from the operands."""
    return hlo.compare(
        x,
        y,
        hlo.ComparisonDirectionAttr.get(direction),
        compare_type=hlo.ComparisonTypeAttr.get(_compare_type(x)),
    )


class Val:
    __slots__ = ("v", "aval")

    def __init__(self, v: Any, aval: core.ShapedArray):
        self.v, self.aval = v, aval

    def _lift(self, y: Any) -> Any:
        return y.v if isinstance(y, Val) else mlir.full_like_aval(self.aval, y)

    def _op(self, op: Callable[[Any, Any], Any], y: Any, swap: bool = False) -> Val:
        a, b = self.v, self._lift(y)
        return Val(op(b, a) if swap else op(a, b), self.aval)

    def __add__(self, y: Any) -> Val:
        return self._op(hlo.add, y)

    def __radd__(self, y: Any) -> Val:
        return self._op(hlo.add, y, True)

    def __sub__(self, y: Any) -> Val:
        return self._op(hlo.subtract, y)

    def __rsub__(self, y: Any) -> Val:
        return self._op(hlo.subtract, y, True)

    def __mul__(self, y: Any) -> Val:
        return self._op(hlo.multiply, y)

    def __rmul__(self, y: Any) -> Val:
        return self._op(hlo.multiply, y, True)

    def __truediv__(self, y: Any) -> Val:
        return self._op(hlo.divide, y)

    def __rtruediv__(self, y: Any) -> Val:
        return self._op(hlo.divide, y, True)

    def __neg__(self) -> Val:
        return Val(hlo.negate(self.v), self.aval)

    def __and__(self, y: Val) -> Val:
        return self._op(hlo.and_, y)

    def __or__(self, y: Val) -> Val:
        return self._op(hlo.or_, y)

    def __invert__(self) -> Val:
        return Val(hlo.not_(self.v), self.aval)

    def cmp(self, direction: str, y: Any) -> Val:
        return Val(compare_values(self.v, self._lift(y), direction), self.aval.update(dtype=bool))

    def __lt__(self, y: Any) -> Val:
        return self.cmp("LT", y)

    def __le__(self, y: Any) -> Val:
        return self.cmp("LE", y)

    def __gt__(self, y: Any) -> Val:
        return self.cmp("GT", y)

    def __ge__(self, y: Any) -> Val:
        return self.cmp("GE", y)


def _fn(op: Callable[[Any], Any]) -> Callable[[Val], Val]:
    return lambda x: Val(op(x.v), x.aval)


abs, exp, log, sqrt = _fn(hlo.abs), _fn(hlo.exponential), _fn(hlo.log), _fn(hlo.sqrt)
lgamma, digamma = _fn(chlo.lgamma), _fn(chlo.digamma)


def where(pred: Val, x: Val | float, y: Val | float, like: Val | None = None) -> Val:
    ref = x if isinstance(x, Val) else y if isinstance(y, Val) else like
    return Val(hlo.select(pred.v, ref._lift(x), ref._lift(y)), ref.aval)


def log1p(x: Val) -> Val:
    """``log1p``. XLA's float64 expansion is up to 120 ulp off on [-0.45, -0.29] (CPU, jaxlib
    0.10.2); there u = 1 + x and u - 1 are exact (Sterbenz), so ``log(u) - ((u - 1) - x) / u``
    is within a few ulp."""
    out = Val(hlo.log_plus_one(x.v), x.aval)
    if x.aval.dtype != onp.float64:
        return out
    u = x + 1.0
    fixed = log(u) - ((u - 1.0) - x) / u
    return where((x > -0.46) & (x < -0.28), fixed, out)


def isnan(x: Val) -> Val:
    return x.cmp("NE", x)


def any_true(pred: Val) -> Any:
    """A scalar i1: whether any element of the bool ``pred`` is true."""
    if pred.aval.shape == ():
        return pred.v
    scalar = mlir.aval_to_ir_type(core.ShapedArray((), onp.dtype(bool)))
    dims = mlir.dense_i64(range(pred.aval.ndim))
    op = hlo.ReduceOp([scalar], [pred.v], [mlir.ir_constant(onp.bool_(False))], dims)
    block = op.regions[0].blocks.append(scalar, scalar)
    with mlir.ir.InsertionPoint(block):
        hlo.return_([hlo.or_(*block.arguments)])
    return op.results[0]


def while_loop(
    state: Sequence[Val],
    cond: Callable[[list[Val]], Any],
    body: Callable[[list[Val]], list[Val]],
) -> list[Val]:
    """``stablehlo.while`` over a list of values; ``cond`` returns a scalar i1 value."""
    types = [s.v.type for s in state]
    op = hlo.WhileOp(types, [s.v for s in state])
    for i, fn in enumerate((cond, body)):
        block = op.regions[i].blocks.append(*types)
        with mlir.ir.InsertionPoint(block):
            args = [Val(a, s.aval) for a, s in zip(block.arguments, state, strict=True)]
            out = fn(args)
            hlo.return_([out] if i == 0 else [o.v for o in out])
    return [Val(r, s.aval) for r, s in zip(op.results, state, strict=True)]


def formula(fn: Callable[..., Val], upcast: bool = True) -> Callable[..., Any]:
    """A lowering rule evaluating ``fn`` on ``Val`` operands; float16 and bfloat16 operands
    are computed in float32 (when ``upcast``) and the result rounded back."""

    def rule(ctx: mlir.LoweringRuleContext, *args: Any, **params: Any) -> Any:
        low = upcast and ctx.avals_in[0].dtype in LOW_PRECISION
        vals = []
        for v, aval in zip(args, ctx.avals_in, strict=True):
            if low:
                aval = aval.update(dtype=onp.dtype(onp.float32))
                v = hlo.convert(mlir.aval_to_ir_type(aval), v)
            vals.append(Val(v, aval))
        out = fn(*vals, **params).v
        return hlo.convert(mlir.aval_to_ir_type(ctx.avals_out[0]), out) if low else out

    return rule
