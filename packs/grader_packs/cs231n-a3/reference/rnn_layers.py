"""Reference rnn_layers.py (cs231n A3, 2016-2024: the same logic every year): vanilla RNN and
LSTM steps and sequences, word embeddings. Backward passes take the forward's inputs (the
grader hands the student's backward the cache of their own forward). The keyword arguments
build the catalogued mistakes."""

from __future__ import annotations

import numpy as np


def _a(*xs):
    return tuple(np.asarray(x, np.float64) for x in xs)


def sigmoid(x):
    """The numerically stable sigmoid the starter provides."""
    x = np.asarray(x, np.float64)
    return np.where(x >= 0, 1 / (1 + np.exp(-np.abs(x))), np.exp(-np.abs(x)) / (1 + np.exp(-np.abs(x))))


# ------------------------------------------------------------------ vanilla RNN


def rnn_step(x, prev_h, Wx, Wh, b, *, tanh=True, bias=True):
    x, prev_h, Wx, Wh, b = _a(x, prev_h, Wx, Wh, b)
    a = x @ Wx + prev_h @ Wh + (b if bias else 0.0)
    return np.tanh(a) if tanh else a


def rnn_step_forward(x, prev_h, Wx, Wh, b, **knobs):
    return rnn_step(x, prev_h, Wx, Wh, b, **knobs), None


def rnn_step_grads(dnext_h, x, prev_h, Wx, Wh, b, *, tanh_grad="square", db_mean=False):
    dnext_h, x, prev_h, Wx, Wh, b = _a(dnext_h, x, prev_h, Wx, Wh, b)
    h = rnn_step(x, prev_h, Wx, Wh, b)
    da = dnext_h * ((1 - h ** 2) if tanh_grad == "square" else (1 - h) if tanh_grad == "linear"
                    else 1.0)
    db = da.mean(axis=0) if db_mean else da.sum(axis=0)
    return da @ Wx.T, da @ Wh.T, x.T @ da, prev_h.T @ da, db


def rnn_step_backward(dnext_h, x, prev_h, Wx, Wh, b, **knobs):
    return rnn_step_grads(dnext_h, x, prev_h, Wx, Wh, b, **knobs)


def rnn_sequence(x, h0, Wx, Wh, b, *, recurrent=True):
    x, h0 = _a(x, h0)
    N, T, _ = x.shape
    h, prev = np.zeros((N, T, h0.shape[1])), h0
    for t in range(T):
        prev = rnn_step(x[:, t], prev if recurrent else h0, Wx, Wh, b)
        h[:, t] = prev
    return h


def rnn_forward(x, h0, Wx, Wh, b, **knobs):
    return rnn_sequence(x, h0, Wx, Wh, b, **knobs), None


def rnn_backward(dh, x, h0, Wx, Wh, b, *, carry=True):
    """``carry=False``: each step sees only its own dh[:, t] (the gradient coming back from
    the next step is dropped)."""
    dh, x, h0, Wx, Wh, b = _a(dh, x, h0, Wx, Wh, b)
    h = rnn_sequence(x, h0, Wx, Wh, b)
    N, T, D = x.shape
    dx, dWx, dWh, db = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dprev = np.zeros_like(h0)
    for t in reversed(range(T)):
        prev = h[:, t - 1] if t > 0 else h0
        dxt, dprev_t, dWxt, dWht, dbt = rnn_step_grads(dh[:, t] + (dprev if carry else 0.0),
                                                       x[:, t], prev, Wx, Wh, b)
        dx[:, t] = dxt
        dWx, dWh, db, dprev = dWx + dWxt, dWh + dWht, db + dbt, dprev_t
    return dx, dprev, dWx, dWh, db


# ------------------------------------------------------------------ word embedding


def word_embedding_forward(x, W, *, scaled=False):
    W = np.asarray(W, np.float64)
    out = W[np.asarray(x, np.int64)]
    return (out * np.sqrt(W.shape[1]) if scaled else out), None


