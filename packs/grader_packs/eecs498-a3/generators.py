"""The input recipes of eecs498-a3: registered by name, named by pack.yaml's ``recipe:``."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from grader.inputs import DEVICE, RecipeParams, TorchDtype, recipe

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

class NetParams(RecipeParams):
    N: int = Field(ge=1, le=100)
    D: int = Field(ge=1, le=1000, description="input dimension")
    hidden: list[int] = Field(min_length=1, max_length=4, description="hidden layer sizes")
    C: int = Field(ge=2, le=100, description="number of classes")
    reg: float = Field(0.0, ge=0)
    weight_scale: float = Field(0.3, gt=0)
    drop: float = Field(0.0, ge=0, lt=1, description="dropout: probability of dropping a unit")
    seed: int | None = Field(None, description="dropout_param's seed")
    scores_only: bool = False

@recipe("eecs_net", NetParams)
def eecs_net(p: NetParams, rng: np.random.Generator) -> dict[str, object]:
    """A TwoLayerNet (one hidden layer) or FullyConnectedNet: the constructor's arguments
    (dtype torch.float64, the grading device), the attributes its own code sets from them,
    params with non-zero biases, a batch and labels."""
    dims = [p.D, *p.hidden, p.C]
    params = {}
    for i in range(1, len(dims)):
        params[f"W{i}"] = rng.standard_normal((dims[i - 1], dims[i])) * p.weight_scale
        params[f"b{i}"] = rng.standard_normal(dims[i]) * 0.1
    dropout_param = {"mode": "train", "p": p.drop} if p.drop else {}
    if p.drop and p.seed is not None:
        dropout_param["seed"] = p.seed
    X = rng.standard_normal((p.N, p.D))
    y = None if p.scores_only else rng.integers(0, p.C, p.N).astype(np.int64)
    sizes = {"H": p.hidden[0], **{f"H{i + 1}": h for i, h in enumerate(p.hidden)}}
    return {"X": X, "y": y, "params": params, "reg": p.reg, "num_layers": len(dims) - 1,
            "use_dropout": p.drop != 0, "dropout_param": dropout_param,
            "dtype": TorchDtype("float64"), "device": DEVICE,
            "input_dim": p.D, "hidden_dim": p.hidden[0], "hidden_dims": list(p.hidden),
            "num_classes": p.C, "weight_scale": p.weight_scale, "dropout": p.drop,
            "seed": p.seed, "D": p.D, "C": p.C, **sizes}

class ConvNetParams(RecipeParams):
    N: int = Field(ge=1, le=100)
    Cin: int = Field(3, ge=1, le=16)
    H: int = Field(ge=2, le=64, description="image height and width")
    filters: list[int] = Field(min_length=1, max_length=6, description="conv filters per "
                               "layer (ThreeLayerConvNet: one)")
    fs: int = Field(3, ge=1, le=9, description="filter size (odd; DeepConvNet: 3)")
    pools: list[int] = Field([0], description="the conv layers followed by a 2x2 max pool")
    hidden: int = Field(5, ge=1, le=1000, description="ThreeLayerConvNet's hidden units")
    C: int = Field(ge=2, le=100)
    reg: float = Field(0.0, ge=0)
    weight_scale: float = Field(0.3, gt=0)
    batchnorm: bool = False
    deep: bool = Field(False, description="a DeepConvNet (else a ThreeLayerConvNet)")
    scores_only: bool = False

@recipe("eecs_convnet", ConvNetParams)
def eecs_convnet(p: ConvNetParams, rng: np.random.Generator) -> dict[str, object]:
    """A ThreeLayerConvNet (conv - relu - pool - linear - relu - linear) or DeepConvNet
    ({conv - [bn] - relu - [pool]} x L-1 - linear): constructor arguments, params (conv
    weights (F, C, fs, fs)), batchnorm's gamma and beta away from 1 and 0, images and
    labels."""
    if any(not 0 <= i < len(p.filters) for i in p.pools):
        raise ValueError("pools name conv layers by their index")
    side = p.H // 2 ** len(p.pools)
    if side < 1:
        raise ValueError("too many pools for the image size")
    params, channels = {}, p.Cin
    for i, F in enumerate(p.filters, start=1):
        params[f"W{i}"] = rng.standard_normal((F, channels, p.fs, p.fs)) * p.weight_scale
        params[f"b{i}"] = rng.standard_normal(F) * 0.1
        if p.batchnorm:
            params[f"gamma{i}"] = 1.0 + 0.2 * rng.standard_normal(F)
            params[f"beta{i}"] = 0.1 * rng.standard_normal(F)
        channels = F
    flat = channels * side * side
    L = len(p.filters) + 1 if p.deep else 3
    three = {"W2": rng.standard_normal((flat, p.hidden)) * p.weight_scale / np.sqrt(flat / 8),
             "b2": rng.standard_normal(p.hidden) * 0.1,
             "W3": rng.standard_normal((p.hidden, p.C)) * p.weight_scale,
             "b3": rng.standard_normal(p.C) * 0.1}
    if not p.deep:
        if len(p.filters) != 1 or p.batchnorm or p.pools != [0]:
            raise ValueError("a ThreeLayerConvNet has one conv layer, pooled, no batchnorm")
        params.update(three)
    else:
        params[f"W{L}"] = rng.standard_normal((flat, p.C)) * p.weight_scale / np.sqrt(flat / 8)
        params[f"b{L}"] = rng.standard_normal(p.C) * 0.1
    X = rng.standard_normal((p.N, p.Cin, p.H, p.H))
    y = None if p.scores_only else rng.integers(0, p.C, p.N).astype(np.int64)
    return {"X": X, "y": y, "params": params, "reg": p.reg, "dtype": TorchDtype("float64"),
            "device": DEVICE, "num_layers": L, "max_pools": list(p.pools),
            "batchnorm": p.batchnorm,
            "bn_params": [{"mode": "train"} for _ in p.filters] if p.batchnorm else [],
            "input_dims": [p.Cin, p.H, p.H],
            "num_filters": list(p.filters) if p.deep else p.filters[0], "filter_size": p.fs, "hidden_dim": p.hidden,
            "num_classes": p.C, "weight_scale": p.weight_scale, "weight_initializer": None,
            "Cin": p.Cin, "F": p.filters[0], "F_last": channels, "fs": p.fs, "flat": flat,
            "C": p.C, **{f"F{i}": F for i, F in enumerate(p.filters, start=1)}}
