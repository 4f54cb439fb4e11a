"""``scipy.linalg``'s Schur-based matrix functions and matrix equations.

- ``schur``/``rsf2csf``/``hessenberg``: LAPACK gees (unsorted), Givens rotations, Householder.
- ``sqrtm``: complex Schur form and the upper-triangular square root, one superdiagonal at
  a time (``R_ij = (T_ij - sum_k R_ik R_kj) / (R_ii + R_jj)``); its derivative solves the
  Sylvester equation ``X dX + dX X = dA``, so every mode of differentiation works.
- ``logm``: inverse scaling and squaring: square roots until ``|B - I|_1 <= 0.25``, then
  the 8-point Gauss-Legendre (diagonal Pade) approximant of ``log(I + X)``, times ``2^k``.
  Eagerly ``k`` is a Python int and derivatives flow through ``sqrtm``'s; under ``jit`` the
  square roots run in a ``while_loop`` (forward-mode derivatives only).
- ``funm``: the Schur-Parlett recurrence (distinct eigenvalues, as SciPy's); ``signm``:
  Newton's iteration with determinant scaling.
- ``expm_frechet``: ``expm`` of the block matrix ``[[A, E], [0, A]]``; ``expm_cond`` from
  the Kronecker form of the Frechet derivative (n^2 of them, batched).
- ``cosm``...``tanhm`` from ``expm``; ``fractional_matrix_power`` as ``expm(t logm(A))``
  (integer ``t``: repeated squaring).
- ``solve_sylvester`` (Bartels-Stewart over complex Schur forms), the Lyapunov equations,
  ``solve_continuous_are`` (matrix sign function of the Hamiltonian) and
  ``solve_discrete_are`` (structured doubling).

Results are real for real input when the result is real: eagerly by checking that the
imaginary part is negligible; under a transformation the value is unknown, so ``sqrtm``,
``logm``, ``funm`` and ``fractional_matrix_power`` of real input return complex arrays
there. Differences from SciPy: ``schur(sort=...)`` is not supported (no trsen);
``logm``/``fractional_matrix_power`` keep float32 (SciPy returns float64); ``funm``'s error
estimate is SciPy's formula on the complex Schur form; ``fractional_matrix_power`` returns a
real root real (SciPy may give complex zeros); ``solve_sylvester`` of complex ``a`` with real
``b`` solves the equation (SciPy 1.17 returns a wrong result there). ``signm``, ``funm``,
``solve_continuous_are``/``solve_discrete_are`` iterate in ``while_loop``s or go through the
Schur form without a derivative rule: forward mode at most.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.custom_derivatives import custom_jvp
from xnp._src.lax import cond as lax_cond
from xnp._src.lax import linalg as lax_linalg
from xnp._src.lax import loops
from xnp._src.lax import slicing as lax_slicing
from xnp._src.numpy import linalg as np_linalg
from xnp._src.numpy import namespace as jnp
from xnp._src.numpy import util as np_util
from xnp._src.scipy import linalg as sp_linalg

Array = Any
ArrayLike = Any
LinAlgError = onp.linalg.LinAlgError

_prep = sp_linalg._prep


def _shape(x: Any) -> tuple[int, ...]:
    return core.get_aval(x).shape


def _square2(name: str, a: Any) -> int:
    s = _shape(a)
    if len(s) != 2 or s[0] != s[1]:
        raise ValueError(f"{name}: expected a square matrix, got shape {s}")
    return s[0]


def _H(x: Any) -> Any:  # noqa: N802
    return jnp.conj(jnp.swapaxes(x, -1, -2))


def _complex(x: Any) -> Any:
    return x.astype(jnp.result_type(x.dtype, onp.complex64))


def _eye(n: int, dt: Any) -> Any:
    return jnp.eye(n, dtype=dt)


def _diag(x: Any) -> Any:
    return np_linalg.diagonal(x)


def _diagflat(d: Any) -> Any:
    n = _shape(d)[-1]
    return d[..., :, None] * _eye(n, d.dtype)


def _value(x: Any) -> onp.ndarray | None:
    """The concrete value of ``x`` (also of a tracer whose trace knows it), else None."""
    if isinstance(x, core.Tracer):
        v = x.to_concrete_value()
        return None if v is None else onp.asarray(v)
    return onp.asarray(x)


def _maybe_real(a: Any, x: Any) -> Any:
    """Real ``x`` for real ``a`` when ``x``'s imaginary part is negligible (known values)."""
    if dtypes.kind(a.dtype) == "c" or dtypes.kind(x.dtype) != "c":
        return x
    v = _value(x)
    if v is None:
        return x
    eps = float(onp.finfo(v.dtype).eps)
    scale = max(float(onp.abs(v).max(initial=0.0)), 1.0)
    if float(onp.abs(v.imag).max(initial=0.0)) <= 1e3 * eps * scale:
        return jnp.real(x)
    return x


