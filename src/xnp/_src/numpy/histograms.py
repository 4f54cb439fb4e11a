"""NumPy's counting and binning: bincount, digitize, histogram, histogram_bin_edges,
histogram2d, histogramdd.

Counts are scatter-adds into a fixed number of bins, so everything runs under ``jit`` once the
number of bins is static: an integer ``bins`` (mark it static), or explicit edges. What NumPy
derives from the data's values (``bincount``'s length, the ``"auto"``-style bin estimators)
needs concrete values: eagerly it is computed, under a transformation it raises an error that
names the static alternative (``length=`` for ``bincount``, an integer ``bins``).

Bin membership is NumPy's: bin ``i`` holds ``edges[i] <= x < edges[i + 1]``, the last bin is
closed on the right, and values outside the range (and NaNs) are not counted. For equal-width
bins the bin is computed from the value, then corrected by one comparison with each
neighbouring edge (NumPy's method); for explicit edges it is a binary search.
"""

from __future__ import annotations

import builtins
import math
import operator
import warnings
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.lax import scatter as lax_scatter
from xnp._src.lax import utils as lax_utils
from xnp._src.numpy import (
    bisect,
    creation,
    function_base,
    indexing,
    lax_numpy,
    rearranging,
    reductions,
    ufuncs,
    util,
)
from xnp._src.staged import staged
from xnp._src.typing import ArrayLike


def _concrete(x: Any) -> onp.ndarray | None:
    return function_base._concrete(x)


def _need_concrete(name: str, what: str, fix: str) -> core.ConcretizationTypeError:
    return core.ConcretizationTypeError(
        f"{name}: {what} depends on the values of a traced array, which are not known under a "
        f"transformation; {fix}"
    )


def _counts(idx: Any, n: int, weights: Any, dt: onp.dtype) -> Any:
    """``n`` bins: the number (or summed ``weights``) of entries of ``idx`` in each; indices
    outside ``[0, n)`` are dropped."""
    # XLA's scatter skips out-of-bounds updates, negative indices included: one scatter-add,
    # no masks (NumPy-style .at[] indexing would wrap negative indices first).
    updates = lax_utils.full(idx.shape, 1, dt) if weights is None else weights.astype(dt)
    return lax_scatter.scatter_add(
        creation.zeros((n,), dt), lax_numpy.reshape(idx, (*idx.shape, 1)), updates,
        lax_scatter.ScatterDimensionNumbers((), (0,), (0,)),
    )  # fmt: skip


# ----------------------------------------------------------------------------- bincount


def bincount(
    x: ArrayLike, weights: ArrayLike = None, minlength: int = 0, *, length: int | None = None
) -> Any:
    """NumPy's ``bincount``: the number of occurrences of each value in a 1-d array of
    non-negative integers (or the sum of ``weights``, as float64).

    The result has ``max(x) + 1`` (at least ``minlength``) entries, which needs concrete
    values; under a transformation pass ``length=`` (an xnp extension, as in jax.numpy): the
    result then has exactly ``length`` entries and larger values are not counted."""
    x = util.asarray(x, "bincount")
    if x.ndim != 1:
        raise ValueError(
            f"bincount: x must be 1-d, got shape {x.shape} ("
            f"{'object of too small depth' if x.ndim == 0 else 'object too deep'} "
            "for desired array)"
        )
    minlength = operator.index(minlength)
    if minlength < 0:
        raise ValueError("bincount: 'minlength' must not be negative")
    if x.size and dtypes.kind(x.dtype) not in "biu":
        raise TypeError(
            f"bincount: cannot cast array data from dtype('{x.dtype}') to "
            f"dtype('{dtypes.int_()}') according to the rule 'safe'"
        )
    w = None
    out_dt = dtypes.int_()
    if weights is not None:
        w = util.asarray(weights, "bincount")
        if w.shape != x.shape:
            raise ValueError(
                f"bincount: the weights and list don't have the same length "
                f"(shapes {w.shape} and {x.shape})"
            )
        out_dt = dtypes.float_()
        if not onp.can_cast(w.dtype, out_dt, "safe"):
            raise TypeError(
                f"bincount: cannot cast array data from dtype('{w.dtype}') to "
                f"dtype('{out_dt}') according to the rule 'safe'"
            )
    x = x.astype(dtypes.int_())
    if length is None:
        value = _concrete(x)
        if value is None:
            raise _need_concrete(
                "bincount",
                "the length of the result",
                "pass length= (the number of bins) to bincount",
            )
        if value.size and value.min() < 0:
            raise ValueError("bincount: 'list' argument must have no negative elements")
        n = max(int(value.max()) + 1 if value.size else 0, minlength)
    else:
        n = operator.index(length)
        if n < 0:
            raise ValueError(f"bincount: length must not be negative (got {n})")
    return _counts(x, n, w, out_dt)


