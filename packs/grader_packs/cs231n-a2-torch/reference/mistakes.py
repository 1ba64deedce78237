"""The mistakes this pack catalogues beyond the engine's and cs231n-a3's (the same ids mean the
same there): id -> (what it usually means, the fix)."""

MISTAKES = {
    "torch_rnn_missing_tanh": (
        "the RNN step has no tanh: next_h is the raw pre-activation",
        "next_h = torch.tanh(x @ Wx + prev_h @ Wh + b)",
    ),
    "torch_rnn_missing_bias": (
        "the bias b is left out of the pre-activation",
        "add b: x @ Wx + prev_h @ Wh + b",
    ),
    "torch_lstm_cell_tanh_missing": (
        "next_h is o * next_c: the tanh of the cell state is missing",
        "next_h = o * torch.tanh(next_c)",
    ),
    "rnn_forward_no_recurrence": (
        "every step starts from h0 instead of the previous step's hidden state",
        "carry the state: prev_h = next_h after each step (h[:, t] feeds step t + 1)",
    ),
    "embedding_scaled": (
        "the embedding is scaled (by sqrt(D)): the lookup returns W[x] as it is",
        "out = W[x]",
    ),
    "lstm_gate_order": (
        "the LSTM gates are split in another order than i, f, o, g",
        "i = sigmoid(a[:, :H]), f = sigmoid(a[:, H:2H]), o = sigmoid(a[:, 2H:3H]), "
        "g = tanh(a[:, 3H:]) (PyTorch's i, f, g, o is not this assignment's)",
    ),
    "caption_mask_missing": (
        "the loss counts the <NULL> padding: the mask is missing",
        "mask = (captions_out != self._null), passed to temporal_softmax_loss",
    ),
    "caption_not_shifted": (
        "the network is fed the words it must predict: captions_in is not captions[:, :-1]",
        "captions_in = captions[:, :-1] (input, starting with <START>), captions_out = "
        "captions[:, 1:] (targets)",
    ),
    "caption_start_in_output": (
        "the sampled captions start with <START>: the first column must be the first "
        "sampled word",
        "feed <START> as the first input and write the word sampled at step t into "
        "captions[:, t], for t in range(max_length)",
    ),
}
