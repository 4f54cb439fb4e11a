"""NumPy indexing: ``x[idx]``, ``x.at[idx]``, ``x[idx] = v``, in-place operators, ``take``...

An index expression is parsed into one entry per axis of the operand (after ``None`` axes are
inserted): a static slice, a static or traced integer, or a static or traced integer array.
Without integer arrays the result is cheap ``slice``/``rev``/``dynamic_slice``/``reshape``
operations; with them, one ``gather`` whose batch axes land where NumPy puts the advanced
axes. Updates (``.at``) scatter through the same plan.

Out-of-bounds indices: integers whose values are known (Python ints, NumPy arrays, concrete
xnp arrays) raise ``IndexError`` as in NumPy, eagerly and under ``jit``. Traced indices
cannot be checked: reads clamp them into bounds, updates drop out-of-bounds writes (the
``mode=`` argument of ``.at[...]`` methods, ``take`` and ``take_along_axis`` chooses
otherwise). Boolean masks need concrete values (the result's shape depends on them).
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable
from typing import Any

import numpy as onp

from xnp._src import core, dispatch, dtypes
from xnp._src.array import ndarray
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise as lax
from xnp._src.lax import scatter as lax_scatter
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import ufuncs, util

ArrayLike = Any
Mode = lax_slicing.GatherScatterMode

# ----------------------------------------------------------------------------- errors


class InvalidIndexError(IndexError, TypeError):
    """An index of the wrong type (a float, say): NumPy's IndexError, and a TypeError."""


class UFuncTypeError(TypeError):
    """An in-place operator's result cannot be cast back to the array's dtype."""


_VALID = (
    "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or "
    "boolean arrays are valid indices"
)


def _bool_mask_error(where: str) -> core.ConcretizationTypeError:
    return core.ConcretizationTypeError(
        f"{where}: boolean mask indexing needs concrete values (the result's shape depends "
        f"on them), but the mask is traced, at {core.user_frame()}. Fixes: compute with "
        "`xnp.where(mask, x, fill)` instead of `x[mask]`, or use `xnp.nonzero(mask, size=n)` "
        "for a static number of indices."
    )


def _oob(index: int, axis: int, size: int) -> IndexError:
    return IndexError(f"index {index} is out of bounds for axis {axis} with size {size}")


# ----------------------------------------------------------------------------- parsing

# Entry kinds, one entry per axis of the operand after `None` axes are inserted:
#   ("slice", (start, stop, step))   a static slice, normalized by slice.indices
#   ("int", i)                       a static integer
#   ("dyn", t)                       a traced integer scalar
#   ("array", a)                     a static integer array (NumPy)
#   ("darray", t)                    a traced integer array


def _static_int(x: Any, what: str) -> int | None:
    if x is None:
        return None
    if isinstance(x, core.Tracer):
        v = x.to_concrete_value()
        if v is None:
            raise IndexError(
                f"{what} must be static: slice bounds cannot be traced values (at "
                f"{core.user_frame()}). Use `xnp.lax.dynamic_slice_in_dim(x, start, size)` for "
                "a slice of static size at a traced start."
            )
        x = v
    try:
        return operator.index(x)
    except TypeError:
        raise TypeError(
            "slice indices must be integers or None or have an __index__ method, got "
            f"{type(x).__name__}"
        ) from None


def _classify(e: Any) -> tuple[str, Any]:
    """One index element as (kind, value); bool arrays stay 'bool' until axes are known."""
    if e is None:
        return ("none", None)
    if e is Ellipsis:
        return ("ellipsis", None)
    if isinstance(e, slice):
        parts = (_static_int(e.start, "slice start"), _static_int(e.stop, "slice stop"),
                 _static_int(e.step, "slice step"))  # fmt: skip
        return ("rawslice", slice(*parts))
    if isinstance(e, bool | onp.bool_):
        return ("bool", onp.asarray(e))
    if isinstance(e, int | onp.integer):
        return ("int", int(e))
    if isinstance(e, core.Tracer):
        v = e.to_concrete_value()
        if v is None:
            if dtypes.kind(e.dtype) == "b":
                raise _bool_mask_error("x[mask]")
            if dtypes.kind(e.dtype) not in "iu":
                raise InvalidIndexError(f"{_VALID}; got a traced {e.aval.str_short()}")
            return ("dyn", e) if e.ndim == 0 else ("darray", e)
        e = onp.asarray(v)
    elif isinstance(e, ndarray):
        e = e._value
    elif isinstance(e, list | tuple):
        if _contains_array(e):
            return _classify(util.array(e))
        e = onp.asarray(e)
        if e.size == 0 and e.dtype.kind == "f":
            e = e.astype(onp.intp)
    elif not isinstance(e, onp.ndarray | onp.generic):
        if hasattr(e, "__index__"):
            return ("int", operator.index(e))
        raise InvalidIndexError(f"{_VALID}; got {type(e).__name__} {e!r:.40}")
    if e.dtype == onp.bool_:
        return ("bool", e)
    if e.dtype.kind not in "iu":
        if e.ndim == 0:
            raise InvalidIndexError(f"{_VALID}; got {e.dtype.name} {e!r:.40}")
        raise InvalidIndexError(
            f"arrays used as indices must be of integer (or boolean) type, got {e.dtype.name}"
        )
    if e.ndim == 0:
        return ("int", int(e))
    return ("array", e)


