"""``xnp.scipy``: SciPy's APIs over xnp (``import xnp.scipy.special``)."""
