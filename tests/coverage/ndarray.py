"""ndarray methods/attributes xnp.ndarray does not have yet, each with its reason."""

MISSING: dict[str, str] = {
    'ctypes': 'ctypes interface to raw host memory; XLA buffers are not host memory',
    'data': 'Python buffer over raw host memory; XLA buffers are not host memory',
    'getfield': 'structured/field views of raw memory are not supported by XLA',
    'setfield': 'structured/field views of raw memory are not supported by XLA',
    'setflags': 'arrays are immutable values; there are no writeable/aligned flags to set',
}


def public_members() -> list[str]:
    """Every public method and attribute of the installed ``numpy.ndarray``."""
    import numpy as onp

    return sorted(n for n in dir(onp.ndarray) if not n.startswith("_"))


def coverage() -> tuple[int, int]:
    """(members xnp.ndarray has, public members of numpy.ndarray)."""
    import xnp

    names = public_members()
    return sum(hasattr(xnp.ndarray, n) for n in names), len(names)
