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
    next_h = None
    # TODO: implement a single forward step of the vanilla RNN.
    return next_h


def rnn_forward(x, h0, Wx, Wh, b):
    """A vanilla RNN over a whole sequence x (N, T, D) from the initial state h0 (N, H).

    Use rnn_step_forward (a for loop over time is fine).
    Returns h (N, T, H): the hidden states of every timestep.
    """
    h = None
    # TODO: implement the forward pass over the sequence.
    return h


def word_embedding_forward(x, W):
    """Word embeddings: x (N, T) integer indices in [0, V), W (V, D) word vectors.

    Returns out (N, T, D). This can be one line of PyTorch indexing.
    """
    out = None
    # TODO: implement the embedding lookup.
    return out


def lstm_step_forward(x, prev_h, prev_c, Wx, Wh, b):
    """One timestep of an LSTM: x (N, D), prev_h and prev_c (N, H), Wx (D, 4H), Wh (H, 4H),
    b (4H,). The pre-activations split into the gates i, f, o, g, in that order.

    Returns (next_h, next_c), each (N, H).
    """
    next_h, next_c = None, None
    # TODO: implement a single forward step of the LSTM (torch.sigmoid, torch.tanh).
    return next_h, next_c


def lstm_forward(x, h0, Wx, Wh, b):
    """An LSTM over a whole sequence x (N, T, D) from h0 (N, H); the initial cell state is 0
    and is not returned.

    Returns h (N, T, H).
    """
    h = None
    # TODO: implement the LSTM forward pass over the sequence with lstm_step_forward.
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
