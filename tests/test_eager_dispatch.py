"""The eager path: compile counts, the staged-function helper, basic indexing with runtime
positions. Counts, not timings (speed is benchmarks/bench_dropin.py's business)."""

import numpy as onp
import pytest

import xnp
from xnp._src import dispatch, staged
from xnp._src.config import config


# Every test runs on both eager paths: XLA programs, and NumPy's kernels on the host.
@pytest.fixture
def path(request):
    with config._override("host_execution", request.param):
        yield request.param


def on_both(f):
    return pytest.mark.parametrize("path", [False, True], ids=["xla", "host"], indirect=True)(f)


@pytest.fixture
def xla_path():
    with config._override("host_execution", False):
        yield


def _compiles() -> int:
    info = xnp.cache_info()
    return info["primitive_compiles"] + info["staged_compiles"]


@on_both
def test_loop_over_200_integer_positions_compiles_a_handful(path):
    base = onp.arange(230.0) * 0.5
    x = xnp.asarray(base)
    y = xnp.zeros(230)
    total = 0.0
    counts = [_compiles()]
    for i in range(200):
        total += float(x[i : i + 5].sum() + x[i])
        y[i] = x[i] * 2.0
        y[i + 1 : i + 4] = x[i : i + 3]
        if i == 0:
            counts.append(_compiles())
    counts.append(_compiles())
    assert counts[1] - counts[0] <= (0 if path else 8)  # the first iteration compiles...
    assert counts[2] == counts[1], xnp.cache_info()  # ...and the other 199 reuse them
    expected = sum(base[i : i + 5].sum() + base[i] for i in range(200))
    assert total == pytest.approx(expected, rel=1e-12)
    ref = onp.zeros(230)
    for i in range(200):
        ref[i] = base[i] * 2.0
        ref[i + 1 : i + 4] = base[i : i + 3]
    onp.testing.assert_array_equal(onp.asarray(y), ref)


@on_both
def test_negative_and_strided_positions_share_programs(path):
    x = xnp.arange(40.0).reshape(8, 5)
    ref = onp.arange(40.0).reshape(8, 5)
    x[3, ::2]
    x[-1, ::-1]
    before = _compiles()
    for i in range(-8, 8):
        onp.testing.assert_array_equal(onp.asarray(x[i, ::2]), ref[i, ::2])
        onp.testing.assert_array_equal(onp.asarray(x[i, ::-1]), ref[i, ::-1])
    assert _compiles() - before == 0


def _programs() -> int:
    info = xnp.cache_info()
    return (
        info["xla_compiles"]
        + info["disk_cache_loads"]
        + info["primitive_hits"]
        + (info["staged_hits"])
    )


def test_reading_metadata_and_host_values_runs_no_program():
    x = xnp.asarray(onp.arange(6.0) + 0.25)
    y = x * 2.0  # a device result
    y.item(0)  # read once to the host
    before = _programs()
    assert len(x) == 6 and x.shape == (6,) and x.ndim == 1 and x.size == 6 and x.dtype == "f8"
    assert x.item(3) == 3.25 and x.tolist()[2] == 2.25
    assert len(y) == 6 and y.shape == (6,) and y.item(1) == 2.5 and y.tolist()[5] == 10.5
    assert float(xnp.asarray(onp.float64(1.5))) == 1.5 and int(xnp.asarray(onp.int8(3))) == 3
    assert _programs() == before


SETITEM = [
    (3, 7.0), (-1, 2), ((1, 2), 5.0), ((slice(1, 3), 0), [1.0, 2.0]), (slice(None), 0.5),
    ((2, slice(None)), onp.arange(5.0)), ((slice(0, 2), slice(1, 4)), onp.ones((1, 3))),
    ((None, 1), onp.ones((1, 1, 5))), ((..., 4), onp.arange(6.0)), ((0, 0), onp.ones(())),
    ((slice(4, 1), 0), []), (slice(2, 5), onp.arange(15.0).reshape(3, 5)),
]  # fmt: skip


