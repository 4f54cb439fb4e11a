"""Sorting benchmarks: xnp against NumPy and jax (when importable), side by side.

Run: python benchmarks/bench_sorting.py [--quick]   (--quick: 1e6 elements only)

Rows (float32 random values, jitted in xnp and jax): sort, argsort, unique, searchsorted,
cumsum at 1e6 and 1e7 elements. Prints seconds per call and xnp/NumPy, xnp/jax (lower is
better). unique runs jitted with a static ``size=`` (the number of distinct values) in xnp
and jax; searchsorted looks up every element of x in sort(x).
"""

from __future__ import annotations

import argparse

import numpy as onp
from timing import timeit

import xnp

try:
    import jax
    import jax.numpy as jnp
except ImportError:  # jax is optional: ratios against it are skipped
    jax = None
    jnp = None

OPS = ["sort", "argsort", "unique", "searchsorted", "cumsum"]


def _calls(op: str, x: onp.ndarray) -> tuple:
    """(xnp function, NumPy function, jax function, argument tuple builder) for one row."""
    if op == "unique":
        n = len(onp.unique(x))
        return (lambda a: xnp.unique(a, size=n), onp.unique,
                (lambda a: jnp.unique(a, size=n)) if jnp is not None else None, lambda v: (v,))
    if op == "searchsorted":
        s = onp.sort(x)
        return (xnp.searchsorted, onp.searchsorted, jnp.searchsorted if jnp is not None else None,
                lambda v, s=s: (s, v))
    return (getattr(xnp, op), getattr(onp, op), getattr(jnp, op) if jnp is not None else None,
            lambda v: (v,))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    sizes = [10**6] if p.parse_args().quick else [10**6, 10**7]
    print(f"{'row':<22}{'xnp s':>11}{'numpy s':>11}{'jax s':>11}{'xnp/np':>9}{'xnp/jax':>9}")
    for n in sizes:
        x = onp.random.default_rng(0).standard_normal(n).astype(onp.float32)
        xx = xnp.asarray(x)
        for op in OPS:
            x_fn, n_fn, j_fn, args_of = _calls(op, x)
            xf = xnp.jit(x_fn)
            xa = args_of(xx)
            xa = tuple(xnp.asarray(a) for a in xa)
            t_x = timeit(lambda xf=xf, xa=xa: xf(*xa).block_until_ready())
            na = args_of(x)
            t_n = timeit(lambda n_fn=n_fn, na=na: n_fn(*na))
            t_j = None
            if j_fn is not None:
                jf = jax.jit(j_fn)
                ja = tuple(jnp.asarray(a) for a in args_of(x))
                t_j = timeit(lambda jf=jf, ja=ja: jf(*ja).block_until_ready())
            j = f"{t_j:11.4f}{t_x / t_j:>18.2f}" if t_j else ""
            name = f"{op} 1e{len(str(n)) - 1}"
            print(f"{name:<22}{t_x:11.4f}{t_n:11.4f}{j[:11]}{t_x / t_n:9.2f}{j[11:].strip():>9}")


if __name__ == "__main__":
    main()
