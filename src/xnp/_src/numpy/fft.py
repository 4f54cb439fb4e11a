"""``xnp.fft``: NumPy's ``numpy.fft`` over the ``fft`` primitive (``lax/fft.py``).

Signatures, normalizations (``norm=`` ``"backward"``, ``"ortho"``, ``"forward"``), the
zero-padding/cropping of ``n=``/``s=`` and the result dtypes follow NumPy 2: float32 (and
float16/bfloat16) input gives complex64, float64 and integer or bool input give the default
complex dtype (complex128 with x64). Transforms over more than 3 axes are done as several
primitive ops (the StableHLO op handles at most 3). Every function works under ``jit``,
``vmap`` and the derivative transformations. ``out=`` is accepted only as ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import elementwise as ew
from xnp._src.lax import fft as lax_fft
from xnp._src.lax import shapes, slicing, utils
from xnp._src.numpy import util as np_util
from xnp._src.typing import Array, ArrayLike

_NORMS = (None, "backward", "ortho", "forward")


# ----------------------------------------------------------------------------- arguments


def _check_norm(norm: str | None) -> str:
    if norm not in _NORMS:
        raise ValueError(f'Invalid norm value {norm}; should be "backward","ortho" or "forward".')
    return "backward" if norm is None else norm


def _check_out(name: str, out: Any) -> None:
    if out is not None:
        raise NotImplementedError(f"xnp.fft.{name}: out= is not supported (arrays are immutable)")


def _complex_for(dt: onp.dtype) -> onp.dtype:
    if dtypes.kind(dt) == "c":
        return onp.dtype(dt)
    if dtypes.kind(dt) == "f" and onp.dtype(dt).itemsize <= 4:
        return onp.dtype("complex64")
    return onp.dtype(dtypes.complex_())


def _as_complex(name: str, a: Any) -> Any:
    a = np_util.asarray(a, name)
    dt = _complex_for(a.dtype)
    if a.dtype != dt or a.aval.weak_type:
        a = shapes.convert_element_type(a, dt)
    return a


def _as_real(name: str, a: Any) -> Any:
    a = np_util.asarray(a, name)
    if dtypes.kind(a.dtype) == "c":
        raise TypeError(f"xnp.fft.{name}: expected real input, got dtype {a.dtype.name}")
    dt = onp.dtype(onp.finfo(_complex_for(a.dtype)).dtype)
    if a.dtype != dt or a.aval.weak_type:
        a = shapes.convert_element_type(a, dt)
    return a


def _axis(name: str, axis: Any, ndim: int) -> int:
    ax = int(axis)
    if not -ndim <= ax < ndim:
        raise onp.exceptions.AxisError(ax, ndim, f"xnp.fft.{name}")
    return ax % ndim


def _points(name: str, n: Any) -> int:
    n = int(n)
    if n < 1:
        raise ValueError(f"Invalid number of FFT data points ({n}) specified (xnp.fft.{name}).")
    return n


def _resize(a: Any, axis: int, n: int) -> Any:
    """Crop or zero-pad ``a`` along ``axis`` to length ``n``."""
    shape = core.get_aval(a).shape
    m = shape[axis]
    if n == m:
        return a
    if n < m:
        limits = list(shape)
        limits[axis] = n
        return slicing.slice(a, [0] * len(shape), limits)
    cfg = [(0, 0, 0)] * len(shape)
    cfg[axis] = (0, n - m, 0)
    return shapes.pad(a, utils.full((), 0, core.get_aval(a).dtype), cfg)


def _scale(a: Any, factor: float) -> Any:
    if factor == 1:
        return a
    aval = core.get_aval(a)
    return ew.mul(a, utils.full(aval.shape, factor, aval.dtype))


def _norm_factor(norm: str, size: int, inverse: bool) -> float:
    """The factor to apply on top of the primitive (whose inverses divide by ``size``)."""
    if norm == "backward":
        return 1.0
    if norm == "ortho":
        return math.sqrt(size) if inverse else 1 / math.sqrt(size)
    return float(size) if inverse else 1 / size  # "forward"


def _apply(a: Any, fft_type: str, axes: Sequence[int]) -> Any:
    """The primitive's ``fft_type`` over ``axes`` (at most 3, the real axis last), moving them
    to the end and back."""
    nd = core.get_aval(a).ndim
    axes = list(axes)
    rest = [i for i in range(nd) if i not in axes]
    perm = rest + axes
    moved = a if perm == list(range(nd)) else shapes.transpose(a, perm)
    shape = core.get_aval(moved).shape
    lengths = list(shape[len(rest):])
    if fft_type == "IRFFT":
        raise AssertionError("use _apply_irfft")
    out = lax_fft.fft(moved, fft_type, lengths)
    inv = [0] * nd
    for i, p in enumerate(perm):
        inv[p] = i
    return out if perm == list(range(nd)) else shapes.transpose(out, inv)


def _apply_irfft(a: Any, axes: Sequence[int], n_last: int) -> Any:
    nd = core.get_aval(a).ndim
    axes = list(axes)
    rest = [i for i in range(nd) if i not in axes]
    perm = rest + axes
    moved = a if perm == list(range(nd)) else shapes.transpose(a, perm)
    shape = core.get_aval(moved).shape
    lengths = [*shape[len(rest):-1], n_last]
    out = lax_fft.fft(moved, "IRFFT", lengths)
    inv = [0] * nd
    for i, p in enumerate(perm):
        inv[p] = i
    return out if perm == list(range(nd)) else shapes.transpose(out, inv)


def _c2c(a: Any, axes: Sequence[int], inverse: bool) -> Any:
    """Complex transforms over distinct ``axes`` (already resized), 3 axes per op."""
    fft_type = "IFFT" if inverse else "FFT"
    axes = list(axes)
    while axes:
        chunk, axes = axes[-3:], axes[:-3]
        a = _apply(a, fft_type, chunk)
    return a


# ----------------------------------------------------------------------------- 1-D


def _fft1(name: str, a: ArrayLike, n: Any, axis: int, norm: Any, inverse: bool) -> Array:
    norm = _check_norm(norm)
    a = _as_complex(name, a)
    ax = _axis(name, axis, core.get_aval(a).ndim)
    n = _points(name, core.get_aval(a).shape[ax] if n is None else n)
    a = _resize(a, ax, n)
    out = _apply(a, "IFFT" if inverse else "FFT", [ax])
    return _scale(out, _norm_factor(norm, n, inverse))


def fft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
        out: Any = None) -> Array:  # fmt: skip
    """The 1-D discrete Fourier transform (``numpy.fft.fft``)."""
    _check_out("fft", out)
    return _fft1("fft", a, n, axis, norm, False)


def ifft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
         out: Any = None) -> Array:  # fmt: skip
    """The 1-D inverse discrete Fourier transform (``numpy.fft.ifft``)."""
    _check_out("ifft", out)
    return _fft1("ifft", a, n, axis, norm, True)


def _rfft1(name: str, a: ArrayLike, n: Any, axis: int, norm: Any) -> Array:
    norm = _check_norm(norm)
    a = _as_real(name, a)
    ax = _axis(name, axis, core.get_aval(a).ndim)
    n = _points(name, core.get_aval(a).shape[ax] if n is None else n)
    a = _resize(a, ax, n)
    return _scale(_apply(a, "RFFT", [ax]), _norm_factor(norm, n, False))


def _irfft1(name: str, a: ArrayLike, n: Any, axis: int, norm: Any) -> Array:
    norm = _check_norm(norm)
    a = _as_complex(name, a)
    ax = _axis(name, axis, core.get_aval(a).ndim)
    n = _points(name, 2 * (core.get_aval(a).shape[ax] - 1) if n is None else n)
    a = _resize(a, ax, n // 2 + 1)
    return _scale(_apply_irfft(a, [ax], n), _norm_factor(norm, n, True))


def rfft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
         out: Any = None) -> Array:  # fmt: skip
    """The 1-D transform of real input, the ``n // 2 + 1`` non-negative frequencies."""
    _check_out("rfft", out)
    return _rfft1("rfft", a, n, axis, norm)


