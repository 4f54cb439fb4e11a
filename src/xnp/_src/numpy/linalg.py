"""``xnp.linalg``: NumPy's linear algebra over the LAPACK primitives of ``lax/linalg.py``.

Every function takes stacks of matrices ``(..., m, n)``, works under ``jit``, ``vmap`` and
the derivative transformations, and follows ``numpy.linalg``'s signatures and result types
(``cholesky`` and ``eigh`` read one triangle, as NumPy; ``symmetrize_input=True`` gives
``jax.numpy``'s ``(a + a^H) / 2``). Differences from NumPy: a failed factorization (a matrix
that is not positive definite for ``cholesky``, a singular matrix for ``solve``/``inv``)
raises NumPy's ``LinAlgError`` when called eagerly on concrete arrays; under ``jit``, ``vmap``
or a derivative transformation the values are not known when the program is built, so the
result is NaN/inf-filled instead (as in JAX): check it with ``xnp.isfinite(x).all()``, or
with ``check_finite`` after the call. Derivatives of eigen/singular vectors assume distinct
values; ``det``'s is computed through LU, so it is not defined at singular matrices.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import elementwise as ew
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import reductions, shapes, slicing, sorting, utils
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import products
from xnp._src.numpy import util as np_util
from xnp._src.staged import staged
from xnp._src.typing import Array, ArrayLike

_LAPACK_DTYPES = ("float32", "float64", "complex64", "complex128")


# NumPy's own class, so ``except numpy.linalg.LinAlgError`` catches xnp's errors.
LinAlgError = onp.linalg.LinAlgError


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class EigResult(NamedTuple):
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


# LU and LU solves compiled once per signature eagerly (and inlined under transformations):
# op by op, the pivots-to-permutation loop was traced again on every call (0.9 ms a 50x50
# solve).
lu_staged = staged(lax_linalg.lu, name="lu")
lu_solve_staged = staged(lax_linalg.solve, name="solve")


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


def _astype(x: Any, dtype: Any) -> Any:
    return shapes.convert_element_type(x, onp.dtype(dtype))


def _concrete(*xs: Any) -> bool:
    return not any(isinstance(x, core.Tracer) for x in xs)


def _raise_if_failed(a: Any, result: Any, message: str) -> None:
    """Eagerly, NumPy's ``LinAlgError`` when a finite input gave a non-finite result (a
    failed factorization); traced values are left NaN-filled."""
    if not _concrete(a, result):
        return
    res = onp.asarray(result)
    if res.size and not onp.isfinite(res).all() and onp.isfinite(onp.asarray(a)).all():
        raise LinAlgError(message)


def check_finite(x: ArrayLike, name: str = "result") -> Array:
    """``x`` unchanged if every element is finite, else ``LinAlgError``: turns the NaN-filled
    result of a failed factorization under ``jit`` into NumPy's error, after the call."""
    x = np_util.asarray(x, "check_finite")
    if not onp.isfinite(onp.asarray(x)).all():
        raise LinAlgError(f"{name} has non-finite values (a failed factorization?)")
    return x


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
    _raise_if_failed(a, factor, "Matrix is not positive definite")
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
    _raise_if_failed(a, w, "Eigenvalues did not converge")
    return EighResult(w, v)


def _eig(name: str, a: ArrayLike, vectors: bool) -> Any:
    a = _matrices(name, a, square=True)
    if _concrete(a) and not onp.isfinite(onp.asarray(a)).all():
        raise LinAlgError("Array must not contain infs or NaNs")
    outs = lax_linalg.eig(a, compute_right_eigenvectors=vectors)
    outs = outs if vectors else (outs,)
    _raise_if_failed(a, outs[0], "Eigenvalues did not converge")
    real_input = dtypes.kind(_dtype(a)) != "c"
    if _concrete(*outs) and real_input and not onp.any(onp.imag(onp.asarray(outs[0]))):
        # NumPy's value-dependent rule: real input with real eigenvalues gives real results.
        outs = tuple(ew.real(o) for o in outs)
    return outs


def eig(a: ArrayLike) -> EigResult:
    """Eigenvalues and right eigenvectors (columns, unit 2-norm) of general square matrices
    (LAPACK geev). As NumPy, eagerly a real matrix whose eigenvalues are all real gives real
    arrays; under a transformation the results are always complex (the values are unknown).
    Derivatives assume distinct eigenvalues."""
    w, v = _eig("eig", a, True)
    return EigResult(w, v)


