"""ndarray methods/attributes xnp.ndarray does not have yet, each with its reason."""

MISSING: dict[str, str] = {
    'argpartition': 'not implemented yet (issue 11)',
    'base': 'not implemented yet (issue 11)',
    'byteswap': 'not implemented yet (issue 11)',
    'choose': 'not implemented yet (issue 11)',
    'compress': 'not implemented yet (issue 11)',
    'ctypes': 'ctypes interface to raw host memory; XLA buffers are not host memory',
    'cumprod': 'not implemented yet (issue 11)',
    'cumsum': 'not implemented yet (issue 11)',
    'data': 'Python buffer over raw host memory; XLA buffers are not host memory',
    'diagonal': 'not implemented yet (issue 11)',
    'dump': 'not implemented yet (issue 11)',
    'dumps': 'not implemented yet (issue 11)',
    'fill': 'not implemented yet (issue 11)',
    'flags': 'not implemented yet (issue 11)',
    'flat': 'not implemented yet (issue 11)',
    'getfield': 'structured/field views of raw memory are not supported by XLA',
    'nonzero': 'not implemented yet (issue 11)',
    'partition': 'not implemented yet (issue 11)',
    'put': 'not implemented yet (issue 11)',
    'setfield': 'structured/field views of raw memory are not supported by XLA',
    'setflags': 'arrays are immutable values; there are no writeable/aligned flags to set',
    'strides': 'not implemented yet (issue 11)',
    'take': 'not implemented yet (issue 11)',
    'tobytes': 'not implemented yet (issue 11)',
    'tofile': 'not implemented yet (issue 11)',
    'trace': 'not implemented yet (issue 11)',
    'view': 'not implemented yet (issue 11)',
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
