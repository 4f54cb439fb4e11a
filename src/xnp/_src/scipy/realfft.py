"""``scipy.fft``'s real trigonometric transforms: ``dct``/``idct``/``dst``/``idst`` of types
1-4 and their n-D versions, each written as one FFT of length ``2(N-1)``, ``2N`` or
``2(N+1)`` with twiddle factors (so they are differentiable, batched and jittable like the
FFT they are made of).

Unnormalized definitions (SciPy's, ``norm="backward"``), for ``k = 0 .. N-1``:

- DCT-I   ``x0 + (-1)^k x[N-1] + 2 sum_{n=1}^{N-2} x[n] cos(pi k n / (N-1))``
- DCT-II  ``2 sum x[n] cos(pi k (2n+1) / 2N)``
- DCT-III ``x0 + 2 sum_{n>=1} x[n] cos(pi n (2k+1) / 2N)``
- DCT-IV  ``2 sum x[n] cos(pi (2n+1) (2k+1) / 4N)``
- DST-I   ``2 sum x[n] sin(pi (k+1) (n+1) / (N+1))``
- DST-II  ``2 sum x[n] sin(pi (k+1) (2n+1) / 2N)``
- DST-III ``(-1)^k x[N-1] + 2 sum_{n<N-1} x[n] sin(pi (2k+1) (n+1) / 2N)``
- DST-IV  ``2 sum x[n] sin(pi (2n+1) (2k+1) / 4N)``

``norm="forward"`` divides by ``2(N-1)`` (DCT-I), ``2(N+1)`` (DST-I) or ``2N``;
``"ortho"`` by the square root of that, and with ``orthogonalize`` (the default under
``"ortho"``) rescales the first/last input or output element by ``sqrt(2)`` so the matrix is
orthonormal. The inverse of type t is the transform of type 1, 3, 2, 4 (for t = 1, 2, 3, 4)
with ``"backward"`` and ``"forward"`` swapped. Complex input is transformed as its real and
imaginary parts.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import elementwise as ew
from xnp._src.lax import shapes, slicing, utils
from xnp._src.numpy import fft as np_fft
from xnp._src.numpy import util as np_util

Array = Any
ArrayLike = Any

_INVERSE_TYPE = {1: 1, 2: 3, 3: 2, 4: 4}
_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _real_dtype(x: Any) -> onp.dtype:
    return core.get_aval(x).dtype


def _const(values: onp.ndarray, dt: onp.dtype) -> Any:
    return np_util.asarray(onp.asarray(values, dtype=dt))


def _bcast(v: onp.ndarray, x: Any, dt: onp.dtype) -> Any:
    """The 1-D table ``v`` along the last axis of ``x``'s shape."""
    s = _shape(x)
    return shapes.broadcast_in_dim(_const(v, dt), s, (len(s) - 1,))


def _last(x: Any, start: int, stop: int) -> Any:
    return slicing.slice_in_dim(x, start, stop, axis=len(_shape(x)) - 1)


def _mul_table(x: Any, v: onp.ndarray) -> Any:
    dt = core.get_aval(x).dtype
    return ew.mul(x, _bcast(v, x, dt))


def _pad_front(x: Any) -> Any:
    """One zero before the first element of the last axis."""
    nd = len(_shape(x))
    zero = utils.full((), 0, core.get_aval(x).dtype)
    return shapes.pad(x, zero, [(0, 0, 0)] * (nd - 1) + [(1, 0, 0)])


def _forward_fft(z: Any, length: int) -> Any:
    """``sum_n z[n] exp(-2 pi i k n / length)`` over the last axis (zero-padded)."""
    return np_fft.fft(z, n=length, axis=-1)


def _backward_fft(z: Any, length: int) -> Any:
    """``sum_n z[n] exp(+2 pi i k n / length)`` (an unscaled inverse FFT)."""
    return np_fft.ifft(z, n=length, axis=-1, norm="forward")