def irfft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
          out: Any = None) -> Array:  # fmt: skip
    """The inverse of ``rfft``: real output of length ``n`` (default ``2 * (m - 1)``)."""
    _check_out("irfft", out)
    return _irfft1("irfft", a, n, axis, norm)


_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def hfft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
         out: Any = None) -> Array:  # fmt: skip
    """The transform of a Hermitian-symmetric signal given by its first half: real output."""
    _check_out("hfft", out)
    norm = _check_norm(norm)
    a = _as_complex("hfft", a)
    return _irfft1("hfft", ew.conj(a), n, axis, _SWAP[norm])


def ihfft(a: ArrayLike, n: int | None = None, axis: int = -1, norm: str | None = None,
          out: Any = None) -> Array:  # fmt: skip
    """The inverse of ``hfft``: the first half of the Hermitian spectrum of real input."""
    _check_out("ihfft", out)
    norm = _check_norm(norm)
    return ew.conj(_rfft1("ihfft", a, n, axis, _SWAP[norm]))


# ----------------------------------------------------------------------------- n-D


def _axes_and_lengths(name: str, a: Any, s: Any, axes: Any, real_inverse: bool = False,
                      ) -> tuple[list[int], list[int | None]]:  # fmt: skip
    nd = core.get_aval(a).ndim
    if axes is None:
        if s is None:
            axes = list(range(nd))
        else:
            axes = list(range(nd - len(s), nd))
    else:
        axes = [axes] if isinstance(axes, int) else list(axes)
    axes = [_axis(name, ax, nd) for ax in axes]
    if s is None:
        lengths: list[int | None] = [None] * len(axes)
    else:
        s = list(s)
        if len(s) != len(axes):
            raise ValueError(f"xnp.fft.{name}: shape and axes have different lengths: s={s}, "
                             f"axes={axes}")  # fmt: skip
        lengths = [None if int(n) == -1 else int(n) for n in s]
    return axes, lengths


