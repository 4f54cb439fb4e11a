"""The core: abstract values, primitives, traces, and the jaxpr IR.

Tracing is "stackless": the current trace lives in ``trace_ctx``; ``Primitive.bind`` hands the
operation to it. A trace treats tracers that are not its own as constants, so nested
transformations never confuse each other's values. ``core`` imports no interpreter and no
numpy layer: those register themselves here (``pytype_aval_mappings``, ``Tracer`` methods).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as onp

from xnp._src import dtypes

# ----------------------------------------------------------------------------- abstract values


class ShapedArray:
    """The abstract value of an array: shape, dtype and whether the dtype is weak."""

    __slots__ = ("shape", "dtype", "weak_type", "_hash")
    array_abstraction_level = 1

    def __init__(self, shape: tuple[int, ...], dtype: Any, weak_type: bool = False):
        self.shape = tuple(shape)
        self.dtype = dtype if type(dtype) is onp.dtype else onp.dtype(dtype)
        self.weak_type = bool(weak_type)
        self._hash = hash((self.shape, self.dtype, self.weak_type))

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(onp.prod(self.shape, dtype=onp.int64)) if self.shape else 1

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is ShapedArray
            and self._hash == other._hash
            and self.shape == other.shape
            and self.dtype == other.dtype
            and self.weak_type == other.weak_type
        )

    def __hash__(self) -> int:
        return self._hash

    def update(self, shape: Any = None, dtype: Any = None, weak_type: Any = None) -> ShapedArray:
        return ShapedArray(
            self.shape if shape is None else shape,
            self.dtype if dtype is None else dtype,
            self.weak_type if weak_type is None else weak_type,
        )

    def strip_weak_type(self) -> ShapedArray:
        return self if not self.weak_type else ShapedArray(self.shape, self.dtype, False)

    def str_short(self) -> str:
        return f"{short_dtype_name(self.dtype)}[{','.join(map(str, self.shape))}]"

    def __repr__(self) -> str:
        weak = ", weak_type=True" if self.weak_type else ""
        return f"ShapedArray({self.str_short()}{weak})"

    def __reduce__(self) -> tuple:
        return (ShapedArray, (self.shape, self.dtype, self.weak_type))


_SHORT_NAMES = {
    "bool": "bool",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "uint8": "u8",
    "uint16": "u16",
    "uint32": "u32",
    "uint64": "u64",
    "float16": "f16",
    "bfloat16": "bf16",
    "float32": "f32",
    "float64": "f64",
    "complex64": "c64",
    "complex128": "c128",
}


def short_dtype_name(dtype: onp.dtype) -> str:
    return _SHORT_NAMES.get(dtype.name, dtype.name)


# type -> function(value) -> ShapedArray; the array module adds xnp.ndarray here.
pytype_aval_mappings: dict[type, Callable[[Any], ShapedArray]] = {}


def _numpy_aval(x: Any) -> ShapedArray:
    return ShapedArray(x.shape, dtypes.canonicalize_dtype(x.dtype), False)


def _scalar_aval(x: Any) -> ShapedArray:
    return ShapedArray((), dtypes.dtype_and_weak(x)[0], True)


for _t in (onp.ndarray, *{type(onp.dtype(d).type(0)) for d in dtypes.SUPPORTED_DTYPES}):
    pytype_aval_mappings[_t] = _numpy_aval
for _t in dtypes.python_scalar_types:
    pytype_aval_mappings[_t] = _scalar_aval


def get_aval(x: Any) -> ShapedArray:
    """The abstract value of an array, tracer, NumPy array or Python scalar."""
    if isinstance(x, Tracer):
        return x.aval
    fn = pytype_aval_mappings.get(type(x))
    if fn is not None:
        return fn(x)
    for t in type(x).__mro__[1:]:
        fn = pytype_aval_mappings.get(t)
        if fn is not None:
            return fn(x)
    raise TypeError(f"{type(x).__name__} is not a valid xnp type: {_short_repr(x)}")


def valid_jaxtype(x: Any) -> bool:
    try:
        get_aval(x)
    except TypeError:
        return False
    return True


def _short_repr(x: Any) -> str:
    r = repr(x)
    return r if len(r) < 80 else r[:77] + "..."


# ----------------------------------------------------------------------------- errors


class ConcretizationTypeError(TypeError):
    """A traced value was used where a concrete Python value is needed."""


class TracerBoolConversionError(ConcretizationTypeError):
    pass


class TracerIntegerConversionError(ConcretizationTypeError):
    pass


class UnexpectedTracerError(Exception):
    """A tracer escaped the transformation that made it (stored in a global, say)."""


def user_frame() -> str:
    """'file:line (function)' of the innermost stack frame outside xnp's own sources."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    f = sys._getframe(1)
    while f is not None:
        fname = f.f_code.co_filename
        if not os.path.abspath(fname).startswith(here) and "contextlib" not in fname:
            return f"{fname}:{f.f_lineno} ({f.f_code.co_name})"
        f = f.f_back
    return "<unknown>"


