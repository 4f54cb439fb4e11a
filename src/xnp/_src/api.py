"""The user-facing transformations: ``jit``, ``make_jaxpr``, ``eval_shape``, devices.

Autodiff (``grad``, ``jvp``, ...) and ``vmap`` are added next to these by their own issues.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import backend, core, dispatch, dtypes, key_reuse, pjit
from xnp._src import tree_util as tu
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.interpreters import ad, batching, lowering
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing

_PY_SCALARS = frozenset(dtypes.python_scalar_types)
_trace_ctx = core.trace_ctx
_eval_trace = core.eval_trace


class ShapeDtypeStruct:
    """A shape and dtype standing in for an array (``eval_shape``, ``jit(...).lower``)."""

    __slots__ = ("shape", "dtype", "weak_type")

    def __init__(self, shape: Sequence[int], dtype: Any, weak_type: bool = False):
        self.shape = tuple(int(d) for d in shape)
        self.dtype = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        self.weak_type = weak_type

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(onp.prod(self.shape, dtype=onp.int64))

    def __repr__(self) -> str:
        return f"ShapeDtypeStruct(shape={self.shape}, dtype={self.dtype.name})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ShapeDtypeStruct) and (self.shape, self.dtype, self.weak_type) == (
            other.shape,
            other.dtype,
            other.weak_type,
        )

    def __hash__(self) -> int:
        return hash((self.shape, self.dtype, self.weak_type))


core.pytype_aval_mappings[ShapeDtypeStruct] = lambda x: core.ShapedArray(
    x.shape, x.dtype, x.weak_type
)


def _leaf_aval(x: Any, fun_name: str) -> core.ShapedArray:
    t = type(x)
    if t is ndarray:
        return x.aval
    try:
        return core.get_aval(x)
    except TypeError:
        raise TypeError(
            f"jit-compiled function `{fun_name}`: argument of type {t.__name__} ({x!r:.60}) "
            "is not an array. Pass it with static_argnums/static_argnames, or as an array."
        ) from None


def _fun_name(fun: Callable) -> str:
    return getattr(fun, "__name__", None) or type(fun).__name__


class _CacheEntry:
    __slots__ = (
        "exe",
        "const_bufs",
        "out_tree",
        "out_avals",
        "donated",
        "jaxpr",
        "consts",
        "in_avals",
        "n_consts",
        "single",
        "execute",
        "handlers",
        "aval0",
        "consumed",
    )


class Jitted:
    """A function compiled by XLA on its first call for each new argument signature."""

    def __init__(
        self,
        fun: Callable,
        static_argnums: Sequence[int] = (),
        static_argnames: Sequence[str] = (),
        donate_argnums: Sequence[int] = (),
        inline: bool = False,
    ):
        if not callable(fun):
            raise TypeError(f"jit: expected a function, got {type(fun).__name__}")
        # Copy the name and docs only: copying __dict__ would let a wrapped object's
        # attributes (``fun``, ...) overwrite ours.
        functools.update_wrapper(self, fun, updated=())
        self.fun = fun
        self.name = _fun_name(fun)
        self.static_argnums = _normalize_argnums(fun, static_argnums, static_argnames)
        self.static_argnames = _normalize_argnames(fun, static_argnames, self.static_argnums)
        self.donate_argnums = frozenset(_as_tuple(donate_argnums))
        # Inline: under another trace, call the function instead of binding a nested jit
        # (used for xnp's own NumPy functions, which are jitted only to run eagerly fast).
        self.inline = inline
        self._plain = (
            not self.static_argnums and not self.static_argnames and not (self.donate_argnums)
        )
        self._cache: dict[Any, _CacheEntry] = {}
        self._fast: dict[Any, _CacheEntry] = {}

    def __repr__(self) -> str:
        return f"<xnp.jit of {self.name}>"

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        return functools.partial(self, obj)

    # -- argument handling ---------------------------------------------------------------

    def _split(self, args: tuple, kwargs: dict) -> tuple[tuple, dict, tuple, tuple]:
        """(dynamic args, dynamic kwargs, static key, donation mask per dynamic arg)."""
        statics = self.static_argnums
        if statics:
            n = len(args)
            for i in statics:
                if i >= n and self.static_argnames == ():
                    raise TypeError(
                        f"jit-compiled `{self.name}`: static_argnums={i} but it was called with "
                        f"{n} positional arguments"
                    )
            dyn = tuple(a for i, a in enumerate(args) if i not in statics)
            skey = tuple(
                (i, _hashable(a, self.name, i)) for i, a in enumerate(args) if i in statics
            )
        else:
            dyn, skey = args, ()
        if kwargs and self.static_argnames:
            dkw = {k: v for k, v in kwargs.items() if k not in self.static_argnames}
            skey = skey + tuple(
                (k, _hashable(v, self.name, k))
                for k, v in sorted(kwargs.items())
                if k in self.static_argnames
            )
        else:
            dkw = kwargs
        if self.donate_argnums:
            dyn_idx = [i for i in range(len(args)) if i not in statics]
            donate = tuple(i in self.donate_argnums for i in dyn_idx)
        else:
            donate = ()
        return dyn, dkw, skey, donate

    def _call_fun(self, args: tuple, kwargs: dict, dyn_args: tuple, dyn_kwargs: dict) -> Any:
        full = list(args)
        it = iter(dyn_args)
        for i in range(len(args)):
            if i not in self.static_argnums:
                full[i] = next(it)
        kw = dict(kwargs)
        kw.update(dyn_kwargs)
        return self.fun(*full, **kw)

    # -- tracing -------------------------------------------------------------------------

    def _trace(self, args: tuple, kwargs: dict, leaves: list, in_tree: Any, donate: tuple):
        in_avals = [_leaf_aval(x, self.name) for x in leaves]
        out_tree_box = []

        def flat_fun(*flat: Any) -> list:
            dyn_args, dyn_kwargs = tu.tree_unflatten(in_tree, list(flat))
            out = self._call_fun(args, kwargs, dyn_args, dyn_kwargs)
            out_leaves, out_tree = tu.tree_flatten(out)
            for leaf in out_leaves:
                if not core.valid_jaxtype(leaf):
                    raise TypeError(
                        f"jit-compiled function `{self.name}` returned a value of type "
                        f"{type(leaf).__name__} ({leaf!r:.60}); outputs must be arrays, scalars "
                        "or pytrees of them"
                    )
            out_tree_box.append(out_tree)
            return out_leaves

        if config.debug_key_reuse:
            flat_fun = key_reuse.watch_inputs(flat_fun)
        jaxpr, consts, out_avals = pe.trace_to_jaxpr(flat_fun, in_avals, self.name, "jit")
        donated = _donation_mask(in_tree, donate, len(leaves))
        return jaxpr, consts, out_avals, out_tree_box[0], donated

    def _consume_args(self, leaves: list) -> None:
        for i in key_reuse.last_trace_consumed():
            key_reuse.consume(f"jit-compiled `{self.name}`", leaves[i])

    # -- calling -------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # Fastest path: eager call, positional arguments that are all uncommitted xnp arrays.
        if not kwargs and _trace_ctx.trace is _eval_trace and self._plain:
            avals = []
            bufs = []
            for a in args:
                t = type(a)
                if t is ndarray and a._device is None:
                    avals.append(a.aval)
                    b = a._buf
                    bufs.append(b if b is not None else a._materialize())
                elif t in _PY_SCALARS:
                    c = dispatch.to_array(a)
                    avals.append(c.aval)
                    b = c._buf
                    bufs.append(b if b is not None else c._materialize())
                else:
                    break
            else:
                entry = self._fast.get((tuple(avals), config.state))
                if entry is not None:
                    if entry.n_consts:
                        bufs = entry.const_bufs + bufs
                    try:
                        outs = entry.execute(bufs).consume_with_handlers(entry.handlers)
                    except backend.XlaRuntimeError:
                        _check_not_deleted(self.name, list(args))
                        raise
                    if entry.single:
                        return ndarray(outs[0], entry.aval0)
                    return entry.out_tree.unflatten(
                        [ndarray(b, a) for b, a in zip(outs, entry.out_avals)]
                    )
        if type(core.trace_ctx.trace) is not core.EvalTrace:
            if self.inline:
                return self.fun(*args, **kwargs)
            dyn_args, dyn_kwargs, _, donate = self._split(args, kwargs)
            leaves, in_tree = tu.tree_flatten((dyn_args, dyn_kwargs))
            return self._bind(args, kwargs, leaves, in_tree, donate)
        if config.disable_jit:
            return self.fun(*args, **kwargs)
        if self._plain and not kwargs:
            leaves, in_tree = tu.tree_flatten(args)
            skey = donate = ()
        else:
            dyn_args, dyn_kwargs, skey, donate = self._split(args, kwargs)
            leaves, in_tree = tu.tree_flatten((dyn_args, dyn_kwargs))
            in_tree = (in_tree,)
        try:
            sig = tuple(
                [x.aval if type(x) is ndarray else _leaf_aval(x, self.name) for x in leaves]
            )
        except AttributeError:
            sig = tuple([_leaf_aval(x, self.name) for x in leaves])
        entry = self._cache.get((in_tree, sig, skey, config.state))
        if entry is None:
            entry = self._compile(args, kwargs, (in_tree, sig, skey, config.state), donate)
        if entry.consumed:
            for i in entry.consumed:
                key_reuse.consume(f"jit-compiled `{self.name}`", leaves[i])
        bufs = entry.const_bufs.copy()
        device = None
        for x in leaves:
            if type(x) is not ndarray:
                x = _to_concrete(x, entry.in_avals[len(bufs) - entry.n_consts])
            b = x._buf
            if b is None:
                b = x._materialize()
            bufs.append(b)
            if x._device is not None:
                device = x._device
        if device is not None and device != entry.exe.devices[0]:
            return self._run_on(device, entry, leaves)
        try:
            outs = entry.exe.loaded.execute_sharded(bufs).consume_with_handlers(entry.exe.handlers)
        except backend.XlaRuntimeError:
            _check_not_deleted(self.name, leaves)
            raise
        if entry.single:
            return ndarray(outs[0], entry.out_avals[0])
        results = [ndarray(b, a) for b, a in zip(outs, entry.out_avals)]
        if config.debug_nans:
            dispatch.check_nans(f"jit-compiled function `{self.name}`", results)
        return entry.out_tree.unflatten(results)

    def _run_on(self, device: Any, entry: _CacheEntry, leaves: list) -> Any:
        closed = pe.close_over_consts(entry.jaxpr)
        exe = dispatch.compile_jaxpr(closed, self.name, entry.donated, device)
        arrays = [dispatch.to_array(c) for c in entry.consts] + [
            _to_concrete(x, a) if type(x) is not ndarray else x
            for x, a in zip(leaves, entry.in_avals, strict=True)
        ]
        bufs = [backend.copy_to_device(a._materialize(), a.aval, device) for a in arrays]
        outs = [
            ndarray(b, a, device) for b, a in zip(exe.execute(bufs), entry.out_avals, strict=True)
        ]
        return tu.tree_unflatten(entry.out_tree, outs)

    def _compile(self, args: tuple, kwargs: dict, key: tuple, donate: tuple) -> _CacheEntry:
        dyn_args, dyn_kwargs, _, donate = self._split(args, kwargs)
        leaves, in_tree = tu.tree_flatten((dyn_args, dyn_kwargs))
        jaxpr, consts, out_avals, out_tree, donated = self._trace(
            args, kwargs, leaves, in_tree, donate
        )
        closed = pe.close_over_consts(jaxpr)
        exe = dispatch.compile_jaxpr(closed, self.name, (False,) * len(consts) + donated)
        entry = _CacheEntry()
        entry.exe = exe
        entry.execute = exe.loaded.execute_sharded
        entry.handlers = exe.handlers
        entry.aval0 = out_avals[0] if out_avals else None
        entry.jaxpr = jaxpr
        entry.consts = consts
        entry.n_consts = len(consts)
        entry.const_bufs = [dispatch.to_array(c)._materialize() for c in consts]
        entry.out_tree = out_tree
        entry.out_avals = out_avals
        entry.donated = donated
        entry.in_avals = [v.aval for v in jaxpr.invars]
        # A lone array result skips unflattening (and debug_nans is part of the key).
        entry.single = (
            len(out_avals) == 1 and tu.treedef_is_strict_leaf(out_tree) and not config.debug_nans
        )
        # Key arguments the program uses up (debug_key_reuse): checked on every call, so such
        # an entry never takes the fast path.
        entry.consumed = key_reuse.last_trace_consumed() if config.debug_key_reuse else ()
        if not any(isinstance(c, core.Tracer) for c in consts):
            self._cache[key] = entry
            if (
                not entry.consumed
                and self._plain
                and not kwargs
                and all(type(a) is ndarray or type(a) in _PY_SCALARS for a in args)
            ):
                fast_key = tuple(dispatch.to_array(a).aval for a in args)
                self._fast[(fast_key, key[3])] = entry
        return entry

    def _bind(self, args: tuple, kwargs: dict, leaves: list, in_tree: Any, donate: tuple) -> Any:
        jaxpr, consts, out_avals, out_tree, donated = self._trace(
            args, kwargs, leaves, in_tree, donate
        )
        if config.debug_key_reuse:
            self._consume_args(leaves)
        n = len(consts)
        closed = core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])
        outs = pjit.jit_p.bind(
            *consts, *leaves, jaxpr=closed, name=self.name, donated=(False,) * n + donated
        )
        return tu.tree_unflatten(out_tree, outs)

    # -- ahead of time -------------------------------------------------------------------

    def trace(self, *args: Any, **kwargs: Any) -> Traced:
        dyn_args, dyn_kwargs, _, donate = self._split(args, kwargs)
        leaves, in_tree = tu.tree_flatten((dyn_args, dyn_kwargs))
        jaxpr, consts, out_avals, out_tree, donated = self._trace(
            args, kwargs, leaves, in_tree, donate
        )
        return Traced(self.name, jaxpr, consts, out_tree, donated)

    def lower(self, *args: Any, **kwargs: Any) -> Lowered:
        return self.trace(*args, **kwargs).lower()

    def eval_shape(self, *args: Any, **kwargs: Any) -> Any:
        t = self.trace(*args, **kwargs)
        return tu.tree_unflatten(
            t.out_tree, [ShapeDtypeStruct(a.shape, a.dtype, a.weak_type) for a in t.out_avals]
        )

    def clear_cache(self) -> None:
        self._cache.clear()
        self._fast.clear()

    def _cache_size(self) -> int:
        return len(self._cache)


class Traced:
    """A traced jitted function: its jaxpr, before lowering."""

    def __init__(self, name: str, jaxpr: core.Jaxpr, consts: list, out_tree: Any, donated):  # noqa: ANN001
        self.name = name
        self.jaxpr = core.ClosedJaxpr(jaxpr, consts)
        self.out_tree = out_tree
        self.donated = donated

    @property
    def out_avals(self) -> list[core.ShapedArray]:
        return self.jaxpr.out_avals

    def lower(self) -> Lowered:
        closed = pe.close_over_consts(self.jaxpr.jaxpr)
        n = len(self.jaxpr.consts)
        module = lowering.lower_jaxpr(closed, self.name, (False,) * n + self.donated)
        return Lowered(self, lowering.module_to_text(module))


class Lowered:
    """A lowered jitted function: StableHLO text, ready to compile."""

    def __init__(self, traced: Traced, text: str):
        self._traced = traced
        self._text = text

    def as_text(self) -> str:
        """The StableHLO module, as MLIR text."""
        return self._text

    def compile(self) -> Compiled:
        exe = backend.compile(self._text, self._traced.out_avals)
        return Compiled(self._traced, exe)


class Compiled:
    """An executable for one argument signature; call it with arrays of that signature."""

    def __init__(self, traced: Traced, exe: backend.Executable):
        self._traced = traced
        self._exe = exe

    def as_text(self) -> str:
        return self._exe.as_text()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        leaves, _ = tu.tree_flatten((args, kwargs))
        in_avals = self._traced.jaxpr.in_avals
        if len(leaves) != len(in_avals):
            raise TypeError(
                f"compiled `{self._traced.name}` takes {len(in_avals)} array "
                f"arguments, got {len(leaves)}"
            )
        arrays = [dispatch.to_array(c) for c in self._traced.jaxpr.consts]
        for x, aval in zip(leaves, in_avals, strict=True):
            a = _to_concrete(x, aval)
            if (a.shape, a.dtype) != (aval.shape, aval.dtype):
                raise TypeError(
                    f"compiled `{self._traced.name}` was compiled for {aval.str_short()}, "
                    f"got {a.aval.str_short()}"
                )
            arrays.append(a)
        outs = self._exe.execute([a._materialize() for a in arrays])
        results = [ndarray(b, a) for b, a in zip(outs, self._traced.out_avals, strict=True)]
        return tu.tree_unflatten(self._traced.out_tree, results)


def _check_not_deleted(name: str, leaves: list) -> None:
    for x in leaves:
        if type(x) is ndarray and x._buf is not None and x._buf.is_deleted():
            raise RuntimeError(
                f"jit-compiled `{name}` was called with an array {x.aval.str_short()} that has "
                "been deleted (donated to an earlier call with donate_argnums?)"
            )


def _to_concrete(x: Any, aval: core.ShapedArray) -> ndarray:
    if type(x) is ndarray:
        return x
    if dtypes.is_python_scalar(x):
        return dispatch.scalar_const(x, aval.dtype, aval.weak_type)
    return dispatch.to_array(x)


def _donation_mask(in_tree: Any, donate: tuple, n_leaves: int) -> tuple[bool, ...]:
    if not donate or not any(donate):
        return (False,) * n_leaves
    # in_tree is the tree of (dyn_args, dyn_kwargs); count leaves per positional argument.
    args_tree, _ = in_tree.children()
    mask: list[bool] = []
    for d, sub in zip(donate, args_tree.children(), strict=True):
        mask.extend([d] * sub.num_leaves)
    mask.extend([False] * (n_leaves - len(mask)))
    return tuple(mask)


def _hashable(x: Any, name: str, which: Any) -> Any:
    try:
        hash(x)
    except TypeError:
        raise ValueError(
            f"jit-compiled `{name}`: static argument {which!r} must be hashable, got "
            f"{type(x).__name__} ({x!r:.60})"
        ) from None
    if isinstance(x, core.Tracer | ndarray):
        raise ValueError(
            f"jit-compiled `{name}`: static argument {which!r} is an array; arrays cannot be "
            "static (pass a Python value, or make the argument dynamic)"
        )
    return (type(x), x)


def _as_tuple(x: Any) -> tuple:
    if x is None:
        return ()
    if isinstance(x, int):
        return (x,)
    return tuple(x)


def _signature(fun: Callable) -> inspect.Signature | None:
    try:
        return inspect.signature(fun)
    except (TypeError, ValueError):
        return None


def _normalize_argnums(fun: Callable, argnums: Any, argnames: Any) -> frozenset[int]:
    nums = set(_as_tuple(argnums))
    sig = _signature(fun)
    params = list(sig.parameters.values()) if sig else []
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    n = len(positional)
    has_varargs = any(p.kind == p.VAR_POSITIONAL for p in params)
    out = set()
    for i in nums:
        if not isinstance(i, int):
            raise TypeError(f"static_argnums must be ints, got {i!r}")
        if i < 0:
            if sig is None or has_varargs:
                raise ValueError(f"negative static_argnums {i} needs a fixed signature")
            i += n
        elif sig is not None and not has_varargs and i >= n:
            raise ValueError(
                f"jit of `{_fun_name(fun)}`: static_argnums {i} is out of range for a function "
                f"with {n} positional parameters"
            )
        out.add(i)
    if isinstance(argnames, str):
        argnames = (argnames,)
    for name in argnames or ():
        for k, p in enumerate(positional):
            if p.name == name:
                out.add(k)
    return frozenset(out)


def _normalize_argnames(fun: Callable, argnames: Any, argnums: frozenset[int]) -> tuple[str, ...]:
    if isinstance(argnames, str):
        argnames = (argnames,)
    names = set(argnames or ())
    sig = _signature(fun)
    if sig is not None:
        positional = [
            p
            for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        for i in argnums:
            if i < len(positional):
                names.add(positional[i].name)
    return tuple(sorted(names))


def jit(
    fun: Callable | None = None,
    *,
    static_argnums: int | Sequence[int] = (),
    static_argnames: str | Sequence[str] = (),
    donate_argnums: int | Sequence[int] = (),
    inline: bool = False,
) -> Any:
    """Compile ``fun`` with XLA: traced once per argument signature, then run as one program.

    Arguments
    ---------
    fun : the function; its arguments and results are pytrees of arrays.
    static_argnums, static_argnames : arguments that are Python values (hashable); a new
        value retraces.
    donate_argnums : arguments whose buffers XLA may reuse for the outputs; a donated array
        cannot be used after the call.
    inline : inside another transformation, call ``fun`` directly instead of staging a
        nested ``jit`` (its equations then appear inline in the outer jaxpr).

    Usable as ``@jit`` or ``@jit(static_argnums=...)``.
    """
    if fun is None:
        return lambda f: jit(
            f,
            static_argnums=static_argnums,
            static_argnames=static_argnames,
            donate_argnums=donate_argnums,
            inline=inline,
        )
    return Jitted(
        fun, _as_tuple(static_argnums), static_argnames, _as_tuple(donate_argnums), inline
    )


def make_jaxpr(fun: Callable, static_argnums: int | Sequence[int] = ()) -> Callable:
    """A function returning the ``ClosedJaxpr`` that ``fun`` traces to for given arguments."""
    statics = frozenset(_as_tuple(static_argnums))

    @functools.wraps(fun, updated=())
    def make(*args: Any, **kwargs: Any) -> core.ClosedJaxpr:
        dyn = [a for i, a in enumerate(args) if i not in statics]
        leaves, in_tree = tu.tree_flatten((dyn, kwargs))
        name = _fun_name(fun)
        in_avals = [_leaf_aval(x, name) for x in leaves]

        def flat_fun(*flat: Any) -> list:
            d, kw = tu.tree_unflatten(in_tree, list(flat))
            it = iter(d)
            full = [a if i in statics else next(it) for i, a in enumerate(args)]
            return tu.tree_leaves(fun(*full, **kw))

        jaxpr, consts, _ = pe.trace_to_jaxpr(flat_fun, in_avals, name, "make_jaxpr")
        return core.ClosedJaxpr(jaxpr, consts)

    return make


def eval_shape(fun: Callable, *args: Any, **kwargs: Any) -> Any:
    """The shapes and dtypes of ``fun``'s outputs, as ``ShapeDtypeStruct`` s; nothing runs."""
    return Jitted(fun).eval_shape(*args, **kwargs)


