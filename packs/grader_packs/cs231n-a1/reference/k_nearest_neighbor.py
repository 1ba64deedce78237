"""Reference kNN (cs231n k_nearest_neighbor.py): Euclidean distances, majority vote, ties to
the smallest label."""

from __future__ import annotations

import numpy as np


def compute_distances(X, X_train, y_train=None, *, squared=False, l1=False):
    """(num_test, num_train) Euclidean distances, computed exactly (no cancellation)."""
    diff = X[:, None, :] - X_train[None, :, :]
    if l1:
        return np.abs(diff).sum(axis=-1)
    d2 = (diff ** 2).sum(axis=-1)
    return d2 if squared else np.sqrt(d2)


def predict_labels(dists, y_train, k=1, X_train=None, *, tie="smallest", farthest=False,
                   only_nearest=False):
    y_pred = np.zeros(dists.shape[0])
    k = 1 if only_nearest else k
    for i, row in enumerate(dists):
        order = np.argsort(-row if farthest else row, kind="stable")
        closest = y_train[order[:k]]
        if tie == "smallest":
            y_pred[i] = np.argmax(np.bincount(closest))
        elif tie == "nearest":  # Counter(closest).most_common(1): first seen among the tied
            counts = {}
            for label in closest:
                counts[label] = counts.get(label, 0) + 1
            y_pred[i] = max(counts, key=counts.get)
        else:  # "largest"
            counts = np.bincount(closest)
            y_pred[i] = len(counts) - 1 - np.argmax(counts[::-1])
    return y_pred
