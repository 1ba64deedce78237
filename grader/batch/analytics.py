"""Class analytics from a batch's results: what instructors want to know about the class.

Pure functions over native result dicts: the score distribution, per-function and per-check
pass rates, how often each mistake occurs (and in how many students), and which functions
fail together.
"""

from __future__ import annotations

import statistics
from collections import Counter
from itertools import combinations


def summarize(results: dict[str, dict], max_score: float, bins: int = 10,
              order: list[str] | None = None) -> dict:
    """``results``: student -> native result dict; ``order``: the functions in the spec's
    order (the per-function rates follow it)."""
    scores = {s: float(r.get("score", 0.0)) for s, r in results.items()}
    values = sorted(scores.values())
    checks: dict[str, list[bool]] = {}
    functions: dict[str, list[bool]] = {}
    mistakes: Counter = Counter()
    students_with: dict[str, set] = {}
    failing_sets = []
    for student, result in results.items():
        failed_functions = set()
        per_function: dict[str, bool] = {}
        missing = {t["function"] for t in result.get("tests", [])
                   if {m["id"] for m in t.get("mistakes", [])} == {"missing_function"}}
        for test in result.get("tests", []):
            if not test.get("max_score"):
                continue
            passed = test.get("status") == "passed"
            checks.setdefault(test["name"], []).append(passed)
            per_function[test["function"]] = per_function.get(test["function"], True) and passed
            for m in test.get("mistakes", []):
                mistakes[m["id"]] += 1
                students_with.setdefault(m["id"], set()).add(student)
        for function, ok in per_function.items():
            functions.setdefault(function, []).append(ok)
            if not ok and function not in missing:  # attempted and failed
                failed_functions.add(function)
        failing_sets.append(failed_functions)
    together: Counter = Counter()
    for failed in failing_sets:
        together.update(combinations(sorted(failed), 2))
    n = len(values)
    return {
        "students": n,
        "max_score": max_score,
        "scores": {
            "mean": round(statistics.fmean(values), 4) if values else 0.0,
            "median": statistics.median(values) if values else 0.0,
            "min": values[0] if values else 0.0,
            "max": values[-1] if values else 0.0,
            "full_marks": sum(v >= max_score - 1e-9 for v in values),
            "zero": sum(v == 0 for v in values),
            "histogram": histogram(values, max_score, bins),
        },
        "functions": {f: _rate(functions[f]) for f in
                      [*(f for f in order or () if f in functions),
                       *(f for f in functions if f not in (order or ()))]},  # (seen first)
        "checks": {c: _rate(v) for c, v in sorted(checks.items())},
        "mistakes": [{"id": m, "occurrences": count, "students": len(students_with[m]),
                      "who": sorted(students_with[m])}
                     for m, count in sorted(mistakes.items(), key=lambda kv: (-len(
                         students_with[kv[0]]), kv[0]))],
        "failing_together": [{"functions": list(pair), "students": count}
                             for pair, count in together.most_common(10)],
    }


def histogram(values: list[float], top: float, bins: int) -> list[dict]:
    """Counts of scores in ``bins`` equal ranges of [0, top] (the last one closed)."""
    top = top or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int(v / top * bins), bins - 1) if v > 0 else 0] += 1
    return [{"from": round(top * i / bins, 4), "to": round(top * (i + 1) / bins, 4), "count": c}
            for i, c in enumerate(counts)]


def _rate(outcomes: list[bool]) -> dict:
    return {"passed": sum(outcomes), "of": len(outcomes),
            "rate": round(sum(outcomes) / len(outcomes), 4) if outcomes else 0.0}
