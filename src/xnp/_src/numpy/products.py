"""NumPy's tensor products over ``lax.dot_general``: ``tensordot``, ``einsum`` (with
``einsum_path``), ``trace``, ``kron``, ``cross``, ``vecdot``, ``matvec``, ``vecmat``,
``matrix_transpose``.

This module sits below ``xnp._src.numpy.linalg`` (whose ``cross``/``tensordot``/``trace``/
``vecdot`` are the array-API spellings of these) and imports nothing from the namespace, so
``array_methods`` may import ``trace`` for ``ndarray.trace``.
"""

from __future__ import annotations

import math
import operator
import string
import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import dot as lax_dot
from xnp._src.lax import elementwise as lax
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import lax_numpy, reductions, ufuncs, util
from xnp._src.typing import Array, ArrayLike

try:  # a declared dependency; the greedy order below is used when it is absent
    import opt_einsum
except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
    opt_einsum = None



def _strong(x: Any) -> Any:
    return lax_shapes.convert_element_type(x, x.dtype, False) if x.aval.weak_type else x


def _operands(name: str, *xs: ArrayLike) -> list[Any]:
    """NumPy converts these functions' operands with ``asarray``: Python scalars are strong."""
    arrs = [_strong(util.asarray(x, name)) for x in xs]
    return list(util.promote(name, *arrs))


def _conj(x: Any) -> Any:
    return lax.conj(x) if dtypes.kind(x.dtype) == "c" else x


def _mul(a: Any, b: Any) -> Any:
    if a.dtype == onp.bool_:
        return lax.bitwise_and(a, b)
    return lax.mul(a, b)


def _sum(x: Any, axes: tuple[int, ...]) -> Any:
    """Sum over ``axes`` keeping ``x``'s dtype (einsum's rule; bools are or-reduced)."""
    if not axes:
        return x
    if x.dtype == onp.bool_:
        return reductions.any(x, axis=axes)
    return reductions.sum(x, axis=axes, dtype=x.dtype)


def _dot_general(a: Any, b: Any, dims: Any) -> Any:
    if a.dtype == onp.bool_:
        # XLA's dot has no boolean accumulation: count in int32, then "any".
        i32 = onp.dtype(onp.int32)
        r = lax_dot.dot_general(lax_shapes.convert_element_type(a, i32),
                                lax_shapes.convert_element_type(b, i32), dims)  # fmt: skip
        return lax.ne(r, lax_utils.full(r.shape, 0, i32))
    return lax_dot.dot_general(a, b, dims)


# ----------------------------------------------------------------------------- diagonal, trace


def _diagonal(a: Any, offset: int, axis1: int, axis2: int) -> Any:
    """The ``offset`` diagonal over ``axis1``/``axis2``, appended as the last axis (NumPy's
    ``diagonal``): a strided slice of the flattened block, so bits are kept."""
    nd = a.ndim
    ax1, ax2 = util.canonical_axes("diagonal", (axis1, axis2), nd)
    if ax1 == ax2:
        raise ValueError("axis1 and axis2 cannot be the same")
    rest = [i for i in range(nd) if i not in (ax1, ax2)]
    x = lax_shapes.transpose(a, (*rest, ax1, ax2))
    m, n = x.shape[-2:]
    r0, c0 = min(max(-offset, 0), m), min(max(offset, 0), n)
    size = max(0, min(m - r0, n - c0))
    batch = x.shape[:-2]
    nb = len(batch)
    block = lax_slicing.slice(x, (0,) * nb + (r0, c0), (*batch, r0 + size, c0 + size))
    flat = lax_shapes.reshape(block, (*batch, size * size))
    if size == 0:
        return flat
    return lax_slicing.slice(flat, (0,) * (nb + 1), (*batch, size * size),
                             (1,) * nb + (size + 1,))  # fmt: skip


