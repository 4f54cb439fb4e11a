"""Bounded caches of compiled programs, clear_caches, live_arrays, MemoryError, the disk cache."""

from __future__ import annotations

import gc
import os
import stat
import subprocess
import sys
import weakref

import numpy as onp
import pytest

import xnp
from xnp import config
from xnp._src import backend, dispatch


@pytest.fixture(autouse=True)
def on_device():
    # Small eager operands would run on the host path and compile nothing.
    with config._override("host_execution", False):
        yield


@pytest.fixture
def option():
    saved = {}

    def set_(name, value):
        saved.setdefault(name, getattr(config, name))
        config.update(name, value)

    yield set_
    for name, value in saved.items():
        config.update(name, value)


def test_a_dropped_jitted_function_frees_its_program():
    f = xnp.jit(lambda x: x * 3.25 + 0.5)
    f(xnp.arange(3.0))
    exe = weakref.ref(next(iter(f._cache.values())).exe)
    assert exe() is not None
    del f
    gc.collect()
    assert exe() is None


def test_fresh_closures_do_not_accumulate_programs():
    x = xnp.arange(4.0)
    gc.collect()
    before = len(backend._compile_cache)
    for i in range(60):
        c = float(i) + 0.125
        xnp.jit(lambda a, c=c: a * c)(x)
    gc.collect()
    assert len(backend._compile_cache) - before <= 2


def test_jit_cache_is_bounded_by_cache_size(option):
    option("cache_size", 4)
    f = xnp.jit(lambda a: a.sum() * 2)
    for n in range(1, 11):
        assert float(f(xnp.ones(n))) == 2 * n
    assert f._cache_size() <= 4
    assert float(f(xnp.ones(1))) == 2  # evicted shapes recompile


def test_eager_cache_is_bounded_and_counted(option):
    option("cache_size", 8)
    start = xnp.cache_info()["caches"]["eager"]["compiled"]
    for n in range(1, 21):
        onp.testing.assert_allclose(onp.asarray(xnp.cos(xnp.ones(n))), onp.cos(onp.ones(n)))
    info = xnp.cache_info()["caches"]["eager"]
    assert info["entries"] <= 8
    assert info["compiled"] - start >= 20


def test_clear_caches():
    f = xnp.jit(lambda a: a - 1)
    f(xnp.ones(3))
    xnp.exp(xnp.ones(3))
    assert f._cache_size() == 1 and len(dispatch._eager_cache) > 0
    xnp.clear_caches()
    assert f._cache_size() == 0 and len(dispatch._eager_cache) == 0
    onp.testing.assert_array_equal(onp.asarray(f(xnp.ones(3))), onp.zeros(3))


def test_live_arrays_drop_with_their_last_reference():
    gc.collect()
    n0 = len(xnp.live_arrays())
    a = xnp.sin(xnp.arange(1000.0) + 0.75)
    b = xnp.cos(a)
    live = xnp.live_arrays()
    assert len(live) >= n0 + 2
    assert all(isinstance(x, xnp.ndarray) for x in live)
    del live, a, b
    gc.collect()
    assert len(xnp.live_arrays()) <= n0 + 1  # the arange may stay cached on the host side


def test_out_of_memory_is_a_memory_error_that_names_the_operation():
    with pytest.raises(MemoryError, match=r"broadcast_in_dim.*RESOURCE_EXHAUSTED"):
        xnp.zeros((2**47,), "float64")
    with pytest.raises(MemoryError, match=r"jit-compiled `big`.*RESOURCE_EXHAUSTED"):

        def big(a):
            return xnp.broadcast_to(a, (2**47,)) + 1

        xnp.jit(big)(xnp.ones((), "uint8"))
    # The process goes on.
    onp.testing.assert_array_equal(onp.asarray(xnp.arange(3) * 2), [0, 2, 4])


# ----------------------------------------------------------------------------- disk cache


def _cache_files(d):
    return sorted(p for p in os.listdir(d) if p.endswith(".xex"))


