"""NumPy's legacy polynomial API: poly, roots, polyfit, polyval, polyadd, polysub, polymul,
polydiv, polyder, polyint, poly1d, and vander.

Coefficients run from the highest power down, as in NumPy. Everything is written over the NumPy
layer and lax (``roots`` is the eigenvalues of the companion matrix by LAPACK geev, ``polyfit``
a least-squares fit by the SVD), so it runs under ``jit``, ``grad`` and ``vmap`` where the
shapes are static. Three NumPy results have a length or dtype that depends on the values; they
follow NumPy eagerly and, under a transformation, keep the static shape and dtype:
``roots`` strips leading and trailing zero coefficients, ``polydiv`` strips the remainder's
leading (near-)zeros, and ``poly`` returns real coefficients for conjugate-paired roots.
"""

from __future__ import annotations

import operator
import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import linalg as lax_linalg
from xnp._src.numpy import (
    convolution,
    creation,
    function_base,
    lax_numpy,
    reductions,
    ufuncs,
    util,
)

ArrayLike = Any
_concrete = function_base._concrete


def _coeffs(name: str, p: Any) -> Any:
    if isinstance(p, poly1d):
        return p.coeffs
    p = util.asarray(p, name)
    return lax_numpy.reshape(p, (1,)) if p.ndim == 0 else p


def _wrap(result: Any, *inputs: Any) -> Any:
    return poly1d(result) if any(isinstance(i, poly1d) for i in inputs) else result


def _inexact(x: Any) -> Any:
    return x if dtypes.kind(x.dtype) in "fc" else x.astype(dtypes.float_())


# ----------------------------------------------------------------------------- evaluation


def polyval(p: ArrayLike, x: ArrayLike) -> Any:
    """NumPy's ``polyval``: ``p[0] * x**(N-1) + ... + p[N-1]`` by Horner's scheme (``x`` a
    poly1d gives the composed poly1d)."""
    if isinstance(x, poly1d):
        y: Any = poly1d([0])
        for c in _coeffs("polyval", p):
            y = y * x + c
        return y
    c = _coeffs("polyval", p)
    x = util.asarray(x, "polyval")
    y = creation.zeros_like(x)
    for i in range(c.shape[0]):
        prod = util.rounded(y * x)  # rounded as in NumPy's y * x + c[i], never an FMA
        if i == 0 and dtypes.kind(prod.dtype) in "biu":
            # 0 + c[0] (-0.0 becomes +0.0), spelled as a select: XLA rewrites 0 + c to c
            y = lax_numpy.where(c[0] == 0, 0, c[0]) + prod
        else:
            y = prod + c[i]
    return y


def vander(x: ArrayLike, N: int | None = None, increasing: bool = False) -> Any:  # noqa: N803
    """NumPy's ``vander``: columns ``x**(N-1), ..., x, 1`` (reversed with ``increasing``),
    formed by repeated multiplication as NumPy does, in ``promote_types(x.dtype, int)``."""
    x = util.asarray(x, "vander")
    if x.ndim != 1:
        raise ValueError(
            f"vander: x must be a one-dimensional array or sequence (got shape {x.shape})"
        )
    n = x.shape[0] if N is None else operator.index(N)
    if n < 0:
        raise ValueError(f"vander: N must be non-negative (got {n})")
    dt = dtypes.promote_types(x.dtype, dtypes.int_())
    if n == 0:
        return creation.zeros((x.shape[0], 0), dt)
    cols = [creation.ones((x.shape[0], 1), dt)]
    if n > 1:
        xs = lax_numpy.broadcast_to(lax_numpy.reshape(x.astype(dt), (-1, 1)), (x.shape[0], n - 1))
        cols.append(reductions.cumprod(xs, axis=1))
    v = lax_numpy.concatenate(cols, axis=1)
    return v if increasing else v[:, ::-1]


# ----------------------------------------------------------------------------- arithmetic


def _padded(a: Any, b: Any) -> tuple[Any, Any]:
    d = a.shape[0] - b.shape[0]
    zeros = lambda k, like: creation.zeros((k,), like.dtype)  # noqa: E731
    if d > 0:
        b = lax_numpy.concatenate([zeros(d, b), b])
    elif d < 0:
        a = lax_numpy.concatenate([zeros(-d, a), a])
    return a, b


