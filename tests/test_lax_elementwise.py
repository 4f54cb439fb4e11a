"""Elementwise lax primitives against NumPy and SciPy: one table row per primitive.

Each row names the lax function, its reference, the dtypes it accepts and a generator of
inputs (random values in the op's domain, plus nan, inf, -0.0 and 0 where they make sense).
Every (row, dtype) runs eagerly and under ``xnp.jit`` and is checked for value, dtype and
shape; float16/bfloat16/float32 references are computed in float64 and rounded. A second table
pins down the values XLA defines where NumPy differs or is silent (integer division by zero,
out-of-range shifts, signed zeros), and a third the errors for bad dtypes and shapes.
"""

from __future__ import annotations

import dataclasses
import warnings
import zlib
from collections.abc import Callable

import ml_dtypes
import numpy as onp
import pytest
import scipy.special as sc

import xnp
from xnp import lax
from xnp._src import ad_util, core
from xnp._src.lax import elementwise, special
from xnp._src.lax import utils as lax_utils

bf16 = onp.dtype(ml_dtypes.bfloat16)
f16, f32, f64 = onp.dtype(onp.float16), onp.dtype(onp.float32), onp.dtype(onp.float64)
c64, c128 = onp.dtype(onp.complex64), onp.dtype(onp.complex128)
BOOL = (onp.dtype(bool),)
SINT = tuple(map(onp.dtype, (onp.int8, onp.int16, onp.int32, onp.int64)))
UINT = tuple(map(onp.dtype, (onp.uint8, onp.uint16, onp.uint32, onp.uint64)))
INT = SINT + UINT
FLOAT = (f16, bf16, f32, f64)
COMPLEX = (c64, c128)
INEXACT = FLOAT + COMPLEX
NUMERIC = INT + INEXACT
ANY = BOOL + NUMERIC
N = 24  # elements per random input

# Relative tolerances against a float64 reference rounded to the dtype.
RTOL = {f16: 2e-3, bf16: 1.6e-2, f32: 3e-6, f64: 1e-13, c64: 3e-6, c128: 1e-13}


def to_x(a: onp.ndarray) -> xnp.ndarray:
    """An xnp array of ``a`` (``xnp.asarray`` does not take bfloat16 NumPy arrays yet)."""
    return lax_utils.asarray(a)


def to_np(x: xnp.ndarray) -> onp.ndarray:
    """The host value of ``x``; bfloat16 through its bits (reading a bfloat16 buffer back
    directly gives an object array in this backend)."""
    if x.dtype == bf16:
        return onp.asarray(lax.bitcast_convert_type(x, onp.uint16)).view(bf16)
    return onp.asarray(x)


def kind(dtype: onp.dtype) -> str:
    return "f" if dtype == bf16 else dtype.kind


# ----------------------------------------------------------------------------- domains
# A domain is ``(rng, dtype) -> list of NumPy arrays`` (one per operand).

SPECIALS = (onp.nan, onp.inf, -onp.inf, 0.0, -0.0)


def _values(rng: onp.random.Generator, dtype: onp.dtype, lo: float, hi: float, specials: bool):
    k = kind(dtype)
    if k == "b":
        return rng.integers(0, 2, N).astype(bool)
    if k in "iu":
        info = onp.iinfo(dtype)
        lo_i, hi_i = int(max(lo, info.min)), int(min(hi, info.max))
        return rng.integers(lo_i, hi_i, N, dtype=dtype, endpoint=True)
    if k == "c":
        part = f32 if dtype == c64 else f64
        re, im = (_values(rng, part, lo, hi, False) for _ in range(2))
        out = (re + 1j * im).astype(dtype)
        if specials:
            out[:3] = [complex(onp.nan, 0.0), 0j, complex(1.0, onp.nan)]
        return out
    big = float(ml_dtypes.finfo(dtype).max) / 4
    out = rng.uniform(max(lo, -big), min(hi, big), N)
    if specials:
        out[: len(SPECIALS)] = SPECIALS
        rng.shuffle(out)
    return out.astype(dtype)


def uniform(lo: float = -10.0, hi: float = 10.0, nargs: int = 1, specials: bool = True):
    return lambda rng, dtype: [_values(rng, dtype, lo, hi, specials) for _ in range(nargs)]


