"""xnp.example_libraries.optimizers: each optimizer's updates against a hand-written NumPy
reference for several steps (eager and under jit, on a pytree), schedules, clip_grads,
l2_norm, state packing, and the seed's ``@jit def step(i, opt_state, batch)`` loop."""

import numpy as onp
import pytest

import xnp
from xnp.example_libraries import optimizers as O

X0 = {"a": onp.array([1.0, -2.0, 0.5]), "b": onp.array([[0.3, -0.7], [2.0, 0.0]])}


def grad_fn(x):
    """Gradient of sum(x**4 / 4 + x) (nonlinear, so the states matter); one leaf has zeros."""
    return x**3 + 1.0


def np_sgd(x, g, s, i, lr):
    return x - lr * g, s


def np_momentum(x, g, v, i, lr, mass=0.8):
    v = mass * v + g
    return x - lr * v, v


def np_nesterov(x, g, v, i, lr, mass=0.8):
    v = mass * v + g
    return x - lr * (mass * v + g), v


def np_adagrad(x, g, s, i, lr, mom=0.9):
    gsq, m = s
    gsq = gsq + g * g
    inv = onp.where(gsq > 0, 1 / onp.sqrt(onp.where(gsq > 0, gsq, 1)), 0)
    m = (1 - mom) * g * inv + mom * m
    return x - lr * m, (gsq, m)


def np_rmsprop(x, g, a, i, lr, gamma=0.9, eps=1e-8):
    a = gamma * a + (1 - gamma) * g * g
    return x - lr * g / onp.sqrt(a + eps), a


def np_rmsprop_momentum(x, g, s, i, lr, gamma=0.9, eps=1e-8, mom=0.9):
    a, m = s
    a = gamma * a + (1 - gamma) * g * g
    m = mom * m + lr * g / onp.sqrt(a + eps)
    return x - m, (a, m)


def np_adam(x, g, s, i, lr, b1=0.9, b2=0.999, eps=1e-8):
    m, v = s
    m = (1 - b1) * g + b1 * m
    v = (1 - b2) * g * g + b2 * v
    mhat, vhat = m / (1 - b1 ** (i + 1)), v / (1 - b2 ** (i + 1))
    return x - lr * mhat / (onp.sqrt(vhat) + eps), (m, v)


def np_adamax(x, g, s, i, lr, b1=0.9, b2=0.999, eps=1e-8):
    m, u = s
    m = (1 - b1) * g + b1 * m
    u = onp.maximum(b2 * u, onp.abs(g))
    return x - lr / (1 - b1 ** (i + 1)) * m / (u + eps), (m, u)


def np_sm3(x, g, s, i, lr, mom=0.9):
    m, vs = s
    xs = onp.atleast_1d(x)
    g = onp.atleast_1d(g)
    acc = None
    for ax, v in enumerate(vs):
        shape = [1] * xs.ndim
        shape[ax] = -1
        b = v.reshape(shape)
        acc = b if acc is None else onp.minimum(acc, b)
    acc = acc + g * g
    inv = onp.where(acc > 0, 1 / onp.sqrt(onp.where(acc > 0, acc, 1)), 0)
    m = (1 - mom) * g * inv + mom * m
    xs = xs - lr * m
    vs = [acc.max(axis=tuple(b for b in range(xs.ndim) if b != ax)) for ax in range(xs.ndim)]
    return xs.reshape(onp.shape(x)), (m, vs)


def zeros_state(name, x):
    z = onp.zeros_like(x)
    if name in ("sgd",):
        return None
    if name in ("momentum", "nesterov", "rmsprop"):
        return z
    if name == "sm3":
        xs = onp.atleast_1d(x)
        return (onp.zeros_like(xs), [onp.zeros(n) for n in xs.shape])
    return (z, z.copy())


CASES = [
    ("sgd", lambda lr: O.sgd(lr), np_sgd),
    ("momentum", lambda lr: O.momentum(lr, 0.8), np_momentum),
    ("nesterov", lambda lr: O.nesterov(lr, 0.8), np_nesterov),
    ("adagrad", lambda lr: O.adagrad(lr), np_adagrad),
    ("rmsprop", lambda lr: O.rmsprop(lr), np_rmsprop),
    ("rmsprop_momentum", lambda lr: O.rmsprop_momentum(lr), np_rmsprop_momentum),
    ("adam", lambda lr: O.adam(lr), np_adam),
    ("adamax", lambda lr: O.adamax(lr), np_adamax),
    ("sm3", lambda lr: O.sm3(lr), np_sm3),
]


@pytest.mark.parametrize("use_jit", [False, True])
@pytest.mark.parametrize("name,make,ref", CASES, ids=[c[0] for c in CASES])
def test_optimizer_against_numpy(name, make, ref, use_jit):
    lr = 0.05
    opt_init, opt_update, get_params = make(lr)
    update = xnp.jit(opt_update) if use_jit else opt_update
    state = opt_init({k: xnp.asarray(v) for k, v in X0.items()})
    xs = {k: v.copy() for k, v in X0.items()}
    ss = {k: zeros_state(name, v) for k, v in X0.items()}
    for i in range(4):
        params = get_params(state)
        grads = {k: grad_fn(v) for k, v in params.items()}
        state = update(i, grads, state)
        for k in xs:
            xs[k], ss[k] = ref(xs[k], grad_fn(xs[k]), ss[k], i, lr)
        got = get_params(state)
        for k in xs:
            assert got[k].shape == X0[k].shape
            onp.testing.assert_allclose(onp.asarray(got[k]), xs[k], rtol=1e-12, atol=1e-14)


