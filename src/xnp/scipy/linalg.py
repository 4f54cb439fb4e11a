"""``xnp.scipy.linalg``: SciPy's linear algebra over xnp (see ``xnp._src.scipy.linalg``)."""

from xnp._src.scipy.linalg import LinAlgError as LinAlgError
from xnp._src.scipy.linalg import cho_factor as cho_factor
from xnp._src.scipy.linalg import cho_solve as cho_solve
from xnp._src.scipy.linalg import cholesky as cholesky
from xnp._src.scipy.linalg import det as det
from xnp._src.scipy.linalg import eigh as eigh
from xnp._src.scipy.linalg import expm as expm
from xnp._src.scipy.linalg import inv as inv
from xnp._src.scipy.linalg import lu as lu
from xnp._src.scipy.linalg import lu_factor as lu_factor
from xnp._src.scipy.linalg import lu_solve as lu_solve
from xnp._src.scipy.linalg import solve as solve
from xnp._src.scipy.linalg import solve_triangular as solve_triangular
