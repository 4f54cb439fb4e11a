"""Per-example gradients with vmap(grad(loss)), compiled with jit.

Run: python examples/per_example_grads.py
"""

import numpy as onp

import xnp as np
from xnp import random


def loss(params, x, y):
    w, b = params
    pred = np.tanh(x @ w + b)
    return np.sum((pred - y) ** 2)


def main():
    k1, k2, k3 = random.split(random.key(0), 3)
    params = (random.normal(k1, (4, 2)), np.zeros(2))
    x = random.normal(k2, (8, 4))
    y = random.normal(k3, (8, 2))
    per_example = np.jit(np.vmap(np.grad(loss), in_axes=(None, 0, 0)))
    gw, gb = per_example(params, x, y)
    print("per-example gradient shapes:", gw.shape, gb.shape)
    # The same thing with a Python loop, for comparison.
    loop = [np.grad(loss)(params, x[i], y[i]) for i in range(8)]
    onp.testing.assert_allclose(gw, onp.stack([onp.asarray(g[0]) for g in loop]), rtol=1e-10)
    # The summed per-example gradients are the batch gradient.
    onp.testing.assert_allclose(gw.sum(0), np.grad(loss)(params, x, y)[0], rtol=1e-10)
    print("matches a Python loop, and sums to the batch gradient")


if __name__ == "__main__":
    main()
