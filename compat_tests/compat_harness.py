"""The conformance harness: run an xnp function and its NumPy counterpart on the same inputs and
compare value, dtype and shape, eagerly and under ``xnp.jit``.

A test table is a list of ``Row`` s. Each row names the two functions, how many array operands
they take, the dtypes they accept, the domain random values are drawn from, a strategy for
keyword arguments, and tolerances. Known differences from NumPy are ``Known`` entries: each
carries its reason and either the inputs it concerns (masked out of the comparison, and checked
to still differ) or a whole (function, dtype) case (an xfail).
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import ml_dtypes
import numpy as onp
from hypothesis import strategies as st

import xnp

BF16 = onp.dtype(ml_dtypes.bfloat16)
F16 = onp.dtype(onp.float16)
BOOL = [onp.dtype(bool)]
SIGNED = [onp.dtype(t) for t in ("int8", "int16", "int32", "int64")]
UNSIGNED = [onp.dtype(t) for t in ("uint8", "uint16", "uint32", "uint64")]
INT = SIGNED + UNSIGNED
FLOAT = [F16, BF16, onp.dtype("float32"), onp.dtype("float64")]
COMPLEX = [onp.dtype("complex64"), onp.dtype("complex128")]
REAL = BOOL + INT + FLOAT
ALL = REAL + COMPLEX
NUMPY_DTYPES = [d for d in ALL if d != BF16]


def dtype_name(dt: onp.dtype) -> str:
    return "bfloat16" if dt == BF16 else dt.name


# ----------------------------------------------------------------------------- tolerances

# (rtol, atol) by result dtype for inexact results; integers and booleans compare exactly.
DEFAULT_TOL = {
    "float16": (2e-3, 1e-4),
    "bfloat16": (1.6e-2, 1e-3),
    "float32": (1e-5, 1e-7),
    "float64": (1e-12, 1e-15),
    "complex64": (2e-5, 1e-6),
    "complex128": (1e-12, 1e-15),
}


@dataclasses.dataclass(frozen=True)
class Known:
    """A known difference from NumPy, with its reason.

    ``funcs`` is a regular expression on row names and ``dtypes`` the operand dtypes concerned
    (None: all). With ``where`` (a predicate on the operand arrays, as NumPy arrays, returning
    a mask over the broadcast result) only those elements are excluded from comparison, and
    ``test_known_differences_still_differ`` checks they really differ (on ``example`` if
    given, else on special values); without it the whole case is an expected failure.

    ``may_differ`` (a reason) marks a difference that shows on some hosts and not on others
    (it depends on the CPU's conversions or on BLAS's order of accumulation): the mask accepts
    either result, and instead of the staleness check ``test_known_differences_may_differ``
    checks that the masked comparison passes on the example.
    """

    funcs: str
    reason: str
    dtypes: tuple[str, ...] | None = None
    where: Callable[..., onp.ndarray] | None = None
    # Operands (or operands and kwargs) that show the difference, for the staleness check
    # (default: special values).
    example: Callable[[], list[Any] | tuple[list[Any], dict]] | None = None
    # ``where`` takes NumPy's result instead of the operands; or the operands and, as a keyword
    # argument ``kwargs``, the keyword arguments of the call.
    on_result: bool = False
    with_kwargs: bool = False
    may_differ: str | None = None

    def applies(self, name: str, dts: Sequence[onp.dtype]) -> bool:
        if not re.fullmatch(self.funcs, name):
            return False
        return self.dtypes is None or builtin_any(dtype_name(d) in self.dtypes for d in dts)


builtin_any = any


@dataclasses.dataclass(frozen=True, eq=False)
class Row:
    """One function under test. ``xnp_fn`` and ``np_fn`` take ``nargs`` array operands and the
    keyword arguments drawn from ``kwargs`` (a strategy, or a function of the operands' shapes
    returning one; passed as static under jit). ``shapes`` overrides the operand shapes drawn
    (a strategy of lists of shapes)."""

    name: str
    xnp_fn: Callable[..., Any]
    np_fn: Callable[..., Any]
    nargs: int = 1
    dtypes: tuple[onp.dtype, ...] = tuple(ALL)
    domain: tuple[float, float] = (-10.0, 10.0)
    kwargs: st.SearchStrategy | Callable[[list[tuple]], st.SearchStrategy] | None = None
    shapes: st.SearchStrategy | None = None
    tol: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    signed_zeros: bool = True
    scalars: bool = True  # binary rows: one operand may be a Python scalar
    mixed_dtypes: bool = True  # binary rows: operands may have different dtypes
    min_ndim: int = 0
    broadcast: bool = True
    same_shape: bool = False
    # Per-operand dtypes and domains, where operands differ (ldexp's exponent is an integer).
    arg_dtypes: tuple[tuple[onp.dtype, ...], ...] | None = None
    arg_domains: tuple[tuple[float, float], ...] | None = None
    # Errors NumPy raises on values (integer to a negative power) are raised eagerly only:
    # under jit values are unknown while tracing. The reason is listed in the row.
    value_errors_eager_only: str | None = None
    # The magnitude rounding errors scale with, from the operands and kwargs (for sums: the
    # sum of magnitudes, since the order of summation is the implementation's); default |want|.
    scale: Callable[[list[Any], dict], Any] | None = None
    # bfloat16 reference: "float32" (NumPy on float32 operands, rounded once: what one ufunc
    # loop does) or "native" (NumPy on bfloat16 arrays via ml_dtypes, rounding at each step:
    # what a function made of several operations does).
    bf16_reference: str = "float32"

    def __repr__(self) -> str:
        return self.name

    def tolerance(self, dt: onp.dtype) -> tuple[float, float]:
        return self.tol.get(dtype_name(dt), DEFAULT_TOL.get(dtype_name(dt), (0.0, 0.0)))


# ----------------------------------------------------------------------------- values


def special_values(dt: onp.dtype, domain: tuple[float, float] | None = None) -> list[Any]:
    """Interesting values of a dtype: zeros, ones, extremes, NaN, infinities (no subnormals)."""
    k = "f" if dt == BF16 else dt.kind
    if k == "b":
        return [False, True]
    if k in "iu":
        info = onp.iinfo(dt)
        vals = [0, 1, -1, 2, -2, 3, 5, 7, -8, 13, 100, -100, 127, info.max, info.min,
                info.max - 1, info.min + 1]  # fmt: skip
        return sorted({v for v in vals if info.min <= v <= info.max})
    if k == "f":
        fi = ml_dtypes.finfo(dt) if dt == BF16 else onp.finfo(dt)
        vals = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.25, 1.5, -1.5, 2.0, -2.5, 3.0, 0.75, -0.9,
                10.0, -7.25, 100.0, 1e-3, -3.5e-2, float(fi.tiny), -float(fi.tiny),
                float(fi.max), -float(fi.max), float(fi.eps), 1e4, -3e3, onp.nan, onp.inf,
                -onp.inf]  # fmt: skip
        return vals
    parts = [0.0, -0.0, 1.0, -1.5, 0.5, 2.5, -3.0, onp.inf, -onp.inf, onp.nan]
    return [complex(r, i) for r in parts for i in parts]


def as_host(values: Sequence[Any], dt: onp.dtype) -> onp.ndarray:
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if dt == BF16:
            return onp.asarray(onp.asarray(values, onp.float32), BF16)
        return onp.asarray(values, dt)


def element_strategy(dt: onp.dtype, domain: tuple[float, float]) -> st.SearchStrategy:
    """Random values of ``dt`` within ``domain``, mixed with the dtype's special values."""
    k = "f" if dt == BF16 else dt.kind
    specials = st.sampled_from(special_values(dt))
    if k == "b":
        return st.booleans()
    if k in "iu":
        info = onp.iinfo(dt)
        lo, hi = max(int(domain[0]), int(info.min)), min(int(domain[1]), int(info.max))
        return st.one_of(st.integers(lo, hi), st.integers(lo, hi), specials)
    width = 16 if dt == F16 else 32 if dt in (BF16, onp.dtype("float32"),
                                                onp.dtype("complex64")) else 64  # fmt: skip
    real = st.floats(domain[0], domain[1], width=width, allow_subnormal=False)
    if k == "f":
        return st.one_of(real, real, real, specials)
    comp = st.builds(complex, real, real)
    return st.one_of(comp, comp, comp, specials)


