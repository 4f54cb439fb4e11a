"""jit: caching, static arguments, donation, nesting, closures, lowering, errors."""

from __future__ import annotations

import numpy as onp
import pytest

import xnp
from xnp import lax


def test_jit_matches_eager() -> None:
    f = lambda x, y: xnp.tanh(x @ y + 1.0).sum()  # noqa: E731
    x = onp.random.RandomState(0).randn(3, 4)
    y = onp.random.RandomState(1).randn(4, 2)
    onp.testing.assert_allclose(xnp.jit(f)(x, y), f(xnp.asarray(x), xnp.asarray(y)), rtol=1e-12)


def test_second_call_does_not_retrace_and_new_shape_does() -> None:
    traces = []

    @xnp.jit
    def f(x):  # noqa: ANN001, ANN202
        traces.append(x.shape)
        return x * 2

    f(xnp.ones(3))
    f(xnp.ones(3))
    assert traces == [(3,)]
    f(xnp.ones(4))
    assert traces == [(3,), (4,)]
    f(xnp.ones(3, xnp.float32))
    assert len(traces) == 3
    assert f._cache_size() == 3


def test_python_scalars_are_weak_and_do_not_retrace_per_value() -> None:
    traces = []

    @xnp.jit
    def f(x, s):  # noqa: ANN001, ANN202
        traces.append(1)
        return x * s

    x = xnp.ones(3, xnp.float32)
    assert f(x, 2.0).dtype == xnp.float32
    f(x, 3.0)
    assert len(traces) == 1
    onp.testing.assert_allclose(f(x, 3.0), [3.0, 3.0, 3.0])


def test_static_argnums_and_argnames() -> None:
    traces = []

    def f(x, n, *, mode="a"):  # noqa: ANN001, ANN202
        traces.append((n, mode))
        return x * n if mode == "a" else x + n

    g = xnp.jit(f, static_argnums=1, static_argnames="mode")
    x = xnp.arange(3.0)
    onp.testing.assert_allclose(g(x, 2), [0, 2, 4])
    onp.testing.assert_allclose(g(x, 2, mode="b"), [2, 3, 4])
    g(x, 2)
    assert traces == [(2, "a"), (2, "b")]
    g(x, 3)
    assert len(traces) == 3


def test_static_arg_must_be_hashable() -> None:
    g = xnp.jit(lambda x, n: x, static_argnums=1)
    with pytest.raises(ValueError, match="hashable"):
        g(xnp.ones(2), [1, 2])


def test_non_array_argument_names_the_fix() -> None:
    with pytest.raises(TypeError, match="static_argnums"):
        xnp.jit(lambda x, s: x)(xnp.ones(2), "hello")


def test_python_if_on_traced_value_points_to_fixes() -> None:
    def f(x):  # noqa: ANN001, ANN202
        if x > 0:
            return x
        return -x

    with pytest.raises(xnp._src.core.TracerBoolConversionError) as e:
        xnp.jit(f)(1.0)
    msg = str(e.value)
    assert "`f`" in msg and "test_jit.py" in msg
    assert "static_argnums" in msg and "lax.cond" in msg and "xnp.where" in msg


def test_int_of_tracer_errors() -> None:
    with pytest.raises(TypeError):
        xnp.jit(lambda x: int(x))(1)


def test_print_of_tracer_shows_shape_and_dtype(capsys: pytest.CaptureFixture) -> None:
    @xnp.jit
    def f(x):  # noqa: ANN001, ANN202
        print(x)
        return x

    f(xnp.ones((2, 3), xnp.float32))
    out = capsys.readouterr().out
    assert "f32[2,3]" in out


def test_nested_jit_and_closure_over_array() -> None:
    c = xnp.arange(3.0)
    inner = xnp.jit(lambda x: x + c)
    outer = xnp.jit(lambda x: inner(x) * 2)
    onp.testing.assert_allclose(outer(xnp.ones(3)), [2, 4, 6])
    assert "jit" in str(xnp.make_jaxpr(outer)(xnp.ones(3)))


def test_pytrees_in_and_out() -> None:
    @xnp.jit
    def f(d):  # noqa: ANN001, ANN202
        return {"s": d["a"] + d["b"][0], "t": (d["b"][1] * 2,)}

    out = f({"a": xnp.ones(2), "b": [xnp.ones(2), 3.0]})
    onp.testing.assert_allclose(out["s"], [2, 2])
    onp.testing.assert_allclose(out["t"][0], 6.0)


