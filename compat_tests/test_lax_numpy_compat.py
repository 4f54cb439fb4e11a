"""Shape functions, joins, selection, products and the non-ufunc elementwise functions against
NumPy, on hypothesis-drawn shapes, dtypes and keyword arguments."""

from __future__ import annotations

import numpy as onp
import pytest
from compat_harness import (
    ALL,
    BF16,
    COMPLEX,
    FLOAT,
    INT,
    REAL,
    Known,
    Row,
    as_host,
    check,
    check_may_differ,
    draw_kwargs,
    known_still_differs,
    operands,
    stale_checked,
)
from hypothesis import given
from hypothesis import strategies as st

import xnp

NONCOMPLEX = tuple(REAL)
ONE = st.sampled_from([[(2, 3)], [(4,)], [()], [(0, 3)], [(2, 1, 3)], [(6,)]])


def _reshape_kw(shapes: list[tuple]) -> st.SearchStrategy:
    size = int(onp.prod(shapes[0]))
    targets = {(size,), (-1,), (1, size), (size, 1), (-1, 1)}
    if size == 6:
        targets |= {(2, 3), (3, 2), (3, -1), (1, 2, 3), (-1, 2)}
    if size == 0:
        targets |= {(0, 5), (3, 0)}
    if size == 1:
        targets |= {(), (1, 1, 1)}
    return st.fixed_dictionaries({"shape": st.sampled_from(sorted(targets, key=str))})


def _perm(shapes: list[tuple]) -> st.SearchStrategy:
    nd = len(shapes[0])
    return st.fixed_dictionaries({}, optional={"axes": st.permutations(range(nd)).map(tuple)})


def _axis_in(extra: int = 0, allow_none: bool = False):
    def strategy(shapes: list[tuple]) -> st.SearchStrategy:
        nd = len(shapes[0]) + extra
        opts = st.integers(-nd, nd - 1) if nd else st.just(0)
        if allow_none:
            opts = opts | st.none()
        return st.fixed_dictionaries({"axis": opts})

    return strategy


def _joined(np_fn, xnp_fn):  # noqa: ANN001, ANN202
    # Functions of a sequence of arrays, as functions of operands (so jit sees arrays).
    return (lambda *a, **kw: xnp_fn(list(a), **kw)), (lambda *a, **kw: np_fn(list(a), **kw))


_STACK = _joined(onp.stack, xnp.stack)
_CONCAT = _joined(onp.concatenate, xnp.concatenate)
SAME3 = st.sampled_from([[(2, 3)] * 3, [(3,)] * 3, [()] * 3, [(0, 2)] * 3])
CAT3 = st.sampled_from([[(2, 3), (1, 3), (0, 3)], [(3,), (2,), (1,)], [(2, 2), (2, 2), (2, 2)]])
WHERE3 = st.sampled_from([[(3,), (3,), (3,)], [(2, 3), (3,), ()], [(2, 1), (1, 3), (2, 3)],
                          [(), (), ()], [(0,), (0,), ()]])  # fmt: skip
MATMUL = st.sampled_from([[(3,), (3,)], [(2, 3), (3,)], [(3,), (3, 2)], [(2, 3), (3, 4)],
                          [(5, 2, 3), (3, 2)], [(1, 2, 3), (4, 3, 2)], [(0, 3), (3, 2)],
                          [(2, 0), (0, 3)], [(2, 3), (2, 3)]])  # fmt: skip
DOT = st.sampled_from([[(3,), (3,)], [(2, 3), (3,)], [(3,), (3, 2)], [(2, 3), (3, 4)],
                       [(2, 2, 3), (3, 2)], [(2, 3), (2, 3, 4)], [(), (3,)], [(2, 3), ()],
                       [(0, 3), (3, 2)]])  # fmt: skip
TWO = st.sampled_from([[(3,), (3,)], [(2, 3), (2, 3)], [(2, 3), (3,)], [(), (3,)]])
CLIP = st.sampled_from([[(3,), (), ()], [(2, 3), (3,), (2, 1)], [(3,), (3,), (3,)]])


def _clip_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.just({})


def _round_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={"decimals": st.integers(-2, 3)})


