"""The input recipes of cs231n-a3-torch: registered by name, named by pack.yaml's ``recipe:``."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe


class StyleParams(RecipeParams):
    layers: int = Field(3, ge=1, le=10, description="feature maps in the network")
    C: int = Field(ge=1, le=256)
    H: int = Field(ge=1, le=64)
    used: list[int] = Field(min_length=1, description="the style layers, indices into feats")

@recipe("style", StyleParams)
def style(p: StyleParams, rng: np.random.Generator) -> dict[str, object]:
    """Feature maps (1, C_l, H_l, H_l) of a network (channels double, size halves per layer),
    the style layers among them, target Gram matrices and weights."""
    feats, targets = [], []
    for i in range(p.layers):
        c, h = p.C * 2 ** i, max(p.H // 2 ** i, 1)
        feats.append(rng.standard_normal((1, c, h, h)))
    for layer in p.used:
        if not 0 <= layer < p.layers:
            raise ValueError(f"style layer {layer} is not one of the {p.layers} feature maps")
        c = feats[layer].shape[1]
        targets.append(rng.standard_normal((1, c, c)) * 0.3)
    return {"feats": feats, "style_layers": list(p.used), "style_targets": targets,
            "style_weights": [float(w) for w in rng.uniform(0.5, 2.0, len(p.used))]}


class NoiseParams(RecipeParams):
    batch_size: int = Field(ge=1, le=100_000)
    dim: int = Field(ge=1, le=100_000)
    seed: int | None = None

@recipe("noise", NoiseParams)
def noise(p: NoiseParams, rng: np.random.Generator) -> dict[str, object]:
    return {"batch_size": p.batch_size, "dim": p.dim, "seed": p.seed}


class AttentionParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    S: int = Field(ge=1, le=64, description="query length")
    T: int = Field(ge=1, le=64, description="key/value length")
    E: int = Field(ge=1, le=256, description="embedding dimension")
    H: int = Field(ge=1, le=16, description="heads (E divisible by H)")
    mask: str = Field("none", description="none, causal (lower triangular) or random")

@recipe("attention", AttentionParams)
def attention(p: AttentionParams, rng: np.random.Generator) -> dict[str, object]:
    """A MultiHeadAttention's constructor arguments (dropout 0), its four Linear layers'
    weights (set on the student's module), query/key/value and a 0/1 mask (S, T) where 0
    means "may not attend" (every row keeps at least one 1)."""
    if p.E % p.H:
        raise ValueError(f"E = {p.E} is not divisible by H = {p.H}")
    weights = {}
    for name in ("query", "key", "value", "proj"):
        weights[f"{name}.weight"] = rng.standard_normal((p.E, p.E)) / np.sqrt(p.E)
        weights[f"{name}.bias"] = rng.standard_normal(p.E) * 0.1
    mask = None
    if p.mask == "causal":
        mask = np.tril(np.ones((p.S, p.T)))
    elif p.mask == "random":
        mask = (rng.random((p.S, p.T)) < 0.6).astype(np.float64)
        mask[np.arange(p.S), rng.integers(0, p.T, p.S)] = 1.0
    elif p.mask != "none":
        raise ValueError("mask must be none, causal or random")
    return {"query": rng.standard_normal((p.N, p.S, p.E)), "key": rng.standard_normal((p.N, p.T, p.E)),
            "value": rng.standard_normal((p.N, p.T, p.E)), "attn_mask": mask,
            "embed_dim": p.E, "num_heads": p.H, "dropout": 0.0, **weights}


class EncodingParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    S: int = Field(ge=1, le=200)
    D: int = Field(ge=2, le=256, description="embedding dimension (even)")
    max_len: int = Field(64, ge=1, le=5000)

@recipe("encoding", EncodingParams)
def encoding(p: EncodingParams, rng: np.random.Generator) -> dict[str, object]:
    if p.D % 2 or p.max_len < p.S:
        raise ValueError("D must be even and S at most max_len")
    return {"x": rng.standard_normal((p.N, p.S, p.D)), "embed_dim": p.D, "dropout": 0.0,
            "max_len": p.max_len}


class CaptioningParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    T: int = Field(ge=1, le=50, description="caption length")
    V: int = Field(ge=4, le=1000, description="vocabulary size (<NULL>, <START>, <END> first)")
    W: int = Field(ge=2, le=256, description="word vector dimension (even)")
    D: int = Field(ge=1, le=512, description="image feature dimension")
    H: int = Field(2, ge=1, le=16, description="heads (W divisible by H)")

@recipe("captioning_transformer", CaptioningParams)
def captioning_transformer(p: CaptioningParams, rng: np.random.Generator) -> dict[str, object]:
    """A CaptioningTransformer's constructor arguments, image features, captions (word
    indices) and the weights the host's stand-ins for its parts use (set on the instance)."""
    if p.W % 2 or p.W % p.H:
        raise ValueError("W must be even and divisible by H")
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(p.V - 3)]
    return {"features": rng.standard_normal((p.N, p.D)),
            "captions": rng.integers(0, p.V, (p.N, p.T)).astype(np.int64),
            "word_to_idx": {w: i for i, w in enumerate(words)}, "input_dim": p.D,
            "wordvec_dim": p.W, "num_heads": p.H, "num_layers": 1, "max_length": max(p.T, 8),
            "word_table": rng.standard_normal((p.V, p.W)),
            "proj_weight": rng.standard_normal((p.W, p.D)) / np.sqrt(p.D),
            "proj_bias": rng.standard_normal(p.W) * 0.1,
            "decoder_mix": rng.standard_normal((p.W, p.W)) / np.sqrt(p.W),
            "out_weight": rng.standard_normal((p.V, p.W)) / np.sqrt(p.W),
            "out_bias": rng.standard_normal(p.V) * 0.1, "V": p.V, "vocab_size": p.V}


class PatchParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    C: int = Field(3, ge=1, le=16, description="image channels")
    img: int = Field(ge=1, le=128, description="image height and width")
    P: int = Field(ge=1, le=64, description="patch height and width (divides img)")
    D: int = Field(ge=1, le=256, description="embedding dimension")

@recipe("patch_embedding", PatchParams)
def patch_embedding(p: PatchParams, rng: np.random.Generator) -> dict[str, object]:
    """Images (N, C, img, img), a PatchEmbedding's constructor arguments and the weights of its
    projection (set on the student's module)."""
    if p.img % p.P:
        raise ValueError(f"the patch size {p.P} does not divide the image size {p.img}")
    dim = p.P * p.P * p.C
    return {"x": rng.standard_normal((p.N, p.C, p.img, p.img)), "img_size": p.img,
            "patch_size": p.P, "in_channels": p.C, "embed_dim": p.D,
            "num_patches": (p.img // p.P) ** 2,
            "proj.weight": rng.standard_normal((p.D, dim)) / np.sqrt(dim),
            "proj.bias": rng.standard_normal(p.D) * 0.1}


class LayerParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    T: int = Field(ge=1, le=64, description="target (or source) sequence length")
    S: int = Field(1, ge=1, le=64, description="memory length (the decoder's)")
    D: int = Field(ge=1, le=256, description="model dimension")
    H: int = Field(2, ge=1, le=16, description="heads (D divisible by H)")
    F: int = Field(8, ge=1, le=1024, description="feed-forward dimension")
    mask: str = Field("causal", description="none, causal or random (0 = may not attend)")

@recipe("transformer_layer", LayerParams)
def transformer_layer(p: LayerParams, rng: np.random.Generator) -> dict[str, object]:
    """A decoder or encoder layer's constructor arguments (dropout 0), its input sequences and
    mask, the weights its sublayers' host stand-ins use and its LayerNorms' weights (set on
    the student's modules)."""
    if p.D % p.H:
        raise ValueError(f"D = {p.D} is not divisible by H = {p.H}")
    mask = None
    if p.mask == "causal":
        mask = np.tril(np.ones((p.T, p.T)))
    elif p.mask == "random":
        mask = (rng.random((p.T, p.T)) < 0.5).astype(np.float64)
        mask[np.arange(p.T), np.arange(p.T)] = 1.0
    elif p.mask != "none":
        raise ValueError("mask must be none, causal or random")
    seq = rng.standard_normal((p.N, p.T, p.D))
    norms = {}
    for name in ("norm_self", "norm_cross", "norm_ffn"):
        norms[f"{name}.weight"] = 1.0 + rng.standard_normal(p.D) * 0.3
        norms[f"{name}.bias"] = rng.standard_normal(p.D) * 0.2
    return {"tgt": seq, "src": seq, "memory": rng.standard_normal((p.N, p.S, p.D)),
            "tgt_mask": mask, "src_mask": mask, "input_dim": p.D, "num_heads": p.H,
            "dim_feedforward": p.F, "dropout": 0.0,
            "self_mix": rng.standard_normal((p.D, p.D)) / np.sqrt(p.D),
            "cross_mix": rng.standard_normal((p.D, p.D)) / np.sqrt(p.D),
            "ffn_up": rng.standard_normal((p.D, p.F)) / np.sqrt(p.D),
            "ffn_down": rng.standard_normal((p.F, p.D)) / np.sqrt(p.F), **norms}


class VitParams(RecipeParams):
    N: int = Field(ge=1, le=64)
    C: int = Field(3, ge=1, le=16)
    img: int = Field(ge=1, le=128)
    P: int = Field(ge=1, le=64, description="patch size (divides img)")
    D: int = Field(ge=2, le=256, description="embedding dimension (even)")
    K: int = Field(ge=1, le=1000, description="classes")

@recipe("vision_transformer", VitParams)
def vision_transformer(p: VitParams, rng: np.random.Generator) -> dict[str, object]:
    """A VisionTransformer's constructor arguments (one small encoder layer, dropout 0),
    images, and the weights of the host stand-ins for its parts (set on the instance)."""
    if p.img % p.P or p.D % 2:
        raise ValueError("the patch size must divide the image size and D be even")
    return {"x": rng.standard_normal((p.N, p.C, p.img, p.img)), "img_size": p.img,
            "patch_size": p.P, "in_channels": p.C, "embed_dim": p.D, "num_layers": 1,
            "num_heads": 2 if p.D % 4 == 0 else 1, "dim_feedforward": 8, "num_classes": p.K,
            "dropout": 0.0, "patch_table": rng.standard_normal((p.C, p.D)),
            "encoder_mix": rng.standard_normal((p.D, p.D)) / np.sqrt(p.D),
            "head_weight": rng.standard_normal((p.K, p.D)) / np.sqrt(p.D),
            "head_bias": rng.standard_normal(p.K) * 0.1}
