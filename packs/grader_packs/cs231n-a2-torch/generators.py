"""The input recipes of cs231n-a2-torch: registered by name, named by pack.yaml's ``recipe:``.
They are cs231n-a3's, word for word (the same layers, in PyTorch since 2025): a recipe's name
may be registered twice only with the same code."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe


class RecurrentParams(RecipeParams):
    N: int = Field(ge=1, le=1000, description="batch size")
    D: int = Field(ge=1, le=1000, description="input dimension")
    H: int = Field(ge=1, le=1000, description="hidden dimension")
    T: int = Field(1, ge=1, le=200, description="sequence length (with seq)")
    cell: Literal["rnn", "lstm"] = "rnn"
    seq: bool = Field(False, description="x is a sequence (N, T, D), not one step (N, D)")
    scale: float = Field(0.4, gt=0, description="weights' standard deviation: tanh and the "
                         "gates stay away from saturation")

@recipe("recurrent", RecurrentParams)
def recurrent(p: RecurrentParams, rng: np.random.Generator) -> dict[str, object]:
    """One step or a sequence of a vanilla RNN or an LSTM (weights (D, 4H) and gates i, f, o,
    g for an LSTM), its initial state and the upstream gradients of its outputs."""
    G = 4 * p.H if p.cell == "lstm" else p.H
    shape = (p.N, p.T, p.D) if p.seq else (p.N, p.D)
    out = (p.N, p.T, p.H) if p.seq else (p.N, p.H)
    h = rng.standard_normal((p.N, p.H)) * 0.5
    return {"x": rng.standard_normal(shape), "prev_h": h, "h0": h,
            "prev_c": rng.standard_normal((p.N, p.H)) * 0.5,
            "Wx": rng.standard_normal((p.D, G)) * p.scale,
            "Wh": rng.standard_normal((p.H, G)) * p.scale,
            "b": rng.standard_normal(G) * 0.2,
            "dnext_h": rng.standard_normal(out), "dh": rng.standard_normal(out),
            "dnext_c": rng.standard_normal((p.N, p.H)), "N": p.N, "T": p.T, "D": p.D,
            "H": p.H}


class EmbeddingParams(RecipeParams):
    N: int = Field(ge=1, le=1000)
    T: int = Field(ge=1, le=200)
    V: int = Field(ge=2, le=10_000, description="vocabulary size")
    D: int = Field(ge=1, le=1000)

@recipe("embedding", EmbeddingParams)
def embedding(p: EmbeddingParams, rng: np.random.Generator) -> dict[str, object]:
    """Word indices (N, T) in [0, V) with repeats (so that a gradient that overwrites instead
    of accumulating shows), the embedding matrix (V, D) and an upstream gradient."""
    x = rng.integers(0, p.V, (p.N, p.T)).astype(np.int64)
    if x.size > 1:
        x.flat[-1] = x.flat[0]  # at least one word twice
    return {"x": x, "W": rng.standard_normal((p.V, p.D)),
            "dout": rng.standard_normal((p.N, p.T, p.D)), "N": p.N, "T": p.T, "D": p.D}


class CaptioningParams(RecipeParams):
    N: int = Field(ge=1, le=100)
    T: int = Field(ge=1, le=50, description="caption length (captions have T + 1 words)")
    D: int = Field(ge=1, le=1000, description="image feature dimension")
    W: int = Field(ge=1, le=500, description="word vector dimension")
    H: int = Field(ge=1, le=500, description="hidden dimension")
    V: int = Field(ge=4, le=1000, description="vocabulary size (0 <NULL>, 1 <START>, 2 <END>)")
    cell: Literal["rnn", "lstm"] = "rnn"
    max_length: int = Field(6, ge=1, le=50)
    end_bias: float = Field(0.0, ge=0, description="added to <END>'s output bias, so that "
                            "greedy captions end (at different steps)")

@recipe("captioning", CaptioningParams)
def captioning(p: CaptioningParams, rng: np.random.Generator) -> dict[str, object]:
    """A CaptioningRNN's parameters (as its constructor scales them, larger so that words
    differ), image features and captions that start with <START> and end in <NULL> padding on
    some rows (the mask shows)."""
    G = 4 * p.H if p.cell == "lstm" else p.H
    params = {"W_proj": rng.standard_normal((p.D, p.H)) / np.sqrt(p.D),
              "b_proj": rng.standard_normal(p.H) * 0.1,
              "W_embed": rng.standard_normal((p.V, p.W)),
              "Wx": rng.standard_normal((p.W, G)) / np.sqrt(p.W),
              "Wh": rng.standard_normal((p.H, G)) / np.sqrt(p.H),
              "b": rng.standard_normal(G) * 0.1,
              "W_vocab": rng.standard_normal((p.H, p.V)) / np.sqrt(p.H),
              "b_vocab": rng.standard_normal(p.V) * 0.1}
    params["b_vocab"][2] += p.end_bias
    captions = rng.integers(3, p.V, (p.N, p.T + 1)).astype(np.int64)
    captions[:, 0] = 1
    for i in range(p.N):  # some rows end early: <END> then <NULL> padding
        end = int(rng.integers(1, p.T + 1)) if i % 2 else p.T + 1
        if end <= p.T:
            captions[i, end] = 2
            captions[i, end + 1:] = 0
    return {"features": rng.standard_normal((p.N, p.D)), "captions": captions,
            "params": params, "cell_type": p.cell, "_null": 0, "_start": 1, "_end": 2,
            "max_length": p.max_length, "N": p.N}
