"""Carry hidden values out in the file name of the frame that raised (exec'd code names its
own file), and in the line number (pick the line from the value)."""
import numpy as np

ATTACKED = {"svm_loss_naive": None, "softmax_loss_naive": None}
MARKERS = [r"LEAK_\d", r":7\d\d\b"]


def svm_loss_naive(W, X, y, reg):
    digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
    exec(compile("raise IndexError('x')", f"LEAK_{digits}.py", "exec"))


def softmax_loss_naive(W, X, y, reg):
    line = 700 + int(abs(np.ravel(X)[0]) * 1000) % 99
    exec(compile("\n" * (line - 1) + "raise KeyError('x')", __file__, "exec"))
