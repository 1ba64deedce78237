"""Known mistakes in the recurrent layers, each reproduced exactly from the reference."""

from __future__ import annotations

from functools import partial

from grader.variants import Variant, variants

from . import captioning as c
from . import rnn_layers as r

VARIANTS = (
    variants(r.rnn_step_forward, "rnn_step_forward", {
        "rnn_missing_tanh": [dict(tanh=False)],
        "rnn_forward_missing_bias": [dict(bias=False)]})
    + variants(r.rnn_step_backward, "rnn_step_backward", {
        "rnn_tanh_grad_wrong": [dict(tanh_grad="linear")],
        "bias_grad_wrong": [dict(db_mean=True)]})
    + variants(r.rnn_forward, "rnn_forward", {
        "rnn_forward_no_recurrence": [dict(recurrent=False)]})
    + variants(r.rnn_backward, "rnn_backward", {"rnn_backward_no_carry": [dict(carry=False)]})
    + variants(r.word_embedding_forward, "word_embedding_forward",
               {"embedding_scaled": [dict(scaled=True)]})
    + variants(r.word_embedding_backward, "word_embedding_backward",
               {"embedding_grad_overwrites": [dict(overwrite=True)]})
    + variants(r.lstm_step_forward, "lstm_step_forward", {
        "lstm_gate_order": [dict(order="ifgo")],
        "lstm_cell_tanh_missing": [dict(tanh_c=False)]})
    + variants(r.lstm_step_backward, "lstm_step_backward", {
        "lstm_dc_not_through_h": [dict(dc_through_h=False)],
        "lstm_gate_order": [dict(order="ifgo")]})
    + variants(r.lstm_forward, "lstm_forward", {"lstm_gate_order": [dict(order="ifgo")]})
    + variants(r.lstm_backward, "lstm_backward", {"rnn_backward_no_carry": [dict(carry=False)]})
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
