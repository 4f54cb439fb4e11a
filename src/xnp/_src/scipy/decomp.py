"""``scipy.linalg``'s decompositions, least squares, subspaces and structured solvers, over
``xnp.linalg`` and the LAPACK primitives.

Conventions as in ``linalg.py``: ``check_finite`` raises SciPy's ``ValueError`` eagerly,
``overwrite_*``/``lwork``/``lapack_driver`` are accepted (one LAPACK driver each), failed
factorizations follow ``xnp.linalg``'s ``LinAlgError``-eagerly / NaN-under-``jit`` contract.
Functions whose result *shape* depends on values (``null_space``, ``orth``, ``eigh`` with
``subset_by_value``, ``select='v'`` of the banded/tridiagonal eigensolvers) need concrete
arrays and raise a ``TypeError`` naming the fix under a transformation.

Differences from SciPy: the banded and Toeplitz solvers assemble the dense matrix and use LU
or Cholesky (O(n^2) memory; SciPy calls gbsv/pbsv/Levinson); ``eig(a, b)`` is the
eigenproblem of ``solve(b, a)`` (``b`` must be nonsingular: SciPy's QZ also handles singular
``b``) with unit-norm eigenvectors; ``rq`` is computed from a QR of the flipped transpose, so
row signs of ``R`` may differ from LAPACK gerqf's; ``solve_toeplitz``, ``matmul_toeplitz`` and
``solve_circulant`` keep float32 (SciPy returns float64).
"""

from __future__ import annotations

import operator
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import stop_gradient as lax_sg
from xnp._src.numpy import fft as np_fft
from xnp._src.numpy import linalg as np_linalg
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util as np_util
from xnp._src.scipy import linalg as sp_linalg
from xnp._src.scipy import special_matrices

Array = Any
ArrayLike = Any
LinAlgError = onp.linalg.LinAlgError


class LinAlgWarning(RuntimeWarning):
    """Emitted when a linear algebra operation is close to failing (SciPy's category)."""


_prep = sp_linalg._prep
_square = sp_linalg._square


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _concrete(name: str, *xs: Any, why: str) -> None:
    if any(isinstance(x, core.Tracer) for x in xs):
        raise TypeError(f"{name}: {why} depends on the values, so it needs concrete arrays; "
                        "call it outside jit/vmap/grad")  # fmt: skip


def _matrix(name: str, a: Any) -> None:
    if len(_shape(a)) < 2:
        raise ValueError(f"{name}: expected a matrix (..., m, n), got shape {_shape(a)}")


def _H(x: Any) -> Any:  # noqa: N802
    return jnp.conj(jnp.swapaxes(x, -1, -2))


def _eps(dt: Any) -> float:
    return float(onp.finfo(onp.dtype(dt)).eps)


# ----------------------------------------------------------------------------- svd family


def svd(a: ArrayLike, full_matrices: bool = True, compute_uv: bool = True,
        overwrite_a: bool = False, check_finite: bool = True,
        lapack_driver: str = "gesdd") -> Any:  # fmt: skip
    """``a = U @ diag(s) @ Vh`` (``scipy.linalg.svd``): ``(U, s, Vh)`` or ``s``. Both
    ``lapack_driver`` values use gesdd."""
    if lapack_driver not in ("gesdd", "gesvd"):
        raise ValueError(f'svd: lapack_driver must be "gesdd" or "gesvd", not '
                         f'"{lapack_driver}"')  # fmt: skip
    a = _prep("svd", a, check_finite)
    _matrix("svd", a)
    out = np_linalg.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)
    return tuple(out) if compute_uv else out


