"""Host rules (NumPy kernels for eager work) against the XLA lowering of each primitive.

Every primitive with a host rule is run on every registry case (tests/lax_cases.py) and, for
the elementwise family, on special values in every dtype it accepts: once on the host and
once through XLA. Results must have the same dtype and shape and the same values (exactly,
or within a few ulps for the transcendental functions, whose libm differs from XLA's).
"""

import numpy as onp
import pytest
from lax_cases import CASES

import xnp
from xnp._src import core, dtypes
from xnp._src.config import config
from xnp._src.interpreters import host
from xnp._src.lax import elementwise as ew

HOSTED = sorted(p.name for p in host.host_impls)
PRIMS = {p.name: p for p in host.host_impls}

# Results computed by libm-like algorithms that XLA and NumPy implement differently.
APPROX = {"exp", "exp2", "expm1", "log", "log1p", "tanh", "logistic", "sin", "cos", "tan",
          "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "cbrt", "rsqrt",
          "pow", "atan2", "integer_pow", "dot_general", "reduce_sum", "reduce_prod", "cumsum",
          "cumprod", "div", "sqrt", "abs", "sign"}  # fmt: skip


def _run(fn, args, on_host):
    with config._override("host_execution", on_host):
        arrays = [xnp.asarray(a) for a in args]
        before = xnp.cache_info()["host_calls"]
        out = fn(*arrays)
        used = xnp.cache_info()["host_calls"] - before
    return xnp.tree_util.tree_leaves(out), used


def _tolerance(name, dtype):
    if name not in APPROX or onp.dtype(dtype).kind not in "fcV":
        return 0.0
    if onp.dtype(dtype) == dtypes.bfloat16:
        return 1e-2  # (bfloat16 has 8 significant bits)
    if onp.dtype(dtype) == onp.float16:
        return 4e-3  # XLA computes these in float16 less accurately than NumPy (a few ulps)
    return 1e-5 if onp.dtype(dtype) in (onp.float32, onp.complex64) else 1e-13


