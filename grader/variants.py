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


def variants(base: Callable, functions: tuple[str, ...] | str,
             table: dict[str, list[dict]]) -> list[Variant]:
    """The variants of a reference function ``base`` that takes keyword switches for its
    mistakes: ``{mistake_id: [kwargs, ...]}``, one variant per form (``label`` is its index).

    >>> variants(losses.mse_loss, "mse_loss", {"mse_not_averaged": [dict(mean=False)]})
    """
    from functools import partial

    names = (functions,) if isinstance(functions, str) else tuple(functions)
    return [Variant(mistake, names, partial(base, **kwargs), label=str(i))
            for mistake, forms in table.items() for i, kwargs in enumerate(forms)]
