"""Known mistakes in cs231n A2's optimizers and layers, each reproduced from the reference
(sources: ../shared/research/assignments.md, section 4, items 37-54a)."""

from __future__ import annotations

from functools import partial

import numpy as np

from grader.variants import Variant
from grader.variants import variants as _variants

from . import layers, optim

VARIANTS = (
    _variants(optim.sgd_momentum, ("sgd_momentum",), {
        "optimizer_state_not_saved": [dict(save_state=False)],
    })
    + _variants(optim.rmsprop, ("rmsprop",), {
        "rmsprop_no_sqrt": [dict(sqrt=False)],
        "adagrad_instead_of_rmsprop": [dict(decay=False)],
        "optimizer_ignores_config": [dict(fixed_eps=1e-8)],
        "optimizer_state_not_saved": [dict(save_state=False)],
    })
    + _variants(optim.adam, ("adam",), {
        "adam_no_bias_correction": [dict(correct_bias=False)],
        "adam_t_after_use": [dict(t_before_use=False)],
        "adam_bias_correction_without_power": [dict(power=False)],
        "optimizer_ignores_config": [dict(fixed_eps=1e-8)],
        "optimizer_state_not_saved": [dict(save_state=False)],
    })
    + _variants(layers.batchnorm_forward, ("batchnorm_forward",), {
        "bn_test_without_gamma_beta": [dict(test_gamma_beta=False)],
        "bn_eps_outside_sqrt": [dict(eps_inside=False)],
        "bn_momentum_swapped": [dict(momentum_swapped=True)],
        "bn_default_eps_changed": [dict(default_eps=1e-3)],
        "bn_unbiased_variance": [dict(ddof=1)],
    })
    + _variants(layers.layernorm_forward, ("layernorm_forward",), {
        "ln_normalizes_over_batch": [dict(axis=0)],
        "ln_eps_outside_sqrt": [dict(eps_inside=False)],
        "ln_unbiased_variance": [dict(ddof=1)],
    })
    + _variants(layers.layernorm_backward, ("layernorm_backward",), {
        "ln_dx_missing_terms": [dict(full=False)],
        "ln_dx_batch_axis_sums": [dict(sum_axis=0)],
        "ln_dx_uncentred_x": [dict(uncentred=True)],
        "ln_dgamma_wrong_axis": [dict(dgamma_axis=1)],
    })
    + _variants(layers.spatial_batchnorm_forward, ("spatial_batchnorm_forward",), {
        "sbn_reshape_without_transpose": [dict(transpose=False)],
        "sbn_statistics_over_batch_only": [dict(batch_only=True)],
        "bn_unbiased_variance": [dict(ddof=1)],
    })
    + _variants(layers.spatial_batchnorm_backward, ("spatial_batchnorm_backward",), {
        "sbn_reshape_without_transpose": [dict(transpose=False)],
        "bn_dx_missing_terms": [dict(full=False)],
    })
    + _variants(layers.spatial_groupnorm_forward, ("spatial_groupnorm_forward",), {
        "gn_statistics_per_pixel": [dict(per_pixel=True)],
        "gn_groups_interleaved": [dict(interleaved=True)],
        "gn_unbiased_variance": [dict(ddof=1)],
    })
    + _variants(layers.spatial_groupnorm_backward, ("spatial_groupnorm_backward",), {
        "gn_dx_missing_terms": [dict(full=False)],
        "gn_dgamma_per_sample": [dict(per_sample_dgamma=True)],
    })
    + _variants(layers.batchnorm_backward, ("batchnorm_backward", "batchnorm_backward_alt"), {
        "bn_dx_missing_terms": [dict(full=False)],
        "bias_grad_wrong": [dict(dbeta_mean=True)],
    })
    + _variants(layers.dropout_forward, ("dropout_forward",), {
        "dropout_keep_drop_swapped": [dict(form="keep_drop_swapped")],
        "dropout_wrong_scale": [dict(form="wrong_scale")],
        "dropout_not_inverted": [dict(form="not_inverted"), dict(form="not_inverted_drop")],
        "dropout_nothing_dropped": [dict(form="nothing_dropped")],
        "dropout_shared_mask": [dict(form="shared_mask")],
        "dropout_gaussian_mask": [dict(form="gaussian")],
        "dropout_mask_not_random": [dict(form="fixed_seed")],
        "dropout_ignores_seed": [dict(form="ignores_seed")],
    })
    + _variants(layers.conv_forward_naive, ("conv_forward_naive",), {
        "conv_kernel_flipped": [dict(flip=True)],
    })
    + _variants(layers.conv_backward_naive, ("conv_backward_naive",), {
        "conv_backward_ignores_stride": [dict(backward_stride=1)],
        "bias_grad_wrong": [dict(db_mean=True)],
    })
    + _variants(layers.max_pool_forward_naive, ("max_pool_forward_naive",), {
        "maxpool_max_from_zero": [dict(from_zero=True)],
    })
    + _variants(layers.max_pool_backward_naive, ("max_pool_backward_naive",), {
        "maxpool_backward_overwrites": [dict(accumulate=False)],
        "ignores_upstream_gradient": [dict(use_dout=False)],
    })
)

