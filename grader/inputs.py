"""Seeded input recipes. Each recipe validates its parameters and draws float64 inputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class RecipeParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Recipe:
    name: str
    params: type[RecipeParams]
    draw: Callable[[RecipeParams, np.random.Generator], dict[str, object]]


RECIPES: dict[str, Recipe] = {}


def recipe(name: str, params: type[RecipeParams]):
    """Register an input recipe under ``name``."""

    def register(draw):
        RECIPES[name] = Recipe(name, params, draw)
        return draw

    return register


class LinearParams(RecipeParams):
    N: int = Field(ge=1, le=100_000, description="number of examples")
    D: int = Field(ge=1, le=100_000, description="input dimension")
    C: int = Field(ge=2, le=1000, description="number of classes")
    reg: float = Field(0.0, ge=0, description="regularization strength")
    w_scale: float = Field(1e-2, gt=0, description="standard deviation of W's entries")
    score_scale: float = Field(1.0, gt=0, description="typical size of a score X @ W")
    offset: float = Field(0.0, description="add offset to every score of a row (stability)")
    mixed_offsets: bool = Field(False, description="rows get +offset or -offset at random")
    kink_gap: float = Field(0.05, ge=0, description="no hinge margin within this of zero")


@recipe("linear_classifier", LinearParams)
def linear_classifier(p: LinearParams, rng: np.random.Generator) -> dict[str, object]:
    """W (D, C), X (N, D), y (N,) int64 and reg, as in cs231n's linear classifiers.

    Scores have spread ``score_scale`` so that some hinge margins are active and some are not,
    and rows are redrawn until no margin lies within ``kink_gap`` of the kink (a numeric
    gradient across a kink would blame correct code). With ``offset`` the last column of X is
    a bias column (of ±1 with ``mixed_offsets``) and the last row of W adds ``offset`` to every score of the row.
    """
    W = rng.standard_normal((p.D, p.C)) * p.w_scale
    x_scale = p.score_scale / (p.w_scale * np.sqrt(p.D))
    X = rng.standard_normal((p.N, p.D)) * x_scale
    y = rng.integers(0, p.C, p.N).astype(np.int64)
    for _ in range(1000):
        bad = _rows_near_kink(W, X, y, p.kink_gap)
        if not bad.any():
            break
        X[bad] = rng.standard_normal((int(bad.sum()), p.D)) * x_scale
    if p.offset:
        X[:, -1] = rng.choice([-1.0, 1.0], p.N) if p.mixed_offsets else 1.0
        W[-1, :] += p.offset
    return {"W": W, "X": X, "y": y, "reg": float(p.reg)}


def _rows_near_kink(W: np.ndarray, X: np.ndarray, y: np.ndarray, gap: float) -> np.ndarray:
    scores = X @ W
    margins = scores - scores[np.arange(len(y)), y][:, None] + 1.0
    margins[np.arange(len(y)), y] = np.inf
    return (np.abs(margins) < gap).any(axis=1)


def draw(recipe_name: str, params: dict, rng: np.random.Generator) -> dict[str, object]:
    spec = RECIPES[recipe_name]
    return spec.draw(spec.params(**params), rng)


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


class KnnParams(RecipeParams):
    num_train: int = Field(ge=1, le=100_000)
    num_test: int = Field(ge=1, le=100_000)
    D: int = Field(ge=1, le=100_000)
    C: int = Field(3, ge=2, le=1000)
    duplicates: int = Field(0, ge=0, description="test points that equal a training point")


@recipe("knn", KnnParams)
def knn(p: KnnParams, rng: np.random.Generator) -> dict[str, object]:
    """Training and test points; ``duplicates`` test points coincide with training points
    (distance 0), chosen so that the textbook expansion x² + y² - 2xy rounds to a negative
    number there: sqrt without clamping gives nan, as it would on real data sooner or later."""
    X_train = rng.standard_normal((p.num_train, p.D)) * 3
    X = rng.standard_normal((p.num_test, p.D)) * 3
    pairs = [(i, int(j)) for i, j in enumerate(rng.choice(p.num_train,
                                                           min(p.duplicates, p.num_test,
                                                               p.num_train), replace=False))]
    for _ in range(500):  # redraw until x² + y² - 2xy really is negative for every duplicate
        for i, j in pairs:
            X[i] = X_train[j]
        expanded = (np.sum(X ** 2, axis=1, keepdims=True) + np.sum(X_train ** 2, axis=1)
                    - 2 * X.dot(X_train.T))
        bad = [(i, j) for i, j in pairs if expanded[i, j] >= 0]
        if not bad:
            break
        for _, j in bad:
            X_train[j] = rng.standard_normal(p.D) * 3
    y_train = rng.integers(0, p.C, p.num_train).astype(np.int64)
    return {"X": X, "X_train": X_train, "y_train": y_train}


class KnnLabelsParams(RecipeParams):
    num_test: int = Field(ge=1, le=10_000)
    num_train: int = Field(ge=1, le=100_000)
    C: int = Field(ge=2, le=1000)
    k: int = Field(ge=1, le=1000)
    ties: bool = Field(False, description="the k nearest labels of every row tie in votes")


@recipe("knn_labels", KnnLabelsParams)
def knn_labels(p: KnnLabelsParams, rng: np.random.Generator) -> dict[str, object]:
    """Distances with no equal entries, and labels. With ``ties`` every row's k nearest
    neighbours split their votes evenly between two labels, the nearest holding the larger
    one, so only "smallest label wins" gives the expected answer."""
    if p.ties and (p.k < 2 or p.k % 2 or p.num_train < p.num_test * p.k):
        raise ValueError("ties need an even k >= 2 and num_train >= num_test * k")
    dists = rng.permutation(p.num_test * p.num_train).reshape(p.num_test, p.num_train) + 1.0
    dists += rng.uniform(0, 0.5, dists.shape)
    y_train = rng.integers(0, p.C, p.num_train).astype(np.int64)
    if p.ties:
        for i in range(p.num_test):
            own = np.arange(i * p.k, (i + 1) * p.k)  # a private set of neighbours per row
            dists[i, own] = np.sort(rng.uniform(0.01, 0.5, p.k))
            low, high = sorted(rng.choice(p.C, 2, replace=False))
            y_train[own] = [high if j % 2 == 0 else low for j in range(p.k)]
            others = np.setdiff1d(np.arange(p.num_train), own)
            dists[i, others] = np.maximum(dists[i, others], 1.0)
    # training points too, only so that the student's own train() can be called first
    X_train = rng.standard_normal((p.num_train, 2))
    return {"dists": dists, "y_train": y_train, "k": p.k, "X_train": X_train}


class LinearTrainParams(RecipeParams):
    N: int = Field(ge=2, le=100_000)
    D: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)
    num_iters: int = Field(ge=1, le=1000)
    batch_size: int = Field(ge=1, le=100_000)
    learning_rate: float = Field(0.05, gt=0)
    reg: float = Field(0.1, ge=0)
    lazy: bool = Field(True, description="W starts as None (the classifier must create it)")


@recipe("linear_train", LinearTrainParams)
def linear_train(p: LinearTrainParams, rng: np.random.Generator) -> dict[str, object]:
    X = rng.standard_normal((p.N, p.D))
    y = rng.integers(0, p.C, p.N).astype(np.int64)
    y[rng.integers(p.N)] = p.C - 1  # the classifier infers C = max(y) + 1
    W = None if p.lazy else rng.standard_normal((p.D, p.C)) * 0.01
    return {"X": X, "y": y, "W": W, "learning_rate": p.learning_rate, "reg": p.reg,
            "num_iters": p.num_iters, "batch_size": p.batch_size, "verbose": False}


class LinearPredictParams(RecipeParams):
    N: int = Field(ge=1, le=100_000)
    D: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)


@recipe("linear_predict", LinearPredictParams)
def linear_predict(p: LinearPredictParams, rng: np.random.Generator) -> dict[str, object]:
    return {"X": rng.standard_normal((p.N, p.D)), "W": rng.standard_normal((p.D, p.C))}


class TwoLayerParams(RecipeParams):
    N: int = Field(ge=1, le=10_000)
    D: int = Field(ge=1, le=10_000)
    H: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)
    reg: float = Field(0.0, ge=0)
    weight_scale: float = Field(0.1, gt=0)
    scores_only: bool = Field(False, description="y is None: the net returns scores")
    offset: float = Field(0.0, description="add offset to every score of a row (stability)")
    mixed_offsets: bool = Field(False, description="only some rows get the offset")


@recipe("two_layer", TwoLayerParams)
def two_layer(p: TwoLayerParams, rng: np.random.Generator) -> dict[str, object]:
    """A TwoLayerNet's params (biases non-zero, unlike the notebook's, so a forward pass that
    drops b1 shows), a batch and labels; also the constructor's arguments."""
    params = {"W1": rng.standard_normal((p.D, p.H)) * p.weight_scale,
              "b1": rng.standard_normal(p.H) * 0.1,
              "W2": rng.standard_normal((p.H, p.C)) * p.weight_scale,
              "b2": rng.standard_normal(p.C) * 0.1}
    y = None if p.scores_only else rng.integers(0, p.C, p.N).astype(np.int64)
    X = rng.standard_normal((p.N, p.D))
    if p.offset:  # the last hidden unit is 1 on every row (0 on some, mixed): W2's last row
        if p.D < 2 or p.H < 2:  # then adds the offset to each score of those rows
            raise ValueError("offsets need D >= 2 and H >= 2")
        X[:, -1] = rng.choice([-1.0, 1.0], p.N) if p.mixed_offsets else 1.0
        params["W1"][:, -1] = 0.0
        params["W1"][-1, -1], params["b1"][-1] = 1.0, 0.0
        params["W2"][-1, :] += p.offset
    return {"X": X, "y": y, "params": params, "reg": p.reg,
            "C": p.C, "input_dim": p.D, "hidden_dim": p.H, "num_classes": p.C,
            "weight_scale": p.weight_scale}


