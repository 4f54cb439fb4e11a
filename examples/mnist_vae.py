"""A variational autoencoder for the 8x8 handwritten digits that scikit-learn ships, built
with ``xnp.example_libraries`` (stax encoder/decoder, Adam), trained offline with a jitted
step and the reparameterization trick (``xnp.random`` keys split per step).

Run:  python examples/mnist_vae.py [--quick] [--plot PATH]
Optional: ``tqdm`` (progress bar), ``matplotlib`` (loss curve).
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

LATENT = 4

encoder_init, encode = stax.serial(
    stax.Dense(128), stax.Softplus, stax.Dense(64), stax.Softplus,
    stax.FanOut(2), stax.parallel(stax.Dense(LATENT), stax.Dense(LATENT)),
)  # fmt: skip
decoder_init, decode = stax.serial(
    stax.Dense(64), stax.Softplus, stax.Dense(128), stax.Softplus, stax.Dense(64)
)


def bernoulli_logpdf(logits, x):
    """log p(x | logits) for x in [0, 1] (continuous Bernoulli without its normalizer)."""
    return -xnp.sum(x * xnp.logaddexp(0.0, -logits) + (1 - x) * xnp.logaddexp(0.0, logits),
                    axis=-1)  # fmt: skip


def elbo(params, key, images):
    enc_params, dec_params = params
    mu, log_var = encode(enc_params, images)
    eps = random.normal(key, mu.shape)
    z = mu + xnp.exp(0.5 * log_var) * eps
    logits = decode(dec_params, z)
    kl = 0.5 * xnp.sum(xnp.exp(log_var) + mu**2 - 1.0 - log_var, axis=-1)
    return xnp.mean(bernoulli_logpdf(logits, images) - kl)


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
    ax.set_ylabel("negative ELBO (nats per image)")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    print(f"loss curve saved to {path}")


def main(argv=None):
    from sklearn.datasets import load_digits  # optional dependency of the examples

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--plot", default="mnist_vae_loss.png", help="'' for no plot")
    args = parser.parse_args(argv)
    images = load_digits().data / 16.0
    perm = onp.random.default_rng(0).permutation(len(images))
    test, train = images[perm[:300]], images[perm[300:]]
    steps, batch_size = (20, 64) if args.quick else (2000, 64)

    opt_init, opt_update, get_params = optimizers.adam(1e-3)
    key = random.key(0)
    k_enc, k_dec, key = random.split(key, 3)
    _, enc_params = encoder_init(k_enc, (-1, 64))
    _, dec_params = decoder_init(k_dec, (-1, LATENT))
    opt_state = opt_init((enc_params, dec_params))

    @xnp.jit
    def update(i, opt_state, key, batch):
        params = get_params(opt_state)
        value, g = xnp.value_and_grad(lambda p: -elbo(p, key, batch))(params)
        return value, opt_update(i, g, opt_state)

    rng = onp.random.default_rng(1)
    losses = []
    bar = tqdm(total=steps, desc="training") if tqdm is not None else None
    start = time.perf_counter()
    for i in range(steps):
        idx = rng.choice(len(train), batch_size, replace=False)
        value, opt_state = update(i, opt_state, random.fold_in(key, i), xnp.asarray(train[idx]))
        losses.append(float(value))
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{losses[-1]:.2f}")
    if bar is not None:
        bar.close()
    test_elbo = float(elbo(get_params(opt_state), random.key(1), xnp.asarray(test)))
    took = time.perf_counter() - start
    print(
        f"{steps} steps in {took:.1f} s; training -ELBO {losses[0]:.2f} -> {losses[-1]:.2f}; "
        f"test ELBO {test_elbo:.2f} nats per image"
    )
    if args.plot:
        save_plot(losses, args.plot)
    return losses, test_elbo


if __name__ == "__main__":
    main()
