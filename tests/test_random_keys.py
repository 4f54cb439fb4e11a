"""threefry2x32 and keys: Random123's known-answer vectors, seeding, split/fold_in/bits, typed
key arrays (printing, pytree, indexing), raw keys, and clear errors."""

from __future__ import annotations

import numpy as np
import pytest

import xnp
import xnp.random as xr
from xnp._src.random import prng

# Random123's published known-answer tests for threefry2x32 with 20 rounds (kat_vectors):
# (key words, counter words) -> output words.
KAT = [
    ((0x00000000, 0x00000000), (0x00000000, 0x00000000), (0x6B200159, 0x99BA4EFE)),
    ((0xFFFFFFFF, 0xFFFFFFFF), (0xFFFFFFFF, 0xFFFFFFFF), (0x1CB996FC, 0xBB002BE7)),
    ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3), (0xC4923A9C, 0x483DF7A0)),
]


def _reference_threefry(key, ctr):
    """A direct NumPy transcription of Threefry-2x32-20 (Salmon et al. 2011)."""
    rot = (13, 15, 26, 6, 17, 29, 16, 24)
    m = 0xFFFFFFFF
    ks = [key[0], key[1], key[0] ^ key[1] ^ 0x1BD11BDA]
    x = [(ctr[0] + ks[0]) & m, (ctr[1] + ks[1]) & m]
    for r in range(20):
        x[0] = (x[0] + x[1]) & m
        x[1] = ((x[1] << rot[r % 8]) | (x[1] >> (32 - rot[r % 8]))) & m
        x[1] ^= x[0]
        if r % 4 == 3:
            s = r // 4 + 1
            x[0] = (x[0] + ks[s % 3]) & m
            x[1] = (x[1] + ks[(s + 1) % 3] + s) & m
    return tuple(x)


@pytest.mark.parametrize("key, ctr, expected", KAT)
def test_threefry_known_answers(key, ctr, expected):
    assert _reference_threefry(key, ctr) == expected
    out = prng.threefry2x32(*(np.uint32(v) for v in (*key, *ctr)))
    assert tuple(int(np.asarray(o)) for o in out) == expected


def test_threefry_vectorized_matches_reference():
    rng = np.random.default_rng(0)
    k = rng.integers(0, 2**32, 2, dtype=np.uint32)
    c = rng.integers(0, 2**32, (2, 50), dtype=np.uint32)
    out = xnp.jit(prng.threefry2x32)(k[0], k[1], c[0], c[1])
    got = list(zip(*(np.asarray(o).tolist() for o in out), strict=True))
    want = [_reference_threefry(tuple(k.tolist()), (a, b)) for a, b in zip(*c.tolist())]
    assert got == want


def test_threefry_rejects_other_dtypes():
    with pytest.raises(TypeError, match="uint32"):
        prng.threefry2x32(np.int32(1), np.uint32(1), np.uint32(1), np.uint32(1))


# ----------------------------------------------------------------------------- key arrays


def test_key_is_typed():
    k = xr.key(42)
    assert isinstance(k, xr.KeyArray)
    assert k.shape == () and k.ndim == 0 and k.size == 1
    assert str(k.dtype) == "key<fry>"
    assert k.dtype == xr.key_dtype()
    assert repr(k).startswith("Array((), dtype=key<fry>) overlaying:")
    np.testing.assert_array_equal(xr.key_data(k), [0, 42])
    assert xr.key_impl(k) == "threefry2x32"


def test_prngkey_is_raw():
    k = xr.PRNGKey(42)
    assert isinstance(k, xnp.ndarray)
    assert k.dtype == np.uint32 and k.shape == (2,)
    np.testing.assert_array_equal(k, [0, 42])


@pytest.mark.parametrize("seed, words", [
    (0, (0, 0)), (-1, (2**32 - 1, 2**32 - 1)), (2**32 + 5, (1, 5)), (2**63 - 1, (2**31 - 1,
     2**32 - 1)), (-(2**63), (2**31, 0)), (np.int32(-1), (0, 2**32 - 1)),
    (np.uint64(2**64 - 1), (2**32 - 1, 2**32 - 1)), (np.int8(-3), (0, 2**32 - 3)),
])  # fmt: skip
def test_seeds(seed, words):
    np.testing.assert_array_equal(xr.key_data(xr.key(seed)), words)
    np.testing.assert_array_equal(xr.PRNGKey(seed), words)


def test_seed_without_x64_wraps_to_int32():
    with xnp.enable_x64(False):
        np.testing.assert_array_equal(xr.key_data(xr.key(2**32 + 5)), [0, 5])
        np.testing.assert_array_equal(xr.key_data(xr.key(-1)), [0, 2**32 - 1])


@pytest.mark.parametrize("seed, err", [
    (2**64, OverflowError), (1.5, TypeError), (np.arange(2), TypeError), (True, TypeError),
    ("1", TypeError),
])  # fmt: skip
def test_bad_seeds(seed, err):
    with pytest.raises(err):
        xr.key(seed)


