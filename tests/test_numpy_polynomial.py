"""xnp's legacy polynomial API and vander against NumPy: values and dtypes of polyval,
polyadd/sub/mul/div, polyder, polyint, roots, poly, polyfit (full, weights, cov, 2-d y), the
poly1d class (arithmetic, calls, indexing, printing); eagerly and under jit, grad against
finite differences, vmap against a loop; NumPy's errors and warnings."""

import numpy as onp
import pytest

import xnp


def _check(got, want, tol=1e-9):
    if isinstance(want, tuple | list):
        assert len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _check(g, w, tol)
        return
    if isinstance(want, onp.poly1d):
        assert isinstance(got, xnp.poly1d), type(got)
        got, want = got.coeffs, want.coeffs
    got, want = onp.asarray(got), onp.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    if want.dtype.kind in "iu" and got.dtype.kind in "iu":
        assert got.dtype.kind == want.dtype.kind
    else:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    onp.testing.assert_allclose(got, want, rtol=tol, atol=tol)


POLYS = [
    [3.0, 0.0, -2.0, 5.0],
    [1, 2],
    [2],
    [0.5, -1.5, 0.0],
    onp.float32([1, 2, 3]),
    [1 + 2j, 3.0],
    onp.array([4, -1, 0, 0, 2]),
]


@pytest.mark.parametrize("p", POLYS, ids=str)
def test_arithmetic_and_calculus(p):
    q = [2.0, -1.0, 0.5]
    for fn in ["polyadd", "polysub", "polymul"]:
        _check(getattr(xnp, fn)(p, q), getattr(onp, fn)(p, q))
        _check(getattr(xnp, fn)(q, p), getattr(onp, fn)(q, p))
    _check(xnp.polydiv(p, q), onp.polydiv(p, q))
    _check(xnp.polydiv(q, p), onp.polydiv(q, p))
    for m in [0, 1, 2, 5]:
        _check(xnp.polyder(p, m), onp.polyder(p, m))
        _check(xnp.polyint(p, m), onp.polyint(p, m))
    _check(xnp.polyint(p, 2, k=[1.0, -2.0]), onp.polyint(p, 2, k=[1.0, -2.0]))
    _check(xnp.polyint(p, 3, k=4), onp.polyint(p, 3, k=4))
    for x in [2.0, onp.linspace(-2, 2, 7), onp.arange(4).reshape(2, 2), 1 + 1j]:
        _check(xnp.polyval(p, x), onp.polyval(p, x))


def test_errors():
    for fn, args, err in [
        ("polyder", ([1, 2], -1), ValueError),
        ("polyint", ([1, 2], -1), ValueError),
        ("polyint", ([1, 2], 3, [1, 2]), ValueError),
        ("roots", ([[1, 2]],), ValueError),
        ("poly", (onp.ones((2, 3)),), ValueError),
        ("polyfit", ([1, 2, 3], [1, 2], 1), TypeError),
        ("polyfit", ([[1, 2]], [1, 2], 1), TypeError),
        ("polyfit", ([1, 2], [1, 2], -1), ValueError),
        ("polyfit", ([], [], 1), TypeError),
        ("vander", (onp.ones((2, 2)),), ValueError),
    ]:
        with pytest.raises(err):
            getattr(onp, fn)(*args)
        with pytest.raises(err, match=fn):
            getattr(xnp, fn)(*args)
    with pytest.raises(ValueError, match="1d"):
        xnp.poly1d(onp.ones((2, 2)))


@pytest.mark.parametrize(
    "p",
    [
        [1.0, -6.0, 11.0, -6.0],
        [1, 0, 1],
        [0, 0, 2, -4, 0, 0],
        [5.0],
        [0.0],
        [1, 2 + 1j, 3],
        onp.float32([1, -3, 2]),
    ],
    ids=str,
)
def test_roots_and_poly(p):
    want = onp.roots(p)
    got = onp.asarray(xnp.roots(p))
    assert got.shape == want.shape and got.dtype == want.dtype, (got, want)
    onp.testing.assert_allclose(onp.sort_complex(got), onp.sort_complex(want), rtol=1e-5, atol=1e-6)
    if want.size:
        _check(xnp.poly(want), onp.poly(want), 1e-5)


