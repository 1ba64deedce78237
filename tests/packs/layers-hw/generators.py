"""This pack's own input generator: registered by name, then named by pack.yaml's recipe."""

import numpy as np
from pydantic import Field

from grader.inputs import RecipeParams, recipe


class LogisticParams(RecipeParams):
    N: int = Field(ge=1, le=10_000, description="number of examples")
    D: int = Field(ge=1, le=1_000, description="number of features")
    reg: float = Field(0.0, ge=0, description="regularization strength")


@recipe("binary_logistic", LogisticParams)
def binary_logistic(p: LogisticParams, rng: np.random.Generator) -> dict:
    """w (D,), X (N, D), labels y in {0, 1} (int64) and reg; scores X @ w of order 1."""
    return {"w": rng.standard_normal(p.D) * 0.5,
            "X": rng.standard_normal((p.N, p.D)) / np.sqrt(p.D) * 2.0,
            "y": rng.integers(0, 2, p.N).astype(np.int64), "reg": float(p.reg)}
