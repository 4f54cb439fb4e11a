"""SciPy's API over xnp (``xnp.scipy``): linalg, fft, special."""
