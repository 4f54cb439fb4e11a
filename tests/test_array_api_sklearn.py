"""scikit-learn as an array API consumer: with ``array_api_dispatch=True`` (and
``SCIPY_ARRAY_API=1``), every estimator scikit-learn tags as array-API capable, a set of its
array-API metrics and its splitting tools run on xnp arrays, return xnp arrays, and agree with
the same calls on NumPy arrays.

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

pytest.importorskip("sklearn")

RTOL = 1e-6


def _data() -> dict[str, onp.ndarray]:
    rng = onp.random.default_rng(0)
    X = rng.standard_normal((60, 5))
    return {
        "X": X,
        "y_class": (X[:, 0] + 0.5 * X[:, 1] > 0).astype(onp.int64),
        "y_multi": onp.digitize(X[:, 0], [-0.5, 0.5]).astype(onp.int64),
        "y_reg": X @ onp.arange(1.0, 6.0) + 0.1 * rng.standard_normal(60),
        "y_count": rng.poisson(onp.exp(0.3 * X[:, 0])).astype(onp.float64),
        "K": (X @ X.T),
    }


def _estimators() -> dict[str, tuple[Any, str, str]]:
    """name -> (factory, target, input): how each tagged estimator is exercised."""
    from sklearn import discriminant_analysis as da
    from sklearn import kernel_approximation as ka
    from sklearn import linear_model as lm
    from sklearn import naive_bayes as nb
    from sklearn import preprocessing as pp
    from sklearn.decomposition import PCA

    return {
        "Binarizer": (lambda: pp.Binarizer(threshold=0.1), "", "X"),
        "GaussianNB": (nb.GaussianNB, "y_multi", "X"),
        "KernelCenterer": (pp.KernelCenterer, "", "K"),
        "LabelEncoder": (pp.LabelEncoder, "", "y_multi"),
        "LinearDiscriminantAnalysis": (da.LinearDiscriminantAnalysis, "y_multi", "X"),
        "LogisticRegression": (lambda: lm.LogisticRegression(max_iter=500), "y_class", "X"),
        "MinMaxScaler": (pp.MinMaxScaler, "", "X"),
        "Normalizer": (pp.Normalizer, "", "X"),
        "Nystroem": (lambda: ka.Nystroem(n_components=10, random_state=0), "", "X"),
        "PCA": (lambda: PCA(n_components=3, svd_solver="full"), "", "X"),
        "PoissonRegressor": (lambda: lm.PoissonRegressor(max_iter=300), "y_count", "X"),
        "PolynomialFeatures": (lambda: pp.PolynomialFeatures(degree=2), "", "X"),
        "Ridge": (lambda: lm.Ridge(solver="svd"), "y_reg", "X"),
        "RidgeCV": (lm.RidgeCV, "y_reg", "X"),
        "RidgeClassifierCV": (lm.RidgeClassifierCV, "y_class", "X"),
        "StandardScaler": (pp.StandardScaler, "", "X"),
    }


METHODS = ("predict", "predict_proba", "decision_function", "transform", "score")


def _metrics() -> dict[str, tuple[Any, tuple[str, ...]]]:
    from sklearn import metrics as m
    from sklearn.metrics import pairwise as pw

    def pred(d: str) -> str:
        return d + "_pred"

    return {
        "accuracy_score": (m.accuracy_score, ("y_class", pred("y_class"))),
        "zero_one_loss": (m.zero_one_loss, ("y_class", pred("y_class"))),
        "confusion_matrix": (m.confusion_matrix, ("y_multi", pred("y_multi"))),
        "f1_score": (lambda a, b: m.f1_score(a, b, average="macro"), ("y_multi", pred("y_multi"))),
        "precision_score": (m.precision_score, ("y_class", pred("y_class"))),
        "recall_score": (m.recall_score, ("y_class", pred("y_class"))),
        "r2_score": (m.r2_score, ("y_reg", pred("y_reg"))),
        "mean_squared_error": (m.mean_squared_error, ("y_reg", pred("y_reg"))),
        "mean_absolute_error": (m.mean_absolute_error, ("y_reg", pred("y_reg"))),
        "explained_variance_score": (m.explained_variance_score, ("y_reg", pred("y_reg"))),
        "mean_tweedie_deviance": (lambda a, b: m.mean_tweedie_deviance(a, b, power=1.5),
                                  ("y_count", "y_count_pos")),  # fmt: skip
        "pairwise_distances": (m.pairwise_distances, ("X",)),
        "euclidean_distances": (pw.euclidean_distances, ("X",)),
        "cosine_similarity": (pw.cosine_similarity, ("X",)),
        "rbf_kernel": (pw.rbf_kernel, ("X",)),
        "linear_kernel": (pw.linear_kernel, ("X",)),
        "polynomial_kernel": (pw.polynomial_kernel, ("X",)),
    }


def _to_host(out: Any) -> tuple[str, Any]:
    kind = type(out).__module__.split(".")[0] + "." + type(out).__name__
    return kind, onp.asarray(out).tolist()


def _child() -> None:
    import warnings

    import sklearn

    import xnp

    warnings.simplefilter("ignore")
    sklearn.set_config(array_api_dispatch=True)
    data = _data()
    data["y_class_pred"] = onp.roll(data["y_class"], 3)
    data["y_multi_pred"] = onp.roll(data["y_multi"], 5)
    data["y_reg_pred"] = data["y_reg"] * 1.05 + 0.1
    data["y_count_pos"] = data["y_count"] + 0.5
    report: dict[str, Any] = {}

    def run(fn: Any) -> dict[str, Any]:
        try:
            return {"ok": True, "results": fn()}
        except Exception as e:  # noqa: BLE001 (reported to the parent, which fails the test)
            return {"ok": False, "error": f"{type(e).__name__}: {e}"[:500]}

    for name, (make, target, inp) in _estimators().items():

        def fit_all(make: Any = make, target: str = target, inp: str = inp,
                    name: str = name) -> dict:  # fmt: skip
            res = {}
            for lib, conv in (("numpy", onp.asarray), ("xnp", xnp.asarray)):
                x = conv(data[inp])
                est = make()
                if name == "LabelEncoder":
                    est.fit(x)
                    res[lib] = {"transform": _to_host(est.transform(x))}
                    continue
                est.fit(x, conv(data[target])) if target else est.fit(x)
                outs = {}
                for meth in METHODS:
                    if hasattr(est, meth) and (meth != "score" or target):
                        args = (x, conv(data[target])) if meth == "score" else (x,)
                        outs[meth] = _to_host(getattr(est, meth)(*args))
                res[lib] = outs
            return res

        report["estimator:" + name] = run(fit_all)

    for name, (fn, keys) in _metrics().items():

        def metric(fn: Any = fn, keys: tuple = keys) -> dict:
            return {lib: {"value": _to_host(fn(*(conv(data[k]) for k in keys)))}
                    for lib, conv in (("numpy", onp.asarray), ("xnp", xnp.asarray))}  # fmt: skip

        report["metric:" + name] = run(metric)

    def tools() -> dict:
        from sklearn.linear_model import Ridge
        from sklearn.model_selection import cross_val_predict, train_test_split
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        res = {}
        for lib, conv in (("numpy", onp.asarray), ("xnp", xnp.asarray)):
            X, y = conv(data["X"]), conv(data["y_reg"])
            a, b, c, d = train_test_split(X, y, test_size=0.25, random_state=0)
            pipe = make_pipeline(StandardScaler(), Ridge(solver="svd"))
            cv = cross_val_predict(make_pipeline(StandardScaler(), Ridge(solver="svd")), X, y, cv=3)
            res[lib] = {"split": _to_host(a), "split_y": _to_host(d),
                        "pipeline": _to_host(pipe.fit(a, c).predict(b)),
                        "cross_val_predict": _to_host(cv)}  # fmt: skip
        return res

    report["tools"] = run(tools)
    print(json.dumps(report))


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    import xnp

    src = os.path.dirname(os.path.dirname(os.path.abspath(xnp.__file__)))
    path = os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "SCIPY_ARRAY_API": "1", "TF_CPP_MIN_LOG_LEVEL": "1", "PYTHONPATH": path}
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run([sys.executable, os.path.join(here, "test_array_api_sklearn.py")],
                       capture_output=True, text=True, env=env, timeout=1200)  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def _compare(case: dict[str, Any]) -> None:
    assert case["ok"], case["error"]
    ours, ref = case["results"]["xnp"], case["results"]["numpy"]
    assert ours.keys() == ref.keys()
    for key in ref:
        (kind, got), (ref_kind, want) = ours[key], ref[key]
        if ref_kind.startswith("numpy.ndarray"):
            assert kind == "xnp.ndarray", f"{key}: returned {kind}, not an xnp array"
        onp.testing.assert_allclose(onp.asarray(got, dtype=float), onp.asarray(want, dtype=float),
                                    rtol=RTOL, atol=1e-9, err_msg=key)  # fmt: skip


@pytest.mark.parametrize("name", list(_estimators()))
def test_estimator_matches_numpy(report: dict[str, Any], name: str) -> None:
    _compare(report["estimator:" + name])


@pytest.mark.parametrize("name", list(_metrics()))
def test_metric_matches_numpy(report: dict[str, Any], name: str) -> None:
    _compare(report["metric:" + name])


def test_tools_match_numpy(report: dict[str, Any]) -> None:
    _compare(report["tools"])


if __name__ == "__main__":
    _child()
