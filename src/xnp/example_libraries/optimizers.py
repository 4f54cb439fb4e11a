"""Optimizers: first-order optimization as ``(init_fun, update_fun, get_params)`` triples,
built on xnp's public API only (``jax.example_libraries.optimizers``' API).

- ``init_fun(params) -> opt_state`` for any pytree of arrays ``params``;
- ``update_fun(step, grads, opt_state) -> opt_state`` (``step`` is the iteration index,
  which schedules and bias corrections use; it may be traced under ``jit``);
- ``get_params(opt_state) -> params``.

``opt_state`` is an :class:`OptimizerState`, a pytree, so it passes through ``xnp.jit``.
Step sizes are numbers or *schedules* (functions of the step index): :func:`constant`,
:func:`exponential_decay`, :func:`inverse_time_decay`, :func:`polynomial_decay`,
:func:`piecewise_constant`.

Example
-------
>>> import xnp
>>> from xnp.example_libraries import optimizers
>>> opt_init, opt_update, get_params = optimizers.sgd(0.1)
>>> loss = lambda p: xnp.sum((p["w"] - 3.0) ** 2)
>>> state = opt_init({"w": xnp.zeros(2)})
>>> for i in range(50):
...     state = opt_update(i, xnp.grad(loss)(get_params(state)), state)
>>> xnp.round(get_params(state)["w"], 4)
Array([3., 3.])
"""

import functools
from collections import namedtuple
from typing import Any, NamedTuple

import xnp as np
from xnp import tree_util

__all__ = [
    "JoinPoint", "Optimizer", "OptimizerState", "adagrad", "adam", "adamax", "clip_grads",
    "constant", "exponential_decay", "inverse_time_decay", "l2_norm", "make_schedule",
    "momentum", "nesterov", "optimizer", "pack_optimizer_state", "piecewise_constant",
    "polynomial_decay", "rmsprop", "rmsprop_momentum", "sgd", "sm3", "unpack_optimizer_state",
]  # fmt: skip

OptimizerState = namedtuple("OptimizerState", ["packed_state", "tree_def", "subtree_defs"])
OptimizerState.__doc__ = """The state of an optimizer over a pytree of parameters: the flat
list of per-leaf states (``packed_state``, the pytree's only children), the parameters'
treedef and the tuple of each leaf state's treedef (static, hashable auxiliary data)."""

tree_util.register_pytree_node(
    OptimizerState,
    lambda s: ((s.packed_state,), (s.tree_def, s.subtree_defs)),
    lambda aux, children: OptimizerState(children[0], aux[0], aux[1]),
)


class Optimizer(NamedTuple):
    """An ``(init_fn, update_fn, params_fn)`` triple."""

    init_fn: Any
    update_fn: Any
    params_fn: Any


def optimizer(opt_maker):
    """Decorator: turn a maker of per-array ``(init, update, get_params)`` functions into one
    whose functions work on any pytree of arrays (leaf by leaf), with an
    :class:`OptimizerState` as the state."""

    @functools.wraps(opt_maker)
    def tree_opt_maker(*args, **kwargs):
        init, update, get_params = opt_maker(*args, **kwargs)

        @functools.wraps(init)
        def tree_init(x0_tree):
            x0_flat, tree = tree_util.tree_flatten(x0_tree)
            flats = [tree_util.tree_flatten(init(x0)) for x0 in x0_flat]
            return OptimizerState([f for f, _ in flats], tree, tuple(t for _, t in flats))

        @functools.wraps(update)
        def tree_update(i, grad_tree, opt_state):
            states_flat, tree, subtrees = opt_state
            grad_flat, tree2 = tree_util.tree_flatten(grad_tree)
            if tree2 != tree:
                raise TypeError(
                    "optimizer update: the gradient tree does not match the parameter tree "
                    f"the optimizer was initialized with: parameters {tree}, gradients {tree2}"
                )
            new_flat = []
            for g, flat, sub in zip(grad_flat, states_flat, subtrees, strict=True):
                new_state = update(i, g, tree_util.tree_unflatten(sub, flat))
                nf, ns = tree_util.tree_flatten(new_state)
                if ns != sub:
                    raise TypeError(
                        "optimizer update: the update function changed the state's structure "
                        f"from {sub} to {ns}"
                    )
                new_flat.append(nf)
            return OptimizerState(new_flat, tree, tuple(subtrees))

        @functools.wraps(get_params)
        def tree_get_params(opt_state):
            states_flat, tree, subtrees = opt_state
            params = [get_params(tree_util.tree_unflatten(s, f))
                      for s, f in zip(subtrees, states_flat, strict=True)]  # fmt: skip
            return tree_util.tree_unflatten(tree, params)

        return Optimizer(tree_init, tree_update, tree_get_params)

    return tree_opt_maker


# ------------------------------------------------------------------ optimizers


