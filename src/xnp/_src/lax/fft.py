"""The ``fft`` primitive: discrete Fourier transforms over the trailing axes (StableHLO ``fft``).

``fft_p.bind(x, fft_type=..., fft_lengths=(...))`` transforms the last ``len(fft_lengths)``
axes (1 to 3) of ``x``:

- ``FFT`` / ``IFFT``: complex to complex, same shape (``IFFT`` divides by the transform size).
- ``RFFT``: real to complex, the last axis ``n`` becomes ``n // 2 + 1``.
- ``IRFFT``: complex to real, the last axis becomes ``fft_lengths[-1]`` (the input's last axis
  must be ``fft_lengths[-1] // 2 + 1``); divides by the transform size.

Every type is linear, so the jvp applies the transform to the tangent. The transposes, in
xnp's convention for complex values (the one of ``real``/``imag``/``convert_element_type``):
FFT and IFFT are symmetric matrices, so each is its own transpose; RFFT is ``slice . FFT .
to_complex`` whose transpose is ``real . FFT . zero_pad``; IRFFT's is an RFFT with the
doubled interior bins and the ``1 / size`` scale, conjugated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import elementwise as ew
from xnp._src.lax import shapes, utils

hlo, ir = mlir.hlo, mlir.ir

FFT_TYPES = ("FFT", "IFFT", "RFFT", "IRFFT")
_COMPLEX = {onp.dtype("float32"): onp.dtype("complex64"),
            onp.dtype("float64"): onp.dtype("complex128")}  # fmt: skip
_REAL = {v: k for k, v in _COMPLEX.items()}


def _fft_abstract_eval(x: core.ShapedArray, *, fft_type: str,
                       fft_lengths: tuple[int, ...]) -> core.ShapedArray:  # fmt: skip
    if fft_type not in FFT_TYPES:
        raise ValueError(f"fft: fft_type must be one of {FFT_TYPES}, got {fft_type!r}")
    k = len(fft_lengths)
    if not 1 <= k <= 3:
        raise ValueError(f"fft: transforms 1 to 3 trailing axes, got fft_lengths={fft_lengths}")
    if x.ndim < k:
        raise ValueError(f"fft: operand of shape {x.shape} has fewer than {k} axes")
    if any(n < 1 for n in fft_lengths):
        raise ValueError(f"fft: fft_lengths must be positive, got {fft_lengths}")
    dt = onp.dtype(x.dtype)
    lead, tail = x.shape[:-k], x.shape[-k:]
    if fft_type == "RFFT":
        if dt not in _COMPLEX:
            raise TypeError(f"fft: RFFT takes float32 or float64, got {dt.name}")
        if tail != tuple(fft_lengths):
            raise ValueError(f"fft: RFFT of lengths {fft_lengths} got trailing axes {tail}")
        return core.ShapedArray((*lead, *tail[:-1], fft_lengths[-1] // 2 + 1), _COMPLEX[dt])
    if dt not in _REAL:
        raise TypeError(f"fft: {fft_type} takes complex64 or complex128, got {dt.name}")
    if fft_type == "IRFFT":
        want = (*fft_lengths[:-1], fft_lengths[-1] // 2 + 1)
        if tail != want:
            raise ValueError(f"fft: IRFFT of lengths {fft_lengths} needs trailing axes {want}, "
                             f"got {tail}")  # fmt: skip
        return core.ShapedArray((*lead, *fft_lengths), _REAL[dt])
    if tail != tuple(fft_lengths):
        raise ValueError(f"fft: {fft_type} of lengths {fft_lengths} got trailing axes {tail}")
    return core.ShapedArray(x.shape, dt)


def _fft_lowering(ctx, x, *, fft_type, fft_lengths):  # noqa: ANN001, ANN202
    (out,) = ctx.avals_out
    if any(d == 0 for d in out.shape) or any(d == 0 for d in ctx.avals_in[0].shape):
        return mlir.full_like_aval(out, 0)
    return hlo.fft(x, hlo.FftTypeAttr.get(fft_type), list(fft_lengths))


fft_p = utils.standard_primitive("fft", _fft_abstract_eval, _fft_lowering)


def fft(x: Any, fft_type: str, fft_lengths: Sequence[int]) -> Any:
    """The ``fft_type`` transform of ``x``'s last ``len(fft_lengths)`` axes (see the module)."""
    return fft_p.bind(utils.asarray(x), fft_type=str(fft_type),
                      fft_lengths=tuple(int(n) for n in fft_lengths))  # fmt: skip


# ----------------------------------------------------------------------------- transposes


def _rfft_transpose(ct: Any, fft_lengths: tuple[int, ...]) -> Any:
    shape = core.get_aval(ct).shape
    nd = len(shape)
    n = fft_lengths[-1]
    pad_cfg = [(0, 0, 0)] * (nd - 1) + [(0, n - shape[-1], 0)]
    full = shapes.pad(ct, utils.full((), 0, core.get_aval(ct).dtype), pad_cfg)
    return ew.real(fft(full, "FFT", fft_lengths))


def _irfft_transpose(ct: Any, fft_lengths: tuple[int, ...]) -> Any:
    x = fft(ct, "RFFT", fft_lengths)
    aval = core.get_aval(x)
    m, n = aval.shape[-1], fft_lengths[-1]
    # Bins 1 .. ceil(n/2)-1 stand for two (conjugate) bins of the full spectrum.
    i32 = onp.dtype("int32")
    idx = shapes.broadcasted_iota(i32, aval.shape, aval.ndim - 1)
    last = m - 1 if n % 2 == 0 else m
    twice = ew.bitwise_and(ew.gt(idx, utils.full(aval.shape, 0, i32)),
                           ew.lt(idx, utils.full(aval.shape, last, i32)))  # fmt: skip
    scale = 1.0 / math.prod(fft_lengths)
    factor = ew.select(twice, utils.full(aval.shape, 2 * scale, aval.dtype),
                       utils.full(aval.shape, scale, aval.dtype))  # fmt: skip
    return ew.conj(ew.mul(factor, x))


def _fft_transpose(ct: Any, x: Any, *, fft_type: str, fft_lengths: tuple[int, ...]) -> list:
    if type(ct) is ad.Zero:
        return [ad.Zero(x.aval)]
    if fft_type == "RFFT":
        return [_rfft_transpose(ct, fft_lengths)]
    if fft_type == "IRFFT":
        return [_irfft_transpose(ct, fft_lengths)]
    return [fft(ct, fft_type, fft_lengths)]


ad.deflinear(fft_p, _fft_transpose)


def _fft_batch(vals: list, dims: list, **params: Any) -> tuple[Any, int]:
    (x,), (d,) = vals, dims
    return fft_p.bind(batching.moveaxis(x, d, 0), **params), 0


batching.batch_rules[fft_p] = _fft_batch

