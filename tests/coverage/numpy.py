"""numpy callables xnp does not have yet, each with its reason (generated, then curated)."""

MISSING: dict[str, str] = {
    'argpartition': 'not implemented yet (issue 11)',
    'argwhere': 'not implemented yet (issue 11)',
    'asmatrix': 'numpy.matrix is deprecated by NumPy and not provided',
    'bmat': 'numpy.matrix is deprecated by NumPy and not provided',
    'broadcast': 'not implemented yet (issue 11)',
    'busday_count': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busday_offset': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busdaycalendar': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'bytes_': 'string arrays are not supported by XLA',
    'choose': 'not implemented yet (issue 11)',
    'clongdouble': 'extended-precision (80/128-bit) floats are not supported by XLA',
    'complex256': 'extended-precision (80/128-bit) floats are not supported by XLA',
    'compress': 'not implemented yet (issue 11)',
    'copyto': 'not implemented yet (issue 11)',
    'datetime64': 'datetime dtypes are not supported by XLA',
    'datetime_as_string': 'datetime dtypes are not supported by XLA',
    'datetime_data': 'datetime dtypes are not supported by XLA',
    'diag': 'not implemented yet (issue 11)',
    'diag_indices': 'not implemented yet (issue 11)',
    'diag_indices_from': 'not implemented yet (issue 11)',
    'diagflat': 'not implemented yet (issue 11)',
    'diagonal': 'not implemented yet (issue 11)',
    'extract': 'not implemented yet (issue 11)',
    'fill_diagonal': 'not implemented yet (issue 11)',
    'flatiter': 'not implemented yet (issue 11)',
    'flatnonzero': 'not implemented yet (issue 11)',
    'float128': 'extended-precision (80/128-bit) floats are not supported by XLA',
    'frompyfunc': 'returns object arrays, which XLA cannot hold',
    'get_include': 'C-API header path; xnp has no C API',
    'getbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'geterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'indices': 'not implemented yet (issue 11)',
    'is_busday': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'ix_': 'not implemented yet (issue 11)',
    'lexsort': 'not implemented yet (issue 11)',
    'longdouble': 'extended-precision (80/128-bit) floats are not supported by XLA',
    'mask_indices': 'not implemented yet (issue 11)',
    'matrix': 'numpy.matrix is deprecated by NumPy and not provided',
    'may_share_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'memmap': 'memory-mapped files have no meaning for XLA device buffers',
    'ndenumerate': 'not implemented yet (issue 11)',
    'ndindex': 'not implemented yet (issue 11)',
    'nditer': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'nested_iters': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'object_': 'object arrays are not supported by XLA',
    'pad': 'not implemented yet (issue 11)',
    'partition': 'not implemented yet (issue 11)',
    'place': 'not implemented yet (issue 11)',
    'put': 'not implemented yet (issue 11)',
    'putmask': 'not implemented yet (issue 11)',
    'ravel_multi_index': 'not implemented yet (issue 11)',
    'recarray': 'record (structured) arrays are not supported by XLA',
    'record': 'record (structured) arrays are not supported by XLA',
    'select': 'not implemented yet (issue 11)',
    'setbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'seterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'shares_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'show_config': 'build configuration of NumPy itself',
    'show_runtime': 'runtime configuration of NumPy itself',
    'str_': 'string arrays are not supported by XLA',
    'test': "runs NumPy's own test suite; xnp's tests are run with pytest",
    'timedelta64': 'datetime dtypes are not supported by XLA',
    'tri': 'not implemented yet (issue 11)',
    'tril': 'not implemented yet (issue 11)',
    'tril_indices': 'not implemented yet (issue 11)',
    'tril_indices_from': 'not implemented yet (issue 11)',
    'triu': 'not implemented yet (issue 11)',
    'triu_indices': 'not implemented yet (issue 11)',
    'triu_indices_from': 'not implemented yet (issue 11)',
    'unravel_index': 'not implemented yet (issue 11)',
    'void': 'structured/void dtypes are not supported by XLA',
}


def public_callables() -> list[str]:
    """Every public callable of the installed ``numpy`` (modules excluded)."""
    import inspect

    import numpy as onp

    return sorted(
        n
        for n in dir(onp)
        if not n.startswith("_")
        and callable(getattr(onp, n))
        and not inspect.ismodule(getattr(onp, n))
    )


def coverage() -> tuple[int, int]:
    """(names xnp has, public callables of numpy): what the supported-API page renders."""
    import xnp

    names = public_callables()
    return sum(hasattr(xnp, n) for n in names), len(names)
