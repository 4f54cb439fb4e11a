"""Linear algebra primitives over jaxlib's LAPACK kernels (CPU): cholesky, eigh, svd, qr, lu,
triangular_solve.

Each primitive lowers to a ``stablehlo.custom_call`` of the LAPACK FFI target for its dtype
(``lapack_{s,d,c,z}<routine>_ffi``, typed-FFI ``api_version = 4``). The kernels take matrices
in column-major layout and loop over leading batch dimensions themselves, so every primitive
accepts ``(..., m, n)`` operands and batching only moves the batch dimension to the front.
A factorization that fails (LAPACK ``info != 0``) gives NaNs for that matrix, as in jax.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import backend, core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.lax import dot as lax_dot
from xnp._src.lax import elementwise as ew
from xnp._src.lax import loops, reductions, shapes, slicing, utils

hlo, ir = mlir.hlo, mlir.ir

_PREFIX = {onp.dtype("float32"): "s", onp.dtype("float64"): "d",
           onp.dtype("complex64"): "c", onp.dtype("complex128"): "z"}  # fmt: skip
_INT32 = onp.dtype("int32")
_BOOL = onp.dtype("bool")


def _real_dtype(dtype: onp.dtype) -> onp.dtype:
    return onp.dtype(onp.finfo(dtype).dtype) if dtypes.kind(dtype) == "c" else onp.dtype(dtype)


def _is_complex(dtype: onp.dtype) -> bool:
    return dtypes.kind(dtype) == "c"


# ----------------------------------------------------------------------------- shape rules


def _check_matrix(name: str, aval: core.ShapedArray, square: bool = False) -> tuple[int, int]:
    if onp.dtype(aval.dtype) not in _PREFIX:
        raise TypeError(
            f"{name} does not accept dtype {onp.dtype(aval.dtype).name}; accepted dtypes: "
            "float32, float64, complex64, complex128"
        )
    if aval.ndim < 2:
        raise ValueError(
            f"{name}: expected a matrix or a batch of matrices (rank >= 2), got shape {aval.shape}"
        )
    m, n = aval.shape[-2:]
    if square and m != n:
        raise ValueError(f"{name}: expected square matrices (shape (..., n, n)), got {aval.shape}")
    return m, n


# ----------------------------------------------------------------------------- lowering helpers


def _layout(aval: core.ShapedArray, matrix: bool) -> Any:
    # Minor-to-major order: column-major for the matrix dims, the batch dims outermost.
    nd = aval.ndim
    order = (nd - 2, nd - 1, *range(nd - 3, -1, -1)) if matrix else tuple(range(nd - 1, -1, -1))
    return ir.DenseIntElementsAttr.get(onp.asarray(order, onp.int64), type=ir.IndexType.get())


def _lapack(
    routine: str,
    dtype: onp.dtype,
    operands: Sequence[Any],
    avals_in: Sequence[core.ShapedArray],
    avals_out: Sequence[core.ShapedArray],
    matrix_out: Sequence[bool],
    alias: tuple[int, int] | None = None,
    matrix_in: Sequence[bool] | None = None,
    **config: str,
) -> list[Any]:
    """A custom call of LAPACK ``routine``; ``config`` characters are passed as ui8
    attributes, ``matrix_in``/``matrix_out`` say which operands/results are (column-major)
    matrices, ``alias`` = (operand, result) lets the kernel work in place."""
    if matrix_in is None:
        matrix_in = [True] * len(avals_in)
    backend.register_lapack()
    target = f"lapack_{_PREFIX[onp.dtype(dtype)]}{routine}_ffi"
    u8 = ir.IntegerType.get_unsigned(8)
    attrs = {k: ir.IntegerAttr.get(u8, ord(v)) for k, v in config.items()}
    aliases = None
    if alias is not None:
        out_idx = [alias[1]] if len(avals_out) > 1 else []
        aliases = ir.ArrayAttr.get([hlo.OutputOperandAlias.get(out_idx, alias[0], [])])
    op = hlo.CustomCallOp(
        [mlir.aval_to_ir_type(a) for a in avals_out],
        list(operands),
        target,
        has_side_effect=ir.BoolAttr.get(False),
        backend_config=ir.DictAttr.get(attrs),
        api_version=ir.IntegerAttr.get(ir.IntegerType.get_signless(32), 4),
        operand_layouts=ir.ArrayAttr.get(
            [_layout(a, m) for a, m in zip(avals_in, matrix_in, strict=True)]
        ),
        result_layouts=ir.ArrayAttr.get(
            [_layout(a, m) for a, m in zip(avals_out, matrix_out, strict=True)]
        ),
        output_operand_aliases=aliases,
    )
    return list(op.results)


def _info_ok(info: Any, batch: tuple[int, ...], direction: str = "EQ") -> Any:
    zero = mlir.full_like_aval(core.ShapedArray(batch, _INT32), 0)
    return reductions.compare(info, zero, direction, _INT32)


def _nan_unless(ok: Any, x: Any, aval: core.ShapedArray) -> Any:
    """``x`` where the batch's ``ok`` holds, NaN elsewhere (``ok`` has the batch shape)."""
    batch_rank = len(ok.type.shape)
    pred_ty = ir.RankedTensorType.get(aval.shape, ir.IntegerType.get_signless(1))
    pred = hlo.broadcast_in_dim(pred_ty, ok, mlir.dense_i64(range(batch_rank)))
    nan = complex(onp.nan, onp.nan) if _is_complex(aval.dtype) else onp.nan
    return hlo.select(pred, x, mlir.full_like_aval(aval, nan))


def _tri_mask(shape: tuple[int, ...], k: int, lower: bool) -> Any:
    """i1 mask of the lower (col <= row + k) or upper (col >= row + k) triangle."""
    i64 = onp.dtype("int64")
    aval = core.ShapedArray(shape, i64)
    ty = mlir.aval_to_ir_type(aval)
    nd = len(shape)
    row = hlo.iota(ty, mlir.i64_attr(nd - 2))
    col = hlo.iota(ty, mlir.i64_attr(nd - 1))
    if k:
        row = hlo.add(row, mlir.full_like_aval(aval, k))
    return reductions.compare(row, col, "GE" if lower else "LE", i64)


def _keep_triangle(x: Any, aval: core.ShapedArray, lower: bool, k: int = 0) -> Any:
    return hlo.select(_tri_mask(aval.shape, k, lower), x, mlir.full_like_aval(aval, 0))