def devices(backend_name: str | None = None) -> list[Any]:
    """The devices xnp runs on (``XNP_NUM_CPU_DEVICES`` CPU devices)."""
    if backend_name not in (None, "cpu"):
        raise RuntimeError(f"unknown backend {backend_name!r}; xnp has 'cpu'")
    return backend.devices()


def local_devices() -> list[Any]:
    return backend.devices()


def device_count() -> int:
    return len(backend.devices())


def default_backend() -> str:
    return "cpu"


def device_put(x: Any, device: Any = None) -> Any:
    """Copy a pytree of arrays to ``device`` (default: the first device); returns arrays."""
    if device is not None and not hasattr(device, "id"):
        raise TypeError(f"device_put: expected a device from xnp.devices(), got {device!r}")

    def put(leaf: Any) -> ndarray:
        arr = dispatch.to_array(leaf)
        if device is None:
            return arr if arr._buf is not None or arr._npy is not None else arr
        if arr._device == device:
            return arr
        buf = backend.device_put(onp.asarray(arr._value), arr.aval, device)
        return ndarray(buf, arr.aval, device)

    return tu.tree_map(put, x)


def device_get(x: Any) -> Any:
    """Host NumPy copies of a pytree of arrays."""
    return tu.tree_map(lambda a: onp.asarray(a) if isinstance(a, ndarray) else a, x)


