"""Pytrees: nested containers of leaves, flattened to a list plus a structure.

This is a leaf module: it imports only the Python standard library.

A *pytree* is a tuple, list, dict, ``None``, namedtuple, ``collections.OrderedDict``,
``collections.defaultdict`` or any type registered with :func:`register_pytree_node`
(or its variants), whose children are again pytrees.  Everything else is a *leaf*.
Only the exact registered types are nodes: subclasses of ``list`` or ``dict`` are
leaves, except tuple subclasses that define ``_fields`` (namedtuples).

``None`` is a node with no children, so it contributes no leaves.

Internally a structure is a *spec*: ``None`` for a leaf, otherwise the tuple
``(kind, node_type, aux_data, children_specs)``.  Specs are plain tuples so that
equality and hashing run in C; :class:`PyTreeDef` wraps one with its leaf count,
a cached hash and a lazily built unflatten function.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

__all__ = [
    "DictKey",
    "FlattenedIndexKey",
    "GetAttrKey",
    "PyTreeDef",
    "SequenceKey",
    "all_leaves",
    "keystr",
    "register_dataclass",
    "register_pytree_node",
    "register_pytree_node_class",
    "register_pytree_with_keys",
    "tree_all",
    "tree_flatten",
    "tree_flatten_with_path",
    "tree_leaves",
    "tree_leaves_with_path",
    "tree_map",
    "tree_map_with_path",
    "tree_reduce",
    "tree_structure",
    "tree_transpose",
    "tree_unflatten",
    "treedef_children",
    "treedef_is_leaf",
    "treedef_is_strict_leaf",
]

T = TypeVar("T")
IsLeaf = Callable[[Any], bool] | None
Spec = tuple | None

# Node kinds.  0 means "leaf" and is only ever stored in the type -> kind cache.
_LEAF = 0
_TUPLE = 1
_LIST = 2
_DICT = 3
_NONE = 4
_NAMEDTUPLE = 5
_ODICT = 6
_DDICT = 7
_CUSTOM = 8

_BUILTIN_NODE_TYPES: dict[type, int] = {
    tuple: _TUPLE,
    list: _LIST,
    dict: _DICT,
    type(None): _NONE,
    collections.OrderedDict: _ODICT,
    collections.defaultdict: _DDICT,
}

# type -> kind.  Holds builtin nodes, registered nodes and every classified type
# (namedtuples and leaf types), so that the hot path is a single dict lookup.
_kinds: dict[type, int] = dict(_BUILTIN_NODE_TYPES)
_kinds_get = _kinds.get
_KIND_CACHE_LIMIT = 8192


class _Handler:
    """Flatten/unflatten functions of a user-registered node type."""

    __slots__ = ("flatten", "unflatten", "flatten_with_keys")

    def __init__(
        self,
        flatten: Callable[[Any], tuple[Iterable[Any], Any]],
        unflatten: Callable[[Any, Iterable[Any]], Any],
        flatten_with_keys: Callable[[Any], tuple[Iterable[tuple[Any, Any]], Any]] | None,
    ) -> None:
        self.flatten = flatten
        self.unflatten = unflatten
        self.flatten_with_keys = flatten_with_keys


_registry: dict[type, _Handler] = {}


def _classify(t: type) -> int:
    """Return the kind of a type not yet in the cache, and cache it."""
    kind = _NAMEDTUPLE if issubclass(t, tuple) and hasattr(t, "_fields") else _LEAF
    if len(_kinds) >= _KIND_CACHE_LIMIT:
        # Bound the cache (e.g. many dynamically created classes): drop classified types.
        _kinds.clear()
        _kinds.update(_BUILTIN_NODE_TYPES)
        _kinds.update(dict.fromkeys(_registry, _CUSTOM))
    _kinds[t] = kind
    return kind


def _sorted_keys(d: dict) -> tuple:
    try:
        return tuple(sorted(d))
    except TypeError:  # keys of mutually unorderable types: keep insertion order
        return tuple(d)


# ---------------------------------------------------------------------------------------
# Flattening
# ---------------------------------------------------------------------------------------


def _flatten(x: Any, leaves: list) -> Spec:
    t = type(x)
    k = _kinds_get(t)
    if k is None:
        k = _classify(t)
    if k == _LEAF:
        leaves.append(x)
        return None
    if k == _TUPLE or k == _LIST or k == _NAMEDTUPLE:
        children = x
        aux = None
    elif k == _DICT:
        aux = _sorted_keys(x)
        children = [x[key] for key in aux]
    elif k == _NONE:
        return (_NONE, t, None, ())
    elif k == _ODICT:
        aux = tuple(x)
        children = x.values()
    elif k == _DDICT:
        keys = _sorted_keys(x)
        aux = (x.default_factory, keys)
        children = [x[key] for key in keys]
    else:
        children, aux = _registry[t].flatten(x)
    specs = []
    append = specs.append
    for c in children:
        kc = _kinds_get(type(c))
        if kc == _LEAF:
            leaves.append(c)
            append(None)
        else:
            append(_flatten(c, leaves))
    return (k, t, aux, tuple(specs))


def _flatten_pred(x: Any, leaves: list, is_leaf: Callable[[Any], bool]) -> Spec:
    t = type(x)
    k = _kinds_get(t)
    if k is None:
        k = _classify(t)
    if is_leaf(x) or k == _LEAF:  # as in JAX, the predicate sees leaves too
        leaves.append(x)
        return None
    if k == _TUPLE or k == _LIST or k == _NAMEDTUPLE:
        children = x
        aux = None
    elif k == _DICT:
        aux = _sorted_keys(x)
        children = [x[key] for key in aux]
    elif k == _NONE:
        return (_NONE, t, None, ())
    elif k == _ODICT:
        aux = tuple(x)
        children = x.values()
    elif k == _DDICT:
        keys = _sorted_keys(x)
        aux = (x.default_factory, keys)
        children = [x[key] for key in keys]
    else:
        children, aux = _registry[t].flatten(x)
    return (k, t, aux, tuple([_flatten_pred(c, leaves, is_leaf) for c in children]))


def _collect_leaves(x: Any, leaves: list) -> None:
    """Like :func:`_flatten` but only collects the leaves (no structure)."""
    t = type(x)
    k = _kinds_get(t)
    if k is None:
        k = _classify(t)
    if k == _LEAF:
        leaves.append(x)
        return
    if k == _TUPLE or k == _LIST or k == _NAMEDTUPLE:
        children = x
    elif k == _DICT:
        children = [x[key] for key in _sorted_keys(x)]
    elif k == _NONE:
        return
    elif k == _ODICT:
        children = x.values()
    elif k == _DDICT:
        children = [x[key] for key in _sorted_keys(x)]
    else:
        children = _registry[t].flatten(x)[0]
    for c in children:
        if _kinds_get(type(c)) == _LEAF:
            leaves.append(c)
        else:
            _collect_leaves(c, leaves)


def tree_flatten(tree: Any, is_leaf: IsLeaf = None) -> tuple[list[Any], PyTreeDef]:
    """Flatten a pytree into a list of leaves and a structure.

    Parameters
    ----------
    tree : Any
        The pytree to flatten.
    is_leaf : callable, optional
        Predicate called on every subtree (the root included); where it returns true
        the subtree is treated as a leaf and not flattened further.

    Returns
    -------
    leaves : list
        The leaves, in a deterministic order (dict children by sorted key).
    treedef : PyTreeDef
        The structure of ``tree``, such that ``tree_unflatten(treedef, leaves)``
        rebuilds it.

    Examples
    --------
    >>> tree_flatten((1, {"b": [2, 3], "a": None}))
    ([1, 2, 3], PyTreeDef((*, {'a': None, 'b': [*, *]})))
    """
    if is_leaf is None:
        t = type(tree)
        if t is tuple:
            # Fast path: a flat tuple of leaves (typically the positional arguments of a
            # call) gets a shared, pre-hashed treedef.
            for c in tree:
                if _kinds_get(type(c)) != _LEAF:
                    break
            else:
                td = _flat_tuple_treedefs.get(len(tree))
                if td is None:
                    td = _flat_tuple_treedef(len(tree))
                return list(tree), td
        elif _kinds_get(t) == _LEAF:
            return [tree], _LEAF_TREEDEF
        leaves: list[Any] = []
        spec = _flatten(tree, leaves)
    else:
        leaves = []
        spec = _flatten_pred(tree, leaves, is_leaf)
    td = _new_treedef(PyTreeDef)
    td._spec = spec
    td._num_leaves = len(leaves)
    return leaves, td


def tree_leaves(tree: Any, is_leaf: IsLeaf = None) -> list[Any]:
    """Return the leaves of a pytree, in flattening order.

    Parameters
    ----------
    tree : Any
        The pytree.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves (see :func:`tree_flatten`).

    Returns
    -------
    list
        The leaves, as in ``tree_flatten(tree, is_leaf)[0]``.
    """
    leaves: list[Any] = []
    if is_leaf is None:
        _collect_leaves(tree, leaves)
    else:
        _flatten_pred(tree, leaves, is_leaf)
    return leaves


def tree_structure(tree: Any, is_leaf: IsLeaf = None) -> PyTreeDef:
    """Return the structure of a pytree.

    Parameters
    ----------
    tree : Any
        The pytree.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves (see :func:`tree_flatten`).

    Returns
    -------
    PyTreeDef
        The structure, as in ``tree_flatten(tree, is_leaf)[1]``.
    """
    return tree_flatten(tree, is_leaf)[1]


# ---------------------------------------------------------------------------------------
# Unflattening
# ---------------------------------------------------------------------------------------


def _all_leaf_children(children: tuple) -> bool:
    for c in children:
        if c is not None:
            return False
    return True


def _make_builder(spec: Spec) -> Callable[[Any], Any]:
    """Return a function rebuilding the subtree ``spec`` from an iterator of leaves."""
    if spec is None:
        return next
    kind, t, aux, children = spec
    n = len(children)
    if kind == _NONE:
        return lambda it: None
    if _all_leaf_children(children):
        if kind == _TUPLE:
            return lambda it: tuple(islice(it, n))
        if kind == _LIST:
            return lambda it: list(islice(it, n))
        if kind == _DICT:
            return lambda it: dict(zip(aux, islice(it, n)))
    bs = [_make_builder(c) for c in children]
    if kind == _TUPLE:
        return lambda it: tuple([b(it) for b in bs])
    if kind == _LIST:
        return lambda it: [b(it) for b in bs]
    if kind == _DICT:
        return lambda it: dict(zip(aux, [b(it) for b in bs]))
    if kind == _NAMEDTUPLE:
        return lambda it: t(*[b(it) for b in bs])
    if kind == _ODICT:
        return lambda it: collections.OrderedDict(zip(aux, [b(it) for b in bs]))
    if kind == _DDICT:
        factory, keys = aux
        return lambda it: collections.defaultdict(factory, zip(keys, [b(it) for b in bs]))
    unflatten = _registry[t].unflatten
    return lambda it: unflatten(aux, tuple([b(it) for b in bs]))


def _first_leaf(leaves: Sequence[Any]) -> Any:
    return leaves[0]


def _simple_top_builder(spec: Spec) -> Callable[[Sequence[Any]], Any] | None:
    """Return a cheap builder for a leaf or a flat tuple/list/dict, else None."""
    if spec is None:
        return _first_leaf
    kind, _, aux, children = spec
    if _all_leaf_children(children):
        if kind == _TUPLE:
            return tuple
        if kind == _LIST:
            return list
        if kind == _DICT:
            return lambda leaves: dict(zip(aux, leaves))
    return None


def _make_top_builder(spec: Spec) -> Callable[[Sequence[Any]], Any]:
    """Return a function rebuilding the tree ``spec`` from a sequence of its leaves."""
    simple = _simple_top_builder(spec)
    if simple is not None:
        return simple
    b = _make_builder(spec)
    return lambda leaves: b(iter(leaves))


def _unflatten(spec: Spec, it: Iterator[Any]) -> Any:
    """Rebuild the subtree ``spec`` from an iterator of leaves (uncompiled path)."""
    if spec is None:
        return next(it)
    kind, t, aux, children = spec
    cs = [next(it) if c is None else _unflatten(c, it) for c in children]
    if kind == _TUPLE:
        return tuple(cs)
    if kind == _LIST:
        return cs
    if kind == _DICT:
        return dict(zip(aux, cs))
    if kind == _NONE:
        return None
    if kind == _NAMEDTUPLE:
        return t(*cs)
    if kind == _ODICT:
        return collections.OrderedDict(zip(aux, cs))
    if kind == _DDICT:
        return collections.defaultdict(aux[0], zip(aux[1], cs))
    return _registry[t].unflatten(aux, tuple(cs))


def _unflatten_top(spec: Spec, leaves: Sequence[Any]) -> Any:
    return _unflatten(spec, iter(leaves))


def _init_builder(treedef: PyTreeDef) -> Callable[[Sequence[Any]], Any]:
    """Pick the builder for the first unflatten with ``treedef``.

    Simple structures get their (cheap) builder cached at once.  Nested ones are
    rebuilt recursively the first time, and compiled into closures (faster to run,
    slower to create) only if the treedef is used again, as with ``jit``'s cached
    output structures.
    """
    if not isinstance(treedef, PyTreeDef):
        raise TypeError(f"tree_unflatten expects a PyTreeDef, got {type(treedef).__name__}")
    spec = treedef._spec
    build = _simple_top_builder(spec)
    treedef._build = build
    if build is None:
        return functools.partial(_unflatten_top, spec)
    return build


def tree_unflatten(treedef: PyTreeDef, leaves: Iterable[Any]) -> Any:
    """Rebuild a pytree from its structure and leaves.

    Parameters
    ----------
    treedef : PyTreeDef
        The structure, e.g. from :func:`tree_flatten`.
    leaves : iterable
        Exactly ``treedef.num_leaves`` leaves, in flattening order.

    Returns
    -------
    Any
        The pytree with structure ``treedef`` and the given leaves.

    Raises
    ------
    ValueError
        If the number of leaves differs from ``treedef.num_leaves``.
    """
    try:
        build = treedef._build
    except AttributeError:
        build = _init_builder(treedef)
    else:
        if build is None:  # second use of a nested treedef: compile it
            build = treedef._build = _make_top_builder(treedef._spec)
    lt = type(leaves)
    if lt is not list and lt is not tuple:
        leaves = list(leaves)
    if len(leaves) != treedef._num_leaves:  # type: ignore[arg-type]
        raise ValueError(
            f"Too {'many' if len(leaves) > treedef._num_leaves else 'few'} leaves for "  # type: ignore[arg-type]
            f"PyTreeDef; expected {treedef._num_leaves}, got {len(leaves)}: {treedef}"  # type: ignore[arg-type]
        )
    return build(leaves)


# ---------------------------------------------------------------------------------------
# flatten_up_to
# ---------------------------------------------------------------------------------------


class _Mismatch(Exception):
    pass


def _flatten_up_to(spec: Spec, x: Any, out: list) -> None:
    if spec is None:
        out.append(x)
        return
    kind, t, aux, children = spec
    xt = type(x)
    if kind == _TUPLE or kind == _LIST or kind == _NAMEDTUPLE:
        if xt is not t:
            raise _Mismatch(f"expected {t.__name__}, got {xt.__name__}: {x!r}")
        if len(x) != len(children):
            raise _Mismatch(f"{t.__name__} arity mismatch: {len(x)} != {len(children)}: {x!r}")
        xs: Iterable[Any] = x
    elif kind == _NONE:
        if x is not None:
            raise _Mismatch(f"expected None, got {x!r}")
        return
    elif kind == _DICT or kind == _DDICT or kind == _ODICT:
        if xt is not t:
            raise _Mismatch(f"expected {t.__name__}, got {xt.__name__}: {x!r}")
        keys = aux[1] if kind == _DDICT else aux
        if kind == _ODICT:
            xkeys = tuple(x)
            if xkeys != keys:
                raise _Mismatch(f"OrderedDict key mismatch: {list(xkeys)} != {list(keys)}")
        elif len(x) != len(keys) or any(k not in x for k in keys):
            raise _Mismatch(f"dict key mismatch: {sorted(x, key=repr)} != {list(keys)}")
        xs = [x[k] for k in keys]
    else:
        if xt is not t:
            raise _Mismatch(f"expected {t.__name__}, got {xt.__name__}: {x!r}")
        xc, xaux = _registry[t].flatten(x)
        xs = list(xc)
        if xaux != aux:
            raise _Mismatch(f"{t.__name__} node data mismatch: {xaux!r} != {aux!r}")
        if len(xs) != len(children):
            raise _Mismatch(f"{t.__name__} arity mismatch: {len(xs)} != {len(children)}")
    for s, c in zip(children, xs):
        _flatten_up_to(s, c, out)


# ---------------------------------------------------------------------------------------
# PyTreeDef
# ---------------------------------------------------------------------------------------


def _spec_num_leaves(spec: Spec) -> int:
    if spec is None:
        return 1
    return sum(_spec_num_leaves(c) for c in spec[3])


def _spec_num_nodes(spec: Spec) -> int:
    if spec is None:
        return 1
    return 1 + sum(_spec_num_nodes(c) for c in spec[3])


def _spec_repr(spec: Spec) -> str:
    if spec is None:
        return "*"
    kind, t, aux, children = spec
    cs = [_spec_repr(c) for c in children]
    if kind == _TUPLE:
        return f"({cs[0]},)" if len(cs) == 1 else "(" + ", ".join(cs) + ")"
    if kind == _LIST:
        return "[" + ", ".join(cs) + "]"
    if kind == _DICT:
        return "{" + ", ".join(f"{k!r}: {c}" for k, c in zip(aux, cs)) + "}"
    if kind == _NONE:
        return "None"
    if kind == _NAMEDTUPLE:
        return f"{t.__name__}(" + ", ".join(f"{f}={c}" for f, c in zip(t._fields, cs)) + ")"
    if kind == _ODICT:
        return "OrderedDict({" + ", ".join(f"{k!r}: {c}" for k, c in zip(aux, cs)) + "})"
    if kind == _DDICT:
        factory, keys = aux
        items = ", ".join(f"{k!r}: {c}" for k, c in zip(keys, cs))
        return f"defaultdict({factory!r}, {{{items}}})"
    return f"CustomNode({t.__name__}[{aux!r}], [" + ", ".join(cs) + "])"


def _spec_compose(outer: Spec, inner: Spec) -> Spec:
    if outer is None:
        return inner
    kind, t, aux, children = outer
    return (kind, t, aux, tuple([_spec_compose(c, inner) for c in children]))


class PyTreeDef:
    """The structure of a pytree: its node types, node data and nesting.

    Obtained from :func:`tree_flatten` or :func:`tree_structure`; it cannot be
    constructed directly.  Immutable (its public attributes are read-only) and
    hashable, with the hash cached; two treedefs are equal iff they have the same
    node types, the same node (aux) data and the same nesting.
    """

    __slots__ = ("_spec", "_num_leaves", "_hash", "_num_nodes", "_build")

    _spec: Spec
    _num_leaves: int

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("PyTreeDef cannot be constructed directly; use tree_structure().")

    @property
    def num_leaves(self) -> int:
        """Number of leaves."""
        return self._num_leaves

    @property
    def num_nodes(self) -> int:
        """Number of nodes, leaves included."""
        try:
            return self._num_nodes
        except AttributeError:
            n = self._num_nodes = _spec_num_nodes(self._spec)
            return n

    def children(self) -> list[PyTreeDef]:
        """Return the structures of the root's children (empty for a leaf)."""
        if self._spec is None:
            return []
        return [_make_treedef(c, _spec_num_leaves(c)) for c in self._spec[3]]

    def node_data(self) -> tuple[type, Any] | None:
        """Return ``(node_type, aux_data)`` of the root, or None for a leaf."""
        if self._spec is None:
            return None
        return self._spec[1], self._spec[2]

    def unflatten(self, leaves: Iterable[Any]) -> Any:
        """Rebuild a pytree of this structure from leaves (see :func:`tree_unflatten`)."""
        return tree_unflatten(self, leaves)

    def flatten_up_to(self, tree: Any) -> list[Any]:
        """Flatten ``tree`` up to this structure.

        Parameters
        ----------
        tree : Any
            A pytree whose structure has this treedef as a prefix.

        Returns
        -------
        list
            The subtrees of ``tree`` at the leaf positions of this treedef
            (``num_leaves`` of them).

        Raises
        ------
        ValueError
            If ``tree`` does not have this structure as a prefix; the message names
            the expected and actual structures.
        """
        spec = self._spec
        if spec is None:
            return [tree]
        if (
            spec[0] == _TUPLE
            and type(tree) is tuple
            and len(tree) == len(spec[3])
            and _all_leaf_children(spec[3])
        ):
            return list(tree)
        out: list[Any] = []
        try:
            _flatten_up_to(spec, tree, out)
        except _Mismatch as e:
            raise ValueError(
                f"Tree structure mismatch: expected a pytree with structure {self}, "
                f"got one with structure {tree_structure(tree)} ({e})"
            ) from None
        return out

    def compose(self, inner: PyTreeDef) -> PyTreeDef:
        """Return the structure with ``inner`` substituted at each leaf of ``self``."""
        return _make_treedef(
            _spec_compose(self._spec, inner._spec), self._num_leaves * inner._num_leaves
        )

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not PyTreeDef:
            return NotImplemented
        return self._num_leaves == other._num_leaves and self._spec == other._spec

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            h = self._hash = hash(self._spec)
            return h

    def __repr__(self) -> str:
        return f"PyTreeDef({_spec_repr(self._spec)})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _make_treedef, (self._spec, self._num_leaves)

    def __copy__(self) -> PyTreeDef:
        return self

    def __deepcopy__(self, memo: dict) -> PyTreeDef:
        return self