# ----------------------------------------------------------------------------- primitives

# Set by the dispatch module: runs one primitive eagerly on concrete values.
apply_primitive: Callable[..., Any] | None = None


class Primitive:
    """A named operation. Interpreters own its rules in tables keyed by the primitive."""

    multiple_results = False

    def __init__(self, name: str):
        self.name = name
        self.impl: Callable[..., Any] | None = None
        self.abstract_eval: Callable[..., Any] | None = None

    def __repr__(self) -> str:
        return self.name

    def bind(self, *args: Any, **params: Any) -> Any:
        return trace_ctx.trace.process_primitive(self, args, params)

    def def_impl(self, impl: Callable[..., Any]) -> Callable[..., Any]:
        self.impl = impl
        return impl

    def def_abstract_eval(self, rule: Callable[..., Any]) -> Callable[..., Any]:
        self.abstract_eval = rule
        return rule

    def eval_abstract(self, avals: Sequence[ShapedArray], params: dict) -> list[ShapedArray]:
        """Output avals as a list, whether or not the primitive has multiple results."""
        out = self.abstract_eval(*avals, **params)
        return list(out) if self.multiple_results else [out]


# Every primitive, by name; the registry tests walk it.
primitives: dict[str, Primitive] = {}


def register_primitive(prim: Primitive) -> Primitive:
    if prim.name in primitives:
        raise ValueError(f"primitive {prim.name!r} is defined twice")
    primitives[prim.name] = prim
    return prim


# ----------------------------------------------------------------------------- traces


class Trace:
    """An interpreter: what ``bind`` does while this trace is current."""

    is_valid = True

    def process_primitive(self, prim: Primitive, args: Sequence[Any], params: dict) -> Any:
        raise NotImplementedError

    def concretization_context(self) -> str:
        return ""


class EvalTrace(Trace):
    """The bottom trace: run primitives on concrete values, now."""

    def process_primitive(self, prim: Primitive, args: Sequence[Any], params: dict) -> Any:
        if prim.impl is not None:
            return prim.impl(*args, **params)
        return apply_primitive(prim, args, params)

    def __repr__(self) -> str:
        return "EvalTrace"


eval_trace = EvalTrace()


class _TraceContext(threading.local):
    """The current trace, one per thread: a thread starts at the shared eval trace.

    Tracing in one thread (a data loader, a web server's worker) never sees another
    thread's tracers; each new thread's first access runs ``__init__``.
    """

    def __init__(self) -> None:
        self.trace: Trace = eval_trace


trace_ctx = _TraceContext()


@contextlib.contextmanager
def set_current_trace(trace: Trace) -> Iterator[None]:
    prev = trace_ctx.trace
    trace_ctx.trace = trace
    try:
        yield
    finally:
        trace_ctx.trace = prev


def current_trace() -> Trace:
    return trace_ctx.trace


def is_eval_trace() -> bool:
    return type(trace_ctx.trace) is EvalTrace


