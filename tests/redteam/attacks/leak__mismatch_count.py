"""Return a gradient with exactly 4242 wrong entries (any count could be a hidden value), and
a loss of 98765.4321: the grader must not echo counts or values on hidden inputs."""
import numpy as np

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}
MARKERS = [r"\b4242\b", r"98765"]


def svm_loss_naive(W, X, y, reg):
    dW = np.zeros(W.shape)
    dW.flat[:4242] = 1.0
    return 98765.4321, dW


def svm_loss_vectorized(W, X, y, reg):
    return 98765.4321 + float(np.ravel(X)[0]), np.full(W.shape, 98765.4321)
