"""xnp's reductions against NumPy's: axes, keepdims, dtype, ddof, where and initial drawn by
hypothesis over every dtype; special values (NaN, infinities, signed zeros) on their own."""

from __future__ import annotations

import dataclasses

import ml_dtypes
import numpy as onp
import pytest
from compat_harness import (
    ALL,
    BF16,
    COMPLEX,
    DEFAULT_TOL,
    F16,
    FLOAT,
    INT,
    REAL,
    Known,
    Row,
    as_host,
    check,
    check_may_differ,
    draw_kwargs,
    dtype_name,
    known_still_differs,
    operands,
    special_values,
    stale_checked,
)
from hypothesis import given
from hypothesis import strategies as st

import xnp

SHAPES = st.sampled_from([[(3,)], [(2, 3)], [(0,)], [(2, 0)], [()], [(2, 1, 3)]])


def _axis(shapes: list[tuple], allow_tuple: bool = True) -> st.SearchStrategy:
    nd = len(shapes[0])
    if nd == 0:
        return st.sampled_from([None, 0, -1] if allow_tuple else [None])
    single = st.integers(-nd, nd - 1)
    opts = [st.none(), single]
    if allow_tuple:
        opts.append(st.lists(st.integers(0, nd - 1), min_size=1, max_size=nd, unique=True)
                    .map(tuple))  # fmt: skip
    return st.one_of(*opts)


def _kw(allow_tuple: bool = True, **extra: st.SearchStrategy):
    def strategy(shapes: list[tuple]) -> st.SearchStrategy:
        return st.fixed_dictionaries({"axis": _axis(shapes, allow_tuple)},
                                     optional={"keepdims": st.booleans(), **extra})  # fmt: skip

    return strategy


_ACC_DTYPES = st.sampled_from([None, "float64", "float32", "int64", "complex128"])


def _abs_sum(args: list, kwargs: dict):
    # Rounding errors of a sum scale with the sum of magnitudes (the order is XLA's).
    a = onp.asarray(args[0])
    a = onp.abs(a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64))
    kw = {k: v for k, v in kwargs.items() if k in ("axis", "keepdims") and a.ndim}
    if "where" in kwargs:
        a = onp.where(onp.asarray(kwargs["where"]), a, 0)
    a = onp.where(onp.isnan(a), 0, a)
    return onp.sum(a, **kw)


def _std_scale(args: list, kwargs: dict):
    # A standard deviation near 0 is the square root of a variance whose rounding error is
    # about eps * mean(x**2): its own error is about sqrt(eps) * rms(x), far above rtol * std.
    a = onp.asarray(args[0])
    out_dt = onp.result_type(a.dtype if a.dtype.kind in "fc" else onp.float64, onp.float16)
    dt = onp.dtype(onp.float32) if a.dtype == BF16 else out_dt
    real = onp.finfo(dt).dtype
    rtol = DEFAULT_TOL["bfloat16" if a.dtype == BF16 else real.name][0]
    eps = float(ml_dtypes.finfo(BF16).eps) if a.dtype == BF16 else float(onp.finfo(real).eps)
    x = onp.abs(a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64))
    kw = {k: v for k, v in kwargs.items() if k in ("axis", "keepdims") and a.ndim}
    rms = onp.sqrt(onp.mean(onp.where(onp.isnan(x), 0, x) ** 2, **kw))
    return 4 * rms * onp.sqrt(eps) / rtol


def _abs_cumsum(args: list, kwargs: dict, default_axis: int | None = None):
    # A running sum's rounding errors scale with the running sum of magnitudes.
    a = onp.asarray(args[0])
    a = onp.abs(a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64))
    a = onp.where(onp.isnan(a), 0, a)
    if a.ndim == 0:
        return onp.cumsum(a)
    out = onp.cumsum(a, axis=kwargs.get("axis", default_axis))
    return out if not kwargs.get("include_initial") else onp.concatenate([[0.0], out])