def eigvals(a: ArrayLike) -> Array:
    """Eigenvalues of general square matrices (see ``eig`` for the result dtype)."""
    return _eig("eigvals", a, False)[0]


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
        s = lax_linalg.svd(a, compute_uv=False)
        _raise_if_failed(a, s, "SVD did not converge")
        return s
    u, s, vh = lax_linalg.svd(a, full_matrices=bool(full_matrices))
    _raise_if_failed(a, s, "SVD did not converge")
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
    (m, m), R (m, n)), ``'r'`` (R only) or ``'raw'`` (geqrf's ``(h, tau)``, ``h``
    transposed as NumPy; not differentiable).
    """
    if mode not in ("reduced", "complete", "r", "raw"):
        raise ValueError(f"qr: unrecognized mode {mode!r}")
    a = _matrices("qr", a)
    if mode == "raw":
        # NumPy returns LAPACK's Fortran-ordered array as a C array: h transposed.
        h, tau = lax_linalg.geqrf(a)
        return _swap(h), tau
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
    m = _shape(a)[-1]
    vector = _ndim(b) == 1
    rows = _shape(b)[0] if vector else (_shape(b)[-2] if _ndim(b) >= 2 else None)
    if rows != m:
        raise ValueError(f"solve: a has shape {_shape(a)} but b has shape {_shape(b)} "
                         f"(expected {m} rows)")  # fmt: skip
    batch = () if vector else np_util.broadcast_shapes("solve", _shape(a)[:-2], _shape(b)[:-2])
    x = _solve_staged(a, b, vector=vector, batch=batch)
    _raise_if_failed(a, x, "Singular matrix")
    return x


def _solve(a: Any, b: Any, *, vector: bool, batch: tuple) -> Any:
    a, b = np_util.promote_dtypes("solve", a, b)
    a, b = _inexact("solve", a), _inexact("solve", b)
    m = _shape(a)[-1]
    if vector:
        b = shapes.reshape(b, (m, 1))
        batch = _shape(a)[:-2]
    a = np_util.broadcast_to(a, (*batch, m, m), "solve")
    b = np_util.broadcast_to(b, (*batch, *_shape(b)[-2:]), "solve")
    x = lu_solve_staged(a, b)
    return shapes.reshape(x, _shape(x)[:-1]) if vector else x


_solve_staged = staged(_solve, name="solve")


def inv(a: ArrayLike) -> Array:
    """Inverse of square matrices (LU solve against the identity)."""
    a = _matrices("inv", a, square=True)
    shape = _shape(a)
    eye = shapes.convert_element_type(
        ew.eq(shapes.broadcasted_iota(onp.dtype("int32"), shape, len(shape) - 2),
              shapes.broadcasted_iota(onp.dtype("int32"), shape, len(shape) - 1)),
        _dtype(a))  # fmt: skip
    x = lu_solve_staged(a, eye)
    _raise_if_failed(a, x, "Singular matrix")
    return x


def _lu_diag_and_parity(a: Any) -> tuple[Any, Any]:
    lu, piv, _ = lu_staged(a)
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


def _det(a: Any) -> Any:
    diag, parity = _lu_diag_and_parity(a)
    return ew.mul(parity, reductions.reduce_prod(diag, (_ndim(diag) - 1,)))


_det_staged = staged(_det, name="det")


def det(a: ArrayLike) -> Array:
    """Determinant of square matrices, from their LU factorization."""
    return _det_staged(_matrices("det", a, square=True))


def slogdet(a: ArrayLike) -> SlogdetResult:
    """Sign (a unit complex number for complex ``a``) and natural log of ``|det(a)|``.

    A singular matrix gives ``sign = 0`` and ``logabsdet = -inf``, as in NumPy.
    """
    return SlogdetResult(*_slogdet_staged(_matrices("slogdet", a, square=True)))


def _slogdet(a: Any) -> tuple[Any, Any]:
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
    return sign, logabsdet


_slogdet_staged = staged(_slogdet, name="slogdet")


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


# ----------------------------------------------------------------------------- norms


def _float_input(name: str, x: Any) -> Any:
    x = np_util.asarray(x, name)
    if dtypes.kind(x.dtype) in "biu":
        x = shapes.convert_element_type(x, dtypes.float_())
    return x


def _vector_norm(x: Any, ord: Any, axes: tuple[int, ...], keepdims: bool) -> Any:  # noqa: A002
    if isinstance(ord, str):
        raise ValueError(f"Invalid norm order '{ord}' for vectors")
    a = jnp.abs(x)
    if ord is None or ord == 2:
        return jnp.sqrt(jnp.sum(a * a if dtypes.kind(x.dtype) != "c" else
                                jnp.real(x * jnp.conj(x)), axis=axes, keepdims=keepdims))
    if ord == onp.inf:
        return jnp.max(a, axis=axes, keepdims=keepdims)
    if ord == -onp.inf:
        return jnp.min(a, axis=axes, keepdims=keepdims)
    if ord == 0:
        return jnp.sum(_astype(x != 0, a.dtype), axis=axes, keepdims=keepdims)
    if ord == 1:
        return jnp.sum(a, axis=axes, keepdims=keepdims)
    ordf = float(ord)
    return jnp.power(jnp.sum(jnp.power(a, ordf), axis=axes, keepdims=keepdims), 1.0 / ordf)


def _matrix_norm(x: Any, ord: Any, axes: tuple[int, int], keepdims: bool) -> Any:  # noqa: A002
    row, col = axes
    if row == col:
        raise ValueError("Duplicate axes given.")
    if ord in (None, "fro", "f"):
        out = _vector_norm(x, None, axes, keepdims)
        return out
    if ord in (2, -2, "nuc"):
        moved = jnp.moveaxis(x, (row, col), (-2, -1))
        sv = svd(_inexact("norm", moved), compute_uv=False)
        out = (jnp.max(sv, axis=-1) if ord == 2 else jnp.min(sv, axis=-1) if ord == -2
               else jnp.sum(sv, axis=-1))
        if keepdims:
            out = jnp.expand_dims(out, tuple(sorted((row, col))))
        return out
    if ord in (1, -1, onp.inf, -onp.inf):
        a = jnp.abs(x)
        sum_ax, red_ax = (row, col) if ord in (1, -1) else (col, row)
        sums = jnp.sum(a, axis=sum_ax, keepdims=True)
        red = jnp.max if ord in (1, onp.inf) else jnp.min
        out = red(sums, axis=red_ax, keepdims=True)
        if not keepdims:
            out = jnp.squeeze(out, axis=(row, col))
        return out
    raise ValueError("Invalid norm order for matrices.")


def norm(x: ArrayLike, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Array:  # noqa: A002
    """Matrix or vector norm (``numpy.linalg.norm``), every ``ord`` and ``axis`` NumPy takes."""
    x = _float_input("norm", x)
    nd = _ndim(x)
    if axis is None:
        if ord is None:
            out = _vector_norm(jnp.ravel(x), None, (0,), False)
            return jnp.reshape(out, (1,) * nd) if keepdims else out
        if nd == 1:
            axes: tuple[int, ...] = (0,)
        elif nd == 2:
            axes = (0, 1)
        else:
            raise ValueError("Improper number of dimensions to norm.")
    else:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = tuple(np_util.canonical_axes("norm", a, nd)[0] for a in axes)
    if len(axes) == 1:
        return _vector_norm(x, ord, axes, keepdims)
    if len(axes) == 2:
        return _matrix_norm(x, ord, (axes[0], axes[1]), keepdims)
    raise ValueError("Improper number of dimensions to norm.")


def vector_norm(x: ArrayLike, /, *, axis: Any = None, keepdims: bool = False,
                ord: Any = 2) -> Array:  # noqa: A002  # fmt: skip
    """The array API's vector norm: ``axis=None`` (all elements) or an int or tuple of axes."""
    x = _float_input("vector_norm", x)
    nd = _ndim(x)
    if axis is None:
        out = _vector_norm(jnp.ravel(x), ord, (0,), False)
        return jnp.reshape(out, (1,) * nd) if keepdims else out
    axes = np_util.canonical_axes("vector_norm", axis, nd)
    if len(axes) == 1 or ord in (None, 2, 1, 0, onp.inf, -onp.inf) or not isinstance(ord, str):
        return _vector_norm(x, ord, axes, keepdims)
    raise ValueError(f"Invalid norm order '{ord}' for vectors")


