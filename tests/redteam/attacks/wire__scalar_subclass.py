"""Return numpy scalar and array subclasses whose conversions lie (float() says the right
thing for any comparison, repr raises), and a float subclass equal to everything."""
import numpy as np

ATTACKED = {"svm_loss_naive": None, "softmax_loss_naive": None, "relu_forward": None}


class Liar(np.float64):
    def __float__(self):
        return 0.0

    def __eq__(self, other):
        return True

    def __repr__(self):
        raise RuntimeError("no repr")

    __hash__ = np.float64.__hash__


class Always(float):
    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    __rsub__ = __sub__
    __hash__ = float.__hash__


def svm_loss_naive(W, X, y, reg):
    return Liar(1.0), np.zeros(W.shape).view(type("A", (np.ndarray,), {}))


def softmax_loss_naive(W, X, y, reg):
    return Always(1.0), [Always(0.0)] * W.size


def relu_forward(x):
    return np.int64(3).view(type("I", (np.int64,), {})), None