def test_poly_of_matrices_and_special_cases():
    m = onp.array([[1.0, 2.0], [3.0, 4.0]])
    _check(xnp.poly(m), onp.poly(m))
    _check(xnp.poly([1j, -1j]), onp.poly([1j, -1j]))  # conjugate pairs: real coefficients
    _check(xnp.poly([1j, 2]), onp.poly([1j, 2]))
    _check(xnp.poly(onp.array([1, 2, 3])), onp.poly(onp.array([1, 2, 3])))
    _check(xnp.poly(onp.float32([1, 2])), onp.poly(onp.float32([1, 2])))
    assert xnp.poly([]) == onp.poly([]) == 1.0


def test_polyfit():
    rng = onp.random.default_rng(0)
    x = onp.linspace(0, 2, 25)
    y = onp.sin(2 * x) + 0.05 * rng.standard_normal(25)
    y2 = onp.stack([y, onp.cos(x)], 1)
    w = onp.linspace(1, 2, 25)
    for args, kw in [
        ((x, y, 3), {}),
        ((x, y, 0), {}),
        ((x, y, 5), {"w": w}),
        ((x, y2, 2), {}),
        ((x, y, 3), {"full": True}),
        ((x, y2, 2), {"full": True}),
        ((x, y, 3), {"cov": True}),
        ((x, y2, 2), {"cov": True, "w": w}),
        ((x, y, 2), {"cov": "unscaled"}),
        ((x, y, 2), {"rcond": 1e-3}),
        ((onp.float32(x), onp.float32(y), 2), {}),
    ]:
        want = onp.polyfit(*args, **kw)
        got = xnp.polyfit(*args, **kw)
        if kw.get("full"):
            _check(got[:2], want[:2], 1e-8)
            assert int(got[2]) == int(want[2])
            _check(got[3], want[3], 1e-8)
            assert got[4] == want[4]
        else:
            _check(got, want, 1e-4 if args[0].dtype == onp.float32 else 1e-8)
    with pytest.warns(onp.exceptions.RankWarning):
        xnp.polyfit([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], 2)
    with pytest.raises(ValueError, match="exceed order"):
        xnp.polyfit(x[:3], y[:3], 2, cov=True)


def test_vander():
    for x in [
        [1, 2, 3],
        onp.float32([0.5, 2.0]),
        onp.array([True, False]),
        onp.uint8([3, 4]),
        onp.array([1 + 1j, 2]),
        onp.zeros(0),
    ]:
        for n in [None, 0, 1, 4]:
            for inc in [False, True]:
                _check(xnp.vander(x, n, inc), onp.vander(x, n, inc))
    _check(
        xnp.jit(xnp.vander, static_argnums=1)(onp.arange(3.0), 3), onp.vander(onp.arange(3.0), 3)
    )


def test_poly1d():
    p, pn = xnp.poly1d([1.0, -3.0, 2.0]), onp.poly1d([1.0, -3.0, 2.0])
    q, qn = xnp.poly1d([2.0, 1.0]), onp.poly1d([2.0, 1.0])
    for got, want in [
        (p + q, pn + qn),
        (p - q, pn - qn),
        (p * q, pn * qn),
        (p**3, pn**3),
        (p * 2, pn * 2),
        (3 * p, 3 * pn),
        (p / 2, pn / 2),
        (-p, -pn),
        (p + 1, pn + 1),
        (1 - p, 1 - pn),
        (p.deriv(), pn.deriv()),
        (p.integ(2, k=1.0), pn.integ(2, k=1.0)),
        (p(q), pn(qn)),
    ]:
        _check(got, want)
    _check(p / q, pn / qn)
    _check(p(onp.arange(5.0)), pn(onp.arange(5.0)))
    _check(p.roots, pn.roots)
    _check(xnp.poly1d([1, 2], r=True), onp.poly1d([1, 2], r=True))
    _check(xnp.poly1d([0, 0, 1, 5]), onp.poly1d([0, 0, 1, 5]))
    _check(xnp.poly1d([0.0]), onp.poly1d([0.0]))
    assert p.order == pn.order and len(p) == len(pn) and p.o == 2
    assert [float(p[i]) for i in range(4)] == [float(pn[i]) for i in range(4)]
    assert str(p) == str(pn) and str(xnp.poly1d([1, 2], variable="z")) == str(
        onp.poly1d([1, 2], variable="z")
    )
    assert repr(p) == repr(pn)
    assert p == xnp.poly1d([1.0, -3.0, 2.0]) and p != q
    onp.testing.assert_allclose(onp.asarray(p), onp.asarray(pn))
    with pytest.raises(ValueError, match="non-negative"):
        p**-1  # noqa: B018


