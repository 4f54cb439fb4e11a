"""The threefry2x32 counter-based PRNG and typed key arrays.

``threefry2x32`` is Random123's Threefry-2x32 block cipher with 20 rounds, written over lax
``uint32`` operations, so every transformation and every backend gets it for free. A key is a
pair of ``uint32`` words; a typed key array (:class:`KeyArray`) wraps ``uint32[..., 2]`` key
data and has the shape of its leading axes.

The derivations follow jax's default ``threefry2x32`` implementation with
``jax_threefry_partitionable=True`` (jax 0.10.2's default), so streams agree bit for bit:

- ``split(key, shape)``: key ``i`` (row-major index) is ``threefry(key, (hi(i), lo(i)))``,
  the 64-bit counter ``i`` as two words.
- ``fold_in(key, d)``: ``threefry(key, (0, uint32(d)))``.
- ``bits(key, shape)``: ``b1, b2 = threefry(key, (hi(i), lo(i)))`` per element ``i``; 32-bit
  values are ``b1 ^ b2``, 64-bit ones ``b1 << 32 | b2``, 8/16-bit ones ``b1 ^ b2`` truncated.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as onp

from xnp._src import core, dtypes, key_reuse
from xnp._src import tree_util as tu
from xnp._src.api import jit
from xnp._src.array import ndarray
from xnp._src.config import config
from xnp._src.lax import elementwise as lax
from xnp._src.lax import reductions, shapes, slicing
from xnp._src.lax import utils as lax_utils

U32 = onp.dtype(onp.uint32)
UINT_DTYPES = {8: onp.dtype(onp.uint8), 16: onp.dtype(onp.uint16), 32: U32,
               64: onp.dtype(onp.uint64)}  # fmt: skip

# Rotation constants of Threefry-2x32 (Salmon et al., SC'11, table 4), used in groups of 4.
_ROTATIONS = ((13, 15, 26, 6), (17, 29, 16, 24))
_PARITY = 0x1BD11BDA

Key = tuple[Any, Any]  # the two uint32 words of a key (arrays of one shape)


# ----------------------------------------------------------------------------- the hash


def _rotl(x: Any, r: int) -> Any:
    return lax.bitwise_or(lax.shift_left(x, r), lax.shift_right_logical(x, 32 - r))


def threefry2x32(k1: Any, k2: Any, x1: Any, x2: Any) -> tuple[Any, Any]:
    """Threefry-2x32 with 20 rounds: encrypt the counters ``(x1, x2)`` under key ``(k1, k2)``.

    All four operands are ``uint32`` arrays; they broadcast together as NumPy arrays do.
    """
    ops = [lax_utils.asarray(v) for v in (k1, k2, x1, x2)]
    for v in ops:
        if v.dtype != U32:
            raise TypeError(f"threefry2x32 requires uint32 operands, got {v.dtype.name}")
    shape = tuple(onp.broadcast_shapes(*(v.shape for v in ops)))
    k1, k2, x1, x2 = (_broadcast(v, shape) for v in ops)
    ks = (k1, k2, lax.bitwise_xor(lax.bitwise_xor(k1, k2), _PARITY))
    x1 = lax.add(x1, ks[0])
    x2 = lax.add(x2, ks[1])
    for i in range(5):
        for r in _ROTATIONS[i % 2]:
            x1 = lax.add(x1, x2)
            x2 = lax.bitwise_xor(x1, _rotl(x2, r))
        x1 = lax.add(x1, ks[(i + 1) % 3])
        x2 = lax.add(lax.add(x2, ks[(i + 2) % 3]), i + 1)
    return x1, x2


def _broadcast(x: Any, shape: tuple[int, ...]) -> Any:
    if x.shape == shape:
        return x
    return shapes.broadcast_in_dim(x, shape, tuple(range(len(shape) - x.ndim, len(shape))))


def iota_2x32(shape: Sequence[int]) -> tuple[Any, Any]:
    """The row-major index of each element of ``shape`` as (high, low) ``uint32`` words."""
    shape = tuple(shape)
    size = math.prod(shape)
    if size > 2**32:
        raise NotImplementedError(f"random bits for more than 2**32 elements (shape {shape})")
    zeros = lax_utils.full(shape, 0, U32)
    if not shape:
        return zeros, zeros
    return zeros, shapes.reshape(shapes.iota(U32, size), shape)


# ----------------------------------------------------------------------------- key words


def key_words(data: Any) -> Key:
    """Split key data ``uint32[..., 2]`` into its two words, each of the leading shape."""
    data = lax_utils.asarray(data)
    last = data.ndim - 1
    return (slicing.index_in_dim(data, 0, last, keepdims=False),
            slicing.index_in_dim(data, 1, last, keepdims=False))  # fmt: skip


def stack_words(k1: Any, k2: Any) -> Any:
    """Key data ``uint32[..., 2]`` from two words."""
    shape = k1.shape
    dims = tuple(range(len(shape)))
    parts = [shapes.broadcast_in_dim(k, (*shape, 1), dims) for k in (k1, k2)]
    return shapes.concatenate(parts, len(shape))


def split_words(key: Key, num: int) -> list[Key]:
    """``split(key, num)`` as a list of word pairs (keys of any lane shape ``L``)."""
    k1, k2 = key
    if num == 1:
        zero = lax_utils.full(k1.shape, 0, U32)
        return [threefry2x32(k1, k2, zero, zero)]
    # One hash over counts [num, *L], then a row per new key.
    full = (num, *k1.shape)
    lanes = tuple(range(1, len(full)))
    lo = shapes.broadcasted_iota(U32, full, 0)
    b1, b2 = threefry2x32(*(shapes.broadcast_in_dim(k, full, lanes) for k in (k1, k2)),
                          lax_utils.full(full, 0, U32), lo)  # fmt: skip
    return [tuple(slicing.index_in_dim(b, i, 0, keepdims=False) for b in (b1, b2))
            for i in range(num)]  # fmt: skip


def random_bits(key: Key, bit_width: int, shape: Sequence[int]) -> Any:
    """Uniform random unsigned integers of ``bit_width`` bits and ``shape``.

    Keys with a shape ``L`` (one key per lane, as under ``vmap``) give ``L + shape`` values.
    """
    k1, k2 = key
    hi, lo = iota_2x32(shape)
    if k1.shape:
        full = (*k1.shape, *shape)
        lanes = tuple(range(k1.ndim))
        counts = tuple(range(k1.ndim, len(full)))
        k1, k2 = (shapes.broadcast_in_dim(k, full, lanes) for k in (k1, k2))
        hi, lo = (shapes.broadcast_in_dim(c, full, counts) for c in (hi, lo))
    b1, b2 = threefry2x32(k1, k2, hi, lo)
    dtype = UINT_DTYPES[bit_width]
    if bit_width == 64:
        b1 = shapes.convert_element_type(b1, dtype)
        b2 = shapes.convert_element_type(b2, dtype)
        return lax.bitwise_or(lax.shift_left(b1, 32), b2)
    bits = lax.bitwise_xor(b1, b2)
    return bits if bit_width == 32 else shapes.convert_element_type(bits, dtype)


# ----------------------------------------------------------------------------- typed keys


class KeyDType:
    """The dtype of typed PRNG key arrays (``key<fry>``: threefry2x32 keys)."""

    name = "key<fry>"
    impl = "threefry2x32"
    kind = "V"
    itemsize = 8

    def __repr__(self) -> str:
        return self.name

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KeyDType) or other in ("key<fry>", "threefry2x32")

    def __hash__(self) -> int:
        return hash("key<fry>")


key_dtype_fry = KeyDType()


class KeyArray:
    """An array of threefry2x32 PRNG keys: ``uint32[..., 2]`` key data under a key dtype.

    Its ``shape`` is the key data's leading shape, its ``dtype`` is ``key<fry>``. It is a
    pytree with the key data as its one leaf, so it passes through ``jit`` and ``vmap`` (map
    over leading axes only). Use :func:`key_data` for the raw bits.
    """

    # _parent: (root key data, index) for an element taken out by integer indexing while
    # debug_key_reuse is on, so that consuming keys[0] twice is seen as reuse.
    __slots__ = ("_data", "_parent", "__weakref__")
    __array_priority__ = 200

    def __init__(self, data: Any) -> None:
        self._data = data
        self._parent: tuple | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._data.shape[:-1])

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def dtype(self) -> KeyDType:
        return key_dtype_fry

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-d key array")
        return self.shape[0]

    def __iter__(self) -> Any:
        if not self.shape:
            raise TypeError("iteration over a 0-d key array")
        return (self[i] for i in range(self.shape[0]))

    def __getitem__(self, idx: Any) -> KeyArray:
        idx = idx if isinstance(idx, tuple) else (idx,)
        if any(i is Ellipsis for i in idx):
            return KeyArray(self._data[(*idx, slice(None))])
        used = sum(1 for i in idx if i is not None)
        if used > self.ndim:
            raise IndexError(
                f"too many indices for a key array of shape {self.shape}: {len(idx)} given"
            )
        out = KeyArray(self._data[idx])
        if config.debug_key_reuse and all(
            isinstance(i, int | onp.integer) and not isinstance(i, bool) for i in idx
        ):
            path = tuple(int(i) % d for i, d in zip(idx, self.shape))
            if self._parent is not None:
                out._parent = (self._parent[0], self._parent[1] + path)
            else:
                out._parent = (self._data, path)
            key_reuse.note_parent(out._data, out._parent)  # for jit, which sees only data
        return out

    def reshape(self, *shape: Any) -> KeyArray:
        if len(shape) == 1 and not isinstance(shape[0], int | onp.integer):
            shape = tuple(shape[0])
        shape = tuple(int(operator.index(d)) for d in shape)
        if -1 in shape:
            known = math.prod(d for d in shape if d != -1)
            shape = tuple(self.size // max(known, 1) if d == -1 else d for d in shape)
        return KeyArray(shapes.reshape(self._data, (*shape, 2)))

    def ravel(self) -> KeyArray:
        return self.reshape((self.size,))

    flatten = ravel

    def squeeze(self, axis: Any = None) -> KeyArray:
        if axis is None:
            axis = tuple(i for i, d in enumerate(self.shape) if d == 1)
        axis = (axis,) if isinstance(axis, int) else tuple(axis)
        return KeyArray(shapes.squeeze(self._data, [a % self.ndim for a in axis]))

    @property
    def T(self) -> KeyArray:  # noqa: N802
        perm = (*reversed(range(self.ndim)), self.ndim)
        return KeyArray(shapes.transpose(self._data, perm))

    def copy(self) -> KeyArray:
        return KeyArray(self._data)

    def block_until_ready(self) -> KeyArray:
        if hasattr(self._data, "block_until_ready"):
            self._data.block_until_ready()
        return self

    def __eq__(self, other: object) -> Any:  # type: ignore[override]
        if not isinstance(other, KeyArray):
            return NotImplemented
        return reductions.reduce_and(lax.eq(*_same_shape(self._data, other._data)),
                                     (self.ndim,))  # fmt: skip

    def __ne__(self, other: object) -> Any:  # type: ignore[override]
        if not isinstance(other, KeyArray):
            return NotImplemented
        return reductions.reduce_or(lax.ne(*_same_shape(self._data, other._data)),
                                    (self.ndim,))  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    def __bool__(self) -> bool:
        raise TypeError("a key array cannot be converted to a boolean")

    def __array__(self, dtype: Any = None, copy: Any = None) -> onp.ndarray:
        raise TypeError(
            "a PRNG key array cannot be converted to a NumPy array; use "
            "xnp.random.key_data(keys) for its uint32 key data"
        )

    def __repr__(self) -> str:
        if isinstance(self._data, core.Tracer):
            return f"Traced<{self.dtype}[{','.join(map(str, self.shape))}]>"
        if type(self._data) is not ndarray:  # e.g. a ShapeDtypeStruct from eval_shape
            return f"KeyArray(shape={self.shape}, dtype={self.dtype})"
        return f"Array({self.shape}, dtype={self.dtype}) overlaying:\n{self._data}"

    def __str__(self) -> str:
        return repr(self)


def _same_shape(a: Any, b: Any) -> tuple[Any, Any]:
    if a.shape != b.shape:
        raise ValueError(f"cannot compare key arrays of shapes {a.shape[:-1]} and {b.shape[:-1]}")
    return a, b


tu.register_pytree_node(KeyArray, lambda k: ((k._data,), None), lambda _, c: KeyArray(c[0]))


def is_key(x: Any) -> bool:
    """Whether ``x`` is a typed key array or raw key data (``uint32[..., 2]`` array)."""
    if isinstance(x, KeyArray):
        return True
    if isinstance(x, ndarray | core.Tracer | onp.ndarray):
        return x.dtype == U32 and x.shape[-1:] == (2,)
    return False


def check_key(
    name: str, key: Any, allow_batched: bool = False, consumes: bool = True
) -> tuple[Any, bool]:
    """(key data ``uint32[..., 2]``, whether ``key`` was raw) or a clear error.

    ``consumes``: ``name`` uses the key up (samplers, split, fold_in); with
    ``debug_key_reuse`` on, a second consumption raises ``KeyReuseError``.
    """
    parent = None
    if isinstance(key, KeyArray):
        data, raw, parent = key._data, False, key._parent
    elif isinstance(key, ndarray | core.Tracer | onp.ndarray):
        if key.dtype != U32 or key.shape[-1:] != (2,):
            raise TypeError(
                f"{name}: expected a PRNG key (from xnp.random.key or xnp.random.PRNGKey, or "
                f"raw uint32[..., 2] key data); got an array of dtype {key.dtype} and shape "
                f"{key.shape}"
            )
        data, raw = lax_utils.asarray(key), True
    else:
        raise TypeError(
            f"{name}: expected a PRNG key (from xnp.random.key or xnp.random.PRNGKey); got "
            f"{type(key).__name__} {_short(key)}"
        )
    if not allow_batched and data.ndim > 1:
        raise ValueError(
            f"{name} accepts a single key, but was given a key array of shape "
            f"{tuple(data.shape[:-1])} != (). Use xnp.vmap for batching."
        )
    if consumes and config.debug_key_reuse:
        key_reuse.consume(name, key if raw else data, parent)
    return data, raw


def _short(x: Any) -> str:
    r = repr(x)
    return r if len(r) < 60 else r[:57] + "..."


def _wrap(data: Any, raw: bool, how: str) -> Any:
    if config.debug_key_reuse:
        key_reuse.made(data, how)
    return data if raw else KeyArray(data)


# ----------------------------------------------------------------------------- seeding


def _seed_array(seed: Any, name: str) -> Any:
    if isinstance(seed, KeyArray):
        raise TypeError(f"{name} accepts a scalar seed, but was given a PRNG key")
    if isinstance(seed, bool | onp.bool_):
        raise TypeError(f"{name}: a PRNG seed must be an integer; got {seed!r}")
    if isinstance(seed, int):
        # Like jax: Python ints are taken as int64 (then canonicalized: int32 without x64).
        try:
            seed = onp.int64(seed)
        except OverflowError:
            raise OverflowError(
                f"{name}: seed {seed} is out of the int64 range (jax raises here too)"
            ) from None
    if isinstance(seed, ndarray | core.Tracer):
        arr = seed
    else:
        arr = onp.asarray(seed)
        if dtypes.kind(arr.dtype) not in "iu":
            raise TypeError(f"{name}: a PRNG seed must be an integer; got {seed!r}")
        arr = ndarray.from_host(arr)
    if arr.ndim:
        raise TypeError(
            f"{name} accepts a scalar seed, but was given an array of shape {arr.shape} != (). "
            "Use xnp.vmap for batching"
        )
    if dtypes.kind(arr.dtype) not in "iu":
        raise TypeError(f"{name}: a PRNG seed must be an integer; got dtype {arr.dtype}")
    return arr


@jit
def _seed_words(seed: Any) -> Any:
    # Key data is the seed's 64 bits (high word first); narrower seeds are sign- or zero-
    # extended to 32 bits and get a zero high word.
    if seed.dtype.itemsize == 8:
        hi = shapes.convert_element_type(lax.shift_right_logical(seed, 32), U32)
        lo = shapes.convert_element_type(lax.bitwise_and(seed, 0xFFFFFFFF), U32)
    else:
        hi = lax_utils.full((), 0, U32)
        lo = shapes.convert_element_type(seed, U32)
    return stack_words(hi, lo)


def key(seed: Any, *, impl: Any = None) -> KeyArray:
    """A typed PRNG key (a 0-d key array of dtype ``key<fry>``) from an integer seed.

    Any integer is accepted as jax does: Python ints in the int64 range (negative ones
    included; with 64-bit mode off they wrap to int32 first) and NumPy integers of every width.
    """
    _check_impl(impl)
    return _wrap(_seed_words(_seed_array(seed, "key")), False, "key")


def PRNGKey(seed: Any, *, impl: Any = None) -> Any:  # noqa: N802
    """A raw PRNG key: ``uint32[2]`` key data (the legacy form of :func:`key`)."""
    _check_impl(impl)
    return _wrap(_seed_words(_seed_array(seed, "PRNGKey")), True, "PRNGKey")


def _check_impl(impl: Any) -> None:
    if impl is not None and impl not in ("threefry2x32", key_dtype_fry):
        raise ValueError(f"unsupported PRNG implementation {impl!r}: xnp has 'threefry2x32'")


def key_dtype(impl: Any = None) -> KeyDType:
    """The key dtype of a PRNG implementation (only ``threefry2x32``)."""
    _check_impl(impl)
    return key_dtype_fry


def key_impl(keys: Any) -> str:
    check_key("key_impl", keys, allow_batched=True, consumes=False)
    return "threefry2x32"


def key_data(keys: Any) -> Any:
    """The ``uint32[..., 2]`` key data under a key array (raw key data passes through)."""
    data, _ = check_key("key_data", keys, allow_batched=True, consumes=False)
    return data


def wrap_key_data(key_bits_array: Any, *, impl: Any = None) -> KeyArray:
    """A typed key array over ``uint32[..., 2]`` key data."""
    _check_impl(impl)
    if isinstance(key_bits_array, KeyArray):
        raise TypeError("wrap_key_data: expected uint32 key data, got a key array")
    data = key_bits_array
    if not isinstance(data, ndarray | core.Tracer):
        data = lax_utils.asarray(onp.asarray(data))
    if data.dtype != U32 or data.shape[-1:] != (2,):
        raise TypeError(
            "wrap_key_data: key data must be a uint32 array with trailing dimension 2; got "
            f"dtype {data.dtype} and shape {data.shape}"
        )
    return KeyArray(data)


def clone(key: Any) -> Any:
    """The same key, for deliberate reuse: with ``debug_key_reuse`` on it is a new key object
    whose consumption is tracked apart from ``key``'s (otherwise ``key`` itself)."""
    data, raw = check_key("clone", key, allow_batched=True, consumes=False)
    if not config.debug_key_reuse:
        return key
    return _wrap(lax.bitwise_or(data, lax_utils.full(data.shape, 0, U32)), raw, "clone")


