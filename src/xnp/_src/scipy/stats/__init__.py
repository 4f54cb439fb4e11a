"""``xnp.scipy.stats``: distributions.py (the shared ``loc``/``scale`` machinery, frozen
distributions and sampling) and continuous.py (the standard forms of each distribution), written
over the NumPy layer, ``xnp.scipy.special`` and ``xnp.random``."""