def test_kwargs() -> None:
    f = xnp.jit(lambda x, y=1.0: x - y)
    onp.testing.assert_allclose(f(xnp.ones(2), y=3.0), [-2, -2])


def test_lower_as_text_and_compile() -> None:
    f = xnp.jit(lambda x: xnp.sin(x) * 2)
    lowered = f.lower(xnp.ones(3, xnp.float32))
    text = lowered.as_text()
    assert "stablehlo.sine" in text and "tensor<3xf32>" in text
    compiled = lowered.compile()
    onp.testing.assert_allclose(compiled(xnp.ones(3, xnp.float32)), 2 * onp.sin(1.0), rtol=1e-6)
    with pytest.raises(TypeError, match="compiled for"):
        compiled(xnp.ones(4, xnp.float32))
    assert isinstance(compiled.as_text(), str)


def test_lower_with_shape_dtype_struct() -> None:
    f = xnp.jit(lambda x: x.sum())
    text = f.lower(xnp.ShapeDtypeStruct((2, 5), xnp.float32)).as_text()
    assert "tensor<2x5xf32>" in text


def test_donate_argnums() -> None:
    f = xnp.jit(lambda x: x + 1, donate_argnums=0)
    x = xnp.ones(1000)
    x.block_until_ready()
    y = f(x)
    onp.testing.assert_allclose(y[:3], [2, 2, 2])
    # the donated array is gone, its host copy included: a use raises rather than reading
    # the old value
    assert x.is_deleted()
    with pytest.raises(RuntimeError, match="deleted"):
        onp.asarray(x)
    # the output reuses a donated buffer XLA made (one made from a NumPy array may be a
    # zero-copy view of host memory, which PJRT copies instead), so a loop of donating calls
    # holds one buffer
    z = f(xnp.ones(1000))
    ptr = z._buf.unsafe_buffer_pointer()
    z = f(z)
    assert z._buf.unsafe_buffer_pointer() == ptr
    before = len(xnp.live_arrays())
    for _ in range(20):
        z = f(z)
    assert len(xnp.live_arrays()) <= before
    assert float(z[0]) == 23.0


def test_disable_jit_runs_python() -> None:
    calls = []

    def f(x):  # noqa: ANN001, ANN202
        calls.append(type(x).__name__)
        return x + 1

    with xnp.disable_jit():
        xnp.jit(f)(xnp.ones(2))
    assert calls == ["ndarray"]


def test_eval_shape() -> None:
    out = xnp.eval_shape(
        lambda x, y: (x @ y, x.sum()), xnp.ones((2, 3)), xnp.ShapeDtypeStruct((3, 4), xnp.float32)
    )
    assert out[0].shape == (2, 4) and out[0].dtype == onp.float64
    assert out[1].shape == ()


def test_make_jaxpr_printer() -> None:
    text = str(xnp.make_jaxpr(lambda x: xnp.sin(x) * 2.0)(xnp.ones(3)))
    assert text.startswith("{ lambda ; a:f64[3]. let")
    assert "sin a" in text and "mul" in text and text.rstrip().endswith("}")


def test_debug_nans() -> None:
    with xnp.debug_nans(True):
        with pytest.raises(FloatingPointError):
            xnp.log(xnp.array(-1.0))
        with pytest.raises(FloatingPointError):
            xnp.jit(lambda x: xnp.log(x))(xnp.array(-1.0))


def test_enable_x64_off_gives_32_bit_defaults() -> None:
    with xnp.enable_x64(False):
        assert xnp.ones(3).dtype == onp.float32
        assert xnp.arange(3).dtype == onp.int32
        assert xnp.jit(lambda x: x * 2)(xnp.ones(2)).dtype == onp.float32
    assert xnp.ones(3).dtype == onp.float64


def test_leaked_tracer_is_a_clear_error() -> None:
    leaked = []

    @xnp.jit
    def f(x):  # noqa: ANN001, ANN202
        leaked.append(x)
        return x

    f(xnp.ones(2))
    with pytest.raises(Exception, match="escaped|finished"):
        xnp.jit(lambda y: y + leaked[0])(xnp.ones(2))


def test_jit_of_lax_control_flow_stays_compiled() -> None:
    f = xnp.jit(lambda n: lax.fori_loop(0, n, lambda i, v: v + i, 0))
    assert int(f(10)) == 45
