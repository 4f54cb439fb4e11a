"""xnp.scipy.linalg's special matrices against scipy.linalg: values, dtypes, shapes, errors;
the array-built ones also under jit, grad and vmap."""

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl

RNG = np.random.default_rng(0)
C = np.array([1.0, 2.0, 3.0])
R = np.array([4.0, 5.0, 6.0, 7.0])

CASES = [
    ("toeplitz", (C,), {}), ("toeplitz", (C, R), {}), ("toeplitz", (C + 2j,), {}),
    ("toeplitz", ([1, 2], [3, 4, 5]), {}), ("toeplitz", (np.ones((2, 2)),), {}),
    ("circulant", (C,), {}), ("circulant", (np.arange(6).reshape(2, 3),), {}),
    ("hankel", (C,), {}), ("hankel", (C, R), {}), ("hankel", ([1 + 1j, 2], [0, 3j]), {}),
    ("block_diag", (np.ones((2, 2)), [1, 2], 3, np.ones((0, 2))), {}),
    ("block_diag", (np.ones((2, 3), np.int8), np.ones((1, 1), np.float32)), {}),
    ("block_diag", (), {}),
    ("companion", ([1.0, 2, 3, 4],), {}), ("companion", ([2, 3],), {}),
    ("companion", (np.arange(1.0, 9).reshape(2, 4),), {}),
    ("leslie", ([0.1, 2, 1], [0.2, 0.8]), {}),
    ("toeplitz", (np.ones((2, 3)), np.arange(20.0).reshape(5, 1, 4)), {}),
    ("block_diag", (RNG.standard_normal((2, 2, 2)), np.ones((2, 1, 1)), [1.0]), {}),
    ("fiedler", ([1, 4, 12, 45],), {}), ("fiedler", (np.arange(6.0).reshape(2, 3),), {}),
    *[("fiedler_companion", (np.arange(1.0, k + 1),), {}) for k in range(0, 8)],
    *[("convolution_matrix", ([1.0, 2, 3, 4, 5], n, mode), {}) for mode in ("full", "valid",
      "same") for n in (2, 5, 7)],
    ("convolution_matrix", ([1.0, 2], 4, "same"), {}),
    ("khatri_rao", (np.arange(6.0).reshape(2, 3), np.arange(9.0).reshape(3, 3)), {}),
    ("diagsvd", ([1.0, 2], 2, 4), {}), ("diagsvd", ([1.0, 2], 3, 2), {}),
    *[(f, (n,), {}) for f in ("hilbert", "invhilbert", "dft") for n in (0, 1, 5)],
    *[("helmert", (n,), {"full": full}) for n in (1, 5) for full in (False, True)],
    ("invhilbert", (6,), {"exact": True}), ("dft", (4, "n"), {}), ("dft", (4, "sqrtn"), {}),
    *[(f, (n, kind), {"exact": exact}) for f in ("pascal", "invpascal") for n in (1, 5)
      for kind in ("symmetric", "lower", "upper") for exact in (True, False)],
    ("hadamard", (8,), {}), ("hadamard", (4,), {"dtype": float}), ("hadamard", (1,), {}),
]  # fmt: skip


@pytest.mark.parametrize("name,args,kw", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_matches_scipy(name, args, kw):
    want = np.asarray(getattr(sla, name)(*args, **kw))
    got = np.asarray(getattr(xsl, name)(*args, **kw))
    assert got.shape == want.shape and got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)


ERRORS = [("companion", ([0, 1],)), ("companion", ([1],)), ("leslie", ([1, 2], [1, 2])),
          ("hadamard", (3,)), ("convolution_matrix", ([1, 2], 0)),
          ("convolution_matrix", ([1, 2], 2, "bad")), ("khatri_rao", (np.ones((2, 2)),
                                                                       np.ones((2, 3)))),
          ("diagsvd", ([1, 2], 3, 3)), ("leslie", ([1.0], np.zeros(0))),
          ("dft", (3, "bad")), ("pascal", (3, "bad"))]  # fmt: skip


@pytest.mark.parametrize("name,args", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_as_scipy(name, args):
    with pytest.raises(ValueError):
        getattr(sla, name)(*args)
    with pytest.raises(ValueError, match=name.split("_")[0][:6] + "|must|should|Incorrect"):
        getattr(xsl, name)(*args)


def test_hankel_warns_as_scipy_on_nd_input():
    with pytest.warns(FutureWarning, match="ravel"):
        want = sla.hankel(np.ones((2, 3)), R)
    with pytest.warns(FutureWarning, match="ravel"):
        got = xsl.hankel(np.ones((2, 3)), R)
    np.testing.assert_array_equal(np.asarray(got), want)


def test_exact_overflow_is_reported():
    with pytest.raises(OverflowError, match="exact=False"):
        xsl.pascal(40)


@pytest.mark.parametrize("name,nargs", [("toeplitz", 2), ("hankel", 2), ("circulant", 1),
                                        ("fiedler", 1), ("companion", 1), ("leslie", 2),
                                        ("block_diag", 2), ("khatri_rao", 2)])  # fmt: skip
def test_jit_grad_vmap(name, nargs):
    shapes = {"leslie": [(4,), (3,)], "khatri_rao": [(2, 3), (4, 3)],
              "block_diag": [(2, 2), (1, 3)]}.get(name, [(4,), (3,)][:nargs])  # fmt: skip
    args = [RNG.standard_normal(s) + (3.0 if name == "companion" else 0.0) for s in shapes]
    f = getattr(xsl, name)
    want = getattr(sla, name)(*args)
    np.testing.assert_allclose(np.asarray(xnp.jit(f)(*args)), want, rtol=1e-13)
    w = RNG.standard_normal(np.shape(want))
    g = xnp.grad(lambda *a: xnp.sum(f(*a) * w))(*args)
    eps = 1e-6
    d = np.zeros_like(args[0])
    d.flat[0] = eps
    plus = getattr(sla, name)(args[0] + d, *args[1:])
    minus = getattr(sla, name)(args[0] - d, *args[1:])
    fd = np.sum((plus - minus) * w) / (2 * eps)
    np.testing.assert_allclose(np.asarray(g).flat[0], fd, rtol=1e-6, atol=1e-8)
    if name in ("circulant", "fiedler", "companion"):
        batch = RNG.standard_normal((3, 4)) + (3.0 if name == "companion" else 0.0)
        got = np.asarray(xnp.vmap(f)(batch))
        np.testing.assert_allclose(got, np.stack([getattr(sla, name)(b) for b in batch]),
                                   rtol=1e-13)  # fmt: skip
