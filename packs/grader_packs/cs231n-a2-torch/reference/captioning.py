"""Reference CaptioningRNN (cs231n A2 2025-2026, classifiers/rnn_pytorch.py): the loss (a
scalar: autograd gives the gradients) and greedy sampling, built from host layers. A student's
network is graded with its layer calls answered by these (host proxies), so only its own
wiring is judged."""

from __future__ import annotations

import numpy as np

from . import rnn_layers as r


def _a(x):
    return np.asarray(x, np.float64)


# ------------------------------------------------------------------ layers behind the proxies


def affine_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    r._bounded((x.shape[0], w.shape[1]))
    return x.reshape(x.shape[0], -1) @ w + b


def temporal_affine_forward(x, w, b):
    x, w, b = _a(x), _a(w), _a(b)
    N, T, D = x.shape
    r._bounded((N, T, w.shape[1]))
    return (x.reshape(N * T, D) @ w + b).reshape(N, T, -1)


def temporal_softmax_loss(x, y, mask, verbose=False):
    x, y, mask = _a(x), np.asarray(y, np.int64), np.asarray(mask, bool)
    N, T, V = x.shape
    flat, yf, mf = x.reshape(N * T, V), y.reshape(N * T), mask.reshape(N * T)
    shifted = flat - flat.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(mf * log_probs[np.arange(N * T), yf]) / N)


LAYERS = {"affine_forward": affine_forward, "temporal_affine_forward": temporal_affine_forward,
          "temporal_softmax_loss": temporal_softmax_loss,
          "word_embedding_forward": r.word_embedding_forward, "rnn_forward": r.rnn_forward,
          "lstm_forward": r.lstm_forward, "rnn_step_forward": r.rnn_step_forward,
          "lstm_step_forward": r.lstm_step_forward}


def _proxy(name, fn):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, **kwargs)

    proxy.__name__ = name
    return proxy


PROXIES = {name: _proxy(name, fn) for name, fn in LAYERS.items()}


# ------------------------------------------------------------------ the network


def caption_loss(features, captions, params, cell_type, _null, _start, _end=None, *,
                 shift=True, masked=True):
    p = {k: _a(v) for k, v in params.items()}
    captions = np.asarray(captions, np.int64)
    captions_in = captions[:, :-1] if shift else captions[:, 1:]
    captions_out = captions[:, 1:]
    mask = captions_out != _null if masked else np.ones_like(captions_out, bool)
    h0 = affine_forward(features, p["W_proj"], p["b_proj"])
    x = r.word_embedding_forward(captions_in, p["W_embed"])
    forward = r.rnn_forward if cell_type == "rnn" else r.lstm_forward
    h = forward(x, h0, p["Wx"], p["Wh"], p["b"])
    scores = temporal_affine_forward(h, p["W_vocab"], p["b_vocab"])
    return temporal_softmax_loss(scores, captions_out, mask)


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
    h = affine_forward(features, p["W_proj"], p["b_proj"])
    c = np.zeros_like(h)
    word = np.full(N, _start, dtype=np.int64)
    steps = range(int(max_length))
    if start_column:  # <START> written into column 0, one word fewer
        captions[:, 0] = _start
        steps = range(1, int(max_length))
    for t in steps:
        x = p["W_embed"][word]
        if cell_type == "rnn":
            h = r.rnn_step_forward(x, h, p["Wx"], p["Wh"], p["b"])
        else:
            h, c = r.lstm_step_forward(x, h, c, p["Wx"], p["Wh"], p["b"])
        word = np.argmax(h @ p["W_vocab"] + p["b_vocab"], axis=1)
        captions[:, t] = word
    return captions