# ----------------------------------------------------------------------------- split, fold_in


def _num_shape(num: Any) -> tuple[int, ...]:
    if isinstance(num, Sequence):
        shape = tuple(operator.index(d) for d in num)
    else:
        shape = (operator.index(num),)
    if any(d < 0 for d in shape):
        raise ValueError(f"split: the number of keys must be non-negative, got {num}")
    return shape


@jit(static_argnums=(1,))
def _split(data: Any, shape: tuple[int, ...]) -> Any:
    k1, k2 = key_words(data)
    hi, lo = iota_2x32(shape)
    return stack_words(*threefry2x32(k1, k2, hi, lo))


def split(key: Any, num: int | Sequence[int] = 2) -> Any:
    """Split a key into ``num`` new keys (or an array of keys of shape ``num``)."""
    data, raw = check_key("split", key)
    return _wrap(_split(data, _num_shape(num)), raw, "split")


@jit
def _fold_in(data: Any, msg: Any) -> Any:
    k1, k2 = key_words(data)
    zero = lax_utils.full((), 0, U32)
    return stack_words(*threefry2x32(k1, k2, zero, msg))


def _as_u32(x: Any, name: str) -> Any:
    if isinstance(x, int) and not isinstance(x, bool):
        if not 0 <= x < 2**32:
            raise OverflowError(f"{name}: Python integer {x} out of bounds for uint32")
        return onp.uint32(x)
    if isinstance(x, ndarray | core.Tracer):
        return x if x.dtype == U32 else shapes.convert_element_type(x, U32)
    arr = onp.asarray(x)
    if dtypes.kind(arr.dtype) not in "iufb":
        raise TypeError(f"{name}: data must be an integer, got {x!r}")
    with onp.errstate(invalid="ignore", over="ignore"):
        return arr.astype(U32)


