"""Reference linear_classifier.py (EECS 498 A2): the losses follow the same conventions as
cs231n since 2017 (reg·ΣW² in the loss, 2·reg·W in the gradient, both averaged over N)."""

from __future__ import annotations

import numpy as np

from .linear_svm import svm_loss
from .softmax import softmax_loss

__all__ = ["svm_loss", "softmax_loss", "predict_linear_classifier", "train_loss"]


def predict_linear_classifier(W, X, *, argmin=False):
    scores = np.asarray(X, np.float64) @ np.asarray(W, np.float64)
    return (np.argmin if argmin else np.argmax)(scores, axis=1).astype(np.int64)


def train_loss(W, X_batch, y_batch, reg, *, attrs):
    """``loss_func(W, X_batch, y_batch, reg)`` as train_linear_classifier calls it: the
    reference SVM loss, so a broken svm_loss_vectorized cannot fail the training loop."""
    W, X_batch = np.asarray(W, np.float64), np.asarray(X_batch, np.float64)
    y_batch = np.asarray(y_batch)
    if W.ndim != 2 or X_batch.ndim != 2 or X_batch.shape[1] != W.shape[0]:
        raise ValueError(f"W has shape {W.shape} and X_batch {X_batch.shape}: they do not fit")
    if y_batch.shape != (X_batch.shape[0],):
        raise ValueError(f"y_batch has shape {y_batch.shape}, X_batch {X_batch.shape}")
    return svm_loss(W, X_batch, y_batch.astype(np.int64), float(reg))


def sample_batch(X, y, num_train, batch_size):
    """What sample_batch returns for one draw (the check itself verifies many draws)."""
    idx = np.random.default_rng(0).integers(0, int(num_train), int(batch_size))
    return np.asarray(X)[idx], np.asarray(y)[idx]
