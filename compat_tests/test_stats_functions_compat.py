"""xnp.scipy.stats' statistical functions against scipy.stats: each row of a table calls one
function the same way in both libraries, over several shapes and axes, with and without
NaNs (every nan_policy), in float64 and float32; a handful of jit, vmap and grad checks
(grad against central differences), SciPy's errors, and the small-sample NaNs."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as onp
import pytest
import scipy.stats as ss

import xnp
import xnp.scipy.stats as xst

_RNG = onp.random.default_rng(1234)
_X = _RNG.normal(size=(4, 9))
_XN = _X.copy()
_XN[1, 3] = onp.nan
_Y = _X + _RNG.normal(size=(4, 9)) + 0.25
_Z = _RNG.normal(size=(4, 7)) - 0.3
_P = onp.abs(_X) + 0.1  # positive data, for the means and entropies
_PN = onp.abs(_XN) + 0.1
_INT = onp.round(_X * 2)  # ties
_INTN = onp.round(_XN * 2)


def _quiet(fn: Callable[[], Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with onp.errstate(all="ignore"):
            return fn()


def _flatten(res: Any) -> list[Any]:
    if isinstance(res, tuple):
        out = []
        for r in res:
            out.extend(_flatten(r))
        return out
    return [res]


def _assert_close(got: Any, want: Any, rtol: float, atol: float, what: str) -> None:
    g, w = _flatten(got), _flatten(want)
    assert len(g) == len(w), (what, len(g), len(w))
    for i, (a, b) in enumerate(zip(g, w, strict=True)):
        a = onp.asarray(a)
        b = onp.asarray(b, dtype=onp.float64) if onp.ndim(b) or not isinstance(b, int) else b
        assert a.shape == onp.shape(b), (what, i, a.shape, onp.shape(b))
        onp.testing.assert_allclose(
            a.astype(onp.float64), onp.asarray(b, onp.float64), rtol=rtol, atol=atol,
            err_msg=f"{what} [output {i}]",
        )  # fmt: skip


# (id, call(module, x, axis, nan_policy), data, axes). ``data`` is the clean array; the NaN
# version is used for the nan_policy rows.
_ONE = [
    ("skew", lambda m, x, a, p: m.skew(x, axis=a, nan_policy=p), "x"),
    ("skew_unbiased", lambda m, x, a, p: m.skew(x, axis=a, bias=False, nan_policy=p), "x"),
    ("kurtosis", lambda m, x, a, p: m.kurtosis(x, axis=a, nan_policy=p), "x"),
    ("kurtosis_pearson_unbiased",
     lambda m, x, a, p: m.kurtosis(x, axis=a, fisher=False, bias=False, nan_policy=p), "x"),
    ("moment3", lambda m, x, a, p: m.moment(x, 3, axis=a, nan_policy=p), "x"),
    ("moments", lambda m, x, a, p: m.moment(x, [0, 1, 2, 4], axis=a, nan_policy=p), "x"),
    ("moment_center", lambda m, x, a, p: m.moment(x, 2, axis=a, nan_policy=p, center=0.5), "x"),
    ("sem", lambda m, x, a, p: m.sem(x, axis=a, nan_policy=p), "x"),
    ("sem_ddof0_keepdims", lambda m, x, a, p: m.sem(x, axis=a, ddof=0, nan_policy=p,
                                                    keepdims=True), "x"),
    ("variation", lambda m, x, a, p: m.variation(x, axis=a, nan_policy=p, ddof=1), "p"),
    ("zscore", lambda m, x, a, p: m.zscore(x, axis=a, nan_policy=p), "x"),
    ("zscore_ddof1", lambda m, x, a, p: m.zscore(x, axis=a, ddof=1, nan_policy=p), "x"),
    ("gmean", lambda m, x, a, p: m.gmean(x, axis=a, nan_policy=p), "p"),
    ("hmean", lambda m, x, a, p: m.hmean(x, axis=a, nan_policy=p), "p"),
    ("pmean", lambda m, x, a, p: m.pmean(x, 2.5, axis=a, nan_policy=p), "p"),
    ("pmean_neg", lambda m, x, a, p: m.pmean(x, -1.5, axis=a, nan_policy=p), "p"),
    ("tmean", lambda m, x, a, p: m.tmean(x, (-1, 1), axis=a, nan_policy=p), "x"),
    ("tvar", lambda m, x, a, p: m.tvar(x, (-1.5, 1), axis=a, nan_policy=p), "x"),
    ("tstd", lambda m, x, a, p: m.tstd(x, (-1, 1.5), (False, True), axis=a, nan_policy=p), "x"),
    ("tsem", lambda m, x, a, p: m.tsem(x, (-1, 2), axis=a, nan_policy=p), "x"),
    ("tmin", lambda m, x, a, p: m.tmin(x, -0.5, axis=a, nan_policy=p), "x"),
    ("tmax", lambda m, x, a, p: m.tmax(x, 0.5, axis=a, inclusive=False, nan_policy=p), "x"),
    ("iqr", lambda m, x, a, p: m.iqr(x, axis=a, nan_policy=p), "x"),
    ("iqr_normal", lambda m, x, a, p: m.iqr(x, axis=a, rng=(10, 80), scale="normal",
                                            nan_policy=p, interpolation="midpoint"), "x"),
    ("mad", lambda m, x, a, p: m.median_abs_deviation(x, axis=a, nan_policy=p), "x"),
    ("mad_normal", lambda m, x, a, p: m.median_abs_deviation(x, axis=a, scale="normal",
                                                             nan_policy=p), "x"),
    ("entropy", lambda m, x, a, p: m.entropy(x, axis=0 if a is None else a, nan_policy=p), "p"),
    ("kl_base2", lambda m, x, a, p: m.entropy(x, x[::-1], base=2, axis=0 if a is None else a,
                                              nan_policy=p), "p"),
    *[(f"rankdata_{meth}", (lambda mm: lambda m, x, a, p: m.rankdata(
        x, mm, axis=a, nan_policy=p))(meth), "int")
      for meth in ["average", "min", "max", "dense", "ordinal"]],
    ("mode", lambda m, x, a, p: m.mode(x, axis=a, nan_policy=p), "int"),
    ("mode_keepdims", lambda m, x, a, p: m.mode(x, axis=a, nan_policy=p, keepdims=True), "int"),
]  # fmt: skip
_DATA = {"x": (_X, _XN), "p": (_P, _PN), "int": (_INT, _INTN)}
_AXES = [0, 1, -1, None]


@pytest.mark.parametrize("name,call,data", _ONE, ids=[c[0] for c in _ONE])
def test_one_sample_float64(name: str, call: Any, data: str) -> None:
    clean, with_nan = _DATA[data]
    for axis in _AXES:
        for x, policies in ((clean, ["propagate"]), (with_nan, ["propagate", "omit"])):
            for policy in policies:
                want = _quiet(lambda: call(ss, x, axis, policy))  # noqa: B023
                got = _quiet(lambda: call(xst, x, axis, policy))  # noqa: B023
                _assert_close(got, want, 1e-10, 1e-13, f"{name} axis={axis} {policy}")


@pytest.mark.parametrize("name,call,data", _ONE[:26], ids=[c[0] for c in _ONE[:26]])
def test_one_sample_float32(name: str, call: Any, data: str) -> None:
    x = _DATA[data][0].astype(onp.float32)
    got = _quiet(lambda: call(xst, x, 1, "propagate"))
    want = _quiet(lambda: call(ss, x, 1, "propagate"))
    for g in _flatten(got):
        assert onp.asarray(g).dtype == onp.float32, (name, onp.asarray(g).dtype)
    _assert_close(got, want, 2e-5, 2e-6, name)


def test_describe() -> None:
    for axis in _AXES:
        for kw in ({}, {"ddof": 0, "bias": False}):
            got = xst.describe(_X, axis=axis, **kw)
            _assert_close(got, ss.describe(_X, axis=axis, **kw), 1e-12, 1e-14, "describe")
    got = xst.describe(_XN, axis=1, nan_policy="omit")
    want = _quiet(lambda: ss.describe(_XN, axis=1, nan_policy="omit"))
    _assert_close(got, tuple(want), 1e-12, 1e-14, "describe omit")
    with pytest.raises(ValueError):
        xst.describe([])


@pytest.mark.parametrize("method", ["vasicek", "van es", "ebrahimi", "correa", "auto"])
def test_differential_entropy(method: str) -> None:
    x = _RNG.normal(size=(3, 30))
    for axis, data in ((1, x), (0, x.T)):
        got = xst.differential_entropy(data, axis=axis, method=method)
        want = ss.differential_entropy(data, axis=axis, method=method)
        _assert_close(got, want, 1e-11, 1e-13, method)
    got = xst.differential_entropy(x[0, :8], method=method, base=2)
    _assert_close(got, ss.differential_entropy(x[0, :8], method=method, base=2), 1e-11, 0, "")
    with pytest.raises(ValueError, match="Window length"):
        xst.differential_entropy(x[0, :3], method=method)


def test_rankdata_integers_and_2d() -> None:
    a = onp.array([[3, 1, 4, 1], [5, 9, 2, 6]])
    for method in ["average", "min", "max", "dense", "ordinal"]:
        for axis in [None, 0, 1]:
            got = xst.rankdata(a, method, axis=axis)
            want = ss.rankdata(a, method, axis=axis)
            assert onp.asarray(got).dtype == want.dtype, (method, onp.asarray(got).dtype)
            onp.testing.assert_array_equal(onp.asarray(got), want)
    with pytest.raises(ValueError, match="unknown method"):
        xst.rankdata(a, "mean")


# two-sample and paired rows: call(module, x, y, nan_policy), along axis 1
_TWO = [
    ("pearsonr", lambda m, x, y, p: m.pearsonr(x, y, axis=1)),
    ("pearsonr_less", lambda m, x, y, p: m.pearsonr(x, y, axis=1, alternative="less")),
    ("pearsonr_ci", lambda m, x, y, p: m.pearsonr(x[0], y[0], alternative="greater")
     .confidence_interval(0.9)),
    ("pointbiserialr", lambda m, x, y, p: m.pointbiserialr((x > 0) * 1.0, y, axis=1,
                                                          nan_policy=p)),
    ("spearmanr", lambda m, x, y, p: m.spearmanr(x[0], y[0], nan_policy=p)),
    ("spearmanr_matrix", lambda m, x, y, p: m.spearmanr(x, axis=1, nan_policy=p)),
    ("spearmanr_two_matrices", lambda m, x, y, p: m.spearmanr(x.T, y.T, alternative="less",
                                                             nan_policy=p)),
    ("kendalltau", lambda m, x, y, p: m.kendalltau(x, y, axis=1, nan_policy=p)),
    ("kendalltau_ties_c", lambda m, x, y, p: m.kendalltau(
        onp.round(x), onp.round(y), axis=1, variant="c", nan_policy=p)),
    ("kendalltau_asymp_greater", lambda m, x, y, p: m.kendalltau(
        x, y, axis=1, method="asymptotic", alternative="greater", nan_policy=p)),
    ("linregress", lambda m, x, y, p: m.linregress(x, y, axis=1, nan_policy=p)),
    ("linregress_se", lambda m, x, y, p: m.linregress(x[0], y[0]).intercept_stderr),
    ("theilslopes", lambda m, x, y, p: m.theilslopes(y[0], x[0], nan_policy=p)),
    ("theilslopes_joint", lambda m, x, y, p: m.theilslopes(onp.round(y[0]), alpha=0.9,
                                                          method="joint", nan_policy=p)),
    ("ttest_1samp", lambda m, x, y, p: m.ttest_1samp(x, 0.3, axis=1, nan_policy=p)),
    ("ttest_1samp_df_ci", lambda m, x, y, p: (lambda r: (r.df, r.confidence_interval(0.8)))(
        m.ttest_1samp(x, 0.3, axis=1, nan_policy=p, alternative="less"))),
    ("ttest_rel", lambda m, x, y, p: m.ttest_rel(x, y, axis=1, nan_policy=p)),
    ("ttest_ind", lambda m, x, y, p: m.ttest_ind(x, y[:, :7], axis=1, nan_policy=p)),
    ("ttest_ind_welch", lambda m, x, y, p: (lambda r: (r.statistic, r.pvalue, r.df,
                                                       r.confidence_interval()))(
        m.ttest_ind(x, y[:, :6] * 3, axis=1, equal_var=False, alternative="greater",
                    nan_policy=p))),
    ("ttest_ind_yuen", lambda m, x, y, p: (lambda r: (r.statistic, r.pvalue, r.df,
                                                      r.confidence_interval()))(
        m.ttest_ind(x, y[:, :7], axis=1, trim=0.2, nan_policy=p))),
    ("ttest_ind_yuen_welch", lambda m, x, y, p: m.ttest_ind(
        x, y, axis=1, trim=0.15, equal_var=False, alternative="less", nan_policy=p)),
    ("f_oneway", lambda m, x, y, p: m.f_oneway(x, y, y[:, :5] * 2, axis=1, nan_policy=p)),
    ("f_oneway_welch", lambda m, x, y, p: m.f_oneway(x, y, y[:, :5] * 2, axis=1,
                                                    equal_var=False, nan_policy=p)),
    ("kruskal", lambda m, x, y, p: m.kruskal(onp.round(x), onp.round(y[:, :6]), axis=1,
                                             nan_policy=p)),
    ("mannwhitneyu", lambda m, x, y, p: m.mannwhitneyu(x, y[:, :6], axis=1, nan_policy=p)),
    ("mannwhitneyu_asymp_less", lambda m, x, y, p: m.mannwhitneyu(
        x, y, False, "less", axis=1, method="asymptotic", nan_policy=p)),
    ("mannwhitneyu_ties", lambda m, x, y, p: m.mannwhitneyu(
        onp.round(x), onp.round(y[:, :5]), axis=1, nan_policy=p)),
    ("mannwhitneyu_exact", lambda m, x, y, p: m.mannwhitneyu(
        x, y[:, :8], alternative="greater", axis=1, method="exact", nan_policy=p)),
    ("wilcoxon", lambda m, x, y, p: m.wilcoxon(x, y, axis=1, nan_policy=p)),
    ("wilcoxon_ties_zeros", lambda m, x, y, p: m.wilcoxon(
        onp.round(x * 2), axis=1, alternative="less", nan_policy=p)),
    ("wilcoxon_pratt_asymp", lambda m, x, y, p: (lambda r: (r.statistic, r.pvalue,
                                                            r.zstatistic))(m.wilcoxon(
        onp.round(x * 2), zero_method="pratt", correction=True, method="asymptotic",
        axis=1, nan_policy=p))),
    ("wilcoxon_zsplit", lambda m, x, y, p: m.wilcoxon(
        onp.round(x * 2), zero_method="zsplit", alternative="greater", axis=1, nan_policy=p)),
    ("wilcoxon_exact", lambda m, x, y, p: m.wilcoxon(
        x, y, method="exact", axis=1, nan_policy=p)),
    ("ks_1samp", lambda m, x, y, p: m.ks_1samp(x, m.norm.cdf, axis=1,
                                               nan_policy=p)),
    ("ks_1samp_args_greater", lambda m, x, y, p: m.ks_1samp(
        y, m.norm.cdf, (0.2, 1.5), "greater", axis=1, nan_policy=p)),
    ("ks_1samp_asymp", lambda m, x, y, p: m.ks_1samp(
        x, m.norm.cdf, method="asymp", axis=1, nan_policy=p)),
    ("ks_2samp", lambda m, x, y, p: m.ks_2samp(x, y[:, :7], axis=1, nan_policy=p)),
    ("ks_2samp_less_ties", lambda m, x, y, p: m.ks_2samp(
        onp.round(x), onp.round(y), "less", axis=1, nan_policy=p)),
    ("ks_2samp_asymp", lambda m, x, y, p: m.ks_2samp(x, y, method="asymp", axis=1,
                                                     nan_policy=p)),
    ("kstest_name", lambda m, x, y, p: m.kstest(x[0], "norm")),
    ("kstest_two", lambda m, x, y, p: m.kstest(x[0], y[1])),
]  # fmt: skip
_NO_OMIT = ("pearsonr", "linregress_se", "kstest")


@pytest.mark.parametrize("name,call", _TWO, ids=[c[0] for c in _TWO])
def test_two_samples_float64(name: str, call: Any) -> None:
    cases = [(_X, "propagate"), (_XN, "propagate")]
    if not name.startswith(_NO_OMIT):
        cases.append((_XN, "omit"))
    for x, policy in cases:
        want = _quiet(lambda: call(ss, x, _Y, policy))  # noqa: B023
        got = _quiet(lambda: call(xst, x, _Y, policy))  # noqa: B023
        _assert_close(got, want, 1e-9, 1e-13, f"{name} {policy}")


@pytest.mark.parametrize(
    "name,call",
    [
        c
        for c in _TWO
        if c[0]
        in (
            "pearsonr",
            "pearsonr_ci",
            "ttest_ind",
            "ttest_rel",
            "f_oneway",
            "kendalltau",
            "linregress",
            "mannwhitneyu",
            "wilcoxon",
            "ks_1samp",
            "chisquare",
        )
    ],  # fmt: skip
)
def test_two_samples_float32(name: str, call: Any) -> None:
    x, y = _X.astype(onp.float32), _Y.astype(onp.float32)
    got = _quiet(lambda: call(xst, x, y, "propagate"))
    for g in _flatten(got):
        if onp.asarray(g).dtype != onp.int8:  # KstestResult.statistic_sign
            assert onp.asarray(g).dtype == onp.float32, (name, onp.asarray(g).dtype)
    _assert_close(got, _quiet(lambda: call(ss, x, y, "propagate")), 2e-4, 1e-5, name)


_LAMBDAS = [None, "log-likelihood", "freeman-tukey", "mod-log-likelihood", "neyman",
            "cressie-read", 0.7]  # fmt: skip


@pytest.mark.parametrize("lambda_", _LAMBDAS, ids=str)
def test_power_divergence(lambda_: Any) -> None:
    f = onp.array([[10, 20, 30, 40.0], [5, 5, 10, 20]])
    fe = onp.sqrt(f[:, ::-1])
    fe = fe / fe.sum(1, keepdims=True) * f.sum(1, keepdims=True)
    for kw in ({"axis": 1}, {"axis": 1, "ddof": 1}, {"axis": None}):
        got = xst.power_divergence(f, lambda_=lambda_, **kw)
        _assert_close(got, ss.power_divergence(f, lambda_=lambda_, **kw), 1e-11, 1e-14, "")
    got = xst.power_divergence(f.T, fe.T, lambda_=lambda_)
    _assert_close(got, ss.power_divergence(f.T, fe.T, lambda_=lambda_), 1e-11, 1e-14, "exp")
    _assert_close(xst.chisquare(f, axis=1), ss.chisquare(f, axis=1), 1e-11, 1e-14, "chi2")
    with pytest.raises(ValueError, match="sum of the observed"):
        xst.chisquare(f, f * 2, axis=1)


# --------------------------------------------------------------------------- gaussian_kde


@pytest.mark.parametrize("bw", [None, "silverman", 0.3, "callable"])
def test_gaussian_kde(bw: Any) -> None:
    bw_method = (lambda k: 0.5 * k.scotts_factor()) if bw == "callable" else bw
    weights = _RNG.uniform(size=40)
    for data, pts in ((_RNG.normal(size=40), _RNG.normal(size=7) * 2),
                      (_RNG.normal(size=(2, 40)), _RNG.normal(size=(2, 7)) * 2)):  # fmt: skip
        for w in (None, weights):
            got, want = xst.gaussian_kde(data, bw_method, w), ss.gaussian_kde(data, bw_method, w)
            _assert_close(got(pts), want(pts), 1e-12, 0, "evaluate")
            _assert_close(got.logpdf(pts * 10), want.logpdf(pts * 10), 1e-10, 0, "logpdf")
            _assert_close(got.covariance, want.covariance, 1e-12, 0, "covariance")
            _assert_close(got.factor, want.factor, 1e-12, 0, "factor")


def test_gaussian_kde_resample_jit_grad() -> None:
    data = _RNG.normal(size=(2, 30))
    kde = xst.gaussian_kde(data)
    s = onp.asarray(kde.resample(4000, key=xnp.random.key(0)))
    assert s.shape == (2, 4000)
    # the estimate's mean is the data's, its covariance the data's times (1 + factor**2)
    onp.testing.assert_allclose(s.mean(1), data.mean(1), atol=0.08)
    cov = onp.cov(data) * (1 + float(kde.factor) ** 2)
    onp.testing.assert_allclose(onp.cov(s), cov, atol=0.12)
    assert not onp.array_equal(s, onp.asarray(kde.resample(4000, key=xnp.random.key(1))))
    pts = _RNG.normal(size=(2, 5))
    jitted = xnp.jit(lambda d, p: xst.gaussian_kde(d).logpdf(p))(data, pts)
    _assert_close(jitted, ss.gaussian_kde(data).logpdf(pts), 1e-12, 0, "jit")
    g = onp.asarray(xnp.grad(lambda p: xst.gaussian_kde(data).logpdf(p).sum())(pts))
    _assert_close(g, _central(lambda p: ss.gaussian_kde(data).logpdf(p).sum(), pts), 1e-6, 1e-8,
                  "grad")  # fmt: skip


# --------------------------------------------------------------------------- transformations


def _central(f: Callable[[onp.ndarray], float], x: onp.ndarray, h: float = 1e-6) -> onp.ndarray:
    x = onp.asarray(x, onp.float64)
    g = onp.zeros_like(x)
    for idx in onp.ndindex(*x.shape):
        e = onp.zeros_like(x)
        e[idx] = h
        g[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def test_jit_matches_eager() -> None:
    """One compiled call evaluating many functions (shapes are static, so all of these
    work under jit), against the eager results."""

    def many(x: Any, y: Any) -> Any:
        return (
            xst.skew(x, axis=1), xst.kurtosis(x, axis=1, bias=False), xst.moment(x, 3, axis=1),
            xst.sem(x, axis=1), xst.zscore(x, axis=1), xst.gmean(abs(x) + 1, axis=1),
            xst.tvar(x, (-1, 1), axis=1), xst.iqr(x, axis=1),
            xst.median_abs_deviation(x, axis=1), xst.rankdata(x, axis=1),
            tuple(xst.mode(xnp.round(x), axis=1)), xst.skew(x, axis=1, nan_policy="omit"),
            xst.rankdata(x, "min", axis=1, nan_policy="omit"),
            tuple(xst.pearsonr(x, y, axis=1)), tuple(xst.spearmanr(x[0], y[0])),
            tuple(xst.kendalltau(x, y, axis=1)), tuple(xst.linregress(x, y, axis=1)),
            tuple(xst.ttest_ind(x, y, axis=1, nan_policy="omit")),
            tuple(xst.ttest_rel(x, y, axis=1)), tuple(xst.f_oneway(x, y, axis=1)),
            tuple(xst.kruskal(x, y, axis=1)), tuple(xst.mannwhitneyu(x, y, axis=1)),
            tuple(xst.wilcoxon(x, y, axis=1)), tuple(xst.chisquare(abs(x) + 1, axis=1)),
            tuple(xst.ks_1samp(x, xst.norm.cdf, axis=1, method="asymp")),
            xst.differential_entropy(x, axis=1),
        )  # fmt: skip

    eager = many(_XN, _Y)
    jitted = xnp.jit(many)(_XN, _Y)
    _assert_close(jitted, eager, 1e-12, 1e-14, "jit")


def test_vmap_matches_loop() -> None:
    fns = [
        lambda v: xst.skew(v),
        lambda v: xst.rankdata(v),
        lambda v: tuple(xst.ttest_1samp(v, 0.1)),
        lambda v: tuple(xst.pearsonr(v, v**2)),
        lambda v: tuple(xst.wilcoxon(v)),
        lambda v: tuple(xst.mode(xnp.round(v))),
    ]
    for fn in fns:
        got = xnp.vmap(fn)(_X)
        want = [fn(xnp.asarray(row)) for row in _X]
        for i, g in enumerate(_flatten(got)):
            w = onp.stack([onp.asarray(_flatten(r)[i]) for r in want])
            onp.testing.assert_allclose(onp.asarray(g), w, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "name,fn,ref",
    [
        ("skew", lambda v: xst.skew(v), lambda v: ss.skew(v)),
        ("kurtosis", lambda v: xst.kurtosis(v, bias=False), lambda v: ss.kurtosis(v, bias=False)),
        ("zscore", lambda v: xst.zscore(v)[2], lambda v: ss.zscore(v)[2]),
        ("variation", lambda v: xst.variation(abs(v) + 1), lambda v: ss.variation(abs(v) + 1)),
        ("gmean", lambda v: xst.gmean(abs(v) + 1), lambda v: ss.gmean(abs(v) + 1)),
        (
            "pearsonr",
            lambda v: xst.pearsonr(v, v**3 + v).statistic,
            lambda v: ss.pearsonr(v, v**3 + v).statistic,
        ),
        (
            "ttest_1samp",
            lambda v: xst.ttest_1samp(v, 0.2).pvalue,
            lambda v: ss.ttest_1samp(v, 0.2).pvalue,
        ),
        (
            "linregress",
            lambda v: xst.linregress(v, v**2).slope,
            lambda v: ss.linregress(v, v**2).slope,
        ),
    ],
    ids=lambda c: c if isinstance(c, str) else "",
)
def test_grad_central_differences(name: str, fn: Any, ref: Any) -> None:
    x = _X[0]
    g = onp.asarray(xnp.grad(fn)(xnp.asarray(x)))
    onp.testing.assert_allclose(g, _central(ref, x), rtol=1e-6, atol=1e-8, err_msg=name)


# --------------------------------------------------------------------------- edge cases


def test_small_samples_give_nan_and_warn() -> None:
    cases = [
        (lambda m: m.skew([]), 1),
        (lambda m: m.kurtosis(onp.ones((0, 3))), 1),
        (lambda m: m.sem([]), 1),
        (lambda m: m.ttest_1samp([1.0], 0.0), 1),
    ]
    for call, _ in cases:
        with pytest.warns(RuntimeWarning):
            got = call(xst)
        want = _quiet(lambda: call(ss))  # noqa: B023
        _assert_close(got, want, 0, 0, "small")
    with pytest.warns(xst.SmallSampleWarning):
        xst.skew([])


def test_constant_and_degenerate_inputs() -> None:
    c = onp.ones(6)
    for call in [
        lambda m: m.skew(c),
        lambda m: m.kurtosis(c),
        lambda m: m.zscore(c),
        lambda m: m.pearsonr(c, onp.arange(6.0)),
        lambda m: m.kendalltau(c, onp.arange(6.0)),
        lambda m: m.variation(onp.zeros(4)),
        lambda m: m.mode(onp.array([], float)),
        lambda m: m.pearsonr([1.0, 2.0], [3.0, 1.0]),
        lambda m: m.linregress([1.0, 2.0], [3.0, 1.0]),
        lambda m: m.ttest_ind([1.0], [2.0, 3.0]),
    ]:
        _assert_close(_quiet(lambda: call(xst)), _quiet(lambda: call(ss)), 1e-12, 1e-14, "deg")  # noqa: B023


def test_errors() -> None:
    with pytest.raises(ValueError, match="nan_policy"):
        xst.skew(_X, nan_policy="ignore")
    with pytest.raises(ValueError, match="contains nan"):
        xst.skew(_XN, axis=1, nan_policy="raise")
    with pytest.raises(ValueError, match="nan_policy='raise'"):
        xnp.jit(lambda v: xst.skew(v, nan_policy="raise"))(_X)
    with pytest.raises(onp.exceptions.AxisError):
        xst.skew(_X, axis=2)
    with pytest.raises(ValueError, match="alternative"):
        xst.ttest_1samp(_X, 0.0, alternative="bigger")
    with pytest.raises(ValueError, match="No array values within given limits"):
        xst.tmean(_X, (10, 20))
    with pytest.raises(ValueError, match="at least 2"):
        xst.pearsonr([1.0], [2.0])
    with pytest.raises(ValueError, match="identical"):
        xst.linregress([1.0, 1.0, 1.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="Ties found"):
        xst.kendalltau([1.0, 1.0, 2.0], [1.0, 2.0, 3.0], method="exact")
    with pytest.raises(NotImplementedError, match="concrete values"):
        xnp.jit(lambda v: xst.differential_entropy(v, nan_policy="omit"))(_RNG.normal(size=30))
    with pytest.raises(NotImplementedError):
        xnp.jit(lambda v: xst.ks_2samp(v, v + 1).pvalue)(_X[0])


# --------------------------------------------------------------------------- transforms


@pytest.mark.parametrize("lmb", [-1.5, 0.0, 0.3, 2.0])
def test_power_transforms_given_lambda(lmb: float) -> None:
    x = onp.exp(_X)
    _assert_close(xst.boxcox_llf(lmb, x, axis=1), ss.boxcox_llf(lmb, x, axis=1), 1e-12, 0, "")
    _assert_close(xst.boxcox_llf(lmb, x.T), ss.boxcox_llf(lmb, x.T), 1e-12, 0, "bc llf")
    _assert_close(xst.yeojohnson_llf(lmb, _X, axis=1), ss.yeojohnson_llf(lmb, _X, axis=1),
                  1e-12, 0, "yj llf")  # fmt: skip
    _assert_close(xst.boxcox(x[0], lmb), ss.boxcox(x[0], lmb), 1e-12, 1e-15, "boxcox")
    _assert_close(xst.yeojohnson(_X[0] * 3, lmb), ss.yeojohnson(_X[0] * 3, lmb), 1e-12, 1e-15,
                  "yeojohnson")  # fmt: skip
    jitted = xnp.jit(lambda v, lam: xst.boxcox_llf(lam, v, axis=1))(x, lmb)
    _assert_close(jitted, ss.boxcox_llf(lmb, x, axis=1), 1e-12, 0, "jit")


def test_power_transforms_mle() -> None:
    x = onp.exp(_RNG.normal(size=40) * 0.7 + 1)
    y, lam = xst.boxcox(x)
    y_want, lam_want = ss.boxcox(x)
    onp.testing.assert_allclose(lam, lam_want, rtol=1e-6)
    onp.testing.assert_allclose(onp.asarray(y), y_want, rtol=1e-6)
    v = _RNG.normal(size=40) * 2 + 1
    y, lam = xst.yeojohnson(v)
    onp.testing.assert_allclose(lam, ss.yeojohnson(v)[1], rtol=1e-6)
    with pytest.raises(ValueError, match="positive"):
        xst.boxcox([1.0, -1.0, 2.0])
    with pytest.raises(ValueError, match="constant"):
        xst.boxcox([2.0, 2.0])
    # the log-likelihood's derivative in lambda vanishes at the maximum
    dllf = xnp.grad(lambda lm: xst.boxcox_llf(lm, x))(lam_want)
    assert abs(float(dllf)) < 1e-4


# --------------------------------------------------------------------------- binned statistics

_STATS = ["mean", "std", "median", "count", "sum", "min", "max", "callable"]


@pytest.mark.parametrize("statistic", _STATS)
def test_binned_statistic(statistic: str) -> None:
    st = (lambda q: float(onp.ptp(onp.asarray(q))) if len(q) else 0.0) if statistic == "callable" \
        else statistic  # fmt: skip
    x, y, v = _X.ravel(), _Y.ravel(), _Y.ravel()[::-1] * 0.5 + _X.ravel()
    x = x.copy()
    x[3] = x.max()  # a second point on the last edge
    vals = onp.stack([v, v**2])
    for got, want in [
        (lambda m: m.binned_statistic(x, v, st, bins=7),) * 2,
        (lambda m: m.binned_statistic(x, vals, st, bins=[-2, -1, 0, 0.5, 2]),) * 2,
        (lambda m: m.binned_statistic(x, v, st, bins=5, range=(-1, 1)),) * 2,
        (lambda m: m.binned_statistic_2d(x, y, v, st, bins=[3, 4]),) * 2,
        (lambda m: m.binned_statistic_2d(x, y, v, st, bins=3, expand_binnumbers=True),) * 2,
        (lambda m: m.binned_statistic_dd(onp.stack([x, y, v], 1), v, st, bins=2),) * 2,
    ]:
        _assert_close(_quiet(lambda: got(xst)), _quiet(lambda: want(ss)), 1e-12, 1e-14,  # noqa: B023
                      statistic)  # fmt: skip


def test_binned_statistic_jit() -> None:
    x, v = _X.ravel(), _Y.ravel()[::-1]

    def f(x: Any, v: Any) -> Any:
        return tuple(
            xst.binned_statistic(x, v, st, bins=4, range=(-2, 2)).statistic
            for st in ["mean", "std", "count", "sum", "min", "max"]
        )

    want = tuple(
        _quiet(lambda: ss.binned_statistic(x, v, st, bins=4, range=(-2, 2)).statistic)  # noqa: B023
        for st in ["mean", "std", "count", "sum", "min", "max"]
    )
    _assert_close(xnp.jit(f)(x, v), want, 1e-12, 1e-14, "jit")


# --------------------------------------------------------------------------- quantile

_QMETHODS = ["linear", "hazen", "weibull", "median_unbiased", "normal_unbiased",
             "interpolated_inverted_cdf", "inverted_cdf", "averaged_inverted_cdf",
             "closest_observation", "harrell-davis"]  # fmt: skip


@pytest.mark.parametrize("method", _QMETHODS)
def test_quantile(method: str) -> None:
    x = _X[:3, :7]
    xn = x.copy()
    xn[1, 2] = onp.nan
    ps = [0.3, [0, 0.1, 0.33, 0.5, 0.9, 1.0, 1.2, onp.nan],
          onp.array([[0.3, 0.2], [0.5, 0.1], [0.1, 0.9]]), [[0.3], [0.5], [0.1]]]  # fmt: skip
    for p in ps:
        for data, policy in ((x, "propagate"), (xn, "propagate"), (xn, "omit")):
            for keepdims in (None, True):
                data1 = data if onp.ndim(p) != 1 else data[0]
                kw = {"method": method, "axis": -1, "nan_policy": policy, "keepdims": keepdims}
                got = xst.quantile(data1, p, **kw)
                _assert_close(got, ss.quantile(data1, p, **kw), 1e-12, 1e-14, f"{p} {policy}")
    f32 = xst.quantile(x.astype(onp.float32), 0.3, axis=1, method=method)
    assert onp.asarray(f32).dtype == onp.float32
    jitted = xnp.jit(lambda v: xst.quantile(v, [0.2, 0.7], axis=1, method=method,
                                            nan_policy="omit"))(xn)  # fmt: skip
    _assert_close(jitted, ss.quantile(xn, [0.2, 0.7], axis=1, method=method, nan_policy="omit"),
                  1e-12, 1e-14, "jit")  # fmt: skip


# --------------------------------------------------------------------------- resampling


def _dmean(a: Any, b: Any, axis: int) -> Any:
    return a.mean(axis=axis) - b.mean(axis=axis)


def _xmean(a: Any, axis: int) -> Any:
    return a.mean(axis=axis)


def _dot(a: Any, b: Any, axis: int) -> Any:
    return (a * b).sum(axis=axis)


@pytest.mark.parametrize("alternative", ["two-sided", "less", "greater"])
def test_permutation_test_exact(alternative: str) -> None:
    x, y = _X[0, :6], _Y[0, :5]
    pairs = [
        (((x, y), _dmean), {}),
        (((x,), _xmean), {"permutation_type": "samples"}),
        (((x, y[:5].tolist() + [0.3]), _dmean), {"permutation_type": "samples"}),
        (((x[:4], y[:4]), _dot), {"permutation_type": "pairings"}),
        (((_X[:2, :5], _Y[:2, :4]), _dmean), {"axis": 1}),
    ]
    for (data, fn), kw in pairs:
        got = xst.permutation_test(data, fn, alternative=alternative, **kw)
        want = ss.permutation_test(data, fn, alternative=alternative, **kw)
        _assert_close(got.statistic, want.statistic, 1e-12, 1e-14, "statistic")
        _assert_close(got.pvalue, want.pvalue, 1e-12, 0, f"pvalue {kw}")
        assert onp.asarray(got.null_distribution).shape == want.null_distribution.shape
    jitted = xnp.jit(lambda a, b: xst.permutation_test((a, b), _dmean).pvalue)(x, y)
    _assert_close(jitted, ss.permutation_test((x, y), _dmean).pvalue, 1e-12, 0, "jit")


def test_permutation_test_random_and_bootstrap() -> None:
    a, b = _RNG.normal(size=30), _RNG.normal(size=30) + 0.3
    for kw in ({}, {"permutation_type": "samples"}, {"permutation_type": "pairings"}):
        got = xst.permutation_test((a, b), _dmean if not kw else _dot, n_resamples=3000, rng=0,
                                   **kw)  # fmt: skip
        want = ss.permutation_test((a, b), _dmean if not kw else _dot, n_resamples=3000, rng=0,
                                   **kw)  # fmt: skip
        # two Monte Carlo estimates of the same p-value (standard error about 0.01)
        assert abs(float(got.pvalue) - want.pvalue) < 0.05, (kw, float(got.pvalue), want.pvalue)
        assert onp.asarray(got.null_distribution).shape == (3000,)
    with pytest.raises(TypeError, match="rng"):
        xst.permutation_test((a, b), _dmean, n_resamples=100)
    z = onp.exp(a)
    for method in ["percentile", "basic", "BCa"]:
        for alternative in ["two-sided", "less"]:
            got = xst.bootstrap((z,), _xmean, method=method, rng=1, n_resamples=4000,
                                alternative=alternative)  # fmt: skip
            want = ss.bootstrap((z,), _xmean, method=method, rng=1, n_resamples=4000,
                                alternative=alternative)  # fmt: skip
            _assert_close(got.confidence_interval, want.confidence_interval, 0.05, 0.05, method)
            _assert_close(got.standard_error, want.standard_error, 0.1, 0, method)
    got = xst.bootstrap((z, z[:20]), _dmean, rng=2, n_resamples=3000)
    want = ss.bootstrap((z, z[:20]), _dmean, rng=2, n_resamples=3000)
    _assert_close(got.confidence_interval, want.confidence_interval, 0.1, 0.1, "two samples")
    got = xst.bootstrap((a, b), lambda u, v: xnp.corrcoef(u, v)[0, 1], paired=True, rng=3,
                        n_resamples=2000)  # fmt: skip
    want = ss.bootstrap((a, b), lambda u, v: onp.corrcoef(u, v)[0, 1], paired=True, rng=3,
                        n_resamples=2000, vectorized=False)  # fmt: skip
    _assert_close(got.confidence_interval, want.confidence_interval, 0.1, 0.1, "paired")


# --------------------------------------------------------------------------- empty and tiny

_TINY = {
    "skew": lambda m, x: m.skew(x),
    "kurtosis": lambda m, x: m.kurtosis(x),
    "moment": lambda m, x: m.moment(x, 2),
    "sem": lambda m, x: m.sem(x),
    "variation": lambda m, x: m.variation(x),
    "gmean": lambda m, x: m.gmean(x),
    "hmean": lambda m, x: m.hmean(x),
    "pmean": lambda m, x: m.pmean(x, 2.0),
    "tmean": lambda m, x: m.tmean(x),
    "tvar": lambda m, x: m.tvar(x),
    "tsem": lambda m, x: m.tsem(x),
    "tmin": lambda m, x: m.tmin(x),
    "tmax": lambda m, x: m.tmax(x),
    "iqr": lambda m, x: m.iqr(x),
    "mad": lambda m, x: m.median_abs_deviation(x),
    "entropy": lambda m, x: m.entropy(x),
    "zscore": lambda m, x: m.zscore(x),
    "rankdata": lambda m, x: m.rankdata(x),
    "mode": lambda m, x: tuple(m.mode(x)),
    "quantile": lambda m, x: m.quantile(x, 0.5),
    "ttest_1samp": lambda m, x: tuple(m.ttest_1samp(x, 0)),
    "ttest_ind": lambda m, x: tuple(m.ttest_ind(x, x)),
    "ttest_rel": lambda m, x: tuple(m.ttest_rel(x, x + 1)),
    "wilcoxon": lambda m, x: tuple(m.wilcoxon(x)),
    "mannwhitneyu": lambda m, x: tuple(m.mannwhitneyu(x, x + 1)),
    "kruskal": lambda m, x: tuple(m.kruskal(x, x + 1)),
    "f_oneway": lambda m, x: tuple(m.f_oneway(x, x + 1)),
    "chisquare": lambda m, x: tuple(m.chisquare(x)),
    "ks_1samp": lambda m, x: tuple(m.ks_1samp(x, m.norm.cdf)),
    "ks_2samp": lambda m, x: tuple(m.ks_2samp(x, x + 0.1))[:2],
    "kendalltau": lambda m, x: tuple(m.kendalltau(x, x)),
    "pearsonr": lambda m, x: tuple(m.pearsonr(x, x[::-1])),
    "linregress": lambda m, x: tuple(m.linregress(x, x**2)),
}
_TINY_DATA = {"empty": onp.array([]), "one": onp.array([1.5]), "two": onp.array([1.5, 2.0]),
              "empty_2d": onp.ones((0, 3))}  # fmt: skip


@pytest.mark.parametrize("name", list(_TINY))
def test_empty_and_tiny_inputs(name: str) -> None:
    """NaN where SciPy gives NaN, the same errors where SciPy raises."""
    call = _TINY[name]
    for label, x in _TINY_DATA.items():
        try:
            want = _quiet(lambda: call(ss, x))  # noqa: B023
        except (ValueError, TypeError) as e:
            with pytest.raises(type(e)):
                _quiet(lambda: call(xst, x))  # noqa: B023
            continue
        _assert_close(_quiet(lambda: call(xst, x)), want, 1e-10, 1e-14, f"{name} {label}")  # noqa: B023
    spearman = xst.spearmanr([1.0, 2.0], [2.0, 1.0])
    assert onp.isnan(float(spearman.pvalue))


def test_jit_matches_eager_more() -> None:
    """A second compiled batch: ties (the per-slice exact-or-asymptotic choices), exact
    tables, permutation fallbacks, trimmed tests, theilslopes and bootstrap."""
    x, y = onp.round(_X[:3, :9] * 2), onp.round(_Y[:3, :9] * 2)

    def many(a: Any, b: Any) -> Any:
        return (
            tuple(xst.describe(a, axis=1))[2:],
            xst.entropy(abs(a) + 1, abs(b) + 1, axis=1),
            tuple(xst.power_divergence(abs(a) + 1, axis=1, lambda_="cressie-read")),
            tuple(xst.f_oneway(a, b, axis=1, equal_var=False)),
            xst.quantile(a, 0.3, axis=1, method="harrell-davis"),
            tuple(xst.spearmanr(a, axis=1)),
            tuple(xst.kendalltau(a, b, axis=1)),
            tuple(xst.mannwhitneyu(a[:, :5], b, axis=1, method="exact")),
            tuple(xst.wilcoxon(a, axis=1)),
            tuple(xst.ttest_ind(a, b, axis=1, trim=0.2)),
            xst.yeojohnson_llf(0.7, a, axis=1),
            xst.tmin(a, -1, axis=1),
            tuple(xst.theilslopes(b, a, axis=1)),
            tuple(xst.bootstrap((a[0],), _xmean, rng=xnp.random.key(0), n_resamples=300)
                  .confidence_interval),
        )  # fmt: skip

    _assert_close(xnp.jit(many)(x, y), many(x, y), 1e-12, 1e-14, "jit")
    want = ss.theilslopes(y, x, axis=1)
    _assert_close(xnp.jit(lambda a, b: tuple(xst.theilslopes(b, a, axis=1)))(x, y), tuple(want),
                  1e-12, 1e-14, "theilslopes")  # fmt: skip
