import numpy as np


def logistic_loss(w, X, y, reg):
    """Binary logistic regression: w (D,), X (N, D), y (N,) in {0, 1}.
    loss = mean cross-entropy of sigmoid(X @ w) + reg * sum(w * w). Returns (loss, dw)."""
    loss, dw = 0.0, np.zeros_like(w)
    # TODO
    return loss, dw