def _norm1(x: Any) -> Any:
    return jnp.max(jnp.sum(jnp.abs(x), axis=-2), axis=-1)


# ----------------------------------------------------------------------------- Schur forms


def schur(a: ArrayLike, output: str = "real", lwork: Any = None, overwrite_a: bool = False,
          sort: Any = None, check_finite: bool = True) -> tuple:  # fmt: skip
    """Schur decomposition ``a = Z T Z^H`` (LAPACK gees): ``(T, Z)``; ``output='complex'``
    gives the triangular complex form of real input. ``sort`` is not supported."""
    if output not in ("real", "complex", "r", "c"):
        raise ValueError("argument must be 'real', or 'complex'")
    if sort is not None:
        raise NotImplementedError("schur: sort= needs LAPACK's eigenvalue reordering (trsen), "
                                  "which jaxlib does not register")  # fmt: skip
    a = _prep("schur", a, check_finite)
    _square2("schur", a)
    if output in ("complex", "c"):
        a = _complex(a)
    t, z = lax_linalg.schur(a)
    np_linalg._raise_if_failed(a, t, "schur: Schur form not found. Possibly ill-conditioned.")
    return t, z


def rsf2csf(T: ArrayLike, Z: ArrayLike, check_finite: bool = True) -> tuple:  # noqa: N803
    """Real Schur form ``(T, Z)`` to the complex one: each 2x2 block of a complex pair is
    triangularized by a Givens rotation (applied to ``T`` and ``Z``)."""
    t = _prep("rsf2csf", T, check_finite)
    z = _prep("rsf2csf", Z, check_finite)
    n = _square2("rsf2csf", t)
    if _shape(z) != (n, n):
        raise ValueError(f"rsf2csf: Input arrays must have the same shape, got {_shape(t)} and "
                         f"{_shape(z)}")  # fmt: skip
    for name, x in (("T", t), ("Z", z)):
        if dtypes.kind(x.dtype) == "c":
            raise ValueError(f"rsf2csf: Input '{name}' must be real")
    cdt = jnp.result_type(t.dtype, z.dtype, onp.complex64)
    t, z = t.astype(cdt), z.astype(cdt)
    if n < 2:
        return t, z
    eps = float(onp.finfo(cdt).eps)

    zero = jnp.asarray(0, "int32")

    def rotate(m: Any, t: Any, z: Any, c: Any, sn: Any) -> tuple:
        # G = [[conj(c), s], [-s, c]] on rows m-1, m of T, then T G^H and Z G^H on those
        # columns: O(n) slices of two rows and two columns.
        rows = lax_slicing.dynamic_slice(t, (m - 1, zero), (2, n))
        r1, r2 = rows[0], rows[1]
        rows = jnp.stack([jnp.conj(c) * r1 + sn * r2, -sn * r1 + c * r2])
        t = lax_slicing.dynamic_update_slice(t, rows, (m - 1, zero))

        def cols(x: Any) -> Any:
            pair = lax_slicing.dynamic_slice(x, (zero, m - 1), (n, 2))
            c1, c2 = pair[:, 0], pair[:, 1]
            pair = jnp.stack([c * c1 + jnp.conj(sn) * c2, -jnp.conj(sn) * c1 + jnp.conj(c) * c2], 1)
            return lax_slicing.dynamic_update_slice(x, pair, (zero, m - 1))

        t, z = cols(t), cols(z)
        t = lax_slicing.dynamic_update_slice(t, jnp.zeros((1, 1), cdt), (m, m - 1))
        return t, z

    def body(i: Any, state: tuple) -> tuple:
        # m = n - 1 - i, bottom up: a 2x2 block on rows/columns m - 1, m with a nonzero
        # subdiagonal is a complex pair; the steps of real eigenvalues skip the rotation.
        t, z = state
        m = (n - 1 - i).astype("int32")
        blk = lax_slicing.dynamic_slice(t, (m - 1, m - 1), (2, 2))
        a11, a12, a21, a22 = blk[0, 0], blk[0, 1], blk[1, 0], blk[1, 1]
        tr, det = a11 + a22, a11 * a22 - a12 * a21
        mu0 = tr / 2 + jnp.sqrt(tr * tr / 4 - det) - a22
        r = jnp.sqrt(jnp.abs(mu0) ** 2 + jnp.abs(a21) ** 2)
        active = jnp.abs(a21) > eps * (jnp.abs(a11) + jnp.abs(a22))
        safe_r = jnp.where(active, r, 1)
        c, sn = mu0 / safe_r, a21 / safe_r
        return lax_cond.cond(active, rotate, lambda m, t, z, c, sn: (t, z), m, t, z, c, sn)

    t, z = loops.fori_loop(0, n - 1, body, (t, z))
    return t, z