def trace(a: ArrayLike, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None,
          out: Any = None) -> Array:  # fmt: skip
    """Sum along a diagonal (``numpy.trace``): over ``axis1``/``axis2`` of ``a``, with NumPy's
    summation dtype (small integers and bools in the default integer)."""
    a = util.asarray(a, "trace")
    if a.ndim < 2:
        raise ValueError(f"trace: diag requires an array of at least two dimensions, got shape "
                         f"{a.shape}")  # fmt: skip
    d = _diagonal(a, operator.index(offset), axis1, axis2)
    return reductions.sum(d, axis=-1, dtype=dtype, out=out)


# ----------------------------------------------------------------------------- tensordot, kron


def tensordot(a: ArrayLike, b: ArrayLike, axes: Any = 2) -> Array:
    """``numpy.tensordot``: contract the last ``axes`` axes of ``a`` with the first ``axes``
    of ``b``, or the axes listed in ``axes = (a_axes, b_axes)``."""
    a, b = _operands("tensordot", a, b)
    if isinstance(axes, int | onp.integer):
        k = int(axes)
        if k < 0:
            raise ValueError(f"tensordot: axes must be non-negative, got {k}")
        if k > a.ndim or k > b.ndim:
            raise ValueError(f"tensordot: axes={k} exceeds the rank of a {a.shape} or b "
                             f"{b.shape}")  # fmt: skip
        ax_a, ax_b = tuple(range(a.ndim - k, a.ndim)), tuple(range(k))
    else:
        try:
            ax_a, ax_b = axes
        except (TypeError, ValueError):
            raise ValueError(f"tensordot: axes must be an int or a pair of sequences, got "
                             f"{axes!r}") from None  # fmt: skip
        ax_a = (ax_a,) if isinstance(ax_a, int | onp.integer) else tuple(ax_a)
        ax_b = (ax_b,) if isinstance(ax_b, int | onp.integer) else tuple(ax_b)
        if len(ax_a) != len(ax_b):
            raise ValueError(f"tensordot: shape-mismatch for sum (axes {ax_a} of a {a.shape}, "
                             f"{ax_b} of b {b.shape})")  # fmt: skip
        ax_a = util.canonical_axes("tensordot", ax_a, a.ndim)
        ax_b = util.canonical_axes("tensordot", ax_b, b.ndim)
    for i, j in zip(ax_a, ax_b, strict=True):
        if a.shape[i] != b.shape[j]:
            raise ValueError(f"tensordot: shape-mismatch for sum (axis {i} of a {a.shape} has "
                             f"{a.shape[i]}, axis {j} of b {b.shape} has "
                             f"{b.shape[j]})")  # fmt: skip
    return _dot_general(a, b, ((ax_a, ax_b), ((), ())))


def kron(a: ArrayLike, b: ArrayLike) -> Array:
    """Kronecker product (``numpy.kron``): blocks ``a[i, j, ...] * b``; the operand of lower
    rank gets leading unit axes."""
    a, b = _operands("kron", a, b)
    nd = max(a.ndim, b.ndim)
    a = lax_shapes.reshape(a, (1,) * (nd - a.ndim) + a.shape)
    b = lax_shapes.reshape(b, (1,) * (nd - b.ndim) + b.shape)
    shape = tuple(d for pair in zip(a.shape, b.shape, strict=True) for d in pair)
    a2 = lax_shapes.broadcast_in_dim(a, shape, tuple(range(0, 2 * nd, 2)))
    b2 = lax_shapes.broadcast_in_dim(b, shape, tuple(range(1, 2 * nd, 2)))
    out = _mul(a2, b2)
    return lax_shapes.reshape(out, tuple(x * y for x, y in zip(a.shape, b.shape, strict=True)))


# ----------------------------------------------------------------------------- vector products


def _core_mismatch(name: str, sig: str, n1: int, n2: int) -> ValueError:
    return ValueError(f"{name}: Input operand 1 has a mismatch in its core dimension 0, with "
                      f"gufunc signature {sig} (size {n2} is different from {n1})")  # fmt: skip