def polyadd(a1: ArrayLike, a2: ArrayLike) -> Any:
    """NumPy's ``polyadd``: the sum of two polynomials (the shorter padded with leading
    zeros)."""
    a, b = _padded(_coeffs("polyadd", a1), _coeffs("polyadd", a2))
    return _wrap(ufuncs.add(a, b), a1, a2)


def polysub(a1: ArrayLike, a2: ArrayLike) -> Any:
    """NumPy's ``polysub``: the difference ``a1 - a2`` of two polynomials."""
    a, b = _padded(_coeffs("polysub", a1), _coeffs("polysub", a2))
    return _wrap(ufuncs.subtract(a, b), a1, a2)


def polymul(a1: ArrayLike, a2: ArrayLike) -> Any:
    """NumPy's ``polymul``: the product of two polynomials (a convolution of coefficients)."""
    return _wrap(convolution.convolve(_coeffs("polymul", a1), _coeffs("polymul", a2)), a1, a2)


def polydiv(u: ArrayLike, v: ArrayLike) -> tuple[Any, Any]:
    """NumPy's ``polydiv``: quotient and remainder of ``u / v`` by long division. Eagerly the
    remainder loses its leading near-zero coefficients, as in NumPy; under a transformation
    it keeps the length of ``u``."""
    a = _inexact(_coeffs("polydiv", u))
    b = _inexact(_coeffs("polydiv", v))
    dt = dtypes.result_type(a, b)
    a, b = a.astype(dt), b.astype(dt)
    m, n = a.shape[0] - 1, b.shape[0] - 1
    scale = 1.0 / b[0]
    q = []
    r = a
    for k in range(0, m - n + 1):
        d = scale * r[k]
        q.append(d)
        upd = lax_numpy.concatenate(
            [creation.zeros((k,), dt), d * b, creation.zeros((m - n - k,), dt)]
        )
        r = r - upd
    quot = lax_numpy.stack(q) if q else creation.zeros((1,), dt)
    value = _concrete(r)
    if value is not None:
        start = 0
        while start < value.shape[0] - 1 and onp.allclose(value[start], 0, rtol=1e-14):
            start += 1
        r = r[start:]
    return _wrap(quot, u, v), _wrap(r, u, v)


def polyder(p: ArrayLike, m: int = 1) -> Any:
    """NumPy's ``polyder``: the ``m``-th derivative."""
    m = operator.index(m)
    if m < 0:
        raise ValueError("polyder: order of derivative must be positive (see polyint)")
    c = _coeffs("polyder", p)
    for _ in range(m):
        n = c.shape[0] - 1
        c = c[:-1] * creation.arange(n, 0, -1)
    return _wrap(c, p)


def polyint(p: ArrayLike, m: int = 1, k: ArrayLike = None) -> Any:
    """NumPy's ``polyint``: the ``m``-th antiderivative, with integration constants ``k`` (a
    scalar or ``m`` values, the first for the first integration)."""
    m = operator.index(m)
    if m < 0:
        raise ValueError("polyint: order of integral must be positive (see polyder)")
    ks = creation.zeros((m,), dtypes.float_()) if k is None else util.asarray(k, "polyint")
    ks = lax_numpy.reshape(ks, (1,)) if ks.ndim == 0 else ks
    if ks.shape[0] == 1 and m > 1:
        ks = lax_numpy.broadcast_to(ks, (m,))
    if ks.shape[0] < m:
        raise ValueError("polyint: k must be a scalar or a rank-1 array of length 1 or >m.")
    c = _coeffs("polyint", p)
    for i in range(m):
        c = lax_numpy.concatenate(
            [ufuncs.true_divide(c, creation.arange(c.shape[0], 0, -1)), ks[i : i + 1]]
        )
    return _wrap(c, p)


# ----------------------------------------------------------------------------- roots and fits


def _eigvals(a: Any) -> Any:
    w = lax_linalg.eig(a, compute_right_eigenvectors=False)
    value = _concrete(w)
    if value is not None and dtypes.kind(a.dtype) != "c" and not onp.any(value.imag):
        return ufuncs.real(w)  # NumPy's eigvals: real input with real eigenvalues is real
    return w


