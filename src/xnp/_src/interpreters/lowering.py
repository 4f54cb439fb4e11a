"""Lowering jaxprs to StableHLO through jaxlib's MLIR dialect bindings.

Each primitive registers a rule ``rule(ctx, *operands, **params) -> list[ir.Value]`` (or a
single value for single-result primitives); ``ctx`` carries the input and output avals. The
module for a jaxpr has one public ``main`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import backend, core, dtypes

ir, func_dialect, hlo, chlo = backend.mlir_modules()

lowering_rules: dict[core.Primitive, Callable[..., Any]] = {}


def register_lowering(prim: core.Primitive, rule: Callable[..., Any]) -> None:
    lowering_rules[prim] = rule


class LoweringError(Exception):
    pass


class ModuleContext:
    """State shared by every rule while one module is built."""

    def __init__(self, module: Any, num_replicas: int = 1, axis_env: Any = None):
        self.module = module
        self.symbol_table = ir.SymbolTable(module.operation)
        self.num_replicas = num_replicas
        self.axis_env = axis_env or {}
        self._func_count = 0

    def fresh_name(self, base: str) -> str:
        self._func_count += 1
        return f"{base}_{self._func_count}"


class LoweringRuleContext:
    __slots__ = ("module_ctx", "avals_in", "avals_out", "primitive")

    def __init__(
        self,
        module_ctx: ModuleContext,
        primitive: core.Primitive | None,
        avals_in: Sequence[core.ShapedArray],
        avals_out: Sequence[core.ShapedArray],
    ):
        self.module_ctx = module_ctx
        self.primitive = primitive
        self.avals_in = list(avals_in)
        self.avals_out = list(avals_out)

    def replace(self, avals_in: Any = None, avals_out: Any = None) -> LoweringRuleContext:
        return LoweringRuleContext(
            self.module_ctx,
            self.primitive,
            self.avals_in if avals_in is None else avals_in,
            self.avals_out if avals_out is None else avals_out,
        )


# ----------------------------------------------------------------------------- types


def dtype_to_ir_type(dtype: onp.dtype) -> Any:
    dtype = onp.dtype(dtype)
    if dtype == onp.bool_:
        return ir.IntegerType.get_signless(1)
    if dtype == dtypes.bfloat16:
        return ir.BF16Type.get()
    k = dtype.kind
    if k == "i":
        return ir.IntegerType.get_signless(dtype.itemsize * 8)
    if k == "u":
        return ir.IntegerType.get_unsigned(dtype.itemsize * 8)
    if k == "f":
        return {2: ir.F16Type, 4: ir.F32Type, 8: ir.F64Type}[dtype.itemsize].get()
    if k == "c":
        part = ir.F32Type.get() if dtype.itemsize == 8 else ir.F64Type.get()
        return ir.ComplexType.get(part)
    raise TypeError(f"no StableHLO type for dtype {dtype}")


def aval_to_ir_type(aval: core.ShapedArray) -> Any:
    return ir.RankedTensorType.get(aval.shape, dtype_to_ir_type(aval.dtype))


def i64_attr(x: int) -> Any:
    return ir.IntegerAttr.get(ir.IntegerType.get_signless(64), int(x))


def dense_i64(xs: Sequence[int]) -> Any:
    return ir.DenseI64ArrayAttr.get([int(x) for x in xs])


def dense_bool(xs: Sequence[bool]) -> Any:
    return ir.DenseBoolArrayAttr.get([bool(x) for x in xs])


def ir_constant(val: Any, dtype: Any = None) -> Any:
    """A ``stablehlo.constant`` holding a host value (any supported dtype)."""
    arr = onp.asarray(val, dtype=dtype)
    dt = arr.dtype
    shape = arr.shape
    elt = dtype_to_ir_type(dt)
    ty = ir.RankedTensorType.get(shape, elt)
    if dt == onp.bool_:
        attr = ir.DenseElementsAttr.get(
            onp.packbits(arr.ravel(), bitorder="little"), type=elt, shape=shape
        )
    elif dt == dtypes.bfloat16:
        attr = ir.DenseElementsAttr.get(arr.view(onp.uint16).ravel(), type=elt, shape=shape)
    else:
        attr = ir.DenseElementsAttr.get(onp.ascontiguousarray(arr), type=elt, shape=shape)
    del ty
    return hlo.constant(attr)


def full_like_aval(aval: core.ShapedArray, value: Any) -> Any:
    """A constant of ``aval``'s shape and dtype filled with ``value`` (a splat)."""
    scalar = ir_constant(onp.asarray(value, aval.dtype))
    if aval.shape == ():
        return scalar
    return hlo.broadcast_in_dim(aval_to_ir_type(aval), scalar, dense_i64([]))


def convert(value: Any, aval_in: core.ShapedArray, aval_out: core.ShapedArray) -> Any:
    if aval_in.dtype == aval_out.dtype:
        return value
    return hlo.convert(aval_to_ir_type(aval_out), value)


