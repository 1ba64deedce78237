"""Known-mistake variants of reference functions: the evidence behind most diagnoses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """A reference function with one known mistake built in."""

    mistake: str
    """The catalogue id it reproduces."""
    functions: tuple[str, ...]
    """The graded functions it applies to."""
    fn: Callable
    """Takes the graded function's arguments, returns what the mistaken code returns."""
    label: str = ""
    """Which form of the mistake, when one id has several."""
