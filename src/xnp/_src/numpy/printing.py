"""Printing and floating-point error state, through NumPy on a host copy.

xnp prints arrays with NumPy's formatter (``repr(x)`` is ``numpy.array_repr`` of the host
value, spelled ``Array(...)``), so NumPy's print options are xnp's: ``set_printoptions``,
``get_printoptions`` and ``printoptions`` here are NumPy's and change how xnp arrays print.
The functions that format arrays read a host copy; a traced array has no value to print and
raises an error that says so.

``errstate``, ``seterr`` and ``geterr`` are NumPy's. They govern the NumPy computations xnp
runs on the host (e.g. a concrete ``linspace``), never XLA's arithmetic: compiled programs
follow IEEE 754 and produce inf and NaN silently, whatever the error state says.
"""

from __future__ import annotations

from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.numpy import util


def set_printoptions(*args: Any, **kwargs: Any) -> None:
    """NumPy's ``set_printoptions`` (same arguments): how NumPy and xnp arrays print."""
    onp.set_printoptions(*args, **kwargs)


def get_printoptions() -> dict[str, Any]:
    """NumPy's ``get_printoptions``: the current print options, as a dict."""
    return onp.get_printoptions()


def printoptions(*args: Any, **kwargs: Any) -> Any:
    """NumPy's ``printoptions``: a context manager setting print options inside it."""
    return onp.printoptions(*args, **kwargs)


class errstate(onp.errstate):  # noqa: N801
    """NumPy's ``errstate``: a context manager (or decorator) for NumPy's floating-point error
    handling. It has no effect on XLA's arithmetic, which never warns or raises."""


def seterr(
    all: Any = None,
    divide: Any = None,
    over: Any = None,
    under: Any = None,  # noqa: A002
    invalid: Any = None,
) -> dict[str, str]:
    """NumPy's ``seterr``: set NumPy's floating-point error handling; returns the old
    settings. XLA's arithmetic is not affected."""
    return onp.seterr(all=all, divide=divide, over=over, under=under, invalid=invalid)


def geterr() -> dict[str, str]:
    """NumPy's ``geterr``: the current floating-point error handling of NumPy."""
    return onp.geterr()


def _host(name: str, a: Any) -> onp.ndarray:
    return onp.asarray(util.host_value(
        name, a, "format", "print it outside the transformation, or use xnp.debug-style callbacks"))


def array2string(
    a: Any,
    max_line_width: Any = None,
    precision: Any = None,
    suppress_small: Any = None,
    separator: str = " ",
    prefix: str = "",
    **kwargs: Any,
) -> str:
    """NumPy's ``array2string`` of the array's value (every keyword of NumPy's)."""
    return onp.array2string(
        _host("array2string", a),
        max_line_width,
        precision,
        suppress_small,
        separator,
        prefix,
        **kwargs,
    )


def array_repr(
    arr: Any, max_line_width: Any = None, precision: Any = None, suppress_small: Any = None
) -> str:
    """The ``repr`` of an xnp array, ``Array([...], dtype=...)``, with NumPy's options."""
    s = onp.array_repr(_host("array_repr", arr), max_line_width, precision, suppress_small)
    s = s.replace("dtype=dtype(bfloat16)", "dtype=bfloat16")
    return "Array(" + s[len("array(") :]


def array_str(
    a: Any, max_line_width: Any = None, precision: Any = None, suppress_small: Any = None
) -> str:
    """NumPy's ``array_str`` (what ``str(x)`` prints) of the array's value."""
    return onp.array_str(_host("array_str", a), max_line_width, precision, suppress_small)


def _scalar(name: str, x: Any) -> Any:
    v = _host(name, x)
    if v.ndim:
        raise TypeError(f"{name}: expected a scalar, got an array of shape {v.shape}")
    if v.dtype == dtypes.bfloat16:
        v = v.astype(onp.float32)  # exact; printed with float32's shortest digits
    return v[()]


def format_float_positional(
    x: Any,
    precision: Any = None,
    unique: bool = True,
    fractional: bool = True,
    trim: str = "k",
    sign: bool = False,
    pad_left: Any = None,
    pad_right: Any = None,
    min_digits: Any = None,
) -> str:
    """NumPy's ``format_float_positional`` of a float scalar (or 0-d array); ``bfloat16``
    values are formatted as the (equal) float32 value."""
    return onp.format_float_positional(
        _scalar("format_float_positional", x),
        precision,
        unique,
        fractional,
        trim,
        sign,
        pad_left,
        pad_right,
        min_digits,
    )


def format_float_scientific(
    x: Any,
    precision: Any = None,
    unique: bool = True,
    trim: str = "k",
    sign: bool = False,
    pad_left: Any = None,
    exp_digits: Any = None,
    min_digits: Any = None,
) -> str:
    """NumPy's ``format_float_scientific`` of a float scalar (or 0-d array)."""
    return onp.format_float_scientific(
        _scalar("format_float_scientific", x),
        precision,
        unique,
        trim,
        sign,
        pad_left,
        exp_digits,
        min_digits,
    )


def _int(name: str, x: Any) -> int:
    v = _scalar(name, x)
    if dtypes.kind(onp.asarray(v).dtype) not in "biu":
        raise TypeError(f"{name}: expected an integer, got {onp.asarray(v).dtype}")
    return int(v)


def binary_repr(num: Any, width: int | None = None) -> str:
    """NumPy's ``binary_repr``: the binary string of an integer (two's complement in
    ``width`` bits for negative numbers when ``width`` is given)."""
    return onp.binary_repr(_int("binary_repr", num), width)


def base_repr(number: Any, base: int = 2, padding: int = 0) -> str:
    """NumPy's ``base_repr``: the string of an integer in ``base`` (2 to 36)."""
    return onp.base_repr(_int("base_repr", number), base, padding)


def info(
    object: Any = None,
    maxwidth: int = 76,
    output: Any = None,  # noqa: A002
    toplevel: str = "xnp",
) -> None:
    """NumPy's ``info``: print the documentation of ``object`` (an xnp function, class or
    array) through NumPy's helper."""
    if isinstance(object, ndarray | core.Tracer):
        object = _host("info", object)  # noqa: A001
    onp.info(object, maxwidth=maxwidth, output=output, toplevel="numpy")
