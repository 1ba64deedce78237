"""Return a grads dict whose key names carry hidden values, and a warning that does."""
import warnings

import numpy as np

ATTACKED = {"TwoLayerNet.loss": None}
MARKERS = [r"LEAK_\d"]


class TwoLayerNet(object):
    def loss(self, X, y=None, reg=0.0):
        digits = "".join(str(int(abs(v) * 1000)) for v in np.ravel(X)[:4])
        warnings.warn(f"LEAK_{digits}")
        if y is None:
            return np.zeros((X.shape[0], 3))
        return 0.0, {f"LEAK_{digits}": np.zeros(3), "W1": np.zeros(1)}
