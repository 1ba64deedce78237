"""Backward functions against numeric gradients of the *reference* forward, on the host.

One call of the student's backward(dout, cache); then, for each parameter block (x, w, b) and a
random unit direction d, the host compares <grad, d> with <dout, (f(p + h·d) - f(p - h·d)) / 2h>,
where f is the reference forward. No further sandbox calls, and a broken forward of the
student's cannot fail the backward.
"""

from __future__ import annotations

import numpy as np

from grader.checks import register
from grader.checks.base import (
    Call,
    Context,
    Verdict,
    compare_all,
    describe_case,
    examine,
    found,
    one_call_per_case,
)
from grader.diagnose import diagnose_values
from grader.results import Found


@register("backward")
class BackwardCheck:
    title = "gradients match numeric derivatives of the forward pass"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "backward")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        worst = 0.0
        for i, (case, call, outcome) in enumerate(zip(ctx.check.cases, calls, outcomes)):
            actual = examine(ctx, call, outcome)
            if isinstance(actual, Found):
                return Verdict(False, actual.message, (actual,))
            grads = dict(ctx.flatten(actual))
            for output, block in ctx.check.blocks.items():
                shape, wanted = np.shape(grads[output]), np.shape(call.args[block])
                if shape != wanted:
                    text = (f"{call.function}(): {output} has shape {shape}, expected {wanted} "
                            f"(the shape of {block})")
                    return Verdict(False, text, (found("wrong_output_shape", text),))
                analytic, numeric = directional(ctx, call.args, grads[output], block, i)
                error = abs(analytic - numeric) / max(abs(analytic) + abs(numeric), 1e-12)
                worst = max(worst, error)
                if not error <= ctx.check.rtol:  # nan (a gradient of another shape) fails
                    numbers = "" if ctx.hidden else (
                        f": {output}·d = {analytic:.6g} but the forward pass changes by "
                        f"{numeric:.6g} per unit step")
                    text = (f"On {describe_case(ctx, case)}, along a random direction d in "
                            f"{block}{numbers} (relative error {error:.2e})")
                    expected = ctx.expected(call.args)
                    mistakes = diagnose_values(ctx, case, call.args, actual, expected,
                                               compare_all(ctx, actual, expected))
                    return Verdict(False, text, tuple(mistakes),
                                   {"block": block, "analytic": analytic, "numeric": numeric})
        return Verdict(True, f"{len(ctx.check.cases) * len(ctx.check.blocks)} parameter blocks "
                       f"checked; largest relative error {worst:.1e}", evidence={"max": worst})


def directional(ctx: Context, args: dict, grad: np.ndarray, block: str, case: int):
    """(<grad, d>, numeric derivative of <dout, forward> along d) for a unit direction d."""
    forward = ctx.check_reference(ctx.check.forward)
    inputs = {name: np.array(args[name], dtype=np.float64) for name in ctx.check.inputs}
    d = ctx.rng("direction", case, block).standard_normal(inputs[block].shape)
    d /= np.linalg.norm(d)
    h = ctx.check.step

    fixed = {name: args[name] for name in ctx.check.fixed}

    def out(sign: float) -> np.ndarray:
        shifted = {**inputs, block: inputs[block] + sign * h * d, **fixed}
        value = forward(**shifted)
        return np.asarray(value[0] if isinstance(value, tuple) else value)

    numeric = float(np.sum(args[ctx.check.upstream] * (out(1) - out(-1)))) / (2 * h)
    if grad.shape != d.shape:
        return float("nan"), numeric
    return float(np.vdot(grad, d)), numeric


@register("zero_upstream")
class ZeroUpstreamCheck:
    title = "uses the upstream gradient (all zeros in, all zeros out)"

    def plan(self, ctx: Context) -> list[Call]:
        args = ctx.inputs(ctx.check.case, "zero")
        upstream = ctx.check.upstream
        return [Call(ctx.function, {**args, upstream: np.zeros_like(args[upstream])}, "zero")]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        actual = examine(ctx, calls[0], outcomes[0])
        if isinstance(actual, Found):
            return Verdict(False, actual.message, (actual,))
        nonzero = [name for name, value in ctx.flatten(actual) if np.any(value != 0)]
        if not nonzero:
            return Verdict(True, f"with {ctx.check.upstream} = 0 every gradient is 0")
        text = (f"with {ctx.check.upstream} all zeros, {', '.join(nonzero)} still "
                f"{'is' if len(nonzero) == 1 else 'are'} not zero")
        return Verdict(False, text, (found("ignores_upstream_gradient", text),))


@register("mutation")
class MutationCheck:
    title = "leaves its inputs unchanged"

    def plan(self, ctx: Context) -> list[Call]:
        return [Call(ctx.function, ctx.inputs(ctx.check.case, "mutation"), "mutation",
                     return_args=True)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        outcome = outcomes[0]
        if not outcome.ok or outcome.args_after is None:
            actual = examine(ctx, calls[0], outcome)
            message = actual.message if isinstance(actual, Found) else "no evidence came back"
            return Verdict(False, f"could not check: {message}",
                           (actual,) if isinstance(actual, Found) else ())
        spec = ctx.specs.get(ctx.function, ctx.spec)
        sent = [calls[0].args[p] for p in spec.params if p in calls[0].args]
        changed = [name for name, before, after in zip(spec.params, sent, outcome.args_after)
                   if not same(before, after)]
        if not changed:
            return Verdict(True, "inputs unchanged")
        text = f"the call changed its input {', '.join(changed)} in place"
        return Verdict(False, text, (found("mutates_input", text),))


def same(before: object, after: object) -> bool:
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and before.shape == after.shape and bool(
            np.array_equal(before, after, equal_nan=True))
    if isinstance(before, (tuple, list)):
        return isinstance(after, (tuple, list)) and len(before) == len(after) and all(
            same(b, a) for b, a in zip(before, after))
    return True
