import numpy as np


def logistic_loss(w, X, y, reg, *, mean=True, grad_sign=1.0, flip=False, reg_grad=2.0):
    """Mean binary cross-entropy of sigmoid(X @ w) against y in {0, 1}, plus reg·Σw²;
    returns (loss, dw)."""
    y = 1.0 - y if flip else y.astype(np.float64)
    z = X @ w
    p = np.exp(-np.logaddexp(0.0, -z))  # sigmoid, stable for large |z|
    scale = 1.0 / X.shape[0] if mean else 1.0
    loss = scale * np.sum(np.logaddexp(0.0, z) - y * z) + reg * np.sum(w * w)
    dw = grad_sign * scale * (X.T @ (p - y)) + reg_grad * reg * w
    return float(loss), dw