def roots(p: ArrayLike) -> Any:
    """NumPy's ``roots``: the zeros of the polynomial, as the eigenvalues of its companion
    matrix. Eagerly leading zero coefficients are dropped and trailing ones give zero roots;
    under a transformation ``p[0]`` must be nonzero (zero roots still come out right)."""
    c = _coeffs("roots", p)
    if c.ndim != 1:
        raise ValueError(f"roots: input must be a rank-1 array (got shape {c.shape})")
    trailing = 0
    value = _concrete(c)
    if value is not None:
        nz = onp.flatnonzero(value)
        if nz.size == 0:
            return creation.zeros((0,), dtypes.float_())
        trailing = value.shape[0] - nz[-1] - 1
        c = c[int(nz[0]) : int(nz[-1]) + 1]
    c = _inexact(c)
    n = c.shape[0]
    if n > 1:
        body = creation.eye(n - 2, n - 1, dtype=c.dtype)  # the companion's shifted identity
        top = lax_numpy.reshape(-c[1:] / c[0], (1, n - 1))
        r = _eigvals(lax_numpy.concatenate([top, body], axis=0))
    else:
        r = creation.zeros((0,), c.dtype)
    if trailing:
        r = lax_numpy.concatenate([r, creation.zeros((trailing,), r.dtype)])
    return r


def _mintypecode(dt: onp.dtype) -> onp.dtype:
    # NumPy's poly casts 1-d roots with mintypecode(typeset "GDFgdf", default "d").
    return dt if dt.char in "GDFgdf" else onp.dtype(onp.float64)


def poly(seq_of_zeros: ArrayLike) -> Any:
    """NumPy's ``poly``: the coefficients of the monic polynomial with the given roots (or the
    characteristic polynomial of a square matrix). Eagerly conjugate-paired complex roots
    give real coefficients, as in NumPy; under a transformation they stay complex."""
    z = util.asarray(seq_of_zeros, "poly")
    z = lax_numpy.reshape(z, (1,)) if z.ndim == 0 else z
    if z.ndim == 2 and z.shape[0] == z.shape[1] and z.shape[0] != 0:
        z = _eigvals(_inexact(z))
    elif z.ndim == 1:
        z = z.astype(_mintypecode(z.dtype))
    else:
        raise ValueError(
            f"poly: input must be 1d or non-empty square 2d array (got shape {z.shape})"
        )
    if z.shape[0] == 0:
        return 1.0
    a = creation.ones((1,), z.dtype)
    for i in range(z.shape[0]):
        a = convolution.convolve(a, lax_numpy.stack([creation.ones((), z.dtype), -z[i]]))
    if dtypes.kind(a.dtype) == "c":
        value = _concrete(z)
        if value is not None:
            rs = onp.asarray(value, complex)
            if onp.all(onp.sort(rs) == onp.sort(rs.conjugate())):
                a = ufuncs.real(a)
    return a