def block_until_ready(x: Any) -> Any:
    """Wait until every array in the pytree ``x`` is computed; returns ``x``."""
    for leaf in tu.tree_leaves(x):
        if isinstance(leaf, ndarray):
            leaf.block_until_ready()
    return x



# ============================================================================ autodiff


def _argnums_tuple(argnums: int | Sequence[int]) -> tuple[tuple[int, ...], bool]:
    if isinstance(argnums, int):
        return (argnums,), True
    return tuple(argnums), False


def _check_differentiable_input(name: str, x: Any, allow_int: bool, holomorphic: bool) -> None:
    dt = dtypes.dtype_and_weak(x)[0] if not isinstance(x, ndarray) else x.dtype
    k = dtypes.kind(dt)
    if holomorphic:
        if k != "c":
            raise TypeError(
                f"{name} with holomorphic=True requires inputs with complex dtype, but got "
                f"{dt.name}"
            )
        return
    if k in "biu" and not allow_int:
        raise TypeError(
            f"{name} requires real- or complex-valued inputs (input dtype that is a sub-dtype of "
            f"np.inexact), but got {dt.name}. If you want to use Boolean- or integer-valued "
            "inputs, use vjp or set allow_int to True."
        )


def _flatten_fun_out(fun: Callable, in_tree: Any, name: str, has_aux: bool = False):
    """A flat function for an AD transformation, recording the output tree (and aux)."""
    store: dict[str, Any] = {}

    def flat(*leaves: Any) -> list:
        args = tu.tree_unflatten(in_tree, list(leaves))
        out = fun(*args)
        if has_aux:
            if not (isinstance(out, tuple) and len(out) == 2):
                raise TypeError(
                    f"{name} with has_aux=True: the function must return a pair (output, aux), "
                    f"got {type(out).__name__}"
                )
            out, aux = out
            store["aux"] = aux
        out_leaves, out_tree = tu.tree_flatten(out)
        for leaf in out_leaves:
            if not core.valid_jaxtype(leaf):
                raise TypeError(
                    f"{name}: the function returned a {type(leaf).__name__} ({leaf!r:.60}); "
                    "differentiated functions must return arrays or pytrees of arrays"
                )
        store["out_tree"] = out_tree
        return out_leaves

    return flat, store


