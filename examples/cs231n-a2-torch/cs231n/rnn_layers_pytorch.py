"""Layers for recurrent neural networks, in PyTorch (cs231n assignment 2, 2025-2026 layout).

Only the forward passes are written here: autograd computes the backward passes.
"""
import torch


def affine_forward(x, w, b):
    """Affine layer: x (N, d_1, ..., d_k) reshaped to (N, D), times w (D, M), plus b (M,).

    Returns out (N, M).
    """
    return x.reshape(x.shape[0], -1) @ w + b


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """One timestep of a vanilla RNN with a tanh activation.

    Inputs: x (N, D), prev_h (N, H), Wx (D, H), Wh (H, H), b (H,).
    Returns next_h (N, H).
    """
    next_h = torch.tanh(x @ Wx + prev_h @ Wh + b)
    return next_h


def rnn_forward(x, h0, Wx, Wh, b):
    """A vanilla RNN over a whole sequence x (N, T, D) from the initial state h0 (N, H).

    Use rnn_step_forward (a for loop over time is fine).
    Returns h (N, T, H): the hidden states of every timestep.
    """
    states, prev_h = [], h0
    for t in range(x.shape[1]):
        prev_h = rnn_step_forward(x[:, t], prev_h, Wx, Wh, b)
        states.append(prev_h)
    h = torch.stack(states, dim=1)
    return h


def word_embedding_forward(x, W):
    """Word embeddings: x (N, T) integer indices in [0, V), W (V, D) word vectors.

    Returns out (N, T, D). This can be one line of PyTorch indexing.
    """
    out = W[x]
    return out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One timestep of an LSTM: x (N, D), prev_h and prev_c (N, H), Wx (D, 4H), Wh (H, 4H),
    b (4H,). The pre-activations split into the gates i, f, o, g, in that order.

    Returns (next_h, next_c), each (N, H).
    """
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i = torch.sigmoid(a[:, :H])
    f = torch.sigmoid(a[:, H:2 * H])
    o = torch.sigmoid(a[:, 2 * H:3 * H])
    g = torch.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    next_h = o * torch.tanh(next_c)
    return next_h, next_c


def lstm_forward(x, h0, Wx, Wh, b):
    """An LSTM over a whole sequence x (N, T, D) from h0 (N, H); the initial cell state is 0
    and is not returned.

    Returns h (N, T, H).
    """
    N, T, _ = x.shape
    h = x.new_zeros((N, T, h0.shape[1]))
    prev_h, prev_c = h0, torch.zeros_like(h0)
    for t in range(T):
        prev_h, prev_c = lstm_step_forward(x[:, t], prev_h, prev_c, Wx, Wh, b)
        h[:, t] = prev_h
    return h


def temporal_affine_forward(x, w, b):
    """An affine layer at every timestep: x (N, T, D), w (D, M), b (M,) -> out (N, T, M)."""
    N, T, D = x.shape
    return (x.reshape(N * T, D) @ w).reshape(N, T, -1) + b


def temporal_softmax_loss(x, y, mask, verbose=False):
    """Softmax loss summed over timesteps and averaged over the batch, counting only the
    positions where mask (N, T) is true. x (N, T, V) scores, y (N, T) targets in [0, V).

    Returns loss, a 0-dim tensor.
    """
    N, T, V = x.shape
    per_word = torch.nn.functional.cross_entropy(x.reshape(N * T, V), y.reshape(N * T),
                                                 reduction="none")
    return (per_word * mask.reshape(N * T).to(per_word.dtype)).sum() / N
