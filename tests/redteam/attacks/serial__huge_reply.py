"""Return an output far larger than any answer (a 320 MB array)."""
import numpy as np

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    return 0.0, np.zeros(40_000_000)
