"""nan compares unequal to everything, so a careless 'not (a != b)' passes it."""
import numpy as np

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    dW = np.full(W.shape, np.nan)
    dW[0, 0] = np.inf
    return float("nan"), dW