# ----------------------------------------------------------------------------- digitize


def _monotonic(v: onp.ndarray) -> bool:
    """True for increasing ``v``, False for decreasing, decided as NumPy decides it: by the
    first step that changes the value (a step to NaN counts as decreasing)."""
    changed = onp.flatnonzero(v[1:] != v[:-1])
    if changed.size == 0:
        return True
    rest = v[changed[0] :]
    with onp.errstate(invalid="ignore"):
        if v[changed[0]] < v[changed[0] + 1]:
            if onp.any(rest[:-1] > rest[1:]):
                raise ValueError("digitize: bins must be monotonically increasing or decreasing")
            return True
        if onp.any(rest[:-1] < rest[1:]):
            raise ValueError("digitize: bins must be monotonically increasing or decreasing")
    return False


def digitize(x: ArrayLike, bins: ArrayLike, right: bool = False) -> Any:
    """NumPy's ``digitize``: for increasing ``bins`` the ``i`` with ``bins[i-1] <= x <
    bins[i]`` (``<`` and ``<=`` swapped with ``right``), mirrored for decreasing ``bins``.
    A traced ``bins`` is taken as increasing if ``bins[0] <= bins[-1]``."""
    x = util.asarray(x, "digitize")
    bins = util.asarray(bins, "digitize")
    if dtypes.kind(x.dtype) == "c":
        raise TypeError("digitize: x may not be complex")
    if bins.ndim != 1:
        raise ValueError(f"digitize: bins must be 1-d, got shape {bins.shape}")
    value = _concrete(bins)
    rising: Any = True
    if value is not None:
        rising = _monotonic(value)
    elif bins.shape[0] > 1:
        rising = ufuncs.less_equal(bins[0], bins[-1])
    n = bins.shape[0]
    up = lambda: bisect.left_count(bins, x, "left" if right else "right")  # noqa: E731
    down = lambda: n - bisect.left_count(bins[::-1], x, "left" if right else "right")  # noqa: E731
    if rising is True:
        return up()
    if rising is False:
        return down()
    return lax_numpy.where(rising, up(), down())


# ----------------------------------------------------------------------------- edges


def _outer_edges(name: str, a: Any, range: Any) -> tuple[Any, Any]:  # noqa: A002
    if range is not None:
        first, last = range
        fv, lv = _concrete(util.asarray(first)), _concrete(util.asarray(last))
        if fv is not None and lv is not None:
            if fv > lv:
                raise ValueError(
                    f"{name}: max must be larger than min in range parameter (range={range!r})"
                )
            if not (onp.isfinite(fv) and onp.isfinite(lv)):
                raise ValueError(f"{name}: supplied range of [{fv}, {lv}] is not finite")
    elif a.size == 0:
        first, last = 0, 1
    else:
        first, last = reductions.min(a), reductions.max(a)
        fv, lv = _concrete(first), _concrete(last)
        if fv is not None and not (onp.isfinite(fv) and onp.isfinite(lv)):
            raise ValueError(f"{name}: autodetected range of [{fv}, {lv}] is not finite")
    fv, lv = _concrete(util.asarray(first)), _concrete(util.asarray(last))
    if fv is not None and lv is not None:
        if fv == lv:
            first, last = first - 0.5, last + 0.5
    else:
        same = ufuncs.equal(first, last)
        first = lax_numpy.where(same, first - 0.5, first)
        last = lax_numpy.where(same, last + 0.5, last)
    return first, last