@pytest.fixture
def disk(tmp_path, option):
    option("compilation_cache", True)
    option("cache_dir", str(tmp_path))
    return tmp_path


def _fresh(c):
    # A program whose text no earlier test compiled (the constant is in it).
    return xnp.jit(lambda a: a * c + 1)


def test_disk_cache_corrupted_and_truncated_entries_recompile(disk):
    x = xnp.arange(5.0)
    c = 1.0 + onp.random.default_rng().random()
    f = _fresh(c)
    f(x)
    (name,) = _cache_files(disk)
    path = disk / name
    good = path.read_bytes()
    for bad in (good[: len(good) // 2], good[:-1] + bytes([good[-1] ^ 1]), b"", b"junk" * 10):
        path.write_bytes(bad)
        del f
        gc.collect()
        xnp.clear_caches()
        f = _fresh(c)
        onp.testing.assert_allclose(onp.asarray(f(x)), onp.arange(5.0) * c + 1)
        assert path.read_bytes() != bad  # replaced by a good entry


def test_disk_cache_read_only_directory(disk):
    if os.geteuid() == 0:
        pytest.skip("root ignores directory permissions")
    os.chmod(disk, stat.S_IRUSR | stat.S_IXUSR)
    try:
        c = 2.0 + onp.random.default_rng().random()
        onp.testing.assert_allclose(onp.asarray(_fresh(c)(xnp.ones(2))), c + 1)
    finally:
        os.chmod(disk, stat.S_IRWXU)


def test_disk_cache_unwritable_path_and_full_disk(disk, monkeypatch):
    # A cache "directory" that is a file (so nothing can be created in it), then a write
    # that fails as on a full disk: both compile and run normally.
    blocker = disk / "file"
    blocker.write_text("x")
    config.update("cache_dir", str(blocker))
    c = 3.0 + onp.random.default_rng().random()
    onp.testing.assert_allclose(onp.asarray(_fresh(c)(xnp.ones(2))), c + 1)
    config.update("cache_dir", str(disk))

    real_open = open

    def full_open(path, mode="r", *a, **k):
        f = real_open(path, mode, *a, **k)
        if "w" in mode and str(path).endswith(".tmp"):
            f.close()
            raise OSError(28, "No space left on device")
        return f

    monkeypatch.setattr("builtins.open", full_open)
    c = 4.0 + onp.random.default_rng().random()
    onp.testing.assert_allclose(onp.asarray(_fresh(c)(xnp.ones(2))), c + 1)
    monkeypatch.undo()
    assert not [p for p in os.listdir(disk) if p.endswith(".tmp")]


def test_disk_cache_bounded_in_bytes(disk, option):
    for i in range(3):
        _fresh(10.0 + i + onp.random.default_rng().random())(xnp.ones(2))
    sizes = [os.path.getsize(disk / p) for p in _cache_files(disk)]
    assert len(sizes) >= 3
    option("cache_max_bytes", max(sizes) * 2)
    _fresh(20.0 + onp.random.default_rng().random())(xnp.ones(2))
    assert sum(os.path.getsize(disk / p) for p in _cache_files(disk)) <= max(sizes) * 2


_WRITER = """
import sys, numpy as onp, xnp
from xnp import config
config.update("cache_dir", sys.argv[1])
f = xnp.jit(lambda a: a * 7.3125 + 0.0625)
for _ in range(3):
    out = f(xnp.arange(6.0))
    xnp.clear_caches()
assert onp.allclose(onp.asarray(out), onp.arange(6.0) * 7.3125 + 0.0625), out
print("ok")
"""


def test_two_processes_writing_the_same_entry(disk):
    env = dict(os.environ, XNP_COMPILATION_CACHE="1")
    src = os.path.join(os.path.dirname(__file__), "..", "src")
    env["PYTHONPATH"] = os.path.abspath(src) + os.pathsep + env.get("PYTHONPATH", "")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(disk)], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        for _ in range(2)
    ]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out.strip() == "ok"
    assert len(_cache_files(disk)) == 1
