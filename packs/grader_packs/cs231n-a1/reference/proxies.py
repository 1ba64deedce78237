"""Host implementations of the functions student code calls through proxies (never sandboxed).

Each takes the call's plain-data arguments plus ``attrs`` (the instance attributes the proxy
sends, e.g. W) and returns plain data.
"""

from __future__ import annotations

from . import layers, neural_net
from .linear_classifier import train_loss

MAX_OUTPUT = 1 << 22


def _layer(fn):
    def proxy(*args, attrs, **kwargs):
        _bounded_output(fn.__name__, args)
        return fn(*args, **kwargs)

    proxy.__name__ = fn.__name__
    return proxy


def _bounded_output(name: str, args: tuple) -> None:
    """Refuse a forward pass whose output would be huge (rows x columns of a product)."""
    import numpy as np

    if name in ("affine_forward", "affine_relu_forward") and len(args) >= 2:
        x, w = np.asarray(args[0]), np.asarray(args[1])
        if x.ndim and w.ndim == 2 and x.shape[0] * w.shape[1] > MAX_OUTPUT:
            raise ValueError(f"the output would have {x.shape[0] * w.shape[1]} entries")


PROXIES = {
    "loss": train_loss,
    "net_train_loss": neural_net.train_loss,  # neural_net.py (2016-2020) TwoLayerNet.train
    "net_train_predict": neural_net.train_predict,
    **{name: _layer(getattr(layers, name)) for name in (
        "affine_forward", "affine_backward", "relu_forward", "relu_backward",
        "affine_relu_forward", "affine_relu_backward", "svm_loss", "softmax_loss")},
}
