"""Reference softmax loss: mean cross-entropy via log-sum-exp + reg·ΣW², gradient 2·reg·W."""

from __future__ import annotations

import numpy as np


def softmax_loss(W, X, y, reg, *, loss_scale=None, data_grad_scale=None, reg_loss=1.0,
                 reg_grad=2.0, reg_grad_scalar=False, reg_grad_over_n=False,
                 normalize_over_all=False, subtract_one=True, data_grad_sign=1.0):
    """The softmax loss; the keyword arguments build the known-mistake variants."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    log_probs = shifted - log_norm
    if normalize_over_all:  # the sum in the denominator runs over the whole matrix
        log_probs = shifted - np.log(np.exp(shifted).sum())
    data_loss = -log_probs[rows, y].sum() * (1.0 / N if loss_scale is None else loss_scale)
    probs = np.exp(shifted - log_norm)
    if subtract_one:
        probs[rows, y] -= 1.0
    data_grad = data_grad_sign * (X.T @ probs) * (1.0 / N if data_grad_scale is None else data_grad_scale)
    reg_part = reg * np.ones_like(W) if reg_grad_scalar else reg_grad * reg * W
    if reg_grad_over_n:
        reg_part = reg_part / N
    return data_loss + reg_loss * reg * np.sum(W * W), data_grad + reg_part


def softmax_loss_naive(W, X, y, reg):
    return softmax_loss(W, X, y, reg)


def softmax_loss_vectorized(W, X, y, reg):
    return softmax_loss(W, X, y, reg)
