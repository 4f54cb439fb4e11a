"""xnp.scipy.linalg.matrix_balance against scipy.linalg.matrix_balance (LAPACK 3.12's gebal):
the balanced matrix, the power-of-two scaling and the permutation must agree exactly, for
dense, sparse (exact zeros isolate eigenvalues) and triangular matrices, every permute/scale
combination, real and complex, batched, eager and jit; errors as SciPy's."""

import numpy as np
import pytest
import scipy.linalg as sla

import xnp
import xnp.scipy.linalg as xsl

RNG = np.random.default_rng(3)


def _cases(dt):
    out = []
    for n in (1, 2, 3, 6):
        a = RNG.standard_normal((n, n)) * np.exp(RNG.uniform(-8, 8, (n, n)))
        if np.dtype(dt).kind == "c":
            a = a + 1j * RNG.standard_normal((n, n))
        b = a.copy()
        b[RNG.random((n, n)) < 0.5] = 0
        out += [a.astype(dt), b.astype(dt), np.triu(a).astype(dt)]
    return out


@pytest.mark.parametrize("dt", ["float64", "float32", "complex128"])
@pytest.mark.parametrize("permute,scale", [(True, True), (True, False), (False, True)])
def test_matrix_balance_matches_scipy(dt, permute, scale):
    jitted = xnp.jit(lambda a: xsl.matrix_balance(a, permute=permute, scale=scale, separate=True))
    for a in _cases(dt):
        wb, (ws, wp) = sla.matrix_balance(a, permute=permute, scale=scale, separate=True)
        for gb, (gs, gp) in (
            xsl.matrix_balance(a, permute=permute, scale=scale, separate=True),
            jitted(a),
        ):
            gb = np.asarray(gb)
            assert gb.dtype == wb.dtype
            np.testing.assert_allclose(gb, wb, rtol=1e-6 if dt == "float32" else 1e-14)
            np.testing.assert_array_equal(np.asarray(gs), ws)
            np.testing.assert_array_equal(np.asarray(gp), wp)
        wb, wt = sla.matrix_balance(a, permute=permute, scale=scale)
        gt = np.asarray(xsl.matrix_balance(a, permute=permute, scale=scale)[1])
        assert gt.dtype == wt.dtype
        np.testing.assert_array_equal(gt, wt)
        np.testing.assert_allclose(np.linalg.solve(gt, a) @ gt, wb, rtol=1e-4, atol=1e-300)


def test_matrix_balance_batched_empty_errors():
    a = RNG.standard_normal((2, 3, 4, 4)) * np.exp(RNG.uniform(-6, 6, (2, 3, 4, 4)))
    gb, (gs, gp) = xsl.matrix_balance(a, separate=True)
    for idx in np.ndindex(2, 3):
        wb, (ws, wp) = sla.matrix_balance(a[idx], separate=True)
        np.testing.assert_allclose(np.asarray(gb)[idx], wb, rtol=1e-14)
        np.testing.assert_array_equal(np.asarray(gs)[idx], ws)
        np.testing.assert_array_equal(np.asarray(gp)[idx], wp)
    b, (s, p) = xsl.matrix_balance(np.zeros((0, 0)), separate=True)
    assert np.asarray(b).shape == (0, 0) and np.asarray(s).shape == (0,) == np.asarray(p).shape
    with pytest.raises(ValueError, match="matrix_balance.*square"):
        xsl.matrix_balance(np.ones((2, 3)))
    with pytest.raises(ValueError, match="infs or NaNs"):
        xsl.matrix_balance(np.array([[1.0, np.inf], [0.0, 1.0]]))
