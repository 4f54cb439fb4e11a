"""Printing (array2string, array_repr, array_str, format_float_*, binary_repr, base_repr,
print options honored by xnp's repr), the error-state functions, and file I/O (save/load,
savez/savez_compressed, savetxt/loadtxt, genfromtxt, fromfile, fromstring, fromregex) against
NumPy: the same text, files NumPy reads back, xnp arrays returned, traced-array errors."""

import io

import numpy as onp
import pytest

import xnp
from xnp._src import dtypes

ARRAYS = [
    onp.arange(6.0).reshape(2, 3) / 7,
    onp.array([1, -2, 3], onp.int8),
    onp.array(True),
    onp.zeros((0, 2)),
    onp.array([1 + 2j, onp.nan, onp.inf]),
    onp.float32([1e-8, 1e8]),
    onp.arange(2000),
]


@pytest.mark.parametrize("a", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_array_formatting_matches_numpy(a):
    x = xnp.asarray(a)
    assert xnp.array2string(x) == onp.array2string(a)
    assert xnp.array2string(
        x, precision=2, separator=", ", suppress_small=True
    ) == onp.array2string(a, precision=2, separator=", ", suppress_small=True)
    assert xnp.array_str(x, max_line_width=30) == onp.array_str(a, max_line_width=30)
    assert xnp.array_repr(x) == repr(x)
    assert xnp.array_repr(x, precision=3) == "Array(" + onp.array_repr(a, precision=3)[6:]


def test_print_options_apply_to_xnp_repr():
    x = xnp.asarray(onp.arange(5.0) / 3)
    with xnp.printoptions(precision=2):
        assert repr(x) == "Array(" + onp.array_repr(onp.arange(5.0) / 3)[6:]
        assert "0.33" in repr(x) and "0.333" not in repr(x)
        assert xnp.get_printoptions()["precision"] == 2
    old = xnp.get_printoptions()
    try:
        xnp.set_printoptions(threshold=5, edgeitems=1)
        assert "..." in str(xnp.arange(100))
    finally:
        xnp.set_printoptions(**old)
    assert xnp.get_printoptions() == onp.get_printoptions()
    assert xnp.array_repr(xnp.ones(2, xnp.bfloat16)) == "Array([1, 1], dtype=bfloat16)"


def test_scalar_formatting():
    for v in [onp.float64(1 / 3), onp.float32(0.1), onp.float16(2.5), onp.float64(1e-20), -0.0]:
        for kw in [{}, {"precision": 3}, {"unique": False, "precision": 5}, {"sign": True}]:
            assert xnp.format_float_positional(xnp.asarray(v), **kw) == onp.format_float_positional(
                v, **kw
            )
            assert xnp.format_float_scientific(xnp.asarray(v), **kw) == onp.format_float_scientific(
                v, **kw
            )
    assert xnp.format_float_positional(xnp.asarray(0.5, dtypes.bfloat16)) == "0.5"
    for n, kw in [(5, {}), (-5, {"width": 8}), (0, {}), (2**40, {})]:
        assert xnp.binary_repr(xnp.asarray(n), **kw) == onp.binary_repr(n, **kw)
    for n, kw in [(35, {"base": 36}), (-10, {"base": 3, "padding": 2}), (7, {})]:
        assert xnp.base_repr(xnp.asarray(n), **kw) == onp.base_repr(n, **kw)
    with pytest.raises(TypeError, match="binary_repr"):
        xnp.binary_repr(xnp.asarray(1.5))
    with pytest.raises(TypeError, match="scalar"):
        xnp.format_float_positional(xnp.ones(2))


def test_traced_arrays_cannot_be_formatted_or_written():
    with pytest.raises(TypeError, match="array2string"):
        xnp.jit(lambda x: xnp.array2string(x))(xnp.ones(2))
    with pytest.raises(TypeError, match="save"):
        xnp.jit(lambda x: xnp.save(io.BytesIO(), x))(xnp.ones(2))


def test_error_state_is_numpys_and_xla_is_silent():
    with xnp.errstate(divide="raise"):
        assert xnp.geterr()["divide"] == "raise" == onp.geterr()["divide"]
        r = xnp.asarray([1.0]) / xnp.asarray([0.0])  # XLA: IEEE inf, no exception
        assert onp.isinf(r[0])
        with pytest.raises(FloatingPointError):
            onp.float64(1.0) / onp.float64(0.0)
    old = xnp.seterr(over="ignore")
    try:
        assert xnp.geterr()["over"] == "ignore"
    finally:
        xnp.seterr(**old)


def test_npy_and_npz_round_trips(tmp_path):
    a = onp.arange(12.0).reshape(3, 4)
    b = onp.array([1, 2, 3], onp.int16)
    xnp.save(tmp_path / "a.npy", xnp.asarray(a))
    onp.testing.assert_array_equal(onp.load(tmp_path / "a.npy"), a)
    got = xnp.load(tmp_path / "a.npy")
    assert isinstance(got, xnp.ndarray) and got.dtype == a.dtype
    onp.testing.assert_array_equal(got, a)
    got = xnp.load(tmp_path / "a.npy", mmap_mode="r")
    assert isinstance(got, xnp.ndarray)
    xnp.save(tmp_path / "h.npy", xnp.ones(3, xnp.bfloat16))
    with pytest.raises(TypeError, match="bfloat16"):  # NumPy stores it as raw |V2 bytes
        xnp.load(tmp_path / "h.npy")
    for saver, name in [(xnp.savez, "z.npz"), (xnp.savez_compressed, "c.npz")]:
        saver(tmp_path / name, xnp.asarray(a), b=xnp.asarray(b))
        with onp.load(tmp_path / name) as ref, xnp.load(tmp_path / name) as z:
            assert sorted(z.files) == sorted(ref.files) == ["arr_0", "b"]
            assert "b" in z and len(z) == 2 and sorted(z) == ["arr_0", "b"]
            for k in ref.files:
                assert isinstance(z[k], xnp.ndarray) and z[k].dtype == ref[k].dtype
                onp.testing.assert_array_equal(z[k], ref[k])
    onp.save(tmp_path / "s.npy", onp.array(["a", "b"]))
    with pytest.raises(TypeError, match="numpy instead"):
        xnp.load(tmp_path / "s.npy")
    buf = io.BytesIO()
    xnp.save(buf, [1, 2])
    buf.seek(0)
    onp.testing.assert_array_equal(xnp.load(buf), [1, 2])


def test_text_round_trips(tmp_path):
    a = onp.arange(6.0).reshape(2, 3) / 3
    for kw in [{}, {"fmt": "%.3f", "delimiter": ","}, {"header": "h", "footer": "f"}]:
        xnp.savetxt(tmp_path / "x.txt", xnp.asarray(a), **kw)
        onp.savetxt(tmp_path / "y.txt", a, **kw)
        assert (tmp_path / "x.txt").read_text() == (tmp_path / "y.txt").read_text()
    xnp.savetxt(tmp_path / "x.txt", xnp.asarray(a), delimiter=",")
    for kw in [
        {"delimiter": ","},
        {"delimiter": ",", "dtype": onp.float32},
        {"delimiter": ",", "usecols": (0, 2), "unpack": True},
        {"delimiter": ",", "ndmin": 2},
    ]:
        want = onp.loadtxt(tmp_path / "x.txt", **kw)
        got = xnp.loadtxt(tmp_path / "x.txt", **kw)
        if isinstance(want, onp.ndarray):
            assert isinstance(got, xnp.ndarray) and got.dtype == want.dtype
        onp.testing.assert_allclose(onp.asarray(got), want)
    text = "1,2,,4\n5,,7,8\n"
    for kw in [{"delimiter": ","}, {"delimiter": ",", "filling_values": -1}]:
        want = onp.genfromtxt(io.StringIO(text), **kw)
        got = xnp.genfromtxt(io.StringIO(text), **kw)
        assert got.dtype == want.dtype
        onp.testing.assert_array_equal(onp.asarray(got), want)
    with pytest.raises(TypeError, match="genfromtxt"):
        xnp.genfromtxt(io.StringIO("a,1\nb,2"), delimiter=",", dtype=None, encoding="utf-8")


def test_raw_data_and_regex(tmp_path):
    a = onp.arange(10, dtype=onp.int32)
    a.tofile(tmp_path / "r.bin")
    for kw in [{"dtype": onp.int32}, {"dtype": onp.int32, "count": 4, "offset": 8}]:
        got = xnp.fromfile(tmp_path / "r.bin", **kw)
        want = onp.fromfile(tmp_path / "r.bin", **kw)
        assert isinstance(got, xnp.ndarray) and got.dtype == want.dtype
        onp.testing.assert_array_equal(got, want)
    (tmp_path / "t.txt").write_text("1.5 2.5 3")
    onp.testing.assert_array_equal(xnp.fromfile(tmp_path / "t.txt", sep=" "), [1.5, 2.5, 3.0])
    for s, kw in [
        ("1, 2, 3.5", {"sep": ","}),
        ("4 5 6", {"sep": " ", "dtype": onp.int64, "count": 2}),
    ]:
        got, want = xnp.fromstring(s, **kw), onp.fromstring(s, **kw)
        assert got.dtype == want.dtype
        onp.testing.assert_array_equal(got, want)
    (tmp_path / "re.txt").write_text("x=1 y=22 x=3")
    got = xnp.fromregex(tmp_path / "re.txt", r"=(\d+)", onp.int64)
    want = onp.fromregex(tmp_path / "re.txt", r"=(\d+)", [("n", onp.int64)])["n"]
    onp.testing.assert_array_equal(got, want)
    got = xnp.fromregex(tmp_path / "re.txt", r"=(\d+)", [("n", onp.int64)])
    onp.testing.assert_array_equal(got, want)
    with pytest.raises(TypeError, match="several fields"):
        xnp.fromregex(tmp_path / "re.txt", r"(\w)=(\d+)", [("k", "U1"), ("n", onp.int64)])


def test_ndarray_io_methods(tmp_path):
    import pickle

    a = onp.arange(6, dtype=onp.int32).reshape(2, 3)
    x = xnp.asarray(a)
    assert x.tobytes() == a.tobytes() and x.tobytes("F") == a.tobytes("F")
    x.tofile(tmp_path / "b.bin")
    onp.testing.assert_array_equal(onp.fromfile(tmp_path / "b.bin", onp.int32), a.ravel())
    x.tofile(tmp_path / "t.txt", sep=",")
    a.tofile(tmp_path / "u.txt", sep=",")
    assert (tmp_path / "t.txt").read_text() == (tmp_path / "u.txt").read_text()
    y = pickle.loads(x.dumps())
    assert isinstance(y, xnp.ndarray) and y.dtype == a.dtype
    onp.testing.assert_array_equal(y, a)
    x.dump(tmp_path / "p.pkl")
    with open(tmp_path / "p.pkl", "rb") as f:
        onp.testing.assert_array_equal(pickle.load(f), a)
    for method in ["tobytes", "dumps"]:
        with pytest.raises(TypeError, match=method):
            xnp.jit(lambda v, m=method: getattr(v, m)())(x)