@optimizer
def sgd(step_size):
    """Stochastic gradient descent: ``x <- x - step_size(i) * g``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0

    def update(i, g, x):
        return x - step_size(i) * g

    def get_params(x):
        return x

    return init, update, get_params


@optimizer
def momentum(step_size, mass):
    """SGD with momentum: ``v <- mass * v + g; x <- x - step_size(i) * v``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0)

    def update(i, g, state):
        x, v = state
        v = mass * v + g
        return x - step_size(i) * v, v

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def nesterov(step_size, mass):
    """SGD with Nesterov momentum: ``v <- mass * v + g; x <- x - step_size(i) * (mass * v +
    g)``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0)

    def update(i, g, state):
        x, v = state
        v = mass * v + g
        return x - step_size(i) * (mass * v + g), v

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def adagrad(step_size, momentum=0.9):
    """Adagrad (Duchi et al., 2011) with momentum: ``G <- G + g**2``; ``m <- (1 - momentum)
    * g / sqrt(G) + momentum * m`` (0 where ``G == 0``); ``x <- x - step_size(i) * m``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0), np.zeros_like(x0)

    def update(i, g, state):
        x, g_sq, m = state
        g_sq = g_sq + np.square(g)
        inv = np.where(g_sq > 0, 1.0 / np.sqrt(np.where(g_sq > 0, g_sq, 1.0)), 0.0)
        m = (1.0 - momentum) * (g * inv) + momentum * m
        return x - step_size(i) * m, g_sq, m

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def rmsprop(step_size, gamma=0.9, eps=1e-8):
    """RMSProp: ``a <- gamma * a + (1 - gamma) * g**2; x <- x - step_size(i) * g /
    sqrt(a + eps)``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0)

    def update(i, g, state):
        x, avg = state
        avg = avg * gamma + np.square(g) * (1.0 - gamma)
        return x - step_size(i) * g / np.sqrt(avg + eps), avg

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def rmsprop_momentum(step_size, gamma=0.9, eps=1e-8, momentum=0.9):
    """RMSProp with momentum: ``a`` as in :func:`rmsprop`; ``m <- momentum * m +
    step_size(i) * g / sqrt(a + eps); x <- x - m``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0), np.zeros_like(x0)

    def update(i, g, state):
        x, avg, mom = state
        avg = avg * gamma + np.square(g) * (1.0 - gamma)
        mom = momentum * mom + step_size(i) * g / np.sqrt(avg + eps)
        return x - mom, avg, mom

    def get_params(state):
        return state[0]

    return init, update, get_params


def _power(b, i, like):
    return np.asarray(b, like.dtype) ** (i + 1)