def _abs_cumsum_axis0(args: list, kwargs: dict):
    return _abs_cumsum(args, kwargs, 0)


def _cum_kw(shapes: list[tuple]) -> st.SearchStrategy:
    nd = len(shapes[0])
    axis = st.none() | st.integers(-nd, nd - 1) if nd else st.none()
    dtype = st.sampled_from([None, None, "float64", "int64", "float32"])
    return st.fixed_dictionaries({"axis": axis}, optional={"dtype": dtype})


def _accumulate_row(name: str) -> Row:
    uf = getattr(xnp, name)

    def kw(shapes: list[tuple]) -> st.SearchStrategy:
        nd = len(shapes[0])
        return st.fixed_dictionaries({"axis": st.integers(-nd, nd - 1)})

    shapes = st.sampled_from([[(3,)], [(2, 3)], [(0,)], [(2, 1, 3)]])
    scale = _abs_cumsum_axis0 if name == "add" else None
    return Row(f"{name}.accumulate", uf.accumulate, getattr(onp, name).accumulate, 1,
               kwargs=kw, shapes=shapes, scale=scale)  # fmt: skip


SUMS = ("sum", "nansum", "mean", "nanmean", "sum[where]", "mean[where]")


def r(name: str, kwargs=None, dtypes=tuple(ALL), np_name: str | None = None, **kw) -> Row:
    return Row(name, getattr(xnp, name), getattr(onp, np_name or name), 1, dtypes=dtypes,
               kwargs=kwargs if kwargs is not None else _kw(), shapes=SHAPES, **kw)  # fmt: skip


def _where_kw(initial: bool):
    def strategy(shapes: list[tuple]) -> st.SearchStrategy:
        mask = st.lists(st.booleans(), min_size=3, max_size=3).map(tuple)
        base = {"axis": _axis(shapes)}
        if initial:
            base["initial"] = st.sampled_from([-5, 0, 7])
        return st.fixed_dictionaries(base, optional={"keepdims": st.booleans(),
                                                     "where": mask})  # fmt: skip

    return strategy


def _where_row(name: str, initial: bool) -> Row:
    # `where` masks of the last axis (length 3); tuples so that jit can take them as static.
    def xfn(a, *, where=None, **kw):  # noqa: ANN001, ANN003, ANN202
        w = None if where is None else onp.asarray(where)
        return getattr(xnp, name)(a, where=True if w is None else w, **kw)

    def nfn(a, *, where=None, **kw):  # noqa: ANN001, ANN003, ANN202
        return getattr(onp, name)(a, where=True if where is None else onp.asarray(where), **kw)

    shapes = st.sampled_from([[(3,)], [(2, 3)], [(2, 1, 3)]])
    return Row(f"{name}[where]", xfn, nfn, 1, dtypes=tuple(REAL), kwargs=_where_kw(initial),
               shapes=shapes)  # fmt: skip


ROWS = [
    r("sum", _kw(dtype=_ACC_DTYPES)), r("prod", _kw(dtype=_ACC_DTYPES)),
    r("mean", _kw(dtype=st.sampled_from([None, "float32", "float64"])),
      dtypes=tuple(REAL + COMPLEX)),
    r("max"), r("min"), r("amax"), r("amin"), r("all"), r("any"),
    r("argmax", _kw(allow_tuple=False)), r("argmin", _kw(allow_tuple=False)),
    r("var", _kw(ddof=st.sampled_from([0, 1]))), r("std", _kw(ddof=st.sampled_from([0, 1]))),
    r("nansum"), r("nanprod"), r("nanmax"), r("nanmin"), r("nanmean"),
    r("nanvar", _kw(ddof=st.sampled_from([0, 1]))), r("nanstd"),
    r("ptp", dtypes=tuple(INT + FLOAT)),
    r("count_nonzero", _kw(allow_tuple=True)),
    r("cumsum", _cum_kw, scale=_abs_cumsum),
    r("cumprod", _cum_kw),
    r("nancumsum", _cum_kw, scale=_abs_cumsum),
    r("nancumprod", _cum_kw),
    Row("cumulative_sum", xnp.cumulative_sum, onp.cumulative_sum, 1,
        kwargs=lambda s: st.fixed_dictionaries({}, optional={"include_initial": st.booleans()}),
        shapes=st.sampled_from([[(3,)], [(0,)], [(5,)]]), scale=_abs_cumsum),
    _accumulate_row("add"), _accumulate_row("multiply"), _accumulate_row("maximum"),
    _accumulate_row("minimum"),
    _where_row("sum", False), _where_row("prod", False), _where_row("max", True),
    _where_row("min", True), _where_row("mean", False), _where_row("all", False),
]  # fmt: skip
ROWS = [dataclasses.replace(row, scale=_abs_sum) if row.name in SUMS else
        dataclasses.replace(row, scale=_std_scale) if row.name in ("std", "nanstd") else row
        for row in ROWS]  # fmt: skip