def _few_dims(name: str, sig: str, which: int, have: int, need: int) -> ValueError:
    return ValueError(f"{name}: Input operand {which} does not have enough dimensions (has "
                      f"{have}, gufunc core with signature {sig} requires {need})")  # fmt: skip


def vecdot(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1, out: Any = None,
           dtype: Any = None) -> Array:  # fmt: skip
    """``sum(conj(x1) * x2, axis)`` with broadcasting (``numpy.vecdot``)."""
    x1, x2 = _operands("vecdot", x1, x2)
    if dtype is not None:
        dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        x1, x2 = (lax_shapes.convert_element_type(x, dt) for x in (x1, x2))
    sig = "(n),(n)->()"
    for i, x in enumerate((x1, x2)):
        if x.ndim < 1:
            raise _few_dims("vecdot", sig, i, x.ndim, 1)
    x1 = lax_numpy.moveaxis(x1, axis, -1)
    x2 = lax_numpy.moveaxis(x2, axis, -1)
    if x1.shape[-1] != x2.shape[-1]:
        raise _core_mismatch("vecdot", sig, x1.shape[-1], x2.shape[-1])
    batch = util.broadcast_shapes("vecdot", x1.shape[:-1], x2.shape[:-1])
    x1 = util.broadcast_to(x1, (*batch, x1.shape[-1]), "vecdot")
    x2 = util.broadcast_to(x2, (*batch, x2.shape[-1]), "vecdot")
    bd = tuple(range(len(batch)))
    r = _dot_general(_conj(x1), x2, (((len(batch),), (len(batch),)), (bd, bd)))
    return _out("vecdot", out, r)


def _out(name: str, out: Any, r: Any) -> Any:
    if out is None:
        return r
    return ufuncs._write_out(name, out, r)


def matvec(x1: ArrayLike, x2: ArrayLike, /, *, out: Any = None) -> Array:
    """Matrix-vector product ``(..., m, n), (..., n) -> (..., m)`` (``numpy.matvec``)."""
    return _matrix_vector("matvec", "(m,n),(n)->(m)", x1, x2, out, matrix_first=True)


def vecmat(x1: ArrayLike, x2: ArrayLike, /, *, out: Any = None) -> Array:
    """Vector-matrix product ``conj(x1) @ x2``: ``(..., n), (..., n, m) -> (..., m)``."""
    return _matrix_vector("vecmat", "(n),(n,m)->(m)", x1, x2, out, matrix_first=False)


def _matrix_vector(name: str, sig: str, x1: ArrayLike, x2: ArrayLike, out: Any,
                   matrix_first: bool) -> Array:  # fmt: skip
    """matvec (``x1`` the matrix) or vecmat (``x2`` the matrix, ``x1`` conjugated)."""
    x1, x2 = _operands(name, x1, x2)
    need = (2, 1) if matrix_first else (1, 2)
    for i, (x, n) in enumerate(zip((x1, x2), need, strict=True)):
        if x.ndim < n:
            raise _few_dims(name, sig, i, x.ndim, n)
    mat, vec = (x1, x2) if matrix_first else (x2, x1)
    core = mat.shape[-1] if matrix_first else mat.shape[-2]  # the contracted matrix axis
    if vec.shape[-1] != core:
        raise _core_mismatch(name, sig, *((core, vec.shape[-1]) if matrix_first
                                          else (vec.shape[-1], core)))  # fmt: skip
    batches = (mat.shape[:-2], vec.shape[:-1])
    batch = util.broadcast_shapes(name, *(batches if matrix_first else batches[::-1]))
    mat = util.broadcast_to(mat, (*batch, *mat.shape[-2:]), name)
    vec = util.broadcast_to(vec, (*batch, vec.shape[-1]), name)
    nb = len(batch)
    bd = tuple(range(nb))
    if matrix_first:
        return _out(name, out, _dot_general(mat, vec, (((nb + 1,), (nb,)), (bd, bd))))
    return _out(name, out, _dot_general(_conj(vec), mat, (((nb,), (nb,)), (bd, bd))))


