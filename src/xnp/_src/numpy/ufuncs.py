"""NumPy's universal functions over lax, with NumPy 2's type resolution.

A call picks the inner loop NumPy picks for its operands (``numpy.sin(int8)`` computes in
float16, ``numpy.add(bool, bool)`` in bool, ``logaddexp(int8, uint8)`` in float16, ...), casts
the operands to it (Python scalars straight to the loop's dtype, as NEP 50 says), broadcasts,
and runs the loop's implementation. The loop comes from NumPy's own resolver
(``ufunc.resolve_dtypes``, Python scalars entering as the weak types ``int``/``float``/
``complex``), so dtypes match NumPy by construction; bfloat16 follows the float16 loops.
Results are never weakly typed (NumPy returns NumPy scalars for Python scalar inputs).
Implementations made of several lax operations are compiled once per signature (``xnp.jit``)
instead of dispatching each operation eagerly. Each ufunc is one row of ``TABLE`` at the end of
this module; ``ufunc_impls`` holds the implementations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import ufunc_impls as impls
from xnp._src.numpy import util
from xnp._src.typing import ArrayLike

_F16 = onp.dtype(onp.float16)
_BF16 = dtypes.bfloat16

# (ufunc name, operand keys, x64) -> (loop input dtypes, output dtypes) or the TypeError message.
_loop_cache: dict[tuple, tuple[tuple, tuple] | str] = {}


def resolve_loop(name: str, keys: tuple) -> tuple[tuple, tuple]:
    """The (canonicalized) input and output dtypes of NumPy's loop for operands described by
    ``keys``: dtypes, or the Python types ``int``/``float``/``complex`` for weak scalars."""
    key = (name, keys, config.enable_x64)  # the loop dtypes are canonicalized
    entry = _loop_cache.get(key)
    if entry is None:
        entry = _loop_cache[key] = _resolve(name, keys)
    if type(entry) is str:
        raise TypeError(entry)
    return entry


def _resolve(name: str, keys: tuple) -> tuple[tuple, tuple] | str:
    uf = getattr(onp, name)
    bf16 = _BF16 in keys
    if bf16 and _F16 in keys:
        # NumPy has no bfloat16: promote by xnp's table (bfloat16 + float16 -> float32) first.
        dt = dtypes.promote(
            [
                (k, False)
                if isinstance(k, onp.dtype)
                else (dtypes.default_dtype(_PY_KINDS[k]), True)
                for k in keys
            ]
        )[0]
        keys, bf16 = (dt,) * len(keys), False
    probe = tuple(_F16 if k is _BF16 or k == _BF16 else k for k in keys)
    try:
        loop = uf.resolve_dtypes((*probe, *(None,) * uf.nout))
    except TypeError as e:
        msg = str(e)
        if "did not contain a loop" in msg or "not supported for the input types" in msg:
            types = ", ".join(k.name if isinstance(k, onp.dtype) else k.__name__ for k in keys)
            return f"ufunc '{name}' not supported for the input types ({types})"
        return msg
    if bf16:
        loop = tuple(_BF16 if d == _F16 else d for d in loop)
    loop = tuple(dtypes.canonicalize_dtype(d) for d in loop)
    return loop[: uf.nin], loop[uf.nin :]


_PY_KINDS = {int: "i", float: "f", complex: "c"}
_WEAK_KEYS = {"i": int, "u": int, "f": float, "c": complex}


def _key(x: Any) -> Any:
    """How an operand enters NumPy's loop resolution: weak values by their Python type."""
    t = type(x)
    if t is bool:
        return onp.dtype(bool)
    if t in _PY_KINDS:
        return t
    if x.aval.weak_type and x.dtype != onp.bool_:
        return _WEAK_KEYS[dtypes.kind(x.dtype)]
    return x.dtype


def _cast(x: Any, dt: onp.dtype) -> Any:
    if dt == onp.bool_ and dtypes.kind(x.dtype) == "c":
        return impls.truth(x)  # nonzero, imaginary part included
    if x.dtype != dt or x.aval.weak_type:
        return lax_shapes.convert_element_type(x, dt, False)
    return x


def _scalar(value: Any, dt: onp.dtype) -> Any:
    return dispatch.scalar_const(bool(value) if dt == onp.bool_ else value, dt, False)