def svdvals(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """Singular values, descending."""
    return svd(a, compute_uv=False, check_finite=check_finite)


def _cutoff(s_max: Any, atol: Any, rtol: Any, shape: tuple[int, ...], dt: Any) -> Any:
    atol = 0.0 if atol is None else atol
    if rtol is None:
        rtol = max(shape[-2:]) * _eps(dt) if atol == 0 else 0.0
    if onp.any(onp.asarray(atol) < 0) or onp.any(onp.asarray(rtol) < 0):
        raise ValueError("atol and rtol values must be positive.")
    return atol + rtol * s_max


def pinv(a: ArrayLike, *, atol: Any = None, rtol: Any = None, return_rank: bool = False,
         check_finite: bool = True) -> Any:  # fmt: skip
    """Pseudo-inverse from the SVD, singular values ``<= atol + rtol * s_max`` dropped
    (``rtol`` defaults to ``max(m, n) * eps`` when ``atol`` is 0, as SciPy)."""
    a = _prep("pinv", a, check_finite)
    _matrix("pinv", a)
    m, n = _shape(a)[-2:]
    if m == 0 or n == 0:
        out = jnp.zeros((*_shape(a)[:-2], n, m), a.dtype)
        return (out, 0) if return_rank else out
    u, s, vh = np_linalg.svd(a, full_matrices=False)
    cut = _cutoff(jnp.max(s, axis=-1, keepdims=True), atol, rtol, _shape(a), s.dtype)
    keep = s > cut
    s_inv = jnp.where(keep, 1 / jnp.where(keep, s, 1), 0).astype(a.dtype)
    out = jnp.matmul(_H(vh) * s_inv[..., None, :], _H(u))
    if return_rank:
        return out, jnp.sum(keep, axis=-1)
    return out


def pinvh(a: ArrayLike, atol: Any = None, rtol: Any = None, lower: bool = True,
          return_rank: bool = False, check_finite: bool = True) -> Any:  # fmt: skip
    """Pseudo-inverse of a Hermitian matrix from its eigendecomposition (one triangle read)."""
    a = _prep("pinvh", a, check_finite)
    _square("pinvh", a)
    w, v = np_linalg.eigh(a, "L" if lower else "U")
    aw = jnp.abs(w)
    cut = _cutoff(jnp.max(aw, axis=-1, keepdims=True, initial=0.0), atol, rtol, _shape(a),
                  w.dtype)  # fmt: skip
    keep = aw > cut
    w_inv = jnp.where(keep, 1 / jnp.where(keep, w, 1), 0).astype(a.dtype)
    out = jnp.matmul(v * w_inv[..., None, :], _H(v))
    return (out, jnp.sum(keep, axis=-1)) if return_rank else out


def lstsq(a: ArrayLike, b: ArrayLike, cond: Any = None, overwrite_a: bool = False,
          overwrite_b: bool = False, check_finite: bool = True,
          lapack_driver: Any = None) -> tuple:  # fmt: skip
    """Least squares ``min |b - a x|`` from the SVD: ``(x, residues, rank, s)`` as SciPy
    (``residues`` per column when ``rank == n < m``, else empty; a 0-d residue for 1-D
    ``b``); singular values below ``cond * s_max`` count as zero (default: eps)."""
    if lapack_driver not in (None, "gelsd", "gelsy", "gelss"):
        raise ValueError(f"lstsq: LAPACK driver {lapack_driver!r} is not found")
    a = _prep("lstsq", a, check_finite)
    b = _prep("lstsq", b, check_finite)
    if len(_shape(a)) != 2:
        raise ValueError(f"lstsq: Input array a should be 2D, got shape {_shape(a)}")
    if len(_shape(b)) not in (1, 2) or _shape(b)[0] != _shape(a)[0]:
        raise ValueError(f"lstsq: Shape mismatch: a and b should have the same number of rows "
                         f"({_shape(a)} vs {_shape(b)}).")  # fmt: skip
    rcond = _eps(a.dtype) if cond is None else cond
    x, res, rank, s = np_linalg.lstsq(a, b, rcond=rcond)
    if isinstance(rank, int) and len(_shape(b)) == 1 and _shape(res) == (1,):
        res = res[0]
    return x, res, rank, s


def null_space(A: ArrayLike, rcond: Any = None, *, overwrite_a: bool = False,  # noqa: N803
               check_finite: bool = True, lapack_driver: str = "gesdd") -> Array:  # fmt: skip
    """Orthonormal basis (columns) of the null space of ``A`` (from the SVD; singular values
    ``<= rcond * s_max`` count as zero, ``rcond`` default ``eps * max(m, n)``)."""
    u, vh, rank = _svd_rank("null_space", A, rcond, check_finite, full_matrices=True)
    return jnp.conj(jnp.swapaxes(vh[rank:], 0, 1))


def orth(A: ArrayLike, rcond: Any = None) -> Array:  # noqa: N803
    """Orthonormal basis (columns) of the range of ``A`` (from the SVD)."""
    u, vh, rank = _svd_rank("orth", A, rcond, True, full_matrices=False)
    return u[:, :rank]


def _svd_rank(name: str, A: ArrayLike, rcond: Any, check_finite: bool,  # noqa: N803
              full_matrices: bool) -> tuple[Array, Array, int]:  # fmt: skip
    """(u, vh, numerical rank) of 2-d ``A``: singular values ``<= rcond * s_max`` count as
    zero (``rcond`` default ``eps * max(m, n)``). The rank decides a shape, so ``A`` must be
    concrete."""
    a = _prep(name, A, check_finite)
    _concrete(name, a, why="the number of columns of the result")
    if len(_shape(a)) != 2:
        raise ValueError(f"{name}: expected a 2-D array, got shape {_shape(a)}")
    m, n = _shape(a)
    u, s, vh = np_linalg.svd(a, full_matrices=full_matrices)
    if rcond is None:
        rcond = _eps(s.dtype) * max(m, n)
    sv = onp.asarray(s)
    return u, vh, int((sv > rcond * sv.max(initial=0.0)).sum())


def polar(a: ArrayLike, side: str = "right") -> tuple[Array, Array]:
    """Polar decomposition: ``a = u p`` (``side='right'``) or ``a = p u`` (``'left'``), ``u``
    with orthonormal columns/rows and ``p`` Hermitian positive semidefinite (from the SVD)."""
    if side not in ("right", "left"):
        raise ValueError("`side` must be either 'right' or 'left'")
    a = _prep("polar", a, True)
    if len(_shape(a)) != 2:
        raise ValueError(f"`a` must be a 2-D array (polar got shape {_shape(a)}).")
    w, s, vh = np_linalg.svd(a, full_matrices=False)
    u = jnp.matmul(w, vh)
    sc = s.astype(a.dtype)
    if side == "right":
        p = jnp.matmul(_H(vh) * sc[None, :], vh)
    else:
        p = jnp.matmul(w * sc[None, :], _H(w))
    return u, p


def orthogonal_procrustes(A: ArrayLike, B: ArrayLike, check_finite: bool = True) -> tuple:  # noqa: N803
    """The unitary ``R`` minimizing ``|A R - B|_F`` and the sum of the singular values of
    ``A^H B`` (``scale``): ``(R, scale)``."""
    a = _prep("orthogonal_procrustes", A, check_finite)
    b = _prep("orthogonal_procrustes", B, check_finite)
    if len(_shape(a)) != 2:
        raise ValueError(f"orthogonal_procrustes: expected ndim to be 2, but observed "
                         f"{len(_shape(a))}")  # fmt: skip
    if _shape(a) != _shape(b):
        raise ValueError(f"orthogonal_procrustes: the shapes of A and B differ ({_shape(a)} vs "
                         f"{_shape(b)})")  # fmt: skip
    a, b = np_util.promote_dtypes("orthogonal_procrustes", a, b)
    u, w, vh = np_linalg.svd(jnp.matmul(_H(a), b), full_matrices=False)
    return jnp.matmul(u, vh), jnp.sum(w)


def subspace_angles(A: ArrayLike, B: ArrayLike) -> Array:  # noqa: N803
    """Principal angles between the column spaces of ``A`` and ``B``, descending (Knyazev and
    Argentati's sine/cosine combination: accurate for small and large angles)."""
    a = _prep("subspace_angles", A, True)
    b = _prep("subspace_angles", B, True)
    for x in (a, b):
        if len(_shape(x)) != 2:
            raise ValueError(f"subspace_angles: expected 2D array, got array of shape "
                             f"{_shape(x)}")  # fmt: skip
    if _shape(a)[0] != _shape(b)[0]:
        raise ValueError(f"subspace_angles: A and B must have the same number of rows, got "
                         f"{_shape(a)[0]} and {_shape(b)[0]}")  # fmt: skip
    qa, qb = orth(a), orth(b)
    qa, qb = np_util.promote_dtypes("subspace_angles", qa, qb)
    cross = jnp.matmul(_H(qa), qb)
    sigma = np_linalg.svd(cross, compute_uv=False)
    if _shape(qa)[1] >= _shape(qb)[1]:
        resid = qb - jnp.matmul(qa, cross)
    else:
        resid = qa - jnp.matmul(qb, _H(cross))
    k = _shape(sigma)[0]
    sines = np_linalg.svd(resid, compute_uv=False)[:k] if k else sigma
    mask = sigma**2 >= 0.5
    theta_small = jnp.arcsin(jnp.clip(sines, -1.0, 1.0))
    theta_large = jnp.arccos(jnp.clip(jnp.flip(sigma), -1.0, 1.0))
    # As SciPy: the mask is in sigma's (descending) order, the arccos branch reversed.
    return jnp.where(mask, theta_small, theta_large)


# ----------------------------------------------------------------------------- QR, RQ


def _eye_perm(n: int) -> Any:
    return jnp.arange(n, dtype="int32")


def qr(a: ArrayLike, overwrite_a: bool = False, lwork: Any = None, mode: str = "full",
       pivoting: bool = False, check_finite: bool = True) -> tuple:  # fmt: skip
    """QR decomposition (``scipy.linalg.qr``): ``mode`` ``'full'`` ``(Q, R)`` with Q (m, m),
    ``'economic'`` (Q (m, k)), ``'r'`` ``(R,)``, ``'raw'`` ``((h, tau), R)``; with
    ``pivoting`` the column permutation ``P`` (int32, ``a[:, P] = Q R``) is appended.

    Pivoting takes ``P`` from LAPACK geqp3 and factors ``a[:, P]`` again with geqrf, so ``Q``
    and ``R`` are differentiable (``P`` is piecewise constant)."""
    if mode not in ("full", "r", "economic", "raw"):
        raise ValueError(f"Mode argument should be one of ['full', 'r', 'economic', 'raw'], "
                         f"got {mode!r}")  # fmt: skip
    a = _prep("qr", a, check_finite)
    if len(_shape(a)) != 2:
        raise ValueError(f"expected a 2-D array (qr), got shape {_shape(a)}")
    perm = None
    if pivoting:
        _, perm, _ = lax_linalg.geqp3(lax_sg.stop_gradient(a))
        a = jnp.take(a, perm, axis=1)
    if mode == "raw":
        h, tau = lax_linalg.geqrf(a)
        m, n = _shape(a)
        out: tuple = ((h, tau), lax_linalg._triu(h[:n] if m >= n else h))
    else:
        q, r = lax_linalg.qr(a, full_matrices=mode in ("full", "r"))
        out = (r,) if mode == "r" else (q, r)
    return (*out, perm) if pivoting else out


def rq(a: ArrayLike, overwrite_a: bool = False, lwork: Any = None, mode: str = "full",
       check_finite: bool = True) -> Any:  # fmt: skip
    """RQ decomposition ``a = R Q`` (``R`` upper trapezoidal, ``Q`` unitary rows): ``mode``
    ``'full'`` (Q (n, n)), ``'economic'`` (R (m, k), Q (k, n)), ``'r'`` (R alone)."""
    if mode not in ("full", "r", "economic"):
        raise ValueError(f"Mode argument should be one of ['full', 'r', 'economic'], got "
                         f"{mode!r}")  # fmt: skip
    a = _prep("rq", a, check_finite)
    if len(_shape(a)) != 2:
        raise ValueError(f"expected matrix (rq), got shape {_shape(a)}")
    m, n = _shape(a)
    # a = J_m R1^H Q1^H for the QR of c = (J_m a)^H; then R = J_m R1^H J_k, Q = J_k Q1^H.
    c = _H(jnp.flip(a, axis=0))
    q1, r1 = lax_linalg.qr(c, full_matrices=mode in ("full", "r"))
    r = jnp.flip(jnp.flip(_H(r1), axis=0), axis=1)
    q = jnp.flip(_H(q1), axis=0)
    if mode == "r":
        return r
    return r, q


def qr_multiply(a: ArrayLike, c: ArrayLike, mode: str = "right", pivoting: bool = False,
                conjugate: bool = False, overwrite_a: bool = False,
                overwrite_c: bool = False) -> tuple:  # fmt: skip
    """``Q @ c`` (``mode='left'``) or ``c @ Q`` (``'right'``) with the economic ``Q`` of
    ``a``'s QR (conjugated when ``conjugate``), and ``R``: ``(product, R[, P])``."""
    if mode not in ("left", "right"):
        raise ValueError(f"Mode argument can only be 'left' or 'right' but not '{mode}'")
    a = _prep("qr_multiply", a, True)
    c = _prep("qr_multiply", c, True)
    if len(_shape(a)) != 2:
        raise ValueError(f"qr_multiply: expected a 2-D a, got shape {_shape(a)}")
    m, n = _shape(a)
    k = min(m, n)
    res = qr(a, mode="economic", pivoting=pivoting, check_finite=False)
    q, r = res[0], res[1]
    r = r[:k]
    q = jnp.conj(q) if conjugate else q
    vec = len(_shape(c)) == 1
    c2 = c[:, None] if (vec and mode == "left") else (c[None, :] if vec else c)
    if mode == "left":
        if _shape(c2)[0] != k:
            raise ValueError(f"qr_multiply: Array shapes are not compatible for Q @ c operation:"
                             f" {_shape(q)} vs {_shape(c)}")  # fmt: skip
        out = jnp.matmul(q, c2)
    else:
        if _shape(c2)[-1] != m:
            raise ValueError(f"qr_multiply: Array shapes are not compatible for c @ Q operation:"
                             f" {_shape(c)} vs {_shape(q)}")  # fmt: skip
        out = jnp.matmul(c2, q)
    if vec:
        out = jnp.ravel(out)
    return (out, r, res[2]) if pivoting else (out, r)


# ----------------------------------------------------------------------------- eigenproblems


def _unit_columns(v: Any) -> Any:
    return v / jnp.sqrt(jnp.sum(jnp.abs(v) ** 2, axis=-2, keepdims=True)).astype(v.dtype)


def eig(a: ArrayLike, b: ArrayLike = None, left: bool = False, right: bool = True,
        overwrite_a: bool = False, overwrite_b: bool = False, check_finite: bool = True,
        homogeneous_eigvals: bool = False) -> Any:  # fmt: skip
    """Eigenvalues (always complex, as SciPy) and left/right eigenvectors (columns, unit
    norm; real when the input and spectrum are real, eagerly) of a square matrix."""
    a = _prep("eig", a, check_finite)
    _square("eig", a)
    if b is not None:
        b = _prep("eig", b, check_finite)
        _square("eig", b)
        if _shape(b) != _shape(a):
            raise ValueError(f"eig: a and b must have the same shape, got {_shape(a)} and "
                             f"{_shape(b)}")  # fmt: skip
        a = np_linalg.solve(b, a)
    w, vr = np_linalg.eig(a)
    w = w.astype(jnp.result_type(w.dtype, 1j))
    if homogeneous_eigvals:
        w = jnp.stack([w, jnp.ones_like(w)])
    out: list = [w]
    if left:
        vl = _unit_columns(_H(np_linalg.inv(vr)))
        out.append(vl)
    if right:
        out.append(vr)
    return out[0] if len(out) == 1 else tuple(out)


def eigvals(a: ArrayLike, b: ArrayLike = None, overwrite_a: bool = False,
            check_finite: bool = True, homogeneous_eigvals: bool = False) -> Array:  # fmt: skip
    """Eigenvalues of a square matrix (complex)."""
    return eig(a, b, right=False, check_finite=check_finite,
               homogeneous_eigvals=homogeneous_eigvals)  # fmt: skip


def _subset(name: str, w: Any, v: Any, by_index: Any, by_value: Any) -> tuple[Any, Any]:
    n = _shape(w)[-1]
    if by_index is not None and by_value is not None:
        raise ValueError(f"{name}: Either index or value subset can be requested.")
    if by_index is not None:
        lo, hi = (operator.index(i) for i in by_index)
        if not 0 <= lo <= hi < n:
            raise ValueError(f"{name}: Requested eigenvalue indices are not valid. Valid range "
                             f"is [0, {n - 1}] and start <= end, but start={lo}, end={hi} is "
                             "given")  # fmt: skip
        return w[..., lo:hi + 1], (None if v is None else v[..., lo:hi + 1])
    if by_value is not None:
        lo, hi = by_value
        if lo >= hi:
            raise ValueError(f"{name}: Requested eigenvalue bounds are not valid. Valid range "
                             f"is (-inf, inf) and low < high, but low={lo}, high={hi} is given")
        _concrete(name, w, why="the number of eigenvalues in subset_by_value")
        keep = onp.nonzero((onp.asarray(w) > lo) & (onp.asarray(w) <= hi))[-1]
        idx = jnp.asarray(keep.astype(onp.int64))
        return jnp.take(w, idx, axis=-1), (None if v is None else jnp.take(v, idx, axis=-1))
    return w, v


def eigh(a: ArrayLike, b: ArrayLike = None, *, lower: bool = True, eigvals_only: bool = False,
         overwrite_a: bool = False, overwrite_b: bool = False, type: int = 1,  # noqa: A002
         check_finite: bool = True, subset_by_index: Any = None, subset_by_value: Any = None,
         driver: Any = None) -> Any:  # fmt: skip
    """Eigenvalues (ascending) and eigenvectors of a Hermitian matrix, or of the generalized
    problem with Hermitian positive-definite ``b`` (``type`` 1: ``a x = w b x``, 2:
    ``a b x = w x``, 3: ``b a x = w x``) reduced through ``b``'s Cholesky factor ``L``:
    eigenvectors normalized as SciPy (``x^H b x = I``, or ``x^H b^-1 x = I`` for type 3).
    ``lower`` says which triangle of ``a`` and ``b`` is read; ``driver`` is accepted."""
    a = _prep("eigh", a, check_finite)
    _square("eigh", a)
    if type not in (1, 2, 3):
        raise ValueError(f"eigh: type must be 1, 2 or 3, got {type!r}")
    uplo = "L" if lower else "U"
    if b is None:
        w, v = np_linalg.eigh(a, uplo)
    else:
        b = _prep("eigh", b, check_finite)
        _square("eigh", b)
        if _shape(b) != _shape(a):
            raise ValueError(f"eigh: wrong b dimensions {_shape(b)}, should be {_shape(a)}")
        a, b = np_util.promote_dtypes("eigh", a, b)
        a = lax_linalg._hermitian_from_triangle(a, lower)
        chol = np_linalg.cholesky(b if lower else _H(b))  # the lower factor of b's triangle
        solve_l = lambda x, **kw: lax_linalg.triangular_solve(chol, x, left_side=True,  # noqa: E731
                                                               lower=True, **kw)
        if type == 1:  # L^-1 a L^-H
            c = solve_l(_H(solve_l(a)), conjugate_a=False)
            c = _H(c)
        else:  # L^H a L
            c = jnp.matmul(_H(chol), jnp.matmul(a, chol))
        w, y = np_linalg.eigh(c, "L", symmetrize_input=True)
        if type == 3:
            v = jnp.matmul(chol, y)
        else:
            v = solve_l(y, transpose_a=True, conjugate_a=True)
    w, v = _subset("eigh", w, v, subset_by_index, subset_by_value)
    return w if eigvals_only else (w, v)


def eigvalsh(a: ArrayLike, b: ArrayLike = None, *, lower: bool = True,
             overwrite_a: bool = False, overwrite_b: bool = False, type: int = 1,  # noqa: A002
             check_finite: bool = True, subset_by_index: Any = None,
             subset_by_value: Any = None, driver: Any = None) -> Array:  # fmt: skip
    """Eigenvalues (ascending) of a Hermitian (generalized) eigenproblem (see ``eigh``)."""
    return eigh(a, b, lower=lower, eigvals_only=True, type=type, check_finite=check_finite,
                subset_by_index=subset_by_index, subset_by_value=subset_by_value)


def _select(name: str, w: Any, v: Any, select: str, select_range: Any) -> tuple[Any, Any]:
    if select in ("a", "all", 0):
        return w, v
    if select in ("i", "index", 2):
        lo, hi = select_range
        return _subset(name, w, v, (lo, hi), None)
    if select in ("v", "value", 1):
        lo, hi = select_range
        return _subset(name, w, v, None, (lo, hi))
    raise ValueError(f"{name}: invalid argument for select: {select!r}")


def _tridiagonal(name: str, d: Any, e: Any) -> Any:
    d = _prep(name, d, True)
    e = _prep(name, e, True)
    if len(_shape(d)) != 1 or len(_shape(e)) != 1:
        raise ValueError(f"{name}: expected 1-D d and e, got shapes {_shape(d)} and "
                         f"{_shape(e)}")  # fmt: skip
    n = _shape(d)[0]
    if _shape(e)[0] != max(n - 1, 0):
        raise ValueError(f"{name}: d ({n}) must have one more element than e "
                         f"({_shape(e)[0]})")  # fmt: skip
    if dtypes.kind(d.dtype) == "c":
        raise TypeError(f"{name}: Only real arrays currently supported for d (got complex)")
    d, e = np_util.promote_dtypes(name, d, e)
    a = d[:, None] * jnp.eye(n, dtype=d.dtype)
    if n > 1:
        sub = jnp.eye(n, k=-1, dtype=d.dtype) * jnp.concatenate([e, jnp.zeros(1, e.dtype)])
        a = a + sub + _H(sub)
    return a


def eigh_tridiagonal(d: ArrayLike, e: ArrayLike, eigvals_only: bool = False,
                     select: str = "a", select_range: Any = None, check_finite: bool = True,
                     tol: float = 0.0, lapack_driver: str = "auto") -> Any:  # fmt: skip
    """Eigenvalues (ascending) and eigenvectors of the real symmetric (or Hermitian, complex
    ``e``) tridiagonal matrix with diagonal ``d`` and off-diagonal ``e``."""
    a = _tridiagonal("eigh_tridiagonal", d, e)
    w, v = np_linalg.eigh(a, "L")
    w, v = _select("eigh_tridiagonal", w, v, select, select_range)
    return w if eigvals_only else (w, v)


def eigvalsh_tridiagonal(d: ArrayLike, e: ArrayLike, select: str = "a",
                         select_range: Any = None, check_finite: bool = True, tol: float = 0.0,
                         lapack_driver: str = "auto") -> Array:  # fmt: skip
    """Eigenvalues (ascending) of a symmetric tridiagonal matrix (see ``eigh_tridiagonal``)."""
    return eigh_tridiagonal(d, e, True, select, select_range)


# ----------------------------------------------------------------------------- banded


def _band_to_dense(name: str, ab: Any, lower: int, upper: int, n_cols: int | None = None) -> Any:
    """The dense matrix ``A[i, j] = ab[upper + i - j, j]`` (LAPACK's band storage)."""
    rows, n = _shape(ab)
    if rows != lower + upper + 1:
        raise ValueError(f"{name}: invalid values for the number of lower and upper diagonals:"
                         f" l+u+1 ({lower + upper + 1}) does not equal ab.shape[0] ({rows})")
    i = onp.arange(n)[:, None]
    j = onp.arange(n)[None, :]
    k = upper + i - j
    inside = (k >= 0) & (k < rows)
    flat = jnp.concatenate([jnp.ravel(ab), jnp.zeros(1, ab.dtype)])
    idx = onp.where(inside, k * n + j, rows * n)
    return jnp.take(flat, jnp.asarray(idx.astype(onp.int64)))


def _dense_to_band(a: Any, lower: int, upper: int) -> Any:
    n = _shape(a)[-1]
    rows = lower + upper + 1
    r = onp.arange(rows)[:, None]
    j = onp.arange(n)[None, :]
    i = r - upper + j
    inside = (i >= 0) & (i < n)
    flat = jnp.concatenate([jnp.ravel(a), jnp.zeros(1, a.dtype)])
    idx = onp.where(inside, i * n + j, n * n)
    return jnp.take(flat, jnp.asarray(idx.astype(onp.int64)))


def solve_banded(l_and_u: tuple, ab: ArrayLike, b: ArrayLike, overwrite_ab: bool = False,
                 overwrite_b: bool = False, check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``a x = b`` for banded ``a`` given in LAPACK band storage ``ab`` with ``(l, u)``
    lower and upper diagonals (dense LU underneath)."""
    lower, upper = (operator.index(x) for x in l_and_u)
    ab = _prep("solve_banded", ab, check_finite)
    b = _prep("solve_banded", b, check_finite)
    if len(_shape(ab)) != 2:
        raise ValueError(f"solve_banded: ab must be 2-D, got shape {_shape(ab)}")
    if _shape(b)[0] != _shape(ab)[-1]:
        raise ValueError(f"solve_banded: shapes of ab {_shape(ab)} and b {_shape(b)} are "
                         "incompatible")  # fmt: skip
    a = _band_to_dense("solve_banded", ab, lower, upper)
    return np_linalg.solve(*np_util.promote_dtypes("solve_banded", a, b))


def _h_band(name: str, ab: Any, lower: bool) -> tuple[Any, int]:
    u = _shape(ab)[0] - 1
    if lower:
        return _band_to_dense(name, ab, u, 0), u
    return _band_to_dense(name, ab, 0, u), u


def solveh_banded(ab: ArrayLike, b: ArrayLike, overwrite_ab: bool = False,
                  overwrite_b: bool = False, lower: bool = False,
                  check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``a x = b`` for Hermitian positive-definite banded ``a`` in upper (default) or
    lower band storage (dense Cholesky underneath)."""
    ab = _prep("solveh_banded", ab, check_finite)
    b = _prep("solveh_banded", b, check_finite)
    a, _ = _h_band("solveh_banded", ab, lower)
    return sp_linalg.solve(a, b, assume_a="pos", lower=lower, check_finite=False)


def cholesky_banded(ab: ArrayLike, overwrite_ab: bool = False, lower: bool = False,
                    check_finite: bool = True) -> Array:  # fmt: skip
    """Cholesky factor of a banded Hermitian positive-definite matrix, in the same band
    storage (upper ``U`` with ``a = U^H U`` by default, lower ``L`` when ``lower``)."""
    ab = _prep("cholesky_banded", ab, check_finite)
    a, u = _h_band("cholesky_banded", ab, lower)
    c = sp_linalg.cholesky(a, lower=lower, check_finite=False)
    return _dense_to_band(c, u, 0) if lower else _dense_to_band(c, 0, u)


def cho_solve_banded(cb_and_lower: tuple, b: ArrayLike, overwrite_b: bool = False,
                     check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``a x = b`` from ``cholesky_banded``'s factor: ``(cb, lower)``."""
    cb, lower = cb_and_lower
    cb = _prep("cho_solve_banded", cb, check_finite)
    c, _ = _h_band("cho_solve_banded", cb, lower)
    return sp_linalg.cho_solve((c, lower), b, check_finite=check_finite)


def eig_banded(a_band: ArrayLike, lower: bool = False, eigvals_only: bool = False,
               overwrite_a_band: bool = False, select: str = "a", select_range: Any = None,
               max_ev: int = 0, check_finite: bool = True) -> Any:  # fmt: skip
    """Eigenvalues (ascending) and eigenvectors of a Hermitian banded matrix in upper
    (default) or lower band storage (dense eigh underneath)."""
    ab = _prep("eig_banded", a_band, check_finite)
    if len(_shape(ab)) != 2:
        raise ValueError(f"eig_banded: expected a 2-D band, got shape {_shape(ab)}")
    a, _ = _h_band("eig_banded", ab, lower)
    w, v = np_linalg.eigh(a, "L" if lower else "U")
    w, v = _select("eig_banded", w, v, select, select_range)
    return w if eigvals_only else (w, v)


def eigvals_banded(a_band: ArrayLike, lower: bool = False, overwrite_a_band: bool = False,
                   select: str = "a", select_range: Any = None,
                   check_finite: bool = True) -> Array:  # fmt: skip
    """Eigenvalues (ascending) of a Hermitian banded matrix (see ``eig_banded``)."""
    return eig_banded(a_band, lower, True, select=select, select_range=select_range,
                      check_finite=check_finite)  # fmt: skip


# ----------------------------------------------------------------------------- Toeplitz, circulant


def _c_and_r(name: str, c_or_cr: Any) -> tuple[Any, Any]:
    if isinstance(c_or_cr, tuple):
        c, r = c_or_cr
        c, r = _prep(name, c, True), _prep(name, r, True)
    else:
        c = _prep(name, c_or_cr, True)
        r = jnp.conj(c)
    return jnp.ravel(c), jnp.ravel(r)


def solve_toeplitz(c_or_cr: Any, b: ArrayLike, check_finite: bool = True) -> Array:
    """Solve ``T x = b`` for the Toeplitz ``T = toeplitz(c, r)`` (dense LU; SciPy uses
    Levinson recursion, which needs nonsingular leading minors)."""
    c, r = _c_and_r("solve_toeplitz", c_or_cr)
    b = _prep("solve_toeplitz", b, check_finite)
    t = special_matrices.toeplitz(c, r)
    if _shape(t)[0] != _shape(t)[1]:
        raise ValueError(f"solve_toeplitz: the Toeplitz matrix must be square, got "
                         f"{_shape(t)}")  # fmt: skip
    if _shape(b)[0] != _shape(t)[0]:
        raise ValueError(f"solve_toeplitz: incompatible dimensions: T {_shape(t)}, b "
                         f"{_shape(b)}")  # fmt: skip
    return np_linalg.solve(*np_util.promote_dtypes("solve_toeplitz", t, b))


def matmul_toeplitz(c_or_cr: Any, x: ArrayLike, check_finite: bool = False,
                    workers: Any = None) -> Array:  # fmt: skip
    """``toeplitz(c, r) @ x`` by FFT: the Toeplitz matrix embedded in a circulant one of
    size ``m + n - 1``."""
    c, r = _c_and_r("matmul_toeplitz", c_or_cr)
    x = _prep("matmul_toeplitz", x, check_finite)
    m, n = _shape(c)[0], _shape(r)[0]
    vec = len(_shape(x)) == 1
    x2 = x[:, None] if vec else x
    if _shape(x2)[0] != n:
        raise ValueError(f"matmul_toeplitz: Incompatible dimensions: the Toeplitz matrix is "
                         f"({m}, {n}), x has shape {_shape(x)}")  # fmt: skip
    size = m + n - 1
    col = jnp.concatenate([c, jnp.flip(r[1:])]) if n > 1 else c
    pad = jnp.concatenate([x2, jnp.zeros((size - n, _shape(x2)[1]), x2.dtype)], axis=0)
    prod = np_fft.ifft(np_fft.fft(col)[:, None] * np_fft.fft(pad, axis=0), axis=0)[:m]
    real = all(dtypes.kind(v.dtype) != "c" for v in (c, r, x))
    out = jnp.real(prod) if real else prod
    out = out.astype(jnp.result_type(c.dtype, r.dtype, x.dtype))
    return out[:, 0] if vec else out


def solve_circulant(c: ArrayLike, b: ArrayLike, singular: str = "raise", tol: Any = None,
                    caxis: int = -1, baxis: int = 0, outaxis: int = 0) -> Array:  # fmt: skip
    """Solve ``C x = b`` for the circulant ``C`` with first column ``c`` by FFT (division by
    ``fft(c)``). ``singular='raise'`` raises ``LinAlgError`` eagerly when an eigenvalue of
    ``C`` is ``<= tol`` (default ``max|fft(c)| * n * eps``); ``'lstsq'`` drops them (the
    minimum-norm least-squares solution)."""
    if singular not in ("raise", "lstsq"):
        raise ValueError("singular must be 'raise' or 'lstsq'")
    c = np_linalg._inexact("solve_circulant", np_util.asarray(c, "solve_circulant"))
    b = np_linalg._inexact("solve_circulant", np_util.asarray(b, "solve_circulant"))
    c = jnp.moveaxis(c, caxis, -1)
    b = jnp.moveaxis(b, baxis, -1)
    n = _shape(c)[-1]
    if _shape(b)[-1] != n:
        raise ValueError(f"solve_circulant: Shapes of c {_shape(c)} and b {_shape(b)} are "
                         "incompatible")  # fmt: skip
    fc = np_fft.fft(c, axis=-1)
    ac = jnp.abs(fc)
    if tol is None:
        tol = jnp.max(ac, axis=-1, keepdims=True) * n * _eps(ac.dtype)
    near_zero = lax_sg.stop_gradient(ac) <= lax_sg.stop_gradient(tol)
    if singular == "raise" and not isinstance(near_zero, core.Tracer) and bool(
            onp.asarray(near_zero).any()):  # fmt: skip
        raise LinAlgError("near singular circulant matrix.")
    fb = np_fft.fft(b, axis=-1)
    if len(_shape(fb)) < len(_shape(fc)):
        fb = jnp.reshape(fb, (1,) * (len(_shape(fc)) - len(_shape(fb))) + _shape(fb))
    q = fb / jnp.where(near_zero, 1, fc)
    q = jnp.where(near_zero, 0, q)
    x = np_fft.ifft(q, axis=-1)
    if dtypes.kind(c.dtype) != "c" and dtypes.kind(b.dtype) != "c":
        x = jnp.real(x)
    return jnp.moveaxis(x, -1, outaxis)


# ----------------------------------------------------------------------------- structure


def bandwidth(a: ArrayLike) -> tuple[int, int]:
    """``(lower, upper)``: the number of nonzero sub- and superdiagonals (eager only)."""
    a = np_util.asarray(a, "bandwidth")
    _concrete("bandwidth", a, why="the bandwidth")
    x = onp.asarray(a)
    if x.ndim < 2:
        raise ValueError(f"bandwidth: Input array must be at least 2D, got shape {x.shape}")
    i, j = onp.nonzero(x.reshape(-1, *x.shape[-2:]).any(axis=0))
    if i.size == 0:
        return 0, 0
    return int(max((i - j).max(), 0)), int(max((j - i).max(), 0))


def _is_sym(name: str, a: Any, atol: Any, rtol: Any, herm: bool) -> bool:
    a = np_util.asarray(a, name)
    _concrete(name, a, why="the answer")
    x = onp.asarray(a)
    if x.ndim != 2 or x.shape[0] != x.shape[1]:
        raise ValueError(f"{name}: Input a needs to be a square matrix, got shape {x.shape}")
    y = x.conj().T if herm else x.T
    if atol is None and rtol is None:
        return bool((x == y).all())
    return bool(onp.allclose(x, y, rtol=rtol or 0.0, atol=atol or 0.0))


def issymmetric(a: ArrayLike, atol: Any = None, rtol: Any = None) -> bool:
    """Whether ``a == a.T`` (exactly, or within ``atol``/``rtol``)."""
    return _is_sym("issymmetric", a, atol, rtol, False)


def ishermitian(a: ArrayLike, atol: Any = None, rtol: Any = None) -> bool:
    """Whether ``a == a^H`` (exactly, or within ``atol``/``rtol``)."""
    return _is_sym("ishermitian", a, atol, rtol, True)


# ----------------------------------------------------------------------------- QR updates


def _qr_like(q: Any, a: Any) -> tuple[Any, Any]:
    """The QR of ``a`` in ``q``'s mode (full when ``q`` is square, else economic)."""
    m = _shape(a)[0]
    full = _shape(q)[0] == _shape(q)[1] == m
    return lax_linalg.qr(a, full_matrices=full)


def _qr_inputs(name: str, q: Any, r: Any, check_finite: bool) -> tuple[Any, Any]:
    q, r = _prep(name, q, check_finite), _prep(name, r, check_finite)
    if len(_shape(q)) != 2 or len(_shape(r)) != 2 or _shape(q)[1] != _shape(r)[0]:
        raise ValueError(f"{name}: Q and R must be 2-D with Q.shape[1] == R.shape[0], got "
                         f"{_shape(q)} and {_shape(r)}")  # fmt: skip
    return tuple(np_util.promote_dtypes(name, q, r))


def qr_update(Q: ArrayLike, R: ArrayLike, u: ArrayLike, v: ArrayLike,  # noqa: N803
              overwrite_qruv: bool = False, check_finite: bool = True) -> tuple:  # fmt: skip
    """QR of ``Q R + u v^H`` (rank 1, or rank k for 2-D ``u``, ``v``). Recomputed from the
    updated matrix (O(mn min(m, n)); SciPy updates by Givens rotations in O(mn)): the
    factors can differ from SciPy's in the signs of R's rows and Q's columns."""
    q, r = _qr_inputs("qr_update", Q, R, check_finite)
    u = _prep("qr_update", u, check_finite)
    v = _prep("qr_update", v, check_finite)
    u2 = u[:, None] if len(_shape(u)) == 1 else u
    v2 = v[:, None] if len(_shape(v)) == 1 else v
    if _shape(u2)[0] != _shape(q)[0] or _shape(v2)[0] != _shape(r)[1] or (
            _shape(u2)[1] != _shape(v2)[1]):  # fmt: skip
        raise ValueError(f"qr_update: u {_shape(u)} and v {_shape(v)} do not match Q "
                         f"{_shape(q)} and R {_shape(r)}")  # fmt: skip
    a = jnp.matmul(q, r) + jnp.matmul(u2, _H(v2))
    return _qr_like(q, a)


def qr_insert(Q: ArrayLike, R: ArrayLike, u: ArrayLike, k: int, which: str = "row",  # noqa: N803
              rcond: Any = None, overwrite_qru: bool = False,
              check_finite: bool = True) -> tuple:  # fmt: skip
    """QR of ``Q R`` with rows (``which='row'``) or columns (``'col'``) ``u`` inserted
    before row/column ``k`` (recomputed; see ``qr_update``)."""
    q, r = _qr_inputs("qr_insert", Q, R, check_finite)
    u = _prep("qr_insert", u, check_finite)
    a = jnp.matmul(q, r)
    m, n = _shape(a)
    k = operator.index(k)
    if which == "row":
        if not 0 <= k <= m:
            raise ValueError(f"qr_insert: k is not a valid index (got {k} for {m} rows)")
        if _shape(q)[0] != _shape(q)[1]:
            raise ValueError("qr_insert: inserting rows needs the full Q (Q must be square)")
        rows = u[None, :] if len(_shape(u)) == 1 else u
        if _shape(rows)[1] != n:
            raise ValueError(f"qr_insert: the rows to insert have {_shape(rows)[1]} columns, "
                             f"expected {n}")  # fmt: skip
        a = jnp.concatenate([a[:k], rows.astype(a.dtype), a[k:]], axis=0)
        return lax_linalg.qr(a, full_matrices=True)
    if which == "col":
        if not 0 <= k <= n:
            raise ValueError(f"qr_insert: k is not a valid index (got {k} for {n} columns)")
        cols = u[:, None] if len(_shape(u)) == 1 else u
        if _shape(cols)[0] != m:
            raise ValueError(f"qr_insert: the columns to insert have {_shape(cols)[0]} rows, "
                             f"expected {m}")  # fmt: skip
        a = jnp.concatenate([a[:, :k], cols.astype(a.dtype), a[:, k:]], axis=1)
        return _qr_like(q, a)
    raise ValueError(f"qr_insert: 'which' has to be either 'row' or 'col', got {which!r}")


def qr_delete(Q: ArrayLike, R: ArrayLike, k: int, p: int = 1, which: str = "row",  # noqa: N803
              overwrite_qr: bool = False, check_finite: bool = True) -> tuple:  # fmt: skip
    """QR of ``Q R`` with ``p`` rows or columns deleted from ``k`` on (recomputed; see
    ``qr_update``)."""
    q, r = _qr_inputs("qr_delete", Q, R, check_finite)
    a = jnp.matmul(q, r)
    m, n = _shape(a)
    k, p = operator.index(k), operator.index(p)
    size = m if which == "row" else n
    if which not in ("row", "col"):
        raise ValueError(f"qr_delete: 'which' has to be either 'row' or 'col', got {which!r}")
    if p <= 0 or not 0 <= k < size or k + p > size:
        raise ValueError(f"qr_delete: invalid k={k}, p={p} for {size} {which}s")
    if which == "row":
        if _shape(q)[0] != _shape(q)[1]:
            raise ValueError("qr_delete: deleting rows needs the full Q (Q must be square)")
        a = jnp.concatenate([a[:k], a[k + p:]], axis=0)
        return lax_linalg.qr(a, full_matrices=True)
    a = jnp.concatenate([a[:, :k], a[:, k + p:]], axis=1)
    return _qr_like(q, a)


# ----------------------------------------------------------------------------- misc


def cdf2rdf(w: ArrayLike, v: ArrayLike) -> tuple[Array, Array]:
    """Complex eigenvalues/eigenvectors (conjugate pairs adjacent, as ``eig`` returns them)
    to the real block-diagonal form: ``(wr, vr)`` with ``a @ vr == vr @ wr``. The pair
    positions are read from ``w``'s values, so ``w`` must be concrete."""
    w = np_util.asarray(w, "cdf2rdf")
    v = np_util.asarray(v, "cdf2rdf")
    _concrete("cdf2rdf", w, why="the position of the complex pairs")
    if len(_shape(w)) < 1:
        raise ValueError("expected w to be at least 1D")
    if len(_shape(v)) < 2:
        raise ValueError("expected v to be at least 2D")
    if len(_shape(v)) != len(_shape(w)) + 1:
        raise ValueError("expected eigenvectors array to have exactly one dimension more than "
                         "eigenvalues array")  # fmt: skip
    n = _shape(w)[-1]
    if _shape(v)[-2] != _shape(v)[-1]:
        raise ValueError("expected v to be a square matrix or stacked square matrices: "
                         "v.shape[-2] = v.shape[-1]")  # fmt: skip
    if _shape(v)[-1] != n:
        raise ValueError("expected the same number of eigenvalues as eigenvectors")
    wv = onp.asarray(w)
    is_c = onp.iscomplex(wv)
    if (is_c.sum(axis=-1) % 2).any():
        raise ValueError("expected complex-conjugate pairs of eigenvalues")
    pos = onp.nonzero(is_c)
    stack, elem = pos[:-1], pos[-1]
    j, k = elem[0::2], elem[1::2]
    batch = tuple(s[0::2] for s in stack)
    pair = onp.zeros((*_shape(w), n), bool)
    pair[batch + (j, k)] = True
    pair[batch + (k, j)] = True
    u = onp.zeros((*_shape(w), n), complex)
    di = onp.arange(n)
    u[..., di, di] = 1.0
    u[batch + (j, j)] = 0.5j
    u[batch + (j, k)] = 0.5
    u[batch + (k, j)] = -0.5j
    u[batch + (k, k)] = 0.5
    wre, wim = jnp.real(w), jnp.imag(w)
    wr = _diag_embed(wre) + jnp.where(jnp.asarray(pair), wim[..., :, None], 0)
    vr = jnp.real(jnp.matmul(v.astype(jnp.result_type(v.dtype, 1j)),
                             jnp.asarray(u).astype(jnp.result_type(v.dtype, 1j))))  # fmt: skip
    return wr, vr


def _diag_embed(d: Any) -> Any:
    n = _shape(d)[-1]
    return d[..., :, None] * jnp.eye(n, dtype=d.dtype)


def clarkson_woodruff_transform(input_matrix: ArrayLike, sketch_size: int, rng: Any = None, *,
                                seed: Any = None) -> Array:  # fmt: skip
    """``S @ input_matrix`` for the Clarkson-Woodruff sketch ``S`` (sketch_size, n): each
    column of ``S`` has one random +-1 in a random row. ``S`` is drawn on the host with
    NumPy's generator in SciPy's order (``rng``: an int or ``numpy.random.Generator``;
    legacy ``seed``: a ``RandomState``), so the same ``rng`` gives SciPy's sketch."""
    a = np_util.asarray(input_matrix, "clarkson_woodruff_transform")
    if len(_shape(a)) < 2:
        raise ValueError(f"clarkson_woodruff_transform: expected a matrix, got shape "
                         f"{_shape(a)}")  # fmt: skip
    size = operator.index(sketch_size)
    n = _shape(a)[-2]
    if seed is not None:
        if rng is not None:
            raise ValueError("clarkson_woodruff_transform: pass rng or seed, not both")
        gen = seed if isinstance(seed, onp.random.RandomState) else onp.random.RandomState(seed)
        rows = gen.randint(0, size, n)
    else:
        gen = rng if isinstance(rng, onp.random.Generator) else onp.random.default_rng(rng)
        rows = gen.integers(0, size, n)
    signs = gen.choice([1, -1], n)
    s = onp.zeros((size, n))
    s[rows, onp.arange(n)] = signs
    return jnp.matmul(jnp.asarray(s).astype(jnp.result_type(a.dtype, 1.0)), a)
