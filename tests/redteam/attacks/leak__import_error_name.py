"""Import a module named after hidden values from inside the graded call: the grader may name
the missing module ("install X")."""
import importlib

import numpy as np

ATTACKED = {"svm_loss_naive": None, "softmax_loss_vectorized": None}
MARKERS = [r"LEAK_\d", r"leak\d"]


def svm_loss_naive(W, X, y, reg):
    digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
    importlib.import_module(f"LEAK_{digits}")


def softmax_loss_vectorized(W, X, y, reg):
    digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
    raise ModuleNotFoundError(f"No module named 'leak{digits}'", name=f"leak{digits}")
