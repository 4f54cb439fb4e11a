"""``jit``: a function traced once per argument signature and run as one XLA program.

``Jitted`` (what ``jit`` returns) keeps a cache per signature (tree structure, avals, static
arguments, config) of the compiled executable; a top-level call takes its fast path and
runs the executable directly. Under another transformation a jitted function binds the
``jit_p`` primitive, a call of its closed jaxpr, whose rules for each interpreter are at the
end of this module. ``Traced``/``Lowered``/``Compiled`` are the ``.trace()``/``.lower()``/
``.compile()`` stages.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import backend, cache, core, dispatch, dtypes, key_reuse
from xnp._src import tree_util as tu
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.interpreters import ad, batching, lowering
from xnp._src.interpreters import partial_eval as pe

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


_fun_name = core.fun_name


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


def _rebuild_jitted(fun: Callable, static_argnums: tuple, static_argnames: tuple,
                    donate_argnums: tuple, inline: bool) -> Jitted:  # fmt: skip
    return Jitted(fun, static_argnums, static_argnames, donate_argnums, inline)


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
        # Bounded by config.cache_size; they die with this object (and its function).
        self._cache: cache.Cache = cache.Cache("jit")
        self._fast: cache.Cache = cache.Cache("jit")

    def __repr__(self) -> str:
        return f"<xnp.jit of {self.name}>"

    def __reduce__(self) -> tuple:
        # Pickles as its function and options (the function must pickle: a module-level
        # function or an xnp ufunc, not a lambda); programs recompile after unpickling.
        return (
            _rebuild_jitted,
            (
                self.fun,
                tuple(self.static_argnums),
                tuple(self.static_argnames),
                tuple(sorted(self.donate_argnums)),
                self.inline,
            ),
        )

    def __deepcopy__(self, memo: dict) -> Jitted:
        return self  # a function value: copying it would only drop its compiled programs

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
                    except backend.XlaRuntimeError as e:
                        _check_not_deleted(self.name, list(args))
                        raise backend.runtime_error(e, f"jit-compiled `{self.name}`") from None
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
        except backend.XlaRuntimeError as e:
            _check_not_deleted(self.name, leaves)
            raise backend.runtime_error(e, f"jit-compiled `{self.name}`") from None
        if donate:
            _forget_donated(leaves, entry.donated)
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
            self._cache.put(key, entry)
            if (
                not entry.consumed
                and self._plain
                and not kwargs
                and all(type(a) is ndarray or type(a) in _PY_SCALARS for a in args)
            ):
                fast_key = tuple(dispatch.to_array(a).aval for a in args)
                self._fast.put((fast_key, key[3]), entry)
        return entry

    def _bind(self, args: tuple, kwargs: dict, leaves: list, in_tree: Any, donate: tuple) -> Any:
        jaxpr, consts, out_avals, out_tree, donated = self._trace(
            args, kwargs, leaves, in_tree, donate
        )
        if config.debug_key_reuse:
            self._consume_args(leaves)
        n = len(consts)
        closed = core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])
        outs = jit_p.bind(
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


def _forget_donated(leaves: list, donated: tuple[bool, ...]) -> None:
    """Donated arrays are gone: XLA took their buffers, and their host copies go too, so a
    later use raises (as in JAX) instead of reading the old value."""
    for x, d in zip(leaves, donated, strict=True):
        if d and type(x) is ndarray and x._buf is not None and x._buf.is_deleted():
            x._npy = None


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


# ============================================================================ the jit primitive
# A jitted function called under another transformation: a call of its closed jaxpr.

jit_p = core.register_primitive(core.Primitive("jit"))
jit_p.multiple_results = True


def _jit_abstract_eval(*avals: core.ShapedArray, jaxpr: core.ClosedJaxpr, **_: Any):
    return jaxpr.out_avals


jit_p.def_abstract_eval(_jit_abstract_eval)

# jit_p's eager impl (a nested jit run eagerly, e.g. by an outer disable_jit): bounded.
_impl_cache = cache.Cache("jit-impl")


def _jit_impl(*args: Any, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()) -> list:
    if not donated:
        donated = (False,) * len(args)
    arrays = [dispatch.to_array(x) for x in args]
    key = (id(jaxpr), tuple(a.aval for a in arrays))
    entry = _impl_cache.get(key)
    if entry is None or entry[0] is not jaxpr:
        closed = core.Jaxpr(
            [], [*jaxpr.jaxpr.constvars, *jaxpr.jaxpr.invars], jaxpr.jaxpr.outvars, jaxpr.jaxpr.eqns
        )
        exe = dispatch.compile_jaxpr(closed, name, (False,) * len(jaxpr.consts) + tuple(donated))
        entry = _impl_cache.put(key, (jaxpr, exe))
    exe = entry[1]
    consts = [dispatch.to_array(c) for c in jaxpr.consts]
    bufs = [a._materialize() for a in (*consts, *arrays)]
    return [ndarray(b, a) for b, a in zip(exe.execute(bufs), jaxpr.out_avals, strict=True)]


jit_p.def_impl(_jit_impl)


def _jit_lowering(
    ctx: lowering.LoweringRuleContext, *args: Any, jaxpr: core.ClosedJaxpr, **_: Any
) -> Sequence[Any]:
    return lowering.lower_nested_jaxpr(ctx, jaxpr, args)


lowering.register_lowering(jit_p, _jit_lowering)


# ----------------------------------------------------------------------------- autodiff


def _closed(jaxpr: core.Jaxpr) -> core.ClosedJaxpr:
    return core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])


def _jit_partial_eval(
    trace: pe.PartialEvalTrace,
    args: list,
    *,
    jaxpr: core.ClosedJaxpr,
    name: str,
    donated: tuple = (),
) -> list:
    unknowns = [trace.is_unknown(a) for a in args]
    known, known_consts, unknown, out_unknowns, n_res = pe.partial_eval_jaxpr(
        jaxpr.jaxpr, jaxpr.consts, unknowns
    )
    known_args = [a for a, u in zip(args, unknowns, strict=True) if not u]
    with core.set_current_trace(trace.parent):
        known_outs = jit_p.bind(*known_consts, *known_args, jaxpr=_closed(known), name=name)
    n_known = len(known_outs) - n_res
    residuals = known_outs[n_known:]
    unknown_args = [a for a, u in zip(args, unknowns, strict=True) if u]
    unknown_outs = trace.stage(
        jit_p, [*residuals, *unknown_args], dict(jaxpr=core.ClosedJaxpr(unknown, []), name=name)
    )
    it_k, it_u = iter(known_outs[:n_known]), iter(unknown_outs)
    return [next(it_u) if u else next(it_k) for u in out_unknowns]


def _jit_transpose(
    cts: list, *args: Any, jaxpr: core.ClosedJaxpr, name: str, donated: tuple = ()
) -> list:
    linear = [ad.is_undefined_primal(a) for a in args]
    residuals = [a for a, lin in zip(args, linear, strict=True) if not lin]
    cts = [ad.instantiate(c) for c in cts]
    res_avals = [core.get_aval(r) for r in residuals]
    ct_avals = [core.get_aval(c) for c in cts]

    def transposed(*flat: Any) -> list:
        res, cs = flat[: len(residuals)], flat[len(residuals) :]
        it = iter(res)
        full = [
            ad.UndefinedPrimal(a.aval) if lin else next(it)
            for a, lin in zip(args, linear, strict=True)
        ]
        outs = ad.backward_pass(jaxpr.jaxpr, jaxpr.consts, full, list(cs))
        return [ad.instantiate(o) for o, lin in zip(outs, linear, strict=True) if lin]

    new, consts, _ = pe.trace_to_jaxpr(transposed, [*res_avals, *ct_avals], f"transpose({name})")
    outs = iter(
        jit_p.bind(*consts, *residuals, *cts, jaxpr=_closed(new), name=f"transpose({name})")
    )
    return [next(outs) if lin else None for lin in linear]


ad.defcall_jvp(jit_p, lambda params: {"name": f"jvp({params['name']})"})
ad.transpose_rules[jit_p] = _jit_transpose
pe.partial_eval_rules[jit_p] = _jit_partial_eval


# ----------------------------------------------------------------------------- batching


# Donation is dropped: the transformed call's operands are not the caller's buffers.
batching.defcall(jit_p, lambda params: {"name": params["name"]})
