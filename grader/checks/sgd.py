"""Functional training loops and minibatch samplers (EECS 498 style), verified exactly.

The loss and prediction functions a loop is given are host proxies running the reference, so
the host sees every step: the batch, the parameters it was evaluated at, the gradient it
returned. Parameters must move by exactly -learning_rate * grad, the learning rate must decay
once per epoch, and the histories must be what happened.
"""

from __future__ import annotations

import numpy as np

from grader.checks import register
from grader.checks.base import (
    Call,
    Context,
    Verdict,
    examine,
    found,
    one_call_per_case,
)
from grader.checks.training import (
    check_batches,
    check_init,
    check_updates,
    failed_on,
    iteration_count,
    judge_runs,
    proxy_records,
    record_arg,
)
from grader.results import Found

EXACT = dict(rtol=1e-10, atol=1e-12)


@register("sgd")
class SgdCheck:
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


@register("nn_training")
class NnTrainingCheck:
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


@register("sampling")
class SamplingCheck:
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
