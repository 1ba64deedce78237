"""Check kinds, registered by name. Each has ``plan(ctx)`` and ``judge(ctx, calls, outcomes)``.

The engine's kinds are generic (values, gradients, regularization, backward passes, loops,
stability, mutation, constructors). A pack adds its own in ``checks.py`` beside its spec:

    from grader.checks import Call, CheckSpec, Context, Verdict, examine, found, register

    class MyCheck(CheckSpec):          # the spec's fields of the kind (points, name, hidden...)
        kind: Literal["my_kind"]
        cases: list[dict]

    @register("my_kind", MyCheck)
    class MyKind:
        title = "does what it should"
        def plan(self, ctx): ...       # -> [Call(ctx.function, ctx.inputs(case, ...), label)]
        def judge(self, ctx, calls, outcomes): ...   # -> Verdict(passed, text, mistakes)
"""

from __future__ import annotations

from typing import Protocol

from grader.checks.base import (
    Call,
    Context,
    Verdict,
    describe_case,
    examine,
    failed_on,
    found,
    one_call_per_case,
)
from grader.registry import refuse_other_code, source_file
from grader.results import Found  # what a judge names: a catalogued mistake and what was seen
from grader.sandbox.session import Outcome


class CheckKind(Protocol):
    title: str
    needs_submission: bool
    """Judged from the submission's own behaviour (a loop's recorded calls, a constructor's
    attributes): ``validate`` cannot run a catalogued variant through it."""

    def plan(self, ctx: Context) -> list[Call]: ...

    def judge(self, ctx: Context, calls: list[Call], outcomes: list[Outcome]) -> Verdict: ...


KINDS: dict[str, CheckKind] = {}
MODELS: dict[str, type] = {}
"""A pack's kinds: name -> the pydantic model of its spec fields (the engine's are in
grader.assignment)."""
ORIGINS: dict[str, set[str]] = {}


def register(name: str, model: type | None = None):
    """Register a check kind under ``name`` (with ``model``, the spec fields of a pack's own
    kind). A name registered already, by another file with other code, is refused."""

    def add(cls):
        origin = source_file(cls)
        if name in KINDS and origin not in ORIGINS[name]:
            refuse_other_code("check kind", name, ORIGINS[name],
                              (type(KINDS[name]), MODELS.get(name)), (cls, model))
            ORIGINS[name].add(origin)
            return cls
        KINDS[name] = cls()
        ORIGINS.setdefault(name, set()).add(origin)
        if model is not None:
            MODELS[name] = model
        return cls

    return add


# Importing the modules registers the kinds.
from grader.assignment import CheckBase as CheckSpec  # noqa: E402 - the base of a kind's fields
from grader.checks import (  # noqa: E402,F401
    backward,
    consistency,
    gradient,
    init,
    regularization,
    stability,
    value,
    vectorized,
)

__all__ = ["KINDS", "Call", "CheckKind", "CheckSpec", "Context", "Found", "Verdict", "describe_case",
           "examine", "failed_on", "found", "one_call_per_case", "register"]
