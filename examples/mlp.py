"""A small MLP trained with jit(grad(loss)) on a synthetic regression problem.

Run: python examples/mlp.py
"""

import xnp as np
from xnp import random


def init(key, sizes):
    params = []
    for k, (m, n) in zip(random.split(key, len(sizes) - 1), zip(sizes[:-1], sizes[1:])):
        params.append((random.normal(k, (m, n)) / np.sqrt(m), np.zeros(n)))
    return params


def predict(params, x):
    for w, b in params[:-1]:
        x = np.tanh(x @ w + b)
    w, b = params[-1]
    return x @ w + b


def loss(params, x, y):
    return np.mean((predict(params, x) - y) ** 2)


@np.jit
def update(params, x, y, lr=0.1):
    grads = np.grad(loss)(params, x, y)
    return [(w - lr * gw, b - lr * gb) for (w, b), (gw, gb) in zip(params, grads)]


def main():
    key = random.key(1)
    k_init, k_x = random.split(key)
    x = random.uniform(k_x, (256, 2), minval=-1.0, maxval=1.0)
    y = np.sin(3.0 * x[:, :1]) * np.cos(2.0 * x[:, 1:])
    params = init(k_init, [2, 32, 32, 1])
    first = float(loss(params, x, y))
    for _ in range(300):
        params = update(params, x, y)
    last = float(loss(params, x, y))
    print(f"MLP loss: {first:.4f} -> {last:.4f}")
    assert last < first


if __name__ == "__main__":
    main()
