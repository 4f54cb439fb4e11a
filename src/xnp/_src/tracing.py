"""``make_jaxpr`` and ``eval_shape``: trace a function without running it."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from xnp._src import core
from xnp._src import tree_util as tu
from xnp._src.interpreters import partial_eval as pe
from xnp._src.jit import Jitted, _as_tuple, _fun_name, _leaf_aval


def make_jaxpr(fun: Callable, static_argnums: int | Sequence[int] = ()) -> Callable:
    """A function returning the ``ClosedJaxpr`` that ``fun`` traces to for given arguments."""
    statics = frozenset(_as_tuple(static_argnums))

    @functools.wraps(fun, updated=())
    def make(*args: Any, **kwargs: Any) -> core.ClosedJaxpr:
        dyn = [a for i, a in enumerate(args) if i not in statics]
        leaves, in_tree = tu.tree_flatten((dyn, kwargs))
        name = _fun_name(fun)
        in_avals = [_leaf_aval(x, name) for x in leaves]

        def flat_fun(*flat: Any) -> list:
            d, kw = tu.tree_unflatten(in_tree, list(flat))
            it = iter(d)
            full = [a if i in statics else next(it) for i, a in enumerate(args)]
            return tu.tree_leaves(fun(*full, **kw))

        jaxpr, consts, _ = pe.trace_to_jaxpr(flat_fun, in_avals, name, "make_jaxpr")
        return core.ClosedJaxpr(jaxpr, consts)

    return make


def eval_shape(fun: Callable, *args: Any, **kwargs: Any) -> Any:
    """The shapes and dtypes of ``fun``'s outputs, as ``ShapeDtypeStruct`` s; nothing runs."""
    return Jitted(fun).eval_shape(*args, **kwargs)
