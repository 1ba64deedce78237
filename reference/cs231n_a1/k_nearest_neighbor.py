"""Reference kNN (cs231n k_nearest_neighbor.py): Euclidean distances, majority vote, ties to
the smallest label."""

from __future__ import annotations

import numpy as np


def compute_distances(X, X_train, y_train=None, *, squared=False):
    """(num_test, num_train) Euclidean distances, computed exactly (no cancellation)."""
    d2 = ((X[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=-1)
    return d2 if squared else np.sqrt(d2)


def predict_labels(dists, y_train, k=1, X_train=None, *, tie="smallest"):
    y_pred = np.zeros(dists.shape[0])
    for i, row in enumerate(dists):
        closest = y_train[np.argsort(row, kind="stable")[:k]]
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
