"""Statistics benchmarks: xnp against NumPy and jax (when importable), side by side.

Run: python benchmarks/bench_statistics.py [--quick]   (--quick: 1e6 elements only)

Rows (float64 normal values, jitted in xnp and jax): histogram with 100 equal bins and with
100 explicit edges, bincount, median, percentile (three q), interp on a 1,000-point table, at
1e6 and 1e7 elements. Prints seconds per call and xnp/NumPy, xnp/jax (lower is better).
"""

from __future__ import annotations

import argparse

import numpy as onp
from timing import timeit

import xnp

try:
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
except ImportError:  # jax is optional: ratios against it are skipped
    jax = None
    jnp = None

EDGES = onp.linspace(-4, 4, 101)
XP = onp.linspace(-5, 5, 1000)
FP = onp.sin(XP)


def rows(ns):  # (name, function of the namespace, data maker)
    return [
        ("histogram 100 bins", lambda m, x: m.histogram(x, 100)[0], "x"),
        ("histogram edges", lambda m, x: m.histogram(x, ns.asarray(EDGES))[0], "x"),
        ("bincount", lambda m, k: m.bincount(k, length=1000) if m is not onp else
         onp.bincount(k, minlength=1000), "k"),
        ("median", lambda m, x: m.median(x), "x"),
        ("percentile", lambda m, x: m.percentile(x, ns.asarray([5.0, 50.0, 95.0])), "x"),
        ("interp", lambda m, x: m.interp(x, ns.asarray(XP), ns.asarray(FP)), "x"),
    ]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    sizes = [10**6] if p.parse_args().quick else [10**6, 10**7]
    print(f"{'row':<26}{'xnp s':>11}{'numpy s':>11}{'jax s':>11}{'xnp/np':>9}{'xnp/jax':>9}")
    for n in sizes:
        rng = onp.random.default_rng(0)
        data = {"x": rng.standard_normal(n), "k": rng.integers(0, 1000, n)}
        for (name, fn, kind), (_, jfn, _) in zip(rows(xnp), rows(jnp) if jnp else rows(xnp),
                                                  strict=True):  # fmt: skip
            h = data[kind]
            xx = xnp.asarray(h)
            xf = xnp.jit(lambda v, fn=fn: fn(xnp, v))
            t_x = timeit(lambda xf=xf, xx=xx: xnp.block_until_ready(xf(xx)))
            t_n = timeit(lambda fn=fn, h=h: fn(onp, h)) if name != "bincount" else timeit(
                lambda h=h: onp.bincount(h, minlength=1000))  # fmt: skip
            j = ""
            if jnp is not None:
                jf = jax.jit(lambda v, jfn=jfn: jfn(jnp, v))
                jx = jnp.asarray(h)
                t_j = timeit(lambda jf=jf, jx=jx: jax.block_until_ready(jf(jx)))
                j = f"{t_j:11.4f}{t_x / t_j:>18.2f}"
            label = f"{name} 1e{len(str(n)) - 1}"
            print(f"{label:<26}{t_x:11.4f}{t_n:11.4f}{j[:11]}{t_x / t_n:9.2f}{j[11:].strip():>9}")


if __name__ == "__main__":
    main()
