"""Reference softmax loss: mean cross-entropy via log-sum-exp + reg·ΣW², gradient 2·reg·W."""

from __future__ import annotations

import numpy as np

from .regularization import l2


def softmax_loss(W, X, y, reg, *, loss_scale=None, data_grad_scale=None,
                 normalize_over_all=False, subtract_one=True, data_grad_sign=1.0, **reg_knobs):
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
    reg_loss, reg_grad = l2(W, reg, N, **reg_knobs)
    return data_loss + reg_loss, data_grad + reg_grad


def softmax_loss_naive(W, X, y, reg):
    return softmax_loss(W, X, y, reg)


def softmax_loss_vectorized(W, X, y, reg):
    return softmax_loss(W, X, y, reg)
