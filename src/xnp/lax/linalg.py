"""``xnp.lax.linalg``: the LAPACK-backed linear algebra primitives' wrappers (as
``jax.lax.linalg``)."""

from xnp._src.lax.linalg import cholesky as cholesky
from xnp._src.lax.linalg import eigh as eigh
from xnp._src.lax.linalg import lu as lu
from xnp._src.lax.linalg import lu_pivots_to_permutation as lu_pivots_to_permutation
from xnp._src.lax.linalg import qr as qr
from xnp._src.lax.linalg import svd as svd
from xnp._src.lax.linalg import symmetrize as symmetrize
from xnp._src.lax.linalg import triangular_solve as triangular_solve