def _aux_value(aux: Any) -> Any:
    """Aux outputs leave the transformation as the values of the caller's trace."""
    return aux


def jvp(
    fun: Callable, primals: Sequence[Any], tangents: Sequence[Any], has_aux: bool = False
) -> Any:
    """Forward-mode derivative: ``(fun(*primals), J(primals) @ tangents)``.

    ``primals`` and ``tangents`` are tuples of pytrees of the same structure, shapes and
    dtypes.
    """
    if not isinstance(primals, tuple | list) or not isinstance(tangents, tuple | list):
        raise TypeError(
            "jvp: primals and tangents must be tuples or lists, got "
            f"{type(primals).__name__} and {type(tangents).__name__}"
        )
    p_leaves, in_tree = tu.tree_flatten(tuple(primals))
    t_leaves, t_tree = tu.tree_flatten(tuple(tangents))
    if in_tree != t_tree:
        raise ValueError(
            f"jvp: primal and tangent arguments must have the same tree structure; got {in_tree} "
            f"and {t_tree}"
        )
    for p, t in zip(p_leaves, t_leaves, strict=True):
        pa, ta = core.get_aval(p), core.get_aval(t)
        if pa.shape != ta.shape:
            raise ValueError(
                f"jvp: primal and tangent shapes must be equal; got {pa.shape} and {ta.shape}"
            )
        if dtypes.kind(pa.dtype) in "fc" and pa.dtype != ta.dtype and not ta.weak_type:
            raise TypeError(
                f"jvp: primal and tangent dtypes must be equal; got {pa.dtype.name} and "
                f"{ta.dtype.name}"
            )
    flat, store = _flatten_fun_out(fun, in_tree, "jvp", has_aux)
    t_leaves = [
        lax_shapes_convert(t, core.get_aval(p).dtype)
        for p, t in zip(p_leaves, t_leaves, strict=True)
    ]
    p_out, t_out = ad.jvp_flat(flat, p_leaves, t_leaves)
    t_out = [_instantiate_like(t, p) for t, p in zip(t_out, p_out, strict=True)]
    out_tree = store["out_tree"]
    res = (tu.tree_unflatten(out_tree, p_out), tu.tree_unflatten(out_tree, t_out))
    return (*res, store["aux"]) if has_aux else res