def _hist_width(method: str, x: onp.ndarray, rng: tuple[float, float]) -> float:
    """The bin width of NumPy's estimator ``method`` for the (concrete, in-range) data."""
    n = x.size
    ptp = onp.ptp(x) if n else 0.0  # in x's dtype, as NumPy computes it

    def sturges() -> float:
        return ptp / (math.log2(n) + 1.0)

    def fd() -> float:
        q75, q25 = onp.percentile(x, [75, 25])
        return 2.0 * (q75 - q25) * n ** (-1.0 / 3.0)

    if method == "sqrt":
        return ptp / math.sqrt(n)
    if method == "sturges":
        return sturges()
    if method == "rice":
        return ptp / (2.0 * n ** (1.0 / 3.0))
    if method == "scott":
        return (24.0 * math.pi**0.5 / n) ** (1.0 / 3.0) * onp.std(x)
    if method == "fd":
        return fd()
    if method == "auto":
        f, s = fd(), sturges()
        return min(f, s) if f else s
    if method == "doane":
        if n <= 2:
            return 0.0
        sg1 = math.sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)))
        sigma = float(onp.std(x))
        if sigma <= 0:
            return 0.0
        g1 = float(onp.mean(((x - onp.mean(x)) / sigma) ** 3))
        return ptp / (1.0 + math.log2(n) + math.log2(1.0 + abs(g1) / sg1))
    # stone: minimise the leave-one-out cross-validation estimate of the integrated squared
    # error over 1..max(100, sqrt(n)) bins.
    if n <= 1 or ptp == 0:
        return 0.0
    top = max(100, int(math.sqrt(n)))
    lo, hi = float(rng[0]), float(rng[1])
    best, best_k = None, 1
    for k in builtins.range(1, top + 1):
        idx = onp.clip(((x - lo) / (hi - lo) * k).astype(onp.int64), 0, k - 1)
        p = onp.bincount(idx, minlength=k) / n
        j = (2.0 - (n + 1) * float(p @ p)) / (ptp / k)
        if best is None or j < best:
            best, best_k = j, k
    if best_k == top:
        warnings.warn(
            "The number of bins estimated may be suboptimal.", RuntimeWarning, stacklevel=4
        )
    return ptp / best_k


_ESTIMATORS = ("stone", "auto", "doane", "fd", "rice", "scott", "sqrt", "sturges")