def _raw(x: Any, kind: str, t: int) -> Any:
    """The unnormalized transform of real ``x`` over its last axis."""
    n = _shape(x)[-1]
    rdt = _real_dtype(x)
    cdt = onp.dtype(onp.result_type(rdt, onp.complex64))
    idx = onp.arange(n, dtype=onp.float64)
    if kind == "dct" and t == 1:
        w = onp.full(n, 2.0)
        w[0] = w[-1] = 1.0
        return ew.real(_last(np_fft.rfft(_mul_table(x, w), n=2 * (n - 1), axis=-1), 0, n))
    if kind == "dst" and t == 1:
        z = np_fft.rfft(_pad_front(x), n=2 * (n + 1), axis=-1)
        return ew.mul(ew.imag(_last(z, 1, n + 1)), _bcast(onp.full(n, -2.0), x, rdt))
    if t in (2, 4):
        xc = shapes.convert_element_type(x, cdt)
        if t == 4:
            xc = _mul_table(xc, onp.exp(-1j * onp.pi * idx / (2 * n)))
        if t == 2:
            k = idx if kind == "dct" else idx + 1
            z = _last(_forward_fft(xc, 2 * n), 0 if kind == "dct" else 1, n + (kind == "dst"))
            z = _mul_table(z, onp.exp(-1j * onp.pi * k / (2 * n)))
        else:
            z = _mul_table(_last(_forward_fft(xc, 2 * n), 0, n),
                           onp.exp(-1j * onp.pi * (2 * idx + 1) / (4 * n)))  # fmt: skip
        if kind == "dct":
            return ew.mul(ew.real(z), _bcast(onp.full(n, 2.0), x, rdt))
        return ew.mul(ew.imag(z), _bcast(onp.full(n, -2.0), x, rdt))
    # type 3: an unscaled inverse DFT of length 2N of the weighted, twiddled input.
    xc = shapes.convert_element_type(x, cdt)
    if kind == "dct":
        w = onp.full(n, 2.0)
        w[0] = 1.0
        z = _mul_table(xc, w * onp.exp(1j * onp.pi * idx / (2 * n)))
        return ew.real(_last(_backward_fft(z, 2 * n), 0, n))
    m = idx + 1
    w = onp.full(n, 2.0)
    w[-1] = 1.0
    z = _mul_table(xc, w * onp.exp(1j * onp.pi * m / (2 * n)))
    z = _pad_front(z)
    return ew.imag(_last(_backward_fft(z, 2 * n), 0, n))


def _effective(kind: str, t: int, n: int) -> int:
    if t == 1:
        return 2 * (n - 1) if kind == "dct" else 2 * (n + 1)
    return 2 * n


def _transform_last(x: Any, kind: str, t: int, norm: str, orthogonalize: bool) -> Any:
    n = _shape(x)[-1]
    if kind == "dct" and t == 1 and n < 2:
        raise RuntimeError(f"zero-length FFT requested (xnp.scipy.fft.dct type 1 needs at "
                           f"least 2 points, got {n})")  # fmt: skip
    rdt = _real_dtype(x)
    ortho = norm == "ortho"
    s2 = math.sqrt(2.0)
    if ortho and orthogonalize:  # input side
        v = onp.ones(n)
        if kind == "dct" and t == 1:
            v[0] = v[-1] = s2
        elif kind == "dct" and t == 3:
            v[0] = s2
        elif kind == "dst" and t == 3:
            v[-1] = s2
        if (v != 1).any():
            x = _mul_table(x, v)
    y = _raw(x, kind, t)
    size = _effective(kind, t, n)
    factor = 1.0 if norm == "backward" else 1 / size if norm == "forward" else 1 / math.sqrt(size)
    v = onp.full(n, factor)
    if ortho and orthogonalize:  # output side
        if kind == "dct" and t == 1:
            v[0] /= s2
            v[-1] /= s2
        elif kind == "dct" and t == 2:
            v[0] /= s2
        elif kind == "dst" and t == 2:
            v[-1] /= s2
    if (v != 1).any():
        y = ew.mul(y, _bcast(v, y, rdt))
    return y


def _check_type(name: str, t: Any) -> int:
    if t not in (1, 2, 3, 4):
        raise ValueError(f"invalid {name[-3:].upper()} type: {t!r} (xnp.scipy.fft.{name} takes "
                         "1, 2, 3 or 4)")  # fmt: skip
    return int(t)


def _prepare(name: str, x: ArrayLike) -> tuple[Any, bool]:
    x = np_util.asarray(x, name)
    if dtypes.kind(x.dtype) == "c":
        return x, True
    return np_fft._as_real(name, x), False


def _along(name: str, x: Any, kind: str, t: int, axes: Sequence[int], lengths: Sequence[Any],
           norm: str, orthogonalize: bool) -> Any:  # fmt: skip
    for ax, n in zip(axes, lengths, strict=True):
        if n is not None:
            if n < 1:
                raise ValueError(f"invalid number of data points ({n}) specified "
                                 f"(xnp.scipy.fft.{name})")  # fmt: skip
            x = np_fft._resize(x, ax, n)
        if _shape(x)[ax] < 1:
            raise ValueError(f"invalid number of data points ({_shape(x)[ax]}) specified "
                             f"(xnp.scipy.fft.{name}, axis {ax} of shape {_shape(x)})")  # fmt: skip
        nd = len(_shape(x))
        perm = [i for i in range(nd) if i != ax] + [ax]
        inv = onp.argsort(perm).tolist()
        y = _transform_last(shapes.transpose(x, perm), kind, t, norm, orthogonalize)
        x = shapes.transpose(y, inv)
    return x


