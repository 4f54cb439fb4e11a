"""Everything ``xnp`` exports from the NumPy layer, gathered in one place."""
# ruff: noqa: F401 (a module of re-exports)

from __future__ import annotations
import __future__ as _future

import types as _types

import numpy as onp

from xnp._src import dtypes as _dtypes
from xnp._src.array import Array, ndarray
from xnp._src.numpy import array_methods as _array_methods  # noqa: F401 (installs methods)
from xnp._src.numpy import memory as _memory  # noqa: F401 (installs x.view, x.flags, ...)
from xnp._src.numpy import util as _util
from xnp._src.numpy.bit_packing import packbits, unpackbits
from xnp._src.numpy.conversion import (
    apply_along_axis,
    apply_over_axes,
    asanyarray,
    asarray_chkfinite,
    ascontiguousarray,
    asfortranarray,
    astype,
    broadcast,
    copy,
    frombuffer,
    fromfunction,
    fromiter,
    isfortran,
    require,
)
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
from xnp._src.numpy.index_tricks import (
    indices,
    ix_,
    ndenumerate,
    ndindex,
    ravel_multi_index,
    unravel_index,
)
from xnp._src.numpy.indexing import (  # installs x.at, x[i] = v
    nonzero,
    put_along_axis,
    take,
    take_along_axis,
)
from xnp._src.numpy.inplace import (
    copyto,
    flatiter,
    place,
    put,
    putmask,
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
from xnp._src.numpy.npyio import (
    fromfile,
    fromregex,
    fromstring,
    genfromtxt,
    load,
    loadtxt,
    save,
    savetxt,
    savez,
    savez_compressed,
)
from xnp._src.numpy.padding import pad
from xnp._src.numpy.polynomial import (
    poly,
    poly1d,
    polyadd,
    polyder,
    polydiv,
    polyfit,
    polyint,
    polymul,
    polysub,
    polyval,
    roots,
    vander,
)
from xnp._src.numpy.printing import (
    array2string,
    array_repr,
    array_str,
    base_repr,
    binary_repr,
    errstate,
    format_float_positional,
    format_float_scientific,
    get_printoptions,
    geterr,
    info,
    printoptions,
    set_printoptions,
    seterr,
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
from xnp._src.numpy.searching import (
    argpartition,
    argwhere,
    choose,
    compress,
    extract,
    flatnonzero,
    lexsort,
    nanargmax,
    nanargmin,
    partition,
    select,
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
from xnp._src.numpy.twodim import (
    diag,
    diag_indices,
    diag_indices_from,
    diagflat,
    diagonal,
    fill_diagonal,
    mask_indices,
    tri,
    tril,
    tril_indices,
    tril_indices_from,
    triu,
    triu_indices,
    triu_indices_from,
)
from xnp._src.numpy.type_check import (
    common_type,
    isnat,
    iterable,
    min_scalar_type,
    mintypecode,
    typename,
)
from xnp._src.numpy.ufuncs import *  # noqa: F403
from xnp._src.numpy.ufuncs import ufunc
from xnp._src.numpy.vectorize import vectorize
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
character, flexible = onp.character, onp.flexible  # abstract (string and void) scalar types
long, ulong = int64, uint64  # C long on LP64 platforms, as NumPy 2 defines them
dtype = onp.dtype
result_type = _util.result_type
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
    finfo,
    from_dlpack,
    isdtype,
)

# Keep this last. ``xnp/__init__.py`` star-imports this module: its public names are every
# name defined or imported above except modules (``onp``) and ``from __future__`` features.
# tests/test_imports.py fails if a public name is defined after this line.
__all__ = sorted(
    _n for _n, _v in list(globals().items())
    if not _n.startswith("_") and not isinstance(_v, _types.ModuleType | _future._Feature)
)  # fmt: skip