def matrix_transpose(x: ArrayLike, /) -> Array:
    """Swap the last two axes (``numpy.matrix_transpose``)."""
    x = util.asarray(x, "matrix_transpose")
    if x.ndim < 2:
        raise ValueError(f"matrix_transpose: Input array must be at least 2-dimensional, but "
                         f"it is {x.ndim} (shape {x.shape})")  # fmt: skip
    nd = x.ndim
    return lax_shapes.transpose(x, (*range(nd - 2), nd - 1, nd - 2))


def _component(x: Any, i: int) -> Any:
    return lax_shapes.squeeze(lax_slicing.slice_in_dim(x, i, i + 1, axis=x.ndim - 1),
                              (x.ndim - 1,))  # fmt: skip


def cross(a: ArrayLike, b: ArrayLike, axisa: int = -1, axisb: int = -1, axisc: int = -1,
          axis: int | None = None) -> Array:  # fmt: skip
    """Cross product of 3-vectors (or 2-vectors, deprecated as in NumPy 2) along ``axisa``/
    ``axisb``, the result's vector axis at ``axisc`` (``numpy.cross``)."""
    a, b = _operands("cross", a, b)
    if axis is not None:
        axisa = axisb = axisc = axis
    for x, ax in ((a, axisa), (b, axisb)):
        if x.ndim < 1:
            raise ValueError(f"cross: axis {ax} is out of bounds for array of dimension 0")
    a = lax_numpy.moveaxis(a, axisa, -1)
    b = lax_numpy.moveaxis(b, axisb, -1)
    na, nb = a.shape[-1], b.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError("incompatible dimensions for cross product\n(dimension must be 2 or 3)"
                         f" (cross: vectors of length {na} and {nb})")  # fmt: skip
    if na == 2 or nb == 2:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=2)  # fmt: skip
    batch = util.broadcast_shapes("cross", a.shape[:-1], b.shape[:-1])
    ac = [util.broadcast_to(_component(a, i), batch, "cross") for i in range(na)]
    bc = [util.broadcast_to(_component(b, i), batch, "cross") for i in range(nb)]
    sub = lax.sub if a.dtype != onp.bool_ else lax.bitwise_xor
    if na == 2 and nb == 2:
        return sub(_mul(ac[0], bc[1]), _mul(ac[1], bc[0]))
    zero = lax_utils.full(batch, 0, a.dtype)
    a0, a1, a2 = ac if na == 3 else (*ac, zero)
    b0, b1, b2 = bc if nb == 3 else (*bc, zero)
    c = [sub(_mul(a1, b2), _mul(a2, b1)), sub(_mul(a2, b0), _mul(a0, b2)),
         sub(_mul(a0, b1), _mul(a1, b0))]  # fmt: skip
    out = lax_shapes.concatenate([lax_shapes.expand_dims(x, (len(batch),)) for x in c],
                                 len(batch))  # fmt: skip
    return lax_numpy.moveaxis(out, -1, axisc)


# ----------------------------------------------------------------------------- einsum

_LETTERS = string.ascii_letters


def _sublist_to_str(sub: Any) -> str:
    out = []
    for s in sub:
        if s is Ellipsis:
            out.append("...")
        else:
            i = operator.index(s)
            if not 0 <= i < 52:
                raise ValueError(f"einsum: subscript {i} in a sublist is not in range [0, 52)")
            out.append(_LETTERS[i])
    return "".join(out)


def _split_args(operands: tuple) -> tuple[str, list]:
    """``(subscripts, arrays)`` from either of NumPy's calling conventions."""
    if not operands:
        raise TypeError("einsum: no subscripts or operands given")
    if isinstance(operands[0], str):
        return operands[0], list(operands[1:])
    arrays, subs = list(operands[0::2]), list(operands[1::2])
    out = None
    if len(arrays) > len(subs):  # interleaved with a trailing output sublist
        out = arrays.pop()
    spec = ",".join(_sublist_to_str(s) for s in subs)
    if out is not None:
        spec += "->" + _sublist_to_str(out)
    return spec, arrays


