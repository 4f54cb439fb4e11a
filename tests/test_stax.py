"""xnp.example_libraries.stax: the seed's convnet (shapes, init, apply under jit, training
step), every layer's output shape against its apply, and parameters/outputs against
jax.example_libraries.stax (in a subprocess, when jax is importable)."""

import importlib.util
import math
import subprocess
import sys
import textwrap

import numpy as onp
import pytest

import xnp
from xnp import random
from xnp.example_libraries import optimizers, stax

HAS_JAX = importlib.util.find_spec("jax") is not None


def seed_layers(S):
    return [S.Conv(32, (3, 3), padding="SAME"), S.Relu, S.Conv(64, (3, 3), padding="SAME"),
            S.Relu, S.MaxPool((2, 2)), S.Flatten, S.Dense(128), S.Relu, S.Dense(10),
            S.LogSoftmax]  # fmt: skip


def expected_seed_shapes():
    # SAME 3x3 convs keep 28x28; a 2x2 window, stride 1, VALID pool gives 27x27.
    flat = 27 * 27 * 64
    return [(-1, 28, 28, 32), (-1, 28, 28, 32), (-1, 28, 28, 64), (-1, 28, 28, 64),
            (-1, 27, 27, 64), (-1, flat), (-1, 128), (-1, 128), (-1, 10), (-1, 10)]  # fmt: skip


def test_seed_network_shapes_and_apply():
    key = random.key(0)
    shape = (-1, 28, 28, 1)
    for (init, _), want in zip(seed_layers(stax), expected_seed_shapes(), strict=True):
        shape, _ = init(key, shape)
        assert shape == want
        assert all(type(d) is int for d in shape)
    init_fun, apply_fun = stax.serial(*seed_layers(stax))
    out_shape, params = init_fun(key, (-1, 28, 28, 1))
    assert out_shape == (-1, 10)
    x = random.normal(random.key(1), (128, 28, 28, 1))
    y = xnp.jit(apply_fun)(params, x)
    assert y.shape == (128, 10)
    # log-softmax rows: probabilities sum to 1
    onp.testing.assert_allclose(onp.exp(onp.asarray(y)).sum(1), 1.0, rtol=1e-12)
    onp.testing.assert_allclose(onp.asarray(apply_fun(params, x)), onp.asarray(y), rtol=1e-9,
                                atol=1e-12)  # fmt: skip


LAYER_CASES = [
    (lambda: stax.Dense(3), (2, 5), (2, 3)),
    (lambda: stax.Conv(4, (3, 3), strides=(2, 2)), (2, 7, 7, 2), (2, 3, 3, 4)),
    (lambda: stax.Conv(4, (3, 2), padding=[(1, 0), (2, 2)]), (2, 5, 5, 2), (2, 4, 8, 4)),
    (lambda: stax.GeneralConv(("NCHW", "OIHW", "NCHW"), 4, (3, 3), padding="SAME"),
     (2, 2, 5, 5), (2, 4, 5, 5)),
    (lambda: stax.ConvTranspose(4, (3, 3), strides=(2, 2)), (2, 5, 5, 2), (2, 11, 11, 4)),
    (lambda: stax.ConvTranspose(4, (3, 3), strides=(2, 2), padding="SAME"), (2, 5, 5, 2),
     (2, 10, 10, 4)),
    (lambda: stax.Conv1DTranspose(4, (3,), strides=(2,)), (2, 5, 2), (2, 11, 4)),
    (lambda: stax.MaxPool((2, 2), strides=(2, 2)), (2, 6, 6, 3), (2, 3, 3, 3)),
    (lambda: stax.AvgPool((3, 3), padding="SAME"), (2, 5, 5, 2), (2, 5, 5, 2)),
    (lambda: stax.SumPool((2, 2)), (2, 5, 5, 2), (2, 4, 4, 2)),
    (lambda: stax.MaxPool((2, 2), spec="NCHW"), (2, 3, 5, 5), (2, 3, 4, 4)),
    (lambda: stax.BatchNorm(), (4, 3, 3, 2), (4, 3, 3, 2)),
    (lambda: stax.Flatten, (2, 3, 4), (2, 12)),
    (lambda: stax.Identity, (2, 3), (2, 3)),
    (lambda: stax.serial(stax.FanOut(2), stax.parallel(stax.Dense(3), stax.Dense(4)),
                         stax.FanInConcat()), (2, 5), (2, 7)),  # fmt: skip
    (lambda: stax.serial(stax.FanOut(3), stax.parallel(stax.Dense(3), stax.Dense(3),
                         stax.Identity), stax.FanInSum), (2, 3), (2, 3)),  # fmt: skip
    (lambda: stax.shape_dependent(lambda s: stax.Dense(s[-1] * 2)), (2, 3), (2, 6)),
] + [(lambda a=a: a, (2, 3), (2, 3)) for a in (
    stax.Relu, stax.Elu, stax.Gelu, stax.Selu, stax.LeakyRelu, stax.Sigmoid, stax.Tanh,
    stax.Softplus, stax.Softmax, stax.LogSoftmax, stax.Exp)]  # fmt: skip


