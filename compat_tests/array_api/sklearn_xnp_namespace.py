"""A pytest plugin that adds ``"xnp"`` to the namespaces scikit-learn's own array-API tests
are parametrized over, so that those tests run on xnp arrays:

    SCIPY_ARRAY_API=1 PYTHONPATH=src:compat_tests/array_api python -m pytest \\
        -p sklearn_xnp_namespace --pyargs sklearn.preprocessing.tests.test_data -k xnp

(see docs/array_api.md for the measured result).
"""

import sklearn.utils._array_api as _sklearn_array_api

_yield_namespaces = _sklearn_array_api.yield_namespaces


def _with_xnp(include_numpy_namespaces: bool = True):  # noqa: ANN202
    yield from _yield_namespaces(include_numpy_namespaces=include_numpy_namespaces)
    yield "xnp"


_sklearn_array_api.yield_namespaces = _with_xnp
