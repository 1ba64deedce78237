"""Dereference a null pointer."""
import ctypes

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    return ctypes.string_at(0, 16)
