"""What the statistical functions share: SciPy's ``axis``/``nan_policy``/``keepdims``
conventions (``_axis_nan_policy`` in SciPy), float promotion, result objects and the
small-sample warning.

Every function moves its reduced axis last (``axis=None`` ravels) and works on that axis.
``nan_policy='omit'`` is carried as a boolean mask of the kept elements wherever the
statistic is a masked sum (works under ``jit``); the order-based functions that need the
NaN-free slice itself run once per slice, eagerly (``omit_slices``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as onp

from xnp._src import tree_util
from xnp._src.numpy import indexing
from xnp._src.numpy import namespace as jnp

NAN_POLICIES = ("propagate", "omit", "raise")


class SmallSampleWarning(RuntimeWarning):
    """SciPy's ``SmallSampleWarning``: a slice had too few observations; its result is NaN."""


def warn_small(name: str, n: int, minimum: int) -> None:
    if n < minimum:
        what = "All axis-slices of one or more sample arguments are too small"
        warnings.warn(
            f"{name}: {what} (length {n}, at least {minimum} needed); results are NaN.",
            SmallSampleWarning,
            stacklevel=3,
        )


def result_class(
    name: str,
    fields: Sequence[str],
    extra: Sequence[str] = (),
    *,
    private: Sequence[str] = (),
    static: Sequence[str] = (),
    methods: dict[str, Callable[..., Any]] | None = None,
) -> type:
    """A tuple of ``fields`` (so ``stat, p = result`` works as in SciPy) with ``extra``
    attributes besides (SciPy's ``_tuple_bunch``), registered as a pytree so that results
    pass through ``jit`` and ``vmap``. ``private`` arrays and ``static`` (hashable,
    non-array) values are kept for ``methods`` such as ``confidence_interval``."""
    fields, extra, private, static = tuple(fields), tuple(extra), tuple(private), tuple(static)
    public = fields + extra
    children = public + private

    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:  # noqa: N807
        values = dict(zip(children + static, args, strict=False))
        values.update(kwargs)
        for f in private + static:
            values.setdefault(f, None)
        missing = [f for f in public if f not in values]
        if missing:
            raise TypeError(f"{name}: missing fields {missing}")
        self = tuple.__new__(cls, tuple(values[f] for f in fields))
        for f in children + static:
            object.__setattr__(self, f, values[f])
        return self

    def __repr__(self: Any) -> str:
        return f"{name}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in public) + ")"

    def __setattr__(self: Any, key: str, value: Any) -> None:  # noqa: N807
        raise AttributeError(f"{name} is immutable")

    def __reduce__(self: Any) -> Any:
        return (cls, tuple(getattr(self, f) for f in children + static))

    body = {
        "__new__": __new__,
        "__repr__": __repr__,
        "__setattr__": __setattr__,
        "__reduce__": __reduce__,
        "__doc__": f"SciPy's ``{name}``: ``{', '.join(public)}``.",
        **(methods or {}),
    }
    cls = type(name, (tuple,), body)
    tree_util.register_pytree_node(
        cls,
        lambda r: (
            [getattr(r, f) for f in children],
            tuple(getattr(r, f) for f in static),
        ),
        lambda aux, c: cls(*c, *aux),
    )
    return cls


ConfidenceInterval = result_class("ConfidenceInterval", ("low", "high"))


def check_nan_policy(name: str, nan_policy: str) -> None:
    if nan_policy not in NAN_POLICIES:
        raise ValueError(
            f"{name}: nan_policy must be one of {set(NAN_POLICIES)}, got {nan_policy!r}"
        )


def float_dtype(*arrays: Any) -> onp.dtype:
    """The result dtype of floating statistics: the promoted float type (integers and bools
    give float64, as in SciPy)."""
    dt = jnp.result_type(*arrays)
    if not jnp.issubdtype(dt, jnp.inexact):
        return onp.dtype(onp.float64)
    return onp.dtype(dt)


def as_float(*arrays: Any) -> list[Any]:
    xs = [jnp.asarray(a) for a in arrays]
    dt = float_dtype(*xs)
    return [x.astype(dt) for x in xs]


def concrete(x: Any) -> onp.ndarray | None:
    """The value of ``x`` when it is known (eagerly), else None (under a transformation)."""
    return indexing._concrete_value(x)


def contains_nan(name: str, x: Any, nan_policy: str) -> bool | None:
    """Whether ``x`` holds a NaN (None when unknown under a transformation); raises for
    ``nan_policy='raise'``."""
    check_nan_policy(name, nan_policy)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        return False
    value = concrete(x)
    if value is None:
        if nan_policy == "raise":
            raise ValueError(
                f"{name}: nan_policy='raise' needs concrete values; under a transformation "
                "use 'propagate' or 'omit'"
            )
        return None
    found = bool(onp.isnan(value).any())
    if found and nan_policy == "raise":
        raise ValueError(f"{name}: The input contains nan values")
    return found


