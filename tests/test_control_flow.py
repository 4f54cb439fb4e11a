"""cond/switch/while_loop/fori_loop/scan/map against Python control flow: eagerly, under jit,
under grad (against finite differences) and under vmap (against a loop)."""

from __future__ import annotations

import numpy as onp
import pytest
from util import check_grads

import xnp
from xnp import lax


def _fd(f, x, eps=1e-6):  # noqa: ANN001, ANN202
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def cond_f(x):  # noqa: ANN001, ANN201
    return lax.cond(x > 0, lambda v: xnp.sin(v) * 2.0, lambda v: v**3, x)


def cond_ref(x):  # noqa: ANN001, ANN201
    return onp.sin(x) * 2.0 if x > 0 else x**3


def scan_f(w):  # noqa: ANN001, ANN201
    xs = xnp.arange(6.0) / 6.0
    c, ys = lax.scan(lambda c, x: (xnp.tanh(c * w + x), c * x), 0.5, xs)
    return c + xnp.sum(ys)


def scan_ref(w):  # noqa: ANN001, ANN201
    c, total = 0.5, 0.0
    for x in onp.arange(6.0) / 6.0:
        total += c * x
        c = onp.tanh(c * w + x)
    return c + total


@pytest.mark.parametrize("x", [-1.5, 0.7])
def test_cond(x: float) -> None:
    onp.testing.assert_allclose(cond_f(x), cond_ref(x), rtol=1e-12)
    onp.testing.assert_allclose(xnp.jit(cond_f)(x), cond_ref(x), rtol=1e-12)
    onp.testing.assert_allclose(xnp.grad(cond_f)(x), _fd(cond_ref, x), rtol=1e-6)
    check_grads(cond_f, [onp.array(x)], order=2)


def test_cond_vmap_batched_predicate() -> None:
    xs = onp.array([-1.5, 0.7, 2.0, -0.1])
    onp.testing.assert_allclose(xnp.vmap(cond_f)(xs), [cond_ref(x) for x in xs], rtol=1e-12)
    onp.testing.assert_allclose(
        xnp.vmap(xnp.grad(cond_f))(xs), [_fd(cond_ref, x) for x in xs], rtol=1e-6
    )


def test_switch() -> None:
    branches = [lambda x: x + 1.0, lambda x: x * 2.0, lambda x: xnp.sin(x)]
    for i in range(-1, 4):
        j = min(max(i, 0), 2)
        onp.testing.assert_allclose(lax.switch(i, branches, 0.5), branches[j](0.5))
        onp.testing.assert_allclose(
            xnp.jit(lambda i: lax.switch(i, branches, 0.5))(i), branches[j](0.5)
        )
    onp.testing.assert_allclose(
        xnp.vmap(lambda i: lax.switch(i, branches, 0.5))(xnp.array([0, 1, 2])),
        [1.5, 1.0, onp.sin(0.5)],
    )


def test_while_loop() -> None:
    f = lambda x: lax.while_loop(lambda c: c[0] < 5, lambda c: (c[0] + 1, c[1] * x), (0, 1.0))  # noqa: E731,E501
    assert float(f(2.0)[1]) == 32.0
    assert float(xnp.jit(f)(2.0)[1]) == 32.0
    _, t = xnp.jvp(lambda x: f(x)[1], (2.0,), (1.0,))
    assert float(t) == 80.0
    with pytest.raises(TypeError, match="scan"):
        xnp.grad(lambda x: f(x)[1])(2.0)


def test_while_loop_vmap_batched_predicate() -> None:
    def count(n):  # noqa: ANN001, ANN202
        return lax.while_loop(lambda c: c[0] < n, lambda c: (c[0] + 1, c[1] * 2.0), (0, 1.0))[1]

    onp.testing.assert_allclose(xnp.vmap(count)(xnp.array([0, 3, 5])), [1.0, 8.0, 32.0])


def test_fori_loop_static_and_traced_bounds() -> None:
    f = lambda w: lax.fori_loop(0, 5, lambda i, v: v * w + i, 1.0)  # noqa: E731

    def ref(w):  # noqa: ANN001, ANN202
        v = 1.0
        for i in range(5):
            v = v * w + i
        return v

    onp.testing.assert_allclose(f(0.9), ref(0.9), rtol=1e-12)
    onp.testing.assert_allclose(xnp.grad(f)(0.9), _fd(ref, 0.9), rtol=1e-6)
    g = xnp.jit(lambda n: lax.fori_loop(0, n, lambda i, v: v + i, 0))
    assert int(g(10)) == 45


