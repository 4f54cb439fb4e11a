"""NumPy's file I/O (``.npy``/``.npz``, text, raw binary), through NumPy on a host copy.

Writers take xnp arrays (or anything array-like) and write what NumPy writes, so the files
are NumPy's own; readers return xnp arrays. Only numeric and boolean data can become xnp
arrays: a file holding strings, objects or structured records raises ``TypeError`` naming the
dtype (read it with NumPy). Traced arrays cannot be written (their values are unknown while a
function is traced). ``load``'s ``mmap_mode`` maps the file and copies it into an xnp array.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as onp

from xnp._src import core, dtypes
from xnp._src.array import ndarray
from xnp._src.numpy import creation, util


def _host(name: str, a: Any) -> Any:
    return util.host_value(name, a, "write", "return it and write it outside the transformation")


def _to_xnp(name: str, x: Any) -> Any:
    if isinstance(x, tuple | list):
        return type(x)(_to_xnp(name, v) for v in x)
    if not isinstance(x, onp.ndarray | onp.generic):
        return x
    dt = x.dtype
    if dt.names is not None or (dt.kind not in "biufc" and dt != dtypes.bfloat16):
        raw = dt.kind == "V" and dt.names is None and dt.itemsize == 2
        hint = " (NumPy writes bfloat16 as raw |V2 bytes: view them as bfloat16)" if raw else ""
        raise TypeError(
            f"{name}: the data has dtype {dt}, which xnp arrays cannot hold (only "
            f"booleans and numbers){hint}; read it with numpy instead"
        )
    if isinstance(x, onp.ma.MaskedArray):
        raise TypeError(f"{name}: masked arrays (usemask=True) are not supported by xnp")
    return creation.asarray(onp.array(x))


# ----------------------------------------------------------------------------- .npy / .npz


def save(file: Any, arr: Any, allow_pickle: bool = True, **kwargs: Any) -> None:
    """NumPy's ``save``: ``arr`` in NumPy's ``.npy`` format."""
    onp.save(file, _host("save", arr), allow_pickle=allow_pickle, **kwargs)


def savez(file: Any, *args: Any, allow_pickle: bool = True, **kwds: Any) -> None:
    """NumPy's ``savez``: several arrays in one uncompressed ``.npz`` archive."""
    onp.savez(
        file,
        *(_host("savez", a) for a in args),
        allow_pickle=allow_pickle,
        **{k: _host("savez", v) for k, v in kwds.items()},
    )


def savez_compressed(file: Any, *args: Any, allow_pickle: bool = True, **kwds: Any) -> None:
    """NumPy's ``savez_compressed``: several arrays in one deflate-compressed ``.npz``."""
    onp.savez_compressed(
        file,
        *(_host("savez_compressed", a) for a in args),
        allow_pickle=allow_pickle,
        **{k: _host("savez_compressed", v) for k, v in kwds.items()},
    )


