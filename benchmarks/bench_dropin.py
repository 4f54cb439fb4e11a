"""Drop-in benchmark: unmodified NumPy programs run with NumPy, xnp and jax.numpy.

Run: python benchmarks/bench_dropin.py [--only NAME[,NAME]] [--libs numpy,xnp,jax]

Each program below is ordinary NumPy code written against a module parameter ``np``. For every
(program, library) pair a fresh Python process imports the library, builds the inputs from the
same NumPy data, and times the program twice: the first run (compiles included, with an empty
xnp disk cache) and the second run (caches warm). The driver prints seconds and the ratios
xnp/NumPy and xnp/jax (lower is better), and checks that every library computed the same
result as NumPy.

jax arrays are immutable, so programs that assign into arrays have a jax twin that differs only
by writing ``u = u.at[i].set(v)`` for ``u[i] = v`` (marked ``*`` in the table).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import numpy as onp

# ----------------------------------------------------------------------------- programs


def heat_stencil(np: Any, u0: onp.ndarray) -> Any:
    """1-D heat equation, explicit stencil with slice assignment (2000 points, 400 steps)."""
    u = np.array(u0)
    r = 0.25
    for _ in range(400):
        u[1:-1] = u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def heat_stencil_jax(np: Any, u0: onp.ndarray) -> Any:
    u = np.array(u0)
    r = 0.25
    for _ in range(400):
        u = u.at[1:-1].set(u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2]))
    return u


def element_loop(np: Any, x0: onp.ndarray) -> Any:
    """A recurrence element by element: y[i] = 0.5 * y[i-1] + x[i] (300 steps)."""
    x = np.asarray(x0)
    y = np.zeros_like(x)
    y[0] = x[0]
    for i in range(1, x.shape[0]):
        y[i] = 0.5 * y[i - 1] + x[i]
    return y


def element_loop_jax(np: Any, x0: onp.ndarray) -> Any:
    x = np.asarray(x0)
    y = np.zeros_like(x)
    y = y.at[0].set(x[0])
    for i in range(1, x.shape[0]):
        y = y.at[i].set(0.5 * y[i - 1] + x[i])
    return y


def index_loop(np: Any, x0: onp.ndarray) -> Any:
    """Scalar reads at 200 distinct positions: x[i:i+5].sum() + x[i], summed as Python floats."""
    x = np.asarray(x0)
    total = 0.0
    for i in range(200):
        total += float(x[i : i + 5].sum() + x[i])
    return np.asarray(total)


def kmeans(np: Any, pts: onp.ndarray) -> Any:
    """k-means with boolean masks (2000x2 points, 4 clusters, 8 iterations)."""
    x = np.asarray(pts)
    k = 4
    centers = x[:k].copy()
    for _ in range(8):
        d = ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
        labels = d.argmin(axis=1)
        new = []
        for j in range(k):
            members = x[labels == j]
            new.append(members.mean(axis=0) if len(members) else centers[j])
        centers = np.stack(new)
    return centers


def statistics(np: Any, data: onp.ndarray) -> Any:
    """A statistics script: per-column summaries, z-scores, quantiles, outlier counts."""
    x = np.asarray(data)
    out = []
    for j in range(x.shape[1]):
        col = x[:, j]
        mu = col.mean()
        sd = col.std()
        z = (col - mu) / sd
        q1, med, q3 = np.percentile(col, np.array([25.0, 50.0, 75.0]))
        iqr = q3 - q1
        outliers = ((col < q1 - 1.5 * iqr) | (col > q3 + 1.5 * iqr)).sum()
        top = np.sort(col)[-5:].mean()
        out.append([float(mu), float(sd), float(med), float(iqr), int(outliers), float(top),
                    float(np.abs(z).max())])  # fmt: skip
    cs = np.cumsum(x, axis=0)
    return np.concatenate([np.asarray(out).ravel(), cs[-1]])


def linalg_loop(np: Any, mats: onp.ndarray, rhs: onp.ndarray, big: onp.ndarray) -> Any:
    """100 solve/det of 50x50 systems, then one eigh of a 200x200 symmetric matrix."""
    acc = 0.0
    for i in range(mats.shape[0]):
        a = np.asarray(mats[i])
        b = np.asarray(rhs[i])
        xs = np.linalg.solve(a, b)
        acc += float(np.linalg.det(a / 10.0)) + float(xs.sum())
    b = np.asarray(big)
    w, v = np.linalg.eigh(b + b.T)
    return np.asarray([acc, float(w.sum()), float(np.abs(v).sum())])


def elementwise_chain(np: Any, x0: onp.ndarray) -> Any:
    """sqrt(x**2 + 1) * exp(-abs(x)) + sin(x) on 1000x1000, 5 times."""
    x = np.asarray(x0)
    out = None
    for _ in range(5):
        out = np.sqrt(x**2 + 1) * np.exp(-np.abs(x)) + np.sin(x)
    return out


def _inputs(name: str) -> tuple:
    rs = onp.random.RandomState(0)
    if name == "heat_stencil":
        u = onp.zeros(2000)
        u[900:1100] = 1.0
        return (u,)
    if name == "element_loop":
        return (rs.standard_normal(300),)
    if name == "index_loop":
        return (rs.standard_normal(210),)
    if name == "kmeans":
        centers = rs.standard_normal((4, 2)) * 4
        return (onp.concatenate([c + rs.standard_normal((500, 2)) for c in centers]),)
    if name == "statistics":
        return (rs.standard_normal((4000, 6)) * onp.arange(1, 7) + onp.arange(6),)
    if name == "linalg_loop":
        mats = rs.standard_normal((100, 50, 50)) + 50 * onp.eye(50)
        return mats, rs.standard_normal((100, 50)), rs.standard_normal((200, 200))
    if name == "elementwise_chain":
        return (rs.standard_normal((1000, 1000)),)
    raise KeyError(name)


PROGRAMS: dict[str, tuple[Callable, Callable | None]] = {
    "heat_stencil": (heat_stencil, heat_stencil_jax),
    "element_loop": (element_loop, element_loop_jax),
    "index_loop": (index_loop, None),
    "kmeans": (kmeans, None),
    "statistics": (statistics, None),
    "linalg_loop": (linalg_loop, None),
    "elementwise_chain": (elementwise_chain, None),
}

# ----------------------------------------------------------------------------- one process


def _module(lib: str) -> Any:
    if lib == "numpy":
        return onp
    if lib == "xnp":
        import xnp

        return xnp
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    return jnp


def _worker(name: str, lib: str) -> None:
    t0 = time.perf_counter()
    np = _module(lib)
    t_import = time.perf_counter() - t0
    plain, jax_twin = PROGRAMS[name]
    fn = jax_twin if lib == "jax" and jax_twin is not None else plain
    args = _inputs(name)
    times = []
    value = None
    for _ in range(2):
        t0 = time.perf_counter()
        value = onp.asarray(fn(np, *args))
        times.append(time.perf_counter() - t0)
    print(json.dumps({"import": t_import, "first": times[0], "second": times[1],
                      "value": onp.asarray(value, onp.float64).ravel().tolist()}))  # fmt: skip


def _run(name: str, lib: str, timeout: float) -> dict | None:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    env["JAX_PLATFORMS"] = "cpu"
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    with tempfile.TemporaryDirectory() as cache:
        env["XNP_CACHE_DIR"] = cache  # a cold disk cache: the first run compiles
        try:
            proc = subprocess.run(
                [sys.executable, os.path.abspath(__file__), "--worker", name, lib],
                env=env, capture_output=True, text=True, timeout=timeout,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            print(f"  {name}/{lib}: timed out after {timeout:.0f} s", file=sys.stderr)
            return None
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        print(f"  {name}/{lib}: failed: {tail[0]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt(t: float | None) -> str:
    return f"{t:9.4f}" if t is not None else "      n/a"


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:8.2f}" if a is not None and b else "     n/a"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--worker", nargs=2, metavar=("PROGRAM", "LIB"))
    p.add_argument("--only", default="")
    p.add_argument("--libs", default="numpy,xnp,jax")
    p.add_argument("--timeout", type=float, default=120.0)
    ns = p.parse_args()
    if ns.worker:
        _worker(*ns.worker)
        return
    libs = ns.libs.split(",")
    if "jax" in libs:
        try:
            import jax  # noqa: F401
        except ImportError:
            libs.remove("jax")
    names = ns.only.split(",") if ns.only else list(PROGRAMS)
    print(f"{'program':<20} {'run':<6} {'numpy s':>9} {'xnp s':>9} {'jax s':>9} "
          f"{'xnp/np':>8} {'xnp/jax':>8}  check")  # fmt: skip
    for name in names:
        res = {lib: _run(name, lib, ns.timeout) for lib in libs}
        ref = res.get("numpy")
        checks = []
        for lib in ("xnp", "jax"):
            r = res.get(lib)
            if r is not None and ref is not None:
                ok = onp.allclose(r["value"], ref["value"], rtol=1e-6, atol=1e-8)
                checks.append(f"{lib}:{'ok' if ok else 'DIFFERS'}")
        star = "*" if PROGRAMS[name][1] is not None else ""
        for run in ("first", "second"):
            t = {lib: (res[lib] or {}).get(run) if lib in res else None
                 for lib in ("numpy", "xnp", "jax")}  # fmt: skip
            print(f"{name + (star if run == 'first' else ''):<20} {run:<6} {_fmt(t['numpy'])} "
                  f"{_fmt(t['xnp'])} {_fmt(t['jax'])} {_ratio(t['xnp'], t['numpy'])} "
                  f"{_ratio(t['xnp'], t['jax'])}  {' '.join(checks) if run == 'first' else ''}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