# Shapes: a small fixed pool keeps XLA's compile cache effective (each new shape compiles).
SHAPES = [(), (3,), (2, 3), (0,), (1, 3), (2, 0)]
PAIRS = [((3,), (3,)), ((2, 3), (2, 3)), ((), (3,)), ((2, 3), ()), ((1, 3), (2, 1)),
         ((2, 3), (3,)), ((0,), (0,)), ((0, 3), (1, 3)), ((), ())]  # fmt: skip


@st.composite
def operands(draw: Any, row: Row) -> tuple[list[Any], list[onp.dtype]]:
    """Operands for ``row``: NumPy arrays (and possibly one Python scalar) and their dtypes."""
    dt = draw(st.sampled_from(row.dtypes))
    dts = [dt]
    for j in range(1, row.nargs):
        if row.arg_dtypes is not None:
            dts.append(draw(st.sampled_from(row.arg_dtypes[j])))
        elif row.mixed_dtypes and draw(st.booleans()):
            other = draw(st.sampled_from(row.dtypes))
            if BF16 in (dt, other) and not {dtype_name(dt), dtype_name(other)} <= set(
                    BF16_PARTNERS):  # fmt: skip
                other = dt  # bfloat16 mixes only with dtypes that keep it (see the promotion test)
            dts.append(other)
        else:
            dts.append(dt)
    if BF16 in dts and not {dtype_name(d) for d in dts} <= set(BF16_PARTNERS):
        # NumPy has no bfloat16 to check mixed promotions against (the promotion test checks
        # xnp's table): here bfloat16 only meets dtypes that keep it.
        dts = [onp.dtype(onp.float32) if d == BF16 else d for d in dts]
    if row.shapes is not None:
        shapes = list(draw(row.shapes))
    elif row.nargs == 1:
        shapes = [draw(st.sampled_from([s for s in SHAPES if len(s) >= row.min_ndim]))]
    elif row.nargs == 2 and row.broadcast and not row.same_shape:
        shapes = list(draw(st.sampled_from([p for p in PAIRS if min(len(s) for s in p) >=
                                            row.min_ndim])))  # fmt: skip
    else:
        s = draw(st.sampled_from([s for s in SHAPES if len(s) >= row.min_ndim]))
        shapes = [s] * row.nargs
    arrays = []
    for j, (d, s) in enumerate(zip(dts, shapes, strict=True)):
        n = int(onp.prod(s))
        dom = row.arg_domains[j] if row.arg_domains is not None else row.domain
        vals = draw(st.lists(element_strategy(d, dom), min_size=n, max_size=n))
        arrays.append(as_host(vals, d).reshape(s))
    if row.nargs > 1 and row.scalars and draw(st.integers(0, 3)) == 0:
        i = draw(st.integers(0, row.nargs - 1))
        dom = row.arg_domains[i] if row.arg_domains is not None else row.domain
        # A Python float becomes the other operand's dtype: keep it normal there.
        others = [d for j, d in enumerate(dts) if j != i] or [dts[i]]
        arrays[i] = draw(python_scalar(dts[i], dom, _smallest_normal(others)))
    return arrays, dts


