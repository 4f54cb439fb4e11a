"""Tests for lax windowed reductions, select-and-scatter/gather and cumulative ops."""

from __future__ import annotations

from typing import Any

import numpy as onp
import pytest
from numpy.lib.stride_tricks import sliding_window_view

import xnp
from xnp import lax


def _dilate_dim(d: int, k: int) -> int:
    return 0 if d == 0 else (d - 1) * k + 1


def _same_pads(shape, window, strides, lower=False):  # noqa: ANN001, ANN202
    pads = []
    for d, w, s in zip(shape, window, strides, strict=True):
        total = max(0, (-(-d // s) - 1) * s + w - d)
        lo = total - total // 2 if lower else total // 2
        pads.append((lo, total - lo))
    return pads


def ref_windows(x, init, wd, ws, pads, bd, wdil):  # noqa: ANN001, ANN202
    """The windows of ``x`` as an array of shape out_shape + (window size,); padding and
    base-dilation holes hold ``init``."""
    n = x.ndim
    if n == 0:
        return x.reshape(1)
    ws = ws or (1,) * n
    bd = bd or (1,) * n
    wdil = wdil or (1,) * n
    eff = [_dilate_dim(w, d) for w, d in zip(wd, wdil, strict=True)]
    if isinstance(pads, str):
        pads = [(0, 0)] * n if pads == "VALID" else _same_pads(x.shape, eff, ws,
                                                               pads == "SAME_LOWER")  # fmt: skip
    y = onp.full([_dilate_dim(d, b) for d, b in zip(x.shape, bd, strict=True)], init, x.dtype)
    y[tuple(slice(None, None, b) for b in bd)] = x
    widths = onp.array([(max(lo, 0), max(hi, 0)) for lo, hi in pads], int).reshape(n, 2)
    y = onp.pad(y, widths, constant_values=init)
    y = y[tuple(slice(max(-lo, 0), y.shape[i] - max(-hi, 0)) for i, (lo, hi) in enumerate(pads))]
    out_shape = [0 if p < e else (p - e) // s + 1 for p, e, s in zip(y.shape, eff, ws,
                                                                    strict=True)]  # fmt: skip
    if 0 in out_shape:
        return onp.zeros((*out_shape, int(onp.prod(wd))), x.dtype)
    win = sliding_window_view(y, eff)
    win = win[tuple(slice(None, None, s) for s in ws) + tuple(slice(None, None, d) for d in wdil)]
    return win.reshape(*win.shape[:n], -1)


def ref_reduce_window(x, init, ufunc, identity, *window):  # noqa: ANN001, ANN202
    """XLA's semantics: ``init`` combined once with the window's real elements (padding and
    dilation holes are skipped, whatever ``init`` is)."""
    win = ref_windows(x, identity, *window)
    real = ref_windows(onp.ones(x.shape, bool), False, *window)
    return ufunc.reduce(onp.where(real, win, identity), axis=-1, initial=init).astype(x.dtype)


def _value(x: Any) -> onp.ndarray:
    if x.dtype == xnp.bfloat16:
        x = lax.convert_element_type(x, onp.float32)
    return onp.asarray(x)


def _check(got: Any, want: onp.ndarray, dtype: Any = None) -> None:
    got_np = _value(got)
    want = onp.asarray(want)
    assert got_np.shape == want.shape, (got_np.shape, want.shape)
    assert got_np.dtype == onp.dtype(dtype or want.dtype), (got_np.dtype, dtype, want.dtype)
    if got_np.dtype.kind in "fc":
        tol = {2: 1e-2, 4: 1e-5, 8: 1e-12}[onp.finfo(got_np.dtype).bits // 8]
        finite = onp.isfinite(want)
        scale = max(1.0, float(onp.abs(want[finite]).max())) if finite.any() else 1.0
        onp.testing.assert_allclose(got_np, want.astype(got_np.dtype), rtol=tol, atol=tol * scale)
    else:
        onp.testing.assert_array_equal(got_np, want)


def _eager_and_jit(f: Any, *args: Any) -> list[Any]:
    return [f(*args), xnp.jit(f)(*args)]


def _data(shape: tuple[int, ...], dtype: Any, seed: int = 0) -> onp.ndarray:
    rng = onp.random.default_rng(seed)
    dtype = onp.dtype(dtype)
    if dtype == onp.bool_:
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        return rng.integers(0, 9, shape).astype(dtype)
    return (rng.standard_normal(shape) * 3).astype(dtype)


# ----------------------------------------------------------------------------- reduce_window

# (shape, window, strides, padding, base_dilation, window_dilation)
WINDOWS = [
    ((4, 5), (2, 2), (1, 1), "VALID", None, None),
    ((7,), (3,), (2,), "SAME", None, None),
    ((6,), (4,), (3,), "SAME_LOWER", None, None),
    ((5, 6), (3, 2), (2, 1), ((1, 0), (2, 1)), None, None),
    ((5, 6), (2, 2), (1, 2), ((-1, 0), (0, -2)), None, None),
    ((3, 4), (2, 3), (1, 1), ((1, 1), (0, 0)), (2, 1), None),
    ((6, 7), (2, 3), (1, 2), "VALID", None, (2, 2)),
    ((2, 3, 4), (1, 2, 2), (1, 1, 2), "SAME", None, None),
    ((0, 3), (1, 2), (1, 1), "VALID", None, None),
    ((2, 3), (3, 1), (1, 1), "VALID", None, None),
    ((), (), (), (), None, None),
]
MONOIDS = [
    ("sum", lax.reduce_window_sum, onp.add, 0, [onp.float32, onp.float64, onp.int32, onp.uint8,
                                               onp.complex64]),
    ("max", lax.reduce_window_max, onp.maximum, None, [onp.float64, onp.int8, onp.uint16,
                                                       onp.bool_, onp.float16]),
    ("min", lax.reduce_window_min, onp.minimum, None, [onp.float32, onp.int64, onp.bool_]),
]  # fmt: skip


def _identity(name: str, dtype: Any) -> Any:
    dtype = onp.dtype(dtype)
    if name == "sum":
        return dtype.type(0)
    if dtype == onp.bool_:
        return name == "min"
    if dtype.kind in "iu":
        info = onp.iinfo(dtype)
        return info.min if name == "max" else info.max
    return -onp.inf if name == "max" else onp.inf


def _monoid_cases() -> list[Any]:
    # Every window for float64 and bool; the other dtypes on the 1-d and (2, 2) windows.
    cases = []
    for name, fn, ufunc, _, dts in MONOIDS:
        for dt in dts:
            for i, w in enumerate(WINDOWS):
                if onp.dtype(dt) in (onp.float64, onp.bool_) or len(w[0]) <= 1 or w[1] == (2, 2):
                    cases.append(pytest.param(name, fn, ufunc, dt, w,
                                              id=f"{name}-{onp.dtype(dt).name}-w{i}"))  # fmt: skip
    return cases


@pytest.mark.parametrize("name, fn, ufunc, dtype, window", _monoid_cases())
def test_reduce_window_monoids(name: str, fn: Any, ufunc: Any, dtype: Any, window: tuple):
    shape, wd, ws, pads, bd, wdil = window
    x = _data(shape, dtype)
    init = _identity(name, dtype)
    win = ref_windows(x, init, wd, ws, pads, bd, wdil)
    want = ufunc.reduce(win, axis=-1, initial=init).astype(x.dtype)
    for got in _eager_and_jit(lambda x: fn(x, wd, ws, pads, bd, wdil), x):
        _check(got, want)
    monoid = {"sum": lax.add, "max": lax.max, "min": lax.min}[name]
    got = lax.reduce_window(x, init, monoid, wd, ws, pads, bd, wdil)
    _check(got, want)


def test_reduce_window_picks_monoid_primitives() -> None:
    x = onp.ones((4, 4), onp.float32)
    cases = [(0.0, lax.add, "reduce_window_sum"), (-onp.inf, lax.max, "reduce_window_max"),
             (onp.inf, lax.min, "reduce_window_min"), (1.0, lax.mul, "reduce_window["),
             (2.0, lax.max, "reduce_window[")]  # fmt: skip
    for init, op, prim in cases:
        jaxpr = xnp.make_jaxpr(lambda x: lax.reduce_window(x, init, op, (2, 2)))(x)  # noqa: B023
        assert prim in str(jaxpr)


GENERIC = [
    ("mul", 1, lax.mul, onp.multiply, 1, onp.float64),
    ("mul-int", 1, lax.mul, onp.multiply, 1, onp.int32),
    ("max-init", 2.5, lax.max, onp.maximum, -onp.inf, onp.float64),
    ("add-init", 1.0, lax.add, onp.add, 0, onp.float32),
    ("or", False, lax.bitwise_or, onp.logical_or, False, onp.bool_),
    ("or-init", True, lax.bitwise_or, onp.logical_or, False, onp.bool_),
]


@pytest.mark.parametrize(
    "name, init, op, ufunc, ident, dtype", GENERIC, ids=[g[0] for g in GENERIC]
)
@pytest.mark.parametrize("window", [WINDOWS[0], WINDOWS[3], WINDOWS[5]], ids=["w0", "w3", "w5"])
def test_reduce_window_generic(name, init, op, ufunc, ident, dtype, window) -> None:  # noqa: ANN001
    shape, wd, ws, pads, bd, wdil = window
    x = _data(shape, dtype)
    if name.startswith("mul"):
        x = (x % 3 + 1).astype(dtype)
    want = ref_reduce_window(x, dtype(init), ufunc, ident, wd, ws, pads, bd, wdil)
    for got in _eager_and_jit(lambda x: lax.reduce_window(x, init, op, wd, ws, pads, bd, wdil), x):
        _check(got, want)


def test_reduce_window_variadic() -> None:
    x = _data((5, 6), onp.float64)
    y = _data((5, 6), onp.int32, seed=1)

    def comp(a: Any, b: Any) -> Any:
        return {"s": a["s"] + b["s"], "m": lax.max(a["m"], b["m"])}

    def f(x: Any, y: Any) -> Any:
        init = {"s": 0.0, "m": onp.int32(-100)}
        return lax.reduce_window({"s": x, "m": y}, init, comp, (2, 3), (1, 2), "SAME")

    for got in _eager_and_jit(f, x, y):
        _check(got["s"], ref_windows(x, 0.0, (2, 3), (1, 2), "SAME", None, None).sum(-1))
        want_m = ref_windows(y, -100, (2, 3), (1, 2), "SAME", None, None).max(-1)
        _check(got["m"], want_m)


WINDOW_ERRORS = [
    (dict(window_dimensions=(2,)), ValueError, r"window_dimensions \(2,\).*\(4, 5\)"),
    (dict(window_strides=(1, 1, 1)), ValueError, "window_strides"),
    (dict(padding=((0, 0),)), ValueError, "padding"),
    (dict(padding=((0, 0), (1,))), TypeError, "padding"),
    (dict(padding="FULL"), ValueError, "unknown padding"),
    (dict(padding=((-5, 0), (0, 0))), ValueError, "negative"),
    (dict(window_dimensions=(0, 2)), ValueError, "positive"),
    (dict(window_strides=(1, 0)), ValueError, "positive"),
    (dict(window_strides=(1, 0), padding="SAME"), ValueError, "positive"),
    (dict(base_dilation=(1,)), ValueError, "base_dilation"),
    (dict(window_dilation=(0, 1)), ValueError, "window_dilation"),
    (dict(window_dimensions="ab"), TypeError, "integers"),
]


@pytest.mark.parametrize("kwargs, exc, match", WINDOW_ERRORS)
@pytest.mark.parametrize("fn", [lax.reduce_window_sum, lax.reduce_window_max])
def test_reduce_window_errors(fn: Any, kwargs: dict, exc: type, match: str) -> None:
    args = dict(window_dimensions=(2, 2), window_strides=(1, 1), padding="VALID")
    args.update(kwargs)
    x = onp.ones((4, 5))
    with pytest.raises(exc, match=match):
        fn(x, **args)
    with pytest.raises(exc, match=match):
        xnp.jit(lambda x: fn(x, **args))(x)


def test_reduce_window_dtype_and_structure_errors() -> None:
    with pytest.raises(TypeError, match="reduce_window_sum does not accept dtype bool"):
        lax.reduce_window_sum(onp.ones(3, bool), (2,))
    with pytest.raises(ValueError, match="same structure"):
        lax.reduce_window((onp.ones(3), onp.ones(3)), 0.0, lax.add, (2,))
    with pytest.raises(TypeError, match="scalars of dtypes"):
        lax.reduce_window(onp.ones(3), 0.0, lambda a, b: lax.convert_element_type(a, int), (2,))
    with pytest.raises(TypeError, match="init values"):
        lax.reduce_window(onp.ones(3), onp.ones(2), lax.mul, (2,))
    with pytest.raises(ValueError, match="same shape"):
        lax.reduce_window((onp.ones(3), onp.ones(4)), (0.0, 0.0), lambda a, b: a, (2,))


@pytest.mark.parametrize(
    "args, expected",
    [
        (((7,), (3,), (2,), "SAME"), [(1, 1)]),
        (((6,), (4,), (3,), "SAME"), [(0, 1)]),
        (((6,), (4,), (3,), "SAME_LOWER"), [(1, 0)]),
        (((4, 5), (2, 2), (1, 1), "VALID"), [(0, 0), (0, 0)]),
        (((4, 5), (3, 3), (2, 1), "same"), [(0, 1), (1, 1)]),
    ],
)
def test_padtype_to_pads(args: tuple, expected: list) -> None:
    assert [tuple(p) for p in lax.padtype_to_pads(*args)] == expected


# ----------------------------------------------------------------------------- select-and-*

POOLS = [
    ((4, 4), (2, 2), (2, 2), "VALID"),
    ((4, 4), (2, 2), (2, 2), ((1, 1), (1, 1))),
    ((5, 6), (3, 2), (1, 2), "SAME"),
    ((2, 5, 3), (1, 3, 2), (1, 2, 1), ((0, 0), (1, 1), (0, 1))),
]


def _ref_select_positions(x, select, wd, ws, pads):  # noqa: ANN001, ANN202
    """Flat index into ``x`` of the element each window selects (the first extreme)."""
    idx = onp.arange(x.size).reshape(x.shape)
    fill = -onp.inf if select == "ge" else onp.inf
    vals = ref_windows(x.astype(float), fill, wd, ws, pads, None, None)
    pos = ref_windows(idx, -1, wd, ws, pads, None, None)
    pick = (onp.argmax if select == "ge" else onp.argmin)(vals, axis=-1)
    return onp.take_along_axis(pos, pick[..., None], -1)[..., 0]


@pytest.mark.parametrize("pool", POOLS)
@pytest.mark.parametrize("select", ["ge", "le"])
def test_select_and_scatter_and_gather(pool: tuple, select: str) -> None:
    shape, wd, ws, pads = pool
    x = onp.random.default_rng(0).permutation(int(onp.prod(shape))).reshape(shape) * 1.0
    chosen = _ref_select_positions(x, select, wd, ws, pads)
    t = _data(shape, onp.float64, seed=3)
    for got in _eager_and_jit(lambda t, x: lax.select_and_gather_add(t, x, select, wd, ws, pads),
                              t, x):  # fmt: skip
        _check(got, t.ravel()[chosen])
    source = _data(chosen.shape, onp.float64, seed=4)
    want = onp.zeros(x.size)
    onp.add.at(want, chosen.ravel(), source.ravel())
    for got in _eager_and_jit(
        lambda s, x: lax.select_and_scatter_add(s, x, select, wd, ws, pads), source, x
    ):
        _check(got, want.reshape(shape))


def test_select_and_scatter_is_transpose_of_gather() -> None:
    rng = onp.random.default_rng(1)
    x, t = rng.standard_normal((6, 7)), rng.standard_normal((6, 7))
    args = ("ge", (3, 3), (2, 2), "SAME")
    g = _value(lax.select_and_gather_add(t, x, *args))
    ct = rng.standard_normal(g.shape)
    s = _value(lax.select_and_scatter_add(ct, x, *args))
    onp.testing.assert_allclose((g * ct).sum(), (s * t).sum(), rtol=1e-12)


def test_select_and_scatter_errors() -> None:
    x = onp.ones((4, 4))
    with pytest.raises(ValueError, match=r"source shape \(3, 3\).*\(2, 2\)"):
        lax.select_and_scatter_add(onp.ones((3, 3)), x, "ge", (2, 2), (2, 2))
    with pytest.raises(ValueError, match="select must be"):
        lax.select_and_scatter_add(onp.ones((2, 2)), x, "gt", (2, 2), (2, 2))
    with pytest.raises(ValueError, match="tangents shape"):
        lax.select_and_gather_add(onp.ones((3, 4)), x, "ge", (2, 2), (2, 2))
    with pytest.raises(TypeError, match="complex"):
        lax.select_and_gather_add(x, x.astype(complex), "ge", (2, 2), (2, 2))


# ----------------------------------------------------------------------------- cumulative ops

CUMULATIVE = [
    ("cumsum", lax.cumsum, onp.cumsum, [onp.int8, onp.int64, onp.uint32, onp.float32,
                                        onp.float64, onp.complex128]),
    ("cumprod", lax.cumprod, onp.cumprod, [onp.int32, onp.uint8, onp.float64, onp.complex64]),
    ("cummax", lax.cummax, onp.maximum.accumulate, [onp.int16, onp.uint64, onp.float16,
                                                    onp.float64, onp.bool_]),
    ("cummin", lax.cummin, onp.minimum.accumulate, [onp.int64, onp.float32, onp.bool_]),
    ("cumlogsumexp", lax.cumlogsumexp, onp.logaddexp.accumulate, [onp.float32, onp.float64]),
]  # fmt: skip


def _cum_ref(ref: Any, x: onp.ndarray, axis: int, reverse: bool) -> onp.ndarray:
    if reverse:
        return onp.flip(_cum_ref(ref, onp.flip(x, axis), axis, False), axis)
    if ref in (onp.cumsum, onp.cumprod):
        return ref(x, axis=axis, dtype=x.dtype)
    return ref(x, axis=axis)


@pytest.mark.parametrize(
    "name, fn, ref, dtype",
    [(n, f, r, d) for n, f, r, ds in CUMULATIVE for d in ds],
    ids=[f"{n}-{onp.dtype(d).name}" for n, _, _, ds in CUMULATIVE for d in ds],
)
@pytest.mark.parametrize("shape, axis", [((7,), 0), ((3, 5), 1), ((4, 3, 2), 0), ((2, 6), -1)])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative(name, fn, ref, dtype, shape, axis, reverse) -> None:  # noqa: ANN001
    x = _data(shape, dtype)
    if name == "cumprod":
        x = (x % 3 + 1).astype(dtype) if onp.dtype(dtype).kind in "iu" else x / 3
    want = _cum_ref(ref, x, axis % len(shape), reverse)
    for got in _eager_and_jit(lambda x: fn(x, axis, reverse), x):
        _check(got, want)


@pytest.mark.parametrize("fn", [lax.cummax, lax.cummin, lax.cumsum, lax.cumlogsumexp])
def test_cumulative_special_values(fn: Any) -> None:
    x = onp.array([1.0, -onp.inf, 2.0, onp.nan, 3.0, onp.inf, -1.0])
    ref = {lax.cummax: onp.maximum.accumulate, lax.cummin: onp.minimum.accumulate,
           lax.cumsum: onp.cumsum, lax.cumlogsumexp: onp.logaddexp.accumulate}[fn]  # fmt: skip
    with onp.errstate(invalid="ignore"):
        _check(fn(x), ref(x))
        y = onp.array([-onp.inf, -onp.inf, 0.0, onp.inf, onp.inf])
        _check(fn(y), ref(y))


@pytest.mark.parametrize("fn, ref", [(lax.cummax, onp.maximum), (lax.cummin, onp.minimum)])
def test_cumulative_complex_is_lexicographic_and_propagates_nan(fn: Any, ref: Any) -> None:
    nan = onp.nan
    c = onp.array([1 + 2j, 1 + 1j, 2 - 1j, 2 - 3j, 0j, 2 + 0j, complex(3, nan), 5 + 0j])
    for dtype in (onp.complex64, onp.complex128):
        x = c.astype(dtype)
        for got in _eager_and_jit(fn, x):
            _check(got, ref.accumulate(x))
        _check(fn(x[::-1], reverse=True), ref.accumulate(x)[::-1])
    win = ref_windows(c, c[0], (3,), (1,), "SAME", None, None)
    want = onp.array([ref.reduce(w) for w in win])
    other = lax.reduce_window_max if ref is onp.maximum else lax.reduce_window_min
    _check(other(c, (3,), (1,), "SAME"), want)


def test_cumlogsumexp_is_stable() -> None:
    x = onp.array([1000.0, 1000.0, -1000.0, 999.0])
    _check(lax.cumlogsumexp(x), onp.logaddexp.accumulate(x))


def test_cumulative_edge_shapes_and_jaxpr() -> None:
    _check(lax.cumsum(onp.zeros((0, 3)), 0), onp.zeros((0, 3)))
    _check(lax.cumprod(onp.full((3, 1), 2.0), 1), onp.full((3, 1), 2.0))
    _check(lax.cumsum(2.0 * onp.ones(3), reverse=True), onp.array([6.0, 4.0, 2.0]))
    text = str(xnp.make_jaxpr(lambda x: lax.cummax(x, 1, reverse=True))(onp.ones((2, 3))))
    assert "cummax[axis=1 reverse=True]" in text
    big = onp.random.default_rng(0).standard_normal(100_000)
    _check(lax.cumsum(big), onp.cumsum(big))


def test_cumulative_errors() -> None:
    with pytest.raises(ValueError, match="cumsum: axis 2 is out of bounds"):
        lax.cumsum(onp.ones((2, 3)), 2)
    with pytest.raises(ValueError, match="at least one dimension"):
        lax.cummax(1.0)
    with pytest.raises(TypeError, match="cumlogsumexp does not accept dtype int64"):
        lax.cumlogsumexp(onp.ones(3, onp.int64))
    with pytest.raises(TypeError, match="cumsum does not accept dtype bool"):
        xnp.jit(lambda x: lax.cumsum(x))(onp.ones(3, bool))


# ----------------------------------------------------------------------------- derivatives
# (the registry matrices in test_ad_matrix.py / test_vmap_matrix.py cover every primitive on
# the rows of tests/lax_cases.py; these add parameter sweeps and the documented conventions)


def _fd_jvp(f: Any, x: onp.ndarray, t: onp.ndarray, eps: float = 1e-6) -> onp.ndarray:
    return (onp.asarray(f(x + eps * t)) - onp.asarray(f(x - eps * t))) / (2 * eps)


def _check_linear_maps(f: Any, x: onp.ndarray, seed: int = 0) -> None:
    """jvp against central differences (where the output is finite) and the transpose
    identity ``<ct, J t> == <J^T ct, t>``."""
    rng = onp.random.default_rng(seed)
    t = rng.standard_normal(x.shape)
    y, jt = xnp.jvp(f, (x,), (t,))
    finite = onp.isfinite(onp.asarray(y))
    with onp.errstate(invalid="ignore"):
        fd = _fd_jvp(f, x, t)
    onp.testing.assert_allclose(onp.asarray(jt)[finite], fd[finite], atol=1e-6)
    ct = rng.standard_normal(onp.shape(y))
    (cx,) = xnp.vjp(f, x)[1](ct)
    lhs, rhs = float(onp.sum(ct * onp.asarray(jt))), float(onp.sum(onp.asarray(cx) * t))
    assert abs(lhs - rhs) <= 1e-9 * max(1.0, abs(lhs))


POOL_PARAMS = [
    # window, strides, padding, base dilation, window dilation
    ((2, 3), (2, 1), ((1, 0), (2, -1)), (1, 2), (1, 1)),
    ((3, 1), (3, 2), ((-1, 2), (0, 0)), (2, 1), (1, 1)),
    ((2, 2), (1, 1), "SAME", (1, 1), (1, 1)),
    ((1, 2), (2, 3), ((0, 1), (1, 1)), (2, 2), (1, 1)),
    ((2, 2), (1, 2), ((1, 1), (0, 2)), (1, 1), (2, 2)),
]


@pytest.mark.parametrize("params", POOL_PARAMS, ids=[f"p{i}" for i in range(len(POOL_PARAMS))])
@pytest.mark.parametrize("fn", [lax.reduce_window_sum, lax.reduce_window_max,
                                lax.reduce_window_min])  # fmt: skip
def test_reduce_window_derivatives(fn: Any, params: tuple) -> None:
    window, strides, padding, bd, wdil = params
    x = onp.random.default_rng(1).standard_normal((5, 6))

    def f(x: Any) -> Any:
        return fn(x, window, strides, padding, bd, wdil)

    if fn is not lax.reduce_window_sum and wdil != (1, 1):
        with pytest.raises(NotImplementedError, match="window dilation"):
            xnp.grad(lambda x: xnp.sum(f(x)))(x)
        y, jt = xnp.jvp(f, (x,), (onp.ones_like(x),))  # forward mode still works
        assert jt.shape == y.shape
        return
    _check_linear_maps(f, x)
    batch = onp.random.default_rng(2).standard_normal((3, 5, 6))
    got = xnp.vmap(f, in_axes=2)(onp.moveaxis(batch, 0, 2))
    onp.testing.assert_allclose(onp.asarray(got), onp.stack([onp.asarray(f(b)) for b in batch]))


def test_max_pool_gradient_goes_to_the_maximum() -> None:
    x = onp.array([[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 6.0, -1.0]])
    g = xnp.grad(lambda x: xnp.sum(lax.reduce_window_max(x, (2, 2), (2, 2), "VALID")))(x)
    onp.testing.assert_array_equal(onp.asarray(g), [[0, 1, 0, 0], [0, 0, 1, 0]])
    h = xnp.hessian(lambda x: xnp.sum(lax.reduce_window_max(x, (2,), (1,), "VALID") ** 2))
    onp.testing.assert_array_equal(onp.asarray(h(onp.array([1.0, 3.0, 2.0, 5.0]))),
                                   onp.diag([0.0, 4.0, 0.0, 2.0]))  # fmt: skip


def _window_product(x: Any) -> Any:
    return lax.reduce_window(x, 1.0, lax.mul, (2, 2), (1, 2), ((1, 0), (0, 1)))


def test_reduce_window_general_computation_is_forward_differentiable() -> None:
    rng = onp.random.default_rng(3)
    x, t = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    _, jt = xnp.jvp(_window_product, (x,), (t,))
    onp.testing.assert_allclose(onp.asarray(jt), _fd_jvp(_window_product, x, t), atol=1e-7)

    def argmax_pair(x: Any) -> Any:  # a variadic reduction: (value, value * position)
        pos = lax.broadcasted_iota("float64", x.shape, 1)

        def pick(a: Any, b: Any) -> Any:
            first = a[0] >= b[0]
            return lax.select(first, a[0], b[0]), lax.select(first, a[1], b[1])

        return lax.reduce_window((x, pos * x), (-onp.inf, 0.0), pick, (1, 3), (1, 1), "VALID")

    _, jts = xnp.jvp(argmax_pair, (x,), (t,))
    for j, fd in zip(jts, zip(*(argmax_pair(x + s * 1e-6 * t) for s in (1, -1))), strict=True):
        onp.testing.assert_allclose(onp.asarray(j), (onp.asarray(fd[0]) - onp.asarray(fd[1]))
                                    / 2e-6, atol=1e-7)  # fmt: skip
    with pytest.raises(NotImplementedError, match="reverse-mode differentiation of reduce_window"):
        xnp.grad(lambda x: xnp.sum(_window_product(x)))(x)


def test_reduce_window_vmap() -> None:
    batch = onp.random.default_rng(4).standard_normal((3, 4, 5))
    got = xnp.vmap(_window_product, in_axes=1)(onp.moveaxis(batch, 0, 1))
    want = onp.stack([onp.asarray(_window_product(b)) for b in batch])
    onp.testing.assert_allclose(onp.asarray(got), want)
    with pytest.raises(NotImplementedError, match="batched init_value"):
        xnp.vmap(lambda x, i: lax.reduce_window(x, i, lax.mul, (2,), (1,), "VALID"))(
            onp.ones((3, 4)), onp.ones(3))  # fmt: skip


@pytest.mark.parametrize("fn", [lax.cumsum, lax.cumprod, lax.cummax, lax.cummin,
                                lax.cumlogsumexp])  # fmt: skip
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8, 13, 32, 33])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumulative_derivatives(fn: Any, n: int, reverse: bool) -> None:
    # Lengths of every parity exercise each level of the parallel prefix.
    rng = onp.random.default_rng(n)
    x = rng.uniform(0.5, 1.5, (2, n)) if fn is lax.cumprod else rng.standard_normal((2, n))
    _check_linear_maps(lambda x: fn(x, 1, reverse), x)


def test_cumprod_gradient_with_zeros() -> None:
    x = onp.array([2.0, 0.0, 3.0, 0.0, 5.0, 1.5])
    want = [sum(onp.prod(onp.delete(x[: i + 1], j)) for i in range(j, 6)) for j in range(6)]
    onp.testing.assert_allclose(onp.asarray(xnp.grad(lambda x: xnp.sum(lax.cumprod(x)))(x)),
                                want)  # fmt: skip
    one_zero = onp.array([2.0, 0.0, 3.0])
    g = xnp.grad(lambda x: xnp.sum(lax.cumprod(x)))(one_zero)
    onp.testing.assert_allclose(onp.asarray(g), [1.0, 2.0 + 6.0, 0.0])


def test_cumlogsumexp_gradient_over_a_wide_range() -> None:
    # Softmax weights exp(x[j] - out[i]) without overflow or 0/0, even in float32.
    x = onp.array([-300.0, -200.0, -100.0, 0.0, -1000.0, 5.0], onp.float32)
    c = onp.arange(1.0, 7.0, dtype=onp.float32)
    g = xnp.grad(lambda x: xnp.sum(lax.cumlogsumexp(x) * c))(x)
    out = onp.logaddexp.accumulate(x.astype(onp.float64))
    want = [sum(c[i] * onp.exp(x[j] - out[i]) for i in range(j, 6)) for j in range(6)]
    onp.testing.assert_allclose(onp.asarray(g), want, rtol=1e-6)


def test_cummax_tangent_follows_the_last_attained_maximum() -> None:
    x = onp.array([1.0, 3.0, 3.0, 2.0, onp.nan, 5.0])
    g = xnp.grad(lambda x: xnp.sum(lax.cummax(x)))(x)
    onp.testing.assert_array_equal(onp.asarray(g), [1.0, 1.0, 2.0, 0.0, 2.0, 0.0])
