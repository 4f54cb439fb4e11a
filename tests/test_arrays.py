"""xnp.ndarray: attributes, conversions, repr, pickling, devices, async dispatch."""

from __future__ import annotations

import pickle

import numpy as onp
import pytest

import xnp


def test_attributes() -> None:
    x = xnp.ones((2, 3), xnp.float32)
    assert x.shape == (2, 3) and x.dtype == onp.float32 and x.ndim == 2 and x.size == 6
    assert x.itemsize == 4 and x.nbytes == 24 and x.T.shape == (3, 2)
    assert xnp.Array is xnp.ndarray and isinstance(x, xnp.ndarray)


def test_conversions() -> None:
    x = xnp.array([[1, 2], [3, 4]])
    assert x.tolist() == [[1, 2], [3, 4]]
    assert onp.asarray(x).dtype == onp.int64
    s = xnp.array(2.5)
    assert float(s) == 2.5 and int(s) == 2 and complex(s) == 2.5 and s.item() == 2.5
    assert bool(xnp.array(True)) and len(x) == 2
    assert [r.tolist() for r in x] == [[1, 2], [3, 4]]
    assert range(5)[xnp.array(2)] == 2
    with pytest.raises(TypeError):
        range(5)[xnp.array(2.0)]
    with pytest.raises(TypeError):
        len(xnp.array(1.0))


def test_repr_like_numpy() -> None:
    assert repr(xnp.array([1.0, 2.0])) == "Array([1., 2.])"
    assert repr(xnp.array([1, 2], xnp.int32)) == "Array([1, 2], dtype=int32)"
    assert str(xnp.array([1.0, 2.0])) == "[1. 2.]"


def test_pickle_round_trip() -> None:
    x = xnp.arange(6.0).reshape(2, 3)
    y = pickle.loads(pickle.dumps(x))
    onp.testing.assert_array_equal(x, y)
    assert y.dtype == x.dtype


def test_block_until_ready_and_devices() -> None:
    x = xnp.ones(3) + 1
    assert x.block_until_ready() is x
    tree = {"a": x, "b": [x]}
    assert xnp.block_until_ready(tree) is tree
    assert len(xnp.devices()) >= 1
    y = xnp.device_put(onp.ones(2), xnp.devices()[0])
    onp.testing.assert_array_equal(y, [1, 1])


def test_from_numpy_and_lists() -> None:
    assert xnp.asarray(onp.float32(1)).dtype == onp.float32
    assert xnp.array([1, 2.0]).dtype == onp.float64
    assert xnp.array([True, False]).dtype == onp.bool_
    a = onp.arange(3)
    x = xnp.asarray(a)
    a[0] = 100  # xnp copied the host value
    assert int(x[0]) == 0


def test_reflected_operators() -> None:
    x = xnp.arange(3.0)
    onp.testing.assert_allclose(1 - x, [1, 0, -1])
    onp.testing.assert_allclose(2**x, [1, 2, 4])
    onp.testing.assert_allclose(x @ x, 5.0)
    onp.testing.assert_allclose(onp.ones(3) - x, [1, 0, -1])
    assert (x > 1).tolist() == [False, False, True]


def test_unsupported_input_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        xnp.array(["a", "b"])
    with pytest.raises(TypeError):
        xnp.asarray(object())
