"""debug_key_reuse: a PRNG key consumed twice raises KeyReuseError, eagerly and under jit."""

from __future__ import annotations

import numpy as onp
import pytest

import xnp
from xnp import config, random
from xnp._src import key_reuse


@pytest.fixture
def debug():
    key_reuse.reset()
    old = config.debug_key_reuse
    config.update("debug_key_reuse", True)
    try:
        yield
    finally:
        config.update("debug_key_reuse", old)
        key_reuse.reset()


def test_off_by_default_reuse_allowed():
    assert config.debug_key_reuse is False
    k = random.key(0)
    a = random.normal(k, (3,))
    b = random.normal(k, (3,))
    onp.testing.assert_array_equal(onp.asarray(a), onp.asarray(b))


@pytest.mark.parametrize("make", [random.key, random.PRNGKey], ids=["typed", "raw"])
def test_eager_reuse_raises_with_origin(debug, make):
    k = make(0)
    random.uniform(k, (2,))
    with pytest.raises(random.KeyReuseError, match=r"normal at .*test_key_reuse.py.*first "
                       r"consumed by uniform at .*test_key_reuse.py") as e:
        random.normal(k, (2,))
    assert "made by " + ("key" if make is random.key else "PRNGKey") in str(e.value)


def test_split_consumes_and_children_are_fresh(debug):
    k = random.key(1)
    k1, k2 = random.split(k)
    random.normal(k1)
    random.normal(k2)
    with pytest.raises(random.KeyReuseError, match="split"):
        random.split(k)
    with pytest.raises(random.KeyReuseError):
        random.fold_in(k1, 3)


def test_indexed_elements_are_tracked_per_element(debug):
    keys = random.split(random.key(2), 3)
    random.normal(keys[0])
    random.normal(keys[1])  # a different element: fine
    with pytest.raises(random.KeyReuseError, match=r"element \(0,\)"):
        random.normal(keys[0])
    with pytest.raises(random.KeyReuseError):
        xnp.vmap(random.normal)(keys)  # the whole array after one of its elements


def test_key_data_and_impl_do_not_consume_clone_is_fresh(debug):
    k = random.key(3)
    random.key_data(k)
    random.key_impl(k)
    random.normal(k)
    c = random.clone(k)
    onp.testing.assert_array_equal(onp.asarray(random.key_data(c)), onp.asarray(random.key_data(k)))
    random.normal(c)  # a clone is tracked apart from its original
    with pytest.raises(random.KeyReuseError):
        random.normal(c)


def test_jit_trace_detects_reuse_inside(debug):
    def f(k):
        return random.normal(k, (2,)) + random.uniform(k, (2,))

    with pytest.raises(random.KeyReuseError, match="uniform"):
        xnp.jit(f)(random.key(4))


def test_jit_boundary_consumes_its_key_argument(debug):
    f = xnp.jit(lambda k, x: random.normal(k, (2,)) + x)
    k = random.key(5)
    f(k, 1.0)
    with pytest.raises(random.KeyReuseError, match="jit-compiled"):
        f(k, 1.0)
    with pytest.raises(random.KeyReuseError):
        random.normal(k)
    # A function that does not use its key argument does not consume it.
    g = xnp.jit(lambda k, x: x * 2)
    k2 = random.key(6)
    g(k2, 1.0)
    g(k2, 1.0)
    random.normal(k2)


def test_jit_tracks_indexed_elements(debug):
    f = xnp.jit(lambda k: random.normal(k, (2,)))
    keys = random.split(random.key(7), 3)
    f(keys[0])
    f(keys[1])  # a different element: fine
    with pytest.raises(random.KeyReuseError, match=r"element \(0,\)"):
        f(keys[0])  # a new KeyArray object each time, the same element
    with pytest.raises(random.KeyReuseError):
        random.normal(keys[1])  # eagerly, after the jitted use


def test_nested_jit_and_outer_use(debug):
    inner = xnp.jit(lambda k: random.normal(k))

    def outer(k):
        return inner(k) + random.normal(k)

    with pytest.raises(random.KeyReuseError):
        xnp.jit(outer)(random.key(7))


def test_default_rng_owns_its_key(debug):
    k = random.key(8)
    g = random.default_rng(k)
    g.normal(size=3)
    with pytest.raises(random.KeyReuseError, match="default_rng"):
        random.default_rng(k)
    # Passing a Generator through a transformation is not a new use of its key.
    xnp.jit(lambda g: g.normal(size=2))(random.default_rng(9))
    xnp.tree_util.tree_map(lambda x: x, random.default_rng(10)).normal()


def test_vmap_over_split_keys(debug):
    keys = random.split(random.key(11), 4)
    out = xnp.vmap(lambda k: random.normal(k, (2,)))(keys)
    assert out.shape == (4, 2)
    with pytest.raises(random.KeyReuseError):
        xnp.vmap(lambda k: random.normal(k, (2,)))(keys)


def test_samplers_are_identical_with_checking_on():
    k = random.key(12)
    off = onp.asarray(random.gamma(k, 2.0, (5,)))
    old = config.debug_key_reuse
    config.update("debug_key_reuse", True)
    try:
        on = onp.asarray(random.gamma(random.key(12), 2.0, (5,)))
    finally:
        config.update("debug_key_reuse", old)
        key_reuse.reset()
    onp.testing.assert_array_equal(on, off)