_new_treedef = object.__new__


def _make_treedef(spec: Spec, num_leaves: int) -> PyTreeDef:
    td = _new_treedef(PyTreeDef)
    td._spec = spec
    td._num_leaves = num_leaves
    return td


_LEAF_TREEDEF = _make_treedef(None, 1)
_LEAF_TREEDEF._build = _first_leaf
hash(_LEAF_TREEDEF)

# Shared treedefs of flat tuples of leaves, by length (bounded: lengths < 256).
_flat_tuple_treedefs: dict[int, PyTreeDef] = {}


def _flat_tuple_treedef(n: int) -> PyTreeDef:
    td = _make_treedef((_TUPLE, tuple, None, (None,) * n), n)
    td._build = tuple
    hash(td)
    if n < 256:
        _flat_tuple_treedefs[n] = td
    return td


def treedef_children(treedef: PyTreeDef) -> list[PyTreeDef]:
    """Return the structures of the root's children.

    Parameters
    ----------
    treedef : PyTreeDef
        A structure.

    Returns
    -------
    list of PyTreeDef
        One per child of the root node; empty for a leaf or a childless node.
    """
    return treedef.children()


def treedef_is_leaf(treedef: PyTreeDef) -> bool:
    """Return whether ``treedef`` has a single node (as in JAX).

    Parameters
    ----------
    treedef : PyTreeDef
        A structure.

    Returns
    -------
    bool
        True for a leaf and also for childless nodes such as ``None`` or ``()``; use
        :func:`treedef_is_strict_leaf` to test for a leaf only.
    """
    return treedef.num_nodes == 1


