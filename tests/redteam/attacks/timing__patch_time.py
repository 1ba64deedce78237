"""A loop-based 'vectorized' function that patches every clock to look fast."""
import time

import numpy as np

ATTACKED = {"svm_loss_vectorized": "vectorized"}
_start = time.perf_counter()
for _name in ("time", "perf_counter", "monotonic", "process_time", "perf_counter_ns",
              "monotonic_ns", "time_ns"):
    setattr(time, _name, lambda *a: 0)


def svm_loss_vectorized(W, X, y, reg):
    N = X.shape[0]
    loss, dW = 0.0, np.zeros_like(W)
    for i in range(N):
        s = X[i] @ W
        m = np.maximum(0, s - s[y[i]] + 1)
        m[y[i]] = 0
        loss += m.sum()
        a = (m > 0).astype(float)
        a[y[i]] = -a.sum()
        dW += np.outer(X[i], a)
    return loss / N + reg * np.sum(W * W), dW / N + 2 * reg * W
