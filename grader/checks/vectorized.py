"""A vectorized function has no Python loops and costs far less than the naive one.

Loop evidence comes from the source (AST, following calls into the submission's own
functions). Cost is the wall time of whole calls measured by the host on a large input (the
best of a few runs), never a clock inside the sandbox. The outputs on the large input must also
be right: doing nothing quickly earns nothing.
"""

from __future__ import annotations

from grader.checks import register
from grader.checks.base import (
    Call,
    Context,
    Verdict,
    compare_all,
    examine,
    found,
    loops_text,
    mismatches,
)
from grader.diagnose import matching_variants
from grader.results import Found


@register("vectorized")
class VectorizedCheck:
    title = "is vectorized (no Python loops, much faster than {naive})"

    def plan(self, ctx: Context) -> list[Call]:
        args = ctx.inputs(ctx.check.case, "vectorized")
        return [Call(ctx.function, args, f"vec{r}") for r in range(ctx.check.repeats)]

    def more(self, ctx: Context, calls: list[Call], outcomes: list) -> list[Call]:
        """The naive version's runs, only when its time can matter: the vectorized one ran,
        and took longer than ``floor_seconds`` (under it, it passes whatever the naive one
        takes). Outputs are judged afterwards either way."""
        if not ctx.check.naive or not all(o.ok for o in outcomes):
            return []
        if min(o.wall_s for o in outcomes) <= ctx.check.floor_seconds:
            return []
        return [Call(ctx.check.naive, calls[0].args, f"naive{r}")
                for r in range(ctx.check.repeats)]

    def judge(self, ctx: Context, calls: list[Call], outcomes: list) -> Verdict:
        reps = ctx.check.repeats
        mine = examine(ctx, calls[0], outcomes[0])
        if isinstance(mine, Found):
            return Verdict(False, mine.message, (mine,))
        comps = compare_all(ctx, mine, ctx.expected(calls[0].args))
        known = []
        if not all(c.passed for _, c in comps):
            # a known mistake is charged by the value check; it does not cost this check too
            known = matching_variants(ctx, calls[0].args, mine)
            if not known:
                lines = mismatches(ctx, comps)
                return Verdict(False, "not timed: the outputs on the large input are wrong "
                               "(and match no known mistake): " + "; ".join(lines))
        loops = ctx.loops.get(ctx.function, [])
        t_vec = min(o.wall_s for o in outcomes[:reps])
        naive_ok = bool(outcomes[reps:]) and all(o.ok for o in outcomes[reps:])
        # the naive version's CPU time where the host can read it: sleeping in it on purpose
        # (to make the vectorized one look fast) buys nothing
        t_naive = min(min(o.wall_s, o.cpu_s) if o.cpu_s is not None else o.wall_s
                      for o in outcomes[reps:]) if naive_ok else None
        naive_loops = bool(ctx.loops.get(ctx.check.naive))
        budget = max(ctx.check.max_ratio * t_naive if (t_naive and naive_loops) else 0.0,
                     ctx.check.floor_seconds)
        evidence = {"seconds": t_vec, "naive_seconds": t_naive, "allowed_seconds": budget,
                    "loops": [str(e) for e in loops]}
        timing = (f"{1000 * t_vec:.1f} ms on the large input"
                  + (f" vs {1000 * t_naive:.1f} ms for {ctx.check.naive}" if t_naive else ""))
        if len(loops) > ctx.check.max_loops:
            allowed = "no loop" if not ctx.check.max_loops else f"at most {ctx.check.max_loops}"
            return Verdict(False, timing, (found("not_vectorized",
                           f"found {loops_text(loops)}; {allowed} allowed"),), evidence)
        if t_vec > budget:
            return Verdict(False, timing, (found("not_vectorized",
                           f"no loop in the source, but it took {1000 * t_vec:.1f} ms where "
                           f"{1000 * budget:.1f} ms is allowed"),), evidence)
        note = f" (outputs show {', '.join(known)}, charged by the value check)" if known else ""
        counted = "no Python loops" if not loops else f"{len(loops)} loop (allowed)"
        return Verdict(True, f"{counted}; {timing}{note}", evidence=evidence)