def treedef_is_strict_leaf(treedef: PyTreeDef) -> bool:
    """Return whether ``treedef`` is the structure of a single leaf.

    Parameters
    ----------
    treedef : PyTreeDef
        A structure.

    Returns
    -------
    bool
        True iff ``treedef`` is ``PyTreeDef(*)``.
    """
    return treedef._spec is None


# ---------------------------------------------------------------------------------------
# Functions over trees
# ---------------------------------------------------------------------------------------


def tree_map(f: Callable[..., Any], tree: Any, *rest: Any, is_leaf: IsLeaf = None) -> Any:
    """Apply ``f`` to the leaves of one or more pytrees, keeping the structure.

    Parameters
    ----------
    f : callable
        Called as ``f(x, *xs)`` for each leaf ``x`` of ``tree`` and the corresponding
        subtrees ``xs`` of ``rest``.
    tree : Any
        The pytree whose structure the result has.
    *rest : Any
        Further pytrees, each with the structure of ``tree`` (or a structure of which
        it is a prefix: their subtrees at ``tree``'s leaf positions are passed to ``f``).
    is_leaf : callable, optional
        Predicate marking subtrees of ``tree`` to treat as leaves.

    Returns
    -------
    Any
        A pytree with the structure of ``tree`` and leaves ``f(x, *xs)``.

    Raises
    ------
    ValueError
        If a tree in ``rest`` does not match ``tree``'s structure; the message names
        both structures.
    """
    leaves, treedef = tree_flatten(tree, is_leaf)
    if not rest:
        return tree_unflatten(treedef, [f(x) for x in leaves])
    all_leaves = [leaves] + [treedef.flatten_up_to(r) for r in rest]
    return tree_unflatten(treedef, [f(*xs) for xs in zip(*all_leaves)])


