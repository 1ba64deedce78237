"""Known mistakes in the PyTorch recurrent layers, each reproduced exactly from the reference."""

from __future__ import annotations

from functools import partial

from grader.variants import Variant, variants

from . import captioning as c
from . import rnn_layers as r

VARIANTS = (
    variants(r.rnn_step_forward, "rnn_step_forward", {
        "torch_rnn_missing_tanh": [dict(tanh=False)],
        "torch_rnn_missing_bias": [dict(bias=False)]})
    + variants(r.rnn_forward, "rnn_forward", {
        "rnn_forward_no_recurrence": [dict(recurrent=False)]})
    + variants(r.word_embedding_forward, "word_embedding_forward",
               {"embedding_scaled": [dict(scaled=True)]})
    + variants(r.lstm_step_forward, "lstm_step_forward", {
        "lstm_gate_order": [dict(order="ifgo")],
        "torch_lstm_cell_tanh_missing": [dict(tanh_c=False)]})
    + variants(r.lstm_forward, "lstm_forward", {"lstm_gate_order": [dict(order="ifgo")]})
    + variants(c.caption_loss, "CaptioningRNN.loss", {
        "caption_mask_missing": [dict(masked=False)],
        "caption_not_shifted": [dict(shift=False)]})
    + variants(c.caption_sample, "CaptioningRNN.sample",
               {"caption_start_in_output": [dict(start_column=True)]})
)

# Harmless variations: outputs that match one of these pass (with a note saying which).
ACCEPTED = (
    Variant("stops each caption at its <END> (allowed by the docstring)",
            ("CaptioningRNN.sample",), partial(c.caption_sample, stop="row")),
    Variant("stops once every caption has sampled <END> (allowed by the docstring)",
            ("CaptioningRNN.sample",), partial(c.caption_sample, stop="all")),
)
