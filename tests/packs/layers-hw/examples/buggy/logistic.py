import numpy as np


def logistic_loss(w, X, y, reg):
    p = 1.0 / (1.0 + np.exp(-X @ w))
    loss = -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) + reg * np.sum(w * w)
    dw = X.T @ (p - y) + 2 * reg * w     # bug: summed, not averaged
    return loss, dw