def _bin_edges(name: str, a: Any, bins: Any, range: Any, weights: Any) -> tuple[Any, Any]:  # noqa: A002
    """(edges, uniform) where uniform is (first, last, n) for equal-width bins, else None."""
    n = None
    if isinstance(bins, str):
        if bins not in _ESTIMATORS:
            raise ValueError(f"{name}: {bins!r} is not a valid estimator for `bins`")
        if weights is not None:
            raise TypeError(
                f"{name}: automated estimation of the number of bins is not "
                "supported for weighted data"
            )
        first, last = _outer_edges(name, a, range)
        value, fv, lv = _concrete(a), _concrete(util.asarray(first)), _concrete(util.asarray(last))
        if value is None or fv is None or lv is None:
            raise _need_concrete(
                name,
                f"the number of bins of bins={bins!r}",
                "pass an integer number of bins (static under jit)",
            )
        if range is not None:
            value = value[(value >= fv) & (value <= lv)]
        if value.size == 0:
            n = 1
        else:
            width = _hist_width(bins, value, (fv, lv))
            if width:
                if dtypes.kind(a.dtype) in "iu" and width < 1:
                    width = 1
                delta = float(lv) - float(fv) if dtypes.kind(lv.dtype) in "biu" else lv - fv
                n = int(onp.ceil(delta / width))
            else:
                n = 1
    elif not hasattr(bins, "ndim") and onp.ndim(bins) == 0 or getattr(bins, "ndim", 1) == 0:
        if isinstance(bins, core.Tracer):
            raise _need_concrete(name, "the number of bins", "mark bins static (static_argnames)")
        try:
            n = operator.index(bins)
        except TypeError as e:
            raise TypeError(
                f"{name}: `bins` must be an integer, a string, or an array (got {bins!r})"
            ) from e
        if n < 1:
            raise ValueError(f"{name}: `bins` must be positive, when an integer (got {n})")
        first, last = _outer_edges(name, a, range)
    else:
        edges = util.asarray(bins, name)
        if edges.ndim != 1:
            raise ValueError(f"{name}: `bins` must be 1d, when an array (got shape {edges.shape})")
        value = _concrete(edges)
        if value is not None and onp.any(value[:-1] > value[1:]):
            raise ValueError(f"{name}: `bins` must increase monotonically, when an array")
        return edges, None
    fw, lw = (x if dtypes.is_python_scalar(x) else util.asarray(x) for x in (first, last))
    bin_dt = dtypes.result_type(fw, lw, a)
    if dtypes.kind(bin_dt) in "biu":
        bin_dt = dtypes.result_type(bin_dt, 0.5)
    edges = creation.linspace(first, last, n + 1, dtype=bin_dt)
    value = _concrete(edges)
    if value is not None and not onp.isfinite(value).all():
        # NumPy goes on with NaN edges and fails inside (an IndexError) or says "too many bins"
        raise ValueError(
            f"{name}: the range [{_concrete(first)}, {_concrete(last)}] overflows the bin "
            f"edges' dtype {onp.dtype(bin_dt).name}"
        )
    if value is not None and onp.any(value[:-1] >= value[1:]):
        raise ValueError(
            f"{name}: too many bins for data range. Cannot create {n} finite-sized bins."
        )
    return edges, (first, last, n)


def histogram_bin_edges(
    a: ArrayLike,
    bins: Any = 10,
    range: Any = None,  # noqa: A002
    weights: ArrayLike = None,
) -> Any:
    """NumPy's ``histogram_bin_edges``: the edges :func:`histogram` would use."""
    a, w = _flat_data("histogram_bin_edges", a, weights)
    return _bin_edges("histogram_bin_edges", a, bins, range, w)[0]


def _flat_data(name: str, a: Any, weights: Any) -> tuple[Any, Any]:
    a = util.asarray(a, name)
    shape = a.shape
    a = lax_numpy.ravel(a)
    if dtypes.kind(a.dtype) == "c":
        raise TypeError(f"{name}: complex data is not supported (got dtype {a.dtype})")
    w = None
    if weights is not None:
        w = util.asarray(weights, name)
        if w.shape != shape:
            raise ValueError(
                f"{name}: weights should have the same shape as a (got "
                f"{w.shape} for {a.size} values)"
            )
        w = lax_numpy.ravel(w)
    return a, w


# ----------------------------------------------------------------------------- histogram


def _uniform_index(a: Any, edges: Any, first: Any, last: Any, n: int) -> Any:
    dt = edges.dtype
    af = a.astype(dtypes.result_type(a.dtype, dt))
    first = util.asarray(first).astype(af.dtype)
    last = util.asarray(last).astype(af.dtype)
    f = (af - first) / (last - first) * n
    f = lax_numpy.where(ufuncs.isnan(f), 0, f)
    idx = ufuncs.minimum(ufuncs.maximum(f, 0), n - 1).astype(dtypes.int_())
    e = edges.astype(af.dtype)
    idx = lax_numpy.where(ufuncs.less(af, indexing.take(e, idx, mode="clip")), idx - 1, idx)
    up = ufuncs.logical_and(
        ufuncs.greater_equal(af, indexing.take(e, ufuncs.minimum(idx + 1, n), mode="clip")),
        ufuncs.not_equal(idx, n - 1),
    )
    idx = lax_numpy.where(up, idx + 1, idx)
    keep = ufuncs.logical_and(ufuncs.greater_equal(af, first), ufuncs.less_equal(af, last))
    return lax_numpy.where(keep, idx, -1)


