"""The input recipes of eecs498-a3: registered by name, named by pack.yaml's ``recipe:``."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe

STATE_KEYS = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v")}


class OptimParams(RecipeParams):
    rule: str = Field(description="sgd_momentum, rmsprop or adam")
    shape: list[int] = Field([4, 5], min_length=1)
    state: bool = Field(True, description="config holds a non-zero state (a later step)")
    defaults: bool = Field(False, description="config is {}: the rule fills in its defaults")
    t: int = Field(5, ge=0, description="adam's step count so far")
    epsilon: float = Field(1e-8, gt=0, description="config's epsilon (large: a hard-coded "
                           "1e-8 shows)")

@recipe("optim", OptimParams)
def optim(p: OptimParams, rng: np.random.Generator) -> dict[str, object]:
    """w, dw and a config as a Solver keeps it between steps: hyperparameters away from their
    defaults (so a default that overrides the config shows) and a non-zero state."""
    if p.rule not in STATE_KEYS:
        raise ValueError(f"rule must be one of {', '.join(STATE_KEYS)}")
    w, dw = rng.standard_normal(p.shape), rng.standard_normal(p.shape)
    config: dict = {}
    if not p.defaults:
        config = {"sgd_momentum": {"learning_rate": 0.05, "momentum": 0.8},
                  "rmsprop": {"learning_rate": 0.02, "decay_rate": 0.9, "epsilon": p.epsilon},
                  "adam": {"learning_rate": 0.01, "beta1": 0.8, "beta2": 0.95,
                           "epsilon": p.epsilon}}[p.rule]
        if p.state:
            for key in STATE_KEYS[p.rule]:
                config[key] = np.abs(rng.standard_normal(p.shape)) if key in ("cache", "v") \
                    else rng.standard_normal(p.shape)
            if p.rule == "adam":
                config["t"] = p.t
    return {"w": w, "dw": dw, "config": config}

class BatchnormParams(RecipeParams):
    N: int = Field(ge=2, le=10_000)
    D: int = Field(ge=1, le=10_000)
    mode: str = Field("train", description="train or test")
    running: bool = Field(True, description="bn_param holds running averages already")
    eps: bool = Field(False, description="bn_param sets eps (otherwise the default 1e-5)")
    scale: float = Field(1.0, gt=0, description="spread of x (small: eps matters)")

@recipe("batchnorm", BatchnormParams)
def batchnorm(p: BatchnormParams, rng: np.random.Generator) -> dict[str, object]:
    """x (N, D) with per-feature offsets, gamma and beta away from 1 and 0 (so a test mode that
    forgets them shows), bn_param with or without running averages and eps."""
    if p.mode not in ("train", "test"):
        raise ValueError("mode must be train or test")
    x = rng.standard_normal((p.N, p.D)) * p.scale + rng.standard_normal(p.D) * 2
    bn_param: dict = {"mode": p.mode}
    if p.running:
        bn_param["running_mean"] = rng.standard_normal(p.D)
        bn_param["running_var"] = rng.uniform(0.5, 1.5, p.D) * p.scale**2
    if p.eps:
        bn_param["eps"] = 1e-4
    return {"x": x, "gamma": rng.uniform(0.5, 2.0, p.D), "beta": rng.standard_normal(p.D),
            "bn_param": bn_param, "dout": rng.standard_normal((p.N, p.D))}

class DropoutParams(RecipeParams):
    N: int = Field(ge=1, le=100_000)
    D: int = Field(ge=1, le=10_000)
    p: float = Field(0.5, gt=0, lt=1, description="probability of keeping a unit")
    mode: str = "train"

@recipe("dropout", DropoutParams)
def dropout(p: DropoutParams, rng: np.random.Generator) -> dict[str, object]:
    """Positive inputs (a dropped unit is exactly 0, a kept one x / p), the dropout_param, and
    for the backward pass an upstream gradient and a cache holding an inverted-dropout mask."""
    if p.mode not in ("train", "test"):
        raise ValueError("mode must be train or test")
    x = rng.uniform(0.5, 1.5, (p.N, p.D))
    param = {"mode": p.mode, "p": p.p}
    mask = (rng.random((p.N, p.D)) < p.p) / p.p
    return {"x": x, "dropout_param": param, "dout": rng.standard_normal((p.N, p.D)),
            "mask": mask, "cache": (param, mask)}

class ConvParams(RecipeParams):
    N: int = Field(ge=1, le=100)
    C: int = Field(ge=1, le=64)
    H: int = Field(ge=1, le=64)
    W: int = Field(ge=1, le=64)
    F: int = Field(ge=1, le=64)
    HH: int = Field(3, ge=1, le=16)
    WW: int = Field(3, ge=1, le=16)
    stride: int = Field(1, ge=1, le=8)
    pad: int = Field(1, ge=0, le=8)

@recipe("conv", ConvParams)
def conv(p: ConvParams, rng: np.random.Generator) -> dict[str, object]:
    """x (N, C, H, W), filters w (F, C, HH, WW) that are not symmetric (a flipped kernel
    shows), b, conv_param, an upstream gradient of the output's shape and the forward cache."""
    Ho = 1 + (p.H + 2 * p.pad - p.HH) // p.stride
    Wo = 1 + (p.W + 2 * p.pad - p.WW) // p.stride
    if Ho < 1 or Wo < 1:
        raise ValueError("the filter does not fit the padded input")
    x = rng.standard_normal((p.N, p.C, p.H, p.W))
    w = rng.standard_normal((p.F, p.C, p.HH, p.WW))
    b = rng.standard_normal(p.F)
    param = {"stride": p.stride, "pad": p.pad}
    return {"x": x, "w": w, "b": b, "conv_param": param, "cache": (x, w, b, param),
            "dout": rng.standard_normal((p.N, p.F, Ho, Wo)), "F": p.F, "Ho": Ho, "Wo": Wo}

class PoolParams(RecipeParams):
    N: int = Field(ge=1, le=100)
    C: int = Field(ge=1, le=64)
    H: int = Field(ge=1, le=64)
    W: int = Field(ge=1, le=64)
    pool: int = Field(2, ge=1, le=8)
    pool_w: int | None = Field(None, ge=1, le=8, description="window width (default: pool)")
    stride: int = Field(2, ge=1, le=8)
    negative: bool = Field(False, description="every entry negative (a max from 0 shows)")

@recipe("pool", PoolParams)
def pool(p: PoolParams, rng: np.random.Generator) -> dict[str, object]:
    """x with distinct entries (no ties inside a window), pool_param, an upstream gradient of
    the output's shape and the forward cache (x, pool_param), as the starter stores it."""
    width = p.pool if p.pool_w is None else p.pool_w
    Ho, Wo = 1 + (p.H - p.pool) // p.stride, 1 + (p.W - width) // p.stride
    if Ho < 1 or Wo < 1:
        raise ValueError("the pooling window does not fit the input")
    size = p.N * p.C * p.H * p.W
    x = (rng.permutation(size) / size + rng.uniform(0, 1e-3, size)).reshape(p.N, p.C, p.H, p.W)
    if p.negative:
        x = x - 2.0
    param = {"pool_height": p.pool, "pool_width": width, "stride": p.stride}
    return {"x": x, "pool_param": param, "cache": (x, param),
            "dout": rng.standard_normal((p.N, p.C, Ho, Wo)), "Ho": Ho, "Wo": Wo}

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