def polyfit(
    x: ArrayLike,
    y: ArrayLike,
    deg: int,
    rcond: Any = None,
    full: bool = False,
    w: ArrayLike = None,
    cov: Any = False,
) -> Any:
    """NumPy's ``polyfit``: least-squares polynomial coefficients of degree ``deg`` (for each
    column of a 2-d ``y``), with weights ``w``; ``full`` adds (residuals, rank, singular values,
    rcond), ``cov`` the covariance of the coefficients. Columns of the Vandermonde matrix are
    scaled to unit norm and the system solved by the SVD with cutoff ``rcond``."""
    order = operator.index(deg) + 1
    x = _inexact(util.asarray(x, "polyfit"))
    y = _inexact(util.asarray(y, "polyfit"))
    if deg < 0:
        raise ValueError("polyfit: expected deg >= 0")
    if x.ndim != 1:
        raise TypeError(f"polyfit: expected 1D vector for x (got shape {x.shape})")
    if x.size == 0:
        raise TypeError("polyfit: expected non-empty vector for x")
    if y.ndim < 1 or y.ndim > 2:
        raise TypeError(f"polyfit: expected 1D or 2D array for y (got shape {y.shape})")
    if x.shape[0] != y.shape[0]:
        raise TypeError(
            f"polyfit: expected x and y to have same length ({x.shape[0]} and {y.shape[0]})"
        )
    dt = dtypes.result_type(x, y)
    x, y = x.astype(dt), y.astype(dt)
    if rcond is None:
        rcond = x.shape[0] * float(onp.finfo(dt).eps)
    lhs = vander(x, order)
    rhs = y
    if w is not None:
        w = _inexact(util.asarray(w, "polyfit"))
        if w.ndim != 1:
            raise TypeError("polyfit: expected a 1-d array for weights")
        if w.shape[0] != y.shape[0]:
            raise TypeError("polyfit: expected w and y to have the same length")
        lhs = lhs * w[:, None]
        rhs = rhs * (w[:, None] if rhs.ndim == 2 else w)
    lhs = lhs.astype(dtypes.result_type(lhs, rhs))
    rhs = rhs.astype(lhs.dtype)
    scale = ufuncs.sqrt(reductions.sum(ufuncs.real(lhs * ufuncs.conjugate(lhs)), axis=0))
    lhs = lhs / scale
    c, resids, rank, s, vt, s_inv = _lstsq(lhs, rhs, rcond)
    c = (c.T / scale).T
    rank_v = _concrete(rank)
    if rank_v is not None and int(rank_v) != order and not full:
        warnings.warn("Polyfit may be poorly conditioned", onp.exceptions.RankWarning, stacklevel=2)
    if full:
        return c, resids, rank, s, rcond
    if cov:
        # inv(lhs^H lhs) = V diag(1/s^2) V^H from the SVD of the scaled lhs.
        v = ufuncs.conjugate(vt).T
        base = lax_numpy.matmul(v * (s_inv**2), vt) / lax_numpy.outer(scale, scale)
        if cov == "unscaled":
            fac: Any = 1
        else:
            if x.shape[0] <= order:
                raise ValueError(
                    "polyfit: the number of data points must exceed order to scale "
                    "the covariance matrix"
                )
            fac = resids / (x.shape[0] - order)
        if y.ndim == 1:
            return c, base * fac
        return c, base[:, :, None] * fac
    return c


def _lstsq(a: Any, b: Any, rcond: float) -> tuple:
    m, n = a.shape
    u, s, vt = lax_linalg.svd(a, full_matrices=False)
    large = ufuncs.greater(s, rcond * reductions.max(s))
    s_inv = lax_numpy.where(large, 1 / lax_numpy.where(large, s, 1), 0)
    b2 = b[:, None] if b.ndim == 1 else b
    uhb = lax_numpy.matmul(ufuncs.conjugate(u).T, b2)
    x = lax_numpy.matmul(ufuncs.conjugate(vt).T, s_inv[:, None].astype(a.dtype) * uhb)
    rank = reductions.sum(large.astype(dtypes.int_()))
    resid = reductions.sum(ufuncs.absolute(b2 - lax_numpy.matmul(a, x)) ** 2, axis=0)
    value = _concrete(rank)
    if value is not None:
        rank = int(value)
        if not (rank == n and m > n):
            resid = creation.zeros((0,), s.dtype)
    if b.ndim == 1:
        x = x[:, 0]
    return x, resid, rank, s, vt, s_inv


# ----------------------------------------------------------------------------- poly1d