def _edge_index(a: Any, edges: Any) -> Any:
    nb = edges.shape[0] - 1
    idx = bisect.left_count(edges, a, "right") - 1
    return lax_numpy.where(ufuncs.equal(a, edges[-1]), nb - 1, idx)


def _binned(a: Any, edges: Any, w: Any, first: Any, last: Any, *, nb: int, n: Any,
            acc: Any) -> Any:  # fmt: skip
    """The counts (or sums of ``w``) of ``a`` in the bins: one program per signature."""
    if n is not None:
        idx = _uniform_index(a, edges, first, last, n)
    else:
        idx = _edge_index(a, edges.astype(dtypes.result_type(a, edges)))
    return _counts(idx, nb, w, acc)


_binned_staged = staged(_binned, name="histogram")


def histogram(
    a: ArrayLike,
    bins: Any = 10,
    range: Any = None,
    density: Any = None,  # noqa: A002
    weights: ArrayLike = None,
) -> tuple[Any, Any]:
    """NumPy's ``histogram``: counts (or summed ``weights``, or a density) in ``bins`` equal
    bins over ``range`` (the data's range by default), in explicit bin edges, or in the number
    of bins a NumPy estimator (``"auto"``, ``"fd"``, ...) picks. Returns (hist, bin_edges).

    Under ``jit`` an integer ``bins`` must be static; the estimators need concrete data."""
    a, w = _flat_data("histogram", a, weights)
    edges, uniform = _bin_edges("histogram", a, bins, range, w)
    nb = edges.shape[0] - 1
    if w is None:
        acc = dtypes.int_()
    elif dtypes.kind(w.dtype) in "fc":
        acc = dtypes.result_type(w.dtype, dtypes.float_())
    else:
        acc = w.dtype if w.dtype != onp.bool_ else dtypes.int_()
    if nb < 1:
        hist = creation.zeros((0,), acc)
    else:
        first, last, n = uniform if uniform is not None else (None, None, None)
        hist = _binned_staged(a, edges, w, first, last, nb=nb, n=n, acc=acc)
    if density:
        widths = function_base.diff(edges).astype(dtypes.float_())
        return hist / widths / reductions.sum(hist), edges
    if w is not None:
        hist = hist.astype(w.dtype)
    return hist, edges


