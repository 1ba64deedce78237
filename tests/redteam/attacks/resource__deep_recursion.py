"""Recurse far past the C stack after lifting Python's recursion limit."""
import sys

ATTACKED = {"svm_loss_naive": None, "svm_loss_vectorized": None}


def _down(n):
    return _down(n + 1) + 1


def svm_loss_naive(W, X, y, reg):
    sys.setrecursionlimit(10**8)
    return _down(0)


def svm_loss_vectorized(W, X, y, reg):
    return _down(0)