def draw_kwargs(draw: Any, row: Row, args: list[Any]) -> dict:
    if row.kwargs is None:
        return {}
    strategy = row.kwargs
    if callable(strategy) and not isinstance(strategy, st.SearchStrategy):
        strategy = strategy([onp.shape(a) for a in args])
    return draw(strategy)


BF16_PARTNERS = ("bfloat16", "bool", "int8", "uint8")


def _smallest_normal(dts: Sequence[onp.dtype]) -> float:
    tiny = [float((ml_dtypes.finfo(d) if d == BF16 else onp.finfo(d)).tiny) for d in dts
            if d == BF16 or d.kind in "fc"]  # fmt: skip
    return max(tiny, default=float(onp.finfo(onp.float64).tiny))


def python_scalar(dt: onp.dtype, domain: tuple[float, float], tiny: float = 0.0
                  ) -> st.SearchStrategy:  # fmt: skip
    """A Python scalar of a kind that mixes with ``dt`` (NEP 50 weak scalars); floats are 0 or
    at least ``tiny`` in magnitude (XLA flushes subnormals: a known difference tested apart)."""
    k = "f" if dt == BF16 else dt.kind
    lo, hi = domain
    ints = st.integers(max(int(lo), -100), min(int(hi), 100))
    floats = st.floats(lo, hi, allow_subnormal=False).filter(lambda v: v == 0 or abs(v) >= tiny)
    floats = floats | st.sampled_from([0.0, -0.0, 1.5])
    if k == "b":
        return st.booleans()
    if k in "iu":
        return ints.map(lambda v: abs(v) if k == "u" else v) | st.booleans()
    if k == "f":
        return floats | ints
    return st.builds(complex, floats, floats) | floats


