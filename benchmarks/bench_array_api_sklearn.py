"""scikit-learn on xnp arrays through the array API, against NumPy and array-api-strict.

Run: python benchmarks/bench_array_api_sklearn.py [--n 20000] [--d 256] [--block 2000]

Rows (float64, ``sklearn.set_config(array_api_dispatch=True)``, ``SCIPY_ARRAY_API=1``):
  pipeline    StandardScaler + PCA(32, svd_solver="full") + LogisticRegression fit + predict
              on an n x d matrix with binary labels
  pairwise    pairwise_distances of the first ``block`` rows against all n rows
Each row prints seconds per call for NumPy, array-api-strict and xnp, and the ratios
xnp/NumPy and xnp/strict (lower is better); the results are checked equal first.
"""

from __future__ import annotations

import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")  # read by SciPy at import: before sklearn

import argparse  # noqa: E402
import warnings  # noqa: E402

import numpy as onp  # noqa: E402
from timing import timeit  # noqa: E402

import xnp  # noqa: E402

try:
    import sklearn
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import pairwise_distances
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
except ImportError:  # scikit-learn is optional
    sklearn = None

try:
    import array_api_strict
except ImportError:
    array_api_strict = None


def _pipeline(X: object, y: object) -> object:
    pipe = make_pipeline(StandardScaler(), PCA(n_components=32, svd_solver="full"),
                         LogisticRegression(max_iter=200))  # fmt: skip
    return pipe.fit(X, y).predict(X)


def _ready(x: object) -> object:
    return x.block_until_ready() if hasattr(x, "block_until_ready") else x


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--d", type=int, default=256)
    parser.add_argument("--block", type=int, default=2000)
    args = parser.parse_args()
    if sklearn is None:
        print("scikit-learn is not installed: nothing to measure")
        return
    warnings.simplefilter("ignore")
    sklearn.set_config(array_api_dispatch=True)
    rng = onp.random.default_rng(0)
    X = rng.standard_normal((args.n, args.d))
    y = (X[:, :8].sum(axis=1) > 0).astype(onp.int64)
    libs = {"numpy": onp.asarray, "xnp": xnp.asarray}
    if array_api_strict is not None:
        libs["strict"] = array_api_strict.asarray
    rows = {
        "pipeline": lambda A: _pipeline(A(X), A(y)),
        "pairwise": lambda A: pairwise_distances(A(X[: args.block]), A(X)),
    }
    print(f"n={args.n} d={args.d} block={args.block} (seconds per call; ratio < 1: xnp faster)")
    for name, run in rows.items():
        ref = onp.asarray(run(onp.asarray))
        times = {}
        for lib, conv in libs.items():
            out = run(conv)
            # atol: the distance expansion leaves ~1e-7 noise on the zero diagonal
            onp.testing.assert_allclose(onp.asarray(out), ref, rtol=1e-6, atol=1e-6)
            data = (conv(X), conv(y), conv(X[: args.block]))

            def call(data: tuple = data, name: str = name) -> object:
                if name == "pipeline":
                    return _ready(_pipeline(data[0], data[1]))
                return _ready(pairwise_distances(data[2], data[0]))

            times[lib] = timeit(call, min_time=0.1, repeat=3)
        line = "  ".join(f"{lib} {t:.4f}s" for lib, t in times.items())
        ratios = f"xnp/numpy {times['xnp'] / times['numpy']:.2f}"
        if "strict" in times:
            ratios += f"  xnp/strict {times['xnp'] / times['strict']:.2f}"
        print(f"{name:10s} {line}  {ratios}")


if __name__ == "__main__":
    main()
