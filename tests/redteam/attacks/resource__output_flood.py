"""Flood stdout and stderr, at the Python and the file-descriptor level."""
import os
import sys

import numpy as np

ATTACKED = {"svm_loss_naive": None}


def svm_loss_naive(W, X, y, reg):
    line = b"flood " * 20000
    for _ in range(2000):
        try:
            os.write(1, line)
            os.write(2, line)
        except OSError:
            break
        print("x" * 100000)
        sys.stderr.write("y" * 100000)
    return 0.0, np.zeros(W.shape)
