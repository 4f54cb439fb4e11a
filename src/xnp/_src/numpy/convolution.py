"""NumPy's 1-d ``convolve`` and ``correlate``, over the lax convolution primitive.

Both are one full-length cross-correlation ``z[k] = sum_j a[k + j - (m - 1)] * v[j]``
(``m = len(v)``), computed as a 1-d ``conv_general_dilated`` with ``m - 1`` zeros of padding
at each end, then cut to the ``mode``: ``"full"`` (``n + m - 1`` points), ``"same"``
(``max(n, m)``, centred as NumPy centres it) or ``"valid"`` (``max(n, m) - min(n, m) + 1``).
``convolve`` reverses ``v`` first; ``correlate`` conjugates it, as NumPy 2 does.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import dtypes
from xnp._src.lax import conv as lax_conv
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import lax_numpy, ufuncs, util
from xnp._src.staged import staged
from xnp._src.typing import ArrayLike

_MODES = {"full": "full", "same": "same", "valid": "valid", 0: "valid", 1: "same", 2: "full"}
_HALF = (onp.dtype(onp.float16), dtypes.bfloat16)


def _operands(name: str, a: ArrayLike, v: ArrayLike, mode: Any) -> tuple[Any, Any, str]:
    a, v = util.promote_dtypes(name, a, v)
    if name == "convolve":  # NumPy's convolve takes scalars as 1-element sequences
        a = lax_numpy.ravel(a) if a.ndim == 0 else a
        v = lax_numpy.ravel(v) if v.ndim == 0 else v
    elif a.ndim == 0 or v.ndim == 0:
        raise ValueError(
            f"{name}: object of too small depth for desired array (a and v must be "
            f"1-d, got shapes {a.shape} and {v.shape})"
        )
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError(
            f"{name}: object too deep for desired array (a and v must be 1-d, got "
            f"shapes {a.shape} and {v.shape})"
        )
    if a.shape[0] == 0:
        raise ValueError(f"{name}: a cannot be empty")
    if v.shape[0] == 0:
        raise ValueError(f"{name}: v cannot be empty")
    key = mode if isinstance(mode, str) else int(mode)
    if key not in _MODES:
        raise ValueError(f"{name}: mode must be one of 'valid', 'same', or 'full' (got {mode!r})")
    return a, v, _MODES[key]


def _full(a: Any, v: Any) -> Any:
    dt = a.dtype
    work = dt
    if dt == onp.bool_:
        work = dtypes.int_()
    elif dt in _HALF:
        work = onp.dtype(onp.float32)
    x, k = a.astype(work), v.astype(work)
    m = k.shape[0]
    out = lax_conv.conv_general_dilated(
        lax_numpy.reshape(x, (1, 1, x.shape[0])),
        lax_numpy.reshape(k, (1, 1, m)),
        (1,),
        [(m - 1, m - 1)],
    )
    out = lax_numpy.reshape(out, (out.shape[-1],))
    if dt == onp.bool_:
        return ufuncs.not_equal(out, 0)
    if dtypes.kind(work) in "fc":
        # NumPy sums the products from +0.0, so a sum of -0.0 products is +0.0; XLA's
        # convolution starts from the first product and would keep the -0.0. (A select, not
        # ``out + 0.0``, which XLA's simplifier removes.)
        out = lax_numpy.where(ufuncs.equal(out, 0), lax_utils.full((), 0, out.dtype), out)
    return out.astype(dt)


def _cut(z: Any, n: int, m: int, mode: str) -> Any:
    """Cut the full correlation of lengths ``n`` (a) and ``m`` (v) to ``mode``, placed as
    NumPy places it (it works on the longer operand first and reverses if it swapped)."""
    total = n + m - 1
    short = min(n, m)
    if mode == "full":
        return z
    size = max(n, m) if mode == "same" else max(n, m) - short + 1
    skip = (short - 1) - short // 2 if mode == "same" else short - 1
    start = skip if n >= m else total - size - skip
    return lax_slicing.slice_in_dim(z, start, start + size, 1, 0)


def correlate(a: ArrayLike, v: ArrayLike, mode: Any = "valid") -> Any:
    """NumPy's ``correlate``: ``c[k] = sum_n a[n + k] * conj(v[n])`` of two 1-d sequences, for
    ``mode`` ``"valid"`` (default), ``"same"`` or ``"full"``."""
    a, v, mode = _operands("correlate", a, v, mode)
    return _staged(a, v, name="correlate", mode=mode)


def convolve(a: ArrayLike, v: ArrayLike, mode: Any = "full") -> Any:
    """NumPy's ``convolve``: the discrete linear convolution of two 1-d sequences, for
    ``mode`` ``"full"`` (default), ``"same"`` or ``"valid"``."""
    a, v, mode = _operands("convolve", a, v, mode)
    return _staged(a, v, name="convolve", mode=mode)


def _computed(a: Any, v: Any, *, name: str, mode: str) -> Any:
    """Either function after its checks: one program per signature eagerly."""
    if name == "correlate":
        if dtypes.kind(v.dtype) == "c":
            v = ufuncs.conjugate(v)
        return _cut(_full(a, v), a.shape[0], v.shape[0], mode)
    if v.shape[0] > a.shape[0]:
        a, v = v, a
    return _cut(_full(a, v[::-1]), a.shape[0], v.shape[0], mode)


_staged = staged(_computed, name="convolve")