def _parse_term(term: str, where: str) -> tuple[list[str], bool]:
    """Letters of one term and whether it has an ellipsis (kept as the marker ``'...'``)."""
    if term.count("...") > 1 or term.replace("...", "").count("."):
        raise ValueError(f"einsum: invalid ellipsis in {where} subscripts {term!r}")
    labels: list[str] = []
    for part_i, part in enumerate(term.split("...")):
        if part_i:
            labels.append("...")
        for ch in part:
            if ch not in _LETTERS:
                raise ValueError(f"invalid subscript '{ch}' in einstein sum subscripts string, "
                                 "subscripts must be letters")  # fmt: skip
            labels.append(ch)
    return labels, "..." in labels


def _parse(spec: str, shapes: list[tuple[int, ...]]) -> tuple[list[list[Any]], list[Any]]:
    """Each operand's axis labels and the output's, ellipsis axes given integer labels
    (right-aligned: the ellipsis broadcasts as NumPy's does)."""
    spec = spec.replace(" ", "")
    if "->" in spec:
        ins, _, outs = spec.partition("->")
        if "->" in outs or "-" in outs or ">" in outs:
            raise ValueError("einsum: subscripts string has more than one '->'")
    else:
        if "-" in spec or ">" in spec:
            raise ValueError("einsum: subscripts string has a stray '-' or '>'")
        ins, outs = spec, None
    terms = ins.split(",")
    if len(terms) != len(shapes):
        more = "more" if len(shapes) > len(terms) else "fewer"
        raise ValueError(f"{more} operands provided to einstein sum function than specified in "
                         f"the subscripts string ({len(shapes)} operands, {len(terms)} terms "
                         f"in {spec!r})")  # fmt: skip
    parsed = [_parse_term(t, "input") for t in terms]
    n_ell = 0
    for i, ((labels, ell), shape) in enumerate(zip(parsed, shapes, strict=True)):
        n_named = len(labels) - ell
        if n_named > len(shape):
            raise ValueError(f"einstein sum subscripts string contains too many subscripts for "
                             f"operand {i} (subscripts {terms[i]!r}, shape {shape})")  # fmt: skip
        if not ell and n_named < len(shape):
            raise ValueError(f"operand has more dimensions than subscripts given in einstein "
                             f"sum, but no '...' ellipsis provided to broadcast the extra "
                             f"dimensions (operand {i}, subscripts {terms[i]!r}, shape "
                             f"{shape}).")  # fmt: skip
        if ell:
            n_ell = max(n_ell, len(shape) - n_named)
    ell_labels = list(range(n_ell))
    in_labels: list[list[Any]] = []
    for (labels, ell), shape in zip(parsed, shapes, strict=True):
        k = len(shape) - (len(labels) - ell)
        out_l: list[Any] = []
        for lab in labels:
            out_l.extend(ell_labels[n_ell - k:] if lab == "..." else [lab])
        in_labels.append(out_l)
    if outs is None:
        counts: dict[str, int] = {}
        for labels in in_labels:
            for lab in labels:
                if isinstance(lab, str):
                    counts[lab] = counts.get(lab, 0) + 1
        out_labels: list[Any] = [*ell_labels, *sorted((c for c, k in counts.items() if k == 1),
                                                      key=_LETTERS.index)]  # fmt: skip
    else:
        labels, ell = _parse_term(outs, "output")
        seen: set[str] = set()
        out_labels = []
        for lab in labels:
            if lab == "...":
                out_labels.extend(ell_labels)
                continue
            if lab in seen:
                raise ValueError(f"einstein sum subscripts string includes output subscript "
                                 f"'{lab}' multiple times")  # fmt: skip
            if not any(lab in ls for ls in in_labels):
                raise ValueError(f"einstein sum subscripts string included output subscript "
                                 f"'{lab}' which never appeared in an input")  # fmt: skip
            seen.add(lab)
            out_labels.append(lab)
        if n_ell and not ell:
            raise ValueError("output has more dimensions than subscripts given in einstein sum,"
                             " but no '...' ellipsis provided to broadcast the extra "
                             "dimensions.")  # fmt: skip
    return in_labels, out_labels


