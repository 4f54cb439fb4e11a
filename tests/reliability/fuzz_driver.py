"""Fuzz xnp's public API against NumPy (run by test_fuzz.py in a subprocess).

``python fuzz_driver.py <group> <examples>``. Each example draws a function from the group's
table, operands with random dtypes and shapes (0-d and empty included, NaN/inf and extreme
values in the floats), a random (possibly negative or out-of-range) axis, and a random
transformation (none, jit, vmap, grad, or jit of vmap). The only acceptable outcomes:

- NumPy raises: xnp raises an exception of an expected type (or returns, for a few
  documented relaxations: xnp is allowed to be more permissive nowhere here);
- NumPy returns: xnp returns the same values (compared in complex128 with a tolerance for
  the operands' precision, NaNs equal), or raises an exception of an expected type when the
  input is outside what xnp supports (never a wrong value, never a crash).

A crash of the interpreter shows as the subprocess's return code; a hang as its timeout.
"""

from __future__ import annotations

import sys
import warnings

import numpy as onp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xnp

EXPECTED = (TypeError, ValueError, IndexError, NotImplementedError, OverflowError, MemoryError,
            ZeroDivisionError, onp.linalg.LinAlgError)  # fmt: skip
SMOOTH = ["sin", "cos", "exp", "tanh", "arctan", "log1p", "expm1", "square", "sqrt", "log",
          "cbrt", "arcsin", "reciprocal"]  # fmt: skip

DTYPES = ["bool", "int8", "int32", "int64", "uint8", "uint32", "float16", "float32", "float64",
          "complex64", "complex128"]  # fmt: skip
SPECIAL = [onp.nan, onp.inf, -onp.inf, 0.0, -0.0, 1e308, -1e-308, 65504.0]

UNARY = ["sin", "cos", "exp", "log", "sqrt", "abs", "negative", "floor", "ceil", "tanh",
         "arctan", "arcsin", "log1p", "expm1", "sign", "isnan", "isfinite", "square",
         "reciprocal", "conj", "real", "imag", "logical_not", "invert", "rint", "cbrt"]  # fmt: skip
BINARY = ["add", "subtract", "multiply", "divide", "true_divide", "power", "maximum",
          "minimum", "fmax", "fmin", "arctan2", "hypot", "equal", "not_equal", "less",
          "greater_equal", "logical_and", "logical_xor", "bitwise_and", "bitwise_or",
          "left_shift", "copysign", "nextafter", "floor_divide", "remainder", "fmod"]  # fmt: skip
AXIS = ["sum", "prod", "mean", "max", "min", "argmax", "argmin", "std", "var", "any", "all",
        "cumsum", "cumprod", "sort", "argsort", "median", "ptp", "nanmax", "nansum", "flip",
        "squeeze", "expand_dims", "diff", "count_nonzero", "nanmean"]  # fmt: skip
SHAPE = ["transpose", "ravel", "reshape_flat", "concatenate", "stack", "roll", "take0",
         "tile2", "repeat2", "atleast_2d", "moveaxis", "swapaxes", "broadcast_to_2",
         "unique", "nonzero", "where", "clip", "around", "cross_self", "outer",
         "dot_self"]  # fmt: skip
CREATORS = ["zeros", "ones", "empty", "full", "arange", "eye", "linspace", "identity"]
BAD_VALUES = ["a string", None, {"a": 1}, object(), [1, [2, 3]], 2**70, -1, (2**40, 2**40),
              (2**47,), 1.5, onp.array(["x"]), slice(1)]  # fmt: skip
GROUPS = {"unary": UNARY, "binary": BINARY, "axis": AXIS, "shape": SHAPE,
          # (the shape group's real functions: take0, tile2, ... are spellings of calls)
          "bad": UNARY[:8] + AXIS[:8] + [n for n in SHAPE if hasattr(onp, n)][:8]
          + CREATORS}  # fmt: skip


