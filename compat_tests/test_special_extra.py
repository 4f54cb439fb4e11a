"""The special functions added in issue 16 (sinc, eval_jacobi, eval_gegenbauer, smirnov,
smirnovi, owens_t, ellipj) beyond their accuracy rows in special_accuracy.py: jit against
eager and SciPy, vmap against a loop, gradients in the non-integer arguments against central
differences of SciPy, tuple outputs, dtypes, and the error for a derivative in an integer
degree."""

from __future__ import annotations

import warnings

import numpy as onp
import pytest
import scipy.special as sp
import special_accuracy as acc

import xnp
import xnp.scipy.special as xsp

_NEW = ["sinc", "eval_jacobi", "eval_gegenbauer", "smirnov", "smirnovi", "owens_t", "ellipj:2",
        "wofz:real", "wofz:imag", "voigt_profile", "fresnel:0", "lambertw:imag",
        "wrightomega", "hyp1f1", "iv", "ive"]  # fmt: skip


@pytest.mark.parametrize("name", _NEW)
def test_jit_matches_eager_and_scipy(name: str) -> None:
    row = acc.ROWS_BY_NAME[name]
    args = acc.row_inputs(row, onp.float64)
    jitted = acc.evaluate(row, args, jit=True)
    assert acc.measure(row, onp.float64, got=jitted) <= row.tol64, name
    eager = acc.evaluate(row, args)
    onp.testing.assert_allclose(jitted, eager, rtol=1e-14, atol=1e-300)


# (function, arguments of one batch; the vmapped axis is the last argument's)
_VMAP = [
    ("eval_jacobi", (3.0, 0.5, 1.5, onp.linspace(-0.9, 0.9, 5))),
    ("eval_gegenbauer", (4.0, 0.7, onp.linspace(-0.9, 0.9, 5))),
    ("smirnov", (7.0, onp.linspace(0.05, 0.9, 5))),
    ("smirnovi", (7.0, onp.linspace(0.05, 0.95, 5))),
    ("owens_t", (0.8, onp.linspace(-3.0, 3.0, 5))),
    ("sinc", (onp.linspace(-3.0, 3.0, 5),)),
    ("voigt_profile", (0.7, 1.3, onp.linspace(0.0, 3.0, 5))),
    ("wrightomega", (onp.linspace(-5.0, 5.0, 5),)),
    ("hyp1f1", (0.5, 2.0, onp.linspace(-40.0, 40.0, 5))),
    ("ive", (1.5, onp.linspace(0.0, 100.0, 5))),
]


@pytest.mark.parametrize(("name", "args"), _VMAP, ids=[v[0] for v in _VMAP])
def test_vmap_matches_loop(name: str, args: tuple) -> None:
    fn = getattr(xsp, name)
    *fixed, batch = args
    got = onp.asarray(xnp.vmap(lambda v: fn(*fixed, v))(batch))
    want = onp.array([float(fn(*fixed, v)) for v in batch])
    onp.testing.assert_allclose(got, want, rtol=1e-14)


def test_ellipj_tuple_vmap_dtypes() -> None:
    u = onp.array([-2.0, 0.3, 1.7, 12.0])
    m = onp.array([0.0, 0.4, 0.95, 1.0])
    got = xsp.ellipj(u, m)
    want = sp.ellipj(u, m)
    assert isinstance(got, tuple) and len(got) == 4
    for g, w in zip(got, want, strict=True):
        onp.testing.assert_allclose(onp.asarray(g), w, rtol=1e-14)
    batched = xnp.vmap(xsp.ellipj)(u, m)
    for g, w in zip(batched, want, strict=True):
        onp.testing.assert_allclose(onp.asarray(g), w, rtol=1e-14)
    assert all(g.dtype == onp.float32 for g in xsp.ellipj(u.astype(onp.float32), 0.5))
    assert xsp.ellipj(onp.arange(3), 0)[0].dtype == onp.float64


