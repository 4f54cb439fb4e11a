"""The autodiff API: seed values, composition, pytrees, custom rules, checkpoint, errors."""

from __future__ import annotations

import numpy as onp
import pytest

import xnp
from xnp import lax


def tanh(x):  # noqa: ANN001, ANN201
    y = xnp.exp(-2.0 * x)
    return (1.0 - y) / (1.0 + y)


def abs_val(x):  # noqa: ANN001, ANN201
    if x > 0:
        return x
    return -x


def test_seed_values() -> None:
    onp.testing.assert_allclose(xnp.grad(tanh)(1.0), 0.41997434161402603, rtol=1e-15)
    g32 = xnp.grad(tanh)(xnp.float32(1.0))
    assert g32.dtype == onp.float32
    onp.testing.assert_allclose(g32, 0.4199743, rtol=1e-6)
    g3 = xnp.grad(xnp.grad(xnp.grad(tanh)))(xnp.float32(1.0))
    onp.testing.assert_allclose(g3, 0.62162673, rtol=1e-5)
    assert xnp.grad(abs_val)(1.0) == 1.0
    assert xnp.grad(abs_val)(-1.0) == -1.0


def test_no_perturbation_confusion() -> None:
    assert xnp.grad(lambda x: xnp.grad(lambda y: x * y)(2.0))(3.0) == 1.0


def test_composition_with_jit() -> None:
    f = lambda x: xnp.sum(xnp.sin(x) ** 2)  # noqa: E731
    x = xnp.linspace(0.0, 1.0, 5)
    g = xnp.grad(f)(x)
    onp.testing.assert_allclose(xnp.jit(xnp.grad(f))(x), g, rtol=1e-12)
    onp.testing.assert_allclose(xnp.grad(xnp.jit(f))(x), g, rtol=1e-12)
    onp.testing.assert_allclose(g, onp.sin(2 * onp.asarray(x)), rtol=1e-12)


def test_jacobians_and_hessian() -> None:
    f = lambda x: xnp.array([x[0] ** 2 * x[1], xnp.sin(x[1])])  # noqa: E731
    x = xnp.array([1.0, 2.0])
    expected = onp.array([[4.0, 1.0], [0.0, onp.cos(2.0)]])
    onp.testing.assert_allclose(xnp.jacfwd(f)(x), expected, rtol=1e-12)
    onp.testing.assert_allclose(xnp.jacrev(f)(x), expected, rtol=1e-12)
    h = xnp.hessian(lambda x: x[0] ** 2 * x[1] + x[1] ** 3)(x)
    onp.testing.assert_allclose(h, [[4.0, 2.0], [2.0, 12.0]], rtol=1e-12)
    onp.testing.assert_allclose(
        xnp.jacfwd(xnp.jacrev(lambda x: xnp.sum(x**3)))(x), onp.diag(6 * onp.asarray(x)), rtol=1e-12
    )


def test_python_control_flow_and_recursion_on_concrete_values() -> None:
    def power(x, n):  # noqa: ANN001, ANN202
        return 1.0 if n == 0 else x * power(x, n - 1)

    assert xnp.grad(power)(2.0, 5) == 80.0

    def loop(x):  # noqa: ANN001, ANN202
        for _ in range(3):
            x = xnp.sin(x) if x > 0 else xnp.cos(x)
        return x

    eps = 1e-6
    fd = (loop(0.5 + eps) - loop(0.5 - eps)) / (2 * eps)
    onp.testing.assert_allclose(xnp.grad(loop)(0.5), fd, rtol=1e-6)


def test_argnums_has_aux_value_and_grad_pytrees() -> None:
    def f(params, x):  # noqa: ANN001, ANN202
        w, b = params["w"], params["b"]
        y = xnp.sum(w * x + b)
        return y, {"y": y}

    params = {"w": xnp.array([1.0, 2.0]), "b": 3.0}
    (val, aux), g = xnp.value_and_grad(f, has_aux=True)(params, xnp.array([4.0, 5.0]))
    assert float(val) == 20.0 and float(aux["y"]) == 20.0
    onp.testing.assert_allclose(g["w"], [4.0, 5.0])
    assert float(g["b"]) == 2.0
    gx, gy = xnp.grad(lambda x, y: x * y, argnums=(0, 1))(2.0, 3.0)
    assert (float(gx), float(gy)) == (3.0, 2.0)