class SampleParams(RecipeParams):
    N: int = Field(ge=2, le=10_000)
    D: int = Field(ge=1, le=1000)
    C: int = Field(3, ge=2, le=1000)
    batch_size: int = Field(ge=1, le=100_000)


@recipe("sample", SampleParams)
def sample(p: SampleParams, rng: np.random.Generator) -> dict[str, object]:
    """Distinct rows X (N, D) with labels, for a minibatch sampler: every row can be told
    apart, so each sampled row names its index."""
    return {"X": rng.standard_normal((p.N, p.D)), "y": rng.integers(0, p.C, p.N).astype(np.int64),
            "num_train": p.N, "batch_size": p.batch_size}


class NnTrainParams(RecipeParams):
    N: int = Field(ge=2, le=100_000)
    N_val: int = Field(5, ge=1, le=100_000)
    D: int = Field(ge=1, le=10_000)
    H: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)
    num_iters: int = Field(ge=1, le=1000)
    batch_size: int = Field(ge=1, le=100_000)
    learning_rate: float = Field(0.1, gt=0)
    learning_rate_decay: float = Field(0.5, gt=0, le=1)
    reg: float = Field(0.01, ge=0)


@recipe("nn_train", NnTrainParams)
def nn_train(p: NnTrainParams, rng: np.random.Generator) -> dict[str, object]:
    """A two-layer net's params, training and validation data, and nn_train's arguments
    (a decay far from 1, so a schedule mistake shows in the very next step)."""
    params = {"W1": rng.standard_normal((p.D, p.H)) * 0.5, "b1": rng.standard_normal(p.H) * 0.1,
              "W2": rng.standard_normal((p.H, p.C)) * 0.5, "b2": rng.standard_normal(p.C) * 0.1}
    return {"params": params, "X": rng.standard_normal((p.N, p.D)),
            "y": rng.integers(0, p.C, p.N).astype(np.int64),
            "X_val": rng.standard_normal((p.N_val, p.D)),
            "y_val": rng.integers(0, p.C, p.N_val).astype(np.int64),
            "learning_rate": p.learning_rate, "learning_rate_decay": p.learning_rate_decay,
            "reg": p.reg, "num_iters": p.num_iters, "batch_size": p.batch_size, "verbose": False}


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


