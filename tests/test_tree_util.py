"""Tests for xnp.tree_util (pytrees)."""

from __future__ import annotations

import collections
import copy
import dataclasses
import operator
import pickle
from typing import Any, NamedTuple

import pytest

from xnp import tree_util as tu
from xnp.tree_util import (
    PyTreeDef,
    register_dataclass,
    register_pytree_node,
    register_pytree_node_class,
    tree_flatten,
    tree_leaves,
    tree_map,
    tree_structure,
    tree_unflatten,
)


class Point(NamedTuple):
    x: Any
    y: Any


class Point3(Point):
    """A subclass of a namedtuple is still a namedtuple node."""


class Leaf:
    """An unregistered object: a leaf."""

    def __init__(self, v: Any = 0) -> None:
        self.v = v

    def __repr__(self) -> str:
        return f"Leaf({self.v})"


class MyList(list):
    pass


class MyDict(dict):
    pass


def _same(a: Any, b: Any) -> bool:
    """Structural equality that also checks container types."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        if list(a) != list(b) and not isinstance(a, collections.OrderedDict):
            return sorted(a) == sorted(b) and all(_same(a[k], b[k]) for k in a)
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a is b or a == b


ROUND_TRIP_TREES = [
    1,
    Leaf(),
    None,
    (),
    [],
    {},
    (1,),
    (1, 2),
    [1, 2, 3],
    {"a": 1, "b": 2},
    {"b": 1, "a": 2},
    (1, [2, (3, 4)], {"c": [5], "a": None}),
    [None, (None,), {"x": None}],
    Point(1, (2, 3)),
    Point3(Point(1, 2), [3]),
    collections.OrderedDict([("z", 1), ("a", [2, 3])]),
    collections.defaultdict(list, {"b": 1, "a": (2, 3)}),
    [[[[1]]], ((2,),), {"k": {"k": {"k": 3}}}],
    {1: "x", 2: "y"},
    (MyList([1, 2]), MyDict(a=1)),
    ("string", b"bytes", 1.5, 2j, True),
]


@pytest.mark.parametrize("tree", ROUND_TRIP_TREES, ids=repr)
def test_round_trip(tree: Any) -> None:
    leaves, treedef = tree_flatten(tree)
    assert treedef.num_leaves == len(leaves)
    rebuilt = tree_unflatten(treedef, leaves)
    assert _same(rebuilt, tree)
    assert tree_leaves(tree) == leaves
    assert tree_structure(tree) == treedef
    # A second unflatten uses the compiled builder; it must agree.
    assert _same(tree_unflatten(treedef, leaves), tree)
    assert _same(treedef.unflatten(iter(leaves)), tree)


def test_leaf_order_and_dict_sorting() -> None:
    tree = {"b": [3, 4], "a": 1, "c": (5, {"y": 7, "x": 6})}
    leaves, treedef = tree_flatten(tree)
    assert leaves == [1, 3, 4, 5, 6, 7]
    rebuilt = tree_unflatten(treedef, leaves)
    assert rebuilt == tree
    assert list(rebuilt) == ["a", "b", "c"]  # rebuilt in sorted key order, as JAX does
    assert list(rebuilt["c"][1]) == ["x", "y"]


def test_ordered_dict_keeps_insertion_order() -> None:
    od = collections.OrderedDict([("b", 1), ("a", 2)])
    leaves, treedef = tree_flatten(od)
    assert leaves == [1, 2]
    rebuilt = tree_unflatten(treedef, [10, 20])
    assert type(rebuilt) is collections.OrderedDict
    assert list(rebuilt.items()) == [("b", 10), ("a", 20)]
    assert treedef != tree_structure(collections.OrderedDict([("a", 2), ("b", 1)]))
    assert treedef != tree_structure({"b": 1, "a": 2})


def test_defaultdict_keeps_factory() -> None:
    dd = collections.defaultdict(list, {"b": 1, "a": 2})
    leaves, treedef = tree_flatten(dd)
    assert leaves == [2, 1]
    rebuilt = tree_unflatten(treedef, [5, 6])
    assert type(rebuilt) is collections.defaultdict
    assert rebuilt.default_factory is list
    assert dict(rebuilt) == {"a": 5, "b": 6}
    assert rebuilt["missing"] == []
    assert treedef != tree_structure(collections.defaultdict(set, {"b": 1, "a": 2}))
    assert treedef != tree_structure({"b": 1, "a": 2})


def test_none_is_an_empty_node() -> None:
    leaves, treedef = tree_flatten(None)
    assert leaves == []
    assert treedef.num_leaves == 0
    assert treedef.num_nodes == 1
    assert tree_unflatten(treedef, []) is None
    assert repr(treedef) == "PyTreeDef(None)"
    assert tree_leaves([None, 1, (None, 2)]) == [1, 2]
    assert tree_map(lambda x: x * 10, [None, 1, {"a": None}]) == [None, 10, {"a": None}]
    assert treedef != tree_structure(1)
    assert treedef != tree_structure(())
    # With is_leaf, None can be made a leaf.
    assert tree_leaves([None, 1], is_leaf=lambda x: x is None) == [None, 1]


def test_namedtuple() -> None:
    p = Point(1, Point(2, 3))
    leaves, treedef = tree_flatten(p)
    assert leaves == [1, 2, 3]
    rebuilt = tree_unflatten(treedef, ["a", "b", "c"])
    assert type(rebuilt) is Point and type(rebuilt.y) is Point
    assert rebuilt == Point("a", Point("b", "c"))
    assert treedef != tree_structure((1, (2, 3)))
    assert repr(treedef) == "PyTreeDef(Point(x=*, y=Point(x=*, y=*)))"
    sub = tree_unflatten(tree_structure(Point3(1, 2)), [3, 4])
    assert type(sub) is Point3 and sub == (3, 4)


def test_subclasses_of_list_and_dict_are_leaves() -> None:
    ml, md = MyList([1, 2]), MyDict(a=1)
    assert tree_leaves([ml, md]) == [ml, md]
    assert tu.treedef_is_strict_leaf(tree_structure(ml))


def test_repr() -> None:
    assert (
        repr(tree_structure((1, {"a": 2, "b": [3, 4]}))) == "PyTreeDef((*, {'a': *, 'b': [*, *]}))"
    )
    assert repr(tree_structure(1)) == "PyTreeDef(*)"
    assert repr(tree_structure((1,))) == "PyTreeDef((*,))"
    assert repr(tree_structure(())) == "PyTreeDef(())"
    assert repr(tree_structure([None])) == "PyTreeDef([None])"
    od = collections.OrderedDict(b=1, a=2)
    assert repr(tree_structure(od)) == "PyTreeDef(OrderedDict({'b': *, 'a': *}))"
    dd = collections.defaultdict(list, a=1)
    assert repr(tree_structure(dd)) == "PyTreeDef(defaultdict(<class 'list'>, {'a': *}))"


# ---------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------


def test_register_pytree_node() -> None:
    class Box:
        def __init__(self, a: Any, b: Any, name: str) -> None:
            self.a, self.b, self.name = a, b, name

    seen_children: list[Any] = []

    def unflatten(aux: str, children: Any) -> Box:
        seen_children.append(children)
        return Box(*children, aux)

    register_pytree_node(Box, lambda x: ((x.a, x.b), x.name), unflatten)
    tree = [Box(1, (2, 3), "n")]
    leaves, treedef = tree_flatten(tree)
    assert leaves == [1, 2, 3]
    for _ in range(3):  # first use is uncompiled, later ones use the compiled builder
        out = tree_unflatten(treedef, [4, 5, 6])
        assert isinstance(out[0], Box)
        assert (out[0].a, out[0].b, out[0].name) == (4, (5, 6), "n")
    assert isinstance(seen_children[0], tuple)
    assert repr(treedef) == "PyTreeDef([CustomNode(Box['n'], [*, (*, *)])])"
    # aux data participates in equality
    assert treedef == tree_structure([Box(7, (8, 9), "n")])
    assert treedef != tree_structure([Box(7, (8, 9), "m")])
    assert tree_map(lambda x: x + 1, Box(1, 2, "q")).b == 3
    with pytest.raises(ValueError, match="Duplicate"):
        register_pytree_node(Box, lambda x: ((), None), lambda a, c: Box(0, 0, ""))


def test_register_after_use_as_leaf() -> None:
    class Late:
        def __init__(self, v: Any) -> None:
            self.v = v

    obj = Late(1)
    assert tree_leaves([obj]) == [obj]
    assert tree_flatten((obj, obj))[0] == [obj, obj]
    register_pytree_node(Late, lambda x: ((x.v,), None), lambda aux, c: Late(*c))
    assert tree_leaves([obj]) == [1]
    assert tree_flatten((obj, obj))[0] == [1, 1]


@pytest.mark.parametrize("t", [tuple, list, dict, type(None), collections.OrderedDict])
def test_register_builtin_twice_raises(t: type) -> None:
    with pytest.raises(ValueError, match="Duplicate"):
        register_pytree_node(t, lambda x: ((), None), lambda a, c: None)


def test_register_pytree_node_class() -> None:
    @register_pytree_node_class
    class Pair:
        def __init__(self, first: Any, second: Any, tag: str = "t") -> None:
            self.first, self.second, self.tag = first, second, tag

        def tree_flatten(self) -> tuple[tuple[Any, Any], str]:
            return (self.first, self.second), self.tag

        @classmethod
        def tree_unflatten(cls, aux: str, children: Any) -> Pair:
            return cls(*children, tag=aux)

    assert isinstance(Pair, type)  # the decorator returns the class
    p = Pair(1, [2, 3], tag="z")
    leaves, treedef = tree_flatten({"p": p})
    assert leaves == [1, 2, 3]
    q = tree_unflatten(treedef, [4, 5, 6])["p"]
    assert isinstance(q, Pair) and q.first == 4 and q.second == [5, 6] and q.tag == "z"
    with pytest.raises(ValueError, match="Duplicate"):
        register_pytree_node_class(Pair)


def test_register_dataclass_decorator_with_static_fields() -> None:
    @register_dataclass
    @dataclasses.dataclass
    class Params:
        w: Any
        b: Any
        name: str = dataclasses.field(default="p", metadata=dict(static=True))
        extra: int = dataclasses.field(default=0, init=False)

    p = Params(w=1, b=[2, 3], name="layer")
    leaves, treedef = tree_flatten(p)
    assert leaves == [1, 2, 3]
    q = tree_unflatten(treedef, [4, 5, 6])
    assert isinstance(q, Params)
    assert (q.w, q.b, q.name) == (4, [5, 6], "layer")
    assert treedef == tree_structure(Params(w=0, b=[0, 0], name="layer"))
    assert treedef != tree_structure(Params(w=0, b=[0, 0], name="other"))
    assert tree_map(lambda x: x * 2, p) == Params(w=2, b=[4, 6], name="layer")
    hash(treedef)
    with pytest.raises(ValueError, match="Duplicate"):
        register_dataclass(Params)


def test_register_dataclass_frozen_and_explicit_fields() -> None:
    @dataclasses.dataclass(frozen=True)
    class State:
        x: Any
        y: Any
        mode: str

    assert register_dataclass(State, data_fields=["x", "y"], meta_fields=["mode"]) is State
    s = State(1, (2, 3), "train")
    leaves, treedef = tree_flatten(s)
    assert leaves == [1, 2, 3]
    assert tree_unflatten(treedef, [7, 8, 9]) == State(7, (8, 9), "train")

    @register_dataclass(data_fields=["a"], meta_fields=[])
    @dataclasses.dataclass
    class Single:
        a: Any

    assert tree_leaves(Single(a=[1, 2])) == [1, 2]


def test_register_dataclass_non_dataclass_with_fields() -> None:
    class Plain:
        def __init__(self, u: Any, k: int) -> None:
            self.u, self.k = u, k

    register_dataclass(Plain, data_fields=("u",), meta_fields=("k",))
    leaves, treedef = tree_flatten(Plain([1, 2], 3))
    assert leaves == [1, 2]
    out = tree_unflatten(treedef, [5, 6])
    assert out.u == [5, 6] and out.k == 3


def test_register_dataclass_errors() -> None:
    class NotDC:
        pass

    with pytest.raises(TypeError, match="dataclass"):
        register_dataclass(NotDC)

    @dataclasses.dataclass
    class DC:
        a: Any
        b: Any

    with pytest.raises(TypeError, match="both"):
        register_dataclass(DC, data_fields=["a", "b"])
    with pytest.raises(TypeError, match="missing"):
        register_dataclass(DC, data_fields=["a"], meta_fields=[])

    @register_dataclass
    @dataclasses.dataclass
    class Unhashable:
        v: Any
        meta: Any = dataclasses.field(default=None, metadata=dict(static=True))

    with pytest.raises(TypeError, match="hashable"):
        tree_flatten(Unhashable(1, meta=[1, 2]))


# ---------------------------------------------------------------------------------------
# tree_map and is_leaf
# ---------------------------------------------------------------------------------------


def test_tree_map_single_and_several_trees() -> None:
    t1 = {"a": [1, 2], "b": (3, None)}
    t2 = {"a": [10, 20], "b": (30, None)}
    t3 = {"b": (300, None), "a": [100, 200]}
    assert tree_map(lambda x: x + 1, t1) == {"a": [2, 3], "b": (4, None)}
    assert tree_map(lambda x, y, z: x + y + z, t1, t2, t3) == {
        "a": [111, 222],
        "b": (333, None),
    }


def test_tree_map_rest_may_be_deeper() -> None:
    # As in JAX, the other trees only need `tree`'s structure as a prefix.
    out = tree_map(lambda x, y: (x, y), [1, 2], [(3, 4), {"k": 5}])
    assert out == [(1, (3, 4)), (2, {"k": 5})]


@pytest.mark.parametrize(
    "other",
    [
        [1, 2, 3],
        (1, 2),
        {"a": 1, "b": 2},
        [1, None],
        [1, {"a": 2}],
        Point(1, 2),
        1,
    ],
    ids=repr,
)
def test_tree_map_mismatch_names_both_structures(other: Any) -> None:
    tree = [1, (2, 3)]
    with pytest.raises(ValueError) as excinfo:
        tree_map(lambda x, y: x, tree, other)
    msg = str(excinfo.value)
    assert repr(tree_structure(tree)) in msg
    assert repr(tree_structure(other)) in msg


def test_tree_map_dict_key_mismatch() -> None:
    with pytest.raises(ValueError, match="key mismatch"):
        tree_map(lambda x, y: x, {"a": 1, "b": 2}, {"a": 1, "c": 2})


def test_is_leaf_stops_recursion() -> None:
    tree = [(1, 2), [3, (4, 5)], {"k": (6,)}]
    is_pair = lambda x: isinstance(x, tuple) and len(x) == 2
    leaves, treedef = tree_flatten(tree, is_leaf=is_pair)
    assert leaves == [(1, 2), 3, (4, 5), 6]
    assert tree_unflatten(treedef, leaves) == tree
    assert tree_leaves(tree, is_leaf=is_pair) == leaves
    assert tree_structure(tree, is_leaf=is_pair) == treedef
    out = tree_map(lambda p: p[0] + p[1] if is_pair(p) else p, tree, is_leaf=is_pair)
    assert out == [3, [3, 9], {"k": (6,)}]


def test_is_leaf_called_on_root_and_leaves() -> None:
    calls: list[Any] = []

    def record(x: Any) -> bool:
        calls.append(x)
        return False

    tree_flatten({"a": [1]}, is_leaf=record)
    assert calls == [{"a": [1]}, [1], 1]
    leaves, treedef = tree_flatten([1, 2], is_leaf=lambda x: True)
    assert leaves == [[1, 2]]
    assert tu.treedef_is_strict_leaf(treedef)


# ---------------------------------------------------------------------------------------
# PyTreeDef
# ---------------------------------------------------------------------------------------


def test_treedef_equality_and_hash() -> None:
    a = tree_structure((1, {"x": 2, "y": [3]}))
    b = tree_structure(("p", {"y": ["q"], "x": "r"}))
    assert a == b and hash(a) == hash(b)
    assert not (a != b)
    cache = {a: "hit"}
    assert cache[b] == "hit"
    others = [
        tree_structure([1, {"x": 2, "y": [3]}]),
        tree_structure((1, {"x": 2, "z": [3]})),
        tree_structure((1, {"x": 2, "y": (3,)})),
        tree_structure((1, {"x": 2, "y": [3, 4]})),
        tree_structure((1, {"x": 2, "y": [None]})),
        tree_structure(Point(1, {"x": 2, "y": [3]})),
    ]
    for o in others:
        assert a != o
    assert len({a, *others}) == len(others) + 1
    assert tree_structure((1, 2)) == tree_structure((Leaf(), Leaf()))
    assert tree_structure(1) == tree_structure(Leaf())
    assert a != "not a treedef"


def test_treedef_is_immutable_and_not_constructible() -> None:
    td = tree_structure([1, 2])
    with pytest.raises(AttributeError):
        td.num_leaves = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        td.something = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        PyTreeDef()
    assert copy.copy(td) is td
    assert copy.deepcopy(td) is td


def test_treedef_pickle() -> None:
    tree = (1, {"a": [2, None], "b": Point(3, 4)}, collections.OrderedDict(z=5))
    leaves, td = tree_flatten(tree)
    td2 = pickle.loads(pickle.dumps(td))
    assert td2 == td and hash(td2) == hash(td)
    assert tree_unflatten(td2, leaves) == tree


def test_num_leaves_num_nodes_children() -> None:
    td = tree_structure((1, [2, 3], {"a": None}))
    assert td.num_leaves == 3
    assert td.num_nodes == 7  # tuple, 1, list, 2, 3, dict, None
    children = td.children()
    assert children == tu.treedef_children(td)
    assert [c.num_leaves for c in children] == [1, 2, 0]
    assert children[0] == tree_structure(0)
    assert children[1] == tree_structure([0, 0])
    assert children[2] == tree_structure({"a": None})
    assert tree_structure(1).children() == []
    assert td.node_data() == (tuple, None)
    assert tree_structure(1).node_data() is None


def test_treedef_is_leaf() -> None:
    assert tu.treedef_is_leaf(tree_structure(1))
    assert not tu.treedef_is_leaf(tree_structure([1]))
    # As in JAX, childless nodes have a single node too.
    assert tu.treedef_is_leaf(tree_structure(None))
    assert not tu.treedef_is_strict_leaf(tree_structure(None))
    assert tu.treedef_is_strict_leaf(tree_structure(1))


def test_unflatten_wrong_leaf_count() -> None:
    td = tree_structure((1, [2, 3]))
    with pytest.raises(ValueError, match="expected 3, got 2"):
        tree_unflatten(td, [1, 2])
    with pytest.raises(ValueError, match="expected 3, got 4"):
        td.unflatten([1, 2, 3, 4])
    with pytest.raises(ValueError, match="expected 2, got 1"):
        tree_unflatten(tree_structure((1, 2)), [1])
    with pytest.raises(ValueError, match="expected 1, got 0"):
        tree_unflatten(tree_structure(1), [])
    with pytest.raises(ValueError, match="expected 0, got 1"):
        tree_unflatten(tree_structure(None), [1])
    with pytest.raises(TypeError, match="PyTreeDef"):
        tree_unflatten("nope", [1])  # type: ignore[arg-type]


def test_flatten_up_to() -> None:
    td = tree_structure([1, {"a": 2, "b": 3}])
    tree = [(1, 2), {"b": [5], "a": None}]
    assert td.flatten_up_to(tree) == [(1, 2), None, [5]]
    assert tree_structure(1).flatten_up_to({"x": 1}) == [{"x": 1}]
    assert tree_structure((1, 2)).flatten_up_to(([1], 2)) == [[1], 2]
    assert tree_structure(None).flatten_up_to(None) == []
    p = tree_structure(Point(1, 2))
    assert p.flatten_up_to(Point([1], 2)) == [[1], 2]


@pytest.mark.parametrize(
    "tree",
    [
        (1, {"a": 2, "b": 3}),
        [1, {"a": 2}],
        [1, {"a": 2, "c": 3}],
        [1, {"a": 2, "b": 3}, 4],
        [1, collections.OrderedDict(a=2, b=3)],
        [1, None],
        None,
        5,
    ],
    ids=repr,
)
def test_flatten_up_to_mismatch(tree: Any) -> None:
    td = tree_structure([1, {"a": 2, "b": 3}])
    with pytest.raises(ValueError) as excinfo:
        td.flatten_up_to(tree)
    msg = str(excinfo.value)
    assert f"expected a pytree with structure {td}" in msg
    assert f"got one with structure {tree_structure(tree)}" in msg


def test_flatten_up_to_custom_node_mismatch() -> None:
    @register_pytree_node_class
    class Tagged:
        def __init__(self, v: Any, tag: str) -> None:
            self.v, self.tag = v, tag

        def tree_flatten(self) -> tuple[tuple[Any], str]:
            return (self.v,), self.tag

        @classmethod
        def tree_unflatten(cls, aux: str, children: Any) -> Tagged:
            return cls(children[0], aux)

    td = tree_structure(Tagged(1, "a"))
    assert td.flatten_up_to(Tagged([1, 2], "a")) == [[1, 2]]
    with pytest.raises(ValueError, match="node data mismatch"):
        td.flatten_up_to(Tagged(1, "b"))
    with pytest.raises(ValueError, match="expected Tagged, got tuple"):
        td.flatten_up_to((1,))


def test_compose() -> None:
    outer = tree_structure([0, 0])
    inner = tree_structure((0, {"a": 0}))
    composed = outer.compose(inner)
    assert composed == tree_structure([(0, {"a": 0}), (0, {"a": 0})])
    assert composed.num_leaves == 4


# ---------------------------------------------------------------------------------------
# Other functions
# ---------------------------------------------------------------------------------------


def test_tree_all_and_reduce() -> None:
    assert tu.tree_all([True, (1, {"a": "x"})])
    assert not tu.tree_all([True, (0, {"a": "x"})])
    assert tu.tree_all([None, ()])
    assert tu.tree_reduce(operator.add, [1, (2, {"a": 3})]) == 6
    assert tu.tree_reduce(operator.add, [1, (2, {"a": 3})], 10) == 16
    assert tu.tree_reduce(operator.add, [], 7) == 7
    with pytest.raises(TypeError):
        tu.tree_reduce(operator.add, [])
    assert tu.tree_reduce(
        operator.add, [(1, 2), (3, 4)], (), is_leaf=lambda x: isinstance(x, tuple) and len(x) == 2
    ) == (1, 2, 3, 4)


def test_tree_transpose() -> None:
    outer = tree_structure([0, 0, 0])
    inner = tree_structure({"a": 0, "b": 0})
    tree = [{"a": 1, "b": 2}, {"a": 3, "b": 4}, {"a": 5, "b": 6}]
    assert tu.tree_transpose(outer, inner, tree) == {"a": [1, 3, 5], "b": [2, 4, 6]}
    with pytest.raises(TypeError, match="mismatch"):
        tu.tree_transpose(outer, inner, tree[:2])


def test_all_leaves() -> None:
    assert tu.all_leaves([1, "a", Leaf()])
    assert not tu.all_leaves([1, [2]])
    assert not tu.all_leaves([None])
    assert tu.all_leaves([(1, 2)], is_leaf=lambda x: isinstance(x, tuple))


def test_paths() -> None:
    @register_dataclass
    @dataclasses.dataclass
    class Model:
        w: Any
        tag: str = dataclasses.field(default="m", metadata=dict(static=True))

    tree = {"b": [1, Point(2, 3)], "a": Model(w=(4,)), "c": None}
    pairs, treedef = tu.tree_flatten_with_path(tree)
    assert treedef == tree_structure(tree)
    assert [x for _, x in pairs] == tree_leaves(tree)
    assert [tu.keystr(p) for p, _ in pairs] == [
        "['a'].w[0]",
        "['b'][0]",
        "['b'][1].x",
        "['b'][1].y",
    ]
    assert pairs[0][0] == (tu.DictKey("a"), tu.GetAttrKey("w"), tu.SequenceKey(0))
    assert tu.tree_leaves_with_path(tree) == pairs
    out = tu.tree_map_with_path(lambda p, x: tu.keystr(p), tree)
    assert out["b"][1] == Point("['b'][1].x", "['b'][1].y")

    class Custom:
        def __init__(self, a: Any, b: Any) -> None:
            self.a, self.b = a, b

    register_pytree_node(Custom, lambda c: ((c.a, c.b), None), lambda aux, ch: Custom(*ch))
    pairs, _ = tu.tree_flatten_with_path([Custom(1, 2)])
    assert [tu.keystr(p) for p, _ in pairs] == ["[0][<flat index 0>]", "[0][<flat index 1>]"]

    class Keyed:
        def __init__(self, a: Any) -> None:
            self.a = a

    tu.register_pytree_with_keys(
        Keyed, lambda k: (((tu.GetAttrKey("a"), k.a),), None), lambda aux, ch: Keyed(*ch)
    )
    pairs, _ = tu.tree_flatten_with_path(Keyed([1]))
    assert [tu.keystr(p) for p, _ in pairs] == [".a[0]"]
    assert tree_leaves(Keyed([1, 2])) == [1, 2]


def test_flat_tuple_fast_path_matches_general_path() -> None:
    a, b = Leaf(1), Leaf(2)
    leaves, td = tree_flatten((a, b))
    assert leaves == [a, b]
    assert td == tree_flatten((a, b), is_leaf=lambda x: False)[1]
    assert tree_unflatten(td, [b, a]) == (b, a)
    assert tree_flatten(a) == ([a], tree_structure(0))
    assert tree_unflatten(tree_structure(0), [b]) is b
    many = tuple(range(300))
    assert tree_unflatten(tree_structure(many), list(many)) == many


def test_dict_with_unorderable_keys() -> None:
    tree = {1: "a", "b": "c"}
    leaves, treedef = tree_flatten(tree)
    assert sorted(leaves) == ["a", "c"]
    assert tree_unflatten(treedef, leaves) == tree


def test_deep_and_wide_trees() -> None:
    deep: Any = 0
    for i in range(200):
        deep = [deep, {"i": i}]
    leaves, treedef = tree_flatten(deep)
    assert len(leaves) == 201
    assert tree_unflatten(treedef, leaves) == deep
    assert tree_unflatten(treedef, leaves) == deep
    wide = {f"k{i:04d}": (i, [i]) for i in range(1000)}
    leaves, treedef = tree_flatten(wide)
    assert leaves[:4] == [0, 0, 1, 1]
    assert tree_map(lambda x: x, wide) == wide


def test_custom_node_children_may_be_any_iterable() -> None:
    class Gen:
        def __init__(self, items: list[Any]) -> None:
            self.items = items

    register_pytree_node(Gen, lambda g: (iter(g.items), len(g.items)), lambda n, ch: Gen(list(ch)))
    leaves, treedef = tree_flatten([Gen([1, (2, 3)])])
    assert leaves == [1, 2, 3]
    assert treedef == tree_structure([Gen([0, (0, 0)])])
    assert tree_unflatten(treedef, [4, 5, 6])[0].items == [4, (5, 6)]
