"""Raise from train() (which the grader runs to build the instance, on hidden inputs) with an
exception class named after the inputs: the fallback note names what the constructor raised."""
import numpy as np

ATTACKED = {"LinearClassifier.train": None, "LinearClassifier.predict": None}
MARKERS = [r"LEAK_\d"]


class LinearClassifier(object):
    def __init__(self):
        self.W = None

    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
              verbose=False):
        digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
        raise type(f"LEAK_{digits}", (RuntimeError,), {})(f"LEAK_{digits}")

    def predict(self, X):
        return np.zeros(X.shape[0], dtype=int)
