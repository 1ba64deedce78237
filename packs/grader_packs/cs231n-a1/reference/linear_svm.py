"""Reference multiclass SVM loss: mean hinge loss (delta 1) + reg·ΣW², gradient 2·reg·W."""

from __future__ import annotations

import numpy as np

from .regularization import l2


def svm_loss(W, X, y, reg, *, loss_scale=None, data_grad_scale=None, count_correct=False,
             correct_count_extra=0, data_grad_sign=1.0, margins_in_grad=False, **reg_knobs):
    """The SVM loss; the keyword arguments build the known-mistake variants (defaults: correct)."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    margins = np.maximum(0.0, scores - scores[rows, y][:, None] + 1.0)
    if not count_correct:
        margins[rows, y] = 0.0
    data_loss = margins.sum() * (1.0 / N if loss_scale is None else loss_scale)
    active = margins.copy() if margins_in_grad else (margins > 0).astype(np.float64)
    active[rows, y] = 0.0
    active[rows, y] = -(active.sum(axis=1) + correct_count_extra)
    data_grad = data_grad_sign * (X.T @ active) * (1.0 / N if data_grad_scale is None else data_grad_scale)
    reg_loss, reg_grad = l2(W, reg, N, **reg_knobs)
    return data_loss + reg_loss, data_grad + reg_grad


def svm_loss_naive(W, X, y, reg):
    return svm_loss(W, X, y, reg)


def svm_loss_vectorized(W, X, y, reg):
    return svm_loss(W, X, y, reg)
