"""xnp.scipy.special's exponential integrals, elliptic integrals and integer-order Bessel
functions beyond the accuracy rows of special_accuracy.py: jit against eager, vmap against a
loop, tuple outputs, dtypes, broadcasting, and the error for a derivative in an integer
order."""

from __future__ import annotations

import numpy as onp
import pytest
import scipy.special as sp

import xnp
import xnp.scipy.special as xsp

_UNARY = ["erfcx", "erfi", "dawsn", "expi", "exp1", "spence", "ellipk", "ellipkm1", "ellipe",
          "j0", "j1", "y0", "y1", "k0", "k0e", "k1", "k1e"]  # fmt: skip
_X = onp.array([0.0, 1e-8, 0.3, 0.999, 1.5, 3.7, 12.5, 30.0, -0.7, onp.nan])


@pytest.mark.parametrize("name", _UNARY)
def test_jit_matches_eager_and_scipy(name: str) -> None:
    fn = getattr(xsp, name)
    x = _X if name not in ("ellipk", "ellipe") else _X / 40.0
    eager = onp.asarray(fn(x))
    jitted = onp.asarray(xnp.jit(fn)(x))
    with onp.errstate(all="ignore"):
        want = getattr(sp, name)(x)
    onp.testing.assert_allclose(jitted, eager, rtol=1e-14, atol=0)
    onp.testing.assert_allclose(eager, want, rtol=1e-13, atol=0)


@pytest.mark.parametrize("name", ["expi", "k1e", "y1", "ellipe"])
def test_vmap_matches_loop(name: str) -> None:
    fn = getattr(xsp, name)
    x = onp.linspace(0.05, 0.95, 6)
    got = onp.asarray(xnp.vmap(fn)(x))
    want = onp.array([onp.asarray(fn(v)) for v in x])
    onp.testing.assert_allclose(got, want, rtol=1e-15)


@pytest.mark.parametrize("name", ["sici", "shichi"])
def test_tuple_outputs(name: str) -> None:
    x = onp.array([-2.5, 0.5, 3.0, 45.0])
    got = getattr(xsp, name)(x)
    want = getattr(sp, name)(x)
    assert isinstance(got, tuple) and len(got) == 2
    for g, w in zip(got, want, strict=True):
        onp.testing.assert_allclose(onp.asarray(g), w, rtol=1e-14)
    g32 = getattr(xsp, name)(x.astype(onp.float32))
    assert all(g.dtype == onp.float32 for g in g32)
    jitted = xnp.jit(getattr(xsp, name))(x)
    for g, w in zip(jitted, want, strict=True):
        onp.testing.assert_allclose(onp.asarray(g), w, rtol=1e-14)
    # d/dx Si = sin(x)/x, d/dx Shi = sinh(x)/x
    d = xnp.grad(lambda v: getattr(xsp, name)(v)[0])(1.3)
    want_d = onp.sin(1.3) / 1.3 if name == "sici" else onp.sinh(1.3) / 1.3
    onp.testing.assert_allclose(float(d), want_d, rtol=1e-14)


def test_dtypes_and_broadcasting() -> None:
    assert xsp.j0(onp.arange(3)).dtype == onp.float64
    assert xsp.erfcx(onp.ones(3, onp.float32)).dtype == onp.float32
    p32 = onp.ones((2, 1), onp.float32)
    assert xsp.elliprj(1.0, 2.0, 3.0, p32).dtype == sp.elliprj(1.0, 2.0, 3.0, p32).dtype
    n = onp.arange(4).reshape(4, 1)
    x = onp.array([0.5, 2.0, 7.0])
    out = xsp.expn(n, x)
    assert out.shape == (4, 3)
    onp.testing.assert_allclose(onp.asarray(out), sp.expn(n, x), rtol=1e-14)
    phi = onp.array([[0.3], [1.2]])
    m = onp.array([0.1, 0.5, 0.9])
    onp.testing.assert_allclose(
        onp.asarray(xsp.ellipkinc(phi, m)), sp.ellipkinc(phi, m), rtol=1e-14
    )
    with pytest.raises(ValueError):
        xsp.elliprf(onp.ones(2), onp.ones(3), onp.ones(2))


