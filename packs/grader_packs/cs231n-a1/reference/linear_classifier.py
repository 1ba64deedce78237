"""Reference LinearClassifier pieces: predict, and the loss its train() calls (host proxy)."""

from __future__ import annotations

import numpy as np

from .linear_svm import svm_loss


def predict(X, W, *, argmin=False):
    scores = X @ W
    return np.argmin(scores, axis=1) if argmin else np.argmax(scores, axis=1)


def train_loss(X_batch, y_batch, reg, *, attrs):
    """What ``self.loss(X_batch, y_batch, reg)`` returns during train(): the SVM loss at the
    classifier's current W (so a broken svm_loss_vectorized cannot fail train)."""
    W = np.asarray(attrs.get("W"), dtype=np.float64)
    X_batch, y_batch = np.asarray(X_batch, np.float64), np.asarray(y_batch)
    if W.ndim != 2 or X_batch.ndim != 2 or X_batch.shape[1] != W.shape[0]:
        raise ValueError(f"W has shape {W.shape} and X_batch {X_batch.shape}: they do not fit")
    if y_batch.shape != (X_batch.shape[0],):
        raise ValueError(f"y_batch has shape {y_batch.shape}, X_batch {X_batch.shape}")
    if X_batch.shape[0] * W.shape[1] > 1 << 22:
        raise ValueError(f"the scores would have {X_batch.shape[0] * W.shape[1]} entries")
    return svm_loss(W, X_batch, y_batch.astype(np.int64), float(reg))
