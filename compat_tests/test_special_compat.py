"""xnp.scipy.special against SciPy: accuracy rows (float64 and float32, eagerly, with jit spot
checks), dtypes, gradients against central differences, vmap against a loop, and the
reductions' (logsumexp, softmax) and combinatorics' options. The rows live in
special_accuracy.py, which also generates the table in docs/scipy_special.md."""

from __future__ import annotations

import numpy as onp
import pytest
import scipy.special as sp
import special_accuracy as acc

import xnp
import xnp.scipy.special as xsp

_GRAD_ROWS = [r for r in acc.ROWS if r.grad]
# Arguments SciPy defines only at integers (no derivative to compare with).
_INTEGER_ARGS = {"polygamma": {0}, "expn": {0}}
_INTEGER_ARGS.update({f"eval_{p}": {0} for p in ("legendre", "chebyt", "chebyu", "hermite",
                                                   "hermitenorm", "laguerre",
                                                   "genlaguerre")})  # fmt: skip


@pytest.mark.parametrize("row", acc.ROWS, ids=lambda r: r.name)
def test_accuracy_float64(row: acc.Row) -> None:
    err = acc.measure(row, onp.float64)
    assert err <= row.tol64, acc.measure(row, onp.float64, worst=True)


@pytest.mark.parametrize("row", [r for r in acc.ROWS if r.f32], ids=lambda r: r.name)
def test_accuracy_float32(row: acc.Row) -> None:
    err = acc.measure(row, onp.float32)
    assert err <= row.ulp32, acc.measure(row, onp.float32, worst=True)


# Under jit, spot checks: the rows above run eagerly on padded inputs (so rows sharing a kernel
# share its compiled executables); a jitted program per row and dtype cost seconds of XLA
# compile each for the heavy kernels. Jitted values are checked against SciPy at the row's
# float64 bound and against the eager values (fusion may move the last bit).
_JIT = ["expit", "logit", "xlogy", "rel_entr", "gamma", "gammaln", "digamma", "poch",
        "gammainc", "erf", "ndtri", "log_ndtr", "sindg", "binom", "i1"]  # fmt: skip


@pytest.mark.parametrize("name", _JIT)
def test_accuracy_under_jit(name: str) -> None:
    row = acc.ROWS_BY_NAME[name]
    args = acc.row_inputs(row, onp.float64)
    got = acc.evaluate(row, args, jit=True)
    err = acc.measure(row, onp.float64, got=got)
    assert err <= row.tol64, (name, acc.measure(row, onp.float64, got=got, worst=True))
    # Eager small operands may run through NumPy's kernels (the host path), jit through XLA:
    # both must meet the row's bound, not agree bit for bit.
    eager = acc.evaluate(row, args)
    assert acc.measure(row, onp.float64, got=eager) <= row.tol64


@pytest.mark.parametrize(
    ("name", "dtype", "want"),
    [("expit", onp.int32, onp.float64), ("gammaln", onp.bool_, onp.float64),
     ("ndtri", onp.float16, onp.float32), ("xlogy", onp.float32, onp.float32),
     ("binom", onp.int64, onp.float64), ("erf", onp.float32, onp.float32)],
)  # fmt: skip
def test_result_dtype(name: str, dtype: type, want: type) -> None:
    fn = getattr(xsp, name)
    n = getattr(sp, name).nin
    args = [onp.ones(acc.PAD, dtype)] * n  # acc.PAD: eager executables shared with the rows
    out = fn(*args)
    assert out.dtype == want
    assert out.dtype == getattr(sp, name)(*args).dtype or dtype == onp.float16


def test_broadcasting_and_shapes() -> None:
    x = onp.linspace(0.1, 3.0, 6).reshape(2, 3, 1)
    y = onp.linspace(0.5, 2.0, 4)
    onp.testing.assert_allclose(onp.asarray(xsp.xlogy(x, y)), sp.xlogy(x, y), rtol=1e-15)
    assert xsp.gammaln(onp.zeros((0, 3))).shape == (0, 3)
    assert xsp.gammaln(2.5).shape == ()
    with pytest.raises(ValueError):
        xsp.xlogy(onp.ones(3), onp.ones(4))


def _central(fn, args: list[float], i: int, h: float = 1e-6) -> float:
    lo, hi = list(args), list(args)
    lo[i] -= h
    hi[i] += h
    return (float(fn(*hi)) - float(fn(*lo))) / (2 * h)


@pytest.mark.parametrize("row", _GRAD_ROWS, ids=lambda r: r.name)
def test_grad_central_differences(row: acc.Row) -> None:
    fn = acc.function(xsp, row)
    for point in row.grad:
        args = [float(p) for p in point]
        for i in range(len(args)):
            if i in _INTEGER_ARGS.get(row.name, ()):
                continue
            g = float(xnp.grad(lambda *a: fn(*a), argnums=i)(*args))
            h = 1e-6 * (abs(args[i]) or 1.0)
            want = _central(lambda *a: sp_call(row, *a), args, i, h)
            onp.testing.assert_allclose(
                g, want, rtol=2e-6, atol=1e-9, err_msg=f"{row.name}{point} d/darg{i}"
            )  # noqa: E501