def _eye_hlo(aval: core.ShapedArray) -> Any:
    """Identity matrices (ones on the main diagonal) of ``aval``'s (possibly batched) shape."""
    on = hlo.and_(_tri_mask(aval.shape, 0, True), _tri_mask(aval.shape, 0, False))
    return hlo.select(on, mlir.full_like_aval(aval, 1), mlir.full_like_aval(aval, 0))


def _hlo_slice(x: Any, aval: core.ShapedArray, limits: tuple[int, ...]) -> Any:
    nd = aval.ndim
    return hlo.slice(x, mlir.dense_i64([0] * nd), mlir.dense_i64(limits), mlir.dense_i64([1] * nd))


def _has_zero_dim(aval: core.ShapedArray) -> bool:
    return any(d == 0 for d in aval.shape)


# ----------------------------------------------------------------------------- lax helpers
# Batched matrix algebra over lax, for the jvp rules (all linear in the tangent argument).


def _ndim(x: Any) -> int:
    return core.get_aval(x).ndim


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _dtype(x: Any) -> onp.dtype:
    return core.get_aval(x).dtype


def _mm(a: Any, b: Any) -> Any:
    """``a @ b`` for (..., m, k) and (..., k, n) with equal batch dimensions."""
    if _dtype(a) != _dtype(b):
        dt = dtypes.promote_types(_dtype(a), _dtype(b))
        a, b = shapes.convert_element_type(a, dt), shapes.convert_element_type(b, dt)
    nb = _ndim(a) - 2
    batch = tuple(range(nb))
    return lax_dot.dot_general(a, b, (((nb + 1,), (nb,)), (batch, batch)))


def _T(x: Any) -> Any:  # noqa: N802
    nd = _ndim(x)
    return shapes.transpose(x, (*range(nd - 2), nd - 1, nd - 2))


def _H(x: Any) -> Any:  # noqa: N802
    x = _T(x)
    return ew.conj(x) if _is_complex(_dtype(x)) else x


def _tri_pred(shape: tuple[int, ...], k: int, lower: bool) -> Any:
    nd = len(shape)
    row = shapes.broadcasted_iota(_INT32, shape, nd - 2)
    col = shapes.broadcasted_iota(_INT32, shape, nd - 1)
    if k:
        row = ew.add(row, utils.full(shape, k, _INT32))
    return ew.ge(row, col) if lower else ew.le(row, col)


def _tril(x: Any, k: int = 0) -> Any:
    shape = _shape(x)
    return ew.select(_tri_pred(shape, k, True), x, utils.full(shape, 0, _dtype(x)))


def _triu(x: Any, k: int = 0) -> Any:
    shape = _shape(x)
    return ew.select(_tri_pred(shape, k, False), x, utils.full(shape, 0, _dtype(x)))


def _diag_pred(shape: tuple[int, ...]) -> Any:
    nd = len(shape)
    return ew.eq(shapes.broadcasted_iota(_INT32, shape, nd - 2),
                 shapes.broadcasted_iota(_INT32, shape, nd - 1))  # fmt: skip


def _eye(shape: tuple[int, ...], dtype: onp.dtype) -> Any:
    return shapes.convert_element_type(_diag_pred(shape), dtype)


def _diag(x: Any) -> Any:
    """The main diagonal of square matrices: (..., n, n) -> (..., n)."""
    shape = _shape(x)
    kept = ew.select(_diag_pred(shape), x, utils.full(shape, 0, _dtype(x)))
    return reductions.reduce_sum(kept, (len(shape) - 1,))


def _rows(s: Any, n: int) -> Any:
    """(..., k) -> (..., n, k): every row is ``s``."""
    shape = _shape(s)
    nb = len(shape) - 1
    return shapes.broadcast_in_dim(s, (*shape[:-1], n, shape[-1]), (*range(nb), nb + 1))


def _cols(s: Any, n: int) -> Any:
    """(..., k) -> (..., k, n): every column is ``s``."""
    shape = _shape(s)
    nb = len(shape) - 1
    return shapes.broadcast_in_dim(s, (*shape[:-1], shape[-1], n), tuple(range(nb + 1)))


def _as(x: Any, dtype: onp.dtype) -> Any:
    return x if _dtype(x) == dtype else shapes.convert_element_type(x, dtype)


def _hermitian_from_triangle(t: Any, lower: bool) -> Any:
    """The Hermitian matrix a LAPACK routine sees when it reads one triangle of ``t``: that
    triangle, its conjugate transpose, and the real part of the diagonal."""
    strict = _tril(t, -1) if lower else _triu(t, 1)
    d = _diag(t)
    if _is_complex(_dtype(t)):
        d = _as(ew.real(d), _dtype(t))
    n = _shape(t)[-1]
    diag = ew.select(_diag_pred(_shape(t)), _cols(d, n), utils.full(_shape(t), 0, _dtype(t)))
    return ew.add(ew.add(strict, _H(strict)), diag)


def _batch_moved(vals: list, dims: list) -> Any:
    (x,), (d,) = vals, dims
    return batching.moveaxis(x, d, 0)


# ============================================================================ cholesky


def _cholesky_abstract_eval(a: core.ShapedArray) -> core.ShapedArray:
    _check_matrix("cholesky", a, square=True)
    return core.ShapedArray(a.shape, a.dtype)


def _cholesky_lowering(ctx, a):  # noqa: ANN001, ANN202
    (aval,), (out,) = ctx.avals_in, ctx.avals_out
    if _has_zero_dim(aval):
        return a
    batch = aval.shape[:-2]
    info_aval = core.ShapedArray(batch, _INT32)
    factor, info = _lapack("potrf", aval.dtype, [a], [aval], [aval, info_aval], [True, False],
                           alias=(0, 0), uplo="L")  # fmt: skip
    factor = _nan_unless(_info_ok(info, batch), factor, out)
    # potrf leaves the upper triangle as it was.
    return _keep_triangle(factor, out, lower=True)


cholesky_p = utils.standard_primitive("cholesky", _cholesky_abstract_eval, _cholesky_lowering)


