"""vmap's API: in_axes/out_axes trees, kwargs, axis_size, nesting, composition, errors."""

from __future__ import annotations

import numpy as onp
import pytest

import xnp


def test_matvec_lowers_to_one_dot_general_without_a_loop() -> None:
    m = xnp.ones((3, 4))
    vs = xnp.ones((5, 4))
    f = xnp.vmap(lambda m, v: m @ v, in_axes=(None, 0))
    text = xnp.jit(f).lower(m, vs).as_text()
    assert text.count("stablehlo.dot_general") == 1
    assert "stablehlo.while" not in text
    onp.testing.assert_allclose(f(m, vs), onp.full((5, 3), 4.0))


def test_in_axes_forms() -> None:
    x = onp.arange(12.0).reshape(3, 4)
    onp.testing.assert_allclose(xnp.vmap(lambda r: r * 2)(x), x * 2)
    onp.testing.assert_allclose(xnp.vmap(lambda c: c.sum(), in_axes=1)(x), x.sum(0))
    onp.testing.assert_allclose(xnp.vmap(lambda c: c.sum(), in_axes=-1)(x), x.sum(0))
    onp.testing.assert_allclose(xnp.vmap(lambda a, b: a + b, in_axes=(0, None))(x, x[0]), x + x[0])
    tree = {"a": x, "b": (x[0], x)}
    out = xnp.vmap(lambda t: t["a"] + t["b"][0] + t["b"][1], in_axes=({"a": 0, "b": (None, 0)},))(
        tree
    )
    onp.testing.assert_allclose(out, x + x[0] + x)


def test_out_axes_and_unbatched_outputs() -> None:
    x = onp.arange(6.0).reshape(2, 3)
    out = xnp.vmap(lambda r: (r * 2, 1.0), out_axes=(1, 0))(x)
    onp.testing.assert_allclose(out[0], (x * 2).T)
    onp.testing.assert_allclose(out[1], [1.0, 1.0])
    same = xnp.vmap(lambda r, c: c, in_axes=(0, None), out_axes=None)(x, xnp.ones(3))
    onp.testing.assert_allclose(same, onp.ones(3))


def test_kwargs_axis_size_nested() -> None:
    x = onp.arange(6.0).reshape(2, 3)
    onp.testing.assert_allclose(xnp.vmap(lambda a, *, b: a * b)(x, b=x), x * x)
    onp.testing.assert_allclose(xnp.vmap(lambda: xnp.ones(2), axis_size=3)(), onp.ones((3, 2)))
    outer = xnp.vmap(xnp.vmap(lambda a, b: a * b, in_axes=(0, None)), in_axes=(None, 0))
    onp.testing.assert_allclose(
        outer(onp.arange(3.0), onp.arange(2.0)), onp.outer(onp.arange(2.0), onp.arange(3.0))
    )


def test_composition() -> None:
    def loss(w, x):  # noqa: ANN001, ANN202
        return xnp.sum(xnp.tanh(x @ w) ** 2)

    w = onp.random.RandomState(0).randn(3, 2)
    xs = onp.random.RandomState(1).randn(4, 3)
    expected = onp.stack([onp.asarray(xnp.grad(loss)(w, x)) for x in xs])
    for f in (
        xnp.vmap(xnp.grad(loss), in_axes=(None, 0)),
        xnp.jit(xnp.vmap(xnp.grad(loss), in_axes=(None, 0))),
        xnp.vmap(xnp.jit(xnp.grad(loss)), in_axes=(None, 0)),
    ):
        # (the eager loop runs NumPy's tanh on the host, the jitted ones XLA's: a few ulps
        # apart, and the gradient's cancellation turns that into ~1e-12 relative)
        onp.testing.assert_allclose(f(w, xs), expected, rtol=1e-10)
    onp.testing.assert_allclose(
        xnp.jacfwd(lambda v: xnp.sin(v))(onp.arange(3.0)),
        onp.diag(onp.cos(onp.arange(3.0))),
        rtol=1e-12,
    )


def test_errors_name_argument_and_sizes() -> None:
    with pytest.raises(ValueError, match="inconsistent sizes.*3.*4"):
        xnp.vmap(lambda a, b: a + b)(xnp.ones(3), xnp.ones(4))
    with pytest.raises(ValueError, match="in_axes"):
        xnp.vmap(lambda a, b: a, in_axes=(0, 0, 0))(xnp.ones(3), xnp.ones(3))
    with pytest.raises(ValueError, match="axis 2.*rank"):
        xnp.vmap(lambda a: a, in_axes=2)(xnp.ones((3, 4)))
    with pytest.raises(ValueError, match="at least one"):
        xnp.vmap(lambda a: a, in_axes=None)(xnp.ones(3))
    with pytest.raises(ValueError, match="tree prefix"):
        xnp.vmap(lambda t: t, in_axes=({"a": 0},))({"b": xnp.ones(3)})
    with pytest.raises(ValueError, match="out_axes=None"):
        xnp.vmap(lambda a: a, out_axes=None)(xnp.ones(3))
