"""Each example in examples/ runs to completion on reduced sizes (``--quick``) in a fresh
interpreter, from a temporary working directory (plots land there)."""

import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
HAS_SKLEARN = importlib.util.find_spec("sklearn") is not None

CASES = [
    ("mnist_classifier.py", ["--quick"], "test accuracy", True),
    ("mnist_vae.py", ["--quick"], "test ELBO", True),
    ("gaussian_process.py", ["--quick"], "negative log marginal likelihood", False),
]


@pytest.mark.parametrize("script,args,expect,needs_sklearn", CASES, ids=[c[0] for c in CASES])
def test_example_runs(script, args, expect, needs_sklearn, tmp_path):
    if needs_sklearn and not HAS_SKLEARN:
        pytest.skip("scikit-learn is not installed")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env["MPLBACKEND"] = "Agg"
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / script), *args],
                          cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert expect in proc.stdout
