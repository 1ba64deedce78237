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
