"""SciPy's classical hypothesis tests (``scipy.stats``): t-tests, chi-square and power
divergence, one-way ANOVA, Kruskal-Wallis, Mann-Whitney U and Wilcoxon's signed-rank test.

P-values come from ``xnp.scipy.special`` (``stdtr``, ``fdtrc``, ``chdtrc``, ``ndtr``); the
exact null distributions of the rank statistics are tables computed once per sample size
(in NumPy, float64), looked up with the traced statistic, so the tests run under ``jit``
where SciPy's method choice depends only on shapes, and choose per slice with ``where``
where it depends on ties. The moment-based tests take ``nan_policy='omit'`` as a mask (works
under ``jit``); the rank tests take it eagerly, slice by slice.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import numpy as onp

from xnp._src.numpy import namespace as jnp
from xnp._src.scipy.special import beta_family, convenience, gamma
from xnp._src.scipy.stats import _common, descriptive
from xnp._src.scipy.stats.correlation import check_alternative, t_pvalue, z_pvalue
from xnp._src.typing import ArrayLike


def _t_ci(self: Any, confidence_level: float = 0.95) -> Any:
    """The confidence interval of the estimated mean (or difference of means)."""
    if not 0 <= confidence_level <= 1:
        raise ValueError("`confidence_level` must be a number between 0 and 1.")
    est, se, df = self._estimate, self._standard_error, self.df
    with onp.errstate(all="ignore"):
        if self._alternative == "two-sided":
            q = beta_family.stdtrit(df, 0.5 + confidence_level / 2)
            low, high = est - q * se, est + q * se
        elif self._alternative == "less":
            low = jnp.where(jnp.isnan(est), est, -jnp.inf)
            high = est + beta_family.stdtrit(df, confidence_level) * se
        else:
            low = est - beta_family.stdtrit(df, confidence_level) * se
            high = jnp.where(jnp.isnan(est), est, jnp.inf)
    return _common.ConfidenceInterval(low, high)


TtestResult = _common.result_class(
    "TtestResult",
    ("statistic", "pvalue"),
    ("df",),
    private=("_estimate", "_standard_error"),
    static=("_alternative",),
    methods={"confidence_interval": _t_ci},
)
Power_divergenceResult = _common.result_class("Power_divergenceResult", ("statistic", "pvalue"))
F_onewayResult = _common.result_class("F_onewayResult", ("statistic", "pvalue"))
KruskalResult = _common.result_class("KruskalResult", ("statistic", "pvalue"))
MannwhitneyuResult = _common.result_class("MannwhitneyuResult", ("statistic", "pvalue"))
WilcoxonResult = _common.result_class("WilcoxonResult", ("statistic", "pvalue"))


def _keep_all(values: Any, keepdims: bool, ndim: int, axis: int | None) -> list[Any]:
    return [_common.keep(v, keepdims, ndim, axis) for v in values]


# --------------------------------------------------------------------------- t-tests


def _ttest_result(
    t: Any, df: Any, est: Any, se: Any, alternative: str, keepdims: bool, nd: int, axis: Any
) -> Any:
    df = jnp.asarray(df, t.dtype) + jnp.zeros_like(t)
    with onp.errstate(all="ignore"):
        p = t_pvalue(t, df, alternative)
    p = jnp.where(jnp.isnan(t), t, p)
    df = jnp.where(jnp.isnan(t), t, df)
    t, p, df, est, se = _keep_all((t, p, df, est, se), keepdims, nd, axis)
    return TtestResult(t, p, df, _estimate=est, _standard_error=se, _alternative=alternative)


def ttest_1samp(
    a: ArrayLike,
    popmean: ArrayLike,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    alternative: str = "two-sided",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.ttest_1samp``: Student's t-test of ``mean(a) == popmean``.
    ``TtestResult(statistic, pvalue, df)``; ``confidence_interval()`` is the mean's."""
    check_alternative("ttest_1samp", alternative)
    x, mask = _common.prepare("ttest_1samp", a, axis, nan_policy)
    _common.warn_small("ttest_1samp", x.shape[-1], 2)
    pm = jnp.asarray(popmean, x.dtype)
    if axis is not None and pm.ndim and pm.ndim == jnp.ndim(a):
        pm = _common.to_last("ttest_1samp", pm, axis)[..., 0]
    n = _common.count(x, mask)
    m = _common.mean(x, mask)
    with onp.errstate(all="ignore"):
        se = jnp.sqrt(_common.var(x, mask, 1) / n)
        t = (m - pm) / se
    return _ttest_result(t, jnp.asarray(n) - 1.0, m, se, alternative, keepdims, jnp.ndim(a), axis)


