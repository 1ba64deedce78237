"""EECS 498/598 assignment 3 (fully_connected_networks.py, convolutional_networks.py): the
layers are classes with static forward/backward methods, the math is cs231n A2's (this
package's layers and optim), dropout's p is the probability of *dropping* a unit, and
kaiming_initializer draws He-initialized weights."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.variants import Variant
from grader.variants import variants as _variants

from . import edition_2017, nets, variants

RENAME = {
    "sgd_momentum": "sgd_momentum", "rmsprop": "rmsprop", "adam": "adam",
    "batchnorm_forward": "BatchNorm.forward", "batchnorm_backward": "BatchNorm.backward",
    "batchnorm_backward_alt": "BatchNorm.backward_alt",
    "spatial_batchnorm_forward": "SpatialBatchNorm.forward",
    "spatial_batchnorm_backward": "SpatialBatchNorm.backward",
    "dropout_backward": "Dropout.backward",
    "conv_forward_naive": "Conv.forward", "conv_backward_naive": "Conv.backward",
    "max_pool_forward_naive": "MaxPool.forward", "max_pool_backward_naive": "MaxPool.backward",
}


def _renamed(forms) -> list[Variant]:
    out = []
    for v in forms:
        names = tuple(RENAME[f] for f in v.functions if f in RENAME)
        if names:
            out.append(Variant(v.mistake, names, v.fn, v.label))
    return out


def linear_forward(x, w, b, *, skip_bias=False):
    x, w, b = (np.asarray(a, np.float64) for a in (x, w, b))
    return x.reshape(x.shape[0], -1) @ w + (0.0 if skip_bias else b), (x, w, b)


def linear_backward(dout, cache, *, db_mean=False):
    x, w, b = (np.asarray(a, np.float64) for a in cache)
    dout = np.asarray(dout, np.float64)
    return ((dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout,
            dout.mean(axis=0) if db_mean else dout.sum(axis=0))


def relu_forward(x, *, leaky=0.0):
    x = np.asarray(x, np.float64)
    return np.where(x > 0, x, leaky * x), x


def relu_backward(dout, cache, *, masked=True):
    dout = np.asarray(dout, np.float64)
    return dout * (np.asarray(cache) > 0) if masked else dout.copy()


def kaiming(Din, Dout, K=None, relu=True, device="cpu", *, gain=None):
    """He initialization: std sqrt(gain / fan_in), gain 2 after a ReLU (else 1); (Din, Dout)
    for a linear layer, (Dout, Din, K, K) for a convolution (fan_in Din·K·K)."""
    shape = (Din, Dout) if K is None else (Dout, Din, K, K)
    fan_in = Din if K is None else Din * K * K
    g = gain if gain is not None else (2.0 if relu else 1.0)
    return np.random.default_rng().standard_normal(shape) * np.sqrt(g / fan_in)


def _dropout_backward_scaled_twice(dout, cache):
    """Divides by the keep probability 1 - p again, though the cached mask holds it."""
    dropout_param, mask = cache
    dout = np.asarray(dout, np.float64)
    if dropout_param["mode"] != "train":
        return dout
    return dout * mask / (1 - dropout_param["p"])


VARIANTS_EECS = (
    [v for v in _renamed(variants.VARIANTS) if v.mistake != "dropout_backward_scaled_twice"]
    + [Variant("dropout_backward_scaled_twice", ("Dropout.backward",),
               _dropout_backward_scaled_twice)]
    + [Variant(v.mistake, ("Dropout.forward",),
               partial(edition_2017.dropout_forward, **v.fn.keywords),
               v.label)
       for v in variants.VARIANTS if v.functions == ("dropout_forward",)]
    + _variants(linear_forward, ("Linear.forward",), {"linear_missing_bias": [dict(skip_bias=True)]})
    + _variants(linear_backward, ("Linear.backward",), {"bias_grad_wrong": [dict(db_mean=True)]})
    + _variants(relu_forward, ("ReLU.forward",), {"relu_leaky": [dict(leaky=0.01)]})
    + _variants(relu_backward, ("ReLU.backward",), {"relu_backward_not_masked": [dict(masked=False)]})
    + _variants(kaiming, ("kaiming_initializer",), {"kaiming_gain_wrong": [dict(gain=1.0)]})
    + nets.VARIANTS_NETS
)
ACCEPTED_EECS = _renamed(variants.ACCEPTED) + list(nets.ACCEPTED_NETS)
