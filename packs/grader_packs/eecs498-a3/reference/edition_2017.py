"""cs231n 2016-2017 assignment 2: dropout's p is the probability of *dropping* a unit ("We drop
each neuron output with probability p"), still inverted dropout."""

from __future__ import annotations

from . import layers


def dropout_forward(x, dropout_param, **knobs):
    """The 2018+ reference with keep probability 1 - p (the knobs build the same mistakes)."""
    keep = {**dropout_param, "p": 1.0 - dropout_param["p"]}
    out, cache = layers.dropout_forward(x, keep, **knobs)
    return out, (dropout_param, cache[1]) if cache is not None else None