def _contains_array(seq: Any) -> bool:
    for x in seq:
        if isinstance(x, core.Tracer | ndarray):
            return True
        if isinstance(x, list | tuple) and _contains_array(x):
            return True
    return False


def _consumed(kind: str, value: Any) -> int:
    if kind in ("none", "ellipsis"):
        return 0
    if kind == "bool":
        return value.ndim
    return 1


class _Plan:
    """An index expression resolved against an operand shape."""

    __slots__ = ("entries", "shape", "inserted", "axes")

    def __init__(self, entries: list, shape: tuple, inserted: list, axes: list):
        self.entries = entries  # one (kind, value) per axis of `shape`
        self.shape = shape  # the operand's shape with `None` axes inserted (size 1)
        self.inserted = inserted  # positions in `shape` of inserted axes
        self.axes = axes  # the operand axis of each entry (None for inserted ones)

    @property
    def advanced(self) -> bool:
        return any(k in ("array", "darray") for k, _ in self.entries)


def _parse(shape: tuple[int, ...], idx: Any) -> _Plan:
    if not isinstance(idx, tuple):
        idx = (idx,)
    items = [_classify(e) for e in idx]
    n_ellipsis = sum(k == "ellipsis" for k, _ in items)
    if n_ellipsis > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    used = sum(_consumed(k, v) for k, v in items)
    ndim = len(shape)
    if used > ndim:
        raise IndexError(
            f"too many indices for array: array is {ndim}-dimensional, but {used} were indexed"
        )
    full = ("rawslice", slice(None))
    if n_ellipsis:
        i = next(j for j, (k, _) in enumerate(items) if k == "ellipsis")
        items[i : i + 1] = [full] * (ndim - used)
    else:
        items += [full] * (ndim - used)
    entries, new_shape, inserted, axes = [], [], [], []
    axis = 0
    for kind, v in items:
        if kind == "none" or (kind == "bool" and v.ndim == 0):
            inserted.append(len(entries))
            new_shape.append(1)
            axes.append(None)
            if kind == "none":
                entries.append(("slice", (0, 1, 1)))
            else:  # a 0-d boolean selects all (one) or nothing along a new axis
                entries.append(("array", onp.zeros(1 if v else 0, onp.intp)))
            continue
        if kind == "bool":
            for i, (b, d) in enumerate(zip(v.shape, shape[axis : axis + v.ndim], strict=True)):
                if b != d:
                    raise IndexError(
                        f"boolean index did not match indexed array along axis {axis + i}; size "
                        f"of axis is {d} but size of corresponding boolean axis is {b}"
                    )
            for nz in onp.nonzero(v):
                entries.append(("array", nz))
                new_shape.append(shape[axis])
                axes.append(axis)
                axis += 1
            continue
        d = shape[axis]
        if kind == "rawslice":
            entries.append(("slice", v.indices(d)))
        else:
            entries.append((kind, v))
        new_shape.append(d)
        axes.append(axis)
        axis += 1
    return _Plan(entries, tuple(new_shape), inserted, axes)


# ----------------------------------------------------------------------------- index values


def _index_dtype() -> onp.dtype:
    return dtypes.canonicalize_dtype(onp.int64)


def _static_index(a: Any, axis: int, size: int, check: bool, clip: bool) -> Any:
    """Normalize a static int or int array: bounds-check (NumPy) or wrap negatives once."""
    if type(a) is int:
        if size == 0 or (check and not -size <= a < size):
            raise _oob(a, axis, size)
        a = a + size if a < 0 else a
        return min(max(a, 0), size - 1) if clip else a
    arr = onp.asarray(a, onp.int64)
    if size == 0 and arr.size:
        raise _oob(int(arr.flat[0]), axis, size)
    if check:
        bad = (arr < -size) | (arr >= size)
        if bad.any():
            raise _oob(int(arr[bad].flat[0]) if arr.ndim else int(arr), axis, size)
    arr = onp.where(arr < 0, arr + size, arr)
    if clip:
        arr = onp.clip(arr, 0, max(size - 1, 0))
    return int(arr) if arr.ndim == 0 and not isinstance(a, onp.ndarray) else arr


def _traced_index(t: Any, size: int) -> Any:
    """A traced integer index with negative values counted from the end, as an index dtype."""
    dt = _index_dtype()
    if t.dtype != dt:
        t = lax_shapes.convert_element_type(t, dt)
    info = onp.iinfo(dt)
    if size > info.max:
        return t
    return lax.select(lax.lt(t, 0), lax.add(t, size), t)


def _slice_bounds(start: int, stop: int, step: int) -> tuple[int, int, int, bool]:
    """(lo, hi, stride, reversed): the ascending static slice holding range(start, stop, step)."""
    r = range(start, stop, step)
    if len(r) == 0:
        return 0, 0, 1, False
    if step > 0:
        return r[0], r[-1] + 1, step, False
    return r[-1], r[0] + 1, -step, len(r) > 1


