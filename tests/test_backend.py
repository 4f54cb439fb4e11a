"""The jaxlib backend: silent import, devices, the on-disk executable cache, and living in
one process with jax."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as onp
import pytest

import xnp
from xnp._src import backend

HAS_JAX = importlib.util.find_spec("jax") is not None


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full_env, timeout=120
    )


def test_import_prints_nothing() -> None:
    r = _run("import xnp; (xnp.ones(3) + 1).block_until_ready()")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""


def test_multiple_cpu_devices() -> None:
    code = (
        "import xnp, numpy as np\n"
        "d = xnp.devices(); assert len(d) == 4, d\n"
        "x = xnp.device_put(np.arange(3.0), d[2])\n"
        "assert x.device == d[2]\n"
        "y = x * 2 + 1\n"
        "assert y.device == d[2], y.device\n"
        "assert y.tolist() == [1.0, 3.0, 5.0]\n"
        "assert xnp.jit(lambda a: a.sum())(x).tolist() == 3.0\n"
    )
    r = _run(code, XNP_NUM_CPU_DEVICES="4")
    assert r.returncode == 0, r.stderr


def test_persistent_cache(tmp_path: object) -> None:
    code = "import xnp; print(float(xnp.jit(lambda x: xnp.sin(x) * 3.0)(2.0)))"
    r1 = _run(code, XNP_CACHE_DIR=str(tmp_path))
    assert r1.returncode == 0, r1.stderr
    files = [f for f in os.listdir(tmp_path) if f.endswith(".xex")]
    assert files, "no executable was written to the cache"
    r2 = _run(code, XNP_CACHE_DIR=str(tmp_path))
    assert r2.returncode == 0 and r2.stdout == r1.stdout
    # A corrupt cache entry is ignored (recompiled), never fatal.
    for f in files:
        with open(os.path.join(tmp_path, f), "wb") as fh:
            fh.write(b"garbage")
    r3 = _run(code, XNP_CACHE_DIR=str(tmp_path))
    assert r3.returncode == 0 and r3.stdout == r1.stdout, r3.stderr


def test_cache_can_be_disabled(tmp_path: object) -> None:
    r = _run(
        "import xnp; xnp.jit(lambda x: x + 1)(1.0)",
        XNP_CACHE_DIR=str(tmp_path),
        XNP_COMPILATION_CACHE="0",
    )
    assert r.returncode == 0, r.stderr
    assert not os.listdir(tmp_path)


def test_round_trip_every_dtype() -> None:
    for dt in backend_dtypes():
        host = onp.arange(6).reshape(2, 3).astype(dt)
        x = xnp.asarray(host)
        back = onp.asarray(xnp.jit(lambda v: v.reshape(3, 2))(x).reshape(2, 3))
        assert back.dtype == host.dtype
        onp.testing.assert_array_equal(back, host)


def backend_dtypes() -> list:
    from xnp._src import dtypes

    return list(dtypes.SUPPORTED_DTYPES)


@pytest.mark.skipif(not HAS_JAX, reason="jax is not installed")
@pytest.mark.parametrize("order", ["jax_first", "xnp_first"])
def test_coexists_with_jax(order: str) -> None:
    imports = ["import jax, jax.numpy as jnp", "import xnp"]
    if order == "xnp_first":
        imports.reverse()
    code = "\n".join(imports) + (
        "\njax.config.update('jax_enable_x64', False)\n"
        "a = xnp.ones(3) * 2\n"
        "assert a.dtype == 'float64', a.dtype\n"
        "b = jnp.ones(3) * 2\n"
        "assert float(xnp.jit(lambda x: x.sum())(a)) == 6.0\n"
        "assert float(b.sum()) == 6.0\n"
        "assert float(xnp.grad(lambda x: xnp.sum(x ** 2))(a)[0]) == 4.0\n"
    )
    r = _run(code)
    assert r.returncode == 0, r.stderr


def test_devices_api() -> None:
    assert xnp.device_count() == len(xnp.devices()) >= 1
    assert xnp.default_backend() == "cpu"
    with pytest.raises(RuntimeError):
        xnp.devices("tpu")
    with pytest.raises(TypeError):
        xnp.device_put(onp.ones(2), "cpu:0")
    assert backend.default_device() == xnp.devices()[0]