_by_name: dict[str, ufunc] = {}


def _ufunc_named(name: str) -> ufunc:
    """The ufunc called ``name`` (how pickled ufuncs come back)."""
    try:
        return _by_name[name]
    except KeyError:
        raise AttributeError(f"xnp has no ufunc {name!r}") from None


class ufunc:  # noqa: N801 (NumPy's name)
    """A NumPy universal function: elementwise, broadcasting, with NumPy's loop dtypes.

    ``out=`` is supported for xnp arrays outside transformations (the array is rebound to
    the result, cast to its dtype); ``where=`` and ``casting=`` other than their defaults
    are not.
    """

    def __init__(
        self,
        name: str,
        nin: int,
        nout: int,
        impl: Callable[..., Any],
        composite: bool | str = False,
        identity: Any = None,
        reducer: Callable[..., Any] | None = None,
    ):
        self.__name__ = self.__qualname__ = name
        _by_name.setdefault(name, self)
        self.nin, self.nout = nin, nout
        self.identity = identity
        self._reducer = reducer
        self._composite = composite
        self._check: Callable[[list[Any]], None] | None = None
        self._impl = (impls.compiled(impl, name, upcast_half=composite != "native")
                      if composite else impl)  # fmt: skip
        # A single-op loop whose operands need broadcasting runs as one program with it.
        self._broadcasting_impl = None if composite or nin == 1 else impls.compiled(
            impl, name, upcast_half=False)  # fmt: skip
        self.__doc__ = (
            f"NumPy's ``{name}`` ufunc, elementwise with broadcasting (see ``numpy.{name}``).\n\n"
            + (impl.__doc__ or "")
        )

    @property
    def nargs(self) -> int:
        return self.nin + self.nout

    def __repr__(self) -> str:
        return f"<ufunc '{self.__name__}'>"

    def __reduce__(self) -> tuple:
        # Pickled by name, as NumPy pickles its ufuncs: the unpickled object is xnp's own.
        return (_ufunc_named, (self.__name__,))

    def __deepcopy__(self, memo: dict) -> ufunc:
        return self

    def __call__(self, *args: ArrayLike, out: Any = None, **kwargs: Any) -> Any:
        if len(args) != self.nin:
            if len(args) == self.nin + self.nout and out is None:
                args, out = args[: self.nin], args[self.nin :]
            else:
                raise TypeError(
                    f"{self.__name__}() takes {self.nin} positional arguments but {len(args)} "
                    "were given"
                )
        dtype = kwargs.pop("dtype", None)
        if kwargs:
            self._check_kwargs(kwargs)
        result = self._apply(args, dtype)
        if out is not None:
            return _write_out(self.__name__, out, result)
        return result

    def _check_kwargs(self, kwargs: dict) -> None:
        where = kwargs.pop("where", True)
        casting = kwargs.pop("casting", "same_kind")
        kwargs.pop("order", None)
        kwargs.pop("subok", None)
        if where is not True:
            raise NotImplementedError(f"{self.__name__}: the `where` argument is not supported")
        if casting != "same_kind":
            raise NotImplementedError(f"{self.__name__}: casting={casting!r} is not supported")
        if kwargs:
            raise TypeError(f"{self.__name__}() got unexpected keyword arguments {sorted(kwargs)}")

    def _apply(self, args: tuple, dtype: Any) -> Any:
        name = self.__name__
        if self.nin == 1:
            x = args[0]
            ops = [x if dtypes.is_python_scalar(x) else util.asarray(x, name)]
            keys = (_key(ops[0]),)
        else:
            prepared = _prepare_binary(name, args)
            if type(prepared) is not tuple:
                return prepared  # a comparison decided without a loop (see _prepare_binary)
            ops, keys = prepared
        if dtype is not None:
            in_dts, out_dts = self._loop_for_dtype(ops, dtype)
        else:
            in_dts, out_dts = resolve_loop(name, keys)
        # Python scalars convert straight to the loop's dtype (NumPy checks their range there).
        arrs = [_scalar(a, d) if dtypes.is_python_scalar(a) else _cast(a, d)
                for a, d in zip(ops, in_dts, strict=True)]  # fmt: skip
        if self._check is not None:
            self._check(arrs)
        if self.nin > 1 and not self._composite and arrs[0].shape != arrs[1].shape:
            r = self._broadcasting_impl(*arrs)
        else:
            r = self._impl(*arrs)
        if self.nout == 1:
            return r if r.dtype == out_dts[0] and not r.aval.weak_type else _cast(r, out_dts[0])
        return tuple(_cast(x, d) for x, d in zip(r, out_dts, strict=True))

    def _loop_for_dtype(self, ops: list[Any], dtype: Any) -> tuple[tuple, tuple]:
        dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        for i, a in enumerate(ops):
            if dtypes.is_python_scalar(a) or a.aval.weak_type:
                continue
            if not _can_cast(a.dtype, dt, "same_kind"):
                raise TypeError(
                    f"Cannot cast ufunc '{self.__name__}' input {i} from {a.dtype!r} to {dt!r} "
                    "with casting rule 'same_kind'"
                )
        in_dts, out_dts = resolve_loop(self.__name__, (dt,) * self.nin)
        return in_dts, tuple(dt if dtypes.kind(d) == dtypes.kind(dt) else d for d in out_dts)

    # -- methods ------------------------------------------------------------------------

    def reduce(self, array: ArrayLike, axis: Any = 0, dtype: Any = None, out: Any = None,
               keepdims: bool = False, initial: Any = None, where: Any = True) -> Any:  # fmt: skip
        """Reduce ``array`` along ``axis`` by repeatedly applying this binary ufunc."""
        if self._reducer is None:
            raise NotImplementedError(f"{self.__name__}.reduce is not supported")
        kw = {} if where is True else {"where": where}
        if initial is not None:
            kw["initial"] = initial
        r = self._reducer(array, axis=axis, dtype=dtype, keepdims=keepdims, **kw)
        return r if out is None else _write_out(f"{self.__name__}.reduce", out, r)

    def outer(self, a: ArrayLike, b: ArrayLike, **kwargs: Any) -> Any:
        """Apply the ufunc to every pair ``(a[i...], b[j...])``; result shape a.shape + b.shape."""
        if self.nin != 2:
            raise ValueError("outer product only supported for binary functions")
        a, b = util.asarray(a, self.__name__), util.asarray(b, self.__name__)
        a = lax_shapes.reshape(a, a.shape + (1,) * b.ndim)
        return self(a, b, **kwargs)

    def accumulate(self, array: ArrayLike, axis: int = 0, dtype: Any = None,
                   out: Any = None) -> Any:  # fmt: skip
        """Accumulate the ufunc along ``axis`` (add, multiply, maximum and minimum)."""
        if self.__name__ not in ACCUMULATORS:
            raise NotImplementedError(f"{self.__name__}.accumulate is not supported")
        return ACCUMULATORS[self.__name__](array, axis=axis, dtype=dtype, out=out)

    def at(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f"{self.__name__}.at: xnp arrays are immutable; use x.at[idx].<op>(...) instead"
        )


