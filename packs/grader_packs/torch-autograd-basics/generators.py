"""The input recipes of torch-autograd-basics: registered by name, named by pack.yaml's ``recipe:``."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe


class AffineParams(RecipeParams):
    N: int = Field(ge=1, le=10_000)
    dims: list[int] = Field(min_length=1, description="x's trailing shape (d1, ..., dk)")
    M: int = Field(ge=1, le=10_000)

@recipe("affine", AffineParams)
def affine(p: AffineParams, rng: np.random.Generator) -> dict[str, object]:
    """x (N, d1..dk), w (D, M), b (M,), dout (N, M) and the forward cache (x, w, b)."""
    x = rng.standard_normal((p.N, *p.dims))
    w = rng.standard_normal((int(np.prod(p.dims)), p.M)) * 0.5
    b = rng.standard_normal(p.M)
    dout = rng.standard_normal((p.N, p.M))
    return {"x": x, "w": w, "b": b, "dout": dout, "cache": (x, w, b)}

class ReluParams(RecipeParams):
    shape: list[int] = Field(min_length=1)
    gap: float = Field(0.05, ge=0, description="no entry of x within this of the kink at 0")

@recipe("relu", ReluParams)
def relu(p: ReluParams, rng: np.random.Generator) -> dict[str, object]:
    """x with no entry near 0 (a numeric gradient across the kink would blame correct code)."""
    x = rng.standard_normal(p.shape)
    x = np.where(np.abs(x) < p.gap, np.sign(x + 1e-12) * (p.gap + np.abs(x)), x)
    return {"x": x, "dout": rng.standard_normal(p.shape), "cache": x}

class ScoresParams(RecipeParams):
    N: int = Field(ge=1, le=100_000)
    C: int = Field(ge=2, le=1000)
    scale: float = Field(1.0, gt=0)
    offset: float = 0.0
    mixed_offsets: bool = False
    kink_gap: float = Field(0.05, ge=0)

@recipe("scores", ScoresParams)
def scores(p: ScoresParams, rng: np.random.Generator) -> dict[str, object]:
    """Class scores x (N, C) and labels y for the layer losses (no hinge margin near a kink)."""
    y = rng.integers(0, p.C, p.N).astype(np.int64)
    x = rng.standard_normal((p.N, p.C)) * p.scale
    for _ in range(1000):
        margins = x - x[np.arange(p.N), y][:, None] + 1.0
        margins[np.arange(p.N), y] = np.inf
        bad = (np.abs(margins) < p.kink_gap).any(axis=1)
        if not bad.any():
            break
        x[bad] = rng.standard_normal((int(bad.sum()), p.C)) * p.scale
    if p.offset:
        signs = rng.choice([-1.0, 1.0], p.N) if p.mixed_offsets else np.ones(p.N)
        x = x + p.offset * signs[:, None]
    return {"x": x, "y": y}

@recipe("logits", ScoresParams)
def logits(p: ScoresParams, rng: np.random.Generator) -> dict[str, object]:
    """The layer-loss scores under the names a softmax exercise uses: scores (N, C), y (N,)."""
    drawn = scores(p, rng)
    return {"scores": drawn["x"], "y": drawn["y"]}

class BinaryParams(RecipeParams):
    shape: list[int] = Field(min_length=1)
    scale: float = Field(3.0, gt=0, description="spread of x")

@recipe("binary", BinaryParams)
def binary(p: BinaryParams, rng: np.random.Generator) -> dict[str, object]:
    """x for a sigmoid; probabilities in (0.05, 0.95) with 0/1 targets (float64, as torch's
    binary cross-entropy takes them) for a binary cross-entropy."""
    return {"x": rng.standard_normal(p.shape) * p.scale,
            "probs": rng.uniform(0.05, 0.95, p.shape),
            "y": rng.integers(0, 2, p.shape).astype(np.float64)}