def _compare(name, got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        g, w = onp.asarray(g), onp.asarray(w)
        assert g.dtype == w.dtype and g.shape == w.shape, (name, g.dtype, w.dtype, g.shape)
        tol = _tolerance(name, w.dtype)
        if w.dtype == dtypes.bfloat16:
            g, w = g.astype(onp.float32), w.astype(onp.float32)
        if w.dtype.kind in "fc":
            # XLA's CPU backend flushes subnormal results to zero; NumPy keeps them.
            tiny = onp.finfo(w.dtype).tiny
            g = onp.where(onp.abs(g) < tiny, 0, g)
            w = onp.where(onp.abs(w) < tiny, 0, w)
        if tol:
            onp.testing.assert_allclose(g, w, rtol=tol, atol=tol, equal_nan=True, err_msg=name)
        else:
            onp.testing.assert_array_equal(g, w, err_msg=name)


def test_hosted_primitives_have_registry_cases():
    missing = [n for n in HOSTED if n not in CASES]
    assert not missing, missing


@pytest.mark.parametrize("name", HOSTED)
def test_host_rule_matches_xla_on_registry_cases(name):
    rng = onp.random.RandomState(0)
    for case in CASES[name]:
        args = case.args(rng)
        want, _ = _run(case.fun, args, on_host=False)
        got, used = _run(case.fun, args, on_host=True)
        assert used > 0, f"{name}: the host path was not taken"
        _compare(name, got, want)


# ----------------------------------------------------------------------------- special values

DTYPES = ["bool", "int8", "uint8", "int32", "uint32", "int64", "float16", "bfloat16", "float32",
          "float64", "complex64", "complex128"]  # fmt: skip


def _values(dtype):
    with onp.errstate(all="ignore"):
        return _special_values(dtype)


def _special_values(dtype):
    dt = onp.dtype(dtype)
    if dt.kind == "b":
        return onp.array([True, False, True, False])
    if dt.kind in "iu":
        info = onp.iinfo(dt)
        vals = [0, 1, 2, 3, 7, info.max, info.min, info.max - 1]
        if dt.kind == "i":
            vals += [-1, -2, -7, info.min + 1]
        return onp.array(vals, dt)
    vals = [0.0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, 1e30, -1e30, onp.inf, -onp.inf,
            onp.nan, 1e-3]  # fmt: skip
    if dt.kind == "c":
        v = onp.array(vals, dt)
        return onp.concatenate([v, v * 1j + 0.5, onp.array([onp.nan + 1j, 1 + 1j * onp.inf])])
    return onp.array(vals, dt)


ELEMENTWISE = [
    p.name
    for p in host.host_impls
    if getattr(ew, f"{p.name}_p", None) is p
    and p.name not in ("select_n", "clamp", "integer_pow", "round")
]


def _elementwise(name, arity):
    prim = PRIMS[name]
    return lambda *xs: prim.bind(*xs)


def _accepts(fn, args):
    try:
        _run(fn, args, on_host=False)
    except (TypeError, ValueError):
        return False
    return True


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise_host_rule_on_special_values(name, dtype):
    prim = PRIMS[name]
    v = _values(dtype)
    arity = 2 if name in {"add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2",
                          "nextafter", "and", "or", "xor", "shift_left",
                          "shift_right_arithmetic", "shift_right_logical", "eq", "ne", "lt",
                          "le", "gt", "ge", "complex"} else 1  # fmt: skip
    if arity == 1:
        args = [v]
    else:  # every pair of values
        args = [onp.repeat(v, v.size), onp.tile(v, v.size)]
    fn = lambda *xs: prim.bind(*xs)  # noqa: E731
    if not _accepts(fn, args):
        pytest.skip(f"{name} does not accept {dtype}")
    want, _ = _run(fn, args, on_host=False)
    got, used = _run(fn, args, on_host=True)
    complex_to_xla = PRIMS[name] in host.real_only and onp.dtype(dtype).kind == "c"
    assert used == (0 if complex_to_xla else 1)
    _compare(name, got, want)


@pytest.mark.parametrize("src", DTYPES)
@pytest.mark.parametrize("dst", DTYPES)
def test_convert_element_type_on_special_values(src, dst):
    v = _values(src)
    fn = lambda x: core.Primitive.bind(  # noqa: E731
        PRIMS["convert_element_type"], x, new_dtype=onp.dtype(dst), weak_type=False
    )
    if src == dst:
        pytest.skip("no conversion")
    want, _ = _run(fn, [v], on_host=False)
    got, _ = _run(fn, [v], on_host=True)
    _compare("convert_element_type", got, want)


@pytest.mark.parametrize("y", [0, 1, 2, 3, 5, -1, -2])
@pytest.mark.parametrize("dtype", ["int32", "float32", "float64", "complex128"])
def test_integer_pow_on_special_values(y, dtype):
    if y < 0 and onp.dtype(dtype).kind == "i":
        pytest.skip("negative powers of integers")
    fn = lambda x: xnp.lax.integer_pow(x, y)  # noqa: E731
    v = _values(dtype)
    want, _ = _run(fn, [v], on_host=False)
    got, _ = _run(fn, [v], on_host=True)
    _compare("integer_pow", got, want)


@pytest.mark.parametrize("method", [0, 1])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_round_on_special_values(method, dtype):
    fn = lambda x: xnp.lax.round(x, method)  # noqa: E731
    v = _values(dtype)
    want, _ = _run(fn, [v], on_host=False)
    got, _ = _run(fn, [v], on_host=True)
    _compare("round", got, want)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint32", "float32", "float64", "complex128"])
@pytest.mark.parametrize("name", ["reduce_sum", "reduce_prod", "reduce_max", "reduce_min",
                                  "argmax", "argmin", "cumsum", "cummax"])  # fmt: skip
def test_reductions_on_special_values_and_empty_axes(name, dtype):
    lax = xnp.lax
    fns = {
        "reduce_sum": lambda x: lax.reduce_sum(x, (1,)),
        "reduce_prod": lambda x: lax.reduce_prod(x, (0,)),
        "reduce_max": lambda x: lax.reduce_max(x, (1,)),
        "reduce_min": lambda x: lax.reduce_min(x, (0, 1)),
        "argmax": lambda x: lax.argmax(x, 1, onp.int32),
        "argmin": lambda x: lax.argmin(x, 0, onp.int64),
        "cumsum": lambda x: lax.cumsum(x, 1, reverse=True),
        "cummax": lambda x: lax.cummax(x, 0),
    }
    v = _values(dtype)
    v = v[: (v.size // 2) * 2].reshape(2, -1)
    for arr in (v, v[:, :0], v[:0]):
        if arr.size == 0 and name in ("argmax", "argmin"):
            continue
        if not _accepts(fns[name], [arr]):
            pytest.skip(f"{name} does not accept {dtype}")
        want, _ = _run(fns[name], [arr], on_host=False)
        got, _ = _run(fns[name], [arr], on_host=True)
        _compare(name, got, want)


# ----------------------------------------------------------------------------- gather


def test_gather_host_rule_matches_xla_through_numpy_indexing():
    """The NumPy-level functions that gather (advanced indexing, take, take_along_axis, with
    clip and fill modes, empty and batched cases) give XLA's results on the host path."""
    rng = onp.random.RandomState(1)
    x = rng.standard_normal((4, 5, 3))
    i = onp.array([[0, 3], [2, -1]])
    j = onp.array([4, 0])
    funs = [
        lambda a: a[i],
        lambda a: a[:, j],
        lambda a: a[i, 1:3],
        lambda a: a[j - 1, :, j % 3],
        lambda a: a[..., onp.array([2, 0, 1])],
        lambda a: xnp.take(a, onp.array([7, -9, 2]), axis=1, mode="clip"),
        lambda a: xnp.take(a, onp.array([7, -9, 2]), axis=1, mode="fill", fill_value=-1.0),
        lambda a: xnp.take(a, onp.array([[1, 0], [3, 2]])),
        lambda a: xnp.take_along_axis(a, onp.argsort(x, axis=1)[:, :2], axis=1),
        lambda a: xnp.take(a, onp.zeros((0,), int), axis=0),
        lambda a: a.at[onp.array([9, 1])].get(mode="fill", fill_value=2.5),
    ]
    for k, f in enumerate(funs):
        want, _ = _run(f, [x], on_host=False)
        got, used = _run(f, [x], on_host=True)
        assert used > 0, f"case {k}: the host path was not taken"
        _compare(f"gather case {k}", got, want)