def hessenberg(a: ArrayLike, calc_q: bool = False, overwrite_a: bool = False,
               check_finite: bool = True) -> Any:  # fmt: skip
    """Upper Hessenberg form ``a = Q H Q^H`` by Householder reflections (LAPACK gehrd's
    convention: ``beta = -sign(Re alpha) |x|``); ``(H, Q)`` when ``calc_q``."""
    a = _prep("hessenberg", a, check_finite)
    n = _square2("hessenberg", a)
    dt = a.dtype
    idx = jnp.arange(n)
    eye = _eye(n, dt)

    def body(k: Any, state: tuple) -> tuple:
        # Column k's reflector, masked to full length so the loop body has one shape.
        h, q = state
        col = jnp.matmul(h, (idx == k).astype(dt))
        alpha = jnp.sum(jnp.where(idx == k + 1, col, 0))
        below = jnp.where(idx > k + 1, col, 0)
        xnorm = jnp.sqrt(jnp.sum(jnp.abs(below) ** 2))
        trivial = (xnorm == 0) & (jnp.imag(alpha) == 0)
        sign = jnp.where(jnp.real(alpha) >= 0, 1.0, -1.0).astype(jnp.real(alpha).dtype)
        beta = -sign * jnp.sqrt(jnp.abs(alpha) ** 2 + xnorm**2)
        beta_s = jnp.where(trivial, 1, beta)
        tau = jnp.where(trivial, 0, (beta_s - alpha) / beta_s)
        denom = jnp.where(trivial, 1, alpha - beta_s)
        v = jnp.where(idx == k + 1, 1, below / denom).astype(dt)
        refl = eye - tau * v[:, None] * jnp.conj(v)[None, :]
        h = jnp.matmul(_H(refl), jnp.matmul(h, refl))
        h = jnp.where((idx[:, None] >= k + 2) & (idx[None, :] == k), 0, h)
        return h, jnp.matmul(q, refl)

    h, q = loops.fori_loop(0, max(n - 2, 0), body, (a, eye))
    return (h, q) if calc_q else h


def _cschur(a: Any) -> tuple[Any, Any]:
    """Complex Schur form; of real input through the real form and ``rsf2csf`` (as SciPy),
    so that real eigenvalues stay exactly real (a principal root or logarithm of a negative
    eigenvalue is then on the correct side of the branch cut)."""
    if dtypes.kind(a.dtype) == "c":
        return lax_linalg.schur(a)
    t, z = lax_linalg.schur(a)
    return rsf2csf(t, z, check_finite=False)


# ----------------------------------------------------------------------------- Sylvester


def _sylvester_triangular(t: Any, s: Any, f: Any) -> Any:
    """Solve ``T Y + Y S = F`` for upper-triangular ``T`` (m, m) and ``S`` (n, n), one
    column at a time (linear in ``F``)."""
    m, n = _shape(t)[0], _shape(s)[0]
    dt = jnp.result_type(t.dtype, s.dtype, f.dtype)
    jdx = jnp.arange(n)
    eye = _eye(m, dt)

    def body(j: Any, y: Any) -> Any:
        # Column j: (T + S_jj I) y_j = f_j - sum_{k<j} S_kj y_k (columns >= j of y are zero).
        ej = (jdx == j).astype(dt)
        s_col = jnp.matmul(s, ej)
        rhs = jnp.matmul(f, ej) - jnp.matmul(y, s_col)
        s_jj = jnp.sum(ej * s_col)
        yj = lax_linalg.triangular_solve(t + s_jj * eye, rhs[:, None], left_side=True,
                                         lower=False)[:, 0]  # fmt: skip
        return y + yj[:, None] * ej[None, :]

    return loops.fori_loop(0, n, body, jnp.zeros((m, n), dt))