def check_bad(name: str, value) -> None:
    """A wrong type or an absurd size: an expected exception (or a correct value), no crash."""
    f = getattr(xnp, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if name == "full":
                out = f(value, 1.0)
            elif name in ("linspace",):
                out = f(0, 1, value)
            else:
                out = f(value)
    except EXPECTED:
        return
    except Exception as e:
        raise AssertionError(f"{name}({value!r:.60}): unexpected {type(e).__name__}: {e}") from e
    try:
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            want = getattr(onp, name)(value, 1.0) if name == "full" else (
                onp.linspace(0, 1, value) if name == "linspace" else getattr(onp, name)(value))
    except Exception:  # noqa: BLE001
        return  # xnp accepted what NumPy refuses (e.g. a string to a ufunc): not a wrong value
    if name != "empty":
        assert _close(onp.asarray(out), want, [onp.asarray(want).dtype]), (name, value, out, want)


def check_grad(name: str, x_np) -> None:
    """grad of sum(f(x)) against central differences of NumPy's f, in float64."""
    x_np = onp.asarray(x_np, onp.float64)
    h = 1e-6
    with onp.errstate(all="ignore"):
        f = getattr(onp, name)
        fd = (f(x_np + h) - f(x_np - h)) / (2 * h)
        ok = onp.isfinite(fd) & onp.isfinite(f(x_np + 4 * h)) & onp.isfinite(f(x_np - 4 * h))
        ok &= onp.abs(x_np) > 1e-3  # away from the kinks and poles of sqrt, cbrt, log, 1/x
        ok &= onp.abs(onp.abs(x_np) - 1) > 1e-3  # and of arcsin at +-1
    try:
        g = xnp.grad(lambda a: getattr(xnp, name)(a).sum())(xnp.asarray(x_np))
    except EXPECTED:
        return
    g = onp.asarray(g)
    assert g.shape == x_np.shape, (name, g.shape, x_np.shape)
    bad = ok & ~(onp.abs(g - fd) <= 1e-4 * onp.maximum(1, onp.abs(fd)))
    assert not bad.any(), f"grad {name} at {x_np[bad]}: xnp {g[bad]}, differences {fd[bad]}"


def _mk(data, dtype: str, shape: tuple[int, ...]) -> onp.ndarray:
    n = int(onp.prod(shape)) if shape else 1
    kind = onp.dtype(dtype).kind
    if kind == "b":
        vals = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    elif kind in "iu":
        info = onp.iinfo(dtype)
        vals = data.draw(st.lists(st.one_of(st.integers(-5, 5), st.sampled_from(
            [int(info.min), int(info.max), 0])), min_size=n, max_size=n))  # fmt: skip
        vals = [min(max(v, int(info.min)), int(info.max)) for v in vals]
    else:
        vals = data.draw(st.lists(st.one_of(st.floats(-3, 3), st.sampled_from(SPECIAL)),
                                  min_size=n, max_size=n))  # fmt: skip
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        a = onp.asarray(vals, dtype=onp.float64 if kind in "fc" else None).astype(dtype)
        if kind == "c":
            a = a + 1j * a[::-1].astype(dtype)
    return a.reshape(shape)


def _close(got, want, dtypes_) -> bool:
    got = onp.asarray(got)
    want = onp.asarray(want)
    if got.shape != want.shape:
        return False
    if want.dtype == bool or want.dtype.kind in "iu":
        return bool(onp.array_equal(got.astype(want.dtype) if got.dtype.kind in "biuf" and
                                    want.dtype.kind in "biu" else got, want))  # fmt: skip
    lowp = any(onp.dtype(d).itemsize <= 4 or onp.dtype(d).kind in "biu" or
               onp.dtype(d) == onp.complex64 for d in dtypes_)  # fmt: skip
    rtol = 2e-2 if any(onp.dtype(d) == onp.float16 for d in dtypes_) else (2e-5 if lowp else 1e-9)
    g = got.astype(complex)
    w = want.astype(complex)
    with onp.errstate(all="ignore"):
        both_nan = onp.isnan(g) & onp.isnan(w)
        same = (g == w) | both_nan
        tol = onp.abs(g - w) <= rtol * onp.maximum(onp.abs(w), 1e-30) + rtol * 1e-300
    # Values at the edges of the float range: XLA may flush or overflow one ulp earlier.
    huge = onp.abs(w) > 1e300
    return bool(onp.all(same | tol | huge | (onp.abs(w) < 1e-300)))


def _double(x: onp.ndarray) -> onp.ndarray:
    return x.astype(onp.complex128 if x.dtype.kind == "c" else onp.float64) \
        if x.dtype.kind in "fc" and x.dtype.itemsize < 8 * (2 if x.dtype.kind == "c" else 1) else x


def _flush_subnormals(x: onp.ndarray) -> onp.ndarray:
    """``x`` with subnormal values replaced by zeros of the same sign (``x`` itself if none)."""
    if x.dtype.kind not in "fc":
        return x
    tiny = onp.finfo(x.dtype).tiny
    parts = [x.real, x.imag] if x.dtype.kind == "c" else [x]
    if not any(((p != 0) & (onp.abs(p) < tiny)).any() for p in parts):
        return x
    def flush(p):
        return onp.where((p != 0) & (onp.abs(p) < tiny), onp.copysign(0, p), p).astype(p.dtype)
    return flush(x.real) + 1j * flush(x.imag) if x.dtype.kind == "c" else flush(x)


def _call(lib, group: str, name: str, xs, axis):
    if group in ("unary", "binary"):
        return getattr(lib, name)(*xs)
    (x,) = xs
    if group == "axis":
        f = getattr(lib, name)
        if name == "squeeze" or name == "flip":
            return f(x, axis=axis)
        if name == "expand_dims":
            return f(x, axis)
        if name == "diff":
            return f(x, axis=-1 if axis is None else axis)
        return f(x, axis=axis)
    if name == "reshape_flat":
        return lib.reshape(x, (-1,))
    if name == "concatenate":
        return lib.concatenate([x, x], axis=0 if axis is None else axis)
    if name == "stack":
        return lib.stack([x, x], axis=0 if axis is None else axis)
    if name == "roll":
        return lib.roll(x, 1, axis=axis)
    if name == "take0":
        return lib.take(x, [0, -1], axis=axis)
    if name == "tile2":
        return lib.tile(x, 2)
    if name == "repeat2":
        return lib.repeat(x, 2, axis=axis)
    if name == "moveaxis":
        return lib.moveaxis(x, 0, -1)
    if name == "swapaxes":
        return lib.swapaxes(x, 0, -1)
    if name == "broadcast_to_2":
        return lib.broadcast_to(x, (2, *x.shape))
    if name == "where":
        return lib.where(x)  # the nonzero form
    if name == "clip":
        return lib.clip(x, -1, 1)
    if name == "around":
        return lib.around(x, 1)
    if name == "cross_self":
        return lib.cross(x, x[..., ::-1]) if x.ndim else lib.cross(x, x)
    if name == "outer":
        return lib.outer(x, x)
    if name == "dot_self":
        return lib.dot(x, x)
    return getattr(lib, name)(x)


def _mappable(xs) -> bool:
    return xs[0].ndim >= 1 and all(x.ndim >= 1 and x.shape[0] == xs[0].shape[0] for x in xs)


def _flat(out):
    return list(out) if isinstance(out, tuple | list) else [out]


def check(group: str, name: str, xs_np, axis, transform: str) -> None:
    with warnings.catch_warnings(), onp.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            want = _call(onp, group, name, xs_np, axis)
            np_error = None
        except Exception as e:  # noqa: BLE001
            want, np_error = None, e
    xs = [xnp.asarray(x) for x in xs_np]

    def fn(*a):
        return _call(xnp, group, name, a, axis)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if transform == "jit":
                got = xnp.jit(fn)(*xs)
            elif transform == "vmap" and _mappable(xs):
                got = xnp.vmap(fn)(*xs)
                with onp.errstate(all="ignore"):
                    want = [_call(onp, group, name, [x[i] for x in xs_np], axis)
                            for i in range(xs_np[0].shape[0])]  # fmt: skip
                    if want and isinstance(want[0], tuple):
                        return  # tuple outputs (nonzero) are not compared under vmap
                    want = onp.stack(want) if want else None
                    np_error = None
            else:
                got = fn(*xs)
    except EXPECTED:
        return  # an expected error type: acceptable whatever NumPy did
    except Exception as e:
        raise AssertionError(f"{name}{[x.dtype.name + str(x.shape) for x in xs_np]} axis={axis} "
                             f"{transform}: unexpected {type(e).__name__}: {e}") from e  # fmt: skip
    if np_error is not None or want is None:
        return  # xnp is more permissive than NumPy here (e.g. an axis on 0-d): not a wrong value
    gs, ws = _flat(got), _flat(want)
    dts = [x.dtype for x in xs_np]
    assert len(gs) == len(ws), (name, len(gs), len(ws))
    # XLA's CPU code flushes subnormal inputs to zero (floor(-1e-308) is -0.0 under jit): with
    # subnormals among the inputs, NumPy's result on the flushed inputs is accepted as well.
    flushed = [_flush_subnormals(x) for x in xs_np]
    ws_ftz = ws
    if any(f is not x for f, x in zip(flushed, xs_np, strict=True)) and transform != "vmap":
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                ws_ftz = _flat(_call(onp, group, name, flushed, axis))
            except Exception:  # noqa: BLE001
                ws_ftz = ws
    # xnp may be more accurate than NumPy (complex64 log1p of 1e-4j: NumPy's real part is 0):
    # NumPy's result on the inputs in double precision, rounded to the result's dtype, counts.
    ws_hi = ws
    if transform != "vmap" and group in ("unary", "binary"):
        with warnings.catch_warnings(), onp.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                ws_hi = [onp.asarray(h).astype(onp.asarray(w).dtype) for h, w in zip(
                    _flat(_call(onp, group, name, [_double(x) for x in xs_np], axis)), ws,
                    strict=True)]  # fmt: skip
            except Exception:  # noqa: BLE001
                ws_hi = ws
    for g, w, w_ftz, w_hi in zip(gs, ws, ws_ftz, ws_hi, strict=True):
        tol_dts = [*dts, onp.asarray(w).dtype]  # a float16 result of int8 input is float16
        g = onp.asarray(g)
        ok = (_close(g, w, tol_dts) or _close(g, w_ftz, tol_dts)
              or (onp.asarray(w_hi).shape == onp.asarray(w).shape and _close(g, w_hi, tol_dts)))
        assert ok, (f"{name}{[x.dtype.name + str(x.shape) for x in xs_np]} axis={axis} "
                    f"{transform}:\ninputs {xs_np}\nxnp {onp.asarray(g)!r}\n"
                    f"numpy {w!r}")  # fmt: skip


def main(group: str, examples: int) -> None:
    names = GROUPS[group]
    nin = 2 if group == "binary" else 1

    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(st.data())
    def run(data):
        name = data.draw(st.sampled_from(names))
        if group == "bad":
            if name in CREATORS:
                check_bad(name, data.draw(st.sampled_from(BAD_VALUES)))
            else:
                check_bad(name, data.draw(st.sampled_from(BAD_VALUES[:6] + BAD_VALUES[8:])))
            return
        if group == "unary" and name in SMOOTH and data.draw(st.booleans()):
            n = data.draw(st.integers(1, 5))
            xs = data.draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n))
            check_grad(name, xs)
            return
        ndim = data.draw(st.integers(0, 3))
        shape = tuple(data.draw(st.lists(st.integers(0, 3), min_size=ndim, max_size=ndim)))
        dtype = data.draw(st.sampled_from(DTYPES))
        xs = [_mk(data, dtype, shape)]
        if nin == 2:
            other = data.draw(st.sampled_from(DTYPES))
            shape2 = shape[data.draw(st.integers(0, len(shape))):]  # broadcastable suffix
            xs.append(_mk(data, other, shape2))
        axis = data.draw(st.one_of(st.none(), st.integers(-ndim - 1, ndim)))
        transform = data.draw(st.sampled_from(["none", "jit", "vmap"]))
        check(group, name, xs, axis, transform)

    run()
    print(f"fuzz {group}: {examples} examples, no failure")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
