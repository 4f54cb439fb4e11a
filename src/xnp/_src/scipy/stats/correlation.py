"""SciPy's correlation and regression functions (``scipy.stats``): pearsonr, spearmanr,
kendalltau, pointbiserialr, linregress, theilslopes.

P-values come from ``xnp.scipy.special`` (Student's t through ``stdtr``, the normal through
``ndtr``); Kendall's exact null distribution (the Mahonian numbers) is a table computed once
per sample size. ``pearsonr``, ``spearmanr`` and ``linregress`` work under ``jit`` and
``vmap``; ``pearsonr``'s and ``linregress``'s statistics are differentiable.
"""

from __future__ import annotations

import functools
import statistics
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import beta_family, error
from xnp._src.scipy.stats import _common, descriptive
from xnp._src.typing import ArrayLike

_ALTERNATIVES = ("two-sided", "less", "greater")


def check_alternative(name: str, alternative: str) -> None:
    if alternative not in _ALTERNATIVES:
        raise ValueError(
            f"{name}: alternative must be 'less', 'greater' or 'two-sided', got {alternative!r}"
        )


def t_pvalue(t: Any, df: Any, alternative: str) -> Any:
    """P-value of Student's ``t`` with ``df`` degrees of freedom."""
    if alternative == "less":
        return beta_family.stdtr(df, t)
    if alternative == "greater":
        return beta_family.stdtr(df, -t)
    return jnp.minimum(2 * beta_family.stdtr(df, -jnp.abs(t)), 1.0)


def z_pvalue(z: Any, alternative: str) -> Any:
    """P-value of a standard normal ``z``."""
    if alternative == "less":
        return error.ndtr(z)
    if alternative == "greater":
        return error.ndtr(-z)
    return jnp.minimum(2 * error.ndtr(-jnp.abs(z)), 1.0)


def _ndtri(p: float) -> float:
    """The normal quantile of a Python float, as a Python float (weak in promotion, and
    known under ``jit``)."""
    return statistics.NormalDist().inv_cdf(p)


def _pearson_ci(self: Any, confidence_level: float = 0.95) -> Any:
    """The Fisher-transform confidence interval of the correlation (SciPy's default)."""
    if not 0 <= confidence_level <= 1:
        raise ValueError("confidence_level must be between 0 and 1.")
    r, n, alternative = self.statistic, self._n, self._alternative
    with onp.errstate(all="ignore"):
        zr = jnp.arctanh(r)
        se = 1 / jnp.sqrt(jnp.asarray(n, r.dtype) - 3)
        if alternative == "two-sided":
            h = float(_ndtri(0.5 + confidence_level / 2)) * se
            low, high = jnp.tanh(zr - h), jnp.tanh(zr + h)
        elif alternative == "less":
            low = jnp.full_like(r, -1.0)
            high = jnp.tanh(zr + float(_ndtri(confidence_level)) * se)
        else:
            low = jnp.tanh(zr - float(_ndtri(confidence_level)) * se)
            high = jnp.full_like(r, 1.0)
    return _common.ConfidenceInterval(low, high)


PearsonRResult = _common.result_class(
    "PearsonRResult",
    ("statistic", "pvalue"),
    private=("_n",),
    static=("_alternative",),
    methods={"confidence_interval": _pearson_ci},
)
SignificanceResult = _common.result_class("SignificanceResult", ("statistic", "pvalue"))
LinregressResult = _common.result_class(
    "LinregressResult",
    ("slope", "intercept", "rvalue", "pvalue", "stderr"),
    ("intercept_stderr",),
)
TheilslopesResult = _common.result_class(
    "TheilslopesResult", ("slope", "intercept", "low_slope", "high_slope")
)


def _pair(name: str, x: Any, y: Any, axis: int | None) -> tuple[Any, Any]:
    x, y = _common.as_float(x, y)
    if axis is None:
        x, y = jnp.ravel(x), jnp.ravel(y)
        if x.shape != y.shape:
            raise ValueError(f"{name}: x and y must have the same length, got {x.shape} {y.shape}")
        return x, y
    x, y = _common.to_last(name, x, axis), _common.to_last(name, y, axis)
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"{name}: x and y must have the same length along axis {axis}, got "
            f"{x.shape[-1]} and {y.shape[-1]}"
        )
    lead = onp.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    return jnp.broadcast_to(x, lead + x.shape[-1:]), jnp.broadcast_to(y, lead + y.shape[-1:])


