"""NumPy's ``lib.function_base`` numerics: average, cov, corrcoef, diff, ediff1d, gradient,
trapezoid, interp, unwrap, piecewise, meshgrid, real_if_close, i0.

Each is written over the NumPy layer (ufuncs, reductions, slicing), so it runs eagerly and
under ``jit``, ``grad`` and ``vmap``. Checks that NumPy makes on values (weights summing to
zero, non-integer frequency weights) are made when the values are concrete and skipped under a
trace, where the result then holds what the arithmetic gives (inf or NaN).
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import shapes as lax_shapes
from xnp._src.lax import slicing as lax_slicing
from xnp._src.lax import special as lax_special
from xnp._src.numpy import (
    bisect,
    creation,
    elementwise,
    indexing,
    lax_numpy,
    reductions,
    sorting,
    ufuncs,
    util,
)
from xnp._src.staged import staged
from xnp._src.typing import ArrayLike


class _NoValue:
    """Marks an argument that was not passed (None is a meaningful value for some)."""


def _concrete(x: Any) -> onp.ndarray | None:
    return (
        None
        if isinstance(x, core.Tracer) and x.to_concrete_value() is None
        else (indexing._concrete_value(x))
    )


def _ndim(x: Any) -> int:
    return x.ndim if hasattr(x, "ndim") and hasattr(x, "shape") else onp.ndim(x)


def _axis(name: str, axis: Any, ndim: int) -> int:
    return util.canonical_axes(name, operator.index(axis), ndim)[0]


def _slice(x: Any, start: int | None, stop: int | None, axis: int) -> Any:
    n = x.shape[axis]
    lo, hi, _ = slice(start, stop).indices(n)
    return lax_slicing.slice_in_dim(x, lo, max(lo, hi), 1, axis)


# ----------------------------------------------------------------------------- averages


def average(
    a: ArrayLike,
    axis: Any = None,
    weights: ArrayLike = None,
    returned: bool = False,
    *,
    keepdims: bool = False,
) -> Any:
    """NumPy's ``average``: the mean of ``a`` along ``axis``, weighted by ``weights`` (of
    ``a``'s shape, or 1-d/n-d matching the ``axis`` sizes). With ``returned`` also the sum of
    the weights, broadcast to the result's shape."""
    a = util.asarray(a, "average")
    axes = None if axis is None else util.canonical_axes("average", axis, a.ndim)
    if isinstance(axis, int | onp.integer) or hasattr(axis, "__index__"):
        order = axes
    else:
        order = None if axis is None else tuple(int(x) % a.ndim for x in axis)
    if weights is None:
        avg = reductions.mean(a, axis=axes, keepdims=keepdims)
        scl = lax_numpy.broadcast_to(
            util.asarray(a.size / max(avg.size, 1)).astype(avg.dtype), avg.shape
        )
    else:
        w = util.asarray(weights, "average")
        if dtypes.kind(a.dtype) in "biu":
            dt = dtypes.result_type(a.dtype, w.dtype, dtypes.float_())
        else:
            dt = dtypes.result_type(a.dtype, w.dtype)
        if a.shape != w.shape:
            if axis is None:
                raise TypeError(
                    "average: axis must be specified when shapes of a and weights "
                    f"differ (a has shape {a.shape}, weights {w.shape})"
                )
            want = tuple(a.shape[i] for i in order)
            if w.shape != want:
                raise ValueError(
                    "average: shape of weights must be consistent with shape of a "
                    f"along specified axis (weights {w.shape}, a {a.shape}, "
                    f"axis {axis})"
                )
            w = lax_numpy.transpose(w, tuple(int(i) for i in onp.argsort(order)))
            w = lax_numpy.reshape(w, tuple(s if i in order else 1 for i, s in enumerate(a.shape)))
        w = w.astype(dt)
        scl = reductions.sum(
            w if w.shape == a.shape else lax_numpy.broadcast_to(w, a.shape),
            axis=axes,
            keepdims=keepdims,
            dtype=dt,
        )
        value = _concrete(scl)
        if value is not None and onp.any(value == 0.0):
            raise ZeroDivisionError("average: weights sum to zero, can't be normalized")
        avg = (
            reductions.sum(ufuncs.multiply(a.astype(dt), w), axis=axes, keepdims=keepdims, dtype=dt)
            / scl
        )
        avg = avg.astype(dt)
    if returned:
        if scl.shape != avg.shape:
            scl = lax_numpy.broadcast_to(scl, avg.shape)
        return avg, scl
    return avg


