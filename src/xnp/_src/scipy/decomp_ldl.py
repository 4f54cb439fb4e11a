"""``scipy.linalg.ldl``: the Bunch-Kaufman LDL^T / LDL^H factorization, written over lax.

jaxlib ships no ``sytrf``/``hetrf`` kernel, so the factorization is the unblocked
Bunch-Kaufman algorithm (LAPACK's ``sytf2``/``hetf2``, partial pivoting with
``alpha = (1 + sqrt(17)) / 8``) in a ``while_loop`` that advances one column for a 1x1 pivot and
two for a 2x2 pivot. The interchanges are applied to whole rows as they are chosen, so the loop
ends with ``P A P^T = L D L^T`` for a unit lower triangular ``L``; SciPy's outputs follow:
``lu = P^T L`` (``lu[perm]`` is triangular) and ``perm``. The upper form factors the reversed
matrix and reverses the factors back. Pivot decisions compare the same quantities as LAPACK
(``|re| + |im|`` for complex entries), so the factors agree with SciPy's except where two
candidates tie.

Batched over leading dimensions (SciPy 1.17 batches too), differentiable (the loop is
differentiable for a fixed pivot sequence), compiled once per shape eagerly.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import loops
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy import linalg as sp_linalg
from xnp._src.staged import staged

_ALPHA = (1.0 + onp.sqrt(17.0)) / 8.0


def _factor_lower(a: Any, hermitian: bool) -> tuple[Any, Any, Any]:
    """``(L, D, perm)`` with ``a[perm][:, perm] == L @ D @ L^H`` (``^T`` unless hermitian)."""
    n = a.shape[-1]
    idx = jnp.arange(n)
    conj = jnp.conj if hermitian and dtypes.issubdtype(a.dtype, onp.complexfloating) else None
    cj = conj if conj is not None else (lambda x: x)

    def diag_abs(x: Any) -> Any:
        return jnp.abs(jnp.real(x)) if conj is not None else sp_linalg.cabs1(x)

    def body(state: tuple) -> tuple:
        k, a, perm, two = state
        col = a[:, k]
        absakk = diag_abs(a[k, k])
        below = idx > k
        colabs = jnp.where(below, sp_linalg.cabs1(col), -1.0)
        imax = jnp.argmax(colabs)
        colmax = jnp.maximum(colabs[imax], 0.0)
        rowabs = jnp.where((idx >= k) & (idx != imax), sp_linalg.cabs1(a[imax]), -1.0)
        rowmax = jnp.maximum(jnp.max(rowabs), 0.0)
        zero = jnp.maximum(absakk, colmax) == 0
        keep = zero | (absakk >= _ALPHA * colmax) | (absakk * rowmax >= _ALPHA * colmax * colmax)
        one_at_imax = ~keep & (diag_abs(a[imax, imax]) >= _ALPHA * rowmax)
        block2 = ~keep & ~one_at_imax
        kk = jnp.where(block2, k + 1, k)
        kp = jnp.where(keep, k, imax)
        a, perm = sp_linalg.sym_swap(a, perm, kk, kp, idx)

        # 1x1 pivot: l = a[k+1:, k] / d; trailing -= l d l^H.
        d = a[k, k]
        d = jnp.real(d).astype(a.dtype) if conj is not None else d
        safe_d = jnp.where(d == 0, jnp.ones((), a.dtype), d)
        c1 = jnp.where(below, a[:, k], 0)
        l1 = jnp.where(d == 0, jnp.zeros((), a.dtype), c1 / safe_d)
        upd1 = l1[:, None] * cj(c1)[None, :]

        # 2x2 pivot on (k, k+1): L = C D^-1 for the rows below k+1, trailing -= C L^H.
        below2 = idx > k + 1
        k1 = jnp.minimum(k + 1, n - 1)
        c_k = jnp.where(below2, a[:, k], 0)
        c_k1 = jnp.where(below2, a[:, k1], 0)
        a11, a22, a21 = a[k, k], a[k1, k1], a[k1, k]
        if conj is not None:
            a11, a22 = jnp.real(a11).astype(a.dtype), jnp.real(a22).astype(a.dtype)
        det = a11 * a22 - a21 * cj(a21)
        det = jnp.where(block2, det, jnp.ones((), a.dtype))
        # D^-1 = [[a22, -a21^H], [-a21, a11]] / det, so (C D^-1)_j = (c_k a22 - c_k1 a21) / det, ...
        w_k = (c_k * a22 - c_k1 * a21) / det
        w_k1 = (c_k1 * a11 - c_k * cj(a21)) / det
        upd2 = w_k[:, None] * cj(c_k)[None, :] + w_k1[:, None] * cj(c_k1)[None, :]

        upd = jnp.where(block2, upd2, upd1)
        a = a - upd
        new_k = jnp.where(block2, w_k, l1)
        a = jnp.where(
            (idx == k)[None, :] & jnp.where(block2, below2, below)[:, None], new_k[:, None], a
        )
        a = jnp.where((idx == k1)[None, :] & below2[:, None] & block2, w_k1[:, None], a)
        two = jnp.where(block2 & (idx == k), True, two)
        return k + jnp.where(block2, 2, 1), a, perm, two

    init = (jnp.asarray(0), a, idx, jnp.zeros((n,), bool))
    _, a, perm, two = loops.while_loop(lambda s: s[0] < n, body, init)

    diag = jnp.diagonal(a)
    if conj is not None:
        diag = jnp.real(diag).astype(a.dtype)
    sub = jnp.where(two[:-1], jnp.diagonal(a, -1), 0)
    dmat = jnp.diag(diag) + jnp.diag(sub, -1) + jnp.diag(cj(sub), 1)
    strict = idx[:, None] > idx[None, :]
    off2 = (idx[:, None] == idx[None, :] + 1) & two[None, :]
    lmat = jnp.where(strict & ~off2, a, 0) + jnp.eye(n, dtype=a.dtype)
    return lmat, dmat, perm


def _ldl_one(a: Any, lower: bool, hermitian: bool) -> tuple[Any, Any, Any]:
    n = a.shape[-1]
    if n == 0:
        return a, a, jnp.zeros((0,), onp.dtype("int64"))
    if lower:
        lmat, dmat, perm = _factor_lower(a, hermitian)
    else:
        lmat, dmat, perm = _factor_lower(a[::-1, ::-1], hermitian)
        lmat, dmat, perm = lmat[::-1, ::-1], dmat[::-1, ::-1], (n - 1 - perm)[::-1]
    inv = jnp.argsort(perm)
    return lmat[inv], dmat, perm


def _ldl_batched(a: Any, *, lower: bool, hermitian: bool) -> tuple[Any, Any, Any]:
    return sp_linalg.over_matrices(lambda m: _ldl_one(m, lower, hermitian), a)


_ldl_staged = staged(_ldl_batched, name="ldl")


def ldl(A: Any, lower: bool = True, hermitian: bool = True, overwrite_a: bool = False,  # noqa: N803
        check_finite: bool = True) -> tuple[Any, Any, Any]:  # fmt: skip
    """``scipy.linalg.ldl``: ``lu, d, perm`` with ``A = lu @ d @ lu^H`` (``^T`` when
    ``hermitian=False``), ``d`` block diagonal with 1x1 and 2x2 blocks and ``lu[perm]`` unit
    lower (``lower=True``) or upper triangular. Only the ``lower`` (or upper) triangle of ``A``
    is read, as in SciPy. Batched over leading dimensions."""
    a = sp_linalg._prep("ldl", A, check_finite)
    sp_linalg._square("ldl", a)
    if a.ndim < 2:
        raise ValueError(f"ldl: expected a square matrix, got shape {a.shape}")
    herm = bool(hermitian) and dtypes.issubdtype(a.dtype, onp.complexfloating)
    # Read one triangle, as LAPACK does, and mirror it into a full (Hermitian) symmetric matrix.
    n = a.shape[-1]
    tri = jnp.tril(a) if lower else jnp.triu(a)
    strict = jnp.tril(a, -1) if lower else jnp.triu(a, 1)
    t = jnp.swapaxes(strict, -1, -2)
    full = tri + (jnp.conj(t) if herm else t)
    if herm:
        if not isinstance(a, core.Tracer) and onp.any(
            onp.imag(onp.diagonal(onp.asarray(a), 0, -2, -1))
        ):
            msg = "ldl: the imaginary parts of the diagonal are ignored; use hermitian=False"
            warnings.warn(msg, onp.exceptions.ComplexWarning, stacklevel=2)
        full = full - 1j * jnp.imag(jnp.diagonal(full, axis1=-2, axis2=-1))[..., None] * jnp.eye(
            n, dtype=full.dtype
        )
    lu_, d, perm = _ldl_staged(full, lower=bool(lower), hermitian=bool(hermitian))
    return lu_, d, perm
