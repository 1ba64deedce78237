"""Known mistakes in EECS 498 A2, each reproduced exactly from the reference.

The linear losses share cs231n's conventions, so they share its mistakes (the 0.5·reg form is
the cs231n-2016 habit here: EECS asks for reg·ΣW² with no 1/2).
"""

from __future__ import annotations

from grader.variants import variants as _variants

from .linear_classifier import predict_linear_classifier
from .linear_mistakes import SHARED, SOFTMAX_ONLY, SVM_ONLY
from .linear_svm import svm_loss
from .softmax import softmax_loss
from .two_layer_net import (
    nn_forward_backward,
    nn_forward_pass,
    nn_predict,
)

SVM = ("svm_loss_naive", "svm_loss_vectorized")
SOFTMAX = ("softmax_loss_naive", "softmax_loss_vectorized")

VARIANTS = (
    _variants(svm_loss, SVM, {**SHARED, **SVM_ONLY})
    + _variants(softmax_loss, SOFTMAX, {**SHARED, **SOFTMAX_ONLY})
    + _variants(predict_linear_classifier, ("predict_linear_classifier",),
                {"predict_argmin": [dict(argmin=True)]})
    + _variants(nn_forward_pass, ("nn_forward_pass",), {
        "forward_missing_bias": [dict(skip_b1=True)],
        "missing_activation": [dict(no_relu=True)],
        "forward_missing_output_bias": [dict(skip_b2=True)],
        "relu_on_scores": [dict(relu_scores=True)],
    })
    + _variants(nn_forward_backward, ("nn_forward_backward",), {
        "reg_convention": [dict(reg_scale=0.5)],
        "reg_missing_in_loss": [dict(reg_in_loss=False)],
        "reg_missing_in_grad": [dict(reg_in_grads=False)],
        "relu_backward_not_masked": [dict(mask_hidden_grad=False)],
        "bias_grad_wrong": [dict(db_mean=True)],
        "reg_on_biases": [dict(reg_biases=True)],
    })
    + _variants(nn_predict, ("nn_predict",), {"predict_argmin": [dict(argmin=True)]})
)