def to_last(name: str, x: Any, axis: int | None) -> Any:
    """``x`` with ``axis`` moved last (``axis=None``: raveled)."""
    if axis is None:
        return jnp.ravel(x)
    if x.ndim == 0:
        if axis in (0, -1):
            return jnp.reshape(x, (1,))
        raise onp.exceptions.AxisError(f"{name}: axis {axis} is out of bounds for a 0-d array")
    if not -x.ndim <= axis < x.ndim:
        raise onp.exceptions.AxisError(
            f"{name}: axis {axis} is out of bounds for array of dimension {x.ndim}"
        )
    return jnp.moveaxis(x, axis, -1)


def prepare(name: str, a: Any, axis: int | None, nan_policy: str, floating: bool = True) -> Any:
    """``(x, mask)``: ``a`` as a float array with ``axis`` last, and the mask of the kept
    elements for ``nan_policy='omit'`` (None when every element is kept)."""
    x = as_float(a)[0] if floating else jnp.asarray(a)
    x = to_last(name, x, axis)
    found = contains_nan(name, x, nan_policy)
    mask = None
    if nan_policy == "omit" and found is not False:
        mask = ~jnp.isnan(x)
    return x, mask


def keep(res: Any, keepdims: bool, ndim: int, axis: int | None) -> Any:
    """Put the reduced axis back (length 1) for ``keepdims=True``."""
    if not keepdims:
        return res
    if axis is None:
        return jnp.reshape(res, res.shape + (1,) * ndim)
    return jnp.expand_dims(res, axis if axis >= 0 else ndim + axis)


def count(x: Any, mask: Any) -> Any:
    """Elements kept along the last axis (a float array, or a Python int without a mask)."""
    if mask is None:
        return x.shape[-1]
    return jnp.sum(mask, axis=-1).astype(x.dtype)


def masked(x: Any, mask: Any, fill: float = 0.0) -> Any:
    return x if mask is None else jnp.where(mask, x, jnp.asarray(fill, x.dtype))


def mean(x: Any, mask: Any, keepdims: bool = False) -> Any:
    n = count(x, mask)
    if mask is not None and keepdims:
        n = n[..., None]
    with onp.errstate(all="ignore"):
        return jnp.sum(masked(x, mask), axis=-1, keepdims=keepdims) / n


def central_moment(x: Any, mask: Any, order: int, center: Any = None) -> Any:
    """Mean of ``(x - center) ** order`` over the last axis (``center``: the mean)."""
    c = mean(x, mask, keepdims=True) if center is None else center
    d = masked(x - c, mask)
    return mean(d**order, mask)


def var(x: Any, mask: Any, ddof: float = 0) -> Any:
    n = count(x, mask)
    with onp.errstate(all="ignore"):
        return central_moment(x, mask, 2) * (n / jnp.maximum(jnp.asarray(n - ddof, x.dtype), 0))


def omit_slices(fn: Callable[..., Any], xs: Sequence[Any], n_out: int, paired: bool = False) -> Any:
    """Eager ``nan_policy='omit'`` for order-based statistics: ``fn`` of the 1-d NaN-free
    slices of ``xs`` (equal leading shapes, reduced axis last), stacked; ``paired`` drops a
    position that is NaN in any of them. Needs concrete values."""
    values = [concrete(x) for x in xs]
    if any(v is None for v in values):
        raise NotImplementedError(
            "nan_policy='omit' needs concrete values for this function (it works on the "
            "NaN-free slices, whose lengths vary); under a transformation use 'propagate'"
        )
    lead = onp.broadcast_shapes(*(v.shape[:-1] for v in values))
    values = [onp.broadcast_to(v, lead + v.shape[-1:]) for v in values]
    outs: list[list[Any]] = [[] for _ in range(n_out)]
    for idx in onp.ndindex(*lead):
        slices = [v[idx] for v in values]
        if paired:
            bad = onp.any([onp.isnan(v) for v in slices], axis=0)
            res = fn(*(jnp.asarray(v[~bad]) for v in slices))
        else:
            res = fn(*(jnp.asarray(v[~onp.isnan(v)]) for v in slices))
        res = res if n_out > 1 else (res,)
        for o, r in zip(outs, res, strict=True):
            o.append(onp.asarray(r))
    stacked = [jnp.asarray(onp.array(o).reshape(lead + onp.shape(o[0]))) for o in outs]
    return tuple(stacked) if n_out > 1 else stacked[0]