# ----------------------------------------------------------------------------- running


def _quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def numpy_reference(row: Row, args: list[Any], kwargs: dict) -> Any:
    """NumPy's result, computed with warnings and floating-point errors silenced (they are
    the reference's business, not a failure of xnp).

    bfloat16 operands are computed in float32 (as ml_dtypes' loops do) and rounded to
    bfloat16 by ml_dtypes; the result dtype is the one NumPy gives for float16 operands, read
    as bfloat16. The dtype probe clips to float16's range first, so nothing depends on how the
    host CPU converts out-of-range values to float16 (with AVX512-FP16/BF16 conversions NumPy
    warns, elsewhere it may not)."""
    return _quiet(_numpy_reference, row, args, kwargs)


def _as_f16_probe(a: onp.ndarray) -> onp.ndarray:
    """A float16 array with ``a``'s shape, NaNs and signs, its magnitudes within float16's range:
    only its dtype matters (it decides the result dtype NumPy gives half-precision operands)."""
    f = a.astype(onp.float32)
    big = float(onp.finfo(F16).max)
    return onp.where(onp.isnan(f), f, onp.clip(f, -big, big)).astype(F16)


def _numpy_reference(row: Row, args: list[Any], kwargs: dict) -> Any:
    if not builtin_any(getattr(a, "dtype", None) == BF16 for a in args):
        return row.np_fn(*args, **kwargs)
    native = row.name in NATIVE_BF16 or row.bf16_reference == "native"
    if all(getattr(a, "dtype", BF16) == BF16 for a in args) and native:
        # ml_dtypes' own loop; a Python scalar takes the array's dtype (NEP 50).
        native = [a if isinstance(a, onp.ndarray) else onp.asarray(a, BF16) for a in args]
        return row.np_fn(*native, **kwargs)
    as16 = [_as_f16_probe(a) if getattr(a, "dtype", None) == BF16 else a for a in args]
    typed = row.np_fn(*as16, **kwargs)
    outs = [onp.asarray(t).dtype for t in (typed if isinstance(typed, tuple) else (typed,))]
    weak_bf16 = onp.result_type(*as16) == F16 and all(d in (F16, bool) for d in outs)
    # A Python scalar that takes bfloat16 (NEP 50) is rounded to it before the computation.
    as32 = [a.astype(onp.float32) if getattr(a, "dtype", None) == BF16 else
            onp.asarray(a, BF16).astype(onp.float32) if weak_bf16 and type(a) in (bool, int, float)
            else a for a in args]  # fmt: skip
    try:
        vals = row.np_fn(*as32, **kwargs)
    except TypeError:
        # An integer argument that does not take bfloat16 (ldexp's exponent): keep it an int.
        as32 = [a if type(a) in (bool, int) else b for a, b in zip(args, as32, strict=True)]
        vals = row.np_fn(*as32, **kwargs)

    def cast(t: Any, v: Any) -> Any:
        # float32 -> bfloat16 by ml_dtypes (round to nearest even; beyond range -> inf).
        dt = BF16 if t.dtype == F16 else t.dtype
        return onp.asarray(v).astype(dt) if hasattr(t, "dtype") else v

    if isinstance(typed, tuple):
        return tuple(cast(t, v) for t, v in zip(typed, vals, strict=True))
    return cast(onp.asarray(typed), vals)