def tree_all(tree: Any, *, is_leaf: IsLeaf = None) -> bool:
    """Return whether all leaves of ``tree`` are truthy.

    Parameters
    ----------
    tree : Any
        The pytree.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves.

    Returns
    -------
    bool
        ``all(tree_leaves(tree, is_leaf))``.
    """
    return all(tree_leaves(tree, is_leaf))


_NO_INIT = object()


def tree_reduce(
    function: Callable[[Any, Any], Any],
    tree: Any,
    initializer: Any = _NO_INIT,
    is_leaf: IsLeaf = None,
) -> Any:
    """Reduce the leaves of ``tree`` with a binary function.

    Parameters
    ----------
    function : callable
        Binary function ``function(acc, leaf)``.
    tree : Any
        The pytree.
    initializer : Any, optional
        Initial accumulator value; without it the first leaf is used, and an empty
        tree raises ``TypeError``.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves.

    Returns
    -------
    Any
        ``functools.reduce(function, tree_leaves(tree, is_leaf), initializer)``.
    """
    if initializer is _NO_INIT:
        return functools.reduce(function, tree_leaves(tree, is_leaf))
    return functools.reduce(function, tree_leaves(tree, is_leaf), initializer)


def tree_transpose(outer_treedef: PyTreeDef, inner_treedef: PyTreeDef, pytree: Any) -> Any:
    """Turn a tree of structure outer-of-inner into one of structure inner-of-outer.

    Parameters
    ----------
    outer_treedef : PyTreeDef
        Structure of the outer level of ``pytree``.
    inner_treedef : PyTreeDef
        Structure of each subtree at the leaves of ``outer_treedef``.
    pytree : Any
        Tree with structure ``outer_treedef.compose(inner_treedef)``.

    Returns
    -------
    Any
        Tree with structure ``inner_treedef.compose(outer_treedef)``.

    Raises
    ------
    TypeError
        If ``pytree`` does not have the composed structure.
    """
    leaves, treedef = tree_flatten(pytree)
    expected = outer_treedef.compose(inner_treedef)
    if treedef != expected:
        raise TypeError(f"tree_transpose: structure mismatch: {treedef} != {expected}")
    n_inner = inner_treedef.num_leaves
    n_outer = outer_treedef.num_leaves
    lol = [leaves[i * n_inner : (i + 1) * n_inner] for i in range(n_outer)]
    subtrees = [outer_treedef.unflatten(col) for col in zip(*lol)]
    if n_outer == 0:
        subtrees = [outer_treedef.unflatten([]) for _ in range(n_inner)]
    return inner_treedef.unflatten(subtrees)


