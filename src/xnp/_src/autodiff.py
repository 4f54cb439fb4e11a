"""The user-facing autodiff transformations: ``jvp``, ``linearize``, ``vjp``, ``grad``,
``value_and_grad``, ``linear_transpose`` and the Jacobians (``jacfwd``, ``jacrev``,
``hessian``), over the ``ad`` interpreter (and ``vmap`` for the Jacobians)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src import tree_util as tu
from xnp._src.array import ndarray
from xnp._src.interpreters import ad
from xnp._src.interpreters import partial_eval as pe
from xnp._src.jit import _fun_name
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.vmap import vmap


def _argnums_tuple(argnums: int | Sequence[int]) -> tuple[tuple[int, ...], bool]:
    if isinstance(argnums, int):
        return (argnums,), True
    return tuple(argnums), False


def _check_differentiable_input(name: str, x: Any, allow_int: bool, holomorphic: bool) -> None:
    dt = dtypes.dtype_and_weak(x)[0] if not isinstance(x, ndarray) else x.dtype
    k = dtypes.kind(dt)
    if holomorphic:
        if k != "c":
            raise TypeError(
                f"{name} with holomorphic=True requires inputs with complex dtype, but got "
                f"{dt.name}"
            )
        return
    if k in "biu" and not allow_int:
        raise TypeError(
            f"{name} requires real- or complex-valued inputs (input dtype that is a sub-dtype of "
            f"np.inexact), but got {dt.name}. If you want to use Boolean- or integer-valued "
            "inputs, use vjp or set allow_int to True."
        )


def _flatten_fun_out(fun: Callable, in_tree: Any, name: str, has_aux: bool = False):
    """A flat function for an AD transformation, recording the output tree (and aux)."""
    store: dict[str, Any] = {}

    def flat(*leaves: Any) -> list:
        args = tu.tree_unflatten(in_tree, list(leaves))
        out = fun(*args)
        if has_aux:
            if not (isinstance(out, tuple) and len(out) == 2):
                raise TypeError(
                    f"{name} with has_aux=True: the function must return a pair (output, aux), "
                    f"got {type(out).__name__}"
                )
            out, aux = out
            store["aux"] = aux
        out_leaves, out_tree = tu.tree_flatten(out)
        for leaf in out_leaves:
            if not core.valid_jaxtype(leaf):
                raise TypeError(
                    f"{name}: the function returned a {type(leaf).__name__} ({leaf!r:.60}); "
                    "differentiated functions must return arrays or pytrees of arrays"
                )
        store["out_tree"] = out_tree
        return out_leaves

    return flat, store


def _aux_value(aux: Any) -> Any:
    """Aux outputs leave the transformation as the values of the caller's trace."""
    return aux


def jvp(
    fun: Callable, primals: Sequence[Any], tangents: Sequence[Any], has_aux: bool = False
) -> Any:
    """Forward-mode derivative: ``(fun(*primals), J(primals) @ tangents)``.

    ``primals`` and ``tangents`` are tuples of pytrees of the same structure, shapes and
    dtypes.
    """
    if not isinstance(primals, tuple | list) or not isinstance(tangents, tuple | list):
        raise TypeError(
            "jvp: primals and tangents must be tuples or lists, got "
            f"{type(primals).__name__} and {type(tangents).__name__}"
        )
    p_leaves, in_tree = tu.tree_flatten(tuple(primals))
    t_leaves, t_tree = tu.tree_flatten(tuple(tangents))
    if in_tree != t_tree:
        raise ValueError(
            f"jvp: primal and tangent arguments must have the same tree structure; got {in_tree} "
            f"and {t_tree}"
        )
    for p, t in zip(p_leaves, t_leaves, strict=True):
        pa, ta = core.get_aval(p), core.get_aval(t)
        if pa.shape != ta.shape:
            raise ValueError(
                f"jvp: primal and tangent shapes must be equal; got {pa.shape} and {ta.shape}"
            )
        if dtypes.kind(pa.dtype) in "fc" and pa.dtype != ta.dtype and not ta.weak_type:
            raise TypeError(
                f"jvp: primal and tangent dtypes must be equal; got {pa.dtype.name} and "
                f"{ta.dtype.name}"
            )
    flat, store = _flatten_fun_out(fun, in_tree, "jvp", has_aux)
    t_leaves = [
        lax_shapes_convert(t, core.get_aval(p).dtype)
        for p, t in zip(p_leaves, t_leaves, strict=True)
    ]
    p_out, t_out = ad.jvp_flat(flat, p_leaves, t_leaves)
    t_out = [_instantiate_like(t, p) for t, p in zip(t_out, p_out, strict=True)]
    out_tree = store["out_tree"]
    res = (tu.tree_unflatten(out_tree, p_out), tu.tree_unflatten(out_tree, t_out))
    return (*res, store["aux"]) if has_aux else res


