"""xnp's ufuncs against NumPy's: every dtype on special values, and random shapes, dtypes,
broadcasting and Python scalars drawn by hypothesis. Adding a function is one ``Row``."""

from __future__ import annotations

import itertools

import numpy as onp
import pytest
from compat_harness import (
    ALL,
    INT,
    REAL,
    SIGNED,
    Known,
    Row,
    as_host,
    check,
    check_may_differ,
    dtype_name,
    known_still_differs,
    operands,
    special_values,
    stale_checked,
)
from hypothesis import given
from hypothesis import strategies as st

import xnp

NONCOMPLEX = REAL
INTEGRAL = [onp.dtype(bool)] + INT
POS = (0.0, 100.0)
UNIT = (-1.0, 1.0)


def u(name: str, **kw) -> Row:
    return Row(name, getattr(xnp, name), getattr(onp, name), 1, **kw)


def b(name: str, **kw) -> Row:
    return Row(name, getattr(xnp, name), getattr(onp, name), 2, **kw)


_NEG_POWER = "NumPy raises for integers to negative powers; jit cannot see values"

ROWS = [
    # arithmetic
    b("add"), b("subtract"), b("multiply"), b("divide"), b("true_divide"),
    b("floor_divide", dtypes=tuple(NONCOMPLEX)), b("remainder", dtypes=tuple(NONCOMPLEX)),
    b("fmod", dtypes=tuple(NONCOMPLEX)), b("divmod", dtypes=tuple(NONCOMPLEX)),
    b("power", domain=(-4.0, 4.0), value_errors_eager_only=_NEG_POWER),
    b("float_power", domain=(-4.0, 4.0)),
    u("negative"), u("positive"), u("absolute"), u("fabs", dtypes=tuple(NONCOMPLEX)),
    u("sign"), u("square"), u("conjugate"), u("reciprocal"),
    b("heaviside", dtypes=tuple(NONCOMPLEX)),
    # exponentials and logarithms
    u("exp", domain=(-30.0, 30.0)), u("exp2", domain=(-30.0, 30.0)),
    u("expm1", domain=(-30.0, 30.0)), u("log", domain=POS), u("log2", domain=POS),
    u("log10", domain=POS), u("log1p", domain=(-1.0, 100.0)), u("sqrt", domain=POS),
    u("cbrt", dtypes=tuple(NONCOMPLEX)),
    b("logaddexp", dtypes=tuple(NONCOMPLEX)), b("logaddexp2", dtypes=tuple(NONCOMPLEX)),
    # trigonometric and hyperbolic
    u("sin"), u("cos"), u("tan", domain=(-1.5, 1.5)), u("arcsin", domain=UNIT),
    u("arccos", domain=UNIT), u("arctan"), u("sinh", domain=(-5.0, 5.0)),
    u("cosh", domain=(-5.0, 5.0)), u("tanh"), u("arcsinh"), u("arccosh", domain=(1.0, 50.0)),
    u("arctanh", domain=UNIT), b("arctan2", dtypes=tuple(NONCOMPLEX)),
    b("hypot", dtypes=tuple(NONCOMPLEX)), u("deg2rad", dtypes=tuple(NONCOMPLEX)),
    u("rad2deg", dtypes=tuple(NONCOMPLEX)), u("degrees", dtypes=tuple(NONCOMPLEX)),
    u("radians", dtypes=tuple(NONCOMPLEX)),
    # rounding and floating point
    u("floor", dtypes=tuple(NONCOMPLEX)), u("ceil", dtypes=tuple(NONCOMPLEX)),
    u("trunc", dtypes=tuple(NONCOMPLEX)), u("rint"), u("isnan"), u("isinf"), u("isfinite"),
    u("signbit", dtypes=tuple(NONCOMPLEX)), b("copysign", dtypes=tuple(NONCOMPLEX)),
    b("nextafter", dtypes=tuple(NONCOMPLEX)), u("spacing", dtypes=tuple(NONCOMPLEX)),
    u("frexp", dtypes=tuple(NONCOMPLEX)), u("modf", dtypes=tuple(NONCOMPLEX)),
    Row("ldexp", xnp.ldexp, onp.ldexp, 2, dtypes=tuple(NONCOMPLEX),
        arg_dtypes=(tuple(NONCOMPLEX), tuple(SIGNED)), arg_domains=((-10.0, 10.0), (-40, 40))),
    b("maximum"), b("minimum"), b("fmax"), b("fmin"),
    # comparisons and logic
    b("equal"), b("not_equal"), b("less"), b("less_equal"), b("greater"), b("greater_equal"),
    b("logical_and"), b("logical_or"), b("logical_xor"), u("logical_not"),
    # bits
    b("bitwise_and", dtypes=tuple(INTEGRAL)), b("bitwise_or", dtypes=tuple(INTEGRAL)),
    b("bitwise_xor", dtypes=tuple(INTEGRAL)), u("invert", dtypes=tuple(INTEGRAL)),
    b("left_shift", dtypes=tuple(INTEGRAL)), b("right_shift", dtypes=tuple(INTEGRAL)),
    u("bitwise_count", dtypes=tuple(INTEGRAL)), b("gcd", dtypes=tuple(INT)),
    b("lcm", dtypes=tuple(INT)),
]  # fmt: skip
ROWS_BY_NAME = {r.name: r for r in ROWS}