def all_leaves(iterable: Iterable[Any], is_leaf: IsLeaf = None) -> bool:
    """Return whether every element of ``iterable`` is a leaf.

    Parameters
    ----------
    iterable : iterable
        Objects to test.
    is_leaf : callable, optional
        Predicate marking objects to treat as leaves.

    Returns
    -------
    bool
        True iff each element's structure is a single leaf.
    """
    for x in iterable:
        if is_leaf is None:
            k = _kinds_get(type(x))
            if k is None:
                k = _classify(type(x))
            if k != _LEAF:
                return False
        elif tree_structure(x, is_leaf)._spec is not None:
            return False
    return True


# ---------------------------------------------------------------------------------------
# Registration
# ---------------------------------------------------------------------------------------


def _register(
    nodetype: type,
    flatten: Callable[[Any], tuple[Iterable[Any], Any]],
    unflatten: Callable[[Any, Iterable[Any]], Any],
    flatten_with_keys: Callable[[Any], tuple[Iterable[tuple[Any, Any]], Any]] | None,
) -> None:
    if not isinstance(nodetype, type):
        raise TypeError(f"Expected a type to register as a pytree node, got {nodetype!r}")
    if nodetype in _registry or nodetype in _BUILTIN_NODE_TYPES:
        raise ValueError(f"Duplicate pytree node registration for type {nodetype!r}")
    _registry[nodetype] = _Handler(flatten, unflatten, flatten_with_keys)
    _kinds[nodetype] = _CUSTOM


