"""SciPy's API over xnp (``xnp.scipy``)."""