def lax_shapes_convert(x: Any, dtype: onp.dtype) -> Any:

    if dtypes.is_python_scalar(x):
        return dispatch.scalar_const(x, dtype, False)
    return lax_shapes.convert_element_type(x, dtype) if core.get_aval(x).dtype != dtype else x


def _instantiate_like(t: Any, p: Any) -> Any:
    if type(t) is ad.Zero:
        return ad.zeros_like_aval(core.get_aval(p).strip_weak_type())
    return t


def linearize(fun: Callable, *primals: Any) -> tuple[Any, Callable]:
    """``fun(*primals)`` and its JVP at ``primals`` as a function of the tangents alone.

    The primal computation runs once; calling the returned function evaluates only the
    linear (tangent) part.
    """
    p_leaves, in_tree = tu.tree_flatten(primals)
    flat, store = _flatten_fun_out(fun, in_tree, "linearize")
    p_out, lin_jaxpr, residuals, _ = ad.linearize_flat(flat, p_leaves)
    out_tree = store["out_tree"]
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]

    def f_jvp(*tangents: Any) -> Any:
        t_leaves, t_tree = tu.tree_flatten(tangents)
        if t_tree != in_tree:
            raise ValueError(
                f"linearized function: expected tangents of structure {in_tree}, got {t_tree}"
            )
        for t, a in zip(t_leaves, in_avals, strict=True):
            if core.get_aval(t).shape != a.shape:
                raise ValueError(
                    f"linearized function: tangent shape {core.get_aval(t).shape} "
                    f"does not match primal shape {a.shape}"
                )
        outs = core.eval_jaxpr(lin_jaxpr, residuals, *t_leaves)
        return tu.tree_unflatten(out_tree, outs)

    return tu.tree_unflatten(out_tree, p_out), f_jvp


