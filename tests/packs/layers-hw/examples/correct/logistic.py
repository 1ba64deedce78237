import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def logistic_loss(w, X, y, reg):
    N = X.shape[0]
    p = sigmoid(X.dot(w))
    eps = 1e-300
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + reg * np.sum(w ** 2)
    dw = X.T.dot(p - y) / N + 2 * reg * w
    return loss, dw
