"""Side-by-side timings of linear algebra and FFTs: xnp against NumPy/SciPy and jax.

Run: python benchmarks/bench_linalg.py [--quick]

Each row times the same jitted computation (float64, eager NumPy/SciPy) and prints the ratios
xnp/NumPy and xnp/jax (lower is better). Rows (the issue's table): solve, inv, svd, eigh, eig,
qr, cholesky at n = 100, 500 and 2000, batched 1000 x 8x8 solve and inv, fft/rfft of 2^20
and 2^22 points, fft2 of 2048x2048 complex128, plus scipy.linalg rows (expm, sqrtm,
solve_sylvester at n = 100) and einsum/tensordot contractions. ``--quick``: n = 100, 2^20
and fft2 1024 only; ``--sizes 100,500`` picks the matrix sizes; ``--only expm,fft2`` runs the
rows whose names start with those prefixes.
"""

from __future__ import annotations

import argparse
import sys

import numpy as onp
import scipy.linalg as sla
from timing import timeit

import xnp
import xnp.scipy.linalg

try:
    import jax
    import jax.numpy as jnp
    import jax.scipy.linalg

    jax.config.update("jax_enable_x64", True)
except ImportError:  # jax is optional: ratios against it are skipped
    jax = None
    jnp = None


def _ready(x: object) -> object:
    for leaf in xnp.tree_util.tree_leaves(x):
        if hasattr(leaf, "block_until_ready"):
            leaf.block_until_ready()
    return x


ONLY: tuple[str, ...] = ()


def row(name: str, f_x, f_n, f_j, args, min_time: float) -> None:  # noqa: ANN001
    if ONLY and not name.startswith(ONLY):
        return
    jx = xnp.jit(f_x)
    xargs = [xnp.asarray(a) for a in args]
    t_x = timeit(lambda: _ready(jx(*xargs)), min_time)
    t_n = timeit(lambda: f_n(*args), min_time)
    t_j = None
    if jax is not None and f_j is not None:
        jj = jax.jit(f_j)
        jargs = [jnp.asarray(a) for a in args]
        t_j = timeit(lambda: jax.block_until_ready(jj(*jargs)), min_time)
    r_j = f"{t_x / t_j:7.2f}" if t_j else "    n/a"
    tj = f"{t_j * 1e3:10.3f}" if t_j else "       n/a"
    print(f"{name:22s} {t_x * 1e3:10.3f} {t_n * 1e3:10.3f} {tj}   {t_x / t_n:7.2f}   {r_j}",
          flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default=None, help="comma-separated matrix sizes")
    parser.add_argument("--only", default="", help="comma-separated row-name prefixes")
    opts = parser.parse_args()
    global ONLY
    ONLY = tuple(p for p in opts.only.split(",") if p)
    min_time = 0.2 if opts.quick else 0.5
    rng = onp.random.default_rng(0)
    print(f"{'row':22s} {'xnp ms':>10s} {'numpy ms':>10s} {'jax ms':>10s}   {'x/np':>7s}   "
          f"{'x/jax':>7s}")  # fmt: skip
    jl = jnp.linalg if jnp is not None else None
    sizes = (100,) if opts.quick else (100, 500, 2000)
    if opts.sizes:
        sizes = tuple(int(v) for v in opts.sizes.split(","))
    for n in sizes:
        a = rng.standard_normal((n, n))
        spd = a @ a.T + n * onp.eye(n)
        b = rng.standard_normal((n, 1))
        row(f"solve n={n}", xnp.linalg.solve, onp.linalg.solve,
            jl and jl.solve, [a, b], min_time)  # fmt: skip
        row(f"inv n={n}", xnp.linalg.inv, onp.linalg.inv, jl and jl.inv, [a], min_time)
        row(f"svd n={n}", xnp.linalg.svd, onp.linalg.svd, jl and jl.svd, [a], min_time)
        row(f"eigh n={n}", xnp.linalg.eigh, onp.linalg.eigh, jl and jl.eigh, [spd], min_time)
        row(f"eig n={n}", xnp.linalg.eig, onp.linalg.eig, jl and jl.eig, [a], min_time)
        row(f"qr n={n}", xnp.linalg.qr, onp.linalg.qr, jl and jl.qr, [a], min_time)
        row(f"cholesky n={n}", xnp.linalg.cholesky, sla.cholesky,
            jl and jl.cholesky, [spd], min_time)  # fmt: skip
    a8 = rng.standard_normal((1000, 8, 8))
    b8 = rng.standard_normal((1000, 8, 1))
    row("solve 1000x8x8", xnp.linalg.solve, onp.linalg.solve, jl and jl.solve, [a8, b8],
        min_time)  # fmt: skip
    row("inv 1000x8x8", xnp.linalg.inv, onp.linalg.inv, jl and jl.inv, [a8], min_time)
    jf = jnp.fft if jnp is not None else None
    for p in (20,) if opts.quick else (20, 22):
        x = rng.standard_normal(2**p)
        xc = x + 1j * rng.standard_normal(2**p)
        row(f"fft 2^{p} c128", xnp.fft.fft, onp.fft.fft, jf and jf.fft, [xc], min_time)
        row(f"rfft 2^{p} f64", xnp.fft.rfft, onp.fft.rfft, jf and jf.rfft, [x], min_time)
    side = 1024 if opts.quick else 2048
    m = rng.standard_normal((side, side)) + 0j
    row(f"fft2 {side}^2 c128", xnp.fft.fft2, onp.fft.fft2, jf and jf.fft2, [m], min_time)
    a = rng.standard_normal((100, 100)) / 10
    spd = a @ a.T + onp.eye(100)
    b = rng.standard_normal((100, 100))
    jsl = jax.scipy.linalg if jax is not None else None
    xsl = xnp.scipy.linalg
    row("expm n=100", xsl.expm, sla.expm, jsl and jsl.expm, [a], min_time)
    row("sqrtm n=100", xsl.sqrtm, sla.sqrtm, jsl and jsl.sqrtm, [spd], min_time)
    row("solve_sylvester n=100", xsl.solve_sylvester, sla.solve_sylvester,
        jsl and getattr(jsl, "solve_sylvester", None), [a, spd, b], min_time)  # fmt: skip
    t = rng.standard_normal((64, 64, 64))
    w = rng.standard_normal((64, 64))
    row("einsum ijk,kl,jl->il", lambda x, y: xnp.einsum("ijk,kl,jl->il", x, y, y, optimize=True),
        lambda x, y: onp.einsum("ijk,kl,jl->il", x, y, y, optimize=True),
        jnp and (lambda x, y: jnp.einsum("ijk,kl,jl->il", x, y, y)), [t, w], min_time)
    row("tensordot 64^3 x 64^2", lambda x, y: xnp.tensordot(x, y, 1),
        lambda x, y: onp.tensordot(x, y, 1), jnp and (lambda x, y: jnp.tensordot(x, y, 1)),
        [t, w], min_time)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