def vjp(fun: Callable, *primals: Any, has_aux: bool = False) -> Any:
    """Reverse mode: ``(fun(*primals), vjp_fun)`` where ``vjp_fun(ct)`` pulls a cotangent
    of the output back to cotangents of ``primals`` (a tuple, one per argument)."""
    p_leaves, in_tree = tu.tree_flatten(primals)
    flat, store = _flatten_fun_out(fun, in_tree, "vjp", has_aux)
    p_out, lin_jaxpr, residuals, out_avals = ad.linearize_flat(flat, p_leaves)
    out_tree = store["out_tree"]
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]

    def vjp_fun(ct: Any) -> tuple:
        ct_leaves, ct_tree = tu.tree_flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(
                f"vjp function: cotangent tree structure {ct_tree} does not match the "
                f"function's output structure {out_tree}"
            )
        cts = []
        for c, a in zip(ct_leaves, out_avals, strict=True):
            ca = core.get_aval(c)
            if ca.shape != a.shape:
                raise ValueError(
                    f"vjp function: cotangent shape {ca.shape} does not match the primal "
                    f"output shape {a.shape}"
                )
            cts.append(lax_shapes_convert(c, a.dtype))
        args = [ad.UndefinedPrimal(a) for a in in_avals]
        outs = ad.backward_pass(lin_jaxpr, residuals, args, cts)
        outs = [
            ad.zeros_like_aval(a) if type(o) is ad.Zero else o
            for o, a in zip(outs, in_avals, strict=True)
        ]
        return tuple(tu.tree_unflatten(in_tree, outs))

    primal_out = tu.tree_unflatten(out_tree, p_out)
    if has_aux:
        return primal_out, vjp_fun, store["aux"]
    return primal_out, vjp_fun