ROWS_BY_NAME = {row.name: row for row in ROWS}


def _zero_result(want: onp.ndarray) -> onp.ndarray:
    return onp.asarray(want) == 0


def _zero_sum(want: onp.ndarray) -> onp.ndarray:
    return onp.asarray(want) == 0


def _half_overflow(a: onp.ndarray) -> onp.ndarray:
    a = onp.asarray(a)
    if a.dtype not in (onp.dtype(onp.float16), BF16):
        return onp.zeros((), bool)
    big = float((ml_dtypes.finfo(a.dtype) if a.dtype == BF16 else onp.finfo(a.dtype)).max) / 4
    return onp.asarray(onp.abs(a.astype(onp.float64)) > big).any()


def _complex_nonfinite(a: onp.ndarray) -> onp.ndarray:
    a = onp.asarray(a)
    if a.dtype.kind != "c":
        return onp.zeros((), bool)
    return onp.broadcast_to(~onp.isfinite(a).all(), ())


def _overflow_order(a: onp.ndarray) -> onp.ndarray:
    a = onp.asarray(a)
    if a.dtype.kind not in "fcV":
        return onp.zeros((), bool)
    own = ml_dtypes.finfo(a.dtype) if a.dtype == BF16 else onp.finfo(a.dtype)
    fi = onp.finfo(onp.float32 if a.dtype.itemsize <= 4 else a.dtype)
    a = onp.abs(a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64))
    small = (a < onp.sqrt(fi.tiny)).any()
    return onp.broadcast_to(small & (a > onp.sqrt(float(own.max))).any(), ())


def _nonfinite_to_int(a: onp.ndarray, kwargs: dict) -> onp.ndarray:
    a = onp.asarray(a)
    target = kwargs.get("dtype")
    if a.dtype.kind not in "fcV" or target is None or onp.dtype(target).kind not in "iu":
        return onp.zeros((), bool)
    a = a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64)
    info = onp.iinfo(target)
    with onp.errstate(invalid="ignore"):
        real = a.real
        fits = onp.isfinite(a) & (real >= info.min) & (real <= info.max)
    return onp.broadcast_to(~fits.all(), ())