def lax_shapes_convert(x: Any, dtype: onp.dtype) -> Any:

    if dtypes.is_python_scalar(x):
        return dispatch.scalar_const(x, dtype, False)
    return lax_shapes.convert_element_type(x, dtype) if core.get_aval(x).dtype != dtype else x


def _instantiate_like(t: Any, p: Any) -> Any:
    if type(t) is ad.Zero:
        return ad.zeros_like_aval(core.get_aval(p).strip_weak_type())
    return t


def linearize(fun: Callable, *primals: Any) -> tuple[Any, Callable]:
    """``fun(*primals)`` and its JVP at ``primals`` as a function of the tangents alone.

    The primal computation runs once; calling the returned function evaluates only the
    linear (tangent) part.
    """
    p_leaves, in_tree = tu.tree_flatten(primals)
    flat, store = _flatten_fun_out(fun, in_tree, "linearize")
    p_out, lin_jaxpr, residuals, _ = ad.linearize_flat(flat, p_leaves)
    out_tree = store["out_tree"]
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]

    def f_jvp(*tangents: Any) -> Any:
        t_leaves, t_tree = tu.tree_flatten(tangents)
        if t_tree != in_tree:
            raise ValueError(
                f"linearized function: expected tangents of structure {in_tree}, got {t_tree}"
            )
        for t, a in zip(t_leaves, in_avals, strict=True):
            if core.get_aval(t).shape != a.shape:
                raise ValueError(
                    f"linearized function: tangent shape {core.get_aval(t).shape} "
                    f"does not match primal shape {a.shape}"
                )
        outs = core.eval_jaxpr(lin_jaxpr, residuals, *t_leaves)
        return tu.tree_unflatten(out_tree, outs)

    return tu.tree_unflatten(out_tree, p_out), f_jvp


def vjp(fun: Callable, *primals: Any, has_aux: bool = False) -> Any:
    """Reverse mode: ``(fun(*primals), vjp_fun)`` where ``vjp_fun(ct)`` pulls a cotangent
    of the output back to cotangents of ``primals`` (a tuple, one per argument)."""
    p_leaves, in_tree = tu.tree_flatten(primals)
    flat, store = _flatten_fun_out(fun, in_tree, "vjp", has_aux)
    p_out, lin_jaxpr, residuals, out_avals = ad.linearize_flat(flat, p_leaves)
    out_tree = store["out_tree"]
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]

    def vjp_fun(ct: Any) -> tuple:
        ct_leaves, ct_tree = tu.tree_flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(
                f"vjp function: cotangent tree structure {ct_tree} does not match the "
                f"function's output structure {out_tree}"
            )
        cts = []
        for c, a in zip(ct_leaves, out_avals, strict=True):
            ca = core.get_aval(c)
            if ca.shape != a.shape:
                raise ValueError(
                    f"vjp function: cotangent shape {ca.shape} does not match the primal "
                    f"output shape {a.shape}"
                )
            cts.append(lax_shapes_convert(c, a.dtype))
        args = [ad.UndefinedPrimal(a) for a in in_avals]
        outs = ad.backward_pass(lin_jaxpr, residuals, args, cts)
        outs = [
            ad.zeros_like_aval(a) if type(o) is ad.Zero else o
            for o, a in zip(outs, in_avals, strict=True)
        ]
        return tuple(tu.tree_unflatten(in_tree, outs))

    primal_out = tu.tree_unflatten(out_tree, p_out)
    if has_aux:
        return primal_out, vjp_fun, store["aux"]
    return primal_out, vjp_fun