class poly1d:  # noqa: N801
    """NumPy's ``poly1d``: a polynomial from its coefficients (highest power first) or, with
    ``r=True``, its roots. Calling it evaluates it; ``+ - * / **``, ``deriv``, ``integ``,
    ``roots``, indexing by power and NumPy's pretty printing work as in NumPy. The
    coefficients are an xnp array; leading zeros are dropped when they are concrete."""

    __hash__ = None  # type: ignore[assignment]

    def __init__(self, c_or_r: Any, r: bool = False, variable: str | None = None) -> None:
        if isinstance(c_or_r, poly1d):
            self._variable = c_or_r._variable
            self._coeffs = c_or_r._coeffs
            if variable is not None:
                self._variable = variable
            return
        if r:
            c_or_r = poly(c_or_r)
        c = util.asarray(c_or_r, "poly1d")
        c = lax_numpy.reshape(c, (1,)) if c.ndim == 0 else c
        if c.ndim > 1:
            raise ValueError(f"poly1d: polynomial must be 1d only (got shape {c.shape})")
        value = _concrete(c)
        if value is not None:
            nz = onp.flatnonzero(value)
            c = c[int(nz[0]) :] if nz.size else c[:0]
        if c.shape[0] == 0:
            c = creation.zeros((1,), c.dtype)
        self._coeffs = c
        self._variable = variable or "x"

    @property
    def coeffs(self) -> Any:
        """The coefficients, highest power first."""
        return self._coeffs

    @coeffs.setter
    def coeffs(self, value: Any) -> None:
        if value is not self._coeffs:
            raise AttributeError("Cannot set attribute")

    c = coef = coefficients = coeffs

    @property
    def variable(self) -> str:
        """The name of the variable in the printed form."""
        return self._variable

    @property
    def order(self) -> int:
        """The degree."""
        return self._coeffs.shape[0] - 1

    o = order

    @property
    def roots(self) -> Any:
        """The roots (see :func:`roots`)."""
        return roots(self._coeffs)

    r = roots

    def __array__(self, dtype: Any = None, copy: Any = None) -> onp.ndarray:
        out = onp.asarray(self._coeffs)
        return out if dtype is None else out.astype(dtype)

    def __repr__(self) -> str:
        vals = repr(onp.asarray(self._coeffs))
        return f"poly1d({vals[6:-1]})"

    def __str__(self) -> str:
        return str(onp.poly1d(onp.asarray(self._coeffs), variable=self._variable))

    def __len__(self) -> int:
        return self.order

    def __call__(self, val: Any) -> Any:
        return polyval(self._coeffs, val)

    def __neg__(self) -> poly1d:
        return poly1d(-self._coeffs)

    def __pos__(self) -> poly1d:
        return self

    def __add__(self, other: Any) -> poly1d:
        return polyadd(self, poly1d(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> poly1d:
        return polysub(self, poly1d(other))

    def __rsub__(self, other: Any) -> poly1d:
        return polysub(poly1d(other), self)

    def __mul__(self, other: Any) -> poly1d:
        if _is_scalar(other):
            return poly1d(self._coeffs * other)
        return polymul(self, poly1d(other))

    def __rmul__(self, other: Any) -> poly1d:
        if _is_scalar(other):
            return poly1d(other * self._coeffs)
        return polymul(poly1d(other), self)

    def __pow__(self, val: Any) -> poly1d:
        if not isinstance(val, int | onp.integer) or val < 0:
            raise ValueError("Power to non-negative integers only.")
        res: Any = poly1d([1])
        for _ in range(int(val)):
            res = res * self
        return res

    def __truediv__(self, other: Any) -> Any:
        if _is_scalar(other):
            return poly1d(self._coeffs / other)
        return polydiv(self, poly1d(other))

    def __rtruediv__(self, other: Any) -> Any:
        if _is_scalar(other):
            return poly1d(other / self._coeffs)
        return polydiv(poly1d(other), self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, poly1d):
            return NotImplemented
        if self._coeffs.shape != other._coeffs.shape:
            return False
        return bool(onp.all(onp.asarray(self._coeffs) == onp.asarray(other._coeffs)))

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, poly1d):
            return NotImplemented
        return not self.__eq__(other)

    def __getitem__(self, val: int) -> Any:
        ind = self.order - val
        if val > self.order or val < 0:
            return self._coeffs.dtype.type(0)
        return self._coeffs[ind]

    def __iter__(self) -> Any:
        return iter(self._coeffs)

    def integ(self, m: int = 1, k: Any = 0) -> poly1d:
        """The ``m``-th antiderivative (see :func:`polyint`)."""
        return poly1d(polyint(self._coeffs, m=m, k=k))

    def deriv(self, m: int = 1) -> poly1d:
        """The ``m``-th derivative (see :func:`polyder`)."""
        return poly1d(polyder(self._coeffs, m=m))


def _is_scalar(x: Any) -> bool:
    if isinstance(x, poly1d):
        return False
    if isinstance(x, core.Tracer) or hasattr(x, "ndim"):
        return x.ndim == 0
    return onp.isscalar(x)