def _apply_slices(x: Any, plan: _Plan, entries: list) -> Any:
    """Reshape in the inserted axes, then apply every static slice (int entries keep 1 element)."""
    if plan.inserted:
        x = lax_shapes.reshape(x, plan.shape)
    lo, hi, st, rev = [], [], [], []
    for d, ((kind, v), size) in enumerate(zip(entries, plan.shape, strict=True)):
        if kind == "slice":
            a, b, s, r = _slice_bounds(*v)
            if r:
                rev.append(d)
        elif kind == "int":
            a, b, s = v, v + 1, 1
        else:
            a, b, s = 0, size, 1
        lo.append(a)
        hi.append(b)
        st.append(s)
    x = lax_slicing.slice(x, lo, hi, st)
    return lax_shapes.rev(x, rev) if rev else x


# ----------------------------------------------------------------------------- reading


def _normalize(plan: _Plan, check: bool, clip: bool, fill: bool) -> list:
    """Entries with static indices checked/wrapped and traced ones wrapped.

    ``fill``: integers become 0-d advanced indices (so out-of-bounds ones can be filled).
    """
    out = []
    for (kind, v), axis, size in zip(plan.entries, plan.axes, plan.shape, strict=True):
        ax = -1 if axis is None else axis
        if kind == "int":
            v = _static_index(v, ax, size, check, clip)
            if fill and not check:
                kind, v = "array", onp.asarray(v)
        elif kind == "array":
            v = _static_index(v, ax, size, check, clip)
        elif kind in ("dyn", "darray"):
            if size == 0:
                raise IndexError(f"index is out of bounds for axis {ax} with size 0")
            v = _traced_index(v, size)
            if kind == "dyn" and fill:
                kind = "darray"
        out.append((kind, v))
    return out


def _broadcast_index_shape(entries: list) -> tuple[int, ...]:
    shapes = [onp.shape(v) if k == "array" else v.shape for k, v in entries
              if k in ("array", "darray")]  # fmt: skip
    try:
        return onp.broadcast_shapes(*shapes)
    except ValueError:
        got = " ".join(str(tuple(s)) for s in shapes)
        raise IndexError(
            f"shape mismatch: indexing arrays could not be broadcast together with shapes {got}"
        ) from None


def _gather_take(
    x: Any,
    plan: _Plan,
    entries: list,
    mode: Mode,
    fill_value: Any,
    indices_are_sorted: bool,
    unique_indices: bool,
) -> Any:
    y = _apply_slices(x, plan, [(k, v) if k in ("slice", "int") else ("full", None)
                                for k, v in entries])  # fmt: skip
    adv = [d for d, (k, _) in enumerate(entries) if k in ("array", "darray", "int", "dyn")]
    batch = _broadcast_index_shape(entries)
    for d in adv:
        if y.shape[d] == 0 and 0 not in batch:
            raise IndexError(
                f"index is out of bounds for axis {plan.axes[d]} with size 0 (indexing an "
                "empty axis)"
            )
    # int entries were already sliced to one element: index them at 0.
    parts = [onp.zeros((), onp.int64) if k == "int" else v
             for k, v in (entries[d] for d in adv)]  # fmt: skip
    dt = _index_dtype()
    if all(isinstance(p, onp.ndarray) for p in parts):
        indices: Any = onp.stack([onp.broadcast_to(p, batch) for p in parts], axis=-1)
        indices = ndarray.from_host(indices.astype(dt))
    else:
        cols = []
        for p in parts:
            p = util.asarray(p) if isinstance(p, onp.ndarray) else p
            p = lax_shapes.convert_element_type(p, dt)
            cols.append(lax_shapes.expand_dims(util.broadcast_to(p, batch), (len(batch),)))
        indices = lax_shapes.concatenate(cols, len(batch))
    contiguous = adv == list(range(adv[0], adv[0] + len(adv)))
    p = adv[0] if contiguous else 0
    out_rank = len(batch) + y.ndim - len(adv)
    offset_dims = tuple(i for i in range(out_rank) if not p <= i < p + len(batch))
    dnums = lax_slicing.GatherDimensionNumbers(
        offset_dims=offset_dims, collapsed_slice_dims=tuple(adv), start_index_map=tuple(adv)
    )
    sizes = tuple(1 if d in adv else s for d, s in enumerate(y.shape))
    return lax_slicing.gather(
        y, indices, dnums, sizes, mode=mode, fill_value=fill_value,
        indices_are_sorted=indices_are_sorted, unique_indices=unique_indices,
    )  # fmt: skip


def _take(
    x: Any,
    idx: Any,
    mode: Any = None,
    fill_value: Any = None,
    indices_are_sorted: bool = False,
    unique_indices: bool = False,
    traced_mode: Any = "clip",
) -> Any:
    """``x[idx]``. ``mode=None``: NumPy's checks for static indices, ``traced_mode`` for traced."""
    plan = _parse(x.shape, idx)
    check = mode is None
    gmode = Mode.from_any(traced_mode if mode is None else mode)
    fill = gmode is Mode.FILL_OR_DROP
    entries = _normalize(plan, check, clip=gmode is Mode.CLIP and not check, fill=fill)
    if any(k in ("array", "darray") for k, _ in entries):
        kinds = {k for k, _ in entries}
        if not fill and "darray" not in kinds and "dyn" not in kinds:
            gmode = Mode.PROMISE_IN_BOUNDS  # all static and already in bounds
        return _gather_take(x, plan, entries, gmode, fill_value, indices_are_sorted,
                            unique_indices)  # fmt: skip
    y = _apply_slices(x, plan, entries)
    dyn = [d for d, (k, _) in enumerate(entries) if k == "dyn"]
    if dyn:
        starts = [entries[d][1] if d in dyn else 0 for d in range(y.ndim)]
        sizes = [1 if d in dyn else s for d, s in enumerate(y.shape)]
        y = lax_slicing.dynamic_slice(y, starts, sizes, allow_negative_indices=False)
    out_shape = tuple(s for (k, _), s in zip(entries, y.shape, strict=True)
                      if k not in ("int", "dyn"))  # fmt: skip
    return lax_shapes.reshape(y, out_shape)