def _isclose_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries({}, optional={"rtol": st.sampled_from([1e-5, 0.1, 0.0]),
                                               "atol": st.sampled_from([1e-8, 0.5, 0.0]),
                                               "equal_nan": st.booleans()})  # fmt: skip


def _nan_to_num_kw(shapes: list[tuple]) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {},
        optional={
            "nan": st.sampled_from([0.0, -1.0]),
            "posinf": st.sampled_from([None, 9.0]),
            "neginf": st.sampled_from([None, -9.0]),
        },
    )


def f(name: str, nargs: int = 1, **kw) -> Row:
    return Row(name, getattr(xnp, name), getattr(onp, name), nargs, **kw)


ROWS = [
    f("reshape", kwargs=_reshape_kw, shapes=ONE),
    f("transpose", kwargs=_perm, shapes=ONE),
    f("ravel", shapes=ONE),
    f("squeeze", shapes=st.sampled_from([[(1, 3, 1)], [(1,)], [()], [(2, 3)]])),
    f("expand_dims", kwargs=_axis_in(extra=1), shapes=ONE),
    f("moveaxis", kwargs=lambda s: st.just({"source": 0, "destination": -1}),
      shapes=st.sampled_from([[(2, 3)], [(2, 1, 3)], [(4,)]])),
    f("swapaxes", kwargs=lambda s: st.just({"axis1": 0, "axis2": -1}),
      shapes=st.sampled_from([[(2, 3)], [(2, 1, 3)], [(4,)]])),
    Row("stack", *_STACK, 3, kwargs=_axis_in(extra=1), shapes=SAME3),
    Row("concatenate", *_CONCAT, 3, kwargs=lambda s: st.just({"axis": 0}), shapes=CAT3),
    Row("concatenate[None]", *_CONCAT, 3, kwargs=lambda s: st.just({"axis": None}), shapes=CAT3),
    f("where", 3, shapes=WHERE3, arg_dtypes=(tuple(ALL), tuple(ALL), tuple(ALL))),
    f("matmul", 2, shapes=MATMUL, min_ndim=1),
    f("dot", 2, shapes=DOT),
    f("inner", 2, shapes=st.sampled_from([[(3,), (3,)], [(2, 3), (4, 3)], [(), (2,)]])),
    f("outer", 2, shapes=TWO),
    f("vdot", 2, shapes=st.sampled_from([[(3,), (3,)], [(2, 3), (6,)]])),
    f("broadcast_to", kwargs=lambda s: st.just({"shape": (2,) + tuple(s[0]) if s[0] else (3,)}),
      shapes=ONE),
    f("clip", 3, shapes=CLIP, dtypes=NONCOMPLEX, kwargs=_clip_kw),
    f("isclose", 2, shapes=TWO, kwargs=_isclose_kw, dtypes=tuple(INT + FLOAT + COMPLEX),
      bf16_reference="native"),
    f("round", kwargs=_round_kw, dtypes=tuple(ALL), tol={"float16": (1e-2, 1e-2)},
      bf16_reference="native"),
    # No bfloat16 reference: NumPy does not see bfloat16 as inexact and returns it unchanged.
    f("nan_to_num", kwargs=_nan_to_num_kw, dtypes=tuple(d for d in ALL if d != BF16)),
    f("fix", dtypes=NONCOMPLEX), f("angle"),
    # No bfloat16 reference for sinc: ml_dtypes promotes bfloat16 * pi to float32.
    f("sinc", dtypes=tuple(d for d in FLOAT + COMPLEX if d != BF16)),
    f("real"), f("imag"), f("isreal"), f("iscomplex"),
    f("isposinf", dtypes=NONCOMPLEX), f("isneginf", dtypes=NONCOMPLEX),
]  # fmt: skip


def _nonfinite(*args: onp.ndarray) -> onp.ndarray:
    bad = False
    for a in args:
        a = onp.asarray(a)
        if a.dtype.kind in "fc":
            bad = bad | ~onp.isfinite(a).all()
    return onp.asarray(bad)


def _huge(*args: onp.ndarray) -> onp.ndarray:
    bad = False
    for a in args:
        a = onp.asarray(a)
        if a.dtype.kind in "fc" or a.dtype == BF16:
            fi = onp.finfo(onp.float32 if a.dtype.itemsize <= 4 else a.dtype)
            x = onp.abs(a.astype(onp.complex128 if a.dtype.kind == "c" else onp.float64))
            bad = bad | (x > onp.sqrt(fi.max)).any()
    return onp.asarray(bad)


