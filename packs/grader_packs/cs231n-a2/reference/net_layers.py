"""The layers a network's loss() calls, as the host answers them through proxies: the
reference layers with plain-data caches (what crosses back is the student's to keep and hand
to the backward call). A network graded this way is judged on its wiring only: a broken
batchnorm_backward costs its own points, not the network's too."""

from __future__ import annotations

import numpy as np

from . import layers

MAX_ENTRIES = 1 << 22


def _a(x) -> np.ndarray:
    return np.asarray(x, np.float64)


def _bounded(*shapes: tuple) -> None:
    for shape in shapes:
        if int(np.prod(shape)) > MAX_ENTRIES:
            raise ValueError(f"an array of shape {tuple(shape)} is too large")


def affine_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    if x.ndim < 1 or w.ndim != 2 or int(np.prod(x.shape[1:])) != w.shape[0]:
        raise ValueError(f"x {x.shape} and w {w.shape} do not fit")
    _bounded((x.shape[0], w.shape[1]))
    return x.reshape(x.shape[0], -1) @ w + b, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = (_a(c) for c in cache)
    dout = _a(dout)
    return (dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def relu_forward(x):
    x = _a(x)
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return np.where(_a(cache) > 0, _a(dout), 0.0)


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)


def batchnorm_forward(x, gamma, beta, bn_param):
    x = _a(x)
    out, _ = layers.batchnorm_forward(x, gamma, beta, bn_param)
    return out, (x, _a(gamma), _a(beta), dict(bn_param))


def batchnorm_backward(dout, cache):
    x, gamma, beta, bn_param = cache
    return layers.batchnorm_backward(dout, x, gamma, beta, bn_param)


batchnorm_backward_alt = batchnorm_backward


def layernorm_forward(x, gamma, beta, ln_param):
    x = _a(x)
    out, _ = layers.layernorm_forward(x, gamma, beta, ln_param)
    return out, (x, _a(gamma), _a(beta), dict(ln_param))


def layernorm_backward(dout, cache):
    x, gamma, beta, ln_param = cache
    return layers.layernorm_backward(dout, x, gamma, beta, ln_param)


def dropout_forward(x, dropout_param):
    return layers.dropout_forward(_a(x), dropout_param)


def dropout_backward(dout, cache):
    return layers.dropout_backward(dout, cache)


def softmax_loss(x, y):
    x, y = _a(x), np.asarray(y).astype(np.int64)
    if x.ndim != 2 or y.shape != (x.shape[0],) or (y.size and (y.min() < 0 or y.max() >= x.shape[1])):
        raise ValueError(f"scores {x.shape} and labels {y.shape} do not fit")
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    N = x.shape[0]
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    return -log_probs[np.arange(N), y].mean(), dx / N


def conv_forward(x, w, b, conv_param):
    x, w = _a(x), _a(w)
    if x.ndim != 4 or w.ndim != 4 or x.shape[1] != w.shape[1]:
        raise ValueError(f"x {x.shape} and w {w.shape} do not fit")
    _bounded(x.shape, (x.shape[0], w.shape[0], x.shape[2] + 2 * conv_param.get("pad", 0),
                       x.shape[3] + 2 * conv_param.get("pad", 0)))
    out, _ = layers.conv_forward_naive(x, w, b, conv_param)
    return out, (x, w, _a(b), dict(conv_param))


def conv_backward(dout, cache):
    x, w, b, conv_param = cache
    return layers.conv_backward(dout, x, w, b, conv_param)


def max_pool_forward(x, pool_param):
    x = _a(x)
    out, _ = layers.max_pool_forward_naive(x, pool_param)
    return out, (x, dict(pool_param))


def max_pool_backward(dout, cache):
    x, pool_param = cache
    _, inner = layers.max_pool_forward_naive(_a(x), pool_param)
    return layers.max_pool_backward_naive(dout, inner)


def conv_relu_forward(x, w, b, conv_param):
    a, conv_cache = conv_forward(x, w, b, conv_param)
    out, relu_cache = relu_forward(a)
    return out, (conv_cache, relu_cache)


def conv_relu_backward(dout, cache):
    conv_cache, relu_cache = cache
    return conv_backward(relu_backward(dout, relu_cache), conv_cache)


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    a, conv_cache = conv_forward(x, w, b, conv_param)
    s, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward(s, pool_param)
    return out, (conv_cache, relu_cache, pool_cache)


def conv_relu_pool_backward(dout, cache):
    conv_cache, relu_cache, pool_cache = cache
    ds = max_pool_backward(dout, pool_cache)
    return conv_backward(relu_backward(ds, relu_cache), conv_cache)


NAMES = ("affine_forward", "affine_backward", "relu_forward", "relu_backward",
         "affine_relu_forward", "affine_relu_backward", "batchnorm_forward",
         "batchnorm_backward", "batchnorm_backward_alt", "layernorm_forward",
         "layernorm_backward", "dropout_forward", "dropout_backward", "softmax_loss",
         "conv_relu_forward", "conv_relu_backward", "conv_relu_pool_forward",
         "conv_relu_pool_backward")
FAST = {"conv_forward_fast": conv_forward, "conv_backward_fast": conv_backward,
        "max_pool_forward_fast": max_pool_forward, "max_pool_backward_fast": max_pool_backward,
        "conv_forward_naive": conv_forward, "conv_backward_naive": conv_backward,
        "max_pool_forward_naive": max_pool_forward, "max_pool_backward_naive": max_pool_backward}


def _proxy(fn):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, **kwargs)

    proxy.__name__ = fn.__name__
    return proxy


PROXIES = {**{name: _proxy(globals()[name]) for name in NAMES},
           **{name: _proxy(fn) for name, fn in FAST.items()}}


def dropout_forward_drop(x, dropout_param):
    """2016-2017: p is the probability of dropping a unit."""
    out, (_, mask) = layers.dropout_forward(_a(x), {**dropout_param,
                                                    "p": 1.0 - dropout_param["p"]})
    return out, (dropout_param, mask)


PROXIES["dropout_forward_drop"] = _proxy(dropout_forward_drop)
