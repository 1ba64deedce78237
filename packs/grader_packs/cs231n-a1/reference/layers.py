"""Reference layers (cs231n 2021-2024 A1 layers.py): affine, ReLU, and the two losses on scores."""

from __future__ import annotations

import numpy as np


def affine_forward(x, w, b, *, skip_bias=False):
    out = x.reshape(x.shape[0], -1) @ w + (0.0 if skip_bias else b)
    return out, (x, w, b)


def affine_backward(dout, cache, *, db_mean=False, ignore_dout=False):
    x, w, b = cache
    upstream = np.ones_like(dout) if ignore_dout else dout
    dx = (upstream @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ upstream
    db = upstream.mean(axis=0) if db_mean else upstream.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache, *, masked=True, ignore_dout=False):
    x = cache
    upstream = np.ones_like(dout) if ignore_dout else dout
    return upstream * (x > 0) if masked else upstream.copy()


def svm_loss(x, y, *, loss_scale=None, grad_scale=None, count_correct=False):
    N = x.shape[0]
    rows = np.arange(N)
    margins = np.maximum(0.0, x - x[rows, y][:, None] + 1.0)
    if not count_correct:
        margins[rows, y] = 0.0
    loss = margins.sum() * (1.0 / N if loss_scale is None else loss_scale)
    active = (margins > 0).astype(np.float64)
    active[rows, y] = 0.0
    active[rows, y] = -active.sum(axis=1)
    return loss, active * (1.0 / N if grad_scale is None else grad_scale)


def softmax_loss(x, y, *, loss_scale=None, grad_scale=None, subtract_one=True,
                 normalize_over_all=False):
    N = x.shape[0]
    rows = np.arange(N)
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    if normalize_over_all:  # only the loss: the gradient is usually computed per row
        loss = -(shifted - np.log(np.exp(shifted).sum()))[rows, y].sum() / N
        dx = np.exp(log_probs)
        dx[rows, y] -= 1.0
        return loss, dx / N
    loss = -log_probs[rows, y].sum() * (1.0 / N if loss_scale is None else loss_scale)
    dx = np.exp(log_probs)
    if subtract_one:
        dx[rows, y] -= 1.0
    return loss, dx * (1.0 / N if grad_scale is None else grad_scale)


def affine_relu_forward(x, w, b):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    fc_cache, relu_cache = cache
    return affine_backward(relu_backward(dout, relu_cache), fc_cache)
