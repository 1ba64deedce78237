"""Reference implementations for autograd_basics.py, with the knobs its variants turn."""

from __future__ import annotations

import numpy as np


def softmax(scores, *, shift=True, dim=1, over_all=False):
    """Row-wise softmax of (N, C) scores; rows sum to 1, stable for large scores."""
    s = np.asarray(scores, np.float64)
    if shift:
        s = s - s.max(axis=dim, keepdims=True)
    e = np.exp(s)
    return e / (e.sum() if over_all else e.sum(axis=dim, keepdims=True))


def softmax_cross_entropy(scores, y, *, mean=True, sign=-1.0, over_all=False):
    """Mean over rows of -log softmax(scores)[i, y[i]] (log-sum-exp, stable)."""
    s = np.asarray(scores, np.float64)
    y = np.asarray(y, np.int64)
    s = s - s.max(axis=1, keepdims=True)
    if over_all:
        log_norm = np.log(np.exp(s).sum())
        picked = s[np.arange(len(y)), y] - log_norm
    else:
        picked = s[np.arange(len(y)), y] - np.log(np.exp(s).sum(axis=1))
    total = sign * picked
    return float(total.mean() if mean else total.sum())


def sigmoid(x, *, sign=1.0):
    x = np.asarray(x, np.float64)
    out = np.empty_like(x)
    z = sign * x
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def binary_cross_entropy(probs, y, *, mean=True, swapped=False, sign=-1.0):
    """Mean of -(y log p + (1 - y) log(1 - p))."""
    p, y = np.asarray(probs, np.float64), np.asarray(y, np.float64)
    if swapped:
        p = 1.0 - p
    terms = sign * (y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(terms.mean() if mean else terms.sum())


def affine_backward(x, w, b, dout, *, db_mean=False, ignore_dout=False):
    """Gradients of out = x @ w + b: (dx, dw, db) with the shapes of x, w and b."""
    x, w, dout = (np.asarray(a, np.float64) for a in (x, w, dout))
    if ignore_dout:
        dout = np.ones_like(dout)
    dx = dout @ w.T
    dw = x.T @ dout
    db = dout.mean(axis=0) if db_mean else dout.sum(axis=0)
    return dx, dw, db


def relu(x):
    """MyReLU's forward."""
    return np.maximum(np.asarray(x, np.float64), 0)


def relu_grad(x, dout, *, use_upstream=True, masked=True):
    """What MyReLU's backward must give x: dout where x > 0, else 0."""
    x, dout = np.asarray(x, np.float64), np.asarray(dout, np.float64)
    upstream = dout if use_upstream else np.ones_like(dout)
    return upstream * (x > 0) if masked else upstream.copy()


def affine_forward(x, w, b):
    """The forward pass affine_backward differentiates (for the numeric check)."""
    return np.asarray(x, np.float64) @ np.asarray(w, np.float64) + np.asarray(b, np.float64)