# Harmless variations: outputs that match one of these pass (with a note saying which).
ACCEPTED = (
    Variant("epsilon inside the square root", ("rmsprop",),
            partial(optim.rmsprop, eps_in_sqrt=True)),
    Variant("epsilon inside the square root", ("adam",), partial(optim.adam, eps_in_sqrt=True)),
    Variant("the bias corrections folded into the step size (Kingma & Ba's efficient form)",
            ("adam",), partial(optim.adam, efficient=True)),
)

# dropout_backward (ids declared by this pack, see MISTAKES)
MISTAKES = {
    "dropout_backward_mask_ignored": (
        "dropout's backward pass lets the gradient through every unit, dropped ones included",
        "in train mode dx = dout * mask (the mask saved in the cache); in test mode dx = dout"),
    "dropout_backward_scaled_twice": (
        "dropout's backward pass divides by p again, though the cached mask is already scaled",
        "dx = dout * mask: the inverted mask already holds the 1/p"),
}


def _dropout_backward(dout, cache, *, kind):
    dropout_param, mask = cache
    dout = np.asarray(dout, np.float64)
    if dropout_param["mode"] != "train":
        return dout
    return dout.copy() if kind == "ignored" else dout * mask / dropout_param["p"]


VARIANTS += (
    Variant("dropout_backward_mask_ignored", ("dropout_backward",),
            partial(_dropout_backward, kind="ignored")),
    Variant("dropout_backward_scaled_twice", ("dropout_backward",),
            partial(_dropout_backward, kind="twice")),
)

# --- the 2016-2017 edition: no layer or group norm; dropout's p drops a unit
from . import edition_2017  # noqa: E402

_NOT_IN_2017 = {"layernorm_forward", "layernorm_backward", "spatial_groupnorm_forward",
                "spatial_groupnorm_backward", "dropout_forward"}
_NETS = {"FullyConnectedNet.loss", "ThreeLayerConvNet.loss"}
VARIANTS_2017 = [v for v in VARIANTS if not set(v.functions) & (_NOT_IN_2017 | _NETS)] + [
    Variant(v.mistake, v.functions, partial(edition_2017.dropout_forward, **v.fn.keywords),
            v.label)
    for v in VARIANTS if v.functions == ("dropout_forward",)]

# --- classifiers/fc_net.py and cnn.py (the layers behind proxies: the wiring's mistakes)
from . import fc_net  # noqa: E402

VARIANTS += _variants(fc_net.fcn_loss, ("FullyConnectedNet.loss",), {
    "reg_convention": [dict(reg_scale=1.0)],
    "reg_missing_in_grad": [dict(reg_in_grads=False)],
    "fcn_last_layer_unregularized": [dict(last_reg=False)],
    "fcn_relu_on_scores": [dict(relu_last=True)],
    "fcn_norm_after_relu": [dict(norm_after_relu=True)],
})
VARIANTS += _variants(fc_net.convnet_loss, ("ThreeLayerConvNet.loss",), {
    "reg_convention": [dict(reg_scale=1.0)],
    "convnet_conv_not_regularized": [dict(reg_on_conv=False)],
})
VARIANTS_2017 += _variants(fc_net.fcn_loss_2017, ("FullyConnectedNet.loss",), {
    "reg_convention": [dict(reg_scale=1.0)],
    "reg_missing_in_grad": [dict(reg_in_grads=False)],
    "fcn_last_layer_unregularized": [dict(last_reg=False)],
    "fcn_relu_on_scores": [dict(relu_last=True)],
    "fcn_norm_after_relu": [dict(norm_after_relu=True)],
})
VARIANTS_2017 += _variants(fc_net.convnet_loss, ("ThreeLayerConvNet.loss",), {
    "convnet_conv_not_regularized": [dict(reg_on_conv=False)]})
# 2016-2017 cnn.py states no regularization convention: reg·ΣW² is as right as 0.5·reg·ΣW²
ACCEPTED_2017 = ACCEPTED + (
    Variant("reg·ΣW² (this year's cnn.py states no convention)", ("ThreeLayerConvNet.loss",),
            partial(fc_net.convnet_loss, reg_scale=1.0)),)

# --- 2025: optim.py came solved, so its functions are not graded (pack@2025.yaml)
_OPTIM = {"sgd_momentum", "rmsprop", "adam"}
VARIANTS_2025 = [v for v in VARIANTS if not set(v.functions) & _OPTIM]
ACCEPTED_2025 = tuple(v for v in ACCEPTED if not set(v.functions) & _OPTIM)
