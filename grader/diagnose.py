"""Naming the mistake from evidence: known-mistake variants first, analytic signatures next,
and an honest "nothing matches" otherwise. Pure functions of numbers.
"""

from __future__ import annotations

import math
from functools import partial
from itertools import combinations

import numpy as np

from grader.checks.base import Context, describe_case, found
from grader.compare import Comparison, compare
from grader.outputs import OutputProblem, normalize
from grader.results import Found

VARIANT_RTOL = 1e-6
VARIANT_ATOL = 1e-9


SIGNATURES = {
    "exactly_one_more": "a scalar output is exactly 1.0 more than expected",
    "about_log_n_more": "a scalar output is about log(N) more than expected",
}
"""Numeric signatures a pack may give a meaning of its own (its reference package's
``SIGNATURES = {name: mistake_id}``); the others name the engine's ids."""


def diagnose_values(ctx: Context, case: dict, args: dict, actual: tuple, expected: tuple,
                    comps: list[tuple[str, Comparison]],
                    evidence: list[tuple[dict, tuple]] | None = None) -> list[Found]:
    """The mistakes that explain why ``actual`` differs from ``expected`` on ``args``."""
    bad = [(n, c) for n, c in comps if c.nonfinite]
    matched = matching_variants(ctx, args, actual, evidence)
    if bad and not matched:  # a known mistake that produces the same nan/inf is named instead
        name, comp = bad[0]
        return [found("nan_or_inf", f"{name} has {comp.nonfinite} nan/inf entries on "
                      f"{describe_case(ctx, case)}")]
    if bad:
        name, comp = bad[0]
        return [found(m, f"{name} has {comp.nonfinite} nan/inf entries on "
                      f"{describe_case(ctx, case)}, exactly where this mistake puts them")
                for m in matched]
    signature = signatures(ctx.flatten(actual), ctx.flatten(expected), case.get("N"),
                           float32=ctx.framework == "torch")
    if matched:
        observed = signature.text or "your outputs equal what this mistake produces"
        return [found(m, f"{observed} on {describe_case(ctx, case)}") for m in matched]
    applicable = ctx.mistake_ids() | {"grad_sign_flipped", "float32_precision"}
    named = [ctx.signatures.get(m, m) for m in signature.ids]  # the pack's word for a signature
    return [found(m, f"{signature.text} on {describe_case(ctx, case)}")
            for m in named if m in applicable]


def matching_variants(ctx: Context, args: dict, actual: tuple,
                      evidence: list[tuple[dict, tuple]] | None = None) -> list[str]:
    """Ids of the known mistakes that reproduce the student's outputs exactly: on ``args``,
    and on every other (args, outputs) in ``evidence`` (passing cases included, so a mistake
    that would have failed a case the student passed is ruled out). Single variants first,
    then two mistakes at once (variants built from the same reference function with different
    knobs combine: missing normalization *and* ``dW += reg``)."""
    cases = [(args, actual), *(evidence or [])]

    def consistent(fn) -> bool:
        return all(_reproduces(ctx, a, out, fn) for a, out in cases)

    ids: list[str] = []
    for variant in ctx.variants:
        if variant.mistake not in ids and consistent(variant.fn):
            ids.append(variant.mistake)
    if ids:
        return ids
    for first, second in combinations(ctx.variants, 2):
        combined = _combine(first, second)
        if combined is not None and first.mistake != second.mistake and consistent(combined):
            return sorted({first.mistake, second.mistake})
    return []


def _reproduces(ctx: Context, args: dict, actual: tuple, fn) -> bool:
    with np.errstate(all="ignore"):
        try:
            value = ctx.run_reference(fn, args)
        except Exception as exc:  # noqa: BLE001 - a combination of knobs may not make sense
            if type(exc).__name__ == "NotRecorded":
                raise
            return False
    outs = normalize(value, ctx.outputs, args)
    if isinstance(outs, OutputProblem):
        return False
    theirs = dict(ctx.flatten(outs))
    rtol, atol = ctx.tolerance()  # never tighter than the check's own (float32 tables)
    tol = (max(rtol, VARIANT_RTOL), max(atol, VARIANT_ATOL))
    return all(name in theirs and np.shape(a) == np.shape(theirs[name])
               and _same(np.asarray(a, np.float64), np.asarray(theirs[name], np.float64), *tol)
               for name, a in ctx.flatten(actual))


def _same(a: np.ndarray, b: np.ndarray, rtol: float | None = None,
          atol: float | None = None) -> bool:
    """Equal to the variant tolerance (or a looser one given), nan/inf counted equal only
    where both have them."""
    if not np.isfinite(a).all() or not np.isfinite(b).all():
        if not np.array_equal(a[~np.isfinite(a)], b[~np.isfinite(b)], equal_nan=True) \
                or not np.array_equal(np.isfinite(a), np.isfinite(b)):
            return False
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    return compare(a, b, VARIANT_RTOL if rtol is None else rtol,
                   VARIANT_ATOL if atol is None else atol).passed


def accepted_form(ctx: Context, observed: list[tuple[dict, tuple]]) -> str | None:
    """The accepted alternative (a harmless variation of the reference, such as eps inside
    the square root) that reproduces the student's outputs on every case, if any."""
    for alternative in ctx.accepted:
        if all(_reproduces(ctx, args, actual, alternative.fn) for args, actual in observed):
            return alternative.mistake
    return None