@optimizer
def adam(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """Adam (Kingma & Ba, 2015): moment estimates ``m``, ``v`` with decay ``b1``, ``b2``,
    bias-corrected by ``1 - b**(i + 1)``; ``x <- x - step_size(i) * mhat / (sqrt(vhat) +
    eps)``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0), np.zeros_like(x0)

    def update(i, g, state):
        x, m, v = state
        m = (1 - b1) * g + b1 * m
        v = (1 - b2) * np.square(g) + b2 * v
        mhat = m / (1 - _power(b1, i, m))
        vhat = v / (1 - _power(b2, i, m))
        return x - step_size(i) * mhat / (np.sqrt(vhat) + eps), m, v

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def adamax(step_size, b1=0.9, b2=0.999, eps=1e-8):
    """AdaMax (Adam with the infinity norm): ``u <- max(b2 * u, |g|)``; ``x <- x -
    step_size(i) / (1 - b1**(i + 1)) * m / (u + eps)``."""
    step_size = make_schedule(step_size)

    def init(x0):
        return x0, np.zeros_like(x0), np.zeros_like(x0)

    def update(i, g, state):
        x, m, u = state
        m = (1 - b1) * g + b1 * m
        u = np.maximum(b2 * u, np.abs(g))
        x = x - (step_size(i) / (1 - _power(b1, i, m))) * m / (u + eps)
        return x, m, u

    def get_params(state):
        return state[0]

    return init, update, get_params


@optimizer
def sm3(step_size, momentum=0.9):
    """SM3 (Anil et al., 2019): one accumulator vector per axis instead of a full
    second-moment array; the per-element accumulator is the minimum over the axes' vectors
    plus ``g**2``, then a momentum step like :func:`adagrad`'s."""
    step_size = make_schedule(step_size)

    def init(x0):
        shape = np.shape(x0)
        x0 = np.reshape(x0, (1,)) if np.ndim(x0) == 0 else x0
        vs = [np.zeros(n, dtype=x0.dtype) for n in x0.shape]
        return x0, np.zeros_like(x0), vs, shape

    def along(ndim, v, axis):
        idx = [None] * ndim
        idx[axis] = slice(None)
        return v[tuple(idx)]

    def update(i, g, state):
        x, m, vs, shape = state
        g = np.reshape(g, x.shape)
        accum = functools.reduce(np.minimum, [along(g.ndim, v, a) for a, v in enumerate(vs)])
        accum = accum + np.square(g)
        inv = np.where(accum > 0, 1.0 / np.sqrt(np.where(accum > 0, accum, 1.0)), 0.0)
        m = (1.0 - momentum) * (g * inv) + momentum * m
        x = x - step_size(i) * m
        others = [tuple(b for b in range(x.ndim) if b != a) for a in range(x.ndim)]
        vs = [np.max(accum, axis=ax) for ax in others]
        return x, m, vs, shape

    def get_params(state):
        x, _, _, shape = state
        return np.reshape(x, tuple(int(d) for d in shape))

    return init, update, get_params


# ------------------------------------------------------------------ schedules


def constant(step_size):
    """Schedule: ``step_size`` at every step."""

    def schedule(i):
        return step_size

    return schedule


def exponential_decay(step_size, decay_steps, decay_rate):
    """Schedule: ``step_size * decay_rate ** (i / decay_steps)``."""

    def schedule(i):
        return step_size * decay_rate ** (i / decay_steps)

    return schedule


def inverse_time_decay(step_size, decay_steps, decay_rate, staircase=False):
    """Schedule: ``step_size / (1 + decay_rate * i / decay_steps)`` (with ``floor(i /
    decay_steps)`` if ``staircase``)."""

    def schedule(i):
        t = np.floor(i / decay_steps) if staircase else i / decay_steps
        return step_size / (1 + decay_rate * t)

    return schedule


def polynomial_decay(step_size, decay_steps, final_step_size, power=1.0):
    """Schedule: from ``step_size`` to ``final_step_size`` over ``decay_steps`` steps as
    ``(1 - i / decay_steps) ** power``, then constant."""

    def schedule(step_num):
        step_num = np.minimum(step_num, decay_steps)
        mult = (1 - step_num / decay_steps) ** power
        return mult * (step_size - final_step_size) + final_step_size

    return schedule


def piecewise_constant(boundaries, values):
    """Schedule: ``values[k]`` where ``k`` is the number of ``boundaries`` below ``i``
    (``len(values) == len(boundaries) + 1``)."""
    boundaries = np.array(boundaries)
    values = np.array(values)
    if not boundaries.ndim == values.ndim == 1:
        raise ValueError(
            "piecewise_constant: boundaries and values must be 1-d sequences, got shapes "
            f"{boundaries.shape} and {values.shape}"
        )
    if boundaries.shape[0] != values.shape[0] - 1:
        raise ValueError(
            "piecewise_constant: values must have one more element than boundaries, got "
            f"{values.shape[0]} values and {boundaries.shape[0]} boundaries"
        )

    def schedule(i):
        return values[np.sum(i > boundaries)]

    return schedule


def make_schedule(scalar_or_schedule):
    """A schedule from a callable (returned as is) or a scalar (:func:`constant`)."""
    if callable(scalar_or_schedule):
        return scalar_or_schedule
    if np.ndim(scalar_or_schedule) == 0:
        return constant(scalar_or_schedule)
    raise TypeError(
        "make_schedule: expected a scalar step size or a callable schedule, got "
        f"{type(scalar_or_schedule).__name__} of shape {np.shape(scalar_or_schedule)}"
    )


# ------------------------------------------------------------------ utilities


def l2_norm(tree):
    """The l2 norm of all the leaves of a pytree of arrays taken together."""
    leaves = tree_util.tree_leaves(tree)
    return np.sqrt(sum((np.vdot(x, x) for x in leaves), np.asarray(0.0)))


def clip_grads(grad_tree, max_norm):
    """Scale a pytree of gradients so that its :func:`l2_norm` is at most ``max_norm``."""
    norm = l2_norm(grad_tree)
    return tree_util.tree_map(
        lambda g: np.where(norm < max_norm, g, g * (max_norm / norm)), grad_tree
    )


class JoinPoint:
    """Marks where an optimizer's per-leaf state sits inside the parameters' pytree (see
    :func:`unpack_optimizer_state`)."""

    def __init__(self, subtree):
        self.subtree = subtree

    def __iter__(self):
        yield self.subtree


def unpack_optimizer_state(opt_state):
    """Convert an :class:`OptimizerState` into the parameters' pytree with a
    :class:`JoinPoint` (holding that leaf's state) at each leaf, e.g. for serialization."""
    states_flat, tree_def, subtree_defs = opt_state
    subtrees = [tree_util.tree_unflatten(d, f) for d, f in zip(subtree_defs, states_flat)]
    return tree_util.tree_unflatten(tree_def, [JoinPoint(s) for s in subtrees])


def pack_optimizer_state(marked_pytree):
    """Inverse of :func:`unpack_optimizer_state`."""
    sentinels, tree_def = tree_util.tree_flatten(
        marked_pytree, is_leaf=lambda x: isinstance(x, JoinPoint)
    )
    if not all(isinstance(s, JoinPoint) for s in sentinels):
        raise TypeError("pack_optimizer_state: every leaf must be a JoinPoint")
    flats = [tree_util.tree_flatten(s.subtree) for s in sentinels]
    return OptimizerState([f for f, _ in flats], tree_def, tuple(d for _, d in flats))