def broadcast_to(value: Any, aval_in: core.ShapedArray, aval_out: core.ShapedArray) -> Any:
    """NumPy-style broadcast of ``value`` (rank <= out rank) to ``aval_out``'s shape."""
    if aval_in.shape == aval_out.shape:
        return value
    offset = len(aval_out.shape) - len(aval_in.shape)
    dims = list(range(offset, len(aval_out.shape)))
    out_ty = ir.RankedTensorType.get(aval_out.shape, dtype_to_ir_type(aval_in.dtype))
    return hlo.broadcast_in_dim(out_ty, value, dense_i64(dims))


# ----------------------------------------------------------------------------- jaxprs


def jaxpr_subcomp(
    ctx: ModuleContext, jaxpr: core.Jaxpr, consts: Sequence[Any], args: Sequence[Any]
) -> list[Any]:
    """Emit ``jaxpr``'s equations at the current insertion point; returns its output values."""
    env: dict[core.Var, Any] = {}

    def read(v: core.Atom) -> Any:
        if type(v) is core.Literal:
            return ir_constant(v.val, v.aval.dtype)
        return env[v]

    for v, x in zip(jaxpr.constvars, consts, strict=True):
        env[v] = x
    for v, x in zip(jaxpr.invars, args, strict=True):
        env[v] = x
    for eqn in jaxpr.eqns:
        rule = lowering_rules.get(eqn.primitive)
        if rule is None:
            raise LoweringError(f"no lowering rule for primitive {eqn.primitive.name!r}")
        rule_ctx = LoweringRuleContext(
            ctx, eqn.primitive, [v.aval for v in eqn.invars], [v.aval for v in eqn.outvars]
        )
        outs = rule(rule_ctx, *map(read, eqn.invars), **eqn.params)
        if not eqn.primitive.multiple_results:
            outs = [outs]
        outs = list(outs)
        if len(outs) != len(eqn.outvars):
            raise LoweringError(
                f"lowering of {eqn.primitive.name} gave {len(outs)} results, "
                f"expected {len(eqn.outvars)}"
            )
        for v, x in zip(eqn.outvars, outs, strict=True):
            env[v] = x
    return [read(v) for v in jaxpr.outvars]


def lower_jaxpr(
    jaxpr: core.Jaxpr,
    name: str = "main",
    donated: Sequence[bool] = (),
    num_replicas: int = 1,
    axis_env: Any = None,
) -> Any:
    """A StableHLO module whose ``main`` takes the jaxpr's constvars then invars."""
    with backend.ir_context(), ir.Location.unknown():
        module = ir.Module.create()
        if num_replicas > 1:
            module.operation.attributes["mhlo.num_replicas"] = ir.IntegerAttr.get(
                ir.IntegerType.get_signless(32), num_replicas
            )
            module.operation.attributes["mhlo.num_partitions"] = ir.IntegerAttr.get(
                ir.IntegerType.get_signless(32), 1
            )
        ctx = ModuleContext(module, num_replicas, axis_env)
        in_avals = [v.aval for v in (*jaxpr.constvars, *jaxpr.invars)]
        out_avals = [v.aval for v in jaxpr.outvars]
        in_types = [aval_to_ir_type(a) for a in in_avals]
        out_types = [aval_to_ir_type(a) for a in out_avals]
        ftype = ir.FunctionType.get(in_types, out_types)
        with ir.InsertionPoint(module.body):
            fn = func_dialect.FuncOp("main", ftype)
        fn.attributes["sym_visibility"] = ir.StringAttr.get("public")
        if any(donated):
            _set_donation(fn, in_avals, out_avals, donated)
        entry = fn.add_entry_block()
        with ir.InsertionPoint(entry):
            nconst = len(jaxpr.constvars)
            args = list(entry.arguments)
            outs = jaxpr_subcomp(ctx, jaxpr, args[:nconst], args[nconst:])
            func_dialect.ReturnOp(outs)
        try:
            module.operation.verify()
        except ir.MLIRError as e:
            raise LoweringError(f"StableHLO verification failed for `{name}`: {e}") from None
        return module


def _set_donation(
    fn: Any,
    in_avals: Sequence[core.ShapedArray],
    out_avals: Sequence[core.ShapedArray],
    donated: Sequence[bool],
) -> None:
    """Alias each donated input to an unclaimed output of the same type."""
    offset = len(in_avals) - len(donated)
    free = list(range(len(out_avals)))
    arg_attrs = []
    for i, aval in enumerate(in_avals):
        attrs = {}
        j = i - offset
        if j >= 0 and donated[j]:
            for k in free:
                oa = out_avals[k]
                if (oa.shape, oa.dtype) == (aval.shape, aval.dtype):
                    attrs["tf.aliasing_output"] = ir.IntegerAttr.get(
                        ir.IntegerType.get_signless(32), k
                    )
                    free.remove(k)
                    break
        arg_attrs.append(ir.DictAttr.get(attrs))
    fn.arg_attrs = ir.ArrayAttr.get(arg_attrs)


def module_to_text(module: Any) -> str:
    with backend.ir_context():
        return str(module)


def lower_nested_jaxpr(
    ctx: LoweringRuleContext, closed: core.ClosedJaxpr, args: Sequence[Any]
) -> list[Any]:
    """Inline a closed jaxpr (a ``jit`` inside ``jit``, a branch) at the insertion point."""
    consts = [ir_constant(onp.asarray(c)) for c in closed.consts]
    return jaxpr_subcomp(ctx.module_ctx, closed.jaxpr, consts, args)
