"""The user-facing transformation API, one line per name. The code lives in modules named
for what they hold: ``jit.py`` (``jit`` and its primitive), ``tracing.py`` (``make_jaxpr``,
``eval_shape``), ``devices.py``, ``autodiff.py`` (``grad``, ``vjp``, the Jacobians, ...) and
``vmap.py``. ``xnp/__init__.py`` re-exports these names."""

from __future__ import annotations

from xnp._src.autodiff import grad as grad
from xnp._src.autodiff import hessian as hessian
from xnp._src.autodiff import jacfwd as jacfwd
from xnp._src.autodiff import jacobian as jacobian
from xnp._src.autodiff import jacrev as jacrev
from xnp._src.autodiff import jvp as jvp
from xnp._src.autodiff import linear_transpose as linear_transpose
from xnp._src.autodiff import linearize as linearize
from xnp._src.autodiff import value_and_grad as value_and_grad
from xnp._src.autodiff import vjp as vjp
from xnp._src.devices import block_until_ready as block_until_ready
from xnp._src.devices import default_backend as default_backend
from xnp._src.devices import device_count as device_count
from xnp._src.devices import device_get as device_get
from xnp._src.devices import device_put as device_put
from xnp._src.devices import devices as devices
from xnp._src.devices import local_devices as local_devices
from xnp._src.jit import Compiled as Compiled
from xnp._src.jit import Jitted as Jitted
from xnp._src.jit import Lowered as Lowered
from xnp._src.jit import ShapeDtypeStruct as ShapeDtypeStruct
from xnp._src.jit import Traced as Traced
from xnp._src.jit import jit as jit
from xnp._src.tracing import eval_shape as eval_shape
from xnp._src.tracing import make_jaxpr as make_jaxpr
from xnp._src.vmap import vmap as vmap

__all__ = [
    "Compiled",
    "Jitted",
    "Lowered",
    "ShapeDtypeStruct",
    "Traced",
    "block_until_ready",
    "default_backend",
    "device_count",
    "device_get",
    "device_put",
    "devices",
    "eval_shape",
    "grad",
    "hessian",
    "jacfwd",
    "jacobian",
    "jacrev",
    "jit",
    "jvp",
    "linear_transpose",
    "linearize",
    "local_devices",
    "make_jaxpr",
    "value_and_grad",
    "vjp",
    "vmap",
]
