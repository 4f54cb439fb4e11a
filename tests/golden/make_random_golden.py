"""Write ``random_golden.npz``: jax 0.10.2's outputs for every case in ``random_cases.py``.

Run once with real jax (never needed to run the tests)::

    /work/jaxvenv/bin/python tests/golden/make_random_golden.py

jax runs with ``jax_enable_x64`` (xnp's default: 64-bit default dtypes) and its defaults
otherwise (threefry2x32, ``jax_threefry_partitionable=True``). A case jax rejects is skipped.
"""

from __future__ import annotations

import os
import sys

import jax
import numpy as np

jax.config.update("jax_enable_x64", True)
import jax.random as jr  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from random_cases import CASES  # noqa: E402


def _host(x: object) -> np.ndarray:
    a = np.asarray(x)
    if a.dtype.name == "bfloat16":  # store the bits: npz cannot hold ml_dtypes
        return a.view(np.uint16)
    return a


def main() -> None:
    assert jax.__version__ == "0.10.2", jax.__version__
    assert jax.config.jax_threefry_partitionable
    out = {}
    names = set()
    for name, fn in CASES:
        assert name not in names, name
        names.add(name)
        try:
            out[name] = _host(fn(jr))
        except Exception as e:  # noqa: BLE001
            print(f"skipped {name}: {type(e).__name__}: {e}")
    # Random123 known-answer vectors for threefry2x32 with 20 rounds, through jax's hash.
    from jax._src.random import threefry2x32 as tf

    for i, (key, ctr) in enumerate(
        [
            ((0, 0), (0, 0)),
            ((2**32 - 1,) * 2, (2**32 - 1,) * 2),
            ((0x13198A2E, 0x03707344), (0x243F6A88, 0x85A308D3)),
        ]
    ):
        out[f"kat_{i}"] = np.asarray(tf.threefry_2x32(np.uint32(key), np.uint32(ctr)))
    path = os.path.join(HERE, "random_golden.npz")
    np.savez_compressed(path, **out)
    print(f"wrote {len(out)} arrays to {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