def test_seed_key_is_rejected():
    with pytest.raises(TypeError, match="scalar seed"):
        xr.key(xr.key(0))


def test_split_and_fold_in_shapes():
    k = xr.key(0)
    assert xr.split(k).shape == (2,)
    assert xr.split(k, 5).shape == (5,)
    assert xr.split(k, (2, 3)).shape == (2, 3)
    assert xr.split(k, 0).shape == (0,)
    assert xr.fold_in(k, 7).shape == ()
    raw = xr.split(xr.PRNGKey(0), 3)
    assert isinstance(raw, xnp.ndarray) and raw.shape == (3, 2)


def test_unpacking_split_keys():
    k1, k2 = xr.split(xr.key(0))
    assert isinstance(k1, xr.KeyArray) and k1.shape == ()
    np.testing.assert_array_equal(xr.key_data(k2), np.asarray(xr.key_data(xr.split(xr.key(0))))[1])
    keys = xr.split(xr.key(0), (2, 3))
    assert keys[1].shape == (3,) and keys[1, 2].shape == () and keys[..., 0].shape == (2,)
    assert keys.reshape(6).shape == (6,) and keys.T.shape == (3, 2)
    assert len(keys) == 2


def test_key_equality():
    assert bool(xr.key(3) == xr.key(3))
    assert bool(xr.key(3) != xr.key(4))
    np.testing.assert_array_equal(xr.split(xr.key(1), 3) == xr.split(xr.key(1), 3), [True] * 3)


def test_wrap_key_data_round_trip():
    keys = xr.split(xr.key(9), 4)
    again = xr.wrap_key_data(xr.key_data(keys))
    assert isinstance(again, xr.KeyArray) and again.shape == (4,)
    np.testing.assert_array_equal(xr.key_data(again), xr.key_data(keys))
    assert xr.clone(keys) is keys


def test_key_data_passes_raw_keys():
    raw = xr.PRNGKey(1)
    assert xr.key_data(raw) is raw


def test_keys_through_jit():
    @xnp.jit
    def f(k):
        a, b = xr.split(k)
        return b, xr.normal(a, (3,))

    k, x = f(xr.key(5))
    assert isinstance(k, xr.KeyArray)
    a, b = xr.split(xr.key(5))
    np.testing.assert_array_equal(xr.key_data(k), xr.key_data(b))
    np.testing.assert_array_equal(x, xr.normal(a, (3,)))


def test_key_is_a_pytree_with_one_leaf():
    leaves, tree = xnp.tree_util.tree_flatten(xr.split(xr.key(0), 3))
    assert len(leaves) == 1 and leaves[0].shape == (3, 2)
    assert isinstance(xnp.tree_util.tree_unflatten(tree, leaves), xr.KeyArray)


def test_bits_dtypes():
    k = xr.key(0)
    assert xr.bits(k).dtype == np.uint64
    for dt in ("uint8", "uint16", "uint32", "uint64"):
        assert xr.bits(k, (3,), dt).dtype == np.dtype(dt)


# ----------------------------------------------------------------------------- errors


# (normal, uniform, gamma, ... without a key are NumPy's legacy functions: their functional
# versions are checked here.)
@pytest.mark.parametrize("fn", [
    lambda k: xr.normal.functional(k, (2,)), lambda k: xr.split(k), lambda k: xr.fold_in(k, 1),
    lambda k: xr.bits(k), lambda k: xr.uniform.functional(k), lambda k: xr.bernoulli(k),
    lambda k: xr.gamma.functional(k, 1.0), lambda k: xr.truncated_normal(k, 0.0, 1.0),
])  # fmt: skip
@pytest.mark.parametrize("bad", [0, np.arange(2), np.zeros(2, np.int32), 1.5, "key"])
def test_non_key_is_rejected(fn, bad):
    with pytest.raises(TypeError, match="PRNG key|key"):
        fn(bad)


def test_batched_key_is_rejected():
    with pytest.raises(ValueError, match="single key"):
        xr.normal(xr.split(xr.key(0), 3), (2,))


def test_key_cannot_become_a_number():
    k = xr.key(0)
    with pytest.raises(TypeError):
        bool(k)
    with pytest.raises(TypeError, match="key_data"):
        np.asarray(k)


def test_fold_in_errors():
    with pytest.raises(TypeError, match="scalar"):
        xr.fold_in(xr.key(0), np.arange(3))
    with pytest.raises(OverflowError):
        xr.fold_in(xr.key(0), -1)


def test_bits_error():
    with pytest.raises(ValueError, match="unsigned"):
        xr.bits(xr.key(0), (2,), "int32")


def test_wrap_key_data_errors():
    with pytest.raises(TypeError, match="trailing dimension 2"):
        xr.wrap_key_data(np.zeros((3,), np.uint32))
    with pytest.raises(TypeError, match="uint32"):
        xr.wrap_key_data(np.zeros((2,), np.int32))