@pytest.mark.parametrize("make,in_shape,want", LAYER_CASES)
def test_layer_shapes(make, in_shape, want):
    init_fun, apply_fun = make()
    key = random.key(3)
    out_shape, params = init_fun(key, in_shape)
    assert tuple(out_shape) == want
    # an unknown batch dimension stays unknown
    unknown, _ = init_fun(key, (-1, *in_shape[1:]))
    assert tuple(unknown) == (-1, *want[1:])
    x = random.normal(random.key(4), in_shape)
    assert apply_fun(params, x).shape == want


def test_activations_against_numpy():
    x = onp.linspace(-30, 30, 61)
    X = xnp.asarray(x)
    onp.testing.assert_allclose(onp.asarray(stax.sigmoid(X)), 1 / (1 + onp.exp(-x)), rtol=1e-13)
    onp.testing.assert_allclose(onp.asarray(stax.softplus(X)), onp.logaddexp(x, 0), rtol=1e-13)
    onp.testing.assert_allclose(onp.asarray(stax.elu(X)), onp.where(x > 0, x, onp.expm1(x)))
    onp.testing.assert_allclose(onp.asarray(stax.leaky_relu(X)), onp.where(x >= 0, x, 0.01 * x))
    m = x[:60].reshape(3, -1)
    ref = m - m.max(1, keepdims=True)
    ref = ref - onp.log(onp.exp(ref).sum(1, keepdims=True))
    onp.testing.assert_allclose(onp.asarray(stax.log_softmax(xnp.asarray(m))), ref, atol=1e-12)
    onp.testing.assert_allclose(onp.asarray(stax.softmax(xnp.asarray(m))), onp.exp(ref),
                                atol=1e-15)  # fmt: skip


def test_pools_against_numpy():
    x = onp.arange(2 * 4 * 4 * 1, dtype=float).reshape(2, 4, 4, 1) % 7
    _, ap = stax.AvgPool((2, 2), strides=(2, 2))
    _, mp = stax.MaxPool((2, 2), strides=(2, 2))
    blocks = x.reshape(2, 2, 2, 2, 2, 1)
    onp.testing.assert_allclose(onp.asarray(ap((), xnp.asarray(x))), blocks.mean((2, 4)))
    onp.testing.assert_allclose(onp.asarray(mp((), xnp.asarray(x))), blocks.max((2, 4)))
    # SAME average pooling divides by the count of real elements: constant input stays put
    _, ap = stax.AvgPool((3, 3), padding="SAME")
    onp.testing.assert_allclose(onp.asarray(ap((), xnp.ones((1, 4, 4, 2)))), 1.0)


