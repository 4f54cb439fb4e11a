"""NumPy's in-place functions: put, place, putmask, copyto; the ``x.put``, ``x.fill`` methods
and the ``x.flat`` iterator (``xnp.flatiter``).

xnp arrays are values (DESIGN.md, "Arrays"): each of these rebinds the xnp array it is given
to the updated value, as ``x[i] = v`` does; under a transformation only arrays created
inside the function may be updated. A NumPy array argument is updated in place by NumPy.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import indexing, lax_numpy, util

ArrayLike = Any


def _cyclic(values: Any, n: int) -> Any:
    """``ravel(values)`` repeated cyclically to length ``n``."""
    v = lax_numpy.ravel(values)
    if v.size == n:
        return v
    return indexing.take(v, onp.arange(n) % max(v.size, 1))


def _target(name: str, a: Any) -> None:
    if not isinstance(a, ndarray | core.Tracer):
        raise TypeError(f"{name}: argument a must be an xnp or NumPy array, got "
                        f"{type(a).__name__}")  # fmt: skip
    indexing.check_mutable(a)


def put(a: Any, ind: ArrayLike, v: ArrayLike, mode: str = "raise") -> None:
    """NumPy's ``put``: ``a.flat[ind] = v`` (``v`` repeated cyclically), by rebinding ``a``.
    ``mode='raise'`` checks concrete indices; traced out-of-bounds ones are dropped."""
    if isinstance(a, onp.ndarray):
        onp.put(a, onp.asarray(ind), onp.asarray(v), mode)
        return
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    _target("put", a)
    idx = indexing._index_operand(ind, "put")
    n = a.size
    if isinstance(idx, onp.ndarray):
        idx = idx.reshape(-1)
        if idx.size == 0:
            return
        if n == 0:
            raise IndexError("cannot replace elements of an empty array")
        if mode == "raise":
            bad = idx[(idx < -n) | (idx >= n)]
            if bad.size:
                raise IndexError(f"index {bad[0]} is out of range for size {n}")
            idx = onp.where(idx < 0, idx + n, idx)
        elif mode == "wrap":
            idx = onp.mod(idx, n)
        else:
            idx = onp.clip(idx, 0, n - 1)
        count = idx.size
    else:
        idx = lax_numpy.ravel(idx)
        count = idx.shape[0]
        if mode == "wrap":
            idx = idx % n
        elif mode == "clip":
            idx = lax_numpy.where(idx < 0, 0, lax_numpy.where(idx >= n, n - 1, idx))
        else:
            idx = lax_numpy.where(idx < 0, idx + n, idx)
    vals = util.asarray(v, "put")
    if vals.size == 0:
        return
    flat = lax_shapes.reshape(a, (n,))
    new = flat.at[idx].set(_cyclic(vals, count), mode="drop")
    indexing.rebind(a, lax_shapes.reshape(new, a.shape))


def place(arr: Any, mask: ArrayLike, vals: ArrayLike) -> None:
    """NumPy's ``place``: the elements of ``arr`` where ``mask`` is true take the values
    ``vals`` in turn (repeated cyclically), by rebinding ``arr``. ``mask`` must be
    concrete (which elements change depends on it)."""
    if isinstance(arr, onp.ndarray):
        onp.place(arr, onp.asarray(mask), onp.asarray(vals))
        return
    _target("place", arr)
    host = indexing._concrete_value(mask)
    if host is None:
        raise core.ConcretizationTypeError(
            f"place: the mask must be concrete, at {core.user_frame()}; under a "
            "transformation use xnp.where(mask, values, arr)")
    host = onp.asarray(host, bool).reshape(-1)
    if host.size != arr.size:
        raise ValueError("place: mask and data must be the same size")
    hits = onp.flatnonzero(host)
    v = util.asarray(vals, "place")
    if hits.size == 0:
        return
    if v.size == 0:
        raise ValueError("Cannot insert from an empty array!")
    flat = lax_shapes.reshape(arr, (arr.size,))
    new = flat.at[hits].set(_cyclic(v, hits.size), unique_indices=True)
    indexing.rebind(arr, lax_shapes.reshape(new, arr.shape))


def putmask(a: Any, /, mask: ArrayLike, values: ArrayLike) -> None:
    """NumPy's ``putmask``: ``a.flat[n] = values.flat[n % values.size]`` where ``mask.flat[n]``,
    by rebinding ``a`` (works on traced masks too)."""
    if isinstance(a, onp.ndarray):
        onp.putmask(a, onp.asarray(mask), onp.asarray(values))
        return
    _target("putmask", a)
    m = util.asarray(mask, "putmask")
    if m.size != a.size:
        raise ValueError("putmask: mask and data must be the same size")
    v = util.asarray(values, "putmask")
    if v.size == 0:
        if a.size and bool(onp.any(indexing._concrete_value(m) != 0)):
            raise ValueError("putmask: cannot insert from an empty array")
        return
    if m.dtype != onp.bool_:
        m = m != 0
    tiled = lax_shapes.reshape(_cyclic(v, a.size), a.shape)
    tiled = lax_shapes.convert_element_type(tiled, a.dtype, a.aval.weak_type)
    new = lax_numpy.where(lax_shapes.reshape(m, a.shape), tiled, a)
    indexing.rebind(a, lax_shapes.convert_element_type(new, a.dtype, a.aval.weak_type))


def _weak_source_dtype(src: Any) -> onp.dtype:
    # A Python scalar's smallest dtype of its kind, as NEP 50 treats it in casting checks.
    if isinstance(src, bool):
        return onp.dtype(bool)
    if isinstance(src, int):
        return onp.dtype(onp.int8) if -128 <= src < 128 else onp.dtype(onp.int64)
    if isinstance(src, float):
        return onp.dtype(onp.float16)
    return onp.dtype(onp.complex64)


def copyto(dst: Any, src: ArrayLike, casting: str = "same_kind", where: ArrayLike = True) -> None:
    """NumPy's ``copyto``: ``src`` (broadcast, cast by ``casting``) written into ``dst`` where
    ``where`` is true, by rebinding ``dst``."""
    if isinstance(dst, onp.ndarray):
        onp.copyto(dst, onp.asarray(src), casting, onp.asarray(where))
        return
    if casting not in ("no", "equiv", "safe", "same_kind", "unsafe"):
        raise ValueError(f"copyto: casting must be one of 'no', 'equiv', 'safe', 'same_kind', "
                         f"or 'unsafe' (got {casting!r})")  # fmt: skip
    _target("copyto", dst)
    weak = dtypes.is_python_scalar(src)
    s = util.asarray(src, "copyto")
    sdt = _weak_source_dtype(src) if weak else s.dtype
    check = [onp.dtype(onp.float32) if d == dtypes.bfloat16 else d for d in (sdt, dst.dtype)]
    if sdt != dst.dtype and not onp.can_cast(check[0], check[1], casting):
        what = "scalar" if weak else "array data"
        shown = onp.asarray(src).dtype if weak else sdt
        raise TypeError(f"Cannot cast {what} from dtype('{shown}') to dtype('{dst.dtype}') "
                        f"according to the rule '{casting}'")  # fmt: skip
    s = util.broadcast_to(lax_shapes.convert_element_type(s, dst.dtype, dst.aval.weak_type),
                          dst.shape, "copyto")  # fmt: skip
    w = util.asarray(where, "copyto")
    if w.dtype != onp.bool_:
        raise TypeError(f"copyto: where must be boolean, got {w.dtype}")
    if w.ndim == 0 and indexing._concrete_value(w) is not None:
        if bool(indexing._concrete_value(w)):
            indexing.rebind(dst, s)
        return
    w = util.broadcast_to(w, dst.shape, "copyto")
    indexing.rebind(dst, lax_numpy.where(w, s, dst).astype(dst.dtype))


def _fill_method(self: Any, value: Any) -> None:
    """``x.fill(value)``: ``x`` rebound to an array of ``value`` (cast to ``x``'s dtype)."""
    indexing.check_mutable(self)
    v = util.asarray(value, "fill")
    if v.ndim:
        raise ValueError("fill: value must be a scalar")
    new = util.broadcast_to(lax_shapes.convert_element_type(v, self.dtype, self.aval.weak_type),
                            self.shape)  # fmt: skip
    indexing.rebind(self, new)


def _put_method(self: Any, indices: ArrayLike, values: ArrayLike, mode: str = "raise") -> None:
    put(self, indices, values, mode)


class flatiter:  # noqa: N801 (NumPy's name)
    """``x.flat``: a flat (C order) view for reading, ``x.flat[i]``, iterating, and writing,
    ``x.flat[i] = v``, which rebinds ``x`` (DESIGN.md "arrays as values")."""

    __slots__ = ("base", "_index")

    def __init__(self, base: Any):
        self.base = base
        self._index = 0

    def _flat(self) -> Any:
        return lax_shapes.reshape(self.base, (self.base.size,))

    def __len__(self) -> int:
        return self.base.size

    def __getitem__(self, idx: Any) -> Any:
        return indexing.getitem(self._flat(), idx)

    def __setitem__(self, idx: Any, value: Any) -> None:
        indexing.check_mutable(self.base)
        flat = self._flat()
        target = indexing.getitem(lax_shapes.iota(onp.int64, flat.size), idx)
        v = util.asarray(value, "flat")
        n = target.size
        v = _cyclic(v, n) if v.size not in (1, n) or v.ndim > 1 else v
        new = flat.at[lax_numpy.ravel(target)].set(lax_numpy.ravel(v) if v.ndim else v)
        indexing.rebind(self.base, lax_shapes.reshape(new, self.base.shape))

    def __iter__(self) -> Iterator[Any]:
        flat = self._flat()
        return (flat[i] for i in range(flat.shape[0]))

    def __next__(self) -> Any:
        if self._index >= self.base.size:
            raise StopIteration
        self._index += 1
        return self._flat()[self._index - 1]

    def __array__(self, dtype: Any = None, copy: Any = None) -> onp.ndarray:
        return onp.asarray(self._flat(), dtype=dtype)

    @property
    def index(self) -> int:
        return self._index

    @property
    def coords(self) -> tuple[int, ...]:
        return tuple(int(c) for c in onp.unravel_index(self._index, self.base.shape))

    def copy(self) -> Any:
        """The flattened array (a new one)."""
        return self._flat()


def _install() -> None:
    for cls in (ndarray, core.Tracer):
        cls.fill = _fill_method
        cls.put = _put_method
        cls.flat = property(flatiter, doc="A flat iterator over the array (``flatiter``).")


_install()
