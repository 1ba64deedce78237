"""Make the naive version slow on purpose (sleeping and spinning on large inputs) so that a
vectorized version that hides its loop (exec'd, or np.frompyfunc) looks fast by comparison."""
import time

import numpy as np

ATTACKED = {"svm_loss_vectorized": "vectorized", "softmax_loss_vectorized": "vectorized",
            "KNearestNeighbor.compute_distances_no_loops": "vectorized"}
LOOP = """
loss = 0.0
dW = np.zeros(W.shape)
for i in range(X.shape[0]):
    s = X[i].dot(W)
    for j in range(W.shape[1]):
        if j == y[i]:
            continue
        m = s[j] - s[y[i]] + 1
        if m > 0:
            loss += m
            dW[:, j] += X[i]
            dW[:, y[i]] -= X[i]
loss = loss / X.shape[0] + reg * np.sum(W * W)
dW = dW / X.shape[0] + 2 * reg * W
"""


def _slow(n):
    if n > 100:  # the large input of the timing check: a second longer than it needs
        time.sleep(0.6)
        end = time.perf_counter() + 0.4
        while time.perf_counter() < end:
            pass


_HINGE = np.frompyfunc(lambda s, c: max(0.0, s - c + 1.0), 2, 1)  # a loop bound at import


def svm_loss_naive(W, X, y, reg):
    _slow(X.shape[0])
    scope = {"np": np, "W": W, "X": X, "y": y, "reg": reg}
    exec(LOOP, scope)
    return scope["loss"], scope["dW"]


def svm_loss_vectorized(W, X, y, reg):
    n = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(n), y][:, None]
    margins = _HINGE(scores, correct).astype(float)
    margins[np.arange(n), y] = 0
    mask = (margins > 0).astype(float)
    mask[np.arange(n), y] = -mask.sum(axis=1)
    return margins.sum() / n + reg * np.sum(W * W), X.T @ mask / n + 2 * reg * W


def softmax_loss_naive(W, X, y, reg):
    _slow(X.shape[0])
    return softmax_loss_vectorized(W, X, y, reg)


def softmax_loss_vectorized(W, X, y, reg):
    row = np.frompyfunc(lambda i: _row(W, X[i], y[i]), 1, 1)
    parts = row(np.arange(X.shape[0]))
    loss = sum(p[0] for p in parts) / X.shape[0] + reg * np.sum(W * W)
    dW = sum(p[1] for p in parts) / X.shape[0] + 2 * reg * W
    return loss, dW


def _row(W, x, label):
    s = x @ W
    s = s - s.max()
    p = np.exp(s) / np.exp(s).sum()
    g = p.copy()
    g[label] -= 1
    return -np.log(p[label]), np.outer(x, g)


class KNearestNeighbor(object):
    def train(self, X, y):
        self.X_train, self.y_train = X, y

    def compute_distances_two_loops(self, X):
        _slow(X.shape[0] * 100)
        return self.compute_distances_no_loops(X)

    def compute_distances_one_loop(self, X):
        _slow(X.shape[0] * 100)
        return self.compute_distances_no_loops(X)

    def compute_distances_no_loops(self, X):
        cell = np.frompyfunc(lambda i, j: np.sqrt(np.sum((X[i] - self.X_train[j]) ** 2)), 2, 1)
        i, j = np.meshgrid(np.arange(X.shape[0]), np.arange(self.X_train.shape[0]), indexing="ij")
        return cell(i, j).astype(float)