def fold_in(key: Any, data: Any) -> Any:
    """A new key that is a deterministic function of ``key`` and 32-bit integer ``data``."""
    kdata, raw = check_key("fold_in", key)
    if onp.ndim(data) if not isinstance(data, ndarray | core.Tracer) else data.ndim:
        raise TypeError(
            f"fold_in accepts a scalar, but was given an array of shape {onp.shape(data)} != ()."
            " Use xnp.vmap for batching."
        )
    return _wrap(_fold_in(kdata, _as_u32(data, "fold_in")), raw, "fold_in")


@jit(static_argnums=(1, 2))
def _bits(data: Any, bit_width: int, shape: tuple[int, ...]) -> Any:
    return random_bits(key_words(data), bit_width, shape)


canonical_shape = lax_utils.canonical_shape


def bits(key: Any, shape: Sequence[int] = (), dtype: Any = None) -> Any:
    """Uniform random bits as unsigned integers (default ``uint64``, ``uint32`` without x64)."""
    data, _ = check_key("bits", key)
    if dtype is None:
        dtype = onp.dtype(onp.uint64 if config.enable_x64 else onp.uint32)
    dtype = dtypes.canonicalize_dtype(dtypes.to_dtype(dtype))
    if dtypes.kind(dtype) != "u":
        raise ValueError(f"dtype argument to `bits` must be an unsigned int dtype, got {dtype}")
    return _bits(data, dtype.itemsize * 8, canonical_shape("bits", shape))
