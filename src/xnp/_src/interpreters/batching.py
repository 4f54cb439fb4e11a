"""Vectorization (``vmap``): each primitive's batching rule runs it on a batch at once.

A ``BatchTracer`` holds a value with an extra batch dimension at ``batch_dim`` (or None when
the value is the same for every example). ``batch_rules[prim](vals, dims, **params)`` returns
the batched result and its batch dimension(s); rules move batch dimensions only where the
operation needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from xnp._src import ad_util, core
from xnp._src.interpreters import partial_eval as pe

not_mapped = None

batch_rules: dict[core.Primitive, Callable[..., Any]] = {}
# Rules that need the batch size or axis name get them as keyword arguments.
axis_data_rules: set[core.Primitive] = set()


class BatchTracer(core.Tracer):
    __slots__ = ("val", "batch_dim")

    def __init__(self, trace: BatchTrace, val: Any, batch_dim: int | None):
        self._trace = trace
        self.val = val
        self.batch_dim = batch_dim

    @property
    def aval(self) -> core.ShapedArray:
        aval = core.get_aval(self.val)
        if self.batch_dim is None:
            return aval
        shape = list(aval.shape)
        del shape[self.batch_dim]
        return core.ShapedArray(tuple(shape), aval.dtype, aval.weak_type)


class BatchTrace(core.Trace):
    def __init__(self, parent: core.Trace, axis_size: int, axis_name: Any = None):
        self.parent = parent
        self.axis_size = axis_size
        self.axis_name = axis_name

    def concretization_context(self) -> str:
        return " inside a vmap-transformed function" + self.parent.concretization_context()

    def lift(self, x: Any) -> tuple[Any, int | None]:
        if isinstance(x, BatchTracer) and x._trace is self:
            return x.val, x.batch_dim
        return x, None

    def wrap(self, val: Any, dim: int | None) -> Any:
        return val if dim is None else BatchTracer(self, val, dim)

    def process_primitive(self, prim: core.Primitive, args: Sequence[Any], params: dict) -> Any:
        vals, dims = zip(*map(self.lift, args), strict=True) if args else ((), ())
        if all(d is None for d in dims):
            with core.set_current_trace(self.parent):
                return prim.bind(*vals, **params)
        rule = batch_rules.get(prim)
        if rule is None:
            raise NotImplementedError(f"batching rule for '{prim.name}' is not implemented")
        extra = {}
        if prim in axis_data_rules:
            extra = {"axis_size": self.axis_size, "axis_name": self.axis_name}
        with core.set_current_trace(self.parent):
            out, out_dims = rule(list(vals), list(dims), **params, **extra)
        if prim.multiple_results:
            return [self.wrap(v, d) for v, d in zip(out, out_dims, strict=True)]
        return self.wrap(out, out_dims)


def batch_flat(
    fun: Callable[..., Sequence[Any]],
    args: Sequence[Any],
    in_dims: Sequence[int | None],
    axis_size: int,
    axis_name: Any = None,
) -> tuple[list[Any], list[int | None]]:
    """Run ``fun`` on batched flat arguments; returns outputs and their batch dims."""
    trace = BatchTrace(core.current_trace(), axis_size, axis_name)
    ins = [trace.wrap(a, d) for a, d in zip(args, in_dims, strict=True)]
    try:
        with core.set_current_trace(trace):
            outs = fun(*ins)
    finally:
        trace.is_valid = False
    vals, dims = [], []
    for o in outs:
        v, d = trace.lift(o)
        vals.append(v)
        dims.append(d)
    return vals, dims


# ----------------------------------------------------------------------------- helpers


def moveaxis(x: Any, src: int | None, dst: int | None, size: int | None = None) -> Any:
    """Move batch dim ``src`` to ``dst``; an unbatched value (src None) is broadcast there."""
    x_aval = core.get_aval(x)
    if src is None:
        if dst is None:
            return x
        if size is None:
            raise ValueError("moveaxis: broadcasting an unbatched value needs the axis size")
        shape = list(x_aval.shape)
        shape.insert(dst, size)
        dims = [i for i in range(len(shape)) if i != dst]
        return ad_util.broadcast_in_dim(x, shape, dims)
    if dst is None:
        raise ValueError("cannot unbatch a batched value")
    if src == dst:
        return x
    perm = [i for i in range(x_aval.ndim) if i != src]
    perm.insert(dst, src)
    return ad_util.transpose(x, perm)


def bdim_at_front(x: Any, dim: int | None, size: int) -> Any:
    return moveaxis(x, dim, 0, size)


def vectorized_batcher(prim: core.Primitive) -> Callable:
    """For unary ops that act elementwise: the batch dim stays where it is."""

    def rule(vals: list, dims: list, **params: Any) -> tuple[Any, Any]:
        (x,), (d,) = vals, dims
        return prim.bind(x, **params), d

    return rule


def broadcast_batcher(prim: core.Primitive) -> Callable:
    """For n-ary elementwise ops over equal shapes: align batch dims, broadcast the rest.

    If every batched operand has its batch dim at the same place, unbatched operands are
    broadcast to include it there (no transposes); otherwise batch dims move to the front.
    """

    def rule(vals: list, dims: list, **params: Any) -> tuple[Any, Any]:
        batched = [(v, d) for v, d in zip(vals, dims, strict=True) if d is not None]
        size = core.get_aval(batched[0][0]).shape[batched[0][1]]
        target = batched[0][1]
        if any(d != target for _, d in batched):
            target = 0
        out_vals = []
        for v, d in zip(vals, dims, strict=True):
            a = core.get_aval(v)
            if d is None and a.shape == () and prim in _scalar_ok:
                out_vals.append(v)
            else:
                out_vals.append(moveaxis(v, d, target, size))
        out = prim.bind(*out_vals, **params)
        if prim.multiple_results:
            return out, [target] * len(out)
        return out, target

    return rule


# Primitives that accept 0-d operands beside full-shape ones (e.g. clamp's bounds).
_scalar_ok: set[core.Primitive] = set()


def defvectorized(*prims: core.Primitive) -> None:
    for p in prims:
        batch_rules[p] = vectorized_batcher(p)


def defbroadcasting(*prims: core.Primitive) -> None:
    for p in prims:
        batch_rules[p] = broadcast_batcher(p)


def shift_axes(axes: Sequence[int], bdim: int) -> tuple[int, ...]:
    """Operand axes of the unbatched op, renumbered for an operand with a batch dim."""
    return tuple(a + 1 if a >= bdim else a for a in axes)


def out_bdim_after_reduce(bdim: int, axes: Sequence[int]) -> int:
    """Where the batch dim lands after removing ``axes`` (already shifted) from the operand."""
    return bdim - sum(1 for a in axes if a < bdim)


def batch_jaxpr(
    closed: core.ClosedJaxpr,
    in_dims: Sequence[int | None],
    axis_size: int,
    axis_name: Any = None,
    force: bool | Sequence[bool] = True,
) -> tuple[core.ClosedJaxpr, list[Any], list[int | None]]:
    """``closed`` batched: inputs carry their batch dim at ``in_dims`` (None: unbatched);
    outputs selected by ``force`` get their batch dim at 0 (unbatched ones are broadcast),
    the others at 0 if batched else None.

    Returns (jaxpr whose first inputs are the returned consts, consts, output batch dims).
    """
    n_out = len(closed.out_avals)
    force = [force] * n_out if isinstance(force, bool) else list(force)
    out_dims: list[int | None] = []

    def batched(*xs: Any) -> list:
        outs, odims = batch_flat(
            lambda *a: core.eval_jaxpr(closed.jaxpr, closed.consts, *a),
            xs,
            in_dims,
            axis_size,
            axis_name,
        )
        res = []
        for o, d, f in zip(outs, odims, force, strict=True):
            if f or d is not None:
                res.append(moveaxis(o, d, 0, axis_size))
                out_dims.append(0)
            else:
                res.append(o)
                out_dims.append(None)
        return res

    in_avals = []
    for a, d in zip(closed.in_avals, in_dims, strict=True):
        if d is not None:
            shape = list(a.shape)
            shape.insert(d, axis_size)
            a = a.update(shape=tuple(shape))
        in_avals.append(a)
    jaxpr, consts, _ = pe.trace_to_jaxpr(batched, in_avals, "vmap", "vmap")
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), []), consts, out_dims