def getitem(x: Any, idx: Any) -> Any:
    """``x[idx]`` with NumPy's semantics (values, not views); see the module docstring."""
    return _take(x, idx)


# ----------------------------------------------------------------------------- updating


def _broadcast_values(v: Any, shape: tuple[int, ...]) -> Any:
    while v.ndim > len(shape) and v.shape[0] == 1:
        v = lax_shapes.reshape(v, v.shape[1:])
    try:
        return util.broadcast_to(v, shape)
    except ValueError:
        raise ValueError(
            f"could not broadcast input array from shape {v.shape} into shape {shape}"
        ) from None


def _values(x: Any, values: Any) -> Any:
    """``values`` as an array of ``x``'s dtype."""
    if dtypes.is_python_scalar(values):
        return dispatch.scalar_const(values, x.dtype, x.aval.weak_type)
    v = util.asarray(values, "at[...]")
    if v.dtype != x.dtype:
        v = lax_shapes.convert_element_type(v, x.dtype, x.aval.weak_type)
    return v


def _scatter_update(
    x: Any,
    idx: Any,
    values: Any,
    scatter_fn: Callable[..., Any],
    mode: Any = None,
    indices_are_sorted: bool = False,
    unique_indices: bool = False,
) -> Any:
    """``x`` with ``scatter_fn`` applied at ``x[idx]``; ``mode=None`` drops traced OOB updates."""
    x = util.asarray(x, "at[...]")
    v = _values(x, values)
    plan = _parse(x.shape, idx)
    check = mode is None
    smode = Mode.FILL_OR_DROP if mode is None else Mode.from_any(mode)
    clip = smode is Mode.CLIP
    entries = _normalize(plan, check, clip=clip and not check, fill=False)
    windowed = not any(k in ("array", "darray") for k, _ in entries) and all(
        k != "slice" or _slice_len(e) <= 1 or e[2] == 1 for k, e in entries
    )
    if windowed:
        shape = tuple(_slice_len(e) for k, e in entries if k == "slice")
        v = _broadcast_values(v, shape)
        keep = [d for d in range(len(entries)) if d not in plan.inserted]
        entries = [entries[d] for d in keep]
        upd_shape = tuple(_slice_len(e) for k, e in entries if k == "slice")
        v = lax_shapes.reshape(v, upd_shape)
        starts = [_slice_bounds(*e)[0] if k == "slice" else e for k, e in entries]
        indices = _index_vector(starts)
        dnums = lax_scatter.ScatterDimensionNumbers(
            update_window_dims=tuple(range(len(upd_shape))),
            inserted_window_dims=tuple(d for d, (k, _) in enumerate(entries) if k != "slice"),
            scatter_dims_to_operand_dims=tuple(range(len(entries))),
        )
        return scatter_fn(x, indices, v, dnums, indices_are_sorted=True, unique_indices=True,
                          mode=smode)  # fmt: skip
    # General case: scatter element by element at the flat positions that x[idx] reads.
    dt = _index_dtype()
    flat_ids = lax_shapes.reshape(lax_shapes.iota(dt, x.size), x.shape)
    take_mode = Mode.CLIP if clip else Mode.FILL_OR_DROP
    positions = _take(flat_ids, idx, mode=None if check else take_mode, fill_value=-1,
                      traced_mode=take_mode)  # fmt: skip
    v = _broadcast_values(v, positions.shape)
    dnums = lax_scatter.ScatterDimensionNumbers(
        update_window_dims=(), inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,)
    )
    out = scatter_fn(
        lax_shapes.reshape(x, (x.size,)),
        lax_shapes.reshape(positions, (positions.size, 1)),
        lax_shapes.reshape(v, (positions.size,)),
        dnums,
        unique_indices=unique_indices,
        mode=Mode.FILL_OR_DROP,
    )
    return lax_shapes.reshape(out, x.shape)


def _slice_len(s: tuple[int, int, int]) -> int:
    return len(range(*s))


def _index_vector(starts: list) -> Any:
    dt = _index_dtype()
    if all(isinstance(s, int) for s in starts):
        return onp.asarray(starts, dt)
    parts = []
    for s in starts:
        s = dispatch.scalar_const(s, dt, False) if isinstance(s, int) else s
        parts.append(lax_shapes.reshape(lax_shapes.convert_element_type(s, dt), (1,)))
    return lax_shapes.concatenate(parts, 0)