def word_embedding_backward(dout, x, W, *, overwrite=False):
    dout, W = _a(dout, W)
    x = np.asarray(x, np.int64)
    dW = np.zeros_like(W)
    if overwrite:  # dW[x] = dout: a word used twice keeps one of its gradients
        dW[x] = dout
    else:
        np.add.at(dW, x, dout)
    return dW


# ------------------------------------------------------------------ LSTM


def lstm_step(x, prev_h, prev_c, Wx, Wh, b, *, order="ifog", tanh_c=True):
    x, prev_h, prev_c, Wx, Wh, b = _a(x, prev_h, prev_c, Wx, Wh, b)
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    gates = {name: a[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    i, f, o, g = (sigmoid(gates["i"]), sigmoid(gates["f"]), sigmoid(gates["o"]),
                  np.tanh(gates["g"]))
    next_c = f * prev_c + i * g
    next_h = o * (np.tanh(next_c) if tanh_c else next_c)
    return next_h, next_c


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b, **knobs):
    next_h, next_c = lstm_step(x, prev_h, prev_c, Wx, Wh, b, **knobs)
    return next_h, next_c, None


def lstm_step_grads(dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b, *, dc_through_h=True,
                    order="ifog"):
    dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b = _a(dnext_h, dnext_c, x, prev_h, prev_c,
                                                        Wx, Wh, b)
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    blocks = {name: slice(k * H, (k + 1) * H) for k, name in enumerate(order)}
    i, f, o = (sigmoid(a[:, blocks[n]]) for n in "ifo")
    g = np.tanh(a[:, blocks["g"]])
    next_c = f * prev_c + i * g
    tc = np.tanh(next_c)
    dc = dnext_c + (dnext_h * o * (1 - tc ** 2) if dc_through_h else 0.0)
    grads = {"i": dc * g * i * (1 - i), "f": dc * prev_c * f * (1 - f),
             "o": dnext_h * tc * o * (1 - o), "g": dc * i * (1 - g ** 2)}
    da = np.zeros_like(a)
    for n, s in blocks.items():
        da[:, s] = grads[n]
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, prev_h.T @ da, da.sum(axis=0)


def lstm_step_backward(dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b, **knobs):
    return lstm_step_grads(dnext_h, dnext_c, x, prev_h, prev_c, Wx, Wh, b, **knobs)


def lstm_sequence(x, h0, Wx, Wh, b, **knobs):
    x, h0 = _a(x, h0)
    N, T, _ = x.shape
    h, cs = np.zeros((N, T, h0.shape[1])), np.zeros((N, T, h0.shape[1]))
    prev_h, prev_c = h0, np.zeros_like(h0)
    for t in range(T):
        prev_h, prev_c = lstm_step(x[:, t], prev_h, prev_c, Wx, Wh, b, **knobs)
        h[:, t], cs[:, t] = prev_h, prev_c
    return h, cs


def lstm_forward(x, h0, Wx, Wh, b, **knobs):
    return lstm_sequence(x, h0, Wx, Wh, b, **knobs)[0], None


def lstm_backward(dh, x, h0, Wx, Wh, b, *, carry=True):
    dh, x, h0, Wx, Wh, b = _a(dh, x, h0, Wx, Wh, b)
    h, cs = lstm_sequence(x, h0, Wx, Wh, b)
    N, T, D = x.shape
    dx, dWx, dWh, db = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dprev_h, dprev_c = np.zeros_like(h0), np.zeros_like(h0)
    for t in reversed(range(T)):
        prev_h = h[:, t - 1] if t > 0 else h0
        prev_c = cs[:, t - 1] if t > 0 else np.zeros_like(h0)
        upstream = dh[:, t] + (dprev_h if carry else 0.0)
        dxt, dprev_h, dprev_c, dWxt, dWht, dbt = lstm_step_grads(
            upstream, dprev_c if carry else np.zeros_like(h0), x[:, t], prev_h, prev_c, Wx, Wh, b)
        dx[:, t] = dxt
        dWx, dWh, db = dWx + dWxt, dWh + dWht, db + dbt
    return dx, dprev_h, dWx, dWh, db