def _sizes(in_labels: list[list[Any]], shapes: list[tuple[int, ...]]) -> dict[Any, int]:
    """Each label's size; size 1 broadcasts against any other, as in NumPy."""
    sizes: dict[Any, int] = {}
    for i, (labels, shape) in enumerate(zip(in_labels, shapes, strict=True)):
        local: dict[Any, int] = {}
        for lab, d in zip(labels, shape, strict=True):
            if lab in local and local[lab] != d:
                raise ValueError(f"dimensions in operand {i} for collapsing index '{lab}' don't "
                                 f"match ({local[lab]} != {d})")  # fmt: skip
            local[lab] = d
            prev = sizes.get(lab, d)
            if prev != d and 1 not in (prev, d):
                raise ValueError(f"operands could not be broadcast together in einsum: label "
                                 f"{lab!r} has sizes {prev} and {d} (shapes {shapes})")  # fmt: skip
            sizes[lab] = d if prev == 1 else prev
    return sizes


def _greedy_path(in_sets: list[set], out_set: set, sizes: dict) -> list[tuple[int, int]]:
    """Pairwise order: repeatedly contract the pair whose result is smallest (ties: the
    cheaper contraction), preferring pairs that share a label."""
    sets = [set(s) for s in in_sets]
    path = []
    while len(sets) > 1:
        best = None
        for i in range(len(sets)):
            for j in range(i + 1, len(sets)):
                others = set().union(out_set, *(s for k, s in enumerate(sets) if k not in (i, j)))
                union = sets[i] | sets[j]
                keep = union & others
                size = math.prod(sizes[x] for x in keep)
                cost = math.prod(sizes[x] for x in union)
                key = (not (sets[i] & sets[j]), size, cost)
                if best is None or key < best[0]:
                    best = (key, i, j, keep)
        _, i, j, keep = best
        path.append((i, j))
        sets = [s for k, s in enumerate(sets) if k not in (i, j)] + [keep]
    return path


def _path(optimize: Any, in_labels: list[list[Any]], out_labels: list[Any],
          sizes: dict) -> list[tuple[int, ...]]:  # fmt: skip
    n = len(in_labels)
    if n < 2:
        return [tuple(range(n))] if n else []
    if isinstance(optimize, list | tuple) and optimize and optimize[0] == "einsum_path":
        path = [tuple(p) for p in optimize[1:]]
        left = n
        for p in path:
            if not p or any(not 0 <= q < left for q in p) or len(set(p)) != len(p):
                raise ValueError(f"einsum: invalid contraction {p} in path {optimize!r}")
            left -= len(p) - 1
        if left != 1:
            raise ValueError(f"einsum: path {optimize!r} leaves {left} operands uncontracted")
        return path
    if optimize is False or optimize is None:
        return [(0, 1)] * (n - 1)
    in_sets = [set(ls) for ls in in_labels]
    strategy = "greedy" if optimize is True else optimize
    if not isinstance(strategy, str):
        raise TypeError(f"einsum: optimize must be a bool, a strategy name or an "
                        f"['einsum_path', ...] list, got {optimize!r}")  # fmt: skip
    if strategy not in ("greedy", "optimal"):
        raise TypeError(f"einsum: optimize={strategy!r} is not 'greedy' or 'optimal'")
    if opt_einsum is not None and n > 2:
        letters = _letters_for(in_labels, out_labels)
        spec = ",".join("".join(letters[x] for x in ls) for ls in in_labels)
        spec += "->" + "".join(letters[x] for x in out_labels)
        shapes = [tuple(sizes[x] for x in ls) for ls in in_labels]
        path, _ = opt_einsum.contract_path(spec, *shapes, shapes=True, optimize=strategy)
        return [tuple(p) for p in path]
    return _greedy_path(in_sets, set(out_labels), sizes)


