"""A network's constructor: parameter names and shapes, zero biases, the weight scale."""

from __future__ import annotations

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, examine, found, one_call_per_case
from grader.results import Found


@register("init")
class InitCheck:
    title = "initialises its parameters (shapes, zero biases, weight scale)"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "init")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        for call, outcome in zip(calls, outcomes):
            problem = examine(ctx, call, outcome)
            if isinstance(problem, Found):
                return Verdict(False, problem.message, (problem,))
            text = judge_params(ctx.check.shapes, call.args, outcome.attrs)
            if text:
                return Verdict(False, text, (found("init_wrong", text),))
        return Verdict(True, "parameters have the right shapes, zero biases and the weight scale")


def judge_params(shapes: dict[str, list[str]], args: dict, attrs: dict) -> str | None:
    params = attrs.get("params")
    if not isinstance(params, dict):
        return f"self.params is {type(params).__name__}, expected a dict of arrays"
    if set(params) != set(shapes):
        return f"self.params has keys {sorted(params)}, expected {sorted(shapes)}"
    scale = args["weight_scale"]
    for name, dims in shapes.items():
        value = params[name]
        shape = tuple(int(args[d]) for d in dims)
        if not isinstance(value, np.ndarray) or value.shape != shape:
            got = value.shape if isinstance(value, np.ndarray) else type(value).__name__
            return f"self.params[{name!r}] is {got}, expected an array of shape {shape}"
        if name.startswith("b") and np.any(value != 0):
            return f"self.params[{name!r}] is not all zeros"
        if name.startswith("W"):
            std = float(np.std(value))
            if abs(std - scale) > scale / 10:
                return (f"self.params[{name!r}] has standard deviation {std:.4g}, expected "
                        f"weight_scale = {scale:g} (weight_scale * np.random.randn(...))")
    if "reg" in args and attrs.get("reg") != args["reg"]:
        return f"self.reg is {attrs.get('reg')!r}, expected the reg argument {args['reg']!r}"
    return None