# Functions whose result depends on the precision itself: ml_dtypes' bfloat16 loops are the
# reference (elsewhere they compute in float32 too, and may promote differently).
NATIVE_BF16 = ("nextafter", "spacing")


def to_xnp(a: Any) -> Any:
    return xnp.asarray(a) if isinstance(a, onp.ndarray) else a


class _Static:
    """An unhashable keyword argument (a list, a NumPy array) held by identity, so it can be
    closed over by a cached jitted function."""

    def __init__(self, value: Any):
        self.value = value


_jit_cache: dict[tuple, Callable[..., Any]] = {}


def jitted(row: Row, kwargs_key: tuple) -> Callable[..., Any]:
    # Keyed with the types too: 0 == 0.0 == False would share a cache entry otherwise.
    key = (id(row), _typed(kwargs_key))
    fn = _jit_cache.get(key)
    if fn is None:
        kwargs = {k: v.value if isinstance(v, _Static) else v for k, v in kwargs_key}
        fn = _jit_cache[key] = xnp.jit(lambda *args: row.xnp_fn(*args, **kwargs))
    return fn


def _typed(v: Any) -> Any:
    if isinstance(v, tuple):
        return tuple(_typed(x) for x in v)
    return (type(v), v)


def freeze(kwargs: dict) -> tuple:
    out = []
    for k, v in sorted(kwargs.items()):
        try:
            hash(v)
        except TypeError:
            v = _Static(v)
        out.append((k, v))
    return tuple(out)


def numpy_warnings(row: Row, args: list[Any], kwargs: dict) -> set[type[Warning]]:
    """The warning categories NumPy's own function emits on these inputs (its floating-point
    errors silenced): xnp may emit the same ones (e.g. cov's "Degrees of freedom <= 0")."""
    with warnings.catch_warnings(record=True) as seen, onp.errstate(all="ignore"):
        warnings.simplefilter("always")
        try:
            row.np_fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the reference's errors are check()'s business
            pass
    return {w.category for w in seen}


def run_both(row: Row, args: list[Any], kwargs: dict, mode: str,
             allowed: set[type[Warning]] = frozenset()) -> Any:  # fmt: skip
    xargs = [to_xnp(a) for a in args]
    with warnings.catch_warnings():
        for category in allowed:
            warnings.simplefilter("ignore", category)
        if mode == "eager":
            return row.xnp_fn(*xargs, **kwargs)
        return jitted(row, freeze(kwargs))(*xargs)


# ----------------------------------------------------------------------------- comparison


def _isnan(x: onp.ndarray) -> onp.ndarray:
    if x.dtype.kind == "c":
        return onp.isnan(x.real) | onp.isnan(x.imag)
    if x.dtype == BF16:
        return onp.isnan(x.astype(onp.float32))
    return onp.isnan(x) if x.dtype.kind == "f" else onp.zeros(x.shape, bool)


