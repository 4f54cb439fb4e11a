"""``xnp.linalg``: NumPy's ``numpy.linalg`` over LAPACK (jaxlib's CPU kernels), differentiable
and vectorizable. See ``xnp._src.numpy.linalg`` for the differences from NumPy."""

from xnp._src.numpy.linalg import EighResult as EighResult
from xnp._src.numpy.linalg import EigResult as EigResult
from xnp._src.numpy.linalg import LinAlgError as LinAlgError
from xnp._src.numpy.linalg import QRResult as QRResult
from xnp._src.numpy.linalg import SlogdetResult as SlogdetResult
from xnp._src.numpy.linalg import SVDResult as SVDResult
from xnp._src.numpy.linalg import check_finite as check_finite
from xnp._src.numpy.linalg import cholesky as cholesky
from xnp._src.numpy.linalg import cond as cond
from xnp._src.numpy.linalg import det as det
from xnp._src.numpy.linalg import diagonal as diagonal
from xnp._src.numpy.linalg import eig as eig
from xnp._src.numpy.linalg import eigh as eigh
from xnp._src.numpy.linalg import eigvals as eigvals
from xnp._src.numpy.linalg import eigvalsh as eigvalsh
from xnp._src.numpy.linalg import inv as inv
from xnp._src.numpy.linalg import lstsq as lstsq
from xnp._src.numpy.linalg import matmul as matmul
from xnp._src.numpy.linalg import matrix_norm as matrix_norm
from xnp._src.numpy.linalg import matrix_power as matrix_power
from xnp._src.numpy.linalg import matrix_rank as matrix_rank
from xnp._src.numpy.linalg import matrix_transpose as matrix_transpose
from xnp._src.numpy.linalg import multi_dot as multi_dot
from xnp._src.numpy.linalg import norm as norm
from xnp._src.numpy.linalg import outer as outer
from xnp._src.numpy.linalg import pinv as pinv
from xnp._src.numpy.linalg import qr as qr
from xnp._src.numpy.linalg import slogdet as slogdet
from xnp._src.numpy.linalg import solve as solve
from xnp._src.numpy.linalg import svd as svd
from xnp._src.numpy.linalg import svdvals as svdvals
from xnp._src.numpy.linalg import tensorinv as tensorinv
from xnp._src.numpy.linalg import tensorsolve as tensorsolve
from xnp._src.numpy.linalg import vector_norm as vector_norm
