"""``xnp.linalg``: NumPy's ``numpy.linalg`` over LAPACK (jaxlib's CPU kernels), differentiable
and vectorizable. See ``xnp._src.numpy.linalg`` for the differences from NumPy."""

from xnp._src.numpy.linalg import EighResult as EighResult
from xnp._src.numpy.linalg import LinAlgError as LinAlgError
from xnp._src.numpy.linalg import QRResult as QRResult
from xnp._src.numpy.linalg import SlogdetResult as SlogdetResult
from xnp._src.numpy.linalg import SVDResult as SVDResult
from xnp._src.numpy.linalg import cholesky as cholesky
from xnp._src.numpy.linalg import det as det
from xnp._src.numpy.linalg import diagonal as diagonal
from xnp._src.numpy.linalg import eigh as eigh
from xnp._src.numpy.linalg import eigvalsh as eigvalsh
from xnp._src.numpy.linalg import inv as inv
from xnp._src.numpy.linalg import qr as qr
from xnp._src.numpy.linalg import slogdet as slogdet
from xnp._src.numpy.linalg import solve as solve
from xnp._src.numpy.linalg import svd as svd
from xnp._src.numpy.linalg import svdvals as svdvals