def _letters_for(in_labels: list[list[Any]], out_labels: list[Any]) -> dict[Any, str]:
    """A letter for every label (the ellipsis's integer labels take unused letters)."""
    used = {x for ls in in_labels for x in ls if isinstance(x, str)}
    free = iter(c for c in _LETTERS if c not in used)
    out: dict[Any, str] = {}
    for ls in [*in_labels, out_labels]:
        for x in ls:
            if x not in out:
                out[x] = x if isinstance(x, str) else next(free)
    return out


def _reduce_single(x: Any, labels: list[Any], keep: set) -> tuple[Any, list[Any]]:
    """Take the diagonal of repeated labels and sum the labels not in ``keep``."""
    while True:
        dup = next((lab for lab in labels if labels.count(lab) > 1), None)
        if dup is None:
            break
        i = labels.index(dup)
        j = labels.index(dup, i + 1)
        x = _diagonal(x, 0, i, j)
        labels = [lab for k, lab in enumerate(labels) if k not in (i, j)] + [dup]
    axes = tuple(k for k, lab in enumerate(labels) if lab not in keep)
    x = _sum(x, axes)
    return x, [lab for lab in labels if lab in keep]


def _expand(x: Any, labels: list[Any], sizes: dict, target: set) -> Any:
    """Broadcast unit axes of ``labels`` in ``target`` to their full size."""
    shape = tuple(sizes[lab] if lab in target else d
                  for lab, d in zip(labels, x.shape, strict=True))  # fmt: skip
    return x if shape == x.shape else lax_shapes.broadcast_in_dim(x, shape, tuple(range(x.ndim)))


def _contract(a: Any, la: list[Any], b: Any, lb: list[Any], keep: set,
              sizes: dict) -> tuple[Any, list[Any]]:  # fmt: skip
    shared = set(la) & set(lb)
    a = _expand(a, la, sizes, shared)
    b = _expand(b, lb, sizes, shared)
    batch = [lab for lab in la if lab in shared and lab in keep]
    contract = [lab for lab in la if lab in shared and lab not in keep]
    dims = ((tuple(la.index(x) for x in contract), tuple(lb.index(x) for x in contract)),
            (tuple(la.index(x) for x in batch), tuple(lb.index(x) for x in batch)))  # fmt: skip
    r = _dot_general(a, b, dims)
    labels = batch + [x for x in la if x not in shared] + [x for x in lb if x not in shared]
    return r, labels