def register_pytree_node(
    nodetype: type[T],
    flatten_func: Callable[[T], tuple[Iterable[Any], Hashable]],
    unflatten_func: Callable[[Any, Iterable[Any]], T],
) -> None:
    """Register a type as a pytree node.

    Parameters
    ----------
    nodetype : type
        The type to register (exactly: subclasses are not covered).
    flatten_func : callable
        ``flatten_func(x) -> (children, aux_data)``: the children (an iterable of
        pytrees) and hashable auxiliary data stored in the treedef.
    unflatten_func : callable
        ``unflatten_func(aux_data, children) -> x``, receiving the children as a tuple.

    Raises
    ------
    ValueError
        If ``nodetype`` is already registered.
    """
    _register(nodetype, flatten_func, unflatten_func, None)


def register_pytree_with_keys(
    nodetype: type[T],
    flatten_with_keys: Callable[[T], tuple[Iterable[tuple[Any, Any]], Hashable]],
    unflatten_func: Callable[[Any, Iterable[Any]], T],
    flatten_func: Callable[[T], tuple[Iterable[Any], Hashable]] | None = None,
) -> None:
    """Register a type as a pytree node whose children have keys (for paths).

    Parameters
    ----------
    nodetype : type
        The type to register.
    flatten_with_keys : callable
        ``flatten_with_keys(x) -> (((key, child), ...), aux_data)``.
    unflatten_func : callable
        ``unflatten_func(aux_data, children) -> x``.
    flatten_func : callable, optional
        Faster ``flatten_func(x) -> (children, aux_data)``; derived from
        ``flatten_with_keys`` when omitted.

    Raises
    ------
    ValueError
        If ``nodetype`` is already registered.
    """
    if flatten_func is None:

        def flatten_func(x: Any) -> tuple[list[Any], Any]:
            kcs, aux = flatten_with_keys(x)
            return [c for _, c in kcs], aux

    _register(nodetype, flatten_func, unflatten_func, flatten_with_keys)


