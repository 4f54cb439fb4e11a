"""NumPy's ``vectorize`` over ``vmap``.

The arguments (all but ``excluded`` ones) are broadcast together, their loop dimensions
flattened into one, and ``pyfunc`` is mapped over it with ``vmap``, so that it runs as one
vectorized program, under ``jit`` and ``grad`` too. With ``signature=`` (NumPy's generalized
ufunc signature, e.g. ``"(m,n),(n)->(m)"``) the trailing core dimensions are passed whole.

A ``pyfunc`` that needs concrete values (Python ``if`` on an element, ``math.sin``, ...)
cannot be traced by ``vmap``; when the arguments are concrete, ``vectorize`` then does what
NumPy does: it calls ``pyfunc`` once per element in a Python loop on NumPy scalars (or core
arrays) and assembles the results. Under a transformation such a function raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import api, core, dtypes
from xnp._src.numpy import creation, lax_numpy, util

_DIM = r"\w+"
_CORE = rf"\((?:{_DIM}(?:,{_DIM})*)?\)"
_ARGS = rf"{_CORE}(?:,{_CORE})*"
_SIGNATURE = rf"^{_ARGS}->{_ARGS}$"


def _parse_signature(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    sig = re.sub(r"\s+", "", signature)
    if not re.match(_SIGNATURE, sig):
        raise ValueError(f"vectorize: not a valid gufunc signature: {signature}")
    ins, outs = sig.split("->")

    def groups(part: str) -> list[tuple[str, ...]]:
        return [tuple(re.findall(_DIM, g)) for g in re.findall(_CORE, part)]

    return groups(ins), groups(outs)


class _NoValue:
    pass


class vectorize:  # noqa: N801
    """NumPy's ``vectorize``: ``pyfunc`` applied elementwise (or over core dimensions given
    by ``signature``) to broadcast arguments, as one ``vmap``-ed program.

    ``otypes`` (type characters or dtypes) casts the outputs and allows size-0 inputs;
    ``excluded`` names positional indices or keywords passed through unvectorized; ``cache``
    has no effect. Usable as a decorator, with or without arguments."""

    def __init__(
        self,
        pyfunc: Any = _NoValue,
        otypes: Any = None,
        doc: str | None = None,
        excluded: Any = None,
        cache: bool = False,
        signature: str | None = None,
    ) -> None:
        self.pyfunc = pyfunc
        self.cache = cache
        self.signature = signature
        self.excluded = set(excluded or ())
        if isinstance(otypes, str):
            for c in otypes:
                if c not in onp.typecodes["All"]:
                    raise ValueError(f"vectorize: invalid otype specified: {c}")
            otypes = [onp.dtype(c) for c in otypes]
        elif otypes is not None:
            otypes = [onp.dtype(t) for t in otypes]
        self.otypes = otypes
        self._sig = _parse_signature(signature) if signature is not None else None
        if pyfunc is not _NoValue:
            self.__doc__ = pyfunc.__doc__ if doc is None else doc
            self.__name__ = getattr(pyfunc, "__name__", "vectorized")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.pyfunc is _NoValue:  # @vectorize(otypes=...) decorating a function
            self.pyfunc = args[0]
            self.__doc__ = args[0].__doc__
            return self
        pos = [i for i in range(len(args)) if i not in self.excluded]
        names = [k for k in kwargs if k not in self.excluded]
        vals = [args[i] for i in pos] + [kwargs[k] for k in names]

        def call(*vs: Any) -> Any:
            a, kw = list(args), dict(kwargs)
            for i, v in zip(pos, vs[: len(pos)], strict=True):
                a[i] = v
            for k, v in zip(names, vs[len(pos) :], strict=True):
                kw[k] = v
            return self.pyfunc(*a, **kw)

        if not vals:
            return self._cast(call())
        arrays = [util.asarray(v, "vectorize") for v in vals]
        core_in = self._sig[0] if self._sig else [()] * len(arrays)
        if len(core_in) != len(arrays):
            raise TypeError(
                f"vectorize: wrong number of positional arguments: expected "
                f"{len(core_in)}, got {len(arrays)}"
            )
        sizes: dict[str, int] = {}
        loops = []
        for x, dims in zip(arrays, core_in, strict=True):
            if x.ndim < len(dims):
                raise ValueError(
                    f"vectorize: {x.ndim}-dimensional argument does not have "
                    f"enough dimensions for all core dimensions {dims!r}"
                )
            for name, size in zip(dims, x.shape[x.ndim - len(dims) :], strict=True):
                if sizes.setdefault(name, size) != size:
                    raise ValueError(
                        f"vectorize: inconsistent size for core dimension "
                        f"{name!r}: {size} vs {sizes[name]}"
                    )
            loops.append(x.shape[: x.ndim - len(dims)])
        loop = util.broadcast_shapes("vectorize", *loops)
        n = int(onp.prod(loop, dtype=onp.int64))
        flat = [
            lax_numpy.reshape(
                util.broadcast_to(x, loop + x.shape[len(s) :]), (n,) + x.shape[len(s) :]
            )
            for x, s in zip(arrays, loops, strict=True)
        ]
        if n == 0:
            return self._empty(loop, sizes)
        try:
            out = api.vmap(call)(*flat)
        except core.ConcretizationTypeError:
            if any(isinstance(x, core.Tracer) for x in flat):
                raise
            out = self._python_loop(call, flat, n)
        single = not isinstance(out, tuple)
        outs = [out] if single else list(out)
        res = []
        for o in outs:
            o = util.asarray(o, "vectorize")
            res.append(lax_numpy.reshape(o, loop + o.shape[1:]))
        res = [self._cast_one(r, i) for i, r in enumerate(res)]
        if self._sig is not None and len(self._sig[1]) != len(res):
            raise ValueError(
                f"vectorize: wrong number of outputs from pyfunc: expected "
                f"{len(self._sig[1])}, got {len(res)}"
            )
        return res[0] if single else tuple(res)

    def _python_loop(self, call: Callable, flat: list, n: int) -> Any:
        host = [onp.asarray(x) for x in flat]
        results = [call(*(h[i] for h in host)) for i in range(n)]
        if isinstance(results[0], tuple):
            cols = list(zip(*results, strict=True))
            return tuple(self._stack(c, i) for i, c in enumerate(cols))
        return self._stack(results, 0)

    def _stack(self, values: Any, i: int) -> Any:
        dt = self.otypes[i] if self.otypes else onp.asarray(values[0]).dtype
        return creation.asarray(onp.asarray([onp.asarray(v) for v in values]).astype(dt))

    def _empty(self, loop: tuple, sizes: dict) -> Any:
        if not self.otypes:
            raise ValueError(
                "vectorize: cannot call `vectorize` on size 0 inputs unless `otypes` is set"
            )
        core_out = self._sig[1] if self._sig else [()] * len(self.otypes)
        outs = []
        for dt, dims in zip(self.otypes, core_out, strict=False):
            try:
                shape = loop + tuple(sizes[d] for d in dims)
            except KeyError as e:
                raise ValueError(
                    f"vectorize: cannot determine the size of core dimension {e} for size 0 inputs"
                ) from e
            outs.append(creation.zeros(shape, dt))
        return outs[0] if len(outs) == 1 else tuple(outs)

    def _cast_one(self, r: Any, i: int) -> Any:
        if self.otypes is None:
            return r
        if i >= len(self.otypes):
            raise ValueError(
                f"vectorize: pyfunc returned more outputs than the {len(self.otypes)} otypes"
            )
        return r.astype(dtypes.canonicalize_dtype(self.otypes[i]))

    def _cast(self, out: Any) -> Any:
        if isinstance(out, tuple):
            return tuple(self._cast_one(util.asarray(o), i) for i, o in enumerate(out))
        return self._cast_one(util.asarray(out), 0)
