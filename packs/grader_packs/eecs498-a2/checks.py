"""Functional training loops and minibatch samplers (EECS 498 style), verified exactly.

The loss and prediction functions a loop is given are host proxies running the reference, so
the host sees every step: the batch, the parameters it was evaluated at, the gradient it
returned. Parameters must move by exactly -learning_rate * grad, the learning rate must decay
once per epoch, and the histories must be what happened.
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


class SgdSpec(CheckSpec):
    """A functional training loop (``train(loss_func, W, X, y, ...) -> (W, history)``), verified
    step by step from the calls of its ``loss_func`` argument (a host proxy)."""

    kind: Literal["sgd"]
    cases: list[dict] = Field(min_length=1)
    proxy: str = Field("loss_func", description="the argument the loop calls for the loss")
    init_std: tuple[float, float] = Field((1e-7, 1e-5), description="accepted std of a lazy W")
    init_code: str = "0.000001 * torch.randn(dim, num_classes)"


class NnTrainingSpec(CheckSpec):
    """nn_train: every parameter of the params dict updated by -learning_rate * grad, the
    learning rate decayed once per epoch, histories as observed."""

    kind: Literal["nn_training"]
    cases: list[dict] = Field(min_length=1)
    loss: str = "loss_func"
    pred: str = "pred_func"


class SamplingSpec(CheckSpec):
    """A minibatch sampler, called many times: rows of X with their labels, different batches,
    and every index reachable."""

    kind: Literal["sampling"]
    case: dict
    calls: int = Field(8, ge=2, le=100)



EXACT = dict(rtol=1e-10, atol=1e-12)


@register("sgd", SgdSpec)
class SgdCheck:
    needs_submission = True
    title = "trains by minibatch SGD (every step verified)"

    def plan(self, ctx: Context) -> list[Call]:
        return one_call_per_case(ctx, "sgd")

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        return judge_runs(ctx, calls, outcomes,
                          lambda call, outcome, result: self.steps(
                              ctx, call.args, outcome, np.asarray(result[0]), result[1]),
                          "batches from X with their labels, W - learning_rate * grad each "
                          "step, W and history as returned")

    @staticmethod
    def steps(ctx: Context, args: dict, outcome, W_final, history) -> list[Found]:
        records, error = proxy_records(outcome, ctx.check.proxy)
        if error:
            return [error]
        iters, lr = args["num_iters"], args["learning_rate"]
        if len(records) != iters:
            return iteration_count(ctx.check.proxy, len(records), iters)
        Ws = [np.asarray(record_arg(r, 0, "W"), np.float64) for r in records] + [W_final]
        problems = check_init(args, Ws[0], tuple(ctx.check.init_std), ctx.check.init_code)
        problems += check_batches(args, [(record_arg(r, 1, "X"), record_arg(r, 2, "y")) for r in records])
        problems += check_updates(Ws, [np.asarray(r.result[1]) for r in records], lr)
        losses = [float(r.result[0]) for r in records]
        if not np.allclose(history, losses, rtol=1e-12, atol=0):
            problems.append(found("loss_history_wrong", "loss_history does not hold the loss "
                                  "returned at each iteration, in order"))
        return problems


@register("nn_training", NnTrainingSpec)
class NnTrainingCheck:
    needs_submission = True
    title = "trains the network: every parameter updated, learning rate decayed per epoch"

    def plan(self, ctx: Context) -> list[Call]:
        return [Call(c.function, c.args, c.label, return_args=True)
                for c in one_call_per_case(ctx, "nn_training")]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        return judge_runs(ctx, calls, outcomes,
                          lambda call, outcome, _: judge_nn_run(ctx, call.args, outcome),
                          "every parameter moved by -lr * grad, the learning rate decayed "
                          "once per epoch, histories as observed")


def schedule(args: dict) -> list[float]:
    """The learning rate of each step: nn_train decays it after every step t with
    t % iterations_per_epoch == 0 (t = 0 included), as the starter code does."""
    per_epoch = max(len(args["X"]) // args["batch_size"], 1)
    rate, rates = args["learning_rate"], []
    for t in range(args["num_iters"]):
        rates.append(rate)
        if t % per_epoch == 0:
            rate *= args["learning_rate_decay"]
    return rates


def judge_nn_run(ctx: Context, args: dict, outcome) -> list[Found]:
    records, error = proxy_records(outcome, ctx.check.loss)
    preds, pred_error = proxy_records(outcome, ctx.check.pred)
    if error or pred_error:
        return [error or pred_error]
    iters = args["num_iters"]
    if len(records) != iters:
        return iteration_count(ctx.check.loss, len(records), iters)
    batches = [(record_arg(r, 1, "X"), record_arg(r, 2, "y")) for r in records]
    problems = check_batches(args, batches)
    if problems:
        return problems
    after = outcome.args_after[0] if outcome.args_after else None
    states = [record_arg(r, 0, "params") for r in records] + [after]
    if not all(isinstance(s, dict) and set(s) >= set(args["params"]) for s in states):
        return [found("params_not_updated", "the params dict lost some of its entries")]
    rates = []
    for t, record in enumerate(records):
        rate, problem = step_rate(states[t], states[t + 1], record.result[1], t)
        if problem:
            return [problem]
        rates.append(rate)
    problems = check_schedule(args, rates)
    return problems or check_histories(args, outcome.value, records, preds, batches)


def step_rate(before: dict, after: dict, grads: dict, t: int) -> tuple[float, Found | None]:
    """The learning rate one step used, fitted on all parameters together, or what is wrong."""
    keys = sorted(grads)
    b = {k: np.asarray(before[k], np.float64) for k in keys}
    a = {k: np.asarray(after[k], np.float64) for k in keys}
    g = {k: np.asarray(grads[k], np.float64) for k in keys}
    if any(a[k].shape != b[k].shape for k in keys):
        return 0.0, found("params_not_updated", f"a parameter changed shape at iteration {t}")
    frozen = [k for k in keys if np.array_equal(a[k], b[k]) and np.any(g[k] != 0)]
    if frozen:
        return 0.0, found("params_not_updated", f"{', '.join(frozen)} did not change at "
                          f"iteration {t} (the update must cover every entry of params)")
    step = np.concatenate([(a[k] - b[k]).ravel() for k in keys])
    grad = np.concatenate([g[k].ravel() for k in keys])
    rate = float(np.vdot(step, -grad) / max(float(np.vdot(grad, grad)), 1e-300))
    bad = [k for k in keys if not np.allclose(a[k], b[k] - rate * g[k], **EXACT)]
    if bad:
        return rate, found("update_wrong", f"at iteration {t} {', '.join(bad)} did not move by "
                           "-learning_rate * grads[...] like the other parameters")
    if rate < 0:
        return rate, found("gradient_ascent", f"at iteration {t} the parameters moved by "
                           f"+{-rate:.4g} * grad")
    return rate, None


def check_schedule(args: dict, rates: list[float]) -> list[Found]:
    expected = schedule(args)
    if np.allclose(rates, expected, rtol=1e-8, atol=0):
        return []
    lr, decay = args["learning_rate"], args["learning_rate_decay"]
    shown = ", ".join(f"{r:.4g}" for r in rates[:6])
    wanted = ", ".join(f"{r:.4g}" for r in expected[:6])
    observed = f"the step sizes were {shown}; expected {wanted}"
    if np.allclose(rates, lr, rtol=1e-8, atol=0):
        return [found("lr_never_decayed", observed)]
    if np.allclose(rates, [lr * decay ** t for t in range(len(rates))], rtol=1e-8, atol=0):
        return [found("lr_decay_every_iteration", observed)]
    return [found("update_wrong", observed)]


def check_histories(args: dict, value, records, preds, batches) -> list[Found]:
    if not isinstance(value, dict):
        return [found("wrong_output_type", "nn_train must return a dict of histories")]
    missing = {"loss_history", "train_acc_history", "val_acc_history"} - set(value)
    if missing:
        return [found("wrong_output_type", f"the returned dict has no {', '.join(sorted(missing))}")]
    losses = [float(r.result[0]) for r in records]
    history = _floats(value["loss_history"])
    if history is None or len(history) != len(losses) or not np.allclose(
            history, losses, rtol=1e-12, atol=0):
        return [found("loss_history_wrong", "loss_history does not hold the loss returned at "
                      "each iteration, in order")]
    per_epoch = max(len(args["X"]) // args["batch_size"], 1)
    ends = [t for t in range(args["num_iters"]) if t % per_epoch == 0]
    train, val = _floats(value["train_acc_history"]), _floats(value["val_acc_history"])
    expected_train, expected_val = [], []
    for i, t in enumerate(ends):
        pair = preds[2 * i: 2 * i + 2]
        if len(pair) != 2:
            break
        expected_train.append(float(np.mean(np.asarray(pair[0].result) == np.asarray(batches[t][1]))))
        expected_val.append(float(np.mean(np.asarray(pair[1].result) == args["y_val"])))
    for name, got, wanted in (("train_acc_history", train, expected_train),
                              ("val_acc_history", val, expected_val)):
        if len(preds) != 2 * len(ends) or got is None or len(got) != len(ends) \
                or not np.allclose(got, wanted, atol=1e-6):
            return [found("acc_history_wrong", f"{name} should hold one accuracy per epoch "
                          f"({len(ends)} here: after iterations {ends[:5]}), computed with "
                          "pred_func on the batch and on the validation set")]
    return []


def _floats(items) -> list[float] | None:
    try:
        return [float(np.asarray(x).reshape(-1)[0]) for x in items]
    except (TypeError, ValueError, IndexError):
        return None


@register("sampling", SamplingSpec)
class SamplingCheck:
    needs_submission = True
    title = "samples minibatches: rows of X with their labels, random, every index reachable"

    def plan(self, ctx: Context) -> list[Call]:
        args = ctx.inputs(ctx.check.case, "sampling")
        return [Call(ctx.function, args, str(i)) for i in range(ctx.check.calls)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        batches = []
        for call, outcome in zip(calls, outcomes):
            result = examine(ctx, call, outcome)
            if isinstance(result, Found):
                return Verdict(False, result.message, (result,))
            batches.append(result)
        args = calls[0].args
        problems = check_batches(args, batches)
        if problems:
            return failed_on(ctx, ctx.check.case, problems)
        rows = {args["X"][i].tobytes(): i for i in range(len(args["X"]))}
        seen = {rows[np.asarray(r, np.float64).tobytes()] for xb, _ in batches for r in xb}
        missing = sorted(set(range(len(args["X"]))) - seen)
        draws = len(batches) * args["batch_size"]
        if missing == [len(args["X"]) - 1]:
            return failed_on(ctx, ctx.check.case, [found(
                "sample_range_off_by_one", f"in {draws} draws the last row (index "
                f"{missing[0]}) was never sampled")])
        if missing:
            return failed_on(ctx, ctx.check.case, [found(
                "batch_not_random", f"in {draws} draws rows {missing[:8]} were never sampled")])
        return Verdict(True, f"{len(batches)} batches of {args['batch_size']}: rows of X with "
                       f"their labels, different each call, all {len(args['X'])} rows reached")


# --- the loop judges (as cs231n-a1's checks.py has them)


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
