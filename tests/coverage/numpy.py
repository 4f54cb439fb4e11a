"""numpy callables xnp does not have yet, each with its reason (generated, then curated)."""

MISSING: dict[str, str] = {
    'array2string': 'not implemented yet (issue 11)',
    'array_repr': 'not implemented yet (issue 11)',
    'array_str': 'not implemented yet (issue 11)',
    'asmatrix': 'not implemented yet (issue 11)',
    'base_repr': 'not implemented yet (issue 11)',
    'binary_repr': 'not implemented yet (issue 11)',
    'bmat': 'not implemented yet (issue 11)',
    'busday_count': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busday_offset': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'busdaycalendar': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'bytes_': 'string arrays are not supported by XLA',
    'character': 'not implemented yet (issue 11)',
    'clongdouble': 'not implemented yet (issue 11)',
    'common_type': 'not implemented yet (issue 11)',
    'complex256': 'not implemented yet (issue 11)',
    'datetime64': 'datetime dtypes are not supported by XLA',
    'datetime_as_string': 'datetime dtypes are not supported by XLA',
    'datetime_data': 'datetime dtypes are not supported by XLA',
    'errstate': 'not implemented yet (issue 11)',
    'flexible': 'not implemented yet (issue 11)',
    'float128': 'not implemented yet (issue 11)',
    'format_float_positional': 'not implemented yet (issue 11)',
    'format_float_scientific': 'not implemented yet (issue 11)',
    'from_dlpack': 'not implemented yet (issue 11)',
    'fromfile': 'not implemented yet (issue 11)',
    'frompyfunc': 'returns object arrays, which XLA cannot hold',
    'fromregex': 'not implemented yet (issue 11)',
    'fromstring': 'not implemented yet (issue 11)',
    'genfromtxt': 'not implemented yet (issue 11)',
    'get_include': 'C-API header path; xnp has no C API',
    'get_printoptions': 'not implemented yet (issue 11)',
    'getbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'geterr': 'not implemented yet (issue 11)',
    'geterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'info': 'not implemented yet (issue 11)',
    'is_busday': 'datetime/business-day functions need datetime dtypes, unsupported by XLA',
    'isdtype': 'not implemented yet (issue 11)',
    'isfortran': 'not implemented yet (issue 11)',
    'isnat': 'not implemented yet (issue 11)',
    'iterable': 'not implemented yet (issue 11)',
    'load': 'not implemented yet (issue 11)',
    'loadtxt': 'not implemented yet (issue 11)',
    'long': 'not implemented yet (issue 11)',
    'longdouble': 'not implemented yet (issue 11)',
    'matrix': 'numpy.matrix is deprecated by NumPy and not provided',
    'may_share_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'memmap': 'memory-mapped files have no meaning for XLA device buffers',
    'min_scalar_type': 'not implemented yet (issue 11)',
    'mintypecode': 'not implemented yet (issue 11)',
    'nditer': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'nested_iters': 'iterator over raw strided memory; XLA arrays are not strided host memory',
    'object_': 'object arrays are not supported by XLA',
    'packbits': 'not implemented yet (issue 11)',
    'poly': 'not implemented yet (issue 11)',
    'poly1d': 'not implemented yet (issue 11)',
    'polyadd': 'not implemented yet (issue 11)',
    'polyder': 'not implemented yet (issue 11)',
    'polydiv': 'not implemented yet (issue 11)',
    'polyfit': 'not implemented yet (issue 11)',
    'polyint': 'not implemented yet (issue 11)',
    'polymul': 'not implemented yet (issue 11)',
    'polysub': 'not implemented yet (issue 11)',
    'polyval': 'not implemented yet (issue 11)',
    'printoptions': 'not implemented yet (issue 11)',
    'recarray': 'record (structured) arrays are not supported by XLA',
    'record': 'record (structured) arrays are not supported by XLA',
    'roots': 'not implemented yet (issue 11)',
    'save': 'not implemented yet (issue 11)',
    'savetxt': 'not implemented yet (issue 11)',
    'savez': 'not implemented yet (issue 11)',
    'savez_compressed': 'not implemented yet (issue 11)',
    'set_printoptions': 'not implemented yet (issue 11)',
    'setbufsize': 'NumPy ufunc buffer size; XLA has no such buffer',
    'seterr': 'not implemented yet (issue 11)',
    'seterrcall': 'floating-point error callbacks; XLA raises no FP errors',
    'shares_memory': 'XLA buffers are immutable values; memory overlap is not observable',
    'show_config': 'build configuration of NumPy itself',
    'show_runtime': 'runtime configuration of NumPy itself',
    'str_': 'string arrays are not supported by XLA',
    'test': 'not implemented yet (issue 11)',
    'timedelta64': 'datetime dtypes are not supported by XLA',
    'typename': 'not implemented yet (issue 11)',
    'ulong': 'not implemented yet (issue 11)',
    'unpackbits': 'not implemented yet (issue 11)',
    'vander': 'not implemented yet (issue 11)',
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