def _fftn(name: str, a: ArrayLike, s: Any, axes: Any, norm: Any, inverse: bool) -> Array:
    norm = _check_norm(norm)
    a = _as_complex(name, a)
    axes, lengths = _axes_and_lengths(name, a, s, axes)
    if not axes:
        return a
    shape = core.get_aval(a).shape
    ns = [shape[ax] if n is None else _points(name, n) for ax, n in zip(axes, lengths, strict=True)]
    for n in ns:
        _points(name, n)
    if len(set(axes)) != len(axes):
        # Repeated axes transform repeatedly, as NumPy's loop over them (last first).
        for ax, n in reversed(list(zip(axes, ns, strict=True))):
            a = _apply(_resize(a, ax, n), "IFFT" if inverse else "FFT", [ax])
    else:
        for ax, n in zip(axes, ns, strict=True):
            a = _resize(a, ax, n)
        a = _c2c(a, axes, inverse)
    return _scale(a, _norm_factor(norm, math.prod(ns), inverse))


def fftn(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
         norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The n-D discrete Fourier transform over ``axes`` (default all), sizes ``s``."""
    _check_out("fftn", out)
    return _fftn("fftn", a, s, axes, norm, False)


def ifftn(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The n-D inverse discrete Fourier transform."""
    _check_out("ifftn", out)
    return _fftn("ifftn", a, s, axes, norm, True)


def fft2(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1),
         norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The 2-D discrete Fourier transform (``fftn`` over ``axes=(-2, -1)``)."""
    _check_out("fft2", out)
    return _fftn("fft2", a, s, axes, norm, False)


def ifft2(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1),
          norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The 2-D inverse discrete Fourier transform."""
    _check_out("ifft2", out)
    return _fftn("ifft2", a, s, axes, norm, True)


def _distinct(name: str, axes: list[int]) -> None:
    if len(set(axes)) != len(axes):
        raise ValueError(f"xnp.fft.{name}: repeated axes {axes} are not supported")


def _real_prologue(name: str, a: Any, s: Any, axes: Any, norm: Any) -> tuple:
    """What rfftn and irfftn check first: the norm, distinct non-empty axes, their lengths."""
    axes, lengths = _axes_and_lengths(name, a, s, axes)
    if not axes:
        raise ValueError(f"xnp.fft.{name}: at least one axis is needed")
    _distinct(name, axes)
    return _check_norm(norm), a, axes, lengths, core.get_aval(a).shape


def _rfftn(name: str, a: ArrayLike, s: Any, axes: Any, norm: Any) -> Array:
    norm, a, axes, lengths, shape = _real_prologue(name, _as_real(name, a), s, axes, norm)
    ns = [_points(name, shape[ax] if n is None else n) for ax, n in zip(axes, lengths, strict=True)]
    for ax, n in zip(axes, ns, strict=True):
        a = _resize(a, ax, n)
    last3, rest = axes[-3:], axes[:-3]
    a = _apply(a, "RFFT", last3)
    a = _c2c(a, rest, False)
    return _scale(a, _norm_factor(norm, math.prod(ns), False))


def _irfftn(name: str, a: ArrayLike, s: Any, axes: Any, norm: Any) -> Array:
    norm, a, axes, lengths, shape = _real_prologue(name, _as_complex(name, a), s, axes, norm)
    ns = [shape[ax] if n is None else n for ax, n in zip(axes[:-1], lengths[:-1], strict=True)]
    last = 2 * (shape[axes[-1]] - 1) if lengths[-1] is None else lengths[-1]
    ns = [_points(name, n) for n in [*ns, last]]
    for ax, n in zip(axes[:-1], ns[:-1], strict=True):
        a = _resize(a, ax, n)
    a = _resize(a, axes[-1], ns[-1] // 2 + 1)
    last3, rest = axes[-3:], axes[:-3]
    a = _c2c(a, rest, True)
    a = _apply_irfft(a, last3, ns[-1])
    return _scale(a, _norm_factor(norm, math.prod(ns), True))


def rfftn(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The n-D transform of real input (the last axis halved)."""
    _check_out("rfftn", out)
    return _rfftn("rfftn", a, s, axes, norm)


def irfftn(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
           norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The inverse of ``rfftn``."""
    _check_out("irfftn", out)
    return _irfftn("irfftn", a, s, axes, norm)


def rfft2(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1),
          norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The 2-D transform of real input."""
    _check_out("rfft2", out)
    return _rfftn("rfft2", a, s, axes, norm)


def irfft2(a: ArrayLike, s: Sequence[int] | None = None, axes: Sequence[int] = (-2, -1),
           norm: str | None = None, out: Any = None) -> Array:  # fmt: skip
    """The inverse of ``rfft2``."""
    _check_out("irfft2", out)
    return _irfftn("irfft2", a, s, axes, norm)


# ----------------------------------------------------------------------------- helpers


def _freq_dtype(dtype: Any) -> onp.dtype:
    return onp.dtype(dtypes.float_()) if dtype is None else dtypes.canonicalize_dtype(dtype)


def _times_inverse(k: Any, n: int, d: Any, dt: onp.dtype) -> Any:
    """``k * (1 / (n * d))``, as NumPy computes the frequencies."""
    shape = core.get_aval(k).shape
    if isinstance(d, int | float):
        return ew.mul(k, utils.full(shape, 1.0 / (n * d), dt))
    d = shapes.convert_element_type(np_util.asarray(d, "fftfreq"), dt)
    if core.get_aval(d).ndim:
        raise ValueError(f"xnp.fft.fftfreq: d must be a scalar, got shape {core.get_aval(d).shape}")
    val = ew.div(utils.full((), 1, dt), ew.mul(utils.full((), n, dt), d))
    return ew.mul(k, shapes.broadcast_in_dim(val, shape, ()))


def fftfreq(n: int, d: Any = 1.0, device: Any = None, *, dtype: Any = None) -> Array:
    """The sample frequencies ``[0, 1, ..., ceil(n/2)-1, -floor(n/2), ..., -1] / (d * n)``."""
    n = int(n)
    if n < 1:
        raise ValueError(f"xnp.fft.fftfreq: n must be positive, got {n}")
    dt = _freq_dtype(dtype)
    i32 = onp.dtype("int32")
    k = shapes.broadcasted_iota(i32, (n,), 0)
    half = (n - 1) // 2 + 1
    wrapped = ew.select(ew.lt(k, utils.full((n,), half, i32)), k,
                        ew.sub(k, utils.full((n,), n, i32)))  # fmt: skip
    return _times_inverse(shapes.convert_element_type(wrapped, dt), n, d, dt)


def rfftfreq(n: int, d: Any = 1.0, device: Any = None, *, dtype: Any = None) -> Array:
    """The non-negative sample frequencies ``[0, 1, ..., n // 2] / (d * n)``."""
    n = int(n)
    if n < 1:
        raise ValueError(f"xnp.fft.rfftfreq: n must be positive, got {n}")
    dt = _freq_dtype(dtype)
    k = shapes.broadcasted_iota(onp.dtype("int32"), (n // 2 + 1,), 0)
    return _times_inverse(shapes.convert_element_type(k, dt), n, d, dt)


def _shift(name: str, x: ArrayLike, axes: Any, inverse: bool) -> Array:
    x = np_util.asarray(x, name)
    shape = core.get_aval(x).shape
    nd = len(shape)
    if axes is None:
        axes = list(range(nd))
    elif isinstance(axes, int):
        axes = [axes]
    for ax in axes:
        ax = _axis(name, ax, nd)
        n = shape[ax]
        k = (n + 1) // 2 if inverse else n // 2
        k = n - k  # rotate right by n//2 (fftshift) is a split at n - n//2
        if n == 0 or k % n == 0:
            continue
        lo = list(shape)
        lo[ax] = k
        start = [0] * nd
        start[ax] = k
        head = slicing.slice(x, [0] * nd, lo)
        tail = slicing.slice(x, start, list(shape))
        x = shapes.concatenate([tail, head], ax)
    return x


def fftshift(x: ArrayLike, axes: int | Sequence[int] | None = None) -> Array:
    """Shift the zero frequency to the center (``numpy.fft.fftshift``)."""
    return _shift("fftshift", x, axes, False)


def ifftshift(x: ArrayLike, axes: int | Sequence[int] | None = None) -> Array:
    """The inverse of ``fftshift``."""
    return _shift("ifftshift", x, axes, True)
