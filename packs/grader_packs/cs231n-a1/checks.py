"""Training loops verified exactly from the recorded proxy calls, not by a loss threshold.

The student's loop calls the loss through a host proxy (the reference loss at the current W),
so the host sees every step: the batch, the W it was evaluated at, the gradient it returned.
Each update must be W - learning_rate * grad for that gradient; batches must be rows of X with
their own labels and differ between iterations; the history must be what the loss returned.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from grader.checks import (
    Call,
    CheckSpec,
    Context,
    Verdict,
    examine,
    failed_on,
    found,
    one_call_per_case,
    register,
)
from grader.checks.base import proxy_records, record_arg
from grader.results import Found


class TrainingSpec(CheckSpec):
    """A training loop, verified step by step from its recorded proxy calls."""

    kind: Literal["training"]
    cases: list[dict] = Field(min_length=1)


@register("training", TrainingSpec)
class TrainingCheck:
    needs_submission = True
    title = "trains by minibatch SGD (every step verified)"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "train")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        return judge_runs(ctx, calls, outcomes,
                          lambda call, outcome, history: judge_run(
                              call.args, outcome, history[0] if history else None),
                          "batches from X with their labels, W - learning_rate * grad each "
                          "step, history as returned")


def judge_runs(ctx: Context, calls: list[Call], outcomes: list, problems_of,
               summary: str) -> Verdict:
    """A training check's verdict: each case's outputs examined, then
    ``problems_of(call, outcome, outputs)``; the first case with problems fails the check."""
    for case, call, outcome in zip(ctx.check.cases, calls, outcomes):
        result = examine(ctx, call, outcome)
        if isinstance(result, Found):
            return Verdict(False, result.message, (result,))
        problems = problems_of(call, outcome, result)
        if problems:
            return failed_on(ctx, case, problems)
    steps = sum(c.args["num_iters"] for c in calls)
    return Verdict(True, f"{steps} steps verified: {summary}")


def judge_run(args: dict, outcome, history) -> list[Found]:
    records, error = proxy_records(outcome, "loss")
    if error:
        return [error]
    iters, lr = args["num_iters"], args["learning_rate"]
    if len(records) != iters:
        return iteration_count("the loss", len(records), iters)
    problems = check_init(args, records[0].attrs.get("W"))
    problems += check_batches(args, [(record_arg(r, 0, "X_batch"), record_arg(r, 1, "y_batch"))
                                     for r in records])
    Ws = [np.asarray(r.attrs.get("W"), np.float64) for r in records]
    Ws.append(np.asarray(outcome.attrs.get("W"), np.float64))
    problems += check_updates(Ws, [np.asarray(r.result[1]) for r in records], lr)
    losses = [float(r.result[0]) for r in records]
    if history is not None and not np.allclose(history, losses, rtol=1e-12, atol=0):
        problems.append(found("loss_history_wrong", "loss_history does not hold the loss "
                              "returned at each iteration, in order"))
    return problems


def iteration_count(what: str, count: int, iters: int) -> list[Found]:
    """Why ``what`` was evaluated ``count`` times in ``iters`` iterations (twice each: named)."""
    text = f"{what} was evaluated {count} times for num_iters={iters}"
    if iters > 0 and count == 2 * iters:
        return [found("loss_called_twice", f"{text}, twice per iteration")]
    return [Found("wrong_iteration_count", text)]


def check_init(args: dict, W0, std: tuple[float, float] = (1e-4, 1e-2),
               starter: str = "0.001 * np.random.randn(dim, num_classes)") -> list[Found]:
    D, C = args["X"].shape[1], int(np.max(args["y"])) + 1
    W0 = np.asarray(W0, np.float64) if W0 is not None else None
    if args["W"] is not None:
        if W0 is None or W0.shape != args["W"].shape or not np.array_equal(W0, args["W"]):
            return [found("weights_init_wrong", "training replaced the W it was given")]
        return []
    if W0 is None or W0.shape != (D, C):
        shape = None if W0 is None else W0.shape
        return [found("weights_init_wrong", f"W starts with shape {shape}, expected (D, C) = "
                      f"({D}, {C}) with C = max(y) + 1")]
    if not std[0] < W0.std() < std[1]:
        return [found("weights_init_wrong", f"W starts with standard deviation {W0.std():.3g}, "
                      f"expected about {np.sqrt(std[0] * std[1]):.0e} ({starter})")]
    return []


def check_batches(args: dict, batches: list[tuple[object, object]]) -> list[Found]:
    """Each (X_batch, y_batch) must be batch_size rows of X with their own labels, and the
    batches must not all be the same."""
    X, y, size = args["X"], args["y"], args["batch_size"]
    rows = {X[i].tobytes(): i for i in range(len(X))}
    seen = []
    for t, (xb, yb) in enumerate(batches):
        xb, yb = np.asarray(xb), np.asarray(yb)
        if xb.shape != (size, X.shape[1]) or yb.shape != (size,):
            return [found("batch_wrong_shape", f"iteration {t}: X_batch {xb.shape} and y_batch "
                          f"{yb.shape}, expected ({size}, {X.shape[1]}) and ({size},)")]
        idx = [rows.get(np.asarray(row, np.float64).tobytes()) for row in xb]
        if None in idx:
            return [found("batch_not_from_data", f"iteration {t}: X_batch has rows that are "
                          "not rows of X")]
        if not np.array_equal(yb, y[idx]):
            return [found("batch_labels_mismatch", f"iteration {t}: y_batch is not the labels "
                          "of the rows in X_batch")]
        seen.append(tuple(idx))
    if len(seen) > 1 and len(set(seen)) == 1:
        return [found("batch_not_random", f"all {len(seen)} iterations used the same batch")]
    return []


def check_updates(Ws: list[np.ndarray], grads: list[np.ndarray], lr: float) -> list[Found]:
    for t in range(len(grads)):
        before, after, g = Ws[t], Ws[t + 1], grads[t]
        if after.shape != before.shape:
            return [found("params_not_updated", f"after iteration {t} W has shape {after.shape}")]
        if np.allclose(after, before - lr * g, rtol=1e-10, atol=1e-12):
            continue
        if np.allclose(after, before, rtol=0, atol=0):
            return [found("params_not_updated", f"W did not change at iteration {t}")]
        if np.allclose(after, before + lr * g, rtol=1e-10, atol=1e-12):
            return [found("gradient_ascent", f"at iteration {t} W moved by +learning_rate * grad")]
        step = after - before
        scale = float(np.vdot(step, -g) / max(np.vdot(g, g), 1e-300))
        return [found("update_wrong", f"at iteration {t} W moved by {scale:.4g} * (-grad); "
                      f"expected learning_rate = {lr:g} times -grad")]
    return []
