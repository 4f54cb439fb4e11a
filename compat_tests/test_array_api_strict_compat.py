"""xnp against array_api_strict, the array API standard's reference implementation, in CI
(the conformance suite itself, data-apis/array-api-tests, runs locally: see
compat_tests/array_api/run_array_api_tests.sh).

- Signatures: every function of the standard (2024.12), its linalg and fft extensions and the
  array methods accept the standard's arguments: the same positional parameters by position
  and name, and every keyword (xnp may add NumPy's own keywords after them).
- Elementwise functions: every one, over every standard dtype strict accepts, on arrays of
  special values (signed zeros, infinities, NaN, extremes), eagerly and under jit: the same
  values (NaN where strict has NaN), the same result dtype and shape; binary functions also
  across dtype pairs that promote.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from typing import Any

import numpy as onp
import pytest

import xnp

strict = pytest.importorskip("array_api_strict")
strict.set_array_api_strict_flags(api_version="2024.12")

# Names of the standard that xnp does not have yet, each with where it is being added; a
# name here is checked like any other as soon as xnp has it. (Empty: xnp has them all.)
PENDING: dict[str, str] = {}

NOT_FUNCTIONS = {"set_array_api_strict_flags", "get_array_api_strict_flags",
                 "reset_array_api_strict_flags", "ArrayAPIStrictFlags", "Device",
                 "ModuleType"}  # fmt: skip


def _standard_functions() -> list[str]:
    names = [n for n in dir(strict) if not n.startswith("_") and n not in NOT_FUNCTIONS
             and inspect.isfunction(getattr(strict, n))]  # fmt: skip
    names += ["__array_namespace_info__"]
    for ext in ("linalg", "fft"):
        mod = getattr(strict, ext)
        names += [f"{ext}.{n}" for n in mod.__all__ if inspect.isfunction(getattr(mod, n))]
    return sorted(names)


def _lookup(ns: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        ns = getattr(ns, part, None)
        if ns is None:
            return None
    return ns


def _check_signature(name: str, ours: Callable, ref: Callable) -> None:
    ref_sig = inspect.signature(ref)
    if isinstance(ours, xnp.ufunc):
        # A ufunc object (NumPy's calling convention: nin positional operands, then out=,
        # where=, dtype=, ...); the standard's elementwise functions are positional-only.
        kinds = [p.kind for p in ref_sig.parameters.values()]
        assert kinds == [inspect.Parameter.POSITIONAL_ONLY] * ours.nin, (name, ref_sig)
        return
    sig = inspect.signature(ours)
    params, ref_params = list(sig.parameters.values()), list(ref_sig.parameters.values())
    kinds = inspect.Parameter
    positional = [p for p in ref_params if p.kind != kinds.KEYWORD_ONLY]
    for i, rp in enumerate(positional):
        assert i < len(params), f"{name}: parameter {rp.name!r} is missing"
        p = params[i]
        if rp.kind in (kinds.VAR_POSITIONAL, kinds.VAR_KEYWORD):
            assert p.kind == rp.kind, f"{name}: {p.name!r} should be *{rp.name}"
            continue
        assert p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD), (
            f"{name}: {p.name!r} must be positional like the standard's {rp.name!r}")
        if rp.kind == kinds.POSITIONAL_OR_KEYWORD:
            assert p.name == rp.name, f"{name}: parameter {i} is {p.name!r}, not {rp.name!r}"
            assert p.kind == kinds.POSITIONAL_OR_KEYWORD, f"{name}: {p.name!r} is positional-only"
    by_name = sig.parameters
    has_kwargs = any(p.kind == kinds.VAR_KEYWORD for p in params)
    for rp in ref_params:
        if rp.kind == kinds.KEYWORD_ONLY and not has_kwargs:
            assert rp.name in by_name, f"{name}: keyword {rp.name!r} is missing"
            assert by_name[rp.name].kind in (kinds.KEYWORD_ONLY, kinds.POSITIONAL_OR_KEYWORD)


FUNCTIONS = _standard_functions()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_function_signature(name: str) -> None:
    ours = _lookup(xnp, name)
    if ours is None:
        if name in PENDING:
            pytest.xfail(f"not in xnp yet: {PENDING[name]}")
        raise AssertionError(f"xnp.{name} is missing (the array API standard has it)")
    _check_signature(name, ours, _lookup(strict, name))


def test_pending_names_are_standard() -> None:
    assert set(PENDING) <= set(FUNCTIONS)


ARRAY_METHODS = ["__array_namespace__", "__dlpack__", "__dlpack_device__", "to_device",
                 "__abs__", "__add__", "__and__", "__bool__", "__complex__", "__eq__",
                 "__float__", "__floordiv__", "__ge__", "__getitem__", "__gt__", "__index__",
                 "__int__", "__invert__", "__le__", "__lshift__", "__lt__", "__matmul__",
                 "__mod__", "__mul__", "__ne__", "__neg__", "__or__", "__pos__", "__pow__",
                 "__rshift__", "__setitem__", "__sub__", "__truediv__", "__xor__"]  # fmt: skip


@pytest.mark.parametrize("name", ARRAY_METHODS)
def test_array_method_signature(name: str) -> None:
    ref = getattr(type(strict.ones(1)), name)
    ours = getattr(xnp.ndarray, name)
    if name == "to_device":
        # The standard: to_device(self, device, /, *, stream=None); array_api_strict 2.6 lets
        # stream be positional too, so compare with the standard's signature itself.
        def ref(self, device, /, *, stream=None):  # noqa: ANN001, ANN202, ARG001
            pass

    _check_signature(name, ours, ref)
    assert callable(getattr(xnp.ones(2), name))


@pytest.mark.parametrize("name", ["device", "dtype", "mT", "ndim", "shape", "size", "T"])
def test_array_attributes(name: str) -> None:
    x, r = xnp.ones((2, 3)), strict.ones((2, 3))
    ours, ref = getattr(x, name), getattr(r, name)
    if name in ("mT", "T"):
        assert ours.shape == ref.shape
    elif name == "dtype":
        assert ours == onp.dtype(str(ref).rsplit(".", 1)[-1])
    elif name == "device":
        assert ours in xnp.devices()
    else:
        assert ours == ref


# --------------------------------------------------------------------------- elementwise

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
          "float32", "float64", "complex64", "complex128"]  # fmt: skip
UNARY = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "bitwise_invert", "ceil",
         "conj", "cos", "cosh", "exp", "expm1", "floor", "imag", "isfinite", "isinf", "isnan",
         "log", "log1p", "log2", "log10", "logical_not", "negative", "positive", "real",
         "reciprocal", "round", "sign", "signbit", "sin", "sinh", "square", "sqrt", "tan",
         "tanh", "trunc"]  # fmt: skip
BINARY = ["add", "atan2", "bitwise_and", "bitwise_left_shift", "bitwise_or",
          "bitwise_right_shift", "bitwise_xor", "copysign", "divide", "equal", "floor_divide",
          "greater", "greater_equal", "hypot", "less", "less_equal", "logaddexp", "logical_and",
          "logical_or", "logical_xor", "maximum", "minimum", "multiply", "nextafter",
          "not_equal", "pow", "remainder", "subtract"]  # fmt: skip
PROMOTING = [("int8", "int64"), ("uint8", "int16"), ("uint16", "uint64"), ("float32", "float64"),
             ("complex64", "float64"), ("int32", "uint8"), ("bool", "bool")]  # fmt: skip


def _values(dtype: str) -> onp.ndarray:
    dt = onp.dtype(dtype)
    if dt.kind == "b":
        return onp.array([True, False, True, False, True, False])
    if dt.kind in "iu":
        info = onp.iinfo(dt)
        vals = [0, 1, 2, 3, 7, info.max, info.min, info.max - 1]
        vals += [-1, -2, -7, info.min + 1] if dt.kind == "i" else [5, 100 % info.max, 9, 4]
        return onp.array(vals, dtype=dt)
    # Large and small values whose results stay normal: XLA on CPU flushes subnormal results
    # to zero (the suite itself leaves subnormals out of scope).
    big = 1e10 if dt in (onp.float32, onp.complex64) else 1e300
    base = [0.0, -0.0, 0.5, -1.5, 1.0, -1.0, 2.0, 3.25, big, 1 / big,
            float("inf"), -float("inf"), float("nan")]
    if dt.kind == "f":
        return onp.array(base, dtype=dt)
    return onp.array([complex(a, b) for a in base[::2] for b in base[1::2]], dtype=dt)


def _strict(name: str, *arrays: onp.ndarray) -> Any:
    try:
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return onp.asarray(getattr(strict, name)(*(strict.asarray(a) for a in arrays)))
    except TypeError:
        return None  # outside the function's dtype domain in the standard


def _compare(name: str, got: Any, want: onp.ndarray, args: tuple) -> None:
    got = onp.asarray(got)
    assert got.dtype == want.dtype, f"{name}{tuple(a.dtype for a in args)}: dtype {got.dtype}"
    assert got.shape == want.shape
    if want.dtype.kind in "fc":
        # XLA on CPU flushes subnormal results to zero; those elements are not compared.
        tiny = onp.finfo(want.dtype).tiny
        sub = [(0 < onp.abs(p)) & (onp.abs(p) < tiny) for p in (want.real, want.imag)]
        keep = ~(sub[0] | sub[1])
        got, want = got[keep], want[keep]
    tol = 2e-6 if want.dtype in (onp.float32, onp.complex64) else 1e-13
    if want.dtype.kind == "c":
        # Finite results within tol of |want| (a rounding difference in one tiny part of a huge
        # value is no difference); infinite and NaN parts exactly where strict has them.
        with onp.errstate(all="ignore"):
            mag = onp.abs(want)
        for part in (onp.real, onp.imag):
            w, g = part(want), part(got)
            fin = onp.isfinite(w)
            onp.testing.assert_array_equal(g[~fin], w[~fin], err_msg=f"{name} on {args}")
            scale = onp.where(onp.isfinite(mag), mag, onp.abs(w))[fin]
            bad = ~(onp.abs(g[fin] - w[fin]) <= tol * scale + 1e-300)
            assert not bad.any(), f"{name} on {args}: {g[fin][bad][:5]} vs {w[fin][bad][:5]}"
    elif want.dtype.kind == "f":
        onp.testing.assert_allclose(got, want, rtol=tol, atol=0, equal_nan=True,
                                    err_msg=f"{name} on {args}")  # fmt: skip
    else:
        onp.testing.assert_array_equal(got, want, err_msg=f"{name} on {args}")


def _not_finite(z: onp.ndarray) -> onp.ndarray:
    return ~(onp.isfinite(z.real) & onp.isfinite(z.imag))


# Known differences, by element: (function, complex inputs only) -> (which inputs, reason).
KNOWN = {
    "expm1": (lambda z: _not_finite(z) | (z.imag == 0),
              "xnp follows the standard's expm1 table (expm1(inf + 0j) = inf + 0j, "
              "expm1(-inf + nan j) = -1 + 0j, ...); NumPy, under array_api_strict, computes "
              "exp(z) - 1 and gets NaN there"),
    "sign": (_not_finite,
             "xnp is NumPy's sign (sign(inf + 1j) = 1 + 0j); array_api_strict divides "
             "z / abs(z) itself and gets NaN + NaN j"),
    "atanh": (lambda z: (onp.abs(z.real) == 1) & (z.imag != 0)
              & (onp.abs(z.imag) < onp.sqrt(onp.finfo(z.real.dtype).tiny)),
              "XLA's complex atanh overflows to inf for |1 - z| below sqrt(tiny) "
              "(atanh(1 + 1e-300j) is 345.7 + 0.785j)"),
}  # fmt: skip


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", UNARY)
def test_unary_matches_strict(name: str, dtype: str) -> None:
    x = _values(dtype)
    want = _strict(name, x)
    if want is None:
        pytest.skip(f"{name} does not take {dtype} in the standard")
    fn = getattr(xnp, name)
    got, got_jit = fn(xnp.asarray(x)), xnp.jit(fn)(xnp.asarray(x))
    if name in KNOWN and x.dtype.kind == "c":
        keep = ~KNOWN[name][0](x)
        assert keep.any()
        x, want = x[keep], want[keep]
        got, got_jit = onp.asarray(got)[keep], onp.asarray(got_jit)[keep]
    _compare(name, got, want, (x,))
    _compare(name + " (jit)", got_jit, want, (x,))


def _pairs(dtype1: str, dtype2: str) -> tuple[onp.ndarray, onp.ndarray]:
    a, b = _values(dtype1), _values(dtype2)
    # Every value against every value (outer product), as two flat arrays.
    return onp.repeat(a, b.size), onp.tile(b, a.size)


@pytest.mark.parametrize("pair", [(d, d) for d in DTYPES] + PROMOTING, ids=str)
@pytest.mark.parametrize("name", BINARY)
def test_binary_matches_strict(name: str, pair: tuple[str, str]) -> None:
    a, b = _pairs(*pair)
    if name.startswith("bitwise_") and b.dtype.kind not in "iub":
        pytest.skip(f"{name} takes integers (and bool) in the standard")
    if name in ("bitwise_left_shift", "bitwise_right_shift") and b.dtype.kind in "iu":
        b = onp.abs(b.astype(onp.int64) % 8).astype(b.dtype)  # the standard: shifts >= 0
    if name == "pow" and b.dtype.kind in "iu":
        b = onp.abs(b.astype(onp.int64) % 4).astype(b.dtype)  # integer powers >= 0
    want = _strict(name, a, b)
    if want is None:
        pytest.skip(f"{name} does not take {pair} in the standard")
    fn = getattr(xnp, name)
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        got = onp.asarray(fn(xnp.asarray(a), xnp.asarray(b)))
        got_jit = onp.asarray(xnp.jit(fn)(xnp.asarray(a), xnp.asarray(b)))
    if name == "pow" and want.dtype.kind == "c":
        # Known: complex powers with an infinite or NaN part in an operand follow NumPy's
        # cexp(y * clog(x)) in most cases, but not all (NumPy's integer-exponent loop
        # multiplies infinities its own way); compared on finite operands only.
        keep = ~(_not_finite(a.astype(complex)) | _not_finite(b.astype(complex)))
        a, b, want, got, got_jit = a[keep], b[keep], want[keep], got[keep], got_jit[keep]
    _compare(name, got, want, (a, b))
    _compare(name + " (jit)", got_jit, want, (a, b))
