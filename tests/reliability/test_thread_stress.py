"""16 threads hammering jit, eager ops, grad, vmap and random at once; every result checked."""

from __future__ import annotations

import threading
import time

import numpy as onp

import xnp
from xnp import random

from .settings import pick

SECONDS = pick(4, 60)
THREADS = 16


def _work(i: int, deadline: float, counts: list[int], errors: list[BaseException]) -> None:
    rng = onp.random.default_rng(i)
    shared = _SHARED
    n = 0
    try:
        while n < 3 or time.monotonic() < deadline:
            size = int(rng.integers(1, 6))
            x_np = rng.standard_normal(size)
            x = xnp.asarray(x_np)
            k = float(i + 1)
            kind = n % 5
            if kind == 0:  # a fresh jitted closure and a shared jitted function
                got = xnp.jit(lambda a, k=k: a * k + 1.0)(x)
                onp.testing.assert_allclose(onp.asarray(got), x_np * k + 1.0, rtol=1e-12)
                got = shared(x)
                onp.testing.assert_allclose(onp.asarray(got), onp.tanh(x_np) * 2, rtol=1e-12)
            elif kind == 1:  # eager chains
                got = xnp.exp(xnp.sin(x)) - x * k
                onp.testing.assert_allclose(onp.asarray(got), onp.exp(onp.sin(x_np)) - x_np * k,
                                            rtol=1e-12)  # fmt: skip
            elif kind == 2:  # grad
                got = xnp.grad(lambda a, k=k: (xnp.sin(a) * k).sum())(x)
                onp.testing.assert_allclose(onp.asarray(got), onp.cos(x_np) * k, rtol=1e-12)
            elif kind == 3:  # vmap of grad under jit
                m = xnp.asarray(onp.outer(x_np, onp.ones(3)))
                got = xnp.jit(xnp.vmap(xnp.grad(lambda r: (r * r).sum())))(m)
                onp.testing.assert_allclose(onp.asarray(got), 2 * onp.asarray(m), rtol=1e-12)
            else:  # random: the same key gives the same numbers in every thread
                got = onp.asarray(random.normal(random.key(1234), (4,)))
                onp.testing.assert_array_equal(got, _REFERENCE)
            n += 1
    except BaseException as e:  # noqa: BLE001 - reported by the test
        errors.append(e)
    counts[i] = n


_SHARED = xnp.jit(lambda a: xnp.tanh(a) * 2)
_REFERENCE = onp.asarray(random.normal(random.key(1234), (4,)))


def test_sixteen_threads():
    counts = [0] * THREADS
    errors: list[BaseException] = []
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=_work, args=(i, deadline, counts, errors)) for i in range(THREADS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=SECONDS + 600)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert errors == []
    assert all(c >= 3 for c in counts)
    print(f"{THREADS} threads, {sum(counts)} checked operations in {SECONDS} s")
