"""A constructor, judged by what it stores: the parameters the spec names (in the attribute
it names) with their shapes, zeros where the spec says, random entries of the scale it was
given, and the arguments it must keep."""

from __future__ import annotations

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, examine, found, one_call_per_case
from grader.results import Found


@register("init")
class InitCheck:
    needs_submission = True
    title = "initialises its parameters (shapes, zeros, scale)"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "init")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        for call, outcome in zip(calls, outcomes):
            problem = examine(ctx, call, outcome)
            if isinstance(problem, Found):
                return Verdict(False, problem.message, (problem,))
            text = judge_params(ctx.check, call.args, outcome.attrs)
            if text:
                return Verdict(False, text, (found("init_wrong", text),))
        return Verdict(True, "parameters have the right shapes, zeros and scale")


def judge_params(check, args: dict, attrs: dict) -> str | None:
    """What is wrong with the constructed instance's ``attrs``, or None."""
    where, shapes = f"self.{check.attr}", check.shapes
    params = attrs.get(check.attr)
    if not isinstance(params, dict):
        return f"{where} is {type(params).__name__}, expected a dict of arrays"
    if set(params) != set(shapes):
        return f"{where} has keys {sorted(params)}, expected {sorted(shapes)}"
    fix = f" ({check.fix})" if check.fix else ""
    for name, dims in shapes.items():
        value = params[name]
        shape = tuple(int(args[d]) for d in dims)
        if not isinstance(value, np.ndarray) or value.shape != shape:
            got = value.shape if isinstance(value, np.ndarray) else type(value).__name__
            return f"{where}[{name!r}] is {got}, expected an array of shape {shape}"
        if name in check.zeros and np.any(value != 0):
            return f"{where}[{name!r}] is not all zeros"
        if name in check.ones and np.any(value != 1):
            return f"{where}[{name!r}] is not all ones"
        if name in check.scaled:
            scale, std = float(args[check.scale]), float(np.std(value))
            if abs(std - scale) > scale / 10:
                return (f"{where}[{name!r}] has standard deviation {std:.4g}, expected "
                        f"{check.scale} = {scale:g}{fix}")
    for name in check.kept:
        if attrs.get(name) != args[name]:
            return f"self.{name} is {attrs.get(name)!r}, expected the {name} argument {args[name]!r}"
    return None
