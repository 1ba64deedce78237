"""The input recipes of cs231n-a1: registered by name, named by pack.yaml's ``recipe:``."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe


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

class NetTrainParams(RecipeParams):
    N: int = Field(ge=2, le=100_000)
    D: int = Field(ge=1, le=10_000)
    H: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)
    num_iters: int = Field(ge=1, le=1000)
    batch_size: int = Field(ge=1, le=100_000)
    learning_rate: float = Field(0.1, gt=0)
    learning_rate_decay: float = Field(0.95, gt=0, le=1)
    reg: float = Field(0.01, ge=0)

@recipe("net_train", NetTrainParams)
def net_train(p: NetTrainParams, rng: np.random.Generator) -> dict[str, object]:
    """neural_net.py's TwoLayerNet.train: params as the constructor makes them (std 0.1), a
    training and a validation set."""
    params = {"W1": rng.standard_normal((p.D, p.H)) * 0.1, "b1": np.zeros(p.H),
              "W2": rng.standard_normal((p.H, p.C)) * 0.1, "b2": np.zeros(p.C)}
    X, X_val = rng.standard_normal((p.N, p.D)), rng.standard_normal((max(p.N // 2, 1), p.D))
    y = rng.integers(0, p.C, p.N).astype(np.int64)
    y_val = rng.integers(0, p.C, X_val.shape[0]).astype(np.int64)
    return {"X": X, "y": y, "X_val": X_val, "y_val": y_val, "params": params,
            "learning_rate": p.learning_rate, "learning_rate_decay": p.learning_rate_decay,
            "reg": p.reg, "num_iters": p.num_iters, "batch_size": p.batch_size,
            "verbose": False}


# --- since 2025, assignment 1 has the optimizers and the fully connected net: cs231n-a2's
# recipes, word for word (a copy registers under the same name; see grader.inputs.recipe)
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


class NetParams(RecipeParams):
    N: int = Field(ge=1, le=1000)
    D: int = Field(ge=1, le=10_000, description="input dimension")
    H1: int = Field(ge=1, le=10_000)
    H2: int = Field(ge=1, le=10_000)
    C: int = Field(ge=2, le=1000)
    reg: float = Field(0.0, ge=0)
    normalization: Literal["batchnorm", "layernorm"] | None = None
    keep: float = Field(1.0, gt=0, le=1, description="dropout keep probability (1: none)")
    drop_means: Literal["keep", "drop"] = Field("keep", description="what dropout's p is: "
                                                "keep (2018+: p = keep) or drop (2016-2017)")
    seed: int | None = Field(None, description="dropout's seed (the network's `seed`)")
    weight_scale: float = Field(0.3, gt=0)
    scores_only: bool = Field(False, description="y is None: the net returns scores")

@recipe("fcn", NetParams)
def fcn(p: NetParams, rng: np.random.Generator) -> dict[str, object]:
    """A FullyConnectedNet with two hidden layers: its constructor's arguments, the
    attributes the starter's own code sets from them, params with non-trivial biases and
    norm parameters, a batch and labels."""
    dims = [p.D, p.H1, p.H2, p.C]
    params = {}
    for i in range(1, 4):
        params[f"W{i}"] = rng.standard_normal((dims[i - 1], dims[i])) * p.weight_scale
        params[f"b{i}"] = rng.standard_normal(dims[i]) * 0.1
        if i < 3 and p.normalization:
            params[f"gamma{i}"] = 1.0 + 0.2 * rng.standard_normal(dims[i])
            params[f"beta{i}"] = 0.1 * rng.standard_normal(dims[i])
    p_value = p.keep if p.drop_means == "keep" else 1.0 - p.keep
    dropout_param = {"mode": "train", "p": p_value}
    if p.seed is not None:
        dropout_param["seed"] = p.seed
    bn_params = ([{"mode": "train"} for _ in range(2)] if p.normalization == "batchnorm" else
                 [{} for _ in range(2)] if p.normalization == "layernorm" else [])
    X = rng.standard_normal((p.N, p.D))
    y = None if p.scores_only else rng.integers(0, p.C, p.N).astype(np.int64)
    return {"X": X, "y": y, "params": params, "reg": p.reg, "num_layers": 3,
            "normalization": p.normalization, "use_dropout": p.keep != 1.0,
            "dropout_param": dropout_param, "bn_params": bn_params, "dtype": "float64",
            "hidden_dims": [p.H1, p.H2], "input_dim": p.D, "num_classes": p.C,
            "dropout_keep_ratio": p.keep, "dropout": p_value,
            "use_batchnorm": p.normalization == "batchnorm",
            "weight_scale": p.weight_scale, "seed": p.seed,
            "D": p.D, "H1": p.H1, "H2": p.H2, "C": p.C}