def test_dropout():
    init_fun, apply_fun = stax.Dropout(0.75)
    x = xnp.ones((1000,))
    with pytest.raises(ValueError, match="PRNG key"):
        apply_fun((), x)
    y = onp.asarray(apply_fun((), x, rng=random.key(0)))
    kept = y != 0
    assert 0.7 < kept.mean() < 0.8  # rate is the keep probability, as in jax's stax
    onp.testing.assert_allclose(y[kept], 1 / 0.75)
    _, eval_fun = stax.Dropout(0.75, mode="test")
    assert (onp.asarray(eval_fun((), x, rng=random.key(0))) == 1).all()


def test_seed_training_step_reduces_loss():
    init_random_params, predict = stax.serial(
        stax.Conv(8, (3, 3), padding="SAME"), stax.Relu, stax.MaxPool((2, 2)), stax.Flatten,
        stax.Dense(10), stax.LogSoftmax)  # fmt: skip
    opt_init, opt_update, get_params = optimizers.momentum(0.05, mass=0.9)
    _, init_params = init_random_params(random.key(0), (-1, 8, 8, 1))
    inputs = random.normal(random.key(1), (32, 8, 8, 1))
    labels = xnp.eye(10)[onp.arange(32) % 10]

    def loss(params, batch):
        x, y = batch
        return -xnp.mean(xnp.sum(predict(params, x) * y, axis=1))

    @xnp.jit
    def update(i, opt_state, batch):
        params = get_params(opt_state)
        return opt_update(i, xnp.grad(loss)(params, batch), opt_state)

    opt_state = opt_init(init_params)
    first = float(loss(init_params, (inputs, labels)))
    for i in range(30):
        opt_state = update(i, opt_state, (inputs, labels))
    assert float(loss(get_params(opt_state), (inputs, labels))) < 0.5 * first


JAX_SCRIPT = textwrap.dedent("""
    import sys, numpy as onp, jax
    from jax.example_libraries import stax as S
    with jax.enable_x64(True):
        layers = {LAYERS}
        init, apply = S.serial(*layers)
        shape, params = init(jax.random.key(0), (-1, 12, 12, 1))
        x = jax.random.normal(jax.random.key(1), (4, 12, 12, 1))
        out = {{"out": onp.asarray(apply(params, x))}}
        for i, p in enumerate(jax.tree_util.tree_leaves(params)):
            out[f"p{{i}}"] = onp.asarray(p)
        onp.savez(sys.argv[1], **out)
""")

LAYERS = (
    "[S.Conv(6, (3, 3), padding='SAME'), S.Relu, S.ConvTranspose(4, (3, 3), (2, 2)), "
    "S.Gelu, S.AvgPool((3, 3), (2, 2), 'SAME'), S.BatchNorm(), S.Conv(5, (2, 2)), S.Elu, "
    "S.MaxPool((2, 2)), S.Flatten, S.Dense(16), S.Softplus, S.Dense(10), S.LogSoftmax]"
)


@pytest.mark.skipif(not HAS_JAX, reason="jax is not installed")
def test_init_and_apply_match_jax(tmp_path):
    path = tmp_path / "jax.npz"
    code = JAX_SCRIPT.replace("{LAYERS}", LAYERS).replace("{{", "{").replace("}}", "}")
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=120,
                   capture_output=True)  # fmt: skip
    ref = onp.load(path)
    S = stax  # noqa: N806  (the layer list is written with S., for both libraries)
    init, apply = S.serial(*eval(LAYERS))
    _, params = init(random.key(0), (-1, 12, 12, 1))
    leaves = xnp.tree_util.tree_leaves(params)
    assert len(leaves) == len(ref.files) - 1
    for i, p in enumerate(leaves):
        onp.testing.assert_array_equal(onp.asarray(p), ref[f"p{i}"])  # same draws, bit for bit
    x = random.normal(random.key(1), (4, 12, 12, 1))
    onp.testing.assert_allclose(onp.asarray(apply(params, x)), ref["out"], rtol=1e-10,
                                atol=1e-12)  # fmt: skip
    assert math.isfinite(float(xnp.sum(apply(params, x))))
