"""``xnp.scipy.fft``: SciPy's ``scipy.fft`` transforms over ``xnp.fft``.

The transforms are NumPy's (``xnp._src.numpy.fft``) with SciPy's extra keywords accepted:
``overwrite_x`` and ``workers`` are ignored (XLA picks its own threads), ``plan`` must be
``None``. ``hfft2``/``hfftn``/``ihfft2``/``ihfftn`` are the n-D Hermitian transforms.
``next_fast_len``/``prev_fast_len`` give SciPy's 5-smooth (real) or 11-smooth (complex)
lengths. The DCT/DST family (types 1-4, 1-D and n-D) lives in ``realfft.py``.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from xnp._src.lax import elementwise as ew
from xnp._src.numpy import fft as np_fft

Array = Any
_SWAP = {None: "forward", "backward": "forward", "forward": "backward", "ortho": "ortho"}


def _check_plan(name: str, plan: Any) -> None:
    if plan is not None:
        raise NotImplementedError(f"xnp.scipy.fft.{name}: plan= is not supported")


def _one_d(name: str, f: Callable) -> Callable:
    def transform(x: Any, n: int | None = None, axis: int = -1, norm: str | None = None,
                  overwrite_x: bool = False, workers: Any = None, *,
                  plan: Any = None) -> Array:  # fmt: skip
        _check_plan(name, plan)
        return f(x, n=n, axis=axis, norm=norm)

    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = f"SciPy's ``{name}`` (see ``xnp.fft.{name}``)."
    return transform


def _n_d(name: str, f: Callable, default_axes: Any) -> Callable:
    def transform(x: Any, s: Sequence[int] | None = None, axes: Any = default_axes,
                  norm: str | None = None, overwrite_x: bool = False, workers: Any = None, *,
                  plan: Any = None) -> Array:  # fmt: skip
        _check_plan(name, plan)
        return f(x, s=s, axes=axes, norm=norm)

    transform.__name__ = transform.__qualname__ = name
    transform.__doc__ = f"SciPy's ``{name}`` (see ``xnp.fft``)."
    return transform


fft = _one_d("fft", np_fft.fft)
ifft = _one_d("ifft", np_fft.ifft)
rfft = _one_d("rfft", np_fft.rfft)
irfft = _one_d("irfft", np_fft.irfft)
hfft = _one_d("hfft", np_fft.hfft)
ihfft = _one_d("ihfft", np_fft.ihfft)
fft2 = _n_d("fft2", np_fft.fft2, (-2, -1))
ifft2 = _n_d("ifft2", np_fft.ifft2, (-2, -1))
rfft2 = _n_d("rfft2", np_fft.rfft2, (-2, -1))
irfft2 = _n_d("irfft2", np_fft.irfft2, (-2, -1))
fftn = _n_d("fftn", np_fft.fftn, None)
ifftn = _n_d("ifftn", np_fft.ifftn, None)
rfftn = _n_d("rfftn", np_fft.rfftn, None)
irfftn = _n_d("irfftn", np_fft.irfftn, None)


def _hfftn(x: Any, s: Any = None, axes: Any = None, norm: str | None = None) -> Array:
    np_fft._check_norm(norm)
    return np_fft.irfftn(ew.conj(np_fft._as_complex("hfftn", x)), s=s, axes=axes,
                         norm=_SWAP[norm])  # fmt: skip


def _ihfftn(x: Any, s: Any = None, axes: Any = None, norm: str | None = None) -> Array:
    np_fft._check_norm(norm)
    return ew.conj(np_fft.rfftn(x, s=s, axes=axes, norm=_SWAP[norm]))


hfftn = _n_d("hfftn", _hfftn, None)
ihfftn = _n_d("ihfftn", _ihfftn, None)
hfft2 = _n_d("hfft2", _hfftn, (-2, -1))
ihfft2 = _n_d("ihfft2", _ihfftn, (-2, -1))
fftfreq = np_fft.fftfreq
rfftfreq = np_fft.rfftfreq
fftshift = np_fft.fftshift
ifftshift = np_fft.ifftshift


def _smooth(n: int, primes: tuple[int, ...]) -> bool:
    for p in primes:
        while n % p == 0:
            n //= p
    return n == 1


def _primes(real: bool) -> tuple[int, ...]:
    return (2, 3, 5) if real else (2, 3, 5, 7, 11)


def _target(name: str, target: Any) -> int:
    try:
        t = operator.index(target)
    except TypeError:
        raise ValueError(f"{name}: target must be a positive integer, got {target!r}") from None
    if t < 1:
        raise ValueError(f"{name}: target must be a positive integer, got {t}")
    return t


def next_fast_len(target: int, real: bool = False) -> int:
    """The smallest length ``>= target`` whose prime factors are 2, 3, 5 (``real``) or up to
    11: the lengths FFTs are fastest at."""
    n = _target("next_fast_len", target)
    while not _smooth(n, _primes(real)):
        n += 1
    return n


def prev_fast_len(target: int, real: bool = False) -> int:
    """The largest fast length ``<= target`` (see ``next_fast_len``)."""
    n = _target("prev_fast_len", target)
    while not _smooth(n, _primes(real)):
        n -= 1
    return n
