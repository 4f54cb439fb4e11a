"""An RNN written with lax.scan, trained end to end with jit(grad).

Run: python examples/rnn_scan.py
"""

import xnp as np
from xnp import lax, random

HIDDEN = 16


def rnn(params, xs):
    wh, wx, wo = params

    def cell(h, x):
        h = np.tanh(h @ wh + x @ wx)
        return h, h @ wo

    _, ys = lax.scan(cell, np.zeros(HIDDEN), xs)
    return ys[:, 0]


def loss(params, xs, targets):
    return np.mean((rnn(params, xs) - targets) ** 2)


def main():
    k1, k2, k3 = random.split(random.key(2), 3)
    params = (
        random.normal(k1, (HIDDEN, HIDDEN)) * 0.1,
        random.normal(k2, (1, HIDDEN)),
        random.normal(k3, (HIDDEN, 1)) * 0.1,
    )
    t = np.linspace(0.0, 6.0, 60)
    xs = np.sin(t)[:, None]
    targets = np.cos(t)  # learn to output the derivative of the input signal
    step = np.jit(np.value_and_grad(loss))
    first = None
    for _ in range(200):
        value, grads = step(params, xs, targets)
        first = float(value) if first is None else first
        params = tuple(p - 0.05 * g for p, g in zip(params, grads))
    last = float(loss(params, xs, targets))
    print(f"RNN loss: {first:.4f} -> {last:.4f}")
    assert last < first


if __name__ == "__main__":
    main()