def mismatches(row: Row, got: Any, want: onp.ndarray, mask: onp.ndarray | None = None,
               scale: Any = None) -> onp.ndarray:  # fmt: skip
    """A mask of the elements of ``got`` that differ from ``want`` (beyond tolerance)."""
    got = onp.asarray(got)
    if want.dtype == BF16 or want.dtype.kind == "f":
        g, w = got.astype(onp.float64), want.astype(onp.float64)
    elif want.dtype.kind == "c":
        g, w = got.astype(onp.complex128), want.astype(onp.complex128)
    else:
        bad = got != want
        return bad & ~mask if mask is not None else bad
    rtol, atol = row.tolerance(want.dtype)
    gnan, wnan = _isnan(g), _isnan(w)
    with onp.errstate(all="ignore"):
        mag = onp.abs(w) if scale is None else onp.maximum(onp.abs(w), onp.abs(scale))
        if w.dtype.kind == "c":
            inf = onp.isinf(w.real) | onp.isinf(w.imag)
            inf_ok = ((onp.isinf(w.real) == onp.isinf(g.real)) & (onp.isinf(w.imag) ==
                      onp.isinf(g.imag)) & ((w.real == g.real) | ~onp.isinf(w.real)) &
                      ((w.imag == g.imag) | ~onp.isinf(w.imag)))  # fmt: skip
            close = onp.abs(g - w) <= atol + rtol * mag
            ok = onp.where(wnan | gnan, wnan == gnan, onp.where(inf, inf_ok, close))
        else:
            close = (g == w) | (onp.abs(g - w) <= atol + rtol * mag)
            close &= onp.isinf(g) == onp.isinf(w)
            ok = onp.where(wnan | gnan, wnan == gnan, close)
            if row.signed_zeros:
                ok &= ~((w == 0) & (g == 0) & (onp.signbit(w) != onp.signbit(g)))
    bad = ~ok
    return bad & ~mask if mask is not None else bad


def known_mask(row: Row, knowns: Sequence[Known], args: list[Any], dts: Sequence[onp.dtype],
               want: onp.ndarray, kwargs: dict | None = None) -> onp.ndarray | None:  # fmt: skip
    mask = None
    for k in knowns:
        if k.where is not None and k.applies(row.name, dts):
            operands = [want] if k.on_result else [onp.asarray(a) for a in args]
            extra = {"kwargs": kwargs or {}} if k.with_kwargs else {}
            m = onp.broadcast_to(_quiet(k.where, *operands, **extra), want.shape)
            mask = m if mask is None else mask | m
    return mask


def check(
    row: Row,
    args: list[Any],
    dts: Sequence[onp.dtype],
    kwargs: dict,
    knowns: Sequence[Known] = (),
    modes: Sequence[str] = ("eager", "jit"),
) -> None:
    """Compare xnp with NumPy on ``args``: same exception type, or same shape, dtype and values."""
    try:
        want = numpy_reference(row, args, kwargs)
    except Exception as e:  # NumPy rejects the inputs: xnp must reject them the same way.
        if isinstance(e, ValueError) and row.value_errors_eager_only:
            modes = [m for m in modes if m == "eager"]
        if isinstance(e, OverflowError) and builtin_any(type(a) is int for a in args):
            # Known: a Python scalar passed to a jitted function is traced as a weak array, so
            # its value is not range-checked against the other operand's dtype.
            modes = [m for m in modes if m == "eager"]
        for mode in modes:
            try:
                got = run_both(row, args, kwargs, mode)
            except Exception as e2:
                assert isinstance(e2, _error_kind(e)), (
                    f"{row.name} {mode}: NumPy raised {type(e).__name__}: {e}; xnp raised "
                    f"{type(e2).__name__}: {e2}")  # fmt: skip
            else:
                raise AssertionError(f"{row.name} {mode}: NumPy raised {type(e).__name__}: {e}; "
                                     f"xnp returned {got!r}")  # fmt: skip
        return
    wants = want if isinstance(want, tuple) else (want,)
    wants = tuple(onp.asarray(w) for w in wants)
    allowed = numpy_warnings(row, args, kwargs)
    for mode in modes:
        got = run_both(row, args, kwargs, mode, allowed)
        gots = got if isinstance(got, tuple) else (got,)
        assert len(gots) == len(wants), f"{row.name} {mode}: {len(gots)} outputs, want {len(wants)}"
        for g, w in zip(gots, wants, strict=True):
            assert isinstance(g, xnp.ndarray), f"{row.name} {mode}: got {type(g).__name__}"
            where = f"{row.name} {mode} on {_describe(args)} {kwargs or ''}"
            assert g.shape == w.shape, f"{where}: shape {g.shape}, NumPy {w.shape}"
            assert g.dtype == w.dtype, f"{where}: dtype {g.dtype}, NumPy {w.dtype}"
            mask = known_mask(row, knowns, args, dts, w, kwargs)
            scale = None if row.scale is None else _quiet(row.scale, args, kwargs)
            bad = mismatches(row, g, w, mask, scale)
            if bad.any():
                idx = onp.argwhere(bad)[:5]
                lines = [
                    f"  at {tuple(i)}: inputs {_inputs_at(args, w.shape, i)} -> xnp "
                    f"{onp.asarray(g)[tuple(i)]!r}, NumPy {w[tuple(i)]!r}"
                    for i in idx
                ]
                raise AssertionError(f"{where}: {int(bad.sum())} of {bad.size} values differ "
                                     f"(rtol, atol = {row.tolerance(w.dtype)})\n" +
                                     "\n".join(lines))  # fmt: skip


