"""What 2025 added to transformer_layers.py and classifiers/transformer.py, in numpy:
PatchEmbedding.forward, the decoder layer's cross-attention and feed-forward blocks, the
encoder layer, VisionTransformer.forward.

The layers are graded on their wiring: their sublayers (attention, the feed-forward network;
the ViT's patch embedding, positional encoding, encoder and head) are host stand-ins set over
the student's own modules, each with fixed weights the grader chose. The stand-ins are not the
real layers (a masked softmax attention through one mixing matrix, a tanh network), so a wiring
mistake (a missing residual, the norm before it, the mask left out, the wrong pooling) changes
the outputs while a mistake inside a sublayer costs points only there. The LayerNorms are the
student's own nn.LayerNorm modules with weights set by the grader (eps 1e-5). The keyword
arguments build the catalogued mistakes."""

from __future__ import annotations

import numpy as np

from .transformer import encoding

MAX_ENTRIES = 1 << 22


def _a(x) -> np.ndarray:
    return np.asarray(x, np.float64)


def _bounded(*shapes) -> None:
    for shape in shapes:
        if int(np.prod(shape)) > MAX_ENTRIES:
            raise ValueError(f"an array of shape {tuple(shape)} is too large")


# ------------------------------------------------------------------ PatchEmbedding


