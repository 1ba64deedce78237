import numpy as np
import torch

from ..rnn_layers_pytorch import *


class CaptioningRNN:
    """Captions from image features with a recurrent network: input features of size D, a
    vocabulary of V words, sequences of length T, hidden size H, word vectors of size W,
    minibatches of N. No regularization."""

    def __init__(self, word_to_idx, input_dim=512, wordvec_dim=128, hidden_dim=128,
                 cell_type="rnn", dtype=torch.float32):
        if cell_type not in {"rnn", "lstm"}:
            raise ValueError('Invalid cell_type "%s"' % cell_type)
        self.cell_type = cell_type
        self.dtype = dtype
        self.word_to_idx = word_to_idx
        self.idx_to_word = {i: w for w, i in word_to_idx.items()}
        vocab_size = len(word_to_idx)
        self._null = word_to_idx["<NULL>"]
        self._start = word_to_idx.get("<START>", None)
        self._end = word_to_idx.get("<END>", None)

        dim_mul = {"lstm": 4, "rnn": 1}[cell_type]
        self.params = {
            "W_embed": torch.randn(vocab_size, wordvec_dim) / 100,
            "W_proj": torch.randn(input_dim, hidden_dim) / np.sqrt(input_dim),
            "b_proj": torch.zeros(hidden_dim),
            "Wx": torch.randn(wordvec_dim, dim_mul * hidden_dim) / np.sqrt(wordvec_dim),
            "Wh": torch.randn(hidden_dim, dim_mul * hidden_dim) / np.sqrt(hidden_dim),
            "b": torch.zeros(dim_mul * hidden_dim),
            "W_vocab": torch.randn(hidden_dim, vocab_size) / np.sqrt(hidden_dim),
            "b_vocab": torch.zeros(vocab_size),
        }
        for k, v in self.params.items():
            self.params[k] = v.to(self.dtype)

    def loss(self, features, captions):
        """The training loss for features (N, D) and captions (N, T + 1) of word indices.

        Feed captions[:, :-1] to the network, predict captions[:, 1:], ignore <NULL> targets.
        Returns loss, a 0-dim tensor (autograd gives the gradients).
        """
        captions_in = captions[:, :-1]
        captions_out = captions[:, 1:]
        mask = captions_out != self._null
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]

        h0 = affine_forward(features, W_proj, b_proj)
        words = word_embedding_forward(captions_in, W_embed)
        forward = rnn_forward if self.cell_type == "rnn" else lstm_forward
        h = forward(words, h0, Wx, Wh, b)
        scores = temporal_affine_forward(h, W_vocab, b_vocab)
        loss = temporal_softmax_loss(scores, captions_out, mask)
        return loss

    def sample(self, features, max_length=30):
        """Greedy captions for features (N, D): returns captions (N, max_length), torch.long,
        whose first column is the first sampled word (not <START>)."""
        N = features.shape[0]
        captions = self._null * torch.ones((N, max_length), dtype=torch.long)
        W_proj, b_proj = self.params["W_proj"], self.params["b_proj"]
        W_embed = self.params["W_embed"]
        Wx, Wh, b = self.params["Wx"], self.params["Wh"], self.params["b"]
        W_vocab, b_vocab = self.params["W_vocab"], self.params["b_vocab"]

        h = affine_forward(features, W_proj, b_proj)
        c = torch.zeros_like(h)
        word = torch.full((N,), self._start, dtype=torch.long)
        for t in range(max_length):
            x = word_embedding_forward(word, W_embed)
            if self.cell_type == "rnn":
                h = rnn_step_forward(x, h, Wx, Wh, b)
            else:
                h, c = lstm_step_forward(x, h, c, Wx, Wh, b)
            word = affine_forward(h, W_vocab, b_vocab).argmax(dim=1)
            captions[:, t] = word
        return captions
