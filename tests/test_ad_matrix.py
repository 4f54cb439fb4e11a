"""For every differentiable primitive (from tests/lax_cases.py): jvp against central finite
differences and the transpose identity, to second order, in float64."""

from __future__ import annotations

import lax_cases
import numpy as onp
import pytest
from util import check_grads

CASES = [(n, i, c) for n, i, c in lax_cases.all_cases() if c.ad]


@pytest.mark.parametrize("name,i,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_grads(name: str, i: int, case: lax_cases.Case) -> None:
    rng = onp.random.RandomState(hash(name) % 2**31)
    args = case.args(rng)
    diff = case.float_args()
    fixed = {j: a for j, a in enumerate(args) if j not in diff}

    def f(*dargs):  # noqa: ANN002, ANN202
        it = iter(dargs)
        full = [fixed[j] if j in fixed else next(it) for j in range(len(args))]
        return case.fun(*full)

    check_grads(f, [args[j] for j in diff], order=case.order, tol=max(case.tol, 1e-5))
