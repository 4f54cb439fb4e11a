"""NumPy's rearranging functions: flips and ``atleast_*d``."""

from __future__ import annotations

from typing import Any

from xnp._src.lax import shapes as lax_shapes
from xnp._src.numpy import util
from xnp._src.typing import ArrayLike


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
