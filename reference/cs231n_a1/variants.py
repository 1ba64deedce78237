"""Known mistakes in the linear classifiers, each reproduced exactly from the reference."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.reference.cs231n_a1.linear_svm import svm_loss
from grader.reference.cs231n_a1.softmax import softmax_loss
from grader.variants import Variant, variants

SVM = ("svm_loss_naive", "svm_loss_vectorized")
SOFTMAX = ("softmax_loss_naive", "softmax_loss_vectorized")

SHARED = {
    "dW_not_normalized": [dict(data_grad_scale=1.0)],
    "loss_not_normalized": [dict(loss_scale=1.0)],
    "reg_grad_scalar": [dict(reg_grad_scalar=True)],
    "reg_grad_missing_factor_2": [dict(reg_grad=1.0)],
    "reg_convention": [dict(reg_loss=0.5, reg_grad=1.0)],
    "reg_missing_in_loss": [dict(reg_loss=0.0)],
    "reg_missing_in_grad": [dict(reg_grad=0.0)],
    "reg_grad_divided_by_n": [dict(reg_grad_over_n=True)],
    "grad_sign_flipped": [dict(data_grad_sign=-1.0)],
}
SVM_ONLY = {
    "margin_values_in_grad": [dict(margins_in_grad=True)],
    # the loop form (dW's +X[i] and -X[i] at j == y cancel) and the vectorized form
    "correct_class_not_excluded": [dict(count_correct=True),
                                   dict(count_correct=True, correct_count_extra=1)],
    "correct_class_count_off_by_one": [dict(correct_count_extra=1)],
}
SOFTMAX_ONLY = {
    "softmax_missing_minus_one": [dict(subtract_one=False)],
    "softmax_normalized_over_all": [dict(normalize_over_all=True)],
}


_variants = variants  # the public authoring helper (grader.variants.variants)


VARIANTS = (
    _variants(svm_loss, SVM, {**SHARED, **SVM_ONLY})
    + _variants(softmax_loss, SOFTMAX, {**SHARED, **SOFTMAX_ONLY})
)

# --- layers.py
from grader.reference.cs231n_a1 import layers  # noqa: E402

LAYERS = {
    "affine_backward": {"bias_grad_wrong": [dict(db_mean=True)],
                        "ignores_upstream_gradient": [dict(ignore_dout=True)]},
    "relu_backward": {"relu_backward_not_masked": [dict(masked=False)],
                      "ignores_upstream_gradient": [dict(ignore_dout=True)]},
    "svm_loss": {"loss_not_normalized": [dict(loss_scale=1.0)],
                 "dx_not_normalized": [dict(grad_scale=1.0)],
                 "correct_class_not_excluded": [dict(count_correct=True)]},
    "softmax_loss": {"loss_not_normalized": [dict(loss_scale=1.0)],
                     "dx_not_normalized": [dict(grad_scale=1.0)],
                     "softmax_missing_minus_one": [dict(subtract_one=False)],
                     "softmax_normalized_over_all": [dict(normalize_over_all=True)]},
    "affine_forward": {"forward_missing_bias": [dict(skip_bias=True)]},
}
for _name, _table in LAYERS.items():
    VARIANTS += _variants(getattr(layers, _name), (_name,), _table)

# --- k_nearest_neighbor.py
from grader.reference.cs231n_a1 import k_nearest_neighbor as knn  # noqa: E402

DISTANCES = tuple(f"KNearestNeighbor.compute_distances_{v}" for v in ("two_loops", "one_loop",
                                                                      "no_loops"))
VARIANTS += _variants(knn.compute_distances, DISTANCES, {"distances_squared": [dict(squared=True)],
                                                        "distances_l1": [dict(l1=True)]})
VARIANTS += _variants(knn.predict_labels, ("KNearestNeighbor.predict_labels",),
                      {"tie_break_wrong": [dict(tie="nearest"), dict(tie="largest")],
                       "farthest_neighbors": [dict(farthest=True)],
                       "k_ignored": [dict(only_nearest=True)]})

# --- linear_classifier.py
from grader.reference.cs231n_a1.linear_classifier import predict  # noqa: E402

VARIANTS += _variants(predict, ("LinearClassifier.predict",), {"predict_argmin": [dict(argmin=True)]})

# --- fc_net.py
from grader.reference.cs231n_a1.fc_net import two_layer_loss  # noqa: E402

VARIANTS += _variants(two_layer_loss, ("TwoLayerNet.loss",), {
    "reg_convention": [dict(reg_scale=1.0)],
    "forward_missing_bias": [dict(skip_b1=True)],
    "reg_missing_in_loss": [dict(reg_in_loss=False)],
    "reg_missing_in_grad": [dict(reg_in_grads=False)],
    "missing_activation": [dict(no_relu=True)],
    "relu_backward_not_masked": [dict(mask_hidden_grad=False)],
    "bias_grad_wrong": [dict(db_mean=True)],
    "reg_on_biases": [dict(reg_biases=True)],
    "relu_on_scores": [dict(relu_scores=True)],
})

# --- layers.py: relu_forward (mistakes declared by this pack, see MISTAKES)
RELU_MISTAKES = {
    "relu_min_instead_of_max": (
        "the ReLU keeps the negative part (np.minimum(0, x) where np.maximum(0, x) is meant)",
        "out = np.maximum(0, x)"),
    "relu_leaky": (
        "a leaky ReLU (a small slope for x < 0) where the plain ReLU is asked for",
        "out = np.maximum(0, x): negative inputs become exactly 0"),
}


def _relu(x, *, kind, with_cache):
    x = np.asarray(x, np.float64)
    out = np.minimum(0, x) if kind == "min" else np.maximum(0.01 * x, x)
    return (out, x) if with_cache else out


def relu_variants(functions, with_cache):
    """The ReLU's catalogued mistakes for ``functions`` (``(out, cache)`` when with_cache)."""
    return [Variant("relu_min_instead_of_max", functions,
                    partial(_relu, kind="min", with_cache=with_cache)),
            Variant("relu_leaky", functions, partial(_relu, kind="leaky", with_cache=with_cache))]


VARIANTS += relu_variants(("relu_forward",), with_cache=True)
