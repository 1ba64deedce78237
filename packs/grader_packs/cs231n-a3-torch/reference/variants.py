"""Known mistakes in the GAN, style-transfer and SimCLR losses, reproduced from the reference."""

from __future__ import annotations

from grader.variants import variants

from . import captioning as cap
from . import losses as L
from . import transformer as tr
from . import vit

_SIMCLR = {"simclr_one_direction": [dict(both=False)],
           "simclr_includes_self": [dict(include_self=True)],
           "simclr_no_temperature": [dict(temperature=False)]}

VARIANTS = (
    variants(L.sample_noise, "sample_noise", {"noise_not_symmetric": [dict(low=0.0)],
                                              "noise_not_random": [dict(fixed=True)],
                                              "noise_ignores_seed": [dict(ignore_seed=True)]})
    +     variants(L.discriminator_loss, "discriminator_loss", {"gan_labels_swapped": [dict(swapped=True)]})
    + variants(L.generator_loss, "generator_loss", {"generator_loss_saturating": [dict(saturating=True)]})
    + variants(L.ls_discriminator_loss, "ls_discriminator_loss",
               {"ls_loss_missing_half": [dict(half=1.0)]})
    + variants(L.ls_generator_loss, "ls_generator_loss", {
        "ls_loss_missing_half": [dict(half=1.0)], "ls_generator_wrong_target": [dict(target=0.0)]})
    + variants(L.content_loss, "content_loss", {"loss_mean_not_sum": [dict(mean=True)],
                                                 "content_loss_unweighted": [dict(weighted=False)]})
    + variants(L.gram_matrix, "gram_matrix", {"gram_normalized_by_hw": [dict(divisor="HW")],
                                               "gram_ignores_normalize": [dict(always=True)]})
    + variants(L.style_loss, "style_loss", {"loss_mean_not_sum": [dict(mean=True)]})
    + variants(L.tv_loss, "tv_loss", {"tv_abs_not_square": [dict(square=False)],
                                      "tv_one_direction": [dict(both=False)]})
    + variants(L.sim, "sim", {"sim_not_normalized": [dict(normalized=False)]})
    + variants(L.sim_positive_pairs, "sim_positive_pairs",
               {"sim_not_normalized": [dict(normalized=False)]})
    + variants(L.compute_sim_matrix, "compute_sim_matrix",
               {"sim_not_normalized": [dict(normalized=False)]})
    + variants(L.simclr_loss_naive, "simclr_loss_naive", _SIMCLR)
    + variants(L.simclr_loss_vectorized, "simclr_loss_vectorized", _SIMCLR)
    + variants(tr.attention, "MultiHeadAttention.forward", {
        "attention_not_scaled": [dict(scale="none")],
        "attention_scaled_by_embed_dim": [dict(scale="embed")],
        "attention_mask_ignored": [dict(masked=False)],
        "attention_heads_split_wrong": [dict(split="reshape")],
        "attention_softmax_wrong_axis": [dict(softmax_axis=-2)]})
    + variants(tr.positional_encoding, "PositionalEncoding.forward", {
        "pe_sin_cos_swapped": [dict(swapped=True)],
        "pe_exponent_per_dimension": [dict(exponent="own")]})
    + variants(cap.captioning_forward, "CaptioningTransformer.forward", {
        "captioning_no_causal_mask": [dict(mask="none")],
        "captioning_mask_inverted": [dict(mask="upper")],
        "captioning_no_positional_encoding": [dict(encode=False)]})
)

# --- editions: each grades its years' functions only
_STYLE = {"content_loss", "gram_matrix", "style_loss", "tv_loss"}
_GAN = {"sample_noise", "discriminator_loss", "generator_loss", "ls_discriminator_loss",
        "ls_generator_loss"}
VARIANTS_2020 = [v for v in VARIANTS if set(v.functions) <= _STYLE | _GAN
                 and v.mistake != "noise_ignores_seed"]  # no seed before 2020
VARIANTS_2025 = [v for v in VARIANTS if not set(v.functions) & (_STYLE | _GAN)] + list(
    variants(vit.patch_embedding, "PatchEmbedding.forward", {
        "patch_channels_first": [dict(order="cpp")],
        "patch_reshape_without_permute": [dict(permute=False)]})
    + variants(vit.decoder_layer, "TransformerDecoderLayer.forward", {
        "sublayer_no_residual": [dict(residual="both"), dict(residual="attention"),
                                 dict(residual="ffn")],
        "sublayer_pre_norm": [dict(pre_norm=True)],
        "decoder_norm_reused": [dict(reuse_norm=True)]})
    + variants(vit.encoder_layer, "TransformerEncoderLayer.forward", {
        "sublayer_no_residual": [dict(residual="both"), dict(residual="attention"),
                                 dict(residual="ffn")],
        "sublayer_pre_norm": [dict(pre_norm=True)],
        "encoder_mask_ignored": [dict(masked=False)]})
    + variants(vit.vit_forward, "VisionTransformer.forward", {
        "vit_pooling_wrong": [dict(pool="first"), dict(pool="max")],
        "vit_no_positional_encoding": [dict(encoded=False)]}))
VARIANTS = [v for v in VARIANTS if not set(v.functions) & _STYLE]
VARIANTS_2021 = [v for v in VARIANTS if "CaptioningTransformer.forward" not in v.functions]