def _same_kind_cast(name: str, x: Any, out: Any) -> Any:
    """``out`` cast to ``x``'s dtype, refusing what NumPy's 'same_kind' casting refuses."""
    if out.dtype == x.dtype:
        return out
    src, dst = (onp.dtype(onp.float32) if d == dtypes.bfloat16 else d
                for d in (out.dtype, x.dtype))  # fmt: skip
    if not onp.can_cast(src, dst, casting="same_kind"):
        raise UFuncTypeError(
            f"Cannot cast ufunc '{name}' output from dtype('{out.dtype.name}') to "
            f"dtype('{x.dtype.name}') with casting rule 'same_kind'"
        )
    return lax_shapes.convert_element_type(out, x.dtype, x.aval.weak_type)


class _IndexUpdateHelper:
    """``x.at``: ``x.at[idx]`` gives an object whose methods return updated copies of ``x``."""

    __slots__ = ("array",)

    def __init__(self, array: Any):
        self.array = array

    def __getitem__(self, idx: Any) -> _IndexUpdateRef:
        return _IndexUpdateRef(self.array, idx)

    def __repr__(self) -> str:
        return f"_IndexUpdateHelper({self.array!r})"


class _IndexUpdateRef:
    """``x.at[idx]``. Methods return a new array; ``x`` itself is unchanged.

    ``mode`` chooses what out-of-bounds indices do: by default static indices raise
    ``IndexError`` and traced ones are dropped (updates) or clamped (``get``); ``"clip"``
    clamps, ``"drop"``/``"fill"`` skips updates and fills reads with ``fill_value``.
    Repeated indices accumulate for ``add``, ``multiply``, ``min``, ``max`` (like
    ``numpy.add.at``); for ``set`` one of the values wins.
    """

    __slots__ = ("array", "index")

    def __init__(self, array: Any, index: Any):
        self.array = array
        self.index = index

    def __repr__(self) -> str:
        return f"_IndexUpdateRef({self.array!r}, {self.index!r})"

    def get(self, *, indices_are_sorted: bool = False, unique_indices: bool = False,
            mode: Any = None, fill_value: Any = None) -> Any:  # fmt: skip
        """``x[idx]``; with ``mode="fill"``, out-of-bounds reads give ``fill_value``."""
        return _take(util.asarray(self.array), self.index, mode, fill_value, indices_are_sorted,
                     unique_indices)  # fmt: skip

    def _update(self, fn: Callable, values: Any, kw: dict) -> Any:
        return _scatter_update(self.array, self.index, values, fn, **kw)

    def set(self, values: Any, **kw: Any) -> Any:
        """``x[idx] = values``."""
        return self._update(lax_scatter.scatter, values, kw)

    def add(self, values: Any, **kw: Any) -> Any:
        """``x[idx] += values`` (repeated indices accumulate)."""
        return self._update(lax_scatter.scatter_add, values, kw)

    def subtract(self, values: Any, **kw: Any) -> Any:
        """``x[idx] -= values`` (repeated indices accumulate)."""
        x = util.asarray(self.array)
        return self._update(lax_scatter.scatter_add, lax.neg(_values(x, values)), kw)

    def multiply(self, values: Any, **kw: Any) -> Any:
        """``x[idx] *= values`` (repeated indices accumulate)."""
        return self._update(lax_scatter.scatter_mul, values, kw)

    mul = multiply

    def divide(self, values: Any, **kw: Any) -> Any:
        """``x[idx] /= values``; an integer ``x`` raises, as NumPy's ``/=`` does."""
        return self._through_ones("divide", values, kw)

    def power(self, values: Any, **kw: Any) -> Any:
        """``x[idx] **= values``."""
        return self._through_ones("power", values, kw)

    def min(self, values: Any, **kw: Any) -> Any:
        """``x[idx] = minimum(x[idx], values)``."""
        return self._update(lax_scatter.scatter_min, values, kw)

    def max(self, values: Any, **kw: Any) -> Any:
        """``x[idx] = maximum(x[idx], values)``."""
        return self._update(lax_scatter.scatter_max, values, kw)

    def _through_ones(self, name: str, values: Any, kw: dict) -> Any:
        # x op (ones with the values multiplied in at idx): repeated indices apply repeatedly.
        x = util.asarray(self.array)
        v = util.asarray(values)
        dt = dtypes.result_type(x, v)
        ones = lax_utils.full(x.shape, 1, dt)
        operand = _scatter_update(ones, self.index, v, lax_scatter.scatter_mul, **kw)
        return _same_kind_cast(name, x, getattr(ufuncs, name)(x, operand))


# ----------------------------------------------------------------------------- mutation syntax


def _captured_error(x: Any) -> TypeError:
    what = "a concrete array" if isinstance(x, ndarray) else "an array"
    return TypeError(
        f"cannot assign into {what} {x.aval.str_short()} inside a transformation that did not "
        f"create it, at {core.user_frame()}: an array captured from outside a transformed "
        "function must not change. xnp arrays are values: compute a new one with "
        "`y = x.at[i].set(v)` and return it."
    )


# Per JaxprTrace: [number of equations seen, the variables they define].
_defined_vars: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _jaxpr_tracer_origin(x: Any) -> str:
    """'input', 'const' or 'inner' for a tracer of a JaxprTrace."""
    trace, var = x._trace, x.var
    if type(var) is core.Literal:
        return "inner"
    if any(v is var for v in trace.constvars):
        return "const"
    seen = _defined_vars.setdefault(trace, [0, set()])
    for eqn in trace.eqns[seen[0] :]:
        seen[1].update(eqn.outvars)
    seen[0] = len(trace.eqns)
    return "inner" if var in seen[1] else "input"


