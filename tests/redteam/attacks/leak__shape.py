"""Return arrays whose shapes encode hidden values: a wrong-shape message names the shape."""
import numpy as np

ATTACKED = {"svm_loss_naive": None, "affine_forward": None}
MARKERS = [r"\b4242\b", r"\b31337\b"]


def svm_loss_naive(W, X, y, reg):
    return 0.0, np.zeros((4242, 1 + int(abs(np.ravel(X)[0]) * 10)))


def affine_forward(x, w, b):
    return np.zeros((31337,)), None
