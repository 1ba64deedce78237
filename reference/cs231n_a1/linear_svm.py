"""Reference multiclass SVM loss: mean hinge loss (delta 1) + reg·ΣW², gradient 2·reg·W."""

from __future__ import annotations

import numpy as np


def svm_loss(W, X, y, reg, *, loss_scale=None, data_grad_scale=None, reg_loss=1.0,
             reg_grad=2.0, reg_grad_scalar=False, reg_grad_over_n=False, count_correct=False,
             correct_count_extra=0, data_grad_sign=1.0):
    """The SVM loss; the keyword arguments build the known-mistake variants (defaults: correct)."""
    N = X.shape[0]
    rows = np.arange(N)
    scores = X @ W
    margins = np.maximum(0.0, scores - scores[rows, y][:, None] + 1.0)
    if not count_correct:
        margins[rows, y] = 0.0
    data_loss = margins.sum() * (1.0 / N if loss_scale is None else loss_scale)
    active = (margins > 0).astype(np.float64)
    active[rows, y] = 0.0
    active[rows, y] = -(active.sum(axis=1) + correct_count_extra)
    data_grad = data_grad_sign * (X.T @ active) * (1.0 / N if data_grad_scale is None else data_grad_scale)
    reg_part = reg * np.ones_like(W) if reg_grad_scalar else reg_grad * reg * W
    if reg_grad_over_n:
        reg_part = reg_part / N
    return data_loss + reg_loss * reg * np.sum(W * W), data_grad + reg_part


def svm_loss_naive(W, X, y, reg):
    return svm_loss(W, X, y, reg)


def svm_loss_vectorized(W, X, y, reg):
    return svm_loss(W, X, y, reg)