def check_mutable(x: Any) -> None:
    """Raise unless ``x`` may be rebound in place (see DESIGN.md "Arrays")."""
    if isinstance(x, ndarray):
        if not core.is_eval_trace():
            raise _captured_error(x)
        return
    if not isinstance(x, core.Tracer):
        raise TypeError(f"cannot assign into an object of type {type(x).__name__}")
    if x._trace is not core.current_trace():
        raise _captured_error(x)
    origin = "inner"
    if isinstance(x, pe.JaxprTracer):
        origin = _jaxpr_tracer_origin(x)
    else:
        is_input = getattr(x._trace, "is_input_tracer", None)
        if is_input is not None and is_input(x):
            origin = "input"
    if origin == "const":
        raise _captured_error(x)
    if origin == "input":
        raise TypeError(
            f"cannot assign into the argument {x.aval.str_short()} of a transformed function, "
            f"at {core.user_frame()}: xnp arrays are values: return the updated array "
            "(x = x.at[i].set(v)) instead of assigning to an argument."
        )


def rebind(x: Any, new: Any) -> None:
    """Make the array or tracer ``x`` stand for ``new`` (same shape and dtype)."""
    if isinstance(x, ndarray):
        if x.ndim == 0:  # a cached constant must never change: forget it
            cache = dispatch._scalar_cache
            for k in [k for k, v in cache.items() if v is x]:
                del cache[k]
        if not isinstance(new, ndarray):
            raise _captured_error(x)
        x._buf, x._npy = new._buf, new._npy
        return
    if type(new) is not type(x) or new._trace is not x._trace:
        raise TypeError(
            f"internal error: cannot rebind a {type(x).__name__} to a {type(new).__name__}"
        )
    for cls in type(x).__mro__:
        for name in cls.__dict__.get("__slots__", ()):
            if name not in ("_trace", "__weakref__", "__dict__"):
                setattr(x, name, getattr(new, name))


def setitem(x: Any, idx: Any, value: Any) -> None:
    """``x[idx] = value``: rebinds ``x`` to ``x.at[idx].set(value)``."""
    check_mutable(x)
    rebind(x, _scatter_update(x, idx, value, lax_scatter.scatter))


def _install() -> None:
    # x.at and x[i] = v; the in-place operators (x += y) are array_methods' (they need its
    # operator table).
    at = property(_IndexUpdateHelper, doc="Functional updates: ``x.at[idx].set(v)`` etc.")
    for cls in (ndarray, core.Tracer):
        cls.at = at
        cls.__setitem__ = setitem


_install()


# ----------------------------------------------------------------------------- NumPy functions


def _concrete_value(x: Any) -> onp.ndarray | None:
    if isinstance(x, ndarray):
        return x._value
    if isinstance(x, core.Tracer):
        v = x.to_concrete_value()
        return None if v is None else onp.asarray(v)
    return onp.asarray(x)


def nonzero(a: ArrayLike, *, size: int | None = None, fill_value: Any = None) -> tuple:
    """Indices of the non-zero elements, one index array per axis.

    Under a transformation the number of results must be static: pass ``size=`` (results are
    truncated, or padded with ``fill_value``, default 0). Unlike NumPy, ``size`` and
    ``fill_value`` may also be given eagerly.
    """
    a = util.asarray(a, "nonzero")
    if a.ndim == 0:
        raise ValueError(
            "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() "
            "instead."
        )
    dt = _index_dtype()
    host = _concrete_value(a)
    fills = fill_value if isinstance(fill_value, tuple | list) else (fill_value,) * a.ndim
    if len(fills) != a.ndim:
        raise ValueError(f"nonzero: fill_value must be a scalar or have {a.ndim} entries")
    if host is not None:
        out = onp.nonzero(host)
        if size is not None:
            out = tuple(onp.concatenate([o[:size], onp.full(max(size - len(o), 0),
                                                                0 if f is None else f)])
                        for o, f in zip(out, fills, strict=True))  # fmt: skip
        return tuple(ndarray.from_host(o.astype(dt)) for o in out)
    if size is None:
        raise core.ConcretizationTypeError(
            f"nonzero of a traced array {a.aval.str_short()} needs a static `size=` (the number "
            f"of results depends on the values), at {core.user_frame()}. Fixes: pass "
            "`size=n` (and `fill_value=`), or use `xnp.where(mask, x, fill)` instead of "
            "`x[mask]`/`x[xnp.nonzero(mask)]`."
        )
    size = operator.index(size)
    mask = lax_shapes.reshape(a, (a.size,))
    mask = lax.ne(mask, 0) if mask.dtype != onp.bool_ else mask
    count = _cumsum(lax_shapes.convert_element_type(mask, dt))
    slot = lax.select(mask, lax.sub(count, 1),
                      lax_utils.full(count.shape, size, dt))  # fmt: skip
    dnums = lax_scatter.ScatterDimensionNumbers((), (0,), (0,))
    flat = lax_scatter.scatter(
        lax_utils.full((size,), 0, dt), lax_shapes.reshape(slot, (a.size, 1)),
        lax_shapes.iota(dt, a.size), dnums, unique_indices=True, mode="drop",
    )  # fmt: skip
    if a.size:
        total = lax_shapes.reshape(lax_slicing.slice(count, (a.size - 1,), (a.size,)), ())
    else:
        total = lax_utils.full((), 0, dt)
    valid = lax.lt(lax_shapes.iota(dt, size), lax_shapes.broadcast_in_dim(total, (size,), ()))
    out, stride = [], 1
    for d in reversed(a.shape):
        coord = lax.rem(lax.div(flat, stride), d)
        out.append(coord)
        stride *= d
    out.reverse()
    return tuple(lax.select(valid, c, lax_utils.full((size,), 0 if f is None else f, dt))
                 for c, f in zip(out, fills, strict=True))  # fmt: skip


