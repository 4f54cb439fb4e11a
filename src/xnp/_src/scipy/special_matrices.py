"""SciPy's special matrices (``scipy.linalg``'s constructors).

Constructors whose entries come from array arguments (``toeplitz``, ``circulant``,
``hankel``, ``block_diag``, ``companion``, ``leslie``, ``fiedler``, ``fiedler_companion``,
``convolution_matrix``, ``khatri_rao``, ``diagsvd``) are written over xnp's NumPy layer, so
they trace, differentiate and batch. Those that take only a size (``hilbert``,
``invhilbert``, ``pascal``, ``invpascal``, ``hadamard``, ``dft``, ``helmert``) are computed
on the host and returned as arrays. Differences from SciPy: ``pascal``/``invpascal``/``invhilbert``
with ``exact=True`` raise ``OverflowError`` where the entries no longer fit uint64/int64 and
SciPy switches to Python-int object arrays (XLA has no object dtype).
"""

from __future__ import annotations

import math
import operator
import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util as np_util

Array = Any
ArrayLike = Any


def _arr(name: str, x: ArrayLike) -> Any:
    return np_util.asarray(x, name)


def _flat(name: str, x: ArrayLike) -> Any:
    return jnp.ravel(_arr(name, x))


def _gather_const(values: Any, index: onp.ndarray) -> Any:
    """``values[index]`` with a constant integer ``index`` table (a gather)."""
    return jnp.take(values, jnp.asarray(index.astype(onp.int64)))


def toeplitz(c: ArrayLike, r: ArrayLike = None) -> Array:
    """Toeplitz matrix with first column ``c`` and first row ``r`` (``r[..., 0]`` ignored; by
    default ``r = conj(c)``, as SciPy: a Hermitian matrix). As SciPy 1.17, leading axes of
    ``c`` and ``r`` are batch axes and broadcast together."""
    c = _arr("toeplitz", c)
    c = jnp.reshape(c, (1,)) if c.ndim == 0 else c
    r = jnp.conj(c) if r is None else _arr("toeplitz", r)
    r = jnp.reshape(r, (1,)) if r.ndim == 0 else r
    c, r = np_util.promote_dtypes("toeplitz", c, r)
    m, n = c.shape[-1], r.shape[-1]
    batch = jnp.broadcast_shapes(c.shape[:-1], r.shape[:-1])
    c = jnp.broadcast_to(c, (*batch, m))
    r = jnp.broadcast_to(r, (*batch, n))
    if not (m and n):
        return jnp.zeros((*batch, m, n), c.dtype)
    vals = jnp.concatenate([jnp.flip(r[..., 1:], axis=-1), c], axis=-1)
    idx = (n - 1) + onp.arange(m)[:, None] - onp.arange(n)[None, :]
    return jnp.take(vals, jnp.asarray(idx.astype(onp.int64)), axis=-1)


def circulant(c: ArrayLike) -> Array:
    """Circulant matrix with first column ``c`` (batched over leading axes of ``c``)."""
    c = _arr("circulant", c)
    if c.ndim == 0:
        c = jnp.reshape(c, (1,))
    n = c.shape[-1]
    idx = (onp.arange(n)[:, None] - onp.arange(n)[None, :]) % max(n, 1)
    return jnp.take(c, jnp.asarray(idx.astype(onp.int64)), axis=-1)


def hankel(c: ArrayLike, r: ArrayLike = None) -> Array:
    """Hankel matrix with first column ``c`` and last row ``r`` (``r[0]`` ignored; zeros by
    default)."""
    for x in (c, r):
        if onp.ndim(x) > 1:
            warnings.warn("Beginning in SciPy 1.19, multidimensional input will be treated as "
                          "a batch, not `ravel`ed. To preserve the existing behavior and "
                          "silence this warning, `ravel` arguments before passing them to "
                          "`hankel`.", FutureWarning, stacklevel=2)  # fmt: skip
    c = _flat("hankel", c)
    r = jnp.zeros_like(c) if r is None else _flat("hankel", r)
    c, r = np_util.promote_dtypes("hankel", c, r)
    m, n = c.shape[0], r.shape[0]
    vals = jnp.concatenate([c, r[1:]])
    idx = onp.arange(m)[:, None] + onp.arange(n)[None, :]
    return _gather_const(vals, idx) if m and n else jnp.zeros((m, n), c.dtype)