_NEGATIVE_POWER = "Integers to negative integer powers are not allowed."


class _Power(ufunc):
    """``power``: a Python integer exponent is unrolled into multiplications (exact for
    integers, one fused program for floats)."""

    def _apply(self, args: tuple, dtype: Any) -> Any:
        x1, x2 = args
        if dtype is None and type(x2) is int and not dtypes.is_python_scalar(x1):
            a = util.asarray(x1, "power")
            (in_dt, _), (out_dt,) = resolve_loop("power", (_key(a), int))
            k = dtypes.kind(in_dt)
            dispatch.scalar_const(x2, in_dt, False)  # NumPy's range check of the exponent
            if k in "iu" and x2 < 0 and a.size:
                raise ValueError(_NEGATIVE_POWER)
            if (k in "iu" and x2 >= 0) or (k in "fc" and -32 <= x2 <= 32):
                return _cast(lax.integer_pow(_cast(a, in_dt), x2), out_dt)
        return super()._apply(args, dtype)


def _check_power(arrs: list[Any]) -> None:
    a, b = arrs
    if dtypes.kind(b.dtype) != "i" or type(b) is not ndarray or not a.size:
        return
    if bool(onp.any(onp.asarray(b) < 0)):
        raise ValueError(_NEGATIVE_POWER)