@on_both
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool", "complex64", "float16"])
@pytest.mark.parametrize("idx, value", SETITEM, ids=[repr(i)[:30] for i, _ in SETITEM])
def test_setitem_matches_numpy(idx, value, dtype, path):
    ref = (onp.arange(30).reshape(6, 5) % 7).astype(dtype)
    x = xnp.asarray(ref.copy())
    val = onp.asarray(value).astype(dtype) if not onp.isscalar(value) else value
    ref[idx] = val
    x[idx] = val
    got = onp.asarray(x)
    assert got.dtype == ref.dtype
    onp.testing.assert_array_equal(got, ref)


@on_both
def test_setitem_errors_match_numpy(path):
    x = xnp.zeros((4, 3))
    with pytest.raises(IndexError, match="out of bounds"):
        x[4] = 1.0
    with pytest.raises(IndexError, match="out of bounds"):
        x[0, -4] = 1.0
    with pytest.raises(ValueError, match=r"could not broadcast input array from shape \(2,\)"):
        x[0] = xnp.ones(2)
    with pytest.raises(ValueError, match="could not broadcast"):
        x[1:3] = onp.ones((3, 3))


@on_both
def test_zero_d_read_and_write(path):
    x = xnp.asarray(onp.float32(2.5))
    assert onp.asarray(x[()]).shape == ()
    assert float(x[...]) == 2.5
    x[()] = 4.0
    assert float(x) == 4.0 and x.dtype == onp.float32


def test_getitem_under_jit_and_vmap_matches_eager():
    base = onp.arange(24.0).reshape(4, 6)
    f = lambda a: a[2, 1:5:2] + a[-1, ::-1][:2]  # noqa: E731
    eager = f(xnp.asarray(base))
    onp.testing.assert_array_equal(onp.asarray(eager), f(base))
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(f)(base)), f(base))
    batched = xnp.vmap(f)(xnp.asarray(onp.stack([base, base + 1])))
    onp.testing.assert_array_equal(onp.asarray(batched), onp.stack([f(base), f(base + 1)]))
    g = xnp.grad(lambda a: (a[1, 2:4] ** 2).sum())(xnp.asarray(base))
    want = onp.zeros_like(base)
    want[1, 2:4] = 2 * base[1, 2:4]
    onp.testing.assert_array_equal(onp.asarray(g), want)


# ----------------------------------------------------------------------------- staged helper


def _affine(x, y, *, scale):
    return x * scale + y


def test_staged_compiles_once_per_signature_and_static_value(xla_path):
    f = staged.staged(_affine)
    a, b = xnp.asarray(onp.arange(3.0)), xnp.asarray(onp.ones(3))
    before = xnp.cache_info()["staged_compiles"]
    for _ in range(3):
        onp.testing.assert_array_equal(onp.asarray(f(a, b, scale=2.0)), onp.arange(3.0) * 2 + 1)
    f(a, b, scale=3.0)
    f(a, 1.0, scale=3.0)  # a Python scalar operand: weakly typed, keeps float64
    assert f(a, 1.0, scale=3.0).dtype == onp.float64
    f(xnp.asarray(onp.arange(3, dtype=onp.float32)), 1.0, scale=3.0)
    assert f(xnp.asarray(onp.arange(3, dtype=onp.float32)), 1.0, scale=3.0).dtype == onp.float32
    assert xnp.cache_info()["staged_compiles"] - before == 4
    assert f._cache_size() == 4


def test_staged_inlines_under_jit_and_differentiates():
    f = staged.staged(_affine, name="affine")
    jaxpr = xnp.make_jaxpr(lambda x: f(x, x, scale=2.0))(onp.ones(2))
    assert "jit" not in str(jaxpr) and "mul" in str(jaxpr)
    g = xnp.grad(lambda x: f(x, x, scale=3.0).sum())(xnp.ones(2))
    onp.testing.assert_array_equal(onp.asarray(g), [4.0, 4.0])
    v = xnp.vmap(lambda x: f(x, 1.0, scale=2.0))(xnp.ones((3, 2)))
    onp.testing.assert_array_equal(onp.asarray(v), onp.full((3, 2), 3.0))


def test_staged_not_inline_stages_one_call():
    f = staged.staged(_affine, name="affine", inline=False)
    jaxpr = str(xnp.make_jaxpr(lambda x: f(x, x, scale=2.0))(onp.ones(2)))
    assert "jit" in jaxpr
    onp.testing.assert_array_equal(onp.asarray(xnp.jit(lambda x: f(x, x, scale=2.0))(onp.ones(2))),
                                   [3.0, 3.0])  # fmt: skip


