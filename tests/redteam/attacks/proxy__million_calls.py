"""Call the host's loss proxy a million times from train() (each call is evaluated and recorded
on the host): bounded per call, reported as the student's failure."""
import numpy as np

ATTACKED = {"LinearClassifier.train": None}


class LinearClassifier(object):
    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200,
              verbose=False):
        self.W = np.zeros((X.shape[1], int(y.max()) + 1))
        for _ in range(1_000_000):
            self.loss(X[:1], y[:1], reg)
        return []
