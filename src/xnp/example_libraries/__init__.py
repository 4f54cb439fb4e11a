"""``xnp.example_libraries``: small, experimental libraries for machine learning, written
only with xnp's public API, that serve as examples of how to build such libraries.

- :mod:`xnp.example_libraries.stax`: neural-network layers as ``(init_fun, apply_fun)``
  pairs, composed with :func:`~xnp.example_libraries.stax.serial` and
  :func:`~xnp.example_libraries.stax.parallel`.
- :mod:`xnp.example_libraries.optimizers`: first-order optimizers as
  ``(init_fun, update_fun, get_params)`` triples over pytrees of parameters.

They follow ``jax.example_libraries``' API, so programs written for it run with ``xnp`` in
place of ``jax``.
"""

from xnp.example_libraries import optimizers as optimizers
from xnp.example_libraries import stax as stax
