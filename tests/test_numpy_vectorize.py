"""xnp.vectorize against numpy.vectorize: elementwise and gufunc signatures, broadcasting,
excluded arguments (positional and keyword), otypes, several outputs, decorator forms, size-0
input, the Python-loop path for functions that need concrete values; under jit, grad and vmap;
NumPy's errors."""

import math

import numpy as onp
import pytest

import xnp


def _check(got, want):
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _check(g, w)
        return
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    onp.testing.assert_allclose(got, want, rtol=1e-12)


def test_elementwise_broadcasting_and_dtypes():
    x, y = onp.arange(6.0).reshape(2, 3), onp.array([1.0, -1.0, 2.0])
    for fn in [lambda a, b: a * b + 1, lambda a, b: a - b, lambda a, b: a > b]:
        _check(xnp.vectorize(fn)(x, y), onp.vectorize(fn)(x, y))
        _check(xnp.vectorize(fn)(3.0, y), onp.vectorize(fn)(3.0, y))
    _check(
        xnp.vectorize(lambda a: a * 2)(onp.arange(4)), onp.vectorize(lambda a: a * 2)(onp.arange(4))
    )
    _check(
        xnp.vectorize(lambda a: a, otypes=[onp.float32])(onp.arange(3)),
        onp.vectorize(lambda a: a, otypes=[onp.float32])(onp.arange(3)),
    )
    _check(
        xnp.vectorize(lambda a: (a, a * 2), otypes="dd")(onp.arange(3)),
        onp.vectorize(lambda a: (a, a * 2), otypes="dd")(onp.arange(3)),
    )


def test_python_control_flow_falls_back_to_a_loop():
    fns = [
        lambda a, b: a - b if a > b else a + b,
        math.sin,
        lambda a: int(a) % 3,
        lambda a: (a, -a) if a else (0, 0),
    ]
    x = onp.array([[1, 4, 3], [0, 2, 7]])
    for fn in fns[:1]:
        _check(xnp.vectorize(fn)(x, 2), onp.vectorize(fn)(x, 2))
    for fn in fns[1:]:
        _check(xnp.vectorize(fn)(x), onp.vectorize(fn)(x))
    with pytest.raises(TypeError):
        xnp.jit(xnp.vectorize(fns[0]))(x, 2)


def test_excluded_and_keywords():
    def f(a, k, *, scale=1.0):
        return a**k * scale

    _check(
        xnp.vectorize(f, excluded={1})(onp.arange(4.0), 2),
        onp.vectorize(f, excluded={1})(onp.arange(4.0), 2),
    )
    _check(
        xnp.vectorize(f, excluded={"scale"})(onp.arange(4.0), onp.array([1, 2, 3, 1]), scale=2.0),
        onp.vectorize(f, excluded={"scale"})(onp.arange(4.0), onp.array([1, 2, 3, 1]), scale=2.0),
    )
    _check(
        xnp.vectorize(f)(onp.arange(3.0), 2, scale=onp.array([1.0, 2.0, 3.0])),
        onp.vectorize(f)(onp.arange(3.0), 2, scale=onp.array([1.0, 2.0, 3.0])),
    )


def test_signature():
    rng = onp.random.default_rng(0)
    m, v = rng.standard_normal((4, 2, 3)), rng.standard_normal(3)
    for fn, sig, args in [
        (lambda a, b: a @ b, "(m,n),(n)->(m)", (m, v)),
        (lambda a: (a.sum(), a.max()), "(n)->(),()", (m,)),
        (lambda a: a[::-1] * 2, "(n)->(n)", (m,)),
        (lambda a, b: a * b, "(),()->()", (m, v)),
    ]:
        want = onp.vectorize(fn, signature=sig)(*args)
        np_fn = fn
        got = xnp.vectorize(lambda *a, f=np_fn: f(*a), signature=sig)(*args)
        _check(got, want)
    for sig, args, err in [
        ("(m,n),(n)->(m)", (m, rng.standard_normal(4)), ValueError),
        ("(m,n)->(m)", (v,), ValueError),
        ("(n)->(n", (v,), ValueError),
    ]:
        with pytest.raises(err):
            onp.vectorize(lambda *a: a[0], signature=sig)(*args)
        with pytest.raises(err, match="vectorize"):
            xnp.vectorize(lambda *a: a[0], signature=sig)(*args)


def test_decorators_size0_and_errors():
    @xnp.vectorize
    def f(a):
        """doc"""
        return a + 1

    @xnp.vectorize(otypes=[float])
    def g(a):
        return a * 0.5

    _check(f(onp.arange(3)), onp.arange(3) + 1)
    assert f.__doc__ == "doc"
    _check(g(onp.arange(3)), onp.arange(3) * 0.5)
    _check(
        g(onp.zeros((0, 2))), onp.vectorize(lambda a: a * 0.5, otypes=[float])(onp.zeros((0, 2)))
    )
    with pytest.raises(ValueError, match="otypes"):
        xnp.vectorize(lambda a: a)(onp.zeros(0))
    with pytest.raises(ValueError, match="otype"):
        xnp.vectorize(lambda a: a, otypes="?z")


def test_jit_grad_vmap():
    f = xnp.vectorize(lambda a, b: xnp.sin(a) * b)
    x, y = onp.linspace(0, 1, 5), onp.linspace(1, 2, 5)
    _check(xnp.jit(f)(x, y), onp.sin(x) * y)
    _check(xnp.grad(lambda a: xnp.sum(f(a, y)))(x), onp.cos(x) * y)
    _check(xnp.vmap(f, in_axes=(0, None))(onp.stack([x, x]), y), onp.stack([onp.sin(x) * y] * 2))
    h = xnp.vectorize(lambda a: xnp.sum(a**2), signature="(n)->()")
    _check(xnp.grad(lambda a: xnp.sum(h(a)))(onp.ones((2, 3))), 2 * onp.ones((2, 3)))
