"""A convolutional classifier for handwritten digits, built with ``xnp.example_libraries``
(stax layers, the Adam optimizer) and trained with a jitted step, offline: the data are the
8x8 digits that scikit-learn ships (``sklearn.datasets.load_digits``, 1,797 images).

Run:  python examples/mnist_classifier.py            (full run: about 98-99 % test accuracy)
      python examples/mnist_classifier.py --quick    (a few steps, for tests)

Optional: ``tqdm`` shows a progress bar, ``matplotlib`` saves the loss curve
(``--plot PATH``, default ``mnist_classifier_loss.png`` in the working directory).
"""

import argparse
import time

import numpy as onp

import xnp
from xnp import random
from xnp.example_libraries import optimizers, stax

try:
    from tqdm import tqdm
except ImportError:  # the progress bar is optional
    tqdm = None


def load_digits_split(seed=0, test_fraction=0.2):
    """Images as (N, 8, 8, 1) floats in [0, 1], one-hot labels; a fixed shuffled split."""
    from sklearn.datasets import load_digits  # optional dependency of the examples

    digits = load_digits()
    images = digits.images.astype(onp.float64)[..., None] / 16.0
    labels = onp.eye(10)[digits.target]
    perm = onp.random.default_rng(seed).permutation(len(images))
    n_test = int(len(images) * test_fraction)
    test, train = perm[:n_test], perm[n_test:]
    return images[train], labels[train], images[test], labels[test]


init_random_params, predict = stax.serial(
    stax.Conv(16, (3, 3), padding="SAME"), stax.Relu,
    stax.Conv(32, (3, 3), padding="SAME"), stax.Relu,
    stax.MaxPool((2, 2), strides=(2, 2)), stax.Flatten,
    stax.Dense(64), stax.Relu,
    stax.Dense(10), stax.LogSoftmax,
)  # fmt: skip


def loss(params, batch):
    inputs, targets = batch
    return -xnp.mean(xnp.sum(predict(params, inputs) * targets, axis=1))


def accuracy(params, inputs, targets):
    predicted = onp.argmax(onp.asarray(predict(params, xnp.asarray(inputs))), axis=1)
    return float(onp.mean(predicted == onp.argmax(targets, axis=1)))


def save_plot(losses, path):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot")
        return
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(losses)
    ax.set_xlabel("step")
    ax.set_ylabel("training loss")
    ax.set_yscale("log")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    print(f"loss curve saved to {path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few steps on a subset")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--step-size", type=float, default=2e-3)
    parser.add_argument("--plot", default="mnist_classifier_loss.png", help="'' for no plot")
    args = parser.parse_args(argv)

    train_x, train_y, test_x, test_y = load_digits_split()
    epochs = args.epochs or (1 if args.quick else 25)
    if args.quick:
        train_x, train_y = train_x[:256], train_y[:256]
    num_batches = max(1, len(train_x) // args.batch_size)

    opt_init, opt_update, get_params = optimizers.adam(args.step_size)

    @xnp.jit
    def update(i, opt_state, batch):
        params = get_params(opt_state)
        value, grads = xnp.value_and_grad(loss)(params, batch)
        return value, opt_update(i, grads, opt_state)

    _, init_params = init_random_params(random.key(0), (-1, 8, 8, 1))
    opt_state = opt_init(init_params)
    rng = onp.random.default_rng(1)
    losses, step = [], 0
    start = time.perf_counter()
    total = epochs * num_batches
    bar = tqdm(total=total, desc="training") if tqdm is not None else None
    for _ in range(epochs):
        perm = rng.permutation(len(train_x))
        for b in range(num_batches):
            idx = perm[b * args.batch_size : (b + 1) * args.batch_size]
            batch = (xnp.asarray(train_x[idx]), xnp.asarray(train_y[idx]))
            value, opt_state = update(step, opt_state, batch)
            losses.append(float(value))
            step += 1
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{losses[-1]:.3f}")
    if bar is not None:
        bar.close()
    elapsed = time.perf_counter() - start
    params = get_params(opt_state)
    train_acc = accuracy(params, train_x, train_y)
    test_acc = accuracy(params, test_x, test_y)
    print(f"{step} steps in {elapsed:.1f} s; train accuracy {train_acc:.4f}, "
          f"test accuracy {test_acc:.4f} ({len(test_x)} test images)")  # fmt: skip
    if args.plot:
        save_plot(losses, args.plot)
    return test_acc


if __name__ == "__main__":
    main()
