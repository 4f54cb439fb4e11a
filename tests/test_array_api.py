"""The array API standard's own surface: the inspection namespace, devices, isdtype, astype,
DLPack, finfo, the standard's keywords (descending=, device=, copy=, min=/max=), and the
consumers' helpers (array_api_compat). Checked against NumPy 2 and array_api_strict."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as onp
import pytest

import xnp

strict = pytest.importorskip("array_api_strict")

STANDARD_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                   "uint64", "float32", "float64", "complex64", "complex128"]  # fmt: skip
KINDS = ["bool", "signed integer", "unsigned integer", "integral", "real floating",
         "complex floating", "numeric"]  # fmt: skip


# --------------------------------------------------------------------------- the namespace


def test_version_and_namespace() -> None:
    assert xnp.__array_api_version__ == "2025.12"
    x = xnp.ones(3)
    assert x.__array_namespace__() is xnp
    for v in ("2021.12", "2022.12", "2023.12", "2024.12", "2025.12"):
        assert x.__array_namespace__(api_version=v) is xnp
    with pytest.raises(ValueError, match="api_version '2099.12'"):
        x.__array_namespace__(api_version="2099.12")
    seen = []
    xnp.jit(lambda a: seen.append(a.__array_namespace__()) or a)(x)
    assert seen == [xnp]


def test_info_capabilities_and_devices() -> None:
    info = xnp.__array_namespace_info__()
    caps = info.capabilities()
    assert set(caps) == {"boolean indexing", "data-dependent shapes", "max dimensions"}
    assert caps["boolean indexing"] is True and caps["data-dependent shapes"] is True
    assert caps["max dimensions"] is None
    devs = info.devices()
    assert isinstance(devs, tuple) and list(devs) == xnp.devices()  # a tuple since 2025.12
    assert info.default_device() in devs
    assert info.default_device() == xnp.ones(2).device


def test_info_default_dtypes() -> None:
    info = xnp.__array_namespace_info__()
    d = info.default_dtypes()
    assert d == {"real floating": xnp.float64, "complex floating": xnp.complex128,
                 "integral": xnp.int64, "indexing": xnp.int64}  # fmt: skip
    assert d == onp.__array_namespace_info__().default_dtypes()
    assert d["real floating"] == xnp.asarray(1.0).dtype
    assert d["integral"] == xnp.asarray(1).dtype
    assert d["indexing"] == xnp.argmax(xnp.ones(3)).dtype
    assert info.default_dtypes(device=info.default_device()) == d
    with xnp.enable_x64(False):
        d32 = info.default_dtypes()
        assert d32["real floating"] == xnp.float32 and d32["integral"] == xnp.int32
        assert d32["real floating"] == xnp.asarray(1.0).dtype
        assert "float64" not in info.dtypes() and "float32" in info.dtypes()


@pytest.mark.parametrize("kind", [None, *KINDS, ("bool", "complex floating")])
def test_info_dtypes_match_array_api_strict(kind: object) -> None:
    ours = xnp.__array_namespace_info__().dtypes(kind=kind)
    ref = strict.__array_namespace_info__().dtypes(kind=kind)
    assert set(ours) == set(ref)
    for name, t in ours.items():
        assert t == getattr(xnp, name) and t == onp.dtype(name) and type(t) is type(onp.dtype(name))
        assert {t: name}[xnp.ones(1, dtype=t).dtype] == name  # hashes like x.dtype
        assert xnp.empty(1, dtype=t).dtype == onp.dtype(name)


def test_info_rejects_unknown_devices() -> None:
    info = xnp.__array_namespace_info__()
    for bad in ("gpu", "cpu:7", object(), 3):
        with pytest.raises(ValueError, match="unknown device"):
            info.dtypes(device=bad)
        with pytest.raises(ValueError, match="unknown device"):
            xnp.zeros(2, device=bad)


# --------------------------------------------------------------------------- dtypes


@pytest.mark.parametrize("name", [*STANDARD_DTYPES, "float16"])
def test_isdtype_matches_numpy(name: str) -> None:
    dt = getattr(xnp, name)
    pair = ("float32", "complex64")
    for kind in [*KINDS, *STANDARD_DTYPES, ("integral", "bool"), pair]:
        k = getattr(xnp, kind) if kind in STANDARD_DTYPES else kind
        nk = getattr(onp, kind) if kind in STANDARD_DTYPES else kind
        if kind is pair:
            k, nk = (xnp.float32, xnp.complex64), (onp.float32, onp.complex64)
        expected = onp.isdtype(onp.dtype(name), nk)
        assert xnp.isdtype(dt, k) is expected, (name, kind)
        assert xnp.isdtype(onp.dtype(name), k) is expected, (name, kind)
        assert xnp.isdtype(xnp.ones(1, dtype=dt).dtype, k) is expected


def test_isdtype_bfloat16_and_errors() -> None:
    assert xnp.isdtype(xnp.bfloat16, "real floating")
    assert not xnp.isdtype(xnp.bfloat16, ("integral", "complex floating"))
    with pytest.raises(TypeError, match="isdtype: expected a dtype"):
        xnp.isdtype("float32", "real floating")
    with pytest.raises(TypeError, match="isdtype: expected a dtype"):
        xnp.isdtype(xnp.ones(2), "real floating")
    with pytest.raises(ValueError, match="kind 'floating'"):
        xnp.isdtype(xnp.float32, "floating")


@pytest.mark.parametrize("src", ["bool", "int8", "uint16", "int64", "float32", "float64"])
@pytest.mark.parametrize("dst", ["bool", "int32", "uint8", "float16", "float64", "complex64"])
def test_astype_matches_numpy(src: str, dst: str) -> None:
    a = onp.array([0, 1, 3, 7], dtype=src)
    out = xnp.astype(xnp.asarray(a), getattr(xnp, dst))
    ref = onp.astype(a, onp.dtype(dst))
    assert out.dtype == ref.dtype and type(out) is xnp.ndarray
    onp.testing.assert_array_equal(onp.asarray(out), ref)
    jitted = xnp.jit(lambda x: xnp.astype(x, getattr(xnp, dst)))(xnp.asarray(a))
    onp.testing.assert_array_equal(onp.asarray(jitted), ref)


def test_astype_copy_and_device() -> None:
    x = xnp.arange(4.0)
    assert xnp.astype(x, xnp.float64, copy=False) is x
    y = xnp.astype(x, xnp.float64)
    assert y is not x and onp.array_equal(y, x)
    assert xnp.astype(x, xnp.float32, device=x.device).device == x.device
    with pytest.raises(TypeError, match="NumPy array"):  # as numpy.astype: arrays only
        xnp.astype([1, 2], xnp.int8)
    with pytest.raises(TypeError, match="astype: expected a dtype"):
        xnp.astype(x, "float32x")


@pytest.mark.parametrize("name", ["float16", "float32", "float64", "complex64", "complex128",
                                  "bfloat16"])  # fmt: skip
def test_finfo_python_floats(name: str) -> None:
    fi = xnp.finfo(getattr(xnp, name))
    ref = xnp._src.dtypes.finfo(onp.dtype(getattr(xnp, name).dtype))
    for attr in ("eps", "max", "min", "smallest_normal"):
        assert type(getattr(fi, attr)) is float
        assert getattr(fi, attr) == float(getattr(ref, attr))
    assert type(fi.bits) is int and fi.bits == ref.bits
    assert fi.dtype == ref.dtype and isinstance(fi.dtype, onp.dtype)
    assert fi.nmant == ref.nmant and fi.resolution == ref.resolution  # NumPy's others
    assert xnp.finfo(xnp.ones(2, dtype=getattr(xnp, name))).eps == fi.eps
    with pytest.raises(ValueError, match="not inexact"):
        xnp.finfo(xnp.int32)


# --------------------------------------------------------------------------- devices


def test_device_property_and_to_device() -> None:
    x = xnp.arange(3.0)
    dev = xnp.devices()[0]
    assert x.device == dev and x.devices() == {dev}
    y = x.to_device(dev)
    assert y.device == dev and onp.array_equal(y, x)
    assert x.to_device("cpu").device == dev
    with pytest.raises(ValueError, match="to_device: stream"):
        x.to_device(dev, stream=1)
    with pytest.raises(ValueError, match="unknown device"):
        x.to_device("tpu")
    devs = []

    def f(a: object) -> object:
        devs.append(a.device)
        return a.to_device(a.device) * 2

    onp.testing.assert_array_equal(xnp.jit(f)(x), [0.0, 2.0, 4.0])
    assert devs == [dev]


CREATION = [
    ("zeros", lambda d: xnp.zeros((2, 3), device=d)),
    ("ones", lambda d: xnp.ones(4, dtype=xnp.int8, device=d)),
    ("empty", lambda d: xnp.empty((0,), device=d)),
    ("full", lambda d: xnp.full(3, 7.5, device=d)),
    ("arange", lambda d: xnp.arange(2, 40, 3, device=d)),
    ("linspace", lambda d: xnp.linspace(0, 1, 5, device=d)),
    ("eye", lambda d: xnp.eye(3, 4, k=1, device=d)),
    ("asarray", lambda d: xnp.asarray([1, 2], device=d)),
    ("zeros_like", lambda d: xnp.zeros_like(xnp.ones(2), device=d)),
    ("ones_like", lambda d: xnp.ones_like(onp.ones(2), device=d)),
    ("empty_like", lambda d: xnp.empty_like(xnp.ones(2), device=d)),
    ("full_like", lambda d: xnp.full_like(xnp.ones(2), 3, device=d)),
    ("from_dlpack", lambda d: xnp.from_dlpack(onp.ones(2), device=d)),
]


@pytest.mark.parametrize("name,make", CREATION, ids=[c[0] for c in CREATION])
def test_creation_device_keyword(name: str, make: object) -> None:
    dev = xnp.devices()[0]
    plain, placed = make(None), make(dev)
    assert placed.device == dev and plain.device == dev
    assert placed.dtype == plain.dtype and placed.shape == plain.shape
    onp.testing.assert_array_equal(onp.asarray(placed), onp.asarray(plain))


def test_devices_with_several_cpu_devices() -> None:
    code = (
        "import xnp, numpy as np\n"
        "d = xnp.devices(); assert len(d) == 3, d\n"
        "info = xnp.__array_namespace_info__(); assert list(info.devices()) == d\n"
        "x = xnp.zeros(3, device=d[2]); assert x.device == d[2], x.device\n"
        "assert xnp.zeros_like(x).device == d[2]\n"
        "y = x.to_device(d[1]); assert y.device == d[1]\n"
        "assert xnp.asarray([1.0], device='cpu:1').device == d[1]\n"
        "z = xnp.asarray(y, device=d[0]); assert z.device == d[0]\n"
        "assert (y + 1).device == d[1], (y + 1).device\n"
        "assert xnp.arange(3, device=d[2]).tolist() == [0, 1, 2]\n"
        "try:\n"
        "    xnp.asarray(y, device=d[0], copy=False)\n"
        "except ValueError as e:\n"
        "    assert 'copy=False' in str(e)\n"
        "else:\n"
        "    raise AssertionError('no error')\n"
    )
    env = {**os.environ, "XNP_NUM_CPU_DEVICES": "3", "TF_CPP_MIN_LOG_LEVEL": "1"}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                       timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr


def test_asarray_copy_keyword() -> None:
    x = xnp.arange(3)
    assert xnp.asarray(x) is x and xnp.asarray(x, copy=False) is x
    y = xnp.asarray(x, copy=True)
    assert y is not x and onp.array_equal(y, x)
    with pytest.raises(ValueError, match="copy=False"):
        xnp.asarray(x, dtype=xnp.float32, copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        xnp.asarray([1, 2], copy=False)
    assert xnp.asarray(x, dtype=xnp.float32, copy=None).dtype == onp.float32


# --------------------------------------------------------------------------- DLPack

DLPACK_DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                 "uint64", "float16", "float32", "float64", "complex64", "complex128"]  # fmt: skip


@pytest.mark.parametrize("name", DLPACK_DTYPES)
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3)])
def test_dlpack_round_trips_with_numpy(name: str, shape: tuple) -> None:
    a = (onp.arange(int(onp.prod(shape))) % 3).reshape(shape).astype(name)
    x = xnp.asarray(a)
    assert x.__dlpack_device__() == (1, 0)
    back = onp.from_dlpack(x)
    assert back.dtype == a.dtype and back.shape == a.shape
    onp.testing.assert_array_equal(back, a)
    y = xnp.from_dlpack(a)
    assert type(y) is xnp.ndarray and y.dtype == a.dtype and y.shape == a.shape
    onp.testing.assert_array_equal(onp.asarray(y), a)
    assert xnp.from_dlpack(x) is x
    z = xnp.from_dlpack(x, copy=True)
    assert z is not x and onp.array_equal(z, x)


def test_dlpack_protocol_options() -> None:
    x = xnp.arange(4.0)
    x.__dlpack__()  # legacy capsule: a private copy (no read-only flag in that protocol)
    x.__dlpack__(max_version=(1, 0), dl_device=(1, 0))
    x.__dlpack__(max_version=(1, 0), copy=True)
    with pytest.raises(BufferError, match="legacy"):
        x.__dlpack__(copy=False)
    with pytest.raises(BufferError, match="dl_device"):
        x.__dlpack__(dl_device=(2, 0))
    with pytest.raises(BufferError, match="stream"):
        x.__dlpack__(stream=3)
    ro = onp.from_dlpack(x)
    assert not ro.flags.writeable  # xnp's memory is exported read-only
    with pytest.raises(BufferError, match="copy=False"):
        xnp.from_dlpack(onp.ones(2), copy=False)
    with pytest.raises(TypeError, match="does not implement __dlpack__"):
        xnp.from_dlpack([1, 2])
    src = onp.arange(3.0)
    y = xnp.from_dlpack(src)
    src[0] = 99.0
    assert float(y[0]) == 0.0  # copied: later writes by the producer are not seen


def test_dlpack_with_array_api_strict() -> None:
    a = strict.asarray([1.5, 2.5, -3.0])
    x = xnp.from_dlpack(a)
    onp.testing.assert_array_equal(onp.asarray(x), [1.5, 2.5, -3.0])
    b = strict.from_dlpack(xnp.asarray([4, 5], dtype=xnp.int16))
    assert b.dtype == strict.int16 and strict.all(b == strict.asarray([4, 5], dtype=strict.int16))


# --------------------------------------------------------------------------- keywords

SORT_INPUTS = [
    onp.array([3, 1, 2, 1, 3, 0], dtype=onp.int32),
    onp.array([[2.0, -1.0, 2.0], [0.5, 0.5, -3.0]]),
    onp.array([1.0, onp.nan, -onp.inf, 1.0, onp.inf, onp.nan]),
    onp.array([-(2**40), 7, 0, -(2**40)], dtype=onp.int64),
    onp.zeros((0, 3), dtype=onp.uint8),
    onp.array(5.0).reshape(1),
]


@pytest.mark.parametrize("a", SORT_INPUTS, ids=lambda a: f"{a.dtype}{a.shape}")
@pytest.mark.parametrize("descending", [False, True])
def test_sort_argsort_descending_match_array_api_strict(a: onp.ndarray, descending: bool) -> None:
    for axis in range(-a.ndim, a.ndim):
        ref_s = onp.asarray(strict.sort(strict.asarray(a), axis=axis, descending=descending))
        ref_i = onp.asarray(strict.argsort(strict.asarray(a), axis=axis, descending=descending))
        x = xnp.asarray(a)
        onp.testing.assert_array_equal(onp.asarray(xnp.sort(x, axis=axis, descending=descending)),
                                       ref_s)  # fmt: skip
        got = xnp.argsort(x, axis=axis, descending=descending, stable=True)
        assert got.dtype == onp.int64
        onp.testing.assert_array_equal(onp.asarray(got), ref_i)
        jitted = xnp.jit(lambda v, ax=axis: xnp.argsort(v, axis=ax, descending=descending))(x)
        onp.testing.assert_array_equal(onp.asarray(jitted), ref_i)
    y = xnp.asarray(a)
    y.sort(descending=descending)
    ref = strict.sort(strict.asarray(a), descending=descending)
    onp.testing.assert_array_equal(onp.asarray(y), onp.asarray(ref))


def test_descending_argsort_is_stable_and_vmaps() -> None:
    a = onp.array([[1, 2, 1, 2, 0], [5, 5, 5, 1, 5]])
    ref = onp.stack([onp.argsort(-r, kind="stable") for r in a])
    onp.testing.assert_array_equal(onp.asarray(xnp.argsort(a, descending=True)), ref)
    vm = xnp.vmap(lambda r: xnp.argsort(r, descending=True))(xnp.asarray(a))
    onp.testing.assert_array_equal(onp.asarray(vm), ref)


def test_clip_min_max_names() -> None:
    x = onp.array([-2.0, 0.5, 3.0, onp.nan])
    ref = onp.clip(x, -1, 1)
    for out in (xnp.clip(x, -1, 1), xnp.clip(x, min=-1, max=1), xnp.clip(x, a_min=-1, a_max=1)):
        onp.testing.assert_array_equal(onp.asarray(out), ref)
    onp.testing.assert_array_equal(onp.asarray(xnp.clip(x, max=0.0)), onp.clip(x, None, 0.0))
    lo, hi = onp.array([-3.0, 1.0, 0.0, 0.0]), onp.array([0.0, 2.0, 1.0, 1.0])
    onp.testing.assert_array_equal(onp.asarray(xnp.clip(x, min=lo, max=hi)), onp.clip(x, lo, hi))
    with pytest.raises(ValueError, match="forbidden"):
        xnp.clip(x, min=0, a_max=1)


def test_reshape_copy_and_broadcast_tuples() -> None:
    x = xnp.arange(6)
    for copy in (None, True, False):
        assert xnp.reshape(x, (2, 3), copy=copy).shape == (2, 3)
    out = xnp.broadcast_arrays(xnp.ones((2, 1)), xnp.zeros(3))
    assert type(out) is tuple and [o.shape for o in out] == [(2, 3), (2, 3)]
    assert type(xnp.broadcast_arrays(xnp.ones(2))) is tuple
    assert xnp.broadcast_arrays() == ()
    assert xnp.broadcast_shapes() == onp.broadcast_shapes() == ()
    assert xnp.broadcast_shapes((2, 1), (3,)) == (2, 3)


# --------------------------------------------------------------------------- consumers


def test_array_api_compat_helpers() -> None:
    compat = pytest.importorskip("array_api_compat")
    x = xnp.arange(6.0).reshape(2, 3)
    assert compat.array_namespace(x) is xnp
    assert compat.array_namespace(x, xnp.ones(2)) is xnp
    assert compat.is_array_api_obj(x)
    assert compat.device(x) == x.device == xnp.devices()[0]
    assert compat.size(x) == 6
    assert onp.array_equal(compat.to_device(x, compat.device(x)), x)

    def f(a: object) -> object:
        xp = compat.array_namespace(a)
        assert xp is xnp and compat.device(a) == xnp.devices()[0] and compat.size(a) == 6
        return xp.sum(a)

    assert float(xnp.jit(f)(x)) == 15.0