def _run(name: str, x: ArrayLike, kind: str, t: Any, axes: Any, lengths: Any, norm: Any,
         orthogonalize: Any, inverse: bool, plan: Any = None) -> Array:  # fmt: skip
    if plan is not None:
        raise NotImplementedError(f"xnp.scipy.fft.{name}: plan= is not supported")
    t = _check_type(name, t)
    if norm not in (None, "backward", "ortho", "forward"):
        raise ValueError(f'Invalid norm value {norm!r}, should be "backward", "ortho" or '
                         f'"forward" (xnp.scipy.fft.{name})')  # fmt: skip
    norm = "backward" if norm is None else norm
    ortho_fix = norm == "ortho" if orthogonalize is None else bool(orthogonalize)
    if inverse:
        t, norm = _INVERSE_TYPE[t], _SWAP[norm]
    a, is_complex = _prepare(name, x)
    nd = len(_shape(a))
    if nd == 0:
        raise ValueError(f"xnp.scipy.fft.{name}: expected an array of rank >= 1, got a 0-d one")
    if is_complex:
        re = _along(name, ew.real(a), kind, t, axes, lengths, norm, ortho_fix)
        im = _along(name, ew.imag(a), kind, t, axes, lengths, norm, ortho_fix)
        return ew.complex(re, im)
    return _along(name, a, kind, t, axes, lengths, norm, ortho_fix)


def _one_axis(name: str, x: Any, n: Any, axis: int) -> tuple[list[int], list[Any]]:
    nd = len(_shape(np_util.asarray(x, name)))
    if nd == 0:
        raise ValueError(f"xnp.scipy.fft.{name}: expected an array of rank >= 1, got a 0-d one")
    ax = np_fft._axis(name, axis, nd)
    return [ax], [None if n is None else operator.index(n)]


def _make_1d(name: str, kind: str, inverse: bool) -> Any:
    def transform(x: ArrayLike, type: int = 2, n: int | None = None, axis: int = -1,  # noqa: A002
                  norm: str | None = None, overwrite_x: bool = False, workers: Any = None,
                  orthogonalize: bool | None = None) -> Array:  # fmt: skip
        axes, lengths = _one_axis(name, x, n, axis)
        return _run(name, x, kind, type, axes, lengths, norm, orthogonalize, inverse)

    what = {"dct": "discrete cosine", "dst": "discrete sine"}[kind]
    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = (f"{'Inverse ' if inverse else ''}{what} transform of type 1-4 along "
                         f"``axis`` (``scipy.fft.{name}``; see the module docstring of "
                         "``xnp._src.scipy.realfft`` for the definitions and ``norm``).")
    return transform


def _make_nd(name: str, kind: str, inverse: bool) -> Any:
    def transform(x: ArrayLike, type: int = 2, s: Sequence[int] | None = None,  # noqa: A002
                  axes: Any = None, norm: str | None = None, overwrite_x: bool = False,
                  workers: Any = None, *, orthogonalize: bool | None = None) -> Array:  # fmt: skip
        a = np_util.asarray(x, name)
        if len(_shape(a)) == 0:
            raise ValueError(f"xnp.scipy.fft.{name}: expected an array of rank >= 1")
        ax, lengths = np_fft._axes_and_lengths(name, a, s, axes)
        if len(set(ax)) != len(ax):
            raise ValueError(f"xnp.scipy.fft.{name}: repeated axes {ax}")
        return _run(name, a, kind, type, ax, lengths, norm, orthogonalize, inverse)

    what = {"dct": "discrete cosine", "dst": "discrete sine"}[kind]
    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = (f"{'Inverse ' if inverse else ''}n-D {what} transform over ``axes`` "
                         f"(``scipy.fft.{name}``): the 1-D transform along each axis in turn.")
    return transform


dct = _make_1d("dct", "dct", False)
idct = _make_1d("idct", "dct", True)
dst = _make_1d("dst", "dst", False)
idst = _make_1d("idst", "dst", True)
dctn = _make_nd("dctn", "dct", False)
idctn = _make_nd("idctn", "dct", True)
dstn = _make_nd("dstn", "dst", False)
idstn = _make_nd("idstn", "dst", True)
