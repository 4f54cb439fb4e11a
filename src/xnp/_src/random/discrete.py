"""Sampling indices and arrangements: categorical, choice, permutation; and the samplers that
need linear algebra (multivariate_normal, orthogonal).

As elsewhere in ``xnp.random``, each follows jax 0.10.2 operation by operation: Gumbel-max
(and Gumbel-top-k without replacement) for ``categorical``, ``randint`` / a cumulative-sum
inversion / Gumbel-top-k for ``choice``, and rounds of sorting by random 32-bit keys for
``permutation`` (as many rounds as make collisions negligible: ``ceil(3 ln n / ln 2**32)``).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.lax import dot, reductions, shapes, slicing, sorting, windowed
from xnp._src.lax import elementwise as lax
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import creation, indexing, linalg
from xnp._src.random import prng
from xnp._src.random import samplers as S
from xnp._src.random.prng import Key, canonical_shape, check_key
from xnp._src.random.samplers import bcast, const, jitted

__all__ = ["categorical", "choice", "multivariate_normal", "orthogonal", "permutation"]


def _as_array(name: str, x: Any) -> Any:
    if isinstance(x, ndarray | core.Tracer):
        return x
    return S.np_util.asarray(x, name)


def _axis(name: str, axis: int, ndim: int) -> int:
    axis = operator.index(axis)
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name}: axis {axis} is out of bounds for an array of rank {ndim}")
    return axis % ndim


# ----------------------------------------------------------------------------- categorical


@jitted("shape", "batch_shape", "axis", "replace", "mode")
def _categorical_jit(key: Key, logits: Any, *, shape: tuple, batch_shape: tuple, axis: int,
                     replace: bool, mode: str) -> Any:  # fmt: skip
    ndim = logits.ndim
    prefix = shape[: len(shape) - len(batch_shape)]
    if replace:
        # Gumbel-max: argmax over the category axis of logits plus Gumbel noise.
        neg_axis = axis - ndim
        logits_shape = list(shape[len(shape) - len(batch_shape) :])
        logits_shape.insert(neg_axis % ndim, logits.shape[neg_axis])
        full = (*prefix, *logits_shape)
        g = S._gumbel(key, full, logits.dtype, mode)
        out = lax.add(g, bcast(logits, full))
        return reductions.argmax(out, len(full) + neg_axis, dtypes.int_())
    noisy = lax.add(logits, S._gumbel(key, logits.shape, logits.dtype, mode))
    k = math.prod(prefix)
    perm = [d for d in range(ndim) if d != axis] + [axis]
    _, idx = sorting.top_k(shapes.transpose(noisy, perm), k)
    return shapes.reshape(idx, shape, (idx.ndim - 1, *range(idx.ndim - 1)))


def categorical(key: Any, logits: Any, axis: int = -1, shape: Sequence[int] | None = None,
                replace: bool = True, mode: str | None = None) -> Any:  # fmt: skip
    """Samples of categories with probabilities ``softmax(logits, axis)`` (Gumbel-max trick).

    With ``replace=False`` the draws along the leading ``shape`` axes are distinct (Gumbel-
    top-k) and the indices are int32, as in jax.
    """
    data, _ = check_key("categorical", key)
    logits = _as_array("categorical", logits)
    if logits.ndim == 0:
        raise ValueError("categorical: logits must have at least one dimension")
    axis = _axis("categorical", axis, logits.ndim)
    batch_shape = tuple(d for i, d in enumerate(logits.shape) if i != axis)
    if shape is None:
        shape = batch_shape
    else:
        shape = canonical_shape("categorical", shape)
        S.check_shape("categorical", shape, batch_shape)
    mode = S._gumbel_mode(mode)
    if not replace:
        k = math.prod(shape[: len(shape) - len(batch_shape)])
        if k > logits.shape[axis]:
            raise ValueError(
                f"Number of samples without replacement ({k}) cannot exceed number of "
                f"categories ({logits.shape[axis]})."
            )
    if dtypes.kind(logits.dtype) != "f":
        raise TypeError(f"categorical: logits must be floating, got {logits.dtype}")
    return _categorical_jit(data, logits, shape=shape, batch_shape=batch_shape, axis=axis,
                            replace=bool(replace), mode=mode)  # fmt: skip


# ----------------------------------------------------------------------------- permutation


def _shuffle(key: Key, x: Any, axis: int) -> Any:
    num_rounds = int(onp.ceil(3 * onp.log(max(1, x.size)) / onp.log(onp.iinfo(onp.uint32).max)))
    for _ in range(num_rounds):
        key, sub = prng.split_words(key, 2)
        sort_keys = prng.random_bits(sub, 32, x.shape)
        _, x = sorting.sort_key_val(sort_keys, x, axis)
    return x


def _arange(n: int) -> Any:
    return shapes.iota(dtypes.int_(), n)


def _take(x: Any, idx: Any, axis: int) -> Any:
    return indexing.take(x, idx, axis, mode="clip")


@jitted("axis", "independent")
def _permutation_jit(key: Key, x: Any, *, axis: int, independent: bool) -> Any:
    if independent or x.ndim == 1:
        return _shuffle(key, x, axis)
    ind = _shuffle(key, _arange(x.shape[axis]), 0)
    return _take(x, ind, axis)


@jitted("n")
def _permutation_n_jit(key: Key, *, n: int) -> Any:
    return _shuffle(key, _arange(n), 0)


def permutation(key: Any, x: Any, axis: int = 0, independent: bool = False) -> Any:
    """A random permutation of ``arange(x)`` (integer ``x``) or of ``x`` along ``axis``.

    With ``independent=True`` each slice along ``axis`` is shuffled on its own.
    """
    data, _ = check_key("permutation", key)
    if dtypes.is_python_scalar(x) or onp.ndim(x) == 0 and not isinstance(x, core.Tracer):
        if not isinstance(x, int | onp.integer) and not (
            isinstance(x, ndarray) and dtypes.kind(x.dtype) in "iu"
        ):
            raise TypeError("x must be an integer or at least 1-dimensional")
        return _permutation_n_jit(data, n=operator.index(x))
    x = _as_array("permutation", x)
    if x.ndim == 0:
        raise TypeError("x must be an integer or at least 1-dimensional")
    axis = _axis("permutation", axis, x.ndim)
    return _permutation_jit(data, x, axis=axis, independent=bool(independent))


# ----------------------------------------------------------------------------- choice


@jitted("shape", "n", "axis", "replace", "mode", "out_shape")
def _choice_jit(key: Key, a: Any, p: Any, *, shape: tuple, n: int, axis: int, replace: bool,
                mode: str, out_shape: tuple) -> Any:  # fmt: skip
    n_draws = math.prod(shape)
    int_dt = dtypes.int_()
    if p is None:
        if replace:
            ind = S._randint(key, shape, int_dt, 0, n)
        else:
            if a is None or a.ndim == 1:
                perm = _shuffle(key, _arange(n) if a is None else a, 0)
            else:
                perm = _take(a, _shuffle(key, _arange(n), 0), axis)
            res = slicing.slice_in_dim(perm, 0, n_draws, 1, 0 if a is None else axis)
            return shapes.reshape(res, out_shape)
    else:
        if replace:
            p_cuml = windowed.cumsum(p, 0)
            total = slicing.index_in_dim(p_cuml, n - 1, 0, keepdims=False)
            u = S._uniform(key, shape, p.dtype)
            r = lax.mul(bcast(total, shape), lax.sub(const(u, 1), u))
            # searchsorted(p_cuml, r, side="left") == the number of entries below r.
            below = lax.lt(
                bcast(p_cuml, (*shape, n)),
                shapes.broadcast_in_dim(r, (*shape, n), tuple(range(len(shape)))),
            )
            ind = reductions.reduce_sum(shapes.convert_element_type(below, int_dt), (len(shape),))
        else:
            g = lax.add(S._gumbel(key, (n,), p.dtype, mode), lax.log(p))
            ind = shapes.convert_element_type(sorting.top_k(g, n_draws)[1], int_dt)
    result = ind if a is None else _take(a, ind, axis)
    return shapes.reshape(result, out_shape)


def choice(key: Any, a: Any, shape: Sequence[int] = (), replace: bool = True, p: Any = None,
           axis: int = 0, mode: str | None = None) -> Any:  # fmt: skip
    """Samples from ``a`` (or ``arange(a)`` for an integer), with or without replacement,
    uniformly or with probabilities ``p``."""
    data, _ = check_key("choice", key)
    if not isinstance(shape, Sequence):
        raise TypeError(f"shape argument of xnp.random.choice must be a sequence, got {shape!r}")
    shape = canonical_shape("choice", shape)
    scalar_a = dtypes.is_python_scalar(a) or onp.ndim(a) == 0 and not isinstance(a, core.Tracer)
    if scalar_a:
        n = operator.index(a)
        arr = None
        out_shape = shape
    else:
        arr = _as_array("choice", a)
        if arr.ndim == 0:
            raise ValueError("choice: a traced scalar `a` must be a static integer")
        axis = _axis("choice", axis, arr.ndim)
        n = arr.shape[axis]
        out_shape = arr.shape[:axis] + shape + arr.shape[axis + 1 :]
    n_draws = math.prod(shape)
    if n_draws == 0:
        return creation.zeros(out_shape, dtypes.int_() if arr is None else arr.dtype)
    if n <= 0:
        raise ValueError("a must be greater than 0 unless no samples are taken")
    if not replace and n_draws > n:
        raise ValueError(
            f"Cannot take a larger sample (size {n_draws}) than population (size {n}) when "
            "'replace=False'"
        )
    if p is not None:
        (p,) = S.inexact(_as_array("choice", p))
        if p.shape != (n,):
            raise ValueError(
                "p must be None or a 1D vector with the same size as a.shape[axis]. p has "
                f"shape {p.shape} and a.shape[axis] is {n}."
            )
        _check_probabilities(p)
    return _choice_jit(data, arr, p, shape=shape, n=n, axis=axis, replace=bool(replace),
                       mode=S._gumbel_mode(mode), out_shape=out_shape)  # fmt: skip


def _check_probabilities(p: Any) -> None:
    """Eagerly (concrete ``p`` only): probabilities are non-negative and sum to 1."""
    if isinstance(p, core.Tracer):
        return
    v = onp.asarray(p, dtype=onp.float64)
    if onp.any(v < 0) or not onp.all(onp.isfinite(v)):
        raise ValueError("choice: probabilities p must be finite and non-negative")
    tol = math.sqrt(float(dtypes.finfo(p.dtype).eps))
    if abs(v.sum() - 1.0) > tol:
        raise ValueError(f"choice: probabilities p do not sum to 1 (sum is {v.sum():.6g})")


# ----------------------------------------------------------------------------- linear algebra


@jitted("shape", "dtype", "method")
def _multivariate_normal_jit(key: Key, mean: Any, cov: Any, *, shape: tuple, dtype: onp.dtype,
                             method: str) -> Any:  # fmt: skip
    if method == "svd":
        u, s, _ = linalg.svd(cov)
        factor = lax.mul(*S.promote("multivariate_normal", u,
                                    shapes.expand_dims(lax.sqrt(s), (s.ndim - 1,))))  # fmt: skip
    elif method == "eigh":
        w, v = linalg.eigh(cov, symmetrize_input=True)
        factor = lax.mul(*S.promote("multivariate_normal", v,
                                    shapes.expand_dims(lax.sqrt(w), (w.ndim - 1,))))  # fmt: skip
    else:
        factor = linalg.cholesky(cov, symmetrize_input=True)
    n = mean.shape[-1]
    z = S._normal(key, (*shape, n), dtype)
    factor, z = S.np_util.promote_dtypes("multivariate_normal", factor, z)
    return lax.add(*S.promote("multivariate_normal", mean, _batched_matvec(factor, z)))


def _batched_matvec(a: Any, x: Any) -> Any:
    # jnp.einsum('...ij,...j->...i', a, x) as jax contracts it (one dot_general with the
    # same operand order and dimension numbers, then a transpose if needed), for equal bits.
    nb = max(a.ndim - 2, x.ndim - 1)
    a_names = [*range(nb - (a.ndim - 2), nb), "i", "j"]
    x_names = [*range(nb - (x.ndim - 1), nb), "j"]
    out_names = [*range(nb), "i"]

    def squeeze_facing(y: Any, names: list, other: Any, other_names: list) -> tuple[Any, list]:
        # A size-1 batch axis facing a larger one is squeezed.
        drop = [k for k, nm in enumerate(names) if nm in other_names and y.shape[k] == 1
                and other.shape[other_names.index(nm)] != 1]  # fmt: skip
        if not drop:
            return y, names
        return shapes.squeeze(y, drop), [nm for k, nm in enumerate(names) if k not in drop]

    a, a_names = squeeze_facing(a, a_names, x, x_names)
    x, x_names = squeeze_facing(x, x_names, a, a_names)
    batch = [nm for nm in out_names if nm in a_names and nm in x_names]
    a_rest = [nm for nm in a_names if nm not in batch and nm != "j"]
    x_rest = [nm for nm in x_names if nm not in batch and nm != "j"]
    a_dims = (a_names.index("j"),), tuple(a_names.index(nm) for nm in batch)
    x_dims = (x_names.index("j"),), tuple(x_names.index(nm) for nm in batch)
    names = batch + x_rest + a_rest
    if names == out_names:
        out = dot.dot_general(x, a, ((x_dims[0], a_dims[0]), (x_dims[1], a_dims[1])),
                              preferred_element_type=x.dtype)  # fmt: skip
    else:
        names = batch + a_rest + x_rest
        out = dot.dot_general(a, x, ((a_dims[0], x_dims[0]), (a_dims[1], x_dims[1])),
                              preferred_element_type=x.dtype)  # fmt: skip
    if names != out_names:
        out = shapes.transpose(out, tuple(names.index(nm) for nm in out_names))
    return out


def multivariate_normal(key: Any, mean: Any, cov: Any, shape: Sequence[int] | None = None,
                        dtype: Any = None, method: str = "cholesky") -> Any:  # fmt: skip
    """Multivariate normal samples ``mean + factor @ z`` with ``factor factor^T = cov``.

    ``method``: ``'cholesky'`` (default), ``'eigh'`` or ``'svd'`` (for singular ``cov``).
    Bit for bit with ``jax.random.multivariate_normal`` (same LAPACK routines, same
    contraction).
    """
    if method not in ("svd", "eigh", "cholesky"):
        raise ValueError("method must be one of {'svd', 'eigh', 'cholesky'}")
    data, _ = check_key("multivariate_normal", key)
    mean, cov = S.np_util.promote_dtypes("multivariate_normal", *S.inexact(mean, cov))
    dt = mean.dtype if dtype is None else S.float_dtype("multivariate_normal", dtype)
    if mean.ndim < 1:
        raise ValueError(f"multivariate_normal requires mean.ndim >= 1, got {mean.ndim}")
    if cov.ndim < 2:
        raise ValueError(f"multivariate_normal requires cov.ndim >= 2, got {cov.ndim}")
    n = mean.shape[-1]
    if cov.shape[-2:] != (n, n):
        raise ValueError(
            f"multivariate_normal requires cov.shape == (..., n, n) for n={n}, but got "
            f"cov.shape == {cov.shape}."
        )
    if shape is None:
        shape = S.broadcast_shapes("multivariate_normal", mean.shape[:-1], cov.shape[:-2])
    else:
        shape = canonical_shape("multivariate_normal", shape)
        S.check_shape("multivariate_normal", shape, mean.shape[:-1], cov.shape[:-2])
    return _multivariate_normal_jit(data, mean, cov, shape=shape, dtype=dt, method=method)


@jitted("n", "m", "shape", "dtype")
def _orthogonal_jit(key: Key, *, n: int, m: int, shape: tuple, dtype: onp.dtype) -> Any:
    z = S._normal(key, (*shape, max(n, m), min(n, m)), dtype)
    q, r = linalg.qr(z)
    d = linalg.diagonal(r)
    sign = shapes.expand_dims(lax.sign(d), (d.ndim - 1,))
    x = lax.mul(*S.promote("orthogonal", q, sign))
    if n < m:
        perm = (*range(x.ndim - 2), x.ndim - 1, x.ndim - 2)
        x = shapes.transpose(x, perm)
    return x


def orthogonal(key: Any, n: int, shape: Sequence[int] = (), dtype: Any = None,
               m: int | None = None) -> Any:  # fmt: skip
    """Uniform (Haar) samples of ``n x m`` matrices with orthonormal columns (or rows)."""
    data, _ = check_key("orthogonal", key)
    dt = S.float_dtype("orthogonal", dtype)
    n = operator.index(n)
    m = n if m is None else operator.index(m)
    shape = canonical_shape("orthogonal", shape)
    return _orthogonal_jit(data, n=n, m=m, shape=shape, dtype=dt)


_ = (bcast, lax_utils)