def histogramdd(
    sample: ArrayLike,
    bins: Any = 10,
    range: Any = None,
    density: Any = None,  # noqa: A002
    weights: ArrayLike = None,
) -> tuple[Any, list]:
    """NumPy's ``histogramdd``: a D-dimensional histogram of N points, ``sample`` of shape
    (N, D) or a sequence of D coordinate arrays. ``bins``: an int, D ints, or D edge arrays.
    Returns (hist as float64, list of edge arrays)."""
    name = "histogramdd"
    had_shape = hasattr(sample, "shape")
    sample = creation.array(sample)
    if not (had_shape and sample.ndim == 2):
        sample = lax_numpy.transpose(rearranging.atleast_2d(sample))
    if sample.ndim != 2:
        raise ValueError(
            f"{name}: sample must be an (N, D) array or a sequence of D 1-d "
            f"arrays (got shape {sample.shape})"
        )
    npts, d = sample.shape
    if (
        isinstance(bins, list | tuple)
        or getattr(bins, "ndim", 0) >= 1
        and not isinstance(bins, str)
    ):
        if len(bins) != d:
            raise ValueError(
                f"{name}: the dimension of bins ({len(bins)}) must be equal to the "
                f"dimension of the sample x ({d})"
            )
        bins = list(bins)
    else:
        bins = [bins] * d
    if range is None:
        range = [None] * d  # noqa: A001
    elif len(range) != d:
        raise ValueError(f"{name}: range argument must have one entry per dimension ({d})")
    w = None
    if weights is not None:
        w = lax_numpy.ravel(util.asarray(weights, name))
        if w.shape[0] != npts:
            raise ValueError(
                f"{name}: weights must have one entry per point ({npts}), got {w.shape[0]}"
            )
        if not onp.can_cast(w.dtype, dtypes.float_(), "safe"):
            raise TypeError(f"{name}: cannot cast weights of dtype {w.dtype} to float64")
    edges, nbin = [], []
    flat = None
    for i in builtins.range(d):
        col = sample[:, i]
        b = bins[i]
        if (
            onp.ndim(b) == 0
            and not isinstance(b, core.Tracer | type(col))
            or (getattr(b, "ndim", 1) == 0)
        ):
            if isinstance(b, core.Tracer):
                raise _need_concrete(name, "the number of bins", "mark bins static")
            try:
                k = operator.index(b)
            except TypeError as e:
                raise TypeError(f"{name}: `bins[{i}]` must be an integer, when a scalar") from e
            if k < 1:
                raise ValueError(f"{name}: `bins[{i}]` must be positive, when an integer")
            first, last = _outer_edges(name, col, range[i])
            e = creation.linspace(first, last, k + 1)
        elif onp.ndim(b) == 1 or getattr(b, "ndim", 0) == 1:
            e = util.asarray(b, name)
            value = _concrete(e)
            if value is not None and onp.any(value[:-1] > value[1:]):
                raise ValueError(
                    f"{name}: `bins[{i}]` must be monotonically increasing, when an array"
                )
        else:
            raise ValueError(f"{name}: `bins[{i}]` must be a scalar or 1d array")
        edges.append(e)
        m = e.shape[0] + 1  # one outlier bin at each end
        nbin.append(m)
        ec = e.astype(dtypes.result_type(col, e))
        idx = bisect.left_count(ec, col, "right")
        idx = lax_numpy.where(ufuncs.equal(col, ec[-1]), idx - 1, idx)
        flat = idx if flat is None else flat * m + idx
    total = int(onp.prod(nbin))
    if flat is None:
        flat = creation.zeros((npts,), dtypes.int_())
    hist = _counts(flat, total, w, dtypes.float_())
    hist = lax_numpy.reshape(hist, tuple(nbin))
    hist = hist[(slice(1, -1),) * d]
    if density:
        s = reductions.sum(hist)
        for i, e in enumerate(edges):
            shape = [1] * d
            shape[i] = nbin[i] - 2
            hist = hist / lax_numpy.reshape(function_base.diff(e), tuple(shape))
        hist = hist / s
    return hist, edges


def histogram2d(
    x: ArrayLike,
    y: ArrayLike,
    bins: Any = 10,
    range: Any = None,  # noqa: A002
    density: Any = None,
    weights: ArrayLike = None,
) -> tuple[Any, Any, Any]:
    """NumPy's ``histogram2d``: :func:`histogramdd` of the points ``(x[i], y[i])``; ``bins``
    is an int, an edge array (for both), [int, int] or [edges, edges]. Returns
    (hist, xedges, yedges)."""
    x, y = util.asarray(x, "histogram2d"), util.asarray(y, "histogram2d")
    if x.shape != y.shape:
        raise ValueError(
            f"histogram2d: x and y must have the same length (got shapes {x.shape} and {y.shape})"
        )
    try:
        nb = len(bins)
    except TypeError:
        nb = 1
    if nb != 1 and nb != 2:
        e = util.asarray(bins, "histogram2d")
        bins = [e, e]
    hist, edges = histogramdd([x, y], bins, range, density, weights)
    return hist, edges[0], edges[1]
