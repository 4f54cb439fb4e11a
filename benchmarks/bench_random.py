"""Side-by-side timings of xnp.random against jax.random (when importable).

Run: python benchmarks/bench_random.py [--quick]
(with jax: PYTHONPATH=src /path/to/jax-venv/bin/python benchmarks/bench_random.py)

Each row times the same jitted computation in both libraries, in this process, and prints
the ratio xnp/jax (lower is better; 1.10 means xnp takes 10% longer). Both compute the same
bits (threefry2x32, jax's partitionable derivation). Rows:
  normal_10M       jit(normal(key, (10_000_000,), float32))
  split_1000       jit(split(key, 1000))
  uniform_10M_f64  jit(uniform(key, (10_000_000,), float64))
  gamma_100k       jit(gamma(key, 2.5, (100_000,), float32))
  poisson_100k     jit(poisson(key, 3.0, (100_000,)))
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as onp
from timing import timeit

import xnp
import xnp.random as xr

try:
    import jax
    import jax.random as jr

    jax.config.update("jax_enable_x64", True)
except ImportError:  # jax is optional: ratios against it are skipped
    jax = None
    jr = None


def rows(quick: bool) -> list[tuple[str, Callable, Callable | None]]:
    n = 1_000_000 if quick else 10_000_000
    m = 10_000 if quick else 100_000
    xk = xr.key(0)
    out = []

    def both(name: str, xf: Callable, jf: Callable | None) -> None:
        xj = xnp.jit(xf)
        xcall = lambda: xj(xk).block_until_ready()  # noqa: E731
        if jax is None or jf is None:
            out.append((name, xcall, None))
            return
        jk = jr.key(0)
        jj = jax.jit(jf)
        out.append((name, xcall, lambda: jj(jk).block_until_ready()))

    both(f"normal_{n // 10**6}M", lambda k: xr.normal(k, (n,), "float32"),
         jr and (lambda k: jr.normal(k, (n,), "float32")))  # fmt: skip
    both("split_1000", lambda k: xr.key_data(xr.split(k, 1000)),
         jr and (lambda k: jr.key_data(jr.split(k, 1000))))  # fmt: skip
    both(f"uniform_{n // 10**6}M_f64", lambda k: xr.uniform(k, (n,), "float64"),
         jr and (lambda k: jr.uniform(k, (n,), "float64")))  # fmt: skip
    both(f"gamma_{m // 1000}k", lambda k: xr.gamma(k, 2.5, (m,), "float32"),
         jr and (lambda k: jr.gamma(k, 2.5, (m,), "float32")))  # fmt: skip
    both(f"poisson_{m // 1000}k", lambda k: xr.poisson(k, 3.0, (m,)),
         jr and (lambda k: jr.poisson(k, 3.0, (m,))))  # fmt: skip
    return out


def check_same_bits() -> None:
    if jax is None:
        return
    a = onp.asarray(xr.normal(xr.key(0), (1000,), "float32"))
    b = onp.asarray(jr.normal(jr.key(0), (1000,), "float32"))
    assert a.tobytes() == b.tobytes(), "xnp and jax streams differ"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    args = parser.parse_args()
    check_same_bits()
    print(f"{'row':18s} {'xnp':>12s} {'jax':>12s} {'xnp/jax':>8s}")
    for name, xcall, jcall in rows(args.quick):
        tx = timeit(xcall)
        tj = timeit(jcall) if jcall is not None else None
        ratio = f"{tx / tj:8.2f}" if tj else f"{'-':>8s}"
        jtxt = f"{tj * 1e3:10.3f}ms" if tj else f"{'-':>12s}"
        print(f"{name:18s} {tx * 1e3:10.3f}ms {jtxt} {ratio}", flush=True)


if __name__ == "__main__":
    main()
