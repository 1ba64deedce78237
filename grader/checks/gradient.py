"""The student's dW against central differences of the student's own loss, on the host.

For a few random unit directions d (cost independent of the size of W), the host asks the
sandbox for the loss at W + h·d and W - h·d and compares (L+ - L-)/2h with <dW, d>. Inputs are
drawn with no hinge margin near its kink, so correct code is never blamed for the kink.
"""

from __future__ import annotations

import math

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, describe_case, examine, found
from grader.results import Found


@register("gradient")
class GradientCheck:
    title = "d{wrt} is the gradient of your loss (numeric gradient check)"

    def plan(self, ctx: Context) -> list[Call]:
        calls = []
        for i, case in enumerate(ctx.check.cases):
            args = ctx.inputs(case, "grad", i)
            wrt, h = ctx.check.wrt, ctx.check.step
            calls.append(Call(ctx.function, args, f"{i}:at {wrt}"))
            for k, d in enumerate(directions(ctx, args[wrt], i)):
                calls.append(Call(ctx.function, {**args, wrt: args[wrt] + h * d}, f"{i}:+{k}"))
                calls.append(Call(ctx.function, {**args, wrt: args[wrt] - h * d}, f"{i}:-{k}"))
        return calls

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        per_case = 1 + 2 * ctx.check.directions
        rows = []
        for i, case in enumerate(ctx.check.cases):
            chunk = slice(i * per_case, (i + 1) * per_case)
            verdict = judge_case(ctx, case, i, calls[chunk], outcomes[chunk], rows)
            if verdict is not None:
                return verdict
        worst = max(r for r in rows) if rows else 0.0
        return Verdict(True, f"{len(ctx.check.cases) * ctx.check.directions} directions checked; "
                       f"largest relative error {worst:.1e} (tolerance {ctx.check.rtol:g})",
                       evidence={"max_rel_error": worst})


def directions(ctx: Context, W: np.ndarray, case: int) -> list[np.ndarray]:
    rng = ctx.rng("directions", case)
    out = []
    for _ in range(ctx.check.directions):
        d = rng.standard_normal(W.shape)
        out.append(d / np.linalg.norm(d))
    return out


def judge_case(ctx: Context, case: dict, i: int, calls: list[Call], outcomes: list,
               rows: list[float]) -> Verdict | None:
    results = [examine(ctx, c, o) for c, o in zip(calls, outcomes)]
    for r in results:
        if isinstance(r, Found):
            return Verdict(False, r.message, (r,))
    loss, dW = results[0]
    if not (np.isfinite(dW).all() and math.isfinite(loss)):
        return Verdict(False, "", (found("nan_or_inf", "your loss or dW holds nan or inf"),))
    h = ctx.check.step
    analytic, numeric = [], []
    for k, d in enumerate(directions(ctx, calls[0].args[ctx.check.wrt], i)):
        plus, minus = results[1 + 2 * k][0], results[2 + 2 * k][0]
        numeric.append((plus - minus) / (2 * h))
        analytic.append(float(np.vdot(dW, d)))
    if not any(abs(n) > 1e-12 for n in numeric):
        return Verdict(False, f"On {describe_case(ctx, case)}, your loss does not change when W "
                       "changes, so there is no gradient to check: compute the loss first")
    errors = [abs(a - n) / max(abs(a) + abs(n), 1e-12) for a, n in zip(analytic, numeric)]
    rows.extend(errors)
    if max(errors) <= ctx.check.rtol:
        return None
    k = int(np.argmax(errors))
    if ctx.hidden:  # the slopes are functions of the hidden inputs: show the error only
        text = (f"On {describe_case(ctx, case)}, your d{ctx.check.wrt} disagrees with the slope "
                f"of your own loss (relative error {errors[k]:.2e})")
    else:
        text = (f"On {describe_case(ctx, case)}, along a random direction d: your "
                f"d{ctx.check.wrt}·d = {analytic[k]:.6g} but the slope of your loss is "
                f"{numeric[k]:.6g} (relative error {errors[k]:.2e})")
    return Verdict(False, text, tuple(name_gradient(ctx, analytic, numeric, case.get("N"))),
                   {"analytic": analytic, "numeric": numeric, "rel_errors": errors})


def name_gradient(ctx: Context, analytic: list[float], numeric: list[float],
                  n: int | None) -> list[Found]:
    a, m = np.array(analytic), np.array(numeric)
    if not np.any(a):
        return []
    ratio = float(np.vdot(a, m) / np.vdot(m, m)) if np.any(m) else float("nan")
    if not np.allclose(a, ratio * m, rtol=1e-4, atol=1e-10):
        return []
    if n and n > 1 and math.isclose(ratio, n, rel_tol=1e-4):
        grad = f"d{ctx.check.wrt}"
        return [found(f"{grad}_not_normalized" if grad == "dx" else "dW_not_normalized",
                      f"{grad} is {ratio:.4g} times the slope of your loss (N = {n})")]
    if n and n > 1 and math.isclose(ratio, 1 / n, rel_tol=1e-4):
        return [found("loss_not_normalized",
                      f"your loss is N = {n} times what d{ctx.check.wrt} implies")]
    if math.isclose(ratio, -1, rel_tol=1e-4):
        return [found("grad_sign_flipped", f"d{ctx.check.wrt} points exactly opposite to the "
                      "slope of your loss")]
    return []