def _sylvester_impl(a: Any, b: Any, q: Any) -> Any:
    r, u = _cschur(a)
    s, v = _cschur(b)
    f = jnp.matmul(_H(u), jnp.matmul(q.astype(u.dtype), v))
    y = _sylvester_triangular(r, s, f)
    return jnp.matmul(u, jnp.matmul(y, _H(v)))


_sylvester = custom_jvp(_sylvester_impl)


# The tangent maps below call the undecorated solver: it is linear in its last argument
# (triangular solves and products with primal-only matrices), so reverse mode transposes it.
@_sylvester.defjvp
def _sylvester_jvp(primals: tuple, tangents: tuple) -> tuple:
    # a dx + dx b = dq - da x - x db
    (a, b, q), (da, db, dq) = primals, tangents
    x = _sylvester(a, b, q)
    rhs = dq.astype(x.dtype) - jnp.matmul(da.astype(x.dtype), x) - jnp.matmul(x, db.astype(
        x.dtype))  # fmt: skip
    return x, _sylvester_impl(a, b, rhs)


def solve_sylvester(a: ArrayLike, b: ArrayLike, q: ArrayLike) -> Array:
    """Solve ``a x + x b = q`` (Bartels-Stewart over complex Schur forms); real for real
    input."""
    a, b, q = (_prep("solve_sylvester", x, True) for x in (a, b, q))
    m, n = _square2("solve_sylvester", a), _square2("solve_sylvester", b)
    if _shape(q) != (m, n):
        raise ValueError(f"solve_sylvester: q must have shape ({m}, {n}) for a {_shape(a)} and "
                         f"b {_shape(b)}, got {_shape(q)}")  # fmt: skip
    x = _sylvester(a, b, q)
    if all(dtypes.kind(v.dtype) != "c" for v in (a, b, q)):
        x = jnp.real(x)
    return x.astype(jnp.result_type(a.dtype, b.dtype, q.dtype))


def solve_continuous_lyapunov(a: ArrayLike, q: ArrayLike) -> Array:
    """Solve ``a x + x a^H = q``."""
    a = _prep("solve_continuous_lyapunov", a, True)
    return solve_sylvester(a, _H(a), q)


solve_lyapunov = solve_continuous_lyapunov


def solve_discrete_lyapunov(a: ArrayLike, q: ArrayLike, method: str | None = None) -> Array:
    """Solve ``a x a^H - x + q = 0``: ``'direct'`` (the n^2 x n^2 Kronecker system, the
    default below n = 10) or ``'bilinear'`` (a continuous Lyapunov equation)."""
    a = _prep("solve_discrete_lyapunov", a, True)
    q = _prep("solve_discrete_lyapunov", q, True)
    n = _square2("solve_discrete_lyapunov", a)
    if _shape(q) != (n, n):
        raise ValueError(f"solve_discrete_lyapunov: q must have shape {(n, n)}, got {_shape(q)}")
    if method is None:
        method = "direct" if n < 10 else "bilinear"
    a, q = np_util.promote_dtypes("solve_discrete_lyapunov", a, q)
    if method == "direct":
        k = jnp.kron(a, jnp.conj(a))
        x = np_linalg.solve(_eye(n * n, a.dtype) - k, jnp.ravel(q))
        return jnp.reshape(x, (n, n))
    if method == "bilinear":
        eye = _eye(n, a.dtype)
        ah = _H(a)
        ahi_inv = np_linalg.inv(ah + eye)
        b = jnp.matmul(ah - eye, ahi_inv)
        c = 2 * jnp.matmul(jnp.matmul(np_linalg.inv(a + eye), q), ahi_inv)
        return solve_continuous_lyapunov(_H(b), -c)
    raise ValueError(f"solve_discrete_lyapunov: Unknown solver {method}")


# ----------------------------------------------------------------------------- sqrtm, logm


