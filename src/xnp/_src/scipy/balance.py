"""``scipy.linalg.matrix_balance``: LAPACK's ``gebal`` (3.12) written over lax.

jaxlib ships no ``gebal`` kernel, so the three phases run in ``while_loop``s:
1. rows whose off-diagonal entries (within the active block) are all zero are pushed to the
   bottom, 2. columns likewise to the left (both isolate eigenvalues; the tests are exact zeros,
   as LAPACK's), 3. the rows and columns of the remaining block are scaled by powers of two
   until their 2-norms are within ``0.95`` of balanced, with LAPACK's guards against
   over/underflow. The permutations are applied as symmetric row-and-column swaps, tracked in
   one index vector, so ``B = T^-1 A T`` with ``T = P diag(scale)`` exactly as SciPy returns it.
   Batched over leading dimensions; compiled once per shape eagerly.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src.lax import loops
from xnp._src.numpy import namespace as jnp
from xnp._src.scipy import linalg as sp_linalg
from xnp._src.staged import staged

_SCLFAC = 2.0
_FACTOR = 0.95


def _abs_at_cabs1_max(v: Any, mask: Any) -> Any:
    """``|v[i]|`` at LAPACK's ``i?amax`` (first maximum of ``|re| + |im|``) over ``mask``."""
    i = jnp.argmax(jnp.where(mask, sp_linalg.cabs1(v), -1.0))
    return jnp.abs(v[i])


def _permute(a: Any, p: Any) -> tuple:
    """Phases 1 and 2: ``(a, p, k, l, done)``; isolated rows below ``l``, columns left of ``k``."""
    n = a.shape[-1]
    idx = jnp.arange(n)
    i32 = lambda v: jnp.asarray(v, "int32")  # noqa: E731

    # Phase 1: DO I = L, 1, -1 (restarted while a swap happened); a row i with zeros in columns
    # 0..l other than i goes to position l. l reaching 0 ends everything (ilo = ihi = 0).
    def rows_body(s: tuple) -> tuple:
        a, p, l, i, noconv, finished, all_done = s
        restart = i < 0
        row = a[jnp.maximum(i, 0)]
        canswap = ~restart & jnp.all(jnp.where((idx <= l) & (idx != i), row == 0, True))
        a2, p2 = sp_linalg.sym_swap(a, p, i, l, idx)
        a = jnp.where(canswap, a2, a)
        p = jnp.where(canswap, p2, p)
        all_done = canswap & (l == 0)
        finished = (restart & ~noconv) | all_done
        new_i = jnp.where(restart, l, i - 1)
        noconv = jnp.where(restart, False, noconv | canswap)
        l = jnp.where(canswap & (l > 0), l - 1, l)
        return a, p, l, new_i, noconv, finished, all_done

    s = (a, p, i32(n - 1), i32(n - 1), jnp.asarray(False), jnp.asarray(False), jnp.asarray(False))
    a, p, l, _, _, _, all_done = loops.while_loop(lambda s: ~s[5], rows_body, s)

    # Phase 2: DO J = K, L; a column j with zeros in rows k..l other than j goes to position k.
    def cols_body(s: tuple) -> tuple:
        a, p, k, j, noconv, finished = s
        restart = j > l
        col = a[:, jnp.minimum(j, n - 1)]
        inside = (idx >= k) & (idx <= l) & (idx != j)
        canswap = ~restart & jnp.all(jnp.where(inside, col == 0, True))
        a2, p2 = sp_linalg.sym_swap(a, p, j, k, idx)
        a = jnp.where(canswap, a2, a)
        p = jnp.where(canswap, p2, p)
        finished = restart & ~noconv
        new_j = jnp.where(restart, k, j + 1)
        noconv = jnp.where(restart, False, noconv | canswap)
        k = jnp.where(canswap, k + 1, k)
        return a, p, k, new_j, noconv, finished

    s = (a, p, i32(0), i32(0), jnp.asarray(False), all_done)
    a, p, k, _, _, _ = loops.while_loop(lambda s: ~s[5], cols_body, s)
    k = jnp.where(all_done, 0, k)
    return a, p, k, l, all_done


