"""Return the right gradient times 777 (and the loss times 777): a diagnosis that says "777
times too large" echoes a number the student chose."""
import numpy as np

ATTACKED = {"svm_loss_vectorized": "value"}
MARKERS = [r"\b777\b"]


def svm_loss_vectorized(W, X, y, reg):
    n = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(n), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(n), y] = 0
    loss = margins.sum() / n + reg * np.sum(W * W)
    mask = (margins > 0).astype(float)
    mask[np.arange(n), y] = -mask.sum(axis=1)
    dW = X.T @ mask / n + 2 * reg * W
    return 777 * loss, 777 * dW
