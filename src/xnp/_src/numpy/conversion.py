"""NumPy's conversion and construction helpers: asanyarray, asarray_chkfinite,
ascontiguousarray, asfortranarray, require, astype, copy, fromiter, frombuffer, fromfunction,
broadcast; and the functional helpers apply_along_axis, apply_over_axes, vectorize.

xnp arrays have no memory layout to choose (XLA owns it) and no subclasses, so the layout
and subclass variants return plain xnp arrays; host data is converted by NumPy first.
"""

from __future__ import annotations

import operator
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.api import vmap
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import creation, index_tricks, indexing, lax_numpy, reductions, ufuncs, util

ArrayLike = Any

asanyarray = creation.asarray
copy = creation.copy


def asarray_chkfinite(a: ArrayLike, dtype: Any = None, order: Any = None) -> Any:
    """NumPy's ``asarray_chkfinite``: ``asarray``, raising ValueError if ``a`` holds an inf or
    NaN. The check needs concrete values: under a transformation it raises."""
    x = creation.asarray(a, dtype)
    if dtypes.kind(x.dtype) not in "fc":
        return x
    ok = indexing._concrete_value(reductions.all(ufuncs.isfinite(x)))
    if ok is None:
        raise core.ConcretizationTypeError(
            f"asarray_chkfinite: cannot check a traced array {x.aval.str_short()} for infs "
            f"and NaNs, at {core.user_frame()}; check with xnp.isfinite outside the "
            "transformation, or use xnp.asarray")
    if not bool(ok):
        raise ValueError("array must not contain infs or NaNs")
    return x


def ascontiguousarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``ascontiguousarray``: ``asarray`` with at least one dimension (layout is
    XLA's)."""
    x = creation.asarray(a, dtype)
    return lax_shapes.reshape(x, (1,)) if x.ndim == 0 else x


def asfortranarray(a: ArrayLike, dtype: Any = None, *, like: Any = None) -> Any:
    """NumPy's ``asfortranarray``: ``asarray`` with at least one dimension (xnp arrays have no
    Fortran layout; values and shape are NumPy's)."""
    return ascontiguousarray(a, dtype)


_REQUIREMENTS = {
    "C": "C", "C_CONTIGUOUS": "C", "CONTIGUOUS": "C", "F": "F", "F_CONTIGUOUS": "F",
    "FORTRAN": "F", "A": "A", "ALIGNED": "A", "W": "W", "WRITEABLE": "W", "O": "O",
    "OWNDATA": "O", "E": "E", "ENSUREARRAY": "E",
}  # fmt: skip


def require(a: ArrayLike, dtype: Any = None, requirements: Any = None, *,
            like: Any = None) -> Any:  # fmt: skip
    """NumPy's ``require``: ``a`` as an xnp array of ``dtype``. Every requirement flag holds
    for xnp arrays (layout is XLA's; 'W' as rebinding); unknown flags raise KeyError."""
    reqs = [] if requirements is None else list(requirements)  # a string is its letters
    for r in reqs:
        if r.upper() not in _REQUIREMENTS:
            raise KeyError(r)
    flags = {_REQUIREMENTS[r.upper()] for r in reqs}
    if {"C", "F"} <= flags:
        raise ValueError("Cannot specify both C and Fortran contiguous.")
    return creation.asarray(a, dtype)


def astype(x: Any, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Any:
    """The array API's ``astype``: ``x`` converted to ``dtype`` (NumPy's casting, with its
    ComplexWarning when a complex array becomes real)."""
    if not isinstance(x, ndarray | core.Tracer | onp.ndarray | onp.generic):
        raise TypeError(f"Input should be a NumPy array or scalar. It is a {type(x)} instead.")
    a = util.asarray(x, "astype")
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(a.dtype) == "c" and dtypes.kind(dt) != "c":
        warnings.warn("Casting complex values to real discards the imaginary part",
                      onp.exceptions.ComplexWarning, stacklevel=2)  # fmt: skip
        a = ufuncs.real(a)
    out = lax_shapes.convert_element_type(a, dt)
    if out is x and isinstance(x, ndarray):
        out = ndarray(x._buf, x.aval, x._device, x._npy)
    return out


def fromiter(iter: Any, dtype: Any, count: int = -1, *, like: Any = None) -> Any:  # noqa: A002
    """NumPy's ``fromiter``: a 1-d array from an iterable (read on the host by NumPy)."""
    return creation.array(onp.fromiter(iter, dtypes.to_dtype(dtype), count))


def frombuffer(buffer: Any, dtype: Any = float, count: int = -1, offset: int = 0, *,
               like: Any = None) -> Any:  # fmt: skip
    """NumPy's ``frombuffer``: a 1-d array of the bytes of ``buffer`` (copied to the device:
    the result does not share memory with ``buffer``)."""
    dt = onp.dtype(float) if dtype is None else dtypes.to_dtype(dtype)
    return creation.array(onp.frombuffer(buffer, dt, count, offset))


def fromfunction(function: Callable, shape: Any, *, dtype: Any = float, like: Any = None,
                 **kwargs: Any) -> Any:  # fmt: skip
    """NumPy's ``fromfunction``: ``function(*indices(shape, dtype), **kwargs)`` (the function
    is called once, on whole index arrays, as NumPy does)."""
    return function(*index_tricks.indices(shape, dtype), **kwargs)


class broadcast:  # noqa: N801 (NumPy's name)
    """NumPy's ``broadcast``: the broadcast shape of its arguments, and an iterator over
    tuples of their broadcast elements (read to the host once, as NumPy scalars)."""

    def __init__(self, *args: ArrayLike):
        if len(args) > 64:
            raise ValueError("Need at most 64 array objects.")
        arrs = [a if isinstance(a, broadcast) else util.asarray(a, "broadcast") for a in args]
        shapes = [a.shape for a in arrs]
        self.shape = util.broadcast_shapes("broadcast", *shapes) if shapes else ()
        self._arrays = [a for a in arrs if not isinstance(a, broadcast)]
        self.index = 0
        self._hosts: list | None = None

    nd = property(lambda self: len(self.shape))
    ndim = property(lambda self: len(self.shape))
    size = property(lambda self: int(onp.prod(self.shape, dtype=onp.int64)))
    numiter = property(lambda self: len(self._arrays))

    @property
    def iters(self) -> tuple:
        return tuple(iter(onp.broadcast_to(h, self.shape).flat) for h in self._host_values())

    def _host_values(self) -> list:
        if self._hosts is None:
            self._hosts = [onp.asarray(a) for a in self._arrays]
        return self._hosts

    def __iter__(self) -> Iterator[tuple]:
        return self

    def __next__(self) -> tuple:
        if self.index >= self.size:
            raise StopIteration
        pos = onp.unravel_index(self.index, self.shape) if self.shape else ()
        self.index += 1
        return tuple(onp.broadcast_to(h, self.shape)[pos] for h in self._host_values())

    def reset(self) -> None:
        self.index = 0


def apply_along_axis(func1d: Callable, axis: int, arr: ArrayLike, *args: Any,
                     **kwargs: Any) -> Any:  # fmt: skip
    """NumPy's ``apply_along_axis``: ``func1d`` applied to the 1-d slices of ``arr`` along
    ``axis``, its results' axes put in place of ``axis``. It runs once, under ``vmap``; a
    ``func1d`` that needs concrete values (Python control flow on them) runs slice by slice
    on concrete input instead."""
    a = util.asarray(arr, "apply_along_axis")
    ax = util.canonical_axes("apply_along_axis", axis, a.ndim)[0]
    moved = lax_numpy.moveaxis(a, ax, -1)
    outer = moved.shape[:-1]
    rows = lax_shapes.reshape(moved, (int(onp.prod(outer, dtype=onp.int64)), moved.shape[-1]))
    if rows.shape[0] == 0:
        raise ValueError("Cannot apply_along_axis when any iteration dimensions are 0")

    def one(row: Any) -> Any:
        return util.asarray(func1d(row, *args, **kwargs), "apply_along_axis")

    try:
        res = vmap(one)(rows)
    except core.ConcretizationTypeError:
        if not isinstance(a, ndarray):
            raise
        res = lax_numpy.stack([one(rows[i]) for i in range(rows.shape[0])])
    res = lax_shapes.reshape(res, outer + res.shape[1:])
    # the result's own axes go where `axis` was
    n_res = res.ndim - len(outer)
    order = list(range(ax)) + list(range(len(outer), res.ndim)) + list(range(ax, len(outer)))
    return lax_shapes.transpose(res, order) if n_res else res


def apply_over_axes(func: Callable, a: ArrayLike, axes: Any) -> Any:
    """NumPy's ``apply_over_axes``: ``func(a, axis)`` for each axis in turn, a reduced axis
    kept as length 1 so the result keeps ``a``'s dimensions."""
    val = util.asarray(a, "apply_over_axes")
    n = val.ndim
    for axis in onp.atleast_1d(onp.asarray(axes)).tolist():
        axis = operator.index(axis)
        if axis < 0:
            axis += n
        res = util.asarray(func(val, axis), "apply_over_axes")
        if res.ndim == val.ndim:
            val = res
        elif res.ndim == val.ndim - 1:
            val = lax_numpy.expand_dims(res, axis)
        else:
            raise ValueError("function is not returning an array of the correct shape")
    return val



# ----------------------------------------------------------------------------- vectorize

_DIM = r"\w+"
_CORE = rf"\((?:{_DIM}(?:,{_DIM})*)?\)"
_ARGLIST = rf"{_CORE}(?:,{_CORE})*"
_SIGNATURE = re.compile(rf"^{_ARGLIST}->{_ARGLIST}$")


def _parse_signature(signature: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    s = signature.replace(" ", "")
    if not _SIGNATURE.match(s):
        raise ValueError(f"not a valid gufunc signature: {signature}")
    ins, outs = s.split("->")
    parse = lambda part: [tuple(d for d in core.strip("()").split(",") if d)  # noqa: E731
                          for core in re.findall(_CORE, part)]  # fmt: skip
    return parse(ins), parse(outs)


class vectorize:  # noqa: N801 (NumPy's name)
    """NumPy's ``vectorize``: ``pyfunc`` applied over the broadcast elements of its inputs
    (or over their loop dimensions, for a gufunc ``signature`` such as ``"(m,n),(n)->(m)"``).

    xnp traces ``pyfunc`` once under ``vmap`` (so it runs as one compiled program and works
    under every transformation), instead of calling it per element. A ``pyfunc`` that needs
    concrete values (Python control flow on them) is called per element on concrete
    inputs, as NumPy does. ``excluded`` (positions or keyword names) are passed unchanged;
    ``otypes`` casts the outputs; ``cache`` has no effect."""

    def __init__(self, pyfunc: Callable, otypes: Any = None, doc: str | None = None,
                 excluded: Any = None, cache: bool = False,
                 signature: str | None = None):  # fmt: skip
        self.pyfunc = pyfunc
        if otypes is None or isinstance(otypes, list | tuple | str):
            self.otypes = None if not otypes else list(otypes)  # a string is its type codes
        else:
            self.otypes = [otypes]
        self.excluded = set(excluded or ())
        self.cache = cache
        self.signature = signature
        self._sig = _parse_signature(signature) if signature is not None else None
        self.__doc__ = pyfunc.__doc__ if doc is None else doc

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fixed = {i: a for i, a in enumerate(args) if i in self.excluded}
        fixed_kw = {k: v for k, v in kwargs.items() if k in self.excluded}
        pos = [i for i in range(len(args)) if i not in self.excluded]
        names = [k for k in kwargs if k not in self.excluded]
        arrays = [util.asarray(args[i], "vectorize") for i in pos]
        arrays += [util.asarray(kwargs[k], "vectorize") for k in names]

        def call(*vals: Any) -> Any:
            full = dict(fixed)
            full.update(zip(pos, vals[: len(pos)], strict=True))
            kw = dict(fixed_kw)
            kw.update(zip(names, vals[len(pos):], strict=True))
            out = self.pyfunc(*(full[i] for i in range(len(args))), **kw)
            return out

        if self._sig is None:
            cores = [()] * len(arrays)
            out_cores = None
        else:
            cores, out_cores = self._sig
            if len(cores) != len(arrays):
                raise TypeError(f"wrong number of positional arguments: expected {len(cores)}, "
                                f"got {len(arrays)}")  # fmt: skip
        return self._run(call, arrays, cores, out_cores)

    def _run(self, call: Callable, arrays: list, cores: list, out_cores: Any) -> Any:
        sizes: dict[str, int] = {}
        loops = []
        for a, dims in zip(arrays, cores, strict=True):
            if a.ndim < len(dims):
                raise ValueError(f"vectorize: input with shape {a.shape} has fewer dimensions "
                                 f"than the core dimensions {dims} of signature "
                                 f"{self.signature!r}")  # fmt: skip
            for d, n in zip(dims, a.shape[a.ndim - len(dims):], strict=True):
                if sizes.setdefault(d, n) != n:
                    raise ValueError(f"inconsistent size for core dimension {d!r}: {n} vs "
                                     f"{sizes[d]}")  # fmt: skip
            loops.append(a.shape[: a.ndim - len(dims)])
        loop = util.broadcast_shapes("vectorize", *loops) if loops else ()
        count = int(onp.prod(loop, dtype=onp.int64))
        flat = [lax_shapes.reshape(util.broadcast_to(a, loop + a.shape[len(s):]),
                                   (count,) + a.shape[len(s):])
                for a, s in zip(arrays, loops, strict=True)]  # fmt: skip
        if count == 0 and self.otypes is None:
            raise ValueError("cannot call `vectorize` on size 0 inputs unless `otypes` is set")
        if count == 0:
            outs = [lax_shapes.reshape(util.asarray(0, "vectorize").astype(
                dtypes.to_dtype(t)), ()) for t in self.otypes]  # fmt: skip
            res = tuple(util.broadcast_to(o, loop) for o in outs)
            return res if len(res) > 1 else res[0]

        def one(*vals: Any) -> Any:
            out = call(*vals)
            if isinstance(out, tuple):
                return tuple(util.asarray(o, "vectorize") for o in out)
            return util.asarray(out, "vectorize")

        try:
            res = vmap(one)(*flat) if flat else one()
        except core.ConcretizationTypeError:
            if not all(isinstance(f, ndarray) for f in flat):
                raise
            rows = [one(*(f[i] for f in flat)) for i in range(count)]
            if isinstance(rows[0], tuple):
                res = tuple(lax_numpy.stack([r[j] for r in rows]) for j in range(len(rows[0])))
            else:
                res = lax_numpy.stack(rows)
        single = not isinstance(res, tuple)
        res = (res,) if single else res
        if out_cores is not None and len(out_cores) != len(res):
            raise ValueError(f"wrong number of outputs from pyfunc: expected {len(out_cores)}, "
                             f"got {len(res)}")  # fmt: skip
        outs = []
        for j, r in enumerate(res):
            if flat:
                r = lax_shapes.reshape(r, loop + r.shape[1:])
            if out_cores is not None:
                dims = out_cores[j]
                if r.ndim - len(loop) != len(dims):
                    raise ValueError(f"vectorize: output {j} has core shape "
                                     f"{r.shape[len(loop):]}, signature says {dims}")  # fmt: skip
            if self.otypes is not None:
                r = lax_shapes.convert_element_type(r, dtypes.canonicalize_dtype(
                    dtypes.to_dtype(self.otypes[j % len(self.otypes)])))  # fmt: skip
            outs.append(lax_numpy._strong(r))
        return outs[0] if single else tuple(outs)
