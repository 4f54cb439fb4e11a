"""NumPy's random API on threefry streams: default_rng/Generator, the legacy module
functions, the key-or-NumPy dispatch of shared names, and argument errors."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import xnp
import xnp.random as xr


def test_generator_is_reproducible():
    a, b = xr.default_rng(7), xr.default_rng(7)
    np.testing.assert_array_equal(a.random(5), b.random(5))
    np.testing.assert_array_equal(a.normal(size=3), b.normal(size=3))
    assert not np.array_equal(a.random(5), xr.default_rng(8).random(5))


def test_generator_draws_from_successive_subkeys():
    # Each draw splits the key: (new state, subkey), and samples with the subkey.
    rng = xr.default_rng(xr.key(3))
    state, sub = xr.split(xr.key(3))
    np.testing.assert_array_equal(rng.standard_normal(4), xr.normal(sub, (4,)))
    np.testing.assert_array_equal(xr.key_data(rng.key), xr.key_data(state))


@pytest.mark.parametrize("method, args, shape, kind", [
    ("random", ((2, 3),), (2, 3), "f"),
    ("uniform", (1.0, 2.0, 4), (4,), "f"),
    ("integers", (10,), (), "i"),
    ("integers", (0, 10, (3,)), (3,), "i"),
    ("normal", (np.zeros(3), 1.0), (3,), "f"),
    ("standard_normal", (5,), (5,), "f"),
    ("exponential", (2.0, 3), (3,), "f"),
    ("gamma", (2.0, 1.0, 6), (6,), "f"),
    ("standard_gamma", (np.ones(4),), (4,), "f"),
    ("beta", (1.0, 2.0, 5), (5,), "f"),
    ("poisson", (3.0, 8), (8,), "i"),
    ("binomial", (10.0, 0.5, 6), (6,), "i"),
    ("negative_binomial", (3, 0.5, 2), (2,), "i"),
    ("geometric", (0.5, 3), (3,), "i"),
    ("multinomial", (20.0, [0.2, 0.3, 0.5]), (3,), "i"),
    ("dirichlet", ([1.0, 2.0, 3.0], 2), (2, 3), "f"),
    ("chisquare", (2.0, 5), (5,), "f"),
    ("f", (2.0, 3.0, 5), (5,), "f"),
    ("standard_t", (3.0, 5), (5,), "f"),
    ("standard_cauchy", (3,), (3,), "f"),
    ("laplace", (0.0, 1.0, 3), (3,), "f"),
    ("logistic", (0.0, 1.0, 3), (3,), "f"),
    ("lognormal", (0.0, 1.0, 3), (3,), "f"),
    ("gumbel", (0.0, 1.0, 3), (3,), "f"),
    ("pareto", (2.0, 3), (3,), "f"),
    ("power", (2.0, 3), (3,), "f"),
    ("rayleigh", (1.0, 3), (3,), "f"),
    ("wald", (1.0, 2.0, 3), (3,), "f"),
    ("weibull", (1.5, 3), (3,), "f"),
    ("triangular", (0.0, 0.5, 1.0, 3), (3,), "f"),
    ("choice", (5, 3), (3,), "i"),
    ("permutation", (6,), (6,), "i"),
])  # fmt: skip
def test_generator_methods(method, args, shape, kind):
    out = getattr(xr.default_rng(0), method)(*args)
    assert out.shape == shape
    assert out.dtype.kind == kind
    assert out.dtype.itemsize == 8  # NumPy's float64 / int64


def test_integers_endpoint_and_dtype():
    x = np.asarray(xr.default_rng(1).integers(0, 255, 2000, dtype="uint8", endpoint=True))
    assert x.dtype == np.uint8 and x.max() == 255 and x.min() == 0


def test_random_out_and_dtype():
    out = xnp.zeros(3, "float32")
    res = xr.default_rng(2).random(3, dtype="float32", out=out)
    assert res is out and np.all(np.asarray(out) > 0)


def test_shuffle_rebinds_xnp_arrays_and_writes_numpy_arrays():
    x = xnp.arange(10)
    xr.default_rng(4).shuffle(x)
    y = np.arange(10)
    xr.default_rng(4).shuffle(y)
    np.testing.assert_array_equal(x, y)
    assert sorted(y.tolist()) == list(range(10)) and y.tolist() != list(range(10))


def test_permuted_is_independent_per_row():
    x = np.tile(np.arange(8), (4, 1))
    p = np.asarray(xr.default_rng(5).permuted(x, axis=1))
    assert all(sorted(r) == list(range(8)) for r in p.tolist())
    assert len({tuple(r) for r in p.tolist()}) > 1


def test_spawn_gives_independent_generators():
    children = xr.default_rng(6).spawn(3)
    draws = [tuple(np.asarray(c.random(3)).tolist()) for c in children]
    assert len(set(draws)) == 3


def test_default_rng_seeds():
    g = xr.default_rng(0)
    assert xr.default_rng(g) is g
    np.testing.assert_array_equal(xr.default_rng(xr.key(0)).random(2),
                                  xr.default_rng(0).random(2))  # fmt: skip
    np.testing.assert_array_equal(
        xr.default_rng([1, 2]).random(2), xr.default_rng([1, 2]).random(2)
    )
    assert xr.default_rng().random().shape == ()
    with pytest.raises(ValueError):
        xr.default_rng(-1)
    with pytest.raises(TypeError):
        xr.default_rng("seed")


def test_generator_pickles():
    g = xr.default_rng(11)
    g2 = pickle.loads(pickle.dumps(g))
    np.testing.assert_array_equal(g.random(3), g2.random(3))


def test_generator_through_jit():
    @xnp.jit
    def step(g):
        return g, g.normal(size=3)

    g = xr.default_rng(12)
    g_out, x = step(g)
    ref = xr.default_rng(12)
    np.testing.assert_array_equal(x, ref.normal(size=3))
    np.testing.assert_array_equal(xr.key_data(g_out.key), xr.key_data(ref.key))
    # the generator passed in is unchanged (values, not references)
    np.testing.assert_array_equal(xr.key_data(g.key), xr.key_data(xr.default_rng(12).key))


def test_captured_generator_inside_jit_is_an_error():
    g = xr.default_rng(13)
    with pytest.raises(TypeError, match="Pass the Generator in"):
        xnp.jit(lambda: g.random(2))()


def test_generator_created_inside_jit():
    f = xnp.jit(lambda k: xr.default_rng(k).random(3))
    np.testing.assert_array_equal(f(xr.key(1)), xr.default_rng(xr.key(1)).random(3))


# ----------------------------------------------------------------------------- legacy


def test_legacy_functions_follow_seed():
    xr.seed(21)
    a = [
        xr.rand(2, 2),
        xr.randn(3),
        xr.randint(0, 5, 4),
        xr.random((2,)),
        xr.normal(1, 2, 3),
        xr.uniform(-1, 1, 2),
        xr.choice(5, 2),
        xr.permutation(4),
        xr.poisson(2.0, 8),
    ]
    xr.seed(21)
    b = [
        xr.rand(2, 2),
        xr.randn(3),
        xr.randint(0, 5, 4),
        xr.random((2,)),
        xr.normal(1, 2, 3),
        xr.uniform(-1, 1, 2),
        xr.choice(5, 2),
        xr.permutation(4),
        xr.poisson(2.0, 8),
    ]
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert a[0].shape == (2, 2) and a[2].shape == (4,)
    assert np.all((np.asarray(a[2]) >= 0) & (np.asarray(a[2]) < 5))


def test_legacy_state_round_trip():
    xr.seed(3)
    state = xr.get_state()
    x = xr.rand(3)
    xr.set_state(state)
    np.testing.assert_array_equal(x, xr.rand(3))


def test_legacy_shuffle():
    xr.seed(0)
    x = xnp.arange(6)
    xr.shuffle(x)
    assert sorted(np.asarray(x).tolist()) == list(range(6))


@pytest.mark.parametrize("name, functional_args, legacy_args", [
    ("normal", ((3,),), (0.0, 1.0, 3)),
    ("uniform", ((3,),), (0.0, 1.0, 3)),
    ("randint", ((3,), 0, 5), (0, 5, 3)),
    ("choice", (5, (3,)), (5, 3)),
    ("permutation", (5,), (5,)),
    ("exponential", ((3,),), (1.0, 3)),
    ("gamma", (2.0, (3,)), (2.0, 1.0, 3)),
    ("poisson", (2.0, (8,)), (2.0, 3)),
])  # fmt: skip
def test_key_selects_the_functional_path(name, functional_args, legacy_args):
    fn = getattr(xr, name)
    k = xr.key(0)
    np.testing.assert_array_equal(fn(k, *functional_args), fn.functional(k, *functional_args))
    np.testing.assert_array_equal(fn(xr.PRNGKey(0), *functional_args),
                                  fn.functional(k, *functional_args))  # fmt: skip
    assert fn(*legacy_args).shape == ((3,) if name != "permutation" else (5,))


# ----------------------------------------------------------------------------- errors


def test_choice_errors():
    k = xr.key(0)
    with pytest.raises(ValueError, match="do not sum to 1"):
        xr.choice(k, 3, (2,), p=np.array([0.5, 0.2, 0.2]))
    with pytest.raises(ValueError, match="larger sample"):
        xr.choice(k, 3, (4,), replace=False)
    with pytest.raises(ValueError, match="same size"):
        xr.choice(k, 3, (2,), p=np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match="non-negative"):
        xr.choice(k, 2, (2,), p=np.array([1.5, -0.5]))
    with pytest.raises(ValueError, match="greater than 0"):
        xr.choice(k, 0, (2,))
    with pytest.raises(ValueError, match="larger sample"):
        xr.default_rng(0).choice(3, 4, replace=False)
    with pytest.raises(ValueError, match="do not sum to 1"):
        xr.default_rng(0).choice(3, 2, p=[0.2, 0.2, 0.2])
    assert xr.choice(k, 3, (0,)).shape == (0,)


@pytest.mark.parametrize("fn", [
    lambda k: xr.uniform.functional(k, (3,), minval=np.zeros(4)),
    lambda k: xr.randint.functional(k, (2,), np.zeros(3, int), 5),
    lambda k: xr.gamma.functional(k, np.ones(3), (2,)),
    lambda k: xr.beta.functional(k, np.ones(3), np.ones(2)),
    lambda k: xr.truncated_normal(k, np.zeros(2), np.ones(3)),
    lambda k: xr.bernoulli(k, np.full(3, 0.5), (2,)),
    lambda k: xr.poisson.functional(k, np.ones(3), (2,)),
    lambda k: xr.categorical(k, np.zeros((2, 3)), shape=(3,)),
    lambda k: xr.dirichlet.functional(k, np.ones((2, 3)), (3,)),
])  # fmt: skip
def test_bad_broadcast_shapes(fn):
    with pytest.raises(ValueError, match="broadcast|shape"):
        fn(xr.key(0))


def test_dtype_errors():
    k = xr.key(0)
    with pytest.raises(ValueError, match="float"):
        xr.uniform.functional(k, (2,), "int32")
    with pytest.raises(ValueError, match="int"):
        xr.randint.functional(k, (2,), 0, 3, "float32")
    with pytest.raises(TypeError, match="floating"):
        xr.bernoulli(k, np.array([1, 0]))
    with pytest.raises(TypeError, match="cannot safely cast"):
        xr.beta.functional(k, np.ones(2), 1.0, dtype="float32")
    with pytest.raises(ValueError, match="mode"):
        xr.bernoulli(k, 0.5, mode="medium")


def test_permutation_errors():
    with pytest.raises(TypeError, match="integer or at least 1-dimensional"):
        xr.permutation.functional(xr.key(0), 2.5)
    with pytest.raises(ValueError, match="axis"):
        xr.permutation.functional(xr.key(0), np.arange(4), axis=2)


def test_linalg_samplers_say_what_is_missing():
    if hasattr(xnp, "linalg"):
        pytest.skip("xnp.linalg exists")
    with pytest.raises(NotImplementedError, match="linalg"):
        xr.multivariate_normal.functional(xr.key(0), np.zeros(2), np.eye(2))
    with pytest.raises(NotImplementedError, match="linalg"):
        xr.orthogonal(xr.key(0), 3)