def _error_kind(e: Exception) -> tuple[type, ...]:
    if isinstance(e, OverflowError):
        return (OverflowError,)
    if isinstance(e, TypeError):
        return (TypeError,)
    if isinstance(e, IndexError):
        return (IndexError,)
    if isinstance(e, ValueError):
        return (ValueError,)
    return (type(e),)


def _describe(args: list[Any]) -> str:
    return "(" + ", ".join(f"{dtype_name(a.dtype)}{list(a.shape)}" if hasattr(a, "dtype")
                           else repr(a) for a in args) + ")"  # fmt: skip


def _inputs_at(args: list[Any], shape: tuple[int, ...], idx: Any) -> str:
    vals = []
    for a in args:
        if isinstance(a, onp.ndarray):
            # The result need not be an elementwise image of the operands (a histogram, a
            # reduction): then the operand is shown by its shape.
            try:
                b = onp.broadcast_to(a, shape) if a.shape != shape and a.ndim <= len(shape) else a
                vals.append(repr(b[tuple(idx)]))
            except (IndexError, ValueError):
                vals.append(f"array{list(a.shape)}")
        else:
            vals.append(repr(a))
    return ", ".join(vals)


def stale_checked(knowns: Sequence[Known]) -> list[Known]:
    """The masked known differences that must still show on every host."""
    return [k for k in knowns if k.where is not None and k.may_differ is None]


def check_may_differ(known: Known, rows: Sequence[Row]) -> int:
    """Run the comparison, masked by ``known``, on its example for every row it names; returns
    the number of rows checked (a host-dependent difference is accepted, not required)."""
    n = 0
    for row in rows:
        if not re.fullmatch(known.funcs, row.name):
            continue
        ex = known.example()
        args, kwargs = ex if isinstance(ex, tuple) else (ex, {})
        if row.nargs and len(args) != row.nargs:
            continue
        dts = [onp.asarray(a).dtype for a in args]
        check(row, args, dts, kwargs, [known])
        n += 1
    return n


def known_still_differs(known: Known, rows: Sequence[Row],
                        default_args: Callable[[Row, onp.dtype], list[Any]]) -> bool:  # fmt: skip
    """Whether a masked known difference still shows on some row and dtype it names, on its
    ``example`` operands if it has them, else on ``default_args(row, dtype)``."""
    for row in rows:
        for dt in ALL:
            if dt not in row.dtypes or not known.applies(row.name, [dt]):
                continue
            ex = known.example() if known.example is not None else default_args(row, dt)
            args, kwargs = ex if isinstance(ex, tuple) else (ex, {})
            if known.example is not None and row.nargs and len(args) != row.nargs:
                break  # the example is for another of the functions named
            want = numpy_reference(row, args, kwargs)
            wants = want if isinstance(want, tuple) else (want,)
            for mode in ("eager", "jit"):
                got = run_both(row, args, kwargs, mode)
                gots = got if isinstance(got, tuple) else (got,)
                for g, w in zip(gots, wants, strict=True):
                    w = onp.asarray(w)
                    operands = [w] if known.on_result else [onp.asarray(a) for a in args]
                    extra = {"kwargs": kwargs} if known.with_kwargs else {}
                    mask = onp.broadcast_to(_quiet(known.where, *operands, **extra), w.shape)
                    if (mismatches(row, g, w) & mask).any():
                        return True
            if known.example is not None:
                break
    return False
