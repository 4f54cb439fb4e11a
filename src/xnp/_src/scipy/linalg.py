"""``xnp.scipy.linalg``: SciPy's LU, Cholesky and triangular solvers and passthroughs to
``xnp.linalg``, over the LAPACK primitives of ``lax/linalg.py``.

``check_finite=True`` (SciPy's default) raises SciPy's ``ValueError`` for non-finite input
eagerly; traced values cannot be checked. Failed factorizations follow ``xnp.linalg``'s
contract (``LinAlgError`` eagerly, NaN/inf under ``jit``). ``overwrite_*`` are accepted and
ignored (arrays are immutable). ``cho_factor`` zeros the unused triangle (SciPy leaves
arbitrary values there).
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.api import vmap
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import loops, shapes, sorting
from xnp._src.numpy import linalg as np_linalg
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util as np_util
from xnp._src.typing import Array, ArrayLike

LinAlgError = onp.linalg.LinAlgError


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _prep(name: str, a: ArrayLike, check_finite: bool) -> Any:
    a = np_util.asarray(a, name)
    if check_finite and not isinstance(a, core.Tracer) and not onp.isfinite(onp.asarray(a)).all():
        raise ValueError(f"{name}: array must not contain infs or NaNs")
    return np_linalg._inexact(name, a)


def _square(name: str, a: Any) -> None:
    s = _shape(a)
    if len(s) < 2 or s[-1] != s[-2]:
        raise ValueError(f"{name}: expected square matrix (..., n, n), got shape {s}")


def _rhs(name: str, a: Any, b: Any) -> tuple[Any, bool]:
    n = _shape(a)[-1]
    vector = len(_shape(b)) == 1
    if vector:
        b = shapes.reshape(b, (_shape(b)[0], 1))
    if _shape(b)[-2] != n:
        raise ValueError(f"{name}: shapes of a {_shape(a)} and b {_shape(b)} are incompatible")
    a_b = np_util.promote_dtypes(name, a, b)
    return a_b, vector


def _unvec(x: Any, vector: bool) -> Any:
    return shapes.reshape(x, _shape(x)[:-1]) if vector else x


def _inverse_permutation(perm: Any) -> Any:
    nd = len(_shape(perm))
    iota = shapes.broadcasted_iota(onp.dtype("int32"), _shape(perm), nd - 1)
    return sorting.sort((perm, iota), nd - 1, num_keys=1)[1]


def over_matrices(fn: Any, a: Any) -> Any:
    """``fn`` of one ``(n, n)`` matrix applied to each matrix of ``a``'s leading dimensions."""
    for _ in range(a.ndim - 2):
        fn = vmap(fn)
    return fn(a)


def cabs1(x: Any) -> Any:
    """LAPACK's ``|re| + |im|`` (``|x|`` for real ``x``), the measure its pivot searches use."""
    if dtypes.issubdtype(x.dtype, onp.complexfloating):
        return jnp.abs(jnp.real(x)) + jnp.abs(jnp.imag(x))
    return jnp.abs(x)


def sym_swap(a: Any, p: Any, i: Any, j: Any, idx: Any) -> tuple[Any, Any]:
    """Rows and columns ``i`` and ``j`` of ``a`` exchanged, and entries ``i``, ``j`` of ``p``
    (``idx`` is ``arange(n)``; ``i``, ``j`` may be traced)."""
    src = jnp.where(idx == i, j, jnp.where(idx == j, i, idx))
    return a[src][:, src], p[src]


# ----------------------------------------------------------------------------- LU


