"""Statistical tests of every sampler: Kolmogorov-Smirnov against scipy.stats for continuous
distributions, moments and frequencies for discrete ones. Keys are fixed, so each test is
deterministic; the thresholds would flag a wrong distribution with overwhelming probability.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import xnp.random as xr

N = 20_000
P_MIN = 1e-4  # KS p-value below which a (deterministic) sample is rejected


def _np(x):
    return np.asarray(x, dtype=np.float64)


# (name, draw(key) -> samples, scipy frozen distribution)
CONTINUOUS = [
    ("uniform", lambda k: xr.uniform(k, (N,), minval=-2.0, maxval=3.0), stats.uniform(-2, 5)),
    ("uniform_f32", lambda k: xr.uniform(k, (N,), "float32"), stats.uniform()),
    ("normal", lambda k: xr.normal(k, (N,)), stats.norm()),
    ("normal_f32", lambda k: xr.normal(k, (N,), "float32"), stats.norm()),
    ("normal_f16", lambda k: xr.normal(k, (N,), "float16"), stats.norm()),
    (
        "truncated_normal",
        lambda k: xr.truncated_normal(k, -0.5, 2.0, (N,)),
        stats.truncnorm(-0.5, 2.0),
    ),
    ("exponential", lambda k: xr.exponential(k, (N,)), stats.expon()),
    ("gamma_small", lambda k: xr.gamma(k, 0.3, (N,)), stats.gamma(0.3)),
    ("gamma", lambda k: xr.gamma(k, 4.5, (N,), "float32"), stats.gamma(4.5)),
    ("loggamma", lambda k: np.exp(_np(xr.loggamma(k, 0.7, (N,)))), stats.gamma(0.7)),
    ("beta", lambda k: xr.beta(k, 0.5, 2.0, (N,)), stats.beta(0.5, 2.0)),
    (
        "dirichlet_marginal",
        lambda k: _np(xr.dirichlet(k, np.array([0.5, 1.0, 2.5]), (N,)))[:, 2],
        stats.beta(2.5, 1.5),
    ),
    ("cauchy", lambda k: xr.cauchy(k, (N,)), stats.cauchy()),
    ("chisquare", lambda k: xr.chisquare(k, 3.0, (N,)), stats.chi2(3.0)),
    ("f", lambda k: xr.f(k, 4.0, 7.0, (N,)), stats.f(4.0, 7.0)),
    ("t", lambda k: xr.t(k, 3.0, (N,)), stats.t(3.0)),
    ("laplace", lambda k: xr.laplace(k, (N,)), stats.laplace()),
    ("logistic", lambda k: xr.logistic(k, (N,)), stats.logistic()),
    ("lognormal", lambda k: xr.lognormal(k, 0.5, (N,)), stats.lognorm(0.5)),
    ("gumbel", lambda k: xr.gumbel(k, (N,)), stats.gumbel_r()),
    ("gumbel_high", lambda k: xr.gumbel(k, (N,), "float32", mode="high"), stats.gumbel_r()),
    ("maxwell", lambda k: xr.maxwell(k, (N,)), stats.maxwell()),
    (
        "double_sided_maxwell",
        lambda k: np.abs(_np(xr.double_sided_maxwell(k, 1.0, 2.0, (N,))) - 1) / 2,
        stats.maxwell(),
    ),
    ("pareto", lambda k: xr.pareto(k, 2.5, (N,)), stats.pareto(2.5)),
    ("rayleigh", lambda k: xr.rayleigh(k, 2.0, (N,)), stats.rayleigh(scale=2.0)),
    ("wald", lambda k: xr.wald(k, 1.5, (N,)), stats.invgauss(1.5)),
    ("weibull_min", lambda k: xr.weibull_min(k, 2.0, 1.5, (N,)), stats.weibull_min(1.5, scale=2.0)),
    (
        "triangular",
        lambda k: xr.triangular(k, 0.0, 0.3, 2.0, (N,)),
        stats.triang(0.15, loc=0.0, scale=2.0),
    ),
    ("generalized_normal", lambda k: xr.generalized_normal(k, 1.5, (N,)), stats.gennorm(1.5)),
    (
        "ball_radius",
        lambda k: np.sum(np.abs(_np(xr.ball(k, 3, 1.5, (N,)))) ** 1.5, -1) ** (3 / 1.5),
        stats.uniform(),
    ),
    (
        "gamma_generator",
        lambda k: xr.default_rng(k).gamma(2.0, 3.0, size=N),
        stats.gamma(2.0, scale=3.0),
    ),
    ("generator_normal", lambda k: xr.default_rng(k).normal(1.0, 2.0, N), stats.norm(1.0, 2.0)),
    ("generator_pareto", lambda k: xr.default_rng(k).pareto(3.0, N), stats.lomax(3.0)),
    (
        "generator_wald",
        lambda k: xr.default_rng(k).wald(2.0, 3.0, N),
        stats.invgauss(2.0 / 3.0, scale=3.0),
    ),
    ("generator_power", lambda k: xr.default_rng(k).power(2.5, N), stats.powerlaw(2.5)),
]


@pytest.mark.parametrize("name, draw, dist", CONTINUOUS, ids=[c[0] for c in CONTINUOUS])
def test_continuous_ks(name, draw, dist):
    x = _np(draw(xr.key(1234)))
    assert x.shape == (N,)
    assert np.all(np.isfinite(x))
    assert stats.kstest(x, dist.cdf).pvalue > P_MIN


def _moments(x, mean, var, n=N):
    """Sample mean and variance within 5 standard errors of the truth."""
    x = _np(x)
    assert abs(x.mean() - mean) < 5 * np.sqrt(var / n), (x.mean(), mean)
    # var of the sample variance ~ 2 var^2 / n (for near-normal tails; generous factor)
    assert abs(x.var() - var) < 10 * var * np.sqrt(2 / n) + 1e-12, (x.var(), var)


DISCRETE = [
    ("poisson_small", lambda k: xr.poisson(k, 0.7, (N,)), 0.7, 0.7),
    ("poisson_knuth", lambda k: xr.poisson(k, 6.0, (N,)), 6.0, 6.0),
    ("poisson_rejection", lambda k: xr.poisson(k, 40.0, (N,)), 40.0, 40.0),
    ("binomial_inversion", lambda k: xr.binomial(k, 12.0, 0.3, (N,)), 3.6, 12 * 0.3 * 0.7),
    ("binomial_btrs", lambda k: xr.binomial(k, 200.0, 0.6, (N,)), 120.0, 200 * 0.6 * 0.4),
    ("geometric", lambda k: xr.geometric(k, 0.25, (N,)), 4.0, 0.75 / 0.25**2),
    ("bernoulli", lambda k: xr.bernoulli(k, 0.3, (N,)), 0.3, 0.21),
    ("rademacher", lambda k: xr.rademacher(k, (N,)), 0.0, 1.0),
    ("randint", lambda k: xr.randint(k, (N,), -3, 7), 1.5, (10**2 - 1) / 12),
    ("generator_binomial", lambda k: xr.default_rng(k).binomial(30, 0.5, N), 15.0, 7.5),
    (
        "generator_negative_binomial",
        lambda k: xr.default_rng(k).negative_binomial(5, 0.4, N),
        5 * 0.6 / 0.4,
        5 * 0.6 / 0.4**2,
    ),
]


@pytest.mark.parametrize("name, draw, mean, var", DISCRETE, ids=[c[0] for c in DISCRETE])
def test_discrete_moments(name, draw, mean, var):
    x = np.asarray(draw(xr.key(99)))
    assert x.shape == (N,)
    assert np.all(x == np.round(x))
    _moments(x, mean, var)


def _chi2_frequencies(samples, probs):
    counts = np.bincount(np.asarray(samples).ravel(), minlength=len(probs))
    assert len(counts) == len(probs)
    assert stats.chisquare(counts, np.asarray(probs) * counts.sum()).pvalue > P_MIN


def test_poisson_pmf():
    x = np.asarray(xr.poisson(xr.key(5), 3.0, (N,)))
    probs = stats.poisson(3.0).pmf(np.arange(x.max() + 1))
    probs[-1] += 1 - probs.sum()
    _chi2_frequencies(x, probs)


def test_randint_frequencies():
    _chi2_frequencies(xr.randint(xr.key(6), (N,), 0, 7), np.full(7, 1 / 7))


def test_categorical_frequencies():
    p = np.array([0.1, 0.2, 0.3, 0.4])
    _chi2_frequencies(xr.categorical(xr.key(7), np.log(p), shape=(N,)), p)


def test_categorical_without_replacement():
    logits = np.zeros((3, 6), "float32")
    x = np.asarray(xr.categorical(xr.key(8), logits, shape=(6, 3), replace=False))
    assert x.dtype == np.int32
    for col in x.T:
        assert sorted(col) == list(range(6))


def test_choice_p_frequencies():
    p = np.array([0.5, 0.0, 0.2, 0.3])
    x = np.asarray(xr.choice(xr.key(9), 4, (N,), p=p))
    assert not np.any(x == 1)  # probability 0
    _chi2_frequencies(np.where(x > 1, x - 1, x), [0.5, 0.2, 0.3])


@pytest.mark.parametrize("p", [None, np.array([0.1, 0.4, 0.2, 0.2, 0.1])])
def test_choice_without_replacement(p):
    # Draws are distinct; without p the first one is uniform over the population.
    firsts = []
    for k in list(xr.split(xr.key(10), 300)):
        row = np.asarray(xr.choice(k, 5, (3,), replace=False, p=p)).tolist()
        assert len(set(row)) == 3 and all(0 <= v < 5 for v in row)
        firsts.append(row[0])
    _chi2_frequencies(np.array(firsts), np.full(5, 0.2) if p is None else p)


def test_permutation_positions_uniform():
    keys = xr.split(xr.key(11), 2000)
    firsts = [int(np.asarray(xr.permutation(k, 5))[0]) for k in list(keys)[:400]]
    _chi2_frequencies(np.array(firsts), np.full(5, 0.2))


def test_multinomial_counts():
    p = np.array([0.2, 0.3, 0.5])
    x = np.asarray(xr.multinomial(xr.key(12), 20.0, p, shape=(N // 4, 3)))
    assert np.all(x.sum(-1) == 20)
    np.testing.assert_allclose(x.mean(0), 20 * p, atol=5 * np.sqrt(20 * 0.25 / (N // 4)))


def test_bits_are_balanced():
    for dt, width in (("uint8", 8), ("uint32", 32), ("uint64", 64)):
        b = np.asarray(xr.bits(xr.key(13), (4000,), dt))
        ones = np.unpackbits(b.view(np.uint8)).reshape(4000, width).mean(0)
        assert np.all(np.abs(ones - 0.5) < 5 * 0.5 / np.sqrt(4000)), dt


def test_split_keys_are_independent():
    # Uniforms from split keys: uncorrelated, and together uniform.
    keys = xr.split(xr.key(14), 3)
    u = np.stack([np.asarray(xr.uniform(k, (N,))) for k in keys])
    corr = np.corrcoef(u)
    assert np.all(np.abs(corr[np.triu_indices(3, 1)]) < 5 / np.sqrt(N))
    assert stats.kstest(u.ravel(), "uniform").pvalue > P_MIN