# (name, point, indices of the differentiable arguments)
_GRADS = [
    ("eval_jacobi", (5.0, 0.4, 0.7, 0.3), (1, 2, 3)),
    ("eval_jacobi", (3.0, 2.5, -0.5, -0.8), (1, 2, 3)),
    ("eval_gegenbauer", (5.0, 0.4, 0.3), (1, 2)),
    ("eval_gegenbauer", (4.0, 2.0, -0.7), (1, 2)),
    ("smirnov", (5.0, 0.3), (1,)),
    ("smirnov", (20.0, 0.1), (1,)),
    ("smirnovi", (20.0, 0.8), (1,)),
    ("smirnovi", (5.0, 0.05), (1,)),
    ("hyp1f1", (0.7, 2.5, 3.0), (0, 1, 2)),
    ("hyp1f1", (1.5, 4.0, -20.0), (0, 1, 2)),
    ("ive", (3.5, 60.0), (0, 1)),
    ("iv", (2.0, -1.3), (1,)),
]


@pytest.mark.parametrize(("name", "point", "which"), _GRADS)
def test_grad_central_differences(name: str, point: tuple, which: tuple) -> None:
    fn = getattr(xsp, name)
    for i in which:
        g = float(xnp.grad(fn, argnums=i)(*point))
        h = 1e-6 * (abs(point[i]) or 1.0)
        hi, lo = list(point), list(point)
        hi[i] += h
        lo[i] -= h
        ref = getattr(sp, name)
        want = (ref(*hi) - ref(*lo)) / (2 * h)
        onp.testing.assert_allclose(g, want, rtol=2e-6, atol=1e-9, err_msg=f"{name} d/d{i}")


def test_grad_under_jit_and_vmap() -> None:
    grad_t = xnp.jit(xnp.vmap(xnp.grad(xsp.owens_t, argnums=1), in_axes=(None, 0)))
    a = onp.array([0.2, 1.0, 3.0])
    want = onp.exp(-0.5 * 0.7**2 * (1 + a * a)) / (2 * onp.pi * (1 + a * a))
    onp.testing.assert_allclose(onp.asarray(grad_t(0.7, a)), want, rtol=1e-14)


@pytest.mark.parametrize("name", ["eval_jacobi", "eval_gegenbauer", "smirnov", "smirnovi"])
def test_integer_degree_not_differentiable(name: str) -> None:
    fn = getattr(xsp, name)
    args = {"eval_jacobi": (3.0, 0.5, 0.5, 0.2), "eval_gegenbauer": (3.0, 0.5, 0.2)}
    point = args.get(name, (3.0, 0.4))
    with pytest.raises(TypeError, match=name):
        xnp.grad(fn, argnums=0)(*point)


def test_sinc_is_numpy_sinc() -> None:
    x = onp.concatenate([onp.linspace(-50.0, 50.0, 201), [0.0, 1e-30, 1e5 + 0.5]])
    for dt in (onp.float64, onp.float32):
        got = onp.asarray(xsp.sinc(x.astype(dt)))
        assert got.dtype == dt
        onp.testing.assert_allclose(got, onp.sinc(x.astype(dt)), rtol=0, atol=8 * onp.finfo(dt).eps)
    assert xsp.sinc(onp.arange(3)).dtype == onp.float64


def test_smirnov_truncates_n_and_checks_domain() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = sp.smirnov(onp.array([2.5, 0.0, 3.0]), onp.array([0.3, 0.3, -0.1]))
    got = onp.asarray(xsp.smirnov(onp.array([2.5, 0.0, 3.0]), onp.array([0.3, 0.3, -0.1])))
    onp.testing.assert_allclose(got, want, rtol=1e-15)
    p = onp.array([1e-20, 0.2, 0.6, 0.99])
    d = xsp.smirnovi(17, p)
    onp.testing.assert_allclose(onp.asarray(xsp.smirnov(17, d)), p, rtol=1e-13)