def _weights(name: str, w: Any, nobs: int) -> Any:
    w = util.asarray(w, "cov").astype(dtypes.float_())
    value = _concrete(w)
    if name == "fweights" and value is not None and not onp.all(value == onp.around(value)):
        raise TypeError("cov: fweights must be integer")
    if w.ndim > 1:
        raise RuntimeError(f"cov: cannot handle multidimensional {name} (shape {w.shape})")
    if w.shape[0] != nobs:
        raise RuntimeError(
            f"cov: incompatible numbers of samples and {name} "
            f"({nobs} samples, {w.shape[0]} weights)"
        )
    if value is not None and onp.any(value < 0):
        raise ValueError(f"cov: {name} cannot be negative")
    return w


def cov(
    m: ArrayLike,
    y: ArrayLike = None,
    rowvar: bool = True,
    bias: bool = False,
    ddof: Any = None,
    fweights: ArrayLike = None,
    aweights: ArrayLike = None,
    *,
    dtype: Any = None,
) -> Any:
    """NumPy's ``cov``: the covariance matrix of the variables in the rows (``rowvar``) or
    columns of ``m`` (and ``y``), with frequency and analytic weights. The result is float64 at
    least, as in NumPy. Degrees of freedom <= 0 warn (eagerly) and give inf/NaN."""
    if ddof is not None and ddof != int(ddof):
        raise ValueError("cov: ddof must be integer")
    m = util.asarray(m, "cov")
    if m.ndim > 2:
        raise ValueError(f"cov: m has more than 2 dimensions (shape {m.shape})")
    if y is not None:
        y = util.asarray(y, "cov")
        if y.ndim > 2:
            raise ValueError(f"cov: y has more than 2 dimensions (shape {y.shape})")
    if dtype is None:
        dtype = (
            dtypes.result_type(m, dtypes.float_())
            if y is None
            else dtypes.result_type(m, y, dtypes.float_())
        )
    x = creation.array(m, ndmin=2, dtype=dtype)
    if not rowvar and m.ndim != 1:
        x = lax_numpy.transpose(x)
    if x.shape[0] == 0:
        return creation.zeros((0, 0), dtype=x.dtype)
    if y is not None:
        y = creation.array(y, ndmin=2, dtype=dtype)
        if not rowvar and y.shape[0] != 1:
            y = lax_numpy.transpose(y)
        x = lax_numpy.concatenate([x, y], axis=0)
    if ddof is None:
        ddof = 0 if bias else 1
    nobs = x.shape[1]
    w = None
    if fweights is not None:
        w = _weights("fweights", fweights, nobs)
    if aweights is not None:
        aw = _weights("aweights", aweights, nobs)
        w = aw if w is None else w * aw
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact: Any = nobs - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * reductions.sum(w * aw) / w_sum
    value = _concrete(fact)
    if value is not None and value <= 0:
        warnings.warn("Degrees of freedom <= 0 for slice", RuntimeWarning, stacklevel=2)
    if not isinstance(fact, int):
        fact = lax_numpy.where(ufuncs.less_equal(fact, 0), 0.0, fact)
    elif fact <= 0:
        fact = 0.0
    x = x - avg[:, None]
    xt = lax_numpy.transpose(x if w is None else x * w)
    c = lax_numpy.dot(x, ufuncs.conjugate(xt))
    inv = ufuncs.true_divide(1, util.asarray(fact).astype(c.real.dtype))
    c = (c * inv).astype(c.dtype)
    return lax_numpy.squeeze(c)