def value_and_grad(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """A function returning ``(fun(*args), grad)``; see ``grad``."""
    nums, single = _argnums_tuple(argnums)
    name = _fun_name(fun)

    @functools.wraps(fun, updated=())
    def vg(*args: Any, **kwargs: Any) -> Any:
        for i in nums:
            if not -len(args) <= i < len(args):
                raise TypeError(
                    f"grad of `{name}`: argnums {i} is out of range for a call with "
                    f"{len(args)} positional arguments"
                )
        nums_c = tuple(i % len(args) for i in nums)
        diff_args = [args[i] for i in nums_c]
        for leaf in tu.tree_leaves(diff_args):
            _check_differentiable_input("grad", leaf, allow_int, holomorphic)

        def f_partial(*dargs: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, dargs, strict=True):
                full[i] = a
            return fun(*full, **kwargs)

        out = vjp(f_partial, *diff_args, has_aux=has_aux)
        if has_aux:
            ans, vjp_fun, aux = out
        else:
            ans, vjp_fun = out
        leaves = tu.tree_leaves(ans)
        if (
            len(leaves) != 1
            or not isinstance(ans, ndarray | core.Tracer)
            and not (dtypes.is_python_scalar(ans))
        ):
            raise TypeError(
                f"Gradient only defined for scalar-output functions; `{name}` returned "
                f"{type(ans).__name__}" + (f" with {len(leaves)} leaves" if leaves else "")
            )
        aval = core.get_aval(ans)
        if aval.shape != ():
            raise TypeError(
                f"Gradient only defined for scalar-output functions. Output of `{name}` had "
                f"shape: {aval.shape}"
            )
        k = dtypes.kind(aval.dtype)
        if holomorphic:
            if k != "c":
                raise TypeError(
                    f"grad with holomorphic=True requires a complex output, got {aval.dtype.name}"
                )
        elif k != "f":
            raise TypeError(
                f"grad requires real-valued outputs (output dtype that is a sub-dtype of "
                f"np.floating), but `{name}` returned {aval.dtype.name}. For holomorphic "
                "differentiation, pass holomorphic=True."
            )
        g = vjp_fun(dispatch.scalar_const(1.0, aval.dtype, False))
        g = g[0] if single else tuple(g)
        return ((ans, aux), g) if has_aux else (ans, g)

    return vg


def grad(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """The gradient of a scalar-valued ``fun`` with respect to argument(s) ``argnums``.

    Arguments
    ---------
    fun : function returning a scalar (a pair ``(scalar, aux)`` with ``has_aux``).
    argnums : int or tuple of ints: which positional arguments to differentiate.
    holomorphic : differentiate a complex function of complex inputs.
    allow_int : allow integer inputs (their gradient is zero).

    Returns
    -------
    A function with the signature of ``fun`` returning the gradient (a tuple of gradients
    for a tuple ``argnums``; ``(grad, aux)`` with ``has_aux``).
    """
    vg = value_and_grad(fun, argnums, has_aux, holomorphic, allow_int)

    @functools.wraps(fun, updated=())
    def g(*args: Any, **kwargs: Any) -> Any:
        (_, aux), gr = vg(*args, **kwargs) if has_aux else ((None, None), vg(*args, **kwargs)[1])
        return (gr, aux) if has_aux else gr

    return g


def linear_transpose(fun: Callable, *primals: Any) -> Callable:
    """The transpose of the linear function ``fun`` (``primals`` give shapes and dtypes)."""
    p_leaves, in_tree = tu.tree_flatten(primals)
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]
    flat, store = _flatten_fun_out(fun, in_tree, "linear_transpose")
    jaxpr, consts, out_avals = pe.trace_to_jaxpr(flat, in_avals, _fun_name(fun), "linear_transpose")
    out_tree = store["out_tree"]

    def transposed(*cts: Any) -> tuple:
        ct = cts[0] if len(cts) == 1 else cts
        ct_leaves, ct_tree = tu.tree_flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(
                f"linear_transpose: cotangent structure {ct_tree} does not match "
                f"the output structure {out_tree}"
            )
        args = [ad.UndefinedPrimal(a) for a in in_avals]
        outs = ad.backward_pass(jaxpr, consts, args, ct_leaves)
        outs = [
            ad.zeros_like_aval(a) if type(o) is ad.Zero else o
            for o, a in zip(outs, in_avals, strict=True)
        ]
        return tuple(tu.tree_unflatten(in_tree, outs))

    return transposed


def _std_basis(leaves: list, avals: list) -> list:
    """Identity matrices, flattened, for building Jacobians: one per input leaf."""

    total = sum(a.size for a in avals)
    dt = dtypes.result_type(*[a.dtype for a in avals]) if avals else dtypes.float_()
    eye = lax_shapes.convert_element_type(
        _eye_bool(total), dt if dtypes.kind(dt) in "fc" else dtypes.float_()
    )
    out = []
    start = 0
    for a in avals:
        block = lax_slicing.slice_in_dim(eye, start, start + a.size, axis=1)
        out.append(
            lax_shapes.reshape(lax_shapes.convert_element_type(block, a.dtype), (total, *a.shape))
        )
        start += a.size
    return out


def _eye_bool(n: int) -> Any:

    r = lax_shapes.broadcasted_iota(onp.int32, (n, n), 0)
    c = lax_shapes.broadcasted_iota(onp.int32, (n, n), 1)
    return lax.eq(r, c)


def _jac_reshape(x: Any, out_shape: tuple, in_shape: tuple, fwd: bool) -> Any:

    # x has the basis axis first: (in_size, *out_shape) for jacfwd, (out_size, *in_shape) for
    # jacrev. The Jacobian is laid out (*out_shape, *in_shape).
    if fwd:
        x = lax_shapes.reshape(x, (x.shape[0], int(onp.prod(out_shape, dtype=onp.int64))))
        x = lax_shapes.transpose(x, (1, 0))
    return lax_shapes.reshape(x, (*out_shape, *in_shape))


def jacfwd(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
) -> Callable:
    """The Jacobian of ``fun`` by forward mode (``vmap`` of ``jvp`` over a basis)."""
    nums, single = _argnums_tuple(argnums)

    def jac(*args: Any) -> Any:
        nums_c = tuple(i % len(args) for i in nums)
        diff = [args[i] for i in nums_c]
        leaves, d_tree = tu.tree_flatten(diff)
        for leaf in leaves:
            _check_differentiable_input("jacfwd", leaf, False, holomorphic)
        avals = [core.get_aval(x).strip_weak_type() for x in leaves]

        def f_leaves(*ls: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, tu.tree_unflatten(d_tree, list(ls)), strict=True):
                full[i] = a
            return fun(*full)

        basis = _std_basis(leaves, avals)

        def push(*ts: Any) -> Any:
            out = jvp(f_leaves, tuple(leaves), tuple(ts), has_aux=has_aux)
            return (out[1], out[2]) if has_aux else out[1]

        out = vmap(push, in_axes=0, out_axes=0)(*basis)
        if has_aux:
            out, aux = out
            aux = tu.tree_map(lambda a: a[0] if hasattr(a, "shape") and a.shape else a, aux)
        out_leaves, out_tree = tu.tree_flatten(out)
        res = []
        for o in out_leaves:
            per_in = []
            start = 0
            for a in avals:
                block = lax_slicing.slice_in_dim(o, start, start + a.size)
                per_in.append(_jac_reshape(block, o.shape[1:], a.shape, True))
                start += a.size
            per_in = tu.tree_unflatten(d_tree, per_in)
            res.append(per_in[0] if single else tuple(per_in))
        result = tu.tree_unflatten(out_tree, res)
        return (result, aux) if has_aux else result

    return jac


def jacrev(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """The Jacobian of ``fun`` by reverse mode (``vmap`` of ``vjp`` over a basis)."""
    nums, single = _argnums_tuple(argnums)

    def jac(*args: Any) -> Any:
        nums_c = tuple(i % len(args) for i in nums)
        diff = [args[i] for i in nums_c]
        for leaf in tu.tree_leaves(diff):
            _check_differentiable_input("jacrev", leaf, allow_int, holomorphic)

        def f_partial(*dargs: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, dargs, strict=True):
                full[i] = a
            return fun(*full)

        out = vjp(f_partial, *diff, has_aux=has_aux)
        y, pullback = out[0], out[1]
        y_leaves, y_tree = tu.tree_flatten(y)
        y_avals = [core.get_aval(v).strip_weak_type() for v in y_leaves]
        basis = _std_basis(y_leaves, y_avals)
        cts = vmap(lambda *b: pullback(tu.tree_unflatten(y_tree, list(b))))(*basis)
        # cts: tuple per diff arg, each a pytree with leading axis = total output size.
        in_leaves_per_arg = [tu.tree_flatten(d) for d in diff]
        res_per_out = [[] for _ in y_leaves]
        for ct_arg, (_, arg_tree) in zip(cts, in_leaves_per_arg, strict=True):
            ct_leaves = tu.tree_leaves(ct_arg)
            for j, ya in enumerate(y_avals):
                start = sum(a.size for a in y_avals[:j])
                blocks = [
                    _jac_reshape(
                        lax_slicing.slice_in_dim(c, start, start + ya.size),
                        ya.shape,
                        c.shape[1:],
                        False,
                    )
                    for c in ct_leaves
                ]
                res_per_out[j].append(tu.tree_unflatten(arg_tree, blocks))
        res = [r[0] if single else tuple(r) for r in res_per_out]
        result = tu.tree_unflatten(y_tree, res)
        return (result, out[2]) if has_aux else result

    return jac


jacobian = jacrev


def hessian(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
) -> Callable:
    """The Hessian of a scalar ``fun``: ``jacfwd(jacrev(fun))``."""
    return jacfwd(
        jacrev(fun, argnums, has_aux=has_aux, holomorphic=holomorphic),
        argnums,
        has_aux=has_aux,
        holomorphic=holomorphic,
    )