def _cholesky_jvp(primals: list, tangents: list) -> tuple[Any, Any]:
    # L' = L phi(L^-1 A' L^-H), phi: the lower triangle with the diagonal halved
    # (Murray, arXiv:1602.07527). Only A's lower triangle is read, so A' is reflected.
    (a,), (t,) = primals, tangents
    factor = cholesky_p.bind(a)
    sym = _hermitian_from_triangle(t, lower=True)
    tmp = triangular_solve(factor, sym, left_side=False, lower=True, transpose_a=True,
                           conjugate_a=True)  # fmt: skip
    x = triangular_solve(factor, tmp, left_side=True, lower=True)
    shape = _shape(x)
    half = ew.select(_diag_pred(shape), utils.full(shape, 0.5, _dtype(x)),
                     utils.full(shape, 1.0, _dtype(x)))  # fmt: skip
    return factor, _mm(factor, ew.mul(_tril(x), half))


def _cholesky_batch(vals: list, dims: list) -> tuple[Any, int]:
    return cholesky_p.bind(_batch_moved(vals, dims)), 0


ad.jvp_rules[cholesky_p] = _cholesky_jvp
batching.batch_rules[cholesky_p] = _cholesky_batch


def cholesky(x: Any, *, symmetrize_input: bool = True) -> Any:
    """The lower Cholesky factor ``L`` of Hermitian positive-definite matrices (``L L^H = x``).

    Reads the lower triangle of ``x`` (of ``(x + x^H) / 2`` when ``symmetrize_input``). A
    matrix that is not positive definite gives NaNs in its lower triangle.
    """
    x = utils.asarray(x)
    if symmetrize_input:
        x = symmetrize(x, "cholesky")
    return cholesky_p.bind(x)


def symmetrize(x: Any, name: str = "symmetrize") -> Any:
    """``(x + x^H) / 2``."""
    x = utils.asarray(x)
    _check_matrix(name, core.get_aval(x), square=True)
    return ew.div(ew.add(x, _H(x)), utils.full(_shape(x), 2, _dtype(x)))


# ============================================================================ eigh


def _eigh_abstract_eval(a: core.ShapedArray, *, lower: bool) -> list[core.ShapedArray]:
    _check_matrix("eigh", a, square=True)
    return [core.ShapedArray(a.shape, a.dtype),
            core.ShapedArray(a.shape[:-1], _real_dtype(a.dtype))]  # fmt: skip


def _eigh_lowering(ctx, a, *, lower):  # noqa: ANN001, ANN202
    (aval,), (v_aval, w_aval) = ctx.avals_in, ctx.avals_out
    if _has_zero_dim(aval):
        return [a, mlir.full_like_aval(w_aval, 0)]
    batch = aval.shape[:-2]
    info_aval = core.ShapedArray(batch, _INT32)
    routine = "heevd" if _is_complex(aval.dtype) else "syevd"
    v, w, info = _lapack(routine, aval.dtype, [a], [aval], [v_aval, w_aval, info_aval],
                         [True, False, False], alias=(0, 0), mode="V",
                         uplo="L" if lower else "U")  # fmt: skip
    ok = _info_ok(info, batch)
    return [_nan_unless(ok, v, v_aval), _nan_unless(ok, w, w_aval)]


eigh_p = utils.standard_primitive("eigh", _eigh_abstract_eval, _eigh_lowering,
                                  multiple_results=True)  # fmt: skip


def _eigh_jvp(primals: list, tangents: list, *, lower: bool) -> tuple[list, list]:
    # First-order perturbation theory for distinct eigenvalues:
    # w' = diag(V^H A' V), V' = V (F o V^H A' V) with F_ij = 1 / (w_j - w_i) off the diagonal.
    (a,), (t,) = primals, tangents
    v, w = eigh_p.bind(a, lower=lower)
    n = _shape(a)[-1]
    sym = _hermitian_from_triangle(t, lower)
    vt_v = _mm(_mm(_H(v), sym), v)
    eye = _eye(_shape(v), _dtype(w))
    f = ew.sub(ew.integer_pow(ew.add(eye, ew.sub(_rows(w, n), _cols(w, n))), -1), eye)
    dv = _mm(v, ew.mul(_as(f, _dtype(v)), vt_v))
    d = _diag(vt_v)
    dw = ew.real(d) if _is_complex(_dtype(d)) else d
    return [v, w], [dv, dw]


def _eigh_batch(vals: list, dims: list, *, lower: bool) -> tuple[list, list]:
    return eigh_p.bind(_batch_moved(vals, dims), lower=lower), [0, 0]


ad.jvp_rules[eigh_p] = _eigh_jvp
batching.batch_rules[eigh_p] = _eigh_batch


def eigh(x: Any, *, lower: bool = True, symmetrize_input: bool = True) -> tuple[Any, Any]:
    """Eigenvectors ``v`` (columns) and eigenvalues ``w`` (ascending) of Hermitian matrices.

    Returns ``(v, w)`` as ``jax.lax.linalg.eigh`` does. Reads the ``lower`` (or upper)
    triangle of ``x``, of ``(x + x^H) / 2`` when ``symmetrize_input``.
    """
    x = utils.asarray(x)
    if symmetrize_input:
        x = symmetrize(x, "eigh")
    v, w = eigh_p.bind(x, lower=bool(lower))
    return v, w


# ============================================================================ svd


def _svd_abstract_eval(a: core.ShapedArray, *, full_matrices: bool,
                       compute_uv: bool) -> list[core.ShapedArray]:  # fmt: skip
    m, n = _check_matrix("svd", a)
    batch, k = a.shape[:-2], min(m, n)
    s = core.ShapedArray((*batch, k), _real_dtype(a.dtype))
    if not compute_uv:
        return [s]
    u = core.ShapedArray((*batch, m, m if full_matrices else k), a.dtype)
    vt = core.ShapedArray((*batch, n if full_matrices else k, n), a.dtype)
    return [s, u, vt]


def _svd_lowering(ctx, a, *, full_matrices, compute_uv):  # noqa: ANN001, ANN202
    (aval,), outs = ctx.avals_in, ctx.avals_out
    batch, (m, n) = aval.shape[:-2], aval.shape[-2:]
    k = min(m, n)
    if compute_uv:
        s_aval, u_aval, vt_aval = outs
    else:
        (s_aval,) = outs
        u_aval = core.ShapedArray((*batch, m, k), aval.dtype)
        vt_aval = core.ShapedArray((*batch, k, n), aval.dtype)
    if _has_zero_dim(aval):
        # Empty matrices: no singular values; the full factors are identities.
        res = [mlir.full_like_aval(s_aval, 0)]
        if compute_uv:
            res += [_eye_hlo(u_aval), _eye_hlo(vt_aval)]
        return res
    info_aval = core.ShapedArray(batch, _INT32)
    mode = "N" if not compute_uv else "A" if full_matrices else "S"
    _, s, u, vt, info = _lapack("gesdd", aval.dtype, [a], [aval],
                                [aval, s_aval, u_aval, vt_aval, info_aval],
                                [True, False, True, True, False], alias=(0, 0),
                                mode=mode)  # fmt: skip
    ok = _info_ok(info, batch)
    res = [_nan_unless(ok, s, s_aval)]
    if compute_uv:
        res += [_nan_unless(ok, u, u_aval), _nan_unless(ok, vt, vt_aval)]
    return res


