"""Array creation against NumPy: array/asarray from Python and NumPy data, zeros/ones/full/
empty (and their *_like), arange, linspace and eye, on every dtype; values, dtype and shape,
eagerly and under jit."""

from __future__ import annotations

import warnings

import numpy as onp
import pytest
from compat_harness import ALL, BF16, NUMPY_DTYPES, Row, as_host, check, dtype_name
from hypothesis import given
from hypothesis import strategies as st

import xnp

DTYPES = [None, *(dtype_name(d) for d in NUMPY_DTYPES)]
SHAPES = [(), 0, 3, (2, 3), (0, 2), [1, 2]]


def _no_args(name: str, xfn=None, nfn=None, **kw) -> Row:  # noqa: ANN001
    return Row(name, xfn or getattr(xnp, name), nfn or getattr(onp, name), 0, **kw)


@pytest.mark.parametrize("name", ["zeros", "ones"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_zeros_ones(name: str, shape: object, dtype: str | None) -> None:
    kwargs = {"shape": tuple(shape) if isinstance(shape, list) else shape, "dtype": dtype}
    check(_no_args(name), [], [], kwargs)


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", DTYPES, ids=str)
def test_empty(shape: object, dtype: str | None) -> None:
    """Only shape and dtype: NumPy's empty is uninitialized (xnp's holds zeros)."""
    shape = tuple(shape) if isinstance(shape, list) else shape
    got, want = xnp.empty(shape, dtype), onp.empty(shape, dtype)
    assert (got.shape, got.dtype) == (want.shape, want.dtype)


FILLS = [0, 1, -3, True, 2.5, -0.0, float("nan"), float("inf"), 1 + 2j, onp.float32(1.5),
         onp.int8(-2), onp.array([1.5, 2.5, 3.5])]  # fmt: skip


@pytest.mark.parametrize("fill", FILLS, ids=repr)
@pytest.mark.parametrize("dtype", [None, "int32", "float32", "complex128", "bool", "uint8"])
def test_full(fill: object, dtype: str | None) -> None:
    shape = (2, 3)
    check(_no_args("full"), [], [], {"shape": shape, "fill_value": fill, "dtype": dtype})


LIKE_SOURCES = [onp.arange(6, dtype=d).reshape(2, 3) if d != onp.dtype(bool) else
                onp.ones((2, 3), bool) for d in NUMPY_DTYPES]  # fmt: skip


@pytest.mark.parametrize("name", ["zeros_like", "ones_like", "full_like", "empty_like"])
@pytest.mark.parametrize("src", LIKE_SOURCES, ids=lambda a: a.dtype.name)
@pytest.mark.parametrize("dtype", [None, "float32", "int8"])
@pytest.mark.parametrize("shape", [None, (4,), ()], ids=str)
def test_like(name: str, src: onp.ndarray, dtype: str | None, shape: tuple | None) -> None:
    kwargs = {"dtype": dtype, "shape": shape}
    if name == "full_like":
        kwargs["fill_value"] = 7
    if name == "empty_like":
        got, want = xnp.empty_like(xnp.asarray(src), **kwargs), onp.empty_like(src, **kwargs)
        assert (got.shape, got.dtype) == (want.shape, want.dtype)
        return
    check(Row(name, getattr(xnp, name), getattr(onp, name), 1), [src], [src.dtype], kwargs)


ARRAY_DATA = [
    0, 7, -2**40, 2**63 + 5, True, 2.5, -0.0, 1j, [1, 2, 3], [1.5, 2], [True, False],
    [True, 2], [1, 2.5], [1, 2j], [[1, 2], [3, 4]], [[]], [], (1, 2), [[1.0], [2.0]],
    [onp.float32(1), 2], [onp.int8(1), onp.int8(2)], [float("nan"), float("inf")],
]  # fmt: skip


@pytest.mark.parametrize("name", ["array", "asarray"])
@pytest.mark.parametrize("data", ARRAY_DATA, ids=repr)
@pytest.mark.parametrize("dtype", [None, "int64", "float32", "complex64", "bool", "uint8"])
def test_array_from_python(name: str, data: object, dtype: str | None) -> None:
    check(_no_args(name), [], [], {"dtype": dtype, **{"object" if name == "array" else "a":
                                                          data}})  # fmt: skip


@pytest.mark.parametrize("dt", ALL, ids=dtype_name)
@pytest.mark.parametrize("to", [None, *ALL], ids=lambda d: "same" if d is None else dtype_name(d))
def test_array_from_numpy(dt: onp.dtype, to: onp.dtype | None) -> None:
    src = as_host([0, 1, 2, 3, 5, 100], dt)
    if to == BF16 or (dt == BF16 and to is not None):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", onp.exceptions.ComplexWarning)  # as NumPy warns
            got = xnp.asarray(src, dtype=to)
            want = src.astype(to) if to is not None else src
        assert got.dtype == want.dtype and onp.array_equal(onp.asarray(got), want)
        return
    check(Row("array", xnp.array, onp.array, 1), [src], [dt], {"dtype": to})


@pytest.mark.parametrize("ndmin", [0, 1, 3])
def test_array_ndmin(ndmin: int) -> None:
    check(Row("array", xnp.array, onp.array, 1), [onp.arange(3)], [onp.dtype(int)],
          {"ndmin": ndmin})  # fmt: skip


def test_array_of_xnp_arrays() -> None:
    a, b = xnp.arange(3), xnp.ones(3, xnp.int8)
    assert onp.array_equal(xnp.array([a, b]), onp.array([onp.arange(3), onp.ones(3, onp.int8)]))
    assert xnp.array([a, b]).dtype == onp.int64
    f = xnp.jit(lambda x: xnp.array([x, 2 * x]))
    assert f(xnp.arange(2.0)).shape == (2, 2)


_NUM = st.one_of(st.integers(-20, 20), st.floats(-20, 20, allow_subnormal=False).map(
    lambda v: round(v, 2)))  # fmt: skip


@st.composite
def _arange_kwargs(draw) -> dict:  # noqa: ANN001
    n = draw(st.integers(1, 3))
    args = {"start": draw(_NUM)}
    if n >= 2:
        args["stop"] = draw(_NUM)
    if n == 3:
        args["step"] = draw(_NUM.filter(lambda v: v != 0 and abs(v) > 0.05))
    args["dtype"] = draw(st.sampled_from([None, None, "int32", "float32", "float64", "int64"]))
    return args


_ARANGE = Row("arange", lambda args, dtype: xnp.arange(*args, dtype=dtype),
               lambda args, dtype: onp.arange(*args, dtype=dtype), 0)  # fmt: skip


@given(kwargs=_arange_kwargs())
def test_arange(kwargs: dict) -> None:
    """Positional start, stop, step (as NumPy's arange requires) and a dtype."""
    args = tuple(kwargs[k] for k in ("start", "stop", "step") if k in kwargs)
    check(_ARANGE, [], [], {"args": args, "dtype": kwargs["dtype"]})


@given(start=_NUM, stop=_NUM, num=st.integers(0, 12), endpoint=st.booleans(),
       dtype=st.sampled_from([None, None, "float32", "int32", "complex128"]))  # fmt: skip
def test_linspace(start: float, stop: float, num: int, endpoint: bool, dtype: str | None) -> None:
    kwargs = {"start": start, "stop": stop, "num": num, "endpoint": endpoint, "dtype": dtype}
    check(_no_args("linspace"), [], [], kwargs)


def test_linspace_retstep_and_arrays() -> None:
    got, step = xnp.linspace(0, 1, 5, retstep=True)
    want, wstep = onp.linspace(0, 1, 5, retstep=True)
    assert onp.allclose(got, want) and step == wstep
    check(
        _no_args("linspace"),
        [],
        [],
        {"start": onp.array([0.0, 1.0]), "stop": onp.array([1.0, 3.0]), "num": 4, "axis": 1},
    )


@pytest.mark.parametrize("n, m, k", [(3, None, 0), (2, 4, 1), (4, 2, -1), (0, 3, 0), (3, 3, 5)])
@pytest.mark.parametrize("dtype", [None, "int8", "bool", "complex64"])
def test_eye(n: int, m: int | None, k: int, dtype: str | None) -> None:
    check(_no_args("eye"), [], [], {"N": n, "M": m, "k": k, "dtype": dtype})


def test_identity() -> None:
    check(_no_args("identity"), [], [], {"n": 3, "dtype": "int32"})


@pytest.mark.parametrize("bad", [(-1,), (2, -3)], ids=str)
def test_negative_shapes_raise(bad: tuple) -> None:
    for name in ("zeros", "ones", "empty"):
        with pytest.raises(ValueError):
            getattr(onp, name)(bad)
        with pytest.raises(ValueError):
            getattr(xnp, name)(bad)
