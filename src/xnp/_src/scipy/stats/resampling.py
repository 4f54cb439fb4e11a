"""SciPy's resampling methods (``scipy.stats``): permutation_test and bootstrap.

Resamples are index arrays (drawn from an ``xnp.random`` key, or enumerated in NumPy for
exact permutation tests), gathered in one batch and passed to the statistic along a leading
resample axis, so a vectorized statistic (one taking ``axis=``) runs once on the whole batch;
a statistic without ``axis`` is mapped with ``xnp.vmap``. ``batch`` is accepted and ignored
(everything is one batch). The draws differ from SciPy's (another generator), so random
p-values and intervals agree with SciPy's in distribution, not digit for digit; exact
permutation tests agree exactly.
"""

from __future__ import annotations

import inspect
import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import vmap as vmap_api
from xnp._src.numpy import namespace as jnp
from xnp._src.random import generator as random_generator
from xnp._src.random import prng, samplers
from xnp._src.scipy.special import error
from xnp._src.scipy.stats import _common
from xnp._src.scipy.stats.correlation import check_alternative

PermutationTestResult = _common.result_class(
    "PermutationTestResult", ("statistic", "pvalue", "null_distribution")
)
BootstrapResult = _common.result_class(
    "BootstrapResult", ("confidence_interval", "bootstrap_distribution", "standard_error")
)


def _key(name: str, rng: Any, random_state: Any) -> Any:
    source = rng if rng is not None else random_state
    if source is None:
        raise TypeError(f"{name}: pass rng= (an xnp.random key, an integer seed or a Generator)")
    if isinstance(source, random_generator.Generator):
        return source._next()
    if isinstance(source, int | onp.integer):
        return prng.PRNGKey(int(source))
    return source


def _vectorized(statistic: Callable[..., Any], vectorized: bool | None) -> bool:
    if vectorized is not None:
        return bool(vectorized)
    try:
        return "axis" in inspect.signature(statistic).parameters
    except (TypeError, ValueError):
        return False


def _batched(statistic: Callable[..., Any], vectorized: bool) -> Callable[..., Any]:
    """``statistic`` of samples with a leading resample axis (data axis last)."""
    if vectorized:
        return lambda *xs: statistic(*xs, axis=-1)

    def one(*xs: Any) -> Any:
        if xs[0].ndim != 1:
            raise NotImplementedError(
                "a statistic without `axis` needs 1-d samples; make it vectorized"
            )
        return statistic(*xs)

    return lambda *xs: vmap_api.vmap(one)(*xs)


def _prepare(name: str, data: Sequence[Any], axis: int) -> list[Any]:
    if len(data) < 1:
        raise ValueError(f"{name}: `data` must contain at least one sample.")
    arrays = _common.as_float(*data)
    out = [_common.to_last(name, x, axis) for x in arrays]
    lead = onp.broadcast_shapes(*(x.shape[:-1] for x in out))
    return [jnp.broadcast_to(x, lead + x.shape[-1:]) for x in out]


def _pvalues(null: Any, observed: Any, adjustment: int, alternative: str) -> Any:
    eps = float(onp.finfo(null.dtype).eps) * 100
    gamma = jnp.abs(eps * observed)
    total = null.shape[0]
    less = (jnp.sum(null <= observed + gamma, axis=0) + adjustment) / (total + adjustment)
    greater = (jnp.sum(null >= observed - gamma, axis=0) + adjustment) / (total + adjustment)
    if alternative == "less":
        return less
    if alternative == "greater":
        return greater
    return jnp.clip(2 * jnp.minimum(less, greater), 0.0, 1.0)


def _independent_exact(sizes: list[int]) -> onp.ndarray:
    """Every assignment of the pooled positions to samples of ``sizes`` (as orderings of
    the pooled data, each sample's positions increasing)."""
    total = sum(sizes)
    out: list[list[int]] = []

    def rec(remaining: tuple[int, ...], k: int, prefix: list[int]) -> None:
        if k == len(sizes) - 1:
            out.append(prefix + list(remaining))
            return
        for combo in itertools.combinations(remaining, sizes[k]):
            rest = tuple(i for i in remaining if i not in combo)
            rec(rest, k + 1, prefix + list(combo))

    rec(tuple(range(total)), 0, [])
    return onp.array(out, dtype=onp.int64)


