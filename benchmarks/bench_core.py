"""Side-by-side timings: xnp against NumPy and against jax (when importable).

Run: python benchmarks/bench_core.py [--quick]

Each row times the same computation in each library in this process and prints the ratio
xnp/NumPy and xnp/jax (lower is better; 1.10 means xnp takes 10% longer). Rows:
  jit_elementwise   jitted x*x + x*2.0 on 5000x5000 float32
  jit_dispatch      jitted call of a trivial function on a scalar (dispatch overhead)
  eager_add         eager x + 1 on a 10-element array (op-by-op overhead)
  dot               xnp.dot(x, x.T) on 3000x3000 float32
  mlp_grad          jit(grad(loss)) of the [784, 512, 512, 10] MLP, batch 128, float32
  per_example_grad  jit(vmap(grad(loss))) of the same MLP, batch 128
  scan_rnn_grad     jit(grad(f)) of a 1000-step scan (an RNN cell, hidden 64, float32)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

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


def ready(x: object) -> object:
    for leaf in xnp.tree_util.tree_leaves(x):
        if hasattr(leaf, "block_until_ready"):
            leaf.block_until_ready()
    return x


def jready(x: object) -> object:
    return jax.block_until_ready(x)


ROWS: list[tuple[str, float | None, float | None, float | None]] = []


def row(
    name: str, f_xnp: Callable, f_np: Callable | None, f_jax: Callable | None, min_time: float
) -> None:
    t_x = timeit(f_xnp, min_time)
    t_n = timeit(f_np, min_time) if f_np is not None else None
    t_j = timeit(f_jax, min_time) if f_jax is not None else None
    ROWS.append((name, t_x, t_n, t_j))
    r_n = f"{t_x / t_n:7.2f}" if t_n else "    n/a"
    r_j = f"{t_x / t_j:7.2f}" if t_j else "    n/a"
    fmt = lambda t: f"{t * 1e6:11.1f}" if t is not None else "        n/a"  # noqa: E731
    print(f"{name:18s} {fmt(t_x)} {fmt(t_n)} {fmt(t_j)}   {r_n}   {r_j}", flush=True)


def mlp_params(rng: onp.random.RandomState, sizes: list[int]) -> list:
    return [
        (
            rng.randn(m, n).astype(onp.float32) * onp.float32(1 / onp.sqrt(m)),
            onp.zeros(n, onp.float32),
        )
        for m, n in zip(sizes[:-1], sizes[1:])
    ]


def make_loss(np: object) -> Callable:
    def predict(params: list, x: object) -> object:
        for w, b in params[:-1]:
            x = np.tanh(x @ w + b)
        w, b = params[-1]
        return x @ w + b

    def loss(params: list, x: object, y: object) -> object:
        return np.mean((predict(params, x) - y) ** 2)

    return loss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller problems, shorter timing")
    args = ap.parse_args()
    q = args.quick
    min_time = 0.2 if q else 1.0
    print(
        f"xnp {xnp.__version__}; numpy {onp.__version__}; jax "
        f"{jax.__version__ if jax else 'not installed'}"
    )
    print(
        f"{'row':18s} {'xnp us':>11s} {'numpy us':>11s} {'jax us':>11s}   "
        f"{'x/np':>7s}   {'x/jax':>7s}"
    )
    rng = onp.random.RandomState(0)

    n = 1000 if q else 5000
    a = rng.rand(n, n).astype(onp.float32)
    xa = xnp.asarray(a)
    fx = xnp.jit(lambda x: x * x + x * 2.0)
    fj = jax.jit(lambda x: x * x + x * 2.0) if jax else None
    ja = jnp.asarray(a) if jax else None
    row(
        "jit_elementwise",
        lambda: ready(fx(xa)),
        lambda: a * a + a * onp.float32(2.0),
        (lambda: jready(fj(ja))) if jax else None,
        min_time,
    )

    s = xnp.asarray(onp.float32(1.0))
    gx = xnp.jit(lambda x: x)
    gj = jax.jit(lambda x: x) if jax else None
    js = jnp.asarray(onp.float32(1.0)) if jax else None
    row("jit_dispatch", lambda: gx(s), None, (lambda: gj(js)) if jax else None, min_time)

    v = rng.rand(10).astype(onp.float32)
    xv = xnp.asarray(v)
    jv = jnp.asarray(v) if jax else None
    row("eager_add", lambda: xv + 1, lambda: v + 1, (lambda: jv + 1) if jax else None, min_time)

    m = 600 if q else 3000
    d = rng.rand(m, m).astype(onp.float32)
    xd = xnp.asarray(d)
    jd = jnp.asarray(d) if jax else None
    row(
        "dot",
        lambda: ready(xnp.dot(xd, xd.T)),
        lambda: onp.dot(d, d.T),
        (lambda: jready(jnp.dot(jd, jd.T))) if jax else None,
        min_time,
    )

    sizes = [784, 512, 512, 10]
    params = mlp_params(rng, sizes)
    bx = rng.randn(128, 784).astype(onp.float32)
    by = rng.randn(128, 10).astype(onp.float32)
    xp = xnp.tree_util.tree_map(xnp.asarray, params)
    gx_mlp = xnp.jit(xnp.grad(make_loss(xnp)))
    xbx, xby = xnp.asarray(bx), xnp.asarray(by)
    if jax:
        jp = jax.tree_util.tree_map(jnp.asarray, params)
        gj_mlp = jax.jit(jax.grad(make_loss(jnp)))
        jbx, jby = jnp.asarray(bx), jnp.asarray(by)
    row(
        "mlp_grad",
        lambda: ready(gx_mlp(xp, xbx, xby)),
        None,
        (lambda: jready(gj_mlp(jp, jbx, jby))) if jax else None,
        min_time,
    )

    px = xnp.jit(xnp.vmap(xnp.grad(make_loss(xnp)), in_axes=(None, 0, 0)))
    if jax:
        pj = jax.jit(jax.vmap(jax.grad(make_loss(jnp)), in_axes=(None, 0, 0)))
    row(
        "per_example_grad",
        lambda: ready(px(xp, xbx, xby)),
        None,
        (lambda: jready(pj(jp, jbx, jby))) if jax else None,
        min_time,
    )

    steps, hidden = (200 if q else 1000), 64
    wh = (rng.randn(hidden, hidden) / onp.sqrt(hidden)).astype(onp.float32)
    wx = (rng.randn(8, hidden) / onp.sqrt(8)).astype(onp.float32)
    seq = rng.randn(steps, 8).astype(onp.float32)

    def make_rnn(np: object, lax: object) -> Callable:
        def f(wh: object, wx: object, seq: object) -> object:
            def cell(h: object, x: object) -> tuple:
                h = np.tanh(h @ wh + x @ wx)
                return h, np.sum(h)

            h, ys = lax.scan(cell, np.zeros((hidden,), np.float32), seq)
            return np.sum(ys) + np.sum(h)

        return f

    rx = xnp.jit(xnp.grad(make_rnn(xnp, xnp.lax), argnums=(0, 1)))
    xwh, xwx, xseq = xnp.asarray(wh), xnp.asarray(wx), xnp.asarray(seq)
    if jax:
        rj = jax.jit(jax.grad(make_rnn(jnp, jax.lax), argnums=(0, 1)))
        jwh, jwx, jseq = jnp.asarray(wh), jnp.asarray(wx), jnp.asarray(seq)
    row(
        "scan_rnn_grad",
        lambda: ready(rx(xwh, xwx, xseq)),
        None,
        (lambda: jready(rj(jwh, jwx, jseq))) if jax else None,
        min_time,
    )


if __name__ == "__main__":
    sys.exit(main())