def _zero_result(want: onp.ndarray) -> onp.ndarray:
    return onp.asarray(want) == 0


def _int_bound_out_of_range(a: onp.ndarray, *bounds: object) -> onp.ndarray:
    a = onp.asarray(a)
    if a.dtype.kind not in "iu":
        return onp.zeros((), bool)
    info = onp.iinfo(a.dtype)
    bad = any(b.ndim == 0 and b.dtype.kind in "iu" and not info.min <= int(b) <= info.max
              for b in map(onp.asarray, bounds))  # fmt: skip
    return onp.asarray(bad)


KNOWN = [
    Known(
        "dot|matmul|inner|vdot",
        "whether a sum of products overflows depends on the order and precision of the "
        "accumulation (NumPy/BLAS vs XLA; half precision accumulates in float32)",
        None,
        _huge,
        lambda: [as_host([-1, -2, 0], BF16), as_host([3.38e38, -3.38e38, 0], BF16)],
        may_differ="CPUs with native bfloat16 dot products (AVX512-BF16) accumulate like NumPy",
    ),
    Known(
        "clip",
        "a Python integer bound outside the array's integer range clips nothing "
        "eagerly (as in NumPy); under jit it is a traced weak integer and wraps",
        None,
        _int_bound_out_of_range,
        lambda: [onp.array([0, 1, 2], onp.uint8), -1, onp.array(1, onp.uint8)],
    ),
    Known(
        "clip",
        "which zero the max or min of 0.0 and -0.0 is, is an implementation detail",
        None,
        _zero_result,
        lambda: [onp.array([0.0]), onp.array(0.0), onp.array(-0.0)],
        on_result=True,
    ),
    Known(
        "dot|matmul|inner|vdot",
        "the sign of a zero dot product depends on how the products "
        "are summed (BLAS or NumPy's loop vs XLA)",
        None,
        _zero_result,
        lambda: [onp.array([-0.0]), onp.array([1.0])],
        on_result=True,
    ),
    Known(
        "dot|matmul|inner|vdot|outer",
        "with infinite or NaN operands XLA's products may differ "
        "from NumPy's where NumPy multiplies 0 by inf (XLA simplifies products with booleans "
        "and zero-sized terms): the NaN pattern of the result may differ",
        None,
        _nonfinite,
        lambda: [onp.array([False, True]), onp.array([complex(-3, onp.inf), 1j])],
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
@given(data=st.data())
def test_random(row: Row, data: st.DataObject) -> None:
    args, dts = data.draw(operands(row))
    kwargs = draw_kwargs(data.draw, row, args)
    check(row, args, dts, kwargs, KNOWN)


@pytest.mark.parametrize("known", stale_checked(KNOWN), ids=lambda k: k.funcs[:40])
def test_known_differences_still_differ(known: Known) -> None:
    assert known_still_differs(known, ROWS, lambda row, dt: []), known.reason


@pytest.mark.parametrize("known", [k for k in KNOWN if k.may_differ], ids=lambda k: k.funcs[:40])
def test_known_differences_may_differ(known: Known) -> None:
    """A host-dependent difference: the masked comparison passes on its example here."""
    assert check_may_differ(known, ROWS) > 0, known.reason


@pytest.mark.parametrize("name", ["allclose", "array_equal", "array_equiv"])
@given(data=st.data())
def test_predicates(name: str, data: st.DataObject) -> None:
    """Whole-array predicates: NumPy returns a Python bool, xnp a 0-d bool array."""
    row = Row(name, getattr(xnp, name), getattr(onp, name), 2, shapes=TWO,
              dtypes=tuple(INT + FLOAT + COMPLEX), scalars=False)  # fmt: skip
    args, _ = data.draw(operands(row))
    with onp.errstate(all="ignore"):
        want = getattr(onp, name)(*args)
    got = getattr(xnp, name)(*[xnp.asarray(a) for a in args])
    assert got.shape == () and got.dtype == onp.bool_
    assert bool(got) == bool(want), args


def test_every_row_is_exported() -> None:
    for row in ROWS:
        assert row.name.split("[")[0] in dir(xnp)
