"""Cases shared by the golden generator (run under jax) and the golden tests (run under xnp).

Each case is ``(name, fn)`` where ``fn(r)`` takes a ``jax.random``-compatible namespace ``r``
(``jax.random`` or ``xnp.random``) and returns an array. Only the functional, key-first API is
used, so the same code runs on both. Keys are made inside the case from integer seeds.
"""

from __future__ import annotations

import numpy as np

F16, BF16, F32, F64 = "float16", "bfloat16", "float32", "float64"


def _kd(r, k):  # key data of a typed key array
    return r.key_data(k)


def _call(fname, seed, *args, **kwargs):
    """The case ``r.<fname>(r.key(seed), *args, **kwargs)``."""
    return lambda r: getattr(r, fname)(r.key(seed), *args, **kwargs)


def _seed(s):
    return lambda r: _kd(r, r.key(s))


# (name, fn(r) -> array). Names are unique; they index the golden file.
CASES = [
    # -- keys
    *[
        (f"seed_{i}", _seed(s))
        for i, s in enumerate(
            [
                0,
                1,
                -1,
                42,
                2**32,
                2**32 + 5,
                2**40 + 3,
                -(2**40),
                2**63 - 1,
                -(2**63),
                np.int32(-1),
                np.uint32(2**32 - 1),
                np.uint64(2**64 - 1),
                np.int8(-3),
                np.uint8(200),
                np.int64(2**40),
                np.int16(-300),
            ]
        )
    ],
    ("prngkey_7", lambda r: r.PRNGKey(7)),
    ("split_default", lambda r: _kd(r, r.split(r.key(0)))),
    ("split_5", lambda r: _kd(r, r.split(r.key(42), 5))),
    ("split_shape", lambda r: _kd(r, r.split(r.key(1), (2, 3)))),
    ("split_1", lambda r: _kd(r, r.split(r.key(3), 1))),
    ("split_raw", lambda r: r.split(r.PRNGKey(11), 3)),
    ("split_split", lambda r: _kd(r, r.split(r.split(r.key(5))[1], 4))),
    ("fold_in_1", lambda r: _kd(r, r.fold_in(r.key(0), 1))),
    ("fold_in_max", lambda r: _kd(r, r.fold_in(r.key(42), 2**32 - 1))),
    ("fold_in_i64", lambda r: _kd(r, r.fold_in(r.key(42), np.int64(-5)))),
    ("fold_in_raw", lambda r: r.fold_in(r.PRNGKey(9), 123)),
    ("fold_in_float", lambda r: _kd(r, r.fold_in(r.key(1), 1.5))),
    # -- bits
    *[
        (f"bits_{dt}_{'x'.join(map(str, sh)) or 's'}", _call("bits", 17, sh, dt))
        for dt in ("uint8", "uint16", "uint32", "uint64")
        for sh in ((), (5,), (3, 4))
    ],
    ("bits_default", lambda r: r.bits(r.key(2), (4,))),
    ("bits_raw", lambda r: r.bits(r.PRNGKey(2), (4,), "uint32")),
    # -- uniform / normal over dtypes
    *[(f"uniform_{dt}", _call("uniform", 0, (7,), dt)) for dt in (F16, BF16, F32, F64)],
    *[(f"normal_{dt}", _call("normal", 1, (2, 5), dt)) for dt in (F16, BF16, F32, F64)],
    ("normal_c64", lambda r: r.normal(r.key(1), (4,), "complex64")),
    ("normal_c128", lambda r: r.normal(r.key(1), (4,), "complex128")),
    ("normal_scalar", lambda r: r.normal(r.key(8))),
    ("uniform_range", lambda r: r.uniform(r.key(3), (2, 3), F32, -2.0, 5.0)),
    (
        "uniform_range_arr",
        lambda r: r.uniform(
            r.key(3), (2, 3), F64, np.array([0.0, 1.0, 2.0]), np.array([[1.0], [10.0]])
        ),
    ),
    ("uniform_default", lambda r: r.uniform(r.key(4), (3,))),
    ("normal_big", lambda r: r.normal(r.key(123), (1000,), F32)),
    ("uniform_big", lambda r: r.uniform(r.key(123), (1001,), F64)),
    # -- randint
    *[
        (f"randint_{dt}_{i}", _call("randint", 5, (9,), lo, hi, dt))
        for i, (dt, lo, hi) in enumerate(
            (
                ("int8", -100, 100),
                ("uint8", 0, 256),
                ("int16", -5, 3000),
                ("uint16", 3, 60000),
                ("int32", -(2**31), 2**31 - 1),
                ("uint32", 0, 2**32 - 1),
                ("int64", -(10**15), 10**15),
                ("uint64", 5, 2**40),
                ("int32", 5, 5),
                ("int32", 7, 2),
            )
        )
    ],
    (
        "randint_arr",
        lambda r: r.randint(
            r.key(6), (2, 4), np.array([0, 10, 20, 30]), np.array([[5], [50]]), "int32"
        ),
    ),
    ("randint_default", lambda r: r.randint(r.key(6), (5,), 0, 10)),
    # -- bernoulli, categorical
    ("bernoulli", lambda r: r.bernoulli(r.key(7), 0.3, (10,))),
    ("bernoulli_arr", lambda r: r.bernoulli(r.key(7), np.array([0.1, 0.5, 0.9], "float32"))),
    ("bernoulli_high", lambda r: r.bernoulli(r.key(7), 0.3, (10,), mode="high")),
    (
        "categorical",
        lambda r: r.categorical(
            r.key(8), np.log(np.array([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]], "float32"))
        ),
    ),
    (
        "categorical_shape",
        lambda r: r.categorical(r.key(8), np.array([0.0, 1.0, 2.0, 3.0]), shape=(6,)),
    ),
    (
        "categorical_axis0",
        lambda r: r.categorical(
            r.key(9), np.array([[0.0, 1.0, 2.0], [3.0, 0.0, 1.0]], "float32"), axis=0, shape=(4, 3)
        ),
    ),
    (
        "categorical_noreplace",
        lambda r: r.categorical(
            r.key(10),
            np.array([[0.0, 1.0, 2.0, 0.5, 0.1], [3.0, 0.0, 1.0, 2.0, 2.5]], "float32"),
            shape=(3, 2),
            replace=False,
        ),
    ),
    # -- choice, permutation
    ("choice_int", lambda r: r.choice(r.key(11), 10, (6,))),
    ("choice_arr", lambda r: r.choice(r.key(11), np.arange(20.0).reshape(5, 4), (3,), axis=1)),
    ("choice_noreplace", lambda r: r.choice(r.key(12), 10, (6,), replace=False)),
    ("choice_p", lambda r: r.choice(r.key(13), 5, (8,), p=np.array([0.1, 0.2, 0.3, 0.3, 0.1]))),
    (
        "choice_p_noreplace",
        lambda r: r.choice(
            r.key(13),
            np.arange(5) * 10,
            (3,),
            replace=False,
            p=np.array([0.1, 0.2, 0.3, 0.3, 0.1], "float32"),
        ),
    ),
    ("permutation_int", lambda r: r.permutation(r.key(14), 10)),
    ("permutation_arr", lambda r: r.permutation(r.key(14), np.arange(12).reshape(4, 3))),
    ("permutation_axis1", lambda r: r.permutation(r.key(14), np.arange(12).reshape(3, 4), 1)),
    (
        "permutation_indep",
        lambda r: r.permutation(r.key(15), np.arange(12).reshape(3, 4), 1, independent=True),
    ),
    # -- continuous samplers
    *[
        (f"truncated_normal_{dt}", _call("truncated_normal", 16, -1.0, 2.0, (6,), dt))
        for dt in (F32, F64)
    ],
    (
        "truncated_normal_arr",
        lambda r: r.truncated_normal(r.key(16), np.array([-3.0, 0.0, 1.0]), 3.0),
    ),
    *[(f"exponential_{dt}", _call("exponential", 18, (6,), dt)) for dt in (F32, F64)],
    *[
        (f"gamma_{dt}_{a}", _call("gamma", 19, a, (6,), dt))
        for dt in (F32, F64)
        for a in (0.3, 1.0, 4.5)
    ],
    ("gamma_arr", lambda r: r.gamma(r.key(20), np.array([0.1, 1.5, 10.0, 100.0]))),
    (
        "gamma_bcast",
        lambda r: r.gamma(r.key(20), np.array([0.5, 2.0], "float32"), (3, 2), "float32"),
    ),
    ("loggamma", lambda r: r.loggamma(r.key(21), np.array([0.01, 0.5, 3.0]))),
    *[(f"beta_{dt}", _call("beta", 22, 0.5, 2.0, (5,), dt)) for dt in (F32, F64)],
    ("beta_arr", lambda r: r.beta(r.key(22), np.array([1.0, 3.0]), np.array([[0.2], [5.0]]))),
    *[
        (f"dirichlet_{dt}", _call("dirichlet", 23, np.array([0.5, 1.0, 2.0]), (2,), dt))
        for dt in (F32, F64)
    ],
    *[
        (f"poisson_{lam}", _call("poisson", 24, lam, (8,)))
        for lam in (0.0, 0.5, 3.0, 9.99, 15.0, 1000.0)
    ],
    ("poisson_arr", lambda r: r.poisson(r.key(25), np.array([0.1, 2.0, 12.0, 50.0]))),
    ("poisson_i32", lambda r: r.poisson(r.key(25), 4.0, (5,), "int32")),
    # -- the other samplers
    ("ball", lambda r: r.ball(r.key(26), 3, 2.0, (4,))),
    ("ball_p1", lambda r: r.ball(r.key(26), 2, 1.0, (3,), F32)),
    ("binomial", lambda r: r.binomial(r.key(27), 10.0, 0.3, (6,))),
    (
        "binomial_big",
        lambda r: r.binomial(
            r.key(27), np.array([5.0, 50.0, 500.0, 5000.0]), np.array([0.2, 0.7, 0.5, 0.9])
        ),
    ),
    ("cauchy", lambda r: r.cauchy(r.key(28), (5,))),
    ("cauchy_f32", lambda r: r.cauchy(r.key(28), (5,), F32)),
    ("chisquare", lambda r: r.chisquare(r.key(29), 3.0, (5,))),
    ("double_sided_maxwell", lambda r: r.double_sided_maxwell(r.key(30), 1.0, 2.0, (4,))),
    ("f", lambda r: r.f(r.key(31), 3.0, 5.0, (5,))),
    ("generalized_normal", lambda r: r.generalized_normal(r.key(32), 1.5, (5,))),
    ("geometric", lambda r: r.geometric(r.key(33), 0.3, (6,))),
    ("gumbel", lambda r: r.gumbel(r.key(34), (5,))),
    ("gumbel_f32", lambda r: r.gumbel(r.key(34), (5,), F32)),
    ("gumbel_high", lambda r: r.gumbel(r.key(34), (5,), F32, mode="high")),
    ("laplace", lambda r: r.laplace(r.key(35), (5,))),
    ("logistic", lambda r: r.logistic(r.key(36), (5,))),
    ("lognormal", lambda r: r.lognormal(r.key(37), 0.5, (5,))),
    ("maxwell", lambda r: r.maxwell(r.key(38), (5,))),
    ("multinomial", lambda r: r.multinomial(r.key(39), 20.0, np.array([0.2, 0.3, 0.5]))),
    (
        "multivariate_normal",
        lambda r: r.multivariate_normal(
            r.key(40), np.array([1.0, -1.0]), np.array([[2.0, 0.5], [0.5, 1.0]]), (3,)
        ),
    ),
    ("orthogonal", lambda r: r.orthogonal(r.key(41), 3)),
    ("pareto", lambda r: r.pareto(r.key(42), 2.5, (5,))),
    ("rademacher", lambda r: r.rademacher(r.key(43), (8,))),
    ("rayleigh", lambda r: r.rayleigh(r.key(44), 2.0, (5,))),
    ("t", lambda r: r.t(r.key(45), 4.0, (5,))),
    ("triangular", lambda r: r.triangular(r.key(46), 0.0, 0.3, 1.0, (5,))),
    ("wald", lambda r: r.wald(r.key(47), 1.5, (5,))),
    ("weibull_min", lambda r: r.weibull_min(r.key(48), 2.0, 1.5, (5,))),
]
