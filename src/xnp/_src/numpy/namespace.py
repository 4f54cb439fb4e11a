"""Everything ``xnp`` exports from the NumPy layer, gathered in one place."""
# ruff: noqa: F401 (a module of re-exports)

from __future__ import annotations

import numpy as onp

from xnp._src import dtypes as _dtypes
from xnp._src.array import Array, ndarray
from xnp._src.numpy import array_methods as _array_methods  # noqa: F401 (installs methods)
from xnp._src.numpy import promotion as _promotion
from xnp._src.numpy.convolution import convolve, correlate
from xnp._src.numpy.creation import (
    arange,
    array,
    asarray,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    identity,
    linspace,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from xnp._src.numpy.elementwise import (
    allclose,
    angle,
    around,
    array_equal,
    array_equiv,
    clip,
    fix,
    isclose,
    iscomplex,
    iscomplexobj,
    isneginf,
    isposinf,
    isreal,
    isrealobj,
    nan_to_num,
    round,
    sinc,
)
from xnp._src.numpy.function_base import (
    average,
    corrcoef,
    cov,
    diff,
    ediff1d,
    geomspace,
    gradient,
    i0,
    interp,
    logspace,
    meshgrid,
    piecewise,
    real_if_close,
    trapezoid,
    unwrap,
)
from xnp._src.numpy.histograms import (
    bincount,
    digitize,
    histogram,
    histogram2d,
    histogram_bin_edges,
    histogramdd,
)
from xnp._src.numpy.indexing import (  # installs x.at, x[i] = v
    nonzero,
    put_along_axis,
    take,
    take_along_axis,
)
from xnp._src.numpy.joining import (
    append,
    block,
    column_stack,
    concat,
    dstack,
    hstack,
    row_stack,
    vstack,
)
from xnp._src.numpy.lax_numpy import (
    broadcast_arrays,
    broadcast_shapes,
    broadcast_to,
    concatenate,
    dot,
    expand_dims,
    inner,
    matmul,
    moveaxis,
    outer,
    permute_dims,
    ravel,
    reshape,
    squeeze,
    stack,
    swapaxes,
    transpose,
    vdot,
    where,
)
from xnp._src.numpy.products import (
    cross,
    einsum,
    einsum_path,
    kron,
    matrix_transpose,
    matvec,
    tensordot,
    trace,
    vecdot,
    vecmat,
)
from xnp._src.numpy.rearranging import (
    atleast_1d,
    atleast_2d,
    atleast_3d,
    flip,
    fliplr,
    flipud,
    roll,
    rollaxis,
    rot90,
)
from xnp._src.numpy.reductions import (
    all,
    amax,
    amin,
    any,
    argmax,
    argmin,
    count_nonzero,
    cumprod,
    cumsum,
    cumulative_prod,
    cumulative_sum,
    max,
    mean,
    min,
    nancumprod,
    nancumsum,
    nanmax,
    nanmean,
    nanmin,
    nanprod,
    nanstd,
    nansum,
    nanvar,
    prod,
    ptp,
    std,
    sum,
    var,
)
from xnp._src.numpy.scalar_types import (
    bfloat16,
    bool_,
    byte,
    cdouble,
    complex64,
    complex128,
    csingle,
    double,
    float16,
    float32,
    float64,
    half,
    int8,
    int16,
    int32,
    int64,
    intc,
    intp,
    longlong,
    short,
    single,
    ubyte,
    uint,
    uint8,
    uint16,
    uint32,
    uint64,
    uintc,
    uintp,
    ulonglong,
    ushort,
)
from xnp._src.numpy.setops import (
    intersect1d,
    isin,
    searchsorted,
    setdiff1d,
    setxor1d,
    union1d,
    unique,
    unique_all,
    unique_counts,
    unique_inverse,
    unique_values,
)
from xnp._src.numpy.sorting import (
    argsort,
    sort,
    sort_complex,
)
from xnp._src.numpy.splitting import (
    array_split,
    dsplit,
    hsplit,
    split,
    unstack,
    vsplit,
)
from xnp._src.numpy.statistics import (
    median,
    nanmedian,
    nanpercentile,
    nanquantile,
    percentile,
    quantile,
)
from xnp._src.numpy.tiling import (
    delete,
    insert,
    repeat,
    resize,
    tile,
    trim_zeros,
)
from xnp._src.numpy.ufuncs import *  # noqa: F403
from xnp._src.numpy.ufuncs import ufunc
from xnp._src.numpy.window import bartlett, blackman, hamming, hanning, kaiser

bool = bool_  # noqa: A001
float_ = float64
int_ = int64
complex_ = complex128
newaxis = None
pi = onp.pi
e = onp.e
inf = onp.inf
nan = onp.nan
euler_gamma = onp.euler_gamma
generic, number, inexact, floating, complexfloating = (
    onp.generic,
    onp.number,
    onp.inexact,
    onp.floating,
    onp.complexfloating,
)
integer, signedinteger, unsignedinteger = onp.integer, onp.signedinteger, onp.unsignedinteger
dtype = onp.dtype
result_type = _promotion.result_type
promote_types = _dtypes.promote_types
issubdtype = _dtypes.issubdtype
iinfo = _dtypes.iinfo


def can_cast(from_: object, to: object, casting: str = "safe") -> bool:
    """NumPy's ``can_cast`` for dtypes and arrays (bfloat16 included); Python scalars raise
    TypeError, as in NumPy 2."""
    if _dtypes.is_python_scalar(from_):
        raise TypeError(
            "can_cast() does not support Python ints, floats, and complex because the result "
            "used to depend on the value.\nThis change was part of adopting NEP 50, we may "
            "explicitly allow them again in the future."
        )
    fd = _dtypes.to_dtype(getattr(from_, "dtype", from_))
    td = _dtypes.to_dtype(to)
    bf16, f16 = _dtypes.bfloat16, onp.dtype(onp.float16)
    if bf16 not in (fd, td):
        return onp.can_cast(fd, td, casting=casting)
    if fd == td or casting == "unsafe":
        return True
    if casting in ("no", "equiv"):
        return False
    if casting == "same_kind":
        return onp.can_cast(f16 if fd == bf16 else fd, f16 if td == bf16 else td, "same_kind")
    return _dtypes._promote_strong(fd, td) == td


def isscalar(element: object) -> bool:
    return onp.isscalar(element) or (isinstance(element, ndarray) and element.ndim == 0 and False)


def shape(a: object) -> tuple:
    return tuple(getattr(a, "shape", onp.shape(a)))


def ndim(a: object) -> int:
    return len(shape(a))


def size(a: object, axis: int | None = None) -> int:
    s = shape(a)
    return int(onp.prod(s)) if axis is None else s[axis]


_ = (Array, ndarray)

from xnp._src.numpy import device as _device  # noqa: E402 (installs x.to_device)
from xnp._src.numpy.array_api import (  # noqa: E402 (installs x.__array_namespace__)
    __array_api_version__,
    __array_namespace_info__,
    astype,
    finfo,
    from_dlpack,
    isdtype,
)
from xnp._src.numpy.triangles import tri, tril, triu  # noqa: E402
