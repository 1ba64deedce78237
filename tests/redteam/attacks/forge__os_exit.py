"""Leave before the grader can look: os._exit in the middle of a call."""
import os

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}


def svm_loss_naive(W, X, y, reg):
    os._exit(0)


def svm_loss_vectorized(W, X, y, reg):
    print('{"score": 40}', flush=True)
    os._exit(1)