def block_diag(*arrs: ArrayLike) -> Array:
    """Block-diagonal matrix of the given arrays (0-d and 1-d ones as rows, as SciPy); axes
    before the last two are batch axes that broadcast together (SciPy 1.17)."""
    if not arrs:
        return jnp.zeros((1, 0))
    blocks = [_arr("block_diag", a) for a in arrs]
    blocks = [jnp.reshape(b, (1, -1)) if b.ndim < 2 else b for b in blocks]
    batch = jnp.broadcast_shapes(*(b.shape[:-2] for b in blocks))
    dt = jnp.result_type(*blocks)
    blocks = [jnp.broadcast_to(b.astype(dt), (*batch, *b.shape[-2:])) for b in blocks]
    n_cols = sum(b.shape[-1] for b in blocks)
    rows = []
    col = 0
    for b in blocks:
        h, w = b.shape[-2:]
        rows.append(jnp.concatenate([jnp.zeros((*batch, h, col), dt), b,
                                     jnp.zeros((*batch, h, n_cols - col - w), dt)],
                                    axis=-1))  # fmt: skip
        col += w
    return jnp.concatenate(rows, axis=-2)


def companion(a: ArrayLike) -> Array:
    """Companion matrix of the polynomial with coefficients ``a`` (highest first; batched
    over leading axes)."""
    a = _arr("companion", a)
    if a.ndim == 0 or a.shape[-1] < 2:
        raise ValueError(f"companion: The length of `a` along the last axis must be at least "
                         f"2, got shape {a.shape}")  # fmt: skip
    if not isinstance(a, core.Tracer) and (onp.asarray(a)[..., 0] == 0).any():
        raise ValueError("companion: The first coefficient(s) of `a` (i.e. elements of "
                         "`a[..., 0]`) must not be zero.")  # fmt: skip
    a = a.astype(jnp.result_type(a.dtype, 1.0)) if dtypes.kind(a.dtype) in "biu" else a
    n = a.shape[-1] - 1
    first = -a[..., 1:] / a[..., :1]
    sub = jnp.broadcast_to(jnp.eye(n - 1, n, dtype=a.dtype), (*a.shape[:-1], n - 1, n))
    return jnp.concatenate([first[..., None, :], sub], axis=-2)


def leslie(f: ArrayLike, s: ArrayLike) -> Array:
    """Leslie matrix: fecundities ``f`` (length n) in the first row, survival ``s`` (length
    n - 1) on the subdiagonal (batched over leading axes)."""
    f, s = _arr("leslie", f), _arr("leslie", s)
    if f.ndim == 0 or s.ndim == 0 or f.shape[-1] < 1:
        raise ValueError(f"leslie: f and s must be at least 1-D, got shapes {f.shape} and "
                         f"{s.shape}")  # fmt: skip
    if s.shape[-1] < 1:
        raise ValueError(f"leslie: The length of s must be at least 1 (got shape {s.shape}).")
    if f.shape[-1] != s.shape[-1] + 1:
        raise ValueError(f"leslie: Incorrect lengths for f and s. The length of s along the "
                         f"last axis must be one less than the length of f (got {f.shape} and "
                         f"{s.shape}).")  # fmt: skip
    f, s = np_util.promote_dtypes("leslie", f, s)
    dt = jnp.result_type(f.dtype, s.dtype)
    n = f.shape[-1]
    batch = jnp.broadcast_shapes(f.shape[:-1], s.shape[:-1])
    f = jnp.broadcast_to(f, (*batch, n))
    s = jnp.broadcast_to(s, (*batch, n - 1))
    sub = s[..., :, None] * jnp.eye(n - 1, n, dtype=dt)
    return jnp.concatenate([f[..., None, :].astype(dt), sub.astype(dt)], axis=-2)


def fiedler(a: ArrayLike) -> Array:
    """Symmetric Fiedler matrix ``|a[i] - a[j]|`` (batched over leading axes)."""
    a = _arr("fiedler", a)
    if a.ndim == 0:
        raise ValueError("fiedler: input `a` must be at least 1-D")
    return jnp.abs(a[..., :, None] - a[..., None, :])


