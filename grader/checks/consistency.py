"""Two of the student's own functions agree on the same inputs (naive vs vectorized)."""

from __future__ import annotations

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
)
from grader.results import Found


@register("consistency")
class ConsistencyCheck:
    title = "agrees with {other}"

    def plan(self, ctx: Context) -> list[Call]:
        calls = []
        for i, case in enumerate(ctx.check.cases):
            args = ctx.inputs(case, "consistency", i)
            calls += [Call(ctx.function, args, f"{i}:self"), Call(ctx.check.other, args, f"{i}:other")]
        return calls

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        other = ctx.check.other
        for i, case in enumerate(ctx.check.cases):
            mine = examine(ctx, calls[2 * i], outcomes[2 * i])
            theirs = examine(ctx, calls[2 * i + 1], outcomes[2 * i + 1])
            if isinstance(mine, Found):
                return Verdict(False, mine.message, (mine,))
            if isinstance(theirs, Found):
                return Verdict(False, f"could not compare with {other}: {theirs.message}")
            comps = compare_all(ctx, mine, theirs)
            if not all(c.passed for _, c in comps):
                lines = mismatches(ctx, comps)
                which = self._which_is_right(ctx, calls[2 * i].args, mine, theirs)
                text = (f"On {describe_case(ctx, case)}, {ctx.function} and {other} differ "
                        f"(taking {other} as expected): " + "; ".join(lines) + which)
                mistake = found("naive_vectorized_disagree",
                                f"{ctx.function} and {other} return different results")
                return Verdict(False, text, (mistake,))
        return Verdict(True, f"{ctx.function} and {other} agree on {len(ctx.check.cases)} inputs")

    @staticmethod
    def _which_is_right(ctx: Context, args: dict, mine: tuple, theirs: tuple) -> str:
        expected = ctx.expected(args)
        ok_mine = all(c.passed for _, c in compare_all(ctx, mine, expected))
        ok_theirs = all(c.passed for _, c in compare_all(ctx, theirs, expected))
        if ok_mine and not ok_theirs:
            return f". {ctx.function} matches the reference: the mistake is in {ctx.check.other}"
        if ok_theirs and not ok_mine:
            return f". {ctx.check.other} matches the reference: the mistake is in {ctx.function}"
        return ""
