"""The regularization term on its own: the same inputs at strength 0 and at strength r.

The differences isolate the term: the loss must grow by a·r·ΣW² and the gradient by b·r·W
(a = 1, b = 2 unless the spec declares another convention; W is the spec's ``param``, the
strength its ``strength`` argument). Fitting the two coefficients names the convention slip
("your regularization gradient is 1.0·reg·W, expected 2.0·reg·W") even when W is small enough
to hide it in a plain comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, describe_case, examine, found
from grader.results import Found


@register("regularization")
class RegularizationCheck:
    title = ("the regularization term ({strength}·Σ{param}² in the loss, "
             "{grad_coefficient:g}·{strength}·{param} in d{param})")

    def plan(self, ctx: Context) -> list[Call]:
        base, strength = ctx.inputs(ctx.check.case, "reg"), ctx.check.strength
        return [Call(ctx.function, {**base, strength: 0.0}, "reg=0"),
                Call(ctx.function, {**base, strength: ctx.check.reg}, "reg=r")]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        results = [examine(ctx, c, o) for c, o in zip(calls, outcomes)]
        for r in results:
            if isinstance(r, Found):
                return Verdict(False, r.message, (r,))
        check = ctx.check
        (loss0, dW0), (loss1, dW1) = results
        if not all(np.isfinite(v).all() for v in (loss0, dW0, loss1, dW1)):
            return Verdict(False, "", (found("nan_or_inf", "your loss or "
                           f"d{check.param} holds nan or inf on {describe_case(ctx, check.case)}"),))
        reg, W, names = check.reg, calls[0].args[check.param], Names(check.param, check.strength)
        fit = fit_regularization(loss1 - loss0, dW1 - dW0, W, reg, names)
        expected_dloss = check.loss_coefficient * reg * float(np.sum(W * W))
        tol = check.rtol
        loss_ok = math.isclose(loss1 - loss0, expected_dloss, rel_tol=tol, abs_tol=1e-12)
        grad_ok = np.allclose(dW1 - dW0, check.grad_coefficient * reg * W, rtol=tol, atol=1e-12)
        evidence = {"loss_coefficient": fit.loss_coef, "grad_coefficient": fit.grad_coef,
                    "grad_is_scalar": fit.scalar, "reg": reg}
        expected = Coefficients(check.loss_coefficient, check.grad_coefficient)
        summary = (f"with {names.reg}={reg:g} and {names.reg}=0 on "
                   f"{describe_case(ctx, check.case)}: the loss grew by "
                   f"{fit.loss_coef:.4g}·{names.term} (expected {expected.loss:g}·{names.term}), "
                   f"{names.grad} by {fit.grad_text} (expected {expected.grad:g}·{names.times_w})")
        if loss_ok and grad_ok:
            return Verdict(True, summary, evidence=evidence)
        examples = calls[0].args.get(check.examples)
        n = int(np.shape(examples)[0]) if np.ndim(examples) else 0
        return Verdict(False, summary, tuple(name_regularization(fit, n, loss_ok, grad_ok,
                                                                 expected, names)), evidence)


@dataclass(frozen=True)
class Names:
    """How the feedback writes the regularized parameter and the strength (W and reg)."""

    param: str = "W"
    strength: str = "reg"

    @property
    def reg(self) -> str:
        return self.strength

    @property
    def grad(self) -> str:
        return f"d{self.param}"

    @property
    def term(self) -> str:
        return f"{self.strength}·Σ{self.param}²"

    @property
    def times_w(self) -> str:
        return f"{self.strength}·{self.param}"


@dataclass(frozen=True)
class Coefficients:
    """The spec's convention: loss += loss·reg·ΣW², gradient += grad·reg·W (1 and 2)."""

    loss: float = 1.0
    grad: float = 2.0


@dataclass(frozen=True)
class Fit:
    loss_coef: float
    """a in Δloss = a·reg·ΣW²."""
    grad_coef: float | None
    """b in ΔdW = b·reg·W, or None when ΔdW is not a multiple of W."""
    scalar: bool
    """ΔdW is the constant reg (the `dW += reg` slip)."""
    grad_text: str


def fit_regularization(dloss: float, dgrad: np.ndarray, W: np.ndarray, reg: float,
                       names: Names = Names()) -> Fit:
    """Coefficients a, b with dloss = a·reg·ΣW² and dgrad = b·reg·W (None if not of that form)."""
    sq = float(np.sum(W * W))
    loss_coef = dloss / (reg * sq) if sq else float("nan")
    if np.allclose(dgrad, reg, rtol=1e-6, atol=1e-12) and not np.allclose(dgrad, 0):
        return Fit(loss_coef, None, True,
                   f"the constant {names.reg} (a scalar, not a multiple of {names.param})")
    b = float(np.vdot(dgrad, W)) / (reg * sq) if sq else float("nan")
    if np.allclose(dgrad, b * reg * W, rtol=1e-5, atol=1e-12):
        return Fit(loss_coef, b, False, f"{b:.4g}·{names.times_w}")
    return Fit(loss_coef, None, False, f"something that is not a multiple of {names.times_w}")


def name_regularization(fit: Fit, n: int, loss_ok: bool, grad_ok: bool,
                        expected: Coefficients = Coefficients(),
                        names: Names = Names()) -> list[Found]:
    def near(x, target):
        return x is not None and math.isclose(x, target, rel_tol=1e-4, abs_tol=1e-9)

    a, b, want_a, want_b = fit.loss_coef, fit.grad_coef, expected.loss, expected.grad
    said = f"loss coefficient {a:.4g}, gradient {fit.grad_text}"
    other = [(want_a * 0.5, want_b * 0.5), (want_a * 2, want_b * 2)]  # the other convention
    if any(near(a, x) and near(b, y) for x, y in other):
        return [found("reg_convention", f"your loss uses {a:.4g}·{names.term} and "
                      f"{names.grad} {b:.4g}·{names.times_w}; this function asks for "
                      f"{want_a:g}·{names.term} and {want_b:g}·{names.times_w}")]
    mistakes = []
    if near(a, 0.0):
        mistakes.append(found("reg_missing_in_loss",
                              f"the loss does not change with {names.reg} ({said})"))
    elif not loss_ok:
        mistakes.append(found("reg_loss_coefficient", f"your loss adds {a:.4g}·{names.term}, "
                              f"expected {want_a:g}·{names.term}"))
    if grad_ok:
        return mistakes
    expect = f"expected {want_b:g}·{names.times_w}"
    if fit.scalar:
        mistakes.append(found("reg_grad_scalar",
                              f"{names.grad} grows by {fit.grad_text} when {names.reg} grows"))
    elif near(b, 0.0):
        mistakes.append(found("reg_missing_in_grad",
                              f"{names.grad} does not change with {names.reg} ({said})"))
    elif near(b, want_b / 2):
        mistakes.append(found("reg_grad_missing_factor_2", "your regularization gradient is "
                              f"{b:.4g}·{names.times_w}, {expect}"))
    elif n > 1 and near(b, want_b / n):
        mistakes.append(found("reg_grad_divided_by_n", "your regularization gradient is "
                              f"{b:.4g}·{names.times_w} = {want_b:g}·{names.times_w}/N (N = {n})"))
    else:
        mistakes.append(found("reg_grad_coefficient",
                              f"your regularization gradient is {fit.grad_text}, {expect}"))
    return mistakes