def value_and_grad(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """A function returning ``(fun(*args), grad)``; see ``grad``."""
    nums, single = _argnums_tuple(argnums)
    name = _fun_name(fun)

    @functools.wraps(fun, updated=())
    def vg(*args: Any, **kwargs: Any) -> Any:
        for i in nums:
            if not -len(args) <= i < len(args):
                raise TypeError(
                    f"grad of `{name}`: argnums {i} is out of range for a call with "
                    f"{len(args)} positional arguments"
                )
        nums_c = tuple(i % len(args) for i in nums)
        diff_args = [args[i] for i in nums_c]
        for leaf in tu.tree_leaves(diff_args):
            _check_differentiable_input("grad", leaf, allow_int, holomorphic)

        def f_partial(*dargs: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, dargs, strict=True):
                full[i] = a
            return fun(*full, **kwargs)

        out = vjp(f_partial, *diff_args, has_aux=has_aux)
        if has_aux:
            ans, vjp_fun, aux = out
        else:
            ans, vjp_fun = out
        leaves = tu.tree_leaves(ans)
        if (
            len(leaves) != 1
            or not isinstance(ans, ndarray | core.Tracer)
            and not (dtypes.is_python_scalar(ans))
        ):
            raise TypeError(
                f"Gradient only defined for scalar-output functions; `{name}` returned "
                f"{type(ans).__name__}" + (f" with {len(leaves)} leaves" if leaves else "")
            )
        aval = core.get_aval(ans)
        if aval.shape != ():
            raise TypeError(
                f"Gradient only defined for scalar-output functions. Output of `{name}` had "
                f"shape: {aval.shape}"
            )
        k = dtypes.kind(aval.dtype)
        if holomorphic:
            if k != "c":
                raise TypeError(
                    f"grad with holomorphic=True requires a complex output, got {aval.dtype.name}"
                )
        elif k != "f":
            raise TypeError(
                f"grad requires real-valued outputs (output dtype that is a sub-dtype of "
                f"np.floating), but `{name}` returned {aval.dtype.name}. For holomorphic "
                "differentiation, pass holomorphic=True."
            )
        g = vjp_fun(dispatch.scalar_const(1.0, aval.dtype, False))
        g = g[0] if single else tuple(g)
        return ((ans, aux), g) if has_aux else (ans, g)

    return vg


def grad(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """The gradient of a scalar-valued ``fun`` with respect to argument(s) ``argnums``.

    Arguments
    ---------
    fun : function returning a scalar (a pair ``(scalar, aux)`` with ``has_aux``).
    argnums : int or tuple of ints: which positional arguments to differentiate.
    holomorphic : differentiate a complex function of complex inputs.
    allow_int : allow integer inputs (their gradient is zero).

    Returns
    -------
    A function with the signature of ``fun`` returning the gradient (a tuple of gradients
    for a tuple ``argnums``; ``(grad, aux)`` with ``has_aux``).
    """
    vg = value_and_grad(fun, argnums, has_aux, holomorphic, allow_int)

    @functools.wraps(fun, updated=())
    def g(*args: Any, **kwargs: Any) -> Any:
        (_, aux), gr = vg(*args, **kwargs) if has_aux else ((None, None), vg(*args, **kwargs)[1])
        return (gr, aux) if has_aux else gr

    return g


def linear_transpose(fun: Callable, *primals: Any) -> Callable:
    """The transpose of the linear function ``fun`` (``primals`` give shapes and dtypes)."""
    p_leaves, in_tree = tu.tree_flatten(primals)
    in_avals = [core.get_aval(p).strip_weak_type() for p in p_leaves]
    flat, store = _flatten_fun_out(fun, in_tree, "linear_transpose")
    jaxpr, consts, out_avals = pe.trace_to_jaxpr(flat, in_avals, _fun_name(fun), "linear_transpose")
    out_tree = store["out_tree"]

    def transposed(*cts: Any) -> tuple:
        ct = cts[0] if len(cts) == 1 else cts
        ct_leaves, ct_tree = tu.tree_flatten(ct)
        if ct_tree != out_tree:
            raise ValueError(
                f"linear_transpose: cotangent structure {ct_tree} does not match "
                f"the output structure {out_tree}"
            )
        args = [ad.UndefinedPrimal(a) for a in in_avals]
        outs = ad.backward_pass(jaxpr, consts, args, ct_leaves)
        outs = [
            ad.zeros_like_aval(a) if type(o) is ad.Zero else o
            for o, a in zip(outs, in_avals, strict=True)
        ]
        return tuple(tu.tree_unflatten(in_tree, outs))

    return transposed


# ============================================================================ vmap


def _broadcast_prefix(name: str, what: str, prefix: Any, tree: Any) -> list[Any]:
    """The prefix tree's leaves (None counts as a leaf), repeated over ``tree``'s leaves."""
    p_leaves, p_tree = tu.tree_flatten(prefix, is_leaf=lambda x: x is None)
    try:
        subtrees = p_tree.flatten_up_to(tree)
    except ValueError as e:
        raise ValueError(
            f"{name}: {what} specification must be a tree prefix of the corresponding value; "
            f"got {what}={prefix!r} for a value of structure {tu.tree_structure(tree)} ({e})"
        ) from None
    out = []
    for p, sub in zip(p_leaves, subtrees, strict=True):
        out.extend([p] * tu.tree_structure(sub).num_leaves)
    return out


def vmap(
    fun: Callable,
    in_axes: Any = 0,
    out_axes: Any = 0,
    axis_name: Any = None,
    axis_size: int | None = None,
) -> Callable:
    """Vectorize ``fun`` over an axis of its arguments: the loop runs inside the primitives.

    Arguments
    ---------
    in_axes : int, None, or a tuple (a tree prefix of the positional arguments) giving the
        batched axis of each argument (None: not batched). Keyword arguments are batched
        along axis 0.
    out_axes : where the batch axis goes in the outputs (tree prefix of the outputs).
    axis_name : a name for collectives (``lax.psum``) over the batch axis.
    axis_size : the batch size, needed when no argument is batched.
    """
    if isinstance(in_axes, list):
        in_axes = tuple(in_axes)
    if not (in_axes is None or isinstance(in_axes, int | tuple | dict)):
        raise TypeError(
            f"vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
            f"positional arguments passed to the function, but got {in_axes!r}."
        )
    name = _fun_name(fun)

    @functools.wraps(fun, updated=())
    def vmapped(*args: Any, **kwargs: Any) -> Any:
        if isinstance(in_axes, tuple) and len(in_axes) != len(args):
            raise ValueError(
                f"vmap in_axes must be an int, None, or a tuple of entries corresponding to the "
                f"positional arguments passed to the function, but got len(in_axes)="
                f"{len(in_axes)}, len(args)={len(args)}"
            )
        args_axes = _broadcast_prefix(
            "vmap",
            "in_axes",
            in_axes if isinstance(in_axes, tuple) else (in_axes,) * len(args),
            args,
        )
        leaves, in_tree = tu.tree_flatten((args, kwargs))
        kw_leaves = len(leaves) - len(args_axes)
        axes = list(args_axes) + [0] * kw_leaves
        sizes = {}
        dims = []
        for i, (leaf, ax) in enumerate(zip(leaves, axes, strict=True)):
            if ax is None:
                dims.append(None)
                continue
            if not isinstance(ax, int):
                raise TypeError(f"vmap: in_axes leaves must be ints or None, got {ax!r}")
            shape = core.get_aval(leaf).shape
            if not -len(shape) <= ax < len(shape):
                raise ValueError(
                    f"vmap was requested to map its argument along axis {ax}, which implies "
                    f"that its rank should be at least {max(ax + 1, -ax)}, but is only "
                    f"{len(shape)} (its shape is {shape}; argument leaf {i})"
                )
            ax %= len(shape)
            dims.append(ax)
            sizes.setdefault(shape[ax], []).append(i)
        if len(sizes) > 1:
            detail = "; ".join(f"size {s} for argument leaves {ix}" for s, ix in sizes.items())
            raise ValueError(
                f"vmap got inconsistent sizes for the array axes to be mapped: {detail}"
            )
        if sizes:
            size = next(iter(sizes))
            if axis_size is not None and axis_size != size:
                raise ValueError(
                    f"vmap: axis_size={axis_size} does not match the mapped axis size {size}"
                )
        elif axis_size is not None:
            size = int(axis_size)
        else:
            raise ValueError(
                "vmap must have at least one non-None value in in_axes, or be given axis_size"
            )
        store = {}

        def flat(*flat_args: Any) -> list:
            a, kw = tu.tree_unflatten(in_tree, list(flat_args))
            out = fun(*a, **kw)
            out_leaves, out_tree = tu.tree_flatten(out)
            store["out_tree"] = out_tree
            store["out"] = out
            if config.debug_key_reuse:
                key_reuse.consume_outer(f"vmap of `{name}`", leaves, flat_args)
            return out_leaves

        outs, out_dims = batching.batch_flat(flat, leaves, dims, size, axis_name)
        out_tree = store["out_tree"]
        oaxes = _broadcast_prefix(
            "vmap", "out_axes", out_axes, tu.tree_unflatten(out_tree, [0] * out_tree.num_leaves)
        )
        results = []
        for v, d, oa in zip(outs, out_dims, oaxes, strict=True):
            if oa is None:
                if d is not None:
                    raise ValueError(
                        f"vmap of `{name}`: out_axes=None, but an output is batched (it "
                        "depends on a mapped input)"
                    )
                results.append(v)
                continue
            nd = core.get_aval(v).ndim + (1 if d is None else 0)
            if not -nd <= oa < nd:
                raise ValueError(
                    f"vmap of `{name}`: out_axes {oa} out of range for an output of rank {nd}"
                )
            results.append(batching.moveaxis(v, d, oa % nd, size))
        return tu.tree_unflatten(out_tree, results)

    return vmapped


def _std_basis(leaves: list, avals: list) -> list:
    """Identity matrices, flattened, for building Jacobians: one per input leaf."""

    total = sum(a.size for a in avals)
    dt = dtypes.result_type(*[a.dtype for a in avals]) if avals else dtypes.float_()
    eye = lax_shapes.convert_element_type(
        _eye_bool(total), dt if dtypes.kind(dt) in "fc" else dtypes.float_()
    )
    out = []
    start = 0
    for a in avals:
        block = lax_slicing.slice_in_dim(eye, start, start + a.size, axis=1)
        out.append(
            lax_shapes.reshape(lax_shapes.convert_element_type(block, a.dtype), (total, *a.shape))
        )
        start += a.size
    return out


def _eye_bool(n: int) -> Any:

    r = lax_shapes.broadcasted_iota(onp.int32, (n, n), 0)
    c = lax_shapes.broadcasted_iota(onp.int32, (n, n), 1)
    return lax.eq(r, c)


def _jac_reshape(x: Any, out_shape: tuple, in_shape: tuple, fwd: bool) -> Any:

    # x has the basis axis first: (in_size, *out_shape) for jacfwd, (out_size, *in_shape) for
    # jacrev. The Jacobian is laid out (*out_shape, *in_shape).
    if fwd:
        x = lax_shapes.reshape(x, (x.shape[0], int(onp.prod(out_shape, dtype=onp.int64))))
        x = lax_shapes.transpose(x, (1, 0))
    return lax_shapes.reshape(x, (*out_shape, *in_shape))


def jacfwd(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
) -> Callable:
    """The Jacobian of ``fun`` by forward mode (``vmap`` of ``jvp`` over a basis)."""
    nums, single = _argnums_tuple(argnums)

    def jac(*args: Any) -> Any:
        nums_c = tuple(i % len(args) for i in nums)
        diff = [args[i] for i in nums_c]
        leaves, d_tree = tu.tree_flatten(diff)
        for leaf in leaves:
            _check_differentiable_input("jacfwd", leaf, False, holomorphic)
        avals = [core.get_aval(x).strip_weak_type() for x in leaves]

        def f_leaves(*ls: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, tu.tree_unflatten(d_tree, list(ls)), strict=True):
                full[i] = a
            return fun(*full)

        basis = _std_basis(leaves, avals)

        def push(*ts: Any) -> Any:
            out = jvp(f_leaves, tuple(leaves), tuple(ts), has_aux=has_aux)
            return (out[1], out[2]) if has_aux else out[1]

        out = vmap(push, in_axes=0, out_axes=0)(*basis)
        if has_aux:
            out, aux = out
            aux = tu.tree_map(lambda a: a[0] if hasattr(a, "shape") and a.shape else a, aux)
        out_leaves, out_tree = tu.tree_flatten(out)
        res = []
        for o in out_leaves:
            per_in = []
            start = 0
            for a in avals:
                block = lax_slicing.slice_in_dim(o, start, start + a.size)
                per_in.append(_jac_reshape(block, o.shape[1:], a.shape, True))
                start += a.size
            per_in = tu.tree_unflatten(d_tree, per_in)
            res.append(per_in[0] if single else tuple(per_in))
        result = tu.tree_unflatten(out_tree, res)
        return (result, aux) if has_aux else result

    return jac


def jacrev(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
    allow_int: bool = False,
) -> Callable:
    """The Jacobian of ``fun`` by reverse mode (``vmap`` of ``vjp`` over a basis)."""
    nums, single = _argnums_tuple(argnums)

    def jac(*args: Any) -> Any:
        nums_c = tuple(i % len(args) for i in nums)
        diff = [args[i] for i in nums_c]
        for leaf in tu.tree_leaves(diff):
            _check_differentiable_input("jacrev", leaf, allow_int, holomorphic)

        def f_partial(*dargs: Any) -> Any:
            full = list(args)
            for i, a in zip(nums_c, dargs, strict=True):
                full[i] = a
            return fun(*full)

        out = vjp(f_partial, *diff, has_aux=has_aux)
        y, pullback = out[0], out[1]
        y_leaves, y_tree = tu.tree_flatten(y)
        y_avals = [core.get_aval(v).strip_weak_type() for v in y_leaves]
        basis = _std_basis(y_leaves, y_avals)
        cts = vmap(lambda *b: pullback(tu.tree_unflatten(y_tree, list(b))))(*basis)
        # cts: tuple per diff arg, each a pytree with leading axis = total output size.
        in_leaves_per_arg = [tu.tree_flatten(d) for d in diff]
        res_per_out = [[] for _ in y_leaves]
        for ct_arg, (_, arg_tree) in zip(cts, in_leaves_per_arg, strict=True):
            ct_leaves = tu.tree_leaves(ct_arg)
            for j, ya in enumerate(y_avals):
                start = sum(a.size for a in y_avals[:j])
                blocks = [
                    _jac_reshape(
                        lax_slicing.slice_in_dim(c, start, start + ya.size),
                        ya.shape,
                        c.shape[1:],
                        False,
                    )
                    for c in ct_leaves
                ]
                res_per_out[j].append(tu.tree_unflatten(arg_tree, blocks))
        res = [r[0] if single else tuple(r) for r in res_per_out]
        result = tu.tree_unflatten(y_tree, res)
        return (result, out[2]) if has_aux else result

    return jac


jacobian = jacrev


def hessian(
    fun: Callable,
    argnums: int | Sequence[int] = 0,
    has_aux: bool = False,
    holomorphic: bool = False,
) -> Callable:
    """The Hessian of a scalar ``fun``: ``jacfwd(jacrev(fun))``."""
    return jacfwd(
        jacrev(fun, argnums, has_aux=has_aux, holomorphic=holomorphic),
        argnums,
        has_aux=has_aux,
        holomorphic=holomorphic,
    )