def matrix_norm(x: ArrayLike, /, *, keepdims: bool = False, ord: Any = "fro") -> Array:  # noqa: A002
    """The array API's matrix norm over the last two axes."""
    x = _float_input("matrix_norm", x)
    if _ndim(x) < 2:
        raise ValueError(f"matrix_norm: expected rank >= 2, got shape {_shape(x)}")
    nd = _ndim(x)
    return _matrix_norm(x, ord, (nd - 2, nd - 1), keepdims)


def cond(x: ArrayLike, p: Any = None) -> Array:
    """Condition number of square matrices in norm ``p`` (2 by default, from singular values)."""
    x = _matrices("cond", x)
    if p is None or p in (2, -2):
        s = svd(x, compute_uv=False)
        big, small = jnp.max(s, axis=-1), jnp.min(s, axis=-1)
        return big / small if p != -2 else small / big
    if _shape(x)[-1] != _shape(x)[-2]:
        raise LinAlgError(f"cond: p={p!r} needs square matrices, got {_shape(x)}")
    inv_x = lu_solve_staged(x, jnp.broadcast_to(jnp.eye(_shape(x)[-1], dtype=_dtype(x)),
                                                 _shape(x)))  # fmt: skip
    nd = _ndim(x)
    out = _matrix_norm(x, p, (nd - 2, nd - 1), False) * _matrix_norm(inv_x, p, (nd - 2, nd - 1),
                                                                     False)  # fmt: skip
    # NumPy: infinite condition number for singular matrices (NaN from the inverse).
    return jnp.where(jnp.isnan(out) & ~jnp.any(jnp.isnan(x), axis=(-2, -1)), onp.inf, out)


