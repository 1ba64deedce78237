"""The ReLU's catalogued mistakes (ids declared by this pack)."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.variants import Variant

RELU_MISTAKES = {
    "relu_min_instead_of_max": (
        "the ReLU keeps the negative part (np.minimum(0, x) where np.maximum(0, x) is meant)",
        "out = np.maximum(0, x)"),
    "relu_leaky": (
        "a leaky ReLU (a small slope for x < 0) where the plain ReLU is asked for",
        "out = np.maximum(0, x): negative inputs become exactly 0"),
}


def _relu(x, *, kind, with_cache):
    x = np.asarray(x, np.float64)
    out = np.minimum(0, x) if kind == "min" else np.maximum(0.01 * x, x)
    return (out, x) if with_cache else out


def relu_variants(functions, with_cache):
    """The ReLU's catalogued mistakes for ``functions`` (``(out, cache)`` when with_cache)."""
    return [Variant("relu_min_instead_of_max", functions,
                    partial(_relu, kind="min", with_cache=with_cache)),
            Variant("relu_leaky", functions, partial(_relu, kind="leaky", with_cache=with_cache))]
