"""Bounded, thread-safe caches for compiled programs, and ``xnp.clear_caches()``.

Every cache of compiled programs is a :class:`Cache` bounded by the option ``cache_size``
(environment ``XNP_CACHE_SIZE``, default 4096 entries per cache): a long-running process that
keeps making new programs (fresh ``jit(partial(f, cfg))`` closures, eager ops on ever new
shapes) holds at most that many per cache, the oldest going first. A jitted
function's own cache lives on the function, so it dies with it.

A leaf module: it imports only the config.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from xnp._src.config import config

_all: weakref.WeakSet[Cache] = weakref.WeakSet()
_all_lock = threading.Lock()


class Cache(dict):
    """A dict of compiled programs holding at most ``cache_size`` entries.

    Lookups are plain ``dict.get`` (the eager and jit hot paths pay nothing); ``put`` evicts
    the oldest entries beyond the bound, under a lock, so threads may share one cache: two
    threads compiling the same program at once both compile it and one result wins; the cache
    is never corrupted. ``puts`` counts insertions, that is programs compiled for it.
    """

    def __init__(self, name: str, size: int | None = None) -> None:
        super().__init__()
        self.name = name
        self.size = size  # None: follow config.cache_size
        self.puts = 0
        self._lock = threading.Lock()
        with _all_lock:
            _all.add(self)

    def put(self, key: Any, value: Any) -> Any:
        limit = max(self.size if self.size is not None else config.cache_size, 0)
        with self._lock:
            self[key] = value
            self.puts += 1
            while len(self) > limit:
                try:
                    del self[next(iter(self))]
                except (KeyError, StopIteration, RuntimeError):  # raced with clear()
                    break
        return value

    def __repr__(self) -> str:
        return f"<xnp cache {self.name}: {len(self)} entries, {self.puts} compiled>"

    __hash__ = object.__hash__  # identity, for the registry

    def __eq__(self, other: object) -> bool:
        return self is other


def clear_caches() -> None:
    """Drop every compiled program xnp holds in memory (jit, eager and compile caches).

    Functions recompile on their next call; the on-disk compilation cache is kept.
    """
    with _all_lock:
        caches = list(_all)
    for c in caches:
        c.clear()


def cache_info() -> dict[str, dict[str, int]]:
    """Entries held and programs compiled (insertions) per cache, by name; the caches of all
    live jitted functions are summed under ``"jit"``."""
    with _all_lock:
        caches = list(_all)
    out: dict[str, dict[str, int]] = {}
    for c in caches:
        row = out.setdefault(c.name, {"entries": 0, "compiled": 0})
        row["entries"] += len(c)
        row["compiled"] += c.puts
    return out