def _sqrt_triangular(t: Any) -> Any:
    n = _shape(t)[0]
    diag = _diag(t)
    # A real negative eigenvalue may come out of gees with a -0.0 imaginary part: the
    # principal root takes the +0.0 side of the cut, as SciPy's.
    im = jnp.imag(diag)
    d = jnp.sqrt(jnp.real(diag) + 1j * jnp.where(im == 0, 0.0, im).astype(im.dtype))
    if n == 1:
        return _diagflat(d)
    zero = jnp.asarray(0, "int32")
    offset = jnp.asarray((onp.arange(n)[None, :] - onp.arange(n)[:, None]).astype(onp.int32))
    t_pad = jnp.concatenate([t.astype(d.dtype), jnp.zeros((n, n), d.dtype)], axis=1)
    d_pad = jnp.concatenate([d, jnp.zeros((n,), d.dtype)])

    def body(k: Any, r: Any) -> Any:
        # Superdiagonal k: R_{i,i+k} = (T_{i,i+k} - sum_{i<l<i+k} R_il R_{l,i+k}) / (R_ii +
        # R_{i+k,i+k}). With S[l, i] = R[l, i+k], the sum is row i of (R * S^T): O(n^2).
        k = k.astype("int32")
        shifted = lax_slicing.dynamic_slice(
            jnp.concatenate([r, jnp.zeros((n, n), r.dtype)], axis=1), (zero, k), (n, n)
        )
        acc = jnp.sum(r * shifted.T, axis=1)
        t_k = jnp.diagonal(lax_slicing.dynamic_slice(t_pad, (zero, k), (n, n)))
        dsum = d + lax_slicing.dynamic_slice(d_pad, (k,), (n,))
        x = (t_k - acc) / jnp.where(dsum == 0, 1, dsum)
        return jnp.where(offset == k, x[:, None], r)

    return loops.fori_loop(1, n, body, _diagflat(d))


@custom_jvp
def _sqrtm(a: Any) -> Any:
    t, z = _cschur(a)
    return jnp.matmul(z, jnp.matmul(_sqrt_triangular(t), _H(z)))


@_sqrtm.defjvp
def _sqrtm_jvp(primals: tuple, tangents: tuple) -> tuple:
    (a,), (da,) = primals, tangents
    x = _sqrtm(a)
    return x, _sylvester_impl(x, x, da)


def sqrtm(A: ArrayLike, disp: Any = None, blocksize: Any = None) -> Array:  # noqa: N803
    """Principal square root (complex Schur method); real for real input whose root is
    real. Differentiable in every mode (the derivative solves a Sylvester equation)."""
    a = _prep("sqrtm", A, True)
    n = _square2("sqrtm", a)
    if n == 0:
        return a
    return _maybe_real(a, _sqrtm(a))


_GL_NODES, _GL_WEIGHTS = onp.polynomial.legendre.leggauss(8)


def _log_pade(x: Any) -> Any:
    """``log(I + X) ~ sum_j w_j X (I + t_j X)^-1`` (Gauss-Legendre on [0, 1])."""
    n = _shape(x)[0]
    eye = _eye(n, x.dtype)
    out = jnp.zeros_like(x)
    for node, weight in zip(_GL_NODES, _GL_WEIGHTS, strict=True):
        t = (node + 1) / 2
        out = out + (weight / 2) * np_linalg.solve(eye + t * x, x)
    return out


def _logm(a: Any) -> Any:
    n = _shape(a)[0]
    eye = _eye(n, a.dtype)
    b, k = a, 0
    v = _value(b)
    if v is not None:
        while k < 64 and onp.abs(v - onp.eye(n)).sum(axis=0).max() > 0.25:
            b = _sqrtm(b)
            k += 1
            v = _value(b)
            if v is None:
                break
        if v is not None:
            return (2.0**k) * _log_pade(b - eye)

    def cond(state: tuple) -> Any:
        i, m = state
        return (i < 64) & (_norm1(m - eye) > 0.25)

    def body(state: tuple) -> tuple:
        i, m = state
        return i + 1, _sqrtm(m)

    if dtypes.kind(b.dtype) != "c":  # the first root of real input takes the real path
        b, k = _sqrtm(b), k + 1
    k_t, b = loops.while_loop(cond, body, (jnp.asarray(k, dtype="int32"), b))
    return jnp.exp2(k_t.astype(jnp.real(b).dtype)).astype(b.dtype) * _log_pade(b - eye)


def logm(A: ArrayLike, disp: Any = None) -> Array:  # noqa: N803
    """Principal matrix logarithm (inverse scaling and squaring with a Pade approximant);
    real for real input whose logarithm is real."""
    a = _prep("logm", A, True)
    n = _square2("logm", a)
    if n == 0:
        return a
    return _maybe_real(a, _logm(a))


