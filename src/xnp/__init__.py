"""xnp: NumPy you can differentiate, vectorize and compile, over XLA (jaxlib).

``import xnp as np`` gives NumPy's API; ``xnp.jit``, ``xnp.grad``, ``xnp.vmap`` ... transform
functions written with it. See README.md for a tour.
"""

from xnp import fft as fft  # noqa: E402
from xnp import lax as lax  # noqa: E402
from xnp import linalg as linalg  # noqa: E402
from xnp import random as random  # noqa: E402
from xnp import tree_util as tree_util  # noqa: E402
from xnp._src.api import ShapeDtypeStruct as ShapeDtypeStruct
from xnp._src.api import block_until_ready as block_until_ready
from xnp._src.api import default_backend as default_backend
from xnp._src.api import device_count as device_count
from xnp._src.api import device_get as device_get
from xnp._src.api import device_put as device_put
from xnp._src.api import devices as devices
from xnp._src.api import eval_shape as eval_shape
from xnp._src.api import grad as grad
from xnp._src.api import hessian as hessian
from xnp._src.api import jacfwd as jacfwd
from xnp._src.api import jacobian as jacobian
from xnp._src.api import jacrev as jacrev
from xnp._src.api import jit as jit
from xnp._src.api import jvp as jvp
from xnp._src.api import linear_transpose as linear_transpose
from xnp._src.api import linearize as linearize
from xnp._src.api import local_devices as local_devices
from xnp._src.api import make_jaxpr as make_jaxpr
from xnp._src.api import value_and_grad as value_and_grad
from xnp._src.api import vjp as vjp
from xnp._src.api import vmap as vmap
from xnp._src.cache import clear_caches as clear_caches
from xnp._src.checkpoint import checkpoint as checkpoint
from xnp._src.checkpoint import checkpoint_policies as checkpoint_policies
from xnp._src.checkpoint import remat as remat
from xnp._src.config import config as config
from xnp._src.config import debug_nans as debug_nans
from xnp._src.config import disable_jit as disable_jit
from xnp._src.config import enable_x64 as enable_x64
from xnp._src.custom_derivatives import custom_jvp as custom_jvp
from xnp._src.custom_derivatives import custom_vjp as custom_vjp
from xnp._src.devices import live_arrays as live_arrays
from xnp._src.dispatch import cache_info as cache_info
from xnp._src.numpy.namespace import *  # noqa: F403
from xnp._src.numpy.namespace import Array as Array
from xnp._src.numpy.namespace import __array_api_version__ as __array_api_version__
from xnp._src.numpy.namespace import __array_namespace_info__ as __array_namespace_info__
from xnp._src.numpy.namespace import bool as bool  # noqa: A004
from xnp._src.numpy.namespace import ndarray as ndarray

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # xnp.special (SciPy's array API dispatch looks for it) is imported on first use, so that
    # `import xnp` does not load the special functions.
    if name == "special":
        import importlib

        return importlib.import_module("xnp.special")
    raise AttributeError(f"module 'xnp' has no attribute {name!r}")
