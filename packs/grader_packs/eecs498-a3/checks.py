"""Dropout, judged by its statistics: which units survive, how the survivors are scaled, and
what test mode does. A mask is random, so no single output can be compared with the
reference; but on tens of thousands of positive inputs the kept fraction and the scale of the
kept units tell every catalogued mistake apart (p = probability of *keeping* a unit).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import Field, computed_field

from grader.checks import (
    Call,
    CheckSpec,
    Context,
    Verdict,
    examine,
    found,
    register,
)
from grader.results import Found


class DropoutSpec(CheckSpec):
    """Dropout judged by the statistics of its mask on many positive inputs, for each keep
    probability, plus test mode."""

    kind: Literal["dropout"]
    case: dict
    keep: list[float] = Field(min_length=1, description="the values of p to try")
    p_means: Literal["keep", "drop"] = Field(
        "keep", description="what p is: the probability of keeping a unit (cs231n 2018+) or "
        "of dropping it (2016-2017: \"we drop each neuron output with probability p\")")

    @computed_field
    @property
    def keeping(self) -> str:
        """The keep probability, as the title writes it."""
        return "p" if self.p_means == "keep" else "1 - p"

    @computed_field
    @property
    def scaling(self) -> str:
        return "p" if self.p_means == "keep" else "(1 - p)"


SEED = 231


@register("dropout", DropoutSpec)
class DropoutCheck:
    needs_submission = False
    title = ("keeps units with probability {keeping} and scales them by 1/{scaling}; test mode "
             "is the identity")

    def plan(self, ctx: Context) -> list[Call]:
        calls = [Call(ctx.function, ctx.inputs({**ctx.check.case, "p": p, "mode": "train"},
                                               "train", i), f"train{i}")
                 for i, p in enumerate(ctx.check.keep)]
        calls.append(Call(ctx.function, ctx.inputs({**ctx.check.case, "p": ctx.check.keep[0],
                                                     "mode": "test"}, "test"), "test"))
        # the first input again, under another seed: a mask must not be the same every time
        calls.append(Call(ctx.function, calls[0].args, "again"))
        # and twice with dropout_param's own seed (the grader reseeds differently before each
        # call): the same seed must give the same mask
        seeded = {**calls[0].args, "dropout_param": {**calls[0].args["dropout_param"],
                                                     "seed": SEED}}
        calls += [Call(ctx.function, seeded, "seeded_a"), Call(ctx.function, seeded, "seeded_b")]
        return calls

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        facts, kept = [], {}
        for call, outcome in zip(calls, outcomes):
            actual = examine(ctx, call, outcome)
            if isinstance(actual, Found):
                return Verdict(False, actual.message, (actual,))
            x, out = call.args["x"], np.asarray(actual[0], np.float64)
            kept[call.label] = out != 0
            p = call.args["dropout_param"]["p"]
            q = p if ctx.check.p_means == "keep" else 1.0 - p  # the keep probability
            said = (f"p = {p:g} (keep probability)" if ctx.check.p_means == "keep" else
                    f"p = {p:g} (drop probability: keep 1 - p = {q:g})")
            if call.label == "test":
                problem = judge_test(x, out, q)
            elif call.label == "seeded_a":
                continue
            elif call.label == "seeded_b":
                problem = None if np.array_equal(kept["seeded_a"], kept["seeded_b"]) else found(
                    "dropout_ignores_seed", f"two calls with dropout_param['seed'] = {SEED} "
                    "dropped different units")
            elif call.label == "again":
                problem = None if not np.array_equal(kept["again"], kept["train0"]) else found(
                    "dropout_mask_not_random", f"two calls with p = {p:g} (under different "
                    "random seeds) dropped exactly the same units")
            else:
                problem, fact = judge_train(x, out, q, said)
                facts.append(fact)
            if problem:
                return Verdict(False, problem.message, (problem,))
        return Verdict(True, "; ".join(facts) + "; a new mask at every call, the same one for "
                       "the same seed; test mode returns x unchanged")


def judge_test(x: np.ndarray, out: np.ndarray, p: float) -> Found | None:
    """``p``: the keep probability."""
    if np.allclose(out, x, rtol=1e-12, atol=0):
        return None
    if np.allclose(out, x * p, rtol=1e-12, atol=0):
        return found("dropout_not_inverted", f"in test mode the output is x times the keep "
                     f"probability {p:g}: with inverted dropout test mode returns x unchanged")
    return found("dropout_test_mode_wrong", "in test mode the output is not x")


def judge_train(x: np.ndarray, out: np.ndarray, p: float,
                said: str = "") -> tuple[Found | None, str]:
    """``p``: the keep probability; ``said``: how the feedback names it."""
    said = said or f"p = {p:g} (keep probability)"
    kept = out != 0
    n = kept.size
    f = float(kept.mean())
    scales = out[kept] / x[kept]
    scale = float(np.median(scales)) if scales.size else 0.0
    uniform = scales.size > 0 and np.allclose(scales, scale, rtol=1e-9, atol=0)
    fact = f"{said}: kept {100 * f:.1f}% of {n} units, each scaled by {scale:.4g}"
    tol = 6 * math.sqrt(p * (1 - p) / n) + 1e-3

    def near(value: float, target: float) -> bool:
        return abs(value - target) <= tol

    def is_scale(target: float) -> bool:
        return uniform and math.isclose(scale, target, rel_tol=1e-9)

    if near(f, p) and is_scale(1 / p) and not shared(kept):
        return None, fact
    observed = (f"with {said} {100 * f:.1f}% of the units were kept "
                f"(expected {100 * p:.1f}%) and kept units were scaled by "
                f"{scale:.4g}{'' if uniform else ' on average'} (expected {1 / p:.4g})")
    if f > 1 - 1e-12 and is_scale(1.0):
        return found("dropout_nothing_dropped", observed), fact
    if kept.shape[0] > 1 and shared(kept):
        return found("dropout_shared_mask", f"every row of the batch dropped the same units; "
                     f"{observed}"), fact
    if near(f, 1 - p) and is_scale(1 / (1 - p)):
        return found("dropout_keep_drop_swapped", observed), fact
    if near(f, 1 - p) and is_scale(1 / p) or near(f, p) and is_scale(1 / (1 - p)):
        return found("dropout_wrong_scale", observed), fact
    if (near(f, p) or near(f, 1 - p)) and is_scale(1.0):
        return found("dropout_not_inverted", observed), fact
    gaussian = 0.5 * math.erfc(p / math.sqrt(2))  # P(N(0, 1) >= p)
    if near(f, gaussian):
        return found("dropout_gaussian_mask", f"{observed}; the kept fraction is "
                     f"P(N(0,1) >= p) = {gaussian:.3f}"), fact
    return found("dropout_wrong", observed), fact


def shared(kept: np.ndarray) -> bool:
    """Whether every row (example) dropped exactly the same units."""
    flat = kept.reshape(kept.shape[0], -1)
    return flat.shape[0] > 1 and bool(np.all(flat == flat[0]))


class KaimingSpec(CheckSpec):
    """He-initialized weights judged by their statistics."""

    kind: Literal["kaiming"]
    cases: list[dict] = Field(min_length=1)


@register("kaiming", KaimingSpec)
class KaimingCheck:
    needs_submission = False
    title = "draws weights of std sqrt(gain / fan_in), shaped (Din, Dout) or (Dout, Din, K, K)"

    def plan(self, ctx: Context) -> list[Call]:
        return [Call(ctx.function, ctx.inputs(case, "kaiming", i), str(i))
                for i, case in enumerate(ctx.check.cases)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        facts = []
        for call, outcome in zip(calls, outcomes):
            problem = examine(ctx, call, outcome)
            if isinstance(problem, Found):
                return Verdict(False, problem.message, (problem,))
            w = getattr(outcome.value, "array", outcome.value)  # a tensor's values
            if not isinstance(w, np.ndarray) or w.dtype.kind not in "fiu":
                return Verdict(False, "", (found("wrong_output_type", "kaiming_initializer "
                               f"returned {type(outcome.value).__name__}, expected a tensor"),))
            w = w.astype(np.float64)
            a = call.args
            K = a.get("K")
            shape = (a["Din"], a["Dout"]) if K is None else (a["Dout"], a["Din"], K, K)
            if w.shape != shape:
                return Verdict(False, "", (found("wrong_output_shape", f"the weight has shape "
                               f"{w.shape}, expected {shape}"),))
            fan_in = a["Din"] * (K * K if K else 1)
            gain = 2.0 if a.get("relu", True) else 1.0
            want, std, mean = float(np.sqrt(gain / fan_in)), float(w.std()), float(w.mean())
            said = f"std {std:.4g} (expected sqrt({gain:g} / {fan_in}) = {want:.4g}), mean {mean:.3g}"
            tol = 6 / np.sqrt(2 * w.size)
            if abs(std / want - 1) > tol or abs(mean) > 6 * want / np.sqrt(w.size):
                other = float(np.sqrt((3.0 - gain) / fan_in))  # the other gain
                mistake = "kaiming_gain_wrong" if abs(std / other - 1) <= tol else "init_wrong"
                return Verdict(False, said, (found(mistake, said),))
            facts.append(said)
        return Verdict(True, "; ".join(facts))
