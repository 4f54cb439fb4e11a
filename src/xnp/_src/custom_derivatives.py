"""``custom_jvp`` and ``custom_vjp``: user-supplied derivative rules.

A call of a ``custom_jvp`` function binds ``custom_jvp_call_p``, which carries the primal
function as a jaxpr and the user's JVP as a Python function; the JVP interpreter calls the
latter. A ``custom_vjp`` call binds ``custom_vjp_call_p``; under differentiation it runs the
user's ``fwd`` and emits ``custom_lin_p``, linear in the tangents, whose transpose calls the
user's ``bwd``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from xnp._src import core, dispatch, dtypes
from xnp._src import tree_util as tu
from xnp._src.interpreters import ad, batching, lowering
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import utils


def _trace_fun(fun: Callable, args: Sequence[Any], name: str) -> tuple[core.ClosedJaxpr, Any]:
    leaves, in_tree = tu.tree_flatten(tuple(args))
    store: dict[str, Any] = {}

    def flat(*xs: Any) -> list:
        out = fun(*tu.tree_unflatten(in_tree, list(xs)))
        out_leaves, store["out_tree"] = tu.tree_flatten(out)
        return out_leaves

    avals = [core.get_aval(x) for x in leaves]
    jaxpr, consts, _ = pe.trace_to_jaxpr(flat, avals, name, "custom derivative")
    return core.ClosedJaxpr(jaxpr, consts), store["out_tree"]


def _split_nondiff(args: tuple, nondiff: tuple[int, ...]) -> tuple[list, list]:
    static = [args[i] for i in nondiff]
    dyn = [a for i, a in enumerate(args) if i not in nondiff]
    return static, dyn


def _merge(static: list, dyn: Sequence[Any], nondiff: tuple[int, ...]) -> list:
    out = []
    it_s, it_d = iter(static), iter(dyn)
    for i in range(len(static) + len(dyn)):
        out.append(next(it_s) if i in nondiff else next(it_d))
    return out


def _as_operand(x: Any) -> Any:
    if dtypes.is_python_scalar(x):
        dt, weak = dtypes.dtype_and_weak(x)
        return dispatch.scalar_const(x, dt, weak)
    return x


# ============================================================================ custom_jvp


class custom_jvp:  # noqa: N801 (JAX's name)
    """A function with a user-defined JVP rule (forward and reverse mode both use it).

    Use ``f.defjvp(jvp)`` with ``jvp(primals, tangents) -> (primal_out, tangent_out)``, or
    ``f.defjvps(*fns)`` with one ``fn(g, ans, *primals)`` per argument.
    """

    def __init__(self, fun: Callable, nondiff_argnums: Sequence[int] = ()):
        functools.update_wrapper(self, fun, updated=())
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.jvp: Callable | None = None

    def defjvp(self, jvp: Callable) -> Callable:
        self.jvp = jvp
        return jvp

    def defjvps(self, *jvps: Callable | None) -> None:
        def jvp(primals: tuple, tangents: tuple) -> tuple:
            ans = self.fun(*primals)
            out = None
            for fn, t in zip(jvps, tangents, strict=True):
                if fn is None:
                    continue
                contrib = fn(t, ans, *primals)
                out = contrib if out is None else tu.tree_map(_add, out, contrib)
            if out is None:
                out = tu.tree_map(lambda a: ad.zeros_like_aval(core.get_aval(a)), ans)
            return ans, out

        self.jvp = jvp

    def __call__(self, *args: Any) -> Any:
        if self.jvp is None:
            raise AttributeError(
                f"No JVP defined for custom_jvp function {self.__name__} using defjvp."
            )
        static, dyn = _split_nondiff(args, self.nondiff_argnums)
        dyn = [tu.tree_map(_as_operand, d) for d in dyn]
        fun = lambda *d: self.fun(*_merge(static, d, self.nondiff_argnums))  # noqa: E731
        closed, out_tree = _trace_fun(fun, dyn, self.__name__)
        leaves, in_tree = tu.tree_flatten(tuple(dyn))
        user_jvp = self.jvp
        nondiff = self.nondiff_argnums

        def jvp_flat(primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[list, list]:
            ps = tu.tree_unflatten(in_tree, list(primals))
            ts = tu.tree_unflatten(in_tree, list(tangents))
            if nondiff:
                res = user_jvp(*static, tuple(ps), tuple(ts))
            else:
                res = user_jvp(tuple(ps), tuple(ts))
            if not (isinstance(res, tuple | list) and len(res) == 2):
                raise TypeError(
                    f"custom_jvp rule of {self.__name__} must return a pair (primal_out, "
                    f"tangent_out), got {type(res).__name__}"
                )
            p_out, t_out = res
            p_leaves, p_tree = tu.tree_flatten(p_out)
            t_leaves, t_tree = tu.tree_flatten(t_out)
            if p_tree != out_tree or t_tree != out_tree:
                raise TypeError(
                    f"custom_jvp rule of {self.__name__} must return primal and tangent outputs "
                    f"with the function's output structure {out_tree}; got {p_tree} and "
                    f"{t_tree}"
                )
            for p, t in zip(p_leaves, t_leaves, strict=True):
                if core.get_aval(p).shape != core.get_aval(t).shape:
                    raise TypeError(
                        f"custom_jvp rule of {self.__name__}: primal output shape "
                        f"{core.get_aval(p).shape} and tangent shape {core.get_aval(t).shape} "
                        "differ"
                    )
            return p_leaves, t_leaves

        outs = custom_jvp_call_p.bind(*leaves, call_jaxpr=closed, jvp=jvp_flat, name=self.__name__)
        return tu.tree_unflatten(out_tree, outs)


def _add(a: Any, b: Any) -> Any:
    return ad.add_tangents(a, b)


custom_jvp_call_p = utils.call_primitive("custom_jvp_call", "call_jaxpr")


def _custom_jvp_call_jvp(
    primals: list, tangents: list, *, call_jaxpr: core.ClosedJaxpr, jvp: Callable, name: str
) -> tuple:
    tangents = [ad.instantiate(t) for t in tangents]
    return jvp(primals, tangents)


def _custom_jvp_call_batch(
    vals: list,
    dims: list,
    *,
    call_jaxpr: core.ClosedJaxpr,
    jvp: Callable,
    name: str,
    axis_size: int,
    axis_name: Any,
) -> tuple:
    vals = [
        batching.moveaxis(v, d, 0) if d is not None else v for v, d in zip(vals, dims, strict=True)
    ]
    dims = [0 if d is not None else None for d in dims]
    batched, consts, _ = batching.batch_jaxpr(call_jaxpr, dims, axis_size, axis_name)

    def batched_jvp(primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[list, list]:
        n = len(primals)

        def both(*xs: Any) -> list:
            p, t = jvp(list(xs[:n]), list(xs[n:]))
            return [*p, *t]

        t_dims = [0] * len(tangents)
        outs, odims = batching.batch_flat(
            both, [*primals, *tangents], [*dims, *t_dims], axis_size, axis_name
        )
        outs = [batching.moveaxis(o, d, 0, axis_size) for o, d in zip(outs, odims, strict=True)]
        m = len(outs) // 2
        return outs[:m], outs[m:]

    closed = core.ClosedJaxpr(
        core.Jaxpr(
            batched.jaxpr.invars[: len(consts)],
            batched.jaxpr.invars[len(consts) :],
            batched.jaxpr.outvars,
            batched.jaxpr.eqns,
        ),
        consts,
    )
    outs = custom_jvp_call_p.bind(*vals, call_jaxpr=closed, jvp=batched_jvp, name=name)
    return outs, [0] * len(outs)


ad.jvp_rules[custom_jvp_call_p] = _custom_jvp_call_jvp
batching.batch_rules[custom_jvp_call_p] = _custom_jvp_call_batch
batching.axis_data_rules.add(custom_jvp_call_p)


# ============================================================================ custom_vjp


class custom_vjp:  # noqa: N801 (JAX's name)
    """A function with a user-defined VJP: ``f.defvjp(fwd, bwd)``.

    ``fwd(*args) -> (out, residuals)``; ``bwd(residuals, ct_out) -> tuple`` of cotangents,
    one per (differentiable) argument, each with that argument's structure. Arguments in
    ``nondiff_argnums`` are passed to ``bwd`` first and get no cotangent.
    """

    def __init__(self, fun: Callable, nondiff_argnums: Sequence[int] = ()):
        functools.update_wrapper(self, fun, updated=())
        self.fun = fun
        self.nondiff_argnums = tuple(nondiff_argnums)
        self.fwd: Callable | None = None
        self.bwd: Callable | None = None

    def defvjp(self, fwd: Callable, bwd: Callable) -> None:
        self.fwd = fwd
        self.bwd = bwd

    def __call__(self, *args: Any) -> Any:
        if self.fwd is None:
            raise AttributeError(
                f"No VJP defined for custom_vjp function {self.__name__} using defvjp."
            )
        static, dyn = _split_nondiff(args, self.nondiff_argnums)
        dyn = [tu.tree_map(_as_operand, d) for d in dyn]
        nondiff = self.nondiff_argnums
        fun = lambda *d: self.fun(*_merge(static, d, nondiff))  # noqa: E731
        closed, out_tree = _trace_fun(fun, dyn, self.__name__)
        leaves, in_tree = tu.tree_flatten(tuple(dyn))
        fwd, bwd, name = self.fwd, self.bwd, self.__name__

        def fwd_flat(*primals: Any) -> tuple[list, Any, list]:
            res = fwd(*_merge(static, tu.tree_unflatten(in_tree, list(primals)), nondiff))
            if not (isinstance(res, tuple | list) and len(res) == 2):
                raise TypeError(
                    f"custom_vjp fwd of {name} must return a pair (output, "
                    f"residuals), got {type(res).__name__}"
                )
            out, residuals = res
            o_leaves, o_tree = tu.tree_flatten(out)
            if o_tree != out_tree:
                raise TypeError(
                    f"custom_vjp fwd of {name} returned an output of structure "
                    f"{o_tree}; the function returns {out_tree}"
                )
            r_leaves, r_tree = tu.tree_flatten(residuals)
            return o_leaves, r_tree, [_as_operand(r) for r in r_leaves]

        def bwd_flat(r_tree: Any, residuals: Sequence[Any], cts: Sequence[Any]) -> list:
            res = tu.tree_unflatten(r_tree, list(residuals))
            ct = tu.tree_unflatten(out_tree, list(cts))
            out = bwd(*static, res, ct) if nondiff else bwd(res, ct)
            if not isinstance(out, tuple):
                raise TypeError(
                    f"custom_vjp bwd rule of {name} must return a tuple with one cotangent per "
                    f"differentiable argument ({len(dyn)}), got {type(out).__name__}"
                )
            if len(out) != len(dyn):
                raise TypeError(
                    f"custom_vjp bwd rule of {name} must return a tuple of length {len(dyn)} "
                    f"(one per differentiable argument), got length {len(out)}"
                )
            flat = []
            for i, (c, d) in enumerate(zip(out, dyn, strict=True)):
                d_tree = tu.tree_structure(d)
                if c is None:
                    flat.extend(ad.zeros_like_aval(core.get_aval(x)) for x in tu.tree_leaves(d))
                    continue
                c_leaves, c_tree = tu.tree_flatten(c)
                if c_tree != d_tree:
                    raise TypeError(
                        f"custom_vjp bwd rule of {name} returned a cotangent of structure "
                        f"{c_tree} for argument {i}, which has structure {d_tree}"
                    )
                for cl, dl in zip(c_leaves, tu.tree_leaves(d), strict=True):
                    if core.get_aval(cl).shape != core.get_aval(dl).shape:
                        raise ValueError(
                            f"custom_vjp bwd rule of {name} returned a cotangent of shape "
                            f"{core.get_aval(cl).shape} for an argument of shape "
                            f"{core.get_aval(dl).shape}"
                        )
                flat.extend(_as_operand(cl) for cl in c_leaves)
            return flat

        outs = custom_vjp_call_p.bind(
            *leaves, call_jaxpr=closed, fwd=fwd_flat, bwd=bwd_flat, name=name
        )
        return tu.tree_unflatten(out_tree, outs)


custom_vjp_call_p = utils.call_primitive("custom_vjp_call", "call_jaxpr")


def _custom_vjp_call_jvp(
    primals: list,
    tangents: list,
    *,
    call_jaxpr: core.ClosedJaxpr,
    fwd: Callable,
    bwd: Callable,
    name: str,
) -> tuple:
    outs, r_tree, residuals = fwd(*primals)
    out_avals = [core.get_aval(o).strip_weak_type() for o in outs]
    tangents = [ad.instantiate(t) for t in tangents]
    t_out = custom_lin_p.bind(
        *residuals,
        *tangents,
        num_res=len(residuals),
        r_tree=r_tree,
        bwd=bwd,
        out_avals=tuple(out_avals),
        name=name,
    )
    return outs, t_out


ad.jvp_rules[custom_vjp_call_p] = _custom_vjp_call_jvp


def _custom_vjp_call_batch(
    vals: list,
    dims: list,
    *,
    call_jaxpr: core.ClosedJaxpr,
    fwd: Callable,
    bwd: Callable,
    name: str,
    axis_size: int,
    axis_name: Any,
) -> tuple:
    # Under vmap the primal function runs batched; differentiating a vmapped custom_vjp
    # function goes through vmap of the fwd/bwd pair, which the JVP rule above handles when
    # vmap is applied outside grad.
    outs, odims = batching.batch_flat(
        lambda *a: core.eval_jaxpr(call_jaxpr.jaxpr, call_jaxpr.consts, *a),
        vals,
        dims,
        axis_size,
        axis_name,
    )
    return outs, odims


batching.batch_rules[custom_vjp_call_p] = _custom_vjp_call_batch
batching.axis_data_rules.add(custom_vjp_call_p)

custom_lin_p = core.register_primitive(core.Primitive("custom_lin"))
custom_lin_p.multiple_results = True
custom_lin_p.def_abstract_eval(lambda *avals, out_avals, **_: list(out_avals))


def _custom_lin_impl(*args: Any, name: str, **_: Any) -> Any:
    raise TypeError(
        f"can't apply forward-mode autodiff (jvp) to a custom_vjp function ({name}); use "
        "reverse mode (grad, vjp) or define it with custom_jvp instead"
    )


custom_lin_p.def_impl(_custom_lin_impl)


def _custom_lin_transpose(
    cts: list, *args: Any, num_res: int, r_tree: Any, bwd: Callable, out_avals: tuple, name: str
) -> list:
    residuals = args[:num_res]
    cts = [
        ad.zeros_like_aval(a) if type(c) is ad.Zero else c
        for c, a in zip(cts, out_avals, strict=True)
    ]
    cts_in = bwd(r_tree, residuals, cts)
    return [None] * num_res + list(cts_in)


ad.transpose_rules[custom_lin_p] = _custom_lin_transpose


def _custom_lin_jvp(primals: list, tangents: list, **params: Any) -> tuple:
    raise TypeError(
        f"can't apply forward-mode autodiff (jvp) to a custom_vjp function ({params['name']})"
    )


ad.jvp_rules[custom_lin_p] = _custom_lin_jvp


def _custom_lin_lowering(ctx: Any, *args: Any, name: str, **_: Any) -> Any:
    # custom_lin only exists inside linearized programs, which are transposed, never run.
    _custom_lin_impl(name=name)


def _custom_lin_batch(vals: list, dims: list, *, name: str, **_: Any) -> Any:
    raise NotImplementedError(
        f"vmap of the linearized custom_vjp function {name} is not supported; apply vmap "
        "outside grad/vjp (vmap(grad(f))) instead"
    )


lowering.register_lowering(custom_lin_p, _custom_lin_lowering)
batching.batch_rules[custom_lin_p] = _custom_lin_batch