@on_both
def test_staged_none_operand_and_pytree_output(path):
    def fn(x, w):
        return {"a": x if w is None else x * w, "b": (x + 1,)}

    f = staged.staged(fn)
    x = xnp.asarray(onp.arange(3.0))
    out = f(x, None)
    onp.testing.assert_array_equal(onp.asarray(out["a"]), onp.arange(3.0))
    onp.testing.assert_array_equal(onp.asarray(out["b"][0]), onp.arange(3.0) + 1)
    onp.testing.assert_array_equal(onp.asarray(f(x, x)["a"]), onp.arange(3.0) ** 2)


def test_staged_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(staged, "MAX_ENTRIES", 3)
    f = staged.staged(_affine)
    for n in range(1, 7):
        f(xnp.ones(n), 1.0, scale=1.0)
    assert f._cache_size() == 3


def test_staged_unhashable_static_says_so():
    f = staged.staged(_affine, name="affine")
    with pytest.raises(TypeError, match="affine: static parameters must be hashable"):
        f(xnp.ones(2), 1.0, scale=[1.0])


def test_eager_primitive_cache_is_bounded(xla_path):
    limit = len(dispatch._eager_cache) + 2
    old = config.cache_size
    config.update("cache_size", limit)
    try:
        for n in range(1, 6):
            xnp.lax.neg(xnp.ones(n + 100))
        assert len(dispatch._eager_cache) <= limit
    finally:
        config.update("cache_size", old)


def test_host_results_stay_on_the_host_and_device_results_use_xla():
    x = xnp.asarray(onp.arange(8.0))
    before = xnp.cache_info()
    y = xnp.sin(x) * 2.0 + x[2]
    after = xnp.cache_info()
    assert after["host_calls"] > before["host_calls"]
    assert after["xla_compiles"] == before["xla_compiles"]
    assert y._buf is None and y._npy is not None and not y._npy.flags.writeable
    onp.testing.assert_allclose(onp.asarray(y), onp.sin(onp.arange(8.0)) * 2 + 2, rtol=1e-15)
    with config._override("host_max_size", 4):  # too large for the host: XLA
        z = xnp.sin(x)
    assert z._buf is not None
    onp.testing.assert_allclose(onp.asarray(z), onp.sin(onp.arange(8.0)), rtol=1e-15)


def test_host_path_raises_no_numpy_warnings():
    a = onp.array([0.0, -1.0, 1e308])
    x = xnp.asarray(a)
    with onp.errstate(all="raise"):  # NumPy's own state is left alone...
        r = onp.asarray(xnp.log(x) + x * 10.0 + 1.0 / x)
    with onp.errstate(all="ignore"):
        onp.testing.assert_array_equal(r, onp.log(a) + a * 10.0 + 1.0 / a)
    with pytest.raises(FloatingPointError):  # ...and restored afterwards
        with onp.errstate(all="raise"):
            onp.log(onp.zeros(1))


def test_eager_control_flow_in_a_python_loop_compiles_once(xla_path):
    def step(i, c):
        return c * 2.0 + i

    x = xnp.ones(3)
    xnp.lax.fori_loop(0, 4, step, x)
    before = _compiles()
    for k in range(20):
        out = xnp.lax.fori_loop(0, 4, step, x + k)
        want = onp.ones(3) + k
        for i in range(4):
            want = want * 2.0 + i
        onp.testing.assert_array_equal(onp.asarray(out), want)
    assert _compiles() - before <= 1  # (x + k is one more program)


def test_structural_cache_tells_different_constants_apart(xla_path):
    outs = []
    for c in (1.0, 2.0, 3.0):
        const = xnp.asarray(onp.full(3, c))
        body = lambda i, v, c=const: v + c  # noqa: E731
        outs.append(onp.asarray(xnp.lax.fori_loop(0, 2, body, xnp.zeros(3))))
    onp.testing.assert_array_equal(onp.stack(outs), [[2.0] * 3, [4.0] * 3, [6.0] * 3])
