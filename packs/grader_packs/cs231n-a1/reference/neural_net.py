"""Reference TwoLayerNet of the 2016-2020 ``classifiers/neural_net.py``: ``loss(X, y=None,
reg=0.0)`` with ``self.params``, ``predict`` and ``train`` (its own SGD loop with a learning
rate decayed once per epoch). 2017-2020 regularize with reg·ΣW² (gradient 2·reg·W); 2016
with 0.5·reg·ΣW² (gradient reg·W)."""

from __future__ import annotations

import numpy as np

from .fc_net import two_layer_loss

MAX_ENTRIES = 1 << 22


def net_loss(X, y, reg, params, **knobs):
    """2017-2020: reg·ΣW²; the keyword arguments build the known-mistake variants."""
    return two_layer_loss(X, y, params, reg, **{"reg_scale": 1.0, **knobs})


def net_loss_2016(X, y, reg, params, **knobs):
    """2016: 0.5·reg·ΣW² ("multiply the regularization loss by 0.5")."""
    return two_layer_loss(X, y, params, reg, **{"reg_scale": 0.5, **knobs})


def net_predict(X, params, *, argmin=False):
    scores = two_layer_loss(X, None, params, 0.0)
    return np.argmin(scores, axis=1) if argmin else np.argmax(scores, axis=1)


def _params(attrs) -> dict:
    params = attrs.get("params")
    if not isinstance(params, dict) or not {"W1", "b1", "W2", "b2"} <= set(params):
        raise ValueError("self.params must be a dict with W1, b1, W2 and b2")
    return {k: np.asarray(params[k], np.float64) for k in ("W1", "b1", "W2", "b2")}


def _bounded(X, params) -> np.ndarray:
    X = np.asarray(X, np.float64)
    if X.ndim != 2 or X.shape[1] != params["W1"].shape[0]:
        raise ValueError(f"X has shape {X.shape}, W1 {params['W1'].shape}: they do not fit")
    if X.shape[0] * max(params["W1"].shape[1], params["W2"].shape[1]) > MAX_ENTRIES:
        raise ValueError("the activations would be too large")
    return X


def train_loss(X, y=None, reg=0.0, *, attrs):
    """What ``self.loss(X_batch, y=y_batch, reg=reg)`` returns during train(): the reference
    loss at the net's current params (a broken loss() cannot fail train)."""
    params = _params(attrs)
    X = _bounded(X, params)
    if y is not None:
        y = np.asarray(y).astype(np.int64)
        if y.shape != (X.shape[0],) or (y.size and (y.min() < 0 or y.max() >= params["W2"].shape[1])):
            raise ValueError(f"y has shape {y.shape} or labels out of range")
    return net_loss(X, y, float(reg), params)


def train_predict(X, *, attrs):
    """What ``self.predict(X)`` returns during train(): the reference prediction."""
    params = _params(attrs)
    return net_predict(_bounded(X, params), params)