# ----------------------------------------------------------------------------- rank, pinv, lstsq


def matrix_rank(A: ArrayLike, tol: Any = None, hermitian: bool = False, *,  # noqa: N803
                rtol: Any = None) -> Array:  # fmt: skip
    """Number of singular values above ``tol`` (default ``max(m, n) * eps * s_max``)."""
    a = _float_input("matrix_rank", A)
    if _ndim(a) < 2:
        return _astype(jnp.any(a != 0), onp.dtype(dtypes.int_()))
    a = _inexact("matrix_rank", a)
    s = svd(a, compute_uv=False, hermitian=hermitian)
    if tol is None:
        if rtol is None:
            rtol = max(_shape(a)[-2:]) * onp.finfo(_dtype(s)).eps
        else:
            rtol = jnp.asarray(rtol)[..., None]
        tol = jnp.max(s, axis=-1, keepdims=True, initial=0.0) * rtol
    else:
        tol = jnp.asarray(tol)[..., None]
    return jnp.sum(_astype(s > tol, onp.dtype(dtypes.int_())), axis=-1)


class _NoValue:
    pass


def pinv(a: ArrayLike, rcond: Any = None, hermitian: bool = False, *,
         rtol: Any = _NoValue) -> Array:  # fmt: skip
    """Moore-Penrose pseudo-inverse from the SVD, singular values below ``rcond * s_max``
    dropped (NumPy 2's defaults for ``rcond``/``rtol``)."""
    a = _matrices("pinv", a)
    if rcond is None:
        if rtol is _NoValue:
            rcond = 1e-15
        elif rtol is None:
            rcond = max(_shape(a)[-2:]) * onp.finfo(_dtype(a)).eps
        else:
            rcond = rtol
    elif rtol is not _NoValue:
        raise ValueError("`rtol` and `rcond` can't be both set.")
    m, n = _shape(a)[-2:]
    if m == 0 or n == 0:
        return jnp.zeros((*_shape(a)[:-2], n, m), dtype=_dtype(a))
    u, s, vh = svd(jnp.conj(a), full_matrices=False, hermitian=hermitian)
    cutoff = jnp.asarray(rcond, dtype=_dtype(s))[..., None] * jnp.max(s, axis=-1, keepdims=True)
    large = s > cutoff
    s_inv = jnp.where(large, 1 / jnp.where(large, s, 1), 0)
    return jnp.matmul(_swap(vh),
                      _astype(s_inv[..., None], _dtype(a)) * _swap(u))


