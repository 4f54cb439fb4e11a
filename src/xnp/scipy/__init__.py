"""``xnp.scipy``: SciPy's API over xnp (``xnp.scipy.linalg``, ``fft``, ``special``, ``stats``)."""

from xnp.scipy import fft as fft
from xnp.scipy import linalg as linalg
from xnp.scipy import special as special
from xnp.scipy import stats as stats