def _cumsum(x: Any) -> Any:
    """Inclusive prefix sum of a 1-D array by doubling shifts (log2(n) pad-and-add steps)."""
    n, shift = x.shape[0], 1
    zero = 0
    while shift < n:
        x = lax.add(x, lax_shapes.pad(x, zero, [(shift, -shift, 0)]))
        shift *= 2
    return x


def _normalize_along(indices: Any, size: int, axis: int, mode: Any, name: str) -> tuple[Any, Mode]:
    """Indices of ``take``-like functions with NumPy's modes; returns (indices, gather mode)."""
    host = indices if isinstance(indices, onp.ndarray) else None
    if mode in (None, "raise"):
        if host is not None:
            return _static_index(host, axis, size, check=True, clip=False), Mode.PROMISE_IN_BOUNDS
        if mode == "raise":
            raise NotImplementedError(
                f"{name}(mode='raise') needs concrete indices; under a transformation use "
                "mode='clip', 'wrap' or 'fill'"
            )
        return _traced_index(indices, size), Mode.FILL_OR_DROP
    if mode == "wrap":
        if host is not None:
            return onp.mod(host, max(size, 1)), Mode.PROMISE_IN_BOUNDS
        t = lax_shapes.convert_element_type(indices, _index_dtype())
        r = lax.rem(t, size)
        return lax.select(lax.lt(r, 0), lax.add(r, size),
                          r), Mode.PROMISE_IN_BOUNDS  # fmt: skip
    if mode == "clip":  # NumPy's clip: negative indices clip to 0, they do not wrap
        if host is not None:
            return onp.clip(host, 0, max(size - 1, 0)), Mode.PROMISE_IN_BOUNDS
        return lax_shapes.convert_element_type(indices, _index_dtype()), Mode.CLIP
    m = Mode.from_any(mode)
    if host is not None:
        return _static_index(host, axis, size, check=False, clip=m is Mode.CLIP), m
    return _traced_index(indices, size), m


def _index_operand(indices: Any, name: str) -> Any:
    """Indices as a NumPy array when static, else a traced integer array."""
    if isinstance(indices, core.Tracer) and indices.to_concrete_value() is None:
        if dtypes.kind(indices.dtype) not in "iu":
            raise TypeError(f"{name}: indices must be integers, got {indices.aval.str_short()}")
        return indices
    host = _concrete_value(indices)
    if host.size == 0 and host.dtype.kind == "f":
        host = host.astype(onp.intp)
    if host.dtype.kind not in "iu":
        raise TypeError(f"{name}: indices must be integers, got dtype {host.dtype}")
    return host


def _as_index_array(indices: Any) -> Any:
    dt = _index_dtype()
    if isinstance(indices, onp.ndarray):
        return ndarray.from_host(indices.astype(dt))
    return lax_shapes.convert_element_type(indices, dt)


def take(
    a: ArrayLike,
    indices: ArrayLike,
    axis: int | None = None,
    out: Any = None,
    mode: str | None = None,
    unique_indices: bool = False,
    indices_are_sorted: bool = False,
    fill_value: Any = None,
) -> Any:
    """Elements of ``a`` at ``indices`` along ``axis`` (of the flattened ``a`` if None).

    ``mode``: NumPy's ``'raise'`` (static indices only), ``'wrap'`` and ``'clip'``, or
    ``'fill'``. The default checks static indices like ``'raise'`` and fills traced
    out-of-bounds ones with ``fill_value`` (NaN, or an extreme integer), as jax.numpy does.
    ``out=`` rebinds ``out`` to the result.
    """
    a = util.asarray(a, "take")
    if axis is None:
        a, axis = lax_shapes.reshape(a, (a.size,)), 0
    axis = util.canonical_axes("take", axis, a.ndim)[0]
    idx = _index_operand(indices, "take")
    if a.shape[axis] == 0 and onp.size(idx):
        raise IndexError(f"take: cannot take from an empty axis (axis {axis} of shape {a.shape})")
    idx, gmode = _normalize_along(idx, a.shape[axis], axis, mode, "take")
    idx = _as_index_array(idx)
    dnums = lax_slicing.GatherDimensionNumbers(
        offset_dims=tuple(range(axis)) + tuple(range(axis + idx.ndim, a.ndim - 1 + idx.ndim)),
        collapsed_slice_dims=(axis,),
        start_index_map=(axis,),
    )
    sizes = tuple(1 if d == axis else s for d, s in enumerate(a.shape))
    result = lax_slicing.gather(
        a, lax_shapes.expand_dims(idx, (idx.ndim,)), dnums, sizes, mode=gmode,
        fill_value=fill_value, indices_are_sorted=indices_are_sorted,
        unique_indices=unique_indices,
    )  # fmt: skip
    if out is not None:
        check_mutable(out)
        rebind(out, _same_kind_cast("take", out, result))
        return out
    return result