def patches(x, patch_size, *, order="ppc", permute=True):
    """(N, C, H, W) -> (N, (H/p)·(W/p), p·p·C): patches row by row, each flattened over
    (row, column, channel) as the starter asks ("patches of shape patch_size x patch_size
    x C")."""
    x = _a(x)
    N, C, H, W = x.shape
    p = int(patch_size)
    if H % p or W % p:
        raise ValueError(f"the image ({H}x{W}) is not divisible into {p}x{p} patches")
    if not permute:  # a reshape that mixes pixels of different patches
        return x.reshape(N, (H // p) * (W // p), p * p * C)
    blocks = x.reshape(N, C, H // p, p, W // p, p)
    axes = (0, 2, 4, 3, 5, 1) if order == "ppc" else (0, 2, 4, 1, 3, 5)
    return blocks.transpose(axes).reshape(N, (H // p) * (W // p), p * p * C)


def patch_embedding(x, patch_size, *, order="ppc", permute=True, **weights):
    flat = patches(x, patch_size, order=order, permute=permute)
    return flat @ _a(weights["proj.weight"]).T + _a(weights["proj.bias"])


# ------------------------------------------------------------------ stand-ins for sublayers


def attend(query, key, value, attn_mask=None, *, mix):
    """softmax(q · mix · kᵀ / √E) over the keys the mask allows (0 = may not attend), · v."""
    q, k, v, mix = _a(query), _a(key), _a(value), _a(mix)
    if q.ndim != 3 or k.shape != v.shape or k.ndim != 3 or q.shape[0] != k.shape[0] \
            or q.shape[2] != k.shape[2] or mix.shape != (q.shape[2], q.shape[2]):
        raise ValueError(f"attention takes query (N, S, E) and key, value (N, T, E), got "
                         f"{q.shape}, {k.shape}, {v.shape}")
    _bounded((q.shape[0], q.shape[1], k.shape[1]))
    scores = q @ mix @ k.transpose(0, 2, 1) / np.sqrt(q.shape[2])
    if attn_mask is not None:
        mask = _a(attn_mask)
        if mask.shape != scores.shape[1:]:
            raise ValueError(f"the mask must be ({q.shape[1]}, {k.shape[1]}), got {mask.shape}")
        scores = np.where(mask == 0, -np.inf, scores)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    return weights / weights.sum(axis=-1, keepdims=True) @ v


def feed_forward(x, *, up, down):
    x, up, down = _a(x), _a(up), _a(down)
    if x.shape[-1] != up.shape[0]:
        raise ValueError(f"the feed-forward network takes (..., {up.shape[0]}), got {x.shape}")
    _bounded(x.shape[:-1] + up.shape[1:])
    return np.tanh(x @ up) @ down


def layer_norm(x, weight, bias, eps=1e-5):
    x = _a(x)
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * _a(weight) + _a(bias)


def _block(x, sublayer, norm, *, residual=True, pre_norm=False):
    if pre_norm:  # x + sublayer(norm(x)): the pre-norm Transformer, not this assignment's
        return x + sublayer(norm(x))
    return norm(x + sublayer(x) if residual else sublayer(x))


def _kept(residual, block: str) -> bool:
    """``residual``: True (every block keeps its residual), or the block that lost it
    ("attention", "ffn") or "both"."""
    return residual is True or residual not in (block, "both")


def _norms(weights, names):
    return {n: (lambda y, n=n: layer_norm(y, weights[f"{n}.weight"], weights[f"{n}.bias"]))
            for n in names}


# ------------------------------------------------------------------ the layers


def decoder_layer(tgt, memory, tgt_mask, self_mix, cross_mix, ffn_up, ffn_down, *,
                  residual=True, pre_norm=False, reuse_norm=False, cross_mask=False, **weights):
    """Post-norm: self-attention (the starter's), cross-attention over the memory, the
    feed-forward network, each followed by dropout (off here), the residual and its norm."""
    tgt, memory = _a(tgt), _a(memory)
    norm = _norms(weights, ("norm_self", "norm_cross", "norm_ffn"))
    x = norm["norm_self"](tgt + attend(tgt, tgt, tgt, tgt_mask, mix=self_mix))
    x = _block(x, lambda y: attend(y, memory, memory, tgt_mask if cross_mask else None,
                                   mix=cross_mix),
               norm["norm_self" if reuse_norm else "norm_cross"],
               residual=_kept(residual, "attention"), pre_norm=pre_norm)
    return _block(x, lambda y: feed_forward(y, up=ffn_up, down=ffn_down),
                  norm["norm_self" if reuse_norm else "norm_ffn"],
                  residual=_kept(residual, "ffn"), pre_norm=pre_norm)


def encoder_layer(src, src_mask, self_mix, ffn_up, ffn_down, *, residual=True, pre_norm=False,
                  masked=True, **weights):
    src = _a(src)
    norm = _norms(weights, ("norm_self", "norm_ffn"))
    x = _block(src, lambda y: attend(y, y, y, src_mask if masked else None, mix=self_mix),
               norm["norm_self"], residual=_kept(residual, "attention"), pre_norm=pre_norm)
    return _block(x, lambda y: feed_forward(y, up=ffn_up, down=ffn_down), norm["norm_ffn"],
                  residual=_kept(residual, "ffn"), pre_norm=pre_norm)


# ------------------------------------------------------------------ VisionTransformer.forward


def embed_patches(x, *, patch_table, patch_size):
    """The patch embedding's stand-in: each patch's mean per channel through a table."""
    flat = patches(x, patch_size)
    N, P, _ = flat.shape
    per_channel = flat.reshape(N, P, -1, _a(x).shape[1]).mean(axis=2)
    return per_channel @ _a(patch_table)


def encode(x, *, encoder_mix):
    """The encoder's stand-in: every patch mixed with the mean of all of them."""
    x = _a(x)
    if x.ndim != 3:
        raise ValueError(f"the encoder takes (N, P, D), got {x.shape}")
    return np.tanh(x @ _a(encoder_mix) + x.mean(axis=1, keepdims=True))


def vit_forward(x, patch_size, patch_table, encoder_mix, head_weight, head_bias, *,
                pool="mean", encoded=True):
    tokens = embed_patches(x, patch_table=patch_table, patch_size=patch_size)
    if encoded:
        tokens = tokens + encoding(tokens.shape[2], tokens.shape[1])[None]
    out = encode(tokens, encoder_mix=encoder_mix)
    pooled = {"mean": out.mean(axis=1), "first": out[:, 0], "max": out.max(axis=1)}[pool]
    return pooled @ _a(head_weight).T + _a(head_bias)


def _proxy(fn):
    def proxy(*args, attrs=None, **kwargs):
        return fn(*args, at=attrs or {}, **kwargs)
    return proxy


def _add_encoding(x):
    x = _a(x)
    if x.ndim != 3 or x.shape[2] % 2:
        raise ValueError(f"the positional encoding takes (N, P, D) with D even, got {x.shape}")
    return x + encoding(x.shape[2], x.shape[1])[None]


def _head(x, weight, bias):
    """A linear layer, as nn.Linear: over the last axis of whatever it is given."""
    x = _a(x)
    if x.shape[-1:] != _a(weight).shape[1:]:
        raise ValueError(f"the head takes features of size {_a(weight).shape[1]}, got shape "
                         f"{x.shape}")
    _bounded(x.shape[:-1] + _a(weight).shape[:1])
    return x @ _a(weight).T + _a(bias)


PROXIES = {
    "self_attention": _proxy(lambda query, key, value, attn_mask=None, *, at: attend(
        query, key, value, attn_mask, mix=at["self_mix"])),
    "cross_attention": _proxy(lambda query, key, value, attn_mask=None, *, at: attend(
        query, key, value, attn_mask, mix=at["cross_mix"])),
    "feed_forward": _proxy(lambda x, *, at: feed_forward(x, up=at["ffn_up"],
                                                        down=at["ffn_down"])),
    "patch_embed": _proxy(lambda x, *, at: embed_patches(x, patch_table=at["patch_table"],
                                                         patch_size=at["patch_size"])),
    "vit_positional_encoding": _proxy(lambda x, *, at: _add_encoding(x)),
    "vit_encoder": _proxy(lambda x, mask=None, *, at: encode(x, encoder_mix=at["encoder_mix"])),
    "vit_head": _proxy(lambda x, *, at: _head(x, at["head_weight"], at["head_bias"])),
}
