"""``vmap``: the user-facing front door of the batching interpreter."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from xnp._src import core, key_reuse
from xnp._src import tree_util as tu
from xnp._src.config import config
from xnp._src.interpreters import batching
from xnp._src.jit import _fun_name


def _broadcast_prefix(name: str, what: str, prefix: Any, tree: Any) -> list[Any]:
    """The prefix tree's leaves (None counts as a leaf), repeated over ``tree``'s leaves."""
    p_leaves, p_tree = tu.tree_flatten(prefix, is_leaf=lambda x: x is None)
    try:
        subtrees = p_tree.flatten_up_to(tree)
    except ValueError as e:
        raise ValueError(
            f"{name}: {what} specification must be a tree prefix of the corresponding value; "
            f"got {what}={prefix!r} for a value of structure {tu.tree_structure(tree)} ({e})"
        ) from None
    out = []
    for p, sub in zip(p_leaves, subtrees, strict=True):
        out.extend([p] * tu.tree_structure(sub).num_leaves)
    return out


def vmap(
    fun: Callable,
    in_axes: Any = 0,
    out_axes: Any = 0,
    axis_name: Any = None,
    axis_size: int | None = None,
) -> Callable:
    """Vectorize ``fun`` over an axis of its arguments: the loop runs inside the primitives.

    Arguments
    ---------
    in_axes : int, None, or a tuple (a tree prefix of the positional arguments) giving the
        batched axis of each argument (None: not batched). Keyword arguments are batched
        along axis 0.
    out_axes : where the batch axis goes in the outputs (tree prefix of the outputs).
    axis_name : a name for collectives (``lax.psum``) over the batch axis.
    axis_size : the batch size, needed when no argument is batched.
    """
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or isinstance(in_axes, int | tuple | dict)):
        raise TypeError(
            f"vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
            f"positional arguments passed to the function, but got {in_axes!r}."
        )
    name = _fun_name(fun)

    @functools.wraps(fun, updated=())
    def vmapped(*args: Any, **kwargs: Any) -> Any:
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(
                f"vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
                f"positional arguments passed to the function, but got len(in_axes)="
                f"{len(in_axes)}, len(args)={len(args)}"
            )
        args_axes = _broadcast_prefix(
            "vmap",
            "in_axes",
            in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args),
            args,
        )
        leaves, in_tree = tu.tree_flatten((args, kwargs))
        kw_leaves = len(leaves) - len(args_axes)
        axes = list(args_axes) + [0] * kw_leaves
        sizes = {}
        dims = []
        for i, (leaf, ax) in enumerate(zip(leaves, axes, strict=True)):
            if ax is None:
                dims.append(None)
                continue
            if not isinstance(ax, int):
                raise TypeError(f"vmap: in_axes leaves must be ints or None, got {ax!r}")
            shape = core.get_aval(leaf).shape
            if not -len(shape) <= ax < len(shape):
                raise ValueError(
                    f"vmap was requested to map its argument along axis {ax}, which implies "
                    f"that its rank should be at least {max(ax + 1, -ax)}, but is only "
                    f"{len(shape)} (its shape is {shape}; argument leaf {i})"
                )
            ax %= len(shape)
            dims.append(ax)
            sizes.setdefault(shape[ax], []).append(i)
        if len(sizes) > 1:
            detail = "; ".join(f"size {s} for argument leaves {ix}" for s, ix in sizes.items())
            raise ValueError(
                f"vmap got inconsistent sizes for the array axes to be mapped: {detail}"
            )
        if sizes:
            size = next(iter(sizes))
            if axis_size is not None and axis_size != size:
                raise ValueError(
                    f"vmap: axis_size={axis_size} does not match the mapped axis size {size}"
                )
        elif axis_size is not None:
            size = int(axis_size)
        else:
            raise ValueError(
                "vmap must have at least one non-None value in in_axes, or be given axis_size"
            )
        store = {}

        def flat(*flat_args: Any) -> list:
            a, kw = tu.tree_unflatten(in_tree, list(flat_args))
            out = fun(*a, **kw)
            out_leaves, out_tree = tu.tree_flatten(out)
            store["out_tree"] = out_tree
            store["out"] = out
            if config.debug_key_reuse:
                key_reuse.consume_outer(f"vmap of `{name}`", leaves, flat_args)
            return out_leaves

        outs, out_dims = batching.batch_flat(flat, leaves, dims, size, axis_name)
        out_tree = store["out_tree"]
        oaxes = _broadcast_prefix(
            "vmap", "out_axes", out_axes, tu.tree_unflatten(out_tree, [0] * out_tree.num_leaves)
        )
        results = []
        for v, d, oa in zip(outs, out_dims, oaxes, strict=True):
            if oa is None:
                if d is not None:
                    raise ValueError(
                        f"vmap of `{name}`: out_axes=None, but an output is batched (it "
                        "depends on a mapped input)"
                    )
                results.append(v)
                continue
            nd = core.get_aval(v).ndim + (1 if d is None else 0)
            if not -nd <= oa < nd:
                raise ValueError(
                    f"vmap of `{name}`: out_axes {oa} out of range for an output of rank {nd}"
                )
            results.append(batching.moveaxis(v, d, oa % nd, size))
        return tu.tree_unflatten(out_tree, results)

    return vmapped