def _can_cast(a: onp.dtype, b: onp.dtype, casting: str) -> bool:
    if _BF16 in (a, b):
        if a == b:
            return True
        return dtypes.kind(b) in "fc" and dtypes.kind(a) in "biuf"
    return onp.can_cast(a, b, casting)


# ----------------------------------------------------------------------------- binary inputs

_COMPARISONS = ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal")
# The value of `array OP c` for a Python integer c above / below the array's integer range.
_ABOVE_RANGE = {"equal": False, "not_equal": True, "less": True, "less_equal": True,
                "greater": False, "greater_equal": False}  # fmt: skip
_BELOW_RANGE = {"equal": False, "not_equal": True, "less": False, "less_equal": False,
                "greater": True, "greater_equal": True}  # fmt: skip
_FLIP = {"less": "greater", "less_equal": "greater_equal", "greater": "less",
         "greater_equal": "less_equal", "equal": "equal", "not_equal": "not_equal"}  # fmt: skip


def _prepare_binary(name: str, args: tuple) -> tuple[list[Any], tuple] | Any:
    """(operands, dtypes to resolve the loop with); Python scalars stay Python scalars."""
    x1, x2 = args
    if name in _COMPARISONS:
        decided = _compare_out_of_range(name, x1, x2)
        if decided is None:
            decided = _mixed_sign_compare(name, x1, x2)
        if decided is not None:
            return decided
    ops = [x if dtypes.is_python_scalar(x) else util.asarray(x, name) for x in (x1, x2)]
    return ops, (_key(ops[0]), _key(ops[1]))


def _compare_out_of_range(name: str, x1: Any, x2: Any) -> Any:
    """NumPy 2 compares integer arrays with out-of-range Python integers exactly."""
    for c, arr, op in ((x2, x1, name), (x1, x2, _FLIP[name])):
        if type(c) is int and not dtypes.is_python_scalar(arr):
            arr = util.asarray(arr, name)
            if dtypes.kind(arr.dtype) not in "iu":
                return None
            info = onp.iinfo(arr.dtype)
            if info.min <= c <= info.max:
                return None
            value = _ABOVE_RANGE[op] if c > info.max else _BELOW_RANGE[op]
            return lax_utils.full(arr.shape, value, onp.bool_)
    return None


def _mixed_sign_compare(name: str, x1: Any, x2: Any) -> Any:
    """Signed against unsigned integers compares exactly (NumPy has loops for it)."""
    if dtypes.is_python_scalar(x1) or dtypes.is_python_scalar(x2):
        return None
    a, b = util.asarray(x1, name), util.asarray(x2, name)
    ka, kb = dtypes.kind(a.dtype), dtypes.kind(b.dtype)
    if {ka, kb} != {"i", "u"}:
        return None
    common = dtypes.result_type(a, b)
    unsigned = a.dtype if ka == "u" else b.dtype
    if dtypes.kind(common) == "i" and common.itemsize > unsigned.itemsize:
        return None
    return impls.mixed_sign_compare(a, b, op=name)


# ----------------------------------------------------------------------------- out=


def _write_out(name: str, out: Any, result: Any) -> Any:
    """NumPy's ``out=``: the xnp array ``out`` is rebound to the result (cast to its dtype)."""
    if isinstance(out, tuple):
        if len(out) == 1 and not isinstance(result, tuple):
            return _write_out(name, out[0], result)
        if not isinstance(result, tuple) or len(out) != len(result):
            raise ValueError(f"{name}: out must have one entry per output")
        return tuple(_write_out(name, o, r) if o is not None else r
                     for o, r in zip(out, result, strict=True))  # fmt: skip
    if isinstance(out, core.Tracer) or isinstance(result, core.Tracer):
        raise TypeError(
            f"{name}: out= cannot be used inside a transformation (arrays are values there); "
            "use the returned array instead"
        )
    if type(out) is not ndarray:
        raise TypeError(f"{name}: out must be an xnp array, got {type(out).__name__}")
    if not _can_cast(result.dtype, out.dtype, "same_kind"):
        raise TypeError(
            f"Cannot cast ufunc '{name}' output from {result.dtype!r} to {out.dtype!r} with "
            "casting rule 'same_kind'"
        )
    if result.shape != out.shape:
        if util.broadcast_shapes(name, result.shape, out.shape) != out.shape:
            raise ValueError(
                f"{name}: non-broadcastable output operand with shape {out.shape} doesn't match "
                f"the broadcast shape {result.shape}"
            )
        result = util.broadcast_to(result, out.shape, name)
    result = _cast(result, out.dtype)
    out._buf, out._npy, out._device, out.aval = (
        result._buf, result._npy, result._device, result.aval)  # fmt: skip
    return out