def ttest_rel(
    a: ArrayLike,
    b: ArrayLike,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    alternative: str = "two-sided",
    *,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.ttest_rel``: the paired t-test (``ttest_1samp`` of ``a - b``)."""
    check_alternative("ttest_rel", alternative)
    x, y = _common.as_float(a, b)
    if axis is not None and x.ndim and y.ndim and x.shape[axis] != y.shape[axis]:
        raise ValueError("ttest_rel: unequal length arrays")
    return ttest_1samp(x - y, 0.0, axis, nan_policy, alternative, keepdims=keepdims)


def _two_samples(name: str, a: Any, b: Any, axis: Any, nan_policy: str) -> tuple[Any, ...]:
    x, y = _common.as_float(a, b)
    x, mx = _common.prepare(name, x, axis, nan_policy)
    y, my = _common.prepare(name, y, axis, nan_policy)
    lead = onp.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    x = jnp.broadcast_to(x, lead + x.shape[-1:])
    y = jnp.broadcast_to(y, lead + y.shape[-1:])
    mx = None if mx is None else jnp.broadcast_to(mx, x.shape)
    my = None if my is None else jnp.broadcast_to(my, y.shape)
    return x, mx, y, my


def ttest_ind(
    a: ArrayLike,
    b: ArrayLike,
    *,
    axis: int | None = 0,
    equal_var: bool = True,
    nan_policy: str = "propagate",
    alternative: str = "two-sided",
    trim: float = 0,
    method: Any = None,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.ttest_ind``: Student's (``equal_var=True``) or Welch's two-sample
    t-test; with ``trim``, Yuen's trimmed test (trimmed means, winsorized variances; with
    ``nan_policy='omit'`` eager only). ``method`` (resampling) is not supported."""
    check_alternative("ttest_ind", alternative)
    if not 0 <= trim < 0.5:
        raise ValueError("ttest_ind: Trimming percentage should be 0 <= `trim` < .5.")
    if method is not None:
        raise NotImplementedError("ttest_ind: method= (resampling p-values) is not supported")
    x, mx, y, my = _two_samples("ttest_ind", a, b, axis, nan_policy)
    _common.warn_small("ttest_ind", min(x.shape[-1], y.shape[-1]), 1)
    if trim != 0:
        return _yuen(x, mx, y, my, a, b, axis, equal_var, alternative, trim, keepdims)
    if min(x.shape[-1], y.shape[-1]) == 0:
        nan = jnp.full(x.shape[:-1], onp.nan, x.dtype)
        nd = max(jnp.ndim(a), jnp.ndim(b))
        return _ttest_result(nan, nan, nan, nan, alternative, keepdims, nd, axis)
    n1 = jnp.asarray(_common.count(x, mx), x.dtype)
    n2 = jnp.asarray(_common.count(y, my), x.dtype)
    v1, v2 = _common.var(x, mx, 1), _common.var(y, my, 1)
    d = _common.mean(x, mx) - _common.mean(y, my)
    with onp.errstate(all="ignore"):
        if equal_var:
            df = jnp.asarray(n1 + n2 - 2.0, x.dtype)
            # sums of squares, not (n - 1) * var: a one-element sample adds 0, not NaN
            ss1 = _common.central_moment(x, mx, 2) * n1
            ss2 = _common.central_moment(y, my, 2) * n2
            svar = (ss1 + ss2) / df
            se = jnp.sqrt(svar * (1.0 / n1 + 1.0 / n2))
        else:
            vn1, vn2 = v1 / n1, v2 / n2
            df = (vn1 + vn2) ** 2 / (vn1**2 / (n1 - 1) + vn2**2 / (n2 - 1))
            df = jnp.where(jnp.isnan(df), 1.0, df)  # SciPy's choice for 0/0
            se = jnp.sqrt(vn1 + vn2)
        t = d / se
    nd = max(jnp.ndim(a), jnp.ndim(b))
    return _ttest_result(t, df, d, se, alternative, keepdims, nd, axis)


def _trimmed_stats(x: Any, trim: float) -> tuple[Any, Any, int]:
    """Winsorized variance, trimmed mean and trimmed length of the last axis (sorted)."""
    n = x.shape[-1]
    g = int(n * trim)
    s = jnp.sort(x, axis=-1)
    if g:
        win = jnp.concatenate(
            [
                jnp.broadcast_to(s[..., g : g + 1], s.shape[:-1] + (g,)),
                s[..., g : n - g],
                jnp.broadcast_to(s[..., n - g - 1 : n - g], s.shape[:-1] + (g,)),
            ],
            axis=-1,
        )
    else:
        win = s
    with onp.errstate(all="ignore"):
        d = win - jnp.mean(win, axis=-1, keepdims=True)
        v = jnp.sum(d * d, axis=-1) / (n - (2 * g + 1))
        # a NaN sorts last and may be trimmed away: the slice's results are NaN regardless
        anynan = jnp.any(jnp.isnan(x), axis=-1)
        v = jnp.where(anynan, onp.nan, v)
        m = jnp.where(anynan, onp.nan, jnp.mean(s[..., g : n - g], axis=-1))
    return v, m, n - 2 * g


def _yuen(
    x: Any,
    mx: Any,
    y: Any,
    my: Any,
    a: Any,
    b: Any,
    axis: Any,
    equal_var: bool,
    alternative: str,
    trim: float,
    keepdims: bool,
) -> Any:
    nd = max(jnp.ndim(a), jnp.ndim(b))
    if mx is not None or my is not None:

        def one(u: Any, v: Any) -> tuple[Any, ...]:
            r = ttest_ind(u, v, equal_var=equal_var, alternative=alternative, trim=trim)
            return (r.statistic, r.df, r._estimate, r._standard_error)

        t, df, est, se = _common.omit_slices(one, [x, y], 4)
        return _ttest_result(t, df, est, se, alternative, keepdims, nd, axis)
    v1, m1, n1 = _trimmed_stats(x, trim)
    v2, m2, n2 = _trimmed_stats(y, trim)
    with onp.errstate(all="ignore"):
        if equal_var:
            df = jnp.asarray(n1 + n2 - 2.0, x.dtype)
            svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
            se = jnp.sqrt(svar * (1.0 / n1 + 1.0 / n2))
        else:
            vn1, vn2 = v1 / n1, v2 / n2
            df = (vn1 + vn2) ** 2 / (vn1**2 / (n1 - 1) + vn2**2 / (n2 - 1))
            df = jnp.where(jnp.isnan(df), 1.0, df)
            se = jnp.sqrt(vn1 + vn2)
        d = m1 - m2
        t = d / se
    return _ttest_result(t, df, d, se, alternative, keepdims, nd, axis)


# --------------------------------------------------------------------------- chi-square

_LAMBDAS = {
    "pearson": 1.0,
    "log-likelihood": 0.0,
    "freeman-tukey": -0.5,
    "mod-log-likelihood": -1.0,
    "neyman": -2.0,
    "cressie-read": 2.0 / 3.0,
}


def power_divergence(
    f_obs: ArrayLike,
    f_exp: ArrayLike | None = None,
    ddof: int = 0,
    axis: int | None = 0,
    lambda_: Any = None,
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.power_divergence``: Cressie-Read power divergence statistic
    (``lambda_`` a number or one of SciPy's names) and its chi-square p-value with
    ``k - 1 - ddof`` degrees of freedom."""
    return _power_divergence(
        "power_divergence", f_obs, f_exp, ddof, axis, lambda_, True, nan_policy, keepdims
    )


def chisquare(
    f_obs: ArrayLike,
    f_exp: ArrayLike | None = None,
    ddof: int = 0,
    axis: int | None = 0,
    *,
    sum_check: bool = True,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.chisquare``: Pearson's chi-square goodness-of-fit test. With
    ``sum_check``, observed and expected totals must agree to a relative 1e-8 (eagerly)."""
    return _power_divergence(
        "chisquare", f_obs, f_exp, ddof, axis, "pearson", sum_check, nan_policy, keepdims
    )


def _power_divergence(
    name: str,
    f_obs: Any,
    f_exp: Any,
    ddof: Any,
    axis: Any,
    lambda_: Any,
    sum_check: bool,
    nan_policy: str,
    keepdims: bool,
) -> Any:
    if lambda_ is None:
        lambda_ = "pearson"
    if isinstance(lambda_, str):
        if lambda_ not in _LAMBDAS:
            raise ValueError(
                f"{name}: invalid string for lambda_: {lambda_!r}. Valid strings are "
                f"{list(_LAMBDAS)}"
            )
        lam = _LAMBDAS[lambda_]
    else:
        lam = float(lambda_)
    arrays = _common.as_float(f_obs) if f_exp is None else _common.as_float(f_obs, f_exp)
    obs, mask = _common.prepare(name, arrays[0], axis, nan_policy)
    if f_exp is None:
        exp = jnp.broadcast_to(_common.mean(obs, mask, keepdims=True), obs.shape)
    else:
        e = arrays[1]
        exp = _common.to_last(name, e, axis) if e.ndim else e
        obs, exp = jnp.broadcast_arrays(obs, exp)
        if mask is not None:
            mask = jnp.broadcast_to(mask, obs.shape) & ~jnp.isnan(exp)
        if sum_check:
            o, ex = _common.concrete(obs), _common.concrete(exp)
            if o is not None and ex is not None:
                keep = onp.ones(o.shape, bool) if mask is None else _common.concrete(mask)
                so = onp.sum(onp.where(keep, o, 0), axis=-1)
                se = onp.sum(onp.where(keep, ex, 0), axis=-1)
                tol = float(onp.sqrt(onp.finfo(o.dtype).eps))
                with onp.errstate(all="ignore"):
                    rel = onp.abs(so - se) / onp.minimum(so, se)
                if onp.any(rel > tol):
                    raise ValueError(
                        f"{name}: For each axis slice, the sum of the observed frequencies "
                        "must agree with the sum of the expected frequencies to a relative "
                        f"tolerance of {tol:.3g}, but the percent differences are:\n{rel}"
                    )
    o, ex = _common.masked(obs, mask, 1.0), _common.masked(exp, mask, 1.0)
    with onp.errstate(all="ignore"):
        if lam == 1:
            terms = (o - ex) ** 2 / ex
        elif lam == 0:
            terms = 2.0 * convenience.xlogy(o, o / ex)
        elif lam == -1:
            terms = 2.0 * convenience.xlogy(ex, ex / o)
        else:
            terms = 2.0 / (lam * (lam + 1)) * o * ((o / ex) ** lam - 1)
        stat = jnp.sum(_common.masked(terms, mask), axis=-1)
        k = _common.count(obs, mask)
        dof = jnp.asarray(k - 1 - jnp.asarray(ddof), obs.dtype)
        p = gamma.chdtrc(dof, stat)
    nd = jnp.ndim(f_obs)
    return Power_divergenceResult(*_keep_all((stat, p), keepdims, nd, axis))


# --------------------------------------------------------------------------- ANOVA


def _samples(name: str, samples: Any, axis: Any, nan_policy: str) -> list[tuple[Any, Any]]:
    if len(samples) < 2:
        raise TypeError(f"{name}: at least two samples are required; got {len(samples)}.")
    arrays = _common.as_float(*samples)
    out = [_common.prepare(name, s, axis, nan_policy) for s in arrays]
    lead = onp.broadcast_shapes(*(x.shape[:-1] for x, _ in out))
    return [
        (
            jnp.broadcast_to(x, lead + x.shape[-1:]),
            None if m is None else jnp.broadcast_to(m, lead + x.shape[-1:]),
        )
        for x, m in out
    ]


def f_oneway(
    *samples: ArrayLike,
    axis: int | None = 0,
    equal_var: bool = True,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.f_oneway``: one-way ANOVA's F test (Welch's heteroscedastic F test for
    ``equal_var=False``)."""
    groups = _samples("f_oneway", samples, axis, nan_policy)
    k = len(groups)
    for x, _ in groups:
        _common.warn_small("f_oneway", x.shape[-1], 1)
    ns = [jnp.asarray(_common.count(x, m), x.dtype) for x, m in groups]
    means = [_common.mean(x, m) for x, m in groups]
    with onp.errstate(all="ignore"):
        if equal_var:
            big_n = sum(ns)
            grand = sum(n * mu for n, mu in zip(ns, means, strict=True)) / big_n
            ssb = sum(n * (mu - grand) ** 2 for n, mu in zip(ns, means, strict=True))
            ssw = sum(
                jnp.sum(_common.masked((x - mu[..., None]) ** 2, m), axis=-1)
                for (x, m), mu in zip(groups, means, strict=True)
            )
            dfb, dfw = k - 1.0, big_n - k
            f = (ssb / dfb) / (ssw / dfw)
            p = beta_family.fdtrc(jnp.asarray(dfb, f.dtype), dfw, f)
        else:
            vs = [_common.var(x, m, 1) for x, m in groups]
            w = [n / v for n, v in zip(ns, vs, strict=True)]
            sw = sum(w)
            mw = sum(wi * mu for wi, mu in zip(w, means, strict=True)) / sw
            a_ = sum(wi * (mu - mw) ** 2 for wi, mu in zip(w, means, strict=True)) / (k - 1)
            tmp = sum((1 - wi / sw) ** 2 / (n - 1) for wi, n in zip(w, ns, strict=True))
            b_ = 1 + 2 * (k - 2) / (k * k - 1) * tmp
            f = a_ / b_
            df2 = (k * k - 1) / (3 * tmp)
            p = beta_family.fdtrc(jnp.asarray(k - 1.0, f.dtype), df2, f)
    nd = max(jnp.ndim(s) for s in samples)
    return F_onewayResult(*_keep_all((f, p), keepdims, nd, axis))


# --------------------------------------------------------------------------- rank tests


def _tie_term(pooled: Any) -> Any:
    """``sum(t**3 - t)`` over the tie groups of the last axis."""
    s = jnp.sort(pooled, axis=-1)
    start, end, _ = descriptive._runs(s)
    c = (end - start + 1).astype(pooled.dtype)
    return jnp.sum(c * c - 1, axis=-1)  # each element of a group of t adds t**2 - 1


def _omit_rank_test(fn: Any, groups: Any, n_out: int) -> Any:
    return _common.omit_slices(lambda *xs: tuple(fn(*xs)), [x for x, _ in groups], n_out)


def kruskal(
    *samples: ArrayLike,
    nan_policy: str = "propagate",
    axis: int | None = 0,
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.kruskal``: the Kruskal-Wallis H test (tie-corrected) and its chi-square
    p-value with ``k - 1`` degrees of freedom. ``nan_policy='omit'`` is eager only."""
    groups = _samples("kruskal", samples, axis, nan_policy)
    nd = max(jnp.ndim(s) for s in samples)
    if any(m is not None for _, m in groups):
        res = _omit_rank_test(lambda *xs: kruskal(*xs), groups, 2)
        return KruskalResult(*_keep_all(res, keepdims, nd, axis))
    for x, _ in groups:
        _common.warn_small("kruskal", x.shape[-1], 1)
    if min(x.shape[-1] for x, _ in groups) == 0:
        nan = jnp.full(groups[0][0].shape[:-1], onp.nan, groups[0][0].dtype)
        return KruskalResult(*_keep_all((nan, nan), keepdims, nd, axis))
    sizes = [x.shape[-1] for x, _ in groups]
    pooled = jnp.concatenate([x for x, _ in groups], axis=-1)
    n = pooled.shape[-1]
    ranks = descriptive.rankdata(pooled, axis=-1)
    bounds = onp.cumsum([0, *sizes])
    with onp.errstate(all="ignore"):
        ssbn = sum(
            jnp.sum(ranks[..., lo:hi], axis=-1) ** 2 / (hi - lo)
            for lo, hi in itertools.pairwise(bounds)
        )
        h = 12.0 / (n * (n + 1)) * ssbn - 3 * (n + 1)
        h = h / (1 - _tie_term(pooled) / (n**3 - n))
        p = gamma.chdtrc(jnp.asarray(len(groups) - 1.0, h.dtype), h)
    h = h.astype(pooled.dtype)
    return KruskalResult(*_keep_all((h, p.astype(pooled.dtype)), keepdims, nd, axis))


@functools.lru_cache(maxsize=64)
def _mwu_sf_table(n1: int, n2: int) -> onp.ndarray:
    """P(U >= u), u = 0..n1*n2, of the Mann-Whitney U statistic under the null (no ties):
    ``p[m][n](u) = m/(m+n) p[m-1][n](u-n) + n/(m+n) p[m][n-1](u)`` (the largest value
    comes from the first sample or not)."""
    size = n1 * n2 + 1
    prev = [onp.eye(1, size)[0] for _ in range(n2 + 1)]  # m = 0: U = 0
    for m in range(1, n1 + 1):
        cur = [onp.eye(1, size)[0]]  # n = 0: U = 0
        for n in range(1, n2 + 1):
            shifted = onp.concatenate([onp.zeros(n), prev[n][: size - n]])
            cur.append(m / (m + n) * shifted + n / (m + n) * cur[n - 1])
        prev = cur
    pmf = prev[n2]
    return onp.cumsum(pmf[::-1])[::-1]


def mannwhitneyu(
    x: ArrayLike,
    y: ArrayLike,
    use_continuity: bool = True,
    alternative: str = "two-sided",
    axis: int | None = 0,
    method: str = "auto",
    *,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.mannwhitneyu``: the Mann-Whitney U test; ``statistic`` is ``U`` of
    ``x``. ``method='exact'`` uses the exact null distribution (no ties), ``'asymptotic'``
    the tie-corrected normal approximation; ``'auto'`` picks exact when a sample has at
    most 8 elements and there are no ties (per slice, with ``where``). Permutation
    methods are not supported; ``nan_policy='omit'`` is eager only."""
    check_alternative("mannwhitneyu", alternative)
    if method not in ("auto", "asymptotic", "exact"):
        raise ValueError("mannwhitneyu: `method` must be one of 'auto', 'asymptotic', 'exact'.")
    if use_continuity not in (True, False):
        raise ValueError("mannwhitneyu: `use_continuity` must be one of True, False.")
    xs, mx, ys, my = _two_samples("mannwhitneyu", x, y, axis, nan_policy)
    nd = max(jnp.ndim(x), jnp.ndim(y))
    if mx is not None or my is not None:
        res = _common.omit_slices(
            lambda a, b: tuple(mannwhitneyu(a, b, use_continuity, alternative, 0, method)),
            [xs, ys],
            2,
        )
        return MannwhitneyuResult(*_keep_all(res, keepdims, nd, axis))
    n1, n2 = xs.shape[-1], ys.shape[-1]
    _common.warn_small("mannwhitneyu", min(n1, n2), 1)
    if min(n1, n2) == 0:
        nan = jnp.full(xs.shape[:-1], onp.nan, xs.dtype)
        return MannwhitneyuResult(*_keep_all((nan, nan), keepdims, nd, axis))
    pooled = jnp.concatenate([xs, ys], axis=-1)
    ranks = descriptive.rankdata(pooled, axis=-1)
    r1 = jnp.sum(ranks[..., :n1], axis=-1)
    u1 = r1 - n1 * (n1 + 1) / 2
    u2 = n1 * n2 - u1
    if alternative == "greater":
        u, f = u1, 1
    elif alternative == "less":
        u, f = u2, 1
    else:
        u, f = jnp.maximum(u1, u2), 2
    n = n1 + n2
    tie = _tie_term(pooled)
    with onp.errstate(all="ignore"):
        s = jnp.sqrt(n1 * n2 / 12 * ((n + 1) - tie / (n * (n - 1))))
        z = (u - n1 * n2 / 2 - (0.5 if use_continuity else 0.0)) / s
        p = z_pvalue(z, "greater")
    if method != "asymptotic" and n1 > 0 and n2 > 0:
        exact = jnp.take(
            jnp.asarray(_mwu_sf_table(n1, n2), xs.dtype),
            jnp.clip(u.astype(onp.int64), 0, n1 * n2),
        )
        if method == "exact":
            p = exact
        elif n1 <= 8 or n2 <= 8:
            p = jnp.where(jnp.any(tie > 0), p, exact)
    p = jnp.clip(p * f, 0.0, 1.0)
    anynan = jnp.any(jnp.isnan(pooled), axis=-1)
    u1, p = jnp.where(anynan, onp.nan, u1), jnp.where(anynan, onp.nan, p)
    return MannwhitneyuResult(
        *_keep_all((u1.astype(xs.dtype), p.astype(xs.dtype)), keepdims, nd, axis)
    )


@functools.lru_cache(maxsize=64)
def _signrank_pmf(n: int) -> onp.ndarray:
    """P(T+ = k), k = 0..n(n+1)/2, of Wilcoxon's signed-rank statistic under the null: the
    coefficients of prod_i (1 + q**i) / 2**n."""
    pmf = onp.ones(1)
    for i in range(1, n + 1):
        new = onp.zeros(pmf.size + i)
        new[: pmf.size] += pmf / 2
        new[i:] += pmf / 2
        pmf = new
    return pmf


def _signrank_exact(count: Any, r_plus: Any, n: int, alternative: str, dtype: Any) -> Any:
    """Exact p-values for slices with ``count`` (<= n) nonzero differences."""
    size = n * (n + 1) // 2 + 1
    cdf = onp.zeros((n + 1, size + 1))  # cdf[c][k] = P(T <= k - 1)
    for c in range(n + 1):
        pmf = _signrank_pmf(c)
        cdf[c, 1 : pmf.size + 1] = onp.cumsum(pmf)
        cdf[c, pmf.size + 1 :] = 1.0
        # the upper tail, summed from the top for accuracy
    sf = onp.zeros((n + 1, size + 1))  # sf[c][k] = P(T >= k)
    for c in range(n + 1):
        pmf = _signrank_pmf(c)
        sf[c, : pmf.size] = onp.cumsum(pmf[::-1])[::-1]
    cdf_t, sf_t = jnp.asarray(cdf, dtype), jnp.asarray(sf, dtype)
    c = count.astype(onp.int64)
    lo = jnp.clip(jnp.ceil(r_plus).astype(onp.int64) + 1, 0, size)
    hi = jnp.clip(jnp.floor(r_plus).astype(onp.int64), 0, size)
    at_most = cdf_t[c, lo]
    at_least = sf_t[c, hi]
    if alternative == "less":
        return at_most
    if alternative == "greater":
        return at_least
    return jnp.clip(2 * jnp.minimum(at_least, at_most), 0.0, 1.0)


def _signrank_stats(d: Any, zero_method: str) -> tuple[Any, ...]:
    zeros = d == 0
    if zero_method == "wilcox":
        d = jnp.where(zeros, jnp.nan, d)
    isnan = jnp.isnan(d)
    count = jnp.sum(~isnan, axis=-1).astype(d.dtype)
    absd = jnp.abs(d)
    # rank |d| among the non-NaN values (NaNs sort last and take the top ranks)
    r = descriptive.rankdata(jnp.where(isnan, jnp.inf, absd), axis=-1).astype(d.dtype)
    r_plus = jnp.sum(jnp.where(d > 0, r, 0), axis=-1)
    r_minus = jnp.sum(jnp.where(d < 0, r, 0), axis=-1)
    if zero_method == "zsplit":
        half = jnp.sum(jnp.where(zeros, r, 0), axis=-1) / 2
        r_plus, r_minus = r_plus + half, r_minus + half
    mn = count * (count + 1.0) * 0.25
    se = count * (count + 1.0) * (2.0 * count + 1.0)
    vals = jnp.where(isnan, jnp.inf, absd)
    if zero_method == "pratt":
        nz = jnp.sum(zeros, axis=-1).astype(d.dtype)
        mn = mn - nz * (nz + 1.0) * 0.25
        se = se - nz * (nz + 1.0) * (2.0 * nz + 1.0)
        # the zeros' tie group is left out of the tie correction
        vals = jnp.where(zeros, jnp.nan, vals)
    s = jnp.sort(vals, axis=-1)
    start, end, _ = descriptive._runs(s)
    t = (end - start + 1).astype(d.dtype)
    finite = jnp.isfinite(s)
    tie = jnp.sum(jnp.where(finite, t * t - 1, 0), axis=-1)
    has_ties = jnp.any(finite & (t > 1), axis=-1)
    with onp.errstate(all="ignore"):
        se = jnp.sqrt((se - tie / 2) / 24)
    return r_plus, r_minus, mn, se, count, has_ties


def _signrank_permutation(d: Any, zero_method: str, r_plus: Any, alternative: str) -> Any:
    """SciPy's choice for small samples with ties or zeros: the exact sign-flip
    permutation distribution of ``r_plus`` (all ``2**n`` flips)."""
    n = d.shape[-1]
    signs = onp.array(list(itertools.product([1.0, -1.0], repeat=n)))  # (2**n, n)
    flipped = d[..., None, :] * jnp.asarray(signs, d.dtype)
    null = _signrank_stats(flipped, zero_method)[0]
    obs = r_plus[..., None]
    gam = jnp.abs(float(onp.finfo(d.dtype).eps) * 100 * obs)
    greater = jnp.mean(null >= obs - gam, axis=-1)
    less = jnp.mean(null <= obs + gam, axis=-1)
    if alternative == "greater":
        return greater
    if alternative == "less":
        return less
    return jnp.clip(2 * jnp.minimum(greater, less), 0.0, 1.0)


def wilcoxon(
    x: ArrayLike,
    y: ArrayLike | None = None,
    zero_method: str = "wilcox",
    correction: bool = False,
    alternative: str = "two-sided",
    method: str = "auto",
    *,
    axis: int | None = 0,
    nan_policy: str = "propagate",
    keepdims: bool = False,
) -> Any:
    """``scipy.stats.wilcoxon``: Wilcoxon's signed-rank test of ``x`` (or ``x - y``).
    ``method='auto'`` as SciPy: exact without ties or zeros (up to 50 differences), else
    the exact sign-flip permutation distribution up to 13, else the normal approximation
    (per slice under ``jit``). The statistic is ``min(r_plus, r_minus)`` for two-sided,
    ``r_plus`` otherwise; ``method='asymptotic'`` also sets ``zstatistic``.
    ``nan_policy='omit'`` is eager only."""
    check_alternative("wilcoxon", alternative)
    if zero_method not in ("wilcox", "pratt", "zsplit"):
        raise ValueError("wilcoxon: `zero_method` must be one of {'wilcox', 'pratt', 'zsplit'}.")
    if method not in ("auto", "asymptotic", "exact"):
        raise ValueError("wilcoxon: `method` must be one of {'auto', 'asymptotic', 'exact'}.")
    if correction not in (True, False):
        raise ValueError("wilcoxon: `correction` must be one of {True, False}.")
    if y is None:
        d = _common.as_float(x)[0]
    else:
        a, b = _common.as_float(x, y)
        if axis is not None and a.ndim and b.ndim and a.shape[axis] != b.shape[axis]:
            raise ValueError("wilcoxon: `x` and `y` must have the same length along `axis`.")
        d = a - b
    nd = d.ndim
    dd, mask = _common.prepare("wilcoxon", d, axis, nan_policy)
    if mask is not None:
        fields = ("statistic", "pvalue") + (("zstatistic",) if method == "asymptotic" else ())

        def one(v: Any) -> tuple[Any, ...]:
            r = wilcoxon(v, None, zero_method, correction, alternative, method)
            return tuple(getattr(r, f) for f in fields)

        res = _common.omit_slices(one, [dd], len(fields))
        cls = _WilcoxonZResult if method == "asymptotic" else WilcoxonResult
        return cls(*_keep_all(res, keepdims, nd, axis))
    n = dd.shape[-1]
    if n == 0:
        nan = jnp.full(dd.shape[:-1], onp.nan, dd.dtype)
        res = WilcoxonResult(*_keep_all((nan, nan), keepdims, nd, axis))
        return res
    r_plus, r_minus, mn, se, count, has_ties = _signrank_stats(dd, zero_method)
    with onp.errstate(all="ignore"):
        z = (r_plus - mn) / se
        if correction:
            sign = 1 if alternative == "greater" else -1 if alternative == "less" else jnp.sign(z)
            z = z - sign * 0.5 / se
        p = z_pvalue(z, alternative)
    zeros = jnp.any(dd == 0, axis=-1)
    if method == "exact" or (method == "auto" and n <= 50):
        exact = _signrank_exact(count, r_plus, n, alternative, dd.dtype)
        if method == "exact":
            p = exact
        else:
            # SciPy decides once for the whole array
            clean = ~(jnp.any(has_ties) | jnp.any(zeros))
            fallback = p
            if n <= 13:
                fallback = _signrank_permutation(dd, zero_method, r_plus, alternative)
            p = jnp.where(clean, exact, fallback)
    stat = jnp.minimum(r_plus, r_minus) if alternative == "two-sided" else r_plus
    anynan = jnp.any(jnp.isnan(dd), axis=-1)
    stat, p = jnp.where(anynan, onp.nan, stat), jnp.where(anynan, onp.nan, p)
    stat, p = _keep_all((stat, p.astype(dd.dtype)), keepdims, nd, axis)
    if method == "asymptotic":
        zs = -jnp.abs(z) if alternative == "two-sided" else z
        zs = jnp.where(anynan, onp.nan, zs)
        return _WilcoxonZResult(stat, p, _common.keep(zs, keepdims, nd, axis))
    return WilcoxonResult(stat, p)


_WilcoxonZResult = _common.result_class("WilcoxonResult", ("statistic", "pvalue"), ("zstatistic",))
