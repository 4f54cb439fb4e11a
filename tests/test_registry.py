"""Every primitive has every rule: lowering, jvp (or a declared reason it has none),
transpose when linear, batching, and an entry in the test-case table."""

from __future__ import annotations

import lax_cases  # noqa: E402
import pytest

import xnp  # noqa: F401  (registers every primitive)
from xnp._src import core
from xnp._src.interpreters import ad, batching, lowering
from xnp._src.interpreters import partial_eval as pe  # noqa: F401

PRIMS = sorted(core.primitives)


@pytest.mark.parametrize("name", PRIMS)
def test_has_lowering(name: str) -> None:
    assert core.primitives[name] in lowering.lowering_rules, f"{name} has no lowering rule"


@pytest.mark.parametrize("name", PRIMS)
def test_has_abstract_eval(name: str) -> None:
    assert core.primitives[name].abstract_eval is not None


@pytest.mark.parametrize("name", PRIMS)
def test_has_jvp_rule(name: str) -> None:
    prim = core.primitives[name]
    assert prim in ad.jvp_rules or prim in ad.nondifferentiable, (
        f"{name} has neither a jvp rule nor a declared reason it is not differentiable"
    )


@pytest.mark.parametrize("name", PRIMS)
def test_has_batching_rule(name: str) -> None:
    assert core.primitives[name] in batching.batch_rules, f"{name} has no batching rule"


@pytest.mark.parametrize("name", PRIMS)
def test_has_test_cases(name: str) -> None:
    assert name in lax_cases.CASES or name in lax_cases.TESTED_ELSEWHERE, (
        f"{name} has no entry in tests/lax_cases.py"
    )


def test_cases_name_real_primitives() -> None:
    unknown = set(lax_cases.CASES) - set(core.primitives)
    assert not unknown, f"cases for unknown primitives: {sorted(unknown)}"


def test_registry_lists_everything() -> None:
    assert len(core.primitives) > 100
    with pytest.raises(ValueError, match="defined twice"):
        core.register_primitive(core.Primitive("add"))
