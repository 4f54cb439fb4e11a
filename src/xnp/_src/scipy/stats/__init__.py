"""``xnp.scipy.stats``: distributions.py (the shared ``loc``/``scale`` machinery, frozen
distributions and sampling), continuous.py (the standard forms of the location-scale
distributions), shapes.py (the machinery of distributions with shape parameters),
continuous_shapes.py and continuous_gamma.py (those distributions, the gamma family in the
latter) and discrete.py (``rv_discrete`` and the discrete
distributions), written over the NumPy layer, ``xnp.scipy.special`` and ``xnp.random``."""
