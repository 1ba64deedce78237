"""Comparing a student's numbers with the expected ones.

The rule is numpy's ``assert_allclose``: ``|actual - expected| <= atol + rtol * |expected|``
elementwise, with the reference as ``expected``. Shapes must match exactly; nan and inf never
pass. cs231n's elementwise relative error (what students know from the notebooks) is
reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Comparison:
    passed: bool
    """Whether every entry is within tolerance (and finite)."""
    rtol: float
    atol: float
    max_abs_error: float = float("nan")
    rel_error: float = float("nan")
    """cs231n's ``max |a - e| / max(1e-8, |a| + |e|)``."""
    mismatched: int = 0
    """How many entries are outside the tolerance."""
    size: int = 0
    worst_index: tuple[int, ...] = ()
    """Where the error relative to the tolerance is largest."""
    actual_at_worst: float = float("nan")
    expected_at_worst: float = float("nan")
    nonfinite: int = 0
    """How many entries of the actual value are nan or inf."""
    problem: str = ""
    """Why the values could not be compared entry by entry (a shape or a type), if so."""

    @property
    def mismatched_fraction(self) -> float:
        return self.mismatched / self.size if self.size else 0.0


def rel_error(actual: np.ndarray, expected: np.ndarray) -> float:
    """cs231n's notebook ``rel_error``: the worst elementwise relative error."""
    a, e = np.asarray(actual, np.float64), np.asarray(expected, np.float64)
    if a.size == 0:
        return 0.0
    with np.errstate(invalid="ignore", over="ignore"):
        return float(np.max(np.abs(a - e) / np.maximum(1e-8, np.abs(a) + np.abs(e))))


def compare(actual, expected, rtol: float, atol: float) -> Comparison:
    """Compare two arrays (or scalars). Anything a student returned compares: values that are
    not numbers, or of another shape, fail with the ``problem`` in words."""
    e = np.asarray(expected, dtype=np.float64)
    try:
        with np.errstate(all="ignore"):
            a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        return Comparison(False, rtol, atol, size=int(e.size), mismatched=int(e.size),
                          problem=f"not numbers ({type(actual).__name__})")
    if a.shape != e.shape:
        return Comparison(False, rtol, atol, size=int(e.size), mismatched=int(e.size),
                          nonfinite=int((~np.isfinite(a)).sum()),
                          problem=f"shape {a.shape}, expected {e.shape}")
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(a - e)
        allowed = atol + rtol * np.abs(e)
        bad = ~(err <= allowed)  # nan compares False, so nan/inf always count as bad
        excess = np.where(np.isfinite(err), err / np.maximum(allowed, 1e-300), np.inf)
    worst = np.unravel_index(int(np.argmax(excess)), a.shape) if a.size else ()
    finite_err = err[np.isfinite(err)]
    return Comparison(
        passed=not bad.any(),
        rtol=rtol,
        atol=atol,
        max_abs_error=float(finite_err.max()) if finite_err.size else float("nan"),
        rel_error=rel_error(a, e),
        mismatched=int(bad.sum()),
        size=int(a.size),
        worst_index=tuple(int(i) for i in worst),
        actual_at_worst=float(a[worst]) if a.size else float("nan"),
        expected_at_worst=float(e[worst]) if e.size else float("nan"),
        nonfinite=int((~np.isfinite(a)).sum()),
    )
