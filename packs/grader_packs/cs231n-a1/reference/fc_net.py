"""Reference TwoLayerNet.loss (cs231n 2021-2024 fc_net.py): affine - relu - affine - softmax,
with this file's 0.5·reg·ΣW² convention (gradient reg·W); and FullyConnectedNet.loss as
assignment 1 has it since 2025: (affine - relu) x (L - 1) - affine - softmax, normalization
and dropout being assignment 2's. Built from the host layers a proxied network calls."""

from __future__ import annotations

import numpy as np

from . import layers
from .layers import softmax_loss


def two_layer_loss(X, y, params, reg, *, reg_scale=0.5, skip_b1=False, reg_in_loss=True,
                   reg_in_grads=True, no_relu=False, mask_hidden_grad=True, db_mean=False,
                   reg_biases=False, relu_scores=False):
    W1, b1, W2, b2 = (np.asarray(params[k], np.float64) for k in ("W1", "b1", "W2", "b2"))
    x = X.reshape(X.shape[0], -1)
    pre = x @ W1 + (0.0 if skip_b1 else b1)
    h = pre.copy() if no_relu else np.maximum(0, pre)
    raw = h @ W2 + b2
    scores = np.maximum(0, raw) if relu_scores else raw
    if y is None:
        return scores
    loss, dscores = softmax_loss(scores, y)
    if relu_scores:
        dscores = np.where(raw > 0, dscores, 0.0)
    squares = np.sum(W1 * W1) + np.sum(W2 * W2)
    if reg_biases:
        squares += np.sum(b1 * b1) + np.sum(b2 * b2)
    if reg_in_loss:
        loss += reg_scale * reg * squares
    g = 2 * reg_scale * reg if reg_in_grads else 0.0
    dh = dscores @ W2.T
    if mask_hidden_grad and not no_relu:
        dh[pre <= 0] = 0
    bias = (lambda d: d.mean(axis=0)) if db_mean else (lambda d: d.sum(axis=0))
    grads = {"W2": h.T @ dscores + g * W2, "b2": bias(dscores),
             "W1": x.T @ dh + g * W1, "b1": bias(dh)}
    if reg_biases:
        grads["b1"] = grads["b1"] + g * b1
        grads["b2"] = grads["b2"] + g * b2
    return loss, grads


def fcn_loss(X, y, params, reg, num_layers, normalization=None, use_dropout=False,
             dropout_param=None, bn_params=None, dtype=None, *, reg_scale=0.5, last_reg=True,
             relu_last=False, reg_in_grads=True):
    """FullyConnectedNet.loss without normalization or dropout: scores when y is None, else
    (loss, grads) with 0.5·reg·ΣW² over every weight matrix W1 ... WL. The attributes of the
    other options come along and must be off (assignment 2 grades them)."""
    if normalization or use_dropout:
        raise ValueError("assignment 1 grades the network without normalization or dropout")
    L = int(num_layers)
    h, caches = np.asarray(X, np.float64), []
    for i in range(1, L):
        h, cache = layers.affine_relu_forward(h, params[f"W{i}"], params[f"b{i}"])
        caches.append(cache)
    scores, last = layers.affine_forward(h, params[f"W{L}"], params[f"b{L}"])
    if relu_last:
        scores, last_relu = layers.relu_forward(scores)
    if y is None:
        return scores
    loss, d = softmax_loss(scores, y)
    regularized = range(1, L + 1) if last_reg else range(1, L)
    loss += reg_scale * reg * sum(float(np.sum(np.asarray(params[f"W{i}"]) ** 2))
                                  for i in regularized)
    grads = {}
    if relu_last:
        d = layers.relu_backward(d, last_relu)
    d, grads[f"W{L}"], grads[f"b{L}"] = layers.affine_backward(d, last)
    for i in range(L - 1, 0, -1):
        d, grads[f"W{i}"], grads[f"b{i}"] = layers.affine_relu_backward(d, caches[i - 1])
    if reg_in_grads:
        for i in regularized:
            grads[f"W{i}"] = grads[f"W{i}"] + 2 * reg_scale * reg * np.asarray(params[f"W{i}"])
    return loss, grads
