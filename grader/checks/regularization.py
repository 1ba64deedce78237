"""The regularization term on its own: the same W, X, y at reg = 0 and at reg = r.

The differences isolate the term: the loss must grow by r·ΣW² and dW by 2·r·W. Fitting the
two coefficients names the convention slip ("your regularization gradient is 1.0·reg·W,
expected 2.0·reg·W") even when W is small enough to hide it in a plain comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, describe_case, examine, found
from grader.results import Found

LOSS_COEF, GRAD_COEF = 1.0, 2.0


@register("regularization")
class RegularizationCheck:
    title = "the regularization term (reg·ΣW² in the loss, 2·reg·W in dW)"

    def plan(self, ctx: Context) -> list[Call]:
        base = ctx.inputs(ctx.check.case, "reg")
        return [Call(ctx.function, {**base, "reg": 0.0}, "reg=0"),
                Call(ctx.function, {**base, "reg": ctx.check.reg}, "reg=r")]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        results = [examine(ctx, c, o) for c, o in zip(calls, outcomes)]
        for r in results:
            if isinstance(r, Found):
                return Verdict(False, r.message, (r,))
        (loss0, dW0), (loss1, dW1) = results
        if not all(np.isfinite(v).all() for v in (loss0, dW0, loss1, dW1)):
            return Verdict(False, "", (found("nan_or_inf", "your loss or dW holds nan or inf "
                           f"on {describe_case(ctx, ctx.check.case)}"),))
        reg, W = ctx.check.reg, calls[0].args["W"]
        fit = fit_regularization(loss1 - loss0, dW1 - dW0, W, reg)
        expected_dloss = LOSS_COEF * reg * float(np.sum(W * W))
        tol = ctx.check.rtol
        loss_ok = math.isclose(loss1 - loss0, expected_dloss, rel_tol=tol, abs_tol=1e-12)
        grad_ok = np.allclose(dW1 - dW0, GRAD_COEF * reg * W, rtol=tol, atol=1e-12)
        evidence = {"loss_coefficient": fit.loss_coef, "grad_coefficient": fit.grad_coef,
                    "grad_is_scalar": fit.scalar, "reg": reg}
        summary = (f"with reg={reg:g} and reg=0 on {describe_case(ctx, ctx.check.case)}: "
                   f"the loss grew by {fit.loss_coef:.4g}·reg·ΣW² (expected 1·reg·ΣW²), dW by "
                   f"{fit.grad_text} (expected 2·reg·W)")
        if loss_ok and grad_ok:
            return Verdict(True, summary, evidence=evidence)
        n = int(calls[0].args["X"].shape[0])
        return Verdict(False, summary, tuple(name_regularization(fit, n, loss_ok, grad_ok)),
                       evidence)


@dataclass(frozen=True)
class Fit:
    loss_coef: float
    """a in Δloss = a·reg·ΣW²."""
    grad_coef: float | None
    """b in ΔdW = b·reg·W, or None when ΔdW is not a multiple of W."""
    scalar: bool
    """ΔdW is the constant reg (the `dW += reg` slip)."""
    grad_text: str


def fit_regularization(dloss: float, dgrad: np.ndarray, W: np.ndarray, reg: float) -> Fit:
    """Coefficients a, b with dloss = a·reg·ΣW² and dgrad = b·reg·W (None if not of that form)."""
    sq = float(np.sum(W * W))
    loss_coef = dloss / (reg * sq) if sq else float("nan")
    if np.allclose(dgrad, reg, rtol=1e-6, atol=1e-12) and not np.allclose(dgrad, 0):
        return Fit(loss_coef, None, True, "the constant reg (a scalar, not a multiple of W)")
    b = float(np.vdot(dgrad, W)) / (reg * sq) if sq else float("nan")
    if np.allclose(dgrad, b * reg * W, rtol=1e-5, atol=1e-12):
        return Fit(loss_coef, b, False, f"{b:.4g}·reg·W")
    return Fit(loss_coef, None, False, "something that is not a multiple of reg·W")


def name_regularization(fit: Fit, n: int, loss_ok: bool, grad_ok: bool) -> list[Found]:
    def near(x, target):
        return x is not None and math.isclose(x, target, rel_tol=1e-4, abs_tol=1e-9)

    a, b = fit.loss_coef, fit.grad_coef
    said = f"loss coefficient {a:.4g}, gradient {fit.grad_text}"
    if near(a, 0.5) and near(b, 1.0):
        return [found("reg_convention", f"your loss uses {a:.4g}·reg·ΣW² and dW {b:.4g}·reg·W")]
    mistakes = []
    if near(a, 0.0):
        mistakes.append(found("reg_missing_in_loss", f"the loss does not change with reg ({said})"))
    elif not loss_ok:
        mistakes.append(found("reg_loss_coefficient",
                              f"your loss adds {a:.4g}·reg·ΣW², expected 1·reg·ΣW²"))
    if grad_ok:
        return mistakes
    if fit.scalar:
        mistakes.append(found("reg_grad_scalar", f"dW grows by {fit.grad_text} when reg grows"))
    elif near(b, 0.0):
        mistakes.append(found("reg_missing_in_grad", f"dW does not change with reg ({said})"))
    elif near(b, 1.0):
        mistakes.append(found("reg_grad_missing_factor_2",
                              f"your regularization gradient is {b:.4g}·reg·W, expected 2·reg·W"))
    elif n > 1 and near(b, 2.0 / n):
        mistakes.append(found("reg_grad_divided_by_n",
                              f"your regularization gradient is {b:.4g}·reg·W = 2·reg·W/N (N = {n})"))
    else:
        mistakes.append(found("reg_grad_coefficient",
                              f"your regularization gradient is {fit.grad_text}, expected 2·reg·W"))
    return mistakes