def fiedler_companion(a: ArrayLike) -> Array:
    """Fiedler's companion matrix of the polynomial ``a`` (highest coefficient first): a
    pentadiagonal matrix with the same eigenvalues as ``companion(a)``."""
    a = _arr("fiedler_companion", a)
    if a.ndim != 1:
        raise ValueError(f"fiedler_companion: expected a 1-D array, got shape {a.shape}")
    if a.shape[0] < 2:
        return jnp.zeros((0,), a.dtype if dtypes.kind(a.dtype) in "fc" else float)
    if not isinstance(a, core.Tracer) and onp.asarray(a)[0] == 0:
        raise ValueError("fiedler_companion: Leading coefficient is zero.")
    a = a.astype(jnp.result_type(a.dtype, 1.0)) if dtypes.kind(a.dtype) in "biu" else a
    a = a / a[0]
    n = a.shape[0] - 1
    c = jnp.zeros((n, n), a.dtype)
    if n == 1:
        return jnp.reshape(-a[1], (1, 1))
    # The product of Fiedler's factors, entry by entry (SciPy's explicit form).
    r = onp.arange
    c = c.at[r(3, n, 2), r(1, n - 2, 2)].set(1)
    c = c.at[r(2, n, 2), r(1, n - 1, 2)].set(-a[3::2])
    c = c.at[r(0, n - 2, 2), r(2, n, 2)].set(1)
    c = c.at[r(0, n - 1, 2), r(1, n, 2)].set(-a[2::2])
    c = c.at[0, 0].set(-a[1])
    c = c.at[1, 0].set(1)
    return c


def convolution_matrix(a: ArrayLike, n: int, mode: str = "full") -> Array:
    """The matrix ``A`` with ``A @ v == numpy.convolve(a, v, mode)`` for ``len(v) == n``."""
    a = _flat("convolution_matrix", a)
    n = operator.index(n)
    if n <= 0:
        raise ValueError(f"convolution_matrix: n must be a positive integer, got {n}")
    m = a.shape[0]
    if m == 0:
        raise ValueError("convolution_matrix: len(a) must be at least 1.")
    if mode not in ("full", "valid", "same"):
        raise ValueError(f"convolution_matrix: Argument 'mode' must be 'full', 'valid', or "
                         f"'same', got {mode!r}")  # fmt: skip
    rows = m + n - 1
    i = onp.arange(rows)[:, None]
    j = onp.arange(n)[None, :]
    k = i - j
    valid = (k >= 0) & (k < m)
    vals = jnp.concatenate([a, jnp.zeros((1,), a.dtype)])
    full = _gather_const(vals, onp.where(valid, k, m))
    if mode == "full":
        return full
    if mode == "valid":
        start, length = min(n, m) - 1, max(m, n) - min(m, n) + 1
    else:  # same: length max(m, n), centred as numpy.convolve
        length = max(m, n)
        start = (rows - length) // 2
    return full[start:start + length]


def khatri_rao(a: ArrayLike, b: ArrayLike) -> Array:
    """Column-wise Kronecker product of ``a`` (n, k) and ``b`` (m, k): shape (n*m, k)."""
    a, b = _arr("khatri_rao", a), _arr("khatri_rao", b)
    if a.ndim != 2 or b.ndim != 2:
        raise ValueError(f"khatri_rao: The both arrays should be 2-dimensional, got shapes "
                         f"{a.shape} and {b.shape}")  # fmt: skip
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"khatri_rao: The number of columns for both arrays should be equal, "
                         f"got shapes {a.shape} and {b.shape}")  # fmt: skip
    c = a[:, None, :] * b[None, :, :]
    return jnp.reshape(c, (-1, a.shape[1]))


def diagsvd(s: ArrayLike, M: int, N: int) -> Array:  # noqa: N803
    """The (M, N) matrix with ``s`` on its diagonal (``U @ diagsvd(s, M, N) @ Vh``)."""
    s = _flat("diagsvd", s)
    k = s.shape[0]
    M, N = operator.index(M), operator.index(N)  # noqa: N806
    if k not in (M, N):
        raise ValueError(f"diagsvd: Length of s must be M or N (got len(s)={k}, M={M}, N={N})")
    d = s[:, None] * jnp.eye(k, dtype=s.dtype)
    if k == M:
        return jnp.concatenate([d, jnp.zeros((M, N - k), s.dtype)], axis=1)
    return jnp.concatenate([d, jnp.zeros((M - k, N), s.dtype)], axis=0)


# ----------------------------------------------------------------------------- from a size


def _size(name: str, n: Any) -> int:
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"{name}: n must be non-negative, got {n}")
    return n


def hilbert(n: int) -> Array:
    """Hilbert matrix ``1 / (i + j + 1)``."""
    n = _size("hilbert", n)
    i = onp.arange(n, dtype=onp.float64)
    return jnp.asarray(1.0 / (i[:, None] + i[None, :] + 1))


def _binom(n: int, k: int) -> int:
    return math.comb(n, k) if 0 <= k <= n else 0


def _int64_array(rows: list[list[int]], name: str, dt: Any = onp.int64) -> Array:
    big = max((abs(x) for r in rows for x in r), default=0)
    if big > onp.iinfo(dt).max:
        raise OverflowError(f"{name}: the exact entries exceed {onp.dtype(dt).name} (SciPy "
                            "returns Python ints in an object array, which XLA cannot hold); "
                            "use exact=False")  # fmt: skip
    return jnp.asarray(onp.array(rows, dtype=dt).reshape(len(rows), len(rows)))