def permutation_test(
    data: Sequence[Any],
    statistic: Callable[..., Any],
    *,
    permutation_type: str = "independent",
    vectorized: bool | None = None,
    n_resamples: int = 9999,
    batch: int | None = None,
    alternative: str = "two-sided",
    axis: int = 0,
    rng: Any = None,
    random_state: Any = None,
) -> Any:
    """``scipy.stats.permutation_test``: the p-value of ``statistic`` under the null that
    the samples are exchangeable (``'independent'``: the pooled observations are reassigned;
    ``'samples'``: each observation's values are permuted across the samples, or its sign
    flipped for one sample; ``'pairings'``: each sample is reordered). When
    ``n_resamples`` covers every distinct permutation, the test is exact (all of them, no
    key needed); otherwise ``n_resamples`` random ones from ``rng`` (a key or seed), with
    SciPy's ``+1`` adjustment. Eager or under ``jit`` (sizes are static)."""
    del batch
    check_alternative("permutation_test", alternative)
    if permutation_type not in ("independent", "samples", "pairings"):
        raise ValueError(
            "permutation_test: `permutation_type` must be in {'independent', 'samples', 'pairings'}"
        )
    xs = _prepare("permutation_test", data, axis)
    stat = _batched(statistic, _vectorized(statistic, vectorized))
    observed = stat(*(x[None] for x in xs))[0]
    sizes = [x.shape[-1] for x in xs]
    k = len(xs)
    if permutation_type == "independent":
        if k < 2:
            raise ValueError("permutation_test: `data` must contain at least two samples.")
        count = math.factorial(sum(sizes)) // math.prod(math.factorial(s) for s in sizes)
    elif permutation_type == "samples":
        if len(set(sizes)) != 1:
            raise ValueError("permutation_test: all samples must have the same length.")
        count = (2 if k == 1 else math.factorial(k)) ** sizes[0]
    else:
        if len(set(sizes)) != 1:
            raise ValueError("permutation_test: all samples must have the same length.")
        count = math.factorial(sizes[0]) ** k  # every sample reordered, as SciPy
    exact = n_resamples >= count
    n = sizes[0]
    if not exact:
        key = _key("permutation_test", rng, random_state)
    if permutation_type == "independent":
        pooled = jnp.concatenate(xs, axis=-1)
        if exact:
            order = jnp.asarray(_independent_exact(sizes))
        else:
            u = samplers.uniform(key, (n_resamples, sum(sizes)), onp.float64)
            order = jnp.argsort(u, axis=-1)
        shuffled = jnp.take(pooled, order, axis=-1)  # (..., R, N)
        shuffled = jnp.moveaxis(shuffled, -2, 0)
        bounds = onp.cumsum([0, *sizes])
        parts = [shuffled[..., lo:hi] for lo, hi in itertools.pairwise(bounds)]
    elif permutation_type == "samples" and k == 1:
        if exact:
            signs = onp.array(list(itertools.product([1.0, -1.0], repeat=n)))
        else:
            bits = samplers.bernoulli(key, 0.5, (n_resamples, n))
            signs = jnp.where(bits, -1.0, 1.0)
        signs = jnp.asarray(signs, xs[0].dtype)
        parts = [
            xs[0][None] * jnp.reshape(signs, (signs.shape[0],) + (1,) * (xs[0].ndim - 1) + (n,))
        ]
    elif permutation_type == "samples":
        stacked = jnp.stack(xs, axis=-2)  # (..., k, n)
        if exact:
            perms = list(itertools.permutations(range(k)))
            order = onp.array(list(itertools.product(perms, repeat=n))).transpose(0, 2, 1)
            order = jnp.asarray(order)  # (R, k, n): which sample each slot takes
        else:
            u = samplers.uniform(key, (n_resamples, k, n), onp.float64)
            order = jnp.argsort(u, axis=-2)
        lead = stacked.shape[:-2]
        src = jnp.broadcast_to(stacked[None], (order.shape[0], *lead, k, n))
        idx = jnp.broadcast_to(
            jnp.reshape(order, (order.shape[0],) + (1,) * len(lead) + (k, n)), src.shape
        )
        picked = jnp.take_along_axis(src, idx, axis=-2)
        parts = [picked[..., i, :] for i in range(k)]
    else:
        if exact:
            perms = list(itertools.permutations(range(n)))
            order = onp.array(list(itertools.product(perms, repeat=k)), dtype=onp.int64)
            order = jnp.asarray(order)  # (R, k, n)
        else:
            u = samplers.uniform(key, (n_resamples, k, n), onp.float64)
            order = jnp.argsort(u, axis=-1)
        parts = [jnp.moveaxis(jnp.take(xs[i], order[:, i, :], axis=-1), -2, 0) for i in range(k)]
    null = stat(*parts)
    p = _pvalues(null, observed, 0 if exact else 1, alternative)
    return PermutationTestResult(observed, p, null)


def _percentile_per_slice(values: Any, q: Any) -> Any:
    """Linear-interpolated percentiles ``q`` (one per slice, in [0, 100]) of ``values``
    along its first axis (NumPy's default method)."""
    s = jnp.sort(values, axis=0)
    r = s.shape[0]
    j = jnp.clip(q / 100 * (r - 1), 0, r - 1)
    lo = jnp.floor(j)
    g = j - lo
    lo_i = lo.astype(onp.int64)[None]
    hi_i = jnp.minimum(lo_i + 1, r - 1)
    a = jnp.take_along_axis(s, lo_i, axis=0)[0]
    b = jnp.take_along_axis(s, hi_i, axis=0)[0]
    return jnp.where(g == 0, a, a + g * (b - a))


