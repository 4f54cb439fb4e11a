"""For every primitive (from tests/lax_cases.py): vmap along axis 0, 1, the last axis and
with unbatched (None) operands mixed in equals stacking the function over a Python loop."""

from __future__ import annotations

import lax_cases
import numpy as onp
import pytest

import xnp

B = 3
CASES = lax_cases.all_cases()
AXES = ["0", "1", "-1", "mixed"]


def _batch(rng: onp.random.RandomState, case: lax_cases.Case) -> list[list[onp.ndarray]]:
    return [case.args(rng) for _ in range(B)]


def _axes_for(kind: str, case: lax_cases.Case) -> list:
    n = len(case.shapes)
    axes = []
    for j, shape in enumerate(case.shapes):
        if kind == "0":
            axes.append(0)
        elif kind == "1":
            axes.append(1 if len(shape) >= 1 else 0)
        elif kind == "-1":
            axes.append(-1)
        else:  # the first operand unbatched, the others along their last axis
            axes.append(None if j == 0 and n > 1 else (len(shape) if j % 2 else 0))
    return axes


@pytest.mark.parametrize("kind", AXES)
@pytest.mark.parametrize("name,i,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_vmap(name: str, i: int, case: lax_cases.Case, kind: str) -> None:
    rng = onp.random.RandomState(hash((name, i)) % 2**31)
    examples = _batch(rng, case)
    axes = _axes_for(kind, case)
    if kind == "mixed" and len(case.shapes) == 1:
        axes = [0]
    batched = []
    for j, ax in enumerate(axes):
        if ax is None:
            for ex in examples:  # an unbatched operand is the same in every example
                ex[j] = examples[0][j]
            batched.append(examples[0][j])
        else:
            batched.append(onp.stack([ex[j] for ex in examples], axis=ax))
    expected = [case.fun(*[xnp.asarray(a) for a in ex]) for ex in examples]
    got = xnp.vmap(case.fun, in_axes=tuple(axes))(*[xnp.asarray(b) for b in batched])
    if isinstance(got, list | tuple):
        for k, g in enumerate(got):
            onp.testing.assert_allclose(
                onp.asarray(g),
                onp.stack([onp.asarray(e[k]) for e in expected]),
                rtol=1e-6,
                atol=1e-6,
            )
    else:
        onp.testing.assert_allclose(
            onp.asarray(got), onp.stack([onp.asarray(e) for e in expected]), rtol=1e-6, atol=1e-6
        )