def lstsq(a: ArrayLike, b: ArrayLike, rcond: Any = None) -> tuple[Array, Array, Any, Array]:
    """Least-squares solution of ``a @ x = b`` from the SVD: ``(x, residuals, rank, s)``.

    As NumPy, ``residuals`` is empty unless ``rank == n < m``. Under a transformation the
    rank is not known when the program is built: ``residuals`` is then always computed
    (``sum |b - a x|^2``), and ``rank`` is an array.
    """
    a = _matrices("lstsq", a)
    b = _inexact("lstsq", b)
    a, b = np_util.promote_dtypes("lstsq", a, b)
    if _ndim(a) != 2 or _ndim(b) not in (1, 2):
        raise LinAlgError(f"lstsq: {_ndim(a)}-dimensional a and {_ndim(b)}-dimensional b given; "
                          "a must be 2-D and b 1-D or 2-D")  # fmt: skip
    m, n = _shape(a)
    vec = _ndim(b) == 1
    b2 = b[:, None] if vec else b
    if _shape(b2)[0] != m:
        raise LinAlgError(f"lstsq: Incompatible dimensions: a {_shape(a)}, b {_shape(b)}")
    real = onp.dtype(onp.finfo(_dtype(a)).dtype)
    if rcond is None:
        rcond = onp.finfo(real).eps * max(m, n)
    if m == 0 or n == 0:
        x = jnp.zeros((n, _shape(b2)[1]), _dtype(a))
        s = jnp.zeros((0,), real)
        rank: Any = 0 if _concrete(a) else jnp.asarray(0)
    else:
        u, s, vh = svd(a, full_matrices=False)
        cutoff = rcond * jnp.max(s)
        large = s > cutoff
        s_inv = jnp.where(large, 1 / jnp.where(large, s, 1), 0)
        uhb = jnp.matmul(jnp.conj(_swap(u)), b2)
        x = jnp.matmul(jnp.conj(_swap(vh)),
                       _astype(s_inv[:, None], _dtype(a)) * uhb)  # fmt: skip
        rank = jnp.sum(_astype(large, onp.dtype(dtypes.int_())))
    resid_all = jnp.sum(jnp.abs(b2 - jnp.matmul(a, x)) ** 2, axis=0)
    if _concrete(a, b, x):
        rank = int(onp.asarray(rank))
        resid = resid_all if (rank == n and m > n) else jnp.zeros((0,), real)
    else:
        resid = resid_all
    if vec:
        x = x[:, 0]
    return x, resid, rank, s


# ----------------------------------------------------------------------------- products


def matrix_power(a: ArrayLike, n: int) -> Array:
    """``a`` to the integer power ``n`` by repeated squaring (``n < 0``: of the inverse)."""
    a = np_util.asarray(a, "matrix_power")
    if _ndim(a) < 2 or _shape(a)[-1] != _shape(a)[-2]:
        raise LinAlgError(f"matrix_power: expected square matrices (..., n, n), got {_shape(a)}")
    if not isinstance(n, int | onp.integer):
        raise TypeError("exponent must be an integer")
    n = int(n)
    if n == 0:
        return jnp.broadcast_to(jnp.eye(_shape(a)[-1], dtype=_dtype(a)), _shape(a))
    if n < 0:
        a, n = inv(a), -n
    return utils.power_by_squaring(a, n, jnp.matmul)


def multi_dot(arrays: Any, *, out: Any = None) -> Array:
    """The product of a chain of matrices in the cheapest order (dynamic programming over
    the chain's shapes); the first may be a vector (row) and the last a vector (column)."""
    if out is not None:
        raise NotImplementedError("multi_dot: out= is not supported")
    arrays = [np_util.asarray(x, "multi_dot") for x in arrays]
    if len(arrays) < 2:
        raise ValueError("Expecting at least two arrays.")
    first_vec, last_vec = _ndim(arrays[0]) == 1, _ndim(arrays[-1]) == 1
    if first_vec:
        arrays[0] = arrays[0][None, :]
    if last_vec:
        arrays[-1] = arrays[-1][:, None]
    for x in arrays:
        if _ndim(x) != 2:
            raise LinAlgError(f"multi_dot: {_ndim(x)}-dimensional array given; expected 2-D")
    dims = [_shape(arrays[0])[0]] + [_shape(x)[1] for x in arrays]
    k = len(arrays)
    cost = [[0] * k for _ in range(k)]
    split = [[0] * k for _ in range(k)]
    for length in range(1, k):
        for i in range(k - length):
            j = i + length
            cost[i][j] = -1
            for s_ in range(i, j):
                c = cost[i][s_] + cost[s_ + 1][j] + dims[i] * dims[s_ + 1] * dims[j + 1]
                if cost[i][j] < 0 or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, s_

    def chain(i: int, j: int) -> Any:
        if i == j:
            return arrays[i]
        return jnp.matmul(chain(i, split[i][j]), chain(split[i][j] + 1, j))

    result = chain(0, k - 1)
    if first_vec and last_vec:
        return result[0, 0]
    if first_vec:
        return result[0]
    if last_vec:
        return result[:, 0]
    return result