def bootstrap(
    data: Sequence[Any],
    statistic: Callable[..., Any],
    *,
    n_resamples: int = 9999,
    batch: int | None = None,
    vectorized: bool | None = None,
    paired: bool = False,
    axis: int = 0,
    confidence_level: float = 0.95,
    alternative: str = "two-sided",
    method: str = "BCa",
    bootstrap_result: Any = None,
    rng: Any = None,
    random_state: Any = None,
) -> Any:
    """``scipy.stats.bootstrap``: a confidence interval of ``statistic`` from ``n_resamples``
    resamples with replacement (``'percentile'``, ``'basic'`` or the bias-corrected and
    accelerated ``'BCa'``, its acceleration from the jackknife), the bootstrap distribution
    and standard error. ``rng`` is a key or seed; ``bootstrap_result`` is not supported."""
    del batch
    check_alternative("bootstrap", alternative)
    if method.lower() not in ("percentile", "basic", "bca"):
        raise ValueError("bootstrap: `method` must be in {'percentile', 'basic', 'BCa'}")
    if bootstrap_result is not None:
        raise NotImplementedError("bootstrap: bootstrap_result= is not supported")
    if not 0 < confidence_level < 1:
        raise ValueError("bootstrap: `confidence_level` must be between 0 and 1")
    method = method.lower()
    xs = _prepare("bootstrap", data, axis)
    if paired and len({x.shape[-1] for x in xs}) != 1:
        raise ValueError("bootstrap: paired samples must have the same length")
    for x in xs:
        if x.shape[-1] <= 1:
            raise ValueError(
                "bootstrap: each sample in `data` must contain two or more observations"
            )
    stat = _batched(statistic, _vectorized(statistic, vectorized))
    key = _key("bootstrap", rng, random_state)
    keys = prng.split(key, len(xs))
    resampled = []
    shared = None
    for i, x in enumerate(xs):
        n = x.shape[-1]
        if paired and shared is not None:
            idx = shared
        else:
            idx = samplers.randint(keys[i], (n_resamples, n), 0, n)
            shared = idx
        moved = jnp.take(x, idx, axis=-1)  # (..., R, n)
        resampled.append(jnp.moveaxis(moved, -2, 0))
    theta_b = stat(*resampled)
    theta = stat(*(x[None] for x in xs))[0]
    alpha = (1 - confidence_level) / 2 if alternative == "two-sided" else 1 - confidence_level
    if method == "bca":
        frac = jnp.mean(theta_b < theta, axis=0)
        z0 = error.ndtri(frac)
        # jackknife over every observation of every sample (all together when paired)
        jack = []
        groups = [list(range(len(xs)))] if paired else [[i] for i in range(len(xs))]
        for members in groups:
            n = xs[members[0]].shape[-1]
            keep = onp.array([[j for j in range(n) if j != i] for i in range(n)])
            samples = []
            for i, x in enumerate(xs):
                if i in members:
                    samples.append(jnp.moveaxis(jnp.take(x, jnp.asarray(keep), axis=-1), -2, 0))
                else:
                    samples.append(jnp.broadcast_to(x[None], (n, *x.shape)))
            theta_i = stat(*samples)
            d = jnp.mean(theta_i, axis=0) - theta_i
            jack.append((jnp.sum(d**3, axis=0), jnp.sum(d**2, axis=0)))
        num = sum(a for a, _ in jack)
        den = sum(b for _, b in jack)
        with onp.errstate(all="ignore"):
            acc = num / (6 * den**1.5)
            za = error.ndtri(alpha)
            z1 = error.ndtri(1 - alpha)
            a1 = error.ndtr(z0 + (z0 + za) / (1 - acc * (z0 + za)))
            a2 = error.ndtr(z0 + (z0 + z1) / (1 - acc * (z0 + z1)))
        lo = _percentile_per_slice(theta_b, a1 * 100)
        hi = _percentile_per_slice(theta_b, a2 * 100)
    else:
        q = jnp.asarray([alpha * 100, (1 - alpha) * 100], theta_b.dtype)
        qs = jnp.percentile(theta_b, q, axis=0)
        lo, hi = qs[0], qs[1]
        if method == "basic":
            lo, hi = 2 * theta - hi, 2 * theta - lo
    if alternative == "less":
        lo = jnp.full_like(lo, -jnp.inf)
    elif alternative == "greater":
        hi = jnp.full_like(hi, jnp.inf)
    se = jnp.std(theta_b, axis=0, ddof=1)
    return BootstrapResult(_common.ConfidenceInterval(lo, hi), theta_b, se)
