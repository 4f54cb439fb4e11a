"""Samplers built on loops: gamma (and beta, dirichlet, chisquare, f, t, generalized_normal,
ball), poisson, binomial and multinomial.

Each follows jax 0.10.2 step for step so that the streams agree bit for bit:

- gamma: Marsaglia and Tsang's method, one key per element (``split(key, a.size)``), with
  ``a < 1`` boosted to ``a + 1`` and corrected by ``u ** (1 / a)``. The per-element rejection
  loops run as one vectorized while loop whose lanes freeze when accepted (exactly what jax's
  vmapped while loop computes). It is the primitive ``random_gamma`` so that it can carry
  implicit-reparameterization derivatives (``random_gamma_grad``) and a batching rule.
- poisson: Knuth's multiplication method for ``lam < 10``, Hormann's transformed rejection
  (PTRS) otherwise, both over the whole array with one key per iteration, as jax does.
- binomial: inversion (sums of geometric variates) for ``n * min(p, 1 - p) <= 10``, Hormann's
  BTRS rejection otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.interpreters import ad, batching
from xnp._src.interpreters import lowering as mlir
from xnp._src.interpreters import partial_eval as pe
from xnp._src.lax import elementwise as lax
from xnp._src.lax import loops, reductions, shapes, slicing, special, windowed
from xnp._src.lax import utils as lax_utils
from xnp._src.random import prng
from xnp._src.random import samplers as S
from xnp._src.random.prng import Key, canonical_shape, check_key, key_words
from xnp._src.random.samplers import bcast, const, jitted

__all__ = ["ball", "beta", "binomial", "chisquare", "dirichlet", "f", "gamma",
           "generalized_normal", "loggamma", "multinomial", "poisson", "t"]  # fmt: skip


def _div_broadcast(x: Any, small: Any, dims: tuple[int, ...]) -> Any:
    """``x / broadcast(small)`` as XLA compiles it for jax: ``x * broadcast(1 / small)``
    (xnp's own division stays correctly rounded; the streams must equal jax's bit for bit)."""
    inv = lax.div(lax_utils.full(small.shape, 1.0, small.dtype, small.weak_type), small)
    return lax.mul(x, shapes.broadcast_in_dim(inv, x.shape, dims))


def _any(pred: Any) -> Any:
    return reductions.reduce_or(pred, tuple(range(pred.ndim))) if pred.ndim else pred


def _select_all(pred: Any, new: Sequence[Any], old: Sequence[Any]) -> list[Any]:
    return [lax.select(pred, a, b) for a, b in zip(new, old, strict=True)]


# ----------------------------------------------------------------------------- gamma


def _gamma_lanes(key: Key, alpha: Any, log_space: bool) -> Any:
    """One Gamma(alpha) sample per lane; ``key`` holds one key per lane."""
    one, zero = const(alpha, 1.0), const(alpha, 0.0)
    boost_mask = lax.ge(alpha, one)
    alpha_orig = alpha
    alpha = lax.select(boost_mask, alpha, lax.add(alpha, one))
    d = lax.sub(alpha, const(alpha, 1.0 / 3.0))
    c = lax.div(const(alpha, 1.0 / 3.0), lax.sqrt(d))
    key, subkey = prng.split_words(key, 2)

    def lane_cond(x2: Any, v3: Any, u: Any) -> Any:
        squeeze = lax.ge(u, lax.sub(one, lax.mul(const(u, 0.0331), lax.mul(x2, x2))))
        rhs = lax.add(lax.mul(x2, const(u, 0.5)), lax.mul(d, lax.add(lax.sub(one, v3),
                                                                    lax.log(v3))))  # fmt: skip
        return lax.bitwise_and(squeeze, lax.ge(lax.log(u), rhs))

    def inner_body(state: tuple) -> tuple:
        k1, k2, x, v = state
        active = lax.le(v, zero)
        nkey, sub = prng.split_words((k1, k2), 2)
        xn = S._normal(sub, (), alpha.dtype)
        vn = lax.add(one, lax.mul(xn, c))
        return tuple(_select_all(active, (*nkey, xn, vn), state))

    def outer_body(state: tuple) -> tuple:
        k1, k2, x2, v3, u = state
        active = lane_cond(x2, v3, u)
        nkey, x_key, u_key = prng.split_words((k1, k2), 3)
        _, _, x, v = loops.while_loop(lambda s: _any(lax.le(s[3], zero)), inner_body,
                                      (*x_key, zero, const(alpha, -1.0)))  # fmt: skip
        new = (*nkey, lax.mul(x, x), lax.mul(lax.mul(v, v), v), S._uniform(u_key, (), alpha.dtype))
        return tuple(_select_all(active, new, state))

    init = (*key, zero, one, const(alpha, 2.0))
    _, _, _, v3, _ = loops.while_loop(lambda s: _any(lane_cond(*s[2:])), outer_body, init)
    if log_space:
        log_samples = lax.neg(S._exponential(subkey, (), alpha.dtype))
        skip = lax.bitwise_or(boost_mask, lax.eq(log_samples, zero))
        log_boost = lax.select(skip, zero, lax.mul(log_samples, lax.div(one, alpha_orig)))
        return lax.add(lax.add(lax.log(d), lax.log(v3)), log_boost)
    samples = lax.sub(one, S._uniform(subkey, (), alpha.dtype))
    boost = lax.select(boost_mask, one, lax.pow(samples, lax.div(one, alpha_orig)))
    return lax.mul(lax.mul(d, v3), boost)


def _gamma_impl(data: Any, a: Any, *, log_space: bool) -> Any:
    # Key data [*B, 2] and a [*B, *S]: key b is split into one key per element of a[b].
    batch = data.shape[:-1]
    n = math.prod(a.shape[len(batch) :])
    k1, k2 = key_words(data)
    full = (*batch, n)
    hi, lo = prng.iota_2x32((n,))
    lanes = tuple(range(len(batch)))
    k1, k2 = (shapes.broadcast_in_dim(k, full, lanes) for k in (k1, k2))
    hi, lo = (shapes.broadcast_in_dim(x, full, (len(batch),)) for x in (hi, lo))
    keys = prng.threefry2x32(k1, k2, hi, lo)
    m = math.prod(full)
    keys = tuple(shapes.reshape(k, (m,)) for k in keys)
    out = _gamma_lanes(keys, shapes.reshape(a, (m,)), log_space)
    return shapes.reshape(out, a.shape)


def _random_gamma_abstract_eval(data: core.ShapedArray, a: core.ShapedArray, *,
                                log_space: bool) -> core.ShapedArray:  # fmt: skip
    if data.dtype != prng.U32 or data.shape[-1:] != (2,):
        raise TypeError(f"random_gamma: key data must be uint32[..., 2], got {data.str_short()}")
    if dtypes.kind(a.dtype) != "f":
        raise TypeError(f"random_gamma: a must be floating, got {a.dtype}")
    if a.shape[: data.ndim - 1] != data.shape[:-1]:
        raise ValueError(
            f"random_gamma: the key batch shape {data.shape[:-1]} must lead a's shape {a.shape}"
        )
    return core.ShapedArray(a.shape, a.dtype)


def lower_fun(fun: Any) -> Any:
    """A lowering rule that traces ``fun(*operands, **params)`` and inlines its jaxpr."""

    def rule(ctx: mlir.LoweringRuleContext, *args: Any, **params: Any) -> Any:
        jaxpr, consts, _ = pe.trace_to_jaxpr(
            lambda *xs: [fun(*xs, **params)], ctx.avals_in, "random", "lowering"
        )
        closed = core.ClosedJaxpr(jaxpr, consts)
        return mlir.lower_nested_jaxpr(ctx, closed, args)[0]

    return rule


random_gamma_p = lax_utils.standard_primitive(
    "random_gamma", _random_gamma_abstract_eval, lower_fun(_gamma_impl)
)


def _gamma_batch_rule(vals: list, dims: list, *, log_space: bool) -> tuple[Any, int]:
    # The impl takes any number of leading key-batch axes: put the batch axis in front.
    size = next(core.get_aval(v).shape[d] for v, d in zip(vals, dims, strict=True)
                if d is not None)  # fmt: skip
    data, a = (batching.moveaxis(v, d, 0, size) for v, d in zip(vals, dims, strict=True))
    return random_gamma_p.bind(data, a, log_space=log_space), 0


def _gamma_grad(sample: Any, a: Any, log_space: bool) -> Any:
    """d sample / d a by implicit reparameterization (``lax.random_gamma_grad``)."""
    if not log_space:
        return special.random_gamma_grad(a, sample)
    x = lax.exp(sample)
    x = lax.select(lax.eq(x, const(x, 0)), const(x, float(dtypes.finfo(x.dtype).tiny)), x)
    return lax.div(special.random_gamma_grad(a, x), x)


batching.batch_rules[random_gamma_p] = _gamma_batch_rule
ad.defjvp2(
    random_gamma_p,
    None,
    lambda g, ans, data, a, *, log_space: lax.mul(g, _gamma_grad(ans, a, log_space)),
)


def random_gamma(data: Any, a: Any, log_space: bool = False) -> Any:
    return random_gamma_p.bind(data, a, log_space=bool(log_space))


def _gamma(key: Key, a: Any, shape: tuple, dtype: onp.dtype, log_space: bool = False) -> Any:
    a = bcast(a, shape, dtype)
    return random_gamma(prng.stack_words(*key), a, log_space)


def _gammas(keys: Sequence[Key], params: Sequence[Any], shape: tuple, dtype: onp.dtype,
            log_space: bool) -> list[Any]:  # fmt: skip
    """Several independent gamma draws (one per key) as one loop: the same bits as separate
    draws (every lane is independent), compiled once."""
    data = shapes.concatenate([shapes.broadcast_in_dim(prng.stack_words(*k), (1, 2), (1,))
                               for k in keys], 0)  # fmt: skip
    dims = tuple(range(1, len(shape) + 1))
    a = shapes.concatenate([shapes.broadcast_in_dim(bcast(p, shape, dtype), (1, *shape), dims)
                            for p in params], 0)  # fmt: skip
    out = random_gamma(data, a, log_space)
    return [slicing.index_in_dim(out, i, 0, keepdims=False) for i in range(len(keys))]


@jitted("shape", "dtype", "log_space")
def _gamma_jit(key: Key, a: Any, *, shape: tuple, dtype: onp.dtype, log_space: bool) -> Any:
    return _gamma(key, a, shape, dtype, log_space)


def gamma(key: Any, a: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """Gamma(``a``, 1) samples (Marsaglia-Tsang); divide by a rate or multiply by a scale."""
    data, _ = check_key("gamma", key)
    dt = S.float_dtype("gamma", dtype)
    a = S.param("gamma", a)
    shape = _param_shape("gamma", shape, a)
    return _gamma_jit(data, a, shape=shape, dtype=dt, log_space=False)


def loggamma(key: Any, a: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """``log`` of Gamma(``a``) samples, computed in log space (accurate for tiny ``a``)."""
    data, _ = check_key("loggamma", key)
    dt = S.float_dtype("loggamma", dtype)
    a = S.param("loggamma", a)
    shape = _param_shape("loggamma", shape, a)
    return _gamma_jit(data, a, shape=shape, dtype=dt, log_space=True)


def _param_shape(name: str, shape: Any, a: Any) -> tuple[int, ...]:
    if shape is None:
        return S.shape_of(a)
    shape = canonical_shape(name, shape)
    S.check_shape(name, shape, S.shape_of(a))
    return shape


def _beta(key: Key, a: Any, b: Any, shape: tuple, dtype: onp.dtype) -> Any:
    lga, lgb = _gammas(prng.split_words(key, 2), (a, b), shape, dtype, True)
    log_max = lax.max(lga, lgb)
    ga = lax.exp(lax.sub(lga, log_max))
    gb = lax.exp(lax.sub(lgb, log_max))
    return lax.div(ga, lax.add(ga, gb))


@jitted("shape", "dtype")
def _beta_jit(key: Key, a: Any, b: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _beta(key, a, b, shape, dtype)


def beta(key: Any, a: Any, b: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """Beta(``a``, ``b``) samples, from two log-space gamma samples."""
    data, _ = check_key("beta", key)
    dt = S.float_dtype("beta", dtype)
    a, b = S.param("beta", a), S.param("beta", b)
    S.check_safe_cast("beta", dt, a, b)
    shape = S.result_shape("beta", shape, a, b)
    return _beta_jit(data, a, b, shape=shape, dtype=dt)


@jitted("shape", "dtype")
def _dirichlet_jit(key: Key, alpha: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    alpha = shapes.convert_element_type(lax_utils.asarray(alpha), dtype)
    x = _gamma(key, alpha, shape + alpha.shape[-1:], dtype, True)
    # jax.nn.softmax over the last axis
    axis = (x.ndim - 1,)
    keep = tuple(range(x.ndim - 1))
    x_max = shapes.broadcast_in_dim(reductions.reduce_max(x, axis), x.shape, keep)
    e = lax.exp(lax.sub(x, x_max))
    return _div_broadcast(e, reductions.reduce_sum(e, axis), keep)


def dirichlet(key: Any, alpha: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """Dirichlet(``alpha``) samples over the last axis of ``alpha``; ``shape`` is the batch."""
    data, _ = check_key("dirichlet", key)
    dt = S.float_dtype("dirichlet", dtype)
    alpha = S.param("dirichlet", alpha)
    ashape = S.shape_of(alpha)
    if len(ashape) < 1:
        raise ValueError(f"dirichlet requires alpha.ndim >= 1, got alpha.ndim == {len(ashape)}")
    if shape is None:
        shape = ashape[:-1]
    else:
        shape = canonical_shape("dirichlet", shape)
        S.check_shape("dirichlet", shape, ashape[:-1])
    return _dirichlet_jit(data, alpha, shape=shape, dtype=dt)


def _chisquares(keys: Sequence[Key], dfs: Sequence[Any], shape: tuple,
                dtype: onp.dtype) -> list[Any]:  # fmt: skip
    halves = [lax.div(df, const(df, 2)) for df in dfs]
    log_g = _gammas(keys, halves, shape, dtype, True)
    return [lax.mul(lax.exp(g), const(df, 2)) for g, df in zip(log_g, dfs, strict=True)]


def _chisquare_p(key: Key, df: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _chisquares([key], [df], shape, dtype)[0]


def _f(key: Key, dfnum: Any, dfden: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    key_dfd, key_dfn = prng.split_words(key, 2)
    chi_n, chi_d = _chisquares([key_dfn, key_dfd], [dfnum, dfden], shape, dtype)
    return lax.div(lax.div(chi_n, dfnum), lax.div(chi_d, dfden))


def _t(key: Key, df: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    key_n, key_g = prng.split_words(key, 2)
    n = S._normal(key_n, shape, dtype)
    half = lax.div(df, const(df, 2))
    g = _gamma(key_g, half, shape, dtype)
    return lax.mul(n, lax.sqrt(lax.div(half, g)))


chisquare = S._parameterized("chisquare", 1, _chisquare_p)
f = S._parameterized("f", 2, _f)
t = S._parameterized("t", 1, _t)
chisquare.__doc__ = "Chi-square samples with ``df`` degrees of freedom."
f.__doc__ = "F-distribution samples with ``dfnum`` and ``dfden`` degrees of freedom."
t.__doc__ = "Student's t samples with ``df`` degrees of freedom."


def _generalized_normal(key: Key, p: Any, shape: tuple, dtype: onp.dtype) -> Any:
    k_g, k_r = prng.split_words(key, 2)
    inv_p = lax.div(lax_utils.full((), 1.0, p.dtype, p.weak_type), p)
    g = _gamma(k_g, inv_p, shape, dtype)
    r = S._rademacher(k_r, shape, dtype)
    return lax.mul(*S.promote("generalized_normal", r,
                             lax.pow(*S.promote("generalized_normal", g, inv_p))))  # fmt: skip


@jitted("shape", "dtype")
def _generalized_normal_jit(key: Key, p: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _generalized_normal(key, *S.inexact(p), shape, dtype)


def generalized_normal(key: Any, p: float, shape: Sequence[int] = (), dtype: Any = None) -> Any:
    """Generalized normal samples with density proportional to ``exp(-|x| ** p)``."""
    data, _ = check_key("generalized_normal", key)
    dt = S.float_dtype("generalized_normal", dtype)
    shape = canonical_shape("generalized_normal", shape)
    return _generalized_normal_jit(data, S.param("generalized_normal", p), shape=shape, dtype=dt)


@jitted("d", "shape", "dtype")
def _ball_jit(key: Key, p: Any, *, d: int, shape: tuple, dtype: onp.dtype) -> Any:
    (p,) = S.inexact(p)
    k1, k2 = prng.split_words(key, 2)
    g = _generalized_normal(k1, p, (*shape, d), dtype)
    e = S._exponential(k2, shape, dtype)
    s = reductions.reduce_sum(lax.pow(*S.promote("ball", lax.abs(g), p)), (len(shape),))
    inv_p = lax.div(lax_utils.full((), 1.0, p.dtype, p.weak_type), p)
    r = lax.pow(*S.promote("ball", lax.add(*S.promote("ball", s, e)), inv_p))
    dims = tuple(range(len(shape)))
    g, wide = S.promote("ball", g, shapes.broadcast_in_dim(r, (*shape, d), dims))
    return _div_broadcast(g, shapes.convert_element_type(r, wide.dtype), dims)


def ball(key: Any, d: int, p: float = 2, shape: Sequence[int] = (), dtype: Any = None) -> Any:
    """Uniform samples from the unit ``p``-norm ball in ``d`` dimensions (shape ``shape+(d,)``)."""
    data, _ = check_key("ball", key)
    dt = S.float_dtype("ball", dtype)
    d = int(d)
    shape = canonical_shape("ball", shape)
    return _ball_jit(data, S.param("ball", p), d=d, shape=shape, dtype=dt)


# ----------------------------------------------------------------------------- poisson


def _poisson_knuth(key: Key, lam: Any, shape: tuple, dtype: onp.dtype) -> Any:
    f32 = onp.dtype(onp.float32)
    neg_lam = lax.neg(lam)

    def cond(s: tuple) -> Any:
        return _any(lax.gt(s[3], neg_lam))

    def body(s: tuple) -> tuple:
        k1, k2, k, log_prod = s
        rng, sub = prng.split_words((k1, k2), 2)
        k = lax.select(lax.gt(log_prod, neg_lam), lax.add(k, const(k, 1)), k)
        u = S._uniform(sub, shape, f32)
        return (*rng, k, lax.add(log_prod, lax.log(u)))

    init = (*key, lax_utils.full(shape, 0, dtype), lax_utils.full(shape, 0, f32))
    k = loops.while_loop(cond, body, init)[2]
    return lax.sub(k, const(k, 1))


def _poisson_rejection(key: Key, lam: Any, shape: tuple, dtype: onp.dtype) -> Any:
    log_lam = lax.log(lam)
    b = lax.add(const(lam, 0.931), lax.mul(const(lam, 2.53), lax.sqrt(lam)))
    a = lax.add(const(b, -0.059), lax.mul(const(b, 0.02483), b))
    inv_alpha = lax.add(const(b, 1.1239), lax.div(const(b, 1.1328), lax.sub(b, const(b, 3.4))))
    v_r = lax.sub(const(b, 0.9277), lax.div(const(b, 3.6224), lax.sub(b, const(b, 2))))

    def body(s: tuple) -> tuple:
        k1, k2, k_out, accepted = s
        nkey, sub0, sub1 = prng.split_words((k1, k2), 3)
        u = lax.sub(S._uniform(sub0, shape, lam.dtype), const(lam, 0.5))
        v = S._uniform(sub1, shape, lam.dtype)
        us = lax.sub(const(u, 0.5), lax.abs(u))
        k = lax.floor(lax.add(lax.add(lax.mul(lax.add(lax.div(lax.mul(const(a, 2), a), us), b),
                                              u), lam), const(u, 0.43)))  # fmt: skip
        s_ = lax.log(lax.div(lax.mul(v, inv_alpha), lax.add(lax.div(a, lax.mul(us, us)), b)))
        t_ = lax.sub(
            lax.add(lax.neg(lam), lax.mul(k, log_lam)), special.lgamma(lax.add(k, const(k, 1)))
        )
        accept1 = lax.bitwise_and(lax.ge(us, const(us, 0.07)), lax.le(v, v_r))
        reject = lax.bitwise_or(
            lax.lt(k, const(k, 0)), lax.bitwise_and(lax.lt(us, const(us, 0.013)), lax.gt(v, us))
        )
        accept = lax.bitwise_or(accept1, lax.bitwise_and(lax.bitwise_not(reject), lax.le(s_, t_)))
        return (*nkey, lax.select(accept, k, k_out), lax.bitwise_or(accepted, accept))

    init = (*key, lax_utils.full(shape, -1, lam.dtype), lax_utils.full(shape, False, bool))
    k = loops.while_loop(lambda s: _any(lax.bitwise_not(s[3])), body, init)[2]
    return shapes.convert_element_type(k, dtype)


@jitted("shape", "dtype")
def _poisson_jit(key: Key, lam: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    lam = bcast(lam, shape, onp.dtype(onp.float32))
    use_knuth = lax.bitwise_or(lax.ne(lam, lam), lax.lt(lam, const(lam, 10)))
    lam_knuth = lax.select(use_knuth, lam, const(lam, 0.0))
    lam_rejection = lax.select(use_knuth, const(lam, 1e5), lam)
    result = lax.select(use_knuth, _poisson_knuth(key, lam_knuth, shape, dtype),
                        _poisson_rejection(key, lam_rejection, shape, dtype))  # fmt: skip
    return lax.select(lax.eq(lam, const(lam, 0)), const(result, 0), result)


def poisson(key: Any, lam: Any, shape: Sequence[int] | None = None, dtype: Any = None) -> Any:
    """Poisson(``lam``) samples (``lam`` is used in float32, as in jax)."""
    data, _ = check_key("poisson", key)
    dt = S.int_dtype("poisson", dtype)
    lam = S.param("poisson", lam)
    shape = S.shape_of(lam) if shape is None else canonical_shape("poisson", shape)
    if S.broadcast_shapes("poisson", S.shape_of(lam), shape) != shape:
        raise ValueError(f"poisson: cannot broadcast lam of shape {S.shape_of(lam)} to {shape}")
    return _poisson_jit(data, lam, shape=shape, dtype=dt)


# ----------------------------------------------------------------------------- binomial

_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983,
                  0.02079067210376509, 0.0166446911898211, 0.0138761288230707,
                  0.0118967099458917, 0.0104112652619720, 0.00925546218271273,
                  0.00833056343336287)  # fmt: skip


def _stirling_approx_tail(k: Any) -> Any:
    # As in jax: tabulated for k <= 9; the series is evaluated at k clipped to [0, 9].
    use_table = lax.le(k, const(k, 9))
    k = lax.clamp(0.0, k, 9.0)
    kp1 = lax.add(k, const(k, 1))
    kp1sq = lax.mul(kp1, kp1)
    inner = lax.sub(const(k, 1.0 / 360), lax.div(const(k, 1.0 / 1260), kp1sq))
    approx = lax.div(lax.sub(const(k, 1.0 / 12), lax.div(inner, kp1sq)), kp1)
    idx = shapes.convert_element_type(lax.floor(k), onp.int32)
    table = lax.select_n(idx, *(const(k, v) for v in _STIRLING_TAIL))
    return lax.select(use_table, table, approx)


def _binomial_inversion(key: Key, count: Any, prob: Any, shape: tuple) -> Any:
    log1mp = lax.log1p(lax.neg(prob))

    def body(s: tuple) -> tuple:
        k1, k2, num_geom, geom_sum = s
        sub, nkey = prng.split_words((k1, k2), 2)
        num_geom = lax.select(lax.le(geom_sum, count), lax.add(num_geom, const(num_geom, 1)),
                              num_geom)  # fmt: skip
        u = S._uniform(sub, shape, prob.dtype)
        geom = lax.ceil(lax.div(lax.log(u), log1mp))
        return (*nkey, num_geom, lax.add(geom_sum, geom))

    zeros = lax_utils.full(shape, 0, prob.dtype)
    cond = lambda s: _any(lax.le(s[3], count))  # noqa: E731
    k = loops.while_loop(cond, body, (*key, zeros, zeros))[2]
    return lax.sub(k, const(k, 1))


def _btrs(key: Key, count: Any, prob: Any, shape: tuple) -> Any:
    c1 = lambda v: const(prob, v)  # noqa: E731
    stddev = lax.sqrt(lax.mul(lax.mul(count, prob), lax.sub(c1(1), prob)))
    b = lax.add(c1(1.15), lax.mul(c1(2.53), stddev))
    a = lax.add(lax.add(c1(-0.0873), lax.mul(c1(0.0248), b)), lax.mul(c1(0.01), prob))
    c = lax.add(lax.mul(count, prob), c1(0.5))
    v_r = lax.sub(c1(0.92), lax.div(c1(4.2), b))
    r = lax.div(prob, lax.sub(c1(1), prob))
    alpha = lax.mul(lax.add(c1(2.83), lax.div(c1(5.1), b)), stddev)
    m = lax.floor(lax.mul(lax.add(count, c1(1)), prob))
    n_m1 = lax.add(lax.sub(count, m), c1(1))  # count - m + 1
    ub_fixed = lax.mul(lax.add(m, c1(0.5)), lax.log(lax.div(lax.add(m, c1(1)), lax.mul(r, n_m1))))

    def body(s: tuple) -> tuple:
        k1, k2, k_out, accepted = s
        nkey, sub0, sub1 = prng.split_words((k1, k2), 3)
        u = S._uniform(sub0, shape, prob.dtype)
        v = S._uniform(sub1, shape, prob.dtype)
        u = lax.sub(u, c1(0.5))
        us = lax.sub(c1(0.5), lax.abs(u))
        accept1 = lax.bitwise_and(lax.ge(us, c1(0.07)), lax.le(v, v_r))
        k = lax.floor(lax.add(lax.mul(lax.add(lax.div(lax.mul(c1(2), a), us), b), u), c))
        reject = lax.bitwise_or(lax.lt(k, c1(0)), lax.gt(k, count))
        v = lax.log(lax.div(lax.mul(v, alpha), lax.add(lax.div(a, lax.mul(us, us)), b)))
        n_k1 = lax.add(lax.sub(count, k), c1(1))  # count - k + 1
        ub = lax.add(ub_fixed, lax.mul(lax.add(count, c1(1)), lax.log(lax.div(n_m1, n_k1))))
        ub = lax.add(
            ub, lax.mul(lax.add(k, c1(0.5)), lax.log(lax.div(lax.mul(r, n_k1), lax.add(k, c1(1)))))
        )
        ub = lax.add(ub, _stirling_approx_tail(m))
        ub = lax.add(ub, _stirling_approx_tail(lax.sub(count, m)))
        ub = lax.sub(ub, _stirling_approx_tail(k))
        ub = lax.sub(ub, _stirling_approx_tail(lax.sub(count, k)))
        accept = lax.bitwise_or(accept1, lax.bitwise_and(lax.bitwise_not(reject), lax.le(v, ub)))
        return (*nkey, lax.select(accept, k, k_out), lax.bitwise_or(accepted, accept))

    init = (*key, lax_utils.full(shape, -1, prob.dtype), lax_utils.full(shape, False, bool))
    return loops.while_loop(lambda s: _any(lax.bitwise_not(s[3])), body, init)[2]


def _binomial(key: Key, count: Any, prob: Any, shape: tuple, dtype: onp.dtype) -> Any:
    (prob,) = S.inexact(prob)
    count = bcast(count, shape, prob.dtype)
    prob = bcast(prob, shape)
    c1 = lambda v: const(prob, v)  # noqa: E731
    p_lt_half = lax.lt(prob, c1(0.5))
    q = lax.select(p_lt_half, prob, lax.sub(c1(1.0), prob))
    count_nan_or_neg = lax.bitwise_or(lax.ne(count, count), lax.lt(count, c1(0.0)))
    count_inf = lax.eq(lax.abs(count), c1(onp.inf))
    q_is_nan = lax.ne(q, q)
    q_l_0 = lax.lt(q, c1(0.0))
    q = lax.select(lax.bitwise_or(q_is_nan, q_l_0), c1(0.01), q)
    use_inversion = lax.bitwise_or(count_nan_or_neg, lax.le(lax.mul(count, q), c1(10.0)))
    count = lax.floor(count)
    count_inv = lax.select(use_inversion, count, c1(0.0))
    count_btrs = lax.select(use_inversion, c1(1e4), count)
    q_btrs = lax.select(use_inversion, c1(0.5), q)
    inv = shapes.convert_element_type(_binomial_inversion(key, count_inv, q, shape), dtype)
    btrs = shapes.convert_element_type(_btrs(key, count_btrs, q_btrs, shape), dtype)
    samples = lax.select(use_inversion, inv, btrs)
    invalid = lax.bitwise_or(lax.bitwise_or(q_l_0, q_is_nan), count_nan_or_neg)
    samples = lax.select(invalid, const(samples, onp.nan), samples)
    samples = lax.select(lax.bitwise_and(count_inf, lax.bitwise_not(invalid)),
                         const(samples, onp.inf), samples)  # fmt: skip
    keep = lax.bitwise_or(lax.bitwise_or(p_lt_half, count_nan_or_neg),
                          lax.bitwise_or(q_is_nan, count_inf))  # fmt: skip
    flipped = lax.sub(shapes.convert_element_type(count, dtype), samples)
    return lax.select(keep, samples, flipped)


@jitted("shape", "dtype")
def _binomial_jit(key: Key, n: Any, p: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    return _binomial(key, n, p, shape, dtype)


def binomial(key: Any, n: Any, p: Any, shape: Sequence[int] | None = None,
             dtype: Any = None) -> Any:  # fmt: skip
    """Binomial(``n``, ``p``) samples as floats (inversion for small means, BTRS otherwise)."""
    data, _ = check_key("binomial", key)
    dt = S.float_dtype("binomial", dtype)
    n, p = S.param("binomial", n), S.param("binomial", p)
    shape = S.result_shape("binomial", shape, n, p)
    return _binomial_jit(data, n, p, shape=shape, dtype=dt)


@jitted("shape", "dtype")
def _multinomial_jit(key: Key, n: Any, p: Any, *, shape: tuple, dtype: onp.dtype) -> Any:
    n, p = S.np_util.promote_dtypes("multinomial", *S.inexact(n, p))
    n, p = bcast(n, shape[:-1]), bcast(p, shape)
    k = shape[-1]
    axis = len(shape) - 1
    remaining = windowed.cumsum(p, axis, reverse=True)
    safe = lax.select(lax.eq(remaining, const(remaining, 0)), const(remaining, 1), remaining)
    ratios = lax.div(p, safe)
    ratios = shapes.transpose(ratios, (axis, *range(axis)))  # categories first
    # One binomial draw per category from what is left, in order (jax's scan).
    hi, lo = prng.iota_2x32((k,))
    keys = prng.threefry2x32(*key, hi, lo)

    def step(remainder: Any, x: tuple) -> tuple[Any, Any]:
        ratio, k1, k2 = x
        count = _binomial((k1, k2), remainder, lax.clamp(0.0, ratio, 1.0), shape[:-1],
                          remainder.dtype)  # fmt: skip
        return lax.sub(remainder, count), count

    _, counts = loops.scan(step, n, (ratios, *keys))
    counts = shapes.transpose(counts, (*range(1, axis + 1), 0))
    return shapes.convert_element_type(counts, dtype)


def multinomial(key: Any, n: Any, p: Any, *, shape: Sequence[int] | None = None,
                dtype: Any = None) -> Any:  # fmt: skip
    """Multinomial counts of ``n`` trials over the categories of ``p``'s last axis."""
    data, _ = check_key("multinomial", key)
    dt = S.float_dtype("multinomial", dtype)
    n, p = S.param("multinomial", n), S.param("multinomial", p)
    shape = S.shape_of(p) if shape is None else canonical_shape("multinomial", shape)
    if not shape:
        raise ValueError("multinomial: p must have at least one dimension (the categories)")
    S.broadcast_shapes("multinomial", S.shape_of(n), shape[:-1])
    return _multinomial_jit(data, n, p, shape=shape, dtype=dt)
