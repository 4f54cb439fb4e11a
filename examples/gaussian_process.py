"""Gaussian-process regression with hyperparameters tuned by gradient descent on the
negative log marginal likelihood, differentiated through ``xnp.linalg.cholesky`` and
``xnp.linalg.solve`` (jitted, with Adam from ``xnp.example_libraries.optimizers``).

Run:  python examples/gaussian_process.py [--quick]
"""

import argparse
import math

import numpy as onp

import xnp
from xnp.example_libraries import optimizers


def rbf_kernel(params, a, b):
    log_amp, log_length, _ = params
    d2 = (a[:, None] - b[None, :]) ** 2
    return xnp.exp(2 * log_amp) * xnp.exp(-0.5 * d2 / xnp.exp(2 * log_length))


def neg_log_marginal_likelihood(params, x, y):
    n = x.shape[0]
    K = rbf_kernel(params, x, x) + (xnp.exp(2 * params[2]) + 1e-8) * xnp.eye(n)
    L = xnp.linalg.cholesky(K)
    alpha = xnp.linalg.solve(K, y)
    return (
        0.5 * y @ alpha + xnp.sum(xnp.log(xnp.linalg.diagonal(L))) + 0.5 * n * math.log(2 * math.pi)
    )


def predict(params, x, y, x_new):
    n = x.shape[0]
    K = rbf_kernel(params, x, x) + (xnp.exp(2 * params[2]) + 1e-8) * xnp.eye(n)
    k_star = rbf_kernel(params, x_new, x)
    mean = k_star @ xnp.linalg.solve(K, y)
    var = xnp.exp(2 * params[0]) - xnp.sum(k_star * xnp.linalg.solve(K, k_star.T).T, axis=1)
    return mean, var


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    n, steps = (30, 40) if args.quick else (80, 300)

    rng = onp.random.default_rng(0)
    x = onp.sort(rng.uniform(-3, 3, n))
    noise = 0.1
    y = onp.sin(2 * x) + noise * rng.standard_normal(n)
    x, y = xnp.asarray(x), xnp.asarray(y)

    opt_init, opt_update, get_params = optimizers.adam(0.05)
    nll = xnp.jit(neg_log_marginal_likelihood)

    @xnp.jit
    def step(i, opt_state):
        params = get_params(opt_state)
        value, g = xnp.value_and_grad(neg_log_marginal_likelihood)(params, x, y)
        return value, opt_update(i, g, opt_state)

    opt_state = opt_init(xnp.array([0.0, 0.0, math.log(0.5)]))
    first = float(nll(get_params(opt_state), x, y))
    for i in range(steps):
        value, opt_state = step(i, opt_state)
    params = get_params(opt_state)
    last = float(nll(params, x, y))
    amp, length, sigma = (float(v) for v in xnp.exp(params))
    x_test = xnp.linspace(-3, 3, 50)
    mean, var = predict(params, x, y, x_test)
    rmse = float(xnp.sqrt(xnp.mean((mean - xnp.sin(2 * x_test)) ** 2)))
    print(f"negative log marginal likelihood {first:.2f} -> {last:.2f} in {steps} steps")
    print(f"amplitude {amp:.3f}, length scale {length:.3f}, noise {sigma:.3f} (true {noise})")
    print(f"posterior mean RMSE against sin(2x): {rmse:.3f}; max posterior std "
          f"{float(xnp.sqrt(xnp.max(var))):.3f}")  # fmt: skip
    assert last < first
    return last, rmse


if __name__ == "__main__":
    main()