def _along_axis_shapes(
    name: str, arr: Any, idx_shape: tuple[int, ...], axis: int
) -> tuple[int, ...]:
    if len(idx_shape) != arr.ndim:
        raise ValueError(
            f"{name}: `indices` and `arr` must have the same number of dimensions (indices "
            f"shape {idx_shape}, arr shape {arr.shape})"
        )
    others_arr = arr.shape[:axis] + (1,) + arr.shape[axis + 1 :]
    others_idx = idx_shape[:axis] + (1,) + idx_shape[axis + 1 :]
    shape = list(util.broadcast_shapes(name, others_arr, others_idx))
    shape[axis] = idx_shape[axis]
    return tuple(shape)


def _along_axis_indices(
    name: str, arr: Any, indices: Any, axis: Any, mode: Any
) -> tuple[Any, Any, int, Mode, tuple[int, ...]]:
    arr = util.asarray(arr, name)
    idx = _index_operand(indices, name)
    if axis is None:
        if onp.ndim(idx) != 1:
            raise ValueError(f"{name}: when axis=None, `indices` must have a single dimension")
        arr, axis = lax_shapes.reshape(arr, (arr.size,)), 0
    axis = util.canonical_axes(name, axis, arr.ndim)[0]
    shape = _along_axis_shapes(name, arr, tuple(onp.shape(idx)), axis)
    if arr.shape[axis] == 0 and 0 not in shape:
        raise IndexError(f"{name}: cannot index axis {axis} of size 0")
    idx, gmode = _normalize_along(idx, arr.shape[axis], axis, mode, name)
    idx = _as_index_array(idx)
    return arr, util.broadcast_to(idx, shape), axis, gmode, shape


def take_along_axis(
    arr: ArrayLike, indices: ArrayLike, axis: int | None, mode: str | None = None,
    fill_value: Any = None,
) -> Any:  # fmt: skip
    """``arr`` indexed by ``indices`` along ``axis``, matching the other axes (NumPy's).

    Out-of-bounds handling as in ``take``.
    """
    arr, idx, axis, gmode, shape = _along_axis_indices("take_along_axis", arr, indices, axis,
                                                       mode)  # fmt: skip
    arr = util.broadcast_to(arr, shape[:axis] + (arr.shape[axis],) + shape[axis + 1 :])
    others = tuple(d for d in range(arr.ndim) if d != axis)
    dnums = lax_slicing.GatherDimensionNumbers(
        offset_dims=(), collapsed_slice_dims=(axis,), start_index_map=(axis,),
        operand_batching_dims=others, start_indices_batching_dims=others,
    )  # fmt: skip
    return lax_slicing.gather(arr, lax_shapes.expand_dims(idx, (idx.ndim,)), dnums,
                              (1,) * arr.ndim, mode=gmode, fill_value=fill_value)  # fmt: skip


def put_along_axis(
    arr: ArrayLike, indices: ArrayLike, values: ArrayLike, axis: int | None,
    inplace: bool = True, mode: str | None = None,
) -> Any:  # fmt: skip
    """Write ``values`` into ``arr`` at ``indices`` along ``axis`` (NumPy's).

    With ``inplace=True`` (NumPy's behaviour) ``arr``, an xnp array, is rebound to the result
    and None is returned; ``inplace=False`` returns the result and leaves ``arr`` alone.
    Traced out-of-bounds indices are dropped.
    """
    target = arr
    if inplace:
        check_mutable(arr)
    arr = util.asarray(arr, "put_along_axis")
    flat = axis is None
    a, idx, axis, gmode, shape = _along_axis_indices("put_along_axis", arr, indices, axis,
                                                     mode)  # fmt: skip
    if tuple(shape[:axis] + shape[axis + 1 :]) != a.shape[:axis] + a.shape[axis + 1 :]:
        raise ValueError(
            f"put_along_axis: indices of shape {onp.shape(idx)} do not fit arr of shape "
            f"{a.shape} along axis {axis}"
        )
    v = _broadcast_values(_values(a, values), shape)
    others = tuple(d for d in range(a.ndim) if d != axis)
    dnums = lax_scatter.ScatterDimensionNumbers(
        update_window_dims=(), inserted_window_dims=(axis,), scatter_dims_to_operand_dims=(axis,),
        operand_batching_dims=others, scatter_indices_batching_dims=others,
    )  # fmt: skip
    smode = Mode.CLIP if gmode is Mode.CLIP else Mode.FILL_OR_DROP
    out = lax_scatter.scatter(a, lax_shapes.expand_dims(idx, (idx.ndim,)), v, dnums, mode=smode)
    if flat:
        out = lax_shapes.reshape(out, arr.shape)
    if inplace:
        rebind(target, out)
        return None
    return out