def fractional_matrix_power(A: ArrayLike, t: float) -> Array:  # noqa: N803
    """``A ** t``: repeated squaring for integer ``t``, else ``expm(t * logm(A))``."""
    a = _prep("fractional_matrix_power", A, True)
    _square2("fractional_matrix_power", a)
    if float(t) == int(t):
        return np_linalg.matrix_power(a, int(t))
    return _maybe_real(a, sp_linalg.expm(t * _logm(a)))


# ----------------------------------------------------------------------------- funm, signm


def funm(A: ArrayLike, func: Any, disp: bool = True) -> Any:  # noqa: N803
    """``func`` of a matrix by the Schur-Parlett recurrence: ``func`` maps the eigenvalues
    (an array) to their images. Needs distinct eigenvalues, as SciPy's; returns ``(F,
    errest)`` when not ``disp``."""
    a = _prep("funm", A, True)
    n = _square2("funm", a)
    t, z = _cschur(a)
    f0 = _diagflat(jnp.asarray(func(_diag(t))).astype(t.dtype))
    dt_ = _diag(t)
    den = dt_[None, :] - dt_[:, None]
    offset = jnp.asarray((onp.arange(n)[None, :] - onp.arange(n)[:, None]).astype(onp.int32))

    def body(k: Any, f: Any) -> Any:
        c = jnp.matmul(t, f) - jnp.matmul(f, t)
        return jnp.where(offset == k, c / jnp.where(den == 0, 1, den), f)

    f = loops.fori_loop(1, n, body, f0) if n > 1 else f0
    out = _maybe_real(a, jnp.matmul(z, jnp.matmul(f, _H(z))))
    if disp:
        return out
    tol = float(onp.finfo(onp.dtype(jnp.real(t).dtype)).eps)
    minden = jnp.abs(t[0, 0]) if n else jnp.asarray(0.0)
    minden = jnp.where(minden == 0, tol, minden)
    upper = t - _diagflat(dt_)
    err = jnp.minimum(1.0, jnp.maximum(tol, (tol / minden) * _norm1(upper)))
    err = jnp.where(jnp.all(jnp.isfinite(out)), err, onp.inf)
    return out, err


def _sign_newton(a: Any) -> Any:
    n = _shape(a)[0]
    tol = 1e3 * float(onp.finfo(onp.dtype(jnp.real(a).dtype)).eps)

    def step(x: Any) -> Any:
        _, logdet = np_linalg.slogdet(x)
        scale = jnp.exp(-logdet / n).astype(x.dtype)
        return (scale * x + np_linalg.inv(x) / scale) / 2

    def cond(state: tuple) -> Any:
        i, x, delta = state
        return (i < 100) & (delta > tol)

    def body(state: tuple) -> tuple:
        i, x, _ = state
        y = step(x)
        return i + 1, y, _norm1(y - x) / jnp.maximum(_norm1(y), 1e-300)

    init = (jnp.asarray(0, dtype="int32"), a, jnp.asarray(onp.inf, jnp.real(a).dtype))
    return loops.while_loop(cond, body, init)[1]


def signm(A: ArrayLike, disp: Any = None) -> Array:  # noqa: N803
    """Matrix sign function (scaled Newton iteration ``X <- (c X + (c X)^-1) / 2``); needs
    no eigenvalues on the imaginary axis. Forward-mode derivatives only (a while_loop)."""
    a = _prep("signm", A, True)
    n = _square2("signm", a)
    if n == 0:
        return a
    return _sign_newton(a)


# ----------------------------------------------------------------------------- expm family


def expm_frechet(A: ArrayLike, E: ArrayLike, method: str | None = None,  # noqa: N803
                 compute_expm: bool = True, check_finite: bool = True) -> Any:  # fmt: skip
    """Frechet derivative of ``expm`` at ``A`` in direction ``E``, as the upper-right block
    of ``expm([[A, E], [0, A]])``: ``(expm(A), L)`` or ``L``."""
    if method not in (None, "SPS", "blockEnlarge"):
        raise ValueError(f"expm_frechet: Unknown implementation {method}")
    a = _prep("expm_frechet", A, check_finite)
    e = _prep("expm_frechet", E, check_finite)
    n = _square2("expm_frechet", a)
    if _shape(e) != (n, n):
        raise ValueError(f"expm_frechet: expected E to be the same shape as A {(n, n)}, got "
                         f"{_shape(e)}")  # fmt: skip
    a, e = np_util.promote_dtypes("expm_frechet", a, e)
    top = jnp.concatenate([a, e], axis=-1)
    bottom = jnp.concatenate([jnp.zeros_like(a), a], axis=-1)
    big = sp_linalg.expm(jnp.concatenate([top, bottom], axis=-2))
    ex, lo = big[..., :n, :n], big[..., :n, n:]
    return (ex, lo) if compute_expm else lo