class OptimParams(RecipeParams):
    rule: str = Field(description="sgd_momentum, rmsprop or adam")
    shape: list[int] = Field([4, 5], min_length=1)
    state: bool = Field(True, description="config holds a non-zero state (a later step)")
    defaults: bool = Field(False, description="config is {}: the rule fills in its defaults")
    t: int = Field(5, ge=0, description="adam's step count so far")
    epsilon: float = Field(1e-8, gt=0, description="config's epsilon (large: a hard-coded "
                           "1e-8 shows)")


STATE_KEYS = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v")}


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


# --------------------------------------------------------------------------- declared inputs


class DeclaredParams(RecipeParams):
    """Inputs declared in the spec itself. Every other key of the case is a size (``N: 4``)
    that the shapes name; share the declaration between cases with a YAML anchor and merge
    key: ``cases: [{<<: *inputs, N: 4, D: 5}, {<<: *inputs, N: 1, D: 3}]``."""

    model_config = ConfigDict(extra="allow", frozen=True)
    inputs: dict[str, object] = Field(
        min_length=1, description="input name -> {array: [N, D], scale, gap, low, high} | "
        "{labels: [N], classes: C} | {dim: N} | {seed: true} | {dict: {key: form}} | "
        "{value: anything} | a number, string or list (passed as it is)")
    set: dict[str, object] = Field(default_factory=dict, description="per case: replace one "
                                   "input or a dict's entry (\"bn_param.mode\": test)")

    @model_validator(mode="after")
    def _resolves(self) -> DeclaredParams:
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100_000:
                raise ValueError(f"{key}: a size must be an integer in 0..100000 (the declared "
                                 f"recipe takes inputs, set and sizes), got {value!r}")
        rng = np.random.default_rng(0)  # every form and size resolves (drawn once, thrown away)
        for name, form in self.inputs.items():
            _draw_form(name, form, self.sizes, rng)
        return self

    @property
    def sizes(self) -> dict[str, int]:
        return dict(self.model_extra or {})