class Tracer:
    """A value standing for an array while a trace runs. Array methods are installed later."""

    __slots__ = ("_trace", "__weakref__")
    __array_priority__ = 1000

    @property
    def aval(self) -> ShapedArray:
        raise NotImplementedError

    @property
    def shape(self) -> tuple[int, ...]:
        return self.aval.shape

    @property
    def dtype(self) -> onp.dtype:
        return self.aval.dtype

    @property
    def ndim(self) -> int:
        return len(self.aval.shape)

    @property
    def size(self) -> int:
        return self.aval.size

    @property
    def weak_type(self) -> bool:
        return self.aval.weak_type

    def to_concrete_value(self) -> Any:
        """The concrete value behind this tracer when the trace knows it, else None."""
        return None

    def _concrete(self, what: str, error: type) -> Any:
        v = self.to_concrete_value()
        if v is None:
            raise error(self._concretization_message(what))
        return v

    def _concretization_message(self, what: str) -> str:
        where = self._trace.concretization_context()
        return (
            f"{what} of a traced array {self.aval.str_short()}{where}, at {user_frame()}.\n"
            "The value is not known while the function is being traced: Python control flow "
            "(`if`, `while`, `int(x)`, ...) cannot depend on it. Fixes: mark the argument static "
            "with `static_argnums`/`static_argnames`, use `xnp.lax.cond`/`xnp.lax.while_loop` "
            "for control flow, or `xnp.where` to select values."
        )

    def __bool__(self) -> bool:
        return bool(self._concrete("Boolean conversion", TracerBoolConversionError))

    def __int__(self) -> int:
        return int(self._concrete("int() conversion", TracerIntegerConversionError))

    def __index__(self) -> int:
        return onp.asarray(
            self._concrete("Index conversion (__index__)", TracerIntegerConversionError)
        ).__index__()

    def __float__(self) -> float:
        return float(self._concrete("float() conversion", ConcretizationTypeError))

    def __complex__(self) -> complex:
        return complex(self._concrete("complex() conversion", ConcretizationTypeError))

    def __array__(self, dtype: Any = None, copy: Any = None) -> onp.ndarray:
        v = self._concrete("Conversion to a NumPy array", ConcretizationTypeError)
        return onp.asarray(v, dtype=dtype)

    def __len__(self) -> int:
        if not self.aval.shape:
            raise TypeError("len() of unsized object (a 0-d traced array)")
        return self.aval.shape[0]

    def __hash__(self) -> int:
        raise TypeError(f"unhashable type: {type(self).__name__} (traced arrays are unhashable)")

    def __repr__(self) -> str:
        return f"Traced<{self.aval.str_short()}>with<{type(self._trace).__name__}>"

    def __str__(self) -> str:
        return self.__repr__()


# ----------------------------------------------------------------------------- the jaxpr IR


class Var:
    """A variable of a jaxpr: named only when printed."""

    __slots__ = ("aval", "count")
    _counter = itertools.count()

    def __init__(self, aval: ShapedArray):
        self.aval = aval
        self.count = next(Var._counter)

    def __repr__(self) -> str:
        return f"Var({self.count}:{self.aval.str_short()})"


class Literal:
    """A constant written into a jaxpr (Python and NumPy scalars)."""

    __slots__ = ("val", "aval")

    def __init__(self, val: Any, aval: ShapedArray):
        self.val = val
        self.aval = aval

    def __repr__(self) -> str:
        return f"Literal({self.val!r})"


Atom = Var | Literal


class JaxprEqn:
    __slots__ = ("invars", "outvars", "primitive", "params", "source")

    def __init__(
        self,
        invars: list[Atom],
        outvars: list[Var],
        primitive: Primitive,
        params: dict,
        source: str | None = None,
    ):
        self.invars = invars
        self.outvars = outvars
        self.primitive = primitive
        self.params = params
        self.source = source

    def __repr__(self) -> str:
        return pp_eqn(self, _Namer(), "")


class Jaxpr:
    """A typed, first-order program: ``constvars; invars. let eqns in outvars``."""

    __slots__ = ("constvars", "invars", "outvars", "eqns")

    def __init__(
        self,
        constvars: list[Var],
        invars: list[Var],
        outvars: list[Atom],
        eqns: list[JaxprEqn],
    ):
        self.constvars = list(constvars)
        self.invars = list(invars)
        self.outvars = list(outvars)
        self.eqns = list(eqns)

    @property
    def in_avals(self) -> list[ShapedArray]:
        return [v.aval for v in self.invars]

    @property
    def out_avals(self) -> list[ShapedArray]:
        return [v.aval for v in self.outvars]

    def __repr__(self) -> str:
        return pp_jaxpr(self)

    __str__ = __repr__


class ClosedJaxpr:
    """A jaxpr with values for its constvars."""

    __slots__ = ("jaxpr", "consts")

    def __init__(self, jaxpr: Jaxpr, consts: Sequence[Any]):
        assert len(jaxpr.constvars) == len(consts)
        self.jaxpr = jaxpr
        self.consts = list(consts)

    @property
    def in_avals(self) -> list[ShapedArray]:
        return self.jaxpr.in_avals

    @property
    def out_avals(self) -> list[ShapedArray]:
        return self.jaxpr.out_avals

    @property
    def eqns(self) -> list[JaxprEqn]:
        return self.jaxpr.eqns

    def __repr__(self) -> str:
        return pp_jaxpr(self.jaxpr)

    __str__ = __repr__

    def pretty_print(self) -> str:
        return pp_jaxpr(self.jaxpr)


