"""Key reuse checking: ``xnp.config.update("debug_key_reuse", True)``.

A PRNG key is meant to be used once: a sampler, ``split`` or ``fold_in`` *consumes* it, and
using it again gives correlated (identical) random numbers. With the option on, every
consumption is recorded against the key data object (or, for a key taken out of a key array
by integer indexing, against its parent and index), and a second consumption raises
:class:`KeyReuseError` naming where the key was made and where it was first used.

The same bookkeeping runs while a function is traced, so a jitted function that uses a key
twice fails when it is traced; and ``jit`` records which key arguments its program consumes,
so calling the compiled function twice with the same typed key is caught too.

Off (the default), samplers pay one option lookup. Records are held weakly: a record dies
with its key data, so ids are never confused.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from xnp._src import core
from xnp._src.config import config


class KeyReuseError(RuntimeError):
    """A PRNG key was consumed twice (``debug_key_reuse`` is on)."""


class _Record:
    __slots__ = ("made", "whole", "parts")

    def __init__(self) -> None:
        self.made: str | None = None  # where the key was made
        self.whole: str | None = None  # where the whole key (array) was consumed
        self.parts: dict[tuple, str] = {}  # index -> where that element was consumed


# id(key data) -> (weak reference to it, record). Arrays are unhashable (== is elementwise),
# so the table is keyed by id and each entry removes itself when its array dies.
_records: dict[int, tuple[weakref.ref, _Record]] = {}
_lock = threading.RLock()


def _drop(ref: weakref.ref, key: int) -> None:
    with _lock:
        entry = _records.get(key)
        if entry is not None and entry[0] is ref:
            del _records[key]


def enabled() -> bool:
    return config.debug_key_reuse


def _get(data: Any) -> _Record | None:
    entry = _records.get(id(data))
    return entry[1] if entry is not None and entry[0]() is data else None


def _record(data: Any) -> _Record:
    rec = _get(data)
    if rec is None:
        key = id(data)
        rec = _Record()
        _records[key] = (weakref.ref(data, lambda r, k=key: _drop(r, k)), rec)
    return rec


def made(data: Any, how: str) -> None:
    """Note where key data ``data`` was made (``how`` is ``'key(0)'``, ``'split'``, ...)."""
    with _lock:
        _record(data).made = f"{how} at {core.user_frame()}"


def _describe(rec: _Record | None, index: tuple | None) -> str:
    what = "the key" if index is None else f"element {index} of the key array"
    origin = rec.made if rec is not None and rec.made else "an unrecorded place"
    return f"{what} made by {origin}"


# id(element key data) -> (weak reference to it, (root data, index)): where a key taken out
# of a key array by integer indexing came from, for consumers that see only the data (a
# jitted function's flattened arguments).
_parents: dict[int, tuple[weakref.ref, tuple]] = {}


def _drop_parent(ref: weakref.ref, key: int) -> None:
    with _lock:
        entry = _parents.get(key)
        if entry is not None and entry[0] is ref:
            del _parents[key]


def note_parent(data: Any, parent: tuple) -> None:
    """Key data ``data`` is element ``parent[1]`` of the key array whose data is ``parent[0]``."""
    with _lock:
        key = id(data)
        _parents[key] = (weakref.ref(data, lambda r, k=key: _drop_parent(r, k)), parent)


def _parent_of(data: Any) -> tuple | None:
    entry = _parents.get(id(data))
    return entry[1] if entry is not None and entry[0]() is data else None


def consume(name: str, data: Any, parent: tuple | None = None) -> None:
    """Record that ``name`` consumed key data ``data`` (or ``parent = (root data, index)``;
    by default the parent :func:`note_parent` recorded for ``data``, if any).

    Raises :class:`KeyReuseError` if it was consumed before.
    """
    if parent is None:
        parent = _parent_of(data)
    root, index = parent if parent is not None else (data, None)
    site = f"{name} at {core.user_frame()}"
    with _lock:
        rec = _record(root)
        if index is None:
            first = rec.whole or next(iter(rec.parts.values()), None)
            if first is None:
                rec.whole = site
                return
        else:
            first = rec.whole or rec.parts.get(index)
            if first is None:
                rec.parts[index] = site
                return
    raise KeyReuseError(
        f"{site}: a PRNG key was used twice ({_describe(rec, index)}); it was first consumed "
        f"by {first}. Split it (xnp.random.split) and use each new key once."
    )


def is_consumed(data: Any) -> bool:
    """Whether key data ``data`` (a whole key array) has been consumed in any part."""
    with _lock:
        rec = _get(data)
        return rec is not None and (rec.whole is not None or bool(rec.parts))


class _LastTrace(threading.local):
    def __init__(self) -> None:
        self.consumed: tuple[int, ...] = ()


_last = _LastTrace()


def last_trace_consumed() -> tuple[int, ...]:
    """The input positions that the last jit trace finished in this thread consumed as keys."""
    return _last.consumed


def watch_inputs(flat_fun: Any) -> Any:
    """Wrap a flat function about to be traced so that, once its trace finishes,
    :func:`last_trace_consumed` lists the inputs it used up as PRNG keys (nested traces
    finish first, so the outermost one is what the caller reads)."""

    def watched(*flat: Any) -> Any:
        out = flat_fun(*flat)
        _last.consumed = tuple(i for i, x in enumerate(flat) if is_consumed(x))
        return out

    return watched


def consume_outer(name: str, outer: Any, inner: Any) -> None:
    """A transformation ran on ``inner`` stand-ins for ``outer`` values: the outer keys whose
    stand-ins were consumed are consumed now (vmap's batched keys, for example)."""
    for o, i in zip(outer, inner, strict=True):
        if i is not o and is_consumed(i):
            consume(name, o)


def reset() -> None:
    """Forget every record (tests, or after deliberately reusing keys)."""
    with _lock:
        _records.clear()
        _parents.clear()