def _tiny_result(*args: onp.ndarray) -> onp.ndarray:
    return onp.zeros(onp.broadcast_shapes(*(onp.shape(a) for a in args)), bool)


def _f64(a: onp.ndarray) -> onp.ndarray:
    return onp.asarray(a).astype(onp.complex128 if onp.asarray(a).dtype.kind == "c" else
                                 onp.float64)  # fmt: skip


def _nonfinite(*args: onp.ndarray) -> onp.ndarray:
    out = _tiny_result(*args)
    for a in args:
        a = _f64(a)
        if a.dtype.kind == "c":
            out = out | ~onp.isfinite(a.real) | ~onp.isfinite(a.imag)
        else:
            out = out | ~onp.isfinite(a)
    return out


def _bool_operand(*args: onp.ndarray) -> onp.ndarray:
    # Where a boolean operand is False, or True against a non-finite complex number.
    out = _tiny_result(*args)
    nonfinite = _nonfinite(*[a for a in args if onp.asarray(a).dtype.kind == "c"] or [False])
    for a in args:
        a = onp.asarray(a)
        if a.dtype == bool:
            out = out | ~a | (a & nonfinite)
    return out


def _both_zero(a: onp.ndarray, b: onp.ndarray) -> onp.ndarray:
    return (_f64(a) == 0) & (_f64(b) == 0)


# Known differences from NumPy. Each has its reason; masked entries are checked to still differ.
_COMPLEX_NONFINITE = (
    "power|float_power|exp|exp2|expm1|sin|cos|tan|sinh|cosh|tanh|sqrt|arctan|arctanh"
)
KNOWN = [
    Known(
        _COMPLEX_NONFINITE,
        "XLA's complex exp, sin, cos, sqrt, atan, atanh and pow treat some "
        "infinite and NaN parts differently from C99 Annex G, which NumPy follows",
        ("complex64", "complex128"),
        _nonfinite,
    ),
    Known(
        "maximum|minimum|fmax|fmin",
        "which zero a tie of 0.0 and -0.0 returns is an "
        "implementation detail (NumPy's SIMD loops return the second operand)",
        None,
        _both_zero,
    ),
    Known(
        "multiply|divide|true_divide",
        "under jit XLA rewrites arithmetic on a boolean "
        "converted to float into a select: False * -x gives 0.0 (not -0.0), False / 0 gives "
        "0 (not NaN), True * (-3+infj) gives -3+infj (not nan+infj)",
        None,
        _bool_operand,
        lambda: [onp.array([False, False]), onp.array([-2.0, 0.0])],
    ),
]


def _case_ids(rows: list[Row]) -> list:
    cases = []
    for row in rows:
        for dt in ALL:
            cases.append(pytest.param(row, dt, id=f"{row.name}-{dtype_name(dt)}"))
    return cases


def _special_operands(row: Row, dt: onp.dtype) -> tuple[list[onp.ndarray], list[onp.dtype]]:
    if row.arg_dtypes is not None:
        dts = [dt] + [onp.dtype("int32")] * (row.nargs - 1)
    else:
        dts = [dt] * row.nargs
    vals = [special_values(d) for d in dts]
    if row.nargs == 1:
        return [as_host(vals[0], dt)], dts
    grid = list(itertools.product(*vals))
    return [as_host([g[i] for g in grid], d) for i, d in enumerate(dts)], dts


@pytest.mark.parametrize("row, dt", _case_ids(ROWS))
def test_special_values(row: Row, dt: onp.dtype) -> None:
    """Every dtype (accepted or not) on all its special values, and all pairs of them."""
    args, dts = _special_operands(row, dt)
    check(row, args, dts, {}, KNOWN)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
@given(data=st.data())
def test_random(row: Row, data: st.DataObject) -> None:
    """Random shapes (broadcasting pairs, 0-d, empty), dtypes, values and Python scalars."""
    args, dts = data.draw(operands(row))
    check(row, args, dts, {}, KNOWN)


@pytest.mark.parametrize("known", stale_checked(KNOWN), ids=lambda k: k.funcs[:40])
def test_known_differences_still_differ(known: Known) -> None:
    """Each masked known difference still shows (else it is stale: remove it from KNOWN)."""
    assert known_still_differs(known, ROWS, lambda row, dt: _special_operands(row, dt)[0]), (
        known.reason
    )


@pytest.mark.parametrize("known", [k for k in KNOWN if k.may_differ], ids=lambda k: k.funcs[:40])
def test_known_differences_may_differ(known: Known) -> None:
    """A host-dependent difference: the masked comparison passes on its example here."""
    assert check_may_differ(known, ROWS) > 0, known.reason


def test_every_ufunc_has_a_row() -> None:
    names = {n for n in dir(xnp) if isinstance(getattr(xnp, n), xnp.ufunc)}
    primary = {getattr(xnp, n).__name__ for n in names}
    assert primary <= set(ROWS_BY_NAME), sorted(primary - set(ROWS_BY_NAME))