def einsum(*operands: Any, out: Any = None, optimize: Any = False, dtype: Any = None,
           order: str = "K", casting: str = "safe") -> Array:  # fmt: skip
    """Einstein summation (``numpy.einsum``): the subscripts string (``'ij,jk->ik'``, with
    ``...`` broadcasting, implicit output in alphabetical order, repeated labels for
    diagonals) or the interleaved ``(a, [0, 1], b, [1, 2], [0, 2])`` form.

    Evaluated as pairwise ``dot_general`` contractions: ``optimize=False`` contracts left to
    right, ``True``/``'greedy'``/``'optimal'`` choose the order (opt_einsum's when it is
    installed, else a greedy order), and an ``['einsum_path', ...]`` list from
    ``einsum_path`` is followed as given. The result dtype is the operands' common dtype
    (``dtype=`` casts them first, under ``casting``); ``order`` is accepted and ignored.
    """
    spec, arrays = _split_args(operands)
    arrs = [_strong(util.asarray(x, "einsum")) for x in arrays]
    if arrs:
        arrs = list(util.promote("einsum", *arrs))
    if dtype is not None:
        dt = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
        for x in arrs:
            if not onp.can_cast(x.dtype, dt, casting=casting):
                raise TypeError(f"einsum: cannot cast array data from {x.dtype} to {dt} "
                                f"according to the rule {casting!r}")  # fmt: skip
        arrs = [lax_shapes.convert_element_type(x, dt) for x in arrs]
    shapes = [tuple(x.shape) for x in arrs]
    in_labels, out_labels = _parse(spec, shapes)
    if not arrs:
        raise ValueError("einsum: at least one operand is needed")
    sizes = _sizes(in_labels, shapes)
    path = _path(optimize, in_labels, out_labels, sizes)
    ops = list(zip(arrs, in_labels, strict=True))
    # Sum labels seen by one operand only before any contraction (cheapest place).
    for k, (x, labels) in enumerate(ops):
        others = set(out_labels).union(*(set(ls) for i, (_, ls) in enumerate(ops) if i != k))
        ops[k] = _reduce_single(x, list(labels), others)
    for p in path:
        picked = [ops[i] for i in p]
        ops = [o for i, o in enumerate(ops) if i not in p]
        keep = set(out_labels).union(*(set(ls) for _, ls in ops))
        x, lx = picked[0]
        if len(picked) == 1:
            x, lx = _reduce_single(x, lx, keep)
        for k in range(1, len(picked)):
            y, ly = picked[k]
            rest = keep.union(*(set(l2) for _, l2 in picked[k + 1:]))
            x, lx = _contract(x, lx, y, ly, rest, sizes)
        ops.append((x, lx))
    (x, lx), = ops
    x, lx = _reduce_single(x, lx, set(out_labels))
    x = lax_shapes.transpose(x, tuple(lx.index(lab) for lab in out_labels))
    x = _expand(x, out_labels, sizes, set(out_labels))
    return _out("einsum", out, x)


def einsum_path(*operands: Any, optimize: Any = "greedy",
                einsum_call: bool = False) -> tuple[list, str]:  # fmt: skip
    """The contraction order ``einsum`` would use (``numpy.einsum_path``): ``(path,
    report)`` with ``path = ['einsum_path', (i, j), ...]`` (indices into the list of
    remaining operands, each result appended at the end) and a readable report of the naive
    and optimized FLOP counts. The order may differ from NumPy's where several are equally
    cheap; the report's layout is xnp's own."""
    spec, arrays = _split_args(operands)
    shapes = [tuple(onp.shape(x)) if not isinstance(x, core.Tracer) else tuple(x.shape)
              for x in arrays]  # fmt: skip
    in_labels, out_labels = _parse(spec, shapes)
    sizes = _sizes(in_labels, shapes)
    path = _path(optimize, in_labels, out_labels, sizes)
    letters = _letters_for(in_labels, out_labels)
    naive = _flops([set(x for ls in in_labels for x in ls)], sizes, len(in_labels))
    sets = [set(ls) for ls in in_labels]
    lines = []
    total = 0
    for p in path:
        picked = [sets[i] for i in p]
        sets = [s for i, s in enumerate(sets) if i not in p]
        keep = set(out_labels).union(*sets)
        union = set().union(*picked)
        new = union & keep
        total += _flops([union], sizes, len(p))
        lines.append(f"  {str(tuple(p)):12s} {''.join(sorted(letters[x] for x in union)):>12s}"
                     f" -> {''.join(sorted(letters[x] for x in new))}")  # fmt: skip
        sets.append(new)
    spec_str = ",".join("".join(letters[x] for x in ls) for ls in in_labels)
    spec_str += "->" + "".join(letters[x] for x in out_labels)
    report = "\n".join([
        f"  Complete contraction:  {spec_str}",
        f"         Naive FLOP count:  {naive:.3e}",
        f"     Optimized FLOP count:  {max(total, 1):.3e}",
        f"      Theoretical speedup:  {naive / max(total, 1):.3f}",
        "  contraction        labels -> result",
        *lines,
    ])  # fmt: skip
    return ["einsum_path", *path], report


def _flops(label_sets: list[set], sizes: dict, n_terms: int) -> int:
    return sum(math.prod(sizes[x] for x in s) for s in label_sets) * max(n_terms, 1)

