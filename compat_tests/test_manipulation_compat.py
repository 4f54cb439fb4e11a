"""Array manipulation, triangles and diagonals, padding, splitting, searching and set
membership against NumPy, on hypothesis-drawn shapes, dtypes (special values included) and
keyword arguments, eagerly and under jit."""

from __future__ import annotations

import numpy as onp
import pytest
from compat_harness import ALL, BF16, Row, check, draw_kwargs, operands
from hypothesis import given
from hypothesis import strategies as st

import xnp

NO_BF16 = tuple(d for d in ALL if d != BF16)
ND = st.sampled_from([[(2, 3)], [(4,)], [()], [(0, 3)], [(2, 1, 3)], [(3, 3)]])
ND1 = st.sampled_from([[(2, 3)], [(4,)], [(0, 3)], [(2, 1, 3)], [(5,)], [(0,)]])
ND2 = st.sampled_from([[(2, 3)], [(3, 3)], [(0, 3)], [(2, 1, 3)], [(4, 2)]])
VEC_MAT = st.sampled_from([[(4,)], [(0,)], [(2, 3)], [(3, 3)], [(1,)]])


def _axis(shapes: list[tuple], allow_none: bool = True) -> st.SearchStrategy:
    nd = len(shapes[0])
    opts = st.integers(-nd, nd - 1) if nd else st.none()
    return opts | st.none() if allow_none else opts


def _roll_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"shift": st.integers(-7, 7), "axis": _axis(shapes)})


def _rot90_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"k": st.integers(-2, 5),
                                  "axes": st.sampled_from([(0, 1), (1, 0), (-1, 0)])})  # fmt: skip


def _tile_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"reps": st.sampled_from([0, 2, (2, 1), (1, 2, 2), ()])})


def _repeat_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"repeats": st.integers(0, 3), "axis": _axis(shapes)})


def _k_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"k": st.integers(-3, 3)})


def _diagonal_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"offset": st.integers(-3, 3),
                                  "axis1": st.sampled_from([0, -1]),
                                  "axis2": st.just(1)})  # fmt: skip


PAD_MODES = ["constant", "edge", "wrap", "reflect", "symmetric", "maximum", "minimum"]


def _pad_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"pad_width": st.sampled_from([0, 1, (2, 0), 5]),
                                  "mode": st.sampled_from(PAD_MODES)})  # fmt: skip


def _sections_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"indices_or_sections": st.sampled_from([1, 2, 3, [1], [0, 2],
                                                                          [3, 1]])})  # fmt: skip


def _side_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"side": st.sampled_from(["left", "right"])})


def _invert_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"invert": st.booleans()})


def _delete_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"obj": st.sampled_from([0, -1, [0, 1], slice(None, None, 2)]),
                                  "axis": st.sampled_from([None, 0])})  # fmt: skip


def _resize_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({"new_shape": st.sampled_from([(), 5, (2, 4), (0,)])})


def _tuple(fn):  # noqa: ANN001, ANN202
    return lambda *a, **kw: tuple(fn(*a, **kw))


def f(name: str, nargs: int = 1, **kw) -> Row:
    return Row(name, getattr(xnp, name), getattr(onp, name), nargs, **kw)


ROWS = [
    f("roll", kwargs=_roll_kw, shapes=ND),
    f("rot90", kwargs=_rot90_kw, shapes=ND2),
    f("tile", kwargs=_tile_kw, shapes=ND),
    f("repeat", kwargs=_repeat_kw, shapes=ND),
    f("tril", kwargs=_k_kw, shapes=ND1), f("triu", kwargs=_k_kw, shapes=ND1),
    f("diagonal", kwargs=_diagonal_kw, shapes=ND2),
    f("diag", kwargs=_k_kw, shapes=VEC_MAT), f("diagflat", kwargs=_k_kw, shapes=ND),
    # No bfloat16 reference: NumPy's pad of bfloat16 arrays goes through ml_dtypes' casts.
    f("pad", kwargs=_pad_kw, shapes=st.sampled_from([[(2, 3)], [(4,)], [(1, 2, 2)], [(1,)]]),
      dtypes=NO_BF16),
    Row("split", _tuple(xnp.array_split), _tuple(onp.array_split), kwargs=_sections_kw,
        shapes=ND1),
    Row("searchsorted", lambda a, v, **kw: xnp.searchsorted(xnp.sort(xnp.ravel(a)), v, **kw),
        lambda a, v, **kw: onp.searchsorted(onp.sort(onp.ravel(a)), v, **kw), 2,
        kwargs=_side_kw, mixed_dtypes=False, scalars=False),
    f("isin", 2, kwargs=_invert_kw),
    Row("lexsort", lambda a, b: xnp.lexsort((a, b)), lambda a, b: onp.lexsort((a, b)), 2,
        same_shape=True, min_ndim=1, scalars=False),
    f("delete", kwargs=_delete_kw, shapes=st.sampled_from([[(3,)], [(2, 3)], [(4, 2)]])),
    f("resize", kwargs=_resize_kw, shapes=st.sampled_from([[(3,)], [(2, 3)], [()]])),
]  # fmt: skip


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
@given(data=st.data())
def test_random(row: Row, data: st.DataObject) -> None:
    args, dts = data.draw(operands(row))
    kwargs = draw_kwargs(data.draw, row, args)
    check(row, args, dts, kwargs)
