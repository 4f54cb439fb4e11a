"""Hypothesis fuzzing of the public API against NumPy, each group in its own subprocess, so
that an interpreter crash (a signal) or a hang is a test failure, not a lost CI run.
See fuzz_driver.py for what is drawn and what counts as a pass."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .settings import pick

EXAMPLES = pick(120, 3000)
DRIVER = os.path.join(os.path.dirname(__file__), "fuzz_driver.py")


@pytest.mark.parametrize("group", ["unary", "binary", "axis", "shape", "bad"])
def test_fuzz(group):
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(__file__), "..", "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    try:
        out = subprocess.run([sys.executable, DRIVER, group, str(EXAMPLES)], env=env,
                             capture_output=True, text=True, timeout=1500)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail(f"fuzz {group}: hung (no result in 1500 s)")
    if out.returncode < 0:
        pytest.fail(f"fuzz {group}: the interpreter died with signal {-out.returncode}\n"
                    f"{out.stderr[-4000:]}")  # fmt: skip
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-6000:]
    print(out.stdout.strip().splitlines()[-1])
