"""``xnp.random``: a threefry2x32 counter-based PRNG with jax.random's functional samplers and
NumPy's random API on top.

- Keys: ``key(seed)`` (typed), ``PRNGKey(seed)`` (raw ``uint32[2]``), ``split``, ``fold_in``,
  ``bits``, ``key_data``, ``wrap_key_data``, ``clone``.
- Samplers ``f(key, ..., shape, dtype)``: the same streams as ``jax.random`` (bit for bit).
- ``default_rng(seed)`` returns a NumPy-style ``Generator``; ``seed``, ``rand``, ``randn``,
  ``normal(loc, scale, size)``, ... use a global one. A function that exists in both APIs
  (``normal``, ``uniform``, ``randint``, ``choice``, ...) takes the functional path when its
  first argument is a key, NumPy's otherwise.

See docs/random.md.
"""

from xnp._src.key_reuse import KeyReuseError as KeyReuseError
from xnp._src.random import discrete as _discrete
from xnp._src.random import gamma as _gamma
from xnp._src.random import generator as _generator
from xnp._src.random import samplers as _samplers
from xnp._src.random.generator import Generator as Generator
from xnp._src.random.generator import default_rng as default_rng
from xnp._src.random.generator import get_state as get_state
from xnp._src.random.generator import rand as rand
from xnp._src.random.generator import randn as randn
from xnp._src.random.generator import random_sample as random_sample
from xnp._src.random.generator import ranf as ranf
from xnp._src.random.generator import sample as sample
from xnp._src.random.generator import seed as seed
from xnp._src.random.generator import set_state as set_state
from xnp._src.random.generator import shuffle as shuffle
from xnp._src.random.generator import standard_normal as standard_normal
from xnp._src.random.prng import KeyArray as KeyArray
from xnp._src.random.prng import PRNGKey as PRNGKey
from xnp._src.random.prng import bits as bits
from xnp._src.random.prng import clone as clone
from xnp._src.random.prng import fold_in as fold_in
from xnp._src.random.prng import key as key
from xnp._src.random.prng import key_data as key_data
from xnp._src.random.prng import key_dtype as key_dtype
from xnp._src.random.prng import key_impl as key_impl
from xnp._src.random.prng import split as split
from xnp._src.random.prng import wrap_key_data as wrap_key_data

# jax.random's samplers that NumPy's legacy API lacks: functional only.
ball = _gamma.ball
bernoulli = _samplers.bernoulli
categorical = _discrete.categorical
cauchy = _samplers.cauchy
double_sided_maxwell = _samplers.double_sided_maxwell
generalized_normal = _gamma.generalized_normal
loggamma = _gamma.loggamma
maxwell = _samplers.maxwell
orthogonal = _discrete.orthogonal
rademacher = _samplers.rademacher
t = _gamma.t
truncated_normal = _samplers.truncated_normal
weibull_min = _samplers.weibull_min

# NumPy's legacy functions that jax.random lacks: the global Generator only.
bytes = _generator.legacy_only["bytes"]  # noqa: A001
negative_binomial = _generator.legacy_only["negative_binomial"]
power = _generator.legacy_only["power"]
random = _generator.legacy_only["random"]
standard_cauchy = _generator.legacy_only["standard_cauchy"]
standard_exponential = _generator.legacy_only["standard_exponential"]
standard_gamma = _generator.legacy_only["standard_gamma"]
standard_t = _generator.legacy_only["standard_t"]
weibull = _generator.legacy_only["weibull"]

# In both APIs: a key as the first argument selects jax's functional sampler.
_dual = _generator.dual
beta = _dual("beta", _gamma.beta)
binomial = _dual("binomial", _gamma.binomial)
chisquare = _dual("chisquare", _gamma.chisquare)
choice = _dual("choice", _discrete.choice)
dirichlet = _dual("dirichlet", _gamma.dirichlet)
exponential = _dual("exponential", _samplers.exponential)
f = _dual("f", _gamma.f)
gamma = _dual("gamma", _gamma.gamma)
geometric = _dual("geometric", _samplers.geometric)
gumbel = _dual("gumbel", _samplers.gumbel)
laplace = _dual("laplace", _samplers.laplace)
logistic = _dual("logistic", _samplers.logistic)
lognormal = _dual("lognormal", _samplers.lognormal)
multinomial = _dual("multinomial", _gamma.multinomial)
multivariate_normal = _dual("multivariate_normal", _discrete.multivariate_normal)
normal = _dual("normal", _samplers.normal)
pareto = _dual("pareto", _samplers.pareto)
permutation = _dual("permutation", _discrete.permutation)
poisson = _dual("poisson", _gamma.poisson)
randint = _dual("randint", _samplers.randint)
rayleigh = _dual("rayleigh", _samplers.rayleigh)
triangular = _dual("triangular", _samplers.triangular)
uniform = _dual("uniform", _samplers.uniform)
wald = _dual("wald", _samplers.wald)
del _dual
