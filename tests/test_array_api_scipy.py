"""SciPy as an array API consumer: with ``SCIPY_ARRAY_API=1``, SciPy's array-API-aware
functions (scipy.special, stats, signal, fft, ndimage, integrate, cluster) take xnp arrays,
return xnp arrays and agree with the same calls on NumPy arrays; scipy.special dispatches to
``xnp.special`` (xnp's own implementations: they run under ``xnp.jit``).

SciPy reads ``SCIPY_ARRAY_API`` when it is first imported, so the calls run in one child
process (this file run as a script) and the tests check its report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import numpy as onp
import pytest

pytest.importorskip("scipy")


def _cases() -> dict[str, Any]:
    """name -> f(asarray): the call, with its inputs made by ``asarray``."""
    from scipy import cluster, fft, integrate, ndimage, signal, special, stats

    rng = onp.random.default_rng(0)
    a, b = rng.standard_normal(32), rng.standard_normal(32)
    pos, m = onp.abs(a) + 0.1, rng.standard_normal((8, 8))
    return {
        "special.erf": lambda A: special.erf(A(a)),
        "special.erfc": lambda A: special.erfc(A(a)),
        "special.gammaln": lambda A: special.gammaln(A(pos)),
        "special.digamma": lambda A: special.digamma(A(pos)),
        "special.expit": lambda A: special.expit(A(a)),
        "special.logit": lambda A: special.logit(A(special.expit(a))),
        "special.ndtr": lambda A: special.ndtr(A(a)),
        "special.ndtri": lambda A: special.ndtri(A(special.ndtr(a))),
        "special.log_ndtr": lambda A: special.log_ndtr(A(a)),
        "special.i0e": lambda A: special.i0e(A(a)),
        "special.xlogy": lambda A: special.xlogy(A(pos), A(pos)),
        "special.entr": lambda A: special.entr(A(pos)),
        "special.gammainc": lambda A: special.gammainc(A(pos), A(pos)),
        "special.logsumexp": lambda A: special.logsumexp(A(a)),
        "special.softmax": lambda A: special.softmax(A(a)),
        "stats.zscore": lambda A: stats.zscore(A(a)),
        "stats.skew": lambda A: stats.skew(A(a)),
        "stats.kurtosis": lambda A: stats.kurtosis(A(a)),
        "stats.moment": lambda A: stats.moment(A(a), order=3),
        "stats.variation": lambda A: stats.variation(A(pos)),
        "stats.pearsonr": lambda A: stats.pearsonr(A(a), A(b)).statistic,
        "stats.ttest_ind": lambda A: stats.ttest_ind(A(a), A(b)).pvalue,
        "stats.ttest_1samp": lambda A: stats.ttest_1samp(A(a), 0.0).pvalue,
        "stats.gmean": lambda A: stats.gmean(A(pos)),
        "stats.hmean": lambda A: stats.hmean(A(pos)),
        "stats.sem": lambda A: stats.sem(A(a)),
        "stats.entropy": lambda A: stats.entropy(A(pos)),
        "stats.describe": lambda A: stats.describe(A(a)).variance,
        "stats.trim_mean": lambda A: stats.trim_mean(A(a), 0.1),
        "signal.convolve": lambda A: signal.convolve(A(a), A(b)),
        "signal.fftconvolve": lambda A: signal.fftconvolve(A(a), A(b)),
        "signal.correlate": lambda A: signal.correlate(A(a), A(b)),
        "signal.detrend": lambda A: signal.detrend(A(a)),
        "signal.lfilter": lambda A: signal.lfilter(A(onp.array([1.0, 0.5])),
                                                   A(onp.array([1.0, -0.2])), A(a)),  # fmt: skip
        "fft.fft": lambda A: fft.fft(A(a)),
        "fft.rfft": lambda A: fft.rfft(A(a)),
        "fft.irfft": lambda A: fft.irfft(A(fft.rfft(a))),
        "fft.dct": lambda A: fft.dct(A(a)),
        "fft.fftshift": lambda A: fft.fftshift(A(a)),
        "ndimage.gaussian_filter": lambda A: ndimage.gaussian_filter(A(m), 1.0),
        "ndimage.uniform_filter": lambda A: ndimage.uniform_filter(A(m), 3),
        "ndimage.zoom": lambda A: ndimage.zoom(A(m), 2),
        "integrate.trapezoid": lambda A: integrate.trapezoid(A(a)),
        "integrate.cumulative_trapezoid": lambda A: integrate.cumulative_trapezoid(A(a)),
        "cluster.vq.whiten": lambda A: cluster.vq.whiten(A(m)),
    }


NAMES = [
    "special.erf", "special.erfc", "special.gammaln", "special.digamma", "special.expit",
    "special.logit", "special.ndtr", "special.ndtri", "special.log_ndtr", "special.i0e",
    "special.xlogy", "special.entr", "special.gammainc", "special.logsumexp", "special.softmax",
    "stats.zscore", "stats.skew", "stats.kurtosis", "stats.moment", "stats.variation",
    "stats.pearsonr", "stats.ttest_ind", "stats.ttest_1samp", "stats.gmean", "stats.hmean",
    "stats.sem", "stats.entropy", "stats.describe", "stats.trim_mean", "signal.convolve",
    "signal.fftconvolve", "signal.correlate", "signal.detrend", "signal.lfilter", "fft.fft",
    "fft.rfft", "fft.irfft", "fft.dct", "fft.fftshift", "ndimage.gaussian_filter",
    "ndimage.uniform_filter", "ndimage.zoom", "integrate.trapezoid",
    "integrate.cumulative_trapezoid", "cluster.vq.whiten",
]  # fmt: skip
# Elementwise special functions checked to run under xnp.jit (xnp's own implementation; a
# function xnp.special lacks, such as i0e, is computed by SciPy on a NumPy copy instead).
JITTED = ["erf", "gammaln", "ndtr", "expit", "log_ndtr", "digamma"]


def _child() -> None:
    import warnings

    from scipy import special

    import xnp

    warnings.simplefilter("ignore")
    report: dict[str, Any] = {}
    for name, f in _cases().items():
        try:
            got, want = f(xnp.asarray), f(onp.asarray)
            report[name] = {"ok": True, "type": f"{type(got).__module__}.{type(got).__name__}",
                            "got": onp.asarray(got).tolist(), "want": onp.asarray(want).tolist(),
                            "complex": bool(onp.iscomplexobj(want))}  # fmt: skip
            if report[name]["complex"]:
                report[name]["got"] = onp.asarray(got).view(float).tolist()
                report[name]["want"] = onp.asarray(want).view(float).tolist()
        except Exception as e:  # noqa: BLE001 (reported to the parent, which fails the test)
            report[name] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}
    x = xnp.asarray([0.25, 1.5, 3.0])
    for fname in JITTED:
        try:
            out = xnp.jit(getattr(special, fname))(x)
            ref = getattr(special, fname)(onp.asarray(x))
            report["jit:" + fname] = {"ok": True, "type": type(out).__module__,
                                      "got": onp.asarray(out).tolist(),
                                      "want": ref.tolist()}  # fmt: skip
        except Exception as e:  # noqa: BLE001
            report["jit:" + fname] = {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}
    report["xnp.special is xnp.scipy.special's"] = {
        "ok": xnp.special.erf is xnp.scipy.special.erf, "error": "different functions"}
    print(json.dumps(report))


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    import xnp

    src = os.path.dirname(os.path.dirname(os.path.abspath(xnp.__file__)))
    path = os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "SCIPY_ARRAY_API": "1", "TF_CPP_MIN_LOG_LEVEL": "1", "PYTHONPATH": path}
    r = subprocess.run([sys.executable, os.path.abspath(__file__)], capture_output=True,
                       text=True, env=env, timeout=1200)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", NAMES)
def test_scipy_function_on_xnp_arrays(report: dict[str, Any], name: str) -> None:
    case = report[name]
    assert case["ok"], case["error"]
    assert case["type"] == "xnp._src.array.ndarray", f"{name} returned {case['type']}"
    onp.testing.assert_allclose(onp.asarray(case["got"], float), onp.asarray(case["want"], float),
                                rtol=1e-10, atol=1e-12, equal_nan=True)  # fmt: skip


@pytest.mark.parametrize("fname", JITTED)
def test_scipy_special_dispatches_to_xnp(report: dict[str, Any], fname: str) -> None:
    case = report["jit:" + fname]
    assert case["ok"], case["error"]
    assert case["type"].startswith("xnp")
    onp.testing.assert_allclose(case["got"], case["want"], rtol=1e-12)


def test_xnp_special_is_scipy_special(report: dict[str, Any]) -> None:
    assert report["xnp.special is xnp.scipy.special's"]["ok"]


def test_names_cover_the_cases() -> None:
    assert sorted(NAMES) == sorted(_cases())


if __name__ == "__main__":
    _child()
