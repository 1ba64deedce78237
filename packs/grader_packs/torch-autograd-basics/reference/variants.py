"""Known mistakes in the autograd basics, each reproduced exactly from the reference."""

from __future__ import annotations

from grader.variants import variants as _variants

from . import autograd_basics as ref
from .relu_mistakes import relu_variants

VARIANTS = (
    _variants(ref.softmax, ("softmax",), {
        "softmax_normalized_over_all": [dict(over_all=True)],
        "softmax_wrong_dim": [dict(dim=0)],
    })
    + _variants(ref.softmax_cross_entropy, ("softmax_cross_entropy",), {
        "loss_not_normalized": [dict(mean=False)],
        "loss_sign_flipped": [dict(sign=1.0)],
        "softmax_normalized_over_all": [dict(over_all=True)],
    })
    + _variants(ref.sigmoid, ("sigmoid",), {"sigmoid_sign_flipped": [dict(sign=-1.0)]})
    + _variants(ref.binary_cross_entropy, ("binary_cross_entropy",), {
        "loss_not_normalized": [dict(mean=False)],
        "loss_sign_flipped": [dict(sign=1.0)],
        "bce_terms_swapped": [dict(swapped=True)],
    })
    + _variants(ref.affine_backward, ("affine_backward",), {
        "bias_grad_wrong": [dict(db_mean=True)],
        "ignores_upstream_gradient": [dict(ignore_dout=True)],
    })
    + _variants(ref.relu_grad, ("MyReLU.backward",), {
        "backward_ignores_grad_output": [dict(use_upstream=False)],
        "relu_backward_not_masked": [dict(masked=False)],
    })
)
VARIANTS += tuple(relu_variants(("MyReLU.forward",), with_cache=False))