def test_scan() -> None:
    onp.testing.assert_allclose(scan_f(0.8), scan_ref(0.8), rtol=1e-12)
    onp.testing.assert_allclose(xnp.jit(scan_f)(0.8), scan_ref(0.8), rtol=1e-12)
    onp.testing.assert_allclose(xnp.grad(scan_f)(0.8), _fd(scan_ref, 0.8), rtol=1e-6)
    onp.testing.assert_allclose(xnp.jit(xnp.grad(scan_f))(0.8), _fd(scan_ref, 0.8), rtol=1e-6)
    check_grads(scan_f, [onp.array(0.8)], order=2)
    ws = onp.array([0.1, 0.8, 1.3])
    onp.testing.assert_allclose(xnp.vmap(scan_f)(ws), [scan_ref(w) for w in ws], rtol=1e-12)
    onp.testing.assert_allclose(
        xnp.vmap(xnp.grad(scan_f))(ws), [_fd(scan_ref, w) for w in ws], rtol=1e-6
    )


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("unroll", [1, 2, True])
def test_scan_options(reverse: bool, unroll: object) -> None:
    xs = xnp.arange(5.0)
    c, ys = lax.scan(lambda c, x: (c + x, c * x), 1.0, xs, reverse=reverse, unroll=unroll)
    c_ref, ys_ref = 1.0, [0.0] * 5
    order = range(4, -1, -1) if reverse else range(5)
    for i in order:
        ys_ref[i] = c_ref * i
        c_ref += i
    assert float(c) == c_ref
    onp.testing.assert_allclose(ys, ys_ref)


def test_scan_pytree_carry_and_xs_none() -> None:
    def step(carry, _):  # noqa: ANN001, ANN202
        a, b = carry["a"], carry["b"]
        return {"a": b, "b": a + b}, a

    carry, ys = lax.scan(step, {"a": 0, "b": 1}, None, length=8)
    assert ys.tolist() == [0, 1, 1, 2, 3, 5, 8, 13]
    assert int(carry["a"]) == 21


def test_nested_loops_and_cond_inside_scan_inside_vmap() -> None:
    def f(w):  # noqa: ANN001, ANN202
        def outer(c, x):  # noqa: ANN001, ANN202
            inner = lax.fori_loop(0, 3, lambda i, v: v * w, c)
            c = lax.cond(x > 2.0, lambda v: v * 0.5, lambda v: v + w, inner)
            return c, c

        return lax.scan(outer, 1.0, xnp.arange(5.0))[0]

    def ref(w):  # noqa: ANN001, ANN202
        c = 1.0
        for x in range(5):
            c = c * w**3
            c = c * 0.5 if x > 2 else c + w
        return c

    ws = onp.array([0.5, 0.9])
    onp.testing.assert_allclose(xnp.vmap(f)(ws), [ref(w) for w in ws], rtol=1e-12)
    onp.testing.assert_allclose(xnp.vmap(xnp.grad(f))(ws), [_fd(ref, w) for w in ws], rtol=1e-6)
    onp.testing.assert_allclose(
        xnp.jit(xnp.vmap(xnp.grad(f)))(ws), [_fd(ref, w) for w in ws], rtol=1e-6
    )


def test_map() -> None:
    xs = xnp.arange(7.0)
    onp.testing.assert_allclose(lax.map(lambda x: x**2, xs), onp.arange(7.0) ** 2)
    onp.testing.assert_allclose(lax.map(lambda x: x**2, xs, batch_size=3), onp.arange(7.0) ** 2)