def sp_call(row: acc.Row, *args: float) -> float:
    return float(acc.reference(row, [onp.float64(a) for a in args]))


@pytest.mark.parametrize("name", ["logit", "gammaln", "ndtri", "poch", "huber", "kl_div",
                                  "sindg", "erfinv", "i0e", "i1"])  # fmt: skip
def test_vmap_matches_loop(name: str) -> None:
    row = acc.ROWS_BY_NAME[name]
    args = acc.padded(acc.inputs(row))  # the batched ops run at the rows' padded shape
    fn = getattr(xsp, name)
    got = onp.asarray(xnp.vmap(fn)(*args))[:12]
    want = onp.array([onp.asarray(fn(*(a[i] for a in args))) for i in range(12)])
    onp.testing.assert_array_equal(got, want)


# ----------------------------------------------------------------------------- reductions
_X = onp.array([[1.0, -2.0, 3.0, 700.0], [-onp.inf, 0.5, 2.0, -1.0], [1e-3, 5.0, -7.0, 0.0]])


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp(axis, keepdims: bool) -> None:
    got = xsp.logsumexp(_X, axis=axis, keepdims=keepdims)
    onp.testing.assert_allclose(
        onp.asarray(got), sp.logsumexp(_X, axis=axis, keepdims=keepdims), rtol=1e-15
    )  # noqa: E501
    b = onp.array([1.0, -1.0, 2.0, 0.5])
    r, s = xsp.logsumexp(_X, axis=axis, b=b, keepdims=keepdims, return_sign=True)
    wr, ws = sp.logsumexp(_X, axis=axis, b=b, keepdims=keepdims, return_sign=True)
    onp.testing.assert_allclose(onp.asarray(r), wr, rtol=1e-14)
    onp.testing.assert_array_equal(onp.asarray(s), ws)


def test_logsumexp_edges_and_grad() -> None:
    onp.testing.assert_array_equal(
        onp.asarray(xsp.logsumexp(onp.array([-onp.inf, -onp.inf]))), -onp.inf
    )  # noqa: E501
    onp.testing.assert_array_equal(onp.asarray(xsp.logsumexp(onp.array([onp.inf, 1.0]))), onp.inf)  # noqa: E501
    g = xnp.grad(lambda x: xsp.logsumexp(x))(onp.array([1.0, 2.0, 3.0]))
    onp.testing.assert_allclose(onp.asarray(g), sp.softmax([1.0, 2.0, 3.0]), rtol=1e-15)
    x32 = _X.astype(onp.float32)
    assert xsp.logsumexp(x32, axis=1).dtype == onp.float32


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_softmax_log_softmax(axis) -> None:
    x = _X[:, :3]
    onp.testing.assert_allclose(
        onp.asarray(xsp.softmax(x, axis=axis)), sp.softmax(x, axis=axis), rtol=1e-14
    )  # noqa: E501
    onp.testing.assert_allclose(
        onp.asarray(xsp.log_softmax(x, axis=axis)), sp.log_softmax(x, axis=axis), rtol=1e-14
    )
    jit = xnp.jit(lambda v: xsp.softmax(v, axis=axis))
    onp.testing.assert_allclose(onp.asarray(jit(x)), sp.softmax(x, axis=axis), rtol=1e-14)


# ----------------------------------------------------------------------------- combinatorics
def test_exact_combinatorics() -> None:
    assert xsp.comb(50, 20, exact=True) == sp.comb(50, 20, exact=True)
    assert xsp.comb(5, 7, exact=True) == 0
    assert xsp.comb(5, 3, exact=True, repetition=True) == sp.comb(5, 3, exact=True, repetition=True)  # noqa: E501
    assert xsp.perm(30, 10, exact=True) == sp.perm(30, 10, exact=True)
    assert xsp.factorial(25, exact=True) == sp.factorial(25, exact=True)
    assert xsp.factorial2(15, exact=True) == sp.factorial2(15, exact=True)
    n = onp.array([0, 1, 5, 20])
    assert list(xsp.factorial(n, exact=True)) == list(sp.factorial(n, exact=True))
    with pytest.raises(ValueError):
        xsp.comb(5.5, 2, exact=True)


def test_inexact_combinatorics() -> None:
    n = onp.array([-1, 0, 1, 2, 5, 8, 11, 20])
    onp.testing.assert_allclose(onp.asarray(xsp.factorial2(n)), sp.factorial2(n), rtol=1e-14)
    onp.testing.assert_allclose(onp.asarray(xsp.comb(n, 3, repetition=True)),
                                sp.comb(n, 3, repetition=True), rtol=1e-14)  # fmt: skip
    onp.testing.assert_allclose(onp.asarray(xsp.factorial(n)), sp.factorial(n), rtol=1e-14)


def test_multigammaln() -> None:
    a = onp.array([2.5, 3.0, 10.0, 50.5])
    for d in (1, 2, 3, 5):
        onp.testing.assert_allclose(
            onp.asarray(xsp.multigammaln(a, d)), sp.multigammaln(a, d), rtol=1e-14
        )  # noqa: E501
    with pytest.raises(ValueError):
        xsp.multigammaln(a, 0)
