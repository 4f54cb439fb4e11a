"""The README tour: NumPy code, compiled, differentiated, vectorized, and random numbers.

Run: python examples/tour.py
"""

import xnp as np
from xnp import random

# NumPy code, as you know it (float64 by default, NEP 50 promotion).
x = np.linspace(-1.0, 1.0, 5)
print("x          =", x)
print("tanh(x)    =", np.tanh(x))
print("x @ x      =", x @ x)


# Logistic regression trained with jit(grad(loss)).
def predict(w, b, inputs):
    return 1.0 / (1.0 + np.exp(-(inputs @ w + b)))


def loss(params, inputs, targets):
    w, b = params
    p = predict(w, b, inputs)
    return -np.mean(targets * np.log(p) + (1.0 - targets) * np.log(1.0 - p))


key = random.key(0)
k1, k2 = random.split(key)
inputs = random.normal(k1, (100, 3))
true_w = np.array([0.5, -1.0, 2.0])
targets = (inputs @ true_w > 0.0).astype(np.float64)

params = (np.zeros(3), 0.0)
step = np.jit(np.grad(loss))
first = loss(params, inputs, targets)
for _ in range(200):
    gw, gb = step(params, inputs, targets)
    params = (params[0] - 0.5 * gw, params[1] - 0.5 * gb)
last = loss(params, inputs, targets)
print(f"training   : loss {float(first):.4f} -> {float(last):.4f}")
assert last < first

# Per-example gradients with vmap.
per_example = np.jit(np.vmap(np.grad(loss), in_axes=(None, 0, 0)))
gw, gb = per_example(params, inputs, targets)
print("per-example gradient shapes:", gw.shape, gb.shape)

# Random sampling: keys are split, never reused; streams match jax.random bit for bit.
samples = random.uniform(k2, (3,))
print("uniform    =", samples)
rng = random.default_rng(42)
print("Generator  =", rng.normal(size=3))