@pytest.mark.parametrize("n,b", [(7, 3), (6, 3), (2, 5), (5, 1), (4, 4)])
def test_map_batch_size_matches_a_loop(n: int, b: int) -> None:
    # Pytree in and out, an unbatched output leaf, a reduction per example.
    rng = onp.random.default_rng(0)
    xs = {"a": rng.normal(size=(n, 3)), "b": onp.arange(n, dtype=onp.int64)}

    def f(x: dict) -> tuple:
        return xnp.sum(xnp.sin(x["a"])) * x["b"], (x["a"][::-1], xnp.float64(2.0))

    want = [f({"a": xs["a"][i], "b": xs["b"][i]}) for i in range(n)]
    def mapped(v: dict) -> tuple:
        return lax.map(f, v, batch_size=b)

    for fn in (mapped, xnp.jit(mapped)):
        s, (r, c) = fn(xs)
        onp.testing.assert_allclose(s, [w[0] for w in want], rtol=1e-12)
        onp.testing.assert_allclose(r, onp.stack([w[1][0] for w in want]))
        onp.testing.assert_allclose(c, onp.full(n, 2.0))
    g = xnp.grad(lambda a: xnp.sum(lax.map(lambda x: xnp.sin(x) ** 2, a, batch_size=b)))(xs["a"])
    onp.testing.assert_allclose(g, 2 * onp.sin(xs["a"]) * onp.cos(xs["a"]), rtol=1e-12)
    v = xnp.vmap(lambda a: lax.map(lambda x: x * a[0], a, batch_size=b), in_axes=1)(xs["a"])
    onp.testing.assert_allclose(v, (xs["a"] * xs["a"][0]).T, rtol=1e-12)
    with pytest.raises(ValueError, match="batch_size must be positive"):
        lax.map(f, xs, batch_size=0)


def test_type_errors_name_the_leaf() -> None:
    with pytest.raises(TypeError, match="identical types"):
        lax.cond(True, lambda x: x, lambda x: x.astype(xnp.float32), 1.0)
    with pytest.raises(TypeError, match="carry"):
        lax.scan(lambda c, x: (c.astype(xnp.int32), x), 1.0, xnp.arange(3.0))
    with pytest.raises(TypeError, match="identical structure"):
        lax.cond(True, lambda x: (x, x), lambda x: x, 1.0)
    with pytest.raises(TypeError, match="boolean scalar"):
        lax.while_loop(lambda c: c, lambda c: c + 1, 1.0)
    with pytest.raises(TypeError, match="integer scalar"):
        lax.fori_loop(0.0, 3.0, lambda i, v: v, 1.0)


def test_python_if_under_jit_points_to_cond() -> None:
    def f(x):  # noqa: ANN001, ANN202
        return x if x > 0 else -x

    with pytest.raises(TypeError, match="lax.cond"):
        xnp.jit(f)(1.0)


@pytest.mark.parametrize("n", [1, 2, 5, 8, 13])
@pytest.mark.parametrize("reverse", [False, True])
def test_associative_scan(n: int, reverse: bool) -> None:
    x = onp.arange(1.0, n + 1)
    got = lax.associative_scan(lax.add, xnp.asarray(x), reverse=reverse)
    ref = onp.cumsum(x[::-1])[::-1] if reverse else onp.cumsum(x)
    onp.testing.assert_allclose(got, ref)
    onp.testing.assert_allclose(
        xnp.jit(lambda v: lax.associative_scan(lax.add, v, reverse=reverse))(x), ref
    )
    g = xnp.grad(lambda v: lax.associative_scan(lax.mul, v).sum())(x)
    eps = 1e-6
    fd = [
        (onp.cumprod(x + eps * e).sum() - onp.cumprod(x - eps * e).sum()) / (2 * eps)
        for e in onp.eye(n)
    ]
    onp.testing.assert_allclose(g, fd, rtol=1e-6)


def test_associative_scan_pytree_and_vmap() -> None:
    # A linear recurrence h_t = a_t h_{t-1} + b_t as an associative scan over (a, b) pairs.
    a, b = onp.full(6, 0.5), onp.arange(6.0)
    comb = lambda x, y: (x[0] * y[0], x[1] * y[0] + y[1])  # noqa: E731
    _, h = lax.associative_scan(comb, (xnp.asarray(a), xnp.asarray(b)))
    ref, acc = [], 0.0
    for ai, bi in zip(a, b, strict=True):
        acc = ai * acc + bi
        ref.append(acc)
    onp.testing.assert_allclose(h, ref)
    m = onp.arange(12.0).reshape(3, 4)
    onp.testing.assert_allclose(
        xnp.vmap(lambda r: lax.associative_scan(lax.add, r))(m), onp.cumsum(m, axis=1)
    )
