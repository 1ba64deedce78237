"""Reference two_layer_net.py (EECS 498 A2): affine - ReLU - affine - softmax, with
reg·(ΣW1² + ΣW2²) in the loss ("DO NOT multiply the regularization term by 1/2") and
gradients averaged over the batch."""

from __future__ import annotations

import numpy as np

from .fc_net import two_layer_loss

PARAMS = ("W1", "b1", "W2", "b2")


def _params(params) -> dict:
    if not isinstance(params, dict) or set(params) != set(PARAMS):
        raise ValueError(f"params must be a dict with keys {', '.join(PARAMS)}")
    return {k: np.asarray(params[k], np.float64) for k in PARAMS}


def nn_forward_pass(params, X, *, skip_b1=False, no_relu=False, skip_b2=False,
                    relu_scores=False):
    p, X = _params(params), np.asarray(X, np.float64)
    pre = X @ p["W1"] + (0.0 if skip_b1 else p["b1"])
    hidden = pre if no_relu else np.maximum(pre, 0)
    scores = hidden @ p["W2"] + (0.0 if skip_b2 else p["b2"])
    return (np.maximum(scores, 0) if relu_scores else scores), hidden


def nn_forward_backward(params, X, y=None, reg=0.0, **mistakes):
    """Scores when y is None, else (loss, grads); ``mistakes`` are fc_net's variant knobs."""
    return two_layer_loss(np.asarray(X, np.float64), None if y is None else np.asarray(y),
                          _params(params), float(reg), **{"reg_scale": 1.0, **mistakes})


def nn_predict(params, X, *, argmin=False):
    scores, _ = nn_forward_pass(params, X)
    return (np.argmin if argmin else np.argmax)(scores, axis=1).astype(np.int64)
