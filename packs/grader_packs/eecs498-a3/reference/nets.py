"""The networks of EECS 498 A3 (TwoLayerNet, FullyConnectedNet, ThreeLayerConvNet,
DeepConvNet) and the layer classes their loss() calls, as the host answers them.

A network's loss() is graded on its wiring: every layer class it may call (the student's own,
the provided sandwich and fast layers, ``softmax_loss``) is a host proxy answered here with the
reference math and plain-data caches, so a broken ``BatchNorm.backward`` costs its own points
and not the network's too. Regularization is reg·ΣW² over the weights (not biases, not
batchnorm's gamma and beta), "without a factor of 0.5" (the FullyConnectedNet docstring says
0.5: both conventions are accepted there, see ``ACCEPTED_NETS``)."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.variants import Variant
from grader.variants import variants as _variants

from . import layers

MAX_ENTRIES = 1 << 22
CONV = {"stride": 1, "pad": 1}
POOL = {"pool_height": 2, "pool_width": 2, "stride": 2}


def _a(x) -> np.ndarray:
    return np.asarray(x, np.float64)


def _bounded(*shapes: tuple) -> None:
    for shape in shapes:
        if int(np.prod(shape)) > MAX_ENTRIES:
            raise ValueError(f"an array of shape {tuple(shape)} is too large")


# ------------------------------------------------------------------ the layers, as proxies


def linear_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    if x.ndim < 1 or w.ndim != 2 or int(np.prod(x.shape[1:])) != w.shape[0]:
        raise ValueError(f"x {tuple(x.shape)} and w {tuple(w.shape)} do not fit")
    _bounded((x.shape[0], w.shape[1]))
    return x.reshape(x.shape[0], -1) @ w + b, (x, w, b)


def linear_backward(dout, cache):
    x, w, _ = (_a(c) for c in cache)
    dout = _a(dout)
    return (dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def relu_forward(x):
    x = _a(x)
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    return np.where(_a(cache) > 0, _a(dout), 0.0)


def dropout_forward(x, dropout_param):
    """p is the probability of dropping a unit."""
    out, cache = layers.dropout_forward(_a(x), {**dropout_param,
                                                "p": 1.0 - float(dropout_param["p"])})
    return out, (dict(dropout_param), None if cache is None else cache[1])


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    return _a(dout) * _a(mask) if dropout_param["mode"] == "train" else _a(dout)


def conv_forward(x, w, b, conv_param):
    x, w = _a(x), _a(w)
    if x.ndim != 4 or w.ndim != 4 or x.shape[1] != w.shape[1]:
        raise ValueError(f"x {tuple(x.shape)} and w {tuple(w.shape)} do not fit")
    pad = int(conv_param.get("pad", 0))
    _bounded(x.shape, (x.shape[0], w.shape[0], x.shape[2] + 2 * pad, x.shape[3] + 2 * pad))
    return layers.conv_forward(x, w, b, conv_param), (x, w, _a(b), dict(conv_param))


def conv_backward(dout, cache):
    x, w, b, conv_param = cache
    return layers.conv_backward(dout, x, w, b, conv_param)


def pool_forward(x, pool_param):
    x = _a(x)
    if x.ndim != 4:
        raise ValueError(f"max pooling takes (N, C, H, W), got {tuple(x.shape)}")
    return layers.max_pool_forward(x, pool_param), (x, dict(pool_param))


def pool_backward(dout, cache):
    return layers.max_pool_backward_naive(dout, cache)


def batchnorm_forward(x, gamma, beta, bn_param, spatial=False):
    x = _a(x)
    forward = layers.spatial_batchnorm_forward if spatial else layers.batchnorm_forward
    out, _ = forward(x, _a(gamma), _a(beta), bn_param)
    return out, (x, _a(gamma), _a(beta), dict(bn_param))


def batchnorm_backward(dout, cache, spatial=False):
    x, gamma, beta, bn_param = cache
    backward = layers.spatial_batchnorm_backward if spatial else layers.batchnorm_backward
    return backward(dout, x, gamma, beta, bn_param)


def softmax_loss(x, y):
    x, y = _a(x), np.asarray(y).astype(np.int64)
    if x.ndim != 2 or y.shape != (x.shape[0],) or (y.size and (y.min() < 0 or y.max() >= x.shape[1])):
        raise ValueError(f"scores {tuple(x.shape)} and labels {tuple(y.shape)} do not fit")
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    N = x.shape[0]
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    return -log_probs[np.arange(N), y].mean(), dx / N


def svm_loss(x, y):
    x, y = _a(x), np.asarray(y).astype(np.int64)
    N = x.shape[0]
    margins = np.maximum(0, x - x[np.arange(N), y][:, None] + 1.0)
    margins[np.arange(N), y] = 0
    positive = (margins > 0).astype(np.float64)
    positive[np.arange(N), y] = -positive.sum(axis=1)
    return margins.sum() / N, positive / N


def linear_relu_forward(x, w, b):
    a, fc = linear_forward(x, w, b)
    out, relu = relu_forward(a)
    return out, (fc, relu)


def linear_relu_backward(dout, cache):
    fc, relu = cache
    return linear_backward(relu_backward(dout, relu), fc)


def linear_bn_relu_forward(x, w, b, gamma, beta, bn_param):
    a, fc = linear_forward(x, w, b)
    an, bn = batchnorm_forward(a, gamma, beta, bn_param)
    out, relu = relu_forward(an)
    return out, (fc, bn, relu)


def linear_bn_relu_backward(dout, cache):
    fc, bn, relu = cache
    da, dgamma, dbeta = batchnorm_backward(relu_backward(dout, relu), bn)
    return (*linear_backward(da, fc), dgamma, dbeta)


def conv_relu_forward(x, w, b, conv_param):
    a, conv = conv_forward(x, w, b, conv_param)
    out, relu = relu_forward(a)
    return out, (conv, relu)


def conv_relu_backward(dout, cache):
    conv, relu = cache
    return conv_backward(relu_backward(dout, relu), conv)


def conv_relu_pool_forward(x, w, b, conv_param, pool_param):
    s, (conv, relu) = conv_relu_forward(x, w, b, conv_param)
    out, pool = pool_forward(s, pool_param)
    return out, (conv, relu, pool)


def conv_relu_pool_backward(dout, cache):
    conv, relu, pool = cache
    return conv_relu_backward(pool_backward(dout, pool), (conv, relu))


def conv_bn_relu_forward(x, w, b, gamma, beta, conv_param, bn_param):
    a, conv = conv_forward(x, w, b, conv_param)
    an, bn = batchnorm_forward(a, gamma, beta, bn_param, spatial=True)
    out, relu = relu_forward(an)
    return out, (conv, bn, relu)


def conv_bn_relu_backward(dout, cache):
    conv, bn, relu = cache
    da, dgamma, dbeta = batchnorm_backward(relu_backward(dout, relu), bn, spatial=True)
    return (*conv_backward(da, conv), dgamma, dbeta)


def conv_bn_relu_pool_forward(x, w, b, gamma, beta, conv_param, bn_param, pool_param):
    s, inner = conv_bn_relu_forward(x, w, b, gamma, beta, conv_param, bn_param)
    out, pool = pool_forward(s, pool_param)
    return out, (*inner, pool)


def conv_bn_relu_pool_backward(dout, cache):
    *inner, pool = cache
    return conv_bn_relu_backward(pool_backward(dout, pool), tuple(inner))


LAYERS = {
    "Linear": (linear_forward, linear_backward),
    "ReLU": (relu_forward, relu_backward),
    "Linear_ReLU": (linear_relu_forward, linear_relu_backward),
    "Dropout": (dropout_forward, dropout_backward),
    "BatchNorm": (batchnorm_forward, batchnorm_backward),
    "SpatialBatchNorm": (partial(batchnorm_forward, spatial=True),
                         partial(batchnorm_backward, spatial=True)),
    "Linear_BatchNorm_ReLU": (linear_bn_relu_forward, linear_bn_relu_backward),
    "Conv": (conv_forward, conv_backward),
    "FastConv": (conv_forward, conv_backward),
    "MaxPool": (pool_forward, pool_backward),
    "FastMaxPool": (pool_forward, pool_backward),
    "Conv_ReLU": (conv_relu_forward, conv_relu_backward),
    "Conv_ReLU_Pool": (conv_relu_pool_forward, conv_relu_pool_backward),
    "Conv_BatchNorm_ReLU": (conv_bn_relu_forward, conv_bn_relu_backward),
    "Conv_BatchNorm_ReLU_Pool": (conv_bn_relu_pool_forward, conv_bn_relu_pool_backward),
}


def _proxy(fn, name):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, **kwargs)

    proxy.__name__ = name
    return proxy


PROXIES = {
    **{f"{cls}.{step}": _proxy(fn, f"{cls}.{step}")
       for cls, pair in LAYERS.items() for step, fn in zip(("forward", "backward"), pair)},
    "BatchNorm.backward_alt": _proxy(batchnorm_backward, "BatchNorm.backward_alt"),
    "softmax_loss": _proxy(softmax_loss, "softmax_loss"),
    "svm_loss": _proxy(svm_loss, "svm_loss"),
}


# ------------------------------------------------------------------ the networks


def _regularize(loss, grads, params, reg, names, reg_scale, reg_in_grads=True):
    loss += reg_scale * reg * sum(float(np.sum(_a(params[k]) ** 2)) for k in names)
    if reg_in_grads:
        for k in names:
            grads[k] = grads[k] + 2 * reg_scale * reg * _a(params[k])
    return loss, grads


def fcn_loss(X, y, params, reg, num_layers, use_dropout=False, dropout_param=None, dtype=None,
             *, reg_scale=1.0, last_reg=True, relu_last=False, reg_in_grads=True,
             dropout_last=False):
    """{linear - relu - [dropout]} x (L - 1) - linear - softmax (TwoLayerNet: L = 2, no
    dropout). Scores if y is None, else (loss, grads)."""
    L, mode = int(num_layers), "test" if y is None else "train"
    drop = {**(dropout_param or {}), "mode": mode}
    h, caches = _a(X), []
    for i in range(1, L):
        h, cache = linear_relu_forward(h, params[f"W{i}"], params[f"b{i}"])
        if use_dropout:
            h, drop_cache = dropout_forward(h, drop)
            cache = (cache, drop_cache)
        caches.append(cache)
    scores, last = linear_forward(h, params[f"W{L}"], params[f"b{L}"])
    if relu_last:
        scores, last_relu = relu_forward(scores)
    if use_dropout and dropout_last:
        scores, last_drop = dropout_forward(scores, drop)
    if y is None:
        return scores
    loss, d = softmax_loss(scores, y)
    grads = {}
    if use_dropout and dropout_last:
        d = dropout_backward(d, last_drop)
    if relu_last:
        d = relu_backward(d, last_relu)
    d, grads[f"W{L}"], grads[f"b{L}"] = linear_backward(d, last)
    for i in range(L - 1, 0, -1):
        cache = caches[i - 1]
        if use_dropout:
            cache, drop_cache = cache
            d = dropout_backward(d, drop_cache)
        d, grads[f"W{i}"], grads[f"b{i}"] = linear_relu_backward(d, cache)
    names = [f"W{i}" for i in (range(1, L + 1) if last_reg else range(1, L))]
    return _regularize(loss, grads, params, reg, names, reg_scale, reg_in_grads)


def two_layer_loss(X, y, params, reg, **knobs):
    return fcn_loss(X, y, params, reg, 2, **knobs)


def convnet_loss(X, y, params, reg, dtype=None, *, reg_scale=1.0, reg_on_conv=True):
    """conv (pad (fs - 1) // 2) - relu - 2x2 max pool - linear - relu - linear - softmax."""
    fs = np.asarray(params["W1"]).shape[2]
    conv = {"stride": 1, "pad": (fs - 1) // 2}
    h1, c1 = conv_relu_pool_forward(X, params["W1"], params["b1"], conv, POOL)
    h2, c2 = linear_relu_forward(h1.reshape(h1.shape[0], -1), params["W2"], params["b2"])
    scores, c3 = linear_forward(h2, params["W3"], params["b3"])
    if y is None:
        return scores
    loss, d = softmax_loss(scores, y)
    grads = {}
    d, grads["W3"], grads["b3"] = linear_backward(d, c3)
    d, grads["W2"], grads["b2"] = linear_relu_backward(d, c2)
    _, grads["W1"], grads["b1"] = conv_relu_pool_backward(d.reshape(h1.shape), c1)
    names = ["W1", "W2", "W3"] if reg_on_conv else ["W2", "W3"]
    return _regularize(loss, grads, params, reg, names, reg_scale)


def deep_loss(X, y, params, reg, num_layers, max_pools, batchnorm, bn_params, dtype=None, *,
              reg_scale=1.0, last_reg=True, reg_on_bn=False):
    """{conv 3x3 pad 1 - [spatial batchnorm] - relu - [2x2 pool]} x (L - 1) - linear."""
    L, mode = int(num_layers), "test" if y is None else "train"
    pools = {int(i) for i in (max_pools or [])}
    norms = [{**b, "mode": mode} for b in bn_params] if batchnorm else []
    h, caches = _a(X), []
    for i in range(1, L):
        w, b = params[f"W{i}"], params[f"b{i}"]
        if batchnorm:
            args = (h, w, b, params[f"gamma{i}"], params[f"beta{i}"], CONV, norms[i - 1])
            h, cache = (conv_bn_relu_pool_forward(*args, POOL) if i - 1 in pools
                        else conv_bn_relu_forward(*args))
        else:
            h, cache = (conv_relu_pool_forward(h, w, b, CONV, POOL) if i - 1 in pools
                        else conv_relu_forward(h, w, b, CONV))
        caches.append(cache)
    shape = h.shape
    scores, last = linear_forward(h.reshape(shape[0], -1), params[f"W{L}"], params[f"b{L}"])
    if y is None:
        return scores
    loss, d = softmax_loss(scores, y)
    grads = {}
    d, grads[f"W{L}"], grads[f"b{L}"] = linear_backward(d, last)
    d = d.reshape(shape)
    for i in range(L - 1, 0, -1):
        pooled, cache = i - 1 in pools, caches[i - 1]
        backward = ({True: conv_bn_relu_pool_backward, False: conv_bn_relu_backward} if batchnorm
                    else {True: conv_relu_pool_backward, False: conv_relu_backward})[pooled]
        out = backward(d, cache)
        d, grads[f"W{i}"], grads[f"b{i}"] = out[:3]
        if batchnorm:
            grads[f"gamma{i}"], grads[f"beta{i}"] = out[3:]
    names = [f"W{i}" for i in (range(1, L + 1) if last_reg else range(1, L))]
    if reg_on_bn and batchnorm:
        names += [f"gamma{i}" for i in range(1, L)]
    return _regularize(loss, grads, params, reg, names, reg_scale)


VARIANTS_NETS = (
    _variants(two_layer_loss, ("TwoLayerNet.loss",), {
        "reg_convention": [dict(reg_scale=0.5)],
        "reg_missing_in_grad": [dict(reg_in_grads=False)],
        "fcn_relu_on_scores": [dict(relu_last=True)],
    })
    # FullyConnectedNet: each mistake in either regularization convention (both are right)
    + _variants(fcn_loss, ("FullyConnectedNet.loss",), {
        mistake: [{**knob, "reg_scale": scale} for scale in (1.0, 0.5)]
        for mistake, knob in (("reg_missing_in_grad", dict(reg_in_grads=False)),
                              ("fcn_last_layer_unregularized", dict(last_reg=False)),
                              ("fcn_relu_on_scores", dict(relu_last=True)),
                              ("fcn_dropout_on_scores", dict(dropout_last=True)))})
    + _variants(convnet_loss, ("ThreeLayerConvNet.loss",), {
        "reg_convention": [dict(reg_scale=0.5)],
        "convnet_conv_not_regularized": [dict(reg_on_conv=False)],
    })
    + _variants(deep_loss, ("DeepConvNet.loss",), {
        "reg_convention": [dict(reg_scale=0.5)],
        "fcn_last_layer_unregularized": [dict(last_reg=False)],
        "deepconv_bn_regularized": [dict(reg_on_bn=True)],
    })
)
# FullyConnectedNet's docstring says its L2 term "includes a factor of 0.5" while the other
# networks' say it does not; the notebook checks it numerically only, so both are right.
ACCEPTED_NETS = (
    Variant("0.5·reg·ΣW² (the FullyConnectedNet docstring's convention)",
            ("FullyConnectedNet.loss",), partial(fcn_loss, reg_scale=0.5)),
)
