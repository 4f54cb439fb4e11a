"""NumPy 2's ``result_type`` and n-ary promotion: moved to ``util`` (the bottom module of the
NumPy layer, which ``array`` of a list of arrays needs them in); imported from here too."""

from __future__ import annotations

from xnp._src.numpy.util import promote as promote
from xnp._src.numpy.util import result_type as result_type

__all__ = ["promote", "result_type"]
