"""NumPy's rearranging functions: flips, ``atleast_*d``, roll, rollaxis, rot90."""

from __future__ import annotations

import builtins
import operator
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import indexing, util

ArrayLike = Any


def flip(m: ArrayLike, axis: Any = None) -> Any:
    """NumPy's ``flip``: reverse the order of elements along ``axis`` (all axes for None)."""
    m = util.asarray(m, "flip")
    axes = tuple(range(m.ndim)) if axis is None else util.canonical_axes("flip", axis, m.ndim)
    return lax_shapes.rev(m, axes) if axes else m


def fliplr(m: ArrayLike) -> Any:
    """NumPy's ``fliplr``: reverse axis 1 (needs at least 2 dimensions)."""
    m = util.asarray(m, "fliplr")
    if m.ndim < 2:
        raise ValueError(f"fliplr: input must be >= 2-d, got shape {m.shape}")
    return lax_shapes.rev(m, (1,))


def flipud(m: ArrayLike) -> Any:
    """NumPy's ``flipud``: reverse axis 0 (needs at least 1 dimension)."""
    m = util.asarray(m, "flipud")
    if m.ndim < 1:
        raise ValueError(f"flipud: input must be >= 1-d, got shape {m.shape}")
    return lax_shapes.rev(m, (0,))


def _atleast(name: str, arys: tuple, shape_of: Any) -> Any:
    outs = []
    for a in arys:
        a = util.asarray(a, name)
        new = shape_of(a.shape)
        outs.append(a if new == a.shape else lax_shapes.reshape(a, new))
    if len(outs) == 1:
        return outs[0]
    return tuple(outs)


def atleast_1d(*arys: ArrayLike) -> Any:
    """NumPy's ``atleast_1d``: 0-d inputs become shape (1,); a tuple for several inputs."""
    return _atleast("atleast_1d", arys, lambda s: s if len(s) >= 1 else (1,))


def atleast_2d(*arys: ArrayLike) -> Any:
    """NumPy's ``atleast_2d``: 0-d → (1, 1), (N,) → (1, N)."""
    return _atleast("atleast_2d", arys, lambda s: s if len(s) >= 2 else (1,) * (2 - len(s)) + s)


def atleast_3d(*arys: ArrayLike) -> Any:
    """NumPy's ``atleast_3d``: 0-d → (1, 1, 1), (N,) → (1, N, 1), (M, N) → (M, N, 1)."""

    def shape_of(s: tuple) -> tuple:
        if len(s) == 0:
            return (1, 1, 1)
        if len(s) == 1:
            return (1, s[0], 1)
        if len(s) == 2:
            return (*s, 1)
        return s

    return _atleast("atleast_3d", arys, shape_of)


def _roll_axis(a: Any, shift: Any, axis: int) -> Any:
    n = a.shape[axis]
    if n == 0:
        return a
    static = indexing._concrete_value(shift)
    if static is not None:
        s = int(static) % n
        if s == 0:
            return a
        head = lax_slicing.slice_in_dim(a, n - s, n, axis=axis)
        tail = lax_slicing.slice_in_dim(a, 0, n - s, axis=axis)
        return lax_shapes.concatenate([head, tail], axis)
    # A traced shift: the window of length n starting at n - (shift mod n) of [a, a].
    dt = shift.dtype
    s = lax.rem(shift, lax_utils.full((), n, dt))
    s = lax.select(lax.lt(s, lax_utils.full((), 0, dt)), lax.add(s, lax_utils.full((), n, dt)), s)
    start = lax.sub(lax_utils.full((), n, dt), s)
    doubled = lax_shapes.concatenate([a, a], axis)
    return lax_slicing.dynamic_slice_in_dim(doubled, start, n, axis=axis)


def roll(a: ArrayLike, shift: Any, axis: Any = None) -> Any:
    """NumPy's ``roll``: elements shifted cyclically along ``axis`` (the flattened array for
    None); ``shift`` and ``axis`` may be tuples (broadcast together), and ``shift`` traced."""
    a = util.asarray(a, "roll")
    if axis is None:
        flat = lax_shapes.reshape(a, (a.size,))
        return lax_shapes.reshape(roll(flat, shift, 0), a.shape)
    axes = onp.atleast_1d(onp.asarray(axis, dtype=object))
    if isinstance(shift, tuple | list):
        shifts = [util.asarray(s, "roll") for s in shift]
    else:
        shift = util.asarray(shift, "roll")
        shifts = [shift] if shift.ndim == 0 else [shift[i] for i in range(shift.shape[0])]
    if len(shifts) != len(axes) and 1 not in (len(shifts), len(axes)):
        raise ValueError(f"roll: 'shift' and 'axis' should be scalars or 1D sequences of the "
                         f"same length (got {len(shifts)} shifts, {len(axes)} axes)")  # fmt: skip
    n = builtins.max(len(shifts), len(axes))
    shifts = shifts * n if len(shifts) == 1 else shifts
    axes = list(axes) * n if len(axes) == 1 else list(axes)
    for s, ax in zip(shifts, axes, strict=True):
        if dtypes.kind(s.dtype) not in "iu":
            raise TypeError(f"roll: shift must be integers, got {s.dtype}")
        ax = util.canonical_axes("roll", int(ax), a.ndim)[0]
        a = _roll_axis(a, s, ax)
    return a


def rollaxis(a: ArrayLike, axis: int, start: int = 0) -> Any:
    """NumPy's ``rollaxis``: move ``axis`` to before position ``start`` (prefer moveaxis)."""
    a = util.asarray(a, "rollaxis")
    n = a.ndim
    ax = util.canonical_axes("rollaxis", axis, n)[0]
    start = operator.index(start)
    if start < 0:
        start += n
    if not 0 <= start < n + 1:
        raise onp.exceptions.AxisError(
            f"'start' arg requires {-n} <= start < {n + 1}, but {start} was passed in")
    if ax < start:
        start -= 1
    order = [i for i in range(n) if i != ax]
    order.insert(start, ax)
    return lax_shapes.transpose(a, order) if order != list(range(n)) else a


def rot90(m: ArrayLike, k: int = 1, axes: Any = (0, 1)) -> Any:
    """NumPy's ``rot90``: rotate by 90 degrees ``k`` times in the plane of ``axes``, from the
    first axis towards the second."""
    m = util.asarray(m, "rot90")
    axes = tuple(axes)
    if len(axes) != 2:
        raise ValueError("len(axes) must be 2.")
    if axes[0] == axes[1] or abs(axes[0] - axes[1]) == m.ndim:
        raise ValueError("Axes must be different.")
    if not (-m.ndim <= axes[0] < m.ndim and -m.ndim <= axes[1] < m.ndim):
        raise ValueError(f"Axes={axes} out of range for array of ndim={m.ndim}.")
    k = operator.index(k) % 4
    a0, a1 = (ax % m.ndim for ax in axes)
    if k == 0:
        return m
    if k == 2:
        return lax_shapes.rev(m, (a0, a1))
    perm = list(range(m.ndim))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return lax_shapes.transpose(lax_shapes.rev(m, (a1,)), perm)
    return lax_shapes.rev(lax_shapes.transpose(m, perm), (a1,))