def test_wofz_dtypes_vmap_and_derivative() -> None:
    z = onp.array([0.3 + 0.2j, -2.0 + 1e-3j, 5.0 - 0.5j, 1e-10 + 6.2j, 30.0 + 0.1j])
    onp.testing.assert_allclose(onp.asarray(xnp.vmap(xsp.wofz)(z)), sp.wofz(z), rtol=1e-14)
    assert xsp.wofz(z.astype(onp.complex64)).dtype == onp.complex64
    for dt in (onp.float32, onp.float64, onp.int32):
        assert xsp.wofz(onp.ones(3, dt)).dtype == sp.wofz(onp.ones(3, dt)).dtype
    # holomorphic: the jvp along a complex direction is w'(z) dz, w' = -2 z w + 2i / sqrt(pi)
    for z0 in (0.3 + 0.2j, -2.0 + 1.5j, 4.0 - 0.5j):
        for dz in (1.0, 1j):
            _, t = xnp.jvp(xsp.wofz, (onp.complex128(z0),), (onp.complex128(dz),))
            h = 1e-6
            want = (sp.wofz(z0 + h * dz) - sp.wofz(z0 - h * dz)) / (2 * h)
            onp.testing.assert_allclose(complex(t), want, rtol=2e-8)


@pytest.mark.parametrize("k", [-1, 1, 3, -2])
def test_lambertw_branches(k: int) -> None:
    x = onp.array([-50.0, -3.7, -1.0, -0.367, -0.3, -1e-10, 1e-10, 0.25, 1.0, 3.7, 700.0])
    y = onp.array([0.0, 1e-10, 0.1, -0.5, 3.0, -7.0, 100.0])
    z = (x[:, None] + 1j * y[None, :]).ravel()
    got = onp.asarray(xsp.lambertw(z, k))
    want = sp.lambertw(z, k)
    assert got.dtype == onp.complex128
    onp.testing.assert_allclose(got, want, rtol=1e-13)  # relative to |W|
    w = got[onp.isfinite(got)]
    zz = z[onp.isfinite(got)]
    onp.testing.assert_allclose(w * onp.exp(w), zz, rtol=1e-12, atol=1e-300)


def test_lambertw_options_and_derivative() -> None:
    z = onp.array([0.5, -0.2, 3.0 + 1.0j])
    k = onp.array([0, -1, 2])
    onp.testing.assert_allclose(onp.asarray(xsp.lambertw(z, k)), sp.lambertw(z, k), rtol=1e-14)
    onp.testing.assert_allclose(
        onp.asarray(xnp.jit(lambda v: xsp.lambertw(v, -1))(z)), sp.lambertw(z, -1), rtol=1e-14
    )
    assert xsp.lambertw(onp.float32(1.0)).dtype == onp.complex128
    with pytest.raises(TypeError, match="lambertw"):
        xsp.lambertw(1.0, 0.5)
    with pytest.raises(ValueError, match="lambertw"):
        xsp.lambertw(1.0, 0, tol=-1.0)
    # holomorphic: W'(z) = W / (z (1 + W)), against central differences of SciPy
    for z0, k0 in ((0.7 + 0.0j, 0), (-0.2 + 0.3j, 0), (2.0 - 1.0j, -1)):
        _, t = xnp.jvp(lambda v, k=k0: xsp.lambertw(v, k), (onp.complex128(z0),), (1.0 + 0j,))
        h = 1e-6
        want = (sp.lambertw(z0 + h, k0) - sp.lambertw(z0 - h, k0)) / (2 * h)
        onp.testing.assert_allclose(complex(t), want, rtol=2e-8)
    g = xnp.grad(lambda v: xnp.real(xsp.lambertw(v)))(0.7)
    w = sp.lambertw(0.7).real
    onp.testing.assert_allclose(float(g), w / (0.7 * (1 + w)), rtol=1e-14)