FORMS = ("array", "labels", "dim", "seed", "dict", "value")


@recipe("declared", DeclaredParams)
def declared(p: DeclaredParams, rng: np.random.Generator) -> dict[str, object]:
    """The spec's own inputs: arrays of symbolic shapes (standard normal times ``scale``,
    uniform in [low, high), or kept ``gap`` away from 0 where a kink is), integer labels in
    ``range(classes)``, sizes, seeds, dicts of any of these, and plain values, drawn in the
    order declared."""
    out = {name: _draw_form(name, form, p.sizes, rng) for name, form in p.inputs.items()}
    for path, form in p.set.items():
        name, _, key = path.partition(".")
        value = _draw_form(path, form, p.sizes, rng)
        if key:
            if not isinstance(out.get(name), dict):
                raise ValueError(f"set {path!r}: {name!r} is not a dict input")
            out[name] = {**out[name], key: value}
        else:
            out[name] = value
    return out


def _draw_form(name: str, form: object, sizes: dict[str, int], rng: np.random.Generator):
    if not isinstance(form, dict):
        return form  # a number, string, list or None: passed as it is
    kinds = [k for k in FORMS if k in form]
    if len(kinds) != 1:
        raise ValueError(f"{name}: declare exactly one of {', '.join(FORMS)} "
                         f"(got the keys {', '.join(map(str, form)) or 'none'})")
    kind = kinds[0]
    allowed = {"array": {"scale", "gap", "low", "high"}, "labels": {"classes"}}.get(kind, set())
    extra = set(form) - {kind} - allowed
    if extra:
        raise ValueError(f"{name}: unknown key(s) {', '.join(sorted(map(str, extra)))} for "
                         f"{kind} (it takes {', '.join(sorted(allowed)) or 'none'})")
    if kind == "value":
        return form["value"]
    if kind == "dim":
        return _size(name, form["dim"], sizes)
    if kind == "seed":
        return int(rng.integers(0, 2**31 - 1))
    if kind == "dict":
        if not isinstance(form["dict"], dict):
            raise ValueError(f"{name}: dict takes a mapping of entries")
        return {str(k): _draw_form(f"{name}.{k}", v, sizes, rng) for k, v in form["dict"].items()}
    shape = form[kind]
    if not isinstance(shape, list):
        raise ValueError(f"{name}: {kind} takes a shape, a list of sizes (e.g. [N, D])")
    dims = tuple(_size(name, d, sizes) for d in shape)
    if kind == "labels":
        classes = _size(name, form.get("classes", 2), sizes)
        if classes < 1:
            raise ValueError(f"{name}: labels need at least one class")
        return rng.integers(0, classes, dims).astype(np.int64)
    if "low" in form or "high" in form:
        low, high = float(form.get("low", 0.0)), float(form.get("high", 1.0))
        if not low < high:
            raise ValueError(f"{name}: low must be below high")
        return rng.uniform(low, high, dims)
    x = rng.standard_normal(dims) * float(form.get("scale", 1.0))
    gap = float(form.get("gap", 0.0))
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * (gap + np.abs(x)), x) if gap else x


def _size(name: str, dim: object, sizes: dict[str, int]) -> int:
    if isinstance(dim, int) and not isinstance(dim, bool):
        return dim
    if isinstance(dim, str) and dim in sizes:
        return sizes[dim]
    known = ", ".join(sorted(sizes)) or "none"
    raise ValueError(f"{name}: the size {dim!r} is not given by the case (its sizes: {known})")