def _combine(first, second):
    """One function with both mistakes' knobs, when both are knobs of the same reference."""
    f, g = first.fn, second.fn
    if hasattr(f, "combine"):  # recording or replaying stand-ins (grader.bundle)
        return f.combine(g)
    if not (isinstance(f, partial) and isinstance(g, partial) and f.func is g.func):
        return None
    if set(f.keywords) & set(g.keywords):
        return None
    return partial(f.func, **f.keywords, **g.keywords)


class Signature:
    """Analytic facts about how the actual outputs relate to the expected ones."""

    def __init__(self) -> None:
        self.facts: list[str] = []
        self.ids: list[str] = []

    @property
    def text(self) -> str:
        return "; ".join(self.facts)

    def add(self, fact: str, mistake: str | None = None) -> None:
        self.facts.append(fact)
        if mistake and mistake not in self.ids:
            self.ids.append(mistake)


def signatures(actual: list[tuple[str, np.ndarray]], expected: list[tuple[str, np.ndarray]],
               n: int | None, float32: bool = False) -> Signature:
    """Constant ratios (N, -1, 1/N), exact offsets (+1.0) and zeros, per (label, array) pair;
    with ``float32`` (PyTorch, where a float32 default is the usual cause) errors of float32
    size."""
    sig = Signature()
    theirs = dict(expected)
    for name, a in actual:
        e = theirs[name]
        a, e = np.asarray(a, np.float64), np.asarray(e, np.float64)
        if float32 and single_precision(a, e):
            sig.add(f"{name} agrees with the expected value only to about 7 significant "
                    "digits (float32 precision)", "float32_precision")
            continue
        if a.shape != e.shape:  # an output without a declared shape: nothing to relate
            continue
        if np.allclose(a, e, rtol=1e-7, atol=1e-10):
            continue
        if not np.any(a) and np.any(e):
            sig.add(f"{name} is all zeros")
            continue
        if a.size == 1 and math.isclose(float((a - e).reshape(-1)[0]), 1.0, rel_tol=1e-6):
            sig.add(f"{name} is exactly 1.0 more than expected", "exactly_one_more")
            continue
        if a.size == 1 and np.isfinite(a).all():
            offset = float((a - e).reshape(-1)[0])
            if n and n > 1 and abs(offset - math.log(n)) < 0.25 * math.log(n):
                sig.add(f"{name} is {offset:.4g} more than expected, about log(N) = "
                        f"{math.log(n):.4g}: a sum over the whole matrix instead of each row",
                        "about_log_n_more")
                continue
        if a.ndim == 2 and a.shape[0] == a.shape[1] > 1 and np.allclose(a, e.T, rtol=1e-7,
                                                                        atol=1e-10):
            sig.add(f"{name} is the transpose of the expected value")
            continue
        ratio = constant_ratio(a, e)
        if ratio is not None:
            _ratio_fact(sig, name, ratio, n, generic=a.size > 1)
        elif a.ndim == 2 and a.shape[0] > 1:
            bad = np.flatnonzero(~np.all(np.isclose(a, e, rtol=1e-7, atol=1e-10), axis=1))
            if 0 < len(bad) < a.shape[0]:
                shown = ", ".join(map(str, bad[:8])) + (" ..." if len(bad) > 8 else "")
                sig.add(f"only rows {shown} of {name} differ ({len(bad)} of {a.shape[0]})")
    return sig


def single_precision(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Errors of float32 size (1e-10 to 1e-5 relative): what a float32 intermediate leaves in
    a float64 computation. Correct float64 code is within about 1e-14."""
    if actual.shape != expected.shape or not np.isfinite(actual).all():
        return False
    scale = np.max(np.abs(expected)) if expected.size else 0.0
    error = np.max(np.abs(actual - expected)) if expected.size else 0.0
    return bool(scale > 0 and 1e-10 * scale < error <= 1e-5 * scale)


def _ratio_fact(sig: Signature, name: str, ratio: float, n: int | None, generic: bool) -> None:
    """Name the ratios that mean something; any two scalars have a ratio, so only arrays get
    the generic "r times" fact."""
    grad = name.startswith("d")
    if math.isclose(ratio, 1.0, rel_tol=1e-6):
        return
    if n and n > 1 and math.isclose(ratio, n, rel_tol=1e-6):
        sig.add(f"{name} is {ratio:g} times the expected value (N = {n})",
                "dW_not_normalized" if grad else "loss_not_normalized")
    elif math.isclose(ratio, -1.0, rel_tol=1e-6):
        sig.add(f"{name} has the opposite sign of the expected value",
                "grad_sign_flipped" if grad else None)
    elif n and n > 1 and math.isclose(ratio, 1.0 / n, rel_tol=1e-6):
        sig.add(f"{name} is 1/{n} of the expected value: divided by N once too often (a mean "
                f"where the sum is needed, or /N applied twice)")
    elif generic:
        sig.add(f"{name} is {ratio:.4g} times the expected value")


def constant_ratio(actual: np.ndarray, expected: np.ndarray) -> float | None:
    """``r`` when ``actual == r * expected`` everywhere (to 1e-6), else None."""
    denom = float(np.vdot(expected, expected))
    if denom == 0 or not np.isfinite(actual).all():
        return None
    r = float(np.vdot(actual, expected)) / denom
    if r == 0:
        return None
    return r if np.allclose(actual, r * expected, rtol=1e-6, atol=1e-12) else None

