"""Outputs equal the reference's on several seeded inputs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pydantic import ValidationError

from grader.checks import register
from grader.checks.base import (
    Call,
    Context,
    Verdict,
    compare_all,
    describe_case,
    examine,
    found,
    mismatches,
    printed_note,
)
from grader.diagnose import accepted_form, diagnose_values, signatures
from grader.inputs import RECIPES
from grader.reproduce import CODE_MARK, snippet
from grader.results import Found


@register("value")
class ValueCheck:
    title = "{outputs} {match} the reference"

    def plan(self, ctx: Context) -> list[Call]:
        return [Call(ctx.function, ctx.inputs(case, i), str(i))  # labels kept: same inputs
                for i, case in enumerate(ctx.check.cases)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        return judge_against_reference(ctx, ctx.check.cases, calls, outcomes)

    def shrink(self, ctx: Context, verdict: Verdict) -> list[Call]:
        """Smaller versions of the failing case, to show the smallest failing call."""
        case = verdict.evidence.get("case")
        if ctx.hidden or not case or ctx.spec.proxies or ctx.spec.constructor:
            return []
        return [Call(ctx.function, ctx.inputs(small, "shrink", i), f"shrink{i}")
                for i, small in enumerate(smaller_cases(ctx.spec.recipe, case))]

    def shrunk(self, ctx: Context, verdict: Verdict, calls: list[Call], outcomes: list) -> Verdict:
        """The verdict, its call replaced by the smallest of ``calls`` that still fails."""
        failing = []
        for call, outcome in zip(calls, outcomes):
            actual = examine(ctx, call, outcome)
            if isinstance(actual, Found):
                continue
            if not all(c.passed for _, c in compare_all(ctx, actual, ctx.expected(call.args))):
                failing.append(call)
        if not failing:
            return verdict
        best = min(failing, key=lambda c: _size(c.args))
        code = snippet(ctx.function, ctx.spec, best.args, import_from(ctx), ctx.lib,
                       ctx.flatten(ctx.expected(best.args)))
        if not code:
            return verdict
        text = verdict.output.split(CODE_MARK)[0]
        note = "# the smallest failing input found (smaller than the one above)\n"
        return replace(verdict, output=text + CODE_MARK + note + code)


def import_from(ctx: Context) -> str:
    """The module a pasted call imports from: the student's own import path when known."""
    return ctx.module or ctx.spec.file.removesuffix(".py")


def _size(value: object) -> int:
    """How many numbers an input holds (arrays, nested tuples such as a cache, scalars)."""
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, (tuple, list)):
        return sum(_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return 1


def smaller_cases(recipe: str, case: dict) -> list[dict]:
    """Each integer size at its minimum, halved, and all of them at their minimum at once."""
    params = RECIPES[recipe].params
    sizes = {k: v for k, v in case.items() if isinstance(v, int) and not isinstance(v, bool)}
    floor = {k: _minimum(params, k) for k in sizes}
    candidates = [{**case, k: floor[k]} for k in sizes if case[k] > floor[k]]
    candidates += [{**case, k: max(floor[k], case[k] // 2)} for k in sizes if case[k] > floor[k]]
    candidates.append({**case, **floor})
    valid, seen = [], set()
    for candidate in candidates:
        key = tuple(sorted(candidate.items(), key=lambda kv: kv[0]))
        if candidate == case or repr(key) in seen:
            continue
        seen.add(repr(key))
        try:
            params(**{k: v for k, v in candidate.items() if k in params.model_fields})
        except ValidationError:
            continue
        valid.append(candidate)
    return valid[:8]


def _minimum(params, name: str) -> int:
    field = params.model_fields.get(name)
    for rule in getattr(field, "metadata", []):
        if hasattr(rule, "ge"):
            return int(rule.ge)
    return 1


def judge_against_reference(ctx: Context, cases: list[dict], calls: list[Call], outcomes: list,
                            diagnose=diagnose_values) -> Verdict:
    """Shared by value-like checks: every case must match. The first failing case is shown;
    a known mistake is named only if it reproduces the student's outputs on every case (a reg
    mistake shows only at reg > 0, a normalization mistake everywhere: only the pair explains
    both)."""
    worst, failing, observed = [], [], []
    for case, call, outcome in zip(cases, calls, outcomes):
        actual = examine(ctx, call, outcome)
        if isinstance(actual, Found):
            return Verdict(False, f"On {describe_case(ctx, case)}: {actual.message}"
                           + printed_note(ctx, outcomes), (actual,))
        expected = ctx.expected(call.args)
        comps = compare_all(ctx, actual, expected)
        observed.append((call.args, actual))
        worst.append(max((c.rel_error for _, c in comps), default=0.0))
        if not all(c.passed for _, c in comps):
            failing.append((case, call, actual, expected, comps))
    if not failing:
        return Verdict(True, f"{len(cases)} inputs checked; largest cs231n rel_error "
                       f"{max(worst):.1e} (tolerance rtol={ctx.check.rtol:g}, "
                       f"atol={ctx.check.atol:g})", evidence={"max_rel_error": max(worst)})
    case, call, actual, expected, comps = failing[0]
    form = accepted_form(ctx, observed) if ctx.accepted else None
    if form:
        return Verdict(True, f"{len(cases)} inputs checked; the outputs are those of an accepted "
                       f"variation of the reference ({form})", evidence={"accepted_form": form})
    if diagnose is diagnose_values:  # a known mistake must explain every case at once
        evidence = [(a, out) for a, out in observed if a is not call.args]
        mistakes = list(diagnose_values(ctx, case, call.args, actual, expected, comps, evidence))
    else:
        mistakes = []
        for f_case, f_call, f_actual, f_expected, f_comps in failing:
            for found_one in diagnose(ctx, f_case, f_call.args, f_actual, f_expected, f_comps):
                if found_one.id not in {m.id for m in mistakes}:
                    mistakes.append(found_one)
    text = f"On {describe_case(ctx, case)}:\n" + "\n".join(mismatches(ctx, comps))
    shapes = [f"{name} has {c.problem}" for name, c in comps if c.problem.startswith("shape")]
    if shapes and "wrong_output_shape" not in {m.id for m in mistakes}:
        mistakes.insert(0, found("wrong_output_shape", f"{call.function}(): {'; '.join(shapes)}"))
    if not mistakes:
        facts = signatures(ctx.flatten(actual), ctx.flatten(expected), case.get("N"),
                           float32=ctx.framework == "torch").text
        text += f"\n{facts}." if facts else ""
        text += "\nNo known mistake matches these numbers."
    text += printed_note(ctx, outcomes)  # before the code block, which a shrink replaces
    if not ctx.hidden and not ctx.spec.proxies and not ctx.spec.constructor:
        code = snippet(ctx.function, ctx.spec, call.args, import_from(ctx), ctx.lib,
                       ctx.flatten(expected))
        if code:
            text += CODE_MARK + code
    return Verdict(False, text, tuple(mistakes),
                   {"case": case, "rel_error": {n: c.rel_error for n, c in comps},
                    "failing_cases": len(failing)}, credit=output_credit(failing, comps))


def output_credit(failing: list, comps: list) -> float:
    """The share of outputs that matched on every input (a failing case's comparisons name
    them all; one that failed anywhere earns nothing)."""
    names = [name for name, _ in comps]
    if len(names) < 2:
        return 0.0
    wrong = {name for *_, f_comps in failing for name, c in f_comps if not c.passed}
    return sum(name not in wrong for name in names) / len(names)
