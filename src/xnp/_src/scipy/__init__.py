"""SciPy's functions over xnp: ``xnp.scipy.special`` (and, later, ``stats``)."""
