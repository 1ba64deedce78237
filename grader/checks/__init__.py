"""Check kinds, registered by name. Each has ``plan(ctx)`` and ``judge(ctx, calls, outcomes)``."""

from __future__ import annotations

from typing import Protocol

from grader.checks.base import Call, Context, Verdict
from grader.sandbox.session import Outcome


class CheckKind(Protocol):
    title: str

    def plan(self, ctx: Context) -> list[Call]: ...

    def judge(self, ctx: Context, calls: list[Call], outcomes: list[Outcome]) -> Verdict: ...


KINDS: dict[str, CheckKind] = {}


def register(name: str):
    def add(cls):
        KINDS[name] = cls()
        return cls

    return add


# Importing the modules registers the kinds.
from grader.checks import (  # noqa: E402,F401
    backward,
    consistency,
    dropout,
    gradient,
    init,
    regularization,
    sgd,
    stability,
    training,
    value,
    vectorized,
)

__all__ = ["KINDS", "Call", "CheckKind", "Context", "Verdict", "register"]
