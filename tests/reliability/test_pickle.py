"""Pickling and deep-copying round-trip arrays, keys, Generators, dtypes, ufuncs, jitted fns."""

from __future__ import annotations

import copy
import pickle

import numpy as onp
import pytest

import xnp
from xnp import random


def _scaled(x, n):
    return xnp.sin(x) * n


def _same(a, b):
    if isinstance(a, random.KeyArray):
        a, b = random.key_data(a), random.key_data(b)
    onp.testing.assert_array_equal(onp.asarray(a), onp.asarray(b))
    if hasattr(a, "dtype"):
        assert a.dtype == b.dtype


@pytest.mark.parametrize(
    "make",
    [
        lambda: xnp.arange(6.0).reshape(2, 3),
        lambda: xnp.asarray(3, "int8"),
        lambda: xnp.zeros((0, 4), "complex64"),
        lambda: xnp.asarray([onp.nan, onp.inf, -0.0], "float32"),
        lambda: xnp.asarray([1, 2], "bfloat16"),
        lambda: random.key(7),
        lambda: random.split(random.key(7), 3),
        lambda: random.PRNGKey(3),
    ],
    ids=["f64", "i8-0d", "empty-c64", "specials-f32", "bf16", "key", "keys", "raw-key"],
)
@pytest.mark.parametrize("how", ["pickle", "deepcopy", "copy"])
def test_values_round_trip(make, how):
    x = make()
    y = {"pickle": lambda v: pickle.loads(pickle.dumps(v)), "deepcopy": copy.deepcopy,
         "copy": copy.copy}[how](x)  # fmt: skip
    assert type(y) is type(x)
    _same(x, y)


def test_generator_round_trip_continues_the_same_stream():
    g = random.default_rng(42)
    g.normal(size=3)
    h = pickle.loads(pickle.dumps(g))
    d = copy.deepcopy(g)
    a = onp.asarray(g.normal(size=4))
    onp.testing.assert_array_equal(onp.asarray(h.normal(size=4)), a)
    onp.testing.assert_array_equal(onp.asarray(d.normal(size=4)), a)


@pytest.mark.parametrize("obj", [xnp.sin, xnp.add, xnp.matmul, xnp.float32, xnp.dtype("int16")])
def test_ufuncs_and_dtypes_pickle_as_themselves(obj):
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj


def test_jitted_functions_round_trip():
    f = xnp.jit(_scaled, static_argnums=1)
    x = xnp.arange(4.0)
    want = onp.asarray(f(x, 3))
    g = pickle.loads(pickle.dumps(f))
    assert g is not f and g.static_argnums == f.static_argnums
    onp.testing.assert_allclose(onp.asarray(g(x, 3)), want)
    assert copy.deepcopy(f) is f
    h = pickle.loads(pickle.dumps(xnp.jit(xnp.cos)))
    onp.testing.assert_allclose(onp.asarray(h(x)), onp.cos(onp.arange(4.0)))


def test_unpicklable_function_gives_pickles_own_error():
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(xnp.jit(lambda a: a))
