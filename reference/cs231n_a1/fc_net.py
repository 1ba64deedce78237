"""Reference TwoLayerNet.loss (cs231n 2021-2024 fc_net.py): affine - relu - affine - softmax,
with this file's 0.5·reg·ΣW² convention (gradient reg·W)."""

from __future__ import annotations

import numpy as np

from grader.reference.cs231n_a1.layers import softmax_loss


def two_layer_loss(X, y, params, reg, *, reg_scale=0.5, skip_b1=False, reg_in_loss=True,
                   reg_in_grads=True):
    W1, b1, W2, b2 = (np.asarray(params[k], np.float64) for k in ("W1", "b1", "W2", "b2"))
    x = X.reshape(X.shape[0], -1)
    pre = x @ W1 + (0.0 if skip_b1 else b1)
    h = np.maximum(0, pre)
    scores = h @ W2 + b2
    if y is None:
        return scores
    loss, dscores = softmax_loss(scores, y)
    if reg_in_loss:
        loss += reg_scale * reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
    g = 2 * reg_scale * reg if reg_in_grads else 0.0
    dh = dscores @ W2.T
    dh[pre <= 0] = 0
    grads = {"W2": h.T @ dscores + g * W2, "b2": dscores.sum(axis=0),
             "W1": x.T @ dh + g * W1, "b1": dh.sum(axis=0)}
    return loss, grads