def corrcoef(
    x: ArrayLike,
    y: ArrayLike = None,
    rowvar: bool = True,
    bias: Any = _NoValue,
    ddof: Any = _NoValue,
    *,
    dtype: Any = None,
) -> Any:
    """NumPy's ``corrcoef``: the Pearson correlation matrix, real parts clipped to [-1, 1]
    (``bias`` and ``ddof`` have no effect, as in NumPy, and are deprecated there)."""
    if bias is not _NoValue or ddof is not _NoValue:
        warnings.warn(
            "bias and ddof have no effect and are deprecated", DeprecationWarning, stacklevel=2
        )
    c = cov(x, y, rowvar, dtype=dtype)
    if c.ndim == 0:
        return c / c
    n = c.shape[0]
    idx = creation.arange(n)
    d = c[idx, idx]
    std = ufuncs.sqrt(ufuncs.real(d))
    c = c / std[:, None]
    c = c / std[None, :]
    if dtypes.kind(c.dtype) == "c":
        re = elementwise.clip(ufuncs.real(c), -1, 1)
        im = elementwise.clip(ufuncs.imag(c), -1, 1)
        return (re + 1j * im).astype(c.dtype)
    return elementwise.clip(c, -1, 1)


# ----------------------------------------------------------------------------- differences


def diff(
    a: ArrayLike, n: int = 1, axis: int = -1, prepend: Any = _NoValue, append: Any = _NoValue
) -> Any:
    """NumPy's ``diff``: the ``n``-th discrete difference along ``axis`` (``!=`` for
    booleans), after concatenating ``prepend``/``append`` (scalars are broadcast)."""
    n = operator.index(n)
    if n < 0:
        raise ValueError(f"diff: order must be non-negative but got {n}")
    a = util.asarray(a, "diff")
    if a.ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    if n == 0:
        return a
    ax = _axis("diff", axis, a.ndim)
    parts = []
    for extra in (prepend,):
        if extra is not _NoValue:
            parts.append(_edge(extra, a, ax))
    parts.append(a)
    if append is not _NoValue:
        parts.append(_edge(append, a, ax))
    if len(parts) > 1:
        a = lax_numpy.concatenate(parts, axis=ax)
    op = ufuncs.not_equal if a.dtype == onp.bool_ else ufuncs.subtract
    for _ in range(n):
        m = a.shape[ax]
        if m == 0:
            break
        a = op(_slice(a, 1, None, ax), _slice(a, None, m - 1, ax))
    return a


def _edge(value: Any, a: Any, ax: int) -> Any:
    v = util.asarray(value, "diff")
    if v.ndim == 0:
        shape = list(a.shape)
        shape[ax] = 1
        v = lax_numpy.broadcast_to(v, tuple(shape))
    return v


def ediff1d(ary: ArrayLike, to_end: ArrayLike = None, to_begin: ArrayLike = None) -> Any:
    """NumPy's ``ediff1d``: differences of the flattened array, with ``to_begin`` and
    ``to_end`` (cast to the array's dtype under ``same_kind``) put around them."""
    ary = lax_numpy.ravel(util.asarray(ary, "ediff1d"))
    dt = ary.dtype
    parts = []
    for name, extra in (("to_begin", to_begin), ("to_end", to_end)):
        if extra is None:
            parts.append(None)
            continue
        e = util.asarray(extra, "ediff1d")
        if not dtypes.is_python_scalar(extra) and not onp.can_cast(e.dtype, dt, "same_kind"):
            raise TypeError(
                f"ediff1d: dtype of `{name}` ({e.dtype}) must be compatible with "
                f"input `ary` ({dt}) under the `same_kind` rule."
            )
        parts.append(lax_numpy.ravel(e).astype(dt))
    d = ufuncs.subtract(ary[1:], ary[:-1]) if ary.shape[0] else ary
    out = [p for p in (parts[0], d.astype(dt), parts[1]) if p is not None]
    return lax_numpy.concatenate(out, axis=0) if len(out) > 1 else out[0]


