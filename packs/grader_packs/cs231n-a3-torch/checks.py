"""sample_noise, judged by what it draws: its shape, the range (-1, 1) filled uniformly (mean,
spread, both halves), a new draw at every call and the same one for the same seed."""

from __future__ import annotations

from typing import Literal

import numpy as np

from grader.checks import Call, CheckSpec, Context, Found, Verdict, examine, found, register


class NoiseSpec(CheckSpec):
    """Uniform noise in (-1, 1) of shape (batch_size, dim)."""

    kind: Literal["noise"]
    case: dict


@register("noise", NoiseSpec)
class NoiseCheck:
    needs_submission = False
    title = "draws uniform noise in (-1, 1) of shape (batch_size, dim), seeded by seed"

    def plan(self, ctx: Context) -> list[Call]:
        args = ctx.inputs(ctx.check.case, "noise")
        calls = [Call(ctx.function, {**args, "seed": None}, "a"),
                 Call(ctx.function, {**args, "seed": None}, "b")]
        if "seed" in ctx.spec.params:  # before 2020 sample_noise took no seed
            calls += [Call(ctx.function, {**args, "seed": 231}, "seeded_a"),
                      Call(ctx.function, {**args, "seed": 231}, "seeded_b")]
        return calls

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        draws = {}
        for call, outcome in zip(calls, outcomes):
            problem = examine(ctx, call, outcome)  # it ran and returned (an opaque output)
            if isinstance(problem, Found):
                return Verdict(False, problem.message, (problem,))
            value = outcome.value
            array = getattr(value, "array", value)  # a tensor's values (or the host's array)
            if not isinstance(array, np.ndarray) or array.dtype.kind not in "fiu":
                return Verdict(False, "", (found("wrong_output_type", "sample_noise returned "
                               f"{type(value).__name__}, expected a torch tensor"),))
            draws[call.label] = np.asarray(array, np.float64)
        shape = (calls[0].args["batch_size"], calls[0].args["dim"])
        x = draws["a"]
        if x.shape != shape:
            return Verdict(False, "", (found("wrong_output_shape", f"the noise has shape "
                           f"{x.shape}, expected (batch_size, dim) = {shape}"),))
        n = x.size
        mean, var = float(x.mean()), float(x.var())
        said = (f"{n} values: mean {mean:.3f} (expected 0), variance {var:.3f} (expected 1/3), "
                f"range [{x.min():.3f}, {x.max():.3f}]")
        if x.min() < -1 or x.max() > 1 or abs(mean) > 6 * np.sqrt(1 / 3 / n) + 1e-3 \
                or abs(var - 1 / 3) > 6 * np.sqrt(4 / 45 / n) + 1e-3:
            mistake = "noise_not_symmetric" if x.min() >= 0 else "noise_wrong_distribution"
            return Verdict(False, said, (found(mistake, said),))
        if np.array_equal(draws["a"], draws["b"]):
            return Verdict(False, said, (found("noise_not_random", "two calls without a seed "
                           "returned the same noise"),))
        if "seeded_a" not in draws:
            return Verdict(True, said + "; new noise at every call")
        if not np.array_equal(draws["seeded_a"], draws["seeded_b"]):
            return Verdict(False, said, (found("noise_ignores_seed", "two calls with seed=231 "
                           "returned different noise"),))
        return Verdict(True, said + "; new noise at every call, the same for the same seed")