def lu_factor(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> tuple:
    """Packed LU factors and 0-based pivots (``scipy.linalg.lu_factor``): ``(lu, piv)``."""
    a = _prep("lu_factor", a, check_finite)
    _square("lu_factor", a)
    lu_, piv, _ = np_linalg.lu_staged(a)
    return lu_, piv


def lu_solve(lu_and_piv: tuple, b: ArrayLike, trans: int = 0, overwrite_b: bool = False,
             check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``a x = b`` (``trans=0``), ``a^T x = b`` (1) or ``a^H x = b`` (2) from
    ``lu_factor``'s output."""
    lu_, piv = lu_and_piv
    lu_ = np_util.asarray(lu_, "lu_solve")
    b = _prep("lu_solve", b, check_finite)
    (lu_, b), vector = _rhs("lu_solve", lu_, b)
    perm = lax_linalg.lu_pivots_to_permutation(np_util.asarray(piv, "lu_solve"), _shape(lu_)[-1])
    if trans == 0:
        x = lax_linalg.lu_solve(lu_, perm, b)
    elif trans in (1, 2):
        conj = trans == 2
        y = lax_linalg.triangular_solve(lu_, b, left_side=True, lower=False, transpose_a=True,
                                        conjugate_a=conj)  # fmt: skip
        z = lax_linalg.triangular_solve(lu_, y, left_side=True, lower=True, transpose_a=True,
                                        conjugate_a=conj, unit_diagonal=True)  # fmt: skip
        x = lax_linalg.permute_rows(z, _inverse_permutation(perm))
    else:
        raise ValueError(f"lu_solve: trans must be 0, 1 or 2, got {trans!r}")
    return _unvec(x, vector)


def lu(a: ArrayLike, permute_l: bool = False, overwrite_a: bool = False,
       check_finite: bool = True, p_indices: bool = False) -> tuple:  # fmt: skip
    """``a = p @ l @ u`` (``scipy.linalg.lu``): ``(p, l, u)``, ``(p @ l, u)`` when
    ``permute_l``, with ``p`` as row indices (``a = l[p] @ u``... as SciPy) when ``p_indices``."""
    a = _prep("lu", a, check_finite)
    s = _shape(a)
    if len(s) < 2:
        raise ValueError(f"lu: expected a matrix, got shape {s}")
    m, n = s[-2:]
    k = min(m, n)
    lu_, _, perm = np_linalg.lu_staged(a)
    lower = lax_linalg._tril(lu_[..., :, :k], -1) + jnp.eye(m, k, dtype=lu_.dtype)
    upper = lax_linalg._triu(lu_[..., :k, :])
    inv_perm = _inverse_permutation(perm)
    if permute_l:
        return lax_linalg.permute_rows(lower, inv_perm), upper
    if p_indices:
        return inv_perm, lower, upper
    eye = jnp.broadcast_to(jnp.eye(m, dtype=lu_.dtype), (*s[:-2], m, m))
    p = np_linalg._swap(lax_linalg.permute_rows(eye, perm))
    return p, lower, upper


# ----------------------------------------------------------------------------- Cholesky


def cholesky(a: ArrayLike, lower: bool = False, overwrite_a: bool = False,
             check_finite: bool = True) -> Array:  # fmt: skip
    """Cholesky factor (upper by default, as SciPy: ``a = U^H U``)."""
    a = _prep("cholesky", a, check_finite)
    _square("cholesky", a)
    # SciPy reads the triangle it returns: the upper one of a is the lower one of a^H.
    src = a if lower else jnp.conj(np_linalg._swap(a))
    return np_linalg.cholesky(src, upper=not lower)


def cho_factor(a: ArrayLike, lower: bool = False, overwrite_a: bool = False,
               check_finite: bool = True) -> tuple:  # fmt: skip
    """``(c, lower)`` for ``cho_solve``; the unused triangle of ``c`` is zero."""
    return cholesky(a, lower=lower, check_finite=check_finite), bool(lower)


def cho_solve(c_and_lower: tuple, b: ArrayLike, overwrite_b: bool = False,
              check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``a x = b`` from ``cho_factor``'s output."""
    c, lower = c_and_lower
    c = np_util.asarray(c, "cho_solve")
    b = _prep("cho_solve", b, check_finite)
    (c, b), vector = _rhs("cho_solve", c, b)
    if lower:  # a = L L^H
        y = lax_linalg.triangular_solve(c, b, left_side=True, lower=True)
        x = lax_linalg.triangular_solve(c, y, left_side=True, lower=True, transpose_a=True,
                                        conjugate_a=True)  # fmt: skip
    else:  # a = U^H U
        y = lax_linalg.triangular_solve(c, b, left_side=True, lower=False, transpose_a=True,
                                        conjugate_a=True)  # fmt: skip
        x = lax_linalg.triangular_solve(c, y, left_side=True, lower=False)
    return _unvec(x, vector)


def solve_triangular(a: ArrayLike, b: ArrayLike, trans: Any = 0, lower: bool = False,
                     unit_diagonal: bool = False, overwrite_b: bool = False,
                     check_finite: bool = True) -> Array:  # fmt: skip
    """Solve ``op(a) x = b`` for triangular ``a``; ``trans`` 0/'N', 1/'T', 2/'C'."""
    a = _prep("solve_triangular", a, check_finite)
    b = _prep("solve_triangular", b, check_finite)
    _square("solve_triangular", a)
    (a, b), vector = _rhs("solve_triangular", a, b)
    t = {0: 0, 1: 1, 2: 2, "N": 0, "T": 1, "C": 2}.get(trans)
    if t is None:
        raise ValueError(f"solve_triangular: invalid trans {trans!r}")
    x = lax_linalg.triangular_solve(a, b, left_side=True, lower=bool(lower),
                                    transpose_a=t > 0, conjugate_a=t == 2 and
                                    dtypes.kind(a.dtype) == "c",
                                    unit_diagonal=bool(unit_diagonal))  # fmt: skip
    return _unvec(x, vector)


# ----------------------------------------------------------------------------- passthroughs


def solve(a: ArrayLike, b: ArrayLike, lower: bool = False, overwrite_a: bool = False,
          overwrite_b: bool = False, check_finite: bool = True, assume_a: str = "gen",
          transposed: bool = False) -> Array:  # fmt: skip
    """Solve ``a x = b``; ``assume_a`` ``'gen'`` (LU) or ``'pos'`` (Cholesky, reading the
    ``lower`` or upper triangle); ``'sym'``/``'her'`` use LU."""
    a = _prep("solve", a, check_finite)
    b = _prep("solve", b, check_finite)
    _square("solve", a)
    if transposed:
        a = np_linalg._swap(a)
    if assume_a in ("pos", "positive definite"):
        return cho_solve(cho_factor(a, lower=lower, check_finite=False), b,
                         check_finite=False)  # fmt: skip
    if assume_a not in ("gen", "general", "sym", "symmetric", "her", "hermitian"):
        raise ValueError(f"solve: assume_a={assume_a!r} is not supported")
    (a, b), vector = _rhs("solve", a, b)
    x = np_linalg.solve(a, b)
    return _unvec(x, vector)


def inv(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """Inverse of a square matrix."""
    return np_linalg.inv(_prep("inv", a, check_finite))


def norm(a: ArrayLike, ord: Any = None, axis: Any = None, keepdims: bool = False,  # noqa: A002
         check_finite: bool = True) -> Array:  # fmt: skip
    """Matrix or vector norm (``numpy.linalg.norm``'s ``ord``/``axis``/``keepdims``)."""
    a = np_util.asarray(a, "norm")
    if check_finite and not isinstance(a, core.Tracer) and not onp.isfinite(onp.asarray(a)).all():
        raise ValueError("norm: array must not contain infs or NaNs")
    return np_linalg.norm(a, ord, axis, keepdims)


def det(a: ArrayLike, overwrite_a: bool = False, check_finite: bool = True) -> Array:
    """Determinant of square matrices."""
    return np_linalg.det(_prep("det", a, check_finite))


# ----------------------------------------------------------------------------- expm

_THETA13 = 5.371920351148152
_B13 = (64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
        129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
        40840800.0, 960960.0, 16380.0, 182.0, 1.0)  # fmt: skip


def _pade13(a: Any) -> Any:
    n = _shape(a)[-1]
    b = _B13
    eye = jnp.broadcast_to(jnp.eye(n, dtype=a.dtype), _shape(a))
    a2 = jnp.matmul(a, a)
    a4 = jnp.matmul(a2, a2)
    a6 = jnp.matmul(a4, a2)
    u = jnp.matmul(a, jnp.matmul(a6, b[13] * a6 + b[11] * a4 + b[9] * a2)
                   + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * eye)  # fmt: skip
    v = (jnp.matmul(a6, b[12] * a6 + b[10] * a4 + b[8] * a2)
         + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * eye)  # fmt: skip
    return np_linalg.lu_solve_staged(v - u, u + v)


def expm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix exponential by scaling and squaring with a degree-13 Pade approximant (Higham
    2005), batched over leading axes.

    Eagerly the number of squarings is a Python int, so every derivative mode works; under
    ``jit`` it is computed per matrix inside a ``while_loop`` (forward-mode derivatives only).
    SciPy picks lower Pade degrees for small norms: results agree to rounding.
    """
    a = np_linalg._inexact("expm", np_util.asarray(A, "expm"))
    _square("expm", a)
    if _shape(a)[-1] == 0:
        return a
    norm1 = jnp.max(jnp.sum(jnp.abs(a), axis=-2), axis=-1)  # (...,)
    s = jnp.maximum(0, jnp.ceil(jnp.log2(norm1 / _THETA13)))
    s = jnp.where(jnp.isfinite(s), s, 0)
    scale = shapes.convert_element_type(jnp.exp2(-s), a.dtype)
    r = _pade13(a * scale[..., None, None])
    if not isinstance(s, core.Tracer):
        counts = onp.asarray(s).astype(int)
        for i in range(int(counts.max(initial=0))):
            sq = jnp.matmul(r, r)
            r = jnp.where((counts > i)[..., None, None], sq, r) if counts.ndim else sq
        return r
    counts = shapes.convert_element_type(s, onp.dtype("int32"))

    def cond(state: tuple) -> Any:
        i, _ = state
        return jnp.any(counts > i)

    def body(state: tuple) -> tuple:
        i, m = state
        sq = jnp.matmul(m, m)
        return i + 1, jnp.where((counts > i)[..., None, None], sq, m)

    return loops.while_loop(cond, body, (jnp.asarray(0, dtype="int32"), r))[1]
