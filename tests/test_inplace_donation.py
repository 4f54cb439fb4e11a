"""In-place operators on large arrays donate their buffer (XLA writes the result over it)
exactly when no other array holds that buffer; every alias and copy keeps NumPy's semantics."""

import numpy as onp
import pytest

import xnp
from xnp._src.numpy import array_methods

N = 1024  # 1024 x 1024 float64 = 8 MiB, above DONATE_MIN_BYTES


def _ptr(x):
    return x._materialize().unsafe_buffer_pointer()


def _big(value=1.0):
    x = xnp.jit(lambda: xnp.full((N, N), value))()  # a device buffer made by XLA
    x.block_until_ready()
    return x


def test_large_inplace_add_reuses_the_buffer():
    assert N * N * 8 >= array_methods.DONATE_MIN_BYTES
    x = _big()
    p = _ptr(x)
    v = xnp.arange(N, dtype="float64")
    x += v
    x *= 2
    assert _ptr(x) == p
    want = (onp.ones((N, N)) + onp.arange(N)) * 2
    onp.testing.assert_array_equal(onp.asarray(x), want)


def test_a_second_name_is_the_same_array_and_sees_the_update():
    x = _big()
    y = x
    x += 1
    assert float(y[3, 4]) == 2.0


def test_arrays_sharing_the_buffer_are_not_donated():
    x = _big()
    # Distinct arrays over x's buffer (xnp's views are values: they keep the old contents).
    shared = [x.view(), xnp.array(x, copy=False)]
    assert all(s is not x and s._buf is x._buf for s in shared)
    other = x * 1
    x += 1
    for s in [*shared, other]:
        onp.testing.assert_array_equal(onp.asarray(s), 1.0)
    onp.testing.assert_array_equal(onp.asarray(x), 2.0)


def test_self_operand_and_errors_leave_the_array_intact():
    x = _big(3.0)
    x += x  # the operand is the buffer itself: no donation, still correct
    onp.testing.assert_array_equal(onp.asarray(x), 6.0)
    i = xnp.ones((N, N), dtype="int64")
    with pytest.raises(TypeError, match="same_kind"):
        i += 1.5
    assert int(i.sum()) == N * N
    with pytest.raises(ValueError, match="broadcast"):
        x += xnp.ones((2, N, N))
    onp.testing.assert_array_equal(onp.asarray(x), 6.0)


def test_host_copy_is_dropped_with_the_donated_buffer():
    x = _big(2.0)
    onp.asarray(x)  # x now also holds a host copy
    x -= 1
    onp.testing.assert_array_equal(onp.asarray(x), 1.0)