def expm_cond(A: ArrayLike, check_finite: bool = True) -> Array:  # noqa: N803
    """Relative condition number of ``expm`` in the Frobenius norm: ``|K|_2 |A|_F /
    |expm(A)|_F`` with ``K`` the Kronecker form of the Frechet derivative."""
    a = _prep("expm_cond", A, check_finite)
    n = _square2("expm_cond", a)
    basis = jnp.reshape(_eye(n * n, a.dtype), (n * n, n, n))
    tops = jnp.concatenate([jnp.broadcast_to(a, (n * n, n, n)), basis], axis=-1)
    bottoms = jnp.concatenate([jnp.zeros((n * n, n, n), a.dtype),
                               jnp.broadcast_to(a, (n * n, n, n))], axis=-1)  # fmt: skip
    blocks = sp_linalg.expm(jnp.concatenate([tops, bottoms], axis=-2))
    kron = jnp.reshape(blocks[:, :n, n:], (n * n, n * n)).T
    ex = sp_linalg.expm(a)
    k2 = jnp.max(np_linalg.svd(kron, compute_uv=False))
    return k2 * np_linalg.norm(a, "fro") / np_linalg.norm(ex, "fro")


def _trig_input(name: str, a: ArrayLike) -> Any:
    a = _prep(name, a, True)
    _square2(name, a)
    return a


def cosm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix cosine, from ``expm(1j A)``."""
    a = _trig_input("cosm", A)
    if dtypes.kind(a.dtype) != "c":
        return jnp.real(sp_linalg.expm(1j * a)).astype(a.dtype)
    return 0.5 * (sp_linalg.expm(1j * a) + sp_linalg.expm(-1j * a))


def sinm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix sine, from ``expm(1j A)``."""
    a = _trig_input("sinm", A)
    if dtypes.kind(a.dtype) != "c":
        return jnp.imag(sp_linalg.expm(1j * a)).astype(a.dtype)
    return -0.5j * (sp_linalg.expm(1j * a) - sp_linalg.expm(-1j * a))


def tanm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix tangent ``solve(cosm(A), sinm(A))``."""
    a = _trig_input("tanm", A)
    return np_linalg.solve(cosm(a), sinm(a))


def coshm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix hyperbolic cosine ``(expm(A) + expm(-A)) / 2``."""
    a = _trig_input("coshm", A)
    return 0.5 * (sp_linalg.expm(a) + sp_linalg.expm(-a))