def full_range(nargs: int = 1):
    """All of a real dtype's range; complex parts small enough that products stay finite
    (overflowing complex products have no agreed signs)."""

    def domain(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
        bound = {c64: 1e15, c128: 1e100}.get(dtype, 1e300)
        return [_values(rng, dtype, -bound, bound, True) for _ in range(nargs)]

    return domain


def ties(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    """Small integers and halves, many of them equal: comparisons, rounding and ties."""
    return [(_values(rng, dtype, -4, 4, True) / (1 if kind(dtype) in "biu" else 2)).astype(dtype)]


def ties2(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    return [(_values(rng, dtype, -2, 2, True)) for _ in range(2)]


def nonzero_divisor(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    x, y = _values(rng, dtype, -1e300, 1e300, True), _values(rng, dtype, -50, 50, True)
    if kind(dtype) in "iu":
        y[y == 0] = 1
        if kind(dtype) == "i":  # iinfo.min / -1 overflows: pinned in the semantics table
            x[x == onp.iinfo(dtype).min] = 0
    elif kind(dtype) == "f":
        x = _values(rng, dtype, -100, 100, True)
    else:
        x, y = _values(rng, dtype, -100, 100, False), _values(rng, dtype, -100, 100, False)
    return [x, y]


def shift_amounts(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    bits = dtype.itemsize * 8
    return [_values(rng, dtype, -1e300, 1e300, False), rng.integers(0, bits, N).astype(dtype)]


def gamma_args(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    a = onp.exp(rng.uniform(-3, 6, N))
    x = a * onp.exp(rng.normal(0, 0.4, N))
    x[::5] = rng.uniform(0, 3, len(x[::5]))
    a[:4], x[:4] = [1.0, 2.0, onp.nan, 3.0], [0.0, onp.inf, 1.0, onp.nan]
    return [a.astype(dtype), x.astype(dtype)]


def polygamma_args(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    m = rng.integers(0, 4, N).astype(dtype)
    return [m, rng.uniform(0.2, 10, N).astype(dtype)]


def zeta_args(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
    return [rng.uniform(1.1, 8, N).astype(dtype), rng.uniform(0.2, 10, N).astype(dtype)]


def select_args(ncases: int, which_dtype: onp.dtype):
    def domain(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
        which = rng.integers(0, ncases, N).astype(which_dtype)
        return [which, *(_values(rng, dtype, -100, 100, True) for _ in range(ncases))]

    return domain


def clamp_args(scalar_bounds: bool):
    def domain(rng: onp.random.Generator, dtype: onp.dtype) -> list[onp.ndarray]:
        x = _values(rng, dtype, -100, 100, True)
        if scalar_bounds:
            bounds = {"b": (0, 1), "u": (3, 7)}.get(kind(dtype), (-5, 7))
            lo, hi = (onp.asarray(v, dtype) for v in bounds)
            return [lo, x, hi]
        lo = _values(rng, dtype, -50, 0, False)
        return [
            lo,
            x,
            (lo + onp.asarray(20, dtype)).astype(dtype) if kind(dtype) != "b" else lo | True,
        ]

    return domain


# ----------------------------------------------------------------------------- references


def _trunc_div(x: onp.ndarray, y: onp.ndarray) -> onp.ndarray:
    if kind(x.dtype) == "u":
        return x // y
    if kind(x.dtype) == "i":
        q = onp.abs(x) // onp.abs(y)
        return onp.where((x < 0) != (y < 0), -q, q).astype(x.dtype)
    return x / y


def _round_afz(x: onp.ndarray) -> onp.ndarray:
    t = onp.trunc(x)
    return t + onp.where(onp.abs(x - t) >= 0.5, onp.sign(x), 0)


def _unsigned(x: onp.ndarray) -> onp.ndarray:
    return x.view(onp.dtype(f"u{x.dtype.itemsize}"))


def _clz(x: onp.ndarray) -> onp.ndarray:
    bits = x.dtype.itemsize * 8
    out = [bits - int(v).bit_length() for v in _unsigned(x).ravel()]
    return onp.array(out, x.dtype).reshape(x.shape)


def _shift_right_logical(x: onp.ndarray, s: onp.ndarray) -> onp.ndarray:
    return onp.right_shift(_unsigned(x), _unsigned(s)).view(x.dtype)


def _shift_right_arithmetic(x: onp.ndarray, s: onp.ndarray) -> onp.ndarray:
    # On the bit pattern read as signed, for unsigned dtypes too (as XLA defines it).
    signed = onp.dtype(f"i{x.dtype.itemsize}")
    return onp.right_shift(x.view(signed), s.view(signed)).view(x.dtype)


def _lgamma(x: onp.ndarray) -> onp.ndarray:
    # XLA follows C99, lgamma(-inf) = +inf; SciPy's gammaln(-inf) is -inf.
    return onp.where(x == -onp.inf, onp.inf, sc.gammaln(x))


def _digamma(x: onp.ndarray) -> onp.ndarray:
    # XLA's digamma is NaN at the pole 0 (as at the negative integers); SciPy's is -/+inf.
    return onp.where(x == 0, onp.nan, sc.psi(x))


def _complex(re: onp.ndarray, im: onp.ndarray) -> onp.ndarray:
    out = onp.zeros(re.shape, onp.result_type(re.dtype, onp.complex64))
    out.real, out.imag = re, im
    return out


def _grad_a_fd(a: onp.ndarray, x: onp.ndarray) -> onp.ndarray:
    h = 1e-5 * a
    return (sc.gammainc(a + h, x) - sc.gammainc(a - h, x)) / (2 * h)


def _random_gamma_grad_fd(a: onp.ndarray, x: onp.ndarray) -> onp.ndarray:
    dp_dx = onp.exp((a - 1) * onp.log(x) - x - sc.gammaln(a))
    return onp.where((x == 0) | (x == onp.inf), 0.0, -_grad_a_fd(a, x) / dp_dx)


# ----------------------------------------------------------------------------- the table


@dataclasses.dataclass(frozen=True)
class Row:
    prim: str  # the primitive the row covers
    fn: Callable
    ref: Callable
    dtypes: tuple[onp.dtype, ...]
    domain: Callable  # (rng, dtype) -> operands
    tol: float = 1.0  # multiplies RTOL
    atol: float = 0.0  # absolute tolerance, in units of the (scaled) RTOL
    native: bool = False  # reference computed in the dtype itself and compared bit for bit
    out: Callable[[onp.dtype], onp.dtype] = lambda dt: dt
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or self.prim


def _real(dt: onp.dtype) -> onp.dtype:
    return onp.dtype(f32 if dt == c64 else f64) if kind(dt) == "c" else dt


def _bool(dt: onp.dtype) -> onp.dtype:
    return onp.dtype(bool)


def _cplx(dt: onp.dtype) -> onp.dtype:
    return c64 if dt == f32 else c128


def row(prim: str, fn: Callable, ref: Callable, dtypes: tuple, domain=None, **kw) -> Row:
    return Row(prim, fn, ref, dtypes, domain or uniform(), **kw)


def unary(prim: str, ref: Callable, dtypes: tuple, lo=-10.0, hi=10.0, **kw) -> Row:
    return row(prim, getattr(lax, prim), ref, dtypes, uniform(lo, hi), **kw)


def binary(prim: str, ref: Callable, dtypes: tuple, **kw) -> Row:
    return row(prim, getattr(lax, prim), ref, dtypes, uniform(-10, 10, 2), **kw)


ROWS = [
    # --- unary
    row("neg", lax.neg, onp.negative, NUMERIC, full_range(), native=True),
    row("sign", lax.sign, onp.sign, NUMERIC, full_range(), tol=2),
    row("abs", lax.abs, onp.abs, NUMERIC, full_range(), native=True, out=_real),
    row("floor", lax.floor, onp.floor, FLOAT, ties, native=True),
    row("ceil", lax.ceil, onp.ceil, FLOAT, ties, native=True),
    row("round", lax.round, _round_afz, FLOAT, ties, native=True, name="round_afz"),
    row(
        "round",
        lambda x: lax.round(x, lax.RoundingMethod.TO_NEAREST_EVEN),
        onp.rint,
        FLOAT,
        ties,
        native=True,
        name="round_even",
    ),
    row("is_finite", lax.is_finite, onp.isfinite, FLOAT, out=_bool),
    unary("exp", onp.exp, INEXACT, -20, 20, tol=2),
    unary("exp2", onp.exp2, INEXACT, -40, 40, tol=2),
    unary("expm1", onp.expm1, INEXACT, -5, 5, tol=2),
    unary("log", onp.log, INEXACT, 0, 100),
    unary("log1p", onp.log1p, INEXACT, -1, 10, tol=2),
    unary("tanh", onp.tanh, INEXACT, -5, 5, tol=2),
    unary("logistic", lambda x: 1 / (1 + onp.exp(-x)), INEXACT, -9, 9, tol=2),
    unary("sin", onp.sin, INEXACT, tol=2),
    unary("cos", onp.cos, INEXACT, tol=2),
    unary("tan", onp.tan, INEXACT, -1.5, 1.5, tol=4),
    unary("asin", onp.arcsin, INEXACT, -1, 1, tol=2),
    unary("acos", onp.arccos, INEXACT, -1, 1, tol=2),
    unary("atan", onp.arctan, INEXACT, tol=2),
    unary("sinh", onp.sinh, INEXACT, -5, 5, tol=2),
    unary("cosh", onp.cosh, INEXACT, -5, 5, tol=2),
    unary("asinh", onp.arcsinh, INEXACT, tol=2),
    unary("acosh", onp.arccosh, INEXACT, 1, 20, tol=2),
    unary("atanh", onp.arctanh, INEXACT, -1, 1, tol=2),
    unary("sqrt", onp.sqrt, INEXACT, -1, 100),
    unary("rsqrt", lambda x: 1 / onp.sqrt(x), INEXACT, -1, 100, tol=2),
    unary("cbrt", onp.cbrt, FLOAT, -100, 100, tol=2),
    row("not", lax.bitwise_not, onp.invert, INT + BOOL, full_range(), native=True),
    row(
        "population_count",
        lax.population_count,
        lambda x: onp.bitwise_count(_unsigned(x)),
        INT,
        full_range(),
        native=True,
        out=lambda dt: dt,
    ),
    row("clz", lax.clz, _clz, INT, full_range(), native=True),
    unary("erf", sc.erf, FLOAT, -4, 4, tol=2),
    unary("erfc", sc.erfc, FLOAT, -3, 9, tol=4),
    unary("erf_inv", sc.erfinv, FLOAT, -1, 1, tol=4),
    unary("lgamma", _lgamma, FLOAT, -4.5, 20, tol=4, atol=1),
    unary("digamma", _digamma, FLOAT, -4.5, 20, tol=2, atol=1),
    unary("bessel_i0e", sc.i0e, FLOAT, -50, 50, tol=4),
    unary("bessel_i1e", sc.i1e, FLOAT, -50, 50, tol=4),
    row("real", lax.real, onp.real, COMPLEX, out=_real),
    row("imag", lax.imag, onp.imag, COMPLEX, out=_real),
    row("conj", lax.conj, onp.conj, COMPLEX),
    # --- binary
    row("add", lax.add, onp.add, NUMERIC, full_range(2), native=True),
    row("add_any", ad_util.add_any, onp.add, NUMERIC, full_range(2), native=True),
    row("sub", lax.sub, onp.subtract, NUMERIC, full_range(2), native=True),
    row("mul", lax.mul, onp.multiply, NUMERIC, full_range(2)),
    row("div", lax.div, _trunc_div, NUMERIC, nonzero_divisor, tol=2),
    row("rem", lax.rem, onp.fmod, INT + FLOAT, nonzero_divisor, native=True),
    row("pow", lax.pow, onp.power, INEXACT, uniform(0, 5, 2), tol=4),
    row("max", lax.max, onp.maximum, ANY, ties2, native=True),
    row("min", lax.min, onp.minimum, ANY, ties2, native=True),
    binary("atan2", onp.arctan2, FLOAT, tol=2),
    binary("nextafter", onp.nextafter, FLOAT, native=True),
    binary("complex", _complex, (f32, f64), out=_cplx, native=True),
    row("and", lax.bitwise_and, onp.bitwise_and, INT + BOOL, full_range(2), native=True),
    row("or", lax.bitwise_or, onp.bitwise_or, INT + BOOL, full_range(2), native=True),
    row("xor", lax.bitwise_xor, onp.bitwise_xor, INT + BOOL, full_range(2), native=True),
    row("shift_left", lax.shift_left, onp.left_shift, INT, shift_amounts, native=True),
    row(
        "shift_right_arithmetic",
        lax.shift_right_arithmetic,
        _shift_right_arithmetic,
        INT,
        shift_amounts,
        native=True,
    ),
    row(
        "shift_right_logical",
        lax.shift_right_logical,
        _shift_right_logical,
        INT,
        shift_amounts,
        native=True,
    ),
    row(
        "polygamma",
        lax.polygamma,
        lambda m, x: sc.polygamma(m.astype(int), x),
        FLOAT,
        polygamma_args,
        tol=2,
    ),
    row("zeta", lax.zeta, sc.zeta, FLOAT, zeta_args, tol=2),
    row("igamma", lax.igamma, sc.gammainc, FLOAT, gamma_args, tol=4, atol=1),
    row("igammac", lax.igammac, sc.gammaincc, FLOAT, gamma_args, tol=4, atol=1),
    # Against central differences of SciPy's gammainc (accurate to ~1e-7); the golden test
    # below checks both to 1e-12 (float64) and 2e-5 (float32).
    row("igamma_grad_a", lax.igamma_grad_a, _grad_a_fd, (f64,), gamma_args, tol=1e7, atol=1),
    row(
        "random_gamma_grad",
        lax.random_gamma_grad,
        _random_gamma_grad_fd,
        (f64,),
        gamma_args,
        tol=1e7,
    ),
    # --- comparisons
    *(
        row(
            name,
            getattr(lax, name),
            ref,
            ANY if name in ("eq", "ne") else INT + BOOL + FLOAT,
            ties2,
            out=_bool,
            native=True,
        )
        for name, ref in (
            ("eq", onp.equal),
            ("ne", onp.not_equal),
            ("lt", onp.less),
            ("le", onp.less_equal),
            ("gt", onp.greater),
            ("ge", onp.greater_equal),
        )
    ),
    # --- integer_pow and its spellings
    row(
        "integer_pow",
        lambda x: lax.integer_pow(x, 3),
        lambda x: x * x * x,
        NUMERIC,
        uniform(-20, 20),
        tol=4,
        name="integer_pow_3",
    ),
    row(
        "integer_pow",
        lambda x: lax.integer_pow(x, 0),
        lambda x: onp.ones_like(x),
        (onp.dtype(onp.int32), f32, c128),
        native=True,
        name="integer_pow_0",
    ),
    row(
        "integer_pow",
        lambda x: lax.integer_pow(x, -3),
        lambda x: 1 / (x * x * x),
        INEXACT,
        uniform(0.5, 4),
        tol=4,
        name="integer_pow_-3",
    ),
    row(
        "integer_pow",
        lax.square,
        onp.square,
        NUMERIC,
        uniform(-100, 100),
        tol=2,
        name="square",
    ),
    row("integer_pow", lax.reciprocal, onp.reciprocal, INEXACT, name="reciprocal"),
    # --- select_n and clamp
    row(
        "select_n",
        lax.select_n,
        lambda w, *c: onp.choose(w.astype(int), c),
        ANY,
        select_args(2, onp.dtype(bool)),
        native=True,
        name="select_n_bool",
    ),
    row(
        "select_n",
        lax.select_n,
        lambda w, *c: onp.choose(w, c),
        (onp.dtype(onp.int8), f32, c64),
        select_args(4, onp.dtype(onp.int32)),
        native=True,
        name="select_n_int32_4",
    ),
    row(
        "select_n",
        lax.select_n,
        lambda w, *c: onp.choose(w, c),
        (f64,),
        select_args(3, onp.dtype(onp.uint8)),
        native=True,
        name="select_n_uint8_3",
    ),
    row(
        "clamp",
        lax.clamp,
        lambda lo, x, hi: onp.clip(x, lo, hi),
        ANY,
        clamp_args(True),
        native=True,
        name="clamp_scalar_bounds",
    ),
    row(
        "clamp",
        lax.clamp,
        lambda lo, x, hi: onp.clip(x, lo, hi),
        (onp.dtype(onp.int16), f32),
        clamp_args(False),
        native=True,
        name="clamp_array_bounds",
    ),
]

CASES = [pytest.param(r, dt, id=f"{r.id}-{dt.name}") for r in ROWS for dt in r.dtypes]


def reference(r: Row, args: list[onp.ndarray], dtype: onp.dtype) -> onp.ndarray:
    wide = args
    if not r.native:
        wide = [
            a.astype(c128 if kind(a.dtype) == "c" else f64) if kind(a.dtype) in "fc" else a
            for a in args
        ]
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        out = onp.asarray(r.ref(*wide))
        return out.astype(r.out(dtype))


def _check(r: Row, got: xnp.ndarray, want: onp.ndarray, dtype: onp.dtype) -> None:
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    value = to_np(got)
    if kind(want.dtype) in "biu":
        onp.testing.assert_array_equal(value, want)
        return
    wide = c128 if kind(want.dtype) == "c" else f64
    if r.native:
        onp.testing.assert_array_equal(value.astype(wide), want.astype(wide))
        return
    rtol = RTOL[_real(want.dtype) if kind(want.dtype) == "f" else want.dtype] * r.tol
    onp.testing.assert_allclose(
        value.astype(wide), want.astype(wide), rtol=rtol, atol=rtol * r.atol, equal_nan=True
    )


_jitted: dict[str, Callable] = {}


def _jit(r: Row) -> Callable:
    if r.id not in _jitted:
        _jitted[r.id] = xnp.jit(lambda *xs: r.fn(*xs))
    return _jitted[r.id]


@pytest.mark.parametrize("r,dtype", CASES)
def test_matches_reference(r: Row, dtype: onp.dtype) -> None:
    rng = onp.random.default_rng(zlib.crc32(f"{r.id}{dtype.name}".encode()))
    args = r.domain(rng, dtype)
    want = reference(r, args, dtype)
    xs = [to_x(a) for a in args]
    _check(r, r.fn(*xs), want, dtype)
    _check(r, _jit(r)(*xs), want, dtype)


SHAPE_ROWS = [pytest.param(r, id=r.id) for r in ROWS]


@pytest.mark.parametrize("r", SHAPE_ROWS)
@pytest.mark.parametrize("shape", [(), (0, 3)], ids=["0d", "empty"])
def test_shapes(r: Row, shape: tuple[int, ...]) -> None:
    dtype = f64 if f64 in r.dtypes else r.dtypes[-1]
    rng = onp.random.default_rng(0)
    args = [onp.broadcast_to(a.ravel()[0], shape).copy() for a in r.domain(rng, dtype)]
    want = reference(r, args, dtype)
    xs = [to_x(a) for a in args]
    _check(r, r.fn(*xs), want, dtype)
    _check(r, _jit(r)(*xs), want, dtype)


def test_every_primitive_has_a_row() -> None:
    defined = {v.name for m in (elementwise, special) for v in vars(m).values()
               if isinstance(v, core.Primitive)}  # fmt: skip
    assert defined - {r.prim for r in ROWS} == set()


def test_jaxpr_shows_the_primitive() -> None:
    x = onp.ones(3)
    text = str(xnp.make_jaxpr(lambda a, b: lax.igamma(lax.bessel_i0e(a), lax.exp2(b)))(x, x))
    for name in ("igamma", "bessel_i0e", "exp2"):
        assert name in text


# ----------------------------------------------------------------------------- pinned values
# What XLA defines where NumPy differs or warns; each is part of lax's documented contract.

i8, i32, u8 = onp.int8, onp.int32, onp.uint8
nan, inf = onp.nan, onp.inf

PINNED = [
    ("div_int_by_zero", lax.div, [i32([7, -7, 0]), i32([0, 0, 0])], i32([-1, -1, -1])),
    ("div_uint_by_zero", lax.div, [u8([7, 0]), u8([0, 0])], u8([255, 255])),
    ("div_int_min", lax.div, [i32([-(2**31)]), i32([-1])], i32([-(2**31)])),
    ("rem_int_by_zero", lax.rem, [i32([7, -7]), i32([0, 0])], i32([7, -7])),
    ("rem_int_min", lax.rem, [i32([-(2**31)]), i32([-1])], i32([0])),
    (
        "rem_sign_of_dividend",
        lax.rem,
        [onp.array([7.0, -7.0, 7.0, -7.0]), onp.array([2.0, 2.0, -2.0, -2.0])],
        onp.array([1.0, -1.0, 1.0, -1.0]),
    ),
    (
        "shift_left_out_of_range",
        lax.shift_left,
        [i32([1, 1, 1]), i32([32, 40, -1])],
        i32([0, 0, 0]),
    ),
    (
        "shift_right_arithmetic_out_of_range",
        lax.shift_right_arithmetic,
        [i32([-8, 8, -8]), i32([32, 40, -1])],
        i32([-1, 0, -1]),
    ),
    (
        "shift_right_logical_out_of_range",
        lax.shift_right_logical,
        [i32([-8, 8, -8]), i32([32, 40, -1])],
        i32([0, 0, 0]),
    ),
    ("shift_left_uint8_out_of_range", lax.shift_left, [u8([1, 1]), u8([8, 200])], u8([0, 0])),
    (
        "sign_signed_zero_and_nan",
        lax.sign,
        [onp.array([-0.0, 0.0, nan, -inf])],
        onp.array([-0.0, 0.0, nan, -1.0]),
    ),
    ("sign_unsigned", lax.sign, [u8([0, 1, 255])], u8([0, 1, 1])),
    (
        "round_ties_away",
        lax.round,
        [onp.array([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999999999999994])],
        onp.array([1.0, 2.0, 3.0, -1.0, -3.0, 0.0]),
    ),
    (
        "round_ties_even",
        lambda x: lax.round(x, 1),
        [onp.array([0.5, 1.5, 2.5, -0.5, -2.5])],
        onp.array([0.0, 2.0, 2.0, -0.0, -2.0]),
    ),
    ("max_nan", lax.max, [onp.array([nan, 1.0]), onp.array([1.0, nan])], onp.array([nan, nan])),
    ("min_nan", lax.min, [onp.array([nan, 1.0]), onp.array([1.0, nan])], onp.array([nan, nan])),
    (
        "max_complex_lexicographic",
        lax.max,
        [onp.array([1 + 2j, 2 + 0j, complex(nan, 0)]), onp.array([1 + 3j, 1 + 5j, 1j])],
        onp.array([1 + 3j, 2 + 0j, complex(nan, 0)]),
    ),
    (
        "min_complex_lexicographic",
        lax.min,
        [onp.array([1 + 2j, 2 + 0j, 1j]), onp.array([1 + 3j, 1 + 5j, complex(1, nan)])],
        onp.array([1 + 2j, 1 + 5j, complex(1, nan)]),
    ),
    (
        "clamp_complex",
        lax.clamp,
        [onp.array(1 + 1j), onp.array([0j, 2 + 2j, 1 + 0.5j, 4 + 0j]), onp.array(3 + 3j)],
        onp.array([1 + 1j, 2 + 2j, 1 + 1j, 3 + 3j]),
    ),
    (
        "clamp_nan",
        lax.clamp,
        [onp.array(0.0), onp.array([nan, -1.0, 2.0]), onp.array(1.0)],
        onp.array([nan, 0.0, 1.0]),
    ),
    (
        "nextafter_zero",
        lax.nextafter,
        [onp.array([0.0, -0.0, 1.0]), onp.array([1.0, -1.0, 1.0])],
        onp.array([5e-324, -5e-324, 1.0]),
    ),
    (
        "is_finite_specials",
        lax.is_finite,
        [onp.array([inf, -inf, nan, 1e308, -0.0])],
        onp.array([False, False, False, True, True]),
    ),
    ("popcnt_signed", lax.population_count, [i8([-1, -128, 0, 5])], i8([8, 1, 0, 2])),
    ("clz_signed", lax.clz, [i8([-1, 0, 1, 64])], i8([0, 8, 7, 1])),
    (
        "cbrt_negative",
        lax.cbrt,
        [onp.array([-8.0, -1.0, -inf, -0.0])],
        onp.array([-2.0, -1.0, -inf, -0.0]),
    ),
    (
        "select_n_out_of_range",
        lax.select_n,
        [i32([-1, 5]), onp.zeros(2), onp.ones(2), onp.full(2, 2.0)],
        onp.array([0.0, 2.0]),
    ),
    (
        "igamma_limits",
        lax.igamma,
        [
            onp.resize([0.0, -1.0, 1.0, 1.0, inf, 1.0, 0.0, inf], N),
            onp.resize([1.0, 1.0, 0.0, inf, 1.0, -1.0, 0.0, inf], N),
        ],
        onp.resize([1.0, nan, 0.0, 1.0, 0.0, nan, nan, nan], N),
    ),
    (
        "igammac_limits",
        lax.igammac,
        [
            onp.resize([0.0, -1.0, 1.0, 1.0, inf, 1.0], N),
            onp.resize([1.0, 1.0, 0.0, inf, 1.0, -1.0], N),
        ],
        onp.resize([0.0, nan, 1.0, 0.0, 1.0, nan], N),
    ),
    (
        "bessel_i0e_specials",
        lax.bessel_i0e,
        [onp.array([0.0, -0.0, inf, -inf, nan])],
        onp.array([1.0, 1.0, 0.0, 0.0, nan]),
    ),
    (
        "exp2_integers_exact",
        lax.exp2,
        [onp.arange(-1022.0, 1024.0, 7.0)],
        onp.exp2(onp.arange(-1022.0, 1024.0, 7.0)),
    ),
    # polygamma's order must be a non-negative integer value; zeta has a pole at x = 1.
    (
        "polygamma_bad_order",
        lax.polygamma,
        [onp.array([1.5, -1.0]), onp.array([2.0, 2.0])],
        onp.array([nan, nan]),
    ),
    ("zeta_pole", lax.zeta, [onp.array([1.0, 0.5]), onp.array([1.0, 1.0])], onp.array([inf, nan])),
    ("abs_unsigned", lax.abs, [u8([0, 200])], u8([0, 200])),
    ("abs_int_min_wraps", lax.abs, [i8([-128, -3])], i8([-128, 3])),
]


@pytest.mark.parametrize("fn,args,want", [pytest.param(*p[1:], id=p[0]) for p in PINNED])
def test_pinned_values(fn: Callable, args: list, want: onp.ndarray) -> None:
    for got in (fn(*args), xnp.jit(fn)(*(to_x(a) for a in args))):
        assert got.dtype == want.dtype
        onp.testing.assert_array_equal(onp.asarray(got), want)
        if want.dtype.kind == "f":  # signed zeros too
            onp.testing.assert_array_equal(onp.signbit(onp.asarray(got)), onp.signbit(want))


# mpmath at 40 digits: P(a, x), d/da P(a, x), and -(dP/da) / (dP/dx) (mp.diff of mp.gammainc).
GAMMA_GOLDEN = onp.array(
    [
        (0.05, 0.01, 0.815559805741285, -3.3571508489859876, 0.8311542987228202),
        (0.5, 0.3, 0.5614219739190002, -0.7705703513753519, 1.0098019459488545),
        (1.5, 4.0, 0.9539882943107686, -0.07235875034650785, 1.7505879330431917),
        (3.0, 2.0, 0.32332358381693654, -0.2318486720439896, 0.8565714220978067),
        (10.0, 12.5, 0.7985688950544643, -0.08680445576794328, 1.134477685929671),
        (80.0, 70.0, 0.1290992501012415, -0.02410346371010322, 0.9366681728665018),
        (1000.0, 1030.0, 0.828911903882394, -0.007996539402089308, 1.0150213645549706),
        (204.45440985848418, 2.2298988246289824, 0.0, 0.0, 0.049848412720429364),  # P underflows
    ]
)


@pytest.mark.parametrize("dtype,rtol", [(f64, 1e-12), (f32, 2e-5)])
def test_igamma_family_golden(dtype: onp.dtype, rtol: float) -> None:
    # Padded to the table's length so that these programs are the ones already compiled.
    a, x, p, dp_da, dx_da = (onp.resize(c.astype(dtype), N) for c in GAMMA_GOLDEN.T)
    n = len(GAMMA_GOLDEN) - (dtype == f32)  # float32 cannot represent the last point's a, x
    for fn, want in ((lax.igamma, p), (lax.igamma_grad_a, dp_da), (lax.random_gamma_grad, dx_da)):
        got = onp.asarray(fn(to_x(a), to_x(x)))
        onp.testing.assert_allclose(got[:n], want[:n], rtol=rtol)


def test_python_scalars_take_the_array_dtype() -> None:
    x = to_x(onp.ones(3, f32))
    assert lax.add(x, 2.0).dtype == f32
    assert lax.max(2, to_x(onp.ones(3, onp.int8))).dtype == onp.int8
    assert lax.clamp(0.0, x, 0.5).dtype == f32
    onp.testing.assert_array_equal(onp.asarray(lax.clamp(0.0, x, 0.5)), onp.full(3, 0.5, f32))
    assert lax.sin(1.0).shape == () and lax.sin(1.0).aval.weak_type


# ----------------------------------------------------------------------------- errors

x_f32, x_i32 = onp.ones(3, f32), onp.ones(3, onp.int32)
x_c64, x_bool = onp.ones(3, c64), onp.ones(3, bool)

ERRORS = [
    ("sin_int", lambda: lax.sin(x_i32), TypeError, ["sin", "int32"]),
    ("and_float", lambda: lax.bitwise_and(x_f32, x_f32), TypeError, ["and", "float32"]),
    ("add_bool", lambda: lax.add(x_bool, x_bool), TypeError, ["add", "bool"]),
    ("neg_bool", lambda: lax.neg(x_bool), TypeError, ["neg", "bool"]),
    ("lt_complex", lambda: lax.lt(x_c64, x_c64), TypeError, ["lt", "complex64"]),
    ("ge_complex", lambda: lax.ge(x_c64, x_c64), TypeError, ["ge", "complex64"]),
    ("rem_complex", lambda: lax.rem(x_c64, x_c64), TypeError, ["rem", "complex64"]),
    ("floor_int", lambda: lax.floor(x_i32), TypeError, ["floor", "int32"]),
    ("clz_float", lambda: lax.clz(x_f32), TypeError, ["clz", "float32"]),
    ("real_float", lambda: lax.real(x_f32), TypeError, ["real", "float32"]),
    (
        "complex_f16",
        lambda: lax.complex(onp.ones(2, f16), onp.ones(2, f16)),
        TypeError,
        ["complex", "float16"],
    ),
    ("igamma_int", lambda: lax.igamma(x_i32, x_i32), TypeError, ["igamma", "int32"]),
    ("add_dtypes", lambda: lax.add(x_f32, onp.ones(3)), TypeError, ["add", "float32", "float64"]),
    ("add_shapes", lambda: lax.add(x_f32, onp.ones(4, f32)), ValueError, ["add", "(3,)", "(4,)"]),
    (
        "atan2_shapes",
        lambda: lax.atan2(onp.ones((2, 3)), onp.ones((3, 2))),
        ValueError,
        ["atan2", "(2, 3)", "(3, 2)"],
    ),
    ("eq_dtypes", lambda: lax.eq(x_i32, x_f32), TypeError, ["eq", "int32", "float32"]),
    ("arity", lambda: lax.add(x_f32), TypeError, ["add", "2"]),
    (
        "integer_pow_negative_int",
        lambda: lax.integer_pow(x_i32, -1),
        ValueError,
        ["integer_pow", "int32"],
    ),
    (
        "integer_pow_float_exponent",
        lambda: lax.integer_pow(x_f32, 1.5),
        TypeError,
        ["integer_pow"],
    ),
    ("round_method", lambda: lax.round(x_f32, 3), ValueError, ["round", "3"]),
    (
        "select_n_bool_3",
        lambda: lax.select_n(x_bool, x_f32, x_f32, x_f32),
        TypeError,
        ["select_n", "bool"],
    ),
    (
        "select_n_float_which",
        lambda: lax.select_n(x_f32, x_f32, x_f32),
        TypeError,
        ["select_n", "float32"],
    ),
    (
        "select_n_which_shape",
        lambda: lax.select_n(onp.ones(2, bool), x_f32, x_f32),
        ValueError,
        ["select_n", "(2,)"],
    ),
    (
        "select_n_cases",
        lambda: lax.select_n(x_bool, x_f32, onp.ones(3)),
        TypeError,
        ["select_n", "float32", "float64"],
    ),
    (
        "clamp_bounds_shape",
        lambda: lax.clamp(onp.ones(2, f32), x_f32, 1.0),
        ValueError,
        ["clamp", "(2,)"],
    ),
    (
        "clamp_dtypes",
        lambda: lax.clamp(onp.float64(0), x_f32, onp.float64(1)),
        TypeError,
        ["clamp", "float32", "float64"],
    ),
]


@pytest.mark.parametrize("thunk,exc,words", [pytest.param(*e[1:], id=e[0]) for e in ERRORS])
def test_errors(thunk: Callable, exc: type, words: list[str]) -> None:
    with pytest.raises(exc) as info:
        thunk()
    for w in words:
        assert w in str(info.value)
    # The same error while tracing: it comes from the abstract-eval rule, before XLA.
    with pytest.raises(exc):
        xnp.make_jaxpr(thunk)()


@pytest.mark.parametrize("dtype", [onp.float16, onp.float32, onp.float64])
def test_division_is_correctly_rounded_under_jit(dtype: onp.dtype) -> None:
    # XLA rewrites x / constant and x / broadcast(scalar) as a multiplication by the rounded
    # reciprocal; div's lowering blocks that (NumPy's quotient, bit for bit).
    x = onp.random.default_rng(0).uniform(-10, 10, 4096).astype(dtype)
    want = x / dtype(3)
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(lambda a: a / 3)(x)), want)
    onp.testing.assert_array_equal(
        onp.asarray(xnp.jit(lambda a, b: lax.div(a, lax.broadcast_in_dim(b, a.shape, ())))(
            x, dtype(3))), want)  # fmt: skip
    # the reciprocal of a huge divisor is subnormal (flushed to zero): x / x.max() gave 0
    big = onp.array([0, onp.finfo(dtype).max / 3, onp.finfo(dtype).max], dtype)
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(lambda a: a / a.max())(big)),
                                   big / big.max())  # fmt: skip
    # exact reciprocals (and a constant over a constant) keep XLA's multiplication
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(lambda a: a / 4)(x)), x / dtype(4))
    text = xnp.jit(lambda a: a / 4).lower(x).as_text()
    assert "optimization_barrier" not in text
    assert "optimization_barrier" in xnp.jit(lambda a: a / 3).lower(x).as_text()


@pytest.mark.parametrize("dtype", [onp.float32, onp.float64])
def test_igamma_far_upper_tail_is_exact(dtype: onp.dtype) -> None:
    # The continued fraction's recurrences overflowed there (NaN from x ~ 1e15 in float32).
    x = onp.array([1e14, 1e16, 1e30, float(onp.finfo(dtype).max)], dtype)
    a = onp.full_like(x, 2.0)
    onp.testing.assert_array_equal(onp.asarray(lax.igamma(a, x)), onp.ones_like(x))
    onp.testing.assert_array_equal(onp.asarray(lax.igammac(a, x)), onp.zeros_like(x))