def test_jit_grad_vmap():
    c = onp.array([3.0, 0.0, -2.0, 5.0])
    f = xnp.jit(xnp.polyval)
    _check(f(c, onp.linspace(-1, 1, 5)), onp.polyval(c, onp.linspace(-1, 1, 5)))
    g = xnp.grad(lambda c: xnp.polyval(c, 1.5))(c)
    _check(g, 1.5 ** onp.arange(3, -1, -1))
    gx = xnp.grad(lambda x: xnp.polyval(c, x))(0.7)
    _check(gx, onp.polyval(onp.polyder(c), 0.7))
    rows = onp.array([[1.0, -3.0, 2.0], [1.0, 0.0, -4.0]])
    got = xnp.vmap(xnp.roots)(rows)
    want = onp.stack([onp.sort(onp.roots(r)) for r in rows])
    onp.testing.assert_allclose(onp.sort(onp.asarray(got).real, axis=1), want, rtol=1e-10)
    x = onp.linspace(0, 1, 10)
    ys = onp.stack([x**2, 1 - x])
    _check(
        xnp.vmap(lambda y: xnp.polyfit(x, y, 2))(ys), onp.stack([onp.polyfit(x, y, 2) for y in ys])
    )
    _check(
        xnp.jit(lambda u, v: xnp.polydiv(u, v)[0])(
            onp.array([1.0, 3.0, 2.0]), onp.array([1.0, 1.0])
        ),
        onp.polydiv([1.0, 3.0, 2.0], [1.0, 1.0])[0],
    )
    gfit = xnp.grad(lambda y: xnp.sum(xnp.polyfit(x, y, 1) ** 2))(x**2)
    eps = 1e-6
    fd = [
        (
            onp.sum(onp.polyfit(x, x**2 + eps * e, 1) ** 2)
            - onp.sum(onp.polyfit(x, x**2 - eps * e, 1) ** 2)
        )
        / (2 * eps)
        for e in onp.eye(10)
    ]
    onp.testing.assert_allclose(gfit, fd, rtol=1e-5, atol=1e-8)


def test_polyval_rounds_each_step_under_jit():
    # XLA would fuse y * x + c into one multiply-add (and keep float16 in float32): NumPy
    # rounds the product, so 65504 * -1.5 overflows before the next coefficient is added.
    for dt in (onp.float16, onp.float32):
        big = onp.finfo(dt).max
        p, x = onp.array([0, big, big], dt), dt(-1.5)
        with onp.errstate(over="ignore"):
            want = onp.polyval(p, x)
        assert onp.isneginf(want)
        assert onp.asarray(xnp.jit(xnp.polyval)(p, x)) == want
    # -0.0 + 0 is +0.0, as NumPy computes it, for integer x
    got = xnp.jit(xnp.polyval)(onp.array([-0.0]), onp.zeros(3, onp.int8))
    assert not onp.signbit(onp.asarray(got)).any()
    # the rounding is the identity for derivatives
    assert float(xnp.grad(lambda t: xnp.polyval(xnp.array([1.0, 2.0, 3.0]), t))(2.0)) == 6.0

