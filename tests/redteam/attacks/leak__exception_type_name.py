"""Carry hidden values out in the name of an exception class made on the spot (type names are
shown for exceptions); the message is hidden already."""
import numpy as np

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}
MARKERS = [r"LEAK_\d"]


def _raise(X):
    digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
    raise type(f"LEAK_{digits}", (ValueError,), {})()


def svm_loss_naive(W, X, y, reg):
    _raise(X)


def svm_loss_vectorized(W, X, y, reg):
    _raise(X)