# ----------------------------------------------------------------------------- the table


# ``ufunc.reduce``/``accumulate`` of each ufunc name. The reductions are written with the
# ufuncs (reductions.py sits above this module), so reductions.py fills these tables when it is
# imported (the numpy namespace imports both).
REDUCERS: dict[str, Callable[..., Any]] = {}
ACCUMULATORS: dict[str, Callable[..., Any]] = {}


def _reduce_fn(name: str) -> Callable[..., Any]:
    def reduce(a: Any, **kw: Any) -> Any:
        if name not in REDUCERS:
            raise NotImplementedError(
                f"{name}.reduce: the reductions are not registered (import xnp, or "
                "xnp._src.numpy.reductions, first)"
            )
        return REDUCERS[name](a, **kw)

    return reduce


_REDUCIBLE = {"add": 0, "multiply": 1, "maximum": None, "minimum": None, "logical_and": True,
              "logical_or": False, "bitwise_and": -1, "bitwise_or": 0, "bitwise_xor": 0,
              "fmax": None, "fmin": None}  # fmt: skip

# name -> (nin, nout, implementation, composite). A composite implementation is made of several
# lax operations and is compiled as one program per signature, computing half-precision floats
# in float32 (like NumPy's loops) unless it is "native" (results that depend on the precision).
TABLE: dict[str, tuple[int, int, Callable[..., Any], bool | str]] = {
    # arithmetic
    "add": (2, 1, impls.add, False),
    "subtract": (2, 1, lax.sub, False),
    "multiply": (2, 1, impls.multiply, False),
    "divide": (2, 1, impls.divide, False),
    "floor_divide": (2, 1, impls.floor_divide, True),
    "remainder": (2, 1, impls.remainder, True),
    "fmod": (2, 1, impls.fmod, True),
    "divmod": (2, 2, impls.divmod_, True),
    "power": (2, 1, impls.power, True),
    "float_power": (2, 1, impls.power, True),
    "negative": (1, 1, lax.neg, False),
    "positive": (1, 1, impls.identity, False),
    "absolute": (1, 1, impls.absolute, False),
    "fabs": (1, 1, lax.abs, False),
    "sign": (1, 1, impls.sign, True),
    "reciprocal": (1, 1, impls.reciprocal, True),
    "square": (1, 1, impls.square, False),
    "conjugate": (1, 1, impls.conjugate, False),
    "heaviside": (2, 1, impls.heaviside, True),
    # exponentials, logarithms, powers
    "exp": (1, 1, impls.exp, False),
    "exp2": (1, 1, impls.exp2, True),
    "expm1": (1, 1, impls.expm1, False),
    "log": (1, 1, impls.log, False),
    "log2": (1, 1, impls.log2, True),
    "log10": (1, 1, impls.log10, True),
    "log1p": (1, 1, impls.log1p, False),
    "logaddexp": (2, 1, impls.logaddexp, True),
    "logaddexp2": (2, 1, impls.logaddexp2, True),
    "sqrt": (1, 1, impls.sqrt, False),
    "cbrt": (1, 1, lax.cbrt, False),
    # trigonometric and hyperbolic
    "sin": (1, 1, impls.sin, False),
    "cos": (1, 1, impls.cos, False),
    "tan": (1, 1, impls.tan, False),
    "arcsin": (1, 1, impls.arcsin, False),
    "arccos": (1, 1, impls.arccos, False),
    "arctan": (1, 1, impls.arctan, False),
    "arctan2": (2, 1, lax.atan2, False),
    "hypot": (2, 1, impls.hypot, True),
    "sinh": (1, 1, impls.sinh, False),
    "cosh": (1, 1, impls.cosh, False),
    "tanh": (1, 1, impls.tanh, False),
    "arcsinh": (1, 1, impls.arcsinh, False),
    "arccosh": (1, 1, impls.arccosh, False),
    "arctanh": (1, 1, impls.arctanh, False),
    "deg2rad": (1, 1, impls.deg2rad, False),
    "rad2deg": (1, 1, impls.rad2deg, False),
    # rounding and floating point
    "floor": (1, 1, impls.floor, False),
    "ceil": (1, 1, impls.ceil, False),
    "trunc": (1, 1, impls.trunc, True),
    "rint": (1, 1, impls.rint, True),
    "isnan": (1, 1, impls.isnan, False),
    "isinf": (1, 1, impls.isinf, True),
    "isfinite": (1, 1, impls.isfinite, True),
    "signbit": (1, 1, impls.signbit, True),
    "copysign": (2, 1, impls.copysign, True),
    "nextafter": (2, 1, impls.nextafter, "native"),
    "spacing": (1, 1, impls.spacing, "native"),
    "frexp": (1, 2, impls.frexp, True),
    "ldexp": (2, 1, impls.ldexp, True),
    "modf": (1, 2, impls.modf, True),
    "maximum": (2, 1, impls.maximum, False),
    "minimum": (2, 1, impls.minimum, False),
    "fmax": (2, 1, impls.fmax, True),
    "fmin": (2, 1, impls.fmin, True),
    # comparisons and logic
    "equal": (2, 1, lax.eq, False),
    "not_equal": (2, 1, lax.ne, False),
    "less": (2, 1, impls.less, False),
    "less_equal": (2, 1, impls.less_equal, False),
    "greater": (2, 1, impls.greater, False),
    "greater_equal": (2, 1, impls.greater_equal, False),
    "logical_and": (2, 1, impls.logical_and, True),
    "logical_or": (2, 1, impls.logical_or, True),
    "logical_xor": (2, 1, impls.logical_xor, True),
    "logical_not": (1, 1, impls.logical_not, True),
    # bits
    "bitwise_and": (2, 1, lax.bitwise_and, False),
    "bitwise_or": (2, 1, lax.bitwise_or, False),
    "bitwise_xor": (2, 1, lax.bitwise_xor, False),
    "invert": (1, 1, lax.bitwise_not, False),
    "left_shift": (2, 1, lax.shift_left, False),
    "right_shift": (2, 1, impls.right_shift, False),
    "bitwise_count": (1, 1, impls.bitwise_count, True),
    "gcd": (2, 1, impls.gcd, True),
    "lcm": (2, 1, impls.lcm, True),
}

