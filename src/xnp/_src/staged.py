"""A library function compiled once per signature, and inlined under other traces.

xnp's own NumPy-level functions (a ufunc with its promotions, ``mean``, ``where``, an indexing
read, a random sampler) are written over lax primitives. Run eagerly one primitive at a time
they would dispatch (and compile) once per primitive; ``staged(fn)`` instead traces ``fn`` once
per signature into one XLA program and runs that. Under any transformation it simply calls
``fn``, so the primitives land inline in the outer trace (no nested call primitive).

The calling convention is deliberately narrow, which keeps the eager path short:
- positional arguments are the operands: xnp arrays, NumPy arrays, Python scalars (weakly
  typed, as everywhere in xnp) or lists;
- keyword arguments are static parameters: hashable, part of the cache key.

This is the helper the numpy, random and scipy layers use instead of the user-facing ``jit``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import backend, core, dispatch, dtypes
from xnp._src import cache as cache_mod
from xnp._src import tree_util as tu
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.interpreters import host
from xnp._src.interpreters import partial_eval as pe
from xnp._src.jit import jit_p
from xnp._src.lax import host_rules  # noqa: F401 (registers every lax family's host rules)

_PY_SCALARS = frozenset(dtypes.python_scalar_types)
_trace_ctx = core.trace_ctx
_eval_trace = core.eval_trace
MAX_ENTRIES = 512  # per function; the oldest signature is dropped beyond it


class _Entry:
    __slots__ = (
        "jaxpr",
        "consts",
        "const_npys",
        "host_size",
        "host",
        "execute",
        "handlers",
        "const_bufs",
        "out_avals",
        "out_tree",
        "single",
    )


class Staged:
    """``fn`` compiled once per signature (see the module docstring)."""

    def __init__(self, fn: Callable[..., Any], name: str | None = None, inline: bool = True):
        self.fn = fn
        self.inline = inline
        self.name = name or getattr(fn, "__name__", "function")
        self.__name__ = self.__qualname__ = self.name
        self.__doc__ = getattr(fn, "__doc__", None)
        self.__wrapped__ = fn
        self._cache = cache_mod.Cache("staged", MAX_ENTRIES)  # cleared by xnp.clear_caches

    def __repr__(self) -> str:
        return f"<xnp staged {self.name}>"

    def __call__(self, *args: Any, **static: Any) -> Any:
        if _trace_ctx.trace is not _eval_trace or config.disable_jit:
            if self.inline or config.disable_jit:
                return self.fn(*args, **static)
            return self._bind(args, static)
        avals = []
        arrays = []
        on_host = True
        for a in args:
            t = type(a)
            if t is not ndarray:
                if a is None:  # an absent optional operand: part of the signature
                    avals.append(None)
                    continue
                if t in _PY_SCALARS or isinstance(a, onp.ndarray | onp.generic | list | tuple):
                    a = dispatch.to_array(a)
                elif not isinstance(a, ndarray):
                    return self.fn(*args, **static)  # a Tracer escaping, or an odd type
            if a._device is not None:
                return self.fn(*args, **static)  # committed: op by op, which moves buffers
            avals.append(a.aval)
            arrays.append(a)
            if a._npy is None:
                on_host = False
        key = (tuple(avals), tuple(static.items()) if static else (), config.state)
        cache = self._cache
        try:
            entry = cache.get(key)
        except TypeError as e:
            raise TypeError(f"{self.name}: static parameters must be hashable: {static}") from e
        if entry is None:
            entry = self._trace_entry(avals, static)
            if entry is None:
                return self.fn(*args, **static)
            cache.put(key, entry)
        if entry.host is not None and (
            (on_host and entry.host_size <= config.host_max_size and config.host_execution)
            or (
                not on_host
                and entry.host_size <= dispatch.PULL_MAX_SIZE
                and dispatch.host_eligible(arrays)  # reads small device-only operands back
            )
        ):
            dispatch.stats.host_calls += 1
            outs = entry.host([*entry.const_npys, *[a._npy for a in arrays]])
            if entry.single and not config.debug_nans:
                return ndarray(None, entry.out_avals[0], None, outs[0])
            avals_out = entry.out_avals
            results = [ndarray(None, a, None, o) for o, a in zip(outs, avals_out, strict=True)]
        else:
            if entry.execute is None:
                dispatch.stats.staged_compiles += 1
                self._compile(entry)
            else:
                dispatch.stats.staged_hits += 1
            bufs = [a._buf if a._buf is not None else a._materialize() for a in arrays]
            if entry.const_bufs:
                bufs = entry.const_bufs + bufs
            try:
                outs = entry.execute(bufs).consume_with_handlers(entry.handlers)
            except backend.XlaRuntimeError:
                for a in arrays:
                    if a._buf is not None and a._buf.is_deleted():
                        a._materialize()  # raises the clear "has been deleted" error
                raise
            if entry.single:
                return ndarray(outs[0], entry.out_avals[0])
            results = [ndarray(b, a) for b, a in zip(outs, entry.out_avals, strict=True)]
        if config.debug_nans:
            dispatch.check_nans(self.name, results)
        if entry.single:
            return results[0]
        return tu.tree_unflatten(entry.out_tree, results)

    def _trace(self, avals: list[core.ShapedArray | None], static: dict) -> tuple:
        tree_box = []

        def flat_fun(*xs: Any) -> list:
            it = iter(xs)
            full = [None if a is None else next(it) for a in avals]
            leaves, tree = tu.tree_flatten(self.fn(*full, **static))
            tree_box.append(tree)
            return leaves

        in_avals = [a for a in avals if a is not None]
        jaxpr, consts, out_avals = pe.trace_to_jaxpr(flat_fun, in_avals, self.name, "jit")
        return jaxpr, consts, out_avals, tree_box[0]

    def _bind(self, args: tuple, static: dict) -> Any:
        # Not inlined: one nested call, so the program is the same under every transformation
        # (XLA's fusion decisions, hence the last bits of float results, do not change).
        avals = [None if a is None else core.get_aval(a) for a in args]
        jaxpr, consts, _, out_tree = self._trace(avals, static)
        operands = [*consts, *(a for a in args if a is not None)]
        closed = core.ClosedJaxpr(pe.close_over_consts(jaxpr), [])
        outs = jit_p.bind(*operands, jaxpr=closed, name=self.name,
                               donated=(False,) * len(operands))  # fmt: skip
        return tu.tree_unflatten(out_tree, outs)

    def _trace_entry(self, avals: list[core.ShapedArray | None], static: dict) -> _Entry | None:
        """Trace once per signature; the host program (if every primitive has a host rule)
        is ready at once, the XLA executable is compiled when first needed."""
        jaxpr, consts, out_avals, out_tree = self._trace(avals, static)
        if any(isinstance(c, core.Tracer) for c in consts):
            return None
        entry = _Entry()
        entry.jaxpr = pe.close_over_consts(jaxpr)
        entry.consts = [dispatch.to_array(c) for c in consts]
        entry.const_npys = [c._value for c in entry.consts]
        entry.host = host.host_program(entry.jaxpr) if dispatch.cpu_platform() else None
        # the largest operand (host execution needs every one within config.host_max_size)
        entry.host_size = max([c.aval.size for c in entry.consts] + [
            a.size for a in avals if a is not None], default=0)  # fmt: skip
        entry.execute = None
        entry.out_avals = out_avals
        entry.out_tree = out_tree
        entry.single = (
            len(out_avals) == 1 and tu.treedef_is_strict_leaf(out_tree) and not config.debug_nans
        )
        return entry

    def _compile(self, entry: _Entry) -> None:
        exe = dispatch.compile_jaxpr(entry.jaxpr, self.name)
        entry.handlers = exe.handlers
        entry.const_bufs = [c._materialize() for c in entry.consts]
        entry.execute = exe.loaded.execute_sharded

    def clear_cache(self) -> None:
        self._cache.clear()

    def _cache_size(self) -> int:
        return len(self._cache)


def staged(
    fn: Callable[..., Any] | None = None, *, name: str | None = None, inline: bool = True
) -> Any:
    """``fn`` compiled once per signature eagerly, inlined under transformations.

    Use as ``f = staged(g)``, ``f = staged(g, name="where")`` or as a decorator ``@staged``.
    ``inline=False``: under a transformation, stage one nested call instead of inlining (the
    random samplers use it: their bits must not depend on how XLA fuses the surrounding code).
    """
    if fn is None:
        return lambda f: Staged(f, name, inline)
    return Staged(fn, name, inline)
