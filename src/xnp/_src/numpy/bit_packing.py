"""NumPy's ``packbits`` and ``unpackbits``: booleans (or nonzero integers) packed eight to a
``uint8`` along an axis, big- or little-endian within each byte, and back."""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.numpy import creation, lax_numpy, reductions, ufuncs, util

ArrayLike = Any


def _bitorder(name: str, bitorder: str) -> bool:
    if bitorder not in ("big", "little"):
        raise ValueError(f"{name}: 'order' must be either 'little' or 'big' (got {bitorder!r})")
    return bitorder == "big"


def _axis(name: str, a: Any, axis: Any) -> tuple[Any, int]:
    """(``a`` with the axis to work along, that axis): flattened for None; 0-d is 1-d."""
    if a.ndim == 0:
        if axis is not None:
            raise onp.exceptions.AxisError(
                f"{name}: axis {axis} is out of bounds for array of dimension 0"
            )
        a = lax_numpy.reshape(a, (1,))
    if axis is None:
        return lax_numpy.ravel(a), 0
    return a, util.canonical_axes(name, operator.index(axis), a.ndim)[0]


def packbits(a: ArrayLike, /, axis: int | None = None, bitorder: str = "big") -> Any:
    """NumPy's ``packbits``: each group of eight elements along ``axis`` (the flattened array
    for ``None``) becomes one ``uint8``, nonzero elements giving 1 bits; the last group is
    padded with zeros."""
    a = util.asarray(a, "packbits")
    if dtypes.kind(a.dtype) not in "biu":
        raise TypeError(
            f"packbits: expected an input array of integer or boolean data type (got {a.dtype})"
        )
    big = _bitorder("packbits", bitorder)
    a, ax = _axis("packbits", a, axis)
    bits = ufuncs.not_equal(a, 0).astype(onp.uint8)
    bits = lax_numpy.moveaxis(bits, ax, -1)
    n = bits.shape[-1]
    groups = -(-n // 8)
    if groups * 8 != n:
        pad = creation.zeros((*bits.shape[:-1], groups * 8 - n), onp.uint8)
        bits = lax_numpy.concatenate([bits, pad], axis=-1)
    bits = lax_numpy.reshape(bits, (*bits.shape[:-1], groups, 8))
    weights = onp.array(
        [128, 64, 32, 16, 8, 4, 2, 1] if big else [1, 2, 4, 8, 16, 32, 64, 128], onp.uint8
    )
    out = reductions.sum(bits * weights, axis=-1, dtype=onp.uint8)
    return lax_numpy.moveaxis(out, -1, ax)


def unpackbits(
    a: ArrayLike, /, axis: int | None = None, count: int | None = None, bitorder: str = "big"
) -> Any:
    """NumPy's ``unpackbits``: each ``uint8`` along ``axis`` (the flattened array for
    ``None``) becomes eight 0/1 ``uint8`` elements; ``count`` keeps that many (padding with
    zeros past the end, or dropping ``-count`` from the end when negative)."""
    a = util.asarray(a, "unpackbits")
    if a.dtype != onp.uint8:
        raise TypeError(
            f"unpackbits: expected an input array of unsigned byte data type (got {a.dtype})"
        )
    big = _bitorder("unpackbits", bitorder)
    a, ax = _axis("unpackbits", a, axis)
    x = lax_numpy.moveaxis(a, ax, -1)
    shifts = onp.array([7, 6, 5, 4, 3, 2, 1, 0] if big else [0, 1, 2, 3, 4, 5, 6, 7], onp.uint8)
    bits = ufuncs.bitwise_and(ufuncs.right_shift(x[..., None], shifts), onp.uint8(1))
    bits = lax_numpy.reshape(bits, (*x.shape[:-1], x.shape[-1] * 8))
    total = bits.shape[-1]
    if count is not None:
        count = operator.index(count)
        keep = count if count >= 0 else max(total + count, 0)
        if keep <= total:
            bits = bits[..., :keep]
        else:
            pad = creation.zeros((*bits.shape[:-1], keep - total), onp.uint8)
            bits = lax_numpy.concatenate([bits, pad], axis=-1)
    return lax_numpy.moveaxis(bits, -1, ax)
