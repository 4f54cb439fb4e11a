"""``xnp.scipy.stats``: SciPy's distributions over xnp (see docs/scipy_stats.md)."""
# ruff: noqa: F401 (a module of re-exports)

from __future__ import annotations

from xnp._src.scipy.stats.continuous import cauchy as cauchy
from xnp._src.scipy.stats.continuous import expon as expon
from xnp._src.scipy.stats.continuous import gumbel_l as gumbel_l
from xnp._src.scipy.stats.continuous import gumbel_r as gumbel_r
from xnp._src.scipy.stats.continuous import laplace as laplace
from xnp._src.scipy.stats.continuous import logistic as logistic
from xnp._src.scipy.stats.continuous import norm as norm
from xnp._src.scipy.stats.continuous import uniform as uniform
from xnp._src.scipy.stats.distributions import rv_continuous as rv_continuous
from xnp._src.scipy.stats.distributions import rv_frozen as rv_frozen
