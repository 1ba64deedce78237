"""Make the host's reference code do enormous work: call the loss proxy from train() with a W
of 10^7 columns (the host would build a 10^11-entry score matrix) and a huge affine layer."""
import numpy as np

ATTACKED = {"LinearClassifier.train": None, "TwoLayerNet.loss": None}


class LinearClassifier(object):
    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
              verbose=False):
        self.W = np.zeros((X.shape[1], 3_000_000))
        history = []
        for _ in range(num_iters):
            loss, grad = self.loss(np.repeat(X, 50, axis=0), np.repeat(y, 50), reg)
            history.append(loss)
        return history


class TwoLayerNet(object):
    def loss(self, X, y=None):
        x = np.ones((5000, 1))
        w = np.ones((1, 4000))
        out, _ = affine_forward(x, w, np.zeros(4000))
        return out