def test_schedules():
    i = onp.arange(0, 30)
    f = O.exponential_decay(0.1, 10, 0.5)
    onp.testing.assert_allclose([float(f(k)) for k in i], 0.1 * 0.5 ** (i / 10), rtol=1e-14)
    f = O.inverse_time_decay(0.1, 10, 0.5)
    onp.testing.assert_allclose([float(f(k)) for k in i], 0.1 / (1 + 0.5 * i / 10), rtol=1e-14)
    f = O.inverse_time_decay(0.1, 10, 0.5, staircase=True)
    want = 0.1 / (1 + 0.5 * onp.floor(i / 10))
    onp.testing.assert_allclose([float(f(k)) for k in i], want, rtol=1e-14)
    f = O.polynomial_decay(1.0, 20, 0.1, power=2.0)
    want = (1 - onp.minimum(i, 20) / 20) ** 2 * 0.9 + 0.1
    onp.testing.assert_allclose([float(f(k)) for k in i], want, rtol=1e-14)
    f = O.piecewise_constant([5, 15], [1.0, 0.5, 0.1])
    want = onp.array([1.0, 0.5, 0.1])[(i > 5).astype(int) + (i > 15)]
    onp.testing.assert_allclose([float(f(k)) for k in i], want)
    assert float(xnp.jit(f)(16)) == 0.1  # traced step index
    assert O.constant(0.3)(7) == 0.3
    assert O.make_schedule(0.2)(3) == 0.2
    with pytest.raises(ValueError, match="one more element"):
        O.piecewise_constant([1, 2], [1.0, 2.0])
    with pytest.raises(TypeError, match="make_schedule"):
        O.make_schedule([0.1, 0.2])


def test_schedule_in_optimizer():
    opt_init, opt_update, get_params = O.sgd(O.piecewise_constant([1], [1.0, 0.1]))
    state = opt_init(xnp.zeros(2))
    for i in range(3):
        state = xnp.jit(opt_update)(i, xnp.ones(2), state)
    onp.testing.assert_allclose(onp.asarray(get_params(state)), -2.1)  # 1 + 1 + 0.1


def test_l2_norm_and_clip_grads():
    tree = {"a": onp.array([3.0, 0.0]), "b": (onp.array([[4.0]]),)}
    assert float(O.l2_norm(tree)) == 5.0
    clipped = O.clip_grads(tree, 1.0)
    onp.testing.assert_allclose(onp.asarray(clipped["a"]), [0.6, 0.0])
    onp.testing.assert_allclose(onp.asarray(clipped["b"][0]), [[0.8]])
    same = O.clip_grads(tree, 10.0)
    onp.testing.assert_allclose(onp.asarray(same["a"]), [3.0, 0.0])


def test_state_is_a_pytree_and_packs():
    opt_init, opt_update, get_params = O.adam(0.1)
    params = [xnp.ones(2), {"w": xnp.zeros((2, 2))}]
    state = opt_init(params)
    assert isinstance(state, O.OptimizerState)
    leaves = xnp.tree_util.tree_leaves(state)
    assert len(leaves) == 6  # (x, m, v) per parameter leaf
    state = opt_update(0, [xnp.ones(2), {"w": xnp.ones((2, 2))}], state)
    marked = O.unpack_optimizer_state(state)
    assert isinstance(marked[0], O.JoinPoint)
    back = O.pack_optimizer_state(marked)
    assert back.tree_def == state.tree_def and back.subtree_defs == state.subtree_defs
    for a, b in zip(xnp.tree_util.tree_leaves(back), leaves, strict=True):
        assert a.shape == b.shape
    with pytest.raises(TypeError, match="gradient tree does not match"):
        opt_update(1, [xnp.ones(2)], state)


def test_seed_step_loop():
    # The seed's loop, unchanged but for xnp in place of jax.
    from xnp import grad, jit, random

    def loss(params, batch):
        inputs, targets = batch
        w, b = params
        return xnp.mean((inputs @ w + b - targets) ** 2)

    opt_init, opt_update, get_params = O.adam(0.05)
    k1, k2 = random.split(random.key(0))
    inputs = random.normal(k1, (64, 3))
    targets = inputs @ xnp.array([1.0, -2.0, 0.5]) + 0.3
    opt_state = opt_init((xnp.zeros(3), 0.0))

    @jit
    def step(i, opt_state, batch):
        params = get_params(opt_state)
        g = grad(loss)(params, batch)
        return opt_update(i, g, opt_state)

    batch = (inputs, targets)
    first = float(loss(get_params(opt_state), batch))
    for i in range(300):
        opt_state = step(i, opt_state, batch)
    assert float(loss(get_params(opt_state), batch)) < 1e-3 * first
    del k2
