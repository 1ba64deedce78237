"""Known mistakes in the linear classifiers, each reproduced exactly from the reference."""

from __future__ import annotations

from grader.variants import variants

from .linear_mistakes import SHARED, SOFTMAX, SOFTMAX_ONLY, SVM, SVM_ONLY
from .linear_svm import svm_loss
from .relu_mistakes import RELU_MISTAKES, relu_variants  # noqa: F401 (RELU_MISTAKES: __init__)
from .softmax import softmax_loss

_variants = variants  # the public authoring helper (grader.variants.variants)


VARIANTS = (
    _variants(svm_loss, SVM, {**SHARED, **SVM_ONLY})
    + _variants(softmax_loss, SOFTMAX, {**SHARED, **SOFTMAX_ONLY})
)

# --- layers.py
from . import layers  # noqa: E402

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
from . import k_nearest_neighbor as knn  # noqa: E402

DISTANCES = tuple(f"KNearestNeighbor.compute_distances_{v}" for v in ("two_loops", "one_loop",
                                                                      "no_loops"))
VARIANTS += _variants(knn.compute_distances, DISTANCES, {"distances_squared": [dict(squared=True)],
                                                        "distances_l1": [dict(l1=True)]})
VARIANTS += _variants(knn.predict_labels, ("KNearestNeighbor.predict_labels",),
                      {"tie_break_wrong": [dict(tie="nearest"), dict(tie="largest")],
                       "farthest_neighbors": [dict(farthest=True)],
                       "k_ignored": [dict(only_nearest=True)]})

# --- linear_classifier.py
from .linear_classifier import predict  # noqa: E402

VARIANTS += _variants(predict, ("LinearClassifier.predict",), {"predict_argmin": [dict(argmin=True)]})

# --- fc_net.py
from .fc_net import two_layer_loss  # noqa: E402

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
VARIANTS += relu_variants(("relu_forward",), with_cache=True)

# --- editions 2016-2020: neural_net.py's TwoLayerNet instead of layers.py and fc_net.py
from . import edition_2016, neural_net  # noqa: E402
from .linear_mistakes import SHARED as _SHARED  # noqa: E402

_LAYOUT_2021 = {"affine_forward", "affine_backward", "relu_forward", "relu_backward",
                "svm_loss", "softmax_loss", "TwoLayerNet.__init__", "TwoLayerNet.loss"}
_NET = {
    "forward_missing_bias": [dict(skip_b1=True)],
    "reg_missing_in_loss": [dict(reg_in_loss=False)],
    "reg_missing_in_grad": [dict(reg_in_grads=False)],
    "missing_activation": [dict(no_relu=True)],
    "relu_backward_not_masked": [dict(mask_hidden_grad=False)],
    "bias_grad_wrong": [dict(db_mean=True)],
    "reg_on_biases": [dict(reg_biases=True)],
    "relu_on_scores": [dict(relu_scores=True)],
}
_NET_PREDICT = _variants(neural_net.net_predict, ("TwoLayerNet.predict",),
                         {"predict_argmin": [dict(argmin=True)]})
_KEPT = [v for v in VARIANTS if not set(v.functions) & _LAYOUT_2021]

VARIANTS_2017 = (_KEPT + _NET_PREDICT + _variants(
    neural_net.net_loss, ("TwoLayerNet.loss",), {**_NET, "reg_convention": [dict(reg_scale=0.5)]}))

# 2016: the 0.5·reg convention everywhere, so `dW += reg * W` is right and 2·reg·W is not
_SHARED_2016 = {**{k: v for k, v in _SHARED.items()
                   if k not in ("reg_grad_missing_factor_2", "reg_convention")},
                "reg_convention": [dict(reg_loss=1.0, reg_grad=2.0)],
                "reg_grad_coefficient": [dict(reg_grad=2.0)]}
VARIANTS_2016 = (
    [v for v in _KEPT if not set(v.functions) & {*SVM, *SOFTMAX}]
    + _variants(edition_2016.svm_loss_2016, SVM, {**_SHARED_2016, **SVM_ONLY})
    + _variants(edition_2016.softmax_loss_2016, SOFTMAX, {**_SHARED_2016, **SOFTMAX_ONLY})
    + _NET_PREDICT
    + _variants(neural_net.net_loss_2016, ("TwoLayerNet.loss",),
                {**_NET, "reg_convention": [dict(reg_scale=1.0)]}))

# --- edition 2025-2026: no SVM; the fully connected net and the optimizers (A2's until 2024)
from functools import partial  # noqa: E402

from grader.variants import Variant  # noqa: E402

from . import fc_net, optim  # noqa: E402

VARIANTS_2025 = [v for v in VARIANTS if not set(v.functions) & {*SVM, "svm_loss"}] + (
    variants(optim.sgd_momentum, ("sgd_momentum",), {
        "optimizer_state_not_saved": [dict(save_state=False)]})
    + variants(optim.rmsprop, ("rmsprop",), {
        "rmsprop_no_sqrt": [dict(sqrt=False)],
        "adagrad_instead_of_rmsprop": [dict(decay=False)],
        "optimizer_ignores_config": [dict(fixed_eps=1e-8)],
        "optimizer_state_not_saved": [dict(save_state=False)]})
    + variants(optim.adam, ("adam",), {
        "adam_no_bias_correction": [dict(correct_bias=False)],
        "adam_t_after_use": [dict(t_before_use=False)],
        "adam_bias_correction_without_power": [dict(power=False)],
        "optimizer_ignores_config": [dict(fixed_eps=1e-8)],
        "optimizer_state_not_saved": [dict(save_state=False)]})
    + variants(fc_net.fcn_loss, ("FullyConnectedNet.loss",), {
        "reg_convention": [dict(reg_scale=1.0)],
        "reg_missing_in_grad": [dict(reg_in_grads=False)],
        "fcn_last_layer_unregularized": [dict(last_reg=False)],
        "fcn_relu_on_scores": [dict(relu_last=True)]}))

# Harmless variations: outputs that match one of these pass (with a note saying which).
ACCEPTED_2025 = (
    Variant("epsilon inside the square root", ("rmsprop",),
            partial(optim.rmsprop, eps_in_sqrt=True)),
    Variant("epsilon inside the square root", ("adam",), partial(optim.adam, eps_in_sqrt=True)),
    Variant("the bias corrections folded into the step size (Kingma & Ba's efficient form)",
            ("adam",), partial(optim.adam, efficient=True)),
)