KNOWN = [
    Known(
        "cumsum|nancumsum|cumulative_sum|add.accumulate|cumprod|nancumprod|multiply.accumulate",
        "half-precision running sums and products: NumPy rounds every partial result to float16 "
        "(so one can overflow to inf), XLA accumulates in float32",
        ("float16", "bfloat16"),
        _half_overflow,
        lambda: [as_host([[v, *special_values(F16)[:4]] for v in special_values(F16)], F16)],
    ),
    Known(
        "sum|nansum|mean|nanmean|sum\\[where\\]|mean\\[where\\]|cumsum|nancumsum|"
        "cumulative_sum|add.accumulate|maximum.accumulate|minimum.accumulate",
        "the sign of a zero (running) sum or of a tie of 0.0 and -0.0: NumPy adds the identity "
        "+0.0 to a 0-d array's only element and starts an accumulation from the first "
        "element; XLA starts its windowed reductions from the identity",
        None,
        _zero_sum,
        lambda: [onp.array(-0.0)],
        on_result=True,
    ),
    Known(
        "prod|nanprod|cumprod|nancumprod|multiply.accumulate",
        "NumPy multiplies a complex element by the identity 1 (1 * (1+infj) is nan+infj); XLA "
        "returns the element of a one-element product as it is",
        ("complex64", "complex128"),
        _complex_nonfinite,
        lambda: [onp.array(complex(1, onp.inf))],
    ),
    Known(
        "sum|prod|cumsum|cumprod|nancumsum|nancumprod",
        "casting NaN, infinity or a value beyond the integer range to an integer dtype (C "
        "leaves it undefined): XLA gives 0 or saturates, NumPy (x86) gives the minimum integer",
        None,
        _nonfinite_to_int,
        lambda: ([onp.array([onp.nan, 1.0])], {"dtype": "int64"}),
        with_kwargs=True,
    ),
    Known(
        "max|min|amax|amin|nanmax|nanmin|ptp|max\\[where\\]|min\\[where\\]",
        "which zero the max or min of 0.0 and -0.0 is, is an implementation detail",
        None,
        _zero_result,
        lambda: [onp.array([0.0, -0.0])],
        on_result=True,
    ),
    Known(
        "prod|nanprod|prod\\[where\\]|cumprod|nancumprod|multiply.accumulate",
        "a product of huge and tiny (or zero) values is 0, inf or NaN depending on the order of "
        "multiplication (an intermediate overflows, or underflows to a subnormal that XLA "
        "flushes to 0): NumPy multiplies in order, XLA in its own order (half precision in "
        "float32)",
        None,
        _overflow_order,
        lambda: [as_host([[0, 0, 0], [1, 2, 3.38e38]], BF16)],
        may_differ="whether the intermediate overflows depends on the host's half-precision "
        "conversions and XLA's CPU codegen for them",
    ),
    Known(
        "mean|nanmean",
        "NumPy divides a complex sum by the count as a complex number "
        "(Smith's algorithm), so an infinite mean becomes NaN; xnp divides each part",
        ("complex64", "complex128"),
        _complex_nonfinite,
        lambda: [onp.array([complex(onp.inf, onp.inf), 0j])],
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
@given(data=st.data())
def test_random(row: Row, data: st.DataObject) -> None:
    args, dts = data.draw(operands(row))
    kwargs = draw_kwargs(data.draw, row, args)
    check(row, args, dts, kwargs, KNOWN)


def _special_cases() -> list:
    cases = []
    for row in ROWS:
        if "[" in row.name:
            continue
        for dt in ALL:
            cases.append(pytest.param(row, dt, id=f"{row.name}-{dtype_name(dt)}"))
    return cases


@pytest.mark.parametrize("row, dt", _special_cases())
def test_special_values(row: Row, dt: onp.dtype) -> None:
    """Each special value reduced with ordinary values, one per row, over the last axis."""
    specials = special_values(dt)
    ordinary = special_values(dt)[:4]
    rows = [[v, *ordinary] for v in specials]
    a = as_host(rows, dt)
    for kwargs in ({"axis": -1}, {}):
        check(row, [a], [dt], kwargs, KNOWN)


@pytest.mark.parametrize("known", stale_checked(KNOWN), ids=lambda k: k.funcs[:40])
def test_known_differences_still_differ(known: Known) -> None:
    """Each masked known difference still shows (else it is stale: remove it from KNOWN)."""
    assert known_still_differs(known, ROWS, lambda row, dt: [as_host(special_values(dt), dt)]), (
        known.reason
    )


@pytest.mark.parametrize("known", [k for k in KNOWN if k.may_differ], ids=lambda k: k.funcs[:40])
def test_known_differences_may_differ(known: Known) -> None:
    """A host-dependent difference: the masked comparison passes on its example here."""
    assert check_may_differ(known, ROWS) > 0, known.reason
