"""The timer shared by the benchmark scripts."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable


def timeit(fn: Callable[[], object], min_time: float = 0.3, repeat: int = 5) -> float:
    """Median seconds per call over ``repeat`` batches, each running at least
    ``min_time / repeat`` seconds (after two warm-up calls, which compile)."""
    fn()
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= min_time / repeat or n > 1_000_000:
            break
        n *= 4
    samples = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t0) / n)
    return statistics.median(samples)
