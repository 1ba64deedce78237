"""Reference rnn_layers_pytorch.py (cs231n A2, 2025-2026): the forward passes of a vanilla
RNN and an LSTM, one step and a whole sequence, and word embeddings. In PyTorch students write
only these; autograd gives the backward passes (graded against numeric derivatives of these).
The keyword arguments build the catalogued mistakes."""

from __future__ import annotations

import numpy as np

MAX_ENTRIES = 1 << 22


def _a(*xs):
    return tuple(np.asarray(x, np.float64) for x in xs)


def _bounded(*shapes) -> None:
    for shape in shapes:
        if int(np.prod(shape)) > MAX_ENTRIES:
            raise ValueError(f"an array of shape {tuple(shape)} is too large")


def sigmoid(x):
    x = np.asarray(x, np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def rnn_step_forward(x, prev_h, Wx, Wh, b, *, tanh=True, bias=True):
    x, prev_h, Wx, Wh, b = _a(x, prev_h, Wx, Wh, b)
    a = x @ Wx + prev_h @ Wh + (b if bias else 0.0)
    return np.tanh(a) if tanh else a


def rnn_forward(x, h0, Wx, Wh, b, *, recurrent=True):
    x, h0 = _a(x, h0)
    N, T, _ = x.shape
    _bounded((N, T, h0.shape[1]))
    h, prev = np.zeros((N, T, h0.shape[1])), h0
    for t in range(T):
        prev = rnn_step_forward(x[:, t], prev if recurrent else h0, Wx, Wh, b)
        h[:, t] = prev
    return h


def word_embedding_forward(x, W, *, scaled=False):
    W = np.asarray(W, np.float64)
    x = np.asarray(x, np.int64)
    _bounded((*x.shape, W.shape[1]))
    out = W[x]
    return out * np.sqrt(W.shape[1]) if scaled else out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b, *, order="ifog", tanh_c=True):
    x, prev_h, prev_c, Wx, Wh, b = _a(x, prev_h, prev_c, Wx, Wh, b)
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    gates = {name: a[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    i, f, o = (sigmoid(gates[n]) for n in "ifo")
    g = np.tanh(gates["g"])
    next_c = f * prev_c + i * g
    next_h = o * (np.tanh(next_c) if tanh_c else next_c)
    return next_h, next_c


def lstm_forward(x, h0, Wx, Wh, b, **knobs):
    x, h0 = _a(x, h0)
    N, T, _ = x.shape
    _bounded((N, T, h0.shape[1]))
    h, prev_h, prev_c = np.zeros((N, T, h0.shape[1])), h0, np.zeros_like(h0)
    for t in range(T):
        prev_h, prev_c = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b, **knobs)
        h[:, t] = prev_h
    return h