def eval_jaxpr(jaxpr: Jaxpr, consts: Sequence[Any], *args: Any) -> list[Any]:
    """Interpret ``jaxpr`` with whatever trace is current (eagerly, or inside another trace)."""
    env: dict[Var, Any] = {}

    def read(v: Atom) -> Any:
        return v.val if type(v) is Literal else env[v]

    if len(args) != len(jaxpr.invars):
        raise TypeError(f"eval_jaxpr: expected {len(jaxpr.invars)} arguments, got {len(args)}")
    for v, x in zip(jaxpr.constvars, consts, strict=True):
        env[v] = x
    for v, x in zip(jaxpr.invars, args, strict=True):
        env[v] = x
    for eqn in jaxpr.eqns:
        outs = eqn.primitive.bind(*map(read, eqn.invars), **eqn.params)
        if not eqn.primitive.multiple_results:
            outs = (outs,)
        for v, x in zip(eqn.outvars, outs, strict=True):
            env[v] = x
    return [read(v) for v in jaxpr.outvars]


def jaxpr_as_fun(closed: ClosedJaxpr) -> Callable[..., list[Any]]:
    return lambda *args: eval_jaxpr(closed.jaxpr, closed.consts, *args)


class JaxprTypeError(TypeError):
    pass


def check_jaxpr(jaxpr: Jaxpr) -> None:
    """Check that every variable is defined once before use and every eqn's types agree."""
    defined: set[Var] = set()

    def write(v: Var) -> None:
        if v in defined:
            raise JaxprTypeError(f"variable {v} defined twice")
        defined.add(v)

    def read(v: Atom) -> ShapedArray:
        if type(v) is Var and v not in defined:
            raise JaxprTypeError(f"variable {v} used before it is defined")
        return v.aval

    for v in (*jaxpr.constvars, *jaxpr.invars):
        write(v)
    for eqn in jaxpr.eqns:
        avals_in = [read(v) for v in eqn.invars]
        expected = eqn.primitive.eval_abstract(avals_in, eqn.params)
        for v, a in zip(eqn.outvars, expected, strict=True):
            if (v.aval.shape, v.aval.dtype) != (a.shape, a.dtype):
                raise JaxprTypeError(
                    f"{eqn.primitive}: output declared {v.aval.str_short()}, rule gives "
                    f"{a.str_short()}"
                )
            write(v)
    for v in jaxpr.outvars:
        read(v)


# ----------------------------------------------------------------------------- printing


class _Namer:
    def __init__(self) -> None:
        self.names: dict[Var, str] = {}

    def __call__(self, v: Atom) -> str:
        if type(v) is Literal:
            return _literal_str(v)
        name = self.names.get(v)
        if name is None:
            name = self.names[v] = _var_name(len(self.names))
        return name


def _var_name(i: int) -> str:
    s = ""
    while True:
        s = chr(ord("a") + i % 26) + s
        i = i // 26 - 1
        if i < 0:
            return s


def _literal_str(lit: Literal) -> str:
    val = lit.val
    if isinstance(val, onp.ndarray | onp.generic) and onp.ndim(val) == 0:
        val = val.item()
    return f"{val!r}:{lit.aval.str_short()}"


def _param_str(v: Any, indent: str) -> str:
    if isinstance(v, ClosedJaxpr):
        v = v.jaxpr
    if isinstance(v, Jaxpr):
        return "\n" + pp_jaxpr(v, indent + "      ")
    if isinstance(v, onp.dtype):
        return v.name
    if isinstance(v, tuple) and v and isinstance(v[0], Jaxpr | ClosedJaxpr):
        return "(" + ", ".join(_param_str(j, indent) for j in v) + ")"
    if callable(v) and not isinstance(v, type):
        return getattr(v, "__name__", repr(v))
    return str(v)


def pp_eqn(eqn: JaxprEqn, names: _Namer, indent: str) -> str:
    outs = " ".join(f"{names(v)}:{v.aval.str_short()}" for v in eqn.outvars) or "_"
    params = ""
    if eqn.params:
        params = (
            "["
            + " ".join(f"{k}={_param_str(v, indent)}" for k, v in sorted(eqn.params.items()))
            + "]"
        )
    ins = " ".join(names(v) for v in eqn.invars)
    return f"{indent}{outs} = {eqn.primitive.name}{params} {ins}".rstrip()


def pp_jaxpr(jaxpr: Jaxpr, indent: str = "") -> str:
    """Readable text of a jaxpr, in JAX's style."""
    names = _Namer()

    def binders(vs: Sequence[Var]) -> str:
        return " ".join(f"{names(v)}:{v.aval.str_short()}" for v in vs)

    head = f"{indent}{{ lambda {binders(jaxpr.constvars)}; {binders(jaxpr.invars)}. let"
    body = [pp_eqn(e, names, indent + "    ") for e in jaxpr.eqns]
    outs = ", ".join(names(v) for v in jaxpr.outvars)
    if len(jaxpr.outvars) == 1:
        outs += ","
    tail = f"{indent}  in ({outs}) }}"
    return "\n".join([head, *body, tail])
