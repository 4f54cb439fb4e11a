"""``xnp.linalg``: NumPy's linear algebra over the LAPACK primitives of ``lax/linalg.py``.

Every function takes stacks of matrices ``(..., m, n)``, works under ``jit``, ``vmap`` and
the derivative transformations, and follows ``numpy.linalg``'s signatures and result types
(``cholesky`` and ``eigh`` read one triangle, as NumPy; ``symmetrize_input=True`` gives
``jax.numpy``'s ``(a + a^H) / 2``). Differences from NumPy: a failed factorization (a matrix
that is not positive definite for ``cholesky``, a singular matrix for ``solve``/``inv``) gives
NaNs or infinities instead of raising ``LinAlgError``, since the check would need the values
(as in JAX). Derivatives of eigen/singular vectors assume distinct values; ``det``'s is
computed through LU, so it is not defined at singular matrices.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import elementwise as ew
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import reductions, shapes, slicing, sorting, utils
from xnp._src.numpy import util as np_util

ArrayLike = Any
Array = Any

_LAPACK_DTYPES = ("float32", "float64", "complex64", "complex128")


class LinAlgError(ValueError):
    """Raised for arguments ``numpy.linalg`` rejects (wrong rank, non-square matrices)."""


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


# ----------------------------------------------------------------------------- arguments


def _inexact(name: str, x: Any) -> Any:
    """``x`` as an array of a LAPACK dtype: integers and bools become the default float."""
    x = np_util.asarray(x, name)
    dt = x.dtype
    if dtypes.kind(dt) in "biu":
        return shapes.convert_element_type(x, dtypes.float_())
    if onp.dtype(dt).name not in _LAPACK_DTYPES:
        raise TypeError(f"{name}: array type {onp.dtype(dt).name} is unsupported in linalg")
    if x.aval.weak_type:
        return shapes.convert_element_type(x, dt)
    return x


def _matrices(name: str, x: Any, square: bool = False) -> Any:
    x = _inexact(name, x)
    shape = core.get_aval(x).shape
    if len(shape) < 2:
        raise LinAlgError(
            f"{name}: {len(shape)}-dimensional array given; expected at least 2 dimensions"
        )
    if square and shape[-1] != shape[-2]:
        raise LinAlgError(f"{name}: last 2 dimensions of the array must be square, got {shape}")
    return x


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _ndim(x: Any) -> int:
    return len(_shape(x))


def _dtype(x: Any) -> onp.dtype:
    return core.get_aval(x).dtype


def _swap(x: Any) -> Any:
    nd = _ndim(x)
    return shapes.transpose(x, (*range(nd - 2), nd - 1, nd - 2))


def _uplo(name: str, uplo: str) -> bool:
    if uplo not in ("L", "U"):
        raise ValueError(f"{name}: UPLO must be 'L' or 'U', got {uplo!r}")
    return uplo == "L"


# ----------------------------------------------------------------------------- decompositions


def cholesky(a: ArrayLike, /, *, upper: bool = False, symmetrize_input: bool = False) -> Array:
    """Cholesky factor of Hermitian positive-definite matrices (LAPACK potrf).

    Returns lower-triangular ``L`` with ``a = L @ L^H`` (or upper ``U = L^H`` with
    ``a = U^H @ U`` when ``upper``). As NumPy, only the lower triangle of ``a`` is read;
    ``symmetrize_input=True`` uses ``(a + a^H) / 2`` instead (as ``jax.numpy`` does by
    default). Not positive definite: NaNs where NumPy raises ``LinAlgError``.
    """
    a = _matrices("cholesky", a, square=True)
    factor = lax_linalg.cholesky(a, symmetrize_input=symmetrize_input)
    if upper:
        factor = _swap(factor)
        if dtypes.kind(_dtype(factor)) == "c":
            factor = ew.conj(factor)
    return factor


def eigh(a: ArrayLike, UPLO: str = "L", *, symmetrize_input: bool = False) -> EighResult:  # noqa: N803
    """Eigenvalues (ascending) and eigenvectors (columns) of Hermitian matrices (LAPACK
    syevd/heevd).

    Reads the ``UPLO`` triangle of ``a``, as NumPy does; ``symmetrize_input=True`` uses
    ``(a + a^H) / 2`` instead (``jax.numpy``'s default). Returns ``(eigenvalues,
    eigenvectors)``; derivatives assume distinct eigenvalues.
    """
    lower = _uplo("eigh", UPLO)
    a = _matrices("eigh", a, square=True)
    v, w = lax_linalg.eigh(a, lower=lower, symmetrize_input=symmetrize_input)
    return EighResult(w, v)


def eigvalsh(a: ArrayLike, UPLO: str = "L") -> Array:  # noqa: N803
    """Eigenvalues (ascending) of Hermitian matrices, from the ``UPLO`` triangle."""
    return eigh(a, UPLO).eigenvalues


def svd(a: ArrayLike, full_matrices: bool = True, compute_uv: bool = True,
        hermitian: bool = False) -> Any:  # fmt: skip
    """Singular value decomposition ``a = U @ diag(S) @ Vh`` (LAPACK gesdd), ``S`` descending.

    Returns ``SVDResult(U, S, Vh)``, or ``S`` alone when not ``compute_uv``. With
    ``hermitian``, computed from ``eigh`` as NumPy does. Derivatives assume distinct nonzero
    singular values, and need ``full_matrices=False`` for non-square ``a``.
    """
    a = _matrices("svd", a)
    if hermitian:
        return _svd_hermitian(a, compute_uv)
    if not compute_uv:
        return lax_linalg.svd(a, compute_uv=False)
    u, s, vh = lax_linalg.svd(a, full_matrices=bool(full_matrices))
    return SVDResult(u, s, vh)


def _svd_hermitian(a: Any, compute_uv: bool) -> Any:
    if _shape(a)[-1] != _shape(a)[-2]:
        raise LinAlgError(f"svd: hermitian=True needs square matrices, got {_shape(a)}")
    v, w = lax_linalg.eigh(a, symmetrize_input=False)
    s = ew.abs(w)
    nd = _ndim(s)
    order = shapes.broadcasted_iota(onp.dtype("int32"), _shape(s), nd - 1)
    _, s_sorted, order = sorting.sort((ew.neg(s), s, order), nd - 1, num_keys=1)
    if not compute_uv:
        return s_sorted
    sign_w = ew.sign(w)
    if dtypes.kind(_dtype(v)) == "c":
        sign_w = shapes.convert_element_type(sign_w, _dtype(v))
    vs = ew.mul(v, shapes.broadcast_in_dim(sign_w, _shape(v), (*range(nd - 1), nd)))
    u = _swap(lax_linalg.permute_rows(_swap(v), order))
    vh = lax_linalg.permute_rows(_swap(vs), order)
    if dtypes.kind(_dtype(vh)) == "c":
        vh = ew.conj(vh)
    return SVDResult(u, s_sorted, vh)


def svdvals(x: ArrayLike, /) -> Array:
    """Singular values, descending (the array API's ``svdvals``)."""
    return svd(x, compute_uv=False)


def qr(a: ArrayLike, mode: str = "reduced") -> Any:
    """QR decomposition ``a = Q @ R`` (LAPACK geqrf, then orgqr/ungqr).

    ``mode``: ``'reduced'`` (Q (m, k), R (k, n), ``k = min(m, n)``), ``'complete'`` (Q
    (m, m), R (m, n)) or ``'r'`` (R only). ``'raw'`` is not supported.
    """
    if mode not in ("reduced", "complete", "r", "raw"):
        raise ValueError(f"qr: unrecognized mode {mode!r}")
    if mode == "raw":
        raise NotImplementedError("qr: mode='raw' is not supported by xnp")
    a = _matrices("qr", a)
    q, r = lax_linalg.qr(a, full_matrices=mode == "complete")
    if mode == "r":
        return r
    return QRResult(q, r)


# ----------------------------------------------------------------------------- solvers


def solve(a: ArrayLike, b: ArrayLike) -> Array:
    """Solve ``a @ x = b`` by LU with partial pivoting (LAPACK getrf, then trsm).

    ``b`` is a vector ``(m,)`` or a stack of matrices ``(..., m, k)`` (NumPy 2's rule); batch
    dimensions broadcast. A singular ``a`` gives infinities or NaNs instead of raising.
    """
    a = _matrices("solve", a, square=True)
    b = np_util.asarray(b, "solve")
    a, b = np_util.promote_dtypes("solve", a, b)
    a, b = _inexact("solve", a), _inexact("solve", b)
    m = _shape(a)[-1]
    vector = _ndim(b) == 1
    if vector:
        b = shapes.reshape(b, (_shape(b)[0], 1))
    if _shape(b)[-2] != m:
        raise ValueError(
            f"solve: a has shape {_shape(a)} but b has {_shape(b)[-2]} rows (expected {m})"
        )
    batch = np_util.broadcast_shapes("solve", _shape(a)[:-2], _shape(b)[:-2])
    a = np_util.broadcast_to(a, (*batch, m, m), "solve")
    b = np_util.broadcast_to(b, (*batch, *_shape(b)[-2:]), "solve")
    x = lax_linalg.solve(a, b)
    if vector:
        x = shapes.reshape(x, _shape(x)[:-1])
    return x


def inv(a: ArrayLike) -> Array:
    """Inverse of square matrices (LU solve against the identity)."""
    a = _matrices("inv", a, square=True)
    shape = _shape(a)
    eye = shapes.convert_element_type(
        ew.eq(shapes.broadcasted_iota(onp.dtype("int32"), shape, len(shape) - 2),
              shapes.broadcasted_iota(onp.dtype("int32"), shape, len(shape) - 1)),
        _dtype(a))  # fmt: skip
    return lax_linalg.solve(a, eye)


def _lu_diag_and_parity(a: Any) -> tuple[Any, Any]:
    lu, piv, _ = lax_linalg.lu(a)
    shape = _shape(lu)
    nd = len(shape)
    on_diag = ew.eq(shapes.broadcasted_iota(onp.dtype("int32"), shape, nd - 2),
                    shapes.broadcasted_iota(onp.dtype("int32"), shape, nd - 1))  # fmt: skip
    diag = reductions.reduce_sum(ew.select(on_diag, lu, utils.full(shape, 0, _dtype(lu))),
                                 (nd - 1,))  # fmt: skip
    swaps = ew.ne(piv, shapes.broadcasted_iota(onp.dtype("int32"), _shape(piv), nd - 2))
    n_swaps = reductions.reduce_sum(shapes.convert_element_type(swaps, onp.dtype("int32")),
                                    (nd - 2,))  # fmt: skip
    odd = ew.eq(ew.rem(n_swaps, utils.full(_shape(n_swaps), 2, onp.dtype("int32"))),
                utils.full(_shape(n_swaps), 1, onp.dtype("int32")))  # fmt: skip
    dt = _dtype(lu)
    parity = ew.select(odd, utils.full(_shape(odd), -1, dt), utils.full(_shape(odd), 1, dt))
    return diag, parity


def det(a: ArrayLike) -> Array:
    """Determinant of square matrices, from their LU factorization."""
    a = _matrices("det", a, square=True)
    diag, parity = _lu_diag_and_parity(a)
    return ew.mul(parity, reductions.reduce_prod(diag, (_ndim(diag) - 1,)))


def slogdet(a: ArrayLike) -> SlogdetResult:
    """Sign (a unit complex number for complex ``a``) and natural log of ``|det(a)|``.

    A singular matrix gives ``sign = 0`` and ``logabsdet = -inf``, as in NumPy.
    """
    a = _matrices("slogdet", a, square=True)
    diag, parity = _lu_diag_and_parity(a)
    last = _ndim(diag) - 1
    dt = _dtype(diag)
    absd = ew.abs(diag)
    logabsdet = reductions.reduce_sum(ew.log(absd), (last,))
    zero = ew.eq(absd, utils.full(_shape(absd), 0, _dtype(absd)))
    is_singular = reductions.reduce_or(zero, (last,))
    if dtypes.kind(dt) == "c":
        # diag / |diag|, with 1 where |diag| is 0 (the sign is set to 0 below).
        safe = ew.select(zero, utils.full(_shape(absd), 1, _dtype(absd)), absd)
        unit = ew.div(diag, shapes.convert_element_type(safe, dt))
    else:
        unit = ew.sign(diag)
    sign = ew.mul(parity, reductions.reduce_prod(unit, (last,)))
    sign = ew.select(is_singular, utils.full(_shape(sign), 0, dt), sign)
    return SlogdetResult(sign, logabsdet)


# ----------------------------------------------------------------------------- matrix helpers


def diagonal(x: ArrayLike, /, *, offset: int = 0) -> Array:
    """The ``offset`` diagonal of each matrix in ``x`` (``(..., m, n)`` -> ``(..., k)``)."""
    x = np_util.asarray(x, "linalg.diagonal")
    shape = _shape(x)
    if len(shape) < 2:
        raise ValueError(f"linalg.diagonal: expected an array of rank >= 2, got shape {shape}")
    m, n = shape[-2:]
    offset = int(offset)
    r0, c0 = min(max(-offset, 0), m), min(max(offset, 0), n)
    size = max(0, min(m - r0, n - c0))
    batch = shape[:-2]
    nb = len(batch)
    block = slicing.slice(x, (0,) * nb + (r0, c0), (*batch, r0 + size, c0 + size))
    # Every (size + 1)-th element of the flattened block: no arithmetic, so bits (-0.0, NaN
    # payloads) are kept.
    flat = shapes.reshape(block, (*batch, size * size))
    if size == 0:
        return flat
    return slicing.slice(flat, (0,) * (nb + 1), (*batch, size * size), (1,) * nb + (size + 1,))
