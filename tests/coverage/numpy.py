"""numpy callables xnp does not have yet, each with its reason (generated, then curated)."""

MISSING: dict[str, str] = {
    'asmatrix': 'returns numpy.matrix, which is deprecated by NumPy and not provided',
    'bmat': 'returns numpy.matrix, which is deprecated by NumPy and not provided',
    'busday_count': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busday_offset': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busdaycalendar': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'bytes_': 'string arrays are not supported by XLA',
    'clongdouble': 'extended precision has no XLA type (complex128 is the widest)',
    'complex256': 'extended precision has no XLA type (complex128 is the widest)',
    'datetime64': 'datetime dtypes are not supported by XLA',
    'datetime_as_string': 'datetime dtypes are not supported by XLA',
    'datetime_data': 'datetime dtypes are not supported by XLA',
    'float128': 'extended precision has no XLA type (float64 is the widest)',
    'frompyfunc': 'returns object arrays, which XLA cannot hold',
    'get_include': 'C-API header path; xnp has no C API',
    'getbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'geterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'is_busday': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'longdouble': 'extended precision has no XLA type (float64 is the widest)',
    'matrix': 'numpy.matrix is deprecated by NumPy and not provided',
    'may_share_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'memmap': 'memory-mapped files have no meaning for XLA device buffers',
    'nditer': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'nested_iters': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'object_': 'object arrays are not supported by XLA',
    'recarray': 'record (structured) arrays are not supported by XLA',
    'record': 'record (structured) arrays are not supported by XLA',
    'setbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'seterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'shares_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'show_config': 'build configuration of NumPy itself',
    'show_runtime': 'runtime configuration of NumPy itself',
    'str_': 'string arrays are not supported by XLA',
    'test': "NumPy's own test runner (xnp's suite runs with pytest, see README)",
    'timedelta64': 'datetime dtypes are not supported by XLA',
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
