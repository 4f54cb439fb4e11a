"""Sorting benchmarks: xnp against NumPy and jax (when importable), side by side.

Run: python benchmarks/bench_sorting.py [--quick]   (--quick: 1e6 elements only)

Rows (float32 random values, jitted in xnp and jax): sort, argsort, cumsum at 1e6 and 1e7
elements. Prints seconds per call and xnp/NumPy, xnp/jax (lower is better). unique and
searchsorted are skipped while xnp lacks them.
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


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    sizes = [10**6] if p.parse_args().quick else [10**6, 10**7]
    print(f"{'row':<22}{'xnp s':>11}{'numpy s':>11}{'jax s':>11}{'xnp/np':>9}{'xnp/jax':>9}")
    for n in sizes:
        x = onp.random.default_rng(0).standard_normal(n).astype(onp.float32)
        xx = xnp.asarray(x)
        jx = jnp.asarray(x) if jnp is not None else None
        for op in OPS:
            if not hasattr(xnp, op):
                print(f"{op + f' 1e{len(str(n)) - 1}':<22}  (not in xnp yet)")
                continue
            xf = xnp.jit(getattr(xnp, op))
            t_x = timeit(lambda xf=xf, xx=xx: xf(xx).block_until_ready())
            t_n = timeit(lambda op=op, x=x: getattr(onp, op)(x))
            t_j = None
            if jnp is not None:
                jf = jax.jit(getattr(jnp, op))
                t_j = timeit(lambda jf=jf, jx=jx: jf(jx).block_until_ready())
            j = f"{t_j:11.4f}{t_x / t_j:>18.2f}" if t_j else ""
            name = f"{op} 1e{len(str(n)) - 1}"
            print(f"{name:<22}{t_x:11.4f}{t_n:11.4f}{j[:11]}{t_x / t_n:9.2f}{j[11:].strip():>9}")


if __name__ == "__main__":
    main()
