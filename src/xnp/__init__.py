"""xnp: NumPy you can differentiate, vectorize and compile, over XLA (jaxlib).

``import xnp as np`` gives NumPy's API; ``xnp.jit``, ``xnp.grad``, ``xnp.vmap`` ... transform
functions written with it. See README.md for a tour.
"""

from xnp._src.api import (
    ShapeDtypeStruct as ShapeDtypeStruct,
    block_until_ready as block_until_ready,
    default_backend as default_backend,
    device_count as device_count,
    device_get as device_get,
    device_put as device_put,
    devices as devices,
    eval_shape as eval_shape,
    grad as grad,
    hessian as hessian,
    jacfwd as jacfwd,
    jacobian as jacobian,
    jacrev as jacrev,
    jit as jit,
    jvp as jvp,
    linear_transpose as linear_transpose,
    linearize as linearize,
    local_devices as local_devices,
    make_jaxpr as make_jaxpr,
    value_and_grad as value_and_grad,
    vjp as vjp,
    vmap as vmap,
)
from xnp._src.checkpoint import checkpoint as checkpoint
from xnp._src.checkpoint import checkpoint_policies as checkpoint_policies
from xnp._src.checkpoint import remat as remat
from xnp._src.config import config as config
from xnp._src.config import debug_nans as debug_nans
from xnp._src.config import disable_jit as disable_jit
from xnp._src.config import enable_x64 as enable_x64
from xnp._src.custom_derivatives import custom_jvp as custom_jvp
from xnp._src.custom_derivatives import custom_vjp as custom_vjp
from xnp._src.numpy.namespace import *  # noqa: F403
from xnp._src.numpy.namespace import (
    Array as Array,
    bool as bool,  # noqa: A004
    ndarray as ndarray,
)
from xnp import lax as lax  # noqa: E402
from xnp import tree_util as tree_util  # noqa: E402

__version__ = "0.1.0"