def sinhm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix hyperbolic sine ``(expm(A) - expm(-A)) / 2``."""
    a = _trig_input("sinhm", A)
    return 0.5 * (sp_linalg.expm(a) - sp_linalg.expm(-a))


def tanhm(A: ArrayLike) -> Array:  # noqa: N803
    """Matrix hyperbolic tangent ``solve(coshm(A), sinhm(A))``."""
    a = _trig_input("tanhm", A)
    return np_linalg.solve(coshm(a), sinhm(a))


# ----------------------------------------------------------------------------- Riccati


def _are_inputs(name: str, a: Any, b: Any, q: Any, r: Any, e: Any, s: Any) -> tuple:
    a, b, q, r = (_prep(name, x, True) for x in (a, b, q, r))
    m = _square2(name, a)
    if _shape(b)[0] != m or len(_shape(b)) != 2:
        raise ValueError(f"{name}: a {_shape(a)} and b {_shape(b)} must have the same number "
                         "of rows")  # fmt: skip
    n = _shape(b)[1]
    if _shape(q) != (m, m):
        raise ValueError(f"{name}: q must have shape {(m, m)}, got {_shape(q)}")
    if _shape(r) != (n, n):
        raise ValueError(f"{name}: r must have shape {(n, n)}, got {_shape(r)}")
    arrs = [a, b, q, r]
    if e is not None:
        e = _prep(name, e, True)
        if _shape(e) != (m, m):
            raise ValueError(f"{name}: e must have shape {(m, m)}, got {_shape(e)}")
        arrs.append(e)
    if s is not None:
        s = _prep(name, s, True)
        if _shape(s) != (m, n):
            raise ValueError(f"{name}: s must have shape {(m, n)}, got {_shape(s)}")
        arrs.append(s)
    dt = jnp.result_type(*arrs)
    a, b, q, r = (x.astype(dt) for x in (a, b, q, r))
    e = None if e is None else e.astype(dt)
    s = None if s is None else s.astype(dt)
    if s is not None:  # fold the cross term: A - B R^-1 S^H, Q - S R^-1 S^H
        rinv_sh = np_linalg.solve(r, _H(s))
        a = a - jnp.matmul(b, rinv_sh)
        q = q - jnp.matmul(s, rinv_sh)
    g = jnp.matmul(b, np_linalg.solve(r, _H(b)))
    return a, g, q, e, m


def solve_continuous_are(a: ArrayLike, b: ArrayLike, q: ArrayLike, r: ArrayLike,
                         e: ArrayLike = None, s: ArrayLike = None,
                         balanced: bool = True) -> Array:  # fmt: skip
    """The stabilizing solution of ``a^H x e + e^H x a - (e^H x b + s) r^-1 (b^H x e + s^H)
    + q = 0``, from the matrix sign function of the Hamiltonian (Roberts' method; ``e`` must
    be nonsingular). ``balanced`` is accepted."""
    a, g, q, e, m = _are_inputs("solve_continuous_are", a, b, q, r, e, s)
    if e is not None:  # Y = E^H X E solves the standard equation with E^-1 A, E^-1 G E^-H
        a = np_linalg.solve(e, a)
        g = _H(np_linalg.solve(e, _H(np_linalg.solve(e, g))))
    ham = jnp.concatenate([jnp.concatenate([a, -g], axis=1),
                           jnp.concatenate([-q, -_H(a)], axis=1)], axis=0)  # fmt: skip
    w = _sign_newton(ham)
    eye = _eye(m, a.dtype)
    lhs = jnp.concatenate([w[:m, m:], w[m:, m:] + eye], axis=0)
    rhs = -jnp.concatenate([w[:m, :m] + eye, w[m:, :m]], axis=0)
    x = np_linalg.lstsq(lhs, rhs)[0]
    x = (x + _H(x)) / 2
    if e is not None:
        einv_h = np_linalg.inv(_H(e))
        x = jnp.matmul(einv_h, jnp.matmul(x, _H(einv_h)))
    return x


def solve_discrete_are(a: ArrayLike, b: ArrayLike, q: ArrayLike, r: ArrayLike,
                       e: ArrayLike = None, s: ArrayLike = None,
                       balanced: bool = True) -> Array:  # fmt: skip
    """The stabilizing solution of ``a^H x a - e^H x e - (a^H x b + s) (r + b^H x b)^-1
    (b^H x a + s^H) + q = 0`` by the structured doubling algorithm (``e`` nonsingular)."""
    a, g, q, e, m = _are_inputs("solve_discrete_are", a, b, q, r, e, s)
    if e is not None:  # A E^-1, and E^-H Q E^-1 (the cross term was folded in already)
        einv = np_linalg.inv(e)
        a = jnp.matmul(a, einv)
        q = jnp.matmul(_H(einv), jnp.matmul(q, einv))
    eye = _eye(m, a.dtype)
    tol = 1e2 * float(onp.finfo(onp.dtype(jnp.real(a).dtype)).eps)

    def cond(state: tuple) -> Any:
        i, _, _, _, delta = state
        return (i < 100) & (delta > tol)

    def body(state: tuple) -> tuple:
        i, ak, gk, hk, _ = state
        w = eye + jnp.matmul(gk, hk)
        w_ak = np_linalg.solve(w, ak)
        w_gk = np_linalg.solve(w, gk)
        a_next = jnp.matmul(ak, w_ak)
        g_next = gk + jnp.matmul(ak, jnp.matmul(w_gk, _H(ak)))
        h_next = hk + jnp.matmul(_H(ak), jnp.matmul(hk, w_ak))
        delta = _norm1(h_next - hk) / jnp.maximum(_norm1(h_next), 1e-300)
        return i + 1, a_next, g_next, h_next, delta

    init = (jnp.asarray(0, dtype="int32"), a, g, q, jnp.asarray(onp.inf, jnp.real(a).dtype))
    x = loops.while_loop(cond, body, init)[3]
    return (x + _H(x)) / 2

