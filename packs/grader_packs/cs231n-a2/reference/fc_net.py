"""Reference FullyConnectedNet.loss (cs231n A2 fc_net.py, 2018+): {affine - [batch/layer norm]
- relu - [dropout]} x (L - 1) - affine - softmax, 0.5·reg·ΣW² over every weight matrix; and
ThreeLayerConvNet.loss (cnn.py): conv - relu - 2x2 max pool - affine - relu - affine -
softmax. Both are built from the same host layers a proxied student network calls, so a
correct network matches them exactly; the keywords build the known mistakes."""

from __future__ import annotations

import numpy as np

from . import net_layers as nl


def fcn_loss(X, y, params, reg, num_layers, normalization, use_dropout, dropout_param,
             bn_params, dtype=None, *, reg_scale=0.5, last_reg=True, relu_last=False,
             norm_after_relu=False, reg_in_grads=True):
    L, mode = int(num_layers), "test" if y is None else "train"
    drop = {**dropout_param, "mode": mode}
    norms = [{**b, "mode": mode} for b in bn_params] if normalization else []
    h, caches = np.asarray(X, np.float64), []
    for i in range(1, L):
        a, fc = nl.affine_forward(h, params[f"W{i}"], params[f"b{i}"])
        cache = {"fc": fc}
        steps = ["norm", "relu"] if not norm_after_relu else ["relu", "norm"]
        for step in steps:
            if step == "relu":
                a, cache["relu"] = nl.relu_forward(a)
            elif normalization == "batchnorm":
                a, cache["norm"] = nl.batchnorm_forward(a, params[f"gamma{i}"],
                                                        params[f"beta{i}"], norms[i - 1])
            elif normalization == "layernorm":
                a, cache["norm"] = nl.layernorm_forward(a, params[f"gamma{i}"],
                                                        params[f"beta{i}"], norms[i - 1])
        if use_dropout:
            a, cache["drop"] = nl.dropout_forward(a, drop)
        h = a
        caches.append(cache)
    scores, last = nl.affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    if relu_last:
        scores, last_relu = nl.relu_forward(scores)
    if y is None:
        return scores
    loss, d = nl.softmax_loss(scores, y)
    regularized = range(1, L + 1) if last_reg else range(1, L)
    loss += reg_scale * reg * sum(float(np.sum(np.asarray(params[f"W{i}"]) ** 2))
                                  for i in regularized)
    grads = {}
    if relu_last:
        d = nl.relu_backward(d, last_relu)
    d, grads[f"W{L}"], grads[f"b{L}"] = nl.affine_backward(d, last)
    for i in range(L - 1, 0, -1):
        cache = caches[i - 1]
        if use_dropout:
            d = nl.dropout_backward(d, cache["drop"])
        for step in reversed(steps):
            if step == "relu":
                d = nl.relu_backward(d, cache["relu"])
            elif normalization == "batchnorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = nl.batchnorm_backward(d, cache["norm"])
            elif normalization == "layernorm":
                d, grads[f"gamma{i}"], grads[f"beta{i}"] = nl.layernorm_backward(d, cache["norm"])
        d, grads[f"W{i}"], grads[f"b{i}"] = nl.affine_backward(d, cache["fc"])
    for i in regularized:
        if reg_in_grads:
            grads[f"W{i}"] = grads[f"W{i}"] + 2 * reg_scale * reg * np.asarray(params[f"W{i}"])
    return loss, grads


def convnet_loss(X, y, params, reg, dtype=None, *, reg_scale=0.5, pad_same=True, no_pool=False,
                 reg_on_conv=True):
    W1, b1, W2, b2, W3, b3 = (np.asarray(params[k], np.float64)
                              for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    fs = W1.shape[2]
    conv_param = {"stride": 1, "pad": (fs - 1) // 2 if pad_same else 0}
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    if no_pool:
        h1, c1 = nl.conv_relu_forward(X, W1, b1, conv_param)
    else:
        h1, c1 = nl.conv_relu_pool_forward(X, W1, b1, conv_param, pool_param)
    h2, c2 = nl.affine_relu_forward(h1, W2, b2)
    scores, c3 = nl.affine_forward(h2, W3, b3)
    if y is None:
        return scores
    loss, d = nl.softmax_loss(scores, y)
    weights = [W1, W2, W3] if reg_on_conv else [W2, W3]
    loss += reg_scale * reg * sum(float(np.sum(W * W)) for W in weights)
    g = 2 * reg_scale * reg
    d, dW3, db3 = nl.affine_backward(d, c3)
    d, dW2, db2 = nl.affine_relu_backward(d, c2)
    _, dW1, db1 = (nl.conv_relu_backward if no_pool else nl.conv_relu_pool_backward)(d, c1)
    return loss, {"W1": dW1 + (g * W1 if reg_on_conv else 0.0), "b1": db1,
                  "W2": dW2 + g * W2, "b2": db2, "W3": dW3 + g * W3, "b3": db3}


def fcn_loss_2017(X, y, params, reg, num_layers, use_batchnorm, use_dropout, dropout_param,
                  bn_params, dtype=None, **knobs):
    """2016-2017: `use_batchnorm` instead of `normalization`, and dropout's p drops a unit
    (the proxies answer dropout_forward the same way)."""
    keep = {**dropout_param, "p": 1.0 - dropout_param["p"]} if "p" in dropout_param \
        else dropout_param
    return fcn_loss(X, y, params, reg, num_layers, "batchnorm" if use_batchnorm else None,
                    use_dropout, keep, bn_params, dtype, **knobs)