ALIASES = {
    "abs": "absolute", "conj": "conjugate", "true_divide": "divide", "mod": "remainder",
    "pow": "power", "acos": "arccos", "asin": "arcsin", "atan": "arctan", "acosh": "arccosh",
    "asinh": "arcsinh", "atanh": "arctanh", "atan2": "arctan2", "bitwise_not": "invert",
    "bitwise_invert": "invert", "bitwise_left_shift": "left_shift",
    "bitwise_right_shift": "right_shift", "degrees": "rad2deg", "radians": "deg2rad",
}  # fmt: skip

UFUNCS: dict[str, ufunc] = {
    _name: ufunc(_name, _nin, _nout, _impl, _composite, _REDUCIBLE.get(_name),
                 _reduce_fn(_name) if _name in _REDUCIBLE else None)
    for _name, (_nin, _nout, _impl, _composite) in TABLE.items()
}  # fmt: skip
UFUNCS["power"] = _Power("power", 2, 1, impls.power, True)
UFUNCS["power"]._check = _check_power
globals().update(UFUNCS)
globals().update({_alias: UFUNCS[_target] for _alias, _target in ALIASES.items()})


def real(val: ArrayLike) -> Any:
    """The real part (``val`` itself for real dtypes)."""
    x = util.asarray(val, "real")
    return lax.real(x) if dtypes.kind(x.dtype) == "c" else _cast(x, x.dtype)


def imag(val: ArrayLike) -> Any:
    """The imaginary part (zeros for real dtypes)."""
    x = util.asarray(val, "imag")
    if dtypes.kind(x.dtype) == "c":
        return lax.imag(x)
    return lax_utils.full(x.shape, 0, x.dtype)


__all__ = sorted([*UFUNCS, *ALIASES, "real", "imag"])
