"""The mistakes this pack catalogues: id -> (what it usually means, the fix, how it shows
in the numbers). `grader explain ID` prints them; feedback quotes the first two."""

MISTAKES = {
    "rnn_missing_tanh": (
        "the RNN step has no tanh: next_h is the raw pre-activation",
        "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)",
    ),
    "rnn_forward_missing_bias": (
        "the bias b is left out of the pre-activation",
        "add b: x.dot(Wx) + prev_h.dot(Wh) + b",
    ),
    "rnn_tanh_grad_wrong": (
        "the derivative of tanh is taken as 1 - tanh instead of 1 - tanh²",
        "d tanh(a)/da = 1 - tanh(a)**2: da = dnext_h * (1 - next_h**2)",
    ),
    "bias_grad_wrong": (
        "the bias gradient is not the sum of the upstream gradient over the batch",
        "db = np.sum(dout, axis=0): every example adds its upstream gradient to the bias",
        "db is the mean of dout over the batch (1/N of the expected) or has the wrong "
        "shape.",
    ),
    "rnn_forward_no_recurrence": (
        "every step starts from h0 instead of the previous step's hidden state",
        "carry the state: prev_h = next_h after each step (h[:, t] feeds step t + 1)",
    ),
    "rnn_backward_no_carry": (
        "the backward pass drops the gradient that flows back from the next time step",
        "at step t the upstream gradient is dh[:, t] + dprev_h from step t + 1 (iterate "
        "t backwards and carry dprev_h)",
        "only the last step's gradients are right; dh0 is the first step's alone.",
    ),
    "embedding_scaled": (
        "the embedding is scaled (by sqrt(D)): the lookup returns W[x] as it is",
        "out = W[x]",
    ),
    "embedding_grad_overwrites": (
        "the embedding gradient overwrites instead of accumulating: a word used twice "
        "keeps only one of its gradients",
        "np.add.at(dW, x, dout) (dW[x] += dout does not add up repeated indices either)",
    ),
    "lstm_gate_order": (
        "the LSTM gates are split in another order than i, f, o, g",
        "i = sigmoid(a[:, :H]), f = sigmoid(a[:, H:2H]), o = sigmoid(a[:, 2H:3H]), "
        "g = tanh(a[:, 3H:]) (PyTorch's i, f, g, o is not this assignment's)",
    ),
    "lstm_cell_tanh_missing": (
        "next_h is o * next_c: the tanh of the cell state is missing",
        "next_h = o * np.tanh(next_c)",
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
    "lstm_dc_not_through_h": (
        "the cell's gradient misses the part that flows through next_h",
        "dc = dnext_c + dnext_h * o * (1 - np.tanh(next_c)**2)",
    ),
}