svd_p = utils.standard_primitive("svd", _svd_abstract_eval, _svd_lowering, multiple_results=True)


def _svd_jvp(primals: list, tangents: list, *, full_matrices: bool,
             compute_uv: bool) -> tuple[list, list]:  # fmt: skip
    # Classic formulas for distinct nonzero singular values (Townsend; Giles, NA-08-01);
    # with m != n the component of A' outside the span of U (or V) adds to U' (or V').
    (a,), (da,) = primals, tangents
    m, n = _shape(a)[-2:]
    if compute_uv and full_matrices and m != n:
        raise NotImplementedError(
            "svd: derivatives with full_matrices=True need a square matrix; got shape "
            f"{_shape(a)} (use full_matrices=False)"
        )
    s, u, vt = svd_p.bind(a, full_matrices=full_matrices and m == n, compute_uv=True)
    k = min(m, n)
    dt = _dtype(a)
    v = _H(vt)
    ds_mat = _mm(_mm(_H(u), da), v)
    d = _diag(ds_mat)
    ds = ew.real(d) if _is_complex(dt) else d
    if not compute_uv:
        return [s], [ds]
    s_row, s_col = _rows(s, k), _cols(s, k)
    eye = _eye((*_shape(s), k), _dtype(s))
    f = ew.sub(ew.integer_pow(ew.add(ew.mul(ew.add(s_row, s_col), ew.sub(s_row, s_col)), eye),
                              -1), eye)  # fmt: skip
    f = _as(f, dt)
    ds_s = ew.mul(_as(s_row, dt), ds_mat)
    s_ds = ew.mul(_as(s_col, dt), ds_mat)
    zero = ew.eq(s, utils.full(_shape(s), 0, _dtype(s)))
    s_zero = _as(zero, _dtype(s))
    s_inv = ew.sub(ew.integer_pow(ew.add(s, s_zero), -1), s_zero)
    s_inv_mat = ew.select(_diag_pred(_shape(ds_mat)), _as(_cols(s_inv, k), dt),
                          utils.full(_shape(ds_mat), 0, dt))  # fmt: skip
    half = utils.full(_shape(ds_mat), 0.5, dt)
    du_dv_diag = ew.mul(ew.mul(half, ew.sub(ds_mat, _H(ds_mat))), s_inv_mat)
    du = _mm(u, ew.add(ew.mul(f, ew.add(ds_s, _H(ds_s))), du_dv_diag))
    dv = _mm(v, ew.mul(f, ew.add(s_ds, _H(s_ds))))
    if m > n:
        da_v = _mm(da, v)
        du = ew.add(du, ew.div(ew.sub(da_v, _mm(u, _mm(_H(u), da_v))), _as(_rows(s, m), dt)))
    if n > m:
        dah_u = _mm(_H(da), u)
        dv = ew.add(dv, ew.div(ew.sub(dah_u, _mm(v, _mm(vt, dah_u))), _as(_rows(s, n), dt)))
    return [s, u, vt], [ds, du, _H(dv)]


def _svd_batch(vals: list, dims: list, **params: Any) -> tuple[list, list]:
    outs = svd_p.bind(_batch_moved(vals, dims), **params)
    return outs, [0] * len(outs)


ad.jvp_rules[svd_p] = _svd_jvp
batching.batch_rules[svd_p] = _svd_batch