def _scale(a: Any, k: Any, l: Any, skip: Any) -> tuple[Any, Any]:
    """Phase 3: powers-of-two scaling of rows/columns k..l (``skip``: nothing to balance)."""
    n = a.shape[-1]
    idx = jnp.arange(n)
    rdt = jnp.real(a).dtype
    fi = onp.finfo(rdt)
    sfmin1 = float(fi.tiny) / float(fi.eps)
    sfmax1 = 1.0 / sfmin1
    sfmin2 = sfmin1 * _SCLFAC
    sfmax2 = 1.0 / sfmin2
    block = (idx >= k) & (idx <= l)
    f32 = lambda v: jnp.asarray(v, rdt)  # noqa: E731

    def up(s: tuple) -> tuple:
        f, c, ca, r, g, ra = s
        return f * 2, c * 2, ca * 2, r / 2, g / 2, ra / 2

    def up_cond(s: tuple) -> Any:
        f, c, ca, r, g, ra = s
        return (
            (c < g)
            & (jnp.maximum(jnp.maximum(f, c), ca) < sfmax2)
            & (jnp.minimum(jnp.minimum(r, g), ra) > sfmin2)
        )

    def down(s: tuple) -> tuple:
        f, c, ca, r, g, ra = s
        return f / 2, c / 2, ca / 2, r * 2, g / 2, ra * 2

    def down_cond(s: tuple) -> Any:
        f, c, ca, r, g, ra = s
        return (
            (g >= r)
            & (jnp.maximum(r, ra) < sfmax2)
            & (jnp.minimum(jnp.minimum(f, c), jnp.minimum(g, ca)) > sfmin2)
        )

    def body(s: tuple) -> tuple:
        a, scale, i, noconv, finished = s
        restart = i > l
        ii = jnp.minimum(i, n - 1)
        col, row = a[:, ii], a[ii]
        c = jnp.sqrt(jnp.sum(jnp.where(block, jnp.abs(col) ** 2, 0)))
        r = jnp.sqrt(jnp.sum(jnp.where(block, jnp.abs(row) ** 2, 0)))
        ca = _abs_at_cabs1_max(col, idx <= l)
        ra = _abs_at_cabs1_max(row, idx >= k)
        bad = jnp.isnan(c + ca + r + ra)
        nonzero = (c != 0) & (r != 0)
        c, r = jnp.where(nonzero, c, 0), jnp.where(nonzero, r, 0)
        s0 = c + r
        f, c, ca, r, g, ra = loops.while_loop(up_cond, up, (f32(1), c, ca, r, r / 2, ra))
        f, c, ca, r, g, ra = loops.while_loop(down_cond, down, (f, c, ca, r, c / 2, ra))
        sc = jnp.sum(jnp.where(idx == ii, scale, 0))
        ok = ~restart & ~bad & nonzero & (c + r < _FACTOR * s0)
        ok = ok & ~((f < 1) & (sc < 1) & (f * sc <= sfmin1))
        ok = ok & ~((f > 1) & (sc > 1) & (sc >= sfmax1 / f))
        fa = f.astype(a.dtype)
        row_scale = jnp.where((idx == ii)[:, None] & (idx >= k)[None, :], 1 / fa, 1)
        col_scale = jnp.where((idx <= l)[:, None] & (idx == ii)[None, :], fa, 1)
        a = jnp.where(ok, a * row_scale * col_scale, a)
        scale = jnp.where(ok & (idx == ii), scale * f, scale)
        finished = (restart & ~noconv) | (~restart & bad)
        return (
            a,
            scale,
            jnp.where(restart, k, i + 1),
            jnp.where(restart, False, noconv | ok),
            finished,
        )

    s = (a, jnp.ones((n,), rdt), k, jnp.asarray(False), skip)
    a, scale, _, _, _ = loops.while_loop(lambda s: ~s[4], body, s)
    return a, scale


def _balance_one(a: Any, permute: bool, scale: bool) -> tuple[Any, Any, Any]:
    n = a.shape[-1]
    p = jnp.arange(n)
    k, l, done = jnp.asarray(0, "int32"), jnp.asarray(n - 1, "int32"), jnp.asarray(False)
    if permute:
        a, p, k, l, done = _permute(a, p)
    if scale:
        a, sc = _scale(a, k, l, done)
    else:
        sc = jnp.ones((n,), jnp.real(a).dtype)
    return a, sc, p


def _balance_batched(a: Any, *, permute: bool, scale: bool) -> tuple[Any, Any, Any]:
    return sp_linalg.over_matrices(lambda m: _balance_one(m, permute, scale), a)


_balance_staged = staged(_balance_batched, name="matrix_balance")


def matrix_balance(A: Any, permute: bool = True, scale: bool = True, separate: bool = False,  # noqa: N803
                   overwrite_a: bool = False) -> tuple:  # fmt: skip
    """``scipy.linalg.matrix_balance``: ``(B, T)`` with ``B = T^-1 A T`` and ``T`` a permuted
    diagonal matrix of powers of two, or ``(B, (scale, perm))`` with ``separate=True``
    (``T = diag(scale)[argsort(perm), :]``). Batched over leading dimensions. Under ``jit`` a
    NaN entry stops the scaling where LAPACK would report an error (eagerly NaN and inf raise
    SciPy's ``ValueError``)."""
    a = sp_linalg._prep("matrix_balance", A, True)
    if a.ndim < 2:
        a = jnp.atleast_2d(a)
    if a.shape[-1] != a.shape[-2]:
        raise ValueError(
            f"matrix_balance: the matrix to balance must be square, got shape {a.shape}"
        )
    n = a.shape[-1]
    if n == 0:
        scl = jnp.ones(a.shape[:-1], "float64")
        perm = jnp.zeros(a.shape[:-1], "int64")
        return (a, (scl, perm)) if separate else (a, jnp.zeros(a.shape, "float64"))
    b, scl, perm = _balance_staged(a, permute=bool(permute), scale=bool(scale))
    scl = scl.astype("float64")  # SciPy's scaling and T are float64 whatever the input
    if separate:
        return b, (scl, perm)
    # T[perm[j], j] = scale[j].
    onehot = perm[..., :, None] == jnp.arange(n)
    t = jnp.swapaxes(onehot, -1, -2) * scl[..., None, :]
    return b, t