def test_integer_order_is_not_differentiable() -> None:
    with pytest.raises(TypeError, match="expn: not differentiable in 'n'"):
        xnp.grad(lambda n: xsp.expn(n, 1.5))(2.0)
    # the derivative in x is -E_(n-1)
    g = xnp.grad(lambda x: xsp.expn(3.0, x))(1.5)
    onp.testing.assert_allclose(float(g), -sp.expn(2, 1.5), rtol=1e-14)
    # an order that carries no tangent (stop_gradient) is accepted
    g = xnp.grad(lambda x: xsp.expn(xnp.lax.stop_gradient(x * 0 + 2.0), x))(1.5)
    onp.testing.assert_allclose(float(g), -sp.expn(1, 1.5), rtol=1e-14)


@pytest.mark.parametrize(
    ("name", "x", "want"),
    [("j1", 0.0, 0.5), ("k0e", 0.7, sp.k0e(0.7) - sp.k1e(0.7)), ("ellipk", 0.0, onp.pi / 8),
     ("ellipe", 0.0, -onp.pi / 8), ("spence", 1.0, -1.0), ("dawsn", 0.0, 1.0)],
)  # fmt: skip
def test_derivative_closed_forms(name: str, x: float, want: float) -> None:
    g = xnp.grad(getattr(xsp, name))(x)
    onp.testing.assert_allclose(float(g), want, rtol=1e-13)


def test_exported_from_xnp_special() -> None:
    import xnp.special as xs

    for name in _UNARY + ["sici", "shichi", "expn", "elliprf", "elliprj", "ellipkinc"]:
        assert getattr(xs, name) is getattr(xsp, name)


_ORTHO = ["eval_legendre", "eval_chebyt", "eval_chebyu", "eval_hermite", "eval_hermitenorm",
          "eval_laguerre"]  # fmt: skip


@pytest.mark.parametrize("name", _ORTHO)
def test_orthogonal_transforms(name: str) -> None:
    fn = getattr(xsp, name)
    n = onp.array([0.0, 1.0, 2.0, 7.0, 12.0])
    x = onp.array([-0.9, 0.3, 1.0, 2.5, 0.0])
    want = getattr(sp, name)(n.astype(int), x)
    onp.testing.assert_allclose(onp.asarray(xnp.jit(fn)(n, x)), want, rtol=1e-14)
    # vmap: each element's own degree inside one batched loop
    onp.testing.assert_allclose(onp.asarray(xnp.vmap(fn)(n, x)), want, rtol=1e-14)
    # a degree that is not an integer: NaN (SciPy's hypergeometric continuation is not here)
    assert onp.isnan(float(fn(2.5, 0.3)))
    with pytest.raises(TypeError, match="not differentiable in 'n'"):
        xnp.grad(fn)(3.0, 0.3)
    # d/dx at the interval's ends, where the closed forms have removable singularities
    for x0 in (1.0, -1.0, 0.0):
        g = float(xnp.grad(fn, argnums=1)(4.0, x0))
        h = 1e-6
        fd = (sp_eval(name, 4, x0 + h) - sp_eval(name, 4, x0 - h)) / (2 * h)
        onp.testing.assert_allclose(g, fd, rtol=1e-7, atol=1e-7)


def sp_eval(name: str, n: int, x: float) -> float:
    return float(getattr(sp, name)(n, x))


def test_genlaguerre() -> None:
    n = onp.array([0.0, 1.0, 3.0, 9.0])
    a = onp.array([0.5, -0.5, 2.0, 4.5])
    x = onp.array([0.3, 1.7, 5.0, 0.0])
    want = sp.eval_genlaguerre(n.astype(int), a, x)
    f = xsp.eval_genlaguerre
    onp.testing.assert_allclose(onp.asarray(f(n, a, x)), want, rtol=1e-14)
    onp.testing.assert_allclose(onp.asarray(xnp.jit(f)(n, a, x)), want, rtol=1e-14)
    onp.testing.assert_allclose(onp.asarray(xnp.vmap(f)(n, a, x)), want, rtol=1e-14)
    with pytest.raises(TypeError, match="not differentiable in 'n'"):
        xnp.grad(f)(3.0, 0.5, 0.3)
    # d/dalpha = sum_(k<n) L_k^(alpha) / (n - k)
    g = float(xnp.grad(f, argnums=1)(4.0, 0.5, 1.1))
    want_g = sum(sp.eval_genlaguerre(k, 0.5, 1.1) / (4 - k) for k in range(4))
    onp.testing.assert_allclose(g, want_g, rtol=1e-13)
