"""Outputs stay finite and exact when every score of a row is shifted by a huge amount (the
recipe parameter the spec names ``shift``; ``mixed`` names its flag for random directions).

A control input without the offset comes first (code that fails there is not unstable, it is
wrong). Then two inputs tell two slips apart: all rows shifted up by the offset (exp()
overflows unless scores are shifted) and rows shifted up or down at random (a shift by the
global maximum underflows the rows far below it).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from grader.checks import register
from grader.checks.base import Call, Context, Verdict, describe_case, found
from grader.checks.value import judge_against_reference
from grader.diagnose import diagnose_values
from grader.results import Found


@register("stability")
class StabilityCheck:
    title = "stays finite and correct for scores of magnitude {magnitude:g}"

    def plan(self, ctx: Context) -> list[Call]:
        return [Call(ctx.function, ctx.inputs(case, "stability", i), str(i))
                for i, case in enumerate(stability_cases(ctx))]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        verdict = judge_against_reference(ctx, stability_cases(ctx), calls, outcomes,
                                          diagnose_overflow)
        ids, check = {m.id for m in verdict.mistakes}, ctx.check
        if check.uneven and {check.overflow, check.uneven} <= ids:  # no shift at all fails
            kept = tuple(m for m in verdict.mistakes if m.id != check.uneven)  # the mixed
            verdict = replace(verdict, mistakes=kept)  # rows too: one mistake, not two
        return verdict


def stability_cases(ctx: Context) -> list[dict]:
    """A control without the shift, then every row shifted up, then (with ``mixed``) rows
    shifted up or down at random."""
    case, shift, mixed = ctx.check.case, ctx.check.shift, ctx.check.mixed
    if not mixed:
        return [{**case, shift: 0.0}, case]
    return [{**case, shift: 0.0}, {**case, mixed: False}, {**case, mixed: True}]


def diagnose_overflow(ctx: Context, case: dict, args: dict, actual: tuple, expected: tuple,
                      comps: list) -> list[Found]:
    check = ctx.check
    if not case.get(check.shift):
        return diagnose_values(ctx, case, args, actual, expected, comps)
    bad = [n for n, a in ctx.flatten(actual) if not np.isfinite(a).all()]
    where = f"{' and '.join(bad)} hold nan/inf on {describe_case(ctx, case)}"
    if not bad:
        return []
    if check.mixed and case.get(check.mixed) and check.uneven:
        return [found(check.uneven, f"{where}, where some rows' scores lie far below others")]
    return [found(check.overflow, f"{where}, where every score is about "
                  f"{case.get(check.shift, 0):g}")]
