"""Hang on a line chosen from a hidden value: a timeout names the line it stopped at."""
import numpy as np

ATTACKED = {"svm_loss_naive": None}
MARKERS = [r":9\d\d\b"]
SPIN = "\n" * 898 + "\n".join(f"if k == {i}:\n    while True: pass" for i in range(40))


def svm_loss_naive(W, X, y, reg):
    code = compile(SPIN, __file__, "exec")
    exec(code, {"k": int(abs(np.ravel(X)[0]) * 1000) % 40})