def tensorsolve(a: ArrayLike, b: ArrayLike, axes: Any = None) -> Array:
    """Solve ``tensordot(a, x, x.ndim) = b`` for ``x`` (``numpy.linalg.tensorsolve``)."""
    a = np_util.asarray(a, "tensorsolve")
    b = np_util.asarray(b, "tensorsolve")
    nd = _ndim(a)
    if axes is not None:
        allaxes = [i for i in range(nd) if i not in [ax % nd for ax in axes]]
        allaxes += [ax % nd for ax in axes]
        a = jnp.transpose(a, allaxes)
    oldshape = _shape(a)[-(nd - _ndim(b)):] if nd > _ndim(b) else ()
    prod = int(onp.prod(oldshape))
    if int(onp.prod(_shape(a))) != prod * prod:
        raise LinAlgError(
            f"tensorsolve: Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == "
            f"prod(a.shape[:b.ndim]); got a {_shape(a)}, b {_shape(b)}")
    x = solve(jnp.reshape(a, (prod, prod)), jnp.ravel(b))
    return jnp.reshape(x, oldshape)


def tensorinv(a: ArrayLike, ind: int = 2) -> Array:
    """The inverse of ``a`` with respect to ``tensordot(., ., ind)``."""
    a = np_util.asarray(a, "tensorinv")
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    oldshape = _shape(a)
    prod = int(onp.prod(oldshape[:ind]))
    invshape = (*oldshape[ind:], *oldshape[:ind])
    if int(onp.prod(oldshape[ind:])) != prod:
        raise LinAlgError(f"tensorinv: shape {oldshape} with ind={ind} is not square")
    return jnp.reshape(inv(jnp.reshape(a, (prod, -1))), invshape)


def outer(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """Outer product of two vectors (the array API's ``linalg.outer``: 1-D only)."""
    x1, x2 = np_util.asarray(x1, "outer"), np_util.asarray(x2, "outer")
    if _ndim(x1) != 1 or _ndim(x2) != 1:
        raise ValueError(f"outer: Input arrays must be one-dimensional, got shapes {_shape(x1)} "
                         f"and {_shape(x2)}")  # fmt: skip
    return jnp.outer(x1, x2)


def matmul(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """The array API's ``linalg.matmul`` (``xnp.matmul`` without ``out=``/ufunc keywords)."""
    return jnp.matmul(x1, x2)


def matrix_transpose(x: ArrayLike, /) -> Array:
    """Swap the last two axes of a stack of matrices."""
    x = np_util.asarray(x, "matrix_transpose")
    if _ndim(x) < 2:
        raise ValueError(f"matrix_transpose: expected rank >= 2, got shape {_shape(x)}")
    return _swap(x)


def trace(x: ArrayLike, /, *, offset: int = 0, dtype: Any = None) -> Array:
    """Trace of each matrix in ``x`` (over the last two axes; the array API's ``trace``)."""
    x = np_util.asarray(x, "linalg.trace")
    if _ndim(x) < 2:
        raise ValueError(f"linalg.trace: expected an array of rank >= 2, got shape {_shape(x)}")
    return products.trace(x, offset=offset, axis1=-2, axis2=-1, dtype=dtype)


def vecdot(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """``sum(conj(x1) * x2, axis)`` with broadcasting (the array API's ``vecdot``)."""
    return products.vecdot(x1, x2, axis=axis)


def tensordot(x1: ArrayLike, x2: ArrayLike, /, *, axes: Any = 2) -> Array:
    """``xnp.tensordot`` with ``axes`` keyword-only (the array API's ``tensordot``)."""
    return products.tensordot(x1, x2, axes)


def cross(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """Cross product of 3-vectors along ``axis`` (the array API's ``cross``: 3-vectors only)."""
    a, b = np_util.asarray(x1, "linalg.cross"), np_util.asarray(x2, "linalg.cross")
    for x in (a, b):
        if _ndim(x) == 0:
            raise ValueError(f"linalg.cross: axis {axis} is out of bounds for a 0-d array")
    na, nb = _shape(a)[axis], _shape(b)[axis]
    if na != 3 or nb != 3:
        raise ValueError(f"Both input arrays must be (arrays of) 3-dimensional vectors, but "
                         f"they are {na} and {nb} dimensional instead.")  # fmt: skip
    return products.cross(a, b, axis=axis)
