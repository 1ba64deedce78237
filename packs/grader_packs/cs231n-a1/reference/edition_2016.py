"""The 2016 linear classifiers: the starter's ``loss += 0.5 * reg * np.sum(W * W)``, so the
regularization gradient is reg·W."""

from __future__ import annotations

from functools import partial

from .linear_svm import svm_loss
from .softmax import softmax_loss

HALF = {"reg_loss": 0.5, "reg_grad": 1.0}

svm_loss_2016 = partial(svm_loss, **HALF)
softmax_loss_2016 = partial(softmax_loss, **HALF)


def svm_loss_naive(W, X, y, reg):
    return svm_loss_2016(W, X, y, reg)


def softmax_loss_naive(W, X, y, reg):
    return softmax_loss_2016(W, X, y, reg)
