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
    failed_on,
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


@register("autograd")
class AutogradCheck:
    """A PyTorch forward pass whose backward is autograd's: the sandbox differentiates the
    student's own forward (fresh leaves for ``wrt``, the upstream gradients back-propagated
    from its outputs) and the host compares every leaf's ``.grad`` with numeric derivatives
    of the reference forward along a random direction, one block at a time."""

    title = "autograd's gradients through it match numeric derivatives"

    def plan(self, ctx: Context) -> list[Call]:
        grads = (tuple(ctx.check.wrt), tuple(ctx.check.upstream))
        return [Call(ctx.function, ctx.inputs(case, "autograd", i), str(i), autograd=grads)
                for i, case in enumerate(ctx.check.cases)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        worst = 0.0
        for i, (case, call, outcome) in enumerate(zip(ctx.check.cases, calls, outcomes)):
            cut = _cut_from_graph(ctx, outcome)
            if cut:
                return failed_on(ctx, case, [_unused_by_a_variant(ctx, call, outcome, i) or cut])
            actual = examine(ctx, call, outcome)
            if isinstance(actual, Found):
                return Verdict(False, actual.message, (actual,))
            grads = dict(ctx.flatten(actual))
            for block in ctx.check.wrt:
                analytic, numeric = _directional(ctx, ctx.reference, call.args,
                                                 grads[f"d{block}"], block, i)
                error = _relative(analytic, numeric)
                worst = max(worst, error)
                if not error <= ctx.check.rtol:
                    numbers = "" if ctx.hidden else (
                        f": {block}.grad·d = {analytic:.6g} but the reference forward changes "
                        f"by {numeric:.6g} per unit step")
                    text = (f"along a random direction d in {block}{numbers} (relative error "
                            f"{error:.2e})")
                    mistake = _variant_like(ctx, call.args, grads, i) or "autograd_gradient_wrong"
                    return failed_on(ctx, case, [found(mistake, text)])
        return Verdict(True, f"{len(ctx.check.cases) * len(ctx.check.wrt)} gradients through "
                       f"autograd checked; largest relative error {worst:.1e}",
                       evidence={"max": worst})


NO_GRAPH = ("does not require grad", "does not have a grad_fn",
            "Can't call numpy() on Tensor that requires grad")
IN_PLACE = ("modified by an inplace operation", "is being used in an in-place operation")


def _cut_from_graph(ctx: Context, outcome) -> Found | None:
    """The named mistake when no gradient reaches an input: the outputs are not attached to
    the inputs at all (backward raises), or a leaf's ``.grad`` stays None; or when autograd
    cannot differentiate it because a tensor it saved was changed in place."""
    if outcome.status == "raised":
        message = str((outcome.error or {}).get("message", ""))
        said = "" if ctx.hidden else f" ({message.splitlines()[0][:160]})" if message else ""
        if any(words in message for words in NO_GRAPH):
            return found("no_gradient", "the outputs are not connected to the inputs in the "
                         f"autograd graph{said}")
        if any(words in message for words in IN_PLACE):
            return found("inplace_breaks_autograd", f"autograd cannot differentiate it{said}")
        return None
    if not outcome.ok:
        return None
    value = outcome.value
    grads = value if isinstance(value, tuple) else (value,)
    if len(grads) != len(ctx.check.wrt):
        return None
    missing = [w for w, g in zip(ctx.check.wrt, grads) if g is None]
    if missing:
        return found("no_gradient", f"no gradient reached {', '.join(missing)} (its .grad is "
                     "None after backward)")
    return None


def _relative(a: float, b: float) -> float:
    return abs(a - b) / max(abs(a) + abs(b), 1e-12)


def _variant_like(ctx: Context, args: dict, grads: dict, case: int) -> str | None:
    """The catalogued mistake whose forward pass, differentiated, gives the student's
    gradients along every block's direction (a wrong forward shows here as well)."""
    for variant in ctx.variants:
        try:
            if all(_relative(*_directional(ctx, variant.fn, args, grads[f"d{block}"], block,
                                           case)) <= ctx.check.rtol for block in ctx.check.wrt):
                return variant.mistake
        except Exception:  # noqa: BLE001 - a variant that cannot run here names nothing
            continue
    return None


def _unused_by_a_variant(ctx: Context, call: Call, outcome, case: int) -> Found | None:
    """An input no gradient reached because the forward pass leaves it out (a missing bias)
    is that catalogued mistake: its gradient is zero, as in the variant's forward."""
    grads = outcome.value if isinstance(outcome.value, tuple) else (outcome.value,)
    if not outcome.ok or len(grads) != len(ctx.check.wrt):
        return None
    try:
        filled = {f"d{w}": (np.zeros(np.shape(call.args[w])) if g is None else
                            np.asarray(g.array if hasattr(g, "array") else g, dtype=np.float64))
                  for w, g in zip(ctx.check.wrt, grads)}
    except (TypeError, ValueError):
        return None
    mistake = _variant_like(ctx, call.args, filled, case)
    missing = [w for w, g in zip(ctx.check.wrt, grads) if g is None]
    return found(mistake, f"no gradient reached {', '.join(missing)}") if mistake else None


def _directional(ctx: Context, forward, args: dict, grad: np.ndarray, block: str, case: int):
    """(<grad, d>, the numeric derivative of Σ <upstream, output> of ``forward`` (the
    reference or a variant) along d) for a unit direction d in ``block``."""
    inputs = {k: np.array(v, dtype=np.float64) if k == block else v
              for k, v in ctx.declared(args).items()}
    d = ctx.rng("autograd-direction", case, block).standard_normal(inputs[block].shape)
    d /= np.linalg.norm(d)
    h = ctx.check.step

    def out(sign: float) -> list[np.ndarray]:
        value = forward(**{**inputs, block: inputs[block] + sign * h * d})
        values = value if isinstance(value, tuple) else (value,)
        return [np.asarray(v, dtype=np.float64) for v in values[:len(ctx.check.upstream)]]

    plus, minus = out(1), out(-1)
    numeric = sum(float(np.sum(np.asarray(args[u]) * (p - m)))
                  for u, p, m in zip(ctx.check.upstream, plus, minus)) / (2 * h)
    if np.shape(grad) != d.shape:
        return float("nan"), numeric
    return float(np.vdot(grad, d)), numeric
