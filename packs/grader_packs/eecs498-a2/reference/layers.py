"""The softmax loss on scores (cs231n 2021-2024 A1 layers.py), as the two-layer net uses it."""

from __future__ import annotations

import numpy as np


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
