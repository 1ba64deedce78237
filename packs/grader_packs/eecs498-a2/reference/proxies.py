"""Host implementations of what student code calls through proxies (never sandboxed): the
``loss_func`` and ``pred_func`` arguments of the training loops, and ``sample_batch``."""

from __future__ import annotations

import numpy as np

from .linear_classifier import train_loss
from .two_layer_net import (
    nn_forward_backward,
    nn_forward_pass,
    nn_predict,
)

MAX_ELEMENTS = 1 << 22


def _bounded(params, X, name: str = "X") -> np.ndarray:
    """X as a (N, D) float matrix, refused when it or the layers it would make are huge: the
    arguments' sizes are bounded by the engine, but N x H (hidden activations) is a product."""
    X = np.asarray(X, np.float64)
    if X.ndim != 2 or X.size > MAX_ELEMENTS:
        raise ValueError(f"{name} must be a (N, D) matrix, got shape {X.shape}")
    widths = [np.shape(w)[-1] for k, w in (params.items() if isinstance(params, dict) else ())
              if k.startswith("W") and np.ndim(w) == 2]
    if widths and X.shape[0] * max(widths) > MAX_ELEMENTS:
        raise ValueError(f"{name} has {X.shape[0]} rows and a layer {max(widths)} units wide: "
                         f"the activations would have {X.shape[0] * max(widths)} entries")
    return X


def nn_loss(params, X_batch, y=None, reg=0.0, *, attrs):
    """``loss_func(params, X_batch, y=y_batch, reg=reg)`` as nn_train calls it."""
    return nn_forward_backward(params, _bounded(params, X_batch, "X_batch"), y, reg)


def nn_pred(params, loss_func=None, X=None, *, attrs):
    """``pred_func(params, loss_func, X)``: the reference prediction (loss_func is ignored)."""
    return nn_predict(params, _bounded(params, X))


class SampleBatch:
    """``sample_batch(X, y, num_train, batch_size)`` for the training loops: uniform indices
    with replacement, from a generator seeded per graded call (so grading is reproducible)."""

    __name__ = "sample_batch"

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)

    def fresh(self, seed: int) -> SampleBatch:
        return SampleBatch(seed)

    def __call__(self, X, y, num_train, batch_size, *, attrs):
        X, y = np.asarray(X), np.asarray(y)
        if X.shape[:1] != y.shape or not 1 <= int(num_train) <= len(X) or int(batch_size) < 1:
            raise ValueError("sample_batch(X, y, num_train, batch_size): arguments do not fit")
        if int(batch_size) * (X.size // max(len(X), 1)) > MAX_ELEMENTS:
            raise ValueError(f"a batch of {batch_size} rows is too large")
        idx = self.rng.integers(0, int(num_train), int(batch_size))
        return X[idx], y[idx]


PROXIES = {
    "linear_loss": train_loss,
    "nn_loss": nn_loss,
    "nn_pred": nn_pred,
    "sample_batch": SampleBatch(),
}


def forward_pass(params, X, *, attrs):
    """``nn_forward_pass(params, X)`` when the student's nn_forward_backward calls it."""
    return nn_forward_pass(params, _bounded(params, X))


PROXIES["nn_forward_pass"] = forward_pass
