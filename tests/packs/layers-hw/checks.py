"""This pack's own check kind: a property of layer normalization that needs no reference.

With gamma = 1 and beta = 0 every row of the output must have mean 0 and variance 1: the
statistics are the row's own. Written with the grader's public check API (grader.checks)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.checks import Call, CheckSpec, Verdict, examine, failed_on, found, register


class RowStatisticsSpec(CheckSpec):
    """Every row of the output has mean 0 and variance 1 (gamma = 1, beta = 0)."""

    kind: Literal["row_statistics"]
    cases: list[dict] = Field(min_length=1)
    tolerance: float = Field(1e-3, gt=0, description="allowed distance from 0 and 1")


@register("row_statistics", RowStatisticsSpec)
class RowStatistics:
    title = "normalizes each row: mean 0 and variance 1 when gamma = 1 and beta = 0"
    needs_submission = False

    def plan(self, ctx) -> list[Call]:
        calls = []
        for i, case in enumerate(ctx.check.cases):
            args = ctx.inputs(case, "rows", i)
            D = args["x"].shape[1]
            calls.append(Call(ctx.function, {**args, "gamma": np.ones(D), "beta": np.zeros(D)},
                              str(i)))
        return calls

    def judge(self, ctx, calls, outcomes) -> Verdict:
        tol = ctx.check.tolerance
        for case, call, outcome in zip(ctx.check.cases, calls, outcomes):
            result = examine(ctx, call, outcome)
            if not isinstance(result, tuple):
                return Verdict(False, result.message, (result,))
            out = np.asarray(result[0], np.float64)
            D = out.shape[1]
            means, variances = out.mean(axis=1), out.var(axis=1)
            if not np.all(np.isfinite(out)):
                return failed_on(ctx, case, [found("nan_or_inf", "out holds nan or inf")])
            if np.max(np.abs(means)) > tol:
                return failed_on(ctx, case, [found(
                    "ln_normalizes_over_batch", f"row means reach {np.max(np.abs(means)):.3g}")])
            if np.allclose(variances, (D - 1) / D, atol=tol):
                return failed_on(ctx, case, [found(
                    "ln_unbiased_variance", f"every row's variance is {(D - 1) / D:.4g} = (D-1)/D")])
            if np.max(np.abs(variances - 1)) > tol:
                return failed_on(ctx, case, [found(
                    "ln_normalizes_over_batch", f"row variances range from "
                    f"{variances.min():.3g} to {variances.max():.3g}, not 1")])
        return Verdict(True, f"every row has mean 0 and variance 1 (within {tol:g})")