def _pearson_r(x: Any, y: Any) -> Any:
    xm = x - jnp.mean(x, axis=-1, keepdims=True)
    ym = y - jnp.mean(y, axis=-1, keepdims=True)
    with onp.errstate(all="ignore"):
        # scale first: the products of large values would overflow
        xs = xm / jnp.max(jnp.abs(xm), axis=-1, keepdims=True)
        ys = ym / jnp.max(jnp.abs(ym), axis=-1, keepdims=True)
        r = jnp.sum(xs * ys, axis=-1) / jnp.sqrt(
            jnp.sum(xs * xs, axis=-1) * jnp.sum(ys * ys, axis=-1)
        )
    return jnp.clip(r, -1.0, 1.0)


def _r_pvalue(r: Any, n: int, alternative: str) -> Any:
    df = n - 2
    with onp.errstate(all="ignore"):
        t = r * jnp.sqrt(df / ((1 - r) * (1 + r)))
        p = t_pvalue(t, jnp.asarray(df, r.dtype), alternative)
    return jnp.where(jnp.isnan(r), r, p) if n > 2 else jnp.where(jnp.isnan(r), r, 1.0)


def pearsonr(
    x: ArrayLike,
    y: ArrayLike,
    *,
    alternative: str = "two-sided",
    method: Any = None,
    axis: int | None = 0,
) -> Any:
    """``scipy.stats.pearsonr``: Pearson's correlation and its t-test p-value;
    ``confidence_interval()`` is the Fisher-transform interval. ``method`` (permutation or
    Monte Carlo p-values) is not supported. A constant input gives NaN (SciPy also warns)."""
    check_alternative("pearsonr", alternative)
    if method is not None:
        raise NotImplementedError("pearsonr: method= (resampling p-values) is not supported")
    x, y = _pair("pearsonr", x, y, axis)
    n = x.shape[-1]
    if n < 2:
        raise ValueError("pearsonr: `x` and `y` must have length at least 2.")
    r = _pearson_r(x, y)
    if n == 2:
        r = jnp.where(jnp.isnan(r), r, jnp.sign(r))
    return PearsonRResult(r, _r_pvalue(r, n, alternative), _n=n, _alternative=alternative)


