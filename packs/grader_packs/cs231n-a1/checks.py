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


class NetTrainingSpec(CheckSpec):
    """neural_net.py's TwoLayerNet.train, verified step by step from the recorded proxy calls
    of ``self.loss`` (every parameter moves by the same -rate·grad, the rate decays by
    learning_rate_decay only)."""

    kind: Literal["net_training"]
    cases: list[dict] = Field(min_length=1)
    loss: str = Field("loss", description="the proxy that stands for self.loss")


@register("net_training", NetTrainingSpec)
class NetTrainingCheck:
    needs_submission = True
    title = "trains by minibatch SGD with a decaying learning rate (every step verified)"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "train")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        return judge_runs(ctx, calls, outcomes,
                          lambda call, outcome, _: judge_net_run(ctx.check.loss, call.args,
                                                                 outcome),
                          "batches from X with their labels, every param minus "
                          "learning_rate * its grad, the rate decayed by learning_rate_decay")


def judge_net_run(proxy: str, args: dict, outcome) -> list[Found]:
    records, error = proxy_records(outcome, proxy)
    if error:
        return [error]
    iters = args["num_iters"]
    if len(records) != iters:
        return iteration_count("self.loss", len(records), iters)
    problems = check_batches(args, [(record_arg(r, 0, "X"), record_arg(r, 1, "y"))
                                    for r in records])
    if problems:
        return problems
    states = [r.attrs.get("params") for r in records] + [outcome.attrs.get("params")]
    rates = []
    for t, record in enumerate(records):
        rate, problem = net_step(states[t], states[t + 1], record.result[1], t)
        if problem:
            return [problem]
        rates.append(rate)
    return check_decay(args, rates)


def net_step(before, after, grads, t: int) -> tuple[float, Found | None]:
    """The rate of step t: every parameter must have moved by the same -rate·grad."""
    if not isinstance(after, dict) or set(after) < {"W1", "b1", "W2", "b2"}:
        return 0.0, found("params_not_updated", f"after iteration {t} self.params is not a "
                          "dict with W1, b1, W2 and b2")
    keys = [k for k in ("W1", "b1", "W2", "b2") if np.any(np.asarray(grads[k]))]
    moves = {k: np.asarray(after[k], np.float64) - np.asarray(before[k], np.float64)
             for k in ("W1", "b1", "W2", "b2")}
    if all(not np.any(m) for m in moves.values()):
        return 0.0, found("params_not_updated", f"no parameter changed at iteration {t}")
    rate = None
    for k in keys:
        g = np.asarray(grads[k], np.float64)
        r = float(np.vdot(moves[k], -g) / np.vdot(g, g))
        if not np.allclose(moves[k], -r * g, rtol=1e-8, atol=1e-12):
            return 0.0, found("update_wrong", f"at iteration {t} {k} did not move along its "
                              "gradient: update every parameter by -learning_rate * grads[k]")
        if rate is not None and not np.isclose(r, rate, rtol=1e-8):
            return 0.0, found("update_wrong", f"at iteration {t} the parameters moved by "
                              f"different multiples of their gradients ({rate:.4g} and {r:.4g})")
        rate = r
    if rate is not None and rate < 0:
        return rate, found("gradient_ascent", f"at iteration {t} the parameters moved by "
                           "+learning_rate * grad")
    return rate or 0.0, None


def check_decay(args: dict, rates: list[float]) -> list[Found]:
    """The first step uses learning_rate; each later one the previous rate, or that times
    learning_rate_decay (the starter decays once per epoch)."""
    lr, decay = args["learning_rate"], args["learning_rate_decay"]
    if rates and not np.isclose(rates[0], lr, rtol=1e-8):
        return [found("update_wrong", f"the first step used a rate of {rates[0]:.4g}, expected "
                      f"learning_rate = {lr:g}")]
    for t in range(1, len(rates)):
        if not (np.isclose(rates[t], rates[t - 1], rtol=1e-8)
                or np.isclose(rates[t], rates[t - 1] * decay, rtol=1e-8)):
            return [found("update_wrong", f"iteration {t} used a rate of {rates[t]:.4g} after "
                          f"{rates[t - 1]:.4g}: the rate only changes by learning_rate_decay "
                          f"= {decay:g} once an epoch")]
    return []