def test_jvp_vjp_linearize_linear_transpose() -> None:
    p, t = xnp.jvp(xnp.sin, (1.0,), (2.0,))
    onp.testing.assert_allclose([p, t], [onp.sin(1.0), 2 * onp.cos(1.0)])
    y, pullback = xnp.vjp(lambda x: x**2, xnp.array([1.0, 2.0]))
    onp.testing.assert_allclose(pullback(xnp.ones(2))[0], [2.0, 4.0])
    y, f_jvp = xnp.linearize(xnp.exp, 1.0)
    onp.testing.assert_allclose(f_jvp(2.0), 2 * onp.e)
    (ct,) = xnp.linear_transpose(lambda x: 3.0 * x, 1.0)(1.0)
    assert float(ct) == 3.0


def test_errors() -> None:
    with pytest.raises(TypeError, match="scalar-output"):
        xnp.grad(lambda x: x)(xnp.ones(3))
    with pytest.raises(TypeError, match="allow_int"):
        xnp.grad(lambda x: x * 1.0)(1)
    with pytest.raises(TypeError, match="arrays"):
        xnp.grad(lambda x: "not an array")(1.0)
    with pytest.raises(TypeError, match="real-valued outputs"):
        xnp.grad(lambda x: (x > 0).astype(xnp.int32))(1.0)
    with pytest.raises(ValueError, match="structure|shape"):
        xnp.jvp(lambda x: x, (1.0,), (xnp.ones(2),))


def test_custom_jvp() -> None:
    @xnp.custom_jvp
    def f(x):  # noqa: ANN001, ANN202
        return xnp.sin(x)

    @f.defjvp
    def f_jvp(primals, tangents):  # noqa: ANN001, ANN202
        (x,), (t,) = primals, tangents
        return f(x), 2.0 * t

    assert float(xnp.grad(f)(1.0)) == 2.0
    assert float(xnp.jit(xnp.grad(f))(1.0)) == 2.0
    onp.testing.assert_allclose(xnp.vmap(xnp.grad(f))(xnp.ones(3)), [2.0, 2.0, 2.0])

    @xnp.custom_jvp
    def g(x, y):  # noqa: ANN001, ANN202
        return x * y

    g.defjvps(lambda t, ans, x, y: t * y * 10.0, lambda t, ans, x, y: t * x)
    assert float(xnp.grad(g)(2.0, 3.0)) == 30.0


def test_custom_vjp_and_bad_bwd_structure() -> None:
    @xnp.custom_vjp
    def f(x, y):  # noqa: ANN001, ANN202
        return x * y

    f.defvjp(lambda x, y: (f(x, y), (x, y)), lambda res, ct: (ct * res[1] * 10.0, ct * res[0]))
    assert float(xnp.grad(f)(2.0, 3.0)) == 30.0
    assert float(xnp.jit(xnp.grad(f))(2.0, 3.0)) == 30.0
    f.defvjp(lambda x, y: (f(x, y), (x, y)), lambda res, ct: (ct,))
    with pytest.raises(TypeError, match="tuple of length 2"):
        xnp.grad(f)(2.0, 3.0)
    with pytest.raises(TypeError, match="forward-mode"):
        xnp.jvp(f, (2.0, 3.0), (1.0, 1.0))


def test_checkpoint_same_gradient_and_policy() -> None:
    f = lambda x: xnp.sin(xnp.sin(x))  # noqa: E731
    loss = lambda x: xnp.sum(f(x) ** 2)  # noqa: E731
    x = xnp.linspace(0.0, 1.0, 4)
    expected = xnp.grad(loss)(x)
    for policy in (None, xnp.checkpoint_policies.dots_saveable):
        fc = xnp.checkpoint(f, policy=policy)
        onp.testing.assert_allclose(
            xnp.grad(lambda x, fc=fc: xnp.sum(fc(x) ** 2))(x), expected, rtol=1e-12
        )
    fr = xnp.remat(f)
    g = lambda w: lax.scan(lambda c, _: (fr(c * w), None), 1.0, None, length=4)[0]  # noqa: E731
    h = lambda w: lax.scan(lambda c, _: (f(c * w), None), 1.0, None, length=4)[0]  # noqa: E731
    onp.testing.assert_allclose(xnp.jit(xnp.grad(g))(0.7), xnp.grad(h)(0.7), rtol=1e-12)


def test_stop_gradient() -> None:
    f = lambda x: x * lax.stop_gradient(x)  # noqa: E731
    assert float(xnp.grad(f)(3.0)) == 3.0
