"""``stop_gradient``: the identity whose derivative is zero."""

from __future__ import annotations

from typing import Any

from xnp._src import core
from xnp._src import tree_util as tu
from xnp._src.interpreters import ad, batching
from xnp._src.lax import utils

stop_gradient_p = utils.standard_primitive("stop_gradient", lambda x: x, lambda ctx, x: x)


def _stop_gradient_jvp(primals: list, tangents: list) -> tuple:
    (x,) = primals
    return stop_gradient_p.bind(x), ad.Zero(core.get_aval(x).strip_weak_type())


ad.jvp_rules[stop_gradient_p] = _stop_gradient_jvp
batching.defvectorized(stop_gradient_p)


def stop_gradient(x: Any) -> Any:
    """``x`` (a pytree of arrays), treated as a constant by differentiation."""
    return tu.tree_map(lambda leaf: stop_gradient_p.bind(utils.asarray(leaf)), x)