def invhilbert(n: int, exact: bool = False) -> Array:
    """Inverse of the Hilbert matrix (its exact integer entries; float64 unless ``exact``)."""
    n = _size("invhilbert", n)
    rows = [[(-1) ** (i + j) * (i + j + 1) * _binom(n + i, n - j - 1) * _binom(n + j, n - i - 1)
             * _binom(i + j, i) ** 2 for j in range(n)] for i in range(n)]  # fmt: skip
    if exact:
        return _int64_array(rows, "invhilbert")
    return jnp.asarray(onp.array([[float(x) for x in r] for r in rows],
                                 dtype=onp.float64).reshape(n, n))  # fmt: skip


def _pascal_rows(n: int, kind: str) -> list[list[int]]:
    if kind == "lower":
        return [[_binom(i, j) for j in range(n)] for i in range(n)]
    if kind == "upper":
        return [[_binom(j, i) for j in range(n)] for i in range(n)]
    return [[_binom(i + j, i) for j in range(n)] for i in range(n)]


def _kind(name: str, kind: str) -> None:
    if kind not in ("symmetric", "lower", "upper"):
        raise ValueError(f"{name}: kind must be 'symmetric', 'lower', or 'upper', got {kind!r}")


def pascal(n: int, kind: str = "symmetric", exact: bool = True) -> Array:
    """Pascal matrix of binomial coefficients (``kind``: symmetric, lower, upper); uint64
    when ``exact``, else float64."""
    n = _size("pascal", n)
    _kind("pascal", kind)
    rows = _pascal_rows(n, kind)
    if exact:
        return _int64_array(rows, "pascal", onp.uint64)
    return jnp.asarray(onp.array(rows, dtype=onp.float64).reshape(n, n))


def invpascal(n: int, kind: str = "symmetric", exact: bool = True) -> Array:
    """Inverse of ``pascal(n, kind)`` (integer entries: int64 when ``exact``)."""
    n = _size("invpascal", n)
    _kind("invpascal", kind)
    lower_inv = [[(-1) ** (i - j) * _binom(i, j) for j in range(n)] for i in range(n)]
    if kind == "lower":
        rows = lower_inv
    elif kind == "upper":
        rows = [list(r) for r in zip(*lower_inv, strict=True)] if n else []
    else:  # S = L L^T, so S^-1 = L^-T L^-1
        rows = [[sum(lower_inv[k][i] * lower_inv[k][j] for k in range(n)) for j in range(n)]
                for i in range(n)]  # fmt: skip
    if exact:
        return _int64_array(rows, "invpascal")
    return jnp.asarray(onp.array(rows, dtype=onp.float64).reshape(n, n))


def hadamard(n: int, dtype: Any = int) -> Array:
    """Sylvester's Hadamard matrix of order ``n`` (a power of 2)."""
    n = operator.index(n)
    if n < 1 or n & (n - 1):
        raise ValueError(f"hadamard: n must be an positive integer, and n must be a power of 2 "
                         f"(got {n})")  # fmt: skip
    h = onp.array([[1]])
    while h.shape[0] < n:
        h = onp.block([[h, h], [h, -h]])
    dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    return jnp.asarray(h.astype(dt))


def dft(n: int, scale: str | None = None) -> Array:
    """DFT matrix ``exp(-2 pi i j k / n)``; ``scale`` ``None``, ``'n'`` or ``'sqrtn'``."""
    n = _size("dft", n)
    if scale not in (None, "n", "sqrtn"):
        raise ValueError(f"dft: scale must be None, 'sqrtn', or 'n'; {scale!r} is not valid.")
    k = onp.arange(n)
    m = onp.exp(-2j * onp.pi * ((k[:, None] * k[None, :]) % max(n, 1)) / max(n, 1))
    if scale == "n":
        m = m / n
    elif scale == "sqrtn":
        m = m / math.sqrt(n)
    return jnp.asarray(m)


def helmert(n: int, full: bool = False) -> Array:
    """Helmert matrix of order ``n``; the first row (constant) only when ``full``."""
    n = _size("helmert", n)
    h = onp.zeros((n, n))
    if n:
        h[0] = 1 / math.sqrt(n)
        for i in range(1, n):
            d = math.sqrt(i * (i + 1))
            h[i, :i] = 1 / d
            h[i, i] = -i / d
    return jnp.asarray(h if full else h[1:])