def gradient(f: ArrayLike, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    """NumPy's ``gradient``: second-order central differences inside, first- or second-order
    one-sided differences at the edges, for uniform (scalar) or coordinate-array spacings.
    One array for a single axis, else a tuple of arrays."""
    f = util.asarray(f, "gradient")
    nd = f.ndim
    axes = util.canonical_axes("gradient", axis, nd) if axis is not None else tuple(range(nd))
    if axis is not None and not isinstance(axis, tuple | list) and len(axes) == 1:
        axes = (axes[0],)
    if isinstance(axis, tuple | list):
        axes = tuple(int(x) % nd for x in axis)
    n_ax = len(axes)
    if n_ax == 0 and nd == 0:
        raise ValueError(
            "gradient: shape of array too small to calculate a numerical "
            "gradient, at least (edge_order + 1) elements are required (got a 0-d "
            "array)"
        )
    if len(varargs) == 0:
        dx: list[Any] = [1.0] * n_ax
    elif len(varargs) == 1 and _ndim(varargs[0]) == 0:
        dx = list(varargs) * n_ax
    elif len(varargs) == n_ax:
        dx = list(varargs)
        for i, d in enumerate(dx):
            if _ndim(d) == 0:
                continue
            d = util.asarray(d, "gradient")
            if d.ndim != 1:
                raise ValueError(
                    f"gradient: distances must be either scalars or 1d (got shape {d.shape})"
                )
            if d.shape[0] != f.shape[axes[i]]:
                raise ValueError(
                    "gradient: when 1d, distances must match the length of the "
                    f"corresponding dimension ({d.shape[0]} != "
                    f"{f.shape[axes[i]]})"
                )
            if dtypes.kind(d.dtype) in "biu":
                d = d.astype(dtypes.float_())
            dd = ufuncs.subtract(d[1:], d[:-1])
            value = _concrete(dd)
            if value is not None and value.size and onp.all(value == value[0]):
                dd = dd[0]
            dx[i] = dd
    else:
        raise TypeError(
            f"gradient: invalid number of arguments ({len(varargs)} spacings for {n_ax} axes)"
        )
    if edge_order > 2:
        raise ValueError("gradient: 'edge_order' greater than 2 not supported")
    if edge_order < 1:
        raise ValueError(f"gradient: 'edge_order' must be 1 or 2 (got {edge_order})")
    otype = f.dtype if dtypes.kind(f.dtype) in "fc" else dtypes.float_()
    fw = f.astype(otype)
    outs = []
    for ax, h in zip(axes, dx, strict=True):
        if f.shape[ax] < edge_order + 1:
            raise ValueError(
                "gradient: shape of array too small to calculate a numerical "
                "gradient, at least (edge_order + 1) elements are required (axis "
                f"{ax} has {f.shape[ax]})"
            )
        outs.append(_gradient_axis(fw, h, ax, edge_order).astype(otype))
    return outs[0] if len(outs) == 1 else tuple(outs)


def _gradient_axis(f: Any, h: Any, ax: int, edge_order: int) -> Any:
    n = f.shape[ax]

    def at(i: int, j: int | None = None) -> Any:  # f[i:j] along ax (j=None: the single f[i])
        if j is None:
            return _slice(f, i % n, i % n + 1, ax)
        return _slice(f, i, j, ax)

    def along(v: Any) -> Any:  # a 1-d coefficient vector broadcast along ax
        shape = [1] * f.ndim
        shape[ax] = v.shape[0]
        return lax_numpy.reshape(v, tuple(shape))

    uniform = _ndim(h) == 0
    if uniform:
        mid = (at(2, n) - at(0, n - 2)) / (2.0 * h) if n > 2 else None
    else:
        h1, h2 = h[:-1], h[1:]
        a = -h2 / (h1 * (h1 + h2))
        b = (h2 - h1) / (h1 * h2)
        c = h1 / (h2 * (h1 + h2))
        mid = along(a) * at(0, n - 2) + along(b) * at(1, n - 1) + along(c) * at(2, n)
    hf = h if uniform else h[0]
    hl = h if uniform else h[-1]
    if edge_order == 1:
        first = (at(1) - at(0)) / hf
        last = (at(-1) - at(-2)) / hl
    else:
        if uniform:
            a, b, c = -1.5 / h, 2.0 / h, -0.5 / h
        else:
            h1, h2 = h[0], h[1]
            a = -(2.0 * h1 + h2) / (h1 * (h1 + h2))
            b = (h1 + h2) / (h1 * h2)
            c = -h1 / (h2 * (h1 + h2))
        first = a * at(0) + b * at(1) + c * at(2)
        if uniform:
            a, b, c = 0.5 / h, -2.0 / h, 1.5 / h
        else:
            h1, h2 = h[-2], h[-1]
            a = h2 / (h1 * (h1 + h2))
            b = -(h2 + h1) / (h1 * h2)
            c = (2.0 * h2 + h1) / (h2 * (h1 + h2))
        last = a * at(-3) + b * at(-2) + c * at(-1)
    parts = [first] + ([mid] if mid is not None else []) + [last]
    dt = dtypes.result_type(*parts)
    return lax_numpy.concatenate([p.astype(dt) for p in parts], axis=ax)


def trapezoid(y: ArrayLike, x: ArrayLike = None, dx: Any = 1.0, axis: int = -1) -> Any:
    """NumPy's ``trapezoid``: the integral of ``y`` along ``axis`` by the trapezoidal rule,
    over sample points ``x`` (1-d, or shaped like ``y``) or a uniform spacing ``dx``."""
    y = util.asarray(y, "trapezoid")
    ax = _axis("trapezoid", axis, y.ndim)
    n = y.shape[ax]
    if x is None:
        d: Any = dx
    else:
        x = util.asarray(x, "trapezoid")
        if x.ndim == 1:
            d = diff(x)
            shape = [1] * y.ndim
            shape[ax] = d.shape[0]
            d = lax_numpy.reshape(d, tuple(shape))
        else:
            d = diff(x, axis=ax)
    s = util.rounded(ufuncs.add(_slice(y, 1, None, ax), _slice(y, None, max(n - 1, 0), ax)))
    # each step rounded as NumPy's d * (y[1:] + y[:-1]) / 2.0 (float16 overflows to inf there)
    return reductions.sum(util.rounded(ufuncs.multiply(d, s)) / 2.0, axis=ax)


# ----------------------------------------------------------------------------- interpolation


def interp(
    x: ArrayLike,
    xp: ArrayLike,
    fp: ArrayLike,
    left: Any = None,
    right: Any = None,
    period: Any = None,
) -> Any:
    """NumPy's ``interp``: piecewise-linear interpolation of ``(xp, fp)`` at ``x`` (``xp``
    increasing, not checked, as in NumPy); ``left``/``right`` outside, or a ``period``. The
    result is float64 (complex128 for complex ``fp``)."""
    x, xp, fp = (util.asarray(v, "interp") for v in (x, xp, fp))
    for name, v in (("x", x), ("xp", xp)):
        if dtypes.kind(v.dtype) == "c":
            raise TypeError(f"interp: {name} must be real, got dtype {v.dtype}")
    if xp.ndim != 1 or fp.ndim != 1:
        raise ValueError(f"interp: xp and fp must be 1-d (got shapes {xp.shape} and {fp.shape})")
    if xp.shape[0] != fp.shape[0]:
        raise ValueError(
            f"interp: fp and xp are not of the same length ({fp.shape[0]} and {xp.shape[0]})"
        )
    if xp.shape[0] == 0:
        raise ValueError("interp: array of sample points is empty")
    if period is not None:
        pv = _concrete(util.asarray(period))
        if pv is not None and pv == 0:
            raise ValueError("interp: period must be a non-zero value")
    return _interp_staged(x, xp, fp, left, right, period)


def _interp(x: Any, xp: Any, fp: Any, left: Any, right: Any, period: Any) -> Any:
    """``interp`` after its checks: one program per signature eagerly."""
    real = dtypes.float_()
    out_dt = dtypes.complex_() if dtypes.kind(fp.dtype) == "c" else real
    x, xp, fp = x.astype(real), xp.astype(real), fp.astype(out_dt)
    if period is not None:
        period = ufuncs.absolute(util.asarray(period).astype(real))
        left = right = None
        x = ufuncs.remainder(x, period)
        xp = ufuncs.remainder(xp, period)
        order = lax_numpy.ravel(sorting.argsort(xp))
        xp, fp = indexing.take(xp, order), indexing.take(fp, order)
        xp = lax_numpy.concatenate([xp[-1:] - period, xp, xp[0:1] + period])
        fp = lax_numpy.concatenate([fp[-1:], fp, fp[0:1]])
    n = xp.shape[0]
    if n == 1:
        mid = lax_numpy.broadcast_to(fp[0], x.shape)
    else:
        j = ufuncs.minimum(ufuncs.maximum(bisect.left_count(xp, x, "right") - 1, 0), n - 2)
        x0, x1 = indexing.take(xp, j, mode="clip"), indexing.take(xp, j + 1, mode="clip")
        f0, f1 = indexing.take(fp, j, mode="clip"), indexing.take(fp, j + 1, mode="clip")
        slope = (f1 - f0) / (x1 - x0).astype(out_dt)
        mid = slope * (x - x0).astype(out_dt) + f0
        # NumPy's fallbacks: exact at the nodes, and from the right node when the left one
        # gives NaN (an infinite slope), or the common value of a flat infinite segment.
        retry = slope * (x - x1).astype(out_dt) + f1
        mid = lax_numpy.where(ufuncs.isnan(mid), retry, mid)
        mid = lax_numpy.where(ufuncs.logical_and(ufuncs.isnan(mid), ufuncs.equal(f0, f1)), f0, mid)
        mid = lax_numpy.where(ufuncs.equal(x, x0), f0, mid)
        mid = lax_numpy.where(ufuncs.equal(x, xp[-1]), fp[-1], mid)
    lo = fp[0] if left is None else util.asarray(left).astype(out_dt)
    hi = fp[-1] if right is None else util.asarray(right).astype(out_dt)
    r = lax_numpy.where(ufuncs.less(x, xp[0]), lo, mid)
    r = lax_numpy.where(ufuncs.greater(x, xp[-1]), hi, r)
    if n > 1:  # NumPy's one-point table gives fp[0] for a NaN x
        r = lax_numpy.where(ufuncs.isnan(x), onp.nan, r)
    return r.astype(out_dt)


_interp_staged = staged(_interp, name="interp")


def unwrap(p: ArrayLike, discont: Any = None, axis: int = -1, *, period: Any = 2 * onp.pi) -> Any:
    """NumPy's ``unwrap``: add multiples of ``period`` so that consecutive differences along
    ``axis`` are at most ``max(discont, period / 2)``."""
    p = util.asarray(p, "unwrap")
    ax = _axis("unwrap", axis, p.ndim)
    dd = diff(p, axis=ax)
    if discont is None:
        discont = period / 2
    dt = dtypes.result_type(dd, period)
    if dtypes.kind(dt) in "biu":
        high, rem = divmod(period, 2)
        ambiguous = rem == 0
    else:
        high = period / 2
        ambiguous = True
    low = -high
    ddmod = ufuncs.remainder(dd - low, period) + low
    if ambiguous:
        on_low = ufuncs.logical_and(ufuncs.equal(ddmod, low), ufuncs.greater(dd, 0))
        ddmod = lax_numpy.where(on_low, high, ddmod)
    correct = ddmod - dd
    correct = lax_numpy.where(ufuncs.less(ufuncs.absolute(dd), discont), 0, correct)
    up = p.astype(dt)
    if p.shape[ax] < 2:
        return up
    tail = _slice(up, 1, None, ax) + reductions.cumsum(correct, axis=ax).astype(dt)
    return lax_numpy.concatenate([_slice(up, 0, 1, ax), tail.astype(dt)], axis=ax)


# ----------------------------------------------------------------------------- functional


def piecewise(x: ArrayLike, condlist: Any, funclist: Sequence[Any], *args: Any, **kw: Any) -> Any:
    """NumPy's ``piecewise``: where ``condlist[i]`` holds, ``funclist[i](x)`` (or the value
    ``funclist[i]``); an extra last function is the otherwise-case. Later conditions win over
    earlier ones, as in NumPy.

    Unlike NumPy, each function is called on all of ``x`` (not on ``x[cond]``) and its result
    selected with ``where``, so that the shapes are static under ``jit``: a function must be
    elementwise."""
    x = util.asarray(x, "piecewise")
    n2 = len(funclist)
    if not isinstance(condlist, list | tuple) and _ndim(condlist) == 0:
        condlist = [condlist]
    elif (
        x.ndim != 0
        and len(condlist)
        and not isinstance(condlist[0], list | onp.ndarray)
        and (_ndim(condlist[0]) == 0)
    ):
        condlist = [condlist]  # one condition, given as an array shaped like x
    conds = [
        lax_numpy.broadcast_to(util.asarray(c, "piecewise").astype(bool), x.shape) for c in condlist
    ]
    n = len(conds)
    if n == n2 - 1:
        anyc = conds[0]
        for c in conds[1:]:
            anyc = ufuncs.logical_or(anyc, c)
        conds.append(ufuncs.logical_not(anyc))
    elif n != n2:
        raise ValueError(
            f"piecewise: with {n} condition(s), either {n} or {n + 1} functions are "
            f"expected (got {n2})"
        )
    y = creation.zeros_like(x)
    for c, fn in zip(conds, funclist, strict=True):
        v = fn(x, *args, **kw) if callable(fn) else fn
        v = lax_numpy.broadcast_to(util.asarray(v, "piecewise").astype(x.dtype), x.shape)
        y = lax_numpy.where(c, v, y)
    return y


def meshgrid(
    *xi: ArrayLike, copy: bool = True, sparse: bool = False, indexing: str = "xy"
) -> tuple:
    """NumPy's ``meshgrid``: coordinate arrays from 1-d coordinate vectors (inputs are
    flattened), ``indexing="xy"`` (Cartesian) or ``"ij"`` (matrix); ``sparse`` keeps the
    broadcastable shapes. ``copy`` has no effect (arrays are values)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(
            f"meshgrid: valid values for `indexing` are 'xy' and 'ij' (got {indexing!r})"
        )
    nd = len(xi)
    outs = []
    for i, x in enumerate(xi):
        x = lax_numpy.ravel(util.asarray(x, "meshgrid"))
        shape = [1] * nd
        shape[i] = x.shape[0]
        if indexing == "xy" and nd > 1 and i < 2:
            shape[i] = 1
            shape[1 - i] = x.shape[0]
        outs.append(lax_numpy.reshape(x, tuple(shape)))
    if not sparse and outs:
        outs = lax_numpy.broadcast_arrays(*outs)
    return tuple(outs)


def real_if_close(a: ArrayLike, tol: float = 100) -> Any:
    """NumPy's ``real_if_close``: the real part of a complex ``a`` whose imaginary parts are
    all within ``tol`` machine epsilons (or ``tol`` itself when ``tol < 1``) of zero, else
    ``a``. The result's dtype depends on the values, so a traced complex ``a`` raises."""
    a = util.asarray(a, "real_if_close")
    if dtypes.kind(a.dtype) != "c":
        return a
    if tol > 1:
        tol = tol * float(onp.finfo(a.dtype).eps)
    value = _concrete(a)
    if value is None:
        raise core.ConcretizationTypeError(
            "real_if_close: the result's dtype depends on the values of a complex array, which "
            "are not known under a transformation (take xnp.real(a) explicitly)"
        )
    if onp.all(onp.absolute(value.imag) < tol):
        return ufuncs.real(a)
    return a


def i0(x: ArrayLike) -> Any:
    """NumPy's ``i0``: the modified Bessel function of the first kind, order 0 (computed as
    ``exp(|x|) * i0e(x)``); integer input gives float64, complex input raises."""
    x = util.asarray(x, "i0")
    if dtypes.kind(x.dtype) == "c":
        raise TypeError("i0 not supported for complex values")
    if dtypes.kind(x.dtype) != "f":
        x = x.astype(dtypes.float_())
    x = lax_shapes.convert_element_type(x, x.dtype, False)
    return ufuncs.exp(ufuncs.absolute(x)) * lax_special.bessel_i0e(x)


# ----------------------------------------------------------------------------- log-spaced ranges


def logspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    base: ArrayLike = 10.0,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """NumPy's ``logspace``: ``base ** linspace(start, stop, num)``; ``base`` may be an array
    (broadcast against the ends, the samples along ``axis``)."""
    b = util.asarray(base, "logspace")
    if b.ndim:
        s, e = util.asarray(start, "logspace"), util.asarray(stop, "logspace")
        nd = len(util.broadcast_shapes("logspace", s.shape, e.shape, b.shape))
        start, stop, b = (lax_numpy.reshape(v, (1,) * (nd - v.ndim) + v.shape) for v in (s, e, b))
    y = creation.linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    if b.ndim:
        b = lax_numpy.expand_dims(b, axis)
    out = ufuncs.power(b, y)
    return out if dtype is None else out.astype(dtypes.canonicalize_dtype(dtype))


def geomspace(
    start: ArrayLike,
    stop: ArrayLike,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """NumPy's ``geomspace``: ``num`` points evenly spaced on a log scale from ``start`` to
    ``stop`` (negative and complex ends included: the spacing is taken in ``log10`` of the
    ends divided by ``start``'s sign); the ends are returned exactly."""
    s, e = util.asarray(start, "geomspace"), util.asarray(stop, "geomspace")
    for v in (s, e):
        value = _concrete(v)
        if value is not None and onp.any(value == 0):
            raise ValueError("geomspace: geometric sequence cannot include zero")
    dt = dtypes.result_type(s, e, dtypes.float_())  # NumPy: at least float64
    shape = util.broadcast_shapes("geomspace", s.shape, e.shape)
    s, e = (lax_numpy.broadcast_to(v.astype(dt), shape) for v in (s, e))
    if dtypes.kind(dt) == "c":
        sign = s / ufuncs.absolute(s).astype(dt)
    else:
        sign = ufuncs.sign(s)
    s0, e0 = s / sign, e / sign
    out = logspace(ufuncs.log10(s0), ufuncs.log10(e0), num=num, endpoint=endpoint, base=10.0)
    out = out.astype(dt)
    if num > 0:
        ends = [lax_numpy.expand_dims(s0, 0)]
        body = out[1:]
        if num > 1 and endpoint:
            body = out[1:-1]
            tail = [lax_numpy.expand_dims(e0, 0)]
        else:
            tail = []
        out = lax_numpy.concatenate([*ends, body, *tail], axis=0) if num > 1 else ends[0]
    out = sign * out
    if axis != 0:
        out = lax_numpy.moveaxis(out, 0, axis)
    return out if dtype is None else out.astype(dtypes.canonicalize_dtype(dtype))