def pointbiserialr(
    x: ArrayLike,
    y: ArrayLike,
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.pointbiserialr``: Pearson's correlation of a binary ``x`` with ``y``."""
    _common.check_nan_policy("pointbiserialr", nan_policy)
    xx, yy = _pair("pointbiserialr", x, y, axis)
    for v in (xx, yy):
        _common.contains_nan("pointbiserialr", v, nan_policy)
    if nan_policy == "omit":
        res = _common.omit_slices(lambda a, b: tuple(pearsonr(a, b)), [xx, yy], 2, paired=True)
    else:
        res = pearsonr(xx, yy, axis=-1)
    nd = max(jnp.ndim(x), jnp.ndim(y))
    return SignificanceResult(*(_common.keep(r, keepdims, nd, axis) for r in res))


def spearmanr(
    a: ArrayLike,
    b: ArrayLike | None = None,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    alternative: str = "two-sided",
) -> Any:
    """``scipy.stats.spearmanr``: Pearson's correlation of the ranks. Two 1-d inputs (or one
    2-d input of two variables) give scalars; more variables give the matrices of
    correlations and p-values (variables along the axis other than ``axis``). ``'omit'`` is
    eager only and, as in SciPy, drops an observation with a NaN in any variable."""
    check_alternative("spearmanr", alternative)
    _common.check_nan_policy("spearmanr", nan_policy)
    if axis is not None and axis > 1:
        raise ValueError(f"spearmanr: only axis 0, 1 or None are supported, got {axis}")
    aa = _common.as_float(a)[0] if b is None else _common.as_float(a, b)[0]
    if aa.ndim > 2:
        raise ValueError("spearmanr only handles 1-D or 2-D arrays")
    if b is None and aa.ndim < 2:
        raise ValueError("spearmanr: `spearmanr` needs at least 2 variables to compare")
    if b is None:
        data = aa
        ax = axis
    else:
        bb = _common.as_float(a, b)[1]
        ax = axis
        if axis is None:
            aa, bb, ax = jnp.ravel(aa), jnp.ravel(bb), 0
        if aa.ndim == 1:
            aa = aa[:, None] if ax == 0 else aa[None, :]
        if bb.ndim == 1:
            bb = bb[:, None] if ax == 0 else bb[None, :]
        data = jnp.concatenate([aa, bb], axis=1 - ax)
    if axis is None and b is None:
        data, ax = jnp.ravel(data)[:, None], 0
    obs = data if ax == 0 else data.T  # (observations, variables)
    found = _common.contains_nan("spearmanr", obs, nan_policy)
    if nan_policy == "omit" and found is not False:
        return _spearman_pairwise(obs, alternative)
    n, k = obs.shape
    ranks = descriptive.rankdata(obs, axis=0)
    if n < 2:
        rs = jnp.full((k, k), onp.nan)
    else:
        rc = ranks - jnp.mean(ranks, axis=0, keepdims=True)
        with onp.errstate(all="ignore"):
            cov = rc.T @ rc
            sd = jnp.sqrt(jnp.diagonal(cov))
            rs = jnp.clip(cov / sd[:, None] / sd[None, :], -1.0, 1.0)
    # SciPy: no p-value from two observations
    p = _r_pvalue(rs, n, alternative) if n > 2 else jnp.full_like(rs, onp.nan)
    if found is not False and nan_policy == "propagate":
        bad = jnp.any(jnp.isnan(obs), axis=0)
        either = bad[:, None] | bad[None, :]
        rs, p = jnp.where(either, onp.nan, rs), jnp.where(either, onp.nan, p)
    if k == 2:
        rs, p = rs[0, 1], p[0, 1]
    return SignificanceResult(rs, p)


def _spearman_pairwise(obs: Any, alternative: str) -> Any:
    """``nan_policy='omit'`` as SciPy's masked version: each pair of variables over the
    observations where neither is NaN. Eager only."""
    value = _common.concrete(obs)
    if value is None:
        raise NotImplementedError("spearmanr: nan_policy='omit' is eager only")
    k = value.shape[1]
    rs, ps = onp.ones((k, k)), onp.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            keep = ~(onp.isnan(value[:, i]) | onp.isnan(value[:, j]))
            pair = jnp.asarray(value[keep][:, [i, j]])
            r, p = spearmanr(pair, alternative=alternative)
            rs[i, j] = rs[j, i] = float(r)
            ps[i, j] = ps[j, i] = float(p)
    if k == 2:
        return SignificanceResult(jnp.asarray(rs[0, 1]), jnp.asarray(ps[0, 1]))
    return SignificanceResult(jnp.asarray(rs), jnp.asarray(ps))


@functools.lru_cache(maxsize=64)
def _mahonian_cdf(n: int) -> onp.ndarray:
    """P(inversions <= c) of a uniform random permutation of n, c = 0..n(n-1)/2 (Kendall's
    exact null distribution of the discordant pairs), built one element at a time:
    inserting element j adds 0..j-1 inversions with equal probability."""
    dist = onp.ones(1)
    for j in range(2, n + 1):
        c = onp.concatenate([[0.0], onp.cumsum(dist)])
        # new[k] = sum_{i=0}^{j-1} dist[k-i] / j
        m = dist.size + j - 1
        idx = onp.arange(m)
        new = c[onp.minimum(idx + 1, dist.size)] - c[onp.clip(idx - j + 1, 0, dist.size)]
        dist = new / j
    return onp.cumsum(dist)


def _kendall_exact(n: int, dis: Any, alternative: str, dtype: Any) -> Any:
    cdf = jnp.asarray(_mahonian_cdf(n), dtype)
    tot = n * (n - 1) // 2
    dis = dis.astype(onp.int64)
    at_most = jnp.take(cdf, dis)  # P(D <= dis)
    at_least = jnp.where(dis > 0, 1 - jnp.take(cdf, jnp.maximum(dis - 1, 0)), 1.0)
    # few discordant pairs: positive association
    if alternative == "greater":
        return at_most
    if alternative == "less":
        return at_least
    # the distribution is symmetric about tot/2: twice the nearer tail
    near = jnp.where(2 * dis <= tot, at_most, at_least)
    return jnp.minimum(2 * near, 1.0)


def _group_sizes(x: Any) -> Any:
    """Each element's count of equal elements (its tie group's size), by sorting."""
    order = jnp.argsort(x, axis=-1)
    s = jnp.take_along_axis(x, order, axis=-1)
    start, end, _ = descriptive._runs(s)
    return jnp.take_along_axis(end - start + 1, jnp.argsort(order, axis=-1), axis=-1)


def kendalltau(
    x: ArrayLike,
    y: ArrayLike,
    *,
    nan_policy: str = "propagate",
    method: str = "auto",
    variant: str = "b",
    alternative: str = "two-sided",
    axis: int | None = None,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.kendalltau``: Kendall's tau-b (or tau-c) and its p-value (exact from
    the permutation distribution without ties where SciPy uses it, else the normal
    approximation with SciPy's tie-corrected variance). Pairs are compared all against all
    (memory ``n**2``). Under ``jit``, ``method='auto'`` decides per slice with ``where``.
    ``nan_policy='omit'`` is eager only."""
    check_alternative("kendalltau", alternative)
    if variant not in ("b", "c"):
        raise ValueError(f"kendalltau: Unknown variant of the method chosen: {variant}.")
    if method not in ("auto", "exact", "asymptotic"):
        raise ValueError(f"kendalltau: Unknown method {method} specified.")
    xx, yy = _pair("kendalltau", x, y, axis)
    for v in (xx, yy):
        found = _common.contains_nan("kendalltau", v, nan_policy)
        if found is not False and nan_policy == "omit":
            res = _common.omit_slices(
                lambda a, b: tuple(
                    kendalltau(a, b, method=method, variant=variant, alternative=alternative)
                ),
                [xx, yy],
                2,
                paired=True,
            )
            nd = max(jnp.ndim(x), jnp.ndim(y))
            return SignificanceResult(*(_common.keep(r, keepdims, nd, axis) for r in res))
    n = xx.shape[-1]
    dt = xx.dtype
    nd = max(jnp.ndim(x), jnp.ndim(y))
    if n == 0:
        nan = jnp.full(xx.shape[:-1], onp.nan, dt)
        return SignificanceResult(_common.keep(nan, keepdims, nd, axis), nan)
    dx = jnp.sign(xx[..., :, None] - xx[..., None, :])
    dy = jnp.sign(yy[..., :, None] - yy[..., None, :])
    upper = jnp.asarray(onp.triu(onp.ones((n, n), bool), 1))
    s = jnp.sum(jnp.where(upper, dx * dy, 0), axis=(-2, -1))  # concordant - discordant
    dis = jnp.sum(jnp.where(upper, (dx * dy) < 0, 0), axis=(-2, -1))
    tot = n * (n - 1) // 2
    cx, cy = _group_sizes(xx).astype(dt), _group_sizes(yy).astype(dt)

    def tie_sums(c: Any) -> tuple[Any, Any, Any, Any]:
        # sums over tie groups of t(t-1)/2, t(t-1)(t-2), t(t-1)(2t+5); and the group count
        return (
            jnp.sum((c - 1) / 2, axis=-1),
            jnp.sum((c - 1) * (c - 2), axis=-1),
            jnp.sum((c - 1) * (2 * c + 5), axis=-1),
            jnp.sum(1 / c, axis=-1),
        )

    xtie, x0, x1, xk = tie_sums(cx)
    ytie, y0, y1, yk = tie_sums(cy)
    sf = s.astype(dt)
    with onp.errstate(all="ignore"):
        if variant == "b":
            tau = sf / jnp.sqrt(tot - xtie) / jnp.sqrt(tot - ytie)
        else:
            m = jnp.round(jnp.minimum(xk, yk))
            tau = 2 * sf / (n * n * (m - 1) / m)
        tau = jnp.clip(tau, -1.0, 1.0)
        mm = n * (n - 1.0)
        var = (mm * (2 * n + 5) - x1 - y1) / 18 + (2 * xtie * ytie) / mm
        if n > 2:
            var = var + x0 * y0 / (9 * mm * (n - 2))
        p = z_pvalue(sf / jnp.sqrt(var), alternative)
    no_ties = (xtie == 0) & (ytie == 0)
    if method == "exact":
        value = _common.concrete(no_ties)
        if value is not None and not onp.all(value):
            raise ValueError("kendalltau: Ties found, exact method cannot be used.")
    if method != "asymptotic":
        exact = _kendall_exact(n, dis, alternative, dt)
        use = (
            no_ties
            if method == "exact"
            else no_ties & ((n <= 33) | (jnp.minimum(dis, tot - dis) <= 1))
        )
        p = jnp.where(use, exact, p)
    degenerate = (xtie == tot) | (ytie == tot)
    tau, p = jnp.where(degenerate, onp.nan, tau), jnp.where(degenerate, onp.nan, p)
    anynan = jnp.any(jnp.isnan(xx) | jnp.isnan(yy), axis=-1)
    tau, p = jnp.where(anynan, onp.nan, tau), jnp.where(anynan, onp.nan, p)
    return SignificanceResult(
        _common.keep(tau.astype(dt), keepdims, nd, axis),
        _common.keep(p.astype(dt), keepdims, nd, axis),
    )


def linregress(
    x: ArrayLike,
    y: ArrayLike | None = None,
    alternative: str = "two-sided",
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.linregress``: least-squares line ``y = slope x + intercept`` with the
    correlation, the t-test p-value of ``slope = 0`` and both standard errors."""
    check_alternative("linregress", alternative)
    _common.check_nan_policy("linregress", nan_policy)
    if y is None:
        xy = _common.as_float(x)[0]
        if xy.shape[0] == 2:
            x, y = xy[0], xy[1]
        elif xy.ndim == 2 and xy.shape[1] == 2:
            x, y = xy[:, 0], xy[:, 1]
        else:
            raise ValueError(
                "linregress: If only `x` is given as input, it has to be of shape (2, N) or "
                f"(N, 2); provided shape was {xy.shape}."
            )
    xx, yy = _pair("linregress", x, y, axis)
    nd = max(jnp.ndim(x), jnp.ndim(y))
    found = [_common.contains_nan("linregress", v, nan_policy) for v in (xx, yy)]
    if nan_policy == "omit" and any(f is not False for f in found):
        res = _common.omit_slices(
            lambda a, b: (
                tuple(linregress(a, b, alternative)) + (linregress(a, b).intercept_stderr,)
            ),
            [xx, yy],
            6,
            paired=True,
        )
        return LinregressResult(*(_common.keep(r, keepdims, nd, axis) for r in res))
    n = xx.shape[-1]
    if n < 2:
        _common.warn_small("linregress", n, 2)
        nan = jnp.full(xx.shape[:-1], onp.nan, xx.dtype)
        return LinregressResult(*(_common.keep(nan, keepdims, nd, axis) for _ in range(6)))
    xc = _common.concrete(xx)
    if xc is not None and xc.size and onp.any(onp.all(xc == xc[..., :1], axis=-1)):
        raise ValueError(
            "linregress: Cannot calculate a linear regression if all x values are identical"
        )
    xmean, ymean = jnp.mean(xx, axis=-1), jnp.mean(yy, axis=-1)
    xm, ym = xx - xmean[..., None], yy - ymean[..., None]
    ssxm, ssym = jnp.mean(xm * xm, axis=-1), jnp.mean(ym * ym, axis=-1)
    ssxym = jnp.mean(xm * ym, axis=-1)
    with onp.errstate(all="ignore"):
        r = jnp.where(
            (ssxm == 0) | (ssym == 0), 0.0, jnp.clip(ssxym / jnp.sqrt(ssxm * ssym), -1.0, 1.0)
        )
        slope = ssxym / ssxm
        intercept = ymean - slope * xmean
        if n == 2:
            p = jnp.where(yy[..., 0] == yy[..., 1], 1.0, 0.0).astype(xx.dtype)
            se = jnp.zeros_like(slope)
            ise = jnp.zeros_like(slope)
        else:
            df = n - 2
            tiny = 1.0e-20
            t = r * jnp.sqrt(df / ((1.0 - r + tiny) * (1.0 + r + tiny)))
            p = t_pvalue(t, jnp.asarray(df, xx.dtype), alternative)
            se = jnp.sqrt((1 - r * r) * ssym / ssxm / df)
            ise = se * jnp.sqrt(ssxm + xmean * xmean)
    out = [slope, intercept, r, p, se, ise]
    return LinregressResult(*(_common.keep(v, keepdims, nd, axis) for v in out))


def theilslopes(
    y: ArrayLike,
    x: ArrayLike | None = None,
    alpha: float = 0.95,
    method: str = "separate",
    *,
    axis: int | None = None,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.theilslopes``: the Theil-Sen estimator, the median of the pairwise
    slopes (pairs with distinct ``x``), the intercept (``'separate'``:
    ``median(y) - slope median(x)``; ``'joint'``: ``median(y - slope x)``) and the ``alpha``
    confidence interval of the slope from Sen's tie-corrected variance. All pairs are
    formed (memory ``n**2``); works under ``jit``; ``nan_policy='omit'`` is eager only."""
    if method not in ("joint", "separate"):
        raise ValueError(
            f"theilslopes: method must be either 'joint' or 'separate'. '{method}' is invalid."
        )
    _common.check_nan_policy("theilslopes", nan_policy)
    yy = _common.as_float(y)[0]
    if x is None:
        length = yy.size if axis is None else yy.shape[axis]
        xx = jnp.arange(length, dtype=yy.dtype)
        if axis is not None and yy.ndim > 1:
            shape = [1] * yy.ndim
            shape[axis] = length
            xx = jnp.reshape(xx, shape)
    else:
        xx = x
    a, b = _pair("theilslopes", yy, xx, axis)
    nd = jnp.ndim(y)
    found = [_common.contains_nan("theilslopes", v, nan_policy) for v in (a, b)]
    if nan_policy == "omit" and any(f is not False for f in found):
        res = _common.omit_slices(
            lambda u, v: tuple(theilslopes(u, v, alpha, method)), [a, b], 4, paired=True
        )
        return TheilslopesResult(*(_common.keep(r, keepdims, nd, axis) for r in res))
    n = a.shape[-1]
    if n < 2:
        raise ValueError("theilslopes: `x` and `y` must have length at least 2.")
    dt = a.dtype
    dx = b[..., :, None] - b[..., None, :]
    dy = a[..., :, None] - a[..., None, :]
    keep = dx > 0
    with onp.errstate(all="ignore"):
        slopes = jnp.where(keep, dy / jnp.where(keep, dx, 1.0), jnp.nan)
    slopes = jnp.sort(jnp.reshape(slopes, slopes.shape[:-2] + (n * n,)), axis=-1)
    nt = jnp.sum(keep, axis=(-2, -1))
    med = jnp.nanmedian(slopes, axis=-1)
    if method == "joint":
        inter = jnp.median(a - med[..., None] * b, axis=-1)
    else:
        inter = jnp.median(a, axis=-1) - med * jnp.median(b, axis=-1)
    a_ = 1.0 - alpha if alpha > 0.5 else alpha
    z = _ndtri(a_ / 2.0)

    def ties(v: Any) -> Any:
        # sum over tie groups of k (k-1) (2k+5): each of a group's k elements adds 1/k of it
        c = _group_sizes(v).astype(dt)
        return jnp.sum((c - 1) * (2 * c + 5), axis=-1)

    # Sen (1968), eq. 2.6: the variance of the count of positive slopes, ties removed
    sigsq = (n * (n - 1) * (2 * n + 5) - ties(b) - ties(a)) / 18.0
    with onp.errstate(all="ignore"):
        sigma = jnp.sqrt(sigsq)
        ntf = nt.astype(dt)
        ru = jnp.minimum(jnp.round((ntf - z * sigma) / 2.0), ntf - 1)
        rl = jnp.maximum(jnp.round((ntf + z * sigma) / 2.0) - 1, 0)
    ok = (nt > 0) & (sigsq >= 0)
    pick = jnp.stack([jnp.where(ok, rl, 0), jnp.where(ok, ru, 0)], axis=-1).astype(onp.int64)
    delta = jnp.take_along_axis(slopes, pick, axis=-1)
    low, high = (jnp.where(ok, delta[..., k], jnp.nan) for k in (0, 1))
    anynan = jnp.any(jnp.isnan(a) | jnp.isnan(b), axis=-1)
    out = [jnp.where(anynan, jnp.nan, v).astype(dt) for v in (med, inter, low, high)]
    return TheilslopesResult(*(_common.keep(v, keepdims, nd, axis) for v in out))
