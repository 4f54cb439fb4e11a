"""``xnp.scipy``: SciPy's API over xnp (``xnp.scipy.linalg``)."""

from xnp.scipy import linalg as linalg
