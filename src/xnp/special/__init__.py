"""``xnp.special``: the special functions of ``xnp.scipy.special`` under the name SciPy's
array API dispatch looks up (``xp.special.<name>``) on a namespace it does not know, so that
``scipy.special.erf(x)`` with ``SCIPY_ARRAY_API=1`` runs xnp's own implementation on an xnp
array instead of a round trip through NumPy."""
# ruff: noqa: F401, F403 (a module of re-exports)

from xnp.scipy.special import *
