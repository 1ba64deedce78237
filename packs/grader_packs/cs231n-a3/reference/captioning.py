"""Reference CaptioningRNN (cs231n A3 classifiers/rnn.py, 2016-2024): loss and greedy
sample, built from host layers with plain-data caches. A student's network is graded with its
layer calls answered by these (host proxies), so only its own wiring is judged."""

from __future__ import annotations

import numpy as np

from . import rnn_layers as r

MAX_ENTRIES = 1 << 22


def _a(x):
    return np.asarray(x, np.float64)


def _bounded(*shapes) -> None:
    for shape in shapes:
        if int(np.prod(shape)) > MAX_ENTRIES:
            raise ValueError(f"an array of shape {tuple(shape)} is too large")


# ------------------------------------------------------------------ layers behind the proxies


def affine_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    _bounded((x.shape[0], w.shape[1]))
    return x.reshape(x.shape[0], -1) @ w + b, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = (_a(c) for c in cache)
    dout = _a(dout)
    return (dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def temporal_affine_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    N, T, D = x.shape
    _bounded((N, T, w.shape[1]))
    return (x.reshape(N * T, D) @ w + b).reshape(N, T, -1), (x, w, b)


def temporal_affine_backward(dout, cache):
    x, w, b = (_a(c) for c in cache)
    dout = _a(dout)
    N, T, D = x.shape
    flat = dout.reshape(N * T, -1)
    return (flat @ w.T).reshape(N, T, D), x.reshape(N * T, D).T @ flat, flat.sum(axis=0)


def temporal_softmax_loss(x, y, mask, verbose=False):
    x, y, mask = _a(x), np.asarray(y, np.int64), np.asarray(mask, bool)
    N, T, V = x.shape
    flat, yf, mf = x.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
    shifted = flat - flat.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.sum(mf * log_probs[np.arange(N * T), yf]) / N
    dx = np.exp(log_probs)
    dx[np.arange(N * T), yf] -= 1
    dx = dx / N * mf[:, None]
    return loss, dx.reshape(N, T, V)


def word_embedding_forward(x, W):
    x, W = np.asarray(x, np.int64), _a(W)
    _bounded((*x.shape, W.shape[1]))
    return W[x], (x, W)


def word_embedding_backward(dout, cache):
    x, W = cache
    return r.word_embedding_backward(dout, np.asarray(x, np.int64), W)


def rnn_forward(x, h0, Wx, Wh, b):
    _bounded(np.shape(x)[:2] + np.shape(h0)[1:])
    return r.rnn_sequence(x, h0, Wx, Wh, b), (_a(x), _a(h0), _a(Wx), _a(Wh), _a(b))


def rnn_backward(dh, cache):
    return r.rnn_backward(dh, *cache)


def lstm_forward(x, h0, Wx, Wh, b):
    _bounded(np.shape(x)[:2] + np.shape(h0)[1:])
    return r.lstm_sequence(x, h0, Wx, Wh, b)[0], (_a(x), _a(h0), _a(Wx), _a(Wh), _a(b))


def lstm_backward(dh, cache):
    return r.lstm_backward(dh, *cache)


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    return r.rnn_step(x, prev_h, Wx, Wh, b), (_a(x), _a(prev_h), _a(Wx), _a(Wh), _a(b))


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    next_h, next_c = r.lstm_step(x, prev_h, prev_c, Wx, Wh, b)
    return next_h, next_c, (_a(x), _a(prev_h), _a(prev_c), _a(Wx), _a(Wh), _a(b))


LAYERS = ("affine_forward", "affine_backward", "temporal_affine_forward",
          "temporal_affine_backward", "temporal_softmax_loss", "word_embedding_forward",
          "word_embedding_backward", "rnn_forward", "rnn_backward", "lstm_forward",
          "lstm_backward", "rnn_step_forward", "lstm_step_forward")


def _proxy(fn):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, **kwargs)

    proxy.__name__ = fn.__name__
    return proxy


PROXIES = {name: _proxy(globals()[name]) for name in LAYERS}


# ------------------------------------------------------------------ the network


def caption_loss(features, captions, params, cell_type, _null, _start, _end=None, *,
                 shift=True, masked=True, project_bias=True):
    p = {k: _a(v) for k, v in params.items()}
    captions = np.asarray(captions, np.int64)
    captions_in = captions[:, :-1] if shift else captions[:, 1:]
    captions_out = captions[:, 1:]
    mask = captions_out != _null if masked else np.ones_like(captions_out, bool)
    h0, c_proj = affine_forward(features, p["W_proj"], p["b_proj"] if project_bias
                                else np.zeros_like(p["b_proj"]))
    x, c_embed = word_embedding_forward(captions_in, p["W_embed"])
    forward, backward = (rnn_forward, rnn_backward) if cell_type == "rnn" else \
        (lstm_forward, lstm_backward)
    h, c_seq = forward(x, h0, p["Wx"], p["Wh"], p["b"])
    scores, c_vocab = temporal_affine_forward(h, p["W_vocab"], p["b_vocab"])
    loss, dscores = temporal_softmax_loss(scores, captions_out, mask)
    grads = {}
    dh, grads["W_vocab"], grads["b_vocab"] = temporal_affine_backward(dscores, c_vocab)
    dx, dh0, grads["Wx"], grads["Wh"], grads["b"] = backward(dh, c_seq)
    grads["W_embed"] = word_embedding_backward(dx, c_embed)
    _, grads["W_proj"], grads["b_proj"] = affine_backward(dh0, c_proj)
    if not project_bias:
        grads["b_proj"] = np.zeros_like(p["b_proj"])
    return loss, grads


def caption_sample(features, max_length, params, cell_type, _null, _start, _end=None, *,
                   start_column=False, stop=None):
    """Greedy captions; ``stop`` (both allowed: "you do not need to stop generating after an
    <END> token is sampled, but you can"): "row" leaves <NULL> after each row's first <END>,
    "all" after the step at which every row has sampled one."""
    captions = _greedy(features, max_length, params, cell_type, _null, _start,
                       start_column=start_column)
    if stop is None or _end is None:
        return captions
    ended = np.cumsum(captions == _end, axis=1) > 0
    after = np.zeros_like(ended)
    after[:, 1:] = ended[:, :-1]  # the <END> itself is written
    if stop == "all":
        everyone = after.all(axis=0)
        after = np.broadcast_to(everyone, after.shape)
    return np.where(after, _null, captions)


def _greedy(features, max_length, params, cell_type, _null, _start, *, start_column=False):
    p = {k: _a(v) for k, v in params.items()}
    N = np.shape(features)[0]
    captions = np.full((N, int(max_length)), _null, dtype=np.int64)
    h, _ = affine_forward(features, p["W_proj"], p["b_proj"])
    c = np.zeros_like(h)
    word = np.full(N, _start, dtype=np.int64)
    steps = range(int(max_length))
    if start_column:  # <START> written into column 0, one word fewer
        captions[:, 0] = _start
        steps = range(1, int(max_length))
    for t in steps:
        x = p["W_embed"][word]
        if cell_type == "rnn":
            h = r.rnn_step(x, h, p["Wx"], p["Wh"], p["b"])
        else:
            h, c = r.lstm_step(x, h, c, p["Wx"], p["Wh"], p["b"])
        word = np.argmax(h @ p["W_vocab"] + p["b_vocab"], axis=1)
        captions[:, t] = word
    return captions