def register_pytree_node_class(cls: type[T]) -> type[T]:
    """Class decorator registering ``cls`` as a pytree node.

    ``cls`` must define a method ``tree_flatten(self) -> (children, aux_data)`` and a
    classmethod ``tree_unflatten(cls, aux_data, children)``.

    Parameters
    ----------
    cls : type
        The class to register.

    Returns
    -------
    type
        ``cls`` itself.
    """
    _register(cls, cls.tree_flatten, cls.tree_unflatten, None)  # type: ignore[attr-defined]
    return cls


def register_dataclass(
    nodetype: type[T] | None = None,
    data_fields: Sequence[str] | None = None,
    meta_fields: Sequence[str] | None = None,
    drop_fields: Sequence[str] = (),
) -> Any:
    """Register a dataclass (or any class built from keyword fields) as a pytree node.

    Usable as a bare decorator on a dataclass: then data fields are its ``init``
    fields not marked ``field(metadata=dict(static=True))``, and meta fields are the
    ``init`` fields marked static.

    Parameters
    ----------
    nodetype : type, optional
        The class.  When omitted, a decorator taking the class is returned.
    data_fields : sequence of str, optional
        Names of the attributes that are children (flattened further).
    meta_fields : sequence of str, optional
        Names of the attributes stored in the treedef's aux data; their values must
        be hashable.
    drop_fields : sequence of str, optional
        ``init`` fields of a dataclass that are neither data nor meta.

    Returns
    -------
    type or callable
        ``nodetype`` itself, or a decorator if ``nodetype`` was omitted.

    Raises
    ------
    TypeError
        If only one of ``data_fields``/``meta_fields`` is given, if fields must be
        inferred from a non-dataclass, or if the fields do not cover the dataclass's
        ``init`` fields.
    ValueError
        If ``nodetype`` is already registered.
    """
    if nodetype is None:
        return functools.partial(
            register_dataclass,
            data_fields=data_fields,
            meta_fields=meta_fields,
            drop_fields=drop_fields,
        )
    if data_fields is None or meta_fields is None:
        if (data_fields is None) != (meta_fields is None):
            raise TypeError(
                "register_dataclass: data_fields and meta_fields must both be given or "
                f"both be omitted; got data_fields={data_fields!r}, "
                f"meta_fields={meta_fields!r}"
            )
        if not dataclasses.is_dataclass(nodetype):
            raise TypeError(
                "register_dataclass: data_fields and meta_fields can only be inferred "
                f"for a dataclass, got {nodetype!r}"
            )
        data_fields, meta_fields = [], []
        for fi in dataclasses.fields(nodetype):
            if not fi.init or fi.name in drop_fields:
                continue
            (meta_fields if fi.metadata.get("static", False) else data_fields).append(fi.name)
    data = tuple(data_fields)
    meta = tuple(meta_fields)
    if dataclasses.is_dataclass(nodetype):
        init_fields = {fi.name for fi in dataclasses.fields(nodetype) if fi.init}
        given = set(data) | set(meta) | set(drop_fields)
        if init_fields != given:
            raise TypeError(
                f"register_dataclass: data_fields, meta_fields and drop_fields of "
                f"{nodetype.__name__} must cover exactly its init fields {sorted(init_fields)}; "
                f"missing {sorted(init_fields - given)}, unexpected {sorted(given - init_fields)}"
            )
    name = nodetype.__name__

    def flatten(x: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        aux = tuple([getattr(x, m) for m in meta])
        try:
            hash(aux)
        except TypeError as e:
            raise TypeError(
                f"meta fields {meta} of {name} must be hashable, got {aux!r}: {e}"
            ) from None
        return tuple([getattr(x, d) for d in data]), aux

    def flatten_with_keys(x: Any) -> tuple[list[tuple[Any, Any]], tuple[Any, ...]]:
        children, aux = flatten(x)
        return [(GetAttrKey(d), c) for d, c in zip(data, children)], aux

    def unflatten(aux: tuple[Any, ...], children: Iterable[Any]) -> Any:
        kwargs = dict(zip(meta, aux))
        kwargs.update(zip(data, children))
        return nodetype(**kwargs)

    _register(nodetype, flatten, unflatten, flatten_with_keys)
    return nodetype


# ---------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class SequenceKey:
    """Path entry: index into a tuple or list."""

    idx: int

    def __str__(self) -> str:
        return f"[{self.idx!r}]"


@dataclasses.dataclass(frozen=True, slots=True)
class DictKey:
    """Path entry: key of a dict-like node."""

    key: Hashable

    def __str__(self) -> str:
        return f"[{self.key!r}]"


@dataclasses.dataclass(frozen=True, slots=True)
class GetAttrKey:
    """Path entry: attribute of a namedtuple or dataclass."""

    name: str

    def __str__(self) -> str:
        return f".{self.name}"


@dataclasses.dataclass(frozen=True, slots=True)
class FlattenedIndexKey:
    """Path entry: position among the flattened children of a custom node."""

    key: int

    def __str__(self) -> str:
        return f"[<flat index {self.key}>]"


def _children_with_keys(x: Any, k: int, t: type) -> tuple[list[tuple[Any, Any]], Any]:
    if k == _TUPLE or k == _LIST:
        return [(SequenceKey(i), c) for i, c in enumerate(x)], None
    if k == _NAMEDTUPLE:
        return [(GetAttrKey(f), c) for f, c in zip(t._fields, x)], None
    if k == _DICT:
        keys = _sorted_keys(x)
        return [(DictKey(key), x[key]) for key in keys], keys
    if k == _ODICT:
        return [(DictKey(key), c) for key, c in x.items()], tuple(x)
    if k == _DDICT:
        keys = _sorted_keys(x)
        return [(DictKey(key), x[key]) for key in keys], (x.default_factory, keys)
    h = _registry[t]
    if h.flatten_with_keys is not None:
        kcs, aux = h.flatten_with_keys(x)
        return list(kcs), aux
    children, aux = h.flatten(x)
    return [(FlattenedIndexKey(i), c) for i, c in enumerate(children)], aux


def _flatten_with_path(x: Any, path: tuple, out: list, is_leaf: IsLeaf) -> Spec:
    t = type(x)
    k = _kinds_get(t)
    if k is None:
        k = _classify(t)
    if (is_leaf is not None and is_leaf(x)) or k == _LEAF:
        out.append((path, x))
        return None
    if k == _NONE:
        return (_NONE, t, None, ())
    kcs, aux = _children_with_keys(x, k, t)
    specs = tuple([_flatten_with_path(c, (*path, key), out, is_leaf) for key, c in kcs])
    return (k, t, aux, specs)


def tree_flatten_with_path(
    tree: Any, is_leaf: IsLeaf = None
) -> tuple[list[tuple[tuple[Any, ...], Any]], PyTreeDef]:
    """Flatten a pytree, pairing each leaf with its key path.

    Parameters
    ----------
    tree : Any
        The pytree.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves.

    Returns
    -------
    pairs : list of (tuple, Any)
        ``(path, leaf)`` for each leaf, where ``path`` is a tuple of
        :class:`SequenceKey`, :class:`DictKey`, :class:`GetAttrKey` or
        :class:`FlattenedIndexKey` entries.
    treedef : PyTreeDef
        The structure, as from :func:`tree_flatten`.
    """
    out: list[tuple[tuple[Any, ...], Any]] = []
    spec = _flatten_with_path(tree, (), out, is_leaf)
    return out, _make_treedef(spec, len(out))


def tree_leaves_with_path(tree: Any, is_leaf: IsLeaf = None) -> list[tuple[tuple[Any, ...], Any]]:
    """Return ``(path, leaf)`` pairs of a pytree (see :func:`tree_flatten_with_path`).

    Parameters
    ----------
    tree : Any
        The pytree.
    is_leaf : callable, optional
        Predicate marking subtrees to treat as leaves.

    Returns
    -------
    list of (tuple, Any)
        The key path and value of each leaf.
    """
    return tree_flatten_with_path(tree, is_leaf)[0]


def tree_map_with_path(f: Callable[..., Any], tree: Any, *rest: Any, is_leaf: IsLeaf = None) -> Any:
    """Like :func:`tree_map`, but ``f`` also receives each leaf's key path first.

    Parameters
    ----------
    f : callable
        Called as ``f(path, x, *xs)``.
    tree : Any
        The pytree whose structure the result has.
    *rest : Any
        Further pytrees with the structure of ``tree``.
    is_leaf : callable, optional
        Predicate marking subtrees of ``tree`` to treat as leaves.

    Returns
    -------
    Any
        A pytree with the structure of ``tree`` and leaves ``f(path, x, *xs)``.
    """
    pairs, treedef = tree_flatten_with_path(tree, is_leaf)
    paths = [p for p, _ in pairs]
    all_leaves = [[x for _, x in pairs]] + [treedef.flatten_up_to(r) for r in rest]
    return treedef.unflatten([f(p, *xs) for p, *xs in zip(paths, *all_leaves)])


def keystr(keys: Iterable[Any]) -> str:
    """Render a key path as a string, e.g. ``"[0]['a'].b"``.

    Parameters
    ----------
    keys : iterable
        Path entries, as produced by :func:`tree_flatten_with_path`.

    Returns
    -------
    str
        The concatenated string forms of the entries.
    """
    return "".join(str(k) for k in keys)
