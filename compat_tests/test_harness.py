"""The harness itself: its NumPy reference must not depend on the host's float conversions.

NumPy's float16 casts warn on overflow on some CPUs and not on others (hardware conversions);
with ``filterwarnings = error`` a warning that escapes the reference computation fails the
comparison on those machines only. These tests run the reference under an outer filter that
turns every warning into an error and floating-point errors into exceptions, so they fail
wherever the reference lets such a warning escape, whatever the CPU.
"""

from __future__ import annotations

import warnings

import ml_dtypes
import numpy as onp
import pytest
from compat_harness import BF16, F16, Row, as_host, check, numpy_reference, special_values

import xnp

F16_MAX = float(onp.finfo(F16).max)
BEYOND_F16 = [3.38953e38, -3.38953e38, 1e30, -7e10, 65520.0, 1e5]


def _strict_reference(row: Row, args: list, kwargs: dict | None = None):
    with warnings.catch_warnings(), onp.errstate(all="raise"):
        warnings.simplefilter("error")
        return numpy_reference(row, args, kwargs or {})


def _bf16(values) -> onp.ndarray:
    return onp.asarray(onp.asarray(values, onp.float32), BF16)


@pytest.mark.parametrize(
    "name, fn, nargs",
    [
        ("sqrt", onp.sqrt, 1),
        ("negative", onp.negative, 1),
        ("exp", onp.exp, 1),
        ("add", onp.add, 2),
        ("multiply", onp.multiply, 2),
        ("maximum", onp.maximum, 2),
        ("sum", onp.sum, 1),
        ("max", onp.max, 1),
    ],
)
def test_bfloat16_reference_beyond_float16_range(name, fn, nargs) -> None:
    values = BEYOND_F16 + [v for v in special_values(BF16)]
    a = _bf16(values)
    args = [a] * nargs
    row = Row(name, getattr(xnp, name), fn, nargs, dtypes=(BF16,))
    got = _strict_reference(row, args)
    assert got.dtype == BF16, got.dtype
    # The reference is NumPy in float32, rounded once to bfloat16 by ml_dtypes.
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        want = onp.asarray(fn(*[x.astype(onp.float32) for x in args])).astype(BF16)
    onp.testing.assert_array_equal(got.astype(onp.float32), want.astype(onp.float32))
    # Values beyond float16's range stay finite where float32 keeps them finite: the float16
    # dtype probe must never leak its (clipped or overflowed) values into the result.
    if name == "negative":
        g = got.astype(onp.float32)[: len(BEYOND_F16)]
        assert onp.isfinite(g).all() and float(onp.abs(g).max()) > F16_MAX, g


def test_bfloat16_python_scalar_reference_is_quiet() -> None:
    row = Row("add", xnp.add, onp.add, 2, dtypes=(BF16,))
    got = _strict_reference(row, [_bf16([3.38953e38, 1.0]), 2.5])
    assert got.dtype == BF16
    assert got.astype(onp.float32)[1] == 3.5 and onp.isfinite(got.astype(onp.float32)[0])


def test_bfloat16_reference_keeps_an_integer_exponent() -> None:
    # ldexp(bfloat16, 0): the Python int is an exponent, not a value that takes bfloat16
    # (found by the randomized profile: the reference turned it into a float and NumPy raised).
    row = Row("ldexp", xnp.ldexp, onp.ldexp, 2, dtypes=(BF16,))
    for x in (_bf16([]), _bf16([1.5, -3.0, 2.0**100])):
        got = _strict_reference(row, [x, 3])
        assert got.dtype == BF16
        onp.testing.assert_array_equal(got.astype(onp.float32), x.astype(onp.float32) * 8)


def test_check_passes_on_bfloat16_beyond_float16_range() -> None:
    """The whole comparison (reference, xnp eagerly and under jit) on the values that used to
    fail on AVX512-BF16 machines, under the strictest warning filter."""
    a = as_host(BEYOND_F16 + special_values(BF16), BF16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("sqrt", "negative", "absolute"):
            check(Row(name, getattr(xnp, name), getattr(onp, name), 1), [a], [BF16], {})


def test_probe_keeps_nan_and_sign() -> None:
    from compat_harness import _as_f16_probe

    with warnings.catch_warnings(), onp.errstate(all="raise"):
        warnings.simplefilter("error")
        p = _as_f16_probe(_bf16([onp.nan, -3e38, 3e38, -0.0, onp.inf]))
    assert p.dtype == F16
    assert onp.isnan(p[0]) and p[1] == -F16_MAX and p[2] == F16_MAX and onp.signbit(p[3])
    assert p[4] == F16_MAX  # clipped: only the dtype of the probe is used
    assert ml_dtypes.finfo(BF16).max > F16_MAX