class NpzFile(Mapping):
    """A ``.npz`` archive opened by :func:`load`: NumPy's ``NpzFile`` whose members are read
    as xnp arrays (lazily, on access). Use it as a context manager, or ``close()`` it."""

    def __init__(self, npz: Any) -> None:
        self._npz = npz
        self.files = list(npz.files)

    def __getitem__(self, key: str) -> Any:
        return _to_xnp("load", self._npz[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def __contains__(self, key: object) -> bool:
        return key in self.files

    def __enter__(self) -> NpzFile:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._npz.close()

    def __repr__(self) -> str:
        return f"NpzFile({self.files!r})"


def load(
    file: Any,
    mmap_mode: Any = None,
    allow_pickle: bool = False,
    fix_imports: bool = True,
    encoding: str = "ASCII",
    **kwargs: Any,
) -> Any:
    """NumPy's ``load``: a ``.npy`` file as an xnp array, a ``.npz`` archive as an
    :class:`NpzFile` of xnp arrays (pickled objects are returned as unpickled)."""
    out = onp.load(
        file,
        mmap_mode=mmap_mode,
        allow_pickle=allow_pickle,
        fix_imports=fix_imports,
        encoding=encoding,
        **kwargs,
    )
    if isinstance(out, onp.lib.npyio.NpzFile):
        return NpzFile(out)
    return _to_xnp("load", out)


# ----------------------------------------------------------------------------- text


def savetxt(
    fname: Any,
    X: Any,
    fmt: Any = "%.18e",
    delimiter: str = " ",  # noqa: N803
    newline: str = "\n",
    header: str = "",
    footer: str = "",
    comments: str = "# ",
    encoding: Any = None,
) -> None:
    """NumPy's ``savetxt``: a 1-d or 2-d array as text, one row per line."""
    onp.savetxt(
        fname,
        _host("savetxt", X),
        fmt=fmt,
        delimiter=delimiter,
        newline=newline,
        header=header,
        footer=footer,
        comments=comments,
        encoding=encoding,
    )


def loadtxt(fname: Any, dtype: Any = float, *args: Any, **kwargs: Any) -> Any:
    """NumPy's ``loadtxt`` (every keyword of NumPy's), returning xnp arrays (a tuple of them
    with ``unpack=True``)."""
    return _to_xnp("loadtxt", onp.loadtxt(fname, dtype, *args, **kwargs))


def genfromtxt(fname: Any, dtype: Any = float, *args: Any, **kwargs: Any) -> Any:
    """NumPy's ``genfromtxt`` (missing values filled as NumPy fills them), returning xnp
    arrays; structured dtypes and ``usemask=True`` are not supported."""
    return _to_xnp("genfromtxt", onp.genfromtxt(fname, dtype, *args, **kwargs))


def fromregex(file: Any, regexp: Any, dtype: Any, encoding: Any = None) -> Any:
    """NumPy's ``fromregex`` for one group per match: the matches as an xnp array of ``dtype``
    (a plain dtype, or a structured one with a single field). NumPy returns a record array,
    which xnp cannot hold, so structured dtypes with several fields raise."""
    dt = onp.dtype(dtype)
    if dt.names is None:
        dt = onp.dtype([("f0", dt)])
    if len(dt.names) != 1:
        raise TypeError(
            f"fromregex: a structured dtype with several fields ({dt}) gives a record "
            "array, which xnp cannot hold; read it with numpy instead"
        )
    out = onp.fromregex(file, regexp, dt, encoding=encoding)
    return _to_xnp("fromregex", onp.ascontiguousarray(out[dt.names[0]]))


# ----------------------------------------------------------------------------- raw data


def fromfile(
    file: Any,
    dtype: Any = float,
    count: int = -1,
    sep: str = "",
    offset: int = 0,
    *,
    like: Any = None,
) -> Any:
    """NumPy's ``fromfile``: raw binary (``sep=""``) or separated text data as an xnp array."""
    return _to_xnp("fromfile", onp.fromfile(file, dtype=dtype, count=count, sep=sep, offset=offset))


def fromstring(
    string: Any, dtype: Any = float, count: int = -1, *, sep: str, like: Any = None
) -> Any:
    """NumPy's ``fromstring``: numbers separated by ``sep`` in a string, as an xnp array
    (NumPy's binary mode, ``sep=""``, is deprecated there: use ``frombuffer``)."""
    return _to_xnp("fromstring", onp.fromstring(string, dtype=dtype, count=count, sep=sep))


# ----------------------------------------------------------------------------- ndarray methods


def _tobytes(self: Any, order: str = "C") -> bytes:
    """``x.tobytes()``: the raw bytes of the value, as NumPy lays them out in ``order``."""
    return _host("tobytes", self).tobytes(order=order)


def _tofile(self: Any, fid: Any, sep: str = "", format: str = "%s") -> None:  # noqa: A002
    """``x.tofile(fid)``: raw bytes (``sep=""``) or text, as NumPy's ``tofile`` writes them."""
    _host("tofile", self).tofile(fid, sep=sep, format=format)


def _dumps(self: Any) -> bytes:
    """``x.dumps()``: the pickle of the array (``pickle.loads`` gives an xnp array back)."""
    if isinstance(self, core.Tracer):
        _host("dumps", self)
    return pickle.dumps(self)


def _dump(self: Any, file: Any) -> None:
    """``x.dump(file)``: the pickle of the array written to ``file`` (a path or a file)."""
    data = _dumps(self)
    if hasattr(file, "write"):
        file.write(data)
        return
    with open(file, "wb") as f:
        f.write(data)


def _install() -> None:
    # The host-copy I/O methods of arrays; on tracers they raise the traced-value error.
    for cls in (ndarray, core.Tracer):
        cls.tobytes = _tobytes
        cls.tofile = _tofile
        cls.dumps = _dumps
        cls.dump = _dump


_install()