def svd(x: Any, *, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """Singular value decomposition by LAPACK's divide and conquer (gesdd).

    Returns ``(u, s, vh)`` with ``x = u @ diag(s) @ vh`` and ``s`` descending, or ``s`` alone
    when not ``compute_uv``.
    """
    x = utils.asarray(x)
    if not compute_uv:
        (s,) = svd_p.bind(x, full_matrices=False, compute_uv=False)
        return s
    s, u, vt = svd_p.bind(x, full_matrices=bool(full_matrices), compute_uv=True)
    return u, s, vt


# ============================================================================ qr


def _qr_abstract_eval(a: core.ShapedArray, *, full_matrices: bool) -> list[core.ShapedArray]:
    m, n = _check_matrix("qr", a)
    batch, k = a.shape[:-2], (m if full_matrices else min(m, n))
    return [core.ShapedArray((*batch, m, k), a.dtype), core.ShapedArray((*batch, k, n), a.dtype)]


def _qr_lowering(ctx, a, *, full_matrices):  # noqa: ANN001, ANN202
    # Householder QR (geqrf), then Q formed from the reflectors (orgqr / ungqr).
    (aval,), (q_aval, r_aval) = ctx.avals_in, ctx.avals_out
    batch, (m, n) = aval.shape[:-2], aval.shape[-2:]
    k = min(m, n)
    if _has_zero_dim(aval):
        return [_eye_hlo(q_aval), mlir.full_like_aval(r_aval, 0)]
    tau_aval = core.ShapedArray((*batch, k), aval.dtype)
    factored, taus = _lapack("geqrf", aval.dtype, [a], [aval], [aval, tau_aval], [True, False],
                             alias=(0, 0))  # fmt: skip
    if m < n:
        sq_aval = core.ShapedArray((*batch, m, m), aval.dtype)
        q_in, q_in_aval = _hlo_slice(factored, aval, (*batch, m, m)), sq_aval
    elif full_matrices and m > n:
        q_in_aval = core.ShapedArray((*batch, m, m), aval.dtype)
        zero = mlir.full_like_aval(core.ShapedArray((), aval.dtype), 0)
        low = mlir.dense_i64([0] * aval.ndim)
        high = mlir.dense_i64([0] * (aval.ndim - 1) + [m - n])
        q_in = hlo.pad(factored, zero, low, high, low)
    else:
        q_in, q_in_aval = factored, aval
    routine = "ungqr" if _is_complex(aval.dtype) else "orgqr"
    (q,) = _lapack(routine, aval.dtype, [q_in, taus], [q_in_aval, tau_aval], [q_aval], [True],
                   alias=(0, 0), matrix_in=[True, False])  # fmt: skip
    r = factored
    if r_aval.shape != aval.shape:
        r = _hlo_slice(factored, aval, r_aval.shape)
    return [q, _keep_triangle(r, r_aval, lower=False)]


qr_p = utils.standard_primitive("qr", _qr_abstract_eval, _qr_lowering, multiple_results=True)


def _thin_qr_jvp(q: Any, r: Any, dx: Any) -> tuple[Any, Any]:
    # For m >= n (Walter & Lehmann; J. Townsend's note on QR derivatives): with
    # C = Q^H dX R^-1 and Omega = tril(C, -1) - tril(C, -1)^H (+ i Im diag(C) for complex),
    # dQ = Q (Omega - C) + dX R^-1 and dR = (C - Omega) R.
    dx_rinv = triangular_solve(r, dx, left_side=False, lower=False)
    c = _mm(_H(q), dx_rinv)
    low = _tril(c, -1)
    omega = ew.sub(low, _H(low))
    if _is_complex(_dtype(c)):
        imag_diag = ew.select(_diag_pred(_shape(c)), ew.sub(c, _as(ew.real(c), _dtype(c))),
                              utils.full(_shape(c), 0, _dtype(c)))  # fmt: skip
        omega = ew.add(omega, imag_diag)
    dq = ew.add(_mm(q, ew.sub(omega, c)), dx_rinv)
    dr = _mm(ew.sub(c, omega), r)
    return dq, dr


def _slice_last2(x: Any, rows: tuple[int, int], cols: tuple[int, int]) -> Any:
    shape = _shape(x)
    nb = len(shape) - 2
    return slicing.slice(x, (0,) * nb + (rows[0], cols[0]), (*shape[:nb], rows[1], cols[1]))


def _qr_jvp(primals: list, tangents: list, *, full_matrices: bool) -> tuple[list, list]:
    (x,), (dx,) = primals, tangents
    q, r = qr_p.bind(x, full_matrices=full_matrices)
    m, n = _shape(x)[-2:]
    nd = _ndim(x)
    if m < n:
        # X = [X1 X2] = Q [R1 R2]: the square part is a QR, and R2 = Q^H X2.
        x2 = _slice_last2(x, (0, m), (m, n))
        dx1, dx2 = _slice_last2(dx, (0, m), (0, m)), _slice_last2(dx, (0, m), (m, n))
        dq, dr1 = _thin_qr_jvp(q, _slice_last2(r, (0, m), (0, m)), dx1)
        dr2 = ew.add(_mm(_H(dq), x2), _mm(_H(q), dx2))
        return [q, r], [dq, shapes.concatenate([dr1, dr2], nd - 1)]
    if not full_matrices or m == n:
        dq, dr = _thin_qr_jvp(q, r, dx)
        return [q, r], [dq, dr]
    # Complete Q of a tall matrix (Roberts & Roberts, arXiv:2409.13374, eqs. 32-33).
    q_mn, r_nn = _slice_last2(q, (0, m), (0, n)), _slice_last2(r, (0, n), (0, n))
    dq_mn, dr_nn = _thin_qr_jvp(q_mn, r_nn, dx)
    q_nn, q_pn = _slice_last2(q_mn, (0, n), (0, n)), _slice_last2(q_mn, (n, m), (0, n))
    q_mp = _slice_last2(q, (0, m), (n, m))
    dq_nn, dq_pn = _slice_last2(dq_mn, (0, n), (0, n)), _slice_last2(dq_mn, (n, m), (0, n))
    z_pn_h = solve(_H(ew.sub(q_nn, _eye(_shape(q_nn), _dtype(q)))), _H(q_pn))
    z_pn = _H(z_pn_h)
    coupling = _H(ew.sub(dq_pn, _mm(z_pn, dq_nn)))
    dq_mp = ew.sub(_mm(dq_mn, z_pn_h), _mm(ew.add(q_mn, _mm(q_mp, z_pn)), coupling))
    dq = shapes.concatenate([dq_mn, dq_mp], nd - 1)
    zeros = utils.full((*_shape(dr_nn)[:-2], m - n, n), 0, _dtype(dr_nn))
    return [q, r], [dq, shapes.concatenate([dr_nn, zeros], nd - 2)]


def _qr_batch(vals: list, dims: list, *, full_matrices: bool) -> tuple[list, list]:
    return qr_p.bind(_batch_moved(vals, dims), full_matrices=full_matrices), [0, 0]


ad.jvp_rules[qr_p] = _qr_jvp
batching.batch_rules[qr_p] = _qr_batch


def qr(x: Any, *, full_matrices: bool = True) -> tuple[Any, Any]:
    """QR decomposition ``x = q @ r`` (Householder, LAPACK geqrf + orgqr/ungqr).

    ``full_matrices``: ``q`` is (m, m) and ``r`` (m, n); otherwise (m, k) and (k, n) with
    ``k = min(m, n)``. ``r``'s diagonal may be negative (LAPACK's convention).
    """
    x = utils.asarray(x)
    q, r = qr_p.bind(x, full_matrices=bool(full_matrices))
    return q, r


# ============================================================================ triangular_solve


def _triangular_solve_abstract_eval(a: core.ShapedArray, b: core.ShapedArray, *,
                                    left_side: bool, lower: bool, transpose_a: bool,
                                    conjugate_a: bool,
                                    unit_diagonal: bool) -> core.ShapedArray:  # fmt: skip
    _check_matrix("triangular_solve", a, square=True)
    _check_matrix("triangular_solve", b)
    if a.dtype != b.dtype:
        raise TypeError(
            f"triangular_solve requires operands of the same dtype, got {a.dtype.name} and "
            f"{b.dtype.name}"
        )
    if a.shape[:-2] != b.shape[:-2]:
        raise ValueError(
            f"triangular_solve: a and b must have the same batch dimensions, got shapes "
            f"{a.shape} and {b.shape}"
        )
    common = b.shape[-2] if left_side else b.shape[-1]
    if a.shape[-1] != common:
        raise ValueError(
            f"triangular_solve: incompatible shapes {a.shape} and {b.shape} for "
            f"left_side={left_side}"
        )
    return core.ShapedArray(b.shape, b.dtype)


def _triangular_solve_lowering(ctx, a, b, *, left_side, lower, transpose_a, conjugate_a,  # noqa: ANN001, ANN202
                               unit_diagonal):  # fmt: skip
    a_aval, b_aval = ctx.avals_in
    if _has_zero_dim(b_aval):
        return b
    if conjugate_a and not transpose_a and _is_complex(a_aval.dtype):
        a = mlir.chlo.conj(a)
    trans = ("C" if conjugate_a and _is_complex(a_aval.dtype) else "T") if transpose_a else "N"
    (out,) = _lapack("trsm", a_aval.dtype, [a, b], [a_aval, b_aval], [b_aval], [True],
                     alias=(1, 0), side="L" if left_side else "R", uplo="L" if lower else "U",
                     trans_x=trans, diag="U" if unit_diagonal else "N")  # fmt: skip
    return out


triangular_solve_p = utils.standard_primitive(
    "triangular_solve", _triangular_solve_abstract_eval, _triangular_solve_lowering
)


def _triangular_solve_jvp_a(g: Any, ans: Any, a: Any, b: Any, *, left_side: bool, lower: bool,
                            transpose_a: bool, conjugate_a: bool,
                            unit_diagonal: bool) -> Any:  # fmt: skip
    # X = op(A)^-1 B  =>  X' = -op(A)^-1 op(A') X  (left side; mirrored on the right). Only
    # the triangle the solve reads (without the diagonal when unit) carries a tangent.
    k = 1 if unit_diagonal else 0
    g = _tril(g, -k) if lower else _triu(g, k)
    g = ew.neg(g)
    if transpose_a:
        g = _T(g)
    if conjugate_a and _is_complex(_dtype(g)):
        g = ew.conj(g)
    params = dict(left_side=left_side, lower=lower, transpose_a=transpose_a,
                  conjugate_a=conjugate_a, unit_diagonal=unit_diagonal)  # fmt: skip
    m, n = _shape(b)[-2:]
    if left_side:
        if m > n:
            return triangular_solve_p.bind(a, _mm(g, ans), **params)
        return _mm(triangular_solve_p.bind(a, g, **params), ans)
    if m < n:
        return triangular_solve_p.bind(a, _mm(ans, g), **params)
    return _mm(ans, triangular_solve_p.bind(a, g, **params))


def _triangular_solve_jvp_b(g: Any, ans: Any, a: Any, b: Any, **params: Any) -> Any:
    return triangular_solve_p.bind(a, g, **params)


def _triangular_solve_transpose(ct: Any, a: Any, b: Any, *, transpose_a: bool,
                                **params: Any) -> list:  # fmt: skip
    if ad.is_undefined_primal(a):
        raise NotImplementedError("triangular_solve is not linear in its matrix operand")
    if type(ct) is ad.Zero:
        return [None, ad.Zero(b.aval)]
    return [None, triangular_solve_p.bind(a, ct, transpose_a=not transpose_a, **params)]


def _triangular_solve_batch(vals: list, dims: list, **params: Any) -> tuple[Any, int]:
    (a, b), (da, db) = vals, dims
    if da is None:
        # One matrix for the whole batch: fold the batch into b's columns (left side) or
        # rows (right side), which the solve treats independently.
        pos = _ndim(b) - (2 if params["left_side"] else 3)
        b = batching.moveaxis(b, db, pos)
        shape = _shape(b)
        folded = (*shape[:pos], shape[pos] * shape[pos + 1], *shape[pos + 2 :])
        out = triangular_solve_p.bind(a, shapes.reshape(b, folded), **params)
        return shapes.reshape(out, shape), pos
    size = _shape(a)[da] if da is not None else _shape(b)[db]
    a = batching.moveaxis(a, da, 0, size)
    b = batching.moveaxis(b, db, 0, size)
    return triangular_solve_p.bind(a, b, **params), 0


ad.defjvp2(triangular_solve_p, _triangular_solve_jvp_a, _triangular_solve_jvp_b)
ad.transpose_rules[triangular_solve_p] = _triangular_solve_transpose
batching.batch_rules[triangular_solve_p] = _triangular_solve_batch


def triangular_solve(a: Any, b: Any, *, left_side: bool = False, lower: bool = False,
                     transpose_a: bool = False, conjugate_a: bool = False,
                     unit_diagonal: bool = False) -> Any:  # fmt: skip
    """Solve ``op(a) @ x = b`` (``left_side``) or ``x @ op(a) = b`` for triangular ``a``.

    ``op`` transposes (``transpose_a``) and/or conjugates (``conjugate_a``); only the
    ``lower`` (or upper) triangle of ``a`` is read, and its diagonal is taken as ones when
    ``unit_diagonal``. Batch dimensions of ``a`` and ``b`` broadcast.
    """
    a, b = utils.asarray(a), utils.asarray(b)
    if _ndim(a) >= 2 and _ndim(b) >= 2 and _shape(a)[:-2] != _shape(b)[:-2]:
        batch = onp.broadcast_shapes(_shape(a)[:-2], _shape(b)[:-2])
        a = _broadcast_batch(a, batch)
        b = _broadcast_batch(b, batch)
    return triangular_solve_p.bind(a, b, left_side=bool(left_side), lower=bool(lower),
                                   transpose_a=bool(transpose_a),
                                   conjugate_a=bool(conjugate_a),
                                   unit_diagonal=bool(unit_diagonal))  # fmt: skip


def _broadcast_batch(x: Any, batch: tuple[int, ...]) -> Any:
    shape = _shape(x)
    if shape[:-2] == batch:
        return x
    out = (*batch, *shape[-2:])
    offset = len(out) - len(shape)
    keep = [i for i in range(len(shape) - 2) if shape[i] == out[i + offset]]
    squeezed = [i for i in range(len(shape) - 2) if i not in keep]
    if squeezed:
        x = shapes.reshape(x, tuple(d for i, d in enumerate(shape) if i not in squeezed))
    dims = [i + offset for i in keep] + [len(out) - 2, len(out) - 1]
    return shapes.broadcast_in_dim(x, out, dims)


# ============================================================================ lu


def _lu_abstract_eval(a: core.ShapedArray) -> list[core.ShapedArray]:
    m, n = _check_matrix("lu", a)
    return [core.ShapedArray(a.shape, a.dtype),
            core.ShapedArray((*a.shape[:-2], min(m, n)), _INT32)]  # fmt: skip


def _lu_lowering(ctx, a):  # noqa: ANN001, ANN202
    (aval,), (lu_aval, piv_aval) = ctx.avals_in, ctx.avals_out
    if _has_zero_dim(aval):
        return [a, mlir.full_like_aval(piv_aval, 0)]
    batch = aval.shape[:-2]
    info_aval = core.ShapedArray(batch, _INT32)
    lu, piv, info = _lapack("getrf", aval.dtype, [a], [aval], [lu_aval, piv_aval, info_aval],
                            [True, False, False], alias=(0, 0))  # fmt: skip
    piv = hlo.subtract(piv, mlir.full_like_aval(piv_aval, 1))  # LAPACK's pivots are 1-based
    # info > 0 only reports an exactly singular U: the factorization itself is fine.
    return [_nan_unless(_info_ok(info, batch, "GE"), lu, lu_aval), piv]


lu_p = utils.standard_primitive("lu", _lu_abstract_eval, _lu_lowering, multiple_results=True)


def _lu_factors(lu: Any) -> tuple[Any, Any]:
    """Unit-lower ``l`` (m, m) and upper ``u`` (n, n) padded to square from packed LU."""
    shape = _shape(lu)
    m, n = shape[-2:]
    k = min(m, n)
    nb = len(shape) - 2
    dt = _dtype(lu)
    zero = utils.full((), 0, dt)
    no_pad = [(0, 0, 0)] * nb
    l_part = _tril(_slice_last2(lu, (0, m), (0, k)), -1)
    l_mat = ew.add(shapes.pad(l_part, zero, [*no_pad, (0, 0, 0), (0, m - k, 0)]),
                   _eye((*shape[:-2], m, m), dt))  # fmt: skip
    u_part = _triu(_slice_last2(lu, (0, k), (0, n)))
    u_mat = shapes.pad(u_part, zero, [*no_pad, (0, n - k, 0), (0, 0, 0)])
    if n > k:
        corner = _eye((n - k, n - k), dt)
        corner = shapes.pad(corner, zero, [(k, 0, 0), (k, 0, 0)])
        u_mat = ew.add(u_mat, shapes.broadcast_in_dim(corner, _shape(u_mat), (nb, nb + 1)))
    return l_mat, u_mat


def _lu_jvp(primals: list, tangents: list) -> tuple[list, list]:
    # De Hoog, Anderssen & Lukas: with P A = L U and C = L^-1 P A' U^-1,
    # L' = L tril(C, -1) and U' = triu(C) U, packed like lu.
    (a,), (t,) = primals, tangents
    lu, piv = lu_p.bind(a)
    m = _shape(a)[-2]
    perm = lu_pivots_to_permutation(piv, m)
    l_mat, u_mat = _lu_factors(lu)
    la = triangular_solve(l_mat, permute_rows(t, perm), left_side=True, lower=True,
                          unit_diagonal=True)  # fmt: skip
    c = triangular_solve(u_mat, la, left_side=False, lower=False)
    lu_dot = ew.add(_mm(l_mat, _tril(c, -1)), _mm(_triu(c), u_mat))
    return [lu, piv], [lu_dot, ad.Zero(core.get_aval(piv))]


def _lu_batch(vals: list, dims: list) -> tuple[list, list]:
    return lu_p.bind(_batch_moved(vals, dims)), [0, 0]


ad.jvp_rules[lu_p] = _lu_jvp
batching.batch_rules[lu_p] = _lu_batch


def lu(x: Any) -> tuple[Any, Any, Any]:
    """LU decomposition with partial pivoting (LAPACK getrf): ``x[perm] = L @ U``.

    Returns ``(lu, pivots, permutation)``: ``L`` (unit diagonal) and ``U`` packed in ``lu``,
    the row swaps LAPACK made (0-based, int32) and the permutation they compose to.
    """
    x = utils.asarray(x)
    lu_, piv = lu_p.bind(x)
    return lu_, piv, lu_pivots_to_permutation(piv, _shape(x)[-2])


def lu_pivots_to_permutation(pivots: Any, permutation_size: int) -> Any:
    """The permutation of ``range(permutation_size)`` made by swapping row ``i`` with row
    ``pivots[..., i]`` for each ``i`` in turn."""
    pivots = utils.asarray(pivots)
    shape = _shape(pivots)
    out_shape = (*shape[:-1], permutation_size)
    nd = len(out_shape)
    idx = shapes.broadcasted_iota(_INT32, out_shape, nd - 1)
    perm0 = idx

    def body(i: Any, perm: Any) -> Any:
        i = shapes.convert_element_type(i, _INT32)
        p = slicing.dynamic_index_in_dim(pivots, i, nd - 1, keepdims=True)
        p = shapes.broadcast_in_dim(p, out_shape, tuple(range(nd)))
        at_i = ew.eq(idx, shapes.broadcast_in_dim(i, out_shape, ()))
        at_p = ew.eq(idx, p)
        zeros = utils.full(out_shape, 0, _INT32)
        perm_i = reductions.reduce_sum(ew.select(at_i, perm, zeros), (nd - 1,))
        perm_p = reductions.reduce_sum(ew.select(at_p, perm, zeros), (nd - 1,))
        perm_i = shapes.broadcast_in_dim(perm_i, out_shape, tuple(range(nd - 1)))
        perm_p = shapes.broadcast_in_dim(perm_p, out_shape, tuple(range(nd - 1)))
        return ew.select(at_i, perm_p, ew.select(at_p, perm_i, perm))

    if shape[-1] == 0:
        return perm0
    return loops.fori_loop(0, shape[-1], body, perm0)


def permute_rows(x: Any, perm: Any) -> Any:
    """``x[..., perm, :]``, batch dimensions of ``x`` and ``perm`` paired."""
    shape = _shape(x)
    nb = len(shape) - 2
    batch = tuple(range(nb))
    dn = slicing.GatherDimensionNumbers(
        offset_dims=(nb + 1,), collapsed_slice_dims=(nb,), start_index_map=(nb,),
        operand_batching_dims=batch, start_indices_batching_dims=batch)  # fmt: skip
    idx = shapes.expand_dims(perm, (_ndim(perm),))
    return slicing.gather(x, idx, dn, (1,) * nb + (1, shape[-1]), mode="promise_in_bounds")


def lu_solve(lu: Any, perm: Any, b: Any) -> Any:
    """Solve ``a @ x = b`` from ``a``'s LU factors; ``b`` is (..., n, k)."""
    x = permute_rows(b, perm)
    x = triangular_solve(lu, x, left_side=True, lower=True, unit_diagonal=True)
    return triangular_solve(lu, x, left_side=True, lower=False)


def solve(a: Any, b: Any) -> Any:
    """Solve ``a @ x = b`` for square ``a`` (..., n, n) and matrices ``b`` (..., n, k) with
    the same batch dimensions, by LU with partial pivoting."""
    a, b = utils.asarray(a), utils.asarray(b)
    lu_, _, perm = lu(a)
    return lu_solve(lu_, perm, b)


# ============================================================================ eig


def _complex_of(dtype: onp.dtype) -> onp.dtype:
    return dtypes.promote_types(onp.dtype(dtype), onp.dtype("complex64"))


def _eig_abstract_eval(a: core.ShapedArray, *, compute_right: bool) -> list[core.ShapedArray]:
    _check_matrix("eig", a, square=True)
    c = _complex_of(a.dtype)
    w = core.ShapedArray(a.shape[:-1], c)
    return [w, core.ShapedArray(a.shape, c)] if compute_right else [w]


def _eig_lowering(ctx, a, *, compute_right):  # noqa: ANN001, ANN202
    (aval,), outs = ctx.avals_in, ctx.avals_out
    c = _complex_of(aval.dtype)
    w_aval, v_aval = core.ShapedArray(aval.shape[:-1], c), core.ShapedArray(aval.shape, c)
    if _has_zero_dim(aval):
        return [mlir.full_like_aval(o, 0) for o in outs]
    batch = aval.shape[:-2]
    info_aval = core.ShapedArray(batch, _INT32)
    real = not _is_complex(aval.dtype)
    w_parts = [core.ShapedArray(aval.shape[:-1], aval.dtype)] * (2 if real else 1)
    res = _lapack("geev", aval.dtype, [a], [aval], [*w_parts, v_aval, v_aval, info_aval],
                  [False] * len(w_parts) + [True, True, False], compute_left="N",
                  compute_right="V" if compute_right else "N")  # fmt: skip
    *w, _, vr, info = res
    w = hlo.complex(w[0], w[1]) if real else w[0]
    ok = _info_ok(info, batch)
    out = [_nan_unless(ok, w, w_aval)]
    if compute_right:
        out.append(_nan_unless(ok, vr, v_aval))
    return out


eig_p = utils.standard_primitive("eig", _eig_abstract_eval, _eig_lowering, multiple_results=True)


def _eig_jvp(primals: list, tangents: list, *, compute_right: bool) -> tuple[list, list]:
    # Distinct eigenvalues (Giles, NA-08-01; arXiv:1701.00392 eq. 4.60, 4.63):
    # w' = diag(V^-1 A' V), V' = V (F o V^-1 A' V), then the component along each v_j that
    # would change its unit 2-norm removed (LAPACK's gauge: |v_j| = 1).
    (a,), (da,) = primals, tangents
    w, v = eig_p.bind(a, compute_right=True)
    c = _dtype(v)
    vinv_da_v = solve(v, _mm(_as(da, c), v))
    dw = _diag(vinv_da_v)
    if not compute_right:
        return [w], [dw]
    n = _shape(a)[-1]
    eye = _eye(_shape(v), c)
    f = ew.sub(ew.integer_pow(ew.add(eye, ew.sub(_rows(w, n), _cols(w, n))), -1), eye)
    dv = _mm(v, ew.mul(f, vinv_da_v))
    along = ew.real(reductions.reduce_sum(ew.mul(ew.conj(v), dv), (_ndim(v) - 2,)))
    dv = ew.sub(dv, ew.mul(v, _rows(_as(along, c), n)))
    return [w, v], [dw, dv]


def _eig_batch(vals: list, dims: list, **params: Any) -> tuple[list, list]:
    outs = eig_p.bind(_batch_moved(vals, dims), **params)
    return outs, [0] * len(outs)


ad.jvp_rules[eig_p] = _eig_jvp
batching.batch_rules[eig_p] = _eig_batch


def eig(x: Any, *, compute_right_eigenvectors: bool = True) -> Any:
    """Eigenvalues ``w`` and right eigenvectors ``v`` (columns, unit 2-norm) of general square
    matrices by LAPACK geev; complex results. Returns ``(w, v)``, or ``w`` alone."""
    x = utils.asarray(x)
    outs = eig_p.bind(x, compute_right=bool(compute_right_eigenvectors))
    return tuple(outs) if compute_right_eigenvectors else outs[0]


# ============================================================================ geqrf


def _geqrf_abstract_eval(a: core.ShapedArray) -> list[core.ShapedArray]:
    m, n = _check_matrix("geqrf", a)
    return [core.ShapedArray(a.shape, a.dtype),
            core.ShapedArray((*a.shape[:-2], min(m, n)), a.dtype)]  # fmt: skip


def _geqrf_lowering(ctx, a):  # noqa: ANN001, ANN202
    (aval,), (h_aval, tau_aval) = ctx.avals_in, ctx.avals_out
    if _has_zero_dim(aval):
        return [a, mlir.full_like_aval(tau_aval, 0)]
    return _lapack("geqrf", aval.dtype, [a], [aval], [h_aval, tau_aval], [True, False],
                   alias=(0, 0))  # fmt: skip


geqrf_p = utils.standard_primitive("geqrf", _geqrf_abstract_eval, _geqrf_lowering,
                                   multiple_results=True)  # fmt: skip


def _geqrf_jvp(primals: list, tangents: list) -> None:
    raise NotImplementedError(
        "geqrf: the raw Householder form (qr mode='raw') has no derivative rule; "
        "differentiate qr's Q and R instead"
    )


def _geqrf_batch(vals: list, dims: list) -> tuple[list, list]:
    return geqrf_p.bind(_batch_moved(vals, dims)), [0, 0]


ad.jvp_rules[geqrf_p] = _geqrf_jvp
batching.batch_rules[geqrf_p] = _geqrf_batch


def geqrf(x: Any) -> tuple[Any, Any]:
    """LAPACK's Householder QR in raw form: ``(h, tau)``, ``R`` in ``h``'s upper triangle and
    the reflectors below it (not differentiable)."""
    h, tau = geqrf_p.bind(utils.asarray(x))
    return h, tau
